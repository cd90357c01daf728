//! The site's layout: every output path and anchor inside a municipality's site,
//! computed here and nowhere else. Resolve stores the results in the model, templates
//! get them as data (the `layout` value every page receives) and so does `search.js`
//! (through the search index), so a renamed folder is one change. Norwegian, because
//! the names show in the address bar.

pub const HOME: &str = "index.html";
pub const TOOLBOX: &str = "verktoy/index.html";
pub const ARENAS: &str = "samarbeid/index.html";
pub const PYRAMID: &str = "pyramide/index.html";
pub const GUIDANCE: &str = "foringer/index.html";
pub const SEARCH: &str = "sok/index.html";
/// The glossary: every term the site links, with its definition.
pub const GLOSSARY: &str = "ordliste/index.html";
pub const NOT_FOUND: &str = "404.html";
/// Everything on one page, for printing.
pub const WHOLE_GUIDE: &str = "hele/index.html";
/// How to hide a visit to the site (private browsing, clearing the history), linked
/// from "Forlat siden" on every page.
pub const HIDE_VISIT: &str = "skjul-besoket/index.html";
/// The search index, a script so it loads from a file:// folder too.
pub const SEARCH_INDEX: &str = "sok/indeks.js";

/// The site's fixed sections, as templates get them (`layout.toolbox`), so no path
/// is typed into a template.
#[derive(Debug, serde::Serialize)]
pub struct Sections {
    pub home: &'static str,
    pub toolbox: &'static str,
    pub arenas: &'static str,
    pub pyramid: &'static str,
    pub guidance: &'static str,
    pub search: &'static str,
    pub glossary: &'static str,
    pub search_index: &'static str,
    pub whole_guide: &'static str,
    pub hide_visit: &'static str,
}

pub const SECTIONS: Sections = Sections {
    home: HOME,
    toolbox: TOOLBOX,
    arenas: ARENAS,
    pyramid: PYRAMID,
    guidance: GUIDANCE,
    search: SEARCH,
    glossary: GLOSSARY,
    search_index: SEARCH_INDEX,
    whole_guide: WHOLE_GUIDE,
    hide_visit: HIDE_VISIT,
};

pub fn guide(id: &str) -> String {
    format!("veileder/{id}/index.html")
}
pub fn level(guide: &str, level: u32) -> String {
    format!("veileder/{guide}/niva-{level}/index.html")
}
pub fn step_anchor(step: &str) -> String {
    format!("steg-{}", step.replace('.', "-"))
}
pub fn step(guide: &str, step: &str) -> String {
    format!("veileder/{guide}/{}/index.html", step_anchor(step))
}
pub fn page(slug: &str) -> String {
    format!("{slug}/index.html")
}
/// A level's anchor on the guide's page and the pyramid page.
pub fn level_anchor(level: u32) -> String {
    format!("niva-{level}")
}
/// Folder of the site's published files (`files/` in the content).
pub const FILES: &str = "filer/";
/// A file from `files/`, under its published (safe) name.
pub fn file(published_name: &str) -> String {
    format!("{FILES}{published_name}")
}
/// Folder of the site's shared assets (stylesheet, scripts, logo).
pub const ASSETS: &str = "assets/";
/// A form's page, PDF and ODT.
pub fn form_page(id: &str) -> String {
    format!("skjema/{id}/index.html")
}
pub fn form_pdf(id: &str) -> String {
    format!("skjema/{id}/{id}.pdf")
}
pub fn form_odt(id: &str) -> String {
    format!("skjema/{id}/{id}.odt")
}
/// Top-level names pages may not take, because the site's own sections use them.
pub const RESERVED: &[&str] = &[
    "veileder",
    "verktoy",
    "samarbeid",
    "pyramide",
    "foringer",
    "skjema",
    "filer",
    "assets",
    "sok",
    "hele",
    "ordliste",
    "skjul-besoket",
    "index",
    "404",
];
