//! Forms in every letter: Sámi and Arabic labels come out of the PDF as written
//! (the font embedded, text extractable), the ODT names a font that has them, and
//! every control has one name in the HTML form, the PDF and the ODT.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::process::Command;

use common::{attrs, read, Fixture};
use veiviser::forms::control_names;

const SAMI_LABELS: [&str; 4] = [
    "Čálit dása",
    "Máŋggagielat",
    "Ŧ ŋ đ ž č š á",
    "Sámegiella: Áŋgiris Đuoddaris Šuvččiid Žiežžan",
];
const ARABIC_LABEL: &str = "مرحبا بكم";
const HEBREW_LABEL: &str = "שלום";

fn definition() -> String {
    format!(
        r#"title: Čálit dása – Máŋggagielat skovvi
intro: |
  Ŧ ŋ đ ž č š á, ja nama eará čállinvugiin.
sections:
  - title: Máŋggagielat
    fields:
      - id: namma
        type: text
        label: "{}"
        required: true
      - id: giella
        type: checkboxes
        label: "{}"
        options: ["{}", "{}"]
        other: Eará
      - id: arabisk
        type: text
        label: "{}"
      - id: hebraisk
        type: long_text
        label: "{}"
      - id: enig
        type: yes_no
        label: Leat go ovttaoaivilis
      - id: plan
        type: table
        label: Plána
        columns: [Nr., Doaibmabijut, Ovddasvástádus]
        rows: 2
      - id: vuollaicala
        type: signature
        label: Vuolláičála
        signers: [Váhnen, Jođiheaddji]
"#,
        SAMI_LABELS[0], SAMI_LABELS[1], SAMI_LABELS[2], SAMI_LABELS[3], ARABIC_LABEL, HEBREW_LABEL
    )
}

fn fixture() -> Fixture {
    let fixture = Fixture::valid();
    fixture.write("content/forms/nb/samisk.yaml", &definition());
    fixture.write(
        "municipalities/test/toolbox.yaml",
        "items:\n  - id: skjema\n    number: 1\n    title: Undringsskjema\n    kind: form\n  - id: samisk\n    number: 2\n    title: Čálit dása\n    kind: form\n    form: samisk\n",
    );
    fixture.write(
        "municipalities/test/guides/veileder.yaml",
        "title: Veileder\nlevels:\n  - level: 0\n    title: Nivå 0\n    steps:\n      - id: \"0.1\"\n        title: Undring\n        responsible: Leder.\n        tools: [skjema, samisk]\n",
    );
    common::assert_ok(&fixture.build());
    fixture
}

fn pdf_path(fixture: &Fixture) -> std::path::PathBuf {
    fixture.out().join("test/skjema/samisk/samisk.pdf")
}

/// Runs a poppler tool; a missing tool fails the test rather than skipping it.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{tool} failed: {out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdffonts); CI runs it with `cargo test -- --ignored`"]
fn sami_and_arabic_labels_come_out_of_pdftotext_as_written() {
    let fixture = fixture();
    let path = pdf_path(&fixture);
    let text = poppler("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    for label in SAMI_LABELS {
        assert!(text.contains(label), "{label} not in:\n{text}");
    }
    assert!(text.contains("Čálit dása – Máŋggagielat skovvi"), "{text}");
    for word in ARABIC_LABEL.split(' ').chain([HEBREW_LABEL]) {
        assert!(text.contains(word), "{word} not in:\n{text}");
    }
    // No letter replaced: the form's own text has no question mark.
    assert!(!text.contains('?'), "{text}");
    assert!(!text.contains('\u{FFFD}'), "{text}");
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdffonts); CI runs it with `cargo test -- --ignored`"]
fn the_pdf_embeds_its_fonts_with_unicode_maps() {
    let fixture = fixture();
    let path = pdf_path(&fixture);
    let fonts = poppler("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    // The two faces of the page text, and ZapfDingbats for the check mark in the
    // boxes' appearances (a standard font every reader has).
    let embedded: Vec<&&str> = rows.iter().filter(|r| r.contains("DejaVuSans")).collect();
    assert_eq!(embedded.len(), 2, "{fonts}");
    for row in embedded {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols[1..5],
            ["CID", "TrueType", "Identity-H", "yes"],
            "{row}"
        );
        assert_eq!(cols[5..7], ["yes", "yes"], "subset with ToUnicode: {row}");
        assert!(cols[0].as_bytes()[6] == b'+', "subset tag: {row}");
    }
    assert!(!fonts.contains("Helvetica"), "{fonts}");
}

#[test]
fn the_same_form_gives_the_same_pdf() {
    let fixture = fixture();
    let first = std::fs::read(pdf_path(&fixture)).expect("pdf");
    common::assert_ok(&fixture.build());
    let second = std::fs::read(pdf_path(&fixture)).expect("pdf");
    assert!(first == second, "the PDF changed between builds");
}

