//! The parse entry point: lexing, the generated LALRPOP parser, turning
//! LALRPOP's errors into messages a service manager can act on, and
//! attaching `///` doc comments to items and targets.

use lalrpop_util::ParseError;

use crate::ast;
use crate::error::{SyntaxError, codes};
use crate::grammar_support::span_of;
use crate::lexer::{self, Trivia, TriviaKind};
use crate::parse_token::Tok;
use crate::span::Span;
use crate::token::Token;

lalrpop_util::lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        unused,
        missing_docs
    )]
    grammar,
    "/abide.rs"
);

/// At most this many syntax errors (and as many stray doc comments) are
/// reported per file; the rest are counted.
pub const MAX_ERRORS: usize = 100;

/// The result of parsing one file. Parsing never fails: broken items are
/// left out of [`Parsed::file`] and reported in [`Parsed::errors`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The items that parsed.
    pub file: ast::File,
    /// Syntax errors, in source order.
    pub errors: Vec<SyntaxError>,
    /// Comments with spans, for the formatter.
    pub trivia: Vec<Trivia>,
    /// `///` blocks that precede neither an item nor a target (`stray-doc-comment`).
    pub stray_docs: Vec<Span>,
}

/// Parses one source text.
#[must_use]
pub fn parse(src: &str) -> Parsed {
    // The parser pulls tokens straight from the lexer: no token vector.
    let mut stream = lexer::Stream::new(src);
    let mut recovered = Vec::new();
    let result = grammar::FileParser::new().parse(
        &mut recovered,
        src,
        stream
            .by_ref()
            .map(|(l, tok, r)| (offset(l), tok, offset(r))),
    );
    // A parse that gives up leaves the rest of the text unlexed; its
    // comments and lexical errors are reported all the same.
    stream.by_ref().for_each(drop);
    let lexer::Stream {
        trivia,
        mut errors,
        doc_next,
        ..
    } = stream;
    // Describing a syntax error looks at the tokens around it: only then
    // is the token vector built, by lexing the text again.
    let tokens = if recovered.is_empty() && result.is_ok() {
        Vec::new()
    } else {
        lexer::lex(src).tokens
    };
    for r in recovered {
        errors.push(describe(r.error, &tokens, src));
    }
    let mut file = match result {
        Ok(file) => file,
        Err(e) => {
            errors.push(describe(e, &tokens, src));
            ast::File::default()
        }
    };
    forgotten_day_commas(&file, src, &mut errors);
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors.dedup_by(|a, b| a.span == b.span && a.code == b.code);
    if errors.len() > MAX_ERRORS {
        let hidden = errors.len() - MAX_ERRORS;
        let at = errors.get(MAX_ERRORS).map_or(Span::default(), |e| e.span);
        errors.truncate(MAX_ERRORS);
        let more = if hidden == 1 {
            "1 more syntax error"
        } else {
            "more syntax errors"
        };
        errors.push(
            SyntaxError::new(
                codes::TOO_MANY_ERRORS,
                at,
                format!(
                    "{more} in this file {} not shown ({hidden} in all)",
                    if hidden == 1 { "is" } else { "are" }
                ),
                "the first error not shown",
            )
            .with_help("fix the errors above and check again"),
        );
    }
    let mut stray_docs = attach_docs(&mut file, &trivia, &doc_next);
    stray_docs.truncate(MAX_ERRORS);
    Parsed {
        file,
        errors,
        trivia,
        stray_docs,
    }
}

/// `sat sun 10:00..14:00`: since v0.2 a day line may have no hours (in a
/// `defined by` calendar), so this parses as two lines, `sat` and
/// `sun 10:00..14:00`. A second day line that starts on the same line as an
/// hour-less one is a forgotten comma, reported where GRAMMAR.md item 21
/// reported it, so the mis-parse never passes silently.
fn forgotten_day_commas(file: &ast::File, src: &str, errors: &mut Vec<SyntaxError>) {
    for item in &file.items {
        let ast::ItemKind::Calendar(c) = &item.kind else {
            continue;
        };
        for pair in c.clauses.windows(2) {
            let [a, b] = pair else { continue };
            let (
                ast::CalendarClauseKind::Hours { days, times },
                ast::CalendarClauseKind::Hours { days: next, .. },
            ) = (&a.kind, &b.kind)
            else {
                continue;
            };
            let between = src
                .get(a.span.end as usize..b.span.start as usize)
                .unwrap_or("\n");
            // A syntax error between the two (`mon-fri`) was already reported.
            let reported = errors
                .iter()
                .any(|e| e.span.start >= a.span.start && e.span.end <= b.span.start);
            if times.is_empty() && !between.contains(['\n', ';']) && !reported {
                let last = days.last().map_or(a.span, |d| d.span);
                let first = next.first().map_or(b.span, |d| d.start.span);
                let text = |s: Span| src.get(s.range()).unwrap_or("");
                errors.push(
                    SyntaxError::new(
                        codes::UNEXPECTED_TOKEN,
                        first,
                        format!(
                            "expected a comma or a time span after `{}`, found `{}`",
                            text(last),
                            text(first)
                        ),
                        "unexpected here",
                    )
                    .with_help(format!(
                        "list days with commas (`{}, {}`), or put each day line on its own line",
                        text(last),
                        text(first)
                    )),
                );
            }
        }
    }
}

