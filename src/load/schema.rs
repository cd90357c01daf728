//! The shape of the files an editor writes, exactly as they are written. Every struct
//! rejects unknown keys so that a misspelt key is an error, not silently ignored.
//! Values that later stages may need to point at are `Spanned`.

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

pub use crate::model::{Audience, Channel, FieldType, Tier, ToolKind, TrafficLight};

/// `site.yaml`: who publishes the site, in which language, and how to reach them.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "site.yaml: kommunens navn, språket, veilederens tittel og telefonnumrene."
)]
pub struct SiteFile {
    #[schemars(
        description = "Kommunens navn slik kommunen skriver det, for eksempel `Øvre Eiker kommune`. Vises øverst og nederst på alle sider."
    )]
    /// The municipality's name as it writes it, e.g. "Øvre Eiker kommune".
    pub name: String,
    #[schemars(
        description = "`nb` for bokmål eller `nn` for nynorsk. Styrer språket i menyer, overskrifter og åpningstider."
    )]
    /// `nb` (bokmål) or `nn` (nynorsk).
    #[schemars(with = "String")]
    pub language: Spanned<String>,
    #[schemars(
        description = "Modellen veilederen følger: `BTS`, `BTI`, `Se-meg`, `Trygg oppvekst` osv. Vises i oversikten over alle kommuner."
    )]
    /// The model the guide follows: BTS, BTI, Se-meg, Trygg oppvekst, ...
    #[serde(default)]
    pub model: Option<String>,
    #[schemars(
        description = "Veilederens egen tittel, for eksempel `Ett lag for god oppvekst`. Hovedoverskrift på forsiden og i toppen av alle sider."
    )]
    /// The guide's own title, e.g. "Ett lag for god oppvekst".
    pub title: String,
    #[schemars(description = "En kort ingress under tittelen på forsiden.")]
    #[serde(default)]
    pub tagline: Option<String>,
    #[schemars(
        description = "En eller to setninger for søkemotorer og lenkeforhåndsvisninger. Vises ikke på selve siden."
    )]
    /// One or two sentences for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    #[schemars(
        description = "Kommunens profilfarge som `\"#rrggbb\"`, for eksempel `\"#005b7f\"`. Anførselstegnene må være med, fordi `#` ellers starter en kommentar (se under). Brukes i toppfeltet og på lenker. Uten denne brukes en mørk blågrønn standardfarge (`#005b7f`)."
    )]
    /// A CSS colour `#rrggbb` used for the header and links.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub accent_color: Option<Spanned<String>>,
    #[schemars(
        description = "Nettadressen til kommunens tilgjengelighetserklæring (uustatus.no). Gir lenken «Tilgjengelighetserklæring» nederst på alle sider. Offentlige nettsteder skal ha den; `check` advarer når den mangler."
    )]
    /// The address of the municipality's accessibility statement (uustatus.no).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub accessibility_statement: Option<Spanned<String>>,
    #[schemars(
        description = "Datoen innholdet sist ble gjennomgått, skrevet `ÅÅÅÅ-MM-DD`, for eksempel `2023-11-07`. Vises som «Sist oppdatert» nederst. Datoen hentes aldri fra klokka – du må endre den selv."
    )]
    /// The date the content was last reviewed, `YYYY-MM-DD`. Never taken from the clock.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub updated: Option<Spanned<String>>,
    #[schemars(description = "Telefonnumrene som vises øverst på alle sider.")]
    #[serde(default)]
    pub contact: Option<ContactBlock>,
    #[schemars(
        description = "Den fulle adressen nettstedet skal ligge på, med `https://` (eller `http://`), for eksempel `https://www.ovre-eiker.kommune.no/bts/`. Med den lager veiviser `sitemap.xml`, en liste over alle sidene for søkemotorer."
    )]
    /// The address the site is published at, e.g. `https://www.ovre-eiker.kommune.no/bts/`:
    /// used for `sitemap.xml`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub base_url: Option<Spanned<String>>,
    #[schemars(
        description = "Hvor knappen «Forlat siden» fører, med `https://`. Uten den går knappen til `https://www.yr.no/`."
    )]
    /// Where "Forlat siden" (quick exit) leads: a neutral site. Default: yr.no.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub exit_url: Option<Spanned<String>>,
    #[schemars(
        description = "Brukes bare når kommunen er med i en regional plan. Se Regionale planer."
    )]
    /// The folder name of a regional plan this municipality is a member of
    /// (`extends: vest-telemark`): its guides, pages, toolbox, arenas and pyramid are
    /// inherited, and this municipality's own files are added or take precedence.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub extends: Option<Spanned<String>>,
    #[schemars(
        description = "Hvor teksten i veilederen er hentet fra. Vises nederst på alle sider som «Kilde: …, lest ÅÅÅÅ-MM-DD»."
    )]
    /// Where the guide's text was read: `source: { title: ..., url: ..., read: YYYY-MM-DD }`.
    /// Shown in the footer. A member of a regional plan without one shows the region's.
    #[serde(default)]
    #[schemars(with = "Option<SourceEntry>")]
    pub source: Option<Spanned<SourceEntry>>,
}

