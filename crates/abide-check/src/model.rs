//! Position-free models of declarations, lowered from the AST.
//!
//! Cross-item checks (roles, alignment, calendars) read these models, never
//! the AST of another file: a model holds no spans, so an edit that does not
//! change meaning backdates and re-runs nothing that depends on it.

use std::sync::Arc;

use abide_db::{Db, SourceFile, Workspace};
use abide_syntax::ast::{self, AgreementKind, Cmp, SmolStr};
use abide_syntax::literal::DateLit;
use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::imports::Models;
use crate::scope::global_scope;
use crate::value::{self, Value};

/// Kinds of party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyKind {
    /// A whole organization.
    Organization,
    /// A team of an organization.
    Team,
    /// A customer.
    Customer,
    /// Users of a service.
    Users,
    /// A sponsor.
    Sponsor,
    /// An external supplier.
    Supplier,
}

impl PartyKind {
    /// The kind words, for parsing and suggestions.
    pub const WORDS: &[&str] = &[
        "organization",
        "team",
        "customer",
        "users",
        "sponsor",
        "supplier",
    ];

    /// Parses a kind word.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "organization" => Self::Organization,
            "team" => Self::Team,
            "customer" => Self::Customer,
            "users" => Self::Users,
            "sponsor" => Self::Sponsor,
            "supplier" => Self::Supplier,
            _ => return None,
        })
    }

    /// The kind word.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Team => "team",
            Self::Customer => "customer",
            Self::Users => "users",
            Self::Sponsor => "sponsor",
            Self::Supplier => "supplier",
        }
    }
}

/// Calendar periods (windows, review cadences, fee periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A local day.
    Day,
    /// An ISO week.
    Week,
    /// A calendar month.
    Month,
    /// A quarter starting Jan, Apr, Jul or Oct.
    Quarter,
    /// A half year starting Jan or Jul.
    HalfYear,
    /// A calendar year.
    Year,
}

impl Period {
    /// The period words.
    pub const WORDS: &[&str] = &["day", "week", "month", "quarter", "half_year", "year"];

    /// Parses a period word (plural forms accepted when `plural`).
    #[must_use]
    pub fn parse(s: &str, plural: bool) -> Option<Self> {
        let s = if plural {
            s.strip_suffix('s').unwrap_or(s)
        } else {
            s
        };
        Some(match s {
            "day" => Self::Day,
            "week" => Self::Week,
            "month" => Self::Month,
            "quarter" => Self::Quarter,
            "half_year" => Self::HalfYear,
            "year" => Self::Year,
            _ => return None,
        })
    }

    /// Length in months (0 for days and weeks).
    #[must_use]
    pub fn months(self) -> u32 {
        match self {
            Self::Day | Self::Week => 0,
            Self::Month => 1,
            Self::Quarter => 3,
            Self::HalfYear => 6,
            Self::Year => 12,
        }
    }

    /// Approximate length in days, for ordering cadences.
    #[must_use]
    pub fn days(self) -> u32 {
        match self {
            Self::Day => 1,
            Self::Week => 7,
            _ => self.months() * 30,
        }
    }

    /// The word.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::HalfYear => "half_year",
            Self::Year => "year",
        }
    }
}

/// The dimension (unit kind) of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    /// 0–100 %.
    Percent,
    /// A duration.
    Duration,
    /// A whole number ≥ 0.
    Count,
    /// Events per duration.
    Rate,
    /// A score on an integer scale, both ends included.
    Score {
        /// Lowest score.
        lo: i64,
        /// Highest score.
        hi: i64,
    },
    /// Net promoter score, −100..+100.
    Nps,
    /// Money.
    Money,
}

impl Dim {
    /// The unit kind words.
    pub const WORDS: &[&str] = &[
        "percent", "duration", "count", "rate", "score", "nps", "money",
    ];

