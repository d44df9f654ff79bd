//! Versions and document layering (LANGUAGE.md §7): `supersedes` chains,
//! validity gaps and overlaps, `extends`, `prevails over` and `below`,
//! precedence cycles and `layer-loosens`.
//!
//! The workspace-wide facts (who supersedes whom, who ranks above whom, and
//! the cycles of both) live in one query, [`layering_graph`], built from
//! position-free per-agreement [`Links`]: an edit that moves text or changes
//! a bound leaves every `Links` equal, so the graph is reused. Each
//! cross-agreement error is reported once, on one agreement of the clauses
//! involved (the first of a cycle by name, the first of several successors
//! by name), with every other clause labelled where it is written.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use abide_db::{Db, SourceFile, Workspace, codes};
use abide_syntax::Span;
use abide_syntax::ast::{self, AgreementKind, Cmp, SmolStr};
use abide_syntax::literal::DateLit;
use jiff::civil::Date;

use super::Cx;
use super::lifecycle::kind_name;
use super::names::{self, AGREEMENTS};
use super::targets::magnitude;
use super::workspace::cycles;
use crate::diag::{self, DiagExt};
use crate::imports::Models;
use crate::model::{self, Agg, AgreementModel, Better, TargetSig, Window};
use crate::scope::{ItemTag, global_scope};
use crate::value::{self, Value};

// ------------------------------------------------------------------ queries

/// What one agreement says about versions and layering, without positions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Links {
    /// Its kind: only an agreement of the same kind can be its predecessor.
    pub kind: AgreementKind,
    /// Its service: only an agreement for the same service can be its predecessor.
    pub service: SmolStr,
    /// `supersedes ID`.
    pub supersedes: Option<SmolStr>,
    /// `extends ID`.
    pub extends: Option<SmolStr>,
    /// `prevails over ID, …` (agreement names only).
    pub prevails_over: Vec<SmolStr>,
}

/// The links of an agreement that names another (`None` for most).
fn links_of(a: &AgreementModel) -> Option<Links> {
    if a.supersedes.is_none() && a.extends.is_none() && a.prevails_over.is_empty() {
        return None;
    }
    Some(Links {
        kind: a.kind,
        service: a.service.clone(),
        supersedes: a.supersedes.clone(),
        extends: a.extends.clone(),
        prevails_over: a.prevails_over.clone(),
    })
}

/// The layering contributions of the agreements declared in `file` that
/// name another agreement: most name none, and contribute nothing. Per
/// file, so that verifying [`layering_graph`] after an edit costs one check
/// per file, not one per agreement; and reading the file's models only, so
/// that an edit elsewhere leaves it verified at no cost (the graph keeps the
/// first declaration of each name).
#[salsa::tracked(returns(ref))]
pub fn file_links(db: &dyn Db, file: SourceFile) -> Vec<(SmolStr, Links)> {
    model::file_models(db, file)
        .iter()
        .filter_map(|(name, m)| match &**m {
            model::ItemModel::Agreement(a) => Some((name.clone(), links_of(a)?)),
            _ => None,
        })
        .collect()
}

/// Versions and precedence across the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LayeringGraph {
    /// Predecessor → the agreements that supersede it, sorted by name. Only
    /// well-formed links count: same kind, same service, not itself.
    pub successors: BTreeMap<SmolStr, Vec<SmolStr>>,
    /// Supersession cycles, each listed from its smallest agreement.
    pub supersession_cycles: Vec<Vec<SmolStr>>,
    /// Agreement → the agreements it ranks above (`extends` first, then
    /// `prevails over`, in source order, without repeats).
    pub above: BTreeMap<SmolStr, Vec<SmolStr>>,
    /// Precedence cycles, each listed from its smallest agreement.
    pub precedence_cycles: Vec<Vec<SmolStr>>,
}

