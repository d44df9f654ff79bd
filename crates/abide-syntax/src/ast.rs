//! The abstract syntax tree. Every node carries a byte [`Span`].
//!
//! The tree is exactly what the user wrote, with literals already decoded
//! (numbers as exact decimals, strings unescaped, dates and times checked).
//! Meaning — names resolved, units unified, defaults applied — is the
//! semantic crate's business, not this one's.

use crate::literal::{DateLit, Quantity, TimeLit};
use crate::span::Span;
pub use smol_str::SmolStr;

/// A parsed file: its items in source order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct File {
    /// Top-level declarations that parsed (broken ones are dropped after
    /// their syntax error was reported).
    pub items: Vec<Item>,
}

/// A name or a free word as written (`campus_wifi`, `critical`, `month`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    /// The identifier text: inline, no allocation, for names of up to 23
    /// bytes (nearly all), and cloned without copying otherwise.
    pub text: SmolStr,
    /// Where it was written.
    pub span: Span,
}

/// A string literal, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    /// The decoded value (escapes applied).
    pub value: String,
    /// Span including the quotes.
    pub span: Span,
}

/// A `///` doc comment block attached to an item or a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The lines without their `///` prefix (one leading space removed), joined by `\n`.
    pub text: String,
    /// From the first `///` to the end of the last line.
    pub span: Span,
}

/// A top-level declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What kind of declaration, with its contents.
    pub kind: ItemKind,
    /// From the opening keyword to the end of the item.
    pub span: Span,
    /// The doc comment written before it, if any (boxed: most items have
    /// none, and a tree is kept in memory).
    pub doc: Option<Box<Doc>>,
}

impl Item {
    /// The declared name.
    #[must_use]
    pub fn name(&self) -> &Name {
        match &self.kind {
            ItemKind::Party(p) => &p.name,
            ItemKind::Service(s) => &s.name,
            ItemKind::Calendar(c) => &c.name,
            ItemKind::Metric(m) => &m.name,
            ItemKind::Priorities(p) => &p.name,
            ItemKind::Scale(sc) => &sc.name,
            ItemKind::Agreement(a) => &a.name,
        }
    }

    /// The optional title string.
    #[must_use]
    pub fn title(&self) -> Option<&Str> {
        match &self.kind {
            ItemKind::Party(p) => p.title.as_ref(),
            ItemKind::Service(s) => s.title.as_ref(),
            ItemKind::Calendar(c) => c.title.as_ref(),
            ItemKind::Metric(m) => m.title.as_ref(),
            ItemKind::Priorities(p) => p.title.as_ref(),
            ItemKind::Scale(sc) => sc.title.as_ref(),
            ItemKind::Agreement(a) => a.title.as_ref(),
        }
    }
}

/// The kinds of top-level declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// `party ID "Title"? : KIND (of ID)?`
    Party(Party),
    /// `service ID "Title"? { … }`
    Service(Service),
    /// `calendar ID "Title"? { … }`
    Calendar(Calendar),
    /// `metric ID "Title"? { … }`
    Metric(Metric),
    /// `priorities ID "Title"? (from A (x B)?)? { LEVEL "Title"? (when …)? … }`
    Priorities(Priorities),
    /// `scale ID "Title"? { LEVEL "Title"? … }` (v0.2): an ordered scale such as impact or urgency.
    Scale(Scale),
    /// `sla|ola|xla|contract ID "Title"? for SERVICE { … }`
    Agreement(Agreement),
}

/// `party uni_it "University IT Services" : organization`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// The party's name.
    pub name: Name,
    /// Its title.
    pub title: Option<Str>,
    /// The kind word (organization, team, customer, users, sponsor, supplier), checked later.
    pub kind: Name,
    /// `of ID`: the organization a team belongs to.
    pub of: Option<Name>,
}

/// `service campus_wifi "Campus Wi-Fi" { owner …; users …; depends on … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The service's name.
    pub name: Name,
    /// Its title.
    pub title: Option<Str>,
    /// Body clauses in source order.
    pub clauses: Vec<ServiceClause>,
}

