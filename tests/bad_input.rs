//! What an editor can get wrong: each mistake stops the build with a message that
//! names the file, the line and what to do, and nothing panics. A failed build leaves
//! the previous output as it was; the same input always gives the same bytes.

mod common;

use std::process::Command;

use common::{files, Fixture};
use veiviser::diagnostic::Diagnostic;

/// Build the fixture and return its errors, asserting that there is at least one.
fn errors(fixture: &Fixture) -> Vec<Diagnostic> {
    let report = fixture.build();
    let errors: Vec<Diagnostic> = report.diagnostics.errors().cloned().collect();
    assert!(!errors.is_empty(), "expected the build to fail");
    assert!(!fixture.out().exists(), "a failed build wrote output");
    errors
}

/// The one error, which must point at `file` on `line`.
fn the_error(fixture: &Fixture, file: &str, line: usize) -> Diagnostic {
    let errors = errors(fixture);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors.into_iter().next().expect("one error");
    assert!(error.loc.file.ends_with(file), "{error}");
    assert_eq!(error.loc.line, line, "{error}");
    assert!(error.loc.column >= 1, "{error}");
    assert!(error.help.is_some(), "{error} says how to fix it");
    error
}

#[test]
fn the_valid_fixture_builds() {
    let fixture = Fixture::valid();
    let report = fixture.build();
    common::assert_ok(&report);
    assert!(fixture.out().join("test/index.html").is_file());
    assert!(fixture.out().join("index.html").is_file());
}

#[test]
fn yaml_syntax_error() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/toolbox.yaml",
        "items:\n  - id: skjema\n    title: [Undringsskjema\n    kind: form\n",
    );
    let errors = errors(&fixture);
    let error = &errors[0];
    assert!(error.loc.file.ends_with("toolbox.yaml"), "{error}");
    assert!(error.loc.line >= 3, "{error}");
}

#[test]
fn misspelt_key_is_rejected_by_name() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: Testby kommune\nlanguage: nb\ntitel: Testveileder\n",
    );
    let error = the_error(&fixture, "site.yaml", 3);
    assert!(error.message.contains("titel"), "{error}");
}

#[test]
fn misspelt_key_in_a_step() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/guides/veileder.yaml",
        "title: Veileder\nlevels:\n  - level: 0\n    title: Nivå 0\n    steps:\n      - id: \"0.1\"\n        title: Undring\n        responsibel: Leder\n",
    );
    let error = the_error(&fixture, "veileder.yaml", 8);
    assert!(error.message.contains("responsibel"), "{error}");
}

#[test]
fn missing_required_field() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/toolbox.yaml",
        "items:\n  - id: skjema\n    number: 1\n    kind: form\n",
    );
    let errors = errors(&fixture);
    let error = errors
        .iter()
        .find(|e| e.message.contains("title"))
        .expect("names `title`");
    assert!(error.loc.file.ends_with("toolbox.yaml"), "{error}");
    assert!(error.loc.line >= 2, "{error}");
}

#[test]
fn step_naming_a_toolbox_item_that_does_not_exist() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/guides/veileder.yaml",
        "title: Veileder\nlevels:\n  - level: 0\n    title: Nivå 0\n    steps:\n      - id: \"0.1\"\n        title: Undring\n        responsible: Leder.\n        tools:\n          - skjema\n          - skjemma\n",
    );
    let error = the_error(&fixture, "veileder.yaml", 11);
    assert!(error.message.contains("skjemma"), "{error}");
}

#[test]
fn outcome_leading_to_a_step_that_does_not_exist() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/guides/veileder.yaml",
        "title: Veileder\nlevels:\n  - level: 0\n    title: Nivå 0\n    steps:\n      - id: \"0.1\"\n        title: Undring\n        responsible: Leder.\n        tools: [skjema]\n        outcomes:\n          - label: Videre\n            to: step:0.9\n",
    );
    let error = the_error(&fixture, "veileder.yaml", 12);
    assert!(error.message.contains("step:0.9"), "{error}");
}

