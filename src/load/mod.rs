//! Stage 1, **load**: read every municipality folder, parse its YAML and Markdown and
//! keep where each value came from. Nothing is interpreted here beyond the file format.

pub mod cache;
pub mod front_matter;
pub mod glossary;
pub mod regions;
pub mod safe;
pub mod schema;
pub mod sniff;
pub mod theme;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostic::{line_col, Diagnostic, Diagnostics, Loc, SourceMap};
use schema::{
    ArenasFile, FormFile, GuidanceCatalogue, GuidanceFile, GuideFile, NationalNumbersFile,
    PageFrontMatter, PyramidFile, SiteFile, ToolboxFile,
};

/// The folder under the content root that holds one folder per municipality.
pub const MUNICIPALITIES_DIR: &str = "municipalities";
/// Shared content every municipality may refer to.
pub const CONTENT_DIR: &str = "content";
/// The national numbers every site shows, under `content/`.
pub const NATIONAL_NUMBERS_FILE: &str = "national-numbers.yaml";
/// veiviser's own copy of `content/national-numbers.yaml`, used when a content root
/// has none, so that no site is ever built without 112 and 116 111.
const BUILT_IN_NATIONAL_NUMBERS: &str = include_str!("../../content/national-numbers.yaml");

/// A parsed file and where it came from. Line numbers inside `value` are relative to
/// `line_offset` (front matter starts on line 2 of its file).
#[derive(Debug)]
pub struct Sourced<T> {
    /// Relative to the content root, as shown to editors.
    pub path: PathBuf,
    pub line_offset: usize,
    pub value: T,
}

impl<T> Sourced<T> {
    /// The editor's location of a line/column inside `value`.
    pub fn loc(&self, line: u64, column: u64) -> Loc {
        if line == 0 {
            return Loc::file(&self.path);
        }
        Loc::new(
            &self.path,
            line as usize + self.line_offset,
            column as usize,
        )
    }
}

/// A Markdown file: its text and the line its body starts on.
#[derive(Debug)]
pub struct MarkdownFile {
    pub body: String,
    pub body_line: usize,
}

#[derive(Debug)]
pub struct RawPage {
    /// From the file name: `pages/familiehjelpa.md` → `familiehjelpa`.
    pub slug: String,
    pub front: Sourced<PageFrontMatter>,
    pub body: Sourced<MarkdownFile>,
}

/// Everything read from one `municipalities/<slug>/` folder.
#[derive(Debug)]
pub struct RawMunicipality {
    pub slug: String,
    pub dir: PathBuf,
    pub site: Sourced<SiteFile>,
    pub home: Option<Sourced<MarkdownFile>>,
    pub pyramid: Option<Sourced<PyramidFile>>,
    /// `guides/<id>.yaml`, by id.
    pub guides: Vec<(String, Sourced<GuideFile>)>,
    pub toolbox: Option<Sourced<ToolboxFile>>,
    pub arenas: Option<Sourced<ArenasFile>>,
    pub guidance: Option<Sourced<GuidanceFile>>,
    /// `ordliste.yaml`: the municipality's own glossary terms and changes.
    pub glossary: Option<Sourced<glossary::LocalGlossary>>,
    pub pages: Vec<RawPage>,
    /// `forms/<id>.yaml`: the municipality's own forms, by id.
    pub forms: Vec<(String, Sourced<FormFile>)>,
    /// `files/`: documents published as they are, by name.
    pub files: Vec<(String, bytes::Bytes)>,
}

/// The result of loading: what could be read, the text of every file (for showing
/// diagnostics), and what was wrong.
#[derive(Debug, Default)]
pub struct Loaded {
    pub municipalities: Vec<RawMunicipality>,
    /// The words veiviser writes itself, from the theme's interface files (veiviser's
    /// own copy for a content root without a theme).
    pub words: crate::model::Words,
    /// `content/guidance.yaml`, when there is one.
    pub guidance: Option<Sourced<GuidanceCatalogue>>,
    /// The shared form library, `content/forms/<nb|nn>/<id>.yaml`, by (language, id).
    pub forms: BTreeMap<(String, String), Sourced<FormFile>>,
    /// The catalogue exists but could not be read: references into it are not
    /// reported as missing, only the cause.
    pub guidance_unreadable: bool,
    /// `content/national-numbers.yaml`, or veiviser's own copy of it when the content
    /// root has none: every site shows the national emergency numbers. `None` only
    /// when the file exists but cannot be read (an error is reported).
    pub national: Option<Sourced<NationalNumbersFile>>,
    /// `content/ordliste.yaml`, when there is one: the national glossary.
    pub glossary: Option<Sourced<glossary::NationalGlossary>>,
    pub sources: SourceMap,
    pub diagnostics: Diagnostics,
}

