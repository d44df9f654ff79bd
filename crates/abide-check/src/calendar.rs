//! Calendar arithmetic: open hours in a window (time zones, DST, `except`
//! dates and month lengths counted exactly, via jiff's bundled tz database),
//! weekly coverage between two calendars, and the windows of a validity.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::model::{CalendarModel, Period};

/// Minutes in a week.
pub const WEEK: u32 = 7 * 1440;

/// The calendar's weekly open time as disjoint, sorted spans of week
/// minutes (0 = Monday 00:00), spans past Sunday midnight wrapped to Monday.
#[must_use]
pub fn weekly_union(c: &CalendarModel) -> Vec<(u32, u32)> {
    let mut spans = Vec::new();
    for (day, list) in c.weekly.iter().enumerate() {
        for &(a, b) in list {
            let start = day as u32 * 1440 + u32::from(a);
            let end = day as u32 * 1440 + u32::from(b);
            if end <= WEEK {
                spans.push((start, end));
            } else {
                spans.push((start, WEEK));
                spans.push((0, end - WEEK));
            }
        }
    }
    merge(spans)
}

fn merge(mut spans: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    spans.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Week minutes of `a` that `b` does not cover, `b` shifted by
/// `shift_minutes` (the difference of the two zones' UTC offsets).
#[must_use]
pub fn uncovered(a: &CalendarModel, b: &CalendarModel, shift_minutes: i32) -> Vec<(u32, u32)> {
    uncovered_by(a, shift(&weekly_union(b), shift_minutes))
}

/// Moves week-minute spans by `minutes`, wrapping around the week.
#[must_use]
pub fn shift(spans: &[(u32, u32)], minutes: i32) -> Vec<(u32, u32)> {
    let out = spans
        .iter()
        .flat_map(|&(s, e)| {
            let s2 = (i64::from(s) + i64::from(minutes)).rem_euclid(i64::from(WEEK)) as u32;
            let len = e - s;
            if s2 + len <= WEEK {
                vec![(s2, s2 + len)]
            } else {
                vec![(s2, WEEK), (0, s2 + len - WEEK)]
            }
        })
        .collect();
    merge(out)
}

/// Week minutes of `a` outside the given (merged or not) spans.
#[must_use]
pub fn uncovered_by(a: &CalendarModel, spans: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    let b_spans = merge(spans);
    let mut out = Vec::new();
    for (s, e) in weekly_union(a) {
        let mut cursor = s;
        for &(bs, be) in &b_spans {
            if be <= cursor || bs >= e {
                continue;
            }
            if bs > cursor {
                out.push((cursor, bs.min(e)));
            }
            cursor = cursor.max(be);
            if cursor >= e {
                break;
            }
        }
        if cursor < e {
            out.push((cursor, e));
        }
    }
    out
}

/// Minutes to add to `b`'s local times to read them on `a`'s clock, at `at`.
#[must_use]
pub fn offset_shift(a: &CalendarModel, b: &CalendarModel, at: jiff::Timestamp) -> i32 {
    if a.timezone == b.timezone || a.is_always() || b.is_always() {
        return 0;
    }
    (zone(a).to_offset(at).seconds() - zone(b).to_offset(at).seconds()) / 60
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Describes week-minute spans as "mon–fri 08:00–09:00 and 17:00–18:00".
#[must_use]
pub fn describe_spans(spans: &[(u32, u32)]) -> String {
    // Split at day boundaries, then group days with identical spans.
    let mut per_day: [Vec<(u32, u32)>; 7] = Default::default();
    for &(s, e) in spans {
        let mut a = s;
        while a < e {
            let day = (a / 1440) as usize;
            let day_end = (day as u32 + 1) * 1440;
            let b = e.min(day_end);
            if let Some(list) = per_day.get_mut(day) {
                list.push((a - day as u32 * 1440, b - day as u32 * 1440));
            }
            a = b;
        }
    }
    // (first day, last day, the day's spans)
    type Group = (usize, usize, Vec<(u32, u32)>);
    let mut groups: Vec<Group> = Vec::new();
    for (d, list) in per_day.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        match groups.last_mut() {
            Some((_, last, l)) if *last + 1 == d && l == list => *last = d,
            _ => groups.push((d, d, list.clone())),
        }
    }
    groups
        .iter()
        .map(|(a, b, list)| {
            let days = if a == b {
                DAYS[*a].to_owned()
            } else {
                format!("{}–{}", DAYS[*a], DAYS[*b])
            };
            let times = list
                .iter()
                .map(|(s, e)| format!("{}–{}", hhmm(*s), hhmm(*e)))
                .collect::<Vec<_>>()
                .join(" and ");
            format!("{days} {times}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The time zone of a calendar (`UTC` when missing or unknown; unknown
/// zones are reported by the calendar's own check).
#[must_use]
pub fn zone(c: &CalendarModel) -> TimeZone {
    c.timezone
        .as_deref()
        .and_then(|n| TimeZone::get(n).ok())
        .unwrap_or(TimeZone::UTC)
}

/// True when `name` is a time zone of the bundled IANA database.
#[must_use]
pub fn is_known_zone(name: &str) -> bool {
    TimeZone::get(name).is_ok()
}

fn instant(tz: &TimeZone, date: Date, minutes: u32) -> Option<i64> {
    let days = i64::from(minutes / 1440);
    let m = minutes % 1440;
    // Span arithmetic is slow; most spans end on the day they start.
    let d = if days == 0 {
        date
    } else {
        date.checked_add(jiff::Span::new().days(days)).ok()?
    };
    let dt = DateTime::new(
        d.year(),
        d.month(),
        d.day(),
        (m / 60) as i8,
        (m % 60) as i8,
        0,
        0,
    )
    .ok()?;
    tz.to_timestamp(dt).ok().map(|t| t.as_second())
}

/// Open seconds of the calendar on local dates `[from, to)` (exceptions
/// close whole days; spans belong to the day they start on).
#[must_use]
pub fn open_seconds(c: &CalendarModel, from: Date, to: Date) -> i64 {
    let tz = zone(c);
    // A zone without transitions (UTC, as for `always`): a span lasts what
    // it says, no conversion to instants needed.
    let fixed = tz.to_fixed_offset().is_ok();
    let mut total = 0;
    let mut d = from;
    while d < to {
        let closed = c.except.iter().any(|(a, b)| *a <= d && d <= *b);
        if !closed {
            let wd = d.weekday().to_monday_zero_offset() as usize;
            for &(a, b) in c.weekly.get(wd).map_or(&[][..], Vec::as_slice) {
                if fixed {
                    total += (i64::from(b) - i64::from(a)).max(0) * 60;
                } else if let (Some(s), Some(e)) =
                    (instant(&tz, d, u32::from(a)), instant(&tz, d, u32::from(b)))
                {
                    total += (e - s).max(0);
                }
            }
        }
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    total
}

/// The window of `period` containing `date`: `[start, end)` local dates.
#[must_use]
pub fn window_of(period: Period, date: Date) -> Option<(Date, Date)> {
    let first_of = |m: i8| Date::new(date.year(), m, 1).ok();
    let (start, months) = match period {
        Period::Day => return Some((date, date.tomorrow().ok()?)),
        Period::Week => {
            let back = i64::from(date.weekday().to_monday_zero_offset());
            let s = date.checked_sub(jiff::Span::new().days(back)).ok()?;
            return Some((s, s.checked_add(jiff::Span::new().days(7)).ok()?));
        }
        Period::Month => (first_of(date.month())?, 1),
        Period::Quarter => (first_of((date.month() - 1) / 3 * 3 + 1)?, 3),
        Period::HalfYear => (first_of(if date.month() <= 6 { 1 } else { 7 })?, 6),
        Period::Year => (first_of(1)?, 12),
    };
    Some((
        start,
        start.checked_add(jiff::Span::new().months(months)).ok()?,
    ))
}

/// The windows of `period` overlapping the inclusive date range `[first, last]`,
/// clipped to it (partial windows at the ends are evaluated as partial).
#[must_use]
pub fn windows(period: Period, first: Date, last: Date) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let Ok(end) = last.tomorrow() else { return out };
    let mut d = first;
    while d < end && out.len() < 1000 {
        let Some((s, e)) = window_of(period, d) else {
            break;
        };
        out.push((s.max(first), e.min(end)));
        d = e;
    }
    out
}

/// A window's label: "December 2026", "Q1 2027", "week of 2026-12-07".
#[must_use]
pub fn label(period: Period, start: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS
        .get(usize::try_from(start.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    match period {
        Period::Day => start.to_string(),
        Period::Week => format!("the week of {start}"),
        Period::Month => format!("{month} {}", start.year()),
        Period::Quarter => format!("Q{} {}", (start.month() - 1) / 3 + 1, start.year()),
        Period::HalfYear => format!(
            "H{} {}",
            if start.month() <= 6 { 1 } else { 2 },
            start.year()
        ),
        Period::Year => start.year().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal(tz: &str, days: std::ops::RangeInclusive<usize>, a: u16, b: u16) -> CalendarModel {
        let mut c = CalendarModel {
            timezone: Some(tz.to_owned()),
            ..CalendarModel::default()
        };
        for d in days {
            c.weekly[d].push((a, b));
        }
        c
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn december_2026_has_140_teaching_hours() {
        let mut teaching = cal("Europe/London", 0..=4, 8 * 60, 18 * 60);
        teaching
            .except
            .push((date("2026-12-21"), date("2027-01-03")));
        let secs = open_seconds(&teaching, date("2026-12-01"), date("2027-01-01"));
        assert_eq!(secs, 140 * 3600);
        let always = cal("UTC", 0..=6, 0, 1440);
        assert_eq!(
            open_seconds(&always, date("2026-12-01"), date("2027-01-01")),
            744 * 3600
        );
    }

    #[test]
    fn dst_days_count_their_real_hours() {
        // 2026-03-29: clocks go forward in London at 01:00.
        let night = cal("Europe/London", 6..=6, 0, 4 * 60);
        assert_eq!(
            open_seconds(&night, date("2026-03-29"), date("2026-03-30")),
            3 * 3600
        );
    }

    #[test]
    fn coverage_names_the_uncovered_hours() {
        let teaching = cal("Europe/London", 0..=4, 8 * 60, 18 * 60);
        let vendor = cal("Europe/London", 0..=4, 9 * 60, 17 * 60);
        let gaps = uncovered(&teaching, &vendor, 0);
        assert_eq!(describe_spans(&gaps), "mon–fri 08:00–09:00 and 17:00–18:00");
        assert!(uncovered(&vendor, &teaching, 0).is_empty());
    }

    #[test]
    fn windows_of_a_validity() {
        let w = windows(Period::Month, date("2026-09-01"), date("2027-08-31"));
        assert_eq!(w.len(), 12);
        assert_eq!(label(Period::Month, w[3].0), "December 2026");
        let q = windows(Period::Quarter, date("2026-09-15"), date("2026-12-31"));
        assert_eq!(
            q,
            vec![
                (date("2026-09-15"), date("2026-10-01")),
                (date("2026-10-01"), date("2027-01-01"))
            ]
        );
    }
}
