//! Completion, semantic tokens, code actions, inlay hints and folding.

use abide_check::checks::alignment::alignment;
use abide_check::model::{self, ItemModel};
use abide_check::scope::{ItemTag, global_scope};
use abide_db::Diagnostic;
use abide_syntax::lexer::TriviaKind;
use abide_syntax::{KEYWORDS, Token, ast};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, FoldingRange, FoldingRangeKind,
    InlayHint, InlayHintKind, InlayHintLabel, Range, SemanticToken, SemanticTokenType, TextEdit,
    Uri, WorkspaceEdit,
};

use crate::session::{Entry, Snapshot, position, range};

/// The words before the cursor on its line (a cheap, robust context for completion).
fn context(text: &str, offset: usize) -> (String, String) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let word_start = before
        .rfind(|c: char| {
            !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '%' || c == '/')
        })
        // Past the separator, which may be more than one byte long.
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    (
        before[..word_start].to_owned(),
        before[word_start..].to_owned(),
    )
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

fn names_of(
    snap: &Snapshot,
    e: Entry,
    tags: &[ItemTag],
    kind: CompletionItemKind,
) -> Vec<CompletionItem> {
    global_scope(&snap.db, e.ws)
        .iter()
        .filter_map(|(n, d)| {
            d.first()
                .filter(|d| tags.contains(&d.tag))
                .map(|d| item(n, kind, Some(d.tag.article())))
        })
        .collect()
}

/// The first word of the line that opened the block around `offset` (the
/// innermost `{` not yet closed), or `None` at the top level. Text-based, so
/// it works while the line being typed does not parse; strings and comments
/// are skipped.
fn enclosing_block(text: &str, offset: usize) -> Option<&str> {
    enclosing_header(text, offset)?.split_whitespace().next()
}

/// The line that opened the block around `offset`, up to its `{`.
fn enclosing_header(text: &str, offset: usize) -> Option<&str> {
    let mut opens: Vec<usize> = Vec::new();
    let mut in_str = false;
    let mut chars = text
        .char_indices()
        .take_while(|(i, _)| *i < offset)
        .peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => in_str = !in_str,
            '\\' if in_str => {
                chars.next();
            }
            '\n' => in_str = false,
            '/' if !in_str && chars.peek().is_some_and(|(_, n)| *n == '/') => {
                while chars.peek().is_some_and(|(_, n)| *n != '\n') {
                    chars.next();
                }
            }
            '{' if !in_str => opens.push(i),
            '}' if !in_str => {
                opens.pop();
            }
            _ => {}
        }
    }
    let open = *opens.last()?;
    let line_start = text.get(..open)?.rfind('\n').map_or(0, |i| i + 1);
    text.get(line_start..open)
}

/// Inside a matrix cell of a derived priority level (`when (high, |`):
/// the levels of the input scale at that position of the cell.
fn cell_levels(
    snap: &Snapshot,
    e: Entry,
    text: &str,
    offset: usize,
    before: &str,
) -> Option<Vec<CompletionItem>> {
    let header = enclosing_header(text, offset)?;
    let words: Vec<&str> = header.split_whitespace().collect();
    if words.first() != Some(&"priorities") {
        return None;
    }
    let from = words.iter().position(|w| *w == "from")?;
    let inputs: Vec<&str> = words
        .get(from + 1..)?
        .iter()
        .copied()
        .filter(|w| *w != "x")
        .collect();
    let open = before.rfind('(')?;
    let cell = before.get(open..)?;
    if cell.contains(')') {
        return None;
    }
    let input = inputs.get(cell.matches(',').count())?;
    let levels = match model::model(&snap.db, e.ws, input)? {
        ItemModel::Scale(sc) => sc.levels,
        ItemModel::Priorities(p) => p.levels,
        _ => return None,
    };
    Some(
        levels
            .iter()
            .map(|(l, t)| {
                item(
                    l,
                    CompletionItemKind::ENUM_MEMBER,
                    t.clone().or_else(|| Some(format!("level of {input}"))),
                )
            })
            .collect(),
    )
}

