//! Rules of targets: the metric and aggregate, the bound's unit and range,
//! qualifiers, steps and minimums, supporter references, and the target
//! lints (`missing-measurement`, `inverted-bound`, `xla-output-metric`,
//! `calendar-day-unit`, `priority-order`, `unknown-scope-field`).

use std::collections::BTreeMap;

use abide_db::codes;
use abide_syntax::Span;
use abide_syntax::ast::{self, AgreementKind, Cmp, SmolStr};
use abide_syntax::literal::{Quantity, TimeUnit, Unit};
use rust_decimal::Decimal;

use super::Cx;
use super::names::{AGREEMENTS, repeated, resolve, unknown_word};
use crate::diag::{self, DiagExt};
use crate::model::{
    self, Agg, Better, CalendarModel, Category, Dim, ItemModel, Period, percentile_name,
};
use crate::scope::ItemTag;
use crate::value::{self, Value};

/// The aggregates, for suggestions.
pub const AGGREGATES: &[&str] = &[
    "mean", "median", "min", "max", "count", "share", "pct", "p50", "p90", "p95", "p99",
];

/// Runs the target rules of one agreement.
pub fn agreement(cx: &mut Cx<'_>, a: &ast::Agreement) {
    let mut names: BTreeMap<&str, Span> = BTreeMap::new();
    let fee_currency = a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Fee(f) => Some(f.amount.currency.text.clone()),
        _ => None,
    });
    let valid = a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Valid(v) => {
            Some((v.start.value, v.end.as_ref().and_then(|e| e.value)))
        }
        _ => None,
    });
    for t in a.targets() {
        if let Some(first) = names.get(t.name.text.as_str()) {
            cx.push(
                diag::error(
                    codes::NAMES_DUPLICATE,
                    cx.file,
                    t.name.span,
                    format!("`{}` has two targets named `{}`", a.name.text, t.name.text),
                    "declared again here",
                )
                .also(cx.file, *first, "first declared here")
                .help("targets are named `agreement.target`: give each a name of its own"),
            );
            continue;
        }
        names.insert(&t.name.text, t.name.span);
        target(cx, a, t, fee_currency.as_deref(), valid);
    }
    priority_order(cx, a);
}

/// The metric, dimension and aggregate a condition measures, checking the
/// expression on the way. `None` when it cannot be typed (already reported).
pub fn typed_expr(
    cx: &mut Cx<'_>,
    expr: &ast::Expr,
) -> Option<(SmolStr, model::MetricModel, Dim, Agg)> {
    let (metric_name, agg) = model::lower_expr(expr);
    match expr {
        ast::Expr::Metric(n) => {
            resolve(cx, n, &[ItemTag::Metric], "metric")?;
        }
        ast::Expr::Call { func, args, span } => {
            if !check_call(cx, func, args, *span) {
                return None;
            }
            let metric = args.iter().find_map(|a| match a {
                ast::Arg::Metric(n) => Some(n),
                ast::Arg::Compare { metric, .. } => Some(metric),
                ast::Arg::Value(_) => None,
            })?;
            resolve(cx, metric, &[ItemTag::Metric], "metric")?;
        }
    }
    let name = metric_name?;
    let m = cx.m.metric(&name)?;
    let dim = m.dim?;
    let eff = match &agg {
        Agg::Share { .. } => Dim::Percent,
        Agg::Count => Dim::Count,
        _ => dim,
    };
    if let (Agg::Share { .. }, ast::Expr::Call { args, .. }) = (&agg, expr)
        && let Some(ast::Arg::Compare {
            value: v, metric, ..
        }) = args.first()
    {
        check_quantity(cx, v, dim, &metric.text, None);
    }
    Some((name, m.clone(), eff, agg))
}

/// Checks the name and arguments of an aggregate call; false when unusable.
fn check_call(cx: &mut Cx<'_>, func: &ast::Name, args: &[ast::Arg], span: Span) -> bool {
    let f = func.text.as_str();
    let bad = |cx: &mut Cx<'_>, msg: String, help: &str| {
        cx.push(
            diag::error(codes::BAD_AGGREGATE, cx.file, span, msg, "here").help(help.to_owned()),
        );
        false
    };
    if matches!(f, "p0" | "p100")
        || (f.starts_with('p') && f.len() > 3 && f[1..].bytes().all(|b| b.is_ascii_digit()))
    {
        return bad(
            cx,
            format!("`{f}` is not a percentile"),
            "write `min(…)` for p0, `max(…)` for p100, `pct(99.9, …)` for other shares",
        );
    }
    let percentile = percentile_name(f).is_some();
    if !percentile && !["mean", "median", "min", "max", "count", "share", "pct"].contains(&f) {
        unknown_word(cx, func, "aggregate", AGGREGATES);
        return false;
    }
    match f {
        "share" => match args {
            [ast::Arg::Compare { .. }] => true,
            _ => bad(
                cx,
                "`share` takes one comparison, as in `share(ease_of_use >= 4)`".into(),
                "write `share(METRIC >= VALUE)`",
            ),
        },
        "pct" => match args {
            [ast::Arg::Value(q), ast::Arg::Metric(_)] => {
                let ok = q.unit == Unit::Number || q.unit == Unit::Percent;
                let v = q.value.unwrap_or_default();
                if ok && v > Decimal::ZERO && v < Decimal::ONE_HUNDRED {
                    true
                } else {
                    bad(
                        cx,
                        format!(
                            "the share in `pct` is a number between 0 and 100, not `{}`",
                            q.text
                        ),
                        "write `pct(99.9, latency)`",
                    )
                }
            }
            _ => bad(
                cx,
                "`pct` takes a share and a metric, as in `pct(99.9, latency)`".into(),
                "write `pct(SHARE, METRIC)`",
            ),
        },
        _ => match args {
            [ast::Arg::Metric(_)] => true,
            _ => bad(
                cx,
                format!("`{f}` takes one metric, as in `{f}(latency)`"),
                "pass exactly one metric name",
            ),
        },
    }
}

