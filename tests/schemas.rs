//! The JSON Schemas of the content files: committed copies match what the types
//! generate, every content file validates, the schemas accept what the loader accepts
//! and reject what it rejects, and `docs/innhold.md` documents exactly their keys.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use veiviser::load::front_matter;
use veiviser::load::glossary;
use veiviser::load::schema as types;
use veiviser::load::yaml;
use veiviser::schema::{self, Kind};

fn schema_value(kind: Kind) -> Value {
    serde_json::from_str(&kind.json()).expect("a generated schema is JSON")
}

fn validator(kind: Kind) -> jsonschema::Validator {
    jsonschema::draft7::new(&schema_value(kind)).expect("a generated schema compiles")
}

/// YAML text as the JSON value a schema is checked against, read as YAML 1.2 (as
/// the loader and VS Code's YAML extension read it: `N` and `no` are strings).
fn yaml_value(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| e.to_string())
}

fn errors(kind: Kind, value: &Value) -> Vec<String> {
    validator(kind)
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Set `VEIVISER_UPDATE_SCHEMAS=1` to rewrite `schemas/` after changing the types.
#[test]
fn committed_schemas_are_what_the_types_generate() {
    let dir = common::repo().join(schema::SCHEMAS_DIR);
    if std::env::var_os("VEIVISER_UPDATE_SCHEMAS").is_some() {
        fs::create_dir_all(&dir).unwrap();
        for (name, json) in schema::files() {
            fs::write(dir.join(name), json).unwrap();
        }
    }
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for (name, json) in schema::files() {
        expected.insert(name.to_string());
        let committed = fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == json,
            "schemas/{name} differs from what the types generate: run `VEIVISER_UPDATE_SCHEMAS=1 cargo test --test schemas` and commit the result"
        );
    }
    let present: BTreeSet<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        present, expected,
        "schemas/ holds a schema no type generates"
    );
}

/// The content files of a content root (`municipalities/`, `content/`), relative to it.
fn content_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for top in ["municipalities", "content"] {
        if !root.join(top).is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(root.join(top)).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                files.push(entry.path().strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    files
}

/// The valid fixture sites: not those under `invalid/`, nor `keep-going/`, which
/// holds a broken municipality beside a good one on purpose.
fn valid_fixtures() -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = fs::read_dir(common::repo().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("municipalities").is_dir() && !p.ends_with("keep-going"))
        .collect();
    roots.sort();
    roots
}

