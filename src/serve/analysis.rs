//! The analysis (resolve and check) `serve` keeps between rebuilds: each
//! municipality's model, its diagnostics, its fingerprint and what it read of the
//! shared content (`resolve::lookups`). After an edit only the municipalities whose
//! inputs changed are resolved and checked again: those whose own files (or region's)
//! changed, which the caller says ([`Analysis::forget`]), and, after an edit to the
//! shared content, those that read a key of it whose value changed. The rest are
//! kept as they were. When in doubt (events lost, a `site.yaml` or the theme
//! changed) the caller forgets everything, and everything is resolved.
//!
//! The report and the model equal those of a full analysis of the same content
//! (`build::analyse_loaded`): the same diagnostics in the same order, and the same
//! municipalities.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::fingerprint::{self, Fingerprint};
use crate::build::{self, Report};
use crate::diagnostic::{Diagnostics, SourceMap};
use crate::load::Loaded;
use crate::model::{Model, Municipality};
use crate::resolve::lookups::{Lookups, SharedPrints};
use crate::resolve::{self, Resolved};

/// See the module's documentation.
#[derive(Debug)]
pub(super) struct Analysis {
    /// The shared content's prints as of the municipalities kept; `None` when
    /// nothing is kept.
    prints: Option<SharedPrints>,
    /// Every municipality of the last analysis, in name order.
    model: Model,
    /// Beside each of `model`'s municipalities, what else is kept of it.
    kept: Vec<Kept>,
    /// The municipalities the last analysis resolved (the others were kept).
    resolved: BTreeSet<String>,
}

#[derive(Debug)]
struct Kept {
    /// What resolve found.
    diagnostics: Diagnostics,
    /// What check found.
    checked: Diagnostics,
    lookups: Lookups,
    print: Option<Fingerprint>,
}

impl Default for Analysis {
    fn default() -> Analysis {
        Analysis {
            prints: None,
            model: Model {
                municipalities: Vec::new(),
            },
            kept: Vec::new(),
            resolved: BTreeSet::new(),
        }
    }
}

impl Analysis {
    /// Resolve everything next time.
    pub(super) fn forget_all(&mut self) {
        *self = Analysis::default();
    }

    /// Resolve the municipalities in `slugs` again next time (their files changed).
    pub(super) fn forget(&mut self, slugs: &BTreeSet<String>) {
        let model = std::mem::take(&mut self.model.municipalities);
        let kept = std::mem::take(&mut self.kept);
        for (m, k) in model.into_iter().zip(kept) {
            if !slugs.contains(&m.slug) {
                self.model.municipalities.push(m);
                self.kept.push(k);
            }
        }
    }

    /// The model of the last analysis: every municipality.
    pub(super) fn model(&self) -> &Model {
        &self.model
    }

    /// The municipalities the last analysis resolved (the others were kept).
    pub(super) fn resolved(&self) -> &BTreeSet<String> {
        &self.resolved
    }

    /// Each municipality's slug and fingerprint.
    pub(super) fn prints(&self) -> Vec<(&str, Option<Fingerprint>)> {
        self.model
            .municipalities
            .iter()
            .zip(&self.kept)
            .map(|(m, k)| (m.slug.as_str(), k.print.clone()))
            .collect()
    }

