//! Page flow: the free space left on the page, page breaks, and text set into it
//! from the top down, as tagged lines.

use pdf_writer::types::{ArtifactType, StructRole};
use pdf_writer::{Content, Name};

use super::styles::Style;
use super::{Layout, PageLayout, DOCUMENT};
use crate::forms::pdf::draw::show_line;
use crate::forms::pdf::text::{wrap, Line};
use crate::forms::pdf::{BOTTOM, LEFT, RIGHT, TOP, WIDTH};

impl Layout {
    /// The page being filled: always the last.
    pub(super) fn page(&mut self) -> &mut PageLayout {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(super) fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// A fresh page, its free space starting at the top margin.
    pub(super) fn new_page(&mut self) {
        self.pages.push(PageLayout {
            content: Content::new(),
            mc_owners: Vec::new(),
            widgets: Vec::new(),
        });
        self.y = TOP;
    }

    /// Nothing set on this page yet: a page break here would leave it empty.
    fn at_top(&self) -> bool {
        self.y >= TOP - 0.01
    }

    /// Starts a new page unless `height` fits on this one (or this one is empty).
    pub(super) fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    /// Vertical space, not at the top of a page.
    pub(super) fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y -= height;
        }
        if self.y < BOTTOM {
            self.new_page();
        }
    }

    /// One line of text with its baseline at (`x`, `baseline`), untagged: callers
    /// wrap it in marked content.
    pub(super) fn show(&mut self, x: f32, baseline: f32, line: &Line, style: Style) {
        if line.is_empty() {
            return;
        }
        let last = self.pages.len() - 1;
        let content = &mut self.pages[last].content;
        content.set_fill_gray(style.gray);
        content.begin_text();
        content.next_line(x, baseline);
        show_line(content, &mut self.used, line, style.size);
        content.end_text();
    }

    /// Lines set from the top of the free space down, onto new pages as needed, as
    /// marked content of `elem`.
    fn flow_lines(&mut self, elem: usize, tag: Name, lines: &[Line], x: f32, style: Style) {
        let mut open = false;
        for line in lines {
            if self.y - style.leading < BOTTOM && !self.at_top() {
                if open {
                    self.end_marked();
                    open = false;
                }
                self.new_page();
            }
            if !open {
                self.begin_tagged(tag, elem);
                open = true;
            }
            let baseline = style.baseline(self.y);
            self.show(x, baseline, line, style);
            self.y -= style.leading;
        }
        if open {
            self.end_marked();
        }
    }

    /// A new structure element of `role` holding `lines`; none for no lines.
    pub(super) fn flow(
        &mut self,
        role: StructRole,
        parent: usize,
        lines: &[Line],
        x: f32,
        style: Style,
    ) {
        if lines.is_empty() {
            return;
        }
        let elem = self.elem(role, parent);
        self.flow_lines(elem, role.to_name(), lines, x, style);
    }

    /// `text` wrapped across the column as a new element of `role` in the document.
    pub(super) fn paragraph(&mut self, role: StructRole, text: &str, style: Style) {
        let lines = wrap(&[(style.font, text)], style.size, WIDTH);
        self.flow(role, DOCUMENT, &lines, LEFT, style);
    }

    /// A thin rule across the column: decoration, not content.
    pub(super) fn rule(&mut self, y: f32) {
        self.begin_artifact(ArtifactType::Layout);
        let content = &mut self.page().content;
        content.set_stroke_gray(0.55).set_line_width(0.5);
        content.move_to(LEFT, y).line_to(RIGHT, y).stroke();
        self.end_marked();
    }
}
