//! Writing: the laid-out form as PDF objects. Object numbers are handed out first,
//! all at once, so any object can point to any other; then come the catalog, the
//! document information, the fonts and the pages (here), the fields
//! (`acro_form.rs`, with their looks in `appearances.rs`) and the structure tree
//! (`structure.rs`).
//!
//! A file is written in two parts: what does not depend on the form's title (the
//! pages with their body content, fields, structure: `write_shared`, once per
//! definition and title line count) and what does (the catalog, the document
//! information with the title, the fonts, whose subsets hold the title's letters,
//! and the content streams of the title and the footers: `write_site`). A page's
//! content is an array of streams, which a reader joins: the title's lines (first
//! page), the body, the footer.
//!
//! The order objects are numbered and written in shows in the bytes: change it and
//! every file comes out different, though it reads the same.

mod acro_form;
mod appearances;
mod structure;

use pdf_writer::types::TabOrder;
use pdf_writer::{Chunk, Content, Name, Pdf, Rect, Ref, TextStr};

use self::acro_form::{field_tree, FieldTree};
use super::embed::{write_font, FontRefs, Used, SETTINGS};
use super::fonts::Font;
use super::layout::{Footers, Layout, Title, WidgetKind};
use super::{PAGE_H, PAGE_W};
use crate::model::{Form, Lang};

/// Hands out object numbers in order.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Every object's number, by what it is; the vectors by page, structure element,
/// widget and parent field.
struct ObjectIds {
    catalog: Ref,
    page_tree: Ref,
    info: Ref,
    regular: FontRefs,
    bold: FontRefs,
    zadb: Ref,
    struct_root: Ref,
    pages: Vec<Ref>,
    contents: Vec<Ref>,
    /// Per page: the array of structure elements its marked content belongs to.
    mc_arrays: Vec<Ref>,
    elems: Vec<Ref>,
    widgets: Vec<Ref>,
    /// Appearances: a text field has one, a checkbox two (on, off).
    appearances: Vec<(Ref, Option<Ref>)>,
    groups: Vec<Ref>,
    /// The title's content, per page it is on (the first, but for a title longer
    /// than a page).
    heads: Vec<Ref>,
    /// The footer's content, per page.
    feet: Vec<Ref>,
}

impl ObjectIds {
    /// Numbers every object of `layout` and `tree`, always in the same order.
    fn allocate(layout: &Layout, tree: &FieldTree, title_pages: usize) -> Self {
        let mut refs = Refs(0);
        let catalog = refs.next();
        let page_tree = refs.next();
        let info = refs.next();
        let regular = FontRefs::allocate(|| refs.next());
        let bold = FontRefs::allocate(|| refs.next());
        let zadb = refs.next();
        let struct_root = refs.next();
        let pages = layout.pages.iter().map(|_| refs.next()).collect();
        let contents = layout.pages.iter().map(|_| refs.next()).collect();
        let mc_arrays = layout.pages.iter().map(|_| refs.next()).collect();
        let elems = layout.elems.iter().map(|_| refs.next()).collect();
        let widgets = layout.widgets.iter().map(|_| refs.next()).collect();
        let appearances = layout
            .widgets
            .iter()
            .map(|w| match w.kind {
                WidgetKind::Check | WidgetKind::Radio { .. } => (refs.next(), Some(refs.next())),
                WidgetKind::Text { .. } => (refs.next(), None),
            })
            .collect();
        let groups = tree.groups.iter().map(|_| refs.next()).collect();
        let heads = (0..title_pages).map(|_| refs.next()).collect();
        let feet = layout.pages.iter().map(|_| refs.next()).collect();
        ObjectIds {
            catalog,
            page_tree,
            info,
            regular,
            bold,
            zadb,
            struct_root,
            pages,
            contents,
            mc_arrays,
            elems,
            widgets,
            appearances,
            groups,
            heads,
            feet,
        }
    }
}

/// The part of a form's file that is the same whatever its title (of a given line
/// count): written once and copied into each site's file.
pub(super) struct Shared {
    objects: Chunk,
    ids: ObjectIds,
    tree: FieldTree,
    /// The glyphs the shared pages use.
    used: Used,
}

impl Shared {
    pub(super) fn page_count(&self) -> usize {
        self.ids.pages.len()
    }
}

/// The objects of `layout` (`lay_out_body`) that do not depend on the title: the
/// page tree and pages, their body content, the fields and the structure tree.
/// `title_pages` is how many pages the title is on.
pub(super) fn write_shared(mut layout: Layout, title_pages: usize) -> Shared {
    let mut objects = Chunk::with_settings(SETTINGS);
    let tree = field_tree(&layout.widgets, &layout.group_tips);
    let ids = ObjectIds::allocate(&layout, &tree, title_pages);
    objects
        .type1_font(ids.zadb)
        .base_font(Name(b"ZapfDingbats"));
    write_pages(&mut objects, &mut layout, &ids);
    acro_form::write_fields(&mut objects, &layout, &tree, &ids);
    structure::write_structure(&mut objects, &layout, &ids);
    Shared {
        objects,
        ids,
        tree,
        used: layout.used,
    }
}

