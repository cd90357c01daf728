//! The AcroForm: the form dictionary in the catalog, the field hierarchy that dotted
//! names become (parent fields with tooltips), and each widget's field dictionary
//! and annotation. What the widgets look like is in `appearances.rs`.

use std::collections::HashMap;

use pdf_writer::types::{AnnotationFlags, CheckBoxState, FieldFlags, FieldType};
use pdf_writer::{Name, Pdf, Ref, Str, TextStr};

use super::{appearances, structure, ObjectIds};
use crate::forms::pdf::fonts::Font;
use crate::forms::pdf::layout::{Layout, Widget, WidgetKind};
use crate::forms::pdf::{BORDER_GRAY, BORDER_W};

/// Text appearance of every text field, and of the form as a whole: the embedded
/// regular face, whose subset holds the letters people type (`embed::typing_set`).
const TEXT_DA: &[u8] = b"/DV 10 Tf 0 g";
const CHECK_DA: &[u8] = b"/ZaDb 0 Tf 0 g";

/// A node of the field hierarchy: a parent field or a widget.
#[derive(Clone, Copy)]
enum FieldNode {
    Group(usize),
    Widget(usize),
}

/// A parent field: a part of dotted names before a period, e.g. `tiltak` in
/// `tiltak.r1c2`.
pub(super) struct Group {
    partial: String,
    tooltip: Option<String>,
    parent: Option<usize>,
    kids: Vec<FieldNode>,
}

/// The field hierarchy: top-level fields, parent fields, and each widget's parent
/// and partial name.
pub(super) struct FieldTree {
    roots: Vec<FieldNode>,
    pub(super) groups: Vec<Group>,
    /// Per widget: its parent group and partial name.
    widgets: Vec<(Option<usize>, String)>,
}

/// Splits dotted names into a hierarchy. A name that cannot take part (an empty
/// part, a duplicate, or a name whose prefix is itself a field) stays whole at the
/// top: an odd name in the file, but no lost field.
pub(super) fn field_tree(widgets: &[Widget], tips: &HashMap<String, String>) -> FieldTree {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for w in widgets {
        *count.entry(w.name.as_str()).or_default() += 1;
    }
    let mut tree = FieldTree {
        roots: Vec::new(),
        groups: Vec::new(),
        widgets: Vec::new(),
    };
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for (index, w) in widgets.iter().enumerate() {
        let parts: Vec<&str> = w.name.split('.').collect();
        let nested = parts.len() > 1
            && parts.iter().all(|p| !p.is_empty())
            && count.get(w.name.as_str()) == Some(&1)
            && (1..parts.len()).all(|k| !count.contains_key(parts[..k].join(".").as_str()));
        if !nested {
            tree.roots.push(FieldNode::Widget(index));
            tree.widgets.push((None, w.name.clone()));
            continue;
        }
        let mut parent: Option<usize> = None;
        for k in 1..parts.len() {
            let path = parts[..k].join(".");
            let group = match by_path.get(&path) {
                Some(&g) => g,
                None => {
                    let g = tree.groups.len();
                    tree.groups.push(Group {
                        partial: parts[k - 1].to_string(),
                        tooltip: tips.get(&path).cloned(),
                        parent,
                        kids: Vec::new(),
                    });
                    match parent {
                        Some(p) => tree.groups[p].kids.push(FieldNode::Group(g)),
                        None => tree.roots.push(FieldNode::Group(g)),
                    }
                    by_path.insert(path, g);
                    g
                }
            };
            parent = Some(group);
        }
        if let Some(p) = parent {
            tree.groups[p].kids.push(FieldNode::Widget(index));
        }
        tree.widgets
            .push((parent, parts[parts.len() - 1].to_string()));
    }
    tree
}

/// The object of a node of the field hierarchy.
fn node_ref(ids: &ObjectIds, node: &FieldNode) -> Ref {
    match *node {
        FieldNode::Group(g) => ids.groups[g],
        FieldNode::Widget(w) => ids.widgets[w],
    }
}

