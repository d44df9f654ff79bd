//! Routing rows to targets and accumulating them per target, window and
//! instance, in constant memory per accumulator.
//!
//! No row is kept: an accumulator holds counts, a sum, a minimum and a
//! maximum, and for each threshold that matters (the bound, stepped bounds,
//! the minimum, credit and reward thresholds) how many cases were at or
//! below it and strictly below it. That is enough to decide every target
//! exactly: "`p95(latency) <= 200ms`" holds when at least 95 % of cases are
//! at or below 200 ms, and "`resolution_time <= 2h for 95% of incidents`"
//! likewise.

use std::collections::{BTreeMap, HashMap};

use abide_check::model::Dim;
use abide_check::value::{self, Value};
use jiff::Timestamp;
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::input::{EVENT_STAMPS, Event, InputError, Labels, Pos, Row, Sample, Survey};
use crate::plan::Plan;

/// Which accumulator a case goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Index of the target's plan.
    pub plan: usize,
    /// First day of the window (on the target's clock).
    pub window: Date,
    /// The `in each` instance (empty without `in each`).
    pub instance: String,
}

/// What was measured for one target, window and instance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acc {
    /// Cases (probes, incidents, responses, samples).
    pub n: u64,
    /// `up` probes, for availability measured by probes.
    pub up: u64,
    /// True once a probe (`up`/`down`) was seen.
    pub probes: bool,
    /// Sum of values.
    pub sum: Decimal,
    /// Smallest value.
    pub min: Option<Decimal>,
    /// Largest value.
    pub max: Option<Decimal>,
    /// Per threshold of the plan: cases at or below it.
    pub le: Vec<u64>,
    /// Per threshold of the plan: cases strictly below it.
    pub lt: Vec<u64>,
    /// NPS responses of 9 or 10.
    pub promoters: u64,
    /// NPS responses of 0 to 6.
    pub detractors: u64,
    /// Seconds of outage inside the calendar (availability from outage events).
    pub down: Decimal,
    /// True when availability comes from outage events: a window without
    /// any is fully up.
    pub outages: bool,
    /// Open seconds of the window (set before the verdict for outage figures).
    pub window_open: Decimal,
}

impl Acc {
    /// Adds another accumulator of the same plan (rolling windows merge days).
    pub fn merge(&mut self, o: &Acc) {
        if self.le.len() < o.le.len() {
            self.le.resize(o.le.len(), 0);
            self.lt.resize(o.lt.len(), 0);
        }
        self.n += o.n;
        self.up += o.up;
        self.probes |= o.probes;
        self.sum += o.sum;
        self.min = match (self.min, o.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, o.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for (x, y) in self.le.iter_mut().zip(&o.le) {
            *x += y;
        }
        for (x, y) in self.lt.iter_mut().zip(&o.lt) {
            *x += y;
        }
        self.promoters += o.promoters;
        self.detractors += o.detractors;
        self.down += o.down;
        self.outages |= o.outages;
    }

    fn add(&mut self, cuts: &[Decimal], v: Decimal) {
        if self.le.len() != cuts.len() {
            self.le = vec![0; cuts.len()];
            self.lt = vec![0; cuts.len()];
        }
        self.n += 1;
        self.sum += v;
        self.min = Some(self.min.map_or(v, |m| m.min(v)));
        self.max = Some(self.max.map_or(v, |m| m.max(v)));
        for (k, c) in cuts.iter().enumerate() {
            if v <= *c
                && let Some(x) = self.le.get_mut(k)
            {
                *x += 1;
            }
            if v < *c
                && let Some(x) = self.lt.get_mut(k)
            {
                *x += 1;
            }
        }
    }
}

/// Everything measured, and the rows that could not be used.
#[derive(Debug, Default)]
pub struct Measured {
    /// Accumulators by key.
    pub accs: BTreeMap<Key, Acc>,
    /// Rows read.
    pub rows: u64,
    /// Rows that fed at least one target.
    pub used: u64,
    /// Earliest and latest timestamp seen.
    pub span: Option<(Timestamp, Timestamp)>,
    /// Plans whose availability comes from outage events.
    pub outage_plans: std::collections::BTreeSet<usize>,
}

/// Routes rows to the plans they feed.
pub struct Router<'p> {
    plans: &'p [Plan],
    by_path: HashMap<String, usize>,
    by_metric: HashMap<String, Vec<usize>>,
    /// The result so far.
    pub measured: Measured,
}

