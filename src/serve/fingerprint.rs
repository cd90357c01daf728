//! What a site's output is made from, as one number. `serve` renders a site again only
//! when its fingerprint differs from that of the output it serves, so an edit to a
//! shared file (the guidance catalogue, the glossary, a library form, the national
//! numbers) re-renders only the sites whose model it changes.
//!
//! The fingerprint is taken of the resolved model, not of the files read: whatever
//! a site depends on (its own files, shared content, its region's chapters) reaches
//! its pages only through its `Municipality`, which render reads with the compiled
//! theme and nothing else (`docs/architecture.md`). So the fingerprint needs no list
//! of dependencies that could go stale; the theme is the caller's to watch.

use std::hash::Hasher;
use std::io;

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::model::Municipality;

/// A 128-bit hash of everything a site's output is rendered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(u128);

/// Feeds what is written into the hash, so the model is hashed as it is serialised,
/// without holding its JSON.
struct HashWriter(SipHasher13);

impl io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The fingerprint of a site's model: its JSON as templates get it, and the
/// documents under `files/`, which render publishes but serialisation leaves out.
/// `None` when the model cannot be serialised (render then fails the build too): a
/// site without a fingerprint is always rendered.
pub fn of_site(site: &Municipality) -> Option<Fingerprint> {
    let mut writer = HashWriter(SipHasher13::new());
    serde_json::to_writer(&mut writer, site).ok()?;
    let mut hasher = writer.0;
    // Length-prefixed, so that no two lists of files hash alike by running together.
    hasher.write_usize(site.files.len());
    for file in &site.files {
        hasher.write_usize(file.path.len());
        hasher.write(file.path.as_bytes());
        hasher.write_usize(file.bytes.len());
        hasher.write(&file.bytes);
    }
    Some(Fingerprint(hasher.finish128().as_u128()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copies of `from`'s files under `to`.
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
            let Ok(rel) = entry.path().strip_prefix(from) else {
                continue;
            };
            let target = to.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }

    /// A site of the glossary fixture (with the shared content), resolved.
    fn site() -> Option<Municipality> {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("temp dir");
        copy(&repo.join("content"), &dir.path().join("content"));
        copy(&repo.join("tests/fixtures/glossary"), dir.path());
        let only: std::collections::BTreeSet<String> = ["testby".to_string()].into();
        let (_, model) = crate::build::analyse_only(dir.path(), Some(&only));
        model?
            .municipalities
            .into_iter()
            .find(|m| m.slug == "testby")
    }

    #[test]
    fn the_same_model_has_the_same_fingerprint_and_any_change_another() {
        let Some(site) = site() else {
            panic!("the glossary fixture's testby does not load");
        };
        let print = of_site(&site);
        assert!(print.is_some());
        assert_eq!(print, of_site(&site.clone()));

        let mut renamed = site.clone();
        renamed.title.push('!');
        assert_ne!(print, of_site(&renamed), "a title");

        let mut glossary = site.clone();
        if let Some(term) = glossary.glossary.as_mut().and_then(|g| g.terms.first_mut()) {
            term.definition.push('.');
        }
        assert_ne!(print, of_site(&glossary), "a glossary definition");

        // Published documents are not serialised, and still count.
        let mut file = site.clone();
        file.files.push(crate::model::PublishedFile {
            path: "filer/a.pdf".into(),
            bytes: vec![1, 2, 3].into(),
        });
        let with_file = of_site(&file);
        assert_ne!(print, with_file, "a published document");
        file.files[0].bytes = vec![1, 2, 4].into();
        assert_ne!(with_file, of_site(&file), "a published document's bytes");
    }
}
