//! The evaluation result: JSON types (with a JSON Schema, versioned like
//! the compile report) and the human table.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

/// The format name written in every evaluation.
pub const FORMAT: &str = "abide-evaluation";
/// The version of the evaluation format.
pub const VERSION: &str = "1";

/// The whole evaluation.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Evaluation {
    /// Always `"abide-evaluation"`.
    pub format: String,
    /// Format version: `"1"`.
    pub version: String,
    /// The data read.
    pub data: DataSummary,
    /// One row per target, window and instance, in agreement, target and window order.
    pub results: Vec<TargetResult>,
    /// Credits owed per agreement and window (the highest tier that applies).
    pub credits: Vec<Payment>,
    /// Rewards earned per agreement and window.
    pub rewards: Vec<Payment>,
    /// Windows where a service's SLA targets were met while its experience was missed.
    pub watermelons: Vec<Watermelon>,
    /// Targets that were not evaluated, with the reason.
    pub skipped: Vec<Skipped>,
    /// Counts of the verdicts.
    pub summary: Summary,
}

/// What was read.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct DataSummary {
    /// Data files, in reading order.
    pub files: Vec<String>,
    /// Rows read.
    pub rows: u64,
    /// Rows that fed at least one target.
    pub used: u64,
    /// Rows rejected (see the errors printed on stderr).
    pub rejected: u64,
    /// Earliest timestamp seen (RFC 3339).
    pub first: Option<String>,
    /// Latest timestamp seen (RFC 3339).
    pub last: Option<String>,
}

/// A window: `[start, end)` local dates on the target's calendar.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
pub struct WindowRef {
    /// "November 2026", "Q1 2027".
    pub label: String,
    /// First day.
    pub start: String,
    /// The day after the last day.
    pub end: String,
}

/// The verdict of one target in one window.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The bound was met.
    Met,
    /// The bound was missed.
    Missed,
    /// No case fell in the window.
    NoData,
}

/// One target in one window.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct TargetResult {
    /// The agreement.
    pub agreement: String,
    /// sla, ola, xla or contract.
    pub kind: String,
    /// The service.
    pub service: String,
    /// The target.
    pub target: String,
    /// The window.
    pub window: WindowRef,
    /// The `in each` instance (`H1`), when the target has one.
    pub instance: Option<String>,
    /// Cases measured.
    pub cases: u64,
    /// The measured figure in the target's units ("99.71%", "96% within 2h").
    pub measured: String,
    /// The figure as a plain decimal in base units (fraction, seconds, count,
    /// score, share of cases), for tools.
    pub value: Option<String>,
    /// The bound in force, as written (`>= 99.5%`).
    pub bound: String,
    /// Met, missed or no data.
    pub verdict: Verdict,
    /// How far from the bound, in the target's units; positive is better.
    pub margin: Option<String>,
}

/// Money owed or earned for one agreement in one window.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Payment {
    /// The agreement.
    pub agreement: String,
    /// The window.
    pub window: WindowRef,
    /// The amount in minor units, when the fee is known.
    pub minor: Option<String>,
    /// The currency, when known.
    pub currency: Option<String>,
    /// "900.00 GBP", or "5% of fee" when the fee is charged by usage.
    pub amount: String,
    /// True when the agreement's cap cut the amount.
    pub capped: bool,
    /// The clauses that applied, as written, with the target's figure.
    pub because: Vec<String>,
}

/// SLA green, experience red.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Watermelon {
    /// The service.
    pub service: String,
    /// The experience target's window.
    pub window: WindowRef,
    /// SLA targets met in that window (`agreement.target`).
    pub sla_met: Vec<String>,
    /// Experience targets missed in that window, with their figures.
    pub experience_missed: Vec<String>,
}

/// A target that was not evaluated.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Skipped {
    /// `agreement.target`.
    pub target: String,
    /// Why.
    pub reason: String,
}

/// Verdict counts.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, Default)]
pub struct Summary {
    /// Windows met.
    pub met: u64,
    /// Windows missed.
    pub missed: u64,
    /// Windows without data.
    pub no_data: u64,
}

impl Evaluation {
    /// The JSON text (pretty, with a final newline), byte-identical for the same input.
    ///
    /// # Errors
    /// Only if serialisation fails, which the types rule out.
    pub fn to_json(&self) -> serde_json::Result<String> {
        let mut s = serde_json::to_string_pretty(self)?;
        s.push('\n');
        Ok(s)
    }

