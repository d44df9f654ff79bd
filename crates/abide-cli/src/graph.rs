//! `abide graph`: print the support graph of each workspace (DOT or Mermaid).

use std::io::Write;
use std::path::{Path, PathBuf};

use abide_db::{AbideDatabase, Workspace};
use clap::{Args, ValueEnum};

use crate::load;

/// Output formats of `abide graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum GraphFormat {
    /// Graphviz DOT (`abide graph | dot -Tsvg > graph.svg`).
    #[default]
    Dot,
    /// A Mermaid flowchart (for Markdown pages).
    Mermaid,
}

/// Arguments of `abide graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Files or directories to read (directories are searched for `*.abide`). Default: `.`
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: GraphFormat,
    /// The date the checks compare against (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<jiff::civil::Date>,
}

/// Runs the command; returns the exit code. A graph is printed even when
/// the workspace has errors: it is a way to look at them.
pub fn run(args: &GraphArgs) -> u8 {
    let db = AbideDatabase::default();
    let paths = load::paths_or_cwd(&args.paths);
    let overrides = load::Overrides {
        today: Some(load::today_or_now(args.today)),
        ..load::Overrides::default()
    };
    let loaded = load::load_and_report(&db, &paths, &overrides);
    let mut out = String::new();
    for (i, &ws) in loaded
        .workspaces
        .iter()
        .filter(|ws| !ws.files(&db).is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push('\n');
        }
        let name = root_name(&db, ws);
        out.push_str(&match args.format {
            GraphFormat::Dot => abide_check::graph::dot_named(&db, ws, &name),
            GraphFormat::Mermaid => abide_check::graph::mermaid_named(&db, ws, &name),
        });
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`abide graph | head`) is not worth a second error.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {e}");
        }
        return 2;
    }
    if loaded.files == 0 || !loaded.problems.is_empty() {
        return 2;
    }
    0
}

/// The workspace's root as the user sees it: the nearest directory above
/// its files that holds an `abide.toml`, else the directory the files
/// share (`.` when that is the current one).
fn root_name(db: &AbideDatabase, ws: Workspace) -> String {
    let mut common: Option<PathBuf> = None;
    for f in ws.files(db) {
        let dir = Path::new(f.path(db))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        common = Some(match common {
            None => dir,
            Some(c) => c
                .components()
                .zip(dir.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let common = common.unwrap_or_default();
    let root = common
        .ancestors()
        .find(|d| {
            let probe = if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            };
            probe.join(load::WORKSPACE_FILE).is_file()
        })
        .unwrap_or(&common);
    if root.as_os_str().is_empty() {
        ".".into()
    } else {
        root.to_string_lossy().into_owned()
    }
}
