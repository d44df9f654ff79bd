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
pub mod model;
pub mod scope;
pub mod suggest;
pub mod value;

use abide_db::registry::{self, Level};
use abide_db::{Db, Diagnostic, Severity, SourceFile, Workspace};

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

/// Creates a workspace input over `files` with default settings.
pub fn new_workspace(db: &dyn Db, files: Vec<SourceFile>) -> Workspace {
    let settings = abide_db::Settings::new(db, Vec::new(), false, None);
    Workspace::new(db, files, settings)
}
