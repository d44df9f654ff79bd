//! Diagnostics for the editor: the same `check_file` query as the CLI,
//! converted to LSP types. Secondary labels become `relatedInformation`.

use abide_db::{Diagnostic, Severity};
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use crate::session::{Snapshot, range};

/// The diagnostics of the documents open in the editor (published first:
/// the edited document hears back before the rest of the workspace is
/// re-checked).
pub fn open(snap: &Snapshot) -> Vec<(Uri, Vec<lsp::Diagnostic>, Option<i32>)> {
    of(snap, |v| v.is_some())
}

/// The diagnostics of the files not open in the editor.
pub fn closed(snap: &Snapshot) -> Vec<(Uri, Vec<lsp::Diagnostic>, Option<i32>)> {
    of(snap, |v| v.is_none())
}

fn of(
    snap: &Snapshot,
    wanted: impl Fn(Option<i32>) -> bool,
) -> Vec<(Uri, Vec<lsp::Diagnostic>, Option<i32>)> {
    let mut out = Vec::new();
    for (uri, e) in snap.files.values() {
        if !wanted(e.version) {
            continue;
        }
        let diags = abide_check::check_file(&snap.db, e.ws, e.file);
        out.push((
            uri.clone(),
            diags.iter().map(|d| convert(snap, d)).collect(),
            e.version,
        ));
    }
    out
}

/// One diagnostic in LSP form.
#[must_use]
pub fn convert(snap: &Snapshot, d: &Diagnostic) -> lsp::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .filter_map(|l| {
            let uri = snap.uri_of(l.file)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range(&snap.db, l.file, l.span, snap.encoding)),
                message: l.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.clone();
    for n in &d.notes {
        message.push('\n');
        message.push_str(n);
    }
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    lsp::Diagnostic {
        range: range(&snap.db, d.primary.file, d.primary.span, snap.encoding),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_owned())),
        code_description: None,
        source: Some("abide".to_owned()),
        message,
        related_information: if related.is_empty() {
            None
        } else {
            Some(related)
        },
        tags: None,
        data: d
            .help
            .as_ref()
            .map(|h| serde_json::json!({ "help": h, "name": d.name })),
    }
}
