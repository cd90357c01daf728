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

use crate::model::{FieldKind, FormField, Lang};

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