    /// Resolve and check what `loaded` holds (every municipality), resolving again
    /// only what is not kept or read a changed part of the shared content. The
    /// report is that of a full analysis, with `sources` for its diagnostics; the
    /// model ([`Analysis::model`]) is current whether or not there were errors.
    pub(super) fn analyse(&mut self, loaded: &Loaded, sources: SourceMap) -> Report {
        let prints = SharedPrints::of(loaded);
        let changed = self.prints.as_ref().map(|old| old.changed(&prints));
        let model = std::mem::take(&mut self.model.municipalities);
        let kept = std::mem::take(&mut self.kept);
        // What is kept: every municipality that read nothing that changed. Without
        // earlier prints, nothing.
        let mut reused: BTreeMap<String, (Municipality, Kept)> = match &changed {
            None => BTreeMap::new(),
            Some(changed) => model
                .into_iter()
                .zip(kept)
                .filter(|(_, k)| !k.lookups.touches(changed))
                .map(|(m, k)| (m.slug.clone(), (m, k)))
                .collect(),
        };
        let fresh = resolve::resolve_each(loaded, &|slug| !reused.contains_key(slug));
        let fresh: Vec<Option<(Municipality, Kept)>> = fresh
            .into_par_iter()
            .map(|resolved| resolved.map(checked))
            .collect();
        self.resolved = fresh
            .iter()
            .flatten()
            .map(|(m, _)| m.slug.clone())
            .collect();
        for (raw, fresh) in loaded.municipalities.iter().zip(fresh) {
            // Resolved again, or else kept (`resolve_each` resolved every one not
            // kept, so one of them is there).
            let Some((m, k)) = fresh.or_else(|| reused.remove(&raw.slug)) else {
                continue;
            };
            self.model.municipalities.push(m);
            self.kept.push(k);
        }
        self.prints = Some(prints);
        // In the order of a full analysis: each municipality's resolve, the shared
        // content's own checks, then check of each municipality.
        let resolved = self
            .kept
            .iter()
            .flat_map(|k| k.diagnostics.items.iter().cloned())
            .chain(resolve::check_shared(loaded).items);
        let checked = self
            .kept
            .iter()
            .flat_map(|k| k.checked.items.iter().cloned());
        build::analysis_report(
            loaded,
            sources,
            resolved,
            checked,
            self.model.municipalities.len(),
        )
    }
}

