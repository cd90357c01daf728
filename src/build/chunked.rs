//! A country built a few municipalities at a time. Loading, resolving and checking
//! keep every site's content (and every file's text, for diagnostics) in memory,
//! about half a megabyte per municipality; for a large country the build reads,
//! checks and renders `SITES_AT_ONCE` of them at a time instead (each with the
//! regions it extends) and keeps of each only what the list of sites shows. The
//! output and the diagnostics are the same as a build of all at once: the sites are
//! rendered into one spare folder, published only when no group had an error, and
//! the diagnostics of all groups come in the same order (a region read beside its
//! members in several groups is reported once).
//!
//! The theme is compiled while the first group is read and checked.
//!
//! Diagnostics are handed on (`emit`) as soon as no later group can add to them: a
//! municipality's once the last group that reads it is done, so a country's warnings
//! are not all held until the end (30 per copy of Øvre Eiker, 30 000 in a country of
//! a thousand).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{analyse_loaded, compile_theme, write_failed, Options, Report, Tally, Writer};
use crate::diagnostic::{Diagnostic, Diagnostics, SourceMap};
use crate::load::cache::LoadCache;
use crate::load::regions as membership;
use crate::render::{self, SiteEntry};
use crate::report::municipality_of;
use crate::write;

pub(super) fn build_in_chunks(
    root: &Path,
    out: &Path,
    options: Options,
    folders: &[String],
    at_once: usize,
    emit: &mut dyn FnMut(Report),
) -> Report {
    let mut report = Report::default();
    let regions = membership::read_regions(root);
    let groups: Vec<Group> = folders
        .chunks(at_once)
        .map(|sites| Group::of(sites, &regions))
        .collect();
    let mut held = Held::new(&groups, folders);
    let mut writer: Option<Writer> = None;
    let mut write_error: Option<Diagnostic> = None;
    let mut rendered: Result<(), Diagnostic> = Ok(());
    let mut entries: Vec<SiteEntry> = Vec::new();
    // The shared content (guidance catalogue, glossary, form library) is read and
    // parsed once for all groups; each group's sites are read anew and let go.
    let mut cache = LoadCache::default();
    // The theme compiles while the first group is read and checked. Its errors
    // count only when the content has none, as in a build of all at once, which
    // reads the theme after the content.
    let (theme, mut first) = rayon::join(
        || compile_theme(root),
        || groups.first().map(|g| g.analyse(root, &mut cache)),
    );
    for (index, group) in groups.iter().enumerate() {
        let analysed = match first.take() {
            Some(analysed) => analysed,
            None => group.analyse(root, &mut cache),
        };
        held.add(analysed.diagnostics, analysed.sources);
        held.emit_finished(index, emit);
        let (Some(mut model), Ok(theme), Ok(())) =
            (analysed.model, theme.as_ref(), rendered.as_ref())
        else {
            continue;
        };
        if held.has_errors() || write_error.is_some() {
            continue;
        }
        // Regions read beside their members are rendered with their own group.
        model
            .municipalities
            .retain(|m| group.sites.contains(&m.slug));
        if !options.drafts {
            crate::drafts::withhold(&mut model);
        }
        report.municipalities += model.municipalities.len();
        entries.extend(model.municipalities.iter().map(SiteEntry::of));
        if writer.is_none() {
            match write::Stream::begin(out, options.force) {
                Ok(stream) => writer = Some(Writer::start(stream)),
                Err(error) => {
                    write_error = Some(write_failed(out, error));
                    continue;
                }
            }
        }
        // Rendered before the next group is read: reading it meanwhile kept two
        // groups' content at once, and memory grew with the country (a peak of
        // 574 mimalloc pages at 1 000 copies against 362 at 50).
        if let Some(writer) = &writer {
            rendered =
                render::render_each(&model.municipalities, theme, |files| writer.send(files));
        }
    }
    // Anything not of a site of this country, in order; what follows (the theme's
    // errors, a failure to render or write) comes after it, as in a build of all at
    // once.
    let failed = held.has_errors();
    let rest = held.rest();
    report.emitted = held.tally;
    report.diagnostics = rest.diagnostics;
    report.sources = rest.sources;
    if failed {
        if let Some(writer) = writer {
            writer.abandon();
        }
        return report;
    }
    if let Some(error) = write_error {
        report.diagnostics.push(error);
        return report;
    }
    let theme = match theme {
        Ok(theme) => theme,
        Err(diagnostics) => {
            report.diagnostics.extend(diagnostics);
            return report;
        }
    };
    let Some(writer) = writer else {
        return report;
    };
    // The list of sites in the order of their folders, as a build of all at once.
    entries.sort_by(|a, b| a.slug().cmp(b.slug()));
    let rendered = rendered.and_then(|()| {
        writer.send(render::render_root(&entries, &theme)?)?;
        writer.send(super::schemas())
    });
    if let Err(error) = writer.finish(rendered, &mut report) {
        report.diagnostics.push(write_failed(out, error));
    }
    report
}

