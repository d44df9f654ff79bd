//! The Abide language server: `abide lsp` on stdio.
//!
//! It asks the same salsa queries as the command line (one database, one
//! truth) and is the only crate that knows LSP types. Positions are
//! converted at the edge with the negotiated encoding (UTF-8 when the client
//! offers it, else UTF-16).

mod diagnostics;
mod editing;
mod navigation;
mod server;
pub mod session;

pub use server::Backend;

use tower_lsp_server::{LspService, Server};

/// Serves the language server over stdin/stdout until the client exits.
pub async fn serve_stdio() {
    let (service, socket) = LspService::new(Backend::new);
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}

/// Serves the language server over any byte streams (tests use in-memory pipes).
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite,
{
    let (service, socket) = LspService::new(Backend::new);
    Server::new(input, output, socket).serve(service).await;
}
