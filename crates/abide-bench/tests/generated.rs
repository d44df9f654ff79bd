//! The generated workspaces check clean, and the mirror types decode the report.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

use abide_bench::{Loaded, generate, mirror};
use abide_db::Severity;

#[test]
fn a_generated_workspace_of_200_agreements_has_no_errors() {
    let g = generate(200, 1);
    let l = Loaded::new(&g);
    let diags = abide_check::workspace_diagnostics(&l.db, l.ws);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}: {}", d.code, d.name, d.message))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // And no warnings either: the generator writes clean agreements.
    let warnings: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| format!("{} {}: {}", d.code, d.name, d.message))
        .collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
}

#[test]
fn the_report_decodes_into_the_mirror_types() {
    let g = generate(60, 3);
    let l = Loaded::new(&g);
    let json = l.report_json().unwrap();
    let r: mirror::Report = serde_json::from_str(&json).unwrap();
    assert_eq!(r.workspaces.len(), 1);
    assert_eq!(r.workspaces[0].agreements.len(), 60);
}

#[test]
fn the_benchmark_edits_do_what_they_say() {
    // Bound and spans edits keep the workspace clean; the misalignment
    // edit breaks it with `misaligned` and its second text repairs it.
    use abide_bench::{Edit, edit_texts, edited_file};
    let g = generate(1000, 1);
    let file = edited_file(&g);
    for (edit, first_errors) in [(Edit::Bound, 0), (Edit::Spans, 0), (Edit::Misalign, 1)] {
        let [a, b] = edit_texts(&g, file, edit).unwrap();
        assert_ne!(a, b, "{edit:?}");
        let mut l = Loaded::new(&g);
        l.set_text(file, a);
        assert_eq!(l.check(), first_errors, "{edit:?}");
        if first_errors > 0 {
            let diags = abide_check::workspace_diagnostics(&l.db, l.ws);
            assert!(diags.iter().any(|d| d.code == "E0501"), "{edit:?}");
        }
        l.set_text(file, b);
        assert_eq!(l.check(), 0, "{edit:?}");
    }
}

