//! The shape of the files an editor writes, exactly as they are written. Every struct
//! rejects unknown keys so that a misspelt key is an error, not silently ignored.
//! Values that later stages may need to point at are `Spanned`.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

pub use crate::model::{Audience, Channel, FieldType, Tier, ToolKind, TrafficLight};

/// `site.yaml`: who publishes the site, in which language, and how to reach them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// The municipality's name as it writes it, e.g. "Øvre Eiker kommune".
    pub name: String,
    /// `nb` (bokmål) or `nn` (nynorsk).
    pub language: Spanned<String>,
    /// The model the guide follows: BTS, BTI, Se-meg, Trygg oppvekst, ...
    #[serde(default)]
    pub model: Option<String>,
    /// The guide's own title, e.g. "Ett lag for god oppvekst".
    pub title: String,
    #[serde(default)]
    pub tagline: Option<String>,
    /// One or two sentences for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// A CSS colour `#rrggbb` used for the header and links.
    #[serde(default)]
    pub accent_color: Option<Spanned<String>>,
    /// The address of the municipality's accessibility statement (uustatus.no).
    #[serde(default)]
    pub accessibility_statement: Option<Spanned<String>>,
    /// The date the content was last reviewed, `YYYY-MM-DD`. Never taken from the clock.
    #[serde(default)]
    pub updated: Option<Spanned<String>>,
    #[serde(default)]
    pub contact: Option<ContactBlock>,
    /// The address the site is published at, e.g. `https://www.ovre-eiker.kommune.no/bts/`:
    /// used for `sitemap.xml`.
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
    /// Where "Forlat siden" (quick exit) leads: a neutral site. Default: yr.no.
    #[serde(default)]
    pub exit_url: Option<Spanned<String>>,
    /// The folder name of a regional plan this municipality is a member of
    /// (`extends: vest-telemark`): its guides, pages, toolbox, arenas and pyramid are
    /// inherited, and this municipality's own files are added or take precedence.
    #[serde(default)]
    pub extends: Option<Spanned<String>>,
    /// Where the guide's text was read: `source: { title: ..., url: ..., read: YYYY-MM-DD }`.
    /// Shown in the footer. A member of a regional plan without one shows the region's.
    #[serde(default)]
    pub source: Option<Spanned<SourceEntry>>,
}

/// The published guide a site's text was taken from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// What the source is called, as it calls itself: "Ett lag for god oppvekst".
    pub title: String,
    /// Its address, when the source gives one; never guessed.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// The date the text was read, `YYYY-MM-DD`, when it is known.
    #[serde(default)]
    pub read: Option<Spanned<String>>,
}

/// The phone numbers shown on every page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactBlock {
    /// The heading above the numbers, e.g. "Har du spørsmål eller er du bekymret for noen?"
    #[serde(default)]
    pub heading: Option<String>,
    #[serde(default)]
    pub phones: Vec<PhoneEntry>,
    /// National numbers from `content/national-numbers.yaml` this site does not show
    /// after its own (`omit_national: ["116 111"]`). Every site shows 112 and 116 111
    /// unless it names them here; `check` warns about each.
    #[serde(default)]
    pub omit_national: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneEntry {
    pub label: Spanned<String>,
    /// As written in the source: "476 92 052", "47692052", "+47 476 92 052", "112".
    /// Left out for a service reached only by chat.
    #[serde(default)]
    pub number: Option<Spanned<String>>,
    /// `phone` (the default) or `chat`.
    #[serde(default)]
    pub channel: Channel,
    /// The address of a chat or web service, when the source gives one.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// An emergency line (police, barnevernvakt) rather than an advice line.
    #[serde(default)]
    pub emergency: bool,
    #[serde(default)]
    pub hours: Vec<HoursRule>,
    /// A short remark shown after the hours, as published.
    #[serde(default)]
    pub note: Option<String>,
}

