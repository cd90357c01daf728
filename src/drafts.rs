//! Drafts: chapters (pages) and steps marked `unfilled: true`. `check` lists them as
//! to-dos and `serve` and `build --drafts` show them marked; a published build leaves
//! them out of everything a reader sees, as Hugo and Zola do with drafts. A reference
//! to a draft from published text is kept as its words without a link, so nothing
//! leads to a page that is not there.

use std::collections::BTreeSet;

use crate::model::{Link, Markdown, Model, Municipality};

/// Take every draft out of the model: its page, its place in menus, lists, the
/// toolbox's back-links, previous/next, the whole guide, the search index and the
/// sitemap (all of which are made from the model), and every link to it.
pub fn withhold(model: &mut Model) {
    for municipality in &mut model.municipalities {
        withhold_in(municipality);
    }
}

fn withhold_in(m: &mut Municipality) {
    let mut drafts: BTreeSet<String> = BTreeSet::new();
    for page in m.pages.iter().filter(|p| p.unfilled) {
        drafts.insert(page.path.clone());
    }
    for step in m
        .guides
        .iter()
        .flat_map(|g| &g.levels)
        .flat_map(|l| &l.steps)
        .filter(|s| s.unfilled)
    {
        drafts.insert(step.path.clone());
    }
    if drafts.is_empty() {
        return;
    }
    m.pages.retain(|p| !p.unfilled);
    for guide in &mut m.guides {
        for level in &mut guide.levels {
            level.steps.retain(|s| !s.unfilled);
        }
        crate::model::link_previous_and_next(&mut guide.levels);
    }
    for item in &mut m.toolbox.items {
        item.used_by.retain(|u| !drafts.contains(&u.path));
        let leads_to_draft = item
            .href
            .as_deref()
            .is_some_and(|href| drafts.contains(without_anchor(href)));
        if leads_to_draft {
            item.href = None;
            item.document = false;
        }
    }
    for_each_link(m, &mut |link| {
        let to_draft = link
            .target
            .as_deref()
            .is_some_and(|t| drafts.contains(without_anchor(t)));
        if to_draft {
            link.target = None;
            link.title = None;
        }
    });
}

fn without_anchor(path: &str) -> &str {
    path.split_once('#').map_or(path, |(p, _)| p)
}

/// Every reference of a site, in its texts, decision outcomes and toolbox items.
fn for_each_link(m: &mut Municipality, f: &mut dyn FnMut(&mut Link)) {
    let mut text = |md: &mut Markdown| md.links.iter_mut().for_each(&mut *f);
    m.home.iter_mut().for_each(&mut text);
    if let Some(p) = &mut m.pyramid {
        p.intro.iter_mut().for_each(&mut text);
        p.outro.iter_mut().for_each(&mut text);
        p.levels
            .iter_mut()
            .filter_map(|l| l.body.as_mut())
            .for_each(&mut text);
    }
    for g in &mut m.guides {
        g.intro.iter_mut().for_each(&mut text);
        g.about.iter_mut().for_each(&mut text);
        for l in &mut g.levels {
            l.intro.iter_mut().for_each(&mut text);
            for s in &mut l.steps {
                s.body.iter_mut().for_each(&mut text);
                s.situation.iter_mut().for_each(&mut text);
                s.what_to_do.iter_mut().for_each(&mut text);
                s.responsible.iter_mut().for_each(&mut text);
            }
        }
    }
    m.toolbox.intro.iter_mut().for_each(&mut text);
    m.toolbox
        .items
        .iter_mut()
        .filter_map(|i| i.description.as_mut())
        .for_each(&mut text);
    m.arenas.intro.iter_mut().for_each(&mut text);
    m.arenas
        .items
        .iter_mut()
        .filter_map(|a| a.body.as_mut())
        .for_each(&mut text);
    if let Some(g) = &mut m.guidance {
        g.intro.iter_mut().for_each(&mut text);
    }
    m.pages.iter_mut().map(|p| &mut p.body).for_each(&mut text);
    for step in m
        .guides
        .iter_mut()
        .flat_map(|g| &mut g.levels)
        .flat_map(|l| &mut l.steps)
    {
        step.outcomes
            .iter_mut()
            .filter_map(|o| o.to.as_mut())
            .for_each(&mut *f);
    }
    m.toolbox
        .items
        .iter_mut()
        .filter_map(|i| i.link.as_mut())
        .for_each(&mut *f);
}
