//! Dev tool: prints the SQL of the agreements in the given files.
//!
//! ```text
//! cargo run -p abide-eval --example sql_of -- examples/campus-wifi/campus_wifi.abide
//! ```
fn main() {
    let db = abide_db::AbideDatabase::default();
    let files: Vec<abide_db::SourceFile> = std::env::args()
        .skip(1)
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some(abide_db::SourceFile::new(&db, p, text, None))
        })
        .collect();
    let ws = abide_check::new_workspace(&db, files);
    print!("{}", abide_eval::sql(&db, ws));
}
