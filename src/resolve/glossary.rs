//! The glossary: national terms from `content/ordliste.yaml`, checked once, and each
//! site's list of them with its own terms and changes (`ordliste.yaml`).

use std::collections::BTreeSet;

use super::*;
use crate::load::glossary::{LocalGlossary, NationalGlossary};
use crate::load::is_slug;

/// Which term first claimed each spelling, so a second claim can be reported.
type Claims = BTreeMap<String, String>;

/// Ids are unique and usable in an address; every term has a word, a definition and
/// a source; no form belongs to two terms.
pub(super) fn check_national(file: &Sourced<NationalGlossary>, diagnostics: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
    let mut claims = Claims::new();
    for term in &file.value.terms {
        let id = term.id.value.as_str();
        let loc = at(file, &term.id);
        check_id(id, &loc, diagnostics);
        if let Some(first) = seen.insert(id, loc.clone()) {
            diagnostics.push(duplicate(id, &loc, &first));
            continue;
        }
        if blank(&term.word.value.nb) && blank(&term.word.value.nn) {
            diagnostics.push(
                Diagnostic::error(
                    at(file, &term.word),
                    format!("the glossary term `{id}` has no word"),
                )
                .help("give `word: {nb: ..., nn: ...}`, the word as the glossary lists it"),
            );
        }
        if blank(&term.definition.value.nb) && blank(&term.definition.value.nn) {
            diagnostics.push(empty_definition(id, at(file, &term.definition)));
        }
        if term.source.value.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    at(file, &term.source),
                    format!(
                        "the glossary term `{id}` does not say where its definition comes from"
                    ),
                )
                .help("write the law and paragraph, or the guide, the definition is taken from"),
            );
        }
        if let Some(url) = &term.url {
            super::url::checked(file, url, super::url::Allowed::Link, diagnostics);
        }
        let words = [&term.word.value.nb, &term.word.value.nn];
        for word in words.into_iter().flatten() {
            claim(&mut claims, word, id, at(file, &term.word), diagnostics);
        }
        for form in &term.forms {
            claim(&mut claims, &form.value, id, at(file, form), diagnostics);
        }
    }
}

fn blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

fn check_id(id: &str, loc: &Loc, diagnostics: &mut Diagnostics) {
    if !is_slug(id) {
        diagnostics.push(
            Diagnostic::error(
                loc.clone(),
                format!("the glossary id `{id}` cannot be used in an address"),
            )
            .help("use only a–z, 0–9 and hyphens, e.g. `individuell-plan`"),
        );
    }
}

fn duplicate(id: &str, loc: &Loc, first: &Loc) -> Diagnostic {
    Diagnostic::error(
        loc.clone(),
        format!("the glossary term `{id}` is given twice (first at {first})"),
    )
    .help("give each term once; put every way it is written under `forms:`")
}

fn empty_definition(id: &str, loc: Loc) -> Diagnostic {
    Diagnostic::error(
        loc,
        format!("the glossary term `{id}` has an empty definition"),
    )
    .help(
        "write a short, plain definition taken from the law or guide named in `source:`, \
         or remove the term",
    )
}

/// Record that `term` is written `form`; an error when another term has it.
fn claim(claims: &mut Claims, form: &str, term: &str, loc: Loc, diagnostics: &mut Diagnostics) {
    for spelling in spellings(form) {
        match claims.get(&spelling) {
            Some(owner) if owner != term => {
                diagnostics.push(
                    Diagnostic::error(
                        loc,
                        format!(
                            "`{}` is a form of both `{owner}` and `{term}` in the glossary",
                            form.trim()
                        ),
                    )
                    .help("a word in a text can link to one definition only: keep the form under one of the terms"),
                );
                return;
            }
            Some(_) => {}
            None => {
                claims.insert(spelling, term.to_string());
            }
        }
    }
}

/// The order of a Norwegian dictionary: letters before digits' neighbours, æ, ø, å
/// after z, and accents as their base letter.
pub fn norwegian_order(word: &str) -> Vec<u32> {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'ä' => 'z' as u32 + 1,
            'ø' | 'ö' => 'z' as u32 + 2,
            'å' => 'z' as u32 + 3,
            'é' | 'è' | 'ê' => 'e' as u32,
            'ó' | 'ò' | 'ô' => 'o' as u32,
            'á' | 'à' => 'a' as u32,
            'ü' => 'u' as u32,
            other => other as u32,
        })
        .collect()
}

