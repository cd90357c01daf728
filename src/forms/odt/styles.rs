//! Styles: `styles.xml` (the A4 page with its footer, the default font and the
//! named paragraph and table styles) and the automatic styles `content.xml` needs,
//! which LibreOffice reads a table's look from.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::xml::{cm, escape, one_line, NAMESPACES, XML_DECL};
use super::AroundTitle;
use crate::forms::words;
use crate::model::Form;

/// The text area of an A4 page with 2 cm margins, in cm.
pub(super) const TEXT_WIDTH: f64 = 17.0;

/// A column width (cm) as the key of its column style: in thousandths of a cm.
pub(super) fn column_key(width: f64) -> u32 {
    (width * 1000.0).round().max(0.0) as u32
}

/// The width of each column of a table with `columns` columns, in cm.
pub(super) fn column_width(columns: usize) -> f64 {
    TEXT_WIDTH / columns.max(1) as f64
}

/// The font every style uses: DejaVu Sans, the font of the PDF, which has every
/// letter of Norwegian and the Sámi languages and Hebrew and Arabic script (the
/// office suite sets the text; LibreOffice ships DejaVu). Liberation Sans and Arial
/// follow where it is missing.
pub(super) fn font_face_decls() -> &'static str {
    concat!(
        "<office:font-face-decls>",
        r#"<style:font-face style:name="DejaVu Sans" svg:font-family="&apos;DejaVu Sans&apos;, &apos;Liberation Sans&apos;, Arial" style:font-family-generic="swiss" style:font-pitch="variable"/>"#,
        "</office:font-face-decls>",
    )
}

/// `styles.xml`: the default font and language, the named paragraph styles, the
/// form table styles, and the A4 page with its footer (title and page number).
#[cfg(test)]
pub(super) fn styles_xml(form: &Form) -> String {
    styles_around_title(form).join(&title_xml(&form.title))
}

/// The title as `styles.xml` has it, in the footer.
pub(super) fn title_xml(title: &str) -> String {
    escape(&one_line(title))
}