/// Builds the version chains and the precedence relation of a workspace.
#[salsa::tracked(returns(ref))]
pub fn layering_graph(db: &dyn Db, ws: Workspace) -> LayeringGraph {
    // Borrowed from the files' contributions: an owned copy of every
    // agreement's links would be a transient the size of the graph's input.
    // A name comes from one file only (each file contributes the
    // declarations the namespace resolves to it).
    let scope = global_scope(db, ws);
    let mut links: BTreeMap<&str, &Links> = BTreeMap::new();
    for &f in ws.files(db) {
        for (name, l) in file_links(db, f) {
            if scope.get(name).map(|d| d.file) == Some(f) {
                links.entry(name.as_str()).or_insert(l);
            }
        }
    }
    // The agreements named are looked up by name (only those that name
    // another contribute links): a predecessor's model, and for precedence
    // just what the scope says it is.
    let is_agreement =
        |name: &str| matches!(scope.get(name), Some(d) if matches!(d.tag, ItemTag::Agreement(_)));
    let mut g = LayeringGraph::default();
    let mut chain: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (&name, l) in &links {
        if let Some(p) = &l.supersedes
            && p != name
            && model::agreement(db, ws, p)
                .is_some_and(|pm| pm.kind == l.kind && pm.service == l.service)
        {
            chain.insert(name, vec![p.as_str()]);
            g.successors
                .entry(p.clone())
                .or_default()
                .push(SmolStr::new(name));
        }
        let mut above: Vec<SmolStr> = Vec::new();
        for y in l.extends.iter().chain(&l.prevails_over) {
            if is_agreement(y) && !above.contains(y) {
                above.push(y.clone());
            }
        }
        if !above.is_empty() {
            g.above.insert(SmolStr::new(name), above);
        }
    }
    g.supersession_cycles = cycles(&chain)
        .into_iter()
        .map(|c| c.into_iter().map(SmolStr::new).collect())
        .collect();
    g.precedence_cycles = cycles(&g.above);
    g
}

/// True when some agreement supersedes `name` (same kind, same service): a
/// superseded agreement is replaced, not expired.
pub fn superseded(db: &dyn Db, ws: Workspace, name: &str) -> bool {
    layering_graph(db, ws).successors.contains_key(name)
}

/// True when an agreement that supersedes `name` has started by `today`:
/// the old version is no longer in force and needs no review.
pub fn replaced(db: &dyn Db, ws: Workspace, name: &str, today: Date) -> bool {
    layering_graph(db, ws)
        .successors
        .get(name)
        .is_some_and(|s| {
            s.iter().any(|n| {
                model::agreement(db, ws, n)
                    .is_some_and(|m| m.valid.is_some_and(|(start, _)| start <= today))
            })
        })
}

/// The agreements `name` extends, nearest first: its parent, the parent's
/// parent, … Stops at a parent of another kind (reported as E0204), at a
/// name that is not an agreement, and before repeating itself in a cycle
/// (reported as E0513). The child inherits the exclusions and credit terms
/// of every agreement listed, nearest first winning.
pub fn parent_chain(m: &Models<'_>, name: &str) -> Vec<SmolStr> {
    let mut out: Vec<SmolStr> = Vec::new();
    let Some(me) = m.agreement(name) else {
        return out;
    };
    let mut next = me.extends.clone();
    while let Some(p) = next {
        if p == name || out.contains(&p) {
            break;
        }
        let Some(pl) = m.agreement(&p) else {
            break;
        };
        if pl.kind != me.kind {
            break;
        }
        next = pl.extends.clone();
        out.push(p);
    }
    out
}

// ------------------------------------------------------------------ checks

/// Checks the version and layering clauses of one agreement.
pub fn agreement(cx: &mut Cx<'_>, a: &ast::Agreement) {
    let graph = layering_graph(cx.db, cx.ws);
    let mut first_supersedes: Option<Span> = None;
    let mut first_extends: Option<Span> = None;
    let mut prevail_docs: Vec<&ast::Str> = Vec::new();
    let mut below_docs: Vec<&ast::Str> = Vec::new();
    for c in &a.clauses {
        match &c.kind {
            ast::BodyClauseKind::Supersedes(x) => {
                if let Some(first) = first_supersedes {
                    names::repeated(cx, "`supersedes`", first, c.span);
                    continue;
                }
                first_supersedes = Some(c.span);
                supersedes(cx, a, x, graph);
            }
            ast::BodyClauseKind::Extends(p) => {
                if let Some(first) = first_extends {
                    names::repeated(cx, "`extends`", first, c.span);
                    continue;
                }
                first_extends = Some(c.span);
                extends(cx, a, p);
            }
            ast::BodyClauseKind::PrevailsOver(nouns) => {
                for noun in nouns {
                    match noun {
                        // A string names a document outside the workspace: free text.
                        ast::Noun::Str(s) => prevail_docs.push(s),
                        ast::Noun::Word(n) if n.text != a.name.text => {
                            names::resolve(cx, n, AGREEMENTS, "agreement");
                        }
                        // Prevailing over itself is a one-agreement cycle (below).
                        ast::Noun::Word(_) => {}
                    }
                }
            }
            ast::BodyClauseKind::Below(docs) => below_docs.extend(docs),
            _ => {}
        }
    }
    above_and_below(cx, a, &prevail_docs, &below_docs);
    supersession_cycles(cx, a, graph);
    precedence_cycles(cx, a, graph);
    layer_loosens(cx, a);
}

