//! The fonts inside the file: for each face, the glyphs the pages use plus the
//! letters someone may type into a field, as a subset (`subsetter`) embedded in a
//! Type0 font with Identity-H encoding, a ToUnicode map (so text can be copied,
//! searched and read aloud) and the glyph widths.
//!
//! Character codes on the pages are the glyph ids of the whole font (two bytes,
//! big-endian); the subset numbers its glyphs anew, and `CIDToGIDMap` maps one to
//! the other. So layout can write the pages before the subset exists.
//!
//! A face's objects (the subset, its compressed file and glyph map, the widths and
//! the compressed ToUnicode map) depend only on the face, their object numbers and
//! the glyphs with their text, and most forms need the same glyphs (the typing set
//! below covers Norwegian and Sámi text; a library form is the same on every site
//! but for its title), so they are written once per process and kept, as bytes
//! (`FONTS`), and copied into each file that needs them. The subset tag
//! (`ABCDEF+`) comes from the glyphs: the same form gives the same bytes, whichever
//! thread wrote the objects first.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use flate2::write::ZlibEncoder;
use flate2::Compression;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Name, Pdf, Rect, Ref, Settings, Str};
use subsetter::GlyphRemapper;

use super::fonts::{Font, Glyph};

/// The letters a field's font must have for what people type: Norwegian and the
/// Sámi languages (North, Lule, South, Inari, Skolt: Latin-1, Latin Extended-A and
/// the Skolt letters of Latin Extended-B), with the usual punctuation.
pub(super) fn typing_set() -> impl Iterator<Item = char> {
    (' '..='~')
        .chain('\u{A0}'..='\u{17F}')
        .chain(['\u{1B7}', '\u{1E4}', '\u{1E5}', '\u{1E6}', '\u{1E7}'])
        .chain([
            '\u{1E8}', '\u{1E9}', '\u{1EE}', '\u{1EF}', '\u{292}', '\u{2BC}',
        ])
        .chain([
            '\u{2013}', '\u{2014}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
        ])
        .chain(['\u{201E}', '\u{2026}', '\u{20AC}'])
}

/// The glyphs a document uses, per face: glyph id → the text it stands for.
#[derive(Debug, Default)]
pub(super) struct Used {
    regular: BTreeMap<u16, String>,
    bold: BTreeMap<u16, String>,
}

impl Used {
    fn map(&mut self, font: Font) -> &mut BTreeMap<u16, String> {
        match font {
            Font::Regular => &mut self.regular,
            Font::Bold => &mut self.bold,
        }
    }

    /// Records glyph `id` standing for `letter`, as `add` would.
    pub(super) fn add_letter(&mut self, font: Font, id: u16, letter: char) {
        let entry = self.map(font).entry(id).or_default();
        if entry.is_empty() {
            entry.push(letter);
        }
    }

    /// Records `glyph`; the first text seen for a glyph is the one it maps to.
    pub(super) fn add(&mut self, font: Font, glyph: &Glyph) {
        let entry = self.map(font).entry(glyph.id).or_default();
        if entry.is_empty() {
            entry.push_str(&glyph.text);
        }
    }

    /// Adds what `later` records, as if its glyphs had been added after these:
    /// a glyph keeps the first text seen for it.
    pub(super) fn merge(&mut self, later: &Used) {
        for (mine, theirs) in [
            (&mut self.regular, &later.regular),
            (&mut self.bold, &later.bold),
        ] {
            for (id, text) in theirs {
                let entry = mine.entry(*id).or_default();
                if entry.is_empty() {
                    entry.push_str(text);
                }
            }
        }
    }

    /// What the subset of `font` needs beyond the fixed set (`fixed_glyphs`): the
    /// glyphs this document uses that the set lacks, or that map to other text.
    /// For a library form this is the same on every site, whatever the name in
    /// its title, so it keys the cache.
    fn beyond_fixed(&self, font: Font) -> BTreeMap<u16, String> {
        let (used, fixed) = match font {
            Font::Regular => (&self.regular, fixed_glyphs(Font::Regular)),
            Font::Bold => (&self.bold, fixed_glyphs(Font::Bold)),
        };
        used.iter()
            .filter(|(id, text)| fixed.get(*id) != Some(*text))
            .map(|(id, text)| (*id, text.clone()))
            .collect()
    }

