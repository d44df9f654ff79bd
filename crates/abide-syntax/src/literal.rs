//! Decoding and validating literals: quantities with units, money amounts,
//! dates, times and strings.
//!
//! The lexer is deliberately loose (GRAMMAR.md items 1, 3, 13) so that this
//! module can give one precise error with a span and a fix instead of a
//! confusing token split. Numbers are exact decimals (item 15), never `f64`.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{SyntaxError, codes};
use crate::span::Span;

/// A time unit of a duration or a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    /// `ms`
    Ms,
    /// `s`
    S,
    /// `min`
    Min,
    /// `h`
    H,
    /// `d` (24 hours of the clock in force)
    D,
    /// `w` (168 hours of the clock in force)
    W,
    /// `bd`: one business day of the calendar in scope
    Bd,
}

impl TimeUnit {
    /// The suffix as written.
    #[must_use]
    pub fn suffix(self) -> &'static str {
        match self {
            TimeUnit::Ms => "ms",
            TimeUnit::S => "s",
            TimeUnit::Min => "min",
            TimeUnit::H => "h",
            TimeUnit::D => "d",
            TimeUnit::W => "w",
            TimeUnit::Bd => "bd",
        }
    }

    fn from_suffix(s: &str) -> Option<Self> {
        Some(match s {
            "ms" => TimeUnit::Ms,
            "s" => TimeUnit::S,
            "min" => TimeUnit::Min,
            "h" => TimeUnit::H,
            "d" => TimeUnit::D,
            "w" => TimeUnit::W,
            "bd" => TimeUnit::Bd,
            _ => return None,
        })
    }
}

/// The unit written after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// No suffix: a count, score, NPS or bare number.
    Number,
    /// `%`
    Percent,
    /// A duration (`15min`).
    Duration(TimeUnit),
    /// A rate (`100/s`); there is no `/bd`.
    Rate(TimeUnit),
    /// An unknown suffix, already reported; kept so later stages stay
    /// quiet (the suffix itself is in the quantity's text).
    Unknown,
}

/// `+` or `-` before a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sign {
    /// `+65`
    Plus,
    /// `-3`
    Minus,
}

/// A number with its unit, as written and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The literal as written, sign included (`+65`, `99.5%`): inline, with
    /// no allocation, up to 23 bytes.
    pub text: smol_str::SmolStr,
    /// The sign, if one was written.
    pub sign: Option<Sign>,
    /// The exact signed value in the written unit; `None` when the number
    /// could not be represented (already reported).
    pub value: Option<Decimal>,
    /// The unit suffix.
    pub unit: Unit,
    /// Where it was written, sign included.
    pub span: Span,
}

impl Quantity {
    /// The number of digits after the decimal point, as written.
    #[must_use]
    pub fn decimals(&self) -> usize {
        let digits = self
            .text
            .trim_start_matches(['+', '-'])
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .unwrap_or("");
        digits.split_once('.').map_or(0, |(_, f)| f.len())
    }
}

/// A calendar date literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLit {
    /// As written.
    pub text: String,
    /// The date, `None` when invalid (already reported). For a month
    /// (`2016-07`) this is the month's first day.
    pub value: Option<jiff::civil::Date>,
    /// Written `YYYY-MM`: the literal means the whole month.
    pub month: bool,
    /// Where it was written.
    pub span: Span,
}

impl DateLit {
    /// The first day the literal covers (the day itself, or a month's first day).
    #[must_use]
    pub fn first_day(&self) -> Option<jiff::civil::Date> {
        self.value
    }

    /// The last day the literal covers (the day itself, or a month's last day).
    #[must_use]
    pub fn last_day(&self) -> Option<jiff::civil::Date> {
        let d = self.value?;
        if self.month {
            Some(d.last_of_month())
        } else {
            Some(d)
        }
    }
}

/// A time-of-day literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeLit {
    /// As written.
    pub text: String,
    /// Minutes after midnight, 0..=1440 (1440 is `24:00`); `None` when invalid.
    pub minutes: Option<u16>,
    /// Where it was written.
    pub span: Span,
}

