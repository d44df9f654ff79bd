//! Mirror types of the JSON report (`abide_report::types`), for decoding:
//! the same-run baseline is serde_json decoding the report of a workspace
//! into these typed structs. Kept in step by the round-trip test.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The JSON report of `abide compile`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Report {
    /// Format version: `"2"`.
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
    pub priorities: BTreeMap<String, PrioritiesReport>,
    /// Ordered scales (`scale impact { … }`) declared in the workspace, by name.
    pub scales: BTreeMap<String, ScaleReport>,
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
    /// `defined by "…"`: the document that defines the hours.
    #[serde(default)]
    pub defined_by: Option<String>,
    /// Weekdays listed without hours (`mon..fri` in a `defined by` calendar), Monday first.
    pub days_without_hours: Vec<String>,
    /// `except holidays "…"`: named sets of closed days whose dates are not listed.
    pub named_holidays: Vec<NamedHolidaysReport>,
    /// False when the open hours cannot be computed from the text (days
    /// without hours or named holidays); `weekly` and `hours_per_week` then
    /// count only what is stated.
    pub hours_known: bool,
}

/// `except holidays "public holidays"`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct NamedHolidaysReport {
    /// The set's name (`holidays`).
    pub name: String,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
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

/// A priority scale, possibly derived from other scales or a measured field.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct PrioritiesReport {
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// `from urgency x impact` (two scales: a matrix) or `from affected_users`
    /// (one measured field: thresholds); empty when not derived.
    pub derived_from: Vec<String>,
    /// The levels, most urgent first.
    pub levels: Vec<PriorityLevelReport>,
}

/// One level of a priority scale.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct PriorityLevelReport {
    /// The level.
    pub level: String,
    /// Its title (`P1`).
    #[serde(default)]
    pub title: Option<String>,
    /// `when (high, medium), …`: the matrix cells that give this level, one
    /// level per `derived_from` input, in input order.
    pub cells: Vec<Vec<String>>,
    /// `when >= 10, < 100`: thresholds on the measured field, all of which hold.
    pub thresholds: Vec<ThresholdReport>,
}

/// A threshold of a derived priority level.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ThresholdReport {
    /// `>=`, `>`, `<=`, `<` or `=`.
    pub operator: String,
    /// The bound.
    pub value: ValueReport,
}

/// An ordered scale (`scale impact "Impact" { high … }`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ScaleReport {
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// The levels, highest first.
    pub levels: Vec<ScaleLevelReport>,
}

/// One level of a scale.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ScaleLevelReport {
    /// The level.
    pub level: String,
    /// Its title (`whole campus`).
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
    /// `supersedes ID`: the agreement this one replaces.
    #[serde(default)]
    pub supersedes: Option<String>,
    /// How the targets changed along the `supersedes` chain, one entry per
    /// link, newest first; empty without `supersedes`.
    pub changes_from_superseded: Vec<SupersessionReport>,
    /// `extends ID`: the agreement whose terms this one inherits.
    #[serde(default)]
    pub extends: Option<String>,
    /// The `extends` chain from the parent up (parent, grandparent, …);
    /// empty without `extends`.
    pub extends_chain: Vec<String>,
    /// `prevails over`: agreements (names) and documents (strings) this one overrides.
    pub prevails_over: Vec<DocumentRefReport>,
    /// `below "…"`: documents that override this one.
    pub below: Vec<String>,
    /// Targets in source order.
    pub targets: Vec<TargetReport>,
    /// Service credits in source order.
    pub credits: Vec<RemedyReport>,
    /// Rewards in source order.
    pub rewards: Vec<RemedyReport>,
    /// `credits paid as …`: how credits are paid.
    #[serde(default)]
    pub credit_payment: Option<PaymentReport>,
    /// `credits capped at`.
    pub caps: Vec<CapReport>,
    /// `claim within`.
    #[serde(default)]
    pub claim: Option<ClaimReport>,
    /// `earn back credits`.
    #[serde(default)]
    pub earn_back: Option<EarnBackReport>,
    /// `action "…" when …`: what happens when a condition holds, in source order.
    pub actions: Vec<ActionReport>,
    /// `changes by PARTY …`: who may change the agreement, in source order.
    pub changes: Vec<ChangeRightReport>,
    /// `downtime when …` / `uptime from …`: availability defined by error rates.
    #[serde(default)]
    pub downtime: Option<DowntimeReport>,
}

