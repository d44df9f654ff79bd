//! What to evaluate: every target of every agreement, with its metric's
//! unit and direction, its calendar clock, window, scopes, the bound in
//! force per date, and the credits and rewards that hang off it.
//!
//! Built from the same salsa queries as `abide check` (position-free
//! models), plus the agreement ASTs for credits and rewards, which the
//! models do not carry.

use std::collections::BTreeMap;

use abide_check::model::{self, Agg, Better, Dim, Period, TargetSig, Window};
use abide_check::value::{self, Value};
use abide_db::{Db, Workspace};
use abide_syntax::ast::{self, AgreementKind, Cmp, SmolStr};
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::clock::Clock;

/// The fee of an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    /// The amount in minor units, `None` for `fee charges …` (known at invoicing).
    pub minor: Option<Decimal>,
    /// The currency, when stated.
    pub currency: Option<String>,
    /// The fee's period.
    pub per: Option<Period>,
}

/// What a credit or reward pays.
#[derive(Debug, Clone, PartialEq)]
pub enum Pay {
    /// A fraction of the fee (`5% of fee` → 0.05).
    FeeShare(Decimal),
    /// The fee of that many days (`1 day of fee`).
    FeeDays(Decimal),
    /// Money in minor units.
    Money {
        /// Minor units.
        minor: Decimal,
        /// ISO code.
        currency: String,
    },
}

/// When a remedy applies.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// `when FIGURE OP THRESHOLD` on the target's figure.
    Condition {
        /// The comparison.
        op: Cmp,
        /// The threshold, normalised.
        threshold: Value,
    },
    /// `for each STEP below BOUND`: one payment per step of shortfall.
    PerStep {
        /// The step, normalised.
        step: Decimal,
        /// The bound counted from (the target's bound when not written).
        from: Option<Decimal>,
    },
}

/// A credit or reward attached to a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Remedy {
    /// True for a credit, false for a reward.
    pub credit: bool,
    /// What it pays.
    pub pay: Pay,
    /// When.
    pub when: When,
    /// The clause as written, for the output.
    pub text: String,
}

/// One target to evaluate.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The agreement's name.
    pub agreement: String,
    /// Its kind.
    pub kind: AgreementKind,
    /// Its service.
    pub service: String,
    /// The target's model.
    pub sig: TargetSig,
    /// The metric's unit.
    pub dim: Dim,
    /// Which way is better.
    pub better: Better,
    /// The clock of `during` (always open when absent).
    pub clock: Clock,
    /// Clocks of `excluding` calendars: time inside them does not count.
    pub excluding: Vec<Clock>,
    /// The window's period; `Day` buckets for `over rolling` windows.
    pub period: Option<Period>,
    /// `over rolling Nd`: the window's length in days (whole days only;
    /// evaluated at the end of every day).
    pub rolling_days: Option<u32>,
    /// The agreement's validity (inclusive days).
    pub valid: Option<(Date, Option<Date>)>,
    /// Credits and rewards on this target.
    pub remedies: Vec<Remedy>,
    /// Every threshold whose per-case counts are needed (bound, steps, remedies).
    pub cuts: Vec<Decimal>,
    /// The agreement's fee.
    pub fee: Option<Fee>,
    /// The agreement's cap as a fraction of the fee per fee period, if any.
    pub cap: Option<Decimal>,
    /// `where` scopes: field → accepted values in lower case (level names
    /// and their titles, so `P1` in the data matches `critical`).
    pub scopes: BTreeMap<String, Vec<String>>,
}

impl Plan {
    /// `agreement.target`.
    #[must_use]
    pub fn path(&self) -> String {
        format!("{}.{}", self.agreement, self.sig.name)
    }

    /// The bound in force for a window starting on `start`, with its text.
    #[must_use]
    pub fn bound_at(&self, start: Date) -> (Value, String) {
        let mut out = (self.sig.value.clone(), self.sig.value_text.to_string());
        for (v, from, text) in self.sig.steps() {
            if from.is_some_and(|d| d <= start) {
                out = (v.clone(), text.to_string());
            }
        }
        out
    }

    /// A value normalised to a plain decimal in the metric's base unit
    /// (fraction, seconds, count, score), `bd` through the clock.
    #[must_use]
    pub fn scalar(&self, v: &Value) -> Option<Decimal> {
        match v {
            Value::Number(d) | Value::Percent(d) | Value::Duration(d) | Value::Rate(d) => Some(*d),
            Value::BusinessDays(d) => Some(*d * Decimal::from(self.clock.business_day_seconds())),
            Value::Money { minor, .. } => Some(*minor),
            Value::Invalid => None,
        }
    }

