//! Stage 2, **resolve**: turn what was loaded into the plain-data model. Values are
//! interpreted (language, phone numbers, opening hours), every page gets its output
//! path, references are looked up and back-links (which steps use a toolbox item)
//! are built. What cannot be interpreted is reported.
//!
//! The input is read once. Each builder registers the targets it makes (a guide, its
//! levels and steps, a toolbox item and its form, a page, an arena ...) and records
//! the references it meets as links not yet looked up; when the municipality is
//! built, one pass over the model (`fill`) looks them all up, so a reference may point
//! forwards. What cannot be found stays an unresolved link, reported by `integrity`.

mod contact;
mod fill;
pub mod forms;
pub mod glossary;
mod guidance;
pub mod hours;
mod integrity;
pub mod lookups;
mod markdown_cost;
pub mod open_now;

pub mod phone;
pub mod refs;
mod sources;
mod url;

use guidance::check_catalogue;
use lookups::{Lookups, SharedView};
use sources::{region_of, Sources};

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::load::schema::{self, ToolRef};
use crate::load::{Loaded, MarkdownFile, RawMunicipality, Sourced};
use crate::model::*;
use refs::Targets;

/// Where "Forlat siden" leads unless a site says otherwise: a neutral, well-known
/// Norwegian site (GOV.UK uses the BBC's weather pages).
pub const DEFAULT_EXIT_URL: &str = "https://www.yr.no/";

/// Resolve every loaded municipality.
pub fn resolve(loaded: &Loaded) -> (Model, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let resolved = resolve_each(loaded, &|_| true);
    let mut municipalities = Vec::with_capacity(resolved.len());
    for site in resolved.into_iter().flatten() {
        municipalities.push(site.municipality);
        diagnostics.extend(site.diagnostics.items);
    }
    diagnostics.extend(check_shared(loaded).items);
    (Model { municipalities }, diagnostics)
}

/// One municipality resolved: its model, what resolving it found, and what it read
/// of the shared content.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub municipality: Municipality,
    pub diagnostics: Diagnostics,
    pub lookups: Lookups,
}

/// Resolve the loaded municipalities whose slug `which` accepts, in parallel; the
/// result has one entry per loaded municipality, in their order (`None` for those
/// not resolved). A municipality's resolution depends on its own files, its region's
/// (for a member), the list of a region's members (names and slugs from the
/// `site.yaml` files) and what its [`Lookups`] say it read of the shared content.
pub fn resolve_each(
    loaded: &Loaded,
    which: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Option<Resolved>> {
    let by_slug: BTreeMap<&str, &RawMunicipality> = loaded
        .municipalities
        .iter()
        .map(|m| (m.slug.as_str(), m))
        .collect();
    // Each region's members, found once rather than by every municipality looking
    // through all the others.
    let mut members_of: BTreeMap<&str, Vec<NavLink>> = BTreeMap::new();
    for m in &loaded.municipalities {
        if let Some(region) = &m.site.value.extends {
            members_of
                .entry(region.value.trim())
                .or_default()
                .push(NavLink {
                    title: m.site.value.name.clone(),
                    path: format!("../{}/index.html", m.slug),
                });
        }
    }
    // Municipalities resolve in parallel, each with its own diagnostics, put
    // together in name order.
    loaded
        .municipalities
        .par_iter()
        .map(|raw| {
            if !which(&raw.slug) {
                return None;
            }
            let mut diagnostics = Diagnostics::default();
            let region = region_of(raw, &by_slug, &mut diagnostics);
            let members = members_of
                .get(raw.slug.as_str())
                .cloned()
                .unwrap_or_default();
            let sources = Sources::new(raw, region);
            let mut resolver = Resolver::new(sources, SharedView::of(loaded), &mut diagnostics);
            resolver.is_region = !members.is_empty();
            let (mut municipality, lookups) = resolver.municipality();
            municipality.region = region.map(|r| NavLink {
                title: r.site.value.name.clone(),
                path: format!("../{}/index.html", r.slug),
            });
            municipality.members = members;
            // A member tells where the regional plan it shows was read, unless it
            // says where its own text comes from.
            if municipality.source.is_none() {
                municipality.source =
                    region.and_then(|r| site_source(&r.site, &mut Diagnostics::default()));
            }
            diagnostics.extend(integrity::errors(&municipality).items);
            Some(Resolved {
                municipality,
                diagnostics,
                lookups,
            })
        })
        .collect()
}

/// The checks of the shared content itself and of every form definition, used or
/// not (so a mistake is found before a toolbox starts to use the form), in the
/// order [`resolve`] reports them after the municipalities' own.
pub fn check_shared(loaded: &Loaded) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    if let Some(catalogue) = &loaded.guidance {
        check_catalogue(catalogue, &mut diagnostics);
    }
    if let Some(national) = &loaded.glossary {
        glossary::check_national(national, &mut diagnostics);
    }
    for ((lang, id), file) in &loaded.forms {
        let lang = if lang == "nn" { Lang::Nn } else { Lang::Nb };
        forms::resolve(id, file, lang, &mut diagnostics);
    }
    for municipality in &loaded.municipalities {
        for (id, file) in &municipality.forms {
            forms::resolve(id, file, Lang::Nb, &mut diagnostics);
        }
    }
    diagnostics
}

