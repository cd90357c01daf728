//! Footers: "Side N av M" and the form's title at the foot of every page, as
//! pagination artifacts. Set last, when the page count is known.

use pdf_writer::types::ArtifactType;
use pdf_writer::Name;

use super::styles::FOOTER;
use super::Layout;
use crate::forms::pdf::draw::show_line;
use crate::forms::pdf::fonts::{clean, Font};
use crate::forms::pdf::text::fit_line;
use crate::forms::pdf::{FOOTER_Y, LEFT, RIGHT, WIDTH};

impl Layout {
    /// "Side N av M" on every page, with the form's title on the left.
    pub(super) fn footers(&mut self, title: &str) {
        let count = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let number = format!("{} {} av {count}", self.words.page, i + 1);
            let number_w = Font::Regular.text_width(&number, FOOTER.size);
            let title_w = (WIDTH - number_w - 24.0).max(0.0);
            let title_line = fit_line(vec![(Font::Regular, clean(title))], FOOTER.size, title_w);
            let content = &mut page.content;
            content
                .begin_marked_content_with_properties(Name(b"Artifact"))
                .properties()
                .artifact()
                .kind(ArtifactType::Pagination);
            content.set_fill_gray(FOOTER.gray);
            content.begin_text();
            content.next_line(RIGHT - number_w, FOOTER_Y);
            show_line(
                content,
                &mut self.used,
                &vec![(Font::Regular, number)],
                FOOTER.size,
            );
            content.end_text();
            if !title_line.is_empty() {
                content.begin_text();
                content.next_line(LEFT, FOOTER_Y);
                show_line(content, &mut self.used, &title_line, FOOTER.size);
                content.end_text();
            }
            content.end_marked_content();
        }
    }
}
