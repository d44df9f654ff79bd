//! Diagnostics as GitHub Actions workflow commands: `abide check --format
//! github` inside a workflow step turns each finding into an annotation on
//! the pull request's diff, with no upload step.
//!
//! One line per diagnostic:
//!
//! ```text
//! ::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=E0104 unknown-unit::MESSAGE
//! ```
//!
//! - errors are `::error`, warnings `::warning`, infos `::notice`;
//! - lines and columns are 1-based, columns counted in characters (as in
//!   the terminal and JSON output); `endColumn` is one past the last
//!   character. The runner accepts columns only for a one-line range, so a
//!   range over several lines gives `line` and `endLine` alone;
//! - the message is the headline, the notes, `help: …` and, since an
//!   annotation has only one location, a `related: PATH:LINE:COL: label`
//!   line for each secondary label, one per line;
//! - escaping follows the runner (`@actions/core`): in the message `%`,
//!   CR and LF become `%25`, `%0D`, `%0A`; in property values also `:` and
//!   `,` become `%3A` and `%2C`;
//! - a finding in the prelude (no file on disk) is reported without a file.

use crate::Db;
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::ColumnUnit;
use crate::queries::line_index;

/// The workflow commands for `diagnostics`, each line ending in `\n`.
#[must_use]
pub fn github(db: &dyn Db, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&command(db, d));
        out.push('\n');
    }
    out
}

/// The workflow command of one diagnostic, without the newline.
fn command(db: &dyn Db, d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props: Vec<(&str, String)> = Vec::new();
    let file = d.primary.file;
    if file != db.prelude() {
        let text = file.text(db);
        let idx = line_index(db, file);
        let span = d.primary.span;
        let (sl, sc) = idx.position(text, span.start as usize, ColumnUnit::Char);
        let (el, ec) = idx.position(text, span.end.max(span.start) as usize, ColumnUnit::Char);
        props.push(("file", display_path(file.path(db))));
        props.push(("line", (sl + 1).to_string()));
        if sl == el {
            props.push(("col", (sc + 1).to_string()));
            props.push(("endLine", (el + 1).to_string()));
            props.push(("endColumn", (ec + 1).to_string()));
        } else {
            props.push(("endLine", (el + 1).to_string()));
        }
    }
    let title = if d.code == d.name {
        d.code.to_owned()
    } else {
        format!("{} {}", d.code, d.name)
    };
    props.push(("title", title));
    let props = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect::<Vec<_>>()
        .join(",");
    format!("::{kind} {props}::{}", escape_data(&message(db, d)))
}

/// The headline, the notes, the help and the secondary labels, one per line.
fn message(db: &dyn Db, d: &Diagnostic) -> String {
    let mut lines = vec![d.message.clone()];
    lines.extend(d.notes.iter().cloned());
    if let Some(help) = &d.help {
        lines.push(format!("help: {help}"));
    }
    // An annotation has one location: the other spans go into its text.
    for l in &d.secondary {
        let (line, col) = line_index(db, l.file).position(
            l.file.text(db),
            l.span.start as usize,
            ColumnUnit::Char,
        );
        lines.push(format!(
            "related: {}:{}:{}: {}",
            display_path(l.file.path(db)),
            line + 1,
            col + 1,
            l.message
        ));
    }
    lines.join("\n")
}

/// A path with forward slashes where backslashes are the separator.
fn display_path(path: &str) -> String {
    if std::path::MAIN_SEPARATOR == '\\' {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    }
}

