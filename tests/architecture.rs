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

/// Test files that may read the real `municipalities/` outside `tests/content/`, and
/// why. Every other test file tests the generator on fixture sites, so that an editor
/// changing a real guide (Øvre Eiker gaining a step 3.4) breaks only content tests.
const MAY_READ_REAL_CONTENT: &[(&str, &str)] = &[
    // `check_gives_advice_and_never_an_error` runs `check` on the real municipalities
    // beside every fixture: it holds a rule of the generator (check only advises) and
    // asserts nothing of the content, so no change to a guide can break it. This file
    // also spells out the patterns the rule below looks for.
    ("tests/architecture.rs", "check runs on every content root"),
    // Defines `built_site()` and `built_site_with_drafts()` for the content tests. It is
    // compiled into every test binary, but only `tests/content/` may call them (the
    // rule below finds any other caller).
    ("tests/common/mod.rs", "the content tests' helpers"),
];

/// Why a test file's code reads the real content, if it does: it builds them
/// (`built_site`), names a path under `municipalities/` from the repository's root,
/// hands the repository's root over as a content root, computes a path from the root
/// that a reader cannot see (`repo().join(top)`), or names a real municipality.
fn reads_real_content(text: &str, real_slugs: &[String]) -> Vec<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    if code.contains("built_site") {
        found.push("builds the real sites (`built_site`)".to_string());
    }
    // Names that hold the repository's root: `repo()` and `let x = repo();`.
    let mut roots = vec!["repo()".to_string()];
    for line in code.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("let ") {
            if let Some((name, value)) = rest.split_once('=') {
                let value = value.trim();
                if value == "repo();" || value == "common::repo();" {
                    roots.push(name.trim().to_string());
                }
            }
        }
    }
    for root in &roots {
        for (i, _) in code.match_indices(root.as_str()) {
            let before = code[..i].chars().next_back();
            if root != "repo()"
                && before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            {
                continue;
            }
            let after = code[i + root.len()..].trim_start();
            if let Some(argument) = after.strip_prefix(".join(") {
                let argument = argument.trim_start();
                // A constant (`schema::SCHEMAS_DIR`) names its path as plainly as a literal.
                let constant: String = argument
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let constant = constant.rsplit("::").next().unwrap_or_default();
                match argument.strip_prefix('"') {
                    Some(literal) if literal.starts_with("municipalities") => {
                        found.push(format!("reads `{root}.join(\"municipalities…\")`"));
                    }
                    Some(_) => {}
                    None if !constant.is_empty()
                        && constant.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                        && constant != "MUNICIPALITIES_DIR" => {}
                    None => found.push(format!(
                        "computes a path from the repository's root (`{root}.join(…)`); name it as a literal"
                    )),
                }
            } else if root == "repo()" && after.starts_with([',', ')', ']']) {
                found.push("hands the repository's root over as a content root".to_string());
            }
        }
    }
    for slug in real_slugs {
        for pattern in [
            format!("\"{slug}\""),
            format!("\"{slug}/"),
            format!("/{slug}\""),
            format!("/{slug}/"),
        ] {
            if code.contains(&pattern) {
                found.push(format!("names the real municipality `{slug}`"));
                break;
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_rule_on_real_content_sees_each_way_of_reading_it() {
    let slugs = ["ovre-eiker".to_string()];
    let sees = |code: &str| !reads_real_content(code, &slugs).is_empty();
    assert!(sees("let site = common::built_site();"));
    assert!(sees(
        "copy_dir(&common::repo().join(\"municipalities\"), &to);"
    ));
    assert!(sees("build::build(&common::repo(), &out);"));
    assert!(sees("let roots = vec![repo()];"));
    assert!(sees(
        "for top in TOPS { copy_dir(&common::repo().join(top), &to) }"
    ));
    assert!(sees(
        "let r = common::repo();\nr.join(\"municipalities/x\");"
    ));
    assert!(sees("read(&out.join(\"ovre-eiker/index.html\"))"));
    assert!(sees("read(&out.join(\"ovre-eiker\"))"));
    // Fixtures, the theme, shared content and comments are not the real sites.
    assert!(!sees(
        "copy_dir(&common::repo().join(\"tests/fixtures\").join(name), root);"
    ));
    assert!(!sees("copy_dir(&common::repo().join(\"themes\"), &root);"));
    assert!(!sees(
        "let repo = common::repo();\nrepo.join(\"package.json\");"
    ));
    assert!(!sees("let dir = common::repo().join(schema::SCHEMAS_DIR);"));
    assert!(sees(
        "let dir = common::repo().join(load::MUNICIPALITIES_DIR);"
    ));
    assert!(!sees(
        "// like ovre-eiker/ in the real content\nfixture.build();"
    ));
}

/// Generator tests never read the real `municipalities/`: only `tests/content/` and
/// the files allowed above do, so that a change to a real guide breaks content tests
/// only.
#[test]
fn generator_tests_do_not_read_the_real_municipalities() {
    let mut real_slugs: Vec<String> = std::fs::read_dir(repo().join("municipalities"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    real_slugs.sort();
    assert!(real_slugs.len() >= 5, "{real_slugs:?}");
    let tests = repo().join("tests");
    let mut looked_at = 0;
    let mut violations = Vec::new();
    for entry in walkdir::WalkDir::new(&tests).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || path.starts_with(tests.join("content")) {
            continue;
        }
        let rel = path
            .strip_prefix(repo())
            .unwrap_or(path)
            .display()
            .to_string();
        looked_at += 1;
        if MAY_READ_REAL_CONTENT.iter().any(|(file, _)| *file == rel) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for why in reads_real_content(&text, &real_slugs) {
            violations.push(format!("{rel} {why}"));
        }
    }
    assert!(looked_at > 20, "only {looked_at} test files looked at");
    assert!(
        violations.is_empty(),
        "generator tests that read the real municipalities (move them to tests/content/ or \
         rewrite them on a fixture under tests/fixtures/):\n{}",
        violations.join("\n")
    );
}
