//! How often each stem occurs in a page's texts, counted without making a string
//! per word.
//!
//! A site's pages share most of their words, and a country's sites share most of
//! theirs, so each thread remembers the stem of every word it has seen: a word met
//! again costs one look-up, not a lower-casing and a stemming. What is remembered is
//! a pure function of the word, so the counts are the same whatever the thread saw
//! before.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::stem;

/// Words a thread remembers before it forgets them all and starts again: enough for
/// every word of a country's guides, little enough (a few MB) to keep in a
/// long-running `serve`.
const REMEMBERED: usize = 1 << 16;

/// A fast hash for short words (FxHash, as rustc uses): the words are the site's
/// own, so there is no one to flood the table.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    /// Eight bytes at a time; the last up to seven read as two overlapping four-byte
    /// words, or (fewer than four) as their first, middle and last byte: each a
    /// fixed-size load, where copying a short tail cost a call to `memcpy` per word.
    /// A hash only places a key in the table; equal bytes give equal hashes.
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let tail = chunks.remainder();
        let len = tail.len();
        if len >= 4 {
            let mut low = [0u8; 4];
            let mut high = [0u8; 4];
            low.copy_from_slice(&tail[..4]);
            high.copy_from_slice(&tail[len - 4..]);
            self.add(
                u64::from(u32::from_le_bytes(low)) | u64::from(u32::from_le_bytes(high)) << 32,
            );
        } else if len > 0 {
            let sampled = u64::from(tail[0])
                | u64::from(tail[len / 2]) << 8
                | u64::from(tail[len - 1]) << 16
                | (len as u64) << 24;
            self.add(sampled);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Each stem, with its page weight, of the words of `parts` (a text and the weight
/// of each of its words). Each stem once, in no particular order.
pub(super) fn count(parts: &[(&str, u32)]) -> Vec<(Arc<str>, u32)> {
    MEMO.with(|memo| match memo.try_borrow_mut() {
        Ok(mut memo) => memo.count(parts),
        // Never happens (nothing counts while counting); a fresh memory gives the
        // same result.
        Err(_) => Memo::default().count(parts),
    })
}

/// Calls `f` with each word of `text`, as `stem::split` finds them (the runs of
/// alphanumeric characters), in two tight loops: over what comes between words,
/// then over a word. An ASCII byte is a look-up in a table; a longer character is
/// decoded and classified.
fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Whether the character at `at` (where one starts) is alphanumeric, and its
    // length.
    let class = |at: usize| -> (bool, usize) {
        let byte = bytes[at];
        if byte.is_ascii() {
            (ASCII_ALPHANUMERIC[usize::from(byte)], 1)
        } else {
            text[at..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8()))
        }
    };
    let mut at = 0;
    loop {
        // Between words.
        while at < n {
            let (alphanumeric, len) = class(at);
            if alphanumeric {
                break;
            }
            at += len;
        }
        if at >= n {
            return;
        }
        let start = at;
        while at < n {
            let (alphanumeric, len) = class(at);
            if !alphanumeric {
                break;
            }
            at += len;
        }
        f(&text[start..at]);
    }
}