/// One clause of a service body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceClause {
    /// What the clause says.
    pub kind: ServiceClauseKind,
    /// From the keyword to the end of the clause.
    pub span: Span,
}

/// The clauses of a service body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceClauseKind {
    /// `owner ID`
    Owner(Name),
    /// `users ID, …`
    Users(Vec<Name>),
    /// `depends on ID, …`
    DependsOn(Vec<Name>),
}

/// `calendar teaching_hours "Teaching hours" { timezone …; mon..fri 08:00..18:00; except … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The calendar's name.
    pub name: Name,
    /// Its title.
    pub title: Option<Str>,
    /// `defined by "provider policy"` (v0.2): the hours are the other party's to define.
    pub defined_by: Option<Str>,
    /// Body clauses in source order.
    pub clauses: Vec<CalendarClause>,
}

/// One clause of a calendar body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarClause {
    /// What the clause says.
    pub kind: CalendarClauseKind,
    /// The whole clause.
    pub span: Span,
}

/// The clauses of a calendar body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarClauseKind {
    /// `timezone "Europe/London"`
    Timezone(Str),
    /// `except 2026-12-21..2027-01-03, 2027-04-03`
    Except(Vec<DateSpan>),
    /// `except holidays "public holidays"` (v0.2): a named set of days not listed.
    ExceptNamed {
        /// The set's name.
        name: Name,
        /// What it is.
        description: Option<Str>,
    },
    /// `mon..fri, sat 08:00..18:00, 19:00..21:00`: open hours. Without
    /// times (`mon..fri`) only in a `defined by` calendar.
    Hours {
        /// Days or day ranges.
        days: Vec<DayItem>,
        /// Time spans on each of those days (empty: hours not stated).
        times: Vec<TimeSpan>,
    },
}

/// `mon` or `mon..fri` (inclusive, may wrap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayItem {
    /// First day.
    pub start: Name,
    /// Last day of a range.
    pub end: Option<Name>,
    /// The whole item.
    pub span: Span,
}

/// `08:00..18:00` (half-open; past midnight when end < start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeSpan {
    /// Start time.
    pub start: TimeLit,
    /// End time (`24:00` allowed).
    pub end: TimeLit,
    /// The whole span.
    pub span: Span,
}

/// `2026-12-21` or `2026-12-21..2027-01-03` (inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateSpan {
    /// First day.
    pub start: DateLit,
    /// Last day, if a range.
    pub end: Option<DateLit>,
    /// The whole span.
    pub span: Span,
}

/// `metric m "Title" { unit score 1..5; better higher; category experience }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    /// The metric's name.
    pub name: Name,
    /// Its title.
    pub title: Option<Str>,
    /// Body clauses in source order.
    pub clauses: Vec<MetricClause>,
}

/// One clause of a metric body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricClause {
    /// What the clause says.
    pub kind: MetricClauseKind,
    /// The whole clause.
    pub span: Span,
}

/// The clauses of a metric body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricClauseKind {
    /// `unit percent`, `unit score 1..5`
    Unit {
        /// Unit kind word (percent, duration, count, rate, score, nps, money).
        kind: Name,
        /// Score range `LO..HI`.
        range: Option<(Quantity, Quantity)>,
    },
    /// `better higher|lower`
    Better(Name),
    /// `category utility|warranty|experience|business`
    Category(Name),
}

/// `priorities priority { critical "P1" high "P2" … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priorities {
    /// The scale's name.
    pub name: Name,
    /// Its title.
    pub title: Option<Str>,
    /// `from urgency x impact` or `from affected_users` (v0.2).
    pub derived_from: Option<Derivation>,
    /// Levels, most urgent first.
    pub levels: Vec<PriorityLevel>,
}

