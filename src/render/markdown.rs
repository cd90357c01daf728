//! Markdown to safe HTML: pulldown-cmark for the syntax, our references rewritten to
//! relative paths, then ammonia so no script, event handler, `javascript:` address or
//! iframe an editor pastes can reach a reader.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::resolve::refs::is_reference;

/// The allow-list: ammonia's defaults (text formatting, lists, tables, links, images
/// with alt text) minus anything that can run code or load another site.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["img"])
        .add_tags(["img"])
        .add_tag_attributes("img", ["alt", "src"])
        .url_schemes(["https", "http", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        // Images only from the site itself: a picture from another host would be a
        // request to it from every reader.
        .attribute_filter(|element, attribute, value| {
            let external = value.contains(':') || value.starts_with("//");
            if element == "img" && attribute == "src" && external {
                None
            } else {
                Some(value.into())
            }
        });
    builder
});

/// Render `source` to HTML. `targets` maps each reference in the text to its path
/// from the site root; `base` is the relative way from the current page to that root.
/// Headings are at least `h2` (the page title is the only `h1`) and are moved `shift`
/// levels down when the text is shown under a heading of its own (the whole guide on
/// one page), never below `h6`.
pub fn to_html(
    source: &str,
    targets: &BTreeMap<String, String>,
    base: &str,
    shift: usize,
) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let rewrite = |dest: CowStr<'static>| -> CowStr<'static> {
        if is_reference(&dest) {
            match targets.get(dest.as_ref()) {
                Some(path) => format!("{base}{path}").into(),
                None => dest,
            }
        } else {
            dest
        }
    };
    // A reference that leads nowhere (to a draft left out of the published site) is
    // kept as its words, not as a link that goes nowhere. Links do not nest.
    let mut in_dead_link = false;
    let events = Parser::new_ext(source, options)
        .filter(move |event| match event {
            Event::Start(Tag::Link { dest_url, .. })
                if is_reference(dest_url) && !targets.contains_key(dest_url.as_ref()) =>
            {
                in_dead_link = true;
                false
            }
            Event::End(TagEnd::Link) if in_dead_link => {
                in_dead_link = false;
                false
            }
            _ => true,
        })
        .map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: rewrite(dest_url.into_static()),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: rewrite(dest_url.into_static()),
                title,
                id,
            }),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: heading_level(level, shift),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => {
                Event::End(TagEnd::Heading(heading_level(level, shift)))
            }
            other => other,
        });
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    SANITIZER.clean(&html).to_string()
}

fn heading_level(level: HeadingLevel, shift: usize) -> HeadingLevel {
    let n = (level as usize).max(2) + shift;
    match n {
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(source: &str) -> String {
        let mut targets = BTreeMap::new();
        targets.insert(
            "tool:duken".to_string(),
            "verktoy/index.html#duken".to_string(),
        );
        to_html(source, &targets, "../../", 0)
    }

    #[test]
    fn references_become_relative_links() {
        let out = html("Se [Duken](tool:duken).");
        assert!(
            out.contains(r#"href="../../verktoy/index.html#duken""#),
            "{out}"
        );
    }

    #[test]
    fn a_reference_that_leads_nowhere_is_plain_text() {
        let out = html("Les [lokal del](page:utkast) og [Duken](tool:duken).");
        assert!(out.contains("Les lokal del og"), "{out}");
        assert!(!out.contains("page:utkast"), "{out}");
        assert_eq!(out.matches("<a ").count(), 1, "{out}");
    }

    #[test]
    fn hostile_html_is_removed() {
        let out = html(
            "<script>alert(1)</script><img src=x onerror=alert(1) alt=a>\
             <a href=\"javascript:alert(1)\">x</a><iframe src=\"https://evil\"></iframe>\
             <p onclick=\"x()\">p</p>[y](javascript:void)",
        );
        for bad in [
            "<script",
            "onerror",
            "href=\"javascript:",
            "<iframe",
            "onclick",
        ] {
            assert!(!out.contains(bad), "{bad} survived in {out}");
        }
    }

    #[test]
    fn images_only_from_the_site_itself() {
        let out = html("![Pyramiden](bilder/pyramide.png) ![x](https://cdn.example/x.png) ![y](//cdn.example/y.png)");
        assert!(out.contains(r#"src="bilder/pyramide.png""#), "{out}");
        assert!(!out.contains("cdn.example"), "{out}");
    }

    #[test]
    fn headings_shift_under_a_heading_of_their_own() {
        let mut targets = BTreeMap::new();
        targets.insert("x".to_string(), "y".to_string());
        let out = to_html("# A\n\n## B\n\n###### C", &targets, "", 2);
        assert!(
            out.contains("<h4>A</h4>") && out.contains("<h4>B</h4>") && out.contains("<h6>C</h6>"),
            "{out}"
        );
    }

    #[test]
    fn h1_becomes_h2_and_lists_survive() {
        let out = html("# Tittel\n\n- a\n- b\n");
        assert!(out.contains("<h2>Tittel</h2>"), "{out}");
        assert!(out.contains("<li>a</li>"), "{out}");
    }
}
