//! Every construct family of LANGUAGE.md §1–§4 parses into the AST it means.
//!
//! Cases are stated in the S-expression notation of GRAMMAR.md §3 (see
//! `abide_syntax::sexp`), so a reader sees the intended tree at a glance.

use abide_syntax::{parse, sexp};

/// Parses `src` and returns the S-expression of every item; fails on any syntax error.
fn items(src: &str) -> String {
    let p = parse(src);
    assert!(
        p.errors.is_empty(),
        "unexpected syntax errors in {src:?}: {:#?}",
        p.errors.iter().map(|e| &e.message).collect::<Vec<_>>()
    );
    sexp::file(&p.file).trim_end().to_owned()
}

/// Parses body clauses inside `sla a for s { … }` and returns them.
fn body(clauses: &str) -> String {
    let out = items(&format!("sla a for s {{\n{clauses}\n}}"));
    out.strip_prefix("(sla a for s ")
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(&out)
        .to_owned()
}

/// The codes and span texts of the syntax errors of `src`.
fn errors(src: &str) -> Vec<(String, String)> {
    parse(src)
        .errors
        .iter()
        .map(|e| (e.code.id.to_owned(), src[e.span.range()].to_owned()))
        .collect()
}

#[test]
fn parties() {
    assert_eq!(
        items(
            "party uni_it \"University IT Services\" : organization\nparty net \"Network Team\" : team of uni_it"
        ),
        "(party uni_it \"University IT Services\" organization)\n(party net \"Network Team\" team of uni_it)"
    );
    // reserved words allowed as a party kind (GRAMMAR item 17)
    assert_eq!(
        items("party s : users; party c : customer"),
        "(party s users)\n(party c customer)"
    );
}

#[test]
fn services() {
    assert_eq!(
        items(
            "service campus_wifi \"Campus Wi-Fi\" { owner uni_it; users students, staff; depends on dns, power }"
        ),
        "(service campus_wifi \"Campus Wi-Fi\" (owner uni_it) (users students staff) (depends-on dns power))"
    );
}

#[test]
fn calendars() {
    assert_eq!(
        items(
            "calendar teaching_hours \"Teaching hours\" {\n  timezone \"Europe/London\"\n  mon..fri 08:00..18:00\n  sat, sun 10:00..14:00, 22:00..02:00\n  except 2026-12-21..2027-01-03, 2027-04-03\n}"
        ),
        "(calendar teaching_hours \"Teaching hours\" (timezone \"Europe/London\") (open [mon..fri] [08:00..18:00]) (open [sat sun] [10:00..14:00 22:00..02:00]) (except 2026-12-21..2027-01-03 2027-04-03))"
    );
    assert_eq!(
        items("calendar always { mon..sun 00:00..24:00 }"),
        "(calendar always (open [mon..sun] [00:00..24:00]))"
    );
}

#[test]
fn metrics_and_priorities() {
    assert_eq!(
        items(
            "metric effort \"Customer effort\" { unit score 1..7; better lower; category experience }"
        ),
        "(metric effort \"Customer effort\" (unit score 1..7) (better lower) (category experience))"
    );
    assert_eq!(
        items("metric m { unit score -3..+3 }"),
        "(metric m (unit score -3..+3))"
    );
    assert_eq!(
        items("priorities priority { critical \"P1\"; high \"P2\" medium low }"),
        "(priorities priority (critical \"P1\") (high \"P2\") (medium) (low))"
    );
}

#[test]
fn agreement_headers_and_lifecycle() {
    for kind in ["sla", "ola", "xla", "contract"] {
        assert_eq!(
            items(&format!("{kind} a \"A\" for s {{}}")),
            format!("({kind} a \"A\" for s)")
        );
    }
    assert_eq!(
        body(
            "provider uni_it\ncustomer board\nstatus signed\nvalid 2026-09-01..2027-08-31\nreview every quarter last 2026-09-15\nfee 18000 GBP per month"
        ),
        "(provider uni_it) (customer board) (status signed) (valid 2026-09-01..2027-08-31) (review every quarter last 2026-09-15) (fee 18000 GBP per month)"
    );
    assert_eq!(
        body("valid from 2024-10-07; review every year"),
        "(valid from 2024-10-07) (review every year)"
    );
}