/// Load the shared content and the municipalities named in `only` (all when `None`).
/// `serve` uses it to read again only what an edit can have changed.
pub fn load_only(root: &Path, only: Option<&std::collections::BTreeSet<String>>) -> Loaded {
    let entries = match municipality_entries(root) {
        Ok(entries) => entries,
        Err(diagnostic) => {
            let mut loaded = Loaded::default();
            loaded.diagnostics.push(diagnostic);
            return loaded;
        }
    };
    let mut loaded = read_shared(root);
    // Municipalities are read in parallel, each with its own sources and
    // diagnostics, put together in name order.
    let read: Vec<SiteRead> = entries
        .par_iter()
        .filter(|slug| only.is_none_or(|o| o.contains(*slug)))
        .filter_map(|slug| read_site(root, slug))
        .collect();
    for site in read {
        loaded.sources.append(site.sources);
        loaded.diagnostics.extend(site.diagnostics.items);
        loaded.municipalities.extend(site.municipality);
    }
    require_a_municipality(&mut loaded);
    loaded
}

/// The names under `municipalities/`, sorted, hidden ones included; or why the
/// folder cannot be read.
pub fn municipality_entries(root: &Path) -> Result<Vec<String>, Diagnostic> {
    match safe::entries(root, Path::new(MUNICIPALITIES_DIR)) {
        Ok(entries) => Ok(entries),
        Err(refused @ (safe::Refused::Link | safe::Refused::Special)) => {
            let (message, help) = refused.explain(MUNICIPALITIES_DIR);
            Err(Diagnostic::error(Loc::file(MUNICIPALITIES_DIR), message).help(help))
        }
        Err(error) => {
            let error = match error {
                safe::Refused::Io(error) => error.to_string(),
                other => other.explain(MUNICIPALITIES_DIR).0,
            };
            Err(Diagnostic::error(
                Loc::file(MUNICIPALITIES_DIR),
                format!("cannot read the folder `{MUNICIPALITIES_DIR}/`: {error}"),
            )
            .help("run veiviser in the content root, the folder that holds `municipalities/`"))
        }
    }
}

/// The shared content (`content/` and the theme's interface words): a [`Loaded`]
/// without municipalities.
pub fn read_shared(root: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let catalogue = PathBuf::from(CONTENT_DIR).join("guidance.yaml");
    if safe::kind(root, &catalogue) != safe::Kind::Missing {
        let mut reader = Reader {
            root,
            sources: &mut loaded.sources,
            diagnostics: &mut loaded.diagnostics,
        };
        loaded.guidance = reader.yaml(&catalogue);
        loaded.guidance_unreadable = loaded.guidance.is_none();
    }
    loaded.national = national_numbers(root, &mut loaded.sources, &mut loaded.diagnostics);
    loaded.words = interface_words(root, &mut loaded.sources, &mut loaded.diagnostics);
    let national_glossary = PathBuf::from(CONTENT_DIR).join(glossary::GLOSSARY_FILE);
    if safe::kind(root, &national_glossary) != safe::Kind::Missing {
        let mut reader = Reader {
            root,
            sources: &mut loaded.sources,
            diagnostics: &mut loaded.diagnostics,
        };
        loaded.glossary = reader.yaml(&national_glossary);
    }
    for lang in ["nb", "nn"] {
        let dir = PathBuf::from(CONTENT_DIR).join("forms").join(lang);
        let mut reader = Reader {
            root,
            sources: &mut loaded.sources,
            diagnostics: &mut loaded.diagnostics,
        };
        for (id, form) in reader.forms(&dir) {
            loaded.forms.insert((lang.to_string(), id), form);
        }
    }
    loaded
}

/// What reading one entry of `municipalities/` gave: the municipality, when it
/// could be read, the text of its files and what was wrong.
#[derive(Debug, Default)]
pub struct SiteRead {
    pub municipality: Option<RawMunicipality>,
    pub sources: SourceMap,
    pub diagnostics: Diagnostics,
}