/// A municipality just resolved, checked and fingerprinted.
fn checked(resolved: Resolved) -> (Municipality, Kept) {
    let Resolved {
        municipality,
        diagnostics,
        lookups,
    } = resolved;
    // Check reads one municipality at a time.
    let mut one = Model {
        municipalities: vec![municipality],
    };
    let checked = crate::check::check(&one);
    // `one` holds the municipality put in, and nothing else.
    let municipality = one.municipalities.remove(0);
    let print = fingerprint::of_site(&municipality);
    (
        municipality,
        Kept {
            diagnostics,
            checked,
            lookups,
            print,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// A copy of the serve-deps fixture (alfa lists a catalogue entry and offers the
    /// library form `referat`; beta lists another entry and uses a glossary term;
    /// gamma is nynorsk and reads neither) and an analysis kept across edits.
    struct Edits {
        dir: tempfile::TempDir,
        analysis: Analysis,
    }

    impl Edits {
        fn new() -> Edits {
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            let dir = tempfile::tempdir().expect("temp dir");
            let from = repo.join("tests/fixtures/serve-deps");
            for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
                let Ok(rel) = entry.path().strip_prefix(&from) else {
                    continue;
                };
                let target = dir.path().join(rel);
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&target).expect("mkdir");
                } else {
                    std::fs::copy(entry.path(), &target).expect("copy");
                }
            }
            Edits {
                dir,
                analysis: Analysis::default(),
            }
        }

        fn path(&self, rel: &str) -> PathBuf {
            self.dir.path().join(rel)
        }

        fn write(&self, rel: &str, text: &str) {
            let path = self.path(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(path, text).expect("write");
        }

        /// Replace `from` (which must be there) by `to` in `rel`.
        fn edit(&self, rel: &str, from: &str, to: &str) {
            let text = std::fs::read_to_string(self.path(rel)).expect("read");
            assert!(text.contains(from), "{rel} holds {from:?}");
            self.write(rel, &text.replacen(from, to, 1));
        }

        /// Analyse the content as it is now, after `own` (municipalities whose own
        /// files changed) were forgotten: the report and the model must be those
        /// of a full analysis. Returns the municipalities resolved again, and the
        /// report.
        fn analyse(&mut self, own: &[&str]) -> (Vec<String>, Report) {
            self.analysis
                .forget(&own.iter().map(|s| s.to_string()).collect());
            let loaded = crate::load::load_only(self.dir.path(), None);
            let report = self.analysis.analyse(&loaded, SourceMap::default());
            let (full, _) = build::analyse_loaded(&loaded, SourceMap::default());
            assert_eq!(
                report.diagnostics.items, full.diagnostics.items,
                "the diagnostics of a full analysis, in its order"
            );
            assert_eq!(report.municipalities, full.municipalities);
            let (model, _) = resolve::resolve(&loaded);
            let json = |m: &Municipality| serde_json::to_string(m).expect("JSON");
            let kept = &self.analysis.model().municipalities;
            assert_eq!(kept.len(), model.municipalities.len());
            for (kept, full) in kept.iter().zip(&model.municipalities) {
                assert!(
                    json(kept) == json(full),
                    "{}: the model of a full analysis",
                    full.slug
                );
            }
            let prints: Vec<Option<Fingerprint>> = model
                .municipalities
                .iter()
                .map(fingerprint::of_site)
                .collect();
            let kept: Vec<Option<Fingerprint>> =
                self.analysis.prints().into_iter().map(|(_, p)| p).collect();
            assert_eq!(kept, prints, "the fingerprints of the full model");
            let resolved = self.analysis.resolved().iter().cloned().collect();
            (resolved, report)
        }

        fn resolved(&mut self, own: &[&str]) -> Vec<String> {
            self.analyse(own).0
        }
    }

    fn errors(report: &Report) -> Vec<String> {
        report
            .diagnostics
            .errors()
            .map(|d| {
                format!(
                    "{}: {} ({})",
                    d.loc,
                    d.message,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    const ALL: [&str; 3] = ["alfa", "beta", "gamma"];

    #[test]
    fn only_what_reads_a_changed_key_is_resolved_again_and_the_result_is_a_full_analysis() {
        let mut edits = Edits::new();
        assert_eq!(edits.resolved(&[]), ALL, "the first analysis resolves all");
        assert_eq!(edits.resolved(&[]), Vec::<String>::new(), "nothing changed");
        assert_eq!(edits.resolved(&["beta"]), ["beta"], "beta's own files");

        // The catalogue: an entry's title only alfa lists, then its id (alfa's
        // reference to it is now unresolved), then the id added back.
        let catalogue = "content/guidance.yaml";
        edits.edit(catalogue, "(barnevernsloven)", "(barnevernsloven, endret)");
        assert_eq!(edits.resolved(&[]), ["alfa"], "an entry only alfa lists");
        edits.edit(catalogue, "id: barnevernsloven", "id: barnevernsloven-ny");
        let (resolved, report) = edits.analyse(&[]);
        assert_eq!(resolved, ["alfa"], "an id renamed");
        assert!(
            errors(&report)
                .iter()
                .any(|e| e.contains("`barnevernsloven` is not in")),
            "{:?}",
            errors(&report)
        );
        let text = std::fs::read_to_string(edits.path(catalogue)).expect("read");
        edits.write(
            catalogue,
            &format!("{text}  - id: barnevernsloven\n    category: law\n    title: {{nb: Barnevernsloven}}\n"),
        );
        let (resolved, report) = edits.analyse(&[]);
        assert_eq!(resolved, ["alfa"], "the id added back");
        assert!(report.ok(), "{:?}", errors(&report));
        // A comment at the end moves nothing; one at the top moves every entry (and
        // positions are part of what is read): gamma lists none.
        let text = std::fs::read_to_string(edits.path(catalogue)).expect("read");
        edits.write(catalogue, &format!("{text}# En kommentar.\n"));
        assert_eq!(edits.resolved(&[]), Vec::<String>::new(), "a comment");
        let text = std::fs::read_to_string(edits.path(catalogue)).expect("read");
        edits.write(catalogue, &format!("# En kommentar.\n{text}"));
        assert_eq!(edits.resolved(&[]), ["alfa", "beta"], "every line moved");

        // The form library: a field of the form alfa offers; a form nobody offers.
        let referat = "content/forms/nb/referat.yaml";
        edits.edit(
            referat,
            "label: Tema for møtet",
            "label: Tema for møtet i dag",
        );
        assert_eq!(edits.resolved(&[]), ["alfa"], "a field of alfa's form");
        let plan = "title: Plan\nsections:\n  - title: Om planen\n    fields:\n      - id: mal\n        type: text\n        label: Mål\n";
        edits.write("content/forms/nb/plan.yaml", plan);
        assert_eq!(
            edits.resolved(&[]),
            Vec::<String>::new(),
            "a form nobody offers"
        );

        // alfa offers a form there is none of: the error's help lists the library's
        // forms, so a form added elsewhere in the library changes it, and the
        // form added under that id resolves it.
        edits.edit(
            "municipalities/alfa/toolbox.yaml",
            "form: referat",
            "form: samtale",
        );
        let (resolved, report) = edits.analyse(&["alfa"]);
        assert_eq!(resolved, ["alfa"]);
        assert!(
            errors(&report)
                .iter()
                .any(|e| e.contains("there is no form `samtale`") && e.contains("plan, referat")),
            "{:?}",
            errors(&report)
        );
        edits.write(
            "content/forms/nb/avtale.yaml",
            &plan.replace("Plan", "Avtale"),
        );
        let (resolved, report) = edits.analyse(&[]);
        assert_eq!(resolved, ["alfa"], "the list in the help changed");
        assert!(
            errors(&report)
                .iter()
                .any(|e| e.contains("avtale, plan, referat")),
            "{:?}",
            errors(&report)
        );
        edits.write(
            "content/forms/nn/avtale.yaml",
            &plan.replace("Plan", "Avtale"),
        );
        assert_eq!(edits.resolved(&[]), Vec::<String>::new(), "a nynorsk form");
        edits.write(
            "content/forms/nb/samtale.yaml",
            &plan.replace("Plan", "Samtale"),
        );
        let (resolved, report) = edits.analyse(&[]);
        assert_eq!(resolved, ["alfa"], "the form alfa asked for");
        assert!(report.ok(), "{:?}", errors(&report));

        // The glossary: a bokmål definition is read by the bokmål sites only (gamma
        // reads the nynorsk one); a term added or removed changes every site's list.
        let glossary = "content/ordliste.yaml";
        edits.edit(
            glossary,
            "nb: Plikten til å tie.",
            "nb: Plikten til å tie om noe.",
        );
        assert_eq!(edits.resolved(&[]), ["alfa", "beta"], "a bokmål definition");
        edits.edit(
            glossary,
            "nn: Plikta til å teie.",
            "nn: Plikta til å teie om noko.",
        );
        assert_eq!(edits.resolved(&[]), ["gamma"], "a nynorsk definition");
        let text = std::fs::read_to_string(edits.path(glossary)).expect("read");
        let added = format!("{text}  - id: barnevern\n    word: {{nb: Barnevern, nn: Barnevern}}\n    definition: {{nb: Tjenesten., nn: Tenesta.}}\n    source: Testkilde\n");
        edits.write(glossary, &added);
        assert_eq!(edits.resolved(&[]), ALL, "a term added");
        edits.write(glossary, &text);
        assert_eq!(edits.resolved(&[]), ALL, "a term removed");
        // beta hides a term: a change to it is no longer beta's.
        edits.write("municipalities/beta/ordliste.yaml", "hide: [undring]\n");
        assert_eq!(edits.resolved(&["beta"]), ["beta"]);
        edits.edit(glossary, "nb: En uro", "nb: Ei uro");
        assert_eq!(edits.resolved(&[]), ["alfa"], "a term beta hides");

        // The national numbers: every site shows them.
        let national = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("content/national-numbers.yaml"),
        )
        .expect("national numbers");
        edits.write("content/national-numbers.yaml", &national);
        assert_eq!(
            edits.resolved(&[]),
            Vec::<String>::new(),
            "the same numbers as veiviser's own copy, which was read before"
        );
        edits.edit(
            "content/national-numbers.yaml",
            "label: {nb: Politi, nn: Politi}",
            "label: {nb: Politiet, nn: Politiet}",
        );
        assert_eq!(edits.resolved(&[]), ALL, "a national number's label");
    }
}
