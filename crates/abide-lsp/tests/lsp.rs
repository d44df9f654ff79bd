//! End-to-end tests of `abide lsp` over real JSON-RPC framing, in process
//! (CONVENTIONS.md §A.5, §A.7.5): one test per feature, results snapshotted
//! as text rendered over the source, never as raw JSON.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::fmt::Write as _;

use common::{
    Client, Encoding, Init, Mark, copy_example, diagnostic_label, example_text, file_uri,
    fresh_check, hover_text, position, published_form, range, render, render_diagnostics,
    render_locations, short, timeless,
};
use serde_json::{Value, json};

/// JSON-RPC `InvalidParams`.
const INVALID_PARAMS: i64 = -32602;
/// JSON-RPC `MethodNotFound`.
const METHOD_NOT_FOUND: i64 = -32601;

/// A document URI that exists only in the editor (no file on disk).
const VIRTUAL_WIFI: &str = "file:///virtual/campus-wifi/campus_wifi.abide";

fn both() -> Option<Vec<&'static str>> {
    Some(vec!["utf-8", "utf-16"])
}

/// A server with the campus-wifi example opened from memory (no folder).
async fn wifi_in_memory(encodings: Option<Vec<&'static str>>) -> Client {
    let mut c = Client::initialized(Init {
        encodings,
        ..Init::default()
    })
    .await;
    let v = c
        .open(VIRTUAL_WIFI, &example_text("campus-wifi/campus_wifi.abide"))
        .await;
    c.wait_for_diagnostics(VIRTUAL_WIFI, v).await;
    c
}

fn codes(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect();
    v.sort();
    v
}

fn has_code(diags: &[Value], code: &str) -> bool {
    diags.iter().any(|d| d["code"] == code)
}

// ---------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------

