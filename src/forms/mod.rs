//! Forms: one definition (`model::Form`) becomes a fillable PDF (`pdf`) and an ODT
//! document (`odt`); the HTML form is a Tera template like every other page.
//!
//! This module sits beside the pipeline, not in it: it reads only the model's
//! `Form` (and `Lang`) and nothing of `load`, `resolve` or `render`, which calls it.
//! Kept so, it could become a crate of its own.
//!
//! Field names are shared by all three formats and by the JSON file the HTML form
//! saves, so a value means the same thing everywhere. A field's own id names it; its
//! parts are named from it (see the functions below, and `control_names`, which
//! lists every control of a field in form order; tests hold the HTML template, the
//! PDF and the ODT to it):
//!
//! | field kind   | controls                                                  |
//! |--------------|-----------------------------------------------------------|
//! | text, long text, date, fnr | `<id>`                                      |
//! | yes_no       | `<id>`, one choice of `yes` or `no` (a radio group)        |
//! | checkboxes   | `<id>.<n>` for option n (from 1), `<id>.other`              |
//! | table        | `<id>.r<row>c<col>` (from 1)                              |
//! | signature    | `<id>.<n>.place`, `<id>.<n>.date`, `<id>.<n>.name`         |
//! | fixed        | none                                                      |

pub mod odt;
pub mod pdf;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::model::{FieldKind, Form, FormField, Lang};

/// The words a form needs besides its own labels.
pub struct Words {
    pub yes: &'static str,
    pub no: &'static str,
    pub place: &'static str,
    pub date: &'static str,
    pub signature: &'static str,
    /// Shown after a required field's label: "(må fylles ut)".
    pub required: &'static str,
    /// Under the title: where the form came from and that it can be filled in.
    pub fill_in_note: &'static str,
    pub page: &'static str,
}

pub fn words(lang: Lang) -> Words {
    match lang {
        Lang::Nb => Words {
            yes: "Ja",
            no: "Nei",
            place: "Sted",
            date: "Dato",
            signature: "Underskrift",
            required: "må fylles ut",
            fill_in_note: "Skjemaet kan fylles ut på skjermen eller skrives ut.",
            page: "Side",
        },
        Lang::Nn => Words {
            yes: "Ja",
            no: "Nei",
            place: "Stad",
            date: "Dato",
            signature: "Underskrift",
            required: "må fyllast ut",
            fill_in_note: "Skjemaet kan fyllast ut på skjermen eller skrivast ut.",
            page: "Side",
        },
    }
}

/// A form's two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Odt,
}

impl Kind {
    /// The form's file of this kind: the same bytes for the same form, whenever and
    /// in whichever process it is made.
    pub fn write(self, form: &Form) -> Vec<u8> {
        match self {
            Kind::Pdf => pdf::write_pdf(form),
            Kind::Odt => odt::write_odt(form),
        }
    }
}

/// Of what is kept for the process to make forms' files faster (what each
/// definition's files share), only what serves the definitions `keep` holds: a
/// long-running process (`serve`) lets go of the definitions edited away.
pub fn keep_only(keep: &[&Form]) {
    pdf::keep_only(keep);
    odt::keep_only(keep);
}

/// The checkbox for option `n` (from 1) of a `checkboxes` field.
pub fn option_name(field: &str, n: usize) -> String {
    format!("{field}.{n}")
}

/// The text line of a `checkboxes` field's "other" choice.
pub fn other_name(field: &str) -> String {
    format!("{field}.other")
}

/// The value a `yes_no` field takes. The field is one choice named by its id alone
/// (a radio group in HTML, PDF and ODT, a string in the saved file): `yes` or `no`.
pub fn yes_no_value(yes: bool) -> &'static str {
    if yes {
        "yes"
    } else {
        "no"
    }
}

/// A cell of a `table` field; rows and columns from 1.
pub fn cell_name(field: &str, row: u32, column: usize) -> String {
    format!("{field}.r{row}c{column}")
}

/// A part of signer `n`'s (from 1) block in a `signature` field: `place`, `date`, `name`.
pub fn signature_name(field: &str, n: usize, part: &str) -> String {
    format!("{field}.{n}.{part}")
}

/// The names of a field's controls, in form order; a yes/no field's one name is
/// its radio group's. Each format's tests check their controls against this list.
pub fn control_names(field: &FormField) -> Vec<String> {
    let id = field.id.as_str();
    match &field.kind {
        FieldKind::Text
        | FieldKind::LongText { .. }
        | FieldKind::Date
        | FieldKind::Fnr
        | FieldKind::YesNo => vec![id.to_string()],
        FieldKind::Checkboxes { options, other } => (1..=options.len())
            .map(|n| option_name(id, n))
            .chain(other.iter().map(|_| other_name(id)))
            .collect(),
        FieldKind::Table { columns, rows, .. } => (1..=*rows)
            .flat_map(|row| (1..=columns.len()).map(move |col| cell_name(id, row, col)))
            .collect(),
        FieldKind::Signature { signers } => (1..=signers.len())
            .flat_map(|n| ["place", "date", "name"].map(|part| signature_name(id, n, part)))
            .collect(),
        FieldKind::Fixed => Vec::new(),
    }
}

