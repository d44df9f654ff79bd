//! `abide evaluate`: test the agreements against measured data and print
//! the verdict per target and window, the credits owed, the rewards earned
//! and the watermelon windows.
//!
//! Exit codes are made for CI gates: 0 when every measured window met its
//! target, 1 when any missed, 2 when the agreements or the data could not
//! be read (rejected rows are listed on stderr with file, line and column).

use std::path::PathBuf;

use abide_db::{AbideDatabase, Severity};
use abide_eval::{DataFile, Evaluation, Options};
use clap::{Args, ValueEnum};

use crate::load;

/// Output formats of `abide evaluate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum EvalFormat {
    /// A table per agreement, then credits, rewards and findings.
    #[default]
    Human,
    /// The versioned JSON evaluation (`abide-evaluation` format 1).
    Json,
}

/// Arguments of `abide evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Agreement files or directories (searched for `*.abide`). Default: `.`
    paths: Vec<PathBuf>,
    /// A data file or a directory of them (`samples*`, `events*`/`incidents*`,
    /// `surveys*`/`responses*`; `.csv` or `.ndjson`). May be repeated.
    #[arg(long, value_name = "PATH", required = true)]
    data: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    format: EvalFormat,
    /// Stop reading data after this many rejected rows.
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_errors: usize,
    /// Files larger than this many bytes are reported (E0117) and not read.
    #[arg(long, value_name = "BYTES", default_value_t = load::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
}

/// Runs the command; returns the exit code.
pub fn run(args: &EvaluateArgs) -> u8 {
    let db = AbideDatabase::default();
    let paths = load::paths_or_cwd(&args.paths);
    let overrides = load::Overrides {
        max_file_size: Some(args.max_file_size),
        ..load::Overrides::default()
    };
    let loaded = load::load_and_report(&db, &paths, &overrides);
    if loaded.failed() {
        return 2;
    }
    let errors = loaded
        .workspaces
        .iter()
        .flat_map(|&ws| abide_check::workspace_diagnostics(&db, ws).iter())
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        // Misalignment is a finding about the agreements, not a reason not
        // to measure them; targets that do not type-check are skipped.
        eprintln!(
            "note: the agreements have {errors} error{} (see `abide check`); evaluating what can be evaluated",
            if errors == 1 { "" } else { "s" }
        );
    }
    let mut files: Vec<DataFile> = Vec::new();
    for d in &args.data {
        match abide_eval::input::discover(d) {
            Ok(found) if found.is_empty() => {
                eprintln!(
                    "error: no data files in `{}` (names start with `samples`, `events`, `incidents`, `surveys` or `responses` and end in `.csv` or `.ndjson`)",
                    d.display()
                );
                return 2;
            }
            Ok(found) => files.extend(found),
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", d.display());
                return 2;
            }
        }
    }
    files.sort();
    files.dedup();
    let options = Options {
        max_errors: args.max_errors,
    };
    let mut merged: Option<Evaluation> = None;
    let mut rejected = 0usize;
    for &ws in &loaded.workspaces {
        let outcome = abide_eval::evaluate(&db, ws, &files, options);
        for e in &outcome.errors {
            eprintln!("error: {e}");
        }
        if outcome.stopped {
            eprintln!(
                "error: stopped reading data after {} rejected rows (--max-errors)",
                args.max_errors
            );
        }
        rejected += outcome.errors.len();
        merged = Some(match merged {
            None => outcome.evaluation,
            Some(m) => merge(m, outcome.evaluation),
        });
    }
    let Some(evaluation) = merged else {
        return 2;
    };
    match args.format {
        EvalFormat::Human => print!("{}", evaluation.render()),
        EvalFormat::Json => match evaluation.to_json() {
            Ok(j) => print!("{j}"),
            Err(e) => {
                eprintln!("error: cannot serialise the evaluation: {e}");
                return 2;
            }
        },
    }
    if rejected > 0 {
        2
    } else if evaluation.summary.missed > 0 {
        1
    } else {
        0
    }
}

/// One evaluation of several workspaces (they share the data).
fn merge(mut a: Evaluation, b: Evaluation) -> Evaluation {
    a.results.extend(b.results);
    a.credits.extend(b.credits);
    a.rewards.extend(b.rewards);
    a.watermelons.extend(b.watermelons);
    a.skipped.extend(b.skipped);
    a.summary.met += b.summary.met;
    a.summary.missed += b.summary.missed;
    a.summary.no_data += b.summary.no_data;
    a.data.used = a.data.used.max(b.data.used);
    a
}
