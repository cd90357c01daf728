//! Layout: the form set onto A4 pages, in memory. What it makes is what the writer
//! needs: each page's content stream, the structure elements (tags) that content
//! and the widgets belong to, and the widgets (the fields' boxes) with their places.
//!
//! Nothing is written here: the writer numbers the objects once the page count is
//! known, since every footer says "Side N av M".
//!
//! A library form is the same on every site but for its title, which names the
//! municipality: it is the first text on the first page and the left of every
//! footer. So the title (`lay_out_title`) and the footers (`footers.rs`) are laid
//! out as content of their own, and the rest (`lay_out_body`) goes on from where
//! the title left off: it depends on the title only through the title's line count,
//! and is laid out and written once per definition (`pdf::write_pdf`).
//!
//! This file holds what layout makes and the order of the document (title, note,
//! sections, fields); the other files hold how each part is set:
//! `flow.rs` (free space, page breaks, text), `footers.rs`, `tagging.rs` (marked
//! content and structure elements), `widgets.rs` (boxes and their captions),
//! `fields.rs` (labels, text boxes and fixed text), `choices.rs` (yes/no and
//! checkboxes), `tables.rs`, `signatures.rs`, and `styles.rs` (text styles).

mod choices;
mod fields;
mod flow;
mod footers;
mod signatures;
mod styles;
mod tables;
mod tagging;
mod widgets;

use std::collections::HashMap;

use pdf_writer::types::StructRole;
use pdf_writer::{Content, Rect};

use super::embed::Used;

pub(super) use self::footers::{footers, Footers};
use self::styles::{BODY, NOTE, SECTION, TITLE};
use super::text::wrap;
use super::{CONTENT_H, LEFT, TOP, WIDTH};
use crate::forms::{words, Words};
use crate::model::{FieldKind, Form};

/// Space after a field.
const FIELD_GAP: f32 = 14.0;
/// Space under a section heading's rule.
const HEADING_RULE_GAP: f32 = 10.0;
/// A one-line text box.
const BOX_H: f32 = 20.0;

pub(super) struct PageLayout {
    pub(super) content: Content,
    /// The structure element each marked-content id belongs to, by id.
    pub(super) mc_owners: Vec<usize>,
    /// Widgets on this page, in structure order.
    pub(super) widgets: Vec<usize>,
}

/// A kid of a structure element: marked content on a page, a widget, or another
/// element.
#[derive(Clone)]
pub(super) enum Kid {
    Mc { page: usize, mcid: i32 },
    Widget(usize),
    Elem(usize),
}

/// A structure element; `parent` is `None` only for the document element.
#[derive(Clone)]
pub(super) struct Elem {
    pub(super) role: StructRole,
    pub(super) parent: Option<usize>,
    pub(super) kids: Vec<Kid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WidgetKind {
    Text {
        multiline: bool,
        max_len: Option<i32>,
        no_spell_check: bool,
    },
    Check,
    /// One button of a radio group: the group is the field (named by the widget's
    /// name), the button a widget of it whose on state is `value`.
    Radio {
        value: &'static str,
    },
}

/// A field's box on a page: one terminal field of the AcroForm.
pub(super) struct Widget {
    pub(super) page: usize,
    pub(super) rect: Rect,
    pub(super) name: String,
    pub(super) tooltip: String,
    pub(super) kind: WidgetKind,
    pub(super) required: bool,
}

impl Widget {
    pub(super) fn width(&self) -> f32 {
        self.rect.x2 - self.rect.x1
    }

