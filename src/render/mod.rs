//! Stage 4, **render**: the resolved model through the theme's Tera templates into
//! HTML pages, one list of output files per municipality, pages in parallel.

mod chrome;
mod compact;
pub mod glossary;
pub mod markdown;
pub mod search;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tera::{Context, Tera};

use crate::diagnostic::{Diagnostic, Loc};
use crate::forms;
use crate::model::layout;
use crate::model::RawTheme;
use crate::model::{Model, Municipality};

pub use crate::model::OutputFile;

/// A compiled theme.
pub struct Theme {
    tera: Tera,
    strings: BTreeMap<String, Value>,
    static_files: Vec<(PathBuf, bytes::Bytes)>,
}

impl Theme {
    pub fn compile(raw: RawTheme) -> Result<Theme, Diagnostic> {
        // Pages are not minified: the templates are made compact instead, once. A
        // template that does not parse is parsed again as written, so that the error
        // names the line and column the theme's author sees.
        let mut tera = Tera::default();
        let compacted: Vec<(&str, String)> = raw
            .templates
            .iter()
            .map(|(name, source)| (name.as_str(), compact::compact(source)))
            .collect();
        if tera.add_raw_templates(compacted).is_err() {
            return Theme::compile_as_written(raw);
        }
        Ok(Theme::finish(tera, raw))
    }

    /// The theme with its templates as written, white space and all: what
    /// [`Theme::compile`] makes compact. Pages rendered with either show the same.
    pub fn compile_as_written(raw: RawTheme) -> Result<Theme, Diagnostic> {
        let mut tera = Tera::default();
        tera.add_raw_templates(raw.templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| template_error(&e))?;
        Ok(Theme::finish(tera, raw))
    }

    fn finish(mut tera: Tera, raw: RawTheme) -> Theme {
        tera.register_filter("markdown", markdown_filter);
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        let strings = raw
            .strings
            .into_iter()
            .map(|(lang, map)| (lang, json!(map)))
            .collect();
        Theme {
            tera,
            strings,
            static_files: raw
                .static_files
                .into_iter()
                .map(|(path, bytes)| (path, bytes.into()))
                .collect(),
        }
    }
}

/// A value made safe for a page: text or a quoted attribute value (templates quote
/// every attribute). Tera's own escaping also writes `/` as `&#x2F;`, which no
/// browser needs there and which made pages larger than any minifier left them.
fn escape_html(input: &str) -> String {
    // Byte by byte: the values a page shows are mostly short, and for them `memchr`
    // (tried) cost more than it saved.
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut rest = input;
    while let Some(at) = rest.bytes().position(|b| special(&b)) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#x27;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

fn template_error(error: &tera::Error) -> Diagnostic {
    // Tera nests the cause; the innermost message says what is wrong.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    Diagnostic::error(Loc::file("themes/default/templates"), message)
        .help("this is an error in the theme's templates, not in the content")
}

/// What the `markdown` filter reads of a serialised `model::Markdown`, borrowed from
/// the template's value (the filter runs for every text of every page, so the source
/// is not copied). Unknown and missing fields are errors: a field renamed in the
/// model fails here, and the unit test below, instead of blanking a page.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownValue<'a> {
    #[serde(borrow)]
    source: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    links: Vec<LinkValue<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkValue<'a> {
    #[serde(borrow)]
    reference: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    target: Option<std::borrow::Cow<'a, str>>,
    /// Not used by the filter, but part of the model's shape.
    #[serde(rename = "title")]
    _title: serde::de::IgnoredAny,
}

/// `{{ text | markdown(base=base) | safe }}`: a resolved `Markdown` to sanitised HTML.
/// An absent text (`None`) is empty; anything that is not a `Markdown` is an error, so
/// a template that passes the wrong value, or a renamed field, fails the build and its
/// tests instead of leaving a page blank.
fn markdown_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    if value.is_null() {
        return Ok(Value::String(String::new()));
    }
    let text = MarkdownValue::deserialize(value).map_err(|e| {
        tera::Error::msg(format!(
            "the markdown filter takes a Markdown text (source and links), not this value: {e}"
        ))
    })?;
    let base = args.get("base").and_then(Value::as_str).unwrap_or_default();
    let shift = args.get("shift").and_then(Value::as_u64).unwrap_or(0) as usize;
    let targets: BTreeMap<String, String> = text
        .links
        .into_iter()
        .filter_map(|link| Some((link.reference.into_owned(), link.target?.into_owned())))
        .collect();
    // Marked as a text glossary terms may be linked in (`glossary::Linker`).
    Ok(Value::String(format!(
        "{}{}{}",
        glossary::TEXT_START,
        markdown::to_html_remembered(&text.source, targets, base, shift),
        glossary::TEXT_END
    )))
}

/// What one page is: its template, output path and the data only it needs.
struct PageJob {
    template: &'static str,
    path: String,
    title: String,
    /// What only this page's template reads (a step, a form...), put into the
    /// context while the page renders. Shared, not copied: the steps of a guide
    /// all read the same outline of it.
    extra: Vec<(String, Arc<Value>)>,
    /// Links from the host's root instead of relative ones (the 404 page).
    absolute_base: Option<String>,
}

impl PageJob {
    fn new(template: &'static str, path: &str, title: &str) -> PageJob {
        PageJob {
            template,
            path: path.to_string(),
            title: title.to_string(),
            extra: Vec::new(),
            absolute_base: None,
        }
    }

    fn with(self, key: &str, value: Value) -> PageJob {
        self.with_shared(key, Arc::new(value))
    }

    fn with_shared(mut self, key: &str, value: Arc<Value>) -> PageJob {
        self.extra.push((key.to_string(), value));
        self
    }
}

/// A guide as navigation needs it: titles and paths, not the text of every step.
/// A step page carries this instead of the whole guide (templates get lightweight
/// metadata for menus, the full text only of the page itself).
#[derive(Serialize)]
struct GuideOutline<'a> {
    title: &'a str,
    path: &'a str,
    levels: Vec<LevelOutline<'a>>,
}

#[derive(Serialize)]
struct LevelOutline<'a> {
    level: u32,
    title: &'a str,
    path: &'a str,
    anchor: &'a str,
    steps: Vec<StepOutline<'a>>,
}

#[derive(Serialize)]
struct StepOutline<'a> {
    id: &'a str,
    label: Option<&'a str>,
    title: &'a str,
    path: &'a str,
}

