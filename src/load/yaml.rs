//! YAML parsing with errors an editor can act on.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Loc};

/// What the texts of one YAML file may add up to once aliases are expanded.
pub const MAX_EXPANDED_BYTES: usize = 4_000_000;

/// Parse `text` (the whole of `path`, or its front matter starting at `line_offset`
/// lines into the file) into `T`.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! {
        // `no`, `yes`, `on`, `off` stay strings: `language: no` must not become false.
        strict_booleans: true,
        // We render the source line ourselves, with the file name.
        with_snippet: false,
        // Aliases replay their anchor: a 1 MB anchor used 65 times made a 66 MB page
        // and took 1.85 GB. Replayed text counts towards this budget, so no file
        // expands to more than twice the largest text file (2 MB).
        budget: serde_saphyr::budget! { max_total_scalar_bytes: MAX_EXPANDED_BYTES },
    };
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|error| {
        let (line, column) = error
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .filter(|(line, _)| *line > 0)
            .unwrap_or((1, 1));
        let message = error.to_string();
        let message = strip_location_suffix(&message);
        if message.contains("ScalarBytes") {
            return Diagnostic::error(
                Loc::new(path, line + line_offset, column),
                "the file's texts add up to more than 4 MB once every alias (`*name`) is replaced by its anchor (`&name`)",
            )
            .help("write the text out where it is needed, or use each anchor only a few times");
        }
        let help = help_for(message);
        let mut diagnostic = Diagnostic::error(Loc::new(path, line + line_offset, column), message);
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        diagnostic
    })
}

/// serde-saphyr appends " at line X column Y" to some messages; we show the location
/// ourselves in the editor's file coordinates.
fn strip_location_suffix(message: &str) -> &str {
    let message = message.lines().next().unwrap_or(message).trim();
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    // Advice meant for programmers using the YAML library, not for editors.
    match message
        .find(", set DuplicateKeyPolicy")
        .or_else(|| message.find("; set DuplicateKeyPolicy"))
    {
        Some(i) => &message[..i],
        None => message,
    }
}

/// A sentence on how to fix the most common mistakes.
fn help_for(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some(
            "remove the key or correct its spelling; the allowed keys are listed after \
             \"expected\" (see docs/innhold.md)"
                .into(),
        )
    } else if message.contains("missing field") {
        Some("add the missing key; it is required (see docs/innhold.md)".into())
    } else if message.contains("unknown variant") {
        Some("use one of the values listed after \"expected\"".into())
    } else if message.contains("duplicate") || message.contains("Duplicate") {
        Some("each key may appear only once in a mapping; remove or rename one of them".into())
    } else if message.contains("invalid type")
        || message.contains("expected sequence")
        || message.contains("expected mapping")
        || message.contains("expected string")
        || message.contains("invalid u32")
        || message.contains("invalid i64")
        || message.contains("invalid bool")
    {
        Some(
            "check the indentation and the kind of value: a list needs `- ` items, a text \
             with `: ` in it needs quotes"
                .into(),
        )
    } else {
        Some(
            "check the indentation (spaces, not tabs) and quote texts that contain `: ` or \
             start with a special character"
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::schema::SiteFile;

    #[test]
    fn unknown_key_names_key_line_and_column() {
        let text = "name: X\nlanguage: nb\ntitel: Y\n";
        let err = parse::<SiteFile>(Path::new("site.yaml"), text, 0).unwrap_err();
        assert!(err.message.contains("titel"), "{err}");
        assert_eq!(err.loc.line, 3, "{err}");
    }

    #[test]
    fn aliases_may_not_expand_a_file_beyond_the_budget() {
        let anchor = "x".repeat(100_000);
        let uses = |n: usize| format!("a: &a {anchor}\nb: [{}]\n", vec!["*a"; n].join(","));
        type Map = std::collections::BTreeMap<String, serde_json::Value>;
        assert!(parse::<Map>(Path::new("a.yaml"), &uses(10), 0).is_ok());
        let err = parse::<Map>(Path::new("a.yaml"), &uses(65), 0).unwrap_err();
        assert!(err.message.contains("4 MB"), "{err}");
        assert_eq!(err.loc.line, 2, "{err}");
    }

    #[test]
    fn norway_problem_is_avoided() {
        #[derive(serde::Deserialize)]
        struct L {
            language: String,
        }
        let l: L = parse(Path::new("x.yaml"), "language: no\n", 0).unwrap();
        assert_eq!(l.language, "no");
    }

    #[test]
    fn line_offset_is_added_for_front_matter() {
        let err = parse::<SiteFile>(Path::new("p.md"), "name: [\n", 1).unwrap_err();
        assert!(err.loc.line >= 2, "{err}");
    }
}
