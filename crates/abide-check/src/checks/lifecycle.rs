//! Lifecycle lints of an agreement: validity (`expired`, `expiring`) and
//! review cadence (`missing-review`, `review-cadence`, `overdue-review`),
//! from the ITIL service level management practice and the XLA guides.

use abide_db::codes;
use abide_syntax::ast::{self, AgreementKind};
use jiff::civil::Date;

use super::Cx;
use crate::diag::{self, DiagExt};
use crate::model::Period;

/// How close an end date must be to count as `expiring`.
pub const EXPIRING_DAYS: i64 = 30;

fn add_period(d: Date, p: Period) -> Option<Date> {
    let span = match p {
        Period::Day => jiff::Span::new().days(1),
        Period::Week => jiff::Span::new().weeks(1),
        other => jiff::Span::new().months(i64::from(other.months())),
    };
    d.checked_add(span).ok()
}

/// How an agreement kind is named in messages.
#[must_use]
pub fn kind_name(kind: AgreementKind) -> &'static str {
    match kind {
        AgreementKind::Sla => "SLA",
        AgreementKind::Ola => "OLA",
        AgreementKind::Xla => "XLA",
        AgreementKind::Contract => "contract",
    }
}

/// Runs the lifecycle lints of one agreement.
pub fn agreement(cx: &mut Cx<'_>, a: &ast::Agreement) {
    // A withdrawn agreement is no longer in force: nothing to renew or review.
    let withdrawn = a
        .clauses
        .iter()
        .any(|c| matches!(&c.kind, ast::BodyClauseKind::Status(n) if n.text == "withdrawn"));
    if withdrawn {
        return;
    }
    let today = *cx.ws.settings(cx.db).today(cx.db);
    let mut valid: Option<(
        Option<Date>,
        Option<&ast::Name>,
        Option<&abide_syntax::literal::DateLit>,
    )> = None;
    let mut review = None;
    for c in &a.clauses {
        match &c.kind {
            ast::BodyClauseKind::Valid(v) if valid.is_none() => {
                valid = Some((v.start.value, None, v.end.as_ref()));
            }
            ast::BodyClauseKind::Review(r) if review.is_none() => {
                review = Some((&r.every, r.last.as_ref(), c.span));
            }
            _ => {}
        }
    }
    // Validity.
    // `valid from …` has no end and never expires. A month (`2026-08`) ends
    // on its last day. A superseded agreement is replaced by its successor,
    // not left to lapse (`validity-gap` covers the days between the two).
    if let (Some(today), Some((start, _, Some(end)))) = (today, &valid)
        && let Some(end_date) = end.last_day()
        // A reversed range is reported as E0311; its end means nothing.
        && start.is_none_or(|s| s <= end_date)
        && !super::layering::superseded(cx.db, cx.ws, &a.name.text)
    {
        if end_date < today {
            cx.push(
                diag::lint(
                    codes::EXPIRED,
                    cx.file,
                    end.span,
                    format!(
                        "{} `{}` expired on {end_date}",
                        kind_name(a.kind),
                        a.name.text
                    ),
                    format!("before today ({today})"),
                )
                .help("renew the agreement with a new `valid` range, or set `status withdrawn`"),
            );
        } else if today
            .until(end_date)
            .ok()
            .is_some_and(|s| s.get_days() < EXPIRING_DAYS as i32)
        {
            let days = today.until(end_date).map(|s| s.get_days()).unwrap_or(0);
            cx.push(
                diag::lint(
                    codes::EXPIRING,
                    cx.file,
                    end.span,
                    format!(
                        "{} `{}` ends {}, on {end_date}",
                        kind_name(a.kind),
                        a.name.text,
                        match days {
                            0 => "today".to_owned(),
                            1 => "tomorrow".to_owned(),
                            n => format!("in {n} days"),
                        }
                    ),
                    "ends soon",
                )
                .help("start the renewal review now"),
            );
        }
    }
    // Review.
    let Some((every, last, span)) = review else {
        if a.kind == AgreementKind::Xla {
            cx.push(
                diag::lint(
                    codes::MISSING_REVIEW,
                    cx.file,
                    a.name.span,
                    format!("XLA `{}` has no review cadence", a.name.text),
                    "no `review every …`",
                )
                .note("experience targets drift as expectations change: XLAs need regular review")
                .help("add `review every quarter`"),
            );
        }
        return;
    };
    let Some(period) = Period::parse(&every.text, false) else {
        return;
    };
    let cadence_problem = match a.kind {
        AgreementKind::Xla if period > Period::Quarter => {
            Some("XLAs should be reviewed at least every quarter")
        }
        AgreementKind::Sla if period < Period::Month => Some(
            "reviewing an SLA more often than monthly leaves no time to act on the last review",
        ),
        AgreementKind::Sla if period > Period::Quarter => {
            Some("SLAs should be reviewed at least every quarter")
        }
        _ => None,
    };
    if let Some(why) = cadence_problem {
        let fix = if period > Period::Quarter {
            "review every quarter"
        } else {
            "review every month"
        };
        cx.push(
            diag::lint(
                codes::REVIEW_CADENCE,
                cx.file,
                every.span,
                format!(
                    "{} `{}` is reviewed every {}",
                    kind_name(a.kind),
                    a.name.text,
                    period.word()
                ),
                "review cadence",
            )
            .note(why)
            .help(format!("write `{fix}`")),
        );
    }
    let Some(today) = today else { return };
    if let Some(last) = last
        && let Some(last_date) = last.value
        && last_date > today
    {
        cx.push(
            diag::error(
                codes::REVIEW_IN_FUTURE,
                cx.file,
                last.span,
                format!("the last review of `{}` is dated {last_date}, after today ({today})", a.name.text),
                "in the future",
            )
            .help("`last` records a review that took place; plan future reviews outside the agreement"),
        );
        return;
    }
    let from = last
        .and_then(|l| l.value)
        .or_else(|| valid.as_ref().and_then(|v| v.0));
    if let Some(from) = from
        && let Some(due) = add_period(from, period)
        && due < today
        // Once its successor is in force, a superseded agreement is history.
        && !super::layering::replaced(cx.db, cx.ws, &a.name.text, today)
    {
        let what = if last.is_some() {
            "last reviewed"
        } else {
            "in force since"
        };
        cx.push(
            diag::lint(
                codes::OVERDUE_REVIEW,
                cx.file,
                last.map_or(span, |l| l.span),
                format!(
                    "the review of `{}` is overdue: {what} {from}, due by {due}",
                    a.name.text
                ),
                format!("review was due {due}"),
            )
            .help(if last.is_some() {
                "hold the review and update `last`"
            } else {
                "hold the review and record it with `last DATE`"
            }),
        );
    }
}