#[test]
fn targets_and_qualifiers() {
    assert_eq!(
        body(
            "target availability: availability >= 99.5% during teaching_hours per month\n  measured by \"controller uptime probes\""
        ),
        "(target availability (>= availability 99.5%) [(during teaching_hours) (per month) (measured-by \"controller uptime probes\")])"
    );
    assert_eq!(
        body("target p1: resolution_time <= 2h for 95% of incidents where priority = critical"),
        "(target p1 (<= resolution_time 2h) [(for 95% of incidents) (where priority = critical)])"
    );
    // GRAMMAR §3 #12: reserved words as noun and field
    assert_eq!(
        body("target p1: resolution_time <= 2h for 95% of users where customer = acme"),
        "(target p1 (<= resolution_time 2h) [(for 95% of users) (where customer = acme)])"
    );
    // #17
    assert_eq!(
        body("target c: concurrent_users >= 200 where priority in [critical, high,] in each site"),
        "(target c (>= concurrent_users 200) [(where priority in [critical high]) (in-each site)])"
    );
    assert_eq!(
        body(
            "target r: availability >= 99.9% over rolling 30d excluding maint, \"force majeure\" for 90% of \"P1 incidents\""
        ),
        "(target r (>= availability 99.9%) [(over-rolling 30d) (excluding maint \"force majeure\") (for 90% of \"P1 incidents\")])"
    );
    assert_eq!(
        body("target m: availability >= 99.9% minimum 99.5% where site = main where tier = 3"),
        "(target m (>= availability 99.9%) [(minimum 99.5%) (where site = main) (where tier = 3)])"
    );
    assert_eq!(
        body("target n: nps >= +65; target t: throughput >= 100/s"),
        "(target n (>= nps +65) []) (target t (>= throughput 100/s) [])"
    );
    assert_eq!(
        body("target cost: cost <= 1000 GBP"),
        "(target cost (<= cost 1000 GBP) [])"
    );
}

#[test]
fn aggregates() {
    assert_eq!(
        body("target ease: share(ease_of_use >= 4) >= 90% per quarter"),
        "(target ease (>= (share (>= ease_of_use 4)) 90%) [(per quarter)])"
    );
    for agg in ["mean", "median", "min", "max", "p50", "p99", "count"] {
        assert_eq!(
            body(&format!("target x: {agg}(latency) <= 200ms")),
            format!("(target x (<= ({agg} latency) 200ms) [])")
        );
    }
    assert_eq!(
        body("target x: pct(99.9, latency) <= 2s"),
        "(target x (<= (pct 99.9 latency) 2s) [])"
    );
}

#[test]
fn supports_and_steps() {
    assert_eq!(
        body(
            "target a: availability >= 99.5% supported by all(isp.link, any(net.core, net.backup,))"
        ),
        "(target a (>= availability 99.5%) [(supported-by (all isp.link (any net.core net.backup)))])"
    );
    assert_eq!(
        body("target r: response_time <= 15min supported by seq(desk.answer, desk.triage)"),
        "(target r (<= response_time 15min) [(supported-by (seq desk.answer desk.triage))])"
    );
    // GRAMMAR §3 #10: a bare list ends at the first non-comma
    assert_eq!(
        body("target x: m >= 1 supported by a.x, b.y\ntarget y: m >= 2"),
        "(target x (>= m 1) [(supported-by a.x b.y)]) (target y (>= m 2) [])"
    );
    // #16: any order
    assert_eq!(
        body(
            "target t: availability >= 99.9% minimum 99.5% supported by x.y measured by \"probe\" rising to 99.95% from 2027-01-01"
        ),
        "(target t (>= availability 99.9%) [(minimum 99.5%) (supported-by x.y) (measured-by \"probe\") (rising 99.95% from 2027-01-01)])"
    );
    assert_eq!(
        body(
            "target s: mean(satisfaction) >= 4.2 per month rising to 4.4 from 2027-01-01 rising to 4.5 from 2027-06-01"
        ),
        "(target s (>= (mean satisfaction) 4.2) [(per month) (rising 4.4 from 2027-01-01) (rising 4.5 from 2027-06-01)])"
    );
    assert_eq!(
        body("target b: availability >= 99% supported by isp"),
        "(target b (>= availability 99%) [(supported-by isp)])"
    );
}

#[test]
fn credits_rewards_and_terms() {
    // GRAMMAR §3 #14
    assert_eq!(
        body(
            "credit 5% of fee when availability < 99.5%\nreward 500 GBP when mean(satisfaction) >= 4.6"
        ),
        "(credit (pct-of-fee 5%) when (< availability 99.5%)) (reward (money 500 GBP) when (>= (mean satisfaction) 4.6))"
    );
    assert_eq!(
        body("reward 2% of fee when availability >= 99.99% per quarter"),
        "(reward (pct-of-fee 2%) when (>= availability 99.99%) [(per quarter)])"
    );
    assert_eq!(
        body(
            "credit 3% of fee for each 60min of downtime\ncredit 10% of fee for each 1% below 99.9%"
        ),
        "(credit (pct-of-fee 3%) for-each 60min of downtime) (credit (pct-of-fee 10%) for-each 1% below 99.9%)"
    );
    // #15
    assert_eq!(
        body("credits capped at 30% of fee per month"),
        "(cap (pct-of-fee 30%) per month)"
    );
    assert_eq!(
        body("claim within 30d after month end"),
        "(claim 30d after month end)"
    );
    // #13
    assert_eq!(
        body("earn back credits when availability >= 99.9% for 3 consecutive months"),
        "(earn-back (>= availability 99.9%) [] 3 consecutive months)"
    );
}

