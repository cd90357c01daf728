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
    /// How many municipalities the last analysis resolved.
    resolved: usize,
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
            resolved: 0,
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

    /// How many municipalities the last analysis resolved (the others were kept).
    pub(super) fn resolved(&self) -> usize {
        self.resolved
    }

    /// Each municipality's slug and fingerprint.
    pub(super) fn prints(&self) -> Vec<(&str, Option<Fingerprint>)> {
        self.model
            .municipalities
            .iter()
            .zip(&self.kept)
            .map(|(m, k)| (m.slug.as_str(), k.print))
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
        self.resolved = fresh.iter().flatten().count();
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
        let checked = self.kept.iter().flat_map(|k| k.checked.items.iter().cloned());
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
