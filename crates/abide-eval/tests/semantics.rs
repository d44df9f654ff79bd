//! Evaluation semantics on small, hand-computed data sets: windows on the
//! calendar's clock, stopped clocks, shares of incidents, scopes, `in each`,
//! aggregates, stepped bounds, credit tiers and caps, proportional credits,
//! rewards, watermelons, and rejected rows.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

use abide_db::{AbideDatabase, SourceFile};
use abide_eval::output::{TargetResult, Verdict};
use abide_eval::{DataFile, Evaluation, Options, input};

const PARTIES: &str = r#"
party uni "University IT" : organization
party board "Academic Board" : customer
party students "Students" : users
party isp "ISP Ltd" : supplier
service wifi "Wi-Fi" { owner uni users students }
calendar teaching "Teaching hours" {
    timezone "Europe/London"
    mon..fri 08:00..18:00
}
calendar london "London 24x7" {
    timezone "Europe/London"
    mon..sun 00:00..24:00
}
"#;

struct Run {
    eval: Evaluation,
    errors: Vec<String>,
}

/// Evaluates `agreements` against data files given as (file name, text).
fn run(agreements: &str, data: &[(&str, &str)], max_errors: usize) -> Run {
    let db = AbideDatabase::default();
    let file = SourceFile::new(
        &db,
        "t.abide".into(),
        format!("{PARTIES}\n{agreements}"),
        None,
    );
    let ws = abide_check::new_workspace(&db, vec![file]);
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<DataFile> = Vec::new();
    for (name, text) in data {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        files.push(input::classify(&path).unwrap());
    }
    let outcome = abide_eval::evaluate(&db, ws, &files, Options { max_errors });
    Run {
        eval: outcome.evaluation,
        errors: outcome
            .errors
            .iter()
            .map(|e| format!("{}:{} {}", e.pos.line, e.pos.column, e.message))
            .collect(),
    }
}

fn rows<'a>(r: &'a Run, target: &str) -> Vec<&'a TargetResult> {
    r.eval
        .results
        .iter()
        .filter(|x| format!("{}.{}", x.agreement, x.target) == target)
        .collect()
}

fn one<'a>(r: &'a Run, target: &str, window: &str) -> &'a TargetResult {
    rows(r, target)
        .into_iter()
        .find(|x| x.window.label == window)
        .unwrap_or_else(|| panic!("no row for {target} in {window}: {:#?}", r.eval.results))
}

#[test]
fn availability_counts_probes_inside_the_calendar_on_its_own_clock() {
    let r = run(
        r#"sla s for wifi {
            provider uni customer board
            target av: availability >= 75% during teaching per month
        }"#,
        &[(
            "samples.csv",
            // Mon 5 Oct 2026 (BST, UTC+1): 07:30Z = 08:30 local (open),
            // 06:30Z = 07:30 local (closed: ignored), Sat 10 Oct ignored.
            "timestamp,target,value\n\
             2026-10-05T07:30:00Z,s.av,up\n\
             2026-10-05T08:30:00Z,s.av,up\n\
             2026-10-05T09:30:00Z,s.av,down\n\
             2026-10-05T10:30:00Z,s.av,up\n\
             2026-10-05T06:30:00Z,s.av,down\n\
             2026-10-10T12:00:00Z,s.av,down\n",
        )],
        10,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let oct = one(&r, "s.av", "October 2026");
    assert_eq!((oct.cases, oct.measured.as_str()), (4, "75%"));
    assert_eq!(oct.verdict, Verdict::Met);
    assert_eq!(oct.margin.as_deref(), Some("+0 pp"));
}

#[test]
fn windows_are_read_on_the_calendar_clock() {
    // 30 Sep 23:30Z is 1 Oct 00:30 in London (BST): an October probe.
    let r = run(
        r#"sla s for wifi {
            provider uni customer board
            target av: availability >= 99% during london per month
        }"#,
        &[(
            "samples.csv",
            "timestamp,target,value\n2026-09-30T23:30:00Z,s.av,down\n2026-09-30T22:30:00Z,s.av,up\n",
        )],
        10,
    );
    assert_eq!(one(&r, "s.av", "October 2026").verdict, Verdict::Missed);
    assert_eq!(one(&r, "s.av", "September 2026").verdict, Verdict::Met);
}

