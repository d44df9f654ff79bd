//! `abide-bench gen N OUT_DIR [--seed S]`: writes a generated workspace.

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: abide-bench gen N OUT_DIR [--seed S]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut seed = 1u64;
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seed" {
            match it.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(),
            }
        } else {
            positional.push(a.as_str());
        }
    }
    let [cmd, n, out] = positional.as_slice() else {
        return usage();
    };
    let Ok(n) = n.parse::<usize>() else {
        return usage();
    };
    if *cmd != "gen" {
        return usage();
    }
    let g = abide_bench::generate(n, seed);
    let out = PathBuf::from(out);
    if let Err(e) = g.write_to(&out) {
        eprintln!("abide-bench: cannot write {}: {e}", out.display());
        return ExitCode::from(2);
    }
    println!(
        "wrote {} agreements in {} files ({} bytes) to {}",
        g.agreements,
        g.files.len(),
        g.bytes(),
        out.display()
    );
    ExitCode::SUCCESS
}
