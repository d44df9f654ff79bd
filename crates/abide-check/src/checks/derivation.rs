//! Ordered scales and derived priorities (LANGUAGE.md §7 "deriving
//! priority"): `scale` declarations, priority matrices (total and
//! monotone) and threshold forms (ordered, no overlap), `unused-priority`.
//!
//! Scales list their levels highest first and priorities list theirs most
//! urgent first, so "higher" and "more urgent" are both a smaller index:
//! the rules below compare indexes only.

use std::collections::BTreeMap;

use abide_db::codes;
use abide_syntax::Span;
use abide_syntax::ast::{self, Cmp, LevelRule};
use rust_decimal::Decimal;

use super::Cx;
use super::names::resolve;
use crate::diag::{self, DiagExt};
use crate::model::ItemModel;
use crate::scope::ItemTag;
use crate::value::{self, Value};

/// Matrices larger than this are not enumerated for totality (a typo in
/// a scale must not make the checker enumerate millions of cells).
const MAX_CELLS: usize = 4096;

/// Checks a `scale` declaration.
pub fn scale(cx: &mut Cx<'_>, s: &ast::Scale) {
    let once = super::items::levels(
        cx,
        &s.name,
        &s.levels,
        "scale",
        "list the levels, highest first: `high \"whole campus\" medium \"one building\" low`",
    );
    for l in once {
        if let Some(r) = l.rule.first() {
            cx.push(
                diag::error(
                    codes::PRIORITY_MATRIX,
                    cx.file,
                    rule_span(r),
                    format!(
                        "the levels of scale `{}` are not derived, so they take no `when`",
                        s.name.text
                    ),
                    "`when` on a scale level",
                )
                .help(format!(
                    "remove `when …`, or derive a priority from it: `priorities p from {} {{ … }}`",
                    s.name.text
                )),
            );
        }
    }
}

/// Checks the derivation (`from …` and `when …`) of a `priorities` scale.
pub fn priorities(cx: &mut Cx<'_>, p: &ast::Priorities) {
    let rules: Vec<&LevelRule> = p.levels.iter().flat_map(|l| l.rule.iter()).collect();
    let Some(from) = &p.derived_from else {
        if let Some(r) = rules.first() {
            cx.push(
                diag::error(
                    codes::PRIORITY_MATRIX,
                    cx.file,
                    rule_span(r),
                    format!(
                        "priority scale `{}` is not derived, so its levels take no `when`",
                        p.name.text
                    ),
                    "`when` without `from`",
                )
                .help(format!(
                    "write what it is derived from after the title (`priorities {} from urgency x impact`, or `from affected_users` for thresholds), or remove the `when` rules",
                    p.name.text
                )),
            );
        }
        return;
    };
    let cell = rules.iter().find(|r| matches!(r, LevelRule::Cell { .. }));
    let threshold = rules
        .iter()
        .find(|r| matches!(r, LevelRule::Threshold { .. }));
    match (cell, threshold) {
        (Some(c), Some(t)) => cx.push(
            diag::error(
                codes::PRIORITY_MATRIX,
                cx.file,
                rule_span(t),
                format!("`{}` mixes matrix cells and thresholds", p.name.text),
                "a threshold",
            )
            .also(cx.file, rule_span(c), "a matrix cell")
            .help("derive from scales with cells such as `(high, low)` only, or from one measured field with thresholds such as `>= 100` only"),
        ),
        (None, Some(_)) => thresholds(cx, p, from),
        _ => matrix(cx, p, from),
    }
    unused(cx, p);
}

/// `unused-priority`: a level that no rule produces.
fn unused(cx: &mut Cx<'_>, p: &ast::Priorities) {
    for l in &p.levels {
        if l.rule.is_empty() {
            cx.push(
                diag::lint(
                    codes::UNUSED_PRIORITY,
                    cx.file,
                    l.name.span,
                    format!(
                        "level `{}` of `{}` is never given: no cell or threshold produces it",
                        l.name.text, p.name.text
                    ),
                    "never produced",
                )
                .note("the levels of a derived priority come only from their `when` rules")
                .help(format!(
                    "give `{}` cells or a threshold with `when …`, or remove the level",
                    l.name.text
                )),
            );
        }
    }
}