/// One link of a `supersedes` chain: what changed from `superseded` to `agreement`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct SupersessionReport {
    /// The newer agreement.
    pub agreement: String,
    /// The agreement it supersedes.
    pub superseded: String,
    /// Targets only in the newer agreement, by name.
    pub added: Vec<String>,
    /// Targets only in the superseded agreement, by name.
    pub removed: Vec<String>,
    /// Targets in both whose operator or bound changed, by name.
    pub changed: Vec<BoundChangeReport>,
}

/// A target whose bound changed from one agreement to its successor.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct BoundChangeReport {
    /// The target's name.
    pub target: String,
    /// Operator and bound in the superseded agreement (`>= 99.9%`).
    pub before: String,
    /// Operator and bound in the newer agreement (`>= 99.95%`).
    pub after: String,
}

/// An entry of `prevails over`: an agreement name or a document title.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DocumentRefReport {
    /// A name (`order_form`), usually an agreement of the workspace.
    Name {
        /// The name.
        name: String,
    },
    /// A document given by its title (`"Customer Agreement"`).
    Document {
        /// The title.
        title: String,
    },
}

/// `credits paid as METHOD TERM, …`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct PaymentReport {
    /// How credits are paid (`invoice_credit`).
    pub method: String,
    /// `minimum 1 USD`: smaller credits are not paid.
    #[serde(default)]
    pub minimum: Option<ValueReport>,
    /// `refundable` (true) or `not refundable` (false); absent when not stated.
    #[serde(default)]
    pub refundable: Option<bool>,
    /// `expire on termination`.
    pub expire_on_termination: bool,
    /// `sole remedy`: credits are the customer's only remedy.
    pub sole_remedy: bool,
}

/// `action "LABEL" when CONDITION …`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ActionReport {
    /// What happens (`improvement plan`).
    pub label: String,
    /// The condition as written.
    pub condition: String,
    /// The metric.
    #[serde(default)]
    pub metric: Option<String>,
    /// The operator.
    pub operator: String,
    /// The threshold.
    pub threshold: ValueReport,
    /// The qualifiers as written.
    pub qualifiers: Vec<String>,
    /// `for N consecutive PERIODS`.
    #[serde(default)]
    pub consecutive: Option<ConsecutiveReport>,
    /// `lasting CMP DURATION`.
    #[serde(default)]
    pub lasting: Option<LastingReport>,
}

/// `for 3 consecutive months`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ConsecutiveReport {
    /// How many periods in a row.
    pub count: u32,
    /// The period word as written (`months`).
    pub period: String,
}

/// `lasting > 72h`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct LastingReport {
    /// The operator.
    pub operator: String,
    /// The duration.
    pub value: ValueReport,
}

/// `changes by PARTY (with notice DURATION)? (at most N per PERIOD)?`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ChangeRightReport {
    /// The party that may change the agreement.
    pub party: String,
    /// `with notice 4w`.
    #[serde(default)]
    pub notice: Option<ValueReport>,
    /// `at most once per year`.
    #[serde(default)]
    pub at_most: Option<ChangeLimitReport>,
}

/// `at most N per PERIOD` (`once` is 1, `twice` is 2).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct ChangeLimitReport {
    /// How many changes.
    pub count: u32,
    /// The period word as written.
    pub per: String,
}

/// `downtime when COND in each BUCKET …` / `uptime from EXPR in each BUCKET …`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct DowntimeReport {
    /// `downtime_when` or `uptime_from`.
    pub rule: String,
    /// The condition (`downtime_when`) or expression (`uptime_from`) as written.
    pub expression: String,
    /// The bucket length (`in each 1min`).
    pub bucket: ValueReport,
    /// `counting [...]`: the error codes that count; empty when not stated.
    pub counting: Vec<String>,
    /// `minimum N UNIT else up|down`.
    #[serde(default)]
    pub minimum: Option<MinimumSampleReport>,
    /// The error budget of each availability target of the agreement, in source order.
    pub error_budgets: Vec<ErrorBudgetReport>,
}

