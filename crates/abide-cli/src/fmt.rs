//! `abide fmt`: rewrite files in the canonical layout, check that they are
//! (`--check`), or format stdin to stdout (`abide fmt -`, for editors).
//!
//! Files are found like `abide check` finds them (`abide_db::discover`), but
//! only the files named or found are formatted: naming one file of a
//! workspace does not reformat its siblings. A file with syntax errors is
//! never rewritten; its errors are printed as `abide check` prints them.
//! Rewrites are atomic: the new text goes to a temporary file in the same
//! directory, which then replaces the original (keeping its permissions),
//! so an interrupted or failed write leaves the original as it was.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use abide_db::{AbideDatabase, Severity, render};
use clap::Args;
use codespan_reporting::term::termcolor::StandardStream;

use crate::ColorWhen;

/// Arguments of `abide fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories to format (directories are searched for `*.abide`); `-` formats
    /// stdin to stdout. Default: `.`
    paths: Vec<PathBuf>,
    /// Change nothing: print a diff of each file that is not formatted, and exit 1 if any.
    #[arg(long)]
    check: bool,
    /// When to colour error messages.
    #[arg(long, value_enum, default_value_t)]
    color: ColorWhen,
}

/// How a run went, for the exit code: 0 all formatted (or nothing to do),
/// 1 syntax errors or (with `--check`) files to reformat, 2 I/O problems.
#[derive(Debug, Default, Clone, Copy)]
struct Outcome {
    needs_work: bool,
    io_failed: bool,
}

impl Outcome {
    fn code(self) -> u8 {
        if self.io_failed {
            2
        } else {
            u8::from(self.needs_work)
        }
    }
}

/// Runs the command; returns the exit code.
pub fn run(args: &FmtArgs) -> u8 {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        eprintln!("error: `-` (stdin) cannot be combined with other paths");
        return 2;
    }
    if stdin {
        return run_stdin(args);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut outcome = Outcome::default();
    let mut files = Vec::new();
    for arg in &paths {
        for (path, message) in abide_db::discover::abide_files(arg, &mut files) {
            eprintln!("error: cannot read `{}`: {message}", path.display());
            outcome.io_failed = true;
        }
    }
    // A file reached twice (`d d/x.abide`) is formatted once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    if files.is_empty() && !outcome.io_failed {
        eprintln!(
            "error: no `.abide` files found in {}",
            crate::load::list(&paths)
        );
        return 2;
    }
    for file in &files {
        format_file(file, args, &mut outcome);
    }
    outcome.code()
}

/// The path as shown to the user.
fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_owned()
}

fn format_file(path: &Path, args: &FmtArgs, outcome: &mut Outcome) {
    let shown = display(path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read `{shown}`: {e}");
            outcome.io_failed = true;
            return;
        }
    };
    // A byte-order mark is not part of the text; a rewrite keeps it.
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let Some((text, formatted)) = format_bytes(&shown, bytes, args.color) else {
        outcome.needs_work = true;
        return;
    };
    if formatted == text {
        return;
    }
    if args.check {
        print_diff(&shown, &text, &formatted);
        outcome.needs_work = true;
        return;
    }
    let mut contents = Vec::with_capacity(formatted.len() + 3);
    if bom {
        contents.extend_from_slice(b"\xEF\xBB\xBF");
    }
    contents.extend_from_slice(formatted.as_bytes());
    if let Err(e) = write_atomic(path, &contents) {
        eprintln!("error: cannot write `{shown}` (left unchanged): {e}");
        outcome.io_failed = true;
    }
}

/// Formats one file's bytes: `(text, formatted)`, or `None` after printing
/// why the file cannot be formatted (not UTF-8, syntax errors).
fn format_bytes(shown: &str, bytes: Vec<u8>, color: ColorWhen) -> Option<(String, String)> {
    let db = AbideDatabase::default();
    let file = abide_db::source_file_from_bytes(&db, shown.to_owned(), bytes);
    let text = file.text(&db).clone();
    if file.load_error(&db).is_none() {
        match abide_fmt::format(&text) {
            Ok(formatted) => return Some((text, formatted)),
            Err(abide_fmt::FormatError::Internal(why)) => {
                eprintln!("error: `{shown}` was not formatted: {why}");
                eprintln!("       this is a bug in `abide fmt`; the file is left as it is");
                return None;
            }
            Err(abide_fmt::FormatError::Syntax(_)) => {}
        }
    }
    // Not UTF-8, or syntax errors: render them as `abide check` does.
    let errors: Vec<abide_db::Diagnostic> = abide_db::file_diagnostics(&db, file)
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let stream = StandardStream::stderr(color.choice(std::io::stderr().is_terminal()));
    let mut err = stream.lock();
    let _ = render::human_to(&db, &errors, &mut err);
    let n = errors.len();
    let _ = writeln!(
        err,
        "error: `{shown}` was not formatted: {n} syntax error{} (see above)",
        if n == 1 { "" } else { "s" }
    );
    None
}

/// A unified diff of one file, on stdout.
fn print_diff(shown: &str, old: &str, new: &str) {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(shown, &format!("{shown} (formatted)"))
        .to_string();
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = writeln!(out);
    }
    let _ = out.flush();
}

/// `abide fmt -`: stdin to stdout; with `--check`, a diff and exit 1 when
/// the input is not formatted.
fn run_stdin(args: &FmtArgs) -> u8 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
        eprintln!("error: cannot read stdin: {e}");
        return 2;
    }
    let Some((text, formatted)) = format_bytes("<stdin>", bytes, args.color) else {
        return 1;
    };
    if args.check {
        if formatted == text {
            return 0;
        }
        print_diff("<stdin>", &text, &formatted);
        return 1;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out
        .write_all(formatted.as_bytes())
        .and_then(|()| out.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {e}");
        }
        return 2;
    }
    0
}

/// Replaces the file at `path` with `contents` atomically, keeping its
/// permissions: the text is written to a temporary file in the same
/// directory, then renamed over the original. A symbolic link is followed
/// (the file it points to is replaced, the link stays).
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, contents, |_| Ok(()))
}

/// [`write_atomic`] with a hook that runs after the temporary file is
/// written and before it replaces the original (tests inject failures here).
fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".abide-fmt-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(permissions)?;
    before_rename(tmp.path())?;
    // On failure the temporary file is deleted when `tmp` is dropped.
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_original_intact_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.abide");
        std::fs::write(&path, "party a : team\n").unwrap();
        let mut seen_tmp = None;
        let result = write_atomic_with(&path, b"party b : team\n", |tmp| {
            seen_tmp = Some(tmp.to_path_buf());
            assert!(tmp.exists());
            Err(std::io::Error::other("injected failure"))
        });
        assert_eq!(result.unwrap_err().to_string(), "injected failure");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "party a : team\n");
        let tmp = seen_tmp.unwrap();
        assert_eq!(
            tmp.parent(),
            std::fs::canonicalize(dir.path()).ok().as_deref()
        );
        assert!(!tmp.exists(), "the temporary file is cleaned up");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn a_missing_directory_fails_before_touching_anything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone/a.abide");
        assert!(write_atomic(&path, b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_rewrite_keeps_permissions_and_follows_links() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.abide");
        std::fs::write(&path, "old\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.abide");
        symlink(&path, &link).unwrap();
        write_atomic(&link, b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
