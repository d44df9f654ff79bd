//! `abide explain CODE`: the long page of a diagnostic code or lint.

use clap::Args;

/// Arguments of `abide explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A code such as `E0104`, or a name such as `unknown-unit` or `stray-doc-comment`.
    code: Option<String>,
    /// List every code and lint with a one-line summary.
    #[arg(long, conflicts_with = "code")]
    list: bool,
}

/// Runs the command; returns the exit code.
pub fn run(args: &ExplainArgs) -> u8 {
    if args.list || args.code.is_none() {
        for e in abide_db::registry::entries() {
            let level = e.default.map_or("allow", abide_db::Severity::as_str);
            println!("{:<22} {:<26} {:<8} {}", e.code, e.name, level, e.summary);
        }
        return 0;
    }
    let code = args.code.as_deref().unwrap_or_default();
    match abide_db::registry::lookup(code) {
        Some(e) => {
            print!("{}", e.explanation);
            if !e.explanation.ends_with('\n') {
                println!();
            }
            0
        }
        None => {
            eprintln!("error: `{code}` is not a known diagnostic code or lint");
            eprintln!("help: `abide explain --list` lists them all");
            2
        }
    }
}
