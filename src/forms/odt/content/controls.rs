//! Controls: text boxes, checkboxes and radio buttons in `office:forms`, each with its tooltip
//! (`HelpText`), and the `draw:control` anchor that places it in the text.
//! LibreOffice reads tooltips and multi-line text only from `form:properties`.

use std::fmt::Write as _;

use super::Doc;
use crate::forms::odt::xml::{attr, cm};

/// Side of a checkbox, in cm.
const CHECKBOX: f64 = 0.45;

/// A text control's kind: one line, several lines, or one line of at most so
/// many characters.
pub(super) enum TextControl {
    Line,
    Lines,
    MaxLength(u32),
}

impl Doc {
    /// A text control, anchored here. `required` marks the control itself (ODF's
    /// `form:input-required`); the label says it to the reader.
    pub(super) fn text(
        &mut self,
        name: &str,
        tip: &str,
        width: f64,
        height: f64,
        kind: TextControl,
        required: bool,
    ) {
        let id = self.anchor(width, height);
        let element = match kind {
            TextControl::Lines => "form:textarea",
            TextControl::Line | TextControl::MaxLength(_) => "form:text",
        };
        let _ = write!(
            self.controls,
            r#"<{element} form:name="{}" form:control-implementation="ooo:com.sun.star.form.component.TextField" xml:id="{id}" form:id="{id}" form:title="{}" form:tab-index="{}""#,
            attr(name),
            attr(tip),
            self.control_count,
        );
        if let TextControl::MaxLength(n) = kind {
            let _ = write!(self.controls, r#" form:max-length="{n}""#);
        }
        if required {
            self.controls.push_str(r#" form:input-required="true""#);
        }
        self.controls.push_str("><form:properties>");
        property_string(
            &mut self.controls,
            "DefaultControl",
            "com.sun.star.form.control.TextField",
        );
        property_string(&mut self.controls, "HelpText", tip);
        if let TextControl::Lines = kind {
            self.controls.push_str(
                r#"<form:property form:property-name="MultiLine" office:value-type="boolean" office:boolean-value="true"/>"#,
            );
        }
        let _ = write!(self.controls, "</form:properties></{element}>");
    }

    /// A checkbox without a label of its own: the text after it says what it is.
    pub(super) fn checkbox(&mut self, name: &str, tip: &str) {
        let id = self.anchor(CHECKBOX, CHECKBOX);
        let _ = write!(
            self.controls,
            r#"<form:checkbox form:name="{}" form:control-implementation="ooo:com.sun.star.form.component.CheckBox" xml:id="{id}" form:id="{id}" form:title="{}" form:tab-index="{}" form:current-state="unchecked" form:state="unchecked" form:value="on" form:image-position="center" form:visual-effect="flat"><form:properties>"#,
            attr(name),
            attr(tip),
            self.control_count,
        );
        property_string(
            &mut self.controls,
            "DefaultControl",
            "com.sun.star.form.control.CheckBox",
        );
        property_string(&mut self.controls, "HelpText", tip);
        self.controls.push_str("</form:properties></form:checkbox>");
    }

    /// One button of the radio group `name` (the buttons of a group share it),
    /// chosen gives the group the value `value`.
    pub(super) fn radio(&mut self, name: &str, value: &str, tip: &str) {
        let id = self.anchor(CHECKBOX, CHECKBOX);
        let _ = write!(
            self.controls,
            r#"<form:radio form:name="{}" form:control-implementation="ooo:com.sun.star.form.component.RadioButton" xml:id="{id}" form:id="{id}" form:title="{}" form:tab-index="{}" form:current-selected="false" form:selected="false" form:value="{}" form:image-position="center" form:visual-effect="flat""#,
            attr(name),
            attr(tip),
            self.control_count,
            attr(value),
        );
        self.controls.push_str("><form:properties>");
        property_string(
            &mut self.controls,
            "DefaultControl",
            "com.sun.star.form.control.RadioButton",
        );
        property_string(&mut self.controls, "HelpText", tip);
        self.controls.push_str("</form:properties></form:radio>");
    }

    /// Places the next control in the current paragraph; returns its id.
    fn anchor(&mut self, width: f64, height: f64) -> String {
        self.control_count += 1;
        let id = format!("control{}", self.control_count);
        let _ = write!(
            self.body,
            r#"<draw:control draw:style-name="gr1" draw:z-index="{z}" draw:name="Control {n}" text:anchor-type="as-char" svg:width="{w}" svg:height="{h}" draw:control="{id}"/>"#,
            z = self.control_count - 1,
            n = self.control_count,
            w = cm(width),
            h = cm(height),
        );
        id
    }
}

/// A string property of a control, in `form:properties`.
fn property_string(out: &mut String, name: &str, value: &str) {
    let _ = write!(
        out,
        r#"<form:property form:property-name="{name}" office:value-type="string" office:string-value="{}"/>"#,
        attr(value)
    );
}
