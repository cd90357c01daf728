//! The Vest-Telemark plan: a regional site in nynorsk, inherited by six members,
//! each with its local chapters marked as not yet filled in.

mod common;

use common::{built_site, read, select, text_of};

const SEED: &str = include_str!("seeds/vest-telemark.txt");
const MEMBERS: [&str; 6] = [
    "fyresdal",
    "nissedal",
    "kviteseid",
    "seljord",
    "tokke",
    "vinje",
];

#[test]
fn region_and_members_are_nynorsk_throughout() {
    for slug in std::iter::once("vest-telemark").chain(MEMBERS) {
        let site = built_site().join(slug);
        common::assert_every_page(&site, "nn", &[], &[]);
        let home = text_of(&read(&site.join("index.html")));
        for word in ["Hopp til innhaldet", "Framside", "Verktøykasse"] {
            assert!(home.contains(word), "{slug}: interface text {word:?}");
        }
    }
}

#[test]
fn the_region_lists_its_members_and_each_member_names_the_region() {
    let region = text_of(&read(&built_site().join("vest-telemark/index.html")));
    for slug in MEMBERS {
        let name = format!("{}{} kommune", slug[..1].to_uppercase(), &slug[1..]);
        assert!(region.contains(&name), "the region lacks {name}");
        let home = text_of(&read(&built_site().join(slug).join("index.html")));
        assert!(
            home.contains("Denne rettleiaren er ein del av Vest-Telemark"),
            "{slug}"
        );
        // The shared plan is inherited.
        assert!(
            built_site()
                .join(slug)
                .join("den-gode-praksisen/index.html")
                .is_file(),
            "{slug}"
        );
    }
}

#[test]
fn local_chapters_are_marked_unfilled_in_every_member() {
    for slug in MEMBERS {
        let page = read(
            &built_site()
                .join(slug)
                .join("situasjonen-i-var-kommune/index.html"),
        );
        assert_eq!(select(&page, ".unfilled").len(), 1, "{slug}");
        assert!(text_of(&page).contains("ikkje fylt ut"), "{slug}");
        // The front page says which chapters are still to be written.
        let home = read(&built_site().join(slug).join("index.html"));
        assert_eq!(select(&home, ".tag-unfilled").len(), 6, "{slug}");
    }
}

#[test]
fn chapters_of_the_shared_plan() {
    let all = common::site_text(&built_site().join("vest-telemark"));
    for needle in [
        "§ 3-1",
        "Inkludering",
        "Førebygging",
        "Tidleg innsats",
        "Samhandling",
        "Dette vil me oppnå",
        "Slik gjer me det",
        "Hausten 2023",
        "Våren 2024",
        "Hausten 2024",
        "0-1 år",
        "9 år",
        "Barnets beste",
        "teieplikt",
        "opplysningsplikt",
        "Kopi til samarbeidande instansar",
        "Møtereferat Tverrfagleg innsatsteam",
        "Samtykkeerklæring for tverrfagleg samarbeid",
    ] {
        let found = all.to_lowercase().contains(&needle.to_lowercase())
            || all
                .replace('–', "-")
                .to_lowercase()
                .contains(&needle.to_lowercase());
        assert!(found, "the plan lacks {needle:?}");
    }
}

#[test]
fn the_site_carries_the_whole_seed() {
    common::assert_seed_covered(SEED, &[&built_site().join("vest-telemark")]);
}
