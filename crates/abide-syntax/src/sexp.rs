//! A compact S-expression rendering of the AST, without spans.
//!
//! Tests use it to state what a construct parses to in one readable line
//! (the notation of GRAMMAR.md §3), and the formatter's meaning-preservation
//! property compares it before and after formatting. Every field of the AST
//! appears, so two files with equal renderings mean the same thing.

use std::fmt::Write;

use crate::ast::*;
use crate::literal::{DateLit, Quantity, TimeLit};

/// Renders a whole file, one item per line.
#[must_use]
pub fn file(f: &File) -> String {
    let mut out = String::new();
    for item in &f.items {
        out.push_str(&self::item(item));
        out.push('\n');
    }
    out
}

/// Renders one item.
#[must_use]
pub fn item(i: &Item) -> String {
    let mut s = String::from("(");
    let title = |t: &Option<Str>| {
        t.as_ref()
            .map(|t| format!(" {:?}", t.value))
            .unwrap_or_default()
    };
    match &i.kind {
        ItemKind::Party(p) => {
            let _ = write!(
                s,
                "party {}{} {}",
                p.name.text,
                title(&p.title),
                p.kind.text
            );
            if let Some(of) = &p.of {
                let _ = write!(s, " of {}", of.text);
            }
        }
        ItemKind::Service(sv) => {
            let _ = write!(s, "service {}{}", sv.name.text, title(&sv.title));
            for c in &sv.clauses {
                let _ = match &c.kind {
                    ServiceClauseKind::Owner(n) => write!(s, " (owner {})", n.text),
                    ServiceClauseKind::Users(ns) => write!(s, " (users {})", names(ns)),
                    ServiceClauseKind::DependsOn(ns) => write!(s, " (depends-on {})", names(ns)),
                };
            }
        }
        ItemKind::Calendar(c) => {
            let _ = write!(s, "calendar {}{}", c.name.text, title(&c.title));
            if let Some(d) = &c.defined_by {
                let _ = write!(s, " (defined-by {:?})", d.value);
            }
            for cl in &c.clauses {
                let _ = match &cl.kind {
                    CalendarClauseKind::Timezone(t) => write!(s, " (timezone {:?})", t.value),
                    CalendarClauseKind::Except(ds) => {
                        write!(s, " (except {})", join(ds.iter().map(date_span)))
                    }
                    CalendarClauseKind::ExceptNamed { name, description } => {
                        write!(s, " (except-named {}{})", name.text, title(description))
                    }
                    CalendarClauseKind::Hours { days, times } => write!(
                        s,
                        " (open [{}] [{}])",
                        join(days.iter().map(|d| match &d.end {
                            Some(e) => format!("{}..{}", d.start.text, e.text),
                            None => d.start.text.to_string(),
                        })),
                        join(
                            times
                                .iter()
                                .map(|t| format!("{}..{}", time(&t.start), time(&t.end)))
                        )
                    ),
                };
            }
        }
        ItemKind::Metric(m) => {
            let _ = write!(s, "metric {}{}", m.name.text, title(&m.title));
            for c in &m.clauses {
                let _ = match &c.kind {
                    MetricClauseKind::Unit {
                        kind,
                        range: Some((lo, hi)),
                    } => {
                        write!(
                            s,
                            " (unit {} {}..{})",
                            kind.text,
                            quantity(lo),
                            quantity(hi)
                        )
                    }
                    MetricClauseKind::Unit { kind, range: None } => {
                        write!(s, " (unit {})", kind.text)
                    }
                    MetricClauseKind::Better(n) => write!(s, " (better {})", n.text),
                    MetricClauseKind::Category(n) => write!(s, " (category {})", n.text),
                };
            }
        }
        ItemKind::Priorities(p) => {
            let _ = write!(s, "priorities {}{}", p.name.text, title(&p.title));
            if let Some(d) = &p.derived_from {
                let _ = write!(s, " (from {})", names(&d.inputs));
            }
            for l in &p.levels {
                let _ = write!(s, " ({}{}", l.name.text, title(&l.title));
                if !l.rule.is_empty() {
                    let _ = write!(s, " when {}", join(l.rule.iter().map(level_rule)));
                }
                s.push(')');
            }
        }
        ItemKind::Scale(sc) => {
            let _ = write!(s, "scale {}{}", sc.name.text, title(&sc.title));
            for l in &sc.levels {
                let _ = write!(s, " ({}{})", l.name.text, title(&l.title));
            }
        }
        ItemKind::Agreement(a) => {
            let _ = write!(
                s,
                "{} {}{} for {}",
                a.kind.keyword(),
                a.name.text,
                title(&a.title),
                a.service.text
            );
            for c in &a.clauses {
                s.push(' ');
                s.push_str(&body_clause(&c.kind));
            }
        }
    }
    if let Some(doc) = &i.doc {
        let _ = write!(s, " (doc {:?})", doc.text);
    }
    s.push(')');
    s
}

