//! Hostile and absurd input, class by class (issue 14): each case failed before the
//! fix (a crash, a hang, a leak, a mixed site) and must now end in a located error
//! or a correct site.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::Fixture;
use veiviser::build;

const PAGE: &str = "municipalities/test/pages/om.md";

fn veiviser(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("run veiviser")
}

/// The errors of a build, as text.
fn errors(report: &build::Report) -> Vec<String> {
    report.diagnostics.errors().map(|d| d.to_string()).collect()
}

/// Build and demand an error at `file` (and `line`, when given) whose message has
/// `needle`; the output folder must not have been made.
fn fails_at(fixture: &Fixture, file: &str, line: Option<usize>, needle: &str) {
    let report = fixture.build();
    let found = report.diagnostics.errors().any(|d| {
        d.loc.file.to_string_lossy().contains(file)
            && line.is_none_or(|l| d.loc.line == l)
            && d.message.contains(needle)
            && d.help.is_some()
    });
    assert!(
        found,
        "expected an error at {file}:{line:?} with {needle:?}, got {:#?}",
        errors(&report)
    );
    assert!(!fixture.out().exists(), "a failed build wrote output");
}

// 1–2. Deep nesting: the minifier's recursion, the parser's scope checks.

fn deep_pages() -> Vec<(&'static str, String)> {
    vec![
        ("3,000 nested <b>", "<b>".repeat(3000)),
        (
            "2,000 nested list items",
            format!("{}a\n", "- ".repeat(2000)),
        ),
        ("2,500 nested quotes", format!("{} x\n", ">".repeat(2500))),
        ("700 nested table cells", "<table><tr><td>".repeat(700)),
        ("100,000 nested sections", "<section>".repeat(100_000)),
    ]
}

#[test]
fn deep_nesting_is_an_error_with_file_and_line_in_check_and_build() {
    for (what, body) in deep_pages() {
        let fixture = Fixture::valid();
        fixture.write(PAGE, &format!("---\ntitle: Dyp\n---\nFørst.\n\n{body}"));
        for args in [&["check"][..], &["build", "--out", "public"][..]] {
            let started = Instant::now();
            let output = veiviser(fixture.root(), args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{what}, {args:?}: not a clean error exit: {:?}\n{stderr}",
                output.status
            );
            assert!(
                stderr.contains("pages/om.md:6") && stderr.contains("levels deep"),
                "{what}, {args:?}: {stderr}"
            );
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{what}: took {:?}",
                started.elapsed()
            );
        }
        assert!(!fixture.out().exists());
    }
}

#[test]
fn deep_nesting_in_a_yaml_text_points_into_the_yaml_file() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/guides/veileder.yaml",
        &format!(
            "title: Veileder\nlevels:\n  - level: 0\n    title: Nivå 0\n    steps:\n      - id: \"0.1\"\n        title: Undring\n        situation: \"{}\"\n        responsible: Den som undrer seg.\n        tools: [skjema]\n",
            "<i>".repeat(500)
        ),
    );
    fails_at(&fixture, "guides/veileder.yaml", Some(8), "levels deep");
}

#[test]
fn flat_but_long_pages_build_in_time_linear_in_their_size() {
    // Near-linear: twice the input may take at most ~3× the time (noise included).
    let time = |n: usize| {
        let fixture = Fixture::valid();
        fixture.write(
            PAGE,
            &format!(
                "---\ntitle: Lang\n---\n{}",
                "<section>a</section>\n".repeat(n)
            ),
        );
        let started = Instant::now();
        common::assert_ok(&fixture.build());
        started.elapsed()
    };
    let small = time(5_000);
    let large = time(20_000);
    assert!(
        large < small * 12 + Duration::from_secs(1),
        "5,000 sections: {small:?}, 20,000: {large:?}"
    );
}

// 3. Memory.

