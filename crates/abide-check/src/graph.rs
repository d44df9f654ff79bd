//! The support graph as a picture: Graphviz DOT and Mermaid text.
//!
//! Built only from the queries the checks use: [`support_edges`] for who
//! supports whom, [`model::agreement`] for targets and their support
//! expressions, and [`alignment`] for the composed figure of each supported
//! target, so that the picture shows exactly what `abide check` computed.
//! The parse of the declaring file is read only for what the position-free
//! models leave out: an agreement's title and a target's measured
//! expression as written (`share(ease_of_use >= 4)`).
//!
//! Agreements are clusters, targets are nodes, and edges run from a
//! supporter up to the target it supports, labelled with the combinator
//! they sit in. Misaligned targets and the edges into them are red.
//! Everything is sorted, so the output is byte-for-byte deterministic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use abide_db::{Db, Workspace};
use abide_syntax::ast::{self, SmolStr};

use crate::checks::alignment::alignment;
use crate::checks::workspace::{Node, support_edges};
use crate::model::{self, SupportExpr};
use crate::scope::{ItemTag, global_scope};

/// The graph of a workspace in Graphviz DOT, as `digraph abide { … }`.
#[must_use]
pub fn dot(db: &dyn Db, ws: Workspace) -> String {
    dot_named(db, ws, "abide")
}

/// The graph of a workspace in Graphviz DOT, as `digraph "NAME" { … }`.
#[must_use]
pub fn dot_named(db: &dyn Db, ws: Workspace, name: &str) -> String {
    render_dot(&build(db, ws), name)
}

/// The graph of a workspace as a Mermaid flowchart.
#[must_use]
pub fn mermaid(db: &dyn Db, ws: Workspace) -> String {
    render_mermaid(&build(db, ws), None)
}

/// The graph of a workspace as a Mermaid flowchart titled `title` (in the
/// diagram's front matter).
#[must_use]
pub fn mermaid_named(db: &dyn Db, ws: Workspace, title: &str) -> String {
    render_mermaid(&build(db, ws), Some(title))
}

// ------------------------------------------------------------------ model

/// The label of an edge whose combinator is not `all`, `any` or `seq`
/// (already reported as an error).
const UNKNOWN_COMBINATOR: &str = "?";

/// Everything drawn, in output order.
#[derive(Debug, Default)]
struct Graph {
    clusters: Vec<Cluster>,
    /// Supporters named in `supported by` that are not declared.
    undeclared: Vec<Loose>,
    edges: Vec<Edge>,
}

#[derive(Debug)]
struct Cluster {
    id: String,
    /// `sla wifi_sla — Campus Wi-Fi SLA`
    label: String,
    targets: Vec<TargetNode>,
    /// The id of a placeholder node when the agreement has no target
    /// (an empty cluster is not drawn by Graphviz).
    placeholder: Option<String>,
}

#[derive(Debug)]
struct TargetNode {
    id: String,
    /// Target name, bound as written, and the composed figure if any.
    lines: Vec<String>,
    misaligned: bool,
}

#[derive(Debug)]
struct Loose {
    id: String,
    lines: Vec<String>,
}

#[derive(Debug)]
struct Edge {
    from: String,
    to: String,
    label: &'static str,
    misaligned: bool,
}

/// Hands out node ids that are valid identifiers in DOT and Mermaid and
/// unique in one graph.
#[derive(Debug, Default)]
struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    fn node(&mut self, agreement: &str, target: &str) -> String {
        self.fresh(format!("{}__{}", ident(agreement), ident(target)))
    }

    fn cluster(&mut self, agreement: &str) -> String {
        self.fresh(format!("cluster_{}", ident(agreement)))
    }

    fn fresh(&mut self, base: String) -> String {
        let base = mermaid_safe(base);
        let mut id = base.clone();
        let mut n = 2u32;
        while self.used.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// `[A-Za-z0-9_]` only; anything else becomes `_`.
fn ident(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "_".into() } else { s }
}

/// Mermaid's lexer reads a keyword at the end of an id after `_` or a
/// digit (`b_end`, `node1TB`) as that keyword; a trailing `_` avoids it.
fn mermaid_safe(id: String) -> String {
    const KEYWORDS: &[&str] = &[
        "end",
        "graph",
        "flowchart",
        "subgraph",
        "style",
        "linkstyle",
        "classdef",
        "class",
        "click",
        "call",
        "callback",
        "href",
        "direction",
        "default",
        "interpolate",
        "acctitle",
        "accdescr",
        "tb",
        "td",
        "bt",
        "lr",
        "rl",
    ];
    let lower = id.to_ascii_lowercase();
    let hit = KEYWORDS.iter().any(|k| {
        lower.strip_suffix(k).is_some_and(|rest| {
            rest.is_empty() || rest.ends_with(|c: char| c == '_' || c.is_ascii_digit())
        })
    });
    if hit { id + "_" } else { id }
}

