//! A country built a few municipalities at a time. Loading, resolving and checking
//! keep every site's content (and every file's text, for diagnostics) in memory,
//! about half a megabyte per municipality; for a large country the build reads,
//! checks and renders `SITES_AT_ONCE` of them at a time instead (each with the
//! regions it extends) and keeps of each only what the list of sites shows and the
//! source lines its diagnostics point at. The output and the diagnostics are the
//! same as a build of all at once: the sites are rendered into one spare folder,
//! published only when no group had an error, and the diagnostics of all groups are
//! put together in the same order (a region read beside its members in several
//! groups is reported once).

use std::collections::BTreeSet;
use std::path::Path;

use super::{analyse_loaded, compile_theme, write_failed, Options, Report, Writer};
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::load::cache::LoadCache;
use crate::load::regions as membership;
use crate::render::{self, SiteEntry};
use crate::write;

pub(super) fn build_in_chunks(
    root: &Path,
    out: &Path,
    options: Options,
    folders: &[String],
    at_once: usize,
) -> Report {
    let mut report = Report::default();
    // The theme's errors count only when the content has none, as in a build of
    // all at once, which reads the theme after the content.
    let theme = compile_theme(root);
    let regions = membership::read_regions(root);
    let mut writer: Option<Writer> = None;
    let mut write_error: Option<Diagnostic> = None;
    let mut rendered: Result<(), Diagnostic> = Ok(());
    let mut entries: Vec<SiteEntry> = Vec::new();
    // The shared content (guidance catalogue, glossary, form library) is read and
    // parsed once for all groups; each group's sites are read anew and let go.
    let mut cache = LoadCache::default();
    for group in folders.chunks(at_once) {
        let build: BTreeSet<String> = group.iter().cloned().collect();
        // Each site is read with the regions it extends and, for a region, its
        // members, whose sites its own pages list.
        let mut read = membership::with_regions(&build, &regions);
        read.extend(
            regions
                .iter()
                .filter(|(_, region)| build.contains(*region))
                .map(|(member, _)| member.clone()),
        );
        let mut loaded = cache.load(root, Some(&read));
        let (part, model) = analyse_loaded(&loaded, SourceMap::default());
        let Report { diagnostics, .. } = part;
        let mut sources = cache.sources_of(&diagnostics);
        sources.keep_lines_of(&diagnostics);
        // The shared content goes back to the cache; the sites, not given back,
        // are forgotten by it.
        loaded.municipalities.clear();
        cache.restore(loaded);
        report.sources.append(sources);
        report.diagnostics.extend(diagnostics.items);
        let (Some(mut model), Ok(theme), Ok(())) = (model, theme.as_ref(), rendered.as_ref())
        else {
            continue;
        };
        if report.diagnostics.has_errors() || write_error.is_some() {
            continue;
        }
        // Regions read beside their members are rendered with their own group.
        model.municipalities.retain(|m| build.contains(&m.slug));
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
        if let Some(writer) = &writer {
            rendered =
                render::render_each(&model.municipalities, theme, |files| writer.send(files));
        }
    }
    report.diagnostics.sort();
    if report.diagnostics.has_errors() {
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
