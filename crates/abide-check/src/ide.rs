//! Protocol-independent editor queries: which symbol a name in the source
//! refers to, where it is declared, where it is used.
//!
//! The language server maps these to LSP types; nothing here knows LSP
//! (rust-analyzer's "Analysis" rule).

use abide_db::{Db, SourceFile, Workspace};
use abide_syntax::Span;
use abide_syntax::ast::{self, SmolStr};

use crate::scope::global_scope;

/// What a name in the source stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    /// A top-level declaration (party, service, calendar, metric, scale, agreement).
    Item(String),
    /// A target: `agreement.target`.
    Target(String, String),
    /// A level of a priority scale: `(scale, level)`.
    Level(String, String),
}

/// A [`Symbol`] borrowing its names from the syntax tree, so that walking
/// a file allocates only for what is kept.
#[derive(Debug, Clone, Copy)]
enum SymbolRef<'a> {
    Item(&'a str),
    Target(&'a str, &'a str),
    Level(&'a str, &'a str),
}

impl SymbolRef<'_> {
    fn to_owned(self) -> Symbol {
        match self {
            SymbolRef::Item(n) => Symbol::Item(n.to_owned()),
            SymbolRef::Target(a, t) => Symbol::Target(a.to_owned(), t.to_owned()),
            SymbolRef::Level(s, l) => Symbol::Level(s.to_owned(), l.to_owned()),
        }
    }
}

/// One name in a file and the symbol it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Where the name is written.
    pub span: Span,
    /// The symbol.
    pub symbol: Symbol,
    /// True at the declaration itself.
    pub is_declaration: bool,
}

/// Every name of a file that refers to a symbol, in source order.
#[salsa::tracked(returns(ref))]
pub fn occurrences(db: &dyn Db, ws: Workspace, file: SourceFile) -> Vec<Occurrence> {
    let scope = global_scope(db, ws);
    let mut out = Vec::new();
    walk(
        &abide_db::parse(db, file).file,
        scope,
        |name, symbol, is_declaration| {
            out.push(Occurrence {
                span: name.span,
                symbol: symbol.to_owned(),
                is_declaration,
            });
        },
    );
    out
}

/// The declarations of a file with the spans of their names, in source
/// order: what `workspace/symbol` lists. Memoised, so that listing symbols
/// never parses again a file whose tree the parse cache evicted. Apart from
/// [`crate::scope::item_index`], which has no positions so that moving text
/// leaves the namespace equal.
#[salsa::tracked(returns(ref))]
pub fn declared_names(db: &dyn Db, file: SourceFile) -> Vec<(String, crate::scope::ItemTag, Span)> {
    abide_db::parse(db, file)
        .file
        .items
        .iter()
        .map(|i| {
            let name = i.name();
            (
                name.text.to_string(),
                crate::scope::ItemTag::of(&i.kind),
                name.span,
            )
        })
        .collect()
}

/// The names a file declares or refers to (for a target or a level, its
/// agreement or scale), sorted, without positions: what its checks may
/// read from the rest of the workspace ([`crate::imports`]). An edit that
/// only moves text leaves it equal.
#[salsa::tracked(returns(ref))]
pub fn file_refs(db: &dyn Db, ws: Workspace, file: SourceFile) -> Vec<SmolStr> {
    let scope = global_scope(db, ws);
    // A file names a few hundred things thousands of times: the repeats go
    // first, and only the distinct names are sorted.
    let mut names: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    walk(&abide_db::parse(db, file).file, scope, |_, symbol, _| {
        let (SymbolRef::Item(n) | SymbolRef::Target(n, _) | SymbolRef::Level(n, _)) = symbol;
        names.insert(n);
    });
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    names.into_iter().map(SmolStr::new).collect()
}