/// Renders one agreement body clause.
#[must_use]
pub fn body_clause(c: &BodyClauseKind) -> String {
    match c {
        BodyClauseKind::Provider(n) => format!("(provider {})", n.text),
        BodyClauseKind::Customer(n) => format!("(customer {})", n.text),
        BodyClauseKind::Status(n) => format!("(status {})", n.text),
        BodyClauseKind::Valid(v) => match &v.end {
            Some(end) => format!("(valid {}..{})", date(&v.start), date(end)),
            None => format!("(valid from {})", date(&v.start)),
        },
        BodyClauseKind::Review(r) => match &r.last {
            Some(l) => format!("(review every {} last {})", r.every.text, date(l)),
            None => format!("(review every {})", r.every.text),
        },
        BodyClauseKind::Fee(f) => format!("(fee {} per {})", money(&f.amount), f.per.text),
        BodyClauseKind::FeeCharges(f) => {
            let FeeCharges {
                currency,
                per,
                description,
            } = &**f;
            let mut s = String::from("(fee charges");
            if let Some(c) = currency {
                let _ = write!(s, " {}", c.text);
            }
            let _ = write!(s, " per {}", per.text);
            if let Some(d) = description {
                let _ = write!(s, " {:?}", d.value);
            }
            s.push(')');
            s
        }
        BodyClauseKind::Supersedes(n) => format!("(supersedes {})", n.text),
        BodyClauseKind::Extends(n) => format!("(extends {})", n.text),
        BodyClauseKind::PrevailsOver(ns) => {
            format!("(prevails-over {})", join(ns.iter().map(noun)))
        }
        BodyClauseKind::Below(ss) => format!(
            "(below {})",
            join(ss.iter().map(|s| format!("{:?}", s.value)))
        ),
        BodyClauseKind::Payment(p) => format!(
            "(credits-paid-as {}{})",
            p.method.text,
            p.terms
                .iter()
                .map(|t| match &t.kind {
                    PaymentTermKind::Minimum(m) => format!(" (minimum {})", money(m)),
                    other => format!(" ({})", other.words()),
                })
                .collect::<String>()
        ),
        BodyClauseKind::Action(a) => {
            let mut s = format!(
                "(action {:?} when {}",
                a.label.value,
                condition(&a.condition)
            );
            if !a.qualifiers.is_empty() {
                let _ = write!(s, " [{}]", join(a.qualifiers.iter().map(qualifier)));
            }
            if let Some(c) = &a.consecutive {
                let _ = write!(
                    s,
                    " (for {} consecutive {})",
                    quantity(&c.count),
                    c.period.text
                );
            }
            if let Some(l) = &a.lasting {
                let _ = write!(s, " (lasting {} {})", l.op.as_str(), quantity(&l.value));
            }
            s.push(')');
            s
        }
        BodyClauseKind::Changes(c) => {
            let Changes {
                party,
                notice,
                at_most,
            } = &**c;
            let mut s = format!("(changes-by {}", party.text);
            if let Some(n) = notice {
                let _ = write!(s, " (notice {})", quantity(n));
            }
            if let Some(m) = at_most {
                let _ = write!(s, " (at-most {} per {})", quantity(&m.count), m.per.text);
            }
            s.push(')');
            s
        }
        BodyClauseKind::ErrorRate(e) => {
            let mut s = match &e.rule {
                ErrorRateRule::DowntimeWhen(c) => format!("(downtime-when {}", condition(c)),
                ErrorRateRule::UptimeFrom(x) => format!("(uptime-from {}", expr(x)),
            };
            let _ = write!(s, " in-each {}", quantity(&e.bucket));
            if !e.counting.is_empty() {
                let _ = write!(
                    s,
                    " (counting {})",
                    join(e.counting.iter().map(|c| format!("{:?}", c.value)))
                );
            }
            if let Some(m) = &e.minimum {
                let _ = write!(
                    s,
                    " (minimum {} {} else {})",
                    quantity(&m.count),
                    m.unit.text,
                    m.fallback.text
                );
            }
            s.push(')');
            s
        }
        BodyClauseKind::Target(t) => target(t),
        BodyClauseKind::Credit(r) => {
            format!("(credit {} {})", amount(&r.amount), trigger(&r.trigger))
        }
        BodyClauseKind::Reward(r) => {
            format!("(reward {} {})", amount(&r.amount), trigger(&r.trigger))
        }
        BodyClauseKind::Cap(cap) => match (&cap.per, &cap.rolling) {
            (Some(p), _) => format!("(cap {} per {})", amount(&cap.amount), p.text),
            (None, Some(r)) => match &r.unit {
                Some(u) => format!(
                    "(cap {} over-rolling {} {})",
                    amount(&cap.amount),
                    quantity(&r.length),
                    u.text
                ),
                None => format!(
                    "(cap {} over-rolling {})",
                    amount(&cap.amount),
                    quantity(&r.length)
                ),
            },
            (None, None) => format!("(cap {})", amount(&cap.amount)),
        },
        BodyClauseKind::Claim(c) => {
            let Claim {
                within,
                during,
                after,
            } = &**c;
            let mut s = format!("(claim {}", quantity(within));
            if let Some(d) = during {
                let _ = write!(s, " during {}", d.text);
            }
            if let Some(a) = after {
                let _ = write!(s, " after {}", a.word.text);
                if a.end {
                    s.push_str(" end");
                }
            }
            s.push(')');
            s
        }
        BodyClauseKind::EarnBack(e) => format!(
            "(earn-back {} [{}] {} consecutive {})",
            condition(&e.condition),
            join(e.qualifiers.iter().map(qualifier)),
            quantity(&e.count),
            e.period.text
        ),
    }
}

