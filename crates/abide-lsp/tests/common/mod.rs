//! An in-process LSP client over real JSON-RPC framing (CONVENTIONS.md §A.5).
//!
//! The server runs as `abide_lsp::serve` on two `tokio::io::duplex` pipes;
//! the client writes `Content-Length` framed messages and a reader task
//! parses the framed output. Server-initiated traffic is handled the way an
//! editor would: `publishDiagnostics` is stored per URI (every publication,
//! in arrival order, with its version), requests such as
//! `client/registerCapability` get a `null` result, other notifications are
//! kept for inspection.
//!
//! The client keeps its own mirror of every open document and converts
//! positions itself (UTF-8 or UTF-16, as negotiated), so that it is an
//! independent oracle for the server's conversions. Nothing here sleeps for a
//! fixed time: every wait is for a message, with [`TIMEOUT`].
//!
//! [`render`] prints results over the source with markers (`▔▔▔` under a
//! range, `↑` at a position), the text that the snapshots hold.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test harness: each test binary uses a part of it and fails loudly"
)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Publications kept per document (older ones are dropped).
const KEEP_PUBLISHED: usize = 256;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

/// How long any wait for a server message may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The repository's `examples/` directory.
pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Copies `examples/<name>` into a fresh temporary directory (the copy is
/// what the server scans, so tests may break files on disk freely).
pub fn copy_example(name: &str) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("abide-lsp-")
        .tempdir()
        .expect("temp dir");
    copy_dir(&examples_dir().join(name), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read example dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The text of an example file.
pub fn example_text(rel: &str) -> String {
    std::fs::read_to_string(examples_dir().join(rel)).expect("example file")
}

/// The `file://` URI of a path, spelled the way the server spells the files
/// it finds on disk (canonical path, RFC 3986 percent-encoding).
pub fn file_uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    tower_lsp_server::ls_types::Uri::from_file_path(&path)
        .expect("absolute path")
        .as_str()
        .to_owned()
}

/// The file name at the end of a URI (what snapshots show instead of temp paths).
pub fn short(uri: &str) -> String {
    let name = uri.rsplit('/').next().unwrap_or(uri);
    percent_decode(name)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// Positions (the client's own conversion, independent of the server's).
// ---------------------------------------------------------------------------

/// How columns are counted on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
}

impl Encoding {
    fn width(self, c: char) -> usize {
        match self {
            Self::Utf8 => c.len_utf8(),
            Self::Utf16 => c.len_utf16(),
        }
    }
}

/// The LSP position of a byte offset.
pub fn position(text: &str, offset: usize, enc: Encoding) -> Value {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col: usize = text[line_start..offset].chars().map(|c| enc.width(c)).sum();
    json!({ "line": line, "character": col })
}

/// The byte offset of an LSP position; past the end of a line clamps to the
/// line's end (before a `\r\n` or `\n`), past the last line to the end of
/// the text (LSP 3.17).
pub fn offset(text: &str, pos: &Value, enc: Encoding) -> usize {
    let line = pos["line"].as_u64().expect("line") as usize;
    let col = pos["character"].as_u64().expect("character") as usize;
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    // A `\r` before the `\n` is part of the line terminator, not of the line.
    if text[start..end].ends_with('\r') {
        end -= 1;
    }
    let mut counted = 0;
    for (i, c) in text[start..end].char_indices() {
        if counted >= col {
            return start + i;
        }
        counted += enc.width(c);
    }
    end
}

/// The LSP range of a byte range.
pub fn range(text: &str, start: usize, end: usize, enc: Encoding) -> Value {
    json!({ "start": position(text, start, enc), "end": position(text, end, enc) })
}

/// The byte offset of a cursor written as `|` inside `needle`: the first
/// occurrence of `needle` without its `|` is searched in `text`.
pub fn find_cursor(text: &str, needle: &str) -> usize {
    let bar = needle.find('|').unwrap_or(0);
    let plain = needle.replacen('|', "", 1);
    let at = text
        .find(&plain)
        .unwrap_or_else(|| panic!("`{plain}` not found in the document"));
    at + bar
}

// ---------------------------------------------------------------------------
// The client.
// ---------------------------------------------------------------------------

/// One `textDocument/publishDiagnostics` as received.
#[derive(Debug, Clone)]
pub struct Published {
    /// Arrival order over all messages of the session.
    pub seq: u64,
    /// The document version the server tagged it with.
    pub version: Option<i64>,
    /// The diagnostics (raw LSP JSON).
    pub diagnostics: Vec<Value>,
}

/// A JSON-RPC error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
    /// The error code (e.g. -32601 `MethodNotFound`).
    pub code: i64,
    /// The message.
    pub message: String,
}

