//! Values with units: a literal decoded into its dimension and normalised to
//! a base unit (seconds, fraction, count, minor currency units), keeping the
//! text as written for messages.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use abide_syntax::ast;
use abide_syntax::literal::{Quantity, Sign, TimeUnit, Unit};

/// A normalised value. Position-free; compares exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// A plain number (count, score, NPS, `pct` argument).
    Number(Decimal),
    /// A percentage as a fraction: `99.5%` → 0.995.
    Percent(Decimal),
    /// A duration in seconds of the clock in force.
    Duration(Decimal),
    /// Business days (`1bd`): converted through a calendar when one is known.
    BusinessDays(Decimal),
    /// Events per second.
    Rate(Decimal),
    /// Money in minor units of its currency.
    Money {
        /// Amount in minor units (cents, pence).
        minor: Decimal,
        /// ISO 4217 code.
        currency: String,
    },
    /// A literal that was already reported as invalid.
    Invalid,
}

/// What a value was written as, for messages ("a duration", "a percentage").
#[must_use]
pub fn describe(v: &Value) -> &'static str {
    match v {
        Value::Number(_) => "a plain number",
        Value::Percent(_) => "a percentage",
        Value::Duration(_) | Value::BusinessDays(_) => "a duration",
        Value::Rate(_) => "a rate",
        Value::Money { .. } => "an amount of money",
        Value::Invalid => "an invalid value",
    }
}

fn seconds(u: TimeUnit) -> Decimal {
    match u {
        TimeUnit::Ms => Decimal::new(1, 3),
        TimeUnit::S => Decimal::ONE,
        TimeUnit::Min => Decimal::from(60),
        TimeUnit::H => Decimal::from(3600),
        TimeUnit::D => Decimal::from(86_400),
        TimeUnit::W => Decimal::from(604_800),
        TimeUnit::Bd => Decimal::ZERO,
    }
}

/// Normalises a quantity.
#[must_use]
pub fn quantity(q: &Quantity) -> Value {
    let Some(v) = q.value else {
        return Value::Invalid;
    };
    match &q.unit {
        Unit::Number => Value::Number(v),
        Unit::Percent => Value::Percent(fraction_of_percent(v)),
        Unit::Duration(TimeUnit::Bd) => Value::BusinessDays(v),
        Unit::Duration(u) => v
            .checked_mul(seconds(*u))
            .map_or(Value::Invalid, Value::Duration),
        Unit::Rate(u) => v
            .checked_div(seconds(*u))
            .map_or(Value::Invalid, Value::Rate),
        Unit::Unknown => Value::Invalid,
    }
}

/// `v%` as a fraction, `v / 100`, by moving the decimal point: exact, and
/// far cheaper than a division (every percentage of every check goes
/// through here). Trailing zeros are dropped; a number already at the
/// largest scale is divided.
fn fraction_of_percent(v: Decimal) -> Decimal {
    let mut f = v;
    match f.set_scale(v.scale() + 2) {
        Ok(()) => f.normalize(),
        Err(_) => v / Decimal::ONE_HUNDRED,
    }
}

/// Normalises money to minor units.
#[must_use]
pub fn money(m: &ast::Money) -> Value {
    let Some(v) = m.amount.value else {
        return Value::Invalid;
    };
    let digits = iso_minor_digits(&m.currency.text);
    let factor = Decimal::from(10_i64.pow(digits));
    v.checked_mul(factor)
        .map_or(Value::Invalid, |minor| Value::Money {
            minor,
            currency: m.currency.text.to_string(),
        })
}

/// Minor-unit digits of a currency (2 when unknown; unknown codes are reported by the parser).
#[must_use]
pub fn iso_minor_digits(code: &str) -> u32 {
    abide_syntax::literal::currency_minor_digits(code).unwrap_or(2)
}

/// Normalises the right-hand side of a condition.
#[must_use]
pub fn cond_value(v: &ast::CondValue) -> Value {
    match v {
        ast::CondValue::Quantity(q) => quantity(q),
        ast::CondValue::Money(m) => money(m),
    }
}

/// True when a sign was written on the quantity.
#[must_use]
pub fn has_sign(q: &Quantity) -> bool {
    q.sign.is_some()
}

/// True for a minus sign.
#[must_use]
pub fn is_negative(q: &Quantity) -> bool {
    q.sign == Some(Sign::Minus)
}

/// Formats a fraction as a percentage: exact when it has at most three
/// decimals, else rounded to two decimals toward the unfavourable side
/// (`down` for figures where higher is better): 0.949525 → `94.95%`,
/// 0.994186 → `99.41%`, 0.9985 → `99.85%`.
#[must_use]
pub fn percent(fraction: Decimal, down: bool) -> String {
    // Saturating: a fraction near `Decimal::MAX` (a written 7.9e28%) must
    // not overflow on the way back.
    let pct = fraction.saturating_mul(Decimal::ONE_HUNDRED).normalize();
    if pct.scale() <= 3 {
        return format!("{pct}%");
    }
    let strategy = if down {
        rust_decimal::RoundingStrategy::ToNegativeInfinity
    } else {
        rust_decimal::RoundingStrategy::ToPositiveInfinity
    };
    format!("{}%", pct.round_dp_with_strategy(2, strategy).normalize())
}

/// Formats seconds in the largest unit that keeps it readable: 630 → `10min 30s`.
#[must_use]
pub fn duration(secs: Decimal) -> String {
    let Some(total) = secs.to_f64() else {
        return format!("{secs}s");
    };
    if secs.fract() != Decimal::ZERO {
        return format!("{}s", secs.normalize());
    }
    let mut rest = total as i64;
    if rest == 0 {
        return "0s".to_owned();
    }
    let mut parts = Vec::new();
    for (unit, size) in [("d", 86_400), ("h", 3600), ("min", 60), ("s", 1)] {
        if rest >= size {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn percent_display_rounds_toward_the_unfavourable_side() {
        assert_eq!(percent(d("0.949525"), true), "94.95%");
        assert_eq!(percent(d("0.9985"), true), "99.85%");
        assert_eq!(percent(d("0.994186"), true), "99.41%");
        assert_eq!(percent(d("0.9946857"), true), "99.46%");
        assert_eq!(percent(d("0.99995"), true), "99.995%");
        assert_eq!(percent(d("0.995"), true), "99.5%");
    }

    #[test]
    fn a_percentage_is_its_hundredth_exactly() {
        for (written, fraction) in [
            ("99.95", "0.9995"),
            ("100", "1"),
            ("10", "0.1"),
            ("0", "0"),
            ("-2.50", "-0.025"),
            (
                "0.0000000000000000000000001",
                "0.000000000000000000000000001",
            ),
        ] {
            let f = fraction_of_percent(d(written));
            assert_eq!(f, d(fraction), "{written}%");
            assert_eq!(
                f.to_string(),
                fraction,
                "{written}%: written without trailing zeros"
            );
        }
        // At the largest scale the point cannot move: divided (and rounded).
        let tiny = Decimal::new(1, 28);
        assert_eq!(fraction_of_percent(tiny), tiny / Decimal::ONE_HUNDRED);
        for i in 0..2_000_i64 {
            for scale in 0..27 {
                let v = Decimal::new(i * 7_919 - 5_000_000, scale);
                assert_eq!(fraction_of_percent(v), v / Decimal::ONE_HUNDRED, "{v}");
            }
        }
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(d("630")), "10min 30s");
        assert_eq!(duration(d("7200")), "2h");
        assert_eq!(duration(d("14400")), "4h");
        assert_eq!(duration(d("0.5")), "0.5s");
    }
}
