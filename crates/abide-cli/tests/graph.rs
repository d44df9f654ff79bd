//! End-to-end tests of `abide graph`: the real binary, run from the
//! repository root on the examples (and in a temporary directory for
//! hostile names), its output snapshotted and fed to Graphviz.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary produced.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The repository root (where `examples/` is).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `abide ARGS…` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_abide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .stdin(Stdio::null())
        .output()
        .expect("run the abide binary");
    Output {
        code: out
            .status
            .code()
            .unwrap_or_else(|| panic!("abide was killed by a signal: {:?}", out.status)),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `abide ARGS…` from the repository root.
fn run(args: &[&str]) -> Output {
    run_in(&repo_root(), args)
}

/// True when Graphviz's `dot` can be started.
fn have_dot() -> bool {
    Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Feeds `text` to `dot -Tsvg`; returns its exit status and stderr.
fn graphviz(text: &str) -> (bool, String) {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dot");
    child
        .stdin
        .take()
        .expect("dot's stdin")
        .write_all(text.as_bytes())
        .expect("write to dot");
    let out = child.wait_with_output().expect("wait for dot");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// An agreement whose names and titles need escaping in both formats, a
/// target named like a Mermaid keyword, a supporter that is not declared
/// and an agreement with no targets.
const HOSTILE: &str = r#"party a "A" : organization
party t "T" : team of a
party s "S" : supplier
service svc "Svc" { owner a }
sla end "The \"end\" SLA \\N <b>#1</b> & `md`" for svc {
    provider a
    customer a
    target end: availability >= 99.5% supported by all(o.up, any(c.up, seq(c.fix)), ghost.up)
    target call: resolution_time <= 2h supported by c.fix, o.fix
}
ola o "O" for svc {
    provider t
    customer t
    target up: availability >= 99.9%
    target fix: resolution_time <= 1h
}
contract c "C" for svc {
    provider s
    customer a
    target up: availability >= 99%
    target fix: resolution_time <= 4h
}
contract empty "Nothing yet" for svc {
    provider s
    customer a
}
"#;

fn hostile_dir() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("abide-graph-")
        .tempdir()
        .expect("create a temporary directory");
    std::fs::write(dir.path().join("hostile.abide"), HOSTILE).expect("write the input");
    dir
}

#[test]
fn campus_wifi_dot() {
    let out = run(&["graph", "examples/campus-wifi", "--format", "dot"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("campus_wifi_dot", out.stdout);
    // dot is the default format.
    assert_eq!(run(&["graph", "examples/campus-wifi"]), out);
    // The misaligned target and both edges into it are red, nothing else.
    let red: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("color=red"))
        .map(str::trim)
        .collect();
    assert_eq!(red.len(), 3, "{red:#?}");
    assert!(red.iter().all(|l| l.contains("wifi_sla__p1_resolution")));
    assert!(
        out.stdout
            .contains(r#"availability >= 99.5%\nall(99.9%, 99.95%) = 99.85%""#)
    );
    // The unused contract is still drawn.
    assert!(out.stdout.contains("subgraph cluster_ap_replacement {"));
}

#[test]
fn campus_wifi_mermaid() {
    let out = run(&["graph", "examples/campus-wifi", "--format", "mermaid"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!("campus_wifi_mermaid", out.stdout);
    assert!(
        out.stdout
            .contains("    class wifi_sla__p1_resolution misaligned\n")
    );
    assert!(out.stdout.contains("    linkStyle 2,3 stroke:red"));
}

#[test]
fn dot_output_is_accepted_by_graphviz() {
    if !have_dot() {
        println!("skipped: Graphviz `dot` is not installed (.ci/run installs it)");
        return;
    }
    let out = run(&["graph", "examples/"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // One digraph per example workspace, named after its root.
    let mut roots: Vec<String> = std::fs::read_dir(repo_root().join("examples"))
        .expect("read examples/")
        .map(|e| e.expect("an entry of examples/").path())
        .filter(|p| p.join("abide.toml").is_file())
        .map(|p| {
            let name = p.file_name().expect("a name").to_string_lossy();
            format!(r#"digraph "examples/{name}" {{"#)
        })
        .collect();
    roots.sort();
    assert!(roots.len() >= 5, "{roots:?}");
    let names: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("digraph "))
        .collect();
    assert_eq!(names, roots);
    let (ok, stderr) = graphviz(&out.stdout);
    assert!(ok, "dot rejected the examples' graph:\n{stderr}");

    let dir = hostile_dir();
    let out = run_in(dir.path(), &["graph"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (ok, stderr) = graphviz(&out.stdout);
    assert!(ok, "dot rejected:\n{}\n{stderr}", out.stdout);
}

#[test]
fn hostile_names_are_escaped() {
    let dir = hostile_dir();
    let dot = run_in(dir.path(), &["graph", "--format", "dot"]);
    assert_eq!(dot.code, 0, "{}", dot.stderr);
    let mermaid = run_in(dir.path(), &["graph", "--format", "mermaid"]);
    assert_eq!(mermaid.code, 0, "{}", mermaid.stderr);
    insta::assert_snapshot!(
        "hostile_names",
        format!("--- dot\n{}--- mermaid\n{}", dot.stdout, mermaid.stdout)
    );
    assert!(
        dot.stdout
            .contains(r#"label="sla end — The \"end\" SLA \\N <b>#1</b> & `md`";"#)
    );
    assert!(mermaid.stdout.contains(
        r#"["sla end — The #quot;end#quot; SLA \N #lt;b#gt;#35;1#lt;/b#gt; #amp; #96;md#96;"]"#
    ));
    // No raw quote inside a Mermaid label.
    for line in mermaid.stdout.lines().filter(|l| l.contains("[\"")) {
        let inner = &line[line.find("[\"").unwrap() + 2..line.rfind("\"]").unwrap()];
        assert!(!inner.contains('"'), "{line}");
    }
}

#[test]
fn output_is_deterministic() {
    for format in ["dot", "mermaid"] {
        let first = run(&["graph", "examples/", "--format", format]);
        let second = run(&["graph", "examples/", "--format", format]);
        assert_eq!(first.code, 0, "{}", first.stderr);
        assert_eq!(first.stdout.as_bytes(), second.stdout.as_bytes());
        // The order of the arguments does not matter either.
        let reversed = run(&[
            "graph",
            "examples/service-desk",
            "examples/campus-wifi",
            "--format",
            format,
        ]);
        let forward = run(&[
            "graph",
            "examples/campus-wifi",
            "examples/service-desk",
            "--format",
            format,
        ]);
        assert_eq!(reversed.stdout.as_bytes(), forward.stdout.as_bytes());
    }
}

#[test]
fn no_files_or_unreadable_paths_exit_2() {
    let dir = tempfile::Builder::new()
        .prefix("abide-graph-")
        .tempdir()
        .expect("create a temporary directory");
    let out = run_in(dir.path(), &["graph"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("no `.abide` files found"),
        "{}",
        out.stderr
    );

    // A missing path next to a readable workspace: the graph is printed, exit 2.
    let out = run(&["graph", "examples/campus-wifi", "examples/nope"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.starts_with("digraph \"examples/campus-wifi\" {"));
    assert!(
        out.stderr.contains("cannot read `examples/nope`"),
        "{}",
        out.stderr
    );

    let out = run(&["graph", "--format", "svg"]);
    assert_eq!(out.code, 2);
}
