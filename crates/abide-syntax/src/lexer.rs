//! The lexer adapter between logos and the parser.
//!
//! It splits the logos stream three ways: parser tokens, trivia (comments,
//! kept with spans for the formatter and for doc attachment) and lexical
//! errors. Errors never reach LALRPOP (a lexer error there would end the
//! parse); they are reported here and the offending text is skipped, so
//! parsing goes on. It also bounds bracket nesting, so no later recursive
//! walk can overflow the stack.
//!
//! [`lex`] collects the whole file; the parser instead pulls tokens from a
//! `Stream` as it goes, which saves writing every token to a vector and
//! reading it back (the vector is rebuilt with [`lex`] only to describe
//! syntax errors).

use logos::Logos;

use crate::error::{SyntaxError, codes};
use crate::parse_token::Tok;
use crate::span::Span;
use crate::token::Token;

/// How deep `(`, `[` and `{` may nest. Real agreements nest support
/// combinators two or three levels; this leaves plenty of room.
pub const MAX_NESTING: usize = 64;

/// A comment kept beside the tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trivia {
    /// Doc comment (`///`) or ordinary comment (`//`, `////`).
    pub kind: TriviaKind,
    /// The comment's text including the slashes, without a trailing `\r`.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// The two kinds of comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriviaKind {
    /// `/// …`
    Doc,
    /// `// …` or `//// …`
    Line,
}

/// A lexed file.
#[derive(Debug, Clone, Default)]
pub struct Lexed<'src> {
    /// Tokens for the parser, as `(start, token, end)`.
    pub tokens: Vec<(usize, Token<'src>, usize)>,
    /// Comments, in source order.
    pub trivia: Vec<Trivia>,
    /// Lexical errors, in source order.
    pub errors: Vec<SyntaxError>,
}

/// Lexes a whole source text. Never fails; linear in the input.
#[must_use]
pub fn lex(src: &str) -> Lexed<'_> {
    let mut stream = Stream::new(src);
    // Agreements run at about one token per 8 bytes; sizing the vector once
    // saves a dozen regrowths (and copies) of it on a large file.
    let mut tokens = Vec::with_capacity(src.len() / 8 + 16);
    while let Some((l, tok, r)) = stream.pull() {
        // A token's text is the source it spans (see `parse_token`).
        tokens.push((l, tok.token(src, l, r), r));
    }
    Lexed {
        tokens,
        trivia: stream.trivia,
        errors: stream.errors,
    }
}

/// A parser token: `(start, kind, end)`; its text is the source in between.
type Spanned = (usize, Tok, usize);

/// The lexer as an iterator of parser tokens. Comments and lexical errors
/// pile up in its public fields as it goes. Tokens leave logos as soon as
/// they are read: what follows only needs their kind.
pub(crate) struct Stream<'src> {
    src: &'src str,
    logos: logos::SpannedIter<'src, Token<'src>>,
    depth: Depth,
    /// A run of bad characters not reported yet.
    pending_error: Option<(usize, usize)>,
    /// The last token kept, held back until the next one is known: whether
    /// it is a contextual keyword depends on that one (`promote`), and a
    /// number still changes if a stray `%` follows it (`glue_percent`).
    held: Option<Spanned>,
    /// The token kept before `held`.
    before_held: Option<Tok>,
    /// Tokens kept so far, `held` included.
    kept: usize,
    /// Comments, in source order.
    pub trivia: Vec<Trivia>,
    /// Lexical errors, in source order.
    pub errors: Vec<SyntaxError>,
    /// One entry per doc comment, in order: how many tokens precede it (the
    /// index of the token after it) and where that token starts, if any.
    pub doc_next: Vec<(usize, Option<usize>)>,
    /// `doc_next` entries before this one know their next token.
    docs_placed: usize,
}

impl<'src> Stream<'src> {
    /// A stream over `src`.
    pub(crate) fn new(src: &'src str) -> Self {
        Self {
            src,
            logos: Token::lexer(src).spanned(),
            depth: Depth::default(),
            pending_error: None,
            held: None,
            before_held: None,
            kept: 0,
            trivia: Vec::new(),
            errors: Vec::new(),
            doc_next: Vec::new(),
            docs_placed: 0,
        }
    }