/// The declaration of an agreement and the file it is in (read on the
/// error path only: it depends on that file's positions).
fn find_agreement<'db>(
    db: &'db dyn Db,
    ws: Workspace,
    name: &str,
) -> Option<(SourceFile, &'db ast::Agreement)> {
    let decl = global_scope(db, ws).get(name)?;
    abide_db::parse(db, decl.file)
        .file
        .items
        .iter()
        .find_map(|i| match &i.kind {
            ast::ItemKind::Agreement(a) if a.name.text == name => Some((decl.file, a)),
            _ => None,
        })
}

/// The first `valid` clause: its start and end literals.
fn valid_clause(a: &ast::Agreement) -> Option<(&DateLit, Option<&DateLit>)> {
    a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Valid(v) => Some((&v.start, v.end.as_ref())),
        _ => None,
    })
}

/// "an SLA", "a contract".
fn article(kind: AgreementKind) -> String {
    ItemTag::Agreement(kind).article()
}

/// A day range for messages: "2026-09-01 is" or "2026-09-01 to 2026-09-30 are".
fn days(from: Date, to: Date) -> String {
    if from == to {
        format!("{from} is")
    } else {
        format!("{from} to {to} are")
    }
}

/// How a validity end reads, as written, with its last day when written as
/// a month: "runs through 2026-08 (last day 2026-08-31)", "runs to 2026-08-31".
fn end_as_written(lit: &DateLit, last: Date) -> String {
    if lit.month {
        format!("runs through {} (last day {last})", lit.text)
    } else {
        format!("runs to {}", lit.text)
    }
}

