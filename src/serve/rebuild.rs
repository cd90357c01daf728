//! Rebuilding: one build at a time on a blocking thread, of what the changes since
//! the last good build affect; then the site in memory is updated and the browsers
//! told.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::json;
use tokio::sync::{mpsc, watch as channel};

use super::analysis::Analysis;
use super::fingerprint::{self, Fingerprint};
use super::site::{prepare, Prepared};
use super::watch::{self, Batch, Scope};
use super::{Message, Shared};
use crate::build::{self, Report};
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::load::cache::LoadCache;
use crate::load::theme::THEMES_DIR;
use crate::load::CONTENT_DIR;
use crate::model::OutputFile;
use crate::render::{self, Changed, FormFile, Partial, SiteRecord, Theme};

/// What one rebuild produced, on the blocking thread.
struct Outcome {
    /// What was rebuilt: for `All`, the municipality folders there were.
    scope: Scope,
    sites: BTreeSet<String>,
    built: Built,
    took: Duration,
    /// Only the rebuilt sites (and their regions) were read: the served front page
    /// and shared assets stay.
    partial: bool,
}

/// Of each served site, the fingerprint of the model its served files were rendered
/// from (`fingerprint`), and what render reported of them.
pub(super) type Served = BTreeMap<String, ServedSite>;

#[derive(Debug, Clone)]
pub(super) struct ServedSite {
    print: Fingerprint,
    record: SiteRecord,
}

/// What of a site's output a new print of its model changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Render {
    /// Nothing: the output served is that of the new model.
    Nothing,
    /// Only what reads these parts of it.
    Part(Changed),
    Whole,
}

/// The parts of a site's model whose change render can follow output by output
/// (`render::Changed`); a change to any other part renders the site whole.
const FOLLOWED_PARTS: &[&str] = &["forms"];

/// What to render of a site whose model now has `print`, served from `served`.
fn to_render(print: &Fingerprint, served: Option<&ServedSite>) -> Render {
    let Some(served) = served else {
        return Render::Whole;
    };
    let changes = print.changes(&served.print, Some(&served.record.listed_terms));
    if changes.is_empty() {
        Render::Nothing
    } else if changes.parts.iter().all(|p| FOLLOWED_PARTS.contains(p)) {
        Render::Part(Changed {
            forms: changes.parts.contains("forms"),
            listed_terms: changes.listed_terms,
        })
    } else {
        Render::Whole
    }
}

/// The changes to build in one go.
struct Job {
    root: PathBuf,
    paths: Vec<PathBuf>,
    rescan: bool,
    regions: BTreeMap<String, String>,
    carry: Scope,
    /// The compiled theme of the last build, unless the theme has changed since.
    theme: Option<Arc<Theme>>,
    /// Forms of earlier builds.
    reuse: build::Reuse,
    /// What earlier builds read, less what has changed since.
    cache: LoadCache,
    /// What earlier builds resolved and checked, less what has changed since.
    analysis: Analysis,
    served: Served,
    /// The site served now, whose pages that render the same again are kept.
    shared: Arc<Shared>,
}

/// What a job hands back besides its outcome: the state for the next one.
struct After {
    regions: BTreeMap<String, String>,
    theme: Option<Arc<Theme>>,
    /// The job's `carry` when it built nothing.
    carry: Scope,
    reuse: build::Reuse,
    cache: LoadCache,
    analysis: Analysis,
    served: Served,
}

