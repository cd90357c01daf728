//! Tagging while laying out: structure elements, the marked content on each page
//! that belongs to them (numbered per page by marked-content id), and artifacts,
//! the decoration a screen reader skips.

use pdf_writer::types::{ArtifactType, StructRole};
use pdf_writer::Name;

use super::{Elem, Kid, Layout};

impl Layout {
    /// A new structure element of `role` under `parent`; returns its index.
    pub(super) fn elem(&mut self, role: StructRole, parent: usize) -> usize {
        let index = self.elems.len();
        self.elems.push(Elem {
            role,
            parent: Some(parent),
            kids: Vec::new(),
        });
        if let Some(p) = self.elems.get_mut(parent) {
            p.kids.push(Kid::Elem(index));
        }
        index
    }

    /// Opens marked content on this page that belongs to `elem`, with the next
    /// marked-content id of the page.
    pub(super) fn begin_tagged(&mut self, tag: Name, elem: usize) {
        let page = self.page_index();
        let mcid = self.pages[page].mc_owners.len() as i32;
        self.pages[page].mc_owners.push(elem);
        self.elems[elem].kids.push(Kid::Mc { page, mcid });
        self.page()
            .content
            .begin_marked_content_with_properties(tag)
            .properties()
            .identify(mcid);
    }

    /// Opens marked content that is decoration (or pagination): no element holds it.
    pub(super) fn begin_artifact(&mut self, kind: ArtifactType) {
        self.page()
            .content
            .begin_marked_content_with_properties(Name(b"Artifact"))
            .properties()
            .artifact()
            .kind(kind);
    }

    /// Closes what `begin_tagged` or `begin_artifact` opened.
    pub(super) fn end_marked(&mut self) {
        self.page().content.end_marked_content();
    }
}
