//! The web editor's API (`/admin/api/v1`, Decap CMS's proxy protocol): every file of
//! every municipality survives being opened and saved unchanged, a changed value is
//! written with its type, nothing outside the content files can be read or written,
//! and a build never contains the editor.
//! Fixture: `tests/fixtures/admin/`; every real content file is held to the
//! unchanged save in `tests/content/every_file.rs`.

mod common;

use std::fs;
use std::path::Path;

use serde_json::{json, Value};
use veiviser::serve::admin::{self, api};

fn call(root: &Path, request: Value) -> (u16, Value) {
    api::handle(root, request.to_string().as_bytes())
}

fn ok(root: &Path, request: Value) -> Value {
    let (status, value) = call(root, request.clone());
    assert_eq!(status, 200, "{request}: {value}");
    value
}

/// What Decap sends back for an entry it opened and saved without a change: the data
/// parsed and written out again by its own YAML writer (here serde-saphyr's, which
/// likewise loses comments and formatting), as front matter plus body for Markdown.
fn as_decap_saves(path: &str, data: &str) -> String {
    if path.ends_with(".md") {
        let (front, body) = match veiviser::load::front_matter::split(data) {
            Some(split) => (api::parse_yaml(split.front_matter), split.body.to_string()),
            None => (None, data.to_string()),
        };
        let front = serde_saphyr::to_string(&front.unwrap_or(json!({}))).unwrap();
        format!("---\n{front}---\n{}", body.trim_end())
    } else {
        let value = api::parse_yaml(data).expect("the form's data is YAML");
        serde_saphyr::to_string(&value).unwrap()
    }
}

/// The admin fixture (`tests/fixtures/admin/`) with the repository's shared
/// `content/` and `schemas/`, in a scratch folder the tests may change.
fn copy_content() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo().join("content"), &dir.path().join("content"));
    common::copy_dir(&common::repo().join("schemas"), &dir.path().join("schemas"));
    common::copy_dir(&common::repo().join("tests/fixtures/admin"), dir.path());
    dir
}

fn content_files(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("municipalities"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root.join("content")))
    {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if api::data_file(&rel).is_ok() {
            files.push(rel);
        }
    }
    files.sort();
    files
}

#[test]
fn every_file_opened_and_saved_unchanged_stays_byte_for_byte() {
    let dir = copy_content();
    let root = dir.path();
    let files = content_files(root);
    let of_fixture = files
        .iter()
        .filter(|f| f.starts_with("municipalities/"))
        .count();
    assert!(of_fixture >= 15, "{files:?}");
    for rel in &files {
        let before = fs::read(root.join(rel)).unwrap();
        let entry = ok(
            root,
            json!({ "action": "getEntry", "params": { "path": rel } }),
        );
        let data = entry["data"].as_str().unwrap();
        let raw = as_decap_saves(rel, data);
        ok(
            root,
            json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": rel, "raw": raw }], "assets": [] } }),
        );
        assert!(
            fs::read(root.join(rel)).unwrap() == before,
            "{rel} changed on an unchanged save"
        );
    }
}

