//! Smoke test used during development: parses a fixture and prints errors.
#[test]
fn wifi_parses() {
    let src = include_str!("fixtures/wifi.abide");
    let p = abide_syntax::parse(src);
    for e in &p.errors {
        eprintln!("{:?} {} at {:?} {:?}", e.code.id, e.message, &src[e.span.range()], e.help);
    }
    assert!(p.errors.is_empty());
    assert_eq!(p.file.items.len(), 16);
}