#[derive(Default)]
struct Inbox {
    seq: u64,
    pending: HashMap<i64, oneshot::Sender<Value>>,
    diagnostics: HashMap<String, Vec<Published>>,
    server_requests: Vec<(String, Value)>,
    notifications: Vec<(String, Value)>,
    closed: bool,
}

/// An open document as the client sees it.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Its current text.
    pub text: String,
    /// Its current version.
    pub version: i64,
}

/// What `initialize` offers.
#[derive(Debug, Clone, Default)]
pub struct Init {
    /// `general.positionEncodings` (absent when `None`).
    pub encodings: Option<Vec<&'static str>>,
    /// A workspace folder.
    pub folder: Option<PathBuf>,
    /// Whether `workspace.didChangeWatchedFiles.dynamicRegistration` is offered.
    pub watch_registration: bool,
}

/// The test's side of the connection.
pub struct Client {
    writer: Arc<tokio::sync::Mutex<DuplexStream>>,
    inbox: Arc<Mutex<Inbox>>,
    changed: watch::Receiver<u64>,
    next_id: AtomicI64,
    server: Option<JoinHandle<()>>,
    reader: JoinHandle<()>,
    /// The negotiated position encoding.
    pub encoding: Encoding,
    /// Open documents by URI.
    pub docs: HashMap<String, Doc>,
    /// The `initialize` result.
    pub capabilities: Value,
}

async fn write_frame(w: &tokio::sync::Mutex<DuplexStream>, msg: &Value) -> std::io::Result<()> {
    let body = serde_json::to_string(msg).expect("serialize");
    let mut w = w.lock().await;
    w.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    w.write_all(body.as_bytes()).await?;
    w.flush().await
}

/// Reads one framed message; `None` at end of stream.
async fn read_frame(r: &mut BufReader<DuplexStream>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("header line");
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse::<usize>().expect("Content-Length"));
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    r.read_exact(&mut body).await.ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON body"))
}