/// Decodes a quantity token (`99.5%`, `15min`, `100/s`). `sign` and
/// `sign_span` come from a preceding `+`/`-` token.
pub fn quantity(
    text: &str,
    span: Span,
    sign: Option<(Sign, Span)>,
    errors: &mut Vec<SyntaxError>,
) -> Quantity {
    // Bytes, not chars: the first byte that is no digit or dot starts a
    // char (the digits and the dot are ASCII), so the index is the same.
    let digits_end = text
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.'))
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(digits_end);
    // `99.5 %` reaches here glued by the lexer, which already reported the space.
    let suffix = suffix.trim_start_matches([' ', '\t']);
    let unit = unit_of(digits, suffix, span, errors);
    let mut value = match Decimal::from_str_exact(digits) {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(
                SyntaxError::new(
                    codes::NUMBER_TOO_LARGE,
                    span,
                    format!("the number `{digits}` is too large or too precise"),
                    "cannot be represented exactly",
                )
                .with_note("numbers are exact decimals with at most 28 significant digits"),
            );
            None
        }
    };
    let (sign, full_span, full_text) = match sign {
        Some((s, sspan)) => {
            if let (Sign::Minus, Some(v)) = (s, value) {
                value = Some(-v);
            }
            let ch = if s == Sign::Plus { '+' } else { '-' };
            (
                Some(s),
                sspan.to(span),
                smol_str::format_smolstr!("{ch}{text}"),
            )
        }
        None => (None, span, smol_str::SmolStr::new(text)),
    };
    Quantity {
        text: full_text,
        sign,
        value,
        unit,
        span: full_span,
    }
}

fn unit_of(digits: &str, suffix: &str, span: Span, errors: &mut Vec<SyntaxError>) -> Unit {
    if suffix.is_empty() {
        return Unit::Number;
    }
    if suffix == "%" {
        return Unit::Percent;
    }
    if let Some(rate) = suffix.strip_prefix('/') {
        return match TimeUnit::from_suffix(rate) {
            Some(TimeUnit::Bd) | None => {
                let mut e = SyntaxError::new(
                    codes::UNKNOWN_UNIT,
                    span,
                    format!("unknown rate unit `{suffix}` in `{digits}{suffix}`"),
                    "not a rate unit",
                )
                .with_note(
                    "rates are written `100/ms`, `100/s`, `100/min`, `100/h`, `100/d` or `100/w`",
                );
                if let Some(fix) = suggest_time_unit(rate).filter(|u| *u != "bd") {
                    e = e.with_help(format!("did you mean `{digits}/{fix}`?"));
                }
                errors.push(e);
                Unit::Unknown
            }
            Some(u) => Unit::Rate(u),
        };
    }
    if let Some(u) = TimeUnit::from_suffix(suffix) {
        return Unit::Duration(u);
    }
    errors.push(unknown_unit_error(digits, suffix, span));
    Unit::Unknown
}

fn unknown_unit_error(digits: &str, suffix: &str, span: Span) -> SyntaxError {
    let base = SyntaxError::new(
        codes::UNKNOWN_UNIT,
        span,
        format!("unknown unit `{suffix}` in `{digits}{suffix}`"),
        "not a unit",
    )
    .with_note("units are `%`, `ms`, `s`, `min`, `h`, `d`, `w`, `bd`, and rates such as `/s`; money is a number, a space and a currency code");
    if suffix.len() == 3 && suffix.bytes().all(|b| b.is_ascii_uppercase()) {
        return base.with_help(format!(
            "money is written with a space: `{digits} {suffix}`"
        ));
    }
    if suffix.starts_with(['e', 'E'])
        && suffix[1..].bytes().all(|b| b.is_ascii_digit())
        && suffix.len() > 1
    {
        return base.with_help("numbers have no exponents: write all the digits");
    }
    // `4h30min`: the lexer stops the number at `h`, so the suffix is `h30min`.
    if let Some(fix) = compound_duration(digits, suffix) {
        let mut e = base.with_help(format!("write one unit: `{fix}`"));
        e.message = format!("`{digits}{suffix}` combines two units");
        e.label = "one number takes one unit".to_owned();
        return e;
    }
    match suggest_time_unit(suffix) {
        Some(u) => base.with_help(format!("did you mean `{digits}{u}`?")),
        None => base,
    }
}

/// `4` + `h30min` → `270min`.
fn compound_duration(digits: &str, suffix: &str) -> Option<String> {
    let (first, rest) = suffix.split_at(suffix.find(|c: char| c.is_ascii_digit())?);
    let split = rest.find(|c: char| !c.is_ascii_digit())?;
    let (n2, second) = rest.split_at(split);
    let to_secs = |u: &str| -> Option<u64> {
        Some(match u {
            "s" => 1,
            "min" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return None,
        })
    };
    let (a, b) = (to_secs(first)?, to_secs(second)?);
    let total =
        digits.parse::<u64>().ok()?.checked_mul(a)? + n2.parse::<u64>().ok()?.checked_mul(b)?;
    let unit = a.min(b);
    let name = match unit {
        1 => "s",
        60 => "min",
        3600 => "h",
        _ => "d",
    };
    Some(format!("{}{name}", total / unit))
}

