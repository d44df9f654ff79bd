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
///
/// A span lasts what it says except where the zone changes its UTC offset
/// nearby, so only the days whose spans could reach a transition are
/// converted to instants; every other day adds its weekday's nominal total.
#[must_use]
pub fn open_seconds(c: &CalendarModel, from: Date, to: Date) -> i64 {
    if from >= to {
        return 0;
    }
    let tz = zone(c);
    // Within days of jiff's limits a conversion to an instant can fail and
    // drop its span; count those rare ranges the slow way to drop the same.
    if from.year() < -9990 || to.year() > 9990 {
        return open_seconds_by_day(c, &tz, from, to);
    }
    let from_n = day_number(from);
    let to_n = day_number(to);

    // Per weekday: nominal seconds; and the earliest and latest minute past
    // local midnight of any span end, to bound their reach. Both ends of a
    // reversed span count: it is empty on most days, but not across a gap.
    let mut nominal = [0i64; 7];
    let (mut first_min, mut last_min) = (u32::MAX, 0u32);
    for (total, list) in nominal.iter_mut().zip(&c.weekly) {
        for &(a, b) in list {
            *total += (i64::from(b) - i64::from(a)).max(0) * 60;
            first_min = first_min.min(u32::from(a.min(b)));
            last_min = last_min.max(u32::from(a.max(b)));
        }
    }
    if first_min > last_min {
        return 0; // no spans at all
    }

    let dirty = if tz.to_fixed_offset().is_ok() {
        Vec::new()
    } else {
        match transition_days(&tz, from_n, to_n, first_min, last_min) {
            Some(d) => d,
            None => return open_seconds_by_day(c, &tz, from, to),
        }
    };
    let closed = closed_days(c, from_n, to_n);

    let mut total = 0;
    let mut wd = from.weekday().to_monday_zero_offset() as usize;
    let (mut ci, mut di) = (0, 0);
    for n in from_n..to_n {
        while closed.get(ci).is_some_and(|&(_, hi)| hi < n) {
            ci += 1;
        }
        let closed_today = closed.get(ci).is_some_and(|&(lo, _)| lo <= n);
        if !closed_today {
            while dirty.get(di).is_some_and(|&(_, hi)| hi < n) {
                di += 1;
            }
            total += if dirty.get(di).is_some_and(|&(lo, _)| lo <= n) {
                exact_day(c, &tz, n, wd)
            } else {
                nominal.get(wd).copied().unwrap_or(0)
            };
        }
        wd = if wd == 6 { 0 } else { wd + 1 };
    }
    total
}

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The inclusive day-number ranges (see [`day_number`]) of the days in
/// `[from_n, to_n)` whose spans, reaching from `first_min` to `last_min`
/// minutes past local midnight, could differ from their nominal length.
/// `None` when a timestamp is out of jiff's range.
///
/// Why the rest is exact: a civil time `L` (as seconds, read as if UTC) is
/// the instant `t` with `t + offset(t) = L`, so `t` lies within the zone's
/// extreme offsets (`lo`, `hi`) of `L`. All offsets of the instants within
/// 26 h of the range are among the ones seen here. When no transition falls
/// in `[start − hi, end − lo]` for a day's civil spans `[start, end]`, one
/// offset holds over all candidate instants: each civil time has exactly
/// one instant, and every span its nominal length.
fn transition_days(
    tz: &TimeZone,
    from_n: i64,
    to_n: i64,
    first_min: u32,
    last_min: u32,
) -> Option<Vec<(i64, i64)>> {
    let first = i64::from(first_min) * 60;
    let last = i64::from(last_min) * 60;
    // Two days of margin cover jiff's offsets (under 26 h) either way.
    let scan_start = jiff::Timestamp::from_second((from_n - 2) * DAY).ok()?;
    let scan_end = to_n * DAY + last + 2 * DAY;
    let initial = i64::from(tz.to_offset(scan_start).seconds());
    let (mut lo, mut hi) = (initial, initial);
    let mut times = Vec::new();
    for t in tz.following(scan_start) {
        let at = t.timestamp().as_second();
        if at > scan_end {
            break;
        }
        let offset = i64::from(t.offset().seconds());
        lo = lo.min(offset);
        hi = hi.max(offset);
        times.push(at);
    }
    // Day `n` is affected when `n·DAY + first − hi <= at <= n·DAY + last − lo`.
    let mut days: Vec<(i64, i64)> = Vec::new();
    for at in times {
        let a = (at + lo - last + DAY - 1).div_euclid(DAY);
        let b = (at + hi - first).div_euclid(DAY);
        match days.last_mut() {
            Some(prev) if a <= prev.1 + 1 => prev.1 = prev.1.max(b),
            _ => days.push((a, b)),
        }
    }
    Some(days)
}

/// The `except` ranges within `[from_n, to_n)` as sorted, disjoint,
/// inclusive day-number ranges, so the days are walked with one cursor
/// instead of scanning every range for every day.
fn closed_days(c: &CalendarModel, from_n: i64, to_n: i64) -> Vec<(i64, i64)> {
    let mut ranges: Vec<(i64, i64)> = c
        .except
        .iter()
        .map(|&(a, b)| (day_number(a).max(from_n), day_number(b).min(to_n - 1)))
        .filter(|(a, b)| a <= b)
        .collect();
    if ranges.len() > 1 {
        ranges.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match merged.last_mut() {
                Some(prev) if a <= prev.1 + 1 => prev.1 = prev.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        ranges = merged;
    }
    ranges
}

/// Open seconds of day number `n` (weekday `wd`), every span converted to
/// instants.
fn exact_day(c: &CalendarModel, tz: &TimeZone, n: i64, wd: usize) -> i64 {
    let Some(d) = date_of(n) else { return 0 };
    let mut total = 0;
    for &(a, b) in c.weekly.get(wd).map_or(&[][..], Vec::as_slice) {
        if let (Some(s), Some(e)) = (instant(tz, d, u32::from(a)), instant(tz, d, u32::from(b))) {
            total += (e - s).max(0);
        }
    }
    total
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's
/// `days_from_civil`), cheaper than jiff's span arithmetic in a loop.
fn day_number(d: Date) -> i64 {
    let month = i64::from(d.month());
    let y = i64::from(d.year()) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + i64::from(d.day()) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (inverse of [`day_number`]).
fn date_of(n: i64) -> Option<Date> {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// The day-by-day count: every span of a zone with transitions converted to
/// instants. Used near the limits of jiff's dates only.
fn open_seconds_by_day(c: &CalendarModel, tz: &TimeZone, from: Date, to: Date) -> i64 {
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
                    (instant(tz, d, u32::from(a)), instant(tz, d, u32::from(b)))
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
            timezone: Some(tz.into()),
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
    fn day_numbers_round_trip() {
        assert_eq!(day_number(date("1970-01-01")), 0);
        assert_eq!(day_number(date("2000-03-01")), 11_017);
        assert_eq!(day_number(date("1969-12-31")), -1);
        // Every day over four centuries (leap rules included) and both ends
        // of jiff's dates map back to themselves, one number apart.
        let mut d = date("1899-12-25");
        let mut n = day_number(d);
        while d < date("2300-01-10") {
            assert_eq!(date_of(n), Some(d));
            d = d.tomorrow().unwrap_or(d);
            n += 1;
            assert_eq!(day_number(d), n);
        }
        for end in [Date::MIN, Date::MAX] {
            assert_eq!(date_of(day_number(end)), Some(end));
        }
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
