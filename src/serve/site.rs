//! The site as served: every output file in memory, by its path relative to the
//! output root, with the live-reload script already in each HTML page. Nothing here
//! reads or writes the file system.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::model::OutputFile;
use crate::render::FormFile;

/// The tag put before `</body>` of every served page (never into `build` output).
pub const RELOAD_TAG: &str = "<script src=\"/__veiviser/reload.js\"></script>";

/// Every file of the served site.
#[derive(Debug, Default)]
pub struct Site {
    files: HashMap<String, Bytes>,
    /// For each served page, a hash of the HTML it was rendered as, and for each
    /// other file kept compressed (styles, scripts, the search index), of the text
    /// it was made from: a file made the same again is served as it is, without
    /// preparing (compressing) it again, and without keeping a second copy of it.
    sources: HashMap<String, Source>,
    /// The files that belong to no municipality (the list of sites, shared assets):
    /// they are replaced by every build.
    root_files: HashSet<String>,
    /// The forms' PDFs and ODTs, made when asked for: more than half of the bytes a
    /// site serves, a few milliseconds each to make. Kept as what makes them (the
    /// definition, shared) and their size, which the pages show.
    forms: HashMap<String, FormFile>,
}

/// A 128-bit hash of a page's HTML as rendered.
pub type Source = u128;

/// Files ready to serve: key (`ovre-eiker/index.html`), contents, and for a page or
/// other file kept compressed the hash of what it was made from.
pub type Prepared = Vec<(String, Bytes, Option<Source>)>;

/// The hash a served page is known by.
pub fn source_of(html: &[u8]) -> Source {
    use siphasher::sip128::{Hasher128, SipHasher13};
    use std::hash::Hasher;
    let mut hasher = SipHasher13::new();
    hasher.write(html);
    hasher.finish128().as_u128()
}