/// The catalog's form dictionary: the top-level fields, and the default look of
/// text that readers fill in (`NeedAppearances`: they make fresh appearances).
pub(super) fn write_acro_form(
    mut acro: pdf_writer::writers::Form<'_>,
    tree: &FieldTree,
    ids: &ObjectIds,
) {
    acro.fields(tree.roots.iter().map(|node| node_ref(ids, node)));
    acro.pair(Name(b"NeedAppearances"), true);
    acro.default_appearance(Str(TEXT_DA));
    acro.default_resources()
        .fonts()
        .pair(Font::Regular.resource(), ids.regular.type0)
        .pair(Name(b"ZaDb"), ids.zadb);
}

/// Fields: parents, then widgets with their appearances.
pub(super) fn write_fields(pdf: &mut Pdf, layout: &Layout, tree: &FieldTree, ids: &ObjectIds) {
    for (g, group) in tree.groups.iter().enumerate() {
        let mut field = pdf.form_field(ids.groups[g]);
        if let Some(p) = group.parent {
            field.parent(ids.groups[p]);
        }
        field.partial_name(TextStr(&group.partial));
        if let Some(tip) = &group.tooltip {
            field.alternate_name(TextStr(tip));
        }
        field.children(group.kids.iter().map(|node| node_ref(ids, node)));
    }
    let page_count = layout.pages.len();
    for (i, w) in layout.widgets.iter().enumerate() {
        let (parent, partial) = &tree.widgets[i];
        write_widget(
            pdf,
            w,
            WidgetRefs {
                id: ids.widgets[i],
                parent: parent.map(|p| ids.groups[p]),
                partial,
                page: ids.pages[w.page],
                struct_parent: structure::widget_key(page_count, i),
                appearance: ids.appearances[i],
                text_font: ids.regular.type0,
                zadb: ids.zadb,
            },
        );
    }
}

/// What a widget's dictionary points to.
struct WidgetRefs<'a> {
    id: Ref,
    parent: Option<Ref>,
    partial: &'a str,
    page: Ref,
    struct_parent: i32,
    appearance: (Ref, Option<Ref>),
    text_font: Ref,
    zadb: Ref,
}

/// A widget: its field dictionary merged with its annotation, then its appearances.
fn write_widget(pdf: &mut Pdf, w: &Widget, refs: WidgetRefs) {
    {
        let mut field = pdf.form_field(refs.id);
        if let Some(parent) = refs.parent {
            field.parent(parent);
        }
        field.partial_name(TextStr(refs.partial));
        field.alternate_name(TextStr(&w.tooltip));
        match w.kind {
            WidgetKind::Text {
                multiline,
                max_len,
                no_spell_check,
            } => {
                field.field_type(FieldType::Text);
                let mut flags = FieldFlags::empty();
                flags.set(FieldFlags::MULTILINE, multiline);
                flags.set(FieldFlags::REQUIRED, w.required);
                flags.set(FieldFlags::DO_NOT_SPELL_CHECK, no_spell_check);
                if !flags.is_empty() {
                    field.field_flags(flags);
                }
                if let Some(max) = max_len {
                    field.text_max_len(max);
                }
                field.vartext_default_appearance(Str(TEXT_DA));
            }
            WidgetKind::Check => {
                field.field_type(FieldType::Button);
                field.checkbox_value(CheckBoxState::Off);
                field.vartext_default_appearance(Str(CHECK_DA));
            }
        }
        let mut annot = field.into_annotation();
        annot.rect(w.rect);
        annot.page(refs.page);
        annot.flags(AnnotationFlags::PRINT);
        annot.struct_parent(refs.struct_parent);
        {
            let mut mk = annot.appearance_characteristics();
            mk.border_color_gray(BORDER_GRAY);
            mk.background_color_gray(1.0);
            if w.kind == WidgetKind::Check {
                mk.normal_caption(TextStr("4"));
            }
        }
        annot.border_style().width(BORDER_W);
        {
            let mut ap = annot.appearance();
            match refs.appearance {
                (on, Some(off)) => {
                    let mut states = ap.normal().streams();
                    states.pair(Name(b"Yes"), on);
                    states.pair(Name(b"Off"), off);
                }
                (normal, None) => ap.normal().stream(normal),
            }
        }
        if w.kind == WidgetKind::Check {
            annot.appearance_state(Name(b"Off"));
        }
    }

    appearances::write_appearances(pdf, w, refs.appearance, refs.text_font, refs.zadb);
}
