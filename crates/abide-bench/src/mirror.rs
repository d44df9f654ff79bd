//! Mirror types of the JSON report (`abide_report::types`), for decoding:
//! the same-run baseline is serde_json decoding the report of a workspace
//! into these typed structs. Kept in step by the round-trip test.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The JSON report of `abide compile`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Report {
    /// Format version: `"1"`.
    pub abide_report: String,
    /// The version of Abide that wrote the report.
    pub generator: String,
    /// The date lints were checked against, when `--today` was given.
    #[serde(default)]
    pub today: Option<String>,
    /// The workspaces compiled, in path order.
    pub workspaces: Vec<WorkspaceReport>,
}

/// One workspace: one namespace of names.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct WorkspaceReport {
    /// Its files, as given to the compiler, sorted.
    pub files: Vec<String>,
    /// Parties by name.
    pub parties: BTreeMap<String, PartyReport>,
    /// Services by name.
    pub services: BTreeMap<String, ServiceReport>,
    /// Calendars declared in the workspace (and prelude calendars it uses), by name.
    pub calendars: BTreeMap<String, CalendarReport>,
    /// Metrics declared in the workspace (and prelude metrics it uses), by name.
    pub metrics: BTreeMap<String, MetricReport>,
    /// Priority scales declared in the workspace (and prelude scales it uses), by name.
    pub priorities: BTreeMap<String, Vec<PriorityLevelReport>>,
    /// Agreements by name.
    pub agreements: BTreeMap<String, AgreementReport>,
    /// Warnings and information that did not block the report.
    pub diagnostics: Vec<DiagnosticReport>,
}

/// A party.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct PartyReport {
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// organization, team, customer, users, sponsor or supplier.
    pub kind: String,
    /// The organization a team belongs to.
    #[serde(default)]
    pub of: Option<String>,
    /// Its doc comment.
    #[serde(default)]
    pub doc: Option<String>,
}

/// A service.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ServiceReport {
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// The accountable owner.
    #[serde(default)]
    pub owner: Option<String>,
    /// Its users.
    pub users: Vec<String>,
    /// The services it depends on.
    pub depends_on: Vec<String>,
    /// Its doc comment.
    #[serde(default)]
    pub doc: Option<String>,
}

/// A calendar, normalised.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct CalendarReport {
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// IANA time zone.
    pub timezone: String,
    /// Open hours per weekday, Monday first, days without hours left out;
    /// local `HH:MM` spans, half-open; a span past midnight ends on the next day.
    pub weekly: Vec<DayHoursReport>,
    /// Open hours in a week.
    pub hours_per_week: f64,
    /// True when open every hour of the week.
    pub always_open: bool,
    /// Closed dates, inclusive ranges.
    pub except: Vec<DateRangeReport>,
}

/// The open hours of one weekday.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct DayHoursReport {
    /// `mon` … `sun`.
    pub day: String,
    /// Its spans.
    pub hours: Vec<TimeSpanReport>,
}

/// `08:00..18:00`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct TimeSpanReport {
    /// Opening time.
    pub from: String,
    /// Closing time (`24:00` allowed).
    pub to: String,
}

/// An inclusive date range.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct DateRangeReport {
    /// First day.
    pub from: String,
    /// Last day (inclusive); absent when open-ended.
    #[serde(default)]
    pub to: Option<String>,
}

/// A metric.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct MetricReport {
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// percent, duration, count, rate, score, nps or money.
    pub unit: String,
    /// The scale of a score, both ends included.
    #[serde(default)]
    pub scale: Option<[i64; 2]>,
    /// `higher` or `lower`.
    pub better: String,
    /// utility, warranty, experience or business.
    pub category: String,
    /// True when declared by the prelude.
    pub prelude: bool,
}

/// One level of a priority scale.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct PriorityLevelReport {
    /// The level.
    pub level: String,
    /// Its title (`P1`).
    #[serde(default)]
    pub title: Option<String>,
}

