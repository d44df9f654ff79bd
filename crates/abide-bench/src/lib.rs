//! Benchmarks of the Abide compiler: a deterministic generator of large,
//! realistic workspaces ([`generate`]), helpers that load a generated
//! workspace into a fresh salsa database, and mirror types of the JSON
//! report ([`mirror`]) for the serde_json baseline.

pub mod generate;
pub mod mirror;

use abide_db::{AbideDatabase, Severity, SourceFile, Workspace};
use salsa::Setter;

pub use generate::{GenFile, Generated, XorShift, generate};

/// A generated workspace loaded into a database.
pub struct Loaded {
    /// The database.
    pub db: AbideDatabase,
    /// The workspace input.
    pub ws: Workspace,
    /// Its files, in the order of [`Generated::files`].
    pub files: Vec<SourceFile>,
}

impl Loaded {
    /// Loads `g` into a fresh database (nothing is computed yet).
    pub fn new(g: &Generated) -> Self {
        let db = AbideDatabase::new();
        let files: Vec<SourceFile> = g
            .files
            .iter()
            .map(|f| abide_db::disk_file(&db, f.path.clone(), f.text.to_string(), None))
            .collect();
        let ws = abide_check::new_workspace(&db, files.clone());
        Self { db, ws, files }
    }

    /// A cold check as `abide check -j 1` makes it: every file parsed and
    /// lowered, then every file checked ([`abide_check::check_all`]), then
    /// the diagnostics gathered; returns the number of errors.
    pub fn check_cold(&mut self) -> usize {
        abide_check::check_all(&mut self.db, &[self.ws], 1, abide_check::Trees::Release);
        self.check()
    }

    /// Checks the whole workspace (the queries the language server asks
    /// after an edit); returns the number of errors.
    pub fn check(&self) -> usize {
        abide_check::workspace_diagnostics(&self.db, self.ws)
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The compiled JSON report (as `abide compile` writes it).
    ///
    /// # Errors
    /// When serialisation fails (never in practice).
    pub fn report_json(&self) -> Result<String, serde_json::Error> {
        let r = abide_report::report(&self.db, &[self.ws], None);
        abide_report::to_json(&r)
    }

    /// Replaces the text of file `i` (an edit, as the language server makes it).
    pub fn set_text(&mut self, i: usize, text: String) {
        self.files[i]
            .set_text(&mut self.db)
            .with_durability(abide_db::durability::EDITOR)
            .to(text);
    }
}

/// The index of the first agreement file (`agreements/…`) of `g`.
pub fn first_agreement_file(g: &Generated) -> usize {
    g.files
        .iter()
        .position(|f| f.path.starts_with("agreements/"))
        .unwrap_or(0)
}

/// The kinds of edit the edit → re-check benchmarks make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// A hosting contract's availability bound moves between two values
    /// that keep every target it supports aligned.
    Bound,
    /// A comment line comes and goes at the top of the file: only spans move.
    Spans,
    /// An SLA's availability bound moves above what its supporters allow, and back.
    Misalign,
}

/// The file an edit benchmark edits: one in the middle of the agreements.
pub fn edited_file(g: &Generated) -> usize {
    let first = first_agreement_file(g);
    first + (g.files.len() - first) / 2
}

/// The two texts an edit alternates between, for file `i` of `g`; `None`
/// when the file has no target to edit.
pub fn edit_texts(g: &Generated, i: usize, edit: Edit) -> Option<[String; 2]> {
    let text = &g.files.get(i)?.text;
    let with = |prefix: &str, v: &str| -> Option<String> {
        let at = text.find(prefix)? + prefix.len();
        let end = at + text[at..].find(' ')?;
        Some(format!("{}{v}{}", &text[..at], &text[end..]))
    };
    let platform = "target platform: availability >= ";
    let sla = "target availability: availability >= ";
    Some(match edit {
        Edit::Bound => [with(platform, "99.999%")?, with(platform, "99.998%")?],
        Edit::Spans => [format!("// edited\n{text}"), text.clone()],
        Edit::Misalign => [with(sla, "99.999%")?, text.clone()],
    })
}