impl Job {
    /// Work out what the changes affect and build that. `None` when nothing does.
    fn run(mut self) -> (After, Option<Outcome>) {
        // Whatever happens to the build, what changed is read again by the next one.
        if self.rescan {
            self.cache.forget_all();
        }
        for path in &self.paths {
            self.cache.forget(path);
        }
        self.forget_analysed();
        let site_file_changed = self.paths.iter().any(|p| {
            matches!(
                watch::classify(p),
                watch::Change::Site {
                    site_file: true,
                    ..
                }
            )
        });
        // Which region each site extends is written in the `site.yaml` files: read
        // them again only when one of them (or a whole folder) changed.
        let regions = if self.rescan || site_file_changed {
            crate::load::regions::read_regions(&self.root)
        } else {
            self.regions.clone()
        };
        let theme_changed = self.rescan
            || self
                .paths
                .iter()
                .any(|p| p.starts_with(THEMES_DIR) && watch::classify(p) != watch::Change::Ignore);
        let mut theme = if theme_changed { None } else { self.theme };
        let mut scope = if self.rescan {
            Scope::All
        } else {
            watch::scope_of(
                self.paths.iter().map(PathBuf::as_path),
                &self.regions,
                &regions,
            )
        };
        if scope.is_empty() {
            // Only editors' scratch files and the like: no need to build (nor to
            // repeat the last failure).
            let carry = self.carry;
            return (
                After {
                    regions,
                    theme,
                    carry,
                    reuse: self.reuse,
                    cache: self.cache,
                    analysis: self.analysis,
                    served: self.served,
                },
                None,
            );
        }
        scope.merge(self.carry);
        let started = Instant::now();
        let sites = crate::load::regions::list_sites(&self.root);
        let only = match &scope {
            Scope::All => None,
            Scope::Sites(only) => Some(only),
        };
        // An edit inside some municipalities needs only them (and the regions they
        // extend) read and checked again, not every site there is. A changed
        // `site.yaml` can change the list of all sites on the front page, or which
        // region a site belongs to: then everything is read.
        let read = only
            .filter(|_| !site_file_changed)
            .map(|only| crate::load::regions::with_regions(only, &regions));
        let mut reuse = self.reuse;
        let mut state = State {
            cache: self.cache,
            analysis: self.analysis,
            served: self.served,
        };
        let built = build_in_memory(
            only,
            read.as_ref(),
            &mut theme,
            &mut reuse,
            &mut state,
            &self.shared,
        );
        let took = started.elapsed();
        let outcome = Outcome {
            scope,
            sites,
            built,
            took,
            partial: read.is_some(),
        };
        let after = After {
            regions,
            theme,
            carry: Scope::default(),
            reuse,
            cache: state.cache,
            analysis: state.analysis,
            served: state.served,
        };
        (after, Some(outcome))
    }

    /// Forget what was analysed of what the changed paths affect: the
    /// municipalities changed and the members of a region changed. An edit to the
    /// shared content is compared key by key when it is analysed
    /// (`serve/analysis.rs`); anything else (events lost, a `site.yaml`, a folder
    /// come or gone, the theme and its words) forgets everything.
    fn forget_analysed(&mut self) {
        if self.rescan {
            self.analysis.forget_all();
            return;
        }
        for path in &self.paths {
            match watch::classify(path) {
                watch::Change::Ignore => {}
                watch::Change::Site {
                    site_file: false, ..
                } => {
                    let scope = watch::scope_of([path.as_path()], &self.regions, &self.regions);
                    match scope {
                        Scope::Sites(sites) => self.analysis.forget(&sites),
                        Scope::All => self.analysis.forget_all(),
                    }
                }
                watch::Change::All if path.starts_with(CONTENT_DIR) => {}
                watch::Change::Site {
                    site_file: true, ..
                }
                | watch::Change::All => self.analysis.forget_all(),
            }
        }
    }
}

/// What a build reads and updates of the state kept between builds.
struct State {
    cache: LoadCache,
    analysis: Analysis,
    served: Served,
}

/// What [`build_in_memory`] made.
struct Built {
    report: Report,
    /// The files of the sites in `replaced`, the list of sites and the shared assets,
    /// ready to serve; `None` on errors.
    files: Option<Prepared>,
    /// The forms' files of the sites in `replaced`, made when asked for.
    forms: Vec<FormFile>,
    replaced: BTreeSet<String>,
    /// The sites whose served files change: the browsers showing them reload.
    differ: BTreeSet<String>,
    /// How many sites were rendered.
    rendered: usize,
    /// How many pages of their models were rendered (the others taken as served).
    pages: usize,
    /// How many municipalities were resolved (the others' analysis was kept).
    resolved: usize,
    /// How long reading, resolving, checking and fingerprinting took.
    analysed: Duration,
    everything: bool,
}