    /// True when the figure is a ratio of `up` probes (availability-like metrics).
    #[must_use]
    pub fn is_uptime(&self) -> bool {
        self.dim == Dim::Percent && self.sig.agg == Agg::None
    }
}

/// Every target of the workspace, in agreement-name then source order.
#[must_use]
pub fn plans(db: &dyn Db, ws: Workspace) -> Vec<Plan> {
    let scope = abide_check::scope::global_scope(db, ws);
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut agreements: Vec<(String, abide_db::SourceFile, &ast::Agreement)> = Vec::new();
    let mut parsed = Vec::new();
    for &file in ws.files(db) {
        parsed.push((file, abide_db::parse(db, file)));
    }
    for (file, p) in &parsed {
        for item in &p.file.items {
            let ast::ItemKind::Agreement(a) = &item.kind else {
                continue;
            };
            // The first declaration of a name is the one that counts.
            if scope.get(&a.name.text).map(|d| d.file) != Some(*file)
                || !seen.insert(a.name.text.to_string())
            {
                continue;
            }
            agreements.push((a.name.text.to_string(), *file, a));
        }
    }
    agreements.sort_by(|x, y| x.0.cmp(&y.0));
    for (name, file, a) in agreements {
        let src = file.text(db);
        let Some(m) = model::agreement(db, ws, &name) else {
            continue;
        };
        let fee = fee_of(a);
        let cap = cap_of(a, fee.as_ref());
        for sig in &m.targets {
            let Some(metric) = sig.metric.as_deref().and_then(|n| model::metric(db, ws, n)) else {
                continue;
            };
            let (Some(dim), Some(better)) = (metric.dim, metric.better) else {
                continue;
            };
            let clock = sig
                .calendar
                .as_deref()
                .and_then(|c| model::calendar(db, ws, c))
                .map_or_else(Clock::always, Clock::of);
            let excluding = sig
                .excluding()
                .iter()
                .filter_map(|c| model::calendar(db, ws, c))
                .map(Clock::of)
                .collect();
            let day = Decimal::from(86_400);
            let (period, rolling_days) = match &sig.window {
                Window::Default => (Some(Period::Month), None),
                Window::Per(p) => (Some(*p), None),
                Window::Rolling(secs) if (*secs % day).is_zero() && *secs > Decimal::ZERO => {
                    let days = u32::try_from((*secs / day).mantissa()).ok();
                    (days.map(|_| Period::Day), days)
                }
                Window::Rolling(_) => (None, None),
            };
            let mut plan = Plan {
                agreement: name.clone(),
                kind: m.kind,
                service: m.service.to_string(),
                sig: sig.clone(),
                dim,
                better,
                clock,
                excluding,
                period,
                rolling_days,
                valid: m.valid,
                remedies: Vec::new(),
                cuts: Vec::new(),
                fee: fee.clone(),
                cap,
                scopes: BTreeMap::new(),
            };
            plan.remedies = remedies_of(src, a, sig);
            plan.scopes = scope_values(db, ws, sig);
            plan.cuts = cuts(&plan);
            out.push(plan);
        }
    }
    out
}

fn fee_of(a: &ast::Agreement) -> Option<Fee> {
    a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Fee(f) => match value::money(&f.amount) {
            Value::Money { minor, currency } => Some(Fee {
                minor: Some(minor),
                currency: Some(currency),
                per: Period::parse(&f.per.text, false),
            }),
            _ => None,
        },
        ast::BodyClauseKind::FeeCharges(f) => Some(Fee {
            minor: None,
            currency: f.currency.as_ref().map(|c| c.text.to_string()),
            per: Period::parse(&f.per.text, false),
        }),
        _ => None,
    })
}

/// The agreement's cap per fee period, as a fraction of the fee.
fn cap_of(a: &ast::Agreement, fee: Option<&Fee>) -> Option<Decimal> {
    a.clauses.iter().find_map(|c| match &c.kind {
        ast::BodyClauseKind::Cap(cap) if cap.rolling.is_none() => match pay_of(&cap.amount)? {
            Pay::FeeShare(f) => Some(f),
            Pay::FeeDays(d) => {
                let days = fee.and_then(|f| f.per).map_or(30, Period::days);
                Some(d / Decimal::from(days))
            }
            Pay::Money { minor, .. } => {
                let fee = fee.and_then(|f| f.minor).filter(|m| !m.is_zero())?;
                Some(minor / fee)
            }
        },
        _ => None,
    })
}