    /// How the dimension reads in a message.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Dim::Percent => "a percentage".into(),
            Dim::Duration => "a duration".into(),
            Dim::Count => "a count".into(),
            Dim::Rate => "a rate".into(),
            Dim::Score { lo, hi } => format!("a score from {lo} to {hi}"),
            Dim::Nps => "a net promoter score (-100 to +100)".into(),
            Dim::Money => "an amount of money".into(),
        }
    }

    /// An example literal of this dimension.
    #[must_use]
    pub fn example(self) -> String {
        match self {
            Dim::Percent => "`99.5%`".into(),
            Dim::Duration => "`15min` or `4h`".into(),
            Dim::Count => "`200`".into(),
            Dim::Rate => "`100/s`".into(),
            Dim::Score { hi, .. } => format!("`{}`", hi.saturating_sub(1).max(0)),
            Dim::Nps => "`+40`".into(),
            Dim::Money => "`500 GBP`".into(),
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Better {
    /// More is better (availability, satisfaction).
    Higher,
    /// Less is better (response time, error rate).
    Lower,
}

/// The ITIL category of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Fitness for purpose.
    Utility,
    /// Fitness for use: availability, capacity, continuity, security.
    Warranty,
    /// How people experience the service.
    Experience,
    /// Business outcomes.
    Business,
}

/// A party.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartyModel {
    /// Its kind, when the word is known.
    pub kind: Option<PartyKind>,
    /// `team of ORG`.
    pub of: Option<SmolStr>,
}

/// A service.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ServiceModel {
    /// The accountable owner.
    pub owner: Option<SmolStr>,
}

/// Open hours of a calendar: per weekday (0 = Monday), spans in minutes
/// after local midnight; an end past 1440 runs into the next day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CalendarModel {
    /// The IANA time zone name.
    pub timezone: Option<SmolStr>,
    /// Open spans per weekday, sorted.
    pub weekly: [Vec<(u16, u16)>; 7],
    /// Closed dates, inclusive ranges.
    pub except: Vec<(Date, Date)>,
    /// `defined by "…"`: the document that defines the hours (v0.2).
    pub defined_by: Option<String>,
    /// Weekdays listed without hours (only allowed with `defined_by`).
    pub unstated_days: Vec<usize>,
    /// `except holidays "…"`: named day sets whose dates are not listed.
    pub named_holidays: Vec<String>,
}

impl CalendarModel {
    /// Open minutes in a week.
    #[must_use]
    pub fn weekly_minutes(&self) -> u32 {
        self.weekly
            .iter()
            .flatten()
            .map(|(a, b)| u32::from(b - a))
            .sum()
    }

    /// True when the open hours cannot be computed from the text: the
    /// calendar is `defined by` another document and leaves days without
    /// hours or names a holiday set without listing its dates.
    #[must_use]
    pub fn hours_unknown(&self) -> bool {
        !self.unstated_days.is_empty() || !self.named_holidays.is_empty()
    }

    /// True when open every minute of the week (24×7).
    #[must_use]
    pub fn is_always(&self) -> bool {
        crate::calendar::weekly_union(self)
            .iter()
            .map(|(a, b)| b - a)
            .sum::<u32>()
            == 7 * 1440
    }
}

/// A metric.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MetricModel {
    /// Its dimension.
    pub dim: Option<Dim>,
    /// Which way is better.
    pub better: Option<Better>,
    /// Its category.
    pub category: Option<Category>,
}

/// A priority scale.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PrioritiesModel {
    /// Levels, most urgent first, with their titles.
    pub levels: Vec<(SmolStr, Option<String>)>,
    /// `from urgency x impact`: the scales or field it is derived from (v0.2).
    pub derived_from: Vec<SmolStr>,
}

/// An ordered scale (`scale impact { high … low }`), highest level first (v0.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScaleModel {
    /// Levels, highest first, with their titles.
    pub levels: Vec<(SmolStr, Option<String>)>,
}

/// An aggregate over a metric.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Agg {
    /// The metric itself (each case, or the window's figure).
    None,
    /// `mean(m)`
    Mean,
    /// `median(m)`
    Median,
    /// `min(m)`
    Min,
    /// `max(m)`
    Max,
    /// `count(m)`
    Count,
    /// `pNN(m)` or `pct(N, m)`: the share of cases as a fraction.
    Percentile(Decimal),
    /// `share(m OP v)`: the share of cases that meet a bound.
    Share {
        /// The comparison inside.
        op: Cmp,
        /// Its bound (boxed: rare, and a target holds an aggregate).
        value: Box<Value>,
    },
    /// Anything malformed (already reported).
    Invalid,
}