/// At `initialized` the server checks every file of the workspace folder,
/// not only the open ones, and publishes the files that have findings
/// (without a version, since they are not open). Opening one then publishes
/// it with the editor's version.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_for_every_file_of_the_folder_at_initialized() {
    let dir = copy_example("multi-file");
    // Break olas.abide on disk: a misspelt party, and a Sev 1 restore that
    // no longer fits inside the SLA's 2 hours (the finding lands in sla.abide).
    let olas = dir.path().join("olas.abide");
    let text = std::fs::read_to_string(&olas).unwrap();
    let text = text
        .replacen("provider service_desk", "provider service_dsk", 1)
        .replace(
            "restore_time <= 90min for 96%",
            "restore_time <= 3h for 96%",
        );
    std::fs::write(&olas, text).unwrap();

    let mut c = Client::initialized(Init {
        encodings: both(),
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let olas_uri = file_uri(&olas);
    let sla_uri = file_uri(&dir.path().join("sla.abide"));
    // Files are published in URI order, sla.abide last: once it is here,
    // the whole batch is.
    let sla = c.next_diagnostics(&sla_uri, 0).await;
    let olas_pub = c.next_diagnostics(&olas_uri, 0).await;
    assert_eq!(sla.version, None, "unopened files carry no version");
    assert_eq!(olas_pub.version, None);
    let mut published: Vec<String> = c
        .publications()
        .iter()
        .filter(|(_, p)| p.iter().any(|p| !timeless(&p.diagnostics).is_empty()))
        .map(|(u, _)| short(u))
        .collect();
    published.sort();
    assert_eq!(
        published,
        ["olas.abide", "sla.abide"],
        "only the broken files have findings"
    );

    let mut out = String::new();
    for (uri, p) in [(&olas_uri, &olas_pub), (&sla_uri, &sla)] {
        let _ = writeln!(out, "── {} (version {:?})", short(uri), p.version);
        out.push_str(&render_diagnostics(
            &c.text(uri),
            c.encoding,
            &timeless(&p.diagnostics),
        ));
    }
    insta::assert_snapshot!(out);

    // Opening the file publishes it again, now tagged with the version.
    let (uri, v) = c.open_file(&dir.path().join("sla.abide")).await;
    let opened = c.wait_for_diagnostics(&uri, v).await;
    assert_eq!(v, 1);
    assert_eq!(opened, sla.diagnostics, "same findings, now versioned");
}

/// The misaligned target of campus-wifi: the two supporters' targets come as
/// `relatedInformation`, pointing at the supporters' declarations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn misaligned_supporters_are_related_information() {
    let dir = copy_example("campus-wifi");
    let c = Client::initialized(Init {
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let uri = file_uri(&dir.path().join("campus_wifi.abide"));
    let p = c.next_diagnostics(&uri, 0).await;
    let misaligned: Vec<&Value> = p
        .diagnostics
        .iter()
        .filter(|d| d["code"] == "E0501")
        .collect();
    assert_eq!(misaligned.len(), 1, "one misaligned target");
    let d = misaligned[0];
    let related = d["relatedInformation"]
        .as_array()
        .expect("related information");
    assert_eq!(related.len(), 2, "both supporters are labelled");

    let mut out = render_diagnostics(&c.text(&uri), c.encoding, std::slice::from_ref(d));
    out.push_str("\nrelated information:\n");
    let locations: Vec<(Value, String)> = related
        .iter()
        .map(|r| {
            (
                r["location"].clone(),
                r["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    out.push_str(&render_locations(&c, &locations));
    insta::assert_snapshot!(out);
}

/// Every finding of the campus-wifi example, as the editor shows them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn campus_wifi_diagnostics() {
    let c = wifi_in_memory(both()).await;
    let p = c.latest(VIRTUAL_WIFI).unwrap();
    insta::assert_snapshot!(render_diagnostics(
        &c.text(VIRTUAL_WIFI),
        c.encoding,
        &timeless(&p.diagnostics)
    ));
}

/// An edit in contracts.abide makes the SLA in sla.abide (never opened)
/// misaligned, and undoing it clears that file's diagnostics again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fix_in_one_file_clears_diagnostics_in_another() {
    let dir = copy_example("multi-file");
    let mut c = Client::initialized(Init {
        encodings: both(),
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let sla = file_uri(&dir.path().join("sla.abide"));
    let (contracts, v) = c.open_file(&dir.path().join("contracts.abide")).await;
    // A clean workspace publishes nothing, not even for the opened file;
    // a workspace/symbol round trip shows the server is up.
    c.request("workspace/symbol", json!({ "query": "epr" }))
        .await
        .unwrap();
    assert!(
        c.latest(&contracts)
            .is_none_or(|p| timeless(&p.diagnostics).is_empty())
    );
    assert_eq!(v, 1);

    let mark = c.mark();
    let v = c
        .replace(
            &contracts,
            "restore_time <= 1h for 96%",
            "restore_time <= 3h for 96%",
        )
        .await;
    let broken = c
        .diagnostics_where(&sla, mark, "a misaligned SLA", |p| {
            has_code(&p.diagnostics, "E0501")
        })
        .await;
    assert_eq!(broken.version, None);
    let mut out = String::from("── sla.abide after medisys_hosting.sev1_restore drops to 3h\n");
    out.push_str(&render_diagnostics(
        &c.text(&sla),
        c.encoding,
        &timeless(&broken.diagnostics),
    ));
    // The edited file itself stays clean.
    let own = timeless(&c.wait_for_diagnostics(&contracts, v).await);
    assert!(own.is_empty(), "{own:?}");

    let mark = c.mark();
    c.replace(
        &contracts,
        "restore_time <= 3h for 96%",
        "restore_time <= 1h for 96%",
    )
    .await;
    let fixed = c.next_diagnostics(&sla, mark).await;
    assert!(
        timeless(&fixed.diagnostics).is_empty(),
        "the fix clears sla.abide: {:?}",
        fixed.diagnostics
    );
    insta::assert_snapshot!(out);
}

/// `[lints]` in `abide.toml` sets lint levels for the workspace (reference
/// §1.2, §7.4), and the editor must agree with `abide check`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lint_levels_from_abide_toml_apply() {
    let dir = copy_example("campus-wifi");
    std::fs::write(
        dir.path().join("abide.toml"),
        "[lints]\nmissing-measurement = \"allow\"\n",
    )
    .unwrap();
    let c = Client::initialized(Init {
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let uri = file_uri(&dir.path().join("campus_wifi.abide"));
    let p = c.next_diagnostics(&uri, 0).await;
    assert!(
        !has_code(&p.diagnostics, "missing-measurement"),
        "allowed lints are silent: {:?}",
        codes(&p.diagnostics)
    );
}

// ---------------------------------------------------------------------------
// Position encodings
// ---------------------------------------------------------------------------

const CAFE: &str = r#"party acme "Acme" : organization
party board "Board" : customer
party net "Net" : supplier
service svc "Svc" { owner acme }
contract isp "Café 🚀" for svc { provider net customer acme target fix_time: resolution_time <= 4h measured by "tickets" }
sla deal "Café 🚀" for svc { provider acme customer board target fix: resolution_time <= 8h measured by "tickets" supported by isp.fix_time }
"#;

/// Hover and definition over `isp.fix_time`, written after `"Café 🚀"` on
/// the same line, in the negotiated encoding.
async fn cafe(encodings: Option<Vec<&'static str>>, expect: Encoding) -> (String, [u64; 4]) {
    let mut c = Client::initialized(Init {
        encodings,
        ..Init::default()
    })
    .await;
    assert_eq!(c.encoding, expect, "negotiated encoding");
    let uri = "file:///virtual/cafe.abide";
    let v = c.open(uri, CAFE).await;
    c.wait_for_diagnostics(uri, v).await;

    let hover = c
        .request("textDocument/hover", c.at(uri, "isp.fix_t|ime }"))
        .await
        .unwrap();
    let def = c
        .request("textDocument/definition", c.at(uri, "isp.fix_t|ime }"))
        .await
        .unwrap();
    assert_eq!(def["uri"], uri);
    // The client's own conversion of where the names are.
    let text = c.text(uri);
    let use_at = text.rfind("fix_time").unwrap();
    let decl_at = text.find("fix_time").unwrap();
    assert_eq!(
        hover["range"],
        range(&text, use_at, use_at + 8, c.encoding),
        "hover range"
    );
    assert_eq!(
        def["range"],
        range(&text, decl_at, decl_at + 8, c.encoding),
        "definition range"
    );
    let rendered = render(
        &text,
        c.encoding,
        &[
            Mark::new(&hover["range"], "hover range"),
            Mark::new(&def["range"], "definition"),
        ],
    );
    let cols = [
        hover["range"]["start"]["character"].as_u64().unwrap(),
        hover["range"]["end"]["character"].as_u64().unwrap(),
        def["range"]["start"]["character"].as_u64().unwrap(),
        def["range"]["end"]["character"].as_u64().unwrap(),
    ];
    (rendered, cols)
}

/// A client offering UTF-8 gets UTF-8; one offering only UTF-16, or nothing,
/// gets UTF-16. Ranges after `é` (2 bytes, 1 unit) and `🚀` (4 bytes, 2
/// units) differ by exactly 3 columns and land on the same text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn position_encoding_is_negotiated_and_used() {
    let (utf8, c8) = cafe(Some(vec!["utf-8", "utf-16"]), Encoding::Utf8).await;
    let (utf16, c16) = cafe(Some(vec!["utf-16"]), Encoding::Utf16).await;
    let (default, c_default) = cafe(None, Encoding::Utf16).await;
    assert_eq!(utf8, utf16, "the same text is marked in both encodings");
    assert_eq!(utf16, default);
    assert_eq!(c16, c_default);
    for (a, b) in c8.iter().zip(c16) {
        assert_eq!(
            a - b,
            3,
            "é and 🚀 count 3 more in UTF-8 ({c8:?} vs {c16:?})"
        );
    }
    insta::assert_snapshot!(format!(
        "utf-8 columns {c8:?}, utf-16 columns {c16:?}\n{utf8}"
    ));
}

// ---------------------------------------------------------------------------
// Hover, definition, references, rename
// ---------------------------------------------------------------------------

/// Hover on a metric, a target with `supported by`, a party and a level.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover() {
    let c = wifi_in_memory(both()).await;
    let cases = [
        ("metric", "target availability: availa|bility >= 99.5%"),
        ("target", "target avail|ability: availability >= 99.5%"),
        ("supporter path", "supported by all(isp.link|_availability"),
        ("party", "provider |uni_it"),
        ("level", "where priority = crit|ical"),
        ("scale", "where prio|rity = critical"),
        ("calendar", "during teaching_h|ours per month"),
        ("agreement", "contract i|sp \"FastNet"),
    ];
    let mut marks = Vec::new();
    let mut target_hover = String::new();
    for (what, needle) in cases {
        let h = c
            .request("textDocument/hover", c.at(VIRTUAL_WIFI, needle))
            .await
            .unwrap();
        assert!(!h.is_null(), "a hover on the {what}");
        let text = hover_text(&h);
        if what == "target" {
            target_hover = text.clone();
        }
        marks.push(Mark::new(&h["range"], format!("hover ({what}):\n{text}")));
    }
    assert!(
        target_hover.contains("all(99.9%, 99.95%) = 99.85% ≥ 99.5% ✓"),
        "the composed figure: {target_hover}"
    );
    // Nothing to say on a keyword, a number or a comment.
    for needle in [
        "tar|get availability",
        ">= 99.|5% during",
        "// Campus Wi|-Fi",
    ] {
        let h = c
            .request("textDocument/hover", c.at(VIRTUAL_WIFI, needle))
            .await
            .unwrap();
        assert!(h.is_null(), "no hover at `{needle}`: {h}");
    }
    insta::assert_snapshot!(render(&c.text(VIRTUAL_WIFI), c.encoding, &marks));
}

/// Definition of a supporter path goes to the target in the contract; the
/// agreement half goes to the agreement; references list every use.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_and_references() {
    let c = wifi_in_memory(both()).await;
    let mut locations = Vec::new();
    for (what, needle) in [
        ("target of isp.fix_time", "isp.fix|_time  //"),
        ("agreement of isp.fix_time", "i|sp.fix_time  //"),
        (
            "party uni_it",
            "provider uni_|it\n    customer academic_board\n    review every quarter\n",
        ),
        ("calendar", "during vendor_h|ours"),
    ] {
        let d = c
            .request("textDocument/definition", c.at(VIRTUAL_WIFI, needle))
            .await
            .unwrap();
        assert_eq!(d["uri"], VIRTUAL_WIFI, "{what}");
        locations.push((d, format!("definition of the {what}")));
    }
    // A prelude name has no document to go to.
    let prelude = c
        .request(
            "textDocument/definition",
            c.at(VIRTUAL_WIFI, "target availability: availa|bility"),
        )
        .await
        .unwrap();
    assert!(prelude.is_null(), "{prelude}");

    let mut params = c.at(VIRTUAL_WIFI, "isp.fix|_time  //");
    params["context"] = json!({ "includeDeclaration": true });
    let refs = c
        .request("textDocument/references", params.clone())
        .await
        .unwrap();
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 2, "the declaration and the one supporter path");
    for r in refs {
        locations.push((r.clone(), "reference to isp.fix_time".into()));
    }
    params["context"] = json!({ "includeDeclaration": false });
    let uses = c.request("textDocument/references", params).await.unwrap();
    assert_eq!(uses.as_array().unwrap().len(), 1, "without the declaration");

    // References of the `critical` level: the scale's declaration is in the
    // prelude, so only the uses in this file are listed.
    let mut params = c.at(
        VIRTUAL_WIFI,
        "priority = crit|ical\n        supported by seq",
    );
    params["context"] = json!({ "includeDeclaration": true });
    let levels = c.request("textDocument/references", params).await.unwrap();
    for r in levels.as_array().unwrap() {
        locations.push((r.clone(), "reference to priority.critical".into()));
    }
    insta::assert_snapshot!(render_locations(&c, &locations));
}

/// prepareRename gives the range of a workspace name and refuses prelude
/// names and keywords with a JSON-RPC error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prepare_rename() {
    let c = wifi_in_memory(both()).await;
    let mut marks = Vec::new();
    for needle in [
        "isp.fix|_time  //",
        "provider |uni_it",
        "calendar teaching_h|ours",
    ] {
        let r = c
            .request("textDocument/prepareRename", c.at(VIRTUAL_WIFI, needle))
            .await
            .unwrap();
        marks.push(Mark::new(&r, "renameable"));
    }
    for (what, needle) in [
        ("prelude metric", "target availability: availa|bility"),
        (
            "prelude level",
            "where priority = crit|ical\n        supported by seq",
        ),
        (
            "prelude scale",
            "where prio|rity = critical\n        supported by seq",
        ),
        ("keyword", "tar|get availability"),
        ("keyword", "supp|orted by all"),
        ("comment", "// Campus Wi|-Fi"),
    ] {
        let pos = c.pos(VIRTUAL_WIFI, needle);
        let err = c
            .request("textDocument/prepareRename", c.at(VIRTUAL_WIFI, needle))
            .await
            .expect_err(what);
        assert_eq!(err.code, INVALID_PARAMS, "{what}: {err:?}");
        marks.push(Mark::at(&pos, format!("refused ({what}): {}", err.message)));
    }
    insta::assert_snapshot!(render(&c.text(VIRTUAL_WIFI), c.encoding, &marks));
}

/// Renaming an OLA declared in olas.abide from its use in sla.abide edits
/// both files; applying the edit leaves the workspace clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_across_files() {
    let dir = copy_example("multi-file");
    let mut c = Client::initialized(Init {
        encodings: both(),
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let (sla, _) = c.open_file(&dir.path().join("sla.abide")).await;
    let olas = file_uri(&dir.path().join("olas.abide"));

    let mut out = String::new();
    for (needle, new_name) in [
        ("supported by apps_o|la.sev3_fix", "platform_ola"),
        ("supported by desk_ola.sev1_tri|age", "sev1_callback"),
    ] {
        let mut params = c.at(&sla, needle);
        params["newName"] = json!(new_name);
        let edit = c.request("textDocument/rename", params).await.unwrap();
        let changes = edit["changes"].as_object().expect("changes");
        let mut files: Vec<&String> = changes.keys().collect();
        files.sort();
        let _ = writeln!(out, "## rename at `{needle}` to `{new_name}`");
        let locations: Vec<(Value, String)> = changes
            .iter()
            .flat_map(|(uri, edits)| {
                edits.as_array().unwrap().iter().map(move |e| {
                    (
                        json!({ "uri": uri, "range": e["range"] }),
                        format!("→ {}", e["newText"].as_str().unwrap()),
                    )
                })
            })
            .collect();
        out.push_str(&render_locations(&c, &locations));
        assert!(changes.contains_key(&sla) && changes.contains_key(&olas));
    }

    // Invalid new names are refused.
    for bad in ["Apps", "target", "9lives", "apps-ola"] {
        let mut params = c.at(&sla, "supported by apps_o|la.sev3_fix");
        params["newName"] = json!(bad);
        let err = c
            .request("textDocument/rename", params)
            .await
            .expect_err(bad);
        assert_eq!(err.code, INVALID_PARAMS);
        let _ = writeln!(out, "refused `{bad}`: {}", err.message);
    }

    // Apply the first rename to both files: the workspace stays clean.
    let mut params = c.at(&sla, "supported by apps_o|la.sev3_fix");
    params["newName"] = json!("platform_ola");
    let edit = c.request("textDocument/rename", params).await.unwrap();
    let (olas_v, _) = c.open_file(&dir.path().join("olas.abide")).await;
    assert_eq!(olas_v, olas);
    let mut last = 0;
    for uri in [&olas, &sla] {
        let mut edits = edit["changes"][uri].as_array().unwrap().clone();
        // Later edits first, so that earlier ranges stay valid.
        edits.sort_by_key(|e| {
            std::cmp::Reverse((
                e["range"]["start"]["line"].as_u64(),
                e["range"]["start"]["character"].as_u64(),
            ))
        });
        let changes = edits
            .iter()
            .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
            .collect();
        last = c.change_raw(uri, changes).await;
    }
    let after = timeless(&c.wait_for_diagnostics(&sla, last).await);
    assert!(after.is_empty(), "clean after the rename: {after:?}");
    assert!(c.text(&sla).contains("platform_ola.sev3_fix"));
    assert!(
        c.text(&olas)
            .contains("ola platform_ola \"EPR Applications OLA\"")
    );
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------
// Symbols, completion, tokens, folding, hints, actions
// ---------------------------------------------------------------------------

fn symbol_kind(k: i64) -> &'static str {
    match k {
        2 => "module",
        5 => "class",
        8 => "field",
        10 => "enum",
        7 => "property",
        19 => "object",
        22 => "enum member",
        24 => "event",
        _ => "?",
    }
}

fn document_symbol_marks(symbols: &[Value], depth: usize, marks: &mut Vec<Mark>) {
    for s in symbols {
        let label = format!(
            "{}{} {} ({}), range lines {}–{}",
            "  ".repeat(depth),
            symbol_kind(s["kind"].as_i64().unwrap()),
            s["name"].as_str().unwrap(),
            s["detail"].as_str().unwrap_or("-"),
            s["range"]["start"]["line"].as_u64().unwrap() + 1,
            s["range"]["end"]["line"].as_u64().unwrap() + 1,
        );
        marks.push(Mark::new(&s["selectionRange"], label));
        if let Some(children) = s["children"].as_array() {
            document_symbol_marks(children, depth + 1, marks);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn document_symbols() {
    let dir = copy_example("multi-file");
    let mut c = Client::initialized(Init {
        encodings: both(),
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let mut out = String::new();
    for file in ["metrics.abide", "sla.abide"] {
        let (uri, _) = c.open_file(&dir.path().join(file)).await;
        let symbols = c
            .request(
                "textDocument/documentSymbol",
                json!({ "textDocument": { "uri": uri } }),
            )
            .await
            .unwrap();
        let mut marks = Vec::new();
        document_symbol_marks(symbols.as_array().unwrap(), 0, &mut marks);
        let _ = writeln!(out, "── {file}");
        out.push_str(&render(&c.text(&uri), c.encoding, &marks));
    }
    insta::assert_snapshot!(out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_symbols() {
    let dir = copy_example("multi-file");
    let c = Client::initialized(Init {
        encodings: both(),
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let mut out = String::new();
    for query in ["ola", "fibre", "nothing-matches"] {
        let symbols = c
            .request("workspace/symbol", json!({ "query": query }))
            .await
            .unwrap();
        let _ = writeln!(out, "## query `{query}`");
        let locations: Vec<(Value, String)> = symbols
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["location"].clone(),
                    format!(
                        "{} {}",
                        symbol_kind(s["kind"].as_i64().unwrap()),
                        s["name"].as_str().unwrap()
                    ),
                )
            })
            .collect();
        out.push_str(&render_locations(&c, &locations));
    }
    let all = c
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .unwrap();
    assert_eq!(
        all.as_array().unwrap().len(),
        // 9 parties, 1 service, 2 calendars, 1 metric, 1 scale, 1 SLA, 2 OLAs, 3 contracts
        20,
        "an empty query lists every declaration of the workspace"
    );
    insta::assert_snapshot!(out);
}

/// Completion after `during ` (calendars), `isp.` (its targets), `15m`
/// (units) and `where priority = ` (levels).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion() {
    let mut c = wifi_in_memory(both()).await;
    let line = "    target capacity: concurrent_users >= 200 in each lecture_hall\n";
    let mut out = String::new();
    for (typed, expect) in [
        (
            "    target t1: availability >= 99% during ",
            "teaching_hours",
        ),
        (
            "    target t2: answer_time <= 1min supported by isp.",
            "fix_time",
        ),
        ("    target t3: answer_time <= 15m", "15min"),
        (
            "    target t4: response_time <= 1h where priority = ",
            "critical",
        ),
    ] {
        // Type the new line after the capacity target, then ask at its end.
        let at = c.text(VIRTUAL_WIFI).find(line).unwrap() + line.len();
        c.change_bytes(VIRTUAL_WIFI, &[(at, at, &format!("{typed}\n"))])
            .await;
        let text = c.text(VIRTUAL_WIFI);
        let pos = position(&text, at + typed.len(), c.encoding);
        let items = c
            .request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": VIRTUAL_WIFI }, "position": pos }),
            )
            .await
            .unwrap();
        let mut labels: Vec<String> = items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{} ({})",
                    i["label"].as_str().unwrap(),
                    i["detail"].as_str().unwrap_or("-")
                )
            })
            .collect();
        labels.sort();
        assert!(
            labels.iter().any(|l| l.starts_with(&format!("{expect} "))),
            "`{expect}` offered after `{typed}`: {labels:?}"
        );
        out.push_str(&render(
            &text,
            c.encoding,
            &[Mark::at(&pos, labels.join("\n"))],
        ));
        out.push('\n');
        // Remove the line again.
        c.change_bytes(VIRTUAL_WIFI, &[(at, at + typed.len() + 1, "")])
            .await;
    }
    insta::assert_snapshot!(out);
}

const SMALL: &str = r#"/// Who runs it.
party acme "Acme" : organization
party board "Board" : customer // signs
service svc "Svc" { owner acme }
calendar office "Office" { mon..fri 09:00..17:00 }
sla deal "Deal" for svc {
    provider acme
    customer board
    target answer: answer_time <= 30s during office
    target fix: mean(resolution_time) <= 8h where priority = critical
}
"#;

/// Asks for the semantic tokens of a document and decodes them (with the
/// legend the server announced) into marks.
async fn semantic_marks(c: &Client, uri: &str) -> Vec<Mark> {
    let legend: Vec<String> =
        c.capabilities["capabilities"]["semanticTokensProvider"]["legend"]["tokenTypes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect();
    let tokens = c
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
        .unwrap();
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0);
    let (mut line, mut col) = (0, 0);
    let mut marks = Vec::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0];
            col = t[1];
        } else {
            col += t[1];
        }
        let start = json!({ "line": line, "character": col });
        let end = json!({ "line": line, "character": col + t[2] });
        marks.push(Mark::new(
            &json!({ "start": start, "end": end }),
            legend[usize::try_from(t[3]).unwrap()].clone(),
        ));
    }
    marks
}

/// Semantic tokens, decoded with the legend and drawn over the source.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semantic_tokens() {
    let mut c = Client::initialized(Init {
        encodings: both(),
        ..Init::default()
    })
    .await;
    let uri = "file:///virtual/small.abide";
    let v = c.open(uri, SMALL).await;
    c.wait_for_diagnostics(uri, v).await;
    let marks = semantic_marks(&c, uri).await;
    insta::assert_snapshot!(render(SMALL, c.encoding, &marks));
}

