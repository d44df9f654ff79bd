//! The abstract syntax tree. Every node carries a byte [`Span`].
//!
//! The tree is exactly what the user wrote, with literals already decoded
//! (numbers as exact decimals, strings unescaped, dates and times checked).
//! Meaning — names resolved, units unified, defaults applied — is the
//! semantic crate's business, not this one's.

use crate::literal::{DateLit, Quantity, TimeLit};
use crate::span::Span;

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
    /// The identifier text.
    pub text: String,
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
    /// The doc comment written before it, if any.
    pub doc: Option<Doc>,
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
    /// `priorities ID "Title"? { LEVEL "Title"? … }`
    Priorities(Priorities),
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
    /// `mon..fri, sat 08:00..18:00, 19:00..21:00`: open hours.
    Hours {
        /// Days or day ranges.
        days: Vec<DayItem>,
        /// Time spans on each of those days.
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
    /// Levels, most urgent first.
    pub levels: Vec<PriorityLevel>,
}

/// One level of a `priorities` scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityLevel {
    /// The level's name.
    pub name: Name,
    /// Its title (`"P1"`).
    pub title: Option<Str>,
    /// The whole level.
    pub span: Span,
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
            BodyClauseKind::Target(t) => Some(t),
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
    Valid {
        /// First day in force.
        start: DateLit,
        /// Last day in force (inclusive); `None` for `valid from`.
        end: Option<DateLit>,
    },
    /// `review every quarter (last DATE)?`
    Review {
        /// The cadence word.
        every: Name,
        /// The last review.
        last: Option<DateLit>,
    },
    /// `fee 18000 GBP per month`
    Fee {
        /// The amount.
        amount: Money,
        /// The period word.
        per: Name,
    },
    /// `target …`
    Target(Target),
    /// `credit AMOUNT TRIGGER`
    Credit(Remedy),
    /// `reward AMOUNT TRIGGER`
    Reward(Remedy),
    /// `credits capped at AMOUNT (per PERIOD)?`
    Cap {
        /// The cap.
        amount: Amount,
        /// The cap's window.
        per: Option<Name>,
    },
    /// `claim within DURATION (after PERIOD end)?`
    Claim {
        /// How long the customer has to claim.
        within: Quantity,
        /// `after month end`: the period whose end starts the clock.
        after: Option<Name>,
    },
    /// `earn back credits when CONDITION QUALIFIER* for N consecutive PERIODS`
    EarnBack {
        /// The condition to hold.
        condition: Condition,
        /// Qualifiers of the condition.
        qualifiers: Vec<Qualifier>,
        /// How many periods in a row.
        count: Quantity,
        /// The period word (plural, `months`).
        period: Name,
    },
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
}

impl Amount {
    /// The span of the whole amount.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Amount::FeeShare { span, .. } => *span,
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
    /// The doc comment written before it.
    pub doc: Option<Doc>,
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
        value: CondValue,
        /// When it takes effect.
        from: DateLit,
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
        share: Quantity,
        /// The population.
        of: Option<Noun>,
    },
    /// `where FIELD = VALUE` or `where FIELD in [A, B]`
    Where {
        /// The scoped field.
        field: Name,
        /// One value for `=`, the list for `in`.
        values: Vec<WhereValue>,
        /// True for `in [...]`.
        is_list: bool,
    },
    /// `during CALENDAR`
    During(Name),
    /// `per PERIOD`
    Per(Name),
    /// `over rolling DURATION`
    OverRolling(Quantity),
    /// `in each NOUN`
    InEach(Noun),
    /// `measured by "SOURCE"`
    MeasuredBy(Str),
    /// `excluding CAL, "reason", …`
    Excluding(Vec<Exclusion>),
    /// `minimum VALUE`
    Minimum(CondValue),
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
    /// `1000 GBP`
    Money(Money),
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
