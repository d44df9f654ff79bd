//! Diagnostics as SARIF 2.1.0, the format GitHub code scanning (and most
//! other code-review tools) reads: `abide check --format sarif`.
//!
//! Choices, so that a reader of the output knows what to expect:
//!
//! - **Rules.** One rule per entry of [`registry::entries`] (every code and
//!   every lint), in registry order, whether or not it fired: code scanning
//!   shows the rule's descriptions next to an alert, and a stable rule list
//!   keeps `ruleIndex` meaningful across runs. `id` is the code (`E0104`, or a
//!   lint's name); `name` is the kebab-case name in PascalCase
//!   (`unknown-unit` → `UnknownUnit`), as SARIF §3.49.7 recommends, so that
//!   it can never be mistaken for an id.
//! - **Positions.** Lines and columns are 1-based; columns count UTF-16 code
//!   units (SARIF's default `columnKind`, stated explicitly in the run), and
//!   `endColumn` is one past the last character.
//! - **Paths.** A relative path becomes a relative URI reference against
//!   `%SRCROOT%` (the directory `abide check` ran in), with forward slashes
//!   and percent-encoding; an absolute path becomes a `file://` URI. The
//!   prelude, which is no file on disk, lives under its own base id
//!   `ABIDE_PRELUDE`.
//! - **Messages.** `message.text` is the headline, then the notes (they hold
//!   the computed figure), then `help: …`, then one line linking to the
//!   related locations in SARIF's embedded-link syntax (`[label](id)`, §3.11.6),
//!   which is how code scanning shows them. Literal square brackets are
//!   escaped with a backslash, as that syntax requires.
//! - **Fingerprints.** `partialFingerprints["abide/v1"]` is FNV-1a 64 over the
//!   code, the file's URI, the text under the primary span and the message,
//!   plus a counter for identical findings, so that an alert survives edits
//!   elsewhere in the file (no line numbers go in).
//! - **Determinism.** Keys are sorted at every level (also when some other
//!   crate turns on serde_json's `preserve_order`), and nothing depends on
//!   time, the machine or hash-map order.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::Db;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::line_index::ColumnUnit;
use crate::queries::{SourceFile, line_index};
use crate::registry::{self, Entry};

/// The schema URI written into `$schema` (the OASIS errata 01 schema).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The URI base id relative paths are resolved against.
pub const SRCROOT: &str = "%SRCROOT%";

/// The URI base id of the prelude, which has no file on disk.
pub const PRELUDE_BASE: &str = "ABIDE_PRELUDE";

/// The key of Abide's entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "abide/v1";

/// The project's home page (the workspace's `repository` key).
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Diagnostics as one SARIF 2.1.0 log with a single run.
#[must_use]
pub fn sarif(db: &dyn Db, diagnostics: &[Diagnostic]) -> Value {
    let entries = registry::entries();
    let index: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.code, i))
        .collect();
    let rules: Vec<Value> = entries.iter().map(rule).collect();

    let mut occurrences: HashMap<u64, usize> = HashMap::new();
    let mut prelude_used = false;
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let hash = fingerprint(db, d);
            let n = occurrences.entry(hash).or_insert(0);
            *n += 1;
            prelude_used |= std::iter::once(&d.primary)
                .chain(&d.secondary)
                .any(|l| is_prelude(db, l.file));
            result(
                db,
                d,
                index.get(d.code).copied(),
                format!("{hash:016x}:{n}"),
            )
        })
        .collect();

    let mut base_ids = serde_json::Map::new();
    base_ids.insert(
        SRCROOT.to_owned(),
        json!({
            "description": {
                "text": "The directory `abide check` ran in: relative paths are resolved against it."
            }
        }),
    );
    if prelude_used {
        base_ids.insert(
            PRELUDE_BASE.to_owned(),
            json!({
                "description": { "text": "The prelude built into abide (not a file on disk)." }
            }),
        );
    }

    let mut log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "abide",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": REPOSITORY,
                    "rules": rules,
                }
            },
            "columnKind": "utf16CodeUnits",
            "originalUriBaseIds": base_ids,
            "results": results,
        }]
    });
    log.sort_all_objects();
    log
}

