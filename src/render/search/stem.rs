//! The Snowball stemmer for Norwegian, so a search for "barnevernet" finds
//! "barnevernets". The same algorithm runs in the browser (`search.js`); both are
//! tested against the reference implementation.

const VOWELS: &[char] = &['a', 'e', 'i', 'o', 'u', 'y', 'æ', 'å', 'ø'];

/// Letters after which a final `s` is an ending (and `k` after a non-vowel).
const S_ENDING: &[char] = &[
    'b', 'c', 'd', 'f', 'g', 'h', 'j', 'l', 'm', 'n', 'o', 'p', 'r', 't', 'v', 'y', 'z',
];

/// Step 1 suffixes, longest first (the first that fits is the longest); `None`
/// deletes, `Some` replaces.
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

/// Step 3 suffixes, longest first.
const OTHER_SUFFIXES: &[&str] = &[
    "hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig",
];

fn is_vowel(c: char) -> bool {
    VOWELS.contains(&c)
}

/// Where R1 starts, as a byte offset: after the first non-vowel that follows a
/// vowel, but never before the third letter.
fn r1(word: &str) -> usize {
    let mut chars = word.char_indices().map(|(i, c)| (i, c, is_vowel(c)));
    let after_vowel_consonant = chars
        .by_ref()
        .skip_while(|(_, _, vowel)| !vowel)
        .find(|(_, _, vowel)| !vowel)
        .map(|(i, c, _)| i + c.len_utf8());
    let third_letter = word.char_indices().nth(3).map_or(word.len(), |(i, _)| i);
    match after_vowel_consonant {
        Some(start) if word.chars().count() >= 3 => start.max(third_letter),
        _ => word.len(),
    }
}

/// The stem of one lower-case word. Works on the string's bytes: every suffix is
/// ASCII, so a suffix's length in bytes is its length in letters.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    let p1 = r1(word);
    let in_r1 = |w: &str, suffix: &str| w.ends_with(suffix) && w.len() - suffix.len() >= p1;

    // Step 1: the longest main suffix in R1 (the list is longest first); a final s
    // only after an s-ending.
    if let Some((suffix, replacement)) = MAIN_SUFFIXES.iter().find(|(s, _)| in_r1(&w, s)) {
        w.truncate(w.len() - suffix.len());
        if let Some(r) = replacement {
            w.push_str(r);
        }
    } else if in_r1(&w, "s") {
        let start = w.len() - 1;
        let mut before = w[..start].chars().rev();
        let last = before.next();
        let k_after_consonant = last == Some('k') && before.next().is_some_and(|c| !is_vowel(c));
        if last.is_some_and(|c| S_ENDING.contains(&c)) || k_after_consonant {
            w.truncate(start);
        }
    }

    // Step 2: "dt" and "vt" in R1 lose their last letter.
    if in_r1(&w, "dt") || in_r1(&w, "vt") {
        w.pop();
    }

    // Step 3: the longest other suffix in R1 (the list is longest first).
    if let Some(suffix) = OTHER_SUFFIXES.iter().find(|s| in_r1(&w, s)) {
        w.truncate(w.len() - suffix.len());
    }
    w
}

/// The words of a text, lower-cased: letters and digits, split at everything else.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    split(text).map(str::to_lowercase)
}

/// The words of a text as they stand (not lower-cased).
pub fn split(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
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

    /// The five source guides' text.
    const SEEDS: [&str; 5] = [
        include_str!("../../../tests/seeds/ovre-eiker.txt"),
        include_str!("../../../tests/seeds/modum.txt"),
        include_str!("../../../tests/seeds/nesbyen.txt"),
        include_str!("../../../tests/seeds/midt-telemark.txt"),
        include_str!("../../../tests/seeds/vest-telemark.txt"),
    ];

    /// Every word of the five source guides stems as the reference Snowball
    /// implementation does.
    #[test]
    fn agrees_with_the_reference_implementation() {
        let reference = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
        let mut checked = std::collections::BTreeSet::new();
        for word in SEEDS.iter().flat_map(|s| words(s)) {
            if checked.insert(word.clone()) {
                assert_eq!(stem(&word), reference.stem(&word), "{word}");
            }
        }
        assert!(checked.len() > 3000, "{} words", checked.len());
    }

    /// Words for `tests/stem-vectors.json`: every word of the five source guides, and
    /// made-up words of a few stems with every ending and every pair of an ending and
    /// a short one, so each branch of the algorithm is there.
    fn vector_words() -> std::collections::BTreeSet<String> {
        let mut all: std::collections::BTreeSet<String> =
            SEEDS.iter().flat_map(|s| words(s)).collect();
        let starts = [
            "",
            "a",
            "bk",
            "hus",
            "skol",
            "tjenest",
            "barnevern",
            "øy",
            "kå",
        ];
        let short = ["", "s", "e", "et", "k", "ks", "dt", "vt", "ig"];
        for start in starts {
            for first in endings() {
                for second in short {
                    all.insert(format!("{start}{first}{second}"));
                }
            }
        }
        all
    }

    /// `tests/stem-vectors.json`, which `tests/node/stemmer.test.mjs` also reads to
    /// hold the browser's stemmer (`search.js`) to the same results: each word
    /// stems as listed, here and in the reference implementation, and the file
    /// holds every word `vector_words` makes. `VEIVISER_WRITE_STEM_VECTORS=1`
    /// writes the file anew.
    #[test]
    fn the_shared_vectors_hold() {
        let reference = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/stem-vectors.json");
        if std::env::var_os("VEIVISER_WRITE_STEM_VECTORS").is_some() {
            let pairs: Vec<(String, String)> = vector_words()
                .into_iter()
                .map(|w| {
                    let s = reference.stem(&w).into_owned();
                    (w, s)
                })
                .collect();
            let lines: Vec<String> = pairs
                .iter()
                .map(|p| serde_json::to_string(p).unwrap_or_default())
                .collect();
            let json = format!("[\n{}\n]\n", lines.join(",\n"));
            std::fs::write(path, json).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let pairs: Vec<(String, String)> = serde_json::from_str(&text).expect("JSON pairs");
        for (word, expected) in &pairs {
            assert_eq!(&stem(word), expected, "{word}");
            assert_eq!(reference.stem(word), expected.as_str(), "{word}");
        }
        let listed: std::collections::BTreeSet<String> =
            pairs.into_iter().map(|(w, _)| w).collect();
        assert_eq!(
            listed,
            vector_words(),
            "run again with VEIVISER_WRITE_STEM_VECTORS=1"
        );
    }

    /// Every ending the algorithm knows, and letters that decide whether a final
    /// `s` goes.
    fn endings() -> Vec<String> {
        let mut all: Vec<String> = MAIN_SUFFIXES.iter().map(|(s, _)| s.to_string()).collect();
        all.extend(OTHER_SUFFIXES.iter().map(|s| s.to_string()));
        all.extend(["s", "ks", "dt", "vt", "", "k", "e"].map(String::from));
        all
    }

    proptest::proptest! {
        /// Made-up words, a stem and one or two known endings, stem as the
        /// reference implementation does.
        #[test]
        fn agrees_with_the_reference_on_made_up_words(
            start in "[aeiouybcdfghjklmnprstvæøå]{0,7}",
            first in proptest::sample::select(endings()),
            second in proptest::sample::select(endings()),
        ) {
            let word = format!("{start}{first}{second}");
            let reference = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian);
            proptest::prop_assert_eq!(stem(&word), reference.stem(&word).into_owned(), "{}", word);
        }
    }
}
