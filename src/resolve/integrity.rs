//! The last step of resolve: the resolved model must be whole before anything is
//! built from it. Every reference leads somewhere, ids are unique, steps are numbered
//! as their level says, outcomes lead on or end, no page takes a name the site uses,
//! every number can be dialled. These are errors: they stop the build. Advice about
//! content that is whole but could be better is `check`'s (warnings only).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::model::layout;
use crate::model::reference::StepNumber;
use crate::model::{Municipality, Step};

/// Errors in one resolved municipality.
pub fn errors(m: &Municipality) -> Diagnostics {
    let mut out = Diagnostics::default();
    references(m, &mut out);
    guides(m, &mut out);
    unique_ids(m, &mut out);
    pages(m, &mut out);
    phones(m, &mut out);
    markdown_cost(m, &mut out);
    out
}

/// Every `kind:id` reference leads somewhere, and says so when it could mean more than
/// one place.
fn references(m: &Municipality, out: &mut Diagnostics) {
    for link in m.all_links() {
        if link.target.is_none() && link.candidates.len() > 1 {
            out.push(
                Diagnostic::error(
                    link.loc.clone(),
                    format!(
                        "the reference `{}` is ambiguous: {} guides have it",
                        link.reference,
                        link.candidates.len()
                    ),
                )
                .help(format!(
                    "name the guide: {}",
                    link.candidates
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                )),
            );
        } else if let [candidate] = link.candidates.as_slice() {
            out.push(
                Diagnostic::error(
                    link.loc.clone(),
                    format!(
                        "the reference `{}` leads nowhere in this guide",
                        link.reference
                    ),
                )
                .help(format!(
                    "another guide has it: write `{candidate}`, or correct the number"
                )),
            );
        } else if link.target.is_none() {
            out.push(
                Diagnostic::error(
                    link.loc.clone(),
                    format!("the reference `{}` leads nowhere", link.reference),
                )
                .help(reference_help(&link.reference)),
            );
        }
    }
}

fn guides(m: &Municipality, out: &mut Diagnostics) {
    for guide in &m.guides {
        let mut seen_levels = BTreeSet::new();
        let mut seen_steps: BTreeMap<&str, &Loc> = BTreeMap::new();
        for level in &guide.levels {
            if !seen_levels.insert(level.level) {
                out.push(
                    Diagnostic::error(
                        level.loc.clone(),
                        format!("level {} appears twice in this guide", level.level),
                    )
                    .help("give each level its own number, or merge their steps"),
                );
            }
            for step in &level.steps {
                if let Some(first) = seen_steps.insert(&step.id, &step.loc) {
                    out.push(
                        Diagnostic::error(
                            step.loc.clone(),
                            format!("step {} appears twice (first at {first})", step.id),
                        )
                        .help("give each step its own number"),
                    );
                }
                step_number(step, level.level, out);
                outcomes(step, out);
                for tool_use in step.tools.iter().chain(&step.guides) {
                    if tool_use.item.is_none() {
                        out.push(
                            Diagnostic::error(
                                tool_use.loc.clone(),
                                format!(
                                    "step {} uses `{}`, which is not in the toolbox",
                                    step.id, tool_use.id
                                ),
                            )
                            .help("add an item with this `id` to toolbox.yaml, or correct the spelling"),
                        );
                    }
                }
            }
        }
    }
}

