//! End-to-end tests of the real `abide` binary (CONVENTIONS.md §A.7, item 4).
//!
//! Every test writes its own inputs into a fresh temporary directory, runs
//! the binary there with `NO_COLOR=1` and without `CLICOLOR_FORCE`, and
//! snapshots exit code, stdout and stderr together (the temporary directory
//! is replaced by `[TMP]`). Positions are also asserted explicitly through
//! `--format json`, so that a wrong snapshot accepted by mistake is still
//! caught.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod fixtures;

use fixtures::VALID;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Three syntax errors in three different items, and nothing else wrong:
/// line 2 (missing `:`), line 9 (space before `%`), line 14 (unknown unit).
const THREE_ERRORS: &str = r#"party a "A" : organization
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
xla feel "Experience" for svc {
    provider a
    customer a
    review every quarter
    target s: mean(satisfaction) >= 4 measured by "survey"
}
"#;

/// An SLA whose fee lacks its currency (error at 7:15).
const MISSING_CURRENCY: &str = r#"party m "M" : organization
party n "N" : customer
service q "Q" { owner m }
sla r "R" for q {
    provider m
    customer n
    fee 18000 per month
}
"#;

/// One error: a party without `:` on line 1 (`team` at 1:13).
const ONE_ERROR: &str = "party c \"C\" team\n";

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

/// A fresh temporary directory to write inputs into and run `abide` in.
struct Sandbox {
    dir: tempfile::TempDir,
}

/// What one run of the binary produced.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Sandbox {
    fn new() -> Self {
        // Not the default `.tmp` prefix: a hidden directory would be an odd
        // place to test the skipping of hidden directories.
        let dir = tempfile::Builder::new()
            .prefix("abide-e2e-")
            .tempdir()
            .expect("create a temporary directory");
        Sandbox { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `rel`, creating the parent directories.
    fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the parent directories");
        }
        std::fs::write(&path, contents).expect("write an input file");
        self
    }

    fn mkdir(&self, rel: &str) -> &Self {
        std::fs::create_dir_all(self.path().join(rel)).expect("create a directory");
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_abide"));
        cmd.args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `abide ARGS…` in the sandbox; outputs have the sandbox's path replaced by `[TMP]`.
    fn run(&self, args: &[&str]) -> Output {
        self.run_with(self.command(args))
    }

    fn run_with(&self, mut cmd: Command) -> Output {
        let out = cmd.output().expect("run the abide binary");
        let code = out
            .status
            .code()
            .unwrap_or_else(|| panic!("abide was killed by a signal: {:?}", out.status));
        Output {
            code,
            stdout: self.scrub(&String::from_utf8_lossy(&out.stdout)),
            stderr: self.scrub(&String::from_utf8_lossy(&out.stderr)),
        }
    }

    /// Replaces the sandbox's path (as given and canonical) by `[TMP]`.
    fn scrub(&self, s: &str) -> String {
        let mut s = s.to_owned();
        let mut roots = vec![self.path().to_path_buf()];
        if let Ok(canonical) = self.path().canonicalize() {
            roots.push(canonical);
        }
        // Longest first, so that a canonical path that extends the other is replaced whole.
        roots.sort_by_key(|r| std::cmp::Reverse(r.as_os_str().len()));
        for root in roots {
            s = s.replace(&*root.to_string_lossy(), "[TMP]");
        }
        s
    }

    /// An absolute path inside the sandbox, as a string for the command line.
    fn abs(&self, rel: &str) -> String {
        self.path().join(rel).to_string_lossy().into_owned()
    }
}

impl Output {
    /// Exit code, stdout and stderr in one text, for a snapshot.
    fn report(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// stdout parsed as the JSON array of `--format json`.
    fn json(&self) -> Vec<Value> {
        let v: Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout));
        match v {
            Value::Array(items) => items,
            other => panic!("expected a JSON array, got {other}"),
        }
    }
}

/// `(file, code, start line, start column, end line, end column)` of each diagnostic.
type Pos = (String, String, u64, u64, u64, u64);

fn positions(diags: &[Value]) -> Vec<Pos> {
    diags
        .iter()
        .map(|d| {
            let n = |p: &str| {
                d.pointer(p)
                    .and_then(Value::as_u64)
                    .unwrap_or_else(|| panic!("{p} missing in {d}"))
            };
            (
                d["file"].as_str().expect("file").to_owned(),
                d["code"].as_str().expect("code").to_owned(),
                n("/range/start/line"),
                n("/range/start/column"),
                n("/range/end/line"),
                n("/range/end/column"),
            )
        })
        .collect()
}