/// A document with `\r\n` line ends has the same tokens as with `\n`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crlf_line_ends() {
    let mut c = Client::initialized(Init {
        encodings: Some(vec!["utf-16"]),
        ..Init::default()
    })
    .await;
    let lf = "file:///virtual/lf.abide";
    let crlf = "file:///virtual/crlf.abide";
    c.open(lf, SMALL).await;
    let v = c.open(crlf, &SMALL.replace('\n', "\r\n")).await;
    c.wait_for_diagnostics(crlf, v).await;
    let lf_tokens = render(SMALL, c.encoding, &semantic_marks(&c, lf).await);
    let crlf_tokens = render(&c.text(crlf), c.encoding, &semantic_marks(&c, crlf).await);
    assert_eq!(lf_tokens, crlf_tokens);
}

/// A position past the end of a `\r\n` line clamps to the end of the
/// line's text (LSP 3.17: the terminator is not part of the line), so an
/// insertion there lands before the `\r`, where the client puts it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crlf_past_the_end_of_a_line() {
    let mut c = Client::initialized(Init {
        encodings: Some(vec!["utf-16"]),
        ..Init::default()
    })
    .await;
    let crlf = "file:///virtual/crlf.abide";
    c.open(crlf, &SMALL.replace('\n', "\r\n")).await;

    // Append a comment "past the end" of line 2 (`party acme "Acme" : organization`).
    let past = json!({ "line": 1, "character": 999 });
    let v = c
        .change_raw(
            crlf,
            vec![json!({ "range": { "start": past, "end": past }, "text": " // appended" })],
        )
        .await;
    c.wait_for_diagnostics(crlf, v).await;
    assert!(c.text(crlf).contains("organization // appended\r\n"));
    let marks = semantic_marks(&c, crlf).await;
    let comment = marks
        .iter()
        .find(|m| m.range["start"]["line"] == 1 && m.label == "comment")
        .expect("the appended comment is a token");
    assert_eq!(
        comment.range["start"]["character"],
        "party acme \"Acme\" : organization ".len(),
        "the comment starts after the line's text, before its \\r\\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folding_ranges() {
    let c = wifi_in_memory(both()).await;
    let ranges = c
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": VIRTUAL_WIFI } }),
        )
        .await
        .unwrap();
    let text = c.text(VIRTUAL_WIFI);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for r in ranges.as_array().unwrap() {
        let (a, b) = (
            r["startLine"].as_u64().unwrap() as usize,
            r["endLine"].as_u64().unwrap() as usize,
        );
        assert!(a < b && b < lines.len());
        let _ = writeln!(
            out,
            "{:>3}–{:<3} {} … {}",
            a + 1,
            b + 1,
            lines[a].trim(),
            lines[b].trim()
        );
    }
    insta::assert_snapshot!(out);
}

