//! Search that works offline with no server: an index per site, written at build
//! time, which `search.js` reads in the browser.

pub mod stem;
mod terms;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Lang, Phone};

/// One page in the index: its title, path from the site root and a short excerpt.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "p")]
    pub path: String,
    #[serde(rename = "x")]
    pub excerpt: String,
    /// Where a result leads instead of `path`, when it is not a page of the site:
    /// a number's `tel:` link or a chat's address.
    #[serde(rename = "h", skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// Where a contact result leads when it has no link of its own: the contact block,
/// which stands at the top of every page.
pub const CONTACT_PATH: &str = "index.html#kontakt-tittel";

/// A site's index: pages, and for each stem the pages it occurs in with a weight
/// (occurrences, and more for words in the title).
#[derive(Debug, Default, Serialize)]
pub struct Index {
    pub pages: Vec<Entry>,
    pub terms: BTreeMap<String, Vec<(usize, u32)>>,
}

const TITLE_WEIGHT: u32 = 10;
const EXCERPT_CHARS: usize = 180;

/// One page read for the index: its entry and how often each stem occurs. Pages are
/// read in parallel and added to their site's index in order.
#[derive(Debug)]
pub struct PageTerms {
    entry: Entry,
    /// Each stem once, in no particular order.
    counts: Vec<(std::sync::Arc<str>, u32)>,
}

impl PageTerms {
    /// Read a page from its rendered HTML: the text of its `<main>`.
    pub fn read(title: &str, path: &str, html: &str) -> PageTerms {
        let text = main_text(html);
        let counts = terms::count(&[(&text, 1), (title, TITLE_WEIGHT)]);
        // The excerpt starts after the title: what comes before it on a step page
        // ("Nivå 0 · Steg 3 av 4") is where the page stands, not what it says.
        let body = text
            .find(title)
            .filter(|_| !title.is_empty())
            .map_or(text.as_str(), |start| &text[start + title.len()..])
            .trim();
        let mut excerpt: String = body.chars().take(EXCERPT_CHARS).collect();
        if body.chars().nth(EXCERPT_CHARS).is_some() {
            excerpt.push('…');
        }
        PageTerms {
            entry: Entry {
                title: title.to_string(),
                path: path.to_string(),
                excerpt,
                href: None,
            },
            counts,
        }
    }

    /// A way to reach someone from the contact block, as a result of its own: found
    /// by its label ("barnevernsvakt"), its number as written ("476 92 052") or
    /// without spaces ("47692052"), its hours and note, and the block's heading.
    pub fn contact(phone: &Phone, heading: &str) -> PageTerms {
        let number = phone.display.clone().unwrap_or_default();
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let note = phone.note.clone().unwrap_or_default();
        let excerpt: Vec<&str> = [number.as_str(), phone.hours_text.as_str(), note.as_str()]
            .into_iter()
            .filter(|part| !part.trim().is_empty())
            .collect();
        let excerpt = excerpt.join(" – ");
        let body = format!("{heading} {excerpt} {digits}");
        let counts = terms::count(&[(&phone.label, TITLE_WEIGHT), (&body, 1)]);
        let href = match (&phone.tel, &phone.url) {
            (Some(tel), _) => Some(format!("tel:{tel}")),
            (None, Some(url)) => Some(url.clone()),
            (None, None) => None,
        };
        PageTerms {
            entry: Entry {
                title: phone.label.clone(),
                path: CONTACT_PATH.to_string(),
                excerpt,
                href,
            },
            counts,
        }
    }
}

impl Index {
    /// Add a page, read from its rendered HTML.
    pub fn push(&mut self, page: PageTerms) {
        let number = self.pages.len();
        // Each page adds to each term's list once, so the lists stay in page order
        // whatever order a page's terms come in. Most stems are known by the second
        // page of a site: their key is not made again.
        for (term, count) in page.counts {
            match self.terms.get_mut(&*term) {
                Some(pages) => pages.push((number, count)),
                None => {
                    self.terms.insert(term.to_string(), vec![(number, count)]);
                }
            }
        }
        self.pages.push(page.entry);
    }