/// Whether the file under `key` is kept gzip-compressed: text (pages, styles,
/// scripts), which takes a fifth of the memory or less that way. PDFs, ODTs and
/// images are compressed already. A site's search index is not: a site rendered in
/// part reads it back to patch it (`render::Partial`), and a shared edit rewrites
/// it for every site it renders; compressing it each time and uncompressing it
/// again cost more of such an edit than the 50 kB a site it saves are worth.
pub fn kept_compressed(key: &str) -> bool {
    if key
        .strip_suffix(crate::model::layout::SEARCH_INDEX)
        .is_some_and(|site| site.ends_with('/'))
    {
        return false;
    }
    let kind = content_type(key);
    kind.starts_with("text/")
        || kind.starts_with("application/json")
        || kind.starts_with("application/xml")
        || kind.starts_with("application/manifest+json")
        || kind.starts_with("image/svg+xml")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    use std::io::Write;
    // The fastest level: a page is compressed in a fraction of the time it took to
    // render, for most of what the best level would save.
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::fast(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    let mut compressed = encoder.finish().unwrap_or_default();
    // Kept for as long as the file is served: without the room the buffer grew.
    compressed.shrink_to_fit();
    compressed
}

fn gunzip(bytes: &[u8]) -> Bytes {
    use std::io::Read;
    let mut out = Vec::with_capacity(bytes.len() * 5);
    let mut decoder = flate2::read::GzDecoder::new(bytes);
    // Only ever bytes `gzip` made.
    let _ = decoder.read_to_end(&mut out);
    Bytes::from(out)
}

/// `bytes` as kept for `key`: compressed when [`kept_compressed`], else the same
/// bytes (a form's PDF, a published document), shared and not copied.
fn keep(key: &str, bytes: Bytes) -> Bytes {
    if kept_compressed(key) {
        Bytes::from(gzip(&bytes))
    } else {
        bytes
    }
}

/// Turn rendered files into served ones: `/`-separated keys; every HTML page
/// minified, with the reload script; text kept compressed. A page whose HTML is the
/// same as that of the page `site` serves under its key is served as it is: its
/// bytes are shared, not copied, and not minified again.
pub fn prepare(files: Vec<OutputFile>, site: &Site) -> Prepared {
    // Pages rendered as served now are taken as they are; the others are minified
    // together, so that the chrome they share is minified once.
    let (fresh, kept): (Vec<_>, Vec<_>) = files
        .into_par_iter()
        .map(|file| {
            let key = file
                .path
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            // A site rendered again makes the same styles and scripts, often the
            // same search index: those are not compressed again either.
            let source = kept_compressed(&key).then(|| source_of(&file.bytes));
            let served = source
                .filter(|source| site.sources.get(&key) == Some(source))
                .and_then(|_| site.files.get(&key).cloned());
            match served {
                Some(bytes) => Err((key, bytes, source)),
                None => Ok((key, file, source)),
            }
        })
        .partition_map(|prepared| match prepared {
            Ok(fresh) => rayon::iter::Either::Left(fresh),
            Err(kept) => rayon::iter::Either::Right(kept),
        });
    let mut prepared: Prepared = fresh
        .into_par_iter()
        .map(|(key, file, source)| {
            let bytes = if file.is_html() {
                keep(&key, inject_reload(&file.bytes).into())
            } else {
                keep(&key, file.bytes)
            };
            (key, bytes, source)
        })
        .collect();
    prepared.extend(kept);
    prepared
}

/// `html` with the reload script before its last `</body>` (or at the end).
pub fn inject_reload(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + RELOAD_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(RELOAD_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Whether the file under `key` is a page (as `OutputFile::is_html` says).
fn is_page(key: &str) -> bool {
    std::path::Path::new(key)
        .extension()
        .is_some_and(|e| e == "html")
}

/// The municipality a file key belongs to: its first folder.
fn first_segment(key: &str) -> Option<&str> {
    key.split_once('/').map(|(first, _)| first)
}

impl Site {
    fn extend(&mut self, files: Prepared) {
        for (key, bytes, source) in files {
            match source {
                Some(source) => self.sources.insert(key.clone(), source),
                None => self.sources.remove(&key),
            };
            self.files.insert(key, bytes);
        }
    }

    fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.files.retain(|key, _| keep(key));
        self.sources.retain(|key, _| keep(key));
        self.forms.retain(|key, _| keep(key));
    }

    /// Serve the forms' files `forms` (of sites just put in place with
    /// [`Site::replace`] or [`Site::replace_sites`], which removed their old ones),
    /// made when asked for.
    pub fn add_forms(&mut self, forms: Vec<FormFile>) {
        for form in forms {
            self.files.remove(&form.path);
            self.sources.remove(&form.path);
            self.forms.insert(form.path.clone(), form);
        }
    }

    /// Whether the form's file `form` is served as it is.
    pub fn serves_form(&self, form: &FormFile) -> bool {
        self.forms.get(&form.path).is_some_and(|served| {
            served.kind == form.kind
                && (Arc::ptr_eq(&served.form, &form.form) || served.form == form.form)
        })
    }

    /// The form's file served under `key`, made when asked for ([`FormFile::make`]).
    pub fn form_file(&self, key: &str) -> Option<FormFile> {
        self.forms.get(key).cloned()
    }

    /// Replace the files of the municipalities in `rebuilt` and the root files by
    /// `files`, the output of a build of just those. A page that is gone from the
    /// new build is gone from the site.
    pub fn replace(&mut self, files: Prepared, rebuilt: &BTreeSet<String>) {
        let old_root = std::mem::take(&mut self.root_files);
        self.retain(|key| {
            !old_root.contains(key) && first_segment(key).is_none_or(|s| !rebuilt.contains(s))
        });
        for (key, _, _) in &files {
            if first_segment(key).is_none_or(|s| !rebuilt.contains(s)) {
                self.root_files.insert(key.clone());
            }
        }
        self.extend(files);
    }

    /// Replace the files of the municipalities in `rebuilt` by theirs in `files`,
    /// the output of a build that read only some sites: its front page and shared
    /// assets, made from those alone, are left out and the served ones stay.
    pub fn replace_sites(&mut self, files: Prepared, rebuilt: &BTreeSet<String>) {
        let in_rebuilt = |key: &str| first_segment(key).is_some_and(|s| rebuilt.contains(s));
        self.retain(|key| !in_rebuilt(key));
        self.extend(
            files
                .into_iter()
                .filter(|(key, _, _)| in_rebuilt(key))
                .collect(),
        );
    }

    /// How many files are served for each municipality.
    pub fn counts(&self) -> HashMap<&str, usize> {
        let mut counts = HashMap::new();
        for key in self.files.keys().chain(self.forms.keys()) {
            if let Some(site) = first_segment(key).filter(|_| !self.root_files.contains(key)) {
                *counts.entry(site).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Whether a prepared file is served under its key exactly as it is (`bytes` as
    /// kept, compressed or not).
    pub fn serves(&self, key: &str, bytes: &Bytes, source: Option<Source>) -> bool {
        match source {
            Some(source) => self.sources.get(key) == Some(&source) && self.files.contains_key(key),
            None => self.files.get(key) == Some(bytes),
        }
    }

    /// The file under `key`, as it is served (a form's file made now).
    pub fn get(&self, key: &str) -> Option<Bytes> {
        if let Some(form) = self.forms.get(key) {
            return Some(Bytes::from(form.make()));
        }
        let kept = self.files.get(key)?;
        Some(if kept_compressed(key) {
            gunzip(kept)
        } else {
            kept.clone()
        })
    }

    /// The HTML a served page was rendered as: what [`prepare`] made of it, undone,
    /// and held to the hash it was made from, so that what comes back is the
    /// rendered page or nothing. `None` for anything that is not a served page.
    pub fn rendered_page(&self, key: &str) -> Option<String> {
        if !is_page(key) {
            return None;
        }
        let source = self.sources.get(key)?;
        let mut html = match self.get(key)?.try_into_mut() {
            Ok(unique) => Vec::from(unique),
            Err(shared) => shared.to_vec(),
        };
        let at = memchr::memmem::rfind(&html, RELOAD_TAG.as_bytes())?;
        html.drain(at..at + RELOAD_TAG.len());
        (source_of(&html) == *source)
            .then(|| String::from_utf8(html).ok())
            .flatten()
    }

    /// A served page as it is kept (compressed, with the reload script) and the
    /// hash of the HTML it was rendered as: to serve it on unchanged.
    pub fn kept(&self, key: &str) -> Option<(Bytes, Source)> {
        if !is_page(key) {
            return None;
        }
        let source = self.sources.get(key)?;
        Some((self.files.get(key)?.clone(), *source))
    }

    /// The file under `key` gzip-compressed, when it is kept so.
    pub fn get_gzip(&self, key: &str) -> Option<Bytes> {
        self.files
            .get(key)
            .filter(|_| kept_compressed(key))
            .cloned()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.files.contains_key(key) || self.forms.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.forms.len()
    }

    /// The bytes of every file as kept (text compressed, the forms' files made on
    /// request not at all), together.
    pub fn bytes(&self) -> usize {
        self.files.values().map(Bytes::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.forms.is_empty()
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPath;

/// The key of the file a request path names (`/ovre-eiker/` → `ovre-eiker/`), or
/// `BadPath` for anything that could leave the output tree or that no published file
/// is called: `..` and `.` segments (also percent-encoded, once or twice), empty
/// segments (`//etc`), backslashes, `%` after decoding, control characters and NUL,
/// drive letters. A trailing `/` is kept: the caller serves its `index.html`.
pub fn request_key(raw_path: &str) -> Result<String, BadPath> {
    let rest = raw_path.strip_prefix('/').ok_or(BadPath)?;
    if rest.contains('\\') {
        return Err(BadPath);
    }
    let decoded = percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| BadPath)?;
    if decoded
        .chars()
        .any(|c| c.is_control() || matches!(c, '%' | '\\' | ':'))
    {
        return Err(BadPath);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == "." || *segment == ".." {
            return Err(BadPath);
        }
    }
    Ok(decoded.into_owned())
}

/// The `Content-Type` of a served file, by its ending.
pub fn content_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let ending = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ending.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc" => "application/msword",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_text_comes_without_spare_room() {
        let page = "<p>Hei</p>".repeat(5_000);
        let compressed = gzip(page.as_bytes());
        assert_eq!(compressed.capacity(), compressed.len());
        assert_eq!(gunzip(&compressed), page.as_bytes());
    }

    fn prepared(keys: &[&str]) -> Prepared {
        keys.iter()
            .map(|k| (k.to_string(), Bytes::from(k.to_string()), None))
            .collect()
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn request_keys() {
        assert_eq!(request_key("/"), Ok(String::new()));
        assert_eq!(request_key("/a/"), Ok("a/".into()));
        assert_eq!(request_key("/a/b.html"), Ok("a/b.html".into()));
        assert_eq!(request_key("/a/%C3%B8.pdf"), Ok("a/ø.pdf".into()));
        for bad in [
            "",
            "a",
            "/..",
            "/../Cargo.toml",
            "/a/../b",
            "/a/./b",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/a/%2E%2E/%2E%2E/etc/passwd",
            "/a/..%2fx",
            "/a/%2e%2e%2fx",
            "/%252e%252e/x",
            "//etc/passwd",
            "/a//b",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00.html",
            "/C:/Windows",
            "/%ff",
        ] {
            assert_eq!(request_key(bad), Err(BadPath), "{bad}");
        }
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject_reload(html)).unwrap_or_default();
        assert_eq!(
            out,
            format!("<html><body><p>x</p>{RELOAD_TAG}</body></html>")
        );
        let out = String::from_utf8(inject_reload(b"<p>x</p>")).unwrap_or_default();
        assert_eq!(out, format!("<p>x</p>{RELOAD_TAG}"));
    }

    #[test]
    fn replaces_only_the_rebuilt_sites_and_the_root() {
        let mut site = Site::default();
        site.replace(
            prepared(&[
                "index.html",
                "assets/style.css",
                "a/index.html",
                "a/old/index.html",
                "b/index.html",
            ]),
            &set(&["a", "b"]),
        );
        assert_eq!(site.len(), 5);
        site.replace(
            prepared(&["index.html", "assets/new.css", "a/index.html"]),
            &set(&["a"]),
        );
        assert!(site.contains("a/index.html"));
        assert!(!site.contains("a/old/index.html"), "a deleted page is gone");
        assert!(site.contains("b/index.html"), "another site stays");
        assert!(
            !site.contains("assets/style.css"),
            "root files are replaced"
        );
        assert!(site.contains("assets/new.css"));
        assert!(site.contains("index.html"));
        // A municipality that is gone disappears.
        site.replace(prepared(&["index.html"]), &set(&["b"]));
        assert!(!site.contains("b/index.html"));
        assert!(site.contains("a/index.html"));
        assert!(!site.contains("assets/new.css"));
    }

    fn html(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec().into(),
        }
    }

    #[test]
    fn a_served_page_gives_back_the_html_it_was_rendered_as() {
        // The reload tag written into the page's own text too: the last one is
        // the one served pages get.
        let page = format!("<html><body><p>{RELOAD_TAG}</p></body></html>");
        let mut site = Site::default();
        let files = prepare(
            vec![html("a/index.html", &page), html("a/x.css", "p{}")],
            &site,
        );
        site.replace(files, &set(&["a"]));
        assert_eq!(site.rendered_page("a/index.html"), Some(page.clone()));
        assert_eq!(site.rendered_page("a/x.css"), None, "not a page");
        assert_eq!(site.rendered_page("a/nothing.html"), None);
        // Served bytes that are not what the recorded HTML made give nothing.
        site.sources
            .insert("a/index.html".into(), source_of(b"other"));
        assert_eq!(site.rendered_page("a/index.html"), None);
    }

    #[test]
    fn a_page_rendered_as_before_is_served_as_it_is() {
        let page = "<!doctype html><html lang=nb><head><title>x</title></head><body><p>a  b</p></body></html>";
        let mut site = Site::default();
        let first = prepare(vec![html("a/index.html", page)], &site);
        let served = first[0].1.clone();
        site.replace(first, &set(&["a"]));
        assert!(site.serves("a/index.html", &served, Some(source_of(page.as_bytes()))));
        let plain = site.get("a/index.html").unwrap_or_default();
        assert!(String::from_utf8_lossy(&plain).contains(&format!("<p>a  b</p>{RELOAD_TAG}")));
        assert!(served.len() < plain.len(), "kept compressed");
        assert_eq!(gunzip(&served), plain);
        assert_eq!(site.get_gzip("a/index.html"), Some(served.clone()));

        // The same HTML again: the served bytes themselves, not a copy.
        let again = prepare(vec![html("a/index.html", page)], &site);
        assert_eq!(again[0].1.as_ptr(), served.as_ptr());
        // Changed HTML is prepared anew.
        let changed = page.replace("a  b", "c  d");
        let new = prepare(vec![html("a/index.html", &changed)], &site);
        assert!(String::from_utf8_lossy(&gunzip(&new[0].1)).contains("<p>c  d</p>"));
        assert!(!site.serves("a/index.html", &new[0].1, new[0].2));
        // Other files are served as they come; text is kept compressed too.
        let files = prepare(
            vec![html("a/x.css", "a  b"), html("a/x.pdf", "%PDF-1.7")],
            &site,
        );
        assert_eq!(gunzip(&files[0].1), Bytes::from("a  b"));
        assert_eq!(files[0].2, Some(source_of(b"a  b")), "known by its text");
        assert_eq!(files[1].1, Bytes::from("%PDF-1.7"), "a PDF as it is");
        assert_eq!(files[1].2, None);
        let css = files[0].1.clone();
        site.replace(files, &set(&["a"]));
        assert_eq!(site.get("a/x.css"), Some(Bytes::from("a  b")));
        assert_eq!(site.get("a/x.pdf"), Some(Bytes::from("%PDF-1.7")));
        assert_eq!(site.get_gzip("a/x.pdf"), None);
        // Styles made the same again: the served bytes, not compressed again; made
        // otherwise: anew. Neither is a page.
        let again = prepare(vec![html("a/x.css", "a  b")], &site);
        assert_eq!(again[0].1.as_ptr(), css.as_ptr());
        assert!(site.serves("a/x.css", &again[0].1, again[0].2));
        let other = prepare(vec![html("a/x.css", "c  d")], &site);
        assert_eq!(gunzip(&other[0].1), Bytes::from("c  d"));
        assert!(!site.serves("a/x.css", &other[0].1, other[0].2));
        assert_eq!(site.rendered_page("a/x.css"), None);
        assert_eq!(site.kept("a/x.css"), None);
    }

    fn form_file(path: &str, title: &str, kind: crate::forms::Kind) -> FormFile {
        let form = crate::model::Form {
            id: "referat".into(),
            lang: crate::model::Lang::Nb,
            title: title.into(),
            intro: vec!["Tekst.".into()],
            sections: vec![],
        };
        let len = kind.write(&form).len();
        FormFile {
            path: path.into(),
            form: Arc::new(form),
            kind,
            len,
        }
    }

    #[test]
    fn a_forms_file_is_made_when_asked_for() {
        use crate::forms::Kind;
        let mut site = Site::default();
        site.replace(prepared(&["a/index.html"]), &set(&["a"]));
        let pdf = form_file("a/skjema/r/r.pdf", "Referat – A", Kind::Pdf);
        let odt = form_file("a/skjema/r/r.odt", "Referat – A", Kind::Odt);
        site.add_forms(vec![pdf.clone(), odt.clone()]);
        assert_eq!(site.len(), 3);
        assert_eq!(site.counts().get("a"), Some(&3));
        assert!(site.contains("a/skjema/r/r.pdf"));
        assert_eq!(site.bytes(), "a/index.html".len(), "not held");
        let made = site.get("a/skjema/r/r.pdf").unwrap_or_default();
        assert_eq!(made, Kind::Pdf.write(&pdf.form));
        assert_eq!(made.len(), pdf.len);
        assert_eq!(
            site.get("a/skjema/r/r.odt").unwrap_or_default(),
            Kind::Odt.write(&odt.form)
        );
        assert_eq!(site.get_gzip("a/skjema/r/r.pdf"), None);
        assert!(site.serves_form(&pdf));
        assert!(!site.serves_form(&form_file("a/skjema/r/r.pdf", "Referat – B", Kind::Pdf)));
        assert!(!site.serves_form(&form_file("a/skjema/r/r.pdf", "Referat – A", Kind::Odt)));
        // A site rebuilt loses its forms' files until they are added again.
        site.replace_sites(prepared(&["a/index.html"]), &set(&["a"]));
        assert!(!site.contains("a/skjema/r/r.pdf"));
        assert_eq!(site.get("a/skjema/r/r.pdf"), None);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("a/skjema/x.odt"),
            "application/vnd.oasis.opendocument.text"
        );
        assert_eq!(content_type("a/x.PDF"), "application/pdf");
        assert_eq!(content_type("assets/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("a/noending"), "application/octet-stream");
    }
}
