//! What every published form must be, in all three formats, shared by the generator's
//! test on a fixture (`tests/forms.rs`) and the content test on the real sites
//! (`tests/content/every_page.rs`).

use std::path::Path;

/// Checks every form under `dir`: every PDF has a language, a structure tree and a
/// tooltip on every field; every HTML form labels every input. Returns the number of
/// PDFs checked.
pub fn forms_accessible(dir: &Path) -> usize {
    let mut forms = 0;
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "pdf") {
            forms += 1;
            let doc = lopdf::Document::load(path).expect("a PDF lopdf reads");
            let catalog = doc.catalog().expect("catalog");
            assert!(
                catalog.has(b"Lang") && catalog.has(b"StructTreeRoot"),
                "{}",
                path.display()
            );
            for object in doc.objects.values() {
                if let Ok(dict) = object.as_dict() {
                    if dict
                        .get(b"Subtype")
                        .and_then(|s| s.as_name())
                        .is_ok_and(|n| n == b"Widget")
                    {
                        let tooltip = dict.has(b"TU")
                            || dict
                                .get(b"Parent")
                                .and_then(|p| p.as_reference())
                                .and_then(|r| doc.get_dictionary(r))
                                .is_ok_and(|p| p.has(b"TU"));
                        assert!(tooltip, "{}: a field without a tooltip", path.display());
                    }
                }
            }
        }
        if path.extension().is_some_and(|e| e == "html")
            && path
                .parent()
                .and_then(|p| p.parent())
                .is_some_and(|p| p.ends_with("skjema"))
        {
            let html = std::fs::read_to_string(path).expect("read");
            let doc = scraper::Html::parse_document(&html);
            let inputs = scraper::Selector::parse("form input:not([type=file]), form textarea")
                .expect("selector");
            let labels = scraper::Selector::parse("label[for]").expect("selector");
            let labelled_ids: Vec<&str> = doc
                .select(&labels)
                .filter_map(|l| l.value().attr("for"))
                .collect();
            for input in doc.select(&inputs) {
                let e = input.value();
                let id = e.attr("id").unwrap_or_default();
                let labelled = e.attr("aria-label").is_some()
                    || (!id.is_empty() && labelled_ids.contains(&id));
                assert!(labelled, "{}: {:?}", path.display(), input.html());
            }
        }
    }
    forms
}
