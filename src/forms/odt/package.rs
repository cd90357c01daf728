//! The ODF package: a zip file with `mimetype` first and stored, then the XML parts
//! and the manifest that lists them. Times, permissions and compression are fixed,
//! so the same form gives the same bytes.
//!
//! The zip file is written here rather than by the `zip` crate, because a part is
//! compressed in pieces: the text before the form's title and the text after it are
//! compressed once per form definition (`Piece`) and kept, and each site's title is
//! put between them as a stored deflate block. Deflate allows that: a piece that
//! ends with a sync flush ends on a byte boundary without ending the stream, and a
//! piece compressed on its own never points back before its start. The part's
//! CRC-32 is put together from the pieces' (`Crc::combine`).

use std::fmt::Write as _;

use flate2::{Compress, Compression, Crc, FlushCompress, Status};

use super::xml::XML_DECL;

/// The package's media type: the `mimetype` entry, and the manifest's root entry.
pub(super) const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

/// Zip's compression method numbers.
const STORED: u16 = 0;
const DEFLATED: u16 = 8;
/// "Version needed to extract": 1.0 for a stored entry, 2.0 for a deflated one.
const fn version(method: u16) -> u16 {
    if method == DEFLATED {
        20
    } else {
        10
    }
}
/// "Version made by": Unix (3) in the high byte.
const MADE_BY_UNIX: u16 = 3 << 8;
/// 1980-01-01 00:00:00, the earliest time zip can hold, in MS-DOS format.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// A regular file, `rw-r--r--`, in the high half of the external attributes.
const UNIX_FILE: u32 = 0o100_644 << 16;

/// Text compressed on its own, with what a part needs to know of it.
#[derive(Debug)]
pub(super) struct Piece {
    /// Raw deflate data: ends with a sync flush (more follows) or a final block.
    deflated: Vec<u8>,
    crc: Crc,
}

impl Piece {
    /// `text` compressed, to be followed by more (`last` false) or not.
    pub(super) fn new(text: &str, last: bool) -> Piece {
        let mut crc = Crc::new();
        crc.update(text.as_bytes());
        Piece {
            deflated: deflate(text.as_bytes(), last),
            crc,
        }
    }

    /// `text` as stored deflate blocks, not the last: for text that changes from
    /// site to site and is too short to gain from compressing (a title).
    pub(super) fn stored(text: &str) -> Piece {
        let mut crc = Crc::new();
        crc.update(text.as_bytes());
        let deflated = Piece::stored_bytes(text.as_bytes(), false);
        Piece { deflated, crc }
    }
}

/// An entry of the package: the mimetype (stored), or a part in pieces, the last
/// of which ends the deflate stream.
pub(super) enum Entry<'a> {
    Stored(&'a str, &'a str),
    Deflated(&'a str, &'a [&'a Piece]),
}

/// `bytes` as raw deflate data (level 6), ending in a final block (`last`) or a
/// sync flush. A compressor per call: this runs once per form definition.
fn deflate(bytes: &[u8], last: bool) -> Vec<u8> {
    let mut compress = Compress::new(Compression::default(), false);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    // Room for the worst case (stored blocks), so one call does.
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 1000 + 64);
    loop {
        let read = compress.total_in() as usize;
        let Ok(status) = compress.compress_vec(&bytes[read.min(bytes.len())..], &mut out, flush)
        else {
            // Compressing into memory does not fail; were it to, the text goes in
            // stored, which every reader takes.
            return Piece::stored_bytes(bytes, last);
        };
        let done = compress.total_in() as usize >= bytes.len()
            && match status {
                Status::StreamEnd => true,
                // A sync flush is complete when the output did not fill up.
                Status::Ok | Status::BufError => !last && out.len() < out.capacity(),
            };
        if done {
            return out;
        }
        out.reserve(out.capacity().max(64));
    }
}

impl Piece {
    /// `bytes` as stored deflate blocks, the last one final if `last`.
    fn stored_bytes(bytes: &[u8], last: bool) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len() + 10);
        let mut chunks = bytes.chunks(usize::from(u16::MAX)).peekable();
        if chunks.peek().is_none() {
            out.extend_from_slice(&[u8::from(last), 0, 0, 0xFF, 0xFF]);
        }
        while let Some(chunk) = chunks.next() {
            let len = chunk.len() as u16;
            out.push(u8::from(last && chunks.peek().is_none()));
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&(!len).to_le_bytes());
            out.extend_from_slice(chunk);
        }
        out
    }
}

