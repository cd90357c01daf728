//! Form definitions: from the editor's YAML to `model::Form`, checking what would
//! make a form that cannot be filled in.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::is_slug;
use crate::load::schema::{FormFieldEntry, FormFile};
use crate::load::Sourced;
use crate::model::{layout, FieldType};
use crate::model::{FieldKind, Form, FormField, FormLinks, FormSection, Lang};

/// More rows or lines than a paper form could hold is a typing error, and would make
/// output of absurd size.
const MAX_ROWS: u32 = 100;
const MAX_LINES: u32 = 40;
/// A column's share of a table's width: 1 to 20, enough for "Nr." next to "Mål".
const MAX_WIDTH: u32 = 20;
/// An A4 page holds a dozen narrow columns; a thousand gave the PDF negative widths.
const MAX_COLUMNS: usize = 12;

pub fn links(id: &str, standard: bool) -> FormLinks {
    FormLinks {
        id: id.to_string(),
        path: layout::form_page(id),
        pdf: layout::form_pdf(id),
        odt: layout::form_odt(id),
        standard,
    }
}

/// Who offers a form, for what it says about itself.
pub struct Offer<'a> {
    /// The municipality's name as it writes it ("Vinje kommune"), or the region's.
    pub name: &'a str,
    /// A regional plan: its template's "xx kommune" means each member, not the region.
    pub region: bool,
    /// For one of veiviser's standard templates rather than the municipality's own:
    /// the notice saying so (the interface word `form_standard_notice`).
    pub standard_notice: Option<&'a str>,
}

/// A form as one municipality offers it: its name in the title (so the PDF's and
/// ODT's title name it too), a regional template's "xx kommune" filled in with the
/// member's name, and notices under the title saying plainly when the form is a
/// standard template or cites a repealed law. Returns the form and the notices;
/// the form's intro starts with them.
pub fn offered(mut form: Form, offer: &Offer) -> (Form, Vec<String>) {
    let replacement = if offer.region {
        "kommunen".to_string()
    } else if offer.name.to_lowercase().contains("kommune") {
        offer.name.to_string()
    } else {
        format!("{} kommune", offer.name)
    };
    fill_placeholders(&mut form, &replacement);
    if !form.title.contains(offer.name) {
        form.title = format!("{} – {}", form.title, offer.name);
    }
    let mut notes = Vec::new();
    if let Some(notice) = offer.standard_notice {
        notes.push(notice.to_string());
    }
    let text = form_text(&form).to_lowercase();
    for law in REPEALED {
        if law.names.iter().any(|n| text.contains(n)) {
            notes.push(
                match form.lang {
                    Lang::Nb => law.note_nb,
                    Lang::Nn => law.note_nn,
                }
                .to_string(),
            );
        }
    }
    let mut intro = notes.clone();
    intro.append(&mut form.intro);
    form.intro = intro;
    (form, notes)
}

/// A law a form may still cite that is no longer in force, and what replaced it.
/// See docs/lovhenvisninger.md.
struct RepealedLaw {
    /// How forms name it, in lower case.
    names: &'static [&'static str],
    note_nb: &'static str,
    note_nn: &'static str,
}

const REPEALED: &[RepealedLaw] = &[
    RepealedLaw {
        names: &["lov om barneverntenester", "lov om barneverntjenester"],
        note_nb: "Merk: Skjemaet viser til lov om barneverntjenester (1992), som ble opphevet 1. januar 2023. Nå gjelder barnevernsloven (lov 18. juni 2021 nr. 97).",
        note_nn: "Merk: Skjemaet viser til lov om barneverntenester (1992), som vart oppheva 1. januar 2023. No gjeld barnevernslova (lov 18. juni 2021 nr. 97).",
    },
    RepealedLaw {
        names: &[
            "lov om behandling av personopplysningar",
            "lov om behandling av personopplysninger",
        ],
        note_nb: "Merk: Skjemaet viser til lov om behandling av personopplysninger (2000), som ble opphevet i 2018. Nå gjelder personopplysningsloven (lov 15. juni 2018 nr. 38) og personvernforordningen (GDPR).",
        note_nn: "Merk: Skjemaet viser til lov om behandling av personopplysningar (2000), som vart oppheva i 2018. No gjeld personopplysningslova (lov 15. juni 2018 nr. 38) og personvernforordninga (GDPR).",
    },
];

/// Every text of a form, for finding what it cites.
fn form_text(form: &Form) -> String {
    let mut text = form.title.clone();
    for p in &form.intro {
        text.push('\n');
        text.push_str(p);
    }
    for section in &form.sections {
        for p in section.title.iter().chain(&section.intro) {
            text.push('\n');
            text.push_str(p);
        }
        for field in &section.fields {
            text.push('\n');
            text.push_str(&field.label);
        }
    }
    text
}

/// A template's placeholder for the municipality's name, in any case:
/// "xx kommune", "XX kommune".
const PLACEHOLDER: &str = "xx kommune";