#[test]
fn an_anchor_reused_beyond_the_budget_is_an_error() {
    let fixture = Fixture::valid();
    let anchor = "x".repeat(1_000_000);
    let uses: String = (0..65)
        .map(|i| format!("  - id: a{i}\n    name: A{i}\n    body: *big\n"))
        .collect();
    fixture.write(
        "municipalities/test/arenas.yaml",
        &format!("intro: &big {anchor}\narenas:\n{uses}"),
    );
    fails_at(&fixture, "arenas.yaml", None, "4 MB");
}

#[test]
fn a_wide_table_with_many_rows_is_an_error() {
    let fixture = Fixture::valid();
    let header = format!("{}|\n{}|\n", "|a".repeat(5000), "|-".repeat(5000));
    let rows = "|x\n".repeat(300_000);
    fixture.write(PAGE, &format!("---\ntitle: Tabell\n---\n{header}{rows}"));
    let started = Instant::now();
    fails_at(&fixture, "pages/om.md", None, "cells");
    assert!(started.elapsed() < Duration::from_secs(20));
}

// 4–5. Links out of the content tree, special files.

#[cfg(unix)]
fn link(fixture: &Fixture, target: &Path, rel: &str) {
    let path = fixture.root().join(rel);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, path).expect("symlink");
}

#[cfg(unix)]
#[test]
fn no_file_is_read_through_a_link() {
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(outside.path().join("secret.md"), "HEMMELIG").expect("write");
    std::fs::write(
        outside.path().join("site.yaml"),
        "name: Hemmelig\nlanguage: nb\ntitle: HEMMELIG\n",
    )
    .expect("write");
    std::fs::write(outside.path().join("toolbox.yaml"), "items: []\n").expect("write");
    std::fs::create_dir(outside.path().join("files")).expect("mkdir");
    std::fs::write(outside.path().join("files/a.pdf"), "%PDF-1.7 HEMMELIG").expect("write");
    let cases: Vec<(&str, &str, std::path::PathBuf, &str)> = vec![
        (
            "a page",
            "municipalities/test/home.md",
            "/proc/self/environ".into(),
            "home.md",
        ),
        (
            "a page in pages/",
            "municipalities/test/pages/hemmelig.md",
            outside.path().join("secret.md"),
            "hemmelig.md",
        ),
        (
            "site.yaml",
            "municipalities/test/site.yaml",
            outside.path().join("site.yaml"),
            "site.yaml",
        ),
        (
            "toolbox.yaml",
            "municipalities/test/toolbox.yaml",
            outside.path().join("toolbox.yaml"),
            "toolbox.yaml",
        ),
        (
            "files/ itself",
            "municipalities/test/files",
            outside.path().join("files"),
            "files",
        ),
        (
            "a municipality folder",
            "municipalities/ute",
            outside.path().to_path_buf(),
            "municipalities/ute",
        ),
        (
            "the pages folder",
            "municipalities/test/pages",
            outside.path().to_path_buf(),
            "pages",
        ),
        (
            "the guidance catalogue",
            "content/guidance.yaml",
            outside.path().join("toolbox.yaml"),
            "guidance.yaml",
        ),
        (
            "a template",
            "themes/default/templates/page.html",
            outside.path().join("secret.md"),
            "page.html",
        ),
        (
            "a theme script",
            "themes/default/static/veiviser.js",
            outside.path().join("secret.md"),
            "veiviser.js",
        ),
    ];
    for (what, rel, target, name) in cases {
        let fixture = Fixture::valid();
        link(&fixture, &target, rel);
        let report = fixture.build();
        let error = report
            .diagnostics
            .errors()
            .find(|d| d.message.contains("link") && d.to_string().contains(name));
        assert!(error.is_some(), "{what}: {:#?}", errors(&report));
        assert!(!fixture.out().exists(), "{what}: a site was written");
        if !rel.starts_with("themes") {
            let (check, _) = build::analyse(fixture.root());
            assert!(!check.ok(), "{what}: check passed");
        }
    }
}

#[cfg(unix)]
fn fifo(path: &Path) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let _ = std::fs::remove_file(path);
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