/// The combinator each leaf of a support expression sits in, in order
/// (a single path, like a bare list, means `all`).
fn leaf_combinators(e: &SupportExpr, inside: &'static str, out: &mut Vec<(Node, &'static str)>) {
    let (parts, name) = match e {
        SupportExpr::Path(a, t) => {
            out.push(((a.clone(), t.clone()), inside));
            return;
        }
        SupportExpr::All(v) => (v, "all"),
        SupportExpr::Any(v) => (v, "any"),
        SupportExpr::Seq(v) => (v, "seq"),
        SupportExpr::Invalid(v) => (v, UNKNOWN_COMBINATOR),
    };
    for p in parts {
        leaf_combinators(p, name, out);
    }
}

/// Whitespace runs (line breaks included) as one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn build(db: &dyn Db, ws: Workspace) -> Graph {
    let scope = global_scope(db, ws);
    let support = support_edges(db, ws);
    let mut ids = Ids::default();
    let mut graph = Graph::default();
    let mut node_ids: BTreeMap<Node, String> = BTreeMap::new();
    let mut misaligned: BTreeSet<Node> = BTreeSet::new();

    // Clusters and their targets, agreements and targets sorted by name.
    for (name, decls) in scope.iter() {
        let Some(decl) = decls.first() else { continue };
        let ItemTag::Agreement(kind) = decl.tag else {
            continue;
        };
        let Some(model) = model::agreement(db, ws, name) else {
            continue;
        };
        let text = decl.file.text(db);
        let ast = abide_db::parse(db, decl.file)
            .file
            .items
            .iter()
            .find_map(|i| match &i.kind {
                ast::ItemKind::Agreement(a) if a.name.text == *name => Some(a),
                _ => None,
            });
        let mut label = format!("{} {name}", kind.keyword());
        if let Some(title) = ast.and_then(|a| a.title.as_ref()) {
            let _ = write!(label, " — {}", title.value);
        }
        let no_figures = litemap::LiteMap::new();
        let figures = alignment(db, ws, name).map_or(&no_figures, |al| &al.figures);
        let cluster_id = ids.cluster(name);
        // The model holds the first target of a name; so does the graph.
        let mut sigs: BTreeMap<&str, &model::TargetSig> = BTreeMap::new();
        for t in &model.targets {
            sigs.entry(t.name.as_str()).or_insert(t);
        }
        let mut targets = Vec::new();
        for (tname, sig) in sigs {
            let node = (SmolStr::new(name), SmolStr::new(tname));
            let id = ids.node(name, tname);
            let expr = ast
                .and_then(|a| a.targets().find(|t| t.name.text == tname))
                .and_then(|t| {
                    let span = t.condition.expr.span();
                    text.get(span.start as usize..span.end as usize)
                })
                .map(squash)
                .or_else(|| sig.metric.as_ref().map(ToString::to_string))
                .unwrap_or_else(|| "?".into());
            let mut lines = vec![
                tname.to_owned(),
                format!("{expr} {} {}", sig.op.as_str(), sig.value_text),
            ];
            let mut bad = false;
            if let Some(f) = figures.get(tname) {
                bad = !f.aligned;
                lines.push(format!(
                    "{} = {}{}",
                    f.arithmetic,
                    f.display,
                    if bad { " (misaligned)" } else { "" }
                ));
            }
            if bad {
                misaligned.insert(node.clone());
            }
            node_ids.insert(node, id.clone());
            targets.push(TargetNode {
                id,
                lines,
                misaligned: bad,
            });
        }
        let placeholder = targets
            .is_empty()
            .then(|| ids.fresh(format!("{cluster_id}__no_targets")));
        graph.clusters.push(Cluster {
            id: cluster_id,
            label,
            targets,
            placeholder,
        });
    }

    // Supporters that name nothing declared still get a node, so that the
    // edge shows where the support was expected.
    let undeclared: BTreeSet<&Node> = support
        .values()
        .flatten()
        .filter(|n| !node_ids.contains_key(*n))
        .collect();
    for (a, t) in undeclared {
        let id = ids.node(a, t);
        node_ids.insert((a.clone(), t.clone()), id.clone());
        graph.undeclared.push(Loose {
            id,
            lines: vec![format!("{a}.{t}"), "(not declared)".into()],
        });
    }

    // Edges, supporter → supported, sorted by supported then supporter.
    let mut edges: BTreeSet<(Node, Node, &'static str)> = BTreeSet::new();
    for (target, supporters) in &support {
        let mut labels = Vec::new();
        if let Some(expr) = model::agreement(db, ws, &target.0)
            .as_ref()
            .and_then(|m| m.target(&target.1))
            .and_then(|s| s.support.as_ref())
        {
            leaf_combinators(expr, "all", &mut labels);
        }
        for (i, supporter) in supporters.iter().enumerate() {
            let label = labels
                .get(i)
                .filter(|(n, _)| n == supporter)
                .or_else(|| labels.iter().find(|(n, _)| n == supporter))
                .map_or(UNKNOWN_COMBINATOR, |(_, l)| *l);
            edges.insert((target.clone(), supporter.clone(), label));
        }
    }
    for (to, from, label) in edges {
        let (Some(from_id), Some(to_id)) = (node_ids.get(&from), node_ids.get(&to)) else {
            continue;
        };
        graph.edges.push(Edge {
            from: from_id.clone(),
            to: to_id.clone(),
            label,
            misaligned: misaligned.contains(&to),
        });
    }
    graph
}

