//! The report carries every v0.2 construct: scales and derived priorities,
//! `defined by` calendars, layering, payment terms, rolling caps, claim
//! anchors, actions, change rights, error-rate downtime with its budget,
//! and `if` / `in at least` on targets.

#![allow(clippy::expect_used, reason = "test helpers may fail loudly")]

use abide_db::{AbideDatabase, SourceFile};
use serde_json::{Value, json};

const SOURCE: &str = r#"
party cloud "Cloud" : organization
party acme "Acme" : customer
party builders : users
service compute { owner cloud users builders }
scale impact "Impact" { high "whole campus" medium "one building" low "under five users" }
scale urgency { high medium low }
priorities desk_priority "Desk priority" from urgency x impact {
  critical "P1" when (high, high)
  high "P2" when (high, medium), (medium, high)
  medium "P3" when (high, low), (medium, medium), (low, high)
  low "P4" when (medium, low), (low, medium), (low, low)
}
priorities by_users from affected_users { p1 when >= 100 p2 when >= 10, < 100 p3 when < 10 }
calendar business_hours "Business hours" defined by "provider policy" {
  timezone "America/Chicago"
  mon..fri
  except holidays "public holidays"
}
sla general_sla for compute {
  provider cloud
  customer acme
  valid from 2015-01
}
sla compute_2021 for compute {
  provider cloud
  customer acme
  valid 2015-01..2019-12
  target gone: availability >= 99% per month
}
sla compute_2023 for compute {
  provider cloud
  customer acme
  supersedes compute_2021
  valid 2020-01..2024-12
  target region: availability >= 99.9% per month
  target old: resolution_time <= 8h
}
sla compute_sla "Compute SLA" for compute {
  provider cloud
  customer acme
  supersedes compute_2023
  extends general_sla
  prevails over "Customer Agreement", order_form
  below "Order Form", "Terms"
  valid from 2025-01
  fee charges USD per month "what the customer paid in the affected region"
  target region: availability >= 99.9% per month if "instances run in at least two zones" in at least 2 of 3 zones
    rising to 99.995% from 2027-01
  target p1: resolution_time <= 4h where priority = critical and site = main
  credit 10% of fee when availability < 99.9%
  credits paid as invoice_credit minimum 1 USD, not refundable, expire on termination, sole remedy
  credits capped at 1 day of fee over rolling 24h
  credits capped at 100% of fee over rolling 12 months
  claim within 7bd during business_hours after month end
  action "suspension" when availability < 80% for 3 consecutive months
  action "may terminate" when availability < 100% lasting > 72h
  changes by cloud with notice 4w at most once per year
  changes by cloud at most 4 per year
  downtime when error_rate > 5% in each 1min
}
"#;

fn report() -> Value {
    let db = AbideDatabase::default();
    let file = SourceFile::new(&db, "v02.abide".to_owned(), SOURCE.to_owned(), None);
    let ws = abide_check::new_workspace(&db, vec![file]);
    let r = abide_report::report(&db, &[ws], None);
    let v = serde_json::to_value(&r).expect("the report serialises");
    // Whatever it holds, it is valid against the schema.
    let schema: Value =
        serde_json::from_str(&abide_report::schema_json().expect("schema")).expect("json");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    v
}

#[test]
fn scales_and_derived_priorities() {
    let r = report();
    let w = &r["workspaces"][0];
    assert_eq!(r["abide_report"], "2");
    assert_eq!(w["scales"]["impact"]["title"], "Impact");
    assert_eq!(
        w["scales"]["impact"]["levels"][0],
        json!({"level": "high", "title": "whole campus"})
    );
    assert_eq!(w["scales"]["urgency"]["levels"][2], json!({"level": "low"}));
    let desk = &w["priorities"]["desk_priority"];
    assert_eq!(desk["derived_from"], json!(["urgency", "impact"]));
    assert_eq!(
        desk["levels"][1]["cells"],
        json!([["high", "medium"], ["medium", "high"]])
    );
    let users = &w["priorities"]["by_users"];
    assert_eq!(users["derived_from"], json!(["affected_users"]));
    let p2 = &users["levels"][1]["thresholds"];
    assert_eq!(p2[0]["operator"], ">=");
    assert_eq!(p2[0]["value"]["value"], json!(10.0));
    assert_eq!(p2[1]["operator"], "<");
}

#[test]
fn calendars_defined_by_another_document() {
    let r = report();
    let cal = &r["workspaces"][0]["calendars"]["business_hours"];
    assert_eq!(cal["defined_by"], "provider policy");
    assert_eq!(
        cal["days_without_hours"],
        json!(["mon", "tue", "wed", "thu", "fri"])
    );
    assert_eq!(
        cal["named_holidays"],
        json!([{"name": "holidays", "description": "public holidays"}])
    );
    assert_eq!(cal["hours_known"], json!(false));
}

#[test]
fn layering_and_the_supersedes_chain() {
    let r = report();
    let a = &r["workspaces"][0]["agreements"]["compute_sla"];
    assert_eq!(a["supersedes"], "compute_2023");
    assert_eq!(a["extends"], "general_sla");
    assert_eq!(a["extends_chain"], json!(["general_sla"]));
    assert_eq!(
        a["prevails_over"],
        json!([{"kind": "document", "title": "Customer Agreement"}, {"kind": "name", "name": "order_form"}])
    );
    assert_eq!(a["below"], json!(["Order Form", "Terms"]));
    let chain = a["changes_from_superseded"].as_array().expect("a list");
    assert_eq!(chain.len(), 2);
    assert_eq!(chain[0]["superseded"], "compute_2023");
    assert_eq!(chain[0]["added"], json!(["p1"]));
    assert_eq!(chain[0]["removed"], json!(["old"]));
    assert_eq!(chain[0]["changed"], json!([]));
    assert_eq!(chain[1]["agreement"], "compute_2023");
    assert_eq!(chain[1]["superseded"], "compute_2021");
    assert_eq!(chain[1]["added"], json!(["region", "old"]));
    assert_eq!(chain[1]["removed"], json!(["gone"]));
}