fn pay_of(a: &ast::Amount) -> Option<Pay> {
    match a {
        ast::Amount::FeeShare { share, .. } => match value::quantity(share) {
            Value::Percent(f) => Some(Pay::FeeShare(f)),
            _ => None,
        },
        ast::Amount::FeeDays { count, .. } => count.value.map(Pay::FeeDays),
        ast::Amount::Money(m) => match value::money(m) {
            Value::Money { minor, currency } => Some(Pay::Money { minor, currency }),
            _ => None,
        },
    }
}

/// The credits and rewards of `a` that belong to target `sig`: same metric,
/// same aggregate, same scopes (GRAMMAR.md items 49–53).
fn remedies_of(src: &str, a: &ast::Agreement, sig: &TargetSig) -> Vec<Remedy> {
    let mut out = Vec::new();
    for c in &a.clauses {
        let (credit, r) = match &c.kind {
            ast::BodyClauseKind::Credit(r) => (true, r),
            ast::BodyClauseKind::Reward(r) => (false, r),
            _ => continue,
        };
        let Some(pay) = pay_of(&r.amount) else {
            continue;
        };
        let text = src
            .get(c.span.range())
            .map_or_else(|| abide_syntax::sexp::body_clause(&c.kind), str::to_owned);
        match &r.trigger {
            ast::Trigger::When {
                condition,
                qualifiers,
            } => {
                let (metric, agg) = model::lower_expr(&condition.expr);
                if metric != sig.metric || agg != sig.agg || scopes(qualifiers) != sig.scopes {
                    continue;
                }
                out.push(Remedy {
                    credit,
                    pay,
                    when: When::Condition {
                        op: condition.op,
                        threshold: value::cond_value(&condition.value),
                    },
                    text,
                });
            }
            ast::Trigger::ForEach { step, of, from, .. } => {
                let metric = of.as_ref().map(|n| n.text.clone());
                if metric.is_some() && metric != sig.metric {
                    continue;
                }
                let step = match value::quantity(step) {
                    Value::Percent(d) | Value::Duration(d) | Value::Number(d) => d,
                    _ => continue,
                };
                let from = from.as_ref().and_then(|b| match value::quantity(&b.value) {
                    Value::Percent(d) | Value::Duration(d) | Value::Number(d) => Some(d),
                    _ => None,
                });
                // A proportional credit without `of` belongs to the percentage target.
                if metric.is_none() && !matches!(sig.value, Value::Percent(_)) {
                    continue;
                }
                out.push(Remedy {
                    credit,
                    pay,
                    when: When::PerStep { step, from },
                    text,
                });
            }
        }
    }
    out
}

/// The values a row's label may have for each scope field of `sig`.
fn scope_values(db: &dyn Db, ws: Workspace, sig: &TargetSig) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (field, values) in &sig.scopes {
        let levels = match model::model(db, ws, field) {
            Some(model::ItemModel::Priorities(p)) => p.levels,
            Some(model::ItemModel::Scale(s)) => s.levels,
            _ => Vec::new(),
        };
        let mut accepted: Vec<String> = Vec::new();
        for v in values {
            accepted.push(v.to_lowercase());
            if let Some((_, Some(title))) = levels.iter().find(|(n, _)| n == v) {
                accepted.push(title.to_lowercase());
            }
        }
        out.insert(field.to_string(), accepted);
    }
    out
}

fn scopes(qs: &[ast::Qualifier]) -> Vec<(SmolStr, Vec<SmolStr>)> {
    let mut out = BTreeMap::new();
    for q in qs {
        if let ast::QualifierKind::Where(fields) = &q.kind {
            for f in fields {
                out.entry(f.field.text.clone())
                    .or_insert_with(|| f.values.iter().map(|v| SmolStr::new(v.text())).collect());
            }
        }
    }
    out.into_iter().collect()
}

/// The thresholds whose per-case counts are kept for `p`.
fn cuts(p: &Plan) -> Vec<Decimal> {
    let mut out: Vec<Decimal> = std::iter::once(&p.sig.value)
        .chain(p.sig.steps().iter().map(|(v, _, _)| v))
        .chain(p.sig.minimum())
        .filter_map(|v| p.scalar(v))
        .collect();
    if let Agg::Share { value, .. } = &p.sig.agg
        && let Some(v) = p.scalar(value)
    {
        out.push(v);
    }
    for r in &p.remedies {
        if let When::Condition { threshold, .. } = &r.when
            && let Some(v) = p.scalar(threshold)
        {
            out.push(v);
        }
    }
    out.sort();
    out.dedup();
    out
}
