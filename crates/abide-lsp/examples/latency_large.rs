//! Edit-to-diagnostics latency of `abide lsp` on a large generated
//! workspace, in process over real JSON-RPC framing (the harness of
//! `tests/common`).
//!
//! Opens DIR (a workspace written by `abide-bench gen`, e.g. 10k
//! agreements) as a workspace folder and one of its agreement files, then
//! makes 200 edits that alternate the bound of the first hosting
//! contract's `platform` target of that file between 99.999% and 99.998%
//! (both above what it supports and above its credits), and measures, for each,
//! the time from writing the `didChange` to reading the
//! `publishDiagnostics` tagged with that version.
//!
//! ```text
//! cargo run --release -p abide-bench -- gen 10000 /tmp/gen10k
//! cargo run --release -p abide-lsp --example latency_large -- /tmp/gen10k
//! ```
//!
//! It also prints the resident memory of the process (client and server,
//! with the allocator of `abide`) once the file is open and after the
//! edits. The first edit lets salsa evict the syntax trees beyond its parse
//! cache (`abide_db::queries::PARSE_LRU`): 28 MB of heap at 10k. The
//! resident size falls much less, since the allocator keeps freed pages
//! for reuse.

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

use std::time::Instant;

use common::{Client, Init};

/// The allocator of the `abide` binary, so that memory figures are its own.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Resident memory of this process, in MB (0 where `/proc` is missing).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: latency_large DIR   (a workspace written by `abide-bench gen`)");
        std::process::exit(2);
    };
    let dir = std::fs::canonicalize(&dir).expect("the workspace directory");
    let mut files: Vec<_> = std::fs::read_dir(dir.join("agreements"))
        .expect("DIR/agreements")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    files.sort();
    let file = files[files.len() / 2].clone();
    let agreements: usize = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .expect("a source file")
                .lines()
                .filter(|l| {
                    ["sla ", "ola ", "xla ", "contract "]
                        .iter()
                        .any(|k| l.starts_with(k))
                })
                .count()
        })
        .sum();
    let loading = Instant::now();
    let mut c = Client::initialized(Init {
        encodings: Some(vec!["utf-16"]),
        folder: Some(dir.clone()),
        ..Init::default()
    })
    .await;
    let (uri, v) = c.open_file(&file).await;
    c.wait_for_diagnostics(&uri, v).await;
    let opened = loading.elapsed();
    let rss_opened = rss_mb();

    let samples = shared::measure(
        &mut c,
        &uri,
        "target platform: availability >= ",
        ["99.999%", "99.998%"],
        |d| {
            assert!(d.is_empty(), "the generated workspace is clean: {d:?}");
        },
    )
    .await;
    // Past mimalloc's purge delay, so that freed pages are returned.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let rss_edited = rss_mb();
    let what = format!(
        "{} in a workspace of {agreements} agreements in {} files",
        file.display(),
        files.len()
    );
    shared::report(
        &what,
        samples,
        &[
            format!(
                "initialize + open + first diagnostics {:.1} ms",
                opened.as_secs_f64() * 1000.0
            ),
            format!(
                "RSS after the first diagnostics {rss_opened:.1} MB, after the edits {rss_edited:.1} MB"
            ),
        ],
    );
    c.shutdown().await;
}
