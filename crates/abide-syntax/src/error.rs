//! Syntax errors: what went wrong, where, and how to fix it.
//!
//! The syntax crate never fails: [`crate::parse`] returns a tree and a list
//! of these. Codes are stable (E01xx); the semantic crate maps them into the
//! one workspace diagnostic type.

use crate::span::Span;

/// A stable diagnostic code with its kebab-case name and its explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    /// `E0104`
    pub id: &'static str,
    /// `unknown-unit`
    pub name: &'static str,
    /// One line: what the code means.
    pub summary: &'static str,
    /// The page `abide explain` prints (Markdown).
    pub explanation: &'static str,
}

/// The syntax error codes (E01xx). Each has a UI test and an explain page.
pub mod codes {
    use super::Code;

    /// A character that cannot start any token.
    pub const INVALID_CHARACTER: Code = Code {
        id: "E0101",
        name: "invalid-character",
        summary: "a character that is not part of the language",
        explanation: include_str!("explain/E0101.md"),
    };
    /// A string with no closing quote on its line.
    pub const UNTERMINATED_STRING: Code = Code {
        id: "E0102",
        name: "unterminated-string",
        summary: "a string literal has no closing quote on its line",
        explanation: include_str!("explain/E0102.md"),
    };
    /// A backslash escape that is not `\" \\ \n \u{…}`.
    pub const INVALID_ESCAPE: Code = Code {
        id: "E0103",
        name: "invalid-escape",
        summary: "an unknown or malformed escape in a string",
        explanation: include_str!("explain/E0103.md"),
    };
    /// A suffix after a number that is not a unit.
    pub const UNKNOWN_UNIT: Code = Code {
        id: "E0104",
        name: "unknown-unit",
        summary: "a number carries a suffix that is not a unit",
        explanation: include_str!("explain/E0104.md"),
    };
    /// A date that is not `YYYY-MM-DD` or not a real day.
    pub const INVALID_DATE: Code = Code {
        id: "E0105",
        name: "invalid-date",
        summary: "a date is not written YYYY-MM-DD or is not a real day",
        explanation: include_str!("explain/E0105.md"),
    };
    /// A time that is not `HH:MM` within 00:00–24:00.
    pub const INVALID_TIME: Code = Code {
        id: "E0106",
        name: "invalid-time",
        summary: "a time is not written HH:MM or is out of range",
        explanation: include_str!("explain/E0106.md"),
    };
    /// A number that does not fit (more than 28 significant digits).
    pub const NUMBER_TOO_LARGE: Code = Code {
        id: "E0107",
        name: "number-too-large",
        summary: "a number is too large or too precise to represent exactly",
        explanation: include_str!("explain/E0107.md"),
    };
    /// Money with an unknown currency or too many decimals.
    pub const INVALID_MONEY: Code = Code {
        id: "E0108",
        name: "invalid-money",
        summary: "money with an unknown currency code or more decimals than the currency has",
        explanation: include_str!("explain/E0108.md"),
    };
    /// A word that is not lower_snake_case.
    pub const BAD_IDENTIFIER: Code = Code {
        id: "E0109",
        name: "bad-identifier",
        summary: "a name is not written in lower_snake_case",
        explanation: include_str!("explain/E0109.md"),
    };
    /// Brackets nested deeper than the parser allows.
    pub const NESTING_TOO_DEEP: Code = Code {
        id: "E0110",
        name: "nesting-too-deep",
        summary: "parentheses or brackets are nested too deeply",
        explanation: include_str!("explain/E0110.md"),
    };
    /// A token the grammar does not allow here.
    pub const UNEXPECTED_TOKEN: Code = Code {
        id: "E0111",
        name: "unexpected-token",
        summary: "the parser found something it did not expect here",
        explanation: include_str!("explain/E0111.md"),
    };
    /// The file ends in the middle of an item.
    pub const UNEXPECTED_EOF: Code = Code {
        id: "E0112",
        name: "unexpected-end-of-file",
        summary: "the file ends in the middle of a declaration",
        explanation: include_str!("explain/E0112.md"),
    };
    /// The file is not valid UTF-8.
    pub const INVALID_UTF8: Code = Code {
        id: "E0113",
        name: "invalid-utf8",
        summary: "the file is not valid UTF-8",
        explanation: include_str!("explain/E0113.md"),
    };
    /// `+ 65`, or a sign on something that is not a plain number.
    pub const MISPLACED_SIGN: Code = Code {
        id: "E0114",
        name: "misplaced-sign",
        summary: "a `+` or `-` sign is separated from its number",
        explanation: include_str!("explain/E0114.md"),
    };
    /// A fixed word of a clause is misspelt (`credits capped foo`).
    pub const EXPECTED_WORD: Code = Code {
        id: "E0115",
        name: "expected-word",
        summary: "a clause's fixed word (`at`, `after`, `end`, `consecutive`, `below`, `above`) is missing or misspelt",
        explanation: include_str!("explain/E0115.md"),
    };
    /// More errors than are worth showing.
    pub const TOO_MANY_ERRORS: Code = Code {
        id: "E0116",
        name: "too-many-errors",
        summary: "the file has so many syntax errors that the rest are not shown",
        explanation: include_str!("explain/E0116.md"),
    };
    /// A file over the loader's size limit (`--max-file-size`).
    pub const FILE_TOO_LARGE: Code = Code {
        id: "E0117",
        name: "file-too-large",
        summary: "the file is larger than the size limit and was not read",
        explanation: include_str!("explain/E0117.md"),
    };

    /// Every syntax code, in code order.
    pub const ALL: &[Code] = &[
        INVALID_CHARACTER,
        UNTERMINATED_STRING,
        INVALID_ESCAPE,
        UNKNOWN_UNIT,
        INVALID_DATE,
        INVALID_TIME,
        NUMBER_TOO_LARGE,
        INVALID_MONEY,
        BAD_IDENTIFIER,
        NESTING_TOO_DEEP,
        UNEXPECTED_TOKEN,
        UNEXPECTED_EOF,
        INVALID_UTF8,
        MISPLACED_SIGN,
        EXPECTED_WORD,
        TOO_MANY_ERRORS,
        FILE_TOO_LARGE,
    ];
}

/// One syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Its stable code.
    pub code: Code,
    /// The headline, for a reader who knows agreements, not parsers.
    pub message: String,
    /// Where it is.
    pub span: Span,
    /// A short label under the span (defaults to the message's gist).
    pub label: String,
    /// Extra notes (context).
    pub notes: Vec<String>,
    /// A suggested fix, if there is one.
    pub help: Option<String>,
}

impl SyntaxError {
    /// A new error with a label and no notes.
    #[must_use]
    pub fn new(
        code: Code,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Self {
            code,
            message: message.into(),
            span,
            label: label.into(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// Adds a suggested fix.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}
