//! The command line as CI and a host with many municipalities use it: `check
//! --format github|gitlab`, `check SLUG…`, `build --only SLUG…` and `build
//! --keep-going`, run as the binary on the fixture `tests/fixtures/keep-going/`
//! (`godby` builds, `brattby` has a misspelt key).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{copy_dir, files, read, repo};

/// A copy of the fixture with the repository's theme, in `<temp>/site/`, the temp
/// folder standing for a repository (it holds `.git`).
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_dir(
            &repo().join("tests/fixtures/keep-going/municipalities"),
            &root.join("municipalities"),
        );
        copy_dir(&repo().join("themes"), &root.join("themes"));
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        Site { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_veiviser"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run veiviser")
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root().join(rel), text).expect("write");
    }

    /// Correct brattby's misspelt key.
    fn fix_brattby(&self) {
        let path = "municipalities/brattby/site.yaml";
        let text = read(&self.root().join(path));
        self.write(path, &text.replace("titel:", "title:"));
    }

    fn output(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        files(&self.out())
    }

    fn listed(&self) -> String {
        read(&self.out().join("index.html"))
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8")
}

/// The files of one site (`<slug>/…`) in an output.
fn site_files(all: &BTreeMap<PathBuf, Vec<u8>>, slug: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    all.iter()
        .filter(|(path, _)| path.starts_with(slug))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect()
}

const TITEL_HELP: &str = "remove the key or correct its spelling; the allowed keys are listed after \"expected\" (see docs/innhold.md)";
const TITEL: &str = "unknown field `titel`, expected one of name, language, model, title, tagline, description, accent_color, accessibility_statement, updated, contact, base_url, exit_url, extends, source";
const STATEMENT: &str = "the site links no accessibility statement";
const STATEMENT_HELP: &str = "make the statement in uustatus.no and add its address to site.yaml: `accessibility_statement: https://uustatus.no/nb/erklaringer/publisert/...`";

