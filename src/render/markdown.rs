//! Markdown to safe HTML: pulldown-cmark for the syntax, our references rewritten to
//! relative paths, then ammonia so no script, event handler, `javascript:` address or
//! iframe an editor pastes can reach a reader.
//!
//! A blockquote whose first line is a marker, `> [!VIKTIG]` or `> [!MERK]`, is a
//! call-out: a box with `role="note"` and the marker's word as its name and title,
//! styled as a warning (VIKTIG) or a note (MERK).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeStream};

use crate::model::reference::is_reference;

/// The allow-list: ammonia's defaults (text formatting, lists, tables, links, images
/// with alt text) minus anything that can run code or load another site.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .rm_tags(["img"])
        .add_tags(["img"])
        // Only the classes a call-out needs; its role and name are added after
        // cleaning, to the exact opening tag only our renderer writes.
        .add_allowed_classes("div", ["callout", "callout-warning", "callout-note"])
        .add_allowed_classes("p", ["callout-title"])
        .add_tag_attributes("img", ["alt", "src"])
        .url_schemes(["https", "http", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        // Images only from the site itself: a picture from another host would be a
        // request to it from every reader.
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && !is_local(value) {
                None
            } else {
                Some(value.into())
            }
        });
    builder
});

/// A page of the site as a browser may have it, over https, http or from a disk
/// (a USB stick), to resolve image addresses against as the browser would.
static PAGES: LazyLock<Vec<url::Url>> = LazyLock::new(|| {
    [
        "https://site.invalid/kommune/side/",
        "http://site.invalid/kommune/side/",
        "file:///kommune/side/",
    ]
    .into_iter()
    .filter_map(|page| url::Url::parse(page).ok())
    .collect()
});

/// Whether a browser would load `src` from the site itself. It is parsed by the
/// WHATWG URL rules relative to a page of the site and must keep the page's scheme
/// and host, however the site is opened:
/// `//host`, `/\host`, `\\host`, ` https://host` all name another host once a
/// browser has stripped spaces and read `\` as `/`. Backslashes and control
/// characters are refused outright: no real image path has them.
pub fn is_local(src: &str) -> bool {
    if src.chars().any(|c| c.is_control() || c == '\\') || src.trim() != src {
        return false;
    }
    !PAGES.is_empty()
        && PAGES.iter().all(|page| {
            page.join(src).is_ok_and(|url| {
                url.scheme() == page.scheme()
                    && url.host() == page.host()
                    && url.port_or_known_default() == page.port_or_known_default()
            })
        })
}

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
    let events = TextMergeStream::new(Parser::new_ext(source, options))
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
    pulldown_cmark::html::push_html(&mut html, callouts(events));
    let mut clean = SANITIZER.clean(&html).to_string();
    for callout in CALLOUTS {
        clean = clean.replace(&callout.opening(), &callout.element());
    }
    clean
}

/// The HTML of a text already rendered, by everything the HTML depends on: `to_html`
/// is a function of its arguments alone, so a text shown again (a step on its own
/// page, its level's page and the whole guide; the national guidance and glossary,
/// the same in every municipality) is made once per thread instead of being parsed
/// and sanitised again. Bounded: the memory is cleared when it holds
/// `REMEMBERED_BYTES`, so it does not grow with the country.
pub fn to_html_remembered(
    source: &str,
    targets: BTreeMap<String, String>,
    base: &str,
    shift: usize,
) -> String {
    REMEMBERED.with(|memo| {
        let key = Rendered {
            source: source.to_owned(),
            targets,
            base: base.to_owned(),
            shift,
        };
        if let Some(html) = memo.borrow().html.get(&key) {
            return html.clone();
        }
        let html = to_html(source, &key.targets, base, shift);
        let mut memo = memo.borrow_mut();
        let size = key.source.len() + html.len();
        if memo.bytes + size > REMEMBERED_BYTES {
            memo.html.clear();
            memo.bytes = 0;
        }
        memo.bytes += size;
        memo.html.insert(key, html.clone());
        html
    })
}

/// How much text and HTML each thread keeps (see `to_html_remembered`).
const REMEMBERED_BYTES: usize = 8 << 20;

/// Everything `to_html` reads.
#[derive(PartialEq, Eq, Hash)]
struct Rendered {
    source: String,
    targets: BTreeMap<String, String>,
    base: String,
    shift: usize,
}

#[derive(Default)]
struct Memo {
    html: std::collections::HashMap<Rendered, String>,
    bytes: usize,
}

thread_local! {
    static REMEMBERED: std::cell::RefCell<Memo> = std::cell::RefCell::default();
}