#[test]
fn a_bound_change_along_the_chain_is_reported() {
    let db = AbideDatabase::default();
    let text = "sla a for s { valid 2020-01..2020-12 target t: availability >= 99.9% }\n\
                sla b for s { supersedes a valid from 2021-01 target t: availability >= 99.95% }\n";
    let file = SourceFile::new(&db, "c.abide".to_owned(), text.to_owned(), None);
    let ws = abide_check::new_workspace(&db, vec![file]);
    let v = serde_json::to_value(abide_report::report(&db, &[ws], None)).expect("json");
    assert_eq!(
        v["workspaces"][0]["agreements"]["b"]["changes_from_superseded"][0]["changed"],
        json!([{"target": "t", "before": ">= 99.9%", "after": ">= 99.95%"}])
    );
}

#[test]
fn fees_payment_caps_and_claims() {
    let r = report();
    let a = &r["workspaces"][0]["agreements"]["compute_sla"];
    assert_eq!(
        a["fee"],
        json!({"per": "month", "charges": true, "currency": "USD", "description": "what the customer paid in the affected region"})
    );
    let pay = &a["credit_payment"];
    assert_eq!(pay["method"], "invoice_credit");
    assert_eq!(pay["minimum"]["written"], "1 USD");
    assert_eq!(pay["refundable"], json!(false));
    assert_eq!(pay["expire_on_termination"], json!(true));
    assert_eq!(pay["sole_remedy"], json!(true));
    assert_eq!(a["caps"][0]["amount"]["kind"], "days_of_fee");
    assert_eq!(a["caps"][0]["over_rolling"]["seconds"], json!(86400.0));
    assert_eq!(
        a["caps"][1]["over_rolling"],
        json!({"written": "12 months", "count": 12, "period": "month"})
    );
    assert_eq!(a["claim"]["during"], "business_hours");
    assert_eq!(
        a["claim"]["after"],
        json!({"kind": "period_end", "period": "month"})
    );
}

#[test]
fn actions_and_change_rights() {
    let r = report();
    let a = &r["workspaces"][0]["agreements"]["compute_sla"];
    let acts = &a["actions"];
    assert_eq!(acts[0]["label"], "suspension");
    assert_eq!(acts[0]["metric"], "availability");
    assert_eq!(
        acts[0]["consecutive"],
        json!({"count": 3, "period": "months"})
    );
    assert_eq!(acts[1]["lasting"]["operator"], ">");
    assert_eq!(acts[1]["lasting"]["value"]["value"], json!(259200.0));
    assert_eq!(a["changes"][0]["party"], "cloud");
    assert_eq!(a["changes"][0]["notice"]["written"], "4w");
    assert_eq!(
        a["changes"][0]["at_most"],
        json!({"count": 1, "per": "year"})
    );
    assert_eq!(
        a["changes"][1]["at_most"],
        json!({"count": 4, "per": "year"})
    );
}

#[test]
fn error_rate_downtime_and_its_budget() {
    let r = report();
    let d = &r["workspaces"][0]["agreements"]["compute_sla"]["downtime"];
    assert_eq!(d["rule"], "downtime_when");
    assert_eq!(d["expression"], "error_rate > 5%");
    assert_eq!(d["bucket"]["value"], json!(60.0));
    // 99.9% of a 30-day month: 43.2 minutes down allowed, 43 whole 1-minute buckets.
    let budget = &d["error_budgets"][0];
    assert_eq!(budget["target"], "region");
    assert_eq!(budget["allowed_seconds"], json!(2592.0));
    assert_eq!(budget["display"], "43.2min");
    assert_eq!(budget["buckets"], json!(43));
}

#[test]
fn targets_with_if_redundancy_and_several_scope_fields() {
    let r = report();
    let t = &r["workspaces"][0]["agreements"]["compute_sla"]["targets"];
    assert_eq!(t[0]["if_condition"], "instances run in at least two zones");
    assert_eq!(t[0]["redundancy"], json!({"k": 2, "n": 3, "of": "zones"}));
    assert_eq!(t[0]["steps"][0]["from"], "2027-01");
    assert_eq!(
        t[1]["scope"],
        json!({"priority": ["critical"], "site": ["main"]})
    );
}

#[test]
fn a_figure_over_unstated_hours_is_unknown() {
    let db = AbideDatabase::default();
    let text = r#"
party p : organization
party t : team of p
party c : customer
service s { owner p }
calendar support_hours defined by "support policy" { timezone "Europe/London" mon..fri }
sla a for s {
  provider p
  customer c
  valid from 2026-01
  target fix: resolution_time <= 2bd during support_hours supported by o.fix
}
ola o for s {
  provider t
  customer p
  valid from 2026-01
  target fix: resolution_time <= 8h
}
"#;
    let file = SourceFile::new(&db, "u.abide".to_owned(), text.to_owned(), None);
    let ws = abide_check::new_workspace(&db, vec![file]);
    let v = serde_json::to_value(abide_report::report(&db, &[ws], None)).expect("json");
    let fig = &v["workspaces"][0]["agreements"]["a"]["targets"][0]["support"]["figure"];
    assert_eq!(fig["status"], "unknown", "{fig}");
    assert_eq!(fig["unknown_calendar"], "support_hours");
}