    /// Keeps a token that survived the nesting bound: it is held, and the
    /// one held before is released and returned.
    #[inline(always)]
    fn keep(&mut self, t: Spanned) -> Option<Spanned> {
        if self.docs_placed < self.doc_next.len() {
            for doc in self.doc_next.iter_mut().skip(self.docs_placed) {
                doc.1 = Some(t.0);
            }
            self.docs_placed = self.doc_next.len();
        }
        self.kept += 1;
        let mut released = self.held.replace(t)?;
        let kind = released.1;
        released.1 = promote(self.src, released, Some(t.1), self.before_held);
        self.before_held = Some(kind);
        Some(released)
    }

    /// Passes a token through the nesting bound, keeping it unless it nests
    /// too deep (most tokens are no bracket and nothing is being skipped);
    /// returns the token released, if any.
    #[inline(always)]
    fn push(&mut self, t: Spanned) -> Option<Spanned> {
        let bracket = matches!(
            t.1,
            Tok::LParen | Tok::LBracket | Tok::LBrace | Tok::RParen | Tok::RBracket | Tok::RBrace
        );
        if (!bracket && self.depth.skipping_from.is_none()) || self.depth.admit(t, &mut self.errors)
        {
            self.keep(t)
        } else {
            None
        }
    }

    /// Reports a run of bad characters, with the token before it for context.
    fn report_bad_text(&mut self, start: usize, end: usize) {
        let e = bad_text(self.src, start, end, self.held.as_ref());
        self.errors.push(e);
    }

    /// Handles one item from logos; returns the token released, if any.
    /// Only the kind of the token is looked at: a token's text is the source
    /// it spans (and reading the text logos has just written, as a whole,
    /// stalls the processor).
    #[inline(always)]
    fn step(&mut self, tok: Result<Token<'src>, ()>, start: usize, end: usize) -> Option<Spanned> {
        let tok = tok.map(Tok::of);
        // The plain case, a good token that is no comment: straight through.
        if let Ok(tok) = tok
            && self.pending_error.is_none()
            && !matches!(
                tok,
                Tok::LineComment | Tok::DocComment | Tok::Bom | Tok::BadWord | Tok::UnterminatedStr
            )
        {
            return self.push((start, tok, end));
        }
        self.step_other(tok, start, end)
    }

    /// Everything `step` does not take straight through: comments, bad
    /// text and the tokens that come with an error. Out of line, so that
    /// the plain path stays small.
    #[inline(never)]
    fn step_other(&mut self, tok: Result<Tok, ()>, start: usize, end: usize) -> Option<Spanned> {
        let src = self.src;
        let Ok(tok) = tok else {
            // Look-alikes of ASCII operators are reported and read as the
            // operator, so one typo does not derail the rest of the line.
            let end = next_boundary(src, end);
            if let Some(stand_in) = src.get(start..end).and_then(ascii_stand_in) {
                if let Some((s, e)) = self.pending_error.take() {
                    self.report_bad_text(s, e);
                }
                self.report_bad_text(start, end);
                return self.push((start, stand_in, end));
            }
            // Coalesce runs of bad characters into one error.
            let end = next_boundary(src, end);
            self.pending_error = match self.pending_error {
                Some((s, e)) if e >= start => Some((s, end.max(e))),
                Some((s, e)) => {
                    self.report_bad_text(s, e);
                    Some((start, end))
                }
                None => Some((start, end)),
            };
            return None;
        };
        if let Some((s, e)) = self.pending_error.take() {
            self.report_bad_text(s, e);
            glue_percent(src, s, e, self.held.as_mut());
        }
        // The text logos matched, which is what a token carries.
        let text = src.get(start..end).unwrap_or("");
        match tok {
            Tok::LineComment | Tok::DocComment => {
                let kind = if tok == Tok::DocComment {
                    self.doc_next.push((self.kept, None));
                    TriviaKind::Doc
                } else {
                    TriviaKind::Line
                };
                let text = text.strip_suffix('\r').unwrap_or(text);
                self.trivia.push(Trivia {
                    kind,
                    text: text.to_owned(),
                    span: Span::new(start, start + text.len()),
                });
                None
            }
            Tok::Bom if start == 0 => None,
            Tok::Bom => {
                self.errors.push(
                    SyntaxError::new(
                        codes::INVALID_CHARACTER,
                        Span::new(start, end),
                        "a byte-order mark (U+FEFF) in the middle of the file",
                        "invisible character here",
                    )
                    .with_help(
                        "delete it; a byte-order mark is only allowed as the very first character",
                    ),
                );
                None
            }
            Tok::BadWord => {
                self.errors.push(bad_word(text, Span::new(start, end)));
                // `Party` is read as the keyword it resembles, anything else as a name.
                let tok = Token::keyword(&text.to_ascii_lowercase()).map_or(Tok::Ident, Tok::of);
                self.push((start, tok, end))
            }
            Tok::UnterminatedStr => {
                self.errors.push(
                    SyntaxError::new(
                        codes::UNTERMINATED_STRING,
                        Span::new(start, end),
                        "this string has no closing quote",
                        "the string runs to the end of the line",
                    )
                    .with_help(
                        "add a `\"` where the string ends; strings cannot span lines (write `\\n`)",
                    ),
                );
                self.push((start, Tok::Str, end))
            }
            _ => self.push((start, tok, end)),
        }
    }

