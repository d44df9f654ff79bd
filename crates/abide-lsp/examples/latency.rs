//! Edit-to-diagnostics latency of `abide lsp`, in process over real
//! JSON-RPC framing (the harness of `tests/common`).
//!
//! Opens `examples/campus-wifi` as a workspace folder, then makes 200 edits
//! that alternate the bound of `wifi_sla.availability` between two values,
//! and measures, for each, the time from writing the `didChange` to reading
//! the `publishDiagnostics` tagged with that version.
//!
//! ```text
//! cargo run --release -p abide-lsp --example latency
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a measurement program: failures are loud"
)]

#[path = "../tests/common/mod.rs"]
mod common;

#[path = "shared/mod.rs"]
mod shared;

use common::{Client, Init, copy_example};

#[tokio::main]
async fn main() {
    let dir = copy_example("campus-wifi");
    let mut c = Client::initialized(Init {
        encodings: Some(vec!["utf-16"]),
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let (uri, v) = c.open_file(&dir.path().join("campus_wifi.abide")).await;
    c.wait_for_diagnostics(&uri, v).await;
    let samples = shared::measure(
        &mut c,
        &uri,
        "target availability: availability >= ",
        ["99.6%", "99.5%"],
        |d| {
            assert!(!d.is_empty(), "campus-wifi always has findings");
        },
    )
    .await;
    shared::report("examples/campus-wifi", samples, &[]);
    c.shutdown().await;
}