impl<'a> GuideOutline<'a> {
    fn of(guide: &'a crate::model::Guide) -> GuideOutline<'a> {
        GuideOutline {
            title: &guide.title,
            path: &guide.path,
            levels: guide
                .levels
                .iter()
                .map(|level| LevelOutline {
                    level: level.level,
                    title: &level.title,
                    path: &level.path,
                    anchor: &level.anchor,
                    steps: level
                        .steps
                        .iter()
                        .map(|step| StepOutline {
                            id: &step.id,
                            label: step.label.as_deref(),
                            title: &step.title,
                            path: &step.path,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Render every municipality, and the list of them at the top.
pub fn render(model: &Model, theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    render_only(model, theme, None, &mut FormStore::default())
}

/// Render the sites named in `only` (all when `None`), the list of all sites and the
/// shared assets. `serve` uses it to redo only what an edit affects.
pub fn render_only(
    model: &Model,
    theme: &Theme,
    only: Option<&std::collections::BTreeSet<String>>,
    forms: &mut FormStore,
) -> Result<Vec<OutputFile>, Diagnostic> {
    render_sites(model, theme, only, forms, &Partials::new(), true).map(|(files, _)| files)
}

/// [`render_only`], rendering of each site in `partials` only what reads the parts
/// of its model that changed (the rest as served), and with what each site's output
/// shows of its model ([`SiteRecord`]), by slug. The list of all sites and the
/// shared assets only `with_root`.
pub fn render_sites(
    model: &Model,
    theme: &Theme,
    only: Option<&std::collections::BTreeSet<String>>,
    forms: &mut FormStore,
    partials: &Partials,
    with_root: bool,
) -> Result<(Vec<OutputFile>, BTreeMap<String, SiteRecord>), Diagnostic> {
    let selected: Vec<&Municipality> = model
        .municipalities
        .iter()
        .filter(|m| only.is_none_or(|o| o.contains(&m.slug)))
        .collect();
    let forms = forms.documents(&selected);
    let per_site: Vec<(Vec<OutputFile>, SiteRecord)> = selected
        .par_iter()
        .map(|m| render_municipality(m, theme, &forms, partials.get(&m.slug)))
        .collect::<Result<_, _>>()?;
    let mut files = Vec::new();
    let mut records = BTreeMap::new();
    for (m, (site_files, record)) in selected.iter().zip(per_site) {
        files.extend(site_files);
        records.insert(m.slug.clone(), record);
    }
    if with_root {
        let entries: Vec<SiteEntry> = model.municipalities.iter().map(SiteEntry::of).collect();
        files.extend(render_root(&entries, theme)?);
    }
    Ok((files, records))
}

/// The fields of a glossary term that only its entry on the glossary page shows.
/// Pages get the site's terms without them (`site.glossary`): only the glossary
/// page, which lists the terms in [`SiteRecord::listed_terms`], shows them, so a
/// change to a term it does not list changes no file (`serve` relies on it).
pub const TERM_TEXTS: &[&str] = &["word", "definition", "source", "url"];

/// `site` (a site's JSON) with its glossary terms' [`TERM_TEXTS`] taken out.
fn strip_term_texts(site: &mut Value) {
    let terms = site
        .get_mut("glossary")
        .and_then(|g| g.get_mut("terms"))
        .and_then(Value::as_array_mut);
    for term in terms.into_iter().flatten() {
        if let Some(term) = term.as_object_mut() {
            for key in TERM_TEXTS {
                term.remove(*key);
            }
        }
    }
}

/// The templates that read the site's forms (`site.forms`), and those that read
/// their files' sizes (`form_sizes`). When only a site's forms changed, only their
/// pages are rendered again, and the pages reading the sizes when those changed;
/// every other page is the one served. `serve::parts` holds every other template
/// (and the page chrome) to reading neither: a template that starts to must be
/// named here.
pub const READS_FORMS: &[&str] = &["form.html"];
pub const READS_FORM_SIZES: &[&str] = &[
    "form.html",
    "step.html",
    "level.html",
    "full.html",
    "toolbox.html",
];

/// What changed of a site's model since the output served, when only parts few
/// outputs read changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    /// `site.forms`: the forms' pages, files and maybe their sizes.
    pub forms: bool,
    /// The text of a term the glossary page lists ([`TERM_TEXTS`]).
    pub listed_terms: bool,
}

/// A site of which only what reads the [`Changed`] parts is rendered again.
pub struct Partial<'a> {
    pub changed: Changed,
    /// What the output served was rendered from.
    pub record: &'a SiteRecord,
    /// The HTML of a page as served, by its path from the output root
    /// (`slug/verktoy/index.html`); `None` when it is not at hand, and then the
    /// whole site is rendered.
    pub served: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Any other served file's bytes as written (the search index), by the same
    /// path; `None` when it is not at hand.
    pub served_file: &'a (dyn Fn(&str) -> Option<bytes::Bytes> + Sync),
    /// Whether the page under a path is served as it was rendered: then it can be
    /// kept as it is, without its HTML ([`SiteRecord::kept`]).
    pub is_served: &'a (dyn Fn(&str) -> bool + Sync),
}

/// The sites rendered in part, by slug.
pub type Partials<'a> = BTreeMap<String, Partial<'a>>;

/// What a site's output shows of its model, as render reports it: kept by `serve`
/// with the served files, to render next time only what an edit changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteRecord {
    /// The ids of the terms the glossary page lists (none without a glossary).
    pub listed_terms: BTreeSet<String>,
    /// Each page the site's model makes, in order.
    pages: Vec<PageRecord>,
    /// The forms' sizes as the pages show them.
    form_sizes: Value,
    /// How many of `pages` were rendered (the others taken as served).
    pub pages_rendered: usize,
    /// The pages taken as served without their HTML (and so not in the files this
    /// render returns), by their path from the output root: the caller keeps them
    /// as it serves them. Only of this render; not part of what the output shows.
    pub kept: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PageRecord {
    template: &'static str,
    path: String,
    title: String,
    /// The glossary terms the page links, by their place in the site's glossary.
    linked: Vec<u32>,
}

/// What the list of all sites shows of a site. A build that renders the sites a
/// few at a time keeps these, not the sites, for the list at the end.
#[derive(Debug, Clone)]
pub struct SiteEntry {
    slug: String,
    name: String,
    title: String,
    lang: crate::model::Lang,
    model_name: Option<String>,
    safety_net: Vec<crate::model::SafetyNumber>,
}

impl SiteEntry {
    pub fn slug(&self) -> &str {
        &self.slug
    }

    pub fn of(m: &Municipality) -> SiteEntry {
        SiteEntry {
            slug: m.slug.clone(),
            name: m.name.clone(),
            title: m.title.clone(),
            lang: m.lang,
            model_name: m.model_name.clone(),
            safety_net: m.safety_net.clone(),
        }
    }
}

/// The list of all sites (`index.html`, and `404.html` for the host), in the order
/// given, and the shared assets.
pub fn render_root(sites: &[SiteEntry], theme: &Theme) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files = Vec::new();
    #[derive(Serialize)]
    struct Entry<'a> {
        slug: &'a str,
        name: &'a str,
        title: &'a str,
        lang: &'a str,
        model_name: Option<&'a str>,
    }
    let entries: Vec<Entry> = sites
        .iter()
        .map(|m| Entry {
            slug: &m.slug,
            name: &m.name,
            title: &m.title,
            lang: m.lang.code(),
            model_name: m.model_name.as_deref(),
        })
        .collect();
    // The list of sites is in bokmål; a reader who lands there in a crisis finds the
    // national numbers open round the clock that the sites show (112, 116 111), as
    // on every site's own pages.
    let mut national: Vec<&crate::model::SafetyNumber> = Vec::new();
    let bokmal_first = sites
        .iter()
        .filter(|m| m.lang == crate::model::Lang::Nb)
        .chain(sites.iter().filter(|m| m.lang != crate::model::Lang::Nb));
    for number in bokmal_first.flat_map(|m| &m.safety_net) {
        if !national.iter().any(|n| n.tel == number.tel) {
            national.push(number);
        }
    }
    let mut context = Context::new();
    context.insert("municipalities", &entries);
    context.insert("national", &national);
    context.insert("t", &theme.strings.get("nb"));
    context.insert("base", "");
    context.insert("assets", layout::ASSETS);
    context.insert("layout", &layout::SECTIONS);
    let html = theme
        .tera
        .render("root.html", &context)
        .map_err(|e| template_error(&e))?;
    files.push(OutputFile {
        path: "index.html".into(),
        bytes: html.into(),
    });
    context.insert("not_found", &true);
    let html = theme
        .tera
        .render("root.html", &context)
        .map_err(|e| template_error(&e))?;
    files.push(OutputFile {
        path: "404.html".into(),
        bytes: html.into(),
    });
    for (path, bytes) in &theme.static_files {
        files.push(OutputFile {
            path: PathBuf::from("assets").join(path),
            bytes: bytes.clone(),
        });
    }
    Ok(files)
}

/// Render every site of `sites`, handing each site's files to `each` as soon as they
/// are made: a build writes while it renders and never holds the whole output. Each
/// site's forms are made with it and not kept. Every site is rendered even when one
/// fails, and the first error in the sites' order is returned, so that the same
/// input always reports the same error. The list of sites is [`render_root`]'s.
pub fn render_each<F>(sites: &[Municipality], theme: &Theme, each: F) -> Result<(), Diagnostic>
where
    F: Fn(Vec<OutputFile>) -> Result<(), Diagnostic> + Sync,
{
    let errors: Vec<Diagnostic> = sites
        .par_iter()
        .filter_map(|m| {
            let forms = FormStore::default().documents(&[m]);
            render_municipality(m, theme, &forms, None)
                .and_then(|(files, _)| each(files))
                .err()
        })
        .collect();
    match errors.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(()),
    }
}

/// A value for a template. Our model types serialise without fail (string keys,
/// no non-finite numbers), so an error here is a bug, shown as an empty value.
fn value<T: Serialize + ?Sized>(data: &T) -> Value {
    serde_json::to_value(data).unwrap_or(Value::Null)
}

fn jobs(m: &Municipality) -> Vec<PageJob> {
    // Lists of pages the templates show, made here once rather than grown page by
    // page in the template (which copies the list again for every page).
    let entry_pages: Vec<_> = m.pages.iter().filter(|p| p.entry).collect();
    let other_pages: Vec<_> = m
        .pages
        .iter()
        .filter(|p| p.tier.is_none() && !p.entry)
        .collect();
    let untiered_pages: Vec<_> = m.pages.iter().filter(|p| p.tier.is_none()).collect();
    let mut jobs = vec![
        PageJob::new("home.html", layout::HOME, &m.title)
            .with("entry_pages", value(&entry_pages))
            .with("other_pages", value(&other_pages)),
        // Every page offers "Forlat siden"; this page says how to hide the visit too.
        PageJob::new("hide.html", layout::HIDE_VISIT, ""),
    ];
    // With several guides, a level's or step's page title names its guide.
    let several = m.guides.len() > 1;
    // A guide, level, step, page or form page is passed as its place in the site
    // (`guide_index`, ...): the template reads it from `site`, which holds it already,
    // rather than from a copy made for the page.
    for (g, guide) in m.guides.iter().enumerate() {
        let in_guide = |title: String| {
            if several {
                format!("{title} – {}", guide.title)
            } else {
                title
            }
        };
        jobs.push(
            PageJob::new("guide.html", &guide.path, &guide.title).with("guide_index", g.into()),
        );
        // One outline of the guide and of each level, shared by its pages.
        let outline = Arc::new(value(&GuideOutline::of(guide)));
        let repeat = guide.labels_repeat();
        let levels = outline.get("levels").and_then(Value::as_array);
        for (l, level) in guide.levels.iter().enumerate() {
            let level_outline = Arc::new(
                levels
                    .and_then(|all| all.get(l))
                    .cloned()
                    .unwrap_or_default(),
            );
            jobs.push(
                PageJob::new("level.html", &level.path, &in_guide(level.title.clone()))
                    .with_shared("guide", Arc::clone(&outline))
                    .with("guide_index", g.into())
                    .with("level_index", l.into()),
            );
            for (s, step) in level.steps.iter().enumerate() {
                let step_title = if repeat {
                    format!("{} – {}", step.heading(), level.title)
                } else {
                    step.heading()
                };
                jobs.push(
                    PageJob::new("step.html", &step.path, &in_guide(step_title.clone()))
                        .with_shared("guide", Arc::clone(&outline))
                        .with_shared("level", Arc::clone(&level_outline))
                        .with("guide_index", g.into())
                        .with("level_index", l.into())
                        .with("step_index", s.into()),
                );
            }
        }
    }
    // The numbered tools first, under their own heading, then the others: split
    // here, once, rather than by growing two lists item by item in the template
    // (which copies each list again for every item).
    let (numbered, others): (Vec<_>, Vec<_>) = m
        .toolbox
        .items
        .iter()
        .partition(|item| item.number.is_some_and(|n| n != 0));
    jobs.push(
        PageJob::new("toolbox.html", &m.toolbox.path, "")
            .with("numbered_tools", value(&numbered))
            .with("other_tools", value(&others)),
    );
    if !m.arenas.items.is_empty() {
        let title = m.arenas.title.as_deref().unwrap_or_default();
        jobs.push(PageJob::new("arenas.html", &m.arenas.path, title));
    }
    if let Some(pyramid) = &m.pyramid {
        jobs.push(PageJob::new("pyramid.html", &pyramid.path, &pyramid.title));
    }
    jobs.push(
        PageJob::new("full.html", layout::WHOLE_GUIDE, "")
            .with("untiered_pages", value(&untiered_pages)),
    );
    if let Some(guidance) = &m.guidance {
        let title = guidance.title.as_deref().unwrap_or_default();
        jobs.push(PageJob::new("guidance.html", &guidance.path, title));
    }
    for (f, form) in m.forms.iter().enumerate() {
        jobs.push(
            PageJob::new("form.html", &form.links.path, &form.form.title)
                .with("form_index", f.into()),
        );
    }
    for (p, page) in m.pages.iter().enumerate() {
        jobs.push(PageJob::new("page.html", &page.path, &page.title).with("page_index", p.into()));
    }
    jobs
}

/// Each page's template and path, with the indices it is given to read its own value
/// from `site` (`guide_index`, ...). For the test in `build` that holds those values
/// to the ones serialised for the pages alone (render does not load sites itself).
#[cfg(test)]
pub(crate) fn page_indices(
    m: &Municipality,
) -> Vec<(&'static str, String, BTreeMap<String, usize>)> {
    jobs(m)
        .into_iter()
        .map(|job| {
            let indices = job
                .extra
                .iter()
                .filter(|(key, _)| key.ends_with("_index"))
                .filter_map(|(key, value)| Some((key.clone(), value.as_u64()? as usize)))
                .collect();
            (job.template, job.path, indices)
        })
        .collect()
}

/// The glossary page: the terms the site's pages link, and the municipality's own
/// terms. A site whose pages link none lists all its terms rather than none.
fn glossary_job(
    glossary: &crate::model::Glossary,
    used: &[bool],
    listed_ids: &mut BTreeSet<String>,
) -> PageJob {
    let listed: Vec<&crate::model::GlossaryTerm> = glossary
        .terms
        .iter()
        .zip(used)
        .filter(|(term, used)| **used || term.local)
        .map(|(term, _)| term)
        .collect();
    let listed: Vec<&crate::model::GlossaryTerm> = if listed.is_empty() {
        glossary.terms.iter().collect()
    } else {
        listed
    };
    listed_ids.extend(listed.iter().map(|term| term.id.clone()));
    PageJob::new("glossary.html", &glossary.path, "").with("glossary_terms", value(&listed))
}

/// `sitemap.xml` for search engines: every page's full address.
fn sitemap<'a>(base_url: &str, paths: impl Iterator<Item = &'a str>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let url = format!("{base_url}{path}")
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        xml.push_str(&format!("  <url><loc>{url}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Render one page of a site. `context` holds what every page of the site shares
/// (one copy per worker thread, not per page); the page's own values are moved in
/// for the render and taken out again after.
fn render_page(
    theme: &Theme,
    context: &mut Context,
    chrome: &chrome::ChromeCache,
    job: &mut PageJob,
    slug: &str,
) -> Result<OutputFile, Diagnostic> {
    render_page_with(theme, context, chrome, job, slug, None, &mut []).map(PageText::into_file)
}

/// [`render_page`], with the first use of each glossary term in the page's texts
/// linked to its definition; `used` marks the terms linked.
fn render_page_with(
    theme: &Theme,
    context: &mut Context,
    chrome: &chrome::ChromeCache,
    job: &mut PageJob,
    slug: &str,
    linker: Option<&glossary::Linker>,
    used: &mut [bool],
) -> Result<PageText, Diagnostic> {
    let base = job
        .absolute_base
        .clone()
        .unwrap_or_else(|| base_for(&job.path));
    context.insert("assets", &format!("{base}{}", layout::ASSETS));
    context.insert("base", &base);
    context.insert("page_path", &job.path);
    context.insert("page_title", &job.title);
    // Pages an employee works on get the emergency numbers as a compact bar, so the
    // page's own heading starts within a phone's first screen; the hours are one tap
    // away. Every other page shows the whole contact block.
    let compact = matches!(
        job.template,
        "step.html" | "form.html" | "search.html" | "toolbox.html"
    );
    context.insert("compact_contact", &compact);
    let shared = chrome.for_page(theme, context, &base, &job.path, compact)?;
    context.insert_shared("chrome_top", Arc::clone(&shared.top));
    context.insert_shared("chrome_bottom", Arc::clone(&shared.bottom));
    let extra = std::mem::take(&mut job.extra);
    // Taking a page's values out again must not take a shared one with them.
    debug_assert!(
        extra.iter().all(|(key, _)| !context.contains_key(key)),
        "a page value shadows a shared one: {:?}",
        extra.iter().map(|(key, _)| key).collect::<Vec<_>>()
    );
    let keys: Vec<String> = extra.iter().map(|(key, _)| key.clone()).collect();
    for (key, value) in extra {
        context.insert_shared(key, value);
    }
    let rendered = theme.tera.render(job.template, context);
    for key in &keys {
        // Shared values (a guide's outline) are let go, not copied out.
        context.remove_shared(key);
    }
    let html = rendered.map_err(|e| template_error(&e))?;
    let html = match linker {
        Some(linker) => linker.link(&html, &base, used),
        None => glossary::strip_markers(&html),
    };
    Ok(PageText {
        path: PathBuf::from(slug).join(&job.path),
        html,
    })
}

/// A rendered page while it is still text: the search index reads it as it is,
/// without checking its bytes again for UTF-8.
struct PageText {
    path: PathBuf,
    html: String,
}

impl PageText {
    fn into_file(self) -> OutputFile {
        OutputFile {
            path: self.path,
            bytes: self.html.into(),
        }
    }
}

/// The text of a page's first `<h1>`.
fn first_heading(html: &str) -> String {
    html.split_once("<h1")
        .and_then(|(_, rest)| rest.split_once('>'))
        .and_then(|(_, rest)| rest.split_once("</h1>"))
        .map(|(inner, _)| search::fragment_text(inner))
        .unwrap_or_default()
}

/// The relative way from a page to the site root: `veileder/x/index.html` → `../../`.
pub fn base_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A form's PDF and ODT.
pub struct FormDocuments {
    pub pdf: bytes::Bytes,
    pub odt: bytes::Bytes,
}

/// What a [`FormStore`] keeps of one form: the definition, its files' sizes (the
/// pages show them) and, unless the files are made on request, the files.
pub struct FormMade {
    form: Arc<crate::model::Form>,
    pdf_len: usize,
    odt_len: usize,
    documents: Option<FormDocuments>,
}

/// A form's file as `serve` makes it on request: where it is served
/// (`slug/skjema/x/x.pdf`), what makes it and its size as the pages show it.
#[derive(Debug, Clone)]
pub struct FormFile {
    pub path: String,
    pub form: Arc<crate::model::Form>,
    pub kind: forms::Kind,
    pub len: usize,
}

impl FormFile {
    /// The file's bytes: those a build writes, made again (a few milliseconds).
    pub fn make(&self) -> Vec<u8> {
        self.kind.write(&self.form)
    }
}

/// The PDF and ODT of every form definition, by the file it comes from, with the
/// definition they were written from. A build starts with an empty store; `serve`
/// keeps one between rebuilds, so that an edit to a page does not write every form
/// again, and keeps it [`FormStore::on_request`]: without the files.
#[derive(Default)]
pub struct FormStore {
    written: BTreeMap<String, Arc<FormMade>>,
    /// The files are written for their sizes and let go: render hands out none,
    /// and the caller makes them when asked ([`FormStore::files_of`]).
    on_request: bool,
}

impl FormStore {
    /// A store that keeps the forms' definitions and sizes, not their files: render
    /// then leaves the forms' files out of what it returns.
    pub fn on_request() -> FormStore {
        FormStore {
            written: BTreeMap::new(),
            on_request: true,
        }
    }

    /// The files of the forms `m` offers, as [`FormStore::on_request`] leaves them
    /// out: of a site rendered with this store, and in the order render makes them.
    pub fn files_of(&self, m: &Municipality) -> Vec<FormFile> {
        let mut files = Vec::with_capacity(m.forms.len() * 2);
        for page in &m.forms {
            let Some(made) = self.written.get(&page.source) else {
                continue;
            };
            for (link, kind, len) in [
                (&page.links.pdf, forms::Kind::Pdf, made.pdf_len),
                (&page.links.odt, forms::Kind::Odt, made.odt_len),
            ] {
                files.push(FormFile {
                    path: format!("{}/{}", m.slug, link),
                    form: Arc::clone(&made.form),
                    kind,
                    len,
                });
            }
        }
        files
    }

    /// Every form definition kept.
    pub fn forms(&self) -> impl Iterator<Item = &crate::model::Form> {
        self.written.values().map(|made| made.form.as_ref())
    }

    /// Every form the sites offer, written once per definition and site (a form
    /// carries its municipality's name, so a library form differs from site to site).
    /// Forms written before, unchanged, are not written again; those the sites no
    /// longer offer are forgotten.
    fn documents<'a>(&mut self, sites: &[&'a Municipality]) -> BTreeMap<&'a str, Arc<FormMade>> {
        let mut unique: BTreeMap<&str, &crate::model::Form> = BTreeMap::new();
        for page in sites.iter().flat_map(|m| &m.forms) {
            unique.entry(page.source.as_str()).or_insert(&page.form);
        }
        // A source is `<file>#<slug>`: of the sites here, what they no longer offer.
        let here: BTreeSet<&str> = sites.iter().map(|m| m.slug.as_str()).collect();
        self.written.retain(|source, _| {
            unique.contains_key(source.as_str())
                || source
                    .rsplit_once('#')
                    .is_none_or(|(_, slug)| !here.contains(slug))
        });
        let missing: Vec<(&str, &crate::model::Form)> = unique
            .iter()
            .filter(|(source, form)| {
                self.written
                    .get(**source)
                    .is_none_or(|made| made.form.as_ref() != **form)
            })
            .map(|(source, form)| (*source, *form))
            .collect();
        let on_request = self.on_request;
        let new: Vec<(&str, FormMade)> = missing
            .into_par_iter()
            .map(|(source, form)| {
                let pdf = forms::Kind::Pdf.write(form);
                let odt = forms::Kind::Odt.write(form);
                let made = FormMade {
                    form: Arc::new(form.clone()),
                    pdf_len: pdf.len(),
                    odt_len: odt.len(),
                    documents: (!on_request).then(|| FormDocuments {
                        pdf: pdf.into(),
                        odt: odt.into(),
                    }),
                };
                (source, made)
            })
            .collect();
        for (source, made) in new {
            self.written.insert(source.to_string(), Arc::new(made));
        }
        unique
            .into_keys()
            .filter_map(|source| Some((source, Arc::clone(self.written.get(source)?))))
            .collect()
    }
}

/// What every page of a site shares: the context (the site's JSON, its words, menu,
/// the forms' sizes), the chrome's cache, and the forms' files.
struct SiteContext {
    shared: Context,
    chrome: chrome::ChromeCache,
    form_files: Vec<OutputFile>,
    form_sizes: Value,
}

fn site_context(
    m: &Municipality,
    theme: &Theme,
    forms: &BTreeMap<&str, Arc<FormMade>>,
) -> Result<SiteContext, Diagnostic> {
    let mut site = serde_json::to_value(m).map_err(|e| {
        Diagnostic::error(
            Loc::file(format!("municipalities/{}", m.slug)),
            e.to_string(),
        )
    })?;
    strip_term_texts(&mut site);
    // Values already JSON are moved into the context, not serialised again.
    let mut shared = Context::new();
    shared.insert_value("site", site);
    shared.insert_value(
        "t",
        theme
            .strings
            .get(m.lang.code())
            .cloned()
            .unwrap_or(Value::Null),
    );
    shared.insert("exit_url", &m.exit_url);
    shared.insert("layout", &layout::SECTIONS);
    let nav: Vec<Value> = navigation(m);
    let chrome = chrome::ChromeCache::new(menu_paths(&nav));
    shared.insert_value("nav", Value::Array(nav));
    let mut form_files = Vec::new();
    let mut form_sizes = BTreeMap::new();
    for page in &m.forms {
        if let Some(made) = forms.get(page.source.as_str()) {
            form_sizes.insert(
                page.links.id.clone(),
                json!({
                    "pdf": crate::format::size_in_words(made.pdf_len),
                    "odt": crate::format::size_in_words(made.odt_len),
                }),
            );
            // Made on request: the caller serves them (`FormStore::files_of`).
            let Some(documents) = &made.documents else {
                continue;
            };
            form_files.push(OutputFile {
                path: PathBuf::from(&m.slug).join(&page.links.pdf),
                bytes: documents.pdf.clone(),
            });
            form_files.push(OutputFile {
                path: PathBuf::from(&m.slug).join(&page.links.odt),
                bytes: documents.odt.clone(),
            });
        }
    }
    let form_sizes = value(&form_sizes);
    shared.insert("form_sizes", &form_sizes);
    Ok(SiteContext {
        shared,
        chrome,
        form_files,
        form_sizes,
    })
}

fn menu_paths(nav: &[Value]) -> Vec<String> {
    nav.iter()
        .filter_map(|item| item.get("path").and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

/// Each page of a site that a partial render may take as served (every page of its
/// model and the page for missing addresses), rendered alone: its context first
/// changed by `alter(template, context)`, its chrome rendered for it alone. For the
/// test in `serve::fingerprint` that holds [`READS_FORMS`] and [`READS_FORM_SIZES`]
/// to the templates. By output path.
#[cfg(test)]
pub(crate) fn render_pages_altered(
    m: &Municipality,
    theme: &Theme,
    alter: &dyn Fn(&str, &mut Context),
) -> Result<Vec<(PathBuf, String)>, Diagnostic> {
    let forms = FormStore::default().documents(&[m]);
    let site = site_context(m, theme, &forms)?;
    let linker = m.glossary.as_ref().and_then(glossary::Linker::new);
    let term_count = m.glossary.as_ref().map_or(0, |g| g.terms.len());
    let mut not_found = PageJob::new("notfound.html", layout::NOT_FOUND, "");
    not_found.absolute_base = Some(format!("/{}/", m.slug));
    let mut pages = Vec::new();
    for mut job in jobs(m).into_iter().chain([not_found]) {
        let mut context = site.shared.clone();
        alter(job.template, &mut context);
        let nav: Vec<Value> = context
            .get("nav")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let chrome = chrome::ChromeCache::new(menu_paths(&nav));
        let mut used = vec![false; term_count];
        let linker = linker.as_ref().filter(|_| job.template != "notfound.html");
        let page = render_page_with(
            theme,
            &mut context,
            &chrome,
            &mut job,
            &m.slug,
            linker,
            &mut used,
        )?;
        pages.push((page.path, page.html));
    }
    Ok(pages)
}

fn render_municipality(
    m: &Municipality,
    theme: &Theme,
    forms: &BTreeMap<&str, Arc<FormMade>>,
    partial: Option<&Partial>,
) -> Result<(Vec<OutputFile>, SiteRecord), Diagnostic> {
    let SiteContext {
        mut shared,
        chrome,
        form_files,
        form_sizes,
    } = site_context(m, theme, forms)?;
    let mut jobs = jobs(m);
    // Of a site rendered in part, the search index as served: the pages rendered
    // again replace their part of it, and the pages taken as served are neither
    // read again nor even taken out of what is served (most of what a partial render
    // cost): they are kept as they are. Only when the index holds the pages this
    // render makes, in number; otherwise they are taken out and read, as they are.
    let indexed = jobs
        .iter()
        .filter(|job| job.path != layout::WHOLE_GUIDE)
        .count()
        + usize::from(m.glossary.is_some())
        + m.phones.len();
    let mut served_index = partial
        .and_then(|p| (p.served_file)(&format!("{}/{}", m.slug, layout::SEARCH_INDEX)))
        .and_then(|bytes| {
            std::str::from_utf8(&bytes)
                .ok()
                .and_then(search::Index::from_script)
        })
        .filter(|index| index.pages.len() == indexed);
    let patching = served_index.is_some();
    // Of a site rendered in part, the pages that read nothing that changed, as
    // served; `None` for a page to render (every page, unless in part).
    let served = partial
        .and_then(|partial| served_pages(m, &jobs, &form_sizes, partial, patching))
        .unwrap_or_else(|| vec![None; jobs.len()]);
    let pages_rendered = served.iter().filter(|page| page.is_none()).count();

    // Pages render in parallel, each worker with its own copy of the shared context;
    // each page is read for the search index while it is at hand. The first use of
    // each glossary term on a page links to its definition; which terms were linked
    // decides what the glossary page lists.
    let linker = m.glossary.as_ref().and_then(glossary::Linker::new);
    let term_count = m.glossary.as_ref().map_or(0, |g| g.terms.len());
    let mut record = SiteRecord {
        pages: jobs
            .iter()
            .map(|job| PageRecord {
                template: job.template,
                path: job.path.clone(),
                title: job.title.clone(),
                linked: Vec::new(),
            })
            .collect(),
        pages_rendered,
        ..SiteRecord::default()
    };
    // For each page: the file, its search terms (the outer `None` for a page not in
    // the index, the inner for one taken as served into an index patched), the terms
    // it links.
    #[allow(clippy::type_complexity)]
    let rendered: Vec<(
        Option<OutputFile>,
        Option<Option<search::PageTerms>>,
        Vec<u32>,
    )> = jobs
        .par_iter_mut()
        .zip(served)
        .map_init(
            || shared.clone(),
            |context, (job, served)| {
                let as_served = served.is_some();
                let (page, linked) = match served {
                    // Kept as served: nothing to render, read or hand on.
                    Some((AsServed::Kept, linked)) => {
                        let indexed = (job.path != layout::WHOLE_GUIDE).then_some(None);
                        return Ok((None, indexed, linked));
                    }
                    Some((AsServed::Html(html), linked)) => (
                        PageText {
                            path: PathBuf::from(&m.slug).join(&job.path),
                            html,
                        },
                        linked,
                    ),
                    None => {
                        let mut used = vec![false; term_count];
                        let page = render_page_with(
                            theme,
                            context,
                            &chrome,
                            job,
                            &m.slug,
                            linker.as_ref(),
                            &mut used,
                        )?;
                        let linked = (0..term_count as u32)
                            .filter(|&i| used[i as usize])
                            .collect();
                        (page, linked)
                    }
                };
                // The whole guide repeats every page; it would top every search.
                let terms = (job.path != layout::WHOLE_GUIDE).then(|| {
                    (!(patching && as_served)).then(|| {
                        let html = &page.html;
                        let title = if job.title.is_empty() {
                            first_heading(html)
                        } else {
                            job.title.clone()
                        };
                        search::PageTerms::read(&title, &job.path, html)
                    })
                });
                Ok((Some(page.into_file()), terms, linked))
            },
        )
        .collect::<Result<_, Diagnostic>>()?;
    let mut index = search::Index::default();
    // The pages read again, by their number in the index, when it is patched.
    let mut replaced: Vec<(usize, search::PageTerms)> = Vec::new();
    let mut numbered = 0;
    let mut add = |terms: Option<search::PageTerms>, index: &mut search::Index| {
        match terms {
            Some(terms) if patching => replaced.push((numbered, terms)),
            Some(terms) => index.push(terms),
            None => {}
        }
        numbered += 1;
    };
    let mut files = Vec::with_capacity(rendered.len() + form_files.len() + 8);
    let mut used = vec![false; term_count];
    for ((file, terms, linked), page) in rendered.into_iter().zip(&mut record.pages) {
        if let Some(terms) = terms {
            add(terms, &mut index);
        }
        match file {
            Some(file) => files.push(file),
            None => record.kept.push(format!("{}/{}", m.slug, page.path)),
        }
        for &term in &linked {
            if let Some(u) = used.get_mut(term as usize) {
                *u = true;
            }
        }
        page.linked = linked;
    }
    let mut extra_paths: Vec<&str> = Vec::new();
    if let Some(glossary) = &m.glossary {
        let mut job = glossary_job(glossary, &used, &mut record.listed_terms);
        let page = render_page_with(
            theme,
            &mut shared,
            &chrome,
            &mut job,
            &m.slug,
            None,
            &mut [],
        )?;
        add(
            Some(search::PageTerms::read(
                &first_heading(&page.html),
                &glossary.path,
                &page.html,
            )),
            &mut index,
        );
        files.push(page.into_file());
        extra_paths.push(&glossary.path);
    }
    // A page for addresses that do not exist. Hosts show it for any missing address,
    // so its links start from the host's root: it assumes the site is published at
    // /<slug>/, as the build's output folder is laid out.
    let mut not_found = PageJob::new("notfound.html", layout::NOT_FOUND, "");
    not_found.absolute_base = Some(format!("/{}/", m.slug));
    // It reads neither the forms nor the glossary's texts.
    let not_found_path = PathBuf::from(&m.slug).join(layout::NOT_FOUND);
    let not_found_key = format!("{}/{}", m.slug, layout::NOT_FOUND);
    let partly = partial.filter(|_| record.pages_rendered < record.pages.len());
    let served_not_found = match partly {
        Some(p) if patching => (p.is_served)(&not_found_key).then_some(AsServed::Kept),
        Some(p) => (p.served)(&not_found_path.to_string_lossy()).map(AsServed::Html),
        None => None,
    };
    match served_not_found {
        Some(AsServed::Kept) => record.kept.push(not_found_key),
        Some(AsServed::Html(html)) => files.push(OutputFile {
            path: not_found_path,
            bytes: html.into(),
        }),
        None => files.push(render_page(
            theme,
            &mut shared,
            &chrome,
            &mut not_found,
            &m.slug,
        )?),
    }
    if let Some(base_url) = &m.base_url {
        files.push(OutputFile {
            path: PathBuf::from(&m.slug).join("sitemap.xml"),
            bytes: sitemap(
                base_url,
                jobs.iter()
                    .map(|j| j.path.as_str())
                    .chain(extra_paths.iter().copied()),
            )
            .into(),
        });
    }
    // The pages (not the contact block's numbers, which follow) for the search page.
    if let Some(served) = &mut served_index {
        let replaced = std::mem::take(&mut replaced);
        if !served.replace(replaced) {
            // Counted above; cannot happen.
            return Err(Diagnostic::error(
                Loc::file(format!("municipalities/{}", m.slug)),
                "the search index served does not hold the pages of the site",
            ));
        }
        index = std::mem::take(served);
    }
    let pages_listed = &index.pages[..numbered.min(index.pages.len())];
    let mut search_job =
        PageJob::new("search.html", layout::SEARCH, "").with("search_pages", value(&pages_listed));
    files.push(render_page(
        theme,
        &mut shared,
        &chrome,
        &mut search_job,
        &m.slug,
    )?);
    // The contact block stands outside every page's <main>; its numbers are results
    // of their own, after the pages (the page list above lists pages only).
    let contact_heading = m
        .contact_heading
        .as_deref()
        .or_else(|| {
            theme
                .strings
                .get(m.lang.code())
                .and_then(|t| t.get("contact_heading"))
                .and_then(Value::as_str)
        })
        .unwrap_or_default();
    let contacts = m
        .phones
        .iter()
        .map(|phone| search::PageTerms::contact(phone, contact_heading));
    if patching {
        // In the served index they follow the pages: read again in their places.
        index.replace(
            contacts
                .enumerate()
                .map(|(i, c)| (numbered + i, c))
                .collect(),
        );
    } else {
        for contact in contacts {
            index.push(contact);
        }
    }
    files.push(OutputFile {
        path: PathBuf::from(&m.slug).join(layout::SEARCH_INDEX),
        bytes: index.to_script(m.lang).into(),
    });

    files.extend(form_files);
    for published in &m.files {
        files.push(OutputFile {
            path: PathBuf::from(&m.slug).join(&published.path),
            bytes: published.bytes.clone(),
        });
    }
    let mut css = String::from(":root{");
    if let Some(accent) = &m.accent_color {
        css.push_str(&format!("--accent:{accent};"));
    }
    css.push('}');
    files.push(OutputFile {
        path: PathBuf::from(&m.slug).join("assets/site.css"),
        bytes: css.into(),
    });
    for (path, bytes) in &theme.static_files {
        files.push(OutputFile {
            path: PathBuf::from(&m.slug).join("assets").join(path),
            bytes: bytes.clone(),
        });
    }
    record.form_sizes = form_sizes;
    Ok((files, record))
}

/// A page taken as served: its HTML, or kept as it is without it.
#[derive(Clone)]
enum AsServed {
    Html(String),
    Kept,
}

/// Of a site rendered in part, each page's HTML as served and the glossary terms
/// it links, or `None` for a page that reads a changed part ([`READS_FORMS`],
/// [`READS_FORM_SIZES`]). `None` as a whole when the site is to be rendered whole:
/// its pages are not those the served output was made from (one added, moved or
/// retitled), or a page is not at hand as served.
///
/// With `keep`, a page served as rendered is kept as it is, its HTML not taken out.
#[allow(clippy::type_complexity)]
fn served_pages(
    m: &Municipality,
    jobs: &[PageJob],
    form_sizes: &Value,
    partial: &Partial,
    keep: bool,
) -> Option<Vec<Option<(AsServed, Vec<u32>)>>> {
    let record = partial.record;
    if record.pages.len() != jobs.len() {
        return None;
    }
    let sizes_changed = partial.changed.forms && record.form_sizes != *form_sizes;
    let reads_changed = |template: &str| {
        partial.changed.forms
            && (READS_FORMS.contains(&template)
                || (sizes_changed && READS_FORM_SIZES.contains(&template)))
    };
    jobs.par_iter()
        .zip(&record.pages)
        .map(|(job, before)| {
            if before.template != job.template || before.path != job.path {
                return None;
            }
            if reads_changed(job.template) {
                return Some(None);
            }
            // The title goes into the page and its search entry.
            if before.title != job.title {
                return None;
            }
            let path = PathBuf::from(&m.slug).join(&job.path);
            let path = path.to_string_lossy();
            let page = if keep {
                (partial.is_served)(&path).then_some(AsServed::Kept)?
            } else {
                AsServed::Html((partial.served)(&path)?)
            };
            Some(Some((page, before.linked.clone())))
        })
        .collect()
}

/// The main menu: the site's sections that exist, in a fixed order.
fn navigation(m: &Municipality) -> Vec<Value> {
    let mut nav = vec![json!({ "key": "home", "path": layout::HOME })];
    // One entry per guide would crowd a phone's menu: several guides share one entry,
    // the front page's list of them.
    match m.guides.as_slice() {
        [guide] => nav.push(json!({ "key": "guide", "title": guide.title, "path": guide.path })),
        [] => {}
        _ => {
            nav.push(json!({ "key": "guides_menu", "path": format!("{}#veiledere", layout::HOME) }))
        }
    }
    if m.pyramid.is_some() {
        nav.push(json!({ "key": "pyramid", "path": layout::PYRAMID }));
    }
    nav.push(json!({ "key": "toolbox", "path": layout::TOOLBOX }));
    if !m.arenas.items.is_empty() {
        nav.push(json!({ "key": "arenas", "path": layout::ARENAS }));
    }
    if let Some(guidance) = &m.guidance {
        nav.push(json!({ "key": "guidance", "title": guidance.title, "path": layout::GUIDANCE }));
    }
    nav.push(json!({ "key": "search", "path": layout::SEARCH }));
    nav
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Markdown;

    #[test]
    fn a_template_error_names_the_line_the_author_wrote() {
        let raw = crate::model::RawTheme {
            templates: vec![(
                "page.html".to_string(),
                "<main>\n  <p>\n    {{ x }}\n  </p>\n  {% if %}\n</main>\n".to_string(),
            )],
            ..Default::default()
        };
        let Err(error) = Theme::compile(raw) else {
            panic!("a broken template compiled");
        };
        assert!(error.message.contains("5:"), "{}", error.message);
    }

    #[test]
    fn values_are_escaped_for_text_and_quoted_attributes() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a> 1/2"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt; 1/2"
        );
        assert_eq!(escape_html("Nivå 0 · Steg 3"), "Nivå 0 · Steg 3");
    }

    proptest::proptest! {
        #[test]
        fn escaping_replaces_the_five_characters_and_nothing_else(
            text in "[a-z&<>\"' ]{0,60}|\\PC{0,60}"
        ) {
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#x27;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape_html(&text), expected);
        }
    }

    #[test]
    fn base_climbs_one_level_per_folder() {
        assert_eq!(base_for("index.html"), "");
        assert_eq!(base_for("verktoy/index.html"), "../");
        assert_eq!(base_for("veileder/hv/steg-1-2/index.html"), "../../../");
    }

    #[test]
    fn markdown_filter_reads_the_model_type_or_fails() {
        let text = Markdown {
            source: "Se [steg 1](step:1).".into(),
            loc: Loc::default(),
            links: vec![crate::model::Link {
                reference: "step:1".into(),
                target: Some("veileder/hv/steg-1/index.html".into()),
                title: Some("Steg 1".into()),
                candidates: Vec::new(),
                loc: Loc::default(),
            }],
            headings: Vec::new(),
            images_without_alt: Vec::new(),
        };
        let args = HashMap::from([("base".to_string(), json!("../"))]);
        let html = markdown_filter(&value(&text), &args).unwrap_or_default();
        assert!(
            html.as_str()
                .is_some_and(|h| h.contains(r#"href="../veileder/hv/steg-1/index.html""#)),
            "{html}"
        );
        assert_eq!(markdown_filter(&Value::Null, &args).ok(), Some(json!("")));
        // A field renamed on one side, or the wrong value passed, is an error.
        for wrong in [
            json!({"text": "x", "links": []}),
            json!("x"),
            json!({"source": 1}),
        ] {
            assert!(markdown_filter(&wrong, &args).is_err(), "{wrong}");
        }
    }

    /// Templates compare enum values by their spelling (`tool.kind == "form"`); every
    /// spelling they compare with must be one the model writes, or the branch is dead.
    #[test]
    fn templates_compare_only_spellings_the_model_writes() {
        use crate::model::{Audience, Channel, FieldType, Lang, Tier, ToolKind, TrafficLight};
        let mut spellings: Vec<Value> = Vec::new();
        spellings.extend([Channel::Phone, Channel::Chat].iter().map(value));
        spellings.extend([Lang::Nb, Lang::Nn].iter().map(value));
        spellings.extend(
            [
                ToolKind::Form,
                ToolKind::Assessment,
                ToolKind::Guide,
                ToolKind::Routine,
                ToolKind::Overview,
                ToolKind::Plan,
                ToolKind::Document,
                ToolKind::Service,
                ToolKind::System,
            ]
            .iter()
            .map(value),
        );
        spellings.extend(
            [
                FieldType::Text,
                FieldType::LongText,
                FieldType::Date,
                FieldType::Fnr,
                FieldType::YesNo,
                FieldType::Checkboxes,
                FieldType::Table,
                FieldType::Signature,
                FieldType::Fixed,
            ]
            .iter()
            .map(value),
        );
        spellings.extend(
            [Tier::Municipality, Tier::Service, Tier::Individual]
                .iter()
                .map(value),
        );
        spellings.extend(
            [Audience::ChildYouth, Audience::Adult, Audience::Employee]
                .iter()
                .map(value),
        );
        spellings.extend(
            [
                TrafficLight::Green,
                TrafficLight::Yellow,
                TrafficLight::Orange,
                TrafficLight::Red,
            ]
            .iter()
            .map(value),
        );
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut compared = 0;
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for (i, _) in text.match_indices("== \"") {
                let rest = &text[i + 4..];
                let spelling = &rest[..rest.find('"').unwrap_or(0)];
                compared += 1;
                assert!(
                    spellings.contains(&json!(spelling)),
                    "{}: compares with \"{spelling}\", which no model enum writes",
                    entry.path().display()
                );
            }
        }
        assert!(compared > 10, "found only {compared} comparisons");
    }
}
