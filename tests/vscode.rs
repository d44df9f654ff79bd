//! The VS Code extension (`editors/vscode`) agrees with the language:
//! `package.json` registers the language, grammar, snippets and settings;
//! the TextMate grammar highlights exactly the reserved words of
//! `abide_syntax::KEYWORDS`; and every snippet expands to text that parses.
//!
//! The grammar's scopes themselves are tested by `npm run test:grammar`
//! (`editors/vscode/tests/grammar/*.abide`); this test needs no Node.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers may fail loudly"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use abide_syntax::{KEYWORDS, WORD_KEYWORDS};
use serde_json::Value;

fn ext_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/vscode")
}

fn read_json(rel: &str) -> Value {
    let path = ext_dir().join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn manifest() -> Value {
    read_json("package.json")
}

fn grammar() -> Value {
    read_json("syntaxes/abide.tmLanguage.json")
}

/// A path of `package.json` (`./x/y`), checked to name an existing file.
fn existing_file(v: &Value, what: &str) -> PathBuf {
    let rel = v.as_str().unwrap_or_else(|| panic!("{what}: not a string"));
    let path = ext_dir().join(rel.trim_start_matches("./"));
    assert!(path.is_file(), "{what}: {} does not exist", path.display());
    path
}

fn as_array<'a>(v: &'a Value, what: &str) -> &'a Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what}: not an array"))
}

#[test]
fn package_json_registers_the_language_grammar_and_snippets() {
    let m = manifest();
    assert_eq!(m["name"], "abide");
    assert_eq!(m["main"], "./out/extension.js");
    assert!(
        m["engines"]["vscode"]
            .as_str()
            .is_some_and(|v| v.starts_with('^')),
        "engines.vscode"
    );

    let languages = as_array(&m["contributes"]["languages"], "contributes.languages");
    let abide = languages
        .iter()
        .find(|l| l["id"] == "abide")
        .expect("the language `abide` is contributed");
    assert!(
        as_array(&abide["extensions"], "extensions").contains(&Value::from(".abide")),
        "`.abide` files are registered"
    );
    let config = existing_file(&abide["configuration"], "language configuration");
    let config: Value = serde_json::from_str(&std::fs::read_to_string(config).expect("readable"))
        .expect("language-configuration.json is JSON");
    assert_eq!(config["comments"]["lineComment"], "//");

    let grammars = as_array(&m["contributes"]["grammars"], "contributes.grammars");
    let g = grammars
        .iter()
        .find(|g| g["language"] == "abide")
        .expect("a grammar for `abide`");
    assert_eq!(g["scopeName"], "source.abide");
    assert_eq!(g["path"], "./syntaxes/abide.tmLanguage.json");
    existing_file(&g["path"], "grammar");
    assert_eq!(grammar()["scopeName"], "source.abide");

    let snippets = as_array(&m["contributes"]["snippets"], "contributes.snippets");
    assert!(snippets.iter().any(|s| s["language"] == "abide"));
    for s in snippets {
        existing_file(&s["path"], "snippets");
    }

    let scripts = &m["scripts"];
    for script in ["build", "typecheck", "test:grammar", "package"] {
        assert!(scripts[script].is_string(), "npm script `{script}`");
    }
}

#[test]
fn package_json_declares_the_settings() {
    let m = manifest();
    let props = &m["contributes"]["configuration"]["properties"];
    let path = &props["abide.server.path"];
    assert_eq!(path["type"], "string");
    assert_eq!(path["default"], "abide");
    let trace = &props["abide.trace.server"];
    assert_eq!(trace["type"], "string");
    assert_eq!(trace["default"], "off");
    assert_eq!(
        trace["enum"],
        serde_json::json!(["off", "messages", "verbose"])
    );
    // An executable path must not come from an untrusted workspace's settings.
    let restricted = &m["capabilities"]["untrustedWorkspaces"]["restrictedConfigurations"];
    assert!(
        as_array(restricted, "restrictedConfigurations")
            .contains(&Value::from("abide.server.path")),
        "abide.server.path is a restricted setting"
    );
}

// ---- reading word lists out of the grammar's regexes ----

