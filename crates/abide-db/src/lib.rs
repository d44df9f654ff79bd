//! The one incremental database of Abide, shared by the CLI and the
//! language server.
//!
//! Inputs ([`SourceFile`], [`Workspace`]) are the only mutable state; every
//! result — parses, diagnostics, later the semantic checks — is a tracked
//! query over them, so both front ends ask the same questions and get the
//! same answers. Tracked queries do no I/O: files enter through inputs set by
//! the CLI or the language server.

pub mod diagnostic;
pub mod line_index;
pub mod queries;
pub mod registry;
pub mod render;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use line_index::{ColumnUnit, LineIndex};
pub use queries::{
    LoadError, SourceFile, Workspace, file_diagnostics, parse, source_file_from_bytes,
    workspace_diagnostics,
};

/// The database trait that lower layers take as `&dyn Db`.
#[salsa::db]
pub trait Db: salsa::Database {}

/// The concrete database. `Clone` is a cheap snapshot (for the language server).
#[salsa::db]
#[derive(Clone, Default)]
pub struct AbideDatabase {
    storage: salsa::Storage<Self>,
}

#[salsa::db]
impl salsa::Database for AbideDatabase {}

#[salsa::db]
impl Db for AbideDatabase {}
