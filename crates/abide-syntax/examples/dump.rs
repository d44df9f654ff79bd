//! Dev tool: prints the syntax errors of a file, then (with `--sexp`) its
//! S-expression rendering.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        return;
    };
    let sexp = std::env::args().any(|a| a == "--sexp");
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
    if sexp {
        print!("{}", abide_syntax::sexp::file(&p.file));
    }
}
