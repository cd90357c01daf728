//! XML helpers for the parts of the package: the declaration and namespaces every
//! part starts with, escaping for text and attribute values, paragraph text with
//! ODF's white-space elements, and lengths in cm.

use std::fmt::Write as _;

/// Every namespace a document root declares. `ooo` is the one LibreOffice insists on:
/// without it on the root, the form controls are silently dropped.
pub(super) const NAMESPACES: &str = concat!(
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

/// The first line of every XML part.
pub(super) const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// A length in cm for an attribute: three decimals at most, no trailing zeros.
pub(super) fn cm(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}cm")
}

/// Whether XML 1.0 allows the character at all.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` on one line: breaks and runs of white space become one space.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escaped for XML text or an attribute value; characters XML cannot hold are dropped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            // Kept as references so attribute normalisation leaves them alone.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => push_escaped(&mut out, c),
        }
    }
    out
}

/// One character, escaped for XML text or an attribute value.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&apos;"),
        c => out.push(c),
    }
}

/// An attribute value: one line, escaped.
pub(super) fn attr(text: &str) -> String {
    escape(&one_line(text))
}

/// `text` as paragraph content: ODF collapses white space, so spaces beyond the
/// first, tabs and line breaks become elements.
pub(super) fn push_text(out: &mut String, text: &str) {
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
                push_escaped(out, c);
            }
        }
    }
    flush(out, &mut spaces);
}