/// One line of opening hours: on these days, between these times.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursRule {
    /// `weekdays`, `weekend`, `every day`, a day (`monday` .. `sunday`), a range
    /// (`monday-thursday`) or a comma-separated list (`weekdays, sunday`). Left out
    /// when the source gives times but no days ("åpen kl. 17–20").
    #[serde(default)]
    pub days: Option<Spanned<String>>,
    /// `HH:MM`.
    #[serde(default)]
    pub from: Option<Spanned<String>>,
    /// `HH:MM`; `24:00` means midnight at the end of the day.
    #[serde(default)]
    pub to: Option<Spanned<String>>,
    /// When the source names a part of the day but no times: `evening` or `night`.
    #[serde(default)]
    pub part: Option<Spanned<String>>,
}

/// `guides/<id>.yaml`: one handlingsveileder, levels with numbered steps.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideFile {
    pub title: String,
    /// Shown on the guide's overview page, above the levels.
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    /// Shown on the overview page after the levels (goals, structure).
    #[serde(default)]
    pub about: Option<Spanned<String>>,
    /// Order among several guides of one municipality.
    #[serde(default)]
    pub order: Option<i64>,
    pub levels: Vec<LevelEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelEntry {
    pub level: Spanned<u32>,
    pub title: String,
    /// A line under the level's title, as the source has it ("Fra undring til tiltak").
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    #[serde(default)]
    pub steps: Vec<StepEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepEntry {
    /// "1.2": the level, a dot, the step's number within the level. What references
    /// (`step:1.2`) and the page's address use; shown unless `label` says otherwise.
    pub id: Spanned<String>,
    /// The step's number as the source shows it, when it differs from the id: "5"
    /// (numbered within the level), "2a" (a sub-step).
    #[serde(default)]
    pub label: Option<Spanned<String>>,
    /// `false` for a step the source does not number: shown without a number.
    #[serde(default = "yes")]
    pub numbered: bool,
    pub title: String,
    /// The step's text when the source does not divide it into parts (Modum); shown
    /// without a heading, before any parts.
    #[serde(default)]
    pub body: Option<Spanned<String>>,
    /// The heading the source uses for the first part: "Situasjon" or "Handling".
    #[serde(default)]
    pub situation_heading: Option<String>,
    #[serde(default)]
    pub situation: Option<Spanned<String>>,
    /// "Hva gjør du, og hvordan".
    #[serde(default)]
    pub what_to_do: Option<Spanned<String>>,
    /// "Hvem har ansvar".
    #[serde(default)]
    pub responsible: Option<Spanned<String>>,
    /// Toolbox items used as tools ("Verktøy").
    #[serde(default)]
    pub tools: Vec<Spanned<ToolRef>>,
    /// The step uses the same tools as another: `previous` (the step before it in the
    /// guide) or an earlier step's id (`"2.3"`). Its own `tools` are added after them.
    #[serde(default)]
    pub tools_from: Option<Spanned<String>>,
    /// Toolbox items used as guidance ("Veiledninger").
    #[serde(default)]
    pub guides: Vec<Spanned<ToolRef>>,
    /// Where the step's decision leads.
    #[serde(default)]
    pub outcomes: Vec<OutcomeEntry>,
    /// A step a template laid out that the municipality has not written yet: shown
    /// as not filled in, and reported by `check` as a to-do.
    #[serde(default)]
    pub unfilled: bool,
}

fn yes() -> bool {
    true
}

/// A decision outcome: "Hvis ja; fortsett videre til nivå 1" → `level:1`, or one that
/// ends the case ("Hvis nei: saken avsluttes") → `ends: true`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeEntry {
    pub label: Spanned<String>,
    /// A reference: `step:1.5`, `level:2`, `page:familiehjelpa`, ...
    #[serde(default)]
    pub to: Option<Spanned<String>>,
    /// The outcome ends the case: there is no step after it.
    #[serde(default)]
    pub ends: bool,
    /// The source does not state where this outcome leads; the editor has derived it
    /// (from the order of the steps). Shown as such.
    #[serde(default)]
    pub derived: bool,
}

/// A use of a toolbox item, written either as its id (`undringsskjemaer`) or as
/// `{ id: ..., note: ... }` when the source qualifies it ("Ved alvorlig bekymring"),
/// with `section: "s. 29"` when the source names a page or part of the item.
#[derive(Debug)]
pub struct ToolRef {
    pub id: String,
    pub note: Option<String>,
    pub section: Option<String>,
}