/// `supersedes X`: X is an earlier agreement of the same kind for the same
/// service; then the validity of the two must meet without gap or overlap.
fn supersedes(cx: &mut Cx<'_>, a: &ast::Agreement, x: &ast::Name, graph: &LayeringGraph) {
    let me = a.name.text.as_str();
    let what = kind_name(a.kind);
    if x.text == me {
        cx.push(
            diag::error(
                codes::BAD_SUPERSEDES,
                cx.file,
                x.span,
                format!("{what} `{me}` supersedes itself"),
                "names its own agreement",
            )
            .note("`supersedes` names the earlier version that this agreement replaces")
            .help(format!(
                "name the earlier {what} for `{}` that `{me}` replaces, or remove the clause",
                a.service.text
            )),
        );
        return;
    }
    let Some(decl) = names::resolve(cx, x, AGREEMENTS, "agreement") else {
        return;
    };
    let Some(pred) = cx.m.agreement(&x.text) else {
        return;
    };
    if pred.kind != a.kind || pred.service != a.service.text {
        let why = if pred.kind == a.kind {
            format!(
                "`{}` is for service `{}`, `{me}` for `{}`",
                x.text, pred.service, a.service.text
            )
        } else {
            format!(
                "`{}` is {}, `{me}` is {}",
                x.text,
                article(pred.kind),
                article(a.kind)
            )
        };
        let mut d = diag::error(
            codes::BAD_SUPERSEDES,
            cx.file,
            x.span,
            format!("{what} `{me}` cannot supersede `{}`: {why}", x.text),
            format!("not an earlier version of `{me}`"),
        );
        if let Some(span) = names::first_span(cx, &decl, &x.text) {
            d = d.also(
                decl.file,
                span,
                format!(
                    "declared here, as {} for `{}`",
                    article(pred.kind),
                    pred.service
                ),
            );
        }
        cx.push(
            d.note("a new version replaces an agreement of the same kind for the same service")
                .help(format!(
                    "name the earlier {what} for `{}` that `{me}` replaces; to rank `{me}` above `{}` without replacing it, write `prevails over {}`",
                    a.service.text, x.text, x.text
                )),
        );
        return;
    }
    // A cycle has no earlier version: it is reported as E0512 instead.
    if graph
        .supersession_cycles
        .iter()
        .any(|c| c.iter().any(|n| n == me))
    {
        return;
    }
    let Some(mine) = cx.m.agreement(me) else {
        return;
    };
    let (Some((ps, pe)), Some((ss, se))) = (pred.valid, mine.valid) else {
        return;
    };
    let Some((my_start, _)) = valid_clause(a) else {
        return;
    };
    let other = find_agreement(cx.db, cx.ws, &x.text);
    let other_valid = other.and_then(|(f, oa)| valid_clause(oa).map(|v| (f, v)));
    if ss <= ps {
        let (when, label) = if ss == ps {
            ("on the same day as", "starts on the same day")
        } else {
            ("before", "starts before its predecessor")
        };
        let mut d = diag::error(
            codes::BAD_SUPERSEDES,
            cx.file,
            my_start.span,
            format!(
                "{what} `{me}` starts {}, {when} `{}` ({}), the agreement it supersedes",
                my_start.text,
                x.text,
                other_valid.map_or_else(|| ps.to_string(), |(_, (s, _))| s.text.to_string())
            ),
            label,
        );
        if let Some((f, (s, _))) = other_valid {
            d = d.also(f, s.span, format!("`{}` starts here", x.text));
        }
        cx.push(
            d.note("a new version must start after the version it replaces")
                .help(if ss < ps {
                    format!(
                        "check the dates; if `{}` is the newer version, move `supersedes` into it: `supersedes {me}`",
                        x.text
                    )
                } else {
                    format!("start `{me}` after {ps}")
                }),
        );
        return;
    }
    // Several successors break the chain (E0512): which one follows is unknown.
    if graph
        .successors
        .get(x.text.as_str())
        .is_some_and(|s| s.len() > 1)
    {
        return;
    }
    // An open end (`valid from …`) is ended by the successor.
    let Some(pe) = pe else { return };
    let Some((pf, (_, Some(pend)))) = other_valid else {
        return;
    };
    let ends = end_as_written(pend, pe);
    if let Ok(day_after) = pe.tomorrow()
        && ss > day_after
        && let Ok(last_gap) = ss.yesterday()
    {
        cx.push(
            diag::lint(
                codes::VALIDITY_GAP,
                cx.file,
                my_start.span,
                format!(
                    "`{}` {ends} and `{me}`, which supersedes it, starts {}: {} covered by neither",
                    x.text,
                    my_start.text,
                    days(day_after, last_gap)
                ),
                format!("leaves {} without an agreement", span_words(day_after, ss)),
            )
            .also(pf, pend.span, format!("`{}` ends here", x.text))
            .note("no agreement is in force between the two versions: no targets, no credits")
            .help(format!(
                "start `{me}` on {day_after}, or extend `{}` to {last_gap}",
                x.text
            )),
        );
    } else if ss <= pe {
        let last = se.map_or(pe, |se| se.min(pe));
        if last < ss {
            return;
        }
        let day_before = ss
            .yesterday()
            .map_or_else(|_| ss.to_string(), |d| d.to_string());
        cx.push(
            diag::lint(
                codes::VALIDITY_OVERLAP,
                cx.file,
                my_start.span,
                format!(
                    "`{}` {ends} and `{me}`, which supersedes it, starts {}: {} covered by both",
                    x.text,
                    my_start.text,
                    days(ss, last)
                ),
                format!("starts before `{}` ends", x.text),
            )
            .also(
                pf,
                pend.span,
                format!("`{}` is still in force until here", x.text),
            )
            .note("while both versions are in force it is unclear which targets and credits apply")
            .help(format!(
                "end `{}` on {day_before}, or write `valid from …` in `{}` so that `{me}` ends it",
                x.text, x.text
            )),
        );
    }
}

/// "1 day", "30 days": the length of the gap from `from` up to (not including) `to`.
fn span_words(from: Date, to: Date) -> String {
    match from.until(to).map(|s| s.get_days()) {
        Ok(1) => "1 day".to_owned(),
        Ok(n) => format!("{n} days"),
        Err(_) => "days".to_owned(),
    }
}

