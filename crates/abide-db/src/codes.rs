//! Semantic diagnostic codes (E02xx names, E03xx types, E04xx roles,
//! E05xx alignment) and lints. Data only: the checks live in `abide-check`.

use abide_syntax::Code;

use crate::registry::{Level, Lint};

/// `E0201` duplicate-name: a top-level name is declared more than once in the workspace.
pub const NAMES_DUPLICATE: Code = Code {
    id: "E0201",
    name: "duplicate-name",
    summary: "a top-level name is declared more than once in the workspace",
    explanation: include_str!("explain/E0201.md"),
};
/// `E0202` prelude-redefined: a declaration reuses the name of a prelude metric, scale or calendar.
pub const PRELUDE_REDEFINED: Code = Code {
    id: "E0202",
    name: "prelude-redefined",
    summary: "a declaration reuses the name of a prelude metric, scale or calendar",
    explanation: include_str!("explain/E0202.md"),
};
/// `E0203` unknown-name: a name that no declaration in the workspace or the prelude defines.
pub const UNKNOWN_NAME: Code = Code {
    id: "E0203",
    name: "unknown-name",
    summary: "a name that no declaration in the workspace or the prelude defines",
    explanation: include_str!("explain/E0203.md"),
};
/// `E0204` wrong-kind: a name refers to a declaration of the wrong kind (a party where a calendar is needed).
pub const WRONG_KIND: Code = Code {
    id: "E0204",
    name: "wrong-kind",
    summary: "a name refers to a declaration of the wrong kind (a party where a calendar is needed)",
    explanation: include_str!("explain/E0204.md"),
};
/// `E0205` unknown-target: `agreement.target` names a target the agreement does not have.
pub const UNKNOWN_TARGET: Code = Code {
    id: "E0205",
    name: "unknown-target",
    summary: "`agreement.target` names a target the agreement does not have",
    explanation: include_str!("explain/E0205.md"),
};
/// `E0206` bare-supporter: a supporter is written as a single name instead of `agreement.target`.
pub const BARE_SUPPORTER: Code = Code {
    id: "E0206",
    name: "bare-supporter",
    summary: "a supporter is written as a single name instead of `agreement.target`",
    explanation: include_str!("explain/E0206.md"),
};
/// `E0207` unknown-word: a word outside its fixed vocabulary (party kind, status, period, day, unit, aggregate, combinator …).
pub const UNKNOWN_WORD: Code = Code {
    id: "E0207",
    name: "unknown-word",
    summary: "a word outside its fixed vocabulary (party kind, status, period, day, unit, aggregate, combinator …)",
    explanation: include_str!("explain/E0207.md"),
};
/// `E0208` repeated-clause: a clause or qualifier that may appear once appears twice.
pub const REPEATED_CLAUSE: Code = Code {
    id: "E0208",
    name: "repeated-clause",
    summary: "a clause or qualifier that may appear once appears twice",
    explanation: include_str!("explain/E0208.md"),
};
/// `E0209` missing-clause: a required clause is missing (metric unit, agreement provider …).
pub const MISSING_CLAUSE: Code = Code {
    id: "E0209",
    name: "missing-clause",
    summary: "a required clause is missing (metric unit, agreement provider …)",
    explanation: include_str!("explain/E0209.md"),
};
/// `E0210` unknown-level: a scope names a priority level its scale does not have.
pub const UNKNOWN_LEVEL: Code = Code {
    id: "E0210",
    name: "unknown-level",
    summary: "a scope names a priority level its scale does not have",
    explanation: include_str!("explain/E0210.md"),
};
/// `E0301` unit-mismatch: a value's unit does not match the metric's unit.
pub const UNIT_MISMATCH: Code = Code {
    id: "E0301",
    name: "unit-mismatch",
    summary: "a value's unit does not match the metric's unit",
    explanation: include_str!("explain/E0301.md"),
};
/// `E0302` value-out-of-range: a value outside its range: percentages 0–100 %, scores on their scale, NPS −100..+100.
pub const VALUE_OUT_OF_RANGE: Code = Code {
    id: "E0302",
    name: "value-out-of-range",
    summary: "a value outside its range: percentages 0–100 %, scores on their scale, NPS −100..+100",
    explanation: include_str!("explain/E0302.md"),
};
/// `E0303` not-a-whole-number: a count or score bound that is not a whole number.
pub const NOT_A_WHOLE_NUMBER: Code = Code {
    id: "E0303",
    name: "not-a-whole-number",
    summary: "a count or score bound that is not a whole number",
    explanation: include_str!("explain/E0303.md"),
};
/// `E0304` signed-value: a `+` or `-` sign on a percentage, duration, rate or count.
pub const SIGNED_VALUE: Code = Code {
    id: "E0304",
    name: "signed-value",
    summary: "a `+` or `-` sign on a percentage, duration, rate or count",
    explanation: include_str!("explain/E0304.md"),
};
/// `E0305` currency-mismatch: money in another currency than the agreement's fee.
pub const CURRENCY_MISMATCH: Code = Code {
    id: "E0305",
    name: "currency-mismatch",
    summary: "money in another currency than the agreement's fee",
    explanation: include_str!("explain/E0305.md"),
};
/// `E0306` fee-required: `% of fee` in an agreement without a `fee`.
pub const FEE_REQUIRED: Code = Code {
    id: "E0306",
    name: "fee-required",
    summary: "`% of fee` in an agreement without a `fee`",
    explanation: include_str!("explain/E0306.md"),
};
/// `E0307` bad-aggregate: an aggregate with the wrong arguments, or `for N%` combined with an aggregate.
pub const BAD_AGGREGATE: Code = Code {
    id: "E0307",
    name: "bad-aggregate",
    summary: "an aggregate with the wrong arguments, or `for N%` combined with an aggregate",
    explanation: include_str!("explain/E0307.md"),
};
/// `E0308` business-days: `bd` without a business calendar, or on a calendar whose days differ in length.
pub const BUSINESS_DAYS: Code = Code {
    id: "E0308",
    name: "business-days",
    summary: "`bd` without a business calendar, or on a calendar whose days differ in length",
    explanation: include_str!("explain/E0308.md"),
};
/// `E0309` not-composable: supporters that cannot be composed into the target's figure (other dimension, direction or combinator).
pub const NOT_COMPOSABLE: Code = Code {
    id: "E0309",
    name: "not-composable",
    summary: "supporters that cannot be composed into the target's figure (other dimension, direction or combinator)",
    explanation: include_str!("explain/E0309.md"),
};
/// `E0310` unknown-timezone: a calendar's time zone is not in the IANA database.
pub const UNKNOWN_TIMEZONE: Code = Code {
    id: "E0310",
    name: "unknown-timezone",
    summary: "a calendar's time zone is not in the IANA database",
    explanation: include_str!("explain/E0310.md"),
};
/// `E0311` empty-range: an empty or reversed range: time span, date range, validity or score scale.
pub const EMPTY_RANGE: Code = Code {
    id: "E0311",
    name: "empty-range",
    summary: "an empty or reversed range: time span, date range, validity or score scale",
    explanation: include_str!("explain/E0311.md"),
};
/// `E0312` bad-step: a `rising to` step that does not improve, is out of date order or outside the validity.
pub const BAD_STEP: Code = Code {
    id: "E0312",
    name: "bad-step",
    summary: "a `rising to` step that does not improve, is out of date order or outside the validity",
    explanation: include_str!("explain/E0312.md"),
};
/// `E0313` bad-minimum: a `minimum` that is not looser than the target's bound.
pub const BAD_MINIMUM: Code = Code {
    id: "E0313",
    name: "bad-minimum",
    summary: "a `minimum` that is not looser than the target's bound",
    explanation: include_str!("explain/E0313.md"),
};
/// `E0314` over-full-fee: a credit, reward or cap above 100 % of the fee.
pub const OVER_FULL_FEE: Code = Code {
    id: "E0314",
    name: "over-full-fee",
    summary: "a credit, reward or cap above 100 % of the fee",
    explanation: include_str!("explain/E0314.md"),
};
/// `E0315` review-in-future: the `last` review date is after today.
pub const REVIEW_IN_FUTURE: Code = Code {
    id: "E0315",
    name: "review-in-future",
    summary: "the `last` review date is after today",
    explanation: include_str!("explain/E0315.md"),
};
/// `E0316` excluded-everything: an exclusion calendar covers every hour of the target's calendar.
pub const EXCLUDED_EVERYTHING: Code = Code {
    id: "E0316",
    name: "excluded-everything",
    summary: "an exclusion calendar covers every hour of the target's calendar",
    explanation: include_str!("explain/E0316.md"),
};
/// `E0401` provider-role: the provider's kind does not fit the agreement kind.
pub const PROVIDER_ROLE: Code = Code {
    id: "E0401",
    name: "provider-role",
    summary: "the provider's kind does not fit the agreement kind",
    explanation: include_str!("explain/E0401.md"),
};
/// `E0402` customer-role: the customer's kind does not fit the agreement kind.
pub const CUSTOMER_ROLE: Code = Code {
    id: "E0402",
    name: "customer-role",
    summary: "the customer's kind does not fit the agreement kind",
    explanation: include_str!("explain/E0402.md"),
};
/// `E0403` team-of-non-organization: `team of X` where X is not an organization.
pub const TEAM_OF_NON_ORGANIZATION: Code = Code {
    id: "E0403",
    name: "team-of-non-organization",
    summary: "`team of X` where X is not an organization",
    explanation: include_str!("explain/E0403.md"),
};
/// `E0404` of-on-non-team: `of X` on a party that is not a team.
pub const OF_ON_NON_TEAM: Code = Code {
    id: "E0404",
    name: "of-on-non-team",
    summary: "`of X` on a party that is not a team",
    explanation: include_str!("explain/E0404.md"),
};
/// `E0405` ola-across-organizations: an OLA between parties of different organizations.
pub const OLA_ACROSS_ORGANIZATIONS: Code = Code {
    id: "E0405",
    name: "ola-across-organizations",
    summary: "an OLA between parties of different organizations",
    explanation: include_str!("explain/E0405.md"),
};
/// `E0406` service-roles: a service owner that is not an organization or team, or users that are not users or customers.
pub const SERVICE_ROLES: Code = Code {
    id: "E0406",
    name: "service-roles",
    summary: "a service owner that is not an organization or team, or users that are not users or customers",
    explanation: include_str!("explain/E0406.md"),
};
/// `E0501` misaligned: the supporters of a target promise less than the target does.
pub const MISALIGNED: Code = Code {
    id: "E0501",
    name: "misaligned",
    summary: "the supporters of a target promise less than the target does",
    explanation: include_str!("explain/E0501.md"),
};
/// `E0502` support-cycle: targets support each other in a cycle.
pub const SUPPORT_CYCLE: Code = Code {
    id: "E0502",
    name: "support-cycle",
    summary: "targets support each other in a cycle",
    explanation: include_str!("explain/E0502.md"),
};
/// `E0503` self-support: a target is supported by a target of its own agreement.
pub const SELF_SUPPORT: Code = Code {
    id: "E0503",
    name: "self-support",
    summary: "a target is supported by a target of its own agreement",
    explanation: include_str!("explain/E0503.md"),
};
/// `E0504` supporter-kind: a supporter that cannot underpin the target (an XLA, or an SLA of the same service).
pub const SUPPORTER_KIND: Code = Code {
    id: "E0504",
    name: "supporter-kind",
    summary: "a supporter that cannot underpin the target (an XLA, or an SLA of the same service)",
    explanation: include_str!("explain/E0504.md"),
};
/// `E0505` scope-mismatch: a supporter scoped to other cases than the target.
pub const SCOPE_MISMATCH: Code = Code {
    id: "E0505",
    name: "scope-mismatch",
    summary: "a supporter scoped to other cases than the target",
    explanation: include_str!("explain/E0505.md"),
};
/// `E0506` credit-while-met: a credit that would be paid while its target is met.
pub const CREDIT_WHILE_MET: Code = Code {
    id: "E0506",
    name: "credit-while-met",
    summary: "a credit that would be paid while its target is met",
    explanation: include_str!("explain/E0506.md"),
};
/// `E0507` reward-while-missed: a reward that would be paid while its target is missed.
pub const REWARD_WHILE_MISSED: Code = Code {
    id: "E0507",
    name: "reward-while-missed",
    summary: "a reward that would be paid while its target is missed",
    explanation: include_str!("explain/E0507.md"),
};
/// `E0508` credit-tiers: credit tiers that do not grow as performance gets worse, or two tiers with the same amount.
pub const CREDIT_TIERS: Code = Code {
    id: "E0508",
    name: "credit-tiers",
    summary: "credit tiers that do not grow as performance gets worse, or two tiers with the same amount",
    explanation: include_str!("explain/E0508.md"),
};
/// `E0509` ambiguous-credit: a credit or reward whose condition matches more than one target.
pub const AMBIGUOUS_CREDIT: Code = Code {
    id: "E0509",
    name: "ambiguous-credit",
    summary: "a credit or reward whose condition matches more than one target",
    explanation: include_str!("explain/E0509.md"),
};
/// `E0211` priority-matrix: a priority matrix that is not total: a missing or repeated cell, a cell of the wrong size or an unknown scale level.
pub const PRIORITY_MATRIX: Code = Code {
    id: "E0211",
    name: "priority-matrix",
    summary: "a priority matrix that is not total: a missing or repeated cell, a cell of the wrong size or an unknown scale level",
    explanation: include_str!("explain/E0211.md"),
};
/// `E0212` bad-supersedes: `supersedes` names something other than an earlier agreement of the same kind for the same service.
pub const BAD_SUPERSEDES: Code = Code {
    id: "E0212",
    name: "bad-supersedes",
    summary: "`supersedes` names something other than an earlier agreement of the same kind for the same service",
    explanation: include_str!("explain/E0212.md"),
};
/// `E0317` payment-terms: conflicting or repeated credit payment terms (`refundable` and `not refundable`).
pub const PAYMENT_TERMS: Code = Code {
    id: "E0317",
    name: "payment-terms",
    summary: "conflicting or repeated credit payment terms (`refundable` and `not refundable`)",
    explanation: include_str!("explain/E0317.md"),
};
/// `E0318` bad-claim: a claim window that is not a positive duration, or `bd` without `during` a business calendar.
pub const BAD_CLAIM: Code = Code {
    id: "E0318",
    name: "bad-claim",
    summary: "a claim window that is not a positive duration, or `bd` without `during` a business calendar",
    explanation: include_str!("explain/E0318.md"),
};
/// `E0319` bad-notice: a change notice that is not a positive duration, or a change limit that is not a positive whole number.
pub const BAD_NOTICE: Code = Code {
    id: "E0319",
    name: "bad-notice",
    summary: "a change notice that is not a positive duration, or a change limit that is not a positive whole number",
    explanation: include_str!("explain/E0319.md"),
};
/// `E0320` bad-bucket: an error-rate bucket that is not a positive duration or does not divide the target's window.
pub const BAD_BUCKET: Code = Code {
    id: "E0320",
    name: "bad-bucket",
    summary: "an error-rate bucket that is not a positive duration or does not divide the target's window",
    explanation: include_str!("explain/E0320.md"),
};
/// `E0321` hours-not-stated: days without hours in a calendar that is not `defined by` another document.
pub const HOURS_NOT_STATED: Code = Code {
    id: "E0321",
    name: "hours-not-stated",
    summary: "days without hours in a calendar that is not `defined by` another document",
    explanation: include_str!("explain/E0321.md"),
};
/// `E0322` priority-not-monotone: a priority matrix in which more impact or urgency gives a lower priority.
pub const PRIORITY_NOT_MONOTONE: Code = Code {
    id: "E0322",
    name: "priority-not-monotone",
    summary: "a priority matrix in which more impact or urgency gives a lower priority",
    explanation: include_str!("explain/E0322.md"),
};
/// `E0323` threshold-overlap: priority thresholds that overlap, leave gaps or are out of order.
pub const THRESHOLD_OVERLAP: Code = Code {
    id: "E0323",
    name: "threshold-overlap",
    summary: "priority thresholds that overlap, leave gaps or are out of order",
    explanation: include_str!("explain/E0323.md"),
};
/// `E0324` bad-redundancy: `in at least K of N` with K or N not whole, K below 1 or K above N.
pub const BAD_REDUNDANCY: Code = Code {
    id: "E0324",
    name: "bad-redundancy",
    summary: "`in at least K of N` with K or N not whole, K below 1 or K above N",
    explanation: include_str!("explain/E0324.md"),
};
/// `E0407` change-party: `changes by` names a party that is neither the provider nor the customer of the agreement.
pub const CHANGE_PARTY: Code = Code {
    id: "E0407",
    name: "change-party",
    summary: "`changes by` names a party that is neither the provider nor the customer of the agreement",
    explanation: include_str!("explain/E0407.md"),
};
/// `E0510` action-while-met: an action whose trigger holds while the target is still met.
pub const ACTION_WHILE_MET: Code = Code {
    id: "E0510",
    name: "action-while-met",
    summary: "an action whose trigger holds while the target is still met",
    explanation: include_str!("explain/E0510.md"),
};
/// `E0511` action-order: a harsher action (listed later) with a milder trigger than an earlier one.
pub const ACTION_ORDER: Code = Code {
    id: "E0511",
    name: "action-order",
    summary: "a harsher action (listed later) with a milder trigger than an earlier one",
    explanation: include_str!("explain/E0511.md"),
};
/// `E0512` supersession-cycle: agreements that supersede each other in a cycle, or two successors of one agreement.
pub const SUPERSESSION_CYCLE: Code = Code {
    id: "E0512",
    name: "supersession-cycle",
    summary: "agreements that supersede each other in a cycle, or two successors of one agreement",
    explanation: include_str!("explain/E0512.md"),
};
/// `E0513` layering-cycle: `extends` or `prevails over` that make document precedence circular.
pub const LAYERING_CYCLE: Code = Code {
    id: "E0513",
    name: "layering-cycle",
    summary: "`extends` or `prevails over` that make document precedence circular",
    explanation: include_str!("explain/E0513.md"),
};

