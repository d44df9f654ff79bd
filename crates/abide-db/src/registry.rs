//! The registry of every diagnostic code and lint: names, default levels
//! and the pages `abide explain` prints. One table, so that the CLI, SARIF
//! rules and the docs cannot drift apart.

use abide_syntax::Span;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::queries::SourceFile;

/// The level of a lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as information.
    Info,
    /// Reported as a warning.
    Warn,
    /// Reported as an error.
    Deny,
}

impl Level {
    /// The severity a diagnostic at this level has, `None` when allowed.
    #[must_use]
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Info => Some(Severity::Info),
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }
}

/// A lint: a finding whose level the user may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lint {
    /// The kebab-case name, which is also its code.
    pub name: &'static str,
    /// Its level unless configured.
    pub default: Level,
    /// One line.
    pub summary: &'static str,
    /// The `abide explain` page.
    pub explanation: &'static str,
}

impl Lint {
    /// A diagnostic for this lint at its default level (`None` when allowed).
    #[must_use]
    pub fn diagnostic(
        &self,
        file: SourceFile,
        span: Span,
        message: String,
        label: String,
    ) -> Option<Diagnostic> {
        Some(Diagnostic {
            code: self.name,
            name: self.name,
            severity: self.default.severity()?,
            message,
            primary: Label {
                file,
                span,
                message: label,
            },
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
        })
    }
}

impl Diagnostic {
    /// Adds a suggested fix.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// `///` that documents nothing.
pub const STRAY_DOC_COMMENT: Lint = Lint {
    name: "stray-doc-comment",
    default: Level::Warn,
    summary: "a `///` doc comment that is not followed by a declaration or a target",
    explanation: include_str!("explain/stray-doc-comment.md"),
};

/// Every lint: the syntax crate's, then the semantic ones.
#[must_use]
pub fn lints() -> Vec<Lint> {
    let mut all = vec![STRAY_DOC_COMMENT];
    all.extend_from_slice(crate::codes::LINTS);
    all
}

/// A lint by name.
#[must_use]
pub fn lint(name: &str) -> Option<Lint> {
    lints().into_iter().find(|l| l.name == name)
}

/// One page of `abide explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The code (`E0104`) or, for a lint, its name.
    pub code: &'static str,
    /// The kebab-case name.
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// The page.
    pub explanation: &'static str,
    /// Default severity (`None` for lints allowed by default).
    pub default: Option<Severity>,
}

/// Every code and lint, codes first in code order, then lints by name.
#[must_use]
pub fn entries() -> Vec<Entry> {
    let codes = abide_syntax::codes::ALL
        .iter()
        .chain(crate::codes::ALL)
        .map(|c| Entry {
            code: c.id,
            name: c.name,
            summary: c.summary,
            explanation: c.explanation,
            default: Some(Severity::Error),
        });
    let lints = lints().into_iter().map(|l| Entry {
        code: l.name,
        name: l.name,
        summary: l.summary,
        explanation: l.explanation,
        default: l.default.severity(),
    });
    codes.chain(lints).collect()
}

/// Looks up a code (`E0104`, case-insensitive) or a name (`unknown-unit`).
#[must_use]
pub fn lookup(query: &str) -> Option<Entry> {
    let q = query.trim();
    entries()
        .into_iter()
        .find(|e| e.code.eq_ignore_ascii_case(q) || e.name.eq_ignore_ascii_case(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_a_real_page() {
        let all = entries();
        assert!(all.len() >= 70);
        for e in &all {
            assert!(
                e.explanation.starts_with(&format!("# {}", e.code)),
                "the page of {} must start with `# {}`",
                e.code,
                e.code
            );
            assert!(
                e.explanation.lines().count() >= 8,
                "the page of {} is too short",
                e.code
            );
        }
        let mut names: Vec<_> = all.iter().map(|e| e.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "names must be unique");
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(lookup("e0104").map(|e| e.name), Some("unknown-unit"));
        assert_eq!(lookup("unknown-unit").map(|e| e.code), Some("E0104"));
        assert_eq!(
            lookup("stray-doc-comment").map(|e| e.code),
            Some("stray-doc-comment")
        );
        assert!(lookup("E9999").is_none());
    }
}