/// Every file of every valid fixture site (which the loader reads without an error)
/// validates against its schema: the schema accepts what the generator's tests
/// write. The real content is held to it in `tests/content/every_file.rs`.
#[test]
fn every_valid_fixtures_files_validate_against_their_schemas() {
    let mut checked: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let roots = valid_fixtures();
    assert!(roots.len() > 10, "{roots:?}");
    for root in roots {
        for rel in content_files(&root) {
            let Some(kind) = Kind::of_path(&rel) else {
                continue;
            };
            let text = fs::read_to_string(root.join(&rel)).unwrap();
            let shown = root.join(&rel);
            let value = match yaml_value(&yaml_of(kind, &text)) {
                Ok(value) => value,
                Err(e) => {
                    failures.push(format!("{}: {e}", shown.display()));
                    continue;
                }
            };
            for error in errors(kind, &value) {
                failures.push(format!("{}: {error}", shown.display()));
            }
            *checked.entry(kind).or_default() += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for kind in [
        Kind::Site,
        Kind::Guide,
        Kind::Toolbox,
        Kind::Arenas,
        Kind::Pyramid,
        Kind::Guidance,
        Kind::Form,
        Kind::Page,
        Kind::Glossary,
        Kind::LocalGlossary,
    ] {
        assert!(
            checked.get(&kind).copied().unwrap_or(0) > 0,
            "no {kind:?} file checked: {checked:?}"
        );
    }
}

/// A build publishes the schemas under `assets/schemas/`, byte for byte as committed.
#[test]
fn builds_publish_the_schemas() {
    let fixture = common::Fixture::valid();
    common::assert_ok(&fixture.build());
    let site = fixture.out();
    for (file, json) in schema::files() {
        let published = fs::read_to_string(site.join(schema::PUBLISHED_DIR).join(file)).unwrap();
        assert_eq!(published, json, "{file}");
    }
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

/// Whether the loader reads `text` as a `T`.
fn loads<T: serde::de::DeserializeOwned>(text: &str) -> bool {
    yaml::parse::<T>(Path::new("x.yaml"), text, 0).is_ok()
}

fn schema_accepts(kind: Kind, text: &str) -> bool {
    match yaml_value(text) {
        Ok(value) => errors(kind, &value).is_empty(),
        Err(_) => false,
    }
}

/// The shapes the loader reads by hand (a tool given as a string or a mapping) or
/// that serde's attributes decide (defaults, enums, unknown keys): the schema says
/// the same as the loader, both ways.
#[test]
fn the_schema_accepts_what_the_loader_accepts_and_nothing_else() {
    let guide = |step: &str| {
        format!("title: V\nlevels:\n  - level: 1\n    title: N\n    steps:\n      - id: \"1.1\"\n        title: S\n{step}")
    };
    let guide_cases = [
        ("        tools: [samtykke]\n", true),
        (
            "        tools:\n          - id: samtykke\n            note: Ved alvorlig bekymring\n",
            true,
        ),
        (
            "        tools:\n          - { id: samtykke, section: s. 29 }\n",
            true,
        ),
        ("        tools:\n          - { note: uten id }\n", false),
        (
            "        tools:\n          - { id: samtykke, side: 3 }\n",
            false,
        ),
        ("        tools: [[samtykke]]\n", false),
        ("        unfilled: true\n", true),
        ("        unfilled: yes\n", false),
        ("        numbered: false\n", true),
        (
            "        outcomes:\n          - { label: Ja, to: \"level:2\", ends: false }\n",
            true,
        ),
        (
            "        outcomes:\n          - { to: \"level:2\" }\n",
            false,
        ),
        ("        titel: feil\n", false),
    ];
    for (step, accepted) in guide_cases {
        let text = guide(step);
        assert_eq!(loads::<types::GuideFile>(&text), accepted, "loader: {text}");
        assert_eq!(
            schema_accepts(Kind::Guide, &text),
            accepted,
            "schema: {text}"
        );
    }
    let site = |extra: &str| format!("name: A\nlanguage: nb\ntitle: T\n{extra}");
    let site_cases = [
        (
            "contact:\n  phones:\n    - { label: Vakt, number: \"112\" }\n",
            true,
        ),
        (
            "contact:\n  phones:\n    - { label: Chat, channel: chat, url: \"https://x.no\" }\n",
            true,
        ),
        (
            "contact:\n  phones:\n    - { label: Vakt, channel: sms }\n",
            false,
        ),
        (
            "contact:\n  phones:\n    - { label: Vakt, emergency: ja }\n",
            false,
        ),
        ("contact:\n  phones:\n    - { number: \"112\" }\n", false),
        (
            "source: { title: Kilde, url: \"https://x.no\", read: \"2024-01-01\" }\n",
            true,
        ),
        ("source: { url: \"https://x.no\" }\n", false),
        ("colour: \"#005b7f\"\n", false),
    ];
    for (extra, accepted) in site_cases {
        let text = site(extra);
        assert_eq!(loads::<types::SiteFile>(&text), accepted, "loader: {text}");
        assert_eq!(
            schema_accepts(Kind::Site, &text),
            accepted,
            "schema: {text}"
        );
    }
    let page_cases = [
        (
            "title: P\naudience: [child_youth, adult]\ntier: service\n",
            true,
        ),
        ("title: P\naudience: [children]\n", false),
        ("title: P\ntier: kommune\n", false),
        ("title: P\nentry: true\nunfilled: false\n", true),
        ("tier: service\n", false),
    ];
    for (text, accepted) in page_cases {
        assert_eq!(
            loads::<types::PageFrontMatter>(text),
            accepted,
            "loader: {text}"
        );
        assert_eq!(schema_accepts(Kind::Page, text), accepted, "schema: {text}");
    }
    let toolbox_cases = [
        (
            "items:\n  - { id: a, title: A, kind: form, form: samtykke }\n",
            true,
        ),
        ("items:\n  - { id: a, title: A, kind: skjema }\n", false),
        (
            "items:\n  - { id: a, title: A, kind: document, number: 3 }\n",
            true,
        ),
        (
            "items:\n  - { id: a, title: A, kind: document, number: tre }\n",
            false,
        ),
    ];
    for (text, accepted) in toolbox_cases {
        assert_eq!(
            loads::<types::ToolboxFile>(text),
            accepted,
            "loader: {text}"
        );
        assert_eq!(
            schema_accepts(Kind::Toolbox, text),
            accepted,
            "schema: {text}"
        );
    }
    let national_glossary_cases = [
        (
            "terms:\n  - { id: a, word: {nb: A, nn: A}, definition: {nb: D}, source: S }\n",
            true,
        ),
        (
            "terms:\n  - { id: a, word: {nb: A}, forms: [b], definition: {nn: D}, source: S, url: \"https://x.no\" }\n",
            true,
        ),
        ("terms:\n  - { id: a, word: A, definition: {nb: D}, source: S }\n", false),
        ("terms:\n  - { id: a, word: {nb: A}, definition: {nb: D} }\n", false),
        (
            "terms:\n  - { id: a, word: {no: A}, definition: {nb: D}, source: S }\n",
            false,
        ),
        ("hide: [a]\n", false),
    ];
    for (text, accepted) in national_glossary_cases {
        assert_eq!(
            loads::<glossary::NationalGlossary>(text),
            accepted,
            "loader: {text}"
        );
        assert_eq!(
            schema_accepts(Kind::Glossary, text),
            accepted,
            "schema: {text}"
        );
    }
    let local_glossary_cases = [
        ("terms:\n  - { id: a, word: A, definition: D }\n", true),
        ("terms:\n  - { id: a, forms: [b] }\nhide: [c]\n", true),
        ("hide: [c]\n", true),
        ("terms:\n  - { word: A, definition: D }\n", false),
        ("terms:\n  - { id: a, word: {nb: A} }\n", false),
        ("terms:\n  - { id: a, defintion: D }\n", false),
        ("hide: c\n", false),
    ];
    for (text, accepted) in local_glossary_cases {
        assert_eq!(
            loads::<glossary::LocalGlossary>(text),
            accepted,
            "loader: {text}"
        );
        assert_eq!(
            schema_accepts(Kind::LocalGlossary, text),
            accepted,
            "schema: {text}"
        );
    }
}

/// `format:` and `size:` in a toolbox item load (so the build can say on which line
/// they stand and that they are no longer written) but make the build fail: the
/// schema marks them at once.
#[test]
fn retired_toolbox_keys_are_refused_by_the_schema() {
    let text = "items:\n  - { id: a, title: A, kind: document, format: PDF }\n";
    assert!(!schema_accepts(Kind::Toolbox, text));
}

/// The keys of every object in a schema, by the object's definition.
fn object_key_sets(value: &Value, out: &mut Vec<BTreeSet<String>>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                let keys: BTreeSet<String> = properties.keys().cloned().collect();
                if !out.contains(&keys) {
                    out.push(keys);
                }
            }
            for child in map.values() {
                object_key_sets(child, out);
            }
        }
        Value::Array(items) => {
            for child in items {
                object_key_sets(child, out);
            }
        }
        _ => {}
    }
}

