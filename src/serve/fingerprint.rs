//! What a site's output is made from, part by part. `serve` renders a site again only
//! when its fingerprint differs from that of the output it serves, so an edit to a
//! shared file (the guidance catalogue, the glossary, a library form, the national
//! numbers) re-renders only the sites whose model it changes; and where only parts
//! few templates read changed (the forms, the text of a listed glossary term), only
//! the outputs that read them (`render::Changed`).
//!
//! The fingerprint is taken of the resolved model, not of the files read: whatever
//! a site depends on (its own files, shared content, its region's chapters) reaches
//! its pages only through its `Municipality`, which render reads with the compiled
//! theme and nothing else (`docs/architecture.md`). So the fingerprint needs no list
//! of dependencies that could go stale; the theme is the caller's to watch. Its parts
//! are the model's fields as serialised, found by serialising it, so a field added to
//! the model is a part of its own without anything here changing.

use std::collections::BTreeSet;
use std::hash::Hasher;
use std::io;

use serde::ser::Impossible;
use serde::Serialize;
use siphasher::sip128::{Hasher128, SipHasher13};

use crate::model::Municipality;

/// What a site's output is rendered from: a 128-bit hash of each part of its model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Each field of the site's JSON as templates get it, by name (the glossary's
    /// split below), and `files`, the published documents.
    parts: Vec<(&'static str, u128)>,
    /// Each glossary term, in order: its id and a hash of what only its entry on
    /// the glossary page shows ([`SHOWN_ONLY`]). The rest of each term (its id,
    /// anchor, forms: what decides where pages link it) is in the part
    /// `glossary.terms`.
    terms: Vec<(String, u128)>,
}

/// The fields of a glossary term that only its entry on the glossary page shows:
/// render gives pages the terms without them (`render::strip_term_texts`), and
/// lists on the glossary page only the terms it reports (`SiteRecord::listed_terms`).
pub const SHOWN_ONLY: &[&str] = crate::render::TERM_TEXTS;

/// How a new fingerprint differs from that of the output served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// The parts whose hash differs, or that are in one print only.
    pub parts: BTreeSet<&'static str>,
    /// The text of a term the served glossary page lists changed.
    pub listed_terms: bool,
}

impl Changes {
    /// Nothing that reaches the output changed.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty() && !self.listed_terms
    }
}

impl Fingerprint {
    /// What differs from `old`, the print of the output served, whose glossary page
    /// lists `listed` (`None`: not known, every term counts as listed). A term
    /// not listed shows none of its text anywhere, so a change to it is none.
    pub fn changes(&self, old: &Fingerprint, listed: Option<&BTreeSet<String>>) -> Changes {
        let mut parts: BTreeSet<&'static str> = BTreeSet::new();
        for (name, hash) in &self.parts {
            if !old.parts.contains(&(*name, *hash)) {
                parts.insert(name);
            }
        }
        for (name, hash) in &old.parts {
            if !self.parts.contains(&(*name, *hash)) {
                parts.insert(name);
            }
        }
        let same_terms = self.terms.len() == old.terms.len()
            && self.terms.iter().zip(&old.terms).all(|(a, b)| a.0 == b.0);
        if !same_terms {
            // Ids are in `glossary.terms` too; this only keeps the check below exact.
            parts.insert("glossary.terms");
        }
        let listed_terms = same_terms
            && self.terms.iter().zip(&old.terms).any(|(new, old)| {
                new.1 != old.1 && listed.is_none_or(|listed| listed.contains(&new.0))
            });
        Changes {
            parts,
            listed_terms,
        }
    }
}

/// Feeds what is written into the hash, so the model is hashed as it is serialised,
/// without holding its JSON.
struct HashWriter(SipHasher13);

