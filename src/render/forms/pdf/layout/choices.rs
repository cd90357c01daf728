//! Choices: a yes/no pair of checkboxes, and a list of checkboxes with an optional
//! "other" text box, each with its caption beside it.

use super::styles::OPTION;
use super::{Layout, WidgetKind, BOX_H, DOCUMENT};
use crate::model::FormField;
use crate::render::forms::pdf::encoding::win_ansi;
use crate::render::forms::pdf::fonts::Font;
use crate::render::forms::pdf::text::{cut_lines, fit_line, line_width, wrap, Line};
use crate::render::forms::pdf::{CONTENT_H, LEFT, RIGHT, WIDTH};
use crate::render::forms::{option_name, other_name, yes_no_name};

/// Side of a checkbox.
const CHECK: f32 = 11.0;
/// Where an option's text starts, right of its checkbox.
const CHECK_INDENT: f32 = 18.0;
/// Option texts longer than this many lines are cut short.
const MAX_OPTION_LINES: usize = 12;

impl Layout {
    /// One checkbox at `x`, its top on the line whose top is `top`.
    fn checkbox(&mut self, x: f32, top: f32, name: String, tooltip: String) -> usize {
        self.widget(
            DOCUMENT,
            x,
            top - 1.0,
            (CHECK, CHECK),
            name,
            tooltip,
            WidgetKind::Check,
            false,
        )
    }

    /// "Ja" and "Nei" checkboxes side by side, under the label.
    pub(super) fn yes_no(&mut self, field: &FormField) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let row = OPTION.leading + 3.0;
        self.label(field, row);
        self.ensure(row);
        let top = self.y;
        let mut x = LEFT;
        for (yes, word) in [(true, self.words.yes), (false, self.words.no)] {
            let name = yes_no_name(&field.id, yes);
            let tooltip = format!("{}: {word}", field.label);
            let elem = self.checkbox(x, top, name, tooltip);
            let text = win_ansi(word);
            let width = Font::Regular.text_width(&text, OPTION.size);
            self.caption(
                elem,
                x + CHECK + 5.0,
                top,
                &[vec![(Font::Regular, text)]],
                OPTION,
            );
            x += CHECK + 5.0 + width + 28.0;
        }
        self.y -= row;
    }

    /// A checkbox per option, one under the other, then the "other" text box.
    pub(super) fn checkboxes(
        &mut self,
        field: &FormField,
        options: &[String],
        other: Option<&str>,
    ) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let text_w = WIDTH - CHECK_INDENT;
        let rows: Vec<Vec<Line>> = options
            .iter()
            .map(|o| {
                cut_lines(
                    wrap(&[(Font::Regular, o)], OPTION.size, text_w),
                    MAX_OPTION_LINES,
                    OPTION.size,
                    text_w,
                )
            })
            .collect();
        let row_h = |lines: &Vec<Line>| lines.len().max(1) as f32 * OPTION.leading + 3.0;
        let other_h = BOX_H + 2.0;
        let total: f32 =
            rows.iter().map(row_h).sum::<f32>() + if other.is_some() { other_h } else { 0.0 };
        // The whole list with its label if it fits on a page, else at least one row.
        let (_, _, label_h) = self.label_lines(field);
        let first = rows.first().map_or(other_h, row_h);
        if label_h + total <= CONTENT_H {
            self.label(field, total);
        } else {
            self.label(field, first);
        }

        for (i, (option, lines)) in options.iter().zip(&rows).enumerate() {
            let h = row_h(lines);
            self.ensure(h);
            let top = self.y;
            let name = option_name(&field.id, i + 1);
            let tooltip = format!("{}: {option}", field.label);
            let elem = self.checkbox(LEFT, top, name, tooltip);
            self.caption(elem, LEFT + CHECK_INDENT, top, lines, OPTION);
            self.y -= h;
        }

        if let Some(other) = other {
            self.ensure(other_h);
            let top = self.y;
            let mut caption = win_ansi(other);
            caption.push(b':');
            let caption_line = fit_line(vec![(Font::Regular, caption)], OPTION.size, WIDTH * 0.45);
            let caption_w = line_width(&caption_line, OPTION.size);
            let x = LEFT + CHECK_INDENT + caption_w + 6.0;
            let tooltip = format!("{}: {other}", field.label);
            let kind = WidgetKind::Text {
                multiline: false,
                max_len: None,
                no_spell_check: false,
            };
            let elem = self.widget(
                DOCUMENT,
                x,
                top,
                (RIGHT - x, BOX_H),
                other_name(&field.id),
                tooltip,
                kind,
                false,
            );
            let caption_top = top - (BOX_H - OPTION.leading) / 2.0;
            self.caption(
                elem,
                LEFT + CHECK_INDENT,
                caption_top,
                &[caption_line],
                OPTION,
            );
            self.y -= other_h;
        }
    }
}