/// [`build::build_in_memory`] of what changed among the sites in `only` (all when
/// `None`), reading the municipalities in `read` (all when `None`), with the compiled
/// theme kept between builds (compiling the templates would be most of the time a
/// one-page rebuild takes), the forms of earlier builds reused, and each page served
/// now kept where it renders the same.
///
/// Of the sites in scope, only those whose model's fingerprint differs from that of
/// their served output are rendered: an edit to a shared file renders again the
/// sites that show it, and no other. When every site was read, every site is in
/// scope (a changed `site.yaml` may change another site's model), and a served site
/// that is no longer there is replaced by nothing. `served` is updated only when
/// the build succeeds, since only then are its files served.
fn build_in_memory(
    only: Option<&BTreeSet<String>>,
    read: Option<&BTreeSet<String>>,
    cached: &mut Option<Arc<Theme>>,
    reuse: &mut build::Reuse,
    state: &mut State,
    shared: &Shared,
) -> Built {
    let started = Instant::now();
    let mut timings = Timings::new();
    // Only the files that changed since are read and parsed again.
    let loaded = state.cache.load(&shared.root, read);
    // A model analysed here for some sites outlives the match: render borrows it.
    let partial;
    let (report, model, prints, resolved) = match read {
        // Everything was read: of the analysis, only what changed is done again.
        None => {
            let report = state.analysis.analyse(&loaded, SourceMap::default());
            state.cache.restore(loaded);
            let model = report.ok().then(|| state.analysis.model());
            let resolved = state.analysis.resolved().len();
            (report, model, state.analysis.prints(), resolved)
        }
        // Some municipalities, and the regions they extend: analysed whole.
        Some(_) => {
            let (report, model) = build::analyse_loaded(&loaded, SourceMap::default());
            state.cache.restore(loaded);
            partial = model;
            let in_scope = |slug: &str| only.is_none_or(|o| o.contains(slug));
            let prints: Vec<(&str, Option<Fingerprint>)> = partial
                .iter()
                .flat_map(|m| &m.municipalities)
                .collect::<Vec<_>>()
                .par_iter()
                .filter(|m| in_scope(&m.slug))
                .map(|m| (m.slug.as_str(), fingerprint::of_site(m)))
                .collect();
            let resolved = partial.as_ref().map_or(0, |m| m.municipalities.len());
            (report, partial.as_ref(), prints, resolved)
        }
    };
    let analysed = started.elapsed();
    timings.lap("analysis");
    timings.print("analysis");
    let mut built = render_changed(
        report,
        model,
        prints,
        only,
        read,
        cached,
        reuse,
        &mut state.served,
        shared,
    );
    built.resolved = resolved;
    built.analysed = analysed;
    // The text of the files the diagnostics point at, to show them with their lines.
    built.report.sources = state.cache.sources_of(&built.report.diagnostics);
    built
}

