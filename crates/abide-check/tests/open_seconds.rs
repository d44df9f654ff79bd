//! `calendar::open_seconds` against a verbatim copy of its original
//! day-by-day algorithm (every span converted to instants through jiff), on
//! hand-computed cases and many deterministic pseudo-random ones: zones with
//! and without DST in both hemispheres, spans past midnight, `except` lists
//! long and short, ranges over years and single days on transition dates.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test harness helpers may fail loudly"
)]

use abide_check::calendar::{open_seconds, zone};
use abide_check::model::CalendarModel;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// The original `instant` of calendar.rs, kept as the reference.
fn instant_reference(tz: &TimeZone, date: Date, minutes: u32) -> Option<i64> {
    let days = i64::from(minutes / 1440);
    let m = minutes % 1440;
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

/// The original `open_seconds` of calendar.rs, kept as the reference: every
/// day checked against every `except` range, every span of a zone with
/// transitions converted to instants.
fn open_seconds_reference(c: &CalendarModel, from: Date, to: Date) -> i64 {
    let tz = zone(c);
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
                } else if let (Some(s), Some(e)) = (
                    instant_reference(&tz, d, u32::from(a)),
                    instant_reference(&tz, d, u32::from(b)),
                ) {
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

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

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

/// Both implementations agree, and the fast one's answer is returned.
fn both(c: &CalendarModel, from: &str, to: &str) -> i64 {
    let (from, to) = (date(from), date(to));
    let fast = open_seconds(c, from, to);
    assert_eq!(
        fast,
        open_seconds_reference(c, from, to),
        "{c:?} on [{from}, {to})"
    );
    fast
}

#[test]
fn hand_computed_weeks_and_dst_days() {
    // The week of the spring change in London: office hours are 5 × 8 h.
    let office = cal("Europe/London", 0..=4, 9 * 60, 17 * 60);
    assert_eq!(both(&office, "2026-03-23", "2026-03-30"), 5 * 8 * 3600);
    // The whole Sunday of the change lasts 23 h, of the autumn change 25 h.
    let sunday = cal("Europe/London", 6..=6, 0, 1440);
    assert_eq!(both(&sunday, "2026-03-29", "2026-03-30"), 23 * 3600);
    assert_eq!(both(&sunday, "2026-10-25", "2026-10-26"), 25 * 3600);
    // A night shift from Saturday 22:00 to Sunday 06:00 spans the change.
    let night = cal("Europe/London", 5..=5, 22 * 60, 30 * 60);
    assert_eq!(both(&night, "2026-03-28", "2026-03-29"), 7 * 3600);
    assert_eq!(both(&night, "2026-10-24", "2026-10-25"), 9 * 3600);
    // New York springs forward at 02:00 on 2026-03-08: 01:00–04:00 is 2 h.
    let early = cal("America/New_York", 6..=6, 60, 4 * 60);
    assert_eq!(both(&early, "2026-03-08", "2026-03-09"), 2 * 3600);
    // Lord Howe moves by 30 minutes (back on 2026-04-05).
    let lh = cal("Australia/Lord_Howe", 6..=6, 0, 1440);
    assert_eq!(both(&lh, "2026-04-05", "2026-04-06"), 24 * 3600 + 1800);
    // An exception closes the whole day, spans past midnight included.
    let mut shifts = cal("UTC", 0..=6, 20 * 60, 28 * 60);
    shifts.except.push((date("2026-01-02"), date("2026-01-03")));
    assert_eq!(both(&shifts, "2026-01-01", "2026-01-08"), 5 * 8 * 3600);
    // A reversed span is empty, except when its start falls after a gap and
    // its end in it: 03:10 EDT is 10 minutes after the jump, and the missing
    // 02:30 is read as 03:30 EDT.
    let reversed = cal("America/New_York", 6..=6, 190, 150);
    assert_eq!(both(&reversed, "2026-03-01", "2026-03-08"), 0);
    assert_eq!(both(&reversed, "2026-03-08", "2026-03-09"), 20 * 60);
    // Empty and reversed ranges count nothing.
    assert_eq!(both(&office, "2026-03-30", "2026-03-23"), 0);
    assert_eq!(both(&office, "2026-03-23", "2026-03-23"), 0);
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn date_between(&mut self, first: Date, days: i64) -> Date {
        let k = self.below(days as u64) as i64;
        first.checked_add(jiff::Span::new().days(k)).unwrap()
    }
}

const ZONES: &[&str] = &[
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
    "Australia/Lord_Howe",
    "Europe/Dublin",
    "America/Santiago",
    "Africa/Casablanca",
    "Antarctica/Troll",
    "America/St_Johns",
    "Pacific/Apia",
    "Etc/GMT+5",
    "Not/AZone",
];

fn random_calendar(rng: &mut Rng) -> CalendarModel {
    let timezone = match rng.below(20) {
        0 => None,
        _ => Some((*rng.pick(ZONES)).to_owned()),
    };
    let mut c = CalendarModel {
        timezone: timezone.map(Into::into),
        ..CalendarModel::default()
    };
    let step = *rng.pick(&[1u64, 15, 30, 60]);
    for day in &mut c.weekly {
        let spans = match rng.below(4) {
            0 => 0,
            1 | 2 => 1,
            _ => 1 + rng.below(3),
        };
        for _ in 0..spans {
            let (a, b) = match rng.below(12) {
                0 => (0, 1440),
                // Past midnight, to the model's limit of 48 h.
                1 => (rng.below(1440) / step * step, 1440 + rng.below(1441)),
                // Reversed: counts nothing, except across a gap.
                2 => {
                    let a = rng.below(1440);
                    (a, a.saturating_sub(rng.below(120)))
                }
                // Beyond the model's limit: still must agree.
                3 => (rng.below(1440), 2880 + rng.below(2000)),
                _ => {
                    let a = rng.below(1440) / step * step;
                    (a, a + rng.below(2880 - a + 1) / step * step)
                }
            };
            day.push((a as u16, b as u16));
        }
    }
    let n = match rng.below(6) {
        0..=2 => 0,
        3 | 4 => 1 + rng.below(4),
        _ => 20 + rng.below(60),
    };
    for _ in 0..n {
        let a = rng.date_between(date("2018-06-01"), 365 * 11);
        let len = rng.below(40) as i64 - 3; // sometimes reversed
        let b = a.checked_add(jiff::Span::new().days(len)).unwrap();
        c.except.push((a, b));
    }
    c
}

#[test]
fn agrees_with_the_reference_on_random_calendars() {
    let mut rng = Rng(0x00AB_1DE5);
    for _ in 0..1500 {
        let c = random_calendar(&mut rng);
        let from = rng.date_between(date("2019-01-01"), 365 * 9);
        let len = match rng.below(10) {
            0 => rng.below(800) as i64,
            1 => -(rng.below(5) as i64),
            _ => rng.below(95) as i64,
        };
        let to = from.checked_add(jiff::Span::new().days(len)).unwrap();
        assert_eq!(
            open_seconds(&c, from, to),
            open_seconds_reference(&c, from, to),
            "{c:?} on [{from}, {to})"
        );
    }
}

#[test]
fn agrees_on_transition_days_and_long_ranges() {
    let mut rng = Rng(7);
    let days = [
        "2026-03-29", // London forward
        "2026-10-25", // London back
        "2026-03-08", // New York forward
        "2026-11-01", // New York back
        "2026-04-05", // Sydney, Lord Howe back
        "2026-10-04", // Sydney, Lord Howe forward
        "2011-12-29", // Apia skips 2011-12-30
        "2011-12-30",
        "2011-12-31",
    ];
    for _ in 0..150 {
        let c = random_calendar(&mut rng);
        for d in days {
            let from = date(d);
            for back in 0..3 {
                let f = from.checked_sub(jiff::Span::new().days(back)).unwrap();
                let t = from.checked_add(jiff::Span::new().days(1)).unwrap();
                both(&c, &f.to_string(), &t.to_string());
            }
        }
    }
    for zone in ZONES {
        let mut c = cal(zone, 0..=4, 8 * 60, 18 * 60);
        c.weekly[5].push((22 * 60, 30 * 60));
        c.weekly[6].push((0, 1440));
        c.except.push((date("2019-12-20"), date("2020-01-05")));
        c.except.push((date("2027-12-24"), date("2028-01-10")));
        c.except.push((date("2024-03-31"), date("2024-03-31")));
        assert!(both(&c, "2020-01-01", "2027-12-31") > 0);
    }
}

#[test]
fn agrees_at_the_ends_of_the_calendar() {
    // Near the limits of jiff's dates, conversions to instants can fail and
    // drop spans: the fast path must drop the same ones.
    let days = |d: Date, k: i64| d.checked_add(jiff::Span::new().days(k)).unwrap();
    let check = |c: &CalendarModel, from: Date, to: Date| {
        assert_eq!(
            open_seconds(c, from, to),
            open_seconds_reference(c, from, to),
            "{c:?} on [{from}, {to})"
        );
    };
    for zone in ["Europe/London", "Australia/Sydney", "UTC", "Asia/Kolkata"] {
        let mut c = cal(zone, 0..=6, 60, 2880);
        c.weekly[2].push((0, 1440));
        check(&c, days(Date::MAX, -40), Date::MAX);
        check(&c, Date::MIN, days(Date::MIN, 40));
        c.except.push((Date::MAX, Date::MAX));
        c.except.push((Date::MIN, days(Date::MIN, 2)));
        check(&c, days(Date::MAX, -10), Date::MAX);
        check(&c, Date::MIN, days(Date::MIN, 10));
    }
}

/// Times the fast and the reference implementation on a London month.
/// Run with `cargo test --release -p abide-check --test open_seconds --
/// --ignored --nocapture`.
#[test]
#[ignore = "timing, prints figures only"]
fn timing() {
    let mut c = cal("Europe/London", 0..=4, 9 * 60, 17 * 60 + 30);
    c.except.push((date("2026-04-03"), date("2026-04-06")));
    c.except.push((date("2026-12-24"), date("2027-01-01")));
    let months = [
        ("2026-02-01", "2026-03-01"),
        ("2026-03-01", "2026-04-01"),
        ("2026-10-01", "2026-11-01"),
    ];
    let n = 100_000;
    let start = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(zone(std::hint::black_box(&c)));
    }
    println!(
        "zone lookup alone: {:>7.0} ns/call",
        start.elapsed().as_secs_f64() * 1e9 / f64::from(n)
    );
    for (from, to) in months {
        let (from, to) = (date(from), date(to));
        for (name, f) in [
            (
                "reference",
                open_seconds_reference as fn(&CalendarModel, Date, Date) -> i64,
            ),
            ("fast", open_seconds),
        ] {
            let start = std::time::Instant::now();
            let mut sum = 0;
            for _ in 0..n {
                sum += f(std::hint::black_box(&c), from, to);
            }
            let el = start.elapsed();
            println!(
                "{name:>9} [{from}, {to}): {n} calls in {:>8.1} ms, {:>7.0} ns/call (sum {sum})",
                el.as_secs_f64() * 1e3,
                el.as_secs_f64() * 1e9 / f64::from(n)
            );
        }
    }
}
