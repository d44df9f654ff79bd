//! The workspace namespace: which file declares which top-level name.
//!
//! Built from position-free summaries ([`item_index`]), so an edit that only
//! moves text around backdates here and nothing downstream re-runs.

use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;

use abide_db::{Db, SourceFile, Workspace};
use abide_syntax::ast::{self, AgreementKind, SmolStr};
use smallvec::SmallVec;

/// The kind of a top-level declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemTag {
    /// `party`
    Party,
    /// `service`
    Service,
    /// `calendar`
    Calendar,
    /// `metric`
    Metric,
    /// `priorities`
    Priorities,
    /// `scale` (v0.2)
    Scale,
    /// `sla`, `ola`, `xla` or `contract`
    Agreement(AgreementKind),
}

impl ItemTag {
    /// "a party", "an agreement (sla)".
    #[must_use]
    pub fn article(self) -> String {
        match self {
            ItemTag::Party => "a party".into(),
            ItemTag::Service => "a service".into(),
            ItemTag::Calendar => "a calendar".into(),
            ItemTag::Metric => "a metric".into(),
            ItemTag::Priorities => "a priority scale".into(),
            ItemTag::Scale => "an ordered scale".into(),
            ItemTag::Agreement(k) => match k {
                AgreementKind::Sla => "an SLA".into(),
                AgreementKind::Ola => "an OLA".into(),
                AgreementKind::Xla => "an XLA".into(),
                AgreementKind::Contract => "a contract".into(),
            },
        }
    }

    /// The tag of an AST item.
    #[must_use]
    pub fn of(kind: &ast::ItemKind) -> Self {
        match kind {
            ast::ItemKind::Party(_) => ItemTag::Party,
            ast::ItemKind::Service(_) => ItemTag::Service,
            ast::ItemKind::Calendar(_) => ItemTag::Calendar,
            ast::ItemKind::Metric(_) => ItemTag::Metric,
            ast::ItemKind::Priorities(_) => ItemTag::Priorities,
            ast::ItemKind::Scale(_) => ItemTag::Scale,
            ast::ItemKind::Agreement(a) => ItemTag::Agreement(a.kind),
        }
    }
}

/// A declaration's name and kind, without its position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemSig {
    /// The declared name.
    pub name: SmolStr,
    /// Its kind.
    pub tag: ItemTag,
}

/// The names a file declares, in order.
#[salsa::tracked(returns(ref))]
pub fn item_index(db: &dyn Db, file: SourceFile) -> Vec<ItemSig> {
    abide_db::parse(db, file)
        .file
        .items
        .iter()
        .map(|i| ItemSig {
            name: i.name().text.clone(),
            tag: ItemTag::of(&i.kind),
        })
        .collect()
}

/// Where a name is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decl {
    /// The declaring file.
    pub file: SourceFile,
    /// What it declares.
    pub tag: ItemTag,
}

/// The workspace namespace: every name with all its declarations, the
/// prelude's first, then the files' in workspace order.
///
/// Hashed, for lookups (every reference of every file is looked up here),
/// and kept in name order, for iteration (suggestions, completion).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    names: IndexMap<SmolStr, Decls, FxBuildHasher>,
    /// The names declared more than once (an error), in name order.
    repeated: Vec<SmolStr>,
}

/// A name's declarations: one, inline, for nearly every name (a second is
/// an error), so that the namespace holds no list per name.
type Decls = SmallVec<[Decl; 1]>;

impl Scope {
    /// The declaration a reference resolves to (the first one).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<Decl> {
        self.names.get(name).and_then(|d| d.first().copied())
    }

    /// Every declaration of a name.
    #[must_use]
    pub fn all(&self, name: &str) -> &[Decl] {
        self.names.get(name).map_or(&[], SmallVec::as_slice)
    }

    /// The names declared more than once (an error, reported where they
    /// are declared): workspace facts gathered file by file without the
    /// namespace leave these out where they are not the first declaration.
    #[must_use]
    pub fn repeated(&self) -> &[SmolStr] {
        &self.repeated
    }

    /// Every name with its declarations.
    pub fn iter(&self) -> impl Iterator<Item = (&SmolStr, &[Decl])> {
        self.names.iter().map(|(n, d)| (n, d.as_slice()))
    }

    /// The closest declared name of one of `tags` to `wrong`, for "did you mean".
    #[must_use]
    pub fn suggest(&self, wrong: &str, tags: &[ItemTag]) -> Option<String> {
        crate::suggest::closest(
            wrong,
            self.names
                .iter()
                .filter(|(_, d)| d.first().is_some_and(|d| tags.contains(&d.tag)))
                .map(|(n, _)| n.as_str()),
        )
    }
}

/// The namespace of a workspace, prelude included.
#[salsa::tracked(returns(ref))]
pub fn global_scope(db: &dyn Db, ws: Workspace) -> Scope {
    // Built in place and sorted once: a sorted copy on the side would be
    // the namespace again, at the moment every tree is still in memory.
    let prelude = db.prelude();
    let files = || std::iter::once(&prelude).chain(ws.files(db).iter());
    // Sized up front: growing by doubling would hold the old table and the
    // new one at once.
    let count = files().map(|&f| item_index(db, f).len()).sum();
    let mut names: IndexMap<SmolStr, Decls, FxBuildHasher> =
        IndexMap::with_capacity_and_hasher(count, FxBuildHasher);
    for &file in files() {
        for sig in item_index(db, file) {
            names
                .entry(sig.name.clone())
                .or_default()
                .push(Decl { file, tag: sig.tag });
        }
    }
    names.sort_unstable_keys();
    let repeated = names
        .iter()
        .filter(|(_, d)| d.len() > 1)
        .map(|(n, _)| n.clone())
        .collect();
    Scope { names, repeated }
}
