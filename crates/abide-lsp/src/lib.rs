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
pub mod transport;

pub use server::Backend;

use tower_lsp_server::{LspService, Server};

/// Serves the language server over stdin/stdout until the client exits.
pub async fn serve_stdio() {
    serve(tokio::io::stdin(), tokio::io::stdout()).await;
}

/// Serves the language server over any byte streams (tests use in-memory pipes).
///
/// Broken frames are answered with JSON-RPC errors and skipped
/// ([`transport`]); the session goes on.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite + Unpin,
{
    transport::serve_resync(input, output, |server_in, server_out| async move {
        let (service, socket) = LspService::new(Backend::new);
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
    })
    .await;
}