/// Calls `push` for every name of `file` that stands for a symbol, in
/// source order: one walk for the editor's occurrences and the checks' imports.
fn walk<'a>(
    file: &'a ast::File,
    scope: &crate::scope::Scope,
    mut push: impl FnMut(&'a ast::Name, SymbolRef<'a>, bool),
) {
    let item_ref = |name: &'a ast::Name| SymbolRef::Item(&name.text);
    for item in &file.items {
        push(item.name(), item_ref(item.name()), true);
        match &item.kind {
            ast::ItemKind::Party(p) => {
                if let Some(of) = &p.of {
                    push(of, item_ref(of), false);
                }
            }
            ast::ItemKind::Service(s) => {
                for c in &s.clauses {
                    match &c.kind {
                        ast::ServiceClauseKind::Owner(n) => push(n, item_ref(n), false),
                        ast::ServiceClauseKind::Users(ns)
                        | ast::ServiceClauseKind::DependsOn(ns) => {
                            for n in ns {
                                push(n, item_ref(n), false);
                            }
                        }
                    }
                }
            }
            ast::ItemKind::Priorities(p) => {
                if let Some(d) = &p.derived_from {
                    for n in &d.inputs {
                        push(n, item_ref(n), false);
                    }
                }
                let inputs: Vec<&str> = p
                    .derived_from
                    .iter()
                    .flat_map(|d| d.inputs.iter().map(|n| n.text.as_str()))
                    .collect();
                for l in &p.levels {
                    push(&l.name, SymbolRef::Level(&p.name.text, &l.name.text), true);
                    for r in &l.rule {
                        if let ast::LevelRule::Cell { levels, .. } = r {
                            for (n, scale) in levels.iter().zip(&inputs) {
                                push(n, SymbolRef::Level(scale, &n.text), false);
                            }
                        }
                    }
                }
            }
            ast::ItemKind::Scale(sc) => {
                for l in &sc.levels {
                    push(&l.name, SymbolRef::Level(&sc.name.text, &l.name.text), true);
                }
            }
            ast::ItemKind::Calendar(_) | ast::ItemKind::Metric(_) => {}
            ast::ItemKind::Agreement(a) => {
                push(&a.service, item_ref(&a.service), false);
                for c in &a.clauses {
                    match &c.kind {
                        ast::BodyClauseKind::Provider(n) | ast::BodyClauseKind::Customer(n) => {
                            push(n, item_ref(n), false)
                        }
                        ast::BodyClauseKind::Target(t) => {
                            push(&t.name, SymbolRef::Target(&a.name.text, &t.name.text), true);
                            condition(&t.condition, &mut push);
                            for tc in &t.clauses {
                                match tc {
                                    ast::TargetClause::Qualifier(q) => {
                                        qualifier(q, scope, &mut push)
                                    }
                                    ast::TargetClause::SupportedBy { supports, .. } => {
                                        for s in supports {
                                            support(s, &mut push);
                                        }
                                    }
                                    ast::TargetClause::Rising { .. }
                                    | ast::TargetClause::If { .. } => {}
                                }
                            }
                        }
                        ast::BodyClauseKind::Credit(r) | ast::BodyClauseKind::Reward(r) => {
                            match &r.trigger {
                                ast::Trigger::When {
                                    condition: c,
                                    qualifiers,
                                } => {
                                    condition(c, &mut push);
                                    for q in qualifiers {
                                        qualifier(q, scope, &mut push);
                                    }
                                }
                                ast::Trigger::ForEach { of: Some(m), .. } => {
                                    push(m, item_ref(m), false)
                                }
                                ast::Trigger::ForEach { .. } => {}
                            }
                        }
                        ast::BodyClauseKind::EarnBack(e) => {
                            condition(&e.condition, &mut push);
                            for q in &e.qualifiers {
                                qualifier(q, scope, &mut push);
                            }
                        }
                        ast::BodyClauseKind::Action(action) => {
                            condition(&action.condition, &mut push);
                            for q in &action.qualifiers {
                                qualifier(q, scope, &mut push);
                            }
                        }
                        ast::BodyClauseKind::Supersedes(n) | ast::BodyClauseKind::Extends(n) => {
                            push(n, item_ref(n), false)
                        }
                        ast::BodyClauseKind::Changes(c) => {
                            push(&c.party, item_ref(&c.party), false)
                        }
                        ast::BodyClauseKind::Claim(c) => {
                            if let Some(n) = &c.during {
                                push(n, item_ref(n), false);
                            }
                        }
                        ast::BodyClauseKind::PrevailsOver(nouns) => {
                            for noun in nouns {
                                if let ast::Noun::Word(n) = noun {
                                    push(n, item_ref(n), false);
                                }
                            }
                        }
                        ast::BodyClauseKind::ErrorRate(er) => match &er.rule {
                            ast::ErrorRateRule::DowntimeWhen(c) => condition(c, &mut push),
                            ast::ErrorRateRule::UptimeFrom(e) => expr(e, &mut push),
                        },
                        ast::BodyClauseKind::Status(_)
                        | ast::BodyClauseKind::Valid { .. }
                        | ast::BodyClauseKind::Review { .. }
                        | ast::BodyClauseKind::Fee { .. }
                        | ast::BodyClauseKind::FeeCharges { .. }
                        | ast::BodyClauseKind::Below(_)
                        | ast::BodyClauseKind::Payment { .. }
                        | ast::BodyClauseKind::Cap { .. } => {}
                    }
                }
            }
        }
    }
}

