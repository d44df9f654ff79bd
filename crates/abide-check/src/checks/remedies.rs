//! The v0.2 terms around money and remedies (LANGUAGE.md §7): fees known
//! only at evaluation, credit payment terms, caps over rolling periods and
//! in days of fee, claim anchors, `action` remedies, change governance and
//! error-rate-defined downtime.
//!
//! Amounts are compared as fractions of one fee period's charge. A day of
//! fee is the fee divided by the days of its period, counting a month as
//! 30 days ([`Period::days`]), so that `1 day of fee` of a monthly fee is
//! 1/30 ≈ 3.33 % of it whatever the month.

use abide_db::codes;
use abide_syntax::Span;
use abide_syntax::ast;
use abide_syntax::literal::Quantity;
use rust_decimal::Decimal;

use super::Cx;
use super::credits::{self, RemedyKind, pct};
use super::names::{repeated, resolve, unknown_word};
use super::targets::{check_cond_value, check_quantity, currency, magnitude, typed_expr};
use crate::diag::{self, DiagExt};
use crate::model::{self, Agg, Better, Category, Dim, Period, Window};
use crate::scope::ItemTag;
use crate::value::{self, Value};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The events a claim period may be counted from (`after incident`).
const CLAIM_EVENTS: &[&str] = &["incident", "eligibility", "invoice", "outage"];

/// The agreement's fee, as far as the remedies need it.
struct Fee<'a> {
    /// The whole fee clause.
    span: Span,
    /// The fee's period, when the word is valid.
    per: Option<Period>,
    /// The currency, when stated.
    currency: Option<&'a str>,
    /// `fee 18000 GBP per month`: the amount in minor units; `None` for
    /// `fee charges …`, whose amount is known only at evaluation.
    minor: Option<Decimal>,
    /// True for `fee charges …`.
    charges: bool,
}

impl Fee<'_> {
    /// "the fee per month", for messages.
    fn described(&self) -> String {
        self.per.map_or_else(
            || "the fee".to_owned(),
            |p| format!("the fee per {}", p.word()),
        )
    }
}

/// A credit or reward of the agreement, matched (silently) to its target.
struct Credited<'a> {
    amount: &'a ast::Amount,
    /// `credit` (true) or `reward`.
    is_credit: bool,
    /// True for a `when` trigger (a proportional `for each` credit has no fixed size).
    when: bool,
    /// The target, for `when` triggers that match exactly one.
    target: Option<&'a ast::Target>,
}

/// An action matched to its target, with what makes it harsher.
struct ActionTier<'a> {
    action: &'a ast::Action,
    tier: credits::Tier<'a>,
    /// `for N consecutive PERIODS`, in days (0 when not written).
    periods: Decimal,
    /// `lasting > D`, in seconds (0 when not written).
    lasting: Decimal,
}

/// Checks the v0.2 remedy and governance clauses of one agreement.
pub fn agreement(cx: &mut Cx<'_>, a: &ast::Agreement) {
    let fee = fee(cx, a);
    let fee_currency = fee.as_ref().and_then(|f| f.currency);
    let credited = credited(cx, a, fee_currency);
    remedy_amounts(cx, a, fee.as_ref(), &credited);
    let mut payment_seen: Option<Span> = None;
    let mut error_rate_seen: Option<Span> = None;
    let mut actions: Vec<ActionTier<'_>> = Vec::new();
    for c in &a.clauses {
        match &c.kind {
            ast::BodyClauseKind::Payment(p) => {
                if let Some(first) = payment_seen {
                    repeated(cx, "`credits paid`", first, c.span);
                    continue;
                }
                payment_seen = Some(c.span);
                payment(cx, a, &p.terms, fee.as_ref(), &credited);
            }
            ast::BodyClauseKind::Cap(c) => cap(cx, a, c, fee.as_ref(), &credited),
            ast::BodyClauseKind::Claim(c) => claim(cx, a, c, &credited),
            ast::BodyClauseKind::Action(act) => {
                if let Some(t) = action(cx, a, act, fee_currency) {
                    actions.push(t);
                }
            }
            ast::BodyClauseKind::Changes(c) => changes(cx, a, c),
            ast::BodyClauseKind::ErrorRate(er) => {
                if let Some(first) = error_rate_seen {
                    repeated(
                        cx,
                        "the error-rate rule (`downtime when` / `uptime from`)",
                        first,
                        c.span,
                    );
                    continue;
                }
                error_rate_seen = Some(c.span);
                error_rate(cx, a, er);
            }
            _ => {}
        }
    }
    action_order(cx, a, &actions);
}

/// The first fee of the agreement; checks the period of `fee charges` and
/// a second fee clause where one of the two is `fee charges` (two plain
/// `fee` clauses are reported with the other single clauses).
fn fee<'a>(cx: &mut Cx<'_>, a: &'a ast::Agreement) -> Option<Fee<'a>> {
    let mut first: Option<Fee<'a>> = None;
    for c in &a.clauses {
        let (per, currency, minor, charges) = match &c.kind {
            ast::BodyClauseKind::Fee(f) => (
                &f.per,
                Some(f.amount.currency.text.as_str()),
                match value::money(&f.amount) {
                    Value::Money { minor, .. } if minor > Decimal::ZERO => Some(minor),
                    _ => None,
                },
                false,
            ),
            ast::BodyClauseKind::FeeCharges(f) => (
                &f.per,
                f.currency.as_ref().map(|c| c.text.as_str()),
                None,
                true,
            ),
            _ => continue,
        };
        if charges && Period::parse(&per.text, false).is_none() {
            unknown_word(cx, per, "period", Period::WORDS);
        }
        match &first {
            Some(f) => {
                if charges || f.charges {
                    repeated(cx, "`fee`", f.span, c.span);
                }
            }
            None => {
                first = Some(Fee {
                    span: c.span,
                    per: Period::parse(&per.text, false),
                    currency,
                    minor,
                    charges,
                });
            }
        }
    }
    first
}

/// The credits and rewards of the agreement with their targets. Matching
/// runs on a scratch context: `credits.rs` reports its problems.
fn credited<'a>(
    cx: &Cx<'_>,
    a: &'a ast::Agreement,
    fee_currency: Option<&str>,
) -> Vec<Credited<'a>> {
    let mut scratch = Cx {
        db: cx.db,
        ws: cx.ws,
        file: cx.file,
        m: cx.m,
        scope: cx.scope,
        out: Vec::new(),
    };
    let mut out = Vec::new();
    for c in &a.clauses {
        let (r, is_credit) = match &c.kind {
            ast::BodyClauseKind::Credit(r) => (r, true),
            ast::BodyClauseKind::Reward(r) => (r, false),
            _ => continue,
        };
        let (when, target) = match &r.trigger {
            ast::Trigger::When {
                condition,
                qualifiers,
            } => {
                let kind = if is_credit {
                    RemedyKind::Credit
                } else {
                    RemedyKind::Reward
                };
                let tier =
                    credits::when(&mut scratch, a, condition, qualifiers, kind, fee_currency);
                (true, tier.map(|t| t.target))
            }
            ast::Trigger::ForEach { .. } => (false, None),
        };
        out.push(Credited {
            amount: &r.amount,
            is_credit,
            when,
            target,
        });
    }
    out
}

