//! Small helpers the grammar's actions call, kept in Rust so the `.lalrpop`
//! file stays a grammar and not a program.
//!
//! Every helper *pushes* a recoverable error and returns normally: a LALRPOP
//! `=>?` action error would abort the whole parse (GRAMMAR.md item 16).

use lalrpop_util::{ErrorRecovery, ParseError};

use crate::ast;
use crate::error::{SyntaxError, codes};
use crate::literal::TimeLit;
use crate::parse_token::Tok;
use crate::span::Span;

/// The error sink threaded through the grammar. The error type is boxed
/// because LALRPOP keeps the `!` symbol (an `ErrorRecovery`) in the same enum
/// as every other value on its stack: an unboxed `SyntaxError` would make
/// every stack slot, and so every shift and reduce, as large as an error.
pub type Errors = Vec<ErrorRecovery<u32, Tok, Box<SyntaxError>>>;

/// The span between two parser locations (byte offsets, already `u32`).
pub fn span_of(start: u32, end: u32) -> Span {
    Span { start, end }
}

/// Records a recovered parse error.
pub fn push(errors: &mut Errors, e: ErrorRecovery<u32, Tok, Box<SyntaxError>>) {
    errors.push(e);
}

/// Records a user-level error found in an action.
pub fn user(errors: &mut Errors, error: SyntaxError) {
    errors.push(ErrorRecovery {
        error: ParseError::User {
            error: Box::new(error),
        },
        dropped_tokens: Vec::new(),
    });
}

/// Moves boxed nodes into a plain vector.
///
/// Why boxes at all: LALRPOP's stack holds one enum of every nonterminal's
/// type, each shift and reduce moves whole slots, and the slot is as large as
/// the largest type. So the grammar boxes every node larger than a
/// `Quantity` (80 bytes, the largest value that travels unboxed) while it
/// sits on the stack, and unboxes it here, or with `*`, once it reaches its
/// place in the tree.
pub fn unbox_all<T>(boxes: impl IntoIterator<Item = Box<T>>) -> Vec<T> {
    boxes.into_iter().map(|b| *b).collect()
}

/// The entries of a body that parsed (a recovered entry is `None`), each
/// turned into its node by `node`. Sized once: collecting a `flatten` would
/// start from nothing and regrow the vector of large nodes several times.
#[inline]
pub fn parsed<T, U>(entries: Vec<Option<T>>, mut node: impl FnMut(T) -> U) -> Vec<U> {
    let mut out = Vec::with_capacity(entries.len());
    // A plain loop: through `extend` each (large) node was copied twice.
    for entry in entries.into_iter().flatten() {
        out.push(node(entry));
    }
    out
}

/// Runs a literal decoder that reports into a plain vector, and moves its
/// errors into the grammar's sink.
#[inline]
pub fn lit<T>(errors: &mut Errors, f: impl FnOnce(&mut Vec<SyntaxError>) -> T) -> T {
    let mut found = Vec::new();
    let out = f(&mut found);
    for e in found {
        user(errors, e);
    }
    out
}

