//! Search that works offline with no server: an index per site, written at build
//! time, which `search.js` reads in the browser.

pub mod stem;
mod terms;

use std::sync::Arc;

use memchr::memmem;

use serde::{Deserialize, Serialize};

use crate::model::{Lang, Phone};

/// One page in the index: its title, path from the site root and a short excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "p")]
    pub path: String,
    #[serde(rename = "x")]
    pub excerpt: String,
    /// Where a result leads instead of `path`, when it is not a page of the site:
    /// a number's `tel:` link or a chat's address.
    #[serde(rename = "h", default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// Where a contact result leads when it has no link of its own: the contact block,
/// which stands at the top of every page.
pub const CONTACT_PATH: &str = "index.html#kontakt-tittel";

/// The pages a stem occurs in, in page order, each with its weight.
type Pages = Vec<(usize, u32)>;

/// A site's index: pages, and for each stem the pages it occurs in with a weight
/// (occurrences, and more for words in the title).
#[derive(Debug, Default)]
pub struct Index {
    pub pages: Vec<Entry>,
    /// Stems in no order: sorted once, when the index is written.
    terms: terms::FastMap<Arc<str>, Pages>,
}

const TITLE_WEIGHT: u32 = 10;
const EXCERPT_CHARS: usize = 180;

/// One page read for the index: its entry and how often each stem occurs. Pages are
/// read in parallel and added to their site's index in order.
#[derive(Debug)]
pub struct PageTerms {
    entry: Entry,
    /// Each stem once, in no particular order.
    counts: Vec<(Arc<str>, u32)>,
}

impl PageTerms {
    /// Read a page from its rendered HTML: the text of its `<main>`.
    pub fn read(title: &str, path: &str, html: &str) -> PageTerms {
        let text = main_text(html);
        let counts = terms::count(&[(&text, 1), (title, TITLE_WEIGHT)]);
        // The excerpt starts after the title: what comes before it on a step page
        // ("Nivå 0 · Steg 3 av 4") is where the page stands, not what it says.
        let body = find(&text, title)
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
        // whatever order a page's terms come in.
        for (term, count) in page.counts {
            self.terms.entry(term).or_default().push((number, count));
        }
        self.pages.push(page.entry);
    }

    /// The index a script of [`Index::to_script`] holds, to be changed page by page
    /// ([`Index::replace`]); `None` when it is not such a script.
    pub fn from_script(script: &str) -> Option<Index> {
        #[derive(Deserialize)]
        struct Written {
            pages: Vec<Entry>,
            terms: std::collections::BTreeMap<String, Vec<(usize, u32)>>,
        }
        let json = script
            .strip_prefix("window.veiviserSok={\"lang\":\"")?
            .split_once("\",\"index\":")?
            .1
            .strip_suffix("};\n")?;
        let written: Written = serde_json::from_str(json).ok()?;
        let count = written.pages.len();
        let in_order = |pages: &Vec<(usize, u32)>| {
            pages.windows(2).all(|w| w[0].0 < w[1].0) && pages.iter().all(|&(p, _)| p < count)
        };
        if !written.terms.values().all(in_order) {
            return None;
        }
        Some(Index {
            pages: written.pages,
            terms: written
                .terms
                .into_iter()
                .map(|(term, pages)| (Arc::from(term), pages))
                .collect(),
        })
    }

    /// Read the pages numbered in `pages` again: each replaces what the index held of
    /// the page of its number, which must be there. The same index as one pushed
    /// page by page with these pages in their places, since a page's weights depend
    /// on that page alone. `false` (and the index unchanged) when a number is not
    /// one of its pages.
    pub fn replace(&mut self, pages: Vec<(usize, PageTerms)>) -> bool {
        if pages.iter().any(|(number, _)| *number >= self.pages.len()) {
            return false;
        }
        let numbers: std::collections::BTreeSet<usize> =
            pages.iter().map(|(number, _)| *number).collect();
        self.terms.retain(|_, list| {
            list.retain(|(page, _)| !numbers.contains(page));
            !list.is_empty()
        });
        for (number, page) in pages {
            for (term, count) in page.counts {
                let list = self.terms.entry(term).or_default();
                let at = list.partition_point(|&(p, _)| p < number);
                list.insert(at, (number, count));
            }
            self.pages[number] = page.entry;
        }
        true
    }

