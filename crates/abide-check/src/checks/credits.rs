//! Credits, rewards and their terms: amounts, which target a remedy
//! belongs to, thresholds against the target and tiers; caps and claims
//! are checked in `remedies.rs`
//! (LANGUAGE.md §3 "Credits and rewards", GRAMMAR.md items 49–53).

use abide_db::codes;
use abide_syntax::Span;
use abide_syntax::ast::{self, Cmp};
use rust_decimal::Decimal;

use super::Cx;
use super::names::{resolve, unknown_word};
use super::targets::{check_cond_value, check_quantity, currency, magnitude, typed_expr};
use crate::diag::{self, DiagExt};
use crate::model::{self, Agg, Better, Dim, Period};
use crate::scope::ItemTag;
use crate::value::{self, Value};

/// A remedy matched to its target.
pub(crate) struct Tier<'a> {
    /// The amount (fee share or minor units); zero until the caller sets it.
    pub(crate) amount: Decimal,
    /// Where the amount is written.
    pub(crate) amount_span: Span,
    /// The trigger's threshold.
    pub(crate) threshold: Value,
    /// The trigger's comparison.
    pub(crate) op: Cmp,
    /// The whole trigger condition.
    pub(crate) span: Span,
    /// The target the remedy belongs to.
    pub(crate) target: &'a ast::Target,
}

/// What kind of remedy a `when` trigger belongs to: each must trigger on
/// its own side of the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RemedyKind {
    /// `credit …`: only while the target is missed.
    Credit,
    /// `reward …`: only while the target is met.
    Reward,
    /// `action "…"` (v0.2): only while the target is missed.
    Action,
}

/// Runs the credit and reward rules of one agreement.
pub fn agreement(cx: &mut Cx<'_>, a: &ast::Agreement) {
    // `fee 18000 GBP per month` or `fee charges USD per month` (v0.2): the
    // currency is known in both when written; the amount only in the first.
    let fee = a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Fee(f) => Some(Some(&f.amount.currency)),
        ast::BodyClauseKind::FeeCharges(f) => Some(f.currency.as_ref()),
        _ => None,
    });
    let fee_currency = fee.flatten().map(|c| c.text.as_str());
    let mut credits: Vec<Tier<'_>> = Vec::new();
    for c in &a.clauses {
        match &c.kind {
            ast::BodyClauseKind::Credit(r) | ast::BodyClauseKind::Reward(r) => {
                let is_credit = matches!(c.kind, ast::BodyClauseKind::Credit(_));
                let share = amount(cx, &r.amount, fee.is_some(), fee_currency);
                match &r.trigger {
                    ast::Trigger::When {
                        condition,
                        qualifiers,
                    } => {
                        let kind = if is_credit {
                            RemedyKind::Credit
                        } else {
                            RemedyKind::Reward
                        };
                        let tier = when(cx, a, condition, qualifiers, kind, fee_currency);
                        // A tier whose amount was rejected (over 100 %) takes no part in the tier checks.
                        let amount = match &r.amount {
                            ast::Amount::FeeShare { .. } | ast::Amount::FeeDays { .. } => share,
                            ast::Amount::Money(_) => Some(money_minor(&r.amount)),
                        };
                        if let (Some(tier), Some(amount)) = (tier, amount)
                            && is_credit
                        {
                            credits.push(Tier {
                                amount,
                                amount_span: r.amount.span(),
                                ..tier
                            });
                        }
                    }
                    ast::Trigger::ForEach { step, of, from, .. } => {
                        let metric = of
                            .as_ref()
                            .and_then(|m| resolve(cx, m, &[ItemTag::Metric], "metric").map(|_| m));
                        if let Some(m) = metric
                            && let Some(dim) = cx.m.metric(&m.text).and_then(|mm| mm.dim)
                        {
                            check_quantity(cx, step, dim, &m.text, None);
                        } else if of.is_none()
                            && !matches!(
                                value::quantity(step),
                                Value::Percent(_) | Value::Duration(_)
                            )
                        {
                            check_quantity(
                                cx,
                                step,
                                Dim::Percent,
                                "the step",
                                Some("the step of a proportional credit"),
                            );
                        }
                        if matches!(value::quantity(step), Value::Percent(p) | Value::Duration(p) if p <= Decimal::ZERO)
                        {
                            cx.push(diag::error(
                                codes::VALUE_OUT_OF_RANGE,
                                cx.file,
                                step.span,
                                "the step of a proportional credit must be above zero",
                                "zero step",
                            ));
                        }
                        if let Some(b) = from {
                            check_quantity(
                                cx,
                                &b.value,
                                Dim::Percent,
                                "the bound counted from",
                                Some("the bound counted from"),
                            );
                        }
                    }
                }
            }
            // Caps and claims: see `remedies.rs` (their v0.2 forms need the fee's period).
            ast::BodyClauseKind::EarnBack(e) => {
                let ast::EarnBack {
                    condition,
                    period,
                    count,
                    ..
                } = &**e;
                typed_expr(cx, &condition.expr).map(|(name, _, dim, _)| {
                    check_cond_value(cx, &condition.value, dim, &name, fee_currency)
                });
                if Period::parse(&period.text, true).is_none() {
                    unknown_word(
                        cx,
                        period,
                        "period",
                        &["days", "weeks", "months", "quarters", "years"],
                    );
                }
                if !matches!(value::quantity(count), Value::Number(n) if n >= Decimal::ONE && n.fract().is_zero())
                {
                    cx.push(diag::error(
                        codes::NOT_A_WHOLE_NUMBER,
                        cx.file,
                        count.span,
                        format!(
                            "the number of periods is a whole number of at least 1, not `{}`",
                            count.text
                        ),
                        "not a count",
                    ));
                }
            }
            _ => {}
        }
    }
    tiers(cx, a, &credits);
}

