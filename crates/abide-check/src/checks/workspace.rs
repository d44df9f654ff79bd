//! Workspace-wide facts: the support graph (built once, from position-free
//! target signatures) with its cycles, and the lints that need the whole
//! workspace: `unused-agreement` and `watermelon`.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use abide_db::{Db, Workspace, codes};
use abide_syntax::ast::{self, AgreementKind, SmolStr};

use super::Cx;
use crate::diag::{self, DiagExt};
use crate::model::{self, Category, ItemModel};
use crate::scope::global_scope;

/// A target node: `(agreement, target)`.
pub type Node = (SmolStr, SmolStr);

/// The support graph: who supports whom. Holds no values, so changing a
/// bound leaves it unchanged (and everything reading it is reused).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SupportGraph {
    /// Agreements named as supporters somewhere.
    pub supporting: FxHashSet<SmolStr>,
    /// Every cycle, each listed from its smallest node.
    pub cycles: Vec<Vec<Node>>,
    /// Per service: (has SLA targets, has experience measures).
    pub services: FxHashMap<SmolStr, (bool, bool)>,
}

/// What the agreements declared in one file contribute to the support
/// graph: their services, and their support edges. Holds no bounds, so
/// editing a bound leaves it equal and the graph is reused.
///
/// Only what the graph needs is kept (it stays in memory for the next
/// edit): one entry per service, and one per supported target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FileEdges {
    /// The services of the file's agreements, in order of first mention.
    pub services: Vec<ServiceUse>,
    /// `(agreement, target)` → the targets named in its `supported by`,
    /// in source order.
    pub edges: Vec<(Node, Box<[Node]>)>,
}

/// What a file's agreements with targets say about one service.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServiceUse {
    /// The service.
    pub service: SmolStr,
    /// An SLA with targets is for it.
    pub sla_targets: bool,
    /// An XLA for it has a target whose metric could not be read: given
    /// the benefit of the doubt as an experience measure (its error is
    /// reported where it is written).
    pub unread_metric: bool,
    /// The metrics its agreements' targets measure, each once: whether one
    /// is an experience metric is looked up by the graph, once per metric.
    pub metrics: Vec<SmolStr>,
}

/// The support-graph contribution of the agreements declared in `file`.
///
/// Per file rather than per agreement: after an edit, salsa verifies the
/// support graph against one contribution per file (hundreds) instead of one
/// per agreement (tens of thousands). It reads the file's models only, not
/// the namespace, so that an edit elsewhere leaves it verified at no cost
/// (its inputs did not change); the graph leaves out the agreements whose
/// name is declared first elsewhere. An edit of a bound re-runs this for
/// the edited file only, and the equal result is backdated.
#[salsa::tracked(returns(ref))]
pub fn file_edges(db: &dyn Db, file: abide_db::SourceFile) -> FileEdges {
    contribution(model::file_models(db, file).iter(), |_| true)
}

/// The contribution of the agreements among `models` whose name passes
/// `keep`.
fn contribution<'a>(
    models: impl Iterator<Item = (&'a SmolStr, &'a std::sync::Arc<ItemModel>)>,
    keep: impl Fn(&str) -> bool,
) -> FileEdges {
    let mut out = FileEdges::default();
    for (name, m) in models {
        let ItemModel::Agreement(a) = &**m else {
            continue;
        };
        if keep(name) {
            add_agreement(&mut out, name, a);
        }
    }
    out.edges.shrink_to_fit();
    out.services.shrink_to_fit();
    out
}

fn add_agreement(out: &mut FileEdges, name: &SmolStr, a: &model::AgreementModel) {
    for t in &a.targets {
        if let Some(s) = &t.support {
            out.edges
                .push(((name.clone(), t.name.clone()), s.paths().into_boxed_slice()));
        }
    }
    // An agreement without targets measures nothing.
    if a.targets.is_empty() {
        return;
    }
    if !out.services.iter().any(|u| u.service == a.service) {
        out.services.push(ServiceUse {
            service: a.service.clone(),
            sla_targets: false,
            unread_metric: false,
            metrics: Vec::new(),
        });
    }
    let Some(service) = out.services.iter_mut().find(|u| u.service == a.service) else {
        return;
    };
    service.sla_targets |= a.kind == AgreementKind::Sla;
    // An experience measure is a target on an experience metric, in any
    // agreement (an XLA on availability measures no experience).
    for t in &a.targets {
        match &t.metric {
            Some(m) if !service.metrics.contains(m) => service.metrics.push(m.clone()),
            Some(_) => {}
            None => service.unread_metric |= a.kind == AgreementKind::Xla,
        }
    }
}