/// What may start a line in an agreement body: the clause keywords, the
/// contextual `downtime when` / `uptime from` / `below "…"`, and the words
/// that continue a target or an action on its next line.
const AGREEMENT_LINE_STARTS: &[(&str, &str)] = &[
    ("provider", "clause"),
    ("customer", "clause"),
    ("status", "clause"),
    ("valid", "clause"),
    ("review", "clause"),
    ("fee", "clause"),
    ("supersedes", "clause: the agreement this one replaces"),
    ("extends", "clause: inherit another agreement's terms"),
    ("prevails", "clause: `prevails over` documents"),
    (
        "below",
        "clause: `below \"…\"` documents that override this one",
    ),
    ("target", "clause"),
    ("credit", "clause"),
    ("reward", "clause"),
    ("credits", "clause: `credits capped at` / `credits paid as`"),
    ("claim", "clause"),
    ("earn", "clause: `earn back credits`"),
    ("action", "clause: what happens when a condition holds"),
    ("changes", "clause: `changes by PARTY`"),
    (
        "downtime",
        "clause: `downtime when …` (error-rate downtime)",
    ),
    ("uptime", "clause: `uptime from …` (error-rate uptime)"),
    ("if", "target: the condition under which it holds"),
    ("in", "target: `in each` / `in at least K of N`"),
    ("rising", "target: `rising to … from …`"),
    ("supported", "target: `supported by`"),
    ("measured", "target: `measured by`"),
    ("excluding", "target"),
    ("during", "target"),
    ("per", "target"),
    ("over", "target: `over rolling`"),
    ("for", "target: `for N%`; action: `for N consecutive …`"),
    ("where", "target"),
    ("minimum", "target"),
    ("lasting", "action: `lasting > DURATION`"),
];

/// What may start a line in each other kind of block.
fn block_line_starts(block: &str) -> Option<&'static [&'static str]> {
    Some(match block {
        "service" => &["owner", "users", "depends"],
        "calendar" => &[
            "timezone", "except", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        ],
        "metric" => &["unit", "better", "category"],
        _ => return None,
    })
}

/// The declarations that may start a line at the top level.
const ITEM_KEYWORDS: &[&str] = &[
    "party",
    "service",
    "calendar",
    "metric",
    "priorities",
    "scale",
    "sla",
    "ola",
    "xla",
    "contract",
];

const AGREEMENTS: &[ItemTag] = &[
    ItemTag::Agreement(ast::AgreementKind::Sla),
    ItemTag::Agreement(ast::AgreementKind::Ola),
    ItemTag::Agreement(ast::AgreementKind::Xla),
    ItemTag::Agreement(ast::AgreementKind::Contract),
];