fn suggest_time_unit(s: &str) -> Option<&'static str> {
    let lower = s.to_ascii_lowercase();
    Some(match lower.as_str() {
        "ms" | "msec" | "msecs" | "millis" | "millisecond" | "milliseconds" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "m" | "min" | "mins" | "minute" | "minutes" => "min",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "d" | "day" | "days" => "d",
        "w" | "wk" | "wks" | "week" | "weeks" => "w",
        "bd" | "bday" | "bdays" | "businessday" | "businessdays" | "business_day"
        | "business_days" => "bd",
        "pct" | "percent" => "%",
        _ => return None,
    })
}

/// The number of minor-unit digits of an ISO 4217 currency (`GBP` → 2,
/// `JPY` → 0), `None` for an unknown code.
#[must_use]
pub fn currency_minor_digits(code: &str) -> Option<u32> {
    iso_currency::Currency::from_code(code).map(|c| u32::from(c.exponent().unwrap_or(0)))
}

/// Decodes a money amount: the quantity must be a plain number and the code
/// a known ISO 4217 currency whose minor units cover the decimals written.
pub fn check_money(amount: &Quantity, code: &str, code_span: Span, errors: &mut Vec<SyntaxError>) {
    if amount.sign.is_some() {
        errors.push(
            SyntaxError::new(
                codes::MISPLACED_SIGN,
                amount.span,
                format!("money cannot carry a sign: `{}`", amount.text),
                "signed amount",
            )
            .with_help("write the amount without `+` or `-`"),
        );
    }
    if amount.unit != Unit::Number && amount.unit != Unit::Unknown {
        errors.push(SyntaxError::new(
            codes::INVALID_MONEY,
            amount.span,
            format!(
                "`{}` has a unit, but money is a plain number and a currency code",
                amount.text
            ),
            "not a plain number",
        ));
    }
    match iso_currency::Currency::from_code(code) {
        None => errors.push(
            SyntaxError::new(
                codes::INVALID_MONEY,
                code_span,
                format!("`{code}` is not an ISO 4217 currency code"),
                "unknown currency",
            )
            .with_help("use a code such as `GBP`, `EUR` or `USD`"),
        ),
        Some(cur) => {
            let minor = cur.exponent().unwrap_or(0) as usize;
            if amount.decimals() > minor {
                errors.push(SyntaxError::new(
                    codes::INVALID_MONEY,
                    amount.span.to(code_span),
                    format!(
                        "`{} {code}` has {}, but {code} has {}",
                        amount.text,
                        places(amount.decimals()),
                        places(minor)
                    ),
                    format!("{code} has {}", places(minor)),
                ));
            }
        }
    }
}

fn places(n: usize) -> String {
    if n == 1 {
        "1 decimal place".to_owned()
    } else {
        format!("{n} decimal places")
    }
}