/// A value as written and normalised to its base unit.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ValueReport {
    /// As written (`99.5%`, `15min`, `18000 GBP`).
    pub written: String,
    /// In the base unit: a fraction for percentages (0.995), seconds for
    /// durations, events per second for rates, minor units for money, the
    /// number itself otherwise; business days are given as written (unit
    /// `business_days`), their length depends on the target's calendar.
    /// Absent only for an invalid literal.
    #[serde(default)]
    pub value: Option<f64>,
    /// fraction, seconds, per_second, minor_units, number or business_days.
    pub unit: String,
    /// The currency of money.
    #[serde(default)]
    pub currency: Option<String>,
}

/// An agreement.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct AgreementReport {
    /// sla, ola, xla or contract.
    pub kind: String,
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// Its doc comment.
    #[serde(default)]
    pub doc: Option<String>,
    /// The service it is for.
    pub service: String,
    /// The provider.
    #[serde(default)]
    pub provider: Option<String>,
    /// The customer.
    #[serde(default)]
    pub customer: Option<String>,
    /// draft, negotiating, signed or withdrawn.
    #[serde(default)]
    pub status: Option<String>,
    /// Validity.
    #[serde(default)]
    pub valid: Option<DateRangeReport>,
    /// Review cadence.
    #[serde(default)]
    pub review: Option<ReviewReport>,
    /// The fee.
    #[serde(default)]
    pub fee: Option<FeeReport>,
    /// Targets in source order.
    pub targets: Vec<TargetReport>,
    /// Service credits in source order.
    pub credits: Vec<RemedyReport>,
    /// Rewards in source order.
    pub rewards: Vec<RemedyReport>,
    /// `credits capped at`.
    pub caps: Vec<CapReport>,
    /// `claim within`.
    #[serde(default)]
    pub claim: Option<ClaimReport>,
    /// `earn back credits`.
    #[serde(default)]
    pub earn_back: Option<EarnBackReport>,
}

/// `review every PERIOD last DATE`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ReviewReport {
    /// The cadence.
    pub every: String,
    /// The last review.
    #[serde(default)]
    pub last: Option<String>,
}

/// `fee AMOUNT CURRENCY per PERIOD`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct FeeReport {
    /// The amount.
    pub amount: ValueReport,
    /// The period.
    pub per: String,
}

/// A target.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct TargetReport {
    /// Its name (`agreement.target` elsewhere).
    pub name: String,
    /// Its doc comment.
    #[serde(default)]
    pub doc: Option<String>,
    /// The condition as written.
    pub condition: String,
    /// The metric measured.
    #[serde(default)]
    pub metric: Option<String>,
    /// none, mean, median, min, max, count, percentile or share.
    pub aggregate: String,
    /// `>=`, `>`, `<=`, `<` or `=`.
    pub operator: String,
    /// The bound.
    pub bound: ValueReport,
    /// `for N%`: the share of cases, as a fraction (1 when absent).
    pub share_of_cases: f64,
    /// The noun of `for N% of NOUN`.
    #[serde(default)]
    pub population: Option<String>,
    /// `where` scopes: field → values.
    pub scope: BTreeMap<String, Vec<String>>,
    /// `in each NOUN`.
    #[serde(default)]
    pub in_each: Option<String>,
    /// The measurement window.
    pub window: WindowReport,
    /// The calendar in force.
    pub calendar: String,
    /// True when no `during` was written (`always`).
    pub calendar_defaulted: bool,
    /// Excluded calendars.
    pub excluding_calendars: Vec<String>,
    /// Excluded reasons, as text.
    pub excluding_reasons: Vec<String>,
    /// `minimum`.
    #[serde(default)]
    pub minimum: Option<ValueReport>,
    /// `measured by`.
    #[serde(default)]
    pub measured_by: Option<String>,
    /// `rising to … from …`.
    pub steps: Vec<StepReport>,
    /// `supported by`, with the composed figure.
    #[serde(default)]
    pub support: Option<SupportReport>,
}

