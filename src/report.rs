//! Showing what a build or check found: grouped per municipality for people, or as
//! JSON for tools.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::build::Report;
use crate::diagnostic::Diagnostic;
use crate::load::MUNICIPALITIES_DIR;

/// The municipality a diagnostic belongs to (its folder name), or `None` for shared
/// content and the theme.
pub fn municipality_of(diagnostic: &Diagnostic) -> Option<String> {
    site_folder_of(&diagnostic.loc.file).map(|slug| slug.to_string_lossy().into_owned())
}

/// The name of the municipality folder `path` lies in (`municipalities/<slug>/…`).
pub fn site_folder_of(path: &Path) -> Option<&std::ffi::OsStr> {
    let mut parts = path.components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(first)), Some(Component::Normal(slug)))
            if first == MUNICIPALITIES_DIR =>
        {
            Some(slug)
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
    let mut out = Vec::new();
    // Writing into memory does not fail, and every piece written is text.
    let _ = write_text(report, color, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`to_text`], written to `out` a municipality at a time: a country's diagnostics
/// (ten thousand for 357 copies of a municipality with 30 warnings) are never all
/// drawn in memory at once. A municipality's are drawn in parallel, then written in
/// the order found.
pub fn write_text(report: &Report, color: bool, out: &mut impl Write) -> std::io::Result<()> {
    for (group, diagnostics) in grouped(report) {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        write!(
            out,
            "== {group}: {errors} error(s), {warnings} warning(s)\n\n"
        )?;
        let drawn: Vec<String> = diagnostics
            .par_iter()
            .map(|diagnostic| report.sources.render(diagnostic, color))
            .collect();
        for text in drawn {
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n\n")?;
        }
    }
    Ok(())
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

/// Where the content root lies inside the repository, so that CI platforms, which
/// want paths from the repository's root, can place a diagnostic: the path from the
/// nearest folder above `root` that holds `.git` down to `root` (empty when `root` is
/// that folder or no repository is found).
pub fn repository_prefix(root: &Path) -> PathBuf {
    let Ok(root) = root.canonicalize() else {
        return PathBuf::new();
    };
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .and_then(|repo| root.strip_prefix(repo).ok())
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A diagnostic's file as a repository path with forward slashes, or `None` for a
/// path outside the content (an absolute `--out`), which no platform can show.
fn repository_path(file: &Path, prefix: &Path) -> Option<String> {
    if file.as_os_str().is_empty() || file.is_absolute() {
        return None;
    }
    let parts: Vec<String> = prefix
        .join(file)
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Some(parts.join("/"))
}

/// A diagnostic's text for a platform that shows one message: what is wrong, then
/// how to fix it.
fn message_with_help(diagnostic: &Diagnostic) -> String {
    match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

/// GitHub's escaping of a workflow command's message: `%`, CR and LF.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value: the message's, plus
/// `:` and `,`, which separate properties.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Everything found, as GitHub Actions workflow commands, one a line:
/// `::error file=…,line=…,col=…,title=…::message`, which the runner shows as
/// annotations on the files (in a pull request, on the changed lines). `prefix` is
/// [`repository_prefix`].
pub fn to_github(report: &Report, prefix: &Path) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics.items {
        let command = if diagnostic.is_error() {
            "error"
        } else {
            "warning"
        };
        let mut properties = Vec::new();
        if let Some(path) = repository_path(&diagnostic.loc.file, prefix) {
            properties.push(format!("file={}", github_property(&path)));
            if diagnostic.loc.line > 0 {
                properties.push(format!("line={}", diagnostic.loc.line));
                properties.push(format!("col={}", diagnostic.loc.column.max(1)));
            }
        }
        let title = match municipality_of(diagnostic) {
            Some(slug) => format!("veiviser check: {slug}"),
            None => "veiviser check".to_string(),
        };
        properties.push(format!("title={}", github_property(&title)));
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            github_data(&message_with_help(diagnostic))
        ));
    }
    out
}

/// A stable 64-bit FNV-1a hash, hex: the same finding gets the same fingerprint in
/// every pipeline, so GitLab can tell new findings from old ones.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        // A separator that cannot occur in a part keeps ("ab","c") apart from ("a","bc").
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[derive(Serialize)]
struct CodeQualityIssue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation,
}

#[derive(Serialize)]
struct CodeQualityLocation {
    path: String,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: usize,
}

