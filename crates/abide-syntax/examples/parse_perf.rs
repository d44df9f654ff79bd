//! Dev tool for parser work: throughput, a loop to profile, and a digest
//! that shows two builds of the parser give byte-identical results.
//!
//! ```text
//! cargo run --release -p abide-bench -- gen 10000 /tmp/gen10k
//! cargo run --release -p abide-syntax --example parse_perf -- bench /tmp/gen10k 15
//! cargo run --release -p abide-syntax --example parse_perf -- loop /tmp/gen10k 60   # perf record
//! cargo run --release -p abide-syntax --example parse_perf -- digest OUT DIR...
//! ```
//!
//! `bench` parses every `.abide` file under DIR RUNS times and prints the
//! median and the fastest run; `loop` just parses, for `perf record`.
//!
//! `digest` guards a parser change. It writes one line per input — every
//! `.abide` file under the DIRs (say the repository and a generated
//! workspace) and 60 deterministic byte and token mutations of each — with
//! hashes of the `Debug` rendering of `parse` (tree, errors, trivia, stray
//! docs) and of `lexer::lex`. Run it with the parser before and after a
//! change, on the same DIRs (copies, if others are editing them) and with the
//! same toolchain, and `cmp` the two files: equal files mean byte-identical
//! results on every input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    reason = "a dev tool: failures are loud"
)]

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

/// As in `abide` and the benchmarks (see `abide-cli`'s `main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = || args.get(1).map_or(".", String::as_str);
    let runs = |d: usize| args.get(2).and_then(|a| a.parse().ok()).unwrap_or(d);
    match args.first().map(String::as_str) {
        Some("bench") => bench(&files(&[dir()]), runs(15)),
        Some("loop") => {
            let files = files(&[dir()]);
            for _ in 0..runs(60) {
                for (_, text) in &files {
                    std::hint::black_box(abide_syntax::parse(text));
                }
            }
        }
        Some("digest") if args.len() > 2 => {
            let dirs: Vec<&str> = args[2..].iter().map(String::as_str).collect();
            digest(&args[1], &files(&dirs));
        }
        _ => eprintln!("usage: parse_perf bench DIR [RUNS] | loop DIR [RUNS] | digest OUT DIR..."),
    }
}

fn bench(files: &[(String, String)], runs: usize) {
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        for (_, text) in files {
            std::hint::black_box(abide_syntax::parse(std::hint::black_box(text)));
        }
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{} files, {:.2} MB: median {:.2} ms, {:.1} MB/s (fastest {:.2} ms)",
        files.len(),
        bytes as f64 / 1e6,
        median * 1e3,
        bytes as f64 / 1e6 / median,
        times[0] * 1e3
    );
}

/// Every `.abide` file under `dirs` (skipping hidden and `target*`
/// directories), with its text, sorted by path.
fn files(dirs: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.iter().map(PathBuf::from).collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && !name.starts_with("target") {
                    stack.push(path);
                }
            } else if name.ends_with(".abide")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((path.to_string_lossy().into_owned(), text));
            }
        }
    }
    out.sort();
    out
}

/// Hashes of the `Debug` renderings of `parse` and of `lexer::lex`.
fn hash_of(src: &str) -> (u64, u64) {
    let hash = |text: String| {
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        h.finish()
    };
    (
        hash(format!("{:?}", abide_syntax::parse(src))),
        hash(format!("{:?}", abide_syntax::lexer::lex(src))),
    )
}

/// What the mutations insert: punctuation, look-alikes, keywords, typos.
#[rustfmt::skip]
const INSERTS: &[&str] = &[
    "{", "}", "(", ")", "[", "]", ",", ";", ":", ".", "..", "=", "<", ">=", "+", "-", "%",
    "≥", "−", "×", "\"", "\"x\"", "target", "for", "when", "credit", "Party", "campusWifi",
    "99.5 %", "15min", "1e3", "2026-9-1", "24:00", "x", "at", "downtime", "uptime", "below",
    "from", "\u{feff}", "/", "///", "// c\n", "\n", "sla", "p99.9", "\\q", "GBP", "UTC",
];

/// A xorshift64* generator: deterministic mutations without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }
}

/// One deterministic edit: a deletion, an insertion (glued or spaced) or a
/// truncation.
fn mutate(src: &str, rng: &mut Rng) -> String {
    let boundary = |mut i: usize| {
        while i < src.len() && !src.is_char_boundary(i) {
            i += 1;
        }
        i.min(src.len())
    };
    let a = boundary(rng.below(src.len()));
    match rng.below(4) {
        0 => {
            let b = boundary(a + rng.below(12));
            format!("{}{}", &src[..a], &src[b..])
        }
        1 => format!(
            "{}{}{}",
            &src[..a],
            INSERTS[rng.below(INSERTS.len())],
            &src[a..]
        ),
        2 => format!(
            "{} {} {}",
            &src[..a],
            INSERTS[rng.below(INSERTS.len())],
            &src[a..]
        ),
        _ => src[..a].to_owned(),
    }
}

fn digest(out: &str, files: &[(String, String)]) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).unwrap());
    let mut rng = Rng(42);
    let mut count = 0;
    for (name, text) in files {
        let mut line = |label: String, src: &str| {
            let (parsed, lexed) = hash_of(src);
            writeln!(w, "{parsed:016x} {lexed:016x} {label}").unwrap();
            count += 1;
        };
        line(name.clone(), text);
        for i in 0..60 {
            let mut m = mutate(text, &mut rng);
            if i % 3 == 0 {
                m = mutate(&m, &mut rng);
            }
            line(format!("{name}#m{i}"), &m);
        }
    }
    eprintln!("{count} inputs");
}