/// The text of a span as written.
fn written(cx: &Cx<'_>, span: Span) -> String {
    cx.file
        .text(cx.db)
        .get(span.range())
        .unwrap_or_default()
        .to_owned()
}

/// `N days of fee` as a fraction of one fee period's charge: N divided by
/// the days of the period (a month counts 30 days, a year 360).
pub(crate) fn fee_days_share(days: Decimal, per: Period) -> Decimal {
    days.checked_div(Decimal::from(per.days()))
        .unwrap_or(Decimal::ZERO)
}

/// How many fee periods a cap's window holds, at least one: a cap over
/// 12 months of a monthly fee may reach 12 months' fees (1200 %).
pub(crate) fn cap_limit(window_days: Option<Decimal>, fee_per: Option<Period>) -> Decimal {
    match (window_days, fee_per) {
        (Some(w), Some(p)) => w
            .checked_div(Decimal::from(p.days()))
            .unwrap_or(Decimal::ONE)
            .max(Decimal::ONE),
        _ => Decimal::ONE,
    }
}

/// A remedy's amount as a fraction of one fee period's charge, without
/// reporting anything: `N% of fee` directly, days of fee through the fee's
/// period, money through a known fee amount in the same currency.
fn share_of(fee: Option<&Fee<'_>>, amount: &ast::Amount) -> Option<Decimal> {
    match amount {
        ast::Amount::FeeShare { share, .. } => match value::quantity(share) {
            Value::Percent(p) if share.sign.is_none() && p >= Decimal::ZERO => Some(p),
            _ => None,
        },
        ast::Amount::FeeDays { count, .. } => match (value::quantity(count), fee?.per) {
            (Value::Number(n), Some(per)) if n > Decimal::ZERO => Some(fee_days_share(n, per)),
            _ => None,
        },
        ast::Amount::Money(m) => {
            let f = fee?;
            match (value::money(m), f.minor, f.currency) {
                (Value::Money { minor, currency }, Some(fee_minor), Some(fc)) if currency == fc => {
                    minor.checked_div(fee_minor)
                }
                _ => None,
            }
        }
    }
}

/// Minor units formatted as money: `50` USD cents → `0.50 USD`.
fn money_text(minor: Decimal, currency: &str) -> String {
    let digits = value::iso_minor_digits(currency);
    let mut major = minor
        .checked_div(Decimal::from(10_i64.pow(digits)))
        .unwrap_or(minor);
    major = major.round_dp(digits);
    major.rescale(digits);
    format!("{major} {currency}")
}

/// The target's window and the span that states it (the target's name
/// when the window is the default).
fn window(t: &ast::Target) -> (Window, Span) {
    for q in t.qualifiers() {
        match &q.kind {
            ast::QualifierKind::Per(n) => {
                if let Some(p) = Period::parse(&n.text, false) {
                    return (Window::Per(p), q.span);
                }
            }
            ast::QualifierKind::OverRolling(v) => {
                if let Value::Duration(s) = value::quantity(v) {
                    return (Window::Rolling(s), q.span);
                }
            }
            _ => {}
        }
    }
    (Window::Default, t.name.span)
}

/// "monthly", "quarterly", for messages.
fn adjective(p: Period) -> &'static str {
    match p {
        Period::Day => "daily",
        Period::Week => "weekly",
        Period::Month => "monthly",
        Period::Quarter => "quarterly",
        Period::HalfYear => "half-yearly",
        Period::Year => "yearly",
    }
}

/// "per month (the default window)", "per quarter", "over rolling 30d".
fn window_text(w: &Window) -> String {
    match w {
        Window::Default => "per month (the default window)".to_owned(),
        Window::Per(p) => format!("per {}", p.word()),
        Window::Rolling(s) => format!("over rolling {}", value::duration(*s)),
    }
}

/// The longest a window can last, in seconds: a month can have 31 days,
/// a quarter 92, a year 366.
fn window_max_seconds(w: &Window) -> Decimal {
    let days = |p: Period| match p {
        Period::Day => 1,
        Period::Week => 7,
        Period::Month => 31,
        Period::Quarter => 92,
        Period::HalfYear => 184,
        Period::Year => 366,
    };
    match w {
        Window::Default => Decimal::from(days(Period::Month) * DAY),
        Window::Per(p) => Decimal::from(days(*p) * DAY),
        Window::Rolling(s) => *s,
    }
}

/// A plain whole number of at least 1, or the problem with it.
fn whole_count(q: &Quantity) -> Result<Decimal, &'static str> {
    match value::quantity(q) {
        Value::Number(n) if n >= Decimal::ONE && n.fract().is_zero() && q.sign.is_none() => Ok(n),
        Value::Number(n) if n.fract().is_zero() => Err("at least 1"),
        Value::Number(_) => Err("whole"),
        Value::Invalid => Err("invalid"),
        _ => Err("unit"),
    }
}

// ---------------------------------------------------------------- amounts