/// `textDocument/completion`.
pub fn completion(snap: &Snapshot, e: Entry, offset: usize) -> Vec<CompletionItem> {
    let text = e.file.text(&snap.db);
    let (before, word) = context(text, offset);
    let prev: Vec<&str> = before.split_whitespace().collect();
    let last = prev.last().copied().unwrap_or("");
    // Units after a number: `15m|` → `min`.
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        let digits: String = word
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        return [
            "%", "ms", "s", "min", "h", "d", "w", "bd", "/s", "/min", "/h",
        ]
        .iter()
        .map(|u| {
            let mut c = item(
                &format!("{digits}{u}"),
                CompletionItemKind::UNIT,
                Some("unit".into()),
            );
            c.filter_text = Some(format!("{digits}{u}"));
            c
        })
        .collect();
    }
    // `agreement.` → its targets.
    if let Some((agreement, _)) = word.split_once('.') {
        return model::agreement(&snap.db, e.ws, agreement).map_or_else(Vec::new, |a| {
            a.targets
                .iter()
                .map(|t| {
                    let mut c = item(
                        &t.name,
                        CompletionItemKind::FIELD,
                        Some(format!(
                            "{} {}",
                            t.metric.as_deref().unwrap_or("?"),
                            t.value_text
                        )),
                    );
                    c.insert_text = Some(t.name.to_string());
                    c
                })
                .collect()
        });
    }
    match last {
        "during" | "excluding" => return names_of(snap, e, &[ItemTag::Calendar], CompletionItemKind::EVENT),
        "provider" | "customer" | "owner" | "users" | "of" => return names_of(snap, e, &[ItemTag::Party], CompletionItemKind::VALUE),
        "for" if prev.len() >= 2 && AGREEMENTS.iter().any(|t| matches!(t, ItemTag::Agreement(k) if k.keyword() == prev[prev.len() - 3.min(prev.len())])) => {
            return names_of(snap, e, &[ItemTag::Service], CompletionItemKind::MODULE);
        }
        "by" if prev.iter().rev().nth(1) == Some(&"supported") => return names_of(snap, e, AGREEMENTS, CompletionItemKind::CLASS),
        "supersedes" | "extends" => return names_of(snap, e, AGREEMENTS, CompletionItemKind::CLASS),
        "over" if prev.iter().rev().nth(1) == Some(&"prevails") => return names_of(snap, e, AGREEMENTS, CompletionItemKind::CLASS),
        "by" if prev.iter().rev().nth(1) == Some(&"changes") => return names_of(snap, e, &[ItemTag::Party], CompletionItemKind::VALUE),
        "from" | "x" if prev.first() == Some(&"priorities") => return names_of(snap, e, &[ItemTag::Scale], CompletionItemKind::ENUM),
        "per" | "every" => {
            return ["day", "week", "month", "quarter", "half_year", "year"].iter().map(|p| item(p, CompletionItemKind::ENUM_MEMBER, Some("period".into()))).collect();
        }
        "status" => {
            return ["draft", "negotiating", "signed", "withdrawn"].iter().map(|p| item(p, CompletionItemKind::ENUM_MEMBER, Some("status".into()))).collect();
        }
        "=" | "in" if prev.len() >= 2 => {
            let field = prev[prev.len() - 2].trim_start_matches('[');
            match model::model(&snap.db, e.ws, field) {
                Some(ItemModel::Priorities(p)) => return p.levels.iter().map(|(l, t)| item(l, CompletionItemKind::ENUM_MEMBER, t.clone())).collect(),
                Some(ItemModel::Scale(sc)) => return sc.levels.iter().map(|(l, t)| item(l, CompletionItemKind::ENUM_MEMBER, t.clone())).collect(),
                _ => {}
            }
        }
        _ => {}
    }
    // At the start of a line: what may start a line in the enclosing block.
    if prev.is_empty() {
        match enclosing_block(text, offset) {
            None => {
                return ITEM_KEYWORDS
                    .iter()
                    .map(|k| item(k, CompletionItemKind::KEYWORD, Some("declaration".into())))
                    .collect();
            }
            Some("sla" | "ola" | "xla" | "contract") => {
                return AGREEMENT_LINE_STARTS
                    .iter()
                    .map(|(k, d)| item(k, CompletionItemKind::KEYWORD, Some((*d).to_owned())))
                    .collect();
            }
            Some(block) => {
                if let Some(words) = block_line_starts(block) {
                    return words
                        .iter()
                        .map(|k| item(k, CompletionItemKind::KEYWORD, None))
                        .collect();
                }
            }
        }
    }
    // In a matrix cell of a derived priority: the input scale's levels.
    if let Some(levels) = cell_levels(snap, e, text, offset, &before) {
        return levels;
    }
    if last.ends_with(':') || last == "(" || last.ends_with('(') || last == "when" {
        return names_of(snap, e, &[ItemTag::Metric], CompletionItemKind::PROPERTY)
            .into_iter()
            .chain(
                [
                    "mean", "median", "min", "max", "count", "share", "pct", "p50", "p90", "p95",
                    "p99",
                ]
                .iter()
                .map(|a| item(a, CompletionItemKind::FUNCTION, Some("aggregate".into()))),
            )
            .collect();
    }
    KEYWORDS
        .iter()
        .map(|k| item(k, CompletionItemKind::KEYWORD, None))
        .collect()
}

/// The token types of the semantic-tokens legend, in order.
pub const TOKEN_TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::NUMBER,
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
    SemanticTokenType::OPERATOR,
    SemanticTokenType::TYPE,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::CLASS,
];

fn type_index(t: &SemanticTokenType) -> u32 {
    TOKEN_TYPES
        .iter()
        .position(|x| x == t)
        .map_or(0, |i| u32::try_from(i).unwrap_or(0))
}