/// The composed figure after every `supported by` clause.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inlay_hints() {
    let c = wifi_in_memory(both()).await;
    let text = c.text(VIRTUAL_WIFI);
    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({
                "textDocument": { "uri": VIRTUAL_WIFI },
                "range": range(&text, 0, text.len(), c.encoding),
            }),
        )
        .await
        .unwrap();
    let marks: Vec<Mark> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            Mark::at(
                &h["position"],
                format!("inlay:{}", h["label"].as_str().unwrap()),
            )
        })
        .collect();
    assert_eq!(marks.len(), 3, "three supported targets");
    insta::assert_snapshot!(render(&text, c.encoding, &marks));
}

const FIXABLE: &str = r#"party acme "Acme" : organization
party board "Board" : customer
service svc "Svc" { owner acme }
sla deal "Déal 🚀" for svc {
    provider acme
    customer board
    target answer: answer_time <= 30sec measured by "phone logs"
    target up: availability <= 99% per month measured by "probes"
    target fix: resolution_time <= 8h per month
}
"#;

/// Quick fixes: `30sec` → `30s` (did you mean), the inverted bound
/// `availability <= 99%` → `>=`, and a missing `measured by`. Each fix,
/// applied through `didChange`, removes its diagnostic and adds none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_actions() {
    let mut c = Client::initialized(Init {
        encodings: Some(vec!["utf-16"]),
        ..Init::default()
    })
    .await;
    let uri = "file:///virtual/fixable.abide";
    let v = c.open(uri, FIXABLE).await;
    let diags = c.wait_for_diagnostics(uri, v).await;
    let mut out = String::new();
    for (code, line) in [
        ("E0104", "30sec"),
        ("inverted-bound", "availability <= 99%"),
        ("missing-measurement", "target fix"),
    ] {
        let d = diags
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("a {code} diagnostic in {diags:#?}"))
            .clone();
        let text = c.text(uri);
        let actions = c
            .request(
                "textDocument/codeAction",
                json!({
                    "textDocument": { "uri": uri },
                    "range": d["range"],
                    "context": { "diagnostics": [d] },
                }),
            )
            .await
            .unwrap();
        let actions = actions.as_array().unwrap();
        let action = actions
            .iter()
            .find(|a| a["diagnostics"][0]["code"] == code)
            .unwrap_or_else(|| panic!("a quick fix for {code} at `{line}`: {actions:#?}"));
        assert_eq!(action["kind"], "quickfix");
        let edits = action["edit"]["changes"][uri].as_array().unwrap();
        let mut marks = vec![Mark::new(&d["range"], diagnostic_label(&d))];
        for e in edits {
            marks.push(Mark::new(
                &e["range"],
                format!(
                    "{}: {:?}",
                    action["title"].as_str().unwrap(),
                    e["newText"].as_str().unwrap()
                ),
            ));
        }
        out.push_str(&render(&text, c.encoding, &marks));
        // Apply the fix.
        let changes = edits
            .iter()
            .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
            .collect();
        let v = c.change_raw(uri, changes).await;
        let after = c.wait_for_diagnostics(uri, v).await;
        let before_codes = codes(&diags);
        let after_codes = codes(&after);
        assert!(
            !after
                .iter()
                .any(|a| a["code"] == code && a["range"] == d["range"]),
            "the fix for {code} removes it: {after_codes:?}"
        );
        assert!(
            after_codes.iter().all(|a| before_codes.contains(a)),
            "the fix for {code} adds nothing: {before_codes:?} → {after_codes:?}"
        );
        let fixed = c.text(uri);
        let fixed_line = fixed
            .lines()
            .nth(d["range"]["start"]["line"].as_u64().unwrap() as usize)
            .unwrap();
        let _ = writeln!(out, "after: {}\n", fixed_line.trim());
    }
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods_and_malformed_params_are_errors() {
    let c = wifi_in_memory(both()).await;
    let err = c
        .request("abide/doesNotExist", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code, METHOD_NOT_FOUND, "{err:?}");
    // Unknown notifications are ignored.
    c.notify("abide/unknownNotification", json!({ "x": 1 }))
        .await;
    c.notify("$/cancelRequest", json!({ "id": 999 })).await;

    for (method, params) in [
        ("textDocument/hover", json!({ "textDocument": 5 })),
        ("textDocument/hover", json!({})),
        ("textDocument/hover", Value::Null),
        (
            "textDocument/definition",
            json!({ "textDocument": { "uri": VIRTUAL_WIFI }, "position": { "line": -1, "character": 0 } }),
        ),
        (
            "textDocument/hover",
            json!({ "textDocument": { "uri": "not a uri" }, "position": { "line": 0, "character": 0 } }),
        ),
        ("textDocument/rename", c.at(VIRTUAL_WIFI, "isp.fix|_time")),
        ("workspace/symbol", json!({ "query": 42 })),
    ] {
        let err = c
            .request(method, params.clone())
            .await
            .expect_err(&format!("{method} {params}"));
        assert_eq!(err.code, INVALID_PARAMS, "{method} {params}: {err:?}");
    }
    // Malformed notifications are dropped, and the server keeps serving.
    c.notify("textDocument/didChange", json!({ "textDocument": 1 }))
        .await;
    c.notify("textDocument/didOpen", json!({})).await;
    let h = c
        .request("textDocument/hover", c.at(VIRTUAL_WIFI, "provider |uni_it"))
        .await
        .unwrap();
    assert!(hover_text(&h).contains("**party** `uni_it`"), "{h}");
}

