//! No input an editor can write makes veiviser panic: every bad file ends in an
//! error that names a place in it. Property tests over random and mutated YAML and
//! Markdown, and a corpus of real-world mistakes.

mod common;

use common::Fixture;
use proptest::prelude::*;

/// Build, and demand that it either succeeds or fails with located errors.
fn builds_or_explains(fixture: &Fixture) {
    let report = fixture.build();
    for error in report.diagnostics.errors() {
        assert!(
            !error.loc.file.as_os_str().is_empty(),
            "an error without a file: {error}"
        );
        assert!(!error.message.is_empty(), "an error without a message");
    }
}

const SITE: &str = "name: Testby kommune\nlanguage: nb\ntitle: Testveileder\ncontact:\n  phones:\n    - label: Vakt\n      number: \"476 63 707\"\n      hours:\n        - days: weekdays\n          from: \"08:30\"\n          to: \"15:00\"\n";
const GUIDE: &str = "title: Veileder\nlevels:\n  - level: 0\n    title: Nivå 0\n    steps:\n      - id: \"0.1\"\n        title: Undring\n        situation: Du undrer deg.\n        responsible: Den som undrer seg.\n        tools: [skjema]\n        outcomes:\n          - label: Videre\n            to: step:0.2\n      - id: \"0.2\"\n        title: Del undringen\n        responsible: Leder.\n";
const PAGE: &str = "---\ntitle: Om veilederen\ntier: municipality\n---\nSe [steget](step:0.1).\n\n## Mer\n\n- en\n- to\n";

/// A file with bytes cut, repeated or replaced at random places.
fn mutated(original: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let len = original.len();
    prop::collection::vec((0..len, 0..4u8, any::<u8>()), 1..6).prop_map(move |edits| {
        let mut bytes = original.as_bytes().to_vec();
        for (at, kind, byte) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match kind {
                0 => {
                    bytes.remove(at);
                }
                1 => bytes.insert(at, byte),
                2 => bytes[at] = byte,
                _ => {
                    let tail = bytes[at..].to_vec();
                    bytes.extend_from_slice(&tail[..tail.len().min(40)]);
                }
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutated_site_files_never_panic(bytes in mutated(SITE)) {
        let fixture = Fixture::valid();
        fixture.write_bytes("municipalities/test/site.yaml", &bytes);
        builds_or_explains(&fixture);
    }

    #[test]
    fn mutated_guides_never_panic(bytes in mutated(GUIDE)) {
        let fixture = Fixture::valid();
        fixture.write_bytes("municipalities/test/guides/veileder.yaml", &bytes);
        builds_or_explains(&fixture);
    }

    #[test]
    fn mutated_pages_never_panic(bytes in mutated(PAGE)) {
        let fixture = Fixture::valid();
        fixture.write_bytes("municipalities/test/pages/om.md", &bytes);
        builds_or_explains(&fixture);
    }

    #[test]
    fn random_markdown_never_panics(text in "[ -~æøåÆØÅ\\n#*_\\[\\]()<>`|-]{0,400}") {
        let fixture = Fixture::valid();
        fixture.write("municipalities/test/pages/om.md", &format!("---\ntitle: Om\n---\n{text}\n"));
        builds_or_explains(&fixture);
    }
}

/// Real-world mistakes, each with what must happen.
#[test]
fn a_corpus_of_real_world_bad_inputs() {
    let cases: Vec<(&str, &str, Vec<u8>, bool)> = vec![
        ("tabs for indentation", "municipalities/test/site.yaml", b"name: X\nlanguage: nb\ntitle: T\ncontact:\n\tphones: []\n".to_vec(), false),
        ("a byte-order mark", "municipalities/test/site.yaml", [b"\xef\xbb\xbf".as_slice(), SITE.as_bytes()].concat(), true),
        ("CRLF line ends", "municipalities/test/site.yaml", SITE.replace('\n', "\r\n").into_bytes(), true),
        ("CRLF in a page", "municipalities/test/pages/om.md", PAGE.replace('\n', "\r\n").into_bytes(), true),
        ("a duplicate key", "municipalities/test/site.yaml", b"name: X\nname: Y\nlanguage: nb\ntitle: T\n".to_vec(), false),
        ("very deep nesting", "municipalities/test/site.yaml", format!("name: {}1{}\n", "[".repeat(5000), "]".repeat(5000)).into_bytes(), false),
        ("an alias bomb", "municipalities/test/site.yaml", b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nname: X\nlanguage: nb\ntitle: T\n".to_vec(), false),
        ("a 30 MB page", "municipalities/test/pages/om.md", [b"---\ntitle: Stor\n---\n".as_slice(), &b"Lang tekst. ".repeat(2_500_000)].concat(), false),
        ("non-UTF-8 bytes", "municipalities/test/pages/om.md", b"---\ntitle: \xe6\xf8\xe5\n---\n".to_vec(), false),
        ("an empty guide", "municipalities/test/guides/veileder.yaml", Vec::new(), false),
        ("a YAML document that is a list", "municipalities/test/toolbox.yaml", b"- a\n- b\n".to_vec(), false),
        ("a page named with æøå", "municipalities/test/pages/æøå.md", PAGE.as_bytes().to_vec(), false),
        ("a folder named with æøå", "municipalities/tøst/site.yaml", SITE.as_bytes().to_vec(), false),
        ("NUL bytes", "municipalities/test/site.yaml", b"name: X\0\nlanguage: nb\ntitle: T\n".to_vec(), false),
        ("a huge number", "municipalities/test/guides/veileder.yaml", b"title: V\nlevels:\n  - level: 99999999999999999999\n    title: N\n".to_vec(), false),
    ];
    for (what, file, bytes, ok) in cases {
        let fixture = Fixture::valid();
        fixture.write_bytes(file, &bytes);
        let report = fixture.build();
        assert_eq!(
            report.ok(),
            ok,
            "{what}: {:#?}",
            report.diagnostics.errors().collect::<Vec<_>>()
        );
        if !ok {
            let error = report.diagnostics.errors().next().expect("an error");
            assert!(error.help.is_some(), "{what}: {error} says how to fix it");
        }
    }
}