fn pos(file: &str, code: &str, sl: u64, sc: u64, el: u64, ec: u64) -> Pos {
    (file.to_owned(), code.to_owned(), sl, sc, el, ec)
}

/// The distinct files named by diagnostics, in output order.
fn files_of(diags: &[Value]) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for d in diags {
        let f = d["file"].as_str().expect("file").to_owned();
        if files.last() != Some(&f) {
            files.push(f);
        }
    }
    files
}

fn has_ansi(s: &str) -> bool {
    s.contains('\u{1b}')
}

// ---------------------------------------------------------------------------
// 1. A clean workspace
// ---------------------------------------------------------------------------

#[test]
fn clean_workspace_exits_0() {
    let sb = Sandbox::new();
    sb.write("wifi.abide", VALID);

    let out = sb.run(&["check"]);
    insta::assert_snapshot!("clean_workspace", out.report());
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "checked 1 file: no problems found\n");
    assert_eq!(out.stderr, "");

    // The same, named explicitly, and as JSON: an empty array.
    assert_eq!(sb.run(&["check", "wifi.abide"]), out);
    let json = sb.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 0);
    assert!(json.json().is_empty(), "{}", json.stdout);
    assert_eq!(json.stderr, "");
}

// ---------------------------------------------------------------------------
// 2. Three syntax errors in three items
// ---------------------------------------------------------------------------

#[test]
fn three_syntax_errors_in_three_items() {
    let sb = Sandbox::new();
    sb.write("three.abide", THREE_ERRORS);

    let human = sb.run(&["check", "three.abide"]);
    insta::assert_snapshot!("three_errors_human", human.report());
    assert_eq!(human.code, 1);
    assert_eq!(human.stderr, "");
    for at in ["three.abide:2:13", "three.abide:9:36", "three.abide:14:32"] {
        assert!(
            human.stdout.contains(at),
            "missing {at} in\n{}",
            human.stdout
        );
    }
    assert!(
        human
            .stdout
            .ends_with("checked 1 file: 3 errors, 0 warnings, 0 info\n")
    );

    let json = sb.run(&["check", "--format", "json", "three.abide"]);
    assert_eq!(json.code, 1);
    assert_eq!(
        positions(&json.json()),
        vec![
            // party b "B" team of a  — `team` where `:` belongs
            pos("three.abide", "E0111", 2, 13, 2, 17),
            // 99.5 % — the stray `%`
            pos("three.abide", "E0101", 9, 36, 9, 37),
            // 30sec — the whole literal
            pos("three.abide", "E0104", 14, 32, 14, 37),
        ]
    );
}

// ---------------------------------------------------------------------------
// 3. The JSON format
// ---------------------------------------------------------------------------

