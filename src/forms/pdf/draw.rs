//! Text onto a page: each run of a line shaped (`Font::shape`), its glyph ids
//! written as two-byte codes, and each glyph recorded for the embedded subset.
//!
//! Where shaping moves a glyph from where the font's own advance would put it
//! (kerning and marks in shaped scripts), the `TJ` operator moves it there. A run
//! with a letter the font lacks is marked with its text (`ActualText`), so
//! copying, searching and screen readers still get the words as written.

use pdf_writer::{Content, Name, Str, TextStr};

use super::embed::Used;
use super::fonts::Font;
use super::text::Line;

/// Shows `line` at the current text position; call inside `begin_text`.
pub(super) fn show_line(content: &mut Content, used: &mut Used, line: &Line, size: f32) {
    for (font, text) in line {
        show_run(content, used, *font, text, size);
    }
}

fn show_run(content: &mut Content, used: &mut Used, font: Font, text: &str, size: f32) {
    if text.is_empty() {
        return;
    }
    let face = font.face();
    let shaped = font.shape(text);
    content.set_font(font.resource(), size);
    if shaped.actual_text {
        content
            .begin_marked_content_with_properties(Name(b"Span"))
            .properties()
            .actual_text(TextStr(text));
    }
    // Where each glyph should start against where the font's advances put it, in
    // font units from the start of the run.
    let mut wanted = 0i32;
    let mut pen = 0i32;
    let mut plain = true;
    let mut items: Vec<(i32, u16)> = Vec::with_capacity(shaped.glyphs.len());
    for glyph in &shaped.glyphs {
        used.add(font, glyph);
        let at = wanted + glyph.x_offset;
        let shift = at - pen;
        if shift != 0 {
            plain = false;
        }
        items.push((shift, glyph.id));
        pen = at + face.advance(glyph.id);
        wanted += glyph.advance;
    }
    if plain {
        let bytes: Vec<u8> = items.iter().flat_map(|(_, id)| id.to_be_bytes()).collect();
        content.show(Str(&bytes));
    } else {
        let scale = 1000.0 / face.units_per_em;
        let mut positioned = content.show_positioned();
        let mut list = positioned.items();
        for (shift, id) in items {
            if shift != 0 {
                // TJ numbers move the next glyph left, in thousandths of an em.
                list.adjust(-(shift as f32) * scale);
            }
            list.show(Str(&id.to_be_bytes()));
        }
    }
    if shaped.actual_text {
        content.end_marked_content();
    }
}
