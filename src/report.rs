//! Showing what a build or check found: grouped per municipality for people, or as
//! JSON for tools.

use std::collections::BTreeMap;
use std::path::Component;

use serde::Serialize;

use crate::build::Report;
use crate::diagnostic::Diagnostic;
use crate::load::MUNICIPALITIES_DIR;

/// The municipality a diagnostic belongs to (its folder name), or `None` for shared
/// content and the theme.
pub fn municipality_of(diagnostic: &Diagnostic) -> Option<String> {
    let mut parts = diagnostic.loc.file.components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(first)), Some(Component::Normal(slug)))
            if first == MUNICIPALITIES_DIR =>
        {
            Some(slug.to_string_lossy().into_owned())
        }
        _ => None,
    }
}

/// The heading for diagnostics outside any municipality.
pub const SHARED: &str = "(shared content and theme)";

/// Diagnostics by municipality, in name order; shared content and the theme first.
pub fn grouped(report: &Report) -> BTreeMap<String, Vec<&Diagnostic>> {
    let mut groups: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for diagnostic in &report.diagnostics.items {
        let key = municipality_of(diagnostic).unwrap_or_else(|| SHARED.to_string());
        groups.entry(key).or_default().push(diagnostic);
    }
    groups
}

/// Everything found, for people: a heading per municipality, then each diagnostic
/// with the source line it points at.
pub fn to_text(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for (group, diagnostics) in grouped(report) {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        out.push_str(&format!(
            "== {group}: {errors} error(s), {warnings} warning(s)\n\n"
        ));
        for diagnostic in diagnostics {
            out.push_str(&report.sources.render(diagnostic, color));
            out.push_str("\n\n");
        }
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    municipalities: usize,
    errors: usize,
    warnings: usize,
    groups: BTreeMap<String, Vec<&'a Diagnostic>>,
}

/// Everything found, for tools: `{municipalities, errors, warnings, groups: {slug:
/// [{severity, loc: {file, line, column}, message, help}]}}`.
pub fn to_json(report: &Report) -> String {
    let json = JsonReport {
        municipalities: report.municipalities,
        errors: report.diagnostics.errors().count(),
        warnings: report.diagnostics.warnings().count(),
        groups: grouped(report),
    };
    serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Loc;

    #[test]
    fn grouped_per_municipality_and_as_json() {
        let mut report = Report::default();
        report.diagnostics.push(Diagnostic::error(
            Loc::new("municipalities/modum/site.yaml", 3, 1),
            "bad",
        ));
        report.diagnostics.push(Diagnostic::warning(
            Loc::new("content/guidance.yaml", 1, 1),
            "odd",
        ));
        let groups = grouped(&report);
        assert_eq!(
            groups.keys().collect::<Vec<_>>(),
            ["(shared content and theme)", "modum"]
        );
        let json: serde_json::Value = serde_json::from_str(&to_json(&report)).expect("json");
        assert_eq!(json["errors"], 1);
        assert_eq!(json["groups"]["modum"][0]["loc"]["line"], 3);
        assert_eq!(json["groups"]["modum"][0]["severity"], "error");
        assert!(to_text(&report, false).contains("== modum: 1 error(s), 0 warning(s)"));
    }
}