#[test]
fn json_format_has_every_field() {
    let sb = Sandbox::new();
    sb.write("a_fee.abide", MISSING_CURRENCY)
        .write(
            "b_unit.abide",
            "party a \"A\" : team\nsla s \"S\" for x {\n    target u: response_time <= 30sec\n}\n",
        )
        .write(
            "c_doc.abide",
            "party a \"A\" : team\n/// documents nothing\n",
        );

    let out = sb.run(&["check", "--format", "json"]);
    insta::assert_snapshot!("json_format", out.report());
    assert_eq!(out.code, 1);
    assert_eq!(out.stderr, "");
    let diags = out.json();
    let syntax = diags
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("E01")))
        .count();
    assert_eq!(syntax, 2, "{}", out.stdout);
    assert!(
        diags.iter().any(|d| d["code"] == "stray-doc-comment"),
        "{}",
        out.stdout
    );
    // The semantic checks run too: the name `a` is declared twice, with both spans.
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "E0201" && d["labels"].as_array().is_some_and(|l| l.len() == 1)),
        "{}",
        out.stdout
    );

    // Every diagnostic has exactly these keys, with these types; `help` only when there is one.
    for d in &diags {
        let obj = d.as_object().expect("each diagnostic is an object");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected = vec![
            "code", "file", "label", "labels", "message", "name", "notes", "range", "severity",
        ];
        if obj.contains_key("help") {
            expected.push("help");
            assert!(
                d["help"].is_string(),
                "help must be a string when present: {d}"
            );
        }
        expected.sort_unstable();
        assert_eq!(keys, expected, "{d}");
        for k in ["severity", "code", "name", "message", "file", "label"] {
            assert!(d[k].is_string(), "{k} must be a string: {d}");
        }
        assert!(d["labels"].is_array() && d["notes"].is_array(), "{d}");
        for p in [
            "/range/start/line",
            "/range/start/column",
            "/range/end/line",
            "/range/end/column",
        ] {
            let v = d
                .pointer(p)
                .and_then(Value::as_u64)
                .unwrap_or_else(|| panic!("{p}: {d}"));
            assert!(v >= 1, "{p} is 1-based: {d}");
        }
    }

    // The missing currency: an error with no notes and no help (key absent, not null).
    let fee = &diags[0];
    assert_eq!(fee["severity"], "error");
    assert_eq!(fee["code"], "E0111");
    assert_eq!(fee["name"], "unexpected-token");
    assert_eq!(fee["file"], "a_fee.abide");
    assert!(
        fee["message"].as_str().unwrap().contains("currency"),
        "{fee}"
    );
    assert_eq!(fee["label"], "unexpected here");
    assert_eq!(fee["labels"], serde_json::json!([]));
    assert_eq!(fee["notes"], serde_json::json!([]));
    assert!(fee.get("help").is_none(), "{fee}");
    assert_eq!(
        fee["range"],
        serde_json::json!({"start": {"line": 7, "column": 15}, "end": {"line": 7, "column": 18}})
    );

    // The unknown unit: notes and help.
    let unit = diags
        .iter()
        .find(|d| d["code"] == "E0104")
        .expect("the unknown unit");
    assert_eq!(unit["severity"], "error");
    assert_eq!(unit["code"], "E0104");
    assert_eq!(unit["name"], "unknown-unit");
    assert_eq!(unit["file"], "b_unit.abide");
    assert_eq!(unit["message"], "unknown unit `sec` in `30sec`");
    assert_eq!(unit["label"], "not a unit");
    assert_eq!(unit["notes"].as_array().unwrap().len(), 1);
    assert_eq!(unit["help"], "did you mean `30s`?");
    assert_eq!(
        unit["range"],
        serde_json::json!({"start": {"line": 3, "column": 32}, "end": {"line": 3, "column": 37}})
    );

    // A lint: a warning whose code is its name.
    let doc = diags
        .iter()
        .find(|d| d["code"] == "stray-doc-comment")
        .expect("the stray doc comment");
    assert_eq!(doc["severity"], "warning");
    assert_eq!(doc["code"], "stray-doc-comment");
    assert_eq!(doc["name"], "stray-doc-comment");
    assert_eq!(doc["file"], "c_doc.abide");
    assert_eq!(
        doc["range"],
        serde_json::json!({"start": {"line": 2, "column": 1}, "end": {"line": 2, "column": 22}})
    );
}

#[test]
fn json_columns_count_characters_not_bytes() {
    let sb = Sandbox::new();
    // `é` and `…` are 2 and 3 bytes; the error is at character 17 of line 1.
    sb.write("u.abide", "party c \"Café…\" team\n");
    let out = sb.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert_eq!(
        positions(&out.json()),
        vec![pos("u.abide", "E0111", 1, 17, 1, 21)]
    );
}

#[test]
fn only_warnings_exit_0() {
    let sb = Sandbox::new();
    sb.write("doc.abide", "party a \"A\" : team\n/// documents nothing\n");
    let out = sb.run(&["check"]);
    insta::assert_snapshot!("only_warnings", out.report());
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .ends_with("checked 1 file: 0 errors, 1 warning, 0 info\n")
    );
}

// ---------------------------------------------------------------------------
// 4. Finding files
// ---------------------------------------------------------------------------

/// A tree where every `.abide` file has one error, so the diagnostics show
/// which files were read.
fn recursion_tree() -> Sandbox {
    let sb = Sandbox::new();
    sb.write("agreements/top.abide", ONE_ERROR)
        .write("agreements/nested/deeper/inner.abide", ONE_ERROR)
        .write("agreements/nested/mid.abide", ONE_ERROR)
        // Not `.abide`: never read (their contents would be errors).
        .write("agreements/notes.txt", ONE_ERROR)
        .write("agreements/top.abide.bak", ONE_ERROR)
        .write("agreements/abide", ONE_ERROR)
        // Hidden directories, build output and dependencies: not searched.
        .write("agreements/.hidden/secret.abide", ONE_ERROR)
        .write("agreements/nested/.git/x.abide", ONE_ERROR)
        .write("agreements/target/built.abide", ONE_ERROR)
        .write("agreements/node_modules/dep.abide", ONE_ERROR);
    sb
}

