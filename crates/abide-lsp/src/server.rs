//! The `LanguageServer` implementation (CONVENTIONS.md §A.5): mutations take
//! the session lock as their first await (so notifications apply in order),
//! reads clone a snapshot, release the lock and compute on a blocking
//! thread, and a computation cancelled by a newer edit answers
//! `ContentModified`.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;

use abide_db::ColumnUnit;
use tokio::sync::Mutex;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::session::{Entry, Session, Snapshot};
use crate::{diagnostics, editing, navigation};

/// The server.
pub struct Backend {
    client: Client,
    session: Arc<Mutex<Session>>,
}

impl Backend {
    /// A server talking to `client`.
    #[must_use]
    pub fn new(client: Client) -> Self {
        Self {
            client,
            session: Arc::default(),
        }
    }

    /// Runs `f` on a snapshot off the async runtime.
    async fn with_snapshot<R: Send + 'static>(
        &self,
        f: impl FnOnce(&Snapshot) -> R + Send + 'static,
    ) -> Result<R> {
        let snapshot = self.session.lock().await.snapshot();
        tokio::task::spawn_blocking(move || {
            salsa::Cancelled::catch(AssertUnwindSafe(|| f(&snapshot)))
        })
        .await
        .map_err(|_| Error::internal_error())?
        .map_err(|_| Error {
            code: ErrorCode::ContentModified,
            message: "content modified".into(),
            data: None,
        })
    }

    /// Runs a per-document request: `None` for unknown documents.
    async fn on_doc<R: Send + 'static>(
        &self,
        uri: &Uri,
        pos: Option<Position>,
        f: impl FnOnce(&Snapshot, Entry, usize) -> R + Send + 'static,
    ) -> Result<Option<R>> {
        let uri = uri.clone();
        self.with_snapshot(move |snap| {
            let e = snap.entry(&uri)?;
            let offset = pos.map_or(0, |p| {
                crate::session::offset(e.file.text(&snap.db), p, snap.encoding)
            });
            Some(f(snap, e, offset))
        })
        .await
    }

    /// Publishes the diagnostics of every known file (and clears the ones fixed).
    ///
    /// In two rounds: the documents open in the editor first (so the edited
    /// document hears back after checking itself and what it depends on),
    /// then every other file of the workspace.
    async fn publish(&self) {
        let generation = self.session.lock().await.generation;
        let Ok(open) = self.with_snapshot(diagnostics::open).await else {
            // A newer edit cancelled this computation; it publishes instead.
            return;
        };
        let mut seen = std::collections::BTreeSet::new();
        if !self.send(generation, open, &mut seen, false).await {
            return;
        }
        let Ok(closed) = self.with_snapshot(diagnostics::closed).await else {
            return;
        };
        self.send(generation, closed, &mut seen, true).await;
    }

    /// Sends one round of diagnostics; `last` clears documents the server
    /// forgot. Returns false when a newer mutation made the round stale.
    async fn send(
        &self,
        generation: u64,
        batch: Vec<(
            tower_lsp_server::ls_types::Uri,
            Vec<tower_lsp_server::ls_types::Diagnostic>,
            Option<i32>,
        )>,
        seen: &mut std::collections::BTreeSet<String>,
        last: bool,
    ) -> bool {
        let mut session = self.session.lock().await;
        if session.generation != generation {
            // Computed before a newer mutation, which publishes its own result:
            // sending this one could clear or outdate what the newer one sent.
            return false;
        }
        let mut to_send = Vec::new();
        for (uri, diags, version) in batch {
            let key = crate::session::key(&uri);
            seen.insert(key.clone());
            // Open documents always hear back (so a client knows its edit was
            // checked); closed files only when something changed.
            if diags.is_empty() && !session.published.contains_key(&key) && version.is_none() {
                continue;
            }
            if diags.is_empty() {
                session.published.remove(&key);
            } else {
                session.published.insert(key, uri.clone());
            }
            to_send.push((uri, diags, version));
        }
        if last {
            // Documents the server forgot (closed in-memory files, deleted files) are cleared.
            let forgotten: Vec<String> = session
                .published
                .keys()
                .filter(|k| !seen.contains(*k))
                .cloned()
                .collect();
            for key in forgotten {
                if let Some(uri) = session.published.remove(&key) {
                    to_send.push((uri, Vec::new(), None));
                }
            }
        }
        drop(session);
        for (uri, diags, version) in to_send {
            self.client.publish_diagnostics(uri, diags, version).await;
        }
        true
    }
}