/// `styles.xml` but for the title in its footer (`title_xml`).
pub(super) fn styles_around_title(form: &Form) -> AroundTitle {
    let w = words(form.lang);
    let lang = form.lang.code();
    let mut out = String::from(XML_DECL);
    let _ = write!(out, "<office:document-styles{NAMESPACES}>");
    out.push_str(font_face_decls());
    out.push_str("<office:styles>");
    let _ = write!(
        out,
        concat!(
            r#"<style:default-style style:family="paragraph">"#,
            r#"<style:paragraph-properties fo:orphans="2" fo:widows="2" style:writing-mode="page"/>"#,
            r#"<style:text-properties style:font-name="DejaVu Sans" fo:font-size="11pt" fo:language="{lang}" fo:country="NO" style:font-name-asian="DejaVu Sans" style:font-name-complex="DejaVu Sans" style:font-size-asian="11pt" style:font-size-complex="11pt"/>"#,
            "</style:default-style>",
            r#"<style:default-style style:family="table"><style:table-properties table:border-model="collapsing"/></style:default-style>"#,
        ),
        lang = lang
    );
    // Paragraph styles: (name, display name, parent, paragraph properties, text properties).
    let styles: [(&str, &str, &str, &str, &str); 16] = [
        ("Standard", "", "", "", ""),
        (
            "Text_20_body",
            "Text body",
            "Standard",
            r#"fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:line-height="115%""#,
            "",
        ),
        (
            "Heading",
            "",
            "Standard",
            r#"fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always""#,
            r#"fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold""#,
        ),
        (
            "Heading_20_1",
            "Heading 1",
            "Heading",
            r#"fo:margin-top="0cm" fo:margin-bottom="0.3cm""#,
            r#"fo:font-size="18pt" style:font-size-asian="18pt" style:font-size-complex="18pt""#,
        ),
        (
            "Heading_20_2",
            "Heading 2",
            "Heading",
            r#"fo:margin-top="0.6cm" fo:margin-bottom="0.2cm""#,
            r#"fo:font-size="14pt" style:font-size-asian="14pt" style:font-size-complex="14pt""#,
        ),
        (
            "Heading_20_3",
            "Heading 3",
            "Heading",
            r#"fo:margin-top="0.3cm" fo:margin-bottom="0.1cm""#,
            r#"fo:font-size="11pt" style:font-size-asian="11pt" style:font-size-complex="11pt""#,
        ),
        (
            "Form_20_note",
            "Form note",
            "Standard",
            r#"fo:margin-top="0cm" fo:margin-bottom="0.3cm""#,
            r##"fo:font-size="10pt" fo:font-style="italic" fo:color="#404040""##,
        ),
        (
            "Form_20_label",
            "Form label",
            "Standard",
            r#"fo:margin-top="0.3cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always""#,
            r#"fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold""#,
        ),
        (
            "Form_20_help",
            "Form help",
            "Standard",
            r#"fo:margin-top="0cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always""#,
            r##"fo:font-size="9pt" fo:color="#404040" style:font-size-asian="9pt" style:font-size-complex="9pt""##,
        ),
        (
            "Form_20_control",
            "Form control",
            "Standard",
            r#"fo:margin-top="0cm" fo:margin-bottom="0.15cm""#,
            "",
        ),
        ("Form_20_text", "Form text", "Text_20_body", "", ""),
        // Text a signature signs: kept on the signature's page.
        (
            "Form_20_text_20_signed",
            "Form text signed",
            "Form_20_text",
            r#"fo:keep-with-next="always""#,
            "",
        ),
        (
            "Text_20_body_20_signed",
            "Text body signed",
            "Text_20_body",
            r#"fo:keep-with-next="always""#,
            "",
        ),
        (
            "Table_20_Contents",
            "Table Contents",
            "Standard",
            r#"fo:margin-top="0cm" fo:margin-bottom="0cm""#,
            "",
        ),
        (
            "Table_20_Heading",
            "Table Heading",
            "Table_20_Contents",
            "",
            r#"fo:font-size="10pt" fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold""#,
        ),
        (
            "Footer",
            "",
            "Standard",
            r#"fo:text-align="end""#,
            r##"fo:font-size="9pt" fo:color="#404040""##,
        ),
    ];
    for (name, display, parent, paragraph, text) in styles {
        let _ = write!(out, r#"<style:style style:name="{name}""#);
        if !display.is_empty() {
            let _ = write!(out, r#" style:display-name="{display}""#);
        }
        out.push_str(r#" style:family="paragraph""#);
        if !parent.is_empty() {
            let _ = write!(out, r#" style:parent-style-name="{parent}""#);
        }
        if let Some(level) = name.strip_prefix("Heading_20_") {
            let _ = write!(
                out,
                r#" style:next-style-name="Text_20_body" style:default-outline-level="{level}""#
            );
        }
        out.push_str(r#" style:class="text">"#);
        if !paragraph.is_empty() {
            let _ = write!(out, "<style:paragraph-properties {paragraph}/>");
        }
        if !text.is_empty() {
            let _ = write!(out, "<style:text-properties {text}/>");
        }
        out.push_str("</style:style>");
    }
    // The look of a form table, for documents that want to reuse it; LibreOffice reads
    // a table's own style only from the automatic styles, which copy these.
    let _ = write!(
        out,
        concat!(
            r#"<style:style style:name="Form_20_table" style:display-name="Form table" style:family="table">{}</style:style>"#,
            r#"<style:style style:name="Form_20_table_20_cell" style:display-name="Form table cell" style:family="table-cell">{}</style:style>"#,
        ),
        TABLE_PROPERTIES, CELL_PROPERTIES,
    );
    out.push_str("</office:styles>");
    out.push_str(concat!(
        "<office:automatic-styles>",
        r#"<style:page-layout style:name="pm1">"#,
        r#"<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm" style:writing-mode="lr-tb"/>"#,
        r#"<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.4cm"/></style:footer-style>"#,
        "</style:page-layout>",
        "</office:automatic-styles>",
    ));
    out.push_str(concat!(
        "<office:master-styles>",
        r#"<style:master-page style:name="Standard" style:page-layout-name="pm1">"#,
        r#"<style:footer><text:p text:style-name="Footer">"#,
    ));
    let after = format!(
        concat!(
            r#" – {page} <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>"#,
            "</style:master-page>",
            "</office:master-styles>",
            "</office:document-styles>\n",
        ),
        page = w.page,
    );
    AroundTitle { before: out, after }
}

/// The look of a form table, its cells and its heading cells: in the named styles,
/// and again in the automatic styles LibreOffice reads.
const TABLE_PROPERTIES: &str = r#"<style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.2cm"/>"#;
const CELL_PROPERTIES: &str = r#"<style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000" style:vertical-align="middle"/>"#;
const HEAD_CELL_PROPERTIES: &str = r##"<style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000" fo:background-color="#e6e6e6" style:vertical-align="bottom"/>"##;

/// The automatic styles of `content.xml`: the controls' frame, and the form
/// tables' styles, with a column style for each width in `column_widths`
/// (`column_key`). A signature's table never breaks across pages; `TblSignKept`
/// also keeps with the next signer's.
pub(super) fn content_automatic_styles(out: &mut String, column_widths: &BTreeSet<u32>) {
    out.push_str("<office:automatic-styles>");
    // Controls sit in the middle of their line, like a character.
    out.push_str(concat!(
        r#"<style:style style:name="gr1" style:family="graphic">"#,
        r#"<style:graphic-properties style:vertical-pos="middle" style:vertical-rel="line" style:horizontal-pos="from-left" style:horizontal-rel="paragraph" fo:margin-left="0cm" fo:margin-right="0cm" fo:margin-top="0cm" fo:margin-bottom="0cm"/>"#,
        "</style:style>",
    ));
    let _ = write!(
        out,
        concat!(
            r#"<style:style style:name="Tbl" style:family="table" style:parent-style-name="Form_20_table">{}</style:style>"#,
            r#"<style:style style:name="TblCell" style:family="table-cell" style:parent-style-name="Form_20_table_20_cell">{}</style:style>"#,
            r#"<style:style style:name="TblHead" style:family="table-cell" style:parent-style-name="Form_20_table_20_cell">{}</style:style>"#,
        ),
        TABLE_PROPERTIES, CELL_PROPERTIES, HEAD_CELL_PROPERTIES,
    );
    for (name, keep) in [
        ("TblSign", ""),
        ("TblSignKept", r#" fo:keep-with-next="always""#),
    ] {
        let _ = write!(
            out,
            r#"<style:style style:name="{name}" style:family="table" style:parent-style-name="Form_20_table"><style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.2cm" style:may-break-between-rows="false"{keep}/></style:style>"#,
        );
    }
    for key in column_widths {
        let _ = write!(
            out,
            r#"<style:style style:name="TblCol{key}" style:family="table-column"><style:table-column-properties style:column-width="{}"/></style:style>"#,
            cm(f64::from(*key) / 1000.0),
        );
    }
    out.push_str("</office:automatic-styles>");
}
