//! Finding `.abide` files, grouping them into workspaces and reading them
//! into the database. The only place where the CLI touches the file system
//! for sources.
//!
//! A directory holding an `abide.toml` is a workspace root: every `*.abide`
//! below it forms one workspace (one namespace of names). Files with no such
//! ancestor form one workspace per command-line argument.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use abide_db::{AbideDatabase, Level, Settings, Workspace};

pub use abide_db::discover::{WORKSPACE_FILE, workspace_root};

/// A problem reading the inputs (reported, then the rest is still checked).
#[derive(Debug)]
pub struct IoProblem {
    /// The path involved.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

/// Settings from the command line, applied after each `abide.toml`.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// Lint levels, applied after the file's.
    pub levels: Vec<(String, Level)>,
    /// `--deny warnings`.
    pub deny_warnings: bool,
    /// `--today`.
    pub today: Option<jiff::civil::Date>,
}

/// The loaded workspaces.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Workspaces in a stable order (by root path).
    pub workspaces: Vec<Workspace>,
    /// Number of files read.
    pub files: usize,
    /// Problems that kept a path from being read.
    pub problems: Vec<IoProblem>,
    /// Warnings about configuration files.
    pub config_warnings: Vec<String>,
}

/// Finds the files under `paths`, groups them and reads them into `db`.
pub fn load(db: &AbideDatabase, paths: &[PathBuf], overrides: &Overrides) -> Loaded {
    let mut loaded = Loaded::default();
    // root → files; a file reached twice (`d d/x.abide`, `./x.abide x.abide`) is read once.
    let mut groups: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut seen = HashSet::new();
    let mut roots_seen = HashSet::new();
    for arg in paths {
        let mut found = Vec::new();
        discover(arg, &mut found, &mut loaded.problems);
        let arg_key = std::fs::canonicalize(arg).unwrap_or_else(|_| arg.clone());
        // A path inside a workspace root stands for the whole workspace:
        // checking one file must see the names of its sibling files.
        if let Some(root) = workspace_root(&arg_key.join("x")).or_else(|| workspace_root(&arg_key))
            && arg_key.starts_with(&root)
            && roots_seen.insert(root.clone())
        {
            let shown = relative_to_arg(arg, &arg_key, &root);
            discover(&shown, &mut found, &mut loaded.problems);
        }
        for file in found {
            let canonical = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            if !seen.insert(canonical.clone()) {
                continue;
            }
            let root = workspace_root(&canonical).unwrap_or_else(|| arg_key.clone());
            groups.entry(root).or_default().push(file);
        }
    }
    for (root, files) in &mut groups {
        files.sort();
        files.dedup();
        let mut inputs = Vec::with_capacity(files.len());
        for path in files.iter() {
            match std::fs::read(path) {
                Ok(bytes) => {
                    inputs.push(abide_db::source_file_from_bytes(db, display(path), bytes));
                    loaded.files += 1;
                }
                Err(e) => loaded.problems.push(IoProblem {
                    path: path.clone(),
                    message: e.to_string(),
                }),
            }
        }
        let mut levels = Vec::new();
        if root.join(WORKSPACE_FILE).is_file() {
            match crate::config::read(root) {
                Ok(config) => {
                    levels = config.lints;
                    let shown = display(&root.join(WORKSPACE_FILE));
                    loaded
                        .config_warnings
                        .extend(config.warnings.into_iter().map(|w| format!("{shown}: {w}")));
                }
                Err(message) => loaded.problems.push(IoProblem {
                    path: root.join(WORKSPACE_FILE),
                    message,
                }),
            }
        }
        levels.extend(overrides.levels.iter().cloned());
        let settings = Settings::new(db, levels, overrides.deny_warnings, overrides.today);
        loaded.workspaces.push(Workspace::new(db, inputs, settings));
    }
    loaded
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_owned()
}

fn discover(arg: &Path, found: &mut Vec<PathBuf>, problems: &mut Vec<IoProblem>) {
    for (path, message) in abide_db::discover::abide_files(arg, found) {
        problems.push(IoProblem { path, message });
    }
}

/// How to show `root` to the user: relative, in the terms of `arg`, when
/// `arg` was relative (`examples/wifi/x.abide` → `examples/wifi`).
fn relative_to_arg(arg: &Path, canonical_arg: &Path, root: &Path) -> PathBuf {
    if arg.is_absolute() {
        return root.to_path_buf();
    }
    let Ok(below) = canonical_arg.strip_prefix(root) else {
        return root.to_path_buf();
    };
    let mut shown = arg.to_path_buf();
    for _ in below.components() {
        if !shown.pop() {
            return root.to_path_buf();
        }
    }
    if shown.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        shown
    }
}