/// The measurement window.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Window {
    /// No window written: `per month`, marked as defaulted.
    Default,
    /// `per PERIOD`
    Per(Period),
    /// `over rolling DURATION` (seconds).
    Rolling(Decimal),
}

impl Window {
    /// The calendar period, treating the default as a month.
    #[must_use]
    pub fn period(&self) -> Option<Period> {
        match self {
            Window::Default => Some(Period::Month),
            Window::Per(p) => Some(*p),
            Window::Rolling(_) => None,
        }
    }
}

/// A support expression between targets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SupportExpr {
    /// `agreement.target`
    Path(SmolStr, SmolStr),
    /// `all(…)`
    All(Vec<SupportExpr>),
    /// `any(…)`
    Any(Vec<SupportExpr>),
    /// `seq(…)`
    Seq(Vec<SupportExpr>),
    /// Unresolvable (already reported); keeps the parts it names, so that
    /// they still count as used.
    Invalid(Vec<SupportExpr>),
}

impl SupportExpr {
    /// Every `agreement.target` path inside, in order.
    #[must_use]
    pub fn paths(&self) -> Vec<(SmolStr, SmolStr)> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect(&self, out: &mut Vec<(SmolStr, SmolStr)>) {
        self.walk_paths(&mut |a: &SmolStr, t: &SmolStr| out.push((a.clone(), t.clone())));
    }

    /// Calls `f` with each `(agreement, target)` in order, borrowed.
    pub fn for_each_path<'a>(&'a self, mut f: impl FnMut(&'a str, &'a str)) {
        self.walk_paths(&mut |a: &'a SmolStr, t: &'a SmolStr| f(a, t));
    }

    fn walk_paths<'a>(&'a self, f: &mut impl FnMut(&'a SmolStr, &'a SmolStr)) {
        match self {
            SupportExpr::Path(a, t) => f(a, t),
            SupportExpr::All(v)
            | SupportExpr::Any(v)
            | SupportExpr::Seq(v)
            | SupportExpr::Invalid(v) => v.iter().for_each(|e| e.walk_paths(f)),
        }
    }
}

/// A target's meaning without positions: what alignment needs of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TargetSig {
    /// The target's name.
    pub name: SmolStr,
    /// The metric measured.
    pub metric: Option<SmolStr>,
    /// The aggregate.
    pub agg: Agg,
    /// The comparison.
    pub op: Cmp,
    /// The bound.
    pub value: Value,
    /// The bound as written (`90min`), for messages.
    pub value_text: SmolStr,
    /// `for N%` as a fraction (`None` = every case).
    pub share: Option<Decimal>,
    /// `where` scopes: field → values, sorted by field ([`TargetSig::scope`]).
    /// A sorted list, not a map: there are one or two, and an empty B-tree
    /// node costs half a kilobyte per target.
    pub scopes: Vec<(SmolStr, Vec<SmolStr>)>,
    /// `during CALENDAR` (`None` = `always`).
    pub calendar: Option<SmolStr>,
    /// The window.
    pub window: Window,
    /// `supported by` (boxed, as the other rare fields: a target is a
    /// model's largest part, and most are not supported by anything).
    pub support: Option<Box<SupportExpr>>,
    /// The rarely written clauses, in one box ([`TargetSig::extra_mut`];
    /// read them through the accessors): a hundred bytes less per target,
    /// and targets are most of a model.
    pub extra: Option<Box<TargetExtra>>,
}

/// A target's rarely written clauses ([`TargetSig::extra`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TargetExtra {
    /// `in each NOUN`.
    pub in_each: Option<SmolStr>,
    /// Calendars named in `excluding`.
    pub excluding: Vec<SmolStr>,
    /// `rising to` steps: value, date and the value as written.
    pub steps: Vec<(Value, Option<Date>, SmolStr)>,
    /// `minimum`.
    pub minimum: Option<Value>,
    /// `if "…"`: the condition under which the target holds (v0.2).
    pub condition: Option<String>,
    /// `in at least K of N NOUN`: k-of-n redundancy (v0.2; whole numbers only).
    pub redundancy: Option<(u32, u32)>,
}

impl TargetSig {
    /// The rare clauses, to write them (boxed on first use).
    pub fn extra_mut(&mut self) -> &mut TargetExtra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// `in each NOUN`.
    #[must_use]
    pub fn in_each(&self) -> Option<&SmolStr> {
        self.extra.as_ref()?.in_each.as_ref()
    }

