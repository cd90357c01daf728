//! Stage 3, **check**: look at the resolved model as a whole and report what would
//! publish something broken (errors, which stop the build) or something an editor
//! should look at (warnings).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::model::layout;
use crate::model::ToolKind;
use crate::model::{Link, Markdown, Model, Municipality, Step};

pub fn check(model: &Model) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for municipality in &model.municipalities {
        Checker {
            m: municipality,
            out: &mut diagnostics,
        }
        .run();
    }
    diagnostics
}

struct Checker<'a> {
    m: &'a Municipality,
    out: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn run(&mut self) {
        self.links();
        self.markdown();
        self.guides();
        self.toolbox();
        self.arenas();
        self.pages();
        self.phones();
        self.markdown_cost();
    }
}

/// Every Markdown text of the municipality, for link checks.
fn texts(m: &Municipality) -> Vec<&Markdown> {
    let mut texts: Vec<&Markdown> = Vec::new();
    texts.extend(&m.home);
    if let Some(p) = &m.pyramid {
        texts.extend(&p.intro);
        texts.extend(&p.outro);
        texts.extend(p.levels.iter().filter_map(|l| l.body.as_ref()));
    }
    for g in &m.guides {
        texts.extend(&g.intro);
        texts.extend(&g.about);
        for l in &g.levels {
            texts.extend(&l.intro);
            for s in &l.steps {
                texts.extend(&s.body);
                texts.extend(&s.situation);
                texts.extend(&s.what_to_do);
                texts.extend(&s.responsible);
            }
        }
    }
    texts.extend(&m.toolbox.intro);
    texts.extend(
        m.toolbox
            .items
            .iter()
            .filter_map(|i| i.description.as_ref()),
    );
    texts.extend(&m.arenas.intro);
    texts.extend(m.arenas.items.iter().filter_map(|a| a.body.as_ref()));
    texts.extend(m.pages.iter().map(|p| &p.body));
    texts
}

/// Every reference the municipality makes: in its texts and its decision outcomes.
fn all_links(m: &Municipality) -> Vec<&Link> {
    let mut links: Vec<&Link> = texts(m).into_iter().flat_map(|t| &t.links).collect();
    for step in m
        .guides
        .iter()
        .flat_map(|g| &g.levels)
        .flat_map(|l| &l.steps)
    {
        links.extend(step.outcomes.iter().filter_map(|o| o.to.as_ref()));
    }
    links.extend(m.toolbox.items.iter().filter_map(|i| i.link.as_ref()));
    links
}