/// Positions past the end of a line or of the document clamp (LSP 3.17):
/// no error, no crash; edits there append.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn positions_past_the_end() {
    let mut c = Client::initialized(Init {
        encodings: Some(vec!["utf-16"]),
        ..Init::default()
    })
    .await;
    let uri = "file:///virtual/small.abide";
    c.open(uri, SMALL).await;
    let far = [
        json!({ "line": 1, "character": 10_000 }),
        json!({ "line": 10_000, "character": 0 }),
        json!({ "line": u32::MAX, "character": u32::MAX }),
    ];
    for p in &far {
        for method in [
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/completion",
            "textDocument/prepareRename",
        ] {
            let r = c
                .request(
                    method,
                    json!({ "textDocument": { "uri": uri }, "position": p }),
                )
                .await;
            // prepareRename may refuse (nothing to rename there); nothing may fail otherwise.
            if let Err(e) = &r {
                assert!(
                    method == "textDocument/prepareRename" && e.code == INVALID_PARAMS,
                    "{method} at {p}: {e:?}"
                );
            }
        }
    }
    // Past the end of line 2 (`party acme "Acme" : organization`) the
    // cursor is at the line's end, touching nothing renameable.
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": far[0] }),
        )
        .await
        .unwrap();
    assert!(h.is_null(), "{h}");

    // An edit past the end appends to the document.
    let v = c
        .change_raw(
            uri,
            vec![json!({
                "range": { "start": far[1], "end": far[2] },
                "text": "party extra \"Extra\" : supplier\n",
            })],
        )
        .await;
    assert!(
        c.text(uri)
            .ends_with("}\nparty extra \"Extra\" : supplier\n")
    );
    c.wait_for_diagnostics(uri, v).await;
    let h = c
        .request("textDocument/hover", c.at(uri, "party ex|tra"))
        .await
        .unwrap();
    assert!(
        hover_text(&h).contains("**party** `extra`: supplier"),
        "{h}"
    );
    // A range with its start after its end is taken as the same range
    // reversed (both sides agree on the result).
    let v = c
        .change_raw(
            uri,
            vec![json!({
                "range": { "start": { "line": 2, "character": 20 }, "end": { "line": 2, "character": 5 } },
                "text": "",
            })],
        )
        .await;
    c.wait_for_diagnostics(uri, v).await;
    // A position inside a surrogate pair (UTF-16 column 4 of `// 🚀🚀`)
    // moves to the next character boundary instead of splitting the 🚀.
    let origin = json!({ "line": 0, "character": 0 });
    c.change_raw(
        uri,
        vec![json!({ "range": { "start": origin, "end": origin }, "text": "// 🚀🚀\n" })],
    )
    .await;
    let inside = json!({ "line": 0, "character": 4 });
    let v = c
        .change_raw(
            uri,
            vec![json!({ "range": { "start": inside, "end": inside }, "text": "x" })],
        )
        .await;
    c.wait_for_diagnostics(uri, v).await;
    assert!(c.text(uri).starts_with("// 🚀x🚀\n"));
    let marks = semantic_marks(&c, uri).await;
    let first = &marks[0];
    assert_eq!(first.label, "comment");
    assert_eq!(
        first.range["end"]["character"], 8,
        "the server's line 1 is `// 🚀x🚀` as well (8 UTF-16 units)"
    );
}

