//! A large country is built a few municipalities at a time (`build::SITES_AT_ONCE`),
//! so that memory does not grow with it. However many are taken at a time, the
//! output and the diagnostics are those of a build of all at once, and a group with
//! an error publishes nothing, whichever group it is in.

mod common;

use std::path::Path;

use common::{copy_dir, files, Fixture};
use veiviser::build::{self, Options, Report};

/// A copy of `tests/fixtures/<name>` (each with several sites, a region or both),
/// with the repository's shared content (forms library, guidance catalogue,
/// glossary) where the fixture brings none.
fn fixture(name: &str) -> Fixture {
    let fixture = Fixture::empty();
    copy_dir(
        &common::repo().join("tests/fixtures").join(name),
        fixture.root(),
    );
    if !fixture.root().join("content").exists() {
        copy_dir(
            &common::repo().join("content"),
            &fixture.root().join("content"),
        );
    }
    fixture
}

/// Build into a new folder `out` beside the content, `at_once` sites at a time.
fn build_into(fixture: &Fixture, out: &str, at_once: Option<usize>) -> Report {
    build::build_with(
        fixture.root(),
        &fixture.root().join(out),
        Options {
            sites_at_once: at_once,
            ..Options::default()
        },
    )
}

/// Every diagnostic as the editor sees it, source line included.
fn shown(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .items
        .iter()
        .map(|d| report.sources.render(d, false))
        .collect()
}

fn counts(report: &Report) -> (usize, usize, usize, usize) {
    (
        report.municipalities,
        report.pages,
        report.forms,
        report.files,
    )
}

#[test]
fn a_country_built_in_groups_is_the_country_built_at_once() {
    for name in [
        "safety-net",
        "tools-and-forms",
        "site-features",
        "glossary",
        "nynorsk",
        "admin",
    ] {
        let fixture = fixture(name);
        let whole = build_into(&fixture, "whole", None);
        assert!(whole.ok(), "{name}: {:?}", shown(&whole));
        let sites = whole.municipalities;
        assert!(sites >= 2, "{name}: {sites} sites");
        let expected = files(&fixture.root().join("whole"));
        for at_once in 1..sites {
            let out = format!("by-{at_once}");
            let grouped = build_into(&fixture, &out, Some(at_once));
            assert_eq!(
                shown(&grouped),
                shown(&whole),
                "{name}, {at_once} at a time: the same diagnostics"
            );
            assert_eq!(
                counts(&grouped),
                counts(&whole),
                "{name}, {at_once} at a time"
            );
            let written = files(&fixture.root().join(&out));
            assert_eq!(
                written.keys().collect::<Vec<_>>(),
                expected.keys().collect::<Vec<_>>(),
                "{name}, {at_once} at a time: the same files"
            );
            let differ: Vec<_> = written
                .iter()
                .filter(|(path, bytes)| expected.get(*path) != Some(*bytes))
                .map(|(path, _)| path.display().to_string())
                .collect();
            assert!(
                differ.is_empty(),
                "{name}, {at_once} at a time: the same bytes, but these differ: {differ:?}"
            );
        }
    }
}

#[test]
fn an_error_in_any_group_publishes_nothing_and_is_reported_as_at_once() {
    let fixture = fixture("safety-net");
    assert!(build_into(&fixture, "public", None).ok());
    let before = files(&fixture.root().join("public"));
    // An error in the last site by name, and a warning in the first.
    let site = fixture.root().join("municipalities/utan/site.yaml");
    let text = common::read(&site);
    std::fs::write(&site, text.replacen("name:", "nmae:", 1)).unwrap();
    let whole = build_into(&fixture, "public", None);
    assert!(!whole.ok());
    for at_once in [1, 2, 3] {
        let grouped = build_into(&fixture, "public", Some(at_once));
        assert_eq!(shown(&grouped), shown(&whole), "{at_once} at a time");
        assert_eq!(
            files(&fixture.root().join("public")),
            before,
            "{at_once} at a time: the published site is unchanged"
        );
        assert_no_spare(fixture.root());
    }
}

#[test]
fn a_theme_error_is_reported_only_when_the_content_has_none() {
    let fixture = fixture("safety-net");
    let template = fixture.root().join("themes/default/templates/page.html");
    if !template.exists() {
        copy_dir(
            &common::repo().join("themes"),
            &fixture.root().join("themes"),
        );
    }
    std::fs::write(&template, "{% block content %}{{ unclosed").unwrap();
    let whole = build_into(&fixture, "public", None);
    assert!(!whole.ok());
    assert_eq!(
        shown(&build_into(&fixture, "public", Some(1))),
        shown(&whole)
    );
    assert!(!fixture.root().join("public").exists(), "nothing published");
    assert_no_spare(fixture.root());
}

