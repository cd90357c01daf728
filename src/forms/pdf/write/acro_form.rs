//! The AcroForm: the form dictionary in the catalog, the field hierarchy that dotted
//! names become (parent fields with tooltips), and each widget's field dictionary
//! and annotation. What the widgets look like is in `appearances.rs`.

use std::collections::{HashMap, HashSet};

use pdf_writer::types::{AnnotationFlags, CheckBoxState, FieldFlags, FieldType};
use pdf_writer::{Chunk, Name, Ref, Str, TextStr};

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
/// `tiltak.r1c2`; or a radio group, whose kids are its buttons.
pub(super) struct Group {
    partial: String,
    tooltip: Option<String>,
    parent: Option<usize>,
    kids: Vec<FieldNode>,
    /// For a radio group: whether a choice is required.
    radio: Option<bool>,
}

/// The field hierarchy: top-level fields, parent fields, and each widget's parent
/// and partial name.
pub(super) struct FieldTree {
    roots: Vec<FieldNode>,
    pub(super) groups: Vec<Group>,
    /// Per widget: its parent group and partial name (none for a radio button,
    /// which is a widget of its group, not a field).
    widgets: Vec<(Option<usize>, Option<String>)>,
}

/// Splits dotted names into a hierarchy. A name that cannot take part (an empty
/// part, a duplicate, or a name whose prefix is itself a field) stays whole at the
/// top: an odd name in the file, but no lost field. The buttons of a radio group
/// share its name: the group is one field.
pub(super) fn field_tree(widgets: &[Widget], tips: &HashMap<String, String>) -> FieldTree {
    let is_radio = |w: &Widget| matches!(w.kind, WidgetKind::Radio { .. });
    let mut count: HashMap<&str, usize> = HashMap::new();
    let mut radio_names: HashSet<&str> = HashSet::new();
    for w in widgets {
        if is_radio(w) && !radio_names.insert(w.name.as_str()) {
            continue;
        }
        *count.entry(w.name.as_str()).or_default() += 1;
    }
    let mut radios: HashMap<&str, usize> = HashMap::new();
    let mut tree = FieldTree {
        roots: Vec::new(),
        groups: Vec::new(),
        widgets: Vec::new(),
    };
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for (index, w) in widgets.iter().enumerate() {
        if let Some(&g) = radios.get(w.name.as_str()).filter(|_| is_radio(w)) {
            tree.groups[g].kids.push(FieldNode::Widget(index));
            tree.widgets.push((Some(g), None));
            continue;
        }
        let parts: Vec<&str> = w.name.split('.').collect();
        let nested = parts.len() > 1
            && parts.iter().all(|p| !p.is_empty())
            && count.get(w.name.as_str()) == Some(&1)
            && (1..parts.len()).all(|k| !count.contains_key(parts[..k].join(".").as_str()));
        let mut parent: Option<usize> = None;
        let partial = if nested {
            parts[parts.len() - 1]
        } else {
            w.name.as_str()
        };
        for k in (1..parts.len()).filter(|_| nested) {
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
                        radio: None,
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
        if is_radio(w) {
            let g = tree.groups.len();
            tree.groups.push(Group {
                partial: partial.to_string(),
                tooltip: tips.get(&w.name).cloned(),
                parent,
                kids: vec![FieldNode::Widget(index)],
                radio: Some(w.required),
            });
            match parent {
                Some(p) => tree.groups[p].kids.push(FieldNode::Group(g)),
                None => tree.roots.push(FieldNode::Group(g)),
            }
            radios.insert(w.name.as_str(), g);
            tree.widgets.push((Some(g), None));
            continue;
        }
        match parent {
            Some(p) => tree.groups[p].kids.push(FieldNode::Widget(index)),
            None => tree.roots.push(FieldNode::Widget(index)),
        }
        tree.widgets.push((parent, Some(partial.to_string())));
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
pub(super) fn write_fields(pdf: &mut Chunk, layout: &Layout, tree: &FieldTree, ids: &ObjectIds) {
    for (g, group) in tree.groups.iter().enumerate() {
        let mut field = pdf.form_field(ids.groups[g]);
        if let Some(p) = group.parent {
            field.parent(ids.groups[p]);
        }
        field.partial_name(TextStr(&group.partial));
        if let Some(tip) = &group.tooltip {
            field.alternate_name(TextStr(tip));
        }
        if let Some(required) = group.radio {
            field.field_type(FieldType::Button);
            let mut flags = FieldFlags::RADIO | FieldFlags::NO_TOGGLE_TO_OFF;
            flags.set(FieldFlags::REQUIRED, required);
            field.field_flags(flags);
            field.radio_value(Name(b"Off"));
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
                partial: partial.as_deref(),
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
    partial: Option<&'a str>,
    page: Ref,
    struct_parent: i32,
    appearance: (Ref, Option<Ref>),
    text_font: Ref,
    zadb: Ref,
}

/// A widget: its field dictionary merged with its annotation, then its appearances.
fn write_widget(pdf: &mut Chunk, w: &Widget, refs: WidgetRefs) {
    {
        let mut field = pdf.form_field(refs.id);
        if let Some(parent) = refs.parent {
            field.parent(parent);
        }
        if let Some(partial) = refs.partial {
            field.partial_name(TextStr(partial));
        }
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
            // Type, flags and value are the group's.
            WidgetKind::Radio { .. } => {
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
            if !matches!(w.kind, WidgetKind::Text { .. }) {
                mk.normal_caption(TextStr("4"));
            }
        }
        annot.border_style().width(BORDER_W);
        {
            let mut ap = annot.appearance();
            match refs.appearance {
                (on, Some(off)) => {
                    let on_state = match w.kind {
                        WidgetKind::Radio { value } => value.as_bytes(),
                        _ => b"Yes",
                    };
                    let mut states = ap.normal().streams();
                    states.pair(Name(on_state), on);
                    states.pair(Name(b"Off"), off);
                }
                (normal, None) => ap.normal().stream(normal),
            }
        }
        if !matches!(w.kind, WidgetKind::Text { .. }) {
            annot.appearance_state(Name(b"Off"));
        }
    }

    appearances::write_appearances(pdf, w, refs.appearance, refs.text_font, refs.zadb);
}