/// `extends P`: P is an agreement of the same kind.
fn extends(cx: &mut Cx<'_>, a: &ast::Agreement, p: &ast::Name) {
    let me = a.name.text.as_str();
    // Extending itself is a one-agreement precedence cycle (E0513).
    if p.text == me {
        return;
    }
    let what = kind_name(a.kind);
    if let Err(mut d) = names::lookup(cx, p, &[ItemTag::Agreement(a.kind)], what) {
        let other_agreement = cx
            .scope
            .get(&p.text)
            .is_some_and(|d| matches!(d.tag, ItemTag::Agreement(_)));
        if other_agreement {
            d.notes.push(format!(
                "`extends` layers {} on a general {what}, inheriting its exclusions and credit terms: both must be {what}s",
                article(a.kind)
            ));
            if d.help.is_none() {
                d.help = Some(format!(
                    "to rank `{me}` above `{}` without inheriting from it, write `prevails over {}`",
                    p.text, p.text
                ));
            }
        }
        cx.push(*d);
    }
}

/// The same outside document both above and below one agreement.
fn above_and_below(cx: &mut Cx<'_>, a: &ast::Agreement, above: &[&ast::Str], below: &[&ast::Str]) {
    for b in below {
        let Some(p) = above.iter().find(|p| p.value == b.value) else {
            continue;
        };
        cx.push(
            diag::error(
                codes::LAYERING_CYCLE,
                cx.file,
                b.span,
                format!(
                    "`{}` both prevails over and ranks below \"{}\"",
                    a.name.text, b.value
                ),
                "ranks below it here",
            )
            .also(cx.file, p.span, "prevails over it here")
            .note("in a conflict between the two documents, neither would win")
            .help(format!(
                "keep \"{}\" in only one of `prevails over` and `below`",
                b.value
            )),
        );
    }
}

/// The clause of `from` that ranks it above `to`: its span and how it reads.
fn precedence_clause(a: &ast::Agreement, to: &str) -> Option<(Span, &'static str)> {
    a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Extends(n) if n.text == to => Some((n.span, "extends")),
        ast::BodyClauseKind::PrevailsOver(nouns) => nouns.iter().find_map(|noun| match noun {
            ast::Noun::Word(n) if n.text == to => Some((n.span, "prevails over")),
            _ => None,
        }),
        _ => None,
    })
}

/// The `supersedes` name of an agreement that supersedes `to`.
fn supersedes_clause(a: &ast::Agreement, to: &str) -> Option<Span> {
    a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Supersedes(n) if n.text == to => Some(n.span),
        _ => None,
    })
}

fn arrows(cycle: &[SmolStr]) -> String {
    cycle
        .iter()
        .chain(cycle.first())
        .map(SmolStr::as_str)
        .collect::<Vec<_>>()
        .join(" → ")
}

/// E0512: a supersession cycle starting at this agreement, and several
/// successors of the agreement this one supersedes (reported by the first
/// of them by name).
fn supersession_cycles(cx: &mut Cx<'_>, a: &ast::Agreement, graph: &LayeringGraph) {
    let me: &str = &a.name.text;
    for cycle in graph
        .supersession_cycles
        .iter()
        .filter(|c| c.first().is_some_and(|f| f == me))
    {
        let next = cycle.get(1).map_or(me, SmolStr::as_str);
        let Some(span) = supersedes_clause(a, next) else {
            continue;
        };
        let mut d = diag::error(
            codes::SUPERSESSION_CYCLE,
            cx.file,
            span,
            format!(
                "agreements supersede each other in a cycle: {}",
                arrows(cycle)
            ),
            format!("`{me}` supersedes `{next}`"),
        );
        for (i, m) in cycle.iter().enumerate().skip(1) {
            let to = cycle.get(i + 1).map_or(me, SmolStr::as_str);
            if let Some((f, ma)) = find_agreement(cx.db, cx.ws, m)
                && let Some(s) = supersedes_clause(ma, to)
            {
                d = d.also(f, s, format!("`{m}` supersedes `{to}`"));
            }
        }
        cx.push(
            d.note(
                "versions form a chain from the oldest to the newest; a cycle has no first version",
            )
            .help("remove the `supersedes` clause of the oldest agreement of the cycle"),
        );
    }
    let Some(x) = a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Supersedes(n) => Some(n),
        _ => None,
    }) else {
        return;
    };
    let Some(succ) = graph.successors.get(x.text.as_str()) else {
        return;
    };
    if succ.len() < 2 || succ.first().is_none_or(|f| f != me) {
        return;
    }
    let list = succ
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let mut d = diag::error(
        codes::SUPERSESSION_CYCLE,
        cx.file,
        x.span,
        format!("`{}` is superseded by both {list}", x.text),
        format!("`{me}` supersedes `{}`", x.text),
    );
    for s in succ.iter().skip(1) {
        if let Some((f, sa)) = find_agreement(cx.db, cx.ws, s)
            && let Some(span) = supersedes_clause(sa, &x.text)
        {
            d = d.also(f, span, format!("`{s}` supersedes `{}` too", x.text));
        }
    }
    // Suggest the chain in order of start dates.
    let mut by_start: Vec<(Option<Date>, &SmolStr)> = succ
        .iter()
        .map(|s| (cx.m.agreement(s).and_then(|m| m.valid.map(|v| v.0)), s))
        .collect();
    by_start.sort();
    let mut previous: &str = &x.text;
    let mut steps = Vec::new();
    for (_, s) in &by_start {
        steps.push(format!("`{s}` supersedes `{previous}`"));
        previous = s;
    }
    cx.push(
        d.note("versions form a chain: each agreement has at most one successor")
            .help(format!(
                "chain them in order of their start: {}",
                steps.join(", ")
            )),
    );
}

