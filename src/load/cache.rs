//! What a long-running process (`serve`) keeps of one load for the next: the shared
//! content as parsed, and each municipality folder as parsed, with the text of their
//! files and what reading them found. A load through the cache reads and parses
//! again only what it was told has changed ([`LoadCache::forget`]) and what it does
//! not hold, and gives the same [`Loaded`] as [`load_only`] (but for the text of the
//! files: see [`LoadCache::sources_of`]).
//!
//! Every file load reads is inside `municipalities/<name>/`, `content/` or the
//! theme's `i18n/` (links are refused, not followed), so a changed path says which
//! part to read again: the folder it is in, or the shared content.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

use rayon::prelude::*;

use super::theme::THEMES_DIR;
use super::{
    municipality_entries, read_shared, read_site, require_a_municipality, Loaded, SiteRead,
    CONTENT_DIR, MUNICIPALITIES_DIR,
};
use crate::diagnostic::{Diagnostics, SourceMap};

/// See the module's documentation.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// The shared content as last read (a [`Loaded`] without municipalities, its
    /// text and diagnostics apart); `None` until read, after a change to it, and
    /// while a load made from the cache holds it.
    shared: Option<Kept>,
    /// Each entry of `municipalities/` as last read, by name.
    sites: BTreeMap<String, KeptSite>,
}

#[derive(Debug)]
struct Kept {
    values: Loaded,
    /// `values` are held by a load made from the cache: until given back, they
    /// count as unread.
    lent: bool,
    sources: SourceMap,
    diagnostics: Diagnostics,
}

#[derive(Debug)]
struct KeptSite {
    read: SiteRead,
    /// Its municipality is held by a load made from the cache (until
    /// [`LoadCache::restore`] gives it back): until then the entry counts as unread.
    lent: bool,
}

