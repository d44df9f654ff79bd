//! The Abide formatter: one canonical layout for `.abide` files.
//!
//! [`format`] refuses a source with syntax errors and otherwise reprints it
//! from its tokens, laid out by the AST (the rules are in
//! `docs/reference.md` §9, "Formatting"). It never reorders anything: the
//! tokens come out in the order they went in, each with its source text;
//! only the optional `;` and the trailing commas of `( )` and `[ ]` lists
//! come and go, so the tree with spans erased is unchanged. Every `//` and
//! `///` comment is kept next to the token it was written beside.
//!
//! As a last line of defence the result is parsed again and compared with
//! the input (the S-expression of the tree, and the comments): a formatter
//! bug becomes a [`FormatError::Internal`], never a changed agreement.

use std::fmt;

use abide_syntax::{SyntaxError, parse, sexp};

mod layout;
mod prep;

/// The line width the formatter aims for (in characters).
pub const MAX_WIDTH: usize = 100;

/// Why a source was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The source has syntax errors (all of them, in source order). Nothing
    /// is formatted: fix them first.
    Syntax(Vec<SyntaxError>),
    /// The formatter's own output failed the check against the input (a bug
    /// in the formatter). The input must be left as it is.
    Internal(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax(errors) => {
                let n = errors.len();
                write!(
                    f,
                    "{n} syntax error{} (the file is not formatted)",
                    if n == 1 { "" } else { "s" }
                )?;
                for e in errors {
                    write!(
                        f,
                        "\n  {}..{}: error[{}]: {}",
                        e.span.start, e.span.end, e.code.id, e.message
                    )?;
                }
                Ok(())
            }
            FormatError::Internal(why) => write!(f, "internal formatter error: {why}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats one source text.
///
/// # Errors
/// [`FormatError::Syntax`] when the text has syntax errors;
/// [`FormatError::Internal`] when the formatter would change the meaning or
/// lose a comment (a bug: report it, and keep the file as it is).
pub fn format(src: &str) -> Result<String, FormatError> {
    let parsed = parse(src);
    if !parsed.errors.is_empty() {
        return Err(FormatError::Syntax(parsed.errors));
    }
    let prepared = prep::prepare(src);
    let out = layout::print(&parsed.file, &prepared);
    verify(&parsed, &out)?;
    Ok(out)
}

/// The formatted text must parse to the same tree and keep every comment.
fn verify(before: &abide_syntax::Parsed, out: &str) -> Result<(), FormatError> {
    let after = parse(out);
    if let Some(e) = after.errors.first() {
        return Err(FormatError::Internal(format!(
            "the formatted text does not parse ({}: {})",
            e.code.id, e.message
        )));
    }
    if sexp::file(&before.file) != sexp::file(&after.file) {
        return Err(FormatError::Internal(
            "the formatted text would mean something else".to_owned(),
        ));
    }
    if comment_texts(&before.trivia) != comment_texts(&after.trivia) {
        return Err(FormatError::Internal(
            "the formatted text would lose or change a comment".to_owned(),
        ));
    }
    Ok(())
}

/// The comments of a file, trimmed and sorted (a multiset).
fn comment_texts(trivia: &[abide_syntax::Trivia]) -> Vec<&str> {
    let mut texts: Vec<&str> = trivia.iter().map(|t| t.text.trim()).collect();
    texts.sort_unstable();
    texts
}
