//! A site's glossary: the words its pages link to their definitions.

use serde::Serialize;

/// The terms a site links and lists, in Norwegian alphabetical order (æ, ø, å last).
#[derive(Debug, Clone, Serialize)]
pub struct Glossary {
    pub terms: Vec<GlossaryTerm>,
    /// The glossary page, from the site's root.
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryTerm {
    pub id: String,
    /// `term-<id>`: the `<dfn>`'s id on the glossary page.
    pub anchor: String,
    /// As listed, in the site's language.
    pub word: String,
    /// Every way the term is written in a text: the word, then its other forms.
    pub forms: Vec<String>,
    /// Plain text, in the site's language.
    pub definition: String,
    pub source: String,
    pub url: Option<String>,
    /// The municipality's own term (or its own definition of a national one): listed
    /// whether or not a page uses it.
    pub local: bool,
}

/// The spellings a form is recognised by. A form written in capitals only ("BTI",
/// "IP") is an acronym and matches exactly; any other matches as written, in lower
/// case, with a capital first letter (a sentence's start) and in capitals.
pub fn spellings(form: &str) -> Vec<String> {
    let form = form.trim();
    let mut out = vec![form.to_string()];
    if !is_acronym(form) {
        let lower = form.to_lowercase();
        let mut chars = lower.chars();
        let capital = chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default();
        out.extend([lower, capital, form.to_uppercase()]);
    }
    out.retain(|s| !s.is_empty());
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

/// Capitals only, at least two letters: "BTI", "IP", "BTI-modellen" is not one.
pub fn is_acronym(form: &str) -> bool {
    form.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && form
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_match_exactly_words_in_any_common_case() {
        assert_eq!(spellings("BTI"), ["BTI"]);
        assert_eq!(spellings("IP"), ["IP"]);
        assert_eq!(
            spellings("bekymring"),
            ["bekymring", "Bekymring", "BEKYMRING"]
        );
        assert_eq!(
            spellings("BTI-modellen"),
            [
                "BTI-modellen",
                "bti-modellen",
                "Bti-modellen",
                "BTI-MODELLEN"
            ]
        );
        assert_eq!(spellings("ønske"), ["ønske", "Ønske", "ØNSKE"]);
        assert!(!is_acronym("Bti"));
        assert!(!is_acronym("A"));
    }
}
