//! `veiviser new`: a new municipality from a model template. The result builds and
//! passes `check` at once; everything the municipality must write itself is marked
//! `unfilled`, shown on the site as not filled in and reported as a to-do.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Loc};
use crate::load::{is_slug, MUNICIPALITIES_DIR};
use crate::model::Lang;

/// The models a municipality can start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    Bti,
    Bts,
    SeMeg,
    TryggOppvekst,
    Plan,
}

impl Model {
    pub fn parse(name: &str) -> Option<Model> {
        Some(match name {
            "bti" => Model::Bti,
            "bts" => Model::Bts,
            "se-meg" => Model::SeMeg,
            "trygg-oppvekst" => Model::TryggOppvekst,
            "plan" => Model::Plan,
            _ => return None,
        })
    }

    fn name(self, lang: Lang) -> &'static str {
        match self {
            Model::Bti => "BTI",
            Model::Bts => "BTS",
            Model::SeMeg => "Se-meg",
            Model::TryggOppvekst => "Trygg oppvekst",
            Model::Plan => Text(
                "Plan for forebyggende arbeid",
                "Plan for førebyggjande arbeid",
            )
            .get(lang),
        }
    }
}

/// One text in both language forms.
struct Text(&'static str, &'static str);

impl Text {
    fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nb => self.0,
            Lang::Nn => self.1,
        }
    }
}

/// The levels and steps of the BTI/BTS model "fra undring til handling".
const LEVELS: &[(Text, &[Text])] = &[
    (
        Text("Nivå 0: Undring", "Nivå 0: Undring"),
        &[
            Text("Undring oppstår", "Undring oppstår"),
            Text("Konkretiser undringen", "Konkretiser undringa"),
            Text("Del undringen", "Del undringa"),
            Text(
                "Er det grunn til å gå videre?",
                "Er det grunn til å gå vidare?",
            ),
        ],
    ),
    (
        Text(
            "Nivå 1: Tiltak på eget arbeidssted",
            "Nivå 1: Tiltak på eigen arbeidsstad",
        ),
        &[
            Text(
                "Planlegg og innkall til møte",
                "Planlegg og kall inn til møte",
            ),
            Text(
                "Samarbeidsmøte med foresatte",
                "Samarbeidsmøte med føresette",
            ),
            Text(
                "Gjennomfør og evaluer tiltak",
                "Gjennomfør og evaluer tiltak",
            ),
            Text("Avklar videre arbeid", "Avklar vidare arbeid"),
        ],
    ),
    (
        Text(
            "Nivå 2: Samarbeid med andre tjenester",
            "Nivå 2: Samarbeid med andre tenester",
        ),
        &[
            Text(
                "Etabler kontakt med annen tjeneste",
                "Etabler kontakt med anna teneste",
            ),
            Text("Planlegg tiltak", "Planlegg tiltak"),
            Text("Iverksett tiltak", "Set i verk tiltak"),
            Text(
                "Evaluer og avklar veien videre",
                "Evaluer og avklar vegen vidare",
            ),
        ],
    ),
    (
        Text(
            "Nivå 3: Omfattende tverrfaglig samarbeid",
            "Nivå 3: Omfattande tverrfagleg samarbeid",
        ),
        &[
            Text(
                "Innkall til møte med flere tjenester",
                "Kall inn til møte med fleire tenester",
            ),
            Text("Planlegg koordinerte tiltak", "Planlegg koordinerte tiltak"),
            Text(
                "Iverksett koordinerte tiltak",
                "Set i verk koordinerte tiltak",
            ),
            Text("Evaluer mål og tiltak", "Evaluer mål og tiltak"),
        ],
    ),
];

/// The shared forms every new toolbox offers, with the title the library gives them.
const FORMS: &[(&str, Text)] = &[
    ("undringsnotat", Text("Undringsnotat", "Undringsnotat")),
    (
        "observasjonsskjema",
        Text("Observasjonsskjema", "Observasjonsskjema"),
    ),
    (
        "samtykkeerklaering",
        Text(
            "Samtykkeerklæring for tverrfaglig samarbeid",
            "Samtykkeerklæring for tverrfagleg samarbeid",
        ),
    ),
    ("moteinnkalling", Text("Møteinnkalling", "Møteinnkalling")),
    ("motereferat", Text("Møtereferat", "Møtereferat")),
    ("tiltaksplan", Text("Tiltaksplan", "Tiltaksplan")),
];