    /// At the end of the text: reports a last run of bad characters and
    /// releases the held token (`None` once all is done).
    fn finish(&mut self) -> Option<Spanned> {
        if let Some((s, e)) = self.pending_error.take() {
            self.report_bad_text(s, e);
            glue_percent(self.src, s, e, self.held.as_mut());
        }
        let mut last = self.held.take()?;
        last.1 = promote(self.src, last, None, self.before_held);
        Some(last)
    }

    /// The next token (`None` at the end, and from then on).
    #[inline(always)]
    fn pull(&mut self) -> Option<Spanned> {
        loop {
            let Some((tok, range)) = self.logos.next() else {
                return self.finish();
            };
            if let Some(t) = self.step(tok, range.start, range.end) {
                return Some(t);
            }
        }
    }
}

impl Iterator for Stream<'_> {
    type Item = Spanned;

    // Not inlined into the parser: there a call measured faster.
    #[inline(never)]
    fn next(&mut self) -> Option<Spanned> {
        self.pull()
    }
}

/// Contextual keywords, decided by the next token (like Python's soft
/// keywords): `downtime when`, `uptime from` and `below "…"` start v0.2 body
/// clauses, while `downtime`, `uptime` and `below` stay free names everywhere
/// else (the prelude metric `downtime`, a target named `uptime`, `for each
/// 0.1% below 99.9%`). Without this, a clause led by an identifier would make
/// every clause that may end in an optional word ambiguous for LR(1).
#[inline]
fn promote(src: &str, (start, tok, end): Spanned, next: Option<Tok>, prev: Option<Tok>) -> Tok {
    // The next token decides first: it is rarely one of the three.
    let word = match next {
        Some(Tok::When) => "downtime",
        Some(Tok::From) if prev != Some(Tok::Priorities) => "uptime",
        Some(Tok::Str) => "below",
        _ => return tok,
    };
    if tok != Tok::Ident || src.get(start..end) != Some(word) {
        return tok;
    }
    match next {
        Some(Tok::When) => Tok::DowntimeRule,
        Some(Tok::From) => Tok::UptimeRule,
        _ => Tok::BelowDocs,
    }
}

