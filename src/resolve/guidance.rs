//! The national guidance catalogue and each site's list from it.

use super::*;

/// Every catalogue entry names a category that exists, and ids are unique.
pub(super) fn check_catalogue(
    catalogue: &Sourced<schema::GuidanceCatalogue>,
    diagnostics: &mut Diagnostics,
) {
    let categories: Vec<&str> = catalogue
        .value
        .categories
        .iter()
        .map(|c| c.id.value.as_str())
        .collect();
    let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
    for item in &catalogue.value.items {
        if let Some(url) = &item.url {
            super::url::checked(catalogue, url, super::url::Allowed::Link, diagnostics);
        }
        let loc = at(catalogue, &item.id);
        if let Some(first) = seen.insert(&item.id.value, loc.clone()) {
            diagnostics.push(
                Diagnostic::error(
                    loc.clone(),
                    format!(
                        "the guidance id `{}` is used twice (first at {first})",
                        item.id.value
                    ),
                )
                .help("give each entry of the catalogue its own id"),
            );
        }
        if item.title.nb.is_none() && item.title.nn.is_none() {
            diagnostics.push(
                Diagnostic::error(
                    loc.clone(),
                    format!("the guidance entry `{}` has no title", item.id.value),
                )
                .help("give `title: {nb: ...}` and/or `nn: ...` as the source writes it"),
            );
        }
        if !categories.contains(&item.category.value.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    at(catalogue, &item.category),
                    format!(
                        "there is no category `{}` in the catalogue",
                        item.category.value
                    ),
                )
                .help(format!("use one of: {}", categories.join(", "))),
            );
        }
    }
}

impl Resolver<'_> {
    /// A text in the site's language, falling back to bokmål.
    pub(super) fn text(&self, text: &schema::LangText) -> String {
        super::lookups::in_lang(text, self.lang)
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn guidance(&mut self) -> Option<Guidance> {
        let file = self.raw.guidance?;
        let mut groups: Vec<GuidanceGroup> = Vec::new();
        let categories = self.shared.catalogue_categories();
        let ids = file
            .value
            .items
            .iter()
            .chain(file.value.groups.iter().flat_map(|g| &g.items));
        // Targets: the page, and each entry listed that the catalogue has, titled in
        // bokmål where it has both.
        self.targets.add(
            "guidance".into(),
            layout::GUIDANCE.into(),
            file.value.title.clone().unwrap_or_default(),
        );
        for id in ids {
            if let Some(entry) = self.shared.guidance_entry(&id.value) {
                self.targets.add(
                    format!("guidance:{}", id.value),
                    format!("{}#{}", layout::GUIDANCE, id.value),
                    entry
                        .title
                        .nb
                        .clone()
                        .or_else(|| entry.title.nn.clone())
                        .unwrap_or_default(),
                );
            } else if !self.shared.catalogue_unreadable() {
                self.diagnostics.push(
                    Diagnostic::error(
                        at(file, id),
                        format!("`{}` is not in the national guidance catalogue", id.value),
                    )
                    .help(
                        "use the id of an entry in content/guidance.yaml, or add the entry there",
                    ),
                );
            }
        }
        let entry = |e: &schema::GuidanceItem| GuidanceEntry {
            id: e.id.value.clone(),
            anchor: e.id.value.clone(),
            title: self.text(&e.title),
            publisher: e.publisher.clone(),
            year: e.year.clone(),
            // Reported once, by `check_catalogue`; never published.
            url: e
                .url
                .as_ref()
                .map(|u| u.value.trim().to_string())
                .filter(|u| super::url::refusal(u, super::url::Allowed::Link).is_none()),
            summary: e.summary.as_ref().map(|t| self.text(t)),
        };
        let find = |id: &Spanned<String>| self.shared.guidance_entry(&id.value);
        // The municipality's own groups, as its guide publishes them ...
        for group in &file.value.groups {
            groups.push(GuidanceGroup {
                title: group.title.clone(),
                items: group.items.iter().filter_map(find).map(entry).collect(),
            });
        }
        // ... and the listed entries grouped by the catalogue's categories.
        for category in categories {
            let items: Vec<GuidanceEntry> = file
                .value
                .items
                .iter()
                .filter_map(find)
                .filter(|e| e.category.value == category.id.value)
                .map(entry)
                .collect();
            if !items.is_empty() {
                groups.push(GuidanceGroup {
                    title: self.text(&category.title),
                    items,
                });
            }
        }
        Some(Guidance {
            title: file.value.title.clone(),
            intro: self.markdown(file, &file.value.intro),
            groups,
            path: layout::GUIDANCE.into(),
        })
    }
}
