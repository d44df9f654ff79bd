//! Generates the LALRPOP parser from the workspace-level `grammar/abide.lalrpop`.
//!
//! lalrpop 0.23: `process_file` must not be combined with `set_in_dir` or
//! `use_cargo_dir_conventions` (it errors out), so only the output dir is set.

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("cargo did not set OUT_DIR");
        std::process::exit(1);
    };
    if let Err(e) = lalrpop::Configuration::new()
        .set_out_dir(out_dir)
        .emit_rerun_directives(true)
        .process_file("../../grammar/abide.lalrpop")
    {
        eprintln!("grammar/abide.lalrpop failed to generate a parser: {e}");
        std::process::exit(1);
    }
}
