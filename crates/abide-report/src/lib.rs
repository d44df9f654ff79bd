//! The versioned JSON report of a checked workspace (`abide compile`) and its
//! JSON Schema.
//!
//! The report is a view over the same salsa queries as `abide check`: the
//! composed support figures come from the alignment query, the diagnostics
//! from `check_file`. It is deterministic: maps are ordered, floats are
//! printed the shortest way that round-trips, and no timestamp appears
//! unless `--today` was given.

mod lower;
pub mod types;

pub use lower::report;
pub use types::{REPORT_VERSION, Report};

/// The report as pretty-printed JSON with a trailing newline ([`write_json`]
/// into memory).
///
/// # Errors
/// Never in practice: every report type serialises; the error is passed on
/// rather than unwrapped.
pub fn to_json(report: &Report) -> Result<String, serde_json::Error> {
    let mut bytes = Vec::new();
    write_json(report, &mut bytes)?;
    String::from_utf8(bytes).map_err(serde::ser::Error::custom)
}

/// Writes the report as pretty-printed JSON with a trailing newline, without
/// building the text first (a large workspace's report is tens of megabytes).
///
/// # Errors
/// When writing fails; serialisation itself does not.
pub fn write_json(report: &Report, mut out: impl std::io::Write) -> Result<(), serde_json::Error> {
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n").map_err(serde_json::Error::io)
}

/// The JSON Schema of the report, as pretty-printed JSON with a trailing newline.
///
/// # Errors
/// Never in practice (see [`to_json`]).
pub fn schema_json() -> Result<String, serde_json::Error> {
    let schema = schemars::schema_for!(Report);
    let mut s = serde_json::to_string_pretty(&schema)?;
    s.push('\n');
    Ok(s)
}
