//! End-to-end tests of `abide fmt`: rewriting in place, `--check` with a
//! diff, stdin to stdout, refusing files with syntax errors, and the safety
//! of the rewrite (permissions kept, the original intact when the write
//! fails).
//!
//! On failed writes: the tests may run as root, and root ignores file
//! modes, so a read-only file in a read-only directory does not make the
//! write fail. The failure is made another way, one that root cannot
//! bypass: the child runs with a file-size limit of zero (`ulimit -f 0`,
//! with `SIGXFSZ` ignored), so writing the temporary file fails with
//! `EFBIG`. The read-only directory is tried as well when the test is not
//! privileged. The atomic writer is also tested directly, with a failure
//! injected between writing the temporary file and renaming it (unit
//! tests in `src/fmt.rs`).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A small file that is not formatted: odd spacing, a `;`, a comment.
const MESSY: &str = "party uni_it \"University IT\":organization;\n\
party students   \"Students\" : users   // they use it\n\
service wifi \"Wi-Fi\" { owner uni_it; users students }\n";

const TIDY: &str = "party uni_it   \"University IT\" : organization\n\
party students \"Students\"      : users  // they use it\n\
\n\
service wifi \"Wi-Fi\" {\n    owner uni_it\n    users students\n}\n";

/// A syntax error: the party has no `:`.
const BROKEN: &str = "party a \"A\" team\n\nservice s {   owner a }\n";

fn abide(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_abide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run abide")
}

fn abide_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_abide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run abide");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait for abide")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_formatter_output_is_what_the_tests_expect() {
    assert_eq!(abide_fmt::format(MESSY).unwrap(), TIDY);
}

#[test]
fn check_prints_a_diff_and_fails_then_passes_after_fmt() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.abide"), MESSY).unwrap();
    std::fs::write(dir.path().join("b.abide"), TIDY).unwrap();

    let out = abide(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let diff = text(&out.stdout);
    assert!(
        diff.starts_with("--- a.abide\n+++ a.abide (formatted)\n@@ "),
        "{diff}"
    );
    assert!(
        diff.contains("\n-party uni_it \"University IT\":organization;\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n+party uni_it   \"University IT\" : organization\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("b.abide"),
        "a formatted file has no diff: {diff}"
    );
    // --check changes nothing.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.abide")).unwrap(),
        MESSY
    );

    let out = abide(dir.path(), &["fmt", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.abide")).unwrap(),
        TIDY
    );

    let out = abide(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(out.stdout.is_empty());
    // Without paths, the current directory.
    let out = abide(dir.path(), &["fmt", "--check"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn stdin_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = abide_stdin(dir.path(), &["fmt", "-"], MESSY);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), TIDY);

    let out = abide_stdin(dir.path(), &["fmt", "--check", "-"], MESSY);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("--- <stdin>\n+++ <stdin> (formatted)\n"));
    let out = abide_stdin(dir.path(), &["fmt", "--check", "-"], TIDY);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());

    // Syntax errors: nothing on stdout, the errors on stderr.
    let out = abide_stdin(dir.path(), &["fmt", "-"], BROKEN);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("error[E0111/unexpected-token]"), "{err}");
    assert!(err.contains("<stdin>:1:"), "{err}");

    // `-` is alone or not at all.
    let out = abide(dir.path(), &["fmt", "-", "x.abide"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_file_with_syntax_errors_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.abide");
    let messy = dir.path().join("messy.abide");
    std::fs::write(&broken, BROKEN).unwrap();
    std::fs::write(&messy, MESSY).unwrap();
    let before = std::fs::metadata(&broken).unwrap().modified().unwrap();

    let out = abide(dir.path(), &["fmt", "."]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    // Rendered as `abide check` renders it, with the position.
    assert!(err.contains("error[E0111/unexpected-token]"), "{err}");
    assert!(err.contains("broken.abide:1:13"), "{err}");
    assert!(
        err.contains("error: `broken.abide` was not formatted: 1 syntax error (see above)"),
        "{err}"
    );
    assert_eq!(std::fs::read(&broken).unwrap(), BROKEN.as_bytes());
    assert_eq!(
        std::fs::metadata(&broken).unwrap().modified().unwrap(),
        before
    );
    // The other file is still formatted.
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), TIDY);
    // Nothing else was left in the directory (no temporary files).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);

    // --check reports it the same way, and fails.
    let out = abide(dir.path(), &["fmt", "--check", "broken.abide"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read(&broken).unwrap(), BROKEN.as_bytes());
}

#[test]
fn invalid_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.abide");
    let bytes = b"party a \"\xff\" : team\n";
    std::fs::write(&path, bytes).unwrap();
    let out = abide(dir.path(), &["fmt", "bad.abide"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not valid UTF-8"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn missing_paths_are_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = abide(dir.path(), &["fmt", "nope.abide"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read `nope.abide`"));
    let out = abide(dir.path(), &["fmt", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no `.abide` files found"));
}

#[cfg(unix)]
#[test]
fn a_rewrite_keeps_the_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.abide");
    std::fs::write(&path, MESSY).unwrap();
    // Read-only for everyone: the rewrite replaces the file (a rename in a
    // writable directory) and the new file is read-only too.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = abide(dir.path(), &["fmt", "a.abide"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TIDY);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);

    std::fs::write(dir.path().join("b.abide"), MESSY).unwrap();
    let b = dir.path().join("b.abide");
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = abide(dir.path(), &["fmt", "b.abide"]);
    assert_eq!(out.status.code(), Some(0));
    let mode = std::fs::metadata(&b).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_original_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.abide");
    std::fs::write(&path, MESSY).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    // No file may grow beyond 0 bytes: writing the temporary file fails,
    // for root too. `SIGXFSZ` is ignored so that the write returns an error
    // instead of killing the process (ignored signals survive `exec`).
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0; exec \"$0\" fmt a.abide")
        .arg(env!("CARGO_BIN_EXE_abide"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run abide under sh");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot write `a.abide` (left unchanged)"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MESSY);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "the temporary file is removed"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_leaves_the_original_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    let path = sub.join("a.abide");
    std::fs::write(&path, MESSY).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root (or CAP_DAC_OVERRIDE) writes into read-only directories anyway;
    // then this failure cannot happen and the test above covers it.
    let probe = sub.join("probe");
    let privileged = std::fs::write(&probe, "x").is_ok();
    let _ = std::fs::remove_file(&probe);
    if !privileged {
        let out = abide(dir.path(), &["fmt", "ro/a.abide"]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains("cannot write `ro/a.abide` (left unchanged)"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), MESSY);
        assert_eq!(
            std::fs::read_dir(&sub).unwrap().count(),
            1,
            "no temporary file is left"
        );
    }
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_byte_order_mark_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.abide");
    std::fs::write(&path, format!("\u{feff}{MESSY}")).unwrap();
    let out = abide(dir.path(), &["fmt", "a.abide"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("\u{feff}{TIDY}")
    );
    let out = abide(dir.path(), &["fmt", "--check", "a.abide"]);
    assert_eq!(out.status.code(), Some(0));
}
