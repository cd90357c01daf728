//! References between parts of a site, written by editors as `kind:id`:
//! `step:1.2`, `level:2`, `tool:duken`, `page:familiehjelpa`, `arena:barneteam`,
//! `guide:handlingsveileder`, `pyramid:1`, `guidance:barnevernsloven`, and the bare
//! `home`, `toolbox`, `arenas`, `pyramid`, `guidance`. The same grammar serves Markdown links and decision outcomes.
//!
//! A step or level of a named guide is `step:<guide>:<id>` (`step:skole:1.2`; the older
//! `step:skole/1.2` means the same). Without a guide, `step:1.2` means the guide being
//! written, or else the one guide that has such a step; when several have it, the
//! reference is ambiguous and stays unresolved with its candidates named.
//!
//! Resolve reads its input once: each builder registers the targets it makes here
//! (`Targets`), and records every reference it meets as a `Link` with no target yet
//! (`unresolved`, `markdown`). When the municipality is built, `fill` looks each one
//! up, so a reference may point forwards, to anything anywhere in the site.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostic::{line_col, Loc};
use crate::model::reference::is_reference;
use crate::model::{Link, Markdown, ToolSummary};

#[derive(Debug, Clone)]
pub struct Target {
    /// Path from the municipality's root, with `#anchor` where it has one.
    pub path: String,
    pub title: String,
    /// For a step or level: the id of its guide.
    pub guide: Option<String>,
    /// For a step whose label repeats on other levels: its level's title, named
    /// after the title where the reference comes from another level.
    pub level: Option<String>,
}

/// Every place in one municipality's site a reference can lead to, as the builders
/// register them. A key registered twice (an id used twice, itself an error) leads
/// to the last.
#[derive(Debug, Default)]
pub struct Targets {
    map: BTreeMap<String, Target>,
    /// Guide ids and titles, in the order they were added.
    guides: Vec<(String, String)>,
    /// Toolbox items by id, for the steps that use them.
    tools: BTreeMap<String, ToolSummary>,
}

/// What looking a reference up found.
#[derive(Debug)]
pub enum Found<'a> {
    Target(&'a Target),
    /// Nothing; for an unqualified `step:`/`level:`, the qualified references it
    /// could have meant (several: it is ambiguous).
    Nothing(Vec<String>),
}

impl Targets {
    pub fn add(&mut self, key: String, path: String, title: String) {
        self.map.insert(
            key,
            Target {
                path,
                title,
                guide: None,
                level: None,
            },
        );
    }

    pub fn add_guide(&mut self, id: &str, title: &str) {
        self.guides.push((id.to_string(), title.to_string()));
    }

    /// A step or level of guide `guide`: `kind` is `step` or `level`.
    pub fn add_in_guide(&mut self, kind: &str, guide: &str, id: &str, path: String, title: String) {
        self.map.insert(
            format!("{kind}:{guide}/{id}"),
            Target {
                path,
                title,
                guide: Some(guide.to_string()),
                level: None,
            },
        );
    }

    /// A step whose label repeats on other levels of its guide: titles of links to it
    /// from elsewhere name `level`.
    pub fn add_step_on_level(
        &mut self,
        guide: &str,
        id: &str,
        path: String,
        title: String,
        level: String,
    ) {
        self.add_in_guide("step", guide, id, path, title);
        if let Some(target) = self.map.get_mut(&format!("step:{guide}/{id}")) {
            target.level = Some(level);
        }
    }

    /// A toolbox item: `tool:<id>` leads to it, steps that use it show `summary`, and
    /// a form it offers is `form:<form id>`.
    pub fn add_tool(&mut self, id: &str, summary: ToolSummary) {
        self.add(
            format!("tool:{id}"),
            summary.path.clone(),
            summary.title.clone(),
        );
        if let Some(form) = &summary.form {
            self.add(
                format!("form:{}", form.id),
                form.path.clone(),
                summary.title.clone(),
            );
        }
        self.tools.insert(id.to_string(), summary);
    }

