//! The last pass of building a municipality, over the model rather than the input:
//! every reference the builders recorded is looked up in the targets they registered,
//! so a reference may lead to anything in the site, made before it or after. What a
//! relative reference needs is where it stands: a text of a guide means that guide
//! (`step:1.2`), and a decision outcome also its step's level.
//!
//! Nothing is reported here: a reference that leads nowhere stays a `Link` without a
//! target, and `integrity` reports it with the rest of the model's errors.

use crate::model::{layout, Markdown, Municipality, ToolUse};

use super::refs::Targets;

/// Fill in every link of `m`, the toolbox items steps use, and the addresses of
/// toolbox items that lead where their link does.
pub(super) fn fill(m: &mut Municipality, targets: &Targets) {
    // Texts outside any guide: a `step:` in them means the one guide that has it.
    let site_text = |text: &mut Markdown| {
        for link in &mut text.links {
            targets.resolve(link, None, None);
        }
    };
    m.home.iter_mut().for_each(site_text);
    if let Some(pyramid) = &mut m.pyramid {
        pyramid.intro.iter_mut().for_each(site_text);
        pyramid.outro.iter_mut().for_each(site_text);
        pyramid
            .levels
            .iter_mut()
            .filter_map(|l| l.body.as_mut())
            .for_each(site_text);
    }
    m.toolbox.intro.iter_mut().for_each(site_text);
    m.arenas.intro.iter_mut().for_each(site_text);
    m.arenas
        .items
        .iter_mut()
        .filter_map(|a| a.body.as_mut())
        .for_each(site_text);
    if let Some(guidance) = &mut m.guidance {
        guidance.intro.iter_mut().for_each(site_text);
    }
    m.pages.iter_mut().map(|p| &mut p.body).for_each(site_text);

    for guide in &mut m.guides {
        let context = Some(guide.id.as_str());
        let guide_text = |text: &mut Markdown| {
            for link in &mut text.links {
                targets.resolve(link, context, None);
            }
        };
        guide.intro.iter_mut().for_each(guide_text);
        guide.about.iter_mut().for_each(guide_text);
        for level in &mut guide.levels {
            level.intro.iter_mut().for_each(guide_text);
            for step in &mut level.steps {
                step.body.iter_mut().for_each(guide_text);
                step.situation.iter_mut().for_each(guide_text);
                step.what_to_do.iter_mut().for_each(guide_text);
                step.responsible.iter_mut().for_each(guide_text);
                for to in step.outcomes.iter_mut().filter_map(|o| o.to.as_mut()) {
                    targets.resolve(to, context, Some(level.title.as_str()));
                }
                // Inherited (`tools_from:`) uses included: they were copied unfilled.
                for tool_use in step.tools.iter_mut().chain(&mut step.guides) {
                    fill_tool_use(tool_use, targets);
                }
            }
        }
    }

    for item in &mut m.toolbox.items {
        item.description.iter_mut().for_each(site_text);
        if let Some(link) = &mut item.link {
            targets.resolve(link, None, None);
        }
        // Where the item leads: its own address or form (set by the builder), else
        // where its link leads, else its published file.
        if item.href.is_none() {
            item.href = item
                .link
                .as_ref()
                .and_then(|l| l.target.clone())
                .or_else(|| {
                    let name = item.file_name.as_deref()?;
                    Some(layout::file(&crate::load::published_name(name)?))
                });
        }
    }
}