impl<'p> Router<'p> {
    /// A router over `plans`.
    #[must_use]
    pub fn new(plans: &'p [Plan]) -> Self {
        let mut by_path = HashMap::new();
        let mut by_metric: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in plans.iter().enumerate() {
            by_path.insert(p.path(), i);
            if let Some(m) = &p.sig.metric {
                by_metric.entry(m.to_string()).or_default().push(i);
            }
        }
        Self {
            plans,
            by_path,
            by_metric,
            measured: Measured::default(),
        }
    }

    /// Takes one row; returns an error for a row that cannot be used.
    ///
    /// # Errors
    /// An unknown target or metric, a value in the wrong unit, a score off its scale.
    pub fn row(&mut self, row: &Row) -> Result<(), InputError> {
        self.measured.rows += 1;
        let used = match row {
            Row::Sample(s) => self.sample(s)?,
            Row::Event(e) => self.event(e)?,
            Row::Survey(s) => self.survey(s)?,
        };
        if used {
            self.measured.used += 1;
        }
        Ok(())
    }

    fn seen(&mut self, at: Timestamp) {
        self.measured.span = Some(match self.measured.span {
            Some((a, b)) => (a.min(at), b.max(at)),
            None => (at, at),
        });
    }

    /// The key of a case of plan `i` at `at`, `None` when it does not count
    /// (outside the validity, the calendar or inside an exclusion).
    fn key(&self, i: usize, at: Timestamp, labels: &Labels, clock_matters: bool) -> Option<Key> {
        let p = self.plans.get(i)?;
        let period = p.period?;
        if clock_matters && (!p.clock.is_open(at) || p.excluding.iter().any(|c| c.is_open(at))) {
            return None;
        }
        let date = p.clock.date(at);
        if let Some((first, last)) = p.valid
            && (date < first || last.is_some_and(|l| date > l))
        {
            return None;
        }
        let (window, _) = abide_check::calendar::window_of(period, date)?;
        let instance = match p.sig.in_each() {
            Some(noun) => labels.get(noun.as_str())?.clone(),
            None => String::new(),
        };
        Some(Key {
            plan: i,
            window,
            instance,
        })
    }

    fn in_scope(p: &Plan, labels: &Labels) -> bool {
        // `agreement=isp` (or `isp;wifi_sla`) restricts a row to those agreements.
        if let Some(only) = labels.get("agreement")
            && !only.split(';').any(|a| a.trim() == p.agreement)
        {
            return false;
        }
        p.scopes.iter().all(|(field, accepted)| {
            labels
                .get(field.as_str())
                .is_some_and(|v| accepted.contains(&v.to_lowercase()))
        })
    }

    fn sample(&mut self, s: &Sample) -> Result<bool, InputError> {
        self.seen(s.at);
        let targets: Vec<usize> = if s.target.contains('.') {
            match self.by_path.get(&s.target) {
                Some(&i) => vec![i],
                None => {
                    return Err(InputError {
                        pos: Pos {
                            column: s.target_column,
                            ..s.pos.clone()
                        },
                        message: format!(
                            "no agreement of the workspace has a target `{}`",
                            s.target
                        ),
                    });
                }
            }
        } else {
            match self.by_metric.get(&s.target) {
                Some(v) => v
                    .iter()
                    .copied()
                    .filter(|&i| {
                        self.plans
                            .get(i)
                            .is_some_and(|p| Self::in_scope(p, &s.labels))
                    })
                    .collect(),
                None => {
                    return Err(InputError {
                        pos: Pos {
                            column: s.target_column,
                            ..s.pos.clone()
                        },
                        message: format!(
                            "`{}` is neither `agreement.target` nor a metric that a target measures",
                            s.target
                        ),
                    });
                }
            }
        };
        let mut used = false;
        for i in targets {
            let Some(p) = self.plans.get(i) else { continue };
            let reading = reading(p, &s.value).map_err(|m| InputError {
                pos: s.pos.clone(),
                message: format!("{}: {m}", p.path()),
            })?;
            let Some(key) = self.key(i, s.at, &s.labels, true) else {
                continue;
            };
            let acc = self.measured.accs.entry(key).or_default();
            match reading {
                Reading::Probe(up) => {
                    acc.probes = true;
                    acc.add(&p.cuts, if up { Decimal::ONE } else { Decimal::ZERO });
                    if up {
                        acc.up += 1;
                    }
                }
                Reading::Value(v) => acc.add(&p.cuts, v),
            }
            used = true;
        }
        Ok(used)
    }