impl<'de> Deserialize<'de> for ToolRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ToolRefVisitor;

        impl<'de> Visitor<'de> for ToolRefVisitor {
            type Value = ToolRef;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a toolbox item id, or a mapping with `id` and `note` or `section`")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<ToolRef, E> {
                Ok(ToolRef {
                    id: value.to_string(),
                    note: None,
                    section: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ToolRef, A::Error> {
                let mut id = None;
                let mut note = None;
                let mut section = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => id = Some(map.next_value::<String>()?),
                        "note" => note = Some(map.next_value::<String>()?),
                        "section" => section = Some(map.next_value::<String>()?),
                        other => {
                            return Err(de::Error::unknown_field(other, &["id", "note", "section"]))
                        }
                    }
                }
                let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
                Ok(ToolRef { id, note, section })
            }
        }

        deserializer.deserialize_any(ToolRefVisitor)
    }
}

/// `toolbox.yaml`: the verktøykasse.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolboxFile {
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    pub items: Vec<ToolItemEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolItemEntry {
    pub id: Spanned<String>,
    /// The number in the published list; items the guide names but the list does not
    /// number have none.
    #[serde(default)]
    pub number: Option<u32>,
    pub title: String,
    pub kind: ToolKind,
    /// No longer written by editors: a document's format and size are measured from
    /// the published file. Read only to say so with the line it stands on.
    #[serde(default)]
    pub format: Option<Spanned<de::IgnoredAny>>,
    /// No longer written by editors; see `format`.
    #[serde(default)]
    pub size: Option<Spanned<de::IgnoredAny>>,
    /// A date that is part of the published title, as written: "07.11.2022".
    #[serde(default)]
    pub date: Option<String>,
    /// A file in the municipality's `files/` folder to publish with the site.
    #[serde(default)]
    pub file: Option<Spanned<String>>,
    /// An address elsewhere.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// A part of this site that holds it, as a reference: `page:samtykke`.
    #[serde(default)]
    pub link: Option<Spanned<String>>,
    /// The id of a fillable form: the municipality's own `forms/<id>.yaml`, its
    /// region's, or the shared `content/forms/<language>/<id>.yaml`.
    #[serde(default)]
    pub form: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
}

/// `arenas.yaml`: the collaboration arenas (samhandlingsarenaer).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArenasFile {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    pub arenas: Vec<ArenaEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArenaEntry {
    pub id: Spanned<String>,
    pub name: String,
    /// What the arena is for, in Markdown.
    #[serde(default)]
    pub body: Option<Spanned<String>>,
    #[serde(default)]
    pub participants: Vec<String>,
    /// "En gang per måned", "hver 14. dag".
    #[serde(default)]
    pub frequency: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    /// How a case is brought to the arena.
    #[serde(default)]
    pub referral: Option<String>,
    #[serde(default)]
    pub goals: Vec<String>,
}

/// `pyramid.yaml`: the BTS/BTI pyramid of support levels.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PyramidFile {
    pub title: String,
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    pub levels: Vec<PyramidLevelEntry>,
    #[serde(default)]
    pub outro: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PyramidLevelEntry {
    pub level: Spanned<u32>,
    pub color: TrafficLight,
    pub title: String,
    #[serde(default)]
    pub body: Option<Spanned<String>>,
}

/// The front matter of a page in `pages/*.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub title: String,
    /// `municipality` (kommunenivå), `service` (tjenestenivå) or `individual` (individnivå).
    #[serde(default)]
    pub tier: Option<Tier>,
    #[serde(default)]
    pub audience: Vec<Audience>,
    #[serde(default)]
    pub order: Option<i64>,
    /// One sentence shown in lists of pages.
    #[serde(default)]
    pub summary: Option<String>,
    /// A "Hvem er du?" entry page for its audience, listed first on the front page.
    #[serde(default)]
    pub entry: bool,
    /// A chapter the source leaves for the municipality to fill in: shown clearly
    /// marked as not filled in, and reported by `check` as a to-do.
    #[serde(default)]
    pub unfilled: bool,
}

/// A text in bokmål and/or nynorsk, as the sources give it. A site shows its own
/// language form and falls back to the other when only that one is known.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangText {
    #[serde(default)]
    pub nb: Option<String>,
    #[serde(default)]
    pub nn: Option<String>,
}