#[test]
fn every_guide_and_site_listed_by_folder_or_file_loads() {
    let dir = copy_content();
    let root = dir.path();
    let guides = ok(
        root,
        json!({ "action": "entriesByFolder", "params": { "folder": "municipalities/redigerby/guides", "extension": "yaml", "depth": 1 } }),
    );
    assert_eq!(guides.as_array().unwrap().len(), 1);
    // A bare tool id reaches the form as `{id}`, the one shape a form can show.
    let data = api::parse_yaml(guides[0]["data"].as_str().unwrap()).unwrap();
    let tools: Vec<&Value> = data["levels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["steps"].as_array().into_iter().flatten())
        .flat_map(|s| s["tools"].as_array().into_iter().flatten())
        .collect();
    assert!(!tools.is_empty());
    assert!(tools.iter().all(|t| t["id"].is_string()), "{tools:?}");
    let pages = ok(
        root,
        json!({ "action": "entriesByFolder", "params": { "folder": "municipalities/redigerby/pages", "extension": "md", "depth": 1 } }),
    );
    assert!(pages.as_array().unwrap().len() >= 5);
}

#[test]
fn a_changed_value_is_saved_with_its_type_and_the_rest_kept() {
    let dir = copy_content();
    let root = dir.path();
    let rel = "municipalities/redigerby/site.yaml";
    let original = api::parse_yaml(&fs::read_to_string(root.join(rel)).unwrap()).unwrap();
    let entry = ok(
        root,
        json!({ "action": "getEntry", "params": { "path": rel } }),
    );
    let mut data = api::parse_yaml(entry["data"].as_str().unwrap()).unwrap();
    data["contact"]["phones"][0]["number"] = json!("476 00 000");
    let raw = serde_saphyr::to_string(&data).unwrap();
    ok(
        root,
        json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": rel, "raw": raw }], "assets": [] } }),
    );
    let text = fs::read_to_string(root.join(rel)).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../../schemas/site.schema.json\n"));
    let saved = api::parse_yaml(&text).unwrap();
    assert_eq!(saved["contact"]["phones"][0]["number"], json!("476 00 000"));
    let mut expected = original.clone();
    expected["contact"]["phones"][0]["number"] = json!("476 00 000");
    assert_eq!(saved, expected);

    // A step marked unfilled stays a boolean; a bare tool id stays a bare id.
    let rel = "municipalities/redigerby/guides/handlingsveileder.yaml";
    let original = api::parse_yaml(&fs::read_to_string(root.join(rel)).unwrap()).unwrap();
    let entry = ok(
        root,
        json!({ "action": "getEntry", "params": { "path": rel } }),
    );
    let mut data = api::parse_yaml(entry["data"].as_str().unwrap()).unwrap();
    data["levels"][0]["steps"][0]["title"] = json!("Ny tittel");
    data["levels"][0]["steps"][0]["unfilled"] = json!(true);
    let raw = serde_saphyr::to_string(&data).unwrap();
    ok(
        root,
        json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": rel, "raw": raw }], "assets": [] } }),
    );
    let saved = api::parse_yaml(&fs::read_to_string(root.join(rel)).unwrap()).unwrap();
    let mut expected = original;
    expected["levels"][0]["steps"][0]["title"] = json!("Ny tittel");
    expected["levels"][0]["steps"][0]["unfilled"] = json!(true);
    assert_eq!(saved, expected);
    // And the content still builds.
    let out = dir.path().join("out");
    fs::create_dir_all(dir.path().join("themes")).unwrap();
    common::copy_dir(&common::repo().join("themes"), &dir.path().join("themes"));
    let report = veiviser::build::build(root, &out);
    common::assert_ok(&report);
}

#[test]
fn nothing_outside_the_content_files_is_read_or_written() {
    let dir = copy_content();
    let root = dir.path();
    fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    for path in [
        "secret.txt",
        "../secret.txt",
        "municipalities/redigerby/../../secret.txt",
        "/etc/passwd",
        "themes/default/templates/base.html",
        "municipalities/redigerby/files/../site.yaml",
    ] {
        let (status, _) = call(
            root,
            json!({ "action": "getEntry", "params": { "path": path } }),
        );
        assert_eq!(status, 403, "read {path}");
        let (status, _) = call(
            root,
            json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": path, "raw": "x: 1" }] } }),
        );
        assert_eq!(status, 403, "write {path}");
        let (status, _) = call(
            root,
            json!({ "action": "persistMedia", "params": { "asset": { "path": path, "content": "eA==", "encoding": "base64" } } }),
        );
        assert_eq!(status, 403, "upload {path}");
        let (status, _) = call(
            root,
            json!({ "action": "deleteFile", "params": { "path": path } }),
        );
        assert_eq!(status, 403, "delete {path}");
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("secret.txt")).unwrap(),
        "secret"
    );
    let (status, _) = call(
        root,
        json!({ "action": "entriesByFolder", "params": { "folder": "municipalities/..", "extension": "yaml" } }),
    );
    assert_eq!(status, 403);
}

