//! Measured data files: discovery, streaming decoding of CSV and NDJSON
//! rows, and input errors that name file, line and column.
//!
//! Rows are handed to a callback one at a time, so memory does not grow
//! with the number of rows. Decoding stops at the *shape* of a row
//! (required fields present, timestamps with an offset, numbers parse);
//! whether a row makes sense for the agreements (a known target, the right
//! unit, a score on its scale) is the evaluator's business, and it reports
//! those errors with the same [`Pos`].

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

/// What a data file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Probe results and measurements: `timestamp, target, value, labels…`.
    Samples,
    /// Incidents and requests: `id, opened, responded, resolved, restored, …`.
    Events,
    /// Survey responses: `timestamp, metric, score, labels…`.
    Surveys,
}

impl Kind {
    /// The word used in file names and messages.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Kind::Samples => "samples",
            Kind::Events => "events",
            Kind::Surveys => "surveys",
        }
    }
}

/// How a data file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Comma-separated values with a header line.
    Csv,
    /// One JSON object per line.
    Ndjson,
}

/// One data file to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataFile {
    /// Where it is.
    pub path: PathBuf,
    /// What it holds.
    pub kind: Kind,
    /// How it is encoded.
    pub format: Format,
}

/// A position in a data file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// The file, as given.
    pub file: String,
    /// Line number.
    pub line: u64,
    /// Column (characters from the start of the line) of the offending field.
    pub column: u64,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A rejected row or an unreadable file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputError {
    /// Where.
    pub pos: Pos,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.message)
    }
}

/// Extra columns or keys of a row: labels such as `hall=H1` or `priority=critical`.
pub type Labels = BTreeMap<String, String>;

/// A probe result or measurement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// When it was taken.
    pub at: Timestamp,
    /// `agreement.target` or a metric name.
    pub target: String,
    /// The value as written: `up`, `down`, `99.7%`, `35s`, `240`.
    pub value: String,
    /// The other columns.
    pub labels: Labels,
    /// Where the row is, with the column of `value`.
    pub pos: Pos,
    /// The column of `target`.
    pub target_column: u64,
}

/// An incident or request with its timestamps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Its identifier.
    pub id: String,
    /// When it was opened (the window it belongs to).
    pub opened: Timestamp,
    /// The other timestamps by column name (`responded`, `resolved`, `restored`, …).
    pub stamps: BTreeMap<String, Timestamp>,
    /// The other columns (`priority`, `site`, …).
    pub labels: Labels,
    /// Where the row is.
    pub pos: Pos,
}

/// A survey response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    /// When it was given.
    pub at: Timestamp,
    /// The metric it scores (`satisfaction`, `nps`, `ease_of_use`).
    pub metric: String,
    /// The score.
    pub score: rust_decimal::Decimal,
    /// The other columns.
    pub labels: Labels,
    /// Where the row is, with the column of `score`.
    pub pos: Pos,
    /// The column of `metric`.
    pub metric_column: u64,
}

/// One decoded row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// From a samples file.
    Sample(Sample),
    /// From an events file.
    Event(Event),
    /// From a surveys file.
    Survey(Survey),
}

/// Event columns that are timestamps, and the duration metric each one ends.
pub const EVENT_STAMPS: &[(&str, &str)] = &[
    ("responded", "response_time"),
    ("resolved", "resolution_time"),
    ("restored", "restore_time"),
    ("answered", "answer_time"),
    ("replaced", "replacement_time"),
];

