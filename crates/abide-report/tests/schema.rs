//! The report's JSON Schema: generated from the types, checked into the
//! repository, and every example's report validates against it.

#![allow(clippy::expect_used, reason = "test helpers may fail loudly")]

use std::path::{Path, PathBuf};

use abide_db::{AbideDatabase, SourceFile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `ABIDE_BLESS=1 cargo test -p abide-report` rewrites the checked-in schema.
#[test]
fn checked_in_schema_matches_the_types() {
    let generated = abide_report::schema_json().expect("the schema serialises");
    let path = root().join("schema/abide-report.schema.json");
    if std::env::var_os("ABIDE_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write the schema");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schema/abide-report.schema.json is out of date with the report types; run `ABIDE_BLESS=1 cargo test -p abide-report` and review the diff"
    );
}

/// The reports of the example workspaces that compile (no errors).
fn example_reports() -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("abide.toml").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let db = AbideDatabase::default();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("example dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "abide"))
            .collect();
        files.sort();
        let inputs: Vec<SourceFile> = files
            .iter()
            .map(|p| {
                // Paths as the user would write them, so snapshots do not depend on the checkout.
                let shown = p
                    .strip_prefix(root())
                    .map_or_else(|_| p.display().to_string(), |r| r.display().to_string());
                SourceFile::new(&db, shown, std::fs::read_to_string(p).expect("read"), None)
            })
            .collect();
        let ws = abide_check::new_workspace(&db, inputs);
        let blocked = abide_check::workspace_diagnostics(&db, ws)
            .iter()
            .any(|d| d.severity == abide_db::Severity::Error);
        if blocked {
            continue;
        }
        let report = abide_report::report(&db, &[ws], Some("2026-11-27".into()));
        let json = serde_json::to_value(&report).expect("the report serialises");
        out.push((
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            json,
        ));
    }
    out
}

#[test]
fn every_example_report_is_valid_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&abide_report::schema_json().expect("schema"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let reports = example_reports();
    assert!(
        reports.len() >= 5,
        "expected the clean examples, got {}",
        reports.len()
    );
    for (name, report) in &reports {
        let errors: Vec<String> = validator
            .iter_errors(report)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    // The validator really checks: a report with a wrong type fails.
    let mut broken = reports[0].1.clone();
    broken["abide_report"] = serde_json::json!(1);
    assert!(!validator.is_valid(&broken));
}

#[test]
fn the_aligned_wifi_report_carries_the_implied_availability() {
    let reports = example_reports();
    let (_, wifi) = reports
        .iter()
        .find(|(n, _)| n == "campus-wifi-aligned")
        .expect("the aligned Wi-Fi example compiles");
    let targets = &wifi["workspaces"][0]["agreements"]["wifi_sla"]["targets"];
    let availability = targets
        .as_array()
        .and_then(|t| t.iter().find(|t| t["name"] == "availability"))
        .expect("target");
    assert_eq!(
        availability["support"]["figure"]["value"],
        serde_json::json!(0.9985)
    );
    assert_eq!(
        availability["support"]["figure"]["arithmetic"],
        "all(99.9%, 99.95%)"
    );
    assert_eq!(availability["bound"]["value"], serde_json::json!(0.995));
    assert_eq!(availability["window"]["period"], "month");
    assert_eq!(availability["calendar"], "teaching_hours");
    // The misaligned variant does not compile.
    assert!(!reports.iter().any(|(n, _)| n == "campus-wifi"));
}

#[test]
fn reports_are_snapshotted_and_deterministic() {
    let first = example_reports();
    let second = example_reports();
    for ((name, a), (_, b)) in first.iter().zip(&second) {
        let (a, b) = (
            serde_json::to_string_pretty(a).expect("json"),
            serde_json::to_string_pretty(b).expect("json"),
        );
        assert_eq!(a, b, "{name} is not deterministic");
        insta::assert_snapshot!(format!("report-{name}"), a);
    }
}
