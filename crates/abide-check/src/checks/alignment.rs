//! The alignment triangle: what a target's supporters guarantee, composed
//! (`all`, `any`, `seq`), compared with what the target promises.
//!
//! One query per agreement, reading only position-free models of the
//! supporters: changing a supporter's bound re-runs the alignment of the
//! agreements that depend on it and nothing else. Spans of other files are
//! read only to label an error.

use std::collections::BTreeMap;

use abide_db::{Db, Diagnostic, SourceFile, Workspace, codes};
use abide_syntax::Span;
use abide_syntax::ast::{self, AgreementKind, Cmp, SmolStr};
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::open_hours::{WindowsOf, open_windows};
use super::workspace::support_graph;
use crate::calendar;
use crate::diag::{self, DiagExt};
use crate::imports::Models;
use crate::model::{self, Agg, AgreementModel, Better, CalendarModel, Dim, SupportExpr, TargetSig};
use crate::scope::global_scope;
use crate::value::{self, Value};

/// What the supporters of a target guarantee, composed: the figure the
/// JSON report and the graph show, computed by the same code as the
/// `misaligned` check.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Figure {
    /// The composed figure in base units: a fraction for percentages
    /// (0.9985), seconds for durations.
    pub value: Decimal,
    /// The figure in the user's units (`99.85%`, `10min 30s`).
    pub display: String,
    /// The arithmetic (`all(99.9%, 99.95%)`).
    pub arithmetic: String,
    /// True when the figure meets the target's bound; false whenever
    /// `hours_unknown` is set, since the support cannot be confirmed.
    pub aligned: bool,
    /// The calendar whose hours are defined by another document (or whose
    /// holidays are not listed), when coverage, dilution or a `bd`
    /// conversion depends on it: the alignment is then unknown, not ok.
    pub hours_unknown: Option<String>,
}

/// The alignment of one agreement: its diagnostics and the composed figure
/// of each supported target (at the start of the validity).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Alignment {
    /// `misaligned` and the other alignment diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// Target name → composed figure (a sorted list: one or two per
    /// agreement, where a B-tree node would take over a kilobyte).
    pub figures: litemap::LiteMap<String, Figure>,
}

/// The alignments of the agreements declared in `file` (the declaration
/// each name resolves to), by name.
///
/// Per file, not per agreement: after an edit, re-checking the workspace
/// walks one dependency per file here. The models come from the file's
/// imports ([`crate::imports`]), so a supporter's change re-runs the files
/// whose agreements read it, and nothing else.
#[salsa::tracked(returns(ref))]
pub fn file_alignments(
    db: &dyn Db,
    ws: Workspace,
    file: SourceFile,
) -> BTreeMap<String, Alignment> {
    let mut out = BTreeMap::new();
    if file.load_error(db).is_some() {
        return out;
    }
    let m = Models::of_file(db, ws, file);
    let parsed = abide_db::parse(db, file);
    let firsts = super::names::first_declarations(global_scope(db, ws), file, &parsed.file);
    for (item, first) in parsed.file.items.iter().zip(firsts) {
        let ast::ItemKind::Agreement(a) = &item.kind else {
            continue;
        };
        if !first {
            continue;
        }
        if let Some(model) = m.agreement(&a.name.text) {
            out.insert(a.name.text.to_string(), align(db, ws, m, file, a, model));
        }
    }
    out
}

/// The alignment of one agreement (`None` when `name` is not an agreement).
pub fn alignment<'db>(db: &'db dyn Db, ws: Workspace, name: &str) -> Option<&'db Alignment> {
    let decl = global_scope(db, ws).get(name)?;
    file_alignments(db, ws, decl.file).get(name)
}

/// Checks the alignment of agreement `ast` (declared in `file`, modelled by `model`).
fn align<'db>(
    db: &'db dyn Db,
    ws: Workspace,
    m: Models<'db>,
    file: SourceFile,
    ast: &ast::Agreement,
    model: &AgreementModel,
) -> Alignment {
    let mut result = Alignment::default();
    let text = &ast.name.text;
    let out = &mut result.diagnostics;
    let figures = &mut result.figures;
    let graph = support_graph(db, ws);
    let mut ctx = Align {
        figures,
        db,
        ws,
        m,
        file,
        agreement: model,
        name: text,
        out,
    };
    let mut seen = std::collections::BTreeSet::new();
    for t in ast.targets() {
        // A duplicate target is reported by the target checks; the model holds the first.
        if !seen.insert(t.name.text.as_str()) {
            continue;
        }
        let Some(sig) = model.target(&t.name.text) else {
            continue;
        };
        // A metric that does not resolve, or has no unit, is reported elsewhere.
        let typed = |s: &TargetSig| {
            s.metric
                .as_deref()
                .and_then(|name| m.metric(name))
                .is_some_and(|m| m.dim.is_some() && m.better.is_some())
        };
        if !typed(sig) || sig.value == Value::Invalid {
            continue;
        }
        if sig.support.is_none() {
            continue;
        }
        let node = (text.clone(), t.name.text.clone());
        if let Some(cycle) = graph.cycles.iter().find(|c| c.first() == Some(&node)) {
            let list = cycle
                .iter()
                .chain(cycle.first())
                .map(|(a, t)| format!("{a}.{t}"))
                .collect::<Vec<_>>()
                .join(" → ");
            let mut d = diag::error(
                codes::SUPPORT_CYCLE,
                ctx.file,
                t.name.span,
                format!("targets support each other in a cycle: {list}"),
                "this target supports itself through the cycle",
            )
            .note(
                "support must flow one way, from underpinning agreements up to the customer's SLA",
            )
            .help("remove one `supported by` link of the cycle");
            // Every other member of the cycle, where it is declared.
            for (a, tn) in cycle.iter().skip(1) {
                if let Some(m) = m.agreement(a)
                    && let Some(sig) = m.target(tn)
                {
                    let leaf = Leaf {
                        agreement: a.clone(),
                        target: tn.clone(),
                        kind: m.kind,
                        sig,
                    };
                    if let Some((f, s)) = ctx.leaf_span(&leaf) {
                        d = d.also(f, s, format!("`{a}.{tn}`, part of the cycle"));
                    }
                }
            }
            ctx.out.push(d);
            continue;
        }
        if graph.cycles.iter().any(|c| c.contains(&node)) {
            continue;
        }
        ctx.target(t, sig);
    }
    result
}

