//! The facts LANGUAGE.md §1 requires of the university Wi-Fi example, as
//! assertions on the real pipeline (the example is `examples/campus-wifi`).

#![allow(clippy::expect_used, reason = "test helpers may fail loudly")]

use abide_db::{Diagnostic, Severity};
use abide_tests::{FixtureFile, check};

const WIFI: &str = include_str!("../examples/campus-wifi/campus_wifi.abide");

fn diagnostics(text: &str) -> (Vec<Diagnostic>, String) {
    let checked = check(&[FixtureFile {
        name: "campus_wifi.abide".into(),
        text: text.into(),
    }]);
    let d = checked.diagnostics();
    let rendered = checked.render();
    (d, rendered)
}

/// The diagnostics whose primary span lies on the line of `target NAME:`.
fn on_target<'a>(d: &'a [Diagnostic], text: &str, target: &str) -> Vec<&'a Diagnostic> {
    let at = text
        .find(&format!("target {target}:"))
        .expect("target exists") as u32;
    let end = at + text[at as usize..].find('\n').unwrap_or(0) as u32;
    d.iter()
        .filter(|d| d.primary.span.start >= at && d.primary.span.start < end)
        .collect()
}

#[test]
fn availability_is_aligned_with_a_december_dilution_warning() {
    let (d, _) = diagnostics(WIFI);
    let on = on_target(&d, WIFI, "availability");
    let codes: Vec<&str> = on.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["diluted-support"], "{on:#?}");
    let w = on[0];
    assert_eq!(w.severity, Severity::Warning);
    assert!(w.message.contains("December 2026"), "{}", w.message);
    assert!(w.message.contains("99.41%"), "{}", w.message);
    assert!(
        w.notes
            .iter()
            .any(|n| n.contains("all(99.9%, 99.95%) = 99.85%")),
        "{:#?}",
        w.notes
    );
    // Only December: no other month is named.
    assert!(
        !w.notes.iter().any(|n| n.starts_with("also in")),
        "{:#?}",
        w.notes
    );
}

#[test]
fn p1_resolution_is_misaligned_with_both_spans_labelled() {
    let (d, _) = diagnostics(WIFI);
    let on = on_target(&d, WIFI, "p1_resolution");
    let err: Vec<_> = on.iter().filter(|d| d.code == "E0501").collect();
    assert_eq!(err.len(), 1, "{on:#?}");
    let e = err[0];
    assert_eq!(e.name, "misaligned");
    assert_eq!(e.severity, Severity::Error);
    assert!(
        e.message.contains("2h") && e.message.contains("4h"),
        "{}",
        e.message
    );
    let labelled: Vec<&str> = e.secondary.iter().map(|l| &WIFI[l.span.range()]).collect();
    assert!(
        labelled
            .iter()
            .any(|s| s.starts_with("fix_time: resolution_time <= 4h")),
        "{labelled:?}"
    );
    assert!(
        labelled.iter().any(|s| s.starts_with("hall_restore")),
        "{labelled:?}"
    );
    assert!(WIFI[e.primary.span.range()].starts_with("p1_resolution"));
}

#[test]
fn p1_response_is_aligned_because_seq_adds_durations() {
    let (d, _) = diagnostics(WIFI);
    let on = on_target(&d, WIFI, "p1_response");
    assert!(
        on.iter().all(|d| d.code == "missing-measurement"),
        "{on:#?}"
    );
    // …and 16 minutes would not fit: seq(30s, 10min) = 10min 30s.
    let tight = WIFI.replace("response_time <= 15min", "response_time <= 10min");
    let (d, _) = diagnostics(&tight);
    let e: Vec<_> = d
        .iter()
        .filter(|d| d.code == "E0501" && d.message.contains("p1_response"))
        .collect();
    assert_eq!(e.len(), 1);
    assert!(
        e[0].notes
            .iter()
            .any(|n| n.contains("seq(30s, 10min) = 10min 30s")),
        "{:#?}",
        e[0].notes
    );
}

#[test]
fn an_isp_at_95_percent_is_an_error_naming_94_95_percent() {
    let text = WIFI.replace(
        "link_availability: availability >= 99.9%",
        "link_availability: availability >= 95%",
    );
    let (d, _) = diagnostics(&text);
    let on = on_target(&d, &text, "availability");
    let e: Vec<_> = on.iter().filter(|d| d.code == "E0501").collect();
    assert_eq!(e.len(), 1, "{on:#?}");
    assert!(
        e[0].message.contains("promises 99.5%") && e[0].message.contains("at most 94.95%"),
        "{}",
        e[0].message
    );
    let labelled: Vec<&str> = e[0]
        .secondary
        .iter()
        .map(|l| &text[l.span.range()])
        .collect();
    assert!(
        labelled.iter().any(|s| s.starts_with("link_availability")),
        "{labelled:?}"
    );
    assert!(
        labelled.iter().any(|s| s.starts_with("core_availability")),
        "{labelled:?}"
    );
}

#[test]
fn without_the_xla_the_service_is_a_watermelon() {
    let (d, _) = diagnostics(WIFI);
    assert!(!d.iter().any(|d| d.code == "watermelon"));
    let start = WIFI.find("xla wifi_experience").expect("the XLA");
    let end = start + WIFI[start..].find("\n}\n").expect("its end") + 3;
    let text = format!("{}{}", &WIFI[..start], &WIFI[end..]);
    let (d, _) = diagnostics(&text);
    let w: Vec<_> = d.iter().filter(|d| d.code == "watermelon").collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("campus_wifi"));
}

#[test]
fn the_other_section_1_verdicts() {
    let (d, _) = diagnostics(WIFI);
    let errors: Vec<_> = d.iter().filter(|d| d.severity == Severity::Error).collect();
    assert_eq!(
        errors.len(),
        1,
        "only p1_resolution is an error: {errors:#?}"
    );
    let unused: Vec<_> = d.iter().filter(|d| d.code == "unused-agreement").collect();
    assert_eq!(unused.len(), 1);
    assert!(unused[0].message.contains("ap_replacement"));
    let warnings: Vec<_> = d
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.code)
        .collect();
    assert_eq!(warnings, ["diluted-support"]);
}

#[test]
fn the_composed_figures_are_exposed_for_the_report() {
    use abide_check::checks::alignment::alignment;
    let checked = check(&[FixtureFile {
        name: "campus_wifi.abide".into(),
        text: WIFI.into(),
    }]);
    let a = alignment(&checked.db, checked.ws, "wifi_sla").expect("an agreement");
    let availability = a.figures.get("availability").unwrap();
    assert_eq!(availability.value.to_string(), "0.9985");
    assert_eq!(availability.display, "99.85%");
    assert_eq!(availability.arithmetic, "all(99.9%, 99.95%)");
    assert!(availability.aligned);
    let response = a.figures.get("p1_response").unwrap();
    assert_eq!(response.value.to_string(), "630");
    assert_eq!(response.display, "10min 30s");
    assert!(response.aligned);
    let resolution = a.figures.get("p1_resolution").unwrap();
    assert_eq!(resolution.display, "4h");
    assert!(!resolution.aligned);
}
