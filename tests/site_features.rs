//! What every site has besides its content: offline search, the whole guide on one
//! printable page, a 404 page and a sitemap.

mod common;

use common::{attrs, built_site, read, select, text_of, Fixture};

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