fn condition<'a>(c: &'a ast::Condition, push: &mut impl FnMut(&'a ast::Name, SymbolRef<'a>, bool)) {
    expr(&c.expr, push);
}

fn expr<'a>(e: &'a ast::Expr, push: &mut impl FnMut(&'a ast::Name, SymbolRef<'a>, bool)) {
    match e {
        ast::Expr::Metric(n) => push(n, SymbolRef::Item(&n.text), false),
        ast::Expr::Call { args, .. } => {
            for a in args {
                match a {
                    ast::Arg::Metric(n) | ast::Arg::Compare { metric: n, .. } => {
                        push(n, SymbolRef::Item(&n.text), false)
                    }
                    ast::Arg::Value(_) => {}
                }
            }
        }
    }
}

fn qualifier<'a>(
    q: &'a ast::Qualifier,
    scope: &crate::scope::Scope,
    push: &mut impl FnMut(&'a ast::Name, SymbolRef<'a>, bool),
) {
    match &q.kind {
        ast::QualifierKind::During(n) => push(n, SymbolRef::Item(&n.text), false),
        ast::QualifierKind::Excluding(xs) => {
            for x in xs {
                if let ast::Exclusion::Calendar(n) = x {
                    push(n, SymbolRef::Item(&n.text), false);
                }
            }
        }
        ast::QualifierKind::Where(fields) => {
            for f in fields {
                let field = &f.field;
                if !scope.get(&field.text).is_some_and(|d| {
                    matches!(
                        d.tag,
                        crate::scope::ItemTag::Priorities | crate::scope::ItemTag::Scale
                    )
                }) {
                    continue;
                }
                push(field, SymbolRef::Item(&field.text), false);
                for v in &f.values {
                    if let ast::WhereValue::Word(n) = v {
                        push(n, SymbolRef::Level(&field.text, &n.text), false);
                    }
                }
            }
        }
        _ => {}
    }
}

fn support<'a>(s: &'a ast::Support, push: &mut impl FnMut(&'a ast::Name, SymbolRef<'a>, bool)) {
    match s {
        ast::Support::Path {
            agreement, target, ..
        } => {
            push(agreement, SymbolRef::Item(&agreement.text), false);
            push(
                target,
                SymbolRef::Target(&agreement.text, &target.text),
                false,
            );
        }
        ast::Support::Combinator { args, .. } => {
            for a in args {
                support(a, push);
            }
        }
        ast::Support::Bare(n) => push(n, SymbolRef::Item(&n.text), false),
    }
}

/// The occurrence under a byte offset (a name touching the offset).
#[must_use]
pub fn at_offset(
    db: &dyn Db,
    ws: Workspace,
    file: SourceFile,
    offset: usize,
) -> Option<Occurrence> {
    let offset = u32::try_from(offset).ok()?;
    occurrences(db, ws, file)
        .iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)
        .cloned()
}

/// Where a symbol is declared (the declaration references resolve to).
#[must_use]
pub fn declaration(db: &dyn Db, ws: Workspace, symbol: &Symbol) -> Option<(SourceFile, Span)> {
    let agreement_or_item = match symbol {
        Symbol::Item(n) | Symbol::Target(n, _) | Symbol::Level(n, _) => n,
    };
    let decl = global_scope(db, ws).get(agreement_or_item)?;
    // The prelude is no workspace file, but its declarations are found the same way.
    occurrences(db, ws, decl.file)
        .iter()
        .find(|o| o.is_declaration && &o.symbol == symbol)
        .map(|o| (decl.file, o.span))
}

/// Every occurrence of a symbol in the workspace (declarations included).
#[must_use]
pub fn references(db: &dyn Db, ws: Workspace, symbol: &Symbol) -> Vec<(SourceFile, Span, bool)> {
    let mut out = Vec::new();
    for &file in ws.files(db) {
        for o in occurrences(db, ws, file) {
            if &o.symbol == symbol {
                out.push((file, o.span, o.is_declaration));
            }
        }
    }
    out
}

/// True when the symbol is declared by the prelude (and so cannot be renamed).
#[must_use]
pub fn is_prelude(db: &dyn Db, ws: Workspace, symbol: &Symbol) -> bool {
    declaration(db, ws, symbol).is_some_and(|(f, _)| f == db.prelude())
}
