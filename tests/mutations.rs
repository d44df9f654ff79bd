//! Mutation suite: every example and UI case, mutated at the byte and the
//! token level, goes through the whole pipeline (lexer, parser, full check,
//! every renderer, the report, the formatter) without a panic, with every
//! diagnostic span inside its file on character boundaries, in bounded time,
//! and with an idempotent formatter.
//!
//! The mutations come from a deterministic xorshift generator: mutation `i`
//! is the same on every machine, so a failure reproduces from its number.
//! A failing input is also written to `target/mutation-failures/`.
//!
//! How many: `ABIDE_MUTATIONS` (default [`DEFAULT_MUTATIONS`], which runs in
//! well under a minute in a debug build on a two-core machine). The long
//! run, a million mutations in a release build:
//!
//! ```text
//! ABIDE_MUTATIONS=1000000 ABIDE_MUTATION_THREADS=2 \
//!     cargo test --release -p abide-tests --test mutations
//! ```
//!
//! `ABIDE_MUTATION_SEED` shifts the whole sequence (default 0), and
//! `ABIDE_MUTATION_THREADS` (default 1) spreads it over threads.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use abide_db::{AbideDatabase, Diagnostic, Severity, render, source_file_from_bytes};

/// Mutations run by default (CI, debug build): about 20–35 s on two busy cores.
const DEFAULT_MUTATIONS: u64 = 2000;

/// No single input may take longer than this (a hang guard, not a
/// benchmark: typical inputs take a few milliseconds in a debug build).
const TIME_LIMIT: Duration = Duration::from_secs(2);

/// A deterministic xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Spread the seed so that neighbouring seeds diverge at once.
        let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        for _ in 0..4 {
            r.next();
        }
        r
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

/// Pieces of text that random insertions draw from: ASCII, punctuation of
/// the language, multi-byte and astral characters, a BOM, line ends, and
/// bytes that are not UTF-8 at all.
const PIECES: &[&[u8]] = &[
    b"{",
    b"}",
    b"(",
    b")",
    b"[",
    b"]",
    b":",
    b";",
    b",",
    b".",
    b"%",
    b"\"",
    b"/",
    b"//",
    b"///",
    b"<=",
    b">=",
    b"=",
    b"-",
    b"+",
    b"*",
    b"0",
    b"9",
    b"99.999",
    b"1e9",
    b"x",
    b"_",
    b" ",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    "é".as_bytes(),
    "€".as_bytes(),
    "𝄞".as_bytes(),
    "\u{feff}".as_bytes(),
    "\u{2264}".as_bytes(),
    "\u{200b}".as_bytes(),
    "ｓｌａ".as_bytes(),
    b"\xff",
    b"\xc3",
    b"\x80",
    b"\xe2\x82",
    b"\xf0\x9f\x98",
    b"sla",
    b"party",
    b"target",
    b"supported by",
    b"all(",
    b"any(",
    b"of",
    b"for",
    b"99999999999999999999999999%",
    b"9999999999999999999999w",
    b"0.0000000000000000000001ms",
    b"-1",
    b"EUR",
    b"per",
    b"within",
    b"business days",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        out = if rng.below(2) == 0 {
            byte_mutation(rng, &out)
        } else {
            token_mutation(rng, &out)
        };
    }
    out
}

/// A range of at most `max` bytes inside `len`.
fn range(rng: &mut Rng, len: usize, max: usize) -> (usize, usize) {
    let start = rng.below(len + 1);
    let end = (start + rng.below(max + 1)).min(len);
    (start, end)
}

fn byte_mutation(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let len = input.len();
    let mut out = input.to_vec();
    match rng.below(7) {
        // Insert a piece.
        0 => {
            let at = rng.below(len + 1);
            let piece = PIECES[rng.below(PIECES.len())];
            out.splice(at..at, piece.iter().copied());
        }
        // Delete a range (short or long).
        1 => {
            let max = if rng.below(4) == 0 { len } else { 16 };
            let (s, e) = range(rng, len, max);
            out.drain(s..e);
        }
        // Replace a range with random bytes.
        2 => {
            let (s, e) = range(rng, len, 8);
            let n = rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next().to_le_bytes()[5]).collect();
            out.splice(s..e, bytes);
        }
        // Duplicate a range in place.
        3 => {
            let (s, e) = range(rng, len, 64);
            let copy = input[s..e].to_vec();
            out.splice(e..e, copy);
        }
        // Copy a range somewhere else.
        4 => {
            let (s, e) = range(rng, len, 200);
            let copy = input[s..e].to_vec();
            let at = rng.below(len + 1);
            out.splice(at..at, copy);
        }
        // Flip one byte.
        5 => {
            if len > 0 {
                let at = rng.below(len);
                out[at] ^= 1 << rng.below(8);
            }
        }
        // Truncate.
        _ => {
            out.truncate(rng.below(len + 1));
        }
    }
    out
}

