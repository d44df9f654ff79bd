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
    let first = abide_bench::first_agreement_file(&g);
    let file = first + (g.files.len() - first) / 2;
    let text = g.files[file].text.clone();
    let with = |prefix: &str, v: &str| -> Result<String, String> {
        let at = text.find(prefix).ok_or("no target")? + prefix.len();
        let end = at + text[at..].find(' ').ok_or("no bound")?;
        Ok(format!("{}{v}{}", &text[..at], &text[end..]))
    };
    let texts = match kind {
        "spans" => [format!("// edited\n{text}"), text.clone()],
        "misalign" => [
            with("target availability: availability >= ", "99.999%")?,
            text.clone(),
        ],
        _ => [
            with("target platform: availability >= ", "99.999%")?,
            with("target platform: availability >= ", "99.998%")?,
        ],
    };
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