#[test]
fn directories_are_searched_recursively() {
    let sb = recursion_tree();
    let expected = vec![
        "agreements/nested/deeper/inner.abide".to_owned(),
        "agreements/nested/mid.abide".to_owned(),
        "agreements/top.abide".to_owned(),
    ];

    let human = sb.run(&["check", "agreements"]);
    insta::assert_snapshot!("directory_recursion", human.report());
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .ends_with("checked 3 files: 3 errors, 0 warnings, 0 info\n")
    );

    for arg in ["agreements", "agreements/"] {
        let json = sb.run(&["check", "--format", "json", arg]);
        assert_eq!(json.code, 1, "{arg}");
        assert_eq!(files_of(&json.json()), expected, "{arg}");
    }

    // The default path is `.`.
    let here = sb.run(&["check", "--format", "json"]);
    assert_eq!(files_of(&here.json()), expected);
}

#[test]
fn files_and_hidden_directories_given_explicitly_are_checked() {
    let sb = recursion_tree();
    let out = sb.run(&[
        "check",
        "--format",
        "json",
        "agreements/top.abide",
        "agreements/.hidden/secret.abide",
    ]);
    assert_eq!(out.code, 1);
    assert_eq!(
        files_of(&out.json()),
        vec!["agreements/.hidden/secret.abide", "agreements/top.abide"]
    );

    // A hidden directory named on the command line is searched.
    let hidden = sb.run(&["check", "--format", "json", "agreements/.hidden"]);
    assert_eq!(
        files_of(&hidden.json()),
        vec!["agreements/.hidden/secret.abide"]
    );

    // An absolute path works too (and shows as one).
    let abs = sb.abs("agreements/nested/mid.abide");
    let out = sb.run(&["check", &abs]);
    insta::assert_snapshot!("absolute_path", out.report());
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("[TMP]/agreements/nested/mid.abide:1:13"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_nonexistent_path_exits_2() {
    let sb = Sandbox::new();
    sb.write("ok.abide", VALID);

    let out = sb.run(&["check", "missing.abide"]);
    assert_eq!(out.code, 2, "{}", out.report());
    assert!(
        out.stderr
            .starts_with("error: cannot read `missing.abide`: "),
        "{}",
        out.stderr
    );
    assert!(!has_ansi(&out.stderr));

    // As JSON: the same exit code and message.
    let json = sb.run(&["check", "--format", "json", "missing.abide"]);
    assert_eq!(json.code, 2);
    assert!(
        json.stderr
            .starts_with("error: cannot read `missing.abide`: "),
        "{}",
        json.stderr
    );

    // Next to a good path: that one is still checked, and the exit code is still 2.
    let mixed = sb.run(&["check", "--format", "json", "missing_dir", "ok.abide"]);
    assert_eq!(mixed.code, 2);
    assert!(mixed.json().is_empty());
    assert!(
        mixed.stderr.contains("cannot read `missing_dir`"),
        "{}",
        mixed.stderr
    );

    let with_errors = sb
        .write("bad.abide", ONE_ERROR)
        .run(&["check", "bad.abide", "gone"]);
    insta::assert_snapshot!("nonexistent_next_to_errors", with_errors.report());
    assert_eq!(with_errors.code, 2);
    assert!(with_errors.stdout.contains("bad.abide:1:13"));

    // An absolute path in the message is the sandbox's.
    let abs = sb.abs("nowhere");
    let out = sb.run(&["check", &abs]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: cannot read `[TMP]/nowhere`: "),
        "{}",
        out.stderr
    );
}

#[test]
fn a_directory_without_abide_files_exits_2() {
    let sb = Sandbox::new();
    sb.write("empty_dir/notes.txt", "hello\n")
        .write("empty_dir/.hidden/x.abide", VALID)
        .mkdir("really_empty");

    for dir in ["empty_dir", "really_empty"] {
        let out = sb.run(&["check", dir]);
        assert_eq!(out.code, 2, "{dir}: {}", out.report());
        assert_eq!(
            out.stderr,
            format!("error: no `.abide` files found in `{dir}`\n")
        );
    }
    // stdout is not snapshotted here: it says "checked 0 files: no problems
    // found", which is the bug pinned by `a_failed_run_does_not_claim_no_problems`.
}

/// Known bug: `--format json` skips the "no files" check (check.rs tests
/// `args.format == Format::Human`), so a typo'd directory passes silently in CI.
#[test]
fn json_on_a_directory_without_abide_files_exits_2() {
    let sb = Sandbox::new();
    sb.mkdir("empty");
    let out = sb.run(&["check", "--format", "json", "empty"]);
    assert_eq!(out.code, 2, "{}", out.report());
    assert_eq!(out.stderr, "error: no `.abide` files found in `empty`\n");
}

/// Known bug: when nothing could be read, stdout still says "no problems found".
#[test]
fn a_failed_run_does_not_claim_no_problems() {
    let sb = Sandbox::new();
    for args in [&["check", "missing"][..], &["check", "."][..]] {
        let out = sb.run(args);
        assert_eq!(out.code, 2);
        assert!(
            !out.stdout.contains("no problems found"),
            "{args:?}: {}",
            out.report()
        );
    }
}

/// Known bug: the same file reached twice (a directory and a file in it, or
/// two spellings of one path) is checked twice: duplicate diagnostics and a
/// wrong file count. load.rs dedups only within one workspace group, and the
/// group of a file outside any `abide.toml` is the command-line argument.
#[test]
fn a_file_named_twice_is_checked_once() {
    let sb = Sandbox::new();
    sb.write("d/x.abide", ONE_ERROR);
    for args in [
        &["check", "d", "d/x.abide"][..],
        &["check", "d/x.abide", "./d/x.abide"][..],
        &["check", "d/x.abide", "d/x.abide"][..],
    ] {
        let out = sb.run(args);
        assert!(
            out.stdout
                .ends_with("checked 1 file: 1 error, 0 warnings, 0 info\n"),
            "{args:?}:\n{}",
            out.report()
        );
    }
}

// ---------------------------------------------------------------------------
// 5. Empty files, BOM, CRLF, bytes that are not UTF-8
// ---------------------------------------------------------------------------

#[test]
fn an_empty_file_is_clean() {
    let sb = Sandbox::new();
    sb.write("empty.abide", "");
    let out = sb.run(&["check"]);
    insta::assert_snapshot!("empty_file", out.report());
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "checked 1 file: no problems found\n");

    // Only blank lines and comments: also clean.
    sb.write("comments.abide", "\n  \n// nothing here\n\r\n");
    let out = sb.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.report());
    assert_eq!(out.stdout, "checked 2 files: no problems found\n");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let sb = Sandbox::new();
    let crlf = VALID.replace('\n', "\r\n");
    sb.write("wifi.abide", format!("\u{feff}{crlf}"));
    let out = sb.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.report());
    assert_eq!(out.stdout, "checked 1 file: no problems found\n");
    assert_eq!(out.stderr, "");
}

