//! The language server on the v0.2 constructs: navigation from the new
//! clauses (`supersedes`, `extends`, `prevails over`, `changes by`, actions,
//! error-rate rules, `claim … during`, derivations), hovers on scales,
//! derived levels and `if` / `in at least` targets, and completion of the
//! new clause keywords.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::{Client, Init, hover_text};
use serde_json::{Value, json};

const URI: &str = "file:///virtual/v02/compute.abide";

const SOURCE: &str = r#"party cloud "Cloud" : organization
party acme "Acme" : customer
party builders : users
service compute { owner cloud users builders }
scale impact "Impact" { high "whole campus" medium "one building" low "under five users" }
scale urgency { high medium low }
priorities desk_priority "Desk priority" from urgency x impact {
    critical "P1" when (high, high)
    high     "P2" when (high, medium), (medium, high)
    medium   "P3" when (high, low), (medium, medium), (low, high)
    low      "P4" when (medium, low), (low, medium), (low, low)
}
calendar business_hours "Business hours" defined by "provider policy" {
    timezone "America/Chicago"
    mon..fri
    except holidays "public holidays"
}
sla general_sla for compute {
    provider cloud
    customer acme
    valid from 2015-01
}
sla old_sla for compute {
    provider cloud
    customer acme
    valid 2016-01..2024-12
    target region: availability >= 99.9% per month
}
sla compute_sla "Compute SLA" for compute {
    provider cloud
    customer acme
    supersedes old_sla
    extends general_sla
    prevails over "Customer Agreement", general_sla
    valid from 2025-01
    target region: availability >= 99.99% per month if "instances run in at least two zones" in at least 2 of 3 zones
    target p1: resolution_time <= 4h where desk_priority = critical
    claim within 7bd during business_hours after month end
    action "suspension" when availability < 80% for 3 consecutive months
    changes by cloud with notice 4w at most once per year
    downtime when error_rate > 5% in each 1min
}
"#;

async fn opened() -> Client {
    let mut c = Client::initialized(Init::default()).await;
    let v = c.open(URI, SOURCE).await;
    c.wait_for_diagnostics(URI, v).await;
    c
}

/// The text at a location the server answered.
fn text_at(loc: &Value) -> String {
    let r = &loc["range"];
    let line = r["start"]["line"].as_u64().unwrap() as usize;
    let (a, b) = (
        r["start"]["character"].as_u64().unwrap() as usize,
        r["end"]["character"].as_u64().unwrap() as usize,
    );
    SOURCE.lines().nth(line).unwrap()[a..b].to_owned()
}