    /// Calendars named in `excluding`.
    #[must_use]
    pub fn excluding(&self) -> &[SmolStr] {
        self.extra.as_ref().map_or(&[], |e| &e.excluding)
    }

    /// `rising to` steps: value, date and the value as written.
    #[must_use]
    pub fn steps(&self) -> &[(Value, Option<Date>, SmolStr)] {
        self.extra.as_ref().map_or(&[], |e| &e.steps)
    }

    /// `minimum`.
    #[must_use]
    pub fn minimum(&self) -> Option<&Value> {
        self.extra.as_ref()?.minimum.as_ref()
    }

    /// `if "…"`: the condition under which the target holds (v0.2).
    #[must_use]
    pub fn condition(&self) -> Option<&str> {
        self.extra.as_ref()?.condition.as_deref()
    }

    /// `in at least K of N NOUN`: k-of-n redundancy.
    #[must_use]
    pub fn redundancy(&self) -> Option<(u32, u32)> {
        self.extra.as_ref()?.redundancy
    }

    /// The values of the `where` scope on `field`, if any.
    #[must_use]
    pub fn scope(&self, field: &str) -> Option<&[SmolStr]> {
        self.scopes
            .binary_search_by(|(k, _)| k.as_str().cmp(field))
            .ok()
            .and_then(|i| self.scopes.get(i))
            .map(|(_, v)| v.as_slice())
    }

    /// The calendar in force (`always` by default).
    #[must_use]
    pub fn calendar_name(&self) -> &str {
        self.calendar.as_deref().unwrap_or("always")
    }
}

/// A fee.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeeModel {
    /// Currency code (`None` for `fee charges per month` without one).
    pub currency: Option<SmolStr>,
    /// Period word.
    pub per: Option<Period>,
    /// `fee charges …`: the amount is known only at evaluation (v0.2).
    pub charges: bool,
}

/// An agreement.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AgreementModel {
    /// sla, ola, xla, contract.
    pub kind: AgreementKind,
    /// The service it is for.
    pub service: SmolStr,
    /// `provider`
    pub provider: Option<SmolStr>,
    /// `customer`
    pub customer: Option<SmolStr>,
    /// `valid`: first and last day (inclusive; `None` = open-ended).
    pub valid: Option<(Date, Option<Date>)>,
    /// `fee`
    pub fee: Option<FeeModel>,
    /// Targets in source order.
    pub targets: Vec<TargetSig>,
    /// `supersedes ID` (v0.2).
    pub supersedes: Option<SmolStr>,
    /// `extends ID` (v0.2).
    pub extends: Option<SmolStr>,
    /// `prevails over ID, …`: agreements of the workspace only (strings name outside documents).
    pub prevails_over: Vec<SmolStr>,
}

impl AgreementModel {
    /// A target by name.
    #[must_use]
    pub fn target(&self, name: &str) -> Option<&TargetSig> {
        self.targets.iter().find(|t| t.name == name)
    }
}

/// Any declaration's model. Calendars are boxed: every model is shared in
/// an `Arc`, so an inline calendar (288 bytes) would size every party's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemModel {
    /// A party.
    Party(PartyModel),
    /// A service.
    Service(ServiceModel),
    /// A calendar.
    Calendar(Box<CalendarModel>),
    /// A metric.
    Metric(MetricModel),
    /// A priority scale.
    Priorities(PrioritiesModel),
    /// An ordered scale (impact, urgency).
    Scale(ScaleModel),
    /// An agreement.
    Agreement(Arc<AgreementModel>),
}

/// The models of a file's items, by name (the first of duplicates), in
/// source order. Shared (`Arc`), since every file that reads a model holds
/// it in its imports. Hashed: every file's imports look names up here.
#[salsa::tracked(returns(ref))]
pub fn file_models(db: &dyn Db, file: SourceFile) -> FileModels {
    let mut out = FileModels::default();
    for item in &abide_db::parse(db, file).file.items {
        out.entry(item.name().text.clone())
            .or_insert_with(|| Arc::new(lower_item(item)));
    }
    out
}

/// A file's models by name, in source order ([`file_models`]).
pub type FileModels = indexmap::IndexMap<SmolStr, Arc<ItemModel>, rustc_hash::FxBuildHasher>;

