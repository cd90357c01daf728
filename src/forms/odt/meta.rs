//! `meta.xml`: the title, language and generator, and no dates, so the same form
//! gives the same bytes.

use std::fmt::Write as _;

use super::xml::{escape, one_line, NAMESPACES, XML_DECL};
use crate::model::Form;

/// `meta.xml`.
pub(super) fn meta_xml(form: &Form) -> String {
    let mut out = String::from(XML_DECL);
    let _ = writeln!(
        out,
        "<office:document-meta{NAMESPACES}><office:meta>\
         <meta:generator>veiviser</meta:generator>\
         <dc:title>{}</dc:title>\
         <dc:language>{}</dc:language>\
         </office:meta></office:document-meta>",
        escape(&one_line(&form.title)),
        form.lang.code(),
    );
    out
}
