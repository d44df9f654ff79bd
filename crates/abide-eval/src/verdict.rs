//! From accumulators to verdicts: each target's figure per window, met or
//! missed and by how much; the credits owed and rewards earned (tiers are
//! not cumulative: the highest applicable tier of a target pays, the
//! agreement's cap applies per window); and watermelon windows.

use std::collections::BTreeMap;

use abide_check::model::{Agg, Better, Dim};
use abide_check::value;
use abide_syntax::ast::Cmp;
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::measure::{Acc, Key};
use crate::output::{Payment, TargetResult, Verdict, Watermelon, WindowRef};
use crate::plan::{Pay, Plan, When};

/// A window's figure: a number, or a statement about a share of cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// A number in base units (fraction, seconds, count, score, NPS).
    Scalar(Decimal),
    /// "the case at share `s`": per-case targets and percentiles. `top`
    /// counts from the best end (higher-better per-case targets).
    Quantile {
        /// The share of cases.
        s: Decimal,
        /// Counted from the top.
        top: bool,
    },
}

/// `x OP t`.
#[must_use]
pub fn compare(op: Cmp, x: Decimal, t: Decimal) -> bool {
    match op {
        Cmp::Ge => x >= t,
        Cmp::Gt => x > t,
        Cmp::Le => x <= t,
        Cmp::Lt => x < t,
        Cmp::Eq => x == t,
    }
}

/// The window's figure of plan `p`, `None` without cases.
#[must_use]
pub fn figure(p: &Plan, a: &Acc) -> Option<Figure> {
    if a.outages && !a.probes && a.window_open > Decimal::ZERO {
        let down = a.down.min(a.window_open);
        return Some(Figure::Scalar(Decimal::ONE - down / a.window_open));
    }
    if a.n == 0 {
        return None;
    }
    let n = Decimal::from(a.n);
    Some(match &p.sig.agg {
        Agg::None if a.probes || p.dim == Dim::Percent => Figure::Scalar(a.sum / n),
        Agg::None
            if p.dim == Dim::Nps
                && (a.promoters + a.detractors > 0 || a.max <= Some(Decimal::TEN)) =>
        {
            Figure::Scalar(
                Decimal::from(a.promoters) * Decimal::ONE_HUNDRED / n
                    - Decimal::from(a.detractors) * Decimal::ONE_HUNDRED / n,
            )
        }
        Agg::None => Figure::Quantile {
            s: p.sig.share.unwrap_or(Decimal::ONE),
            top: p.better == Better::Higher,
        },
        Agg::Mean => Figure::Scalar(a.sum / n),
        Agg::Median => Figure::Quantile {
            s: Decimal::new(5, 1),
            top: false,
        },
        Agg::Percentile(q) => Figure::Quantile { s: *q, top: false },
        Agg::Min => Figure::Scalar(a.min?),
        Agg::Max => Figure::Scalar(a.max?),
        Agg::Count => Figure::Scalar(n),
        Agg::Share { op, value } => {
            let t = p.scalar(value)?;
            Figure::Scalar(share_meeting(p, a, *op, t)?)
        }
        Agg::Invalid => return None,
    })
}

/// The share of cases with `value OP t` (exact: `t` is one of the plan's cuts).
#[must_use]
pub fn share_meeting(p: &Plan, a: &Acc, op: Cmp, t: Decimal) -> Option<Decimal> {
    let k = p.cuts.iter().position(|c| *c == t)?;
    let le = *a.le.get(k)?;
    let lt = *a.lt.get(k)?;
    let count = match op {
        Cmp::Le => le,
        Cmp::Lt => lt,
        Cmp::Ge => a.n - lt,
        Cmp::Gt => a.n - le,
        Cmp::Eq => le - lt,
    };
    (a.n > 0).then(|| Decimal::from(count) / Decimal::from(a.n))
}

