//! Features of the generator as the real sites show them, held to the real
//! content: the search finds Øvre Eiker's pages, the whole guide carries every part,
//! the contact blocks list the sources' numbers in order, Modum's numbers keep their
//! words, the nynorsk plan's glossary. The features themselves are tested on fixtures
//! (`tests/site_features.rs`, `tests/safety_net.rs`, `tests/glossary.rs`).

use crate::common::{attrs, built_site, read, select, text_of};

/// The `tel:` targets in a page's contact block.
fn block_tels(html: &str) -> Vec<String> {
    attrs(html, ".contact .phone > a[href^='tel:']", "href")
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
fn ovre_eikers_search_finds_its_pages() {
    let site = built_site().join("ovre-eiker");
    let html = read(&site.join("sok/index.html"));
    // The form stays on the site; without JavaScript, every page is listed.
    assert_eq!(attrs(&html, "form[role=search]", "action"), ["index.html"]);
    // GET is the default method, which the minifier leaves out.
    assert!(attrs(&html, "form[role=search]", "method")
        .iter()
        .all(|m| m == "get"));
    let listed = select(&html, ".all-pages li").len();
    let pages = crate::common::pages(&site).len();
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
fn the_whole_guide_of_ovre_eiker_and_vinje_on_one_page() {
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
fn national_numbers_come_after_ovre_eikers_own_and_where_nesbyen_put_them() {
    let html = read(&built_site().join("ovre-eiker/index.html"));
    assert_eq!(
        block_tels(&html),
        [
            "tel:+4747692052",
            "tel:+4747663707",
            "tel:+4740921233",
            "tel:112",
            "tel:116111"
        ]
    );
    // Nesbyen lists 112 and 116 111 itself: they are shown once, where it put them.
    let html = read(&built_site().join("nesbyen/index.html"));
    assert_eq!(
        block_tels(&html),
        ["tel:112", "tel:+4745738963", "tel:116111"]
    );
}

#[test]
fn modum_keeps_the_sources_words_but_02800_is_not_an_emergency_line() {
    let html = read(&built_site().join("modum/index.html"));
    let police = select(&html, ".contact li.phone:has(a[href='tel:02800'])");
    assert_eq!(police.len(), 1);
    assert!(
        select(&police[0], "li.phone-emergency, .phone-badge").is_empty(),
        "{}",
        police[0]
    );
    assert!(text_of(&police[0]).contains("Politiet 02800"));
    assert!(text_of(&html)
        .contains("Er det grunn til å tro at et barn er utsatt for vold eller overgrep ta direkte kontakt med:"));
    let emergency = select(&html, ".contact li.phone-emergency > a[href='tel:112']");
    assert_eq!(emergency.len(), 1, "112 is shown as an emergency line");
}

#[test]
fn modums_emergency_lines_with_hours_point_to_the_national_numbers() {
    let html = read(&built_site().join("modum/index.html"));
    let fallbacks = select(&html, ".contact li.phone-emergency .phone-fallback");
    // Both of the barnevernsvakt's numbers; hidden until the script finds them closed.
    assert_eq!(fallbacks.len(), 2, "{fallbacks:?}");
    for fallback in &fallbacks {
        assert!(fallback.contains("hidden"), "{fallback}");
        assert_eq!(
            attrs(fallback, "a", "href"),
            ["tel:112", "tel:116111"],
            "{fallback}"
        );
        assert_eq!(
            text_of(fallback),
            "Utenfor åpningstiden nå? Ring 112 eller 116 111 – de svarer hele døgnet."
        );
    }
    // Not on a line that is not an emergency line.
    assert!(select(&html, ".contact li:not(.phone-emergency) .phone-fallback").is_empty());
}

#[test]
fn the_nynorsk_plan_lists_nynorsk_words() {
    let glossary = read(&built_site().join("vest-telemark/ordliste/index.html"));
    let words: Vec<String> = listed(&glossary).into_iter().map(|(w, _)| w).collect();
    assert!(words.contains(&"Teieplikt".to_string()), "{words:?}");
    assert!(!words.contains(&"Taushetsplikt".to_string()), "{words:?}");
    // The plan's own terms, from its chapter on definitions, in Norwegian order.
    for own in [
        "Førebygging",
        "Inkludering",
        "Samhandling",
        "Tidleg innsats",
    ] {
        assert!(words.contains(&own.to_string()), "{own}: {words:?}");
    }
    let mut sorted = words.clone();
    sorted.sort_by_key(|w| veiviser::resolve::glossary::norwegian_order(w));
    assert_eq!(words, sorted);
    // The members show the region's text and so link the same words.
    let member = read(&built_site().join("fyresdal/ordliste/index.html"));
    assert_eq!(listed(&member), listed(&glossary));
}

/// The national definitions cite current law: the 1992 child welfare act and the
/// 2000 personal data act are repealed.
#[test]
fn national_definitions_cite_current_law_and_a_source() {
    let text = read(&crate::common::repo().join("content/ordliste.yaml"));
    for repealed in [
        "barneverntjenester",
        "1992",
        "§ 6-4",
        "§ 3-2a",
        "14. april 2000",
    ] {
        assert!(!text.contains(repealed), "{repealed}");
    }
    let glossary = read(&built_site().join("modum/ordliste/index.html"));
    let doc = scraper::Html::parse_document(&glossary);
    let dd = scraper::Selector::parse("dl.glossary > dd").expect("selector");
    for definition in doc.select(&dd) {
        assert!(
            definition.html().contains("Kilde:"),
            "{}",
            definition.html()
        );
    }
}
