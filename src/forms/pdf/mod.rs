//! The fillable PDF version of a form: A4, set like a paper form in DejaVu Sans (a
//! subset embedded, so every letter of Norwegian and the Sámi languages, and names
//! in other scripts, come out as written), an AcroForm field for every blank, and
//! tagged so screen readers and the tab key follow the form's order.
//!
//! The same form always gives the same bytes: no dates, no random ids.
//!
//! Layout comes first, into pages of content, a list of widgets and a structure tree
//! held in memory; writing comes last, when the page count ("Side 1 av 3") is known.
//!
//! Text on the pages is glyph ids of the embedded font (Identity-H) with a ToUnicode
//! map; right-to-left text in visual order, as readers expect it.
//! Names, tooltips and the title live in text strings, which take any Unicode.
//!
//! Field names are the shared ones from `forms` (`<id>`, `<id>.<n>`,
//! `<id>.r<row>c<col>`, ...). A PDF partial field name may not contain a period, so
//! a dotted name becomes a small field hierarchy whose fully qualified name is the
//! shared name: `<id>` is a parent field (tooltip: the label) with kids `1`, `2`, ...
//!
//! Where things happen:
//! - `layout/`: the form set onto pages, in memory: page flow and footers, each
//!   field kind, tables, signature blocks, and the tags and widgets it records.
//! - `write/`: the PDF objects written from the layout: catalog, fonts and pages,
//!   the AcroForm fields with their appearances, the structure tree.
//! - `text.rs` (line breaking), `fonts.rs` (the faces, shaping and widths): what
//!   layout measures text with; `draw.rs` shows shaped text on a page; `embed.rs`
//!   writes the font subsets (cached per glyph set).

mod draw;
mod embed;
mod fonts;
mod layout;
mod text;
mod write;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::ByDefinition;
use crate::model::Form;

// ---------------------------------------------------------------------------------
// Page geometry (points), shared by layout, writing and the tests.

const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const LEFT: f32 = MARGIN;
const RIGHT: f32 = PAGE_W - MARGIN;
const WIDTH: f32 = RIGHT - LEFT;
const TOP: f32 = PAGE_H - MARGIN;
const BOTTOM: f32 = MARGIN;
const CONTENT_H: f32 = TOP - BOTTOM;
/// Baseline of the page number line, inside the bottom margin.
const FOOTER_Y: f32 = 30.0;

/// Border of boxes and table cells: drawn on the page for table headings, and in
/// the widgets' appearances for the boxes, so both look the same.
const BORDER_GRAY: f32 = 0.3;
const BORDER_W: f32 = 0.75;

/// The form as a fillable, tagged A4 PDF.
pub fn write_pdf(form: &Form) -> Vec<u8> {
    write_pdf_with(form, &SHARED)
}

/// The part of a form's file that is the same on every site, by definition (the
/// form but for its title) and the title's line count, for the process: a library
/// form's body is laid out and written once, not once per site.
type SharedParts = ByDefinition<Mutex<BTreeMap<usize, Arc<write::Shared>>>>;
static SHARED: SharedParts = ByDefinition::new();

/// Let go of the shared parts of the definitions not in `keep` (see
/// [`super::keep_only`]).
pub(super) fn keep_only(keep: &[&Form]) {
    SHARED.keep_only(keep);
}