/// A step's id is its number on its level ("1.2"), its number in the whole guide
/// ("7"), or, where it shows a label or none, anything an address can carry.
fn step_number(step: &Step, level: u32, out: &mut Diagnostics) {
    match StepNumber::parse(&step.id) {
        Some(StepNumber::InLevel(l, _)) if l != level => out.push(
            Diagnostic::error(
                step.loc.clone(),
                format!(
                    "step {} is listed under level {level} but its number says level {l}",
                    step.id
                ),
            )
            .help("move the step to its level, or renumber it"),
        ),
        Some(_) => {}
        None if step.label.as_deref() != Some(step.id.as_str()) => {
            if !is_step_id(&step.id) {
                out.push(
                    Diagnostic::error(
                        step.loc.clone(),
                        format!("`{}` cannot be a step id", step.id),
                    )
                    .help("use small letters a–z, digits, `.` and `-` only, e.g. `id: \"1.2a\"` or `id: innledning`; it becomes part of the page's address"),
                );
            }
        }
        None => out.push(
            Diagnostic::error(
                step.loc.clone(),
                format!("`{}` is not a step number", step.id),
            )
            .help(format!(
                "write the level, a dot and the step's number, e.g. `id: \"{level}.1\"`, or number the steps 1, 2, 3 through the whole guide (with quotes); for a number such as `2a`, or none, add `label:` or `numbered: false`"
            )),
        ),
    }
}

/// Each outcome leads somewhere or ends the case, not both, not neither.
fn outcomes(step: &Step, out: &mut Diagnostics) {
    for outcome in &step.outcomes {
        let problem = match (&outcome.to, outcome.ends) {
            (None, false) => Some((
                format!("the outcome “{}” of step {} leads nowhere", outcome.label, step.id),
                "add `to:` with where it leads (e.g. `to: step:1.5`), or `ends: true` if the case ends here",
            )),
            (Some(_), true) => Some((
                format!("the outcome “{}” of step {} both ends the case and leads on", outcome.label, step.id),
                "keep `to:` if the case goes on there, or `ends: true` if it ends; not both",
            )),
            (None, true) if outcome.derived => Some((
                format!("the outcome “{}” of step {} ends the case, so nothing is derived", outcome.label, step.id),
                "remove `derived: true`; it marks a `to:` the source does not state",
            )),
            _ => None,
        };
        if let Some((message, help)) = problem {
            out.push(Diagnostic::error(outcome.loc.clone(), message).help(help));
        }
    }
}

/// Toolbox items and arenas are addressed by id, so an id names one of them.
fn unique_ids(m: &Municipality, out: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Loc> = BTreeMap::new();
    for item in &m.toolbox.items {
        if let Some(first) = seen.insert(&item.id, &item.loc) {
            out.push(
                Diagnostic::error(
                    item.loc.clone(),
                    format!(
                        "the toolbox id `{}` is used twice (first at {first})",
                        item.id
                    ),
                )
                .help("give each toolbox item its own id"),
            );
        }
    }
    let mut seen: BTreeMap<&str, &Loc> = BTreeMap::new();
    for arena in &m.arenas.items {
        if let Some(first) = seen.insert(&arena.id, &arena.loc) {
            out.push(
                Diagnostic::error(
                    arena.loc.clone(),
                    format!(
                        "the arena id `{}` is used twice (first at {first})",
                        arena.id
                    ),
                )
                .help("give each arena its own id"),
            );
        }
    }
}

fn pages(m: &Municipality, out: &mut Diagnostics) {
    for page in &m.pages {
        if layout::RESERVED.contains(&page.slug.as_str()) {
            out.push(
                Diagnostic::error(
                    page.loc.clone(),
                    format!(
                        "a page cannot be called `{}`: the site uses that name",
                        page.slug
                    ),
                )
                .help(format!(
                    "rename the file; these names are taken: {}",
                    layout::RESERVED.join(", ")
                )),
            );
        }
    }
}

/// A number that cannot be dialled is never published: a placeholder such as
/// `xxx xx xxx` (which `veiviser new` writes as an example) or a malformed number
/// stops the build.
fn phones(m: &Municipality, out: &mut Diagnostics) {
    for phone in &m.phones {
        if let (false, Some(number)) = (phone.valid, &phone.number_source) {
            let message = if is_placeholder(number) {
                format!("`{number}` is a placeholder, not a phone number")
            } else {
                format!("`{number}` is not a Norwegian phone number")
            };
            out.push(
                Diagnostic::error(phone.loc.clone(), message)
                .help("write the real number: eight digits (\"476 92 052\"), or a short number such as 112, 116 111 or 02800; the site is not built while a number cannot be dialled"),
            );
        }
    }
}