/// The ASCII letters and digits (`char::is_alphanumeric` of an ASCII character).
static ASCII_ALPHANUMERIC: [bool; 128] = {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

#[derive(Default)]
struct Memo {
    /// A word as it stands in the text (before lower-casing) → its stem's number.
    words: FastMap<Box<str>, u32>,
    /// The stems by number, each once.
    stems: Vec<Arc<str>>,
    numbers: FastMap<Arc<str>, u32>,
    /// Per stem number, its weight on the page being counted; zero between pages.
    weights: Vec<u32>,
}

impl Memo {
    fn count(&mut self, parts: &[(&str, u32)]) -> Vec<(Arc<str>, u32)> {
        if self.words.len() >= REMEMBERED {
            *self = Memo::default();
        }
        let mut found: Vec<u32> = Vec::new();
        for &(text, weight) in parts {
            for_each_word(text, |word| {
                let number = match self.words.get(word) {
                    Some(&number) => number,
                    None => self.learn(word),
                };
                let slot = &mut self.weights[number as usize];
                if *slot == 0 {
                    found.push(number);
                }
                *slot += weight;
            });
        }
        found
            .into_iter()
            .map(|number| {
                let weight = std::mem::take(&mut self.weights[number as usize]);
                (Arc::clone(&self.stems[number as usize]), weight)
            })
            .collect()
    }

    /// The number of a word's stem, remembered from now on.
    fn learn(&mut self, word: &str) -> u32 {
        let stem: Arc<str> = stem::stem(&word.to_lowercase()).into();
        let number = match self.numbers.get(&stem) {
            Some(&number) => number,
            None => {
                let number = self.stems.len() as u32;
                self.stems.push(Arc::clone(&stem));
                self.numbers.insert(stem, number);
                self.weights.push(0);
                number
            }
        };
        self.words.insert(word.into(), number);
        number
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// What the counts were before they were remembered: every word lower-cased
    /// and stemmed, weights added up per stem.
    fn plainly(parts: &[(&str, u32)]) -> BTreeMap<String, u32> {
        let mut counts = BTreeMap::new();
        for &(text, weight) in parts {
            for word in stem::words(text) {
                *counts.entry(stem::stem(&word)).or_default() += weight;
            }
        }
        counts
    }

    fn sorted(counts: Vec<(Arc<str>, u32)>) -> BTreeMap<String, u32> {
        let mut map = BTreeMap::new();
        for (stem, weight) in counts {
            assert!(
                map.insert(stem.to_string(), weight).is_none(),
                "{stem} twice"
            );
        }
        map
    }

    fn words_of(text: &str) -> Vec<&str> {
        let mut words = Vec::new();
        for_each_word(text, |word| words.push(word));
        words
    }

    #[test]
    fn the_hash_tells_the_source_words_apart() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let hash = |word: &str| BuildHasherDefault::<FxHasher>::default().hash_one(word);
        let words: std::collections::BTreeSet<&str> =
            stem::split(include_str!("../../../tests/seeds/ovre-eiker.txt")).collect();
        let hashes: std::collections::BTreeSet<u64> = words.iter().map(|w| hash(w)).collect();
        assert!(words.len() > 1000);
        assert_eq!(hashes.len(), words.len());
        assert_eq!(hash("barnevernet"), hash(&String::from("barnevernet")));
        for (a, b) in [
            ("ab", "ba"),
            ("abcde", "abcdf"),
            ("abcdefghi", "abcdefghj"),
            ("a", ""),
        ] {
            assert_ne!(hash(a), hash(b), "{a} {b}");
        }
    }

    #[test]
    fn words_are_found_as_split_finds_them() {
        for text in [
            "",
            " ",
            "ord",
            "Barnevernet, og «barnevernets» BARNEVERN;Ærlig–ærlige. ΣΑΣ σας 3 3 ",
            "x2F&#x2F;ab½¾ⅷ 𝔘𝔫𝔦 中文 ١٢٣ a\u{300}b e\u{301} ŋǥ",
            "  mellom\u{a0}rom\u{2003}og\tfaner\n",
        ] {
            assert_eq!(
                words_of(text),
                stem::split(text).collect::<Vec<_>>(),
                "{text:?}"
            );
        }
        for seed in [
            include_str!("../../../tests/seeds/ovre-eiker.txt"),
            include_str!("../../../tests/seeds/nesbyen.txt"),
        ] {
            assert_eq!(words_of(seed), stem::split(seed).collect::<Vec<_>>());
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_as_split_does(text in "\\PC*") {
            proptest::prop_assert_eq!(words_of(&text), stem::split(&text).collect::<Vec<_>>());
        }
    }

    #[test]
    fn counts_as_plain_stemming_does() {
        let parts: &[(&str, u32)] = &[
            (
                "Barnevernet og barnevernets BARNEVERN; Ærlig ærlige. ΣΑΣ σας 3 3",
                1,
            ),
            ("Barnevernet", 10),
        ];
        assert_eq!(sorted(count(parts)), plainly(parts));
        // Again, with every word remembered, and once more with a fresh memory.
        assert_eq!(sorted(count(parts)), plainly(parts));
        assert_eq!(sorted(Memo::default().count(parts)), plainly(parts));
        assert!(count(&[("", 1), (" - ", 10)]).is_empty());
    }

    #[test]
    fn the_source_guides_count_as_plain_stemming_does() {
        let seeds = [
            include_str!("../../../tests/seeds/ovre-eiker.txt"),
            include_str!("../../../tests/seeds/modum.txt"),
            include_str!("../../../tests/seeds/vest-telemark.txt"),
        ];
        let mut memo = Memo::default();
        for seed in seeds {
            // Page by page, as the pages of a site, with the memory growing.
            for page in seed.split("\n\n") {
                let parts: &[(&str, u32)] = &[(page, 1), (seed.lines().next().unwrap_or(""), 10)];
                assert_eq!(sorted(memo.count(parts)), plainly(parts));
            }
        }
    }

    #[test]
    fn a_full_memory_starts_again() {
        let mut memo = Memo::default();
        let many: String = (0..REMEMBERED + 10).map(|i| format!("ord{i} ")).collect();
        let parts: &[(&str, u32)] = &[(&many, 1)];
        assert_eq!(sorted(memo.count(parts)).len(), REMEMBERED + 10);
        assert!(memo.words.len() >= REMEMBERED);
        let parts: &[(&str, u32)] = &[("Barnevernet barnevernet", 1)];
        assert_eq!(sorted(memo.count(parts)), plainly(parts));
        assert_eq!(memo.words.len(), 2);
    }
}
