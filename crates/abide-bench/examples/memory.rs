//! Where the memory of a checked workspace goes: resident set size after
//! each stage of a cold check of a generated workspace, or after the whole
//! check on N threads.
//!
//! ```text
//! cargo run --release -p abide-bench --example memory -- 10000      # by stage
//! cargo run --release -p abide-bench --example memory -- 10000 2    # check_all on 2 threads
//! cargo run --release -p abide-bench --example memory -- 10000 2 low # … with --low-memory
//! ```
//!
//! Each stage line also prints the peak so far (`VmHWM`): a stage's
//! temporaries count there, not in the resident size after it.

use abide_bench::Loaded;

/// The allocator of the `abide` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

fn peak_mb() -> f64 {
    status_mb("VmHWM:")
}

fn status_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let threads: Option<usize> = args.next().and_then(|a| a.parse().ok());
    let low_memory = args.next().is_some_and(|a| a == "low");
    let g = abide_bench::generate(n, 1);
    let source = g.bytes() as f64 / 1e6;
    let base = rss_mb();
    let mut loaded = Loaded::new(&g);
    drop(g);
    let ws = loaded.ws;
    let mut last = rss_mb();
    println!("source {source:.1} MB; texts loaded: {:.1} MB", last - base);
    if let Some(threads) = threads {
        let trees = if low_memory {
            abide_check::Trees::Few
        } else {
            abide_check::Trees::Release
        };
        abide_check::check_all(&mut loaded.db, &[ws], threads, trees);
        println!(
            "check_all on {threads} threads{}: +{:.1} MB ({:.1}× source; peak {:.1}×), {} errors",
            if low_memory { ", low memory" } else { "" },
            rss_mb() - last,
            (rss_mb() - base) / source,
            (peak_mb() - base) / source,
            loaded.check()
        );
        return;
    }
    let db = &loaded.db;
    let mut stage = |name: &str, f: &dyn Fn()| {
        f();
        let now = rss_mb();
        println!(
            "{name:<28} +{:>7.1} MB  ({:.1}× source; peak {:.1}×)",
            now - last,
            (now - base) / source,
            (peak_mb() - base) / source
        );
        last = now;
    };
    let files = &loaded.files;
    stage("parse", &|| {
        for &f in files {
            abide_db::parse(db, f);
        }
    });
    stage("item_index + scope", &|| {
        abide_check::scope::global_scope(db, ws);
    });
    stage("file_models", &|| {
        for &f in files {
            abide_check::model::file_models(db, f);
        }
    });
    stage("file_refs", &|| {
        for &f in files {
            abide_check::ide::file_refs(db, ws, f);
        }
    });
    stage("file_imports", &|| {
        for &f in files {
            abide_check::imports::file_imports(db, ws, f);
        }
    });
    stage("support + layering graphs", &|| {
        abide_check::checks::workspace::support_graph(db, ws);
        abide_check::checks::layering::layering_graph(db, ws);
    });
    stage("file_alignments", &|| {
        for &f in files {
            abide_check::checks::alignment::file_alignments(db, ws, f);
        }
    });
    stage("check (the rest)", &|| {
        abide_check::workspace_diagnostics(db, ws);
    });
}
