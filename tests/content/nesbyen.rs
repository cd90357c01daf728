//! A whole build of Nesbyen's Trygg oppvekst guide, checked against its seed.

use crate::common::{attrs, built_site, read, select, text_of};

const SEED: &str = include_str!("../seeds/nesbyen.txt");

fn site() -> std::path::PathBuf {
    built_site().join("nesbyen")
}

#[test]
fn emergency_numbers_on_every_page() {
    crate::common::assert_every_page(
        &site(),
        "nb",
        &[
            ("112", "112"),
            ("+4745738963", "457 38 963"),
            ("116111", "116 111"),
        ],
        &["chat eller ring"],
    );
}

#[test]
fn who_are_you_entry_pages_for_each_audience() {
    let home = read(&site().join("index.html"));
    let entries = attrs(&home, ".entry-cards a", "href");
    assert_eq!(entries.len(), 3, "{entries:?}");
    let mut audiences = Vec::new();
    for href in entries {
        let page = read(&site().join(href));
        audiences.push(text_of(&select(&page, ".page-audience")[0]));
    }
    audiences.sort();
    assert_eq!(
        audiences,
        ["Ansatte", "Barn og unge", "Foreldre og andre voksne"]
    );
}

#[test]
fn signals_of_poor_wellbeing_in_child_and_parents() {
    let all = crate::common::site_text(&site());
    // Each listed signal of the seed's two lists is on the site.
    let start = SEED.find("Hva kan en bekymring være?").expect("section");
    let signals: Vec<&str> = SEED[start..]
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('•') || l.starts_with('-'))
        .map(|l| l.trim_start_matches(['•', '-']).trim())
        .take(12)
        .collect();
    assert!(!signals.is_empty());
    for signal in signals {
        let words: Vec<&str> = signal.split_whitespace().take(4).collect();
        assert!(
            all.contains(&words.join(" ")),
            "the site lacks the signal {signal:?}"
        );
    }
}

#[test]
fn national_guidance_grouped_as_the_guide_publishes_it() {
    let html = read(&site().join("foringer/index.html"));
    let headings: Vec<String> = select(&html, "main section h2")
        .iter()
        .map(|h| text_of(h))
        .collect();
    assert_eq!(
        headings,
        [
            "Sentrale strategier og handlingsplaner",
            "Sentrale kunnskapsrapporter",
            "Statlige veiledere",
            "Forskrifter til lovverk",
            "Stortingsmeldinger",
            "Annet"
        ]
    );
    let text = text_of(&html);
    for title in [
        "Mestre hele livet",
        "NOU 2017: 12 Svikt og svik",
        "SLT-håndbok",
        "I trygge hender",
    ] {
        assert!(text.contains(title), "lacks {title:?}");
    }
}

#[test]
fn the_film_is_a_plain_link_not_an_embed() {
    for (path, html) in crate::common::pages(&site()) {
        assert!(
            select(&html, "iframe, embed, object, video").is_empty(),
            "{}",
            path.display()
        );
    }
    let all_links: Vec<String> = crate::common::pages(&site())
        .values()
        .flat_map(|h| attrs(h, "a", "href"))
        .collect();
    assert!(all_links
        .iter()
        .any(|l| l.starts_with("https://vimeo.com/291453010")));
}

#[test]
fn familiens_hus_and_the_trygg_oppvekst_model() {
    let all = crate::common::site_text(&site());
    for needle in [
        "Familiens hus",
        "tidlig innsats",
        "samordnede tjenester",
        "brukerinvolvering",
    ] {
        assert!(
            all.to_lowercase().contains(&needle.to_lowercase()),
            "lacks {needle:?}"
        );
    }
}

#[test]
fn the_site_carries_the_whole_seed() {
    crate::common::assert_seed_covered(SEED, &[&site()]);
}

#[test]
fn barsnakk_without_an_address_stays_in_the_page_text() {
    // The source gives BaRsnakk chat no address, so it is not an entry in the contact
    // block that readers cannot reach; the page for children and youth says what the
    // source says.
    let home = read(&site().join("index.html"));
    assert!(!text_of(&select(&home, ".contact")[0]).contains("BaRsnakk"));
    let page = text_of(&read(&site().join("barn-og-ungdom/index.html")));
    assert!(
        page.contains("BaRsnakk chat: Barn av rusmisbrukere, chattetjeneste åpen kl. 17–20."),
        "{page}"
    );
}