#[test]
fn crlf_error_on_line_3_has_the_right_position() {
    let sb = Sandbox::new();
    let text = "party a \"A\" : team\r\nparty b \"B\" : team\r\nparty c \"C\" team of a\r\n";
    sb.write("crlf.abide", text).write(
        "bom_crlf.abide",
        format!(
            "\u{feff}{}",
            text.replace("party a \"A\"", "party x \"X\"")
                .replace("party b \"B\"", "party y \"Y\"")
                .replace("party c \"C\" team of a", "party z \"Z\" team of x")
        ),
    );

    let human = sb.run(&["check", "crlf.abide"]);
    insta::assert_snapshot!("crlf_error", human.report());
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("crlf.abide:3:13"), "{}", human.stdout);
    assert!(
        !human.stdout.contains('\r'),
        "a carriage return leaked into the output"
    );

    let json = sb.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    assert_eq!(
        positions(&json.json()),
        vec![
            pos("bom_crlf.abide", "E0111", 3, 13, 3, 17),
            pos("crlf.abide", "E0111", 3, 13, 3, 17),
        ]
    );
}

/// Known bug: the byte-order mark counts as a column on line 1, so every
/// column on the first line of a BOM file is one too far right (the caret in
/// the human output is drawn in the right place, the `1:14` is not).
#[test]
fn bom_is_not_a_column() {
    let sb = Sandbox::new();
    sb.write("bom.abide", "\u{feff}party c \"C\" team\r\n");
    let out = sb.run(&["check", "--format", "json"]);
    assert_eq!(
        positions(&out.json()),
        vec![pos("bom.abide", "E0111", 1, 13, 1, 17)]
    );
    let human = sb.run(&["check"]);
    assert!(human.stdout.contains("bom.abide:1:13"), "{}", human.stdout);
}

