//! Output paths inside a municipality's site. Norwegian, because they show in the
//! address bar.

pub const HOME: &str = "index.html";
pub const TOOLBOX: &str = "verktoy/index.html";
pub const ARENAS: &str = "samarbeid/index.html";
pub const PYRAMID: &str = "pyramide/index.html";
pub const GUIDANCE: &str = "foringer/index.html";
pub const SEARCH: &str = "sok/index.html";
pub const NOT_FOUND: &str = "404.html";
/// Everything on one page, for printing.
pub const WHOLE_GUIDE: &str = "hele/index.html";
/// How to hide a visit to the site (private browsing, clearing the history), linked
/// from "Forlat siden" on every page.
pub const HIDE_VISIT: &str = "skjul-besoket/index.html";
/// The search index, a script so it loads from a file:// folder too.
pub const SEARCH_INDEX: &str = "sok/indeks.js";

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
    "skjul-besoket",
    "index",
    "404",
];