/// The three tiers of a samhandlingsmodell, each a page to write.
const TIERS: &[(&str, &str, Text)] = &[
    (
        "kommuneniva",
        "municipality",
        Text("Kommunenivå", "Kommunenivå"),
    ),
    (
        "tjenesteniva",
        "service",
        Text("Tjenestenivå", "Tenestenivå"),
    ),
    (
        "individniva",
        "individual",
        Text("Individnivå", "Individnivå"),
    ),
];

/// The chapters a plan for preventive work has (barnevernsloven § 3-1).
const PLAN_CHAPTERS: &[(&str, Text)] = &[
    (
        "bakgrunn",
        Text("Bakgrunn og prosess", "Bakgrunn og prosess"),
    ),
    (
        "mal-og-strategier",
        Text("Mål og strategier", "Mål og strategiar"),
    ),
    (
        "utfordringsbilde",
        Text("Utfordringsbildet", "Utfordringsbiletet"),
    ),
    (
        "god-praksis",
        Text("Den gode praksisen", "Den gode praksisen"),
    ),
    (
        "situasjonen-i-var-kommune",
        Text("Situasjonen i vår kommune", "Situasjonen i vår kommune"),
    ),
    ("videre-arbeid", Text("Videre arbeid", "Vidare arbeid")),
];

const TODO: Text = Text(
    "Skriv kommunens egen tekst her.",
    "Skriv kommunen sin eigen tekst her.",
);

/// Write `municipalities/<slug>/` under `root` and return the files written.
pub fn create(
    root: &Path,
    slug: &str,
    model: Model,
    lang: Lang,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let rel = PathBuf::from(MUNICIPALITIES_DIR).join(slug);
    if !is_slug(slug) {
        return Err(Diagnostic::error(
            Loc::file(&rel),
            format!("`{slug}` cannot be used in web addresses"),
        )
        .help("use only a–z, 0–9 and hyphens, e.g. `ovre-eiker` for Øvre Eiker"));
    }
    if !root.join(MUNICIPALITIES_DIR).is_dir() {
        return Err(Diagnostic::error(
            Loc::file(MUNICIPALITIES_DIR),
            "there is no folder `municipalities/` here",
        )
        .help("run veiviser in the content root, the folder that holds `municipalities/`"));
    }
    if root.join(&rel).exists() {
        return Err(Diagnostic::error(
            Loc::file(&rel),
            format!("the municipality `{slug}` already exists"),
        )
        .help("choose another name, or edit the files that are there"));
    }
    let mut files: Vec<(PathBuf, String)> = vec![
        (rel.join("site.yaml"), site(slug, model, lang)),
        (rel.join("toolbox.yaml"), toolbox(lang)),
    ];
    if model != Model::Plan {
        files.push((rel.join("guides/handlingsveileder.yaml"), guide(lang)));
    }
    if model == Model::Bts {
        files.push((rel.join("pyramid.yaml"), pyramid(lang)));
    }
    let pages: Vec<(&str, Option<&str>, &Text)> = if model == Model::Plan {
        PLAN_CHAPTERS.iter().map(|(s, t)| (*s, None, t)).collect()
    } else {
        TIERS
            .iter()
            .map(|(s, tier, t)| (*s, Some(*tier), t))
            .collect()
    };
    for (order, (slug, tier, title)) in pages.into_iter().enumerate() {
        files.push((
            rel.join("pages").join(format!("{slug}.md")),
            page(title.get(lang), tier, order, lang),
        ));
    }
    // Each YAML file names its schema, so that VS Code completes and checks it; the
    // schemas are written (or brought up to this version) beside `municipalities/`.
    let mut files: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|(path, text)| match crate::schema::Kind::of_path(&path) {
            Some(kind) => {
                let text = crate::schema::with_modeline(&path, kind, &text);
                (path, text)
            }
            None => (path, text),
        })
        .collect();
    for (name, json) in crate::schema::files() {
        let path = PathBuf::from(crate::schema::SCHEMAS_DIR).join(name);
        if fs::read_to_string(root.join(&path)).ok().as_deref() != Some(json.as_str()) {
            files.push((path, json));
        }
    }
    let mut written = Vec::new();
    for (path, text) in files {
        let full = root.join(&path);
        let result = full
            .parent()
            .map(fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|()| fs::write(&full, text));
        if let Err(error) = result {
            return Err(Diagnostic::error(
                Loc::file(&path),
                format!("cannot write the file: {error}"),
            )
            .help("check that the folder is writable"));
        }
        written.push(path);
    }
    Ok(written)
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn site(slug: &str, model: Model, lang: Lang) -> String {
    let name: String = slug
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let title = Text("Fra undring til handling", "Frå undring til handling");
    format!(
        "# The municipality's identity. Write the municipality's real name (with æ, ø, å),\n\
         # its own title, and the phone numbers with their opening hours (docs/innhold.md).\n\
         # Every page shows 112 and 116 111 after the municipality's own numbers by itself.\n\
         # To add your numbers, remove `# ` from the lines below and replace the example\n\
         # number \"xxx xx xxx\" with the real one: the site is not built while it stands.\n\
         name: {name}\n\
         language: {lang}\n\
         model: {model}\n\
         title: {title}\n\
         # contact:\n\
         #   heading: Har du spørsmål eller er du bekymret for noen?\n\
         #   phones:\n\
         #     - label: Barnevernvakt\n\
         #       number: \"xxx xx xxx\"\n\
         #       emergency: true\n\
         #       hours:\n\
         #         - days: weekdays\n\
         #           from: \"08:00\"\n\
         #           to: \"15:30\"\n",
        name = quoted(&format!("{name} kommune")),
        lang = lang.code(),
        model = quoted(model.name(lang)),
        title = quoted(title.get(lang)),
    )
}