/// Run `f` on its own thread; `None` when it has not finished in `limit`.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).ok()
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_it() {
    for rel in [
        "municipalities/test/home.md",
        "municipalities/test/site.yaml",
        "municipalities/test/pages/ror.md",
        "municipalities/test/files/ror.pdf",
        "content/guidance.yaml",
        "content/national-numbers.yaml",
        "themes/default/i18n/nb.yaml",
    ] {
        let fixture = Fixture::valid();
        fifo(&fixture.root().join(rel));
        let root = fixture.root().to_path_buf();
        let out = fixture.out();
        let report = within(Duration::from_secs(30), move || {
            errors(&build::build(&root, &out))
        })
        .unwrap_or_else(|| panic!("{rel}: the build waits on the FIFO"));
        let name = Path::new(rel).file_name().expect("name").to_string_lossy();
        assert!(
            report
                .iter()
                .any(|e| e.contains(name.as_ref()) && e.contains("not a regular file")),
            "{rel}: {report:#?}"
        );
    }
}

// 6. Images from other hosts.

#[test]
fn no_image_from_another_host_reaches_a_page() {
    let fixture = Fixture::valid();
    let variants = [
        "/\\evil.example/a.png",
        "\\\\evil.example/a.png",
        "\\/evil.example/a.png",
        " //evil.example/a.png",
        "&#9;//evil.example/a.png",
        "&#10;//evil.example/a.png",
        "/&#9;/evil.example/a.png",
        "https:evil.example/a.png",
        "HTTP://evil.example/a.png",
    ];
    let body: String = variants
        .iter()
        .map(|v| format!("<img alt=\"x\" src=\"{v}\">\n\n"))
        .collect();
    fixture.write(
        PAGE,
        &format!("---\ntitle: Bilder\n---\n{body}![Kart](kart.png)\n"),
    );
    common::assert_ok(&fixture.build());
    let html = common::read(&fixture.out().join("test/om/index.html"));
    assert!(!html.contains("evil.example"), "{html}");
    assert!(html.contains("kart.png"), "a local image stays");
}

// 7. Scripts in URL fields.

#[test]
fn scripts_and_data_in_url_fields_are_errors_with_file_and_line() {
    let site =
        |extra: &str| format!("name: Testby kommune\nlanguage: nb\ntitle: Testveileder\n{extra}");
    let cases: Vec<(&str, &str, String, usize)> = vec![
        ("phones[].url", "municipalities/test/site.yaml", site("contact:\n  phones:\n    - label: Chat\n      channel: chat\n      url: \"javascript:alert(1)\"\n"), 8),
        ("accessibility_statement", "municipalities/test/site.yaml", site("accessibility_statement: \"data:text/html,<script>alert(1)</script>\"\n"), 4),
        ("base_url", "municipalities/test/site.yaml", site("base_url: \" javascript:alert(1)\"\n"), 4),
        ("exit_url", "municipalities/test/site.yaml", site("exit_url: \"vbscript:x\"\n"), 4),
        ("a toolbox url", "municipalities/test/toolbox.yaml", "items:\n  - id: skjema\n    number: 1\n    title: Undringsskjema\n    kind: form\n    url: \"java\\tscript:alert(1)\"\n".into(), 6),
        ("the catalogue's url", "content/guidance.yaml", "categories:\n  - id: lov\n    title: {nb: Lover}\nitems:\n  - id: bvl\n    category: lov\n    title: {nb: Barnevernsloven}\n    url: \"javascript:alert(1)\"\n".into(), 8),
    ];
    for (what, file, text, line) in cases {
        let fixture = Fixture::valid();
        fixture.write(file, &text);
        let report = fixture.build();
        let found = report.diagnostics.errors().any(|d| {
            d.loc
                .file
                .ends_with(Path::new(file).file_name().expect("name"))
                && d.loc.line == line
                && d.message.contains("cannot be published as a link")
        });
        assert!(found, "{what}: {:#?}", errors(&report));
        assert!(!fixture.out().exists(), "{what}");
    }
}

// 8. Scripts through files/.

