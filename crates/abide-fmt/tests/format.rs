//! The formatter on real files: a snapshot of every example and of every
//! UI case that parses, and the properties (idempotent, meaning and
//! comments kept, same diagnostics) on all of them.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

use abide_fmt::FormatError;

#[test]
fn examples_format_as_recorded() {
    insta::glob!("../../../examples", "**/*.abide", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let out = common::assert_properties(&path.display().to_string(), &src, true);
        insta::assert_snapshot!(out);
    });
}

#[test]
fn ui_cases_format_as_recorded() {
    insta::glob!("../../../tests/ui", "**/*.abide", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let errors = abide_syntax::parse(&src).errors;
        if errors.is_empty() {
            let out = common::assert_properties(&path.display().to_string(), &src, true);
            insta::assert_snapshot!(out);
        } else {
            // A file with syntax errors is refused, with all of them.
            assert_eq!(abide_fmt::format(&src), Err(FormatError::Syntax(errors)));
        }
    });
}

#[test]
fn the_syntax_cases_with_errors_are_refused() {
    let refused = common::corpus()
        .iter()
        .filter(|(name, text)| {
            name.starts_with("tests/ui/syntax/")
                && !name.ends_with(".ok.abide")
                && matches!(abide_fmt::format(text), Err(FormatError::Syntax(_)))
        })
        .count();
    assert!(refused >= 14, "only {refused} syntax cases were refused");
}

#[test]
fn the_examples_are_formatted() {
    // `.ci/run` checks this too (`abide fmt --check examples/`).
    for (name, text) in common::corpus() {
        if name.starts_with("examples/") {
            let out = abide_fmt::format(&text).unwrap();
            assert!(
                out == text,
                "{name} is not formatted: run `abide fmt examples/`"
            );
        }
    }
}
