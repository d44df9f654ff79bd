//! Benchmarks of the Abide compiler on generated workspaces.
//!
//! ```text
//! cargo bench -p abide-bench                      # 100, 1k, 10k agreements
//! ABIDE_BENCH_100K=1 cargo bench -p abide-bench   # and 100k
//! ```
//!
//! After divan's table a short summary is printed: cold-check throughput
//! (MB/s, agreements/s) as a ratio to serde_json decoding the compiled
//! report of the same workspace into typed structs, and the edit → re-check
//! latency (median and p99) at 1k and 10k agreements.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "a benchmark program: failures are loud"
)]

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use abide_bench::{Edit, Generated, Loaded, edit_texts, edited_file, generate, mirror};
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};

const SEED: u64 = 1;

/// The allocator of the `abide` binary, so that both sides of the baseline
/// comparison (check and report decode) run as they would in it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
    summary();
}

/// 100, 1k and 10k; 100k when `ABIDE_BENCH_100K` is set.
fn sizes() -> Vec<usize> {
    let mut v = vec![100, 1_000, 10_000];
    if std::env::var_os("ABIDE_BENCH_100K").is_some() {
        v.push(100_000);
    }
    v
}

/// The generated workspace of `n` agreements, made once.
fn workspace(n: usize) -> &'static Generated {
    static CACHE: OnceLock<Mutex<HashMap<usize, &'static Generated>>> = OnceLock::new();
    let mut map = CACHE.get_or_init(Mutex::default).lock().unwrap();
    map.entry(n)
        .or_insert_with(|| Box::leak(Box::new(generate(n, SEED))))
}

/// The compiled report of the workspace of `n` agreements, made once.
fn report(n: usize) -> &'static str {
    static CACHE: OnceLock<Mutex<HashMap<usize, &'static str>>> = OnceLock::new();
    let mut map = CACHE.get_or_init(Mutex::default).lock().unwrap();
    map.entry(n).or_insert_with(|| {
        let json = Loaded::new(workspace(n)).report_json().unwrap();
        Box::leak(json.into_boxed_str())
    })
}

#[divan::bench(args = sizes())]
fn lex(b: Bencher, n: usize) {
    let g = workspace(n);
    b.counter(BytesCount::new(g.bytes())).bench(|| {
        for f in &g.files {
            black_box(abide_syntax::lexer::lex(black_box(&f.text)));
        }
    });
}

#[divan::bench(args = sizes())]
fn parse(b: Bencher, n: usize) {
    let g = workspace(n);
    b.counter(BytesCount::new(g.bytes())).bench(|| {
        for f in &g.files {
            black_box(abide_syntax::parse(black_box(&f.text)));
        }
    });
}

/// A full check in a fresh database, as `abide check -j 1` makes it (parse,
/// scope, models, alignment, lints).
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn check(b: Bencher, n: usize) {
    let g = workspace(n);
    b.counter(BytesCount::new(g.bytes()))
        .counter(ItemsCount::new(g.agreements))
        .with_inputs(|| Loaded::new(g))
        .bench_local_values(|mut l| {
            assert_eq!(l.check_cold(), 0);
            l
        });
}

/// `abide compile` without the file system: check, then the JSON report.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn compile(b: Bencher, n: usize) {
    let g = workspace(n);
    b.counter(BytesCount::new(g.bytes()))
        .counter(ItemsCount::new(g.agreements))
        .with_inputs(|| Loaded::new(g))
        .bench_local_values(|mut l| {
            assert_eq!(l.check_cold(), 0);
            black_box(l.report_json().unwrap());
            l
        });
}

/// The baseline: serde_json decoding the report into typed structs.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn decode_report_typed(b: Bencher, n: usize) {
    let json = report(n);
    b.counter(BytesCount::new(json.len()))
        .bench(|| black_box(serde_json::from_str::<mirror::Report>(black_box(json)).unwrap()));
}

/// The same into `serde_json::Value`.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn decode_report_value(b: Bencher, n: usize) {
    let json = report(n);
    b.counter(BytesCount::new(json.len()))
        .bench(|| black_box(serde_json::from_str::<serde_json::Value>(black_box(json)).unwrap()));
}

/// A checked workspace and the edit to make, alternating.
struct EditState {
    loaded: Loaded,
    file: usize,
    texts: [String; 2],
    turn: usize,
}

impl EditState {
    fn new(n: usize, edit: Edit) -> Self {
        let g = workspace(n);
        let loaded = Loaded::new(g);
        assert_eq!(loaded.check(), 0);
        let file = edited_file(g);
        let texts = edit_texts(g, file, edit).expect("the generated file has the targets to edit");
        Self {
            loaded,
            file,
            texts,
            turn: 0,
        }
    }

