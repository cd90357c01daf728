//! Writing: the laid-out form as PDF objects. Object numbers are handed out first,
//! all at once, so any object can point to any other; then come the catalog, the
//! document information, the fonts and the pages (here), the fields
//! (`acro_form.rs`, with their looks in `appearances.rs`) and the structure tree
//! (`structure.rs`).
//!
//! The order objects are numbered and written in shows in the bytes: change it and
//! every file comes out different, though it reads the same.

mod acro_form;
mod appearances;
mod structure;

use pdf_writer::types::TabOrder;
use pdf_writer::{Content, Name, Pdf, Rect, Ref, TextStr};

use self::acro_form::{field_tree, FieldTree};
use super::embed::{write_font, FontRefs, SETTINGS};
use super::fonts::Font;
use super::layout::{Layout, WidgetKind};
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
}

impl ObjectIds {
    /// Numbers every object of `layout` and `tree`, always in the same order.
    fn allocate(layout: &Layout, tree: &FieldTree) -> Self {
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
        }
    }
}

/// The PDF file of a laid-out form.
pub(super) fn write_document(form: &Form, mut layout: Layout) -> Vec<u8> {
    let mut pdf = Pdf::with_settings(SETTINGS);
    let tree = field_tree(&layout.widgets, &layout.group_tips);
    let ids = ObjectIds::allocate(&layout, &tree);

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
        acro_form::write_acro_form(catalog.form(), &tree, &ids);
    }
    pdf.document_info(ids.info)
        .title(TextStr(&form.title))
        .producer(TextStr("veiviser"));
    write_font(&mut pdf, Font::Regular, &layout.used, ids.regular);
    write_font(&mut pdf, Font::Bold, &layout.used, ids.bold);
    pdf.type1_font(ids.zadb).base_font(Name(b"ZapfDingbats"));

    write_pages(&mut pdf, &mut layout, &ids);
    acro_form::write_fields(&mut pdf, &layout, &tree, &ids);
    structure::write_structure(&mut pdf, &layout, &ids);

    // A file identifier from the content itself: the same form, the same file.
    let id = content_hash(pdf.as_bytes());
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

/// The page tree and each page with its content stream. The tab key goes through
/// a page's fields in structure order, which is the form's order.
fn write_pages(pdf: &mut Pdf, layout: &mut Layout, ids: &ObjectIds) {
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
        p.contents(ids.contents[i]);
        p.struct_parents(structure::page_key(i));
        p.tab_order(TabOrder::StructureOrder);
        p.annotations(page.widgets.iter().map(|&w| ids.widgets[w]));
        p.resources()
            .fonts()
            .pair(Font::Regular.resource(), ids.regular.type0)
            .pair(Font::Bold.resource(), ids.bold.type0);
    }
}

/// 16 bytes from two FNV-1a hashes with different seeds: stable, not secret.
/// Both in one pass: the file is read once.
fn content_hash(bytes: &[u8]) -> Vec<u8> {
    const PRIME: u64 = 0x0100_0000_01b3;
    let (a, b) = bytes.iter().fold(
        (0xcbf2_9ce4_8422_2325_u64, 0x8422_2325_cbf2_9ce4_u64),
        |(a, b), &byte| {
            (
                (a ^ u64::from(byte)).wrapping_mul(PRIME),
                (b ^ u64::from(byte)).wrapping_mul(PRIME),
            )
        },
    );
    let mut id = a.to_be_bytes().to_vec();
    id.extend_from_slice(&b.to_be_bytes());
    id
}

#[cfg(test)]
mod tests {
    use super::content_hash;

    #[test]
    fn the_file_id_is_two_fnv_1a_hashes() {
        // FNV-1a 64 of "a" (the published test vector), then the second seed's.
        let id = content_hash(b"a");
        assert_eq!(id[..8], 0xaf63_dc4c_8601_ec8c_u64.to_be_bytes());
        let second = (0x8422_2325_cbf2_9ce4_u64 ^ u64::from(b'a')).wrapping_mul(0x0100_0000_01b3);
        assert_eq!(id[8..], second.to_be_bytes());
        assert_eq!(
            content_hash(b"")[..8],
            0xcbf2_9ce4_8422_2325_u64.to_be_bytes()
        );
    }
}