/// Read the entry `slug` of `municipalities/`. `None` when it is nothing load reads
/// or reports (a hidden name, a plain file, nothing at all).
pub fn read_site(root: &Path, slug: &str) -> Option<SiteRead> {
    if slug.starts_with('.') {
        return None;
    }
    let mut read = SiteRead::default();
    let rel = PathBuf::from(MUNICIPALITIES_DIR).join(slug);
    match safe::kind(root, &rel) {
        safe::Kind::Dir => {}
        safe::Kind::Link => {
            let (message, help) = safe::Refused::Link.explain(&rel.to_string_lossy());
            read.diagnostics
                .push(Diagnostic::error(Loc::file(&rel), message).help(help));
            return Some(read);
        }
        _ => return None,
    }
    if !is_slug(slug) {
        read.diagnostics.push(
            Diagnostic::error(
                Loc::file(&rel),
                format!("the folder name `{slug}` cannot be used in web addresses"),
            )
            .help("rename the folder using only a–z, 0–9 and hyphens, e.g. `ovre-eiker` for Øvre Eiker"),
        );
        return Some(read);
    }
    let mut reader = Reader {
        root,
        sources: &mut read.sources,
        diagnostics: &mut read.diagnostics,
    };
    read.municipality = reader.municipality(slug, &rel);
    Some(read)
}

/// A content root without a single municipality is an error, unless something
/// else already explains it.
pub fn require_a_municipality(loaded: &mut Loaded) {
    if loaded.municipalities.is_empty() && !loaded.diagnostics.has_errors() {
        loaded.diagnostics.push(
            Diagnostic::error(
                Loc::file(MUNICIPALITIES_DIR),
                "there is no municipality to build",
            )
            .help(
                "create a folder `municipalities/<name>/` with a `site.yaml` (see docs/innhold.md)",
            ),
        );
    }
}