/// The published guide a site's text was taken from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Hvor teksten i veilederen er hentet fra. Vises nederst på alle sider.")]
pub struct SourceEntry {
    #[schemars(description = "Hva kilden heter, slik den selv kaller seg.")]
    /// What the source is called, as it calls itself: "Ett lag for god oppvekst".
    pub title: String,
    #[schemars(
        description = "Adressen teksten ble lest på, med `https://`. Skriv den bare når du vet den – gjett aldri."
    )]
    /// Its address, when the source gives one; never guessed.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    #[schemars(
        description = "Datoen teksten ble lest, `ÅÅÅÅ-MM-DD`. Skriv den bare når du vet den."
    )]
    /// The date the text was read, `YYYY-MM-DD`, when it is known.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub read: Option<Spanned<String>>,
}

/// The phone numbers shown on every page.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Telefonnumrene som vises øverst på alle sider.")]
pub struct ContactBlock {
    #[schemars(
        description = "Overskriften over numrene. Uten den står det «Trenger du hjelp?» (nynorsk: «Treng du hjelp?»)."
    )]
    /// The heading above the numbers, e.g. "Har du spørsmål eller er du bekymret for noen?"
    #[serde(default)]
    pub heading: Option<String>,
    #[schemars(description = "Listen over kommunens egne numre, i den rekkefølgen de skal vises.")]
    #[serde(default)]
    pub phones: Vec<PhoneEntry>,
    #[schemars(
        description = "Nasjonale numre nettstedet ikke skal vise, for eksempel `[\"116 111\"]`. Gir en advarsel."
    )]
    /// National numbers from `content/national-numbers.yaml` this site does not show
    /// after its own (`omit_national: ["116 111"]`). Every site shows 112 and 116 111
    /// unless it names them here; `check` warns about each.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub omit_national: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Et telefonnummer eller en chat.")]
pub struct PhoneEntry {
    #[schemars(description = "Hva nummeret går til, for eksempel `Barnevern vakttelefon`.")]
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    #[schemars(
        description = "Telefonnummeret, helst i anførselstegn. Se hvilke numre som godtas under."
    )]
    /// As written in the source: "476 92 052", "47692052", "+47 476 92 052", "112".
    /// Left out for a service reached only by chat.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub number: Option<Spanned<String>>,
    #[schemars(description = "`phone` (standard) eller `chat` for en chattetjeneste.")]
    /// `phone` (the default) or `chat`.
    #[serde(default)]
    pub channel: Channel,
    #[schemars(
        description = "Adressen til chatten eller nettjenesten. En linje uten både `number` og `url` er en feil: leseren kan ikke nå tjenesten. Oppgir ikke kilden noen adresse (som Nesbyens «BaRsnakk chat»), står tjenesten i sideteksten i stedet."
    )]
    /// The address of a chat or web service, when the source gives one.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    #[schemars(
        description = "`true` for akuttnumre (politiets 112, barnevernvakt). Nummeret vises da i rødt, med ordet «Akutt» foran navnet."
    )]
    /// An emergency line (police, barnevernvakt) rather than an advice line.
    #[serde(default)]
    pub emergency: bool,
    #[schemars(description = "Åpningstidene, én eller flere regler.")]
    #[serde(default)]
    pub hours: Vec<HoursRule>,
    #[schemars(
        description = "En kort merknad som vises etter åpningstidene, slik kilden skriver den."
    )]
    /// A short remark shown after the hours, as published.
    #[serde(default)]
    pub note: Option<String>,
}

/// One line of opening hours: on these days, between these times.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Én regel for åpningstider: disse dagene, mellom disse klokkeslettene.")]
pub struct HoursRule {
    #[schemars(
        description = "Hvilke dager (se under), også `helligdager`. Kan utelates hvis kilden bare oppgir klokkeslett."
    )]
    /// `weekdays`, `weekend`, `every day`, a day (`monday` .. `sunday`), a range
    /// (`monday-thursday`) or a comma-separated list (`weekdays, sunday`). Left out
    /// when the source gives times but no days ("åpen kl. 17–20").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub days: Option<Spanned<String>>,
    #[schemars(
        description = "Fra klokkeslett, `\"HH:MM\"` i anførselstegn, for eksempel `\"08:30\"`."
    )]
    /// `HH:MM`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub from: Option<Spanned<String>>,
    #[schemars(
        description = "Til klokkeslett, `\"HH:MM\"`. `\"24:00\"` betyr midnatt ved slutten av dagen. Er `to` tidligere enn `from`, går tiden over midnatt (se under)."
    )]
    /// `HH:MM`; `24:00` means midnight at the end of the day.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub to: Option<Spanned<String>>,
    #[schemars(
        description = "Når kilden sier «kveld» eller «natt» uten klokkeslett: `evening` (eller `kveld`) eller `night` (eller `natt`). Brukes bare når det ikke står `from` eller `to`."
    )]
    /// When the source names a part of the day but no times: `evening` or `night`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub part: Option<Spanned<String>>,
}

