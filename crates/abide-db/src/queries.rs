//! Inputs and tracked queries.
//!
//! Diagnostics are returned as values from tracked functions (never
//! accumulated): no untracked reads, no cross-file leakage, and an
//! unchanged result backdates so nothing downstream re-runs.

use abide_syntax::Parsed;

use crate::Db;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::line_index::LineIndex;
use crate::registry;

pub use inputs::{LoadError, Settings, SourceFile, Workspace};

/// The inputs, in their own module because salsa generates undocumented
/// accessors for them.
#[allow(missing_docs, reason = "salsa generates the input accessors")]
mod inputs {
    use crate::registry::Level;

    /// Why a file's bytes could not be used as source text.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum LoadError {
        /// The bytes are not UTF-8; `offset` is the first bad byte. The text
        /// input then holds a lossy decoding, for display only.
        InvalidUtf8 {
            /// Byte offset of the first invalid byte.
            offset: usize,
        },
    }

    /// One source file: its path (for messages) and its text.
    #[salsa::input(debug)]
    pub struct SourceFile {
        /// The path as shown to the user.
        #[returns(ref)]
        pub path: String,
        /// The full text.
        #[returns(ref)]
        pub text: String,
        /// Set when the bytes could not be decoded.
        pub load_error: Option<LoadError>,
    }

    /// A set of files that share one namespace.
    #[salsa::input(debug)]
    pub struct Workspace {
        /// The files, in a stable order (sorted by path). The prelude is not listed.
        #[returns(ref)]
        pub files: Vec<SourceFile>,
        /// Lint levels and the date of today.
        pub settings: Settings,
    }

    /// What the user configured: lint levels (from `abide.toml` and the
    /// command line) and the date lints such as `expired` compare against.
    #[salsa::input(debug)]
    pub struct Settings {
        /// Lint name → level, in the order given (later entries win).
        #[returns(ref)]
        pub lint_levels: Vec<(String, Level)>,
        /// `--deny warnings`: every warning becomes an error.
        pub deny_warnings: bool,
        /// Today's date, for `expired`, `expiring`, `overdue-review`.
        pub today: Option<jiff::civil::Date>,
    }
}

/// How long a source file's text is expected to stay as it is (salsa's
/// durability), by where it comes from.
///
/// After an edit, salsa re-validates a memo by walking its dependencies;
/// a memo that read only inputs more durable than the one edited is known
/// valid at once. So typing in one file re-validates what depends on that
/// file, not what depends on the rest of the workspace read from disk.
pub mod durability {
    use salsa::Durability;

    /// Text read from disk: changes when a file is saved or changed elsewhere.
    pub const DISK: Durability = Durability::MEDIUM;
    /// Text the editor holds: changes at every keystroke.
    pub const EDITOR: Durability = Durability::LOW;
}

/// A source file input read from disk (see [`durability::DISK`]).
pub fn disk_file(
    db: &dyn Db,
    path: String,
    text: String,
    load_error: Option<LoadError>,
) -> SourceFile {
    SourceFile::builder(path, text, load_error)
        .durability(durability::DISK)
        .new(db)
}

/// Makes a source file input from raw bytes: invalid UTF-8 is recorded as
/// a [`LoadError`] (reported by [`file_diagnostics`]), never fatal.
///
/// A leading byte-order mark is dropped here, so that columns on the first
/// line count what the user sees.
pub fn source_file_from_bytes(db: &dyn Db, path: String, mut bytes: Vec<u8>) -> SourceFile {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => disk_file(db, path, text, None),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            disk_file(db, path, text, Some(LoadError::InvalidUtf8 { offset }))
        }
    }
}

/// How many syntax trees stay in memory when salsa evicts ([`parse`]'s LRU).
///
/// Trees are the largest thing in the database (about five times their
/// source) and only the checks of their own file read them: lowered models,
/// scopes and diagnostics outlive them. Salsa evicts at each new revision
/// (an edit in the language server, which then holds the trees of the files
/// in use, not of the whole workspace) and when asked (`abide check
/// --low-memory`, between batches of files); an evicted tree is parsed again
/// when read, without invalidating anything derived from it.
pub const PARSE_LRU: usize = 32; // the `lru` of `parse` below: keep equal

/// Parses one file (the pure parser, memoised; see [`PARSE_LRU`]).
#[salsa::tracked(returns(ref), lru = 32)]
pub fn parse(db: &dyn Db, file: SourceFile) -> Parsed {
    if file.load_error(db).is_some() {
        return Parsed::default();
    }
    abide_syntax::parse(file.text(db))
}

/// Sets how many trees the parse cache keeps (takes effect at the next
/// eviction); [`PARSE_LRU`] is the default.
pub fn set_parse_cache(db: &mut dyn Db, trees: usize) {
    parse::set_lru_capacity(db, trees);
}

/// The line index of one file.
#[salsa::tracked(returns(ref))]
pub fn line_index(db: &dyn Db, file: SourceFile) -> LineIndex {
    LineIndex::new(file.text(db))
}

/// Every diagnostic of one file that needs only that file: decoding,
/// syntax, stray doc comments. Sorted by position.
#[salsa::tracked(returns(ref))]
pub fn file_diagnostics(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(LoadError::InvalidUtf8 { offset }) = *file.load_error(db) {
        let code = abide_syntax::codes::INVALID_UTF8;
        let text = file.text(db);
        let mut end = (offset + 1).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        out.push(Diagnostic {
            code: code.id,
            name: code.name,
            severity: Severity::Error,
            message: format!(
                "the file is not valid UTF-8: the first invalid byte is at offset {offset}"
            ),
            primary: Label {
                file,
                span: abide_syntax::Span::new(offset, end),
                message: "invalid byte".to_owned(),
            },
            secondary: Vec::new(),
            notes: vec!["the file is not checked further".to_owned()],
            help: Some("save the file as UTF-8".to_owned()),
        });
        return out;
    }
    let parsed = parse(db, file);
    out.extend(
        parsed
            .errors
            .iter()
            .map(|e| Diagnostic::from_syntax(file, e)),
    );
    for &span in &parsed.stray_docs {
        if let Some(d) = registry::STRAY_DOC_COMMENT.diagnostic(
            file,
            span,
            "this doc comment documents nothing".to_owned(),
            "not followed by an item or a target".to_owned(),
        ) {
            out.push(d.with_help(
                "put it right before a declaration or a `target`, or make it a `//` comment",
            ));
        }
    }
    out.sort_by_key(|d| (d.primary.span.start, d.primary.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AbideDatabase;

    #[test]
    fn syntax_errors_become_diagnostics() {
        let db = AbideDatabase::default();
        let f = SourceFile::new(&db, "a.abide".into(), "party x : team\nparty".into(), None);
        let d = file_diagnostics(&db, f);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "E0112");
    }

    #[test]
    fn the_prelude_is_clean() {
        let db = AbideDatabase::default();
        assert!(file_diagnostics(&db, db.prelude()).is_empty());
        assert!(parse(&db, db.prelude()).file.items.len() > 20);
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        let db = AbideDatabase::default();
        let bytes = b"party a : team\n\xff\xfe";
        let text = String::from_utf8_lossy(bytes).into_owned();
        let f = SourceFile::new(
            &db,
            "a.abide".into(),
            text,
            Some(LoadError::InvalidUtf8 { offset: 15 }),
        );
        let d = file_diagnostics(&db, f);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("offset 15"));
    }
}
