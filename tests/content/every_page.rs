//! Promises every page of the real sites keeps: the national numbers, only numbers
//! that can be dialled, a content security policy, glossary links that land, no
//! bokmål from veiviser on the nynorsk sites, no draft published, accessible forms,
//! no placeholder left, no editor in the build, and the same bytes on every build.
//! The generator's tests hold the same rules on fixture sites; these hold them on the
//! whole real content, which no fixture matches in size and variety.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::{attrs, built_site, files, pages, read, select, text_of};
use crate::nynorsk_words::{bokmal_words, interface_text};

/// The sites of a built output folder.
fn sites(out: &Path) -> Vec<PathBuf> {
    let mut sites: Vec<_> = std::fs::read_dir(out)
        .expect("output")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("index.html").is_file())
        .collect();
    sites.sort();
    sites
}

/// The `tel:` targets in a page's contact block.
fn block_tels(html: &str) -> Vec<String> {
    attrs(html, ".contact .phone > a[href^='tel:']", "href")
}

#[test]
fn every_page_of_every_real_site_has_112_and_116_111() {
    let sites = sites(built_site());
    assert!(sites.len() >= 11, "{sites:?}");
    let mut checked = 0;
    for site in &sites {
        for (path, html) in pages(site) {
            let tels = block_tels(&html);
            for national in ["tel:112", "tel:116111"] {
                assert_eq!(
                    tels.iter().filter(|t| *t == national).count(),
                    1,
                    "{}/{}: {national} once in the contact block: {tels:?}",
                    site.display(),
                    path.display()
                );
            }
            checked += 1;
        }
    }
    // Drafts (Vest-Telemark's local part, 7 chapters in 7 sites) are not published.
    assert!(checked > 250, "only {checked} pages");
}

#[test]
fn no_real_page_publishes_a_number_that_cannot_be_dialled() {
    for site in sites(built_site()) {
        for (path, html) in pages(&site) {
            for tel in attrs(&html, "a[href^='tel:']", "href") {
                let digits = tel.trim_start_matches("tel:");
                let ok = match digits.strip_prefix("+47") {
                    Some(rest) => rest.len() == 8 && rest.chars().all(|c| c.is_ascii_digit()),
                    None => {
                        (3..=6).contains(&digits.len())
                            && digits.chars().all(|c| c.is_ascii_digit())
                    }
                };
                assert!(ok, "{}/{}: {tel}", site.display(), path.display());
            }
            assert!(
                !html.to_lowercase().contains("xxx xx xxx"),
                "{}/{}",
                site.display(),
                path.display()
            );
        }
    }
}

/// Every page says which sources it may use: only its own site, no inline script.
#[test]
fn every_real_page_has_a_content_security_policy() {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(built_site())
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        checked += 1;
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
    assert!(checked > 250, "only {checked} pages");
}

