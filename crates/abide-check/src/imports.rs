//! The per-file firewall: every model one file's checks read, resolved once.
//!
//! After an edit, salsa re-validates a memo by walking its dependencies.
//! If each file's checks depended on every name they read (one query per
//! name) and on one alignment query per agreement, re-checking a workspace
//! would walk O(agreements) dependencies even when one file changed. So a
//! file's checks read their models from [`file_imports`] instead: one
//! dependency, on a position-free map from name to model. An edit elsewhere
//! re-runs `file_imports` of the files that read from the edited file (a
//! few map lookups); when the models they read are equal, the result is
//! backdated and the file's checks are not re-run, nor even walked.
//!
//! The imports are a superset chosen syntactically (every name the file
//! refers to, plus what the alignment of its agreements reads from their
//! supporters). A name outside them is still answered exactly, through the
//! per-name [`item_model`] query: the firewall decides only how much is
//! re-validated, never what a check sees.

use rustc_hash::FxHashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use abide_db::{Db, SourceFile, Workspace};
use abide_syntax::ast::SmolStr;

use crate::ide::file_refs;
use crate::model::{
    AgreementModel, CalendarModel, ItemModel, MetricModel, Name, PartyModel, file_models,
    item_model,
};
use crate::scope::global_scope;

/// The models a file's checks read: name → model (`None`: not declared).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imports {
    models: FxHashMap<SmolStr, Option<Arc<ItemModel>>>,
}

/// How deep the alignment reads through `supported by`: the file's own
/// agreements (0) read their supporters (1), whose targets' metrics and
/// calendars are read too; nothing further.
const SUPPORT_DEPTH: u8 = 1;

/// The models `file`'s checks read, resolved through the workspace scope.
#[salsa::tracked(returns(ref))]
pub fn file_imports(db: &dyn Db, ws: Workspace, file: SourceFile) -> Imports {
    let scope = global_scope(db, ws);
    // Names borrow from the queries' memos: a name is copied once, when kept.
    let mut queue: Vec<(&str, u8)> = file_refs(db, ws, file)
        .iter()
        .map(|n| (n.as_str(), 0))
        .collect();
    // The calendar of a target that names none.
    queue.push(("always", 0));
    // Each name read once: the smallest depth it was reached at, its model.
    let mut seen: FxHashMap<&str, (u8, Option<&Arc<ItemModel>>)> = FxHashMap::default();
    seen.reserve(queue.len() * 2);
    while let Some((name, depth)) = queue.pop() {
        // Visit each name once, at the smallest depth it is reached.
        let model = match seen.get_mut(name) {
            Some((d, _)) if *d <= depth => continue,
            Some((d, model)) => {
                *d = depth;
                *model
            }
            None => {
                let model = scope
                    .get(name)
                    .and_then(|d| file_models(db, d.file).get(name));
                seen.insert(name, (depth, model));
                model
            }
        };
        if let Some(ItemModel::Agreement(a)) = model.map(|m| &**m) {
            reads_of(a, depth, &mut queue);
        }
    }
    let models = seen
        .into_iter()
        .map(|(name, (_, model))| (SmolStr::new(name), model.cloned()))
        .collect();
    Imports { models }
}

/// Queues what checking an agreement at `depth` reads: its service and
/// parties, its targets' metrics and calendars, and (above the support
/// depth) its supporters.
fn reads_of<'a>(a: &'a AgreementModel, depth: u8, queue: &mut Vec<(&'a str, u8)>) {
    let next = depth + 1;
    queue.push((&a.service, next));
    for t in &a.targets {
        if let Some(m) = &t.metric {
            queue.push((m, next));
        }
        queue.push((t.calendar_name(), next));
        if depth < SUPPORT_DEPTH
            && let Some(s) = &t.support
        {
            s.for_each_path(|agreement, _| queue.push((agreement, next)));
        }
    }
}

/// Lookups that missed a file's imports (a diagnostic for benchmarks: a
/// miss costs one more dependency per name, never a wrong answer).
static MISSES: AtomicU64 = AtomicU64::new(0);

/// How many model lookups of checks missed their file's imports since the
/// process started.
#[doc(hidden)]
pub fn import_misses() -> u64 {
    MISSES.load(Ordering::Relaxed)
}

/// Resolves names to models: from one file's imports when checking that
/// file, else from the workspace, name by name.
#[derive(Clone, Copy)]
pub struct Models<'db> {
    db: &'db dyn Db,
    ws: Workspace,
    imports: Option<&'db Imports>,
}

impl<'db> Models<'db> {
    /// Lookups for the checks of `file`, through its imports.
    #[must_use]
    pub fn of_file(db: &'db dyn Db, ws: Workspace, file: SourceFile) -> Self {
        Self {
            db,
            ws,
            imports: Some(file_imports(db, ws, file)),
        }
    }

    /// Lookups outside any file (reports, editor queries), name by name.
    #[must_use]
    pub fn workspace(db: &'db dyn Db, ws: Workspace) -> Self {
        Self {
            db,
            ws,
            imports: None,
        }
    }

    /// The model `name` resolves to.
    #[must_use]
    pub fn model(&self, name: &str) -> Option<&'db ItemModel> {
        if let Some(imports) = self.imports {
            if let Some(m) = imports.models.get(name) {
                return m.as_deref();
            }
            MISSES.fetch_add(1, Ordering::Relaxed);
        }
        item_model(self.db, self.ws, Name::new(self.db, name.to_owned())).as_deref()
    }

    /// An agreement model by name.
    #[must_use]
    pub fn agreement(&self, name: &str) -> Option<&'db Arc<AgreementModel>> {
        match self.model(name) {
            Some(ItemModel::Agreement(a)) => Some(a),
            _ => None,
        }
    }

    /// A metric model by name.
    #[must_use]
    pub fn metric(&self, name: &str) -> Option<&'db MetricModel> {
        match self.model(name) {
            Some(ItemModel::Metric(m)) => Some(m),
            _ => None,
        }
    }

    /// A calendar model by name.
    #[must_use]
    pub fn calendar(&self, name: &str) -> Option<&'db CalendarModel> {
        match self.model(name) {
            Some(ItemModel::Calendar(c)) => Some(c),
            _ => None,
        }
    }

    /// A party model by name.
    #[must_use]
    pub fn party(&self, name: &str) -> Option<&'db PartyModel> {
        match self.model(name) {
            Some(ItemModel::Party(p)) => Some(p),
            _ => None,
        }
    }
}
