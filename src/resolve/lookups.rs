//! What a municipality's resolution read of the shared content (the guidance
//! catalogue, the form library, the national numbers and glossary, the interface
//! words), key by key, and a print of each key's value in the content as loaded.
//!
//! Every read of the shared content goes through [`SharedView`], which records the
//! key it reads, including reads that find nothing (an id not in the catalogue) and
//! reads whose result depends on a whole set (the forms listed in an error's help).
//! A long-running process (`serve`) keeps each municipality's resolution with its
//! [`Lookups`]; after an edit to the shared content it compares the [`SharedPrints`]
//! of the content before and after, and resolves again only the municipalities that
//! read a key whose print changed. Prints are taken of the values as read, with
//! their positions (line and column), since diagnostics and the model carry them.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::Hasher;

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::load::glossary::{NationalGlossary, NationalTerm};
use crate::load::schema::{
    FormFile, GuidanceCatalogue, GuidanceCategory, GuidanceItem, LangText, NationalNumbersFile,
};
use crate::load::{Loaded, Sourced};
use crate::model::{Lang, Words};

/// One thing of the shared content a municipality can read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SharedKey {
    /// Whether there is a guidance catalogue and whether it could be read, and its
    /// categories in order.
    Catalogue,
    /// The first entry of the guidance catalogue with this id, or that there is none.
    GuidanceEntry(String),
    /// The library form of this language and id, or that there is none.
    Form(&'static str, String),
    /// The ids of the library's forms in this language (an error's help lists them).
    FormIds(&'static str),
    /// `content/national-numbers.yaml` (each site shows all numbers marked
    /// `everywhere`, and checks its own against all of them).
    NationalNumbers,
    /// The words veiviser writes itself, in both languages.
    Words,
    /// Whether there is a national glossary, and the ids of its terms in order.
    GlossaryIds,
    /// The first national term with this id, as a site in this language reads it
    /// (its word in both languages, forms, source and address, and its definition
    /// in this language or else the other).
    GlossaryTerm(String, &'static str),
}

/// The keys of the shared content one municipality's resolution read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookups {
    keys: BTreeSet<SharedKey>,
}

impl Lookups {
    /// Whether any of `changed` was read.
    pub fn touches(&self, changed: &BTreeSet<SharedKey>) -> bool {
        if self.keys.len() < changed.len() {
            self.keys.iter().any(|k| changed.contains(k))
        } else {
            changed.iter().any(|k| self.keys.contains(k))
        }
    }
}

/// A 128-bit print of each key's value in the shared content. A key not there (an
/// id no entry has) has no print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedPrints {
    prints: BTreeMap<SharedKey, u128>,
}

impl SharedPrints {
    /// The prints of every key the shared content of `loaded` has.
    pub fn of(loaded: &Loaded) -> SharedPrints {
        let view = SharedView::of(loaded);
        let mut prints = BTreeMap::new();
        prints.insert(SharedKey::Catalogue, print(&view.catalogue_value()));
        if let Some(catalogue) = view.catalogue {
            for item in &catalogue.value.items {
                let key = SharedKey::GuidanceEntry(item.id.value.clone());
                // The first entry with an id is the one sites read.
                prints.entry(key).or_insert_with(|| print(item));
            }
        }
        for lang in [Lang::Nb, Lang::Nn] {
            prints.insert(
                SharedKey::FormIds(lang.code()),
                print(&view.form_ids_value(lang)),
            );
        }
        for ((lang, id), file) in view.forms {
            if let Some(lang) = lang_code(lang) {
                prints.insert(SharedKey::Form(lang, id.clone()), print(file));
            }
        }
        prints.insert(SharedKey::NationalNumbers, print(&view.national));
        prints.insert(SharedKey::Words, print(view.words));
        prints.insert(SharedKey::GlossaryIds, print(&view.glossary_ids_value()));
        if let Some(glossary) = view.glossary {
            for term in &glossary.value.terms {
                for lang in [Lang::Nb, Lang::Nn] {
                    let key = SharedKey::GlossaryTerm(term.id.value.clone(), lang.code());
                    prints
                        .entry(key)
                        .or_insert_with(|| print(&term_as_read(term, lang)));
                }
            }
        }
        SharedPrints { prints }
    }

    /// The keys whose value differs between `self` and `other` (there in one of
    /// them only, or with another print).
    pub fn changed(&self, other: &SharedPrints) -> BTreeSet<SharedKey> {
        let mut changed: BTreeSet<SharedKey> = self
            .prints
            .iter()
            .filter(|(key, value)| other.prints.get(*key) != Some(*value))
            .map(|(key, _)| key.clone())
            .collect();
        changed.extend(
            other
                .prints
                .keys()
                .filter(|key| !self.prints.contains_key(*key))
                .cloned(),
        );
        changed
    }
}

/// The two language codes the form library is sorted by.
fn lang_code(code: &str) -> Option<&'static str> {
    match code {
        "nb" => Some("nb"),
        "nn" => Some("nn"),
        _ => None,
    }
}