fn fill_tool_use(tool_use: &mut ToolUse, targets: &Targets) {
    tool_use.item = targets.tool(&tool_use.id).cloned();
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostics;
    use crate::model::{Link, Municipality};

    /// One municipality, `by`, made of `files` (paths under its folder), loaded and
    /// resolved.
    fn resolved(files: &[(&str, &str)]) -> (Municipality, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("municipalities/by");
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let loaded = crate::load::load_only(dir.path(), None);
        assert!(!loaded.diagnostics.has_errors(), "{:?}", loaded.diagnostics);
        let (mut model, diagnostics) = super::super::resolve(&loaded);
        (model.municipalities.remove(0), diagnostics)
    }

    const SITE: (&str, &str) = (
        "site.yaml",
        "name: By kommune\nlanguage: nb\ntitle: Veileder\n",
    );

    fn step<'m>(m: &'m Municipality, id: &str) -> &'m crate::model::Step {
        let mut steps = m
            .guides
            .iter()
            .flat_map(|g| &g.levels)
            .flat_map(|l| &l.steps);
        steps.find(|s| s.id == id).unwrap()
    }

    #[test]
    fn references_lead_forwards_to_what_is_made_later() {
        let guide = r#"
title: Veileder
levels:
  - level: 1
    title: Nivå 1
    steps:
      - id: "1.1"
        title: Undring
        what_to_do: Gå til [samtalen](step:2.1).
        tools: [kartlegging]
        outcomes:
          - label: Videre
            to: step:2.1
  - level: 2
    title: Nivå 2
    steps:
      - id: "2.1"
        title: Samtale
        tools_from: previous
"#;
        let toolbox = r#"
items:
  - id: kartlegging
    title: Kartlegging
    kind: assessment
    link: page:om
"#;
        let (m, diagnostics) = resolved(&[
            SITE,
            ("home.md", "Se [samtalen](step:2.1).\n"),
            ("guides/veileder.yaml", guide),
            ("toolbox.yaml", toolbox),
            (
                "pages/om.md",
                "---\ntitle: Om\n---\nTilbake til [start](step:1.1).\n",
            ),
        ]);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let to_talk = Some("veileder/veileder/steg-2-1/index.html");
        // A step's text and outcome lead to a step made after it.
        let first = step(&m, "1.1");
        let text = &first.what_to_do.as_ref().unwrap().links[0];
        assert_eq!(text.target.as_deref(), to_talk);
        assert_eq!(text.title.as_deref(), Some("2.1 Samtale"));
        let outcome = first.outcomes[0].to.as_ref().unwrap();
        assert_eq!(outcome.target.as_deref(), to_talk);
        // The home page, made before the guides, leads into them.
        assert_eq!(m.home.as_ref().unwrap().links[0].target.as_deref(), to_talk);
        // The toolbox is made after the guides: steps still show its items, the
        // inherited ones too.
        for id in ["1.1", "2.1"] {
            let uses = &step(&m, id).tools;
            assert_eq!(uses.len(), 1, "step {id}");
            let item = uses[0].item.as_ref();
            assert_eq!(item.map(|i| i.title.as_str()), Some("Kartlegging"));
        }
        // A toolbox item leads where its link does, to a page made after it.
        let item = &m.toolbox.items[0];
        assert_eq!(item.href.as_deref(), Some("om/index.html"));
        assert_eq!(item.used_by.len(), 2);
        let back = &m.pages[0].body.links[0];
        assert_eq!(back.title.as_deref(), Some("1.1 Undring"));
    }

    #[test]
    fn an_ambiguous_reference_is_reported_once() {
        let guide = |title: &str| {
            format!("title: {title}\nlevels:\n  - level: 1\n    title: Nivå 1\n    steps:\n      - id: \"1.1\"\n        title: Undring\n")
        };
        let (m, diagnostics) = resolved(&[
            SITE,
            ("guides/skole.yaml", &guide("Skole")),
            ("guides/barnehage.yaml", &guide("Barnehage")),
            (
                "pages/om.md",
                "---\ntitle: Om\n---\nLes [dette](step:1.1).\n",
            ),
        ]);
        let link = &m.pages[0].body.links[0];
        assert_eq!(link.target, None);
        assert_eq!(link.candidates, ["step:barnehage:1.1", "step:skole:1.1"]);
        let reported: Vec<_> = diagnostics
            .errors()
            .filter(|d| d.message.contains("step:1.1"))
            .collect();
        assert_eq!(reported.len(), 1, "{diagnostics:?}");
        assert!(reported[0].message.contains("is ambiguous"));
        assert_eq!((reported[0].loc.line, reported[0].loc.column), (4, 5));
    }

    /// Every kind of text, outcome and toolbox link is looked up: one reference in
    /// each, to the home page, all found.
    #[test]
    fn every_reference_is_filled() {
        let md = "[hjem](home)";
        // Quoted: in YAML a value starting with `[` is a list.
        let text = format!("\"{md}\"");
        let guide = format!(
            r#"
title: Veileder
intro: {text}
about: {text}
levels:
  - level: 1
    title: Nivå 1
    intro: {text}
    steps:
      - id: "1.1"
        title: Undring
        body: {text}
        situation: {text}
        what_to_do: {text}
        responsible: {text}
        outcomes:
          - label: Hjem
            to: home
"#
        );
        let pyramid = format!(
            "title: Pyramiden\nintro: {text}\noutro: {text}\nlevels:\n  - level: 1\n    color: green\n    title: Grønn\n    body: {text}\n"
        );
        let toolbox = format!(
            "intro: {text}\nitems:\n  - id: a\n    title: A\n    kind: service\n    link: home\n    description: {text}\n"
        );
        let arenas = format!("intro: {text}\narenas:\n  - id: b\n    name: B\n    body: {text}\n");
        let (m, diagnostics) = resolved(&[
            SITE,
            ("home.md", md),
            ("guides/veileder.yaml", &guide),
            ("pyramid.yaml", &pyramid),
            ("toolbox.yaml", &toolbox),
            ("arenas.yaml", &arenas),
            ("guidance.yaml", &format!("intro: {text}\nitems: []\n")),
            ("pages/om.md", &format!("---\ntitle: Om\n---\n{md}\n")),
        ]);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        // Every text's references, the guidance page's introduction among them.
        let links: Vec<&Link> = m.all_links();
        // home, pyramid 3, guide 2 + level 1 + step 4 + outcome 1, toolbox 3, arenas 2,
        // guidance 1, page 1.
        assert_eq!(links.len(), 19);
        for link in links {
            assert_eq!(link.target.as_deref(), Some("index.html"), "{link:?}");
            assert_eq!(link.title.as_deref(), Some("Veileder"), "{link:?}");
        }
    }
}