pub use interned::Name;

/// In its own module because salsa generates undocumented accessors.
#[allow(missing_docs, reason = "salsa generates the interned accessors")]
mod interned {
    /// An interned name, the key of per-name queries.
    #[salsa::interned(debug)]
    pub struct Name<'db> {
        /// The text.
        #[returns(ref)]
        pub text: String,
    }
}

/// The model a workspace name resolves to.
#[salsa::tracked(returns(ref))]
pub fn item_model<'db>(db: &'db dyn Db, ws: Workspace, name: Name<'db>) -> Option<Arc<ItemModel>> {
    let decl = global_scope(db, ws).get(name.text(db))?;
    file_models(db, decl.file)
        .get(name.text(db).as_str())
        .cloned()
}

/// Looks up a model by name text (outside any file's checks: name by name,
/// see [`crate::imports::Models`]).
pub fn model(db: &dyn Db, ws: Workspace, name: &str) -> Option<ItemModel> {
    Models::workspace(db, ws).model(name).cloned()
}

/// An agreement model by name.
pub fn agreement(db: &dyn Db, ws: Workspace, name: &str) -> Option<Arc<AgreementModel>> {
    Models::workspace(db, ws).agreement(name).cloned()
}

/// A metric model by name.
pub fn metric(db: &dyn Db, ws: Workspace, name: &str) -> Option<MetricModel> {
    Models::workspace(db, ws).metric(name).cloned()
}

/// A calendar model by name.
pub fn calendar(db: &dyn Db, ws: Workspace, name: &str) -> Option<CalendarModel> {
    Models::workspace(db, ws).calendar(name).cloned()
}

/// A party model by name.
pub fn party(db: &dyn Db, ws: Workspace, name: &str) -> Option<PartyModel> {
    Models::workspace(db, ws).party(name).cloned()
}

// ------------------------------------------------------------------ lowering

/// Lowers one item (pure: no other file is consulted).
#[must_use]
pub fn lower_item(item: &ast::Item) -> ItemModel {
    match &item.kind {
        ast::ItemKind::Party(p) => ItemModel::Party(PartyModel {
            kind: PartyKind::parse(&p.kind.text),
            of: p.of.as_ref().map(|n| n.text.clone()),
        }),
        ast::ItemKind::Service(s) => ItemModel::Service(ServiceModel {
            owner: s.clauses.iter().find_map(|c| match &c.kind {
                ast::ServiceClauseKind::Owner(n) => Some(n.text.clone()),
                _ => None,
            }),
        }),
        ast::ItemKind::Calendar(c) => ItemModel::Calendar(Box::new(lower_calendar(c))),
        ast::ItemKind::Metric(m) => ItemModel::Metric(lower_metric(m)),
        ast::ItemKind::Priorities(p) => ItemModel::Priorities(PrioritiesModel {
            levels: p
                .levels
                .iter()
                .map(|l| {
                    (
                        l.name.text.clone(),
                        l.title.as_ref().map(|t| t.value.clone()),
                    )
                })
                .collect(),
            derived_from: p
                .derived_from
                .iter()
                .flat_map(|d| d.inputs.iter().map(|n| n.text.clone()))
                .collect(),
        }),
        ast::ItemKind::Scale(sc) => ItemModel::Scale(ScaleModel {
            levels: sc
                .levels
                .iter()
                .map(|l| {
                    (
                        l.name.text.clone(),
                        l.title.as_ref().map(|t| t.value.clone()),
                    )
                })
                .collect(),
        }),
        ast::ItemKind::Agreement(a) => ItemModel::Agreement(Arc::new(lower_agreement(a))),
    }
}

/// Index of a weekday word (Monday = 0).
#[must_use]
pub fn weekday(s: &str) -> Option<usize> {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .position(|d| *d == s)
}

/// The weekdays a day item covers (ranges include both ends and may wrap).
#[must_use]
pub fn day_item_days(d: &ast::DayItem) -> Vec<usize> {
    let Some(a) = weekday(&d.start.text) else {
        return Vec::new();
    };
    let Some(end) = &d.end else { return vec![a] };
    let Some(b) = weekday(&end.text) else {
        return Vec::new();
    };
    let len = (b + 7 - a) % 7;
    (0..=len).map(|i| (a + i) % 7).collect()
}

