//! Search that works offline with no server: an index per site, written at build
//! time, which `search.js` reads in the browser.

pub mod stem;

use std::collections::{BTreeMap, HashMap};

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
    counts: BTreeMap<String, u32>,
}

impl PageTerms {
    /// Read a page from its rendered HTML: the text of its `<main>`.
    pub fn read(title: &str, path: &str, html: &str) -> PageTerms {
        let text = main_text(html);
        // Pages repeat their words; each distinct word is stemmed once.
        let mut words: HashMap<String, u32> = HashMap::new();
        for word in stem::words(&text) {
            *words.entry(word).or_default() += 1;
        }
        for word in stem::words(title) {
            *words.entry(word).or_default() += TITLE_WEIGHT;
        }
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for (word, count) in words {
            *counts.entry(stem::stem(&word)).or_default() += count;
        }
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
        let mut words: HashMap<String, u32> = HashMap::new();
        for word in stem::words(&phone.label) {
            *words.entry(word).or_default() += TITLE_WEIGHT;
        }
        let body = format!("{heading} {excerpt} {digits}");
        for word in stem::words(&body) {
            *words.entry(word).or_default() += 1;
        }
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for (word, count) in words {
            *counts.entry(stem::stem(&word)).or_default() += count;
        }
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
        for (term, count) in page.counts {
            self.terms.entry(term).or_default().push((number, count));
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
    let mut main = String::with_capacity(end - start);
    let mut rest = &html[start..end];
    while let Some(open) = rest.find("<nav") {
        main.push_str(&rest[..open]);
        rest = rest[open..]
            .find("</nav>")
            .map_or("", |close| &rest[open + close + 6..]);
    }
    main.push_str(rest);
    let mut text = String::with_capacity(main.len());
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
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text with its character references decoded: the named ones our templates and
/// Markdown write, and every numeric one (Tera writes `/` as `&#x2F;`). The index
/// holds plain text; the browser sets it as text, so an entity left here would show.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
