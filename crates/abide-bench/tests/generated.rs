//! The generated workspaces check clean, and the mirror types decode the report.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

use abide_bench::{Loaded, generate, mirror};
use abide_db::Severity;

#[test]
fn a_generated_workspace_of_200_agreements_has_no_errors() {
    let g = generate(200, 1);
    let l = Loaded::new(&g);
    let diags = abide_check::workspace_diagnostics(&l.db, l.ws);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}: {}", d.code, d.name, d.message))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // And no warnings either: the generator writes clean agreements.
    let warnings: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| format!("{} {}: {}", d.code, d.name, d.message))
        .collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}

#[test]
fn the_report_decodes_into_the_mirror_types() {
    let g = generate(60, 3);
    let l = Loaded::new(&g);
    let json = l.report_json().unwrap();
    let r: mirror::Report = serde_json::from_str(&json).unwrap();
    assert_eq!(r.workspaces.len(), 1);
    assert_eq!(r.workspaces[0].agreements.len(), 60);
}