#[test]
fn only_documents_and_images_are_published_from_files() {
    let cases: Vec<(&str, &[u8], &str)> = vec![
        (
            "kart.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "SVG",
        ),
        (
            "side.html",
            b"<!doctype html><script>alert(1)</script>",
            "HTML",
        ),
        (
            "falsk.pdf",
            b"<html><script>alert(1)</script></html>",
            "HTML",
        ),
        (
            "polyglot.html",
            b"%PDF-1.7\n<script>alert(1)</script>",
            "named `.html`",
        ),
        ("notat.txt", b"hei", "not a document or image type"),
        ("bilde.png", b"GIF89a.....", "named `.png`"),
    ];
    for (name, bytes, needle) in cases {
        let fixture = Fixture::valid();
        fixture.write_bytes(&format!("municipalities/test/files/{name}"), bytes);
        fails_at(&fixture, &format!("files/{name}"), None, needle);
    }
    let fixture = Fixture::valid();
    fixture.write_bytes("municipalities/test/files/plan.pdf", b"%PDF-1.7\n%%EOF\n");
    fixture.write_bytes(
        "municipalities/test/files/kart.png",
        b"\x89PNG\r\n\x1a\n\0\0",
    );
    common::assert_ok(&fixture.build());
    assert!(fixture.out().join("test/filer/plan.pdf").is_file());
    assert!(fixture.out().join("test/filer/kart.png").is_file());
}

// 9. An interrupted build: the old site or the new one, never a mix.