async fn read_loop(
    mut reader: BufReader<DuplexStream>,
    writer: Arc<tokio::sync::Mutex<DuplexStream>>,
    inbox: Arc<Mutex<Inbox>>,
    bump: watch::Sender<u64>,
) {
    while let Some(msg) = read_frame(&mut reader).await {
        let method = msg.get("method").and_then(Value::as_str).map(str::to_owned);
        let id = msg.get("id").cloned();
        let mut reply = None;
        {
            let mut inbox = inbox
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            inbox.seq += 1;
            let seq = inbox.seq;
            match (method, id) {
                (None, Some(id)) => {
                    let id = id.as_i64().expect("numeric ids only");
                    if let Some(tx) = inbox.pending.remove(&id) {
                        let _ = tx.send(msg);
                    }
                }
                (Some(m), Some(id)) => {
                    inbox.server_requests.push((m, msg["params"].clone()));
                    reply = Some(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                }
                (Some(m), None) if m == "textDocument/publishDiagnostics" => {
                    let p = &msg["params"];
                    let uri = p["uri"].as_str().expect("uri").to_owned();
                    let kept = inbox.diagnostics.entry(uri).or_default();
                    kept.push(Published {
                        seq,
                        version: p["version"].as_i64(),
                        diagnostics: p["diagnostics"].as_array().cloned().unwrap_or_default(),
                    });
                    // Keep the recent history only: a soak of 10 000 edits
                    // must measure the server's memory, not the client's.
                    if kept.len() > KEEP_PUBLISHED {
                        kept.drain(..kept.len() - KEEP_PUBLISHED);
                    }
                }
                (Some(m), None) => inbox.notifications.push((m, msg["params"].clone())),
                (None, None) => panic!("a message that is neither request nor response: {msg}"),
            }
        }
        if let Some(reply) = reply
            && write_frame(&writer, &reply).await.is_err()
        {
            break;
        }
        bump.send_modify(|n| *n += 1);
    }
    inbox
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .closed = true;
    bump.send_modify(|n| *n += 1);
}

impl Client {
    /// Starts a server on in-memory pipes (not yet initialized).
    pub fn start() -> Self {
        let (client_w, server_r) = tokio::io::duplex(1 << 16);
        let (server_w, client_r) = tokio::io::duplex(1 << 16);
        let server = tokio::spawn(abide_lsp::serve(server_r, server_w));
        let writer = Arc::new(tokio::sync::Mutex::new(client_w));
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let (bump, changed) = watch::channel(0);
        let reader = tokio::spawn(read_loop(
            BufReader::new(client_r),
            writer.clone(),
            inbox.clone(),
            bump,
        ));
        Self {
            writer,
            inbox,
            changed,
            next_id: AtomicI64::new(1),
            server: Some(server),
            reader,
            encoding: Encoding::Utf16,
            docs: HashMap::new(),
            capabilities: Value::Null,
        }
    }

    /// Starts a server and runs `initialize` + `initialized`.
    pub async fn initialized(init: Init) -> Self {
        let mut c = Self::start();
        c.initialize(init).await;
        c
    }

    /// `initialize` then `initialized`; records the negotiated encoding.
    pub async fn initialize(&mut self, init: Init) -> Value {
        let mut general = json!({});
        if let Some(e) = &init.encodings {
            general["positionEncodings"] = json!(e);
        }
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {
                "general": general,
                "workspace": {
                    "didChangeWatchedFiles": { "dynamicRegistration": init.watch_registration }
                },
                "textDocument": {
                    "publishDiagnostics": { "relatedInformation": true, "versionSupport": true },
                    "hover": { "contentFormat": ["markdown", "plaintext"] },
                    "rename": { "prepareSupport": true }
                }
            },
        });
        if let Some(folder) = &init.folder {
            let uri = file_uri(folder);
            params["rootUri"] = json!(uri);
            params["workspaceFolders"] = json!([{ "uri": uri, "name": "ws" }]);
        }
        let result = self
            .request("initialize", params)
            .await
            .expect("initialize succeeds");
        self.encoding = match result["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Encoding::Utf8,
            None | Some("utf-16") => Encoding::Utf16,
            Some(other) => panic!("unexpected position encoding {other}"),
        };
        self.capabilities = result.clone();
        self.notify("initialized", json!({})).await;
        result
    }

    /// Writes one framed message; fails when the server stops reading for
    /// longer than [`TIMEOUT`] (a blocked server must not hang the test).
    async fn write(&self, msg: &Value) {
        tokio::time::timeout(TIMEOUT, write_frame(&self.writer, msg))
            .await
            .expect("the server reads its input within the timeout")
            .expect("the server's input is open");
    }

    /// Sends a notification.
    pub async fn notify(&self, method: &str, params: Value) {
        let msg = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        self.write(&msg).await;
    }

    /// Sends a request without waiting; `response` awaits it.
    pub async fn send_request(&self, method: &str, params: Value) -> oneshot::Receiver<Value> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.inbox
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pending
            .insert(id, tx);
        let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        self.write(&msg).await;
        rx
    }

    /// Awaits a response sent with `send_request`.
    pub async fn response(rx: oneshot::Receiver<Value>) -> Result<Value, RpcError> {
        let msg = tokio::time::timeout(TIMEOUT, rx)
            .await
            .expect("no response within the timeout")
            .expect("the connection closed before the response");
        match msg.get("error") {
            Some(e) => Err(RpcError {
                code: e["code"].as_i64().expect("error code"),
                message: e["message"].as_str().unwrap_or_default().to_owned(),
            }),
            None => Ok(msg.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Sends a request and awaits its result or error.
    pub async fn request(&self, method: &str, params: Value) -> Result<Value, RpcError> {
        let rx = self.send_request(method, params).await;
        Self::response(rx).await
    }

    /// Waits until `f` finds what it wants in the inbox (fails after [`TIMEOUT`]).
    async fn wait_until<T>(&self, what: &str, mut f: impl FnMut(&Inbox) -> Option<T>) -> T {
        let mut changed = self.changed.clone();
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            {
                let inbox = self
                    .inbox
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if let Some(t) = f(&inbox) {
                    return t;
                }
                assert!(
                    !inbox.closed,
                    "the server closed the connection while waiting for {what}"
                );
            }
            if tokio::time::timeout_at(deadline, changed.changed())
                .await
                .is_err()
            {
                let inbox = self
                    .inbox
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let seen: Vec<String> = inbox
                    .diagnostics
                    .iter()
                    .map(|(u, p)| {
                        let v: Vec<_> =
                            p.iter().map(|p| (p.version, p.diagnostics.len())).collect();
                        format!("{} {v:?}", short(u))
                    })
                    .collect();
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}; publications so far: {seen:#?}"
                );
            }
        }
    }

    /// The diagnostics of the first publication for `uri` tagged `version`.
    pub async fn wait_for_diagnostics(&self, uri: &str, version: i64) -> Vec<Value> {
        self.wait_until(&format!("diagnostics of {} v{version}", short(uri)), |i| {
            i.diagnostics
                .get(uri)?
                .iter()
                .find(|p| p.version == Some(version))
                .map(|p| p.diagnostics.clone())
        })
        .await
    }

    /// A mark in the message stream: later waits only see newer messages.
    pub fn mark(&self) -> u64 {
        self.inbox
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .seq
    }

    /// The first publication for `uri` after `mark`.
    pub async fn next_diagnostics(&self, uri: &str, mark: u64) -> Published {
        self.wait_until(
            &format!("diagnostics of {} after #{mark}", short(uri)),
            |i| {
                i.diagnostics
                    .get(uri)?
                    .iter()
                    .find(|p| p.seq > mark)
                    .cloned()
            },
        )
        .await
    }

    /// The first publication for `uri` after `mark` that satisfies `pred`.
    pub async fn diagnostics_where(
        &self,
        uri: &str,
        mark: u64,
        what: &str,
        pred: impl Fn(&Published) -> bool,
    ) -> Published {
        self.wait_until(&format!("{what} ({})", short(uri)), |i| {
            i.diagnostics
                .get(uri)?
                .iter()
                .find(|p| p.seq > mark && pred(p))
                .cloned()
        })
        .await
    }

    /// Every publication received so far, by URI.
    pub fn publications(&self) -> HashMap<String, Vec<Published>> {
        self.inbox
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .diagnostics
            .clone()
    }

    /// The latest publication for `uri`.
    pub fn latest(&self, uri: &str) -> Option<Published> {
        self.inbox
            .lock()
            .expect("inbox")
            .diagnostics
            .get(uri)
            .and_then(|p| p.last().cloned())
    }

    /// The requests the server sent to the client (method, params).
    pub fn server_requests(&self) -> Vec<(String, Value)> {
        self.inbox
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .server_requests
            .clone()
    }

    /// Waits for a server-initiated request.
    pub async fn wait_for_server_request(&self, method: &str) -> Value {
        self.wait_until(&format!("a {method} request"), |i| {
            i.server_requests
                .iter()
                .find(|(m, _)| m == method)
                .map(|(_, p)| p.clone())
        })
        .await
    }

    // -- documents ----------------------------------------------------------

    /// `textDocument/didOpen`, version 1.
    pub async fn open(&mut self, uri: &str, text: &str) -> i64 {
        self.open_version(uri, text, 1).await
    }

    /// `textDocument/didOpen` with a version.
    pub async fn open_version(&mut self, uri: &str, text: &str, version: i64) -> i64 {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "abide", "version": version, "text": text
            }}),
        )
        .await;
        self.docs.insert(
            uri.to_owned(),
            Doc {
                text: text.to_owned(),
                version,
            },
        );
        version
    }

    /// Opens a file of a workspace folder with its text on disk.
    pub async fn open_file(&mut self, path: &Path) -> (String, i64) {
        let uri = file_uri(path);
        let text = std::fs::read_to_string(path).expect("read file");
        let v = self.open(&uri, &text).await;
        (uri, v)
    }

    /// `textDocument/didClose`.
    pub async fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
        self.docs.remove(uri);
    }

    /// The client's copy of an open document, or the file on disk.
    pub fn text(&self, uri: &str) -> String {
        if let Some(d) = self.docs.get(uri) {
            return d.text.to_string();
        }
        let path = uri
            .parse::<tower_lsp_server::ls_types::Uri>()
            .ok()
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
            .unwrap_or_else(|| panic!("no text for {uri}"));
        std::fs::read_to_string(path).expect("read file")
    }

    /// Sends incremental changes (byte ranges in the current text, applied in
    /// order) as one `didChange`; returns the new version.
    pub async fn change_bytes(&mut self, uri: &str, edits: &[(usize, usize, &str)]) -> i64 {
        let enc = self.encoding;
        let doc = self.docs.get_mut(uri).expect("an open document");
        let mut changes = Vec::new();
        for &(start, end, new) in edits {
            changes.push(json!({ "range": range(&doc.text, start, end, enc), "text": new }));
            doc.text.replace_range(start..end, new);
        }
        doc.version += 1;
        let version = doc.version;
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        )
        .await;
        version
    }

    /// Sends raw change events (LSP ranges) and applies them to the mirror
    /// the way the protocol says; returns the new version.
    pub async fn change_raw(&mut self, uri: &str, changes: Vec<Value>) -> i64 {
        let enc = self.encoding;
        let doc = self.docs.get_mut(uri).expect("an open document");
        for c in &changes {
            let new = c["text"].as_str().expect("text");
            match c.get("range") {
                Some(r) => {
                    let a = offset(&doc.text, &r["start"], enc);
                    let b = offset(&doc.text, &r["end"], enc);
                    doc.text.replace_range(a.min(b)..a.max(b), new);
                }
                None => doc.text = new.to_owned(),
            }
        }
        doc.version += 1;
        let version = doc.version;
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        )
        .await;
        version
    }

    /// Replaces the first occurrence of `old` with `new` (incremental change).
    pub async fn replace(&mut self, uri: &str, old: &str, new: &str) -> i64 {
        let text = &self.docs.get(uri).expect("an open document").text;
        let at = text
            .find(old)
            .unwrap_or_else(|| panic!("`{old}` not found in {}", short(uri)));
        self.change_bytes(uri, &[(at, at + old.len(), new)]).await
    }

    /// Inserts `new` at the cursor `|` of `needle`.
    pub async fn insert_at(&mut self, uri: &str, needle: &str, new: &str) -> i64 {
        let at = find_cursor(&self.docs.get(uri).expect("an open document").text, needle);
        self.change_bytes(uri, &[(at, at, new)]).await
    }

    /// Replaces the whole document (a change without a range).
    pub async fn replace_all(&mut self, uri: &str, text: &str) -> i64 {
        self.change_raw(uri, vec![json!({ "text": text })]).await
    }

    /// The position of the cursor `|` in `needle` (in the document's text).
    pub fn pos(&self, uri: &str, needle: &str) -> Value {
        let text = self.text(uri);
        position(&text, find_cursor(&text, needle), self.encoding)
    }

    /// `{textDocument, position}` params at the cursor of `needle`.
    pub fn at(&self, uri: &str, needle: &str) -> Value {
        json!({ "textDocument": { "uri": uri }, "position": self.pos(uri, needle) })
    }

    /// Sends `shutdown` and `exit` and waits for the server task to end.
    pub async fn shutdown(self) {
        let r = self.request("shutdown", Value::Null).await;
        assert_eq!(r, Ok(Value::Null), "shutdown answers null");
        self.exit().await;
    }

    /// Sends `exit` and waits for the server task to end.
    pub async fn exit(mut self) {
        self.notify("exit", Value::Null).await;
        let server = self.server.take().expect("a server task");
        tokio::time::timeout(TIMEOUT, server)
            .await
            .expect("the server stops after exit")
            .expect("the server task does not panic");
        self.reader.abort();
    }

    /// True once the server task has finished.
    pub fn server_finished(&self) -> bool {
        self.server.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.abort();
        }
        self.reader.abort();
    }
}