/// Builds the support graph of a workspace from the files' contributions.
///
/// The edges themselves are not kept (they are every file's contribution
/// again, and the largest part of the graph); [`support_edges`] rebuilds
/// them for the one command that draws them.
#[salsa::tracked(returns(ref))]
pub fn support_graph(db: &dyn Db, ws: Workspace) -> SupportGraph {
    with_contributions(db, ws, |all| {
        let mut g = SupportGraph::default();
        // Whether a metric measures experience, looked up once per name.
        let mut experience: FxHashMap<&str, bool> = FxHashMap::default();
        for f in all {
            for u in &f.services {
                let entry = g.services.entry(u.service.clone()).or_default();
                entry.0 |= u.sla_targets;
                entry.1 = entry.1
                    || u.unread_metric
                    || u.metrics.iter().any(|m| {
                        *experience.entry(m.as_str()).or_insert_with(|| {
                            model::metric(db, ws, m)
                                .is_some_and(|m| m.category == Some(Category::Experience))
                        })
                    });
            }
            for (_, paths) in &f.edges {
                for (sa, _) in paths {
                    g.supporting.insert(sa.clone());
                }
            }
        }
        // Searched over borrowed names: an owned copy of every edge would be
        // the largest allocation of the whole check, for a few cycles.
        let edges = borrowed_edges(all);
        g.cycles = sorted_cycles(&edges, |(a, t)| (a.as_str(), t.as_str()))
            .into_iter()
            .map(|c| c.into_iter().map(owned_node).collect())
            .collect();
        g
    })
}

/// Runs `f` on every file's contribution, in workspace order, each
/// agreement counted in the file the namespace resolves its name to.
///
/// [`file_edges`] does not read the namespace: a file that declares an
/// agreement whose name is declared first elsewhere (an error) has its
/// contribution rebuilt here without it. What is built from them does not
/// depend on their order: the graph's sets are unordered and its edges are
/// keyed by name.
fn with_contributions<R>(db: &dyn Db, ws: Workspace, f: impl FnOnce(&[&FileEdges]) -> R) -> R {
    let scope = global_scope(db, ws);
    let mut shadowing: Vec<abide_db::SourceFile> = Vec::new();
    for name in scope.repeated() {
        let decls = scope.all(name);
        let first = decls.first().map(|d| d.file);
        for d in decls.iter().skip(1) {
            if Some(d.file) != first && !shadowing.contains(&d.file) {
                shadowing.push(d.file);
            }
        }
    }
    let rebuilt: Vec<(abide_db::SourceFile, FileEdges)> = shadowing
        .into_iter()
        .map(|file| {
            let first_here = |name: &str| scope.get(name).map(|d| d.file) == Some(file);
            (
                file,
                contribution(model::file_models(db, file).iter(), first_here),
            )
        })
        .collect();
    let all: Vec<&FileEdges> = ws
        .files(db)
        .iter()
        .map(|&file| {
            rebuilt
                .iter()
                .find(|(f, _)| *f == file)
                .map_or_else(|| file_edges(db, file), |(_, e)| e)
        })
        .collect();
    f(&all)
}

/// Target → the targets named in its `supported by`, over the workspace.
pub fn support_edges(db: &dyn Db, ws: Workspace) -> BTreeMap<Node, Vec<Node>> {
    with_contributions(db, ws, |all| {
        borrowed_edges(all)
            .into_iter()
            .map(|(from, to)| (owned_node(from), to.to_vec()))
            .collect()
    })
}

/// A borrowed target node: `(agreement, target)`.
type NodeRef<'a> = (&'a str, &'a str);

/// Target → the targets named in its `supported by`, sorted by target and
/// borrowed from the contributions (a target written twice keeps its last
/// `supported by`, as a map would).
fn borrowed_edges<'a>(all: &[&'a FileEdges]) -> Vec<(NodeRef<'a>, &'a [Node])> {
    let mut edges: Vec<(NodeRef<'a>, &'a [Node])> = all
        .iter()
        .flat_map(|f| f.edges.iter())
        .map(|((a, t), to)| ((a.as_str(), t.as_str()), &**to))
        .collect();
    // Reversed, then sorted stably: of equal keys the last written comes
    // first, and is the one `dedup` keeps.
    edges.reverse();
    edges.sort_by(|x, y| x.0.cmp(&y.0));
    edges.dedup_by(|later, first| later.0 == first.0);
    edges
}

fn owned_node((agreement, target): NodeRef<'_>) -> Node {
    (SmolStr::new(agreement), SmolStr::new(target))
}

