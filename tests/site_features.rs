//! What every site has besides its content: offline search, the whole guide on one
//! printable page, a 404 page and a sitemap.
//! Fixtures: `tests/fixtures/site-features/` (bokmål), `tests/fixtures/nynorsk/`.

mod common;

use std::path::PathBuf;

use common::{attrs, copy_dir, read, select, text_of, Fixture};

/// A fixture folder under `tests/fixtures/`, with the repository's theme and shared
/// `content/`, built.
fn built(name: &str) -> (Fixture, PathBuf) {
    let fixture = Fixture::empty();
    copy_dir(
        &common::repo().join("content"),
        &fixture.root().join("content"),
    );
    copy_dir(
        &common::repo().join("tests/fixtures").join(name),
        fixture.root(),
    );
    common::assert_ok(&fixture.build());
    let out = fixture.out();
    (fixture, out)
}

#[test]
fn search_index_and_page_work_without_a_server() {
    let (_f, out) = built("site-features");
    let site = out.join("sokeby");
    let html = read(&site.join("sok/index.html"));
    // The form stays on the site; without JavaScript, every page is listed.
    assert_eq!(attrs(&html, "form[role=search]", "action"), ["index.html"]);
    // GET, the default method, whether it is written or not.
    assert!(attrs(&html, "form[role=search]", "method")
        .iter()
        .all(|m| m == "get"));
    let listed = select(&html, ".all-pages li").len();
    let pages = common::pages(&site).len();
    assert!(listed > 5, "{listed} pages listed");
    assert!(listed + 3 >= pages, "{listed} of {pages} pages listed");
    // The index is a script, so it loads from a file:// folder too.
    let index = read(&site.join("sok/indeks.js"));
    assert!(index.starts_with("window.veiviserSok={\"lang\":\"nb\""));
    let json: serde_json::Value = serde_json::from_str(
        index
            .trim_start_matches("window.veiviserSok=")
            .trim_end()
            .trim_end_matches(';'),
    )
    .expect("JSON");
    let terms = json["index"]["terms"].as_object().expect("terms");
    // "Familiehjelpa" and "familiehjelpas" share a stem and lead to the page.
    let stem = veiviser::render::search::stem::stem("familiehjelpas");
    assert_eq!(stem, veiviser::render::search::stem::stem("familiehjelpa"));
    assert!(terms.contains_key(&stem), "no {stem}");
    // The whole guide is left out: it would top every search.
    assert!(!index.contains("\"p\":\"hele/index.html\""));
    let titles: Vec<&str> = json["index"]["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .filter_map(|p| p["t"].as_str())
        .collect();
    assert!(titles.contains(&"Familiehjelpa"), "{titles:?}");
    assert!(
        titles.iter().all(|t| !t.is_empty()),
        "every page has a title in the index"
    );
    // Every page links to the search.
    for (rel, page) in common::pages(&site) {
        if rel.ends_with("404.html") {
            continue;
        }
        let links = attrs(&page, ".main-nav a", "href");
        assert!(
            links.iter().any(|l| l.ends_with("sok/index.html")),
            "{}: {links:?}",
            rel.display()
        );
    }
}

#[test]
fn the_whole_guide_on_one_page_for_printing() {
    let (_f, out) = built("site-features");
    let html = read(&out.join("sokeby/hele/index.html"));
    assert_eq!(select(&html, "h1").len(), 1);
    let text = text_of(&html);
    // Every step, the pyramid, the pages, the arenas and the toolbox.
    for needle in [
        "0.1 Undring oppstår",
        "1.2 Evaluer mål og tiltak",
        "Søkeby-pyramiden",
        "Familiehjelpa",
        "Slik kontakter du oss",
        "Tverrfaglig team i barnehager og skoler",
        "Bekymringsskala voksne",
    ] {
        assert!(text.contains(needle), "the whole guide lacks {needle:?}");
    }
    // Headings never skip a level.
    let doc = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("main h1, main h2, main h3, main h4, main h5, main h6")
        .expect("selector");
    let mut previous = 1;
    let mut headings = 0;
    for heading in doc.select(&selector) {
        let level: usize = heading.value().name()[1..].parse().expect("level");
        assert!(
            level <= previous + 1,
            "h{previous} followed by h{level}: {}",
            heading.html()
        );
        previous = level;
        headings += 1;
    }
    assert!(headings > 8, "only {headings} headings");
    // A nynorsk site has one too, in nynorsk.
    let (_f, out) = built("nynorsk");
    let nn = read(&out.join("nyby/hele/index.html"));
    assert!(text_of(&nn).contains("Heile rettleiaren"));
}

#[test]
fn a_404_page_for_every_site_and_the_root() {
    let (_f, out) = built("site-features");
    let root = read(&out.join("404.html"));
    assert!(text_of(&root).contains("Fant ikke siden"));
    let links = attrs(&root, "a", "href");
    for site in ["/sokeby/index.html", "/listeby/index.html"] {
        assert!(links.contains(&site.to_string()), "{links:?}");
    }
    let site = read(&out.join("sokeby/404.html"));
    assert!(text_of(&site).contains("Fant ikke siden"));
    assert!(attrs(&site, "link[rel=stylesheet]", "href")
        .contains(&"/sokeby/assets/style.css".to_string()));
    let (_f, out) = built("nynorsk");
    let site = read(&out.join("nyby/404.html"));
    assert!(text_of(&site).contains("Fann ikkje sida"));
    assert!(attrs(&site, "link[rel=stylesheet]", "href")
        .contains(&"/nyby/assets/style.css".to_string()));
}

#[test]
fn a_sitemap_when_the_address_is_known() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: T\nlanguage: nb\ntitle: T\nbase_url: https://www.testby.kommune.no/veileder\n",
    );
    common::assert_ok(&fixture.build());
    let xml = read(&fixture.out().join("test/sitemap.xml"));
    assert!(roxmltree::Document::parse(&xml).is_ok());
    assert!(
        xml.contains("<loc>https://www.testby.kommune.no/veileder/</loc>"),
        "{xml}"
    );
    assert!(
        xml.contains(
            "<loc>https://www.testby.kommune.no/veileder/veileder/veileder/steg-0-1/</loc>"
        ),
        "{xml}"
    );
    // Without an address there is no sitemap, rather than an invalid one.
    let (_f, out) = built("site-features");
    assert!(out.join("sokeby/index.html").is_file());
    assert!(!out.join("sokeby/sitemap.xml").exists());
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: T\nlanguage: nb\ntitle: T\nbase_url: www.testby.no\n",
    );
    let report = fixture.build();
    assert!(report.diagnostics.errors().any(|d| d.loc.line == 4));
}

