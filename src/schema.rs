//! JSON Schemas of the content files, generated from the types `load` reads them into
//! (`load::schema`), so that the schemas cannot say something the loader does not.
//!
//! They are committed under `schemas/` at the content root (a test fails when they
//! differ from what the types generate), written by `veiviser new`, and published with
//! every build under `assets/schemas/`. A YAML file names its schema on its first line,
//! `# yaml-language-server: $schema=<relative path>`, so that VS Code's YAML extension
//! completes keys, shows the Norwegian descriptions and marks mistakes while typing.
//!
//! The descriptions editors see are Norwegian, so they are given with
//! `#[schemars(description = "…")]` on the types and fields, which takes precedence
//! over the doc comments; doc comments stay English, for developers. Their text is
//! that of `docs/innhold.md`'s key tables, which `tests/schemas.rs` holds to the
//! schemas' keys.

use std::path::{Component, Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::load::glossary::{LocalGlossary, NationalGlossary};
use crate::load::schema::{
    ArenasFile, FormFile, GuidanceCatalogue, GuidanceFile, GuideFile, NationalNumbersFile,
    PageFrontMatter, PyramidFile, SiteFile, ToolboxFile,
};

/// The folder the schemas are kept in, at the content root.
pub const SCHEMAS_DIR: &str = "schemas";
/// Where a build publishes them, inside the output folder.
pub const PUBLISHED_DIR: &str = "assets/schemas";
/// What a YAML file's first line starts with when it names its schema.
pub const MODELINE_PREFIX: &str = "# yaml-language-server: $schema=";

/// One kind of content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Site,
    Guide,
    Toolbox,
    Arenas,
    Pyramid,
    Guidance,
    Form,
    /// The front matter of `pages/*.md`.
    Page,
    GuidanceCatalogue,
    NationalNumbers,
    /// `content/ordliste.yaml`, the national glossary.
    Glossary,
    /// A municipality's own `ordliste.yaml`.
    LocalGlossary,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Site,
        Kind::Guide,
        Kind::Toolbox,
        Kind::Arenas,
        Kind::Pyramid,
        Kind::Guidance,
        Kind::Form,
        Kind::Page,
        Kind::GuidanceCatalogue,
        Kind::NationalNumbers,
        Kind::Glossary,
        Kind::LocalGlossary,
    ];

    /// The schema's file name.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Site => "site.schema.json",
            Kind::Guide => "guide.schema.json",
            Kind::Toolbox => "toolbox.schema.json",
            Kind::Arenas => "arenas.schema.json",
            Kind::Pyramid => "pyramid.schema.json",
            Kind::Guidance => "guidance.schema.json",
            Kind::Form => "form.schema.json",
            Kind::Page => "page.schema.json",
            Kind::GuidanceCatalogue => "guidance-catalogue.schema.json",
            Kind::NationalNumbers => "national-numbers.schema.json",
            Kind::Glossary => "glossary.schema.json",
            Kind::LocalGlossary => "local-glossary.schema.json",
        }
    }

    /// The schema's title: the file it describes, in Norwegian.
    fn title(self) -> &'static str {
        match self {
            Kind::Site => "site.yaml – kommunen, språket og telefonnumrene",
            Kind::Guide => "guides/<id>.yaml – en handlingsveileder",
            Kind::Toolbox => "toolbox.yaml – verktøykassen",
            Kind::Arenas => "arenas.yaml – samhandlingsarenaer",
            Kind::Pyramid => "pyramid.yaml – pyramiden",
            Kind::Guidance => "guidance.yaml – nasjonale føringer kommunen viser til",
            Kind::Form => "forms/<id>.yaml – et skjema",
            Kind::Page => "pages/<navn>.md – forsiden av en side (front matter)",
            Kind::GuidanceCatalogue => "content/guidance.yaml – katalogen over nasjonale føringer",
            Kind::NationalNumbers => "content/national-numbers.yaml – de nasjonale numrene",
            Kind::Glossary => "content/ordliste.yaml – den felles ordlisten",
            Kind::LocalGlossary => "ordliste.yaml – kommunens egne ord i ordlisten",
        }
    }

    /// The JSON Schema, as committed and published: pretty-printed, ending in a newline.
    pub fn json(self) -> String {
        let mut schema = match self {
            Kind::Site => generate::<SiteFile>(),
            Kind::Guide => generate::<GuideFile>(),
            Kind::Toolbox => generate::<ToolboxFile>(),
            Kind::Arenas => generate::<ArenasFile>(),
            Kind::Pyramid => generate::<PyramidFile>(),
            Kind::Guidance => generate::<GuidanceFile>(),
            Kind::Form => generate::<FormFile>(),
            Kind::Page => generate::<PageFrontMatter>(),
            Kind::GuidanceCatalogue => generate::<GuidanceCatalogue>(),
            Kind::NationalNumbers => generate::<NationalNumbersFile>(),
            Kind::Glossary => generate::<NationalGlossary>(),
            Kind::LocalGlossary => generate::<LocalGlossary>(),
        };
        schema.insert("title".into(), self.title().into());
        // A schema value is a JSON map and always serialises.
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The kind of a content file, from its path relative to the content root
    /// (`municipalities/modum/guides/handlingsveileder.yaml`). `None` for files that
    /// are not YAML content (`home.md`, `files/…`) or are in no known place.
    pub fn of_path(rel: &Path) -> Option<Kind> {
        let parts: Vec<&str> = rel
            .components()
            .map(|c| match c {
                Component::Normal(part) => part.to_str(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        match parts.as_slice() {
            ["municipalities", _, file] => match *file {
                "site.yaml" => Some(Kind::Site),
                "toolbox.yaml" => Some(Kind::Toolbox),
                "arenas.yaml" => Some(Kind::Arenas),
                "pyramid.yaml" => Some(Kind::Pyramid),
                "guidance.yaml" => Some(Kind::Guidance),
                "ordliste.yaml" => Some(Kind::LocalGlossary),
                _ => None,
            },
            ["municipalities", _, "guides", file] if file.ends_with(".yaml") => Some(Kind::Guide),
            ["municipalities", _, "forms", file] if file.ends_with(".yaml") => Some(Kind::Form),
            ["municipalities", _, "pages", file] if file.ends_with(".md") => Some(Kind::Page),
            ["content", "guidance.yaml"] => Some(Kind::GuidanceCatalogue),
            ["content", "national-numbers.yaml"] => Some(Kind::NationalNumbers),
            ["content", "ordliste.yaml"] => Some(Kind::Glossary),
            ["content", "forms", _, file] if file.ends_with(".yaml") => Some(Kind::Form),
            _ => None,
        }
    }
}

fn generate<T: JsonSchema>() -> Schema {
    // Draft 7: what VS Code's YAML extension understands best.
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// The path from a content file to its schema in `schemas/`, for its first line:
/// `municipalities/modum/site.yaml` → `../../schemas/site.schema.json`.
pub fn relative_schema_path(rel: &Path, kind: Kind) -> String {
    let depth = rel.components().count().saturating_sub(1);
    let mut path = "../".repeat(depth);
    path.push_str(SCHEMAS_DIR);
    path.push('/');
    path.push_str(kind.file_name());
    path
}

/// The first line a YAML content file at `rel` should start with.
pub fn modeline(rel: &Path, kind: Kind) -> String {
    format!("{MODELINE_PREFIX}{}", relative_schema_path(rel, kind))
}

/// `text` with the schema line for `rel` first: added when missing, replaced when it
/// names another schema. Markdown pages are returned as they are (VS Code's YAML
/// extension does not read front matter).
pub fn with_modeline(rel: &Path, kind: Kind, text: &str) -> String {
    if kind == Kind::Page {
        return text.to_string();
    }
    let line = modeline(rel, kind);
    match text.split_once('\n') {
        Some((first, rest)) if first.trim_end().starts_with(MODELINE_PREFIX) => {
            format!("{line}\n{rest}")
        }
        _ if text.trim_end().starts_with(MODELINE_PREFIX) => format!("{line}\n"),
        _ => format!("{line}\n{text}"),
    }
}

/// Every schema as (file name, bytes): what `veiviser new` writes into `schemas/`.
pub fn files() -> Vec<(&'static str, String)> {
    Kind::ALL
        .iter()
        .map(|k| (k.file_name(), k.json()))
        .collect()
}

/// The schemas as a build publishes them, under [`PUBLISHED_DIR`].
pub fn published() -> Vec<(PathBuf, Vec<u8>)> {
    files()
        .into_iter()
        .map(|(name, json)| (Path::new(PUBLISHED_DIR).join(name), json.into_bytes()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_paths() {
        let cases = [
            ("municipalities/modum/site.yaml", Some(Kind::Site)),
            ("municipalities/modum/guides/h.yaml", Some(Kind::Guide)),
            ("municipalities/modum/forms/f.yaml", Some(Kind::Form)),
            ("municipalities/modum/pages/p.md", Some(Kind::Page)),
            ("municipalities/modum/home.md", None),
            ("municipalities/modum/files/a.yaml", None),
            ("content/forms/nb/f.yaml", Some(Kind::Form)),
            ("content/guidance.yaml", Some(Kind::GuidanceCatalogue)),
            ("content/national-numbers.yaml", Some(Kind::NationalNumbers)),
            ("content/ordliste.yaml", Some(Kind::Glossary)),
            (
                "municipalities/modum/ordliste.yaml",
                Some(Kind::LocalGlossary),
            ),
            ("content/README.md", None),
            ("../municipalities/modum/site.yaml", None),
        ];
        for (path, kind) in cases {
            assert_eq!(Kind::of_path(Path::new(path)), kind, "{path}");
        }
    }

    #[test]
    fn schema_paths_are_relative() {
        assert_eq!(
            modeline(Path::new("municipalities/modum/site.yaml"), Kind::Site),
            "# yaml-language-server: $schema=../../schemas/site.schema.json"
        );
        assert_eq!(
            relative_schema_path(Path::new("content/forms/nb/f.yaml"), Kind::Form),
            "../../../schemas/form.schema.json"
        );
    }

    #[test]
    fn modeline_is_added_once_and_corrected() {
        let rel = Path::new("municipalities/a/site.yaml");
        let once = with_modeline(rel, Kind::Site, "name: A\n");
        assert_eq!(
            once,
            "# yaml-language-server: $schema=../../schemas/site.schema.json\nname: A\n"
        );
        assert_eq!(with_modeline(rel, Kind::Site, &once), once);
        let wrong = "# yaml-language-server: $schema=x.json\nname: A\n";
        assert_eq!(with_modeline(rel, Kind::Site, wrong), once);
    }

    #[test]
    fn schemas_are_strict_objects() {
        for kind in Kind::ALL {
            let value: serde_json::Value = serde_json::from_str(&kind.json()).unwrap();
            assert_eq!(value["type"], "object", "{kind:?}");
            assert_eq!(value["additionalProperties"], false, "{kind:?}");
        }
    }
}