/// Requests on documents the server does not know answer `null`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_on_unopened_files_answer_null() {
    let c = wifi_in_memory(both()).await;
    let unknown = "file:///virtual/never-opened.abide";
    let at =
        json!({ "textDocument": { "uri": unknown }, "position": { "line": 0, "character": 0 } });
    let doc = json!({ "textDocument": { "uri": unknown } });
    let mut rename = at.clone();
    rename["newName"] = json!("x");
    let mut refs = at.clone();
    refs["context"] = json!({ "includeDeclaration": true });
    let mut actions = doc.clone();
    actions["range"] =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } });
    actions["context"] = json!({ "diagnostics": [] });
    for (method, params) in [
        ("textDocument/hover", at.clone()),
        ("textDocument/definition", at.clone()),
        ("textDocument/references", refs),
        ("textDocument/prepareRename", at.clone()),
        ("textDocument/rename", rename),
        ("textDocument/completion", at.clone()),
        ("textDocument/documentSymbol", doc.clone()),
        ("textDocument/semanticTokens/full", doc.clone()),
        ("textDocument/foldingRange", doc.clone()),
        ("textDocument/codeAction", actions),
    ] {
        let r = c.request(method, params).await;
        assert_eq!(r, Ok(Value::Null), "{method}");
    }
    // Changing or closing an unknown document is ignored.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": unknown, "version": 2 }, "contentChanges": [{ "text": "x" }] }),
    )
    .await;
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": unknown } }),
    )
    .await;
    let h = c
        .request("textDocument/hover", c.at(VIRTUAL_WIFI, "provider |uni_it"))
        .await
        .unwrap();
    assert!(!h.is_null());
    assert!(c.publications().keys().all(|u| u == VIRTUAL_WIFI));
}

/// One `didChange` carrying 1 MB of text is applied and checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_change() {
    let mut c = wifi_in_memory(Some(vec!["utf-16"])).await;
    let mut block = String::with_capacity(1 << 20);
    let mut i = 0;
    while block.len() < 1 << 20 {
        let _ = writeln!(block, "// filler line {i:06}: Café 🚀 {}", "x".repeat(48));
        i += 1;
    }
    let v = c.insert_at(VIRTUAL_WIFI, "|party uni_it", &block).await;
    let diags = c.wait_for_diagnostics(VIRTUAL_WIFI, v).await;
    assert!(has_code(&diags, "E0501"), "still checked after the change");
    // Positions below the block still line up.
    let h = c
        .request(
            "textDocument/hover",
            c.at(VIRTUAL_WIFI, "isp.fix|_time  //"),
        )
        .await
        .unwrap();
    assert!(hover_text(&h).contains("`isp.fix_time`"), "{h}");

    // 1 MB of declarations replacing the whole document. Long titles keep
    // the item count near 5,000: the duplicate-name check is quadratic in
    // the items of a file (`names::is_first_in_file`), and 36,000 short
    // items take seconds.
    let mut items = String::with_capacity(1 << 20);
    let mut n = 0;
    while items.len() < 1 << 20 {
        let _ = writeln!(
            items,
            "party p{n:06} \"Party {n} — Café 🚀 {}\" : supplier",
            "x".repeat(160)
        );
        n += 1;
    }
    assert!(n > 4000, "{n} items");
    let v = c.replace_all(VIRTUAL_WIFI, &items).await;
    c.wait_for_diagnostics(VIRTUAL_WIFI, v).await;
    let h = c
        .request("textDocument/hover", c.at(VIRTUAL_WIFI, "party p00|2345"))
        .await
        .unwrap();
    assert!(hover_text(&h).contains("`p002345`"), "{h}");
}

/// `shutdown` answers null, later requests are refused, and `exit` ends
/// the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_then_exit() {
    let c = wifi_in_memory(both()).await;
    let r = c.request("shutdown", Value::Null).await;
    assert_eq!(r, Ok(Value::Null));
    let after = c
        .request("textDocument/hover", c.at(VIRTUAL_WIFI, "provider |uni_it"))
        .await
        .unwrap_err();
    assert_eq!(
        after.code, -32600,
        "InvalidRequest after shutdown: {after:?}"
    );
    assert!(!c.server_finished());
    c.exit().await;
}

