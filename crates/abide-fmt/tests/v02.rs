//! The layout of the v0.2 constructs: derived priority levels with their
//! `when` rules in a column, long `prevails over` / `below` / `credits paid
//! as` lists filled like other bare lists, and actions and error-rate rules
//! broken like targets.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failed expectation is a test failure"
)]

mod common;

const SOURCE: &str = r#"priorities incident_class "Major-incident class" from affected_staff {
    major when >= 100
    significant when >= 20, < 100
    minor when < 20
}
priorities desk "Desk" from urgency x impact {
  critical "Critical" when (high, high)
  high "P2" when (high, medium), (medium, high)
  other when (low, low)
  none
}
sla compute "Compute SLA" for compute {
  prevails over "Customer Agreement", order_form, "Master Services Agreement of 2021", "Data Processing Addendum", general_terms
  below "Order Form", "Terms", "The very long name of a framework agreement with many words", "Another Document"
  credits paid as invoice_credit minimum 1 USD, not refundable, expire on termination, sole remedy, refundable
  action "a very long action label for testing" when availability < 99% per month during business_hours for 3 consecutive months lasting > 72h
  uptime from mean(error_rate) in each 5min counting ["InternalError", "ServiceUnavailable"] minimum 100 requests else up
  downtime when error_rate > 5% in each 1min counting ["InternalError", "ServiceUnavailable", "GatewayTimeout", "TooManyRequests", "Other"] minimum 100 requests else up
  changes by cloud with notice 4w at most twice per year
}
"#;

const FORMATTED: &str = r#"priorities incident_class "Major-incident class" from affected_staff {
    major       when >= 100
    significant when >= 20, < 100
    minor       when < 20
}

priorities desk "Desk" from urgency x impact {
    critical "Critical" when (high, high)
    high     "P2"       when (high, medium), (medium, high)
    other               when (low, low)
    none
}

sla compute "Compute SLA" for compute {
    prevails over "Customer Agreement", order_form, "Master Services Agreement of 2021",
                  "Data Processing Addendum", general_terms
    below "Order Form", "Terms", "The very long name of a framework agreement with many words",
          "Another Document"
    credits paid as invoice_credit minimum 1 USD, not refundable, expire on termination,
                                   sole remedy, refundable
    action "a very long action label for testing" when availability < 99% per month
        during business_hours for 3 consecutive months lasting > 72h
    uptime from mean(error_rate) in each 5min counting ["InternalError", "ServiceUnavailable"]
        minimum 100 requests else up
    downtime when error_rate > 5% in each 1min
        counting [
            "InternalError",
            "ServiceUnavailable",
            "GatewayTimeout",
            "TooManyRequests",
            "Other",
        ]
        minimum 100 requests else up
    changes by cloud with notice 4w at most twice per year
}
"#;

/// Every form of `LANGUAGE.md` §7 in one file (the brief of language v0.2).
const EVERY_FORM: &str = r#"scale impact "Impact" { high "whole campus" medium "one building" low "under five users" }
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
sla compute "Compute SLA" for compute {
  provider cloud
  customer acme
  supersedes compute_2023
  extends general_sla
  prevails over "Customer Agreement", order_form
  below "Order Form", "Terms"
  valid from 2016-07
  fee charges USD per month "what the customer paid in the affected region"
  target region: availability >= 99.99% per month if "instances run in at least two zones" in at least 2 of 3 zones
    rising to 99.995% from 2027-01
  target p1: resolution_time <= 4h where priority = critical and site = main
  target p2: resolution_time <= 8h where tier in [premium, standard] and region = eu
  credit 10% of fee when availability < 99.99%
  credits paid as invoice_credit minimum 1 USD, not refundable, expire on termination, sole remedy
  credits capped at 100% of fee per invoice
  credits capped at 1 day of fee over rolling 24h
  credits capped at 100% of fee over rolling 12 months
  claim within 30d after eligibility
  claim within 7bd during business_days after month end
  action "improvement plan" when availability < 99%
  action "suspension" when availability < 80% for 3 consecutive months
  action "may terminate" when availability < 100% lasting > 72h
  changes by cloud with notice 4w at most once per year
  changes by cloud at most 4 per year
  downtime when error_rate > 5% in each 1min
  uptime from mean(error_rate) in each 5min counting ["InternalError", "ServiceUnavailable"] minimum 100 requests else up
}
"#;

const EVERY_FORM_FORMATTED: &str = r#"scale impact "Impact" {
    high   "whole campus"
    medium "one building"
    low    "under five users"
}

scale urgency {
    high
    medium
    low
}

priorities desk_priority "Desk priority" from urgency x impact {
    critical "P1" when (high, high)
    high     "P2" when (high, medium), (medium, high)
    medium   "P3" when (high, low), (medium, medium), (low, high)
    low      "P4" when (medium, low), (low, medium), (low, low)
}

priorities by_users from affected_users {
    p1 when >= 100
    p2 when >= 10, < 100
    p3 when < 10
}

calendar business_hours "Business hours" defined by "provider policy" {
    timezone "America/Chicago"
    mon..fri
    except holidays "public holidays"
}

sla compute "Compute SLA" for compute {
    provider cloud
    customer acme
    supersedes compute_2023
    extends general_sla
    prevails over "Customer Agreement", order_form
    below "Order Form", "Terms"
    valid from 2016-07
    fee charges USD per month "what the customer paid in the affected region"
    target region: availability >= 99.99% per month if "instances run in at least two zones"
        in at least 2 of 3 zones
        rising to 99.995% from 2027-01
    target p1: resolution_time <= 4h where priority = critical and site = main
    target p2: resolution_time <= 8h where tier in [premium, standard] and region = eu
    credit 10% of fee when availability < 99.99%
    credits paid as invoice_credit minimum 1 USD, not refundable, expire on termination, sole remedy
    credits capped at 100% of fee per invoice
    credits capped at 1 day of fee over rolling 24h
    credits capped at 100% of fee over rolling 12 months
    claim within 30d after eligibility
    claim within 7bd during business_days after month end
    action "improvement plan" when availability < 99%
    action "suspension" when availability < 80% for 3 consecutive months
    action "may terminate" when availability < 100% lasting > 72h
    changes by cloud with notice 4w at most once per year
    changes by cloud at most 4 per year
    downtime when error_rate > 5% in each 1min
    uptime from mean(error_rate) in each 5min counting ["InternalError", "ServiceUnavailable"]
        minimum 100 requests else up
}
"#;

#[test]
fn v02_constructs_format_as_designed() {
    let out = common::assert_properties("v0.2 layout", SOURCE, false);
    assert_eq!(out, FORMATTED, "got:\n{out}");
}

#[test]
fn every_v02_form_formats_stably() {
    let out = common::assert_properties("every v0.2 form", EVERY_FORM, false);
    assert_eq!(out, EVERY_FORM_FORMATTED, "got:\n{out}");
}
