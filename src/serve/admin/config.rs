//! Decap CMS's `config.yml`, made from the JSON Schemas of the content files (which
//! are made from the loader's types): one source of truth for what a form may hold.
//! Written as JSON, which is YAML too.

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::load::safe;
use crate::schema::Kind;

/// The Norwegian label of each key the schemas have. A key missing here is shown as
/// itself; a test holds every schema key to having one.
pub const LABELS: &[(&str, &str)] = &[
    ("about", "Om veilederen (etter nivåene)"),
    ("accent_color", "Profilfarge"),
    (
        "accessibility_statement",
        "Tilgjengelighetserklæring (adresse)",
    ),
    ("arenas", "Arenaer"),
    ("audience", "Målgruppe"),
    ("base_url", "Nettstedets adresse"),
    ("body", "Tekst"),
    ("categories", "Kategorier"),
    ("category", "Kategori"),
    ("channel", "Kanal"),
    ("color", "Farge"),
    ("columns", "Kolonner"),
    ("contact", "Kontakt og telefonnumre"),
    ("date", "Dato"),
    ("definition", "Forklaring"),
    ("days", "Dager"),
    ("derived", "Utledet (ikke fra kilden)"),
    ("description", "Beskrivelse"),
    ("emergency", "Akuttnummer"),
    ("ends", "Avslutter saken"),
    ("entry", "Inngangsside"),
    ("everywhere", "Vises på alle nettsteder"),
    ("exit_url", "«Forlat siden» fører til"),
    ("extends", "Regional plan"),
    ("fields", "Felt"),
    ("file", "Fil i files/"),
    ("form", "Skjema"),
    ("forms", "Andre former av ordet"),
    ("frequency", "Hvor ofte"),
    ("from", "Fra kl."),
    ("goals", "Mål"),
    ("groups", "Grupper"),
    ("guides", "Veiledninger"),
    ("heading", "Overskrift"),
    ("help", "Hjelpetekst"),
    ("hide", "Felles ord som ikke vises"),
    ("hours", "Åpningstider"),
    ("id", "Id"),
    ("intro", "Innledning"),
    ("items", "Elementer"),
    ("kind", "Type"),
    ("label", "Tekst"),
    ("language", "Språk"),
    ("level", "Nivå"),
    ("levels", "Nivåer"),
    ("lines", "Antall linjer"),
    ("link", "Henvisning på nettstedet"),
    ("model", "Modell"),
    ("name", "Navn"),
    ("nb", "Bokmål"),
    ("nn", "Nynorsk"),
    ("note", "Merknad"),
    ("number", "Nummer"),
    ("numbered", "Nummerert"),
    ("numbers", "Numre"),
    ("omit_national", "Nasjonale numre som ikke vises"),
    ("options", "Valg"),
    ("order", "Rekkefølge"),
    ("other", "Annet-linje"),
    ("outcomes", "Hva skjer videre"),
    ("outro", "Avslutning"),
    ("part", "Del av døgnet"),
    ("participants", "Deltakere"),
    ("phones", "Telefonnumre"),
    ("place", "Sted"),
    ("publisher", "Utgiver"),
    ("read", "Lest dato"),
    ("referral", "Slik meldes en sak"),
    ("required", "Må fylles ut"),
    ("responsible", "Hvem har ansvar"),
    ("rows", "Antall rader"),
    ("section", "Side eller del"),
    ("sections", "Deler"),
    ("signers", "Underskrivere"),
    ("situation", "Situasjon"),
    ("situation_heading", "Overskrift for første del"),
    ("source", "Kilde"),
    ("steps", "Steg"),
    ("subtitle", "Undertittel"),
    ("summary", "Sammendrag"),
    ("tagline", "Ingress"),
    ("terms", "Ord i ordlisten"),
    ("tier", "Nivå (kommune, tjeneste, individ)"),
    ("title", "Tittel"),
    ("to", "Fører til"),
    ("tools", "Verktøy"),
    ("tools_from", "Samme verktøy som steg"),
    ("type", "Felttype"),
    ("unfilled", "Utkast (ikke fylt ut)"),
    ("updated", "Sist gjennomgått"),
    ("url", "Adresse"),
    ("what_to_do", "Hva gjør du, og hvordan"),
    ("widths", "Kolonnebredder"),
    ("word", "Ordet"),
    ("year", "År"),
];

/// Keys whose text is Markdown or long: a plain text area, never converted.
const LONG_TEXT: &[&str] = &[
    "intro",
    "about",
    "outro",
    "body",
    "situation",
    "what_to_do",
    "responsible",
    "description",
    "summary",
    "definition",
];

pub fn label(key: &str) -> &str {
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, l)| *l)
}