/// `textDocument/semanticTokens/full`: every token, delta-encoded.
pub fn semantic_tokens(snap: &Snapshot, e: Entry) -> Vec<SemanticToken> {
    let db = &snap.db;
    let text = e.file.text(db);
    let lexed = abide_syntax::lexer::lex(text);
    let scope = global_scope(db, e.ws);
    let mut spans: Vec<(usize, usize, u32)> = Vec::new();
    for (start, tok, end) in &lexed.tokens {
        let ty = match tok {
            t if t.is_keyword() => SemanticTokenType::KEYWORD,
            // The contextual keywords `downtime when`, `uptime from`, `below "…"`
            // (promoted by the lexer from names).
            Token::DowntimeRule | Token::UptimeRule | Token::BelowDocs => {
                SemanticTokenType::KEYWORD
            }
            Token::Quantity(_) | Token::Date(_) | Token::Time(_) | Token::Currency(_) => {
                SemanticTokenType::NUMBER
            }
            Token::Str(_) => SemanticTokenType::STRING,
            Token::Ident(name) => match scope.get(name).map(|d| d.tag) {
                Some(ItemTag::Metric) => SemanticTokenType::PROPERTY,
                Some(ItemTag::Calendar | ItemTag::Priorities | ItemTag::Scale) => {
                    SemanticTokenType::TYPE
                }
                Some(ItemTag::Agreement(_)) => SemanticTokenType::CLASS,
                Some(_) => SemanticTokenType::VARIABLE,
                None if text.get(*end..).is_some_and(|r| r.starts_with('(')) => {
                    SemanticTokenType::FUNCTION
                }
                None => SemanticTokenType::ENUM_MEMBER,
            },
            Token::Ge | Token::Gt | Token::Le | Token::Lt | Token::Eq | Token::DotDot => {
                SemanticTokenType::OPERATOR
            }
            _ => continue,
        };
        spans.push((*start, *end, type_index(&ty)));
    }
    for t in &lexed.trivia {
        let _ = t.kind == TriviaKind::Doc;
        spans.push((
            t.span.start as usize,
            t.span.end as usize,
            type_index(&SemanticTokenType::COMMENT),
        ));
    }
    spans.sort_unstable();
    let index = abide_db::queries::line_index(db, e.file);
    let mut out = Vec::with_capacity(spans.len());
    let (mut last_line, mut last_col) = (0u32, 0u32);
    for (start, end, ty) in spans {
        let p = position(index, text, start, snap.encoding);
        let q = position(index, text, end, snap.encoding);
        if q.line != p.line {
            continue; // tokens never span lines; be safe
        }
        let delta_line = p.line - last_line;
        let delta_start = if delta_line == 0 {
            p.character - last_col
        } else {
            p.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: q.character - p.character,
            token_type: ty,
            token_modifiers_bitset: 0,
        });
        last_line = p.line;
        last_col = p.character;
    }
    out
}

/// `textDocument/foldingRange`: items and multi-line targets.
pub fn folding(snap: &Snapshot, e: Entry) -> Vec<FoldingRange> {
    let db = &snap.db;
    let mut out = Vec::new();
    let mut fold = |span: abide_syntax::Span| {
        let r = range(db, e.file, span, snap.encoding);
        if r.end.line > r.start.line {
            out.push(FoldingRange {
                start_line: r.start.line,
                start_character: None,
                end_line: r.end.line,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            });
        }
    };
    for item in &abide_db::parse(db, e.file).file.items {
        fold(item.span);
        if let ast::ItemKind::Agreement(a) = &item.kind {
            for c in &a.clauses {
                fold(c.span);
            }
        }
    }
    out
}