/// The server registers its file watcher only with clients that support
/// dynamic registration (LSP 3.17, `client/registerCapability`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_watcher_registration_follows_the_client() {
    let dir = copy_example("campus-wifi-aligned");
    let with = Client::initialized(Init {
        folder: Some(dir.path().to_path_buf()),
        watch_registration: true,
        ..Init::default()
    })
    .await;
    let reg = with
        .wait_for_server_request("client/registerCapability")
        .await;
    assert_eq!(
        reg["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    // The server only publishes after the registration was answered.
    let uri = file_uri(&dir.path().join("campus_wifi.abide"));
    with.next_diagnostics(&uri, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_registration_without_dynamic_registration() {
    let dir = copy_example("campus-wifi-aligned");
    let without = Client::initialized(Init {
        folder: Some(dir.path().to_path_buf()),
        watch_registration: false,
        ..Init::default()
    })
    .await;
    let uri = file_uri(&dir.path().join("campus_wifi.abide"));
    without.next_diagnostics(&uri, 0).await;
    assert!(
        without.server_requests().is_empty(),
        "{:?}",
        without.server_requests()
    );
}

/// A folder whose name needs percent-encoding, opened by a client that
/// spells the URI differently from the server (RFC 3986 allows `(` `)`
/// unencoded; Neovim sends them so). The open document must be the scanned
/// file, not a second copy that redeclares every name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn equivalent_uri_spellings_are_one_file() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("wifi (copy)");
    std::fs::create_dir(&dir).unwrap();
    for f in ["abide.toml", "campus_wifi.abide"] {
        std::fs::write(
            dir.join(f),
            example_text(&format!("campus-wifi-aligned/{f}")),
        )
        .unwrap();
    }
    let mut c = Client::initialized(Init {
        encodings: both(),
        folder: Some(dir.clone()),
        ..Init::default()
    })
    .await;
    let server_spelling = file_uri(&dir.join("campus_wifi.abide"));
    let client_spelling = server_spelling.replace("%28", "(").replace("%29", ")");
    assert_ne!(server_spelling, client_spelling);
    let v = c
        .open(
            &client_spelling,
            &example_text("campus-wifi-aligned/campus_wifi.abide"),
        )
        .await;
    let diags = c.wait_for_diagnostics(&client_spelling, v).await;
    assert!(
        !has_code(&diags, "E0201"),
        "no duplicate names: {:?}",
        codes(&diags)
    );
}

/// A rename to a name that is already declared would merge two symbols
/// (and add `E0201 duplicate-name`); it must be refused like an invalid name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_refuses_a_name_that_is_taken() {
    let dir = copy_example("multi-file");
    let mut c = Client::initialized(Init {
        encodings: both(),
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let (sla, _) = c.open_file(&dir.path().join("sla.abide")).await;
    for (needle, taken) in [
        ("supported by apps_o|la.sev3_fix", "desk_ola"),
        ("supported by apps_o|la.sev3_fix", "clinicians"),
        ("supported by desk_ola.sev1_tri|age", "sev2_triage"),
    ] {
        let mut params = c.at(&sla, needle);
        params["newName"] = json!(taken);
        let r = c.request("textDocument/rename", params).await;
        assert!(
            matches!(&r, Err(e) if e.code == INVALID_PARAMS),
            "renaming at `{needle}` to the taken `{taken}` is refused: {r:?}"
        );
    }
}

/// Many edits sent back to back, without waiting: the publications of the
/// document arrive in version order, the last one is for the last version,
/// and it equals a fresh check of the final text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rapid_edits_publish_in_order() {
    let mut c = wifi_in_memory(both()).await;
    let uri = VIRTUAL_WIFI;
    for i in 0..100 {
        let value = if i % 2 == 0 { "99.6%" } else { "99.4%" };
        let text = c.text(uri);
        let at = text.find("target availability: availability >= ").unwrap()
            + "target availability: availability >= ".len();
        let end = at + text[at..].find(' ').unwrap();
        let tail = text.len();
        c.change_bytes(uri, &[(at, end, value), (tail - 10, tail - 10, "🚀")])
            .await;
    }
    let last = c.docs[uri].version;
    let published = c.wait_for_diagnostics(uri, last).await;
    c.request("textDocument/hover", c.at(uri, "provider |uni_it"))
        .await
        .unwrap();
    let versions: Vec<i64> = c.publications()[uri]
        .iter()
        .filter_map(|p| p.version)
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "publications arrive in version order: {versions:?}"
    );
    assert_eq!(versions.last(), Some(&last));
    assert_eq!(
        published_form(&published),
        fresh_check(&c.text(uri), c.encoding)
    );
}

/// Closing a document that exists only in the editor forgets it, and its
/// diagnostics must be cleared (an empty publication), not left behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_an_in_memory_document_clears_its_diagnostics() {
    let mut c = Client::initialized(Init::default()).await;
    let uri = "file:///virtual/fixable.abide";
    let v = c.open(uri, FIXABLE).await;
    assert!(!c.wait_for_diagnostics(uri, v).await.is_empty());
    let mark = c.mark();
    c.close(uri).await;
    let cleared = c.next_diagnostics(uri, mark).await;
    assert!(cleared.diagnostics.is_empty(), "{:?}", cleared.diagnostics);
}

/// Closing a workspace file makes the disk the truth again: the edit that
/// fixed `p1_resolution` is gone, and so the finding is back (unversioned).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_a_workspace_file_reverts_to_the_disk() {
    let dir = copy_example("campus-wifi");
    let mut c = Client::initialized(Init {
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let (uri, _) = c.open_file(&dir.path().join("campus_wifi.abide")).await;
    let v = c
        .replace(
            &uri,
            "resolution_time <= 2h for 95%",
            "resolution_time <= 4h for 95%",
        )
        .await;
    assert!(!has_code(&c.wait_for_diagnostics(&uri, v).await, "E0501"));
    let mark = c.mark();
    c.close(&uri).await;
    let reverted = c.next_diagnostics(&uri, mark).await;
    assert_eq!(reverted.version, None, "a closed file has no version");
    assert!(has_code(&reverted.diagnostics, "E0501"));
}

/// Files deleted and created on disk (`workspace/didChangeWatchedFiles`)
/// change the workspace: without olas.abide the SLA's supporters are
/// unknown; with it back, sla.abide is clean again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_changed_on_disk() {
    let dir = copy_example("multi-file");
    let c = Client::initialized(Init {
        folder: Some(dir.path().to_path_buf()),
        watch_registration: true,
        ..Init::default()
    })
    .await;
    c.wait_for_server_request("client/registerCapability").await;
    let olas = dir.path().join("olas.abide");
    let olas_uri = file_uri(&olas);
    let sla = file_uri(&dir.path().join("sla.abide"));
    let saved = std::fs::read_to_string(&olas).unwrap();

    std::fs::remove_file(&olas).unwrap();
    let mark = c.mark();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": olas_uri, "type": 3 }] }),
    )
    .await;
    let broken = c.next_diagnostics(&sla, mark).await;
    let mut out = render_diagnostics(&c.text(&sla), c.encoding, &timeless(&broken.diagnostics));

    std::fs::write(&olas, saved).unwrap();
    let mark = c.mark();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": olas_uri, "type": 1 }] }),
    )
    .await;
    let fixed = c.next_diagnostics(&sla, mark).await;
    assert!(
        timeless(&fixed.diagnostics).is_empty(),
        "{:?}",
        fixed.diagnostics
    );
    out.push_str("── after olas.abide is back: clean\n");
    insta::assert_snapshot!(out);
}

/// Opening one file of a workspace (an `abide.toml` root) without a
/// workspace folder must still see its sibling files, as `abide check
/// sla.abide` does (reference §1.2): the multi-file example is clean.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_opened_alone_sees_its_workspace() {
    let dir = copy_example("multi-file");
    let mut c = Client::initialized(Init::default()).await;
    let (uri, v) = c.open_file(&dir.path().join("sla.abide")).await;
    let diags = timeless(&c.wait_for_diagnostics(&uri, v).await);
    assert!(diags.is_empty(), "{:?}", codes(&diags));
}

// ---------------------------------------------------------------------------
// A scripted editing session
// ---------------------------------------------------------------------------