    /// The index as a script that sets one global: a `<script src>` loads it from a
    /// file:// folder too, where a browser refuses to fetch JSON.
    pub fn to_script(&self, lang: Lang) -> String {
        let mut script = format!(
            "window.veiviserSok={{\"lang\":\"{}\",\"index\":",
            lang.code()
        )
        .into_bytes();
        let start = script.len();
        if self.write_json(&mut script).is_err() {
            script.truncate(start);
            script.extend_from_slice(b"{}");
        }
        script.extend_from_slice(b"};\n");
        // Both parts are UTF-8 (serde_json writes nothing else).
        String::from_utf8(script).unwrap_or_default()
    }

    /// The index as JSON: `{"pages":[...],"terms":{"stem":[[page,weight],...],...}}`,
    /// stems in order, the same bytes as serde_json writes for a struct of the pages
    /// and a `BTreeMap` of the terms. The terms' lists (most of the index) are
    /// written here, number by number, without serde's machinery or the map.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        // Each stem is a key once, so an unstable sort gives the one order. Most
        // stems differ in their first eight bytes, compared as one number (zero
        // padding sorts a shorter stem first, as `str` order does).
        let prefix = |term: &str| {
            let mut first = [0u8; 8];
            let len = term.len().min(8);
            first[..len].copy_from_slice(&term.as_bytes()[..len]);
            u64::from_be_bytes(first)
        };
        let mut terms: Vec<(u64, &str, &Pages)> = self
            .terms
            .iter()
            .map(|(term, pages)| (prefix(term), &**term, pages))
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        out.extend_from_slice(b"{\"pages\":");
        serde_json::to_writer(&mut *out, &self.pages)?;
        out.extend_from_slice(b",\"terms\":{");
        for (i, (_, term, pages)) in terms.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut *out, term)?;
            out.extend_from_slice(b":[");
            for (j, &(page, weight)) in pages.iter().enumerate() {
                out.extend_from_slice(if j > 0 { b",[" } else { b"[" });
                push_decimal(out, page as u64);
                out.push(b',');
                push_decimal(out, u64::from(weight));
                out.push(b']');
            }
            out.push(b']');
        }
        out.extend_from_slice(b"}}");
        Ok(())
    }
}

