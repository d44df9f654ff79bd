//! The layout: walks the AST, and prints the prepared tokens in order with
//! canonical whitespace.
//!
//! The AST only decides where lines break and how deep they are indented;
//! every character printed (besides whitespace and the commas of broken
//! lists) is a token's own source text. Tokens are printed exactly once, in
//! source order, so the printer cannot reorder or lose anything: the AST
//! spans only say up to where the current piece goes.
//!
//! Comments force line breaks: a trailing comment ends its line, and a
//! leading comment gets lines of its own. Where the layout has no break at
//! that point (a comment inside a path, say), the line is broken there and
//! continues one level deeper.

use abide_syntax::Span;
use abide_syntax::Token;
use abide_syntax::ast::*;

use crate::MAX_WIDTH;
use crate::prep::{Comment, Prepared, Tok};

/// One level of indentation.
const STEP: usize = 4;

/// The whitespace before a token on the same line.
#[derive(Clone, Copy)]
enum Sp {
    /// By the spacing rules of [`Printer::space`].
    Auto,
    /// One space.
    Space,
    /// Nothing.
    Tight,
    /// `n` spaces (column alignment).
    Pad(usize),
}

/// Blank lines before a break's leading comments (or its token).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// None.
    Drop,
    /// One if the source has at least one.
    Keep,
    /// Exactly one.
    Force,
}

/// Prints a parsed file.
pub fn print(file: &File, prepared: &Prepared<'_>) -> String {
    let mut p = Printer {
        toks: &prepared.toks,
        eof: &prepared.eof,
        pos: 0,
        out: String::new(),
        indent: 0,
        line_indent: 0,
        col: 0,
        at_start: true,
        pending_nl: false,
        cont: STEP,
        last: None,
        leading_done: None,
        commas: Vec::new(),
        lines: 0,
        party: false,
    };
    p.file(file);
    p.finish()
}

/// A piece of a clause after its head: a qualifier, `supported by`,
/// `rising to`, or the `for N consecutive PERIOD` of an earn-back clause.
struct Part<'a> {
    /// Where it ends.
    end: u32,
    /// Starts its own line when the clause is broken (`measured by`,
    /// `supported by`, `rising to`).
    anchor: bool,
    /// How to print it.
    kind: PartKind<'a>,
}

