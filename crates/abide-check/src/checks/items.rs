//! Rules of single declarations: parties, services, calendars, metrics,
//! priority scales and agreement headers (roles included).

use std::collections::BTreeMap;

use abide_db::codes;
use abide_syntax::Span;
use abide_syntax::ast::{self, AgreementKind};

use super::Cx;
use super::names::{repeated, resolve, unknown_word};
use crate::calendar;
use crate::diag::{self, DiagExt};
use crate::model::{self, Dim, PartyKind, Period, weekday};
use crate::scope::ItemTag;

/// `party …`
pub fn party(cx: &mut Cx<'_>, p: &ast::Party) {
    let kind = PartyKind::parse(&p.kind.text);
    if kind.is_none() {
        unknown_word(cx, &p.kind, "party kind", PartyKind::WORDS);
    }
    let Some(of) = &p.of else { return };
    if kind.is_some() && kind != Some(PartyKind::Team) {
        cx.push(
            diag::error(
                codes::OF_ON_NON_TEAM,
                cx.file,
                of.span,
                format!(
                    "`{}` is a `{}` party; only a team belongs to an organization",
                    p.name.text, p.kind.text
                ),
                "`of` needs kind `team`",
            )
            .help(format!(
                "write `: team of {}`, or remove `of {}`",
                of.text, of.text
            )),
        );
        return;
    }
    if resolve(cx, of, &[ItemTag::Party], "party").is_some()
        && let Some(org) = cx.m.party(&of.text)
        && org.kind.is_some()
        && org.kind != Some(PartyKind::Organization)
    {
        let kind = org.kind.map_or("", PartyKind::word);
        cx.push(
            diag::error(
                codes::TEAM_OF_NON_ORGANIZATION,
                cx.file,
                of.span,
                format!(
                    "team `{}` belongs to `{}`, which is a {kind}, not an organization",
                    p.name.text, of.text
                ),
                "not an organization",
            )
            .help(format!(
                "make `{}` an organization, or name the organization the team belongs to",
                of.text
            )),
        );
    }
}

/// `service …`
pub fn service(cx: &mut Cx<'_>, s: &ast::Service) {
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for c in &s.clauses {
        let key = match &c.kind {
            ast::ServiceClauseKind::Owner(_) => "`owner`",
            ast::ServiceClauseKind::Users(_) => "`users`",
            ast::ServiceClauseKind::DependsOn(_) => "`depends on`",
        };
        if let Some(first) = seen.get(key) {
            repeated(cx, key, *first, c.span);
            continue;
        }
        seen.insert(key, c.span);
        match &c.kind {
            ast::ServiceClauseKind::Owner(n) => {
                if resolve(cx, n, &[ItemTag::Party], "party").is_some() {
                    let kind = cx.m.party(&n.text).and_then(|p| p.kind);
                    if kind.is_some_and(|k| !matches!(k, PartyKind::Organization | PartyKind::Team))
                    {
                        cx.push(
                            diag::error(
                                codes::SERVICE_ROLES,
                                cx.file,
                                n.span,
                                format!(
                                    "the owner of service `{}` must be an organization or a team, but `{}` is a party of kind `{}`",
                                    s.name.text,
                                    n.text,
                                    kind.map_or("", PartyKind::word)
                                ),
                                "not an organization or team",
                            )
                            .note("ITIL: the service owner is accountable for the service"),
                        );
                    }
                }
            }
            ast::ServiceClauseKind::Users(list) => {
                for n in list {
                    if resolve(cx, n, &[ItemTag::Party], "party").is_some() {
                        let kind = cx.m.party(&n.text).and_then(|p| p.kind);
                        if kind
                            .is_some_and(|k| !matches!(k, PartyKind::Users | PartyKind::Customer))
                        {
                            cx.push(diag::error(
                                codes::SERVICE_ROLES,
                                cx.file,
                                n.span,
                                format!(
                                    "the users of service `{}` must be parties of kind `users` or `customer`, but `{}` is a party of kind `{}`",
                                    s.name.text,
                                    n.text,
                                    kind.map_or("", PartyKind::word)
                                ),
                                "not users or a customer",
                            ));
                        }
                    }
                }
            }
            ast::ServiceClauseKind::DependsOn(list) => {
                for n in list {
                    resolve(cx, n, &[ItemTag::Service], "service");
                }
            }
        }
    }
    if !seen.contains_key("`owner`") {
        cx.push(
            diag::lint(
                codes::MISSING_OWNER,
                cx.file,
                s.name.span,
                format!("service `{}` has no owner", s.name.text),
                "no `owner` clause",
            )
            .note("ITIL: every service needs an accountable owner")
            .help("add `owner PARTY` naming an organization or team"),
        );
    }
}

