//! Incrementality, observed through salsa's event log: an edit re-runs the
//! checks that depend on it and nothing else.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test harness helpers may fail loudly"
)]

use std::sync::{Arc, Mutex};

use abide_check::checks::alignment::alignment;
use abide_check::{check_file, new_workspace, workspace_diagnostics};
use abide_db::{AbideDatabase, SourceFile};
use salsa::Setter;

const PARTIES: &str = r#"
party org "Org" : organization
party net "Network" : team of org
party desk "Desk" : team of org
party board "Board" : customer
service wifi "Wi-Fi" { owner org }
service mail "Mail" { owner org }
xla wifi_x for wifi { provider org customer board review every quarter
    target s: mean(satisfaction) >= 4 measured by "survey" }
xla mail_x for mail { provider org customer board review every quarter
    target s: mean(satisfaction) >= 4 measured by "survey" }
"#;

/// File A: an SLA resting on `ola_b.x`.
const A: &str = r#"
sla a for wifi { provider org customer board
    target t: availability >= 99% measured by "probes" supported by ola_b.x }
"#;

/// File B: two OLAs; `ola_c.y` supports the SLA of file D.
const B: &str = r#"
ola ola_b for wifi { provider net customer desk
    target x: availability >= 99.9% measured by "probes" }
ola ola_c for mail { provider net customer desk
    target y: availability >= 99.5% measured by "probes" }
"#;

/// File D: an SLA resting on `ola_c.y`.
const D: &str = r#"
sla d for mail { provider org customer board
    target t: availability >= 99% measured by "probes" supported by ola_c.y }
"#;

struct Harness {
    db: AbideDatabase,
    log: Arc<Mutex<Vec<String>>>,
    files: Vec<SourceFile>,
    ws: abide_db::Workspace,
}

impl Harness {
    fn new() -> Self {
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = Arc::clone(&log);
        let db = AbideDatabase::with_event_callback(Box::new(move |e| {
            if let salsa::EventKind::WillExecute { database_key } = e.kind {
                sink.lock().unwrap().push(format!("{database_key:?}"));
            }
        }));
        let files: Vec<SourceFile> = [
            ("parties.abide", PARTIES),
            ("a.abide", A),
            ("b.abide", B),
            ("d.abide", D),
        ]
        .iter()
        .map(|(p, t)| SourceFile::new(&db, (*p).into(), (*t).into(), None))
        .collect();
        let ws = new_workspace(&db, files.clone());
        Self { db, log, files, ws }
    }