/// Decodes and validates a date (`YYYY-MM-DD`, a real day).
pub fn date(text: &str, span: Span, errors: &mut Vec<SyntaxError>) -> DateLit {
    // The pieces between dashes, without collecting them into a `Vec`: more
    // than three pieces is no date shape at all (an empty slice here).
    let mut pieces = [""; 3];
    let mut count = 0;
    for piece in text.split('-') {
        if let Some(slot) = pieces.get_mut(count) {
            *slot = piece;
        }
        count += 1;
    }
    let parts: &[&str] = pieces.get(..count).unwrap_or(&[]);
    let month = parts.len() == 2;
    let shape_ok = match parts {
        [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
        [y, m] => y.len() == 4 && m.len() == 2,
        _ => false,
    };
    let value = if shape_ok {
        let num = |i: usize| parts.get(i).and_then(|p| p.parse::<i16>().ok());
        let day = if month { Some(1) } else { num(2) };
        match (num(0), num(1), day) {
            (Some(y), Some(m), Some(d)) => {
                let m8 = i8::try_from(m).unwrap_or(0);
                let d8 = i8::try_from(d).unwrap_or(0);
                match jiff::civil::Date::new(y, m8, d8) {
                    Ok(date) => Some(date),
                    Err(_) => {
                        let what = if month { "month" } else { "day" };
                        errors.push(SyntaxError::new(
                            codes::INVALID_DATE,
                            span,
                            format!("`{text}` is not a {what} of the calendar"),
                            format!("no such {what}"),
                        ));
                        None
                    }
                }
            }
            _ => None,
        }
    } else {
        let mut e = SyntaxError::new(
            codes::INVALID_DATE,
            span,
            format!("dates are written YYYY-MM-DD (or YYYY-MM for a whole month), not `{text}`"),
            "not YYYY-MM-DD",
        );
        match parts {
            [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                e = e.with_help(format!("write `{y}-{m:0>2}-{d:0>2}`"));
            }
            [y, m] if y.len() == 4 && m.len() <= 2 => {
                e = e.with_help(format!("write `{y}-{m:0>2}`"));
            }
            _ => {}
        }
        errors.push(e);
        None
    };
    DateLit {
        text: text.to_owned(),
        value,
        month,
        span,
    }
}

/// Decodes and validates a time (`HH:MM`, 00:00–24:00; whether `24:00` is
/// allowed in its position is checked by the caller).
pub fn time(text: &str, span: Span, errors: &mut Vec<SyntaxError>) -> TimeLit {
    let minutes = match text.split_once(':') {
        Some((h, m)) if h.len() == 2 && m.len() == 2 => {
            match (h.parse::<u16>(), m.parse::<u16>()) {
                (Ok(h), Ok(m)) if (h < 24 && m < 60) || (h == 24 && m == 0) => Some(h * 60 + m),
                _ => {
                    errors.push(SyntaxError::new(
                        codes::INVALID_TIME,
                        span,
                        format!("`{text}` is not a time of day"),
                        "times run from 00:00 to 23:59 (24:00 only as an end)",
                    ));
                    None
                }
            }
        }
        Some((h, m)) => {
            let mut e = SyntaxError::new(
                codes::INVALID_TIME,
                span,
                format!("times are written HH:MM, not `{text}`"),
                "not HH:MM",
            );
            if h.len() <= 2 && m.len() == 2 {
                e = e.with_help(format!("write `{h:0>2}:{m}`"));
            }
            errors.push(e);
            None
        }
        None => None,
    };
    TimeLit {
        text: text.to_owned(),
        minutes,
        span,
    }
}

/// Decodes a string literal (with its quotes), reporting bad escapes at the escape.
pub fn string(text: &str, span: Span, errors: &mut Vec<SyntaxError>) -> String {
    let inner = text
        .strip_prefix('"')
        .map_or(text, |t| t.strip_suffix('"').unwrap_or(t));
    // Most strings have no escape: copy them whole instead of char by char.
    if !inner.contains('\\') {
        return inner.to_owned();
    }
    let base = span.start as usize + 1;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, e)) = chars.next() else {
            break;
        };
        match e {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'u' => {
                // \u{1F680}
                let rest = &inner[j + 1..];
                let decoded = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .filter(|(hex, _)| {
                        (1..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit())
                    })
                    .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok().map(|v| (v, hex.len())));
                match decoded.and_then(|(v, n)| char::from_u32(v).map(|c| (c, n))) {
                    Some((ch, n)) => {
                        out.push(ch);
                        // skip `{`, the hex digits and `}`
                        for _ in 0..n + 2 {
                            chars.next();
                        }
                    }
                    None => errors.push(
                        SyntaxError::new(
                            codes::INVALID_ESCAPE,
                            Span::new(base + i, base + j + 1),
                            "malformed unicode escape",
                            "expected `\\u{…}` with 1 to 6 hex digits naming a character",
                        )
                        .with_help("write e.g. `\\u{1F680}`"),
                    ),
                }
            }
            other => errors.push(
                SyntaxError::new(
                    codes::INVALID_ESCAPE,
                    Span::new(base + i, base + j + other.len_utf8()),
                    format!("unknown escape `\\{other}` in a string"),
                    "unknown escape",
                )
                .with_note("the escapes are `\\\"`, `\\\\`, `\\n` and `\\u{…}`")
                .with_help("write `\\\\` for a backslash"),
            ),
        }
    }
    out
}