/// `99.5 %`: after reporting the stray `%`, read the number as `99.5%` so
/// that the rest of the file is checked as the writer meant it.
fn glue_percent(src: &str, start: usize, end: usize, last: Option<&mut Spanned>) {
    if src.get(start..end) != Some("%") {
        return;
    }
    let Some(last) = last else {
        return;
    };
    let between = src.get(last.2..start).unwrap_or("x");
    if last.1 == Tok::Quantity
        && let Some(q) = src.get(last.0..last.2)
        && q.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && between.bytes().all(|b| b == b' ' || b == b'\t')
        && src.get(last.0..end).is_some()
    {
        // The number's text becomes the source up to the `%`.
        last.2 = end;
    }
}

/// Tracks bracket depth and drops whatever nests deeper than [`MAX_NESTING`].
#[derive(Default)]
struct Depth {
    level: usize,
    /// While skipping: the level at which skipping started.
    skipping_from: Option<usize>,
}

impl Depth {
    /// Counts a bracket (or any token while skipping); true if the token is
    /// kept. Kept out of line: brackets are few, and the error it can build
    /// would weigh on the plain path of every token.
    #[inline(never)]
    fn admit(&mut self, t: Spanned, errors: &mut Vec<SyntaxError>) -> bool {
        let opens = matches!(t.1, Tok::LParen | Tok::LBracket | Tok::LBrace);
        let closes = matches!(t.1, Tok::RParen | Tok::RBracket | Tok::RBrace);
        if opens {
            self.level += 1;
            if self.level > MAX_NESTING && self.skipping_from.is_none() {
                self.skipping_from = Some(self.level);
                errors.push(
                    SyntaxError::new(
                        codes::NESTING_TOO_DEEP,
                        Span::new(t.0, t.2),
                        format!("brackets are nested more than {MAX_NESTING} deep"),
                        "too deep from here on",
                    )
                    .with_note("everything inside this bracket is skipped")
                    .with_help(
                        "flatten the expression: `all(a.x, all(b.y, c.z))` is `all(a.x, b.y, c.z)`",
                    ),
                );
            }
        }
        let skipping = self.skipping_from.is_some();
        if closes {
            if let Some(from) = self.skipping_from
                && self.level == from
            {
                self.skipping_from = None;
            }
            self.level = self.level.saturating_sub(1);
        }
        !skipping
    }
}

/// The ASCII token a typographic look-alike stands for.
fn ascii_stand_in(text: &str) -> Option<Tok> {
    Some(match text {
        "\u{2265}" => Tok::Ge,
        "\u{2264}" => Tok::Le,
        "\u{2212}" => Tok::Minus,
        _ => return None,
    })
}

fn next_boundary(src: &str, mut i: usize) -> usize {
    while i < src.len() && !src.is_char_boundary(i) {
        i += 1;
    }
    i.min(src.len())
}

fn bad_text(src: &str, start: usize, end: usize, prev: Option<&Spanned>) -> SyntaxError {
    let text = src.get(start..end).unwrap_or("");
    let span = Span::new(start, end);
    let first = text.chars().next().unwrap_or('\u{fffd}');
    let fix = |what: &str, with: &str| {
        SyntaxError::new(
            codes::INVALID_CHARACTER,
            span,
            format!("`{first}` is not part of the language"),
            format!("{what} here"),
        )
        .with_help(format!("write {with}"))
    };
    match first {
        '%' => {
            let glued = prev.is_some_and(|p| p.1 == Tok::Quantity && p.2 < start);
            let e = SyntaxError::new(
                codes::INVALID_CHARACTER,
                span,
                "a `%` on its own",
                "stray `%`",
            );
            if glued {
                let number = prev.map_or("", |p| src.get(p.0..p.2).unwrap_or(""));
                e.with_help(format!("no space before `%`: write `{number}%`"))
            } else {
                e.with_help("a percentage is written `99.5%`")
            }
        }
        '\u{2212}' => fix("a minus sign", "`-`"),
        '\u{2013}' | '\u{2014}' => fix("a dash", "`-` for a sign, or `..` for a range"),
        '\u{2265}' => fix("`≥`", "`>=`"),
        '\u{2264}' => fix("`≤`", "`<=`"),
        '\u{00d7}' => SyntaxError::new(
            codes::INVALID_CHARACTER,
            span,
            "`×` is not part of the language",
            "no arithmetic",
        )
        .with_help("Abide has no arithmetic: write the computed value"),
        '\u{201c}' | '\u{201d}' | '\u{201e}' => fix("a typographic quote", "a plain `\"`"),
        '\u{2018}' | '\u{2019}' => fix("a typographic quote", "a plain `\"` around strings"),
        '\u{2026}' => fix("an ellipsis", "`..` for a range"),
        '/' => SyntaxError::new(
            codes::INVALID_CHARACTER,
            span,
            "a single `/`",
            "not a comment and not a rate",
        )
        .with_help("comments start with `//`; rates are glued to their number, as in `100/s`"),
        _ => {
            let n = text.chars().count();
            let shown: String = text.chars().take(12).collect();
            let shown = if n > 12 { format!("{shown}…") } else { shown };
            let what = if n == 1 {
                format!(
                    "`{}` (U+{:04X}) is not part of the language",
                    first.escape_debug(),
                    first as u32
                )
            } else {
                format!(
                    "{n} characters that are not part of the language: `{}`",
                    shown.escape_debug()
                )
            };
            SyntaxError::new(codes::INVALID_CHARACTER, span, what, "unexpected text")
                .with_note("outside strings and comments, Abide uses plain ASCII letters, digits and punctuation")
        }
    }
}