fn assert_no_spare(root: &Path) {
    let beside: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    assert!(beside.is_empty(), "no spare folder left: {beside:?}");
}

/// [`build::build_streaming`] `at_once` at a time: the report returned, and the
/// parts handed on before it.
fn build_streamed(fixture: &Fixture, out: &str, at_once: usize) -> (Vec<Report>, Report) {
    let mut parts = Vec::new();
    let rest = build::build_streaming(
        fixture.root(),
        &fixture.root().join(out),
        Options {
            sites_at_once: Some(at_once),
            ..Options::default()
        },
        &mut |part| parts.push(part),
    );
    (parts, rest)
}

#[test]
fn a_country_in_groups_hands_on_its_diagnostics_as_they_are_final_and_in_order() {
    // Warnings in every site of safety-net, an error in the last; glossary and
    // site-features have a region read beside its members.
    let broken = fixture("safety-net");
    let site = broken.root().join("municipalities/utan/site.yaml");
    let text = common::read(&site);
    std::fs::write(&site, text.replacen("name:", "nmae:", 1)).unwrap();
    // And an error in the shared content, which every group finds again.
    let catalogue = broken.root().join("content/guidance.yaml");
    let text = common::read(&catalogue);
    std::fs::write(
        &catalogue,
        format!(
            "{text}\n  - id: mestre-hele-livet\n    category: strategy\n    title: {{nb: Igjen}}\n"
        ),
    )
    .unwrap();
    for (name, fixture) in [
        ("safety-net, broken", broken),
        ("glossary", fixture("glossary")),
        ("site-features", fixture("site-features")),
    ] {
        let whole = build_into(&fixture, "whole", None);
        let expected = veiviser::report::to_text(&whole, false);
        for at_once in 1..whole.municipalities.max(2) {
            let (parts, rest) = build_streamed(&fixture, &format!("s{at_once}"), at_once);
            let mut text: String = parts
                .iter()
                .map(|part| veiviser::report::to_text(part, false))
                .collect();
            text.push_str(&veiviser::report::to_text(&rest, false));
            assert_eq!(text, expected, "{name}, {at_once} at a time");
            assert_eq!(rest.ok(), whole.ok(), "{name}, {at_once} at a time");
            assert_eq!(
                (rest.errors(), rest.warnings()),
                (whole.errors(), whole.warnings()),
                "{name}, {at_once} at a time: the counts include what was handed on"
            );
            let handed: usize = parts.iter().map(|p| p.diagnostics.items.len()).sum();
            assert_eq!(
                handed,
                rest.emitted.errors + rest.emitted.warnings,
                "{name}, {at_once} at a time"
            );
        }
    }
}

#[test]
fn diagnostics_are_handed_on_a_group_at_a_time_not_at_the_end() {
    let fixture = fixture("safety-net");
    let whole = build_into(&fixture, "whole", None);
    let with_warnings: std::collections::BTreeSet<String> = whole
        .diagnostics
        .items
        .iter()
        .filter_map(veiviser::report::municipality_of)
        .collect();
    assert!(with_warnings.len() >= 2, "{with_warnings:?}");
    let (parts, rest) = build_streamed(&fixture, "one-by-one", 1);
    // No regions here: each site's diagnostics are final when its group is done.
    let per_part: Vec<std::collections::BTreeSet<String>> = parts
        .iter()
        .map(|p| {
            p.diagnostics
                .items
                .iter()
                .filter_map(veiviser::report::municipality_of)
                .collect()
        })
        .collect();
    assert!(
        per_part.iter().all(|sites| sites.len() <= 1),
        "one site at a time: {per_part:?}"
    );
    assert_eq!(
        per_part.iter().filter(|sites| !sites.is_empty()).count(),
        with_warnings.len()
    );
    assert!(rest.diagnostics.items.is_empty(), "nothing held to the end");
    assert!(rest.ok());
    // Each part carries the source lines of its own diagnostics.
    for part in &parts {
        for d in &part.diagnostics.items {
            assert!(
                part.sources.render(d, false).contains(" | "),
                "{}",
                part.sources.render(d, false)
            );
        }
    }
}
