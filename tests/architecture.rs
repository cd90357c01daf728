//! The rules of `docs/architecture.md` that code can break without noticing: who may
//! import whom, and which stage reports what.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use veiviser::diagnostic::Severity;
use veiviser::{check, load, resolve};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Each module of the crate and the modules it may import. The stages read the model
/// (the ground floor, which imports nothing) and the shared `diagnostic` and `format`;
/// a stage never imports a later one, and render, check and write never import load
/// or resolve. The orchestrators (build, serve, the command line) may use anything.
fn allowed() -> BTreeMap<&'static str, &'static [&'static str]> {
    const BASE: &[&str] = &["model", "diagnostic", "format"];
    BTreeMap::from([
        ("model", &[][..]),
        ("diagnostic", &["model"][..]),
        ("format", &[][..]),
        ("load", BASE),
        ("resolve", &["model", "diagnostic", "format", "load"][..]),
        ("check", BASE),
        ("drafts", BASE),
        ("render", &["model", "diagnostic", "format", "forms"][..]),
        ("forms", BASE),
        ("write", BASE),
        ("schema", &["model", "load"][..]),
    ])
}

/// The crate modules a source file names (`crate::x`), outside comments.
fn imports(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found
}

fn module_of(file: &Path, src: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn modules_import_only_what_the_architecture_allows() {
    let src = repo().join("src");
    let allowed = allowed();
    let mut violations = Vec::new();
    let mut looked_at = 0;
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Some(module) = module_of(entry.path(), &src) else {
            continue;
        };
        let Some(may) = allowed.get(module.as_str()) else {
            continue;
        };
        looked_at += 1;
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for imported in imports(&text) {
            if imported != module && !may.contains(&imported.as_str()) {
                violations.push(format!(
                    "{} imports crate::{imported}",
                    entry
                        .path()
                        .strip_prefix(repo())
                        .unwrap_or(entry.path())
                        .display()
                ));
            }
        }
    }
    assert!(looked_at > 50, "only {looked_at} files looked at");
    assert!(
        violations.is_empty(),
        "imports against docs/architecture.md:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_import_rule_sees_a_forbidden_import() {
    let text =
        "use crate::model::Loc;\n// use crate::load::x;\nlet t = crate::resolve::paths::HOME;";
    assert_eq!(imports(text), ["model", "resolve"]);
}

/// Every content root the tests know: the real municipalities and every fixture site,
/// valid or broken.
fn content_roots() -> Vec<PathBuf> {
    let mut roots = vec![repo()];
    for entry in walkdir::WalkDir::new(repo().join("tests/fixtures")).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_dir() && entry.path().join("municipalities").is_dir() {
            roots.push(entry.path().to_path_buf());
        }
    }
    roots
}

/// Errors are load's (a file's syntax and shape) and resolve's (references, ids, the
/// model's integrity); check only advises. Held on every site the tests have, the
/// broken ones included.
#[test]
fn check_gives_advice_and_never_an_error() {
    let roots = content_roots();
    assert!(roots.len() > 20, "{roots:?}");
    let mut warned = 0;
    for root in roots {
        let loaded = load::load_only(&root, None);
        let (model, _) = resolve::resolve(&loaded);
        let advice = check::check(&model);
        warned += advice.items.len();
        for d in &advice.items {
            assert_eq!(
                d.severity,
                Severity::Warning,
                "{}: check reported an error: {d}",
                root.display()
            );
        }
    }
    assert!(warned > 0, "check warned about nothing at all");
}