/// `calendar …`
pub fn calendar(cx: &mut Cx<'_>, c: &ast::Calendar) {
    let mut tz: Option<Span> = None;
    for clause in &c.clauses {
        match &clause.kind {
            ast::CalendarClauseKind::Timezone(s) => {
                if let Some(first) = tz {
                    repeated(cx, "`timezone`", first, clause.span);
                    continue;
                }
                tz = Some(clause.span);
                if !calendar::is_known_zone(&s.value) {
                    let zones = jiff::tz::db()
                        .available()
                        .map(|n| n.as_str().to_owned())
                        .collect::<Vec<_>>();
                    cx.push(
                        diag::error(
                            codes::UNKNOWN_TIMEZONE,
                            cx.file,
                            s.span,
                            format!("`{}` is not a time zone of the IANA database", s.value),
                            "unknown time zone",
                        )
                        .note("time zones are IANA names such as \"Europe/London\" or \"America/Chicago\"")
                        .maybe_help(crate::suggest::help(&s.value, zones.iter())),
                    );
                }
            }
            ast::CalendarClauseKind::Except(spans) => {
                for s in spans {
                    if let (Some(a), Some(b)) = (
                        s.start.first_day(),
                        s.end.as_ref().and_then(|e| e.last_day()),
                    ) && b < a
                    {
                        cx.push(
                            diag::error(
                                codes::EMPTY_RANGE,
                                cx.file,
                                s.span,
                                "this date range runs backwards",
                                "end before start",
                            )
                            .help(format!(
                                "write `{}..{}`",
                                s.end.as_ref().map_or("", |e| e.text.as_str()),
                                s.start.text
                            )),
                        );
                    }
                }
            }
            ast::CalendarClauseKind::ExceptNamed { .. } => {}
            ast::CalendarClauseKind::Hours { days, times } => {
                if times.is_empty() && c.defined_by.is_none() {
                    let days_text = days
                        .iter()
                        .map(|d| match &d.end {
                            Some(e) => format!("{}..{}", d.start.text, e.text),
                            None => d.start.text.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    cx.push(
                        diag::error(
                            codes::HOURS_NOT_STATED,
                            cx.file,
                            clause.span,
                            format!(
                                "calendar `{}` lists `{days_text}` without hours",
                                c.name.text
                            ),
                            "no hours",
                        )
                        .note("days without hours are allowed only in a calendar whose hours another document defines")
                        .help(format!(
                            "add hours such as `{days_text} 08:00..18:00`, or write `defined by \"…\"` after the title of `{}` if another document defines them",
                            c.name.text
                        )),
                    );
                }
                for d in days {
                    for n in std::iter::once(&d.start).chain(d.end.as_ref()) {
                        if weekday(&n.text).is_none() {
                            unknown_word(
                                cx,
                                n,
                                "day",
                                &["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                            );
                        }
                    }
                }
                for t in times {
                    if let (Some(a), Some(b)) = (t.start.minutes, t.end.minutes)
                        && a == b
                    {
                        cx.push(
                            diag::error(codes::EMPTY_RANGE, cx.file, t.span, "this time span is empty", "starts where it ends")
                                .note("time spans are half-open: `08:00..18:00` is ten hours; a span past midnight ends the next day")
                                .help("for a whole day write `00:00..24:00`"),
                        );
                    }
                }
            }
        }
    }
    if tz.is_none() {
        cx.push(
            diag::error(
                codes::MISSING_CLAUSE,
                cx.file,
                c.name.span,
                format!("calendar `{}` has no time zone", c.name.text),
                "no `timezone` clause",
            )
            .note("open hours mean nothing without the clock they are read on")
            .help("add `timezone \"Europe/London\"` (an IANA name)"),
        );
    }
}

/// `metric …`
pub fn metric(cx: &mut Cx<'_>, m: &ast::Metric) {
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    for c in &m.clauses {
        let key = match &c.kind {
            ast::MetricClauseKind::Unit { .. } => "`unit`",
            ast::MetricClauseKind::Better(_) => "`better`",
            ast::MetricClauseKind::Category(_) => "`category`",
        };
        if let Some(first) = seen.get(key) {
            repeated(cx, key, *first, c.span);
            continue;
        }
        seen.insert(key, c.span);
        match &c.kind {
            ast::MetricClauseKind::Unit { kind, range } => {
                metric_unit(cx, kind, range.as_ref(), c.span)
            }
            ast::MetricClauseKind::Better(n) => {
                if !matches!(n.text.as_str(), "higher" | "lower") {
                    unknown_word(cx, n, "direction", &["higher", "lower"]);
                }
            }
            ast::MetricClauseKind::Category(n) => {
                let words = ["utility", "warranty", "experience", "business"];
                if !words.contains(&n.text.as_str()) {
                    unknown_word(cx, n, "category", &words);
                }
            }
        }
    }
    for (key, example) in [
        ("`unit`", "unit percent"),
        ("`better`", "better higher"),
        ("`category`", "category warranty"),
    ] {
        if !seen.contains_key(key) {
            cx.push(
                diag::error(
                    codes::MISSING_CLAUSE,
                    cx.file,
                    m.name.span,
                    format!("metric `{}` has no {key} clause", m.name.text),
                    format!("{key} missing"),
                )
                .note("a metric needs its unit, the direction that is better, and its category")
                .help(format!("add `{example}`")),
            );
        }
    }
}

fn metric_unit(
    cx: &mut Cx<'_>,
    kind: &ast::Name,
    range: Option<&(
        abide_syntax::literal::Quantity,
        abide_syntax::literal::Quantity,
    )>,
    span: Span,
) {
    if !Dim::WORDS.contains(&kind.text.as_str()) {
        unknown_word(cx, kind, "unit kind", Dim::WORDS);
        return;
    }
    match (kind.text.as_str(), range) {
        ("score", None) => cx.push(
            diag::error(
                codes::MISSING_CLAUSE,
                cx.file,
                span,
                "a score needs its scale",
                "no range",
            )
            .help("write `unit score 1..5`"),
        ),
        ("score", Some((lo, hi))) => {
            for q in [lo, hi] {
                if q.value.is_some_and(|v| model::whole(v).is_none())
                    || q.unit != abide_syntax::literal::Unit::Number
                {
                    cx.push(diag::error(
                        codes::NOT_A_WHOLE_NUMBER,
                        cx.file,
                        q.span,
                        format!(
                            "the ends of a score scale are whole plain numbers, not `{}`",
                            q.text
                        ),
                        "not a whole number",
                    ));
                    return;
                }
            }
            if let (Some(a), Some(b)) = (lo.value, hi.value)
                && a >= b
            {
                cx.push(
                    diag::error(
                        codes::EMPTY_RANGE,
                        cx.file,
                        lo.span.to(hi.span),
                        "the scale must run from low to high",
                        "empty or reversed scale",
                    )
                    .help(format!("write `{}..{}`", hi.text, lo.text)),
                );
            }
        }
        (other, Some((lo, hi))) => cx.push(
            diag::error(
                codes::UNKNOWN_WORD,
                cx.file,
                lo.span.to(hi.span),
                format!("only a score has a scale; `{other}` does not take one"),
                "unexpected range",
            )
            .help(format!(
                "write `unit {other}`, or `unit score {}..{}`",
                lo.text, hi.text
            )),
        ),
        _ => {}
    }
}

/// `priorities …`
pub fn priorities(cx: &mut Cx<'_>, p: &ast::Priorities) {
    levels(
        cx,
        &p.name,
        &p.levels,
        "priority scale",
        "list the levels, most urgent first: `critical \"P1\" high \"P2\" …`",
    );
}

/// The level list of a `priorities` or `scale` declaration: at least one
/// level, none twice. Returns the levels listed once, in order.
pub fn levels<'a>(
    cx: &mut Cx<'_>,
    name: &ast::Name,
    levels: &'a [ast::PriorityLevel],
    what: &str,
    help: &str,
) -> Vec<&'a ast::PriorityLevel> {
    if levels.is_empty() {
        cx.push(
            diag::error(
                codes::MISSING_CLAUSE,
                cx.file,
                name.span,
                format!("{what} `{}` has no levels", name.text),
                "empty scale",
            )
            .help(help),
        );
    }
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    let mut once = Vec::new();
    for l in levels {
        if let Some(first) = seen.get(l.name.text.as_str()) {
            cx.push(
                diag::error(
                    codes::NAMES_DUPLICATE,
                    cx.file,
                    l.name.span,
                    format!("level `{}` appears twice in `{}`", l.name.text, name.text),
                    "listed again here",
                )
                .also(cx.file, *first, "first listed here"),
            );
            continue;
        }
        seen.insert(&l.name.text, l.name.span);
        once.push(l);
    }
    once
}

/// Which party kinds may take each role.
fn role_fits(kind: AgreementKind, provider: bool, party: PartyKind) -> bool {
    use PartyKind as P;
    match (kind, provider) {
        (AgreementKind::Sla | AgreementKind::Xla, true) => {
            matches!(party, P::Organization | P::Team)
        }
        (AgreementKind::Sla | AgreementKind::Xla, false) => party != P::Supplier,
        (AgreementKind::Ola, _) => matches!(party, P::Organization | P::Team),
        (AgreementKind::Contract, true) => party == P::Supplier,
        (AgreementKind::Contract, false) => matches!(party, P::Organization | P::Team),
    }
}

fn role_rule(kind: AgreementKind, provider: bool) -> &'static str {
    match (kind, provider) {
        (AgreementKind::Sla | AgreementKind::Xla, true) => {
            "the provider of an SLA or XLA is an organization or a team"
        }
        (AgreementKind::Sla | AgreementKind::Xla, false) => {
            "the customer of an SLA or XLA is not a supplier"
        }
        (AgreementKind::Ola, _) => {
            "both sides of an OLA are teams (or the organization) of the same organization"
        }
        (AgreementKind::Contract, true) => "the provider of an underpinning contract is a supplier",
        (AgreementKind::Contract, false) => {
            "the customer of an underpinning contract is an organization or a team"
        }
    }
}

/// The organization a party belongs to (itself for an organization).
/// `Ok(None)` when unknown for a reason already reported (a team of a
/// non-organization), `Err(())` for a team that belongs to no organization.
fn organization_of(cx: &Cx<'_>, name: &str) -> Result<Option<String>, ()> {
    let Some(p) = cx.m.party(name) else {
        return Ok(None);
    };
    match p.kind {
        Some(PartyKind::Organization) => Ok(Some(name.to_owned())),
        Some(PartyKind::Team) => match &p.of {
            None => Err(()),
            Some(org) => {
                let is_org = cx.m.party(org).and_then(|o| o.kind) == Some(PartyKind::Organization);
                Ok(is_org.then(|| org.to_string()))
            }
        },
        _ => Ok(None),
    }
}

/// The header and single-valued clauses of an agreement, roles included.
pub fn agreement(cx: &mut Cx<'_>, a: &ast::Agreement) {
    resolve(cx, &a.service, &[ItemTag::Service], "service");
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    let mut roles: Vec<(bool, &ast::Name)> = Vec::new();
    for c in &a.clauses {
        let key = match &c.kind {
            ast::BodyClauseKind::Provider(_) => "`provider`",
            ast::BodyClauseKind::Customer(_) => "`customer`",
            ast::BodyClauseKind::Status(_) => "`status`",
            ast::BodyClauseKind::Valid { .. } => "`valid`",
            ast::BodyClauseKind::Review { .. } => "`review`",
            ast::BodyClauseKind::Fee { .. } | ast::BodyClauseKind::FeeCharges { .. } => "`fee`",
            ast::BodyClauseKind::Claim { .. } => "`claim within`",
            ast::BodyClauseKind::EarnBack { .. } => "`earn back`",
            _ => continue,
        };
        if let Some(first) = seen.get(key) {
            repeated(cx, key, *first, c.span);
            continue;
        }
        seen.insert(key, c.span);
        match &c.kind {
            ast::BodyClauseKind::Provider(n) => roles.push((true, n)),
            ast::BodyClauseKind::Customer(n) => roles.push((false, n)),
            ast::BodyClauseKind::Status(n) => {
                let words = ["draft", "negotiating", "signed", "withdrawn"];
                if !words.contains(&n.text.as_str()) {
                    unknown_word(cx, n, "status", &words);
                }
            }
            ast::BodyClauseKind::Valid(v) => {
                let ast::Validity { start, end } = &**v;
                // A month end (`..2027-08`) ends on the month's last day.
                if let Some(end) = end
                    && let (Some(s), Some(e)) = (start.first_day(), end.last_day())
                    && e < s
                {
                    cx.push(
                        diag::error(
                            codes::EMPTY_RANGE,
                            cx.file,
                            start.span.to(end.span),
                            format!("agreement `{}` ends before it starts", a.name.text),
                            "end before start",
                        )
                        .help(format!("write `valid {}..{}`", end.text, start.text)),
                    );
                }
            }
            ast::BodyClauseKind::Review(r) if Period::parse(&r.every.text, false).is_none() => {
                unknown_word(cx, &r.every, "review cadence", Period::WORDS);
            }
            ast::BodyClauseKind::Fee(f) if Period::parse(&f.per.text, false).is_none() => {
                unknown_word(cx, &f.per, "period", Period::WORDS);
            }
            _ => {}
        }
    }
    for (key, example) in [
        ("`provider`", "provider PARTY"),
        ("`customer`", "customer PARTY"),
    ] {
        if !seen.contains_key(key) {
            cx.push(
                diag::error(
                    codes::MISSING_CLAUSE,
                    cx.file,
                    a.name.span,
                    format!(
                        "{} `{}` has no {key}",
                        super::lifecycle::kind_name(a.kind),
                        a.name.text
                    ),
                    format!("{key} missing"),
                )
                .note("an agreement is between a provider and a customer")
                .help(format!("add `{example}`")),
            );
        }
    }
    let mut orgs: Vec<(&ast::Name, Option<String>)> = Vec::new();
    for (provider, n) in roles {
        if resolve(cx, n, &[ItemTag::Party], "party").is_none() {
            continue;
        }
        let Some(kind) = cx.m.party(&n.text).and_then(|p| p.kind) else {
            continue;
        };
        if !role_fits(a.kind, provider, kind) {
            let (code, role) = if provider {
                (codes::PROVIDER_ROLE, "provider")
            } else {
                (codes::CUSTOMER_ROLE, "customer")
            };
            cx.push(
                diag::error(
                    code,
                    cx.file,
                    n.span,
                    format!(
                        "`{}` is a party of kind `{}` and cannot be the {role} of {} `{}`",
                        n.text,
                        kind.word(),
                        super::lifecycle::kind_name(a.kind),
                        a.name.text
                    ),
                    format!("kind `{}` cannot be the {role} here", kind.word()),
                )
                .note(role_rule(a.kind, provider)),
            );
            continue;
        }
        if a.kind == AgreementKind::Ola {
            match organization_of(cx, &n.text) {
                Ok(org) => orgs.push((n, org)),
                Err(()) => cx.push(
                    diag::error(
                        codes::OLA_ACROSS_ORGANIZATIONS,
                        cx.file,
                        n.span,
                        format!("team `{}` belongs to no organization, so it cannot be a side of OLA `{}`", n.text, a.name.text),
                        "declared without `of`",
                    )
                    .note("an OLA is an agreement between teams of one organization")
                    .help(format!("declare it `party {} : team of ORGANIZATION`", n.text)),
                ),
            }
        }
    }
    if let [(p, Some(po)), (c, Some(co))] = orgs.as_slice()
        && po != co
    {
        cx.push(
            diag::error(
                codes::OLA_ACROSS_ORGANIZATIONS,
                cx.file,
                c.span,
                format!(
                    "OLA `{}` joins `{}` of `{po}` and `{}` of `{co}`",
                    a.name.text, p.text, c.text
                )
                .replace(&format!("`{po}` of `{po}`"), &format!("`{po}`"))
                .replace(&format!("`{co}` of `{co}`"), &format!("`{co}`")),
                format!("belongs to `{co}`"),
            )
            .also(cx.file, p.span, format!("belongs to `{po}`"))
            .note("an OLA is an agreement between teams of one organization")
            .help("between organizations, write an `sla` or an underpinning `contract`"),
        );
    }
}