/// The print of a value: a hash of its `Debug` form, which holds every field and
/// every position, less the characters' offsets in the file. A value's place is
/// read as its line and column only (`Sourced::loc`), and an edit moves the offsets
/// of everything after it: a title made longer is not a change to the next entry.
/// (Were the `Debug` form of a position to change, the offsets would count again:
/// more would be resolved, never less.)
fn print(value: &impl fmt::Debug) -> u128 {
    const OFFSETS: &str = "span: Span {";
    let text = format!("{value:?}");
    let mut hasher = SipHasher13::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(OFFSETS) {
        hasher.write(&rest.as_bytes()[..at]);
        // Up to the brace that closes the span.
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, c) in rest[at..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = at + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    hasher.write(rest.as_bytes());
    hasher.finish128().as_u128()
}

/// A text in `lang`, falling back to the other language: as every site reads the
/// shared content's texts.
pub(super) fn in_lang(text: &LangText, lang: Lang) -> Option<&String> {
    let (own, other) = match lang {
        Lang::Nb => (&text.nb, &text.nn),
        Lang::Nn => (&text.nn, &text.nb),
    };
    own.as_ref().or(other.as_ref())
}

/// What a site in `lang` reads of a national term: everything but the definition
/// in the language it does not read.
fn term_as_read(term: &NationalTerm, lang: Lang) -> impl fmt::Debug + '_ {
    // Every field named, so that a new one cannot be left out of the print.
    let NationalTerm {
        id,
        word,
        definition,
        forms,
        source,
        url,
    } = term;
    (
        id,
        word,
        in_lang(&definition.value, lang),
        forms,
        source,
        url,
    )
}

/// The shared content as one municipality's resolution reads it: each read is
/// recorded as a [`SharedKey`].
pub(super) struct SharedView<'a> {
    catalogue: Option<&'a Sourced<GuidanceCatalogue>>,
    catalogue_unreadable: bool,
    forms: &'a BTreeMap<(String, String), Sourced<FormFile>>,
    national: Option<&'a Sourced<NationalNumbersFile>>,
    words: &'a Words,
    glossary: Option<&'a Sourced<NationalGlossary>>,
    read: RefCell<BTreeSet<SharedKey>>,
}

impl<'a> SharedView<'a> {
    pub(super) fn of(loaded: &'a Loaded) -> SharedView<'a> {
        // Every field named, so that shared content added to `Loaded` must be
        // placed here (or said to be no shared content).
        let Loaded {
            municipalities: _,
            words,
            guidance,
            forms,
            guidance_unreadable,
            national,
            glossary,
            sources: _,
            diagnostics: _,
        } = loaded;
        SharedView {
            catalogue: guidance.as_ref(),
            catalogue_unreadable: *guidance_unreadable,
            forms,
            national: national.as_ref(),
            words,
            glossary: glossary.as_ref(),
            read: RefCell::new(BTreeSet::new()),
        }
    }

    fn record(&self, key: SharedKey) {
        self.read.borrow_mut().insert(key);
    }

    /// What was read.
    pub(super) fn into_lookups(self) -> Lookups {
        Lookups {
            keys: self.read.into_inner(),
        }
    }

    fn catalogue_value(&self) -> impl fmt::Debug + 'a {
        (
            self.catalogue.is_some(),
            self.catalogue_unreadable,
            self.catalogue.map(|c| &c.value.categories),
        )
    }

    /// The catalogue's categories, in order (none without a catalogue).
    pub(super) fn catalogue_categories(&self) -> &'a [GuidanceCategory] {
        self.record(SharedKey::Catalogue);
        self.catalogue
            .map(|c| c.value.categories.as_slice())
            .unwrap_or_default()
    }

    /// The catalogue exists but could not be read.
    pub(super) fn catalogue_unreadable(&self) -> bool {
        self.record(SharedKey::Catalogue);
        self.catalogue_unreadable
    }

    /// The first entry of the catalogue with `id`.
    pub(super) fn guidance_entry(&self, id: &str) -> Option<&'a GuidanceItem> {
        self.record(SharedKey::GuidanceEntry(id.to_string()));
        self.catalogue?
            .value
            .items
            .iter()
            .find(|e| e.id.value == id)
    }

    /// The library form `id` in `lang`.
    pub(super) fn library_form(&self, lang: Lang, id: &str) -> Option<&'a Sourced<FormFile>> {
        self.record(SharedKey::Form(lang.code(), id.to_string()));
        self.forms.get(&(lang.code().to_string(), id.to_string()))
    }

    fn form_ids_value(&self, lang: Lang) -> Vec<&'a str> {
        self.forms
            .keys()
            .filter(|(l, _)| l == lang.code())
            .map(|(_, id)| id.as_str())
            .collect()
    }

    /// The ids of the library's forms in `lang`, in order.
    pub(super) fn library_form_ids(&self, lang: Lang) -> Vec<&'a str> {
        self.record(SharedKey::FormIds(lang.code()));
        self.form_ids_value(lang)
    }

    /// `content/national-numbers.yaml` (`None` when it cannot be read).
    pub(super) fn national_numbers(&self) -> Option<&'a Sourced<NationalNumbersFile>> {
        self.record(SharedKey::NationalNumbers);
        self.national
    }

    /// The words veiviser writes itself.
    pub(super) fn words(&self) -> &'a Words {
        self.record(SharedKey::Words);
        self.words
    }

    fn glossary_ids_value(&self) -> Option<Vec<&'a str>> {
        self.glossary
            .map(|g| g.value.terms.iter().map(|t| t.id.value.as_str()).collect())
    }

    /// The ids of the national glossary's terms, in order; `None` when there is no
    /// national glossary.
    pub(super) fn glossary_ids(&self) -> Option<Vec<&'a str>> {
        self.record(SharedKey::GlossaryIds);
        self.glossary_ids_value()
    }

    /// The first national term with `id`, as a site in `lang` reads it: the caller
    /// reads its definition in `lang` only (through [`in_lang`]).
    pub(super) fn glossary_term(&self, id: &str, lang: Lang) -> Option<&'a NationalTerm> {
        self.record(SharedKey::GlossaryTerm(id.to_string(), lang.code()));
        self.glossary?.value.terms.iter().find(|t| t.id.value == id)
    }
}
