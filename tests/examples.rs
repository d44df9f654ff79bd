//! Every example workspace in `examples/` parses without a syntax error and
//! checks with exactly the diagnostics of its snapshot.

use std::path::{Path, PathBuf};

use abide_tests::{FixtureFile, check};

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// Directories under `examples/` that hold an `abide.toml`.
fn roots() -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = walkdir::WalkDir::new(examples_dir())
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "abide.toml")
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .collect();
    roots.sort();
    roots
}

fn abide_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "abide"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

#[test]
fn there_are_at_least_five_example_workspaces() {
    let names: Vec<String> = roots()
        .iter()
        .filter_map(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert!(names.len() >= 5, "{names:?}");
    for wanted in [
        "campus-wifi",
        "cloud-sla",
        "service-desk",
        "msp-xla",
        "multi-file",
    ] {
        assert!(
            names.iter().any(|n| n == wanted),
            "missing example {wanted}"
        );
    }
}

#[test]
fn every_example_file_belongs_to_a_workspace() {
    let roots = roots();
    for f in abide_files(&examples_dir()) {
        assert!(
            roots.iter().any(|r| f.starts_with(r)),
            "{} has no abide.toml above it",
            f.display()
        );
    }
}

#[test]
fn examples_check_as_recorded() {
    for root in roots() {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let files: Vec<FixtureFile> = abide_files(&root)
            .iter()
            .map(|p| FixtureFile {
                name: format!(
                    "examples/{name}/{}",
                    p.strip_prefix(&root).unwrap_or(p).display()
                ),
                text: std::fs::read_to_string(p).unwrap_or_default(),
            })
            .collect();
        assert!(!files.is_empty(), "{name} has no .abide files");
        let checked = check(&files);
        let syntax: Vec<_> = checked
            .diagnostics()
            .into_iter()
            .filter(|d| d.code.starts_with("E01"))
            .collect();
        assert!(
            syntax.is_empty(),
            "{name} has syntax errors:\n{}",
            abide_db::render::human_plain(&checked.db, &syntax)
        );
        insta::assert_snapshot!(format!("example-{name}"), checked.render());
    }
}
