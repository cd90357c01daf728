//! Glossary links: on every page, the first use of each term in the main content
//! links to its definition on the glossary page.
//!
//! It works on the rendered page, after Markdown is sanitised, so a term counts once
//! per page however many texts the page is made of. Only the texts editors write
//! (Markdown, marked by [`TEXT_START`] and [`TEXT_END`] when rendered) are read:
//! never titles, labels or the contact block, and inside a text never a heading, a
//! link, code or anything hidden. The text's letters are never changed, only wrapped
//! in a link. All forms of all terms are found in one pass (Aho–Corasick), and a
//! match counts only as a whole word.

use std::sync::{Arc, LazyLock, Mutex};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem;

use crate::model::layout;
use crate::model::{spellings, Glossary};

/// Around every rendered Markdown text until the page is finished: where glossary
/// links may go. Comments, so nothing an editor writes can forge them (the sanitiser
/// removes comments from the text).
pub const TEXT_START: &str = "<!--veiviser:text-->";
pub const TEXT_END: &str = "<!--/veiviser:text-->";

/// Searchers for the markers, made once (making one costs more than a page's search).
static FIND_START: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(TEXT_START));
static FIND_END: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(TEXT_END));
static FIND_COMMENT: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("<!--"));

/// Glossaries' automata kept for the next site: the sites of a country share the
/// national glossary, most with no terms of their own, and the automaton costs
/// more to make than the pages of a site cost to search.
const KEPT_MATCHERS: usize = 8;
type Matchers = Vec<(Vec<String>, Arc<AhoCorasick>)>;
static MATCHERS: Mutex<Matchers> = Mutex::new(Vec::new());

/// The automaton that finds `patterns`, made or kept. A DFA: a few hundred short
/// patterns make a small one, and it reads a page faster than the NFA the builder
/// picks for that many. The matches are the same either way.
fn matcher_for(patterns: Vec<String>) -> Option<Arc<AhoCorasick>> {
    let mut kept = MATCHERS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, matcher)) = kept.iter().find(|(p, _)| *p == patterns) {
        return Some(Arc::clone(matcher));
    }
    let matcher = Arc::new(
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .ok()?,
    );
    if kept.len() >= KEPT_MATCHERS {
        kept.remove(0);
    }
    kept.push((patterns, Arc::clone(&matcher)));
    Some(matcher)
}