/// `content/guidance.yaml`: the national guidance catalogue every municipality may
/// refer to, so each law or strategy is written once.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceCatalogue {
    /// The categories, in the order they are shown.
    pub categories: Vec<GuidanceCategory>,
    pub items: Vec<GuidanceItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceCategory {
    pub id: Spanned<String>,
    pub title: LangText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceItem {
    pub id: Spanned<String>,
    /// The id of one of the categories.
    pub category: Spanned<String>,
    pub title: LangText,
    /// Who issued it: "Barne- og familiedepartementet", "Helsedirektoratet".
    #[serde(default)]
    pub publisher: Option<String>,
    /// As published: "2021", "2019–2024".
    #[serde(default)]
    pub year: Option<String>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    pub summary: Option<LangText>,
}

/// `content/national-numbers.yaml`: the national numbers, written once. Those marked
/// `everywhere` are shown on every site after its own numbers; the others are known so
/// that `check` can tell an emergency line from a non-emergency one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalNumbersFile {
    pub numbers: Vec<NationalNumber>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalNumber {
    pub number: Spanned<String>,
    pub label: LangText,
    /// An emergency line ("Akutt").
    #[serde(default)]
    pub emergency: bool,
    /// Shown on every site after its own numbers, unless the site's
    /// `contact.omit_national` names it.
    #[serde(default)]
    pub everywhere: bool,
    #[serde(default)]
    pub hours: Vec<HoursRule>,
}

/// A municipality's `guidance.yaml`: which entries of the national catalogue its
/// guide points to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceFile {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    /// Ids of entries in `content/guidance.yaml`, shown grouped by the catalogue's
    /// categories.
    #[serde(default)]
    pub items: Vec<Spanned<String>>,
    /// Or the municipality's own grouping, as its guide publishes it.
    #[serde(default)]
    pub groups: Vec<GuidanceGroupEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceGroupEntry {
    pub title: String,
    pub items: Vec<Spanned<String>>,
}

/// A form template: `content/forms/<nb|nn>/<id>.yaml`, or a municipality's own
/// `forms/<id>.yaml` (which replaces the shared one of the same id). One definition
/// becomes an HTML form, a fillable PDF and an ODT document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormFile {
    pub title: String,
    /// Plain text under the title; blank lines separate paragraphs.
    #[serde(default)]
    pub intro: Option<String>,
    pub sections: Vec<FormSectionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSectionEntry {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub intro: Option<String>,
    pub fields: Vec<FormFieldEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormFieldEntry {
    /// Unique within the form: names the field in the PDF, the ODT and a saved file.
    /// Not needed for `fixed` text.
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    #[serde(rename = "type")]
    pub kind: Spanned<FieldType>,
    /// The visible label; for `fixed`, the text itself.
    #[serde(default)]
    pub label: Option<String>,
    /// A hint shown under the label.
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// `long_text`: how many lines to leave on paper (default 4).
    #[serde(default)]
    pub lines: Option<u32>,
    /// `checkboxes`: the choices.
    #[serde(default)]
    pub options: Vec<String>,
    /// `checkboxes`: add an "other: ____" line with this label (e.g. "Annet").
    #[serde(default)]
    pub other: Option<String>,
    /// `table`: the column headings.
    #[serde(default)]
    pub columns: Vec<String>,
    /// `table`: how many blank rows (default 5).
    #[serde(default)]
    pub rows: Option<u32>,
    /// `table`: each column's share of the width, one number per column
    /// (`widths: [1, 4, 4, 2, 2]` makes the second column four times the first).
    #[serde(default)]
    pub widths: Option<Spanned<Vec<u32>>>,
    /// `signature`: who signs, one signature block each (place, date, signature).
    #[serde(default)]
    pub signers: Vec<String>,
}

impl FieldType {
    /// The name an editor writes after `type:`.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::LongText => "long_text",
            FieldType::Date => "date",
            FieldType::Fnr => "fnr",
            FieldType::YesNo => "yes_no",
            FieldType::Checkboxes => "checkboxes",
            FieldType::Table => "table",
            FieldType::Signature => "signature",
            FieldType::Fixed => "fixed",
        }
    }
}