/// The second half of [`build_in_memory`]: render what changed of the analysed
/// `model` (`None` after errors in `report`), whose sites in scope have the
/// fingerprints `prints`.
#[allow(clippy::too_many_arguments)] // the state build_in_memory holds, passed on
fn render_changed(
    mut report: Report,
    model: Option<&crate::model::Model>,
    prints: Vec<(&str, Option<Fingerprint>)>,
    only: Option<&BTreeSet<String>>,
    read: Option<&BTreeSet<String>>,
    cached: &mut Option<Arc<Theme>>,
    reuse: &mut build::Reuse,
    served: &mut Served,
    shared: &Shared,
) -> Built {
    let root = shared.root.as_path();
    let failed = |report| Built {
        report,
        files: None,
        forms: Vec::new(),
        replaced: BTreeSet::new(),
        differ: BTreeSet::new(),
        rendered: 0,
        pages: 0,
        resolved: 0,
        analysed: Duration::ZERO,
        everything: false,
    };
    let Some(model) = model else {
        return failed(report);
    };
    // A new theme can change every page: nothing served is known to be current.
    let everything = cached.is_none();
    let theme = match cached {
        Some(theme) => Arc::clone(theme),
        None => match build::compile_theme(root) {
            Ok(theme) => Arc::clone(cached.insert(Arc::new(theme))),
            Err(diagnostics) => {
                report.diagnostics.extend(diagnostics);
                return failed(report);
            }
        },
    };
    // Of each site in scope, what to render: nothing when its output is that of
    // its new model, else what reads the parts that changed, or the whole site.
    let plans: BTreeMap<String, Render> = prints
        .iter()
        .map(|(slug, print)| {
            let plan = match print {
                Some(print) if !everything => to_render(print, served.get(*slug)),
                _ => Render::Whole,
            };
            (slug.to_string(), plan)
        })
        .filter(|(_, plan)| *plan != Render::Nothing)
        .collect();
    let changed: BTreeSet<String> = plans.keys().cloned().collect();
    let present: BTreeSet<&str> = model
        .municipalities
        .iter()
        .map(|m| m.slug.as_str())
        .collect();
    let gone: BTreeSet<String> = match read {
        // Everything was read: a served site not in the model is gone.
        None => served
            .keys()
            .filter(|s| !present.contains(s.as_str()))
            .cloned()
            .collect(),
        Some(_) => only
            .into_iter()
            .flatten()
            .filter(|s| !present.contains(s.as_str()))
            .cloned()
            .collect(),
    };
    let parts: BTreeMap<String, Changed> = plans
        .iter()
        .filter_map(|(slug, plan)| match plan {
            Render::Part(changed) => Some((slug.clone(), *changed)),
            _ => None,
        })
        .collect();
    let (report, rendered) = render_in_chunks(
        report, model, &theme, &changed, &parts, served, reuse, shared,
    );
    let (files, mut records, forms) = match rendered {
        Some((files, differ, records, forms)) => (Some((files, differ)), records, forms),
        None => (None, BTreeMap::new(), Vec::new()),
    };
    let pages = records.values().map(|r| r.pages_rendered).sum();
    if files.is_none() && everything {
        // The sites served were made with another theme: until a build with this one
        // succeeds, none of them is current, whatever its model.
        *cached = None;
    }
    if files.is_some() {
        // What the forms' writers keep for the process, of the forms served now only.
        reuse.forget_other_forms();
        for slug in &gone {
            served.remove(slug);
        }
        for (slug, print) in prints {
            // A site rendered now: its new record; one not rendered: its output is
            // that of its new print, and what it shows as recorded.
            let record = records
                .remove(slug)
                .or_else(|| served.get(slug).map(|s| s.record.clone()));
            match (print, record) {
                (Some(print), Some(record)) => {
                    served.insert(slug.to_string(), ServedSite { print, record });
                }
                _ => {
                    served.remove(slug);
                }
            }
        }
    }
    let rendered = changed.len();
    let mut replaced = changed;
    replaced.extend(gone.iter().cloned());
    let (files, differ) = files.unzip();
    let mut differ = differ.unwrap_or_default();
    differ.extend(gone);
    Built {
        report,
        files,
        forms,
        replaced,
        differ,
        rendered,
        pages,
        resolved: 0,
        analysed: Duration::ZERO,
        everything,
    }
}

/// How many sites are rendered at a time: their files, as rendered, are held only
/// until they are minified, so memory holds a few sites' worth of them, not all.
const SITES_AT_A_TIME: usize = 16;