/// `guides/<id>.yaml`: one handlingsveileder, levels with numbered steps.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "guides/<id>.yaml: en handlingsveileder med nivåer og nummererte steg.")]
pub struct GuideFile {
    #[schemars(description = "Veilederens tittel. Vises i hovedmenyen og som overskrift.")]
    pub title: String,
    #[schemars(description = "Markdown-tekst på oversiktssiden, over nivåene.")]
    /// Shown on the guide's overview page, above the levels.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    #[schemars(
        description = "Markdown-tekst på oversiktssiden, etter nivåene (mål, struktur og lignende)."
    )]
    /// Shown on the overview page after the levels (goals, structure).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub about: Option<Spanned<String>>,
    #[schemars(
        description = "Rekkefølgen når kommunen har flere veiledere: lavest først. Veiledere uten `order` kommer sist, etter filnavn."
    )]
    /// Order among several guides of one municipality.
    #[serde(default)]
    pub order: Option<i64>,
    #[schemars(description = "Nivåene, i den rekkefølgen de skal vises.")]
    pub levels: Vec<LevelEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Et nivå i veilederen.")]
pub struct LevelEntry {
    #[schemars(
        description = "Nivåets nummer: 0, 1, 2 … (et helt tall, 0 eller høyere). Hvert nummer kan bare brukes én gang i veilederen."
    )]
    #[schemars(with = "u32")]
    pub level: Spanned<u32>,
    #[schemars(
        description = "Nivåets navn, for eksempel `Nivå 1` eller `\"Nivå 0: Undring\"` (med anførselstegn fordi teksten har kolon)."
    )]
    pub title: String,
    #[schemars(
        description = "En linje under nivåets navn, slik kilden har den: `subtitle: Fra undring til tiltak`. Vises under tittelen på nivåets side, i oversikten og på «Hele veilederen». Vanlig tekst, ikke Markdown."
    )]
    /// A line under the level's title, as the source has it ("Fra undring til tiltak").
    #[serde(default)]
    pub subtitle: Option<String>,
    #[schemars(description = "Markdown-tekst øverst på nivåets side.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    #[schemars(description = "Stegene på nivået, i rekkefølge.")]
    #[serde(default)]
    pub steps: Vec<StepEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Et steg på et nivå.")]
