//! Hostile and odd inputs: each gets a clear diagnostic (or none) and never a
//! panic, a hang or unbounded output.

use abide_db::{
    AbideDatabase, ColumnUnit, Diagnostic, LineIndex, file_diagnostics, source_file_from_bytes,
};
use abide_syntax::MAX_ERRORS;

fn diagnostics(bytes: &[u8]) -> (AbideDatabase, Vec<Diagnostic>) {
    let db = AbideDatabase::default();
    let f = source_file_from_bytes(&db, "input.abide".into(), bytes.to_vec());
    let _ws = abide_check::new_workspace(&db, vec![f]);
    let d = file_diagnostics(&db, f).clone();
    (db, d)
}

/// `(line, column)`, 1-based, of each diagnostic, columns in characters.
fn positions(db: &AbideDatabase, d: &[Diagnostic]) -> Vec<(usize, usize, &'static str)> {
    d.iter()
        .map(|d| {
            let text = d.primary.file.text(db);
            let (l, c) = LineIndex::new(text).position(
                text,
                d.primary.span.start as usize,
                ColumnUnit::Char,
            );
            (l + 1, c + 1, d.code)
        })
        .collect()
}

/// A deterministic pseudo-random byte stream (xorshift), so failures reproduce.
fn noise(len: usize, seed: u64, map: impl Fn(u8) -> u8) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            map(x.to_le_bytes()[3])
        })
        .collect()
}

#[test]
fn empty_file_is_clean() {
    assert!(diagnostics(b"").1.is_empty());
    assert!(diagnostics(b"\n\n  \t\n").1.is_empty());
}

#[test]
fn non_utf8_reports_the_byte_offset() {
    let (_, d) = diagnostics(b"party a : organization\nparty b \"\xc3\x28\" : team of a\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "E0113");
    assert!(d[0].message.contains("offset 32"), "{}", d[0].message);
    assert_eq!(d[0].primary.span.start, 32);
}

#[test]
fn bom_and_crlf_keep_positions_right() {
    let src =
        "\u{feff}party a : organization\r\n\r\nparty b : team of a\r\nparty c : team offf a\r\n";
    let (db, d) = diagnostics(src.as_bytes());
    assert_eq!(positions(&db, &d), [(4, 16, "E0111")]);
}

#[test]
fn a_bom_elsewhere_is_an_error() {
    let (db, d) = diagnostics("party a : organization\n\u{feff}party b : team of a\n".as_bytes());
    assert_eq!(positions(&db, &d), [(2, 1, "E0101")]);
}

#[test]
fn ten_megabytes_of_random_bytes() {
    let (_, d) = diagnostics(&noise(10 << 20, 0x9e37_79b9_7f4a_7c15, |b| b));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "E0113");
}

#[test]
fn ten_megabytes_of_random_ascii_is_bounded() {
    // Printable ASCII and newlines: every stage of the lexer and parser runs.
    let bytes = noise(10 << 20, 0x2545_f491_4f6c_dd1d, |b| {
        if b % 17 == 0 { b'\n' } else { 32 + b % 95 }
    });
    let (_, d) = diagnostics(&bytes);
    assert!(!d.is_empty());
    let errors = d
        .iter()
        .filter(|d| d.severity == abide_db::Severity::Error)
        .count();
    assert!(errors <= MAX_ERRORS + 1, "{errors} errors");
    assert!(d.len() <= 2 * MAX_ERRORS + 1, "{} diagnostics", d.len());
    assert!(
        d.iter()
            .all(|d| (d.primary.span.end as usize) <= bytes.len())
    );
}

#[test]
fn deep_nesting_is_one_diagnostic_not_a_stack_overflow() {
    let depth = 100_000;
    let src = format!(
        "sla a for s {{ target t: availability >= 99% supported by {}x.y{} }}",
        "all(".repeat(depth),
        ")".repeat(depth)
    );
    let (_, d) = diagnostics(src.as_bytes());
    assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0110"]);
    // Unclosed, too.
    let (_, d) = diagnostics("(".repeat(depth).as_bytes());
    assert!(d.iter().any(|d| d.code == "E0110"));
    assert!(d.len() <= 3);
}

#[test]
fn numbers_too_large_and_unterminated_strings() {
    let (db, d) = diagnostics(
        b"sla a for s {\n  target t: concurrent_users >= 99999999999999999999999999999999999\n}\n",
    );
    assert_eq!(positions(&db, &d), [(2, 33, "E0107")]);
    let (db, d) = diagnostics(b"party a \"University IT : organization\nparty b : team of a\n");
    assert_eq!(positions(&db, &d), [(1, 9, "E0102"), (2, 1, "E0111")]);
}
