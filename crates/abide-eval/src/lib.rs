//! `abide evaluate`: tests agreements against measured data.
//!
//! The pipeline: [`plan`] reads every target of the workspace from the same
//! salsa queries as `abide check`; [`input`] streams data files (CSV or
//! NDJSON: samples, events, survey responses); [`measure`] routes each row
//! to the targets it feeds and accumulates counts per target, window and
//! instance; [`verdict`] turns the counts into figures, verdicts, credits
//! owed, rewards earned and watermelon windows; [`output`] renders the
//! table and the versioned JSON.

pub mod clock;
pub mod input;
pub mod measure;
pub mod output;
pub mod plan;
pub mod sql;
pub mod verdict;

use std::collections::BTreeMap;

use abide_db::{Db, Workspace};

pub use input::{DataFile, InputError};
pub use output::Evaluation;

use crate::measure::{Acc, Key, Router};
use crate::output::{DataSummary, Skipped, Summary, TargetResult, Verdict};

/// Options of an evaluation.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Stop reading after this many rejected rows.
    pub max_errors: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self { max_errors: 100 }
    }
}

/// An evaluation and the rows that were rejected.
#[derive(Debug)]
pub struct Outcome {
    /// The evaluation.
    pub evaluation: Evaluation,
    /// Rejected rows and unreadable files, in reading order (at most `max_errors`).
    pub errors: Vec<InputError>,
    /// True when reading stopped at the error limit.
    pub stopped: bool,
}

/// Evaluates the workspace's agreements against `files`.
#[must_use]
pub fn evaluate(db: &dyn Db, ws: Workspace, files: &[DataFile], options: Options) -> Outcome {
    let plans = plan::plans(db, ws);
    let mut router = Router::new(&plans);
    let mut errors: Vec<InputError> = Vec::new();
    let mut rejected = 0u64;
    let mut decode_rejected = 0u64;
    let mut stopped = false;
    for file in files {
        if stopped {
            break;
        }
        let mut file_errors = Vec::new();
        let limit = options.max_errors.saturating_sub(errors.len());
        input::read(file, &mut |r| {
            match r {
                Ok(row) => {
                    if let Err(e) = router.row(&row) {
                        file_errors.push(e);
                    }
                }
                Err(e) => {
                    decode_rejected += 1;
                    file_errors.push(e);
                }
            }
            file_errors.len() <= limit
        });
        rejected += file_errors.len() as u64;
        errors.extend(file_errors);
        if errors.len() > options.max_errors {
            errors.truncate(options.max_errors);
            stopped = true;
        }
    }
    let measured = router.measured;
    let mut results: Vec<TargetResult> = Vec::new();
    let mut figures: BTreeMap<Key, (Acc, verdict::Figure, String, jiff::civil::Date)> =
        BTreeMap::new();
    let mut skipped = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        let Some(period) = p.period else {
            skipped.push(Skipped {
                target: p.path(),
                reason: "`over rolling` windows are evaluated in whole days; write the length in `d` or `w`".into(),
            });
            continue;
        };
        if let Some(days) = p.rolling_days {
            rolling(i, p, days, &measured, &mut results);
            continue;
        }
        // Every window between the first and last data seen, on this target's clock.
        let mut keys: Vec<Key> = measured
            .accs
            .range(
                Key {
                    plan: i,
                    window: jiff::civil::Date::MIN,
                    instance: String::new(),
                }..Key {
                    plan: i + 1,
                    window: jiff::civil::Date::MIN,
                    instance: String::new(),
                },
            )
            .map(|(k, _)| k.clone())
            .collect();
        if let Some((first, last)) = measured.span {
            let (mut a, mut b) = (p.clock.date(first), p.clock.date(last));
            if let Some((vf, vl)) = p.valid {
                a = a.max(vf);
                if let Some(vl) = vl {
                    b = b.min(vl);
                }
            }
            if a <= b {
                for (start, _) in abide_check::calendar::windows(period, a, b) {
                    let Some((w, _)) = abide_check::calendar::window_of(period, start) else {
                        continue;
                    };
                    if !keys.iter().any(|k| k.window == w) {
                        keys.push(Key {
                            plan: i,
                            window: w,
                            instance: String::new(),
                        });
                    }
                }
            }
        }
        keys.sort();
        for key in keys {
            let Some((_, end)) = abide_check::calendar::window_of(period, key.window) else {
                continue;
            };
            let mut acc = measured.accs.get(&key).cloned().unwrap_or_default();
            if measured.outage_plans.contains(&i) {
                // Outage-based availability: a window without outages was up.
                acc.outages = true;
                acc.window_open = window_open(p, key.window, end);
            }
            let (row, f) = verdict::result(p, &key, end, &acc);
            if let Some(f) = f {
                figures.insert(key.clone(), (acc, f, row.measured.clone(), end));
            }
            results.push(row);
        }
    }
    let credits = verdict::payments(&plans, &figures, true);
    let rewards = verdict::payments(&plans, &figures, false);
    let watermelons = verdict::watermelons(&results);
    let mut summary = Summary::default();
    for r in &results {
        match r.verdict {
            Verdict::Met => summary.met += 1,
            Verdict::Missed => summary.missed += 1,
            Verdict::NoData => summary.no_data += 1,
        }
    }
    let evaluation = Evaluation {
        format: output::FORMAT.into(),
        version: output::VERSION.into(),
        data: DataSummary {
            files: files.iter().map(|f| f.path.display().to_string()).collect(),
            rows: measured.rows + decode_rejected,
            used: measured.used,
            rejected,
            first: measured.span.map(|(a, _)| a.to_string()),
            last: measured.span.map(|(_, b)| b.to_string()),
        },
        results,
        credits,
        rewards,
        watermelons,
        skipped,
        summary,
    };
    Outcome {
        evaluation,
        errors,
        stopped,
    }
}

