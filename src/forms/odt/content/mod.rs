//! `content.xml`: the form's text (headings, paragraphs, labels) with a form
//! control for every field part, anchored as a character where it belongs.
//!
//! Controls are written twice over: the control itself goes in `office:forms` at
//! the top of the body, and a `draw:control` anchor for it goes into the text.
//! Here is the document as a whole; `fields.rs` has each field kind, `tables.rs`
//! tables and signature blocks, and `controls.rs` the controls and their anchors.

mod controls;
mod fields;
mod tables;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::styles;
use super::xml::{attr, one_line, push_text, NAMESPACES, XML_DECL};
use super::AroundTitle;
use crate::forms::{words, Words};
use crate::model::{FieldKind, Form};

/// Height of a one-line text control, in cm.
const LINE_HEIGHT: f64 = 0.7;

/// `content.xml`: the form as text, with its controls in `office:forms`.
#[cfg(test)]
pub(super) fn content_xml(form: &Form) -> String {
    content_around_title(form).join(&title_xml(&form.title))
}

/// The title as `content.xml` has it: the first heading, first in the text.
pub(super) fn title_xml(title: &str) -> String {
    let mut out = String::new();
    push_heading(&mut out, 1, title);
    out
}

/// `content.xml` but for its title (`title_xml`), which goes between the two: all
/// of it comes from the rest of the form, so forms that differ only in their title
/// (a library form on each site) share it.
pub(super) fn content_around_title(form: &Form) -> AroundTitle {
    let mut doc = Doc {
        words: words(form.lang),
        body: String::new(),
        controls: String::new(),
        control_count: 0,
        table_count: 0,
        column_widths: BTreeSet::new(),
    };
    doc.paragraph("Form_20_note", doc.words.fill_in_note);
    for text in &form.intro {
        doc.paragraph("Text_20_body", text);
    }
    for section in &form.sections {
        if let Some(title) = &section.title {
            doc.heading(2, title);
        }
        // Text right before a signature is what it signs: it keeps with it.
        let signs = |field: Option<&crate::model::FormField>| {
            field.is_some_and(|f| matches!(f.kind, FieldKind::Signature { .. }))
        };
        let intro_style = if signs(section.fields.first()) {
            "Text_20_body_20_signed"
        } else {
            "Text_20_body"
        };
        for text in &section.intro {
            doc.paragraph(intro_style, text);
        }
        for (i, field) in section.fields.iter().enumerate() {
            doc.field(field, signs(section.fields.get(i + 1)));
        }
    }

    let mut out = String::from(XML_DECL);
    let _ = write!(out, "<office:document-content{NAMESPACES}>");
    out.push_str("<office:scripts/>");
    out.push_str(styles::font_face_decls());
    styles::content_automatic_styles(&mut out, &doc.column_widths);
    out.push_str("<office:body><office:text>");
    if !doc.controls.is_empty() {
        // `apply-design-mode="false"`: the document opens ready to fill in.
        let _ = write!(
            out,
            concat!(
                r#"<office:forms form:automatic-focus="false" form:apply-design-mode="false">"#,
                r#"<form:form form:name="{}" form:apply-filter="true" form:command-type="table" form:control-implementation="ooo:com.sun.star.form.component.Form">"#,
                "{}",
                "</form:form></office:forms>",
            ),
            attr(if form.id.is_empty() { "Form" } else { &form.id }),
            doc.controls,
        );
    }
    let mut after = doc.body;
    after.push_str("</office:text></office:body></office:document-content>\n");
    AroundTitle { before: out, after }
}

/// A heading on one line; none for empty text.
fn push_heading(out: &mut String, level: u8, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    let _ = write!(
        out,
        r#"<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">"#
    );
    push_text(out, &one_line(text));
    out.push_str("</text:h>");
}

/// The document being built: the text, and the controls it anchors.
struct Doc {
    words: Words,
    /// The text, for `office:text`.
    body: String,
    /// The controls, for `office:forms`.
    controls: String,
    /// Controls so far: numbers their ids, anchors and tab order.
    control_count: usize,
    /// Tables so far: names them `Tabell<n>`.
    table_count: usize,
    /// Column widths of the tables (`styles::column_key`), for their column styles.
    column_widths: BTreeSet<u32>,
}

impl Doc {
    /// A heading on one line (1: the title, 2: a section, 3: a signer); none for
    /// empty text.
    fn heading(&mut self, level: u8, text: &str) {
        push_heading(&mut self.body, level, text);
    }

    /// Paragraphs of `text`: a blank line starts a new one, a line break stays one.
    fn paragraph(&mut self, style: &str, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for part in text.split("\n\n") {
            let part = part.trim_matches('\n');
            if part.trim().is_empty() {
                continue;
            }
            let _ = write!(self.body, r#"<text:p text:style-name="{style}">"#);
            push_text(&mut self.body, part);
            self.body.push_str("</text:p>");
        }
    }

    /// Opens a paragraph of `style` for text and controls to go in.
    fn open_p(&mut self, style: &str) {
        let _ = write!(self.body, r#"<text:p text:style-name="{style}">"#);
    }

    fn close_p(&mut self) {
        self.body.push_str("</text:p>");
    }
}
