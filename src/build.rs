//! The pipeline, end to end: load → resolve → check → render → write.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Loc, SourceMap};
use crate::load::theme::{self, DEFAULT_THEME};
use crate::model::Model;
use crate::render::{self, Theme};
use crate::{check, load, resolve, write};

mod chunked;
#[cfg(test)]
mod page_values;
mod partial;
pub use partial::{build_partial, names, select, Published, Selection};

/// What a build or check found and, for a build, what it wrote.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    /// The text of every file read, to show diagnostics with their source line.
    pub sources: SourceMap,
    pub municipalities: usize,
    pub pages: usize,
    /// Fillable forms written (each as HTML, PDF and ODT).
    pub forms: usize,
    pub files: usize,
    /// The diagnostics handed on already by [`build_streaming`], not in
    /// `diagnostics`.
    pub emitted: Tally,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.emitted.errors == 0 && !self.diagnostics.has_errors()
    }

    /// Errors found, those handed on already included.
    pub fn errors(&self) -> usize {
        self.emitted.errors + self.diagnostics.errors().count()
    }

    /// Warnings found, those handed on already included.
    pub fn warnings(&self) -> usize {
        self.emitted.warnings + self.diagnostics.warnings().count()
    }
}

/// How many errors and warnings.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    fn add(&mut self, diagnostics: &Diagnostics) {
        let errors = diagnostics.errors().count();
        self.errors += errors;
        self.warnings += diagnostics.items.len() - errors;
    }
}

/// Load, resolve and check: everything but producing output. Returns the model when
/// there were no errors.
pub fn analyse(root: &Path) -> (Report, Option<Model>) {
    analyse_only(root, None)
}

/// [`analyse`] of the shared content and the municipalities in `only` (all when
/// `None`). The model then holds only those: `serve` renders from it the sites an edit
/// affects, with the regions they extend loaded beside them.
pub fn analyse_only(
    root: &Path,
    only: Option<&std::collections::BTreeSet<String>>,
) -> (Report, Option<Model>) {
    let loaded = load::load_only(root, only);
    analyse_loaded(&loaded, loaded.sources.clone())
}

/// [`analyse_only`] of what was loaded already, with `sources` (the text of the
/// files read, or at least of those the diagnostics point at) for the report.
pub fn analyse_loaded(loaded: &load::Loaded, sources: SourceMap) -> (Report, Option<Model>) {
    let (model, resolve_diagnostics) = resolve::resolve(loaded);
    let checked = check::check(&model);
    let report = analysis_report(
        loaded,
        sources,
        resolve_diagnostics.items,
        checked.items,
        model.municipalities.len(),
    );
    let ok = report.ok();
    (report, ok.then_some(model))
}

/// The report of an analysis from its parts: what load found (in `loaded`), what
/// resolve found (`resolved`) and check's advice (`checked`), less what follows from
/// a file that could not be read, in order. `serve` puts it together from the
/// municipalities it resolved again and those it kept.
pub fn analysis_report(
    loaded: &load::Loaded,
    sources: SourceMap,
    resolved: impl IntoIterator<Item = Diagnostic>,
    checked: impl IntoIterator<Item = Diagnostic>,
    municipalities: usize,
) -> Report {
    let mut report = Report {
        diagnostics: loaded.diagnostics.clone(),
        sources,
        ..Report::default()
    };
    // A file that could not be read makes everything that refers into it look broken;
    // report only the cause until it is fixed.
    let unreadable: Vec<PathBuf> = loaded
        .diagnostics
        .errors()
        .filter_map(|d| municipality_dir(&d.loc.file))
        .collect();
    let follows_from_load_error =
        |d: &Diagnostic| municipality_dir(&d.loc.file).is_some_and(|m| unreadable.contains(&m));
    report.diagnostics.extend(
        resolved
            .into_iter()
            .chain(checked)
            .filter(|d| !follows_from_load_error(d)),
    );
    report.diagnostics.sort();
    report.municipalities = municipalities;
    report
}