/// Render the sites in `sites`, a few at a time, each lot made ready to serve before
/// the next is rendered; then the list of sites and the shared assets. Also returns
/// the sites whose files differ from those served now.
#[allow(clippy::too_many_arguments, clippy::type_complexity)] // render_changed's state
fn render_in_chunks(
    mut report: Report,
    model: &crate::model::Model,
    theme: &Theme,
    sites: &BTreeSet<String>,
    parts: &BTreeMap<String, Changed>,
    served: &Served,
    reuse: &mut build::Reuse,
    shared: &Shared,
) -> (
    Report,
    Option<(
        Prepared,
        BTreeSet<String>,
        BTreeMap<String, SiteRecord>,
        Vec<FormFile>,
    )>,
) {
    let sites: Vec<&String> = sites.iter().collect();
    let mut prepared = Prepared::new();
    let mut forms = Vec::new();
    // How many files each site serves: nothing serves anew while a build runs.
    let served_counts: BTreeMap<String, usize> = shared
        .site()
        .counts()
        .into_iter()
        .map(|(slug, count)| (slug.to_string(), count))
        .collect();
    let mut timings = Timings::new();
    let mut differ = BTreeSet::new();
    let mut records = BTreeMap::new();
    for lot in sites.chunks(SITES_AT_A_TIME) {
        let lot: BTreeSet<String> = lot.iter().map(|s| s.to_string()).collect();
        let (after, files) = {
            // The pages that read nothing that changed are taken as served.
            let site = shared.site();
            let page = |key: &str| site.rendered_page(key);
            let file = |key: &str| site.get(key);
            let is_served = |key: &str| site.kept(key).is_some();
            let partials: render::Partials = lot
                .iter()
                .filter_map(|slug| {
                    let changed = *parts.get(slug)?;
                    let record = &served.get(slug)?.record;
                    Some((
                        slug.clone(),
                        Partial {
                            changed,
                            record,
                            served: &page,
                            served_file: &file,
                            is_served: &is_served,
                        },
                    ))
                })
                .collect();
            timings.lap("other");
            build::render_in_part(
                report,
                model,
                theme,
                Some(&lot),
                reuse,
                &partials,
                build::Whole::SitesOnly,
            )
        };
        report = after;
        timings.lap("render");
        let Some((files, mut lot_records)) = files else {
            return (report, None);
        };
        // The pages a partial render kept as they are served, served on.
        let mut kept: Prepared = Vec::new();
        {
            let site = shared.site();
            for record in lot_records.values_mut() {
                for key in std::mem::take(&mut record.kept) {
                    // Served when the render looked, and nothing serves anew while a
                    // build runs.
                    if let Some((bytes, source)) = site.kept(&key) {
                        kept.push((key, bytes, Some(source)));
                    }
                }
            }
        }
        records.extend(lot_records);
        // The list of sites and the shared assets come once, at the end (a lot has
        // none; what is not of its sites is left out all the same).
        let own: Vec<OutputFile> = files
            .into_iter()
            .filter(|f| {
                f.path
                    .iter()
                    .next()
                    .is_some_and(|first| lot.contains(first.to_string_lossy().as_ref()))
            })
            .collect();
        // The forms' files render left out: made when asked for.
        let lot_forms: Vec<FormFile> = model
            .municipalities
            .iter()
            .filter(|m| lot.contains(&m.slug))
            .flat_map(|m| reuse.form_files(m))
            .collect();
        let site = shared.site();
        timings.lap("other");
        let mut files = prepare(own, &site);
        timings.lap("prepare");
        files.extend(kept);
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (key, bytes, source) in &files {
            let slug = key.split('/').next().unwrap_or_default();
            *counts.entry(slug).or_insert(0) += 1;
            if !site.serves(key, bytes, *source) {
                differ.insert(slug.to_string());
            }
        }
        for form in &lot_forms {
            let slug = form.path.split('/').next().unwrap_or_default();
            *counts.entry(slug).or_insert(0) += 1;
            if !site.serves_form(form) {
                differ.insert(slug.to_string());
            }
        }
        for slug in &lot {
            if counts.get(slug.as_str()) != served_counts.get(slug) {
                differ.insert(slug.clone());
            }
        }
        drop(site);
        prepared.extend(files);
        forms.extend(lot_forms);
        timings.lap("compare");
    }
    let (report, files) =
        build::render_reusing(report, model, theme, Some(&BTreeSet::new()), reuse);
    let result = match files {
        Some(files) => {
            prepared.extend(prepare(files, &shared.site()));
            (report, Some((prepared, differ, records, forms)))
        }
        None => (report, None),
    };
    timings.lap("root");
    timings.print("render in lots");
    result
}

/// Wall time per step of a rebuild, printed when `VEIVISER_SERVE_TIMINGS` is set
/// (to see where an edit's time goes; nothing is measured otherwise).
struct Timings {
    last: Option<Instant>,
    steps: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn new() -> Timings {
        let on = std::env::var_os("VEIVISER_SERVE_TIMINGS").is_some();
        Timings {
            last: on.then(Instant::now),
            steps: Vec::new(),
        }
    }