    /// An outage of an availability target: an event with a `target` label
    /// (`wifi_sla.availability`), down from `opened` until `restored` (or
    /// `resolved`). Its calendar time is split across the windows it spans.
    fn outage(&mut self, e: &Event, target: &str) -> Result<bool, InputError> {
        let Some(&i) = self.by_path.get(target) else {
            return Err(InputError {
                pos: e.pos.clone(),
                message: format!("no agreement of the workspace has a target `{target}`"),
            });
        };
        let Some(p) = self.plans.get(i) else {
            return Ok(false);
        };
        if p.dim != Dim::Percent {
            return Err(InputError {
                pos: e.pos.clone(),
                message: format!(
                    "an outage event needs a percentage target such as availability; `{target}` is {}",
                    p.dim.describe()
                ),
            });
        }
        let Some(end) = e
            .stamps
            .get("restored")
            .or_else(|| e.stamps.get("resolved"))
        else {
            return Err(InputError {
                pos: e.pos.clone(),
                message:
                    "an outage event needs `restored` (or `resolved`): when the service was back"
                        .into(),
            });
        };
        self.measured.outage_plans.insert(i);
        let mut at = e.opened;
        let mut first = true;
        while at < *end {
            let Some(period) = p.period else { break };
            let date = p.clock.date(at);
            let Some((_, wend)) = abide_check::calendar::window_of(period, date) else {
                break;
            };
            let wend_at = p
                .clock
                .tz
                .to_timestamp(wend.to_datetime(jiff::civil::Time::midnight()))
                .unwrap_or(*end);
            let seg_end = (*end).min(wend_at);
            if seg_end <= at {
                break;
            }
            if let Some(key) = self.key(i, at, &e.labels, false) {
                let secs = Decimal::from(p.clock.open_seconds(at, seg_end));
                let acc = self.measured.accs.entry(key).or_default();
                acc.outages = true;
                acc.down += secs;
                if first {
                    acc.n += 1;
                }
            }
            first = false;
            at = seg_end;
        }
        Ok(true)
    }

    fn event(&mut self, e: &Event) -> Result<bool, InputError> {
        self.seen(e.opened);
        if let Some(target) = e.labels.get("target") {
            let target = target.clone();
            return self.outage(e, &target);
        }
        let mut used = false;
        for (column, metric) in EVENT_STAMPS {
            let Some(end) = e.stamps.get(*column) else {
                continue;
            };
            let Some(plans) = self.by_metric.get(*metric) else {
                continue;
            };
            for &i in plans {
                let Some(p) = self.plans.get(i) else { continue };
                if p.dim != Dim::Duration || !Self::in_scope(p, &e.labels) {
                    continue;
                }
                // The window is the one the case was opened in; the clock
                // runs only inside the target's calendar.
                let Some(key) = self.key(i, e.opened, &e.labels, false) else {
                    continue;
                };
                let secs = Decimal::from(p.clock.open_seconds(e.opened, *end));
                self.measured
                    .accs
                    .entry(key)
                    .or_default()
                    .add(&p.cuts, secs);
                used = true;
            }
        }
        Ok(used)
    }

