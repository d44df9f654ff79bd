//! Lowering a checked workspace into the report. Everything is read from
//! the same salsa queries as `abide check` (parse, models, alignment
//! figures, diagnostics); nothing is computed a second way.

use std::collections::{BTreeMap, BTreeSet};

use abide_check::checks::alignment::alignment;
use abide_check::model::{self, Dim, ItemModel, Window};
use abide_check::value::{self, Value};
use abide_db::{ColumnUnit, Db, Diagnostic, Severity, SourceFile, Workspace};
use abide_syntax::ast;
use abide_syntax::literal::Quantity;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::types::*;

/// The report of several workspaces.
#[must_use]
pub fn report(db: &dyn Db, workspaces: &[Workspace], today: Option<String>) -> Report {
    Report {
        abide_report: REPORT_VERSION.to_owned(),
        generator: format!("abide {}", env!("CARGO_PKG_VERSION")),
        today,
        workspaces: workspaces.iter().map(|&ws| workspace(db, ws)).collect(),
    }
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn value_report(written: String, v: &Value) -> ValueReport {
    let (value, unit, currency) = match v {
        Value::Number(n) => (Some(f(*n)), "number", None),
        Value::Percent(p) => (Some(f(*p)), "fraction", None),
        Value::Duration(s) => (Some(f(*s)), "seconds", None),
        Value::BusinessDays(n) => (Some(f(*n)), "business_days", None),
        Value::Rate(r) => (Some(f(*r)), "per_second", None),
        Value::Money { minor, currency } => {
            (Some(f(*minor)), "minor_units", Some(currency.clone()))
        }
        Value::Invalid => (None, "invalid", None),
    };
    ValueReport {
        written,
        value,
        unit: unit.to_owned(),
        currency,
    }
}

fn quantity(q: &Quantity) -> ValueReport {
    value_report(q.text.to_string(), &value::quantity(q))
}

fn cond_value(v: &ast::CondValue) -> ValueReport {
    value_report(model::cond_text(v).to_string(), &value::cond_value(v))
}

fn money(m: &ast::Money) -> ValueReport {
    value_report(
        format!("{} {}", m.amount.text, m.currency.text),
        &value::money(m),
    )
}

fn text(db: &dyn Db, file: SourceFile, span: abide_syntax::Span) -> String {
    file.text(db)
        .get(span.range())
        .unwrap_or_default()
        .to_owned()
}

fn title(t: Option<&ast::Str>) -> Option<String> {
    t.map(|s| s.value.clone())
}

fn doc(d: Option<&ast::Doc>) -> Option<String> {
    d.map(|d| d.text.to_string())
}

/// Names the workspace's targets use from the prelude (or anywhere).
#[derive(Default)]
struct Used {
    metrics: BTreeSet<String>,
    calendars: BTreeSet<String>,
    scales: BTreeSet<String>,
}

fn workspace(db: &dyn Db, ws: Workspace) -> WorkspaceReport {
    let scope = abide_check::scope::global_scope(db, ws);
    let mut r = WorkspaceReport {
        files: ws.files(db).iter().map(|f| f.path(db).clone()).collect(),
        parties: BTreeMap::new(),
        services: BTreeMap::new(),
        calendars: BTreeMap::new(),
        metrics: BTreeMap::new(),
        priorities: BTreeMap::new(),
        scales: BTreeMap::new(),
        agreements: BTreeMap::new(),
        diagnostics: Vec::new(),
    };
    r.files.sort();
    let mut used = Used::default();
    for &file in ws.files(db) {
        for item in &abide_db::parse(db, file).file.items {
            // The first declaration of a name is the one references resolve to.
            if scope.get(&item.name().text).map(|d| d.file) != Some(file) {
                continue;
            }
            let name = item.name().text.to_string();
            match &item.kind {
                ast::ItemKind::Party(p) => {
                    r.parties.entry(name).or_insert_with(|| PartyReport {
                        title: title(p.title.as_ref()),
                        kind: p.kind.text.to_string(),
                        of: p.of.as_ref().map(|n| n.text.to_string()),
                        doc: doc(item.doc.as_deref()),
                    });
                }
                ast::ItemKind::Service(s) => {
                    r.services.entry(name).or_insert_with(|| service(s, item));
                }
                ast::ItemKind::Calendar(c) => {
                    if let Some(cal) = calendar(db, ws, &name, title(c.title.as_ref())) {
                        r.calendars.entry(name).or_insert(cal);
                    }
                }
                ast::ItemKind::Metric(m) => {
                    if let Some(metric) = metric(db, ws, &name, title(m.title.as_ref()), false) {
                        r.metrics.entry(name).or_insert(metric);
                    }
                }
                ast::ItemKind::Priorities(p) => {
                    r.priorities.entry(name).or_insert_with(|| priorities(p));
                }
                ast::ItemKind::Scale(sc) => {
                    r.scales.entry(name).or_insert_with(|| scale(sc));
                }
                ast::ItemKind::Agreement(a) => {
                    if let std::collections::btree_map::Entry::Vacant(slot) =
                        r.agreements.entry(name)
                    {
                        slot.insert(agreement(db, ws, file, a, item, &mut used));
                    }
                }
            }
        }
    }
    // Prelude declarations the workspace uses.
    let prelude = db.prelude();
    for m in used.metrics {
        if scope.get(&m).is_some_and(|d| d.file == prelude) && !r.metrics.contains_key(&m) {
            let t = prelude_title(db, &m);
            if let Some(metric) = metric(db, ws, &m, t, true) {
                r.metrics.insert(m, metric);
            }
        }
    }
    for c in used.calendars {
        if scope.get(&c).is_some_and(|d| d.file == prelude) && !r.calendars.contains_key(&c) {
            let t = prelude_title(db, &c);
            if let Some(cal) = calendar(db, ws, &c, t) {
                r.calendars.insert(c, cal);
            }
        }
    }
    for s in used.scales {
        if scope.get(&s).is_some_and(|d| d.file == prelude) && !r.priorities.contains_key(&s) {
            let levels = abide_db::parse(db, prelude)
                .file
                .items
                .iter()
                .find_map(|i| match &i.kind {
                    ast::ItemKind::Priorities(p) if p.name.text == s => Some(priorities(p)),
                    _ => None,
                });
            if let Some(l) = levels {
                r.priorities.insert(s, l);
            }
        }
    }
    r.diagnostics = abide_check::workspace_diagnostics(db, ws)
        .iter()
        .filter(|d| d.severity != Severity::Error)
        .map(|d| diagnostic(db, d))
        .collect();
    r
}

fn prelude_title(db: &dyn Db, name: &str) -> Option<String> {
    abide_db::parse(db, db.prelude())
        .file
        .items
        .iter()
        .find(|i| i.name().text == name)
        .and_then(|i| title(i.title()))
}

fn diagnostic(db: &dyn Db, d: &Diagnostic) -> DiagnosticReport {
    let file = d.primary.file;
    let t = file.text(db);
    let (line, column) = abide_db::queries::line_index(db, file).position(
        t,
        d.primary.span.start as usize,
        ColumnUnit::Char,
    );
    DiagnosticReport {
        severity: d.severity.as_str().to_owned(),
        code: d.code.to_owned(),
        message: d.message.clone(),
        file: file.path(db).clone(),
        line: line + 1,
        column: column + 1,
    }
}

fn service(s: &ast::Service, item: &ast::Item) -> ServiceReport {
    let mut out = ServiceReport {
        title: title(s.title.as_ref()),
        owner: None,
        users: Vec::new(),
        depends_on: Vec::new(),
        doc: doc(item.doc.as_deref()),
    };
    for c in &s.clauses {
        match &c.kind {
            ast::ServiceClauseKind::Owner(n) => {
                out.owner.get_or_insert_with(|| n.text.to_string());
            }
            ast::ServiceClauseKind::Users(ns) => {
                out.users.extend(ns.iter().map(|n| n.text.to_string()))
            }
            ast::ServiceClauseKind::DependsOn(ns) => {
                out.depends_on.extend(ns.iter().map(|n| n.text.to_string()))
            }
        }
    }
    out
}

fn hhmm(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn calendar(
    db: &dyn Db,
    ws: Workspace,
    name: &str,
    title: Option<String>,
) -> Option<CalendarReport> {
    let c = model::calendar(db, ws, name)?;
    let decl = calendar_decl(db, ws, name);
    let weekly: Vec<DayHoursReport> = c
        .weekly
        .iter()
        .enumerate()
        .filter(|(_, spans)| !spans.is_empty())
        .map(|(d, spans)| {
            let spans = spans
                .iter()
                .map(|&(a, b)| TimeSpanReport {
                    from: hhmm(a),
                    to: hhmm(if b > 1440 { b - 1440 } else { b }),
                })
                .collect();
            DayHoursReport {
                day: DAYS.get(d).copied().unwrap_or_default().to_owned(),
                hours: spans,
            }
        })
        .collect();
    Some(CalendarReport {
        title,
        timezone: c
            .timezone
            .as_ref()
            .map_or_else(|| "UTC".to_owned(), ToString::to_string),
        weekly,
        hours_per_week: f64::from(c.weekly_minutes()) / 60.0,
        always_open: c.is_always(),
        except: c
            .except
            .iter()
            .map(|(a, b)| DateRangeReport {
                from: a.to_string(),
                to: Some(b.to_string()),
            })
            .collect(),
        defined_by: c.defined_by.clone(),
        days_without_hours: c
            .unstated_days
            .iter()
            .filter_map(|&d| DAYS.get(d).map(|s| (*s).to_owned()))
            .collect(),
        named_holidays: decl
            .iter()
            .flat_map(|cal| &cal.clauses)
            .filter_map(|cl| match &cl.kind {
                ast::CalendarClauseKind::ExceptNamed { name, description } => {
                    Some(NamedHolidaysReport {
                        name: name.text.to_string(),
                        description: description.as_ref().map(|d| d.value.clone()),
                    })
                }
                _ => None,
            })
            .collect(),
        hours_known: !c.hours_unknown(),
    })
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The declaration of a calendar (for what the model keeps only as names).
fn calendar_decl(db: &dyn Db, ws: Workspace, name: &str) -> Option<ast::Calendar> {
    let decl = abide_check::scope::global_scope(db, ws).get(name)?;
    abide_db::parse(db, decl.file)
        .file
        .items
        .iter()
        .find_map(|i| match &i.kind {
            ast::ItemKind::Calendar(c) if c.name.text == name => Some(c.clone()),
            _ => None,
        })
}

fn metric(
    db: &dyn Db,
    ws: Workspace,
    name: &str,
    title: Option<String>,
    prelude: bool,
) -> Option<MetricReport> {
    let m = model::metric(db, ws, name)?;
    let (unit, scale) = match m.dim? {
        Dim::Percent => ("percent", None),
        Dim::Duration => ("duration", None),
        Dim::Count => ("count", None),
        Dim::Rate => ("rate", None),
        Dim::Score { lo, hi } => ("score", Some([lo, hi])),
        Dim::Nps => ("nps", None),
        Dim::Money => ("money", None),
    };
    Some(MetricReport {
        title,
        unit: unit.to_owned(),
        scale,
        better: match m.better? {
            model::Better::Higher => "higher",
            model::Better::Lower => "lower",
        }
        .to_owned(),
        category: match m.category? {
            model::Category::Utility => "utility",
            model::Category::Warranty => "warranty",
            model::Category::Experience => "experience",
            model::Category::Business => "business",
        }
        .to_owned(),
        prelude,
    })
}

fn priorities(p: &ast::Priorities) -> PrioritiesReport {
    PrioritiesReport {
        title: title(p.title.as_ref()),
        derived_from: p
            .derived_from
            .iter()
            .flat_map(|d| d.inputs.iter().map(|n| n.text.to_string()))
            .collect(),
        levels: p
            .levels
            .iter()
            .map(|l| {
                let mut level = PriorityLevelReport {
                    level: l.name.text.to_string(),
                    title: title(l.title.as_ref()),
                    cells: Vec::new(),
                    thresholds: Vec::new(),
                };
                for rule in &l.rule {
                    match rule {
                        ast::LevelRule::Cell { levels, .. } => level
                            .cells
                            .push(levels.iter().map(|n| n.text.to_string()).collect()),
                        ast::LevelRule::Threshold { op, value, .. } => {
                            level.thresholds.push(ThresholdReport {
                                operator: op.as_str().to_owned(),
                                value: quantity(value),
                            });
                        }
                    }
                }
                level
            })
            .collect(),
    }
}

fn scale(sc: &ast::Scale) -> ScaleReport {
    ScaleReport {
        title: title(sc.title.as_ref()),
        levels: sc
            .levels
            .iter()
            .map(|l| ScaleLevelReport {
                level: l.name.text.to_string(),
                title: title(l.title.as_ref()),
            })
            .collect(),
    }
}

fn agreement(
    db: &dyn Db,
    ws: Workspace,
    file: SourceFile,
    a: &ast::Agreement,
    item: &ast::Item,
    used: &mut Used,
) -> AgreementReport {
    let figures = alignment(db, ws, &a.name.text)
        .map(|al| al.figures.clone())
        .unwrap_or_default();
    let model = model::agreement(db, ws, &a.name.text);
    let mut r = AgreementReport {
        kind: a.kind.keyword().to_owned(),
        title: title(a.title.as_ref()),
        doc: doc(item.doc.as_deref()),
        service: a.service.text.to_string(),
        provider: None,
        customer: None,
        status: None,
        valid: None,
        review: None,
        fee: None,
        supersedes: None,
        changes_from_superseded: Vec::new(),
        extends: None,
        extends_chain: Vec::new(),
        prevails_over: Vec::new(),
        below: Vec::new(),
        targets: Vec::new(),
        credits: Vec::new(),
        rewards: Vec::new(),
        credit_payment: None,
        caps: Vec::new(),
        claim: None,
        earn_back: None,
        actions: Vec::new(),
        changes: Vec::new(),
        downtime: None,
    };
    let mut names = BTreeSet::new();
    for c in &a.clauses {
        match &c.kind {
            ast::BodyClauseKind::Provider(n) => {
                r.provider.get_or_insert_with(|| n.text.to_string());
            }
            ast::BodyClauseKind::Customer(n) => {
                r.customer.get_or_insert_with(|| n.text.to_string());
            }
            ast::BodyClauseKind::Status(n) => {
                r.status.get_or_insert_with(|| n.text.to_string());
            }
            ast::BodyClauseKind::Valid(b) => {
                let ast::Validity { start, end } = &**b;
                r.valid.get_or_insert_with(|| DateRangeReport {
                    from: start.text.to_string(),
                    to: end.as_ref().map(|e| e.text.to_string()),
                });
            }
            ast::BodyClauseKind::Review(b) => {
                let ast::Review { every, last } = &**b;
                r.review.get_or_insert_with(|| ReviewReport {
                    every: every.text.to_string(),
                    last: last.as_ref().map(|l| l.text.to_string()),
                });
            }
            ast::BodyClauseKind::Fee(b) => {
                let ast::Fee { amount, per } = &**b;
                r.fee.get_or_insert_with(|| FeeReport {
                    amount: Some(money(amount)),
                    per: per.text.to_string(),
                    charges: false,
                    currency: Some(amount.currency.text.to_string()),
                    description: None,
                });
            }
            ast::BodyClauseKind::FeeCharges(b) => {
                let ast::FeeCharges {
                    currency,
                    per,
                    description,
                } = &**b;
                r.fee.get_or_insert_with(|| FeeReport {
                    amount: None,
                    per: per.text.to_string(),
                    charges: true,
                    currency: currency.as_ref().map(|c| c.text.to_string()),
                    description: description.as_ref().map(|d| d.value.clone()),
                });
            }
            ast::BodyClauseKind::Supersedes(n) => {
                r.supersedes.get_or_insert_with(|| n.text.to_string());
            }
            ast::BodyClauseKind::Extends(n) => {
                r.extends.get_or_insert_with(|| n.text.to_string());
            }
            ast::BodyClauseKind::PrevailsOver(nouns) => {
                r.prevails_over.extend(nouns.iter().map(|n| match n {
                    ast::Noun::Word(w) => DocumentRefReport::Name {
                        name: w.text.to_string(),
                    },
                    ast::Noun::Str(s) => DocumentRefReport::Document {
                        title: s.value.clone(),
                    },
                }));
            }
            ast::BodyClauseKind::Below(docs) => {
                r.below.extend(docs.iter().map(|d| d.value.clone()));
            }
            ast::BodyClauseKind::Payment(b) => {
                let ast::Payment { method, terms } = &**b;
                r.credit_payment
                    .get_or_insert_with(|| payment(method, terms));
            }
            ast::BodyClauseKind::Action(act) => r.actions.push(action(db, file, act)),
            ast::BodyClauseKind::Changes(c) => r.changes.push(ChangeRightReport {
                party: c.party.text.to_string(),
                notice: c.notice.as_ref().map(quantity),
                at_most: c.at_most.as_ref().map(|l| ChangeLimitReport {
                    count: l.count.value.and_then(|v| v.to_u32()).unwrap_or(0),
                    per: l.per.text.to_string(),
                }),
            }),
            ast::BodyClauseKind::ErrorRate(er) => {
                if r.downtime.is_none() {
                    r.downtime = Some(downtime(db, file, er, model.as_deref()));
                }
            }
            ast::BodyClauseKind::Target(t) => {
                if names.insert(t.name.text.to_string())
                    && let Some(sig) = model.as_ref().and_then(|m| m.target(&t.name.text))
                {
                    r.targets.push(target(
                        db,
                        ws,
                        file,
                        t,
                        sig,
                        figures.get(t.name.text.as_str()),
                        used,
                    ));
                }
            }
            ast::BodyClauseKind::Credit(rem) => r.credits.push(remedy(db, file, rem)),
            ast::BodyClauseKind::Reward(rem) => r.rewards.push(remedy(db, file, rem)),
            ast::BodyClauseKind::Cap(b) => {
                let ast::Cap {
                    amount: am,
                    per,
                    rolling,
                } = &**b;
                r.caps.push(CapReport {
                    amount: amount(am),
                    per: per.as_ref().map(|p| p.text.to_string()),
                    over_rolling: rolling.as_ref().map(|ro| rolling_report(db, file, ro)),
                });
            }
            ast::BodyClauseKind::Claim(b) => {
                let ast::Claim {
                    within,
                    during,
                    after,
                } = &**b;
                r.claim.get_or_insert_with(|| ClaimReport {
                    within: quantity(within),
                    after_end_of: after
                        .as_ref()
                        .filter(|a| a.end)
                        .map(|a| a.word.text.to_string()),
                    during: during.as_ref().map(|d| d.text.to_string()),
                    after: after.as_ref().map(|a| {
                        if a.end {
                            ClaimAnchorReport::PeriodEnd {
                                period: a.word.text.to_string(),
                            }
                        } else {
                            ClaimAnchorReport::Event {
                                event: a.word.text.to_string(),
                            }
                        }
                    }),
                });
            }
            ast::BodyClauseKind::EarnBack(b) => {
                let ast::EarnBack {
                    condition,
                    count,
                    period,
                    ..
                } = &**b;
                r.earn_back.get_or_insert_with(|| EarnBackReport {
                    condition: text(db, file, condition.span),
                    count: count.value.and_then(|v| v.to_u32()).unwrap_or(0),
                    period: period.text.to_string(),
                });
            }
        }
    }
    if let Some(m) = model.as_deref() {
        r.changes_from_superseded = supersession_chain(db, ws, &a.name.text, m);
    }
    if r.extends.is_some() {
        r.extends_chain = abide_check::checks::layering::parent_chain(
            &abide_check::imports::Models::workspace(db, ws),
            &a.name.text,
        )
        .into_iter()
        .map(Into::into)
        .collect();
    }
    r
}

/// The target diffs along the `supersedes` chain, newest link first; a
/// cycle or an unknown predecessor ends the chain.
fn supersession_chain(
    db: &dyn Db,
    ws: Workspace,
    name: &str,
    first: &model::AgreementModel,
) -> Vec<SupersessionReport> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::from([ast::SmolStr::new(name)]);
    let mut newer_name = ast::SmolStr::new(name);
    let mut newer = std::sync::Arc::new(first.clone());
    while let Some(older_name) = newer.supersedes.clone() {
        if !seen.insert(older_name.clone()) {
            break;
        }
        let Some(older) = model::agreement(db, ws, &older_name) else {
            break;
        };
        out.push(target_diff(&newer_name, &newer, &older_name, &older));
        newer_name = older_name;
        newer = older;
    }
    out
}

fn bound_text(t: &model::TargetSig) -> String {
    format!("{} {}", t.op.as_str(), t.value_text)
}

fn target_diff(
    newer_name: &str,
    newer: &model::AgreementModel,
    older_name: &str,
    older: &model::AgreementModel,
) -> SupersessionReport {
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for t in &newer.targets {
        match older.target(&t.name) {
            None => added.push(t.name.to_string()),
            Some(o) if o.op != t.op || o.value != t.value => changed.push(BoundChangeReport {
                target: t.name.to_string(),
                before: bound_text(o),
                after: bound_text(t),
            }),
            Some(_) => {}
        }
    }
    let removed = older
        .targets
        .iter()
        .filter(|t| newer.target(&t.name).is_none())
        .map(|t| t.name.to_string())
        .collect();
    SupersessionReport {
        agreement: newer_name.to_owned(),
        superseded: older_name.to_owned(),
        added,
        removed,
        changed,
    }
}

fn payment(method: &ast::Name, terms: &[ast::PaymentTerm]) -> PaymentReport {
    let mut out = PaymentReport {
        method: method.text.to_string(),
        minimum: None,
        refundable: None,
        expire_on_termination: false,
        sole_remedy: false,
    };
    for t in terms {
        match &t.kind {
            ast::PaymentTermKind::Minimum(m) => {
                out.minimum.get_or_insert_with(|| money(m));
            }
            ast::PaymentTermKind::Refundable => {
                out.refundable.get_or_insert(true);
            }
            ast::PaymentTermKind::NotRefundable => {
                out.refundable.get_or_insert(false);
            }
            ast::PaymentTermKind::ExpireOnTermination => out.expire_on_termination = true,
            ast::PaymentTermKind::SoleRemedy => out.sole_remedy = true,
        }
    }
    out
}

fn action(db: &dyn Db, file: SourceFile, a: &ast::Action) -> ActionReport {
    ActionReport {
        label: a.label.value.clone(),
        condition: text(db, file, a.condition.span),
        metric: model::lower_expr(&a.condition.expr).0.map(Into::into),
        operator: a.condition.op.as_str().to_owned(),
        threshold: cond_value(&a.condition.value),
        qualifiers: a
            .qualifiers
            .iter()
            .map(|q| text(db, file, q.span))
            .collect(),
        consecutive: a.consecutive.as_ref().map(|c| ConsecutiveReport {
            count: c.count.value.and_then(|v| v.to_u32()).unwrap_or(0),
            period: c.period.text.to_string(),
        }),
        lasting: a.lasting.as_ref().map(|l| LastingReport {
            operator: l.op.as_str().to_owned(),
            value: quantity(&l.value),
        }),
    }
}

fn rolling_report(db: &dyn Db, file: SourceFile, r: &ast::Rolling) -> RollingReport {
    let written = text(db, file, r.span);
    match &r.unit {
        Some(unit) => RollingReport {
            written,
            seconds: None,
            count: r.length.value.and_then(|v| v.to_u32()),
            period: Some(
                model::Period::parse(&unit.text, true)
                    .map_or_else(|| unit.text.to_string(), |p| p.word().to_owned()),
            ),
        },
        None => RollingReport {
            written,
            seconds: match value::quantity(&r.length) {
                Value::Duration(s) => Some(f(s)),
                _ => None,
            },
            count: None,
            period: None,
        },
    }
}

/// The length of a window in seconds: calendar periods at a fixed number
/// of days (a 30-day month), so that budgets are comparable.
fn window_seconds(w: &Window) -> Option<Decimal> {
    let days = match w {
        Window::Rolling(s) => return Some(*s),
        Window::Default => 30,
        Window::Per(p) => match p {
            model::Period::Day => 1,
            model::Period::Week => 7,
            model::Period::Month => 30,
            model::Period::Quarter => 91,
            model::Period::HalfYear => 182,
            model::Period::Year => 365,
        },
    };
    Some(Decimal::from(days * 86_400))
}

/// An allowed down time in the largest unit that keeps it readable
/// (`43.2min`, `8.76h`, `52.56s`), at most two decimals.
fn budget_display(secs: Decimal) -> String {
    let (n, unit) = if secs >= Decimal::from(3600) {
        (secs / Decimal::from(3600), "h")
    } else if secs >= Decimal::from(60) {
        (secs / Decimal::from(60), "min")
    } else {
        (secs, "s")
    };
    format!("{}{unit}", n.round_dp(2).normalize())
}

fn downtime(
    db: &dyn Db,
    file: SourceFile,
    er: &ast::ErrorRate,
    model: Option<&model::AgreementModel>,
) -> DowntimeReport {
    let (rule, span) = match &er.rule {
        ast::ErrorRateRule::DowntimeWhen(c) => ("downtime_when", c.span),
        ast::ErrorRateRule::UptimeFrom(e) => ("uptime_from", e.span()),
    };
    let bucket = match value::quantity(&er.bucket) {
        Value::Duration(s) if s > Decimal::ZERO => Some(s),
        _ => None,
    };
    let error_budgets = model
        .map(|m| m.targets.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|t| {
            t.metric.as_deref() == Some("availability")
                && matches!(t.op, ast::Cmp::Ge | ast::Cmp::Gt)
        })
        .filter_map(|t| {
            let Value::Percent(bound) = t.value else {
                return None;
            };
            let window = window_seconds(&t.window)?;
            let allowed = (Decimal::ONE - bound) * window;
            let buckets = bucket
                .and_then(|b| (allowed / b).floor().to_u64())
                .unwrap_or(0);
            Some(ErrorBudgetReport {
                target: t.name.to_string(),
                window_seconds: f(window),
                allowed_seconds: f(allowed),
                display: budget_display(allowed),
                buckets,
            })
        })
        .collect();
    DowntimeReport {
        rule: rule.to_owned(),
        expression: text(db, file, span),
        bucket: quantity(&er.bucket),
        counting: er.counting.iter().map(|s| s.value.clone()).collect(),
        minimum: er.minimum.as_ref().map(|m| MinimumSampleReport {
            count: quantity(&m.count),
            unit: m.unit.text.to_string(),
            fallback: m.fallback.text.to_string(),
        }),
        error_budgets,
    }
}

fn amount(a: &ast::Amount) -> AmountReport {
    match a {
        ast::Amount::FeeShare { share, .. } => AmountReport::FeeShare {
            share: quantity(share),
        },
        ast::Amount::Money(m) => AmountReport::Money { amount: money(m) },
        ast::Amount::FeeDays { count, .. } => AmountReport::DaysOfFee {
            days: quantity(count),
        },
    }
}

fn remedy(db: &dyn Db, file: SourceFile, r: &ast::Remedy) -> RemedyReport {
    let trigger = match &r.trigger {
        ast::Trigger::When {
            condition,
            qualifiers,
        } => TriggerReport::When {
            condition: text(db, file, condition.span),
            metric: model::lower_expr(&condition.expr).0.map(Into::into),
            operator: condition.op.as_str().to_owned(),
            threshold: cond_value(&condition.value),
            qualifiers: qualifiers.iter().map(|q| text(db, file, q.span)).collect(),
        },
        ast::Trigger::ForEach { step, of, from, .. } => TriggerReport::ForEach {
            step: quantity(step),
            metric: of.as_ref().map(|m| m.text.to_string()),
            direction: from
                .as_ref()
                .map(|b| if b.below { "below" } else { "above" }.to_owned()),
            from: from.as_ref().map(|b| quantity(&b.value)),
            whole_steps_only: true,
        },
    };
    RemedyReport {
        amount: amount(&r.amount),
        trigger,
    }
}

fn support(s: &model::SupportExpr) -> Option<SupportExprReport> {
    let parts = |v: &[model::SupportExpr]| v.iter().filter_map(support).collect();
    Some(match s {
        model::SupportExpr::Path(a, t) => SupportExprReport::Target {
            agreement: a.to_string(),
            target: t.to_string(),
        },
        model::SupportExpr::All(v) => SupportExprReport::Combinator {
            combinator: "all".into(),
            parts: parts(v),
        },
        model::SupportExpr::Any(v) => SupportExprReport::Combinator {
            combinator: "any".into(),
            parts: parts(v),
        },
        model::SupportExpr::Seq(v) => SupportExprReport::Combinator {
            combinator: "seq".into(),
            parts: parts(v),
        },
        model::SupportExpr::Invalid(_) => return None,
    })
}

fn figure_report(fig: &abide_check::checks::alignment::Figure) -> FigureReport {
    FigureReport {
        value: f(fig.value),
        display: fig.display.clone(),
        arithmetic: fig.arithmetic.clone(),
        aligned: fig.aligned,
        status: if fig.hours_unknown.is_some() {
            "unknown"
        } else if fig.aligned {
            "ok"
        } else {
            "misaligned"
        }
        .to_owned(),
        unknown_calendar: fig.hours_unknown.clone(),
    }
}

fn target(
    db: &dyn Db,
    ws: Workspace,
    file: SourceFile,
    t: &ast::Target,
    sig: &model::TargetSig,
    figure: Option<&abide_check::checks::alignment::Figure>,
    used: &mut Used,
) -> TargetReport {
    if let Some(m) = &sig.metric {
        used.metrics.insert(m.to_string());
    }
    used.calendars.insert(sig.calendar_name().to_owned());
    for (field, _) in &sig.scopes {
        if matches!(model::model(db, ws, field), Some(ItemModel::Priorities(_))) {
            used.scales.insert(field.to_string());
        }
    }
    let qualifiers: Vec<&ast::Qualifier> = t.qualifiers().collect();
    let redundancy = qualifiers.iter().find_map(|q| match &q.kind {
        ast::QualifierKind::AtLeast { k, n, noun } => Some(RedundancyReport {
            k: k.value.and_then(|v| v.to_u32()).unwrap_or(0),
            n: n.value.and_then(|v| v.to_u32()).unwrap_or(0),
            of: noun.text().to_owned(),
        }),
        _ => None,
    });
    let (population, measured_by, reasons, minimum) =
        qualifiers
            .iter()
            .fold((None, None, Vec::new(), None), |mut acc, q| {
                match &q.kind {
                    ast::QualifierKind::For { of: Some(n), .. } => {
                        acc.0 = acc.0.or_else(|| Some(n.text().to_owned()))
                    }
                    ast::QualifierKind::MeasuredBy(s) => {
                        acc.1 = acc.1.or_else(|| Some(s.value.clone()))
                    }
                    ast::QualifierKind::Excluding(xs) => {
                        acc.2.extend(xs.iter().filter_map(|x| match x {
                            ast::Exclusion::Reason(s) => Some(s.value.clone()),
                            ast::Exclusion::Calendar(_) => None,
                        }))
                    }
                    ast::QualifierKind::Minimum(v) => {
                        acc.3 = acc.3.clone().or_else(|| Some(cond_value(v)))
                    }
                    _ => {}
                }
                acc
            });
    let window = match &sig.window {
        Window::Default => WindowReport {
            kind: "per".into(),
            period: Some("month".into()),
            seconds: None,
            defaulted: true,
        },
        Window::Per(p) => WindowReport {
            kind: "per".into(),
            period: Some(p.word().into()),
            seconds: None,
            defaulted: false,
        },
        Window::Rolling(s) => WindowReport {
            kind: "rolling".into(),
            period: None,
            seconds: Some(f(*s)),
            defaulted: false,
        },
    };
    let aggregate = match &sig.agg {
        model::Agg::None => "none",
        model::Agg::Mean => "mean",
        model::Agg::Median => "median",
        model::Agg::Min => "min",
        model::Agg::Max => "max",
        model::Agg::Count => "count",
        model::Agg::Percentile(_) => "percentile",
        model::Agg::Share { .. } => "share",
        model::Agg::Invalid => "invalid",
    };
    TargetReport {
        name: t.name.text.to_string(),
        doc: doc(t.doc.as_deref()),
        condition: text(db, file, t.condition.span),
        metric: sig.metric.as_ref().map(ToString::to_string),
        aggregate: aggregate.to_owned(),
        operator: t.condition.op.as_str().to_owned(),
        bound: cond_value(&t.condition.value),
        share_of_cases: match &sig.agg {
            model::Agg::Percentile(p) => f(*p),
            _ => sig.share.map_or(1.0, f),
        },
        population,
        scope: sig
            .scopes
            .iter()
            .map(|(f, v)| (f.to_string(), v.iter().map(ToString::to_string).collect()))
            .collect(),
        in_each: sig.in_each().map(ToString::to_string),
        window,
        calendar: sig.calendar_name().to_owned(),
        calendar_defaulted: sig.calendar.is_none(),
        excluding_calendars: sig.excluding().iter().map(ToString::to_string).collect(),
        excluding_reasons: reasons,
        minimum,
        measured_by,
        steps: t
            .clauses
            .iter()
            .filter_map(|c| match c {
                ast::TargetClause::Rising { value: v, from, .. } => Some(StepReport {
                    bound: cond_value(v),
                    from: from.text.to_string(),
                }),
                _ => None,
            })
            .collect(),
        support: sig
            .support
            .as_deref()
            .and_then(support)
            .map(|expression| SupportReport {
                expression,
                figure: figure.map(figure_report),
            }),
        if_condition: sig.condition().map(str::to_owned),
        redundancy,
    }
}