fn fill_placeholders(form: &mut Form, name: &str) {
    let fill = |text: &mut String| *text = fill_placeholder(text, name);
    fill(&mut form.title);
    form.intro.iter_mut().for_each(fill);
    for section in &mut form.sections {
        section.title.iter_mut().for_each(fill);
        section.intro.iter_mut().for_each(fill);
        for field in &mut section.fields {
            fill(&mut field.label);
            field.help.iter_mut().for_each(fill);
            match &mut field.kind {
                FieldKind::Checkboxes { options, other } => {
                    options.iter_mut().for_each(fill);
                    other.iter_mut().for_each(fill);
                }
                FieldKind::Table { columns, .. } => columns.iter_mut().for_each(fill),
                FieldKind::Signature { signers } => signers.iter_mut().for_each(fill),
                _ => {}
            }
        }
    }
}

/// `text` with every placeholder replaced by `name`, capitalised where the
/// placeholder starts a line.
fn fill_placeholder(text: &str, name: &str) -> String {
    let lower = text.to_lowercase();
    // Lower-casing keeps byte offsets only for ASCII; "xx kommune" is ASCII, but
    // text before it may not be, so search the original text piece by piece.
    if !lower.contains(PLACEHOLDER) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = crate::format::find_ignoring_ascii_case(rest, PLACEHOLDER) {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let line_start = out.is_empty() || out.ends_with('\n');
        let mut chars = name.chars();
        match (line_start, chars.next()) {
            (true, Some(first)) => {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
            _ => out.push_str(name),
        }
        rest = &after[PLACEHOLDER.len()..];
    }
    out.push_str(rest);
    out
}

/// Plain text split into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

pub fn resolve(id: &str, file: &Sourced<FormFile>, lang: Lang, out: &mut Diagnostics) -> Form {
    let mut seen = BTreeSet::new();
    let sections = file
        .value
        .sections
        .iter()
        .map(|section| FormSection {
            title: section.title.clone(),
            intro: section.intro.as_deref().map(paragraphs).unwrap_or_default(),
            fields: section
                .fields
                .iter()
                .filter_map(|f| field(file, f, &mut seen, out))
                .collect(),
        })
        .collect();
    Form {
        id: id.to_string(),
        lang,
        title: file.value.title.clone(),
        intro: file
            .value
            .intro
            .as_deref()
            .map(paragraphs)
            .unwrap_or_default(),
        sections,
    }
}

fn field(
    file: &Sourced<FormFile>,
    entry: &FormFieldEntry,
    seen: &mut BTreeSet<String>,
    out: &mut Diagnostics,
) -> Option<FormField> {
    let kind_loc = file.loc(entry.kind.referenced.line(), entry.kind.referenced.column());
    let kind = entry.kind.value;
    let type_name = kind.name();
    let mut error = |message: String, help: &str| {
        out.push(Diagnostic::error(kind_loc.clone(), message).help(help));
    };
    let label = entry.label.clone().unwrap_or_default();
    if label.trim().is_empty() {
        error(
            format!("a `{type_name}` field has no `label`"),
            "add `label:` with the text the person filling in sees",
        );
        return None;
    }
    let id = if kind == FieldType::Fixed {
        String::new()
    } else {
        let Some(id) = &entry.id else {
            error(
                format!("the field “{label}” has no `id`"),
                "add `id:` with a short name in a–z, 0–9 and hyphens, unique in the form",
            );
            return None;
        };
        let loc = file.loc(id.referenced.line(), id.referenced.column());
        let value = id.value.trim().to_string();
        if !is_slug(&value) {
            out.push(
                Diagnostic::error(loc, format!("`{value}` cannot be used as a field id"))
                    .help("use only a–z, 0–9 and hyphens"),
            );
            return None;
        }
        if !seen.insert(value.clone()) {
            out.push(
                Diagnostic::error(
                    loc,
                    format!("the field id `{value}` is used twice in this form"),
                )
                .help("give each field its own id"),
            );
            return None;
        }
        value
    };
    let kind = match kind {
        FieldType::Text => FieldKind::Text,
        FieldType::Date => FieldKind::Date,
        FieldType::Fnr => FieldKind::Fnr,
        FieldType::YesNo => FieldKind::YesNo,
        FieldType::Fixed => FieldKind::Fixed,
        FieldType::LongText => {
            let lines = entry.lines.unwrap_or(4);
            if lines == 0 || lines > MAX_LINES {
                error(
                    format!("`lines: {lines}` is not a size a form can have"),
                    &format!("use between 1 and {MAX_LINES} lines"),
                );
                return None;
            }
            FieldKind::LongText { lines }
        }
        FieldType::Checkboxes => {
            if entry.options.is_empty() {
                error(
                    format!("the checkboxes “{label}” have no `options`"),
                    "list the choices: `options: [Barnehage, Skole]`",
                );
                return None;
            }
            FieldKind::Checkboxes {
                options: entry.options.clone(),
                other: entry.other.clone(),
            }
        }
        FieldType::Table => {
            let rows = entry.rows.unwrap_or(5);
            if entry.columns.is_empty() {
                error(
                    format!("the table “{label}” has no `columns`"),
                    "list the column headings: `columns: [Nr., Mål, Tiltak, Ansvarlig, Innen]`",
                );
                return None;
            }
            if entry.columns.len() > MAX_COLUMNS {
                error(
                    format!(
                        "the table “{label}” has {} columns; a form's table may have at most {MAX_COLUMNS}",
                        entry.columns.len()
                    ),
                    "split the table in two, or join columns that belong together",
                );
                return None;
            }
            if rows == 0 || rows > MAX_ROWS {
                error(
                    format!("`rows: {rows}` is not a size a form can have"),
                    &format!("use between 1 and {MAX_ROWS} rows"),
                );
                return None;
            }
            let widths = match &entry.widths {
                None => Vec::new(),
                Some(widths) => {
                    let loc = file.loc(widths.referenced.line(), widths.referenced.column());
                    let count = entry.columns.len();
                    let bad = widths.value.len() != count
                        || widths.value.iter().any(|w| !(1..=MAX_WIDTH).contains(w));
                    if bad {
                        out.push(
                            Diagnostic::error(
                                loc,
                                format!(
                                    "`widths` must give each of the table's {count} columns a number from 1 to {MAX_WIDTH}"
                                ),
                            )
                            .help("write one number per column, in the order of `columns`: `widths: [1, 4, 4, 2, 2]`"),
                        );
                        return None;
                    }
                    widths.value.clone()
                }
            };
            FieldKind::Table {
                columns: entry.columns.clone(),
                rows,
                widths,
            }
        }
        FieldType::Signature => {
            if entry.signers.is_empty() {
                error(
                    format!("the signature “{label}” names no one who signs"),
                    "list who signs: `signers: [Foresatt, Foresatt]`",
                );
                return None;
            }
            FieldKind::Signature {
                signers: entry.signers.clone(),
            }
        }
    };
    Some(FormField {
        id,
        label: label.trim().to_string(),
        help: entry.help.clone(),
        required: entry.required,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_the_municipality_name() {
        assert_eq!(
            fill_placeholder("Samtykke i xx kommune", "Vinje kommune"),
            "Samtykke i Vinje kommune"
        );
        assert_eq!(
            fill_placeholder("Før\nXX kommune", "kommunen"),
            "Før\nKommunen"
        );
        assert_eq!(
            fill_placeholder("Ærleg XX Kommune!", "Tokke kommune"),
            "Ærleg Tokke kommune!"
        );
        assert_eq!(fill_placeholder("Ingen her", "Tokke kommune"), "Ingen her");
    }

    #[test]
    fn an_offered_form_names_its_municipality_and_says_what_it_is() {
        let form = Form {
            id: "samtykke".into(),
            lang: Lang::Nn,
            title: "Samtykke i xx kommune".into(),
            intro: vec!["Les.".into()],
            sections: vec![FormSection {
                title: None,
                intro: Vec::new(),
                fields: vec![FormField {
                    id: String::new(),
                    label: "Heimla i Lov om barneverntenester §6-7.\n\nXX kommune".into(),
                    help: None,
                    required: false,
                    kind: FieldKind::Fixed,
                }],
            }],
        };
        let member = Offer {
            name: "Vinje kommune",
            region: false,
            standard_notice: None,
        };
        let (offered_form, notes) = offered(form.clone(), &member);
        assert_eq!(offered_form.title, "Samtykke i Vinje kommune");
        assert!(offered_form.sections[0].fields[0]
            .label
            .ends_with("Vinje kommune"));
        // The seed's words stay; a note says the law is repealed and what replaced it.
        assert!(offered_form.sections[0].fields[0]
            .label
            .contains("Lov om barneverntenester"));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("barnevernslova"), "{notes:?}");
        assert_eq!(offered_form.intro[0], notes[0]);
        let region = Offer {
            name: "Vest-Telemark",
            region: true,
            standard_notice: None,
        };
        let (offered_form, _) = offered(form.clone(), &region);
        assert_eq!(offered_form.title, "Samtykke i kommunen – Vest-Telemark");
        assert!(!form_text(&offered_form)
            .to_lowercase()
            .contains("xx kommune"));
        let library = Offer {
            name: "Modum kommune",
            region: false,
            standard_notice: Some("Standardmal fra veiviser – ikke kommunens eget skjema."),
        };
        let (_, notes) = offered(form, &library);
        assert!(notes[0].starts_with("Standardmal"), "{notes:?}");
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n\nc  d\n"), ["a b", "c d"]);
        assert!(paragraphs("  \n").is_empty());
    }
}
