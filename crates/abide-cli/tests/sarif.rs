//! End-to-end tests of `abide check --format sarif` and `--format github`
//! through the real binary.
//!
//! The SARIF output is validated against the official OASIS SARIF 2.1.0
//! JSON Schema, kept in the repository at `schema/sarif-schema-2.1.0.json`
//! (compiled into this test with `include_str!`, so nothing is fetched), by
//! a real JSON Schema validator (`jsonschema`, draft 4 as the schema
//! declares, with format checks on). Beyond the schema, the tests assert
//! what code scanning relies on: a rule for every registry entry,
//! `ruleIndex` pointing at the rule named by `ruleId`, UTF-16 columns, and
//! fingerprints that survive lines moving.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod fixtures;

use fixtures::VALID;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// The official schema, unchanged (see `schema/`).
const SARIF_SCHEMA: &str = include_str!("../../../schema/sarif-schema-2.1.0.json");

/// The campus Wi-Fi example: a misaligned error with two secondary labels,
/// a `diluted-support` warning and several infos.
const CAMPUS_WIFI: &str = include_str!("../../../examples/campus-wifi/campus_wifi.abide");
const CAMPUS_WIFI_TOML: &str = include_str!("../../../examples/campus-wifi/abide.toml");

/// Syntax errors in three items (line 2 missing `:`, line 9 space before `%`, line 14 unknown unit).
const SYNTAX_ERRORS: &str = r#"party a "A" : organization
party b "B" team of a
service svc "Service" {
    owner a
}
sla avail "Availability" for svc {
    provider a
    customer a
    target t: availability >= 99.5 % per month measured by "probes"
}
sla speed "Speed" for svc {
    provider a
    customer a
    target u: response_time <= 30sec measured by "desk tool"
}
"#;

/// A small fixture for the snapshot: a duplicate name (two spans), a syntax
/// error after an astral character, and a lint warning.
const SMALL: &str = "party a \"A\" : organization
party a \"Again\" : organization
party b \"🚀 launch\" team
/// documents nothing
";

/// The date the lifecycle lints compare against, fixed for stable output.
const TODAY: &str = "2026-11-01";

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