#[test]
fn durations_stop_outside_the_calendar_and_shares_of_incidents_count() {
    let r = run(
        r#"sla s for wifi {
            provider uni customer board
            target fix: resolution_time <= 2h for 50% of incidents where priority = critical during teaching
        }"#,
        &[(
            "incidents.csv",
            // INC1: Fri 9 Oct 17:30 local → Mon 12 Oct 08:30 local: 30min + 30min = 1h (within).
            // INC2: 3h of teaching time (missed). INC3: high priority (out of scope).
            // INC4: `P1` is the title of `critical` in the prelude scale: in scope, 2h (within).
            "id,priority,opened,resolved\n\
             INC1,critical,2026-10-09T16:30:00Z,2026-10-12T07:30:00Z\n\
             INC2,critical,2026-10-13T08:00:00Z,2026-10-13T11:00:00Z\n\
             INC3,high,2026-10-13T08:00:00Z,2026-10-14T11:00:00Z\n\
             INC4,P1,2026-10-14T08:00:00Z,2026-10-14T10:00:00Z\n",
        )],
        10,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let oct = one(&r, "s.fix", "October 2026");
    assert_eq!(oct.cases, 3);
    assert_eq!(oct.measured, "66.7% within 2h (2 of 3)");
    assert_eq!(oct.verdict, Verdict::Met);
    assert_eq!(oct.margin.as_deref(), Some("+16.7 pp"));
}

#[test]
fn in_each_evaluates_every_instance() {
    let r = run(
        r#"sla s for wifi {
            provider uni customer board
            target cap: concurrent_users >= 200 in each hall
        }"#,
        &[(
            "samples.csv",
            "timestamp,target,value,hall\n\
             2026-10-05T10:00:00Z,s.cap,250,H1\n\
             2026-10-06T10:00:00Z,s.cap,190,H2\n\
             2026-10-07T10:00:00Z,s.cap,210,H2\n",
        )],
        10,
    );
    let rs = rows(&r, "s.cap");
    let h1 = rs
        .iter()
        .find(|x| x.instance.as_deref() == Some("H1"))
        .unwrap();
    let h2 = rs
        .iter()
        .find(|x| x.instance.as_deref() == Some("H2"))
        .unwrap();
    assert_eq!(h1.verdict, Verdict::Met);
    assert_eq!(h2.verdict, Verdict::Missed);
    assert_eq!(h2.measured, "50% at least 200 (1 of 2)");
}

#[test]
fn aggregates_steps_and_nps() {
    let r = run(
        r#"xla x for wifi {
            provider uni customer board
            target sat: mean(satisfaction) >= 4 per month rising to 4.5 from 2026-11-01
            target ease: share(ease_of_use >= 4) >= 75% per month
            target loyal: nps >= +20 per month
            target p90: p90(satisfaction) <= 4 per month
        }"#,
        &[(
            "surveys.csv",
            // October: mean 4.25 ≥ 4 (met). November: mean 4.25 < 4.5 (the step).
            "timestamp,metric,score\n\
             2026-10-05T10:00:00Z,satisfaction,4\n\
             2026-10-06T10:00:00Z,satisfaction,5\n\
             2026-10-07T10:00:00Z,satisfaction,4\n\
             2026-10-08T10:00:00Z,satisfaction,4\n\
             2026-11-05T10:00:00Z,satisfaction,4\n\
             2026-11-06T10:00:00Z,satisfaction,5\n\
             2026-11-07T10:00:00Z,satisfaction,4\n\
             2026-11-08T10:00:00Z,satisfaction,4\n\
             2026-10-05T10:00:00Z,ease_of_use,4\n\
             2026-10-05T10:00:00Z,ease_of_use,5\n\
             2026-10-05T10:00:00Z,ease_of_use,3\n\
             2026-10-05T10:00:00Z,ease_of_use,4\n\
             2026-10-05T10:00:00Z,nps,10\n\
             2026-10-05T10:00:00Z,nps,9\n\
             2026-10-05T10:00:00Z,nps,7\n\
             2026-10-05T10:00:00Z,nps,3\n\
             2026-10-05T10:00:00Z,nps,10\n",
        )],
        10,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let oct = one(&r, "x.sat", "October 2026");
    assert_eq!((oct.measured.as_str(), oct.verdict), ("4.25", Verdict::Met));
    let nov = one(&r, "x.sat", "November 2026");
    assert_eq!(
        (nov.bound.as_str(), nov.verdict),
        (">= 4.5", Verdict::Missed)
    );
    let ease = one(&r, "x.ease", "October 2026");
    assert_eq!(
        (ease.measured.as_str(), ease.verdict),
        ("75%", Verdict::Met)
    );
    // 3 promoters, 1 detractor of 5: NPS = 60 - 20 = 40.
    let nps = one(&r, "x.loyal", "October 2026");
    assert_eq!((nps.measured.as_str(), nps.verdict), ("40", Verdict::Met));
    // p90 of (4, 5, 4, 4) is 5 > 4: only 75% of the cases are at or below 4.
    assert_eq!(one(&r, "x.p90", "October 2026").verdict, Verdict::Missed);
}