    pub(super) fn height(&self) -> f32 {
        self.rect.y2 - self.rect.y1
    }
}

/// The document element is always the first.
pub(super) const DOCUMENT: usize = 0;

pub(super) struct Layout {
    words: Words,
    pub(super) pages: Vec<PageLayout>,
    /// Top of the free space on the last page.
    y: f32,
    pub(super) elems: Vec<Elem>,
    pub(super) widgets: Vec<Widget>,
    /// Tooltips for the parent fields of dotted names: a field's id → its label,
    /// a signer's block → the signer.
    pub(super) group_tips: HashMap<String, String>,
    /// The glyphs the pages show, for the embedded fonts.
    pub(super) used: Used,
}

/// The form's title at the top of the first page, on a layout of its own: its
/// pages' content is the title's lines only, drawn before the rest of each page
/// (`lay_out_body`).
pub(super) struct Title {
    pub(super) layout: Layout,
    /// How many lines the title takes: all that the rest of the layout depends on
    /// of the title.
    pub(super) lines: usize,
}

pub(super) fn lay_out_title(form: &Form) -> Title {
    let mut l = Layout::new(form);
    l.new_page();
    let lines = wrap(&[(TITLE.font, form.title.as_str())], TITLE.size, WIDTH);
    l.flow(StructRole::H1, DOCUMENT, &lines, LEFT, TITLE);
    Title {
        layout: l,
        lines: lines.len(),
    }
}

/// The form on pages but for its title and footers, going on from where `title`
/// left off: the note, introduction, then each section's heading, introduction and
/// fields. The pages' content is what comes after the title; the structure holds
/// the title's element and marked content as `title` made them. All of it is the
/// same for any title of as many lines (the title's lines take the same space,
/// pages and marked-content ids whatever their text), so it is made once per
/// definition and line count.
pub(super) fn lay_out_body(form: &Form, title: &Title) -> Layout {
    let mut l = Layout::new(form);
    l.pages = title
        .layout
        .pages
        .iter()
        .map(|page| PageLayout {
            content: Content::new(),
            mc_owners: page.mc_owners.clone(),
            widgets: page.widgets.clone(),
        })
        .collect();
    l.y = title.layout.y;
    l.elems = title.layout.elems.clone();

    l.gap(3.0);
    let note = l.words.fill_in_note;
    l.paragraph(StructRole::P, note, NOTE);
    l.gap(10.0);
    for text in &form.intro {
        l.paragraph(StructRole::P, text, BODY);
        l.gap(6.0);
    }

    for section in &form.sections {
        match section.title.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(title) => {
                l.gap(14.0);
                let lines = wrap(&[(SECTION.font, title)], SECTION.size, WIDTH);
                // Keep the heading with what follows it: the first two lines of
                // the section's introduction, or its first field's label with the
                // part of the field that the label keeps with it.
                let next = match (section.intro.first(), section.fields.first()) {
                    (Some(intro), _) => {
                        let intro = wrap(&[(BODY.font, intro.as_str())], BODY.size, WIDTH);
                        intro.len().min(2) as f32 * BODY.leading
                    }
                    (None, Some(field)) => l.lead(field),
                    (None, None) => 0.0,
                };
                let heading = lines.len() as f32 * SECTION.leading + HEADING_RULE_GAP;
                l.ensure((heading + next).min(CONTENT_H));
                l.flow(StructRole::H2, DOCUMENT, &lines, LEFT, SECTION);
                l.rule(l.y - 2.0);
                l.gap(HEADING_RULE_GAP);
            }
            None => l.gap(8.0),
        }
        for text in &section.intro {
            l.paragraph(StructRole::P, text, BODY);
            l.gap(6.0);
        }
        for (i, field) in section.fields.iter().enumerate() {
            // Text a signature follows is what it signs: both on one page, when
            // they fit on one.
            let signature = section
                .fields
                .get(i + 1)
                .filter(|next| matches!(next.kind, FieldKind::Signature { .. }));
            if let (FieldKind::Fixed, Some(signature)) = (&field.kind, signature) {
                let both = l.fixed_height(field) + FIELD_GAP + l.lead(signature);
                if both <= CONTENT_H {
                    l.ensure(both);
                }
            }
            l.field(field);
            l.gap(FIELD_GAP);
        }
    }
    l
}

impl Layout {
    /// An empty layout, no page yet.
    fn new(form: &Form) -> Self {
        Layout {
            words: words(form.lang),
            pages: Vec::new(),
            y: TOP,
            elems: vec![Elem {
                role: StructRole::Document,
                parent: None,
                kids: Vec::new(),
            }],
            widgets: Vec::new(),
            group_tips: HashMap::new(),
            used: Used::default(),
        }
    }
}
