//! The guide, level, step, page and form templates read their own value from `site`
//! by the indices their page is given (`render::page_indices`), instead of a copy
//! serialised for the page. Held here, where sites may be loaded (render may not):
//! the value at those indices is the one serialised for the page alone, and it is
//! the page's own.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use crate::{load, render, resolve};

fn value<T: serde::Serialize>(data: &T) -> Value {
    serde_json::to_value(data).expect("the model serialises")
}

#[test]
fn a_page_reads_from_the_site_what_was_serialised_for_it_alone() {
    let mut seen = BTreeMap::<&str, usize>::new();
    for fixture in ["several-guides", "tools-and-forms", "site-features"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let (model, _) = resolve::resolve(&load::load_only(&root, None));
        for m in &model.municipalities {
            let site = value(m);
            for (template, path, at) in render::page_indices(m) {
                let index =
                    |key: &str| *at.get(key).unwrap_or_else(|| panic!("{path} has no {key}"));
                let (read, own) = match template {
                    "guide.html" => {
                        let g = index("guide_index");
                        (&site["guides"][g], value(&m.guides[g]))
                    }
                    "level.html" => {
                        let (g, l) = (index("guide_index"), index("level_index"));
                        (
                            &site["guides"][g]["levels"][l],
                            value(&m.guides[g].levels[l]),
                        )
                    }
                    "step.html" => {
                        let (g, l) = (index("guide_index"), index("level_index"));
                        let s = index("step_index");
                        (
                            &site["guides"][g]["levels"][l]["steps"][s],
                            value(&m.guides[g].levels[l].steps[s]),
                        )
                    }
                    "page.html" => {
                        let p = index("page_index");
                        (&site["pages"][p], value(&m.pages[p]))
                    }
                    "form.html" => {
                        let f = index("form_index");
                        (&site["forms"][f], value(&m.forms[f]))
                    }
                    _ => continue,
                };
                assert_eq!(*read, own, "{path}");
                // And it is the page's own: its address is the page's.
                let address = read.get("path").or_else(|| read["links"].get("path"));
                assert_eq!(address, Some(&json!(path)), "{path}");
                *seen.entry(template).or_default() += 1;
            }
        }
    }
    for template in [
        "guide.html",
        "level.html",
        "step.html",
        "page.html",
        "form.html",
    ] {
        assert!(
            seen.get(template).is_some_and(|n| *n > 0),
            "no {template} page"
        );
    }
}
