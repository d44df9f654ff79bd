//! `abide.toml`: the workspace root marker and its settings, read by the
//! command line and the language server alike.
//!
//! ```toml
//! [lints]
//! watermelon = "deny"          # allow | info | warn | deny
//! missing-measurement = "allow"
//! ```

use std::path::Path;

use abide_db::Level;

/// What an `abide.toml` configures.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Config {
    /// Lint levels in file order.
    pub lints: Vec<(String, Level)>,
    /// Warnings about the file itself (unknown lints, unknown keys).
    pub warnings: Vec<String>,
}

/// Parses a level word.
#[must_use]
pub fn level(word: &str) -> Option<Level> {
    Some(match word {
        "allow" => Level::Allow,
        "info" => Level::Info,
        "warn" | "warning" => Level::Warn,
        "deny" | "error" => Level::Deny,
        _ => return None,
    })
}

/// "unknown lint `x`; did you mean `y`?" or `None` when `name` is a lint.
#[must_use]
pub fn unknown_lint(name: &str) -> Option<String> {
    let lints = abide_db::registry::lints();
    if lints.iter().any(|l| l.name == name) {
        return None;
    }
    let names: Vec<&str> = lints.iter().map(|l| l.name).collect();
    let hint = crate::suggest::closest(name, names.iter().copied())
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    Some(format!("unknown lint `{name}`{hint}"))
}

/// Reads and parses the `abide.toml` of a workspace root.
///
/// # Errors
/// When the file cannot be read or is not valid TOML.
pub fn read(root: &Path) -> Result<Config, String> {
    let path = root.join(abide_db::discover::WORKSPACE_FILE);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("`{}`: {e}", path.display()))
}

/// Parses the text of an `abide.toml`.
///
/// # Errors
/// When the text is not valid TOML or a value has the wrong type.
pub fn parse(text: &str) -> Result<Config, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut config = Config::default();
    for (key, value) in &table {
        if key != "lints" {
            config
                .warnings
                .push(format!("unknown section `[{key}]` (known: `[lints]`)"));
            continue;
        }
        let Some(lints) = value.as_table() else {
            return Err("`lints` must be a table: `[lints]`".into());
        };
        for (name, v) in lints {
            let Some(word) = v.as_str() else {
                return Err(format!(
                    "the level of `{name}` must be a string: \"allow\", \"info\", \"warn\" or \"deny\""
                ));
            };
            let Some(l) = level(word) else {
                return Err(format!(
                    "`{word}` is not a lint level (use \"allow\", \"info\", \"warn\" or \"deny\")"
                ));
            };
            if let Some(msg) = unknown_lint(name) {
                config.warnings.push(format!("[lints]: {msg}"));
                continue;
            }
            config.lints.push((name.clone(), l));
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_unknown_lints() {
        let c = parse("[lints]\nwatermelon = \"deny\"\nwatermelonn = \"allow\"\n").unwrap();
        assert_eq!(c.lints, vec![("watermelon".to_owned(), Level::Deny)]);
        assert_eq!(
            c.warnings,
            vec!["[lints]: unknown lint `watermelonn`; did you mean `watermelon`?".to_owned()]
        );
        assert!(parse("[lints]\nwatermelon = \"loud\"\n").is_err());
        assert!(parse("[lints\n").is_err());
        assert!(parse("").unwrap().lints.is_empty());
    }
}