// ---------------------------------------------------------------------------
// Rendering results over the source.
// ---------------------------------------------------------------------------

/// A label attached to a range of a document.
#[derive(Debug, Clone)]
pub struct Mark {
    /// The LSP range (`{start, end}` in the encoding given to [`render`]).
    pub range: Value,
    /// What to print next to the marker (may span several lines).
    pub label: String,
}

impl Mark {
    /// A mark over `range`.
    pub fn new(range: &Value, label: impl Into<String>) -> Self {
        Self {
            range: range.clone(),
            label: label.into(),
        }
    }

    /// A zero-width mark at a position.
    pub fn at(pos: &Value, label: impl Into<String>) -> Self {
        Self {
            range: json!({ "start": pos, "end": pos }),
            label: label.into(),
        }
    }
}

/// Prints the lines of `text` that carry marks, each followed by its marks:
/// `▔` under the range (to the end of the line, then `…→L:C`, for a range
/// that spans lines), `↑` for an empty range, then the label. Line numbers
/// are 1-based; gaps between printed lines show as `┆`.
pub fn render(text: &str, enc: Encoding, marks: &[Mark]) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut by_line: std::collections::BTreeMap<usize, Vec<(usize, usize, String)>> =
        std::collections::BTreeMap::new();
    for m in marks {
        let a = offset(text, &m.range["start"], enc);
        let b = offset(text, &m.range["end"], enc);
        let start_line = m.range["start"]["line"].as_u64().expect("line") as usize;
        let end_line = m.range["end"]["line"].as_u64().expect("line") as usize;
        let start_line = start_line.min(lines.len() - 1);
        let line_start: usize = lines[..start_line].iter().map(|l| l.len() + 1).sum();
        let line_text = lines[start_line].trim_end_matches('\r');
        let col = text[line_start..a.max(line_start)].chars().count();
        let (width, suffix) = if end_line > start_line {
            (
                line_text.chars().count().saturating_sub(col).max(1),
                format!("…→{}:{} ", end_line + 1, m.range["end"]["character"]),
            )
        } else {
            (text[a..b.max(a)].chars().count(), String::new())
        };
        let marker = if width == 0 {
            "↑".to_owned()
        } else {
            "▔".repeat(width)
        };
        by_line.entry(start_line).or_default().push((
            col,
            width,
            format!("{marker}{suffix}\u{0}{}", m.label),
        ));
    }
    let gutter = lines.len().to_string().len();
    let mut out = String::new();
    let mut last: Option<usize> = None;
    for (line, mut ms) in by_line {
        if let Some(l) = last
            && line > l + 1
        {
            let _ = writeln!(out, "{:gutter$} ┆", "");
        }
        last = Some(line);
        let _ = writeln!(
            out,
            "{:>gutter$} │ {}",
            line + 1,
            lines[line].trim_end_matches('\r')
        );
        ms.sort_by_key(|m| (m.0, m.1));
        for (col, _, m) in ms {
            let (marker, label) = m.split_once('\u{0}').expect("separator");
            let pad = " ".repeat(col);
            let mut label_lines = label.lines();
            let first = label_lines.next().unwrap_or("");
            let sep = if first.is_empty() { "" } else { " " };
            let _ = writeln!(out, "{:gutter$} │ {pad}{marker}{sep}{first}", "");
            for rest in label_lines {
                let _ = writeln!(out, "{:gutter$} │ {pad}  {rest}", "");
            }
        }
    }
    // No trailing spaces in snapshots.
    out.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Renders locations (`{uri, range}`) grouped by file, each file's marks over