/// Every semantic code, in code order.
pub const ALL: &[Code] = &[
    NAMES_DUPLICATE,
    PRELUDE_REDEFINED,
    UNKNOWN_NAME,
    WRONG_KIND,
    UNKNOWN_TARGET,
    BARE_SUPPORTER,
    UNKNOWN_WORD,
    REPEATED_CLAUSE,
    MISSING_CLAUSE,
    UNKNOWN_LEVEL,
    UNIT_MISMATCH,
    VALUE_OUT_OF_RANGE,
    NOT_A_WHOLE_NUMBER,
    SIGNED_VALUE,
    CURRENCY_MISMATCH,
    FEE_REQUIRED,
    BAD_AGGREGATE,
    BUSINESS_DAYS,
    NOT_COMPOSABLE,
    UNKNOWN_TIMEZONE,
    EMPTY_RANGE,
    BAD_STEP,
    BAD_MINIMUM,
    OVER_FULL_FEE,
    REVIEW_IN_FUTURE,
    EXCLUDED_EVERYTHING,
    PROVIDER_ROLE,
    CUSTOMER_ROLE,
    TEAM_OF_NON_ORGANIZATION,
    OF_ON_NON_TEAM,
    OLA_ACROSS_ORGANIZATIONS,
    SERVICE_ROLES,
    MISALIGNED,
    SUPPORT_CYCLE,
    SELF_SUPPORT,
    SUPPORTER_KIND,
    SCOPE_MISMATCH,
    CREDIT_WHILE_MET,
    REWARD_WHILE_MISSED,
    CREDIT_TIERS,
    AMBIGUOUS_CREDIT,
    PRIORITY_MATRIX,
    BAD_SUPERSEDES,
    PAYMENT_TERMS,
    BAD_CLAIM,
    BAD_NOTICE,
    BAD_BUCKET,
    HOURS_NOT_STATED,
    PRIORITY_NOT_MONOTONE,
    THRESHOLD_OVERLAP,
    BAD_REDUNDANCY,
    CHANGE_PARTY,
    ACTION_WHILE_MET,
    ACTION_ORDER,
    SUPERSESSION_CYCLE,
    LAYERING_CYCLE,
];