fn line_of(loc: &Value) -> String {
    let line = loc["range"]["start"]["line"].as_u64().unwrap() as usize;
    SOURCE.lines().nth(line).unwrap().trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_from_the_new_clauses() {
    let c = opened().await;
    for (needle, declared_on) in [
        ("supersedes old|_sla", "sla old_sla for compute {"),
        ("extends general|_sla", "sla general_sla for compute {"),
        (
            "\"Customer Agreement\", general|_sla",
            "sla general_sla for compute {",
        ),
        ("changes by clo|ud", "party cloud \"Cloud\" : organization"),
        (
            "during business_h|ours after",
            "calendar business_hours \"Business hours\" defined by \"provider policy\" {",
        ),
        ("action \"suspension\" when availa|bility", ""),
        ("downtime when error_r|ate", ""),
        (
            "from urgency x imp|act",
            "scale impact \"Impact\" { high \"whole campus\" medium \"one building\" low \"under five users\" }",
        ),
        (
            "critical \"P1\" when (high, hi|gh)",
            "scale impact \"Impact\" { high \"whole campus\" medium \"one building\" low \"under five users\" }",
        ),
    ] {
        let d = c
            .request("textDocument/definition", c.at(URI, needle))
            .await
            .unwrap();
        if declared_on.is_empty() {
            // Prelude metrics: no document to go to, but no error either.
            assert!(d.is_null(), "`{needle}`: {d}");
            continue;
        }
        assert_eq!(d["uri"], URI, "`{needle}`");
        assert_eq!(line_of(&d), declared_on, "`{needle}`");
    }
    // The cell `(high, high)` of `from urgency x impact`: its first level is urgency's.
    let d = c
        .request(
            "textDocument/definition",
            c.at(URI, "critical \"P1\" when (hi|gh, high)"),
        )
        .await
        .unwrap();
    assert_eq!(line_of(&d), "scale urgency { high medium low }");
    assert_eq!(text_at(&d), "high");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_and_rename_reach_supersedes_and_extends() {
    let c = opened().await;
    let mut params = c.at(URI, "sla old|_sla for compute");
    params["context"] = json!({ "includeDeclaration": true });
    let refs = c.request("textDocument/references", params).await.unwrap();
    assert_eq!(refs.as_array().unwrap().len(), 2, "{refs}");

    let mut params = c.at(URI, "sla general|_sla for compute");
    params["newName"] = json!("base_sla");
    let edit = c.request("textDocument/rename", params).await.unwrap();
    let edits = edit["changes"][URI].as_array().unwrap();
    // The declaration, `extends general_sla` and `prevails over …, general_sla`.
    assert_eq!(edits.len(), 3, "{edit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renaming_a_scale_level_renames_the_matrix_cells() {
    let c = opened().await;
    // `low` of impact: the second place of each cell of `from urgency x impact`.
    let mut params = c.at(URI, "one building\" l|ow \"under");
    params["newName"] = json!("minor");
    let edit = c.request("textDocument/rename", params).await.unwrap();
    let edits = edit["changes"][URI].as_array().unwrap();
    // The declaration, then (high, low), (medium, low) and (low, low)'s second `low`.
    assert_eq!(edits.len(), 4, "{edit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hovers_on_scales_derived_levels_and_redundant_targets() {
    let c = opened().await;
    let hover = |needle: &'static str| {
        let params = c.at(URI, needle);
        let c = &c;
        async move {
            let h = c.request("textDocument/hover", params).await.unwrap();
            assert!(!h.is_null(), "a hover at `{needle}`");
            hover_text(&h)
        }
    };
    let scale = hover("scale imp|act \"Impact\"").await;
    assert!(scale.contains("**scale** `impact`"), "{scale}");
    assert!(scale.contains("`high` (whole campus)"), "{scale}");

    let scale_level = hover("(high, hi|gh)").await;
    assert!(scale_level.contains("of `impact`"), "{scale_level}");

    let level = hover("    hi|gh     \"P2\"").await;
    assert!(
        level.contains("when `urgency` × `impact` is (`high`, `medium`) or (`medium`, `high`)"),
        "{level}"
    );

    let target = hover("target reg|ion: availability >= 99.99%").await;
    assert!(
        target.contains("only if: \"instances run in at least two zones\""),
        "{target}"
    );
    assert!(target.contains("at least 2 of 3 zones"), "{target}");

    let cal = hover("during business_h|ours after").await;
    assert!(cal.contains("hours not stated"), "{cal}");
    assert!(cal.contains("defined by \"provider policy\""), "{cal}");
}

async fn labels_at(c: &mut Client, after: &str, typed: &str) -> Vec<String> {
    let at = SOURCE.find(after).unwrap() + after.len();
    c.change_bytes(URI, &[(at, at, typed)]).await;
    let text = c.text(URI);
    let pos = common::position(&text, at + typed.len(), c.encoding);
    let items = c
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": URI }, "position": pos }),
        )
        .await
        .unwrap();
    // Undo, so that each case starts from SOURCE.
    c.change_bytes(URI, &[(at, at + typed.len(), "")]).await;
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_of_the_new_clauses() {
    let mut c = opened().await;
    let body = "    valid from 2025-01\n";
    // At the start of a line of an agreement body: the clause keywords,
    // with the v0.2 ones and the contextual `downtime` / `uptime` / `below`.
    let labels = labels_at(&mut c, body, "    ").await;
    for k in [
        "supersedes",
        "extends",
        "prevails",
        "below",
        "action",
        "changes",
        "downtime",
        "uptime",
        "if",
        "lasting",
        "target",
        "credits",
    ] {
        assert!(labels.contains(&k.to_owned()), "`{k}` in {labels:?}");
    }
    assert!(!labels.contains(&"party".to_owned()), "{labels:?}");
    // Partly typed.
    let labels = labels_at(&mut c, body, "    sup").await;
    assert!(labels.contains(&"supersedes".to_owned()), "{labels:?}");
    // After `supersedes` and `extends`: agreements.
    let labels = labels_at(&mut c, body, "    supersedes ").await;
    assert!(labels.contains(&"old_sla".to_owned()), "{labels:?}");
    assert!(!labels.contains(&"cloud".to_owned()), "{labels:?}");
    // After `changes by`: parties.
    let labels = labels_at(&mut c, body, "    changes by ").await;
    assert!(labels.contains(&"cloud".to_owned()), "{labels:?}");
    // At the top level: declarations, `scale` among them.
    let labels = labels_at(&mut c, "party builders : users\n", "").await;
    assert!(labels.contains(&"scale".to_owned()), "{labels:?}");
    assert!(!labels.contains(&"supersedes".to_owned()), "{labels:?}");
    // After `from` in a priorities header: scales.
    let labels = labels_at(&mut c, "party builders : users\n", "priorities p from ").await;
    assert!(labels.contains(&"impact".to_owned()), "{labels:?}");
    // In a matrix cell of `from urgency x impact`: urgency's levels, then impact's.
    let level_line = "    critical \"P1\" when (high, high)\n";
    let labels = labels_at(&mut c, level_line, "    other when (").await;
    assert!(labels.contains(&"medium".to_owned()), "{labels:?}");
    assert!(!labels.contains(&"availability".to_owned()), "{labels:?}");
    let labels = labels_at(&mut c, level_line, "    other when (low, ").await;
    assert!(labels.contains(&"low".to_owned()), "{labels:?}");
    // In a scoped `where` on a scale: its levels.
    let labels = labels_at(
        &mut c,
        body,
        "    target t: resolution_time <= 1h where impact = ",
    )
    .await;
    assert!(labels.contains(&"medium".to_owned()), "{labels:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_symbols_list_scales_with_their_levels() {
    let c = opened().await;
    let syms = c
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let impact = syms
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "impact")
        .expect("the scale is a symbol");
    assert_eq!(impact["detail"], "scale");
    assert_eq!(impact["children"].as_array().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downtime_when_is_a_keyword_in_semantic_tokens() {
    let c = opened().await;
    let r = c
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await
        .unwrap();
    let data: Vec<u64> = r["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let want = SOURCE
        .lines()
        .position(|l| l.trim_start().starts_with("downtime when"))
        .unwrap() as u64;
    let (mut line, mut col) = (0u64, 0u64);
    let mut found = None;
    for t in data.chunks(5) {
        line += t[0];
        col = if t[0] == 0 { col + t[1] } else { t[1] };
        if line == want && col == 4 {
            found = Some(t[3]);
        }
    }
    // Index 0 of the legend is `keyword`.
    assert_eq!(found, Some(0));
}
