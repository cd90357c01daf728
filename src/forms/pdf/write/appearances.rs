//! Appearance streams: what a widget looks like before anyone fills it in. A white
//! box with a gray border; a checkbox has two looks, on (a ZapfDingbats check mark)
//! and off; a text box marks where its text goes (`Tx`) for readers that draw it.

use pdf_writer::{Chunk, Content, Name, Rect, Ref, Str};

use crate::forms::pdf::fonts::Font;
use crate::forms::pdf::layout::Widget;
use crate::forms::pdf::{BORDER_GRAY, BORDER_W};

/// The appearance objects of widget `w`: `appearance` is (on, Some(off)) for a
/// checkbox, (normal, None) for a text box.
pub(super) fn write_appearances(
    pdf: &mut Chunk,
    w: &Widget,
    appearance: (Ref, Option<Ref>),
    text_font: Ref,
    zadb: Ref,
) {
    let (width, height) = (w.width(), w.height());
    let frame = |content: &mut Content| {
        content
            .set_fill_gray(1.0)
            .rect(0.0, 0.0, width, height)
            .fill_nonzero();
        let inset = BORDER_W / 2.0;
        content
            .set_stroke_gray(BORDER_GRAY)
            .set_line_width(BORDER_W)
            .rect(inset, inset, width - BORDER_W, height - BORDER_W)
            .stroke();
    };
    let bbox = Rect::new(0.0, 0.0, width, height);
    match appearance {
        (on, Some(off)) => {
            let mut content = Content::new();
            frame(&mut content);
            // ZapfDingbats "4" is a check mark, 0.846 em wide.
            let size = height * 0.8;
            content.save_state().set_fill_gray(0.0).begin_text();
            content.set_font(Name(b"ZaDb"), size);
            content.next_line((width - 0.846 * size) / 2.0, (height - 0.7 * size) / 2.0);
            content.show(Str(b"4")).end_text().restore_state();
            let bytes = content.finish().into_vec();
            pdf.form_xobject(on, &bytes)
                .bbox(bbox)
                .resources()
                .fonts()
                .pair(Name(b"ZaDb"), zadb);

            let mut content = Content::new();
            frame(&mut content);
            let bytes = content.finish().into_vec();
            pdf.form_xobject(off, &bytes).bbox(bbox);
        }
        (normal, None) => {
            let mut content = Content::new();
            frame(&mut content);
            content
                .begin_marked_content(Name(b"Tx"))
                .end_marked_content();
            let bytes = content.finish().into_vec();
            pdf.form_xobject(normal, &bytes)
                .bbox(bbox)
                .resources()
                .fonts()
                .pair(Font::Regular.resource(), text_font);
        }
    }
}