/// The location of a spanned value inside a sourced file.
fn at<F, T>(file: &Sourced<F>, spanned: &Spanned<T>) -> Loc {
    file.loc(spanned.referenced.line(), spanned.referenced.column())
}

struct Resolver<'a> {
    raw: Sources<'a>,
    /// The shared content (the guidance catalogue, the form library, the national
    /// numbers and glossary, the interface words), each read recorded.
    shared: SharedView<'a>,
    /// A regional plan that other municipalities extend.
    is_region: bool,
    diagnostics: &'a mut Diagnostics,
    lang: Lang,
    /// What references can lead to, registered by the builders as they go.
    targets: Targets,
}

impl<'a> Resolver<'a> {
    fn new(raw: Sources<'a>, shared: SharedView<'a>, diagnostics: &'a mut Diagnostics) -> Self {
        let language = &raw.site.value.language;
        let lang = match language.value.trim() {
            "nb" => Lang::Nb,
            "nn" => Lang::Nn,
            other => {
                diagnostics.push(
                    Diagnostic::error(
                        at(raw.site, language),
                        format!("`{other}` is not a language veiviser publishes in"),
                    )
                    .help("write `language: nb` for bokmål or `language: nn` for nynorsk"),
                );
                Lang::Nb
            }
        };
        Resolver {
            raw,
            shared,
            is_region: false,
            diagnostics,
            lang,
            targets: Targets::default(),
        }
    }