/// Checks a quantity against the dimension of `metric`; false on a mismatch.
pub fn check_quantity(
    cx: &mut Cx<'_>,
    q: &Quantity,
    dim: Dim,
    metric: &str,
    context: Option<&str>,
) -> bool {
    let v = value::quantity(q);
    if v == Value::Invalid {
        return false;
    }
    let fits = matches!(
        (dim, &v),
        (Dim::Percent, Value::Percent(_))
            | (Dim::Duration, Value::Duration(_) | Value::BusinessDays(_))
            | (Dim::Count | Dim::Score { .. } | Dim::Nps, Value::Number(_))
            | (Dim::Rate, Value::Rate(_))
    );
    // Only an error message names it.
    let what = || context.map_or_else(|| format!("`{metric}`"), str::to_owned);
    if !fits {
        let what = what();
        let mut d = diag::error(
            codes::UNIT_MISMATCH,
            cx.file,
            q.span,
            format!(
                "{what} is measured as {}, but `{}` is {}",
                dim.describe(),
                q.text,
                value::describe(&v)
            ),
            format!("expected {}", dim.describe()),
        )
        .help(format!("write {} here", dim.example()));
        if dim == Dim::Percent && matches!(v, Value::Number(_)) {
            d = d.help(format!("a percentage needs `%`: write `{}%`", q.text));
        }
        cx.push(d);
        return false;
    }
    if q.sign.is_some() && !matches!(dim, Dim::Score { .. } | Dim::Nps) {
        cx.push(
            diag::error(
                codes::SIGNED_VALUE,
                cx.file,
                q.span,
                format!("{} cannot carry a sign: `{}`", dim.describe(), q.text),
                "no sign here",
            )
            .help("signs are only for scores and NPS, as in `nps >= +40`"),
        );
        return false;
    }
    let out_of_range = |lo: Decimal, hi: Decimal, x: Decimal| x < lo || x > hi;
    let range_error = match (dim, &v) {
        (Dim::Percent, Value::Percent(f)) if out_of_range(Decimal::ZERO, Decimal::ONE, *f) => {
            Some("0% to 100%".to_owned())
        }
        (Dim::Score { lo, hi }, Value::Number(n))
            if out_of_range(Decimal::from(lo), Decimal::from(hi), *n) =>
        {
            Some(format!("{lo} to {hi}"))
        }
        (Dim::Nps, Value::Number(n))
            if out_of_range(Decimal::from(-100), Decimal::ONE_HUNDRED, *n) =>
        {
            Some("-100 to +100".to_owned())
        }
        (Dim::Count, Value::Number(n)) if *n < Decimal::ZERO => Some("0 and up".to_owned()),
        _ => None,
    };
    if let Some(range) = range_error {
        let what = what();
        cx.push(
            diag::error(
                codes::VALUE_OUT_OF_RANGE,
                cx.file,
                q.span,
                format!("`{}` is outside the range of {what}: {range}", q.text),
                format!("must be within {range}"),
            )
            .note(format!("{what} is measured as {}", dim.describe())),
        );
        return false;
    }
    if let (Dim::Count, Value::Number(n)) = (dim, &v)
        && !n.fract().is_zero()
    {
        let what = what();
        cx.push(
            diag::error(
                codes::NOT_A_WHOLE_NUMBER,
                cx.file,
                q.span,
                format!("{what} counts whole cases, not `{}`", q.text),
                "not a whole number",
            )
            .help(
                "a count bound is a whole number: round it in the direction that keeps the promise",
            ),
        );
        return false;
    }
    true
}

/// Checks a condition value (quantity or money) against the dimension.
pub fn check_cond_value(
    cx: &mut Cx<'_>,
    v: &ast::CondValue,
    dim: Dim,
    metric: &str,
    fee_currency: Option<&str>,
) -> bool {
    match v {
        ast::CondValue::Quantity(q) => {
            if dim == Dim::Money {
                cx.push(
                    diag::error(
                        codes::UNIT_MISMATCH,
                        cx.file,
                        q.span,
                        format!(
                            "`{metric}` is measured as money, but `{}` has no currency",
                            q.text
                        ),
                        "expected money",
                    )
                    .help(format!("write `{} GBP` (with the currency code)", q.text)),
                );
                return false;
            }
            check_quantity(cx, q, dim, metric, None)
        }
        ast::CondValue::Money(m) => {
            if dim != Dim::Money {
                cx.push(
                    diag::error(
                        codes::UNIT_MISMATCH,
                        cx.file,
                        m.span,
                        format!(
                            "`{metric}` is measured as {}, but `{} {}` is an amount of money",
                            dim.describe(),
                            m.amount.text,
                            m.currency.text
                        ),
                        format!("expected {}", dim.describe()),
                    )
                    .help(format!("write {} here", dim.example())),
                );
                return false;
            }
            currency(cx, m, fee_currency)
        }
    }
}