/// The glossary links of a page: (link text, target) in page order.
fn term_links(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("a.term").expect("selector");
    doc.select(&selector)
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
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

/// Every glossary link on a real site leads to a `<dfn>` on that site's glossary
/// page, and every national term listed there is linked from some page.
#[test]
fn on_the_real_sites_every_glossary_link_leads_to_a_definition() {
    let out = built_site();
    let mut linked_anywhere = 0;
    for entry in std::fs::read_dir(out).expect("output") {
        let site = entry.expect("entry").path();
        let glossary = site.join("ordliste/index.html");
        if !site.join("index.html").is_file() || !site.is_dir() {
            continue;
        }
        assert!(glossary.is_file(), "{} has no glossary", site.display());
        let listed: BTreeMap<String, String> = listed(&read(&glossary))
            .into_iter()
            .map(|(word, id)| (id, word))
            .collect();
        assert!(!listed.is_empty(), "{}", site.display());
        let mut targets: BTreeSet<String> = BTreeSet::new();
        for (path, html) in pages(&site) {
            let base = "../".repeat(path.components().count() - 1);
            let mut seen = BTreeSet::new();
            for (text, href) in term_links(&html) {
                let anchor = href
                    .strip_prefix(&format!("{base}ordliste/index.html#"))
                    .unwrap_or_else(|| panic!("{}: {href}", path.display()));
                assert!(
                    listed.contains_key(anchor),
                    "{}/{}: `{text}` links to #{anchor}, not on the glossary page",
                    site.display(),
                    path.display()
                );
                assert!(
                    seen.insert(anchor.to_string()),
                    "{}: #{anchor} linked twice",
                    path.display()
                );
                targets.insert(anchor.to_string());
                linked_anywhere += 1;
            }
            // Never inside a heading or another link.
            assert!(
                select(&html, "h1 a.term, h2 a.term, h3 a.term, h4 a.term, h5 a.term, h6 a.term, a a.term, nav a.term, .contact a.term")
                    .is_empty(),
                "{}",
                path.display()
            );
        }
        // The glossary lists what the pages link (no municipality has terms of its
        // own that no page uses).
        let listed: BTreeSet<String> = listed.into_keys().collect();
        assert_eq!(targets, listed, "{}", site.display());
    }
    assert!(linked_anywhere > 50, "only {linked_anywhere} links");
}

#[test]
fn the_real_nynorsk_sites_get_no_bokmal_from_veiviser() {
    let root = built_site();
    let mut nynorsk_pages = 0;
    let mut found = Vec::new();
    for (path, html) in pages(root) {
        if !html.contains(r#"<html lang="nn""#) {
            continue;
        }
        nynorsk_pages += 1;
        let words = bokmal_words(&interface_text(&html));
        if !words.is_empty() {
            found.push(format!("{}: {}", path.display(), words.join(", ")));
        }
    }
    assert!(nynorsk_pages > 50, "only {nynorsk_pages} nynorsk pages");
    assert!(
        found.is_empty(),
        "bokmål on nynorsk pages:\n{}",
        found.join("\n")
    );
}

/// The real sites, built without `--drafts`: no chapter marked `unfilled: true` has a
/// page, and no page says that something is not filled in.
#[test]
fn the_real_sites_publish_no_draft() {
    let site = built_site();
    let mut drafts = 0;
    for municipality in
        std::fs::read_dir(crate::common::repo().join("municipalities")).expect("dir")
    {
        let municipality = municipality.expect("entry").path();
        let slug = municipality
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let Ok(pages) = std::fs::read_dir(municipality.join("pages")) else {
            continue;
        };
        for page in pages {
            let page = page.expect("entry").path();
            let text = std::fs::read_to_string(&page).expect("page");
            let front = text.split("---").nth(1).unwrap_or_default();
            if front.lines().any(|l| l.trim() == "unfilled: true") {
                drafts += 1;
                let stem = page
                    .file_stem()
                    .expect("stem")
                    .to_string_lossy()
                    .into_owned();
                // Neither the site that has it nor any member that inherits it.
                for built in std::fs::read_dir(site).expect("site") {
                    let dir = built.expect("entry").path().join(&stem);
                    assert!(
                        !dir.exists(),
                        "{slug}/pages/{stem}.md is published at {}",
                        dir.display()
                    );
                }
            }
        }
    }
    assert!(drafts >= 7, "only {drafts} draft chapters in the real data");
    for (path, html) in pages(site) {
        let text = text_of(&html);
        for words in ["ikke fylt ut", "ikkje fylt ut", "Utkast:"] {
            assert!(!text.contains(words), "{}: {words:?}", path.display());
        }
    }
}

/// Every PDF of every site has a tooltip on every field, a language and a title, and
/// every HTML form labels every input.
#[test]
fn every_form_of_every_real_site_is_accessible() {
    let forms = crate::form_checks::forms_accessible(built_site());
    assert!(forms >= 25, "{forms} PDFs");
}

/// The text of a PDF, as `pdftotext` reads it.
fn pdf_text(path: &Path) -> String {
    let output = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(output.status.success(), "pdftotext {}", path.display());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of one part of an ODT (`content.xml`, `meta.xml`).
fn odt_text(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).expect("odt");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(part).expect(part), &mut xml).expect("read");
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    doc.descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The real sites: no "xx kommune" in any page, PDF or ODT, and every standard form
/// a site offers says that it is one.
#[test]
#[ignore = "needs poppler-utils (pdftotext); CI runs it with `cargo test -- --ignored`"]
fn the_real_sites_fill_every_placeholder_and_label_every_standard_form() {
    let site = built_site();
    for (path, bytes) in files(site) {
        let full = site.join(&path);
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => text_of(&String::from_utf8_lossy(&bytes)),
            Some("pdf") => pdf_text(&full),
            Some("odt") => odt_text(&full, "content.xml") + &odt_text(&full, "meta.xml"),
            _ => continue,
        };
        assert!(
            !text.to_lowercase().contains("xx kommune"),
            "{} contains a placeholder",
            path.display()
        );
    }
    let library: Vec<String> = std::fs::read_dir(crate::common::repo().join("content/forms/nb"))
        .expect("library")
        .filter_map(|e| e.ok())
        .map(|e| {
            e.path()
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut offered = 0;
    for municipality in std::fs::read_dir(site)
        .expect("site")
        .filter_map(|e| e.ok())
    {
        let forms = municipality.path().join("skjema");
        let Ok(entries) = std::fs::read_dir(&forms) else {
            continue;
        };
        for form in entries.filter_map(|e| e.ok()) {
            let id = form.file_name().to_string_lossy().into_owned();
            if !library.contains(&id) {
                continue;
            }
            offered += 1;
            let page = text_of(&read(&form.path().join("index.html")));
            let pdf = pdf_text(&form.path().join(format!("{id}.pdf")));
            let odt = odt_text(&form.path().join(format!("{id}.odt")), "content.xml");
            for (what, text) in [("page", &page), ("PDF", &pdf), ("ODT", &odt)] {
                assert!(
                    text.contains("Standardmal"),
                    "{}: {what}",
                    form.path().display()
                );
            }
        }
    }
    assert!(offered >= 5, "only {offered} standard forms offered");
    // Øvre Eiker's forms all come from the library: every offer says so beside its
    // links, in the toolbox and on the steps.
    for page in [
        "verktoy/index.html",
        "veileder/handlingsveileder/steg-0-1/index.html",
    ] {
        let html = read(&site.join("ovre-eiker").join(page));
        let offers = select(&html, ".form-links").len();
        assert!(offers > 0, "{page}");
        assert_eq!(select(&html, ".standard-template").len(), offers, "{page}");
    }
}

#[test]
fn the_real_build_never_contains_the_editor() {
    let site = built_site();
    assert!(!site.join("admin").exists());
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy();
        assert!(!name.contains("decap"), "{}", entry.path().display());
        assert_ne!(name, "config.yml");
    }
}

/// The real municipalities, built into two different folders, byte for byte alike.
#[test]
fn the_real_sites_build_byte_identical_twice() {
    let dir = tempfile::tempdir().expect("temp");
    let a = dir.path().join("a");
    crate::common::assert_ok(&veiviser::build::build(&crate::common::repo(), &a));
    let (a, b) = (files(&a), files(built_site()));
    assert!(a.len() > 30);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between builds",
            path.display()
        );
    }
}