#[test]
fn markdown_link_to_a_page_that_does_not_exist() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/pages/om.md",
        "---\ntitle: Om\n---\nFørste avsnitt.\n\nSe [familiehjelpa](page:familiehjelp).\n",
    );
    let error = the_error(&fixture, "om.md", 6);
    assert!(error.message.contains("page:familiehjelp"), "{error}");
    assert_eq!(error.loc.column, 4, "{error}");
}

#[test]
fn bad_language_phone_hours_and_colour() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: X\nlanguage: no\ntitle: T\naccent_color: blue\ncontact:\n  phones:\n    - label: Vakt\n      number: \"476 63 707\"\n      hours:\n        - days: someday\n          from: \"8\"\n",
    );
    let errors = errors(&fixture);
    let lines: Vec<usize> = errors.iter().map(|e| e.loc.line).collect();
    assert_eq!(lines, [2, 4, 10, 11], "{errors:#?}");
    assert!(errors.iter().all(|e| e.help.is_some()));
}

#[test]
fn empty_files_and_non_utf8_bytes_do_not_panic() {
    for (file, bytes) in [
        ("municipalities/test/site.yaml", &b""[..]),
        ("municipalities/test/toolbox.yaml", &b"   \n"[..]),
        (
            "municipalities/test/guides/veileder.yaml",
            &b"title: Veil\xe9der\n"[..],
        ),
        (
            "municipalities/test/pages/om.md",
            &b"---\ntitle: \xff\xfe\n---\n"[..],
        ),
        ("municipalities/test/pages/om.md", &b""[..]),
        ("municipalities/test/home.md", &b"\xc3\x28"[..]),
        ("municipalities/test/site.yaml", &b"- just\n- a list\n"[..]),
        ("municipalities/test/site.yaml", &b"name: &a [*a]\n"[..]),
    ] {
        let fixture = Fixture::valid();
        fixture.write_bytes(file, bytes);
        let errors = errors(&fixture);
        assert!(
            errors.iter().any(|e| e
                .loc
                .file
                .ends_with(file.rsplit('/').next().unwrap_or(file))),
            "{file}: {errors:#?}"
        );
    }
    let fixture = Fixture::valid();
    fixture.write_bytes(
        "municipalities/test/guides/veileder.yaml",
        b"title: Veil\xe9der\n",
    );
    let error = &errors(&fixture)[0];
    assert!(error.message.contains("UTF-8"), "{error}");
    assert_eq!((error.loc.line, error.loc.column), (1, 12), "{error}");
}