/// One `reportingDescriptor`.
fn rule(e: &Entry) -> Value {
    let anchor = if e.code == e.name {
        "73-lints"
    } else {
        "72-error-codes"
    };
    json!({
        "id": e.code,
        "name": pascal_case(e.name),
        "shortDescription": { "text": e.summary },
        "fullDescription": { "text": first_paragraph(e.explanation) },
        "help": { "text": e.explanation, "markdown": e.explanation },
        "helpUri": format!("{REPOSITORY}/blob/main/docs/reference.md#{anchor}"),
        "defaultConfiguration": { "level": default_level(e.default) },
    })
}

/// The SARIF level of a default severity; `None` is a lint allowed by default.
fn default_level(default: Option<Severity>) -> &'static str {
    default.map_or("none", level)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `unknown-unit` → `UnknownUnit`.
#[must_use]
pub fn pascal_case(kebab: &str) -> String {
    kebab
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// The first paragraph after the page's `# CODE` heading, unwrapped onto one line.
#[must_use]
pub fn first_paragraph(page: &str) -> String {
    page.lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty() || l.starts_with('#'))
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One `result`.
fn result(db: &dyn Db, d: &Diagnostic, rule_index: Option<usize>, fingerprint: String) -> Value {
    let mut primary = location(db, &d.primary);
    if let Value::Object(map) = &mut primary {
        map.insert("message".to_owned(), json!({ "text": d.primary.message }));
    }
    let related: Vec<Value> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut loc = location(db, l);
            if let Value::Object(map) = &mut loc {
                map.insert("id".to_owned(), json!(i + 1));
                map.insert("message".to_owned(), json!({ "text": l.message }));
            }
            loc
        })
        .collect();
    let mut r = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": message_text(d) },
        "locations": [primary],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    if let Value::Object(map) = &mut r {
        if let Some(i) = rule_index {
            map.insert("ruleIndex".to_owned(), json!(i));
        }
        if !related.is_empty() {
            map.insert("relatedLocations".to_owned(), Value::Array(related));
        }
    }
    r
}

/// Headline, notes, help and links to the related locations, one per line.
fn message_text(d: &Diagnostic) -> String {
    let mut lines = vec![escape_brackets(&d.message)];
    lines.extend(d.notes.iter().map(|n| escape_brackets(n)));
    if let Some(help) = &d.help {
        lines.push(format!("help: {}", escape_brackets(help)));
    }
    if !d.secondary.is_empty() {
        let links: Vec<String> = d
            .secondary
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let text = if l.message.is_empty() {
                    "here"
                } else {
                    &l.message
                };
                format!("[{}]({})", escape_brackets(text), i + 1)
            })
            .collect();
        lines.push(format!("related: {}", links.join(", ")));
    }
    lines.join("\n")
}

/// SARIF's embedded links (`[text](id)`) make literal brackets special.
fn escape_brackets(s: &str) -> String {
    s.replace('[', "\\[").replace(']', "\\]")
}

/// A `location` with a `physicalLocation` for a label.
fn location(db: &dyn Db, label: &Label) -> Value {
    let file = label.file;
    let text = file.text(db);
    let idx = line_index(db, file);
    let pos = |offset: u32| {
        let (line, col) = idx.position(text, offset as usize, ColumnUnit::Utf16);
        (line + 1, col + 1)
    };
    let (start_line, start_col) = pos(label.span.start);
    let (end_line, end_col) = pos(label.span.end.max(label.span.start));
    json!({
        "physicalLocation": {
            "artifactLocation": artifact_location(db, file),
            "region": {
                "startLine": start_line,
                "startColumn": start_col,
                "endLine": end_line,
                "endColumn": end_col,
            }
        }
    })
}

fn is_prelude(db: &dyn Db, file: SourceFile) -> bool {
    file == db.prelude()
}

