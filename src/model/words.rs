//! The words veiviser itself writes into pages and forms (opening hours in words, the
//! notice on a standard template), in bokmål and nynorsk. They live in the theme's
//! interface files (`themes/default/i18n/nb.yaml`, `nn.yaml`) beside the templates'
//! words, so a nynorsk site gets nynorsk from every part of veiviser and a translator
//! finds every word in one place. Load reads them and makes sure each key the code
//! uses is there in both languages.

use std::collections::BTreeMap;

use crate::model::Lang;

/// Keys the Rust code looks up; load reports one missing from either language.
pub const USED_BY_CODE: &[&str] = &[
    "hours_day_1",
    "hours_day_2",
    "hours_day_3",
    "hours_day_4",
    "hours_day_5",
    "hours_day_6",
    "hours_day_7",
    "hours_weekdays",
    "hours_weekend",
    "hours_every_day",
    "hours_and",
    "hours_at",
    "hours_round_the_clock",
    "hours_evening",
    "hours_night",
    "hours_holidays",
    "hours_from",
    "hours_until",
    "form_standard_notice",
];

/// Interface words by language, as the theme writes them.
#[derive(Debug, Clone, Default)]
pub struct Words {
    nb: BTreeMap<String, String>,
    nn: BTreeMap<String, String>,
}

impl Words {
    pub fn new(nb: BTreeMap<String, String>, nn: BTreeMap<String, String>) -> Words {
        Words { nb, nn }
    }

    /// The word for `key` in `lang`. Load has made sure every key in
    /// [`USED_BY_CODE`] is there, so the empty fallback is never published.
    pub fn get(&self, lang: Lang, key: &str) -> &str {
        let map = match lang {
            Lang::Nb => &self.nb,
            Lang::Nn => &self.nn,
        };
        map.get(key).map(String::as_str).unwrap_or_default()
    }

    /// Keys of [`USED_BY_CODE`] that a language lacks, as (language, key).
    pub fn missing(&self) -> Vec<(Lang, &'static str)> {
        let mut missing = Vec::new();
        for (lang, map) in [(Lang::Nb, &self.nb), (Lang::Nn, &self.nn)] {
            for key in USED_BY_CODE {
                if map.get(*key).is_none_or(|w| w.trim().is_empty()) {
                    missing.push((lang, *key));
                }
            }
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_empty_word_is_named_with_its_language() {
        let nb: BTreeMap<String, String> = USED_BY_CODE
            .iter()
            .map(|k| (k.to_string(), "ord".to_string()))
            .collect();
        let mut nn = nb.clone();
        nn.remove("hours_from");
        nn.insert("hours_until".into(), " ".into());
        let words = Words::new(nb, nn);
        assert_eq!(
            words.missing(),
            [(Lang::Nn, "hours_from"), (Lang::Nn, "hours_until")]
        );
        assert_eq!(words.get(Lang::Nb, "hours_from"), "ord");
        assert_eq!(words.get(Lang::Nn, "hours_from"), "");
    }
}
