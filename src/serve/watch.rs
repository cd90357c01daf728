//! Watching the content: notify with a short debounce, and what each changed path
//! means for the build: one municipality (and the members of a region), or all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use notify::event::EventKind;
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use tokio::sync::mpsc::UnboundedSender;

use crate::load::theme::THEMES_DIR;
use crate::load::{is_slug, CONTENT_DIR, MUNICIPALITIES_DIR};

/// The folders watched, recursively.
pub const WATCHED: [&str; 3] = [MUNICIPALITIES_DIR, CONTENT_DIR, THEMES_DIR];

/// How long the debouncer waits for more events on a path: editors write a file in
/// several steps (temporary file, rename, attributes), on a local disk within a
/// millisecond or two. Should a slow write still be caught half-way, its last event
/// starts another build, so the wait only needs to cover the usual case; every
/// millisecond of it is added to the time from save to reload (10 ms of the 50 a
/// one-page edit may take).
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer looks for events that have waited long enough.
const TICK: Duration = Duration::from_millis(5);

pub type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Changed paths, relative to the content root, from one debounced batch.
#[derive(Debug, Clone)]
pub struct Batch {
    pub paths: Vec<PathBuf>,
    /// Events were lost (the kernel's queue overflowed): rebuild everything.
    pub rescan: bool,
    /// When the first of these changes happened.
    pub first: Instant,
}

/// What must be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Sites(BTreeSet<String>),
}

impl Default for Scope {
    fn default() -> Self {
        Scope::Sites(BTreeSet::new())
    }
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        matches!(self, Scope::Sites(s) if s.is_empty())
    }

    pub fn merge(&mut self, other: Scope) {
        match (&mut *self, other) {
            (Scope::All, _) => {}
            (_, Scope::All) => *self = Scope::All,
            (Scope::Sites(mine), Scope::Sites(theirs)) => mine.extend(theirs),
        }
    }
}

/// What one changed path affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Not content: an editor's swap or backup file, a hidden file, the output folder.
    Ignore,
    All,
    /// A file in `municipalities/<slug>/`; `site_file` when it is the folder itself or
    /// its `site.yaml` (which may change whom it extends, or its name in a region's
    /// list of members).
    Site {
        slug: String,
        site_file: bool,
    },
}

/// Editors' temporary files: hidden files (`.om.md.swp`, `.#om.md`), backups
/// (`om.md~`), vim's write test (`4913`).
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

/// What a change at `rel` (relative to the content root) affects.
pub fn classify(rel: &Path) -> Change {
    let mut names = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(name) => names.push(name.to_string_lossy()),
            Component::CurDir => {}
            _ => return Change::Ignore,
        }
    }
    let Some(top) = names.first() else {
        return Change::Ignore;
    };
    if names.iter().any(|n| is_scratch(n)) {
        return Change::Ignore;
    }
    match top.as_ref() {
        MUNICIPALITIES_DIR => match names.get(1) {
            None => Change::All,
            Some(slug) if is_slug(slug) => Change::Site {
                slug: slug.to_string(),
                site_file: names.len() == 2
                    || (names.len() == 3 && names.get(2).is_some_and(|n| n == "site.yaml")),
            },
            // A folder that cannot be a municipality is an error of the whole build
            // (or a stray file, ignored): rebuild all to show or clear it.
            Some(_) => Change::All,
        },
        CONTENT_DIR | THEMES_DIR => Change::All,
        _ => Change::Ignore,
    }
}

/// What the changed paths affect: the municipalities changed, the members of any of
/// them that is a region, and the region of a member whose `site.yaml` changed.
/// `before` and `after` are the region maps before and after the change, so that
/// a member that stopped or started extending a region counts too.
pub fn scope_of<'a>(
    paths: impl IntoIterator<Item = &'a Path>,
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Scope {
    let mut sites = BTreeSet::new();
    for path in paths {
        match classify(path) {
            Change::Ignore => {}
            Change::All => return Scope::All,
            Change::Site { slug, site_file } => {
                for map in [before, after] {
                    sites.extend(
                        map.iter()
                            .filter(|(_, region)| **region == slug)
                            .map(|(member, _)| member.clone()),
                    );
                    if site_file {
                        sites.extend(map.get(&slug).cloned());
                    }
                }
                sites.insert(slug);
            }
        }
    }
    Scope::Sites(sites)
}