#[test]
fn a_check_that_drops_trees_finds_the_same_as_one_that_keeps_them() {
    // More files than the parse LRU holds, so that trees are evicted between
    // batches and parsed again; with a misalignment (its labels read the
    // supporters' trees), an unknown name and a syntax error in other files.
    use abide_bench::{Edit, edit_texts, edited_file, first_agreement_file};
    let mut g = generate(2500, 7);
    let first = first_agreement_file(&g);
    assert!(g.files.len() - first > abide_db::queries::PARSE_LRU);
    let file = edited_file(&g);
    let [misaligned, _] = edit_texts(&g, file, Edit::Misalign).unwrap();
    g.files[file].text = misaligned;
    g.files[first]
        .text
        .push_str("\nsla broken for { provider\n");
    g.files[first + 1].text = g.files[first + 1]
        .text
        .replacen("provider ", "provider nobody_", 1);

    use abide_check::Trees;
    let run = |threads: usize, trees: Trees| {
        let mut l = Loaded::new(&g);
        abide_check::check_all(&mut l.db, &[l.ws], threads, trees);
        let diags = abide_check::workspace_diagnostics(&l.db, l.ws).clone();
        (diags, l.report_json().unwrap())
    };
    let (normal, report) = run(2, Trees::Keep);
    let codes: Vec<&str> = normal.iter().map(|d| d.code).collect();
    for code in ["E0501", "E0111", "E0203"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    for trees in [Trees::Release, Trees::Few] {
        for threads in [1, 2] {
            let (low, low_report) = run(threads, trees);
            assert_eq!(low, normal, "{trees:?} -j {threads}");
            assert_eq!(low_report, report, "{trees:?} -j {threads}");
        }
    }
}

/// A database of `g` that counts how often each file is parsed.
struct Counted {
    db: abide_db::AbideDatabase,
    ws: abide_db::Workspace,
    files: Vec<abide_db::SourceFile>,
    parses: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
}

impl Counted {
    fn new(g: &abide_bench::Generated) -> Self {
        let parses: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>> =
            std::sync::Arc::default();
        let sink = std::sync::Arc::clone(&parses);
        let db = abide_db::AbideDatabase::with_event_callback(Box::new(move |e| {
            if let salsa::EventKind::WillExecute { database_key } = e.kind {
                let key = format!("{database_key:?}");
                if key.starts_with("parse(") {
                    *sink.lock().unwrap().entry(key).or_default() += 1;
                }
            }
        }));
        let files: Vec<abide_db::SourceFile> = g
            .files
            .iter()
            .map(|f| abide_db::disk_file(&db, f.path.clone(), f.text.to_string(), None))
            .collect();
        let ws = abide_check::new_workspace(&db, files.clone());
        Self {
            db,
            ws,
            files,
            parses,
        }
    }

    /// How many times each parsed source was parsed so far (the prelude's
    /// key included).
    fn counts(&self) -> std::collections::HashMap<String, usize> {
        self.parses.lock().unwrap().clone()
    }

    /// How many times file `i` was parsed so far.
    fn parsed(&self, i: usize) -> usize {
        let key = format!("parse({:?})", salsa::plumbing::AsId::as_id(&self.files[i]));
        self.counts().get(&key).copied().unwrap_or(0)
    }
}

#[test]
fn a_low_memory_check_parses_each_file_at_most_twice() {
    // `--low-memory` parses a file to declare its names, then again to check
    // it. A workspace-wide query that read every file's tree (the support
    // graph once did, through each file's imports) would parse every file
    // inside the first batch, holding all the trees at once again.
    let g = generate(4000, 3);
    let mut c = Counted::new(&g);
    assert!(c.files.len() > 2 * abide_db::queries::PARSE_LRU);
    abide_check::check_all(&mut c.db, &[c.ws], 1, abide_check::Trees::Few);
    assert!(abide_check::workspace_diagnostics(&c.db, c.ws).is_empty());
    let parses = c.counts();
    // Every file, and the prelude.
    assert_eq!(parses.len(), c.files.len() + 1, "every file is parsed");
    let most = parses.values().copied().max().unwrap_or(0);
    assert!(most <= 2, "a file was parsed {most} times: {parses:?}");
}

#[test]
fn a_normal_check_parses_each_file_once_and_drops_the_checked_trees() {
    // Without `--low-memory`, every tree is kept from declaring to checking
    // (parsed once), and a checked file's tree is dropped while the others
    // are checked: the first batch's trees are gone at the end, the last
    // batch's are not. The result is that of a check that drops nothing.
    let mut g = generate(4000, 5);
    let target = abide_bench::first_agreement_file(&g) + 1;
    g.files[target].text = g.files[target]
        .text
        .replacen("provider ", "provider nobody_", 1);
    let mut c = Counted::new(&g);
    let (first, last) = (0, c.files.len() - 1);
    assert!(c.files.len() > 2 * abide_db::queries::PARSE_LRU);
    abide_check::check_all(&mut c.db, &[c.ws], 2, abide_check::Trees::Release);
    for i in 0..c.files.len() {
        assert_eq!(c.parsed(i), 1, "file {i} parsed {} times", c.parsed(i));
    }
    let diags = abide_check::workspace_diagnostics(&c.db, c.ws).clone();
    abide_db::parse(&c.db, c.files[first]);
    abide_db::parse(&c.db, c.files[last]);
    assert_eq!(
        c.parsed(first),
        2,
        "the first checked file's tree was dropped"
    );
    assert_eq!(c.parsed(last), 1, "the last checked file's tree was kept");

    assert!(diags.iter().any(|d| d.code == "E0203"), "{diags:?}");
    let lazy = Loaded::new(&g);
    assert_eq!(
        diags,
        *abide_check::workspace_diagnostics(&lazy.db, lazy.ws)
    );
}