/// A time span as minutes `(start, end)`, the end past 1440 when it runs past midnight.
#[must_use]
pub fn span_minutes(t: &ast::TimeSpan) -> Option<(u16, u16)> {
    let (a, b) = (t.start.minutes?, t.end.minutes?);
    if a == b || a >= 1440 {
        return None;
    }
    Some(if b < a { (a, b + 1440) } else { (a, b) })
}

fn lower_calendar(c: &ast::Calendar) -> CalendarModel {
    let mut m = CalendarModel {
        defined_by: c.defined_by.as_ref().map(|d| d.value.clone()),
        ..CalendarModel::default()
    };
    for clause in &c.clauses {
        match &clause.kind {
            ast::CalendarClauseKind::Timezone(s) => m.timezone = Some(SmolStr::new(&s.value)),
            ast::CalendarClauseKind::ExceptNamed { name, .. } => {
                m.named_holidays.push(name.text.to_string());
            }
            ast::CalendarClauseKind::Hours { days, times } if times.is_empty() => {
                m.unstated_days.extend(days.iter().flat_map(day_item_days));
            }
            ast::CalendarClauseKind::Except(spans) => {
                for s in spans {
                    let Some(a) = s.start.first_day() else {
                        continue;
                    };
                    let b = s.end.as_ref().map_or(s.start.last_day(), DateLit::last_day);
                    if let Some(b) = b
                        && a <= b
                    {
                        m.except.push((a, b));
                    }
                }
            }
            ast::CalendarClauseKind::Hours { days, times } => {
                for d in days.iter().flat_map(day_item_days) {
                    for t in times.iter().filter_map(span_minutes) {
                        if let Some(day) = m.weekly.get_mut(d) {
                            day.push(t);
                        }
                    }
                }
            }
        }
    }
    for day in &mut m.weekly {
        day.sort_unstable();
        day.dedup();
    }
    m.except.sort_unstable();
    m.unstated_days.sort_unstable();
    m.unstated_days.dedup();
    m
}

fn lower_metric(m: &ast::Metric) -> MetricModel {
    let mut out = MetricModel {
        dim: None,
        better: None,
        category: None,
    };
    for c in &m.clauses {
        match &c.kind {
            ast::MetricClauseKind::Unit { kind, range } => {
                out.dim = match kind.text.as_str() {
                    "percent" => Some(Dim::Percent),
                    "duration" => Some(Dim::Duration),
                    "count" => Some(Dim::Count),
                    "rate" => Some(Dim::Rate),
                    "nps" => Some(Dim::Nps),
                    "money" => Some(Dim::Money),
                    "score" => range.as_ref().and_then(|(lo, hi)| {
                        let lo = whole(lo.value?)?;
                        let hi = whole(hi.value?)?;
                        (lo < hi).then_some(Dim::Score { lo, hi })
                    }),
                    _ => None,
                };
            }
            ast::MetricClauseKind::Better(n) => {
                out.better = match n.text.as_str() {
                    "higher" => Some(Better::Higher),
                    "lower" => Some(Better::Lower),
                    _ => None,
                };
            }
            ast::MetricClauseKind::Category(n) => {
                out.category = match n.text.as_str() {
                    "utility" => Some(Category::Utility),
                    "warranty" => Some(Category::Warranty),
                    "experience" => Some(Category::Experience),
                    "business" => Some(Category::Business),
                    _ => None,
                };
            }
        }
    }
    out
}

/// A whole number, or `None` for a fraction.
#[must_use]
pub fn whole(v: Decimal) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    if v.fract().is_zero() {
        v.to_i64()
    } else {
        None
    }
}