/// `from A (x B)?`: what a priority is derived from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// One or two scales (a matrix), or one measured field (thresholds).
    pub inputs: Vec<Name>,
    /// The whole `from …`.
    pub span: Span,
}

/// One level of a `priorities` scale (or of a `scale`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityLevel {
    /// The level's name.
    pub name: Name,
    /// Its title (`"P1"`).
    pub title: Option<Str>,
    /// `when (high, high), …` or `when >= 100` (v0.2; empty when absent).
    pub rule: Vec<LevelRule>,
    /// The whole level.
    pub span: Span,
}

/// One condition under which a derived priority level applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelRule {
    /// `(high, medium)`: one cell of the matrix, one level per input scale.
    Cell {
        /// The levels, in the order of the `from` inputs.
        levels: Vec<Name>,
        /// The whole cell.
        span: Span,
    },
    /// `>= 100`: a threshold on the measured field.
    Threshold {
        /// The comparison.
        op: Cmp,
        /// The bound.
        value: Quantity,
        /// The whole threshold.
        span: Span,
    },
}

/// `scale impact "Impact" { high "whole campus" medium "one building" low … }` (v0.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    /// The scale's name.
    pub name: Name,
    /// Its title.
    pub title: Option<Str>,
    /// Levels, highest first.
    pub levels: Vec<PriorityLevel>,
}

/// The four agreement kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgreementKind {
    /// Service level agreement: provider → customer.
    Sla,
    /// Operational level agreement: team ↔ team of one organization.
    Ola,
    /// Experience level agreement.
    Xla,
    /// Underpinning contract with a supplier.
    Contract,
}

impl AgreementKind {
    /// The keyword that introduces this kind.
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            AgreementKind::Sla => "sla",
            AgreementKind::Ola => "ola",
            AgreementKind::Xla => "xla",
            AgreementKind::Contract => "contract",
        }
    }
}

/// `sla wifi_sla "Campus Wi-Fi SLA" for campus_wifi { … }`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// sla, ola, xla or contract.
    pub kind: AgreementKind,
    /// Span of the kind keyword.
    pub kind_span: Span,
    /// The agreement's name.
    pub name: Name,
    /// Its title.
    pub title: Option<Str>,
    /// The service it is for.
    pub service: Name,
    /// Body clauses in source order.
    pub clauses: Vec<BodyClause>,
}

impl Agreement {
    /// The targets of the agreement, in source order.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.clauses.iter().filter_map(|c| match &c.kind {
            BodyClauseKind::Target(t) => Some(&**t),
            _ => None,
        })
    }
}

/// One clause of an agreement body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyClause {
    /// What the clause says.
    pub kind: BodyClauseKind,
    /// From the keyword to the end of the clause.
    pub span: Span,
}

/// The clauses of an agreement body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyClauseKind {
    /// `provider ID`
    Provider(Name),
    /// `customer ID`
    Customer(Name),
    /// `status signed`
    Status(Name),
    /// `valid DATE..DATE` or `valid from DATE`
    Valid(Box<Validity>),
    /// `review every quarter (last DATE)?`
    Review(Box<Review>),
    /// `fee 18000 GBP per month`
    Fee(Box<Fee>),
    /// `fee charges USD? per month "what the customer paid"?` (v0.2): known only at evaluation.
    FeeCharges(Box<FeeCharges>),
    /// `supersedes ID` (v0.2)
    Supersedes(Name),
    /// `extends ID` (v0.2)
    Extends(Name),
    /// `prevails over "Doc", ID, …` (v0.2)
    PrevailsOver(Vec<Noun>),
    /// `below "Order Form", "Terms"` (v0.2)
    Below(Vec<Str>),
    /// `credits paid as METHOD TERM, …` (v0.2)
    Payment(Box<Payment>),
    /// `action "…" when CONDITION QUALIFIER* (for N consecutive PERIODS)? (lasting CMP DURATION)?` (v0.2)
    Action(Box<Action>),
    /// `changes by PARTY (with notice DURATION)? (at most once per PERIOD)?` (v0.2)
    Changes(Box<Changes>),
    /// `downtime when …` / `uptime from …` (v0.2): availability defined by error rates.
    ErrorRate(Box<ErrorRate>),
    /// `target …`
    Target(Box<Target>),
    /// `credit AMOUNT TRIGGER`
    Credit(Box<Remedy>),
    /// `reward AMOUNT TRIGGER`
    Reward(Box<Remedy>),
    /// `credits capped at AMOUNT (per PERIOD | over rolling DURATION)?`
    Cap(Box<Cap>),
    /// `claim within DURATION (during CALENDAR)? (after ANCHOR)?`
    Claim(Box<Claim>),
    /// `earn back credits when CONDITION QUALIFIER* for N consecutive PERIODS`
    EarnBack(Box<EarnBack>),
}

