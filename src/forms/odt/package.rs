//! The ODF package: a zip file with `mimetype` first and stored, then the XML parts
//! and the manifest that lists them. Times, permissions and compression are fixed,
//! so the same form gives the same bytes.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::xml::XML_DECL;

/// The package's media type: the `mimetype` entry, and the manifest's root entry.
pub(super) const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

/// The package of `entries` (path, text), after the `mimetype` entry.
pub(super) fn write_package(entries: &[(&str, String)]) -> zip::result::ZipResult<Vec<u8>> {
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

/// `META-INF/manifest.xml`: the package's media type and its XML parts.
pub(super) fn manifest_xml() -> String {
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
