//! The v0.2 terms around money and remedies (LANGUAGE.md §7): fees known
//! only at evaluation, credit payment terms, caps over rolling periods and
//! in days of fee, claim anchors, `action` remedies, change governance and
//! error-rate-defined downtime.

use abide_syntax::ast;

use super::Cx;

/// Checks the v0.2 remedy and governance clauses of one agreement.
pub fn agreement(_cx: &mut Cx<'_>, _a: &ast::Agreement) {}