    /// The glyphs of `font`'s subset (`completed`).
    #[cfg(test)]
    fn glyphs(&self, font: Font) -> BTreeMap<u16, String> {
        completed(font, &self.beyond_fixed(font))
    }
}

/// The glyphs of a subset of `font`: the fixed set, then those `beyond` it (which
/// win where both have a glyph). The same as the glyphs used with the fixed set
/// added where they lack a glyph.
fn completed(font: Font, beyond: &BTreeMap<u16, String>) -> BTreeMap<u16, String> {
    let mut out = fixed_glyphs(font).clone();
    for (id, text) in beyond {
        out.insert(*id, text.clone());
    }
    out
}

/// The glyphs every subset of `font` has: the typing set in the regular face (the
/// face of the fields), the name set in the bold face (the title's). Looked up
/// once per process; the first letter for a glyph is the text it maps to.
fn fixed_glyphs(font: Font) -> &'static BTreeMap<u16, String> {
    static REGULAR: OnceLock<BTreeMap<u16, String>> = OnceLock::new();
    static BOLD: OnceLock<BTreeMap<u16, String>> = OnceLock::new();
    let (cell, letters): (_, Box<dyn Iterator<Item = char>>) = match font {
        Font::Regular => (&REGULAR, Box::new(typing_set())),
        Font::Bold => (&BOLD, Box::new(name_set())),
    };
    cell.get_or_init(|| {
        let face = &font.face().face;
        let mut out = BTreeMap::new();
        for c in letters {
            if let Some(id) = face.glyph_index(c) {
                out.entry(id.0).or_insert_with(|| c.to_string());
            }
        }
        out
    })
}

/// Letters a municipality's name may hold: the ASCII letters, digits and the
/// punctuation names use, the Norwegian, Swedish and Sámi letters and a few
/// accented ones, dashes and quotes. The title is set in the bold face and holds
/// the name, so with these in every bold subset, the subset of a library form is
/// the same on every site and made once (`FONTS`); a letter outside the set is
/// added to the subset of the form that has it.
pub(super) fn name_set() -> impl Iterator<Item = char> {
    ('A'..='Z').chain('a'..='z').chain('0'..='9').chain(
        " !&'(),-./:;?ÆØÅæøåÄÖÜäöüÉéÈèÊêÁáÀàÓóÒòÔôÍíÚúÇç\
             ČčĐđŊŋŠšŦŧŽžÏïŃńŇň–—‘’“”«»"
            .chars(),
    )
}

/// A face's object numbers in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct FontRefs {
    pub(super) type0: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    to_unicode: Ref,
    cid_to_gid: Ref,
}

impl FontRefs {
    /// Six numbers from `next`, always in the same order.
    pub(super) fn allocate(mut next: impl FnMut() -> Ref) -> Self {
        FontRefs {
            type0: next(),
            cid: next(),
            descriptor: next(),
            file: next(),
            to_unicode: next(),
            cid_to_gid: next(),
        }
    }
}

/// A subset, ready to write: the compressed font file and glyph map.
struct Subset {
    tag: String,
    file: Vec<u8>,
    file_len: usize,
    cid_to_gid: Vec<u8>,
}

/// A face's objects as written, by face, object numbers and the glyphs beyond
/// the fixed set (id → text; `Used::beyond_fixed`).
type FontKey = (Font, FontRefs, BTreeMap<u16, String>);
type FontCache = Mutex<HashMap<FontKey, Arc<Chunk>>>;
static FONTS: OnceLock<FontCache> = OnceLock::new();
/// More distinct glyph sets than this and the cache starts afresh (a regular face's
/// objects are ~35 KB, a bold face's ~12 KB: at most ~20 MB). The bold face's set
/// holds the title's letters, so it varies with the municipality's name: 357
/// copies of a municipality named `… (kopi n)` have 132 sets of digits, with four
/// forms 532 sets in all.
const CACHE_LIMIT: usize = 1024;