/// A group of a regex whose body is only lowercase words separated by `|`.
#[derive(Debug)]
struct WordGroup {
    words: Vec<String>,
    /// Its number if it is a capturing group.
    capture: Option<usize>,
    /// Inside (or itself) a negative lookahead or lookbehind.
    negative: bool,
    /// Inside (or itself) any lookaround.
    lookaround: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum GroupKind {
    Capture(usize),
    NonCapture,
    Lookaround { negative: bool },
}

struct Frame {
    kind: GroupKind,
    body_start: usize,
    pure: bool,
}

/// Every word-alternation group of an Oniguruma regex such as
/// `\b(party|service)\s+(?!(?:a|b)\b)([a-z]+)`. Escapes, character classes
/// and nested groups make the enclosing group impure (not a word list).
fn word_groups(re: &str) -> Vec<WordGroup> {
    let b = re.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut captures = 0;
    let mut i = 0;
    let impure = |stack: &mut Vec<Frame>| {
        if let Some(top) = stack.last_mut() {
            top.pure = false;
        }
    };
    while i < b.len() {
        match b[i] {
            b'\\' => {
                impure(&mut stack);
                i += 2;
            }
            b'[' => {
                impure(&mut stack);
                i += 1;
                if b.get(i) == Some(&b'^') {
                    i += 1;
                }
                if b.get(i) == Some(&b']') {
                    i += 1;
                }
                while i < b.len() && b[i] != b']' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'(' => {
                impure(&mut stack);
                let rest = &re[i..];
                let (kind, prefix) = if rest.starts_with("(?:") {
                    (GroupKind::NonCapture, 3)
                } else if rest.starts_with("(?=") {
                    (GroupKind::Lookaround { negative: false }, 3)
                } else if rest.starts_with("(?!") {
                    (GroupKind::Lookaround { negative: true }, 3)
                } else if rest.starts_with("(?<=") {
                    (GroupKind::Lookaround { negative: false }, 4)
                } else if rest.starts_with("(?<!") {
                    (GroupKind::Lookaround { negative: true }, 4)
                } else if rest.starts_with("(?<") {
                    captures += 1;
                    let close = rest.find('>').expect("named group closes");
                    (GroupKind::Capture(captures), close + 1)
                } else if rest.starts_with("(?") {
                    panic!("unsupported group syntax in {re}");
                } else {
                    captures += 1;
                    (GroupKind::Capture(captures), 1)
                };
                stack.push(Frame {
                    kind,
                    body_start: i + prefix,
                    pure: true,
                });
                i += prefix;
            }
            b')' => {
                let frame = stack
                    .pop()
                    .unwrap_or_else(|| panic!("unbalanced `)` in {re}"));
                let body = &re[frame.body_start..i];
                let in_negative =
                    |k: GroupKind| matches!(k, GroupKind::Lookaround { negative: true });
                let in_any = |k: GroupKind| matches!(k, GroupKind::Lookaround { .. });
                if frame.pure && !body.is_empty() {
                    out.push(WordGroup {
                        words: body.split('|').map(str::to_owned).collect(),
                        capture: match frame.kind {
                            GroupKind::Capture(n) => Some(n),
                            _ => None,
                        },
                        negative: in_negative(frame.kind)
                            || stack.iter().any(|f| in_negative(f.kind)),
                        lookaround: in_any(frame.kind) || stack.iter().any(|f| in_any(f.kind)),
                    });
                }
                i += 1;
            }
            c => {
                if !(c.is_ascii_lowercase() || c == b'|') {
                    impure(&mut stack);
                }
                i += 1;
            }
        }
    }
    assert!(stack.is_empty(), "unbalanced `(` in {re}");
    out
}

#[test]
fn word_groups_reads_alternations() {
    let g = word_groups(r"\b(party|sla)\s+(?!(?:a|bc)\b)([A-Za-z_][a-z]*)(?=\s*\()x(?:\.[0-9]+)?");
    let summary: Vec<(Vec<String>, Option<usize>, bool, bool)> = g
        .into_iter()
        .map(|w| (w.words, w.capture, w.negative, w.lookaround))
        .collect();
    assert_eq!(
        summary,
        vec![
            (vec!["party".into(), "sla".into()], Some(1), false, false),
            (vec!["a".into(), "bc".into()], None, true, true),
        ]
    );
}

/// Every pattern object of the grammar (top level, repository, nested), with
/// the name of the repository entry it belongs to (`""` at top level).
fn patterns<'a>(v: &'a Value, entry: &str, out: &mut Vec<(String, &'a Value)>) {
    if let Some(obj) = v.as_object() {
        if obj.contains_key("match") || obj.contains_key("begin") {
            out.push((entry.to_owned(), v));
        }
        if let Some(ps) = obj.get("patterns").and_then(Value::as_array) {
            for p in ps {
                patterns(p, entry, out);
            }
        }
    }
}

fn all_patterns(g: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    patterns(g, "", &mut out);
    for (name, entry) in g["repository"].as_object().expect("a repository") {
        patterns(entry, name, &mut out);
    }
    out
}

fn regexes(p: &Value) -> Vec<&str> {
    ["match", "begin", "end", "while"]
        .iter()
        .filter_map(|k| p.get(*k).and_then(Value::as_str))
        .collect()
}

fn is_keyword_scope(scope: &str) -> bool {
    (scope.starts_with("keyword.")
        && !scope.starts_with("keyword.operator.")
        && !scope.starts_with("keyword.other.unit.")
        && !scope.starts_with("keyword.other.contextual."))
        || scope.starts_with("storage.type.")
}

/// The reserved words the grammar highlights, with the scope of each
/// occurrence: the word lists of `#keywords` (whole match) and the keyword
/// capture groups of `#declarations`.
fn grammar_keywords(g: &Value) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (entry, p) in all_patterns(g) {
        let Some(re) = p.get("match").and_then(Value::as_str) else {
            continue;
        };
        for group in word_groups(re).into_iter().filter(|w| !w.lookaround) {
            let whole = p
                .get("name")
                .and_then(Value::as_str)
                .filter(|s| is_keyword_scope(s));
            let captured = group
                .capture
                .and_then(|n| p["captures"][n.to_string()]["name"].as_str())
                .filter(|s| is_keyword_scope(s));
            if let Some(scope) = captured.or(whole) {
                for w in group.words {
                    found.push((w, scope.to_owned(), entry.clone()));
                }
            }
        }
    }
    found
}

#[test]
fn grammar_keywords_are_exactly_the_lexer_keywords() {
    let g = grammar();
    let lexer: BTreeSet<&str> = KEYWORDS.iter().copied().collect();
    assert_eq!(lexer.len(), KEYWORDS.len());

    let found = grammar_keywords(&g);
    let in_grammar: BTreeSet<&str> = found.iter().map(|(w, _, _)| w.as_str()).collect();
    let missing: Vec<_> = lexer.difference(&in_grammar).collect();
    let extra: Vec<_> = in_grammar.difference(&lexer).collect();
    assert!(
        missing.is_empty(),
        "reserved words of abide_syntax::KEYWORDS missing from the grammar's keyword patterns: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "the grammar highlights words as keywords that are not reserved: {extra:?}"
    );

    // `#keywords` alone covers every reserved word exactly once, so each is
    // highlighted wherever it stands, not only after a declaration.
    let mut counts: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (w, scope, entry) in &found {
        if entry == "keywords" {
            counts.entry(w.as_str()).or_default().push(scope.as_str());
        }
    }
    for k in KEYWORDS {
        let scopes = counts.get(k).cloned().unwrap_or_default();
        assert_eq!(scopes.len(), 1, "`{k}` in #keywords: {scopes:?}");
    }
    // Words that may stand as a free word (`in each service`) are plain keywords.
    for w in WORD_KEYWORDS {
        assert_eq!(counts[w], ["keyword.other.abide"], "`{w}`");
    }
    // Only the words that open a declaration carry a declaration's name.
    for (w, _, entry) in &found {
        if entry == "declarations" {
            assert!(
                [
                    "party",
                    "service",
                    "calendar",
                    "metric",
                    "priorities",
                    "scale",
                    "sla",
                    "ola",
                    "xla",
                    "contract",
                    "target"
                ]
                .contains(&w.as_str()),
                "`{w}` in #declarations"
            );
        }
    }
}

#[test]
fn name_guards_list_every_keyword() {
    // A declared name may not be a reserved word: the declarations carry a
    // negative lookahead of all of them, which must follow the lexer too.
    let lexer: BTreeSet<&str> = KEYWORDS.iter().copied().collect();
    let mut guards = 0;
    for (entry, p) in all_patterns(&grammar()) {
        for re in regexes(p) {
            for group in word_groups(re).into_iter().filter(|w| w.negative) {
                let words: BTreeSet<&str> = group.words.iter().map(String::as_str).collect();
                assert_eq!(words, lexer, "negative lookahead in #{entry}: {re}");
                guards += 1;
            }
        }
    }
    assert!(guards > 0, "the declarations guard their names");
}

#[test]
fn grammar_includes_resolve() {
    let g = grammar();
    let repo = g["repository"].as_object().expect("a repository");
    let mut includes = Vec::new();
    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(o) => {
                if let Some(s) = o.get("include").and_then(Value::as_str) {
                    out.push(s);
                }
                o.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&g, &mut includes);
    for inc in &includes {
        if let Some(name) = inc.strip_prefix('#') {
            assert!(
                repo.contains_key(name),
                "include {inc} has no repository entry"
            );
        } else {
            assert!(
                *inc == "$self" || *inc == "$base",
                "unexpected include {inc}"
            );
        }
    }
    let top: Vec<&str> = as_array(&g["patterns"], "patterns")
        .iter()
        .filter_map(|p| p["include"].as_str())
        .collect();
    for needed in ["#comments", "#strings", "#declarations", "#keywords"] {
        assert!(top.contains(&needed), "top-level patterns include {needed}");
    }
    for name in repo.keys() {
        assert!(
            includes.contains(&format!("#{name}").as_str()),
            "repository entry {name} is never included"
        );
    }
}

/// Free words the grammar highlights only in context (`downtime when`,
/// `uptime from`, `below "…"`): not reserved, so never in the name guards.
const CONTEXTUAL: &[&str] = &["below", "downtime", "uptime"];

#[test]
fn contextual_words_are_highlighted_only_in_context() {
    let g = grammar();
    let mut found = BTreeSet::new();
    for (entry, p) in all_patterns(&g) {
        let Some(scope) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        if !scope.starts_with("keyword.other.contextual.") {
            continue;
        }
        assert_eq!(entry, "contextual", "contextual scopes live in #contextual");
        let re = p["match"].as_str().expect("a match");
        let groups = word_groups(re);
        assert!(
            groups.iter().any(|w| w.lookaround && !w.negative) || re.contains("(?="),
            "`{re}` needs a lookahead for its context"
        );
        for w in groups.into_iter().filter(|w| !w.lookaround) {
            found.extend(w.words);
        }
    }
    let want: BTreeSet<String> = CONTEXTUAL.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(found, want);
    for w in CONTEXTUAL {
        assert!(!KEYWORDS.contains(w), "`{w}` is not reserved");
    }
}

#[test]
fn grammar_fixtures_use_every_keyword() {
    // The scope tests (`npm run test:grammar`) must see each reserved word.
    let dir = ext_dir().join("tests/grammar");
    let mut words = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("tests/grammar exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "abide") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(
            text.starts_with("// SYNTAX TEST \"source.abide\""),
            "{} starts with the SYNTAX TEST header",
            path.display()
        );
        for line in text.lines().filter(|l| !l.starts_with("//")) {
            words.extend(
                line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map(str::to_owned),
            );
        }
    }
    let missing: Vec<_> = KEYWORDS.iter().filter(|k| !words.contains(**k)).collect();
    assert!(
        missing.is_empty(),
        "keywords no grammar fixture uses: {missing:?}"
    );
}

