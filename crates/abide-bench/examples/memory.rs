//! Where the memory of a checked workspace goes: resident set size after
//! each stage of a cold check, on a generated workspace.
//! `cargo run --release -p abide-bench --example memory -- 10000`

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

static PARSES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let threads: Option<usize> = std::env::args().nth(2).and_then(|a| a.parse().ok());
    let g = abide_bench::generate(n, 1);
    let source = g.bytes() as f64 / 1e6;
    let base = rss_mb();
    let mut loaded = abide_bench::Loaded::new(&g);
    loaded.db = abide_db::AbideDatabase::with_event_callback(Box::new(|e| {
        if let salsa::EventKind::WillExecute { database_key } = e.kind
            && format!("{database_key:?}").starts_with("parse(")
        {
            PARSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }));
    loaded.files = g
        .files
        .iter()
        .map(|f| abide_db::SourceFile::new(&loaded.db, f.path.clone(), f.text.clone(), None))
        .collect();
    loaded.ws = abide_check::new_workspace(&loaded.db, loaded.files.clone());
    drop(g);
    if let Some(trees) = threads {
        let before = rss_mb();
        abide_check::check_all(&loaded.db, &[loaded.ws], trees);
        let errors = loaded.check();
        println!(
            "check_all on {trees} threads: +{:.1} MB RSS, {errors} errors, {} parses",
            rss_mb() - before,
            PARSES.load(std::sync::atomic::Ordering::Relaxed)
        );
        return;
    }
    let db = &loaded.db;
    let mut last = rss_mb();
    println!(
        "source {source:.1} MB; generator + texts loaded: {:.1} MB",
        last - base
    );
    let mut stage = |name: &str, f: &dyn Fn()| {
        f();
        let now = rss_mb();
        println!(
            "{name:<28} +{:>7.1} MB  ({:.1}× source)",
            now - last,
            (now - base) / source
        );
        last = now;
    };
    stage("parse", &|| {
        for &f in &loaded.files {
            abide_db::parse(db, f);
        }
    });
    stage("item_index + scope", &|| {
        abide_check::scope::global_scope(db, loaded.ws);
    });
    stage("file_models", &|| {
        for &f in &loaded.files {
            abide_check::model::file_models(db, f);
        }
    });
    stage("file_refs", &|| {
        for &f in &loaded.files {
            abide_check::ide::file_refs(db, loaded.ws, f);
        }
    });
    stage("file_imports", &|| {
        for &f in &loaded.files {
            abide_check::imports::file_imports(db, loaded.ws, f);
        }
    });
    stage("support + layering graphs", &|| {
        abide_check::checks::workspace::support_graph(db, loaded.ws);
        abide_check::checks::layering::layering_graph(db, loaded.ws);
    });
    stage("file_alignments", &|| {
        for &f in &loaded.files {
            abide_check::checks::alignment::file_alignments(db, loaded.ws, f);
        }
    });
    stage("check (the rest)", &|| {
        abide_check::workspace_diagnostics(db, loaded.ws);
    });
}
