//! UI tests: every `ui/<phase>/<CODE-slug>.abide` runs through the real
//! pipeline; its caret annotations must match the diagnostics exactly and
//! the rendered output must match the snapshot.

use abide_tests::{check, split_fixture, verify_annotations};

#[test]
fn ui() {
    insta::glob!("ui/**/*.abide", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path)
            .to_string_lossy()
            .trim_start_matches('/')
            .to_owned();
        let checked = check(&split_fixture(&name, &text));
        let problems = verify_annotations(&checked);
        assert!(
            problems.is_empty(),
            "annotations of {name} disagree:\n{}",
            problems.join("\n")
        );
        insta::assert_snapshot!(checked.render());
    });
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
    let checked = check(&split_fixture("x.abide", &shifted));
    assert_eq!(verify_annotations(&checked).len(), 2);
}

#[test]
fn every_syntax_code_has_a_ui_case() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/syntax");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    for code in abide_syntax::codes::ALL {
        // E0113 (invalid UTF-8) cannot be written in a text fixture: bad_input.rs covers it.
        if code.id == "E0113" {
            continue;
        }
        let slug = format!("{}-{}.abide", code.id, code.name);
        assert!(names.contains(&slug), "missing UI case ui/syntax/{slug}");
    }
}
