//! Repeats one edit → whole-workspace re-check, for profiling with `perf`:
//! `cargo run --release -p abide-bench --example edit_loop -- 10000 2000 bound`.
//! Prints the median and p99 of the re-check time.

use std::time::Instant;

/// The allocator of the `abide` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let edits: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(500);
    let kind = args.get(2).map_or("bound", String::as_str);
    let g = abide_bench::generate(n, 1);
    let mut loaded = abide_bench::Loaded::new(&g);
    let t = Instant::now();
    let errors = loaded.check();
    println!(
        "cold check: {:.1} ms, {errors} errors",
        t.elapsed().as_secs_f64() * 1e3
    );
    let edit = match kind {
        "spans" => abide_bench::Edit::Spans,
        "misalign" => abide_bench::Edit::Misalign,
        _ => abide_bench::Edit::Bound,
    };
    let file = abide_bench::edited_file(&g);
    let texts = abide_bench::edit_texts(&g, file, edit).ok_or("no target to edit")?;
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        loaded.set_text(file, texts[i % 2].clone());
        let t = Instant::now();
        std::hint::black_box(loaded.check());
        times.push(t.elapsed());
    }
    times.sort();
    let q = |p: f64| times[((times.len() - 1) as f64 * p) as usize].as_secs_f64() * 1e3;
    println!(
        "{kind} edit at {n}: p50 {:.3} ms, p99 {:.3} ms",
        q(0.5),
        q(0.99)
    );
    println!(
        "model lookups outside a file's imports: {}",
        abide_check::imports::import_misses()
    );
    Ok(())
}