fn guide(lang: Lang) -> String {
    let mut yaml = format!(
        "title: {}\nintro: |\n  {}\nlevels:\n",
        quoted(
            Text(
                "Handlingsveileder – fra undring til handling",
                "Handlingsrettleiar – frå undring til handling"
            )
            .get(lang)
        ),
        TODO.get(lang)
    );
    for (level, (title, steps)) in LEVELS.iter().enumerate() {
        yaml.push_str(&format!(
            "  - level: {level}\n    title: {}\n    steps:\n",
            quoted(title.get(lang))
        ));
        for (n, step) in steps.iter().enumerate() {
            yaml.push_str(&format!(
                "      - id: \"{level}.{}\"\n        title: {}\n        unfilled: true\n        situation: |\n          {}\n",
                n + 1,
                quoted(step.get(lang)),
                TODO.get(lang)
            ));
        }
    }
    yaml
}

fn pyramid(lang: Lang) -> String {
    let colours = ["green", "yellow", "orange", "red"];
    let mut yaml = format!(
        "title: {}\nintro: |\n  {}\nlevels:\n",
        quoted(Text("BTS-pyramiden", "BTS-pyramiden").get(lang)),
        TODO.get(lang)
    );
    for (level, colour) in colours.iter().enumerate() {
        let (title, _) = &LEVELS[level];
        yaml.push_str(&format!(
            "  - level: {level}\n    color: {colour}\n    title: {}\n    body: |\n      {}\n",
            quoted(title.get(lang)),
            TODO.get(lang)
        ));
    }
    yaml
}

fn toolbox(lang: Lang) -> String {
    let mut yaml = String::from(
        "# The toolbox: the shared forms are ready to fill in. Add the municipality's own\n\
         # documents (put them in files/ and give `file:`).\nitems:\n",
    );
    for (n, (id, title)) in FORMS.iter().enumerate() {
        yaml.push_str(&format!(
            "  - id: {id}\n    number: {}\n    title: {}\n    kind: form\n    form: {id}\n",
            n + 1,
            quoted(title.get(lang))
        ));
    }
    yaml
}

fn page(title: &str, tier: Option<&str>, order: usize, lang: Lang) -> String {
    let tier = tier.map(|t| format!("tier: {t}\n")).unwrap_or_default();
    format!(
        "---\ntitle: {}\n{tier}order: {}\nunfilled: true\n---\n{}\n",
        quoted(title),
        (order + 1) * 10,
        TODO.get(lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_by_name() {
        assert_eq!(Model::parse("bti"), Some(Model::Bti));
        assert_eq!(Model::parse("trygg-oppvekst"), Some(Model::TryggOppvekst));
        assert_eq!(Model::parse("BTI"), None);
    }

    #[test]
    fn refuses_bad_names_and_existing_folders() {
        let dir = tempfile::tempdir().expect("temp");
        assert!(
            create(dir.path(), "ny", Model::Bti, Lang::Nb).is_err(),
            "not a content root"
        );
        std::fs::create_dir(dir.path().join(MUNICIPALITIES_DIR)).expect("mkdir");
        assert!(create(dir.path(), "Øvre Eiker", Model::Bti, Lang::Nb).is_err());
        assert!(create(dir.path(), "ny", Model::Bti, Lang::Nb).is_ok());
        assert!(create(dir.path(), "ny", Model::Bti, Lang::Nb).is_err());
    }
}