/// The data files under `dir` (recursively), sorted by path: names start
/// with `samples`, `events`/`incidents` or `surveys`/`responses` and end in
/// `.csv` or `.ndjson`/`.jsonl`. Other files are ignored.
///
/// # Errors
/// When `dir` cannot be read.
pub fn discover(dir: &Path) -> std::io::Result<Vec<DataFile>> {
    let mut out = Vec::new();
    if dir.is_file() {
        if let Some(f) = classify(dir) {
            out.push(f);
        }
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Some(f) = classify(&path) {
                out.push(f);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The kind and format of a data file from its name.
#[must_use]
pub fn classify(path: &Path) -> Option<DataFile> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let format = if name.ends_with(".csv") {
        Format::Csv
    } else if name.ends_with(".ndjson") || name.ends_with(".jsonl") {
        Format::Ndjson
    } else {
        return None;
    };
    let kind = if name.starts_with("samples") {
        Kind::Samples
    } else if name.starts_with("events") || name.starts_with("incidents") {
        Kind::Events
    } else if name.starts_with("surveys") || name.starts_with("responses") {
        Kind::Surveys
    } else {
        return None;
    };
    Some(DataFile {
        path: path.to_path_buf(),
        kind,
        format,
    })
}

/// Reads `file` row by row, handing each decoded row or rejected line to
/// `each`, which returns `false` to stop reading.
pub fn read(file: &DataFile, each: &mut dyn FnMut(Result<Row, InputError>) -> bool) {
    let name = file.path.display().to_string();
    let opened = match std::fs::File::open(&file.path) {
        Ok(f) => f,
        Err(e) => {
            each(Err(InputError {
                pos: Pos {
                    file: name,
                    line: 0,
                    column: 0,
                },
                message: format!("cannot read the file: {e}"),
            }));
            return;
        }
    };
    let reader = std::io::BufReader::new(opened);
    match file.format {
        Format::Csv => read_csv(&name, file.kind, reader, each),
        Format::Ndjson => read_ndjson(&name, file.kind, reader, each),
    }
}

/// A row's fields by name, with the column each starts at.
struct Fields {
    values: Vec<(String, String, u64)>,
}

impl Fields {
    fn get(&self, key: &str) -> Option<(&str, u64)> {
        self.values
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, c)| (v.as_str(), *c))
    }
}

fn read_csv(
    name: &str,
    kind: Kind,
    reader: impl std::io::Read,
    each: &mut dyn FnMut(Result<Row, InputError>) -> bool,
) {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            each(Err(InputError {
                pos: Pos {
                    file: name.to_owned(),
                    line: 1,
                    column: 1,
                },
                message: format!("the header line cannot be read: {e}"),
            }));
            return;
        }
    };
    let mut record = csv::StringRecord::new();
    loop {
        let line = csv.position().line();
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, csv::Position::line);
                if !each(Err(InputError {
                    pos: Pos {
                        file: name.to_owned(),
                        line,
                        column: 1,
                    },
                    message: format!("this line is not valid CSV: {e}"),
                })) {
                    return;
                }
                continue;
            }
        }
        let line = record.position().map_or(line, csv::Position::line);
        if record.len() != headers.len() {
            if !each(Err(InputError {
                pos: Pos {
                    file: name.to_owned(),
                    line,
                    column: 1,
                },
                message: format!(
                    "this line has {} fields, the header has {}",
                    record.len(),
                    headers.len()
                ),
            })) {
                return;
            }
            continue;
        }
        let values = headers
            .iter()
            .zip(record.iter())
            .enumerate()
            .map(|(i, (h, v))| {
                // The record stores fields without their commas: add one per field before.
                let col = record.range(i).map_or(1, |r| (r.start + i) as u64 + 1);
                (h.clone(), v.to_owned(), col)
            })
            .collect();
        let fields = Fields { values };
        let go = match decode(name, line, kind, &fields) {
            Ok(r) => each(Ok(r)),
            Err(e) => each(Err(e)),
        };
        if !go {
            return;
        }
    }
}