/// Days of fee in credits and rewards, and the `fee-period-mismatch` lint
/// of `% of fee` remedies on targets decided over another period.
fn remedy_amounts(
    cx: &mut Cx<'_>,
    a: &ast::Agreement,
    fee: Option<&Fee<'_>>,
    credited: &[Credited<'_>],
) {
    for c in credited {
        if let ast::Amount::FeeDays { count, unit, span } = c.amount {
            fee_days(cx, a, count, unit, *span, fee, Decimal::ONE, None);
        }
        let (ast::Amount::FeeShare { span, .. }, Some(t), Some(f)) = (c.amount, c.target, fee)
        else {
            continue;
        };
        let (w, wspan) = window(t);
        let (Some(fp), Some(tp)) = (f.per, w.period()) else {
            continue;
        };
        if fp == tp {
            continue;
        }
        let what = if c.is_credit { "credit" } else { "reward" };
        cx.push(
            diag::lint(
                codes::FEE_PERIOD_MISMATCH,
                cx.file,
                *span,
                format!(
                    "the {what} `{}` of `{}.{}` is decided {}, but the fee is charged per {}: which fee is meant is unclear",
                    written(cx, *span),
                    a.name.text,
                    t.name.text,
                    window_text(&w),
                    fp.word()
                ),
                format!("a share of which {} fee?", adjective(fp)),
            )
            .also(cx.file, wspan, format!("decided {}", window_text(&w)))
            .also(cx.file, f.span, format!("charged per {}", fp.word()))
            .note(if tp > fp {
                format!(
                    "`% of fee` is a share of one period's charge; a {} figure spans {} {} fees",
                    adjective(tp),
                    cap_limit(Some(Decimal::from(tp.days())), Some(fp)).round_dp(2).normalize(),
                    adjective(fp)
                )
            } else {
                format!(
                    "`% of fee` is a share of one period's charge; a {} figure covers only part of a {} fee",
                    adjective(tp),
                    adjective(fp)
                )
            })
            .help(format!(
                "charge the fee per {} as the target is measured, or write the {what} as money",
                tp.word()
            )),
        );
    }
}

/// `N day(s) of fee`: a positive number of days of a fee with a period;
/// returns the share of one fee period's charge. `limit` is how many fee
/// periods the amount may reach (a cap over a longer window).
#[expect(
    clippy::too_many_arguments,
    reason = "the window's limit and text come from the cap being checked"
)]
fn fee_days(
    cx: &mut Cx<'_>,
    a: &ast::Agreement,
    count: &Quantity,
    unit: &ast::Name,
    span: Span,
    fee: Option<&Fee<'_>>,
    limit: Decimal,
    window: Option<&str>,
) -> Option<Decimal> {
    if !matches!(unit.text.as_str(), "day" | "days") {
        unknown_word(cx, unit, "unit of fee", &["day", "days"]);
        return None;
    }
    let n = match value::quantity(count) {
        Value::Number(n) if n > Decimal::ZERO && count.sign.is_none() => n,
        Value::Number(_) => {
            cx.push(
                diag::error(
                    codes::VALUE_OUT_OF_RANGE,
                    cx.file,
                    count.span,
                    format!(
                        "the number of days of fee must be above zero, not `{}`",
                        count.text
                    ),
                    "not a positive number",
                )
                .help("write e.g. `1 day of fee`"),
            );
            return None;
        }
        Value::Invalid => return None,
        other => {
            cx.push(
                diag::error(
                    codes::UNIT_MISMATCH,
                    cx.file,
                    count.span,
                    format!(
                        "the number of days of fee is a plain number, but `{}` is {}",
                        count.text,
                        value::describe(&other)
                    ),
                    "expected a plain number",
                )
                .help("write e.g. `1 day of fee`"),
            );
            return None;
        }
    };
    let Some(f) = fee else {
        cx.push(
            diag::error(
                codes::FEE_REQUIRED,
                cx.file,
                span,
                format!("`{}`, but `{}` has no fee", written(cx, span), a.name.text),
                "no fee to take days of",
            )
            .help("add `fee AMOUNT CURRENCY per PERIOD` or `fee charges per PERIOD`, or write the amount as money"),
        );
        return None;
    };
    let per = f.per?;
    let share = fee_days_share(n, per);
    if share > limit {
        let days_in = limit.saturating_mul(Decimal::from(per.days())).normalize();
        let msg = match window {
            Some(w) if limit > Decimal::ONE => format!(
                "`{}` {w} is more than the fees of that window ({days_in} days of fee)",
                written(cx, span)
            ),
            _ => format!(
                "`{}` is more than the whole fee: {} counts {} days",
                written(cx, span),
                f.described(),
                per.days()
            ),
        };
        cx.push(
            diag::error(
                codes::OVER_FULL_FEE,
                cx.file,
                span,
                msg,
                "more than the fee",
            )
            .also(cx.file, f.span, format!("charged per {}", per.word()))
            .note(
                "a day of fee is the fee divided by the days of its period; a month counts 30 days",
            )
            .help(format!("write at most `{days_in} days of fee`")),
        );
        return None;
    }
    Some(share)
}

// ---------------------------------------------------------------- payment