pub struct StepEntry {
    #[schemars(
        description = "Stegets nummer, i anførselstegn: `\"1.2\"` eller `\"7\"`. Brukes i adressen og i henvisninger (`step:1.2`)."
    )]
    /// "1.2": the level, a dot, the step's number within the level. What references
    /// (`step:1.2`) and the page's address use; shown unless `label` says otherwise.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(
        description = "Nummeret slik kilden viser det, når det er et annet enn `id`: `\"5\"` (nummerert innen nivået), `\"2a\"` (et understeg). Se Stegnummer og label."
    )]
    /// The step's number as the source shows it, when it differs from the id: "5"
    /// (numbered within the level), "2a" (a sub-step).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub label: Option<Spanned<String>>,
    #[schemars(description = "`false` for et steg kilden ikke nummererer: det vises uten nummer.")]
    /// `false` for a step the source does not number: shown without a number.
    #[serde(default = "yes")]
    pub numbered: bool,
    #[schemars(description = "Stegets tittel, for eksempel `Samarbeidsmøte med foresatte`.")]
    pub title: String,
    #[schemars(
        description = "Stegets tekst når kilden ikke deler steget opp i deler. Vises uten overskrift, før eventuelle deler."
    )]
    /// The step's text when the source does not divide it into parts (Modum); shown
    /// without a heading, before any parts.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub body: Option<Spanned<String>>,
    #[schemars(
        description = "Overskriften på første del, slik kilden bruker den: vanligvis `Situasjon` eller `Handling`. Uten den står det «Situasjon»."
    )]
    /// The heading the source uses for the first part: "Situasjon" or "Handling".
    #[serde(default)]
    pub situation_heading: Option<String>,
    #[schemars(description = "Første del (Markdown), under overskriften fra `situation_heading`.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub situation: Option<Spanned<String>>,
    #[schemars(description = "Delen «Hva gjør du, og hvordan» (Markdown).")]
    /// "Hva gjør du, og hvordan".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub what_to_do: Option<Spanned<String>>,
    #[schemars(
        description = "Delen «Hvem har ansvar» (Markdown). Mangler den, får du en advarsel."
    )]
    /// "Hvem har ansvar".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub responsible: Option<Spanned<String>>,
    #[schemars(
        description = "Verktøy fra verktøykassen som brukes i steget. Vises under «Verktøy»."
    )]
    /// Toolbox items used as tools ("Verktøy").
    #[serde(default)]
    #[schemars(with = "Vec<ToolRef>")]
    pub tools: Vec<Spanned<ToolRef>>,
    #[schemars(
        description = "Steget bruker de samme verktøyene som et tidligere steg: `previous` (steget rett før) eller et stegs `id` (`\"2.3\"`). Se Samme verktøy som et annet steg."
    )]
    /// The step uses the same tools as another: `previous` (the step before it in the
    /// guide) or an earlier step's id (`"2.3"`). Its own `tools` are added after them.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub tools_from: Option<Spanned<String>>,
    #[schemars(
        description = "Veiledninger fra verktøykassen som hører til steget. Vises under «Veiledninger»."
    )]
    /// Toolbox items used as guidance ("Veiledninger").
    #[serde(default)]
    #[schemars(with = "Vec<ToolRef>")]
    pub guides: Vec<Spanned<ToolRef>>,
    #[schemars(
        description = "Hvor beslutningen i steget fører videre. Vises under «Hva skjer videre»."
    )]
    /// Where the step's decision leads.
    #[serde(default)]
    pub outcomes: Vec<OutcomeEntry>,
    #[schemars(
        description = "`true` for et steg kommunen ikke har skrevet ennå: et **utkast**. `veiviser build` legger det ikke ut – ingen side, ingen plass i lister, «forrige/neste», verktøykassen, hele veilederen, søket eller `sitemap.xml`, og en henvisning til det blir vanlig tekst uten lenke. Et nivå der alle stegene er utkast, vises uten antall steg. `veiviser serve` og `veiviser build --drafts` viser utkastet med merknaden «Utkast: Denne delen er ikke fylt ut ennå …». `check` melder det som et gjøremål («to-do: step 0.1 is not filled in yet») i stedet for å etterlyse `responsible`. `veiviser new` setter det på alle stegene. Slett linjen når steget er skrevet."
    )]
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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Hvor beslutningen i steget fører: en henvisning i `to`, eller `ends: true` når saken avsluttes."
)]
pub struct OutcomeEntry {
    #[schemars(description = "Teksten på lenken, for eksempel `Løfte til nivå 2`.")]
    #[schemars(with = "String")]
    pub label: Spanned<String>,
    #[schemars(description = "Hvor lenken går: `step:1.5`, `level:2`, `page:familiehjelpa` osv.")]
    /// A reference: `step:1.5`, `level:2`, `page:familiehjelpa`, ...
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub to: Option<Spanned<String>>,
    #[schemars(
        description = "`true` når utfallet avslutter saken («Hvis nei: saken avsluttes»). Da har utfallet ingen `to`."
    )]
    /// The outcome ends the case: there is no step after it.
    #[serde(default)]
    pub ends: bool,
    #[schemars(
        description = "`true` når kilden ikke sier hvor utfallet fører, og du har lagt inn målet ut fra rekkefølgen på stegene. Siden sier da at lenken følger rekkefølgen, ikke kilden."
    )]
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