/// The package of `entries`, in their order.
pub(super) fn write_package(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        entries
            .iter()
            .map(|entry| match entry {
                Entry::Stored(_, text) => text.len(),
                Entry::Deflated(_, pieces) => pieces.iter().map(|p| p.deflated.len()).sum(),
            })
            .sum::<usize>()
            + 512,
    );
    let mut central = Vec::new();
    for entry in entries {
        let offset = out.len() as u32;
        let (name, method, crc, size, data): (&str, u16, u32, u32, Vec<&[u8]>) = match entry {
            Entry::Stored(name, text) => {
                let mut crc = Crc::new();
                crc.update(text.as_bytes());
                (name, STORED, crc.sum(), crc.amount(), vec![text.as_bytes()])
            }
            Entry::Deflated(name, pieces) => {
                let mut crc = Crc::new();
                for piece in pieces.iter() {
                    crc.combine(&piece.crc);
                }
                let data = pieces.iter().map(|p| p.deflated.as_slice()).collect();
                (name, DEFLATED, crc.sum(), crc.amount(), data)
            }
        };
        let compressed: u32 = data.iter().map(|d| d.len() as u32).sum();
        // Local file header: no extra field (ODF wants none on `mimetype`).
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, version(method));
        put16(&mut out, 0); // flags
        put16(&mut out, method);
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, crc);
        put32(&mut out, compressed);
        put32(&mut out, size);
        put16(&mut out, name.len() as u16);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        for d in data {
            out.extend_from_slice(d);
        }
        // Its central directory entry.
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, MADE_BY_UNIX | version(method));
        put16(&mut central, version(method));
        put16(&mut central, 0); // flags
        put16(&mut central, method);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, crc);
        put32(&mut central, compressed);
        put32(&mut central, size);
        put16(&mut central, name.len() as u16);
        put16(&mut central, 0); // extra field length
        put16(&mut central, 0); // comment length
        put16(&mut central, 0); // disk number
        put16(&mut central, 0); // internal attributes
        put32(&mut central, UNIX_FILE);
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    // End of central directory.
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0); // this disk
    put16(&mut out, 0); // the central directory's disk
    put16(&mut out, entries.len() as u16);
    put16(&mut out, entries.len() as u16);
    put32(&mut out, central.len() as u32);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment length
    out
}

fn put16(out: &mut Vec<u8>, n: u16) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
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

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    fn inflate(deflated: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(deflated)
            .read_to_end(&mut out)
            .expect("valid deflate data");
        out
    }

    #[test]
    fn pieces_joined_make_one_stream() {
        let big: String = (0..3000)
            .map(|i| format!("<p n=\"{i}\">tekst</p>"))
            .collect();
        let title = "Samtykke – Øvre Eiker <&>";
        let before = Piece::new(&big, false);
        let middle = Piece::stored(title);
        let after = Piece::new(&big[..5000], true);
        let mut joined = before.deflated.clone();
        joined.extend_from_slice(&middle.deflated);
        joined.extend_from_slice(&after.deflated);
        let text = format!("{big}{title}{}", &big[..5000]);
        assert_eq!(inflate(&joined), text.as_bytes());
        // Compressed, not stored.
        assert!(before.deflated.len() < big.len() / 5);
        // The CRC of the whole from the pieces'.
        let mut crc = Crc::new();
        for piece in [&before, &middle, &after] {
            crc.combine(&piece.crc);
        }
        let mut whole = Crc::new();
        whole.update(text.as_bytes());
        assert_eq!((crc.sum(), crc.amount()), (whole.sum(), whole.amount()));
    }

    #[test]
    fn empty_and_long_pieces_stay_valid() {
        let long = "æ".repeat(40_000); // 80,000 bytes: two stored blocks
        for (first, second) in [("", ""), ("a", ""), ("", "b"), (long.as_str(), "x")] {
            let mut joined = Piece::new(first, false).deflated;
            joined.extend_from_slice(&Piece::stored(second).deflated);
            joined.extend_from_slice(&Piece::stored(first).deflated);
            joined.extend_from_slice(&Piece::new(second, true).deflated);
            assert_eq!(
                inflate(&joined),
                format!("{first}{second}{first}{second}").as_bytes()
            );
        }
        for last in [false, true] {
            let stored = Piece::stored_bytes(long.as_bytes(), last);
            let mut stream = stored.clone();
            if !last {
                stream.extend_from_slice(&Piece::new("", true).deflated);
            }
            assert_eq!(inflate(&stream), long.as_bytes());
        }
    }

    #[test]
    fn the_package_reads_back_with_checked_crcs() {
        let a = Piece::new("<a>", false);
        let t = Piece::stored("tittel");
        let b = Piece::new("</a>", true);
        let manifest = Piece::new(&manifest_xml(), true);
        let bytes = write_package(&[
            Entry::Stored("mimetype", MIMETYPE),
            Entry::Deflated("content.xml", &[&a, &t, &b]),
            Entry::Deflated("META-INF/manifest.xml", &[&manifest]),
        ]);
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
        let mut read = |i: usize| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            // The zip crate checks each entry's CRC as it reads to the end.
            file.read_to_string(&mut text).expect("CRC matches");
            (file.name().unwrap().to_string(), text)
        };
        assert_eq!(read(0), ("mimetype".into(), MIMETYPE.into()));
        assert_eq!(read(1), ("content.xml".into(), "<a>tittel</a>".into()));
        assert_eq!(read(2).1, manifest_xml());
    }
}
