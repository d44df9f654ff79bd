//! Writes the measured data of the campus Wi-Fi example (examples/campus-wifi)
//! for the autumn term 2026, deterministically:
//!
//! ```text
//! cargo run -p abide-eval --example wifi_data -- examples/campus-wifi-data
//! ```
//!
//! The story the data tells (and `abide evaluate` must find):
//! - September: everything met.
//! - October: every SLA target met, but satisfaction averages 3.9 against a
//!   bound of 4.2: a *watermelon* month.
//! - November: a controller outage on the 10th (10:00–11:30) brings teaching-
//!   hours availability to about 99.3 % (< 99.5 %): the SLA is missed and
//!   5 % of the 18 000 GBP fee (900 GBP) is owed; the outage's incident took
//!   3 hours to resolve, so `p1_resolution` misses too.
//! - December: users are happy again (4.6+): the 500 GBP reward is earned.

use std::fmt::Write as _;
use std::path::PathBuf;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, ToSpan};

/// A tiny xorshift generator: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("examples/campus-wifi-data"), PathBuf::from);
    if let Err(e) = write_all(&dir) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn london() -> TimeZone {
    TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC)
}

/// A local London time as a UTC RFC 3339 timestamp.
fn at(date: Date, h: i8, m: i8) -> Timestamp {
    london()
        .to_timestamp(date.to_datetime(Time::new(h, m, 0, 0).unwrap_or(Time::midnight())))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn days() -> impl Iterator<Item = Date> {
    let start = jiff::civil::date(2026, 9, 1);
    (0..122).filter_map(move |d| start.checked_add(Span::new().days(d)).ok())
}

fn weekday(d: Date) -> bool {
    d.weekday().to_monday_zero_offset() < 5
}

fn write_all(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    std::fs::write(dir.join("samples-probes.csv"), probes())?;
    std::fs::write(dir.join("samples-reports.csv"), reports(&mut rng))?;
    std::fs::write(dir.join("incidents.csv"), incidents(&mut rng))?;
    std::fs::write(dir.join("surveys.csv"), surveys(&mut rng))?;
    Ok(())
}

/// Controller probes every 15 minutes, 07:00–19:00 London time on weekdays.
fn probes() -> String {
    let mut s = String::from("timestamp,target,value\n");
    for d in days().filter(|d| weekday(*d)) {
        for slot in 0..48 {
            let (h, m) = (7 + slot / 4, (slot % 4) * 15);
            let t = at(d, h, m);
            let down = match (d.month(), d.day()) {
                // The November outage: 10:00–11:30, six probes.
                (11, 10) => (10..=11).contains(&h) && (h == 10 || m < 30),
                // One failed probe in October, inside teaching hours.
                (10, 14) => h == 9 && m == 0,
                _ => false,
            };
            let _ = writeln!(
                s,
                "{t},wifi_sla.availability,{}",
                if down { "down" } else { "up" }
            );
            let _ = writeln!(s, "{t},network_ola.core_availability,up");
        }
    }
    s
}

/// The ISP's monthly availability report and daily peak users per hall.
fn reports(rng: &mut Rng) -> String {
    let mut s = String::from("timestamp,target,value,lecture_hall\n");
    for (month, figure) in [
        (9, "99.97%"),
        (10, "99.95%"),
        (11, "99.93%"),
        (12, "99.96%"),
    ] {
        let last = jiff::civil::date(2026, month, 1).last_of_month();
        let _ = writeln!(s, "{},isp.link_availability,{figure},", at(last, 23, 0));
    }
    for d in days().filter(|d| weekday(*d)) {
        for hall in ["H1", "H2", "H3"] {
            let peak = 210 + rng.below(60);
            let _ = writeln!(s, "{},wifi_sla.capacity,{peak},{hall}", at(d, 11, 0));
        }
    }
    s
}

/// Critical incidents: about two a week, answered and fixed in time, except
/// the November outage.
fn incidents(rng: &mut Rng) -> String {
    let mut s = String::from("id,priority,opened,responded,resolved,restored,hall\n");
    let mut n = 0;
    for d in days().filter(|d| weekday(*d) && d.day() % 3 == 0) {
        n += 1;
        let (open_h, open_m) = (9 + (rng.below(7) as i8), (rng.below(4) * 15) as i8);
        let opened = at(d, open_h, open_m);
        let (respond, restore, resolve) = (
            3 + rng.below(7) as i64,
            30 + rng.below(50) as i64,
            45 + rng.below(60) as i64,
        );
        let plus = |minutes: i64| opened.checked_add(minutes.minutes()).unwrap_or(opened);
        let _ = writeln!(
            s,
            "INC{n:04},P1,{opened},{},{},{},H{}",
            plus(respond),
            plus(resolve),
            plus(restore),
            1 + rng.below(3)
        );
    }
    // The outage itself, opened at 10:00 on 10 November.
    let opened = at(jiff::civil::date(2026, 11, 10), 10, 0);
    let plus = |minutes: i64| opened.checked_add(minutes.minutes()).unwrap_or(opened);
    let _ = writeln!(
        s,
        "INC{:04},P1,{opened},{},{},{},H2",
        n + 1,
        plus(9),
        plus(180),
        plus(85)
    );
    s
}

/// Pulse-survey responses: satisfaction and ease of use, 1–5.
fn surveys(rng: &mut Rng) -> String {
    let mut s = String::from("timestamp,metric,score\n");
    for d in days().filter(|d| weekday(*d)) {
        // Satisfaction: two responses a day, centred on the month's mood.
        let mood: &[u64] = match d.month() {
            9 => &[4, 4, 5, 5, 4],
            10 => &[4, 4, 3, 4, 4, 4, 4, 4, 4, 4],
            11 => &[4, 4, 5, 4, 5],
            _ => &[5, 5, 4, 5, 5],
        };
        for k in 0..2 {
            let i = ((rng.below(mood.len() as u64) as usize) + k) % mood.len();
            let score = mood.get(i).copied().unwrap_or(4);
            let _ = writeln!(s, "{},satisfaction,{score}", at(d, 12 + k as i8, 30));
        }
        let ease = if rng.below(20) == 0 {
            3
        } else {
            4 + rng.below(2)
        };
        let _ = writeln!(s, "{},ease_of_use,{ease}", at(d, 14, 0));
    }
    s
}
