//! The checks of one file, before lint levels are applied.
//!
//! One [`Cx`] per file collects diagnostics; each submodule owns one family
//! of rules. Cross-file facts come from position-free models, read through
//! the file's imports ([`crate::imports`]: one dependency per file, so that
//! re-checking after an edit walks the workspace file by file, not name by
//! name); alignment runs per file ([`alignment::file_alignments`]).

pub mod alignment;
pub mod credits;
pub mod derivation;
pub mod items;
pub mod layering;
pub mod lifecycle;
pub mod names;
pub mod open_hours;
pub mod remedies;
pub mod targets;
pub mod workspace;

use abide_db::{Db, Diagnostic, SourceFile, Workspace};
use abide_syntax::ast;

use crate::imports::Models;

/// The context of checking one file.
pub struct Cx<'a> {
    /// The database.
    pub db: &'a dyn Db,
    /// The workspace.
    pub ws: Workspace,
    /// The file being checked.
    pub file: SourceFile,
    /// Model lookups, through the file's imports.
    pub m: Models<'a>,
    /// The workspace namespace, read once per file: asking salsa for it at
    /// every reference cost a dependency-set insertion each time.
    pub scope: &'a crate::scope::Scope,
    /// What was found.
    pub out: Vec<Diagnostic>,
}

impl Cx<'_> {
    /// Records a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
}

/// Every check of `file` (syntax excluded), at default levels.
#[salsa::tracked(returns(ref))]
pub fn unlevelled(db: &dyn Db, ws: Workspace, file: SourceFile) -> Vec<Diagnostic> {
    let parsed = abide_db::parse(db, file);
    let mut cx = Cx {
        db,
        ws,
        file,
        m: Models::of_file(db, ws, file),
        scope: crate::scope::global_scope(db, ws),
        out: Vec::new(),
    };
    let alignments = alignment::file_alignments(db, ws, file);
    let firsts = names::first_declarations(cx.scope, file, &parsed.file);
    names::check_declarations(&mut cx, &parsed.file, &firsts);
    for (item, &first) in parsed.file.items.iter().zip(&firsts) {
        // Duplicates beyond the first are reported by `names` and not checked again.
        if !first {
            continue;
        }
        match &item.kind {
            ast::ItemKind::Party(p) => items::party(&mut cx, p),
            ast::ItemKind::Service(s) => {
                items::service(&mut cx, s);
                workspace::watermelon(&mut cx, s);
            }
            ast::ItemKind::Calendar(c) => items::calendar(&mut cx, c),
            ast::ItemKind::Metric(m) => items::metric(&mut cx, m),
            ast::ItemKind::Priorities(p) => {
                items::priorities(&mut cx, p);
                derivation::priorities(&mut cx, p);
            }
            ast::ItemKind::Scale(s) => derivation::scale(&mut cx, s),
            ast::ItemKind::Agreement(a) => {
                items::agreement(&mut cx, a);
                lifecycle::agreement(&mut cx, a);
                targets::agreement(&mut cx, a);
                credits::agreement(&mut cx, a);
                remedies::agreement(&mut cx, a);
                layering::agreement(&mut cx, a);
                workspace::unused_agreement(&mut cx, a);
                if let Some(al) = alignments.get(a.name.text.as_str()) {
                    cx.out.extend(al.diagnostics.iter().cloned());
                }
            }
        }
    }
    cx.out
}
