//! Opening hours: read the editor's `days`/`from`/`to`/`part` and say them in words in
//! bokmål or nynorsk ("hverdager kl. 13.00–15.00", "fredag og lørdag kl. 17.00–24.00").

use crate::model::{DayPart, HoursRule, Lang, Words};

/// The days a rule names: weekdays 1 (Monday) to 7, sorted, and whether it names
/// the Norwegian public holidays (`helligdager`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Days {
    pub days: Vec<u8>,
    pub holidays: bool,
}

/// Read a day specification: `weekdays`, `weekend`, `every day`, `public holidays`, a
/// day name, a range `monday-thursday`, or a comma-separated list of these. English and
/// Norwegian (bokmål and nynorsk) names are accepted.
pub fn parse_days(spec: &str) -> Result<Days, String> {
    let mut days = Vec::new();
    let mut holidays = false;
    let parts: Vec<&str> = spec
        .split([',', '/'])
        .flat_map(|p| p.split(" and ").flat_map(|p| p.split(" og ")))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err("no days given".into());
    }
    for part in parts {
        let lower = part.to_lowercase();
        if is_holidays(&lower) {
            holidays = true;
        } else if let Some(group) = day_group(&lower) {
            days.extend(group);
        } else if let Some((a, b)) = lower.split_once(['-', '–']) {
            let (a, b) = (day_number(a.trim()), day_number(b.trim()));
            match (a, b) {
                (Some(a), Some(b)) if a <= b => days.extend(a..=b),
                (Some(a), Some(b)) => days.extend((a..=7).chain(1..=b)),
                _ => return Err(format!("`{part}` is not a range of days")),
            }
        } else if let Some(day) = day_number(&lower) {
            days.push(day);
        } else {
            return Err(format!("`{part}` is not a day"));
        }
    }
    days.sort_unstable();
    days.dedup();
    Ok(Days { days, holidays })
}

/// The words for Norwegian public holidays.
fn is_holidays(name: &str) -> bool {
    matches!(
        name,
        "public holidays"
            | "holidays"
            | "helligdager"
            | "helligdag"
            | "helgedager"
            | "heilagdagar"
            | "heilagdag"
    )
}

fn day_group(name: &str) -> Option<Vec<u8>> {
    match name {
        "weekdays" | "hverdager" | "kvardagar" | "virkedager" => Some((1..=5).collect()),
        "weekend" | "weekends" | "helg" | "helger" | "helgar" => Some(vec![6, 7]),
        "every day" | "daily" | "all days" | "alle dager" | "alle dagar" => Some((1..=7).collect()),
        _ => None,
    }
}

fn day_number(name: &str) -> Option<u8> {
    Some(match name {
        "monday" | "mandag" | "måndag" => 1,
        "tuesday" | "tirsdag" | "tysdag" => 2,
        "wednesday" | "onsdag" => 3,
        "thursday" | "torsdag" => 4,
        "friday" | "fredag" => 5,
        "saturday" | "lørdag" | "laurdag" => 6,
        "sunday" | "søndag" | "sundag" => 7,
        _ => return None,
    })
}

/// Read `HH:MM` (or `HH.MM`, `H:MM`) as minutes after midnight; `24:00` is 1440.
pub fn parse_time(text: &str) -> Result<u16, String> {
    let text = text.trim();
    let (h, m) = text
        .split_once([':', '.'])
        .ok_or_else(|| format!("`{text}` is not a time of day"))?;
    let h: u16 = h
        .parse()
        .map_err(|_| format!("`{text}` is not a time of day"))?;
    let m: u16 = m
        .parse()
        .ok()
        .filter(|_| m.len() == 2)
        .ok_or_else(|| format!("`{text}` is not a time of day"))?;
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(format!("`{text}` is not a time of day"));
    }
    Ok(h * 60 + m)
}

pub fn parse_part(text: &str) -> Result<DayPart, String> {
    match text.trim().to_lowercase().as_str() {
        "evening" | "kveld" => Ok(DayPart::Evening),
        "night" | "natt" => Ok(DayPart::Night),
        other => Err(format!("`{other}` is not a part of the day")),
    }
}

/// The words hours are written in, for one language, from the theme's interface
/// words (`hours_*` in `themes/default/i18n/`).
pub struct HourWords<'a> {
    days: [&'a str; 7],
    weekdays: &'a str,
    weekend: &'a str,
    every_day: &'a str,
    and: &'a str,
    at: &'a str,
    round_the_clock: &'a str,
    evening: &'a str,
    night: &'a str,
    holidays: &'a str,
    from: &'a str,
    until: &'a str,
}