/// `n` in decimal, as serde_json writes an integer. Most are page numbers and
/// weights under 1000: their digits are pushed as a fixed-size array (a copy of a
/// slice of varying length costs a call to `memcpy`).
fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let digit = |d: u64| b'0' + (d % 10) as u8;
    if n < 10 {
        out.push(digit(n));
        return;
    }
    if n < 100 {
        out.extend_from_slice(&[digit(n / 10), digit(n)]);
        return;
    }
    if n < 1000 {
        out.extend_from_slice(&[digit(n / 100), digit(n / 10), digit(n)]);
        return;
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The visible text of a page's `<main>`, tags removed and entities decoded, spaces
/// collapsed. Our own HTML, so a simple scan is enough.
pub fn main_text(html: &str) -> String {
    let start = find(html, "<main").unwrap_or(0);
    let end = find(&html[start..], "</main>").map_or(html.len(), |e| start + e);
    region_text(&html[start..end])
}

/// The visible text of a piece of a page (a heading's contents), as [`main_text`]
/// reads it: the same as `main_text` of the piece wrapped in `<main>`, without
/// copying the piece to wrap it.
pub fn fragment_text(html: &str) -> String {
    region_text(&html[..find(html, "</main>").unwrap_or(html.len())])
}

fn region_text(region: &str) -> String {
    // Navigation inside main (breadcrumbs, tables of contents, previous/next) is
    // not what a page is about.
    let mut text = String::with_capacity(region.len());
    let mut in_tag = false;
    let mut rest = region;
    while let Some(open) = find(rest, "<nav") {
        strip_tags(&rest[..open], &mut in_tag, &mut text);
        rest = find(&rest[open..], "</nav>").map_or("", |close| &rest[open + close + 6..]);
    }
    strip_tags(rest, &mut in_tag, &mut text);
    let mut out = Collapsed::new(text.len());
    decode_entities(&text, &mut out);
    out.finish()
}

/// Where `needle` first starts in `haystack` (`str::find`, faster on a whole page).
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// Copy `html` to `text` without its tags, each tag's end a space. `in_tag` carries
/// over from the piece before: the pieces of a page, its navigation left out, are
/// read as one text.
fn strip_tags(html: &str, in_tag: &mut bool, text: &mut String) {
    let mut rest = html;
    loop {
        if *in_tag {
            let Some(close) = memchr::memchr(b'>', rest.as_bytes()) else {
                return;
            };
            text.push(' ');
            *in_tag = false;
            rest = &rest[close + 1..];
        } else {
            let Some(open) = memchr::memchr(b'<', rest.as_bytes()) else {
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
struct Collapsed {
    out: String,
    /// Whitespace came after the last word written.
    space: bool,
}

/// Where decoded text goes.
trait Sink {
    fn push_str(&mut self, text: &str);
}

impl Sink for String {
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }
}

impl Sink for Collapsed {
    fn push_str(&mut self, text: &str) {
        Collapsed::push_str(self, text);
    }
}

impl Collapsed {
    fn new(capacity: usize) -> Collapsed {
        Collapsed {
            out: String::with_capacity(capacity),
            space: false,
        }
    }

    /// Words already one space apart are copied together, not word by word.
    fn push_str(&mut self, text: &str) {
        let bytes = text.as_bytes();
        // Where the words not yet written start: at `run`, one space apart up to `at`.
        let mut run = 0;
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            // Most bytes are neither white space nor the start of a character that
            // may be: one look-up each (a byte inside a character is one of them,
            // so `at` stops only where a character starts).
            let (white, len) = match WHITE_CLASS[usize::from(byte)] {
                NOT_WHITE => {
                    at += 1;
                    continue;
                }
                ASCII_WHITE => (true, 1),
                _ => whitespace_at(text, at),
            };
            if !white {
                at += len;
                continue;
            }
            // A single space between two words stays in the run.
            if byte == b' ' && at > run {
                let word_follows = at + 1 < bytes.len() && !whitespace_at(text, at + 1).0;
                if word_follows {
                    at += 1;
                    continue;
                }
            }
            self.word(&text[run..at]);
            self.space = true;
            at += len;
            run = at;
        }
        self.word(&text[run..]);
    }

    /// A word, or the part of one that this piece of text holds.
    fn word(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if self.space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push_str(word);
    }

    fn finish(self) -> String {
        self.out
    }
}

/// What a byte of UTF-8 text says about white space (`Collapsed::push_str`).
const NOT_WHITE: u8 = 0;
const ASCII_WHITE: u8 = 1;
/// The first byte of a character that may be white space: U+0085 and U+00A0
/// (0xC2), U+1680 (0xE1), U+2000 to U+205F (0xE2), U+3000 (0xE3).
const MAYBE_WHITE: u8 = 2;

static WHITE_CLASS: [u8; 256] = {
    let mut class = [NOT_WHITE; 256];
    let mut byte = 0;
    while byte < 128 {
        if is_ascii_white(byte as u8) {
            class[byte] = ASCII_WHITE;
        }
        byte += 1;
    }
    class[0xC2] = MAYBE_WHITE;
    class[0xE1] = MAYBE_WHITE;
    class[0xE2] = MAYBE_WHITE;
    class[0xE3] = MAYBE_WHITE;
    class
};

/// The ASCII characters that are white space (as `char::is_whitespace` has it).
#[inline]
const fn is_ascii_white(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether the character at byte `at` of `text` is white space, and its length.
#[inline]
fn whitespace_at(text: &str, at: usize) -> (bool, usize) {
    match text.as_bytes()[at] {
        byte if byte.is_ascii() => (is_ascii_white(byte), 1),
        _ => text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
    }
}

/// Text with its character references decoded: the named ones our templates and
/// Markdown write, and every numeric one (Tera writes `/` as `&#x2F;`). The index
/// holds plain text; the browser sets it as text, so an entity left here would show.
fn decode_entities(text: &str, out: &mut impl Sink) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let near = &rest.as_bytes()[1..rest.len().min(12)];
        let decoded =
            memchr::memchr(b';', near).and_then(|end| Some((entity(&rest[1..=end])?, end + 2)));
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

    /// A page of its own words, to build indexes of.
    fn page(n: usize, words: &str) -> PageTerms {
        PageTerms::read(
            &format!("Side {n}"),
            &format!("s{n}/index.html"),
            &format!("<main><h1>Side {n}</h1><p>{words}</p></main>"),
        )
    }

    fn pushed(pages: Vec<PageTerms>) -> Index {
        let mut index = Index::default();
        for page in pages {
            index.push(page);
        }
        index
    }

    #[test]
    fn an_index_read_back_with_pages_replaced_is_the_index_of_the_new_pages() {
        let texts = [
            "Barnevernet ringer skolen om 107 kB skjema",
            "Helsesykepleier og skolen samarbeider",
            "Bare denne siden sier kriseteam",
            "Skjema for samtykke, 107 kB",
        ];
        let old = pushed(texts.iter().enumerate().map(|(n, t)| page(n, t)).collect());
        let mut contact = PageTerms::read("Legevakt", CONTACT_PATH, "<main>116 117</main>");
        contact.entry.href = Some("tel:116117".into());
        let mut old_with_contact = old;
        old_with_contact.push(contact);
        let script = old_with_contact.to_script(Lang::Nb);
        let Some(mut read) = Index::from_script(&script) else {
            panic!("the index is not read back: {script}");
        };
        assert_eq!(read.to_script(Lang::Nb), script, "read back as written");

        // Pages 0 and 3 change: a word gone (kriseteam stays on page 2 alone), a
        // number changed, a word new to the index.
        let new_texts = [
            "Barnevernet ringer skolen om 108 kB skjema",
            texts[1],
            texts[2],
            "Skjema for samtykke og taushetsplikt, 108 kB",
        ];
        assert!(read.replace(vec![(3, page(3, new_texts[3])), (0, page(0, new_texts[0]))]));
        let mut fresh = pushed(
            new_texts
                .iter()
                .enumerate()
                .map(|(n, t)| page(n, t))
                .collect(),
        );
        let mut contact = PageTerms::read("Legevakt", CONTACT_PATH, "<main>116 117</main>");
        contact.entry.href = Some("tel:116117".into());
        fresh.push(contact);
        assert_eq!(read.to_script(Lang::Nb), fresh.to_script(Lang::Nb));
        assert!(
            !read.to_script(Lang::Nb).contains("\"107\""),
            "the old number is gone"
        );

        // A number that is not a page changes nothing.
        let before = read.to_script(Lang::Nb);
        assert!(!read.replace(vec![(9, page(9, "ny"))]));
        assert_eq!(read.to_script(Lang::Nb), before);
        // Not an index: nothing read.
        assert!(Index::from_script("window.x=1;\n").is_none());
        assert!(Index::from_script(&before.replace("};\n", "}")).is_none());
    }

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
        let hits = &index.terms[stem::stem("barnevern").as_str()];
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
        let mut decoded = String::new();
        decode_entities(&text, &mut decoded);
        decoded.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    const PIECES: &[&str] = &[
        "<main>",
        "</main>",
        "<main id=\"x\">",
        "<nav>",
        "</nav>",
        "<nav",
        "<",
        ">",
        "&amp;",
        "&",
        ";",
        "#x2F",
        "#160",
        "nbsp",
        "&nbsp;",
        "&#160;",
        "&#10;",
        "&#x20;",
        " ",
        "  ",
        "\u{a0}",
        "\n",
        "\t",
        "a",
        "Æ",
        "ord",
        "<p class=\"a>b\">",
        "</p>",
        "<br/>",
        "&lt;",
        "&#X2f;",
        "&#xD800;",
    ];

    proptest::proptest! {
        #[test]
        fn one_pass_reads_as_the_passes_did(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
        ) {
            let html = pieces.concat();
            proptest::prop_assert_eq!(main_text(&html), main_text_in_passes(&html), "{:?}", html);
            proptest::prop_assert_eq!(
                fragment_text(&html),
                main_text(&format!("<main>{html}</main>")),
                "{:?}",
                html
            );
        }
    }

    proptest::proptest! {
        /// However a text is handed to `Collapsed` in pieces, it comes out as its
        /// words joined by single spaces.
        #[test]
        fn collapsing_in_pieces_joins_the_words(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[" ", "  ", "\n", "\t", "\u{a0}", "\u{2003}", "a", "æ", "ord", "x y", " z "][..]),
                0..30,
            ),
            cut in 0usize..30,
        ) {
            let text = pieces.concat();
            let mut collapsed = Collapsed::new(0);
            for part in [&pieces[..cut.min(pieces.len())], &pieces[cut.min(pieces.len())..]] {
                collapsed.push_str(&part.concat());
            }
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapsed.finish(), expected);
        }
    }

    #[test]
    fn the_index_is_written_as_serde_json_writes_it() {
        #[derive(Serialize)]
        struct Written<'a> {
            pages: &'a [Entry],
            terms: std::collections::BTreeMap<&'a str, &'a [(usize, u32)]>,
        }
        let mut index = Index::default();
        let texts = [
            (
                "Forside",
                "<main>Barnevernet hjelper «barn» &amp; unge. \"Sitat\" \\ 0 10 4294967295</main>",
            ),
            ("Steg", "<main>Ærlig ærlige σας 中文 tab\there</main>"),
        ];
        for _ in 0..6 {
            for (title, html) in texts {
                index.push(PageTerms::read(title, "a/index.html", html));
            }
        }
        index
            .terms
            .entry("u\u{1}\"/".into())
            .or_default()
            .push((usize::MAX, u32::MAX));
        // Stems that share their first eight bytes, or are shorter; numbers of one
        // to six digits.
        for (term, page) in [
            ("abcdefgh", 999),
            ("abcdefghi", 1000),
            ("abcdefg", 99),
            ("abcdefgha", 10),
            ("ab", 100_000),
            ("a\u{0}", 9),
            ("a", 0),
        ] {
            index.terms.entry(term.into()).or_default().push((page, 7));
        }
        let expected = serde_json::to_string(&Written {
            pages: &index.pages,
            terms: index
                .terms
                .iter()
                .map(|(t, p)| (&**t, p.as_slice()))
                .collect(),
        })
        .unwrap();
        let mut json = Vec::new();
        index.write_json(&mut json).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), expected);
        assert!(index.to_script(Lang::Nb).contains(&expected));
        let empty = Index::default();
        let mut json = Vec::new();
        empty.write_json(&mut json).unwrap();
        assert_eq!(json, br#"{"pages":[],"terms":{}}"#);
    }

    #[test]
    fn a_character_that_is_white_space_starts_with_a_byte_that_says_so() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let first = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            let class = WHITE_CLASS[usize::from(first)];
            if c.is_ascii() {
                assert_eq!(class == ASCII_WHITE, c.is_whitespace(), "{c:?}");
            } else if c.is_whitespace() {
                assert_eq!(class, MAYBE_WHITE, "{c:?}");
            }
        }
        assert!(WHITE_CLASS[0x80..0xC0].iter().all(|&c| c == NOT_WHITE));
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
            let hits = &index.terms[stem::stem(word).as_str()];
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
        assert_eq!(index.terms[stem::stem("hjelp").as_str()].len(), 2);
    }
}