/// E0513: a precedence cycle starting at this agreement.
fn precedence_cycles(cx: &mut Cx<'_>, a: &ast::Agreement, graph: &LayeringGraph) {
    let me: &str = &a.name.text;
    for cycle in graph
        .precedence_cycles
        .iter()
        .filter(|c| c.first().is_some_and(|f| f == me))
    {
        let next = cycle.get(1).map_or(me, SmolStr::as_str);
        let Some((span, how)) = precedence_clause(a, next) else {
            continue;
        };
        let message = if cycle.len() == 1 {
            format!("`{me}` ranks above itself: {}", arrows(cycle))
        } else {
            format!("document precedence is circular: {}", arrows(cycle))
        };
        let mut d = diag::error(
            codes::LAYERING_CYCLE,
            cx.file,
            span,
            message,
            format!("`{me}` {how} `{next}`"),
        );
        for (i, m) in cycle.iter().enumerate().skip(1) {
            let to = cycle.get(i + 1).map_or(me, SmolStr::as_str);
            if let Some((f, ma)) = find_agreement(cx.db, cx.ws, m)
                && let Some((s, how)) = precedence_clause(ma, to)
            {
                d = d.also(f, s, format!("`{m}` {how} `{to}`"));
            }
        }
        cx.push(
            d.note("`extends` and `prevails over` both rank an agreement above the one they name; in a circle no agreement wins a conflict")
                .help(if cycle.len() == 1 {
                    format!("remove `{me}` from its own `{how}` clause")
                } else {
                    "remove one `extends` or `prevails over` of the cycle".to_owned()
                }),
        );
    }
}

/// The window as a comparable key (the default is a month).
fn window_key(w: &Window) -> Window {
    match w {
        Window::Default => Window::Per(model::Period::Month),
        other => other.clone(),
    }
}

/// Two targets measure the same thing the same way: their bounds compare.
fn same_measure(a: &TargetSig, b: &TargetSig) -> bool {
    a.metric.is_some()
        && a.metric == b.metric
        && a.agg == b.agg
        && a.share == b.share
        && window_key(&a.window) == window_key(&b.window)
}

/// True when `child`'s bound is looser than `parent`'s (both bounds the same
/// way round, on the good side of the metric).
fn looser(child: &TargetSig, parent: &TargetSig, better: Option<Better>) -> Option<bool> {
    let lower_bound = |op: Cmp| match op {
        Cmp::Ge | Cmp::Gt => Some(true),
        Cmp::Le | Cmp::Lt => Some(false),
        Cmp::Eq => None,
    };
    let way = lower_bound(child.op)?;
    if lower_bound(parent.op)? != way {
        return None;
    }
    // An inverted bound is its own lint; which side is "looser" is unclear.
    if better.is_some_and(|b| (b == Better::Higher) != way) {
        return None;
    }
    if std::mem::discriminant(&child.value) != std::mem::discriminant(&parent.value) {
        return None;
    }
    if let (Value::Money { currency: c, .. }, Value::Money { currency: p, .. }) =
        (&child.value, &parent.value)
        && c != p
    {
        return None;
    }
    let (c, p) = (magnitude(&child.value)?, magnitude(&parent.value)?);
    let strict = |op: Cmp| matches!(op, Cmp::Gt | Cmp::Lt);
    Some(if c == p {
        !strict(child.op) && strict(parent.op)
    } else if way {
        c < p
    } else {
        c > p
    })
}