/// A kind of call-out: the marker an editor writes, its class and its name.
struct Callout {
    marker: &'static str,
    class: &'static str,
    /// The name shown and given to assistive technology; the same in bokmål and
    /// nynorsk.
    name: &'static str,
}

const CALLOUTS: &[Callout] = &[
    Callout {
        marker: "[!VIKTIG]",
        class: "callout-warning",
        name: "Viktig",
    },
    Callout {
        marker: "[!MERK]",
        class: "callout-note",
        name: "Merk",
    },
];

impl Callout {
    /// The opening tag as rendered and as it survives cleaning.
    fn opening(&self) -> String {
        format!("<div class=\"callout {}\">", self.class)
    }

    fn element(&self) -> String {
        format!(
            "<div class=\"callout {}\" role=\"note\" aria-label=\"{}\">",
            self.class, self.name
        )
    }
}

/// Blockquotes that open with a call-out marker become call-out boxes: the marker is
/// replaced by the call-out's title.
fn callouts<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let events: Vec<Event<'a>> = events.collect();
    let mut out = Vec::with_capacity(events.len() + 4);
    // For each open blockquote: whether it is a call-out.
    let mut open: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match (&events[i], events.get(i + 1), events.get(i + 2)) {
            (
                Event::Start(Tag::BlockQuote(_)),
                Some(Event::Start(Tag::Paragraph)),
                Some(Event::Text(text)),
            ) => {
                let first = text.trim_start();
                let found = CALLOUTS.iter().find(|c| {
                    first
                        .get(..c.marker.len())
                        .is_some_and(|m| m.eq_ignore_ascii_case(c.marker))
                });
                let Some(callout) = found else {
                    open.push(false);
                    out.push(events[i].clone());
                    i += 1;
                    continue;
                };
                open.push(true);
                out.push(Event::Html(callout.opening().into()));
                out.push(Event::Html(
                    format!(
                        "<p class=\"callout-title\"><strong>{}</strong></p>",
                        callout.name
                    )
                    .into(),
                ));
                let rest = first[callout.marker.len()..].trim_start().to_string();
                i += 3;
                if rest.is_empty() {
                    // The marker stood alone on its line: drop the line break after
                    // it, and the paragraph if nothing else was in it.
                    if matches!(events.get(i), Some(Event::SoftBreak | Event::HardBreak)) {
                        i += 1;
                    }
                    if matches!(events.get(i), Some(Event::End(TagEnd::Paragraph))) {
                        i += 1;
                    } else {
                        out.push(Event::Start(Tag::Paragraph));
                    }
                } else {
                    out.push(Event::Start(Tag::Paragraph));
                    out.push(Event::Text(rest.into()));
                }
            }
            (Event::Start(Tag::BlockQuote(_)), _, _) => {
                open.push(false);
                out.push(events[i].clone());
                i += 1;
            }
            (Event::End(TagEnd::BlockQuote(_)), _, _) => {
                if open.pop() == Some(true) {
                    out.push(Event::Html("</div>\n".into()));
                } else {
                    out.push(events[i].clone());
                }
                i += 1;
            }
            _ => {
                out.push(events[i].clone());
                i += 1;
            }
        }
    }
    out.into_iter()
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

    /// The remembered HTML is what `to_html` gives for the same arguments, and a
    /// change to any one argument is not answered from memory.
    #[test]
    fn remembered_html_depends_on_every_argument() {
        let targets = |path: &str| BTreeMap::from([("tool:duken".to_string(), path.to_string())]);
        let source = "# Duken\n\nSe [Duken](tool:duken).";
        let cases = [
            (source, targets("verktoy/index.html#duken"), "../", 0),
            (source, targets("verktoy/index.html#duken"), "../", 0),
            (source, targets("verktoy/index.html#duken"), "../../", 0),
            (source, targets("verktoy/index.html#duken"), "../", 2),
            (source, targets("andre/index.html#duken"), "../", 0),
            (source, BTreeMap::new(), "../", 0),
            (
                "# Duken\n\nSe [Duken](tool:duken)!",
                targets("verktoy/index.html#duken"),
                "../",
                0,
            ),
        ];
        let mut seen = std::collections::HashSet::new();
        for (source, targets, base, shift) in cases {
            let fresh = to_html(source, &targets, base, shift);
            assert_eq!(to_html_remembered(source, targets, base, shift), fresh);
            seen.insert(fresh);
        }
        // Every case but the repeated first gives different HTML.
        assert_eq!(seen.len(), 6);
    }

    /// The memory is cleared when full, and what is rendered after is still right.
    #[test]
    fn remembered_html_is_bounded() {
        let long = "ord ".repeat(REMEMBERED_BYTES / 40);
        for i in 0..30 {
            let source = format!("{long}{i}");
            let html = to_html_remembered(&source, BTreeMap::new(), "", 0);
            assert!(html.ends_with(&format!("{i}</p>\n")), "{i}");
            REMEMBERED.with(|memo| assert!(memo.borrow().bytes <= REMEMBERED_BYTES));
        }
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
    fn image_addresses_are_read_as_a_browser_reads_them() {
        for other_host in [
            "/\\evil.example/a.png",
            "\\\\evil.example/a.png",
            "\\/evil.example/a.png",
            "/\\/evil.example/a.png",
            " //evil.example/a.png",
            "\t//evil.example/a.png",
            "\n//evil.example/a.png",
            "/\t/evil.example/a.png",
            "//evil.example/a.png",
            "https://evil.example/a.png",
            "HTTPS://evil.example/a.png",
            "https:evil.example/a.png",
            "data:image/png;base64,AAAA",
            "javascript:alert(1)",
            "http://site.invalid/a.png",
        ] {
            assert!(!is_local(other_host), "{other_host:?} counted as local");
            let out = html(&format!("<img alt=x src=\"{other_host}\">"));
            assert!(!out.contains("evil.example"), "{other_host:?}: {out}");
        }
        for local in [
            "bilder/a.png",
            "../filer/a.png",
            "/modum/a.png",
            "a.png?x=1",
            "a%20b.png",
        ] {
            assert!(is_local(local), "{local}");
        }
        let out = html("![Kart](../bilder/kart.png)");
        assert!(out.contains(r#"src="../bilder/kart.png""#), "{out}");
    }

    #[test]
    fn links_with_hidden_schemes_are_removed() {
        for hidden in [
            "java&#x09;script:alert(1)",
            " javascript:alert(1)",
            "&#x01;javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
        ] {
            let out = html(&format!(
                "<a href=\"{hidden}\">x</a> [y]({})",
                hidden.replace(' ', "%20")
            ));
            // What a browser makes of every address left in the page.
            for href in out
                .split("href=\"")
                .skip(1)
                .filter_map(|h| h.split('"').next())
            {
                let href = href.replace("&amp;", "&");
                let scheme = PAGES[0].join(&href).map(|u| u.scheme().to_string());
                assert!(
                    scheme
                        .as_deref()
                        .is_ok_and(|s| ["https", "http", "mailto", "tel"].contains(&s)),
                    "{hidden}: {out}"
                );
            }
        }
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
    fn a_marked_blockquote_is_a_callout() {
        let out = html("> [!VIKTIG]\n> Foresatte involveres **ikke**!\n\nEtter.");
        assert!(
            out.contains(r#"<div class="callout callout-warning" role="note" aria-label="Viktig"><p class="callout-title"><strong>Viktig</strong></p>"#),
            "{out}"
        );
        assert!(
            out.contains("<p>Foresatte involveres <strong>ikke</strong>!</p>"),
            "{out}"
        );
        assert!(
            !out.contains("[!VIKTIG]") && !out.contains("<blockquote"),
            "{out}"
        );
        // On the marker's own line, lower case, and a note.
        let out = html("> [!merk] Les dette først.");
        assert!(out.contains(r#"aria-label="Merk""#), "{out}");
        assert!(out.contains("<p>Les dette først.</p>\n</div>"), "{out}");
        // An ordinary quote stays a quote; a quote inside a call-out too.
        let out = html("> Et sitat.\n\n> [!VIKTIG]\n> Tekst\n>\n> > sitat");
        assert_eq!(out.matches("<blockquote>").count(), 2, "{out}");
        assert_eq!(out.matches("</div>").count(), 1, "{out}");
    }

    #[test]
    fn an_editor_cannot_give_a_role_or_other_classes() {
        let out = html(
            r#"<div class="callout x" role="alert" aria-label="Falsk">t</div><p class="callout-title y">p</p>"#,
        );
        assert!(!out.contains("role="), "{out}");
        assert!(!out.contains("aria-label"), "{out}");
        assert!(!out.contains(" x\"") && !out.contains(" y\""), "{out}");
    }

    #[test]
    fn h1_becomes_h2_and_lists_survive() {
        let out = html("# Tittel\n\n- a\n- b\n");
        assert!(out.contains("<h2>Tittel</h2>"), "{out}");
        assert!(out.contains("<li>a</li>"), "{out}");
    }
}