/// The objects of `font` with the fixed set and the glyphs `beyond` it, under
/// `refs`: from the cache, or written and kept. Two threads may write the same
/// objects at once; they write the same bytes.
fn font_objects(font: Font, refs: FontRefs, beyond: BTreeMap<u16, String>) -> Arc<Chunk> {
    let cache = FONTS.get_or_init(Default::default);
    let key = (font, refs, beyond);
    if let Ok(map) = cache.lock() {
        if let Some(found) = map.get(&key) {
            return Arc::clone(found);
        }
    }
    let mut chunk = Chunk::with_settings(SETTINGS);
    write_objects(&mut chunk, font, &completed(font, &key.2), refs);
    let made = Arc::new(chunk);
    if let Ok(mut map) = cache.lock() {
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(key, Arc::clone(&made));
    }
    made
}

/// The writer's settings, the same as the file's (`write::write_document`).
pub(super) const SETTINGS: Settings = Settings { pretty: false };

thread_local! {
    /// One compressor per thread, reset between streams: setting one up costs more
    /// than compressing a small ToUnicode map. A reset compressor writes the same
    /// bytes as a new one.
    static ENCODER: RefCell<ZlibEncoder<Vec<u8>>> =
        RefCell::new(ZlibEncoder::new(Vec::new(), LEVEL));
}

/// zlib's level 2 (its fast match search, with dynamic codes) for the font
/// streams: a face's objects are made once per glyph set and kept, and a first
/// build makes a few of them; level 2 costs fewer instructions than level 6 for
/// somewhat larger streams.
const LEVEL: Compression = Compression::new(2);

/// `bytes` compressed (zlib, `LEVEL`).
fn deflate(bytes: &[u8]) -> Vec<u8> {
    ENCODER.with(|encoder| {
        let mut encoder = encoder.borrow_mut();
        // Writing into a Vec cannot fail; `reset` finishes the stream and hands
        // back what it wrote.
        let _ = encoder.write_all(bytes);
        encoder.reset(Vec::new()).unwrap_or_default()
    })
}

fn make_subset(font: Font, glyphs: &[u16]) -> Subset {
    let face = font.face();
    let mut remapper = GlyphRemapper::new();
    for &g in glyphs {
        remapper.remap(g);
    }
    // The subset of a font that parses does not fail; if it ever did, the whole
    // font goes in rather than none.
    let file = subsetter::subset(face.data, 0, &remapper).unwrap_or_else(|_| face.data.to_vec());
    let whole = file.len() == face.data.len();
    let max = glyphs.iter().copied().max().unwrap_or(0);
    let mut map = Vec::with_capacity(2 * (usize::from(max) + 1));
    for cid in 0..=max {
        let gid = if whole {
            cid
        } else {
            remapper.get(cid).unwrap_or(0)
        };
        map.extend_from_slice(&gid.to_be_bytes());
    }
    Subset {
        tag: tag(font, glyphs),
        file_len: file.len(),
        file: deflate(&file),
        cid_to_gid: deflate(&map),
    }
}

