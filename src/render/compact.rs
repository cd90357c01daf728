//! Templates made compact once, when the theme is compiled, so that the pages they
//! render need no minifying. A template is written to be read: indented, one
//! element to a line. Rendered as written, every page would repeat that
//! indentation; minifying every page afterwards (a full HTML parse) cost as much as
//! rendering it. The whitespace is the template's, so it is taken out of the
//! template, once per build.
//!
//! What is taken out is only what a browser does not show: a run of white space is
//! one space to HTML wherever it stands (outside `<pre>`, `<textarea>`, scripts and
//! styles, which are left as written), and a line break next to the start or end of
//! a block element (a paragraph, a list, a section, a heading…) is no space at all.
//! A line break between inline content (`</a>` and `<span>`, two `{{ }}` values)
//! stays as one space, since it is one in the page. Tera's own tags are copied as
//! written.

/// Elements whose start and end tags break the line, so that white space beside
/// them shows as nothing. List items, table cells and the like are left out: a
/// stylesheet may lay them out inline, and then the space between them shows.
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
    "table",
    "tbody",
    "template",
    "tfoot",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content is kept exactly as written.
const RAW: &[&str] = &["pre", "textarea", "script", "style"];

#[derive(Debug, PartialEq)]
enum Token<'a> {
    /// An HTML tag, with its lower-case name (empty for `<!doctype …>` and comments).
    Tag {
        text: String,
        name: String,
    },
    /// `{% … %}` or `{# … #}`: renders nothing of its own.
    Logic(&'a str),
    /// `{{ … }}`: renders a value.
    Value(&'a str),
    /// Text, including a raw element's content.
    Text(&'a str),
    Space(&'a str),
}

/// `source` with the white space a browser would not show taken out.
pub fn compact(source: &str) -> String {
    let tokens = tokenize(source);
    let mut out = String::with_capacity(source.len());
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Tag { text, .. } => out.push_str(text),
            Token::Logic(text) | Token::Value(text) | Token::Text(text) => out.push_str(text),
            Token::Space(space) => {
                let beside_block = space.contains('\n')
                    && (at_block(tokens[..i].iter().rev()) || at_block(tokens[i + 1..].iter()));
                if !beside_block {
                    out.push(' ');
                }
            }
        }
    }
    out
}

/// Whether the first token that renders something, going the way of `tokens`, is
/// the start or end tag of a block element, or the template's start or end.
fn at_block<'a, 'b: 'a>(tokens: impl Iterator<Item = &'a Token<'b>>) -> bool {
    for token in tokens {
        match token {
            Token::Logic(_) | Token::Space(_) => continue,
            Token::Tag { name, .. } => return BLOCK.contains(&name.as_str()),
            Token::Value(_) | Token::Text(_) => return false,
        }
    }
    true
}

