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
    if text.is_empty() || show_plain(content, used, font, text, size) {
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

/// Shows `text` if every letter of it is plain (`Face::plain_glyph`: a glyph of its
/// own, at the font's advance, as `Font::shape` would set it), without shaping it
/// into glyphs first: most text on a form. The same operators as `show_run` writes
/// for such text. False, and nothing written, if a letter is not plain.
fn show_plain(content: &mut Content, used: &mut Used, font: Font, text: &str, size: f32) -> bool {
    let face = font.face();
    let mut bytes = Vec::with_capacity(2 * text.len());
    for c in text.chars() {
        let Some((id, _)) = face.plain_glyph(c) else {
            return false;
        };
        bytes.extend_from_slice(&id.to_be_bytes());
    }
    for (c, id) in text.chars().zip(bytes.chunks_exact(2)) {
        used.add_letter(font, u16::from_be_bytes([id[0], id[1]]), c);
    }
    content.set_font(font.resource(), size);
    content.show(Str(&bytes));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `show_run` by way of shaping, as for text that is not plain.
    fn shaped_run(content: &mut Content, used: &mut Used, font: Font, text: &str) {
        let face = font.face();
        let shaped = font.shape(text);
        content.set_font(font.resource(), 11.0);
        let mut bytes = Vec::new();
        for glyph in &shaped.glyphs {
            used.add(font, glyph);
            assert_eq!(glyph.x_offset, 0);
            assert_eq!(glyph.advance, face.advance(glyph.id));
            bytes.extend_from_slice(&glyph.id.to_be_bytes());
        }
        content.show(Str(&bytes));
    }

    #[test]
    fn plain_text_is_shown_as_shaping_would_show_it() {
        for font in [Font::Regular, Font::Bold] {
            for text in [
                "Barnets navn",
                "Øvre Eiker – «samtykke» (kopi 3)",
                "ŋ Ǥ 1/2",
            ] {
                let (mut fast, mut slow) = (Content::new(), Content::new());
                let (mut fast_used, mut slow_used) = (Used::default(), Used::default());
                assert!(show_plain(&mut fast, &mut fast_used, font, text, 11.0));
                shaped_run(&mut slow, &mut slow_used, font, text);
                assert_eq!(fast.finish().as_slice(), slow.finish().as_slice(), "{text}");
                assert_eq!(format!("{fast_used:?}"), format!("{slow_used:?}"));
            }
        }
        // Text that needs shaping is left to it.
        for text in ["שלום", "e\u{301}", "مرحبا"] {
            let mut content = Content::new();
            assert!(!show_plain(
                &mut content,
                &mut Used::default(),
                Font::Regular,
                text,
                11.0
            ));
            assert!(content.finish().is_empty());
        }
    }
}
