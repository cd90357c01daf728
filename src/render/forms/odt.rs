//! A form as an OpenDocument Text file (ODF 1.3) to fill in LibreOffice or Word.
//!
//! The document has the form's headings and labels as ordinary text, and a form
//! control (`office:forms`) for every field part, named like the HTML and PDF
//! versions (see `render::forms`). Controls are anchored as characters in
//! paragraphs and table cells, so they flow with the text.
//!
//! The package is deterministic: the same form gives the same bytes (fixed entry
//! order, times, permissions and compression; no dates in `meta.xml`).
//!
//! Two things LibreOffice needs that the ODF schema does not say: the `ooo`
//! namespace must be declared on the document root or the controls are silently
//! dropped, and tooltips (`HelpText`) and multi-line text (`MultiLine`) are only
//! read from `form:properties`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::model::{FieldKind, Form, FormField};
use crate::render::forms::{
    cell_name, option_name, other_name, signature_name, words, yes_no_name, Words,
};

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

/// Every namespace a document root declares. `ooo` is the one LibreOffice insists on.
const NAMESPACES: &str = concat!(
    r#" xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0""#,
    r#" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#,
    r#" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#,
    r#" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#,
    r#" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0""#,
    r#" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0""#,
    r#" xmlns:xlink="http://www.w3.org/1999/xlink""#,
    r#" xmlns:dc="http://purl.org/dc/elements/1.1/""#,
    r#" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0""#,
    r#" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0""#,
    r#" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0""#,
    r#" xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0""#,
    r#" xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0""#,
    r#" xmlns:ooo="http://openoffice.org/2004/office""#,
    r#" xmlns:dom="http://www.w3.org/2001/xml-events""#,
    r#" xmlns:xforms="http://www.w3.org/2002/xforms""#,
    r#" xmlns:xsd="http://www.w3.org/2001/XMLSchema""#,
    r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
    r#" office:version="1.3""#,
);

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The text area of an A4 page with 2 cm margins, in cm.
const TEXT_WIDTH: f64 = 17.0;
/// Height of a one-line text control, in cm.
const LINE_HEIGHT: f64 = 0.7;
/// Height per line of a multi-line text control, in cm.
const LONG_LINE_HEIGHT: f64 = 0.6;
/// A multi-line control taller than this would not fit on a page (25.7 cm of text
/// area less the footer); it scrolls instead.
const MAX_LONG_LINES: u32 = 38;
/// Rows beyond this make no sense on paper; it keeps a typo from making a huge file.
const MAX_TABLE_ROWS: u32 = 500;
/// Side of a checkbox, in cm.
const CHECKBOX: f64 = 0.45;
/// What a date field's tooltip adds to the label.
const DATE_HINT: &str = "dd.mm.åååå";
/// "Navn rad 2": a table cell's tooltip. The same word in bokmål and nynorsk.
const ROW: &str = "rad";

/// The form as an `.odt` file.
pub fn write_odt(form: &Form) -> Vec<u8> {
    let content = content_xml(form);
    let entries: [(&str, String); 4] = [
        ("content.xml", content),
        ("styles.xml", styles_xml(form)),
        ("meta.xml", meta_xml(form)),
        ("META-INF/manifest.xml", manifest_xml()),
    ];
    package(&entries).expect("writing a zip file to memory does not fail")
}

