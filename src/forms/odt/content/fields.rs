//! Fields: a field's label (with the required note) and help, then its controls by
//! kind: text boxes, yes/no and checkboxes here; tables and signature blocks in
//! `tables.rs`. Fixed text is plain paragraphs.

use std::fmt::Write as _;

use super::controls::TextControl;
use super::{Doc, LINE_HEIGHT};
use crate::forms::odt::styles::TEXT_WIDTH;
use crate::forms::odt::xml::{one_line, push_text};
use crate::forms::{option_name, other_name, yes_no_value};
use crate::model::{FieldKind, FormField};

/// Height per line of a multi-line text control, in cm.
const LONG_LINE_HEIGHT: f64 = 0.6;
/// A multi-line control taller than this would not fit on a page (25.7 cm of text
/// area less the footer); it scrolls instead.
const MAX_LONG_LINES: u32 = 38;
/// What a date field's tooltip adds to the label.
const DATE_HINT: &str = "dd.mm.åååå";

impl Doc {
    /// A field and its controls, after what is already there. Fixed text that
    /// `signed` (a signature follows it) keeps with the signature on its page.
    pub(super) fn field(&mut self, field: &FormField, signed: bool) {
        if let FieldKind::Fixed = field.kind {
            let style = if signed {
                "Form_20_text_20_signed"
            } else {
                "Form_20_text"
            };
            self.paragraph(style, &field.label);
            if let Some(help) = &field.help {
                self.paragraph("Form_20_help", help);
            }
            return;
        }
        // The label, with "(må fylles ut)" when required.
        self.open_p("Form_20_label");
        push_text(&mut self.body, &field.label);
        if field.required {
            let _ = write!(self.body, " ({})", self.words.required);
        }
        self.close_p();
        if let Some(help) = &field.help {
            self.paragraph("Form_20_help", help);
        }

        let id = field.id.as_str();
        let label = tip_label(field);
        let required = field.required;
        match &field.kind {
            FieldKind::Text => {
                self.open_p("Form_20_control");
                self.text(
                    id,
                    &label,
                    TEXT_WIDTH,
                    LINE_HEIGHT,
                    TextControl::Line,
                    required,
                );
                self.close_p();
            }
            FieldKind::LongText { lines } => {
                let lines = (*lines).clamp(1, MAX_LONG_LINES);
                let height = f64::from(lines) * LONG_LINE_HEIGHT + 0.1;
                self.open_p("Form_20_control");
                self.text(id, &label, TEXT_WIDTH, height, TextControl::Lines, required);
                self.close_p();
            }
            FieldKind::Date => {
                let tip = format!("{label} ({DATE_HINT})");
                self.open_p("Form_20_control");
                self.text(id, &tip, 4.0, LINE_HEIGHT, TextControl::Line, required);
                self.close_p();
            }
            FieldKind::Fnr => {
                self.open_p("Form_20_control");
                self.text(
                    id,
                    &label,
                    5.0,
                    LINE_HEIGHT,
                    TextControl::MaxLength(11),
                    required,
                );
                self.close_p();
            }
            FieldKind::YesNo => {
                self.open_p("Form_20_control");
                let (yes, no) = (self.words.yes, self.words.no);
                self.radio(id, yes_no_value(true), &format!("{label}: {yes}"));
                self.body.push_str("<text:s/>");
                push_text(&mut self.body, yes);
                self.body.push_str("<text:tab/>");
                self.radio(id, yes_no_value(false), &format!("{label}: {no}"));
                self.body.push_str("<text:s/>");
                push_text(&mut self.body, no);
                self.close_p();
            }
            FieldKind::Checkboxes { options, other } => {
                for (i, option) in options.iter().enumerate() {
                    self.open_p("Form_20_control");
                    let tip = format!("{label}: {}", one_line(option));
                    self.checkbox(&option_name(id, i + 1), &tip);
                    self.body.push_str("<text:s/>");
                    push_text(&mut self.body, option);
                    self.close_p();
                }
                if let Some(other) = other {
                    self.open_p("Form_20_control");
                    push_text(&mut self.body, other);
                    self.body.push_str(":<text:s/>");
                    let tip = format!("{label}: {}", one_line(other));
                    self.text(
                        &other_name(id),
                        &tip,
                        10.0,
                        LINE_HEIGHT,
                        TextControl::Line,
                        false,
                    );
                    self.close_p();
                }
            }
            FieldKind::Table {
                columns,
                rows,
                widths,
            } => self.table(id, columns, *rows, widths),
            FieldKind::Signature { signers } => self.signatures(id, &label, signers, required),
            FieldKind::Fixed => {}
        }
    }
}

/// The words a control's tooltip starts with: the label, or the id without one.
fn tip_label(field: &FormField) -> String {
    let label = one_line(&field.label);
    if label.is_empty() {
        one_line(&field.id)
    } else {
        label
    }
}
