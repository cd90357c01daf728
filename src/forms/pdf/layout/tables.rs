//! Tables: a heading row (repeated, as decoration, on each page the table runs
//! onto) and rows of text boxes, one per cell, tagged `Table`, `TR`, `TH` and `TD`.
//! Column widths follow the definition's `widths`, or else the headings. Cells are
//! multi-line boxes two lines high, so a longer text wraps inside its cell.

use pdf_writer::types::{ArtifactType, StructRole};
use pdf_writer::Name;

use super::styles::HEADING;
use super::{Layout, WidgetKind, DOCUMENT};
use crate::forms::cell_name;
use crate::forms::pdf::fonts::{clean, Font};
use crate::forms::pdf::text::{cut_lines, wrap, Line};
use crate::forms::pdf::{BORDER_GRAY, BORDER_W, BOTTOM, LEFT, WIDTH};
use crate::model::FormField;

/// Height of a table row: two lines of the fields' 10 pt text.
pub(super) const ROW_H: f32 = 28.0;
/// More blank rows than this in one table are not drawn (a typo, not a form).
const MAX_ROWS: u32 = 1000;
/// Table headings longer than this many lines are cut short.
const MAX_HEADING_LINES: usize = 5;
/// Background of the heading row.
const HEADER_FILL: f32 = 0.9;

impl Layout {
    /// The table under its label: the heading row, then `rows` rows of cells; on
    /// a page break the heading row is drawn again.
    pub(super) fn table(
        &mut self,
        field: &FormField,
        columns: &[String],
        rows: u32,
        shares: &[u32],
    ) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let rows = rows.min(MAX_ROWS);
        let widths = column_widths(columns, shares);
        let (headings, heading_h) = table_headings(columns, &widths);
        let first = table_first(heading_h, columns, rows);
        self.label(field, first);
        if columns.is_empty() {
            return;
        }

        let table = self.elem(StructRole::Table, DOCUMENT);
        self.ensure(first);
        let head = self.elem(StructRole::TR, table);
        self.table_head(&headings, &widths, heading_h, Some(head));
        let last = columns.len() - 1;
        for row in 1..=rows {
            if self.y - ROW_H - BORDER_W < BOTTOM {
                self.new_page();
                self.table_head(&headings, &widths, heading_h, None);
            }
            let tr = self.elem(StructRole::TR, table);
            let top = self.y;
            let mut x = LEFT;
            for (col, (heading, w)) in columns.iter().zip(&widths).enumerate() {
                let td = self.elem(StructRole::TD, tr);
                let name = cell_name(&field.id, row, col + 1);
                let tooltip = format!("{heading} rad {row}");
                let kind = WidgetKind::Text {
                    multiline: true,
                    max_len: None,
                    no_spell_check: false,
                };
                // Cells overlap their neighbours by a border, so shared borders
                // are drawn once.
                let size = (cell_reach(*w, col == last), ROW_H + BORDER_W);
                self.widget(td, x, top, size, name, tooltip, kind, false);
                x += w;
            }
            self.y -= ROW_H;
        }
        self.y -= BORDER_W;
    }

    /// The heading row of a table: tagged `TH` cells the first time (`row`), an
    /// artifact when repeated on a following page.
    fn table_head(
        &mut self,
        headings: &[Vec<Line>],
        widths: &[f32],
        height: f32,
        row: Option<usize>,
    ) {
        let top = self.y;
        self.begin_artifact(ArtifactType::Layout);
        {
            let content = &mut self.page().content;
            content.set_fill_gray(HEADER_FILL);
            content
                .rect(LEFT, top - height, WIDTH, height)
                .fill_nonzero();
            content
                .set_stroke_gray(BORDER_GRAY)
                .set_line_width(BORDER_W);
            let mut x = LEFT;
            let inset = BORDER_W / 2.0;
            let last = widths.len().saturating_sub(1);
            for (col, w) in widths.iter().enumerate() {
                let reach = cell_reach(*w, col == last);
                let bottom = top - height - BORDER_W;
                content
                    .rect(x + inset, bottom + inset, reach - BORDER_W, height)
                    .stroke();
                x += w;
            }
        }
        self.end_marked();
        let mut x = LEFT;
        for (lines, w) in headings.iter().zip(widths) {
            match row {
                Some(tr) => {
                    let th = self.elem(StructRole::TH, tr);
                    self.begin_tagged(Name(b"TH"), th);
                }
                None => self.begin_artifact(ArtifactType::Layout),
            }
            for (i, line) in lines.iter().enumerate() {
                let baseline = HEADING.baseline(top - 4.0 - i as f32 * HEADING.leading);
                self.show(x + 3.0, baseline, line, HEADING);
            }
            self.end_marked();
            x += w;
        }
        self.y -= height;
    }
}

/// The width of a table cell's box: into the next cell by a border's width, so
/// neighbours share one border line.
fn cell_reach(width: f32, last: bool) -> f32 {
    if last {
        width
    } else {
        width + BORDER_W
    }
}