impl io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The fingerprint of a site's model: each field of its JSON as templates get it,
/// and the documents under `files/`, which render publishes but serialisation leaves
/// out. `None` when the model cannot be serialised (render then fails the build
/// too): a site without a fingerprint is always rendered.
pub fn of_site(site: &Municipality) -> Option<Fingerprint> {
    let mut parts: Vec<(&'static str, u128)> = Vec::with_capacity(32);
    let mut failed = false;
    site.serialize(Fields(|name, hash: Option<u128>| {
        // The glossary is split below.
        if name != "glossary" {
            match hash {
                Some(hash) => parts.push((name, hash)),
                None => failed = true,
            }
        }
    }))
    .ok()?;
    let mut terms = Vec::new();
    match &site.glossary {
        None => parts.push(("glossary", hash_json(&None::<()>)?)),
        Some(glossary) => {
            glossary
                .serialize(Fields(|name, hash: Option<u128>| {
                    if name != "terms" {
                        match (name, hash) {
                            ("path", Some(hash)) => parts.push(("glossary.path", hash)),
                            // A field added to the glossary: a part that changes
                            // everything, as every field not split does.
                            (_, Some(hash)) => parts.push(("glossary", hash)),
                            (_, None) => failed = true,
                        }
                    }
                }))
                .ok()?;
            let mut links = SipHasher13::new();
            links.write_usize(glossary.terms.len());
            for term in &glossary.terms {
                let mut shown = SipHasher13::new();
                term.serialize(Fields(|name, hash: Option<u128>| {
                    let Some(hash) = hash else {
                        failed = true;
                        return;
                    };
                    let into = if SHOWN_ONLY.contains(&name) {
                        &mut shown
                    } else {
                        &mut links
                    };
                    into.write(name.as_bytes());
                    into.write_u128(hash);
                }))
                .ok()?;
                terms.push((term.id.clone(), shown.finish128().as_u128()));
            }
            parts.push(("glossary.terms", links.finish128().as_u128()));
        }
    }
    if failed {
        return None;
    }
    // Length-prefixed, so that no two lists of files hash alike by running together.
    let mut hasher = SipHasher13::new();
    hasher.write_usize(site.files.len());
    for file in &site.files {
        hasher.write_usize(file.path.len());
        hasher.write(file.path.as_bytes());
        hasher.write_usize(file.bytes.len());
        hasher.write(&file.bytes);
    }
    parts.push(("files", hasher.finish128().as_u128()));
    Some(Fingerprint { parts, terms })
}

/// Why a value could not be split into its fields: it is not a struct. Only ever
/// seen in a test that gives it something else.
#[derive(Debug)]
struct NotAStruct;

impl std::fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only a struct can be split into its fields")
    }
}

impl std::error::Error for NotAStruct {}

impl serde::ser::Error for NotAStruct {
    fn custom<T: std::fmt::Display>(_: T) -> NotAStruct {
        NotAStruct
    }
}

/// Calls `each(name, value)` for every field a struct serialises, in order: the
/// parts of a value as `serde_json` would write them, without writing the whole.
struct Fields<F>(F);

/// The hash of one value as `serde_json` writes it.
fn hash_json<T: Serialize + ?Sized>(value: &T) -> Option<u128> {
    let mut writer = HashWriter(SipHasher13::new());
    serde_json::to_writer(&mut writer, value).ok()?;
    Some(writer.0.finish128().as_u128())
}

macro_rules! not_a_struct {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<(), NotAStruct> { Err(NotAStruct) })*
    };
}

impl<F: FnMut(&'static str, Option<u128>)> serde::Serializer for Fields<F> {
    type Ok = ();
    type Error = NotAStruct;
    type SerializeSeq = Impossible<(), NotAStruct>;
    type SerializeTuple = Impossible<(), NotAStruct>;
    type SerializeTupleStruct = Impossible<(), NotAStruct>;
    type SerializeTupleVariant = Impossible<(), NotAStruct>;
    type SerializeMap = Impossible<(), NotAStruct>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), NotAStruct>;

    not_a_struct!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, NotAStruct> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAStruct> {
        Err(NotAStruct)
    }
}

