//! Splitting a Markdown page into its YAML front matter and its body.

/// A page split at its `---` fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub front_matter: &'a str,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The line (from 1) the body starts on, for locating things in it.
    pub body_line: usize,
}

/// Split `text` into front matter and body. `None` when the page has no front matter
/// (the first line is not `---`) or the closing fence is missing.
pub fn split(text: &str) -> Option<Split<'_>> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (line, raw_line) in (2..).zip(rest.split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let front_matter = &rest[..offset];
            let body = &rest[offset + raw_line.len()..];
            return Some(Split {
                front_matter,
                body,
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\nHei\n").unwrap();
        assert_eq!(s.front_matter, "title: A\n");
        assert_eq!(s.body, "Hei\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_empty_body() {
        let s = split("---\r\ntitle: A\r\n---\r\n").unwrap();
        assert_eq!(s.front_matter, "title: A\r\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn missing_fences() {
        assert!(split("title: A\n").is_none());
        assert!(split("---\ntitle: A\n").is_none());
        assert!(split("").is_none());
    }
}