/// Whether `a` and `b` are the same form but for their titles: a library form on
/// two sites (its title holds the municipality's name).
fn same_but_title(a: &Form, b: &Form) -> bool {
    // Destructured, so a field added to `Form` must be added here.
    let Form {
        id,
        lang,
        title: _,
        intro,
        sections,
    } = a;
    *id == b.id && *lang == b.lang && *intro == b.intro && *sections == b.sections
}

/// What is made from a form but for its title, kept for the process: each site's
/// copy of a library form differs only in its title, so what does not depend on it
/// is made once. Two threads may make the same value at once; it must be a function
/// of the form without its title, so they make the same one and the output does not
/// depend on which came first.
pub(crate) struct ByDefinition<T> {
    /// By form id: the forms (title left out) with what was made from them.
    kept: Mutex<BTreeMap<String, Kept<T>>>,
}

/// Forms of one id, each with what was made from it.
type Kept<T> = Vec<(Form, Arc<T>)>;

/// More definitions than this and a cache starts afresh (a country of real
/// municipalities with forms of their own; each value is some tens of KB).
const DEFINITION_LIMIT: usize = 512;

impl<T> ByDefinition<T> {
    pub(crate) const fn new() -> Self {
        ByDefinition {
            kept: Mutex::new(BTreeMap::new()),
        }
    }

    /// Let go of the values of forms not in `keep` (whatever their titles).
    pub(crate) fn keep_only(&self, keep: &[&Form]) {
        if let Ok(mut kept) = self.kept.lock() {
            for forms in kept.values_mut() {
                forms.retain(|(f, _)| keep.iter().any(|k| same_but_title(f, k)));
            }
            kept.retain(|_, forms| !forms.is_empty());
        }
    }

    /// How many definitions are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.kept
            .lock()
            .map_or(0, |kept| kept.values().map(Vec::len).sum())
    }

    /// The value for `form` (whatever its title): kept, or made by `make` and kept.
    pub(crate) fn get_or_make(&self, form: &Form, make: impl FnOnce() -> T) -> Arc<T> {
        if let Ok(kept) = self.kept.lock() {
            let found = kept
                .get(&form.id)
                .and_then(|forms| forms.iter().find(|(f, _)| same_but_title(f, form)));
            if let Some((_, value)) = found {
                return Arc::clone(value);
            }
        }
        let made = Arc::new(make());
        if let Ok(mut kept) = self.kept.lock() {
            if kept.values().map(Vec::len).sum::<usize>() >= DEFINITION_LIMIT {
                kept.clear();
            }
            let key = Form {
                title: String::new(),
                ..form.clone()
            };
            kept.entry(form.id.clone())
                .or_default()
                .push((key, Arc::clone(&made)));
        }
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FormSection, Lang};

    fn form(id: &str, title: &str, intro: &str) -> Form {
        Form {
            id: id.into(),
            lang: Lang::Nb,
            title: title.into(),
            intro: vec![intro.into()],
            sections: vec![FormSection {
                title: None,
                intro: vec![],
                fields: vec![],
            }],
        }
    }

    #[test]
    fn only_the_definitions_kept_are_kept() {
        let cache = ByDefinition::new();
        let old = form("s", "Samtykke – Bø", "Gammel tekst");
        let new = form("s", "Samtykke – Bø", "Ny tekst");
        let other = form("t", "Referat", "Tekst");
        for f in [&old, &new, &other] {
            cache.get_or_make(f, || f.intro[0].clone());
        }
        assert_eq!(cache.len(), 3);
        // The definition edited away goes, whatever title the kept one has.
        cache.keep_only(&[&form("s", "Samtykke – Modum", "Ny tekst"), &other]);
        assert_eq!(cache.len(), 2);
        let mut made = false;
        cache.get_or_make(&new, || {
            made = true;
            String::new()
        });
        assert!(!made, "a kept definition is still kept");
        cache.get_or_make(&old, || {
            made = true;
            String::new()
        });
        assert!(made, "one let go is made again");
        cache.keep_only(&[]);
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn a_file_made_again_is_the_same() {
        let f = form("s", "Samtykke – Bø", "Tekst");
        for kind in [Kind::Pdf, Kind::Odt] {
            let first = kind.write(&f);
            keep_only(&[]);
            assert_eq!(kind.write(&f), first, "{kind:?}, its shared part made anew");
            assert_eq!(kind.write(&f), first, "{kind:?}, its shared part kept");
        }
    }

    #[test]
    fn a_definition_is_made_once_whatever_its_title() {
        let cache = ByDefinition::new();
        let mut made = 0;
        let a = cache.get_or_make(&form("s", "Samtykke – Bø", "Tekst"), || {
            made += 1;
            "a"
        });
        let b = cache.get_or_make(&form("s", "Samtykke – Øvre Eiker", "Tekst"), || {
            made += 1;
            "b"
        });
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(made, 1);
        // Another text, language or id: made anew.
        let mut nn = form("s", "Samtykke", "Tekst");
        nn.lang = Lang::Nn;
        for other in [
            form("s", "Samtykke", "Annen tekst"),
            nn,
            form("t", "Samtykke", "Tekst"),
        ] {
            let value = cache.get_or_make(&other, || "c");
            assert_eq!(*value, "c");
        }
    }
}
