//! Working on some municipalities: `check SLUG…` and `build --only SLUG…` read, check
//! and build only those (with the regions they need), and `build --keep-going`
//! publishes every municipality that builds. In both, the municipalities not built
//! this time keep their published output as it is, carried over from the current
//! output folder, and the list of sites names exactly the sites published.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{analyse_only, compile_theme, render_model, Options, Report};
use crate::diagnostic::{Diagnostic, Loc};
use crate::load::regions as membership;
use crate::load::MUNICIPALITIES_DIR;
use crate::model::{Lang, Model, Municipality};
use crate::render::{self, OutputFile};
use crate::{load, report, resolve, write};

/// The municipalities a command works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Those built (or checked): the ones named and, for a region, its members,
    /// which show its shared chapters. The same as `serve` rebuilds after an edit in
    /// each of them.
    pub build: BTreeSet<String>,
    /// Those read: `build` and the regions they extend.
    pub read: BTreeSet<String>,
}

/// The municipalities named by `slugs` (folder names under `municipalities/`). An
/// unknown name is an error that names the nearest known one, or lists them all.
pub fn select(root: &Path, slugs: &[String]) -> Result<Selection, Vec<Diagnostic>> {
    let known = membership::list_sites(root);
    let unknown: Vec<Diagnostic> = slugs
        .iter()
        .filter(|slug| !known.contains(slug.as_str()))
        .map(|slug| unknown_municipality(slug, &known))
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let regions = membership::read_regions(root);
    // What an edit inside each of them rebuilds in `serve`: itself and, for a
    // region, its members.
    let mut build: BTreeSet<String> = slugs.iter().cloned().collect();
    build.extend(members_of(&build, &regions));
    let read = membership::with_regions(&build, &regions);
    Ok(Selection { build, read })
}

/// The municipalities that extend any region in `regions_wanted`.
fn members_of(
    regions_wanted: &BTreeSet<String>,
    regions: &BTreeMap<String, String>,
) -> Vec<String> {
    regions
        .iter()
        .filter(|(_, region)| regions_wanted.contains(*region))
        .map(|(member, _)| member.clone())
        .collect()
}