/// Open campus-wifi, make 50 incremental edits (multi-byte text, deletions,
/// insertions at line ends, several changes in one notification, one
/// whole-document replacement), ask hover/definition/rename/completion along
/// the way, and compare the final published diagnostics with `check_file`
/// on a fresh database of the final text.
async fn scripted_session(encodings: Option<Vec<&'static str>>) {
    let mut c = wifi_in_memory(encodings).await;
    let uri = VIRTUAL_WIFI;
    let mut edits = 0;
    let mut log = String::new();

    // 1–2: multi-byte text in titles and comments.
    c.replace(
        uri,
        "\"Campus Wi-Fi SLA\"",
        "\"Campus Wi-Fi SLA — Café 🚀\"",
    )
    .await;
    c.insert_at(
        uri,
        "module, written as one Abide workspace (LANGUAGE.md section 1).|",
        " Café 🚀 ☕",
    )
    .await;
    edits += 2;
    // 3–6: toggle the availability bound, checking the hover each time.
    for (i, value) in ["99.6%", "99.7%", "99.8%", "99.5%"].iter().enumerate() {
        let text = c.text(uri);
        let line_at = text.find("target availability: availability >= ").unwrap()
            + "target availability: availability >= ".len();
        let end = line_at + text[line_at..].find(' ').unwrap();
        c.change_bytes(uri, &[(line_at, end, value)]).await;
        edits += 1;
        if i % 2 == 0 {
            let h = c
                .request("textDocument/hover", c.at(uri, "target avail|ability:"))
                .await
                .unwrap();
            assert!(
                hover_text(&h).contains(&format!("availability >= {value}")),
                "hover follows the edit: {}",
                hover_text(&h)
            );
        }
    }
    // 7–25: type `measured by "Ça 🚀"` char by char at a line end.
    let typed = " measured by \"Ça 🚀\"";
    for ch in typed.chars() {
        let text = c.text(uri);
        let at = text.find("in each lecture_hall").unwrap() + "in each lecture_hall".len();
        let end = at + text[at..].find('\n').unwrap();
        c.change_bytes(uri, &[(end, end, &ch.to_string())]).await;
        edits += 1;
    }
    assert!(c.text(uri).contains("lecture_hall measured by \"Ça 🚀\"\n"));
    let _ = writeln!(log, "typed {} characters", typed.chars().count());
    // Definition after the multi-byte edits.
    let d = c
        .request("textDocument/definition", c.at(uri, "isp.fix|_time  //"))
        .await
        .unwrap();
    let text = c.text(uri);
    let decl = text.find("target fix_time").unwrap() + "target ".len();
    assert_eq!(d["range"], range(&text, decl, decl + 8, c.encoding));
    // Comment lines inserted and deleted again.
    for i in 0..4 {
        c.insert_at(uri, "|party uni_it", &format!("// note {i}: Café 🚀\n"))
            .await;
        edits += 1;
    }
    for i in 0..2 {
        let text = c.text(uri);
        let line = format!("// note {i}: Café 🚀\n");
        let at = text.find(&line).unwrap();
        c.change_bytes(uri, &[(at, at + line.len(), "")]).await;
        edits += 1;
    }
    // Two changes in one notification: the second is relative to the first.
    {
        let text = c.text(uri);
        let a = text.find("// note 2: Café 🚀").unwrap() + "// note 2: ".len();
        let mut after = text.clone();
        after.replace_range(a..a + "Café".len(), "Crème");
        let b = after.find("// note 3: Café").unwrap() + "// note 3: ".len();
        let enc = c.encoding;
        c.change_raw(
            uri,
            vec![
                json!({ "range": range(&text, a, a + "Café".len(), enc), "text": "Crème" }),
                json!({ "range": range(&after, b, b + "Café".len(), enc), "text": "Brûlée" }),
            ],
        )
        .await;
        edits += 1;
        assert!(
            c.text(uri)
                .contains("// note 2: Crème 🚀\n// note 3: Brûlée 🚀\n")
        );
    }
    // A deletion spanning lines.
    c.replace(uri, "// note 2: Crème 🚀\n// note 3: Brûlée 🚀\n", "")
        .await;
    edits += 1;
    // Completion on a new target, typed in pieces.
    for piece in [
        "    target extra: answer_time <= 15m",
        "in supported by isp.",
    ] {
        let text = c.text(uri);
        let anchor = "measured by \"Ça 🚀\"\n";
        let at = text.find(anchor).unwrap() + anchor.len();
        let line_end = at + text[at..].find('\n').unwrap();
        let at = if piece.starts_with(' ') { at } else { line_end };
        let insert = if piece.starts_with(' ') {
            format!("{piece}\n")
        } else {
            piece.to_owned()
        };
        c.change_bytes(uri, &[(at, at, &insert)]).await;
        edits += 1;
        let text = c.text(uri);
        let cursor = at + piece.len();
        let items = c
            .request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": uri }, "position": position(&text, cursor, c.encoding) }),
            )
            .await
            .unwrap();
        let labels: Vec<&str> = items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap())
            .collect();
        let want = if piece.ends_with("15m") {
            "15min"
        } else {
            "fix_time"
        };
        assert!(labels.contains(&want), "{want} in {labels:?}");
    }
    c.insert_at(uri, "supported by isp.|\n", "fix_time").await;
    edits += 1;
    // Rename `isp` everywhere, applied as one didChange with every edit
    // (sorted from the end, so that each range is still valid).
    let mut params = c.at(uri, "contract i|sp \"FastNet");
    params["newName"] = json!("fastnet_link");
    let edit = c.request("textDocument/rename", params).await.unwrap();
    let mut renames = edit["changes"][uri].as_array().unwrap().clone();
    assert_eq!(
        renames.len(),
        4,
        "the declaration and three paths: {renames:?}"
    );
    renames.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
        ))
    });
    c.change_raw(
        uri,
        renames
            .iter()
            .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
            .collect(),
    )
    .await;
    edits += 1;
    assert!(c.text(uri).contains("contract fastnet_link \"FastNet"));
    assert!(
        c.text(uri)
            .contains("network_ola.hall_restore, fastnet_link.fix_time")
    );
    // Insertions at line ends across the file.
    for needle in [
        "party students       \"Students\"               : users  // use the service, sign nothing",
        "    owner uni_it",
        "    customer academic_board\n    status signed",
    ] {
        let text = c.text(uri);
        let at = text.find(needle).unwrap();
        let end = at + text[at..].find('\n').unwrap();
        c.change_bytes(uri, &[(end, end, " // 🚀 ✓")]).await;
        edits += 1;
    }
    // The whole-document replacement: fix p1_resolution by promising 4h.
    let whole = c.text(uri).replace(
        "resolution_time <= 2h for 95%",
        "resolution_time <= 4h for 95%",
    );
    let v = c.replace_all(uri, &whole).await;
    edits += 1;
    let fixed = c.wait_for_diagnostics(uri, v).await;
    assert!(
        !fixed.iter().any(|d| d["code"] == "E0501"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("wifi_sla.p1_resolution")),
        "p1_resolution aligned now: {fixed:#?}"
    );
    // Delete the comment added after `owner uni_it`, one character at a time.
    for _ in 0..7 {
        let text = c.text(uri);
        let at = text.find("    owner uni_it").unwrap();
        let line_end = at + text[at..].find('\n').unwrap();
        let last = text[..line_end].chars().next_back().unwrap();
        c.change_bytes(uri, &[(line_end - last.len_utf8(), line_end, "")])
            .await;
        edits += 1;
    }
    assert!(c.text(uri).contains("    owner uni_it\n"));
    // Break and fix the unit of a target with a did-you-mean.
    let v = c
        .replace(uri, "answer_time <= 30s", "answer_time <= 30sec")
        .await;
    edits += 1;
    let broken = c.wait_for_diagnostics(uri, v).await;
    assert!(has_code(&broken, "E0104"), "{:?}", codes(&broken));
    c.replace(uri, "answer_time <= 30sec", "answer_time <= 30s")
        .await;
    edits += 1;
    // Fill up to 50 edits with insertions at the very end of the document.
    while edits < 50 {
        let end = c.text(uri).len();
        c.change_bytes(uri, &[(end, end, &format!("// tail {edits} 🚀\n"))])
            .await;
        edits += 1;
    }
    assert_eq!(edits, 50);

    let last = c.docs[uri].version;
    let published = c.wait_for_diagnostics(uri, last).await;
    // A request round trip, then nothing newer (or older) may have arrived.
    c.request("textDocument/hover", c.at(uri, "provider |uni_it"))
        .await
        .unwrap();
    let history = c.publications()[uri].clone();
    let versions: Vec<i64> = history.iter().filter_map(|p| p.version).collect();
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "publications arrive in version order: {versions:?}"
    );
    assert_eq!(history.last().unwrap().version, Some(last));

    let final_text = c.text(uri);
    assert_eq!(
        published_form(&published),
        fresh_check(&final_text, c.encoding),
        "the editor's diagnostics equal a fresh `check_file` of the final text"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripted_session_utf16() {
    scripted_session(Some(vec!["utf-16"])).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scripted_session_utf8() {
    scripted_session(both()).await;
}