/// A byte offset as the parser's `u32` location, saturating as [`Span::new`]
/// does (the file size limit keeps real files far below that).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

type LalrError = ParseError<u32, Tok, Box<SyntaxError>>;

fn describe(e: LalrError, tokens: &[(usize, Token<'_>, usize)], src: &str) -> SyntaxError {
    // The parser's tokens carry no text: give them back theirs.
    let token = |(l, tok, r): (u32, Tok, u32)| (l, tok.token(src, l as usize, r as usize), r);
    match e {
        ParseError::User { error } => *error,
        ParseError::InvalidToken { location } => SyntaxError::new(
            codes::INVALID_CHARACTER,
            span_of(location, location),
            "invalid token",
            "here",
        ),
        ParseError::UnrecognizedEof { location, expected } => {
            let at = tokens
                .last()
                .map_or(span_of(location, location), |t| Span::new(t.0, t.2));
            SyntaxError::new(
                codes::UNEXPECTED_EOF,
                at,
                format!(
                    "the file ends too early: expected {}",
                    expected_phrase(&expected)
                ),
                "the file ends after this",
            )
            .with_help("finish the declaration, or close its `{` with `}`")
        }
        ParseError::UnrecognizedToken { token: t, expected } => {
            unexpected(token(t), &expected, tokens, src)
        }
        ParseError::ExtraToken { token: t } => unexpected(token(t), &[], tokens, src),
    }
}

fn unexpected(
    (l, tok, r): (u32, Token<'_>, u32),
    expected: &[String],
    tokens: &[(usize, Token<'_>, usize)],
    src: &str,
) -> SyntaxError {
    let span = span_of(l, r);
    let idx = tokens.partition_point(|t| t.0 < l as usize);
    let prev = idx.checked_sub(1).and_then(|i| tokens.get(i)).map(|t| t.1);
    let next = tokens.get(idx + 1).map(|t| t.1);
    let wants = |name: &str| expected.iter().any(|e| e == name);
    let found = tok.describe();
    let generic = || {
        let message = if expected.is_empty() {
            format!("unexpected {found}")
        } else if matches!(prev, Some(Token::Quantity(_)))
            && wants("currency")
            && expected.len() <= 2
        {
            let number = tokens
                .get(idx.wrapping_sub(1))
                .map_or("", |t| &src[t.0..t.2]);
            format!("expected a currency code such as `GBP` after `{number}`, found {found}")
        } else {
            format!("expected {}, found {found}", expected_phrase(expected))
        };
        let e = SyntaxError::new(codes::UNEXPECTED_TOKEN, span, message, "unexpected here");
        match keyword_typo(tok, expected) {
            Some(k) => e.with_help(format!("did you mean `{k}`?")),
            None => e,
        }
    };

    // A list that ends with a comma: `supported by a.x, b.y,` then `target …`.
    if prev == Some(Token::Comma) && wants("ident") && tok.is_keyword() {
        let comma = tokens.get(idx - 1).map_or(span, |t| Span::new(t.0, t.2));
        return SyntaxError::new(
            codes::UNEXPECTED_TOKEN,
            comma,
            format!("trailing comma in a list, before {found}"),
            "this comma expects another entry",
        )
        .with_help(
            "remove the trailing comma (only lists inside `( )` and `[ ]` may end with one)",
        );
    }
    // `target users: …`
    if tok.is_keyword()
        && wants("ident")
        && !wants(&format!("\"{}\"", tok.keyword_text().unwrap_or("")))
    {
        let kw = tok.keyword_text().unwrap_or("");
        return SyntaxError::new(
            codes::UNEXPECTED_TOKEN,
            span,
            format!("`{kw}` is a reserved word and cannot be used as a name"),
            "reserved word",
        )
        .with_help(format!(
            "choose another name, such as `{kw}_x`, or check for a missing name before `{kw}`"
        ));
    }
    // `timezone UTC`
    if let Token::Currency(code) = tok
        && wants("string")
    {
        return SyntaxError::new(
            codes::UNEXPECTED_TOKEN,
            span,
            format!("`{code}` is read as a currency code, but a string is expected here"),
            "expected a string",
        )
        .with_help(format!("write it in quotes: \"{code}\""));
    }
    // `mon-fri`, `08:00-18:00`
    if tok == Token::Minus
        && matches!(
            prev,
            Some(Token::Ident(_) | Token::Time(_) | Token::Date(_))
        )
    {
        let text = |i: usize| {
            tokens
                .get(i)
                .map_or("", |t| src.get(t.0..t.2).unwrap_or(""))
        };
        return SyntaxError::new(
            codes::UNEXPECTED_TOKEN,
            span,
            "ranges use `..`, not `-`",
            "write `..` here",
        )
        .with_help(format!("write `{}..{}`", text(idx - 1), text(idx + 1)));
    }
    if tok == Token::Dot
        && let Some(Token::Quantity(frac)) = next
    {
        // `p99.9(latency)`
        if let Some(Token::Ident(p)) = prev
            && p.starts_with('p')
            && p[1..].bytes().all(|b| b.is_ascii_digit())
        {
            let metric = match (
                tokens.get(idx + 2).map(|t| t.1),
                tokens.get(idx + 3).map(|t| t.1),
            ) {
                (Some(Token::LParen), Some(Token::Ident(m))) => m,
                _ => "metric",
            };
            return SyntaxError::new(
                codes::UNEXPECTED_TOKEN,
                span,
                format!("percentile `{p}.{frac}` cannot be written as a name"),
                "not part of an aggregate name",
            )
            .with_help(format!("write `pct({}.{frac}, {metric})`", &p[1..]));
        }
        if !matches!(prev, Some(Token::Ident(_))) {
            return SyntaxError::new(
                codes::UNEXPECTED_TOKEN,
                span,
                "a number cannot start with `.`",
                "missing leading digit",
            )
            .with_help(format!("write `0.{frac}`"));
        }
    }
    generic()
}

/// `supercedes` where `supersedes` is expected: the expected keyword closest
/// to a misspelt name, if it is a likely typo.
fn keyword_typo(tok: Token<'_>, expected: &[String]) -> Option<String> {
    let (Token::Ident(word) | Token::BadWord(word)) = tok else {
        return None;
    };
    let limit = (word.chars().count() / 3).max(1);
    expected
        .iter()
        .filter_map(|e| {
            let k = e.strip_prefix('"')?.strip_suffix('"')?;
            // Contextual keywords are spelt as the word that starts them.
            let k = k.split('-').next().unwrap_or(k);
            k.chars().all(|c| c.is_ascii_lowercase()).then_some(k)
        })
        .map(|k| (strsim::damerau_levenshtein(word, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k.to_owned())
}

/// "`provider`, `target` or a name" from LALRPOP's expected terminals.
fn expected_phrase(expected: &[String]) -> String {
    const CLAUSES: &[&str] = &["\"provider\"", "\"target\"", "\"credit\""];
    const ITEMS: &[&str] = &["\"party\"", "\"service\"", "\"sla\""];
    const QUALIFIERS: &[&str] = &["\"per\"", "\"during\"", "\"measured\""];
    const OPS: &[&str] = &["\">=\"", "\"<=\"", "\"<\""];
    let has_all = |set: &[&str]| set.iter().all(|s| expected.iter().any(|e| e == s));
    let mut parts: Vec<String> = Vec::new();
    let mut skip: Vec<&str> = Vec::new();
    if has_all(ITEMS) {
        parts.push("a declaration (`party`, `service`, `calendar`, `metric`, `priorities`, `scale`, `sla`, `ola`, `xla` or `contract`)".into());
        skip.extend([
            "\"party\"",
            "\"service\"",
            "\"calendar\"",
            "\"metric\"",
            "\"priorities\"",
            "\"scale\"",
            "\"sla\"",
            "\"ola\"",
            "\"xla\"",
            "\"contract\"",
        ]);
    }
    if has_all(CLAUSES) {
        parts.push("a clause such as `target`, `credit` or `provider`".into());
        skip.extend([
            "\"provider\"",
            "\"customer\"",
            "\"status\"",
            "\"valid\"",
            "\"review\"",
            "\"fee\"",
            "\"target\"",
            "\"credit\"",
            "\"reward\"",
            "\"credits\"",
            "\"claim\"",
            "\"earn\"",
            "\"supersedes\"",
            "\"extends\"",
            "\"prevails\"",
            "\"action\"",
            "\"changes\"",
            "\"below-docs\"",
            "\"downtime-rule\"",
            "\"uptime-rule\"",
        ]);
    }
    if has_all(QUALIFIERS) {
        parts.push("a qualifier such as `per`, `during`, `for`, `where` or `measured by`".into());
        skip.extend([
            "\"for\"",
            "\"where\"",
            "\"during\"",
            "\"per\"",
            "\"over\"",
            "\"in\"",
            "\"measured\"",
            "\"excluding\"",
            "\"minimum\"",
            "\"supported\"",
            "\"rising\"",
            "\"if\"",
        ]);
    }
    if has_all(OPS) {
        parts.push("a comparison (`>=`, `>`, `<=`, `<` or `=`)".into());
        skip.extend(["\">=\"", "\">\"", "\"<=\"", "\"<\"", "\"=\""]);
    }
    let value_like = expected.iter().any(|e| e == "quantity");
    for e in expected {
        if skip.contains(&e.as_str()) {
            continue;
        }
        let phrase = match e.as_str() {
            "ident" => "a name".to_owned(),
            "quantity" => "a number such as `99.5%`, `15min` or `4.2`".to_owned(),
            "\"+\"" | "\"-\"" if value_like => continue,
            "currency" => "a currency code such as `GBP`".to_owned(),
            "string" => "a string in double quotes".to_owned(),
            "date" => "a date such as `2026-09-01`".to_owned(),
            "time" => "a time such as `08:00`".to_owned(),
            "\"downtime-rule\"" => "`downtime when`".to_owned(),
            "\"uptime-rule\"" => "`uptime from`".to_owned(),
            "\"below-docs\"" => "`below \"…\"`".to_owned(),
            quoted => format!("`{}`", quoted.trim_matches('"')),
        };
        if !parts.contains(&phrase) {
            parts.push(phrase);
        }
    }
    match parts.len() {
        0 => "something else".to_owned(),
        1 => parts.remove(0),
        n => {
            let last = parts.remove(n - 1);
            format!("{} or {last}", parts.join(", "))
        }
    }
}

/// Attaches each run of `///` lines to the item or target whose first token
/// follows it; returns the spans of the runs that precede anything else.
/// `doc_next` holds, for each doc line, the index of the token after it and
/// where that token starts (see `lexer::Stream`).
fn attach_docs(
    file: &mut ast::File,
    trivia: &[Trivia],
    doc_next: &[(usize, Option<usize>)],
) -> Vec<Span> {
    // A run of doc lines followed by the same token is one doc comment.
    let mut lines = trivia
        .iter()
        .filter(|t| t.kind == TriviaKind::Doc)
        .zip(doc_next)
        .peekable();
    let mut stray = Vec::new();
    while let Some((first, &(next, at))) = lines.next() {
        // The lines joined by `\n`, written straight into one string.
        let mut text = doc_body(first).to_owned();
        let mut last = first;
        while let Some((line, _)) = lines.next_if(|(_, n)| n.0 == next) {
            text.push('\n');
            text.push_str(doc_body(line));
            last = line;
        }
        let doc = ast::Doc {
            text,
            span: first.span.to(last.span),
        };
        if let Some(slot) = at.and_then(|at| doc_slot(file, at)) {
            *slot = Some(Box::new(doc));
        } else {
            stray.push(doc.span);
        }
    }
    stray
}

/// A `///` line without its slashes and one following space.
fn doc_body(line: &Trivia) -> &str {
    let body = line.text.strip_prefix("///").unwrap_or(&line.text);
    body.strip_prefix(' ').unwrap_or(body)
}

fn doc_slot(file: &mut ast::File, at: usize) -> Option<&mut Option<Box<ast::Doc>>> {
    let at = u32::try_from(at).ok()?;
    let idx = file.items.partition_point(|i| i.span.end <= at);
    let item = file.items.get_mut(idx)?;
    if item.span.start == at {
        return Some(&mut item.doc);
    }
    if let ast::ItemKind::Agreement(a) = &mut item.kind {
        for clause in &mut a.clauses {
            if clause.span.start == at
                && let ast::BodyClauseKind::Target(t) = &mut clause.kind
            {
                return Some(&mut t.doc);
            }
        }
    }
    None
}