/// its text (read through the client: open documents or disk).
pub fn render_locations(c: &Client, locations: &[(Value, String)]) -> String {
    let mut by_file: std::collections::BTreeMap<String, (String, Vec<Mark>)> =
        std::collections::BTreeMap::new();
    for (loc, label) in locations {
        let uri = loc["uri"].as_str().expect("uri");
        by_file
            .entry(short(uri))
            .or_insert_with(|| (uri.to_owned(), Vec::new()))
            .1
            .push(Mark::new(&loc["range"], label.clone()));
    }
    let mut out = String::new();
    for (name, (uri, marks)) in by_file {
        let _ = writeln!(out, "── {name}");
        out.push_str(&render(&c.text(&uri), c.encoding, &marks));
    }
    out
}

/// The label of a diagnostic: `severity[code]: message` and its related
/// information (`related file:line:col: message`).
pub fn diagnostic_label(d: &Value) -> String {
    let severity = match d["severity"].as_i64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        Some(4) => "hint",
        _ => "?",
    };
    let code = d["code"].as_str().unwrap_or("");
    let mut s = format!(
        "{severity}[{code}]: {}",
        d["message"].as_str().unwrap_or("")
    );
    for r in d["relatedInformation"].as_array().into_iter().flatten() {
        let loc = &r["location"];
        let _ = write!(
            s,
            "\nrelated {}:{}:{}: {}",
            short(loc["uri"].as_str().unwrap_or("")),
            loc["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
            loc["range"]["start"]["character"].as_u64().unwrap_or(0) + 1,
            r["message"].as_str().unwrap_or("")
        );
    }
    s
}