/// The schema says what [`ToolRef`]'s `Deserialize` accepts: a string, or a mapping
/// with `id` and optionally `note` and `section`, nothing else.
impl JsonSchema for ToolRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ToolRef".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Et verktøy fra verktøykassen: id-en (`undringsskjemaer`), eller `{ id: ..., note: ..., section: ... }` når kilden sier noe mer om det.",
            "oneOf": [
                {
                    "type": "string",
                    "description": "Id-en til et verktøy i verktøykassen (toolbox.yaml)."
                },
                {
                    "type": "object",
                    "properties": {
                        "id": {
                            "type": "string",
                            "description": "Id-en til et verktøy i verktøykassen (toolbox.yaml)."
                        },
                        "note": {
                            "type": "string",
                            "description": "Det kilden sier om bruken, for eksempel «Ved alvorlig bekymring». Vises etter verktøyet."
                        },
                        "section": {
                            "type": "string",
                            "description": "Siden eller delen av verktøyet kilden viser til, for eksempel «s. 29»."
                        }
                    },
                    "required": ["id"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// `toolbox.yaml`: the verktøykasse.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "toolbox.yaml: verktøykassen.")]
pub struct ToolboxFile {
    #[schemars(description = "Markdown-tekst øverst i verktøykassen.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    #[schemars(description = "Verktøyene.")]
    pub items: Vec<ToolItemEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Et verktøy i verktøykassen.")]
pub struct ToolItemEntry {
    #[schemars(
        description = "Verktøyets id, for eksempel `samtykkeskjema`. Brukes i `tools:`, `guides:` og i henvisninger (`tool:samtykkeskjema`). Må være unik."
    )]
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(
        description = "Nummeret i kommunens nummererte liste (1, 2, 3 …). Har noen av verktøyene nummer, vises de under «Verktøykassen» og resten under «Andre verktøy og veiledninger som veilederen viser til». Har ingen nummer, vises alle i én liste. Samme nummer to ganger gir en advarsel."
    )]
    /// The number in the published list; items the guide names but the list does not
    /// number have none.
    #[serde(default)]
    pub number: Option<u32>,
    #[schemars(description = "Tittelen slik den er publisert.")]
    pub title: String,
    #[schemars(description = "Hva slags verktøy det er (se tabellen under).")]
    pub kind: ToolKind,
    /// No longer written by editors: a document's format and size are measured from
    /// the published file. Read only to say so with the line it stands on.
    #[serde(default)]
    #[schemars(skip)]
    pub format: Option<Spanned<de::IgnoredAny>>,
    /// No longer written by editors; see `format`.
    #[serde(default)]
    #[schemars(skip)]
    pub size: Option<Spanned<de::IgnoredAny>>,
    #[schemars(
        description = "En dato som er en del av den publiserte tittelen, skrevet slik kilden gjør: `\"07.11.2022\"`. Vises etter tittelen."
    )]
    /// A date that is part of the published title, as written: "07.11.2022".
    #[serde(default)]
    pub date: Option<String>,
    #[schemars(
        description = "Et dokument i kommunens `files/`-mappe, skrevet som filnavnet: `file: samtykke-2023.pdf`. Tittelen blir en lenke til dokumentet. Se Dokumenter i files/."
    )]
    /// A file in the municipality's `files/` folder to publish with the site.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub file: Option<Spanned<String>>,
    #[schemars(
        description = "Nettadressen der dokumentet ligger, med `https://`. Tittelen blir en lenke dit."
    )]
    /// An address elsewhere.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    #[schemars(
        description = "En del av dette nettstedet der verktøyet ligger, skrevet som en henvisning, for eksempel `link: page:samtykke`. Tittelen blir en lenke dit. Fører henvisningen ingen steder, stopper bygget."
    )]
    /// A part of this site that holds it, as a reference: `page:samtykke`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub link: Option<Spanned<String>>,
    #[schemars(
        description = "Id-en til et skjema som kan fylles ut, for eksempel `form: samtykkeerklaering`. Verktøyet får lenkene «Fyll ut på nett», «PDF» og «ODT». Se Skjema."
    )]
    /// The id of a fillable form: the municipality's own `forms/<id>.yaml`, its
    /// region's, or the shared `content/forms/<language>/<id>.yaml`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub form: Option<Spanned<String>>,
    #[schemars(description = "En kort beskrivelse i Markdown.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Spanned<String>>,
}

/// `arenas.yaml`: the collaboration arenas (samhandlingsarenaer).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "arenas.yaml: samhandlingsarenaene.")]
pub struct ArenasFile {
    #[schemars(description = "Sidens tittel. Uten den står det «Samhandlingsarenaer».")]
    #[serde(default)]
    pub title: Option<String>,
    #[schemars(description = "Markdown-tekst øverst på siden.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    #[schemars(description = "Arenaene.")]
    pub arenas: Vec<ArenaEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "En samhandlingsarena.")]
pub struct ArenaEntry {
    #[schemars(
        description = "Arenaens id, for eksempel `barneteam`. Brukes i henvisninger (`arena:barneteam`). Må være unik."
    )]
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(description = "Arenaens navn.")]
    pub name: String,
    #[schemars(description = "Hva arenaen er til, i Markdown.")]
    /// What the arena is for, in Markdown.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub body: Option<Spanned<String>>,
    #[schemars(description = "Hvem som deltar, som liste. Vises under «Deltakere».")]
    #[serde(default)]
    pub participants: Vec<String>,
    #[schemars(
        description = "Hvor ofte den møtes: `En gang per måned`, `Hver 14. dag`. Vises under «Møtes»."
    )]
    /// "En gang per måned", "hver 14. dag".
    #[serde(default)]
    pub frequency: Option<String>,
    #[schemars(description = "Hvor den møtes. Vises under «Sted».")]
    #[serde(default)]
    pub place: Option<String>,
    #[schemars(
        description = "Hvordan en sak meldes inn. Vises under «Slik melder du inn en sak»."
    )]
    /// How a case is brought to the arena.
    #[serde(default)]
    pub referral: Option<String>,
    #[schemars(description = "Målene, som liste. Vises under «Mål».")]
    #[serde(default)]
    pub goals: Vec<String>,
}