fn tokenize<'a>(source: &'a str) -> Vec<Token<'a>> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    let flush = |tokens: &mut Vec<Token<'a>>, from: usize, to: usize| {
        if from < to {
            tokens.push(Token::Text(&source[from..to]));
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) {
            flush(&mut tokens, text_start, i);
            let end = tera_end(source, i);
            let text = &source[i..end];
            tokens.push(if bytes[i + 1] == b'{' {
                Token::Value(text)
            } else {
                Token::Logic(text)
            });
            i = end;
            text_start = i;
        } else if b == b'<'
            && bytes
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!')
        {
            flush(&mut tokens, text_start, i);
            let (tag, name, end) = tag_at(source, i);
            let opening = !tag.starts_with("</") && !tag.ends_with("/>");
            tokens.push(Token::Tag {
                text: tag,
                name: name.clone(),
            });
            i = end;
            if opening && RAW.contains(&name.as_str()) {
                // A raw element's content is copied as it is, up to its end tag.
                let content_end =
                    crate::format::find_ignoring_ascii_case(&source[i..], &format!("</{name}"))
                        .map_or(source.len(), |at| i + at);
                flush(&mut tokens, i, content_end);
                i = content_end;
            }
            text_start = i;
        } else if b.is_ascii_whitespace() {
            flush(&mut tokens, text_start, i);
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            tokens.push(Token::Space(&source[start..i]));
            text_start = i;
        } else {
            i += source[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    flush(&mut tokens, text_start, bytes.len());
    tokens
}

/// The end of the Tera tag starting at `start` (`{{`, `{%` or `{#`): just after its
/// closer, skipping quoted strings; the end of the source if it is not closed (Tera
/// reports that).
fn tera_end(source: &str, start: usize) -> usize {
    let bytes = source.as_bytes();
    let closer = match bytes[start + 1] {
        b'{' => b'}',
        b'%' => b'%',
        _ => b'#',
    };
    let mut i = start + 2;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if closer != b'#' && (b == b'"' || b == b'\'' || b == b'`') => quote = Some(b),
            None if b == closer && bytes.get(i + 1) == Some(&b'}') => return i + 2,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The HTML tag starting at `start`: its text with each run of white space between
/// attributes made one space (quoted values and Tera tags inside copied as they
/// are), its lower-case name, and where it ends.
fn tag_at(source: &str, start: usize) -> (String, String, usize) {
    let bytes = source.as_bytes();
    if source[start..].starts_with("<!--") {
        let end = source[start..]
            .find("-->")
            .map_or(source.len(), |at| start + at + 3);
        return (source[start..end].to_string(), String::new(), end);
    }
    let name_from = start + 1 + usize::from(bytes[start + 1] == b'/');
    let name_len = source[name_from..]
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = source[name_from..name_from + name_len].to_ascii_lowercase();
    let mut text = String::new();
    let mut i = start;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if quote.is_none() && b == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) {
            let end = tera_end(source, i);
            text.push_str(&source[i..end]);
            i = end;
            continue;
        }
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => {
                text.push('>');
                return (text, name, i + 1);
            }
            None if b.is_ascii_whitespace() => {
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if !matches!(bytes.get(j), Some(b'>')) && !source[j..].starts_with("/>") {
                    text.push(' ');
                }
                i = j;
                continue;
            }
            None => {}
        }
        let len = source[i..].chars().next().map_or(1, char::len_utf8);
        text.push_str(&source[i..i + len]);
        i += len;
    }
    (text, name, bytes.len())
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn line_breaks_beside_blocks_go_and_others_become_one_space() {
        let source = "<ul>\n  {%- for x in xs %}\n  <li>{{ x }}</li>\n  {%- endfor %}\n</ul>\n<p>\n  <a href=\"{{ base }}\">Hjem</a>\n  <span>{{ a }}</span>   tekst\n</p>\n";
        assert_eq!(
            compact(source),
            "<ul>{%- for x in xs %}<li>{{ x }}</li>{%- endfor %}</ul><p><a href=\"{{ base }}\">Hjem</a> <span>{{ a }}</span> tekst</p>"
        );
    }

    #[test]
    fn values_on_separate_lines_keep_a_space_between_them() {
        assert_eq!(
            compact("<p>{{ a }}\n  {{ b }}</p>"),
            "<p>{{ a }} {{ b }}</p>"
        );
        assert_eq!(
            compact("<span>x</span>\n<span>y</span>"),
            "<span>x</span> <span>y</span>"
        );
    }

    #[test]
    fn tags_keep_their_attributes_and_tera_inside_them() {
        assert_eq!(
            compact("<a\n   class=\"x  y\"\n   {% if c %}aria-current=\"page\"{% endif %}\n   href='{{ \"a > b\" }}'\n>t</a>"),
            "<a class=\"x  y\" {% if c %}aria-current=\"page\"{% endif %} href='{{ \"a > b\" }}'>t</a>"
        );
    }

    #[test]
    fn raw_elements_and_tera_tags_are_copied_as_written() {
        let source = "<pre>\n  a\n    b\n</pre>\n<textarea name=\"t\">\n x </textarea>\n{{ \"  two  spaces  \" }}\n{# a\n  comment #}";
        assert_eq!(
            compact(source),
            "<pre>\n  a\n    b\n</pre><textarea name=\"t\">\n x </textarea> {{ \"  two  spaces  \" }}{# a\n  comment #}"
        );
    }

    #[test]
    fn a_template_without_markup_is_unchanged_but_for_its_outer_breaks() {
        assert_eq!(compact("\n{{ a }}\n"), "{{ a }}");
        assert_eq!(compact("Hei og hå"), "Hei og hå");
    }
}
