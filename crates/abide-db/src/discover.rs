//! Finding `.abide` files on disk and the workspace each belongs to.
//!
//! This is I/O at the edge, shared by the command line and the language
//! server; no query calls it. A directory holding an `abide.toml` is a
//! workspace root: every `*.abide` below it forms one workspace.

use std::path::{Path, PathBuf};

/// The marker file of a workspace root.
pub const WORKSPACE_FILE: &str = "abide.toml";

/// Appends the `.abide` files at or below `arg` to `found`, sorted by name;
/// hidden directories, `target` and `node_modules` are not searched.
/// Symbolic links are followed (a linked agreement file is read, not
/// silently skipped); a link loop or a dangling link is reported once and
/// the rest is still searched. Returns the paths that could not be read,
/// with the reason.
pub fn abide_files(arg: &Path, found: &mut Vec<PathBuf>) -> Vec<(PathBuf, String)> {
    let mut problems = Vec::new();
    let meta = match std::fs::metadata(arg) {
        Ok(m) => m,
        Err(e) => {
            problems.push((arg.to_path_buf(), e.to_string()));
            return problems;
        }
    };
    if meta.is_file() {
        found.push(arg.to_path_buf());
        return problems;
    }
    let walker = walkdir::WalkDir::new(arg)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped_dir(e));
    for entry in walker {
        match entry {
            Ok(e)
                if e.file_type().is_file()
                    && e.path().extension().is_some_and(|x| x == "abide") =>
            {
                found.push(e.into_path());
            }
            Ok(_) => {}
            Err(e) => problems.push((
                e.path()
                    .map_or_else(|| arg.to_path_buf(), Path::to_path_buf),
                e.to_string(),
            )),
        }
    }
    problems
}

/// Hidden directories, build output and dependencies are not searched.
fn is_skipped_dir(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir()
        && e.file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.') || n == "target" || n == "node_modules")
}

/// The nearest ancestor directory of `file` (an absolute, canonical path)
/// that holds an `abide.toml`.
pub fn workspace_root(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .find(|d| d.join(WORKSPACE_FILE).is_file())
        .map(Path::to_path_buf)
}