/// Each column's heading lines, and the height of the heading row.
fn table_headings(columns: &[String], widths: &[f32]) -> (Vec<Vec<Line>>, f32) {
    let headings: Vec<Vec<Line>> = columns
        .iter()
        .zip(widths)
        .map(|(c, w)| {
            let inner = (w - 6.0).max(1.0);
            cut_lines(
                wrap(&[(HEADING.font, c)], HEADING.size, inner),
                MAX_HEADING_LINES,
                HEADING.size,
                inner,
            )
        })
        .collect();
    let height =
        headings.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * HEADING.leading + 8.0;
    (headings, height)
}

/// What of a table must stay with its label: the heading row and the first row.
fn table_first(heading_h: f32, columns: &[String], rows: u32) -> f32 {
    if columns.is_empty() {
        0.0
    } else {
        heading_h + BORDER_W + if rows > 0 { ROW_H } else { 0.0 }
    }
}

/// The height a table's label must keep with it, for a heading above the table.
pub(super) fn table_lead(columns: &[String], rows: u32, shares: &[u32]) -> f32 {
    let widths = column_widths(columns, shares);
    let (_, heading_h) = table_headings(columns, &widths);
    table_first(heading_h, columns, rows)
}

/// Column widths for a table across the text column: the definition's shares when
/// it gives one per column; else short headings ("Nr.", "Ja") get narrow columns, the
/// others share the rest in proportion to their headings.
fn column_widths(columns: &[String], shares: &[u32]) -> Vec<f32> {
    if columns.is_empty() {
        return Vec::new();
    }
    let total: u32 = shares.iter().sum();
    if shares.len() == columns.len() && total > 0 {
        let widths: Vec<f32> = shares
            .iter()
            .map(|s| WIDTH * *s as f32 / total as f32)
            .collect();
        return rounded(widths);
    }
    let natural: Vec<f32> = columns
        .iter()
        .map(|c| Font::Bold.text_width(&clean(c.trim()), HEADING.size) + 12.0)
        .collect();
    let narrow: Vec<bool> = columns
        .iter()
        .map(|c| c.trim().chars().count() <= 3)
        .collect();
    let fixed: f32 = natural
        .iter()
        .zip(&narrow)
        .filter(|(_, n)| **n)
        .map(|(w, _)| w.clamp(30.0, 60.0))
        .sum();
    let wide = narrow.iter().filter(|n| !**n).count();
    let weights: Vec<f32> = natural.iter().map(|w| w.max(70.0)).collect();
    let weight_sum: f32 = weights
        .iter()
        .zip(&narrow)
        .filter(|(_, n)| !**n)
        .map(|(w, _)| w)
        .sum();
    let rest = WIDTH - fixed;

    let mut widths: Vec<f32> = if wide == 0 || rest < wide as f32 * 40.0 {
        // All short headings, or too many columns to be choosy: share in proportion.
        let sum: f32 = natural.iter().map(|w| w.max(30.0)).sum();
        natural.iter().map(|w| WIDTH * w.max(30.0) / sum).collect()
    } else {
        natural
            .iter()
            .zip(&narrow)
            .zip(&weights)
            .map(|((w, n), weight)| {
                if *n {
                    w.clamp(30.0, 60.0)
                } else {
                    rest * weight / weight_sum
                }
            })
            .collect()
    };
    if wide == 0 && columns.len() > 1 {
        widths = vec![WIDTH / columns.len() as f32; columns.len()];
    }
    rounded(widths)
}

/// Widths rounded to a tenth of a point, the last column taking what is left so
/// they fill the column exactly.
fn rounded(mut widths: Vec<f32>) -> Vec<f32> {
    // Round to a tenth of a point, the last column taking what is left.
    let mut used = 0.0;
    let last = widths.len() - 1;
    for (i, w) in widths.iter_mut().enumerate() {
        if i == last {
            *w = WIDTH - used;
        } else {
            *w = (*w * 10.0).round() / 10.0;
            used += *w;
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column widths part of the whole-writer test
    /// `long_table_repeats_its_heading_on_the_next_page`.
    #[test]
    fn short_headings_get_narrow_columns() {
        // Narrow "Nr." column, the others share the rest.
        let widths = column_widths(&["Nr.".into(), "Tiltak".into(), "Ansvarlig".into()], &[]);
        assert!(
            widths[0] < 60.0 && widths[1] > 100.0 && widths[2] > 100.0,
            "{widths:?}"
        );
        assert!((widths.iter().sum::<f32>() - WIDTH).abs() < 0.01);
    }

    #[test]
    fn the_definitions_shares_set_the_widths() {
        let columns: Vec<String> = ["Nr.", "Mål", "Tiltak"].map(String::from).into();
        let widths = column_widths(&columns, &[1, 4, 3]);
        assert!((widths[1] / widths[0] - 4.0).abs() < 0.01, "{widths:?}");
        assert!((widths[2] / widths[0] - 3.0).abs() < 0.01, "{widths:?}");
        assert!((widths.iter().sum::<f32>() - WIDTH).abs() < 0.01);
        // Shares that do not fit the columns are not used.
        assert_eq!(
            column_widths(&columns, &[1, 4]),
            column_widths(&columns, &[])
        );
    }
}
