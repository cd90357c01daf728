//! Choices: a yes/no pair of checkboxes, and a list of checkboxes with an optional
//! "other" text box, each with its caption beside it.

use super::styles::OPTION;
use super::{Layout, WidgetKind, BOX_H, DOCUMENT};
use crate::forms::pdf::fonts::{clean, Font};
use crate::forms::pdf::text::{cut_lines, fit_line, line_width, wrap, Line};
use crate::forms::pdf::{CONTENT_H, LEFT, RIGHT, WIDTH};
use crate::forms::{option_name, other_name, yes_no_value};
use crate::model::FormField;

/// Side of a checkbox.
const CHECK: f32 = 11.0;
/// Where an option's text starts, right of its checkbox.
const CHECK_INDENT: f32 = 18.0;
/// Option texts longer than this many lines are cut short.
const MAX_OPTION_LINES: usize = 12;
/// The row of "Ja" and "Nei".
pub(super) const YES_NO_ROW: f32 = OPTION.leading + 3.0;
/// The "other" text box under the options.
const OTHER_H: f32 = BOX_H + 2.0;

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

    /// "Ja" and "Nei" side by side, under the label: one radio group named by the
    /// field's id, the buttons drawn as the checkboxes are.
    pub(super) fn yes_no(&mut self, field: &FormField) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let row = YES_NO_ROW;
        self.label(field, row);
        self.ensure(row);
        let top = self.y;
        let mut x = LEFT;
        for (yes, word) in [(true, self.words.yes), (false, self.words.no)] {
            let tooltip = format!("{}: {word}", field.label);
            let kind = WidgetKind::Radio {
                value: yes_no_value(yes),
            };
            let elem = self.widget(
                DOCUMENT,
                x,
                top - 1.0,
                (CHECK, CHECK),
                field.id.clone(),
                tooltip,
                kind,
                field.required,
            );
            let text = word.to_string();
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

    /// What stays with the label of a list of checkboxes: the whole list if it fits
    /// on a page with its label, else at least one row.
    pub(super) fn checkboxes_first(
        &self,
        field: &FormField,
        options: &[String],
        other: bool,
    ) -> f32 {
        let rows = option_lines(options);
        let total: f32 =
            rows.iter().map(|r| row_h(r)).sum::<f32>() + if other { OTHER_H } else { 0.0 };
        let (_, _, label_h) = self.label_lines(field);
        if label_h + total <= CONTENT_H {
            total
        } else {
            rows.first().map_or(OTHER_H, |r| row_h(r))
        }
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
        let rows = option_lines(options);
        let other_h = OTHER_H;
        let first = self.checkboxes_first(field, options, other.is_some());
        self.label(field, first);

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
            let mut caption = clean(other);
            caption.push(':');
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

/// Each option's lines, beside its checkbox.
fn option_lines(options: &[String]) -> Vec<Vec<Line>> {
    let text_w = WIDTH - CHECK_INDENT;
    options
        .iter()
        .map(|o| {
            cut_lines(
                wrap(&[(Font::Regular, o)], OPTION.size, text_w),
                MAX_OPTION_LINES,
                OPTION.size,
                text_w,
            )
        })
        .collect()
}

/// The height of an option's row.
fn row_h(lines: &[Line]) -> f32 {
    lines.len().max(1) as f32 * OPTION.leading + 3.0
}
