//! Dev tool: prints the syntax errors of a file.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        return;
    };
    let Ok(src) = std::fs::read_to_string(&path) else {
        return;
    };
    let p = abide_syntax::parse(&src);
    for e in &p.errors {
        println!(
            "{} {} at {:?} [{}] help={:?}",
            e.code.id,
            e.message,
            &src[e.span.range()],
            e.label,
            e.help
        );
    }
    println!("{} items", p.file.items.len());
}
