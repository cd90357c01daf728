//! References lead anywhere in a site, whatever was written (and made) first: resolve
//! reads its input once and looks every reference up at the end. The fixture
//! `tests/fixtures/one-pass/` points forwards from every side: the home page into the
//! guide, a step's text and outcome to a later step, steps to a toolbox made after the
//! guides, toolbox items to a page and an arena made after the toolbox. The broken
//! fixture `tests/fixtures/invalid/ambiguous-step/` is reported once.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_ok, attrs, copy_dir, read, repo, select, text_of};
use veiviser::build::{self, Report};

/// A fixture copied beside the repository's theme and built.
fn build_fixture(name: &str) -> (tempfile::TempDir, Report) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    let report = build::build(dir.path(), &dir.path().join("public"));
    (dir, report)
}

fn site(dir: &Path) -> PathBuf {
    dir.join("public/framby")
}

fn texts(html: &str, css: &str) -> Vec<String> {
    select(html, css).iter().map(|h| text_of(h)).collect()
}

#[test]
fn references_lead_forwards_and_backwards() {
    let (dir, report) = build_fixture("one-pass");
    assert_ok(&report);
    let site = site(dir.path());
    let step = |id: &str| read(&site.join(format!("veileder/veileder/steg-{id}/index.html")));
    let to_step = |id: &str| format!("../../../veileder/veileder/steg-{id}/index.html");

    // The home page, made before the guide, leads into it, to the toolbox, a page and
    // an arena.
    let home = read(&site.join("index.html"));
    assert_eq!(
        attrs(&home, ".prose a", "href"),
        [
            "veileder/veileder/steg-2-1/index.html",
            "verktoy/index.html#kartlegging",
            "om/index.html",
            "samarbeid/index.html#barneteam",
        ]
    );

    // A step's text and its outcome lead to a step further on, titled.
    let first = step("1-1");
    let links = attrs(&first, ".step-part p a", "href");
    assert_eq!(
        links,
        ["../../../verktoy/index.html#kartlegging", &to_step("2-1")]
    );
    assert_eq!(
        attrs(&first, ".outcomes a", "href"),
        [to_step("2-1")],
        "{first}"
    );
    assert_eq!(
        texts(&first, ".outcome-target"),
        ["→ 2.1 Samtale med barnet"]
    );
    // And back: the last step's outcome leads to the first.
    let last = step("2-2");
    assert_eq!(attrs(&last, ".outcomes a", "href"), [to_step("1-1")]);
    assert_eq!(texts(&last, ".outcome-target"), ["→ 1.1 Undre seg"]);

    // The toolbox is made after the guides: a step shows the item it uses, and the
    // step that takes the tools of the one before (`tools_from: previous`) too.
    for id in ["1-1", "2-1"] {
        assert_eq!(
            texts(&step(id), ".tool-uses a"),
            ["1. Kartleggingsskjema"],
            "step {id}"
        );
    }

    // A toolbox item leads where its `link:` does: a page and an arena, both made
    // after the toolbox; its description leads to a step.
    let toolbox = read(&site.join("verktoy/index.html"));
    assert_eq!(
        attrs(&toolbox, ".tool-title a", "href"),
        ["../om/index.html", "../samarbeid/index.html#barneteam"]
    );
    assert!(attrs(&toolbox, ".tool-item p a", "href")
        .contains(&"../veileder/veileder/steg-2-2/index.html".to_string()));

    // A page and an arena lead back into the guide and to the toolbox.
    let page = read(&site.join("om/index.html"));
    assert_eq!(
        attrs(&page, ".prose a", "href"),
        [
            "../veileder/veileder/steg-1-1/index.html",
            "../verktoy/index.html"
        ]
    );
    let arenas = read(&site.join("samarbeid/index.html"));
    assert!(
        attrs(&arenas, "main a", "href").contains(&"../verktoy/index.html#kartlegging".to_string())
    );
}

#[test]
fn an_ambiguous_reference_is_reported_once() {
    let (_dir, report) = build_fixture("invalid/ambiguous-step");
    let reported: Vec<String> = report
        .diagnostics
        .errors()
        .filter(|d| d.message.contains("`step:1.1`"))
        .map(|d| d.to_string())
        .collect();
    assert_eq!(reported.len(), 1, "{reported:#?}");
    assert!(reported[0].contains("is ambiguous"), "{}", reported[0]);
    assert!(reported[0].contains("pages/om.md:5:1"), "{}", reported[0]);
}