/// `credits paid as METHOD TERMS`: conflicting or repeated terms, the
/// minimum's currency, and tiers below the minimum (`unreachable-credit`).
fn payment(
    cx: &mut Cx<'_>,
    a: &ast::Agreement,
    terms: &[ast::PaymentTerm],
    fee: Option<&Fee<'_>>,
    credited: &[Credited<'_>],
) {
    let mut seen: Vec<&ast::PaymentTerm> = Vec::new();
    let mut minimum: Option<(&ast::Money, Span)> = None;
    for t in terms {
        if let Some(prev) = seen.iter().find(|p| p.kind.words() == t.kind.words()) {
            cx.push(
                diag::error(
                    codes::PAYMENT_TERMS,
                    cx.file,
                    t.span,
                    format!(
                        "the payment term `{}` of `{}` is written twice",
                        t.kind.words(),
                        a.name.text
                    ),
                    "written again here",
                )
                .also(cx.file, prev.span, "first written here")
                .help("keep one of them"),
            );
            continue;
        }
        let conflicting = |p: &&&ast::PaymentTerm| {
            matches!(
                (&p.kind, &t.kind),
                (
                    ast::PaymentTermKind::Refundable,
                    ast::PaymentTermKind::NotRefundable
                ) | (
                    ast::PaymentTermKind::NotRefundable,
                    ast::PaymentTermKind::Refundable
                )
            )
        };
        if let Some(prev) = seen.iter().find(conflicting) {
            cx.push(
                diag::error(
                    codes::PAYMENT_TERMS,
                    cx.file,
                    t.span,
                    format!(
                        "the credits of `{}` are both `refundable` and `not refundable`",
                        a.name.text
                    ),
                    format!("`{}` here", t.kind.words()),
                )
                .also(cx.file, prev.span, format!("but `{}` here", prev.kind.words()))
                .note("`refundable` credits are paid out as money when the agreement ends; `not refundable` ones lapse")
                .help("keep the one the contract states"),
            );
            continue;
        }
        seen.push(t);
        if let ast::PaymentTermKind::Minimum(m) = &t.kind
            && currency(cx, m, fee.and_then(|f| f.currency))
        {
            minimum = Some((m, t.span));
        }
    }
    let Some((m, mspan)) = minimum else {
        return;
    };
    let Value::Money {
        minor: min,
        currency: mcur,
    } = value::money(m)
    else {
        return;
    };
    for c in credited.iter().filter(|c| c.is_credit && c.when) {
        let tier = match c.amount {
            ast::Amount::Money(tm) => match value::money(tm) {
                Value::Money { minor, currency } if currency == mcur => Some((minor, None)),
                _ => None,
            },
            _ => match (share_of(fee, c.amount), fee) {
                (Some(s), Some(f)) if f.currency == Some(mcur.as_str()) => f
                    .minor
                    .and_then(|fm| fm.checked_mul(s))
                    // The fee's text is written only if the tier is reported.
                    .map(|minor| (minor, Some(f))),
                _ => None,
            },
        };
        let Some((tier_minor, via)) = tier else {
            continue;
        };
        if tier_minor >= min {
            continue;
        }
        let target = c.target.map_or_else(String::new, |t| {
            format!(" on `{}.{}`", a.name.text, t.name.text)
        });
        let amount_text = written(cx, c.amount.span());
        let mut d = diag::lint(
            codes::UNREACHABLE_CREDIT,
            cx.file,
            c.amount.span(),
            format!(
                "the credit `{amount_text}`{target} is {}below the payment minimum of {}: it is never paid",
                if via.is_some() {
                    format!("{}, ", money_text(tier_minor, &mcur))
                } else {
                    String::new()
                },
                written(cx, m.span)
            ),
            "never paid",
        )
        .also(cx.file, mspan, "smaller credits are not paid");
        if let Some(fee) = via {
            d = d.note(format!(
                "`{amount_text}` of the fee of {} is {}",
                fm_text(fee),
                money_text(tier_minor, &mcur)
            ));
        }
        cx.push(d.help(format!(
            "raise the credit to at least {}, lower the minimum, or remove the tier",
            written(cx, m.span)
        )));
    }
}

/// The fee's amount as text (`100 USD`).
fn fm_text(f: &Fee<'_>) -> String {
    match (f.minor, f.currency) {
        (Some(m), Some(c)) => money_text(m, c),
        _ => "the fee".to_owned(),
    }
}

// ---------------------------------------------------------------- caps

/// `credits capped at AMOUNT (per PERIOD | per invoice | over rolling L)`.
#[expect(
    clippy::too_many_lines,
    reason = "window, amount and the comparison with the tiers read best together"
)]
fn cap(
    cx: &mut Cx<'_>,
    a: &ast::Agreement,
    c: &ast::Cap,
    fee: Option<&Fee<'_>>,
    credited: &[Credited<'_>],
) {
    let (amount, per, rolling) = (&c.amount, c.per.as_ref(), c.rolling.as_ref());
    // The cap's window in days (`None`: one fee period, an invoice, or unknown).
    let mut window_days: Option<Decimal> = None;
    let mut window_period: Option<Period> = None;
    let mut window_span: Option<Span> = None;
    if let Some(p) = per {
        window_span = Some(p.span);
        if p.text != "invoice" {
            match Period::parse(&p.text, false) {
                Some(period) => {
                    window_days = Some(Decimal::from(period.days()));
                    window_period = Some(period);
                }
                None => unknown_word(
                    cx,
                    p,
                    "period",
                    &[
                        "day",
                        "week",
                        "month",
                        "quarter",
                        "half_year",
                        "year",
                        "invoice",
                    ],
                ),
            }
        }
    }
    if let Some(r) = rolling {
        window_span = Some(r.span);
        window_days = rolling_days(cx, r);
    }
    let window_words = window_span.map(|s| {
        let w = written(cx, s);
        if rolling.is_some() {
            format!("over rolling {w}")
        } else {
            format!("per {w}")
        }
    });
    let fee_per = fee.and_then(|f| f.per);
    let limit = cap_limit(window_days, fee_per);
    let fee_currency = fee.and_then(|f| f.currency);
    let share = match amount {
        ast::Amount::FeeShare { share, span } => match value::quantity(share) {
            Value::Percent(p)
                if limit > Decimal::ONE && share.sign.is_none() && p > Decimal::ONE =>
            {
                if p > limit {
                    let most = pct(limit);
                    cx.push(
                        diag::error(
                            codes::OVER_FULL_FEE,
                            cx.file,
                            share.span,
                            format!(
                                "a cap of `{}` {} is more than the fees of that window ({most} of {})",
                                written(cx, *span),
                                window_words.as_deref().unwrap_or_default(),
                                fee.map_or_else(|| "the fee".to_owned(), Fee::described)
                            ),
                            "above the fees of the window",
                        )
                        .help(format!("a cap is at most the fees paid in its window: here `{most} of fee`")),
                    );
                    None
                } else {
                    Some(p)
                }
            }
            _ => credits::amount(cx, amount, fee.is_some(), fee_currency),
        },
        ast::Amount::FeeDays { count, unit, span } => fee_days(
            cx,
            a,
            count,
            unit,
            *span,
            fee,
            limit,
            window_words.as_deref(),
        ),
        ast::Amount::Money(m) => {
            if currency(cx, m, fee_currency) {
                share_of(fee, amount)
            } else {
                None
            }
        }
    };
    // `% of fee per quarter` with a monthly fee: one month's fee, or the quarter's?
    if let (ast::Amount::FeeShare { span, .. }, Some(wp), Some(f)) = (amount, window_period, fee)
        && let Some(fp) = f.per
        && wp != fp
    {
        cx.push(
            diag::lint(
                codes::FEE_PERIOD_MISMATCH,
                cx.file,
                *span,
                format!(
                    "the cap `{}` of `{}` is per {}, but the fee is charged per {}: which fee is meant is unclear",
                    written(cx, *span),
                    a.name.text,
                    wp.word(),
                    fp.word()
                ),
                format!("a share of which {} fee?", adjective(fp)),
            )
            .also(cx.file, window_span.unwrap_or(*span), format!("capped per {}", wp.word()))
            .also(cx.file, f.span, format!("charged per {}", fp.word()))
            .note(format!(
                "`% of fee` is read as a share of one {} fee; a {} holds {} of them",
                adjective(fp),
                wp.word(),
                cap_limit(Some(Decimal::from(wp.days())), Some(fp)).normalize()
            ))
            .help(format!(
                "cap per {} as the fee is charged, or write the cap in days of fee or as money",
                fp.word()
            )),
        );
    }
    // The cap must leave room for the largest tier, wherever either is written.
    let Some(cap_share) = share else {
        money_caps(cx, a, amount, credited);
        return;
    };
    let largest = credited
        .iter()
        .filter(|c| c.is_credit)
        .filter(|c| c.when || matches!(c.amount, ast::Amount::FeeShare { .. }))
        .filter_map(|c| {
            let s = share_of(fee, c.amount)?;
            // A share above 100 % was reported as over-full and takes no part.
            (s <= Decimal::ONE).then_some((s, c.amount))
        })
        .fold(
            None::<(Decimal, &ast::Amount)>,
            |best, (s, am)| match best {
                Some((b, _)) if b >= s => best,
                _ => Some((s, am)),
            },
        );
    let Some((largest_share, tier)) = largest else {
        return;
    };
    if cap_share >= largest_share {
        return;
    }
    let both_shares = matches!(amount, ast::Amount::FeeShare { .. })
        && matches!(tier, ast::Amount::FeeShare { .. });
    let of_fee = |s: Decimal| match fee_per {
        Some(p) => format!("{} of the fee per {}", value::percent(s, true), p.word()),
        None => format!("{} of the fee", value::percent(s, true)),
    };
    let message = if both_shares {
        // The v0.1 wording, kept as it was.
        format!(
            "the cap of {} of fee is below a credit tier of {}",
            pct(cap_share),
            pct(largest_share)
        )
    } else {
        format!(
            "the cap `{}` of `{}` ({}) is below the credit tier `{}` ({})",
            written(cx, amount.span()),
            a.name.text,
            of_fee(cap_share),
            written(cx, tier.span()),
            of_fee(largest_share)
        )
    };
    let mut d = diag::error(
        codes::CREDIT_TIERS,
        cx.file,
        amount.span(),
        message,
        "cap below a tier",
    )
    .also(
        cx.file,
        tier.span(),
        "this tier could never be paid in full",
    );
    if matches!(amount, ast::Amount::FeeDays { .. }) {
        d = d.note(
            "a day of fee is the fee divided by the days of its period; a month counts 30 days",
        );
    }
    cx.push(d.help("raise the cap to at least the largest tier"));
}

/// A money cap against money tiers when the fee's amount is unknown.
fn money_caps(
    cx: &mut Cx<'_>,
    a: &ast::Agreement,
    amount: &ast::Amount,
    credited: &[Credited<'_>],
) {
    let ast::Amount::Money(m) = amount else {
        return;
    };
    let Value::Money {
        minor: cap,
        currency: cur,
    } = value::money(m)
    else {
        return;
    };
    let largest = credited
        .iter()
        .filter(|c| c.is_credit && c.when)
        .filter_map(|c| match c.amount {
            ast::Amount::Money(tm) => match value::money(tm) {
                Value::Money { minor, currency } if currency == cur => Some((minor, tm)),
                _ => None,
            },
            _ => None,
        })
        .fold(None::<(Decimal, &ast::Money)>, |best, (s, tm)| match best {
            Some((b, _)) if b >= s => best,
            _ => Some((s, tm)),
        });
    if let Some((l, tm)) = largest
        && cap < l
    {
        cx.push(
            diag::error(
                codes::CREDIT_TIERS,
                cx.file,
                m.span,
                format!(
                    "the cap of {} of `{}` is below the credit tier of {}",
                    written(cx, m.span),
                    a.name.text,
                    written(cx, tm.span)
                ),
                "cap below a tier",
            )
            .also(cx.file, tm.span, "this tier could never be paid in full")
            .help("raise the cap to at least the largest tier"),
        );
    }
}

/// `over rolling 24h` / `over rolling 12 months`: the window in days.
fn rolling_days(cx: &mut Cx<'_>, r: &ast::Rolling) -> Option<Decimal> {
    let Some(word) = &r.unit else {
        if !check_quantity(
            cx,
            &r.length,
            Dim::Duration,
            "the rolling window of a cap",
            Some("the rolling window of a cap"),
        ) {
            return None;
        }
        return match value::quantity(&r.length) {
            Value::Duration(s) if s > Decimal::ZERO => s.checked_div(Decimal::from(DAY)),
            Value::Duration(_) => {
                cx.push(
                    diag::error(
                        codes::VALUE_OUT_OF_RANGE,
                        cx.file,
                        r.length.span,
                        "the rolling window of a cap must be longer than zero",
                        "empty window",
                    )
                    .help("write e.g. `over rolling 24h` or `over rolling 12 months`"),
                );
                None
            }
            _ => {
                cx.push(
                    diag::error(
                        codes::BUSINESS_DAYS,
                        cx.file,
                        r.length.span,
                        "the rolling window of a cap cannot be in business days: there is no calendar",
                        "no calendar",
                    )
                    .help("write calendar days, e.g. `over rolling 30d`"),
                );
                None
            }
        };
    };
    let n = match whole_count(&r.length) {
        Ok(n) => n,
        Err("invalid") => return None,
        Err("unit") => {
            cx.push(
                diag::error(
                    codes::UNIT_MISMATCH,
                    cx.file,
                    r.length.span,
                    format!(
                        "with a period word the rolling window is a plain count, but `{}` is {}",
                        r.length.text,
                        value::describe(&value::quantity(&r.length))
                    ),
                    "expected a count",
                )
                .help(format!(
                    "write `over rolling 12 {}`, or a duration alone such as `over rolling 30d`",
                    word.text
                )),
            );
            return None;
        }
        Err(why) => {
            let code = if why == "whole" {
                codes::NOT_A_WHOLE_NUMBER
            } else {
                codes::VALUE_OUT_OF_RANGE
            };
            cx.push(
                diag::error(
                    code,
                    cx.file,
                    r.length.span,
                    format!(
                        "a rolling window counts whole periods, at least 1, not `{}`",
                        r.length.text
                    ),
                    "not a count of periods",
                )
                .help(format!("write e.g. `over rolling 12 {}`", word.text)),
            );
            return None;
        }
    };
    match Period::parse(&word.text, true).filter(|p| p.months() > 0) {
        Some(p) => n.checked_mul(Decimal::from(p.days())),
        None => {
            unknown_word(
                cx,
                word,
                "calendar period",
                &["months", "quarters", "half_years", "years"],
            );
            None
        }
    }
}

// ---------------------------------------------------------------- claims

/// `claim within DURATION (during CALENDAR)? (after ANCHOR)?`.
#[expect(
    clippy::too_many_lines,
    reason = "the period, its calendar, the anchor and the lint share what they learn"
)]
fn claim(cx: &mut Cx<'_>, a: &ast::Agreement, c: &ast::Claim, credited: &[Credited<'_>]) {
    let (within, during, after) = (&c.within, c.during.as_ref(), c.after.as_ref());
    let typed = check_quantity(
        cx,
        within,
        Dim::Duration,
        "the claim period",
        Some("the claim period"),
    );
    let calendar = during.and_then(|n| {
        resolve(cx, n, &[ItemTag::Calendar], "calendar")?;
        Some((n, cx.m.calendar(&n.text)?))
    });
    // The claim period in calendar seconds, when known.
    let mut seconds: Option<Decimal> = None;
    let not_positive = |cx: &mut Cx<'_>| {
        cx.push(
            diag::error(
                codes::BAD_CLAIM,
                cx.file,
                within.span,
                format!(
                    "the claim period of `{}` must be longer than zero",
                    a.name.text
                ),
                "no time to claim",
            )
            .help("write e.g. `claim within 30d after month end`"),
        );
    };
    if typed {
        match value::quantity(within) {
            Value::BusinessDays(n) if n <= Decimal::ZERO => not_positive(cx),
            Value::BusinessDays(n) => match (during, &calendar) {
                // The v0.1 form without `during`: reported as before.
                (None, _) => cx.push(
                    diag::error(codes::BUSINESS_DAYS, cx.file, within.span, "a claim period cannot be in business days here: there is no calendar", "no calendar")
                        .help("write calendar days, e.g. `claim within 30d`"),
                ),
                (Some(_), None) => {}
                (Some(name), Some((_, c))) if c.is_always() => cx.push(
                    diag::error(
                        codes::BAD_CLAIM,
                        cx.file,
                        within.span,
                        format!(
                            "the claim period `{}` of `{}` counts business days of `{}`, which is open around the clock",
                            within.text, a.name.text, name.text
                        ),
                        "business days of a 24×7 calendar",
                    )
                    .also(cx.file, name.span, "a 24×7 calendar")
                    .note("a business day is one open day of a calendar that is not 24×7")
                    .help(format!("name a business calendar in `during`, or write calendar days: `claim within {n}d`")),
                ),
                (Some(name), Some((_, c))) => {
                    super::targets::business_days(cx, within, Some(c), &name.text);
                    let open = c.weekly.iter().filter(|d| !d.is_empty()).count();
                    if open > 0 {
                        // n business days span at least n × 7 / open calendar days.
                        seconds = n
                            .checked_mul(Decimal::from(7 * DAY))
                            .and_then(|x| x.checked_div(Decimal::from(open)));
                    }
                }
            },
            Value::Duration(s) if s <= Decimal::ZERO || within.sign.is_some() => not_positive(cx),
            Value::Duration(s) => seconds = Some(s),
            _ => {}
        }
    }
    let Some(anchor) = after else {
        return;
    };
    let anchor_period = if anchor.end {
        let p = Period::parse(&anchor.word.text, false);
        if p.is_none() {
            unknown_word(cx, &anchor.word, "period", Period::WORDS);
            return;
        }
        p
    } else {
        if !CLAIM_EVENTS.contains(&anchor.word.text.as_str()) {
            unknown_word(cx, &anchor.word, "claim anchor", CLAIM_EVENTS);
            return;
        }
        None
    };
    // The window that decides the credits: the longest of the credited targets.
    let deciding = credited
        .iter()
        .filter(|c| c.is_credit)
        .filter_map(|c| c.target)
        .map(|t| (t, window(t)))
        .fold(
            None::<(&ast::Target, Window, Span)>,
            |best, (t, (w, s))| match &best {
                Some((_, bw, _)) if window_max_seconds(bw) >= window_max_seconds(&w) => best,
                _ => Some((t, w, s)),
            },
        );
    let Some((target, w, wspan)) = deciding else {
        return;
    };
    let wmax = window_max_seconds(&w);
    let tpath = format!("{}.{}", a.name.text, target.name.text);
    let early = match anchor_period {
        // A rolling window has no calendar end to compare with.
        Some(p) => match w.period() {
            Some(wp) if p.days() < wp.days() => Some(format!(
                "the claim clock starts at each {} end, before the {} figure is known",
                p.word(),
                adjective(wp)
            )),
            _ => None,
        },
        None if matches!(anchor.word.text.as_str(), "incident" | "outage") => {
            seconds.filter(|s| *s < wmax).map(|s| {
                format!(
                    "{} after an {} can pass before the window has ended: a window {} can last {}",
                    value::duration(s),
                    anchor.word.text,
                    window_text(&w),
                    value::duration(wmax)
                )
            })
        }
        None => None,
    };
    let Some(why) = early else {
        return;
    };
    cx.push(
        diag::lint(
            codes::CLAIM_BEFORE_WINDOW_END,
            cx.file,
            anchor.span,
            format!(
                "the claim deadline of `{}` can pass before the window that decides the credits of `{tpath}` has ended",
                a.name.text
            ),
            format!("counted from the {}", written(cx, anchor.span)),
        )
        .also(cx.file, within.span, "the claim period")
        .also(cx.file, wspan, format!("decided {}", window_text(&w)))
        .note(why)
        .help(match w.period() {
            Some(p) => format!(
                "count the claim period from the end of the window: `claim within {} after {} end`, or `after eligibility`",
                within.text,
                p.word()
            ),
            None => format!(
                "count the claim period from when the credit becomes due: `claim within {} after eligibility`",
                within.text
            ),
        }),
    );
}

