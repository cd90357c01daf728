//! The Vest-Telemark plan: a regional site in nynorsk, inherited by six members,
//! each with its local chapters marked as not yet filled in.

use crate::common::{built_site, built_site_with_drafts, read, select, text_of};

const SEED: &str = include_str!("../seeds/vest-telemark.txt");
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
        crate::common::assert_every_page(&site, "nn", &[], &[]);
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

/// The plan's local part (chapter 8, "Lokal del for ………… kommune") is a template
/// each municipality fills in: no site publishes it until it is written, and
/// `build --drafts` shows all seven of its chapters marked.
#[test]
fn local_chapters_are_drafts_in_every_member() {
    const LOCAL: [&str; 7] = [
        "lokal-del",
        "situasjonen-i-var-kommune",
        "innsikt-om-tenestene-i-oppvekst",
        "dette-er-me-gode-pa",
        "kva-seier-dei-tilsette-og-brukarane",
        "nye-rutinar-nye-arenaer",
        "det-forebyggande-arbeidet",
    ];
    for slug in std::iter::once("vest-telemark").chain(MEMBERS) {
        let site = built_site().join(slug);
        for chapter in LOCAL {
            assert!(
                !site.join(chapter).exists(),
                "{slug}/{chapter} is published"
            );
        }
        let all = crate::common::site_text(&site);
        for words in ["ikkje fylt ut enno", "Her skriv kvar kommune", "Lokal del"] {
            assert!(!all.contains(words), "{slug} publishes {words:?}");
        }
        // "Kvar kommune lagar ein lokal del" stays, without a link to the draft.
        let plan = read(&site.join("vegen-vidare/index.html"));
        assert!(
            text_of(&plan).contains("Kvar kommune lagar ein lokal del."),
            "{slug}"
        );
        assert!(!plan.contains("lokal-del/"), "{slug}");
        let drafts = built_site_with_drafts().join(slug);
        let page = read(&drafts.join("situasjonen-i-var-kommune/index.html"));
        assert_eq!(select(&page, ".unfilled").len(), 1, "{slug}");
        assert!(text_of(&page).contains("Utkast"), "{slug}");
        let home = read(&drafts.join("index.html"));
        assert_eq!(select(&home, ".tag-unfilled").len(), 7, "{slug}");
    }
}

#[test]
fn chapters_of_the_shared_plan() {
    let all = crate::common::site_text(&built_site().join("vest-telemark"));
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
    // The local part's template words are in the drafts, not in the published site.
    crate::common::assert_seed_covered(SEED, &[&built_site_with_drafts().join("vest-telemark")]);
}
