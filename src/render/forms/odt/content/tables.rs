//! Tables: a `table` field's table, a heading row and a row of text controls per
//! row; and signature blocks, a small table per signer of place, date and
//! signature.

use std::fmt::Write as _;

use super::controls::TextControl;
use super::{Doc, LINE_HEIGHT};
use crate::render::forms::odt::styles::column_width;
use crate::render::forms::odt::xml::{one_line, push_text};
use crate::render::forms::{cell_name, signature_name};

/// Rows beyond this make no sense on paper; it keeps a typo from making a huge file.
const MAX_TABLE_ROWS: u32 = 500;
/// "Navn rad 2": a table cell's tooltip. The same word in bokmål and nynorsk.
const ROW: &str = "rad";

impl Doc {
    pub(super) fn table(&mut self, id: &str, columns: &[String], rows: u32) {
        if columns.is_empty() {
            return;
        }
        let width = column_width(columns.len());
        self.begin_table(columns.len());
        self.body
            .push_str("<table:table-header-rows><table:table-row>");
        for column in columns {
            self.header_cell(column);
        }
        self.body
            .push_str("</table:table-row></table:table-header-rows>");
        for row in 1..=rows.min(MAX_TABLE_ROWS) {
            self.body.push_str("<table:table-row>");
            for (i, column) in columns.iter().enumerate() {
                let column = one_line(column);
                let tip = if column.is_empty() {
                    format!("{ROW} {row}")
                } else {
                    format!("{column} {ROW} {row}")
                };
                self.control_cell(&cell_name(id, row, i + 1), &tip, width, LINE_HEIGHT, false);
            }
            self.body.push_str("</table:table-row>");
        }
        self.body.push_str("</table:table>");
    }

    /// A block per signer: the signer as a heading (when named), then a table with
    /// a heading row and a row of place, date and signature controls.
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
            self.begin_table(3);
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
                self.control_cell(&name, &tip, column_width(3), height, required);
            }
            self.body.push_str("</table:table-row></table:table>");
        }
    }

    fn begin_table(&mut self, columns: usize) {
        self.table_count += 1;
        self.column_counts.insert(columns);
        let _ = write!(
            self.body,
            r#"<table:table table:name="Tabell{}" table:style-name="Tbl"><table:table-column table:style-name="TblCol{columns}" table:number-columns-repeated="{columns}"/>"#,
            self.table_count
        );
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
        height: f64,
        required: bool,
    ) {
        self.body.push_str(
            r#"<table:table-cell table:style-name="TblCell" office:value-type="string"><text:p text:style-name="Table_20_Contents">"#,
        );
        let width = (column_width - 0.3).max(0.3);
        self.text(name, tip, width, height, TextControl::Line, required);
        self.body.push_str("</text:p></table:table-cell>");
    }
}
