//! Completion, semantic tokens, code actions, inlay hints and folding.

use abide_check::checks::alignment::alignment;
use abide_check::model::{self, ItemModel, Name};
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
                    c.insert_text = Some(t.name.clone());
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
        "per" | "every" => {
            return ["day", "week", "month", "quarter", "half_year", "year"].iter().map(|p| item(p, CompletionItemKind::ENUM_MEMBER, Some("period".into()))).collect();
        }
        "status" => {
            return ["draft", "negotiating", "signed", "withdrawn"].iter().map(|p| item(p, CompletionItemKind::ENUM_MEMBER, Some("status".into()))).collect();
        }
        "=" | "in" if prev.len() >= 2 => {
            let field = prev[prev.len() - 2].trim_start_matches('[');
            if let Some(ItemModel::Priorities(p)) = model::model(&snap.db, e.ws, field) {
                return p.levels.iter().map(|(l, t)| item(l, CompletionItemKind::ENUM_MEMBER, t.clone())).collect();
            }
        }
        _ => {}
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
            Token::Quantity(_) | Token::Date(_) | Token::Time(_) | Token::Currency(_) => {
                SemanticTokenType::NUMBER
            }
            Token::Str(_) => SemanticTokenType::STRING,
            Token::Ident(name) => match scope.get(name).map(|d| d.tag) {
                Some(ItemTag::Metric) => SemanticTokenType::PROPERTY,
                Some(ItemTag::Calendar | ItemTag::Priorities) => SemanticTokenType::TYPE,
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
        let al = alignment(db, e.ws, Name::new(db, a.name.text.clone()));
        for t in a.targets() {
            let Some(fig) = al.figures.get(&t.name.text) else {
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
                    if fig.aligned { "✓" } else { "✗" }
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
