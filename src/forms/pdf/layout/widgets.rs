//! Widgets: a field's box placed on the page, each in a `Form` structure element of
//! its own, and the caption text that goes with a checkbox or a box.

use pdf_writer::types::StructRole;
use pdf_writer::{Name, Rect};

use super::styles::Style;
use super::{Kid, Layout, Widget, WidgetKind};
use crate::forms::pdf::text::Line;

impl Layout {
    /// A widget whose top left corner is at (`x`, `top`) on this page, in a new
    /// `Form` element under `parent`. Returns the element, for a visible caption.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn widget(
        &mut self,
        parent: usize,
        x: f32,
        top: f32,
        size: (f32, f32),
        name: String,
        tooltip: String,
        kind: WidgetKind,
        required: bool,
    ) -> usize {
        let elem = self.elem(StructRole::Form, parent);
        let index = self.widgets.len();
        let page = self.page_index();
        let (w, h) = size;
        self.widgets.push(Widget {
            page,
            rect: Rect::new(x, top - h, x + w, top),
            name,
            tooltip,
            kind,
            required,
        });
        self.elems[elem].kids.push(Kid::Widget(index));
        self.pages[page].widgets.push(index);
        elem
    }

    /// Caption text next to a widget, as part of its `Form` element.
    pub(super) fn caption(&mut self, elem: usize, x: f32, top: f32, lines: &[Line], style: Style) {
        if lines.is_empty() {
            return;
        }
        self.begin_tagged(Name(b"Span"), elem);
        for (i, line) in lines.iter().enumerate() {
            let baseline = style.baseline(top - i as f32 * style.leading);
            self.show(x, baseline, line, style);
        }
        self.end_marked();
    }
}