/// `slug` is not a municipality: say which are.
fn unknown_municipality(slug: &str, known: &BTreeSet<String>) -> Diagnostic {
    let nearest = known
        .iter()
        .map(|k| (edit_distance(slug, k), k))
        .filter(|(distance, k)| *distance <= 2.max(k.chars().count() / 3))
        .min();
    let help = match nearest {
        Some((_, name)) => format!("did you mean `{name}`?"),
        None if known.is_empty() => {
            format!("there are no municipalities: run veiviser in the folder that holds `{MUNICIPALITIES_DIR}/`")
        }
        None => format!(
            "the municipalities are: {}",
            known.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    };
    Diagnostic::error(
        Loc::file(MUNICIPALITIES_DIR),
        format!("there is no municipality `{slug}` in `{MUNICIPALITIES_DIR}/`"),
    )
    .help(help)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// What a partial build did besides its report.
#[derive(Debug, Default)]
pub struct Published {
    pub report: Report,
    /// Whether the output folder was written.
    pub written: bool,
    /// Municipalities built and published now.
    pub built: BTreeSet<String>,
    /// Municipalities not built because of errors (their own, or their region's).
    pub failed: BTreeSet<String>,
    /// Municipalities whose earlier output was kept as it was.
    pub kept: BTreeSet<String>,
}

/// Build the municipalities in `only` (all when `None`) into `out`, keeping the
/// others' current output. With `keep_going`, a municipality with errors is left
/// out (its current output kept, if any) and the rest published; without it, any
/// error writes nothing, as [`super::build_with`]. An error outside every
/// municipality (shared content, the theme) always writes nothing.
pub fn build_partial(
    root: &Path,
    out: &Path,
    options: Options,
    only: Option<&Selection>,
    keep_going: bool,
) -> Published {
    if let Some(report) = super::refused(root, out, options) {
        return Published {
            report,
            ..Published::default()
        };
    }
    let all = membership::list_sites(root);
    let (wanted, read) = match only {
        Some(selection) => (selection.build.clone(), Some(&selection.read)),
        None => (all.clone(), None),
    };
    let (report, model) = analyse_only(root, read);
    let mut published = Published {
        report,
        ..Published::default()
    };
    let model = match model {
        Some(model) => model,
        None if keep_going => match without_failures(root, &published.report, read) {
            Some((model, failed)) => {
                published.failed = failed;
                model
            }
            None => return published,
        },
        None => return published,
    };
    let mut model = model;
    if !options.drafts {
        crate::drafts::withhold(&mut model);
    }
    let build: BTreeSet<String> = wanted.difference(&published.failed).cloned().collect();
    // Every other municipality that has output now keeps it.
    published.kept = all
        .iter()
        .filter(|slug| !build.contains(*slug))
        .filter(|slug| out.join(slug).is_dir())
        .cloned()
        .collect();
    let theme = match compile_theme(root) {
        Ok(theme) => theme,
        Err(diagnostics) => {
            published.report.diagnostics.extend(diagnostics);
            return published;
        }
    };
    let report = std::mem::take(&mut published.report);
    let (report, files) = render_model(report, &model, &theme, Some(&build), None);
    published.report = report;
    let Some(files) = files else {
        return published;
    };
    let listed: BTreeSet<&String> = build.iter().chain(&published.kept).collect();
    let files = match with_site_list(root, files, &build, &listed, &theme) {
        Ok(files) => files,
        Err(diagnostic) => {
            published.report.diagnostics.push(diagnostic);
            return published;
        }
    };
    match write::write_carrying(&files, out, options.force, &published.kept) {
        Ok(()) => {
            published.written = true;
            published.built = build;
        }
        Err(error) => published
            .report
            .diagnostics
            .push(super::write_failed(out, error)),
    }
    published
}

/// After a failed analysis: the municipalities with errors, those that cannot be
/// built without them (a region's members), and the model of the rest, or `None`
/// when nothing can be published safely (an error outside every municipality).
fn without_failures(
    root: &Path,
    report: &Report,
    read: Option<&BTreeSet<String>>,
) -> Option<(Model, BTreeSet<String>)> {
    let regions = membership::read_regions(root);
    let read = read
        .cloned()
        .unwrap_or_else(|| membership::list_sites(root));
    let mut failed = BTreeSet::new();
    let mut errors: Vec<Diagnostic> = report.diagnostics.errors().cloned().collect();
    loop {
        let before = failed.len();
        for error in &errors {
            failed.insert(report::municipality_of(error)?);
        }
        // A member shows its region's chapters: without them it would say less than
        // its guide and seem whole.
        let members = members_of(&failed, &regions);
        failed.extend(members);
        if failed.len() == before {
            // Errors that leaving municipalities out does not remove.
            return None;
        }
        let rest: BTreeSet<String> = read.difference(&failed).cloned().collect();
        if rest.is_empty() {
            // Nothing builds: nothing to publish, the output stays as it is.
            return None;
        }
        let (again, model) = analyse_only(root, Some(&rest));
        if let Some(model) = model {
            return Some((model, failed));
        }
        errors = again.diagnostics.errors().cloned().collect();
    }
}

/// Replace the list of sites and the files it shares (the root `index.html`,
/// `404.html`, `assets/`) rendered from the model just built, which knows only the
/// municipalities read, with those rendered from every municipality in `listed`:
/// those built now and those whose output is kept.
fn with_site_list(
    root: &Path,
    files: Vec<OutputFile>,
    built: &BTreeSet<String>,
    listed: &BTreeSet<&String>,
    theme: &render::Theme,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let is_site_file = |file: &OutputFile| {
        file.path
            .iter()
            .next()
            .is_some_and(|first| built.contains(first.to_string_lossy().as_ref()))
    };
    let mut files: Vec<OutputFile> = files.into_iter().filter(is_site_file).collect();
    let mut every = everyone(root);
    let unreadable: Vec<Municipality> = listed
        .iter()
        .filter(|slug| !every.municipalities.iter().any(|m| &&m.slug == *slug))
        .filter_map(|slug| listed_leniently(root, slug, &every.municipalities))
        .collect();
    every.municipalities.retain(|m| listed.contains(&m.slug));
    every.municipalities.extend(unreadable);
    every.municipalities.sort_by(|a, b| a.slug.cmp(&b.slug));
    let shared = render::render_only(
        &every,
        theme,
        Some(&BTreeSet::new()),
        &mut render::FormStore::default(),
    )?;
    files.extend(shared);
    // The schemas a whole build publishes beside the list of sites.
    files.extend(
        crate::schema::published()
            .into_iter()
            .map(|(path, bytes)| OutputFile::new(path, bytes)),
    );
    Ok(files)
}

/// What the list of sites shows of a municipality whose output is kept but whose
/// `site.yaml` cannot be read whole now (a misspelt key, a wrong value): its name,
/// title, language and model, read leniently, on a copy of another municipality's
/// entry, which gives the national numbers the list shows. `None` when even those
/// cannot be read (or there is no other municipality): then it is not listed.
fn listed_leniently(root: &Path, slug: &str, others: &[Municipality]) -> Option<Municipality> {
    #[derive(serde::Deserialize)]
    struct Listing {
        name: String,
        title: String,
        #[serde(default)]
        language: Option<String>,
        #[serde(default)]
        model: Option<String>,
    }
    let site = Path::new(MUNICIPALITIES_DIR).join(slug).join("site.yaml");
    let bytes = load::safe::read(root, &site, 2_000_000).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let listing: Listing = load::yaml::parse(&site, &text, 0).ok()?;
    let lang = match listing.language.as_deref().map(str::trim) {
        Some("nn") => Lang::Nn,
        _ => Lang::Nb,
    };
    let like = others
        .iter()
        .find(|m| m.lang == lang)
        .or_else(|| others.first())?;
    let mut entry = like.clone();
    entry.slug = slug.to_string();
    entry.name = listing.name;
    entry.title = listing.title;
    entry.lang = lang;
    entry.model_name = listing.model;
    Some(entry)
}

/// Every municipality as far as it can be read, errors or not: what the list of
/// sites shows of a municipality whose output is kept (its name and title).
fn everyone(root: &Path) -> Model {
    let loaded = load::load_only(root, None);
    resolve::resolve(&loaded).0
}

/// Municipalities by name, comma-separated, for messages.
pub fn names(sites: &BTreeSet<String>) -> String {
    sites.iter().cloned().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("modum", "modum"), 0);
        assert_eq!(edit_distance("modumm", "modum"), 1);
        assert_eq!(edit_distance("øvre-eiker", "ovre-eiker"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn an_unknown_slug_names_the_nearest_or_lists_them() {
        let known: BTreeSet<String> = ["modum", "nesbyen", "ovre-eiker"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let near = unknown_municipality("ovre-eikr", &known);
        assert_eq!(near.help.as_deref(), Some("did you mean `ovre-eiker`?"));
        let far = unknown_municipality("bergen", &known);
        assert_eq!(
            far.help.as_deref(),
            Some("the municipalities are: modum, nesbyen, ovre-eiker")
        );
        assert!(far.message.contains("`bergen`"), "{}", far.message);
    }

    #[test]
    fn a_region_brings_its_members_and_a_member_its_region() {
        // A fixture with a region, two members and a site on its own.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/safety-net");
        let region = select(&root, &["region".to_string()]).expect("known");
        assert_eq!(names(&region.build), "eigen, medlem, region");
        let member = select(&root, &["medlem".to_string()]).expect("known");
        assert_eq!(names(&member.build), "medlem");
        assert_eq!(names(&member.read), "medlem, region");
        let alone = select(&root, &["utan".to_string()]).expect("known");
        assert_eq!(names(&alone.read), "utan");
        assert!(select(&root, &["medlemm".to_string()]).is_err());
    }
}
