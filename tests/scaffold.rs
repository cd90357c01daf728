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
            let model = Model::parse(name).expect("model");
            let files = scaffold::create(fixture.root(), "nyby", model, lang).expect("scaffold");
            assert!(files.len() >= 4, "{name}: {files:?}");
            let report = fixture.build();
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