// ---------------------------------------------------------------- actions

/// `action "…" when CONDITION … (for N consecutive PERIODS)? (lasting OP D)?`.
fn action<'a>(
    cx: &mut Cx<'_>,
    a: &'a ast::Agreement,
    act: &'a ast::Action,
    fee_currency: Option<&str>,
) -> Option<ActionTier<'a>> {
    let mut periods = Decimal::ZERO;
    if let Some(c) = &act.consecutive {
        let period = Period::parse(&c.period.text, true);
        if period.is_none() {
            unknown_word(
                cx,
                &c.period,
                "period",
                &["days", "weeks", "months", "quarters", "years"],
            );
        }
        match whole_count(&c.count) {
            Ok(n) => {
                periods =
                    period.map_or(Decimal::ZERO, |p| n.saturating_mul(Decimal::from(p.days())));
            }
            Err("invalid") => {}
            Err(why) => {
                let code = match why {
                    "whole" => codes::NOT_A_WHOLE_NUMBER,
                    "unit" => codes::UNIT_MISMATCH,
                    _ => codes::VALUE_OUT_OF_RANGE,
                };
                cx.push(
                    diag::error(
                        code,
                        cx.file,
                        c.count.span,
                        format!(
                            "the action \"{}\" of `{}` counts consecutive periods: a whole number of at least 1, not `{}`",
                            act.label.value, a.name.text, c.count.text
                        ),
                        "not a count of periods",
                    )
                    .help(format!("write e.g. `for 3 consecutive {}`", c.period.text)),
                );
            }
        }
    }
    let mut lasting = Decimal::ZERO;
    if let Some(l) = &act.lasting
        && check_quantity(
            cx,
            &l.value,
            Dim::Duration,
            "how long the shortfall lasts",
            Some("`lasting`"),
        )
    {
        match value::quantity(&l.value) {
            Value::Duration(s) if s > Decimal::ZERO => lasting = s,
            Value::Duration(_) => cx.push(
                diag::error(
                    codes::VALUE_OUT_OF_RANGE,
                    cx.file,
                    l.value.span,
                    format!(
                        "the action \"{}\" of `{}` needs a shortfall lasting longer than zero",
                        act.label.value, a.name.text
                    ),
                    "not a positive duration",
                )
                .help("write e.g. `lasting > 72h`, or leave `lasting` out"),
            ),
            Value::BusinessDays(n) => {
                let cal = act.qualifiers.iter().find_map(|q| match &q.kind {
                    ast::QualifierKind::During(n) => Some(n.text.to_string()),
                    _ => None,
                });
                let model = cal.as_deref().and_then(|c| cx.m.calendar(c));
                super::targets::business_days(
                    cx,
                    &l.value,
                    model,
                    cal.as_deref().unwrap_or("always"),
                );
                lasting = n.saturating_mul(Decimal::from(DAY));
            }
            _ => {}
        }
    }
    let tier = credits::when(
        cx,
        a,
        &act.condition,
        &act.qualifiers,
        RemedyKind::Action,
        fee_currency,
    )?;
    Some(ActionTier {
        action: act,
        tier,
        periods,
        lasting,
    })
}

