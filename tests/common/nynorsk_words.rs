//! Bokmål word forms and the text veiviser itself writes on a page, shared by the
//! generator's test on a nynorsk fixture (`tests/nynorsk.rs`) and the content test on
//! the real nynorsk sites (`tests/content/every_page.rs`), so both judge by one list.

/// Word forms that are bokmål only: each has a different nynorsk form (ikkje, frå,
/// kvardagar, måndag, førre, kven, kva, kvar, eg, heile, rettleiaren, open, sida,
/// noko, meir, mykje, vart, berre, kommunen sin, heilagdagar).
pub const BOKMAL_ONLY: &[&str] = &[
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
pub fn interface_text(html: &str) -> String {
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

pub fn bokmal_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| BOKMAL_ONLY.contains(&w.to_lowercase().as_str()))
        .map(str::to_string)
        .collect()
}