// The clauses below are boxed in `BodyClauseKind`: most clauses of a body
// are a name (`provider`, `status`) or a box, so a clause is 48 bytes
// instead of the 350 its largest kind would need inline.

/// `valid DATE..DATE` or `valid from DATE`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validity {
    /// First day in force.
    pub start: DateLit,
    /// Last day in force (inclusive); `None` for `valid from`.
    pub end: Option<DateLit>,
}

/// `review every quarter (last DATE)?`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The cadence word.
    pub every: Name,
    /// The last review.
    pub last: Option<DateLit>,
}

/// `fee 18000 GBP per month`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    /// The amount.
    pub amount: Money,
    /// The period word.
    pub per: Name,
}

/// `fee charges USD? per month "what the customer paid"?` (v0.2)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeCharges {
    /// The currency, when stated.
    pub currency: Option<Name>,
    /// The period word.
    pub per: Name,
    /// What the fee is.
    pub description: Option<Str>,
}

/// `credits paid as METHOD TERM, …` (v0.2)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// How credits are paid (`invoice_credit`).
    pub method: Name,
    /// The terms, in source order.
    pub terms: Vec<PaymentTerm>,
}

/// `changes by PARTY (with notice DURATION)? (at most once per PERIOD)?` (v0.2)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Who may change the agreement.
    pub party: Name,
    /// `with notice 4w`
    pub notice: Option<Quantity>,
    /// `at most N times per PERIOD`
    pub at_most: Option<ChangeLimit>,
}

/// `credits capped at AMOUNT (per PERIOD | over rolling DURATION)?`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cap {
    /// The cap.
    pub amount: Amount,
    /// The cap's window (`per month`, `per invoice`).
    pub per: Option<Name>,
    /// `over rolling 24h` / `over rolling 12 months` (v0.2).
    pub rolling: Option<Rolling>,
}

/// `claim within DURATION (during CALENDAR)? (after ANCHOR)?`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// How long the customer has to claim.
    pub within: Quantity,
    /// `during business_days` (v0.2): the calendar `bd` counts in.
    pub during: Option<Name>,
    /// `after month end`, `after incident`, `after eligibility`.
    pub after: Option<ClaimAnchor>,
}

/// `earn back credits when CONDITION QUALIFIER* for N consecutive PERIODS`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarnBack {
    /// The condition to hold.
    pub condition: Condition,
    /// Qualifiers of the condition.
    pub qualifiers: Vec<Qualifier>,
    /// How many periods in a row.
    pub count: Quantity,
    /// The period word (plural, `months`).
    pub period: Name,
}

/// `over rolling 24h` or `over rolling 12 months`: a cap's rolling period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rolling {
    /// A duration (`24h`) or, with `unit`, a plain count (`12`).
    pub length: Quantity,
    /// `months`, `quarters`, `years` (calendar periods have no duration unit).
    pub unit: Option<Name>,
    /// The whole `24h` / `12 months`.
    pub span: Span,
}

/// What starts the claim clock: `month end`, `incident`, `eligibility`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimAnchor {
    /// The period (`month`) or event word (`incident`).
    pub word: Name,
    /// True for `PERIOD end`.
    pub end: bool,
    /// The whole anchor after `after`.
    pub span: Span,
}

