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

/// What one agreement contributes to the support graph: its service, whether
/// it has SLA targets or experience measures, and its support edges. Holds
/// no bounds, so editing a bound leaves it equal and the graph is reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AgreementEdges {
    /// The service it is for.
    pub service: SmolStr,
    /// An SLA with targets.
    pub sla_targets: bool,
    /// At least one experience measure.
    pub experience: bool,
    /// Target → the targets named in its `supported by`.
    pub edges: Vec<(SmolStr, Vec<Node>)>,
}

/// The support-graph contributions of the agreements declared in `file`
/// (the first declaration of each name), by agreement name.
///
/// Per file rather than per agreement: after an edit, salsa verifies the
/// support graph against one contribution per file (hundreds) instead of one
/// per agreement (tens of thousands). An edit of a bound re-runs this for
/// the edited file only, and the equal result is backdated.
#[salsa::tracked(returns(ref))]
pub fn file_edges(
    db: &dyn Db,
    ws: Workspace,
    file: abide_db::SourceFile,
) -> Vec<(SmolStr, AgreementEdges)> {
    let scope = global_scope(db, ws);
    // Whether a metric measures experience, looked up once per name: a
    // file's targets share a few metrics.
    let mut experience: FxHashMap<SmolStr, bool> = FxHashMap::default();
    let mut is_experience = |metric: &SmolStr| {
        *experience.entry(metric.clone()).or_insert_with(|| {
            model::metric(db, ws, metric).is_some_and(|m| m.category == Some(Category::Experience))
        })
    };
    model::file_models(db, file)
        .iter()
        .filter_map(|(name, m)| {
            let ItemModel::Agreement(a) = &**m else {
                return None;
            };
            if scope.get(name).map(|d| d.file) != Some(file) {
                return None;
            }
            Some((name.clone(), edges_of(a, &mut is_experience)))
        })
        .collect()
}

fn edges_of(
    a: &model::AgreementModel,
    is_experience: &mut impl FnMut(&SmolStr) -> bool,
) -> AgreementEdges {
    // An experience measure is a target on an experience metric, in any
    // agreement (an XLA on availability measures no experience). A target
    // whose metric could not be read is given the benefit of the doubt in an
    // XLA (its error is reported where it is written).
    let experience = a
        .targets
        .iter()
        .any(|t| a.kind == AgreementKind::Xla && t.metric.is_none())
        || a.targets
            .iter()
            .any(|t| t.metric.as_ref().is_some_and(&mut *is_experience));
    AgreementEdges {
        service: a.service.clone(),
        sla_targets: a.kind == AgreementKind::Sla && !a.targets.is_empty(),
        experience: experience && !a.targets.is_empty(),
        edges: a
            .targets
            .iter()
            .filter_map(|t| t.support.as_ref().map(|s| (t.name.clone(), s.paths())))
            .collect(),
    }
}

/// Builds the support graph of a workspace from the agreements' edges.
///
/// The edges themselves are not kept (they are every file's contribution
/// again, and the largest part of the graph); [`support_edges`] rebuilds
/// them for the one command that draws them.
#[salsa::tracked(returns(ref))]
pub fn support_graph(db: &dyn Db, ws: Workspace) -> SupportGraph {
    let mut g = SupportGraph::default();
    let all = contributions(db, ws);
    for (_, a) in &all {
        let entry = g.services.entry(a.service.clone()).or_default();
        entry.0 |= a.sla_targets;
        entry.1 |= a.experience;
        for (_, paths) in &a.edges {
            for (sa, _) in paths {
                g.supporting.insert(sa.clone());
            }
        }
    }
    // Searched over borrowed names: an owned copy of every edge would be
    // the largest allocation of the whole check, for a few cycles.
    g.cycles = cycles(&borrowed_edges(&all))
        .into_iter()
        .map(|c| c.into_iter().map(owned_node).collect())
        .collect();
    g
}

/// Every agreement's contribution, file by file. Each name comes from one
/// file only (the one the scope resolves it to), and what is built from
/// them does not depend on their order: the graph's sets are unordered and
/// its edges are keyed by name.
fn contributions(db: &dyn Db, ws: Workspace) -> Vec<&(SmolStr, AgreementEdges)> {
    ws.files(db)
        .iter()
        .flat_map(|&f| file_edges(db, ws, f).iter())
        .collect()
}

/// Target → the targets named in its `supported by`, over the workspace.
pub fn support_edges(db: &dyn Db, ws: Workspace) -> BTreeMap<Node, Vec<Node>> {
    borrowed_edges(&contributions(db, ws))
        .into_iter()
        .map(|(from, to)| (owned_node(from), to.into_iter().map(owned_node).collect()))
        .collect()
}

/// A borrowed target node: `(agreement, target)`.
type NodeRef<'a> = (&'a str, &'a str);

/// Target → the targets named in its `supported by`, borrowed from the
/// contributions.
fn borrowed_edges<'a>(
    all: &[&'a (SmolStr, AgreementEdges)],
) -> BTreeMap<NodeRef<'a>, Vec<NodeRef<'a>>> {
    let mut edges = BTreeMap::new();
    for (name, a) in all {
        for (target, paths) in &a.edges {
            let to = paths
                .iter()
                .map(|(a, t)| (a.as_str(), t.as_str()))
                .collect();
            edges.insert((name.as_str(), target.as_str()), to);
        }
    }
    edges
}

fn owned_node((agreement, target): NodeRef<'_>) -> Node {
    (SmolStr::new(agreement), SmolStr::new(target))
}

/// Finds elementary cycles by depth-first search (each reported once,
/// rotated to start at its smallest node). Shared by the support graph and
/// the layering graph (supersession and precedence).
///
/// The search runs over indices: a node's index is its rank among the
/// keys, so comparing indices compares nodes, and each step reads an array
/// instead of searching the map by name (string comparisons were most of
/// the graph's time). A node that is not a key has no edges: it can be on
/// no cycle, and is left out.
pub(crate) fn cycles<N: Ord + Clone>(edges: &BTreeMap<N, Vec<N>>) -> Vec<Vec<N>> {
    let keys: Vec<&N> = edges.keys().collect();
    let successors: Vec<Vec<usize>> = edges
        .values()
        .map(|to| {
            to.iter()
                .filter_map(|n| keys.binary_search(&n).ok())
                .collect()
        })
        .collect();
    let mut found: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut done = vec![false; keys.len()];
    for start in 0..keys.len() {
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
        .into_iter()
        .map(|c| {
            c.into_iter()
                .filter_map(|i| keys.get(i).map(|&n| n.clone()))
                .collect()
        })
        .collect()
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