enum PartKind<'a> {
    /// Token by token.
    Plain,
    /// `excluding A, "B"`: a bare list.
    Excluding(&'a [Exclusion]),
    /// `supported by S, S`: a bare list of supports.
    Supported(&'a [Support]),
    /// `where F in [A, B]`: a bracketed list.
    WhereList(&'a [WhereValue]),
    /// `counting ["A", "B"]`: a bracketed list of strings.
    Strings(&'a [Str]),
}

/// An entry of a list.
#[derive(Clone, Copy)]
enum Entry<'a> {
    /// Printed token by token.
    Plain(Span),
    /// A support expression (its combinator calls may break).
    Support(&'a Support),
}

impl Entry<'_> {
    fn span(self) -> Span {
        match self {
            Entry::Plain(s) => s,
            Entry::Support(s) => s.span(),
        }
    }
}

fn where_span(v: &WhereValue) -> Span {
    match v {
        WhereValue::Word(n) => n.span,
        WhereValue::Str(s) => s.span,
        WhereValue::Number(q) => q.span,
    }
}

fn exclusion_span(x: &Exclusion) -> Span {
    match x {
        Exclusion::Calendar(n) => n.span,
        Exclusion::Reason(s) => s.span,
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

struct Printer<'p, 's> {
    toks: &'p [Tok<'s>],
    eof: &'p [Comment],
    /// The next token to print.
    pos: usize,
    out: String,
    /// Indentation of the current line (written with its first text).
    indent: usize,
    /// Indentation the current line was written with.
    line_indent: usize,
    /// Column after the last character written.
    col: usize,
    /// Nothing written on the current line yet.
    at_start: bool,
    /// A trailing comment ended the line: the next token starts a new one.
    pending_nl: bool,
    /// Indentation of a line broken where the layout has no break.
    cont: usize,
    /// The last token printed (for spacing).
    last: Option<Token<'s>>,
    /// The token whose leading comments were printed at a layout break.
    leading_done: Option<usize>,
    /// Tokens to print a comma right after (added to a broken list, or
    /// moved before a trailing comment); nested lists add theirs.
    commas: Vec<usize>,
    /// Line breaks written so far.
    lines: usize,
    /// Inside a `party` line: ` : ` is spaced on both sides.
    party: bool,
}

impl<'s> Printer<'_, 's> {
    // ------------------------------------------------------------ output

    fn finish(mut self) -> String {
        let kept = self.out.trim_end_matches('\n').len();
        self.out.truncate(kept);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    /// The column the next text starts at.
    fn col(&self) -> usize {
        if self.at_start { self.indent } else { self.col }
    }

    fn write(&mut self, s: &str) {
        if self.at_start {
            self.out.extend(std::iter::repeat_n(' ', self.indent));
            self.col = self.indent;
            self.line_indent = self.indent;
            self.at_start = false;
        }
        self.out.push_str(s);
        self.col += width(s);
    }

    /// Ends the current line (if anything is on it); the next line is indented `indent`.
    fn nl(&mut self, indent: usize) {
        if !self.at_start {
            self.out.push('\n');
            self.lines += 1;
            self.at_start = true;
        }
        self.indent = indent;
        self.pending_nl = false;
    }

    /// Makes sure an empty line comes before the next text (never at the top of the file).
    fn blank(&mut self) {
        if self.out.is_empty() {
            return;
        }
        let indent = self.indent;
        self.nl(indent);
        if !self.out.ends_with("\n\n") {
            self.out.push('\n');
            self.lines += 1;
        }
    }

    /// Own-line comments at the current indentation, each on its line.
    /// Blank lines between them are kept (one at most), never after a `///`.
    fn comment_lines(&mut self, cs: &[Comment]) {
        for (k, c) in cs.iter().enumerate() {
            if k > 0 && c.blank_before && !cs[k - 1].doc {
                self.blank();
            }
            self.write(&c.text);
            let indent = self.indent;
            self.nl(indent);
        }
    }

    /// A layout break: a new line at `indent`, the next token's leading
    /// comments on lines of their own, and blank lines as `before` says
    /// (before the comments) and `after` allows (between them and the token).
    fn break_to(&mut self, indent: usize, before: Blank, after: bool) {
        self.nl(indent);
        let toks = self.toks;
        let Some(t) = toks.get(self.pos) else {
            return;
        };
        let first_blank = t.leading.first().map_or(t.blank_before, |c| c.blank_before);
        match before {
            Blank::Force => self.blank(),
            Blank::Keep if first_blank => self.blank(),
            Blank::Keep | Blank::Drop => {}
        }
        if let Some(last) = t.leading.last() {
            self.comment_lines(&t.leading);
            if after && t.blank_before && !last.doc {
                self.blank();
            }
            self.leading_done = Some(self.pos);
        }
    }

    // ------------------------------------------------------------ tokens

    /// Whether a space separates two tokens on one line.
    fn space(&self, prev: Option<Token<'_>>, next: Token<'_>) -> bool {
        let Some(prev) = prev else {
            return false;
        };
        match next {
            Token::Colon => return self.party,
            Token::Comma
            | Token::Semi
            | Token::RParen
            | Token::RBracket
            | Token::Dot
            | Token::DotDot => return false,
            Token::LParen if matches!(prev, Token::Ident(_)) => return false,
            _ => {}
        }
        match prev {
            Token::LParen | Token::LBracket | Token::Dot | Token::DotDot => false,
            Token::Plus | Token::Minus => !matches!(next, Token::Quantity(_)),
            _ => true,
        }
    }

    /// Prints the next token.
    fn tok(&mut self, sp: Sp) {
        let toks = self.toks;
        let Some(t) = toks.get(self.pos) else {
            return;
        };
        if !t.leading.is_empty() && self.leading_done != Some(self.pos) {
            // No layout break here: break the line anyway, one level deeper.
            let cont = self.cont;
            self.nl(cont);
            self.comment_lines(&t.leading);
        }
        if self.pending_nl {
            let cont = self.cont;
            self.nl(cont);
        }
        if !self.at_start {
            match sp {
                Sp::Auto if self.space(self.last, t.kind) => self.write(" "),
                Sp::Space => self.write(" "),
                Sp::Pad(n) => {
                    let pad = " ".repeat(n.max(1));
                    self.write(&pad);
                }
                Sp::Auto | Sp::Tight => {}
            }
        }
        self.write(t.text);
        self.last = Some(t.kind);
        if let Some(k) = self.commas.iter().position(|&at| at == self.pos) {
            self.commas.swap_remove(k);
            self.write(",");
            self.last = Some(Token::Comma);
        }
        if let Some(c) = &t.trailing {
            self.write("  ");
            self.write(&c.text);
            self.pending_nl = true;
        }
        self.pos += 1;
    }

    /// A comma right before `)` or `]` with no comment on either: dropped
    /// when the list is printed on one line.
    fn droppable_comma(&self, i: usize) -> bool {
        let (Some(t), Some(next)) = (self.toks.get(i), self.toks.get(i + 1)) else {
            return false;
        };
        t.kind == Token::Comma
            && t.leading.is_empty()
            && t.trailing.is_none()
            && matches!(next.kind, Token::RParen | Token::RBracket)
            && next.leading.is_empty()
    }

    /// Prints every token that ends at or before `end`.
    fn upto(&mut self, end: u32) {
        while let Some(t) = self.toks.get(self.pos)
            && t.end <= end
        {
            if self.droppable_comma(self.pos) {
                self.pos += 1;
                continue;
            }
            self.tok(Sp::Auto);
        }
    }

    /// Prints every token that starts before `start`.
    fn upto_before(&mut self, start: u32) {
        while let Some(t) = self.toks.get(self.pos)
            && t.start < start
        {
            self.tok(Sp::Auto);
        }
    }

    /// The index of the first token that ends after `end`.
    fn idx_after(&self, end: u32) -> usize {
        self.toks.partition_point(|t| t.end <= end)
    }

    /// The width of tokens `a..b` printed on one line. A comma before `)`
    /// or `]` never counts: one-line lists drop it, broken lists add it,
    /// so counting it would make the layout depend on the last run.
    fn flat_width(&self, a: usize, b: usize) -> usize {
        let mut w = 0;
        let mut last = None;
        for i in a..b.min(self.toks.len()) {
            let closing = self
                .toks
                .get(i + 1)
                .is_some_and(|n| matches!(n.kind, Token::RParen | Token::RBracket));
            if self.toks[i].kind == Token::Comma && closing {
                continue;
            }
            let t = &self.toks[i];
            if self.space(last, t.kind) {
                w += 1;
            }
            w += width(t.text);
            last = Some(t.kind);
        }
        w
    }

    /// A comment among tokens `a..b` that forces a line break inside them
    /// (a comment before `a` or after the last one does not).
    fn comments_inside(&self, a: usize, b: usize) -> bool {
        let b = b.min(self.toks.len());
        (a..b).any(|i| {
            let t = &self.toks[i];
            (i > a && !t.leading.is_empty()) || (i + 1 < b && t.trailing.is_some())
        })
    }

    /// Whether the next token must start a new line.
    fn forced_break(&self) -> bool {
        self.pending_nl
            || self
                .toks
                .get(self.pos)
                .is_some_and(|t| !t.leading.is_empty())
    }

    // ------------------------------------------------------------ items

    fn file(&mut self, file: &File) {
        let items = &file.items;
        let mut i = 0;
        while let Some(item) = items.get(i) {
            let before = if i == 0 { Blank::Drop } else { Blank::Force };
            if matches!(item.kind, ItemKind::Party(_)) {
                let run = items[i..]
                    .iter()
                    .take_while(|it| matches!(it.kind, ItemKind::Party(_)))
                    .count();
                self.party_run(&items[i..i + run], before);
                i += run;
            } else {
                self.break_to(0, before, true);
                self.item(item);
                i += 1;
            }
        }
        // Nothing should be left; print it rather than lose it.
        self.cont = STEP;
        self.upto(u32::MAX);
        let eof = self.eof;
        if let Some(first) = eof.first() {
            self.nl(0);
            if first.blank_before {
                self.blank();
            }
            self.comment_lines(eof);
        }
    }

    fn item(&mut self, item: &Item) {
        self.cont = STEP;
        match &item.kind {
            ItemKind::Party(p) => self.party_line(p, item.span, None),
            ItemKind::Service(s) => {
                self.header();
                for (k, c) in s.clauses.iter().enumerate() {
                    self.clause_start(k == 0);
                    match &c.kind {
                        ServiceClauseKind::Owner(_) => self.upto(c.span.end),
                        ServiceClauseKind::Users(ns) | ServiceClauseKind::DependsOn(ns) => {
                            let entries: Vec<Entry<'_>> =
                                ns.iter().map(|n| Entry::Plain(n.span)).collect();
                            self.keyword_and_list(&entries, c.span.end);
                        }
                    }
                }
                self.close(item.span, s.clauses.is_empty());
            }
            ItemKind::Calendar(cal) => {
                self.header();
                for (k, c) in cal.clauses.iter().enumerate() {
                    self.clause_start(k == 0);
                    if let CalendarClauseKind::Except(ds) = &c.kind {
                        let entries: Vec<Entry<'_>> =
                            ds.iter().map(|d| Entry::Plain(d.span)).collect();
                        self.keyword_and_list(&entries, c.span.end);
                    } else {
                        self.upto(c.span.end);
                    }
                }
                self.close(item.span, cal.clauses.is_empty());
            }
            ItemKind::Metric(m) => {
                self.header();
                for (k, c) in m.clauses.iter().enumerate() {
                    self.clause_start(k == 0);
                    self.upto(c.span.end);
                }
                self.close(item.span, m.clauses.is_empty());
            }
            ItemKind::Priorities(Priorities { levels, .. })
            | ItemKind::Scale(Scale { levels, .. }) => {
                self.header();
                let columns = self.level_columns(levels);
                for (k, l) in levels.iter().enumerate() {
                    self.clause_start(k == 0);
                    self.upto(l.name.span.end);
                    if let Some((w, title_col)) = columns
                        && self.level_alignable(l)
                    {
                        let name_pad = w - width(&l.name.text).min(w) + 1;
                        match (&l.title, title_col) {
                            (Some(t), _) => {
                                // The title, then `when` in its column.
                                self.tok(Sp::Pad(name_pad));
                                self.upto(t.span.end);
                                if let Some(tw) = title_col
                                    && !l.rule.is_empty()
                                {
                                    let t_w = self.text_width(t.span);
                                    self.tok(Sp::Pad(tw - t_w.min(tw) + 1));
                                }
                            }
                            // No title: `when` in the column after the titles.
                            (None, Some(tw)) if !l.rule.is_empty() => {
                                self.tok(Sp::Pad(name_pad + tw + 1));
                            }
                            (None, None) if !l.rule.is_empty() => self.tok(Sp::Pad(name_pad)),
                            (None, _) => {}
                        }
                    }
                    self.upto(l.span.end);
                }
                self.close(item.span, levels.is_empty());
            }
            ItemKind::Agreement(a) => {
                self.header();
                for (k, c) in a.clauses.iter().enumerate() {
                    self.clause_start(k == 0);
                    self.body_clause(c);
                }
                self.close(item.span, a.clauses.is_empty());
            }
        }
        self.upto(item.span.end);
    }

    /// An item's header, up to and including its `{`.
    fn header(&mut self) {
        self.cont = STEP;
        while let Some(t) = self.toks.get(self.pos) {
            let brace = t.kind == Token::LBrace;
            self.tok(Sp::Auto);
            if brace {
                break;
            }
        }
    }

    /// A clause of a `{ }` body starts on its own line.
    fn clause_start(&mut self, first: bool) {
        self.break_to(STEP, if first { Blank::Drop } else { Blank::Keep }, true);
        self.cont = 2 * STEP;
    }

    /// The closing `}` of an item (`{}` for an empty body without comments).
    fn close(&mut self, item: Span, empty: bool) {
        self.cont = 2 * STEP;
        self.upto(item.end.saturating_sub(1));
        let toks = self.toks;
        let Some(t) = toks.get(self.pos) else {
            return;
        };
        if empty && t.leading.is_empty() && !self.pending_nl {
            self.tok(Sp::Tight);
            return;
        }
        if !t.leading.is_empty() {
            self.break_to(STEP, if empty { Blank::Drop } else { Blank::Keep }, false);
        }
        self.nl(0);
        self.tok(Sp::Tight);
    }

    /// `party NAME "Title" : KIND (of ORG)?`, padded for alignment when
    /// `columns` is given: (name width, title width if titles align).
    fn party_line(&mut self, p: &Party, span: Span, columns: Option<(usize, Option<usize>)>) {
        self.party = true;
        self.cont = STEP;
        self.upto(p.name.span.end);
        if let Some((name_w, title_w)) = columns {
            let name_pad = name_w - width(&p.name.text).min(name_w) + 1;
            match (&p.title, title_w) {
                (Some(title), Some(title_w)) => {
                    let text_w = self.text_width(title.span);
                    self.tok(Sp::Pad(name_pad));
                    self.tok(Sp::Pad(title_w - text_w.min(title_w) + 1));
                }
                (Some(_), None) => {
                    self.tok(Sp::Pad(name_pad));
                    self.tok(Sp::Space);
                }
                (None, Some(title_w)) => self.tok(Sp::Pad(name_pad + title_w + 1)),
                (None, None) => self.tok(Sp::Pad(name_pad)),
            }
        }
        self.upto(span.end);
        self.party = false;
    }

    /// A priority level with no comment between its name and its title.
    fn level_alignable(&self, l: &PriorityLevel) -> bool {
        let a = self.toks.partition_point(|t| t.start < l.span.start);
        !self.comments_inside(a, self.idx_after(l.span.end))
    }

    /// The columns of a priority scale's levels: the width of the name
    /// column (the longest level name), when the titles (or, without
    /// titles, the `when` rules) line up in a column within the width; and
    /// the width of the title column, when titled levels have `when` rules
    /// that line up after the titles within the width.
    fn level_columns(&self, levels: &[PriorityLevel]) -> Option<(usize, Option<usize>)> {
        let aligned = || levels.iter().filter(|l| self.level_alignable(l));
        let name_w = aligned().map(|l| width(&l.name.text)).max()?;
        let rule_w = |l: &PriorityLevel| {
            let after = l.title.as_ref().map_or(l.name.span.end, |t| t.span.end);
            let a = self.idx_after(after);
            self.flat_width(a, self.idx_after(l.span.end))
        };
        let title_w = |l: &PriorityLevel| l.title.as_ref().map_or(0, |t| self.text_width(t.span));
        let titled_rules = aligned().any(|l| l.title.is_some() && !l.rule.is_empty());
        let title_col = aligned()
            .filter(|l| l.title.is_some())
            .map(title_w)
            .max()
            .filter(|_| titled_rules)
            .filter(|&tw| {
                aligned().all(|l| {
                    l.rule.is_empty() || STEP + name_w + 1 + tw + 1 + rule_w(l) <= MAX_WIDTH
                })
            });
        let fits = aligned().all(|l| {
            let rest = if l.title.is_some() {
                title_w(l)
            } else if l.rule.is_empty() {
                0
            } else {
                rule_w(l)
            };
            STEP + name_w + 1 + rest <= MAX_WIDTH
        });
        fits.then_some((name_w, title_col))
    }

    /// The printed width of the source text of `span`.
    fn text_width(&self, span: Span) -> usize {
        let a = self.toks.partition_point(|t| t.start < span.start);
        let b = self.idx_after(span.end);
        self.flat_width(a, b)
    }

    /// Consecutive parties: one per line, names, titles and `:` in columns.
    ///
    /// The name column is as wide as the longest name; the `:` column
    /// follows the longest title, unless that would take a line past the
    /// width, in which case each title is followed by one space. Blank
    /// lines between parties of a run are kept (one at most), so that a
    /// run can be grouped; a party with a comment inside is not aligned.
    fn party_run(&mut self, items: &[Item], before: Blank) {
        let parties: Vec<(&Party, Span)> = items
            .iter()
            .filter_map(|it| match &it.kind {
                ItemKind::Party(p) => Some((p, it.span)),
                _ => None,
            })
            .collect();
        let alignable: Vec<bool> = parties
            .iter()
            .map(|(_, span)| {
                let a = self.toks.partition_point(|t| t.start < span.start);
                !self.comments_inside(a, self.idx_after(span.end))
            })
            .collect();
        let aligned = || parties.iter().zip(&alignable).filter(|(_, a)| **a);
        let name_w = aligned()
            .map(|((p, _), _)| width(&p.name.text))
            .max()
            .unwrap_or(0);
        let title_w = aligned()
            .filter_map(|((p, _), _)| p.title.as_ref().map(|t| self.text_width(t.span)))
            .max();
        let fits = aligned().all(|((p, span), _)| {
            let kind_start = p.kind.span.start;
            let a = self.toks.partition_point(|t| t.start < kind_start);
            let rest = self.flat_width(a, self.idx_after(span.end));
            // `party ` NAME ` ` TITLE ` ` `: ` KIND…
            6 + name_w + 1 + title_w.map_or(0, |w| w + 1) + 2 + rest <= MAX_WIDTH
        });
        let title_w = title_w.filter(|_| fits);
        for (k, ((p, span), alignable)) in parties.iter().zip(&alignable).enumerate() {
            self.break_to(0, if k == 0 { before } else { Blank::Keep }, true);
            self.party_line(p, *span, alignable.then_some((name_w, title_w)));
        }
    }

    // ------------------------------------------------------------ agreement bodies

    fn body_clause(&mut self, c: &BodyClause) {
        match &c.kind {
            BodyClauseKind::Target(t) => {
                let parts: Vec<Part<'_>> = t
                    .clauses
                    .iter()
                    .map(|tc| match tc {
                        TargetClause::Qualifier(q) => qualifier_part(q),
                        TargetClause::SupportedBy { supports, span } => Part {
                            end: span.end,
                            anchor: true,
                            kind: PartKind::Supported(supports),
                        },
                        TargetClause::Rising { span, .. } => Part {
                            end: span.end,
                            anchor: true,
                            kind: PartKind::Plain,
                        },
                        TargetClause::If { span, .. } => Part {
                            end: span.end,
                            anchor: false,
                            kind: PartKind::Plain,
                        },
                    })
                    .collect();
                let stepped = t
                    .clauses
                    .iter()
                    .any(|tc| matches!(tc, TargetClause::Rising { .. }));
                self.head_and_parts(t.condition.span.end, &parts, c.span.end, stepped);
            }
            BodyClauseKind::Credit(r) | BodyClauseKind::Reward(r) => match &r.trigger {
                Trigger::When {
                    condition,
                    qualifiers,
                } => {
                    let parts: Vec<Part<'_>> = qualifiers.iter().map(qualifier_part).collect();
                    self.head_and_parts(condition.span.end, &parts, c.span.end, false);
                }
                Trigger::ForEach { .. } => self.upto(c.span.end),
            },
            BodyClauseKind::EarnBack(e) => {
                let mut parts: Vec<Part<'_>> = e.qualifiers.iter().map(qualifier_part).collect();
                parts.push(Part {
                    end: c.span.end,
                    anchor: false,
                    kind: PartKind::Plain,
                });
                self.head_and_parts(e.condition.span.end, &parts, c.span.end, false);
            }
            BodyClauseKind::Action(act) => {
                let mut parts: Vec<Part<'_>> = act.qualifiers.iter().map(qualifier_part).collect();
                for end in [
                    act.consecutive.as_ref().map(|x| x.span.end),
                    act.lasting.as_ref().map(|x| x.span.end),
                ]
                .into_iter()
                .flatten()
                {
                    parts.push(Part {
                        end,
                        anchor: false,
                        kind: PartKind::Plain,
                    });
                }
                self.head_and_parts(act.condition.span.end, &parts, c.span.end, false);
            }
            BodyClauseKind::ErrorRate(er) => {
                let head_end = match &er.rule {
                    ErrorRateRule::DowntimeWhen(cond) => cond.span.end,
                    ErrorRateRule::UptimeFrom(e) => e.span().end,
                };
                let mut parts = vec![Part {
                    end: er.bucket.span.end,
                    anchor: false,
                    kind: PartKind::Plain,
                }];
                if !er.counting.is_empty() {
                    parts.push(Part {
                        end: er.minimum.as_ref().map_or(c.span.end, |m| m.span.start),
                        anchor: false,
                        kind: PartKind::Strings(&er.counting),
                    });
                }
                if let Some(m) = &er.minimum {
                    parts.push(Part {
                        end: m.span.end,
                        anchor: false,
                        kind: PartKind::Plain,
                    });
                }
                self.head_and_parts(head_end, &parts, c.span.end, false);
            }
            // Bare lists: filled while they fit, then aligned with the first entry.
            BodyClauseKind::PrevailsOver(nouns) => {
                let entries: Vec<Entry<'_>> =
                    nouns.iter().map(|n| Entry::Plain(n.span())).collect();
                self.keyword_and_list(&entries, c.span.end);
            }
            BodyClauseKind::Below(docs) => {
                let entries: Vec<Entry<'_>> = docs.iter().map(|d| Entry::Plain(d.span)).collect();
                self.keyword_and_list(&entries, c.span.end);
            }
            BodyClauseKind::Payment(p) => {
                let entries: Vec<Entry<'_>> =
                    p.terms.iter().map(|t| Entry::Plain(t.span)).collect();
                self.keyword_and_list(&entries, c.span.end);
            }
            _ => self.upto(c.span.end),
        }
    }

    /// A clause with a head (`target NAME: CONDITION`, `credit … when
    /// CONDITION`) and parts (qualifiers, support, steps).
    ///
    /// On one line when it fits and no comment breaks it (and, for a
    /// stepped target, never). Otherwise the head line keeps the plain
    /// qualifiers that fit after it; `measured by`, `supported by` and
    /// `rising to` each start a continuation line, and plain qualifiers
    /// after them start one too, then fill it while they fit.
    fn head_and_parts(&mut self, head_end: u32, parts: &[Part<'_>], end: u32, always_break: bool) {
        let clause_indent = self.col();
        let cont_line = clause_indent + STEP;
        let (a, b) = (self.pos, self.idx_after(end));
        let one_line = !always_break
            && !self.comments_inside(a, b)
            && clause_indent + self.flat_width(a, b) <= MAX_WIDTH;
        self.cont = cont_line;
        self.upto(head_end);
        let mut line_closed = false;
        for part in parts {
            let (pa, pb) = (self.pos, self.idx_after(part.end));
            let join = one_line
                || (!part.anchor
                    && !line_closed
                    && !self.forced_break()
                    && !self.comments_inside(pa, pb)
                    && self.col() + 1 + self.flat_width(pa, pb) <= MAX_WIDTH);
            if !join {
                self.break_to(cont_line, Blank::Drop, false);
                line_closed = part.anchor;
            }
            self.cont = cont_line + STEP;
            let lines = self.lines;
            self.part(part);
            if self.lines != lines {
                line_closed = true;
            }
        }
        self.upto(end);
    }

    fn part(&mut self, part: &Part<'_>) {
        match part.kind {
            PartKind::Plain => self.upto(part.end),
            PartKind::Excluding(xs) => {
                let entries: Vec<Entry<'_>> =
                    xs.iter().map(|x| Entry::Plain(exclusion_span(x))).collect();
                self.keyword_and_list(&entries, part.end);
            }
            PartKind::Supported(ss) => {
                let entries: Vec<Entry<'_>> = ss.iter().map(Entry::Support).collect();
                self.keyword_and_list(&entries, part.end);
            }
            PartKind::WhereList(vs) => {
                let entries: Vec<Entry<'_>> =
                    vs.iter().map(|v| Entry::Plain(where_span(v))).collect();
                self.bracketed(&entries, part.end, 0);
            }
            PartKind::Strings(ss) => {
                let entries: Vec<Entry<'_>> = ss.iter().map(|s| Entry::Plain(s.span)).collect();
                self.bracketed(&entries, part.end, 0);
            }
        }
    }

    // ------------------------------------------------------------ lists

    /// The keyword(s) before a bare list, then the list.
    fn keyword_and_list(&mut self, entries: &[Entry<'_>], end: u32) {
        if let Some(first) = entries.first() {
            self.upto_before(first.span().start);
            self.bare_list(entries);
        }
        self.upto(end);
    }

    /// A comma list without brackets (`except`, `users`, `depends on`,
    /// `excluding`, `supported by`): filled while entries fit, then
    /// continued on a line aligned with the first entry.
    fn bare_list(&mut self, entries: &[Entry<'_>]) {
        let align = self.col() + 1;
        let saved = self.cont;
        for (k, e) in entries.iter().enumerate() {
            let more = k + 1 < entries.len();
            if k > 0 {
                let (a, b) = (self.pos, self.idx_after(e.span().end));
                let w = self.flat_width(a, b) + usize::from(more);
                if self.forced_break() || self.col() + 1 + w > MAX_WIDTH {
                    self.break_to(align, Blank::Drop, false);
                }
            }
            self.cont = align;
            let glued = more && self.glue_comma(e.span().end);
            self.entry(*e, usize::from(more));
            if glued {
                self.pos += 1;
            } else if let Some(next) = entries.get(k + 1) {
                // The comma.
                self.upto_before(next.span().start);
            }
        }
        self.cont = saved;
    }

    /// When the entry ending at `end` has a trailing comment and is followed
    /// by a comma without comments, the comma is printed right after the
    /// entry, before the comment (`a.x,  // why`), instead of starting the
    /// next line. Returns true when the caller must skip the comma token.
    fn glue_comma(&mut self, end: u32) -> bool {
        let last = self.idx_after(end).saturating_sub(1);
        let (Some(t), Some(comma)) = (self.toks.get(last), self.toks.get(last + 1)) else {
            return false;
        };
        let glue = t.trailing.is_some()
            && comma.kind == Token::Comma
            && comma.leading.is_empty()
            && comma.trailing.is_none();
        if glue {
            self.commas.push(last);
        }
        glue
    }

    /// One entry of a list; `after` is the width that must follow it on its line.
    fn entry(&mut self, e: Entry<'_>, after: usize) {
        match e {
            Entry::Support(Support::Combinator { args, span, .. }) => {
                let entries: Vec<Entry<'_>> = args.iter().map(Entry::Support).collect();
                self.bracketed(&entries, span.end, after);
            }
            _ => self.upto(e.span().end),
        }
    }

    /// A list in `( )` or `[ ]` (support combinators, `where … in`): the
    /// tokens up to the opening bracket, then the list on one line when it
    /// fits and no comment breaks it (without a trailing comma); otherwise
    /// one entry per line, one level deeper, each with its comma, and the
    /// closing bracket on a line of its own.
    fn bracketed(&mut self, entries: &[Entry<'_>], end: u32, after: usize) {
        let a = self.pos;
        let b = self.idx_after(end);
        while let Some(t) = self.toks.get(self.pos)
            && self.pos < b
        {
            let open = matches!(t.kind, Token::LParen | Token::LBracket);
            self.tok(Sp::Auto);
            if open {
                break;
            }
        }
        let flat = !self.comments_inside(a, b)
            && self.col() + self.flat_width(self.pos, b) + after <= MAX_WIDTH;
        if flat {
            self.upto(end);
            return;
        }
        let base = self.line_indent;
        let inner = base + STEP;
        let saved = self.cont;
        for e in entries {
            self.break_to(inner, Blank::Drop, false);
            self.cont = inner + STEP;
            let last = self.idx_after(e.span().end).saturating_sub(1);
            let comma = self
                .toks
                .get(last + 1)
                .is_some_and(|t| t.kind == Token::Comma);
            let glued = comma && self.glue_comma(e.span().end);
            if !comma {
                self.commas.push(last);
            }
            self.entry(*e, 1);
            if glued {
                self.pos += 1;
            } else if comma {
                self.tok(Sp::Tight);
            }
        }
        // The closing bracket (after its own comments, if any).
        self.cont = inner;
        if self
            .toks
            .get(self.pos)
            .is_some_and(|t| !t.leading.is_empty())
        {
            self.break_to(inner, Blank::Drop, false);
        }
        self.nl(base);
        self.tok(Sp::Tight);
        self.cont = saved;
        self.upto(end);
    }
}

fn qualifier_part(q: &Qualifier) -> Part<'_> {
    let kind = match &q.kind {
        QualifierKind::Excluding(xs) => PartKind::Excluding(xs),
        // One listed field may break inside its brackets; `a = x and b in [...]` prints as written.
        QualifierKind::Where(fields) => match fields.as_slice() {
            [f] if f.is_list => PartKind::WhereList(&f.values),
            _ => PartKind::Plain,
        },
        _ => PartKind::Plain,
    };
    Part {
        end: q.span.end,
        anchor: matches!(q.kind, QualifierKind::MeasuredBy(_)),
        kind,
    }
}
