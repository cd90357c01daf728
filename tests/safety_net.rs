//! The safety net: every page of every site shows 112 and 116 111 after the
//! municipality's own numbers; no placeholder or malformed number is ever published;
//! an emergency line is never marked closed.

mod common;

use std::path::Path;

use common::{attrs, built_site, copy_dir, pages, read, select, text_of, Fixture};
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
