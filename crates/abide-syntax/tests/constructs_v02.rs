//! Every construct of LANGUAGE.md §7 (language v0.2) parses into the AST it
//! means, and the fine points of its syntax hold: contextual keywords,
//! month dates, the forgotten-comma rule for hour-less day lines, and the
//! errors of misspelt fixed words.
//!
//! Cases are stated in the S-expression notation of GRAMMAR.md §3.

use abide_syntax::token::Token;
use abide_syntax::{lexer, parse, sexp};

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

/// The codes, span texts and messages of the syntax errors of `src`.
fn errors(src: &str) -> Vec<(String, String, String)> {
    parse(src)
        .errors
        .iter()
        .map(|e| {
            (
                e.code.id.to_owned(),
                src[e.span.range()].to_owned(),
                e.message.clone(),
            )
        })
        .collect()
}

#[test]
fn fees_known_only_at_evaluation() {
    assert_eq!(
        body("fee charges per month \"what the customer paid in the region\""),
        "(fee charges per month \"what the customer paid in the region\")"
    );
    assert_eq!(
        body("fee charges USD per quarter"),
        "(fee charges USD per quarter)"
    );
    // The v0.1 form is unchanged.
    assert_eq!(body("fee 18000 GBP per month"), "(fee 18000 GBP per month)");
    let e = errors("sla a for s { fee chargez per month }");
    assert_eq!(e[0].0, "E0115");
    assert_eq!(e[0].1, "chargez");
}

#[test]
fn versions_and_month_dates() {
    assert_eq!(
        body("supersedes compute_2023\nvalid from 2016-07"),
        "(supersedes compute_2023) (valid from 2016-07)"
    );
    assert_eq!(body("valid 2024-10..2025-09"), "(valid 2024-10..2025-09)");
    let p = parse("sla a for s { valid 2024-10..2025-02 }");
    let abide_syntax::ast::ItemKind::Agreement(a) = &p.file.items[0].kind else {
        panic!("not an agreement");
    };
    let abide_syntax::ast::BodyClauseKind::Valid(v) = &a.clauses[0].kind else {
        panic!("not a validity");
    };
    let abide_syntax::ast::Validity { start, end } = &**v;
    // A month means the whole month: first day as a start, last day as an end.
    assert!(start.month);
    assert_eq!(
        start.first_day().map(|d| d.to_string()).as_deref(),
        Some("2024-10-01")
    );
    let end = end.as_ref().and_then(|e| e.last_day());
    assert_eq!(end.map(|d| d.to_string()).as_deref(), Some("2025-02-28"));
    // Month literals are checked like days.
    let e = errors("sla a for s { valid from 2024-13 }");
    assert_eq!(e[0].0, "E0105");
    assert_eq!(e[0].1, "2024-13");
    let e = errors("sla a for s { valid from 2024-7 }");
    assert_eq!(e[0].0, "E0105");
    assert!(e[0].2.contains("YYYY-MM"), "{}", e[0].2);
}

#[test]
fn credit_payment_terms_caps_and_claims() {
    assert_eq!(
        body(
            "credits paid as invoice_credit minimum 1 USD, not refundable, expire on termination, sole remedy"
        ),
        "(credits-paid-as invoice_credit (minimum 1 USD) (not refundable) (expire on termination) (sole remedy))"
    );
    assert_eq!(
        body("credits paid as service_credit, refundable"),
        "(credits-paid-as service_credit (refundable))"
    );
    assert_eq!(
        body(
            "credits capped at 100% of fee per invoice\ncredits capped at 1 day of fee over rolling 24h\ncredits capped at 100% of fee over rolling 12 months"
        ),
        "(cap (pct-of-fee 100%) per invoice) (cap (days-of-fee 1) over-rolling 24h) (cap (pct-of-fee 100%) over-rolling 12 months)"
    );
    assert_eq!(
        body(
            "claim within 30d after eligibility\nclaim within 7bd during business_days after month end\nclaim within 60d"
        ),
        "(claim 30d after eligibility) (claim 7bd during business_days after month end) (claim 60d)"
    );
    // An unknown payment term is named, and the known ones around it survive.
    let src = "sla a for s { credits paid as invoice_credit, not refundable, never expire }";
    let e = errors(src);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].1, "never expire");
    assert!(e[0].2.contains("not a payment term"), "{}", e[0].2);
    assert!(sexp::file(&parse(src).file).contains("(not refundable)"));
    // `1 hour of fee` is not a fee amount.
    assert_eq!(
        errors("sla a for s { credits capped at 1 hour of fee }")[0].1,
        "hour"
    );
}

