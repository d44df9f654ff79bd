//! Versions and document layering (LANGUAGE.md §7): `supersedes` chains,
//! validity gaps and overlaps, `extends`, `prevails over` and `below`,
//! precedence cycles and `layer-loosens`.

use abide_syntax::ast;

use super::Cx;

/// Checks the version and layering clauses of one agreement.
pub fn agreement(_cx: &mut Cx<'_>, _a: &ast::Agreement) {}