/// Renders a target.
#[must_use]
pub fn target(t: &Target) -> String {
    let clauses = join(t.clauses.iter().map(|c| match c {
        TargetClause::Qualifier(q) => qualifier(q),
        TargetClause::SupportedBy { supports, .. } => {
            format!("(supported-by {})", join(supports.iter().map(support)))
        }
        TargetClause::Rising { value, from, .. } => {
            format!("(rising {} from {})", cond_value(value), date(from))
        }
        TargetClause::If { condition, .. } => format!("(if {:?})", condition.value),
    }));
    let doc = t
        .doc
        .as_ref()
        .map(|d| format!(" (doc {:?})", d.text))
        .unwrap_or_default();
    format!(
        "(target {} {} [{clauses}]{doc})",
        t.name.text,
        condition(&t.condition)
    )
}

fn trigger(t: &Trigger) -> String {
    match t {
        Trigger::When {
            condition: c,
            qualifiers,
        } => {
            if qualifiers.is_empty() {
                format!("when {}", condition(c))
            } else {
                format!(
                    "when {} [{}]",
                    condition(c),
                    join(qualifiers.iter().map(qualifier))
                )
            }
        }
        Trigger::ForEach { step, of, from, .. } => {
            let mut s = format!("for-each {}", quantity(step));
            if let Some(of) = of {
                let _ = write!(s, " of {}", of.text);
            }
            if let Some(b) = from {
                let _ = write!(
                    s,
                    " {} {}",
                    if b.below { "below" } else { "above" },
                    quantity(&b.value)
                );
            }
            s
        }
    }
}

fn amount(a: &Amount) -> String {
    match a {
        Amount::FeeShare { share, .. } => format!("(pct-of-fee {})", quantity(share)),
        Amount::Money(m) => format!("(money {})", money(m)),
        Amount::FeeDays { count, .. } => format!("(days-of-fee {})", quantity(count)),
    }
}

fn level_rule(r: &LevelRule) -> String {
    match r {
        LevelRule::Cell { levels, .. } => format!("({})", names(levels)),
        LevelRule::Threshold { op, value, .. } => format!("({} {})", op.as_str(), quantity(value)),
    }
}