impl Resolver<'_> {
    pub(super) fn glossary(&mut self) -> Option<Glossary> {
        let national = self.shared.glossary_ids();
        let local = self.raw.glossary;
        if national.is_none() && local.is_none() {
            return None;
        }
        let mut terms: Vec<GlossaryTerm> = Vec::new();
        let mut hidden: BTreeSet<&str> = BTreeSet::new();
        if let Some(file) = local {
            for id in &file.value.hide {
                let known = national
                    .as_ref()
                    .is_some_and(|ids| ids.contains(&id.value.as_str()));
                if known {
                    hidden.insert(id.value.as_str());
                } else {
                    self.diagnostics.push(
                        Diagnostic::error(
                            at(file, id),
                            format!("there is no national glossary term `{}` to hide", id.value),
                        )
                        .help("use the id of a term in content/ordliste.yaml"),
                    );
                }
            }
        }
        let mut claims = Claims::new();
        if let Some(ids) = national {
            let mut seen = BTreeSet::new();
            for id in ids {
                // Mistakes in the national file are reported once, by `check_national`.
                if hidden.contains(id) || !seen.insert(id) || !is_slug(id) {
                    continue;
                }
                // The first term with the id, read as a site in this language reads
                // it (`lookups::SharedKey::GlossaryTerm`).
                let Some(term) = self.shared.glossary_term(id, self.lang) else {
                    continue;
                };
                let word = self.text(&term.word.value);
                let definition = self.text(&term.definition.value);
                if word.trim().is_empty() || definition.trim().is_empty() {
                    continue;
                }
                let mut forms = vec![word.trim().to_string()];
                let words = [&term.word.value.nb, &term.word.value.nn];
                forms.extend(words.into_iter().flatten().map(|w| w.trim().to_string()));
                forms.extend(term.forms.iter().map(|f| f.value.trim().to_string()));
                for form in &forms {
                    for spelling in spellings(form) {
                        claims.entry(spelling).or_insert_with(|| id.to_string());
                    }
                }
                terms.push(GlossaryTerm {
                    id: id.to_string(),
                    anchor: format!("term-{id}"),
                    word: word.trim().to_string(),
                    forms,
                    definition: definition.trim().to_string(),
                    source: term.source.value.trim().to_string(),
                    url: term
                        .url
                        .as_ref()
                        .map(|u| u.value.trim().to_string())
                        .filter(|u| super::url::refusal(u, super::url::Allowed::Link).is_none()),
                    local: false,
                });
            }
        }
        if let Some(file) = local {
            self.local_terms(file, &hidden, &mut claims, &mut terms);
        }
        for term in &mut terms {
            let mut seen = BTreeSet::new();
            term.forms
                .retain(|f| !f.is_empty() && seen.insert(f.clone()));
        }
        terms.sort_by(|a, b| {
            norwegian_order(&a.word)
                .cmp(&norwegian_order(&b.word))
                .then_with(|| a.word.cmp(&b.word))
        });
        (!terms.is_empty()).then(|| Glossary {
            terms,
            path: layout::GLOSSARY.into(),
        })
    }

    fn local_terms(
        &mut self,
        file: &Sourced<LocalGlossary>,
        hidden: &BTreeSet<&str>,
        claims: &mut Claims,
        terms: &mut Vec<GlossaryTerm>,
    ) {
        let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
        for entry in &file.value.terms {
            let id = entry.id.value.as_str();
            let loc = at(file, &entry.id);
            check_id(id, &loc, self.diagnostics);
            if let Some(first) = seen.insert(id, loc.clone()) {
                self.diagnostics.push(duplicate(id, &loc, &first));
                continue;
            }
            if hidden.contains(id) {
                self.diagnostics.push(
                    Diagnostic::error(
                        loc,
                        format!("the glossary term `{id}` is both hidden and given here"),
                    )
                    .help("remove it from `hide:` to change it, or remove it here to hide it"),
                );
                continue;
            }
            let definition = entry.definition.as_ref().map(|d| d.value.trim());
            if let (Some(""), Some(spanned)) = (definition, &entry.definition) {
                self.diagnostics
                    .push(empty_definition(id, at(file, spanned)));
                continue;
            }
            let url = entry
                .url
                .as_ref()
                .and_then(|u| self.url_field(file, u, super::url::Allowed::Link));
            // Claimed by this term before its forms are checked against the others.
            let mut forms: Vec<(String, Loc)> = Vec::new();
            if let Some(word) = &entry.word {
                forms.push((word.value.trim().to_string(), at(file, word)));
            }
            forms.extend(
                entry
                    .forms
                    .iter()
                    .map(|f| (f.value.trim().to_string(), at(file, f))),
            );
            for (form, loc) in &forms {
                claim(claims, form, id, loc.clone(), self.diagnostics);
            }
            let forms = forms.into_iter().map(|(f, _)| f);
            if let Some(term) = terms.iter_mut().find(|t| t.id == id) {
                if let Some(word) = &entry.word {
                    term.word = word.value.trim().to_string();
                    term.forms.insert(0, term.word.clone());
                }
                term.forms.extend(forms);
                if let Some(definition) = definition {
                    term.definition = definition.to_string();
                    term.local = true;
                    // A definition of its own replaces where the national one came from.
                    term.source = String::new();
                    term.url = None;
                }
                if let Some(source) = &entry.source {
                    term.source = source.value.trim().to_string();
                }
                if entry.url.is_some() {
                    term.url = url;
                }
                continue;
            }
            let Some(word) = entry.word.as_ref().filter(|w| !w.value.trim().is_empty()) else {
                self.diagnostics.push(
                    Diagnostic::error(loc, format!("the glossary term `{id}` has no word"))
                        .help("give `word:`, the word as the glossary lists it, or use the id of a national term to change it"),
                );
                continue;
            };
            let Some(definition) = definition else {
                self.diagnostics.push(empty_definition(id, loc));
                continue;
            };
            terms.push(GlossaryTerm {
                id: id.to_string(),
                anchor: format!("term-{id}"),
                word: word.value.trim().to_string(),
                forms: forms.collect(),
                definition: definition.to_string(),
                source: entry
                    .source
                    .as_ref()
                    .map(|s| s.value.trim().to_string())
                    .unwrap_or_default(),
                url,
                local: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_order_puts_ae_oe_aa_last() {
        let mut words = vec!["åpen", "ønske", "ære", "zebra", "Bekymring", "abc", "Été"];
        words.sort_by_key(|w| norwegian_order(w));
        assert_eq!(
            words,
            ["abc", "Bekymring", "Été", "zebra", "ære", "ønske", "åpen"]
        );
    }
}
