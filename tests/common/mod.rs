//! Shared helpers for whole-build tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use veiviser::build::{self, Report};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real municipalities, built once per test binary into a temporary folder.
pub fn built_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("public");
        let report = build::build(&repo(), &out);
        assert_ok(&report);
        (dir, out)
    });
    out
}

pub fn assert_ok(report: &Report) {
    let errors: Vec<String> = report.diagnostics.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "build failed:\n{}", errors.join("\n"));
}

/// Every file under `dir`, by relative path.
pub fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Every HTML page under `dir`, as text.
pub fn pages(dir: &Path) -> BTreeMap<PathBuf, String> {
    files(dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("utf-8 html")))
        .collect()
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of an HTML page or fragment, spaces collapsed, one space between elements.
pub fn text_of(html: &str) -> String {
    let doc = scraper::Html::parse_fragment(html);
    collapse(doc.root_element().text())
}

/// The text of an element, spaces collapsed.
pub fn element_text(element: &scraper::ElementRef) -> String {
    collapse(element.text())
}

fn collapse<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts
        .flat_map(|t| t.split_whitespace().chain(std::iter::once("")))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The elements of a page that match a CSS selector.
pub fn select(html: &str, css: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).expect("selector");
    doc.select(&selector).map(|e| e.html()).collect()
}

/// The values of `attr` on the elements matching `css`.
pub fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(css).expect("selector");
    doc.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// A scratch content root: the repository's theme plus the files given.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A minimal valid municipality `test` with one guide, one toolbox item and a page.
    pub fn valid() -> Fixture {
        let fixture = Fixture::empty();
        fixture.write(
            "municipalities/test/site.yaml",
            "name: Testby kommune\nlanguage: nb\ntitle: Testveileder\ncontact:\n  phones:\n    - label: Vakt\n      number: \"476 63 707\"\n      hours:\n        - days: weekdays\n          from: \"08:30\"\n          to: \"15:00\"\n",
        );
        fixture.write(
            "municipalities/test/guides/veileder.yaml",
            "title: Veileder\nlevels:\n  - level: 0\n    title: Nivå 0\n    steps:\n      - id: \"0.1\"\n        title: Undring\n        situation: Du undrer deg.\n        responsible: Den som undrer seg.\n        tools: [skjema]\n        outcomes:\n          - label: Videre\n            to: step:0.2\n      - id: \"0.2\"\n        title: Del undringen\n        responsible: Leder.\n",
        );
        fixture.write(
            "municipalities/test/toolbox.yaml",
            "items:\n  - id: skjema\n    number: 1\n    title: Undringsskjema\n    kind: form\n    format: PDF\n    size: 2 MB\n",
        );
        fixture.write(
            "municipalities/test/pages/om.md",
            "---\ntitle: Om veilederen\ntier: municipality\n---\nSe [steget](step:0.1).\n",
        );
        fixture
    }

    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }

    pub fn build(&self) -> Report {
        build::build(self.root(), &self.out())
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