/// Six capital letters from the face and glyph ids (FNV-1a): stable, not secret.
fn tag(font: Font, glyphs: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (font as u64);
    for g in glyphs {
        for b in g.to_be_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Writes `font` with the glyphs `used` records, under `refs`.
pub(super) fn write_font(pdf: &mut Pdf, font: Font, used: &Used, refs: FontRefs) {
    pdf.extend(&font_objects(font, refs, used.beyond_fixed(font)));
}

/// Writes the objects of `font` with `glyphs` (id → text), under `refs`.
fn write_objects(pdf: &mut Chunk, font: Font, glyphs: &BTreeMap<u16, String>, refs: FontRefs) {
    let face = font.face();
    let ids: Vec<u16> = glyphs.keys().copied().collect();
    let subset = make_subset(font, &ids);
    let base = format!("{}+{}", subset.tag, face.postscript);
    let scale = 1000.0 / face.units_per_em;

    pdf.type0_font(refs.type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(refs.cid)
        .to_unicode(refs.to_unicode);

    {
        let mut cid = pdf.cid_font(refs.cid);
        cid.subtype(CidFontType::Type2);
        cid.base_font(Name(base.as_bytes()));
        cid.system_info(IDENTITY);
        cid.font_descriptor(refs.descriptor);
        cid.default_width(0.0);
        cid.cid_to_gid_map_stream(refs.cid_to_gid);
        let mut widths = cid.widths();
        for &id in glyphs.keys() {
            widths.consecutive(id, [face.advance(id) as f32 * scale]);
        }
    }

    let ttf = &face.face;
    let b = ttf.global_bounding_box();
    let bbox = Rect::new(
        f32::from(b.x_min) * scale,
        f32::from(b.y_min) * scale,
        f32::from(b.x_max) * scale,
        f32::from(b.y_max) * scale,
    );
    let cap_height = ttf.capital_height().unwrap_or(ttf.ascender());
    pdf.font_descriptor(refs.descriptor)
        .name(Name(base.as_bytes()))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(bbox)
        .italic_angle(0.0)
        .ascent(f32::from(ttf.ascender()) * scale)
        .descent(f32::from(ttf.descender()) * scale)
        .cap_height(f32::from(cap_height) * scale)
        .stem_v(if font == Font::Bold { 120.0 } else { 80.0 })
        .font_file2(refs.file);

    pdf.stream(refs.file, &subset.file)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.file_len as i32);
    pdf.stream(refs.cid_to_gid, &subset.cid_to_gid)
        .filter(Filter::FlateDecode);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (&id, text) in glyphs {
        // Glyph 0 (no glyph: a letter the font lacks) stands for nothing in
        // particular; such text is always marked with its `ActualText`.
        if id != 0 && !text.is_empty() {
            cmap.pair_with_multiple(id, text.chars());
        }
    }
    let bytes = deflate(&cmap.finish());
    let mut stream = pdf.cmap(refs.to_unicode, &bytes);
    stream.name(Name(b"Custom")).system_info(IDENTITY);
    stream.filter(Filter::FlateDecode);
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn glyphs(ids: &[u16]) -> BTreeMap<u16, String> {
        ids.iter().map(|&id| (id, format!("{id}"))).collect()
    }

    fn refs() -> FontRefs {
        let mut n = 100;
        FontRefs::allocate(|| {
            n += 1;
            Ref::new(n)
        })
    }

    #[test]
    fn subsets_are_tagged_by_their_glyphs() {
        let a = make_subset(Font::Regular, &[3, 36, 68]);
        assert_eq!(a.tag.len(), 6);
        assert!(a.tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(a.tag, tag(Font::Regular, &[3, 36, 68]));
        assert_ne!(a.tag, tag(Font::Regular, &[3, 36, 69]));
        assert_ne!(a.tag, tag(Font::Bold, &[3, 36, 68]));
        assert!(
            a.file_len < Font::Regular.face().data.len() / 10,
            "a subset"
        );
    }

    #[test]
    fn font_objects_are_cached_by_face_numbers_and_glyphs() {
        let a = font_objects(Font::Regular, refs(), glyphs(&[3, 36, 68]));
        let b = font_objects(Font::Regular, refs(), glyphs(&[3, 36, 68]));
        assert!(Arc::ptr_eq(&a, &b));
        // What the cache holds is what writing them afresh gives.
        let mut fresh = Chunk::with_settings(SETTINGS);
        let complete = completed(Font::Regular, &glyphs(&[3, 36, 68]));
        write_objects(&mut fresh, Font::Regular, &complete, refs());
        assert_eq!(a.as_bytes(), fresh.as_bytes());
        // Another face, other glyphs, other text for a glyph: other objects.
        for other in [
            font_objects(Font::Bold, refs(), glyphs(&[3, 36, 68])),
            font_objects(Font::Regular, refs(), glyphs(&[3, 36, 69])),
            font_objects(
                Font::Regular,
                refs(),
                BTreeMap::from([(3, "a".into()), (36, "36".into()), (68, "68".into())]),
            ),
        ] {
            assert_ne!(a.as_bytes(), other.as_bytes());
        }
    }

    #[test]
    fn a_reused_compressor_writes_what_a_new_one_writes() {
        let font = Font::Bold.face().data;
        let inputs: [&[u8]; 5] = [b"", b"ToUnicode", &font[..40_000], b"", &font[1000..90_000]];
        for input in inputs {
            let mut fresh = ZlibEncoder::new(Vec::new(), LEVEL);
            fresh.write_all(input).unwrap();
            assert_eq!(
                deflate(input),
                fresh.finish().unwrap(),
                "{} bytes",
                input.len()
            );
        }
    }

    /// The bold glyphs of a title.
    fn bold_set(title: &str) -> BTreeMap<u16, String> {
        let mut used = Used::default();
        for glyph in &Font::Bold.shape(title).glyphs {
            used.add(Font::Bold, glyph);
        }
        used.glyphs(Font::Bold)
    }

    #[test]
    fn the_bold_set_is_the_same_for_names_of_common_letters() {
        let a = bold_set("Samtykke – Øvre Eiker (kopi 3)");
        for name in [
            "Samtykke – Bø",
            "Samtykke – Porsáŋgu Porsanger Porsanki",
            "Samtykke – «Kárášjohka», Åsnes & Værøy 1",
        ] {
            assert_eq!(bold_set(name), a, "{name}");
        }
        // The objects are then made once and shared.
        let beyond = |title: &str| {
            let mut used = Used::default();
            for glyph in &Font::Bold.shape(title).glyphs {
                used.add(Font::Bold, glyph);
            }
            used.beyond_fixed(Font::Bold)
        };
        assert!(beyond("Samtykke – Øvre Eiker (kopi 3)").is_empty());
        let first = font_objects(Font::Bold, refs(), beyond("Samtykke – Øvre Eiker"));
        let second = font_objects(Font::Bold, refs(), beyond("Samtykke – Bø"));
        assert!(Arc::ptr_eq(&first, &second));
    }

    #[test]
    fn a_letter_outside_the_name_set_still_gets_its_glyph() {
        let face = &Font::Bold.face().face;
        for (title, letter) in [("Skjema – Aanaar ǥ", 'ǥ'), ("Skjema – Ærøskøbing é ŋ", 'ŋ')]
        {
            let glyph = face.glyph_index(letter).expect("the bold face has it").0;
            let set = bold_set(title);
            assert_eq!(
                set.get(&glyph).map(String::as_str),
                Some(letter.to_string().as_str())
            );
            // And it is in the subset: the glyph map points it at a glyph of its own.
            let ids: Vec<u16> = set.keys().copied().collect();
            let subset = make_subset(Font::Bold, &ids);
            let mut map = Vec::new();
            flate2::read::ZlibDecoder::new(subset.cid_to_gid.as_slice())
                .read_to_end(&mut map)
                .unwrap();
            let at = 2 * usize::from(glyph);
            assert_ne!(u16::from_be_bytes([map[at], map[at + 1]]), 0, "{letter}");
        }
        assert!(!name_set().any(|c| c == 'ǥ'));
        assert_ne!(bold_set("Skjema – Aanaar ǥ"), bold_set("Skjema – Aanaar"));
    }

    #[test]
    fn the_name_set_has_every_glyph() {
        for c in name_set() {
            assert!(
                Font::Bold.face().face.glyph_index(c).is_some(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn the_typing_set_has_every_glyph() {
        for c in typing_set() {
            assert!(
                Font::Regular.face().face.glyph_index(c).is_some(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