    /// Makes the next edit and re-checks the workspace; returns the errors.
    fn step(&mut self) -> usize {
        let text = self.texts[self.turn % 2].clone();
        self.turn += 1;
        self.loaded.set_text(self.file, text);
        self.loaded.check()
    }
}

#[divan::bench(args = [1_000, 10_000])]
fn edit_bound_recheck(b: Bencher, n: usize) {
    let mut s = EditState::new(n, Edit::Bound);
    b.bench_local(|| assert_eq!(s.step(), 0));
}

#[divan::bench(args = [1_000, 10_000])]
fn edit_spans_recheck(b: Bencher, n: usize) {
    let mut s = EditState::new(n, Edit::Spans);
    b.bench_local(|| assert_eq!(s.step(), 0));
}

#[divan::bench(args = [1_000, 10_000])]
fn edit_misalign_recheck(b: Bencher, n: usize) {
    let mut s = EditState::new(n, Edit::Misalign);
    b.bench_local(|| black_box(s.step()));
}

// ---------------------------------------------------------------------------
// The summary printed after divan's table.
// ---------------------------------------------------------------------------

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The value at quantile `q` (nearest rank).
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn summary() {
    // Only when benchmarks ran (not under `cargo test --benches` or `--list`).
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list" || a == "--test") || args.iter().all(|a| a != "--bench") {
        return;
    }
    println!();
    println!("== summary (release, {SEED} seed)");
    println!(
        "{:>8} {:>8} {:>9} {:>10} {:>9} {:>8} {:>9} {:>11} {:>10} {:>10}",
        "agrmts",
        "src MB",
        "check ms",
        "check MB/s",
        "agrmts/s",
        "JSON MB",
        "decode ms",
        "decode MB/s",
        "time ratio",
        "MB/s ratio"
    );
    for n in sizes() {
        let g = workspace(n);
        // Both sides get one run that is not counted, as divan's own
        // benches do: the first run of either pays for the process's first
        // use of the memory it touches, and then the median of three would
        // still be that run's neighbour. (`farm-bench` of `abide check`
        // gives the whole-process figure, first touch included.)
        let runs = if n >= 10_000 { 5 } else { 7 };
        let check = median(
            (0..=runs)
                .map(|_| {
                    let mut l = Loaded::new(g);
                    let t = Instant::now();
                    assert_eq!(l.check_cold(), 0);
                    let e = t.elapsed();
                    drop(l);
                    e
                })
                .skip(1)
                .collect(),
        );
        let json = report(n);
        let decode = median(
            (0..=runs)
                .map(|_| {
                    let t = Instant::now();
                    black_box(serde_json::from_str::<mirror::Report>(json).unwrap());
                    t.elapsed()
                })
                .skip(1)
                .collect(),
        );
        let mb = g.bytes() as f64 / 1e6;
        let jmb = json.len() as f64 / 1e6;
        let check_mbs = mb / check.as_secs_f64();
        let decode_mbs = jmb / decode.as_secs_f64();
        println!(
            "{:>8} {:>8.2} {:>9.1} {:>10.2} {:>9.0} {:>8.2} {:>9.1} {:>11.1} {:>10.3} {:>10.3}",
            n,
            mb,
            ms(check),
            check_mbs,
            n as f64 / check.as_secs_f64(),
            jmb,
            ms(decode),
            decode_mbs,
            decode.as_secs_f64() / check.as_secs_f64(),
            check_mbs / decode_mbs
        );
    }
    println!(
        "time ratio = typed serde_json decode time of the report / cold check time of the sources"
    );
    println!("MB/s ratio = check MB/s (source bytes) / decode MB/s (report bytes)");
    println!();
    println!("== edit → re-check (whole workspace), 200 edits each");
    println!(
        "{:>8} {:>10} {:>10} {:>10}",
        "agrmts", "edit", "p50 ms", "p99 ms"
    );
    let mut p50 = HashMap::new();
    for n in [1_000, 10_000] {
        for edit in [Edit::Bound, Edit::Spans, Edit::Misalign] {
            let mut s = EditState::new(n, edit);
            let mut v: Vec<Duration> = (0..200)
                .map(|_| {
                    let t = Instant::now();
                    black_box(s.step());
                    t.elapsed()
                })
                .collect();
            v.sort();
            let (a, b) = (quantile(&v, 0.5), quantile(&v, 0.99));
            p50.insert((n, edit as u8), a);
            println!(
                "{:>8} {:>10} {:>10.3} {:>10.3}",
                n,
                format!("{edit:?}").to_lowercase(),
                ms(a),
                ms(b)
            );
        }
    }
    let r = p50[&(10_000, Edit::Bound as u8)].as_secs_f64()
        / p50[&(1_000, Edit::Bound as u8)].as_secs_f64();
    println!("bound edit p50 ratio 10k/1k = {r:.2}");
}
