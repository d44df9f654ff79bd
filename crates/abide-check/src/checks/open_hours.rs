//! A calendar's open seconds in each window of a validity period, memoised
//! for the whole workspace.
//!
//! The dilution check (`diluted-support`) compares, window by window, the
//! open hours of a target's calendar with those of its supporters'. Most
//! agreements share their calendars, windows and validity, so the figures
//! are computed once per workspace; after an edit they are read again, not
//! recomputed (they depend only on the calendar's model).

use abide_db::{Db, Workspace};
use jiff::civil::Date;

use crate::calendar;
use crate::imports::Models;

pub use interned::WindowsOf;

/// In its own module because salsa generates undocumented accessors.
#[allow(missing_docs, reason = "salsa generates the interned accessors")]
mod interned {
    use jiff::civil::Date;

    use crate::model::Period;

    /// Which windows: those of `period` over the inclusive range
    /// `[first, last]`, with the open seconds of `calendar` in each, or in
    /// the window of `outer` that holds its start when `outer` is longer
    /// (a supporter measured over a longer period).
    #[salsa::interned(debug)]
    pub struct WindowsOf<'db> {
        #[returns(ref)]
        pub calendar: String,
        pub period: Period,
        pub first: Date,
        pub last: Date,
        pub outer: Option<Period>,
    }
}

/// Each window `(start, end)` with the open seconds counted for it
/// (`None` when the calendar is not declared).
#[salsa::tracked(returns(ref))]
pub fn open_windows<'db>(
    db: &'db dyn Db,
    ws: Workspace,
    key: WindowsOf<'db>,
) -> Option<Vec<(Date, Date, i64)>> {
    let cal = Models::workspace(db, ws).calendar(key.calendar(db))?;
    let period = *key.period(db);
    let outer = key.outer(db).filter(|o| o.months() > period.months());
    Some(
        calendar::windows(period, *key.first(db), *key.last(db))
            .into_iter()
            .map(|(start, end)| {
                let (from, to) = outer
                    .and_then(|o| calendar::window_of(o, start))
                    .unwrap_or((start, end));
                (start, end, calendar::open_seconds(cal, from, to))
            })
            .collect(),
    )
}
