//! `abide evaluate` end to end on the campus Wi-Fi example and its term of
//! data (examples/campus-wifi-data): the missed November, the credit owed
//! in GBP, the October watermelon, the December reward; JSON snapshot,
//! byte-identical output, exit codes, and rejected rows.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers may fail loudly"
)]

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

const WIFI: &[&str] = &[
    "evaluate",
    "examples/campus-wifi",
    "--data",
    "examples/campus-wifi-data",
];

#[test]
fn the_wifi_term_shows_the_missed_month_the_credit_and_the_watermelon() {
    let out = abide(WIFI, &repo());
    // A missed window makes the command fail, for CI gates.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
            .to_owned()
    };
    let nov = line("availability       November 2026");
    assert!(nov.contains("99.29%") && nov.contains("MISSED"), "{nov}");
    assert!(line("wifi_sla  November 2026").contains("900.00 GBP"));
    assert!(line("campus_wifi  October 2026").contains("wifi_experience.satisfaction 3.98"));
    assert!(line("wifi_experience  December 2026").contains("500.00 GBP"));
    insta::assert_snapshot!("wifi_human", text);
}

#[test]
fn the_json_evaluation_is_snapshotted_and_byte_identical() {
    let mut args = WIFI.to_vec();
    args.extend(["--format", "json"]);
    let a = abide(&args, &repo());
    let b = abide(&args, &repo());
    assert_eq!(a.stdout, b.stdout, "same input, same bytes");
    let json: serde_json::Value = serde_json::from_slice(&a.stdout).expect("JSON");
    assert_eq!(json["format"], "abide-evaluation");
    assert_eq!(json["summary"]["missed"], 3);
    insta::assert_snapshot!("wifi_json", String::from_utf8(a.stdout).unwrap());
}

#[test]
fn the_example_data_is_what_its_generator_writes() {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO"))
        .args([
            "run",
            "-q",
            "-p",
            "abide-eval",
            "--example",
            "wifi_data",
            "--",
        ])
        .arg(dir.path())
        .current_dir(repo())
        .status()
        .expect("cargo runs");
    assert!(status.success());
    for name in [
        "samples-probes.csv",
        "samples-reports.csv",
        "incidents.csv",
        "surveys.csv",
    ] {
        let fresh = std::fs::read(dir.path().join(name)).unwrap();
        let kept = std::fs::read(repo().join("examples/campus-wifi-data").join(name)).unwrap();
        assert!(
            fresh == kept,
            "{name} differs from its generator's output: run `cargo run -p abide-eval --example wifi_data -- examples/campus-wifi-data`"
        );
    }
}

#[test]
fn rejected_rows_are_listed_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("samples.csv"),
        "timestamp,target,value\n2026-10-05T10:00:00Z,wifi_sla.availabilty,up\n",
    )
    .unwrap();
    let data = dir.path().to_str().unwrap();
    let out = abide(
        &["evaluate", "examples/campus-wifi", "--data", data],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "samples.csv:2:22: no agreement of the workspace has a target `wifi_sla.availabilty`"
        ),
        "{err}"
    );
}

#[test]
fn a_data_directory_without_data_files_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = abide(
        &["evaluate", "examples/campus-wifi", "--data", data],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no data files"));
}
