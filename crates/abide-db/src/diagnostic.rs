//! The one diagnostic type of Abide, used by every renderer (terminal, JSON,
//! and later SARIF, GitHub annotations and the language server).

use abide_syntax::Span;

use crate::queries::SourceFile;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Blocks: `abide check` exits 1.
    Error,
    /// Worth fixing; fails only with `--deny warnings`.
    Warning,
    /// Good to know.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A span in a file with a short message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    /// The file.
    pub file: SourceFile,
    /// The byte range.
    pub span: Span,
    /// What this span has to do with the diagnostic.
    pub message: String,
}

/// One finding, with every span involved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// Stable code (`E0104`) or, for lints, the lint's name.
    pub code: &'static str,
    /// The kebab-case name (`unknown-unit`, `watermelon`).
    pub name: &'static str,
    /// How serious it is (after lint levels were applied).
    pub severity: Severity,
    /// The headline.
    pub message: String,
    /// Where it is.
    pub primary: Label,
    /// Other spans involved (supporters, the other duplicate, …).
    pub secondary: Vec<Label>,
    /// Context.
    pub notes: Vec<String>,
    /// A suggested fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic from a syntax error of `file`.
    #[must_use]
    pub fn from_syntax(file: SourceFile, e: &abide_syntax::SyntaxError) -> Self {
        Diagnostic {
            code: e.code.id,
            name: e.code.name,
            severity: Severity::Error,
            message: e.message.clone(),
            primary: Label {
                file,
                span: e.span,
                message: e.label.clone(),
            },
            secondary: Vec::new(),
            notes: e.notes.clone(),
            help: e.help.clone(),
        }
    }
}