/// The PDF file of a form: the part `shared` with what is the form's own, its
/// title's lines (`title`) and footers.
pub(super) fn write_site(form: &Form, shared: &Shared, title: Title, footers: Footers) -> Vec<u8> {
    let ids = &shared.ids;
    let mut pdf = Pdf::with_settings(SETTINGS);

    // Document catalog, information, fonts.
    {
        let lang = match form.lang {
            Lang::Nb => "nb-NO",
            Lang::Nn => "nn-NO",
        };
        let mut catalog = pdf.catalog(ids.catalog);
        catalog.pages(ids.page_tree);
        catalog.lang(TextStr(lang));
        catalog.pair(Name(b"StructTreeRoot"), ids.struct_root);
        catalog.mark_info().marked(true);
        catalog.viewer_preferences().display_doc_title(true);
        acro_form::write_acro_form(catalog.form(), &shared.tree, ids);
    }
    pdf.document_info(ids.info)
        .title(TextStr(&form.title))
        .producer(TextStr("veiviser"));
    // The glyphs in page order: the title's first, the footers' last (a glyph maps
    // to the first text seen for it).
    let mut used = title.layout.used;
    used.merge(&shared.used);
    used.merge(&footers.used);
    write_font(&mut pdf, Font::Regular, &used, ids.regular);
    write_font(&mut pdf, Font::Bold, &used, ids.bold);

    pdf.extend(&shared.objects);
    for (page, id) in title.layout.pages.into_iter().zip(&ids.heads) {
        pdf.stream(*id, &page.content.finish().into_vec());
    }
    for (content, id) in footers.pages.into_iter().zip(&ids.feet) {
        pdf.stream(*id, &content.finish().into_vec());
    }

    // A file identifier from the content itself: the same form, the same file.
    let id = content_hash(pdf.as_bytes());
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

/// The page tree and each page with its content streams: the title's (if it is on
/// the page), the body's, the footer's. The tab key goes through a page's fields
/// in structure order, which is the form's order.
fn write_pages(pdf: &mut Chunk, layout: &mut Layout, ids: &ObjectIds) {
    pdf.pages(ids.page_tree)
        .kids(ids.pages.iter().copied())
        .count(ids.pages.len() as i32);
    for (i, page) in layout.pages.iter_mut().enumerate() {
        let content = std::mem::replace(&mut page.content, Content::new())
            .finish()
            .into_vec();
        pdf.stream(ids.contents[i], &content);
        let mut p = pdf.page(ids.pages[i]);
        p.parent(ids.page_tree);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        p.insert(Name(b"Contents")).array().items(
            ids.heads
                .get(i)
                .into_iter()
                .chain([&ids.contents[i], &ids.feet[i]])
                .copied(),
        );
        p.struct_parents(structure::page_key(i));
        p.tab_order(TabOrder::StructureOrder);
        p.annotations(page.widgets.iter().map(|&w| ids.widgets[w]));
        p.resources()
            .fonts()
            .pair(Font::Regular.resource(), ids.regular.type0)
            .pair(Font::Bold.resource(), ids.bold.type0);
    }
}

/// 16 bytes from two hashes of the file, with different seeds: stable, not secret.
/// Both in one pass, eight bytes at a time (FNV-1a byte by byte cost a million
/// instructions per form): each lane xors a word in, multiplies by a 64-bit prime
/// and folds the high bits down; the tail is padded and marked with its length.
fn content_hash(bytes: &[u8]) -> Vec<u8> {
    const PRIME_A: u64 = 0x0100_0000_01b3;
    const PRIME_B: u64 = 0x9e37_79b9_7f4a_7c15 | 1;
    let mut a = 0xcbf2_9ce4_8422_2325_u64;
    let mut b = 0x8422_2325_cbf2_9ce4_u64;
    let mut mix = |word: u64| {
        a = (a ^ word).wrapping_mul(PRIME_A);
        a ^= a >> 32;
        b = (b ^ word.rotate_left(29)).wrapping_mul(PRIME_B);
        b ^= b >> 29;
    };
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        mix(u64::from_le_bytes(word));
    }
    let tail = words.remainder();
    let mut word = [0u8; 8];
    word[..tail.len()].copy_from_slice(tail);
    word[7] = tail.len() as u8 | 0x80;
    mix(u64::from_le_bytes(word));
    mix(bytes.len() as u64);
    let mut id = a.to_be_bytes().to_vec();
    id.extend_from_slice(&b.to_be_bytes());
    id
}

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn the_file_id_changes_with_any_byte_and_the_length() {
        let text: Vec<u8> = (0..100u8).collect();
        let id = content_hash(&text);
        assert_eq!(id.len(), 16);
        assert_eq!(content_hash(&text), id, "stable");
        let mut seen = std::collections::BTreeSet::from([id.clone()]);
        for i in 0..text.len() {
            let mut changed = text.clone();
            changed[i] ^= 1;
            assert!(seen.insert(content_hash(&changed)), "byte {i}");
        }
        for len in 0..text.len() {
            assert!(seen.insert(content_hash(&text[..len])), "length {len}");
        }
        assert_ne!(content_hash(b"a"), content_hash(b"a\0"));
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        // Both halves move.
        let (x, y) = (content_hash(b"x"), content_hash(b"y"));
        assert!(x[..8] != y[..8] && x[8..] != y[8..]);
    }
}