/// The page without the markers, for a site without a glossary.
pub fn strip_markers(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = FIND_COMMENT.find(rest.as_bytes()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match [TEXT_START, TEXT_END]
            .into_iter()
            .find(|marker| rest.starts_with(marker))
        {
            Some(marker) => rest = &rest[marker.len()..],
            None => {
                out.push_str("<!--");
                rest = &rest[4..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Elements whose text never gets a glossary link: a link inside them would nest
/// interactive content, hide where it leads, or sit in text that is not prose.
const SKIPPED: &[&str] = &[
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "nav", "button",
    "label", "legend", "summary", "select", "option", "textarea", "form", "dfn", "abbr", "script",
    "style", "svg", "title", "template", "noscript",
];
/// Elements whose contents are not HTML.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// Finds a site's terms in its pages.
pub struct Linker {
    matcher: Arc<AhoCorasick>,
    /// For each pattern, the index of its term in the glossary.
    owner: Vec<usize>,
    /// For each term, `ordliste/index.html#term-<id>` from the site's root.
    targets: Vec<String>,
}

impl Linker {
    /// `None` when the site has no glossary.
    pub fn new(glossary: &Glossary) -> Option<Linker> {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (index, term) in glossary.terms.iter().enumerate() {
            for form in &term.forms {
                for spelling in spellings(form) {
                    // Two terms never share a spelling (resolve reports it); a term's
                    // own forms may repeat one.
                    if seen.insert(spelling.clone()) {
                        patterns.push(spelling);
                        owner.push(index);
                    }
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let matcher = matcher_for(patterns)?;
        let targets = glossary
            .terms
            .iter()
            .map(|t| format!("{}#{}", layout::GLOSSARY, t.anchor))
            .collect();
        Some(Linker {
            matcher,
            owner,
            targets,
        })
    }

    /// The page with the first use of each term in its texts linked, and the
    /// texts' markers removed; `used[i]` is set for every term `i` linked. `base` is
    /// the way from the page to the site's root.
    pub fn link(&self, html: &str, base: &str, used: &mut [bool]) -> String {
        let mut linked = vec![false; self.targets.len()];
        let mut found = Vec::new();
        let mut out = String::with_capacity(html.len() + 512);
        let mut rest = html;
        while let Some(start) = FIND_START.find(rest.as_bytes()) {
            out.push_str(&rest[..start]);
            let inner = &rest[start + TEXT_START.len()..];
            let end = FIND_END.find(inner.as_bytes()).unwrap_or(inner.len());
            self.region(&inner[..end], base, &mut linked, &mut found, &mut out);
            rest = inner.get(end + TEXT_END.len()..).unwrap_or_default();
        }
        out.push_str(rest);
        for (term, was) in linked.iter().enumerate() {
            if *was {
                if let Some(u) = used.get_mut(term) {
                    *u = true;
                }
            }
        }
        out
    }

    /// One text, as Markdown rendered it: its elements and the words between them.
    fn region(
        &self,
        region: &str,
        base: &str,
        linked: &mut [bool],
        found: &mut Vec<(usize, usize, usize)>,
        out: &mut String,
    ) {
        // Names of the skipped elements open around the current position.
        let mut skipping: Vec<&str> = Vec::new();
        let mut at = 0;
        while at < region.len() {
            let Some(lt) = region[at..].find('<').map(|i| at + i) else {
                if skipping.is_empty() {
                    self.text(&region[at..], base, linked, found, out);
                } else {
                    out.push_str(&region[at..]);
                }
                break;
            };
            if skipping.is_empty() {
                self.text(&region[at..lt], base, linked, found, out);
            } else {
                out.push_str(&region[at..lt]);
            }
            let tag_end = lt + tag_length(&region[lt..]);
            let tag = &region[lt..tag_end];
            out.push_str(tag);
            at = tag_end;
            let Some((name, closing)) = tag_name(tag) else {
                continue;
            };
            if closing {
                if let Some(open) = skipping.iter().rposition(|n| *n == name) {
                    skipping.truncate(open);
                }
                continue;
            }
            if RAW_TEXT.contains(&name) {
                // Copied as it is, up to its end tag.
                let close = format!("</{name}");
                let stop = crate::format::find_ignoring_ascii_case(&region[at..], &close)
                    .map_or(region.len(), |i| at + i);
                out.push_str(&region[at..stop]);
                at = stop;
                continue;
            }
            if crate::format::is_void_element(name.as_bytes()) || tag.ends_with("/>") {
                continue;
            }
            if SKIPPED.contains(&name) || hidden(tag) {
                skipping.push(name);
            }
        }
    }

    /// Copy `text` to `out`, linking the first use of each term not linked yet.
    /// `found` is room for the matches, kept from text to text.
    fn text(
        &self,
        text: &str,
        base: &str,
        linked: &mut [bool],
        found: &mut Vec<(usize, usize, usize)>,
        out: &mut String,
    ) {
        found.clear();
        found.extend(
            self.matcher
                .find_overlapping_iter(text)
                .filter(|m| whole_word(text, m.start(), m.end()))
                .map(|m| (m.start(), m.end(), self.owner[m.pattern().as_usize()])),
        );
        if found.is_empty() {
            out.push_str(text);
            return;
        }
        // Leftmost first, and at one place the longest form ("BTI-modellen", not
        // "BTI"); no two patterns are the same, so no two matches tie.
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut copied = 0;
        for &(start, end, term) in found.iter() {
            if start < copied {
                continue;
            }
            if linked[term] {
                // Later uses stay text, but still cover their words: a shorter form
                // of another term inside them is not a use of that term.
                out.push_str(&text[copied..end]);
                copied = end;
                continue;
            }
            linked[term] = true;
            out.push_str(&text[copied..start]);
            out.push_str("<a class=\"term\" href=\"");
            out.push_str(base);
            out.push_str(&self.targets[term]);
            out.push_str("\">");
            out.push_str(&text[start..end]);
            out.push_str("</a>");
            copied = end;
        }
        out.push_str(&text[copied..]);
    }
}

/// A match stands alone: no letter or digit right before or after it.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The length of the tag or comment that starts `rest` (with `<`), quoted attribute
/// values skipped.
fn tag_length(rest: &str) -> usize {
    if rest.starts_with("<!--") {
        return rest.find("-->").map_or(rest.len(), |i| i + 3);
    }
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

/// A tag's element name, and whether it is an end tag. `None` for a comment or
/// doctype. Names are compared in lower case, as the sanitiser and the templates
/// write them.
fn tag_name(tag: &str) -> Option<(&str, bool)> {
    let inner = tag.strip_prefix('<')?;
    let (inner, closing) = match inner.strip_prefix('/') {
        Some(rest) => (rest, true),
        None => (inner, false),
    };
    let end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(inner.len());
    let name = &inner[..end];
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some((name, closing))
}

/// Text a reader does not see: a link there would take keyboard focus invisibly.
fn hidden(tag: &str) -> bool {
    tag.contains("visually-hidden")
        || tag.contains("aria-hidden=\"true\"")
        || tag
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .any(|word| word == "hidden")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::GlossaryTerm;

    fn term(id: &str, forms: &[&str]) -> GlossaryTerm {
        GlossaryTerm {
            id: id.into(),
            anchor: format!("term-{id}"),
            word: forms[0].into(),
            forms: forms.iter().map(|f| f.to_string()).collect(),
            definition: "Forklaring.".into(),
            source: "Kilde".into(),
            url: None,
            local: false,
        }
    }

    fn linker() -> Linker {
        Linker::new(&Glossary {
            terms: vec![
                term("bekymring", &["bekymring", "bekymringen", "bekymringer"]),
                term("bti", &["BTI", "BTI-modellen", "Bedre tverrfaglig innsats"]),
                term("taushetsplikt", &["taushetsplikt", "teieplikt"]),
                term("stafettlogg", &["stafettlogg", "stafettloggen"]),
                term("stafettholder", &["stafettholder"]),
                term("ip", &["individuell plan", "IP"]),
            ],
            path: layout::GLOSSARY.into(),
        })
        .expect("terms")
    }

    fn page(main: &str) -> String {
        format!("<html><head><title>BTI</title></head><body><nav>BTI</nav><main id=\"innhold\"><h1>BTI</h1><p class=\"step-position\">BTI</p>{TEXT_START}{main}{TEXT_END}</main><footer>BTI</footer></body></html>")
    }

    fn link(main: &str) -> (String, Vec<bool>) {
        let mut used = vec![false; 6];
        let out = linker().link(&page(main), "../", &mut used);
        let inner = out
            .split_once("<p class=\"step-position\">BTI</p>")
            .and_then(|(_, rest)| rest.split_once("</main>"))
            .map(|(inner, _)| inner.to_string())
            .unwrap_or_default();
        (inner, used)
    }

    fn href(id: &str) -> String {
        format!("<a class=\"term\" href=\"../ordliste/index.html#term-{id}\">")
    }

    #[test]
    fn the_first_use_links_and_later_ones_stay_text() {
        let (out, used) = link("<p>En bekymring er en bekymring.</p><p>Bekymringen vokser.</p>");
        assert_eq!(
            out,
            format!(
                "<p>En {}bekymring</a> er en bekymring.</p><p>Bekymringen vokser.</p>",
                href("bekymring")
            )
        );
        assert!(used[0] && !used[1]);
    }

    #[test]
    fn whole_words_only_and_inflections_count() {
        let (out, _) = link("<p>Bekymringsmelding og ubekymring, så bekymringer.</p>");
        assert_eq!(
            out,
            format!(
                "<p>Bekymringsmelding og ubekymring, så {}bekymringer</a>.</p>",
                href("bekymring")
            )
        );
        // Letters beyond a–z are letters: "stafettloggø" is not a use.
        let (out, _) = link("<p>stafettloggø stafettloggen.</p>");
        assert_eq!(
            out,
            format!(
                "<p>stafettloggø {}stafettloggen</a>.</p>",
                href("stafettlogg")
            )
        );
        // Punctuation and hyphens end a word.
        let (out, _) = link("<p>(teieplikt)</p>");
        assert_eq!(
            out,
            format!("<p>({}teieplikt</a>)</p>", href("taushetsplikt"))
        );
    }

    #[test]
    fn case_counts_for_acronyms_only() {
        let (out, _) = link("<p>Bti og bti er ikke BTI.</p>");
        assert_eq!(
            out,
            format!("<p>Bti og bti er ikke {}BTI</a>.</p>", href("bti"))
        );
        let (out, _) = link("<p>TAUSHETSPLIKT</p>");
        assert!(
            out.contains(&format!("{}TAUSHETSPLIKT</a>", href("taushetsplikt"))),
            "{out}"
        );
        let (out, _) = link("<p>ip-adresse. IP-koordinator.</p>");
        assert_eq!(
            out,
            format!("<p>ip-adresse. {}IP</a>-koordinator.</p>", href("ip"))
        );
    }

    #[test]
    fn the_longest_form_at_a_place_wins() {
        let (out, _) = link("<p>BTI-modellen, BTI.</p>");
        assert_eq!(out, format!("<p>{}BTI-modellen</a>, BTI.</p>", href("bti")));
        let (out, _) = link("<p>Søk om individuell plan.</p>");
        assert_eq!(
            out,
            format!("<p>Søk om {}individuell plan</a>.</p>", href("ip"))
        );
    }

    #[test]
    fn never_in_headings_links_code_navigation_or_hidden_text() {
        let (out, used) = link(
            "<h2>Bekymring</h2><a href=\"x\">bekymring</a><code>BTI</code>\
             <nav>stafettlogg</nav><span class=\"visually-hidden\">stafettholder</span>\
             <details><summary>teieplikt</summary></details><h3 id=\"a\"><span>IP</span></h3>",
        );
        assert!(!out.contains("class=\"term\""), "{out}");
        assert_eq!(used, [false; 6]);
        // After the heading, the same word links.
        let (out, _) = link("<h2>Bekymring</h2><p>bekymring</p>");
        assert_eq!(
            out,
            format!(
                "<h2>Bekymring</h2><p>{}bekymring</a></p>",
                href("bekymring")
            )
        );
    }

    #[test]
    fn only_the_texts_are_read_and_their_markers_go() {
        let mut used = vec![false; 6];
        let out = linker().link(&page("<p>tekst</p>"), "", &mut used);
        assert_eq!(out, strip_markers(&page("<p>tekst</p>")));
        assert!(!out.contains("veiviser:text"), "{out}");
        // Titles and labels outside the texts stay as they are.
        let html = "<main><p>BTI</p></main>";
        assert_eq!(linker().link(html, "", &mut used), html);
        assert_eq!(used, [false; 6]);
        // The first use counts across all the texts of a page.
        let html = format!("{TEXT_START}<p>x</p>{TEXT_END}<p>BTI</p>{TEXT_START}<p>BTI</p>{TEXT_END}{TEXT_START}<p>BTI</p>{TEXT_END}");
        let out = linker().link(&html, "", &mut used);
        assert_eq!(out.matches("class=\"term\"").count(), 1, "{out}");
        assert_eq!(
            out,
            format!(
                "<p>x</p><p>BTI</p><p>{}BTI</a></p><p>BTI</p>",
                "<a class=\"term\" href=\"ordliste/index.html#term-bti\">"
            )
        );
    }

    #[test]
    fn entities_and_attributes_are_not_text() {
        let (out, _) = link("<p title=\"BTI\">foreldre&#x2F;bekymring &amp; BTI</p>");
        assert_eq!(
            out,
            format!(
                "<p title=\"BTI\">foreldre&#x2F;{}bekymring</a> &amp; {}BTI</a></p>",
                href("bekymring"),
                href("bti")
            )
        );
    }

    #[test]
    fn the_text_keeps_every_letter() {
        let main = "<p>Æ ø å: BTI, bekymringen; teieplikt. «Stafettlogg» – IP?</p><ul><li>individuell plan</li></ul>";
        let (out, _) = link(main);
        let strip = |s: &str| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in s.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        };
        assert_eq!(strip(&out), strip(main));
        assert_eq!(out.matches("class=\"term\"").count(), 5, "{out}");
    }
}
