//! Documents in a municipality's files/ folder are published as they are, with
//! their format and size, and only from inside the folder.

mod common;

use common::{attrs, read, text_of, Fixture};

fn fixture() -> Fixture {
    let fixture = Fixture::valid();
    fixture.write_bytes(
        "municipalities/test/files/undringsskjema.pdf",
        &[b"%PDF-1.7\n".as_slice(), &[b'x'; 2491]].concat(),
    );
    fixture.write(
        "municipalities/test/toolbox.yaml",
        "items:\n  - id: skjema\n    number: 1\n    title: Undringsskjema\n    kind: form\n    file: undringsskjema.pdf\n",
    );
    fixture
}

#[test]
fn a_file_is_published_with_format_and_size() {
    let fixture = fixture();
    common::assert_ok(&fixture.build());
    let published = fixture.out().join("test/filer/undringsskjema.pdf");
    assert_eq!(std::fs::read(published).expect("published").len(), 2500);
    let html = read(&fixture.out().join("test/verktoy/index.html"));
    assert!(attrs(&html, "#skjema a", "href").contains(&"../filer/undringsskjema.pdf".to_string()));
    assert!(text_of(&html).contains("PDF · 3 kB"));
}

#[test]
fn a_missing_file_is_an_error() {
    let fixture = fixture();
    fixture.write(
        "municipalities/test/toolbox.yaml",
        "items:\n  - id: skjema\n    title: Undringsskjema\n    kind: form\n    file: undringsskjemaer.pdf\n",
    );
    let report = fixture.build();
    let error = report.diagnostics.errors().next().expect("error");
    assert!(
        error.loc.file.ends_with("toolbox.yaml") && error.loc.line == 5,
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_folder_is_refused() {
    let fixture = fixture();
    std::os::unix::fs::symlink(
        "/etc/passwd",
        fixture.root().join("municipalities/test/files/passwd.txt"),
    )
    .expect("symlink");
    let report = fixture.build();
    let error = report.diagnostics.errors().next().expect("error");
    assert!(error.message.contains("passwd.txt"), "{error}");
    assert!(!fixture.out().exists());
}

#[test]
fn a_pale_accent_colour_is_replaced_with_a_warning() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: Testby kommune\nlanguage: nb\ntitle: Testveileder\naccent_color: \"#ffcc00\"\n",
    );
    let report = fixture.build();
    common::assert_ok(&report);
    let warning = report
        .diagnostics
        .warnings()
        .find(|d| d.message.contains("contrast"))
        .expect("warning");
    assert_eq!(warning.loc.line, 4);
    let css = read(&fixture.out().join("test/assets/site.css"));
    assert!(!css.contains("ffcc00"), "{css}");
}

#[test]
fn emergency_numbers_say_so_in_words() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: T\nlanguage: nb\ntitle: T\ncontact:\n  phones:\n    - label: Politiet\n      number: \"112\"\n      emergency: true\n",
    );
    common::assert_ok(&fixture.build());
    let html = read(&fixture.out().join("test/index.html"));
    let link = common::select(&html, "a[href='tel:112']");
    assert!(
        text_of(&link[0]).contains("Akutt Politiet 112"),
        "{}",
        link[0]
    );
}

#[test]
fn references_in_step_bodies_and_toolbox_links_are_checked() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/guides/veileder.yaml",
        "title: V\nlevels:\n  - level: 0\n    title: N\n    steps:\n      - id: \"0.1\"\n        title: U\n        responsible: L.\n        tools: [skjema]\n        body: |\n          Se [her](page:finnes-ikke).\n",
    );
    fixture.write(
        "municipalities/test/toolbox.yaml",
        "items:\n  - id: skjema\n    title: U\n    kind: form\n    link: page:borte\n",
    );
    let report = fixture.build();
    let messages: Vec<String> = report
        .diagnostics
        .errors()
        .map(|d| d.message.clone())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("page:finnes-ikke")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("page:borte")),
        "{messages:?}"
    );
}

#[test]
fn a_page_cannot_take_the_name_of_a_section() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/pages/foringer.md",
        "---\ntitle: Føringer\n---\nTekst.\n",
    );
    let report = fixture.build();
    assert!(report
        .diagnostics
        .errors()
        .any(|d| d.message.contains("foringer")));
}