fn read_ndjson(
    name: &str,
    kind: Kind,
    reader: impl BufRead,
    each: &mut dyn FnMut(Result<Row, InputError>) -> bool,
) {
    for (i, text) in reader.lines().enumerate() {
        let line = i as u64 + 1;
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                each(Err(InputError {
                    pos: Pos {
                        file: name.to_owned(),
                        line,
                        column: 1,
                    },
                    message: format!("this line cannot be read: {e}"),
                }));
                return;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                if !each(Err(InputError {
                    pos: Pos {
                        file: name.to_owned(),
                        line,
                        column: e.column() as u64,
                    },
                    message: format!("this line is not a JSON object: {e}"),
                })) {
                    return;
                }
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            if !each(Err(InputError {
                pos: Pos {
                    file: name.to_owned(),
                    line,
                    column: 1,
                },
                message: "this line is not a JSON object".into(),
            })) {
                return;
            }
            continue;
        };
        let column = |key: &str| {
            text.find(&format!("\"{key}\""))
                .map_or(1, |b| text[..b].chars().count() as u64 + 1)
        };
        let mut values = Vec::new();
        for (k, v) in obj {
            if k == "labels"
                && let Some(labels) = v.as_object()
            {
                for (lk, lv) in labels {
                    values.push((lk.to_ascii_lowercase(), scalar(lv), column(lk)));
                }
                continue;
            }
            values.push((k.to_ascii_lowercase(), scalar(v), column(k)));
        }
        let fields = Fields { values };
        let go = match decode(name, line, kind, &fields) {
            Ok(r) => each(Ok(r)),
            Err(e) => each(Err(e)),
        };
        if !go {
            return;
        }
    }
}

/// A JSON scalar as text (`null` as empty).
fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Decodes the fields of one row of `kind`.
fn decode(name: &str, line: u64, kind: Kind, f: &Fields) -> Result<Row, InputError> {
    let at = |column: u64, message: String| InputError {
        pos: Pos {
            file: name.to_owned(),
            line,
            column,
        },
        message,
    };
    let required = |key: &str| -> Result<(&str, u64), InputError> {
        match f.get(key) {
            Some((v, c)) if !v.is_empty() => Ok((v, c)),
            Some((_, c)) => Err(at(c, format!("`{key}` is empty"))),
            None => Err(at(1, format!("a {} row needs `{key}`", kind.word()))),
        }
    };
    let stamp = |key: &str, text: &str, column: u64| -> Result<Timestamp, InputError> {
        timestamp(text).map_err(|m| at(column, format!("`{key}`: {m}")))
    };
    let labels = |skip: &[&str]| -> Labels {
        f.values
            .iter()
            .filter(|(k, v, _)| !skip.contains(&k.as_str()) && !v.is_empty())
            .map(|(k, v, _)| (k.clone(), v.clone()))
            .collect()
    };
    let pos = |column: u64| Pos {
        file: name.to_owned(),
        line,
        column,
    };
    match kind {
        Kind::Samples => {
            let (t, tc) = required("timestamp")?;
            let at_ts = stamp("timestamp", t, tc)?;
            let (target, target_column) = required("target")?;
            let (value, vc) = required("value")?;
            Ok(Row::Sample(Sample {
                at: at_ts,
                target: target.to_owned(),
                value: value.to_owned(),
                labels: labels(&["timestamp", "target", "value"]),
                pos: pos(vc),
                target_column,
            }))
        }
        Kind::Events => {
            let (id, _) = required("id")?;
            let (o, oc) = required("opened")?;
            let opened = stamp("opened", o, oc)?;
            let mut stamps = BTreeMap::new();
            for (col, _) in EVENT_STAMPS {
                if let Some((v, c)) = f.get(col)
                    && !v.is_empty()
                {
                    let ts = stamp(col, v, c)?;
                    if ts < opened {
                        return Err(at(c, format!("`{col}` ({v}) is before `opened` ({o})")));
                    }
                    stamps.insert((*col).to_owned(), ts);
                }
            }
            let mut skip = vec!["id", "opened"];
            skip.extend(EVENT_STAMPS.iter().map(|(c, _)| *c));
            Ok(Row::Event(Event {
                id: id.to_owned(),
                opened,
                stamps,
                labels: labels(&skip),
                pos: pos(1),
            }))
        }
        Kind::Surveys => {
            let (t, tc) = required("timestamp")?;
            let at_ts = stamp("timestamp", t, tc)?;
            let (metric, metric_column) = required("metric")?;
            let (s, sc) = required("score")?;
            let score = s
                .parse::<rust_decimal::Decimal>()
                .map_err(|_| at(sc, format!("the score `{s}` is not a number")))?;
            Ok(Row::Survey(Survey {
                at: at_ts,
                metric: metric.to_owned(),
                score,
                labels: labels(&["timestamp", "metric", "score"]),
                pos: pos(sc),
                metric_column,
            }))
        }
    }
}

