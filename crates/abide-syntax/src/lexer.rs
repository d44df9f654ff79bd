//! The lexer adapter between logos and the parser.
//!
//! It lexes the whole file up front and splits the stream three ways:
//! parser tokens, trivia (comments, kept with spans for the formatter and
//! for doc attachment) and lexical errors. Errors never reach LALRPOP (a
//! lexer error there would end the parse); they are reported here and the
//! offending text is skipped, so parsing goes on. It also bounds bracket
//! nesting, so no later recursive walk can overflow the stack.

use logos::Logos;

use crate::error::{SyntaxError, codes};
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
    let mut out = Lexed::default();
    let mut depth = Depth::default();
    let mut pending_error: Option<(usize, usize)> = None;
    for (tok, range) in Token::lexer(src).spanned() {
        let (start, end) = (range.start, range.end);
        let Ok(tok) = tok else {
            // Look-alikes of ASCII operators are reported and read as the
            // operator, so one typo does not derail the rest of the line.
            let end = next_boundary(src, end);
            if let Some(stand_in) = src.get(start..end).and_then(ascii_stand_in) {
                if let Some((s, e)) = pending_error.take() {
                    out.errors.push(bad_text(src, s, e, out.tokens.last()));
                }
                out.errors
                    .push(bad_text(src, start, end, out.tokens.last()));
                depth.push(&mut out, (start, stand_in, end));
                continue;
            }
            // Coalesce runs of bad characters into one error.
            let end = next_boundary(src, end);
            pending_error = match pending_error {
                Some((s, e)) if e >= start => Some((s, end.max(e))),
                Some((s, e)) => {
                    out.errors.push(bad_text(src, s, e, out.tokens.last()));
                    Some((start, end))
                }
                None => Some((start, end)),
            };
            continue;
        };
        if let Some((s, e)) = pending_error.take() {
            out.errors.push(bad_text(src, s, e, out.tokens.last()));
            glue_percent(src, s, e, &mut out.tokens);
        }
        match tok {
            Token::LineComment(text) | Token::DocComment(text) => {
                let kind = if matches!(tok, Token::DocComment(_)) {
                    TriviaKind::Doc
                } else {
                    TriviaKind::Line
                };
                let text = text.strip_suffix('\r').unwrap_or(text);
                out.trivia.push(Trivia {
                    kind,
                    text: text.to_owned(),
                    span: Span::new(start, start + text.len()),
                });
            }
            Token::Bom if start == 0 => {}
            Token::Bom => out.errors.push(
                SyntaxError::new(
                    codes::INVALID_CHARACTER,
                    Span::new(start, end),
                    "a byte-order mark (U+FEFF) in the middle of the file",
                    "invisible character here",
                )
                .with_help(
                    "delete it; a byte-order mark is only allowed as the very first character",
                ),
            ),
            Token::BadWord(word) => {
                out.errors.push(bad_word(word, Span::new(start, end)));
                // `Party` is read as the keyword it resembles, anything else as a name.
                let tok = Token::keyword(&word.to_ascii_lowercase()).unwrap_or(Token::Ident(word));
                depth.push(&mut out, (start, tok, end));
            }
            Token::UnterminatedStr(text) => {
                out.errors.push(
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
                depth.push(&mut out, (start, Token::Str(text), end));
            }
            _ => depth.push(&mut out, (start, tok, end)),
        }
    }
    if let Some((s, e)) = pending_error {
        out.errors.push(bad_text(src, s, e, out.tokens.last()));
        glue_percent(src, s, e, &mut out.tokens);
    }
    promote_contextual(&mut out.tokens);
    out
}

/// Contextual keywords, decided by the next token (like Python's soft
/// keywords): `downtime when`, `uptime from` and `below "…"` start v0.2 body
/// clauses, while `downtime`, `uptime` and `below` stay free names everywhere
/// else (the prelude metric `downtime`, a target named `uptime`, `for each
/// 0.1% below 99.9%`). Without this, a clause led by an identifier would make
/// every clause that may end in an optional word ambiguous for LR(1).
fn promote_contextual(tokens: &mut [(usize, Token<'_>, usize)]) {
    for i in 0..tokens.len() {
        let next = tokens.get(i + 1).map(|t| t.1);
        let prev = i.checked_sub(1).and_then(|p| tokens.get(p)).map(|t| t.1);
        let Some(slot) = tokens.get_mut(i) else { break };
        slot.1 = match (slot.1, next) {
            (Token::Ident("downtime"), Some(Token::When)) => Token::DowntimeRule,
            (Token::Ident("uptime"), Some(Token::From)) if prev != Some(Token::Priorities) => {
                Token::UptimeRule
            }
            (Token::Ident("below"), Some(Token::Str(_))) => Token::BelowDocs,
            (t, _) => t,
        };
    }
}

/// `99.5 %`: after reporting the stray `%`, read the number as `99.5%` so
/// that the rest of the file is checked as the writer meant it.
fn glue_percent<'src>(
    src: &'src str,
    start: usize,
    end: usize,
    tokens: &mut [(usize, Token<'src>, usize)],
) {
    if src.get(start..end) != Some("%") {
        return;
    }
    let Some(last) = tokens.last_mut() else {
        return;
    };
    let between = src.get(last.2..start).unwrap_or("x");
    if let Token::Quantity(q) = last.1
        && q.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && between.bytes().all(|b| b == b' ' || b == b'\t')
        && let Some(glued) = src.get(last.0..end)
    {
        *last = (last.0, Token::Quantity(glued), end);
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
    fn push<'src>(&mut self, out: &mut Lexed<'src>, t: (usize, Token<'src>, usize)) {
        let opens = matches!(t.1, Token::LParen | Token::LBracket | Token::LBrace);
        let closes = matches!(t.1, Token::RParen | Token::RBracket | Token::RBrace);
        if opens {
            self.level += 1;
            if self.level > MAX_NESTING && self.skipping_from.is_none() {
                self.skipping_from = Some(self.level);
                out.errors.push(
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
        if !skipping {
            out.tokens.push(t);
        }
    }
}

/// The ASCII token a typographic look-alike stands for.
fn ascii_stand_in(text: &str) -> Option<Token<'static>> {
    Some(match text {
        "\u{2265}" => Token::Ge,
        "\u{2264}" => Token::Le,
        "\u{2212}" => Token::Minus,
        _ => return None,
    })
}

fn next_boundary(src: &str, mut i: usize) -> usize {
    while i < src.len() && !src.is_char_boundary(i) {
        i += 1;
    }
    i.min(src.len())
}

fn bad_text(
    src: &str,
    start: usize,
    end: usize,
    prev: Option<&(usize, Token<'_>, usize)>,
) -> SyntaxError {
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
            let glued = prev.is_some_and(|p| matches!(p.1, Token::Quantity(_)) && p.2 < start);
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
