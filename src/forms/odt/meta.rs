//! `meta.xml`: the title, language and generator, and no dates, so the same form
//! gives the same bytes.

use std::fmt::Write as _;

use super::xml::{escape, one_line, NAMESPACES, XML_DECL};
use super::AroundTitle;
use crate::model::Form;

/// `meta.xml`.
#[cfg(test)]
pub(super) fn meta_xml(form: &Form) -> String {
    meta_around_title(form).join(&title_xml(&form.title))
}

/// The title as `meta.xml` has it, in `dc:title`.
pub(super) fn title_xml(title: &str) -> String {
    escape(&one_line(title))
}

/// `meta.xml` but for its title (`title_xml`).
pub(super) fn meta_around_title(form: &Form) -> AroundTitle {
    let mut before = String::from(XML_DECL);
    let _ = write!(
        before,
        "<office:document-meta{NAMESPACES}><office:meta>\
         <meta:generator>veiviser</meta:generator>\
         <dc:title>"
    );
    let after = format!(
        "</dc:title>\
         <dc:language>{}</dc:language>\
         </office:meta></office:document-meta>\n",
        form.lang.code(),
    );
    AroundTitle { before, after }
}