/// The bound written by `parent`'s target, with its span.
fn bound_span(a: &ast::Agreement, target: &str) -> Option<Span> {
    a.targets()
        .find(|t| t.name.text == target)
        .map(|t| t.condition.value.span())
}

/// A bound for messages: the value as written, or normalised when needed.
fn bound_text(t: &TargetSig) -> String {
    if t.value_text.is_empty() {
        match &t.value {
            Value::Percent(f) => value::percent(*f, true),
            Value::Duration(s) => value::duration(*s),
            _ => String::new(),
        }
    } else {
        t.value_text.to_string()
    }
}

/// `layer-loosens`: a target of an extending agreement promises less than
/// the same target of an agreement it extends.
fn layer_loosens(cx: &mut Cx<'_>, a: &ast::Agreement) {
    let me = a.name.text.as_str();
    let chain = parent_chain(&cx.m, me);
    if chain.is_empty() {
        return;
    }
    let Some(mine) = cx.m.agreement(me) else {
        return;
    };
    let parents: Vec<(&SmolStr, &Arc<AgreementModel>)> = chain
        .iter()
        .filter_map(|n| cx.m.agreement(n).map(|m| (n, m)))
        .collect();
    let mut seen = HashSet::new();
    for t in a.targets() {
        if !seen.insert(t.name.text.as_str()) {
            continue;
        }
        let Some(sig) = mine.target(&t.name.text) else {
            continue;
        };
        // The same name decides; otherwise the same metric in the same scopes.
        let by_name = parents
            .iter()
            .find_map(|(pn, pm)| pm.target(&sig.name).map(|pt| (*pn, pt)));
        let found = match by_name {
            Some(f) => Some(f),
            None => parents.iter().find_map(|(pn, pm)| {
                pm.targets
                    .iter()
                    .find(|pt| same_measure(sig, pt) && pt.scopes == sig.scopes)
                    .map(|pt| (*pn, pt))
            }),
        };
        let Some((pn, pt)) = found else { continue };
        if !same_measure(sig, pt) {
            continue;
        }
        let better = match &sig.agg {
            Agg::Share { .. } => Some(Better::Higher),
            Agg::Count | Agg::Invalid => None,
            _ => sig
                .metric
                .as_deref()
                .and_then(|m| cx.m.metric(m))
                .and_then(|m| m.better),
        };
        if looser(sig, pt, better) != Some(true) {
            continue;
        }
        let through = chain
            .iter()
            .take_while(|n| *n != pn)
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>();
        let which = if through.is_empty() {
            "which it extends".to_owned()
        } else {
            format!("which it extends through {}", through.join(", "))
        };
        let (child_bound, parent_bound) = (bound_text(sig), bound_text(pt));
        let mut d = diag::lint(
            codes::LAYER_LOOSENS,
            cx.file,
            t.condition.value.span(),
            format!(
                "`{me}.{}` promises {child_bound}, looser than `{pn}.{}` ({parent_bound}), {which}",
                sig.name, pt.name
            ),
            format!("looser than {parent_bound}"),
        );
        if let Some((f, pa)) = find_agreement(cx.db, cx.ws, pn)
            && let Some(span) = bound_span(pa, &pt.name)
        {
            d = d.also(
                f,
                span,
                format!("`{pn}.{}` promises {parent_bound}", pt.name),
            );
        }
        let op = sig.op.as_str();
        cx.push(
            d.note(format!(
                "`{me}` inherits the exclusions and credit terms of `{pn}`; readers expect an extending agreement to add to the promises it inherits, not to weaken them"
            ))
            .help(format!(
                "promise `{op} {parent_bound}` or better; if the target measures something else, give it another name and scope"
            )),
        );
    }
}
