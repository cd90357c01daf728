//! The glossary files as written: the national one, `content/ordliste.yaml`, and a
//! municipality's own, `municipalities/<slug>/ordliste.yaml`.
//!
//! As in `load::schema`, the Norwegian `#[schemars(description = "…")]` texts are
//! what editors see in the JSON Schemas (and `docs/innhold.md`'s key tables say the
//! same); the doc comments stay English, for developers.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::schema::LangText;

/// The national glossary's file name, under `content/`, and a municipality's.
pub const GLOSSARY_FILE: &str = "ordliste.yaml";

/// `content/ordliste.yaml`: terms every site may use, written once in bokmål and
/// nynorsk.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "content/ordliste.yaml: den felles ordlisten, skrevet én gang på bokmål og nynorsk."
)]
pub struct NationalGlossary {
    #[schemars(description = "Ordene, hvert med forklaring og kilde.")]
    pub terms: Vec<NationalTerm>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "Et ord i den felles ordlisten.")]
pub struct NationalTerm {
    #[schemars(
        description = "Ordets id: små bokstaver, tall og bindestrek. Brukes i adressen (`ordliste/index.html#term-<id>`) og av kommunene når de endrer eller skjuler ordet. Må være unik."
    )]
    /// Stable, used in addresses (`ordliste/index.html#term-<id>`) and by
    /// municipalities to override or hide the term.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(
        description = "Ordet slik ordlisten viser det, på bokmål og nynorsk: `word: {nb: Taushetsplikt, nn: Teieplikt}`."
    )]
    /// The word as the glossary lists it: `{nb: Taushetsplikt, nn: Teieplikt}`.
    #[schemars(with = "LangText")]
    pub word: Spanned<LangText>,
    #[schemars(
        description = "Bøyde former og andre skrivemåter (forkortelsen, den lange formen) som også skal bli lenker, på begge målformer, som liste. Selve ordet blir alltid funnet."
    )]
    /// Other ways the word is written in a text (inflections, the acronym, the long
    /// form), in either language form. The word itself is always recognised.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub forms: Vec<Spanned<String>>,
    #[schemars(
        description = "En kort, enkel forklaring, på bokmål og nynorsk (`{nb: ..., nn: ...}`), skrevet ut fra det kilden sier."
    )]
    #[schemars(with = "LangText")]
    pub definition: Spanned<LangText>,
    #[schemars(
        description = "Hvor forklaringen er hentet fra: lov og paragraf, et direktorat eller en veileder. Vises som «Kilde»."
    )]
    /// Where the definition comes from: a law and paragraph, a directorate, a guide.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    #[schemars(
        description = "Adressen til dokumentet `source` nevner, med `https://`. Hele kildeteksten blir da en lenke, så nevner `source` mer enn ett dokument, skal ordet ikke ha `url`."
    )]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}

/// `municipalities/<slug>/ordliste.yaml`: the municipality's own terms, changes to
/// national ones (same `id`), and national terms it does not want (`hide`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "ordliste.yaml: kommunens egne ord, endringer i felles ord og felles ord kommunen ikke vil ha med, på nettstedets målform."
)]
pub struct LocalGlossary {
    #[schemars(description = "Kommunens egne ord og endringer i felles ord.")]
    #[serde(default)]
    pub terms: Vec<LocalTerm>,
    #[schemars(description = "Id-er på felles ord som verken skal lenkes eller stå i ordlisten.")]
    /// Ids of national terms this site neither lists nor links.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub hide: Vec<Spanned<String>>,
}

/// A term of the municipality's own, in the site's language; or, with the id of a
/// national term, what replaces that term's word, definition or source (its forms
/// are added to the national ones).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "Et ord kommunen har selv, eller, med id-en til et felles ord, kommunens endringer i det ordet."
)]
pub struct LocalTerm {
    #[schemars(
        description = "For et eget ord små bokstaver, tall og bindestrek, brukt i adressen (`ordliste/index.html#term-ressursteam`). Samme id som et felles ord betyr at du endrer det ordet."
    )]
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[schemars(
        description = "Ordet slik ordlisten viser det. For et felles ord erstatter det det felles ordet."
    )]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub word: Option<Spanned<String>>,
    #[schemars(
        description = "Bøyde former og andre skrivemåter som også skal bli lenker, som liste. For et felles ord kommer de i tillegg til de felles formene."
    )]
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub forms: Vec<Spanned<String>>,
    #[schemars(
        description = "En kort, enkel forklaring. For et felles ord erstatter den den felles forklaringen, og den felles kilden vises da ikke."
    )]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub definition: Option<Spanned<String>>,
    #[schemars(description = "Hvor forklaringen er hentet fra, vist som «Kilde».")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
    #[schemars(description = "Adressen til kilden, med `https://`.")]
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub url: Option<Spanned<String>>,
}