/// How to build.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Publish drafts (`unfilled: true`) too, marked as drafts (`build --drafts`).
    /// Without it they are left out of everything a reader sees.
    pub drafts: bool,
    /// Replace an output folder veiviser did not write (`build --force`).
    pub force: bool,
    /// How many municipalities to read, check and render at a time (default
    /// [`SITES_AT_ONCE`]); the output is the same whatever it is.
    pub sites_at_once: Option<usize>,
}

/// Build every municipality under `root` into `out`, without drafts. On any error
/// nothing is written and the previous contents of `out` stay as they were. A folder
/// veiviser did not write is refused.
pub fn build(root: &Path, out: &Path) -> Report {
    build_with(root, out, Options::default())
}

/// [`build`] with options.
pub fn build_with(root: &Path, out: &Path, options: Options) -> Report {
    let mut parts = Report::default();
    let rest = build_streaming(root, out, options, &mut |part: Report| {
        parts.diagnostics.extend(part.diagnostics.items);
        parts.sources.append(part.sources);
    });
    parts.diagnostics.extend(rest.diagnostics.items);
    parts.sources.append(rest.sources);
    Report {
        diagnostics: parts.diagnostics,
        sources: parts.sources,
        emitted: Tally::default(),
        ..rest
    }
}

/// [`build_with`], handing diagnostics to `emit` as soon as they are final, a few
/// municipalities at a time, in the order of the report, so that a large country's
/// are not all held to the end (the command line writes them out as they come).
/// The report returned holds those not handed on, and counts the others in
/// `emitted`. A country of no more than [`SITES_AT_ONCE`] hands on nothing.
pub fn build_streaming(
    root: &Path,
    out: &Path,
    options: Options,
    emit: &mut dyn FnMut(Report),
) -> Report {
    if let Some(report) = refused(root, out, options) {
        return report;
    }
    let at_once = options.sites_at_once.unwrap_or(SITES_AT_ONCE).max(1);
    let folders = site_folders(root);
    if folders.len() > at_once {
        return chunked::build_in_chunks(root, out, options, &folders, at_once, emit);
    }
    // The theme is compiled while the content is read and checked (a small site
    // waited as long for the one as for the other); its errors still count only
    // when the content has none.
    let ((mut report, model), theme) = rayon::join(|| analyse(root), || compile_theme(root));
    let Some(mut model) = model else {
        return report;
    };
    if !options.drafts {
        crate::drafts::withhold(&mut model);
    }
    let theme = match theme {
        Ok(theme) => theme,
        Err(diagnostics) => {
            report.diagnostics.extend(diagnostics);
            return report;
        }
    };
    let written = write::Stream::begin(out, options.force).and_then(|stream| {
        let writer = Writer::start(stream);
        let sites = render::render_each(&model.municipalities, &theme, |files| writer.send(files))
            .and_then(|()| finish_root(&model.municipalities, &theme, &writer));
        writer.finish(sites, &mut report)
    });
    if let Err(error) = written {
        report.diagnostics.push(write_failed(out, error));
    }
    report
}

/// How many municipalities a build reads, checks and renders at a time when there
/// are more: memory then holds that many sites' content and a few sites' output,
/// whatever the size of the country. Sixteen keep two cores as busy as 32 did and
/// the peak lower and flatter (fullest country, 50 → 1 000 copies: 43 → 45–47 MB
/// against 46–48 → 51–54 MB with 32; docs/performance.md, round 8).
pub const SITES_AT_ONCE: usize = 16;

