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

/// The default of `--max-file-size`: 16 MiB, far beyond any real agreement.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 << 20;

/// The default of `--max-files`: the most `.abide` files one workspace may hold.
pub const DEFAULT_MAX_FILES: usize = 100_000;

/// Settings from the command line, applied after each `abide.toml`.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--max-file-size` (bytes; `None`: [`DEFAULT_MAX_FILE_SIZE`]). A larger
    /// file is reported (E0117) and not read.
    pub max_file_size: Option<u64>,
    /// `--max-files` (`None`: [`DEFAULT_MAX_FILES`]). A workspace with more
    /// files is reported and none of its files is read.
    pub max_files: Option<usize>,
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
    let max_size = overrides.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let max_files = overrides.max_files.unwrap_or(DEFAULT_MAX_FILES);
    for (root, files) in &mut groups {
        files.sort();
        files.dedup();
        if files.len() > max_files {
            loaded.problems.push(IoProblem {
                path: root.clone(),
                message: format!(
                    "the workspace has {} `.abide` files, more than the limit of {max_files}; \
                     none was read (raise the limit with `--max-files`)",
                    files.len()
                ),
            });
            continue;
        }
        let mut inputs = Vec::with_capacity(files.len());
        for path in files.iter() {
            match read_limited(path, max_size) {
                Ok(bytes) => {
                    inputs.push(abide_db::source_file_from_bytes(db, display(path), bytes));
                    loaded.files += 1;
                }
                Err(message) => loaded.problems.push(IoProblem {
                    path: path.clone(),
                    message,
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

/// Reads a file of at most `limit` bytes; a larger one is not read (its
/// size is checked first, and the read stops past the limit in case the
/// file grows meanwhile).
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let too_large = |size: u64| {
        format!(
            "{} {}: the file has {size} bytes, more than the limit of {limit} bytes; \
             it was not read (raise the limit with `--max-file-size`)",
            abide_syntax::codes::FILE_TOO_LARGE.id,
            abide_syntax::codes::FILE_TOO_LARGE.name,
        )
    };
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    if size > limit {
        return Err(too_large(size));
    }
    // Sized from the metadata: a growing buffer would keep up to twice the
    // file's size for the whole run (the text is stored as read).
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
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

/// The paths to read: the ones given, or the current directory.
#[must_use]
pub fn paths_or_cwd(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// `--today`, or today's date in UTC.
#[must_use]
pub fn today_or_now(today: Option<jiff::civil::Date>) -> jiff::civil::Date {
    today.unwrap_or_else(|| {
        jiff::tz::TimeZone::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()
    })
}

impl Loaded {
    /// True when some path could not be read or nothing was found: exit 2.
    #[must_use]
    pub fn failed(&self) -> bool {
        !self.problems.is_empty() || self.files == 0
    }
}

/// Loads like [`load`] and reports on stderr what the user must know about
/// the inputs: configuration warnings, unreadable paths, no files at all.
pub fn load_and_report(db: &AbideDatabase, paths: &[PathBuf], overrides: &Overrides) -> Loaded {
    let loaded = load(db, paths, overrides);
    for w in &loaded.config_warnings {
        eprintln!("warning: {w}");
    }
    for p in &loaded.problems {
        eprintln!("error: cannot read `{}`: {}", p.path.display(), p.message);
    }
    if loaded.files == 0 && loaded.problems.is_empty() {
        eprintln!("error: no `.abide` files found in {}", list(paths));
    }
    loaded
}

/// "`a`, `b`": paths for a message.
#[must_use]
pub fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", p.display()))
        .collect::<Vec<_>>()
        .join(", ")
}
