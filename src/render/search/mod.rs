//! Search that works offline with no server: an index per site, written at build
//! time, which `search.js` reads in the browser.

pub mod stem;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::Lang;

/// One page in the index: its title, path from the site root and a short excerpt.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "p")]
    pub path: String,
    #[serde(rename = "x")]
    pub excerpt: String,
}

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
        let body = text.strip_prefix(title).unwrap_or(&text).trim();
        let mut excerpt: String = body.chars().take(EXCERPT_CHARS).collect();
        if body.chars().nth(EXCERPT_CHARS).is_some() {
            excerpt.push('…');
        }
        PageTerms {
            entry: Entry {
                title: title.to_string(),
                path: path.to_string(),
                excerpt,
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
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
            "<main><nav>Forside</nav><h1>Barnevernet</h1><p>Om tjenesten.</p></main>",
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
    }
}