fn folders(params: &InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[expect(deprecated, reason = "older clients only send rootUri")]
    if out.is_empty()
        && let Some(root) = params
            .root_uri
            .as_ref()
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
    {
        out.push(root);
    }
    out
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let mut session = self.session.lock().await;
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        session.encoding = if offers_utf8 {
            ColumnUnit::Utf8
        } else {
            ColumnUnit::Utf16
        };
        session.scan(&folders(&params));
        session.watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let encoding = if offers_utf8 {
            PositionEncodingKind::UTF8
        } else {
            PositionEncodingKind::UTF16
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "abide".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![".".into(), " ".into()]),
                    ..CompletionOptions::default()
                }),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: SemanticTokensLegend {
                                token_types: editing::TOKEN_TYPES.to_vec(),
                                token_modifiers: Vec::new(),
                            },
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: WorkDoneProgressOptions::default(),
                        },
                    ),
                ),
                code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                ..ServerCapabilities::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if !self.session.lock().await.watch_files {
            self.publish().await;
            return;
        }
        // Watch `*.abide` files so that changes made outside the editor are seen.
        let registration = Registration {
            id: "abide-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.abide".into()),
                    kind: None,
                }],
            })
            .ok(),
        };
        let _ = self.client.register_capability(vec![registration]).await;
        self.publish().await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        {
            let mut s = self.session.lock().await;
            s.open(
                p.text_document.uri,
                p.text_document.text,
                p.text_document.version,
            );
        }
        self.publish().await;
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        {
            let mut s = self.session.lock().await;
            s.change(
                &p.text_document.uri,
                p.text_document.version,
                p.content_changes,
            );
        }
        self.publish().await;
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        {
            let mut s = self.session.lock().await;
            s.close(&p.text_document.uri);
        }
        self.publish().await;
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        {
            let mut s = self.session.lock().await;
            for c in p.changes {
                s.disk_changed(&c.uri, c.typ == FileChangeType::DELETED);
            }
        }
        self.publish().await;
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        let doc = p.text_document_position_params;
        Ok(self
            .on_doc(
                &doc.text_document.uri,
                Some(doc.position),
                navigation::hover,
            )
            .await?
            .flatten()
            .map(|(md, range)| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: md,
                }),
                range: Some(range),
            }))
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let doc = p.text_document_position_params;
        Ok(self
            .on_doc(
                &doc.text_document.uri,
                Some(doc.position),
                navigation::definition,
            )
            .await?
            .flatten()
            .map(GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let doc = p.text_document_position;
        let include = p.context.include_declaration;
        self.on_doc(
            &doc.text_document.uri,
            Some(doc.position),
            move |s, e, o| navigation::references(s, e, o, include),
        )
        .await
    }

    async fn prepare_rename(
        &self,
        p: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        match self
            .on_doc(
                &p.text_document.uri,
                Some(p.position),
                navigation::prepare_rename,
            )
            .await?
        {
            None => Ok(None),
            Some(Ok(range)) => Ok(Some(PrepareRenameResponse::Range(range))),
            Some(Err(why)) => Err(Error::invalid_params(why)),
        }
    }

    async fn rename(&self, p: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let doc = p.text_document_position;
        let name = p.new_name;
        match self
            .on_doc(
                &doc.text_document.uri,
                Some(doc.position),
                move |s, e, o| navigation::rename(s, e, o, &name),
            )
            .await?
        {
            None => Ok(None),
            Some(Ok(edit)) => Ok(Some(edit)),
            Some(Err(why)) => Err(Error::invalid_params(why)),
        }
    }

    async fn document_symbol(
        &self,
        p: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self
            .on_doc(&p.text_document.uri, None, |s, e, _| {
                navigation::document_symbols(s, e)
            })
            .await?
            .map(DocumentSymbolResponse::Nested))
    }

    async fn symbol(&self, p: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let q = p.query;
        Ok(Some(WorkspaceSymbolResponse::Flat(
            self.with_snapshot(move |s| navigation::workspace_symbols(s, &q))
                .await?,
        )))
    }

    async fn completion(&self, p: CompletionParams) -> Result<Option<CompletionResponse>> {
        let doc = p.text_document_position;
        Ok(self
            .on_doc(
                &doc.text_document.uri,
                Some(doc.position),
                editing::completion,
            )
            .await?
            .map(CompletionResponse::Array))
    }

    async fn semantic_tokens_full(
        &self,
        p: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        Ok(self
            .on_doc(&p.text_document.uri, None, |s, e, _| {
                editing::semantic_tokens(s, e)
            })
            .await?
            .map(|data| {
                SemanticTokensResult::Tokens(SemanticTokens {
                    result_id: None,
                    data,
                })
            }))
    }

    /// The whole document in the canonical layout of `abide fmt`; `null`
    /// for a document with syntax errors (nothing is changed).
    async fn formatting(&self, p: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        Ok(self
            .on_doc(&p.text_document.uri, None, |s, e, _| {
                if e.file.load_error(&s.db).is_some() {
                    return None;
                }
                let text = e.file.text(&s.db);
                let formatted = abide_fmt::format(text).ok()?;
                if formatted == *text {
                    return Some(Vec::new());
                }
                let index = abide_db::queries::line_index(&s.db, e.file);
                let end = crate::session::position(index, text, text.len(), s.encoding);
                Some(vec![TextEdit::new(
                    Range::new(Position::new(0, 0), end),
                    formatted,
                )])
            })
            .await?
            .flatten())
    }

    async fn folding_range(&self, p: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.on_doc(&p.text_document.uri, None, |s, e, _| editing::folding(s, e))
            .await
    }

    async fn inlay_hint(&self, p: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.on_doc(&p.text_document.uri, None, |s, e, _| {
            editing::inlay_hints(s, e)
        })
        .await
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = p.text_document.uri.clone();
        let range = p.range;
        Ok(self
            .on_doc(&p.text_document.uri, None, move |s, e, _| {
                editing::code_actions(s, e, &uri, range)
            })
            .await?
            .map(|actions| {
                actions
                    .into_iter()
                    .map(CodeActionOrCommand::CodeAction)
                    .collect()
            }))
    }
}