/// Finds elementary cycles by depth-first search (each reported once,
/// rotated to start at its smallest node). Shared by the support graph and
/// the layering graph (supersession and precedence).
pub(crate) fn cycles<N: Ord + Clone>(edges: &BTreeMap<N, Vec<N>>) -> Vec<Vec<N>> {
    let nodes: Vec<(&N, &[N])> = edges.iter().map(|(n, to)| (n, to.as_slice())).collect();
    sorted_cycles(&nodes, |n| n)
        .into_iter()
        .map(|c| c.into_iter().cloned().collect())
        .collect()
}

/// [`cycles`] of a graph given as its nodes with their successors, sorted
/// by node, each node once; `node` reads a successor as a node.
///
/// The search runs over indices ([`index_cycles`]): a node's index is its
/// rank in the list, so comparing indices compares nodes. A successor that
/// is not listed has no edges: it can be on no cycle, and is left out.
fn sorted_cycles<'a, N: Ord + Copy, S: 'a>(
    nodes: &[(N, &'a [S])],
    node: impl Fn(&'a S) -> N,
) -> Vec<Vec<N>> {
    let successors: Vec<Vec<usize>> = nodes
        .iter()
        .map(|(_, to)| {
            to.iter()
                .filter_map(|s| {
                    let n = node(s);
                    nodes.binary_search_by(|(k, _)| k.cmp(&n)).ok()
                })
                .collect()
        })
        .collect();
    index_cycles(&successors)
        .into_iter()
        .map(|c| {
            c.into_iter()
                .filter_map(|i| nodes.get(i).map(|(n, _)| *n))
                .collect()
        })
        .collect()
}

/// The elementary cycles of a graph whose nodes are `0..successors.len()`,
/// numbered in the order the cycles are to be sorted and rotated by: each
/// step reads an array instead of searching a map by name (string
/// comparisons were most of the graph's time).
fn index_cycles(successors: &[Vec<usize>]) -> BTreeSet<Vec<usize>> {
    let mut found: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut done = vec![false; successors.len()];
    for start in 0..successors.len() {
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        let mut on_path: Vec<usize> = vec![start];
        while let Some((node, i)) = stack.pop() {
            let Some(&next) = successors.get(node).and_then(|v| v.get(i)) else {
                on_path.pop();
                continue;
            };
            stack.push((node, i + 1));
            if let Some(pos) = on_path.iter().position(|&n| n == next) {
                let mut cycle = on_path[pos..].to_vec();
                if let Some(min) = cycle
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, n)| **n)
                    .map(|(i, _)| i)
                {
                    cycle.rotate_left(min);
                }
                found.insert(cycle);
            } else if !done.get(next).copied().unwrap_or(true) && on_path.len() < 256 {
                on_path.push(next);
                stack.push((next, 0));
            }
        }
        if let Some(d) = done.get_mut(start) {
            *d = true;
        }
    }
    found
}

/// `unused-agreement`: an OLA or contract that supports nothing.
pub fn unused_agreement(cx: &mut Cx<'_>, a: &ast::Agreement) {
    if !matches!(a.kind, AgreementKind::Ola | AgreementKind::Contract) {
        return;
    }
    if support_graph(cx.db, cx.ws)
        .supporting
        .contains(a.name.text.as_str())
    {
        return;
    }
    cx.push(
        diag::lint(
            codes::UNUSED_AGREEMENT,
            cx.file,
            a.name.span,
            format!(
                "{} `{}` supports no target",
                if a.kind == AgreementKind::Ola {
                    "OLA"
                } else {
                    "contract"
                },
                a.name.text
            ),
            "nothing is `supported by` it",
        )
        .note("underpinning agreements exist to support the promises made to customers")
        .help(format!(
            "name one of its targets in a `supported by` clause, e.g. `supported by {}.…`",
            a.name.text
        )),
    );
}

/// `watermelon`: SLA targets for a service, but no experience measure
/// (green outside, red inside).
pub fn watermelon(cx: &mut Cx<'_>, s: &ast::Service) {
    let graph = support_graph(cx.db, cx.ws);
    let Some((sla, experience)) = graph.services.get(s.name.text.as_str()) else {
        return;
    };
    if *sla && !*experience {
        cx.push(
            diag::lint(
                codes::WATERMELON,
                cx.file,
                s.name.span,
                format!("service `{}` has SLA targets but no experience measure", s.name.text),
                "outputs only",
            )
            .note("the watermelon effect: every SLA is green while users are unhappy; XLAs measure the experience")
            .help(format!("add an `xla … for {}` with targets on `satisfaction`, `ease_of_use` or `lost_time`", s.name.text)),
        );
    }
}

/// The kind of a declared agreement.
pub fn kind_of(db: &dyn Db, ws: Workspace, name: &str) -> Option<AgreementKind> {
    match model::model(db, ws, name) {
        Some(ItemModel::Agreement(a)) => Some(a.kind),
        _ => None,
    }
}
