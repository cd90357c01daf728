//! The resolved model: plain data, no I/O. Every cross reference is already looked up
//! and every page knows its own output path, so rendering is a pure function of this.
//!
//! Paths (`path`) are relative to the municipality's output folder and name the file,
//! e.g. `veileder/handlingsveileder/steg-1-2/index.html`, so sites work from a web
//! host, an intranet share or a USB stick alike.

use serde::Serialize;

pub mod glossary;
pub mod kinds;
pub mod layout;
mod loc;
mod output;
pub mod reference;
pub mod theme;
pub mod words;

pub use glossary::*;
pub use kinds::{Audience, Channel, FieldType, Tier, ToolKind, TrafficLight};
pub use loc::Loc;
pub use output::OutputFile;
pub use theme::RawTheme;
pub use words::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nb,
    Nn,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::Nn => "nn",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub municipalities: Vec<Municipality>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Municipality {
    pub slug: String,
    pub name: String,
    pub lang: Lang,
    pub model_name: Option<String>,
    pub title: String,
    pub tagline: Option<String>,
    pub description: Option<String>,
    pub accent_color: Option<String>,
    pub accessibility_statement: Option<String>,
    /// The top of the municipality's `site.yaml`, for advice about the site as a whole.
    #[serde(skip)]
    pub site_loc: Loc,
    /// Where "Forlat siden" leads.
    pub exit_url: String,
    /// The address the site is published at, ending in `/`, when known.
    pub base_url: Option<String>,
    pub updated: Option<String>,
    pub contact_heading: Option<String>,
    /// The municipality's own numbers, then the national ones shown everywhere.
    pub phones: Vec<Phone>,
    /// The national numbers open round the clock that this site shows (112, 116 111):
    /// where an emergency line's own hours say it is closed, the block points to them.
    pub safety_net: Vec<SafetyNumber>,
    pub home: Option<Markdown>,
    pub pyramid: Option<Pyramid>,
    pub guides: Vec<Guide>,
    pub toolbox: Toolbox,
    pub arenas: Arenas,
    pub guidance: Option<Guidance>,
    /// The terms this site's pages link to their definitions; `None` without any.
    pub glossary: Option<Glossary>,
    pub pages: Vec<Page>,
    /// The fillable forms the toolbox offers.
    pub forms: Vec<FormPage>,
    /// Documents from `files/`, published under `filer/`.
    #[serde(skip)]
    pub files: Vec<PublishedFile>,
    /// The regional plan this site is part of; the path is from this site's root.
    pub region: Option<NavLink>,
    /// For a regional plan: the member municipalities' sites.
    pub members: Vec<NavLink>,
    /// Where the guide's text was read, shown in the footer.
    pub source: Option<SiteSource>,
}

/// The published guide a site's text comes from.
#[derive(Debug, Clone, Serialize)]
pub struct SiteSource {
    pub title: String,
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub read: Option<String>,
}

/// Text written in Markdown, with the references it makes already resolved.
/// Templates hand it to the `markdown` filter whole, which reads its fields back
/// strictly, so a renamed field is an error there and never an empty page.
#[derive(Debug, Clone, Serialize)]
pub struct Markdown {
    pub source: String,
    /// Where the text starts, for diagnostics about things inside it.
    #[serde(skip)]
    pub loc: Loc,
    /// Every `kind:id` reference in the text and where it leads.
    pub links: Vec<Link>,
    /// The level (1–6) of each heading in the text, where it stands.
    #[serde(skip)]
    pub headings: Vec<(u8, Loc)>,
    /// Images without alternative text, where they stand.
    #[serde(skip)]
    pub images_without_alt: Vec<Loc>,
}

/// A reference an editor wrote (`step:1.2`, `tool:duken`, ...) and what it resolved to.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub reference: String,
    /// The path it leads to, with anchor; `None` when nothing of that name exists.
    pub target: Option<String>,
    /// The target's title, for link text and accessible names.
    pub title: Option<String>,
    /// For an unqualified `step:` or `level:` reference that found nothing: the
    /// qualified references (`step:skole:1.2`) it could mean, one per guide that has it.
    #[serde(skip)]
    pub candidates: Vec<String>,
    #[serde(skip)]
    pub loc: Loc,
}