/// `{uri, uriBaseId}` for a relative path, `{uri}` (a `file://` URI) for an absolute one.
fn artifact_location(db: &dyn Db, file: SourceFile) -> Value {
    if is_prelude(db, file) {
        return json!({ "uri": "prelude.abide", "uriBaseId": PRELUDE_BASE });
    }
    match path_to_uri(file.path(db)) {
        Uri::Relative(uri) => json!({ "uri": uri, "uriBaseId": SRCROOT }),
        Uri::Absolute(uri) => json!({ "uri": uri }),
    }
}

/// A path as a URI reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uri {
    /// Relative to `%SRCROOT%`.
    Relative(String),
    /// A `file://` URI.
    Absolute(String),
}

impl Uri {
    /// The URI text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Uri::Relative(s) | Uri::Absolute(s) => s,
        }
    }
}

/// Turns a path as shown to the user into a URI reference: separators
/// become `/`, a leading `./` goes, and every byte outside RFC 3986's
/// `pchar` set is percent-encoded (in a relative reference `:` too, so that
/// `a:b.abide` cannot read as a scheme).
#[must_use]
pub fn path_to_uri(path: &str) -> Uri {
    let native_backslash = std::path::MAIN_SEPARATOR == '\\';
    let slashed = if native_backslash {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let is_windows_drive = {
        let b = slashed.as_bytes();
        native_backslash && b.len() >= 3 && b[0].is_ascii_alphabetic() && &b[1..3] == b":/"
    };
    if slashed.starts_with('/') || is_windows_drive {
        let encoded = encode(&slashed, true);
        let prefix = if is_windows_drive {
            "file:///"
        } else {
            "file://"
        };
        return Uri::Absolute(format!("{prefix}{encoded}"));
    }
    let mut rest = slashed.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    Uri::Relative(encode(rest, false))
}

fn encode(path: &str, allow_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=@/".contains(&b)
            || (allow_colon && b == b':');
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits: small, stable across platforms and releases (unlike
/// std's `RandomState`), and good enough to tell findings apart.
#[must_use]
pub fn fnv1a64(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        // A separator that cannot occur in text keeps ("ab", "c") apart from ("a", "bc").
        if i > 0 {
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for &b in part.as_bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// The position-free hash of a finding: code, file, the text under the
/// primary span, and the message.
fn fingerprint(db: &dyn Db, d: &Diagnostic) -> u64 {
    let file = d.primary.file;
    let uri = if is_prelude(db, file) {
        format!("{PRELUDE_BASE}/prelude.abide")
    } else {
        path_to_uri(file.path(db)).as_str().to_owned()
    };
    let snippet = file.text(db).get(d.primary.span.range()).unwrap_or("");
    fnv1a64(&[d.code, &uri, snippet, &d.message])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AbideDatabase;
    use abide_syntax::Span;

    fn diag(file: SourceFile, span: Span, message: &str) -> Diagnostic {
        Diagnostic {
            code: "E0104",
            name: "unknown-unit",
            severity: Severity::Error,
            message: message.to_owned(),
            primary: Label {
                file,
                span,
                message: "not a unit".to_owned(),
            },
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    fn region(v: &Value, loc: &str) -> (u64, u64, u64, u64) {
        let n = |k: &str| {
            v.pointer(&format!("{loc}/physicalLocation/region/{k}"))
                .and_then(Value::as_u64)
                .unwrap_or_else(|| panic!("{loc}/{k} missing in {v}"))
        };
        (
            n("startLine"),
            n("startColumn"),
            n("endLine"),
            n("endColumn"),
        )
    }

    #[test]
    fn utf16_columns_after_an_astral_character() {
        let db = AbideDatabase::new();
        let text = "party a \"🚀 é\" : team\nx 30sec\n";
        let file = SourceFile::new(&db, "a.abide".to_owned(), text.to_owned(), None);
        // `team` on line 1: after the rocket (2 UTF-16 units, 4 bytes) and `é` (1 unit, 2 bytes).
        let team = text.find("team").unwrap();
        let d = diag(file, Span::new(team, team + 4), "m");
        let v = sarif(&db, &[d]);
        // `party a "` = 9 units, 🚀 = 2, ` é" : ` = 6 → `team` starts after 17 units.
        assert_eq!(region(&v, "/runs/0/results/0/locations/0"), (1, 18, 1, 22));
        // The same span counted in characters would start at 17: SARIF must not.
        let chars = text[..team].chars().count();
        assert_eq!(chars + 1, 17);
    }

    #[test]
    fn a_span_ending_at_a_newline_and_on_the_next_line() {
        let db = AbideDatabase::new();
        let text = "ab\ncd";
        let file = SourceFile::new(&db, "a.abide".to_owned(), text.to_owned(), None);
        let v = sarif(&db, &[diag(file, Span::new(1, 4), "m")]);
        assert_eq!(region(&v, "/runs/0/results/0/locations/0"), (1, 2, 2, 2));
    }

    #[test]
    fn related_locations_have_ids_messages_and_links() {
        let db = AbideDatabase::new();
        let file = SourceFile::new(&db, "a.abide".to_owned(), "abc def ghi".to_owned(), None);
        let mut d = diag(file, Span::new(0, 3), "a [bracketed] message");
        d.secondary.push(Label {
            file,
            span: Span::new(4, 7),
            message: "second".to_owned(),
        });
        d.secondary.push(Label {
            file,
            span: Span::new(8, 11),
            message: "third [x]".to_owned(),
        });
        d.notes.push("all(a, b) = b".to_owned());
        d.help = Some("fix it".to_owned());
        let v = sarif(&db, &[d]);
        let r = &v["runs"][0]["results"][0];
        assert_eq!(
            r["message"]["text"],
            "a \\[bracketed\\] message\nall(a, b) = b\nhelp: fix it\nrelated: [second](1), [third \\[x\\]](2)"
        );
        assert_eq!(r["relatedLocations"][0]["id"], 1);
        assert_eq!(r["relatedLocations"][0]["message"]["text"], "second");
        assert_eq!(r["relatedLocations"][1]["id"], 2);
        assert_eq!(
            region(&v, "/runs/0/results/0/relatedLocations/1"),
            (1, 9, 1, 12)
        );
        assert_eq!(r["locations"][0]["message"]["text"], "not a unit");
    }

    #[test]
    fn uris_are_relative_slashed_and_encoded() {
        assert_eq!(
            path_to_uri("examples/campus-wifi/campus_wifi.abide"),
            Uri::Relative("examples/campus-wifi/campus_wifi.abide".to_owned())
        );
        assert_eq!(
            path_to_uri("./a/./b.abide"),
            Uri::Relative("a/./b.abide".to_owned())
        );
        assert_eq!(
            path_to_uri("100% sure, a:b #1?.abide"),
            Uri::Relative("100%25%20sure,%20a%3Ab%20%231%3F.abide".to_owned())
        );
        assert_eq!(
            path_to_uri("dir/naïve [x].abide"),
            Uri::Relative("dir/na%C3%AFve%20%5Bx%5D.abide".to_owned())
        );
        assert_eq!(
            path_to_uri("/tmp/a b/c:d.abide"),
            Uri::Absolute("file:///tmp/a%20b/c:d.abide".to_owned())
        );
        if std::path::MAIN_SEPARATOR == '\\' {
            assert_eq!(
                path_to_uri(r"dir\x.abide"),
                Uri::Relative("dir/x.abide".to_owned())
            );
            assert_eq!(
                path_to_uri(r"C:\dir\x.abide"),
                Uri::Absolute("file:///C:/dir/x.abide".to_owned())
            );
        } else {
            // On Unix a backslash is part of a file name, not a separator.
            assert_eq!(
                path_to_uri(r"dir\x.abide"),
                Uri::Relative("dir%5Cx.abide".to_owned())
            );
        }
    }

    #[test]
    fn fingerprints_ignore_lines_but_not_content() {
        let db = AbideDatabase::new();
        let a = SourceFile::new(&db, "a.abide".to_owned(), "x 30sec\n".to_owned(), None);
        let b = SourceFile::new(
            &db,
            "a.abide".to_owned(),
            "\n\n\nx 30sec\n".to_owned(),
            None,
        );
        let c = SourceFile::new(&db, "a.abide".to_owned(), "x 30secs\n".to_owned(), None);
        let fp = |file: SourceFile, start: usize, end: usize| {
            let v = sarif(&db, &[diag(file, Span::new(start, end), "unknown unit")]);
            v["runs"][0]["results"][0]["partialFingerprints"][FINGERPRINT_KEY].clone()
        };
        assert_eq!(fp(a, 2, 7), fp(b, 5, 10));
        assert_ne!(fp(a, 2, 7), fp(c, 2, 8));
        // Two identical findings are told apart by a counter.
        let v = sarif(
            &db,
            &[diag(a, Span::new(2, 7), "m"), diag(a, Span::new(2, 7), "m")],
        );
        let results = &v["runs"][0]["results"];
        let first = results[0]["partialFingerprints"][FINGERPRINT_KEY]
            .as_str()
            .unwrap();
        let second = results[1]["partialFingerprints"][FINGERPRINT_KEY]
            .as_str()
            .unwrap();
        assert!(
            first.ends_with(":1") && second.ends_with(":2"),
            "{first} {second}"
        );
        assert_eq!(first.split(':').next(), second.split(':').next());
    }

    #[test]
    fn fnv1a64_known_values() {
        // Reference values of FNV-1a 64.
        assert_eq!(fnv1a64(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(&["foobar"]), 0x8594_4171_f739_67e8);
        assert_ne!(fnv1a64(&["ab", "c"]), fnv1a64(&["a", "bc"]));
    }

    #[test]
    fn rules_cover_the_registry() {
        let db = AbideDatabase::new();
        let v = sarif(&db, &[]);
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let entries = registry::entries();
        assert_eq!(rules.len(), entries.len());
        for (r, e) in rules.iter().zip(&entries) {
            assert_eq!(r["id"], e.code);
            assert_eq!(r["shortDescription"]["text"], e.summary);
            assert_eq!(r["help"]["markdown"], e.explanation);
            let full = r["fullDescription"]["text"].as_str().unwrap();
            assert!(!full.is_empty() && !full.starts_with('#'), "{full}");
            assert!(!full.contains('\n'), "{full}");
        }
        let by_id = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
        assert_eq!(by_id("E0104")["name"], "UnknownUnit");
        assert_eq!(by_id("E0104")["defaultConfiguration"]["level"], "error");
        assert_eq!(
            by_id("stray-doc-comment")["defaultConfiguration"]["level"],
            "warning"
        );
        let levels: Vec<&str> = rules
            .iter()
            .filter_map(|r| r["defaultConfiguration"]["level"].as_str())
            .collect();
        for l in &levels {
            assert!(["error", "warning", "note", "none"].contains(l), "{l}");
        }
        assert_eq!(v["runs"][0]["results"], json!([]));
    }

    #[test]
    fn help_uri_anchors_exist_in_the_reference() {
        let reference = include_str!("../../../docs/reference.md");
        for heading in ["### 7.2 Error codes", "### 7.3 Lints"] {
            assert!(
                reference.lines().any(|l| l == heading),
                "docs/reference.md lost `{heading}`, which the SARIF helpUri links to"
            );
        }
    }

    #[test]
    fn names_and_paragraphs() {
        assert_eq!(pascal_case("unknown-unit"), "UnknownUnit");
        assert_eq!(pascal_case("watermelon"), "Watermelon");
        assert_eq!(pascal_case("not-a-whole-number"), "NotAWholeNumber");
        assert_eq!(
            first_paragraph("# E0001: x\n\nOne\ntwo.\n\nThree.\n"),
            "One two."
        );
    }

    #[test]
    fn levels() {
        assert_eq!(default_level(None), "none");
        assert_eq!(default_level(Some(Severity::Info)), "note");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Error), "error");
    }
}