/// Money must be in the fee's currency.
pub fn currency(cx: &mut Cx<'_>, m: &ast::Money, fee_currency: Option<&str>) -> bool {
    if let Some(fee) = fee_currency
        && fee != m.currency.text
    {
        cx.push(
            diag::error(
                codes::CURRENCY_MISMATCH,
                cx.file,
                m.currency.span,
                format!(
                    "`{} {}` is in {}, but the agreement's fee is in {fee}",
                    m.amount.text, m.currency.text, m.currency.text
                ),
                format!("expected {fee}"),
            )
            .note("all money in one agreement uses the fee's currency")
            .help(format!("write the amount in {fee}")),
        );
        return false;
    }
    true
}

fn better_of(op: Cmp, m: &model::MetricModel, agg: &Agg) -> Option<Better> {
    match agg {
        Agg::Share { .. } => Some(Better::Higher),
        Agg::Count => None,
        _ => {
            let _ = op;
            m.better
        }
    }
}

/// True when `a` is strictly better than `b` for a metric where `better` wins.
fn strictly_better(a: &Value, b: &Value, better: Better) -> Option<bool> {
    let (x, y) = (magnitude(a)?, magnitude(b)?);
    Some(match better {
        Better::Higher => x > y,
        Better::Lower => x < y,
    })
}

/// The comparable magnitude of a value (business days are not comparable here).
pub fn magnitude(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(x) | Value::Percent(x) | Value::Duration(x) | Value::Rate(x) => Some(*x),
        Value::Money { minor, .. } => Some(*minor),
        Value::BusinessDays(_) | Value::Invalid => None,
    }
}

