//! No bokmål on a nynorsk site: every word veiviser itself writes (the theme's
//! interface words, opening hours in words, labels, notices) comes in the site's
//! language form. The editors' own texts (`.prose`) are theirs and not judged here.
//! Fixture: `tests/fixtures/nynorsk/` (a page of every kind); the real nynorsk sites
//! are held to the same list in `tests/content/every_page.rs`.

mod common;
#[path = "common/nynorsk_words.rs"]
mod nynorsk_words;

use common::{copy_dir, pages, Fixture};
use nynorsk_words::{bokmal_words, interface_text};

#[test]
fn the_word_list_catches_bokmal() {
    assert_eq!(
        bokmal_words("Åpen nå: hverdager fra kl. 08.00, ikke helligdager"),
        ["Åpen", "hverdager", "fra", "ikke", "helligdager"]
    );
    assert!(bokmal_words("Open no: kvardagar frå kl. 08.00, ikkje heilagdagar").is_empty());
    let html = r#"<html><body><nav>Heile rettleiaren</nav><div class="prose"><p>tall fra kjelder</p></div></body></html>"#;
    assert!(bokmal_words(&interface_text(html)).is_empty());
}

/// The nynorsk fixture with the repository's shared content (national numbers,
/// glossary, form library, guidance catalogue), built.
fn built_nynorsk() -> Fixture {
    let fixture = Fixture::empty();
    copy_dir(
        &common::repo().join("content"),
        &fixture.root().join("content"),
    );
    copy_dir(
        &common::repo().join("tests/fixtures/nynorsk"),
        fixture.root(),
    );
    common::assert_ok(&fixture.build());
    fixture
}

#[test]
fn nynorsk_sites_get_no_bokmal_from_veiviser() {
    let fixture = built_nynorsk();
    let mut nynorsk_pages = 0;
    let mut found = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for (path, html) in pages(&fixture.out()) {
        if !html.contains(r#"<html lang="nn""#) {
            continue;
        }
        nynorsk_pages += 1;
        if let Some(first) = path.iter().nth(1) {
            kinds.insert(first.to_string_lossy().into_owned());
        }
        let words = bokmal_words(&interface_text(&html));
        if !words.is_empty() {
            found.push(format!("{}: {}", path.display(), words.join(", ")));
        }
    }
    // Every kind of page veiviser makes, in the region and its member.
    for kind in [
        "index.html",
        "404.html",
        "veileder",
        "verktoy",
        "skjema",
        "pyramide",
        "samarbeid",
        "familiehjelpa",
        "foringer",
        "ordliste",
        "sok",
        "hele",
        "skjul-besoket",
    ] {
        assert!(
            kinds.contains(kind),
            "no nynorsk page under {kind}: {kinds:?}"
        );
    }
    assert!(nynorsk_pages > 30, "only {nynorsk_pages} nynorsk pages");
    assert!(
        found.is_empty(),
        "bokmål on nynorsk pages:\n{}",
        found.join("\n")
    );
}