#[cfg(unix)]
#[test]
fn links_are_never_followed() {
    let dir = copy_content();
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("site.yaml"), "name: outside\n").unwrap();
    // A municipality whose pages folder is a link elsewhere.
    std::os::unix::fs::symlink(outside.path(), root.join("municipalities/nyby/files")).unwrap();
    let (status, _) = call(
        root,
        json!({ "action": "persistMedia", "params": { "asset": { "path": "municipalities/nyby/files/site.yaml", "content": "eA==", "encoding": "base64" } } }),
    );
    assert_eq!(status, 403);
    assert_eq!(
        fs::read_to_string(outside.path().join("site.yaml")).unwrap(),
        "name: outside\n"
    );
    let (status, value) = call(
        root,
        json!({ "action": "getMedia", "params": { "mediaFolder": "municipalities/nyby/files" } }),
    );
    assert_eq!((status, value), (200, json!([])));
}

#[test]
fn uploads_land_in_the_municipalitys_files_folder() {
    let dir = copy_content();
    let root = dir.path();
    let rel = "municipalities/redigerby/files/ny-rutine.pdf";
    let stored = ok(
        root,
        json!({ "action": "persistMedia", "params": { "asset": { "path": rel, "content": "JVBERi0xLjc=", "encoding": "base64" } } }),
    );
    assert_eq!(stored["name"], "ny-rutine.pdf");
    assert_eq!(fs::read(root.join(rel)).unwrap(), b"%PDF-1.7");
    let media = ok(
        root,
        json!({ "action": "getMedia", "params": { "mediaFolder": "municipalities/redigerby/files" } }),
    );
    assert!(media.as_array().unwrap().iter().any(|m| m["path"] == rel));
}

#[test]
fn the_config_has_a_labelled_form_field_for_every_schema_key() {
    let dir = copy_content();
    let config = admin::config::config(dir.path(), "redigerby", admin::API_PATH);
    let names: Vec<&str> = config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["kommunen", "veiledere", "sider", "felles"]);
    let files: Vec<&str> = config["collections"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    for file in [
        "site.yaml",
        "toolbox.yaml",
        "arenas.yaml",
        "pyramid.yaml",
        "home.md",
    ] {
        assert!(
            files.contains(&format!("municipalities/redigerby/{file}").as_str()),
            "{file}"
        );
    }
    // Every key of every schema has a Norwegian label.
    for kind in veiviser::schema::Kind::ALL {
        let schema: Value = serde_json::from_str(&kind.json()).unwrap();
        let mut keys = Vec::new();
        collect_keys(&schema, &mut keys);
        for key in keys {
            assert_ne!(admin::config::label(&key), key, "no label for `{key}`");
        }
    }
    // The phone number is a text field and `unfilled` a checkbox.
    let guide = &config["collections"][1]["fields"];
    let step = find_field(guide, "steps").unwrap();
    assert_eq!(
        find_field(&step["fields"], "unfilled").unwrap()["widget"],
        "boolean"
    );
    assert_eq!(
        find_field(&step["fields"], "title").unwrap()["widget"],
        "string"
    );
    let site = &config["collections"][0]["files"][0]["fields"];
    let contact = find_field(site, "contact").unwrap();
    let phones = find_field(&contact["fields"], "phones").unwrap();
    assert_eq!(
        find_field(&phones["fields"], "number").unwrap()["widget"],
        "string"
    );
    // A text in bokmål and nynorsk is a pair of fields, not one text field.
    let shared = &config["collections"][3]["files"];
    let file = |name: &str| {
        shared
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no shared file `{name}`"))
    };
    let numbers = find_field(&file("nasjonale-numre")["fields"], "numbers").unwrap();
    assert_lang_text(find_field(&numbers["fields"], "label").unwrap());
    let glossary = file("ordliste");
    assert_eq!(glossary["file"], "content/ordliste.yaml");
    let terms = find_field(&glossary["fields"], "terms").unwrap();
    assert_lang_text(find_field(&terms["fields"], "word").unwrap());
    assert_lang_text(find_field(&terms["fields"], "definition").unwrap());
}

