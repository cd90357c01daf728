//! Which municipalities there are and which region each extends, read without loading
//! them: `serve` asks this on every change to know which sites an edit affects, and
//! `build --only` to load a member with its region.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::load::{is_slug, safe, yaml, MUNICIPALITIES_DIR};

/// Which region each municipality extends (member → region), read from the
/// `extends:` of every `municipalities/*/site.yaml`. A file that cannot be read is
/// left out (the build reports it).
pub fn read_regions(root: &Path) -> BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Extends {
        #[serde(default)]
        extends: Option<String>,
    }
    let mut regions = BTreeMap::new();
    let Ok(entries) = fs::read_dir(root.join(MUNICIPALITIES_DIR)) else {
        return regions;
    };
    for entry in entries.flatten() {
        let slug = entry.file_name().to_string_lossy().into_owned();
        if !is_slug(&slug) {
            continue;
        }
        // Read as the build reads it: never through a link, never a FIFO (which
        // would block every later rebuild).
        let site = Path::new(MUNICIPALITIES_DIR).join(&slug).join("site.yaml");
        let Ok(bytes) = safe::read(root, &site, 2_000_000) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if let Ok(Extends {
            extends: Some(region),
        }) = yaml::parse::<Extends>(&site, &text, 0)
        {
            regions.insert(slug, region.trim().to_string());
        }
    }
    regions
}

/// The municipalities to read to build those in `sites`: they and the regions they
/// extend (whose shared chapters and pages they show). `regions` is
/// [`read_regions`].
pub fn with_regions(
    sites: &BTreeSet<String>,
    regions: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    let mut read = sites.clone();
    read.extend(sites.iter().filter_map(|m| regions.get(m).cloned()));
    read
}

/// The municipalities under `municipalities/` by folder name.
pub fn list_sites(root: &Path) -> BTreeSet<String> {
    let Ok(entries) = fs::read_dir(root.join(MUNICIPALITIES_DIR)) else {
        return BTreeSet::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| is_slug(name))
        .collect()
}