impl Checker<'_> {
    /// Headings that skip a level and images without alternative text: the two most
    /// common accessibility audit findings (WCAG 1.3.1 and 1.1.1).
    /// Texts nested or tabled so deeply that rendering them would exhaust the stack,
    /// the time or the memory of the build: an error where it starts.
    fn markdown_cost(&mut self) {
        use crate::render::markdown::{too_costly, Cost, MAX_NESTING, MAX_TABLE_CELLS};
        let guidance_intro = self.m.guidance.as_ref().and_then(|g| g.intro.as_ref());
        for text in texts(self.m).into_iter().chain(guidance_intro) {
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
            self.out.push(diagnostic);
        }
    }

    fn markdown(&mut self) {
        for text in texts(self.m) {
            for loc in &text.images_without_alt {
                self.out.push(
                    Diagnostic::warning(loc.clone(), "the image has no alternative text")
                        .help("describe what the image shows between the brackets: `![BTS-pyramiden med fire nivåer](pyramide.png)`"),
                );
            }
            // A page's title is its h1 and `#` becomes h2, so texts start at level 2.
            let mut previous = 1;
            for (level, loc) in &text.headings {
                let level = (*level).max(2);
                if level > previous + 1 {
                    let message = if previous == 1 {
                        format!(
                            "the text's first heading is level {level}; the page title is level 1"
                        )
                    } else {
                        format!("the heading skips from level {previous} to level {level}")
                    };
                    self.out.push(
                        Diagnostic::warning(loc.clone(), message)
                        .help(format!(
                            "use {} for a heading under the one before it; levels show how the text is organised to readers who cannot see it",
                            "#".repeat(usize::from(previous + 1))
                        )),
                    );
                }
                previous = level;
            }
        }
    }

    fn links(&mut self) {
        let m = self.m;
        for link in all_links(m) {
            if link.target.is_none() && link.candidates.len() > 1 {
                self.out.push(
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
                self.out.push(
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
                let d = Diagnostic::error(
                    link.loc.clone(),
                    format!("the reference `{}` leads nowhere", link.reference),
                )
                .help(reference_help(&link.reference));
                self.out.push(d);
            }
        }
    }

    fn guides(&mut self) {
        for guide in &self.m.guides {
            let mut seen_levels = BTreeSet::new();
            let mut seen_steps: BTreeMap<&str, &Loc> = BTreeMap::new();
            let mut running = Vec::new();
            for level in &guide.levels {
                if !seen_levels.insert(level.level) {
                    self.out.push(
                        Diagnostic::error(
                            level.loc.clone(),
                            format!("level {} appears twice in this guide", level.level),
                        )
                        .help("give each level its own number, or merge their steps"),
                    );
                }
                let mut numbers = Vec::new();
                for step in &level.steps {
                    if let Some(first) = seen_steps.insert(&step.id, &step.loc) {
                        self.out.push(
                            Diagnostic::error(
                                step.loc.clone(),
                                format!("step {} appears twice (first at {first})", step.id),
                            )
                            .help("give each step its own number"),
                        );
                    }
                    match parse_step_id(&step.id) {
                        Some(StepNumber::InLevel(l, n)) if l == level.level => {
                            numbers.push((n, step))
                        }
                        Some(StepNumber::InLevel(l, _)) => self.out.push(
                            Diagnostic::error(
                                step.loc.clone(),
                                format!(
                                    "step {} is listed under level {} but its number says level {l}",
                                    step.id, level.level
                                ),
                            )
                            .help("move the step to its level, or renumber it"),
                        ),
                        Some(StepNumber::Running(n)) => running.push((n, step)),
                        // A step that shows its own label (or none) may have any id
                        // an address can carry.
                        None if step.label.as_deref() != Some(step.id.as_str()) => {
                            if !is_step_id(&step.id) {
                                self.out.push(
                                    Diagnostic::error(
                                        step.loc.clone(),
                                        format!("`{}` cannot be a step id", step.id),
                                    )
                                    .help("use small letters a–z, digits, `.` and `-` only, e.g. `id: \"1.2a\"` or `id: innledning`; it becomes part of the page's address"),
                                );
                            }
                        }
                        None => self.out.push(
                            Diagnostic::error(
                                step.loc.clone(),
                                format!("`{}` is not a step number", step.id),
                            )
                            .help(format!(
                                "write the level, a dot and the step's number, e.g. `id: \"{}.1\"`, or number the steps 1, 2, 3 through the whole guide (with quotes); for a number such as `2a`, or none, add `label:` or `numbered: false`",
                                level.level
                            )),
                        ),
                    }
                    self.outcomes(step);
                    if step.unfilled {
                        self.out.push(
                            Diagnostic::warning(
                                step.loc.clone(),
                                format!("to-do: step {} is not filled in yet", step.id),
                            )
                            .help("write the step's text and remove `unfilled: true`"),
                        );
                    } else if step.responsible.is_none() {
                        self.out.push(
                            Diagnostic::warning(
                                step.loc.clone(),
                                format!("step {} names no one responsible", step.id),
                            )
                            .help("add `responsible:` saying who has the responsibility (Hvem har ansvar)"),
                        );
                    }
                    for tool_use in step.tools.iter().chain(&step.guides) {
                        if tool_use.item.is_none() {
                            self.out.push(
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
                // Gaps are kept as published (Øvre Eiker has no 3.4) but worth a look.
                self.gaps(&numbers, &|k| format!("{}.{k}", level.level));
            }
            // Guides that number their steps 1, 2, 3 through all levels (Modum).
            self.gaps(&running, &|k| k.to_string());
        }
    }

    /// Each outcome leads somewhere or ends the case, not both, not neither.
    fn outcomes(&mut self, step: &Step) {
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
                self.out
                    .push(Diagnostic::error(outcome.loc.clone(), message).help(help));
            }
        }
    }

    fn gaps(&mut self, numbers: &[(u32, &Step)], name: &dyn Fn(u32) -> String) {
        let mut expected = 1;
        for &(n, step) in numbers {
            if n > expected {
                let missing: Vec<String> = (expected..n).map(name).collect();
                self.out.push(
                            Diagnostic::warning(
                                step.loc.clone(),
                                format!(
                                    "step numbering skips {} before step {}",
                                    missing.join(", "),
                                    step.id
                                ),
                            )
                            .help("if the source guide numbers its steps this way, leave it; otherwise renumber"),
                        );
            }
            expected = expected.max(n + 1);
        }
    }

    fn toolbox(&mut self) {
        let mut seen: BTreeMap<&str, &Loc> = BTreeMap::new();
        // Linking to an item, or to the form it offers, is a use of it.
        let linked: BTreeSet<String> = all_links(self.m)
            .iter()
            .filter_map(|l| {
                let form = l.reference.strip_prefix("form:");
                let by_form = form.and_then(|f| {
                    self.m
                        .toolbox
                        .items
                        .iter()
                        .find(|i| i.form.as_ref().is_some_and(|links| links.id == f))
                        .map(|i| i.id.clone())
                });
                l.reference
                    .strip_prefix("tool:")
                    .map(str::to_string)
                    .or(by_form)
            })
            .collect();
        let mut numbers: BTreeMap<u32, &Loc> = BTreeMap::new();
        for item in &self.m.toolbox.items {
            if let Some(first) = seen.insert(&item.id, &item.loc) {
                self.out.push(
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
            if let Some(number) = item.number {
                if let Some(first) = numbers.insert(number, &item.loc) {
                    self.out.push(
                        Diagnostic::warning(
                            item.loc.clone(),
                            format!("toolbox number {number} is used twice (first at {first})"),
                        )
                        .help("check the numbering against the published list"),
                    );
                }
            }
            let is_document = !matches!(item.kind, ToolKind::Service | ToolKind::System);
            if is_document && !item.document {
                self.out.push(
                    Diagnostic::warning(
                        item.loc.clone(),
                        format!(
                            "the toolbox item `{}` has no document: it is shown as not published",
                            item.id
                        ),
                    )
                    .help("put the document in files/ and name it with `file:`, or give its address with `url:`; leave it as it is while the document is not at hand"),
                );
            }
            if item.used_by.is_empty() && !linked.contains(&item.id) {
                self.out.push(
                    Diagnostic::warning(
                        item.loc.clone(),
                        format!(
                            "no step uses the toolbox item `{}` and no page links to it",
                            item.id
                        ),
                    )
                    .help(format!(
                        "name it under `tools:` or `guides:` of the steps it belongs to, or link to it with `(tool:{})`",
                        item.id
                    )),
                );
            }
        }
    }

    fn arenas(&mut self) {
        let mut seen: BTreeMap<&str, &Loc> = BTreeMap::new();
        for arena in &self.m.arenas.items {
            if let Some(first) = seen.insert(&arena.id, &arena.loc) {
                self.out.push(
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

    fn pages(&mut self) {
        for page in &self.m.pages {
            if page.unfilled {
                self.out.push(
                    Diagnostic::warning(
                        page.loc.clone(),
                        format!("to-do: the chapter “{}” is not filled in yet", page.title),
                    )
                    .help("write the municipality's own text and remove `unfilled: true`"),
                );
            }
            if layout::RESERVED.contains(&page.slug.as_str()) {
                self.out.push(
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
    fn phones(&mut self) {
        for phone in &self.m.phones {
            if let (false, Some(number)) = (phone.valid, &phone.number_source) {
                let message = if is_placeholder(number) {
                    format!("`{number}` is a placeholder, not a phone number")
                } else {
                    format!("`{number}` is not a Norwegian phone number")
                };
                self.out.push(
                    Diagnostic::error(phone.loc.clone(), message)
                    .help("write the real number: eight digits (\"476 92 052\"), or a short number such as 112, 116 111 or 02800; the site is not built while a number cannot be dialled"),
                );
            }
        }
    }
}

/// Letters where digits belong (`xxx xx xxx`, `ring oss`), or nothing at all: an
/// example left standing rather than a mistyped number.
fn is_placeholder(number: &str) -> bool {
    number.chars().any(char::is_alphabetic) || number.trim().is_empty()
}

/// How a guide numbers its steps.
#[derive(Debug, PartialEq, Eq)]
enum StepNumber {
    /// "1.2": level 1, step 2 (BTS, most guides).
    InLevel(u32, u32),
    /// "7": the seventh step of the whole guide (Modum's BTI guide).
    Running(u32),
}

fn parse_step_id(id: &str) -> Option<StepNumber> {
    match id.split_once('.') {
        Some((level, number)) => Some(StepNumber::InLevel(
            level.parse().ok()?,
            number.parse().ok()?,
        )),
        None => id.parse().ok().map(StepNumber::Running),
    }
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
        assert_eq!(parse_step_id("1.2"), Some(StepNumber::InLevel(1, 2)));
        assert_eq!(parse_step_id("3.10"), Some(StepNumber::InLevel(3, 10)));
        assert_eq!(parse_step_id("7"), Some(StepNumber::Running(7)));
        assert_eq!(parse_step_id("a.b"), None);
        assert_eq!(parse_step_id("1.x"), None);
        assert!(is_step_id("1.2a"));
        assert!(is_step_id("innledning"));
        assert!(!is_step_id("Steg 1"));
        assert!(!is_step_id("-1"));
        assert!(!is_step_id("æ"));
    }
}