    /// The index as a script that sets one global: a `<script src>` loads it from a
    /// file:// folder too, where a browser refuses to fetch JSON.
    pub fn to_script(&self, lang: Lang) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        format!(
            "window.veiviserSok={{\"lang\":\"{}\",\"index\":{json}}};\n",
            lang.code()
        )
    }
}

/// The visible text of a page's `<main>`, tags removed and entities decoded, spaces
/// collapsed. Our own HTML, so a simple scan is enough.
pub fn main_text(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |e| start + e);
    // Navigation inside main (breadcrumbs, tables of contents, previous/next) is
    // not what a page is about.
    let mut text = String::with_capacity(end - start);
    let mut in_tag = false;
    let mut rest = &html[start..end];
    while let Some(open) = rest.find("<nav") {
        strip_tags(&rest[..open], &mut in_tag, &mut text);
        rest = rest[open..]
            .find("</nav>")
            .map_or("", |close| &rest[open + close + 6..]);
    }
    strip_tags(rest, &mut in_tag, &mut text);
    let mut out = Collapsed(String::with_capacity(text.len()));
    decode_entities(&text, &mut out);
    out.finish()
}

/// Copy `html` to `text` without its tags, each tag's end a space. `in_tag` carries
/// over from the piece before: the pieces of a page, its navigation left out, are
/// read as one text.
fn strip_tags(html: &str, in_tag: &mut bool, text: &mut String) {
    let mut rest = html;
    loop {
        if *in_tag {
            let Some(close) = rest.find('>') else {
                return;
            };
            text.push(' ');
            *in_tag = false;
            rest = &rest[close + 1..];
        } else {
            let Some(open) = rest.find('<') else {
                text.push_str(rest);
                return;
            };
            text.push_str(&rest[..open]);
            *in_tag = true;
            rest = &rest[open + 1..];
        }
    }
}

/// A text's words with one space between them, none before the first or after the
/// last: `split_whitespace` joined with spaces, written as the text comes.
struct Collapsed(String);

impl Collapsed {
    fn push_str(&mut self, text: &str) {
        // The pieces hold no whitespace, so a space at the end is one put there.
        let mut pieces = text.split(char::is_whitespace);
        if let Some(first) = pieces.next() {
            self.0.push_str(first);
        }
        for piece in pieces {
            if !self.0.is_empty() && !self.0.ends_with(' ') {
                self.0.push(' ');
            }
            self.0.push_str(piece);
        }
    }

    fn finish(mut self) -> String {
        if self.0.ends_with(' ') {
            self.0.pop();
        }
        self.0
    }
}