/// Texts nested or tabled so deeply that rendering them would exhaust the stack,
/// the time or the memory of the build: an error where it starts.
fn markdown_cost(m: &Municipality, out: &mut Diagnostics) {
    use super::markdown_cost::{too_costly, Cost, MAX_NESTING, MAX_TABLE_CELLS};
    let guidance_intro = m.guidance.as_ref().and_then(|g| g.intro.as_ref());
    for text in m.texts().into_iter().chain(guidance_intro) {
        let Some(found) = too_costly(&text.source) else {
            continue;
        };
        let (line, column) = crate::diagnostic::line_col(&text.source, found.offset);
        let loc = Loc::new(
            &text.loc.file,
            text.loc.line + line - 1,
            text.loc.column + column - 1,
        );
        let diagnostic = match found.what {
            Cost::Nesting => Diagnostic::error(
                loc,
                format!("the text nests lists, quotes or HTML elements more than {MAX_NESTING} levels deep"),
            )
            .help("no reader can follow that many levels: close the elements you open (`<b>…</b>`) and keep lists and quotes a few levels deep"),
            Cost::TableCells => Diagnostic::error(
                loc,
                format!("the text's tables have more than {MAX_TABLE_CELLS} cells (every row gets as many cells as the header)"),
            )
            .help("split the table, or publish the data as a document in files/"),
        };
        out.push(diagnostic);
    }
}

/// Letters where digits belong (`xxx xx xxx`, `ring oss`), or nothing at all: an
/// example left standing rather than a mistyped number.
fn is_placeholder(number: &str) -> bool {
    number.chars().any(char::is_alphabetic) || number.trim().is_empty()
}

/// An id a step shows a label for may be anything that reads well in an address.
fn is_step_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
}

fn reference_help(reference: &str) -> String {
    let kind = reference.split_once(':').map_or(reference, |(k, _)| k);
    match kind {
        "step" => {
            "check the step id, e.g. `step:1.2`; for a step of another guide write `step:<guide>:1.2`"
                .into()
        }
        "level" => "check the level number, e.g. `level:1`".into(),
        "tool" => "use the `id` of an item in toolbox.yaml".into(),
        "page" => "use the file name of a page in pages/, without `.md`".into(),
        "arena" => "use the `id` of an arena in arenas.yaml".into(),
        "guide" => "use the file name of a guide in guides/, without `.yaml`".into(),
        "guidance" => "list the entry's id in this municipality's guidance.yaml (and in content/guidance.yaml)".into(),
        "form" => "use the id of a form a toolbox item offers with `form:`".into(),
        "file" => "use the name of a document in the municipality's files/ folder".into(),
        _ => "the target does not exist in this municipality's site".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_ids() {
        assert_eq!(StepNumber::parse("1.2"), Some(StepNumber::InLevel(1, 2)));
        assert_eq!(StepNumber::parse("3.10"), Some(StepNumber::InLevel(3, 10)));
        assert_eq!(StepNumber::parse("7"), Some(StepNumber::Running(7)));
        assert_eq!(StepNumber::parse("a.b"), None);
        assert_eq!(StepNumber::parse("1.x"), None);
        assert!(is_step_id("1.2a"));
        assert!(is_step_id("innledning"));
        assert!(!is_step_id("Steg 1"));
        assert!(!is_step_id("-1"));
        assert!(!is_step_id("æ"));
    }

    #[test]
    fn placeholders_are_told_from_mistypes() {
        assert!(is_placeholder("xxx xx xxx"));
        assert!(is_placeholder("  "));
        assert!(!is_placeholder("476 92 05"));
    }
}