fn bad_word(word: &str, span: Span) -> SyntaxError {
    let snake = to_snake(word);
    let e = SyntaxError::new(
        codes::BAD_IDENTIFIER,
        span,
        format!("`{word}` is not a valid name"),
        "names are lower_snake_case",
    );
    if crate::token::KEYWORDS.contains(&word.to_ascii_lowercase().as_str()) {
        return e.with_help(format!(
            "keywords are lowercase: write `{}`",
            word.to_ascii_lowercase()
        ));
    }
    if snake.is_empty() || snake == word {
        e.with_help("start a name with a lowercase letter and use only `a-z`, `0-9` and `_`")
    } else {
        e.with_help(format!("write `{snake}`"))
    }
}

/// `campusWifi` → `campus_wifi`, `P1` → `p1`, `_x` → `x`.
fn to_snake(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    let mut prev_lower = false;
    for c in word.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out.trim_start_matches(|c: char| c == '_' || c.is_ascii_digit())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_at_start_is_skipped_and_crlf_is_whitespace() {
        let l = lex("\u{feff}party a : team\r\n// c\r\n");
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        assert_eq!(l.tokens.len(), 4);
        assert_eq!(l.trivia[0].text, "// c");
    }

    #[test]
    fn bad_characters_coalesce_and_get_fixes() {
        let l = lex("a ××× b");
        assert_eq!(l.errors.len(), 1);
        assert_eq!(&"a ××× b"[l.errors[0].span.range()], "×××");
        // Look-alikes of operators are reported one by one and read as the operator.
        let l = lex("a ≥ b");
        assert_eq!(l.errors[0].help.as_deref(), Some("write `>=`"));
        assert_eq!(l.tokens[1].1, Token::Ge);
        let l = lex("target x: availability >= 99.5 %");
        assert_eq!(
            l.errors[0].help.as_deref(),
            Some("no space before `%`: write `99.5%`")
        );
    }

    #[test]
    fn bad_words_become_identifiers() {
        let l = lex("party campusWifi");
        assert_eq!(l.tokens[1].1, Token::Ident("campusWifi"));
        assert_eq!(l.errors[0].help.as_deref(), Some("write `campus_wifi`"));
        assert_eq!(
            lex("Party").errors[0].help.as_deref(),
            Some("keywords are lowercase: write `party`")
        );
    }

    #[test]
    fn deep_nesting_is_cut_with_one_error() {
        let src = format!("{}{}", "(".repeat(100_000), ")".repeat(100_000));
        let l = lex(&src);
        assert_eq!(l.errors.len(), 1);
        assert_eq!(l.errors[0].code, codes::NESTING_TOO_DEEP);
        assert_eq!(l.tokens.len(), 2 * MAX_NESTING);
    }
}
