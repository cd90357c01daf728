//! The structure tree of the tagged PDF, from the elements layout recorded: each
//! element with its kids (marked content, widgets, other elements), and the parent
//! tree that leads back from a page's marked content or a widget to its element.
//!
//! Parent tree keys: one per page (its marked content, by id), then one per widget.

use pdf_writer::writers::StructTreeRoot;
use pdf_writer::Chunk;

use super::ObjectIds;
use crate::forms::pdf::layout::{Kid, Layout, DOCUMENT};

/// The parent tree key of page `page`'s marked content (its `/StructParents`).
pub(super) fn page_key(page: usize) -> i32 {
    page as i32
}

/// The parent tree key of widget `widget` (its `/StructParent`): after the pages'.
pub(super) fn widget_key(page_count: usize, widget: usize) -> i32 {
    (page_count + widget) as i32
}

/// Structure elements, each page's array of marked-content owners, and the root
/// with its parent tree.
pub(super) fn write_structure(pdf: &mut Chunk, layout: &Layout, ids: &ObjectIds) {
    let page_count = layout.pages.len();

    // The widget of each structure element that holds one.
    let mut widget_elem = vec![DOCUMENT; layout.widgets.len()];
    for (e, elem) in layout.elems.iter().enumerate() {
        for kid in &elem.kids {
            if let Kid::Widget(w) = kid {
                widget_elem[*w] = e;
            }
        }
    }

    for (e, elem) in layout.elems.iter().enumerate() {
        let mut s = pdf.struct_element(ids.elems[e]);
        s.kind(elem.role);
        s.parent(elem.parent.map_or(ids.struct_root, |p| ids.elems[p]));
        let first_page = elem.kids.iter().find_map(|k| match k {
            Kid::Mc { page, .. } => Some(*page),
            Kid::Widget(w) => Some(layout.widgets[*w].page),
            Kid::Elem(_) => None,
        });
        if let Some(page) = first_page {
            s.page(ids.pages[page]);
        }
        let mut kids = s.children();
        for kid in &elem.kids {
            match *kid {
                Kid::Mc { page, mcid } if Some(page) == first_page => {
                    kids.marked_content_id(mcid);
                }
                Kid::Mc { page, mcid } => {
                    kids.marked_content_ref()
                        .page(ids.pages[page])
                        .marked_content_id(mcid);
                }
                Kid::Widget(w) => {
                    kids.object_ref()
                        .page(ids.pages[layout.widgets[w].page])
                        .object(ids.widgets[w]);
                }
                Kid::Elem(c) => {
                    kids.struct_element(ids.elems[c]);
                }
            }
        }
    }
    for (i, page) in layout.pages.iter().enumerate() {
        pdf.indirect(ids.mc_arrays[i])
            .array()
            .items(page.mc_owners.iter().map(|&e| ids.elems[e]));
    }
    {
        let mut root = pdf.indirect(ids.struct_root).start::<StructTreeRoot>();
        root.child(ids.elems[DOCUMENT]);
        {
            let mut tree = root.parent_tree();
            let mut nums = tree.nums();
            for (i, id) in ids.mc_arrays.iter().enumerate() {
                nums.insert(page_key(i), *id);
            }
            for (w, elem) in widget_elem.iter().enumerate() {
                nums.insert(widget_key(page_count, w), ids.elems[*elem]);
            }
        }
        // One past the last key.
        root.parent_tree_next_key(widget_key(page_count, layout.widgets.len()));
    }
}