    /// The file in `files/` a toolbox item publishes, when it is there: named as it
    /// was saved, or as it is published.
    fn published_file(&self, item: &schema::ToolItemEntry) -> Option<&'a (String, bytes::Bytes)> {
        let name = item.file.as_ref()?.value.trim();
        self.raw
            .files
            .iter()
            .copied()
            .find(|p| p.0 == name || crate::load::published_name(&p.0).is_some_and(|n| n == name))
    }

    /// A toolbox item's format and size, measured from its published file: the type
    /// from what the file holds (or else its ending), the size from its bytes. An
    /// item without a file has neither; nothing typed is shown as if it were measured.
    fn published_facts(&self, item: &schema::ToolItemEntry) -> (Option<String>, Option<String>) {
        let Some((name, bytes)) = self.published_file(item) else {
            return (None, None);
        };
        (
            Some(crate::format::file_format(name, bytes)),
            Some(crate::format::size_in_words(bytes.len())),
        )
    }

    /// A form by id: the municipality's own, its region's, or the shared one in the
    /// site's language; `true` with a shared one (a standard template).
    fn find_form(&self, id: &str) -> Option<(&'a Sourced<schema::FormFile>, bool)> {
        self.raw
            .forms
            .iter()
            .find(|f| f.0 == id)
            .map(|f| (&f.1, false))
            .or_else(|| self.shared.library_form(self.lang, id).map(|f| (f, true)))
    }

    /// A text in Markdown, its references recorded to be looked up when the
    /// municipality is built.
    fn markdown<F>(&self, file: &Sourced<F>, text: &Option<Spanned<String>>) -> Option<Markdown> {
        let text = text.as_ref()?;
        // The location of a block scalar (`|`) is its first line of content, at its
        // indentation; every line of it is indented the same.
        let loc = at(file, text);
        Some(refs::markdown(&text.value, loc))
    }

    fn markdown_file(&self, file: &Sourced<MarkdownFile>) -> Markdown {
        let loc = Loc::new(&file.path, file.value.body_line, 1);
        refs::markdown(&file.value.body, loc)
    }

    /// The municipality, and what resolving it read of the shared content.
    fn municipality(mut self) -> (Municipality, Lookups) {
        let site_file = self.raw.site;
        let site = &site_file.value;
        let (phones, safety_net) = self.phones();
        let guides = self.guides();
        let toolbox = self.toolbox(&guides);
        let accent_color = site.accent_color.as_ref().and_then(|c| {
            let value = c.value.trim();
            if is_hex_colour(value) {
                match crate::format::contrast_with_white(value) {
                    Some(ratio) if ratio >= 4.5 => Some(value.to_string()),
                    ratio => {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                at(site_file, c),
                                format!(
                                    "the accent colour `{value}` has too little contrast with white text ({:.1}:1, at least 4.5:1 is needed); the default colour is used",
                                    ratio.unwrap_or(1.0)
                                ),
                            )
                            .help("choose a darker colour; white text on it must be readable (WCAG 1.4.3)"),
                        );
                        None
                    }
                }
            } else {
                self.diagnostics.push(
                    Diagnostic::error(
                        at(site_file, c),
                        format!("`{value}` is not a colour veiviser understands"),
                    )
                    .help("write the colour as `#` and six hexadecimal digits, e.g. `accent_color: \"#005b7f\"` (with quotes)"),
                );
                None
            }
        });
        let updated = site.updated.as_ref().and_then(|d| {
            let value = d.value.trim();
            if is_iso_date(value) {
                Some(value.to_string())
            } else {
                self.diagnostics.push(
                    Diagnostic::error(
                        at(site_file, d),
                        format!("`{value}` is not a date in the form YYYY-MM-DD"),
                    )
                    .help("write the date as year-month-day, e.g. `updated: 2023-11-07`"),
                );
                None
            }
        });
        let source = site_source(site_file, self.diagnostics);
        self.targets
            .add("home".into(), layout::HOME.into(), site.title.clone());
        let mut municipality = Municipality {
            site_loc: site_file.loc(1, 1),
            source,
            slug: self.raw.slug.to_string(),
            name: site.name.clone(),
            lang: self.lang,
            model_name: site.model.clone(),
            title: site.title.clone(),
            tagline: site.tagline.clone(),
            description: site.description.clone(),
            accent_color,
            base_url: site.base_url.as_ref().and_then(|u| {
                let value = self.url_field(site_file, u, url::Allowed::Web)?;
                Some(if value.ends_with('/') {
                    value
                } else {
                    format!("{value}/")
                })
            }),
            exit_url: site
                .exit_url
                .as_ref()
                .and_then(|u| self.url_field(site_file, u, url::Allowed::Web))
                .unwrap_or_else(|| DEFAULT_EXIT_URL.to_string()),
            accessibility_statement: site
                .accessibility_statement
                .as_ref()
                .and_then(|s| self.url_field(site_file, s, url::Allowed::Link)),
            updated,
            contact_heading: self.contact().and_then(|(_, c)| c.heading.clone()),
            phones,
            safety_net,
            home: self.raw.home.map(|h| self.markdown_file(h)),
            pyramid: self.pyramid(),
            toolbox,
            arenas: self.arenas(),
            guidance: self.guidance(),
            glossary: self.glossary(),
            pages: self.pages(),
            forms: self.forms(),
            files: self.files(),
            guides,
            region: None,
            members: Vec::new(),
        };
        fill::fill(&mut municipality, &self.targets);
        (municipality, self.shared.into_lookups())
    }

    /// The documents in `files/`, each a target under the name the editor saved it
    /// with and under the name it is published as.
    fn files(&mut self) -> Vec<PublishedFile> {
        let mut files = Vec::with_capacity(self.raw.files.len());
        for (name, bytes) in self.raw.files.iter().copied() {
            let published = crate::load::published_name(name).unwrap_or_default();
            let path = layout::file(&published);
            for key in [name.as_str(), published.as_str()] {
                self.targets
                    .add(format!("file:{key}"), path.clone(), name.clone());
            }
            files.push(PublishedFile {
                path,
                bytes: bytes.clone(),
            });
        }
        files
    }

    fn guides(&mut self) -> Vec<Guide> {
        let mut guides: Vec<(Option<i64>, Guide)> = Vec::new();
        for (id, file) in self.raw.guides.clone() {
            let g = &file.value;
            let mut levels: Vec<Level> = Vec::new();
            for level in &g.levels {
                let n = level.level.value;
                let mut steps: Vec<Step> = Vec::new();
                for entry in &level.steps {
                    self.check_label(file, entry);
                    let mut step = self.step(id, n, file, entry);
                    if let Some(from) = &entry.tools_from {
                        let earlier = levels.iter().flat_map(|l| &l.steps).chain(&steps);
                        self.reuse_tools(file, from, earlier, &mut step);
                    }
                    steps.push(step);
                }
                levels.push(Level {
                    level: n,
                    title: level.title.clone(),
                    subtitle: level.subtitle.clone(),
                    intro: self.markdown(file, &level.intro),
                    steps,
                    path: layout::level(id, n),
                    anchor: layout::level_anchor(n),
                    loc: at(file, &level.level),
                });
            }
            link_previous_and_next(&mut levels);
            let guide = Guide {
                id: id.clone(),
                title: g.title.clone(),
                intro: self.markdown(file, &g.intro),
                about: self.markdown(file, &g.about),
                levels,
                path: layout::guide(id),
                loc: Loc::file(&file.path),
            };
            self.register_guide(&guide);
            guides.push((g.order, guide));
        }
        guides.sort_by(|a, b| {
            (a.0.unwrap_or(i64::MAX), &a.1.id).cmp(&(b.0.unwrap_or(i64::MAX), &b.1.id))
        });
        guides.into_iter().map(|(_, g)| g).collect()
    }

    /// A guide, its levels and its steps as targets. Where step labels repeat from
    /// level to level ("1" on each), a step's title in a link names its level too.
    fn register_guide(&mut self, guide: &Guide) {
        let t = &mut self.targets;
        let id = guide.id.as_str();
        t.add_guide(id, &guide.title);
        t.add(
            format!("guide:{id}"),
            guide.path.clone(),
            guide.title.clone(),
        );
        let repeat = guide.labels_repeat();
        for level in &guide.levels {
            t.add_in_guide(
                "level",
                id,
                &level.level.to_string(),
                level.path.clone(),
                level.title.clone(),
            );
            for step in &level.steps {
                let (path, title) = (step.path.clone(), step.heading());
                if repeat {
                    t.add_step_on_level(id, &step.id, path, title, level.title.clone());
                } else {
                    t.add_in_guide("step", id, &step.id, path, title);
                }
            }
        }
    }

    fn step(
        &self,
        guide: &str,
        level: u32,
        file: &Sourced<schema::GuideFile>,
        step: &schema::StepEntry,
    ) -> Step {
        let id = step.id.value.trim().to_string();
        let uses = |refs: &[Spanned<ToolRef>]| -> Vec<ToolUse> {
            refs.iter()
                .map(|r| ToolUse {
                    id: r.value.id.clone(),
                    note: r.value.note.clone(),
                    section: r.value.section.clone(),
                    // The toolbox is made after the guides: `fill` finds the item.
                    item: None,
                    loc: at(file, r),
                })
                .collect()
        };
        Step {
            anchor: layout::step_anchor(&id),
            path: layout::step(guide, &id),
            label: step_label(step),
            title: step.title.clone(),
            level,
            body: self.markdown(file, &step.body),
            situation_heading: step.situation_heading.clone(),
            situation: self.markdown(file, &step.situation),
            what_to_do: self.markdown(file, &step.what_to_do),
            responsible: self.markdown(file, &step.responsible),
            tools: uses(&step.tools),
            tools_from: None,
            tools_inherited: 0,
            guides: uses(&step.guides),
            unfilled: step.unfilled,
            outcomes: step
                .outcomes
                .iter()
                .map(|o| Outcome {
                    label: o.label.value.clone(),
                    to: o
                        .to
                        .as_ref()
                        .map(|to| refs::unresolved(to.value.trim(), at(file, to))),
                    ends: o.ends,
                    derived: o.derived,
                    loc: at(file, &o.label),
                })
                .collect(),
            previous: None,
            next: None,
            loc: at(file, &step.id),
            id,
        }
    }

    /// A `label:` says which number to show: not an empty one, and not beside
    /// `numbered: false`.
    fn check_label(&mut self, file: &Sourced<schema::GuideFile>, step: &schema::StepEntry) {
        let Some(label) = &step.label else { return };
        let problem = if !step.numbered {
            Some((
                format!(
                    "step {} has a `label:` and `numbered: false`",
                    step.id.value.trim()
                ),
                "keep `label:` to show that number, or `numbered: false` to show none; not both",
            ))
        } else if label.value.trim().is_empty() {
            Some((
                format!("the label of step {} is empty", step.id.value.trim()),
                "write the number the source shows (e.g. `label: \"2a\"`), or `numbered: false` for a step without a number",
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            self.diagnostics
                .push(Diagnostic::error(at(file, label), message).help(help));
        }
    }

    /// `tools_from:` — put the tools of an earlier step (`previous`, or its id) before
    /// the step's own.
    fn reuse_tools<'s>(
        &mut self,
        file: &Sourced<schema::GuideFile>,
        from: &Spanned<String>,
        earlier: impl DoubleEndedIterator<Item = &'s Step>,
        step: &mut Step,
    ) {
        let wanted = from.value.trim();
        let mut earlier = earlier;
        let source = if wanted == "previous" {
            earlier.next_back()
        } else {
            earlier.find(|s| s.id == wanted)
        };
        let Some(source) = source else {
            let message = if wanted == "previous" {
                format!("step {} is the first step of its guide: there is no previous step to take tools from", step.id)
            } else {
                format!("there is no step `{wanted}` before step {}", step.id)
            };
            self.diagnostics.push(
                Diagnostic::error(at(file, from), message).help(
                    "write `tools_from: previous` for the step just before, or the `id` of an earlier step in this guide (e.g. `tools_from: \"2.3\"`), or list the tools under `tools:`",
                ),
            );
            return;
        };
        let mut tools = source.tools.clone();
        step.tools_inherited = tools.len();
        tools.append(&mut step.tools);
        step.tools = tools;
        step.tools_from = Some(NavLink {
            title: source.heading(),
            path: source.path.clone(),
        });
    }

    fn toolbox(&mut self, guides: &[Guide]) -> Toolbox {
        // Back-links through a map: one pass over the steps, not one per item.
        let mut used_by: BTreeMap<&str, Vec<StepUse>> = BTreeMap::new();
        for guide in guides {
            let repeat = guide.labels_repeat();
            for (level, step) in guide
                .levels
                .iter()
                .flat_map(|l| l.steps.iter().map(move |s| (l, s)))
            {
                let uses = step
                    .tools
                    .iter()
                    .map(|u| (u, "tool"))
                    .chain(step.guides.iter().map(|u| (u, "guide")));
                for (tool_use, role) in uses {
                    let list = used_by.entry(tool_use.id.as_str()).or_default();
                    // A step that names an item twice (as tool and as guide) is listed once.
                    if list.iter().any(|u| u.path == step.path) {
                        continue;
                    }
                    list.push(StepUse {
                        guide_title: guide.title.clone(),
                        guide: (guides.len() > 1).then(|| guide.title.clone()),
                        step_id: step.id.clone(),
                        step_label: step.label.clone(),
                        // Labels numbered within each level need their level.
                        step_title: if repeat {
                            format!("{} ({})", step.title, level.title)
                        } else {
                            step.title.clone()
                        },
                        path: step.path.clone(),
                        role,
                    });
                }
            }
        }
        self.targets
            .add("toolbox".into(), layout::TOOLBOX.into(), String::new());
        let Some(file) = self.raw.toolbox else {
            return Toolbox {
                intro: None,
                items: Vec::new(),
                path: layout::TOOLBOX.into(),
            };
        };
        for item in &file.value.items {
            let summary = self.tool_summary(item);
            self.targets.add_tool(&item.id.value, summary);
            let typed = [("format", &item.format), ("size", &item.size)];
            for (key, value) in typed {
                let Some(value) = value else { continue };
                self.diagnostics.push(
                    Diagnostic::error(
                        at(file, value),
                        format!("`{key}:` is no longer written: veiviser measures a document's format and size from the published file"),
                    )
                    .help("delete the line; put the document in files/ and name it with `file:`, and its format and size are shown as they are"),
                );
            }
            let Some(name) = &item.file else { continue };
            if self.published_file(item).is_none() {
                self.diagnostics.push(
                    Diagnostic::error(
                        at(file, name),
                        format!("there is no file `{}` in files/", name.value.trim()),
                    )
                    .help(
                        "put the document in the municipality's files/ folder, or correct the name",
                    ),
                );
            }
        }
        let items = file
            .value
            .items
            .iter()
            .map(|item| {
                let id = item.id.value.clone();
                let published = self.published_facts(item);
                let link = item
                    .link
                    .as_ref()
                    .map(|l| refs::unresolved(l.value.trim(), at(file, l)));
                // An item's id registered twice (an error) leads to the last of them.
                let (document, form) = self
                    .targets
                    .tool(&id)
                    .map(|t| (t.document, t.form.clone()))
                    .unwrap_or_default();
                ToolItem {
                    number: item.number,
                    title: item.title.clone(),
                    kind: item.kind,
                    format: published.0,
                    size: published.1,
                    date: item.date.clone(),
                    file_name: self.published_file(item).map(|p| p.0.clone()),
                    document,
                    // Its address or its form; else, when the model is filled, where
                    // its link leads or its published file.
                    href: item
                        .url
                        .as_ref()
                        .and_then(|u| self.url_field(file, u, url::Allowed::Link))
                        .or_else(|| form.as_ref().map(|f| f.path.clone())),
                    link,
                    description: self.markdown(file, &item.description),
                    anchor: id.clone(),
                    used_by: used_by.remove(id.as_str()).unwrap_or_default(),
                    form,
                    loc: at(file, &item.id),
                    id,
                }
            })
            .collect();
        Toolbox {
            intro: self.markdown(file, &file.value.intro),
            items,
            path: layout::TOOLBOX.into(),
        }
    }

    /// What a step that uses a toolbox item shows of it.
    fn tool_summary(&self, item: &schema::ToolItemEntry) -> ToolSummary {
        let form = item.form.as_ref().and_then(|f| {
            let (_, standard) = self.find_form(f.value.trim())?;
            Some(forms::links(f.value.trim(), standard))
        });
        let published = self.published_facts(item);
        let document = item.url.is_some()
            || item.link.is_some()
            || form.as_ref().is_some_and(|f| !f.standard)
            || self.published_file(item).is_some();
        ToolSummary {
            number: item.number,
            title: item.title.clone(),
            kind: item.kind,
            format: published.0,
            size: published.1,
            document,
            path: format!("{}#{}", layout::TOOLBOX, item.id.value),
            form,
        }
    }

    fn arenas(&mut self) -> Arenas {
        let Some(file) = self.raw.arenas else {
            return Arenas {
                title: None,
                intro: None,
                items: Vec::new(),
                path: layout::ARENAS.into(),
            };
        };
        if !file.value.arenas.is_empty() {
            let title = file.value.title.clone().unwrap_or_default();
            self.targets
                .add("arenas".into(), layout::ARENAS.into(), title);
            for arena in &file.value.arenas {
                self.targets.add(
                    format!("arena:{}", arena.id.value),
                    format!("{}#{}", layout::ARENAS, arena.id.value),
                    arena.name.clone(),
                );
            }
        }
        Arenas {
            title: file.value.title.clone(),
            intro: self.markdown(file, &file.value.intro),
            items: file
                .value
                .arenas
                .iter()
                .map(|a| Arena {
                    id: a.id.value.clone(),
                    name: a.name.clone(),
                    anchor: a.id.value.clone(),
                    body: self.markdown(file, &a.body),
                    participants: a.participants.clone(),
                    frequency: a.frequency.clone(),
                    place: a.place.clone(),
                    referral: a.referral.clone(),
                    goals: a.goals.clone(),
                    loc: at(file, &a.id),
                })
                .collect(),
            path: layout::ARENAS.into(),
        }
    }

    /// The forms the toolbox offers, each once, in toolbox order. A form the toolbox
    /// names but no file defines is an error.
    fn forms(&mut self) -> Vec<FormPage> {
        let Some(file) = self.raw.toolbox else {
            return Vec::new();
        };
        let mut pages: Vec<FormPage> = Vec::new();
        for item in &file.value.items {
            let Some(form) = &item.form else { continue };
            let id = form.value.trim();
            let Some((definition, standard)) = self.find_form(id) else {
                let mut available: Vec<String> =
                    self.raw.forms.iter().map(|f| f.0.clone()).collect();
                available.extend(
                    self.shared
                        .library_form_ids(self.lang)
                        .into_iter()
                        .map(str::to_string),
                );
                available.sort();
                available.dedup();
                self.diagnostics.push(
                    Diagnostic::error(at(file, form), format!("there is no form `{id}`")).help(
                        format!(
                            "write forms/{id}.yaml, or use one of the forms there are: {}",
                            available.join(", ")
                        ),
                    ),
                );
                continue;
            };
            if pages.iter().any(|p| p.links.id == id) {
                continue;
            }
            let offer = forms::Offer {
                name: &self.raw.site.value.name,
                region: self.is_region,
                standard_notice: standard
                    .then(|| self.shared.words().get(self.lang, "form_standard_notice")),
            };
            let (form, notes) = forms::offered(
                forms::resolve(id, definition, self.lang, self.diagnostics),
                &offer,
            );
            pages.push(FormPage {
                links: forms::links(id, standard),
                form,
                notes,
                // The documents name the municipality: one per definition and site.
                source: format!("{}#{}", definition.path.display(), self.raw.slug),
            });
        }
        pages
    }

    fn pyramid(&mut self) -> Option<Pyramid> {
        let file = self.raw.pyramid?;
        self.targets.add(
            "pyramid".into(),
            layout::PYRAMID.into(),
            file.value.title.clone(),
        );
        for level in &file.value.levels {
            self.targets.add(
                format!("pyramid:{}", level.level.value),
                format!(
                    "{}#{}",
                    layout::PYRAMID,
                    layout::level_anchor(level.level.value)
                ),
                level.title.clone(),
            );
        }
        Some(Pyramid {
            title: file.value.title.clone(),
            intro: self.markdown(file, &file.value.intro),
            levels: file
                .value
                .levels
                .iter()
                .map(|l| PyramidLevel {
                    level: l.level.value,
                    color: l.color,
                    title: l.title.clone(),
                    body: self.markdown(file, &l.body),
                    anchor: layout::level_anchor(l.level.value),
                })
                .collect(),
            outro: self.markdown(file, &file.value.outro),
            path: layout::PYRAMID.into(),
        })
    }

    fn pages(&mut self) -> Vec<Page> {
        for page in &self.raw.pages {
            self.targets.add(
                format!("page:{}", page.slug),
                layout::page(&page.slug),
                page.front.value.title.clone(),
            );
        }
        let mut pages: Vec<Page> = self
            .raw
            .pages
            .iter()
            .map(|p| Page {
                slug: p.slug.clone(),
                title: p.front.value.title.clone(),
                tier: p.front.value.tier,
                audience: p.front.value.audience.clone(),
                order: p.front.value.order.unwrap_or(i64::MAX),
                summary: p.front.value.summary.clone(),
                entry: p.front.value.entry,
                unfilled: p.front.value.unfilled,
                body: self.markdown_file(&p.body),
                path: layout::page(&p.slug),
                loc: Loc::new(&p.front.path, 1, 1),
            })
            .collect();
        pages.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
        pages
    }
}