// ------------------------------------------------------------------ DOT

/// A DOT double-quoted string: `"` and `\` escaped (so that no `\N`, `\G`
/// or `\l` escape is read), line breaks as `\n`, other control characters
/// as spaces.
#[must_use]
pub fn dot_string(s: &str) -> String {
    format!("\"{}\"", dot_escape(s))
}

/// The inside of a DOT double-quoted string (see [`dot_string`]).
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Lines of a DOT label, centred.
fn dot_lines(lines: &[String]) -> String {
    let escaped: Vec<String> = lines.iter().map(|l| dot_escape(l)).collect();
    format!("\"{}\"", escaped.join("\\n"))
}

const RED: &str = "color=red, penwidth=2";

fn render_dot(g: &Graph, name: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "digraph {} {{", dot_string(name));
    s.push_str("    rankdir=BT;\n");
    s.push_str("    node [shape=box];\n");
    for c in &g.clusters {
        let _ = writeln!(s, "    subgraph {} {{", c.id);
        let _ = writeln!(s, "        label={};", dot_string(&c.label));
        for t in &c.targets {
            let red = if t.misaligned {
                format!(", {RED}")
            } else {
                String::new()
            };
            let _ = writeln!(s, "        {} [label={}{red}];", t.id, dot_lines(&t.lines));
        }
        if let Some(p) = &c.placeholder {
            let _ = writeln!(s, "        {p} [label=\"(no targets)\", shape=plaintext];");
        }
        s.push_str("    }\n");
    }
    for n in &g.undeclared {
        let _ = writeln!(
            s,
            "    {} [label={}, style=dashed];",
            n.id,
            dot_lines(&n.lines)
        );
    }
    for e in &g.edges {
        let red = if e.misaligned {
            format!(", {RED}")
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "    {} -> {} [label={}{red}];",
            e.from,
            e.to,
            dot_string(e.label)
        );
    }
    s.push_str("}\n");
    s
}

// ------------------------------------------------------------------ Mermaid

/// The text of a Mermaid label, to go between double quotes: `"` and the
/// characters Mermaid or HTML would read (`#`, `<`, `>`, `&`, backtick)
/// as entity codes, line breaks as spaces.
#[must_use]
pub fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Lines of a Mermaid label, quoted.
fn mermaid_lines(lines: &[String]) -> String {
    let escaped: Vec<String> = lines.iter().map(|l| mermaid_text(l)).collect();
    format!("\"{}\"", escaped.join("<br>"))
}