#[test]
fn credit_tiers_are_not_cumulative_and_the_cap_applies() {
    let r = run(
        r#"sla s for wifi {
            provider uni customer board
            fee 10000 GBP per month
            target av: availability >= 99% per month
            credit 5% of fee when availability < 99%
            credit 15% of fee when availability < 95%
            credit 30% of fee when availability < 90%
            credits capped at 20% of fee per month
        }"#,
        &[(
            "samples.csv",
            // October: 93.75% (15 of 16 probes up) → 15% tier only: 1500.00 GBP.
            // November: 50% → the 30% tier, cut to the 20% cap: 2000.00 GBP.
            &{
                let mut s = String::from("timestamp,target,value\n");
                for i in 0..16 {
                    s.push_str(&format!(
                        "2026-10-{:02}T10:00:00Z,s.av,{}\n",
                        i + 1,
                        if i == 0 { "down" } else { "up" }
                    ));
                }
                s.push_str("2026-11-02T10:00:00Z,s.av,up\n2026-11-03T10:00:00Z,s.av,down\n");
                s
            },
        )],
        10,
    );
    let oct = r
        .eval
        .credits
        .iter()
        .find(|c| c.window.label == "October 2026")
        .unwrap();
    assert_eq!((oct.amount.as_str(), oct.capped), ("1500.00 GBP", false));
    assert_eq!(oct.because.len(), 1);
    assert!(oct.because[0].contains("15% of fee"), "{:?}", oct.because);
    let nov = r
        .eval
        .credits
        .iter()
        .find(|c| c.window.label == "November 2026")
        .unwrap();
    assert_eq!((nov.amount.as_str(), nov.capped), ("2000.00 GBP", true));
}

#[test]
fn proportional_credits_pay_per_step_of_shortfall() {
    let r = run(
        r#"contract c for wifi {
            provider isp customer uni
            fee 1000 EUR per month
            target av: availability >= 99.9% per month
            credit 2% of fee for each 0.1% below 99.9%
        }"#,
        &[(
            "samples.csv",
            "timestamp,target,value\n2026-10-31T12:00:00Z,c.av,99.55%\n",
        )],
        10,
    );
    // 99.9% - 99.55% = 0.35%: three whole steps of 0.1% → 6% of 1000 EUR.
    let oct = &r.eval.credits[0];
    assert_eq!(oct.amount, "60.00 EUR");
}

#[test]
fn watermelon_months_are_found() {
    let r = run(
        r#"sla s for wifi {
            provider uni customer board
            target av: availability >= 99% per month
        }
        xla x for wifi {
            provider uni customer board
            target sat: mean(satisfaction) >= 4 per month
        }"#,
        &[
            (
                "samples.csv",
                "timestamp,target,value\n2026-10-05T10:00:00Z,s.av,up\n2026-11-05T10:00:00Z,s.av,down\n",
            ),
            (
                "surveys.csv",
                "timestamp,metric,score\n2026-10-05T10:00:00Z,satisfaction,3\n2026-11-05T10:00:00Z,satisfaction,3\n",
            ),
        ],
        10,
    );
    // October: SLA met, experience missed. November: both missed: not a watermelon.
    assert_eq!(r.eval.watermelons.len(), 1);
    assert_eq!(r.eval.watermelons[0].window.label, "October 2026");
    assert_eq!(r.eval.watermelons[0].sla_met, ["s.av"]);
}

