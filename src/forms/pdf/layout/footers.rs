//! Footers: "Side N av M" and the form's title at the foot of every page, as
//! pagination artifacts. Set last, when the page count is known, as content of
//! their own: the title names the municipality, and the rest of a page is the
//! same on every site (`lay_out_body`).

use pdf_writer::types::ArtifactType;
use pdf_writer::{Content, Name};

use super::styles::FOOTER;
use crate::forms::pdf::draw::show_line;
use crate::forms::pdf::embed::Used;
use crate::forms::pdf::fonts::{clean, Font};
use crate::forms::pdf::text::fit_line;
use crate::forms::pdf::{FOOTER_Y, LEFT, RIGHT, WIDTH};
use crate::forms::words;
use crate::model::Form;

/// Each page's footer, drawn after the rest of the page, and the glyphs they use.
pub(in crate::forms::pdf) struct Footers {
    pub(in crate::forms::pdf) pages: Vec<Content>,
    pub(in crate::forms::pdf) used: Used,
}

/// "Side N av M" on each of `count` pages, with the form's title on the left.
pub(in crate::forms::pdf) fn footers(form: &Form, count: usize) -> Footers {
    let page_word = words(form.lang).page;
    let title = clean(&form.title);
    let mut used = Used::default();
    let pages = (0..count)
        .map(|i| {
            let mut content = Content::new();
            let number = format!("{page_word} {} av {count}", i + 1);
            let number_w = Font::Regular.text_width(&number, FOOTER.size);
            let title_w = (WIDTH - number_w - 24.0).max(0.0);
            let title_line = fit_line(vec![(Font::Regular, title.clone())], FOOTER.size, title_w);
            content
                .begin_marked_content_with_properties(Name(b"Artifact"))
                .properties()
                .artifact()
                .kind(ArtifactType::Pagination);
            content.set_fill_gray(FOOTER.gray);
            content.begin_text();
            content.next_line(RIGHT - number_w, FOOTER_Y);
            show_line(
                &mut content,
                &mut used,
                &vec![(Font::Regular, number)],
                FOOTER.size,
            );
            content.end_text();
            if !title_line.is_empty() {
                content.begin_text();
                content.next_line(LEFT, FOOTER_Y);
                show_line(&mut content, &mut used, &title_line, FOOTER.size);
                content.end_text();
            }
            content.end_marked_content();
            content
        })
        .collect();
    Footers { pages, used }
}
