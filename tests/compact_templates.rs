//! The templates are made compact when the theme is compiled, instead of minifying
//! every page (`render/compact.rs`). That must never change what a reader gets:
//! every page of fixtures that use every template, rendered with the templates as
//! written and as made compact, has the same text (no two words joined, no word
//! split) and the same elements with the same attributes.

mod common;

use std::collections::BTreeSet;

use common::{copy_dir, Fixture};
use scraper::{Html, Node};
use veiviser::render::{self, Theme};

/// Elements that start a new line: the space beside them shows as nothing, so it is
/// the same whether the template has it or not.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "br",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "dd",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "pre",
    "script",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// What a reader gets of a page: its words in order (a block boundary counts as a
/// space) and its elements with their attributes, in document order.
fn reading(html: &str) -> (Vec<String>, Vec<String>) {
    let doc = Html::parse_document(html);
    let mut text = String::new();
    let mut elements = Vec::new();
    for edge in doc.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let mut attrs: Vec<String> =
                        e.attrs().map(|(k, v)| format!("{k}={v:?}")).collect();
                    attrs.sort();
                    elements.push(format!("<{} {}>", e.name(), attrs.join(" ")));
                    if BLOCK.contains(&e.name()) {
                        text.push(' ');
                    }
                }
                Node::Text(t) => {
                    let in_raw = node
                        .parent()
                        .and_then(|p| p.value().as_element())
                        .is_some_and(|p| matches!(p.name(), "script" | "style"));
                    if in_raw {
                        elements.push(format!(
                            "raw {:?}",
                            t.split_whitespace().collect::<Vec<_>>()
                        ));
                    } else {
                        text.push_str(t);
                    }
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if BLOCK.contains(&e.name()) {
                        text.push(' ');
                    }
                }
            }
        }
    }
    let words = text.split_whitespace().map(str::to_string).collect();
    (words, elements)
}

#[test]
fn compact_templates_render_what_the_templates_as_written_render() {
    let mut checked = 0;
    let mut templates = BTreeSet::new();
    for fixture in [
        "site-features",
        "nynorsk",
        "glossary",
        "tools-and-forms",
        "safety-net",
    ] {
        let site = Fixture::empty();
        copy_dir(
            &common::repo().join("content"),
            &site.root().join("content"),
        );
        copy_dir(
            &common::repo().join("tests/fixtures").join(fixture),
            site.root(),
        );
        let (report, model) = veiviser::build::analyse(site.root());
        let model = model.unwrap_or_else(|| panic!("{fixture}: {:?}", report.diagnostics));
        let raw = || veiviser::load::theme::load_theme(site.root(), "default").expect("theme");
        templates.extend(raw().templates.into_iter().map(|(name, _)| name));
        let compact = render::render(&model, &Theme::compile(raw()).expect("compact"))
            .expect("render compact");
        let written = render::render(&model, &Theme::compile_as_written(raw()).expect("written"))
            .expect("render as written");
        assert_eq!(compact.len(), written.len());
        for (c, w) in compact.iter().zip(&written) {
            assert_eq!(c.path, w.path);
            if !c.is_html() {
                continue;
            }
            let (c_html, w_html) = (
                String::from_utf8_lossy(&c.bytes),
                String::from_utf8_lossy(&w.bytes),
            );
            assert!(
                c_html.len() < w_html.len(),
                "{}: nothing taken out",
                c.path.display()
            );
            let (c_words, c_elements) = reading(&c_html);
            let (w_words, w_elements) = reading(&w_html);
            assert_eq!(c_words, w_words, "{}: the text differs", c.path.display());
            assert_eq!(
                c_elements,
                w_elements,
                "{}: the elements differ",
                c.path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} pages");
    assert!(templates.len() >= 15, "{templates:?}");
}
