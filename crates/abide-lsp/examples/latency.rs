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

use std::time::{Duration, Instant};

use common::{Client, Init, copy_example};

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
    let dir = copy_example("campus-wifi");
    let mut c = Client::initialized(Init {
        encodings: Some(vec!["utf-16"]),
        folder: Some(dir.path().to_path_buf()),
        ..Init::default()
    })
    .await;
    let (uri, v) = c.open_file(&dir.path().join("campus_wifi.abide")).await;
    c.wait_for_diagnostics(&uri, v).await;

    let prefix = "target availability: availability >= ";
    let mut samples = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let value = if i % 2 == 0 { "99.6%" } else { "99.5%" };
        let text = c.text(&uri);
        let at = text.find(prefix).expect("the availability target") + prefix.len();
        let end = at + text[at..].find(' ').expect("a bound");
        let start = Instant::now();
        let version = c.change_bytes(&uri, &[(at, end, value)]).await;
        let diags = c.wait_for_diagnostics(&uri, version).await;
        samples.push(start.elapsed());
        assert!(!diags.is_empty(), "campus-wifi always has findings");
    }
    let first = samples[0];
    samples.sort();
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "abide lsp: {EDITS} edits of examples/campus-wifi ({} build), didChange → publishDiagnostics",
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
    println!("  CPUs   {cpus}");
    c.shutdown().await;
}
