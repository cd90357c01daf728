//! The one check every address an editor writes in a URL field goes through
//! (`phones[].url`, `accessibility_statement`, `base_url`, `exit_url`, the guidance
//! catalogue's `url`, a toolbox item's `url`).
//!
//! The address is parsed as a browser parses it (the WHATWG URL rules, which the
//! `url` crate implements): leading and trailing spaces and control characters are
//! stripped, tabs and newlines inside are dropped, `\` counts as `/`. So
//! ` javascript:…`, `java\tscript:…` and `/\evil.example` are seen for what a
//! browser would make of them, and only web addresses, `tel:`, `mailto:` and links
//! within the site are published.

use std::sync::LazyLock;

use ::url::Url;

use super::*;

/// A stand-in for the page a link is on, to resolve relative addresses against.
static PAGE: LazyLock<Option<Url>> =
    LazyLock::new(|| Url::parse("https://site.invalid/kommune/side/").ok());

/// What a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// `https://`, `http://`, `tel:`, `mailto:` and addresses within the site.
    Link,
    /// Only a full `https://` or `http://` address (a site's own address, where a
    /// relative one means nothing).
    Web,
}

/// Why an address is refused, for the editor.
pub fn refusal(value: &str, allowed: Allowed) -> Option<&'static str> {
    if value.chars().any(|c| c.is_control() || c == '\\') {
        return Some("it holds a backslash or a control character (a tab, a line break)");
    }
    let Some(page) = PAGE.as_ref() else {
        return Some("it cannot be checked");
    };
    let absolute = Url::parse(value);
    let url = match allowed {
        Allowed::Web => match absolute {
            Ok(url) => url,
            Err(_) => return Some("it is not a full web address"),
        },
        Allowed::Link => match page.join(value) {
            Ok(url) => url,
            Err(_) => return Some("it is not a valid address"),
        },
    };
    match url.scheme() {
        "https" | "http" if url.host_str().is_some_and(|h| !h.is_empty()) => None,
        "https" | "http" => Some("it names no host"),
        "tel" | "mailto" if allowed == Allowed::Link => None,
        _ => Some(
            "only web addresses (https://), tel:, mailto: and links within the site are published",
        ),
    }
}

impl Resolver<'_> {
    /// The address in `field` of `file`, trimmed, when it may be published; an error
    /// naming its place otherwise.
    pub(super) fn url_field<F>(
        &mut self,
        file: &Sourced<F>,
        field: &Spanned<String>,
        allowed: Allowed,
    ) -> Option<String> {
        checked(file, field, allowed, self.diagnostics)
    }
}

/// [`Resolver::url_field`] for files outside a municipality (the guidance catalogue).
pub(super) fn checked<F>(
    file: &Sourced<F>,
    field: &Spanned<String>,
    allowed: Allowed,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let value = field.value.trim();
    match refusal(value, allowed) {
        None => Some(value.to_string()),
        Some(why) => {
            let shown: String = value.chars().filter(|c| !c.is_control()).take(80).collect();
            diagnostics.push(
                Diagnostic::error(
                    at(file, field),
                    format!("`{shown}` cannot be published as a link: {why}"),
                )
                .help(match allowed {
                    Allowed::Web => "write the full address, e.g. `https://www.kommune.no/veileder/`",
                    Allowed::Link => "write a web address (`https://…`), `tel:…`, `mailto:…` or a path within the site",
                }),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_tel_mail_and_site_links_pass() {
        for ok in [
            "https://www.bufdir.no/",
            "http://example.no/a?b=c#d",
            "tel:+4747663707",
            "mailto:post@kommune.no",
            "filer/plan.pdf",
            "../om/index.html",
            "/modum/",
            "#steg-1",
        ] {
            assert_eq!(refusal(ok, Allowed::Link), None, "{ok}");
        }
        assert_eq!(refusal("https://www.kommune.no/", Allowed::Web), None);
    }

    #[test]
    fn scripts_data_and_browser_tricks_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "/\\evil.example/",
            "https://",
            "ftp://example.no/",
        ] {
            assert!(refusal(bad, Allowed::Link).is_some(), "{bad:?}");
        }
        for bad in [
            "/modum/",
            "filer/a.pdf",
            "tel:113",
            "mailto:a@b.no",
            "https://",
        ] {
            assert!(refusal(bad, Allowed::Web).is_some(), "{bad:?}");
        }
    }
}