/// The findings that depend on today's date (`expired`, `expiring`,
/// `overdue-review`, `E0315 review-in-future`). The server takes today from
/// the clock and, unlike `abide check --today`, cannot be given a date, so
/// snapshots and "clean" assertions leave these out to stay valid as the
/// examples' review and validity dates pass.
pub const DATED: &[&str] = &["expired", "expiring", "overdue-review", "E0315"];

/// The diagnostics without the date-dependent ones ([`DATED`]).
pub fn timeless(diags: &[Value]) -> Vec<Value> {
    diags
        .iter()
        .filter(|d| !DATED.iter().any(|c| d["code"] == *c))
        .cloned()
        .collect()
}

/// Renders diagnostics over the document they belong to.
pub fn render_diagnostics(text: &str, enc: Encoding, diags: &[Value]) -> String {
    let marks: Vec<Mark> = diags
        .iter()
        .map(|d| Mark::new(&d["range"], diagnostic_label(d)))
        .collect();
    render(text, enc, &marks)
}

/// The text of a hover result (markup, plain string or marked strings).
pub fn hover_text(h: &Value) -> String {
    let c = &h["contents"];
    if let Some(v) = c.get("value").and_then(Value::as_str) {
        return v.to_owned();
    }
    if let Some(s) = c.as_str() {
        return s.to_owned();
    }
    c.to_string()
}