/// Text with its character references decoded: the named ones our templates and
/// Markdown write, and every numeric one (Tera writes `/` as `&#x2F;`). The index
/// holds plain text; the browser sets it as text, so an entity left here would show.
fn decode_entities(text: &str, out: &mut Collapsed) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| Some((entity(&rest[1..=end])?, end + 2)));
        match decoded {
            Some((c, len)) => {
                out.push_str(c.encode_utf8(&mut [0; 4]));
                rest = &rest[len..];
            }
            None => {
                out.push_str("&");
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character a reference's name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix: u32| u32::from_str_radix(digits, radix).ok();
    let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
        number(hex, 16)?
    } else if let Some(decimal) = name.strip_prefix('#') {
        number(decimal, 10)?
    } else {
        return match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => None,
        };
    };
    char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_found_by_stem_and_title_weighs_more() {
        let mut index = Index::default();
        index.push(PageTerms::read(
            "Barnevernet",
            "a/index.html",
            "<main><nav>Forside</nav><p>Nivå 1</p><h1>Barnevernet</h1><p>Om tjenesten.</p></main>",
        ));
        assert_eq!(index.pages[0].excerpt, "Om tjenesten.");
        index.push(PageTerms::read(
            "Skole",
            "b/index.html",
            "<nav>barnevernets meny</nav><main><p>Ring barnevernets vakt &amp; skolen.</p></main>",
        ));
        let hits = &index.terms[&stem::stem("barnevern")];
        assert_eq!(hits.len(), 2);
        assert!(hits[0].1 > hits[1].1, "{hits:?}");
        assert_eq!(index.pages[1].excerpt, "Ring barnevernets vakt & skolen.");
        let script = index.to_script(Lang::Nb);
        assert!(script.starts_with("window.veiviserSok={\"lang\":\"nb\""));
        assert!(!script.contains("\"h\""), "pages have no href of their own");
    }

    #[test]
    fn character_references_are_decoded_once() {
        assert_eq!(
            main_text("<main>BTI&#x2F;BTS &amp;lt; &#47; &#X2f; &nbsp;x &foo; & a&#xD800;</main>"),
            "BTI/BTS &lt; / / x &foo; & a&#xD800;"
        );
    }

    /// `main_text` as it was written first, in several passes: the one-pass
    /// version must give the same text for any input.
    fn main_text_in_passes(html: &str) -> String {
        let start = html.find("<main").unwrap_or(0);
        let end = html[start..]
            .find("</main>")
            .map_or(html.len(), |e| start + e);
        let mut main = String::new();
        let mut rest = &html[start..end];
        while let Some(open) = rest.find("<nav") {
            main.push_str(&rest[..open]);
            rest = rest[open..]
                .find("</nav>")
                .map_or("", |close| &rest[open + close + 6..]);
        }
        main.push_str(rest);
        let mut text = String::new();
        let mut in_tag = false;
        for c in main.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    text.push(' ');
                }
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        let mut decoded = Collapsed(String::new());
        decode_entities(&text, &mut decoded);
        let decoded = decoded.0;
        decoded.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    const PIECES: &[&str] = &[
        "<main>", "</main>", "<main id=\"x\">", "<nav>", "</nav>", "<nav", "<", ">", "&amp;",
        "&", ";", "#x2F", "#160", "nbsp", "&nbsp;", "&#160;", "&#10;", "&#x20;", " ", "  ",
        "\u{a0}", "\n", "\t", "a", "Æ", "ord", "<p class=\"a>b\">", "</p>", "<br/>",
        "&lt;", "&#X2f;", "&#xD800;",
    ];

    proptest::proptest! {
        #[test]
        fn one_pass_reads_as_the_passes_did(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
        ) {
            let html = pieces.concat();
            proptest::prop_assert_eq!(main_text(&html), main_text_in_passes(&html), "{:?}", html);
        }
    }

    #[test]
    fn spaces_collapse_and_navigation_goes() {
        assert_eq!(
            main_text("<body>x<main>\n <p>A&nbsp; b</p><nav>Meny</nav>\u{a0}<b>c</b>&#10;</main>y"),
            "A b c"
        );
        assert_eq!(main_text("<main> </main>"), "");
        assert_eq!(main_text("<main><nav>x</main>"), "");
    }

    fn phone(label: &str, display: Option<&str>, tel: Option<&str>) -> Phone {
        Phone {
            label: label.into(),
            channel: crate::model::Channel::Phone,
            number_source: display.map(String::from),
            display: display.map(String::from),
            tel: tel.map(String::from),
            valid: true,
            url: None,
            emergency: false,
            hours: Vec::new(),
            hours_text: "hele døgnet".into(),
            note: None,
            national: false,
            loc: crate::diagnostic::Loc::file("x"),
        }
    }

    #[test]
    fn contacts_are_found_by_label_and_number() {
        let mut index = Index::default();
        index.push(PageTerms::contact(
            &phone("Barnevernsvakt", Some("476 92 052"), Some("+4747692052")),
            "Trenger du hjelp?",
        ));
        index.push(PageTerms::contact(
            &phone("Nødnummer", Some("112"), Some("112")),
            "Trenger du hjelp?",
        ));
        for (word, page) in [
            ("barnevernsvakt", 0),
            ("476", 0),
            ("47692052", 0),
            ("112", 1),
        ] {
            let hits = &index.terms[&stem::stem(word)];
            assert_eq!(
                hits.iter().map(|h| h.0).collect::<Vec<_>>(),
                [page],
                "{word}"
            );
        }
        assert_eq!(index.pages[0].href.as_deref(), Some("tel:+4747692052"));
        assert_eq!(index.pages[0].excerpt, "476 92 052 – hele døgnet");
        assert_eq!(index.pages[1].path, CONTACT_PATH);
        // Both are found by the block's heading.
        assert_eq!(index.terms[&stem::stem("hjelp")].len(), 2);
    }
}
