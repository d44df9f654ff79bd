//! `abide compile` end to end: the report is written only when there are no
//! errors, atomically, and byte-identically for the same input.

#![allow(clippy::expect_used, reason = "test helpers may fail loudly")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn abide(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_abide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

#[test]
fn the_aligned_example_compiles_to_a_report_with_the_implied_availability() {
    let out = abide(
        &[
            "compile",
            "examples/campus-wifi-aligned",
            "--today",
            "2026-11-27",
        ],
        &repo(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the report is JSON");
    assert_eq!(report["abide_report"], "2");
    assert_eq!(report["today"], "2026-11-27");
    let targets = report["workspaces"][0]["agreements"]["wifi_sla"]["targets"]
        .as_array()
        .expect("targets")
        .clone();
    let availability = targets
        .iter()
        .find(|t| t["name"] == "availability")
        .expect("availability");
    assert_eq!(
        availability["support"]["figure"]["value"],
        serde_json::json!(0.9985)
    );
    // Warnings that did not block travel with the report.
    let diags = report["workspaces"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .clone();
    assert!(diags.iter().any(|d| d["code"] == "diluted-support"));
    assert!(diags.iter().all(|d| d["severity"] != "error"));
}

#[test]
fn without_today_the_report_has_no_date() {
    let out = abide(&["compile", "examples/cloud-sla"], &repo());
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(report.get("today").is_none());
}

#[test]
fn two_runs_are_byte_identical() {
    let a = abide(&["compile", "examples/", "--today", "2026-11-27"], &repo());
    let b = abide(
        &[
            "compile",
            "examples/multi-file",
            "examples/cloud-sla",
            "examples/msp-xla",
            "examples/service-desk",
            "examples/campus-wifi-aligned",
            "--today",
            "2026-11-27",
        ],
        &repo(),
    );
    // examples/ as a whole holds the misaligned Wi-Fi case: nothing is written.
    assert_eq!(a.status.code(), Some(1));
    assert!(a.stdout.is_empty());
    assert_eq!(b.status.code(), Some(0));
    let c = abide(
        &[
            "compile",
            "examples/multi-file",
            "examples/cloud-sla",
            "examples/msp-xla",
            "examples/service-desk",
            "examples/campus-wifi-aligned",
            "--today",
            "2026-11-27",
        ],
        &repo(),
    );
    assert_eq!(b.stdout, c.stdout);
    let report: serde_json::Value = serde_json::from_slice(&b.stdout).expect("JSON");
    assert_eq!(report["workspaces"].as_array().map(Vec::len), Some(5));
}

#[test]
fn errors_block_the_report_and_leave_an_existing_file_untouched() {
    let dir = tempfile::Builder::new()
        .prefix("abide-compile-")
        .tempdir()
        .expect("temp dir");
    let out_file = dir.path().join("report.json");
    std::fs::write(&out_file, "previous report\n").expect("seed");
    let wifi = repo().join("examples/campus-wifi");
    let wifi = wifi.to_string_lossy();
    let out = abide(&["compile", &wifi, "-o", "report.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("E0501/misaligned") && stderr.contains("no report written"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&out_file).expect("still there"),
        "previous report\n"
    );
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn output_file_is_written_atomically_and_matches_stdout() {
    let dir = tempfile::Builder::new()
        .prefix("abide-compile-")
        .tempdir()
        .expect("temp dir");
    let example = repo().join("examples/msp-xla");
    let example = example.to_string_lossy();
    let to_file = abide(
        &[
            "compile",
            &example,
            "-o",
            "out.json",
            "--today",
            "2026-11-27",
        ],
        dir.path(),
    );
    assert_eq!(
        to_file.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&to_file.stderr)
    );
    assert!(to_file.stdout.is_empty());
    let to_stdout = abide(&["compile", &example, "--today", "2026-11-27"], dir.path());
    assert_eq!(
        std::fs::read(dir.path().join("out.json")).expect("written"),
        to_stdout.stdout
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "only the report, no temporary file: {names:?}"
    );
    // An unwritable destination is an I/O error (exit 2), not a panic.
    let bad = abide(
        &["compile", &example, "-o", "no/such/dir/out.json"],
        dir.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn compile_format_sql_writes_one_query_per_target() {
    let out = abide(
        &["compile", "--format", "sql", "examples/campus-wifi-aligned"],
        &repo(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sql = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(sql.contains("-- abide:columns events=agreement,lecture_hall,priority"));
    // One query per target of the workspace, each announced by a comment.
    let text =
        std::fs::read_to_string(repo().join("examples/campus-wifi-aligned/campus_wifi.abide"))
            .expect("the example");
    let targets = text
        .lines()
        .filter(|l| l.trim_start().starts_with("target "))
        .count();
    assert_eq!(sql.matches("\nSELECT ").count(), targets);
    assert!(sql.contains("-- wifi_sla.availability: availability >= 99.5%"));
    // Teaching hours are read on the London clock.
    assert!(sql.contains("AT TIME ZONE 'Europe/London'"));
    let again = abide(
        &["compile", "--format", "sql", "examples/campus-wifi-aligned"],
        &repo(),
    );
    assert_eq!(sql.as_bytes(), again.stdout.as_slice(), "deterministic");
}
