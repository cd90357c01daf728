//! Tables: a `table` field's table, a heading row and a row of text controls per
//! row; and signature blocks, a small table per signer of place, date and
//! signature.

use std::fmt::Write as _;

use super::controls::TextControl;
use super::{Doc, LINE_HEIGHT};
use crate::forms::odt::styles;
use crate::forms::odt::styles::{column_width, TEXT_WIDTH};
use crate::forms::odt::xml::{one_line, push_text};
use crate::forms::{cell_name, signature_name};

/// Rows beyond this make no sense on paper; it keeps a typo from making a huge file.
const MAX_TABLE_ROWS: u32 = 500;
/// "Navn rad 2": a table cell's tooltip. The same word in bokmål and nynorsk.
const ROW: &str = "rad";
/// Height of a table cell's control: two lines, so a longer text wraps in it.
const CELL_HEIGHT: f64 = 1.1;

/// Each column's width in cm: the definition's shares when it gives one per
/// column, else equal.
pub(super) fn column_widths(columns: usize, shares: &[u32]) -> Vec<f64> {
    let total: u32 = shares.iter().sum();
    if shares.len() == columns && total > 0 {
        shares
            .iter()
            .map(|s| TEXT_WIDTH * f64::from(*s) / f64::from(total))
            .collect()
    } else {
        vec![column_width(columns); columns]
    }
}

impl Doc {
    pub(super) fn table(&mut self, id: &str, columns: &[String], rows: u32, shares: &[u32]) {
        if columns.is_empty() {
            return;
        }
        let widths = column_widths(columns.len(), shares);
        self.begin_table("Tbl", &widths);
        self.body
            .push_str("<table:table-header-rows><table:table-row>");
        for column in columns {
            self.header_cell(column);
        }
        self.body
            .push_str("</table:table-row></table:table-header-rows>");
        for row in 1..=rows.min(MAX_TABLE_ROWS) {
            self.body.push_str("<table:table-row>");
            for (i, (column, width)) in columns.iter().zip(&widths).enumerate() {
                let column = one_line(column);
                let tip = if column.is_empty() {
                    format!("{ROW} {row}")
                } else {
                    format!("{column} {ROW} {row}")
                };
                let name = cell_name(id, row, i + 1);
                let control = (TextControl::Lines, CELL_HEIGHT);
                self.control_cell(&name, &tip, *width, control, false);
            }
            self.body.push_str("</table:table-row>");
        }
        self.body.push_str("</table:table>");
    }

    /// A block per signer: the signer as a heading (when named), then a table with
    /// a heading row and a row of place, date and signature controls. A block never
    /// breaks across pages, and each keeps with the next, so all stay on the page of
    /// the last (which the text they sign keeps with: `Doc::field`).
    pub(super) fn signatures(&mut self, id: &str, label: &str, signers: &[String], required: bool) {
        for (i, signer) in signers.iter().enumerate() {
            let n = i + 1;
            let who = if signer.trim().is_empty() {
                label.to_string()
            } else {
                one_line(signer)
            };
            if !signer.trim().is_empty() {
                self.heading(3, signer);
            }
            let w = &self.words;
            let parts = [
                ("place", w.place, LINE_HEIGHT),
                ("date", w.date, LINE_HEIGHT),
                ("name", w.signature, 1.2),
            ];
            let style = if n < signers.len() {
                "TblSignKept"
            } else {
                "TblSign"
            };
            self.begin_table(style, &[column_width(3); 3]);
            self.body
                .push_str("<table:table-header-rows><table:table-row>");
            for (_, word, _) in parts {
                self.header_cell(word);
            }
            self.body
                .push_str("</table:table-row></table:table-header-rows><table:table-row>");
            for (part, word, height) in parts {
                let tip = format!("{who}: {word}");
                let name = signature_name(id, n, part);
                let control = (TextControl::Line, height);
                self.control_cell(&name, &tip, column_width(3), control, required);
            }
            self.body.push_str("</table:table-row></table:table>");
        }
    }

    /// Opens a table of `style` with columns of these widths (cm).
    fn begin_table(&mut self, style: &str, widths: &[f64]) {
        self.table_count += 1;
        let _ = write!(
            self.body,
            r#"<table:table table:name="Tabell{}" table:style-name="{style}">"#,
            self.table_count
        );
        for width in widths {
            let key = styles::column_key(*width);
            self.column_widths.insert(key);
            let _ = write!(
                self.body,
                r#"<table:table-column table:style-name="TblCol{key}"/>"#
            );
        }
    }

    fn header_cell(&mut self, text: &str) {
        self.body.push_str(
            r#"<table:table-cell table:style-name="TblHead" office:value-type="string"><text:p text:style-name="Table_20_Heading">"#,
        );
        push_text(&mut self.body, text);
        self.body.push_str("</text:p></table:table-cell>");
    }

    fn control_cell(
        &mut self,
        name: &str,
        tip: &str,
        column_width: f64,
        (kind, height): (TextControl, f64),
        required: bool,
    ) {
        self.body.push_str(
            r#"<table:table-cell table:style-name="TblCell" office:value-type="string"><text:p text:style-name="Table_20_Contents">"#,
        );
        let width = (column_width - 0.3).max(0.3);
        self.text(name, tip, width, height, kind, required);
        self.body.push_str("</text:p></table:table-cell>");
    }
}
