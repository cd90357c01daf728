//! `veiviser new`: start a municipality from a model.

use std::path::Path;
use std::process::ExitCode;

use veiviser::model::Lang;
use veiviser::scaffold;

#[derive(clap::Args)]
pub struct Args {
    /// The folder name under municipalities/: a–z, 0–9 and hyphens.
    slug: String,
    /// The model the guide follows.
    #[arg(long, value_parser = ["bti", "bts", "se-meg", "trygg-oppvekst", "plan"])]
    model: String,
    /// `nb` (bokmål) or `nn` (nynorsk).
    #[arg(long, default_value = "nb", value_parser = ["nb", "nn"])]
    lang: String,
}

pub fn run(root: &Path, Args { slug, model, lang }: Args) -> ExitCode {
    let lang = if lang == "nn" { Lang::Nn } else { Lang::Nb };
    let Some(model) = scaffold::Model::parse(&model) else {
        eprintln!("unknown model `{model}`");
        return ExitCode::FAILURE;
    };
    match scaffold::create(root, &slug, model, lang) {
        Ok(files) => {
            for file in &files {
                eprintln!("wrote {}", file.display());
            }
            eprintln!(
                "created municipalities/{slug}/: write its texts where `veiviser check` reports a to-do, then `veiviser build`"
            );
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            ExitCode::FAILURE
        }
    }
}