fn rule_span(r: &LevelRule) -> Span {
    match r {
        LevelRule::Cell { span, .. } | LevelRule::Threshold { span, .. } => *span,
    }
}

/// `(high, low)`, from level indexes.
fn show_cell(idx: &[usize], scales: &[(&ast::Name, Vec<String>)]) -> String {
    let parts: Vec<&str> = idx
        .iter()
        .zip(scales)
        .map(|(i, (_, levels))| levels.get(*i).map_or("?", String::as_str))
        .collect();
    format!("({})", parts.join(", "))
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The matrix form: cells of the input scales' levels.
#[expect(
    clippy::too_many_lines,
    reason = "cell shape, totality and monotonicity read the same cells"
)]
fn matrix(cx: &mut Cx<'_>, p: &ast::Priorities, from: &ast::Derivation) {
    let no_rules = p.levels.iter().all(|l| l.rule.is_empty());
    if no_rules
        && let [input] = from.inputs.as_slice()
        && cx.scope.get(&input.text).is_none()
    {
        // `from affected_users` without any rule: a threshold form still to
        // be written; `unused-priority` says so for every level.
        return;
    }
    let mut scales: Vec<(&ast::Name, Vec<String>)> = Vec::new();
    let mut resolved = true;
    for input in &from.inputs {
        if resolve(cx, input, &[ItemTag::Scale], "scale").is_none() {
            resolved = false;
            continue;
        }
        match cx.m.model(&input.text) {
            Some(ItemModel::Scale(s)) => {
                scales.push((input, s.levels.iter().map(|l| l.0.to_string()).collect()));
            }
            _ => resolved = false,
        }
    }
    if !resolved || scales.is_empty() {
        return;
    }
    let names = from
        .inputs
        .iter()
        .map(|n| n.text.as_str())
        .collect::<Vec<_>>()
        .join(" x ");

    // Every cell: its shape, its levels, and whether it was given before.
    let mut cells: BTreeMap<Vec<usize>, (usize, Span)> = BTreeMap::new();
    let mut all_valid = true;
    for (pi, level) in p.levels.iter().enumerate() {
        for r in &level.rule {
            let LevelRule::Cell { levels, span } = r else {
                continue;
            };
            if levels.len() != scales.len() {
                let example = scales
                    .iter()
                    .map(|(_, l)| l.first().map_or("…", String::as_str))
                    .collect::<Vec<_>>()
                    .join(", ");
                cx.push(
                    diag::error(
                        codes::PRIORITY_MATRIX,
                        cx.file,
                        *span,
                        format!(
                            "this cell of `{}` names {} level{}, but `{}` is derived from {} scale{}: {names}",
                            p.name.text,
                            levels.len(),
                            if levels.len() == 1 { "" } else { "s" },
                            p.name.text,
                            scales.len(),
                            if scales.len() == 1 { "" } else { "s" },
                        ),
                        format!("expected {} levels", scales.len()),
                    )
                    .help(format!(
                        "write one level of each scale, in the order of `from {names}`: `({example})`"
                    )),
                );
                all_valid = false;
                continue;
            }
            let mut idx = Vec::new();
            let mut bad = false;
            for (name, (scale, slevels)) in levels.iter().zip(&scales) {
                if let Some(i) = slevels.iter().position(|l| *l == name.text) {
                    idx.push(i);
                } else {
                    cx.push(
                        diag::error(
                            codes::PRIORITY_MATRIX,
                            cx.file,
                            name.span,
                            format!("`{}` is not a level of scale `{}`", name.text, scale.text),
                            "unknown level",
                        )
                        .note(format!(
                            "the levels of `{}` are {}",
                            scale.text,
                            quote_list(slevels)
                        ))
                        .maybe_help(crate::suggest::help(&name.text, slevels.iter())),
                    );
                    bad = true;
                }
            }
            if bad {
                all_valid = false;
                continue;
            }
            if let Some((first_level, first_span)) = cells.get(&idx) {
                let first_name = p
                    .levels
                    .get(*first_level)
                    .map_or("", |l| l.name.text.as_str());
                cx.push(
                    diag::error(
                        codes::PRIORITY_MATRIX,
                        cx.file,
                        *span,
                        format!(
                            "the cell {} of `{}` is given twice",
                            show_cell(&idx, &scales),
                            p.name.text
                        ),
                        format!("given again, for `{}`", level.name.text),
                    )
                    .also(
                        cx.file,
                        *first_span,
                        format!("first given here, for `{first_name}`"),
                    )
                    .help("keep one of them: each combination has exactly one priority"),
                );
                continue;
            }
            cells.insert(idx, (pi, *span));
        }
    }

    // Totality: every combination of levels, in the order of the scales.
    let total: usize = scales
        .iter()
        .map(|(_, l)| l.len())
        .try_fold(1_usize, usize::checked_mul)
        .unwrap_or(usize::MAX);
    if all_valid && total <= MAX_CELLS {
        let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
        for (_, levels) in &scales {
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    (0..levels.len()).map(move |i| {
                        let mut next = c.clone();
                        next.push(i);
                        next
                    })
                })
                .collect();
        }
        let missing: Vec<String> = combos
            .iter()
            .filter(|c| !cells.contains_key(*c))
            .map(|c| show_cell(c, &scales))
            .collect();
        if !missing.is_empty() {
            cx.push(
                diag::error(
                    codes::PRIORITY_MATRIX,
                    cx.file,
                    from.span,
                    format!(
                        "`{}` gives no priority for {}",
                        p.name.text,
                        missing.join(", ")
                    ),
                    format!(
                        "{total} combinations of {names}, {} given",
                        total - missing.len()
                    ),
                )
                .note("a priority matrix gives exactly one level for every combination of its scales' levels")
                .help(format!(
                    "add {} to the `when` of the level {} should get",
                    missing.join(", "),
                    if missing.len() == 1 { "it" } else { "each" }
                )),
            );
        }
    }

    // Monotone: one step higher in one input never gives a less urgent
    // priority. Checking neighbours finds every violation's cause (a chain
    // of steps from a lower cell to a higher one must drop somewhere) and
    // reports each offending pair once.
    let level_name = |i: usize| p.levels.get(i).map_or("", |l| l.name.text.as_str());
    for (low_idx, (low_p, low_span)) in &cells {
        for (d, (scale, _)) in scales.iter().enumerate() {
            let Some(step) = low_idx.get(d).and_then(|i| i.checked_sub(1)) else {
                continue;
            };
            let mut high_idx = low_idx.clone();
            high_idx[d] = step;
            let Some((high_p, high_span)) = cells.get(&high_idx) else {
                continue;
            };
            if high_p <= low_p {
                continue;
            }
            let (high_cell, low_cell) =
                (show_cell(&high_idx, &scales), show_cell(low_idx, &scales));
            cx.push(
                diag::error(
                    codes::PRIORITY_NOT_MONOTONE,
                    cx.file,
                    *high_span,
                    format!(
                        "in `{}`, more {} gives a lower priority: {high_cell} is `{}` but {low_cell} is `{}`",
                        p.name.text,
                        scale.text,
                        level_name(*high_p),
                        level_name(*low_p)
                    ),
                    format!("`{}`, for more {}", level_name(*high_p), scale.text),
                )
                .also(cx.file, *low_span, format!("`{}`", level_name(*low_p)))
                .note(format!(
                    "scales list their levels highest first and `{}` lists its levels most urgent first: a case at least as high in every input must get a priority at least as urgent",
                    p.name.text
                ))
                .help(format!(
                    "give {high_cell} a level at least as urgent as `{}`, or {low_cell} one no more urgent than `{}`",
                    level_name(*low_p),
                    level_name(*high_p)
                )),
            );
        }
    }
}