impl<'a> HourWords<'a> {
    pub fn new(words: &'a Words, lang: Lang) -> HourWords<'a> {
        let w = |key: &str| words.get(lang, key);
        HourWords {
            days: [
                w("hours_day_1"),
                w("hours_day_2"),
                w("hours_day_3"),
                w("hours_day_4"),
                w("hours_day_5"),
                w("hours_day_6"),
                w("hours_day_7"),
            ],
            weekdays: w("hours_weekdays"),
            weekend: w("hours_weekend"),
            every_day: w("hours_every_day"),
            and: w("hours_and"),
            at: w("hours_at"),
            round_the_clock: w("hours_round_the_clock"),
            evening: w("hours_evening"),
            night: w("hours_night"),
            holidays: w("hours_holidays"),
            from: w("hours_from"),
            until: w("hours_until"),
        }
    }
}

/// Days in words: "hverdager", "hverdager og søndag", "fredag og lørdag",
/// "mandag–torsdag", "helg og helligdager".
pub fn days_in_words(days: &[u8], holidays: bool, w: &HourWords) -> String {
    let mut parts = weekdays_in_words(days, w);
    if holidays {
        parts.push(w.holidays.to_string());
    }
    join_and(&parts, w.and)
}

fn weekdays_in_words(days: &[u8], w: &HourWords) -> Vec<String> {
    let has = |d: u8| days.contains(&d);
    if days.is_empty() {
        return Vec::new();
    }
    if (1..=7).all(has) {
        return vec![w.every_day.to_string()];
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest: Vec<u8> = days.to_vec();
    if (1..=5).all(has) {
        parts.push(w.weekdays.to_string());
        rest.retain(|d| *d > 5);
    }
    if rest == [6, 7] && parts.is_empty() {
        return vec![w.weekend.to_string()];
    }
    // Runs of three or more days read better as a range.
    let mut i = 0;
    while i < rest.len() {
        let mut j = i;
        while j + 1 < rest.len() && rest[j + 1] == rest[j] + 1 {
            j += 1;
        }
        let name = |d: u8| w.days[usize::from(d.clamp(1, 7) - 1)];
        if j - i >= 2 {
            parts.push(format!("{}–{}", name(rest[i]), name(rest[j])));
        } else {
            parts.extend(rest[i..=j].iter().map(|d| name(*d).to_string()));
        }
        i = j + 1;
    }
    parts
}

fn join_and(parts: &[String], and: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

fn clock(minutes: u16) -> String {
    format!("{:02}.{:02}", minutes / 60, minutes % 60)
}

/// One rule in words.
pub fn rule_in_words(rule: &HoursRule, w: &HourWords) -> String {
    let days = days_in_words(&rule.days, rule.holidays, w);
    let time = match (rule.from, rule.to, rule.part) {
        (Some(0), Some(1440), _) => Some(w.round_the_clock.to_string()),
        (Some(from), Some(to), _) => Some(format!("{} {}–{}", w.at, clock(from), clock(to))),
        (Some(from), None, _) => Some(format!("{} {}", w.from, clock(from))),
        (None, Some(to), _) => Some(format!("{} {}", w.until, clock(to))),
        (None, None, Some(DayPart::Evening)) => Some(w.evening.to_string()),
        (None, None, Some(DayPart::Night)) => Some(w.night.to_string()),
        (None, None, None) => None,
    };
    match time {
        Some(time) if days.is_empty() => time,
        Some(time) => format!("{days} {time}"),
        None => days,
    }
}

/// All rules in words, separated by commas: "hverdager kveld, helg".
pub fn hours_in_words(rules: &[HoursRule], w: &HourWords) -> String {
    rules
        .iter()
        .map(|r| rule_in_words(r, w))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        crate::load::built_in_words()
    }

    fn rule_in_words(rule: &HoursRule, lang: Lang) -> String {
        super::rule_in_words(rule, &HourWords::new(&words(), lang))
    }

    fn hours_in_words(rules: &[HoursRule], lang: Lang) -> String {
        super::hours_in_words(rules, &HourWords::new(&words(), lang))
    }

    fn rule(days: &str, from: Option<&str>, to: Option<&str>) -> HoursRule {
        let spec = parse_days(days).unwrap();
        HoursRule {
            days: spec.days,
            holidays: spec.holidays,
            from: from.map(|t| parse_time(t).unwrap()),
            to: to.map(|t| parse_time(t).unwrap()),
            part: None,
        }
    }

    fn weekdays(spec: &str) -> Vec<u8> {
        parse_days(spec).unwrap().days
    }

    #[test]
    fn days() {
        assert_eq!(weekdays("weekdays"), vec![1, 2, 3, 4, 5]);
        assert_eq!(weekdays("weekdays, sunday"), vec![1, 2, 3, 4, 5, 7]);
        assert_eq!(weekdays("friday-saturday"), vec![5, 6]);
        assert_eq!(weekdays("Fredag og lørdag"), vec![5, 6]);
        assert_eq!(weekdays("saturday-monday"), vec![1, 6, 7]);
        assert_eq!(weekdays("kvardagar"), vec![1, 2, 3, 4, 5]);
        assert!(parse_days("someday").is_err());
        assert!(parse_days(" , ").is_err());
    }

    #[test]
    fn public_holidays_as_a_day_word() {
        for spec in [
            "helligdager",
            "heilagdagar",
            "public holidays",
            "Helligdager",
        ] {
            assert_eq!(
                parse_days(spec),
                Ok(Days {
                    days: vec![],
                    holidays: true
                }),
                "{spec}"
            );
        }
        assert_eq!(
            parse_days("weekend, helligdager"),
            Ok(Days {
                days: vec![6, 7],
                holidays: true
            })
        );
        let r = rule("weekend og helligdager", Some("00:00"), Some("24:00"));
        assert_eq!(
            rule_in_words(&r, Lang::Nb),
            "helg og helligdager hele døgnet"
        );
        assert_eq!(
            rule_in_words(&r, Lang::Nn),
            "helg og heilagdagar heile døgeret"
        );
        let r = rule("helligdager", Some("10:00"), Some("14:00"));
        assert_eq!(rule_in_words(&r, Lang::Nb), "helligdager kl. 10.00–14.00");
    }

    #[test]
    fn open_ended_hours_in_the_sites_language() {
        let r = rule("weekdays", Some("10:00"), None);
        assert_eq!(rule_in_words(&r, Lang::Nb), "hverdager fra kl. 10.00");
        assert_eq!(rule_in_words(&r, Lang::Nn), "kvardagar frå kl. 10.00");
        let r = rule("weekdays", None, Some("14:00"));
        assert_eq!(rule_in_words(&r, Lang::Nn), "kvardagar til kl. 14.00");
    }

    #[test]
    fn hours_across_midnight() {
        let r = rule("weekdays", Some("15:00"), Some("08:00"));
        assert_eq!(rule_in_words(&r, Lang::Nb), "hverdager kl. 15.00–08.00");
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("08:30"), Ok(510));
        assert_eq!(parse_time("8.30"), Ok(510));
        assert_eq!(parse_time("24:00"), Ok(1440));
        assert!(parse_time("24:30").is_err());
        assert!(parse_time("13").is_err());
        assert!(parse_time("13:5").is_err());
        assert!(parse_time("25:00").is_err());
    }

    #[test]
    fn in_words_bokmal_and_nynorsk() {
        let r = rule("weekdays", Some("13:00"), Some("15:00"));
        assert_eq!(rule_in_words(&r, Lang::Nb), "hverdager kl. 13.00–15.00");
        assert_eq!(rule_in_words(&r, Lang::Nn), "kvardagar kl. 13.00–15.00");
        let r = rule("weekdays, sunday", Some("15:30"), Some("22:00"));
        assert_eq!(
            rule_in_words(&r, Lang::Nb),
            "hverdager og søndag kl. 15.30–22.00"
        );
        let r = rule("friday, saturday", Some("17:00"), Some("24:00"));
        assert_eq!(
            rule_in_words(&r, Lang::Nb),
            "fredag og lørdag kl. 17.00–24.00"
        );
        assert_eq!(
            rule_in_words(&r, Lang::Nn),
            "fredag og laurdag kl. 17.00–24.00"
        );
        let r = rule("every day", Some("00:00"), Some("24:00"));
        assert_eq!(rule_in_words(&r, Lang::Nb), "alle dager hele døgnet");
        let r = rule("monday-thursday", Some("08:00"), Some("15:30"));
        assert_eq!(
            rule_in_words(&r, Lang::Nb),
            "mandag–torsdag kl. 08.00–15.30"
        );
        let r = rule("weekend", None, None);
        assert_eq!(rule_in_words(&r, Lang::Nb), "helg");
        // BaRsnakk: "åpen kl. 17-20", no days given.
        let mut r = rule("monday", Some("17:00"), Some("20:00"));
        r.days.clear();
        assert_eq!(rule_in_words(&r, Lang::Nb), "kl. 17.00–20.00");
    }

    #[test]
    fn evening_and_weekend_as_in_ovre_eiker() {
        let rules = vec![
            HoursRule {
                days: parse_days("weekdays").unwrap().days,
                holidays: false,
                from: None,
                to: None,
                part: Some(parse_part("evening").unwrap()),
            },
            rule("weekend", None, None),
        ];
        assert_eq!(hours_in_words(&rules, Lang::Nb), "hverdager kveld, helg");
    }
}