/// "Forlat siden" on every page of a site, whoever the page is for, with its help
/// (the Shift shortcut and a page on hiding the visit) tied to the button.
#[test]
fn every_page_offers_a_quick_exit_and_says_how_to_hide_the_visit() {
    let fixture = Fixture::valid();
    common::assert_ok(&fixture.build());
    let site = fixture.out().join("test");
    let mut pages = 0;
    for (rel, html) in common::pages(&site) {
        pages += 1;
        let page = rel.display();
        assert_eq!(
            attrs(&html, "a.exit-button", "href"),
            ["https://www.yr.no/"],
            "{page}"
        );
        let described = attrs(&html, "a.exit-button", "aria-describedby");
        assert_eq!(described.len(), 1, "{page}");
        let help = text_of(&select(&html, &format!("#{}", described[0])).join(""));
        assert!(help.contains("tre ganger"), "{page}: {help}");
        let hide = attrs(&html, &format!("#{} a", described[0]), "href");
        assert_eq!(hide.len(), 1, "{page}");
        // The 404 page links from the host's root, the others relatively.
        let target = match hide[0].strip_prefix('/') {
            Some(rooted) => fixture.out().join(rooted),
            None => site
                .join(rel.parent().unwrap_or(std::path::Path::new("")))
                .join(&hide[0]),
        };
        assert!(target.is_file(), "{page}: {} leads nowhere", hide[0]);
    }
    assert!(pages > 5, "the fixture has pages");
    let hide = read(&site.join("skjul-besoket/index.html"));
    assert!(
        text_of(&hide).contains("privat"),
        "the page explains private browsing"
    );
}

/// The whole guide on one page opens with a table of contents whose links all land.
#[test]
fn the_whole_guide_has_a_table_of_contents() {
    let fixture = Fixture::valid();
    common::assert_ok(&fixture.build());
    let html = read(&fixture.out().join("test/hele/index.html"));
    let links = attrs(&html, "nav.toc a", "href");
    assert!(links.len() >= 3, "{links:?}");
    for link in links {
        let id = link.trim_start_matches('#');
        assert!(
            !select(&html, &format!("[id=\"{id}\"]")).is_empty(),
            "{link} leads nowhere"
        );
    }
}

/// Every page says which sources it may use: only its own site, no inline script.
#[test]
fn every_page_has_a_content_security_policy() {
    let mut checked = 0;
    for name in ["site-features", "nynorsk"] {
        let (_f, out) = built(name);
        for (rel, html) in common::pages(&out) {
            let path = rel.display();
            checked += 1;
            let policy = attrs(&html, "meta[http-equiv=Content-Security-Policy]", "content");
            assert_eq!(policy.len(), 1, "{path}");
            let policy = &policy[0];
            for directive in [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
            ] {
                assert!(policy.contains(directive), "{path}: {policy}");
            }
            assert!(
                !policy.contains("unsafe") && !policy.contains("http"),
                "{path}: {policy}"
            );
            assert!(
                select(&html, "[style]").is_empty(),
                "{path}: an inline style the policy would block"
            );
        }
    }
    assert!(checked > 50, "only {checked} pages");
}
