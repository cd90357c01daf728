//! The glossary: national terms from `content/ordliste.yaml`, a municipality's own in
//! its `ordliste.yaml`, a glossary page per site, and the first use of each term on
//! a page linked to its definition.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{attrs, copy_dir, read, select, Fixture};
use veiviser::build::Report;
use veiviser::diagnostic::Severity;

fn fixture(name: &str) -> Fixture {
    let fixture = Fixture::empty();
    copy_dir(
        &common::repo().join("tests/fixtures").join(name),
        fixture.root(),
    );
    fixture
}

fn errors(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.loc.file.display(),
                d.loc.line,
                d.loc.column,
                d.message
            )
        })
        .collect()
}

/// The glossary links of a page: (link text, target) in page order.
fn term_links(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("a.term").expect("selector");
    doc.select(&selector)
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The words listed on a glossary page, in order, and their anchors.
fn listed(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("dl.glossary > dt > dfn").expect("selector");
    doc.select(&selector)
        .map(|d| {
            (
                d.text().collect::<String>(),
                d.value().attr("id").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_first_use_of_each_term_links_to_its_definition() {
    let fixture = fixture("glossary");
    let report = fixture.build();
    assert_eq!(errors(&report), Vec::<String>::new());
    let site = fixture.out().join("testby");
    let step = read(&site.join("veileder/veileder/steg-0-1/index.html"));
    let to = |id: &str| format!("../../../ordliste/index.html#term-{id}");
    assert_eq!(
        term_links(&step),
        [
            // "Undring oppstår" is the page's heading; the text's first use links.
            ("undring".to_string(), to("undring")),
            // "taushetsplikt" in a heading and inside a link is skipped.
            ("Taushetsplikten".to_string(), to("taushetsplikt")),
            // The municipality's own term, in a form of its own.
            ("ressursteamet".to_string(), to("ressursteam")),
            // The longest form at a place.
            ("BTI-modellen".to_string(), to("bti")),
        ]
    );
    // A hidden national term is not linked; code stays code.
    assert!(step.contains("og stafettlogg."), "{step}");
    assert!(step.contains("<code>BTI</code>"), "{step}");
    // Later uses stay text, and no letter changes.
    assert!(
        step.contains(&format!(
            "Du kjenner en <a class=\"term\" href=\"{}\">undring</a>. Undringen er din.",
            to("undring")
        )),
        "{step}"
    );
    // Titles outside the texts (the position line, the sidebar) get no links.
    assert!(select(&step, ".step-position a, .step-sidebar a.term, h1 a, h2 a").is_empty());

    // The page: the municipality's own terms and those its pages link, in Norwegian
    // order (Å last), with the municipality's own definition where it gives one.
    let page = read(&site.join("ordliste/index.html"));
    let words: Vec<String> = listed(&page).into_iter().map(|(w, _)| w).collect();
    assert_eq!(
        words,
        ["BTI", "Ressursteam", "Taushetsplikt", "Undring", "Åpenhet"]
    );
    assert!(page.contains("Testbys egen forklaring av BTI."), "{page}");
    assert!(!page.contains("Bedre tverrfaglig innsats."), "{page}");
    assert!(!page.contains("Stafettlogg"), "hidden: {page}");
    assert_eq!(
        attrs(&page, "dd a", "href"),
        ["https://lovdata.no/dokument/NL/lov/1967-02-10"]
    );
    assert!(page.contains("<h1>Ordliste</h1>"), "{page}");
    assert!(
        term_links(&page).is_empty(),
        "no links on the glossary page"
    );

    // Every page links the glossary from its footer; search finds it.
    for (path, html) in common::pages(&site) {
        if path.ends_with("404.html") {
            continue;
        }
        assert_eq!(
            attrs(&html, ".site-footer a[href$='ordliste/index.html']", "href").len(),
            1,
            "{}",
            path.display()
        );
    }
    assert!(read(&site.join("sok/indeks.js")).contains("ordliste/index.html"));
}

#[test]
fn a_nynorsk_site_gets_nynorsk_words_and_definitions() {
    let fixture = fixture("glossary");
    let report = fixture.build();
    assert_eq!(errors(&report), Vec::<String>::new());
    let site = fixture.out().join("nyby");
    let page = read(&site.join("om/index.html"));
    assert_eq!(
        term_links(&page),
        [
            (
                "teieplikt".to_string(),
                "../ordliste/index.html#term-taushetsplikt".to_string()
            ),
            (
                "Openheit".to_string(),
                "../ordliste/index.html#term-aapenhet".to_string()
            ),
        ]
    );
    let glossary = read(&site.join("ordliste/index.html"));
    assert_eq!(
        listed(&glossary),
        [
            ("Openheit".to_string(), "term-aapenhet".to_string()),
            ("Teieplikt".to_string(), "term-taushetsplikt".to_string()),
        ]
    );
    assert!(glossary.contains("Plikta til å teie."), "{glossary}");
    assert!(glossary.contains("Kjelde"), "{glossary}");
    assert!(glossary.contains("<html lang=\"nn\""), "{glossary}");
}

#[test]
fn glossary_mistakes_name_their_place() {
    for (name, expected) in [
        (
            "glossary-unknown-key",
            "municipalities/test/ordliste.yaml:4:5: unknown field `defintion`, expected one of id, word, forms, definition, source, url",
        ),
        (
            "glossary-duplicate-term",
            "municipalities/test/ordliste.yaml:5:9: the glossary term `ressursteam` is given twice (first at municipalities/test/ordliste.yaml:2:9)",
        ),
        (
            "glossary-empty-definition",
            "municipalities/test/ordliste.yaml:4:17: the glossary term `ressursteam` has an empty definition",
        ),
        (
            "glossary-form-claimed-twice",
            "municipalities/test/ordliste.yaml:4:13: `Undringen` is a form of both `undring` and `uro` in the glossary",
        ),
        (
            "glossary-hide-unknown",
            "municipalities/test/ordliste.yaml:1:8: there is no national glossary term `stafettlogg` to hide",
        ),
        (
            "glossary-no-word",
            "municipalities/test/ordliste.yaml:2:9: the glossary term `ressursteam` has no word",
        ),
        (
            "glossary-hidden-and-given",
            "municipalities/test/ordliste.yaml:2:9: the glossary term `undring` is both hidden and given here",
        ),
        (
            "glossary-national-no-source",
            "content/ordliste.yaml:5:13: the glossary term `undring` does not say where its definition comes from",
        ),
        (
            "glossary-national-duplicate",
            "content/ordliste.yaml:6:9: the glossary term `undring` is given twice (first at content/ordliste.yaml:2:9)",
        ),
    ] {
        let fixture = fixture(&format!("invalid/{name}"));
        let report = fixture.build();
        assert_eq!(errors(&report), [expected], "{name}");
        assert!(!fixture.out().exists(), "{name}: nothing is written");
        let (checked, _) = veiviser::build::analyse(fixture.root());
        assert_eq!(errors(&checked), [expected], "{name}: check says the same");
    }
}

#[test]
fn the_glossary_is_in_the_sitemap() {
    let fixture = fixture("glossary");
    assert_eq!(errors(&fixture.build()), Vec::<String>::new());
    let sitemap = read(&fixture.out().join("testby/sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://testby.example/veileder/ordliste/</loc>"),
        "{sitemap}"
    );
}

/// A site's glossary links all lead to a `<dfn>` on its glossary page, each term
/// linked once per page, never inside a heading or another link, and the page lists
/// exactly the terms the site links and its own. Returns the number of links.
fn assert_glossary_links_land(site: &std::path::Path) -> usize {
    let glossary = site.join("ordliste/index.html");
    assert!(glossary.is_file(), "{} has no glossary", site.display());
    let listed: BTreeMap<String, String> = listed(&read(&glossary))
        .into_iter()
        .map(|(word, id)| (id, word))
        .collect();
    assert!(!listed.is_empty(), "{}", site.display());
    let mut targets: BTreeSet<String> = BTreeSet::new();
    let mut links = 0;
    for (path, html) in common::pages(site) {
        let base = "../".repeat(path.components().count() - 1);
        let mut seen = BTreeSet::new();
        for (text, href) in term_links(&html) {
            let anchor = href
                .strip_prefix(&format!("{base}ordliste/index.html#"))
                .unwrap_or_else(|| panic!("{}: {href}", path.display()));
            assert!(
                listed.contains_key(anchor),
                "{}/{}: `{text}` links to #{anchor}, not on the glossary page",
                site.display(),
                path.display()
            );
            assert!(
                seen.insert(anchor.to_string()),
                "{}: #{anchor} linked twice",
                path.display()
            );
            targets.insert(anchor.to_string());
            links += 1;
        }
        assert!(
            select(&html, "h1 a.term, h2 a.term, h3 a.term, h4 a.term, h5 a.term, h6 a.term, a a.term, nav a.term, .contact a.term")
                .is_empty(),
            "{}",
            path.display()
        );
    }
    let listed: BTreeSet<String> = listed.into_keys().collect();
    assert_eq!(targets, listed, "{}", site.display());
    links
}

/// Every glossary link of the fixture sites (bokmål and nynorsk, a region and its
/// member) lands on a definition; the real sites are held to it in
/// `tests/content/every_page.rs`.
#[test]
fn every_glossary_link_leads_to_a_definition() {
    let fixture = fixture("glossary");
    assert_eq!(errors(&fixture.build()), Vec::<String>::new());
    let mut links = 0;
    for site in ["testby", "nyby"] {
        links += assert_glossary_links_land(&fixture.out().join(site));
    }
    let nynorsk = fixture_with_content("nynorsk");
    assert_eq!(errors(&nynorsk.build()), Vec::<String>::new());
    for site in ["nyregion", "nyby"] {
        links += assert_glossary_links_land(&nynorsk.out().join(site));
    }
    assert!(links >= 8, "only {links} links");
}

/// A fixture folder with the repository's shared `content/` (the national glossary).
fn fixture_with_content(name: &str) -> Fixture {
    let fixture = Fixture::empty();
    copy_dir(
        &common::repo().join("content"),
        &fixture.root().join("content"),
    );
    copy_dir(
        &common::repo().join("tests/fixtures").join(name),
        fixture.root(),
    );
    fixture
}

/// A member shows its region's texts and so links and lists the same words, in
/// nynorsk, in Norwegian order; every national definition names its source.
#[test]
fn a_member_lists_its_regions_words_and_every_definition_its_source() {
    let fixture = fixture_with_content("nynorsk");
    assert_eq!(errors(&fixture.build()), Vec::<String>::new());
    let region = read(&fixture.out().join("nyregion/ordliste/index.html"));
    let words: Vec<String> = listed(&region).into_iter().map(|(w, _)| w).collect();
    assert!(words.contains(&"Teieplikt".to_string()), "{words:?}");
    assert!(!words.contains(&"Taushetsplikt".to_string()), "{words:?}");
    let mut sorted = words.clone();
    sorted.sort_by_key(|w| veiviser::resolve::glossary::norwegian_order(w));
    assert_eq!(words, sorted);
    let member = read(&fixture.out().join("nyby/ordliste/index.html"));
    assert_eq!(listed(&member), listed(&region));
    for (site, html, source) in [
        ("nyregion", &region, "Kjelde:"),
        ("nyby", &member, "Kjelde:"),
    ] {
        let doc = scraper::Html::parse_document(html);
        let dd = scraper::Selector::parse("dl.glossary > dd").expect("selector");
        let mut definitions = 0;
        for definition in doc.select(&dd) {
            definitions += 1;
            assert!(
                definition.html().contains(source),
                "{site}: {}",
                definition.html()
            );
        }
        assert!(definitions > 0, "{site}");
    }
}
