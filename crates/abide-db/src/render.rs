//! Renderers: diagnostics as terminal text (codespan-reporting) and as JSON.
//!
//! Positions are converted here through [`crate::line_index`] — the edge —
//! and nowhere else.

use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use serde::Serialize;

use crate::Db;
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::ColumnUnit;
use crate::queries::{SourceFile, line_index};

/// codespan's view of the database's files.
pub struct DbFiles<'a>(pub &'a dyn Db);

impl<'a> Files<'a> for DbFiles<'a> {
    type FileId = SourceFile;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: SourceFile) -> Result<&'a str, FilesError> {
        Ok(id.path(self.0).as_str())
    }

    fn source(&'a self, id: SourceFile) -> Result<&'a str, FilesError> {
        Ok(id.text(self.0).as_str())
    }

    fn line_index(&'a self, id: SourceFile, byte_index: usize) -> Result<usize, FilesError> {
        Ok(line_index(self.0, id).line_of(byte_index))
    }

    fn line_range(
        &'a self,
        id: SourceFile,
        line_index_: usize,
    ) -> Result<Range<usize>, FilesError> {
        let idx = line_index(self.0, id);
        let starts = idx.line_starts();
        let start = *starts.get(line_index_).ok_or(FilesError::LineTooLarge {
            given: line_index_,
            max: starts.len().saturating_sub(1),
        })?;
        let end = starts
            .get(line_index_ + 1)
            .copied()
            .unwrap_or_else(|| id.text(self.0).len());
        Ok(start..end)
    }
}

fn to_codespan(d: &Diagnostic) -> cs::Diagnostic<SourceFile> {
    let base = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
        Severity::Info => cs::Diagnostic::note(),
    };
    let mut labels = vec![
        cs::Label::primary(d.primary.file, d.primary.span.range()).with_message(&d.primary.message),
    ];
    labels.extend(
        d.secondary
            .iter()
            .map(|l| cs::Label::secondary(l.file, l.span.range()).with_message(&l.message)),
    );
    let mut notes = d.notes.clone();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    let code = if d.code == d.name {
        d.code.to_owned()
    } else {
        format!("{}/{}", d.code, d.name)
    };
    base.with_code(code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders diagnostics as plain text (no colour), as used in snapshots.
#[must_use]
pub fn human_plain(db: &dyn Db, diagnostics: &[Diagnostic]) -> String {
    let files = DbFiles(db);
    let config = term::Config::default();
    let mut out = String::new();
    for d in diagnostics {
        // One blank line between diagnostics, as on the terminal.
        if !out.is_empty() {
            out.push('\n');
        }
        match term::emit_into_string(&config, &files, &to_codespan(d)) {
            Ok(s) => out.push_str(s.trim_end_matches('\n')),
            Err(e) => out.push_str(&format!(
                "{}: {} (could not render: {e})\n",
                d.severity.as_str(),
                d.message
            )),
        }
    }
    out
}

/// Renders diagnostics to a terminal stream, in colour when `writer` supports it.
///
/// # Errors
/// When writing to the stream fails.
pub fn human_to(
    db: &dyn Db,
    diagnostics: &[Diagnostic],
    writer: &mut dyn term::WriteStyle,
) -> std::io::Result<()> {
    let files = DbFiles(db);
    let config = term::Config::default();
    for d in diagnostics {
        term::emit_to_write_style(writer, &config, &files, &to_codespan(d)).map_err(
            |e| match e {
                FilesError::Io(io) => io,
                other => std::io::Error::other(other.to_string()),
            },
        )?;
    }
    Ok(())
}

/// A 1-based position in the JSON output; columns count Unicode characters.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonPosition {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode characters.
    pub column: usize,
}

/// A range in the JSON output.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonRange {
    /// First character.
    pub start: JsonPosition,
    /// One past the last character.
    pub end: JsonPosition,
}

/// A secondary label in the JSON output.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonLabel {
    /// The file's path.
    pub file: String,
    /// Where.
    pub range: JsonRange,
    /// What it has to do with the diagnostic.
    pub message: String,
}

/// One diagnostic in the JSON output of `abide check --format json`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonDiagnostic {
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// The code (`E0104`) or the lint's name.
    pub code: &'static str,
    /// The kebab-case name.
    pub name: &'static str,
    /// The headline.
    pub message: String,
    /// The file's path.
    pub file: String,
    /// The primary range.
    pub range: JsonRange,
    /// The primary label's text.
    pub label: String,
    /// Other spans involved.
    pub labels: Vec<JsonLabel>,
    /// Context.
    pub notes: Vec<String>,
    /// A suggested fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

fn json_range(db: &dyn Db, file: SourceFile, span: abide_syntax::Span) -> JsonRange {
    let text = file.text(db);
    let idx = line_index(db, file);
    let pos = |offset: usize| {
        let (line, column) = idx.position(text, offset, ColumnUnit::Char);
        JsonPosition {
            line: line + 1,
            column: column + 1,
        }
    };
    JsonRange {
        start: pos(span.start as usize),
        end: pos(span.end as usize),
    }
}

/// The JSON view of diagnostics.
#[must_use]
pub fn json(db: &dyn Db, diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity.as_str(),
            code: d.code,
            name: d.name,
            message: d.message.clone(),
            file: d.primary.file.path(db).clone(),
            range: json_range(db, d.primary.file, d.primary.span),
            label: d.primary.message.clone(),
            labels: d
                .secondary
                .iter()
                .map(|l| JsonLabel {
                    file: l.file.path(db).clone(),
                    range: json_range(db, l.file, l.span),
                    message: l.message.clone(),
                })
                .collect(),
            notes: d.notes.clone(),
            help: d.help.clone(),
        })
        .collect()
}
