//! One broken site per error kind an editor can cause, like Zola's
//! `test_sites_invalid`: each folder under `tests/fixtures/invalid/` holds a site with
//! one mistake and, in `expected.txt`, the errors it must give (`file:line:column:
//! message`, one a line). Built with the repository's theme and nothing else (a
//! fixture that needs shared content carries its own `content/`), each fails with
//! exactly those errors, writes nothing, and `check` says the same.
//! `tests/fixtures/invalid/README.md` maps every error kind to its fixture, or to the
//! test that asserts it where a committed folder cannot cause it; a test below holds
//! the table to the folders.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{copy_dir, Fixture};
use veiviser::build::Report;

fn invalid_dir() -> PathBuf {
    common::repo().join("tests/fixtures/invalid")
}

/// Every broken site's folder name, sorted.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(invalid_dir())
        .expect("tests/fixtures/invalid")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The errors of a report as `file:line:column: message`.
fn errors(report: &Report) -> Vec<String> {
    report
        .diagnostics
        .errors()
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.loc.file.display(),
                d.loc.line,
                d.loc.column,
                d.message
            )
        })
        .collect()
}

/// The errors a fixture expects: the lines of its `expected.txt`.
fn expected(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_broken_site_gives_exactly_its_expected_errors() {
    let names = fixture_names();
    assert!(names.len() >= 80, "only {} broken sites", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let dir = invalid_dir().join(name);
        let want = expected(&dir);
        if want.is_empty() {
            failures.push(format!("{name}: no expected.txt, or it names no error"));
            continue;
        }
        let fixture = Fixture::empty();
        copy_dir(&dir, fixture.root());
        let built = errors(&fixture.build());
        if built != want {
            failures.push(format!(
                "{name}: build gave\n    {}\n  expected\n    {}",
                built.join("\n    "),
                want.join("\n    ")
            ));
        }
        if fixture.out().exists() {
            failures.push(format!("{name}: a failed build wrote its output"));
        }
        let (checked, model) = veiviser::build::analyse(fixture.root());
        let checked = errors(&checked);
        if checked != want || model.is_some() {
            failures.push(format!(
                "{name}: check gave\n    {}\n  expected\n    {}",
                checked.join("\n    "),
                want.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The words between backticks in a text.
fn quoted(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The table in the README names every broken site, names no folder that is not
/// there, and every test it points to exists.
#[test]
fn the_readme_maps_every_error_kind_to_a_fixture_or_a_test() {
    let readme = common::read(&invalid_dir().join("README.md"));
    let rows: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| kind") && !l.starts_with("|--"))
        .collect();
    assert!(rows.len() >= 90, "only {} rows", rows.len());
    let mut named = BTreeSet::new();
    let mut problems = Vec::new();
    for row in &rows {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let [kind, _, _, asserted] = cells[..] else {
            problems.push(format!("a row without four cells: {row}"));
            continue;
        };
        let mut points = 0;
        for item in quoted(asserted) {
            if let Some(folder) = item.strip_suffix('/') {
                points += 1;
                named.insert(folder.to_string());
                if !invalid_dir().join(folder).is_dir() {
                    problems.push(format!("{kind}: there is no fixture `{folder}/`"));
                }
            } else if let Some((file, function)) = item.split_once("::") {
                points += 1;
                // The table points at test files only.
                let test = file.strip_prefix("tests/").unwrap_or("not a test file");
                let text = std::fs::read_to_string(common::repo().join("tests").join(test))
                    .unwrap_or_default();
                if !text.contains(&format!("fn {function}(")) {
                    problems.push(format!("{kind}: there is no test `{function}` in {file}"));
                }
            }
        }
        if points == 0 && !asserted.starts_with("not from a site folder") {
            problems.push(format!(
                "{kind}: names neither a fixture nor a test, nor says why"
            ));
        }
    }
    for name in fixture_names() {
        if !named.contains(&name) {
            problems.push(format!("the fixture `{name}/` is not in the table"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The errors of a build of `fixture` into `out`.
fn build_errors(fixture: &Fixture, out: &Path) -> Vec<String> {
    errors(&veiviser::build::build(fixture.root(), out))
}

/// Errors a committed folder cannot cause (a huge file, a folder beside the site, a
/// theme changed or missing) are caused here, at run time, on the valid fixture.
#[test]
fn a_document_larger_than_50_mb_is_not_published() {
    let fixture = Fixture::valid();
    let path = fixture.root().join("municipalities/test/files/stor.pdf");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    // Sparse: 51 MB that take no room on the disk.
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(51 * 1024 * 1024).expect("set_len");
    assert_eq!(
        build_errors(&fixture, &fixture.out()),
        ["municipalities/test/files/stor.pdf:0:0: `stor.pdf` is larger than 50 MB and is not published"]
    );
}

#[test]
fn a_text_file_larger_than_2_mb_is_an_error() {
    let fixture = Fixture::valid();
    let text = format!("---\ntitle: Stor\n---\n{}", "Lang tekst. ".repeat(200_000));
    fixture.write("municipalities/test/pages/stor.md", &text);
    assert_eq!(
        build_errors(&fixture, &fixture.out()),
        ["municipalities/test/pages/stor.md:0:0: the file is 2,5 MB; a text file of the guide may be at most 2 MB"]
    );
}

#[test]
fn a_missing_interface_word_is_an_error() {
    let fixture = Fixture::valid();
    let path = fixture.root().join("themes/default/i18n/nn.yaml");
    let words = common::read(&path);
    let without: String = words
        .lines()
        .filter(|l| !l.starts_with("hours_weekend:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(words, without, "nn.yaml has `hours_weekend`");
    std::fs::write(&path, without).expect("write");
    assert_eq!(
        build_errors(&fixture, &fixture.out()),
        ["themes/default/i18n/nn.yaml:0:0: the interface word `hours_weekend` is missing"]
    );
}

#[test]
fn a_content_root_without_its_theme_is_an_error() {
    let fixture = Fixture::valid();
    std::fs::remove_dir_all(fixture.root().join("themes")).expect("remove the theme");
    assert_eq!(
        build_errors(&fixture, &fixture.out()),
        ["themes/default:0:0: cannot read the theme `default`: no such folder"]
    );
}

/// The theme is compiled while the content is read and checked; with both broken,
/// only the content's errors are reported, as when the two ran one after the other.
#[test]
fn a_broken_theme_is_reported_only_when_the_content_has_no_errors() {
    let fixture = Fixture::valid();
    fixture.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops( }}{% endblock content %}",
    );
    let theme_only = build_errors(&fixture, &fixture.out());
    assert!(
        !theme_only.is_empty() && theme_only.iter().all(|e| e.starts_with("themes/default/")),
        "{theme_only:?}"
    );
    let text = format!("---\ntitle: Stor\n---\n{}", "Lang tekst. ".repeat(200_000));
    fixture.write("municipalities/test/pages/stor.md", &text);
    assert_eq!(
        build_errors(&fixture, &fixture.out()),
        ["municipalities/test/pages/stor.md:0:0: the file is 2,5 MB; a text file of the guide may be at most 2 MB"]
    );
}

#[test]
fn the_output_folder_may_not_overwrite_the_content() {
    let fixture = Fixture::valid();
    for out in [
        fixture.root().to_path_buf(),
        fixture.root().join("municipalities"),
        fixture.root().join("themes/default"),
    ] {
        let errors = build_errors(&fixture, &out);
        assert_eq!(
            errors,
            [format!(
                "{}:0:0: the output folder would overwrite the content",
                out.display()
            )]
        );
    }
    assert!(fixture
        .root()
        .join("municipalities/test/site.yaml")
        .is_file());
}

#[test]
fn a_spare_folder_veiviser_did_not_write_is_in_the_way() {
    let fixture = Fixture::valid();
    let out = fixture.out();
    common::assert_ok(&veiviser::build::build(fixture.root(), &out));
    let spare = fixture.root().join(".public.prev");
    std::fs::create_dir_all(&spare).expect("mkdir");
    std::fs::write(spare.join("notat.txt"), "mitt").expect("write");
    assert_eq!(
        build_errors(&fixture, &out),
        [format!(
            "{}:0:0: `{}` is in the way: veiviser keeps the previous site there, but this folder was not written by it",
            out.display(),
            spare.display()
        )]
    );
    std::fs::remove_dir_all(&spare).expect("remove");
    std::fs::write(&spare, "en fil").expect("write");
    assert_eq!(
        build_errors(&fixture, &out),
        [format!(
            "{}:0:0: `{}` is in the way: veiviser keeps the previous site there",
            out.display(),
            spare.display()
        )]
    );
    assert_eq!(common::read(&spare), "en fil", "nothing is deleted");
}