/// `source:` of a `site.yaml`: what the guide's text was read from, its address
/// and the date it was read, each checked.
fn site_source(
    file: &Sourced<schema::SiteFile>,
    diagnostics: &mut Diagnostics,
) -> Option<SiteSource> {
    let entry = &file.value.source.as_ref()?.value;
    // The same check as every other address field: a full web address.
    let url = entry
        .url
        .as_ref()
        .and_then(|u| url::checked(file, u, url::Allowed::Web, diagnostics));
    let read = entry.read.as_ref().and_then(|d| {
        let value = d.value.trim();
        if is_iso_date(value) {
            Some(value.to_string())
        } else {
            diagnostics.push(
                Diagnostic::error(
                    at(file, d),
                    format!("`{value}` is not a date in the form YYYY-MM-DD"),
                )
                .help("write the day the text was read as year-month-day, e.g. `read: 2026-11-30`, or leave `read:` out if it is not known"),
            );
            None
        }
    });
    Some(SiteSource {
        title: entry.title.trim().to_string(),
        url,
        read,
    })
}

/// The number a step shows: its `label`, else its id; none when `numbered: false`.
fn step_label(step: &schema::StepEntry) -> Option<String> {
    if !step.numbered {
        return None;
    }
    Some(match &step.label {
        Some(label) => label.value.trim().to_string(),
        None => step.id.value.trim().to_string(),
    })
}

fn is_hex_colour(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// `YYYY-MM-DD`, and a day the calendar has (no 30 February, 29 February only in
/// leap years).
fn is_iso_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>())
    else {
        return false;
    };
    if ![y, m, d]
        .iter()
        .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_dates() {
        assert!(is_hex_colour("#005b7f"));
        assert!(!is_hex_colour("005b7f"));
        assert!(!is_hex_colour("#05b7f"));
        assert!(!is_hex_colour("#00ø b7"));
        assert!(is_iso_date("2023-11-07"));
        assert!(!is_iso_date("07.11.2023"));
        assert!(!is_iso_date("2023-13-01"));
        assert!(!is_iso_date("2023-02-30"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("1900-02-29"));
        assert!(is_iso_date("2000-02-29"));
        assert!(!is_iso_date("2023-04-31"));
        assert!(!is_iso_date("2023-00-10"));
        assert!(!is_iso_date("+023-01-10"));
    }
}
