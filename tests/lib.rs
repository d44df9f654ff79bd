//! Shared helpers of the workspace tests: fixtures with several files,
//! running the real pipeline through the salsa database, and the caret
//! annotations of UI cases.
//!
//! A fixture is one `.abide` text. Lines `//- name.abide` split it into
//! several files of one workspace (the first section may be unnamed).
//! An annotation is a comment line under the line it talks about:
//!
//! ```text
//!     target t: answer_time <= 30sec
//! //                           ^^^^^ E0104
//! ```
//!
//! The carets stand under the exact characters of the primary span; the
//! word after them is the code or lint name, optionally followed by `:` and
//! a fragment the message must contain. `// <- CODE` marks a span that
//! starts at column 0. Every diagnostic must be annotated and every
//! annotation must match a diagnostic, so a snapshot accepted by mistake
//! cannot hide a change of intent.

use abide_db::{AbideDatabase, Diagnostic, LineIndex, SourceFile, Workspace, render};

/// The date UI tests and examples are checked on (a fixed day, so that
/// `expired` and `overdue-review` do not change with the calendar).
pub const TODAY: jiff::civil::Date = jiff::civil::date(2026, 11, 27);

/// One file of a fixture.
#[derive(Debug, Clone)]
pub struct FixtureFile {
    /// Its name.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Splits a fixture into its files (`//- name.abide` headers).
#[must_use]
pub fn split_fixture(default_name: &str, text: &str) -> Vec<FixtureFile> {
    let mut files = Vec::new();
    let mut name = default_name.to_owned();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(header) = line.trim_end().strip_prefix("//- ") {
            if !current.trim().is_empty() || !files.is_empty() || name != default_name {
                files.push(FixtureFile {
                    name: name.clone(),
                    text: std::mem::take(&mut current),
                });
            }
            current.clear();
            header.trim().clone_into(&mut name);
            continue;
        }
        current.push_str(line);
    }
    files.push(FixtureFile {
        name,
        text: current,
    });
    files
}

/// A checked workspace.
pub struct Checked {
    /// The database holding it.
    pub db: AbideDatabase,
    /// The workspace.
    pub ws: Workspace,
    /// Its files, in order.
    pub files: Vec<SourceFile>,
    /// Keep only syntax diagnostics (E01xx): the UI cases of the syntax
    /// phase are about the parser, not about the names they happen to use.
    pub syntax_only: bool,
}

impl Checked {
    /// Every diagnostic of the workspace.
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let all = abide_check::workspace_diagnostics(&self.db, self.ws).clone();
        if self.syntax_only {
            all.into_iter()
                .filter(|d| d.code.starts_with("E01"))
                .collect()
        } else {
            all
        }
    }

    /// The diagnostics rendered as plain terminal text.
    #[must_use]
    pub fn render(&self) -> String {
        render::human_plain(&self.db, &self.diagnostics())
    }
}

/// Loads files into a fresh database as one workspace.
#[must_use]
pub fn check(files: &[FixtureFile]) -> Checked {
    let db = AbideDatabase::default();
    let inputs: Vec<SourceFile> = files
        .iter()
        .map(|f| SourceFile::new(&db, f.name.clone(), f.text.clone(), None))
        .collect();
    let settings = abide_db::Settings::new(&db, Vec::new(), false, Some(TODAY));
    let ws = Workspace::new(&db, inputs.clone(), settings);
    Checked {
        db,
        ws,
        files: inputs,
        syntax_only: false,
    }
}

/// An expectation written as carets under a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// 0-based line the carets point at.
    pub line: usize,
    /// First column (characters).
    pub start: usize,
    /// One past the last column, `None` for the `<-` form.
    pub end: Option<usize>,
    /// Code or lint name.
    pub code: String,
    /// A fragment the message must contain.
    pub fragment: Option<String>,
}

/// Reads the caret annotations of one file.
#[must_use]
pub fn annotations(text: &str) -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut target_line = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(after) = trimmed.strip_prefix("//") else {
            target_line = Some(i);
            continue;
        };
        let body = after.trim_start();
        let (start, end, rest) = if let Some(rest) = body.strip_prefix("<-") {
            (0, None, rest)
        } else if body.starts_with('^') {
            let chars: Vec<char> = line.chars().collect();
            let start = chars.iter().position(|&c| c == '^').unwrap_or(0);
            let len = chars[start..].iter().take_while(|&&c| c == '^').count();
            (start, Some(start + len), body.trim_start_matches('^'))
        } else {
            target_line = Some(i);
            continue;
        };
        let Some(line_no) = target_line else { continue };
        let rest = rest.trim();
        let (code, fragment) = match rest.split_once(':') {
            Some((c, f)) => (c.trim().to_owned(), Some(f.trim().to_owned())),
            None => (rest.to_owned(), None),
        };
        out.push(Annotation {
            line: line_no,
            start,
            end,
            code,
            fragment,
        });
    }
    out
}

/// Checks the annotations of every file against the diagnostics; returns
/// the list of mismatches (empty when all agree).
#[must_use]
pub fn verify_annotations(checked: &Checked) -> Vec<String> {
    let diagnostics = checked.diagnostics();
    let mut problems = Vec::new();
    for &file in &checked.files {
        let text = file.text(&checked.db);
        let name = file.path(&checked.db);
        let index = LineIndex::new(text);
        let mut wanted = annotations(text);
        for d in diagnostics.iter().filter(|d| d.primary.file == file) {
            let (line, start) = index.position(
                text,
                d.primary.span.start as usize,
                abide_db::ColumnUnit::Char,
            );
            let (end_line, end_col) = index.position(
                text,
                d.primary.span.end as usize,
                abide_db::ColumnUnit::Char,
            );
            let end = if end_line == line {
                end_col.max(start + 1)
            } else {
                let line_text = index
                    .line_range(line)
                    .and_then(|r| text.get(r))
                    .unwrap_or("");
                line_text.trim_end_matches('\r').chars().count()
            };
            let found = wanted.iter().position(|a| {
                a.line == line
                    && a.start == start
                    && a.end.is_none_or(|e| e == end)
                    && (a.code == d.code || a.code == d.name)
                    && a.fragment
                        .as_ref()
                        .is_none_or(|f| d.message.contains(f.as_str()))
            });
            match found {
                Some(i) => {
                    wanted.remove(i);
                }
                None => problems.push(format!(
                    "{name}:{}:{}: diagnostic {} `{}` (columns {}..{}) has no matching annotation",
                    line + 1,
                    start + 1,
                    d.code,
                    d.message,
                    start,
                    end
                )),
            }
        }
        for a in wanted {
            problems.push(format!(
                "{name}:{}:{}: annotation {} ({:?}..{:?}) matches no diagnostic",
                a.line + 1,
                a.start + 1,
                a.code,
                a.start,
                a.end
            ));
        }
    }
    problems
}
