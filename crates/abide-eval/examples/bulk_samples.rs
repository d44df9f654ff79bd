//! Writes N probe samples for the campus Wi-Fi example, for measuring
//! `abide evaluate` throughput and memory (BENCHMARKS.md):
//!
//! ```text
//! cargo run --release -p abide-eval --example bulk_samples -- 1000000 /tmp/wifi-1m
//! ```
//!
//! Probes alternate between the SLA's and the network OLA's availability
//! targets, one every 30 seconds from 2026-09-01, about one in 500 down.

use std::io::Write as _;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/wifi-bulk".into()));
    if let Err(e) = write(n, &dir) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn write(n: u64, dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let file = std::fs::File::create(dir.join("samples-bulk.csv"))?;
    let mut out = std::io::BufWriter::new(file);
    writeln!(out, "timestamp,target,value")?;
    let start = jiff::Timestamp::from_second(1_788_220_800).unwrap_or(jiff::Timestamp::UNIX_EPOCH); // 2026-09-01T00:00:00Z
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let at = start
            .checked_add(jiff::SignedDuration::from_secs(
                i64::try_from(i * 30).unwrap_or(0),
            ))
            .unwrap_or(start);
        let target = if i % 2 == 0 {
            "wifi_sla.availability"
        } else {
            "network_ola.core_availability"
        };
        let value = if x.is_multiple_of(500) { "down" } else { "up" };
        writeln!(out, "{at},{target},{value}")?;
    }
    out.flush()
}