/// The national numbers: the content root's `content/national-numbers.yaml`, or else
/// veiviser's own copy.
fn national_numbers(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Sourced<NationalNumbersFile>> {
    let path = PathBuf::from(CONTENT_DIR).join(NATIONAL_NUMBERS_FILE);
    // A link or FIFO there is reported by the reader, not silently replaced.
    if safe::kind(root, &path) != safe::Kind::Missing {
        let mut reader = Reader {
            root,
            sources,
            diagnostics,
        };
        return reader.yaml(&path);
    }
    built_in_national_numbers()
}

/// veiviser's own copy of the national numbers, parsed.
pub fn built_in_national_numbers() -> Option<Sourced<NationalNumbersFile>> {
    let path = PathBuf::from(CONTENT_DIR).join(NATIONAL_NUMBERS_FILE);
    yaml::parse::<NationalNumbersFile>(&path, BUILT_IN_NATIONAL_NUMBERS, 0)
        .ok()
        .map(|value| Sourced {
            path,
            line_offset: 0,
            value,
        })
}

/// The theme's interface words in both languages, checked for every key the code
/// uses. A content root without `themes/` (a test fixture, a fresh checkout used with
/// an installed veiviser) gets veiviser's own.
fn interface_words(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> crate::model::Words {
    use crate::model::Lang;
    let path = |lang: Lang| {
        PathBuf::from(theme::THEMES_DIR)
            .join(theme::DEFAULT_THEME)
            .join("i18n")
            .join(format!("{}.yaml", lang.code()))
    };
    // A file that cannot be read is reported by the reader; its keys are then not
    // reported again one by one.
    let mut unreadable = Vec::new();
    let mut read = |lang: Lang, built_in: &str| {
        let path = path(lang);
        if safe::kind(root, &path) == safe::Kind::Missing {
            return yaml::parse::<BTreeMap<String, String>>(&path, built_in, 0).unwrap_or_default();
        }
        let mut reader = Reader {
            root,
            sources: &mut *sources,
            diagnostics: &mut *diagnostics,
        };
        let file = reader.yaml::<BTreeMap<String, String>>(&path);
        if file.is_none() {
            unreadable.push(lang);
        }
        file.map(|s| s.value).unwrap_or_default()
    };
    let nb = read(Lang::Nb, BUILT_IN_WORDS_NB);
    let nn = read(Lang::Nn, BUILT_IN_WORDS_NN);
    let words = crate::model::Words::new(nb, nn);
    for (lang, key) in words.missing() {
        if unreadable.contains(&lang) {
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                Loc::file(path(lang)),
                format!("the interface word `{key}` is missing"),
            )
            .help(format!(
                "add `{key}: ...` to the file; veiviser writes this word into pages or forms"
            )),
        );
    }
    words
}

/// veiviser's own interface words (tests, and content roots without a theme).
pub fn built_in_words() -> crate::model::Words {
    let parse = |text: &str, lang: &str| {
        let path = PathBuf::from(theme::THEMES_DIR).join(format!("{lang}.yaml"));
        yaml::parse::<BTreeMap<String, String>>(&path, text, 0).unwrap_or_default()
    };
    crate::model::Words::new(
        parse(BUILT_IN_WORDS_NB, "nb"),
        parse(BUILT_IN_WORDS_NN, "nn"),
    )
}

const BUILT_IN_WORDS_NB: &str = include_str!("../../themes/default/i18n/nb.yaml");
const BUILT_IN_WORDS_NN: &str = include_str!("../../themes/default/i18n/nn.yaml");

/// Web-safe names: a–z, 0–9 and inner hyphens.
pub fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// A published file's name: a slug, a dot and an ending (`veileder-2023.pdf`).
pub fn is_file_name(name: &str) -> bool {
    match name.rsplit_once('.') {
        Some((stem, ending)) => {
            (is_slug(stem) || stem.split('_').all(is_slug))
                && !ending.is_empty()
                && ending
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        }
        None => false,
    }
}

/// The web-safe name a document in `files/` is published under: lowercase ASCII
/// letters and digits with hyphens, a dot and the ending (`Samtykke skjema Øvre
/// Eiker.pdf` → `samtykke-skjema-ovre-eiker.pdf`). `None` when nothing of the name
/// is left to publish it under (no ending, or no letter or digit before it).
pub fn published_name(name: &str) -> Option<String> {
    let (stem, ending) = name.rsplit_once('.')?;
    let safe = |text: &str| -> String {
        let mut out = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            let part = match c {
                'æ' => "ae",
                'ø' => "o",
                'å' => "a",
                'ä' => "a",
                'ö' => "o",
                'ü' => "u",
                'é' | 'è' | 'ê' => "e",
                'á' | 'à' => "a",
                'ó' | 'ò' | 'ô' => "o",
                c if c.is_ascii_alphanumeric() => {
                    out.push(c);
                    continue;
                }
                _ => "-",
            };
            out.push_str(part);
        }
        out.split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let stem = safe(stem);
    let ending = safe(ending);
    if stem.is_empty() || ending.is_empty() || ending.contains('-') {
        return None;
    }
    Some(format!("{stem}.{ending}"))
}

/// The files a municipality folder may hold; anything else gets a warning so a
/// misnamed file (`guide.yaml`, `site.yml`) is noticed.
const KNOWN_ENTRIES: &[&str] = &[
    "site.yaml",
    "home.md",
    "pyramid.yaml",
    "guides",
    "toolbox.yaml",
    "arenas.yaml",
    "guidance.yaml",
    glossary::GLOSSARY_FILE,
    "pages",
    "files",
    "forms",
];

struct Reader<'a> {
    root: &'a Path,
    sources: &'a mut SourceMap,
    diagnostics: &'a mut Diagnostics,
}

