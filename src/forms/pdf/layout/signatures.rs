//! Signature blocks: for each signer, the signer's role and a row of three boxes
//! (place, date, signature), each with a small caption above it.

use pdf_writer::types::StructRole;

use super::styles::{LABEL, PART};
use super::{Layout, WidgetKind, DOCUMENT};
use crate::forms::pdf::fonts::Font;
use crate::forms::pdf::text::{cut_lines, wrap, Line};
use crate::forms::pdf::{LEFT, WIDTH};
use crate::forms::signature_name;
use crate::model::FormField;

/// Height of a signature block's boxes.
const SIGNATURE_H: f32 = 26.0;

impl Layout {
    /// A block per signer, each kept on one page.
    pub(super) fn signatures(&mut self, field: &FormField, signers: &[String]) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let gap = 12.0;
        let free = WIDTH - 2.0 * gap;
        let parts = [
            ("place", self.words.place, free * 0.32),
            ("date", self.words.date, free * 0.2),
            ("name", self.words.signature, free * 0.48),
        ];
        let roles = role_lines(signers);
        self.label(field, first_block(signers));
        for (i, (signer, role)) in signers.iter().zip(&roles).enumerate() {
            if i > 0 {
                self.gap(10.0);
            }
            let n = i + 1;
            let who = if signer.trim().is_empty() {
                field.label.as_str()
            } else {
                signer.as_str()
            };
            self.group_tips
                .insert(format!("{}.{n}", field.id), who.to_string());
            self.ensure(block(role.len()));
            self.flow(StructRole::P, DOCUMENT, role, LEFT, LABEL);
            self.y -= 2.0;
            let top = self.y;
            let mut x = LEFT;
            for (part, word, w) in parts {
                let name = signature_name(&field.id, n, part);
                let tooltip = format!("{who}: {word}");
                let kind = WidgetKind::Text {
                    multiline: false,
                    max_len: None,
                    no_spell_check: part != "place",
                };
                let box_top = top - PART.leading;
                let elem = self.widget(
                    DOCUMENT,
                    x,
                    box_top,
                    (w, SIGNATURE_H),
                    name,
                    tooltip,
                    kind,
                    field.required,
                );
                self.caption(
                    elem,
                    x,
                    top,
                    &[vec![(Font::Regular, word.to_string())]],
                    PART,
                );
                x += w + gap;
            }
            self.y = top - PART.leading - SIGNATURE_H;
        }
    }
}

/// Each signer's role, as lines.
fn role_lines(signers: &[String]) -> Vec<Vec<Line>> {
    signers
        .iter()
        .map(|s| {
            cut_lines(
                wrap(&[(LABEL.font, s)], LABEL.size, WIDTH),
                3,
                LABEL.size,
                WIDTH,
            )
        })
        .collect()
}

/// A signer's block: the role's lines, the captions and the boxes.
fn block(role_lines: usize) -> f32 {
    role_lines as f32 * LABEL.leading + 2.0 + PART.leading + SIGNATURE_H
}

/// What stays with a signature's label: the first signer's block.
pub(super) fn first_block(signers: &[String]) -> f32 {
    role_lines(signers).first().map_or(0.0, |r| block(r.len()))
}