/// One term of `credits paid as …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentTerm {
    /// Which term.
    pub kind: PaymentTermKind,
    /// The whole term.
    pub span: Span,
}

/// The payment terms of credits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentTermKind {
    /// `minimum 1 USD`: smaller credits are not paid.
    Minimum(Money),
    /// `refundable`: paid out as money when the agreement ends.
    Refundable,
    /// `not refundable`
    NotRefundable,
    /// `expire on termination`
    ExpireOnTermination,
    /// `sole remedy`: credits are the customer's only remedy.
    SoleRemedy,
}

impl PaymentTermKind {
    /// The term as written canonically.
    #[must_use]
    pub fn words(&self) -> &'static str {
        match self {
            PaymentTermKind::Minimum(_) => "minimum",
            PaymentTermKind::Refundable => "refundable",
            PaymentTermKind::NotRefundable => "not refundable",
            PaymentTermKind::ExpireOnTermination => "expire on termination",
            PaymentTermKind::SoleRemedy => "sole remedy",
        }
    }
}

/// `action "improvement plan" when availability < 99% for 3 consecutive months`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What happens.
    pub label: Str,
    /// The trigger condition.
    pub condition: Condition,
    /// Its qualifiers.
    pub qualifiers: Vec<Qualifier>,
    /// `for 3 consecutive months`: count and period word.
    pub consecutive: Option<Consecutive>,
    /// `lasting > 72h`
    pub lasting: Option<Lasting>,
}

/// `for N consecutive PERIODS`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consecutive {
    /// How many periods in a row.
    pub count: Quantity,
    /// The period word (`months`).
    pub period: Name,
    /// The whole phrase.
    pub span: Span,
}

/// `lasting > 72h`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lasting {
    /// The comparison.
    pub op: Cmp,
    /// The duration.
    pub value: Quantity,
    /// The whole phrase.
    pub span: Span,
}

/// `at most once per year` / `at most 2 times per year`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLimit {
    /// How many changes (1 for `once`).
    pub count: Quantity,
    /// The period word.
    pub per: Name,
    /// The whole phrase.
    pub span: Span,
}

/// How error rates define downtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRate {
    /// `downtime when COND` or `uptime from EXPR`.
    pub rule: ErrorRateRule,
    /// `in each 1min`: the bucket.
    pub bucket: Quantity,
    /// `counting ["InternalError", …]`: the error codes that count.
    pub counting: Vec<Str>,
    /// `minimum 100 requests else up`
    pub minimum: Option<MinimumSample>,
}

/// The two ways to state an error-rate rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorRateRule {
    /// `downtime when error_rate > 5%`: a bucket over the threshold is down.
    DowntimeWhen(Condition),
    /// `uptime from mean(error_rate)`: uptime is one minus the expression.
    UptimeFrom(Expr),
}

/// `minimum 100 requests else up`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinimumSample {
    /// The minimum sample.
    pub count: Quantity,
    /// What is counted (`requests`).
    pub unit: Name,
    /// `up` or `down`: what a thin bucket counts as.
    pub fallback: Name,
    /// The whole phrase.
    pub span: Span,
}

/// A credit or a reward: an amount and what triggers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remedy {
    /// What is paid.
    pub amount: Amount,
    /// When it is paid.
    pub trigger: Trigger,
}

/// `5% of fee` or `500 GBP`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    /// A share of the fee: `5% of fee`.
    FeeShare {
        /// The share, as written.
        share: Quantity,
        /// The whole `5% of fee`.
        span: Span,
    },
    /// A sum of money.
    Money(Money),
    /// `1 day of fee` (v0.2): the fee of that many days.
    FeeDays {
        /// The number of days.
        count: Quantity,
        /// The word (`day`, `days`).
        unit: Name,
        /// The whole amount.
        span: Span,
    },
}

