//! The support graph counts each agreement once, in the file its name
//! resolves to: an agreement declared again in another file (an error)
//! neither supports nor makes a service "SLA only".

#![allow(clippy::unwrap_used, reason = "test harness helpers may fail loudly")]

use abide_check::{new_workspace, workspace_diagnostics};
use abide_db::{AbideDatabase, Diagnostic};

const FIRST: &str = r#"
party org "Org" : organization
party net "Network" : team of org
party desk "Desk" : team of org
party board "Board" : customer
service wifi "Wi-Fi" { owner org }
service mail "Mail" { owner org }
xla wifi_x for wifi { provider org customer board review every quarter
    target s: mean(satisfaction) >= 4 measured by "survey" }
ola base for wifi { provider net customer desk
    target x: availability >= 99.9% measured by "probes" }
ola spare for mail { provider net customer desk
    target y: availability >= 99.9% measured by "probes" }
sla a for wifi { provider org customer board review every quarter
    target t: availability >= 99% measured by "probes" supported by base.x }
"#;

/// Declares `NAME` for `mail`, resting on `spare.y`.
fn second(name: &str) -> String {
    format!(
        r#"
sla {name} for mail {{ provider org customer board review every quarter
    target t: availability >= 99% measured by "probes" supported by spare.y }}
"#
    )
}

fn check(second_text: &str) -> Vec<Diagnostic> {
    let db = AbideDatabase::default();
    let files = vec![
        abide_db::disk_file(&db, "first.abide".into(), FIRST.into(), None),
        abide_db::disk_file(&db, "second.abide".into(), second_text.into(), None),
    ];
    let ws = new_workspace(&db, files);
    workspace_diagnostics(&db, ws).clone()
}

fn has(diags: &[Diagnostic], name: &str, subject: &str) -> bool {
    diags
        .iter()
        .any(|d| d.name == name && d.message.contains(&format!("`{subject}`")))
}

#[test]
fn an_agreement_declared_again_elsewhere_contributes_nothing() {
    let diags = check(&second("a"));
    assert!(
        diags.iter().any(|d| d.code.starts_with('E')),
        "the second `a` is an error: {diags:#?}"
    );
    assert!(has(&diags, "unused-agreement", "spare"), "{diags:#?}");
    assert!(!has(&diags, "watermelon", "mail"), "{diags:#?}");
}

#[test]
fn the_same_agreement_under_its_own_name_contributes() {
    let diags = check(&second("b"));
    assert!(!has(&diags, "unused-agreement", "spare"), "{diags:#?}");
    assert!(has(&diags, "watermelon", "mail"), "{diags:#?}");
    assert!(!has(&diags, "watermelon", "wifi"), "{diags:#?}");
}
