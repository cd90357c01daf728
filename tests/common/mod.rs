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

/// The real municipalities built once with `--drafts`: everything the sources give,
/// drafts marked.
pub fn built_site_with_drafts() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("public");
        let report = build::build_with(
            &repo(),
            &out,
            build::Options {
                drafts: true,
                ..Default::default()
            },
        );
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
            "items:\n  - id: skjema\n    number: 1\n    title: Undringsskjema\n    kind: form\n",
        );
        fixture.write(
            "municipalities/test/pages/om.md",
            "---\ntitle: Om veilederen\ntier: municipality\n---\nSe [steget](step:0.1).\n",
        );
        fixture
    }

    /// A regional plan `region` (nynorsk) with one shared page `felles`, and a member
    /// `medlem` that extends it.
    pub fn region() -> Fixture {
        let fixture = Fixture::empty();
        fixture.write(
            "municipalities/region/site.yaml",
            "name: Regionen\nlanguage: nn\ntitle: Felles plan\n",
        );
        fixture.write(
            "municipalities/region/pages/felles.md",
            "---\ntitle: Felles kapittel\n---\nFelles tekst.\n",
        );
        fixture.write(
            "municipalities/medlem/site.yaml",
            "name: Medlem kommune\nlanguage: nn\ntitle: Felles plan\nextends: region\n",
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

pub fn copy_dir(from: &Path, to: &Path) {
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

/// Word trigrams of a text, lower-cased, punctuation dropped.
pub fn trigrams(text: &str) -> Vec<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '§')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(3).map(|w| w.join(" ")).collect()
}

/// The lines of `seed` (of four words or more) not found in `site_text`: a line counts
/// as found when 60 % of its word trigrams are there, or, for lines published as
/// lists and fields, 95 % of its longer words. Returns (lines checked, lines missing).
pub fn seed_coverage<'a>(seed: &'a str, site_text: &str) -> (usize, Vec<&'a str>) {
    let known: std::collections::BTreeSet<String> = trigrams(site_text).into_iter().collect();
    let vocabulary: std::collections::BTreeSet<String> = site_text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let mut checked = 0;
    let mut missing = Vec::new();
    for line in seed.lines() {
        let grams = trigrams(line);
        if grams.len() < 4 {
            continue;
        }
        checked += 1;
        let found = grams.iter().filter(|g| known.contains(*g)).count();
        if found * 10 >= grams.len() * 6 {
            continue;
        }
        let words: Vec<String> = line
            .split(|c: char| !c.is_alphanumeric())
            // Times and numbers are published as structured data ("1530-2200" as
            // "kl. 15.30–22.00") and checked by the tests of phone numbers.
            .filter(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_lowercase)
            .collect();
        // A corrected typo ("kordinator" → "koordinator") still counts as found.
        let known_words = words
            .iter()
            .filter(|w| vocabulary.contains(*w) || vocabulary.iter().any(|v| one_edit_apart(w, v)))
            .count();
        if known_words * 100 >= words.len() * 95 {
            continue;
        }
        missing.push(line);
    }
    (checked, missing)
}

/// The text of every page of a site, joined.
pub fn site_text(site: &Path) -> String {
    pages(site)
        .values()
        .map(|h| text_of(h))
        .collect::<Vec<_>>()
        .join(" \n ")
}

/// Assert that at most 2 % of the seed's lines are missing from the sites (the
/// allowance is for sentences that only pointed at a lost link: "klikk her").
pub fn assert_seed_covered(seed: &str, sites: &[&Path]) {
    let text: String = sites
        .iter()
        .map(|s| site_text(s))
        .collect::<Vec<_>>()
        .join(" \n ");
    let (checked, missing) = seed_coverage(seed, &text);
    assert!(checked > 50, "checked only {checked} lines");
    assert!(
        missing.len() * 100 <= checked * 2,
        "{} of {checked} seed lines are missing from the site:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// Every page of `site` has `lang`, shows each (tel target, display) as a tel: link,
/// and each text in `hours`.
pub fn assert_every_page(site: &Path, lang: &str, phones: &[(&str, &str)], hours: &[&str]) {
    let pages = pages(site);
    assert!(
        pages.len() > 3,
        "{}: only {} pages",
        site.display(),
        pages.len()
    );
    for (path, html) in &pages {
        let p = path.display();
        assert_eq!(attrs(html, "html", "lang"), [lang], "{p}: lang");
        assert_eq!(select(html, "h1").len(), 1, "{p}: exactly one h1");
        let links = attrs(html, "a[href^='tel:']", "href");
        let texts: Vec<String> = select(html, "a[href^='tel:']")
            .iter()
            .map(|a| text_of(a))
            .collect();
        for (tel, display) in phones {
            assert!(
                links.iter().any(|l| l == &format!("tel:{tel}")),
                "{p}: no tel:{tel} in {links:?}"
            );
            assert!(
                texts.iter().any(|t| t.contains(display)),
                "{p}: no {display} in {texts:?}"
            );
        }
        let text = text_of(html);
        for h in hours {
            assert!(text.contains(h), "{p}: no opening hours {h:?}");
        }
    }
}

/// Whether two words differ by one inserted, removed or replaced character.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 || short.len() < 5 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}
