//! Soak test of the language server: thousands of random incremental edits
//! (insertions, deletions, multi-byte and astral characters, edits at line
//! ends and past the end, whole-document replacements) with hover,
//! completion and definition requests in between. After every batch the
//! published diagnostics must equal a fresh check of the same text; nothing
//! may crash or stall (every wait has a timeout), and the resident memory
//! must stay bounded.
//!
//! `ABIDE_SOAK_EDITS` sets the number of edits (default [`DEFAULT_EDITS`],
//! a few seconds in a debug build); the long run is
//! `ABIDE_SOAK_EDITS=10000 cargo test -p abide-lsp --test soak`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::{Client, Init, example_text, fresh_check, position, published_form};
use serde_json::json;

/// Edits run by default.
const DEFAULT_EDITS: usize = 2000;

/// Edits between two comparisons with a fresh check.
const BATCH: usize = 100;

const URI: &str = "file:///virtual/soak/campus_wifi.abide";

/// A deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "é",
    "€",
    "🚀",
    "𝄞",
    "☕",
    "\u{200b}",
    "\n",
    "\r\n",
    " ",
    "\t",
    "{",
    "}",
    "(",
    ")",
    ":",
    "%",
    "\"",
    "//",
    "x",
    "99.9%",
    "30sec",
    "target",
    " supported by ",
    "all(",
    "Café 🚀",
    "party p : organization\n",
    "\u{feff}",
    "ｓｌａ",
    "99999999999999999999999999%",
];

/// A character boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    // Between the `\r` and the `\n` of a CRLF there is no LSP position (the
    // line ends before the `\r`): an edit there cannot be sent, only faked.
    if at > 0
        && text.as_bytes().get(at - 1) == Some(&b'\r')
        && text.as_bytes().get(at) == Some(&b'\n')
    {
        at -= 1;
    }
    at
}

/// Resident memory of this process in KiB (Linux; 0 elsewhere).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// One random edit of the open document.
async fn random_edit(c: &mut Client, rng: &mut Rng, original: &str) {
    let text = c.docs[URI].text.to_string();
    let len = text.len();
    match rng.below(20) {
        // Insert a piece at a random place.
        0..=6 => {
            let at = boundary(&text, rng.below(len + 1));
            let piece = PIECES[rng.below(PIECES.len())];
            c.change_bytes(URI, &[(at, at, piece)]).await;
        }
        // Delete a short range.
        7..=10 => {
            let a = boundary(&text, rng.below(len + 1));
            let b = boundary(&text, a + rng.below(12));
            c.change_bytes(URI, &[(a, b, "")]).await;
        }
        // Replace a range with a piece.
        11..=12 => {
            let a = boundary(&text, rng.below(len + 1));
            let b = boundary(&text, a + rng.below(6));
            let piece = PIECES[rng.below(PIECES.len())];
            c.change_bytes(URI, &[(a, b, piece)]).await;
        }
        // Insert at the end of a line (a position past its last character).
        13..=14 => {
            let line = rng.below(text.matches('\n').count() + 1);
            let pos = json!({ "line": line, "character": 10_000 });
            let piece = PIECES[rng.below(PIECES.len())];
            c.change_raw(
                URI,
                vec![json!({ "range": { "start": pos, "end": pos }, "text": piece })],
            )
            .await;
        }
        // Insert past the end of the document.
        15 => {
            let pos = json!({ "line": text.matches('\n').count() + 5, "character": 3 });
            c.change_raw(
                URI,
                vec![json!({ "range": { "start": pos, "end": pos }, "text": "// end 🚀\n" })],
            )
            .await;
        }
        // Several changes in one notification.
        16..=17 => {
            let a = boundary(&text, rng.below(len + 1));
            let b = boundary(&text, a + rng.below(4));
            let edits = [(a, b, "é"), (0, 0, "// 𝄞\n")];
            c.change_bytes(URI, &edits).await;
        }
        // Whole-document replacement: back to the original, or a half of it.
        18 => {
            let new = if rng.below(2) == 0 || len > 4 * original.len() {
                original.to_owned()
            } else {
                let half = boundary(original, original.len() / 2);
                original[..half].to_owned()
            };
            c.replace_all(URI, &new).await;
        }
        // Delete a long range.
        _ => {
            let a = boundary(&text, rng.below(len + 1));
            let b = boundary(&text, a + rng.below(400));
            c.change_bytes(URI, &[(a, b, "")]).await;
        }
    }
    // Keep the document from growing without bound.
    if c.docs[URI].text.len() > 4 * original.len() {
        c.replace_all(URI, original).await;
    }
}

