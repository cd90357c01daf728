//! Tools and forms that are what they say: a tool without its document says it is not
//! published, format and size are measured from the published file, a standard form
//! says it is one wherever it is offered, forms name their municipality, a regional
//! template's "xx kommune" takes each member's name, and documents saved with spaces
//! and capitals in their names are published under safe names.
//! Fixtures: `tests/fixtures/tools-and-forms/` and `tests/fixtures/invalid/`.

mod common;

use std::path::Path;

use common::{attrs, files, read, select, text_of, Fixture};

fn fixture(name: &str) -> Fixture {
    let fixture = Fixture::empty();
    common::copy_dir(
        &common::repo().join("content"),
        &fixture.root().join("content"),
    );
    common::copy_dir(
        &common::repo().join("tests/fixtures").join(name),
        fixture.root(),
    );
    fixture
}

fn built() -> (Fixture, std::path::PathBuf) {
    let fixture = fixture("tools-and-forms");
    common::assert_ok(&fixture.build());
    let out = fixture.out();
    (fixture, out)
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

/// A PDF's /Title.
fn pdf_title(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("a PDF lopdf reads");
    let info = doc.trailer.get(b"Info").expect("Info");
    let info = doc
        .get_dictionary(info.as_reference().expect("reference"))
        .expect("Info dictionary");
    let title = info.get(b"Title").expect("Title");
    lopdf::decode_text_string(title).expect("text")
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

#[test]
fn a_tool_without_its_document_is_text_marked_not_published() {
    let (_f, out) = built();
    let toolbox = read(&out.join("verktoyby/verktoy/index.html"));
    let item = text_of(&select(&toolbox, "#uten-dokument").join(""));
    assert!(
        item.contains("Risiko og beskyttelsesfaktorer (ikke publisert)"),
        "{item}"
    );
    assert!(attrs(&toolbox, "#uten-dokument .tool-title a", "href").is_empty());
    assert!(!item.contains("kB") && !item.contains("PDF"), "{item}");
    // On the step page too: no link, no size, the words "ikke publisert".
    let step = read(&out.join("verktoyby/veileder/veileder/steg-0-1/index.html"));
    let tools = text_of(&select(&step, ".step-tools").join(""));
    assert!(
        tools.contains("2. Risiko og beskyttelsesfaktorer (ikke publisert)"),
        "{tools}"
    );
    let links = attrs(&step, ".step-tools a", "href");
    assert!(
        !links.iter().any(|l| l.ends_with("#uten-dokument")),
        "{links:?}"
    );
    // A service is not a document: it links to its entry and claims nothing.
    assert!(
        links.iter().any(|l| l.ends_with("#familiens-hus")),
        "{links:?}"
    );
    assert!(!text_of(&select(&toolbox, "#familiens-hus").join("")).contains("ikke publisert"));
}

#[test]
fn check_warns_once_about_each_tool_without_a_document() {
    let fixture = fixture("tools-and-forms");
    let (report, _) = veiviser::build::analyse(fixture.root());
    common::assert_ok(&report);
    let warned: Vec<(String, usize)> = report
        .diagnostics
        .warnings()
        .filter(|d| d.message.contains("has no document"))
        .map(|d| (d.loc.file.display().to_string(), d.loc.line))
        .collect();
    // The item with nothing, and the one offered only as a standard template.
    assert_eq!(
        warned,
        [
            ("municipalities/verktoyby/toolbox.yaml".to_string(), 7),
            ("municipalities/verktoyby/toolbox.yaml".to_string(), 11),
        ]
    );
}

#[test]
fn format_and_size_are_measured_from_the_published_file() {
    let (_f, out) = built();
    let name = "Samtykke skjema Verktøyby.pdf";
    let bytes = std::fs::read(
        common::repo()
            .join("tests/fixtures/tools-and-forms/municipalities/verktoyby/files")
            .join(name),
    )
    .expect("fixture file");
    // Published under a safe name, byte for byte, offered under the name it was saved as.
    let published = out.join("verktoyby/filer/samtykke-skjema-verktoyby.pdf");
    assert_eq!(std::fs::read(&published).expect("published"), bytes);
    let toolbox = read(&out.join("verktoyby/verktoy/index.html"));
    assert_eq!(
        attrs(&toolbox, "#eget-samtykke .tool-title a", "href"),
        ["../filer/samtykke-skjema-verktoyby.pdf"]
    );
    assert_eq!(
        attrs(&toolbox, "#eget-samtykke .tool-title a", "download"),
        [name]
    );
    let size = veiviser::format::size_in_words(bytes.len());
    let item = text_of(&select(&toolbox, "#eget-samtykke").join(""));
    assert!(
        item.contains(&format!("PDF · {size}")),
        "{item}: want {size}"
    );
    assert!(!item.contains("ikke publisert"), "{item}");
    let listed: Vec<_> = files(&out.join("verktoyby/filer")).into_keys().collect();
    assert_eq!(listed.len(), 1, "{listed:?}");
}

#[test]
#[ignore = "needs poppler-utils (pdftotext); CI runs it with `cargo test -- --ignored`"]
fn a_standard_form_says_so_wherever_it_is_offered() {
    let (_f, out) = built();
    const NB: &str = "Standardmal fra veiviser – ikke kommunens eget skjema";
    let site = out.join("verktoyby");
    let toolbox = read(&site.join("verktoy/index.html"));
    let item = text_of(&select(&toolbox, "#standard-samtykke").join(""));
    assert!(item.contains(NB), "{item}");
    // The municipality's own document is named, not published, and its title does
    // not lead to the standard form as if it were that document.
    assert!(
        item.contains("Samtykkeskjema for alle tjenester (ikke publisert)"),
        "{item}"
    );
    assert!(attrs(&toolbox, "#standard-samtykke .tool-title a", "href").is_empty());
    let step = text_of(&read(&site.join("veileder/veileder/steg-0-1/index.html")));
    assert!(step.contains(NB), "{step}");
    let form = site.join("skjema/samtykkeerklaering");
    let page = read(&form.join("index.html"));
    assert_eq!(
        text_of(&select(&page, ".form-notice").join("")),
        format!("{NB}.")
    );
    assert!(pdf_text(&form.join("samtykkeerklaering.pdf")).contains(NB));
    assert!(odt_text(&form.join("samtykkeerklaering.odt"), "content.xml").contains(NB));
    // The region's own template is not a standard one and does not say so.
    let own = read(&out.join("regionen/skjema/samtykke/index.html"));
    assert!(!text_of(&own).contains("Standardmal"));
}

#[test]
#[ignore = "needs poppler-utils (pdftotext); CI runs it with `cargo test -- --ignored`"]
fn forms_carry_the_municipalitys_name() {
    let (_f, out) = built();
    let form = out.join("verktoyby/skjema/samtykkeerklaering");
    let title = "Samtykkeerklæring for tverrfaglig samarbeid – Verktøyby kommune";
    assert_eq!(
        text_of(&select(&read(&form.join("index.html")), "h1").join("")),
        title
    );
    assert_eq!(pdf_title(&form.join("samtykkeerklaering.pdf")), title);
    assert!(pdf_text(&form.join("samtykkeerklaering.pdf")).contains("Verktøyby kommune"));
    let odt = form.join("samtykkeerklaering.odt");
    assert!(odt_text(&odt, "meta.xml").contains(title));
    assert!(odt_text(&odt, "content.xml").contains(title));
}

#[test]
#[ignore = "needs poppler-utils (pdftotext); CI runs it with `cargo test -- --ignored`"]
fn a_regional_templates_placeholder_takes_each_members_name() {
    let (_f, out) = built();
    let member = out.join("medlemby/skjema/samtykke");
    let html = text_of(&read(&member.join("index.html")));
    assert!(
        html.contains("Samtykkeerklæring i Medlemby kommune"),
        "{html}"
    );
    let pdf = pdf_text(&member.join("samtykke.pdf"));
    assert!(pdf.contains("Medlemby kommune"), "{pdf}");
    assert_eq!(
        pdf_title(&member.join("samtykke.pdf")),
        "Samtykkeerklæring i Medlemby kommune"
    );
    // The region itself says "kommunen" and names itself, never "xx".
    let region = out.join("regionen/skjema/samtykke");
    let html = text_of(&read(&region.join("index.html")));
    assert!(
        html.contains("Samtykkeerklæring i kommunen – Regionen"),
        "{html}"
    );
    for site in ["medlemby", "regionen"] {
        let dir = out.join(site).join("skjema/samtykke");
        let texts = [
            text_of(&read(&dir.join("index.html"))),
            pdf_text(&dir.join("samtykke.pdf")),
            odt_text(&dir.join("samtykke.odt"), "content.xml"),
            odt_text(&dir.join("samtykke.odt"), "meta.xml"),
        ];
        for text in texts {
            assert!(
                !text.to_lowercase().contains("xx kommune"),
                "{site}: {text}"
            );
        }
        // The repealed law the template cites keeps its words, with a note.
        let html = text_of(&read(&dir.join("index.html")));
        assert!(html.contains("Lov om barneverntenester §6-7"));
        assert!(html.contains("vart oppheva 1. januar 2023"), "{html}");
    }
}

#[test]
fn the_footer_names_the_source() {
    let (_f, out) = built();
    let home = read(&out.join("regionen/index.html"));
    let source = text_of(&select(&home, ".site-source").join(""));
    assert_eq!(
        source,
        "Kjelde: Felles plan for regionen (plandokument), lest 2026-11-30"
    );
    // A member without a source of its own shows the plan's.
    let member = read(&out.join("medlemby/index.html"));
    assert_eq!(text_of(&select(&member, ".site-source").join("")), source);
    let own = read(&out.join("verktoyby/index.html"));
    assert_eq!(
        text_of(&select(&own, ".site-source").join("")),
        "Kilde: Verktøyby kommunes handlingsveileder"
    );
}

/// Each broken fixture fails with its message at the file and line.
#[test]
fn bad_input_in_the_new_keys_is_an_error_with_its_place() {
    let cases: [(&str, &str, usize, &str); 4] = [
        (
            "typed-size",
            "toolbox.yaml",
            5,
            "`format:` is no longer written",
        ),
        (
            "typed-size",
            "toolbox.yaml",
            6,
            "`size:` is no longer written",
        ),
        (
            "source-date",
            "site.yaml",
            6,
            "`feil.example` cannot be published as a link: it is not a full web address",
        ),
        ("source-date", "site.yaml", 7, "`30.11.2026` is not a date"),
    ];
    for (kind, file, line, message) in cases {
        let fixture = fixture(&format!("invalid/{kind}"));
        let report = fixture.build();
        assert!(!report.ok(), "{kind}");
        assert!(
            !fixture.out().exists(),
            "{kind}: a failed build writes nothing"
        );
        let found = report.diagnostics.errors().any(|d| {
            d.loc.file.ends_with(file) && d.loc.line == line && d.message.contains(message)
        });
        let all: Vec<String> = report.diagnostics.errors().map(|d| d.to_string()).collect();
        assert!(
            found,
            "{kind}: want {message:?} at {file}:{line}, got {all:#?}"
        );
    }
    let fixture = fixture("invalid/file-name-collision");
    let report = fixture.build();
    let error = report.diagnostics.errors().next().expect("an error");
    assert!(
        error
            .message
            .contains("would both be published as `filer/samtykke-skjema.pdf`"),
        "{error}"
    );
    assert!(
        error.loc.file.to_string_lossy().contains("files/"),
        "{error}"
    );
}

/// `file:` may name a document as it was saved or as it is published.
#[test]
fn file_may_name_the_published_name_too() {
    let fixture = fixture("tools-and-forms");
    fixture.write(
        "municipalities/verktoyby/toolbox.yaml",
        "items:\n  - id: eget-samtykke\n    title: Samtykkeskjema\n    kind: form\n    file: samtykke-skjema-verktoyby.pdf\n",
    );
    fixture.write(
        "municipalities/verktoyby/guides/veileder.yaml",
        "title: H\nlevels:\n  - level: 0\n    title: N\n    steps:\n      - id: \"0.1\"\n        title: U\n        responsible: L.\n        tools: [eget-samtykke]\n",
    );
    common::assert_ok(&fixture.build());
    let toolbox = read(&fixture.out().join("verktoyby/verktoy/index.html"));
    assert_eq!(
        attrs(&toolbox, "#eget-samtykke .tool-title a", "download"),
        ["Samtykke skjema Verktøyby.pdf"]
    );
}
