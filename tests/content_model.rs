//! The content model for guides not yet seen: step labels chosen by the editor,
//! outcomes that end the case, steps that reuse another step's tools, tools that are a
//! section of a document, level subtitles, call-outs, several guides in one
//! municipality and links derived from the order of the steps. Each construct has a
//! fixture under `tests/fixtures/<construct>/`, each new error one under
//! `tests/fixtures/invalid/<kind>/`.

mod common;

use std::path::{Path, PathBuf};

use common::{attrs, copy_dir, read, repo, select, text_of};
use veiviser::build::{self, Report};
use veiviser::diagnostic::Diagnostic;

/// A fixture copied beside the repository's theme and built.
struct Built {
    dir: tempfile::TempDir,
    report: Report,
}

impl Built {
    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// A page of the fixture's one municipality `slug`, e.g. `veileder/x/steg-1-1/index.html`.
    fn page(&self, slug: &str, path: &str) -> String {
        read(&self.out().join(slug).join(path))
    }
}

fn build_fixture(name: &str) -> Built {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    let report = build::build(dir.path(), &dir.path().join("public"));
    Built { dir, report }
}

/// A valid fixture: it builds without errors.
fn valid(name: &str) -> Built {
    let built = build_fixture(name);
    common::assert_ok(&built.report);
    built
}

