//! Fields: each field's label (with its help text and the required note), the
//! dispatch on a field's kind, and the kinds that are one box or plain text: text,
//! date, fødselsnummer, long text and fixed text. Choices, tables and signatures
//! have files of their own.

use pdf_writer::types::StructRole;

use super::styles::{HELP, LABEL, OPTION};
use super::{Layout, WidgetKind, BOX_H, DOCUMENT};
use crate::forms::pdf::fonts::Font;
use crate::forms::pdf::text::{paragraphs, wrap, Line};
use crate::forms::pdf::{CONTENT_H, LEFT, WIDTH};
use crate::model::{FieldKind, FormField};

/// Space between a label and its box.
const LABEL_GAP: f32 = 3.0;
/// A line of a multi-line box.
const LINE_H: f32 = 18.0;
const DATE_W: f32 = 130.0;
const FNR_W: f32 = 150.0;
/// "dd.mm.åååå", the date format in the tooltip of a date field.
const DATE_HINT: &str = "dd.mm.\u{e5}\u{e5}\u{e5}\u{e5}";

impl Layout {
    /// A field's label lines (with the required note), its help lines, and the
    /// height both take, down to where the field's box starts.
    pub(super) fn label_lines(&self, field: &FormField) -> (Vec<Line>, Vec<Line>, f32) {
        let required = format!(" ({})", self.words.required);
        let mut runs = vec![(Font::Bold, field.label.as_str())];
        if field.required {
            runs.push((Font::Regular, required.as_str()));
        }
        let label = wrap(&runs, LABEL.size, WIDTH);
        let help = match field.help.as_deref() {
            Some(help) => wrap(&[(Font::Regular, help)], HELP.size, WIDTH),
            None => Vec::new(),
        };
        let mut height = label.len() as f32 * LABEL.leading + help.len() as f32 * HELP.leading;
        if !help.is_empty() {
            height += 1.0;
        }
        (label, help, height + LABEL_GAP)
    }

    /// The label (and help) of a field, kept on one page with the first `first`
    /// points of what follows.
    pub(super) fn label(&mut self, field: &FormField, first: f32) {
        let (label, help, height) = self.label_lines(field);
        self.ensure((height + first).min(CONTENT_H));
        self.flow(StructRole::P, DOCUMENT, &label, LEFT, LABEL);
        if !help.is_empty() {
            self.y -= 1.0;
            self.flow(StructRole::P, DOCUMENT, &help, LEFT, HELP);
        }
        self.y -= LABEL_GAP;
    }

    /// The height of what must stay on one page with a field's label: its box, its
    /// first row or the whole list of choices (as each kind's layout keeps it).
    pub(super) fn first_block(&self, field: &FormField) -> f32 {
        match &field.kind {
            FieldKind::Text | FieldKind::Date | FieldKind::Fnr => BOX_H,
            FieldKind::LongText { lines } => self.long_text_height(field, *lines),
            FieldKind::YesNo => super::choices::YES_NO_ROW,
            FieldKind::Checkboxes { options, other } => {
                self.checkboxes_first(field, options, other.is_some())
            }
            FieldKind::Table {
                columns,
                rows,
                widths,
            } => super::tables::table_lead(columns, *rows, widths),
            FieldKind::Signature { signers } => super::signatures::first_block(signers),
            FieldKind::Fixed => 0.0,
        }
    }

    /// What a heading right above a field keeps on its page: the label with the
    /// field's first block, or the first two lines of fixed text.
    pub(super) fn lead(&self, field: &FormField) -> f32 {
        match field.kind {
            FieldKind::Fixed => {
                let first = paragraphs(&field.label)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let lines = wrap(&[(OPTION.font, first.as_str())], OPTION.size, WIDTH).len();
                lines.min(2) as f32 * OPTION.leading
            }
            _ => self.label_lines(field).2 + self.first_block(field),
        }
    }

    /// A field of any kind, from the top of the free space down.
    pub(super) fn field(&mut self, field: &FormField) {
        match &field.kind {
            FieldKind::Text => self.text_field(field, WIDTH, None),
            FieldKind::Date => self.text_field(field, DATE_W, None),
            FieldKind::Fnr => self.text_field(field, FNR_W, Some(11)),
            FieldKind::LongText { lines } => self.long_text(field, *lines),
            FieldKind::YesNo => self.yes_no(field),
            FieldKind::Checkboxes { options, other } => {
                self.checkboxes(field, options, other.as_deref())
            }
            FieldKind::Table {
                columns,
                rows,
                widths,
            } => self.table(field, columns, *rows, widths),
            FieldKind::Signature { signers } => self.signatures(field, signers),
            FieldKind::Fixed => self.fixed(field),
        }
    }

    /// A one-line box: text, a date (its format in the tooltip) or a
    /// fødselsnummer (11 digits at most).
    fn text_field(&mut self, field: &FormField, width: f32, max_len: Option<i32>) {
        self.label(field, BOX_H);
        self.ensure(BOX_H);
        let (tooltip, no_spell_check) = match field.kind {
            FieldKind::Date => (format!("{} ({DATE_HINT})", field.label), true),
            FieldKind::Fnr => (field.label.clone(), true),
            _ => (field.label.clone(), false),
        };
        let kind = WidgetKind::Text {
            multiline: false,
            max_len,
            no_spell_check,
        };
        let y = self.y;
        self.widget(
            DOCUMENT,
            LEFT,
            y,
            (width, BOX_H),
            field.id.clone(),
            tooltip,
            kind,
            field.required,
        );
        self.y -= BOX_H;
    }

    /// A box for `lines` lines of text.
    fn long_text(&mut self, field: &FormField, lines: u32) {
        let height = self.long_text_height(field, lines);
        self.label(field, height);
        self.ensure(height);
        let kind = WidgetKind::Text {
            multiline: true,
            max_len: None,
            no_spell_check: false,
        };
        let y = self.y;
        self.widget(
            DOCUMENT,
            LEFT,
            y,
            (WIDTH, height),
            field.id.clone(),
            field.label.clone(),
            kind,
            field.required,
        );
        self.y -= height;
    }

    /// The height of a box for `lines` lines: never taller than an empty page has
    /// room for, under its label.
    fn long_text_height(&self, field: &FormField, lines: u32) -> f32 {
        let (_, _, label_h) = self.label_lines(field);
        let room = (CONTENT_H - label_h.min(CONTENT_H / 2.0)).max(BOX_H);
        (lines.max(1) as f32 * LINE_H + 4.0).min(room)
    }

    /// The height of fixed text, as `fixed` sets it.
    pub(super) fn fixed_height(&self, field: &FormField) -> f32 {
        let mut height = 0.0;
        for (i, text) in paragraphs(&field.label).iter().enumerate() {
            if i > 0 {
                height += 5.0;
            }
            height += wrap(&[(OPTION.font, text.as_str())], OPTION.size, WIDTH).len() as f32
                * OPTION.leading;
        }
        if let Some(help) = field.help.as_deref() {
            height +=
                2.0 + wrap(&[(HELP.font, help)], HELP.size, WIDTH).len() as f32 * HELP.leading;
        }
        height
    }

    /// Text to read, not fill in: the label's paragraphs, then the help.
    fn fixed(&mut self, field: &FormField) {
        for (i, text) in paragraphs(&field.label).iter().enumerate() {
            if i > 0 {
                self.gap(5.0);
            }
            self.paragraph(StructRole::P, text, OPTION);
        }
        if let Some(help) = field.help.as_deref() {
            self.gap(2.0);
            self.paragraph(StructRole::P, help, HELP);
        }
    }
}