impl<F: FnMut(&'static str, Option<u128>)> serde::ser::SerializeStruct for Fields<F> {
    type Ok = ();
    type Error = NotAStruct;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotAStruct> {
        (self.0)(key, hash_json(value));
        Ok(())
    }

    fn end(self) -> Result<(), NotAStruct> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copies of `from`'s files under `to`.
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
            let Ok(rel) = entry.path().strip_prefix(from) else {
                continue;
            };
            let target = to.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }

    /// A site of the glossary fixture (with the shared content), resolved.
    fn site() -> Option<Municipality> {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("temp dir");
        copy(&repo.join("content"), &dir.path().join("content"));
        copy(&repo.join("tests/fixtures/glossary"), dir.path());
        let only: std::collections::BTreeSet<String> = ["testby".to_string()].into();
        let (_, model) = crate::build::analyse_only(dir.path(), Some(&only));
        model?
            .municipalities
            .into_iter()
            .find(|m| m.slug == "testby")
    }

    /// Every fixture site that builds, each fixture copied over the shared content.
    fn fixture_models() -> Vec<(String, crate::model::Model)> {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut fixtures: Vec<_> = std::fs::read_dir(repo.join("tests/fixtures"))
            .expect("fixtures")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir() && !p.ends_with("invalid"))
            .collect();
        fixtures.sort();
        let mut models = Vec::new();
        for fixture in fixtures {
            let dir = tempfile::tempdir().expect("temp dir");
            copy(&repo.join("content"), &dir.path().join("content"));
            copy(&fixture, dir.path());
            if !dir.path().join("municipalities").is_dir() {
                continue;
            }
            let (_, model) = crate::build::analyse_only(dir.path(), None);
            if let Some(model) = model {
                models.push((fixture.display().to_string(), model));
            }
        }
        models
    }

    /// `READS_FORMS` and `READS_FORM_SIZES` name every template that reads the site's
    /// forms or their sizes: rendered without them (and with its chrome rendered
    /// without them too), every other page of every fixture site is byte for byte
    /// the page a build makes. A template that starts to read either fails here
    /// until it is named there; then a form's edit renders it again in `serve`.
    #[test]
    fn only_the_templates_named_read_the_forms_and_their_sizes() {
        use crate::render::{READS_FORMS, READS_FORM_SIZES};
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = crate::build::compile_theme(repo).unwrap_or_else(|e| panic!("{e:?}"));
        let models = fixture_models();
        assert!(models.len() > 10, "only {} fixtures load", models.len());
        let (mut compared, mut with_forms, mut with_sizes) = (0, 0, 0);
        for (fixture, model) in &models {
            let built = crate::render::render(model, &theme).unwrap_or_else(|e| panic!("{e:?}"));
            let built: std::collections::HashMap<_, _> =
                built.iter().map(|f| (f.path.clone(), &f.bytes)).collect();
            for m in &model.municipalities {
                let alone = crate::render::render_pages_altered(m, &theme, &|template, context| {
                    if !READS_FORMS.contains(&template) {
                        if let Some(mut site) = context.get("site").cloned() {
                            if let Some(site) = site.as_object_mut() {
                                site.remove("forms");
                            }
                            context.insert_value("site", site);
                        }
                    }
                    if !READS_FORM_SIZES.contains(&template) {
                        context.remove("form_sizes");
                    }
                })
                .unwrap_or_else(|e| {
                    panic!(
                        "{fixture}: {}: a page fails without the forms or their sizes: name its template in render::READS_FORMS or READS_FORM_SIZES: {e:?}",
                        m.slug
                    )
                });
                for (path, html) in alone {
                    let expected = built.get(&path).map(|b| b.as_ref());
                    assert!(
                        expected == Some(html.as_bytes()),
                        "{fixture}: {} differs without the forms or their sizes: name its template in render::READS_FORMS or READS_FORM_SIZES",
                        path.display()
                    );
                    compared += 1;
                }
                with_forms += usize::from(!m.forms.is_empty());
                let steps = m
                    .guides
                    .iter()
                    .flat_map(|g| &g.levels)
                    .flat_map(|l| &l.steps);
                with_sizes += usize::from(!m.forms.is_empty() && steps.count() > 0);
            }
        }
        // The fixtures do offer forms, on sites with steps that may show them.
        assert!(compared > 100, "{compared} pages");
        assert!(with_forms >= 3, "{with_forms} sites with forms");
        assert!(with_sizes >= 2, "{with_sizes} sites with forms and steps");
    }

    /// The texts taken out of the terms pages get are fields a term has: a field
    /// renamed would leave them in, and the fingerprint would count them as shown
    /// only on the glossary page.
    #[test]
    fn the_term_texts_are_fields_of_a_term() {
        let Some(site) = site() else {
            panic!("the glossary fixture's testby does not load");
        };
        let Some(term) = site.glossary.as_ref().and_then(|g| g.terms.first()) else {
            panic!("testby has no terms");
        };
        let json = serde_json::to_value(term).expect("JSON");
        for key in SHOWN_ONLY {
            assert!(json.get(key).is_some(), "a term has no field {key}");
        }
        assert!(json.get("forms").is_some() && json.get("anchor").is_some());
    }

    #[test]
    fn a_change_says_which_parts_and_a_term_not_listed_is_none() {
        let Some(site) = site() else {
            panic!("the glossary fixture's testby does not load");
        };
        let Some(print) = of_site(&site) else {
            panic!("no print");
        };
        let Some(first) = site.glossary.as_ref().and_then(|g| g.terms.first()) else {
            panic!("testby has no terms");
        };
        let listed: BTreeSet<String> = [first.id.clone()].into();
        let none: BTreeSet<String> = BTreeSet::new();
        let changes = |edit: &dyn Fn(&mut Municipality), listed: &BTreeSet<String>| {
            let mut changed = site.clone();
            edit(&mut changed);
            of_site(&changed)
                .expect("print")
                .changes(&print, Some(listed))
        };
        let definition = |m: &mut Municipality| {
            if let Some(term) = m.glossary.as_mut().and_then(|g| g.terms.first_mut()) {
                term.definition.push('.');
            }
        };
        assert!(changes(&definition, &none).is_empty(), "not listed");
        assert_eq!(
            changes(&definition, &listed),
            Changes {
                parts: BTreeSet::new(),
                listed_terms: true
            }
        );
        let forms = |m: &mut Municipality| {
            if let Some(term) = m.glossary.as_mut().and_then(|g| g.terms.first_mut()) {
                term.forms.push("nyord".into());
            }
        };
        assert_eq!(
            changes(&forms, &none).parts,
            ["glossary.terms"].into(),
            "a term's forms decide links"
        );
        let title = |m: &mut Municipality| m.title.push('!');
        assert_eq!(changes(&title, &listed).parts, ["title"].into());
        let file = |m: &mut Municipality| {
            m.files.push(crate::model::PublishedFile {
                path: "filer/a.pdf".into(),
                bytes: vec![1, 2, 3].into(),
            })
        };
        assert_eq!(changes(&file, &listed).parts, ["files"].into());
        // Without a record of what is listed, every term counts as listed.
        let mut changed = site.clone();
        definition(&mut changed);
        assert!(
            of_site(&changed)
                .expect("print")
                .changes(&print, None)
                .listed_terms
        );
    }

    #[test]
    fn the_same_model_has_the_same_fingerprint_and_any_change_another() {
        let Some(site) = site() else {
            panic!("the glossary fixture's testby does not load");
        };
        let print = of_site(&site);
        assert!(print.is_some());
        assert_eq!(print, of_site(&site.clone()));

        let mut renamed = site.clone();
        renamed.title.push('!');
        assert_ne!(print, of_site(&renamed), "a title");

        let mut glossary = site.clone();
        if let Some(term) = glossary.glossary.as_mut().and_then(|g| g.terms.first_mut()) {
            term.definition.push('.');
        }
        assert_ne!(print, of_site(&glossary), "a glossary definition");

        // Published documents are not serialised, and still count.
        let mut file = site.clone();
        file.files.push(crate::model::PublishedFile {
            path: "filer/a.pdf".into(),
            bytes: vec![1, 2, 3].into(),
        });
        let with_file = of_site(&file);
        assert_ne!(print, with_file, "a published document");
        file.files[0].bytes = vec![1, 2, 4].into();
        assert_ne!(with_file, of_site(&file), "a published document's bytes");
    }
}