/// Renders a qualifier.
#[must_use]
pub fn qualifier(q: &Qualifier) -> String {
    match &q.kind {
        QualifierKind::For { share, of } => match of {
            Some(n) => format!("(for {} of {})", quantity(share), noun(n)),
            None => format!("(for {})", quantity(share)),
        },
        QualifierKind::Where(fields) => {
            let fields = fields.iter().map(|f| {
                let vs = join(f.values.iter().map(|v| match v {
                    WhereValue::Word(n) => n.text.to_string(),
                    WhereValue::Str(s) => format!("{:?}", s.value),
                    WhereValue::Number(q) => quantity(q),
                }));
                if f.is_list {
                    format!("{} in [{vs}]", f.field.text)
                } else {
                    format!("{} = {vs}", f.field.text)
                }
            });
            format!("(where {})", fields.collect::<Vec<_>>().join(" and "))
        }
        QualifierKind::AtLeast { k, n, noun: what } => format!(
            "(at-least {} of {} {})",
            quantity(k),
            quantity(n),
            noun(what)
        ),
        QualifierKind::During(n) => format!("(during {})", n.text),
        QualifierKind::Per(n) => format!("(per {})", n.text),
        QualifierKind::OverRolling(v) => format!("(over-rolling {})", quantity(v)),
        QualifierKind::InEach(n) => format!("(in-each {})", noun(n)),
        QualifierKind::MeasuredBy(s) => format!("(measured-by {:?})", s.value),
        QualifierKind::Excluding(xs) => format!(
            "(excluding {})",
            join(xs.iter().map(|x| match x {
                Exclusion::Calendar(n) => n.text.to_string(),
                Exclusion::Reason(s) => format!("{:?}", s.value),
            }))
        ),
        QualifierKind::Minimum(v) => format!("(minimum {})", cond_value(v)),
    }
}

/// Renders a condition as `(OP EXPR VALUE)`.
#[must_use]
pub fn condition(c: &Condition) -> String {
    format!(
        "({} {} {})",
        c.op.as_str(),
        expr(&c.expr),
        cond_value(&c.value)
    )
}

fn expr(e: &Expr) -> String {
    match e {
        Expr::Metric(n) => n.text.to_string(),
        Expr::Call { func, args, .. } => {
            let args = join(args.iter().map(|a| match a {
                Arg::Metric(n) => n.text.to_string(),
                Arg::Value(q) => quantity(q),
                Arg::Compare {
                    metric, op, value, ..
                } => format!("({} {} {})", op.as_str(), metric.text, quantity(value)),
            }));
            format!("({} {args})", func.text)
        }
    }
}

/// Renders a support expression.
#[must_use]
pub fn support(s: &Support) -> String {
    match s {
        Support::Path {
            agreement, target, ..
        } => format!("{}.{}", agreement.text, target.text),
        Support::Combinator { func, args, .. } => {
            format!("({} {})", func.text, join(args.iter().map(support)))
        }
        Support::Bare(n) => n.text.to_string(),
    }
}

fn noun(n: &Noun) -> String {
    match n {
        Noun::Word(w) => w.text.to_string(),
        Noun::Str(s) => format!("{:?}", s.value),
    }
}

fn cond_value(v: &CondValue) -> String {
    match v {
        CondValue::Quantity(q) => quantity(q),
        CondValue::Money(m) => money(m),
    }
}

fn money(m: &Money) -> String {
    format!("{} {}", quantity(&m.amount), m.currency.text)
}

fn quantity(q: &Quantity) -> String {
    q.text.to_string()
}

fn date(d: &DateLit) -> String {
    d.text.to_string()
}

fn time(t: &TimeLit) -> String {
    t.text.to_string()
}

fn date_span(d: &DateSpan) -> String {
    match &d.end {
        Some(e) => format!("{}..{}", date(&d.start), date(e)),
        None => date(&d.start),
    }
}

fn names(ns: &[Name]) -> String {
    join(ns.iter().map(|n| n.text.to_string()))
}

fn join(it: impl Iterator<Item = String>) -> String {
    it.collect::<Vec<_>>().join(" ")
}
