//! The glossary files as written: the national one, `content/ordliste.yaml`, and a
//! municipality's own, `municipalities/<slug>/ordliste.yaml`.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::schema::LangText;

/// The national glossary's file name, under `content/`, and a municipality's.
pub const GLOSSARY_FILE: &str = "ordliste.yaml";

/// `content/ordliste.yaml`: terms every site may use, written once in bokmål and
/// nynorsk.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalGlossary {
    pub terms: Vec<NationalTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalTerm {
    /// Stable, used in addresses (`ordliste/index.html#term-<id>`) and by
    /// municipalities to override or hide the term.
    pub id: Spanned<String>,
    /// The word as the glossary lists it: `{nb: Taushetsplikt, nn: Teieplikt}`.
    pub word: Spanned<LangText>,
    /// Other ways the word is written in a text (inflections, the acronym, the long
    /// form), in either language form. The word itself is always recognised.
    #[serde(default)]
    pub forms: Vec<Spanned<String>>,
    pub definition: Spanned<LangText>,
    /// Where the definition comes from: a law and paragraph, a directorate, a guide.
    pub source: Spanned<String>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// `municipalities/<slug>/ordliste.yaml`: the municipality's own terms, changes to
/// national ones (same `id`), and national terms it does not want (`hide`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalGlossary {
    #[serde(default)]
    pub terms: Vec<LocalTerm>,
    /// Ids of national terms this site neither lists nor links.
    #[serde(default)]
    pub hide: Vec<Spanned<String>>,
}

/// A term of the municipality's own, in the site's language; or, with the id of a
/// national term, what replaces that term's word, definition or source (its forms
/// are added to the national ones).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalTerm {
    pub id: Spanned<String>,
    #[serde(default)]
    pub word: Option<Spanned<String>>,
    #[serde(default)]
    pub forms: Vec<Spanned<String>>,
    #[serde(default)]
    pub definition: Option<Spanned<String>>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}