impl Reader<'_> {
    fn municipality(&mut self, slug: &str, rel: &Path) -> Option<RawMunicipality> {
        if let Ok(entries) = safe::entries(self.root, rel) {
            for name in entries {
                if !name.starts_with('.') && !KNOWN_ENTRIES.contains(&name.as_str()) {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Loc::file(rel.join(&name)),
                            format!("`{name}` is not a file veiviser reads; it is ignored"),
                        )
                        .help(format!(
                            "a municipality folder may hold: {}",
                            KNOWN_ENTRIES.join(", ")
                        )),
                    );
                }
            }
        }

        let site_path = rel.join("site.yaml");
        if safe::kind(self.root, &site_path) == safe::Kind::Missing {
            self.diagnostics.push(
                Diagnostic::error(
                    Loc::file(&site_path),
                    format!("the municipality `{slug}` has no `site.yaml`"),
                )
                .help("every municipality folder needs a site.yaml with at least `name`, `language` and `title`"),
            );
            return None;
        }
        let site = self.yaml::<SiteFile>(&site_path);
        self.unquoted_colour(&site_path);
        let home = self.optional(&rel.join("home.md"), |r, p| r.markdown(p));
        let pyramid = self.optional(&rel.join("pyramid.yaml"), |r, p| r.yaml(p));
        let toolbox = self.optional(&rel.join("toolbox.yaml"), |r, p| r.yaml(p));
        let arenas = self.optional(&rel.join("arenas.yaml"), |r, p| r.yaml(p));
        let guidance = self.optional(&rel.join("guidance.yaml"), |r, p| r.yaml(p));
        let glossary = self.optional(&rel.join(glossary::GLOSSARY_FILE), |r, p| r.yaml(p));

        let mut guides = Vec::new();
        for path in self.files_in(&rel.join("guides"), "yaml") {
            let id = file_stem(&path);
            if self.check_slug(&path, &id) {
                if let Some(guide) = self.yaml::<GuideFile>(&path) {
                    guides.push((id, guide));
                }
            }
        }

        let forms = self.forms(&rel.join("forms"));
        let files = self.published_files(&rel.join("files"));
        let mut pages = Vec::new();
        for path in self.files_in(&rel.join("pages"), "md") {
            let slug = file_stem(&path);
            if self.check_slug(&path, &slug) {
                if let Some(page) = self.page(&path, slug) {
                    pages.push(page);
                }
            }
        }

        Some(RawMunicipality {
            slug: slug.to_string(),
            dir: rel.to_path_buf(),
            site: site?,
            home: home.flatten(),
            pyramid: pyramid.flatten(),
            guides,
            toolbox: toolbox.flatten(),
            arenas: arenas.flatten(),
            guidance: guidance.flatten(),
            glossary: glossary.flatten(),
            pages,
            forms,
            files,
        })
    }

    /// `accent_color: #005b7f` without quotes is a YAML comment: the colour silently
    /// disappears. Say so.
    fn unquoted_colour(&mut self, path: &Path) {
        let Some(text) = self.sources.get(path) else {
            return;
        };
        let found = text.lines().enumerate().find_map(|(i, line)| {
            let rest = line.trim_start().strip_prefix("accent_color:")?;
            rest.trim_start().starts_with('#').then_some(i + 1)
        });
        if let Some(line) = found {
            let column = self
                .sources
                .get(path)
                .and_then(|t| t.lines().nth(line - 1))
                .and_then(|l| l.find('#'))
                .map_or(1, |c| c + 1);
            self.diagnostics.push(
                Diagnostic::warning(
                    Loc::new(path, line, column),
                    "the accent colour is read as a comment and ignored",
                )
                .help("put the colour in quotes: `accent_color: \"#005b7f\"`"),
            );
        }
    }

    /// The documents in `files/`, to publish as they are. Only plain files inside the
    /// folder: a symbolic link could publish something from elsewhere on the machine.
    fn published_files(&mut self, dir: &Path) -> Vec<(String, bytes::Bytes)> {
        const MAX_BYTES: u64 = 50_000_000;
        let mut files = Vec::new();
        let Some(entries) = self.folder(dir) else {
            return files;
        };
        for name in entries {
            let rel = dir.join(&name);
            if name.starts_with('.') {
                continue;
            }
            let kind = safe::kind(self.root, &rel);
            let problem = if kind == safe::Kind::Link {
                Some((
                    "is a link to somewhere else",
                    "copy the document itself into files/",
                ))
            } else if kind == safe::Kind::Special {
                Some((
                    "is not a regular file (a pipe, socket or device)",
                    "remove it, or replace it by the document itself",
                ))
            } else if kind == safe::Kind::Dir {
                Some(("is a folder", "put the documents directly in files/"))
            } else if matches!(kind, safe::Kind::File { len } if len > MAX_BYTES) {
                Some((
                    "is larger than 50 MB",
                    "make the document smaller, or link to it with `url:`",
                ))
            } else if published_name(&name).is_none() {
                Some((
                    "has a name veiviser cannot publish it under",
                    "give it a name with letters or digits and an ending, e.g. `Samtykke 2023.pdf`",
                ))
            } else {
                None
            };
            if let Some((what, help)) = problem {
                self.diagnostics.push(
                    Diagnostic::error(
                        Loc::file(&rel),
                        format!("`{name}` {what} and is not published"),
                    )
                    .help(help),
                );
                continue;
            }
            // Two names that become the same web address would publish one file
            // over the other.
            let published = published_name(&name).unwrap_or_default();
            if let Some((other, _)) = files
                .iter()
                .find(|(other, _)| published_name(other).as_deref() == Some(published.as_str()))
            {
                self.diagnostics.push(
                    Diagnostic::error(
                        Loc::file(&rel),
                        format!(
                            "`{name}` and `{other}` would both be published as `filer/{published}`"
                        ),
                    )
                    .help("rename one of them so their names differ in more than capitals, spaces or punctuation"),
                );
                continue;
            }
            match safe::read(self.root, &rel, MAX_BYTES) {
                Ok(bytes) => {
                    if self.publishable(&rel, &name, &bytes) {
                        files.push((name, bytes::Bytes::from(bytes)));
                    }
                }
                Err(refused) => self.refused(&rel, &name, &refused),
            }
        }
        files
    }

    /// Whether a file of `files/` is a document or image type a guide publishes,
    /// by its content, with an ending that fits it (a web server serves it by the
    /// ending). An error otherwise.
    fn publishable(&mut self, rel: &Path, name: &str, bytes: &[u8]) -> bool {
        let ending = name.rsplit_once('.').map_or("", |(_, e)| e);
        let problem = match sniff::allowed_type(bytes) {
            Some(kind) if kind.endings().contains(&ending) => return true,
            Some(kind) => format!(
                "is named `.{ending}` but its content is {}; a browser would be told the wrong type",
                kind.endings()[0].to_uppercase()
            ),
            None => sniff::refusal(bytes),
        };
        self.diagnostics.push(
            Diagnostic::error(
                Loc::file(rel),
                format!("`{name}` {problem}, and is not published"),
            )
            .help(format!(
                "publish documents and images as {}, with the ending that fits the content",
                sniff::ALLOWED
            )),
        );
        false
    }

    /// `title: ""` (or a name of only spaces) passes the YAML types but would publish
    /// a page, link or heading with no words. An error wherever it is written; the
    /// text is that of `path` from `line_offset` lines in.
    fn empty_titles(&mut self, path: &Path, text: &str, line_offset: usize) {
        for (i, line) in text.lines().enumerate() {
            let item = line.trim_start().trim_start_matches("- ").trim_start();
            let Some((key, value)) = item.split_once(':') else {
                continue;
            };
            if key != "title" && key != "name" {
                continue;
            }
            let value = value.split(" #").next().unwrap_or_default().trim();
            let quoted = value.len() >= 2
                && ((value.starts_with('"') && value.ends_with('"'))
                    || (value.starts_with('\'') && value.ends_with('\'')));
            if quoted && value[1..value.len() - 1].trim().is_empty() {
                let column = line.find(key).map_or(1, |c| c + 1);
                self.diagnostics.push(
                    Diagnostic::error(
                        Loc::new(path, i + 1 + line_offset, column),
                        format!("the `{key}` is empty"),
                    )
                    .help(format!(
                        "write the {key} as readers should see it, e.g. `{key}: Tiltaksplan`"
                    )),
                );
            }
        }
    }

    /// Report a file or folder that was not read.
    fn refused(&mut self, rel: &Path, name: &str, refused: &safe::Refused) {
        let (message, help) = refused.explain(name);
        self.diagnostics
            .push(Diagnostic::error(Loc::file(rel), message).help(help));
    }

    /// The names in the folder `dir`, sorted; `None` when there is no such folder. A
    /// folder that is a link is reported, not read.
    fn folder(&mut self, dir: &Path) -> Option<Vec<String>> {
        match safe::entries(self.root, dir) {
            Ok(entries) => Some(entries),
            Err(refused @ (safe::Refused::Link | safe::Refused::Special)) => {
                let name = dir.to_string_lossy().into_owned();
                self.refused(dir, &name, &refused);
                None
            }
            Err(_) => None,
        }
    }

    /// The form definitions in a folder, by id (the file name).
    fn forms(&mut self, dir: &Path) -> Vec<(String, Sourced<FormFile>)> {
        let mut forms = Vec::new();
        for path in self.files_in(dir, "yaml") {
            let id = file_stem(&path);
            if self.check_slug(&path, &id) {
                if let Some(form) = self.yaml::<FormFile>(&path) {
                    forms.push((id, form));
                }
            }
        }
        forms
    }

    /// Run `read` on `path` if the file exists.
    fn optional<T>(
        &mut self,
        path: &Path,
        read: impl FnOnce(&mut Self, &Path) -> Option<T>,
    ) -> Option<Option<T>> {
        if safe::kind(self.root, path) != safe::Kind::Missing {
            Some(read(self, path))
        } else {
            None
        }
    }

    /// The files with extension `ext` in a folder, sorted; warns about other files.
    fn files_in(&mut self, dir: &Path, ext: &str) -> Vec<PathBuf> {
        let Some(entries) = self.folder(dir) else {
            return Vec::new();
        };
        let mut files = Vec::new();
        for name in entries {
            if name.starts_with('.') {
                continue;
            }
            let rel = dir.join(&name);
            // A link or special file with the right ending is kept: reading it
            // reports it as what it is.
            let kind = safe::kind(self.root, &rel);
            if kind != safe::Kind::Dir && rel.extension().is_some_and(|e| e == ext) {
                files.push(rel);
            } else {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Loc::file(&rel),
                        format!("`{name}` is ignored: only `.{ext}` files are read here"),
                    )
                    .help(format!("rename it to end in `.{ext}` or move it elsewhere")),
                );
            }
        }
        files
    }

    fn check_slug(&mut self, path: &Path, slug: &str) -> bool {
        if is_slug(slug) {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::error(
                Loc::file(path),
                format!("the file name `{slug}` cannot be used in web addresses"),
            )
            .help("rename the file using only a–z, 0–9 and hyphens (æ → ae, ø → o, å → a)"),
        );
        false
    }

    /// Read a file as UTF-8 text, recording it for diagnostics.
    fn text(&mut self, path: &Path) -> Option<String> {
        // No guide has a page of more than a few hundred kilobytes; a bigger text is a
        // mistake (a pasted export, a binary file) that would make absurd pages.
        const MAX_TEXT_BYTES: u64 = 2_000_000;
        let bytes = match safe::read(self.root, path, MAX_TEXT_BYTES) {
            Ok(bytes) => bytes,
            Err(safe::Refused::TooLarge(len)) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Loc::file(path),
                        format!(
                            "the file is {}; a text file of the guide may be at most 2 MB",
                            crate::format::size_in_words(len as usize)
                        ),
                    )
                    .help(
                        "split the text into several pages, or publish a large document in files/",
                    ),
                );
                return None;
            }
            Err(safe::Refused::Io(error)) => {
                self.diagnostics.push(Diagnostic::error(
                    Loc::file(path),
                    format!("cannot read the file: {error}"),
                ));
                return None;
            }
            Err(refused) => {
                let name = path.to_string_lossy().into_owned();
                self.refused(path, &name, &refused);
                return None;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]);
                let (line, column) = line_col(&prefix, prefix.len());
                self.diagnostics.push(
                    Diagnostic::error(
                        Loc::new(path, line, column),
                        "the file is not valid UTF-8 text",
                    )
                    .help("save the file with the encoding UTF-8 (in Notepad: File → Save as → Encoding: UTF-8)"),
                );
                return None;
            }
        };
        // A byte-order mark is invisible to editors; drop it rather than complain.
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        self.sources.insert(path, &text);
        Some(text)
    }

    fn yaml<T: DeserializeOwned>(&mut self, path: &Path) -> Option<Sourced<T>> {
        let text = self.text(path)?;
        if text.trim().is_empty() {
            self.diagnostics.push(
                Diagnostic::error(Loc::file(path), "the file is empty")
                    .help("fill in the file (see docs/innhold.md) or delete it"),
            );
            return None;
        }
        self.empty_titles(path, &text, 0);
        match yaml::parse::<T>(path, &text, 0) {
            Ok(value) => Some(Sourced {
                path: path.to_path_buf(),
                line_offset: 0,
                value,
            }),
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                None
            }
        }
    }

    fn markdown(&mut self, path: &Path) -> Option<Sourced<MarkdownFile>> {
        let body = self.text(path)?;
        Some(Sourced {
            path: path.to_path_buf(),
            line_offset: 0,
            value: MarkdownFile { body, body_line: 1 },
        })
    }

    fn page(&mut self, path: &Path, slug: String) -> Option<RawPage> {
        let text = self.text(path)?;
        let Some(split) = front_matter::split(&text) else {
            self.diagnostics.push(
                Diagnostic::error(Loc::new(path, 1, 1), "the page has no front matter")
                    .help("start the file with a line `---`, then `title: ...`, then a line `---`, then the text"),
            );
            return None;
        };
        self.empty_titles(path, split.front_matter, 1);
        let front = match yaml::parse::<PageFrontMatter>(path, split.front_matter, 1) {
            Ok(front) => front,
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                return None;
            }
        };
        Some(RawPage {
            slug,
            front: Sourced {
                path: path.to_path_buf(),
                line_offset: 1,
                value: front,
            },
            body: Sourced {
                path: path.to_path_buf(),
                line_offset: 0,
                value: MarkdownFile {
                    body: split.body.to_string(),
                    body_line: split.body_line,
                },
            },
        })
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_themes_missing_word_is_an_error_in_its_file() {
        let root = tempfile::tempdir().unwrap();
        let i18n = root.path().join("themes/default/i18n");
        std::fs::create_dir_all(&i18n).unwrap();
        std::fs::create_dir_all(root.path().join(MUNICIPALITIES_DIR)).unwrap();
        std::fs::write(i18n.join("nb.yaml"), BUILT_IN_WORDS_NB).unwrap();
        let without = BUILT_IN_WORDS_NN.replace("hours_from:", "hours_from_typo:");
        std::fs::write(i18n.join("nn.yaml"), without).unwrap();
        let loaded = load_only(root.path(), None);
        let errors: Vec<String> = loaded.diagnostics.errors().map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("themes/default/i18n/nn.yaml"),
            "{errors:?}"
        );
        assert!(errors[0].contains("`hours_from` is missing"), "{errors:?}");
        // A file that cannot be read is one error, not one per key.
        std::fs::write(i18n.join("nn.yaml"), "hours_from: [").unwrap();
        let loaded = load_only(root.path(), None);
        assert_eq!(loaded.diagnostics.errors().count(), 1);
    }

    #[test]
    fn the_themes_words_are_complete_in_both_languages() {
        assert_eq!(built_in_words().missing(), []);
        let keys = |text: &str| {
            yaml::parse::<BTreeMap<String, String>>(Path::new("i18n"), text, 0)
                .map(|m| m.into_keys().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let nb = keys(BUILT_IN_WORDS_NB);
        assert!(nb.len() > 100, "{}", nb.len());
        assert_eq!(
            nb,
            keys(BUILT_IN_WORDS_NN),
            "nb.yaml and nn.yaml have different keys"
        );
    }

    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("ovre-eiker"));
        assert!(is_slug("vinje2"));
        assert!(!is_slug("øvre-eiker"));
        assert!(!is_slug("Modum"));
        assert!(!is_slug("-x"));
        assert!(!is_slug(""));
    }

    #[test]
    fn names_as_editors_save_them_are_published_under_safe_names() {
        assert_eq!(
            published_name("Samtykke skjema Øvre Eiker.pdf").as_deref(),
            Some("samtykke-skjema-ovre-eiker.pdf")
        );
        assert_eq!(
            published_name("Tiltak_oversikt (2022).XLSX").as_deref(),
            Some("tiltak-oversikt-2022.xlsx")
        );
        assert_eq!(
            published_name("samtykke-2023.pdf").as_deref(),
            Some("samtykke-2023.pdf")
        );
        assert_eq!(
            published_name("Ærlig talt.docx").as_deref(),
            Some("aerlig-talt.docx")
        );
        assert_eq!(published_name("ingen-ending"), None);
        assert_eq!(published_name("---.pdf"), None);
        assert_eq!(published_name("notat.p df"), None);
        // The same name gives the same address, every build.
        assert_eq!(published_name("A  b.pdf"), published_name("a-b.pdf"));
    }

    #[test]
    fn published_file_names() {
        assert!(is_file_name("samtykke-2023.pdf"));
        assert!(is_file_name("tiltak_oversikt.xlsx"));
        assert!(!is_file_name("Samtykke.PDF"));
        assert!(!is_file_name("tiltak oversikt.xlsx"));
        assert!(!is_file_name("ingen-ending"));
        assert!(!is_file_name("å.pdf"));
    }
}
