//! The checked-in JSON Schema of the evaluation matches the types, and the
//! evaluation of the Wi-Fi example validates against it.

#![allow(clippy::expect_used, clippy::unwrap_used, reason = "tests fail loudly")]

use std::path::{Path, PathBuf};

use abide_db::{AbideDatabase, SourceFile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `ABIDE_BLESS=1 cargo test -p abide-eval` rewrites the checked-in schema.
#[test]
fn checked_in_schema_matches_the_types() {
    let generated = abide_eval::output::schema_json().expect("the schema serialises");
    let path = root().join("schema/abide-evaluation.schema.json");
    if std::env::var_os("ABIDE_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("write the schema");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "schema/abide-evaluation.schema.json is out of date with the evaluation types; run `ABIDE_BLESS=1 cargo test -p abide-eval` and review the diff"
    );
}

#[test]
fn the_wifi_evaluation_validates_against_the_schema() {
    let db = AbideDatabase::default();
    let text =
        std::fs::read_to_string(root().join("examples/campus-wifi/campus_wifi.abide")).unwrap();
    let file = SourceFile::new(&db, "campus_wifi.abide".into(), text, None);
    let ws = abide_check::new_workspace(&db, vec![file]);
    let files = abide_eval::input::discover(&root().join("examples/campus-wifi-data")).unwrap();
    let outcome = abide_eval::evaluate(&db, ws, &files, abide_eval::Options::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let json: serde_json::Value =
        serde_json::from_str(&outcome.evaluation.to_json().unwrap()).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/abide-evaluation.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["credits"][0]["amount"], "900.00 GBP");
}
