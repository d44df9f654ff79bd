//! The one incremental database of Abide, shared by the CLI and the
//! language server.
//!
//! Inputs ([`SourceFile`], [`Workspace`]) are the only mutable state; every
//! result — parses, diagnostics, later the semantic checks — is a tracked
//! query over them, so both front ends ask the same questions and get the
//! same answers. Tracked queries do no I/O: files enter through inputs set by
//! the CLI or the language server.

pub mod codes;
pub mod diagnostic;
pub mod discover;
pub mod github;
pub mod line_index;
pub mod queries;
pub mod registry;
pub mod render;
pub mod sarif;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use line_index::{ColumnUnit, LineIndex};
pub use queries::{
    LoadError, Settings, SourceFile, Workspace, disk_file, durability, file_diagnostics, parse,
    source_file_from_bytes,
};
pub use registry::Level;

/// The text of the prelude: the standard metrics, the `priority` scale and
/// the `always` calendar, checked like any other file.
pub const PRELUDE: &str = include_str!("prelude.abide");

/// The path under which the prelude appears in messages.
pub const PRELUDE_PATH: &str = "<prelude>";

/// The database trait that lower layers take as `&dyn Db`.
#[salsa::db]
pub trait Db: salsa::Database {
    /// The prelude file (one per database, created with high durability).
    fn prelude(&self) -> SourceFile;
}

/// The concrete database. `Clone` is a cheap snapshot (for the language server).
#[salsa::db]
#[derive(Clone)]
pub struct AbideDatabase {
    storage: salsa::Storage<Self>,
    prelude: Option<SourceFile>,
}

impl AbideDatabase {
    /// A database with the prelude loaded.
    #[must_use]
    pub fn new() -> Self {
        Self::with_storage(salsa::Storage::default())
    }

    /// A database whose storage reports salsa events to `callback` (tests
    /// use it to see which queries re-execute).
    #[must_use]
    pub fn with_event_callback(
        callback: Box<dyn Fn(salsa::Event) + Send + Sync + 'static>,
    ) -> Self {
        Self::with_storage(salsa::Storage::new(Some(callback)))
    }

    fn with_storage(storage: salsa::Storage<Self>) -> Self {
        let mut db = Self {
            storage,
            prelude: None,
        };
        let prelude = SourceFile::builder(PRELUDE_PATH.to_owned(), PRELUDE.to_owned(), None)
            .durability(salsa::Durability::HIGH)
            .new(&db);
        db.prelude = Some(prelude);
        db
    }
}

impl Default for AbideDatabase {
    fn default() -> Self {
        Self::new()
    }
}

#[salsa::db]
impl salsa::Database for AbideDatabase {}

#[salsa::db]
impl Db for AbideDatabase {
    fn prelude(&self) -> SourceFile {
        // Always set by the only constructor.
        self.prelude
            .unwrap_or_else(|| unreachable!("AbideDatabase::new sets the prelude"))
    }
}
