//! The national guidance catalogue in `content/guidance.yaml`: written once, referred
//! to by id, shown in each municipality's language form.

mod common;

use common::{attrs, read, select, text_of, Fixture};

fn fixture() -> Fixture {
    let fixture = Fixture::valid();
    fixture.write(
        "content/guidance.yaml",
        "categories:\n  - id: law\n    title: {nb: Lover, nn: Lover}\n  - id: strategy\n    title: {nb: Strategier, nn: Strategiar}\nitems:\n  - id: barnevernsloven\n    category: law\n    title:\n      nb: Lov om barnevern (barnevernsloven)\n      nn: Lov om barnevern (barnevernslova)\n  - id: mestre-hele-livet\n    category: strategy\n    title: {nb: Mestre hele livet}\n    publisher: Regjeringen\n    year: \"2017\"\n",
    );
    fixture.write(
        "municipalities/test/guidance.yaml",
        "title: Sentrale føringer\nitems:\n  - mestre-hele-livet\n  - barnevernsloven\n",
    );
    fixture.write(
        "municipalities/test/pages/om.md",
        "---\ntitle: Om\n---\nSe [barnevernsloven](guidance:barnevernsloven) og [steget](step:0.1).\n",
    );
    fixture.write(
        "municipalities/nynorsk/site.yaml",
        "name: Nynorsk kommune\nlanguage: nn\ntitle: Plan\n",
    );
    fixture.write(
        "municipalities/nynorsk/guidance.yaml",
        "items: [barnevernsloven, mestre-hele-livet]\n",
    );
    fixture
}

#[test]
fn entries_grouped_by_category_in_the_sites_language() {
    let fixture = fixture();
    common::assert_ok(&fixture.build());
    let nb = read(&fixture.out().join("test/foringer/index.html"));
    let headings: Vec<String> = select(&nb, "main h2").iter().map(|h| text_of(h)).collect();
    assert!(
        headings.ends_with(&["Lover".to_string(), "Strategier".to_string()]),
        "{headings:?}"
    );
    assert!(text_of(&nb).contains("Lov om barnevern (barnevernsloven)"));
    assert!(text_of(&nb).contains("Utgitt av Regjeringen, 2017"));
    let nn = read(&fixture.out().join("nynorsk/foringer/index.html"));
    assert!(text_of(&nn).contains("Lov om barnevern (barnevernslova)"));
    assert!(text_of(&nn).contains("Strategiar"));
    // No nynorsk title given: the bokmål one is shown.
    assert!(text_of(&nn).contains("Mestre hele livet"));
    let page = read(&fixture.out().join("test/om/index.html"));
    assert!(
        attrs(&page, "a", "href").contains(&"../foringer/index.html#barnevernsloven".to_string())
    );
}

#[test]
fn an_id_not_in_the_catalogue_is_an_error_with_its_line() {
    let fixture = fixture();
    fixture.write(
        "municipalities/test/guidance.yaml",
        "items:\n  - barnevernsloven\n  - barnevernloven\n",
    );
    let report = fixture.build();
    let error = report
        .diagnostics
        .errors()
        .find(|d| d.message.contains("barnevernloven"))
        .expect("error");
    assert!(error.loc.file.ends_with("test/guidance.yaml"), "{error}");
    assert_eq!(error.loc.line, 3, "{error}");
}

/// The page's introduction is checked like every other text: a reference in it that
/// leads nowhere stops the build, with its line.
#[test]
fn a_broken_reference_in_the_introduction_is_an_error() {
    let fixture = fixture();
    fixture.write(
        "municipalities/test/guidance.yaml",
        "intro: |\n  Les [steget](step:0.1) og [dette](step:9.9).\nitems:\n  - barnevernsloven\n",
    );
    let report = fixture.build();
    let errors: Vec<String> = report.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(
        report
            .diagnostics
            .errors()
            .any(|d| d.message.contains("step:9.9")
                && d.loc.file.ends_with("test/guidance.yaml")
                && d.loc.line == 2),
        "{errors:?}"
    );
    assert!(!fixture.out().exists(), "nothing published");
}

#[test]
fn an_entry_in_a_category_that_does_not_exist_is_an_error() {
    let fixture = fixture();
    fixture.write(
        "content/guidance.yaml",
        "categories:\n  - id: law\n    title: {nb: Lover}\nitems:\n  - id: barnevernsloven\n    category: lov\n    title: {nb: Barnevernsloven}\n  - id: mestre-hele-livet\n    category: law\n    title: {nb: Mestre hele livet}\n",
    );
    let report = fixture.build();
    let error = report.diagnostics.errors().next().expect("error");
    assert!(error.loc.file.ends_with("content/guidance.yaml"), "{error}");
    assert_eq!(error.loc.line, 6, "{error}");
}
