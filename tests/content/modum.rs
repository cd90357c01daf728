//! A whole build of Modum's BTI guide, checked against its seed.

use crate::common::{attrs, built_site, read, select, text_of};

const SEED: &str = include_str!("../seeds/modum.txt");

fn site() -> std::path::PathBuf {
    built_site().join("modum")
}

#[test]
fn emergency_numbers_with_their_exact_hours_on_every_page() {
    crate::common::assert_every_page(
        &site(),
        "nb",
        &[
            ("02800", "02800"),
            ("+4740921233", "409 21 233"),
            ("+4732789350", "32 78 93 50"),
        ],
        &[
            "alle dager hele døgnet",
            "hverdager og søndag kl. 15.30–22.00",
            "fredag og lørdag kl. 17.00–24.00",
            "hverdager kl. 08.00–15.30",
        ],
    );
}

/// A level: its number, its heading as published, and its steps (number, title).
type SeedLevel = (u32, String, Vec<(u32, String)>);

/// The seed's levels ("Nivå 1: Fra undring til tiltak") and their numbered steps
/// ("3 Oppfølgingssamtale"), numbered from 1 within each level.
fn seed_levels() -> Vec<SeedLevel> {
    let mut levels: Vec<SeedLevel> = Vec::new();
    for line in SEED.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("Nivå ") {
            if let Some((n, _)) = rest.split_once(':') {
                if let Ok(n) = n.trim().parse() {
                    levels.push((n, line.to_string(), Vec::new()));
                    continue;
                }
            }
        }
        let Some(level) = levels.last_mut() else {
            continue;
        };
        if let Some((n, title)) = line.split_once(' ') {
            if let Ok(n) = n.parse::<u32>() {
                if n == level.2.len() as u32 + 1 && title.len() < 90 && !title.ends_with('.') {
                    level.2.push((n, title.trim().to_string()));
                }
            }
        }
    }
    levels
}

#[test]
fn every_level_and_numbered_step_of_the_seed() {
    let levels = seed_levels();
    assert_eq!(levels.iter().map(|l| l.0).collect::<Vec<_>>(), [0, 1, 2, 3]);
    let overview = text_of(&read(&site().join("veileder/handlingsveileder/index.html")));
    let mut steps = 0;
    for (level, heading, level_steps) in &levels {
        assert!(
            overview.contains(heading.as_str()),
            "overview lacks {heading}"
        );
        assert!(
            !level_steps.is_empty(),
            "level {level} has steps in the seed"
        );
        for (n, title) in level_steps {
            steps += 1;
            let path = site().join(format!(
                "veileder/handlingsveileder/steg-{level}-{n}/index.html"
            ));
            let html = read(&path);
            let h1 = select(&html, "h1")
                .first()
                .map(|h| text_of(h))
                .unwrap_or_default();
            // The step's number as the source shows it: 1..n within each level.
            let label = select(&html, "h1 .step-id")
                .first()
                .map(|h| text_of(h))
                .unwrap_or_default();
            assert_eq!(label, n.to_string(), "{}: h1 {h1:?}", path.display());
            let position = select(&html, ".step-position")
                .first()
                .map(|p| text_of(p))
                .unwrap_or_default();
            assert!(
                position.starts_with(&format!(
                    "{heading} · Steg {n} ({n} av {})",
                    level_steps.len()
                )),
                "{}: {position:?}",
                path.display()
            );
            // Every word of the published title (a corrected typo may add one).
            let h1_words: Vec<String> = crate::common::trigrams(&format!("x x {h1}"))
                .iter()
                .map(|g| g.rsplit(' ').next().unwrap_or("").to_string())
                .collect();
            for word in crate::common::trigrams(&format!("x x {title}"))
                .iter()
                .map(|g| g.rsplit(' ').next().unwrap_or("").to_string())
            {
                assert!(
                    h1_words.contains(&word),
                    "{}: h1 {h1:?} lacks {word:?} of {title:?}",
                    path.display()
                );
            }
        }
    }
    assert!(steps >= 15, "found {steps} steps in the seed");
}

#[test]
fn step_titles_and_tool_names_keep_the_seeds_words() {
    // The source's title, without a word it does not have.
    let html = read(&site().join("veileder/handlingsveileder/steg-3-2/index.html"));
    let h1 = select(&html, "h1")
        .first()
        .map(|h| text_of(h))
        .unwrap_or_default();
    assert_eq!(
        h1,
        "2 Utvidet nettverksmøte - Ta kontakt fagpersoner som er aktuelt å invitere"
    );
    assert!(
        SEED.contains("2 Utvidet nettverksmøte - Ta kontakt fagpersoner som er aktuelt å invitere")
    );
    // Trinn 4 of level 3 names "Nettverksmøte", as the seed's list does.
    let html = read(&site().join("veileder/handlingsveileder/steg-3-4/index.html"));
    // (Neither document is published, so they are named, not linked.)
    let tools: Vec<String> = select(&html, ".tool-uses li")
        .iter()
        .map(|li| {
            text_of(li)
                .trim_end_matches(" (ikke publisert)")
                .to_string()
        })
        .collect();
    assert_eq!(
        tools,
        [
            "Nettverksmøte",
            "Informasjon om stafettlogg og stafettholder"
        ]
    );
    assert!(SEED
        .trim_end()
        .ends_with("\n\nNettverksmøte\n\nInformasjon om stafettlogg og stafettholder"));
    // "Gode møter i Modum, Nettverksmøte": a part of that document.
    let html = read(&site().join("veileder/handlingsveileder/steg-2-3/index.html"));
    let uses: Vec<String> = select(&html, ".tool-uses li")
        .iter()
        .map(|a| text_of(a))
        .collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("Nettverksmøte i Gode møter i Modum")),
        "{uses:?}"
    );
}

#[test]
fn outcomes_that_end_the_case_are_not_links() {
    for (step, end) in [
        ("steg-1-3", "Avslutt oppfølgingen."),
        ("steg-2-6", "Avslutt loggen."),
    ] {
        let html = read(&site().join(format!("veileder/handlingsveileder/{step}/index.html")));
        let ends: Vec<String> = select(&html, ".outcomes li.outcome-end")
            .iter()
            .map(|e| text_of(e))
            .collect();
        assert_eq!(ends.len(), 1, "{step}: {ends:?}");
        assert!(ends[0].contains(end), "{step}: {ends:?}");
    }
}

#[test]
fn decision_outcomes_link_to_where_they_lead() {
    let html = read(&site().join("veileder/handlingsveileder/steg-0-4/index.html"));
    let targets = attrs(&html, ".outcomes a", "href");
    assert!(
        targets.iter().any(|t| t.ends_with("niva-1/index.html")),
        "{targets:?}"
    );
    assert!(
        targets.iter().any(|t| t.ends_with("steg-0-5/index.html")),
        "{targets:?}"
    );
}

#[test]
fn ressursteam_stafettlogg_and_individual_plan() {
    let all = crate::common::site_text(&site());
    for needle in [
        "Ressursteam",
        "Visma Flyt Samspill",
        "Stafettlogg",
        "Individuell plan",
        "koordinator for IP",
    ] {
        assert!(
            all.to_lowercase().contains(&needle.to_lowercase()),
            "the site lacks {needle:?}"
        );
    }
}

#[test]
fn the_site_carries_the_whole_seed() {
    crate::common::assert_seed_covered(SEED, &[&site()]);
}