/// Watch the content root: the root itself (to see `content/` etc. come and go) and
/// each of `WATCHED` that exists, recursively. Batches go to `tx`; `root` must be
/// canonical, since event paths are made relative to it.
pub fn watch(root: &Path, tx: UnboundedSender<Batch>) -> notify::Result<Watcher> {
    let base = root.to_path_buf();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            let mut batch = Batch {
                paths: Vec::new(),
                rescan: false,
                first: Instant::now(),
            };
            for event in events {
                if event.need_rescan() {
                    batch.rescan = true;
                } else if matches!(event.kind, EventKind::Access(_)) {
                    continue;
                }
                batch.first = batch.first.min(event.time);
                batch.paths.extend(
                    event
                        .paths
                        .iter()
                        .filter_map(|p| p.strip_prefix(&base).ok())
                        .map(Path::to_path_buf),
                );
            }
            if batch.rescan || !batch.paths.is_empty() {
                // The receiver is gone only while the server shuts down.
                let _ = tx.send(batch);
            }
        }
        Err(errors) => {
            for error in errors {
                eprintln!("watching the content failed: {error}");
            }
        }
    };
    let mut watcher = new_debouncer(DEBOUNCE, Some(TICK), handler)?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED {
        watch_dir(&mut watcher, root, dir)?;
    }
    Ok(watcher)
}

/// Watch `root/dir` recursively when it exists (again after it was re-created).
pub fn watch_dir(watcher: &mut Watcher, root: &Path, dir: &str) -> notify::Result<()> {
    let path = root.join(dir);
    if path.is_dir() {
        watcher.watch(&path, RecursiveMode::Recursive)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(slug: &str, site_file: bool) -> Change {
        Change::Site {
            slug: slug.into(),
            site_file,
        }
    }

    #[test]
    fn classifies_paths() {
        let c = |p: &str| classify(Path::new(p));
        assert_eq!(c("municipalities/modum/pages/om.md"), site("modum", false));
        assert_eq!(c("municipalities/modum/site.yaml"), site("modum", true));
        assert_eq!(c("municipalities/modum"), site("modum", true));
        assert_eq!(
            c("municipalities/modum/pages/site.yaml"),
            site("modum", false)
        );
        assert_eq!(c("municipalities"), Change::All);
        assert_eq!(c("municipalities/Bad Name"), Change::All);
        assert_eq!(c("content/guidance.yaml"), Change::All);
        assert_eq!(c("themes/default/templates/base.html"), Change::All);
        assert_eq!(c("public/index.html"), Change::Ignore);
        assert_eq!(c("Cargo.toml"), Change::Ignore);
        assert_eq!(c("municipalities/modum/pages/.om.md.swp"), Change::Ignore);
        assert_eq!(c("municipalities/modum/pages/om.md~"), Change::Ignore);
        assert_eq!(c("municipalities/modum/pages/4913"), Change::Ignore);
        assert_eq!(c("municipalities/.git/x"), Change::Ignore);
    }

    #[test]
    fn a_region_rebuilds_its_members() {
        let regions: BTreeMap<String, String> = [("vinje", "vt"), ("tokke", "vt")]
            .iter()
            .map(|(m, r)| (m.to_string(), r.to_string()))
            .collect();
        let scope = |p: &str| scope_of([Path::new(p)], &regions, &regions);
        let sites = |names: &[&str]| Scope::Sites(names.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            scope("municipalities/vt/pages/om.md"),
            sites(&["tokke", "vinje", "vt"])
        );
        assert_eq!(scope("municipalities/vinje/pages/om.md"), sites(&["vinje"]));
        assert_eq!(
            scope("municipalities/vinje/site.yaml"),
            sites(&["vinje", "vt"])
        );
        assert_eq!(scope("municipalities/modum/home.md"), sites(&["modum"]));
        assert_eq!(scope("content/forms/nb/x.yaml"), Scope::All);
        assert!(scope("public/x.html").is_empty());
        // A member that stops extending the region: the region's list changes too.
        let after: BTreeMap<String, String> = [("tokke".to_string(), "vt".to_string())].into();
        assert_eq!(
            scope_of(
                [Path::new("municipalities/vinje/site.yaml")],
                &regions,
                &after
            ),
            sites(&["vinje", "vt"])
        );
    }

    #[test]
    fn reads_a_content_roots_regions() {
        // A fixture with a region, two members and a site on its own.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/safety-net");
        let regions = crate::load::regions::read_regions(&root);
        let members: Vec<&str> = regions
            .iter()
            .filter(|(_, r)| *r == "region")
            .map(|(m, _)| m.as_str())
            .collect();
        assert_eq!(members, ["eigen", "medlem"]);
        assert!(!regions.contains_key("utan") && !regions.contains_key("region"));
    }
}