fn assert_lang_text(field: &Value) {
    assert_eq!(field["widget"], "object", "{field}");
    let names: Vec<&str> = field["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["nb", "nn"], "{field}");
}

/// A municipality's own glossary is one of its files; its terms are a list with a
/// field for each key.
#[test]
fn a_municipalitys_glossary_is_edited_with_its_settings() {
    let dir = copy_content();
    let config = admin::config::config(dir.path(), "nyby", admin::API_PATH);
    let glossary = config["collections"][0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "municipalities/nyby/ordliste.yaml")
        .expect("the glossary is among the municipality's files");
    let terms = find_field(&glossary["fields"], "terms").unwrap();
    assert_eq!(terms["widget"], "list");
    assert_eq!(
        find_field(&terms["fields"], "definition").unwrap()["widget"],
        "text"
    );
    assert_eq!(
        find_field(&glossary["fields"], "hide").unwrap()["widget"],
        "list"
    );
}

fn find_field<'a>(fields: &'a Value, name: &str) -> Option<&'a Value> {
    let fields = fields.as_array()?;
    for field in fields {
        if field["name"] == name {
            return Some(field);
        }
        if let Some(found) = find_field(&field["fields"], name) {
            return Some(found);
        }
    }
    None
}

fn collect_keys(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                out.extend(properties.keys().cloned());
            }
            map.values().for_each(|v| collect_keys(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_keys(v, out)),
        _ => {}
    }
}

/// The embedded bundle is the npm package's, file for file, at the version
/// package.json pins (checked when `npm ci` has installed it).
#[test]
fn the_vendored_bundle_is_the_pinned_npm_package() {
    let repo = common::repo();
    let package: Value =
        serde_json::from_str(&fs::read_to_string(repo.join("package.json")).unwrap()).unwrap();
    assert_eq!(
        package["devDependencies"]["decap-cms"],
        admin::DECAP_VERSION
    );
    let vendored: Value = serde_json::from_str(
        &fs::read_to_string(repo.join("vendor/decap-cms/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(vendored["version"], admin::DECAP_VERSION);
    assert!(admin::bundle_file("decap-cms.js").is_some_and(|b| b.len() > 1_000_000));
    let dist = repo.join("node_modules/decap-cms/dist");
    if !dist.is_dir() {
        eprintln!("node_modules/decap-cms is not installed: compared with vendor/ only");
    }
    for name in admin::bundle_names() {
        let vendored = fs::read(repo.join("vendor/decap-cms").join(name)).unwrap();
        assert!(
            admin::bundle_file(name) == Some(vendored.as_slice()),
            "{name}"
        );
        if dist.is_dir() {
            assert!(
                fs::read(dist.join(name)).unwrap() == vendored,
                "{name} differs from npm's"
            );
        }
    }
}

#[test]
fn the_build_never_contains_the_editor() {
    let dir = copy_content();
    common::copy_dir(&common::repo().join("themes"), &dir.path().join("themes"));
    let site = dir.path().join("out");
    common::assert_ok(&veiviser::build::build(dir.path(), &site));
    assert!(site.join("redigerby/index.html").is_file());
    assert!(!site.join("admin").exists());
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        assert!(!name.contains("decap"), "{}", entry.path().display());
        assert_ne!(name, "config.yml");
    }
}
