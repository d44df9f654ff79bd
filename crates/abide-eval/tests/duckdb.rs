//! The generated SQL computes the same figures as the Rust evaluator: both
//! run on the same data, and every (agreement, target, window, instance)
//! must agree on cases, figure and verdict.
//!
//! DuckDB runs through its Python package (`pip install duckdb`, done by
//! `.ci/run`). Without it the tests fail under `CI=true` and are skipped
//! with a message elsewhere. The generated data set has 20 000 samples by
//! default; `ABIDE_SQL_ROWS=1000000 cargo test --release -p abide-eval --test duckdb`
//! runs the million-sample comparison noted in BENCHMARKS.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use abide_db::{AbideDatabase, SourceFile};
use abide_eval::output::Verdict;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// True when `python3` can import duckdb; panics under CI when it cannot.
fn duckdb_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have DuckDB: `python3 -m pip install duckdb`"
        );
        eprintln!("skipped: python3 cannot import duckdb (pip install duckdb)");
    }
    ok
}

type Row = (String, String, String, String);
/// Per row: cases, figure, met.
type Results = BTreeMap<Row, (u64, f64, bool)>;

/// Rust and SQL results of `agreement_files` over `data`, keyed by
/// (agreement, target, window start, instance): (cases, value, met).
fn both(agreement_files: &[PathBuf], data: &Path) -> (Results, Results) {
    let db = AbideDatabase::default();
    let files: Vec<SourceFile> = agreement_files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            SourceFile::new(&db, p.display().to_string(), text, None)
        })
        .collect();
    let ws = abide_check::new_workspace(&db, files);
    let data_files = abide_eval::input::discover(data).unwrap();
    let outcome = abide_eval::evaluate(&db, ws, &data_files, abide_eval::Options::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let mut rust = BTreeMap::new();
    for r in &outcome.evaluation.results {
        if r.verdict == Verdict::NoData {
            continue;
        }
        rust.insert(
            (
                r.agreement.clone(),
                r.target.clone(),
                r.window.start.clone(),
                r.instance.clone().unwrap_or_default(),
            ),
            (
                r.cases,
                r.value.as_deref().unwrap().parse::<f64>().unwrap(),
                r.verdict == Verdict::Met,
            ),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let sql_path = dir.path().join("targets.sql");
    std::fs::write(&sql_path, abide_eval::sql(&db, ws)).unwrap();
    let out = Command::new("python3")
        .arg(root().join("crates/abide-eval/tests/support/duckdb_run.py"))
        .arg(&sql_path)
        .arg(data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "DuckDB failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut sql = BTreeMap::new();
    for r in rows {
        let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
        sql.insert(
            (
                s("agreement"),
                s("target"),
                s("window_start"),
                s("instance"),
            ),
            (
                r["cases"].as_u64().unwrap(),
                r["value"].as_f64().unwrap(),
                r["met"].as_bool().unwrap(),
            ),
        );
    }
    (rust, sql)
}

fn assert_agree(rust: &BTreeMap<Row, (u64, f64, bool)>, sql: &BTreeMap<Row, (u64, f64, bool)>) {
    let mut problems = String::new();
    for (k, r) in rust {
        match sql.get(k) {
            None => {
                let _ = writeln!(problems, "SQL has no row for {k:?} (Rust: {r:?})");
            }
            Some(s) if s.0 != r.0 || s.2 != r.2 || (s.1 - r.1).abs() > 1e-9 => {
                let _ = writeln!(problems, "{k:?}: Rust {r:?}, SQL {s:?}");
            }
            Some(_) => {}
        }
    }
    for k in sql.keys() {
        if !rust.contains_key(k) {
            let _ = writeln!(problems, "SQL has an extra row {k:?}");
        }
    }
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn sql_and_rust_agree_on_the_wifi_term() {
    if !duckdb_available() {
        return;
    }
    let (rust, sql) = both(
        &[root().join("examples/campus-wifi/campus_wifi.abide")],
        &root().join("examples/campus-wifi-data"),
    );
    assert!(rust.len() > 40, "{} rows", rust.len());
    assert_agree(&rust, &sql);
}

#[test]
fn sql_and_rust_agree_on_a_generated_data_set() {
    if !duckdb_available() {
        return;
    }
    let n: u64 = std::env::var("ABIDE_SQL_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().unwrap();
    // Probes from 2026-09-01 for the SLA and the network OLA,
    // about one in 500 down, plus survey responses and incidents.
    let mut samples = String::from("timestamp,target,value\n");
    let mut surveys = String::from("timestamp,metric,score\n");
    let mut events = String::from("id,priority,opened,responded,resolved,restored\n");
    let start = 1_788_220_800i64;
    // Spread over at least four months whatever `n`.
    let step = (10_500_000 / i64::try_from(n).unwrap().max(1)).max(30);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let at = jiff::Timestamp::from_second(start + i64::try_from(i).unwrap() * step).unwrap();
        let target = if i.is_multiple_of(2) {
            "wifi_sla.availability"
        } else {
            "network_ola.core_availability"
        };
        let value = if x.is_multiple_of(500) { "down" } else { "up" };
        let _ = writeln!(samples, "{at},{target},{value}");
        if i.is_multiple_of(97) {
            let _ = writeln!(surveys, "{at},satisfaction,{}", 1 + x % 5);
            let _ = writeln!(surveys, "{at},ease_of_use,{}", 1 + (x >> 8) % 5);
        }
        if i.is_multiple_of(211) {
            let m = |k: u64| {
                at.checked_add(jiff::SignedDuration::from_mins(i64::try_from(k).unwrap()))
                    .unwrap()
            };
            let priority = ["critical", "P1", "high"][usize::try_from(x % 3).unwrap()];
            let _ = writeln!(
                events,
                "INC{i},{priority},{at},{},{},{}",
                m(x % 20),
                m(x % 300),
                m((x >> 4) % 200)
            );
        }
    }
    std::fs::write(dir.path().join("samples.csv"), samples).unwrap();
    std::fs::write(dir.path().join("surveys.csv"), surveys).unwrap();
    std::fs::write(dir.path().join("incidents.csv"), events).unwrap();
    let (rust, sql) = both(
        &[root().join("examples/campus-wifi/campus_wifi.abide")],
        dir.path(),
    );
    assert!(rust.len() > 20, "{} rows", rust.len());
    assert_agree(&rust, &sql);
}
