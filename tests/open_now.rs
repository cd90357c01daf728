//! "Åpen nå" never lies: the Rust rules (`resolve::open_now`) against the shared test
//! vectors, which the browser test `tests/browser/open-now.test.mjs` holds the page's
//! own script to as well.

use serde::Deserialize;
use veiviser::model::HoursRule;
use veiviser::resolve::open_now::{self, days_from_civil};

#[derive(Deserialize)]
struct Vectors {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    rules: Vec<HoursRule>,
    moments: Vec<Moment>,
}

#[derive(Deserialize)]
struct Moment {
    utc: String,
    expect: String,
    why: String,
}

fn vectors() -> Vectors {
    let text = include_str!("open_now_vectors.json");
    serde_json::from_str(text).expect("tests/open_now_vectors.json")
}

/// `2026-12-25T11:00:00Z` as seconds since 1970.
fn unix_seconds(utc: &str) -> i64 {
    let number = |range: std::ops::Range<usize>| -> i64 {
        utc.get(range)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{utc} is not YYYY-MM-DDTHH:MM:SSZ"))
    };
    assert!(utc.len() == 20 && utc.ends_with('Z'), "{utc}");
    let days = days_from_civil(number(0..4), number(5..7) as u32, number(8..10) as u32);
    days * 86_400 + number(11..13) * 3_600 + number(14..16) * 60 + number(17..19)
}

#[test]
fn every_moment_of_the_test_vectors() {
    let vectors = vectors();
    let mut failures = Vec::new();
    let mut count = 0;
    for case in &vectors.cases {
        for moment in &case.moments {
            count += 1;
            let now = open_now::oslo_time(unix_seconds(&moment.utc));
            let state = open_now::state(&case.rules, now).name();
            if state != moment.expect {
                failures.push(format!(
                    "{} at {} ({}): {state}, expected {}",
                    case.name, moment.utc, moment.why, moment.expect
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 30, "only {count} moments");
}

#[test]
fn the_vectors_cover_what_the_issue_names() {
    let vectors = vectors();
    let whys: Vec<String> = vectors
        .cases
        .iter()
        .flat_map(|c| c.moments.iter().map(|m| m.why.to_lowercase()))
        .collect();
    for needle in [
        "1. juledag",
        "17. mai",
        "2. påskedag",
        "friday evening",
        "night",
    ] {
        assert!(
            whys.iter().any(|w| w.contains(needle)),
            "no moment for {needle}"
        );
    }
    // Both clock changes of 2026 and 2027.
    let utcs: Vec<&str> = vectors
        .cases
        .iter()
        .flat_map(|c| c.moments.iter().map(|m| m.utc.as_str()))
        .collect();
    for day in ["2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"] {
        assert!(
            utcs.iter().any(|u| u.starts_with(day)),
            "no moment on {day}"
        );
    }
    // Every state occurs, and crossing midnight is among the rules.
    for state in ["open", "closed", "unknown"] {
        assert!(vectors
            .cases
            .iter()
            .any(|c| c.moments.iter().any(|m| m.expect == state)));
    }
    assert!(vectors.cases.iter().any(|c| c
        .rules
        .iter()
        .any(|r| matches!((r.from, r.to), (Some(f), Some(t)) if t < f))));
    assert!(vectors
        .cases
        .iter()
        .any(|c| c.rules.iter().any(|r| r.holidays)));
}

#[test]
fn no_rules_prove_nothing() {
    let now = open_now::oslo_time(unix_seconds("2026-06-03T10:00:00Z"));
    assert_eq!(open_now::state(&[], now), open_now::State::Unknown);
}