struct Sandbox {
    dir: tempfile::TempDir,
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("abide-sarif-")
            .tempdir()
            .expect("create a temporary directory");
        Sandbox { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, contents: &str) -> &Self {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the parent directories");
        }
        std::fs::write(&path, contents).expect("write an input file");
        self
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_abide"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .stdin(Stdio::null())
            .output()
            .expect("run the abide binary");
        Output {
            code: out.status.code().expect("abide exited normally"),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// `abide check --format sarif --today … ARGS`, parsed.
    fn sarif(&self, args: &[&str]) -> (Output, Value) {
        let mut all = vec!["check", "--format", "sarif", "--today", TODAY];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let v = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", out.stdout));
        (out, v)
    }

    /// The campus Wi-Fi workspace under `campus-wifi/`, with `prefix` before its text.
    fn campus_wifi(&self, prefix: &str) -> &Self {
        self.write("campus-wifi/abide.toml", CAMPUS_WIFI_TOML)
            .write(
                "campus-wifi/campus_wifi.abide",
                &format!("{prefix}{CAMPUS_WIFI}"),
            )
    }
}

/// Every schema violation of `doc`, one per line (empty when valid).
fn schema_errors(doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).expect("the schema is JSON");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn results(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["results"].as_array().expect("results")
}

fn rules(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
}

/// `(startLine, startColumn, endLine, endColumn)`.
type Region = (u64, u64, u64, u64);

/// The region of a location.
fn region(location: &Value) -> Region {
    let r = &location["physicalLocation"]["region"];
    let n = |k: &str| r[k].as_u64().unwrap_or_else(|| panic!("{k} in {location}"));
    (
        n("startLine"),
        n("startColumn"),
        n("endLine"),
        n("endColumn"),
    )
}

// ---------------------------------------------------------------------------
// Schema, rules, results
// ---------------------------------------------------------------------------

#[test]
fn a_failing_workspace_is_valid_sarif() {
    let sb = Sandbox::new();
    sb.campus_wifi("").write("broken.abide", SYNTAX_ERRORS);
    let (out, doc) = sb.sarif(&[]);
    assert_eq!(out.code, 1, "errors exit 1 in every format");
    assert_eq!(out.stderr, "");

    let errors = schema_errors(&doc);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));

    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(
        doc["$schema"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    assert_eq!(doc["runs"].as_array().map(Vec::len), Some(1));
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "abide");
    assert_eq!(
        run["tool"]["driver"]["semanticVersion"],
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object(), "{run}");

    // Every code and lint of the registry is a rule, in registry order.
    let ids: Vec<&str> = rules(&doc)
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let registry: Vec<&str> = abide_db::registry::entries()
        .iter()
        .map(|e| e.code)
        .collect();
    assert_eq!(ids, registry);
    for r in rules(&doc) {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                r[key]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{key}: {r}"
            );
        }
        assert!(r["help"]["markdown"].is_string(), "{r}");
        assert!(
            r["helpUri"]
                .as_str()
                .is_some_and(|u| u.contains("docs/reference.md#")),
            "{r}"
        );
        assert!(r["name"].as_str().is_some_and(|n| !n.contains('-')), "{r}");
    }

    // ruleIndex points at the rule ruleId names; levels match severities.
    let results = results(&doc);
    assert!(!results.is_empty());
    for res in results {
        let i = usize::try_from(res["ruleIndex"].as_u64().expect("ruleIndex")).unwrap();
        assert_eq!(rules(&doc)[i]["id"], res["ruleId"], "{res}");
        assert!(
            ["error", "warning", "note"].contains(&res["level"].as_str().unwrap()),
            "{res}"
        );
        let fp = res["partialFingerprints"]["abide/v1"]
            .as_str()
            .expect("fingerprint");
        assert!(fp.len() > 16 && fp.contains(':'), "{fp}");
    }

    // Syntax errors of the loose file, relative to %SRCROOT%.
    let syntax: Vec<(&str, Region)> = results
        .iter()
        .filter(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.abide"
                && r["ruleId"].as_str().is_some_and(|id| id.starts_with("E01"))
        })
        .map(|r| (r["ruleId"].as_str().unwrap(), region(&r["locations"][0])))
        .collect();
    assert_eq!(
        syntax,
        vec![
            ("E0111", (2, 13, 2, 17)),
            ("E0101", (9, 36, 9, 37)),
            ("E0104", (14, 32, 14, 37)),
        ]
    );

    // The misaligned P1 resolution: error, both supporters as related locations.
    let misaligned = results
        .iter()
        .find(|r| r["ruleId"] == "E0501")
        .expect("the misaligned target");
    assert_eq!(misaligned["level"], "error");
    let primary = &misaligned["locations"][0];
    assert_eq!(
        primary["physicalLocation"]["artifactLocation"],
        json!({"uri": "campus-wifi/campus_wifi.abide", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(region(primary), (111, 12, 111, 48));
    assert_eq!(primary["message"]["text"], "promises 2h");
    let related = misaligned["relatedLocations"].as_array().expect("related");
    let related: Vec<(u64, &str, Region)> = related
        .iter()
        .map(|l| {
            (
                l["id"].as_u64().unwrap(),
                l["message"]["text"].as_str().unwrap(),
                region(l),
            )
        })
        .collect();
    assert_eq!(
        related,
        vec![
            (1, "promises 90min", (152, 12, 152, 47)),
            (2, "promises 4h", (176, 12, 176, 43)),
        ]
    );
    let text = misaligned["message"]["text"].as_str().unwrap();
    assert!(
        text.starts_with(
            "`wifi_sla.p1_resolution` promises 2h, but its supporters can take up to 4h\n"
        ),
        "{text}"
    );
    assert!(text.contains("all(90min, 4h) = 4h > 2h"), "{text}");
    assert!(text.contains("\nhelp: "), "{text}");
    assert!(
        text.ends_with("related: [promises 90min](1), [promises 4h](2)"),
        "{text}"
    );

    // The diluted support is a warning; the infos are notes.
    let level_of = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .map(|r| r["level"].clone())
    };
    assert_eq!(level_of("diluted-support"), Some(json!("warning")));
    assert_eq!(level_of("missing-measurement"), Some(json!("note")));
}

#[test]
fn the_validator_is_not_vacuous() {
    let sb = Sandbox::new();
    sb.write("small.abide", SMALL);
    let (_, doc) = sb.sarif(&[]);
    assert!(schema_errors(&doc).is_empty());
    for (pointer, bad) in [
        ("/runs/0/results/0/level", json!("fatal")),
        (
            "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
            json!(0),
        ),
        ("/runs/0/tool/driver/rules/0/helpUri", json!("not a uri")),
        ("/version", json!("2.0.0")),
    ] {
        let mut broken = doc.clone();
        *broken.pointer_mut(pointer).expect(pointer) = bad;
        assert!(!schema_errors(&broken).is_empty(), "{pointer} was accepted");
    }
}

#[test]
fn a_clean_workspace_is_valid_sarif_with_no_results() {
    let sb = Sandbox::new();
    sb.write("wifi.abide", VALID);
    let (out, doc) = sb.sarif(&[]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "");
    assert!(schema_errors(&doc).is_empty());
    assert_eq!(doc["runs"][0]["results"], json!([]));
    assert_eq!(rules(&doc).len(), abide_db::registry::entries().len());

    let github = sb.run(&["check", "--format", "github", "--today", TODAY]);
    assert_eq!(github.code, 0);
    assert_eq!(github.stdout, "");
    assert_eq!(github.stderr, "");
}

// ---------------------------------------------------------------------------
// Columns and fingerprints
// ---------------------------------------------------------------------------

#[test]
fn columns_count_utf16_code_units() {
    let sb = Sandbox::new();
    sb.write("rocket.abide", "party b \"🚀🚀 launch\" team\n");
    let (_, doc) = sb.sarif(&[]);
    assert!(schema_errors(&doc).is_empty());
    let res = &results(&doc)[0];
    assert_eq!(res["ruleId"], "E0111");
    // `team` follows 20 characters, two of them astral (2 UTF-16 units each).
    assert_eq!(region(&res["locations"][0]), (1, 23, 1, 27));

    // The JSON output counts characters: two less.
    let json = sb.run(&["check", "--format", "json", "--today", TODAY]);
    let diags: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(diags[0]["range"]["start"]["column"], 21);
    assert_eq!(diags[0]["range"]["end"]["column"], 25);
}

#[test]
fn fingerprints_survive_lines_moving() {
    let fingerprints = |prefix: &str| {
        let sb = Sandbox::new();
        sb.campus_wifi(prefix);
        let (_, doc) = sb.sarif(&[]);
        results(&doc)
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["abide/v1"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                    (
                        r["ruleId"].as_str().unwrap().to_owned(),
                        region(&r["locations"][0]).0,
                    ),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    let before = fingerprints("");
    let after = fingerprints("// a comment\n// and another\n\n");
    assert!(before.len() > 5, "{before:?}");
    // The same findings, with the same fingerprints, three lines further down.
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (fp, (rule, line)) in &before {
        assert_eq!(after[fp], (rule.clone(), line + 3), "{fp}");
    }
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

/// The SARIF of a run, for a snapshot: the version replaced by `[VERSION]`,
/// and the 70-odd rules reduced to the ones the results use (keyed by their
/// index, with the explain page replaced by its code), so that editing an
/// explain page does not churn this snapshot.
fn for_snapshot(mut doc: Value) -> String {
    let used: Vec<usize> = results(&doc)
        .iter()
        .filter_map(|r| r["ruleIndex"].as_u64())
        .map(|i| usize::try_from(i).unwrap())
        .collect();
    let driver = &mut doc["runs"][0]["tool"]["driver"];
    driver["semanticVersion"] = json!("[VERSION]");
    let all = driver["rules"].as_array().unwrap().clone();
    let mut kept = serde_json::Map::new();
    for i in used {
        let mut rule = all[i].clone();
        let page = format!("[the explain page of {}]", rule["id"].as_str().unwrap());
        rule["help"] = json!({ "text": page, "markdown": page });
        kept.insert(i.to_string(), rule);
    }
    driver["rules"] = Value::Object(kept);
    serde_json::to_string_pretty(&doc).unwrap()
}

#[test]
fn sarif_snapshot() {
    let sb = Sandbox::new();
    sb.write("small.abide", SMALL);
    let (out, doc) = sb.sarif(&[]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr, "");
    assert!(schema_errors(&doc).is_empty());
    // Byte for byte the same on a second run.
    assert_eq!(sb.sarif(&[]).0.stdout, out.stdout);
    insta::assert_snapshot!("sarif_small", for_snapshot(doc));
}

/// Unix only: `:` and line feeds cannot be in a Windows file name.
#[cfg(unix)]
#[test]
fn github_snapshot_with_escaping() {
    let sb = Sandbox::new();
    // A path with `%`, `,`, `:` and a line feed, and a message with `%`
    // (the space before `%` in `99.5 %`); every message has a line feed
    // before its `help:`.
    sb.write(
        "50%, v1:2\nnext/rates: a,b%.abide",
        r#"party a "A" : organization
service svc "Service" { owner a }
sla avail "Availability" for svc {
    provider a
    customer a
    target t: availability >= 99.5 % per month measured by "probes"
}
"#,
    )
    .write("small.abide", SMALL);
    let out = sb.run(&["check", "--format", "github", "--today", TODAY]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("github_escaping", out.stdout);

    let lines: Vec<&str> = out.stdout.lines().collect();
    // One line per diagnostic: the newlines between message, notes and help are escaped.
    let json = sb.run(&["check", "--format", "json", "--today", TODAY]);
    let diags: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(lines.len(), diags.as_array().unwrap().len());
    let percent = lines
        .iter()
        .find(|l| l.starts_with("::error file=50%25%2C v1%3A2%0Anext/rates%3A a%2Cb%25.abide,"))
        .unwrap_or_else(|| panic!("the escaped path is missing:\n{}", out.stdout));
    assert!(percent.starts_with("::error "), "{percent}");
    let (props, message) = percent
        .strip_prefix("::error ")
        .unwrap()
        .split_once("::")
        .unwrap();
    // Properties carry no raw `:` or `,` other than the separators.
    for prop in props.split(',') {
        let (key, value) = prop.split_once('=').unwrap();
        assert!(
            ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
            "{prop}"
        );
        assert!(!value.contains(':'), "{prop}");
    }
    assert!(!message.contains('\n') && !message.contains('\r'));
    // Every `%` in the data starts an escape.
    for (i, _) in message.match_indices('%') {
        let esc = &message[i..(i + 3).min(message.len())];
        assert!(["%25", "%0A", "%0D"].contains(&esc), "{esc} in {message}");
    }
    assert!(message.contains("%25"), "{message}");

    // Levels: error, warning (the stray doc comment).
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning file=small.abide,line=4,col=1,")),
        "{}",
        out.stdout
    );
    assert!(lines.iter().any(|l| l.contains(
        "::error file=small.abide,line=3,col=20,endLine=3,endColumn=24,title=E0111 unexpected-token::"
    )));
}
