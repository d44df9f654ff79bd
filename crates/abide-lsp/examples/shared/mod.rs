//! The measuring loop and the summary shared by the latency examples.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::Client;

/// How many edits each example makes.
pub const EDITS: usize = 200;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The value at quantile `q` (nearest rank) of sorted samples.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Makes [`EDITS`] edits that alternate the bound after `prefix` between the
/// two `values`, and returns, for each, the time from writing the
/// `didChange` to reading the `publishDiagnostics` of that version.
/// `check` sees each publication's diagnostics.
pub async fn measure(
    c: &mut Client,
    uri: &str,
    prefix: &str,
    values: [&str; 2],
    check: impl Fn(&[Value]),
) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let text = c.text(uri);
        let at = text.find(prefix).expect("the edited target") + prefix.len();
        let end = at + text[at..].find(' ').expect("a bound");
        let start = Instant::now();
        let version = c.change_bytes(uri, &[(at, end, values[i % 2])]).await;
        let diags = c.wait_for_diagnostics(uri, version).await;
        samples.push(start.elapsed());
        check(&diags);
    }
    samples
}

/// Prints median, p99, min, max and the first sample, then `extra` lines.
pub fn report(what: &str, mut samples: Vec<Duration>, extra: &[String]) {
    let first = samples[0];
    samples.sort();
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("abide lsp: {EDITS} edits of {what} ({build} build), didChange → publishDiagnostics");
    println!("  median {:.3} ms", ms(quantile(&samples, 0.5)));
    println!("  p99    {:.3} ms", ms(quantile(&samples, 0.99)));
    println!("  min    {:.3} ms", ms(samples[0]));
    println!("  max    {:.3} ms", ms(samples[samples.len() - 1]));
    println!("  first  {:.3} ms", ms(first));
    for line in extra {
        println!("  {line}");
    }
    println!("  CPUs   {cpus}");
}