/// Actions on one target, in source order, grow harsher: each later one
/// needs a worse threshold, more consecutive periods or a longer shortfall.
fn action_order(cx: &mut Cx<'_>, a: &ast::Agreement, actions: &[ActionTier<'_>]) {
    for (i, later) in actions.iter().enumerate() {
        for earlier in &actions[..i] {
            if !std::ptr::eq(earlier.tier.target, later.tier.target) {
                continue;
            }
            let (Some(xe), Some(xl)) = (
                magnitude(&earlier.tier.threshold),
                magnitude(&later.tier.threshold),
            ) else {
                continue;
            };
            let (metric, agg) = model::lower_expr(&later.tier.target.condition.expr);
            let better = match agg {
                Agg::Share { .. } => Better::Higher,
                _ => metric
                    .and_then(|m| cx.m.metric(&m))
                    .and_then(|m| m.better)
                    .unwrap_or(Better::Higher),
            };
            let worse = match better {
                Better::Higher => xl < xe,
                Better::Lower => xl > xe,
            };
            if worse || later.periods > earlier.periods || later.lasting > earlier.lasting {
                continue;
            }
            let (l, e) = (&later.action.label.value, &earlier.action.label.value);
            cx.push(
                diag::error(
                    codes::ACTION_ORDER,
                    cx.file,
                    later.tier.span,
                    format!(
                        "the action \"{l}\" of `{}.{}` comes after \"{e}\" but needs no worse performance",
                        a.name.text, later.tier.target.name.text
                    ),
                    format!("\"{l}\": no worse threshold, no more periods, no longer shortfall"),
                )
                .also(cx.file, earlier.tier.span, format!("the earlier action \"{e}\""))
                .note("actions are listed from the mildest to the harshest; a harsher action needs a worse threshold, more consecutive periods or a longer `lasting`")
                .help(format!(
                    "give \"{l}\" a worse threshold than `{}`, `for N consecutive PERIODS` or a longer `lasting`, or list it before \"{e}\"",
                    written(cx, earlier.tier.span)
                )),
            );
            break;
        }
    }
}