/// Decap's fields for the properties of the schema object `object`.
fn fields(object: &Value, definitions: &Value) -> Vec<Value> {
    let required: Vec<&str> = object["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = object["properties"].as_object() else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, property)| {
            let mut field = widget(name, property, definitions);
            field.insert("name".into(), name.as_str().into());
            field.insert("label".into(), label(name).into());
            if let Some(hint) = property["description"].as_str() {
                field.insert("hint".into(), hint.into());
            }
            if !required.contains(&name.as_str()) {
                field.insert("required".into(), false.into());
            }
            Value::Object(field)
        })
        .collect()
}

/// The schema a property stands for: `$ref` followed (also when wrapped in a
/// one-item `allOf`, as a described `$ref` is), `Option`'s null left out.
fn resolve<'a>(property: &'a Value, definitions: &'a Value) -> &'a Value {
    if let Some(reference) = property["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or("");
        return &definitions[name];
    }
    if let Some([only]) = property["allOf"].as_array().map(Vec::as_slice) {
        return resolve(only, definitions);
    }
    if let Some(any) = property["anyOf"].as_array() {
        if let Some(some) = any.iter().find(|s| s["type"] != "null") {
            return resolve(some, definitions);
        }
    }
    property
}

fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn widget(name: &str, property: &Value, definitions: &Value) -> Map<String, Value> {
    let schema = resolve(property, definitions);
    let mut field = Map::new();
    let types = types(schema);
    if let Some(choices) = schema["oneOf"].as_array() {
        if choices.iter().all(|c| c.get("const").is_some()) {
            field.insert("widget".into(), "select".into());
            let options: Vec<Value> = choices
                .iter()
                .map(|c| {
                    json!({
                        "label": format!("{} – {}", c["const"].as_str().unwrap_or(""), c["description"].as_str().unwrap_or("")),
                        "value": c["const"],
                    })
                })
                .collect();
            field.insert("options".into(), options.into());
            return field;
        }
        // A tool: a string or `{id, note, section}`. The form always shows the
        // mapping; the editor API turns a bare id into `{id}` on the way out and back.
        if let Some(object) = choices.iter().find(|c| c["type"] == "object") {
            field.insert("widget".into(), "object".into());
            field.insert("fields".into(), fields(object, definitions).into());
            return field;
        }
    }
    if types.contains(&"object") {
        field.insert("widget".into(), "object".into());
        field.insert("fields".into(), fields(schema, definitions).into());
    } else if types.contains(&"array") {
        field.insert("widget".into(), "list".into());
        field.insert("collapsed".into(), true.into());
        let item = widget(name, &schema["items"], definitions);
        if item.get("widget").and_then(Value::as_str) == Some("object") {
            // A closed item shows its title (or label, name, id) in the list.
            let names: Vec<&str> = item["fields"]
                .as_array()
                .map(|f| f.iter().filter_map(|f| f["name"].as_str()).collect())
                .unwrap_or_default();
            if let Some(key) = ["title", "label", "name", "id"]
                .into_iter()
                .find(|k| names.contains(k))
            {
                field.insert("summary".into(), format!("{{{{fields.{key}}}}}").into());
            }
            field.insert("fields".into(), item["fields"].clone());
        } else {
            let mut single = item;
            single.insert("name".into(), name.into());
            single.insert("label".into(), label(name).into());
            field.insert("field".into(), Value::Object(single));
        }
    } else if types.contains(&"boolean") {
        field.insert("widget".into(), "boolean".into());
        if let Some(default) = schema.get("default").filter(|d| d.is_boolean()) {
            field.insert("default".into(), default.clone());
        }
    } else if types.contains(&"integer") {
        field.insert("widget".into(), "number".into());
        field.insert("value_type".into(), "int".into());
    } else if LONG_TEXT.contains(&name) {
        // Raw text: Decap's rich-text editor rewrites Markdown it did not write.
        field.insert("widget".into(), "text".into());
    } else {
        field.insert("widget".into(), "string".into());
    }
    field
}

/// The fields of a kind of file.
pub fn fields_of(kind: Kind) -> Vec<Value> {
    let schema: Value = serde_json::from_str(&kind.json()).unwrap_or(Value::Null);
    fields(&schema, &schema["definitions"])
}

fn file_entry(name: &str, label: &str, file: &str, kind: Kind) -> Value {
    json!({ "name": name, "label": label, "file": file, "fields": fields_of(kind) })
}

/// The name a municipality writes for itself, from its `site.yaml` (the slug when
/// it cannot be read).
fn display_name(root: &Path, slug: &str) -> String {
    let rel = Path::new("municipalities").join(slug).join("site.yaml");
    safe::read(root, &rel, 1_000_000)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            text.lines().find_map(|l| {
                l.strip_prefix("name:")
                    .map(|n| n.trim().trim_matches('"').to_string())
            })
        })
        .unwrap_or_else(|| slug.to_string())
}

/// The municipalities under `root`, by folder name.
pub fn municipalities(root: &Path) -> Vec<String> {
    safe::entries(root, Path::new("municipalities"))
        .unwrap_or_default()
        .into_iter()
        .filter(|s| crate::load::is_slug(s))
        .filter(|s| {
            matches!(
                safe::kind(root, &Path::new("municipalities").join(s)),
                safe::Kind::Dir
            )
        })
        .collect()
}