/// The folders under `municipalities/` that load reads or reports (folders and
/// links, hidden ones left out), by name.
fn site_folders(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(load::MUNICIPALITIES_DIR)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir() || t.is_symlink()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The list of all sites and the shared assets, then the content files' JSON
/// Schemas, to the writer.
fn finish_root(
    sites: &[crate::model::Municipality],
    theme: &Theme,
    writer: &Writer,
) -> Result<(), Diagnostic> {
    let entries: Vec<render::SiteEntry> = sites.iter().map(render::SiteEntry::of).collect();
    writer.send(render::render_root(&entries, theme)?)?;
    writer.send(schemas())
}

/// The report of a build refused before its work: an output folder that would
/// overwrite the content, is a file, or is not veiviser's.
fn refused(root: &Path, out: &Path, options: Options) -> Option<Report> {
    let refusal = guard_output(root, out)
        .err()
        .or_else(|| write::refusal(out, options.force))?;
    let mut report = Report::default();
    report.diagnostics.push(refusal);
    Some(report)
}

/// Why the output folder could not be written, for the editor.
fn write_failed(out: &Path, error: write::WriteError) -> Diagnostic {
    match error {
        write::WriteError::Refused { message, help } => {
            Diagnostic::error(Loc::file(out), message).help(help)
        }
        write::WriteError::Io(error) => Diagnostic::error(
            Loc::file(out),
            format!("cannot write the output folder: {error}"),
        )
        .help("check that the folder is writable and the disk is not full; the previous output is unchanged"),
    }
}

/// How many sites' finished files may wait for the writer. Small: what waits is held
/// in memory, and rendering is the slower side.
const WRITE_QUEUE: usize = 2;

/// One writer thread that puts finished files into the spare folder as rayon's
/// workers hand them over (each site's pages checked for cost and minified first),
/// through a bounded queue, so memory holds a few sites at a time, not the whole
/// output. The new site is published (`Stream::finish`) only when every site
/// rendered without error and every file was written; otherwise the output stays
/// as it was.
struct Writer {
    sender: std::sync::mpsc::SyncSender<Vec<render::OutputFile>>,
    thread: std::thread::JoinHandle<std::io::Result<(write::Stream, Counts)>>,
}

impl Writer {
    fn start(mut stream: write::Stream) -> Writer {
        let (sender, receiver) =
            std::sync::mpsc::sync_channel::<Vec<render::OutputFile>>(WRITE_QUEUE);
        // The writer uses no rayon: the workers wait on it when the queue is full.
        let thread = std::thread::spawn(move || {
            let mut counts = Counts::default();
            // Each lot is one site's files (or the list of sites and the shared
            // assets): a site's folder is settled as soon as its files are written.
            for files in receiver {
                stream.put_site(&files)?;
                for file in &files {
                    counts.add(file);
                }
            }
            Ok((stream, counts))
        });
        Writer { sender, thread }
    }

    /// Check a site's pages for cost and queue them for writing.
    fn send(&self, files: Vec<render::OutputFile>) -> Result<(), Diagnostic> {
        if let Some(d) = too_costly(&files) {
            return Err(d);
        }
        // Fails only when the writer stopped on an error, which `finish` returns.
        self.sender
            .send(files)
            .map_err(|_| Diagnostic::error(Loc::file(""), "the writer stopped"))
    }

    /// Stop, and leave the output as it was (the spare folder is let go).
    fn abandon(self) {
        drop(self.sender);
        let _ = self.thread.join();
    }

    /// Wait for the writer; publish when `rendered` is `Ok` and all was written.
    /// Errors in the content go into `report` (and `Ok` is returned with nothing
    /// published); a failure to write is the `Err`.
    fn finish(
        self,
        rendered: Result<(), Diagnostic>,
        report: &mut Report,
    ) -> Result<(), write::WriteError> {
        drop(self.sender);
        let (stream, counts) = self
            .thread
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writer thread panicked")))?;
        if let Err(d) = rendered {
            report.diagnostics.push(d);
            // Dropping the stream leaves the output as it was.
            return Ok(());
        }
        stream.finish()?;
        report.pages += counts.pages;
        report.forms += counts.forms;
        report.files += counts.files;
        Ok(())
    }
}

/// The content files' JSON Schemas, published for editors' tools (see `schema`).
fn schemas() -> Vec<render::OutputFile> {
    crate::schema::published()
        .into_iter()
        .map(|(path, bytes)| render::OutputFile::new(path, bytes))
        .collect()
}

/// What a build wrote, counted as it goes.
#[derive(Default)]
struct Counts {
    pages: usize,
    forms: usize,
    files: usize,
}

impl Counts {
    fn add(&mut self, file: &render::OutputFile) {
        self.files += 1;
        if file.is_html() {
            self.pages += 1;
        }
        if is_form_pdf(file) {
            self.forms += 1;
        }
    }
}

/// A form's PDF (one per fillable form).
fn is_form_pdf(file: &render::OutputFile) -> bool {
    file.path.extension().is_some_and(|e| e == "pdf")
        && file.path.components().any(|c| c.as_os_str() == "skjema")
}

/// The error for the first page in `files` nested too deep or too large to publish.
fn too_costly(files: &[render::OutputFile]) -> Option<Diagnostic> {
    let (page, problem) = write::too_costly(files)?;
    let slug = page.path.iter().next().unwrap_or_default();
    Some(
        Diagnostic::error(
            Loc::file(Path::new(load::MUNICIPALITIES_DIR).join(slug)),
            format!("the page `{}` {problem}", page.path.display()),
        )
        .help("a text on this page nests too deep or is too long: look for unclosed HTML elements and very long tables or lists"),
    )
}

/// Load, resolve, check and render, keeping the finished files in memory: every site,
/// or only those in `only` (plus the list of sites and the shared assets), with
/// drafts shown as `serve` shows them. `None` when there were errors.
pub fn build_in_memory(
    root: &Path,
    only: Option<&std::collections::BTreeSet<String>>,
) -> (Report, Option<Vec<render::OutputFile>>) {
    build_in_memory_with(
        root,
        only,
        Options {
            drafts: true,
            ..Options::default()
        },
    )
}

/// [`build_in_memory`] with options: without `drafts`, drafts are left out.
pub fn build_in_memory_with(
    root: &Path,
    only: Option<&std::collections::BTreeSet<String>>,
    options: Options,
) -> (Report, Option<Vec<render::OutputFile>>) {
    let (mut report, model) = analyse(root);
    let Some(mut model) = model else {
        return (report, None);
    };
    if !options.drafts {
        crate::drafts::withhold(&mut model);
    }
    match compile_theme(root) {
        Ok(theme) => render_model(report, &model, &theme, only, None),
        Err(diagnostics) => {
            report.diagnostics.extend(diagnostics);
            (report, None)
        }
    }
}

/// Read and compile the theme. `serve` keeps the result between rebuilds.
pub fn compile_theme(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
    match theme::load_theme(root, DEFAULT_THEME) {
        Ok(raw) => Theme::compile(raw).map_err(|d| vec![d]),
        Err(diagnostics) => Err(diagnostics.items),
    }
}

/// What a long-running process (`serve`) keeps from one build to the next, so that
/// an edit redoes only the work it affects: the forms' PDFs and ODTs. (`serve` keeps
/// the pages it serves itself, and minifies only those that changed.)
#[derive(Default)]
pub struct Reuse {
    forms: render::FormStore,
}

impl Reuse {
    /// What `serve` keeps: the forms' definitions and sizes but not their files,
    /// which render then leaves out and `serve` makes when asked for
    /// ([`Reuse::form_files`]).
    pub fn forms_on_request() -> Reuse {
        Reuse {
            forms: render::FormStore::on_request(),
        }
    }

    /// The forms' files of a site rendered with this, as they are made on request.
    pub fn form_files(&self, m: &crate::model::Municipality) -> Vec<render::FormFile> {
        self.forms.files_of(m)
    }

    /// Of what the forms' writers keep for the process, only what the forms kept
    /// here need: the definitions edited away are let go.
    pub fn forget_other_forms(&self) {
        let forms: Vec<&crate::model::Form> = self.forms.forms().collect();
        crate::forms::keep_only(&forms);
    }
}

/// Render a checked model with a compiled theme, and count what was made.
/// With `reuse`, forms written by earlier builds are taken from it and this build's
/// are kept in it.
pub fn render_model(
    report: Report,
    model: &Model,
    theme: &Theme,
    only: Option<&std::collections::BTreeSet<String>>,
    reuse: Option<&mut Reuse>,
) -> (Report, Option<Vec<render::OutputFile>>) {
    let mut fresh = Reuse::default();
    let reuse = reuse.unwrap_or(&mut fresh);
    render_reusing(report, model, theme, only, reuse)
}

/// [`render_model`] with forms written by earlier builds taken from `reuse` (as
/// `serve` keeps it), and this build's kept in it.
pub fn render_reusing(
    report: Report,
    model: &Model,
    theme: &Theme,
    only: Option<&std::collections::BTreeSet<String>>,
    reuse: &mut Reuse,
) -> (Report, Option<Vec<render::OutputFile>>) {
    let (report, rendered) = render_in_part(
        report,
        model,
        theme,
        only,
        reuse,
        &render::Partials::new(),
        Whole::Site,
    );
    (report, rendered.map(|(files, _)| files))
}

/// What a render makes besides the sites asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whole {
    /// The list of all sites, the shared assets and the JSON Schemas too: a site.
    Site,
    /// The sites asked for and nothing else (`serve` renders a few sites at a time
    /// and the rest once, at the end).
    SitesOnly,
}