/// One end of a threshold interval.
#[derive(Debug, Clone)]
struct End {
    value: Decimal,
    inclusive: bool,
    /// The quantity as written (`100`).
    text: String,
    /// The whole threshold as written (`>= 100`).
    written: String,
}

/// The interval of one level: `lo` and `hi` are `None` when unbounded.
#[derive(Debug, Clone)]
struct Interval {
    level: usize,
    lo: Option<End>,
    hi: Option<End>,
    span: Span,
}

/// True when `lo` lies strictly below `hi` or both include the same point.
fn nonempty(lo: Option<&End>, hi: Option<&End>) -> bool {
    match (lo, hi) {
        (Some(l), Some(h)) => {
            l.value < h.value || (l.value == h.value && l.inclusive && h.inclusive)
        }
        _ => true,
    }
}

/// The tighter of two lower ends.
fn max_lo<'a>(a: Option<&'a End>, b: Option<&'a End>) -> Option<&'a End> {
    match (a, b) {
        (Some(x), Some(y)) => Some(
            if y.value > x.value || (y.value == x.value && !y.inclusive) {
                y
            } else {
                x
            },
        ),
        (x, None) => x,
        (None, y) => y,
    }
}

/// The tighter of two upper ends.
fn min_hi<'a>(a: Option<&'a End>, b: Option<&'a End>) -> Option<&'a End> {
    match (a, b) {
        (Some(x), Some(y)) => Some(
            if y.value < x.value || (y.value == x.value && !y.inclusive) {
                y
            } else {
                x
            },
        ),
        (x, None) => x,
        (None, y) => y,
    }
}

