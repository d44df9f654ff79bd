//! Building diagnostics: a small builder over [`abide_db::Diagnostic`].

use abide_db::registry::Lint;
use abide_db::{Diagnostic, Label, Severity, SourceFile};
use abide_syntax::{Code, Span};

fn build(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    file: SourceFile,
    span: Span,
    message: String,
    label: String,
) -> Diagnostic {
    Diagnostic {
        code,
        name,
        severity,
        message,
        primary: Label {
            file,
            span,
            message: label,
        },
        secondary: Vec::new(),
        notes: Vec::new(),
        help: None,
    }
}

/// A diagnostic for an error code.
#[must_use]
pub fn error(
    code: Code,
    file: SourceFile,
    span: Span,
    message: impl Into<String>,
    label: impl Into<String>,
) -> Diagnostic {
    build(
        code.id,
        code.name,
        Severity::Error,
        file,
        span,
        message.into(),
        label.into(),
    )
}

/// A diagnostic for a lint at its default level (levels are applied later,
/// per workspace, so that checks do not depend on settings).
#[must_use]
pub fn lint(
    lint: Lint,
    file: SourceFile,
    span: Span,
    message: impl Into<String>,
    label: impl Into<String>,
) -> Diagnostic {
    let severity = lint.default.severity().unwrap_or(Severity::Info);
    build(
        lint.name,
        lint.name,
        severity,
        file,
        span,
        message.into(),
        label.into(),
    )
}

/// Builder methods.
pub trait DiagExt {
    /// Adds a secondary label.
    #[must_use]
    fn also(self, file: SourceFile, span: Span, message: impl Into<String>) -> Self;
    /// Adds a note.
    #[must_use]
    fn note(self, note: impl Into<String>) -> Self;
    /// Sets the suggested fix.
    #[must_use]
    fn help(self, help: impl Into<String>) -> Self;
    /// Sets the suggested fix when there is one.
    #[must_use]
    fn maybe_help(self, help: Option<String>) -> Self;
}

impl DiagExt for Diagnostic {
    fn also(mut self, file: SourceFile, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }
}
