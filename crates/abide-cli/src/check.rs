//! `abide check`: load, ask the database for diagnostics, print them.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use abide_db::{AbideDatabase, Diagnostic, Level, Severity, render};
use clap::{Args, ValueEnum};
use codespan_reporting::term::termcolor::StandardStream;

use crate::ColorWhen;
use crate::load;

/// Output formats of `abide check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Rich terminal output with source snippets.
    #[default]
    Human,
    /// One JSON array of diagnostics.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other review tools.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), one per line.
    Github,
}

/// Arguments of `abide check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (directories are searched for `*.abide`). Default: `.`
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t)]
    color: ColorWhen,
    /// Report a lint as an error (`--deny warnings`: every warning).
    #[arg(long, value_name = "LINT")]
    deny: Vec<String>,
    /// Report a lint as a warning.
    #[arg(long, value_name = "LINT")]
    warn: Vec<String>,
    /// Do not report a lint.
    #[arg(long, value_name = "LINT")]
    allow: Vec<String>,
    /// The date lints such as `expired` compare against (default: the system date).
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
    /// Keep only a few syntax trees in memory: about half the memory on a large
    /// workspace, for nearly twice the time (each file is parsed twice).
    #[arg(long)]
    low_memory: bool,
}

impl CheckArgs {
    /// The command-line settings; an unknown lint name is a usage error.
    fn overrides(&self) -> Result<load::Overrides, String> {
        let mut o = load::Overrides {
            today: Some(load::today_or_now(self.today)),
            max_file_size: Some(self.max_file_size),
            max_files: Some(self.max_files),
            ..load::Overrides::default()
        };
        // allow, then warn, then deny: the strictest flag wins.
        for (names, level) in [
            (&self.allow, Level::Allow),
            (&self.warn, Level::Warn),
            (&self.deny, Level::Deny),
        ] {
            for name in names {
                if name == "warnings" && level == Level::Deny {
                    o.deny_warnings = true;
                    continue;
                }
                if let Some(msg) = crate::config::unknown_lint(name) {
                    return Err(msg);
                }
                o.levels.push((name.clone(), level));
            }
        }
        Ok(o)
    }
}

/// Runs the command; returns the exit code.
pub fn run(args: &CheckArgs) -> u8 {
    let mut db = AbideDatabase::default();
    let code = run_on(&mut db, args);
    // The process ends here: freeing every memo one by one would take a
    // twentieth of the run on a large workspace; the OS reclaims it at once.
    std::mem::forget(db);
    code
}

fn run_on(db: &mut AbideDatabase, args: &CheckArgs) -> u8 {
    let paths = load::paths_or_cwd(&args.paths);
    let overrides = match args.overrides() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    let loaded = load::load_and_report(db, &paths, &overrides);
    abide_check::check_all(
        db,
        &loaded.workspaces,
        abide_check::threads(args.threads),
        if args.low_memory {
            abide_check::Trees::Few
        } else {
            abide_check::Trees::Release
        },
    );
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for &ws in &loaded.workspaces {
        diagnostics.extend(abide_check::workspace_diagnostics(db, ws).iter().cloned());
    }
    let failed = loaded.failed();
    let written = match args.format {
        Format::Human => print_human(db, &diagnostics, args.color, loaded.files, failed),
        Format::Json => print_json(db, &diagnostics),
        Format::Sarif => print_sarif(db, &diagnostics),
        Format::Github => print_github(db, &diagnostics),
    };
    if let Err(e) = written {
        // A closed pipe (`abide check | head`) is not worth a second error.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {e}");
        }
        return 2;
    }
    if failed {
        return 2;
    }
    u8::from(diagnostics.iter().any(|d| d.severity == Severity::Error))
}

fn print_human(
    db: &AbideDatabase,
    diagnostics: &[Diagnostic],
    when: ColorWhen,
    files: usize,
    failed: bool,
) -> std::io::Result<()> {
    let stream = StandardStream::stdout(when.choice(std::io::stdout().is_terminal()));
    let mut out = stream.lock();
    render::human_to(db, diagnostics, &mut out)?;
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let files_word = if files == 1 { "file" } else { "files" };
    if failed && errors + warnings + infos == 0 {
        writeln!(
            out,
            "checked {files} {files_word}; some paths could not be read (see above)"
        )?;
    } else if errors + warnings + infos == 0 {
        writeln!(out, "checked {files} {files_word}: no problems found")?;
    } else {
        writeln!(
            out,
            "checked {files} {files_word}: {}, {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info")
        )?;
    }
    out.flush()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 || word == "info" {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn print_json(db: &AbideDatabase, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let json = render::json(db, diagnostics);
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &json).map_err(json_error)?;
    writeln!(out)?;
    out.flush()
}

fn print_sarif(db: &AbideDatabase, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let sarif = abide_db::sarif::sarif(db, diagnostics);
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &sarif).map_err(json_error)?;
    writeln!(out)?;
    out.flush()
}

fn print_github(db: &AbideDatabase, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(abide_db::github::github(db, diagnostics).as_bytes())?;
    out.flush()
}

fn json_error(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::from(kind),
        None => std::io::Error::other(e),
    }
}
