//! Drafts (`unfilled: true` chapters and steps) are not published: `build` leaves
//! them out of everything a reader sees and turns references to them into plain
//! text; `build --drafts` and `serve` show them marked; `check` lists them as to-dos.
//! Fixture: `tests/fixtures/drafts/`.

mod common;

use std::path::{Path, PathBuf};

use common::{attrs, files, pages, read, select, text_of, Fixture};
use veiviser::build::{self, Options};

fn fixture() -> Fixture {
    let fixture = Fixture::empty();
    common::copy_dir(
        &common::repo().join("tests/fixtures/drafts"),
        fixture.root(),
    );
    fixture
}

fn site(out: &Path) -> PathBuf {
    out.join("utkastby")
}

/// Every published byte of the site, as text.
fn everything(out: &Path) -> String {
    files(&site(out))
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_published_build_leaves_drafts_out_of_everything() {
    let fixture = fixture();
    let report = fixture.build();
    common::assert_ok(&report);
    let out = site(&fixture.out());
    for draft in [
        "lokal",
        "veileder/veileder/steg-0-2",
        "veileder/veileder/steg-1-1",
    ] {
        assert!(!out.join(draft).exists(), "{draft} is published");
    }
    // No page, menu, list, toolbox back-link, whole guide, search index or sitemap
    // names a draft or says that something is not filled in.
    let all = everything(&fixture.out());
    for words in [
        "Hemmelig",
        "Her skriver",
        "Ikke skrevet",
        "ikke fylt ut",
        "Utkast:",
        "utkast –",
        "steg-0-2",
        "steg-1-1",
        "lokal/index.html",
    ] {
        assert!(
            !all.contains(words),
            "the published site contains {words:?}"
        );
    }
    assert!(out.join("sitemap.xml").is_file());
    assert!(out.join("sok/indeks.js").is_file() || all.contains("indeks"));
    // Previous and next skip the draft: 0.1 leads on to 0.3.
    let first = read(&out.join("veileder/veileder/steg-0-1/index.html"));
    assert!(
        attrs(&first, "a", "href")
            .iter()
            .any(|h| h.ends_with("steg-0-3/index.html")),
        "0.1 does not lead on to 0.3"
    );
    let toolbox = read(&out.join("verktoy/index.html"));
    assert_eq!(attrs(&toolbox, "#skjema .used-by a", "href").len(), 1);
}

#[test]
fn a_reference_to_a_draft_is_plain_text_not_a_dead_link() {
    let fixture = fixture();
    common::assert_ok(&fixture.build());
    let out = site(&fixture.out());
    let about = read(&out.join("om/index.html"));
    assert!(text_of(&about).contains("Les den lokale delen og steg 0.1"));
    let links = attrs(&about, ".prose a", "href");
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(links[0].ends_with("steg-0-1/index.html"), "{links:?}");
    // The step's text and its decision outcome keep their words, without a link.
    let step = read(&out.join("veileder/veileder/steg-0-1/index.html"));
    assert!(text_of(&step).contains("Les også neste steg"));
    assert!(text_of(&step).contains("Hvis ja, fortsett med utkastet"));
    assert!(select(&step, ".outcomes a").is_empty());
    // No link anywhere leads to a page that is not there.
    for (path, html) in pages(&out) {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for href in attrs(&html, "a", "href") {
            // The 404 page links from the host's root; its links are the home page's.
            if href.contains(':') || href.starts_with('#') || href.starts_with('/') {
                continue;
            }
            let target = href.split('#').next().unwrap_or_default();
            assert!(
                out.join(&dir).join(target).exists(),
                "{}: {href} leads nowhere",
                path.display()
            );
        }
    }
}

#[test]
fn no_level_card_counts_zero_steps() {
    let fixture = fixture();
    common::assert_ok(&fixture.build());
    let home = read(&site(&fixture.out()).join("index.html"));
    let counts: Vec<String> = select(&home, ".level-count")
        .iter()
        .map(|c| text_of(c))
        .collect();
    assert_eq!(counts, ["2 steg"], "{counts:?}");
    // Both levels are still there: the one without published steps has no count.
    assert_eq!(select(&home, ".level-name").len(), 2);
    assert!(!text_of(&home).contains("0 steg"));
}

#[test]
fn build_with_drafts_shows_them_marked() {
    let fixture = fixture();
    let report = build::build_with(
        fixture.root(),
        &fixture.out(),
        Options {
            drafts: true,
            ..Default::default()
        },
    );
    common::assert_ok(&report);
    let out = site(&fixture.out());
    let page = read(&out.join("lokal/index.html"));
    assert_eq!(select(&page, ".unfilled").len(), 1);
    assert!(text_of(&page).contains("Utkast: Denne delen er ikke fylt ut ennå"));
    let step = read(&out.join("veileder/veileder/steg-0-2/index.html"));
    assert_eq!(select(&step, ".unfilled").len(), 1);
    let home = read(&out.join("index.html"));
    let tags: Vec<String> = select(&home, ".tag-unfilled")
        .iter()
        .map(|c| text_of(c))
        .collect();
    assert_eq!(tags, ["utkast – ikke fylt ut ennå"]);
    let about = read(&out.join("om/index.html"));
    assert_eq!(attrs(&about, ".prose a", "href").len(), 2);
}

#[test]
fn check_lists_every_draft_as_a_to_do_with_its_place() {
    let fixture = fixture();
    let (report, _) = build::analyse(fixture.root());
    common::assert_ok(&report);
    let mut todos: Vec<(String, usize)> = report
        .diagnostics
        .warnings()
        .filter(|d| d.message.starts_with("to-do"))
        .map(|d| (d.loc.file.display().to_string(), d.loc.line))
        .collect();
    todos.sort();
    assert_eq!(
        todos,
        [
            (
                "municipalities/utkastby/guides/veileder.yaml".to_string(),
                14
            ),
            (
                "municipalities/utkastby/guides/veileder.yaml".to_string(),
                25
            ),
            ("municipalities/utkastby/pages/lokal.md".to_string(), 1),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_shows_drafts_marked() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let fixture = fixture();
    let bind = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let server = veiviser::serve::start(fixture.root(), bind)
        .await
        .expect("the server starts");
    let mut stream = tokio::net::TcpStream::connect(server.addr())
        .await
        .expect("connect");
    stream
        .write_all(b"GET /utkastby/lokal/index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("class=\"unfilled\""));
    assert!(answer.contains("Hemmelig lokal del"));
    server.shutdown().await;
}

#[test]
fn the_command_line_builds_drafts_only_when_asked() {
    let fixture = fixture();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_veiviser"))
            .args(args)
            .current_dir(fixture.root())
            .output()
            .expect("run veiviser")
    };
    assert!(run(&["build", "--out", "ut"]).status.success());
    assert!(!fixture.root().join("ut/utkastby/lokal").exists());
    let drafts = run(&["build", "--drafts", "--out", "utkast"]);
    assert!(
        drafts.status.success(),
        "{}",
        String::from_utf8_lossy(&drafts.stderr)
    );
    assert!(fixture
        .root()
        .join("utkast/utkastby/lokal/index.html")
        .is_file());
}