#[test]
fn invalid_utf8_is_reported_and_other_files_are_still_checked() {
    let sb = Sandbox::new();
    // `é` is 2 bytes: the bad byte is at byte offset 9 (character 8).
    sb.write("a_bad.abide", b"// caf\xc3\xa9\n\xc3\x28 party\n")
        .write("b_other.abide", MISSING_CURRENCY)
        .write("c_clean.abide", VALID)
        .write("d_three.abide", THREE_ERRORS);

    let human = sb.run(&["check"]);
    insta::assert_snapshot!("invalid_utf8", human.report());
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .ends_with("checked 4 files: 5 errors, 0 warnings, 0 info\n")
    );

    let json = sb.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    let diags = json.json();
    assert_eq!(
        positions(&diags),
        vec![
            pos("a_bad.abide", "E0113", 2, 1, 2, 2),
            pos("b_other.abide", "E0111", 7, 15, 7, 18),
            pos("d_three.abide", "E0111", 2, 13, 2, 17),
            pos("d_three.abide", "E0101", 9, 36, 9, 37),
            pos("d_three.abide", "E0104", 14, 32, 14, 37),
        ]
    );
    assert_eq!(diags[0]["name"], "invalid-utf8");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(message.contains("offset 9"), "{message}");
}

// ---------------------------------------------------------------------------
// 6. Colour
// ---------------------------------------------------------------------------

#[test]
fn colour_only_when_asked() {
    let sb = Sandbox::new();
    sb.write("three.abide", THREE_ERRORS);

    // `--color always` wins over NO_COLOR (which the harness always sets).
    let always = sb.run(&["check", "--color", "always"]);
    assert_eq!(always.code, 1);
    assert!(has_ansi(&always.stdout), "{}", always.stdout);
    assert!(always.stdout.contains("\u{1b}["), "an ANSI escape sequence");

    // Without colour, the text is the same minus the escapes.
    let plain = sb.run(&["check"]);
    assert_eq!(plain.code, 1);
    assert!(!has_ansi(&plain.stdout) && !has_ansi(&plain.stderr));
    assert_eq!(strip_ansi(&always.stdout), plain.stdout);

    assert_eq!(sb.run(&["check", "--color", "never"]), plain);
    assert_eq!(sb.run(&["check", "--color", "auto"]), plain);

    // No NO_COLOR at all: stdout is a pipe, not a terminal, so still no colour.
    let mut cmd = sb.command(&["check"]);
    cmd.env_remove("NO_COLOR");
    assert_eq!(sb.run_with(cmd), plain);

    // JSON is never coloured.
    let json = sb.run(&["check", "--format", "json", "--color", "always"]);
    assert!(!has_ansi(&json.stdout), "{}", json.stdout);
    json.json();
}

/// Removes `ESC [ … final-byte` sequences.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// 7. explain
// ---------------------------------------------------------------------------

#[test]
fn explain_a_code_or_a_name() {
    let sb = Sandbox::new();
    let by_code = sb.run(&["explain", "E0104"]);
    assert_eq!(by_code.code, 0);
    assert_eq!(by_code.stderr, "");
    assert!(by_code.stdout.starts_with("# E0104"), "{}", by_code.stdout);
    assert!(by_code.stdout.ends_with('\n'));
    assert!(by_code.stdout.lines().count() >= 8);

    assert_eq!(sb.run(&["explain", "unknown-unit"]), by_code);
    assert_eq!(sb.run(&["explain", "e0104"]), by_code);

    let lint = sb.run(&["explain", "stray-doc-comment"]);
    assert_eq!(lint.code, 0);
    assert!(
        lint.stdout.starts_with("# stray-doc-comment"),
        "{}",
        lint.stdout
    );
}

#[test]
fn explain_an_unknown_code_exits_2() {
    let sb = Sandbox::new();
    let out = sb.run(&["explain", "E9999"]);
    insta::assert_snapshot!("explain_unknown", out.report());
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("`E9999` is not a known diagnostic code or lint")
    );
    assert_eq!(sb.run(&["explain", "not-a-lint"]).code, 2);
}