/// `write_pdf` with the shared parts kept in `cache`. What a cache holds is a
/// function of the form without its title and of the title's line count, so the
/// file is the same whether its part was made for it or for another site.
fn write_pdf_with(form: &Form, cache: &SharedParts) -> Vec<u8> {
    let title = layout::lay_out_title(form);
    let by_lines = cache.get_or_make(form, || Mutex::new(BTreeMap::new()));
    let kept = by_lines
        .lock()
        .ok()
        .and_then(|kept| kept.get(&title.lines).cloned());
    let shared = kept.unwrap_or_else(|| {
        let body = layout::lay_out_body(form, &title);
        let made = Arc::new(write::write_shared(body, title.layout.pages.len()));
        if let Ok(mut kept) = by_lines.lock() {
            kept.insert(title.lines, Arc::clone(&made));
        }
        made
    });
    let footers = layout::footers(form, shared.page_count());
    let mut pdf = write::write_site(form, &shared, title, footers);
    // `serve` keeps every site's forms: a buffer grown by doubling would hold up to
    // twice the file (60 MB of 140 for the PDFs of 357 municipalities).
    pdf.shrink_to_fit();
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldKind, FormField, FormSection, Lang};
    use lopdf::content::Content as PageContent;
    use lopdf::{decode_text_string, Dictionary, Document, Object, ObjectId};
    use std::collections::HashMap;

    fn field(id: &str, label: &str, kind: FieldKind) -> FormField {
        FormField {
            id: id.into(),
            label: label.into(),
            help: None,
            required: false,
            kind,
        }
    }

    fn sample(lang: Lang) -> Form {
        let nn = lang == Lang::Nn;
        let mut name = field("navn", "Barnets navn", FieldKind::Text);
        name.required = true;
        let mut fnr = field("fnr", "Fødselsnummer", FieldKind::Fnr);
        fnr.required = true;
        let mut date = field("dato", "Dato for møtet", FieldKind::Date);
        date.help = Some("Skriv datoen møtet ble holdt.".into());
        let mut worry = field(
            "bekymring",
            "Hva er du bekymret for?",
            FieldKind::LongText { lines: 5 },
        );
        worry.help = Some(
            "Beskriv det du har sett og hørt, så konkret som mulig. Skriv ikke mer enn du trenger."
                .into(),
        );
        let mut signature = field(
            "underskrift",
            "Underskrifter",
            FieldKind::Signature {
                signers: vec!["Foresatt 1".into(), "Foresatt 2".into()],
            },
        );
        signature.required = true;
        Form {
            id: "samtykke".into(),
            lang,
            title: if nn { "Samtykke til samarbeid – æøå".into() } else { "Samtykke til samarbeid – ÆØÅ".into() },
            intro: vec![
                "Dette skjemaet brukes når flere tjenester skal samarbeide rundt et barn. Foresatte \
                 må samtykke før opplysninger deles mellom tjenestene, og samtykket kan trekkes tilbake."
                    .into(),
                "Kryss av for de tjenestene som kan samarbeide.".into(),
            ],
            sections: vec![
                FormSection {
                    title: Some("Om barnet".into()),
                    intro: vec![],
                    fields: vec![name, fnr, date, worry],
                },
                FormSection {
                    title: Some("Samtykke".into()),
                    intro: vec!["Les dette før du krysser av.".into()],
                    fields: vec![
                        field("samtykke", "Samtykker foresatte?", FieldKind::YesNo),
                        field(
                            "tjenester",
                            "Hvilke tjenester?",
                            FieldKind::Checkboxes {
                                options: vec!["Skole".into(), "Helsestasjon".into(), "Barnevern".into()],
                                other: Some("Annet".into()),
                            },
                        ),
                        field(
                            "info",
                            "Samtykket kan trekkes tilbake når som helst.\n\nDet gjelder i ett år fra det er gitt.",
                            FieldKind::Fixed,
                        ),
                        field(
                            "tiltak",
                            "Tiltak",
                            FieldKind::Table {
                                columns: vec!["Nr.".into(), "Tiltak".into(), "Ansvarlig".into(), "Frist".into()],
                                rows: 3,
                                widths: Vec::new(),
                            },
                        ),
                        signature,
                    ],
                },
            ],
        }
    }

    /// (name, field type, tooltip) of every field of `sample`, in order.
    fn expected(lang: Lang) -> Vec<(String, &'static str, String)> {
        let place = if lang == Lang::Nn { "Stad" } else { "Sted" };
        let mut out: Vec<(String, &'static str, String)> = vec![
            ("navn".into(), "Tx", "Barnets navn".into()),
            ("fnr".into(), "Tx", "Fødselsnummer".into()),
            ("dato".into(), "Tx", "Dato for møtet (dd.mm.åååå)".into()),
            ("bekymring".into(), "Tx", "Hva er du bekymret for?".into()),
            // One radio group, two buttons: each its widget, named by the group.
            ("samtykke".into(), "Btn", "Samtykker foresatte?: Ja".into()),
            ("samtykke".into(), "Btn", "Samtykker foresatte?: Nei".into()),
            (
                "tjenester.1".into(),
                "Btn",
                "Hvilke tjenester?: Skole".into(),
            ),
            (
                "tjenester.2".into(),
                "Btn",
                "Hvilke tjenester?: Helsestasjon".into(),
            ),
            (
                "tjenester.3".into(),
                "Btn",
                "Hvilke tjenester?: Barnevern".into(),
            ),
            (
                "tjenester.other".into(),
                "Tx",
                "Hvilke tjenester?: Annet".into(),
            ),
        ];
        for row in 1..=3 {
            for (col, heading) in ["Nr.", "Tiltak", "Ansvarlig", "Frist"].iter().enumerate() {
                out.push((
                    format!("tiltak.r{row}c{}", col + 1),
                    "Tx",
                    format!("{heading} rad {row}"),
                ));
            }
        }
        for n in 1..=2 {
            for (part, word) in [("place", place), ("date", "Dato"), ("name", "Underskrift")] {
                out.push((
                    format!("underskrift.{n}.{part}"),
                    "Tx",
                    format!("Foresatt {n}: {word}"),
                ));
            }
        }
        out
    }

    #[test]
    fn the_file_comes_without_spare_room() {
        // serve keeps every site's forms in memory for as long as it runs.
        let pdf = write_pdf(&sample(Lang::Nb));
        assert_eq!(pdf.capacity(), pdf.len());
    }

    #[test]
    fn a_file_is_the_same_whichever_site_made_its_shared_part() {
        // A library form on several sites: titles of one, two and (longer than a
        // page) many lines. Each file is the same as one made with nothing kept,
        // whichever site's form made the part they share.
        let titled = |title: String| Form {
            title,
            ..sample(Lang::Nb)
        };
        let one = titled("Samtykke – Bø kommune".into());
        let other = titled("Samtykke – Øvre Eiker kommune (kopi 7)".into());
        let two = titled(format!("Samtykke – {}", "Langt navn kommune ".repeat(4)));
        let many = titled("Samtykke til samarbeid i kommunen ".repeat(120));
        let cache = SharedParts::new();
        for form in [&other, &one, &two, &many, &one, &many, &other, &two] {
            let alone = write_pdf_with(form, &SharedParts::new());
            assert!(write_pdf_with(form, &cache) == alone, "{}", form.title);
            parse(&alone);
        }
        assert_ne!(
            write_pdf(&one),
            write_pdf(&other),
            "each site its own title"
        );
        // One shared part per line count of the title.
        let kept = cache.get_or_make(&one, || Mutex::new(BTreeMap::new()));
        let line_counts: Vec<usize> = kept.lock().map(|k| k.keys().copied().collect()).unwrap();
        assert_eq!(line_counts.len(), 3, "{line_counts:?}");
        assert!(line_counts.iter().any(|&n| n > 31), "a title over a page");
    }

    #[test]
    fn the_title_and_footers_are_on_their_pages() {
        // The title's own content on the first page, before the rest; each page's
        // footer after it, with the title and the page number.
        let mut form = sample(Lang::Nb);
        form.title = "Samtykke – Aanaar kommune".into();
        let doc = parse(&write_pdf(&form));
        let pages = doc.get_pages();
        assert!(pages.len() >= 2);
        for (n, id) in &pages {
            let contents = doc
                .get_dictionary(*id)
                .and_then(|page| page.get(b"Contents"))
                .and_then(Object::as_array)
                .expect("an array of content streams");
            assert_eq!(contents.len(), if *n == 1 { 3 } else { 2 }, "page {n}");
            let text = doc.extract_text(&[*n]).expect("text");
            assert!(
                text.contains(&format!("Side {n} av {}", pages.len())),
                "{text}"
            );
            assert!(text.contains("Aanaar kommune"), "page {n}: {text}");
            if *n == 1 {
                assert!(
                    text.trim_start().starts_with("Samtykke – Aanaar kommune"),
                    "{text}"
                );
            }
        }
    }

    fn parse(bytes: &[u8]) -> Document {
        Document::load_mem(bytes).expect("lopdf reads the PDF")
    }

    fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
        doc.dereference(obj).expect("reference resolves").1
    }

    fn dict<'a>(doc: &'a Document, obj: &'a Object) -> &'a Dictionary {
        deref(doc, obj).as_dict().expect("a dictionary")
    }

    fn text(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
        d.get(key)
            .ok()
            .map(|o| decode_text_string(deref(doc, o)).expect("a text string"))
    }

    fn acro_form(doc: &Document) -> &Dictionary {
        dict(
            doc,
            doc.catalog()
                .unwrap()
                .get(b"AcroForm")
                .expect("an AcroForm"),
        )
    }

    /// Terminal fields: fully qualified name, object id and field dictionary.
    fn fields(doc: &Document) -> Vec<(String, ObjectId, &Dictionary)> {
        fn walk<'a>(
            doc: &'a Document,
            kids: &'a [Object],
            prefix: &str,
            out: &mut Vec<(String, ObjectId, &'a Dictionary)>,
        ) {
            for kid in kids {
                let id = kid.as_reference().expect("fields are indirect");
                let d = doc.get_dictionary(id).unwrap();
                // A kid without /T is a widget of its parent field (a radio button).
                let name = match text(doc, d, b"T") {
                    None => prefix.to_string(),
                    Some(partial) if prefix.is_empty() => partial,
                    Some(partial) => format!("{prefix}.{partial}"),
                };
                match d.get(b"Kids") {
                    Ok(kids) => walk(doc, deref(doc, kids).as_array().unwrap(), &name, out),
                    Err(_) => out.push((name, id, d)),
                }
            }
        }
        let mut out = Vec::new();
        let roots = deref(doc, acro_form(doc).get(b"Fields").unwrap())
            .as_array()
            .unwrap();
        walk(doc, roots, "", &mut out);
        out
    }

    /// A field's type, inherited from its parent where the widget has none.
    fn field_type<'a>(doc: &'a Document, d: &'a Dictionary) -> &'a [u8] {
        match d.get(b"FT") {
            Ok(ft) => ft.as_name().unwrap(),
            Err(_) => field_type(doc, dict(doc, d.get(b"Parent").expect("a parent"))),
        }
    }

    fn name<'a>(d: &'a Dictionary, key: &[u8]) -> &'a [u8] {
        d.get(key).and_then(Object::as_name).unwrap_or(b"")
    }

    fn flags(d: &Dictionary) -> i64 {
        d.get(b"Ff").and_then(Object::as_i64).unwrap_or(0)
    }

    /// The ToUnicode map of a font: two-byte code → text.
    fn to_unicode(doc: &Document, font: &Dictionary) -> HashMap<u16, String> {
        let stream = deref(doc, font.get(b"ToUnicode").expect("a ToUnicode map"))
            .as_stream()
            .expect("a stream");
        let content = stream.decompressed_content().expect("the map inflates");
        let cmap = String::from_utf8_lossy(&content).to_string();
        let mut out = HashMap::new();
        for section in cmap.split("beginbfchar").skip(1) {
            let body = section.split("endbfchar").next().unwrap();
            let hex: Vec<&str> = body
                .split(['<', '>'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            for pair in hex.chunks(2) {
                let code = u16::from_str_radix(pair[0], 16).unwrap();
                let units: Vec<u16> = (0..pair[1].len() / 4)
                    .map(|i| u16::from_str_radix(&pair[1][i * 4..i * 4 + 4], 16).unwrap())
                    .collect();
                out.insert(code, String::from_utf16(&units).unwrap());
            }
        }
        out
    }

    /// Each page's text, read back through the fonts' ToUnicode maps; shown
    /// strings are separated by `|`.
    fn page_texts(doc: &Document) -> Vec<String> {
        doc.get_pages()
            .values()
            .map(|&id| {
                let (resources, _) = doc.get_page_resources(id).unwrap();
                let fonts = dict(doc, resources.unwrap().get(b"Font").unwrap());
                let maps: HashMap<Vec<u8>, HashMap<u16, String>> = fonts
                    .iter()
                    .map(|(name, font)| (name.clone(), to_unicode(doc, dict(doc, font))))
                    .collect();
                let content =
                    PageContent::decode(&doc.get_page_content(id)).expect("page content parses");
                let mut out = String::new();
                let mut map = None;
                let decode = |bytes: &[u8], map: &HashMap<u16, String>, out: &mut String| {
                    for code in bytes.chunks(2) {
                        let code = u16::from_be_bytes([code[0], code[1]]);
                        out.push_str(map.get(&code).map_or("\u{FFFD}", String::as_str));
                    }
                };
                for op in content.operations {
                    match op.operator.as_str() {
                        "Tf" => map = maps.get(op.operands[0].as_name().unwrap()),
                        "Tj" => {
                            decode(op.operands[0].as_str().unwrap(), map.unwrap(), &mut out);
                            out.push('|');
                        }
                        "TJ" => {
                            for item in op.operands[0].as_array().unwrap() {
                                if let Ok(bytes) = item.as_str() {
                                    decode(bytes, map.unwrap(), &mut out);
                                }
                            }
                            out.push('|');
                        }
                        _ => {}
                    }
                }
                out
            })
            .collect()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn fields_have_the_shared_names_types_and_tooltips() {
        for lang in [Lang::Nb, Lang::Nn] {
            let doc = parse(&write_pdf(&sample(lang)));
            let found = fields(&doc);
            let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
            let expected = expected(lang);
            let expected_names: Vec<&str> = expected.iter().map(|(n, _, _)| n.as_str()).collect();
            assert_eq!(names, expected_names);
            for ((field, _, d), (_, ft, tooltip)) in found.iter().zip(&expected) {
                assert_eq!(field_type(&doc, d), ft.as_bytes(), "/FT of {field}");
                assert_eq!(
                    text(&doc, d, b"TU").as_deref(),
                    Some(tooltip.as_str()),
                    "/TU of {field}"
                );
                assert_eq!(name(d, b"Subtype"), b"Widget", "{field} is a widget");
                assert!(d.get(b"AP").is_ok(), "{field} has an appearance");
                assert!(d.get(b"Rect").is_ok(), "{field} has a box");
                if *ft == "Tx" {
                    assert!(
                        text(&doc, d, b"DA").unwrap().contains("/DV 10 Tf"),
                        "/DA of {field}"
                    );
                }
            }
            let by_name = |n: &str| found.iter().find(|(name, _, _)| name == n).unwrap().2;
            assert_eq!(
                flags(by_name("bekymring")) & 4096,
                4096,
                "long text is multi-line"
            );
            assert_eq!(flags(by_name("navn")) & 4096, 0, "short text is one line");
            assert_eq!(flags(by_name("navn")) & 2, 2, "required");
            assert_eq!(flags(by_name("dato")) & 2, 0, "not required");
            assert_eq!(by_name("fnr").get(b"MaxLen").unwrap().as_i64().unwrap(), 11);
            assert!(by_name("navn").get(b"MaxLen").is_err());

            // Checkboxes: on and off appearances, off to begin with.
            let check = by_name("tjenester.2");
            let ap = dict(&doc, check.get(b"AP").unwrap());
            let normal = dict(&doc, ap.get(b"N").unwrap());
            assert!(normal.get(b"Yes").is_ok() && normal.get(b"Off").is_ok());
            assert_eq!(name(check, b"AS"), b"Off");
            assert_eq!(name(check, b"V"), b"Off");

            // Yes/no: one radio group named by the field's id, value `yes` or `no`.
            let buttons: Vec<&Dictionary> = found
                .iter()
                .filter(|(n, _, _)| n == "samtykke")
                .map(|(_, _, d)| *d)
                .collect();
            assert_eq!(buttons.len(), 2);
            let group = dict(&doc, buttons[0].get(b"Parent").unwrap());
            assert_eq!(text(&doc, group, b"T").as_deref(), Some("samtykke"));
            assert_eq!(
                text(&doc, group, b"TU").as_deref(),
                Some("Samtykker foresatte?")
            );
            assert_eq!(flags(group) & (1 << 15), 1 << 15, "a radio group");
            assert_eq!(flags(group) & (1 << 14), 1 << 14, "no toggle to off");
            assert_eq!(name(group, b"V"), b"Off");
            for (button, value) in buttons.iter().zip([&b"yes"[..], b"no"]) {
                assert!(button.get(b"T").is_err(), "a widget, not a field");
                let ap = dict(&doc, button.get(b"AP").unwrap());
                let states = dict(&doc, ap.get(b"N").unwrap());
                assert!(states.get(value).is_ok() && states.get(b"Off").is_ok());
                assert_eq!(name(button, b"AS"), b"Off");
            }

            // Parent fields name the group.
            let roots = deref(&doc, acro_form(&doc).get(b"Fields").unwrap())
                .as_array()
                .unwrap();
            let group = roots
                .iter()
                .map(|r| dict(&doc, r))
                .find(|d| text(&doc, d, b"T").as_deref() == Some("tjenester"))
                .unwrap();
            assert_eq!(
                text(&doc, group, b"TU").as_deref(),
                Some("Hvilke tjenester?")
            );
        }
    }

    #[test]
    fn acro_form_needs_appearances_and_has_fonts() {
        let doc = parse(&write_pdf(&sample(Lang::Nb)));
        let acro = acro_form(&doc);
        assert!(acro.get(b"NeedAppearances").unwrap().as_bool().unwrap());
        let dr = dict(&doc, acro.get(b"DR").unwrap());
        let fonts = dict(&doc, dr.get(b"Font").unwrap());
        let text_font = dict(&doc, fonts.get(b"DV").unwrap());
        assert_eq!(name(text_font, b"Subtype"), b"Type0");
        assert!(name(text_font, b"BaseFont").ends_with(b"+DejaVuSans"));
        assert_eq!(
            name(dict(&doc, fonts.get(b"ZaDb").unwrap()), b"BaseFont"),
            b"ZapfDingbats"
        );
        assert_eq!(name(text_font, b"Encoding"), b"Identity-H");
        // What people type into a field has its glyphs in the field's font: the
        // Sámi letters among them.
        let typed = to_unicode(&doc, text_font);
        for c in "ŋŧđžčšáǥǧǩǯʒ".chars() {
            assert!(typed.values().any(|t| t == &c.to_string()), "{c}");
        }
    }

    #[test]
    fn document_is_tagged_with_language_and_title() {
        for (lang, code) in [(Lang::Nb, "nb-NO"), (Lang::Nn, "nn-NO")] {
            let form = sample(lang);
            let bytes = write_pdf(&form);
            let doc = parse(&bytes);
            let catalog = doc.catalog().unwrap();
            assert_eq!(text(&doc, catalog, b"Lang").as_deref(), Some(code));
            let mark = dict(&doc, catalog.get(b"MarkInfo").unwrap());
            assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
            let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
            assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
            let root = dict(&doc, catalog.get(b"StructTreeRoot").unwrap());
            assert_eq!(name(root, b"Type"), b"StructTreeRoot");

            let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
            assert_eq!(
                text(&doc, info, b"Title").as_deref(),
                Some(form.title.as_str())
            );
            // Non-ASCII title: UTF-16BE with a byte order mark.
            assert!(deref(&doc, info.get(b"Title").unwrap())
                .as_str()
                .unwrap()
                .starts_with(&[0xFE, 0xFF]));
            assert!(info.get(b"CreationDate").is_err() && info.get(b"ModDate").is_err());
            assert!(!contains(&bytes, b"CreationDate") && !contains(&bytes, b"ModDate"));

            for (_, &page) in doc.get_pages().iter() {
                let page = doc.get_dictionary(page).unwrap();
                assert_eq!(name(page, b"Tabs"), b"S");
                let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
                assert!((media[2].as_float().unwrap() - 595.276).abs() < 0.01);
                assert!((media[3].as_float().unwrap() - 841.89).abs() < 0.01);
            }
        }
    }

    /// The roles of a structure element's element kids.
    fn kid_roles(doc: &Document, elem: &Dictionary) -> Vec<Vec<u8>> {
        let kids = match elem.get(b"K") {
            Ok(k) => match deref(doc, k) {
                Object::Array(a) => a.clone(),
                other => vec![other.clone()],
            },
            Err(_) => Vec::new(),
        };
        kids.iter()
            .filter_map(|k| k.as_reference().ok())
            .filter_map(|id| doc.get_dictionary(id).ok())
            .filter(|d| d.get(b"S").is_ok())
            .map(|d| name(d, b"S").to_vec())
            .collect()
    }

    #[test]
    fn structure_tree_holds_headings_paragraphs_and_every_widget() {
        let doc = parse(&write_pdf(&sample(Lang::Nb)));
        let catalog = doc.catalog().unwrap();
        let root = dict(&doc, catalog.get(b"StructTreeRoot").unwrap());
        let document = dict(&doc, root.get(b"K").unwrap());
        assert_eq!(name(document, b"S"), b"Document");
        let roles = kid_roles(&doc, document);
        assert_eq!(roles.first().map(Vec::as_slice), Some(&b"H1"[..]));
        for role in [&b"P"[..], b"H2", b"Form", b"Table"] {
            assert!(
                roles.iter().any(|r| r == role),
                "Document holds {}",
                String::from_utf8_lossy(role)
            );
        }
        assert_eq!(roles.iter().filter(|r| r.as_slice() == b"H2").count(), 2);

        // Every widget's /StructParent leads, through the parent tree, to a Form
        // element whose object reference is that widget.
        let tree = dict(&doc, root.get(b"ParentTree").unwrap());
        let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
        let lookup = |key: i64| {
            nums.chunks(2)
                .find(|pair| pair[0].as_i64().unwrap() == key)
                .map(|pair| pair[1].clone())
                .unwrap()
        };
        let found = fields(&doc);
        assert!(!found.is_empty());
        for (field_name, id, widget) in found {
            let key = widget.get(b"StructParent").unwrap().as_i64().unwrap();
            let elem = doc
                .get_dictionary(lookup(key).as_reference().unwrap())
                .unwrap();
            assert_eq!(name(elem, b"S"), b"Form", "{field_name}");
            let kids = match deref(&doc, elem.get(b"K").unwrap()) {
                Object::Array(a) => a.clone(),
                other => vec![other.clone()],
            };
            let objr = kids
                .iter()
                .filter_map(|k| k.as_dict().ok())
                .find(|d| name(d, b"Type") == b"OBJR")
                .unwrap_or_else(|| panic!("{field_name} has an OBJR"));
            assert_eq!(objr.get(b"Obj").unwrap().as_reference().unwrap(), id);
        }

        // Page content is marked: BDC with MCIDs, and as many EMC as BDC/BMC.
        for (_, &page) in doc.get_pages().iter() {
            let ops = PageContent::decode(&doc.get_page_content(page))
                .unwrap()
                .operations;
            let open = ops
                .iter()
                .filter(|o| o.operator == "BDC" || o.operator == "BMC")
                .count();
            let close = ops.iter().filter(|o| o.operator == "EMC").count();
            assert!(open > 0);
            assert_eq!(open, close);
        }
    }

    #[test]
    fn same_form_gives_the_same_bytes() {
        let form = sample(Lang::Nb);
        let a = write_pdf(&form);
        let b = write_pdf(&form);
        assert!(a.starts_with(b"%PDF-1.7"));
        assert_eq!(a, b);
        let mut other = form.clone();
        other.title.push('!');
        assert_ne!(a, write_pdf(&other));
    }

    #[test]
    fn page_text_reads_back_with_page_numbers() {
        let doc = parse(&write_pdf(&sample(Lang::Nb)));
        let pages = page_texts(&doc);
        let count = pages.len();
        assert!(count >= 1);
        let all: String = pages.concat();
        assert!(all.contains("Samtykke til samarbeid – ÆØÅ"));
        assert!(all.contains("Fødselsnummer"));
        assert!(all.contains(" (må fylles ut)"));
        assert!(all.contains("Nr."));
        for (i, page) in pages.iter().enumerate() {
            assert!(page.contains(&format!("Side {} av {count}", i + 1)));
        }
    }

    fn hostile_text() -> String {
        "Navn) (ukjent \\ </text:p><script>alert(1)</script> 😀👩\u{200D}👧 مرحبا שלום (".into()
    }

    #[test]
    fn hostile_labels_cannot_break_the_file() {
        let evil = hostile_text();
        let mut form = sample(Lang::Nb);
        form.title = evil.clone();
        form.intro.push(evil.clone());
        form.sections[0].title = Some(evil.clone());
        form.sections[0].fields[0].label = evil.clone();
        form.sections[0].fields[0].help = Some(evil.clone());
        form.sections[1].fields[1].kind = FieldKind::Checkboxes {
            options: vec![evil.clone()],
            other: Some(evil.clone()),
        };
        form.sections[1].fields[3].kind = FieldKind::Table {
            columns: vec![evil.clone()],
            rows: 1,
            widths: Vec::new(),
        };
        form.sections[1].fields[4].kind = FieldKind::Signature {
            signers: vec![evil.clone()],
        };
        let doc = parse(&write_pdf(&form));

        let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
        assert_eq!(text(&doc, info, b"Title").as_deref(), Some(evil.as_str()));
        let found = fields(&doc);
        let tooltip = |n: &str| {
            let d = found
                .iter()
                .find(|(name, _, _)| name == n)
                .unwrap_or_else(|| panic!("{n}"))
                .2;
            text(&doc, d, b"TU").unwrap()
        };
        assert_eq!(tooltip("navn"), evil);
        assert_eq!(tooltip("tjenester.1"), format!("Hvilke tjenester?: {evil}"));
        assert_eq!(
            tooltip("tjenester.other"),
            format!("Hvilke tjenester?: {evil}")
        );
        assert_eq!(tooltip("tiltak.r1c1"), format!("{evil} rad 1"));
        assert_eq!(tooltip("underskrift.1.date"), format!("{evil}: Dato"));

        // On the page: parentheses and backslash intact, the Hebrew in visual
        // order (right to left) as readers expect it.
        let all = page_texts(&doc).concat();
        assert!(all.contains("Navn) (ukjent \\ </text:p><script>alert(1)</script>"));
        assert!(all.contains("םולש"));
        // A letter the font lacks, in left-to-right text: the text goes beside it.
        form.sections[0].fields[0].label = "Navn 漢".into();
        let bytes = write_pdf(&form);
        assert!(contains(&bytes, b"/ActualText"));
    }

    #[test]
    fn empty_form_is_one_valid_page() {
        let form = Form {
            id: String::new(),
            lang: Lang::Nn,
            title: String::new(),
            intro: vec![],
            sections: vec![],
        };
        let bytes = write_pdf(&form);
        let doc = parse(&bytes);
        assert_eq!(doc.get_pages().len(), 1);
        assert!(fields(&doc).is_empty());
        assert_eq!(bytes, write_pdf(&form));
    }

    #[test]
    fn odd_fields_do_not_panic() {
        let long_word = "Ø".repeat(3000);
        let long_label = "Dette er en svært lang ledetekst. ".repeat(300);
        let form = Form {
            id: "rart".into(),
            lang: Lang::Nb,
            title: long_word.clone(),
            intro: vec![long_label.clone(), String::new(), "\n\n\n".into()],
            sections: vec![
                FormSection {
                    title: None,
                    intro: vec![],
                    fields: vec![],
                },
                FormSection {
                    title: Some(long_label.clone()),
                    intro: vec![],
                    fields: vec![
                        field(
                            "a",
                            "",
                            FieldKind::Table {
                                columns: vec![],
                                rows: 5,
                                widths: Vec::new(),
                            },
                        ),
                        field(
                            "b",
                            "Ingen rader",
                            FieldKind::Table {
                                columns: vec!["Nr.".into(), "Navn".into()],
                                rows: 0,
                                widths: Vec::new(),
                            },
                        ),
                        field(
                            "c",
                            "Mange kolonner",
                            FieldKind::Table {
                                columns: (1..=40).map(|i| format!("Kolonne {i}")).collect(),
                                rows: 2,
                                widths: Vec::new(),
                            },
                        ),
                        field(
                            "d",
                            &long_word,
                            FieldKind::Table {
                                columns: vec![long_word.clone()],
                                rows: 2,
                                widths: Vec::new(),
                            },
                        ),
                        field("e", &long_label, FieldKind::LongText { lines: 100_000 }),
                        field("f", "Null linjer", FieldKind::LongText { lines: 0 }),
                        field(
                            "g",
                            &long_word,
                            FieldKind::Checkboxes {
                                options: vec![long_label.clone(), String::new()],
                                other: Some(long_word.clone()),
                            },
                        ),
                        field(
                            "h",
                            "",
                            FieldKind::Checkboxes {
                                options: vec![],
                                other: None,
                            },
                        ),
                        field("i", "Ingen", FieldKind::Signature { signers: vec![] }),
                        field(
                            "j",
                            "Tom",
                            FieldKind::Signature {
                                signers: vec![String::new()],
                            },
                        ),
                        field("", "", FieldKind::Text),
                        field("k..", "Rare navn", FieldKind::Text),
                        field("k", "Samme prefiks", FieldKind::YesNo),
                        field("k.yes", "Kolliderer", FieldKind::Text),
                        field("x", &long_label, FieldKind::Fixed),
                        field("y", "", FieldKind::Fixed),
                        field(
                            "z",
                            "Stor tabell",
                            FieldKind::Table {
                                columns: vec!["Nr.".into(), "Tiltak".into()],
                                rows: u32::MAX,
                                widths: Vec::new(),
                            },
                        ),
                    ],
                },
            ],
        };
        let bytes = write_pdf(&form);
        let doc = parse(&bytes);
        assert!(doc.get_pages().len() > 5);
        let found = fields(&doc);
        assert!(found.iter().any(|(n, _, _)| n == "c.r2c40"));
        assert!(found.iter().any(|(n, _, _)| n == "z.r1000c2"));
        assert!(!found.iter().any(|(n, _, _)| n.starts_with("a.")));
        // Colliding names stay whole rather than vanish.
        assert_eq!(found.iter().filter(|(n, _, _)| n == "k.yes").count(), 1);
        assert_eq!(found.iter().filter(|(n, _, _)| n == "k").count(), 2);
        assert!(found.iter().any(|(n, _, _)| n == "k.."));
        page_texts(&doc);
    }

    #[test]
    fn two_hundred_fields_flow_over_pages() {
        let kinds = [
            FieldKind::Text,
            FieldKind::LongText { lines: 3 },
            FieldKind::Date,
            FieldKind::Fnr,
            FieldKind::YesNo,
            FieldKind::Checkboxes {
                options: vec!["En".into(), "To".into()],
                other: Some("Annet".into()),
            },
            FieldKind::Table {
                columns: vec!["Nr.".into(), "Hva".into()],
                rows: 2,
                widths: Vec::new(),
            },
            FieldKind::Signature {
                signers: vec!["Leder".into()],
            },
        ];
        let fields_in: Vec<FormField> = (0..200)
            .map(|i| {
                field(
                    &format!("f{i}"),
                    &format!("Felt nummer {i} med æøå"),
                    kinds[i % kinds.len()].clone(),
                )
            })
            .collect();
        let form = Form {
            id: "stort".into(),
            lang: Lang::Nb,
            title: "Stort skjema".into(),
            intro: vec![],
            sections: vec![FormSection {
                title: Some("Alt".into()),
                intro: vec![],
                fields: fields_in,
            }],
        };
        let doc = parse(&write_pdf(&form));
        let pages = doc.get_pages();
        assert!(pages.len() > 10);
        // 25 of each kind: widgets per kind 1+1+1+1+2+3+4+3.
        assert_eq!(fields(&doc).len(), 25 * 16);
        // No widget leaves the page or crosses the margins.
        for (_, id, widget) in fields(&doc) {
            let rect: Vec<f32> = widget
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect();
            assert!(
                rect[0] >= LEFT - 0.01 && rect[2] <= RIGHT + 0.01,
                "{id:?} {rect:?}"
            );
            assert!(
                rect[1] >= BOTTOM - 0.01 && rect[3] <= TOP + 0.01,
                "{id:?} {rect:?}"
            );
        }
        let texts = page_texts(&doc);
        assert!(texts[texts.len() - 1].contains(&format!(
            "Side {} av {}",
            texts.len(),
            texts.len()
        )));
    }

    #[test]
    fn long_table_repeats_its_heading_on_the_next_page() {
        let form = Form {
            id: "t".into(),
            lang: Lang::Nb,
            title: "Tabell".into(),
            intro: vec![],
            sections: vec![FormSection {
                title: None,
                intro: vec![],
                fields: vec![field(
                    "plan",
                    "Plan",
                    FieldKind::Table {
                        columns: vec!["Nr.".into(), "Tiltak".into(), "Ansvarlig".into()],
                        rows: 60,
                        widths: Vec::new(),
                    },
                )],
            }],
        };
        let doc = parse(&write_pdf(&form));
        let texts = page_texts(&doc);
        assert!(texts.len() >= 2);
        for page in &texts {
            assert!(page.contains("Ansvarlig"), "heading on every page");
        }
        let found = fields(&doc);
        let page_of = |n: &str| {
            found
                .iter()
                .find(|(name, _, _)| name == n)
                .unwrap()
                .2
                .get(b"P")
                .unwrap()
                .as_reference()
                .unwrap()
        };
        assert_ne!(page_of("plan.r1c1"), page_of("plan.r60c1"));
        // The column widths are checked in `layout::tables`.
    }

    #[test]
    #[ignore = "writes form-sample.pdf in the temp folder, to look at"]
    fn write_sample() {
        let dir = std::env::temp_dir();
        std::fs::write(dir.join("form-sample.pdf"), write_pdf(&sample(Lang::Nb))).unwrap();
        std::fs::write(dir.join("form-sample-nn.pdf"), write_pdf(&sample(Lang::Nn))).unwrap();
        let evil = hostile_text();
        let mut form = sample(Lang::Nb);
        form.title = evil.clone();
        form.sections[0].fields[0].label = evil.clone();
        form.sections[1].fields[3].kind = FieldKind::Table {
            columns: vec!["Nr.".into(), evil],
            rows: 40,
            widths: Vec::new(),
        };
        std::fs::write(dir.join("form-hostile.pdf"), write_pdf(&form)).unwrap();
    }
}