/// An RFC 3339 timestamp with an offset (`2026-10-05T09:12:00Z`, `…+01:00`).
///
/// # Errors
/// A message naming what is wrong.
pub fn timestamp(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>().map_err(|_| {
        if text.parse::<jiff::civil::DateTime>().is_ok() {
            format!("`{text}` has no offset: write it as `{text}Z` (UTC) or with `+01:00`")
        } else {
            format!("`{text}` is not a timestamp such as `2026-10-05T09:12:00Z`")
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn rows(kind: Kind, format: Format, text: &str) -> (Vec<Row>, Vec<InputError>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data");
        std::fs::write(&path, text).unwrap();
        let file = DataFile { path, kind, format };
        let (mut ok, mut bad) = (Vec::new(), Vec::new());
        read(&file, &mut |r| {
            match r {
                Ok(r) => ok.push(r),
                Err(e) => bad.push(e),
            }
            true
        });
        (ok, bad)
    }

    #[test]
    fn csv_rows_decode_and_bad_rows_name_line_and_column() {
        let (ok, bad) = rows(
            Kind::Samples,
            Format::Csv,
            "timestamp,target,value,hall\n2026-10-05T09:00:00Z,wifi_sla.availability,up,H1\n2026-10-05 09:01,wifi_sla.availability,down,H1\n",
        );
        assert_eq!(ok.len(), 1);
        let Row::Sample(s) = &ok[0] else { panic!() };
        assert_eq!(s.labels.get("hall").map(String::as_str), Some("H1"));
        assert_eq!(bad.len(), 1);
        assert_eq!((bad[0].pos.line, bad[0].pos.column), (3, 1));
        assert!(
            bad[0].message.contains("has no offset"),
            "{}",
            bad[0].message
        );
    }

    #[test]
    fn ndjson_rows_decode_with_labels_and_columns() {
        let (ok, bad) = rows(
            Kind::Events,
            Format::Ndjson,
            "{\"id\":\"INC1\",\"opened\":\"2026-10-05T09:00:00Z\",\"resolved\":\"2026-10-05T10:00:00Z\",\"priority\":\"critical\"}\n\n{\"id\":\"INC2\",\"opened\":\"2026-10-05T09:00:00Z\",\"resolved\":\"2026-10-05T08:00:00Z\"}\n",
        );
        assert_eq!(ok.len(), 1);
        let Row::Event(e) = &ok[0] else { panic!() };
        assert_eq!(
            e.labels.get("priority").map(String::as_str),
            Some("critical")
        );
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].pos.line, 3);
        assert!(bad[0].pos.column > 40, "{:?}", bad[0].pos);
        assert!(bad[0].message.contains("before `opened`"));
    }

    #[test]
    fn file_names_decide_kind_and_format() {
        let k = |n: &str| classify(Path::new(n)).map(|f| (f.kind, f.format));
        assert_eq!(k("samples-probes.csv"), Some((Kind::Samples, Format::Csv)));
        assert_eq!(k("incidents.ndjson"), Some((Kind::Events, Format::Ndjson)));
        assert_eq!(k("responses.jsonl"), Some((Kind::Surveys, Format::Ndjson)));
        assert_eq!(k("notes.txt"), None);
        assert_eq!(k("other.csv"), None);
    }
}
