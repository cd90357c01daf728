//! A whole build of Midt-Telemark's Se-meg guide, checked against its seed.

use crate::common::{built_site, read, select, text_of};

const SEED: &str = include_str!("../seeds/midt-telemark.txt");

fn site() -> std::path::PathBuf {
    built_site().join("midt-telemark")
}

#[test]
fn every_page_in_bokmal_and_no_invented_phone_numbers() {
    // The source gives no phone numbers of its own, so the site shows only the
    // national numbers every site shows.
    crate::common::assert_every_page(&site(), "nb", &[("112", "112"), ("116111", "116 111")], &[]);
    for (path, html) in crate::common::pages(&site()) {
        assert_eq!(
            crate::common::attrs(&html, ".contact .phone > a[href^='tel:']", "href"),
            ["tel:112", "tel:116111"],
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_three_tiers_with_their_topics() {
    let home = text_of(&read(&site().join("index.html")));
    for tier in ["Kommunenivå", "Tjenestenivå", "Individnivå"] {
        assert!(home.contains(tier), "front page lacks {tier}");
    }
    let all = crate::common::site_text(&site());
    for topic in [
        "Internkontroll",
        "Compilo",
        "Stafettlogg",
        "Tilsyn",
        "Forvaltningsrevisjon",
        "Brukermedvirkning",
        "Folkehelseoversikt",
        "Bufdirs tjenestekataloger",
        "Dekom",
        "Rekomp",
        "Kompetanseløftet",
        "Ung Arena",
        "Familiehjelpa",
        "Sammen Mot",
        "Barn som utfordrer",
        "Liv og røre",
        "Trafikksikker kommune",
        "Stafettholder",
    ] {
        assert!(
            all.to_lowercase().contains(&topic.to_lowercase()),
            "the site lacks {topic:?}"
        );
    }
}

#[test]
fn every_political_body_and_the_public_health_figures() {
    let all = crate::common::site_text(&site());
    let start = SEED.find("gjennom deltakelse i:").expect("list in seed");
    let bodies: Vec<&str> = SEED[start..]
        .lines()
        .skip(1)
        .map(|l| l.trim().trim_start_matches('•').trim())
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(bodies.len(), 10, "{bodies:?}");
    for body in bodies {
        assert!(
            all.contains(body),
            "the site lacks the political body {body:?}"
        );
    }
    assert!(all.contains("34 000"));
    assert!(all.contains("734"));
}

#[test]
fn seven_arenas_with_participants_and_frequency() {
    let html = read(&site().join("samarbeid/index.html"));
    assert_eq!(select(&html, "section.arena").len(), 7);
    let text = text_of(&html);
    for needle in [
        "4 ganger i året",
        "1 gang per måned",
        "SLT-koordinator",
        "BUP",
        "Ungdomsrådet",
    ] {
        assert!(
            text.to_lowercase().contains(&needle.to_lowercase()),
            "arenas lack {needle:?}"
        );
    }
    assert_eq!(
        select(&html, "section.arena dl.facts").len(),
        7,
        "each arena lists its facts"
    );
}

#[test]
fn the_evaluation_meeting_and_its_four_outcomes() {
    let all = crate::common::site_text(&site());
    for outcome in [
        "skal tiltaket avsluttes?",
        "tiltaket har effekt, men man er fremdeles ikke i mål og arbeidet fortsetter?",
        "kan det iverksettes andre tiltak?",
        "tiltaket har ikke gitt ønsket effekt. Er det behov for hjelp fra andre tjenester?",
    ] {
        assert!(
            all.contains(outcome),
            "the site lacks the outcome {outcome:?}"
        );
    }
}

#[test]
fn the_site_carries_the_whole_seed() {
    crate::common::assert_seed_covered(SEED, &[&site()]);
}
