//! What a Markdown text may cost to render: how deep it nests and how many table
//! cells it makes. Resolve measures every text before anything is rendered, so a text
//! that would exhaust the build's stack, time or memory is an error where it starts.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// How deep a text may nest elements (lists in lists, quotes in quotes, HTML in
/// HTML). Real guides nest a handful of levels; thousands make the HTML minifier
/// recurse until the stack overflows, and the HTML parser's scope checks slow down
/// with every open element.
pub const MAX_NESTING: usize = 100;
/// Cells a text's tables may have in all. A Markdown table row is padded to the
/// header's width, so a wide header with many short rows multiplies into millions of
/// cells (a 2 MB table needed almost 1 GB).
pub const MAX_TABLE_CELLS: usize = 50_000;

/// A text that would cost too much to render, and where in it that shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooCostly {
    /// Byte offset in the source.
    pub offset: usize,
    pub what: Cost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    Nesting,
    TableCells,
}

/// Whether `source` stays within what a page may cost: [`MAX_NESTING`] and
/// [`MAX_TABLE_CELLS`]. Runs in time linear in the text (it stops at the first
/// breach), so resolve can call it on every text before anything is rendered.
pub fn too_costly(source: &str) -> Option<TooCostly> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut depth = 0usize;
    let mut html = HtmlNesting::default();
    let mut columns = 0usize;
    let mut cells = 0usize;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match &event {
            Event::Start(Tag::Table(alignments)) => columns = alignments.len().max(1),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                cells += columns;
                if cells > MAX_TABLE_CELLS {
                    return Some(TooCostly {
                        offset: range.start,
                        what: Cost::TableCells,
                    });
                }
            }
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(text) | Event::InlineHtml(text) => html.feed(text),
            _ => {}
        }
        if depth + html.depth() > MAX_NESTING {
            return Some(TooCostly {
                offset: range.start,
                what: Cost::Nesting,
            });
        }
    }
    None
}

/// The elements raw HTML in a text leaves open, followed roughly as a browser would:
/// a closing tag closes up to the last element of its name and is ignored when there
/// is none; void elements never open; a `<p>` or `<li>` right after another of its
/// kind replaces it. Close enough to bound nesting; the page-level check in `write`
/// measures the real thing.
#[derive(Default)]
struct HtmlNesting {
    open: Vec<String>,
}

impl HtmlNesting {
    fn depth(&self) -> usize {
        self.open.len()
    }

    fn feed(&mut self, text: &str) {
        let mut rest = text;
        while let Some(start) = rest.find('<') {
            rest = &rest[start + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let closing = rest.starts_with('/');
            let name_start = usize::from(closing);
            let name: String = rest[name_start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let end = tag_end(rest);
            rest = &rest[end..];
            // `a < 3` or `<3` is text, not a tag.
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            if closing {
                if let Some(at) = self.open.iter().rposition(|n| *n == name) {
                    self.open.truncate(at);
                }
            } else if !VOID_ELEMENTS.contains(&name.as_str()) {
                if SELF_REPLACING.contains(&name.as_str())
                    && self.open.last().is_some_and(|last| *last == name)
                {
                    self.open.pop();
                }
                self.open.push(name);
            }
        }
    }
}

/// Where a tag that starts at `rest` ends: after its `>`, skipping quoted attribute
/// values.
fn tag_end(rest: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
const SELF_REPLACING: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_found_where_it_starts_to_be_too_deep() {
        for (what, source) in [
            ("nested <b>", "<b>".repeat(3000)),
            (
                "nested lists",
                (0..2000)
                    .map(|i| format!("{}- a\n", "  ".repeat(i)))
                    .collect(),
            ),
            ("nested quotes", format!("{} x\n", ">".repeat(2500))),
            ("nested table cells", "<table><tr><td>".repeat(700)),
            ("nested sections", "<section>\n".repeat(100_000)),
        ] {
            let found = too_costly(&source);
            assert!(
                matches!(
                    found,
                    Some(TooCostly {
                        what: Cost::Nesting,
                        ..
                    })
                ),
                "{what}: {found:?}"
            );
        }
    }

    #[test]
    fn real_nesting_and_unclosed_paragraphs_pass() {
        let lists: String = (0..8).map(|i| format!("{}- a\n", "  ".repeat(i))).collect();
        assert_eq!(too_costly(&lists), None);
        assert_eq!(too_costly(&"<p>avsnitt\n".repeat(500)), None);
        assert_eq!(
            too_costly(&"<b>a</b> <i>b</i> </div><br>".repeat(5000)),
            None
        );
        assert_eq!(too_costly(&"<section></section>\n".repeat(50_000)), None);
        assert_eq!(
            too_costly("<!-- <b><b><b> --> <a title=\"<b>\">x</a>"),
            None
        );
    }

    #[test]
    fn a_wide_table_with_many_rows_is_too_costly() {
        let header = format!("{}|\n{}|\n", "|a".repeat(1000), "|-".repeat(1000));
        let rows = "|x\n".repeat(100);
        let found = too_costly(&format!("{header}{rows}"));
        assert!(
            matches!(
                found,
                Some(TooCostly {
                    what: Cost::TableCells,
                    ..
                })
            ),
            "{found:?}"
        );
        assert_eq!(
            too_costly(&format!("|a|b|\n|-|-|\n{}", "|x|y|\n".repeat(1000))),
            None
        );
    }
}
