//! Abide's semantic checks, as salsa queries over the shared database.
//!
//! The CLI and the language server both call [`check_file`] and
//! [`workspace_diagnostics`]; nothing computes diagnostics another way.
//! Checks return diagnostics as values (no accumulators). Lints are
//! reported at their default level and the workspace's configured levels
//! are applied last, in [`check_file`], so that editing `abide.toml` does
//! not re-run a single check.

pub mod calendar;
pub mod checks;
pub mod config;
pub mod diag;
pub mod graph;
pub mod ide;
pub mod imports;
pub mod model;
pub mod scope;
pub mod suggest;
pub mod value;

use abide_db::registry::{self, Level};
use salsa::Database as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use abide_db::{AbideDatabase, Db, Diagnostic, Severity, SourceFile, Workspace};

/// Every diagnostic of one file of a workspace, levels applied, in source order.
#[salsa::tracked(returns(ref))]
pub fn check_file(db: &dyn Db, ws: Workspace, file: SourceFile) -> Vec<Diagnostic> {
    let mut out = abide_db::file_diagnostics(db, file).clone();
    // A file that is not UTF-8 is not checked further.
    if file.load_error(db).is_none() {
        out.extend(checks::unlevelled(db, ws, file).iter().cloned());
    }
    let settings = ws.settings(db);
    let levels = settings.lint_levels(db);
    let deny_warnings = *settings.deny_warnings(db);
    let mut out: Vec<Diagnostic> = out
        .into_iter()
        .filter_map(|mut d| {
            if let Some(level) = configured_level(levels, d.name) {
                d.severity = level.severity()?;
            }
            if deny_warnings && d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
            Some(d)
        })
        .collect();
    out.sort_by(|a, b| {
        (a.primary.span.start, a.primary.span.end, a.code).cmp(&(
            b.primary.span.start,
            b.primary.span.end,
            b.code,
        ))
    });
    out.dedup();
    out
}

/// The configured level of a lint (the last setting wins), `None` when not
/// a lint or not configured. Error codes keep their severity.
fn configured_level(levels: &[(String, Level)], name: &str) -> Option<Level> {
    if name == abide_db::codes::MISALIGNED.name || registry::lint(name).is_none() {
        return None;
    }
    levels
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, l)| *l)
}

/// Every diagnostic of a workspace, file by file in workspace order.
#[salsa::tracked(returns(ref))]
pub fn workspace_diagnostics(db: &dyn Db, ws: Workspace) -> Vec<Diagnostic> {
    ws.files(db)
        .iter()
        .flat_map(|&f| check_file(db, ws, f).iter().cloned())
        .collect()
}

/// Checks every file of `workspaces` (a one-shot command's whole run) on up
/// to `threads` threads, so that [`workspace_diagnostics`] then only
/// gathers memoised results.
///
/// Two passes:
/// 1. every file is parsed and its declarations lowered: what any one
///    file's checks need from all the others (the namespace is built from
///    every file's declarations, so checking one file first would parse the
///    whole workspace on one thread);
/// 2. every file is checked; with [`Trees::Release`], the trees of the
///    checked files are dropped as the check goes ([`check_releasing_trees`]).
///
/// With [`Trees::Few`], each pass goes in batches of
/// [`abide_db::queries::PARSE_LRU`] files and the syntax trees beyond that
/// many are evicted after each batch, so that a large workspace never holds
/// all its trees at once (they are about four times the source). A file's
/// tree is then parsed again for its checks: about half the memory for
/// nearly twice the time (BENCHMARKS.md). Nothing derived from a tree is
/// invalidated by an eviction: the revision does not change.
///
/// Each thread takes the next unchecked file (files differ in size) on its
/// own handle of the same database; salsa runs each query once, a thread
/// needing a query another is computing waits for it. The diagnostics and
/// their order are those of a single-threaded check: they are assembled
/// afterwards, file by file in workspace order.
pub fn check_all(db: &mut AbideDatabase, workspaces: &[Workspace], threads: usize, trees: Trees) {
    let files = files_of(db, workspaces);
    let batch = if trees == Trees::Few {
        abide_db::queries::PARSE_LRU
    } else {
        files.len().max(1)
    };
    in_batches(db, &files, threads, batch, |db, _, file| {
        scope::item_index(db, file);
        model::file_models(db, file);
    });
    match trees {
        Trees::Release => check_releasing_trees(db, &files, threads),
        Trees::Keep | Trees::Few => in_batches(db, &files, threads, batch, |db, ws, file| {
            check_file(db, ws, file);
        }),
    }
}