/// A fee share as a percentage (`0.15` → `15%`).
pub(crate) fn pct(f: Decimal) -> String {
    value::percent(f, false)
}

/// Money in minor units (zero for shares of the fee).
pub(crate) fn money_minor(a: &ast::Amount) -> Decimal {
    match a {
        ast::Amount::Money(m) => match value::money(m) {
            Value::Money { minor, .. } => minor,
            _ => Decimal::ZERO,
        },
        ast::Amount::FeeShare { .. } | ast::Amount::FeeDays { .. } => Decimal::ZERO,
    }
}

/// Checks an amount; returns the fee share (a fraction) for `N% of fee`.
pub(crate) fn amount(
    cx: &mut Cx<'_>,
    a: &ast::Amount,
    has_fee: bool,
    fee_currency: Option<&str>,
) -> Option<Decimal> {
    match a {
        ast::Amount::FeeShare { share, span } => {
            if let Value::Percent(p) = value::quantity(share)
                && p > Decimal::ONE
                && share.sign.is_none()
            {
                cx.push(
                    diag::error(
                        codes::OVER_FULL_FEE,
                        cx.file,
                        share.span,
                        format!("{} of the fee is more than the whole fee", share.text),
                        "above 100%",
                    )
                    .help("a credit, reward or cap is at most `100% of fee`"),
                );
                return None;
            }
            if !check_quantity(
                cx,
                share,
                Dim::Percent,
                "a share of the fee",
                Some("a share of the fee"),
            ) {
                return None;
            }
            if !has_fee {
                cx.push(
                    diag::error(
                        codes::FEE_REQUIRED,
                        cx.file,
                        *span,
                        format!("`{} of fee`, but the agreement has no fee", share.text),
                        "no fee to take a share of",
                    )
                    .help("add `fee AMOUNT CURRENCY per PERIOD`, or write the amount as money"),
                );
            }
            match value::quantity(share) {
                Value::Percent(p) => Some(p),
                _ => None,
            }
        }
        ast::Amount::Money(m) => {
            currency(cx, m, fee_currency);
            None
        }
        // Checked with the fee's period by the v0.2 cap rules.
        ast::Amount::FeeDays { .. } => None,
    }
}