/// The sites a group builds, and all it reads for them: each site with the region
/// it extends and, for a region, its members, whose sites its own pages list.
struct Group {
    sites: BTreeSet<String>,
    read: BTreeSet<String>,
}

/// What reading and checking a group found: its diagnostics with the source lines
/// they point at, and its model when it has no errors.
struct Analysed {
    diagnostics: Diagnostics,
    sources: SourceMap,
    model: Option<crate::model::Model>,
}

impl Group {
    /// Read (through `cache`), resolve and check what the group reads.
    fn analyse(&self, root: &Path, cache: &mut LoadCache) -> Analysed {
        let mut loaded = cache.load(root, Some(&self.read));
        let (part, model) = analyse_loaded(&loaded, SourceMap::default());
        let Report { diagnostics, .. } = part;
        let mut sources = cache.sources_of(&diagnostics);
        sources.keep_lines_of(&diagnostics);
        // The shared content goes back to the cache; the sites, not given back,
        // are forgotten by it.
        loaded.municipalities.clear();
        cache.restore(loaded);
        Analysed {
            diagnostics,
            sources,
            model,
        }
    }

    fn of(sites: &[String], regions: &BTreeMap<String, String>) -> Group {
        let sites: BTreeSet<String> = sites.iter().cloned().collect();
        let mut read = membership::with_regions(&sites, regions);
        read.extend(
            regions
                .iter()
                .filter(|(_, region)| sites.contains(*region))
                .map(|(member, _)| member.clone()),
        );
        Group { sites, read }
    }
}

/// The diagnostics found so far and not yet handed on, and what is needed to know
/// when a municipality's are complete.
struct Held {
    diagnostics: Diagnostics,
    sources: SourceMap,
    /// The folders in name order, and for each the last group that reads it: after
    /// that group nothing more can be found in it.
    folders: Vec<(String, usize)>,
    /// How many of `folders` have been handed on.
    done: usize,
    /// The shared content's diagnostics handed on (with the first group; every
    /// group finds them again), so as not to repeat them.
    shared: BTreeSet<String>,
    tally: Tally,
}

impl Held {
    fn new(groups: &[Group], folders: &[String]) -> Held {
        let last_read = |folder: &String| {
            groups
                .iter()
                .rposition(|g| g.read.contains(folder))
                .unwrap_or(0)
        };
        Held {
            diagnostics: Diagnostics::default(),
            sources: SourceMap::default(),
            folders: folders.iter().map(|f| (f.clone(), last_read(f))).collect(),
            done: 0,
            shared: BTreeSet::new(),
            tally: Tally::default(),
        }
    }

    /// A group's diagnostics, with the source lines they point at. Those of a site
    /// handed on already are left out: it is no longer read, so they are repeats.
    fn add(&mut self, found: Diagnostics, sources: SourceMap) {
        let handed_on: BTreeSet<&str> = self.folders[..self.done]
            .iter()
            .map(|(f, _)| f.as_str())
            .collect();
        for d in found.items {
            match municipality_of(&d) {
                Some(site) if handed_on.contains(site.as_str()) => {}
                None if self.shared.contains(&d.to_string()) => {}
                _ => self.diagnostics.push(d),
            }
        }
        self.sources.append(sources);
    }

    fn has_errors(&self) -> bool {
        self.tally.errors > 0 || self.diagnostics.has_errors()
    }

    /// Hand on the diagnostics of the sites no group after `index` reads, in name
    /// order and the shared content's.
    fn emit_finished(&mut self, index: usize, emit: &mut dyn FnMut(Report)) {
        let start = self.done;
        while self
            .folders
            .get(self.done)
            .is_some_and(|(_, last)| *last <= index)
        {
            self.done += 1;
        }
        let finished: BTreeSet<&str> = self.folders[start..self.done]
            .iter()
            .map(|(f, _)| f.as_str())
            .collect();
        let is_finished = |d: &Diagnostic| match municipality_of(d) {
            Some(site) => finished.contains(site.as_str()),
            None => true,
        };
        let (now, later): (Vec<Diagnostic>, Vec<Diagnostic>) =
            std::mem::take(&mut self.diagnostics.items)
                .into_iter()
                .partition(|d| is_finished(d));
        self.diagnostics.items = later;
        self.shared.extend(
            now.iter()
                .filter(|d| municipality_of(d).is_none())
                .map(Diagnostic::to_string),
        );
        let mut part = Diagnostics { items: now };
        part.sort();
        if part.items.is_empty() {
            return;
        }
        self.tally.add(&part);
        let sources = self.sources.take_lines_of(&part);
        // Lines kept for the sites handed on are no longer needed.
        self.sources.retain_paths(|path| {
            crate::report::site_folder_of(path)
                .and_then(|folder| folder.to_str())
                .is_none_or(|folder| !finished.contains(folder))
        });
        emit(Report {
            diagnostics: part,
            sources,
            ..Report::default()
        });
    }

    /// Everything not handed on, in order.
    fn rest(&mut self) -> Report {
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        diagnostics.sort();
        let sources = self.sources.take_lines_of(&diagnostics);
        Report {
            diagnostics,
            sources,
            ..Report::default()
        }
    }
}