    /// The human rendering: one table per agreement, then credits, rewards and findings.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut current = String::new();
        let collapsed = collapse_rolling(&self.results);
        let rows: Vec<&TargetResult> = collapsed.iter().collect();
        let w_target = rows
            .iter()
            .map(|r| target_cell(r).chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        let w_window = rows
            .iter()
            .map(|r| r.window.label.chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        let w_measured = rows
            .iter()
            .map(|r| r.measured.chars().count())
            .max()
            .unwrap_or(8)
            .max(8);
        let w_bound = rows
            .iter()
            .map(|r| r.bound.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let mut quiet: std::collections::BTreeMap<(&str, &str, Option<&str>), (usize, usize)> =
            std::collections::BTreeMap::new();
        for r in &rows {
            let e = quiet
                .entry((&r.agreement, &r.target, r.instance.as_deref()))
                .or_default();
            e.0 += 1;
            if r.verdict == Verdict::NoData {
                e.1 += 1;
            }
        }
        let mut said = std::collections::BTreeSet::new();
        for r in rows {
            // A target without any data is one line, not one per window.
            let key = (
                r.agreement.as_str(),
                r.target.as_str(),
                r.instance.as_deref(),
            );
            let all_quiet = quiet.get(&key).is_some_and(|(n, q)| n == q && *n > 1);
            if all_quiet && !said.insert(key) {
                continue;
            }
            if r.agreement != current {
                if !current.is_empty() {
                    out.push('\n');
                }
                current.clone_from(&r.agreement);
                let _ = writeln!(out, "{} {} for {}", r.kind, r.agreement, r.service);
                let _ = writeln!(
                    out,
                    "  {:w_target$}  {:w_window$}  {:w_measured$}  {:w_bound$}  {:7}  margin",
                    "target", "window", "measured", "bound", "result"
                );
            }
            let verdict = match r.verdict {
                Verdict::Met => "met",
                Verdict::Missed => "MISSED",
                Verdict::NoData => "no data",
            };
            let windows = quiet.get(&key).map_or(0, |(n, _)| *n);
            let label = if all_quiet {
                format!("{windows} windows")
            } else {
                r.window.label.clone()
            };
            let _ = writeln!(
                out,
                "  {:w_target$}  {:w_window$}  {:w_measured$}  {:w_bound$}  {verdict:7}  {}",
                target_cell(r),
                label,
                r.measured,
                r.bound,
                r.margin.as_deref().unwrap_or("")
            );
        }
        let payments = |out: &mut String, title: &str, ps: &[Payment]| {
            if ps.is_empty() {
                return;
            }
            let _ = writeln!(out, "\n{title}");
            for p in ps {
                let _ = writeln!(
                    out,
                    "  {}  {}  {}{}",
                    p.agreement,
                    p.window.label,
                    p.amount,
                    if p.capped { " (capped)" } else { "" }
                );
                for b in &p.because {
                    let _ = writeln!(out, "      {b}");
                }
            }
        };
        payments(&mut out, "credits owed", &self.credits);
        payments(&mut out, "rewards earned", &self.rewards);
        if !self.watermelons.is_empty() {
            let _ = writeln!(out, "\nwatermelons (SLA green, experience red)");
            for w in &self.watermelons {
                let _ = writeln!(
                    out,
                    "  {}  {}: {} met, but {}",
                    w.service,
                    w.window.label,
                    w.sla_met.join(", "),
                    w.experience_missed.join(", ")
                );
            }
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(out, "\nnot evaluated");
            for s in &self.skipped {
                let _ = writeln!(out, "  {}: {}", s.target, s.reason);
            }
        }
        let _ = writeln!(
            out,
            "\n{} met, {} missed, {} without data; {} of {} rows used{}",
            self.summary.met,
            self.summary.missed,
            self.summary.no_data,
            self.data.used,
            self.data.rows,
            if self.data.rejected > 0 {
                format!(", {} rejected", self.data.rejected)
            } else {
                String::new()
            }
        );
        out
    }
}

/// Daily rolling windows in a row with the same verdict print as one line:
/// "30 days to 2026-10-01 … 2026-10-14 (14 windows)", with the figure of
/// the window closest to the bound (smallest margin).
fn collapse_rolling(results: &[TargetResult]) -> Vec<TargetResult> {
    let mut out: Vec<(TargetResult, usize, String)> = Vec::new();
    for r in results {
        let rolling = r.window.label.contains(" days to ");
        if rolling
            && let Some((last, n, first_label)) = out.last_mut()
            && last.window.label.contains(" days to ")
            && last.agreement == r.agreement
            && last.target == r.target
            && last.instance == r.instance
            && last.verdict == r.verdict
        {
            let margin = |m: &Option<String>| {
                m.as_deref()
                    .and_then(|s| s.split_whitespace().next())
                    .and_then(|s| s.parse::<rust_decimal::Decimal>().ok())
            };
            if let (Some(new), Some(old)) = (margin(&r.margin), margin(&last.margin))
                && new < old
            {
                last.measured.clone_from(&r.measured);
                last.margin.clone_from(&r.margin);
                last.value.clone_from(&r.value);
            }
            *n += 1;
            let end = r.window.label.rsplit(' ').next().unwrap_or_default();
            last.window.label = format!("{first_label} … {end} ({n} windows)");
            last.window.end.clone_from(&r.window.end);
            continue;
        }
        out.push((r.clone(), 1, r.window.label.clone()));
    }
    out.into_iter().map(|(r, _, _)| r).collect()
}

fn target_cell(r: &TargetResult) -> String {
    match &r.instance {
        Some(i) => format!("{} [{i}]", r.target),
        None => r.target.clone(),
    }
}

/// The JSON Schema of [`Evaluation`].
///
/// # Errors
/// Only if serialisation fails.
pub fn schema_json() -> serde_json::Result<String> {
    let schema = schemars::schema_for!(Evaluation);
    let mut s = serde_json::to_string_pretty(&schema)?;
    s.push('\n');
    Ok(s)
}
