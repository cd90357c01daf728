//! The two faces the pages are set in, DejaVu Sans and DejaVu Sans Bold, shipped in
//! `src/forms/fonts/` with their licence and embedded in every PDF as a subset (a
//! Type0 font, Identity-H, with a ToUnicode map; see `embed.rs`). DejaVu covers
//! Norwegian, the Sámi languages, and names in Latin, Greek, Cyrillic, Armenian,
//! Georgian, Hebrew and Arabic script.
//!
//! Text is measured and drawn from the same shaping (`Font::shape`), so what line
//! breaking measures is what the page shows. Plain text (Latin, Greek, Cyrillic,
//! without combining marks) takes the font's own glyph for each character and its
//! advance; anything else (right-to-left scripts, combining marks, scripts whose
//! letters join) is put in visual order (`unicode-bidi`) and shaped by `rustybuzz`.
//! Each face is parsed once per process.

use std::sync::OnceLock;

use pdf_writer::Name;
use rustybuzz::ttf_parser::GlyphId;
use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::BidiInfo;

/// DejaVu Sans 2.37 and DejaVu Sans Bold (Bitstream Vera licence, see
/// `src/forms/fonts/LICENSE`).
const REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Font {
    Regular,
    Bold,
}

/// One glyph as placed: its id in the whole font, its advance and offset (font
/// units), and the text it stands for (empty for the second glyph of a cluster).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Glyph {
    pub(super) id: u16,
    pub(super) advance: i32,
    pub(super) x_offset: i32,
    pub(super) text: String,
}

/// A run of glyphs, in visual order. Each glyph maps back to its characters
/// (ToUnicode), and right-to-left text is stored in visual order, as readers
/// expect and put back in reading order when they extract it. Only a letter the
/// font lacks (glyph 0, an empty box) maps to nothing: then `actual_text` asks
/// for the run's text to be written beside it, unless the run has right-to-left
/// text, which readers would turn around a second time.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shaped {
    pub(super) glyphs: Vec<Glyph>,
    pub(super) actual_text: bool,
}

/// A parsed face and what is looked up often.
pub(super) struct Face {
    pub(super) data: &'static [u8],
    pub(super) face: rustybuzz::Face<'static>,
    pub(super) units_per_em: f32,
    /// The PostScript name, for `BaseFont`.
    pub(super) postscript: &'static str,
    /// Glyph and advance of the characters below `TABLE_END`, looked up once: line
    /// breaking measures every word, often several times.
    table: Vec<Option<(u16, i32)>>,
}

/// The characters `Face::table` holds: Latin, Greek, Cyrillic and more.
const TABLE_END: u32 = 0x600;

impl Face {
    fn parse(data: &'static [u8], postscript: &'static str) -> Face {
        // The fonts are part of the program, not input: a test holds that they parse.
        let face = rustybuzz::Face::from_slice(data, 0).expect("the shipped font parses");
        let units_per_em = face.units_per_em() as f32;
        let table = (0..TABLE_END)
            .map(|code| {
                let id = char::from_u32(code).and_then(|c| face.glyph_index(c))?.0;
                let advance = face.glyph_hor_advance(GlyphId(id)).map_or(0, i32::from);
                Some((id, advance))
            })
            .collect();
        Face {
            data,
            face,
            units_per_em,
            postscript,
            table,
        }
    }

    /// The glyph and advance of a plain character (see `is_plain`) the font has.
    pub(super) fn plain_glyph(&self, c: char) -> Option<(u16, i32)> {
        if !is_plain(c) {
            return None;
        }
        match self.table.get(c as usize) {
            Some(found) => *found,
            None => {
                let id = self.face.glyph_index(c)?.0;
                Some((id, self.advance(id)))
            }
        }
    }

    /// The advance of glyph `id` in font units.
    pub(super) fn advance(&self, id: u16) -> i32 {
        self.face
            .glyph_hor_advance(GlyphId(id))
            .map_or(0, i32::from)
    }
}

impl Font {
    /// The name the page resources give this face.
    pub(super) fn resource(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"DV"),
            Font::Bold => Name(b"DVB"),
        }
    }

    /// The parsed face, once per process.
    pub(super) fn face(self) -> &'static Face {
        static REGULAR: OnceLock<Face> = OnceLock::new();
        static BOLD: OnceLock<Face> = OnceLock::new();
        match self {
            Font::Regular => REGULAR.get_or_init(|| Face::parse(REGULAR_TTF, "DejaVuSans")),
            Font::Bold => BOLD.get_or_init(|| Face::parse(BOLD_TTF, "DejaVuSans-Bold")),
        }
    }

    /// Width of `text` at `size` points, as `shape` sets it.
    pub(super) fn text_width(self, text: &str, size: f32) -> f32 {
        let face = self.face();
        let plain: Option<i32> = text
            .chars()
            .map(|c| face.plain_glyph(c).map(|(_, advance)| advance))
            .sum();
        let units = match plain {
            Some(units) => units,
            None => self.shape(text).glyphs.iter().map(|g| g.advance).sum(),
        };
        units as f32 * size / face.units_per_em
    }

    /// The glyphs that show `text`, in visual order.
    pub(super) fn shape(self, text: &str) -> Shaped {
        let face = self.face();
        let plain: Option<Vec<Glyph>> = text
            .chars()
            .map(|c| {
                face.plain_glyph(c).map(|(id, advance)| Glyph {
                    id,
                    advance,
                    x_offset: 0,
                    text: c.to_string(),
                })
            })
            .collect();
        if let Some(glyphs) = plain {
            return Shaped {
                glyphs,
                actual_text: false,
            };
        }
        let mut glyphs = Vec::new();
        let bidi = BidiInfo::new(text, None);
        let rtl = bidi.has_rtl();
        for paragraph in &bidi.paragraphs {
            let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
            for run in runs {
                let rtl = levels[run.start].is_rtl();
                shape_run(face, &text[run.clone()], rtl, &mut glyphs);
            }
        }
        let missing = glyphs.iter().any(|g: &Glyph| g.id == 0);
        Shaped {
            glyphs,
            actual_text: missing && !rtl,
        }
    }
}

