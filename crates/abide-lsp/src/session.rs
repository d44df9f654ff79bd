//! The server's state: the salsa database, which files form which
//! workspace, and which documents the editor has open.
//!
//! Mutations happen only here, under the session lock; reads work on a
//! [`Snapshot`] (a cheap clone of the database plus the file maps) so that
//! no lock is held while a query runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use abide_db::{AbideDatabase, ColumnUnit, Settings, SourceFile, Workspace, durability};
use salsa::Setter;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

/// A file the server knows: its workspace, its input, the open version.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The workspace it belongs to.
    pub ws: Workspace,
    /// Its input.
    pub file: SourceFile,
    /// The editor's version while open.
    pub version: Option<i32>,
}

/// A workspace root and its files.
struct Root {
    /// The directory (an `abide.toml` root or a workspace folder).
    dir: PathBuf,
    ws: Workspace,
}

/// The server's state.
pub struct Session {
    /// The database (the language server's one truth).
    pub db: AbideDatabase,
    /// How the client counts columns.
    pub encoding: ColumnUnit,
    roots: Vec<Root>,
    /// URI (as a string) → entry.
    files: BTreeMap<String, (Uri, Entry)>,
    /// Documents with diagnostics published last time (to clear them when fixed
    /// or forgotten), by key.
    pub published: BTreeMap<String, Uri>,
    /// The client can register file watchers dynamically.
    pub watch_files: bool,
    /// Counts mutations: a diagnostics computation started before the last
    /// mutation is stale and must not publish (the newer one will).
    pub generation: u64,
    today: Option<jiff::civil::Date>,
}

/// What a request handler reads: a database snapshot and the file maps.
#[derive(Clone)]
pub struct Snapshot {
    /// The database snapshot.
    pub db: AbideDatabase,
    /// How the client counts columns.
    pub encoding: ColumnUnit,
    /// URI (as a string) → entry.
    pub files: BTreeMap<String, (Uri, Entry)>,
}

impl Snapshot {
    /// The entry of a document.
    #[must_use]
    pub fn entry(&self, uri: &Uri) -> Option<Entry> {
        self.files.get(&key(uri)).map(|(_, e)| *e)
    }

    /// The URI of a source file (the prelude has none).
    #[must_use]
    pub fn uri_of(&self, file: SourceFile) -> Option<Uri> {
        self.files
            .values()
            .find(|(_, e)| e.file == file)
            .map(|(u, _)| u.clone())
    }

    /// Every workspace, once.
    #[must_use]
    pub fn workspaces(&self) -> Vec<Workspace> {
        let mut out: Vec<Workspace> = Vec::new();
        for (_, e) in self.files.values() {
            if !out.contains(&e.ws) {
                out.push(e.ws);
            }
        }
        out
    }
}

/// The key of a document: its canonical path for `file:` URIs (so that two
/// spellings of one file are one document), the URI text otherwise.
#[must_use]
pub fn key(uri: &Uri) -> String {
    match path_of(uri) {
        Some(p) if uri.scheme().as_str() == "file" => canonical(&p).display().to_string(),
        _ => uri.as_str().to_owned(),
    }
}

fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Session {
    /// A session with no files yet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            db: AbideDatabase::new(),
            encoding: ColumnUnit::Utf16,
            roots: Vec::new(),
            files: BTreeMap::new(),
            published: BTreeMap::new(),
            watch_files: false,
            generation: 0,
            today: Some(
                jiff::tz::TimeZone::UTC
                    .to_datetime(jiff::Timestamp::now())
                    .date(),
            ),
        }
    }

    /// A snapshot for readers.
    #[must_use]
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            db: self.db.clone(),
            encoding: self.encoding,
            files: self.files.clone(),
        }
    }

    fn new_workspace(&self, root: Option<&Path>) -> Workspace {
        // The lint levels of the root's `abide.toml`, as `abide check` reads them.
        let levels = root
            .filter(|r| r.join(abide_db::discover::WORKSPACE_FILE).is_file())
            .and_then(|r| abide_check::config::read(r).ok())
            .map(|c| c.lints)
            .unwrap_or_default();
        let settings = Settings::new(&self.db, levels, false, self.today);
        Workspace::new(&self.db, Vec::new(), settings)
    }

    /// Reads the workspace folders: every `*.abide` below them, grouped by
    /// their `abide.toml` roots (a folder without one is a root itself).
    pub fn scan(&mut self, folders: &[PathBuf]) {
        self.generation += 1;
        for folder in folders {
            let mut found = Vec::new();
            let _ = abide_db::discover::abide_files(folder, &mut found);
            for path in found {
                self.add_disk_file(&path, Some(folder));
            }
        }
    }

    /// The root a path belongs to, created when needed.
    fn root_for(&mut self, path: &Path, folder: Option<&Path>) -> Workspace {
        let path = canonical(path);
        let dir = abide_db::discover::workspace_root(&path)
            .or_else(|| folder.map(canonical))
            .or_else(|| {
                self.roots
                    .iter()
                    .filter(|r| path.starts_with(&r.dir))
                    .map(|r| r.dir.clone())
                    .max_by_key(|d| d.as_os_str().len())
            })
            .unwrap_or_else(|| path.clone());
        if let Some(r) = self.roots.iter().find(|r| r.dir == dir) {
            return r.ws;
        }
        let ws = self.new_workspace(Some(&dir));
        self.roots.push(Root {
            dir: dir.clone(),
            ws,
        });
        // A root found through one file brings all of its files: names are
        // shared by the whole workspace.
        if dir.join(abide_db::discover::WORKSPACE_FILE).is_file() {
            let mut found = Vec::new();
            let _ = abide_db::discover::abide_files(&dir, &mut found);
            for p in found {
                if canonical(&p) != path {
                    self.add_disk_file(&p, Some(&dir));
                }
            }
        }
        ws
    }

    fn add_disk_file(&mut self, path: &Path, folder: Option<&Path>) {
        let Some(uri) = Uri::from_file_path(canonical(path)) else {
            return;
        };
        if self.files.contains_key(&key(&uri)) {
            return;
        }
        let bytes = std::fs::read(path).unwrap_or_default();
        let file = abide_db::source_file_from_bytes(&self.db, path.display().to_string(), bytes);
        let ws = self.root_for(path, folder);
        self.attach(uri, ws, file, None);
    }

    fn attach(&mut self, uri: Uri, ws: Workspace, file: SourceFile, version: Option<i32>) {
        let mut files = ws.files(&self.db).clone();
        files.push(file);
        files.sort_by(|a, b| a.path(&self.db).cmp(b.path(&self.db)));
        ws.set_files(&mut self.db).to(files);
        self.files
            .insert(key(&uri), (uri, Entry { ws, file, version }));
    }

    fn detach(&mut self, uri: &Uri) {
        let Some((_, e)) = self.files.remove(&key(uri)) else {
            return;
        };
        let files: Vec<SourceFile> =
            e.ws.files(&self.db)
                .iter()
                .copied()
                .filter(|f| *f != e.file)
                .collect();
        e.ws.set_files(&mut self.db).to(files);
    }

    /// `textDocument/didOpen`.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) {
        self.generation += 1;
        if let Some((known, e)) = self.files.get_mut(&key(&uri)) {
            // Answer in the client's spelling of the URI from now on.
            *known = uri;
            e.version = Some(version);
            let file = e.file;
            self.set_editor_text(file, text);
            file.set_load_error(&mut self.db).to(None);
            return;
        }
        let name =
            path_of(&uri).map_or_else(|| uri.as_str().to_owned(), |p| p.display().to_string());
        let file = SourceFile::builder(name, text, None)
            .durability(durability::EDITOR)
            .new(&self.db);
        let ws = match path_of(&uri) {
            Some(p) => self.root_for(&p, None),
            None => self.new_workspace(None),
        };
        self.attach(uri, ws, file, Some(version));
    }

    /// `textDocument/didChange`: applies the edits in order.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        self.generation += 1;
        let Some((_, e)) = self.files.get_mut(&key(uri)) else {
            return;
        };
        e.version = Some(version);
        let file = e.file;
        let mut text = file.text(&self.db).clone();
        for c in changes {
            match c.range {
                Some(r) => {
                    let (a, b) = (self.offset(&text, r.start), self.offset(&text, r.end));
                    let (a, b) = (a.min(b), a.max(b));
                    text.replace_range(a..b, &c.text);
                }
                None => text = c.text,
            }
        }
        self.set_editor_text(file, text);
    }

    /// Text the editor holds: it changes at every keystroke, so it is the
    /// least durable input (what reads only other files stays valid).
    fn set_editor_text(&mut self, file: SourceFile, text: String) {
        file.set_text(&mut self.db)
            .with_durability(durability::EDITOR)
            .to(text);
    }

    /// Reads `file` from disk again (its bytes): back to disk durability.
    fn reload(&mut self, file: SourceFile, bytes: Vec<u8>) {
        let fresh = abide_db::source_file_from_bytes(&self.db, String::new(), bytes);
        let (text, err) = (fresh.text(&self.db).clone(), *fresh.load_error(&self.db));
        file.set_text(&mut self.db)
            .with_durability(durability::DISK)
            .to(text);
        file.set_load_error(&mut self.db).to(err);
    }

    /// `textDocument/didClose`: the disk is the truth again (or the file is
    /// forgotten when it exists only in the editor).
    pub fn close(&mut self, uri: &Uri) {
        self.generation += 1;
        let Some((_, e)) = self.files.get_mut(&key(uri)) else {
            return;
        };
        e.version = None;
        let file = e.file;
        match path_of(uri).and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => self.reload(file, bytes),
            None => self.detach(uri),
        }
    }

    /// `workspace/didChangeWatchedFiles`: a file was created, changed or deleted on disk.
    pub fn disk_changed(&mut self, uri: &Uri, deleted: bool) {
        self.generation += 1;
        let open = self
            .files
            .get(&key(uri))
            .is_some_and(|(_, e)| e.version.is_some());
        if deleted {
            if !open {
                self.detach(uri);
            }
            return;
        }
        let Some(path) = path_of(uri) else { return };
        if path.extension().is_none_or(|x| x != "abide") || open {
            return;
        }
        match self.files.get(&key(uri)).map(|(_, e)| e.file) {
            Some(file) => {
                let bytes = std::fs::read(&path).unwrap_or_default();
                self.reload(file, bytes);
            }
            None => self.add_disk_file(&path, None),
        }
    }

    /// A byte offset from an LSP position in the negotiated encoding.
    #[must_use]
    pub fn offset(&self, text: &str, p: Position) -> usize {
        offset(text, p, self.encoding)
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// A byte offset from an LSP position (clamped to the text).
#[must_use]
pub fn offset(text: &str, p: Position, unit: ColumnUnit) -> usize {
    abide_db::LineIndex::new(text).offset(text, p.line as usize, p.character as usize, unit)
}

/// An LSP position from a byte offset.
#[must_use]
pub fn position(
    index: &abide_db::LineIndex,
    text: &str,
    offset: usize,
    unit: ColumnUnit,
) -> Position {
    let (line, col) = index.position(text, offset, unit);
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// An LSP range from a span.
#[must_use]
pub fn range(
    db: &dyn abide_db::Db,
    file: SourceFile,
    span: abide_syntax::Span,
    unit: ColumnUnit,
) -> Range {
    let text = file.text(db);
    let index = abide_db::queries::line_index(db, file);
    Range::new(
        position(index, text, span.start as usize, unit),
        position(index, text, span.end as usize, unit),
    )
}