fn token_mutation(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let Ok(src) = std::str::from_utf8(input) else {
        return byte_mutation(rng, input);
    };
    let spans: Vec<(usize, usize)> = abide_syntax::lexer::lex(src)
        .tokens
        .iter()
        .map(|&(s, _, e)| (s, e))
        .collect();
    if spans.is_empty() {
        return byte_mutation(rng, input);
    }
    let mut out = input.to_vec();
    let (s, e) = spans[rng.below(spans.len())];
    match rng.below(4) {
        // Delete a token (or a run of them).
        0 => {
            let run = 1 + rng.below(3);
            let i = spans.partition_point(|&(a, _)| a < s);
            let last = spans[(i + run - 1).min(spans.len() - 1)].1;
            out.drain(s..last.max(e));
        }
        // Duplicate a token.
        1 => {
            let copy = input[s..e].to_vec();
            out.splice(e..e, std::iter::once(b' ').chain(copy));
        }
        // Swap with another token (later in the file).
        2 => {
            let (s2, e2) = spans[rng.below(spans.len())];
            let ((a, b), (c, d)) = if s <= s2 {
                ((s, e), (s2, e2))
            } else {
                ((s2, e2), (s, e))
            };
            if b <= c {
                let mut v = input[..a].to_vec();
                v.extend_from_slice(&input[c..d]);
                v.extend_from_slice(&input[b..c]);
                v.extend_from_slice(&input[a..b]);
                v.extend_from_slice(&input[d..]);
                out = v;
            }
        }
        // Move a token somewhere else (between two other tokens).
        _ => {
            let (t, _) = spans[rng.below(spans.len())];
            let copy = input[s..e].to_vec();
            let mut v = copy;
            v.push(b' ');
            out.splice(t..t, v);
        }
    }
    out
}

/// Runs the whole pipeline on one input; `Err` describes a broken invariant.
fn pipeline(bytes: &[u8]) -> Result<(), String> {
    // Lexer and parser on their own (the database runs them too, but only
    // on valid UTF-8).
    let lossy = String::from_utf8_lossy(bytes);
    let lexed = abide_syntax::lexer::lex(&lossy);
    for &(s, _, e) in &lexed.tokens {
        if s > e || !lossy.is_char_boundary(s) || !lossy.is_char_boundary(e) {
            return Err(format!("token span {s}..{e} off a character boundary"));
        }
    }
    let parsed = abide_syntax::parse(&lossy);
    for err in &parsed.errors {
        let (s, e) = (err.span.start as usize, err.span.end as usize);
        if s > e || e > lossy.len() || !lossy.is_char_boundary(s) || !lossy.is_char_boundary(e) {
            return Err(format!("syntax error span {s}..{e} bad ({})", err.code.id));
        }
    }

    // The full check on a fresh database.
    let db = AbideDatabase::default();
    let file = source_file_from_bytes(&db, "mutant.abide".into(), bytes.to_vec());
    let ws = abide_check::new_workspace(&db, vec![file]);
    let diagnostics: Vec<Diagnostic> = abide_check::workspace_diagnostics(&db, ws).clone();
    for d in &diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.secondary) {
            let text = label.file.text(&db);
            let (s, e) = (label.span.start as usize, label.span.end as usize);
            if s > e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                return Err(format!(
                    "{} span {s}..{e} outside the text ({} bytes) or off a character boundary",
                    d.code,
                    text.len()
                ));
            }
        }
    }

    // Every renderer.
    let _ = render::human_plain(&db, &diagnostics);
    let json = render::json(&db, &diagnostics);
    serde_json::to_string(&json).map_err(|e| format!("json: {e}"))?;
    let sarif = abide_db::sarif::sarif(&db, &diagnostics);
    serde_json::to_string(&sarif).map_err(|e| format!("sarif: {e}"))?;
    let _ = abide_db::github::github(&db, &diagnostics);

    // The report, when the check passes.
    if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        let report = abide_report::report(&db, &[ws], Some("2026-11-27".to_owned()));
        abide_report::to_json(&report).map_err(|e| format!("report: {e}"))?;
    }

    // The formatter, when the text parses.
    if let Ok(src) = std::str::from_utf8(bytes)
        && parsed.errors.is_empty()
    {
        match abide_fmt::format(src) {
            Ok(once) => match abide_fmt::format(&once) {
                Ok(twice) if twice == once => {}
                Ok(_) => return Err("fmt is not idempotent".to_owned()),
                Err(e) => return Err(format!("fmt of formatted text failed: {e}")),
            },
            Err(abide_fmt::FormatError::Internal(e)) => {
                return Err(format!("fmt internal error: {e}"));
            }
            Err(abide_fmt::FormatError::Syntax(_)) => {
                return Err("fmt reports a syntax error the parser did not".to_owned());
            }
        }
    }
    Ok(())
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for dir in ["examples", "tests/ui"] {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "abide"))
        {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                let name = entry
                    .path()
                    .strip_prefix(&root)
                    .unwrap_or(entry.path())
                    .display()
                    .to_string();
                out.push((name, bytes));
            }
        }
    }
    out
}