/// Everything found, as a GitLab Code Quality report: a JSON array of issues with
/// `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
/// `location.lines.begin`, which GitLab shows in merge requests when a job publishes
/// it as `artifacts: reports: codequality`. Errors are `major`, warnings `minor`.
/// `prefix` is [`repository_prefix`]; a finding outside the repository is reported at
/// the content root.
pub fn to_gitlab(report: &Report, prefix: &Path) -> String {
    let issues: Vec<CodeQualityIssue> = report
        .diagnostics
        .items
        .iter()
        .map(|diagnostic| {
            let (check_name, severity) = if diagnostic.is_error() {
                ("veiviser/error", "major")
            } else {
                ("veiviser/warning", "minor")
            };
            let path = repository_path(&diagnostic.loc.file, prefix)
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| ".".to_string());
            let line = diagnostic.loc.line.max(1);
            CodeQualityIssue {
                description: message_with_help(diagnostic),
                check_name,
                fingerprint: fingerprint(&[
                    check_name,
                    &path,
                    &line.to_string(),
                    &diagnostic.message,
                ]),
                severity,
                location: CodeQualityLocation {
                    path,
                    lines: CodeQualityLines { begin: line },
                },
            }
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string())
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

    /// Drawn in parallel, every diagnostic still comes under its own heading, in the
    /// order found.
    #[test]
    fn text_puts_each_diagnostic_under_its_municipality_in_order() {
        let mut report = Report::default();
        let slugs = [
            "nesbyen",
            "modum",
            "nesbyen",
            "ovre-eiker",
            "modum",
            "modum",
        ];
        for (i, slug) in slugs.iter().enumerate() {
            report.diagnostics.push(Diagnostic::warning(
                Loc::new(format!("municipalities/{slug}/site.yaml"), i + 1, 1),
                format!("finding {i} of {slug}"),
            ));
        }
        let text = to_text(&report, false);
        let order: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with("== ") || line.starts_with("warning: "))
            .collect();
        assert_eq!(
            order,
            [
                "== modum: 0 error(s), 3 warning(s)",
                "warning: finding 1 of modum",
                "warning: finding 4 of modum",
                "warning: finding 5 of modum",
                "== nesbyen: 0 error(s), 2 warning(s)",
                "warning: finding 0 of nesbyen",
                "warning: finding 2 of nesbyen",
                "== ovre-eiker: 0 error(s), 1 warning(s)",
                "warning: finding 3 of ovre-eiker",
            ]
        );
    }

    #[test]
    fn github_commands_escape_as_github_documents() {
        assert_eq!(github_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        let mut report = Report::default();
        report.diagnostics.push(
            Diagnostic::error(
                Loc::new("municipalities/modum/site.yaml", 3, 0),
                "unknown key `titel`, expected one of name, title",
            )
            .help("fix: 50% of it"),
        );
        report
            .diagnostics
            .push(Diagnostic::warning(Loc::file("/tmp/out"), "outside"));
        assert_eq!(
            to_github(&report, Path::new("site")),
            "::error file=site/municipalities/modum/site.yaml,line=3,col=1,title=veiviser check%3A modum::unknown key `titel`, expected one of name, title%0Ahelp: fix: 50%25 of it\n\
             ::warning title=veiviser check::outside\n"
        );
    }

    #[test]
    fn gitlab_issues_have_the_code_quality_shape_and_stable_fingerprints() {
        let mut report = Report::default();
        report.diagnostics.push(Diagnostic::error(
            Loc::new("municipalities/modum/site.yaml", 3, 1),
            "bad",
        ));
        report.diagnostics.push(Diagnostic::warning(
            Loc::file("content/guidance.yaml"),
            "odd",
        ));
        let json: serde_json::Value =
            serde_json::from_str(&to_gitlab(&report, Path::new(""))).expect("json");
        let issues = json.as_array().expect("an array");
        assert_eq!(issues.len(), 2);
        assert_eq!(issues[0]["severity"], "major");
        assert_eq!(issues[0]["check_name"], "veiviser/error");
        assert_eq!(
            issues[0]["location"]["path"],
            "municipalities/modum/site.yaml"
        );
        assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
        assert_eq!(issues[1]["severity"], "minor");
        assert_eq!(
            issues[1]["location"]["lines"]["begin"], 1,
            "a whole file is line 1"
        );
        assert_eq!(issues[0]["fingerprint"].as_str().map(str::len), Some(16));
        assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
        // The same finding: the same fingerprint, run after run.
        assert_eq!(
            to_gitlab(&report, Path::new("")),
            to_gitlab(&report, Path::new(""))
        );
        assert_eq!(fingerprint(&["a", "bc"]), fingerprint(&["a", "bc"]));
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }
}
