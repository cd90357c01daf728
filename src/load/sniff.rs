//! What a file in `files/` is, judged by its bytes, not its name.
//!
//! Published files carry no Content-Security-Policy of their own: an `.html` or
//! `.svg` with a script in it would run on the site's origin. So only the document
//! and image types a guide needs are published, each recognised by its content
//! (magic bytes; for the zip-based office formats, the zip's `mimetype` entry or
//! `[Content_Types].xml` and main part), and the file's ending must be one of that
//! type's: a web server picks the content type by the ending.

use std::io::{Cursor, Read};

/// A type of document or image a guide may publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    WebP,
    /// OpenDocument text, spreadsheet and presentation.
    Odt,
    Ods,
    Odp,
    /// Office Open XML: Word, Excel, PowerPoint.
    Docx,
    Xlsx,
    Pptx,
    /// The old binary Office formats (Compound File Binary): Word, Excel, PowerPoint.
    OldOffice,
}

impl Kind {
    /// The endings a file of this kind may have.
    pub fn endings(self) -> &'static [&'static str] {
        match self {
            Kind::Pdf => &["pdf"],
            Kind::Png => &["png"],
            Kind::Jpeg => &["jpg", "jpeg"],
            Kind::Gif => &["gif"],
            Kind::WebP => &["webp"],
            Kind::Odt => &["odt"],
            Kind::Ods => &["ods"],
            Kind::Odp => &["odp"],
            Kind::Docx => &["docx"],
            Kind::Xlsx => &["xlsx"],
            Kind::Pptx => &["pptx"],
            Kind::OldOffice => &["doc", "xls", "ppt"],
        }
    }
}

/// The endings of every kind, for messages.
pub const ALLOWED: &str =
    "PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, DOC, XLS, PPT, PNG, JPEG, GIF and WebP";

/// The kind of `bytes`, when it is one a guide may publish.
pub fn allowed_type(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        Some(Kind::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(Kind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Kind::Gif)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(Kind::WebP)
    } else if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        Some(Kind::OldOffice)
    } else if bytes.starts_with(b"PK\x03\x04") {
        office_zip(bytes)
    } else {
        None
    }
}

/// Why a file that is not an allowed type is refused, in words for an editor.
pub fn refusal(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    if head.contains("<svg") {
        "is an SVG image, which can carry a script that would run on the site; publish the picture as PNG instead".into()
    } else if head.contains("<html") || head.contains("<!doctype") || head.contains("<script") {
        "is an HTML file, which can carry a script that would run on the site; put the text in a page (pages/) or publish it as PDF".into()
    } else {
        format!("is not a document or image type a guide publishes ({ALLOWED})")
    }
}

/// An OpenDocument or Office Open XML file: a zip with the right entries.
fn office_zip(bytes: &[u8]) -> Option<Kind> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if let Ok(entry) = zip.by_name("mimetype") {
        let mut mimetype = String::new();
        entry.take(100).read_to_string(&mut mimetype).ok()?;
        return match mimetype.trim() {
            "application/vnd.oasis.opendocument.text" => Some(Kind::Odt),
            "application/vnd.oasis.opendocument.spreadsheet" => Some(Kind::Ods),
            "application/vnd.oasis.opendocument.presentation" => Some(Kind::Odp),
            _ => None,
        };
    }
    let has = |name: &str| zip.index_for_name(name).is_some();
    if !has("[Content_Types].xml") {
        return None;
    }
    if has("word/document.xml") {
        Some(Kind::Docx)
    } else if has("xl/workbook.xml") {
        Some(Kind::Xlsx)
    } else if has("ppt/presentation.xml") {
        Some(Kind::Pptx)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn documents_and_images_are_recognised_by_content() {
        assert_eq!(allowed_type(b"%PDF-1.7\n..."), Some(Kind::Pdf));
        assert_eq!(allowed_type(b"\x89PNG\r\n\x1a\n...."), Some(Kind::Png));
        assert_eq!(allowed_type(&[0xff, 0xd8, 0xff, 0xe0]), Some(Kind::Jpeg));
        assert_eq!(allowed_type(b"GIF89a...."), Some(Kind::Gif));
        assert_eq!(allowed_type(b"RIFF\0\0\0\0WEBPVP8 "), Some(Kind::WebP));
        let odt = zip_of(&[("mimetype", "application/vnd.oasis.opendocument.text")]);
        assert_eq!(allowed_type(&odt), Some(Kind::Odt));
        let docx = zip_of(&[
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w/>"),
        ]);
        assert_eq!(allowed_type(&docx), Some(Kind::Docx));
        let xlsx = zip_of(&[
            ("[Content_Types].xml", "<Types/>"),
            ("xl/workbook.xml", "<w/>"),
        ]);
        assert_eq!(allowed_type(&xlsx), Some(Kind::Xlsx));
    }

    #[test]
    fn scripts_and_unknown_types_are_refused() {
        let svg = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assert_eq!(allowed_type(svg), None);
        assert!(refusal(svg).contains("SVG"));
        let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
        assert_eq!(allowed_type(html), None);
        assert!(refusal(html).contains("HTML"));
        // A zip that is no office document, and one claiming a foreign mimetype.
        assert_eq!(allowed_type(&zip_of(&[("index.html", "<script>")])), None);
        assert_eq!(allowed_type(&zip_of(&[("mimetype", "text/html")])), None);
        assert_eq!(allowed_type(b"PK\x03\x04broken"), None);
        assert_eq!(allowed_type(b"x".repeat(2500).as_slice()), None);
        assert_eq!(allowed_type(b""), None);
    }
}