impl Amount {
    /// The span of the whole amount.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Amount::FeeShare { span, .. } | Amount::FeeDays { span, .. } => *span,
            Amount::Money(m) => m.span,
        }
    }
}

/// What triggers a credit or reward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// `when CONDITION QUALIFIER*`
    When {
        /// The condition.
        condition: Condition,
        /// Its qualifiers.
        qualifiers: Vec<Qualifier>,
    },
    /// `for each STEP (of METRIC)? ((below|above) BOUND)?`: proportional.
    ForEach {
        /// The unit of shortfall (`60min`, `1%`).
        step: Quantity,
        /// The metric counted (`downtime`).
        of: Option<Name>,
        /// The bound counted from.
        from: Option<ForEachBound>,
        /// The whole trigger.
        span: Span,
    },
}

/// `below 99.9%` / `above 4.5` in a proportional credit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForEachBound {
    /// True for `below`, false for `above`.
    pub below: bool,
    /// The bound.
    pub value: Quantity,
    /// The whole `below 99.9%`.
    pub span: Span,
}

/// `target ID: CONDITION CLAUSE*`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The target's name (scoped to its agreement).
    pub name: Name,
    /// The promise.
    pub condition: Condition,
    /// Qualifiers, supports and steps, in source order.
    pub clauses: Vec<TargetClause>,
    /// The doc comment written before it (boxed: most targets have none).
    pub doc: Option<Box<Doc>>,
}

impl Target {
    /// The qualifiers, in source order.
    pub fn qualifiers(&self) -> impl Iterator<Item = &Qualifier> {
        self.clauses.iter().filter_map(|c| match c {
            TargetClause::Qualifier(q) => Some(q),
            _ => None,
        })
    }
}

/// One clause after a target's condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetClause {
    /// A qualifier (`per month`, `during …`, …).
    Qualifier(Qualifier),
    /// `supported by S, …` (a bare list means `all(…)`).
    SupportedBy {
        /// The listed supports.
        supports: Vec<Support>,
        /// The whole clause.
        span: Span,
    },
    /// `rising to VALUE from DATE`
    Rising {
        /// The stepped bound.
        value: Box<CondValue>,
        /// When it takes effect.
        from: Box<DateLit>,
        /// The whole clause.
        span: Span,
    },
    /// `if "instances run in at least two zones"` (v0.2): the target holds only under a condition.
    If {
        /// The condition, in words.
        condition: Str,
        /// The whole clause.
        span: Span,
    },
}

/// A qualifier of a target, credit or reward condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qualifier {
    /// What it says.
    pub kind: QualifierKind,
    /// The whole qualifier.
    pub span: Span,
}

/// The qualifiers (LANGUAGE.md §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QualifierKind {
    /// `for 95% (of incidents)?`
    For {
        /// The share of cases.
        share: Box<Quantity>,
        /// The population.
        of: Option<Noun>,
    },
    /// `where FIELD = VALUE (and FIELD in [A, B])*`
    Where(Vec<ScopeField>),
    /// `during CALENDAR`
    During(Name),
    /// `per PERIOD`
    Per(Name),
    /// `over rolling DURATION`
    OverRolling(Box<Quantity>),
    /// `in each NOUN`
    InEach(Noun),
    /// `in at least K of N NOUN` (v0.2): k-of-n redundancy.
    AtLeast {
        /// How many must meet the target.
        k: Box<Quantity>,
        /// Of how many.
        n: Box<Quantity>,
        /// The parts (`zones`).
        noun: Noun,
    },
    /// `measured by "SOURCE"`
    MeasuredBy(Str),
    /// `excluding CAL, "reason", …`
    Excluding(Vec<Exclusion>),
    /// `minimum VALUE`
    Minimum(Box<CondValue>),
}

/// One field of a `where` scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeField {
    /// The scoped field.
    pub field: Name,
    /// One value for `=`, the list for `in`.
    pub values: Vec<WhereValue>,
    /// True for `in [...]`.
    pub is_list: bool,
    /// The whole `FIELD = VALUE`.
    pub span: Span,
}