/// `pyramid.yaml`: the BTS/BTI pyramid of support levels.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "pyramid.yaml: pyramiden med innsatsnivåene.")]
pub struct PyramidFile {
    #[schemars(description = "Pyramidens tittel, for eksempel `BTS-pyramiden`.")]
    pub title: String,
    #[schemars(description = "Markdown-tekst før pyramiden.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    #[schemars(description = "Nivåene, fra det laveste (bredeste) til det høyeste.")]
    pub levels: Vec<PyramidLevelEntry>,
    #[schemars(description = "Markdown-tekst etter nivåene.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub outro: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Et nivå i pyramiden.")]
pub struct PyramidLevelEntry {
    #[schemars(description = "Nivåets nummer (0, 1, 2 …).")]
    #[schemars(with = "u32")]
    pub level: Spanned<u32>,
    #[schemars(description = "Trafikklysfargen: `green`, `yellow`, `orange` eller `red`.")]
    pub color: TrafficLight,
    #[schemars(description = "Kort beskrivelse av nivået.")]
    pub title: String,
    #[schemars(description = "Mer tekst om nivået, i Markdown.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub body: Option<Spanned<String>>,
}

/// The front matter of a page in `pages/*.md`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Toppen (front matter) av en side i pages/.")]
pub struct PageFrontMatter {
    #[schemars(description = "Sidens tittel. Blir sidens hovedoverskrift.")]
    pub title: String,
    #[schemars(
        description = "Hvilket nivå i samhandlingsmodellen siden hører til: `municipality` (kommunenivå), `service` (tjenestenivå) eller `individual` (individnivå). Forsiden grupperer sidene etter dette. Sider uten `tier` står under «Mer om samhandlingsmodellen»."
    )]
    /// `municipality` (kommunenivå), `service` (tjenestenivå) or `individual` (individnivå).
    #[serde(default)]
    pub tier: Option<Tier>,
    #[schemars(
        description = "Hvem siden er skrevet for, som liste: `child_youth` (barn og unge), `adult` (foreldre og andre voksne), `employee` (ansatte). Vises under tittelen. Skriv alltid som liste, også med bare én: `audience: [employee]`."
    )]
    #[serde(default)]
    pub audience: Vec<Audience>,
    #[schemars(
        description = "Rekkefølgen i listene, lavest først. Sider uten `order` kommer sist, i alfabetisk rekkefølge."
    )]
    #[serde(default)]
    pub order: Option<i64>,
    #[schemars(description = "Én setning som vises under lenken til siden i listene på forsiden.")]
    /// One sentence shown in lists of pages.
    #[serde(default)]
    pub summary: Option<String>,
    #[schemars(
        description = "`true` for en inngangsside for én målgruppe («Jeg er ansatt», «Jeg er forelder»). Slike sider vises først på forsiden, under overskriften «Hvem er du?», i stedet for i listene etter nivå."
    )]
    /// A "Hvem er du?" entry page for its audience, listed first on the front page.
    #[serde(default)]
    pub entry: bool,
    #[schemars(
        description = "`true` for et kapittel kommunen ikke har skrevet ennå, for eksempel en malens «her skriver hver kommune …»: et **utkast**. `veiviser build` legger det ikke ut (ingen side, ikke på forsiden, i søket, i hele veilederen eller i `sitemap.xml`, og lenker til det blir vanlig tekst). `veiviser serve` og `veiviser build --drafts` viser det med merknaden «Utkast: …», og `check` minner deg på det med en advarsel. Fjern linjen når teksten er skrevet."
    )]
    /// A chapter the source leaves for the municipality to fill in: shown clearly
    /// marked as not filled in, and reported by `check` as a to-do.
    #[serde(default)]
    pub unfilled: bool,
}

/// A text in bokmål and/or nynorsk, as the sources give it. A site shows its own
/// language form and falls back to the other when only that one is known.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "En tekst på bokmål (`nb`) og/eller nynorsk (`nn`).")]
pub struct LangText {
    #[schemars(description = "Teksten på bokmål.")]
    #[serde(default)]
    pub nb: Option<String>,
    #[schemars(description = "Teksten på nynorsk.")]
    #[serde(default)]
    pub nn: Option<String>,
}