/// Lint `watermelon`: a service with SLA targets but no experience measure.
pub const WATERMELON: Lint = Lint {
    name: "watermelon",
    default: Level::Warn,
    summary: "a service with SLA targets but no experience measure",
    explanation: include_str!("explain/watermelon.md"),
};
/// Lint `missing-measurement`: a target without `measured by`.
pub const MISSING_MEASUREMENT: Lint = Lint {
    name: "missing-measurement",
    default: Level::Info,
    summary: "a target without `measured by`",
    explanation: include_str!("explain/missing-measurement.md"),
};
/// Lint `missing-owner`: a service without an `owner`.
pub const MISSING_OWNER: Lint = Lint {
    name: "missing-owner",
    default: Level::Warn,
    summary: "a service without an `owner`",
    explanation: include_str!("explain/missing-owner.md"),
};
/// Lint `missing-review`: an XLA without a review cadence.
pub const MISSING_REVIEW: Lint = Lint {
    name: "missing-review",
    default: Level::Warn,
    summary: "an XLA without a review cadence",
    explanation: include_str!("explain/missing-review.md"),
};
/// Lint `review-cadence`: an XLA reviewed less often than quarterly, or an SLA outside monthly to quarterly.
pub const REVIEW_CADENCE: Lint = Lint {
    name: "review-cadence",
    default: Level::Warn,
    summary: "an XLA reviewed less often than quarterly, or an SLA outside monthly to quarterly",
    explanation: include_str!("explain/review-cadence.md"),
};
/// Lint `overdue-review`: the last review plus the cadence lies before today.
pub const OVERDUE_REVIEW: Lint = Lint {
    name: "overdue-review",
    default: Level::Warn,
    summary: "the last review plus the cadence lies before today",
    explanation: include_str!("explain/overdue-review.md"),
};
/// Lint `expired`: the agreement's validity ended before today.
pub const EXPIRED: Lint = Lint {
    name: "expired",
    default: Level::Warn,
    summary: "the agreement's validity ended before today",
    explanation: include_str!("explain/expired.md"),
};
/// Lint `expiring`: the agreement's validity ends within 30 days.
pub const EXPIRING: Lint = Lint {
    name: "expiring",
    default: Level::Info,
    summary: "the agreement's validity ends within 30 days",
    explanation: include_str!("explain/expiring.md"),
};
/// Lint `inverted-bound`: a bound that points the wrong way for the metric.
pub const INVERTED_BOUND: Lint = Lint {
    name: "inverted-bound",
    default: Level::Warn,
    summary: "a bound that points the wrong way for the metric",
    explanation: include_str!("explain/inverted-bound.md"),
};
/// Lint `xla-output-metric`: an XLA target on an output (utility or warranty) metric.
pub const XLA_OUTPUT_METRIC: Lint = Lint {
    name: "xla-output-metric",
    default: Level::Warn,
    summary: "an XLA target on an output (utility or warranty) metric",
    explanation: include_str!("explain/xla-output-metric.md"),
};
/// Lint `priority-order`: a more urgent priority gets a looser target than a less urgent one.
pub const PRIORITY_ORDER: Lint = Lint {
    name: "priority-order",
    default: Level::Warn,
    summary: "a more urgent priority gets a looser target than a less urgent one",
    explanation: include_str!("explain/priority-order.md"),
};
/// Lint `unused-agreement`: an OLA or contract that supports no target.
pub const UNUSED_AGREEMENT: Lint = Lint {
    name: "unused-agreement",
    default: Level::Info,
    summary: "an OLA or contract that supports no target",
    explanation: include_str!("explain/unused-agreement.md"),
};
/// Lint `uncovered-hours`: a supporter's calendar does not cover the target's hours.
pub const UNCOVERED_HOURS: Lint = Lint {
    name: "uncovered-hours",
    default: Level::Warn,
    summary: "a supporter's calendar does not cover the target's hours",
    explanation: include_str!("explain/uncovered-hours.md"),
};
/// Lint `diluted-support`: a supporter measured over a wider calendar can fall below the target inside the target's hours.
pub const DILUTED_SUPPORT: Lint = Lint {
    name: "diluted-support",
    default: Level::Warn,
    summary: "a supporter measured over a wider calendar can fall below the target inside the target's hours",
    explanation: include_str!("explain/diluted-support.md"),
};
/// Lint `percentile-budget`: the supporters' shares of cases do not add up to the target's share.
pub const PERCENTILE_BUDGET: Lint = Lint {
    name: "percentile-budget",
    default: Level::Warn,
    summary: "the supporters' shares of cases do not add up to the target's share",
    explanation: include_str!("explain/percentile-budget.md"),
};
/// Lint `calendar-day-unit`: `d` or `w` under a calendar that is not 24×7 (did you mean `bd`?).
pub const CALENDAR_DAY_UNIT: Lint = Lint {
    name: "calendar-day-unit",
    default: Level::Warn,
    summary: "`d` or `w` under a calendar that is not 24×7 (did you mean `bd`?)",
    explanation: include_str!("explain/calendar-day-unit.md"),
};
/// Lint `credit-above-minimum`: a credit that triggers above the target's minimum level.
pub const CREDIT_ABOVE_MINIMUM: Lint = Lint {
    name: "credit-above-minimum",
    default: Level::Info,
    summary: "a credit that triggers above the target's minimum level",
    explanation: include_str!("explain/credit-above-minimum.md"),
};
/// Lint `unknown-scope-field`: a `where` field one typo away from a priority scale's name.
pub const UNKNOWN_SCOPE_FIELD: Lint = Lint {
    name: "unknown-scope-field",
    default: Level::Warn,
    summary: "a `where` field one typo away from a priority scale's name",
    explanation: include_str!("explain/unknown-scope-field.md"),
};
/// Lint `fee-period-mismatch`: a `% of fee` remedy on a target whose window differs from the fee's period.
pub const FEE_PERIOD_MISMATCH: Lint = Lint {
    name: "fee-period-mismatch",
    default: Level::Warn,
    summary: "a `% of fee` remedy on a target whose window differs from the fee's period",
    explanation: include_str!("explain/fee-period-mismatch.md"),
};
/// Lint `unreachable-credit`: a credit tier smaller than the payment minimum, so it is never paid.
pub const UNREACHABLE_CREDIT: Lint = Lint {
    name: "unreachable-credit",
    default: Level::Warn,
    summary: "a credit tier smaller than the payment minimum, so it is never paid",
    explanation: include_str!("explain/unreachable-credit.md"),
};
/// Lint `claim-before-window-end`: a claim deadline that can pass before the window whose figure decides the claim has ended.
pub const CLAIM_BEFORE_WINDOW_END: Lint = Lint {
    name: "claim-before-window-end",
    default: Level::Warn,
    summary: "a claim deadline that can pass before the window whose figure decides the claim has ended",
    explanation: include_str!("explain/claim-before-window-end.md"),
};
/// Lint `unilateral-change`: the provider may change the agreement on its own.
pub const UNILATERAL_CHANGE: Lint = Lint {
    name: "unilateral-change",
    default: Level::Info,
    summary: "the provider may change the agreement on its own",
    explanation: include_str!("explain/unilateral-change.md"),
};
/// Lint `unused-priority`: a level of a derived priority scale that no cell or threshold produces.
pub const UNUSED_PRIORITY: Lint = Lint {
    name: "unused-priority",
    default: Level::Warn,
    summary: "a level of a derived priority scale that no cell or threshold produces",
    explanation: include_str!("explain/unused-priority.md"),
};
/// Lint `unknown-hours`: support or coverage cannot be verified because a calendar's hours are defined by another document.
pub const UNKNOWN_HOURS: Lint = Lint {
    name: "unknown-hours",
    default: Level::Warn,
    summary: "support or coverage cannot be verified because a calendar's hours are defined by another document",
    explanation: include_str!("explain/unknown-hours.md"),
};
/// Lint `conditional-support`: a target that holds only under a condition supports an unconditional one.
pub const CONDITIONAL_SUPPORT: Lint = Lint {
    name: "conditional-support",
    default: Level::Warn,
    summary: "a target that holds only under a condition supports an unconditional one",
    explanation: include_str!("explain/conditional-support.md"),
};
/// Lint `validity-gap`: days between the end of an agreement and the start of the one that supersedes it.
pub const VALIDITY_GAP: Lint = Lint {
    name: "validity-gap",
    default: Level::Warn,
    summary: "days between the end of an agreement and the start of the one that supersedes it",
    explanation: include_str!("explain/validity-gap.md"),
};
/// Lint `validity-overlap`: an agreement and the one that supersedes it are both in force on some days.
pub const VALIDITY_OVERLAP: Lint = Lint {
    name: "validity-overlap",
    default: Level::Warn,
    summary: "an agreement and the one that supersedes it are both in force on some days",
    explanation: include_str!("explain/validity-overlap.md"),
};
/// Lint `layer-loosens`: an extending agreement's target is looser than the same target of the agreement it extends.
pub const LAYER_LOOSENS: Lint = Lint {
    name: "layer-loosens",
    default: Level::Warn,
    summary: "an extending agreement's target is looser than the same target of the agreement it extends",
    explanation: include_str!("explain/layer-loosens.md"),
};

/// Every semantic lint.
pub const LINTS: &[Lint] = &[
    WATERMELON,
    MISSING_MEASUREMENT,
    MISSING_OWNER,
    MISSING_REVIEW,
    REVIEW_CADENCE,
    OVERDUE_REVIEW,
    EXPIRED,
    EXPIRING,
    INVERTED_BOUND,
    XLA_OUTPUT_METRIC,
    PRIORITY_ORDER,
    UNUSED_AGREEMENT,
    UNCOVERED_HOURS,
    DILUTED_SUPPORT,
    PERCENTILE_BUDGET,
    CALENDAR_DAY_UNIT,
    CREDIT_ABOVE_MINIMUM,
    UNKNOWN_SCOPE_FIELD,
    FEE_PERIOD_MISMATCH,
    UNREACHABLE_CREDIT,
    CLAIM_BEFORE_WINDOW_END,
    UNILATERAL_CHANGE,
    UNUSED_PRIORITY,
    UNKNOWN_HOURS,
    CONDITIONAL_SUPPORT,
    VALIDITY_GAP,
    VALIDITY_OVERLAP,
    LAYER_LOOSENS,
];
