//! The build writes each site as it is rendered (`write::Stream`): it must write
//! exactly what a build held in memory makes, and a build that fails after some
//! sites were written must leave the published output as it was.

mod common;

use std::fs;

use common::{assert_ok, files, read, Fixture};
use veiviser::build;

/// The valid fixture and a second site, `annen`, without free pages.
fn two_sites() -> Fixture {
    let fixture = Fixture::valid();
    for file in ["site.yaml", "guides/veileder.yaml", "toolbox.yaml"] {
        let text = read(&fixture.root().join("municipalities/test").join(file));
        fixture.write(
            &format!("municipalities/annen/{file}"),
            &text.replace("Testby kommune", "Annenby kommune"),
        );
    }
    fixture
}

#[test]
fn the_streamed_build_writes_what_the_build_in_memory_makes() {
    let fixture = two_sites();
    let report = fixture.build();
    assert_ok(&report);
    let (_, in_memory) =
        build::build_in_memory_with(fixture.root(), None, build::Options::default());
    let in_memory = in_memory.expect("the fixture builds");
    let mut written = files(&fixture.out());
    assert!(
        written
            .remove(std::path::Path::new(".veiviser-manifest"))
            .is_some(),
        "the manifest is written"
    );
    let expected: std::collections::BTreeMap<_, _> = in_memory
        .into_iter()
        .map(|f| (f.path, f.bytes.to_vec()))
        .collect();
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    assert!(written == expected, "the same bytes in every file");
    assert_eq!(report.files, expected.len());
    assert_eq!(
        report.pages,
        expected
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .count()
    );
}

#[test]
fn a_build_failing_after_other_sites_were_written_leaves_the_output_as_it_was() {
    let fixture = two_sites();
    assert_ok(&fixture.build());
    let before = files(&fixture.out());
    // Only `test` has a free page: `annen` renders and is written, `test` fails.
    let template = fixture.root().join("themes/default/templates/page.html");
    let text = read(&template);
    fs::write(
        &template,
        text.replace(
            "{% block content %}",
            "{% block content %}{{ no_such_value }}",
        ),
    )
    .unwrap();
    let report = fixture.build();
    assert!(
        report
            .diagnostics
            .errors()
            .any(|d| d.message.contains("no_such_value")),
        "{:?}",
        report.diagnostics.items
    );
    assert_eq!(
        files(&fixture.out()),
        before,
        "the published site is unchanged"
    );
    let beside: Vec<String> = fs::read_dir(fixture.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    assert!(
        beside.is_empty(),
        "the spare the build made is gone: {beside:?}"
    );
    // Fixed, the next build goes through.
    fs::write(&template, text).unwrap();
    assert_ok(&fixture.build());
    assert_eq!(files(&fixture.out()), before);
}