/// Applies LSP text edits (in `enc`) to a text.
pub fn apply_edits(text: &str, edits: &[Value], enc: Encoding) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], enc),
                offset(text, &e["range"]["end"], enc),
                e["newText"].as_str().expect("newText").to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (a, b, new) in spans {
        out.replace_range(a..b, &new);
    }
    out
}

/// The diagnostics `abide check` computes for `text` on a fresh database,
/// in the LSP form the server publishes (code, range, severity, message).
pub fn fresh_check(text: &str, enc: Encoding) -> Vec<String> {
    let db = abide_db::AbideDatabase::new();
    let file = abide_db::SourceFile::new(&db, "campus_wifi.abide".into(), text.into(), None);
    let today = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    let settings = abide_db::Settings::new(&db, Vec::new(), false, Some(today));
    let ws = abide_db::Workspace::new(&db, vec![file], settings);
    let mut out: Vec<String> = abide_check::check_file(&db, ws, file)
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            for n in &d.notes {
                message.push('\n');
                message.push_str(n);
            }
            if let Some(h) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(h);
            }
            let r = range(
                text,
                d.primary.span.start as usize,
                d.primary.span.end as usize,
                enc,
            );
            format!("{} {r} {message}", d.code)
        })
        .collect();
    out.sort();
    out
}

/// Published diagnostics in the form of [`fresh_check`], sorted.
pub fn published_form(diags: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["code"].as_str().unwrap(),
                d["range"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}