/// Shapes one run of a single direction with rustybuzz, appending its glyphs.
fn shape_run(face: &Face, text: &str, rtl: bool, out: &mut Vec<Glyph>) {
    if text.is_empty() {
        return;
    }
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    let shaped = rustybuzz::shape(&face.face, &[], buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    // Clusters are byte offsets into `text`; a cluster's text runs to the next
    // larger cluster start (in logical order).
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut seen = std::collections::HashSet::new();
    for (info, pos) in infos.iter().zip(positions) {
        let start = info.cluster as usize;
        let end = starts
            .iter()
            .find(|&&s| s > start)
            .copied()
            .unwrap_or(text.len());
        let cluster_text = if seen.insert(start) {
            text.get(start..end).unwrap_or_default().to_string()
        } else {
            String::new()
        };
        out.push(Glyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            advance: pos.x_advance,
            x_offset: pos.x_offset,
            text: cluster_text,
        });
    }
}

/// Characters set one glyph each, left to right, with no shaping: Latin (with
/// the Sámi letters), Greek, Cyrillic, punctuation and symbols.
fn is_plain(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{2FF}'
        | '\u{370}'..='\u{482}'
        | '\u{48A}'..='\u{52F}'
        | '\u{1E00}'..='\u{1FFF}'
        | '\u{2010}'..='\u{205E}'
        | '\u{20A0}'..='\u{20CF}'
        | '\u{2100}'..='\u{2BFF}')
}

/// `text` made ready to set: line breaks, tabs and other spaces become plain
/// spaces; controls and characters with no ink (direction marks, which the
/// bidirectional algorithm decides here, zero-width spaces, the soft hyphen) go.
/// Joiners stay: they change how Arabic letters join.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                Some(' ')
            }
            '\u{0}'..='\u{8}'
            | '\u{B}'
            | '\u{C}'
            | '\u{E}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{AD}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(font: Font, text: &str) -> Vec<u16> {
        font.shape(text).glyphs.iter().map(|g| g.id).collect()
    }

    #[test]
    fn both_faces_parse_and_measure() {
        for font in [Font::Regular, Font::Bold] {
            let face = font.face();
            assert_eq!(face.units_per_em, 2048.0);
            assert!(font.text_width("a", 1000.0) > 400.0);
        }
        assert!(Font::Bold.text_width("Navn", 10.0) > Font::Regular.text_width("Navn", 10.0));
        assert_eq!(Font::Regular.text_width("", 10.0), 0.0);
    }

    #[test]
    fn sami_letters_and_other_scripts_have_glyphs() {
        for font in [Font::Regular, Font::Bold] {
            for text in [
                "Ŧ ŋ đ ž č š á Čálit dása Máŋggagielat",
                "æøåÆØÅ",
                "Ωμέγα Жизнь",
            ] {
                assert!(!ids(font, text).contains(&0), "{text} in {font:?}");
            }
        }
        for text in ["مرحبا", "שלום"] {
            assert!(!ids(Font::Regular, text).contains(&0), "{text}");
        }
    }

    #[test]
    fn right_to_left_text_comes_out_in_visual_order() {
        let hebrew = Font::Regular.shape("שלום");
        assert!(!hebrew.actual_text);
        let texts: String = hebrew.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, "םולש", "last letter drawn first");
        // Arabic letters join: the shaped glyphs are not the isolated forms.
        let joined = ids(Font::Regular, "مرحبا");
        let isolated: Vec<u16> = "مرحبا"
            .chars()
            .rev()
            .map(|c| Font::Regular.face().face.glyph_index(c).map_or(0, |g| g.0))
            .collect();
        assert_ne!(joined, isolated);
    }

    #[test]
    fn letters_the_font_lacks_keep_their_text() {
        let emoji = Font::Regular.shape("Hei 漢");
        assert!(emoji.glyphs.iter().any(|g| g.id == 0));
        assert!(emoji.actual_text);
        assert!(!Font::Regular.shape("Hei").actual_text);
        assert!(!Font::Regular.shape("שלום 漢").actual_text, "right to left");
    }

    #[test]
    fn decomposed_letters_are_composed() {
        // "a" + combining ring: one glyph, the same as "å".
        assert_eq!(ids(Font::Regular, "a\u{30A}"), ids(Font::Regular, "å"));
    }

    #[test]
    fn clean_keeps_letters_and_drops_what_has_no_ink() {
        assert_eq!(clean("a\tb\nc\u{7}"), "a b c");
        assert_eq!(clean("x\u{AD}y\u{200B}z\u{200F}"), "xyz");
        assert_eq!(clean("Čálit dása"), "Čálit dása");
        assert_eq!(clean("👩\u{200D}👧"), "👩\u{200D}👧");
    }
}
