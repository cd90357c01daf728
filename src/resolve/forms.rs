//! Form definitions: from the editor's YAML to `model::Form`, checking what would
//! make a form that cannot be filled in.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::is_slug;
use crate::load::schema::{FieldType, FormFieldEntry, FormFile};
use crate::load::Sourced;
use crate::model::{FieldKind, Form, FormField, FormLinks, FormSection, Lang};

/// More rows or lines than a paper form could hold is a typing error, and would make
/// output of absurd size.
const MAX_ROWS: u32 = 100;
const MAX_LINES: u32 = 40;
/// An A4 page holds a dozen narrow columns; a thousand gave the PDF negative widths.
const MAX_COLUMNS: usize = 12;

pub fn links(id: &str) -> FormLinks {
    FormLinks {
        id: id.to_string(),
        path: format!("skjema/{id}/index.html"),
        pdf: format!("skjema/{id}/{id}.pdf"),
        odt: format!("skjema/{id}/{id}.odt"),
    }
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
            FieldKind::Table {
                columns: entry.columns.clone(),
                rows,
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
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("a\nb\n\n\nc  d\n"), ["a b", "c d"]);
        assert!(paragraphs("  \n").is_empty());
    }
}