/// A population or instance noun: one word or a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Noun {
    /// `incidents`
    Word(Name),
    /// `"P1 incidents"`
    Str(Str),
}

impl Noun {
    /// The noun's text.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Noun::Word(n) => &n.text,
            Noun::Str(s) => &s.value,
        }
    }

    /// Where it was written.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Noun::Word(n) => n.span,
            Noun::Str(s) => s.span,
        }
    }
}

/// A value in a `where` scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhereValue {
    /// `critical`
    Word(Name),
    /// `"P1"`
    Str(Str),
    /// `3`
    Number(Quantity),
}

impl WhereValue {
    /// The value's text: a word, a string's contents, or a number as written.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            WhereValue::Word(n) => &n.text,
            WhereValue::Str(s) => &s.value,
            WhereValue::Number(q) => &q.text,
        }
    }
}

/// One entry of `excluding`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// A calendar of excluded time.
    Calendar(Name),
    /// A reason kept as text (`"force majeure"`).
    Reason(Str),
}

/// `EXPR OP VALUE`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The measured expression.
    pub expr: Expr,
    /// The comparison.
    pub op: Cmp,
    /// Span of the operator.
    pub op_span: Span,
    /// The bound.
    pub value: CondValue,
    /// The whole condition.
    pub span: Span,
}

/// A metric or an aggregate call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `availability`
    Metric(Name),
    /// `mean(satisfaction)`, `share(ease_of_use >= 4)`, `pct(99.9, latency)`
    Call {
        /// The aggregate's name.
        func: Name,
        /// Its arguments.
        args: Vec<Arg>,
        /// The whole call.
        span: Span,
    },
}

impl Expr {
    /// The span of the expression.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Expr::Metric(n) => n.span,
            Expr::Call { span, .. } => *span,
        }
    }
}

/// An argument of an aggregate call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A metric name.
    Metric(Name),
    /// A number (`pct(99.9, …)`).
    Value(Quantity),
    /// A comparison (`share(ease_of_use >= 4)`).
    Compare {
        /// The metric.
        metric: Name,
        /// The operator.
        op: Cmp,
        /// The bound.
        value: Quantity,
        /// The whole comparison.
        span: Span,
    },
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmp {
    /// `>=`
    Ge,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `<`
    Lt,
    /// `=`
    Eq,
}

impl Cmp {
    /// The operator as written.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
            Cmp::Le => "<=",
            Cmp::Lt => "<",
            Cmp::Eq => "=",
        }
    }
}

/// The right-hand side of a condition: a quantity or money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CondValue {
    /// `99.5%`, `15min`, `4.2`, `+65`
    Quantity(Quantity),
    /// `1000 GBP` (boxed: most bounds are quantities, and a condition is
    /// part of every target, credit and reward).
    Money(Box<Money>),
}

impl CondValue {
    /// The span of the value.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            CondValue::Quantity(q) => q.span,
            CondValue::Money(m) => m.span,
        }
    }
}

/// `18000 GBP`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// The amount (a plain number).
    pub amount: Quantity,
    /// The ISO 4217 code.
    pub currency: Name,
    /// The whole literal.
    pub span: Span,
}

/// A support expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    /// `agreement.target`
    Path {
        /// The supporting agreement.
        agreement: Name,
        /// Its target.
        target: Name,
        /// The whole path.
        span: Span,
    },
    /// `all(…)`, `any(…)`, `seq(…)`
    Combinator {
        /// The combinator's name.
        func: Name,
        /// Its parts.
        args: Vec<Support>,
        /// The whole call.
        span: Span,
    },
    /// A single name: accepted so the resolver can say "write `agreement.target`".
    Bare(Name),
}

impl Support {
    /// The span of the support expression.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Support::Path { span, .. } | Support::Combinator { span, .. } => *span,
            Support::Bare(n) => n.span,
        }
    }
}
