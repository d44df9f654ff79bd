//! Helpers shared by the formatter's tests: the corpus (examples and UI
//! cases), the properties every formatted file must have, and the check of
//! a file through the real pipeline.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    dead_code,
    reason = "test code: a failed expectation is a test failure"
)]

pub mod generate;

use std::path::{Path, PathBuf};

use abide_db::{AbideDatabase, SourceFile, Workspace};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.abide` file below `dir`, sorted.
pub fn abide_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "abide") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The examples and the UI cases.
pub fn corpus() -> Vec<(String, String)> {
    let root = repo();
    let mut files = abide_files(&root.join("examples"));
    files.extend(abide_files(&root.join("tests/ui")));
    files
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&p).expect("UTF-8 source");
            (name, text)
        })
        .collect()
}

/// The comment texts of a source, trimmed, as a sorted multiset.
pub fn comments(src: &str) -> Vec<String> {
    let mut c: Vec<String> = abide_syntax::parse(src)
        .trivia
        .iter()
        .map(|t| t.text.trim().to_owned())
        .collect();
    c.sort();
    c
}

/// The meaning of a source: its tree without spans.
pub fn meaning(src: &str) -> String {
    abide_syntax::sexp::file(&abide_syntax::parse(src).file)
}

/// The diagnostics of `src` checked as a one-file workspace: code and
/// message of each, in order (spans left out: formatting moves them).
///
/// A few messages quote the condition as written (E0506, E0507), with the
/// whitespace and comments inside it; those are compared with comments
/// removed and whitespace collapsed.
pub fn diagnostics(src: &str) -> Vec<(String, String)> {
    let db = AbideDatabase::default();
    let file = SourceFile::new(&db, "file.abide".to_owned(), src.to_owned(), None);
    let today = jiff::civil::date(2026, 11, 27);
    let settings = abide_db::Settings::new(&db, Vec::new(), false, Some(today));
    let ws = Workspace::new(&db, vec![file], settings);
    abide_check::workspace_diagnostics(&db, ws)
        .iter()
        .map(|d| (d.code.to_owned(), normalise(&d.message)))
        .collect()
}

fn normalise(message: &str) -> String {
    let mut out = String::new();
    for line in message.split('\n') {
        let code = line.find("//").map_or(line, |i| &line[..i]);
        out.push_str(code);
        out.push(' ');
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(". ", ".")
}

/// Formats `src` (which must parse) and checks the properties: the
/// formatter is idempotent and keeps the meaning and every comment; with
/// `check`, the formatted file also checks with the same diagnostics.
/// Returns the formatted text.
pub fn assert_properties(name: &str, src: &str, check: bool) -> String {
    let out = match abide_fmt::format(src) {
        Ok(out) => out,
        Err(e) => panic!("{name}: not formatted: {e}\n--- source ---\n{src}"),
    };
    let again = abide_fmt::format(&out)
        .unwrap_or_else(|e| panic!("{name}: the formatted text is refused: {e}\n{out}"));
    if again != out {
        panic!(
            "{name}: not idempotent\n--- source ---\n{src}\n--- once ---\n{out}\n--- twice ---\n{again}"
        );
    }
    assert_eq!(
        meaning(src),
        meaning(&out),
        "{name}: meaning changed\n--- source ---\n{src}\n--- formatted ---\n{out}"
    );
    assert_eq!(
        comments(src),
        comments(&out),
        "{name}: comments changed\n--- source ---\n{src}\n--- formatted ---\n{out}"
    );
    for (n, line) in out.lines().enumerate() {
        if line.trim_start().starts_with("///") {
            // Trailing blanks of a doc comment are part of its text.
            continue;
        }
        assert_eq!(
            line.trim_end(),
            line,
            "{name}: trailing whitespace on line {}",
            n + 1
        );
    }
    // A `;` survives only after a stray `///` run (dropping it would attach the run).
    let semis = abide_syntax::lexer::lex(&out)
        .tokens
        .iter()
        .filter(|t| t.1 == abide_syntax::Token::Semi)
        .count();
    assert!(
        semis == 0 || src.contains("///"),
        "{name}: a `;` is left\n{out}"
    );
    if check {
        assert_eq!(
            diagnostics(src),
            diagnostics(&out),
            "{name}: the diagnostics changed\n--- source ---\n{src}\n--- formatted ---\n{out}"
        );
    }
    out
}