#[test]
fn actions_and_change_governance() {
    assert_eq!(
        body(
            "action \"improvement plan\" when availability < 99%\naction \"suspension\" when availability < 80% for 3 consecutive months\naction \"may terminate\" when availability < 100% lasting > 72h"
        ),
        "(action \"improvement plan\" when (< availability 99%)) (action \"suspension\" when (< availability 80%) (for 3 consecutive months)) (action \"may terminate\" when (< availability 100%) (lasting > 72h))"
    );
    // Qualifiers of the trigger stay qualifiers; `for N%` is not `for N consecutive`.
    assert_eq!(
        body(
            "action \"review\" when resolution_time > 4h for 90% of incidents where priority = critical"
        ),
        "(action \"review\" when (> resolution_time 4h) [(for 90% of incidents) (where priority = critical)])"
    );
    assert_eq!(
        body(
            "changes by provider_id with notice 4w at most once per year\nchanges by x at most 4 per year\nchanges by y"
        ),
        "(changes-by provider_id (notice 4w) (at-most 1 per year)) (changes-by x (at-most 4 per year)) (changes-by y)"
    );
    let e = errors("sla a for s { changes by x at most thrice per year }");
    assert_eq!(e[0].1, "thrice");
}

#[test]
fn derived_priorities_and_scales() {
    assert_eq!(
        items("scale impact \"Impact\" { high \"whole campus\" medium \"one building\" low }"),
        "(scale impact \"Impact\" (high \"whole campus\") (medium \"one building\") (low))"
    );
    assert_eq!(
        items(
            "priorities p from urgency x impact {\n critical \"P1\" when (high, high)\n high when (high, medium), (medium, high)\n}"
        ),
        "(priorities p (from urgency impact) (critical \"P1\" when (high high)) (high when (high medium) (medium high)))"
    );
    assert_eq!(
        items(
            "priorities p from affected_users { p1 when >= 100 p2 when >= 10, < 100 p3 when < 10 }"
        ),
        "(priorities p (from affected_users) (p1 when (>= 100)) (p2 when (>= 10) (< 100)) (p3 when (< 10)))"
    );
    // v0.1 scales are unchanged.
    assert_eq!(
        items("priorities priority { critical \"P1\" high \"P2\" }"),
        "(priorities priority (critical \"P1\") (high \"P2\"))"
    );
    let e = errors("priorities p from urgency by impact { }");
    assert_eq!(e[0].0, "E0111");
}

#[test]
fn calendars_defined_by_another_document() {
    assert_eq!(
        items(
            "calendar business_hours \"Business hours\" defined by \"provider policy\" {\n timezone \"America/Chicago\"\n mon..fri\n except holidays \"public holidays\"\n}"
        ),
        "(calendar business_hours \"Business hours\" (defined-by \"provider policy\") (timezone \"America/Chicago\") (open [mon..fri] []) (except-named holidays \"public holidays\"))"
    );
    // Hour-less lines on their own lines are two clauses.
    assert_eq!(
        items("calendar c defined by \"policy\" {\n mon..fri\n sat 10:00..14:00\n}"),
        "(calendar c (defined-by \"policy\") (open [mon..fri] []) (open [sat] [10:00..14:00]))"
    );
    // ...but a forgotten comma on one line is still an error at the second day (GRAMMAR.md item 21).
    let e = errors("calendar c { sat sun 10:00..14:00 }");
    assert_eq!((e[0].0.as_str(), e[0].1.as_str()), ("E0111", "sun"));
    let e = errors("calendar c { sat; sun 10:00..14:00 }");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn misspelt_clause_keywords_get_a_did_you_mean() {
    let p = parse("sla a for s { supercedes old }\nscal impact { high }");
    let helps: Vec<_> = p.errors.iter().map(|e| e.help.clone()).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `supersedes`?".to_owned()),
            Some("did you mean `scale`?".to_owned())
        ]
    );
}

#[test]
fn layering() {
    assert_eq!(
        body(
            "extends general_sla\nprevails over \"Customer Agreement\", order_form\nbelow \"Order Form\", \"Terms\""
        ),
        "(extends general_sla) (prevails-over \"Customer Agreement\" order_form) (below \"Order Form\" \"Terms\")"
    );
}

