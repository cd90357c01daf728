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
        let required = field.required;
        match &field.kind {
            FieldKind::Text => {
                self.open_p("Form_20_control");
                self.text(
                    id,
                    &label,
                    TEXT_WIDTH,
                    LINE_HEIGHT,
                    TextControl::Line,
                    required,
                );
                self.close_p();
            }
            FieldKind::LongText { lines } => {
                let lines = (*lines).clamp(1, MAX_LONG_LINES);
                let height = f64::from(lines) * LONG_LINE_HEIGHT + 0.1;
                self.open_p("Form_20_control");
                self.text(id, &label, TEXT_WIDTH, height, TextControl::Lines, required);
                self.close_p();
            }
            FieldKind::Date => {
                let tip = format!("{label} ({DATE_HINT})");
                self.open_p("Form_20_control");
                self.text(id, &tip, 4.0, LINE_HEIGHT, TextControl::Line, required);
                self.close_p();
            }
            FieldKind::Fnr => {
                self.open_p("Form_20_control");
                self.text(
                    id,
                    &label,
                    5.0,
                    LINE_HEIGHT,
                    TextControl::MaxLength(11),
                    required,
                );
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
                    self.text(
                        &other_name(id),
                        &tip,
                        10.0,
                        LINE_HEIGHT,
                        TextControl::Line,
                        false,
                    );
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
                        self.control_cell(&name, &tip, column_width(3), height, required);
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
                self.control_cell(&cell_name(id, row, i + 1), &tip, width, LINE_HEIGHT, false);
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

    fn control_cell(
        &mut self,
        name: &str,
        tip: &str,
        column_width: f64,
        height: f64,
        required: bool,
    ) {
        self.body.push_str(
            r#"<table:table-cell table:style-name="TblCell" office:value-type="string"><text:p text:style-name="Table_20_Contents">"#,
        );
        let width = (column_width - 0.3).max(0.3);
        self.text(name, tip, width, height, TextControl::Line, required);
        self.body.push_str("</text:p></table:table-cell>");
    }

    /// A text control, anchored here. `required` marks the control itself (ODF's
    /// `form:input-required`); the label says it to the reader.
    fn text(
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Read;
    use std::path::PathBuf;
    use std::process::Command;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::model::{FormSection, Lang};

    const FORM_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:form:1.0";
    const OFFICE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    const TEXT_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    const DRAW_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
    const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

    fn field(id: &str, label: &str, required: bool, kind: FieldKind) -> FormField {
        FormField {
            id: id.to_string(),
            label: label.to_string(),
            help: None,
            required,
            kind,
        }
    }

    /// One field of every kind, with æøå.
    fn sample(lang: Lang) -> Form {
        let mut name = field("navn", "Barnets navn", true, FieldKind::Text);
        name.help = Some("Fornavn og etternavn, slik det står i folkeregisteret.".into());
        Form {
            id: "bekymringsmelding".into(),
            lang,
            title: "Bekymringsmelding til barneverntjenesten – Øvre Eiker".into(),
            intro: vec![
                "Bruk skjemaet når du er bekymret for et barn.".into(),
                "Ring 112 hvis barnet er i fare nå.".into(),
            ],
            sections: vec![
                FormSection {
                    title: Some("Om barnet".into()),
                    intro: vec![
                        "Fyll ut så godt du kan; lar deg ikke stoppe av det du ikke vet.".into(),
                    ],
                    fields: vec![
                        name,
                        field("fodt", "Fødselsdato", false, FieldKind::Date),
                        field("fnr", "Fødselsnummer", false, FieldKind::Fnr),
                        field(
                            "bekymring",
                            "Hva er du bekymret for?",
                            true,
                            FieldKind::LongText { lines: 6 },
                        ),
                        field(
                            "kjent",
                            "Vet foreldrene om meldingen?",
                            false,
                            FieldKind::YesNo,
                        ),
                        field(
                            "tiltak",
                            "Hva er prøvd før?",
                            false,
                            FieldKind::Checkboxes {
                                options: vec![
                                    "Samtale med foreldre".into(),
                                    "Helsesykepleier".into(),
                                ],
                                other: Some("Annet".into()),
                            },
                        ),
                    ],
                },
                FormSection {
                    title: Some("Involverte".into()),
                    intro: vec![],
                    fields: vec![
                        field(
                            "info",
                            "Opplysningene behandles fortrolig.\n\nDu får svar innen én uke.",
                            false,
                            FieldKind::Fixed,
                        ),
                        field(
                            "personer",
                            "Andre som kjenner barnet",
                            false,
                            FieldKind::Table {
                                columns: vec!["Navn".into(), "Rolle".into(), "Telefon".into()],
                                rows: 2,
                            },
                        ),
                        field(
                            "underskrift",
                            "Underskrift",
                            true,
                            FieldKind::Signature {
                                signers: vec!["Melder".into(), "Leder".into()],
                            },
                        ),
                    ],
                },
            ],
        }
    }

    /// The control names the sample must have, in document order.
    fn sample_names() -> Vec<&'static str> {
        vec![
            "navn",
            "fodt",
            "fnr",
            "bekymring",
            "kjent.yes",
            "kjent.no",
            "tiltak.1",
            "tiltak.2",
            "tiltak.other",
            "personer.r1c1",
            "personer.r1c2",
            "personer.r1c3",
            "personer.r2c1",
            "personer.r2c2",
            "personer.r2c3",
            "underskrift.1.place",
            "underskrift.1.date",
            "underskrift.1.name",
            "underskrift.2.place",
            "underskrift.2.date",
            "underskrift.2.name",
        ]
    }

    fn unzip(bytes: &[u8]) -> (Vec<String>, BTreeMap<String, String>) {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
        let mut names = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 entry");
            names.push(name.clone());
            files.insert(name, text);
        }
        (names, files)
    }

    fn parse(text: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed: {e}\n{text}"))
    }

    /// Controls by `form:name`: (element name, attributes, properties).
    struct Control {
        element: String,
        id: String,
        max_length: Option<String>,
        required: bool,
        properties: BTreeMap<String, String>,
    }

    fn controls(content: &str) -> Vec<(String, Control)> {
        let doc = parse(content);
        let form = doc
            .descendants()
            .find(|n| n.has_tag_name((FORM_NS, "form")))
            .expect("a form:form");
        form.children()
            .filter(|n| n.is_element())
            .map(|n| {
                let mut properties = BTreeMap::new();
                for p in n
                    .descendants()
                    .filter(|p| p.has_tag_name((FORM_NS, "property")))
                {
                    let value = p
                        .attribute((OFFICE_NS, "string-value"))
                        .or(p.attribute((OFFICE_NS, "boolean-value")))
                        .unwrap_or_default();
                    properties.insert(
                        p.attribute((FORM_NS, "property-name")).unwrap().to_string(),
                        value.to_string(),
                    );
                }
                let control = Control {
                    element: n.tag_name().name().to_string(),
                    id: n.attribute((FORM_NS, "id")).unwrap().to_string(),
                    max_length: n.attribute((FORM_NS, "max-length")).map(str::to_string),
                    required: n.attribute((FORM_NS, "input-required")) == Some("true"),
                    properties,
                };
                assert_eq!(n.attribute((XML_NS, "id")), Some(control.id.as_str()));
                (n.attribute((FORM_NS, "name")).unwrap().to_string(), control)
            })
            .collect()
    }

    #[test]
    fn mimetype_comes_first_stored_without_extra_field() {
        let bytes = write_odt(&sample(Lang::Nb));
        // The local file header at offset 0, read raw.
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        assert_eq!(u16_at(6) & 0x0008, 0, "no data descriptor");
        assert_eq!(u16_at(8), 0, "compression method: stored");
        assert_eq!(u16_at(26), 8, "file name length");
        assert_eq!(u16_at(28), 0, "extra field length");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIMETYPE.len()], MIMETYPE.as_bytes());

        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut first = archive.by_index(0).unwrap();
        assert_eq!(first.name().unwrap(), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
        assert!(first.extra_data().is_none_or(|e| e.is_empty()));
        let mut text = String::new();
        first.read_to_string(&mut text).unwrap();
        assert_eq!(text, "application/vnd.oasis.opendocument.text");
    }

    #[test]
    fn entries_have_fixed_times_and_permissions() {
        let bytes = write_odt(&sample(Lang::Nb));
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        for i in 0..archive.len() {
            let file = archive.by_index(i).unwrap();
            assert_eq!(
                file.last_modified(),
                Some(DateTime::default()),
                "{}",
                file.name().unwrap()
            );
            assert_eq!(file.unix_mode().map(|m| m & 0o777), Some(0o644));
            assert!(file.extra_data().is_none_or(|e| e.is_empty()));
        }
    }

    #[test]
    fn manifest_lists_every_entry() {
        let (names, files) = unzip(&write_odt(&sample(Lang::Nb)));
        assert_eq!(
            names,
            [
                "mimetype",
                "content.xml",
                "styles.xml",
                "meta.xml",
                "META-INF/manifest.xml"
            ]
        );
        let manifest = parse(&files["META-INF/manifest.xml"]);
        const MANIFEST_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
        let listed: BTreeMap<&str, &str> = manifest
            .descendants()
            .filter(|n| n.has_tag_name((MANIFEST_NS, "file-entry")))
            .map(|n| {
                (
                    n.attribute((MANIFEST_NS, "full-path")).unwrap(),
                    n.attribute((MANIFEST_NS, "media-type")).unwrap(),
                )
            })
            .collect();
        assert_eq!(listed.get("/"), Some(&MIMETYPE));
        // The package spec leaves out `mimetype` and `META-INF/`; every other entry is listed.
        for name in names
            .iter()
            .filter(|n| *n != "mimetype" && !n.starts_with("META-INF/"))
        {
            assert_eq!(listed.get(name.as_str()), Some(&"text/xml"), "{name}");
        }
        assert_eq!(listed.len(), names.len() - 1);
    }

    #[test]
    fn every_xml_entry_parses_and_declares_the_namespaces() {
        for lang in [Lang::Nb, Lang::Nn] {
            let (_, files) = unzip(&write_odt(&sample(lang)));
            for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xml")) {
                let doc = parse(text);
                if name.starts_with("META-INF") {
                    continue;
                }
                let root = doc.root_element();
                assert_eq!(
                    root.attribute((OFFICE_NS, "version")),
                    Some("1.3"),
                    "{name}"
                );
                for (prefix, uri) in [
                    ("ooo", "http://openoffice.org/2004/office"),
                    ("form", FORM_NS),
                    ("office", OFFICE_NS),
                    ("xforms", "http://www.w3.org/2002/xforms"),
                    ("script", "urn:oasis:names:tc:opendocument:xmlns:script:1.0"),
                ] {
                    assert_eq!(root.lookup_namespace_uri(Some(prefix)), Some(uri), "{name}");
                }
            }
            assert!(
                files["content.xml"].contains(r#"xmlns:ooo="http://openoffice.org/2004/office""#)
            );
        }
    }

    #[test]
    fn styles_set_up_an_a4_page_and_the_styles_used() {
        let (_, files) = unzip(&write_odt(&sample(Lang::Nn)));
        let styles = &files["styles.xml"];
        for needle in [
            r#"fo:page-width="21cm" fo:page-height="29.7cm""#,
            r#"fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm""#,
            r#"style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="nn" fo:country="NO""#,
            r#"style:name="Heading_20_1""#,
            r#"style:name="Heading_20_2""#,
            r#"style:family="table""#,
        ] {
            assert!(styles.contains(needle), "{needle}");
        }
        // Every paragraph style content.xml uses is defined.
        let content = parse(&files["content.xml"]);
        let defined = parse(styles);
        const STYLE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
        let names: BTreeSet<&str> = defined
            .descendants()
            .filter_map(|n| n.attribute((STYLE_NS, "name")))
            .collect();
        for n in content.descendants() {
            if let Some(style) = n.attribute((TEXT_NS, "style-name")) {
                assert!(names.contains(style), "{style}");
            }
        }
    }

    #[test]
    fn meta_has_title_language_generator_and_no_dates() {
        let (_, files) = unzip(&write_odt(&sample(Lang::Nn)));
        let meta = &files["meta.xml"];
        let doc = parse(meta);
        let text_of = |ns: &str, name: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name((ns, name)))
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        const DC: &str = "http://purl.org/dc/elements/1.1/";
        const META: &str = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
        assert_eq!(
            text_of(DC, "title").as_deref(),
            Some("Bekymringsmelding til barneverntjenesten – Øvre Eiker")
        );
        assert_eq!(text_of(DC, "language").as_deref(), Some("nn"));
        assert_eq!(text_of(META, "generator").as_deref(), Some("veiviser"));
        for date in ["creation-date", "date", "print-date"] {
            assert!(!meta.contains(&format!(":{date}")), "{date}");
        }
    }

    #[test]
    fn writes_are_byte_identical() {
        let form = sample(Lang::Nb);
        assert_eq!(write_odt(&form), write_odt(&form));
        assert_eq!(write_odt(&form), write_odt(&form.clone()));
    }

    #[test]
    fn every_field_part_has_a_named_control_with_a_tooltip() {
        let (_, files) = unzip(&write_odt(&sample(Lang::Nb)));
        let content = &files["content.xml"];
        let controls = controls(content);
        let names: Vec<&str> = controls.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, sample_names());
        let by_name: BTreeMap<&str, &Control> =
            controls.iter().map(|(n, c)| (n.as_str(), c)).collect();

        let tip = |name: &str| by_name[name].properties.get("HelpText").cloned();
        assert_eq!(tip("navn").as_deref(), Some("Barnets navn"));
        assert_eq!(tip("fodt").as_deref(), Some("Fødselsdato (dd.mm.åååå)"));
        assert_eq!(
            tip("kjent.yes").as_deref(),
            Some("Vet foreldrene om meldingen?: Ja")
        );
        assert_eq!(
            tip("kjent.no").as_deref(),
            Some("Vet foreldrene om meldingen?: Nei")
        );
        assert_eq!(
            tip("tiltak.2").as_deref(),
            Some("Hva er prøvd før?: Helsesykepleier")
        );
        assert_eq!(
            tip("tiltak.other").as_deref(),
            Some("Hva er prøvd før?: Annet")
        );
        assert_eq!(tip("personer.r2c3").as_deref(), Some("Telefon rad 2"));
        assert_eq!(tip("underskrift.1.place").as_deref(), Some("Melder: Sted"));
        assert_eq!(tip("underskrift.2.date").as_deref(), Some("Leder: Dato"));
        assert_eq!(
            tip("underskrift.2.name").as_deref(),
            Some("Leder: Underskrift")
        );
        for (name, control) in &controls {
            assert!(control.properties.contains_key("HelpText"), "{name}");
            let multi = control.properties.get("MultiLine").map(String::as_str);
            if name == "bekymring" {
                assert_eq!(control.element, "textarea");
                assert_eq!(multi, Some("true"));
            } else {
                assert_eq!(multi, None, "{name}");
            }
            let checkbox =
                name.starts_with("kjent.") || name.starts_with("tiltak.") && name != "tiltak.other";
            assert_eq!(control.element == "checkbox", checkbox, "{name}");
        }
        assert_eq!(by_name["fnr"].max_length.as_deref(), Some("11"));
        assert_eq!(by_name["navn"].max_length, None);
        let required: Vec<&str> = controls
            .iter()
            .filter(|(_, c)| c.required)
            .map(|(n, _)| n.as_str())
            .collect();
        let mut expected = vec!["navn", "bekymring"];
        expected.extend(
            sample_names()
                .into_iter()
                .filter(|n| n.starts_with("underskrift.")),
        );
        assert_eq!(required, expected);

        // Ids are unique, and each control is anchored exactly once, as a character.
        let ids: BTreeSet<&str> = controls.iter().map(|(_, c)| c.id.as_str()).collect();
        assert_eq!(ids.len(), controls.len());
        let doc = parse(content);
        let anchors: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((DRAW_NS, "control")))
            .collect();
        assert_eq!(anchors.len(), controls.len());
        for a in &anchors {
            assert_eq!(a.attribute((TEXT_NS, "anchor-type")), Some("as-char"));
            assert!(ids.contains(a.attribute((DRAW_NS, "control")).unwrap()));
            assert!(a.parent().unwrap().has_tag_name((TEXT_NS, "p")));
        }
    }

    #[test]
    fn text_follows_the_form() {
        let (_, files) = unzip(&write_odt(&sample(Lang::Nn)));
        let doc = parse(&files["content.xml"]);
        let headings: Vec<(String, String)> = doc
            .descendants()
            .filter(|n| n.has_tag_name((TEXT_NS, "h")))
            .map(|n| {
                let level = n.attribute((TEXT_NS, "outline-level")).unwrap().to_string();
                (level, n.text().unwrap_or_default().to_string())
            })
            .collect();
        let expected = [
            ("1", "Bekymringsmelding til barneverntjenesten – Øvre Eiker"),
            ("2", "Om barnet"),
            ("2", "Involverte"),
            ("3", "Melder"),
            ("3", "Leder"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(l, t)| (l.to_string(), t.to_string()))
            .collect();
        assert_eq!(headings, expected);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name((TEXT_NS, "h")))
            .unwrap();
        assert_eq!(
            title.attribute((TEXT_NS, "style-name")),
            Some("Heading_20_1")
        );

        let paragraphs: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name((TEXT_NS, "p")))
            .map(|n| {
                n.descendants()
                    .filter(|t| t.is_text())
                    .map(|t| t.text().unwrap())
                    .collect()
            })
            .collect();
        for text in [
            "Skjemaet kan fyllast ut på skjermen eller skrivast ut.",
            "Ring 112 hvis barnet er i fare nå.",
            "Barnets navn (må fyllast ut)",
            "Fornavn og etternavn, slik det står i folkeregisteret.",
            "Fødselsdato",
            "Opplysningene behandles fortrolig.",
            "Du får svar innen én uke.",
            "Stad",
            "Telefon",
            "Annet:",
        ] {
            assert!(
                paragraphs.iter().any(|p| p.trim() == text),
                "{text}: {paragraphs:?}"
            );
        }
        // A table: header row of column titles, then a row per row.
        const TABLE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
        let table = doc
            .descendants()
            .find(|n| n.has_tag_name((TABLE_NS, "table")))
            .unwrap();
        let header = table
            .children()
            .find(|n| n.has_tag_name((TABLE_NS, "table-header-rows")))
            .unwrap();
        assert_eq!(
            header
                .descendants()
                .filter(|n| n.has_tag_name((TABLE_NS, "table-cell")))
                .count(),
            3
        );
        let rows = table
            .children()
            .filter(|n| n.has_tag_name((TABLE_NS, "table-row")))
            .count();
        assert_eq!(rows, 2);
    }

    fn hostile() -> Form {
        let evil = "</text:p><script>alert('x')</script> & \"quoted\" 'single' 👍🏽 שלום عربي \u{0}\u{1}\u{b}\u{1f}\u{fffe}\u{ffff} ]]> <!-- \r\n\ttab";
        let mut form = sample(Lang::Nb);
        form.id = evil.into();
        form.title = evil.into();
        form.intro = vec![evil.into()];
        for section in &mut form.sections {
            section.title = Some(evil.into());
            section.intro = vec![evil.into()];
            for f in &mut section.fields {
                f.id = format!("{}{evil}", f.id);
                f.label = evil.into();
                f.help = Some(evil.into());
                match &mut f.kind {
                    FieldKind::Checkboxes { options, other } => {
                        *options = vec![evil.into(), evil.into()];
                        *other = Some(evil.into());
                    }
                    FieldKind::Table { columns, .. } => *columns = vec![evil.into(), evil.into()],
                    FieldKind::Signature { signers } => *signers = vec![evil.into()],
                    _ => {}
                }
            }
        }
        form
    }

    #[test]
    fn hostile_text_stays_text() {
        let (_, files) = unzip(&write_odt(&hostile()));
        for (name, text) in &files {
            if name.ends_with(".xml") {
                parse(text);
            }
            assert!(!text.contains("<script>"), "{name}");
        }
        let doc = parse(&files["content.xml"]);
        let kept = "</text:p><script>alert('x')</script> & \"quoted\" 'single' 👍🏽 שלום عربي";
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name((TEXT_NS, "h")))
            .unwrap();
        assert!(
            title.text().unwrap().starts_with(kept),
            "{:?}",
            title.text()
        );
        let controls = controls(&files["content.xml"]);
        assert!(!controls.is_empty());
        for (name, control) in &controls {
            assert!(name.contains(kept), "{name}");
            assert!(control.properties["HelpText"].starts_with(kept));
        }
        let meta = parse(&files["meta.xml"]);
        let title = meta
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .unwrap();
        assert!(title.text().unwrap().starts_with(kept));
        // Characters XML cannot hold are gone.
        for text in files.values() {
            assert!(!text.contains(['\u{0}', '\u{1}', '\u{b}', '\u{1f}', '\u{fffe}', '\u{ffff}']));
        }
    }

    #[test]
    fn odd_forms_do_not_panic() {
        let empty = Form {
            id: String::new(),
            lang: Lang::Nn,
            title: String::new(),
            intro: vec![],
            sections: vec![],
        };
        let (_, files) = unzip(&write_odt(&empty));
        let content = parse(&files["content.xml"]);
        assert!(!content
            .descendants()
            .any(|n| n.has_tag_name((FORM_NS, "form"))));

        let mut odd = sample(Lang::Nb);
        odd.sections.push(FormSection {
            title: None,
            intro: vec![],
            fields: vec![],
        });
        odd.sections.push(FormSection {
            title: Some(String::new()),
            intro: vec![String::new(), "\n\n\n".into()],
            fields: vec![
                field(
                    "t0",
                    "",
                    false,
                    FieldKind::Table {
                        columns: vec![],
                        rows: 3,
                    },
                ),
                field(
                    "t1",
                    "",
                    false,
                    FieldKind::Table {
                        columns: vec!["A".into()],
                        rows: 0,
                    },
                ),
                field(
                    "t2",
                    "",
                    false,
                    FieldKind::Table {
                        columns: vec![String::new()],
                        rows: u32::MAX,
                    },
                ),
                field("l0", "", false, FieldKind::LongText { lines: 0 }),
                field("l1", "", false, FieldKind::LongText { lines: u32::MAX }),
                field(
                    "c0",
                    "",
                    false,
                    FieldKind::Checkboxes {
                        options: vec![],
                        other: None,
                    },
                ),
                field("s0", "", false, FieldKind::Signature { signers: vec![] }),
                field(
                    "s1",
                    "",
                    false,
                    FieldKind::Signature {
                        signers: vec![String::new()],
                    },
                ),
                field("f0", "", false, FieldKind::Fixed),
            ],
        });
        let (_, files) = unzip(&write_odt(&odd));
        let found = controls(&files["content.xml"]);
        let names: BTreeSet<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains("t2.r500c1"));
        assert!(!names.contains("t2.r501c1"));
        assert!(names.contains("s1.1.name"));
        assert!(!names
            .iter()
            .any(|n| n.starts_with("t1.") || n.starts_with("t0.")));
        for (name, c) in &found {
            assert!(!c.properties["HelpText"].trim().is_empty(), "{name}");
        }

        let many = Form {
            sections: vec![FormSection {
                title: Some("Mange".into()),
                intro: vec![],
                fields: (0..200)
                    .map(|i| {
                        field(
                            &format!("f{i}"),
                            &format!("Felt {i}"),
                            i % 2 == 0,
                            FieldKind::Text,
                        )
                    })
                    .collect(),
            }],
            ..empty
        };
        let (_, files) = unzip(&write_odt(&many));
        assert_eq!(controls(&files["content.xml"]).len(), 200);
    }

    fn on_path(program: &str) -> Option<PathBuf> {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    }

    /// LibreOffice opens the files and prints them; CI installs libreoffice-writer-nogui.
    /// With `VEIVISER_KEEP_ODT_PDF=<folder>` the files and PDFs are kept there, to look at.
    #[test]
    fn libreoffice_converts_it_to_pdf() {
        let Some(soffice) = on_path("soffice") else {
            if std::env::var_os("CI").is_some() {
                panic!("soffice is not on PATH; CI must install libreoffice-writer-nogui");
            }
            eprintln!("note: soffice is not on PATH; skipping the LibreOffice conversion test");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let forms = [("skjema", sample(Lang::Nb)), ("fiendtlig", hostile())];
        let mut odts = Vec::new();
        for (stem, form) in &forms {
            let odt = dir.path().join(format!("{stem}.odt"));
            std::fs::write(&odt, write_odt(form)).unwrap();
            odts.push(odt);
        }
        // A profile of its own, so a running LibreOffice or a parallel test is no matter.
        let profile = format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        );
        let log = dir.path().join("soffice.log");
        let mut child = Command::new(soffice)
            .arg(profile)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .args(&odts)
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(300);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("soffice did not finish in time");
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        let log = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(status.success(), "soffice: {status}\n{log}");
        let keep = std::env::var_os("VEIVISER_KEEP_ODT_PDF").map(PathBuf::from);
        for (stem, _) in &forms {
            let pdf = dir.path().join(format!("{stem}.pdf"));
            let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
            assert!(size > 0, "no PDF from soffice for {stem}.odt\n{log}");
            if let Some(keep) = &keep {
                std::fs::create_dir_all(keep).unwrap();
                for ext in ["odt", "pdf"] {
                    let name = format!("{stem}.{ext}");
                    std::fs::copy(dir.path().join(&name), keep.join(&name)).unwrap();
                }
            }
        }
    }
}