fn lower_agreement(a: &ast::Agreement) -> AgreementModel {
    let mut m = AgreementModel {
        kind: a.kind,
        service: a.service.text.clone(),
        provider: None,
        customer: None,
        valid: None,
        fee: None,
        targets: Vec::new(),
        supersedes: None,
        extends: None,
        prevails_over: Vec::new(),
    };
    for c in &a.clauses {
        match &c.kind {
            ast::BodyClauseKind::Provider(n) => {
                m.provider.get_or_insert_with(|| n.text.clone());
            }
            ast::BodyClauseKind::Customer(n) => {
                m.customer.get_or_insert_with(|| n.text.clone());
            }
            ast::BodyClauseKind::Valid(v) => {
                if m.valid.is_none()
                    && let Some(s) = v.start.first_day()
                {
                    m.valid = Some((s, v.end.as_ref().and_then(DateLit::last_day)));
                }
            }
            ast::BodyClauseKind::Fee(f) => {
                m.fee.get_or_insert_with(|| FeeModel {
                    currency: Some(f.amount.currency.text.clone()),
                    per: Period::parse(&f.per.text, false),
                    charges: false,
                });
            }
            ast::BodyClauseKind::FeeCharges(f) => {
                m.fee.get_or_insert_with(|| FeeModel {
                    currency: f.currency.as_ref().map(|c| c.text.clone()),
                    per: Period::parse(&f.per.text, false),
                    charges: true,
                });
            }
            ast::BodyClauseKind::Supersedes(n) => {
                m.supersedes.get_or_insert_with(|| n.text.clone());
            }
            ast::BodyClauseKind::Extends(n) => {
                m.extends.get_or_insert_with(|| n.text.clone());
            }
            ast::BodyClauseKind::PrevailsOver(refs) => {
                m.prevails_over.extend(refs.iter().filter_map(|r| match r {
                    ast::Noun::Word(n) => Some(n.text.clone()),
                    ast::Noun::Str(_) => None,
                }));
            }
            ast::BodyClauseKind::Target(t) => m.targets.push(lower_target(t)),
            _ => {}
        }
    }
    // Models live as long as the database: no room to grow.
    m.targets.shrink_to_fit();
    m
}

/// Lowers the expression of a condition into metric and aggregate.
#[must_use]
pub fn lower_expr(e: &ast::Expr) -> (Option<SmolStr>, Agg) {
    match e {
        ast::Expr::Metric(n) => (Some(n.text.clone()), Agg::None),
        ast::Expr::Call { func, args, .. } => {
            let metric_arg = |i: usize| match args.get(i) {
                Some(ast::Arg::Metric(n)) => Some(n.text.clone()),
                _ => None,
            };
            let one = args.len() == 1;
            match func.text.as_str() {
                "mean" if one => (metric_arg(0), Agg::Mean),
                "median" if one => (metric_arg(0), Agg::Median),
                "min" if one => (metric_arg(0), Agg::Min),
                "max" if one => (metric_arg(0), Agg::Max),
                "count" if one => (metric_arg(0), Agg::Count),
                "share" if one => match args.first() {
                    Some(ast::Arg::Compare {
                        metric, op, value, ..
                    }) => (
                        Some(metric.text.clone()),
                        Agg::Share {
                            op: *op,
                            value: Box::new(value::quantity(value)),
                        },
                    ),
                    _ => (None, Agg::Invalid),
                },
                "pct" if args.len() == 2 => match (args.first(), metric_arg(1)) {
                    (Some(ast::Arg::Value(q)), Some(m)) => match q.value {
                        Some(v) if v > Decimal::ZERO && v < Decimal::ONE_HUNDRED => {
                            (Some(m), Agg::Percentile(v / Decimal::ONE_HUNDRED))
                        }
                        _ => (Some(m), Agg::Invalid),
                    },
                    _ => (metric_arg(1), Agg::Invalid),
                },
                p if one && percentile_name(p).is_some() => (
                    metric_arg(0),
                    percentile_name(p).map_or(Agg::Invalid, |n| {
                        Agg::Percentile(Decimal::from(n) / Decimal::ONE_HUNDRED)
                    }),
                ),
                _ => (metric_arg(0), Agg::Invalid),
            }
        }
    }
}

/// `p95` → 95 (1 to 99).
#[must_use]
pub fn percentile_name(s: &str) -> Option<u8> {
    let n = s.strip_prefix('p')?;
    if n.starts_with('0') {
        return None;
    }
    n.parse::<u8>().ok().filter(|n| (1..=99).contains(n))
}

/// Lowers a support expression; a bare list means `all`.
#[must_use]
pub fn lower_support(s: &ast::Support) -> SupportExpr {
    match s {
        ast::Support::Path {
            agreement, target, ..
        } => SupportExpr::Path(agreement.text.clone(), target.text.clone()),
        ast::Support::Combinator { func, args, .. } => {
            let parts = args.iter().map(lower_support).collect();
            match func.text.as_str() {
                "all" => SupportExpr::All(parts),
                "any" => SupportExpr::Any(parts),
                "seq" => SupportExpr::Seq(parts),
                _ => SupportExpr::Invalid(parts),
            }
        }
        ast::Support::Bare(_) => SupportExpr::Invalid(Vec::new()),
    }
}