/// The key tables of `docs/innhold.md` (`| Nøkkel | Påkrevd | Hva den betyr |`), each
/// as (line, keys).
fn documented_tables(docs: &str) -> Vec<(usize, BTreeSet<String>)> {
    let mut tables = Vec::new();
    let mut current: Option<(usize, BTreeSet<String>)> = None;
    for (i, line) in docs.lines().enumerate() {
        if line.starts_with("| Nøkkel |") {
            current = Some((i + 1, BTreeSet::new()));
            continue;
        }
        let Some((_, keys)) = current.as_mut() else {
            continue;
        };
        if !line.starts_with('|') {
            tables.extend(current.take());
            continue;
        }
        let first = line.split('|').nth(1).unwrap_or("").trim();
        if let Some(key) = first.strip_prefix('`').and_then(|k| k.strip_suffix('`')) {
            keys.insert(key.to_string());
        }
    }
    tables.extend(current);
    tables
}

#[test]
fn docs_document_exactly_the_schemas_keys() {
    let docs = fs::read_to_string(common::repo().join("docs/innhold.md")).unwrap();
    let tables = documented_tables(&docs);
    assert!(tables.len() > 10, "found only {} key tables", tables.len());
    let mut objects = Vec::new();
    for kind in Kind::ALL {
        object_key_sets(&schema_value(kind), &mut objects);
    }
    let mut problems = Vec::new();
    for (line, keys) in &tables {
        if !objects.contains(keys) {
            let nearest = objects
                .iter()
                .max_by_key(|o| o.intersection(keys).count())
                .unwrap();
            problems.push(format!(
                "docs/innhold.md:{line}: the table's keys match no object in the schemas; documented but not in the nearest schema object: {:?}; in it but not documented: {:?}",
                keys.difference(nearest).collect::<Vec<_>>(),
                nearest.difference(keys).collect::<Vec<_>>(),
            ));
        }
    }
    for object in &objects {
        if !tables.iter().any(|(_, keys)| keys == object) {
            problems.push(format!(
                "no key table in docs/innhold.md documents {object:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `veiviser new` writes the schemas beside `municipalities/`, names them on the first
/// line of each YAML file it writes, and what it writes validates.
#[test]
fn new_municipalities_name_their_schemas_and_validate() {
    use veiviser::model::Lang;
    use veiviser::scaffold::{self, Model};
    for (name, lang) in [("bts", Lang::Nb), ("plan", Lang::Nn), ("bti", Lang::Nn)] {
        let fixture = common::Fixture::empty();
        fs::create_dir_all(fixture.root().join("municipalities")).unwrap();
        let written = scaffold::create(fixture.root(), "nyby", Model::parse(name).unwrap(), lang)
            .expect("scaffold");
        for (file, json) in schema::files() {
            let path = fixture.root().join(schema::SCHEMAS_DIR).join(file);
            assert_eq!(fs::read_to_string(path).unwrap(), json);
        }
        let mut yaml_files = 0;
        for rel in &written {
            let Some(kind) = Kind::of_path(rel) else {
                continue;
            };
            let text = fs::read_to_string(fixture.root().join(rel)).unwrap();
            if kind != Kind::Page {
                assert!(
                    text.starts_with(&schema::modeline(rel, kind)),
                    "{}",
                    rel.display()
                );
                yaml_files += 1;
            }
            let value = yaml_value(&yaml_of(kind, &text)).unwrap();
            assert_eq!(
                errors(kind, &value),
                Vec::<String>::new(),
                "{}",
                rel.display()
            );
        }
        assert!(yaml_files >= 2, "{name}: {written:?}");
    }
}