/// A YAML double-quoted scalar (the front matter title).
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render_mermaid(g: &Graph, title: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(t) = title {
        let _ = writeln!(s, "---\ntitle: {}\n---", yaml_string(t));
    }
    s.push_str("flowchart BT\n");
    s.push_str("    classDef misaligned stroke:red,stroke-width:2px\n");
    s.push_str("    classDef undeclared stroke-dasharray:5 5\n");
    let mut red_nodes = Vec::new();
    for c in &g.clusters {
        let _ = writeln!(s, "    subgraph {} [\"{}\"]", c.id, mermaid_text(&c.label));
        for t in &c.targets {
            let _ = writeln!(s, "        {}[{}]", t.id, mermaid_lines(&t.lines));
            if t.misaligned {
                red_nodes.push(t.id.as_str());
            }
        }
        if let Some(p) = &c.placeholder {
            let _ = writeln!(s, "        {p}[\"(no targets)\"]");
        }
        s.push_str("    end\n");
    }
    for n in &g.undeclared {
        let _ = writeln!(s, "    {}[{}]", n.id, mermaid_lines(&n.lines));
    }
    let mut red_links = Vec::new();
    for (i, e) in g.edges.iter().enumerate() {
        let _ = writeln!(
            s,
            "    {} -->|\"{}\"| {}",
            e.from,
            mermaid_text(e.label),
            e.to
        );
        if e.misaligned {
            red_links.push(i.to_string());
        }
    }
    if !g.undeclared.is_empty() {
        let list: Vec<&str> = g.undeclared.iter().map(|n| n.id.as_str()).collect();
        let _ = writeln!(s, "    class {} undeclared", list.join(","));
    }
    if !red_nodes.is_empty() {
        let _ = writeln!(s, "    class {} misaligned", red_nodes.join(","));
    }
    if !red_links.is_empty() {
        let _ = writeln!(
            s,
            "    linkStyle {} stroke:red,stroke-width:2px",
            red_links.join(",")
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_escape_quotes_backslashes_and_breaks() {
        assert_eq!(dot_string("plain"), r#""plain""#);
        assert_eq!(dot_string(r#"say "hi""#), r#""say \"hi\"""#);
        // A backslash is doubled, so that `\N` or `\l` is never an escape,
        // and a trailing backslash cannot swallow the closing quote.
        assert_eq!(dot_string(r"a\Nb\"), r#""a\\Nb\\""#);
        assert_eq!(dot_string("one\ntwo\r\n"), r#""one\ntwo\n""#);
        assert_eq!(dot_string("tab\there"), r#""tab here""#);
        assert_eq!(dot_string("sla — Wi-Fi <99.5%>"), "\"sla — Wi-Fi <99.5%>\"");
        assert_eq!(
            dot_lines(&["a \"b\"".into(), r"c\".into()]),
            r#""a \"b\"\nc\\""#
        );
    }

    #[test]
    fn mermaid_labels_use_entity_codes() {
        assert_eq!(mermaid_text(r#"say "hi""#), "say #quot;hi#quot;");
        assert_eq!(mermaid_text("p1 <= 2h"), "p1 #lt;= 2h");
        assert_eq!(mermaid_text("#1 & <b>"), "#35;1 #amp; #lt;b#gt;");
        assert_eq!(mermaid_text("`md`"), "#96;md#96;");
        assert_eq!(mermaid_text("a\nb"), "a b");
        assert_eq!(
            mermaid_lines(&["x".into(), "y \"z\"".into()]),
            "\"x<br>y #quot;z#quot;\""
        );
        assert_eq!(yaml_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }

    #[test]
    fn ids_are_identifiers_and_unique() {
        let mut ids = Ids::default();
        assert_eq!(
            ids.node("wifi_sla", "availability"),
            "wifi_sla__availability"
        );
        assert_eq!(ids.node("a__b", "c"), "a__b__c");
        assert_eq!(ids.node("a", "b__c"), "a__b__c_2");
        assert_eq!(ids.node("Bad-Name", "t"), "Bad_Name__t");
        // Mermaid keywords at the end of an id get a guard.
        assert_eq!(ids.node("sla", "end"), "sla__end_");
        assert_eq!(ids.node("sla", "weekend"), "sla__weekend");
        assert_eq!(ids.cluster("x_call"), "cluster_x_call_");
        assert_eq!(ids.node("sla", "node1TB"), "sla__node1TB_");
    }

    #[test]
    fn leaves_carry_their_innermost_combinator() {
        let p = |a: &str, t: &str| SupportExpr::Path(a.into(), t.into());
        let e = SupportExpr::All(vec![
            p("a", "x"),
            SupportExpr::Any(vec![p("b", "y"), SupportExpr::Seq(vec![p("c", "z")])]),
        ]);
        let mut out = Vec::new();
        leaf_combinators(&e, "all", &mut out);
        let labels: Vec<&str> = out.iter().map(|(_, l)| *l).collect();
        assert_eq!(labels, ["all", "any", "seq"]);
        let mut single = Vec::new();
        leaf_combinators(&p("a", "x"), "all", &mut single);
        assert_eq!(single.first().map(|(_, l)| *l), Some("all"));
    }
}
