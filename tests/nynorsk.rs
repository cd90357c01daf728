//! No bokmål on a nynorsk site: every word veiviser itself writes (the theme's
//! interface words, opening hours in words, labels, notices) comes in the site's
//! language form. The editors' own texts (`.prose`) are theirs and not judged here.

mod common;

use common::{built_site, pages};

/// Word forms that are bokmål only: each has a different nynorsk form (ikkje, frå,
/// kvardagar, måndag, førre, kven, kva, kvar, eg, heile, rettleiaren, open, sida,
/// noko, meir, mykje, vart, berre, kommunen sin, heilagdagar).
const BOKMAL_ONLY: &[&str] = &[
    "ikke",
    "fra",
    "hverdager",
    "mandag",
    "tirsdag",
    "lørdag",
    "søndag",
    "forrige",
    "hvem",
    "hva",
    "hvor",
    "hvordan",
    "jeg",
    "hele",
    "veilederen",
    "veileder",
    "åpen",
    "siden",
    "noe",
    "mer",
    "mye",
    "ble",
    "bare",
    "kommunens",
    "helligdager",
    "veiledning",
];

/// The text of a page that the generator wrote: everything but the editors' prose,
/// scripts and styles.
fn interface_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut out = String::new();
    for node in doc.root_element().descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let in_content = node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|e| {
                e.has_class("prose", scraper::CaseSensitivity::CaseSensitive)
                    || matches!(e.name(), "script" | "style")
            })
        });
        if !in_content {
            out.push_str(text);
            out.push(' ');
        }
    }
    out
}

fn bokmal_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| BOKMAL_ONLY.contains(&w.to_lowercase().as_str()))
        .map(str::to_string)
        .collect()
}

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