impl LoadCache {
    /// Forget what was read from `rel` (a path relative to the content root that
    /// changed): the folder of the municipality it is in, the shared content for
    /// anything under `content/` or `themes/`, everything for anything else.
    pub fn forget(&mut self, rel: &Path) {
        let names: Vec<&std::ffi::OsStr> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(name) => Some(name),
                _ => None,
            })
            .collect();
        let first = names.first().and_then(|n| n.to_str());
        match (first, names.get(1)) {
            (Some(MUNICIPALITIES_DIR), Some(site)) => {
                self.sites.remove(&*site.to_string_lossy());
            }
            (Some(CONTENT_DIR | THEMES_DIR), _) => self.shared = None,
            _ => self.forget_all(),
        }
    }

    /// Forget everything (events were lost).
    pub fn forget_all(&mut self) {
        *self = LoadCache::default();
    }

    /// [`load_only`](super::load_only) of the content under `root`, reading only
    /// what the cache does not hold, and keeping what it read. The result's
    /// `sources` are left empty: [`LoadCache::sources_of`] gives the text of the
    /// files diagnostics point at. Give the result back with [`LoadCache::restore`]
    /// when done with it, or the next load reads its parts again.
    pub fn load(&mut self, root: &Path, only: Option<&BTreeSet<String>>) -> Loaded {
        let entries = match municipality_entries(root) {
            Ok(entries) => entries,
            Err(diagnostic) => {
                // Nothing under it can be read: nothing read before is current.
                self.forget_all();
                let mut loaded = Loaded::default();
                loaded.diagnostics.push(diagnostic);
                return loaded;
            }
        };
        // Folders that are gone are forgotten.
        let present: BTreeSet<&str> = entries.iter().map(String::as_str).collect();
        self.sites.retain(|name, _| present.contains(name.as_str()));

        let shared = match self.shared.take().filter(|kept| !kept.lent) {
            Some(kept) => kept,
            None => {
                let mut values = read_shared(root);
                Kept {
                    sources: std::mem::take(&mut values.sources),
                    diagnostics: std::mem::take(&mut values.diagnostics),
                    values,
                    lent: false,
                }
            }
        };
        let mut loaded = shared.values;
        loaded.diagnostics = shared.diagnostics.clone();
        self.shared = Some(Kept {
            values: Loaded::default(),
            lent: true,
            sources: shared.sources,
            diagnostics: shared.diagnostics,
        });

        let wanted: Vec<&String> = entries
            .iter()
            .filter(|name| only.is_none_or(|o| o.contains(*name)))
            .collect();
        let unread: Vec<&String> = wanted
            .iter()
            .copied()
            .filter(|name| self.sites.get(*name).is_none_or(|kept| kept.lent))
            .collect();
        let read: Vec<(String, Option<SiteRead>)> = unread
            .par_iter()
            .map(|name| (name.to_string(), read_site(root, name)))
            .collect();
        for (name, read) in read {
            match read {
                Some(read) => {
                    self.sites.insert(name, KeptSite { read, lent: false });
                }
                None => {
                    self.sites.remove(&name);
                }
            }
        }
        // Put together in name order, as `load_only` does.
        for name in wanted {
            let Some(kept) = self.sites.get_mut(name) else {
                continue;
            };
            loaded
                .diagnostics
                .extend(kept.read.diagnostics.items.iter().cloned());
            if let Some(municipality) = kept.read.municipality.take() {
                kept.lent = true;
                loaded.municipalities.push(municipality);
            }
        }
        require_a_municipality(&mut loaded);
        loaded
    }

    /// Take back what [`LoadCache::load`] lent out, for the next load.
    pub fn restore(&mut self, loaded: Loaded) {
        let Loaded {
            municipalities,
            words,
            guidance,
            forms,
            guidance_unreadable,
            national,
            glossary,
            sources: _,
            diagnostics: _,
        } = loaded;
        if let Some(shared) = self.shared.as_mut().filter(|s| s.lent) {
            shared.lent = false;
            shared.values = Loaded {
                words,
                guidance,
                forms,
                guidance_unreadable,
                national,
                glossary,
                ..Loaded::default()
            };
        }
        for municipality in municipalities {
            if let Some(kept) = self.sites.get_mut(&municipality.slug) {
                if kept.lent {
                    kept.read.municipality = Some(municipality);
                    kept.lent = false;
                }
            }
        }
        // A site still lent was not given back: read it again next time.
        self.sites.retain(|_, kept| !kept.lent);
    }

    /// The text of the files `diagnostics` point at, as read: what a report needs
    /// to show them with their lines.
    pub fn sources_of(&self, diagnostics: &Diagnostics) -> SourceMap {
        let mut sources = SourceMap::default();
        let files: BTreeSet<&Path> = diagnostics
            .items
            .iter()
            .map(|d| d.loc.file.as_path())
            .collect();
        let shared = self.shared.iter().map(|s| &s.sources);
        for file in files {
            // A file of `municipalities/<name>/` is in that folder's sources; any
            // other in the shared content's. Looked up there first: a country's
            // diagnostics point at thousands of files, one folder's each.
            let own = self.folder_of(file).map(|kept| &kept.read.sources);
            let text = own
                .into_iter()
                .chain(shared.clone())
                .find_map(|map| map.get(file))
                .or_else(|| {
                    self.sites
                        .values()
                        .find_map(|kept| kept.read.sources.get(file))
                });
            if let Some(text) = text {
                sources.insert(file, text);
            }
        }
        sources
    }

    /// The folder of `municipalities/` a file is in, when the cache holds it.
    fn folder_of(&self, file: &Path) -> Option<&KeptSite> {
        let mut names = file.components().filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        });
        if names.next()? != MUNICIPALITIES_DIR {
            return None;
        }
        self.sites.get(names.next()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_only;
    use std::path::PathBuf;

    /// A copy of the fixture `serve-deps` (three municipalities, shared content).
    fn content() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-deps");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap_or_else(|e| panic!("{e}"));
            let rel = entry.path().strip_prefix(&from).unwrap_or(entry.path());
            let to = dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap_or_else(|e| panic!("{e}"));
            } else {
                std::fs::copy(entry.path(), &to).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        dir
    }

    /// The cache's load of `root` is `load_only`'s, and the text it keeps of every
    /// file a diagnostic names is the one `load_only` read.
    fn assert_loads_as_a_full_load(
        cache: &mut LoadCache,
        root: &Path,
        only: Option<&BTreeSet<String>>,
        what: &str,
    ) {
        let loaded = cache.load(root, only);
        let mut full = load_only(root, only);
        let sources = std::mem::take(&mut full.sources);
        assert_eq!(format!("{loaded:#?}"), format!("{full:#?}"), "{what}");
        let kept = cache.sources_of(&loaded.diagnostics);
        for d in &loaded.diagnostics.items {
            assert_eq!(
                kept.get(&d.loc.file),
                sources.get(&d.loc.file),
                "{what}: {}",
                d.loc
            );
        }
        cache.restore(loaded);
    }

    fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        PathBuf::from(rel)
    }

    /// A country built in groups loads each group through one cache and gives
    /// back only the shared content: each load equals a full load of the group,
    /// the shared content is kept between groups and no site is.
    #[test]
    fn groups_loaded_in_turn_keep_the_shared_content_and_no_site() {
        let dir = content();
        let root = dir.path();
        write(root, "content/guidance.yaml", "items: [\n");
        let mut cache = LoadCache::default();
        for group in [&["alfa"][..], &["beta", "gamma"], &["alfa", "gamma"]] {
            let only: BTreeSet<String> = group.iter().map(|s| s.to_string()).collect();
            let mut loaded = cache.load(root, Some(&only));
            let mut full = load_only(root, Some(&only));
            let sources = std::mem::take(&mut full.sources);
            assert_eq!(format!("{loaded:#?}"), format!("{full:#?}"), "{group:?}");
            assert!(!loaded.diagnostics.items.is_empty(), "the broken catalogue");
            let kept = cache.sources_of(&loaded.diagnostics);
            for d in &loaded.diagnostics.items {
                assert_eq!(kept.get(&d.loc.file), sources.get(&d.loc.file));
            }
            loaded.municipalities.clear();
            cache.restore(loaded);
            assert!(cache.sites.is_empty(), "{group:?}: no site kept");
            assert!(
                cache.shared.as_ref().is_some_and(|s| !s.lent),
                "{group:?}: the shared content kept"
            );
        }
    }

    #[test]
    fn a_load_through_the_cache_reads_what_changed_and_equals_a_full_load() {
        let dir = content();
        let root = dir.path();
        let mut cache = LoadCache::default();
        assert_loads_as_a_full_load(&mut cache, root, None, "first");
        assert_loads_as_a_full_load(&mut cache, root, None, "nothing changed");

        // A page edited: seen once the cache is told, not before (what it holds
        // is what it read).
        let page = write(
            root,
            "municipalities/beta/pages/om.md",
            "---\ntitle: Om\n---\nNy tekst.\n",
        );
        let stale = cache.load(root, None);
        assert_ne!(format!("{stale:?}"), format!("{:?}", load_only(root, None)));
        cache.restore(stale);
        cache.forget(&page);
        assert_loads_as_a_full_load(&mut cache, root, None, "page edited");

        // Broken files, shared and not: the same diagnostics, with their text.
        let catalogue = write(root, "content/guidance.yaml", "items: [\n");
        cache.forget(&catalogue);
        let page = write(
            root,
            "municipalities/alfa/pages/om.md",
            "---\ntitle: [Om\n---\nTekst.\n",
        );
        cache.forget(&page);
        assert_loads_as_a_full_load(&mut cache, root, None, "broken");
        let only: BTreeSet<String> = ["alfa".to_string()].into();
        assert_loads_as_a_full_load(&mut cache, root, Some(&only), "only alfa");

        // A municipality added, one deleted, a folder name that cannot be one.
        let added = write(
            root,
            "municipalities/delta/site.yaml",
            "name: Delta\nlanguage: nb\ntitle: Veileder\n",
        );
        cache.forget(&added);
        std::fs::remove_dir_all(root.join("municipalities/gamma"))
            .unwrap_or_else(|e| panic!("{e}"));
        cache.forget(Path::new("municipalities/gamma"));
        let bad = write(root, "municipalities/Epsilon/site.yaml", "name: E\n");
        cache.forget(&bad);
        assert_loads_as_a_full_load(&mut cache, root, None, "added and deleted");

        // An interface word of the theme.
        write(root, "themes/default/i18n/nb.yaml", "hours_from: fra\n");
        cache.forget(Path::new("themes/default/i18n/nb.yaml"));
        assert_loads_as_a_full_load(&mut cache, root, None, "theme words");

        // A load not given back is read again, not lost.
        let lent = cache.load(root, None);
        drop(lent);
        assert_loads_as_a_full_load(&mut cache, root, None, "not given back");
        cache.forget_all();
        assert_loads_as_a_full_load(&mut cache, root, None, "all forgotten");
    }
}