// ---------------------------------------------------------------- changes

/// `changes by PARTY (with notice D)? (at most N per PERIOD)?`.
fn changes(cx: &mut Cx<'_>, a: &ast::Agreement, c: &ast::Changes) {
    let (party, notice, at_most) = (&c.party, c.notice.as_ref(), c.at_most.as_ref());
    if let Some(n) = notice {
        let problem = match value::quantity(n) {
            Value::Duration(s) if s > Decimal::ZERO && n.sign.is_none() => None,
            Value::Duration(_) => Some((
                format!(
                    "the notice before a change of `{}` must be longer than zero, not `{}`",
                    a.name.text, n.text
                ),
                "no notice",
            )),
            Value::BusinessDays(_) => Some((
                format!(
                    "the notice `{}` before a change of `{}` is in business days, but there is no calendar to count them in",
                    n.text, a.name.text
                ),
                "no calendar",
            )),
            Value::Invalid => None,
            other => Some((
                format!(
                    "the notice before a change of `{}` is a duration, but `{}` is {}",
                    a.name.text,
                    n.text,
                    value::describe(&other)
                ),
                "expected a duration",
            )),
        };
        if let Some((msg, label)) = problem {
            cx.push(
                diag::error(codes::BAD_NOTICE, cx.file, n.span, msg, label)
                    .help("write a positive duration in calendar time, e.g. `with notice 30d` or `with notice 4w`"),
            );
        }
    }
    if let Some(l) = at_most {
        match whole_count(&l.count) {
            Ok(_) | Err("invalid") => {}
            Err(_) => cx.push(
                diag::error(
                    codes::BAD_NOTICE,
                    cx.file,
                    l.count.span,
                    format!(
                        "the number of changes to `{}` allowed per period is a whole number of at least 1, not `{}`",
                        a.name.text, l.count.text
                    ),
                    "not a count of changes",
                )
                .help("write e.g. `at most once per year` or `at most 4 per year`"),
            ),
        }
        if Period::parse(&l.per.text, false).is_none() {
            unknown_word(cx, &l.per, "period", Period::WORDS);
        }
    }
    resolve(cx, party, &[ItemTag::Party], "party");
    let role = |provider: bool| {
        a.clauses.iter().find_map(|c| match &c.kind {
            ast::BodyClauseKind::Provider(n) if provider => Some(n),
            ast::BodyClauseKind::Customer(n) if !provider => Some(n),
            _ => None,
        })
    };
    let (provider, customer) = (role(true), role(false));
    if cx.m.party(&party.text).is_none() {
        return;
    }
    let is_provider = provider.is_some_and(|p| p.text == party.text);
    let is_customer = customer.is_some_and(|c| c.text == party.text);
    if !is_provider && !is_customer {
        let mut d = diag::error(
            codes::CHANGE_PARTY,
            cx.file,
            party.span,
            format!(
                "`{}` may change `{}`, but it is neither its provider nor its customer",
                party.text, a.name.text
            ),
            "not a side of this agreement",
        );
        for (n, what) in [(provider, "the provider"), (customer, "the customer")] {
            if let Some(n) = n {
                d = d.also(cx.file, n.span, what);
            }
        }
        let sides: Vec<String> = [provider, customer]
            .iter()
            .flatten()
            .map(|n| format!("`changes by {}`", n.text))
            .collect();
        cx.push(
            d.note("only a side of an agreement can change it")
                .help(if sides.is_empty() {
                    "name the provider or the customer of the agreement".to_owned()
                } else {
                    format!("write {}", sides.join(" or "))
                }),
        );
        return;
    }
    if !is_provider {
        return;
    }
    let cust = customer.map_or_else(|| "the customer".to_owned(), |c| format!("`{}`", c.text));
    let mut d = diag::lint(
        codes::UNILATERAL_CHANGE,
        cx.file,
        party.span,
        format!(
            "`{}`, the provider, may change `{}` on its own: {cust} gets {}",
            party.text,
            a.name.text,
            notice.map_or_else(|| "no notice".to_owned(), |n| format!("{} notice", n.text))
        ),
        "the provider changes the terms",
    );
    if let Some(n) = notice {
        d = d.also(cx.file, n.span, format!("the notice {cust} gets"));
    }
    cx.push(
        d.note("a change by the provider alone can lower what the customer was promised")
            .help(match notice {
                Some(_) => format!("make sure {cust} may terminate when a change lowers a target"),
                None => format!(
                    "give {cust} notice, e.g. `changes by {} with notice 30d`, and a right to terminate",
                    party.text
                ),
            }),
    );
}

// ---------------------------------------------------------------- error rates

/// Bucket sizes to suggest, in seconds.
const BUCKETS: &[i64] = &[
    1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
];

