//! `abide compile`: check, then write the versioned JSON report, or (with
//! `--format sql`) one SQL query per target that computes the evaluation
//! figures where the data lives (docs/evaluate.md).
//!
//! Nothing is written when there are errors (an existing output file is left
//! untouched), and the report is written atomically: a temporary file in the
//! same directory, renamed over the target.

use std::io::Write;
use std::path::{Path, PathBuf};

use abide_db::{AbideDatabase, Diagnostic, Severity, render};
use clap::Args;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::load;

/// What `abide compile` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum CompileFormat {
    /// The versioned JSON report.
    #[default]
    Json,
    /// One SQL query per target over the documented input tables (DuckDB, Trino).
    Sql,
}

/// Arguments of `abide compile`.
#[derive(Debug, Args)]
pub struct CompileArgs {
    /// What to write.
    #[arg(long, value_enum, default_value_t = CompileFormat::Json)]
    format: CompileFormat,
    /// Files or directories to compile (directories are searched for `*.abide`). Default: `.`
    paths: Vec<PathBuf>,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The date lints compare against; also recorded in the report (otherwise
    /// the system date is used and the report carries no date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<jiff::civil::Date>,
    /// Files larger than this many bytes are reported (E0117) and not read.
    #[arg(long, value_name = "BYTES", default_value_t = load::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// A workspace with more `.abide` files than this is reported and not read.
    #[arg(long, value_name = "N", default_value_t = load::DEFAULT_MAX_FILES)]
    max_files: usize,
    /// Threads to check with (default 0: one per core). The output is the same for any number.
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    threads: usize,
}

/// Runs the command; returns the exit code.
pub fn run(args: &CompileArgs) -> u8 {
    let mut db = AbideDatabase::default();
    let code = run_on(&mut db, args);
    // The process ends here: freeing every memo one by one would take a
    // twentieth of the run on a large workspace; the OS reclaims it at once.
    std::mem::forget(db);
    code
}

fn run_on(db: &mut AbideDatabase, args: &CompileArgs) -> u8 {
    let paths = load::paths_or_cwd(&args.paths);
    let overrides = load::Overrides {
        today: Some(load::today_or_now(args.today)),
        max_file_size: Some(args.max_file_size),
        max_files: Some(args.max_files),
        ..load::Overrides::default()
    };
    let loaded = load::load_and_report(db, &paths, &overrides);
    if loaded.failed() {
        return 2;
    }
    abide_check::check_all(
        db,
        &loaded.workspaces,
        abide_check::threads(args.threads),
        // The report reads every tree again: evicting them while checking
        // would only parse everything twice.
        abide_check::Trees::Keep,
    );
    let errors: Vec<Diagnostic> = loaded
        .workspaces
        .iter()
        .flat_map(|&ws| abide_check::workspace_diagnostics(db, ws).iter().cloned())
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        let stream = StandardStream::stderr(ColorChoice::Never);
        let mut out = stream.lock();
        let _ = render::human_to(db, &errors, &mut out);
        let _ = writeln!(
            out,
            "error: no report written: {} error{} (fix them, then compile again)",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        return 1;
    }
    // The report is streamed to its destination: its text would be as
    // large again as the report itself.
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if args.format == CompileFormat::Sql {
            let sql: Vec<String> = loaded
                .workspaces
                .iter()
                .map(|&ws| abide_eval::sql(db, ws))
                .collect();
            out.write_all(sql.join("\n").as_bytes())
        } else {
            let report =
                abide_report::report(db, &loaded.workspaces, args.today.map(|d| d.to_string()));
            abide_report::write_json(&report, &mut *out).map_err(std::io::Error::from)
        }
    };
    match &args.output {
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            if let Err(e) = write(&mut stdout).and_then(|()| stdout.flush())
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                eprintln!("error: cannot write the report: {e}");
                return 2;
            }
            0
        }
        Some(path) => match write_atomically(path, write) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                2
            }
        },
    }
}

/// Writes to `path` through a temporary file in the same directory, so
/// that readers never see a half-written report.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
