//! Small helpers the grammar's actions call, kept in Rust so the `.lalrpop`
//! file stays a grammar and not a program.
//!
//! Every helper *pushes* a recoverable error and returns normally: a LALRPOP
//! `=>?` action error would abort the whole parse (GRAMMAR.md item 16).

use lalrpop_util::{ErrorRecovery, ParseError};

use crate::ast;
use crate::error::{SyntaxError, codes};
use crate::literal::TimeLit;
use crate::span::Span;
use crate::token::Token;

/// The error sink threaded through the grammar.
pub type Errors<'src> = Vec<ErrorRecovery<usize, Token<'src>, SyntaxError>>;

/// Records a recovered parse error.
pub fn push<'src>(errors: &mut Errors<'src>, e: ErrorRecovery<usize, Token<'src>, SyntaxError>) {
    errors.push(e);
}

/// Records a user-level error found in an action.
pub fn user(errors: &mut Errors<'_>, error: SyntaxError) {
    errors.push(ErrorRecovery {
        error: ParseError::User { error },
        dropped_tokens: Vec::new(),
    });
}

/// Runs a literal decoder that reports into a plain vector, and moves its
/// errors into the grammar's sink.
pub fn lit<T>(errors: &mut Errors<'_>, f: impl FnOnce(&mut Vec<SyntaxError>) -> T) -> T {
    let mut found = Vec::new();
    let out = f(&mut found);
    for e in found {
        user(errors, e);
    }
    out
}

/// Checks a contextual fixed word (`at` in `credits capped at`).
pub fn check_word(errors: &mut Errors<'_>, word: &ast::Name, allowed: &[&str]) {
    if allowed.contains(&word.text.as_str()) {
        return;
    }
    let list = allowed
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    user(
        errors,
        SyntaxError::new(
            codes::EXPECTED_WORD,
            word.span,
            format!("expected {list}, found `{}`", word.text),
            format!("expected {list} here"),
        ),
    );
}

/// `+ 65`: a sign must touch its number.
pub fn sign_adjacent(
    errors: &mut Errors<'_>,
    sign_start: usize,
    sign_end: usize,
    number_start: usize,
) {
    if number_start != sign_end {
        user(
            errors,
            SyntaxError::new(
                codes::MISPLACED_SIGN,
                Span::new(sign_start, number_start),
                "no space is allowed after a sign",
                "remove the space here",
            )
            .with_help("write the sign against the number, as in `+65`"),
        );
    }
}

/// Builds a calendar time span, rejecting `24:00` as a start.
pub fn time_span(
    errors: &mut Errors<'_>,
    start: TimeLit,
    end: TimeLit,
    span: Span,
) -> ast::TimeSpan {
    if start.minutes == Some(24 * 60) {
        user(
            errors,
            SyntaxError::new(
                codes::INVALID_TIME,
                start.span,
                "`24:00` can only end a span",
                "a span cannot start at 24:00",
            )
            .with_help("start the span at `00:00` of the next day"),
        );
    }
    ast::TimeSpan { start, end, span }
}

/// Reads one phrase of `credits paid as …` (`not refundable`, `sole remedy`).
pub fn payment_term(
    errors: &mut Errors<'_>,
    words: &[ast::Name],
    span: Span,
) -> Option<ast::PaymentTermKind> {
    use ast::PaymentTermKind as K;
    let phrase = words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let kind = match phrase.as_str() {
        "refundable" => K::Refundable,
        "not refundable" => K::NotRefundable,
        "expire on termination" => K::ExpireOnTermination,
        "sole remedy" => K::SoleRemedy,
        _ => {
            user(
                errors,
                SyntaxError::new(
                    codes::EXPECTED_WORD,
                    span,
                    format!("`{phrase}` is not a payment term"),
                    "unknown payment term",
                )
                .with_help(
                    "payment terms are `minimum AMOUNT`, `refundable`, `not refundable`, \
                     `expire on termination` and `sole remedy`, separated by commas",
                ),
            );
            return None;
        }
    };
    Some(kind)
}

/// `once` / `twice` in `at most once per year`, as a count.
pub fn change_count(errors: &mut Errors<'_>, word: &ast::Name) -> crate::literal::Quantity {
    let n = match word.text.as_str() {
        "once" => "1",
        "twice" => "2",
        _ => {
            check_word(errors, word, &["once", "twice"]);
            "1"
        }
    };
    let mut sink = Vec::new();
    crate::literal::quantity(n, word.span, None, &mut sink)
}