/// The measurement window.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct WindowReport {
    /// `per` (a calendar period) or `rolling`.
    pub kind: String,
    /// The period (`month`) for `per`.
    #[serde(default)]
    pub period: Option<String>,
    /// The length in seconds for `rolling`.
    #[serde(default)]
    pub seconds: Option<f64>,
    /// True when no window was written (`per month`).
    pub defaulted: bool,
}

/// A `rising to` step.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct StepReport {
    /// The new bound.
    pub bound: ValueReport,
    /// When it takes effect.
    pub from: String,
}

/// A support expression and what it guarantees.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct SupportReport {
    /// The expression.
    pub expression: SupportExprReport,
    /// The composed figure, when the supporters can be composed.
    #[serde(default)]
    pub figure: Option<FigureReport>,
}

/// A node of a support expression.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SupportExprReport {
    /// `agreement.target`
    Target {
        /// The supporting agreement.
        agreement: String,
        /// Its target.
        target: String,
    },
    /// `all(…)`, `any(…)`, `seq(…)`
    Combinator {
        /// all, any or seq.
        combinator: String,
        /// The parts.
        parts: Vec<SupportExprReport>,
    },
}

/// A composed figure.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct FigureReport {
    /// In the base unit (a fraction, or seconds): e.g. 0.9985.
    pub value: f64,
    /// In the user's units: `99.85%`.
    pub display: String,
    /// The arithmetic: `all(99.9%, 99.95%)`.
    pub arithmetic: String,
    /// True when the figure meets the target's bound.
    pub aligned: bool,
}

/// A credit or reward.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RemedyReport {
    /// `N% of fee` (as a fraction) or money.
    pub amount: AmountReport,
    /// What triggers it.
    pub trigger: TriggerReport,
}

/// What a remedy pays.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmountReport {
    /// A share of the fee of the remedy's window.
    FeeShare {
        /// The share.
        share: ValueReport,
    },
    /// A sum of money.
    Money {
        /// The amount.
        amount: ValueReport,
    },
}

/// When a remedy is paid.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TriggerReport {
    /// `when CONDITION`
    When {
        /// The condition as written.
        condition: String,
        /// The metric.
        #[serde(default)]
        metric: Option<String>,
        /// The operator.
        operator: String,
        /// The threshold.
        threshold: ValueReport,
        /// The qualifiers as written.
        qualifiers: Vec<String>,
    },
    /// `for each STEP (of METRIC) (below|above BOUND)`: proportional.
    ForEach {
        /// The unit of shortfall.
        step: ValueReport,
        /// The metric counted.
        #[serde(default)]
        metric: Option<String>,
        /// `below` or `above`.
        #[serde(default)]
        direction: Option<String>,
        /// The bound counted from.
        #[serde(default)]
        from: Option<ValueReport>,
        /// Only whole steps count.
        whole_steps_only: bool,
    },
}

/// `credits capped at AMOUNT per PERIOD`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct CapReport {
    /// The cap.
    pub amount: AmountReport,
    /// Its window.
    #[serde(default)]
    pub per: Option<String>,
}

/// `claim within DURATION after PERIOD end`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ClaimReport {
    /// How long.
    pub within: ValueReport,
    /// The period whose end starts the clock.
    #[serde(default)]
    pub after_end_of: Option<String>,
}

/// `earn back credits when CONDITION for N consecutive PERIODS`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct EarnBackReport {
    /// The condition as written.
    pub condition: String,
    /// How many periods in a row.
    pub count: u32,
    /// The period.
    pub period: String,
}

/// A diagnostic that did not block the report.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct DiagnosticReport {
    /// warning or info.
    pub severity: String,
    /// The code or lint name.
    pub code: String,
    /// The message.
    pub message: String,
    /// The file.
    pub file: String,
    /// 1-based line of the primary span.
    pub line: usize,
    /// 1-based column (characters) of the primary span.
    pub column: usize,
}
