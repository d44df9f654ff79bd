//! Tokens with their comments attached, ready to print.
//!
//! Every comment is attached to a token: a comment that shares a line with
//! the code before it *trails* that token; any other comment *leads* the
//! next token (comments after the last token lead the end of the file).
//! The layout never moves a token across a comment, so each comment stays
//! where it was written relative to the code, and a `///` run still
//! precedes the same item or target.
//!
//! `;` tokens are dropped here (they are optional terminators) and their
//! comments move to the neighbouring tokens, with one exception: a `;`
//! directly after a `///` run is kept, because that run is a stray doc
//! comment and dropping the `;` would attach it to the next item.

use abide_syntax::lexer::lex;
use abide_syntax::{Token, TriviaKind};

/// A comment, as it will be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The text including its slashes; `//` comments lose trailing blanks,
    /// `///` comments are kept exactly (their text is part of the tree,
    /// trailing blanks included), except that `/// ` becomes `///`.
    pub text: String,
    /// A `///` doc comment.
    pub doc: bool,
    /// The source has a blank line before it.
    pub blank_before: bool,
}

/// A token with its comments.
#[derive(Debug, Clone)]
pub struct Tok<'s> {
    /// The token.
    pub kind: Token<'s>,
    /// Its text in the source.
    pub text: &'s str,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Comments on their own lines before it.
    pub leading: Vec<Comment>,
    /// A comment at the end of its line.
    pub trailing: Option<Comment>,
    /// The source has a blank line before it (after its leading comments, if any).
    pub blank_before: bool,
}

/// A source text ready for the layout.
#[derive(Debug, Clone, Default)]
pub struct Prepared<'s> {
    /// Tokens in source order, without the dropped `;`.
    pub toks: Vec<Tok<'s>>,
    /// Comments after the last token.
    pub eof: Vec<Comment>,
}

/// What came just before, while walking the file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Nothing yet, or a comment.
    Other,
    /// A kept token.
    Kept,
    /// A dropped `;`.
    Dropped,
}

fn newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

/// Lexes `src` and attaches its comments.
pub fn prepare(src: &str) -> Prepared<'_> {
    let lexed = lex(src);
    let mut out = Prepared::default();
    let mut pending: Vec<Comment> = Vec::new();
    let (mut ti, mut ci) = (0, 0);
    // End of the previous element of any kind.
    let mut last_end = 0usize;
    // A blank line since the previous kept element (a dropped `;` on a
    // line of its own does not count as one).
    let mut blank = false;
    let mut prev = Prev::Other;
    loop {
        let tok = lexed.tokens.get(ti);
        let com = lexed.trivia.get(ci);
        let take_comment = match (tok, com) {
            (None, None) => break,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some(t), Some(c)) => (c.span.start as usize) < t.0,
        };
        if let (true, Some(c)) = (take_comment, com) {
            ci += 1;
            let start = c.span.start as usize;
            let gap = src.get(last_end..start).unwrap_or("");
            let same_line = !gap.contains('\n');
            blank |= newlines(gap) >= 2;
            let doc = c.kind == TriviaKind::Doc;
            let comment = Comment {
                text: if !doc {
                    c.text.trim_end().to_owned()
                } else if c.text == "/// " {
                    // Same doc text either way.
                    "///".to_owned()
                } else {
                    c.text.to_string()
                },
                doc,
                blank_before: blank,
            };
            let last_kept = out.toks.last_mut();
            match (prev, last_kept) {
                (Prev::Kept, Some(t)) if same_line && t.trailing.is_none() => {
                    t.trailing = Some(comment);
                }
                (Prev::Dropped, Some(t))
                    if same_line && t.trailing.is_none() && pending.is_empty() =>
                {
                    t.trailing = Some(comment);
                }
                (Prev::Dropped, _) if same_line => pending.push(Comment {
                    blank_before: false,
                    ..comment
                }),
                _ => pending.push(comment),
            }
            last_end = c.span.end as usize;
            blank = false;
            prev = Prev::Other;
            continue;
        }
        let Some(&(start, kind, end)) = tok else {
            break;
        };
        ti += 1;
        blank |= src.get(last_end..start).is_some_and(|g| newlines(g) >= 2);
        last_end = end;
        if kind == Token::Semi && !pending.iter().any(|c| c.doc) {
            prev = Prev::Dropped;
            continue;
        }
        out.toks.push(Tok {
            kind,
            text: src.get(start..end).unwrap_or(""),
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            leading: std::mem::take(&mut pending),
            trailing: None,
            blank_before: blank,
        });
        blank = false;
        prev = Prev::Kept;
    }
    out.eof = pending;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_and_leading_comments() {
        let p = prepare("party a : team // t\n// l\n\nparty b : team;  // after semi\n");
        assert_eq!(
            p.toks[3].trailing.as_ref().map(|c| c.text.as_str()),
            Some("// t")
        );
        assert_eq!(p.toks[4].leading.len(), 1);
        assert!(p.toks[4].blank_before);
        assert!(!p.toks[4].leading[0].blank_before);
        // The `;` is dropped and its comment trails the token before it.
        assert_eq!(p.toks.len(), 8);
        assert_eq!(
            p.toks[7].trailing.as_ref().map(|c| c.text.as_str()),
            Some("// after semi")
        );
    }

    #[test]
    fn a_semicolon_after_a_doc_comment_is_kept() {
        let p = prepare("sla a for s { provider p\n/// stray\n; target t: x >= 1% }");
        assert!(p.toks.iter().any(|t| t.kind == Token::Semi));
    }
}
