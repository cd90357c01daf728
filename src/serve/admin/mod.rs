//! The web editor at `/admin/`: Decap CMS (vendored from npm, embedded in the binary,
//! never loaded from elsewhere), a `config.yml` per municipality made from the
//! content files' schemas ([`config`]), and the API it saves through ([`api`]).
//! Served only by `veiviser serve`, which answers only this machine; never part of
//! a build.

pub mod api;
mod bundle;
pub mod config;

use std::path::Path;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// Where the editor's API answers.
pub const API_PATH: &str = "/admin/api/v1";

/// The vendored Decap CMS version (from `vendor/decap-cms/package.json`).
pub const DECAP_VERSION: &str = "3.16.3";

/// A file of the Decap bundle, by name.
pub fn bundle_file(name: &str) -> Option<&'static [u8]> {
    bundle::FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
}

/// The names of the bundle's files.
pub fn bundle_names() -> impl Iterator<Item = &'static str> {
    bundle::FILES.iter().map(|(n, _)| *n)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `/admin/`: which municipality to edit.
pub fn index_page(root: &Path) -> String {
    let mut items = String::new();
    for slug in config::municipalities(root) {
        items.push_str(&format!(
            "<li><a href=\"/admin/{0}/\">{0}</a></li>\n",
            escape(&slug)
        ));
    }
    format!(
        "<!doctype html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Rediger veilederen</title></head><body><main style=\"font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem\">\
<h1>Rediger veilederen</h1><p>Velg kommunen du vil redigere. Endringene lagres i filene på denne maskinen, \
og nettstedet på <a href=\"/\">forsiden</a> oppdateres når du lagrer.</p><ul>\n{items}</ul></main></body></html>\n"
    )
}

/// `/admin/<slug>/`: Decap CMS for one municipality.
pub fn editor_page(slug: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Rediger {0}</title>\
<link href=\"/admin/{0}/config.yml\" type=\"text/yaml\" rel=\"cms-config-url\"></head>\
<body><script src=\"/admin/decap-cms.js\"></script>\
<script src=\"/__veiviser/reload.js\"></script></body></html>\n",
        escape(slug)
    )
}

/// Whether a request to the API comes from a page of this server. The API writes
/// files, so a page elsewhere must not be able to post to it: the body must be JSON
/// (a cross-site form or `fetch` cannot send that without a CORS preflight, which
/// is never granted), and a browser's `Origin`, when sent, must be this server.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_ok = match headers.get(header::ORIGIN).map(|v| v.to_str()) {
        None => true,
        Some(Ok(origin)) => host.is_some_and(|host| origin == format!("http://{host}")),
        Some(Err(_)) => false,
    };
    let fetch_site_ok = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_none_or(|site| site == "same-origin" || site == "none");
    json && origin_ok && fetch_site_ok
}

/// Answer an API request body from the content folder `root`.
pub fn api_response(root: &Path, body: &[u8]) -> Response {
    let (status, value) = api::handle(root, body);
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        value.to_string(),
    )
        .into_response()
}

/// `config.yml` for `slug`, as YAML (JSON is YAML).
pub fn config_yml(root: &Path, slug: &str) -> String {
    let mut text =
        serde_json::to_string_pretty(&config::config(root, slug, API_PATH)).unwrap_or_default();
    text.push('\n');
    text
}