    fn survey(&mut self, s: &Survey) -> Result<bool, InputError> {
        self.seen(s.at);
        let Some(plans) = self.by_metric.get(&s.metric) else {
            return Err(InputError {
                pos: Pos {
                    column: s.metric_column,
                    ..s.pos.clone()
                },
                message: format!("no target measures the metric `{}`", s.metric),
            });
        };
        let mut used = false;
        for &i in plans {
            let Some(p) = self.plans.get(i) else { continue };
            let (lo, hi) = match p.dim {
                Dim::Score { lo, hi } => (Decimal::from(lo), Decimal::from(hi)),
                Dim::Nps => (Decimal::ZERO, Decimal::TEN),
                _ => continue,
            };
            if s.score < lo || s.score > hi || (p.dim == Dim::Nps && !s.score.fract().is_zero()) {
                return Err(InputError {
                    pos: s.pos.clone(),
                    message: format!(
                        "the score {} is off the {lo}..{hi} scale of `{}`",
                        s.score, s.metric
                    ),
                });
            }
            if !Self::in_scope(p, &s.labels) {
                continue;
            }
            let Some(key) = self.key(i, s.at, &s.labels, false) else {
                continue;
            };
            let acc = self.measured.accs.entry(key).or_default();
            acc.add(&p.cuts, s.score);
            if p.dim == Dim::Nps {
                if s.score >= Decimal::from(9) {
                    acc.promoters += 1;
                } else if s.score <= Decimal::from(6) {
                    acc.detractors += 1;
                }
            }
            used = true;
        }
        Ok(used)
    }
}

/// One sample's meaning for a target.
enum Reading {
    /// `up` / `down`.
    Probe(bool),
    /// A value in the metric's base unit.
    Value(Decimal),
}

/// Reads a sample's value for plan `p`, checking its unit.
fn reading(p: &Plan, text: &str) -> Result<Reading, String> {
    if p.dim == Dim::Percent {
        match text.to_ascii_lowercase().as_str() {
            "up" | "true" => return Ok(Reading::Probe(true)),
            "down" | "false" => return Ok(Reading::Probe(false)),
            _ => {}
        }
    }
    let mut errors = Vec::new();
    let (sign, digits) = match text.strip_prefix('+') {
        Some(rest) => (Some(abide_syntax::literal::Sign::Plus), rest),
        None => match text.strip_prefix('-') {
            Some(rest) => (Some(abide_syntax::literal::Sign::Minus), rest),
            None => (None, text),
        },
    };
    let span = abide_syntax::Span::new(0, 0);
    let q = abide_syntax::literal::quantity(digits, span, sign.map(|s| (s, span)), &mut errors);
    if !errors.is_empty() {
        return Err(format!(
            "`{text}` is not a value such as `99.7%`, `35s` or `240`"
        ));
    }
    let v = value::quantity(&q);
    let wanted = p.dim.describe();
    match (p.dim, v) {
        (Dim::Percent, Value::Percent(f)) => Ok(Reading::Value(f)),
        (Dim::Duration, Value::Duration(s)) => Ok(Reading::Value(s)),
        (Dim::Rate, Value::Rate(r)) => Ok(Reading::Value(r)),
        (Dim::Count, Value::Number(n)) if n.fract().is_zero() && n >= Decimal::ZERO => {
            Ok(Reading::Value(n))
        }
        (Dim::Score { lo, hi }, Value::Number(n)) => {
            if n < Decimal::from(lo) || n > Decimal::from(hi) {
                Err(format!("the score {n} is off the {lo}..{hi} scale"))
            } else {
                Ok(Reading::Value(n))
            }
        }
        (Dim::Nps, Value::Number(n)) if n.abs() <= Decimal::ONE_HUNDRED => Ok(Reading::Value(n)),
        (Dim::Percent, _) => Err(format!(
            "`{text}` is not {wanted}: write `up`, `down` or a percentage such as `99.7%`"
        )),
        (Dim::Duration, _) => Err(format!(
            "`{text}` is not {wanted}: write it with a unit, such as `35s` or `4h`"
        )),
        _ => Err(format!("`{text}` is not {wanted}")),
    }
}