    /// The toolbox item with this id, as registered last.
    pub fn tool(&self, id: &str) -> Option<&ToolSummary> {
        self.tools.get(id)
    }

    /// Look a reference up. `step:` and `level:` without a guide (`step:1.2`) mean the
    /// guide being written (`context`), or else the one guide that has it.
    pub fn lookup(&self, reference: &str, context: Option<&str>) -> Option<&Target> {
        match self.find(reference, context) {
            Found::Target(target) => Some(target),
            Found::Nothing(_) => None,
        }
    }

    pub fn find(&self, reference: &str, context: Option<&str>) -> Found<'_> {
        let (kind, rest) = reference.split_once(':').unwrap_or((reference, ""));
        let rest = rest.trim();
        let key = match kind {
            "step" | "level" => {
                if let Some((guide, id)) = rest.split_once([':', '/']) {
                    format!("{kind}:{}/{}", guide.trim(), id.trim())
                } else {
                    if let Some(target) =
                        context.and_then(|g| self.map.get(&format!("{kind}:{g}/{rest}")))
                    {
                        return Found::Target(target);
                    }
                    let found: Vec<(&str, &Target)> = self
                        .guides
                        .iter()
                        .filter_map(|(g, _)| {
                            self.map
                                .get(&format!("{kind}:{g}/{rest}"))
                                .map(|t| (g.as_str(), t))
                        })
                        .collect();
                    return match found.as_slice() {
                        // Outside any guide, a step only one guide has is that one.
                        [(_, target)] if context.is_none() => Found::Target(target),
                        _ => Found::Nothing(
                            found
                                .iter()
                                .map(|(g, _)| format!("{kind}:{g}:{rest}"))
                                .collect(),
                        ),
                    };
                }
            }
            _ if rest.is_empty() => kind.to_string(),
            _ => format!("{kind}:{rest}"),
        };
        match self.map.get(&key) {
            Some(target) => Found::Target(target),
            None => Found::Nothing(Vec::new()),
        }
    }

    /// The title of a guide, by id.
    fn guide_title(&self, id: &str) -> Option<&str> {
        self.guides
            .iter()
            .find(|(g, _)| g == id)
            .map(|(_, title)| title.as_str())
    }

    /// Fill in where `link` leads. `context` is the guide it stands in, for `step:` and
    /// `level:` without a guide; `level`, for a decision outcome, the title of its
    /// step's level: a step on the same level needs no level named.
    pub fn resolve(&self, link: &mut Link, context: Option<&str>, level: Option<&str>) {
        let (target, candidates) = match self.find(&link.reference, context) {
            Found::Target(target) => (Some(target), Vec::new()),
            Found::Nothing(candidates) => (None, candidates),
        };
        link.title = target.map(|t| {
            let mut title = t.title.clone();
            let same_guide = t.guide.is_some() && t.guide.as_deref() == context;
            if let Some(l) = &t.level {
                if !same_guide || level != Some(l.as_str()) {
                    title = format!("{title} ({l})");
                }
            }
            // A step or level of another guide, when there are several, names its guide.
            if let Some(g) = &t.guide {
                if self.guides.len() > 1 && !same_guide {
                    title = format!("{title} ({})", self.guide_title(g).unwrap_or(g));
                }
            }
            title
        });
        link.target = target.map(|t| t.path.clone());
        link.candidates = candidates;
    }
}

/// A reference as an editor wrote it, where it stands, not yet looked up.
pub fn unresolved(reference: &str, loc: Loc) -> Link {
    Link {
        reference: reference.to_string(),
        target: None,
        title: None,
        candidates: Vec::new(),
        loc,
    }
}

