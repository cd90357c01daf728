//! What every site has besides its content: offline search, the whole guide on one
//! printable page, a 404 page and a sitemap.

mod common;

use common::{attrs, built_site, read, select, text_of, Fixture};

#[test]
fn search_index_and_page_work_without_a_server() {
    let site = built_site().join("ovre-eiker");
    let html = read(&site.join("sok/index.html"));
    // The form stays on the site; without JavaScript, every page is listed.
    assert_eq!(attrs(&html, "form[role=search]", "action"), ["index.html"]);
    // GET is the default method, which the minifier leaves out.
    assert!(attrs(&html, "form[role=search]", "method")
        .iter()
        .all(|m| m == "get"));
    let listed = select(&html, ".all-pages li").len();
    let pages = common::pages(&site).len();
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
    let home = read(&site.join("index.html"));
    assert!(attrs(&home, ".main-nav a", "href").contains(&"sok/index.html".to_string()));
}

#[test]
fn the_whole_guide_on_one_page_for_printing() {
    let site = built_site().join("ovre-eiker");
    let html = read(&site.join("hele/index.html"));
    assert_eq!(select(&html, "h1").len(), 1);
    let text = text_of(&html);
    for needle in [
        "0.1 Undring oppstår",
        "3.5 Evaluer mål og tiltak",
        "BTS-pyramiden",
        "Familiehjelpa",
        "Tverrfaglig team i barnehager og skoler",
        "Bekymringskala voksne",
    ] {
        assert!(text.contains(needle), "the whole guide lacks {needle:?}");
    }
    // Headings never skip a level.
    let doc = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("main h1, main h2, main h3, main h4, main h5, main h6")
        .expect("selector");
    let mut previous = 1;
    for heading in doc.select(&selector) {
        let level: usize = heading.value().name()[1..].parse().expect("level");
        assert!(
            level <= previous + 1,
            "h{previous} followed by h{level}: {}",
            heading.html()
        );
        previous = level;
    }
    // The nynorsk plan has one too, in nynorsk.
    let nn = read(&built_site().join("vinje/hele/index.html"));
    assert!(text_of(&nn).contains("Heile rettleiaren"));
}

#[test]
fn a_404_page_for_every_site_and_the_root() {
    let root = read(&built_site().join("404.html"));
    assert!(text_of(&root).contains("Fant ikke siden"));
    assert!(attrs(&root, "a", "href").contains(&"/modum/index.html".to_string()));
    let site = read(&built_site().join("vinje/404.html"));
    assert!(text_of(&site).contains("Fann ikkje sida"));
    assert!(attrs(&site, "link[rel=stylesheet]", "href")
        .contains(&"/vinje/assets/style.css".to_string()));
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
    assert!(!built_site().join("modum/sitemap.xml").exists());
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: T\nlanguage: nb\ntitle: T\nbase_url: www.testby.no\n",
    );
    let report = fixture.build();
    assert!(report.diagnostics.errors().any(|d| d.loc.line == 4));
}

/// Every page says which sources it may use: only its own site, no inline script.
#[test]
fn every_page_has_a_content_security_policy() {
    for entry in walkdir::WalkDir::new(built_site())
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = read(path);
        let policy = attrs(&html, "meta[http-equiv=Content-Security-Policy]", "content");
        assert_eq!(policy.len(), 1, "{}", path.display());
        let policy = &policy[0];
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(policy.contains(directive), "{}: {policy}", path.display());
        }
        assert!(
            !policy.contains("unsafe") && !policy.contains("http"),
            "{}: {policy}",
            path.display()
        );
        assert!(
            select(&html, "[style]").is_empty(),
            "{}: an inline style the policy would block",
            path.display()
        );
    }
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
