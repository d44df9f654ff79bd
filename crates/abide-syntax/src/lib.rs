//! Abide's syntax: tokens, the parser, the AST and syntax errors.
//!
//! This crate is pure: no salsa, no I/O, no knowledge of other files. Its one
//! entry point, [`parse`], never fails — it returns a tree of everything that
//! parsed plus every syntax error, so the editor and the checker keep working
//! on broken files.

mod grammar_support;
mod parse_token;
mod parser;

pub mod ast;
pub mod error;
pub mod lexer;
pub mod literal;
pub mod sexp;
pub mod span;
pub mod token;

pub use error::{Code, SyntaxError, codes};
pub use lexer::{MAX_NESTING, Trivia, TriviaKind};
pub use parser::{MAX_ERRORS, Parsed, parse};
pub use span::Span;
pub use token::{KEYWORDS, Token, WORD_KEYWORDS};
