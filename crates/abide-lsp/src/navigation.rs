//! Hover, go to definition, references, rename and symbols: thin LSP
//! wrappers over `abide_check::ide` and the models.

use std::collections::HashMap;

use abide_check::checks::alignment::alignment;
use abide_check::ide::{self, Symbol};
use abide_check::model::{self, Better, Category, Dim, ItemModel};
use abide_check::scope::ItemTag;
use abide_check::value::Value;
use abide_db::SourceFile;
use abide_syntax::ast;
use tower_lsp_server::ls_types::{
    DocumentSymbol, Location, Range, SymbolInformation, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

use crate::session::{Entry, Snapshot, range};

/// The occurrence under a position.
pub fn at(snap: &Snapshot, e: Entry, offset: usize) -> Option<ide::Occurrence> {
    ide::at_offset(&snap.db, e.ws, e.file, offset)
}

fn location(snap: &Snapshot, file: SourceFile, span: abide_syntax::Span) -> Option<Location> {
    Some(Location::new(
        snap.uri_of(file)?,
        range(&snap.db, file, span, snap.encoding),
    ))
}

/// `textDocument/definition`.
pub fn definition(snap: &Snapshot, e: Entry, offset: usize) -> Option<Location> {
    let occ = at(snap, e, offset)?;
    let (file, span) = ide::declaration(&snap.db, e.ws, &occ.symbol)?;
    location(snap, file, span)
}

/// `textDocument/references`.
pub fn references(
    snap: &Snapshot,
    e: Entry,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some(occ) = at(snap, e, offset) else {
        return Vec::new();
    };
    ide::references(&snap.db, e.ws, &occ.symbol)
        .into_iter()
        .filter(|(_, _, decl)| include_declaration || !decl)
        .filter_map(|(f, s, _)| location(snap, f, s))
        .collect()
}

/// Why a rename is refused, or the range to rename.
pub fn prepare_rename(snap: &Snapshot, e: Entry, offset: usize) -> Result<Range, String> {
    let occ = at(snap, e, offset).ok_or_else(|| {
        "only names of declarations, targets and levels can be renamed".to_owned()
    })?;
    if ide::is_prelude(&snap.db, e.ws, &occ.symbol) {
        return Err("prelude names cannot be renamed".to_owned());
    }
    if ide::declaration(&snap.db, e.ws, &occ.symbol).is_none() {
        return Err("this name is not declared anywhere".to_owned());
    }
    Ok(range(&snap.db, e.file, occ.span, snap.encoding))
}

/// `textDocument/rename`.
pub fn rename(
    snap: &Snapshot,
    e: Entry,
    offset: usize,
    new_name: &str,
) -> Result<WorkspaceEdit, String> {
    prepare_rename(snap, e, offset)?;
    let occ = at(snap, e, offset).ok_or_else(|| "nothing to rename here".to_owned())?;
    // The new name must not be taken where the old one lives.
    let taken = match &occ.symbol {
        Symbol::Item(_) => abide_check::scope::global_scope(&snap.db, e.ws)
            .get(new_name)
            .is_some(),
        Symbol::Target(a, _) => {
            model::agreement(&snap.db, e.ws, a).is_some_and(|m| m.target(new_name).is_some())
        }
        Symbol::Level(scale, _) => matches!(
            model::model(&snap.db, e.ws, scale),
            Some(ItemModel::Priorities(p)) if p.levels.iter().any(|(l, _)| l == new_name)
        ),
    };
    if taken {
        return Err(format!(
            "`{new_name}` is already taken: renaming would create two declarations with the same name"
        ));
    }
    let valid = new_name.starts_with(|c: char| c.is_ascii_lowercase())
        && new_name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(format!(
            "`{new_name}` is not a valid name: names are lower_snake_case"
        ));
    }
    if abide_syntax::KEYWORDS.contains(&new_name) {
        return Err(format!("`{new_name}` is a reserved word"));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (file, span, _) in ide::references(&snap.db, e.ws, &occ.symbol) {
        if let Some(uri) = snap.uri_of(file) {
            changes.entry(uri).or_default().push(TextEdit::new(
                range(&snap.db, file, span, snap.encoding),
                new_name.to_owned(),
            ));
        }
    }
    Ok(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

fn item_ast<'a>(db: &'a dyn abide_db::Db, file: SourceFile, name: &str) -> Option<&'a ast::Item> {
    abide_db::parse(db, file)
        .file
        .items
        .iter()
        .find(|i| i.name().text == name)
}

fn dim_text(d: Option<Dim>) -> String {
    match d {
        Some(Dim::Percent) => "percent".into(),
        Some(Dim::Duration) => "duration".into(),
        Some(Dim::Count) => "count".into(),
        Some(Dim::Rate) => "rate".into(),
        Some(Dim::Score { lo, hi }) => format!("score {lo}..{hi}"),
        Some(Dim::Nps) => "nps (-100..+100)".into(),
        Some(Dim::Money) => "money".into(),
        None => "unknown".into(),
    }
}

fn base(v: &Value) -> String {
    match v {
        Value::Percent(p) => format!("{} (fraction)", p.normalize()),
        Value::Duration(s) => format!("{} s", s.normalize()),
        Value::BusinessDays(n) => format!("{} business days", n.normalize()),
        Value::Rate(r) => format!("{} per second", r.normalize()),
        Value::Number(n) => n.normalize().to_string(),
        Value::Money { minor, currency } => {
            format!("{} minor units of {currency}", minor.normalize())
        }
        Value::Invalid => "invalid".into(),
    }
}

/// How a derived priority level follows from its inputs, in words:
/// `when urgency × impact is (high, high) or (high, medium)`, `when affected_users >= 10 and < 100`.
fn level_rule(
    db: &dyn abide_db::Db,
    file: Option<SourceFile>,
    scale: &str,
    level: &str,
) -> Option<String> {
    let item = item_ast(db, file?, scale)?;
    let ast::ItemKind::Priorities(p) = &item.kind else {
        return None;
    };
    let inputs: Vec<&str> = p
        .derived_from
        .iter()
        .flat_map(|d| d.inputs.iter().map(|n| n.text.as_str()))
        .collect();
    let l = p.levels.iter().find(|l| l.name.text == level)?;
    let mut cells = Vec::new();
    let mut thresholds = Vec::new();
    for r in &l.rule {
        match r {
            ast::LevelRule::Cell { levels, .. } => cells.push(format!(
                "({})",
                levels
                    .iter()
                    .map(|n| format!("`{}`", n.text))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            ast::LevelRule::Threshold { op, value, .. } => {
                thresholds.push(format!("{} {}", op.as_str(), value.text));
            }
        }
    }
    let from = inputs
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(" × ");
    if !cells.is_empty() {
        Some(format!("when {from} is {}", cells.join(" or ")))
    } else if !thresholds.is_empty() {
        Some(format!("when {from} {}", thresholds.join(" and ")))
    } else {
        None
    }
}

/// `textDocument/hover`: Markdown about the symbol under the cursor.
pub fn hover(snap: &Snapshot, e: Entry, offset: usize) -> Option<(String, Range)> {
    let occ = at(snap, e, offset)?;
    let db = &snap.db;
    let decl = ide::declaration(db, e.ws, &occ.symbol);
    let doc = |name: &str| {
        decl.and_then(|(f, _)| item_ast(db, f, name))
            .and_then(|i| i.doc.as_ref())
            .map(|d| d.text.to_string())
    };
    let mut md = String::new();
    match &occ.symbol {
        Symbol::Item(name) => match model::model(db, e.ws, name)? {
            ItemModel::Metric(m) => {
                md.push_str(&format!("**metric** `{name}`\n\n"));
                md.push_str(&format!("- unit: {}\n", dim_text(m.dim)));
                md.push_str(&format!(
                    "- better: {}\n",
                    match m.better {
                        Some(Better::Higher) => "higher",
                        Some(Better::Lower) => "lower",
                        None => "unknown",
                    }
                ));
                md.push_str(&format!(
                    "- category: {}\n",
                    match m.category {
                        Some(Category::Utility) => "utility",
                        Some(Category::Warranty) => "warranty",
                        Some(Category::Experience) => "experience",
                        Some(Category::Business) => "business",
                        None => "unknown",
                    }
                ));
            }
            ItemModel::Party(p) => {
                md.push_str(&format!(
                    "**party** `{name}`: {}",
                    p.kind.map_or("unknown kind", |k| k.word())
                ));
                if let Some(of) = p.of {
                    md.push_str(&format!(" of `{of}`"));
                }
                md.push('\n');
            }
            ItemModel::Service(s) => {
                md.push_str(&format!("**service** `{name}`\n"));
                if let Some(o) = s.owner {
                    md.push_str(&format!("\n- owner: `{o}`\n"));
                }
            }
            ItemModel::Calendar(c) => {
                if c.hours_unknown() {
                    md.push_str(&format!(
                        "**calendar** `{name}`: hours not stated, {}\n",
                        c.timezone.as_deref().unwrap_or("UTC")
                    ));
                } else {
                    md.push_str(&format!(
                        "**calendar** `{name}`: {} h a week, {}\n",
                        f64::from(c.weekly_minutes()) / 60.0,
                        c.timezone.as_deref().unwrap_or("UTC")
                    ));
                }
                if let Some(d) = &c.defined_by {
                    md.push_str(&format!("\n- defined by \"{d}\"\n"));
                }
                for h in &c.named_holidays {
                    md.push_str(&format!("- except `{h}` (dates not listed)\n"));
                }
            }
            ItemModel::Priorities(p) => {
                let levels: Vec<String> = p
                    .levels
                    .iter()
                    .map(|(l, t)| {
                        t.as_ref()
                            .map_or_else(|| format!("`{l}`"), |t| format!("`{l}` ({t})"))
                    })
                    .collect();
                md.push_str(&format!("**priorities** `{name}`: {}\n", levels.join(", ")));
                if !p.derived_from.is_empty() {
                    let from: Vec<String> =
                        p.derived_from.iter().map(|s| format!("`{s}`")).collect();
                    md.push_str(&format!("\n- derived from {}\n", from.join(" × ")));
                }
            }
            ItemModel::Scale(sc) => {
                let levels: Vec<String> = sc
                    .levels
                    .iter()
                    .map(|(l, t)| {
                        t.as_ref()
                            .map_or_else(|| format!("`{l}`"), |t| format!("`{l}` ({t})"))
                    })
                    .collect();
                md.push_str(&format!(
                    "**scale** `{name}` (highest first): {}\n",
                    levels.join(", ")
                ));
            }
            ItemModel::Agreement(a) => {
                md.push_str(&format!(
                    "**{}** `{name}` for `{}`\n",
                    a.kind.keyword(),
                    a.service
                ));
                if let (Some(p), Some(c)) = (&a.provider, &a.customer) {
                    md.push_str(&format!("\n- provider `{p}`, customer `{c}`\n"));
                }
                md.push_str(&format!(
                    "- {} target{}\n",
                    a.targets.len(),
                    if a.targets.len() == 1 { "" } else { "s" }
                ));
                if let Some(s) = &a.supersedes {
                    md.push_str(&format!("- supersedes `{s}`\n"));
                }
                if let Some(x) = &a.extends {
                    md.push_str(&format!("- extends `{x}`\n"));
                }
            }
        },
        Symbol::Target(agreement, target) => {
            let a = model::agreement(db, e.ws, agreement)?;
            let t = a.target(target)?;
            md.push_str(&format!("**target** `{agreement}.{target}`\n\n"));
            md.push_str(&format!(
                "- bound: `{} {} {}` = {}\n",
                t.metric.as_deref().unwrap_or("?"),
                t.op.as_str(),
                t.value_text,
                base(&t.value)
            ));
            md.push_str(&format!("- calendar: `{}`\n", t.calendar_name()));
            if let Some(c) = t.condition() {
                md.push_str(&format!("- only if: \"{c}\"\n"));
            }
            if let Some((k, n)) = t.redundancy() {
                let of = decl
                    .and_then(|(f, _)| item_ast(db, f, agreement))
                    .and_then(|i| match &i.kind {
                        ast::ItemKind::Agreement(ag) => {
                            ag.targets().find(|x| x.name.text == *target).and_then(|x| {
                                x.qualifiers().find_map(|q| match &q.kind {
                                    ast::QualifierKind::AtLeast { noun, .. } => {
                                        Some(noun.text().to_owned())
                                    }
                                    _ => None,
                                })
                            })
                        }
                        _ => None,
                    })
                    .unwrap_or_else(|| "parts".to_owned());
                md.push_str(&format!(
                    "- redundancy: holds while at least {k} of {n} {of} meet it\n"
                ));
            }
            if let Some(fig) = alignment(db, e.ws, agreement).and_then(|al| al.figures.get(target))
            {
                let cmp = match t.op {
                    _ if fig.hours_unknown.is_some() => "vs",
                    ast::Cmp::Ge | ast::Cmp::Gt => {
                        if fig.aligned {
                            "≥"
                        } else {
                            "<"
                        }
                    }
                    _ => {
                        if fig.aligned {
                            "≤"
                        } else {
                            ">"
                        }
                    }
                };
                md.push_str(&format!(
                    "- supported: {} = {} {cmp} {} {}\n",
                    fig.arithmetic,
                    fig.display,
                    t.value_text,
                    if fig.hours_unknown.is_some() {
                        "? unknown"
                    } else if fig.aligned {
                        "✓"
                    } else {
                        "✗ misaligned"
                    }
                ));
                if let Some(cal) = &fig.hours_unknown {
                    md.push_str(&format!(
                        "- alignment unknown: the hours of `{cal}` are not stated in the text\n"
                    ));
                }
            }
            let tdoc = decl
                .and_then(|(f, _)| item_ast(db, f, agreement))
                .and_then(|i| match &i.kind {
                    ast::ItemKind::Agreement(ag) => ag
                        .targets()
                        .find(|x| x.name.text == *target)
                        .and_then(|x| x.doc.as_ref())
                        .map(|d| d.text.to_string()),
                    _ => None,
                });
            if let Some(d) = tdoc {
                md.push_str(&format!("\n{d}\n"));
            }
            return Some((md, range(db, e.file, occ.span, snap.encoding)));
        }
        Symbol::Level(scale, level) => {
            let (levels, what) = match model::model(db, e.ws, scale) {
                Some(ItemModel::Priorities(p)) => (p.levels, "urgency"),
                Some(ItemModel::Scale(sc)) => (sc.levels, "the scale"),
                _ => return None,
            };
            let rank = levels.iter().position(|(l, _)| l == level)?;
            let title = levels
                .get(rank)
                .and_then(|(_, t)| t.clone())
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            md.push_str(&format!(
                "**level** `{level}`{title} of `{scale}`: {} of {} in {what}\n",
                rank + 1,
                levels.len()
            ));
            if let Some(rule) = level_rule(db, decl.map(|(f, _)| f), scale, level) {
                md.push_str(&format!("\n- {rule}\n"));
            }
        }
    }
    if let Symbol::Item(name) = &occ.symbol
        && let Some(d) = doc(name)
    {
        md.push_str(&format!("\n{d}\n"));
    }
    if ide::is_prelude(db, e.ws, &occ.symbol) {
        md.push_str("\n_declared by the prelude_\n");
    }
    Some((md, range(db, e.file, occ.span, snap.encoding)))
}

/// `textDocument/documentSymbol`: items, with targets and levels as children.
#[expect(
    deprecated,
    reason = "DocumentSymbol has a deprecated field that must still be set"
)]
pub fn document_symbols(snap: &Snapshot, e: Entry) -> Vec<DocumentSymbol> {
    let db = &snap.db;
    let r = |span| range(db, e.file, span, snap.encoding);
    abide_db::parse(db, e.file)
        .file
        .items
        .iter()
        .map(|item| {
            let (kind, detail, children) = match &item.kind {
                ast::ItemKind::Party(p) => (
                    SymbolKind::OBJECT,
                    Some(format!("party: {}", p.kind.text)),
                    Vec::new(),
                ),
                ast::ItemKind::Service(_) => {
                    (SymbolKind::MODULE, Some("service".into()), Vec::new())
                }
                ast::ItemKind::Calendar(_) => {
                    (SymbolKind::EVENT, Some("calendar".into()), Vec::new())
                }
                ast::ItemKind::Metric(_) => {
                    (SymbolKind::PROPERTY, Some("metric".into()), Vec::new())
                }
                ast::ItemKind::Priorities(ast::Priorities { levels, .. })
                | ast::ItemKind::Scale(ast::Scale { levels, .. }) => (
                    SymbolKind::ENUM,
                    Some(
                        if matches!(item.kind, ast::ItemKind::Scale(_)) {
                            "scale"
                        } else {
                            "priorities"
                        }
                        .into(),
                    ),
                    levels
                        .iter()
                        .map(|l| DocumentSymbol {
                            name: l.name.text.to_string(),
                            detail: l.title.as_ref().map(|t| t.value.clone()),
                            kind: SymbolKind::ENUM_MEMBER,
                            tags: None,
                            deprecated: None,
                            range: r(l.span),
                            selection_range: r(l.name.span),
                            children: None,
                        })
                        .collect(),
                ),
                ast::ItemKind::Agreement(a) => (
                    SymbolKind::CLASS,
                    Some(format!("{} for {}", a.kind.keyword(), a.service.text)),
                    a.clauses
                        .iter()
                        .filter_map(|c| match &c.kind {
                            ast::BodyClauseKind::Target(t) => Some(DocumentSymbol {
                                name: t.name.text.to_string(),
                                detail: Some(
                                    abide_check::model::cond_text(&t.condition.value).to_string(),
                                ),
                                kind: SymbolKind::FIELD,
                                tags: None,
                                deprecated: None,
                                range: r(c.span),
                                selection_range: r(t.name.span),
                                children: None,
                            }),
                            _ => None,
                        })
                        .collect(),
                ),
            };
            DocumentSymbol {
                name: item.name().text.to_string(),
                detail,
                kind,
                tags: None,
                deprecated: None,
                range: r(item.span),
                selection_range: r(item.name().span),
                children: if children.is_empty() {
                    None
                } else {
                    Some(children)
                },
            }
        })
        .collect()
}

/// `workspace/symbol`: declarations whose name contains the query.
#[expect(
    deprecated,
    reason = "SymbolInformation has a deprecated field that must still be set"
)]
pub fn workspace_symbols(snap: &Snapshot, query: &str) -> Vec<SymbolInformation> {
    let mut out = Vec::new();
    for (uri, e) in snap.files.values() {
        for (name, tag, span) in abide_check::ide::declared_names(&snap.db, e.file) {
            if !name.contains(query) {
                continue;
            }
            let kind = match tag {
                ItemTag::Agreement(_) => SymbolKind::CLASS,
                ItemTag::Party => SymbolKind::OBJECT,
                ItemTag::Service => SymbolKind::MODULE,
                ItemTag::Calendar => SymbolKind::EVENT,
                ItemTag::Metric => SymbolKind::PROPERTY,
                ItemTag::Priorities | ItemTag::Scale => SymbolKind::ENUM,
            };
            out.push(SymbolInformation {
                name: name.clone(),
                kind,
                tags: None,
                deprecated: None,
                location: Location::new(uri.clone(), range(&snap.db, e.file, *span, snap.encoding)),
                container_name: None,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