/// `content/guidance.yaml`: the national guidance catalogue every municipality may
/// refer to, so each law or strategy is written once.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "content/guidance.yaml: den felles katalogen over nasjonale føringer.")]
pub struct GuidanceCatalogue {
    #[schemars(
        description = "Kategoriene (Lover, Forskrifter, Rundskriv …), i den rekkefølgen de vises."
    )]
    /// The categories, in the order they are shown.
    pub categories: Vec<GuidanceCategory>,
    #[schemars(description = "Føringene.")]
    pub items: Vec<GuidanceItem>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "En kategori i katalogen.")]
pub struct GuidanceCategory {
    #[schemars(description = "Kategoriens id, som føringene viser til med `category`.")]
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(description = "Kategoriens navn, på bokmål og/eller nynorsk (se under).")]
    pub title: LangText,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "En føring i katalogen.")]
pub struct GuidanceItem {
    #[schemars(description = "Føringens id, som kommunene skriver i sin `guidance.yaml`.")]
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(description = "Id-en til en av kategoriene.")]
    /// The id of one of the categories.
    #[schemars(with = "String")]
    pub category: Spanned<String>,
    #[schemars(description = "Føringens navn, på bokmål og/eller nynorsk (se under).")]
    pub title: LangText,
    #[schemars(description = "Hvem som har gitt den ut, for eksempel `Helsedirektoratet`.")]
    /// Who issued it: "Barne- og familiedepartementet", "Helsedirektoratet".
    #[serde(default)]
    pub publisher: Option<String>,
    #[schemars(
        description = "Året slik det er publisert, i anførselstegn: `\"2021\"` eller `\"2019–2024\"`."
    )]
    /// As published: "2021", "2019–2024".
    #[serde(default)]
    pub year: Option<String>,
    #[schemars(description = "Adressen der føringen ligger, med `https://`.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
    #[schemars(description = "En kort omtale, på bokmål og/eller nynorsk.")]
    #[serde(default)]
    pub summary: Option<LangText>,
}

/// `content/national-numbers.yaml`: the national numbers, written once. Those marked
/// `everywhere` are shown on every site after its own numbers; the others are known so
/// that `check` can tell an emergency line from a non-emergency one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/national-numbers.yaml: de nasjonale numrene, skrevet én gang for alle."
)]
pub struct NationalNumbersFile {
    #[schemars(description = "De nasjonale numrene.")]
    pub numbers: Vec<NationalNumber>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Et nasjonalt nummer.")]
pub struct NationalNumber {
    #[schemars(description = "Nummeret, i anførselstegn: `\"112\"`, `\"116 111\"`.")]
    #[schemars(with = "String")]
    pub number: Spanned<String>,
    #[schemars(
        description = "Hva nummeret går til, på bokmål (`nb`) og nynorsk (`nn`): `label: {nb: Politi, nn: Politi}`."
    )]
    pub label: LangText,
    #[schemars(description = "`true` for akuttnumre.")]
    /// An emergency line ("Akutt").
    #[serde(default)]
    pub emergency: bool,
    #[schemars(
        description = "`true` for numrene som vises på alle nettsteder etter kommunens egne (112 og 116 111), med mindre nettstedet utelater dem med `omit_national`."
    )]
    /// Shown on every site after its own numbers, unless the site's
    /// `contact.omit_national` names it.
    #[serde(default)]
    pub everywhere: bool,
    #[schemars(description = "Åpningstidene, skrevet som for kommunens numre (se Åpningstider).")]
    #[serde(default)]
    pub hours: Vec<HoursRule>,
}

/// A municipality's `guidance.yaml`: which entries of the national catalogue its
/// guide points to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "guidance.yaml: hvilke føringer i den felles katalogen kommunen viser til."
)]
pub struct GuidanceFile {
    #[schemars(
        description = "Sidens tittel, også i hovedmenyen. Uten den står det «Nasjonale føringer»."
    )]
    #[serde(default)]
    pub title: Option<String>,
    #[schemars(description = "Markdown-tekst øverst på siden.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    #[schemars(
        description = "Id-er fra den felles katalogen. De vises gruppert etter katalogens kategorier (Lover, Forskrifter, Rundskriv osv.)."
    )]
    /// Ids of entries in `content/guidance.yaml`, shown grouped by the catalogue's
    /// categories.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub items: Vec<Spanned<String>>,
    #[schemars(
        description = "Kommunens egne grupper, slik veilederen publiserer dem. Hver gruppe har `title` (overskriften) og `items` (id-er fra katalogen). Gruppene vises først, i den rekkefølgen du skriver dem."
    )]
    /// Or the municipality's own grouping, as its guide publishes it.
    #[serde(default)]
    pub groups: Vec<GuidanceGroupEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "En gruppe føringer, slik kommunens veileder publiserer dem.")]
pub struct GuidanceGroupEntry {
    #[schemars(description = "Gruppens overskrift.")]
    pub title: String,
    #[schemars(description = "Id-er fra katalogen, i den rekkefølgen de vises.")]
    #[schemars(with = "Vec<String>")]
    pub items: Vec<Spanned<String>>,
}