/// Does the window's figure satisfy `OP t`?
#[must_use]
pub fn holds(p: &Plan, a: &Acc, f: Figure, op: Cmp, t: Decimal) -> Option<bool> {
    match f {
        Figure::Scalar(x) => Some(compare(op, x, t)),
        Figure::Quantile { s, top: false } => {
            // The case at share s from the bottom: v ≤ t ⟺ share(≤ t) ≥ s.
            Some(match op {
                Cmp::Le => share_meeting(p, a, Cmp::Le, t)? >= s,
                Cmp::Lt => share_meeting(p, a, Cmp::Lt, t)? >= s,
                Cmp::Gt => share_meeting(p, a, Cmp::Le, t)? < s,
                Cmp::Ge => share_meeting(p, a, Cmp::Lt, t)? < s,
                Cmp::Eq => share_meeting(p, a, Cmp::Eq, t)? >= s,
            })
        }
        Figure::Quantile { s, top: true } => Some(match op {
            Cmp::Ge => share_meeting(p, a, Cmp::Ge, t)? >= s,
            Cmp::Gt => share_meeting(p, a, Cmp::Gt, t)? >= s,
            Cmp::Lt => share_meeting(p, a, Cmp::Ge, t)? < s,
            Cmp::Le => share_meeting(p, a, Cmp::Gt, t)? < s,
            Cmp::Eq => share_meeting(p, a, Cmp::Eq, t)? >= s,
        }),
    }
}

/// A base-unit number in the metric's unit as a user writes it.
#[must_use]
pub fn show(p: &Plan, x: Decimal) -> String {
    if is_share(p) {
        return format!("{}%", (x * Decimal::ONE_HUNDRED).round_dp(2).normalize());
    }
    if p.sig.agg == Agg::Count {
        return x.round_dp(0).to_string();
    }
    match p.dim {
        Dim::Percent => format!("{}%", (x * Decimal::ONE_HUNDRED).round_dp(2).normalize()),
        Dim::Duration => value::duration(x.round_dp(0)),
        Dim::Money => format!("{}", x.round_dp(2)),
        _ => format!("{}", x.round_dp(2).normalize()),
    }
}

/// True when the figure is a fraction whatever the metric: `share(…)`, or a percentage metric.
fn is_share(p: &Plan) -> bool {
    matches!(p.sig.agg, Agg::Share { .. })
}

fn pct(x: Decimal) -> String {
    format!("{}%", (x * Decimal::ONE_HUNDRED).round_dp(1).normalize())
}

/// The result row of one accumulator.
#[must_use]
pub fn result(p: &Plan, key: &Key, end: Date, a: &Acc) -> (TargetResult, Option<Figure>) {
    let (bound_v, bound_text) = p.bound_at(key.window);
    let bound = format!("{} {bound_text}", p.sig.op.as_str());
    let window = window_ref(p, key.window, end);
    let mut r = TargetResult {
        agreement: p.agreement.clone(),
        kind: p.kind.keyword().to_owned(),
        service: p.service.clone(),
        target: p.sig.name.to_string(),
        window,
        instance: (!key.instance.is_empty()).then(|| key.instance.clone()),
        cases: a.n,
        measured: "no data".into(),
        value: None,
        bound,
        verdict: Verdict::NoData,
        margin: None,
    };
    let Some(f) = figure(p, a) else {
        return (r, None);
    };
    let Some(t) = p.scalar(&bound_v) else {
        return (r, Some(f));
    };
    let met = holds(p, a, f, p.sig.op, t);
    r.verdict = match met {
        Some(true) => Verdict::Met,
        Some(false) => Verdict::Missed,
        None => Verdict::NoData,
    };
    match f {
        Figure::Scalar(x) => {
            r.measured = show(p, x);
            r.value = Some(x.normalize().to_string());
            let diff = match p.sig.op {
                Cmp::Ge | Cmp::Gt => x - t,
                Cmp::Le | Cmp::Lt => t - x,
                Cmp::Eq => -(x - t).abs(),
            };
            let unit = if is_share(p) { Dim::Percent } else { p.dim };
            r.margin = Some(match unit {
                Dim::Percent => format!(
                    "{:+} pp",
                    (diff * Decimal::ONE_HUNDRED).round_dp(2).normalize()
                ),
                Dim::Duration => {
                    let sign = if diff < Decimal::ZERO { "-" } else { "+" };
                    format!("{sign}{}", value::duration(diff.abs().round_dp(0)))
                }
                _ => format!("{:+}", diff.round_dp(2).normalize()),
            });
        }
        Figure::Quantile { s, .. } => {
            let share = share_meeting(p, a, p.sig.op, t).unwrap_or_default();
            let within = match p.sig.op {
                Cmp::Le => "within",
                Cmp::Lt => "under",
                Cmp::Ge => "at least",
                Cmp::Gt => "over",
                Cmp::Eq => "at",
            };
            r.measured = format!(
                "{} {within} {} ({} of {})",
                pct(share),
                bound_text,
                (share * Decimal::from(a.n)).round(),
                a.n
            );
            r.value = Some(share.normalize().to_string());
            r.margin = Some(format!(
                "{:+} pp",
                ((share - s) * Decimal::ONE_HUNDRED).round_dp(1).normalize()
            ));
        }
    }
    (r, Some(f))
}