/// A site with enough bytes that writing it takes a while: `variant` changes every
/// page and document.
fn write_variant(fixture: &Fixture, variant: char) {
    for i in 0..40 {
        fixture.write(
            &format!("municipalities/test/pages/side-{i}.md"),
            &format!("---\ntitle: Side {i}\n---\nVariant {variant}, side {i}.\n"),
        );
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend(std::iter::repeat_n(variant as u8, 300_000));
        fixture.write_bytes(&format!("municipalities/test/files/dok-{i}.pdf"), &pdf);
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let fixture = Fixture::valid();
    let expected: Vec<_> = ['a', 'b']
        .iter()
        .map(|&variant| {
            write_variant(&fixture, variant);
            let out = fixture.root().join(format!("expected-{variant}"));
            common::assert_ok(&build::build(fixture.root(), &out));
            common::files(&out)
        })
        .collect();
    assert_ne!(expected[0], expected[1]);
    // The site starts as variant a; a rebuild to b and back gives the time a
    // rebuild takes.
    let mut whole = Duration::MAX;
    for variant in ['a', 'b', 'a'] {
        write_variant(&fixture, variant);
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_veiviser"))
            .args(["build", "--out", "public"])
            .current_dir(fixture.root())
            .output()
            .expect("build");
        assert!(status.status.success());
        whole = whole.min(started.elapsed());
    }

    const RUNS: u64 = 24;
    let (mut old, mut new, mut interrupted) = (0, 0, 0);
    let mut variant = 'a';
    for run in 0..RUNS {
        let next = if variant == 'a' { 'b' } else { 'a' };
        write_variant(&fixture, next);
        // Spread over the whole build, with a pseudo-random jitter.
        let jitter = (run * 7919 % 13) as f64 / 13.0;
        // The fastest rebuild seen: most runs are killed, the last ones near the end,
        // where the write and the switch happen.
        let delay = whole.mul_f64((run as f64 + jitter) / RUNS as f64);
        let mut child = Command::new(env!("CARGO_BIN_EXE_veiviser"))
            .args(["build", "--out", "public"])
            .current_dir(fixture.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let finished = child.try_wait().expect("wait").is_some();
        let _ = child.kill();
        let _ = child.wait();
        if !finished {
            interrupted += 1;
        }
        let now = common::files(&fixture.out());
        let index = |v: char| usize::from(v == 'b');
        if now == expected[index(variant)] {
            old += 1;
        } else if now == expected[index(next)] {
            new += 1;
            variant = next;
        } else {
            panic!("run {run} (killed after {delay:?}): the output is neither the old site nor the new one");
        }
    }
    eprintln!(
        "kill loop: {RUNS} runs over a {whole:?} build, {interrupted} killed, {old} left the old site, {new} the new one"
    );
    assert!(interrupted >= RUNS / 3, "most runs were killed mid-build");
}

// 10. The output folder.

#[test]
fn build_out_a_file_is_refused_before_anything_is_touched() {
    let fixture = Fixture::valid();
    fixture.write("notat.txt", "mine");
    let output = veiviser(fixture.root(), &["build", "--out", "notat.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a file"));
    assert_eq!(common::read(&fixture.root().join("notat.txt")), "mine");
    assert!(!fixture.root().join(".notat.txt.prev").exists());
}

#[test]
fn build_out_a_folder_veiviser_did_not_write_deletes_nothing() {
    let fixture = Fixture::valid();
    fixture.write("docs/innhold.md", "mine");
    let output = veiviser(fixture.root(), &["build", "--out", "docs"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        common::read(&fixture.root().join("docs/innhold.md")),
        "mine"
    );
    // A file added to a built folder is kept too.
    assert!(veiviser(fixture.root(), &["build", "--out", "public"])
        .status
        .success());
    fixture.write("public/CNAME", "veileder.kommune.no");
    let output = veiviser(fixture.root(), &["build", "--out", "public"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(fixture.root().join("public/CNAME").is_file());
    // Forced, the folder is replaced.
    let output = veiviser(fixture.root(), &["build", "--out", "docs", "--force"]);
    assert!(output.status.success());
    assert!(!fixture.root().join("docs/innhold.md").exists());
    assert!(fixture.root().join("docs/test/index.html").is_file());
}

// Forms, titles, dates.

#[test]
fn a_form_table_with_too_many_columns_is_an_error() {
    let fixture = Fixture::valid();
    let columns: Vec<String> = (1..=1000).map(|i| format!("K{i}")).collect();
    fixture.write(
        "municipalities/test/forms/bred.yaml",
        &format!(
            "title: Bred\nsections:\n  - title: Del\n    fields:\n      - id: t\n        type: table\n        label: Tabell\n        columns: [{}]\n",
            columns.join(", ")
        ),
    );
    fails_at(&fixture, "forms/bred.yaml", Some(6), "columns");
}

#[test]
fn an_empty_title_is_an_error_wherever_a_title_is_written() {
    let cases: Vec<(&str, String, usize)> = vec![
        ("municipalities/test/site.yaml", "name: Testby kommune\nlanguage: nb\ntitle: \"\"\n".into(), 3),
        ("municipalities/test/site.yaml", "name: ''\nlanguage: nb\ntitle: T\n".into(), 1),
        ("municipalities/test/pages/om.md", "---\ntitle: \"  \"\n---\nTekst.\n".into(), 2),
        ("municipalities/test/guides/veileder.yaml", "title: Veileder\nlevels:\n  - level: 0\n    title: \"\"\n    steps:\n      - id: \"0.1\"\n        title: Undring\n".into(), 4),
        ("municipalities/test/forms/tom.yaml", "title: \"\"\nsections: []\n".into(), 1),
    ];
    for (file, text, line) in cases {
        let fixture = Fixture::valid();
        fixture.write(file, &text);
        fails_at(
            &fixture,
            file.rsplit('/').next().expect("name"),
            Some(line),
            "is empty",
        );
    }
}

#[test]
fn an_impossible_date_is_an_error() {
    for date in ["2023-02-30", "2023-02-29", "2023-04-31", "2023-00-01"] {
        let fixture = Fixture::valid();
        fixture.write(
            "municipalities/test/site.yaml",
            &format!("name: Testby kommune\nlanguage: nb\ntitle: T\nupdated: \"{date}\"\n"),
        );
        fails_at(&fixture, "site.yaml", Some(4), "is not a date");
    }
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/test/site.yaml",
        "name: Testby kommune\nlanguage: nb\ntitle: T\nupdated: \"2024-02-29\"\n",
    );
    common::assert_ok(&fixture.build());
}
