//! A form as an OpenDocument Text file (ODF 1.3) to fill in LibreOffice or Word.
//!
//! The document has the form's headings and labels as ordinary text, and a form
//! control (`office:forms`) for every field part, named like the HTML and PDF
//! versions (see `forms`). Controls are anchored as characters in
//! paragraphs and table cells, so they flow with the text.
//!
//! The package is deterministic: the same form gives the same bytes (fixed entry
//! order, times, permissions and compression; no dates in `meta.xml`).
//!
//! Two things LibreOffice needs that the ODF schema does not say: the `ooo`
//! namespace must be declared on the document root or the controls are silently
//! dropped, and tooltips (`HelpText`) and multi-line text (`MultiLine`) are only
//! read from `form:properties`.
//!
//! Where things happen: `content/` (the text and a control for every field part),
//! `styles.rs` (the page, fonts and named styles), `meta.rs`, `package.rs` (the zip
//! file and its manifest) and `xml.rs` (escaping and other XML helpers).

mod content;
mod meta;
mod package;
mod styles;
mod xml;

use std::sync::OnceLock;

use self::package::{write_package, Entry, Piece, MIMETYPE};
use super::ByDefinition;
use crate::model::Form;

/// The form as an `.odt` file.
///
/// `content.xml`, `styles.xml` and `meta.xml` each hold the title once, and but
/// for it are the same on every site that offers the form: each is kept
/// compressed, in two pieces around the title (`Frame`, once per form definition),
/// and a site's file is its title, stored, put between them (`package`).
pub fn write_odt(form: &Form) -> Vec<u8> {
    let mut odt = package(&FRAMES.get_or_make(form, || Frame::new(form)), &form.title);
    // Kept by `serve` for every site, without the room a growing buffer leaves.
    odt.shrink_to_fit();
    odt
}

/// Each definition's frame, for the process.
static FRAMES: ByDefinition<Frame> = ByDefinition::new();

/// Let go of the frames of the definitions not in `keep` (see
/// [`super::keep_only`]).
pub(super) fn keep_only(keep: &[&Form]) {
    FRAMES.keep_only(keep);
}

/// The package of a form with `frame` and `title`.
fn package(frame: &Frame, title: &str) -> Vec<u8> {
    static MANIFEST: OnceLock<Piece> = OnceLock::new();
    let manifest = MANIFEST.get_or_init(|| Piece::new(&package::manifest_xml(), true));
    let content = Piece::stored(&content::title_xml(title));
    let styles = Piece::stored(&styles::title_xml(title));
    let meta = Piece::stored(&meta::title_xml(title));
    write_package(&[
        Entry::Stored("mimetype", MIMETYPE),
        Entry::Deflated("content.xml", &frame.content.around(&content)),
        Entry::Deflated("styles.xml", &frame.styles.around(&styles)),
        Entry::Deflated("meta.xml", &frame.meta.around(&meta)),
        Entry::Deflated("META-INF/manifest.xml", &[manifest]),
    ])
}

/// A part's text around the form's title: `before`, the title as the part writes
/// it, `after`. Neither depends on the title.
pub(super) struct AroundTitle {
    pub(super) before: String,
    pub(super) after: String,
}

impl AroundTitle {
    /// The whole part, with `title` as the part writes it.
    #[cfg(test)]
    pub(super) fn join(&self, title: &str) -> String {
        format!("{}{title}{}", self.before, self.after)
    }

    fn compress(&self) -> Compressed {
        Compressed {
            before: Piece::new(&self.before, false),
            after: Piece::new(&self.after, true),
        }
    }
}

/// A part's pieces before and after the title, compressed.
struct Compressed {
    before: Piece,
    after: Piece,
}

impl Compressed {
    fn around<'a>(&'a self, title: &'a Piece) -> [&'a Piece; 3] {
        [&self.before, title, &self.after]
    }
}