    /// The salsa keys executed by `f`.
    fn executed(&mut self, f: impl FnOnce(&AbideDatabase)) -> Vec<String> {
        self.log.lock().unwrap().clear();
        f(&self.db);
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    /// The keys of the first executions of `queries` while running `f`.
    fn keys_of<const N: usize>(
        &mut self,
        queries: [&str; N],
        f: impl FnOnce(&AbideDatabase),
    ) -> [String; N] {
        let keys = self.executed(f);
        queries.map(|q| {
            keys.iter()
                .find(|k| k.starts_with(q))
                .cloned()
                .unwrap_or_else(|| panic!("{q} did not execute: {keys:#?}"))
        })
    }
}

#[test]
fn a_body_edit_in_one_file_reruns_only_what_depends_on_it() {
    let mut h = Harness::new();
    let (ws, fa, fd) = (h.ws, h.files[1], h.files[3]);
    let [check_a, unlevelled_a, align_a] =
        h.keys_of(["check_file", "unlevelled", "file_alignments"], |db| {
            check_file(db, ws, fa);
        });
    let [check_d, align_d] = h.keys_of(["check_file", "file_alignments"], |db| {
        check_file(db, ws, fd);
    });
    // Alignments are computed per file and looked up by agreement name.
    assert!(alignment(&h.db, ws, "a").unwrap().diagnostics.is_empty());
    assert!(alignment(&h.db, ws, "no_such_agreement").is_none());
    let before = h.executed(|db| {
        workspace_diagnostics(db, ws);
    });
    assert!(!before.is_empty());
    assert!(
        workspace_diagnostics(&h.db, ws).is_empty(),
        "{:#?}",
        workspace_diagnostics(&h.db, ws)
    );

    // Change the bound of `ola_c.y` (file B), which only `d` depends on.
    let fb = h.files[2];
    fb.set_text(&mut h.db).to(B.replace("99.5%", "99.6%"));
    let after = h.executed(|db| {
        workspace_diagnostics(db, ws);
    });
    assert!(
        after.contains(&align_d),
        "the dependent's alignment re-runs: {after:#?}"
    );
    assert!(
        !after.contains(&align_a),
        "an unrelated alignment is reused: {after:#?}"
    );
    assert!(
        !after.contains(&check_a) && !after.contains(&unlevelled_a),
        "file A's checks are reused: {after:#?}"
    );
    assert!(
        after.iter().any(|k| k.starts_with("file_imports")),
        "the imports of the files that read file B are re-resolved: {after:#?}"
    );
    assert!(
        !after.contains(&check_d),
        "d's result did not change, so its file check is reused: {after:#?}"
    );
    assert!(
        after.iter().any(|k| k.starts_with("parse")),
        "the edited file is parsed again"
    );
    assert!(
        !after.iter().any(|k| k.starts_with("layering_graph")),
        "a bound edit leaves the versions and precedence graph as it was: {after:#?}"
    );

    // Breaking the alignment shows up in D, still without touching A.
    fb.set_text(&mut h.db).to(B.replace("99.5%", "98%"));
    let broken = h.executed(|db| {
        workspace_diagnostics(db, ws);
    });
    assert!(broken.contains(&check_d));
    assert!(!broken.contains(&check_a));
    let diags = workspace_diagnostics(&h.db, ws);
    assert_eq!(
        diags
            .iter()
            .map(|d| (d.code, d.primary.file))
            .collect::<Vec<_>>(),
        vec![("E0501", fd)]
    );
}

#[test]
fn an_edit_that_only_moves_text_reruns_no_check_of_other_files() {
    let mut h = Harness::new();
    let (ws, fa, fb) = (h.ws, h.files[1], h.files[2]);
    let [check_a] = h.keys_of(["check_file"], |db| {
        check_file(db, ws, fa);
    });
    h.executed(|db| {
        workspace_diagnostics(db, ws);
    });
    fb.set_text(&mut h.db)
        .to(format!("// a comment that shifts every span\n\n{B}"));
    let after = h.executed(|db| {
        workspace_diagnostics(db, ws);
    });
    assert!(!after.contains(&check_a), "{after:#?}");
    assert!(
        !after.iter().any(|k| k.starts_with("support_graph")),
        "the support graph backdates: {after:#?}"
    );
    assert!(
        !after.iter().any(|k| k.starts_with("layering_graph")),
        "the versions and precedence graph backdates: {after:#?}"
    );
}

/// A workspace of `files` files of `per_file` OLAs each, every OLA
/// supporting one SLA of its own file, and an event log of the memos salsa
/// executes or validates.
fn support_workspace(files: usize, per_file: usize) -> Harness {
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&log);
    let db = AbideDatabase::with_event_callback(Box::new(move |e| match e.kind {
        salsa::EventKind::WillExecute { database_key } => {
            sink.lock().unwrap().push(format!("{database_key:?}"));
        }
        salsa::EventKind::DidValidateMemoizedValue { database_key } => {
            sink.lock()
                .unwrap()
                .push(format!("validated {database_key:?}"));
        }
        _ => {}
    }));
    let mut texts = vec![("parties.abide".to_owned(), PARTIES.to_owned())];
    for f in 0..files {
        let mut text = String::new();
        let mut supporters = Vec::new();
        for i in 0..per_file {
            text.push_str(&format!(
                "ola o_{f}_{i} for wifi {{ provider net customer desk\n    \
                 target x: availability >= 99.9% measured by \"probes\" }}\n"
            ));
            supporters.push(format!("o_{f}_{i}.x"));
        }
        text.push_str(&format!(
            "sla s_{f} for wifi {{ provider org customer board\n    \
             target t: availability >= 99% measured by \"probes\" supported by any({}) }}\n",
            supporters.join(", ")
        ));
        texts.push((format!("f{f}.abide"), text));
    }
    let files: Vec<SourceFile> = texts
        .into_iter()
        .map(|(p, t)| SourceFile::new(&db, p, t, None))
        .collect();
    let ws = new_workspace(&db, files.clone());
    Harness { db, log, files, ws }
}

/// How many memos re-checking the workspace executes or validates after
/// an edit of one OLA's bound in the middle file.
fn memos_touched_by_an_edit(files: usize, per_file: usize) -> usize {
    let mut h = support_workspace(files, per_file);
    let ws = h.ws;
    assert!(workspace_diagnostics(&h.db, ws).is_empty());
    let edited = h.files[1 + files / 2];
    let text = edited.text(&h.db).replace("99.9%", "99.8%");
    edited.set_text(&mut h.db).to(text);
    let touched = h.executed(|db| {
        assert!(workspace_diagnostics(db, ws).is_empty());
    });
    touched.len()
}

#[test]
fn re_checking_after_an_edit_walks_files_not_agreements() {
    // The same files holding ten times as many agreements: the unchanged
    // files are validated through the same few memos each.
    let few = memos_touched_by_an_edit(6, 2);
    let many = memos_touched_by_an_edit(6, 20);
    assert_eq!(
        few, many,
        "memos touched: {few} with 2 agreements per file, {many} with 20"
    );
    // Twice the files: the work grows with the files.
    let more_files = memos_touched_by_an_edit(12, 2);
    assert!(more_files > few, "{more_files} vs {few}");
}
