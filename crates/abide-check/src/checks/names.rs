//! Name rules: duplicates, prelude names, and resolving references with
//! "did you mean".

use abide_db::codes;
use abide_db::{Diagnostic, PRELUDE_PATH, SourceFile};
use abide_syntax::ast;

use super::Cx;
use crate::diag::{self, DiagExt};
use crate::scope::{Decl, ItemTag, Scope};

/// Reports duplicates and prelude redefinitions among the file's items;
/// `firsts` tells which are their name's first declaration
/// ([`first_declarations`]).
pub fn check_declarations(cx: &mut Cx<'_>, file: &ast::File, firsts: &[bool]) {
    let scope = cx.scope;
    for (item, &first) in file.items.iter().zip(firsts) {
        if first {
            continue;
        }
        let name = item.name();
        let decls = scope.all(&name.text);
        let Some(first) = decls.first() else { continue };
        if first.file.path(cx.db) == PRELUDE_PATH && first.file != cx.file {
            cx.push(
                diag::error(
                    codes::PRELUDE_REDEFINED,
                    cx.file,
                    name.span,
                    format!(
                        "`{}` is already declared by the prelude, as {}",
                        name.text,
                        first.tag.article()
                    ),
                    "redeclares a prelude name",
                )
                .note("prelude names can be used everywhere but not redeclared")
                .help(format!(
                    "choose another name, such as `{}_local`",
                    name.text
                )),
            );
            continue;
        }
        let other = first_span(cx, first, &name.text);
        let mut d = diag::error(
            codes::NAMES_DUPLICATE,
            cx.file,
            name.span,
            format!("`{}` is declared more than once", name.text),
            "declared again here",
        )
        .help("names are shared by every file of the workspace: rename one of them");
        if let Some(span) = other {
            d = d.also(
                first.file,
                span,
                format!("first declared here, as {}", first.tag.article()),
            );
        }
        cx.push(d);
    }
}

/// For each item of the file, whether it is the declaration its name
/// resolves to: the first with its name in the workspace (the prelude
/// first, then the files in order, each in source order).
///
/// Read from the namespace: nearly every name is declared once, and then
/// its one declaration is the item; only a repeated name needs to know
/// which of the file's items with that name comes first.
#[must_use]
pub fn first_declarations(scope: &Scope, source: SourceFile, file: &ast::File) -> Vec<bool> {
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    file.items
        .iter()
        .map(|item| {
            let name = item.name().text.as_str();
            match scope.all(name) {
                [only] => only.file == source,
                [first, ..] => first.file == source && seen.insert(name),
                [] => false,
            }
        })
        .collect()
}

/// The span of a name's declaration in another file (read only on the error path).
pub fn first_span(cx: &Cx<'_>, decl: &Decl, name: &str) -> Option<abide_syntax::Span> {
    abide_db::parse(cx.db, decl.file)
        .file
        .items
        .iter()
        .find(|i| i.name().text == name)
        .map(|i| i.name().span)
}

/// What a reference expects, for messages.
pub fn describe_tags(tags: &[ItemTag]) -> String {
    let words: Vec<String> = tags.iter().map(|t| t.article()).collect();
    match words.as_slice() {
        [] => "a declaration".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Resolves a reference to a declaration of one of `tags`; reports an
/// unknown name (with a suggestion) or a name of the wrong kind.
pub fn resolve(cx: &mut Cx<'_>, name: &ast::Name, tags: &[ItemTag], what: &str) -> Option<Decl> {
    match lookup(cx, name, tags, what) {
        Ok(d) => Some(d),
        Err(e) => {
            cx.push(*e);
            None
        }
    }
}

/// Like [`resolve`], returning the diagnostic instead of recording it.
pub fn lookup(
    cx: &Cx<'_>,
    name: &ast::Name,
    tags: &[ItemTag],
    what: &str,
) -> Result<Decl, Box<Diagnostic>> {
    let scope = cx.scope;
    match scope.get(&name.text) {
        None => Err(Box::new(
            diag::error(
                codes::UNKNOWN_NAME,
                cx.file,
                name.span,
                format!("unknown {what} `{}`", name.text),
                format!("no {what} has this name"),
            )
            .maybe_help(
                scope
                    .suggest(&name.text, tags)
                    .map(|s| format!("did you mean `{s}`?")),
            ),
        )),
        Some(d) if !tags.contains(&d.tag) => Err(Box::new(
            diag::error(
                codes::WRONG_KIND,
                cx.file,
                name.span,
                format!(
                    "`{}` is {}, not {}",
                    name.text,
                    d.tag.article(),
                    describe_tags(tags)
                ),
                format!("expected {}", describe_tags(tags)),
            )
            .maybe_help(
                scope
                    .suggest(&name.text, tags)
                    .map(|s| format!("did you mean `{s}`?")),
            ),
        )),
        Some(d) => Ok(d),
    }
}

/// All agreement tags.
pub const AGREEMENTS: &[ItemTag] = &[
    ItemTag::Agreement(ast::AgreementKind::Sla),
    ItemTag::Agreement(ast::AgreementKind::Ola),
    ItemTag::Agreement(ast::AgreementKind::Xla),
    ItemTag::Agreement(ast::AgreementKind::Contract),
];

/// Reports a word outside its vocabulary, with a suggestion.
pub fn unknown_word(cx: &mut Cx<'_>, word: &ast::Name, what: &str, words: &[&str]) {
    let list = words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ");
    cx.push(
        diag::error(
            codes::UNKNOWN_WORD,
            cx.file,
            word.span,
            format!("`{}` is not {} {what}", word.text, article(what)),
            format!("expected {} {what}", article(what)),
        )
        .note(format!(
            "{} {what} is one of {list}",
            capital(article(what))
        ))
        .maybe_help(
            synonym(&word.text, words).or_else(|| crate::suggest::help(&word.text, words.iter())),
        ),
    );
}

/// "a" or "an".
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Words people reach for that mean one of the language's words.
fn synonym(wrong: &str, words: &[&str]) -> Option<String> {
    let meant = match wrong {
        "and" | "both" | "every" => "all",
        "or" | "either" | "one_of" => "any",
        "then" | "sequence" | "chain" => "seq",
        "avg" | "average" => "mean",
        "monthly" => "month",
        "quarterly" => "quarter",
        "yearly" | "annual" | "annually" => "year",
        "weekly" => "week",
        "daily" => "day",
        "org" | "company" => "organization",
        "vendor" => "supplier",
        _ => return None,
    };
    words
        .contains(&meant)
        .then(|| format!("did you mean `{meant}`?"))
}

/// Reports a clause written twice.
pub fn repeated(cx: &mut Cx<'_>, what: &str, first: abide_syntax::Span, again: abide_syntax::Span) {
    cx.push(
        diag::error(
            codes::REPEATED_CLAUSE,
            cx.file,
            again,
            format!("{what} is given twice"),
            "given again here",
        )
        .also(cx.file, first, "first given here")
        .help("keep one of them"),
    );
}