/// `textDocument/inlayHint`: the composed figure after each `supported by` clause.
pub fn inlay_hints(snap: &Snapshot, e: Entry) -> Vec<InlayHint> {
    let db = &snap.db;
    let text = e.file.text(db);
    let index = abide_db::queries::line_index(db, e.file);
    let mut out = Vec::new();
    for item in &abide_db::parse(db, e.file).file.items {
        let ast::ItemKind::Agreement(a) = &item.kind else {
            continue;
        };
        let Some(al) = alignment(db, e.ws, &a.name.text) else {
            continue;
        };
        for t in a.targets() {
            let Some(fig) = al.figures.get(t.name.text.as_str()) else {
                continue;
            };
            let Some(span) = t.clauses.iter().find_map(|c| match c {
                ast::TargetClause::SupportedBy { span, .. } => Some(*span),
                _ => None,
            }) else {
                continue;
            };
            out.push(InlayHint {
                position: position(index, text, span.end as usize, snap.encoding),
                label: InlayHintLabel::String(format!(
                    " = {} {}",
                    fig.display,
                    if fig.hours_unknown.is_some() {
                        "?"
                    } else if fig.aligned {
                        "✓"
                    } else {
                        "✗"
                    }
                )),
                kind: Some(InlayHintKind::PARAMETER),
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            });
        }
    }
    out
}

fn quick_fix(
    title: String,
    uri: &Uri,
    edit: TextEdit,
    diag: tower_lsp_server::ls_types::Diagnostic,
) -> CodeAction {
    let mut changes = std::collections::HashMap::new();
    changes.insert(uri.clone(), vec![edit]);
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        command: None,
        is_preferred: Some(true),
        disabled: None,
        data: None,
    }
}

/// `textDocument/codeAction`: quick fixes for the diagnostics in `range`.
pub fn code_actions(snap: &Snapshot, e: Entry, uri: &Uri, want: Range) -> Vec<CodeAction> {
    let db = &snap.db;
    let mut out = Vec::new();
    let diags: Vec<Diagnostic> = abide_check::check_file(db, e.ws, e.file).clone();
    for d in &diags {
        let r = range(db, e.file, d.primary.span, snap.encoding);
        if r.end < want.start || r.start > want.end {
            continue;
        }
        let lsp = crate::diagnostics::convert(snap, d);
        // "did you mean `x`?" and "write `x`": replace the span.
        if let Some(help) = &d.help {
            let fix = help
                .strip_prefix("did you mean `")
                .or_else(|| help.strip_prefix("write `"))
                .and_then(|s| s.split_once('`'))
                .map(|(x, _)| x.to_owned());
            if let Some(x) = fix
                && !x.contains('\n')
            {
                out.push(quick_fix(
                    format!("Replace with `{x}`"),
                    uri,
                    TextEdit::new(r, x.clone()),
                    lsp.clone(),
                ));
                continue;
            }
        }
        match d.name {
            "missing-measurement" => {
                // Append `measured by "…"` after the target's condition.
                let cond_end = abide_db::parse(db, e.file)
                    .file
                    .items
                    .iter()
                    .find_map(|i| match &i.kind {
                        ast::ItemKind::Agreement(a) => a
                            .targets()
                            .find(|t| t.name.span == d.primary.span)
                            .map(|t| t.condition.span.end),
                        _ => None,
                    });
                if let Some(end) = cond_end {
                    let at = range(
                        db,
                        e.file,
                        abide_syntax::Span { start: end, end },
                        snap.encoding,
                    );
                    out.push(quick_fix(
                        "Add `measured by`".into(),
                        uri,
                        TextEdit::new(at, " measured by \"…\"".into()),
                        lsp,
                    ));
                }
            }
            "missing-review" => {
                let at = range(
                    db,
                    e.file,
                    abide_syntax::Span {
                        start: d.primary.span.end,
                        end: d.primary.span.end,
                    },
                    snap.encoding,
                );
                let brace = e
                    .file
                    .text(db)
                    .get(d.primary.span.end as usize..)
                    .and_then(|rest| rest.find('{'))
                    .map(|i| d.primary.span.end + u32::try_from(i).unwrap_or(0) + 1);
                if let Some(b) = brace {
                    let at = range(
                        db,
                        e.file,
                        abide_syntax::Span { start: b, end: b },
                        snap.encoding,
                    );
                    out.push(quick_fix(
                        "Add `review every quarter`".into(),
                        uri,
                        TextEdit::new(at, "\n    review every quarter".into()),
                        lsp,
                    ));
                } else {
                    let _ = at;
                }
            }
            _ => {}
        }
    }
    out
}
