//! Calendar time at instants: whether a calendar is open at a moment, and
//! how much open time lies between two moments (the stopped clock of a
//! target `during` a calendar).
//!
//! Spans of a weekday are read on the calendar's own clock (its IANA time
//! zone, DST included); a span that runs past midnight belongs to the day
//! it starts on, and an `except` date closes every span that starts on it,
//! the same reading the static checks use (`abide_check::calendar`).

use abide_check::model::CalendarModel;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

/// Days looked at, at most, for one duration: longer incidents are clipped
/// (a ten-year-old ticket does not make evaluation hang).
const MAX_DAYS: i64 = 3700;

/// A calendar with its time zone resolved once.
#[derive(Debug, Clone)]
pub struct Clock {
    /// The calendar (`None`: always open, UTC).
    pub calendar: Option<CalendarModel>,
    /// The zone its hours are read in.
    pub tz: TimeZone,
}

impl Clock {
    /// A 24×7 UTC clock.
    #[must_use]
    pub fn always() -> Self {
        Self {
            calendar: None,
            tz: TimeZone::UTC,
        }
    }

    /// The clock of a calendar model.
    #[must_use]
    pub fn of(calendar: CalendarModel) -> Self {
        let tz = abide_check::calendar::zone(&calendar);
        let always = calendar.is_always() && calendar.except.is_empty();
        Self {
            calendar: (!always).then_some(calendar),
            tz,
        }
    }

    /// The local date of an instant on this clock.
    #[must_use]
    pub fn date(&self, at: Timestamp) -> Date {
        self.tz.to_datetime(at).date()
    }

    fn closed_on(c: &CalendarModel, d: Date) -> bool {
        c.except.iter().any(|(a, b)| *a <= d && d <= *b)
    }

    /// The open spans that start on local day `d`, as instants.
    fn spans_of_day(&self, c: &CalendarModel, d: Date) -> Vec<(Timestamp, Timestamp)> {
        if Self::closed_on(c, d) {
            return Vec::new();
        }
        let wd = d.weekday().to_monday_zero_offset();
        let Some(spans) = c.weekly.get(usize::try_from(wd).unwrap_or(0)) else {
            return Vec::new();
        };
        let midnight = DateTime::from_parts(d, Time::midnight());
        spans
            .iter()
            .filter_map(|(a, b)| {
                let start = midnight
                    .checked_add(Span::new().minutes(i64::from(*a)))
                    .ok()?;
                let end = midnight
                    .checked_add(Span::new().minutes(i64::from(*b)))
                    .ok()?;
                let s = self.tz.to_timestamp(start).ok()?;
                let e = self.tz.to_timestamp(end).ok()?;
                (s < e).then_some((s, e))
            })
            .collect()
    }

    /// True when the calendar is open at `at`.
    #[must_use]
    pub fn is_open(&self, at: Timestamp) -> bool {
        let Some(c) = &self.calendar else {
            return true;
        };
        let d = self.date(at);
        // A span of the previous day may run past midnight into this one.
        [d.yesterday().ok(), Some(d)]
            .into_iter()
            .flatten()
            .any(|day| {
                self.spans_of_day(c, day)
                    .iter()
                    .any(|(s, e)| *s <= at && at < *e)
            })
    }

    /// Open seconds in `[from, to)`.
    #[must_use]
    pub fn open_seconds(&self, from: Timestamp, to: Timestamp) -> i64 {
        if to <= from {
            return 0;
        }
        let Some(c) = &self.calendar else {
            return to.as_second() - from.as_second();
        };
        let Ok(first) = self.date(from).yesterday() else {
            return 0;
        };
        let last = self.date(to);
        let mut total = 0;
        let mut d = first;
        let mut days = 0;
        while d <= last && days < MAX_DAYS {
            for (s, e) in self.spans_of_day(c, d) {
                let a = s.max(from);
                let b = e.min(to);
                if a < b {
                    total += b.as_second() - a.as_second();
                }
            }
            let Ok(next) = d.tomorrow() else { break };
            d = next;
            days += 1;
        }
        total
    }

    /// Seconds in one business day: the open time of an average open day.
    #[must_use]
    pub fn business_day_seconds(&self) -> i64 {
        let Some(c) = &self.calendar else {
            return 86_400;
        };
        let open_days = c.weekly.iter().filter(|d| !d.is_empty()).count();
        if open_days == 0 {
            return 0;
        }
        i64::from(c.weekly_minutes()) * 60 / i64::try_from(open_days).unwrap_or(1)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn teaching() -> Clock {
        let mut c = CalendarModel {
            timezone: Some("Europe/London".into()),
            ..CalendarModel::default()
        };
        for d in 0..5 {
            c.weekly[d] = vec![(8 * 60, 18 * 60)];
        }
        c.except
            .push(("2026-12-21".parse().unwrap(), "2027-01-03".parse().unwrap()));
        Clock::of(c)
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn open_at_instants_on_the_local_clock() {
        let c = teaching();
        // 08:30 BST on a Monday is 07:30 UTC.
        assert!(c.is_open(ts("2026-10-05T07:30:00Z")));
        assert!(!c.is_open(ts("2026-10-05T06:59:00Z")));
        // After the clocks go back, 08:30 local is 08:30 UTC.
        assert!(!c.is_open(ts("2026-11-02T07:30:00Z")));
        assert!(c.is_open(ts("2026-11-02T08:30:00Z")));
        // Saturday, and the winter closure.
        assert!(!c.is_open(ts("2026-10-10T12:00:00Z")));
        assert!(!c.is_open(ts("2026-12-22T12:00:00Z")));
    }

    #[test]
    fn the_clock_stops_outside_open_hours() {
        let c = teaching();
        // Friday 17:00 to Monday 09:00 local: one hour on Friday, one on Monday.
        let secs = c.open_seconds(ts("2026-10-09T16:00:00Z"), ts("2026-10-12T08:00:00Z"));
        assert_eq!(secs, 2 * 3600);
        assert_eq!(
            Clock::always().open_seconds(ts("2026-10-09T16:00:00Z"), ts("2026-10-09T17:30:00Z")),
            5400
        );
        assert_eq!(c.business_day_seconds(), 10 * 3600);
    }
}
