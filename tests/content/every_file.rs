//! Every real content file (`municipalities/`, `content/`): it validates against its
//! JSON Schema, names that schema on its first line, and survives the web editor
//! opening and saving it unchanged, byte for byte. The generator's tests hold the
//! schemas and the editor to the loader on fixtures (`tests/schemas.rs`,
//! `tests/admin.rs`); these hold every file the editors have written to them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use veiviser::load::front_matter;
use veiviser::schema::{self, Kind};
use veiviser::serve::admin::api;

use crate::common::repo;

fn content_files() -> Vec<PathBuf> {
    let root = repo();
    let mut files = Vec::new();
    for top in ["municipalities", "content"] {
        for entry in walkdir::WalkDir::new(root.join(top)).sort_by_file_name() {
            let entry = entry.expect("entry");
            if entry.file_type().is_file() {
                files.push(
                    entry
                        .path()
                        .strip_prefix(&root)
                        .expect("inside")
                        .to_path_buf(),
                );
            }
        }
    }
    files
}

/// YAML text as the JSON value a schema is checked against, read as YAML 1.2 (as
/// the loader and VS Code's YAML extension read it: `N` and `no` are strings).
fn yaml_value(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| e.to_string())
}

fn errors(kind: Kind, value: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(&kind.json()).expect("a generated schema is JSON");
    let validator = jsonschema::draft7::new(&schema).expect("a generated schema compiles");
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The YAML of a content file: the whole file, or a page's front matter.
fn yaml_of(kind: Kind, text: &str) -> String {
    if kind == Kind::Page {
        front_matter::split(text)
            .expect("a page has front matter")
            .front_matter
            .to_string()
    } else {
        text.to_string()
    }
}

#[test]
fn every_content_file_validates_against_its_schema() {
    let root = repo();
    let mut checked: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for rel in content_files() {
        let Some(kind) = Kind::of_path(&rel) else {
            continue;
        };
        let text = fs::read_to_string(root.join(&rel)).expect("read");
        let value = match yaml_value(&yaml_of(kind, &text)) {
            Ok(value) => value,
            Err(e) => {
                failures.push(format!("{}: {e}", rel.display()));
                continue;
            }
        };
        for error in errors(kind, &value) {
            failures.push(format!("{}: {error}", rel.display()));
        }
        *checked.entry(kind).or_default() += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every kind of file is there to check, so the test cannot pass by finding none.
    for kind in Kind::ALL {
        assert!(
            checked.get(&kind).copied().unwrap_or(0) > 0,
            "no {kind:?} file checked"
        );
    }
}

#[test]
fn every_yaml_file_names_its_schema_on_its_first_line() {
    let root = repo();
    for rel in content_files() {
        let Some(kind) = Kind::of_path(&rel) else {
            continue;
        };
        if kind == Kind::Page {
            continue;
        }
        let text = fs::read_to_string(root.join(&rel)).expect("read");
        let first = text.lines().next().unwrap_or("");
        assert_eq!(first, schema::modeline(&rel, kind), "{}", rel.display());
        // The line names a schema that is there.
        let target = root
            .join(&rel)
            .parent()
            .expect("parent")
            .join(schema::relative_schema_path(&rel, kind));
        assert!(target.is_file(), "{}", target.display());
    }
}

fn ok(root: &Path, request: Value) -> Value {
    let (status, value) = api::handle(root, request.to_string().as_bytes());
    assert_eq!(status, 200, "{request}: {value}");
    value
}

/// What Decap sends back for an entry it opened and saved without a change: the data
/// parsed and written out again by its own YAML writer (here serde-saphyr's, which
/// likewise loses comments and formatting), as front matter plus body for Markdown.
fn as_decap_saves(path: &str, data: &str) -> String {
    if path.ends_with(".md") {
        let (front, body) = match front_matter::split(data) {
            Some(split) => (api::parse_yaml(split.front_matter), split.body.to_string()),
            None => (None, data.to_string()),
        };
        let front = serde_saphyr::to_string(&front.unwrap_or(json!({}))).expect("YAML");
        format!("---\n{front}---\n{}", body.trim_end())
    } else {
        let value = api::parse_yaml(data).expect("the form's data is YAML");
        serde_saphyr::to_string(&value).expect("YAML")
    }
}

/// Every real content file opened in the web editor and saved unchanged stays byte
/// for byte what it was.
#[test]
fn every_real_file_opened_and_saved_unchanged_stays_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    for top in ["municipalities", "content", "schemas"] {
        crate::common::copy_dir(&repo().join(top), &root.join(top));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("municipalities"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root.join("content")))
    {
        let entry = entry.expect("entry");
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if api::data_file(&rel).is_ok() {
            files.push(rel);
        }
    }
    files.sort();
    assert!(files.len() > 100, "{} files", files.len());
    for rel in &files {
        let before = fs::read(root.join(rel)).expect("read");
        let entry = ok(
            root,
            json!({ "action": "getEntry", "params": { "path": rel } }),
        );
        let data = entry["data"].as_str().expect("data");
        let raw = as_decap_saves(rel, data);
        ok(
            root,
            json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": rel, "raw": raw }], "assets": [] } }),
        );
        assert!(
            fs::read(root.join(rel)).expect("read") == before,
            "{rel} changed on an unchanged save"
        );
    }
}