/// `minimum 100 requests else up`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct MinimumSampleReport {
    /// The minimum sample.
    pub count: ValueReport,
    /// What is counted (`requests`).
    pub unit: String,
    /// `up` or `down`: what a bucket with fewer counts as.
    #[serde(rename = "else")]
    pub fallback: String,
}

/// The down time an availability target allows in one window.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ErrorBudgetReport {
    /// The target's name.
    pub target: String,
    /// The window's length in seconds (a month counts 30 days, a quarter 91,
    /// a half year 182, a year 365; a rolling window its own length).
    pub window_seconds: f64,
    /// Allowed down time in seconds: (1 − bound) × window length.
    pub allowed_seconds: f64,
    /// The allowed down time in the user's units (`43min 12s`).
    pub display: String,
    /// How many whole buckets that is (43.2 min with 1min buckets: 43).
    pub buckets: u64,
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

/// `fee AMOUNT CURRENCY per PERIOD` or `fee charges CURRENCY? per PERIOD "…"?`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct FeeReport {
    /// The amount; absent for `fee charges` (known only when evaluated).
    #[serde(default)]
    pub amount: Option<ValueReport>,
    /// The period.
    pub per: String,
    /// True for `fee charges`: the fee is what the customer was charged.
    pub charges: bool,
    /// The currency, when known.
    #[serde(default)]
    pub currency: Option<String>,
    /// What the charged fee is (`fee charges … "what the customer paid"`).
    #[serde(default)]
    pub description: Option<String>,
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
    /// `if "…"`: the condition, in words, under which the target holds.
    #[serde(default)]
    pub if_condition: Option<String>,
    /// `in at least K of N NOUN`: k-of-n redundancy.
    #[serde(default)]
    pub redundancy: Option<RedundancyReport>,
}

/// `in at least 2 of 3 zones`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct RedundancyReport {
    /// How many parts must meet the target.
    pub k: u32,
    /// Of how many.
    pub n: u32,
    /// The parts (`zones`).
    pub of: String,
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
    /// `ok`, `misaligned`, or `unknown` when a calendar's hours are not
    /// stated (`defined by` another document), so time-based figures cannot
    /// be compared.
    pub status: String,
    /// The calendar whose hours are unknown, with `status: "unknown"`.
    #[serde(default)]
    pub unknown_calendar: Option<String>,
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
    /// `1 day of fee`: the fee of that many days.
    DaysOfFee {
        /// The number of days.
        days: ValueReport,
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

/// `credits capped at AMOUNT (per PERIOD | over rolling LENGTH)`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct CapReport {
    /// The cap.
    pub amount: AmountReport,
    /// Its window.
    #[serde(default)]
    pub per: Option<String>,
    /// `over rolling 24h` / `over rolling 12 months`.
    #[serde(default)]
    pub over_rolling: Option<RollingReport>,
}

/// A rolling window: a duration or a number of calendar periods.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RollingReport {
    /// As written (`24h`, `12 months`).
    pub written: String,
    /// The length in seconds, for a duration.
    #[serde(default)]
    pub seconds: Option<f64>,
    /// How many periods, for `N months|quarters|years`.
    #[serde(default)]
    pub count: Option<u32>,
    /// The period of `N PERIODS` (`month`).
    #[serde(default)]
    pub period: Option<String>,
}

/// `claim within DURATION (during CALENDAR)? (after ANCHOR)?`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ClaimReport {
    /// How long.
    pub within: ValueReport,
    /// The period whose end starts the clock.
    #[serde(default)]
    pub after_end_of: Option<String>,
    /// `during CALENDAR`: the calendar business days count in.
    #[serde(default)]
    pub during: Option<String>,
    /// `after …`: what starts the clock.
    #[serde(default)]
    pub after: Option<ClaimAnchorReport>,
}

/// What starts the claim clock.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClaimAnchorReport {
    /// `after incident`, `after eligibility`: an event.
    Event {
        /// The event word.
        event: String,
    },
    /// `after month end`: the end of a period.
    PeriodEnd {
        /// The period word.
        period: String,
    },
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