#[test]
fn check_format_github_writes_escaped_workflow_commands_with_repository_paths() {
    let site = Site::new();
    let output = site.run(&["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "an error fails the job");
    let expected = format!(
        "::error file=site/municipalities/brattby/site.yaml,line=3,col=1,title=veiviser check%3A brattby::{TITEL}%0Ahelp: {TITEL_HELP}\n\
         ::warning file=site/municipalities/godby/site.yaml,line=1,col=1,title=veiviser check%3A godby::{STATEMENT}%0Ahelp: {STATEMENT_HELP}\n"
    );
    assert_eq!(stdout(&output), expected);
    assert!(
        stderr(&output).contains("1 error(s), 1 warning(s)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_format_gitlab_writes_a_code_quality_report() {
    let site = Site::new();
    let output = site.run(&["check", "--format", "gitlab"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let issues = report.as_array().expect("an array of issues");
    let shape: Vec<(String, String, String, u64)> = issues
        .iter()
        .map(|issue| {
            (
                issue["check_name"].as_str().unwrap_or_default().to_string(),
                issue["severity"].as_str().unwrap_or_default().to_string(),
                issue["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                issue["location"]["lines"]["begin"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (
                "veiviser/error".to_string(),
                "major".to_string(),
                "site/municipalities/brattby/site.yaml".to_string(),
                3
            ),
            (
                "veiviser/warning".to_string(),
                "minor".to_string(),
                "site/municipalities/godby/site.yaml".to_string(),
                1
            )
        ]
    );
    assert_eq!(
        issues[0]["description"],
        format!("{TITEL}\nhelp: {TITEL_HELP}")
    );
    for issue in issues {
        let fingerprint = issue["fingerprint"].as_str().expect("a fingerprint");
        assert!(fingerprint.len() == 16 && fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
    }
    // Stable: the same findings give the same report in the next pipeline.
    assert_eq!(
        stdout(&site.run(&["check", "--format", "gitlab"])),
        stdout(&output)
    );
    // The job's log shows the findings for people.
    assert!(stderr(&output).contains("--> municipalities/brattby/site.yaml:3:1"));
}

#[test]
fn check_some_municipalities_ignores_the_others() {
    let site = Site::new();
    let output = site.run(&["check", "godby"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("brattby"), "{}", stderr(&output));
    assert!(!site.run(&["check", "brattby"]).status.success());

    let output = site.run(&["check", "bratby"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "municipalities: error: there is no municipality `bratby` in `municipalities/` (help: did you mean `brattby`?)\n"
    );
    let output = site.run(&["build", "--only", "bergen"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("the municipalities are: brattby, godby"),
        "{}",
        stderr(&output)
    );
    assert!(!site.out().exists(), "an unknown name builds nothing");
}

#[test]
fn keep_going_publishes_what_builds_and_keeps_the_last_good_output() {
    let site = Site::new();
    // Without the flag: nothing is written.
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!site.out().exists());

    // With it: godby is published; brattby, never built, is absent and not listed.
    let output = site.run(&["build", "--keep-going"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let log = stderr(&output);
    assert!(
        log.contains("--> municipalities/brattby/site.yaml:3:1"),
        "{log}"
    );
    assert!(
        log.contains("not built because of errors (their own or their region's): brattby"),
        "{log}"
    );
    assert!(
        log.contains(
            "not published (no earlier output) and left out of the list of sites: brattby"
        ),
        "{log}"
    );
    assert!(site.out().join("godby/index.html").is_file());
    assert!(!site.out().join("brattby").exists());
    assert!(site.listed().contains("godby/index.html"));
    assert!(!site.listed().contains("brattby"));

    // Fixed: both are published and listed, and the run succeeds.
    site.fix_brattby();
    let output = site.run(&["build", "--keep-going"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.listed().contains("brattby/index.html"));
    let good = site.output();

    // Broken again: brattby keeps exactly what it had; godby is rebuilt.
    site.write(
        "municipalities/brattby/site.yaml",
        "name: Brattby kommune\nlanguage: nb\ntitle: Brattby-veilederen\nfarge: rød\n",
    );
    site.write(
        "municipalities/godby/pages/om.md",
        "---\ntitle: Om veilederen\ntier: municipality\n---\nNy tekst om Godby.\n",
    );
    let output = site.run(&["build", "--keep-going"]);
    assert_eq!(output.status.code(), Some(1));
    let log = stderr(&output);
    assert!(log.contains("unknown field `farge`"), "{log}");
    assert!(
        log.contains("still published from the last good build: brattby"),
        "{log}"
    );
    let now = site.output();
    assert_eq!(site_files(&now, "brattby"), site_files(&good, "brattby"));
    assert!(site.listed().contains("brattby/index.html"), "still listed");
    assert!(read(&site.out().join("godby/om/index.html")).contains("Ny tekst om Godby."));
    let manifest = read(&site.out().join(".veiviser-manifest"));
    assert!(manifest.contains("\nbrattby/index.html\n"), "{manifest}");

    // Without the flag a failed build still changes nothing.
    site.write(
        "municipalities/godby/pages/om.md",
        "---\ntitle: Om veilederen\ntier: municipality\n---\nEnda nyere tekst.\n",
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(site.output(), now);
}

#[test]
fn only_rebuilds_the_named_municipalities_and_keeps_the_others() {
    let site = Site::new();
    site.fix_brattby();
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let full = site.output();

    // Nothing changed: the same bytes as a whole build.
    let output = site.run(&["build", "--only", "godby"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(site.output(), full);
    assert!(
        stderr(&output).contains("kept the output as it was for: brattby"),
        "{}",
        stderr(&output)
    );

    // Both edited, one rebuilt: the other keeps its output, even with an error.
    site.write(
        "municipalities/godby/pages/om.md",
        "---\ntitle: Om veilederen\ntier: municipality\n---\nNy tekst om Godby.\n",
    );
    site.write(
        "municipalities/brattby/guides/veileder.yaml",
        "title: [ikke lukket\n",
    );
    let output = site.run(&["build", "--only", "godby"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let now = site.output();
    assert_eq!(site_files(&now, "brattby"), site_files(&full, "brattby"));
    assert_ne!(site_files(&now, "godby"), site_files(&full, "godby"));
    assert!(read(&site.out().join("godby/om/index.html")).contains("Ny tekst om Godby."));
    assert_eq!(
        now.get(Path::new("index.html")),
        full.get(Path::new("index.html"))
    );

    // An error in a named one: nothing is written.
    let output = site.run(&["build", "--only", "brattby"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(site.output(), now);
}

#[test]
fn only_a_member_reads_its_region_and_keeps_it() {
    let fixture = common::Fixture::region();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_veiviser"))
            .args(args)
            .current_dir(fixture.root())
            .output()
            .expect("run veiviser")
    };
    assert!(run(&["build"]).status.success());
    let full = files(&fixture.out());
    let output = run(&["build", "--only", "medlem"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("kept the output as it was for: region"));
    assert_eq!(files(&fixture.out()), full);
    // A region brings its members.
    let output = run(&["build", "--only", "region"]);
    assert!(
        stderr(&output).contains("built 2 municipalities"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files(&fixture.out()), full);
}

#[test]
fn keep_going_leaves_out_the_members_of_a_broken_region() {
    let fixture = common::Fixture::region();
    copy_dir(
        &repo().join("tests/fixtures/keep-going/municipalities/godby"),
        &fixture.root().join("municipalities/godby"),
    );
    fixture.write(
        "municipalities/region/pages/felles.md",
        "---\ntitel: Felles kapittel\n---\nFelles tekst.\n",
    );
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_veiviser"))
            .args(["build", "--keep-going"])
            .current_dir(fixture.root())
            .output()
            .expect("run veiviser")
    };
    let output = run();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("not built because of errors (their own or their region's): medlem, region"),
        "{}",
        stderr(&output)
    );
    assert!(fixture.out().join("godby/index.html").is_file());
    assert!(!fixture.out().join("medlem").exists());
    assert!(!fixture.out().join("region").exists());

    // When nothing builds, nothing is written.
    fixture.write(
        "municipalities/godby/guides/veileder.yaml",
        "title: [ikke lukket\n",
    );
    let before = files(&fixture.out());
    let output = run();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("build failed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files(&fixture.out()), before);
}

#[test]
fn a_country_in_groups_prints_the_diagnostics_of_a_build_of_all_at_once() {
    // godby builds with warnings, brattby has an error: the diagnostics written as
    // each group is checked read as those of a build of all at once.
    let site = Site::new();
    let whole = site.run(&["build"]);
    let grouped = site.run(&["build", "--sites-at-once", "1"]);
    assert!(!whole.status.success());
    assert!(!grouped.status.success());
    let text = stderr(&whole);
    assert!(text.contains(TITEL), "{text}");
    assert!(text.contains(STATEMENT), "{text}");
    assert!(text.contains("build failed: 1 error(s)"), "{text}");
    assert_eq!(stderr(&grouped), text);
    // Without errors only the closing line (its time) may differ.
    site.fix_brattby();
    let drop_time = |output: &Output| {
        let text = stderr(output);
        let built = text.rfind("built ").expect("the closing line");
        text[..built].to_string()
    };
    let whole = site.run(&["build"]);
    let grouped = site.run(&["build", "--sites-at-once", "1"]);
    assert!(whole.status.success() && grouped.status.success());
    assert!(drop_time(&whole).contains(STATEMENT));
    assert_eq!(drop_time(&grouped), drop_time(&whole));
}

/// The command runs without transparent huge pages (`memory::without_huge_pages`),
/// which doubled its resident memory: seen in a running `serve`'s status.
#[cfg(target_os = "linux")]
#[test]
fn the_command_runs_without_huge_pages() {
    let site = Site::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run veiviser serve");
    let status_file = format!("/proc/{}/status", child.id());
    let said = |status: &str| {
        status
            .lines()
            .find(|l| l.starts_with("THP_enabled:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(String::from)
    };
    // The kernel says it only where it knows the flag; then it is 0 once main ran.
    let mut last = None;
    for _ in 0..100 {
        last = said(&std::fs::read_to_string(&status_file).unwrap_or_default());
        if last.as_deref() != Some("1") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let ours = said(&std::fs::read_to_string("/proc/self/status").unwrap_or_default());
    if ours.is_some() {
        assert_eq!(
            last.as_deref(),
            Some("0"),
            "THP_enabled of `veiviser serve`"
        );
    }
}