#[test]
fn the_odt_declares_a_font_with_every_letter_of_the_form() {
    let fixture = fixture();
    let bytes = std::fs::read(fixture.out().join("test/skjema/samisk/samisk.odt")).expect("odt");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut styles = String::new();
    zip.by_name("styles.xml")
        .expect("styles.xml")
        .read_to_string(&mut styles)
        .expect("utf-8");
    let doc = roxmltree::Document::parse(&styles).expect("xml");
    const STYLE: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    let faces: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((STYLE, "font-face")))
        .filter_map(|n| n.attribute((STYLE, "name")))
        .collect();
    assert_eq!(faces, ["DejaVu Sans"]);
    // Every text style names it, for Latin, Asian and complex (Arabic, Hebrew) text.
    let defaults = doc
        .descendants()
        .find(|n| n.has_tag_name((STYLE, "default-style")))
        .and_then(|d| {
            d.children()
                .find(|c| c.has_tag_name((STYLE, "text-properties")))
        })
        .expect("default text properties");
    for key in ["font-name", "font-name-asian", "font-name-complex"] {
        assert_eq!(
            defaults.attribute((STYLE, key)),
            Some("DejaVu Sans"),
            "{key}"
        );
    }
    // The shipped DejaVu Sans has every letter of the form.
    let font = std::fs::read(common::repo().join("src/forms/fonts/DejaVuSans.ttf")).expect("font");
    let face = rustybuzz::ttf_parser::Face::parse(&font, 0).expect("a font");
    for c in definition().chars().filter(|c| !c.is_control()) {
        assert!(face.glyph_index(c).is_some(), "DejaVu Sans lacks {c:?}");
    }
}

/// Names in order of first appearance.
fn unique(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    names
        .into_iter()
        .filter(|n| seen.insert(n.clone()))
        .collect()
}

#[test]
fn every_control_has_one_name_in_html_pdf_and_odt() {
    let fixture = fixture();
    let (_, model) = veiviser::build::analyse(fixture.root());
    let model = model.expect("a model");
    let page = model.municipalities[0]
        .forms
        .iter()
        .find(|f| f.form.id == "samisk")
        .expect("the form");
    let expected: Vec<String> = page
        .form
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .flat_map(control_names)
        .collect();
    assert!(expected.contains(&"enig".to_string()), "{expected:?}");
    assert!(expected.contains(&"plan.r2c3".to_string()), "{expected:?}");

    // HTML: the form's controls (a radio group's buttons share its name).
    let dir = fixture.out().join("test/skjema/samisk");
    let html = read(&dir.join("index.html"));
    let html_names = unique(attrs(&html, "#skjema [name]", "name"));
    assert_eq!(html_names, expected, "HTML");
    assert_eq!(attrs(&html, "#skjema [name=enig]", "value"), ["yes", "no"]);

    // PDF: fully qualified field names of the widgets, in page order.
    let doc = lopdf::Document::load(dir.join("samisk.pdf")).expect("pdf");
    let pdf_names = unique(pdf_field_names(&doc));
    assert_eq!(pdf_names, expected, "PDF");

    // ODT: the controls of the form.
    let bytes = std::fs::read(dir.join("samisk.odt")).expect("odt");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut content = String::new();
    zip.by_name("content.xml")
        .expect("content.xml")
        .read_to_string(&mut content)
        .expect("utf-8");
    let xml = roxmltree::Document::parse(&content).expect("xml");
    const FORM: &str = "urn:oasis:names:tc:opendocument:xmlns:form:1.0";
    let form = xml
        .descendants()
        .find(|n| n.has_tag_name((FORM, "form")))
        .expect("form:form");
    let controls: Vec<roxmltree::Node> = form.children().filter(|n| n.is_element()).collect();
    let odt_names = unique(
        controls
            .iter()
            .filter_map(|n| n.attribute((FORM, "name")))
            .map(str::to_string),
    );
    assert_eq!(odt_names, expected, "ODT");
    let radios: Vec<(&str, Option<&str>)> = controls
        .iter()
        .filter(|n| n.tag_name().name() == "radio")
        .map(|n| {
            (
                n.attribute((FORM, "name")).unwrap_or(""),
                n.attribute((FORM, "value")),
            )
        })
        .collect();
    assert_eq!(radios, [("enig", Some("yes")), ("enig", Some("no"))]);
}

/// The full name of every widget's field (a radio button's is its group's), in
/// the order of the pages' annotations.
fn pdf_field_names(doc: &lopdf::Document) -> Vec<String> {
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for annot in annots {
            let mut node = annot
                .as_reference()
                .and_then(|r| doc.get_dictionary(r))
                .ok();
            let mut parts = Vec::new();
            while let Some(d) = node {
                if let Ok(t) = d.get(b"T") {
                    let t = lopdf::decode_text_string(t).expect("a text string");
                    parts.push(t);
                }
                node = d
                    .get(b"Parent")
                    .and_then(|p| p.as_reference())
                    .and_then(|r| doc.get_dictionary(r))
                    .ok();
            }
            parts.reverse();
            out.push(parts.join("."));
        }
    }
    out
}