/// `>= 10, < 100` for an interval's ends.
fn show_range(lo: Option<&End>, hi: Option<&End>) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) if l.value == h.value => format!("= {}", l.text),
        (Some(l), Some(h)) => format!("{}, {}", l.written, h.written),
        (Some(l), None) => l.written.clone(),
        (None, Some(h)) => h.written.clone(),
        (None, None) => "any value".into(),
    }
}

/// The magnitude of a threshold value, in its base unit.
fn magnitude(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(x)
        | Value::Percent(x)
        | Value::Duration(x)
        | Value::BusinessDays(x)
        | Value::Rate(x) => Some(*x),
        Value::Money { minor, .. } => Some(*minor),
        Value::Invalid => None,
    }
}

/// The threshold form: each level an interval of one measured field.
#[expect(
    clippy::too_many_lines,
    reason = "units, intervals, overlap, order and gaps of one scale"
)]
fn thresholds(cx: &mut Cx<'_>, p: &ast::Priorities, from: &ast::Derivation) {
    let [input] = from.inputs.as_slice() else {
        let names = from
            .inputs
            .iter()
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>()
            .join(" x ");
        cx.push(
            diag::error(
                codes::PRIORITY_MATRIX,
                cx.file,
                from.span,
                format!(
                    "thresholds apply to one measured field, but `{}` is derived from {names}",
                    p.name.text
                ),
                "more than one input",
            )
            .help("derive from one field (`from affected_users`) with thresholds, or from scales with cells such as `(high, low)`"),
        );
        return;
    };
    let scope = cx.scope;
    if scope.get(&input.text).map(|d| d.tag) == Some(ItemTag::Scale) {
        let first = p
            .levels
            .iter()
            .flat_map(|l| l.rule.first())
            .next()
            .map_or(from.span, rule_span);
        let example = match cx.m.model(&input.text) {
            Some(ItemModel::Scale(s)) => s.levels.first().map(|l| l.0.clone()),
            _ => None,
        }
        .unwrap_or_else(|| "high".into());
        cx.push(
            diag::error(
                codes::PRIORITY_MATRIX,
                cx.file,
                first,
                format!(
                    "`{}` is a scale, so `{}` needs cells of its levels, not thresholds",
                    input.text, p.name.text
                ),
                "a threshold on a scale",
            )
            .also(cx.file, input.span, "an ordered scale")
            .help(format!("write its levels as cells: `when ({example})`")),
        );
        return;
    }

    // One unit for every threshold.
    let mut unit: Option<(Value, &abide_syntax::literal::Quantity)> = None;
    for l in &p.levels {
        for r in &l.rule {
            let LevelRule::Threshold { value: q, .. } = r else {
                continue;
            };
            let v = value::quantity(q);
            if v == Value::Invalid {
                return;
            }
            match &unit {
                Some((first, fq))
                    if std::mem::discriminant(first) != std::mem::discriminant(&v) =>
                {
                    cx.push(
                        diag::error(
                            codes::UNIT_MISMATCH,
                            cx.file,
                            q.span,
                            format!(
                                "the thresholds of `{}` mix units: `{}` is {} but `{}` is {}",
                                p.name.text,
                                fq.text,
                                value::describe(first),
                                q.text,
                                value::describe(&v)
                            ),
                            value::describe(&v),
                        )
                        .also(cx.file, fq.span, value::describe(first))
                        .help(format!(
                            "write every threshold on `{}` in the same unit",
                            input.text
                        )),
                    );
                    return;
                }
                Some(_) => {}
                None => unit = Some((v, q)),
            }
        }
    }

    // Each level's thresholds as one interval.
    let mut intervals: Vec<Interval> = Vec::new();
    let mut sound = true;
    for (li, l) in p.levels.iter().enumerate() {
        let (Some(first), Some(last)) = (l.rule.first(), l.rule.last()) else {
            continue;
        };
        let mut iv = Interval {
            level: li,
            lo: None,
            hi: None,
            span: rule_span(first).to(rule_span(last)),
        };
        let mut seen: [Option<Span>; 2] = [None, None];
        for r in &l.rule {
            let LevelRule::Threshold { op, value: q, span } = r else {
                continue;
            };
            let Some(v) = magnitude(&value::quantity(q)) else {
                return;
            };
            let end = |inclusive: bool| End {
                value: v,
                inclusive,
                text: q.text.to_string(),
                written: format!("{} {}", op.as_str(), q.text),
            };
            let (sides, lo, hi): (&[usize], Option<End>, Option<End>) = match op {
                Cmp::Ge => (&[0], Some(end(true)), None),
                Cmp::Gt => (&[0], Some(end(false)), None),
                Cmp::Le => (&[1], None, Some(end(true))),
                Cmp::Lt => (&[1], None, Some(end(false))),
                Cmp::Eq => (&[0, 1], Some(end(true)), Some(end(true))),
            };
            if let Some(prev) = sides.iter().find_map(|s| seen[*s]) {
                cx.push(
                    diag::error(
                        codes::THRESHOLD_OVERLAP,
                        cx.file,
                        *span,
                        format!(
                            "level `{}` of `{}` has two bounds on the same side",
                            l.name.text, p.name.text
                        ),
                        "a second bound",
                    )
                    .also(cx.file, prev, "first bound")
                    .help("give each level at most one lower and one upper bound: `>= 10, < 100`"),
                );
                sound = false;
                continue;
            }
            for s in sides {
                seen[*s] = Some(*span);
            }
            if lo.is_some() {
                iv.lo = lo;
            }
            if hi.is_some() {
                iv.hi = hi;
            }
        }
        if !nonempty(iv.lo.as_ref(), iv.hi.as_ref()) {
            cx.push(
                diag::error(
                    codes::THRESHOLD_OVERLAP,
                    cx.file,
                    iv.span,
                    format!(
                        "level `{}` of `{}` applies to no value of `{}`: `{}`",
                        l.name.text,
                        p.name.text,
                        input.text,
                        show_range(iv.lo.as_ref(), iv.hi.as_ref())
                    ),
                    "an empty range",
                )
                .help("make the lower bound smaller than the upper one"),
            );
            sound = false;
            continue;
        }
        intervals.push(iv);
    }
    if !sound {
        return;
    }
    let name = |i: usize| p.levels.get(i).map_or("", |l| l.name.text.as_str());

    // No overlap.
    let mut overlapping = false;
    for (j, b) in intervals.iter().enumerate() {
        for a in intervals.iter().take(j) {
            let lo = max_lo(a.lo.as_ref(), b.lo.as_ref());
            let hi = min_hi(a.hi.as_ref(), b.hi.as_ref());
            if !nonempty(lo, hi) {
                continue;
            }
            overlapping = true;
            cx.push(
                diag::error(
                    codes::THRESHOLD_OVERLAP,
                    cx.file,
                    b.span,
                    format!(
                        "the thresholds of `{}` overlap: `{} {}` gives both `{}` and `{}`",
                        p.name.text,
                        input.text,
                        show_range(lo, hi),
                        name(a.level),
                        name(b.level)
                    ),
                    format!("`{}`", name(b.level)),
                )
                .also(cx.file, a.span, format!("`{}`", name(a.level)))
                .help("start each level's thresholds where the next one's end: `>= 100`, then `>= 10, < 100`"),
            );
        }
    }
    if overlapping {
        return;
    }

    // In order of urgency from one end to the other.
    intervals.sort_by(|a, b| match (&a.lo, &b.lo) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => x.value.cmp(&y.value).then(y.inclusive.cmp(&x.inclusive)),
    });
    let ascending = intervals
        .first()
        .zip(intervals.last())
        .is_some_and(|(f, l)| f.level < l.level);
    let breaking = intervals.windows(2).find(|w| match w {
        [a, b] => (a.level < b.level) != ascending,
        _ => false,
    });
    if let Some([a, b]) = breaking {
        let along = intervals
            .iter()
            .map(|i| format!("`{}`", name(i.level)))
            .collect::<Vec<_>>()
            .join(", ");
        cx.push(
            diag::error(
                codes::THRESHOLD_OVERLAP,
                cx.file,
                b.span,
                format!(
                    "the thresholds of `{}` are out of order: from low to high `{}` they give {along}",
                    p.name.text, input.text
                ),
                format!("`{}` is out of place", name(b.level)),
            )
            .also(cx.file, a.span, format!("`{}`", name(a.level)))
            .note(format!(
                "the levels of `{}` are listed most urgent first; along `{}` they must run from the most urgent at one end to the least urgent at the other",
                p.name.text, input.text
            ))
            .help("reorder the thresholds so that urgency rises (or falls) steadily with the value"),
        );
        return;
    }

    // No gap between neighbours.
    for w in intervals.windows(2) {
        let [a, b] = w else { continue };
        let (Some(h), Some(l)) = (&a.hi, &b.lo) else {
            continue;
        };
        let meets = h.value == l.value && h.inclusive != l.inclusive;
        if meets {
            continue;
        }
        let flip = |e: &End, lower: bool| {
            let op = match (lower, e.inclusive) {
                (true, true) => ">",
                (true, false) => ">=",
                (false, true) => "<",
                (false, false) => "<=",
            };
            format!("{op} {}", e.text)
        };
        let gap = if h.value == l.value {
            format!("= {}", h.text)
        } else {
            format!("{}, {}", flip(h, true), flip(l, false))
        };
        cx.push(
            diag::error(
                codes::THRESHOLD_OVERLAP,
                cx.file,
                b.span,
                format!(
                    "the thresholds of `{}` leave a gap: no level applies when `{} {gap}`",
                    p.name.text, input.text
                ),
                format!("`{}` starts at `{}`", name(b.level), l.written),
            )
            .also(
                cx.file,
                a.span,
                format!("`{}` ends at `{}`", name(a.level), h.written),
            )
            .help(format!(
                "start `{}` where `{}` ends: `{}`",
                name(b.level),
                name(a.level),
                flip(h, true)
            )),
        );
    }
}