/// Open minutes of each open weekday, when all open days are equal.
pub fn business_day_minutes(c: &CalendarModel) -> Result<u32, Vec<(usize, u32)>> {
    let per_day: Vec<(usize, u32)> = c
        .weekly
        .iter()
        .enumerate()
        .map(|(d, spans)| (d, spans.iter().map(|(a, b)| u32::from(b - a)).sum::<u32>()))
        .filter(|(_, m)| *m > 0)
        .collect();
    match per_day.first() {
        Some((_, first)) if per_day.iter().all(|(_, m)| m == first) => Ok(*first),
        _ => Err(per_day),
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "one pass over the target's clauses keeps the rules in one place"
)]
fn target(
    cx: &mut Cx<'_>,
    a: &ast::Agreement,
    t: &ast::Target,
    fee: Option<&str>,
    valid: Option<(Option<jiff::civil::Date>, Option<jiff::civil::Date>)>,
) {
    let typed = typed_expr(cx, &t.condition.expr);
    let ok_bound = typed
        .as_ref()
        .is_some_and(|(name, _, dim, _)| check_cond_value(cx, &t.condition.value, *dim, name, fee));

    // Qualifiers: repeats, then each rule. A target has a handful of
    // clauses: a list searched in place costs less than a map.
    let mut once: Vec<(&str, Span)> = Vec::new();
    let mut fields: Vec<(&str, Span)> = Vec::new();
    let first_of =
        |seen: &[(&str, Span)], key: &str| seen.iter().find(|(k, _)| *k == key).map(|&(_, s)| s);
    let mut during: Option<&ast::Name> = None;
    let mut measured = false;
    let mut minimum: Option<&ast::CondValue> = None;
    for c in &t.clauses {
        let (key, span) = match c {
            ast::TargetClause::Qualifier(q) => (
                match &q.kind {
                    ast::QualifierKind::For { .. } => "`for`",
                    // Each field once per target, whether in one `where … and …`
                    // or in several `where` qualifiers (LANGUAGE.md §7).
                    ast::QualifierKind::Where(scoped) => {
                        // A one-field `where` is labelled whole, as in v0.1.
                        let span_of = |f: &ast::ScopeField| {
                            if scoped.len() == 1 { q.span } else { f.span }
                        };
                        for f in scoped {
                            if let Some(first) = first_of(&fields, &f.field.text) {
                                repeated(
                                    cx,
                                    &format!("the scope on `{}`", f.field.text),
                                    first,
                                    span_of(f),
                                );
                            } else {
                                fields.push((&f.field.text, span_of(f)));
                            }
                        }
                        continue_qualifier(cx, q);
                        continue;
                    }
                    ast::QualifierKind::During(_) => "`during`",
                    ast::QualifierKind::Per(_) | ast::QualifierKind::OverRolling(_) => {
                        "the window (`per` or `over rolling`)"
                    }
                    ast::QualifierKind::InEach(_) => "`in each`",
                    ast::QualifierKind::AtLeast { .. } => "`in at least`",
                    ast::QualifierKind::MeasuredBy(_) => "`measured by`",
                    ast::QualifierKind::Excluding(_) => "`excluding`",
                    ast::QualifierKind::Minimum(_) => "`minimum`",
                },
                q.span,
            ),
            ast::TargetClause::SupportedBy { span, .. } => ("`supported by`", *span),
            ast::TargetClause::Rising { .. } => continue,
            ast::TargetClause::If { span, .. } => ("`if`", *span),
        };
        if let Some(first) = first_of(&once, key) {
            repeated(cx, key, first, span);
            continue;
        }
        once.push((key, span));
        match c {
            ast::TargetClause::Qualifier(q) => match &q.kind {
                ast::QualifierKind::During(n) => {
                    if resolve(cx, n, &[ItemTag::Calendar], "calendar").is_some() {
                        during = Some(n);
                    }
                }
                ast::QualifierKind::MeasuredBy(_) => measured = true,
                ast::QualifierKind::Minimum(v) => minimum = Some(v),
                _ => continue_qualifier(cx, q),
            },
            ast::TargetClause::SupportedBy { supports, .. } => {
                for s in supports {
                    support_refs(cx, s);
                }
            }
            ast::TargetClause::Rising { .. } | ast::TargetClause::If { .. } => {}
        }
    }
    let calendar = during.and_then(|n| cx.m.calendar(&n.text));
    let cal_name = during.map_or("always", |n| n.text.as_str());

    // `for N%`.
    for q in t.qualifiers() {
        if let ast::QualifierKind::For { share, .. } = &q.kind {
            if check_quantity(
                cx,
                share,
                Dim::Percent,
                "the share of cases",
                Some("the share of cases"),
            ) && value::quantity(share) == Value::Percent(Decimal::ZERO)
            {
                cx.push(diag::error(
                    codes::VALUE_OUT_OF_RANGE,
                    cx.file,
                    share.span,
                    "a share of 0% promises nothing",
                    "must be above 0%",
                ));
            }
            if let Some((_, m, _, agg)) = &typed {
                let clash = match agg {
                    Agg::None if m.dim == Some(Dim::Percent) => Some(
                        "a percentage metric is already a share: `for` counts cases of a duration or count",
                    ),
                    Agg::None | Agg::Invalid => None,
                    Agg::Percentile(_) | Agg::Share { .. } => {
                        Some("a percentile or `share` already states the share of cases")
                    }
                    _ => Some(
                        "a mean, median, minimum, maximum or count describes the whole window, not a share of cases",
                    ),
                };
                if let Some(why) = clash {
                    cx.push(
                        diag::error(
                            codes::BAD_AGGREGATE,
                            cx.file,
                            q.span,
                            "`for N%` does not apply to this condition",
                            "remove this",
                        )
                        .note(why),
                    );
                }
            }
        }
    }

    // Business days and calendar days under a calendar.
    for (q, is_window) in bound_quantities(t) {
        match q.unit {
            Unit::Duration(TimeUnit::Bd) => business_days(cx, q, calendar, cal_name),
            Unit::Duration(u @ (TimeUnit::D | TimeUnit::W))
                if !is_window && calendar.as_ref().is_some_and(|c| !c.is_always()) =>
            {
                let per = if u == TimeUnit::D { 24 } else { 168 };
                let hours = q.value.map_or_else(String::new, |v| {
                    (v * Decimal::from(per)).normalize().to_string()
                });
                cx.push(
                    diag::lint(
                        codes::CALENDAR_DAY_UNIT,
                        cx.file,
                        q.span,
                        format!("`{}` under `{cal_name}` counts {hours} open hours of that calendar, not calendar days", q.text),
                        "calendar days on a stopped clock",
                    )
                    .note(format!("the clock stops outside `{cal_name}`: `1d` there is 24 open hours, several business days"))
                    .help("write business days (`1bd`) or hours"),
                );
            }
            _ => {}
        }
    }

    // Exclusions that remove every hour.
    for q in t.qualifiers() {
        if let ast::QualifierKind::Excluding(xs) = &q.kind {
            let mut excl = Vec::new();
            for x in xs {
                if let ast::Exclusion::Calendar(n) = x
                    && resolve(cx, n, &[ItemTag::Calendar], "calendar").is_some()
                    && let Some(c) = cx.m.calendar(&n.text)
                {
                    excl.push(c);
                }
            }
            if !excl.is_empty() {
                let base = calendar
                    .or_else(|| cx.m.calendar("always"))
                    .cloned()
                    .unwrap_or_default();
                // Each exclusion read on the target calendar's clock.
                let at = super::alignment::reference_instant(valid.and_then(|v| v.0));
                let spans: Vec<(u32, u32)> = excl
                    .iter()
                    .flat_map(|c| {
                        crate::calendar::shift(
                            &crate::calendar::weekly_union(c),
                            crate::calendar::offset_shift(&base, c, at),
                        )
                    })
                    .collect();
                // Hours defined by another document cannot be shown to be all excluded.
                let known = !base.hours_unknown() && excl.iter().all(|c| !c.hours_unknown());
                if known
                    && crate::calendar::uncovered_by(&base, spans).is_empty()
                    && base.weekly_minutes() > 0
                {
                    cx.push(
                        diag::error(codes::EXCLUDED_EVERYTHING, cx.file, q.span, format!("the exclusions remove every hour of `{cal_name}`: target `{}` could never be measured", t.name.text), "excludes all hours")
                            .help("exclude only maintenance windows, not the whole calendar"),
                    );
                }
            }
        }
    }

    let Some((metric, m, dim, agg)) = typed else {
        return;
    };

    // Lints on the bound.
    if let Some(better) = better_of(t.condition.op, &m, &agg) {
        let inverted = matches!(
            (better, t.condition.op),
            (Better::Higher, Cmp::Le | Cmp::Lt) | (Better::Lower, Cmp::Ge | Cmp::Gt)
        );
        if inverted {
            let flipped = match t.condition.op {
                Cmp::Le => ">=",
                Cmp::Lt => ">",
                Cmp::Ge => "<=",
                Cmp::Gt => "<",
                Cmp::Eq => "=",
            };
            let way = if better == Better::Higher {
                "higher"
            } else {
                "lower"
            };
            cx.push(
                diag::lint(
                    codes::INVERTED_BOUND,
                    cx.file,
                    t.condition.op_span,
                    format!(
                        "target `{}.{}` {} `{metric}`, but for `{metric}` {way} is better",
                        a.name.text,
                        t.name.text,
                        if better == Better::Higher {
                            "caps"
                        } else {
                            "sets a floor on"
                        }
                    ),
                    "points the wrong way",
                )
                .note("a promise bounds how bad the figure may get")
                .help(format!("write `{flipped}`")),
            );
        }
    }
    if a.kind == AgreementKind::Xla
        && matches!(m.category, Some(Category::Utility | Category::Warranty))
    {
        cx.push(
            diag::lint(
                codes::XLA_OUTPUT_METRIC,
                cx.file,
                t.condition.expr.span(),
                format!("XLA target `{}.{}` measures `{metric}`, an output metric", a.name.text, t.name.text),
                "an output, not an experience",
            )
            .note("XLAs measure how people experience the service; outputs such as availability belong in the SLA")
            .help("measure an experience metric such as `satisfaction`, `ease_of_use` or `lost_time`, or move this target to the SLA"),
        );
    }
    if !measured {
        cx.push(
            diag::lint(
                codes::MISSING_MEASUREMENT,
                cx.file,
                t.name.span,
                format!(
                    "target `{}.{}` does not say how it is measured",
                    a.name.text, t.name.text
                ),
                "no `measured by`",
            )
            .note("ITIL: every agreed metric needs a clear approach to measurement and reporting")
            .help("add `measured by \"SOURCE\"`"),
        );
    }

    // Minimum and steps.
    let better = better_of(t.condition.op, &m, &agg);
    let bound = value::cond_value(&t.condition.value);
    if let Some(min) = minimum
        && check_cond_value(cx, min, dim, &metric, fee)
        && ok_bound
        && let Some(better) = better
    {
        let mv = value::cond_value(min);
        if strictly_better(&bound, &mv, better) == Some(false) {
            cx.push(
                diag::error(codes::BAD_MINIMUM, cx.file, min.span(), format!("the minimum `{}` is not looser than the bound of `{}.{}`", model::cond_text(min), a.name.text, t.name.text), "not looser than the bound")
                    .also(cx.file, t.condition.value.span(), "the bound")
                    .note("the minimum is the level below which remedies start; it sits below the expected level")
                    .help(if better == Better::Higher { "make the minimum lower than the bound" } else { "make the minimum higher than the bound" }),
            );
        }
    }
    let mut prev: (Value, Option<jiff::civil::Date>, Span) =
        (bound, valid.and_then(|v| v.0), t.condition.value.span());
    for c in &t.clauses {
        let ast::TargetClause::Rising {
            value: v,
            from,
            span,
        } = c
        else {
            continue;
        };
        if !check_cond_value(cx, v, dim, &metric, fee) {
            continue;
        }
        let sv = value::cond_value(v);
        if let Some(better) = better
            && strictly_better(&sv, &prev.0, better) == Some(false)
        {
            cx.push(
                diag::error(
                    codes::BAD_STEP,
                    cx.file,
                    v.span(),
                    format!(
                        "`rising to {}` does not improve on the bound before it",
                        model::cond_text(v)
                    ),
                    "not better",
                )
                .also(cx.file, prev.2, "the bound before")
                .help("each step must be strictly better than the one before"),
            );
        }
        if let (Some(d), Some(p)) = (from.value, prev.1)
            && d <= p
        {
            cx.push(
                diag::error(
                    codes::BAD_STEP,
                    cx.file,
                    from.span,
                    format!("step date {d} is not after {p}"),
                    "out of order",
                )
                .help("steps take effect in date order, after the validity starts"),
            );
        }
        if let (Some(d), Some((_, Some(end)))) = (from.value, valid)
            && d > end
        {
            cx.push(diag::error(
                codes::BAD_STEP,
                cx.file,
                from.span,
                format!("step date {d} is after the agreement ends ({end})"),
                "outside the validity",
            ));
        }
        if let (Some(min), Some(better)) = (minimum, better)
            && strictly_better(&sv, &value::cond_value(min), better) == Some(false)
        {
            cx.push(
                diag::error(
                    codes::BAD_MINIMUM,
                    cx.file,
                    min.span(),
                    format!(
                        "the minimum `{}` is not looser than the step `rising to {}`",
                        model::cond_text(min),
                        model::cond_text(v)
                    ),
                    "not looser than the step",
                )
                .also(cx.file, *span, "the step"),
            );
        }
        prev = (sv, from.value, v.span());
    }
}