/// A hover, completion or definition request at a random position; it must
/// be answered (a result or a JSON-RPC error) within the timeout.
async fn random_request(c: &Client, rng: &mut Rng) {
    let text = &c.docs[URI].text;
    let at = boundary(text, rng.below(text.len() + 1));
    let params = json!({
        "textDocument": { "uri": URI },
        "position": position(text, at, c.encoding),
    });
    let method = [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
    ][rng.below(3)];
    let _ = c.request(method, params).await;
}

/// Set by the panic hook: a panic on any thread (a server task included,
/// where tower-lsp turns it into an error response) fails the soak.
static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn watch_for_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.store(true, std::sync::atomic::Ordering::SeqCst);
            default(info);
        }));
    });
}

async fn soak(encodings: Vec<&'static str>, seed: u64) {
    watch_for_panics();
    let edits: usize = std::env::var("ABIDE_SOAK_EDITS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_EDITS);
    let original = example_text("campus-wifi/campus_wifi.abide");
    let mut c = Client::initialized(Init {
        encodings: Some(encodings),
        ..Init::default()
    })
    .await;
    let v = c.open(URI, &original).await;
    c.wait_for_diagnostics(URI, v).await;
    let mut rng = Rng(seed);
    let mut rss_start = 0;
    let started = std::time::Instant::now();
    for i in 1..=edits {
        random_edit(&mut c, &mut rng, &original).await;
        if rng.below(8) == 0 {
            random_request(&c, &mut rng).await;
        }
        if i % BATCH == 0 || i == edits {
            let last = c.docs[URI].version;
            let published = c.wait_for_diagnostics(URI, last).await;
            let text = c.docs[URI].text.to_string();
            assert_eq!(
                published_form(&published),
                fresh_check(&text, c.encoding),
                "after {i} edits the published diagnostics equal a fresh check of:\n{text}"
            );
            if i == BATCH {
                rss_start = rss_kib();
            }
        }
    }
    assert!(
        !PANICKED.load(std::sync::atomic::Ordering::SeqCst),
        "a thread panicked during the soak (see the output above)"
    );
    let rss_end = rss_kib();
    eprintln!(
        "{edits} edits ({:?}) in {:?}; RSS {rss_start} KiB after the first batch, {rss_end} KiB at the end",
        c.encoding,
        started.elapsed()
    );
    // Generous: the salsa database keeps some history, but a leak per edit
    // would show as hundreds of megabytes over thousands of edits.
    assert!(
        rss_start == 0 || rss_end < rss_start * 3 + 128 * 1024,
        "memory grew from {rss_start} KiB to {rss_end} KiB"
    );
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_utf16() {
    soak(vec!["utf-16"], 0x9e37_79b9_7f4a_7c15).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_utf8() {
    soak(vec!["utf-8"], 0x2545_f491_4f6c_dd1d).await;
}

/// Found by the soak: completion after a word that follows a multi-byte
/// separator (`​`, U+200B) sliced the line inside that character and the
/// request panicked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_after_a_multibyte_separator() {
    watch_for_panics();
    let mut c = Client::initialized(Init::default()).await;
    let text = "party a : organization\n// info m\u{200b}easure é€x 𝄞y\n";
    let v = c.open(URI, text).await;
    c.wait_for_diagnostics(URI, v).await;
    for needle in ["m\u{200b}e", "€x", "𝄞y"] {
        let at = text.find(needle).unwrap() + needle.len();
        let params = json!({
            "textDocument": { "uri": URI },
            "position": position(text, at, c.encoding),
        });
        c.request("textDocument/completion", params)
            .await
            .expect("completion answers");
    }
    assert!(!PANICKED.load(std::sync::atomic::Ordering::SeqCst));
    c.shutdown().await;
}
