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

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a measurement program: failures are loud"
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{Client, Init};

const EDITS: usize = 200;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The value at quantile `q` (nearest rank) of sorted samples.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
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

    let prefix = "target platform: availability >= ";
    let mut samples = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let value = if i % 2 == 0 { "99.999%" } else { "99.998%" };
        let text = c.text(&uri);
        let at = text.find(prefix).expect("a platform target") + prefix.len();
        let end = at + text[at..].find(' ').expect("a bound");
        let start = Instant::now();
        let version = c.change_bytes(&uri, &[(at, end, value)]).await;
        let diags = c.wait_for_diagnostics(&uri, version).await;
        samples.push(start.elapsed());
        assert!(
            diags.is_empty(),
            "the generated workspace is clean: {diags:?}"
        );
    }
    let first = samples[0];
    samples.sort();
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "abide lsp: {EDITS} edits of {} in a workspace of {agreements} agreements in {} files ({} build), didChange → publishDiagnostics",
        file.display(),
        files.len(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    println!("  median {:.3} ms", ms(quantile(&samples, 0.5)));
    println!("  p99    {:.3} ms", ms(quantile(&samples, 0.99)));
    println!("  min    {:.3} ms", ms(samples[0]));
    println!("  max    {:.3} ms", ms(samples[samples.len() - 1]));
    println!("  first  {:.3} ms", ms(first));
    println!(
        "  initialize + open + first diagnostics {:.1} ms",
        ms(opened)
    );
    println!("  CPUs   {cpus}");
    c.shutdown().await;
}
