//! Forms: one definition (`model::Form`) becomes a fillable PDF (`pdf`) and an ODT
//! document (`odt`); the HTML form is a Tera template like every other page.
//!
//! This module sits beside the pipeline, not in it: it reads only the model's
//! `Form` (and `Lang`) and nothing of `load`, `resolve` or `render`, which calls it.
//! Kept so, it could become a crate of its own.
//!
//! Field names are shared by all three formats and by the JSON file the HTML form
//! saves, so a value means the same thing everywhere. A field's own id names it; its
//! parts are named from it (see the functions below).

pub mod odt;
pub mod pdf;

use crate::model::Lang;

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

/// The `yes` or `no` box of a `yes_no` field.
pub fn yes_no_name(field: &str, yes: bool) -> String {
    format!("{field}.{}", if yes { "yes" } else { "no" })
}

/// A cell of a `table` field; rows and columns from 1.
pub fn cell_name(field: &str, row: u32, column: usize) -> String {
    format!("{field}.r{row}c{column}")
}

/// A part of signer `n`'s (from 1) block in a `signature` field: `place`, `date`, `name`.
pub fn signature_name(field: &str, n: usize, part: &str) -> String {
    format!("{field}.{n}.{part}")
}