/// [`render_reusing`], rendering of the sites in `partials` only what reads what
/// changed of them (`render::Partial`), and with what each site's output shows of
/// its model, by slug (`render::SiteRecord`).
#[allow(clippy::type_complexity)]
pub fn render_in_part(
    mut report: Report,
    model: &Model,
    theme: &Theme,
    only: Option<&std::collections::BTreeSet<String>>,
    reuse: &mut Reuse,
    partials: &render::Partials,
    whole: Whole,
) -> (
    Report,
    Option<(
        Vec<render::OutputFile>,
        std::collections::BTreeMap<String, render::SiteRecord>,
    )>,
) {
    let with_root = whole == Whole::Site;
    let rendered = render::render_sites(model, theme, only, &mut reuse.forms, partials, with_root);
    let (mut files, records) = match rendered {
        Ok(rendered) => rendered,
        Err(d) => {
            report.diagnostics.push(d);
            return (report, None);
        }
    };
    if with_root {
        // The content files' JSON Schemas, for editors' tools (see `schema`).
        files.extend(schemas());
    }
    if let Some(d) = too_costly(&files) {
        report.diagnostics.push(d);
        return (report, None);
    }
    report.pages = files.iter().filter(|f| f.is_html()).count();
    report.forms = files.iter().filter(|f| is_form_pdf(f)).count();
    report.files = files.len();
    (report, Some((files, records)))
}

/// `municipalities/<slug>` of a file inside a municipality folder.
fn municipality_dir(file: &Path) -> Option<PathBuf> {
    let mut parts = file.components();
    let first = parts.next()?;
    let slug = parts.next()?;
    (first.as_os_str() == load::MUNICIPALITIES_DIR)
        .then(|| Path::new(first.as_os_str()).join(slug.as_os_str()))
}

/// Refuse an output folder that would replace the content itself.
fn guard_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out_abs = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(out))
            .unwrap_or_else(|_| out.to_path_buf())
    };
    let out_abs = out_abs.canonicalize().unwrap_or(out_abs);
    let protected = ["municipalities", "content", "themes", "src", ".git"];
    if root.starts_with(&out_abs) || protected.iter().any(|p| out_abs.starts_with(root.join(p))) {
        return Err(Diagnostic::error(
            Loc::file(out),
            "the output folder would overwrite the content",
        )
        .help("choose another folder with `--out`, e.g. `--out public`"));
    }
    Ok(())
}