#[test]
fn no_content_root_is_an_error_not_a_panic() {
    let fixture = Fixture::empty();
    let errors = errors(&fixture);
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("content root"),
        "{errors:#?}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let fixture = Fixture::valid();
    common::assert_ok(&fixture.build());
    let before = files(&fixture.out());
    fixture.write(
        "municipalities/test/pages/om.md",
        "---\ntitle: Om\n---\nSe [x](step:9.9).\n",
    );
    let report = fixture.build();
    assert!(!report.ok());
    assert_eq!(
        files(&fixture.out()),
        before,
        "the old site is still there, byte for byte"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let fixture = Fixture::valid();
    common::assert_ok(&fixture.build());
    let first = files(&fixture.out());
    common::assert_ok(&fixture.build());
    assert_eq!(files(&fixture.out()), first);

    // Fixtures with forms (PDF, ODT), a region and nynorsk, into two different
    // folders; the real municipalities are held to it in tests/content/every_page.rs.
    for name in ["nynorsk", "site-features"] {
        let fixture = Fixture::empty();
        common::copy_dir(
            &common::repo().join("content"),
            &fixture.root().join("content"),
        );
        common::copy_dir(
            &common::repo().join("tests/fixtures").join(name),
            fixture.root(),
        );
        let dir = tempfile::tempdir().expect("temp");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        common::assert_ok(&veiviser::build::build(fixture.root(), &a));
        common::assert_ok(&veiviser::build::build(fixture.root(), &b));
        let (a, b) = (files(&a), files(&b));
        assert!(a.len() > 30, "{name}");
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (path, bytes) in &a {
            assert!(
                bytes == &b[path],
                "{name}: {} differs between builds",
                path.display()
            );
        }
    }
}

#[test]
fn the_command_line_exits_non_zero_and_names_the_file_and_line() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: Testby kommune\nlanguage: nb\ntitel: Testveileder\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .arg("build")
        .current_dir(fixture.root())
        .output()
        .expect("run veiviser");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("municipalities/test/site.yaml:3:1"),
        "{stderr}"
    );
    assert!(stderr.contains("titel"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let output = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .arg("check")
        .current_dir(fixture.root())
        .output()
        .expect("run veiviser");
    assert!(!output.status.success());
}

#[test]
fn a_reference_in_an_indented_block_points_at_its_own_line_and_column() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/guides/veileder.yaml",
        "title: Veileder\nlevels:\n  - level: 0\n    title: Nivå 0\n    steps:\n      - id: \"0.1\"\n        title: Undring\n        responsible: Leder.\n        tools: [skjema]\n        situation: |\n          Første linje.\n          Se [steget](step:0.7).\n",
    );
    let error = the_error(&fixture, "veileder.yaml", 12);
    assert_eq!(error.loc.column, 14, "{error}");
}

#[test]
fn an_unquoted_accent_colour_is_a_warning() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: Testby kommune\nlanguage: nb\ntitle: Testveileder\naccent_color: #005b7f\n",
    );
    let report = fixture.build();
    common::assert_ok(&report);
    let warning = report
        .diagnostics
        .warnings()
        .find(|d| d.message.contains("comment"))
        .expect("warning");
    assert_eq!((warning.loc.line, warning.loc.column), (4, 15), "{warning}");
}

#[test]
fn an_unused_form_is_checked_too() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/forms/ubrukt.yaml",
        "title: Ubrukt\nsections:\n  - fields:\n      - id: valg\n        type: checkboxes\n        label: Velg\n",
    );
    let error = the_error(&fixture, "ubrukt.yaml", 5);
    assert!(error.message.contains("options"), "{error}");
}

#[test]
fn a_file_reference_in_markdown_leads_to_the_published_file() {
    let fixture = Fixture::valid();
    fixture.write_bytes("municipalities/test/files/plan.pdf", b"%PDF-1.7");
    fixture.write(
        "municipalities/test/pages/om.md",
        "---\ntitle: Om\n---\nLes [planen](file:plan.pdf) og [steget](step:0.1).\n",
    );
    common::assert_ok(&fixture.build());
    let html = common::read(&fixture.out().join("test/om/index.html"));
    assert!(common::attrs(&html, "a", "href").contains(&"../filer/plan.pdf".to_string()));
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/pages/om.md",
        "---\ntitle: Om\n---\nLes [planen](file:planen.pdf).\n",
    );
    let error = the_error(&fixture, "om.md", 4);
    assert!(error.message.contains("file:planen.pdf"), "{error}");
}

#[test]
fn images_without_alternative_text_and_skipped_headings_are_warnings() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/pages/om.md",
        "---\ntitle: Om\n---\n## Del\n\n#### For dypt\n\n![](filer/kart.png)\n\n![Kart over tjenestene](filer/kart.png)\n",
    );
    let report = fixture.build();
    common::assert_ok(&report);
    let warnings: Vec<(usize, String)> = report
        .diagnostics
        .warnings()
        .filter(|d| d.loc.file.ends_with("om.md"))
        .map(|d| (d.loc.line, d.message.clone()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].0, 6);
    assert!(
        warnings[0].1.contains("from level 2 to level 4"),
        "{warnings:?}"
    );
    assert_eq!(warnings[1].0, 8);
    assert!(warnings[1].1.contains("alternative text"), "{warnings:?}");
}
