//! The safety net: every page of every site shows 112 and 116 111 after the
//! municipality's own numbers; no placeholder or malformed number is ever published;
//! an emergency line is never marked closed.
//! Fixtures: `tests/fixtures/safety-net/`, `tests/fixtures/site-features/` and the
//! broken ones under `tests/fixtures/invalid/`; the real sites are held to the same
//! promises in `tests/content/every_page.rs`.

mod common;

use std::path::Path;

use common::{attrs, copy_dir, pages, read, select, text_of, Fixture};
use veiviser::build::Report;
use veiviser::diagnostic::Severity;

/// A fixture folder under `tests/fixtures/`, with the repository's theme and no
/// `content/` (so veiviser's own copy of the national numbers is used).
fn fixture(name: &str) -> Fixture {
    let fixture = Fixture::empty();
    copy_dir(
        &common::repo().join("tests/fixtures").join(name),
        fixture.root(),
    );
    fixture
}

/// The diagnostics of one severity, as `file:line: message`.
fn found(report: &Report, severity: Severity) -> Vec<String> {
    report
        .diagnostics
        .items
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| format!("{}:{}: {}", d.loc.file.display(), d.loc.line, d.message))
        .collect()
}

/// The sites of a built output folder.
fn sites(out: &Path) -> Vec<std::path::PathBuf> {
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

/// The fixtures with contact blocks, built: (fixture, output folder).
fn built(name: &str) -> (Fixture, std::path::PathBuf) {
    let fixture = fixture(name);
    common::assert_ok(&fixture.build());
    let out = fixture.out();
    (fixture, out)
}

#[test]
fn every_page_of_every_site_has_112_and_116_111() {
    let mut checked = 0;
    for name in ["site-features", "safety-net"] {
        let (_f, out) = built(name);
        let sites = sites(&out);
        assert!(sites.len() >= 2, "{sites:?}");
        for site in &sites {
            // `eigen` leaves out 116 111 on purpose (tested below).
            let omitted: &[&str] = if site.ends_with("eigen") {
                &["tel:116111"]
            } else {
                &[]
            };
            for (path, html) in pages(site) {
                let tels = block_tels(&html);
                for national in ["tel:112", "tel:116111"] {
                    let want = usize::from(!omitted.contains(&national));
                    assert_eq!(
                        tels.iter().filter(|t| *t == national).count(),
                        want,
                        "{}/{}: {national} once in the contact block: {tels:?}",
                        site.display(),
                        path.display()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} pages");
}

/// The list of all sites and the host's 404 page are no site's pages, but a reader
/// in a crisis may land there too.
#[test]
fn the_list_of_sites_and_its_404_page_have_112_and_116_111() {
    let (_f, out) = built("site-features");
    for page in ["index.html", "404.html"] {
        let html = read(&out.join(page));
        assert_eq!(
            attrs(&html, ".contact .phone-bar a[href^='tel:']", "href"),
            ["tel:112", "tel:116111"],
            "{page}"
        );
    }
}

#[test]
fn national_numbers_come_after_the_municipalitys_own() {
    let (_f, out) = built("site-features");
    let html = read(&out.join("sokeby/index.html"));
    assert_eq!(
        block_tels(&html),
        [
            "tel:+4747663707",
            "tel:+4740921233",
            "tel:02800",
            "tel:112",
            "tel:116111"
        ]
    );
    // A site that lists 112 and 116 111 itself: they are shown once, where it put them.
    let html = read(&out.join("listeby/index.html"));
    assert_eq!(
        block_tels(&html),
        ["tel:112", "tel:+4745738963", "tel:116111"]
    );
}

#[test]
fn no_output_publishes_a_number_that_cannot_be_dialled() {
    let mut tels = 0;
    for name in ["site-features", "safety-net"] {
        let (_f, out) = built(name);
        for (path, html) in pages(&out) {
            for tel in attrs(&html, "a[href^='tel:']", "href") {
                tels += 1;
                let digits = tel.trim_start_matches("tel:");
                let ok = match digits.strip_prefix("+47") {
                    Some(rest) => rest.len() == 8 && rest.chars().all(|c| c.is_ascii_digit()),
                    None => {
                        (3..=6).contains(&digits.len())
                            && digits.chars().all(|c| c.is_ascii_digit())
                    }
                };
                assert!(ok, "{}: {tel}", path.display());
            }
        }
    }
    assert!(tels > 100, "only {tels} numbers");
}

#[test]
fn a_line_the_source_does_not_mark_as_an_emergency_line_is_not_shown_as_one() {
    let (_f, out) = built("site-features");
    let html = read(&out.join("sokeby/index.html"));
    let police = select(&html, ".contact li.phone:has(a[href='tel:02800'])");
    assert_eq!(police.len(), 1);
    assert!(
        select(&police[0], "li.phone-emergency, .phone-badge").is_empty(),
        "{}",
        police[0]
    );
    assert!(text_of(&police[0]).contains("Politiet, når det ikke haster 02800"));
    let emergency = select(&html, ".contact li.phone-emergency > a[href='tel:112']");
    assert_eq!(emergency.len(), 1, "112 is shown as an emergency line");
}

#[test]
fn an_emergency_line_with_hours_points_to_the_national_numbers() {
    let (_f, out) = built("site-features");
    let html = read(&out.join("sokeby/index.html"));
    let fallbacks = select(&html, ".contact li.phone-emergency .phone-fallback");
    // The barnevernvakt's number; hidden until the script finds it closed.
    assert_eq!(fallbacks.len(), 1, "{fallbacks:?}");
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
    // Not on a line that is not an emergency line, with hours or without.
    assert!(select(&html, ".contact li:not(.phone-emergency) .phone-fallback").is_empty());
    assert_eq!(
        select(
            &html,
            ".contact li:not(.phone-emergency):has(a[href='tel:+4740921233'])"
        )
        .len(),
        1
    );
    // In nynorsk on a nynorsk site.
    let (_f, out) = built("safety-net");
    let html = read(&out.join("region/index.html"));
    let fallback = select(&html, ".phone-fallback");
    assert_eq!(
        text_of(&fallback[0]),
        "Utanfor opningstida no? Ring 112 eller 116 111 – dei svarar heile døgeret."
    );
}

#[test]
fn a_member_inherits_its_regions_numbers_and_may_leave_one_out_with_a_warning() {
    let fixture = fixture("safety-net");
    let report = fixture.build();
    common::assert_ok(&report);
    let out = fixture.out();
    let tels = |site: &str| block_tels(&read(&out.join(site).join("index.html")));
    assert_eq!(tels("region"), ["tel:+4740921233", "tel:112", "tel:116111"]);
    assert_eq!(tels("medlem"), ["tel:+4740921233", "tel:112", "tel:116111"]);
    assert_eq!(tels("eigen"), ["tel:+4747663707", "tel:112"]);
    assert_eq!(tels("utan"), ["tel:02800", "tel:112", "tel:116111"]);
    // 02800 is marked `emergency: true` there, but the national list knows it is not
    // for emergencies: it is shown without "Akutt", on the full block and the bar.
    for page in ["index.html", "verktoy/index.html"] {
        let html = read(&out.join("utan").join(page));
        let emergency = attrs(&html, ".phone-emergency a[href^='tel:']", "href");
        assert!(
            !emergency.contains(&"tel:02800".to_string()),
            "{page}: {emergency:?}"
        );
        assert!(
            emergency.contains(&"tel:112".to_string()),
            "{page}: {emergency:?}"
        );
    }
    // The region's hours in nynorsk words, holidays and the night included.
    let text = text_of(&read(&out.join("medlem/index.html")));
    assert!(
        text.contains("kvardagar kl. 15.00–08.00, helg og heilagdagar heile døgeret"),
        "{text}"
    );
    assert_eq!(
        found(&report, Severity::Warning),
        [
            "municipalities/eigen/site.yaml:14: the site leaves out the national number 116 111",
            "municipalities/utan/site.yaml:7: `02800` (Politiet, når det ikke haster) is not an emergency number, but it is marked `emergency: true`",
        ]
    );
}

#[test]
fn a_content_roots_own_list_of_national_numbers_is_used() {
    let fixture = fixture("safety-net");
    fixture.write(
        "content/national-numbers.yaml",
        "numbers:\n  - number: \"112\"\n    label: {nb: Nødnummer politi, nn: Naudnummer politi}\n    emergency: true\n    everywhere: true\n  - number: \"116 111\"\n    label: {nb: Alarmtelefonen, nn: Alarmtelefonen}\n    everywhere: true\n",
    );
    let report = fixture.build();
    common::assert_ok(&report);
    let html = read(&fixture.out().join("utan/index.html"));
    assert_eq!(block_tels(&html), ["tel:02800", "tel:112", "tel:116111"]);
    assert!(text_of(&html).contains("Nødnummer politi 112"));
}

#[test]
fn a_broken_list_of_national_numbers_stops_the_build() {
    let fixture = fixture("safety-net");
    fixture.write(
        "content/national-numbers.yaml",
        "numbers:\n  - number: \"112\"\n    lable: {nb: Politi}\n",
    );
    let report = fixture.build();
    let errors = found(&report, Severity::Error);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/national-numbers.yaml:3: unknown field `lable`")),
        "{errors:?}"
    );
    assert!(!fixture.out().exists(), "nothing is written");
}

/// Each broken fixture under `tests/fixtures/invalid/` with the error it must give.
#[test]
fn invalid_contact_data_is_an_error_with_its_place() {
    for (name, expected) in [
        (
            "placeholder-number",
            "municipalities/test/site.yaml:8: `xxx xx xxx` is a placeholder, not a phone number",
        ),
        (
            "chat-without-address",
            "municipalities/test/site.yaml:6: `BaRsnakk chat` has neither a number nor an address",
        ),
        (
            "omit-unknown-national",
            "municipalities/test/site.yaml:6: `113` is not a national number the sites show",
        ),
    ] {
        let fixture = fixture(&format!("invalid/{name}"));
        let report = fixture.build();
        assert_eq!(found(&report, Severity::Error), [expected], "{name}");
        assert!(!fixture.out().exists(), "{name}: nothing is written");
        // `check` says the same.
        let (checked, model) = veiviser::build::analyse(fixture.root());
        assert!(model.is_none(), "{name}");
        assert_eq!(found(&checked, Severity::Error), [expected], "{name}");
    }
}

#[test]
fn a_malformed_number_is_an_error_too() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: Testby kommune\nlanguage: nb\ntitle: Testveileder\ncontact:\n  phones:\n    - label: Vakt\n      number: \"476 92 05\"\n",
    );
    let report = fixture.build();
    assert_eq!(
        found(&report, Severity::Error),
        ["municipalities/test/site.yaml:7: `476 92 05` is not a Norwegian phone number"]
    );
}