/// Read Markdown text: its references (looked up later, by `fill`), headings
/// and images without alternative text. `loc` is where the text starts; references get
/// the line and column they stand on.
pub fn markdown(source: &str, loc: Loc) -> Markdown {
    let at = |offset: usize| {
        let (line, column) = line_col(source, offset);
        // Text from YAML is indented by `loc.column - 1` on every line.
        Loc::new(&loc.file, loc.line + line - 1, loc.column + column - 1)
    };
    let mut links = Vec::new();
    let mut headings = Vec::new();
    let mut images_without_alt = Vec::new();
    // The image being read, and whether its alternative text has any words.
    let mut image: Option<(usize, bool)> = None;
    for (event, range) in Parser::new(source).into_offset_iter() {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                headings.push((*level as u8, at(range.start)));
            }
            Event::Start(Tag::Image { .. }) => image = Some((range.start, false)),
            Event::Text(text) | Event::Code(text) if !text.trim().is_empty() => {
                if let Some((_, has_text)) = image.as_mut() {
                    *has_text = true;
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                if let Some((start, false)) = image.take() {
                    images_without_alt.push(at(start));
                }
            }
            _ => {}
        }
        let destination = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => dest_url,
            Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if is_reference(destination) {
            links.push(unresolved(destination, at(range.start)));
        }
    }
    Markdown {
        source: source.to_string(),
        loc,
        links,
        headings,
        images_without_alt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Targets {
        let mut t = Targets::default();
        t.add_guide("hv", "Handlingsveileder");
        t.add_in_guide(
            "step",
            "hv",
            "1.2",
            "veileder/hv/steg-1-2/index.html".into(),
            "Møte".into(),
        );
        t.add(
            "tool:duken".into(),
            "verktoy/index.html#duken".into(),
            "Duken".into(),
        );
        t.add(
            "toolbox".into(),
            "verktoy/index.html".into(),
            "Verktøykasse".into(),
        );
        t
    }

    /// `reference` as written in guide `context`, looked up in `t`.
    fn link(t: &Targets, reference: &str, context: Option<&str>) -> Link {
        let mut link = unresolved(reference, Loc::file("x"));
        t.resolve(&mut link, context, None);
        link
    }

    #[test]
    fn references_and_addresses() {
        assert!(is_reference("step:1.2"));
        assert!(is_reference("toolbox"));
        assert!(is_reference("tool:duken"));
        assert!(!is_reference("https://bufdir.no"));
        assert!(!is_reference("mailto:a@b.no"));
        assert!(!is_reference("tel:112"));
        assert!(!is_reference("veileder/index.html"));
    }

    #[test]
    fn step_without_guide_means_the_only_guide() {
        let t = targets();
        assert_eq!(t.lookup("step:1.2", None).unwrap().title, "Møte");
        assert_eq!(t.lookup("step:hv/1.2", None).unwrap().title, "Møte");
        assert!(t.lookup("step:1.3", None).is_none());
        assert!(t.lookup("step:1.2", Some("other")).is_none());
        assert!(t.lookup("toolbox", None).is_some());
    }

    #[test]
    fn steps_of_several_guides() {
        let mut t = targets();
        t.add_guide("skole", "Skole");
        for (g, id) in [("skole", "1.2"), ("skole", "3.1")] {
            t.add_in_guide(
                "step",
                g,
                id,
                format!("veileder/{g}/steg-{id}/index.html"),
                format!("Steg {id}"),
            );
        }
        // Qualified, with `:` or `/`.
        assert_eq!(t.lookup("step:skole:3.1", None).unwrap().title, "Steg 3.1");
        assert_eq!(t.lookup("step:hv/1.2", None).unwrap().title, "Møte");
        // Inside a guide, its own step; across guides, the title names the guide.
        let own = link(&t, "step:1.2", Some("skole"));
        assert_eq!(own.title.as_deref(), Some("Steg 1.2"));
        let other = link(&t, "step:hv:1.2", Some("skole"));
        assert_eq!(other.title.as_deref(), Some("Møte (Handlingsveileder)"));
        // Outside any guide: a step only one guide has is that one; one several have
        // is ambiguous, with its candidates.
        assert_eq!(t.lookup("step:3.1", None).unwrap().title, "Steg 3.1");
        let ambiguous = link(&t, "step:1.2", None);
        assert_eq!(ambiguous.target, None);
        assert_eq!(ambiguous.candidates, ["step:hv:1.2", "step:skole:1.2"]);
        // Inside a guide that lacks it, another guide's step is named, not taken.
        let elsewhere = link(&t, "step:3.1", Some("hv"));
        assert_eq!(elsewhere.target, None);
        assert_eq!(elsewhere.candidates, ["step:skole:3.1"]);
    }

    #[test]
    fn markdown_links_get_their_line() {
        let mut md = markdown(
            "Se [duken](tool:duken).\n\nOg [x](tool:mangler) og [y](https://x.no).",
            Loc::new("a.md", 10, 1),
        );
        assert_eq!(md.links.len(), 2);
        // Read, not yet looked up.
        assert!(md.links.iter().all(|l| l.target.is_none()));
        let t = targets();
        for l in &mut md.links {
            t.resolve(l, None, None);
        }
        assert_eq!(
            md.links[0].target.as_deref(),
            Some("verktoy/index.html#duken")
        );
        assert_eq!(md.links[0].title.as_deref(), Some("Duken"));
        assert_eq!(md.links[1].target, None);
        assert_eq!(md.links[1].loc.line, 12);
        assert_eq!(md.links[1].loc.column, 4);
        // Headings and images without alternative text are noted where they stand.
        let md = markdown(
            "## A\n\n#### B\n\n![](x.png) ![Kart](y.png)",
            Loc::new("p.md", 5, 1),
        );
        assert_eq!(
            md.headings
                .iter()
                .map(|h| (h.0, h.1.line))
                .collect::<Vec<_>>(),
            [(2, 5), (4, 7)]
        );
        assert_eq!(md.images_without_alt.len(), 1);
        assert_eq!(md.images_without_alt[0].line, 9);
        // Indented text from a YAML block: every line is shifted.
        let md = markdown("a\n[x](tool:borte)", Loc::new("g.yaml", 7, 11));
        assert_eq!((md.links[0].loc.line, md.links[0].loc.column), (8, 11));
    }

    #[test]
    fn a_step_whose_label_repeats_names_its_level_unless_on_the_same_one() {
        let mut t = Targets::default();
        t.add_guide("hv", "Handlingsveileder");
        t.add_step_on_level(
            "hv",
            "2",
            "veileder/hv/steg-2/index.html".into(),
            "1 Kartlegg".into(),
            "Nivå 2".into(),
        );
        let mut from_same_level = unresolved("step:2", Loc::file("x"));
        t.resolve(&mut from_same_level, Some("hv"), Some("Nivå 2"));
        assert_eq!(from_same_level.title.as_deref(), Some("1 Kartlegg"));
        let mut from_other_level = unresolved("step:2", Loc::file("x"));
        t.resolve(&mut from_other_level, Some("hv"), Some("Nivå 1"));
        assert_eq!(
            from_other_level.title.as_deref(),
            Some("1 Kartlegg (Nivå 2)")
        );
        // From a text, not an outcome: no level to be on.
        assert_eq!(
            link(&t, "step:2", Some("hv")).title.as_deref(),
            Some("1 Kartlegg (Nivå 2)")
        );
    }

    #[test]
    fn a_tool_registers_its_form_and_the_last_of_an_id_counts() {
        let summary = |title: &str, form: Option<&str>| ToolSummary {
            number: None,
            title: title.into(),
            kind: crate::model::ToolKind::Form,
            format: None,
            size: None,
            document: true,
            path: "verktoy/index.html#samtykke".into(),
            form: form.map(|id| super::super::forms::links(id, false)),
        };
        let mut t = Targets::default();
        t.add_tool("samtykke", summary("Første", None));
        t.add_tool("samtykke", summary("Samtykke", Some("samtykke-skjema")));
        assert_eq!(
            t.tool("samtykke").map(|s| s.title.as_str()),
            Some("Samtykke")
        );
        assert_eq!(
            link(&t, "tool:samtykke", None).title.as_deref(),
            Some("Samtykke")
        );
        let form = link(&t, "form:samtykke-skjema", None);
        assert_eq!(form.title.as_deref(), Some("Samtykke"));
        assert!(form.target.is_some_and(|p| p.contains("samtykke-skjema")));
        assert!(t.tool("duken").is_none());
    }
}