fn package(entries: &[(&str, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .system(System::Unix)
        .large_file(false);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // ODF: first, stored, no extra field, so `file` can tell what this is.
    zip.start_file(
        "mimetype",
        base.compression_method(CompressionMethod::Stored),
    )?;
    zip.write_all(MIMETYPE.as_bytes())?;
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    for (name, text) in entries {
        zip.start_file(*name, deflated)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

fn manifest_xml() -> String {
    let mut out = String::from(XML_DECL);
    out.push_str(
        r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">"#,
    );
    let _ = write!(
        out,
        r#"<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIMETYPE}"/>"#
    );
    for name in ["content.xml", "styles.xml", "meta.xml"] {
        let _ = write!(
            out,
            r#"<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>"#
        );
    }
    out.push_str("</manifest:manifest>\n");
    out
}

fn meta_xml(form: &Form) -> String {
    let mut out = String::from(XML_DECL);
    let _ = write!(
        out,
        "<office:document-meta{NAMESPACES}><office:meta>\
         <meta:generator>veiviser</meta:generator>\
         <dc:title>{}</dc:title>\
         <dc:language>{}</dc:language>\
         </office:meta></office:document-meta>\n",
        escape(&one_line(&form.title)),
        form.lang.code(),
    );
    out
}

/// The font every style uses: Liberation Sans, or Arial where it is missing (they
/// have the same metrics).
fn font_face_decls() -> &'static str {
    concat!(
        "<office:font-face-decls>",
        r#"<style:font-face style:name="Liberation Sans" svg:font-family="&apos;Liberation Sans&apos;, Arial" style:font-family-generic="swiss" style:font-pitch="variable"/>"#,
        "</office:font-face-decls>",
    )
}

fn styles_xml(form: &Form) -> String {
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
            r#"<style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="{lang}" fo:country="NO" style:font-name-complex="Liberation Sans" style:font-size-asian="11pt" style:font-size-complex="11pt"/>"#,
            "</style:default-style>",
            r#"<style:default-style style:family="table"><style:table-properties table:border-model="collapsing"/></style:default-style>"#,
        ),
        lang = lang
    );
    // Paragraph styles: (name, display name, parent, paragraph properties, text properties).
    let styles: [(&str, &str, &str, &str, &str); 14] = [
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
    let _ = write!(
        out,
        concat!(
            "<office:master-styles>",
            r#"<style:master-page style:name="Standard" style:page-layout-name="pm1">"#,
            r#"<style:footer><text:p text:style-name="Footer">{title} – {page} <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>"#,
            "</style:master-page>",
            "</office:master-styles>",
        ),
        title = escape(&one_line(&form.title)),
        page = w.page,
    );
    out.push_str("</office:document-styles>\n");
    out
}

const TABLE_PROPERTIES: &str = r#"<style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.2cm"/>"#;
const CELL_PROPERTIES: &str = r#"<style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000" style:vertical-align="middle"/>"#;
const HEAD_CELL_PROPERTIES: &str = r##"<style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000" fo:background-color="#e6e6e6" style:vertical-align="bottom"/>"##;

fn content_xml(form: &Form) -> String {
    let mut doc = Doc {
        words: words(form.lang),
        body: String::new(),
        controls: String::new(),
        control_count: 0,
        table_count: 0,
        column_counts: BTreeSet::new(),
    };
    doc.heading(1, &form.title);
    doc.paragraph("Form_20_note", doc.words.fill_in_note);
    for text in &form.intro {
        doc.paragraph("Text_20_body", text);
    }
    for section in &form.sections {
        if let Some(title) = &section.title {
            doc.heading(2, title);
        }
        for text in &section.intro {
            doc.paragraph("Text_20_body", text);
        }
        for field in &section.fields {
            doc.field(field);
        }
    }

    let mut out = String::from(XML_DECL);
    let _ = write!(out, "<office:document-content{NAMESPACES}>");
    out.push_str("<office:scripts/>");
    out.push_str(font_face_decls());
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
    for n in &doc.column_counts {
        let _ = write!(
            out,
            r#"<style:style style:name="TblCol{n}" style:family="table-column"><style:table-column-properties style:column-width="{}"/></style:style>"#,
            cm(column_width(*n)),
        );
    }
    out.push_str("</office:automatic-styles>");
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
    out.push_str(&doc.body);
    out.push_str("</office:text></office:body></office:document-content>\n");
    out
}

fn column_width(columns: usize) -> f64 {
    TEXT_WIDTH / columns.max(1) as f64
}

/// The document being built: the text, and the controls it anchors.
struct Doc {
    words: Words,
    body: String,
    controls: String,
    control_count: usize,
    table_count: usize,
    /// Column counts of the tables, for their column styles.
    column_counts: BTreeSet<usize>,
}

enum TextControl {
    Line,
    Lines,
    MaxLength(u32),
}

impl Doc {
    fn heading(&mut self, level: u8, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let _ = write!(
            self.body,
            r#"<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">"#
        );
        push_text(&mut self.body, &one_line(text));
        self.body.push_str("</text:h>");
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

    fn open_p(&mut self, style: &str) {
        let _ = write!(self.body, r#"<text:p text:style-name="{style}">"#);
    }

    fn close_p(&mut self) {
        self.body.push_str("</text:p>");
    }

    fn field(&mut self, field: &FormField) {
        if let FieldKind::Fixed = field.kind {
            self.paragraph("Form_20_text", &field.label);
            if let Some(help) = &field.help {
                self.paragraph("Form_20_help", help);
            }
            return;
        }
        // The label, with "(må fylles ut)" when required.
        self.open_p("Form_20_label");
        push_text(&mut self.body, &field.label);
        if field.required {
            let _ = write!(self.body, " ({})", self.words.required);
        }
        self.close_p();
        if let Some(help) = &field.help {
            self.paragraph("Form_20_help", help);
        }

        let id = field.id.as_str();
        let label = tip_label(field);
        match &field.kind {
            FieldKind::Text => {
                self.open_p("Form_20_control");
                self.text(id, &label, TEXT_WIDTH, LINE_HEIGHT, TextControl::Line);
                self.close_p();
            }
            FieldKind::LongText { lines } => {
                let lines = (*lines).clamp(1, MAX_LONG_LINES);
                let height = f64::from(lines) * LONG_LINE_HEIGHT + 0.1;
                self.open_p("Form_20_control");
                self.text(id, &label, TEXT_WIDTH, height, TextControl::Lines);
                self.close_p();
            }
            FieldKind::Date => {
                let tip = format!("{label} ({DATE_HINT})");
                self.open_p("Form_20_control");
                self.text(id, &tip, 4.0, LINE_HEIGHT, TextControl::MaxLength(10));
                self.close_p();
            }
            FieldKind::Fnr => {
                self.open_p("Form_20_control");
                self.text(id, &label, 5.0, LINE_HEIGHT, TextControl::MaxLength(11));
                self.close_p();
            }
            FieldKind::YesNo => {
                self.open_p("Form_20_control");
                let (yes, no) = (self.words.yes, self.words.no);
                self.checkbox(&yes_no_name(id, true), &format!("{label}: {yes}"));
                self.body.push_str("<text:s/>");
                push_text(&mut self.body, yes);
                self.body.push_str("<text:tab/>");
                self.checkbox(&yes_no_name(id, false), &format!("{label}: {no}"));
                self.body.push_str("<text:s/>");
                push_text(&mut self.body, no);
                self.close_p();
            }
            FieldKind::Checkboxes { options, other } => {
                for (i, option) in options.iter().enumerate() {
                    self.open_p("Form_20_control");
                    let tip = format!("{label}: {}", one_line(option));
                    self.checkbox(&option_name(id, i + 1), &tip);
                    self.body.push_str("<text:s/>");
                    push_text(&mut self.body, option);
                    self.close_p();
                }
                if let Some(other) = other {
                    self.open_p("Form_20_control");
                    push_text(&mut self.body, other);
                    self.body.push_str(":<text:s/>");
                    let tip = format!("{label}: {}", one_line(other));
                    self.text(&other_name(id), &tip, 10.0, LINE_HEIGHT, TextControl::Line);
                    self.close_p();
                }
            }
            FieldKind::Table { columns, rows } => self.table(id, columns, *rows),
            FieldKind::Signature { signers } => {
                for (i, signer) in signers.iter().enumerate() {
                    let n = i + 1;
                    let who = if signer.trim().is_empty() {
                        label.clone()
                    } else {
                        one_line(signer)
                    };
                    if !signer.trim().is_empty() {
                        self.heading(3, signer);
                    }
                    let w = &self.words;
                    let parts = [
                        ("place", w.place, LINE_HEIGHT),
                        ("date", w.date, LINE_HEIGHT),
                        ("name", w.signature, 1.2),
                    ];
                    self.begin_table(3);
                    self.body
                        .push_str("<table:table-header-rows><table:table-row>");
                    for (_, word, _) in parts {
                        self.header_cell(word);
                    }
                    self.body
                        .push_str("</table:table-row></table:table-header-rows><table:table-row>");
                    for (part, word, height) in parts {
                        let tip = format!("{who}: {word}");
                        let name = signature_name(id, n, part);
                        self.control_cell(&name, &tip, column_width(3), height);
                    }
                    self.body.push_str("</table:table-row></table:table>");
                }
            }
            FieldKind::Fixed => {}
        }
    }

    fn table(&mut self, id: &str, columns: &[String], rows: u32) {
        if columns.is_empty() {
            return;
        }
        let width = column_width(columns.len());
        self.begin_table(columns.len());
        self.body
            .push_str("<table:table-header-rows><table:table-row>");
        for column in columns {
            self.header_cell(column);
        }
        self.body
            .push_str("</table:table-row></table:table-header-rows>");
        for row in 1..=rows.min(MAX_TABLE_ROWS) {
            self.body.push_str("<table:table-row>");
            for (i, column) in columns.iter().enumerate() {
                let column = one_line(column);
                let tip = if column.is_empty() {
                    format!("{ROW} {row}")
                } else {
                    format!("{column} {ROW} {row}")
                };
                self.control_cell(&cell_name(id, row, i + 1), &tip, width, LINE_HEIGHT);
            }
            self.body.push_str("</table:table-row>");
        }
        self.body.push_str("</table:table>");
    }

    fn begin_table(&mut self, columns: usize) {
        self.table_count += 1;
        self.column_counts.insert(columns);
        let _ = write!(
            self.body,
            r#"<table:table table:name="Tabell{}" table:style-name="Tbl"><table:table-column table:style-name="TblCol{columns}" table:number-columns-repeated="{columns}"/>"#,
            self.table_count
        );
    }

    fn header_cell(&mut self, text: &str) {
        self.body.push_str(
            r#"<table:table-cell table:style-name="TblHead" office:value-type="string"><text:p text:style-name="Table_20_Heading">"#,
        );
        push_text(&mut self.body, text);
        self.body.push_str("</text:p></table:table-cell>");
    }

    fn control_cell(&mut self, name: &str, tip: &str, column_width: f64, height: f64) {
        self.body.push_str(
            r#"<table:table-cell table:style-name="TblCell" office:value-type="string"><text:p text:style-name="Table_20_Contents">"#,
        );
        let width = (column_width - 0.3).max(0.3);
        self.text(name, tip, width, height, TextControl::Line);
        self.body.push_str("</text:p></table:table-cell>");
    }

    /// A text control, anchored here.
    fn text(&mut self, name: &str, tip: &str, width: f64, height: f64, kind: TextControl) {
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
    fn checkbox(&mut self, name: &str, tip: &str) {
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

fn property_string(out: &mut String, name: &str, value: &str) {
    let _ = write!(
        out,
        r#"<form:property form:property-name="{name}" office:value-type="string" office:string-value="{}"/>"#,
        attr(value)
    );
}

/// The words a control's tooltip starts with: the label, or the id without one.
fn tip_label(field: &FormField) -> String {
    let label = one_line(&field.label);
    if label.is_empty() {
        one_line(&field.id)
    } else {
        label
    }
}

fn cm(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}cm")
}

/// Whether XML 1.0 allows the character at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` on one line: breaks and runs of white space become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escaped for XML text or an attribute value; characters XML cannot hold are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as references so attribute normalisation leaves them alone.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// An attribute value: one line, escaped.
fn attr(text: &str) -> String {
    escape(&one_line(text))
}

/// `text` as paragraph content: ODF collapses white space, so spaces beyond the
/// first, tabs and line breaks become elements.
fn push_text(out: &mut String, text: &str) {
    let text = text.trim().replace("\r\n", "\n").replace('\r', "\n");
    let mut spaces = 0usize;
    let flush = |out: &mut String, spaces: &mut usize| {
        match *spaces {
            0 => {}
            1 => out.push(' '),
            n => {
                let _ = write!(out, r#" <text:s text:c="{}"/>"#, n - 1);
            }
        }
        *spaces = 0;
    };
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            ' ' => spaces += 1,
            '\n' => {
                flush(out, &mut spaces);
                out.push_str("<text:line-break/>");
            }
            '\t' => {
                flush(out, &mut spaces);
                out.push_str("<text:tab/>");
            }
            c => {
                flush(out, &mut spaces);
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&apos;"),
                    c => out.push(c),
                }
            }
        }
    }
    flush(out, &mut spaces);
}