#[test]
fn error_rate_downtime() {
    assert_eq!(
        body("downtime when error_rate > 5% in each 1min"),
        "(downtime-when (> error_rate 5%) in-each 1min)"
    );
    assert_eq!(
        body(
            "uptime from mean(error_rate) in each 5min counting [\"InternalError\", \"ServiceUnavailable\"] minimum 100 requests else up"
        ),
        "(uptime-from (mean error_rate) in-each 5min (counting \"InternalError\" \"ServiceUnavailable\") (minimum 100 requests else up))"
    );
    let e = errors(
        "sla a for s { downtime when error_rate > 5% in each 1min minimum 100 requests otherwise up }",
    );
    assert_eq!(e[0].1, "otherwise");
}

#[test]
fn targets_scopes_conditions_and_redundancy() {
    assert_eq!(
        body(
            "target region: availability >= 99.99% per month if \"instances run in at least two zones\" in at least 2 of 3 zones"
        ),
        "(target region (>= availability 99.99%) [(per month) (if \"instances run in at least two zones\") (at-least 2 of 3 zones)])"
    );
    assert_eq!(
        body("target p1: resolution_time <= 4h where priority = critical and site = main"),
        "(target p1 (<= resolution_time 4h) [(where priority = critical and site = main)])"
    );
    assert_eq!(
        body("target p2: resolution_time <= 8h where tier in [premium, standard] and region = eu"),
        "(target p2 (<= resolution_time 8h) [(where tier in [premium standard] and region = eu)])"
    );
    assert_eq!(
        body("target r: availability >= 99% rising to 99.5% from 2027-01"),
        "(target r (>= availability 99%) [(rising 99.5% from 2027-01)])"
    );
    let e = errors(
        "sla a for s { target p: resolution_time <= 4h where priority = critical or site = main }",
    );
    assert_eq!((e[0].0.as_str(), e[0].1.as_str()), ("E0115", "or"));
}

#[test]
fn contextual_keywords_are_decided_by_the_next_token() {
    fn kinds(src: &str) -> Vec<Token<'_>> {
        lexer::lex(src).tokens.into_iter().map(|t| t.1).collect()
    }
    // Clause starters…
    assert_eq!(kinds("downtime when")[0], Token::DowntimeRule);
    assert_eq!(kinds("uptime from")[0], Token::UptimeRule);
    assert_eq!(kinds("below \"Terms\"")[0], Token::BelowDocs);
    // …but free names everywhere else.
    assert_eq!(kinds("of downtime }")[1], Token::Ident("downtime"));
    assert_eq!(kinds("below 99.9%")[0], Token::Ident("below"));
    assert_eq!(kinds("priorities uptime from x")[1], Token::Ident("uptime"));
    // The prelude metric `downtime` still works in conditions and proportional credits.
    assert_eq!(
        body(
            "target d: downtime <= 4h per month\ncredit 1% of fee for each 60min of downtime below 99.9%"
        ),
        "(target d (<= downtime 4h) [(per month)]) (credit (pct-of-fee 1%) for-each 60min of downtime below 99.9%)"
    );
    // Every new reserved word is rejected as a name with the usual message.
    for kw in [
        "supersedes",
        "extends",
        "prevails",
        "action",
        "lasting",
        "changes",
        "scale",
        "defined",
        "if",
    ] {
        let e = errors(&format!("party {kw} : customer"));
        assert!(
            e.iter().any(|(_, _, m)| m.contains("reserved word")),
            "{kw}: {e:?}"
        );
    }
}

#[test]
fn the_v02_tour_parses_completely() {
    let src = include_str!("fixtures/v02-syntax.abide");
    let p = parse(src);
    assert!(p.errors.is_empty(), "{:#?}", p.errors);
    let all = sexp::file(&p.file);
    for needle in [
        "(scale impact",
        "(from urgency impact)",
        "(defined-by \"provider policy\")",
        "(supersedes compute_2023)",
        "(fee charges USD per month",
        "(credits-paid-as invoice_credit",
        "(action \"suspension\"",
        "(changes-by cloud (notice 4w) (at-most 1 per year))",
        "(downtime-when (> error_rate 5%) in-each 1min)",
        "(at-least 2 of 3 zones)",
        "(if \"instances run in at least two zones\")",
    ] {
        assert!(all.contains(needle), "missing {needle} in\n{all}");
    }
}