fn lower_target(t: &ast::Target) -> TargetSig {
    let (metric, agg) = lower_expr(&t.condition.expr);
    let mut sig = TargetSig {
        name: t.name.text.clone(),
        metric,
        agg,
        op: t.condition.op,
        value: value::cond_value(&t.condition.value),
        value_text: cond_text(&t.condition.value),
        share: None,
        scopes: Vec::new(),
        calendar: None,
        window: Window::Default,
        support: None,
        extra: None,
    };
    for c in &t.clauses {
        match c {
            ast::TargetClause::Qualifier(q) => apply_qualifier(&mut sig, q),
            ast::TargetClause::SupportedBy { supports, .. } => {
                if sig.support.is_none() {
                    sig.support = Some(Box::new(match supports.as_slice() {
                        [one] => lower_support(one),
                        many => SupportExpr::All(many.iter().map(lower_support).collect()),
                    }));
                }
            }
            ast::TargetClause::Rising { value: v, from, .. } => {
                sig.extra_mut()
                    .steps
                    .push((value::cond_value(v), from.first_day(), cond_text(v)))
            }
            ast::TargetClause::If { condition, .. } => {
                sig.extra_mut()
                    .condition
                    .get_or_insert_with(|| condition.value.clone());
            }
        }
    }
    sig
}

/// A condition value as written.
#[must_use]
pub fn cond_text(v: &ast::CondValue) -> SmolStr {
    match v {
        ast::CondValue::Quantity(q) => SmolStr::new(&q.text),
        ast::CondValue::Money(m) => {
            smol_str::format_smolstr!("{} {}", m.amount.text, m.currency.text)
        }
    }
}

fn apply_qualifier(sig: &mut TargetSig, q: &ast::Qualifier) {
    match &q.kind {
        ast::QualifierKind::For { share, .. } => {
            if sig.share.is_none()
                && let Value::Percent(f) = value::quantity(share)
            {
                sig.share = Some(f);
            }
        }
        ast::QualifierKind::Where(fields) => {
            for f in fields {
                let field = f.field.text.as_str();
                if let Err(at) = sig.scopes.binary_search_by(|(k, _)| k.as_str().cmp(field)) {
                    let values = f.values.iter().map(|v| SmolStr::new(v.text())).collect();
                    sig.scopes.insert(at, (f.field.text.clone(), values));
                }
            }
        }
        ast::QualifierKind::AtLeast { k, n, .. } => {
            let whole = |q: &abide_syntax::literal::Quantity| {
                q.value.and_then(whole).and_then(|v| u32::try_from(v).ok())
            };
            if sig.redundancy().is_none()
                && let (Some(k), Some(n)) = (whole(k), whole(n))
            {
                sig.extra_mut().redundancy = Some((k, n));
            }
        }
        ast::QualifierKind::During(n) => {
            sig.calendar.get_or_insert_with(|| n.text.clone());
        }
        ast::QualifierKind::Per(n) => {
            if sig.window == Window::Default
                && let Some(p) = Period::parse(&n.text, false)
            {
                sig.window = Window::Per(p);
            }
        }
        ast::QualifierKind::OverRolling(v) => {
            if sig.window == Window::Default
                && let Value::Duration(s) = value::quantity(v)
            {
                sig.window = Window::Rolling(s);
            }
        }
        ast::QualifierKind::InEach(n) => {
            if sig.in_each().is_none() {
                sig.extra_mut().in_each = Some(SmolStr::new(n.text()));
            }
        }
        ast::QualifierKind::MeasuredBy(_) => {}
        ast::QualifierKind::Excluding(xs) => {
            for x in xs {
                if let ast::Exclusion::Calendar(n) = x {
                    sig.extra_mut().excluding.push(n.text.clone());
                }
            }
        }
        ast::QualifierKind::Minimum(v) => {
            if sig.minimum().is_none() {
                sig.extra_mut().minimum = Some(value::cond_value(v));
            }
        }
    }
}