/// The quantities of a target's bound, steps and minimum (`false`), and of
/// its rolling window (`true`).
fn bound_quantities(t: &ast::Target) -> Vec<(&Quantity, bool)> {
    let mut out = Vec::new();
    if let ast::CondValue::Quantity(q) = &t.condition.value {
        out.push((q, false));
    }
    for c in &t.clauses {
        match c {
            ast::TargetClause::Rising { value, .. }
            | ast::TargetClause::Qualifier(ast::Qualifier {
                kind: ast::QualifierKind::Minimum(value),
                ..
            }) => {
                if let ast::CondValue::Quantity(q) = &**value {
                    out.push((q, false));
                }
            }
            ast::TargetClause::Qualifier(ast::Qualifier {
                kind: ast::QualifierKind::OverRolling(q),
                ..
            }) => out.push((q, true)),
            _ => {}
        }
    }
    out
}

/// `bd` needs a business calendar whose open days are equally long.
pub fn business_days(
    cx: &mut Cx<'_>,
    q: &Quantity,
    calendar: Option<&CalendarModel>,
    cal_name: &str,
) {
    let Some(c) = calendar.filter(|c| !c.is_always()) else {
        cx.push(
            diag::error(
                codes::BUSINESS_DAYS,
                cx.file,
                q.span,
                format!(
                    "`{}` counts business days, but the target has no business calendar",
                    q.text
                ),
                "no calendar for `bd`",
            )
            .note("one business day is the open hours of one day of the calendar in `during`")
            .help("add `during CALENDAR` naming a calendar that is not 24×7, or write hours"),
        );
        return;
    };
    // Days whose hours another document defines have no known length:
    // nothing to compare (alignment reports `unknown-hours` where it matters).
    if !c.unstated_days.is_empty() {
        return;
    }
    if let Err(days) = business_day_minutes(c) {
        let list = days
            .iter()
            .map(|(d, m)| {
                format!(
                    "{} {}h{}",
                    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][*d],
                    m / 60,
                    if m % 60 > 0 {
                        format!("{:02}", m % 60)
                    } else {
                        String::new()
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        cx.push(
            diag::error(
                codes::BUSINESS_DAYS,
                cx.file,
                q.span,
                format!(
                    "`{}` is ambiguous: the days of `{cal_name}` differ in length",
                    q.text
                ),
                "business days of unequal length",
            )
            .note(format!("open hours per day: {list}"))
            .help("write hours instead"),
        );
    }
}

/// Qualifier rules that need no context beyond the target.
pub fn continue_qualifier(cx: &mut Cx<'_>, q: &ast::Qualifier) {
    match &q.kind {
        ast::QualifierKind::Per(n) if Period::parse(&n.text, false).is_none() => {
            unknown_word(cx, n, "period", Period::WORDS);
        }
        ast::QualifierKind::OverRolling(v) => {
            let typed = check_quantity(
                cx,
                v,
                Dim::Duration,
                "a rolling window",
                Some("a rolling window"),
            );
            if typed && matches!(value::quantity(v), Value::Duration(s) if s <= Decimal::ZERO) {
                cx.push(diag::error(
                    codes::VALUE_OUT_OF_RANGE,
                    cx.file,
                    v.span,
                    "a rolling window must be longer than zero",
                    "empty window",
                ));
            }
        }
        ast::QualifierKind::Where(fields) => {
            for f in fields {
                let span = if fields.len() == 1 { q.span } else { f.span };
                scope(cx, &f.field, &f.values, f.is_list, span);
            }
        }
        ast::QualifierKind::During(n) => {
            resolve(cx, n, &[ItemTag::Calendar], "calendar");
        }
        ast::QualifierKind::AtLeast { k, n, noun } => redundancy(cx, k, n, noun),
        _ => {}
    }
}

/// `in at least K of N NOUN`: whole numbers with 1 ≤ K ≤ N.
fn redundancy(cx: &mut Cx<'_>, k: &Quantity, n: &Quantity, noun: &ast::Noun) {
    let whole = |q: &Quantity| {
        (q.unit == Unit::Number)
            .then_some(q.value)
            .flatten()
            .and_then(model::whole)
    };
    for q in [k, n] {
        if q.value.is_some() && whole(q).is_none() {
            cx.push(
                diag::error(
                    codes::BAD_REDUNDANCY,
                    cx.file,
                    q.span,
                    format!("`{}` is not a whole number of {}", q.text, noun.text()),
                    "not a whole number",
                )
                .help(format!(
                    "count the {} in whole numbers: `in at least 2 of 3 {}`",
                    noun.text(),
                    noun.text()
                )),
            );
            return;
        }
    }
    let (Some(kv), Some(nv)) = (whole(k), whole(n)) else {
        return;
    };
    let problem = if kv < 1 {
        Some((
            k.span,
            format!("at least {kv} of {nv} {} promises nothing", noun.text()),
            "must be at least 1".to_owned(),
        ))
    } else if kv > nv {
        Some((
            k.span.to(n.span),
            format!(
                "at least {kv} of {nv} {} cannot be met: there are only {nv}",
                noun.text()
            ),
            format!("{kv} is more than {nv}"),
        ))
    } else {
        None
    };
    if let Some((span, msg, label)) = problem {
        cx.push(
            diag::error(codes::BAD_REDUNDANCY, cx.file, span, msg, label)
                .note("`in at least K of N` needs 1 ≤ K ≤ N")
                .help(format!(
                    "write how many of the {} must meet the target, out of how many there are: `in at least 2 of 3 {}`",
                    noun.text(),
                    noun.text()
                )),
        );
    }
}

fn scope(
    cx: &mut Cx<'_>,
    field: &ast::Name,
    values: &[ast::WhereValue],
    is_list: bool,
    span: Span,
) {
    if is_list && values.is_empty() {
        cx.push(
            diag::error(
                codes::EMPTY_RANGE,
                cx.file,
                span,
                format!("the scope on `{}` lists no values", field.text),
                "empty list",
            )
            .help("list at least one value, or remove the scope"),
        );
        return;
    }
    let scope = cx.scope;
    match scope.get(&field.text).map(|d| d.tag) {
        Some(ItemTag::Priorities | ItemTag::Scale) => {
            // Priority scales and ordered scales (v0.2) name their levels alike.
            let levels = match cx.m.model(&field.text) {
                Some(ItemModel::Priorities(p)) => &p.levels,
                Some(ItemModel::Scale(s)) => &s.levels,
                _ => return,
            };
            for v in values {
                let (text, vspan) = match v {
                    ast::WhereValue::Word(n) => (n.text.as_str(), n.span),
                    ast::WhereValue::Str(s) => (s.value.as_str(), s.span),
                    ast::WhereValue::Number(q) => (&*q.text, q.span),
                };
                let known = levels
                    .iter()
                    .any(|(n, title)| n == text || title.as_deref() == Some(text));
                if !known {
                    let levels: Vec<&str> = levels.iter().map(|(n, _)| n.as_str()).collect();
                    cx.push(
                        diag::error(
                            codes::UNKNOWN_LEVEL,
                            cx.file,
                            vspan,
                            format!("`{text}` is not a level of `{}`", field.text),
                            "unknown level",
                        )
                        .note(format!(
                            "the levels of `{}` are {}",
                            field.text,
                            levels
                                .iter()
                                .map(|l| format!("`{l}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                        .maybe_help(crate::suggest::help(text, levels.iter())),
                    );
                }
            }
        }
        Some(_) | None => {
            let scales = scope
                .iter()
                .filter(|(_, d)| {
                    d.first()
                        .is_some_and(|d| matches!(d.tag, ItemTag::Priorities | ItemTag::Scale))
                })
                .map(|(n, _)| n.as_str());
            if let Some(near) = crate::suggest::closest(&field.text, scales) {
                cx.push(
                    diag::lint(codes::UNKNOWN_SCOPE_FIELD, cx.file, field.span, format!("`{}` is a free scope field, but it is close to the priority scale `{near}`", field.text), "not checked against any scale")
                        .help(format!("did you mean `{near}`?")),
                );
            }
        }
    }
}

/// Resolves the names in a support expression.
fn support_refs(cx: &mut Cx<'_>, s: &ast::Support) {
    match s {
        ast::Support::Bare(n) => {
            let target_hint = match cx.m.agreement(&n.text) {
                Some(m) => m
                    .targets
                    .first()
                    .map(|t| format!("write `{}.{}`", n.text, t.name)),
                None => None,
            };
            cx.push(
                diag::error(
                    codes::BARE_SUPPORTER,
                    cx.file,
                    n.span,
                    format!("supporter `{}` names no target", n.text),
                    "not `agreement.target`",
                )
                .note("a supporter is one target of another agreement, written `agreement.target`")
                .maybe_help(target_hint),
            );
        }
        ast::Support::Path {
            agreement, target, ..
        } => {
            if resolve(cx, agreement, AGREEMENTS, "agreement").is_none() {
                return;
            }
            let Some(m) = cx.m.agreement(&agreement.text) else {
                return;
            };
            if m.target(&target.text).is_none() {
                let names: Vec<&str> = m.targets.iter().map(|t| t.name.as_str()).collect();
                cx.push(
                    diag::error(
                        codes::UNKNOWN_TARGET,
                        cx.file,
                        target.span,
                        format!("`{}` has no target `{}`", agreement.text, target.text),
                        "no such target",
                    )
                    .note(if names.is_empty() {
                        format!("`{}` has no targets", agreement.text)
                    } else {
                        format!(
                            "its targets are {}",
                            names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                    .maybe_help(crate::suggest::help(&target.text, names.iter())),
                );
            }
        }
        ast::Support::Combinator { func, args, span } => {
            if !["all", "any", "seq"].contains(&func.text.as_str()) {
                unknown_word(cx, func, "combinator", &["all", "any", "seq"]);
            } else if args.is_empty() {
                cx.push(
                    diag::error(
                        codes::NOT_COMPOSABLE,
                        cx.file,
                        *span,
                        format!("`{}()` names no supporter", func.text),
                        "empty",
                    )
                    .help("list at least one `agreement.target`, or remove the clause"),
                );
            }
            for s in args {
                support_refs(cx, s);
            }
        }
    }
}

/// A target reduced for `priority-order`: `metric OP value for share`.
struct Ranked<'a> {
    rank: usize,
    level: String,
    value: Value,
    share: Decimal,
    target: &'a ast::Target,
}

/// `priority-order`: a more urgent level must not get a looser bound, nor
/// the same bound for a smaller share of cases. Targets are compared after
/// rewriting `pNN(m)` and `share(…)` to `m … for N%` (GRAMMAR.md item 42),
/// and only on the same calendar.
fn priority_order(cx: &mut Cx<'_>, a: &ast::Agreement) {
    // (metric, scale, other scopes, calendar) → ranked targets
    type Key = (String, String, String, String);
    let mut groups: BTreeMap<Key, Vec<Ranked<'_>>> = BTreeMap::new();
    let scope = cx.scope;
    for t in a.targets() {
        let (Some(metric), agg) = model::lower_expr(&t.condition.expr) else {
            continue;
        };
        let bound = value::cond_value(&t.condition.value);
        let for_share = t.qualifiers().find_map(|q| match &q.kind {
            ast::QualifierKind::For { share, .. } => match value::quantity(share) {
                Value::Percent(p) => Some(p),
                _ => None,
            },
            _ => None,
        });
        let (value, share) = match agg {
            Agg::None => (bound, for_share.unwrap_or(Decimal::ONE)),
            Agg::Percentile(p) => (bound, p),
            Agg::Share { value: inner, .. } => match bound {
                Value::Percent(p) => (*inner, p),
                _ => continue,
            },
            _ => continue,
        };
        let calendar = t.qualifiers().find_map(|q| match &q.kind {
            ast::QualifierKind::During(n) => Some(n.text.to_string()),
            _ => None,
        });
        let scopes = a_target_scopes(t);
        for (field, values) in &scopes {
            if values.len() != 1 || scope.get(field).map(|d| d.tag) != Some(ItemTag::Priorities) {
                continue;
            }
            let Some(ItemModel::Priorities(p)) = cx.m.model(field) else {
                continue;
            };
            let Some(rank) = p.levels.iter().position(|(n, title)| {
                *n == values[0] || title.as_deref() == Some(values[0].as_str())
            }) else {
                continue;
            };
            let others: Vec<String> = scopes
                .iter()
                .filter(|(f, _)| f != field)
                .map(|(f, v)| format!("{f}={v:?}"))
                .collect();
            let key = (
                metric.to_string(),
                field.clone(),
                others.join(";"),
                calendar.clone().unwrap_or_default(),
            );
            groups.entry(key).or_default().push(Ranked {
                rank,
                level: p
                    .levels
                    .get(rank)
                    .map(|l| l.0.to_string())
                    .unwrap_or_default(),
                value: value.clone(),
                share,
                target: t,
            });
        }
    }
    for ((metric, scale, _, _), mut list) in groups {
        let Some(better) = cx.m.metric(&metric).and_then(|m| m.better) else {
            continue;
        };
        list.sort_by_key(|r| r.rank);
        for pair in list.windows(2) {
            let [urgent, calmer] = pair else { continue };
            if urgent.rank == calmer.rank {
                continue;
            }
            let looser = strictly_better(&calmer.value, &urgent.value, better) == Some(true);
            let same = magnitude(&calmer.value).is_some()
                && magnitude(&calmer.value) == magnitude(&urgent.value);
            let fewer = same && urgent.share < calmer.share;
            if !(looser || fewer) {
                continue;
            }
            let (u, c) = (urgent.target, calmer.target);
            let what = if looser {
                format!(
                    "`{}` for `{}`, looser than `{}` for `{}`",
                    model::cond_text(&u.condition.value),
                    urgent.level,
                    model::cond_text(&c.condition.value),
                    calmer.level
                )
            } else {
                format!(
                    "the same bound for {} of `{}` cases as for {} of `{}` cases",
                    value::percent(urgent.share, true),
                    urgent.level,
                    value::percent(calmer.share, true),
                    calmer.level
                )
            };
            cx.push(
                diag::lint(
                    codes::PRIORITY_ORDER,
                    cx.file,
                    u.condition.value.span(),
                    format!("`{}.{}` promises less for a more urgent `{scale}`: {what}", a.name.text, u.name.text),
                    format!("for `{}`", urgent.level),
                )
                .also(cx.file, c.condition.value.span(), format!("for `{}`", calmer.level))
                .help("a more urgent priority should get a bound at least as tight, for at least as many cases"),
            );
        }
    }
}

fn a_target_scopes(t: &ast::Target) -> Vec<(String, Vec<String>)> {
    t.qualifiers()
        .filter_map(|q| match &q.kind {
            ast::QualifierKind::Where(fields) => Some(fields.iter().map(|f| {
                (
                    f.field.text.to_string(),
                    f.values.iter().map(|v| v.text().to_owned()).collect(),
                )
            })),
            _ => None,
        })
        .flatten()
        .collect()
}