fn failures_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
            PathBuf::from,
        )
        .join("mutation-failures")
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic".to_owned())
}

/// Runs mutations `from..to` (step `step`); returns failures.
fn run(corpus: &[(String, Vec<u8>)], seed: u64, ids: impl Iterator<Item = u64>) -> Vec<String> {
    let mut failures = Vec::new();
    for i in ids {
        let (name, original) = &corpus[usize::try_from(i).unwrap_or(0) % corpus.len()];
        let mut rng = Rng::new(seed ^ i);
        let mutant = mutate(&mut rng, original);
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| pipeline(&mutant)));
        let took = started.elapsed();
        let problem = match outcome {
            Ok(Ok(())) if took > TIME_LIMIT => Some(format!("took {took:?}")),
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(payload) => Some(format!("panic: {}", panic_message(payload.as_ref()))),
        };
        if let Some(problem) = problem {
            let dir = failures_dir();
            let path = dir.join(format!("mutation-{seed}-{i}.abide"));
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(&path, &mutant);
            failures.push(format!(
                "mutation {i} of {name}: {problem} (input in {})",
                path.display()
            ));
        }
    }
    failures
}

#[test]
fn mutations_never_break_the_pipeline() {
    let corpus = corpus();
    assert!(corpus.len() > 50, "only {} files found", corpus.len());
    let count = env_u64("ABIDE_MUTATIONS", DEFAULT_MUTATIONS);
    let seed = env_u64("ABIDE_MUTATION_SEED", 0);
    let threads = env_u64("ABIDE_MUTATION_THREADS", 1).max(1);
    let started = Instant::now();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let corpus = &corpus;
                scope.spawn(move || run(corpus, seed, (t..count).step_by(threads as usize)))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec!["a worker died".to_owned()])
            })
            .collect()
    });
    eprintln!(
        "{count} mutations of {} files in {:?}, {} failures",
        corpus.len(),
        started.elapsed(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {count} mutations failed:\n{}",
        failures.len(),
        failures
            .iter()
            .take(50)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_largest_numbers_flow_through_alignment() {
    // An aligned workspace whose every figure is pushed to the largest
    // (or smallest) magnitude the lexer takes: alignment composes them.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/alignment/E0501-misaligned.ok.abide");
    let base = std::fs::read_to_string(path).unwrap_or_default();
    assert!(base.contains("supported by"));
    for (huge_percent, huge_duration) in [
        ("99999999999999999999999999%", "9999999999999999999999w"),
        (
            "0.0000000000000000000000000001%",
            "0.0000000000000000000000000001ms",
        ),
        (
            "79228162514264337593543950335%",
            "79228162514264337593543950335w",
        ),
        ("100%", "0sec"),
    ] {
        let mut src = base.clone();
        for p in ["99.5%", "99.9%", "99.95%", "99.8%", "95%", "90%"] {
            src = src.replace(p, huge_percent);
        }
        for d in ["15min", "2h", "5min", "10min", "90min", "6h", "8h"] {
            src = src.replace(&format!(" {d}"), &format!(" {huge_duration}"));
        }
        let outcome = catch_unwind(|| pipeline(src.as_bytes()));
        assert!(
            matches!(outcome, Ok(Ok(()))),
            "{huge_percent} {huge_duration}: {outcome:?}"
        );
    }
}