/// A broken fixture: the build stops, writes nothing, and reports an error at
/// `file` (its path's end) and `line` whose message contains `message`, with help.
fn the_error(name: &str, file: &str, line: usize, message: &str) -> Diagnostic {
    let built = build_fixture(&format!("invalid/{name}"));
    let errors: Vec<&Diagnostic> = built.report.diagnostics.errors().collect();
    assert!(!built.out().exists(), "{name}: a failed build wrote output");
    let found = errors
        .iter()
        .find(|d| d.loc.file.ends_with(Path::new(file)) && d.loc.line == line)
        .unwrap_or_else(|| {
            panic!(
                "{name}: no error at {file}:{line}; errors:\n{}",
                errors
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
    assert!(
        found.message.contains(message),
        "{name}: {:?} lacks {message:?}",
        found.message
    );
    assert!(
        found.help.as_deref().is_some_and(|h| !h.is_empty()),
        "{name}: no help in {found}"
    );
    (*found).clone()
}

fn first_text(html: &str, css: &str) -> String {
    select(html, css)
        .first()
        .map(|h| text_of(h))
        .unwrap_or_default()
}

fn texts(html: &str, css: &str) -> Vec<String> {
    select(html, css).iter().map(|h| text_of(h)).collect()
}

fn title(html: &str) -> String {
    first_text(html, "title")
}

// --- 1. Step labels chosen by the editor -------------------------------------------

#[test]
fn step_labels_numbered_per_level_sub_steps_and_unnumbered_steps() {
    let site = valid("step-labels");
    let step = |id: &str| {
        site.page(
            "labelby",
            &format!("veileder/veileder/steg-{id}/index.html"),
        )
    };

    let first = step("0-1");
    assert_eq!(first_text(&first, "h1"), "1 Undring oppstår");
    assert_eq!(first_text(&first, "h1 .step-id"), "1");
    assert!(
        first_text(&first, ".step-position").ends_with("Steg 1 (1 av 4)"),
        "{}",
        first_text(&first, ".step-position")
    );

    // A sub-step: its own label, its true place in the level.
    let sub = step("0-2a");
    assert_eq!(first_text(&sub, "h1"), "2a Skriv ned det du ser");
    assert!(first_text(&sub, ".step-position").ends_with("Steg 2a (3 av 4)"));

    // An unnumbered step shows no number, and its place without calling it "Steg n".
    let unnumbered = step("innledende-samtale");
    assert_eq!(first_text(&unnumbered, "h1"), "Samtale med leder");
    assert!(select(&unnumbered, "h1 .step-id").is_empty());
    let position = first_text(&unnumbered, ".step-position");
    assert!(position.ends_with("4 av 4 steg på nivået"), "{position}");
    assert!(!position.contains("Steg"), "{position}");

    // A gap stays as published: the level's second step is labelled 3, "2 av 2".
    let gap = step("1-3");
    assert!(first_text(&gap, ".step-position").ends_with("Steg 3 (2 av 2)"));

    // Labels repeat across levels, so a step's page title and a link to a step on
    // another level name the level.
    let level_one = step("1-1");
    assert!(
        title(&level_one).starts_with("1 Skap felles forståelse – Nivå 1: Tiltak – "),
        "{}",
        title(&level_one)
    );
    assert_eq!(
        first_text(&unnumbered, ".pager-next"),
        "Neste steg i rekkefølgen Nivå 1: Tiltak – 1 Skap felles forståelse"
    );
    // An outcome naming a step on another level names that level; one on the same
    // level needs not.
    assert_eq!(
        texts(&level_one, ".outcome-target"),
        [
            "→ 2a Skriv ned det du ser (Nivå 0: Undring)",
            "→ 3 Oppfølging"
        ]
    );
    // References use the id, whatever the label.
    let hrefs = attrs(&level_one, ".step-text a", "href");
    assert!(hrefs[0].ends_with("steg-0-2a/index.html"), "{hrefs:?}");
    assert!(
        hrefs[1].ends_with("steg-innledende-samtale/index.html"),
        "{hrefs:?}"
    );

    // The overview and the level page show the labels, not the ids.
    let overview = site.page("labelby", "veileder/veileder/index.html");
    assert_eq!(
        texts(&overview, ".sbs-steps > li > a"),
        [
            "1 Undring oppstår",
            "2 Konkretiser undringen",
            "2a Skriv ned det du ser",
            "Samtale med leder",
            "1 Skap felles forståelse",
            "3 Oppfølging"
        ]
    );
    let whole = site.page("labelby", "hele/index.html");
    assert!(text_of(&whole).contains("2a Skriv ned det du ser"));
    assert!(!text_of(&whole).contains("0.2a"));
}

// --- 2. Decisions that end the case, and 8. links derived from the order --------------

#[test]
fn an_outcome_can_end_the_case() {
    let site = valid("outcome-ends");
    let html = site.page("sluttby", "veileder/veileder/steg-1-1/index.html");
    let ends = select(&html, ".outcomes li.outcome-end");
    assert_eq!(ends.len(), 1, "{html}");
    assert_eq!(
        text_of(&ends[0]),
        "Hvis nei: saken avsluttes Saken avsluttes her."
    );
    assert!(!ends[0].contains("<a"), "an end is not a link: {}", ends[0]);
    // The other outcome still leads on.
    let hrefs = attrs(&html, ".outcomes a", "href");
    assert_eq!(hrefs.len(), 1);
    assert!(hrefs[0].ends_with("steg-1-2/index.html"));
}

#[test]
fn links_derived_from_the_order_of_steps_say_so() {
    let site = valid("outcome-ends");
    let html = site.page("sluttby", "veileder/veileder/steg-1-2/index.html");
    // An outcome the source does not state.
    let derived = first_text(&html, ".outcomes li.outcome-derived");
    assert!(
        derived.contains("Kilden sier ikke hvor dette fører"),
        "{derived}"
    );
    // An outcome the source states carries no such note.
    let stated = site.page("sluttby", "veileder/veileder/steg-1-1/index.html");
    assert!(select(&stated, ".derived-note").is_empty());
    // Previous and next follow the order of the steps, and say so.
    assert_eq!(
        texts(&html, ".pager-label"),
        ["Forrige steg i rekkefølgen", "Neste steg i rekkefølgen"]
    );
}

// --- 3. A step that reuses another step's tools ---------------------------------------

#[test]
fn a_step_reuses_the_tools_of_another() {
    let site = valid("tools-from");
    // The tools each step shows, by title (tools without a published document are
    // text, not links, so the titles say which they are).
    let tool_links = |html: &str| -> Vec<String> {
        texts(html, ".tool-uses li")
            .into_iter()
            .map(|t| match t {
                t if t.contains("Samtykkeskjema") => "samtykke".to_string(),
                t if t.contains("Veileder for samarbeid") => "veileder-pdf".to_string(),
                t if t.contains("Referatmal") => "referat".to_string(),
                other => other,
            })
            .collect()
    };
    let second = site.page("verktoyby", "veileder/veileder/steg-1-2/index.html");
    // (text_of puts a space between the link and the colon after it.)
    assert_eq!(
        first_text(&second, ".tools-from"),
        "Samme verktøy som i 1.1 Forberedelse :"
    );
    assert!(attrs(&second, ".tools-from a", "href")[0].ends_with("steg-1-1/index.html"));
    // The previous step's tools, then its own.
    assert_eq!(tool_links(&second), ["samtykke", "veileder-pdf", "referat"]);
    // By id: step 1.3 takes 1.1's tools, not 1.2's.
    let third = site.page("verktoyby", "veileder/veileder/steg-1-3/index.html");
    assert_eq!(tool_links(&third), ["samtykke", "veileder-pdf"]);
    // The toolbox knows every step that uses an item, inherited or not.
    let toolbox = site.page("verktoyby", "verktoy/index.html");
    assert_eq!(
        texts(&toolbox, "#samtykke .used-by li"),
        [
            "1.1 Forberedelse",
            "1.2 Samarbeidsmøte",
            "1.3 Oppfølgingsmøte"
        ]
    );
}

// --- 4. A tool that is a section of a document -----------------------------------------

#[test]
fn a_tool_can_be_a_section_of_a_document() {
    let site = valid("tool-section");
    let html = site.page("verktoyby", "veileder/veileder/steg-1-1/index.html");
    let uses = texts(&html, ".tool-uses li");
    assert_eq!(uses[0], "s. 29 i 1. Veileder for samarbeid (PDF, 1 kB)");
    assert_eq!(uses[1], "2. Samtykkeskjema (ikke publisert)");
    assert_eq!(
        uses[2],
        "Etter møtet: Del 2 i 3. Referatmal (ikke publisert)"
    );
    // The link leads to the item.
    assert!(attrs(&html, ".tool-uses a", "href")[0].ends_with("verktoy/index.html#veileder-pdf"));
}

// --- 5. A subtitle for a level --------------------------------------------------------

#[test]
fn a_level_has_a_subtitle() {
    let site = valid("level-subtitle");
    let level = site.page("nivaby", "veileder/rettleiar/niva-1/index.html");
    assert_eq!(first_text(&level, "h1"), "Nivå 1");
    assert_eq!(
        first_text(&level, "h1 + .level-subtitle"),
        "Frå undring til tiltak"
    );
    let overview = site.page("nivaby", "veileder/rettleiar/index.html");
    assert_eq!(
        first_text(&overview, ".sbs-level .level-subtitle"),
        "Frå undring til tiltak"
    );
    let whole = site.page("nivaby", "hele/index.html");
    assert!(text_of(&whole).contains("Nivå 1 Frå undring til tiltak"));
}

// --- 6. A call-out box ----------------------------------------------------------------

#[test]
fn a_marked_blockquote_is_a_callout_with_a_role_and_a_name() {
    let site = valid("callout");
    let html = site.page("varselby", "veileder/veileder/steg-3-1/index.html");
    let callouts = select(
        &html,
        "div.callout.callout-warning[role=note][aria-label=Viktig]",
    );
    assert_eq!(callouts.len(), 1, "{html}");
    assert_eq!(text_of(&callouts[0]), "Viktig Foresatte involveres ikke!");
    assert!(!html.contains("[!VIKTIG]"));
    // An ordinary quote stays a quote.
    assert_eq!(texts(&html, ".step-text blockquote"), ["Et vanlig sitat."]);
    // A note on a page, written on the marker's line.
    let page = site.page("varselby", "om/index.html");
    let notes = select(
        &page,
        "div.callout.callout-note[role=note][aria-label=Merk]",
    );
    assert_eq!(
        notes.iter().map(|n| text_of(n)).collect::<Vec<_>>(),
        ["Merk Veilederen gjelder alle ansatte."]
    );
    // Styled as a warning.
    let css = read(&site.out().join("varselby/assets/style.css"));
    assert!(css.contains(".callout-warning {"), "no call-out style");
}

// --- 7. Several guides in one municipality ---------------------------------------------

#[test]
fn several_guides_share_one_menu_entry_and_name_themselves() {
    let site = valid("several-guides");
    let home = site.page("flerby", "index.html");
    // One entry for all guides in the menu; the front page lists them.
    let menu = texts(&home, ".main-nav a");
    assert!(menu.contains(&"Veiledere".to_string()), "{menu:?}");
    assert!(
        !menu.iter().any(|m| m.starts_with("Handlingsveileder for")),
        "{menu:?}"
    );
    assert!(attrs(&home, ".main-nav a", "href").contains(&"index.html#veiledere".to_string()));
    assert_eq!(first_text(&home, "#veiledere"), "Veiledere");
    assert_eq!(
        texts(&home, "[id^=veileder-]"),
        [
            "Handlingsveileder for skole",
            "Handlingsveileder for barnehage"
        ]
    );

    // Page titles name their guide.
    let step = site.page("flerby", "veileder/skole/steg-1-2/index.html");
    assert!(
        title(&step).starts_with("1.2 Samarbeidsmøte i skole – Handlingsveileder for skole – "),
        "{}",
        title(&step)
    );
    let level = site.page("flerby", "veileder/barnehage/niva-1/index.html");
    assert!(title(&level).starts_with("Nivå 1 – Handlingsveileder for barnehage – "));

    // A reference across guides names the other guide; one within the guide does not.
    let targets = texts(&step, ".outcome-target");
    assert_eq!(
        targets,
        [
            "→ 1.1 Undring i barnehage (Handlingsveileder for barnehage)",
            "→ 1.1 Undring i skole"
        ]
    );
    let hrefs = attrs(&step, ".outcomes a", "href");
    assert!(hrefs[0].ends_with("veileder/barnehage/steg-1-1/index.html"));
    assert!(hrefs[1].ends_with("veileder/skole/steg-1-1/index.html"));

    // `step:guide:id` and the older `step:guide/id` both work.
    let page = site.page("flerby", "om/index.html");
    let hrefs = attrs(&page, ".prose a", "href");
    assert!(
        hrefs[0].ends_with("veileder/barnehage/steg-1-1/index.html"),
        "{hrefs:?}"
    );
    assert!(
        hrefs[1].ends_with("veileder/skole/steg-1-2/index.html"),
        "{hrefs:?}"
    );

    // Toolbox back-links name their guide.
    let toolbox = site.page("flerby", "verktoy/index.html");
    assert_eq!(
        texts(&toolbox, "#samtykke .used-by li"),
        [
            "1.1 Undring i skole (Handlingsveileder for skole)",
            "1.1 Undring i barnehage (Handlingsveileder for barnehage)"
        ]
    );
}

// --- Errors ---------------------------------------------------------------------------

#[test]
fn an_unqualified_step_several_guides_have_is_ambiguous() {
    let error = the_error("ambiguous-step", "pages/om.md", 5, "is ambiguous");
    let help = error.help.unwrap_or_default();
    assert!(
        help.contains("`step:barnehage:1.1`") && help.contains("`step:skole:1.1`"),
        "{help}"
    );
    assert!(!error.message.contains("leads nowhere"));
}

#[test]
fn a_step_of_another_guide_is_named_in_the_help() {
    let error = the_error(
        "step-of-another-guide",
        "guides/skole.yaml",
        11,
        "leads nowhere in this guide",
    );
    assert!(error
        .help
        .unwrap_or_default()
        .contains("`step:barnehage:1.1`"));
}

#[test]
fn an_outcome_must_lead_somewhere_or_end_the_case() {
    the_error(
        "outcome-leads-nowhere",
        "guides/veileder.yaml",
        10,
        "leads nowhere",
    );
    the_error(
        "outcome-ends-and-leads-on",
        "guides/veileder.yaml",
        10,
        "both ends the case and leads on",
    );
}

#[test]
fn tools_from_needs_an_earlier_step() {
    the_error(
        "tools-from-first-step",
        "guides/veileder.yaml",
        9,
        "no previous step",
    );
    the_error(
        "tools-from-later-step",
        "guides/veileder.yaml",
        9,
        "there is no step `1.2` before step 1.1",
    );
}

#[test]
fn labels_and_ids_are_checked() {
    the_error("empty-label", "guides/veileder.yaml", 7, "is empty");
    the_error(
        "label-and-unnumbered",
        "guides/veileder.yaml",
        7,
        "`label:` and `numbered: false`",
    );
    the_error(
        "step-id-not-an-address",
        "guides/veileder.yaml",
        6,
        "cannot be a step id",
    );
}

#[test]
fn misspelt_or_wrong_new_keys_point_at_their_line() {
    the_error(
        "tool-section-misspelt",
        "guides/veileder.yaml",
        11,
        "sektion",
    );
    the_error(
        "level-subtitle-not-text",
        "guides/veileder.yaml",
        6,
        "expected string",
    );
}

// --- A decision is never walked through with "Neste" ----------------------------------

#[test]
fn a_decision_shows_its_branches_instead_of_next() {
    let site = valid("outcome-ends");
    let decision = site.page("sluttby", "veileder/veileder/steg-1-1/index.html");
    // No "Neste" that walks past the decision; the pager points to the branches.
    assert!(attrs(&decision, ".pager a[rel=next]", "href").is_empty());
    assert_eq!(attrs(&decision, ".pager-next", "href"), ["#veien-videre"]);
    assert_eq!(select(&decision, "#veien-videre").len(), 1);
    // GOV.UK's "or" between the branches.
    assert_eq!(texts(&decision, ".outcomes .outcome-or"), ["eller"]);
    // A step whose one outcome is not a decision keeps its "Neste".
    let single = site.page("sluttby", "veileder/veileder/steg-1-2/index.html");
    assert_eq!(attrs(&single, ".pager a[rel=next]", "href").len(), 1);
}

// --- The guide's overview: every step with who is responsible and its tools ------------

#[test]
fn the_overview_shows_each_steps_responsible_and_tools() {
    let site = valid("tools-from");
    let html = site.page("verktoyby", "veileder/veileder/index.html");
    let facts = texts(&html, ".sbs-steps > li .sbs-facts");
    assert_eq!(
        facts,
        [
            "Hvem har ansvar Leder. Verktøy Samtykkeskjema; Veileder for samarbeid",
            "Hvem har ansvar Leder. Verktøy Samtykkeskjema; Veileder for samarbeid; Referatmal",
            "Hvem har ansvar Leder. Verktøy Samtykkeskjema; Veileder for samarbeid",
        ]
    );
}