/// The parts of a form's package but for its title.
struct Frame {
    content: Compressed,
    styles: Compressed,
    meta: Compressed,
}

impl Frame {
    /// From `form`, its title left out.
    fn new(form: &Form) -> Frame {
        Frame {
            content: content::content_around_title(form).compress(),
            styles: styles::styles_around_title(form).compress(),
            meta: meta::meta_around_title(form).compress(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::io::{Cursor, Read};
    use std::path::PathBuf;
    use std::process::Command;
    use std::time::{Duration, Instant};

    use zip::{CompressionMethod, DateTime};

    use super::package::MIMETYPE;
    use super::*;
    use crate::model::{FieldKind, FormField, FormSection, Lang};

    const FORM_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:form:1.0";
    const OFFICE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    const TEXT_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    const DRAW_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
    const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
    /// The package's entries, in their order.
    const ENTRIES: [&str; 5] = [
        "mimetype",
        "content.xml",
        "styles.xml",
        "meta.xml",
        "META-INF/manifest.xml",
    ];

    fn field(id: &str, label: &str, required: bool, kind: FieldKind) -> FormField {
        FormField {
            id: id.to_string(),
            label: label.to_string(),
            help: None,
            required,
            kind,
        }
    }

    /// One field of every kind, with æøå.
    fn sample(lang: Lang) -> Form {
        let mut name = field("navn", "Barnets navn", true, FieldKind::Text);
        name.help = Some("Fornavn og etternavn, slik det står i folkeregisteret.".into());
        Form {
            id: "bekymringsmelding".into(),
            lang,
            title: "Bekymringsmelding til barneverntjenesten – Øvre Eiker".into(),
            intro: vec![
                "Bruk skjemaet når du er bekymret for et barn.".into(),
                "Ring 112 hvis barnet er i fare nå.".into(),
            ],
            sections: vec![
                FormSection {
                    title: Some("Om barnet".into()),
                    intro: vec![
                        "Fyll ut så godt du kan; lar deg ikke stoppe av det du ikke vet.".into(),
                    ],
                    fields: vec![
                        name,
                        field("fodt", "Fødselsdato", false, FieldKind::Date),
                        field("fnr", "Fødselsnummer", false, FieldKind::Fnr),
                        field(
                            "bekymring",
                            "Hva er du bekymret for?",
                            true,
                            FieldKind::LongText { lines: 6 },
                        ),
                        field(
                            "kjent",
                            "Vet foreldrene om meldingen?",
                            false,
                            FieldKind::YesNo,
                        ),
                        field(
                            "tiltak",
                            "Hva er prøvd før?",
                            false,
                            FieldKind::Checkboxes {
                                options: vec![
                                    "Samtale med foreldre".into(),
                                    "Helsesykepleier".into(),
                                ],
                                other: Some("Annet".into()),
                            },
                        ),
                    ],
                },
                FormSection {
                    title: Some("Involverte".into()),
                    intro: vec![],
                    fields: vec![
                        field(
                            "info",
                            "Opplysningene behandles fortrolig.\n\nDu får svar innen én uke.",
                            false,
                            FieldKind::Fixed,
                        ),
                        field(
                            "personer",
                            "Andre som kjenner barnet",
                            false,
                            FieldKind::Table {
                                columns: vec!["Navn".into(), "Rolle".into(), "Telefon".into()],
                                rows: 2,
                                widths: Vec::new(),
                            },
                        ),
                        field(
                            "underskrift",
                            "Underskrift",
                            true,
                            FieldKind::Signature {
                                signers: vec!["Melder".into(), "Leder".into()],
                            },
                        ),
                    ],
                },
            ],
        }
    }

    /// The control names the sample must have, in document order.
    #[test]
    fn the_package_comes_without_spare_room() {
        let odt = write_odt(&sample(Lang::Nb));
        assert_eq!(odt.capacity(), odt.len());
    }

    fn sample_names() -> Vec<&'static str> {
        vec![
            "navn",
            "fodt",
            "fnr",
            "bekymring",
            "kjent=yes",
            "kjent=no",
            "tiltak.1",
            "tiltak.2",
            "tiltak.other",
            "personer.r1c1",
            "personer.r1c2",
            "personer.r1c3",
            "personer.r2c1",
            "personer.r2c2",
            "personer.r2c3",
            "underskrift.1.place",
            "underskrift.1.date",
            "underskrift.1.name",
            "underskrift.2.place",
            "underskrift.2.date",
            "underskrift.2.name",
        ]
    }

    fn unzip(bytes: &[u8]) -> (Vec<String>, BTreeMap<String, String>) {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip file");
        let mut names = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().unwrap().to_string();
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 entry");
            names.push(name.clone());
            files.insert(name, text);
        }
        (names, files)
    }

    fn parse(text: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed: {e}\n{text}"))
    }

    /// Controls by `form:name`: (element name, attributes, properties).
    struct Control {
        element: String,
        id: String,
        max_length: Option<String>,
        required: bool,
        properties: BTreeMap<String, String>,
    }

    fn controls(content: &str) -> Vec<(String, Control)> {
        let doc = parse(content);
        let form = doc
            .descendants()
            .find(|n| n.has_tag_name((FORM_NS, "form")))
            .expect("a form:form");
        form.children()
            .filter(|n| n.is_element())
            .map(|n| {
                let mut properties = BTreeMap::new();
                for p in n
                    .descendants()
                    .filter(|p| p.has_tag_name((FORM_NS, "property")))
                {
                    let value = p
                        .attribute((OFFICE_NS, "string-value"))
                        .or(p.attribute((OFFICE_NS, "boolean-value")))
                        .unwrap_or_default();
                    properties.insert(
                        p.attribute((FORM_NS, "property-name")).unwrap().to_string(),
                        value.to_string(),
                    );
                }
                let control = Control {
                    element: n.tag_name().name().to_string(),
                    id: n.attribute((FORM_NS, "id")).unwrap().to_string(),
                    max_length: n.attribute((FORM_NS, "max-length")).map(str::to_string),
                    required: n.attribute((FORM_NS, "input-required")) == Some("true"),
                    properties,
                };
                assert_eq!(n.attribute((XML_NS, "id")), Some(control.id.as_str()));
                let name = n.attribute((FORM_NS, "name")).unwrap().to_string();
                // A radio group's buttons share its name; the value tells them apart.
                let name = match n.attribute((FORM_NS, "value")) {
                    Some(value) if control.element == "radio" => format!("{name}={value}"),
                    _ => name,
                };
                (name, control)
            })
            .collect()
    }

    #[test]
    fn mimetype_comes_first_stored_without_extra_field() {
        let bytes = write_odt(&sample(Lang::Nb));
        // The local file header at offset 0, read raw.
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        assert_eq!(u16_at(6) & 0x0008, 0, "no data descriptor");
        assert_eq!(u16_at(8), 0, "compression method: stored");
        assert_eq!(u16_at(26), 8, "file name length");
        assert_eq!(u16_at(28), 0, "extra field length");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIMETYPE.len()], MIMETYPE.as_bytes());

        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut first = archive.by_index(0).unwrap();
        assert_eq!(first.name().unwrap(), "mimetype");
        assert_eq!(first.compression(), CompressionMethod::Stored);
        assert!(first.extra_data().is_none_or(|e| e.is_empty()));
        let mut text = String::new();
        first.read_to_string(&mut text).unwrap();
        assert_eq!(text, "application/vnd.oasis.opendocument.text");
    }

    #[test]
    fn entries_have_fixed_times_and_permissions() {
        let bytes = write_odt(&sample(Lang::Nb));
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        for i in 0..archive.len() {
            let file = archive.by_index(i).unwrap();
            assert_eq!(
                file.last_modified(),
                Some(DateTime::default()),
                "{}",
                file.name().unwrap()
            );
            assert_eq!(file.unix_mode().map(|m| m & 0o777), Some(0o644));
            assert!(file.extra_data().is_none_or(|e| e.is_empty()));
        }
    }

    #[test]
    fn manifest_lists_every_entry() {
        let (names, files) = unzip(&write_odt(&sample(Lang::Nb)));
        assert_eq!(names, ENTRIES);
        let manifest = parse(&files["META-INF/manifest.xml"]);
        const MANIFEST_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
        let listed: BTreeMap<&str, &str> = manifest
            .descendants()
            .filter(|n| n.has_tag_name((MANIFEST_NS, "file-entry")))
            .map(|n| {
                (
                    n.attribute((MANIFEST_NS, "full-path")).unwrap(),
                    n.attribute((MANIFEST_NS, "media-type")).unwrap(),
                )
            })
            .collect();
        assert_eq!(listed.get("/"), Some(&MIMETYPE));
        // The package spec leaves out `mimetype` and `META-INF/`; every other entry is listed.
        for name in names
            .iter()
            .filter(|n| *n != "mimetype" && !n.starts_with("META-INF/"))
        {
            assert_eq!(listed.get(name.as_str()), Some(&"text/xml"), "{name}");
        }
        assert_eq!(listed.len(), names.len() - 1);
    }

    #[test]
    fn every_xml_entry_parses_and_declares_the_namespaces() {
        for lang in [Lang::Nb, Lang::Nn] {
            let (_, files) = unzip(&write_odt(&sample(lang)));
            for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xml")) {
                let doc = parse(text);
                if name.starts_with("META-INF") {
                    continue;
                }
                let root = doc.root_element();
                assert_eq!(
                    root.attribute((OFFICE_NS, "version")),
                    Some("1.3"),
                    "{name}"
                );
                for (prefix, uri) in [
                    ("ooo", "http://openoffice.org/2004/office"),
                    ("form", FORM_NS),
                    ("office", OFFICE_NS),
                    ("xforms", "http://www.w3.org/2002/xforms"),
                    ("script", "urn:oasis:names:tc:opendocument:xmlns:script:1.0"),
                ] {
                    assert_eq!(root.lookup_namespace_uri(Some(prefix)), Some(uri), "{name}");
                }
            }
            assert!(
                files["content.xml"].contains(r#"xmlns:ooo="http://openoffice.org/2004/office""#)
            );
        }
    }

    #[test]
    fn styles_set_up_an_a4_page_and_the_styles_used() {
        let (_, files) = unzip(&write_odt(&sample(Lang::Nn)));
        let styles = &files["styles.xml"];
        for needle in [
            r#"fo:page-width="21cm" fo:page-height="29.7cm""#,
            r#"fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm""#,
            r#"style:font-name="DejaVu Sans" fo:font-size="11pt" fo:language="nn" fo:country="NO""#,
            r#"style:name="Heading_20_1""#,
            r#"style:name="Heading_20_2""#,
            r#"style:family="table""#,
        ] {
            assert!(styles.contains(needle), "{needle}");
        }
        // Every paragraph style content.xml uses is defined.
        let content = parse(&files["content.xml"]);
        let defined = parse(styles);
        const STYLE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
        let names: BTreeSet<&str> = defined
            .descendants()
            .filter_map(|n| n.attribute((STYLE_NS, "name")))
            .collect();
        for n in content.descendants() {
            if let Some(style) = n.attribute((TEXT_NS, "style-name")) {
                assert!(names.contains(style), "{style}");
            }
        }
    }

    #[test]
    fn a_form_gets_the_same_file_whichever_title_filled_the_cache() {
        let mut first = sample(Lang::Nb);
        first.title = "Bekymringsmelding – Bø".into();
        let mut second = sample(Lang::Nb);
        second.title = "Bekymringsmelding – Øvre  Eiker <&> ǥ\nny linje".into();
        let _ = write_odt(&first);
        let cached = write_odt(&second);
        // A frame made from this very form gives the same bytes.
        assert_eq!(cached, package(&Frame::new(&second), &second.title));
        // And each part is the whole part, title included.
        let (names, files) = unzip(&cached);
        assert_eq!(names, ENTRIES);
        assert_eq!(files["content.xml"], content::content_xml(&second));
        assert_eq!(files["styles.xml"], styles::styles_xml(&second));
        assert_eq!(files["meta.xml"], meta::meta_xml(&second));
        assert!(files["content.xml"].contains("Øvre Eiker &lt;&amp;&gt; ǥ ny linje</text:h>"));
        // No title: no heading, and still a valid file.
        let mut none = sample(Lang::Nb);
        none.title = " ".into();
        let (_, files) = unzip(&write_odt(&none));
        assert!(!files["content.xml"].contains("Heading_20_1\" text:outline-level"));
    }

    #[test]
    fn meta_has_title_language_generator_and_no_dates() {
        let (_, files) = unzip(&write_odt(&sample(Lang::Nn)));
        let meta = &files["meta.xml"];
        let doc = parse(meta);
        let text_of = |ns: &str, name: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name((ns, name)))
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        const DC: &str = "http://purl.org/dc/elements/1.1/";
        const META: &str = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
        assert_eq!(
            text_of(DC, "title").as_deref(),
            Some("Bekymringsmelding til barneverntjenesten – Øvre Eiker")
        );
        assert_eq!(text_of(DC, "language").as_deref(), Some("nn"));
        assert_eq!(text_of(META, "generator").as_deref(), Some("veiviser"));
        for date in ["creation-date", "date", "print-date"] {
            assert!(!meta.contains(&format!(":{date}")), "{date}");
        }
    }

    #[test]
    fn writes_are_byte_identical() {
        let form = sample(Lang::Nb);
        assert_eq!(write_odt(&form), write_odt(&form));
        assert_eq!(write_odt(&form), write_odt(&form.clone()));
    }

    #[test]
    fn every_field_part_has_a_named_control_with_a_tooltip() {
        let (_, files) = unzip(&write_odt(&sample(Lang::Nb)));
        let content = &files["content.xml"];
        let controls = controls(content);
        let names: Vec<&str> = controls.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, sample_names());
        let by_name: BTreeMap<&str, &Control> =
            controls.iter().map(|(n, c)| (n.as_str(), c)).collect();

        let tip = |name: &str| by_name[name].properties.get("HelpText").cloned();
        assert_eq!(tip("navn").as_deref(), Some("Barnets navn"));
        assert_eq!(tip("fodt").as_deref(), Some("Fødselsdato (dd.mm.åååå)"));
        assert_eq!(
            tip("kjent=yes").as_deref(),
            Some("Vet foreldrene om meldingen?: Ja")
        );
        assert_eq!(
            tip("kjent=no").as_deref(),
            Some("Vet foreldrene om meldingen?: Nei")
        );
        assert_eq!(
            tip("tiltak.2").as_deref(),
            Some("Hva er prøvd før?: Helsesykepleier")
        );
        assert_eq!(
            tip("tiltak.other").as_deref(),
            Some("Hva er prøvd før?: Annet")
        );
        assert_eq!(tip("personer.r2c3").as_deref(), Some("Telefon rad 2"));
        assert_eq!(tip("underskrift.1.place").as_deref(), Some("Melder: Sted"));
        assert_eq!(tip("underskrift.2.date").as_deref(), Some("Leder: Dato"));
        assert_eq!(
            tip("underskrift.2.name").as_deref(),
            Some("Leder: Underskrift")
        );
        for (name, control) in &controls {
            assert!(control.properties.contains_key("HelpText"), "{name}");
            let multi = control.properties.get("MultiLine").map(String::as_str);
            // Long text, and table cells so that a longer text wraps in its cell.
            if name == "bekymring" || name.starts_with("personer.") {
                assert_eq!(control.element, "textarea");
                assert_eq!(multi, Some("true"));
            } else {
                assert_eq!(multi, None, "{name}");
            }
            let checkbox = name.starts_with("tiltak.") && name != "tiltak.other";
            assert_eq!(control.element == "checkbox", checkbox, "{name}");
            assert_eq!(
                control.element == "radio",
                name.starts_with("kjent="),
                "{name}"
            );
        }
        assert_eq!(by_name["fnr"].max_length.as_deref(), Some("11"));
        assert_eq!(by_name["navn"].max_length, None);
        let required: Vec<&str> = controls
            .iter()
            .filter(|(_, c)| c.required)
            .map(|(n, _)| n.as_str())
            .collect();
        let mut expected = vec!["navn", "bekymring"];
        expected.extend(
            sample_names()
                .into_iter()
                .filter(|n| n.starts_with("underskrift.")),
        );
        assert_eq!(required, expected);

        // Ids are unique, and each control is anchored exactly once, as a character.
        let ids: BTreeSet<&str> = controls.iter().map(|(_, c)| c.id.as_str()).collect();
        assert_eq!(ids.len(), controls.len());
        let doc = parse(content);
        let anchors: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((DRAW_NS, "control")))
            .collect();
        assert_eq!(anchors.len(), controls.len());
        for a in &anchors {
            assert_eq!(a.attribute((TEXT_NS, "anchor-type")), Some("as-char"));
            assert!(ids.contains(a.attribute((DRAW_NS, "control")).unwrap()));
            assert!(a.parent().unwrap().has_tag_name((TEXT_NS, "p")));
        }
    }

    #[test]
    fn text_follows_the_form() {
        let (_, files) = unzip(&write_odt(&sample(Lang::Nn)));
        let doc = parse(&files["content.xml"]);
        let headings: Vec<(String, String)> = doc
            .descendants()
            .filter(|n| n.has_tag_name((TEXT_NS, "h")))
            .map(|n| {
                let level = n.attribute((TEXT_NS, "outline-level")).unwrap().to_string();
                (level, n.text().unwrap_or_default().to_string())
            })
            .collect();
        let expected = [
            ("1", "Bekymringsmelding til barneverntjenesten – Øvre Eiker"),
            ("2", "Om barnet"),
            ("2", "Involverte"),
            ("3", "Melder"),
            ("3", "Leder"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(l, t)| (l.to_string(), t.to_string()))
            .collect();
        assert_eq!(headings, expected);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name((TEXT_NS, "h")))
            .unwrap();
        assert_eq!(
            title.attribute((TEXT_NS, "style-name")),
            Some("Heading_20_1")
        );

        let paragraphs: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name((TEXT_NS, "p")))
            .map(|n| {
                n.descendants()
                    .filter(|t| t.is_text())
                    .map(|t| t.text().unwrap())
                    .collect()
            })
            .collect();
        for text in [
            "Skjemaet kan fyllast ut på skjermen eller skrivast ut.",
            "Ring 112 hvis barnet er i fare nå.",
            "Barnets navn (må fyllast ut)",
            "Fornavn og etternavn, slik det står i folkeregisteret.",
            "Fødselsdato",
            "Opplysningene behandles fortrolig.",
            "Du får svar innen én uke.",
            "Stad",
            "Telefon",
            "Annet:",
        ] {
            assert!(
                paragraphs.iter().any(|p| p.trim() == text),
                "{text}: {paragraphs:?}"
            );
        }
        // A table: header row of column titles, then a row per row.
        const TABLE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
        let table = doc
            .descendants()
            .find(|n| n.has_tag_name((TABLE_NS, "table")))
            .unwrap();
        let header = table
            .children()
            .find(|n| n.has_tag_name((TABLE_NS, "table-header-rows")))
            .unwrap();
        assert_eq!(
            header
                .descendants()
                .filter(|n| n.has_tag_name((TABLE_NS, "table-cell")))
                .count(),
            3
        );
        let rows = table
            .children()
            .filter(|n| n.has_tag_name((TABLE_NS, "table-row")))
            .count();
        assert_eq!(rows, 2);
    }

    fn hostile() -> Form {
        let evil = "</text:p><script>alert('x')</script> & \"quoted\" 'single' 👍🏽 שלום عربي \u{0}\u{1}\u{b}\u{1f}\u{fffe}\u{ffff} ]]> <!-- \r\n\ttab";
        let mut form = sample(Lang::Nb);
        form.id = evil.into();
        form.title = evil.into();
        form.intro = vec![evil.into()];
        for section in &mut form.sections {
            section.title = Some(evil.into());
            section.intro = vec![evil.into()];
            for f in &mut section.fields {
                f.id = format!("{}{evil}", f.id);
                f.label = evil.into();
                f.help = Some(evil.into());
                match &mut f.kind {
                    FieldKind::Checkboxes { options, other } => {
                        *options = vec![evil.into(), evil.into()];
                        *other = Some(evil.into());
                    }
                    FieldKind::Table { columns, .. } => *columns = vec![evil.into(), evil.into()],
                    FieldKind::Signature { signers } => *signers = vec![evil.into()],
                    _ => {}
                }
            }
        }
        form
    }

    #[test]
    fn hostile_text_stays_text() {
        let (_, files) = unzip(&write_odt(&hostile()));
        for (name, text) in &files {
            if name.ends_with(".xml") {
                parse(text);
            }
            assert!(!text.contains("<script>"), "{name}");
        }
        let doc = parse(&files["content.xml"]);
        let kept = "</text:p><script>alert('x')</script> & \"quoted\" 'single' 👍🏽 שלום عربي";
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name((TEXT_NS, "h")))
            .unwrap();
        assert!(
            title.text().unwrap().starts_with(kept),
            "{:?}",
            title.text()
        );
        let controls = controls(&files["content.xml"]);
        assert!(!controls.is_empty());
        for (name, control) in &controls {
            assert!(name.contains(kept), "{name}");
            assert!(control.properties["HelpText"].starts_with(kept));
        }
        let meta = parse(&files["meta.xml"]);
        let title = meta
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .unwrap();
        assert!(title.text().unwrap().starts_with(kept));
        // Characters XML cannot hold are gone.
        for text in files.values() {
            assert!(!text.contains(['\u{0}', '\u{1}', '\u{b}', '\u{1f}', '\u{fffe}', '\u{ffff}']));
        }
    }

    #[test]
    fn odd_forms_do_not_panic() {
        let empty = Form {
            id: String::new(),
            lang: Lang::Nn,
            title: String::new(),
            intro: vec![],
            sections: vec![],
        };
        let (_, files) = unzip(&write_odt(&empty));
        let content = parse(&files["content.xml"]);
        assert!(!content
            .descendants()
            .any(|n| n.has_tag_name((FORM_NS, "form"))));

        let mut odd = sample(Lang::Nb);
        odd.sections.push(FormSection {
            title: None,
            intro: vec![],
            fields: vec![],
        });
        odd.sections.push(FormSection {
            title: Some(String::new()),
            intro: vec![String::new(), "\n\n\n".into()],
            fields: vec![
                field(
                    "t0",
                    "",
                    false,
                    FieldKind::Table {
                        columns: vec![],
                        rows: 3,
                        widths: Vec::new(),
                    },
                ),
                field(
                    "t1",
                    "",
                    false,
                    FieldKind::Table {
                        columns: vec!["A".into()],
                        rows: 0,
                        widths: Vec::new(),
                    },
                ),
                field(
                    "t2",
                    "",
                    false,
                    FieldKind::Table {
                        columns: vec![String::new()],
                        rows: u32::MAX,
                        widths: Vec::new(),
                    },
                ),
                field("l0", "", false, FieldKind::LongText { lines: 0 }),
                field("l1", "", false, FieldKind::LongText { lines: u32::MAX }),
                field(
                    "c0",
                    "",
                    false,
                    FieldKind::Checkboxes {
                        options: vec![],
                        other: None,
                    },
                ),
                field("s0", "", false, FieldKind::Signature { signers: vec![] }),
                field(
                    "s1",
                    "",
                    false,
                    FieldKind::Signature {
                        signers: vec![String::new()],
                    },
                ),
                field("f0", "", false, FieldKind::Fixed),
            ],
        });
        let (_, files) = unzip(&write_odt(&odd));
        let found = controls(&files["content.xml"]);
        let names: BTreeSet<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains("t2.r500c1"));
        assert!(!names.contains("t2.r501c1"));
        assert!(names.contains("s1.1.name"));
        assert!(!names
            .iter()
            .any(|n| n.starts_with("t1.") || n.starts_with("t0.")));
        for (name, c) in &found {
            assert!(!c.properties["HelpText"].trim().is_empty(), "{name}");
        }

        let many = Form {
            sections: vec![FormSection {
                title: Some("Mange".into()),
                intro: vec![],
                fields: (0..200)
                    .map(|i| {
                        field(
                            &format!("f{i}"),
                            &format!("Felt {i}"),
                            i % 2 == 0,
                            FieldKind::Text,
                        )
                    })
                    .collect(),
            }],
            ..empty
        };
        let (_, files) = unzip(&write_odt(&many));
        assert_eq!(controls(&files["content.xml"]).len(), 200);
    }

    fn on_path(program: &str) -> Option<PathBuf> {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    }

    /// LibreOffice opens the files and prints them. It needs LibreOffice, so a plain
    /// `cargo test` lists it as ignored; CI installs libreoffice-writer-nogui and runs it
    /// with `cargo test -- --ignored`, where a missing LibreOffice fails it.
    /// With `VEIVISER_KEEP_ODT_PDF=<folder>` the files and PDFs are kept there, to look at.
    #[test]
    #[ignore = "needs LibreOffice; CI runs it with `cargo test -- --ignored`"]
    fn libreoffice_converts_it_to_pdf() {
        let Some(soffice) = on_path("soffice") else {
            panic!("soffice is not on PATH: `apt install libreoffice-writer-nogui`");
        };
        let dir = tempfile::tempdir().unwrap();
        let forms = [("skjema", sample(Lang::Nb)), ("fiendtlig", hostile())];
        let mut odts = Vec::new();
        for (stem, form) in &forms {
            let odt = dir.path().join(format!("{stem}.odt"));
            std::fs::write(&odt, write_odt(form)).unwrap();
            odts.push(odt);
        }
        // A profile of its own, so a running LibreOffice or a parallel test is no matter.
        let profile = format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        );
        let log = dir.path().join("soffice.log");
        let mut child = Command::new(soffice)
            .arg(profile)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .args(&odts)
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(300);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("soffice did not finish in time");
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        let log = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(status.success(), "soffice: {status}\n{log}");
        let keep = std::env::var_os("VEIVISER_KEEP_ODT_PDF").map(PathBuf::from);
        for (stem, _) in &forms {
            let pdf = dir.path().join(format!("{stem}.pdf"));
            let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
            assert!(size > 0, "no PDF from soffice for {stem}.odt\n{log}");
            if let Some(keep) = &keep {
                std::fs::create_dir_all(keep).unwrap();
                for ext in ["odt", "pdf"] {
                    let name = format!("{stem}.{ext}");
                    std::fs::copy(dir.path().join(&name), keep.join(&name)).unwrap();
                }
            }
        }
    }
}
