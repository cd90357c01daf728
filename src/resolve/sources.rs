//! Which files a site is made of: its own, and a regional plan's where it has none.

use super::*;

/// The region a member municipality's site extends (`extends: vest-telemark`).
pub(super) fn region_of<'a>(
    raw: &RawMunicipality,
    by_slug: &BTreeMap<&str, &'a RawMunicipality>,
    diagnostics: &mut Diagnostics,
) -> Option<&'a RawMunicipality> {
    let extends = raw.site.value.extends.as_ref()?;
    let slug = extends.value.trim();
    let loc = at(&raw.site, extends);
    let Some(region) = by_slug.get(slug).copied() else {
        diagnostics.push(
            Diagnostic::error(loc, format!("there is no municipality or region `{slug}` to extend"))
                .help("write the folder name of the regional plan under municipalities/, e.g. `extends: vest-telemark`"),
        );
        return None;
    };
    if region.slug == raw.slug || region.site.value.extends.is_some() {
        diagnostics.push(
            Diagnostic::error(loc, format!("`{slug}` cannot be extended from here")).help(
                "a municipality may extend one regional plan, and the plan itself extends nothing",
            ),
        );
        return None;
    }
    Some(region)
}

/// The files one site is made of. A member of a regional plan uses its own files
/// where it has them and the region's where it has not; its pages and guides are
/// added to the region's, and replace a region's page or guide of the same name.
pub(super) struct Sources<'a> {
    pub(super) slug: &'a str,
    pub(super) site: &'a Sourced<schema::SiteFile>,
    /// The regional plan's `site.yaml`, for a member: its contact block is inherited
    /// when the member has none.
    pub(super) region_site: Option<&'a Sourced<schema::SiteFile>>,
    pub(super) home: Option<&'a Sourced<MarkdownFile>>,
    pub(super) pyramid: Option<&'a Sourced<schema::PyramidFile>>,
    pub(super) guides: Vec<&'a (String, Sourced<schema::GuideFile>)>,
    pub(super) toolbox: Option<&'a Sourced<schema::ToolboxFile>>,
    pub(super) arenas: Option<&'a Sourced<schema::ArenasFile>>,
    pub(super) guidance: Option<&'a Sourced<schema::GuidanceFile>>,
    pub(super) glossary: Option<&'a Sourced<crate::load::glossary::LocalGlossary>>,
    pub(super) pages: Vec<&'a crate::load::RawPage>,
    pub(super) forms: Vec<&'a (String, Sourced<schema::FormFile>)>,
    pub(super) files: Vec<&'a (String, bytes::Bytes)>,
}

/// A member's own file, or else the region's.
fn inherit<'a, T>(own: Option<&'a T>, region: Option<Option<&'a T>>) -> Option<&'a T> {
    own.or(region.flatten())
}

impl<'a> Sources<'a> {
    pub(super) fn new(own: &'a RawMunicipality, region: Option<&'a RawMunicipality>) -> Self {
        let mut guides: Vec<&(String, Sourced<schema::GuideFile>)> = own.guides.iter().collect();
        let mut pages: Vec<&crate::load::RawPage> = own.pages.iter().collect();
        let mut forms: Vec<&(String, Sourced<schema::FormFile>)> = own.forms.iter().collect();
        let mut files: Vec<&(String, bytes::Bytes)> = own.files.iter().collect();
        if let Some(region) = region {
            for file in &region.files {
                if !files.iter().any(|f| f.0 == file.0) {
                    files.push(file);
                }
            }
            for form in &region.forms {
                if !forms.iter().any(|f| f.0 == form.0) {
                    forms.push(form);
                }
            }
            for guide in &region.guides {
                if !guides.iter().any(|g| g.0 == guide.0) {
                    guides.push(guide);
                }
            }
            for page in &region.pages {
                if !pages.iter().any(|p| p.slug == page.slug) {
                    pages.push(page);
                }
            }
        }
        Sources {
            slug: &own.slug,
            site: &own.site,
            region_site: region.map(|r| &r.site),
            home: inherit(own.home.as_ref(), region.map(|r| r.home.as_ref())),
            pyramid: inherit(own.pyramid.as_ref(), region.map(|r| r.pyramid.as_ref())),
            toolbox: inherit(own.toolbox.as_ref(), region.map(|r| r.toolbox.as_ref())),
            arenas: inherit(own.arenas.as_ref(), region.map(|r| r.arenas.as_ref())),
            guidance: inherit(own.guidance.as_ref(), region.map(|r| r.guidance.as_ref())),
            glossary: inherit(own.glossary.as_ref(), region.map(|r| r.glossary.as_ref())),
            guides,
            pages,
            forms,
            files,
        }
    }
}