/// `config.yml` for editing the municipality `slug` (and the shared `content/`).
pub fn config(root: &Path, slug: &str, api_url: &str) -> Value {
    let base = format!("municipalities/{slug}");
    let exists = |rel: &str| matches!(safe::kind(root, Path::new(rel)), safe::Kind::File { .. });
    let dir = |rel: &str| matches!(safe::kind(root, Path::new(rel)), safe::Kind::Dir);
    let name = display_name(root, slug);

    let mut files = vec![file_entry(
        "site",
        "Kommunen og telefonnumrene (site.yaml)",
        &format!("{base}/site.yaml"),
        Kind::Site,
    )];
    for (file, label, kind) in [
        (
            "toolbox.yaml",
            "Verktøykassen (toolbox.yaml)",
            Kind::Toolbox,
        ),
        (
            "arenas.yaml",
            "Samhandlingsarenaer (arenas.yaml)",
            Kind::Arenas,
        ),
        ("pyramid.yaml", "Pyramiden (pyramid.yaml)", Kind::Pyramid),
        (
            "guidance.yaml",
            "Nasjonale føringer (guidance.yaml)",
            Kind::Guidance,
        ),
        (
            "ordliste.yaml",
            "Kommunens ord i ordlisten (ordliste.yaml)",
            Kind::LocalGlossary,
        ),
    ] {
        let path = format!("{base}/{file}");
        if exists(&path) {
            files.push(file_entry(
                file.trim_end_matches(".yaml"),
                label,
                &path,
                kind,
            ));
        }
    }
    let home = format!("{base}/home.md");
    if exists(&home) {
        files.push(json!({
            "name": "home",
            "label": "Forsiden (home.md)",
            "file": home,
            "fields": [{
                "name": "body", "label": "Tekst", "widget": "markdown", "modes": ["raw"],
                "hint": "Teksten på forsiden, i Markdown.",
            }],
        }));
    }
    let mut collections = vec![json!({
        "name": "kommunen",
        "label": format!("{name}: innstillinger"),
        "editor": { "preview": false },
        "files": files,
    })];
    let guides = format!("{base}/guides");
    if dir(&guides) {
        collections.push(json!({
            "name": "veiledere",
            "label": "Handlingsveiledere (nivåer og steg)",
            "label_singular": "Handlingsveileder",
            "folder": guides,
            "extension": "yaml",
            "format": "yaml",
            "create": false,
            "delete": false,
            "identifier_field": "title",
            "editor": { "preview": false },
            "fields": fields_of(Kind::Guide),
        }));
    }
    let mut page_fields = fields_of(Kind::Page);
    page_fields.push(json!({
        "name": "body", "label": "Tekst", "widget": "markdown", "modes": ["raw"],
        "hint": "Sidens tekst, i Markdown. Se docs/innhold.md.",
    }));
    collections.push(json!({
        "name": "sider",
        "label": "Sider",
        "label_singular": "Side",
        "folder": format!("{base}/pages"),
        "extension": "md",
        "format": "frontmatter",
        "create": true,
        "delete": false,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "editor": { "preview": false },
        "fields": page_fields,
    }));
    let forms = format!("{base}/forms");
    if dir(&forms) {
        collections.push(json!({
            "name": "skjema",
            "label": "Kommunens egne skjema",
            "label_singular": "Skjema",
            "folder": forms,
            "extension": "yaml",
            "format": "yaml",
            "create": true,
            "delete": false,
            "identifier_field": "title",
            "editor": { "preview": false },
            "fields": fields_of(Kind::Form),
        }));
    }
    let mut shared = Vec::new();
    if exists("content/national-numbers.yaml") {
        shared.push(file_entry(
            "nasjonale-numre",
            "Nasjonale numre (content/national-numbers.yaml)",
            "content/national-numbers.yaml",
            Kind::NationalNumbers,
        ));
    }
    if exists("content/guidance.yaml") {
        shared.push(file_entry(
            "foringer",
            "Katalogen over nasjonale føringer (content/guidance.yaml)",
            "content/guidance.yaml",
            Kind::GuidanceCatalogue,
        ));
    }
    if exists("content/ordliste.yaml") {
        shared.push(file_entry(
            "ordliste",
            "Den felles ordlisten (content/ordliste.yaml)",
            "content/ordliste.yaml",
            Kind::Glossary,
        ));
    }
    if !shared.is_empty() {
        collections.push(json!({
            "name": "felles",
            "label": "Felles for alle kommuner (avtal endringer med de andre)",
            "editor": { "preview": false },
            "files": shared,
        }));
    }
    json!({
        "backend": { "name": "proxy", "proxy_url": api_url, "branch": "main" },
        "locale": "nb_no",
        "media_folder": format!("{base}/files"),
        "public_folder": "",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "site_url": format!("/{slug}/"),
        "display_url": format!("/{slug}/"),
        "collections": collections,
    })
}