/// A way to reach someone: a phone number, or a chat.
#[derive(Debug, Clone, Serialize)]
pub struct Phone {
    pub label: String,
    pub channel: Channel,
    /// As written in the source, kept for diagnostics.
    pub number_source: Option<String>,
    /// Grouped the Norwegian way: "476 92 052", "32 78 93 50", "116 111".
    pub display: Option<String>,
    /// The `tel:` target: E.164 (`+4747692052`) for ordinary numbers; short numbers
    /// (112, 02800, 116 111) only work as dialled in Norway.
    pub tel: Option<String>,
    /// `false` when the number could not be read as a Norwegian number.
    pub valid: bool,
    /// A chat or web address.
    pub url: Option<String>,
    pub emergency: bool,
    pub hours: Vec<HoursRule>,
    /// The opening hours in words, in the site's language: "hverdager kl. 13.00–15.00".
    pub hours_text: String,
    pub note: Option<String>,
    /// One of the national numbers from `content/national-numbers.yaml`, added after
    /// the municipality's own.
    pub national: bool,
    #[serde(skip)]
    pub loc: Loc,
}

/// A national number open round the clock, to point to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafetyNumber {
    pub label: String,
    pub display: String,
    pub tel: String,
}

/// Opening hours as data, for the "open now" marker: days are 1 (Monday) to 7; no
/// days means the source gave none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct HoursRule {
    pub days: Vec<u8>,
    /// The rule names Norwegian public holidays (`helligdager`): on a holiday only
    /// such rules say when the line is open.
    #[serde(default)]
    pub holidays: bool,
    /// Minutes after midnight; `to` may be 1440 (24:00).
    pub from: Option<u16>,
    pub to: Option<u16>,
    pub part: Option<DayPart>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayPart {
    Evening,
    Night,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pyramid {
    pub title: String,
    pub intro: Option<Markdown>,
    pub levels: Vec<PyramidLevel>,
    pub outro: Option<Markdown>,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PyramidLevel {
    pub level: u32,
    pub color: TrafficLight,
    pub title: String,
    pub body: Option<Markdown>,
    pub anchor: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    pub id: String,
    pub title: String,
    pub intro: Option<Markdown>,
    pub about: Option<Markdown>,
    pub levels: Vec<Level>,
    /// The overview page.
    pub path: String,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub level: u32,
    pub title: String,
    pub subtitle: Option<String>,
    pub intro: Option<Markdown>,
    pub steps: Vec<Step>,
    pub path: String,
    pub anchor: String,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// "1.2": what references and the address use.
    pub id: String,
    /// The number shown, as the source has it ("1.2", "5", "2a"); `None` for a step
    /// the source does not number.
    pub label: Option<String>,
    pub title: String,
    /// `steg-1-2`: stable across builds and edits of other steps.
    pub anchor: String,
    pub path: String,
    pub level: u32,
    pub body: Option<Markdown>,
    pub situation_heading: Option<String>,
    pub situation: Option<Markdown>,
    pub what_to_do: Option<Markdown>,
    pub responsible: Option<Markdown>,
    pub tools: Vec<ToolUse>,
    /// The step whose tools this one reuses (`tools_from:`); they head `tools`.
    pub tools_from: Option<NavLink>,
    /// How many of `tools` come from `tools_from`.
    pub tools_inherited: usize,
    pub guides: Vec<ToolUse>,
    pub outcomes: Vec<Outcome>,
    pub unfilled: bool,
    pub previous: Option<NavLink>,
    pub next: Option<NavLink>,
    #[serde(skip)]
    pub loc: Loc,
}

/// Enough of a page to link to it.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub title: String,
    pub path: String,
}

/// A step's use of a toolbox item.
#[derive(Debug, Clone, Serialize)]
pub struct ToolUse {
    pub id: String,
    pub note: Option<String>,
    /// A page or part of the item the source names ("s. 29"): shown "s. 29 i <title>".
    pub section: Option<String>,
    /// `None` when no toolbox item has this id (an error reported by check).
    pub item: Option<ToolSummary>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolSummary {
    pub number: Option<u32>,
    pub title: String,
    pub kind: ToolKind,
    /// Measured from the published file, never typed.
    pub format: Option<String>,
    pub size: Option<String>,
    /// Whether the item leads to its own document: a file, an address, a page of the
    /// site or the municipality's own form. A standard template offered in its place
    /// is not its document. Without one the item is text marked not published.
    pub document: bool,
    pub path: String,
    /// The fillable form, when the item is one.
    pub form: Option<FormLinks>,
}

/// Where a form's three versions are, from the site's root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormLinks {
    pub id: String,
    /// The HTML form.
    pub path: String,
    pub pdf: String,
    pub odt: String,
    /// One of veiviser's standard templates (`content/forms/`), not the
    /// municipality's own form: every offer of it says so.
    pub standard: bool,
}

/// A form published by a site: its pages and the definition they are made from.
#[derive(Debug, Clone, Serialize)]
pub struct FormPage {
    pub links: FormLinks,
    /// The form as its PDF and ODT have it: the title names the municipality and the
    /// intro starts with `notes`.
    pub form: Form,
    /// Notices shown under the title: a standard template, a repealed law cited.
    pub notes: Vec<String>,
    /// The definition's file and the site offering it (`<file>#<slug>`): the key its
    /// PDF and ODT are made and kept under, once per site since they name it.
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub label: String,
    /// Where it leads; `None` for an outcome that ends the case.
    pub to: Option<Link>,
    /// The outcome ends the case ("Hvis nei: saken avsluttes").
    pub ends: bool,
    /// The source does not state where it leads: the editor derived it from the order
    /// of the steps, and the page says so.
    pub derived: bool,
    #[serde(skip)]
    pub loc: Loc,
}

impl Guide {
    /// Whether step labels repeat in the guide (numbered within each level), so a
    /// step's label alone does not say which step it is.
    pub fn labels_repeat(&self) -> bool {
        let mut seen = std::collections::BTreeSet::new();
        !self
            .levels
            .iter()
            .flat_map(|l| &l.steps)
            .filter_map(|s| s.label.as_deref())
            .all(|label| seen.insert(label))
    }
}

impl Step {
    /// The step as a link text: "1.2 Title", or the title alone when it has no number.
    pub fn heading(&self) -> String {
        match &self.label {
            Some(label) => format!("{label} {}", self.title),
            None => self.title.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Toolbox {
    pub intro: Option<Markdown>,
    pub items: Vec<ToolItem>,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolItem {
    pub id: String,
    pub number: Option<u32>,
    pub title: String,
    pub kind: ToolKind,
    /// Measured from the published file, never typed.
    pub format: Option<String>,
    pub size: Option<String>,
    pub date: Option<String>,
    /// The published file's name as the editor gave it, for downloading it under
    /// that name.
    pub file_name: Option<String>,
    /// Whether the item leads to its own document (see `ToolSummary::document`).
    pub document: bool,
    /// Where to find it: a path in this site (from its root), or an outside address.
    pub href: Option<String>,
    /// A reference to the part of the site that holds it (`page:samtykke`).
    pub link: Option<Link>,
    /// The fillable form, when the item is one.
    pub form: Option<FormLinks>,
    pub description: Option<Markdown>,
    pub anchor: String,
    /// The steps that use this item, in guide order.
    pub used_by: Vec<StepUse>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepUse {
    pub guide_title: String,
    /// The guide's title when the municipality has several, so the back-link says
    /// which guide the step is in.
    pub guide: Option<String>,
    pub step_id: String,
    /// The step's number as shown; `None` when it has none.
    pub step_label: Option<String>,
    pub step_title: String,
    pub path: String,
    /// "tool" or "guide": which list of the step names it.
    pub role: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Arenas {
    pub title: Option<String>,
    pub intro: Option<Markdown>,
    pub items: Vec<Arena>,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Arena {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub body: Option<Markdown>,
    pub participants: Vec<String>,
    pub frequency: Option<String>,
    pub place: Option<String>,
    pub referral: Option<String>,
    pub goals: Vec<String>,
    #[serde(skip)]
    pub loc: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub tier: Option<Tier>,
    pub audience: Vec<Audience>,
    pub order: i64,
    pub summary: Option<String>,
    pub entry: bool,
    pub unfilled: bool,
    pub body: Markdown,
    pub path: String,
    #[serde(skip)]
    pub loc: Loc,
}

/// The national guidance the municipality points to, grouped by category, in the
/// site's language.
#[derive(Debug, Clone, Serialize)]
pub struct Guidance {
    pub title: Option<String>,
    pub intro: Option<Markdown>,
    pub groups: Vec<GuidanceGroup>,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuidanceGroup {
    pub title: String,
    pub items: Vec<GuidanceEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuidanceEntry {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub publisher: Option<String>,
    pub year: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
}

/// A form, ready to become an HTML form, a fillable PDF and an ODT document. Plain
/// data: the writers in `forms` read nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    pub id: String,
    pub lang: Lang,
    pub title: String,
    /// Paragraphs of plain text.
    pub intro: Vec<String>,
    pub sections: Vec<FormSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormSection {
    pub title: Option<String>,
    pub intro: Vec<String>,
    pub fields: Vec<FormField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormField {
    /// Unique in the form; the PDF/ODT field name and the key in a saved file.
    /// Sub-fields derive from it: `<id>.<n>` for a checkbox, `<id>.other`,
    /// `<id>.r<row>c<col>` for a table cell, `<id>.<signer>.place|date|name`; a
    /// yes/no field is `<id>` alone, valued `yes` or `no` (`forms::control_names`).
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    pub required: bool,
    pub kind: FieldKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText {
        lines: u32,
    },
    Date,
    /// Fødselsnummer.
    Fnr,
    YesNo,
    Checkboxes {
        options: Vec<String>,
        other: Option<String>,
    },
    Table {
        columns: Vec<String>,
        rows: u32,
        /// Each column's share of the width, as the definition gives it ("Nr." 1,
        /// "Mål" 4); empty when it gives none, and the writers choose.
        widths: Vec<u32>,
    },
    Signature {
        signers: Vec<String>,
    },
    /// Text to read; `label` holds it.
    Fixed,
}

/// A document published as it is.
#[derive(Debug, Clone)]
pub struct PublishedFile {
    /// From the site's root, under a web-safe name: `filer/samtykke-skjema.pdf`.
    pub path: String,
    /// Shared, not copied, with what load read and the file render hands to write.
    pub bytes: bytes::Bytes,
}

/// Every step links to the one before and after it, across levels, so a reader can
/// walk the whole guide.
/// A step on another level is named with its level ("Nivå 1 – 1 Skap felles
/// forståelse"), since its label may be numbered within the level.
pub fn link_previous_and_next(levels: &mut [Level]) {
    let links: Vec<(u32, NavLink)> = levels
        .iter()
        .flat_map(|l| l.steps.iter().map(move |s| (l, s)))
        .map(|(l, s)| {
            (
                l.level,
                NavLink {
                    title: s.heading(),
                    path: s.path.clone(),
                },
            )
        })
        .collect();
    let titles: std::collections::BTreeMap<u32, String> =
        levels.iter().map(|l| (l.level, l.title.clone())).collect();
    let named = |i: usize, level: u32| {
        links.get(i).map(|(l, link)| {
            let mut link = link.clone();
            if *l != level {
                let level_title = titles.get(l).map(String::as_str).unwrap_or_default();
                link.title = format!("{level_title} – {}", link.title);
            }
            link
        })
    };
    for (i, step) in levels.iter_mut().flat_map(|l| &mut l.steps).enumerate() {
        step.previous = i.checked_sub(1).and_then(|p| named(p, step.level));
        step.next = named(i + 1, step.level);
    }
}

impl Municipality {
    /// Every Markdown text of the municipality, for link checks.
    pub fn texts(&self) -> Vec<&Markdown> {
        let m = self;
        let mut texts: Vec<&Markdown> = Vec::new();
        texts.extend(&m.home);
        if let Some(p) = &m.pyramid {
            texts.extend(&p.intro);
            texts.extend(&p.outro);
            texts.extend(p.levels.iter().filter_map(|l| l.body.as_ref()));
        }
        for g in &m.guides {
            texts.extend(&g.intro);
            texts.extend(&g.about);
            for l in &g.levels {
                texts.extend(&l.intro);
                for s in &l.steps {
                    texts.extend(&s.body);
                    texts.extend(&s.situation);
                    texts.extend(&s.what_to_do);
                    texts.extend(&s.responsible);
                }
            }
        }
        texts.extend(&m.toolbox.intro);
        texts.extend(
            m.toolbox
                .items
                .iter()
                .filter_map(|i| i.description.as_ref()),
        );
        texts.extend(&m.arenas.intro);
        texts.extend(m.arenas.items.iter().filter_map(|a| a.body.as_ref()));
        texts.extend(m.pages.iter().map(|p| &p.body));
        if let Some(guidance) = &m.guidance {
            texts.extend(&guidance.intro);
        }
        texts
    }

    /// Every reference the municipality makes: in its texts and its decision outcomes.
    pub fn all_links(&self) -> Vec<&Link> {
        let m = self;
        let mut links: Vec<&Link> = m.texts().into_iter().flat_map(|t| &t.links).collect();
        for step in m
            .guides
            .iter()
            .flat_map(|g| &g.levels)
            .flat_map(|l| &l.steps)
        {
            links.extend(step.outcomes.iter().filter_map(|o| o.to.as_ref()));
        }
        links.extend(m.toolbox.items.iter().filter_map(|i| i.link.as_ref()));
        links
    }
}