/// Which syntax trees [`check_all`] keeps in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trees {
    /// Every tree, for a caller that reads them all again afterwards
    /// (`abide compile`: the report is lowered from the trees).
    Keep,
    /// Each file's tree until the file is checked (`abide check`): each file
    /// is parsed once, and the checks' results take the trees' place.
    Release,
    /// A few at a time (`abide check --low-memory`): each file is parsed
    /// twice, once to declare its names and once to check it.
    Few,
}

/// Pass 2 when every tree is in memory: checks the files in a few batches
/// and drops the trees of the checked files after each batch, so that the
/// checks' results take the place of trees no longer needed instead of
/// adding to them (each file is still parsed once).
///
/// The parse cache evicts the least recently used trees, and the checked
/// files' trees are the most recently used: the unchecked files' trees are
/// read again first (a memo hit), then the cache is shrunk to hold just
/// them. Nothing derived from an evicted tree is invalidated: the revision
/// does not change.
fn check_releasing_trees(
    db: &mut AbideDatabase,
    files: &[(Workspace, SourceFile)],
    threads: usize,
) {
    let lru = abide_db::queries::PARSE_LRU;
    let batch = files.len().div_ceil(RELEASE_BATCHES).max(lru);
    let mut done = 0;
    for chunk in files.chunks(batch) {
        for_each_in_parallel(db, chunk, threads, |db, ws, file| {
            check_file(db, ws, file);
        });
        done += chunk.len();
        let rest = files.get(done..).unwrap_or_default();
        if rest.len() < lru {
            break;
        }
        for &(_, file) in rest {
            abide_db::parse(db, file);
        }
        abide_db::queries::set_parse_cache(db, rest.len());
        db.trigger_lru_eviction();
    }
    abide_db::queries::set_parse_cache(db, lru);
}

/// Into how many batches [`check_releasing_trees`] splits a workspace: each
/// batch boundary waits for the slowest thread, and each frees a share of
/// the trees.
const RELEASE_BATCHES: usize = 8;

/// Runs `f` on every file, `batch` files at a time, evicting the trees
/// beyond the parse LRU's capacity after each batch (a no-op when nothing
/// exceeds it).
fn in_batches(
    db: &mut AbideDatabase,
    files: &[(Workspace, SourceFile)],
    threads: usize,
    batch: usize,
    f: impl Fn(&AbideDatabase, Workspace, SourceFile) + Sync,
) {
    for chunk in files.chunks(batch) {
        for_each_in_parallel(db, chunk, threads, &f);
        if chunk.len() < files.len() {
            db.trigger_lru_eviction();
        }
    }
}

fn files_of(db: &AbideDatabase, workspaces: &[Workspace]) -> Vec<(Workspace, SourceFile)> {
    workspaces
        .iter()
        .flat_map(|&ws| ws.files(db).iter().map(move |&f| (ws, f)))
        .collect()
}

/// Runs `f` on every file, on `threads` handles of the database.
fn for_each_in_parallel(
    db: &AbideDatabase,
    files: &[(Workspace, SourceFile)],
    threads: usize,
    f: impl Fn(&AbideDatabase, Workspace, SourceFile) + Sync,
) {
    let threads = threads.min(files.len());
    if threads < 2 {
        for &(ws, file) in files {
            f(db, ws, file);
        }
        return;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let handle = db.clone();
            let (next, f) = (&next, &f);
            scope.spawn(move || {
                // An edit in the language server cancels the handles; the
                // caller then meets the cancellation itself, as if alone.
                let _cancelled = salsa::Cancelled::catch(std::panic::AssertUnwindSafe(|| {
                    while let Some(&(ws, file)) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        f(&handle, ws, file);
                    }
                }));
            });
        }
    });
}

/// The number of threads to check with: `requested`, or every core when 0.
#[must_use]
pub fn threads(requested: usize) -> usize {
    if requested > 0 {
        return requested;
    }
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Creates a workspace input over `files` with default settings.
pub fn new_workspace(db: &dyn Db, files: Vec<SourceFile>) -> Workspace {
    let settings = abide_db::Settings::new(db, Vec::new(), false, None);
    Workspace::new(db, files, settings)
}