    /// The time since the last lap, added to `step`.
    fn lap(&mut self, step: &'static str) {
        let Some(last) = self.last else {
            return;
        };
        let now = Instant::now();
        match self.steps.iter_mut().find(|(s, _)| *s == step) {
            Some((_, total)) => *total += now - last,
            None => self.steps.push((step, now - last)),
        }
        self.last = Some(now);
    }

    fn print(&self, what: &str) {
        if self.last.is_none() {
            return;
        }
        let steps: Vec<String> = self
            .steps
            .iter()
            .map(|(step, took)| format!("{step} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        eprintln!("timings: {what}: {}", steps.join(", "));
    }
}

pub(super) struct Rebuilder {
    pub(super) root: PathBuf,
    shared: Arc<Shared>,
    color: bool,
    /// Member → region, as of the last look.
    regions: BTreeMap<String, String>,
    /// What failed builds should have rebuilt: built with the next change.
    carry: Scope,
    theme: Option<Arc<Theme>>,
    /// The diagnostics printed last, so that unchanged warnings are not repeated.
    shown: Vec<Diagnostic>,
    /// Forms of earlier builds; with the job while it runs.
    reuse: build::Reuse,
    /// What earlier builds read; with the job while it runs.
    cache: LoadCache,
    /// What earlier builds resolved and checked; with the job while it runs.
    analysis: Analysis,
    /// The fingerprints of the served sites; with the job while it runs.
    served: Served,
}

impl Rebuilder {
    pub(super) fn new(root: PathBuf, shared: Arc<Shared>, color: bool) -> Rebuilder {
        Rebuilder {
            root,
            shared,
            color,
            regions: BTreeMap::new(),
            carry: Scope::default(),
            theme: None,
            shown: Vec::new(),
            reuse: build::Reuse::forms_on_request(),
            cache: LoadCache::default(),
            analysis: Analysis::default(),
            served: Served::new(),
        }
    }

    /// Build everything. Returns the number of municipalities.
    pub(super) async fn first_build(&mut self) -> usize {
        let job = Job {
            root: self.root.clone(),
            paths: Vec::new(),
            rescan: true,
            regions: BTreeMap::new(),
            carry: Scope::All,
            theme: None,
            reuse: std::mem::take(&mut self.reuse),
            cache: std::mem::take(&mut self.cache),
            analysis: std::mem::take(&mut self.analysis),
            served: std::mem::take(&mut self.served),
            shared: Arc::clone(&self.shared),
        };
        self.build(job, None).await.unwrap_or(0)
    }

    /// Rebuild after each batch of changes until shutdown.
    pub(super) async fn run(
        mut self,
        mut changes: mpsc::UnboundedReceiver<Batch>,
        mut watcher: watch::Watcher,
        mut shutdown: channel::Receiver<bool>,
    ) {
        loop {
            let batch = tokio::select! {
                biased;
                _ = shutdown.wait_for(|stopped| *stopped) => break,
                batch = changes.recv() => match batch {
                    Some(batch) => batch,
                    None => break,
                },
            };
            // Everything that came in while the last build ran goes into this one.
            let mut batches = vec![batch];
            while let Ok(more) = changes.try_recv() {
                batches.push(more);
            }
            let first = batches.iter().map(|b| b.first).min();
            let rescan = batches.iter().any(|b| b.rescan);
            let paths: Vec<PathBuf> = batches.into_iter().flat_map(|b| b.paths).collect();
            // A watched folder that was (re)created needs watching again.
            for dir in watch::WATCHED {
                if paths.iter().any(|p| p == Path::new(dir)) {
                    if let Err(error) = watch::watch_dir(&mut watcher, &self.root, dir) {
                        eprintln!("cannot watch {dir}/: {error}");
                    }
                }
            }
            let job = Job {
                root: self.root.clone(),
                paths,
                rescan,
                regions: self.regions.clone(),
                carry: std::mem::take(&mut self.carry),
                theme: self.theme.take(),
                reuse: std::mem::take(&mut self.reuse),
                cache: std::mem::take(&mut self.cache),
                analysis: std::mem::take(&mut self.analysis),
                served: std::mem::take(&mut self.served),
                shared: Arc::clone(&self.shared),
            };
            self.build(job, first).await;
        }
        drop(watcher);
    }

    /// Run one build on a blocking thread and publish its result. Returns the number
    /// of municipalities, or `None` when nothing was built.
    async fn build(&mut self, job: Job, first: Option<Instant>) -> Option<usize> {
        let result = tokio::task::spawn_blocking(move || job.run()).await;
        let (after, outcome) = match result {
            Ok(done) => done,
            Err(error) => {
                // The build panicked: keep serving the last good site.
                eprintln!("build failed: internal error: {error}");
                self.carry = Scope::All;
                // What the job held is lost: the forms are written again.
                self.reuse = build::Reuse::forms_on_request();
                return None;
            }
        };
        self.regions = after.regions;
        self.theme = after.theme;
        self.reuse = after.reuse;
        self.cache = after.cache;
        self.analysis = after.analysis;
        self.served = after.served;
        self.carry.merge(after.carry);
        let outcome = outcome?;
        Some(self.publish(outcome, first))
    }

    fn publish(&mut self, outcome: Outcome, first: Option<Instant>) -> usize {
        let Outcome {
            scope,
            sites,
            built:
                Built {
                    report,
                    files,
                    forms,
                    replaced,
                    differ,
                    rendered,
                    pages,
                    resolved,
                    analysed,
                    everything,
                },
            took,
            partial,
        } = outcome;
        let municipalities = report.municipalities;
        let Some(files) = files else {
            let errors: Vec<_> = report
                .diagnostics
                .errors()
                .map(|d| {
                    json!({
                        "location": d.loc.to_string(),
                        "file": d.loc.file.to_string_lossy(),
                        "line": d.loc.line,
                        "column": d.loc.column,
                        "message": d.message,
                        "help": d.help,
                    })
                })
                .collect();
            eprintln!("build failed: {} error(s)", errors.len());
            self.print(&report, true);
            let data = json!({ "errors": errors }).to_string();
            self.shared.set_error(Some(data.clone()));
            let _ = self.shared.events.send(Message::Error(data));
            self.carry.merge(scope);
            // The count of a build that failed early is 0: count the folders.
            return municipalities.max(sites.len());
        };
        let mut timings = Timings::new();
        {
            let mut site = self
                .shared
                .site
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            if partial {
                site.replace_sites(files, &replaced);
            } else {
                site.replace(files, &replaced);
            }
            site.add_forms(forms);
        }
        timings.lap("replace");
        timings.print("publish");
        self.shared.set_error(None);
        let since_edit = first.map(|t| t.elapsed().as_millis());
        // The browsers showing a site whose pages did not change need not reload.
        let slugs = (!everything).then(|| differ.iter().cloned().collect::<Vec<_>>());
        let data = json!({
            "slugs": slugs,
            "rendered": rendered,
            "pages": pages,
            "resolved": resolved,
            "analyse_ms": analysed.as_millis(),
            "build_ms": took.as_millis(),
            "since_edit_ms": since_edit,
        })
        .to_string();
        let _ = self.shared.events.send(Message::Reload(data));
        self.print(&report, false);
        if let Some(since_edit) = since_edit {
            let what = match &slugs {
                None => "all municipalities".to_string(),
                Some(slugs) if slugs.is_empty() => "no municipality (no page changed)".to_string(),
                Some(slugs) if slugs.len() > 10 => format!("{} municipalities", slugs.len()),
                Some(slugs) => slugs.join(", "),
            };
            eprintln!(
                "rebuilt {what} in {} ms ({since_edit} ms after the save)",
                took.as_millis()
            );
        }
        municipalities
    }

    /// The diagnostics of a build: all of them after a failure, warnings only when
    /// they changed since last shown.
    fn print(&mut self, report: &Report, failed: bool) {
        let items = &report.diagnostics.items;
        if !failed && *items == self.shown {
            return;
        }
        for diagnostic in items {
            eprintln!("{}\n", report.sources.render(diagnostic, self.color));
        }
        self.shown = items.clone();
    }
}
