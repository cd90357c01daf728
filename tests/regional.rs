//! A regional plan shared by member municipalities (`extends:`), each adding its own
//! local part.

mod common;

use common::{read, select, text_of, Fixture};

fn region_with_member() -> Fixture {
    let fixture = Fixture::region();
    fixture.write(
        "municipalities/region/pages/lokalt.md",
        "---\ntitle: Situasjonen i vår kommune\nunfilled: true\n---\nKvar kommune fyller ut.\n",
    );
    fixture.write(
        "municipalities/medlem/pages/eigen.md",
        "---\ntitle: Eigen side\n---\nBerre her. Sjå [felles](page:felles).\n",
    );
    fixture
}

#[test]
fn members_inherit_the_plan_and_add_their_own_part() {
    let fixture = region_with_member();
    let report = fixture.build();
    common::assert_ok(&report);
    let out = fixture.out();
    // The member has the region's page and its own; the region lists its member.
    assert!(out.join("medlem/felles/index.html").is_file());
    assert!(out.join("medlem/eigen/index.html").is_file());
    assert!(!out.join("region/eigen").exists());
    let region_home = read(&out.join("region/index.html"));
    assert!(text_of(&region_home).contains("Medlem kommune"));
    let member_home = read(&out.join("medlem/index.html"));
    assert!(text_of(&member_home).contains("Denne rettleiaren er ein del av Regionen"));
    // The unfilled chapter is a draft: left out of the published sites, reported
    // as a to-do for both, and shown marked, in nynorsk, by `build --drafts`.
    assert!(!out.join("medlem/lokalt").exists());
    assert!(!out.join("region/lokalt").exists());
    let drafts = fixture.root().join("utkast");
    common::assert_ok(&veiviser::build::build_with(
        fixture.root(),
        &drafts,
        veiviser::build::Options {
            drafts: true,
            ..Default::default()
        },
    ));
    let page = read(&drafts.join("medlem/lokalt/index.html"));
    assert_eq!(select(&page, ".unfilled").len(), 1);
    assert!(text_of(&page).contains("ikkje fylt ut"));
    let todos: Vec<String> = report
        .diagnostics
        .warnings()
        .filter(|d| d.message.contains("to-do"))
        .map(|d| d.to_string())
        .collect();
    assert!(!todos.is_empty(), "unfilled chapters are reported");
}

#[test]
fn a_member_page_replaces_the_regions_page_of_the_same_name() {
    let fixture = region_with_member();
    fixture.write(
        "municipalities/medlem/pages/lokalt.md",
        "---\ntitle: Situasjonen i vår kommune\n---\nMedlem sin eigen tekst.\n",
    );
    common::assert_ok(&fixture.build());
    let page = read(&fixture.out().join("medlem/lokalt/index.html"));
    assert!(text_of(&page).contains("Medlem sin eigen tekst."));
    assert!(select(&page, ".unfilled").is_empty());
}

#[test]
fn extending_something_that_does_not_exist_is_an_error() {
    let fixture = region_with_member();
    fixture.write(
        "municipalities/medlem/site.yaml",
        "name: Medlem kommune\nlanguage: nn\ntitle: Felles plan\nextends: regjonen\n",
    );
    let report = fixture.build();
    let error = report
        .diagnostics
        .errors()
        .find(|d| d.loc.file.ends_with("site.yaml"))
        .expect("an error in site.yaml");
    assert!(error.loc.file.ends_with("medlem/site.yaml"), "{error}");
    assert_eq!(error.loc.line, 4, "{error}");
    assert!(error.message.contains("regjonen"), "{error}");
}
