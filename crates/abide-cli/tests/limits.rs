//! Limits and hostile workspaces: files over `--max-file-size` (E0117),
//! workspaces over `--max-files`, symbolic link loops, unreadable files and
//! file names that are not UTF-8. Each problem is one message naming the
//! path; everything else is still checked.
//!
//! Unreadable files: `chmod 000` does not stop root (CI containers often run
//! as root), so the test checks what it can: when the file turns out to be
//! readable anyway it must simply be checked; a dangling symbolic link named
//! on the command line is unreadable for everyone and covers the message.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// A file with one error (E0104, unknown unit) and nothing else wrong.
const ONE_ERROR: &str = "party a : organization
service s { owner a }
sla x for s {
    provider a
    customer a
    target t: answer_time <= 30sec measured by \"desk\"
}
";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn abide(dir: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_abide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run abide");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The `(file, code)` of each syntax diagnostic (E01xx) of `--format json`
/// output, sorted (the files' other findings do not matter here).
fn diagnostics(stdout: &str) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(stdout).expect("JSON output");
    let mut out: Vec<(String, String)> = v
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .filter(|(_, code)| code.starts_with("E01"))
        .collect();
    out.sort();
    out
}

fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("abide-limits-")
        .tempdir()
        .unwrap()
}

#[test]
fn a_file_over_the_size_limit_is_reported_and_the_rest_checked() {
    let dir = tmp();
    std::fs::write(dir.path().join("small.abide"), ONE_ERROR).unwrap();
    let big = "// padding\n".repeat(100);
    std::fs::write(dir.path().join("big.abide"), &big).unwrap();
    let r = abide(
        dir.path(),
        &["check", "--format", "json", "--max-file-size", "1000", "."],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one message: {}", r.stderr);
    assert!(
        lines[0].contains("big.abide`")
            && lines[0].contains("E0117 file-too-large")
            && lines[0].contains("1100 bytes")
            && lines[0].contains("limit of 1000 bytes")
            && lines[0].contains("--max-file-size"),
        "{}",
        lines[0]
    );
    assert_eq!(
        diagnostics(&r.stdout),
        [("small.abide".to_owned(), "E0104".to_owned())]
    );
    // Under a generous limit (and by default) the same file is read.
    let r = abide(dir.path(), &["check", "--max-file-size", "1100", "."]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let r = abide(dir.path(), &["check", "."]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn compile_honours_the_size_limit_and_writes_nothing() {
    let dir = tmp();
    std::fs::write(dir.path().join("big.abide"), "// x\n".repeat(50)).unwrap();
    let r = abide(
        dir.path(),
        &["compile", "--max-file-size", "10", "-o", "out.json", "."],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("E0117"), "{}", r.stderr);
    assert!(!dir.path().join("out.json").exists());
}

#[test]
fn the_explain_page_of_e0117() {
    let dir = tmp();
    let r = abide(dir.path(), &["explain", "E0117"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with("# E0117: file-too-large"),
        "{}",
        r.stdout
    );
    let r = abide(dir.path(), &["explain", "file-too-large"]);
    assert_eq!(r.code, 0);
}

#[test]
fn a_workspace_over_the_file_limit_is_reported() {
    let dir = tmp();
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("f{i}.abide")), "").unwrap();
    }
    let r = abide(dir.path(), &["check", "--max-files", "2", "."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("3 `.abide` files, more than the limit of 2")
            && r.stderr.contains("--max-files"),
        "{}",
        r.stderr
    );
    let r = abide(dir.path(), &["check", "--max-files", "3", "."]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_do_not_hang_and_the_rest_is_checked() {
    use std::os::unix::fs::symlink;
    let dir = tmp();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("sub/real.abide"), ONE_ERROR).unwrap();
    // A directory link back to its parent, and two links pointing at each other.
    symlink(d, d.join("sub/up")).unwrap();
    symlink(d.join("b.abide"), d.join("a.abide")).unwrap();
    symlink(d.join("a.abide"), d.join("b.abide")).unwrap();
    let r = abide(d, &["check", "--format", "json", "."]);
    // Links are followed with loop detection: each loop is one message (the
    // two file links, the directory link back up), and the real file is
    // still checked, once.
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stderr);
    for name in ["a.abide", "b.abide", "sub/up"] {
        assert!(
            lines.iter().any(|l| l.contains(name)),
            "{name}: {}",
            r.stderr
        );
    }
    assert_eq!(
        diagnostics(&r.stdout),
        [("sub/real.abide".to_owned(), "E0104".to_owned())]
    );
    // Named on the command line, a looping link is one message (and the
    // directory link inside `sub` another).
    let r = abide(d, &["check", "--format", "json", "a.abide", "sub"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert!(lines[0].contains("`a.abide`"), "{}", lines[0]);
    assert!(lines[1].contains("`sub/up`"), "{}", lines[1]);
    assert_eq!(
        diagnostics(&r.stdout),
        [("sub/real.abide".to_owned(), "E0104".to_owned())]
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_one_message_each() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tmp();
    let d = dir.path();
    std::fs::write(d.join("ok.abide"), ONE_ERROR).unwrap();
    let locked = d.join("locked.abide");
    std::fs::write(&locked, ONE_ERROR).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    symlink(d.join("missing.abide"), d.join("dangling.abide")).unwrap();

    let r = abide(
        d,
        &[
            "check",
            "--format",
            "json",
            "ok.abide",
            "locked.abide",
            "dangling.abide",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let root_reads_anyway = std::fs::read(&locked).is_ok();
    let mut want = vec![("ok.abide".to_owned(), "E0104".to_owned())];
    want.sort();
    let messages: Vec<&str> = r.stderr.lines().collect();
    if root_reads_anyway {
        // Running as root: the permission bits do not apply.
        want.insert(0, ("locked.abide".to_owned(), "E0104".to_owned()));
        assert_eq!(messages.len(), 1, "{}", r.stderr);
    } else {
        assert_eq!(messages.len(), 2, "{}", r.stderr);
        assert!(
            messages.iter().any(|m| m.contains("`locked.abide`")),
            "{}",
            r.stderr
        );
    }
    assert!(
        messages.iter().any(|m| m.contains("`dangling.abide`")),
        "{}",
        r.stderr
    );
    assert_eq!(diagnostics(&r.stdout), want);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn file_names_that_are_not_utf8_are_checked() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tmp();
    let d = dir.path();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.abide");
    std::fs::write(d.join(name), ONE_ERROR).unwrap();
    std::fs::write(d.join("plain.abide"), ONE_ERROR).unwrap();
    let r = abide(d, &["check", "--format", "json", "."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(
        diagnostics(&r.stdout),
        [
            ("caf\u{fffd}.abide".to_owned(), "E0104".to_owned()),
            ("plain.abide".to_owned(), "E0104".to_owned()),
        ]
    );
    // The human output names it too, with the replacement character.
    let r = abide(d, &["check", "."]);
    assert!(r.stdout.contains("caf\u{fffd}.abide"), "{}", r.stdout);
}