#[test]
fn bad_rows_are_named_by_line_and_column_and_the_limit_stops_reading() {
    let agreements = r#"sla s for wifi {
        provider uni customer board
        target av: availability >= 99% per month
        target fix: resolution_time <= 2h
    }
    xla x for wifi {
        provider uni customer board
        target sat: mean(satisfaction) >= 4 per month
    }"#;
    let r = run(
        agreements,
        &[
            (
                "samples.csv",
                "timestamp,target,value\n\
                 2026-10-05T10:00:00Z,s.avail,up\n\
                 2026-10-05T10:00:00Z,s.av,35s\n\
                 2026-10-05T10:00,s.av,up\n",
            ),
            (
                "surveys.csv",
                "timestamp,metric,score\n2026-10-05T10:00:00Z,satisfaction,7\n",
            ),
        ],
        10,
    );
    assert_eq!(
        r.errors,
        [
            "2:22 no agreement of the workspace has a target `s.avail`",
            "3:27 s.av: `35s` is not a percentage: write `up`, `down` or a percentage such as `99.7%`",
            "4:1 `timestamp`: `2026-10-05T10:00` has no offset: write it as `2026-10-05T10:00Z` (UTC) or with `+01:00`",
            "2:35 the score 7 is off the 1..5 scale of `satisfaction`",
        ]
    );
    assert_eq!(r.eval.data.rejected, 4);
    let limited = run(
        agreements,
        &[(
            "samples.csv",
            "timestamp,target,value\nx,s.av,up\nx,s.av,up\nx,s.av,up\nx,s.av,up\n",
        )],
        2,
    );
    assert_eq!(limited.errors.len(), 2);
}

#[test]
fn rolling_windows_end_every_day_and_merge_the_days_before() {
    let r = run(
        r#"sla s for wifi {
            provider uni customer board
            target av: availability >= 60% over rolling 2d
        }"#,
        &[(
            "samples.csv",
            // 5 Oct: up, up; 6 Oct: down; 7 Oct: down, down.
            "timestamp,target,value\n\
             2026-10-05T10:00:00Z,s.av,up\n\
             2026-10-05T11:00:00Z,s.av,up\n\
             2026-10-06T10:00:00Z,s.av,down\n\
             2026-10-07T10:00:00Z,s.av,down\n\
             2026-10-07T11:00:00Z,s.av,down\n",
        )],
        10,
    );
    assert!(r.eval.skipped.is_empty(), "{:?}", r.eval.skipped);
    let day = |label: &str| one(&r, "s.av", label);
    // The window ending 5 Oct holds 5 Oct only (and 4 Oct, empty): 100%.
    assert_eq!(day("2 days to 2026-10-05").measured, "100%");
    // 5 and 6 Oct: 2 of 3 up.
    let d6 = day("2 days to 2026-10-06");
    assert_eq!((d6.measured.as_str(), d6.verdict), ("66.67%", Verdict::Met));
    assert_eq!(
        (d6.window.start.as_str(), d6.window.end.as_str()),
        ("2026-10-05", "2026-10-07")
    );
    // 6 and 7 Oct: 0 of 3.
    assert_eq!(day("2 days to 2026-10-07").verdict, Verdict::Missed);
    // Remedies are per window: a daily rolling window pays nothing.
    assert!(r.eval.credits.is_empty());
}

#[test]
fn availability_from_outage_events_counts_calendar_time_down() {
    let r = run(
        r#"sla s for wifi {
            provider uni customer board
            target av: availability >= 99.5% during teaching per month
        }"#,
        &[(
            "incidents.csv",
            // One hour down inside teaching hours on Tue 13 Oct (09:00–10:00
            // London = 08:00–09:00 UTC), and an outage at night that the
            // calendar does not count. October has 22 teaching days of 10h.
            "id,target,opened,restored\n\
             OUT1,s.av,2026-10-13T08:00:00Z,2026-10-13T09:00:00Z\n\
             OUT2,s.av,2026-10-13T22:00:00Z,2026-10-14T02:00:00Z\n\
             OUT3,s.av,2026-11-02T09:00:00Z,2026-11-02T09:00:00Z\n",
        )],
        10,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let oct = one(&r, "s.av", "October 2026");
    // 1 - 1h / 220h = 99.545…%
    assert_eq!(
        (oct.measured.as_str(), oct.verdict),
        ("99.55%", Verdict::Met)
    );
    assert_eq!(oct.cases, 2);
    // November: an outage of zero length, the month fully up.
    assert_eq!(one(&r, "s.av", "November 2026").measured, "100%");
}