/// A form template: `content/forms/<nb|nn>/<id>.yaml`, or a municipality's own
/// `forms/<id>.yaml` (which replaces the shared one of the same id). One definition
/// becomes an HTML form, a fillable PDF and an ODT document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Et skjema: content/forms/<nb|nn>/<id>.yaml eller kommunens forms/<id>.yaml. Blir nettskjema, PDF og ODT."
)]
pub struct FormFile {
    #[schemars(
        description = "Skjemaets tittel. Overskrift på nettsiden, i PDF-en og i ODT-dokumentet."
    )]
    pub title: String,
    #[schemars(
        description = "Tekst under tittelen. Vanlig tekst, ikke Markdown. En tom linje gir nytt avsnitt."
    )]
    /// Plain text under the title; blank lines separate paragraphs.
    #[serde(default)]
    pub intro: Option<String>,
    #[schemars(description = "Delene i skjemaet, i rekkefølge.")]
    pub sections: Vec<FormSectionEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "En del av skjemaet.")]
pub struct FormSectionEntry {
    #[schemars(description = "Delens overskrift.")]
    #[serde(default)]
    pub title: Option<String>,
    #[schemars(
        description = "Tekst under overskriften. Vanlig tekst, tom linje gir nytt avsnitt."
    )]
    #[serde(default)]
    pub intro: Option<String>,
    #[schemars(description = "Feltene i delen, i rekkefølge.")]
    pub fields: Vec<FormFieldEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Et felt i skjemaet.")]
pub struct FormFieldEntry {
    #[schemars(
        description = "Feltets navn: a–z, 0–9 og bindestrek, for eksempel `barnets-navn`. Må være unikt i skjemaet. Vises ikke, men brukes i PDF-en, ODT-dokumentet og filen utfyllingen lagres i."
    )]
    /// Unique within the form: names the field in the PDF, the ODT and a saved file.
    /// Not needed for `fixed` text.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    #[schemars(description = "Hva slags felt.")]
    #[serde(rename = "type")]
    #[schemars(with = "FieldType")]
    pub kind: Spanned<FieldType>,
    #[schemars(
        description = "Teksten ved feltet, for eksempel `Barnets navn`. For `fixed` er det selve teksten."
    )]
    /// The visible label; for `fixed`, the text itself.
    #[serde(default)]
    pub label: Option<String>,
    #[schemars(
        description = "En kort forklaring under teksten, for eksempel hva som skal stå i feltet."
    )]
    /// A hint shown under the label.
    #[serde(default)]
    pub help: Option<String>,
    #[schemars(
        description = "`true` når feltet må fylles ut. Da står det «(må fylles ut)» etter teksten."
    )]
    #[serde(default)]
    pub required: bool,
    #[schemars(
        description = "For `long_text`: hvor mange linjer det er plass til, fra 1 til 40. Standard er 4."
    )]
    /// `long_text`: how many lines to leave on paper (default 4).
    #[serde(default)]
    pub lines: Option<u32>,
    #[schemars(description = "Valgene det kan krysses av for, som liste.")]
    /// `checkboxes`: the choices.
    #[serde(default)]
    pub options: Vec<String>,
    #[schemars(
        description = "For `checkboxes`: gir en linje til slutt med denne teksten og et felt å skrive i, for eksempel `other: Annet`."
    )]
    /// `checkboxes`: add an "other: ____" line with this label (e.g. "Annet").
    #[serde(default)]
    pub other: Option<String>,
    #[schemars(description = "Overskriftene på kolonnene, som liste.")]
    /// `table`: the column headings.
    #[serde(default)]
    pub columns: Vec<String>,
    #[schemars(
        description = "For `table`: hvor mange tomme rader tabellen har, fra 1 til 100. Standard er 5."
    )]
    /// `table`: how many blank rows (default 5).
    #[serde(default)]
    pub rows: Option<u32>,
    #[schemars(
        description = "For `table`: hvor stor del av bredden hver kolonne får, ett tall (1–20) per kolonne i samme rekkefølge som `columns`. `widths: [1, 5, 5, 3, 2]` gir en smal «Nr.» og brede «Mål» og «Tiltak». Uten `widths` velges bredden ut fra overskriftene. Gjelder PDF og ODT."
    )]
    /// `table`: each column's share of the width, one number per column
    /// (`widths: [1, 4, 4, 2, 2]` makes the second column four times the first).
    #[serde(default)]
    #[schemars(with = "Option<Vec<u32>>")]
    pub widths: Option<Spanned<Vec<u32>>>,
    #[schemars(
        description = "Hvem som skriver under, som liste. Hver får sitt eget felt for sted, dato og underskrift."
    )]
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
