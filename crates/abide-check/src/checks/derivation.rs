//! Ordered scales and derived priorities (LANGUAGE.md §7 "deriving
//! priority"): `scale` declarations, priority matrices (total and
//! monotone) and threshold forms (ordered, no overlap), `unused-priority`.

use abide_syntax::ast;

use super::Cx;

/// Checks a `scale` declaration.
pub fn scale(_cx: &mut Cx<'_>, _s: &ast::Scale) {}

/// Checks the derivation (`from …` and `when …`) of a `priorities` scale.
pub fn priorities(_cx: &mut Cx<'_>, _p: &ast::Priorities) {}