/// The satisfied side of a target: does a figure `x` meet `op bound`?
fn meets(op: Cmp, bound: Decimal, x: Decimal) -> bool {
    match op {
        Cmp::Ge => x >= bound,
        Cmp::Gt => x > bound,
        Cmp::Le => x <= bound,
        Cmp::Lt => x < bound,
        Cmp::Eq => x == bound,
    }
}

/// `agreement.target`, written into a message only when one is reported.
struct TargetPath<'a>(&'a str, &'a str);

impl std::fmt::Display for TargetPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// Matches a `when` remedy to its target and checks its threshold: a
/// credit or an action must trigger only while the target is missed, a
/// reward only while it is met.
pub(crate) fn when<'a>(
    cx: &mut Cx<'_>,
    a: &'a ast::Agreement,
    condition: &ast::Condition,
    qualifiers: &[ast::Qualifier],
    kind: RemedyKind,
    fee_currency: Option<&str>,
) -> Option<Tier<'a>> {
    for q in qualifiers {
        super::targets::continue_qualifier(cx, q);
    }
    let (metric, m, dim, agg) = typed_expr(cx, &condition.expr)?;
    if !check_cond_value(cx, &condition.value, dim, &metric, fee_currency) {
        return None;
    }
    // Borrowed from the tree: compared, never kept.
    fn scope_of<'q>(
        qs: &mut dyn Iterator<Item = &'q ast::Qualifier>,
    ) -> Vec<(&'q str, Vec<&'q str>)> {
        let mut v: Vec<(&str, Vec<&str>)> = qs
            .filter_map(|q| match &q.kind {
                // `in each` is part of the scope (GRAMMAR.md item 49).
                ast::QualifierKind::InEach(n) => Some(vec![("in each", vec![n.text()])]),
                ast::QualifierKind::Where(fields) => Some(
                    fields
                        .iter()
                        .map(|f| {
                            (
                                f.field.text.as_str(),
                                f.values.iter().map(ast::WhereValue::text).collect(),
                            )
                        })
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .flatten()
            .collect();
        v.sort();
        v
    }
    let own_scope = scope_of(&mut qualifiers.iter());
    let on_metric: Vec<&ast::Target> = a
        .targets()
        .filter(|t| {
            let (tm, tagg) = model::lower_expr(&t.condition.expr);
            tm.as_deref() == Some(metric.as_str()) && same_agg(&tagg, &agg)
        })
        .collect();
    let mut matches: Vec<&ast::Target> = on_metric
        .iter()
        .copied()
        .filter(|t| scope_of(&mut t.qualifiers()) == own_scope)
        .collect();
    // An unscoped remedy on a metric with several scoped targets names none of them.
    if matches.is_empty() && own_scope.is_empty() {
        matches = on_metric;
    }
    // Business days need the calendar of the remedy or of its target.
    if let ast::CondValue::Quantity(q) = &condition.value
        && q.unit == abide_syntax::literal::Unit::Duration(abide_syntax::literal::TimeUnit::Bd)
    {
        let during = |q: &ast::Qualifier| match &q.kind {
            ast::QualifierKind::During(n) => Some(n.text.to_string()),
            _ => None,
        };
        let cal = qualifiers.iter().find_map(during).or_else(|| {
            matches
                .first()
                .and_then(|t| t.qualifiers().find_map(during))
        });
        let model = cal.as_deref().and_then(|c| cx.m.calendar(c));
        super::targets::business_days(cx, q, model, cal.as_deref().unwrap_or("always"));
    }
    let target = match matches.as_slice() {
        [] => return None,
        [one] => *one,
        [first, second, ..] => {
            cx.push(
                diag::error(
                    codes::AMBIGUOUS_CREDIT,
                    cx.file,
                    condition.expr.span(),
                    format!(
                        "this condition on `{metric}` matches several targets of `{}`",
                        a.name.text
                    ),
                    "which target?",
                )
                .also(cx.file, first.name.span, "matches this target")
                .also(cx.file, second.name.span, "and this one")
                .help("add the target's scope, e.g. `where priority = critical`"),
            );
            return None;
        }
    };
    let bound = magnitude(&value::cond_value(&target.condition.value))?;
    let threshold = value::cond_value(&condition.value);
    let x = magnitude(&threshold)?;
    let better = match agg {
        Agg::Share { .. } => Some(Better::Higher),
        _ => m.better,
    };
    // Probe just inside and at the threshold on each side: a credit's trigger
    // set must not meet the target; a reward's must.
    let eps = Decimal::new(1, 9);
    let probes = [x, x - eps, x + eps];
    let trig: Vec<Decimal> = probes
        .iter()
        .copied()
        .filter(|p| meets(condition.op, x, *p))
        .collect();
    // The condition as the user wrote it, and the target's path: only
    // messages read them, and most remedies report nothing.
    let text = cx.file.text(cx.db);
    let written = text.get(condition.span.range()).unwrap_or_default();
    let tpath = TargetPath(&a.name.text, &target.name.text);
    let op_worse = if better == Some(Better::Lower) {
        ">"
    } else {
        "<"
    };
    if kind == RemedyKind::Action {
        if trig.iter().any(|p| meets(target.condition.op, bound, *p)) {
            let label = action_label(condition.span, a);
            cx.push(
                diag::error(
                    codes::ACTION_WHILE_MET,
                    cx.file,
                    condition.span,
                    format!("the action {label} is taken when `{written}`, while `{tpath}` is still met"),
                    "triggers while the target is met",
                )
                .also(cx.file, target.condition.span, "the target")
                .note("an action is a remedy for a missed target, like a service credit; it must trigger only below the target")
                .help(format!(
                    "trigger strictly below the target, e.g. `{metric} {op_worse} {}`",
                    model::cond_text(&target.condition.value)
                )),
            );
        }
    } else if kind == RemedyKind::Credit {
        if let Some(bad) = trig.iter().find(|p| meets(target.condition.op, bound, **p)) {
            let _ = bad;
            cx.push(
                diag::error(
                    codes::CREDIT_WHILE_MET,
                    cx.file,
                    condition.span,
                    format!("this credit is paid when `{written}`, while `{tpath}` is still met"),
                    "triggers while the target is met",
                )
                .also(cx.file, target.condition.span, "the target")
                .note("a service credit compensates for a missed target; it must trigger only below it")
                .help(format!("trigger strictly below the target, e.g. `{metric} {op_worse} {}`", model::cond_text(&target.condition.value))),
            );
        }
        if let (Some(min), Some(better)) = (minimum_of(target), better) {
            let above = match better {
                Better::Higher => x > min,
                Better::Lower => x < min,
            };
            if above {
                cx.push(
                    diag::lint(codes::CREDIT_ABOVE_MINIMUM, cx.file, condition.span, format!("this credit triggers above the minimum level of `{tpath}`"), "above the minimum")
                        .note("remedies usually start below the minimum level; between minimum and bound the target is missed but tolerated"),
                );
            }
        }
    } else {
        let mut bounds = vec![(bound, target.condition.op)];
        for c in &target.clauses {
            if let ast::TargetClause::Rising { value: v, .. } = c
                && let Some(b) = magnitude(&value::cond_value(v))
            {
                bounds.push((b, target.condition.op));
            }
        }
        if trig
            .iter()
            .any(|p| bounds.iter().any(|(b, op)| !meets(*op, *b, *p)))
        {
            cx.push(
                diag::error(
                    codes::REWARD_WHILE_MISSED,
                    cx.file,
                    condition.span,
                    format!("this reward is paid when `{written}`, which can happen while `{tpath}` is missed"),
                    "triggers while the target is missed",
                )
                .also(cx.file, target.condition.span, "the target")
                .note("a reward recognises performance beyond the target, at every `rising to` step")
                .help("trigger the reward above the target's bound"),
            );
        }
    }
    Some(Tier {
        amount: Decimal::ZERO,
        amount_span: Span::default(),
        threshold,
        op: condition.op,
        span: condition.span,
        target,
    })
}

/// The quoted label of the action whose condition is at `span`.
fn action_label(span: Span, a: &ast::Agreement) -> String {
    a.clauses
        .iter()
        .find_map(|c| match &c.kind {
            ast::BodyClauseKind::Action(act) if act.condition.span == span => {
                Some(format!("\"{}\" of `{}`", act.label.value, a.name.text))
            }
            _ => None,
        })
        .unwrap_or_else(|| format!("of `{}`", a.name.text))
}

fn minimum_of(t: &ast::Target) -> Option<Decimal> {
    t.qualifiers().find_map(|q| match &q.kind {
        ast::QualifierKind::Minimum(v) => magnitude(&value::cond_value(v)),
        _ => None,
    })
}

fn same_agg(a: &Agg, b: &Agg) -> bool {
    match (a, b) {
        (Agg::Share { op: o1, value: v1 }, Agg::Share { op: o2, value: v2 }) => {
            o1 == o2 && v1 == v2
        }
        _ => std::mem::discriminant(a) == std::mem::discriminant(b) && a == b,
    }
}

/// Credit tiers of one target grow as performance gets worse, and no two
/// tiers pay the same amount (GRAMMAR.md item 50).
fn tiers(cx: &mut Cx<'_>, a: &ast::Agreement, credits: &[Tier<'_>]) {
    for (i, t1) in credits.iter().enumerate() {
        for t2 in &credits[i + 1..] {
            if !std::ptr::eq(t1.target, t2.target) {
                continue;
            }
            let (Some(x1), Some(x2)) = (magnitude(&t1.threshold), magnitude(&t2.threshold)) else {
                continue;
            };
            let (metric, agg) = model::lower_expr(&t1.target.condition.expr);
            let Some(metric) = metric else {
                continue;
            };
            // `share(answer_time <= 20s)` is a share of good cases: higher is
            // better whatever the metric's own direction.
            let better = if matches!(agg, Agg::Share { .. }) {
                Better::Higher
            } else {
                cx.m.metric(&metric)
                    .and_then(|m| m.better)
                    .unwrap_or(Better::Higher)
            };
            let _ = (t1.op, t2.op);
            if t1.amount == t2.amount && x1 != x2 {
                cx.push(
                    diag::error(codes::CREDIT_TIERS, cx.file, t2.amount_span, format!("two credit tiers of `{}.{}` pay the same amount", a.name.text, t1.target.name.text), "same amount")
                        .also(cx.file, t1.amount_span, "as this tier")
                        .note("tiers are not cumulative: only the largest triggered tier is paid, so the looser of the two never matters")
                        .help("remove one tier, or give the worse threshold a larger credit"),
                );
                continue;
            }
            // The tier with the worse threshold must pay more.
            let t2_worse = match better {
                Better::Higher => x2 < x1,
                Better::Lower => x2 > x1,
            };
            let (worse, milder) = if t2_worse { (t2, t1) } else { (t1, t2) };
            if x1 != x2 && worse.amount < milder.amount {
                cx.push(
                    diag::error(
                        codes::CREDIT_TIERS,
                        cx.file,
                        worse.amount_span,
                        format!(
                            "a worse shortfall of `{}.{}` earns a smaller credit",
                            a.name.text, t1.target.name.text
                        ),
                        "smaller credit for worse performance",
                    )
                    .also(
                        cx.file,
                        milder.amount_span,
                        "larger credit for a milder shortfall",
                    )
                    .also(cx.file, worse.span, "the worse threshold")
                    .help("credits must grow as performance gets worse"),
                );
            }
        }
    }
}