#[test]
fn doc_comments_attach_to_items_and_targets() {
    let src = "/// Teaching hours.\n/// Second line.\n// an ordinary comment in between\ncalendar c { mon 08:00..09:00 }\nsla a for s {\n    /// The promise.\n    target t: availability >= 99%\n    /// stray\n    credit 5% of fee when availability < 99%\n}\n//// banner, not a doc\n";
    let p = parse(src);
    assert!(p.errors.is_empty());
    assert_eq!(
        sexp::file(&p.file),
        "(calendar c (open [mon] [08:00..09:00]) (doc \"Teaching hours.\\nSecond line.\"))\n(sla a for s (target t (>= availability 99%) [] (doc \"The promise.\")) (credit (pct-of-fee 5%) when (< availability 99%)))\n"
    );
    assert_eq!(p.stray_docs.len(), 1);
    assert_eq!(&src[p.stray_docs[0].range()], "/// stray");
    assert_eq!(p.trivia.len(), 6);
}

#[test]
fn the_wifi_example_parses_completely() {
    let src = include_str!("../../../examples/campus-wifi/campus_wifi.abide");
    let p = parse(src);
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
    let kinds: Vec<_> = p
        .file
        .items
        .iter()
        .map(|i| sexp::item(i).split(' ').next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "(party").count(), 7);
    assert_eq!(kinds.iter().filter(|k| *k == "(calendar").count(), 2);
    let all = sexp::file(&p.file);
    assert!(
        all.contains("(supported-by (all isp.link_availability network_ola.core_availability))")
    );
    assert!(all.contains("(supported-by (seq desk_ola.answer desk_ola.triage))"));
    assert!(all.contains("(supported-by network_ola.hall_restore isp.fix_time)"));
    assert!(all.contains("(rising 4.4 from 2027-01-01)"));
}

#[test]
fn tricky_inputs_of_grammar_section_3() {
    // #4: a forgotten comma between days is an error at `sun`, never "all of Saturday"
    assert_eq!(
        errors("calendar c { sat sun 10:00..14:00 }")[0],
        ("E0111".into(), "sun".into())
    );
    assert_eq!(
        errors("calendar c { mon-fri 08:00..18:00 }")[0],
        ("E0111".into(), "-".into())
    );
    // #5
    assert_eq!(
        errors("sla a for s { target x: answer_time <= 30sec }"),
        [("E0104".into(), "30sec".into())]
    );
    // #6
    assert_eq!(
        errors("sla a for s { fee 12.505 EUR per month }"),
        [("E0108".into(), "12.505 EUR".into())]
    );
    // #7
    assert_eq!(
        errors("sla a for s { target n: nps >= + 65 }"),
        [("E0114".into(), "+ ".into())]
    );
    assert_eq!(
        errors("sla a for s { target n: nps >= \u{2212}65 }"),
        [("E0101".into(), "\u{2212}".into())]
    );
    // #9
    assert_eq!(
        errors("sla a for s { target x: availability >= 99.5 % }"),
        [("E0101".into(), "%".into())]
    );
    // #10 trailing comma: the error is on the comma and the next target still parses
    let src = "sla a for s { target x: m >= 1 supported by a.x, b.y,\n target y: m >= 2 }";
    assert_eq!(errors(src), [("E0111".into(), ",".into())]);
    assert!(sexp::file(&parse(src).file).contains("(target y (>= m 2) [])"));
    // #12
    assert_eq!(
        errors("sla a for s { target users: availability >= 99% }"),
        [("E0111".into(), "users".into())]
    );
    // #15
    assert_eq!(
        errors("sla a for s { credits capped foo 30% of fee }"),
        [("E0115".into(), "foo".into())]
    );
    // #18
    assert_eq!(
        errors("sla a for s { target x: p99.9(latency) <= 2s }")[0],
        ("E0111".into(), ".".into())
    );
    // #20
    assert_eq!(
        errors("calendar c { timezone UTC }"),
        [("E0111".into(), "UTC".into())]
    );
}

#[test]
fn recovery_reports_every_broken_item_and_keeps_the_good_ones() {
    let src = "party a \"A\" organization\nparty ok1 : team\nservice s { owner }\nparty ok2 : users\nsla x for s { target t: availability >= 99.5 % per month\n target u: availability >= 99% }\n";
    let p = parse(src);
    let codes: Vec<_> = p.errors.iter().map(|e| e.code.id).collect();
    assert_eq!(codes, ["E0111", "E0111", "E0101"], "{:#?}", p.errors);
    let all = sexp::file(&p.file);
    assert!(all.contains("(party ok1 team)"), "{all}");
    assert!(all.contains("(party ok2 users)"), "{all}");
    assert!(all.contains("(target u (>= availability 99%) [])"), "{all}");
}