/// Escapes the message of a workflow command (`escapeData` of `@actions/core`).
#[must_use]
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command (`escapeProperty` of `@actions/core`).
#[must_use]
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::{AbideDatabase, SourceFile};
    use abide_syntax::Span;

    fn diag(file: SourceFile, span: Span, severity: Severity) -> Diagnostic {
        Diagnostic {
            code: "E0104",
            name: "unknown-unit",
            severity,
            message: "unknown unit `sec` in `30sec`".to_owned(),
            primary: Label {
                file,
                span,
                message: "not a unit".to_owned(),
            },
            secondary: Vec::new(),
            notes: Vec::new(),
            help: Some("did you mean `30s`?".to_owned()),
        }
    }

    #[test]
    fn escaping_data_and_properties() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(
            escape_property("dir,x/a:b 100%.abide\n"),
            "dir%2Cx/a%3Ab 100%25.abide%0A"
        );
        // `%` first, so that the escapes themselves are not escaped again.
        assert_eq!(escape_property("%3A:"), "%253A%3A");
    }

    #[test]
    fn one_line_per_diagnostic_with_levels() {
        let db = AbideDatabase::new();
        let text = "target u: x <= 30sec\n";
        let file = SourceFile::new(&db, "desk.abide".to_owned(), text.to_owned(), None);
        let at = text.find("30sec").unwrap();
        let span = Span::new(at, at + 5);
        let mut lint = diag(file, span, Severity::Info);
        lint.code = "watermelon";
        lint.name = "watermelon";
        lint.help = None;
        let out = github(
            &db,
            &[
                diag(file, span, Severity::Error),
                diag(file, span, Severity::Warning),
                lint,
            ],
        );
        assert_eq!(
            out,
            "::error file=desk.abide,line=1,col=16,endLine=1,endColumn=21,title=E0104 unknown-unit::unknown unit `sec` in `30sec`%0Ahelp: did you mean `30s`?\n\
             ::warning file=desk.abide,line=1,col=16,endLine=1,endColumn=21,title=E0104 unknown-unit::unknown unit `sec` in `30sec`%0Ahelp: did you mean `30s`?\n\
             ::notice file=desk.abide,line=1,col=16,endLine=1,endColumn=21,title=watermelon::unknown unit `sec` in `30sec`\n"
        );
    }

    #[test]
    fn hostile_path_and_message() {
        let db = AbideDatabase::new();
        let text = "🚀 x\r\nbad\n";
        let file = SourceFile::new(&db, "50%,a:b.abide".to_owned(), text.to_owned(), None);
        let mut d = diag(file, Span::new(5, 6), Severity::Error);
        d.message = "100%, a: b\r\nsecond line".to_owned();
        d.notes.push("note: with, commas".to_owned());
        d.help = Some("fix 50%".to_owned());
        let out = github(&db, &[d]);
        // Columns in characters: the rocket is one.
        assert_eq!(
            out,
            "::error file=50%25%2Ca%3Ab.abide,line=1,col=3,endLine=1,endColumn=4,title=E0104 unknown-unit::100%25, a: b%0D%0Asecond line%0Anote: with, commas%0Ahelp: fix 50%25\n"
        );
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn secondary_labels_become_related_lines() {
        let db = AbideDatabase::new();
        let file = SourceFile::new(&db, "d.abide".to_owned(), "x\ny 🚀 z\n".to_owned(), None);
        let mut d = diag(file, Span::new(0, 1), Severity::Error);
        d.help = None;
        d.secondary.push(Label {
            file,
            span: Span::new(9, 10),
            message: "also here, 100%".to_owned(),
        });
        assert_eq!(
            github(&db, &[d]),
            "::error file=d.abide,line=1,col=1,endLine=1,endColumn=2,title=E0104 unknown-unit::unknown unit `sec` in `30sec`%0Arelated: d.abide:2:5: also here, 100%25\n"
        );
    }

    #[test]
    fn a_range_over_several_lines_has_no_columns() {
        let db = AbideDatabase::new();
        let text = "abc\ndef\n";
        let file = SourceFile::new(&db, "m.abide".to_owned(), text.to_owned(), None);
        let out = github(&db, &[diag(file, Span::new(1, 6), Severity::Error)]);
        assert!(
            out.starts_with("::error file=m.abide,line=1,endLine=2,title=E0104 unknown-unit::"),
            "{out}"
        );
    }

    #[test]
    fn the_prelude_has_no_file() {
        let db = AbideDatabase::new();
        let out = github(
            &db,
            &[diag(
                crate::Db::prelude(&db),
                Span::new(0, 1),
                Severity::Error,
            )],
        );
        assert!(
            out.starts_with("::error title=E0104 unknown-unit::"),
            "{out}"
        );
    }
}