/// Open seconds of the local-date window `[start, end)` on `p`'s clock.
fn window_open(
    p: &plan::Plan,
    start: jiff::civil::Date,
    end: jiff::civil::Date,
) -> rust_decimal::Decimal {
    let at = |d: jiff::civil::Date| {
        p.clock
            .tz
            .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .ok()
    };
    match (at(start), at(end)) {
        (Some(a), Some(b)) => rust_decimal::Decimal::from(p.clock.open_seconds(a, b)),
        _ => rust_decimal::Decimal::ZERO,
    }
}

/// `over rolling Nd`: one window ending with every day between the first
/// and last data seen (inside the validity), merging the day buckets of the
/// last N days, per instance.
fn rolling(
    i: usize,
    p: &plan::Plan,
    days: u32,
    measured: &measure::Measured,
    results: &mut Vec<TargetResult>,
) {
    let Some((first, last)) = measured.span else {
        return;
    };
    let (mut a, mut b) = (p.clock.date(first), p.clock.date(last));
    if let Some((vf, vl)) = p.valid {
        a = a.max(vf);
        if let Some(vl) = vl {
            b = b.min(vl);
        }
    }
    let mine: Vec<(&Key, &Acc)> = measured.accs.iter().filter(|(k, _)| k.plan == i).collect();
    let mut instances: Vec<String> = mine.iter().map(|(k, _)| k.instance.clone()).collect();
    instances.sort();
    instances.dedup();
    if instances.is_empty() {
        instances.push(String::new());
    }
    let span = jiff::Span::new().days(i64::from(days) - 1);
    let mut day = a;
    while day <= b {
        let Ok(start) = day.checked_sub(span) else {
            break;
        };
        let Ok(end) = day.tomorrow() else { break };
        for inst in &instances {
            let mut acc = Acc::default();
            for (k, x) in &mine {
                if &k.instance == inst && k.window >= start && k.window <= day {
                    acc.merge(x);
                }
            }
            if measured.outage_plans.contains(&i) {
                acc.outages = true;
                acc.window_open = window_open(p, start, end);
            }
            let key = Key {
                plan: i,
                window: start,
                instance: inst.clone(),
            };
            let (row, _) = verdict::result(p, &key, end, &acc);
            results.push(row);
        }
        day = end;
    }
}

/// The SQL of the workspace's targets (`abide compile --format sql`).
#[must_use]
pub fn sql(db: &dyn Db, ws: Workspace) -> String {
    sql::generate(&plan::plans(db, ws))
}