/// The window reference of a plan's window.
#[must_use]
pub fn window_ref(p: &Plan, start: Date, end: Date) -> WindowRef {
    if let Some(days) = p.rolling_days {
        let last = end.yesterday().unwrap_or(end);
        return WindowRef {
            label: format!("{days} days to {last}"),
            start: start.to_string(),
            end: end.to_string(),
        };
    }
    WindowRef {
        label: p.period.map_or_else(
            || start.to_string(),
            |per| abide_check::calendar::label(per, start),
        ),
        start: start.to_string(),
        end: end.to_string(),
    }
}

/// One applicable remedy of a target in a window: its amount in minor
/// units (`None` when the fee is known only at invoicing) and why.
struct Applied {
    minor: Option<Decimal>,
    share: Option<Decimal>,
    because: String,
}

/// The money a remedy pays, in minor units of the fee's currency.
fn amount(p: &Plan, pay: &Pay) -> (Option<Decimal>, Option<Decimal>) {
    let fee = p.fee.as_ref().and_then(|f| f.minor);
    match pay {
        Pay::FeeShare(f) => (fee.map(|m| (m * f).round_dp(0)), Some(*f)),
        Pay::FeeDays(d) => {
            let days = p
                .fee
                .as_ref()
                .and_then(|f| f.per)
                .map_or(30, abide_check::model::Period::days);
            let share = *d / Decimal::from(days);
            (fee.map(|m| (m * share).round_dp(0)), Some(share))
        }
        Pay::Money { minor, .. } => (Some(*minor), None),
    }
}

/// The remedies of `p` that apply to figure `f` in a window (credits or rewards).
fn applied(p: &Plan, a: &Acc, f: Figure, credit: bool, measured: &str) -> Option<Applied> {
    let mut best: Option<Applied> = None;
    for r in p.remedies.iter().filter(|r| r.credit == credit) {
        let (minor, share) = amount(p, &r.pay);
        let (minor, share) = match &r.when {
            When::Condition { op, threshold } => {
                let Some(t) = p.scalar(threshold) else {
                    continue;
                };
                if holds(p, a, f, *op, t) != Some(true) {
                    continue;
                }
                (minor, share)
            }
            When::PerStep { step, from } => {
                let Figure::Scalar(x) = f else { continue };
                let Some(bound) = from.or_else(|| p.scalar(&p.sig.value)) else {
                    continue;
                };
                let short = match p.better {
                    Better::Higher => bound - x,
                    Better::Lower => x - bound,
                };
                if short <= Decimal::ZERO || step.is_zero() {
                    continue;
                }
                let steps = (short / *step).floor();
                (minor.map(|m| m * steps), share.map(|s| s * steps))
            }
        };
        let candidate = Applied {
            minor,
            share,
            because: format!("{}: {} ({measured})", p.sig.name, r.text),
        };
        let larger = match (&best, candidate.minor.or(candidate.share)) {
            (None, _) => true,
            (Some(b), Some(x)) => b.minor.or(b.share).is_none_or(|y| x > y),
            (Some(_), None) => false,
        };
        if larger {
            best = Some(candidate);
        }
    }
    best
}

