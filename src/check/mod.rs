//! Stage 3, **check**: advice. Looks at the resolved model, which resolve has already
//! found whole (every error is load's or resolve's), and warns about what an editor
//! should look at: to-dos, gaps in numbering, images without text, unused tools. It
//! never reports an error; a test holds it to that.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::model::reference::StepNumber;
use crate::model::ToolKind;
use crate::model::{Model, Municipality, Step};

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
        self.markdown();
        self.guides();
        self.toolbox();
        self.pages();
        self.accessibility_statement();
    }
}

impl Checker<'_> {
    /// Headings that skip a level and images without alternative text: the two most
    /// common accessibility audit findings (WCAG 1.3.1 and 1.1.1).
    fn markdown(&mut self) {
        for text in self.m.texts() {
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

    fn guides(&mut self) {
        for guide in &self.m.guides {
            let mut running = Vec::new();
            for level in &guide.levels {
                let mut numbers = Vec::new();
                for step in &level.steps {
                    match StepNumber::parse(&step.id) {
                        Some(StepNumber::InLevel(l, n)) if l == level.level => {
                            numbers.push((n, step))
                        }
                        Some(StepNumber::Running(n)) => running.push((n, step)),
                        _ => {}
                    }
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
                }
                // Gaps are kept as published (Øvre Eiker has no 3.4) but worth a look.
                self.gaps(&numbers, &|k| format!("{}.{k}", level.level));
            }
            // Guides that number their steps 1, 2, 3 through all levels (Modum).
            self.gaps(&running, &|k| k.to_string());
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
        // Linking to an item, or to the form it offers, is a use of it.
        let linked: BTreeSet<String> = self
            .m
            .all_links()
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
        }
    }

    /// Public bodies must link an accessibility statement (likestillings- og
    /// diskrimineringsloven § 18 with WCAG); only the municipality can write it.
    fn accessibility_statement(&mut self) {
        if self.m.accessibility_statement.is_none() {
            self.out.push(
                Diagnostic::warning(
                    self.m.site_loc.clone(),
                    "the site links no accessibility statement",
                )
                .help("make the statement in uustatus.no and add its address to site.yaml: `accessibility_statement: https://uustatus.no/nb/erklaringer/publisert/...`"),
            );
        }
    }
}
