//! UI tests: every `ui/<phase>/<CODE-slug>.abide` runs through the real
//! pipeline; its caret annotations must match the diagnostics exactly and
//! the rendered output must match the snapshot.

use abide_tests::{check, split_fixture, verify_annotations};

#[test]
fn ui() {
    // Every fixture is checked even when an earlier one disagrees: the
    // disagreements are collected and reported together at the end.
    let mut disagreements = Vec::new();
    insta::glob!("ui/**/*.abide", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path)
            .to_string_lossy()
            .trim_start_matches('/')
            .to_owned();
        let mut checked = check(&split_fixture(&name, &text));
        checked.syntax_only = name.contains("/syntax/");
        let problems = verify_annotations(&checked);
        if problems.is_empty() {
            insta::assert_snapshot!(checked.render());
        } else {
            disagreements.push(format!(
                "annotations of {name} disagree:\n{}",
                problems.join("\n")
            ));
        }
    });
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}

#[test]
fn annotations_are_read_as_intended() {
    let text = "sla a for s {\n    target t: answer_time <= 30sec\n//                           ^^^^^ E0104: unknown unit\n}\n";
    let a = abide_tests::annotations(text);
    assert_eq!(a.len(), 1);
    assert_eq!((a[0].line, a[0].start, a[0].end), (1, 29, Some(34)));
    assert_eq!(a[0].code, "E0104");
    assert_eq!(a[0].fragment.as_deref(), Some("unknown unit"));
    // A wrong column is reported, not silently accepted.
    let shifted = text.replace(
        "//                           ^",
        "//                            ^",
    );
    let mut checked = check(&split_fixture("x.abide", &shifted));
    checked.syntax_only = true;
    assert_eq!(verify_annotations(&checked).len(), 2);
}

/// The directory of a code's UI cases.
fn phase_of(code: &str) -> &'static str {
    match code.get(..3) {
        Some("E01") => "syntax",
        Some("E02") => "names",
        Some("E03") => "types",
        Some("E04") => "roles",
        Some("E05") => "alignment",
        _ => "lints",
    }
}

#[test]
fn every_code_and_lint_has_a_failing_and_a_quiet_case() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut missing = Vec::new();
    for e in abide_db::registry::entries() {
        // E0113 (invalid UTF-8) cannot be written in a text fixture: bad_input.rs covers it.
        // E0117 (file too large) is a loader limit: the CLI tests cover it.
        if e.code == "E0113" || e.code == "E0117" {
            continue;
        }
        let stem = if e.code == e.name {
            e.name.to_owned()
        } else {
            format!("{}-{}", e.code, e.name)
        };
        let dir = root.join(phase_of(e.code));
        let failing = dir.join(format!("{stem}.abide"));
        let quiet = dir.join(format!("{stem}.ok.abide"));
        for (path, must_fire) in [(failing, true), (quiet, false)] {
            let Ok(text) = std::fs::read_to_string(&path) else {
                missing.push(format!("missing {}", path.display()));
                continue;
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut checked = check(&split_fixture(&name, &text));
            checked.syntax_only = e.code.starts_with("E01");
            let fired = checked.diagnostics().iter().any(|d| d.code == e.code);
            if fired != must_fire {
                missing.push(format!(
                    "{}: {} {}",
                    path.display(),
                    e.code,
                    if must_fire {
                        "does not fire"
                    } else {
                        "fires in the quiet case"
                    }
                ));
            }
        }
    }
    assert!(missing.is_empty(), "UI coverage:\n{}", missing.join("\n"));
}