/// Credits or rewards per agreement and window.
#[must_use]
pub fn payments(
    plans: &[Plan],
    figures: &BTreeMap<Key, (Acc, Figure, String, Date)>,
    credit: bool,
) -> Vec<Payment> {
    // (agreement, window start) → (window ref, applied remedies, a plan for fee and cap)
    let mut by_window: BTreeMap<(String, Date), (WindowRef, Vec<Applied>, usize)> = BTreeMap::new();
    for (key, (acc, f, measured, end)) in figures {
        let Some(p) = plans.get(key.plan) else {
            continue;
        };
        // Remedies are paid per window; a rolling window ends every day.
        if p.rolling_days.is_some() {
            continue;
        }
        let Some(app) = applied(p, acc, *f, credit, measured) else {
            continue;
        };
        let slot = by_window
            .entry((p.agreement.clone(), key.window))
            .or_insert_with(|| (window_ref(p, key.window, *end), Vec::new(), key.plan));
        slot.1.push(app);
    }
    let mut out = Vec::new();
    for ((agreement, _), (window, apps, plan)) in by_window {
        let Some(p) = plans.get(plan) else { continue };
        let currency = p
            .remedies
            .iter()
            .find_map(|r| match &r.pay {
                Pay::Money { currency, .. } => Some(currency.clone()),
                _ => None,
            })
            .or_else(|| p.fee.as_ref().and_then(|f| f.currency.clone()));
        let known = apps.iter().all(|a| a.minor.is_some());
        let mut capped = false;
        let (minor, amount) = if known {
            let mut total: Decimal = apps.iter().filter_map(|a| a.minor).sum();
            if credit && let (Some(cap), Some(fee)) = (p.cap, p.fee.as_ref().and_then(|f| f.minor))
            {
                let limit = (fee * cap).round_dp(0);
                if total > limit {
                    total = limit;
                    capped = true;
                }
            }
            let digits = currency
                .as_deref()
                .map_or(2, abide_check::value::iso_minor_digits);
            let major = total / Decimal::from(10u64.pow(digits));
            let places = usize::try_from(digits).unwrap_or(2);
            let text = format!(
                "{:.places$} {}",
                major,
                currency.clone().unwrap_or_default()
            );
            (Some(total.normalize().to_string()), text.trim().to_owned())
        } else {
            let share: Decimal = apps.iter().filter_map(|a| a.share).sum();
            (
                None,
                format!("{} of fee (the fee is known at invoicing)", pct(share)),
            )
        };
        out.push(Payment {
            agreement,
            window,
            minor,
            currency,
            amount,
            capped,
            because: apps.into_iter().map(|a| a.because).collect(),
        });
    }
    out
}

/// Windows where every SLA target of a service that was measured in them
/// was met, while an experience (XLA) target of the service was missed.
#[must_use]
pub fn watermelons(results: &[TargetResult]) -> Vec<Watermelon> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for x in results
        .iter()
        .filter(|r| r.kind == "xla" && r.verdict == Verdict::Missed)
    {
        let overlapping = |r: &&TargetResult| {
            r.service == x.service
                && r.kind == "sla"
                && r.verdict != Verdict::NoData
                && r.window.start < x.window.end
                && x.window.start < r.window.end
        };
        let slas: Vec<&TargetResult> = results.iter().filter(overlapping).collect();
        if slas.is_empty() || slas.iter().any(|r| r.verdict == Verdict::Missed) {
            continue;
        }
        if !seen.insert((x.service.clone(), x.window.clone())) {
            continue;
        }
        let missed = results
            .iter()
            .filter(|r| {
                r.service == x.service
                    && r.kind == "xla"
                    && r.verdict == Verdict::Missed
                    && r.window == x.window
            })
            .map(|r| {
                format!(
                    "{}.{} {} (bound {})",
                    r.agreement, r.target, r.measured, r.bound
                )
            })
            .collect();
        let mut met: Vec<String> = slas
            .iter()
            .map(|r| format!("{}.{}", r.agreement, r.target))
            .collect();
        met.sort();
        met.dedup();
        out.push(Watermelon {
            service: x.service.clone(),
            window: x.window.clone(),
            sla_met: met,
            experience_missed: missed,
        });
    }
    out
}
