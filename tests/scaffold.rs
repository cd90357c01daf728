//! `veiviser new`: every model, in bokmål and nynorsk, builds and passes check at
//! once, with its placeholders reported as to-dos.

mod common;

use common::Fixture;
use veiviser::model::Lang;
use veiviser::scaffold::{self, Model};

#[test]
fn every_model_builds_at_once_with_to_dos() {
    for name in ["bti", "bts", "se-meg", "trygg-oppvekst", "plan"] {
        for lang in [Lang::Nb, Lang::Nn] {
            let fixture = Fixture::empty();
            common::copy_dir(
                &common::repo().join("content"),
                &fixture.root().join("content"),
            );
            std::fs::create_dir_all(fixture.root().join("municipalities")).expect("mkdir");
            let model = Model::parse(name).expect("model");
            let files = scaffold::create(fixture.root(), "nyby", model, lang).expect("scaffold");
            assert!(files.len() >= 4, "{name}: {files:?}");
            // Every step of a new guide is a to-do: a published build leaves them
            // out, `--drafts` shows them.
            common::assert_ok(&fixture.build());
            assert!(!fixture
                .out()
                .join("nyby/veileder/handlingsveileder/steg-3-4")
                .exists());
            let report = veiviser::build::build_with(
                fixture.root(),
                &fixture.out(),
                veiviser::build::Options {
                    drafts: true,
                    ..Default::default()
                },
            );
            common::assert_ok(&report);
            let todos = report
                .diagnostics
                .warnings()
                .filter(|d| d.message.starts_with("to-do"))
                .count();
            assert!(todos >= 3, "{name} {lang:?}: {todos} to-dos");
            let out = fixture.out().join("nyby");
            assert!(out.join("index.html").is_file());
            if name != "plan" {
                assert!(
                    out.join("veileder/handlingsveileder/steg-3-4/index.html")
                        .is_file(),
                    "{name}"
                );
                assert!(
                    out.join("skjema/samtykkeerklaering/samtykkeerklaering.pdf")
                        .is_file(),
                    "{name}"
                );
            }
            let html = common::read(&out.join("index.html"));
            assert_eq!(common::attrs(&html, "html", "lang"), [lang.code()]);
        }
    }
}

#[test]
fn the_command_line_creates_checks_as_json_and_builds() {
    let fixture = Fixture::empty();
    common::copy_dir(
        &common::repo().join("content"),
        &fixture.root().join("content"),
    );
    std::fs::create_dir_all(fixture.root().join("municipalities")).expect("mkdir");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_veiviser"))
            .args(args)
            .current_dir(fixture.root())
            .output()
            .expect("run veiviser")
    };
    let new = run(&["new", "nyby", "--model", "bti", "--lang", "nn"]);
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let check = run(&["check", "--format", "json"]);
    assert!(check.status.success());
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON on stdout");
    assert_eq!(json["errors"], 0);
    assert!(json["warnings"].as_u64().unwrap_or(0) >= 16, "{json}");
    assert_eq!(json["groups"]["nyby"][0]["severity"], "warning");
    let build = run(&["build"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(
        stderr.contains("built 1 municipalities") && stderr.contains("6 forms"),
        "{stderr}"
    );
    // Text output is grouped per municipality.
    let check = run(&["check"]);
    assert!(String::from_utf8_lossy(&check.stderr).contains("== nyby: 0 error(s)"));
    // The same name twice is refused.
    assert!(!run(&["new", "nyby", "--model", "bti"]).status.success());
}

/// The example number `new` writes is commented out; an editor who uncomments it but
/// forgets to replace it gets an error pointing at it, and no site with a fake number.
/// Either way the new site shows 112 and 116 111.
#[test]
fn the_example_phone_number_is_never_published() {
    let fixture = Fixture::empty();
    common::copy_dir(
        &common::repo().join("content"),
        &fixture.root().join("content"),
    );
    std::fs::create_dir_all(fixture.root().join("municipalities")).expect("mkdir");
    scaffold::create(fixture.root(), "nyby", Model::Bti, Lang::Nb).expect("scaffold");
    let report = fixture.build();
    common::assert_ok(&report);
    let html = common::read(&fixture.out().join("nyby/index.html"));
    assert_eq!(
        common::attrs(&html, ".contact .phone > a[href^='tel:']", "href"),
        ["tel:112", "tel:116111"]
    );
    let path = fixture.root().join("municipalities/nyby/site.yaml");
    let site = common::read(&path);
    assert!(site.contains("# contact:"), "{site}");
    let uncommented: String = site
        .lines()
        .map(|line| {
            let rest = line.strip_prefix("# ").unwrap_or(line);
            // Only the example block: the lines from `contact:` on.
            if rest.starts_with("contact:") || rest.starts_with(' ') {
                rest.to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, &uncommented).expect("write");
    let line = uncommented
        .lines()
        .position(|l| l.contains("number: \"xxx xx xxx\""))
        .expect("the example number")
        + 1;
    let report = fixture.build();
    let errors: Vec<String> = report
        .diagnostics
        .errors()
        .map(|d| format!("{}:{}: {}", d.loc.file.display(), d.loc.line, d.message))
        .collect();
    assert_eq!(
        errors,
        [format!(
            "municipalities/nyby/site.yaml:{line}: `xxx xx xxx` is a placeholder, not a phone number"
        )]
    );
    // The site built before is left as it was.
    let html = common::read(&fixture.out().join("nyby/index.html"));
    assert!(!html.contains("xxx"));
}