/// Checks a contextual fixed word (`at` in `credits capped at`).
pub fn check_word(errors: &mut Errors, word: &ast::Name, allowed: &[&str]) {
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
pub fn sign_adjacent(errors: &mut Errors, sign_start: u32, sign_end: u32, number_start: u32) {
    if number_start != sign_end {
        user(
            errors,
            SyntaxError::new(
                codes::MISPLACED_SIGN,
                span_of(sign_start, number_start),
                "no space is allowed after a sign",
                "remove the space here",
            )
            .with_help("write the sign against the number, as in `+65`"),
        );
    }
}

/// Builds a calendar time span, rejecting `24:00` as a start.
pub fn time_span(errors: &mut Errors, start: TimeLit, end: TimeLit, span: Span) -> ast::TimeSpan {
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
    errors: &mut Errors,
    words: &[ast::Name],
    span: Span,
) -> Option<ast::PaymentTermKind> {
    use ast::PaymentTermKind as K;
    // Compared word by word; the phrase is only spelt out for the error.
    let is = |phrase: &[&str]| {
        words.len() == phrase.len() && words.iter().zip(phrase).all(|(w, p)| w.text == *p)
    };
    let kind = if is(&["refundable"]) {
        K::Refundable
    } else if is(&["not", "refundable"]) {
        K::NotRefundable
    } else if is(&["expire", "on", "termination"]) {
        K::ExpireOnTermination
    } else if is(&["sole", "remedy"]) {
        K::SoleRemedy
    } else {
        let phrase = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
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
    };
    Some(kind)
}

/// `once` / `twice` in `at most once per year`, as a count.
pub fn change_count(errors: &mut Errors, word: &ast::Name) -> crate::literal::Quantity {
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

// ---------------------------------------------------------------- stack forms
//
// The values on LALRPOP's stack are one enum, so every slot is as large as
// the largest nonterminal type and every shift and reduce moves whole slots.
// Large nodes therefore travel boxed (see `unbox_all`). A box is an
// allocation, so the most frequent nodes travel in these small stack forms
// instead: the common cases inline, the rest boxed. Each becomes its AST
// node once it reaches its place in the tree.

/// A body clause on the stack: the frequent clauses without a box of their
/// own (a boxed `ast::BodyClauseKind` is some 500 bytes, allocated and
/// copied once more for every clause).
pub enum StackClause {
    /// `provider ID`
    Provider(ast::Name),
    /// `customer ID`
    Customer(ast::Name),
    /// `status ID`
    Status(ast::Name),
    /// `target ID: CONDITION …`
    Target {
        /// The target's name.
        name: ast::Name,
        /// What it promises.
        condition: Box<ast::Condition>,
        /// Qualifiers and supports.
        clauses: Vec<ast::TargetClause>,
    },
    /// `credit AMOUNT TRIGGER`
    Credit(Box<ast::Amount>, Box<ast::Trigger>),
    /// `reward AMOUNT TRIGGER`
    Reward(Box<ast::Amount>, Box<ast::Trigger>),
    /// Any other clause.
    Other(ast::BodyClauseKind),
}

impl StackClause {
    /// The AST form.
    pub fn into_kind(self) -> ast::BodyClauseKind {
        match self {
            Self::Provider(name) => ast::BodyClauseKind::Provider(name),
            Self::Customer(name) => ast::BodyClauseKind::Customer(name),
            Self::Status(name) => ast::BodyClauseKind::Status(name),
            Self::Target {
                name,
                condition,
                clauses,
            } => ast::BodyClauseKind::Target(Box::new(ast::Target {
                name,
                condition: *condition,
                clauses,
                doc: None,
            })),
            Self::Credit(amount, trigger) => ast::BodyClauseKind::Credit(Box::new(ast::Remedy {
                amount: *amount,
                trigger: *trigger,
            })),
            Self::Reward(amount, trigger) => ast::BodyClauseKind::Reward(Box::new(ast::Remedy {
                amount: *amount,
                trigger: *trigger,
            })),
            Self::Other(kind) => kind,
        }
    }
}

/// A qualifier's kind on the stack: the frequent small ones inline.
pub enum StackQualifier {
    /// `per ID`
    Per(ast::Name),
    /// `during ID`
    During(ast::Name),
    /// `measured by "…"`
    MeasuredBy(ast::Str),
    /// `where …`
    Where(Vec<ast::ScopeField>),
    /// Any other qualifier.
    Other(Box<ast::QualifierKind>),
}

impl StackQualifier {
    /// The AST form.
    pub fn into_kind(self) -> ast::QualifierKind {
        match self {
            Self::Per(name) => ast::QualifierKind::Per(name),
            Self::During(name) => ast::QualifierKind::During(name),
            Self::MeasuredBy(source) => ast::QualifierKind::MeasuredBy(source),
            Self::Where(fields) => ast::QualifierKind::Where(fields),
            Self::Other(kind) => *kind,
        }
    }

    /// The AST qualifier spanning `span`.
    pub fn into_qualifier(self, span: Span) -> ast::Qualifier {
        ast::Qualifier {
            kind: self.into_kind(),
            span,
        }
    }
}

/// A target clause on the stack: qualifiers and `supported by` inline.
pub enum StackTargetClause {
    /// A qualifier with its span.
    Qualifier(StackQualifier, Span),
    /// `supported by …`
    SupportedBy {
        /// The listed supports.
        supports: Vec<ast::Support>,
        /// The whole clause.
        span: Span,
    },
    /// Any other clause.
    Other(Box<ast::TargetClause>),
}

impl StackTargetClause {
    /// The AST form.
    pub fn into_clause(self) -> ast::TargetClause {
        match self {
            Self::Qualifier(kind, span) => ast::TargetClause::Qualifier(kind.into_qualifier(span)),
            Self::SupportedBy { supports, span } => {
                ast::TargetClause::SupportedBy { supports, span }
            }
            Self::Other(clause) => *clause,
        }
    }
}

/// A condition's value on the stack: a number inline, money boxed.
pub enum StackCondValue {
    /// A number with its unit.
    Quantity(crate::literal::Quantity),
    /// An amount of money.
    Money(Box<ast::Money>),
}

impl StackCondValue {
    /// The AST form.
    pub fn into_value(self) -> ast::CondValue {
        match self {
            Self::Quantity(q) => ast::CondValue::Quantity(q),
            Self::Money(m) => ast::CondValue::Money(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::mem::size_of;

    use super::*;
    use crate::literal::Quantity;

    /// LALRPOP's stack slot is as large as the largest value on the stack;
    /// none of the stack forms (nor the error symbol) may be the one that
    /// makes it larger than a support expression (72 bytes), which travels
    /// unboxed (a `Quantity`, 48 bytes, does too).
    #[test]
    fn stack_forms_fit_the_stack_slot() {
        let slot = size_of::<crate::ast::Support>();
        assert!(size_of::<Quantity>() <= slot);
        assert!(size_of::<Option<(StackClause, Span)>>() <= slot);
        assert!(size_of::<(StackQualifier, Span)>() <= slot);
        assert!(size_of::<StackTargetClause>() <= slot);
        assert!(size_of::<StackCondValue>() <= slot);
        assert!(size_of::<ErrorRecovery<u32, Tok, Box<SyntaxError>>>() <= slot);
    }
}