/// `downtime when COND in each B …` / `uptime from EXPR in each B …`.
#[expect(
    clippy::too_many_lines,
    reason = "the rule, the bucket against each window and the sample read best together"
)]
fn error_rate(cx: &mut Cx<'_>, a: &ast::Agreement, er: &ast::ErrorRate) {
    let (expr, cond) = match &er.rule {
        ast::ErrorRateRule::DowntimeWhen(c) => (&c.expr, Some(c)),
        ast::ErrorRateRule::UptimeFrom(e) => (e, None),
    };
    if let Some((name, _, dim, _)) = typed_expr(cx, expr) {
        if dim == Dim::Percent {
            if let Some(c) = cond {
                check_cond_value(cx, &c.value, dim, &name, None);
            }
        } else {
            cx.push(
                diag::error(
                    codes::UNIT_MISMATCH,
                    cx.file,
                    expr.span(),
                    format!(
                        "downtime of `{}` is decided by a share of failing requests, but `{name}` is measured as {}",
                        a.name.text,
                        dim.describe()
                    ),
                    "expected a percentage metric",
                )
                .help("use a percentage metric such as `error_rate`"),
            );
        }
    }
    let bucket = match value::quantity(&er.bucket) {
        Value::Duration(s) if s > Decimal::ZERO && er.bucket.sign.is_none() => Some(s),
        Value::Invalid => None,
        other => {
            let msg = if matches!(other, Value::Duration(_)) {
                format!(
                    "the error-rate bucket of `{}` must be longer than zero, not `{}`",
                    a.name.text, er.bucket.text
                )
            } else {
                format!(
                    "the error-rate bucket of `{}` is a duration, but `{}` is {}",
                    a.name.text,
                    er.bucket.text,
                    value::describe(&other)
                )
            };
            cx.push(
                diag::error(
                    codes::BAD_BUCKET,
                    cx.file,
                    er.bucket.span,
                    msg,
                    "not a positive duration",
                )
                .help("write e.g. `in each 1min` or `in each 5min`"),
            );
            None
        }
    };
    if let Some(b) = bucket {
        let mut reported: Vec<Decimal> = Vec::new();
        for t in a.targets() {
            let (Some(metric), _) = model::lower_expr(&t.condition.expr) else {
                continue;
            };
            let Some(m) = cx.m.metric(&metric) else {
                continue;
            };
            let availability = m.dim == Some(Dim::Percent)
                && m.better == Some(Better::Higher)
                && m.category == Some(Category::Warranty);
            if !availability {
                continue;
            }
            let (w, wspan) = window(t);
            let span_of_w = match w {
                Window::Rolling(s) => s,
                _ => Decimal::from(DAY),
            };
            if span_of_w.checked_rem(b).is_none_or(|r| r.is_zero()) || reported.contains(&span_of_w)
            {
                continue;
            }
            reported.push(span_of_w);
            let fits: Vec<i64> = BUCKETS
                .iter()
                .copied()
                .filter(|c| {
                    span_of_w
                        .checked_rem(Decimal::from(*c))
                        .is_some_and(|r| r.is_zero())
                })
                .collect();
            let below = fits.iter().rev().find(|c| Decimal::from(**c) < b);
            let above = fits.iter().find(|c| Decimal::from(**c) > b);
            let suggest: Vec<String> = [below, above]
                .into_iter()
                .flatten()
                .map(|c| format!("`{}`", value::duration(Decimal::from(*c))))
                .collect();
            let whole_days = !matches!(w, Window::Rolling(_));
            cx.push(
                diag::error(
                    codes::BAD_BUCKET,
                    cx.file,
                    er.bucket.span,
                    format!(
                        "the error-rate bucket `{}` of `{}` does not divide the window of `{}.{}` ({})",
                        er.bucket.text,
                        a.name.text,
                        a.name.text,
                        t.name.text,
                        window_text(&w)
                    ),
                    if whole_days {
                        "does not divide a day".to_owned()
                    } else {
                        format!("does not divide {}", value::duration(span_of_w))
                    },
                )
                .also(cx.file, wspan, format!("decided {}", window_text(&w)))
                .note(if whole_days {
                    "a window per day, week, month, quarter or year is made of whole days, so the buckets must divide a day (24h): otherwise a bucket straddles two windows".to_owned()
                } else {
                    format!(
                        "the buckets must divide the rolling window of {}: otherwise a bucket straddles its edge",
                        value::duration(span_of_w)
                    )
                })
                .help(if suggest.is_empty() {
                    "use a bucket that divides the window".to_owned()
                } else {
                    format!("use a bucket that divides the window, e.g. {}", suggest.join(" or "))
                }),
            );
        }
    }
    if let Some(min) = &er.minimum {
        match whole_count(&min.count) {
            Ok(_) | Err("invalid") => {}
            Err(_) => cx.push(
                diag::error(
                    codes::NOT_A_WHOLE_NUMBER,
                    cx.file,
                    min.count.span,
                    format!(
                        "the minimum sample of a bucket of `{}` is a whole number of {} of at least 1, not `{}`",
                        a.name.text, min.unit.text, min.count.text
                    ),
                    "not a count",
                )
                .help(format!("write e.g. `minimum 100 {} else up`", min.unit.text)),
            ),
        }
        if !matches!(min.fallback.text.as_str(), "up" | "down") {
            unknown_word(cx, &min.fallback, "bucket fallback", &["up", "down"]);
        }
    }
    let mut codes_seen: Vec<&ast::Str> = Vec::new();
    for s in &er.counting {
        if let Some(first) = codes_seen.iter().find(|f| f.value == s.value) {
            repeated(
                cx,
                &format!("the error code \"{}\"", s.value),
                first.span,
                s.span,
            );
        } else {
            codes_seen.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn days_of_fee_are_fractions_of_the_fee_period() {
        // A month counts 30 days: one day of a monthly fee is 1/30 of it.
        assert_eq!(
            fee_days_share(Decimal::ONE, Period::Month).round_dp(6),
            d("0.033333")
        );
        assert_eq!(
            value::percent(fee_days_share(Decimal::ONE, Period::Month), true),
            "3.33%"
        );
        // Three days of a monthly fee are exactly 10 %: a 10 % tier fits.
        assert_eq!(fee_days_share(Decimal::from(3), Period::Month), d("0.1"));
        // Seven days of a weekly fee are the whole fee; 9 days of a quarter are 10 %.
        assert_eq!(fee_days_share(Decimal::from(7), Period::Week), Decimal::ONE);
        assert_eq!(fee_days_share(Decimal::from(9), Period::Quarter), d("0.1"));
        // A year counts 12 × 30 days.
        assert_eq!(fee_days_share(Decimal::from(36), Period::Year), d("0.1"));
    }

    #[test]
    fn caps_over_longer_windows_may_exceed_one_fee_period() {
        // 12 months of a monthly fee: up to 1200 %.
        assert_eq!(
            cap_limit(Some(Decimal::from(360)), Some(Period::Month)),
            Decimal::from(12)
        );
        // A day of a monthly fee: still at most one fee period (100 %).
        assert_eq!(
            cap_limit(Some(Decimal::ONE), Some(Period::Month)),
            Decimal::ONE
        );
        assert_eq!(cap_limit(None, Some(Period::Month)), Decimal::ONE);
        assert_eq!(
            cap_limit(Some(Decimal::from(90)), Some(Period::Month)),
            Decimal::from(3)
        );
    }

    #[test]
    fn money_is_shown_with_its_minor_digits() {
        assert_eq!(money_text(Decimal::from(50), "USD"), "0.50 USD");
        assert_eq!(money_text(Decimal::from(100), "USD"), "1.00 USD");
        assert_eq!(money_text(Decimal::from(500), "JPY"), "500 JPY");
    }
}