// ---- snippets ----

/// A snippet body with every placeholder replaced by its default
/// (`${1:x}` → `x`, `${2|a,b|}` → `a`, `$0` → nothing).
fn expand(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let close = inner.find('}').expect("placeholder closes");
            let spec = &inner[..close];
            let (_, value) = spec.split_once([':', '|']).unwrap_or((spec, ""));
            let value = if spec.contains('|') {
                value.trim_end_matches('|').split(',').next().unwrap_or("")
            } else {
                value
            };
            assert!(
                !value.contains('$'),
                "nested placeholders are not used: {spec}"
            );
            out.push_str(value);
            rest = &inner[close + 1..];
        } else {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn snippets_expand_to_text_that_parses() {
    let snippets = read_json("snippets/abide.json");
    let snippets = snippets.as_object().expect("an object of snippets");
    let prefixes: BTreeSet<&str> = snippets
        .values()
        .filter_map(|s| s["prefix"].as_str())
        .collect();
    for p in [
        "sla", "ola", "xla", "contract", "target", "party", "calendar",
    ] {
        assert!(prefixes.contains(p), "a `{p}` snippet");
    }
    for (name, s) in snippets {
        let body: Vec<&str> = as_array(&s["body"], name)
            .iter()
            .map(|l| l.as_str().expect("body lines are strings"))
            .collect();
        let text = expand(&body.join("\n"));
        // A target stands inside an agreement.
        let source = if s["prefix"] == "target" {
            format!("sla s for svc {{\n{text}\n}}\n")
        } else {
            format!("{text}\n")
        };
        let parsed = abide_syntax::parse(&source);
        assert!(
            parsed.errors.is_empty(),
            "snippet {name} does not parse:\n{source}\n{:#?}",
            parsed.errors
        );
    }
}

#[test]
fn expand_takes_defaults() {
    assert_eq!(expand("a ${1:x} ${2|p,q|}$0 b"), "a x p b");
}