/// Parses a decimal from plain digits; used by tests and later stages.
#[must_use]
pub fn decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> (Quantity, Vec<SyntaxError>) {
        let mut errors = Vec::new();
        let q = quantity(text, Span::new(0, text.len()), None, &mut errors);
        (q, errors)
    }

    fn help_of(text: &str) -> Option<String> {
        q(text).1.first().and_then(|e| e.help.clone())
    }

    #[test]
    fn known_units() {
        assert_eq!(q("99.5%").0.unit, Unit::Percent);
        assert_eq!(q("15min").0.unit, Unit::Duration(TimeUnit::Min));
        assert_eq!(q("1bd").0.unit, Unit::Duration(TimeUnit::Bd));
        assert_eq!(q("100/s").0.unit, Unit::Rate(TimeUnit::S));
        assert_eq!(q("4.2").0.unit, Unit::Number);
        assert_eq!(q("99.85%").0.value, decimal("99.85"));
        assert!(q("99.5%").1.is_empty());
    }

    #[test]
    fn typos_get_suggestions() {
        assert_eq!(help_of("30sec").as_deref(), Some("did you mean `30s`?"));
        assert_eq!(help_of("15mins").as_deref(), Some("did you mean `15min`?"));
        assert_eq!(help_of("2hours").as_deref(), Some("did you mean `2h`?"));
        assert_eq!(help_of("1day").as_deref(), Some("did you mean `1d`?"));
        assert_eq!(help_of("1m").as_deref(), Some("did you mean `1min`?"));
        assert_eq!(help_of("30S").as_deref(), Some("did you mean `30s`?"));
        assert_eq!(
            help_of("4h30min").as_deref(),
            Some("write one unit: `270min`")
        );
        assert_eq!(
            help_of("18000GBP").as_deref(),
            Some("money is written with a space: `18000 GBP`")
        );
        assert_eq!(
            help_of("1e3").as_deref(),
            Some("numbers have no exponents: write all the digits")
        );
        assert_eq!(help_of("100/sec").as_deref(), Some("did you mean `100/s`?"));
        assert_eq!(q("1/bd").1.len(), 1);
    }

    #[test]
    fn huge_numbers_are_reported_not_panicked() {
        let (q, e) = q("123456789012345678901234567890123");
        assert_eq!(q.value, None);
        assert_eq!(e.first().map(|e| e.code), Some(codes::NUMBER_TOO_LARGE));
    }

    #[test]
    fn dates_and_times() {
        let mut e = Vec::new();
        assert!(date("2026-09-01", Span::new(0, 10), &mut e).value.is_some());
        assert!(date("2026-02-30", Span::new(0, 10), &mut e).value.is_none());
        assert!(date("2026-9-1", Span::new(0, 8), &mut e).value.is_none());
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].help.as_deref(), Some("write `2026-09-01`"));
        let mut e = Vec::new();
        assert_eq!(time("08:00", Span::new(0, 5), &mut e).minutes, Some(480));
        assert_eq!(time("24:00", Span::new(0, 5), &mut e).minutes, Some(1440));
        assert_eq!(time("24:01", Span::new(0, 5), &mut e).minutes, None);
        assert_eq!(time("9:30", Span::new(0, 4), &mut e).minutes, None);
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].help.as_deref(), Some("write `09:30`"));
    }

    #[test]
    fn strings_and_escapes() {
        let mut e = Vec::new();
        assert_eq!(
            string(r#""a\"b\\c\nd""#, Span::new(0, 12), &mut e),
            "a\"b\\c\nd"
        );
        assert_eq!(
            string(r#""Caf\u{e9} \u{1F680}""#, Span::new(0, 21), &mut e),
            "Café 🚀"
        );
        assert!(e.is_empty());
        let src = r#""bad \q and \u{D800}""#;
        string(src, Span::new(0, src.len()), &mut e);
        assert_eq!(e.len(), 2);
        assert_eq!(&src[e[0].span.range()], "\\q");
        assert_eq!(e[1].code, codes::INVALID_ESCAPE);
    }

    #[test]
    fn money_checks() {
        let mut e = Vec::new();
        let amt = q("12.50").0;
        check_money(&amt, "EUR", Span::new(6, 9), &mut e);
        assert!(e.is_empty());
        check_money(&q("12.505").0, "EUR", Span::new(7, 10), &mut e);
        check_money(&q("100.5").0, "JPY", Span::new(6, 9), &mut e);
        check_money(&q("100").0, "XYZ", Span::new(4, 7), &mut e);
        assert_eq!(e.len(), 3, "{e:#?}");
        assert!(e[0].message.contains("EUR has 2"));
        assert!(e[1].message.contains("JPY has 0"));
        assert!(e[2].message.contains("not an ISO 4217"));
    }
}