#[test]
fn explain_list_lists_every_code() {
    let sb = Sandbox::new();
    let out = sb.run(&["explain", "--list"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "");

    let entries = abide_db::registry::entries();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), entries.len(), "{}", out.stdout);
    for (line, e) in lines.iter().zip(&entries) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.first(), Some(&e.code), "{line}");
        assert_eq!(words.get(1), Some(&e.name), "{line}");
        assert!(line.ends_with(e.summary), "{line}");
    }
    // Every syntax code E0101…E0116 is there, and each has a page.
    for n in 101..=116 {
        let code = format!("E0{n}");
        assert!(
            lines.iter().any(|l| l.starts_with(&code)),
            "{code} not listed"
        );
    }
    for e in &entries {
        let page = sb.run(&["explain", e.code]);
        assert_eq!(page.code, 0, "{}", e.code);
        assert!(
            page.stdout.starts_with(&format!("# {}", e.code)),
            "{}",
            e.code
        );
    }

    // With no code at all, `explain` lists too.
    assert_eq!(sb.run(&["explain"]), out);
}

// ---------------------------------------------------------------------------
// 8. Help and usage
// ---------------------------------------------------------------------------

#[test]
fn help_everywhere() {
    let sb = Sandbox::new();
    let top = sb.run(&["--help"]);
    assert_eq!(top.code, 0, "{}", top.report());
    assert!(top.stdout.contains("Usage: abide"), "{}", top.stdout);
    for word in ["check", "explain"] {
        assert!(
            top.stdout.contains(word),
            "{word} missing in\n{}",
            top.stdout
        );
    }

    let check = sb.run(&["check", "--help"]);
    assert_eq!(check.code, 0, "{}", check.report());
    for word in [
        "Usage: abide check",
        "--format",
        "json",
        "--color",
        "always",
    ] {
        assert!(
            check.stdout.contains(word),
            "{word} missing in\n{}",
            check.stdout
        );
    }

    let explain = sb.run(&["explain", "--help"]);
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.contains("--list"));

    let version = sb.run(&["--version"]);
    assert_eq!(version.code, 0);
    assert_eq!(
        version.stdout,
        format!("abide {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    let sb = Sandbox::new();
    sb.write("ok.abide", VALID);
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["check", "--format", "yaml"][..],
        &["check", "--color", "sometimes"][..],
        &["explain", "--list", "E0104"][..],
    ] {
        let out = sb.run(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.report());
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

// ---------------------------------------------------------------------------
// 9. Determinism
// ---------------------------------------------------------------------------

/// The files of a multi-file workspace, written in the given order (the
/// order of directory entries on disk may follow it).
fn write_multi(sb: &Sandbox, reverse: bool) {
    let mut files: Vec<(&str, &[u8])> = vec![
        ("abide.toml", b""),
        ("a.abide", THREE_ERRORS.as_bytes()),
        ("b/fee.abide", MISSING_CURRENCY.as_bytes()),
        ("b/clean.abide", VALID.as_bytes()),
        (
            "b/c/doc.abide",
            b"party a \"A\" : team\n/// documents nothing\n",
        ),
        ("z.abide", ONE_ERROR.as_bytes()),
        ("m/bad.abide", b"party a \"A\" : team\n\xff\n"),
    ];
    if reverse {
        files.reverse();
    }
    for (path, bytes) in files {
        sb.write(path, bytes);
    }
}

#[test]
fn output_is_deterministic() {
    let first = Sandbox::new();
    write_multi(&first, false);
    let second = Sandbox::new();
    write_multi(&second, true);

    let runs: Vec<Output> = [&first, &first, &second, &second]
        .iter()
        .map(|sb| sb.run(&["check", "--format", "json"]))
        .collect();
    for r in &runs[1..] {
        assert_eq!(
            r.stdout.as_bytes(),
            runs[0].stdout.as_bytes(),
            "JSON differs between runs"
        );
        assert_eq!(r.code, runs[0].code);
    }
    assert_eq!(runs[0].code, 1);

    // Files in path order, diagnostics by position within a file.
    let diags = runs[0].json();
    assert_eq!(
        files_of(&diags),
        vec![
            "a.abide",
            "b/c/doc.abide",
            "b/fee.abide",
            "m/bad.abide",
            "z.abide"
        ]
    );
    insta::assert_snapshot!("multi_file_json", runs[0].report());

    let human_a = first.run(&["check"]);
    let human_b = second.run(&["check"]);
    assert_eq!(human_a, human_b);
    assert!(
        human_a
            .stdout
            .ends_with("checked 6 files: 7 errors, 1 warning, 0 info\n"),
        "{}",
        human_a.stdout
    );
}

// ---------------------------------------------------------------------------
// 10. Workspaces
// ---------------------------------------------------------------------------

#[test]
fn sibling_workspaces_are_both_checked() {
    let sb = Sandbox::new();
    sb.write("billing/abide.toml", "")
        .write("billing/contract.abide", MISSING_CURRENCY)
        .write("wifi/abide.toml", "")
        .write("wifi/wifi.abide", VALID)
        .write("wifi/more/speed.abide", ONE_ERROR);

    let out = sb.run(&["check"]);
    insta::assert_snapshot!("sibling_workspaces", out.report());
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .ends_with("checked 3 files: 2 errors, 0 warnings, 0 info\n"),
        "{}",
        out.stdout
    );

    let json = sb.run(&["check", "--format", "json", "wifi", "billing"]);
    assert_eq!(
        positions(&json.json()),
        vec![
            pos("billing/contract.abide", "E0111", 7, 15, 7, 18),
            pos("wifi/more/speed.abide", "E0111", 1, 13, 1, 17),
        ]
    );
}

// ---------------------------------------------------------------------------
// Closed output pipe (`abide check | head`)
// ---------------------------------------------------------------------------

/// Runs `abide ARGS…` with stdout a pipe whose reading end is already closed.
fn run_into_closed_pipe(sb: &Sandbox, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("create a pipe");
    drop(reader);
    let mut cmd = sb.command(args);
    cmd.stdout(writer);
    let out = cmd.output().expect("run the abide binary");
    Output {
        code: out.status.code().expect("an exit code"),
        stdout: String::new(),
        stderr: sb.scrub(&String::from_utf8_lossy(&out.stderr)),
    }
}

#[test]
fn a_closed_pipe_is_not_reported_clean_case() {
    let sb = Sandbox::new();
    sb.write("ok.abide", VALID);
    let out = run_into_closed_pipe(&sb, &["check"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "");
}

/// Known bug: check.rs means to stay quiet on `BrokenPipe`, but the renderers
/// wrap the error in `io::Error::other` (human: the codespan error;
/// JSON: the serde_json error), so the kind is lost and
/// "error: cannot write the output: Broken pipe (os error 32)" is printed.
#[test]
fn a_closed_pipe_is_not_reported() {
    let sb = Sandbox::new();
    sb.write("three.abide", THREE_ERRORS);
    for args in [&["check"][..], &["check", "--format", "json"][..]] {
        let out = run_into_closed_pipe(&sb, args);
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(out.stderr, "", "{args:?}");
    }
}

/// Symbolic links are followed; a link loop and a dangling link are each
/// reported once, and the files that can be read are still checked.
#[cfg(unix)]
#[test]
fn symlinks_are_followed_and_loops_and_dangling_links_reported() {
    let sb = Sandbox::new();
    sb.write("shared/real.abide", VALID).mkdir("ws");
    let link = |target: &str, at: &str| {
        std::os::unix::fs::symlink(sb.path().join(target), sb.path().join(at))
            .expect("create a symlink");
    };
    link("shared/real.abide", "ws/linked.abide");
    link("ws", "ws/loop");
    link("shared/missing.abide", "ws/dangling.abide");
    let out = sb.run(&["check", "ws"]);
    assert_eq!(out.code, 2, "{}", out.report());
    assert!(out.stdout.contains("checked 1 file"), "{}", out.report());
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 2, "{}", out.report());
    assert!(
        errors.iter().any(|l| l.contains("dangling.abide")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|l| l.contains("loop")), "{errors:?}");
}

#[test]
fn any_number_of_threads_gives_the_same_output() {
    // Every example (one deliberate error, lints, many files) and a file
    // with syntax errors: what is found and its order do not depend on -j.
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let examples = examples.to_string_lossy().into_owned();
    let sb = Sandbox::new();
    for format in ["json", "human"] {
        let mut outputs: Vec<Output> = ["1", "2", "7"]
            .iter()
            .map(|j| sb.run(&["check", "--format", format, "-j", j, &examples]))
            .collect();
        // `--low-memory` (batches and tree eviction; compared on a larger
        // workspace in abide-bench's tests) changes nothing in the output.
        outputs.push(sb.run(&["check", "--format", format, "--low-memory", &examples]));
        assert_eq!(outputs[0].code, 1, "{}", outputs[0].report());
        assert!(outputs[0].stdout.len() > 100, "{}", outputs[0].report());
        for o in &outputs[1..] {
            assert_eq!(o.report(), outputs[0].report());
        }
    }
}
