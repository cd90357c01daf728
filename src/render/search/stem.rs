//! The Snowball stemmer for Norwegian, so a search for "barnevernet" finds
//! "barnevernets". The same algorithm runs in the browser (`search.js`); both are
//! tested against the reference implementation.

const VOWELS: &[char] = &['a', 'e', 'i', 'o', 'u', 'y', 'æ', 'å', 'ø'];

/// Letters after which a final `s` is an ending (and `k` after a non-vowel).
const S_ENDING: &[char] = &[
    'b', 'c', 'd', 'f', 'g', 'h', 'j', 'l', 'm', 'n', 'o', 'p', 'r', 't', 'v', 'y', 'z',
];

/// Step 1 suffixes, longest first; `None` deletes, `Some` replaces.
const MAIN_SUFFIXES: &[(&str, Option<&str>)] = &[
    ("hetenes", None),
    ("hetene", None),
    ("hetens", None),
    ("heten", None),
    ("heter", None),
    ("endes", None),
    ("ande", None),
    ("ende", None),
    ("edes", None),
    ("enes", None),
    ("erte", Some("er")),
    ("ede", None),
    ("ane", None),
    ("ene", None),
    ("ens", None),
    ("ers", None),
    ("ets", None),
    ("het", None),
    ("ast", None),
    ("ert", Some("er")),
    ("en", None),
    ("ar", None),
    ("er", None),
    ("as", None),
    ("es", None),
    ("et", None),
    ("a", None),
    ("e", None),
];

const OTHER_SUFFIXES: &[&str] = &[
    "hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig",
];

fn is_vowel(c: char) -> bool {
    VOWELS.contains(&c)
}

/// Where R1 starts: after the first non-vowel that follows a vowel, but never
/// before the third letter.
fn r1(word: &[char]) -> usize {
    if word.len() < 3 {
        return word.len();
    }
    let Some(vowel) = word.iter().position(|c| is_vowel(*c)) else {
        return word.len();
    };
    match word[vowel..].iter().position(|c| !is_vowel(*c)) {
        Some(offset) => (vowel + offset + 1).max(3),
        None => word.len(),
    }
}

fn ends_with(word: &[char], suffix: &str) -> bool {
    let suffix: Vec<char> = suffix.chars().collect();
    word.len() >= suffix.len() && word[word.len() - suffix.len()..] == suffix[..]
}

/// The stem of one lower-case word.
pub fn stem(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    let p1 = r1(&w);
    let in_r1 = |w: &[char], len: usize| w.len() >= len && w.len() - len >= p1;

    // Step 1: the longest main suffix in R1; a final s only after an s-ending.
    let main = MAIN_SUFFIXES
        .iter()
        .map(|(s, r)| (*s, *r))
        .chain(std::iter::once(("s", None)))
        .filter(|(s, _)| ends_with(&w, s) && in_r1(&w, s.chars().count()))
        .max_by_key(|(s, _)| s.chars().count());
    if let Some((suffix, replacement)) = main {
        let start = w.len() - suffix.chars().count();
        if suffix == "s" {
            let before = start.checked_sub(1).map(|i| w[i]);
            let k_after_consonant =
                before == Some('k') && start.checked_sub(2).is_some_and(|i| !is_vowel(w[i]));
            if before.is_some_and(|c| S_ENDING.contains(&c)) || k_after_consonant {
                w.truncate(start);
            }
        } else {
            w.truncate(start);
            if let Some(r) = replacement {
                w.extend(r.chars());
            }
        }
    }

    // Step 2: "dt" and "vt" in R1 lose their last letter.
    if (ends_with(&w, "dt") || ends_with(&w, "vt")) && in_r1(&w, 2) {
        w.pop();
    }

    // Step 3: the longest other suffix in R1.
    if let Some(suffix) = OTHER_SUFFIXES
        .iter()
        .filter(|s| ends_with(&w, s) && in_r1(&w, s.chars().count()))
        .max_by_key(|s| s.chars().count())
    {
        w.truncate(w.len() - suffix.chars().count());
    }
    w.into_iter().collect()
}

/// The words of a text, lower-cased: letters and digits, split at everything else.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_stems() {
        assert_eq!(stem("barnevernet"), stem("barnevernets"));
        assert_eq!(stem("tjenestene"), "tjenest");
        assert_eq!(stem("undringssamtale"), "undringssamtal");
        assert_eq!(stem("å"), "å");
        assert_eq!(stem(""), "");
    }

    /// Every word of the five source guides stems as the reference Snowball
    /// implementation does.
    #[test]
    fn agrees_with_the_reference_implementation() {
        let reference = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
        let seeds = [
            include_str!("../../../tests/seeds/ovre-eiker.txt"),
            include_str!("../../../tests/seeds/modum.txt"),
            include_str!("../../../tests/seeds/nesbyen.txt"),
            include_str!("../../../tests/seeds/midt-telemark.txt"),
            include_str!("../../../tests/seeds/vest-telemark.txt"),
        ];
        let mut checked = std::collections::BTreeSet::new();
        for word in seeds.iter().flat_map(|s| words(s)) {
            if checked.insert(word.clone()) {
                assert_eq!(stem(&word), reference.stem(&word), "{word}");
            }
        }
        assert!(checked.len() > 3000, "{} words", checked.len());
    }
}