struct Align<'a, 'db> {
    figures: &'a mut litemap::LiteMap<String, Figure>,
    db: &'db dyn Db,
    ws: Workspace,
    m: Models<'db>,
    file: SourceFile,
    agreement: &'a AgreementModel,
    name: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

/// One supporter target, resolved.
struct Leaf<'db> {
    agreement: SmolStr,
    target: SmolStr,
    kind: AgreementKind,
    /// Borrowed from the supporter's model (held by this revision's memos).
    sig: &'db TargetSig,
}

/// A target reduced to `metric OP value for share` (GRAMMAR.md item 42).
#[derive(Debug, Clone)]
struct Canon {
    metric: SmolStr,
    op: Cmp,
    value: Value,
    share: Decimal,
}

fn canon(sig: &TargetSig, value: &Value) -> Option<Canon> {
    let metric = sig.metric.clone()?;
    let one = Decimal::ONE;
    match &sig.agg {
        Agg::None => Some(Canon {
            metric,
            op: sig.op,
            value: value.clone(),
            share: sig.share.unwrap_or(one),
        }),
        Agg::Percentile(p) => Some(Canon {
            metric,
            op: sig.op,
            value: value.clone(),
            share: *p,
        }),
        Agg::Share { op, value: inner } => match (sig.op, value) {
            (Cmp::Ge | Cmp::Gt, Value::Percent(p)) => Some(Canon {
                metric,
                op: *op,
                value: (**inner).clone(),
                share: *p,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// How figures of one dimension compose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A percentage where higher is better (availability).
    PctUp,
    /// A percentage where lower is better (error rate): composed on 1 − x.
    PctDown,
    /// A duration where lower is better.
    DurDown,
    /// A duration where higher is better (MTBF).
    DurUp,
}

impl<'db> Align<'_, 'db> {
    fn kind_of(&self, metric: &str) -> Result<Kind, String> {
        let m = self
            .m
            .metric(metric)
            .ok_or_else(|| format!("`{metric}` is not a metric"))?;
        match (m.dim, m.better) {
            (Some(Dim::Percent), Some(Better::Higher)) => Ok(Kind::PctUp),
            (Some(Dim::Percent), Some(Better::Lower)) => Ok(Kind::PctDown),
            (Some(Dim::Duration), Some(Better::Lower)) => Ok(Kind::DurDown),
            (Some(Dim::Duration), Some(Better::Higher)) => Ok(Kind::DurUp),
            (Some(d), _) => Err(format!(
                "`{metric}` is measured as {}, which cannot be composed",
                d.describe()
            )),
            (None, _) => Err(format!("`{metric}` has no known unit")),
        }
    }

    fn leaves(&self, e: &SupportExpr) -> Vec<Leaf<'db>> {
        e.paths()
            .into_iter()
            .filter_map(|(a, t)| {
                let m = self.m.agreement(&a)?;
                let sig = m.target(&t)?;
                Some(Leaf {
                    agreement: a,
                    target: t,
                    kind: m.kind,
                    sig,
                })
            })
            .collect()
    }

    /// Span of a supporter target's bound in its file (error path only).
    fn leaf_span(&self, leaf: &Leaf) -> Option<(SourceFile, Span)> {
        let decl = global_scope(self.db, self.ws).get(&leaf.agreement)?;
        let parsed = abide_db::parse(self.db, decl.file);
        parsed.file.items.iter().find_map(|i| match &i.kind {
            ast::ItemKind::Agreement(a) if a.name.text == leaf.agreement => a
                .targets()
                .find(|t| t.name.text == leaf.target)
                .map(|t| (decl.file, t.name.span.to(t.condition.span))),
            _ => None,
        })
    }

    fn with_leaves(
        &self,
        mut d: Diagnostic,
        leaves: &[&Leaf],
        what: impl Fn(&Leaf) -> String,
    ) -> Diagnostic {
        for l in leaves {
            if let Some((f, s)) = self.leaf_span(l) {
                d = d.also(f, s, what(l));
            }
        }
        d
    }

    fn calendar(&self, name: &str) -> Option<&'db CalendarModel> {
        self.m.calendar(name)
    }

    /// Seconds of a value, converting business days through `cal`.
    fn seconds(&self, v: &Value, cal: &str) -> Option<Decimal> {
        match v {
            Value::Duration(s) => Some(*s),
            Value::BusinessDays(n) => {
                let c = self.calendar(cal)?;
                let minutes = super::targets::business_day_minutes(c).ok()?;
                Some(*n * Decimal::from(minutes) * Decimal::from(60))
            }
            _ => None,
        }
    }

    #[expect(
        clippy::too_many_lines,
        reason = "the alignment rules of one target, in the order a reader checks them"
    )]
    fn target(&mut self, t: &ast::Target, sig: &TargetSig) {
        let Some(expr) = sig.support.as_deref() else {
            return;
        };
        let leaves = self.leaves(expr);
        let span = t.name.span.to(t.condition.span);
        let path = format!("{}.{}", self.name, t.name.text);

        // Who may support at all.
        let mut bad = false;
        for l in &leaves {
            let problem = if l.agreement == self.name {
                Some((
                    codes::SELF_SUPPORT,
                    format!(
                        "`{path}` is supported by `{}.{}`, a target of its own agreement",
                        l.agreement, l.target
                    ),
                    "support comes from other agreements: OLAs, underpinning contracts or SLAs of other services",
                ))
            } else if l.kind == AgreementKind::Xla {
                Some((
                    codes::SUPPORTER_KIND,
                    format!(
                        "`{}.{}` is an XLA target and cannot support `{path}`",
                        l.agreement, l.target
                    ),
                    "XLAs measure experience; they underpin nothing",
                ))
            } else if l.kind == AgreementKind::Sla
                && self
                    .m
                    .agreement(&l.agreement)
                    .is_some_and(|a| a.service == self.agreement.service)
            {
                Some((
                    codes::SUPPORTER_KIND,
                    format!(
                        "`{}.{}` is an SLA of the same service and cannot support `{path}`",
                        l.agreement, l.target
                    ),
                    "an SLA is supported by OLAs, contracts, or SLAs of other services",
                ))
            } else {
                None
            };
            if let Some((code, msg, note)) = problem {
                bad = true;
                let d = diag::error(code, self.file, span, msg, "supported by it");
                let d = self
                    .with_leaves(d, &[l], |_| "the supporter".into())
                    .note(note);
                self.out.push(d);
            }
        }
        if bad || leaves.is_empty() {
            return;
        }

        // Conditions (LANGUAGE.md §7): support that holds only sometimes.
        if sig.condition().is_none() {
            for l in &leaves {
                if let Some(cond) = l.sig.condition() {
                    self.conditional_support(t, &path, l, cond);
                }
            }
        }

        // Comparable figures.
        let Some(target_canon) = canon(sig, &sig.value) else {
            self.out.push(
                diag::error(codes::NOT_COMPOSABLE, self.file, span, format!("`{path}` is a mean, median, minimum, maximum or count: supporters cannot be composed into it"), "cannot be supported")
                    .help("state the target on the metric itself, a percentile (`p95(…)`) or a share"),
            );
            return;
        };
        let kind = match self.kind_of(&target_canon.metric) {
            Ok(k) => k,
            Err(why) => {
                self.out.push(
                    diag::error(
                        codes::NOT_COMPOSABLE,
                        self.file,
                        span,
                        format!("`{path}` cannot be supported: {why}"),
                        "not composable",
                    )
                    .note("only percentages and durations compose"),
                );
                return;
            }
        };
        let mut canons = Vec::new();
        for l in &leaves {
            let Some(c) = canon(l.sig, &l.sig.value) else {
                let d = diag::error(
                    codes::NOT_COMPOSABLE,
                    self.file,
                    span,
                    format!(
                        "`{}.{}` is an aggregate and cannot be composed into `{path}`",
                        l.agreement, l.target
                    ),
                    "supported by it",
                );
                self.out.push(self.with_leaves(d, &[l], |_| {
                    "a mean, median, minimum, maximum or count".into()
                }));
                return;
            };
            match self.kind_of(&c.metric) {
                Ok(k) if k == kind => {}
                other => {
                    let why = match other {
                        Ok(_) => format!(
                            "`{}` and `{}` differ in unit or direction",
                            c.metric, target_canon.metric
                        ),
                        Err(e) => e,
                    };
                    let d = diag::error(codes::NOT_COMPOSABLE, self.file, span, format!("`{}.{}` cannot support `{path}`: {why}", l.agreement, l.target), "supported by it")
                        .note("supporters must measure the same dimension, and be better in the same direction, as the target");
                    self.out
                        .push(self.with_leaves(d, &[l], |_| "this supporter".into()));
                    return;
                }
            }
            canons.push(c);
        }
        // k-of-n redundancy (LANGUAGE.md §7): the supporters' figure is
        // that of one part; only availability-like figures combine so.
        let redundancy = redundancy_of(t, sig);
        if let Some(r) = &redundancy
            && kind != Kind::PctUp
        {
            self.out.push(
                diag::error(
                    codes::NOT_COMPOSABLE,
                    self.file,
                    span,
                    format!(
                        "`{path}` needs {} of {} {}, but only percentages where higher is better (such as availability) combine over redundant parts",
                        r.k, r.n, r.noun
                    ),
                    format!("in at least {} of {} {}", r.k, r.n, r.noun),
                )
                .help("state the target on availability, or remove `in at least … of …`"),
            );
            return;
        }
        if matches!(kind, Kind::PctUp | Kind::PctDown) && contains_seq(expr) {
            self.out.push(
                diag::error(
                    codes::NOT_COMPOSABLE,
                    self.file,
                    span,
                    format!("`seq(…)` adds durations, but `{path}` is a percentage"),
                    "percentages do not add up",
                )
                .help("use `all(…)` for parts that are all needed, `any(…)` for redundant parts"),
            );
            return;
        }

        // Scopes (GRAMMAR.md item 46).
        for l in &leaves {
            for (field, raw) in &l.sig.scopes {
                let Some(values) = self.levels(field, raw) else {
                    continue;
                };
                let target_values = match sig.scope(field) {
                    Some(tv) => match self.levels(field, tv) {
                        Some(v) => Some(v),
                        None => continue,
                    },
                    None => None,
                };
                let ok = target_values
                    .as_ref()
                    .is_some_and(|tv| tv.iter().all(|v| values.contains(v)));
                if !ok {
                    let target_says = sig.scope(field).map_or_else(
                        || "every case".to_owned(),
                        |v| format!("`{field}` in [{}]", v.join(", ")),
                    );
                    let d = diag::error(
                        codes::SCOPE_MISMATCH,
                        self.file,
                        span,
                        format!("`{}.{}` covers only `{field}` in [{}], but `{path}` covers {target_says}", l.agreement, l.target, values.join(", ")),
                        "the target's cases",
                    )
                    .help("scope the supporter to include the target's cases, or leave it unscoped");
                    self.out
                        .push(self.with_leaves(d, &[l], |_| "scoped to other cases".into()));
                }
            }
        }

        // Shares of cases (GRAMMAR.md items 42 and 43).
        let pairs: Vec<(&Leaf, &Canon)> = leaves.iter().zip(&canons).collect();
        let short: Vec<&(&Leaf, &Canon)> = pairs
            .iter()
            .filter(|(_, c)| c.share < target_canon.share)
            .collect();
        if !short.is_empty() {
            let list = short
                .iter()
                .map(|(l, c)| {
                    format!(
                        "`{}.{}` holds for {}",
                        l.agreement,
                        l.target,
                        value::percent(c.share, true)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let d = diag::error(
                codes::MISALIGNED,
                self.file,
                span,
                format!("`{path}` promises its bound for {} of cases, but {list}", value::percent(target_canon.share, true)),
                format!("holds for {} of cases", value::percent(target_canon.share, true)),
            )
            .note("a supporter that may miss its bound more often than the target leaves those cases unbounded")
            .help("raise the supporters' shares (`for 99%`), or lower the target's");
            let ls: Vec<&Leaf> = short.iter().map(|(l, _)| *l).collect();
            self.out
                .push(self.with_leaves(d, &ls, |_| "holds for fewer cases".into()));
            return;
        }
        if pairs.len() > 1 && !matches!(expr, SupportExpr::Any(_)) {
            let budget: Decimal = canons.iter().map(|c| Decimal::ONE - c.share).sum();
            if budget > Decimal::ONE - target_canon.share {
                let shares = pairs
                    .iter()
                    .map(|(l, c)| {
                        format!(
                            "`{}.{}` {}",
                            l.agreement,
                            l.target,
                            value::percent(c.share, true)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                let d = diag::lint(
                    codes::PERCENTILE_BUDGET,
                    self.file,
                    span,
                    format!("the supporters of `{path}` may each miss on different cases: together they guarantee only {} of cases, not {}", value::percent((Decimal::ONE - budget).max(Decimal::ZERO), true), value::percent(target_canon.share, true)),
                    "share of cases not guaranteed",
                )
                .note(format!("shares: {shares}; misses add up in the worst case (union bound)"))
                .help("raise the supporters' shares so that their misses fit in the target's");
                let ls: Vec<&Leaf> = pairs.iter().map(|(l, _)| *l).collect();
                let d = self.with_leaves(d, &ls, |l| {
                    format!(
                        "holds for {}",
                        value::percent(l.sig.share.unwrap_or(Decimal::ONE), true)
                    )
                });
                self.out.push(d);
            }
        }

        // Business days on a calendar whose day length another document
        // defines: no figure can be computed.
        if self.bd_unknown(t, sig, expr, &leaves, &path, span) {
            return;
        }

        // Figures, at the start and at every step date.
        let mut dates: Vec<Option<Date>> = vec![None];
        let mut step_dates: Vec<Date> = sig
            .steps()
            .iter()
            .filter_map(|s| s.1)
            .chain(
                leaves
                    .iter()
                    .flat_map(|l| l.sig.steps().iter().filter_map(|s| s.1)),
            )
            .collect();

        step_dates.sort_unstable();
        step_dates.dedup();
        dates.extend(step_dates.into_iter().map(Some));
        for date in dates {
            let tv = value_at(sig, date);
            let Some(tc) = canon(sig, &tv) else { return };
            let Some(tfig) = self.figure(kind, &tc.value, sig.calendar_name()) else {
                return;
            };
            let mut figs: Figs<'_> = BTreeMap::new();
            let mut written: BTreeMap<(&str, &str), String> = BTreeMap::new();
            let mut unbounded: Vec<&Leaf> = Vec::new();
            for l in &leaves {
                let v = value_at(l.sig, date);
                let Some(c) = canon(l.sig, &v) else { return };
                if !bounds_better(kind, c.op) {
                    unbounded.push(l);
                    continue;
                }
                let Some(f) = self.figure(kind, &c.value, l.sig.calendar_name()) else {
                    return;
                };
                figs.insert((&l.agreement, &l.target), f);
                written.insert((&l.agreement, &l.target), step_at(l.sig, date).1.to_owned());
            }
            let from = date.map(|d| format!(" from {d}")).unwrap_or_default();
            if !unbounded.is_empty() {
                let d = diag::error(codes::MISALIGNED, self.file, span, format!("`{path}` rests on supporters that promise no bound in the better direction{from}"), "supported by them")
                    .note("a supporter written `<=` on a metric where higher is better (or `>=` where lower is better) guarantees nothing")
                    .help("fix the supporter's comparison");
                self.out
                    .push(self.with_leaves(d, &unbounded, |_| "bounds the wrong way".into()));
                return;
            }
            let Some((composed, arithmetic)) =
                compose_target(kind, expr, &figs, &written, redundancy.as_ref())
            else {
                return;
            };
            let shown = show_target(kind, composed, redundancy.as_ref());
            let strict = matches!(tc.op, Cmp::Gt | Cmp::Lt);
            let record = |ok: bool, figures: &mut litemap::LiteMap<String, Figure>| {
                if date.is_none() {
                    let value = if kind == Kind::PctDown {
                        Decimal::ONE - composed
                    } else {
                        composed
                    };
                    figures.insert(
                        t.name.text.to_string(),
                        Figure {
                            value,
                            display: shown.clone(),
                            arithmetic: arithmetic.clone(),
                            aligned: ok,
                            hours_unknown: None,
                        },
                    );
                }
            };
            let ok = match kind {
                Kind::PctUp | Kind::PctDown | Kind::DurUp => {
                    if strict {
                        composed > tfig
                    } else {
                        composed >= tfig
                    }
                }
                Kind::DurDown => {
                    if strict {
                        composed < tfig
                    } else {
                        composed <= tfig
                    }
                }
            };
            record(ok, self.figures);
            if !ok {
                let (promise, allows) = (step_at(sig, date).1.to_owned(), shown.clone());
                let verb = match kind {
                    Kind::PctUp => format!("allow at most {allows}"),
                    Kind::PctDown => format!("allow up to {allows}"),
                    Kind::DurDown => format!("can take up to {allows}"),
                    Kind::DurUp => format!("guarantee only {allows}"),
                };
                let mut d = diag::error(
                    codes::MISALIGNED,
                    self.file,
                    span,
                    format!("`{path}` promises {promise}{from}, but its supporters {verb}"),
                    format!("promises {promise}"),
                )
                .note(format!(
                    "{arithmetic} = {allows} {} {promise}",
                    if matches!(kind, Kind::DurDown | Kind::PctDown) {
                        ">"
                    } else {
                        "<"
                    }
                ));
                if kind == Kind::PctUp && matches!(expr, SupportExpr::All(v) if v.len() > 1) {
                    let product: Decimal = figs.values().product();
                    d = d.note(format!("`all` adds the supporters' downtime, which holds however failures coincide; assuming independent failures the product would be {}%", (product * Decimal::ONE_HUNDRED).round_dp(4).normalize()));
                }
                let d = self.with_leaves(d, &leaves.iter().collect::<Vec<_>>(), |l| format!("promises {}", step_at(l.sig, date).1))
                .help(match kind {
                    Kind::PctUp | Kind::PctDown => "tighten the supporters' targets, add redundancy with `any(…)`, or lower the promise",
                    _ => "tighten the supporters' targets, or relax the promise",
                });
                self.out.push(d);
                return;
            }
        }

        // Calendars (GRAMMAR.md items 41, 46, 47).
        let tcal_name = sig.calendar_name().to_owned();
        let Some(tcal) = self.calendar(&tcal_name) else {
            return;
        };
        let mut covering = Vec::new();
        let mut unknown: Option<String> = None;
        let mut reported = std::collections::BTreeSet::new();
        for l in &leaves {
            let lname = l.sig.calendar_name();
            if lname == tcal_name {
                covering.push(l);
                continue;
            }
            let Some(lcal) = self.calendar(lname) else {
                continue;
            };
            // Coverage and dilution need both calendars' hours.
            let vague = if tcal.hours_unknown() {
                Some((tcal_name.as_str(), &tcal))
            } else if lcal.hours_unknown() {
                Some((lname, &lcal))
            } else {
                None
            };
            if let Some((cname, cal)) = vague {
                if reported.insert((l.agreement.clone(), l.target.clone())) {
                    self.unknown_hours(span, &path, l, cname, cal, false);
                }
                unknown.get_or_insert_with(|| cname.to_owned());
                continue;
            }
            let shift = self.shift_minutes(tcal, lcal);
            let gaps = calendar::uncovered(tcal, lcal, shift);
            if gaps.is_empty() {
                covering.push(l);
                continue;
            }
            let hours = calendar::describe_spans(&gaps);
            let tz = tcal.timezone.clone().unwrap_or_else(|| "UTC".into());
            let d = diag::lint(
                codes::UNCOVERED_HOURS,
                self.file,
                span,
                format!("`{}.{}` works `during {lname}`, which leaves {hours} ({tz}) of `{tcal_name}` uncovered", l.agreement, l.target),
                format!("runs during `{tcal_name}`"),
            )
            .note("the figures assume the supporter also works in those hours")
            .help(format!("extend `{lname}`, or add a supporter for the uncovered hours"));
            self.out
                .push(self.with_leaves(d, &[l], |_| format!("works during `{lname}`")));
        }
        if let Some(cname) = unknown {
            if let Some(f) = self.figures.get_mut(t.name.text.as_str()) {
                f.aligned = false;
                f.hours_unknown = Some(cname);
            }
            return;
        }
        if kind == Kind::PctUp && covering.len() == leaves.len() {
            self.dilution(t, sig, expr, &leaves, span, &path, redundancy.as_ref());
        }
    }

    /// `unknown-hours`: the support of `path` by `l` depends on the hours
    /// of `cname`, which the text does not state.
    fn unknown_hours(
        &mut self,
        span: Span,
        path: &str,
        l: &Leaf,
        cname: &str,
        cal: &CalendarModel,
        bd: bool,
    ) {
        let why = match (&cal.defined_by, cal.named_holidays.first()) {
            (Some(doc), _) => format!("its hours are defined by \"{doc}\""),
            (None, Some(h)) => format!("it closes on `{h}`, whose dates are not listed"),
            (None, None) => "its hours are not stated".to_owned(),
        };
        let mut d = diag::lint(
            codes::UNKNOWN_HOURS,
            self.file,
            span,
            format!(
                "the support of `{path}` by `{}.{}` cannot be verified during `{cname}`: {why}",
                l.agreement, l.target
            ),
            "support not verifiable",
        )
        .note("uncovered hours, diluted support and business days are computed from stated hours and listed dates; this alignment is unknown, not ok")
        .help(if bd {
            format!(
                "state the hours of `{cname}` (`mon..fri 08:00..18:00`) so that a business day has a length, or write the bound in hours"
            )
        } else {
            format!(
                "state the hours of `{cname}` (`mon..fri 08:00..18:00`) and list its closed dates, or measure `{}.{}` over the same calendar as `{path}`",
                l.agreement, l.target
            )
        });
        d = self.with_leaves(d, &[l], |l| {
            format!("works during `{}`", l.sig.calendar_name())
        });
        if let Some((f, s)) = self.calendar_span(cname) {
            d = d.also(f, s, why.clone());
        }
        self.out.push(d);
    }

    /// Span of a calendar's name where it is declared (error path only).
    fn calendar_span(&self, name: &str) -> Option<(SourceFile, Span)> {
        let decl = global_scope(self.db, self.ws).get(name)?;
        let parsed = abide_db::parse(self.db, decl.file);
        parsed.file.items.iter().find_map(|i| match &i.kind {
            ast::ItemKind::Calendar(c) if c.name.text == name => Some((decl.file, c.name.span)),
            _ => None,
        })
    }

    /// `unknown-hours` for business days whose length is not stated; records
    /// the figure as unknown. True when the figures cannot be computed.
    fn bd_unknown(
        &mut self,
        t: &ast::Target,
        sig: &TargetSig,
        expr: &SupportExpr,
        leaves: &[Leaf],
        path: &str,
        span: Span,
    ) -> bool {
        let vague = |s: &TargetSig| -> Option<(String, CalendarModel)> {
            let bd = std::iter::once(&s.value)
                .chain(s.steps().iter().map(|st| &st.0))
                .any(|v| matches!(v, Value::BusinessDays(_)));
            let cal = self.calendar(s.calendar_name())?;
            (bd && !cal.unstated_days.is_empty())
                .then(|| (s.calendar_name().to_owned(), cal.clone()))
        };
        let own = vague(sig);
        let found: Vec<(&Leaf, String, CalendarModel)> = leaves
            .iter()
            .filter_map(|l| own.clone().or_else(|| vague(l.sig)).map(|(c, m)| (l, c, m)))
            .collect();
        let mut first: Option<String> = None;
        let mut reported = std::collections::BTreeSet::new();
        for (l, cname, cal) in found {
            if reported.insert((l.agreement.clone(), l.target.clone())) {
                self.unknown_hours(span, path, l, &cname, &cal, true);
            }
            first.get_or_insert(cname);
        }
        let Some(cname) = first else {
            return false;
        };
        self.figures.insert(
            t.name.text.to_string(),
            Figure {
                value: Decimal::ZERO,
                display: "unknown".into(),
                arithmetic: support_text(expr),
                aligned: false,
                hours_unknown: Some(cname),
            },
        );
        true
    }

    /// `conditional-support`: a target that holds only `if "…"` supports
    /// `path`, which holds unconditionally.
    fn conditional_support(&mut self, t: &ast::Target, path: &str, l: &Leaf, cond: &str) {
        let at = t
            .clauses
            .iter()
            .filter_map(|c| match c {
                ast::TargetClause::SupportedBy { supports, .. } => Some(supports),
                _ => None,
            })
            .flatten()
            .find_map(|s| support_span(s, &l.agreement, &l.target))
            .unwrap_or_else(|| t.name.span.to(t.condition.span));
        let d = diag::lint(
            codes::CONDITIONAL_SUPPORT,
            self.file,
            at,
            format!(
                "`{}.{}` holds only if \"{cond}\", but it supports `{path}`, which holds without condition",
                l.agreement, l.target
            ),
            format!("holds only if \"{cond}\""),
        )
        .note(format!(
            "when \"{cond}\" is not the case, `{path}` rests on a supporter that promises nothing"
        ))
        .help(format!(
            "add `if \"{cond}\"` to `{path}` too, or support it by a target that holds unconditionally"
        ));
        let d = self.with_leaves(d, &[l], |_| format!("only if \"{cond}\""));
        self.out.push(d);
    }

    /// Scope values with priority titles mapped to their levels; `None`
    /// when a value is not a level of its scale (reported as E0210).
    fn levels(&self, field: &str, values: &[SmolStr]) -> Option<Vec<SmolStr>> {
        let levels = match self.m.model(field) {
            Some(model::ItemModel::Priorities(p)) => &p.levels,
            Some(model::ItemModel::Scale(s)) => &s.levels,
            _ => return Some(values.to_vec()),
        };
        values
            .iter()
            .map(|v| {
                levels
                    .iter()
                    .find(|(n, t)| n == v || t.as_deref() == Some(v.as_str()))
                    .map(|(n, _)| n.clone())
            })
            .collect()
    }

    fn shift_minutes(&self, a: &CalendarModel, b: &CalendarModel) -> i32 {
        calendar::offset_shift(a, b, reference_instant(self.agreement.valid.map(|v| v.0)))
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "the pieces of one target's alignment"
    )]
    fn dilution(
        &mut self,
        _t: &ast::Target,
        sig: &TargetSig,
        expr: &SupportExpr,
        leaves: &[Leaf],
        span: Span,
        path: &str,
        redundancy: Option<&Redundancy>,
    ) {
        let Some((start, end)) = self.agreement.valid else {
            return;
        };
        let last = end.unwrap_or_else(|| {
            start
                .checked_add(jiff::Span::new().years(1))
                .ok()
                .and_then(|d| d.yesterday().ok())
                .unwrap_or(start)
        });
        let period = sig.window.period().unwrap_or(model::Period::Month);
        let tname = sig.calendar_name();
        let Value::Percent(bound) = sig.value else {
            return;
        };
        let mut failing: Vec<(String, Decimal, Vec<String>)> = Vec::new();
        let windows_of = |calendar: &str, outer: Option<model::Period>| {
            let key = WindowsOf::new(self.db, calendar, period, start, last, outer);
            open_windows(self.db, self.ws, key).as_deref()
        };
        let Some(target_windows) = windows_of(tname, None) else {
            return;
        };
        // Per supporter: the open seconds of its own calendar, window by
        // window (`None` over the target's calendar).
        let mut supporter_windows = Vec::with_capacity(leaves.len());
        for l in leaves {
            let lname = l.sig.calendar_name();
            if lname == tname {
                supporter_windows.push(None);
                continue;
            }
            let lperiod = l.sig.window.period().unwrap_or(model::Period::Month);
            let Some(w) = windows_of(lname, Some(lperiod)) else {
                return;
            };
            supporter_windows.push(Some(w));
        }
        // The worst cases of the previous window and what they composed to:
        // over same-calendar supporters they change only at step dates.
        let mut previous: Option<(Vec<Decimal>, Decimal)> = None;
        let mut worsts: Vec<Decimal> = Vec::with_capacity(leaves.len());
        for (i, &(ws, _, ht)) in target_windows.iter().enumerate() {
            if ht == 0 {
                continue;
            }
            worsts.clear();
            // Supporters over a wider calendar: (leaf, bound, its open seconds, worst case).
            let mut wider: Vec<(&Leaf, Decimal, i64, Decimal)> = Vec::new();
            for (l, own) in leaves.iter().zip(&supporter_windows) {
                let &Value::Percent(a) = step_at(l.sig, Some(ws)).0 else {
                    return;
                };
                let worst = match own.and_then(|w| w.get(i)) {
                    None => a,
                    Some(&(_, _, hs)) => {
                        let w = Decimal::ONE
                            - (Decimal::ONE - a) * Decimal::from(hs) / Decimal::from(ht);
                        let w = w.clamp(Decimal::ZERO, Decimal::ONE);
                        if hs > ht {
                            wider.push((l, a, hs, w));
                        }
                        w
                    }
                };
                worsts.push(worst);
            }
            let composed = match &previous {
                Some((w, c)) if *w == worsts => *c,
                _ => {
                    let figs: Figs<'_> = leaves
                        .iter()
                        .zip(&worsts)
                        .map(|(l, &w)| ((l.agreement.as_str(), l.target.as_str()), w))
                        .collect();
                    let Some(c) = compose_target_value(Kind::PctUp, expr, &figs, redundancy) else {
                        return;
                    };
                    previous = Some((worsts.clone(), c));
                    c
                }
            };
            if composed < bound {
                // Only the first failing window is explained in full.
                let details = if failing.is_empty() {
                    wider
                        .iter()
                        .map(|(l, a, hs, w)| {
                            format!(
                                "`{}.{}`: {} over {}h of `{}` allows {} of downtime, which inside {}h of `{tname}` leaves {}",
                                l.agreement,
                                l.target,
                                value::percent(*a, true),
                                Decimal::from(*hs) / Decimal::from(3600),
                                l.sig.calendar_name(),
                                value::duration(((Decimal::ONE - a) * Decimal::from(*hs)).round_dp(0)),
                                (Decimal::from(ht) / Decimal::from(3600)).round_dp(1).normalize(),
                                value::percent(*w, true)
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                failing.push((calendar::label(period, ws), composed, details));
            }
        }
        let Some((label, composed, details)) = failing.first() else {
            return;
        };
        let mut d = diag::lint(
            codes::DILUTED_SUPPORT,
            self.file,
            span,
            format!(
                "in {label}, the supporters of `{path}` guarantee only {} inside `{tname}` in the worst case, below the promised {}",
                value::percent(*composed, true),
                value::percent(bound, false)
            ),
            format!("promises {} during `{tname}`", value::percent(bound, false)),
        )
        .note("a supporter measured over a wider calendar may spend all its allowed downtime inside the target's hours");
        let nominal: Figs<'_> = leaves
            .iter()
            .filter_map(|l| match value_at(l.sig, Some(start)) {
                Value::Percent(a) => Some(((l.agreement.as_str(), l.target.as_str()), a)),
                _ => None,
            })
            .collect();
        let written: BTreeMap<(&str, &str), String> = leaves
            .iter()
            .map(|l| {
                (
                    (l.agreement.as_str(), l.target.as_str()),
                    step_at(l.sig, Some(start)).1.to_owned(),
                )
            })
            .collect();
        if let Some((fig, arithmetic)) =
            compose_target(Kind::PctUp, expr, &nominal, &written, redundancy)
        {
            d = d.note(format!(
                "over each supporter's own calendar: {arithmetic} = {} >= {}",
                value::percent(fig, true),
                value::percent(bound, false)
            ));
        }
        for det in details {
            d = d.note(det.clone());
        }
        if failing.len() > 1 {
            d = d.note(format!(
                "also in {}",
                failing[1..]
                    .iter()
                    .map(|f| format!("{} ({})", f.0, value::percent(f.1, true)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let d = d.help("measure the supporter over the target's calendar, or tighten its target");
        // Label the supporters measured over a wider calendar.
        let wider: Vec<&Leaf> = leaves
            .iter()
            .filter(|l| l.sig.calendar_name() != tname)
            .collect();
        let d = self.with_leaves(d, &wider, |l| {
            format!("measured over `{}`", l.sig.calendar_name())
        });
        self.out.push(d);
    }

    /// The comparable figure of a bound: the good share for percentages
    /// (1 − x where lower is better), seconds for durations.
    fn figure(&self, kind: Kind, v: &Value, cal: &str) -> Option<Decimal> {
        match (kind, v) {
            (Kind::PctUp, Value::Percent(p)) => Some(*p),
            (Kind::PctDown, Value::Percent(p)) => Some(Decimal::ONE - *p),
            (Kind::DurDown | Kind::DurUp, v) => self.seconds(v, cal),
            _ => None,
        }
    }
}

/// The instant at which time-zone offsets are compared: the start of the
/// validity, or a fixed day (so that results do not depend on the clock).
#[must_use]
pub fn reference_instant(start: Option<Date>) -> jiff::Timestamp {
    let day = start.unwrap_or(jiff::civil::date(2026, 1, 15));
    jiff::tz::TimeZone::UTC
        .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn contains_seq(e: &SupportExpr) -> bool {
    match e {
        SupportExpr::Seq(_) => true,
        SupportExpr::All(v) | SupportExpr::Any(v) => v.iter().any(contains_seq),
        _ => false,
    }
}

/// True when the comparison bounds the figure on the side that matters.
fn bounds_better(kind: Kind, op: Cmp) -> bool {
    match kind {
        Kind::PctUp | Kind::DurUp => matches!(op, Cmp::Ge | Cmp::Gt | Cmp::Eq),
        Kind::PctDown | Kind::DurDown => matches!(op, Cmp::Le | Cmp::Lt | Cmp::Eq),
    }
}

/// The bound in force on `date` (the last `rising to` step on or before it).
fn value_at(sig: &TargetSig, date: Option<Date>) -> Value {
    step_at(sig, date).0.clone()
}

/// The bound in force on `date` and its text as written (borrowed: the
/// dilution check reads it for every window of every supporter).
fn step_at(sig: &TargetSig, date: Option<Date>) -> (&Value, &str) {
    let mut v = (&sig.value, sig.value_text.as_str());
    if let Some(d) = date {
        for (sv, sd, text) in sig.steps() {
            if sd.is_some_and(|sd| sd <= d) {
                v = (sv, text.as_str());
            }
        }
    }
    v
}

fn show(kind: Kind, f: Decimal, worst: bool) -> String {
    match kind {
        Kind::PctUp => value::percent(f, worst),
        Kind::PctDown => value::percent(Decimal::ONE - f, !worst),
        Kind::DurDown | Kind::DurUp => value::duration(f),
    }
}

/// Supporter figures by `(agreement, target)`, borrowed: composing runs for
/// every window of every supported target, and must not allocate keys.
type Figs<'a> = BTreeMap<(&'a str, &'a str), Decimal>;

/// Composes figures over the expression; returns the figure and the
/// arithmetic in the user's units.
fn compose(
    kind: Kind,
    e: &SupportExpr,
    figs: &Figs<'_>,
    written: &BTreeMap<(&str, &str), String>,
) -> Option<(Decimal, String)> {
    match e {
        SupportExpr::Path(a, t) => {
            let key = (a.as_str(), t.as_str());
            let f = *figs.get(&key)?;
            Some((
                f,
                written
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| show(kind, f, true)),
            ))
        }
        SupportExpr::All(parts) | SupportExpr::Any(parts) | SupportExpr::Seq(parts) => {
            let subs: Vec<(Decimal, String)> = parts
                .iter()
                .map(|p| compose(kind, p, figs, written))
                .collect::<Option<_>>()?;
            let values: Vec<Decimal> = subs.iter().map(|s| s.0).collect();
            let v = combine(kind, e, &values)?;
            let name = match e {
                SupportExpr::All(_) => "all",
                SupportExpr::Any(_) => "any",
                _ => "seq",
            };
            let args = subs
                .iter()
                .map(|s| s.1.clone())
                .collect::<Vec<_>>()
                .join(", ");
            Some((v, format!("{name}({args})")))
        }
        SupportExpr::Invalid(_) => None,
    }
}

/// [`compose`] without the arithmetic text.
fn compose_value(kind: Kind, e: &SupportExpr, figs: &Figs<'_>) -> Option<Decimal> {
    match e {
        SupportExpr::Path(a, t) => figs.get(&(a.as_str(), t.as_str())).copied(),
        SupportExpr::All(parts) | SupportExpr::Any(parts) | SupportExpr::Seq(parts) => {
            let values: Vec<Decimal> = parts
                .iter()
                .map(|p| compose_value(kind, p, figs))
                .collect::<Option<_>>()?;
            combine(kind, e, &values)
        }
        SupportExpr::Invalid(_) => None,
    }
}

/// The figure of a combinator over its parts' figures.
fn combine(kind: Kind, e: &SupportExpr, values: &[Decimal]) -> Option<Decimal> {
    let up = matches!(kind, Kind::DurUp);
    Some(match (e, kind) {
        (SupportExpr::All(_), Kind::PctUp | Kind::PctDown) => (Decimal::ONE
            - values.iter().map(|a| Decimal::ONE - a).sum::<Decimal>())
        .max(Decimal::ZERO),
        (SupportExpr::Any(_), Kind::PctUp | Kind::PctDown) => {
            Decimal::ONE - values.iter().map(|a| Decimal::ONE - a).product::<Decimal>()
        }
        (SupportExpr::All(_), _) => {
            if up {
                values.iter().copied().min()?
            } else {
                values.iter().copied().max()?
            }
        }
        (SupportExpr::Any(_), _) => {
            if up {
                values.iter().copied().max()?
            } else {
                values.iter().copied().min()?
            }
        }
        (SupportExpr::Seq(_), Kind::DurDown) => values.iter().sum(),
        _ => return None,
    })
}

/// `in at least K of N NOUN` on a target (valid only: 1 ≤ K ≤ N).
#[derive(Debug, Clone)]
struct Redundancy {
    k: u32,
    n: u32,
    noun: String,
}

/// The target's valid redundancy; E0324 reports the others.
fn redundancy_of(t: &ast::Target, sig: &TargetSig) -> Option<Redundancy> {
    let (k, n) = sig.redundancy()?;
    if k < 1 || k > n {
        return None;
    }
    let noun = t
        .qualifiers()
        .find_map(|q| match &q.kind {
            ast::QualifierKind::AtLeast { noun, .. } => Some(noun.text().to_owned()),
            _ => None,
        })
        .unwrap_or_else(|| "parts".into());
    Some(Redundancy { k, n, noun })
}

/// P(at least `k` of `n` independent parts are up), each up with
/// probability `a`: Σ_{i=k}^{n} C(n,i)·a^i·(1−a)^(n−i). `None` on overflow.
fn k_of_n(a: Decimal, k: u32, n: u32) -> Option<Decimal> {
    let b = Decimal::ONE - a;
    let pow = |x: Decimal, e: u32| -> Option<Decimal> {
        (0..e).try_fold(Decimal::ONE, |acc, _| acc.checked_mul(x))
    };
    let mut total = Decimal::ZERO;
    // C(n, i), built up from C(n, 0) = 1.
    let mut choose = Decimal::ONE;
    for i in 0..=n {
        if i > 0 {
            choose = choose
                .checked_mul(Decimal::from(n - i + 1))?
                .checked_div(Decimal::from(i))?;
        }
        if i >= k {
            let term = choose
                .checked_mul(pow(a, i)?)?
                .checked_mul(pow(b, n - i)?)?;
            total = total.checked_add(term)?;
        }
    }
    Some(total.clamp(Decimal::ZERO, Decimal::ONE))
}

/// [`compose`], then k-of-n redundancy when the target has it.
fn compose_target(
    kind: Kind,
    e: &SupportExpr,
    figs: &Figs<'_>,
    written: &BTreeMap<(&str, &str), String>,
    redundancy: Option<&Redundancy>,
) -> Option<(Decimal, String)> {
    let (one, arithmetic) = compose(kind, e, figs, written)?;
    let Some(r) = redundancy else {
        return Some((one, arithmetic));
    };
    Some((
        k_of_n(one, r.k, r.n)?,
        format!("{} of {} {} at {arithmetic} each", r.k, r.n, r.noun),
    ))
}

/// [`compose_target`] without the arithmetic text.
fn compose_target_value(
    kind: Kind,
    e: &SupportExpr,
    figs: &Figs<'_>,
    redundancy: Option<&Redundancy>,
) -> Option<Decimal> {
    let one = compose_value(kind, e, figs)?;
    match redundancy {
        Some(r) => k_of_n(one, r.k, r.n),
        None => Some(one),
    }
}

/// A composed figure for display: redundant parts reach more nines than
/// the two decimals of [`value::percent`], so they show four (rounded down).
fn show_target(kind: Kind, f: Decimal, redundancy: Option<&Redundancy>) -> String {
    if redundancy.is_some() && kind == Kind::PctUp {
        let pct = (f * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::ToNegativeInfinity)
            .normalize();
        return format!("{pct}%");
    }
    show(kind, f, true)
}

/// A support expression as written (`all(isp.link, ola.core)`).
fn support_text(e: &SupportExpr) -> String {
    match e {
        SupportExpr::Path(a, t) => format!("{a}.{t}"),
        SupportExpr::All(v)
        | SupportExpr::Any(v)
        | SupportExpr::Seq(v)
        | SupportExpr::Invalid(v) => {
            let name = match e {
                SupportExpr::All(_) => "all",
                SupportExpr::Any(_) => "any",
                SupportExpr::Seq(_) => "seq",
                _ => "?",
            };
            format!(
                "{name}({})",
                v.iter().map(support_text).collect::<Vec<_>>().join(", ")
            )
        }
    }
}

/// Where `agreement.target` is written in a `supported by` list.
fn support_span(s: &ast::Support, agreement: &str, target: &str) -> Option<Span> {
    match s {
        ast::Support::Path {
            agreement: a,
            target: t,
            span,
        } if a.text == agreement && t.text == target => Some(*span),
        ast::Support::Combinator { args, .. } => {
            args.iter().find_map(|x| support_span(x, agreement, target))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn k_of_n_is_the_binomial_tail() {
        // 3a²(1−a) + a³ with a = 0.999.
        assert_eq!(k_of_n(d("0.999"), 2, 3), Some(d("0.999997002")));
        // 1 of n is `any`, n of n is the product.
        assert_eq!(k_of_n(d("0.99"), 1, 2), Some(d("0.9999")));
        assert_eq!(k_of_n(d("0.9"), 2, 2), Some(d("0.81")));
        let r = Redundancy {
            k: 2,
            n: 3,
            noun: "zones".into(),
        };
        assert_eq!(
            show_target(Kind::PctUp, d("0.999997002"), Some(&r)),
            "99.9997%"
        );
    }
}
