//! "Åpen nå": whether a line's opening hours prove it open at a moment, prove it
//! closed, or prove nothing. The page's own script (`themes/default/static/veiviser.js`)
//! keeps the same rules; `tests/open_now_vectors.json` holds both to the same answers.
//!
//! The rules, so that a mark never says more than the hours do:
//! - A rule proves something only with days (or `helligdager`) and both times. Hours
//!   without days, `part: evening` without times, or only `from` prove nothing, and a
//!   line with such a rule is never "closed".
//! - `to` before `from` crosses midnight: "hverdager 15–08" is Monday 15:00 to Tuesday
//!   08:00, …, Friday 15:00 to Saturday 08:00. The day named is the day it starts.
//! - On a Norwegian public holiday only the rules naming `helligdager` say when a line
//!   is open. When no rule names them, a holiday proves nothing, except for a line open
//!   round the clock every day, which never closes.
//! - Times are Norwegian wall-clock time (CET, CEST from the last Sunday of March to
//!   the last Sunday of October, switching at 01:00 UTC).

use crate::model::HoursRule;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Open,
    Closed,
    Unknown,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Closed => "closed",
            State::Unknown => "unknown",
        }
    }
}

/// A day in Norway: days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub i64);

impl Day {
    /// 1 (Monday) to 7 (Sunday).
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        (self.0 + 3).rem_euclid(7) as u8 + 1
    }

    pub fn date(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn is_public_holiday(self) -> bool {
        let (year, month, day) = self.date();
        if matches!(
            (month, day),
            (1, 1) | (5, 1) | (5, 17) | (12, 25) | (12, 26)
        ) {
            return true;
        }
        let easter = easter_sunday(year).0;
        // Skjærtorsdag, langfredag, 1. and 2. påskedag, Kristi himmelfartsdag,
        // 1. and 2. pinsedag.
        [-3, -2, 0, 1, 39, 49, 50].contains(&(self.0 - easter))
    }
}

/// A moment in Norway: the day and the minute after (wall-clock) midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OsloTime {
    pub day: Day,
    pub minute: u16,
}

/// Norwegian time at a moment given as seconds since 1970-01-01 00:00 UTC.
pub fn oslo_time(unix_seconds: i64) -> OsloTime {
    let local = unix_seconds + utc_offset(unix_seconds);
    OsloTime {
        day: Day(local.div_euclid(86_400)),
        minute: (local.rem_euclid(86_400) / 60) as u16,
    }
}

/// CET (+1 h), or CEST (+2 h) from 01:00 UTC on the last Sunday of March to 01:00 UTC
/// on the last Sunday of October.
fn utc_offset(unix_seconds: i64) -> i64 {
    let (year, _, _) = civil_from_days(unix_seconds.div_euclid(86_400));
    let switch = |month| days_from_civil(year, month, last_sunday(year, month)) * 86_400 + 3_600;
    if (switch(3)..switch(10)).contains(&unix_seconds) {
        7_200
    } else {
        3_600
    }
}

/// The day of the month of the last Sunday of March or October (both have 31 days).
fn last_sunday(year: i64, month: u32) -> u32 {
    let weekday = Day(days_from_civil(year, month, 31)).weekday();
    31 - u32::from(weekday % 7)
}

/// Easter Sunday by the Gregorian computus (the anonymous algorithm).
pub fn easter_sunday(year: i64) -> Day {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Day(days_from_civil(year, month as u32, day as u32))
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Whether a rule's days include `day`: yes, no, or the rules cannot say (a public
/// holiday no rule speaks of).
fn applies(rule: &HoursRule, day: Day, holiday_rules: bool) -> State {
    if day.is_public_holiday() {
        if rule.holidays || is_round_the_clock_every_day(rule) {
            State::Open
        } else if holiday_rules {
            State::Closed
        } else {
            State::Unknown
        }
    } else if rule.days.contains(&day.weekday()) {
        State::Open
    } else {
        State::Closed
    }
}

fn is_round_the_clock_every_day(rule: &HoursRule) -> bool {
    rule.from == Some(0) && rule.to == Some(1440) && (1..=7).all(|d| rule.days.contains(&d))
}

/// Whether the hours prove the line open or closed at `now`, or prove nothing.
pub fn state(rules: &[HoursRule], now: OsloTime) -> State {
    if rules.is_empty() {
        return State::Unknown;
    }
    let holiday_rules = rules.iter().any(|r| r.holidays);
    let yesterday = Day(now.day.0 - 1);
    let mut unknown = false;
    for rule in rules {
        let (Some(from), Some(to)) = (rule.from, rule.to) else {
            unknown = true;
            continue;
        };
        if rule.days.is_empty() && !rule.holidays {
            unknown = true;
            continue;
        }
        // The part of the rule that started today, and what is left of yesterday's
        // when it crosses midnight.
        let mut parts = vec![(now.day, from, if to > from { to } else { 1440 })];
        if to <= from {
            parts.push((yesterday, 0, to));
        }
        for (day, start, end) in parts {
            if (start..end).contains(&now.minute) {
                match applies(rule, day, holiday_rules) {
                    State::Open => return State::Open,
                    State::Unknown => unknown = true,
                    State::Closed => {}
                }
            }
        }
    }
    if unknown || (now.day.is_public_holiday() && !holiday_rules) {
        State::Unknown
    } else {
        State::Closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i64, month: u32, day: u32) -> Day {
        Day(days_from_civil(year, month, day))
    }

    #[test]
    fn dates_round_trip_and_weekdays() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            date(2026, 12, 1).weekday(),
            2,
            "1 December 2026 is a Tuesday"
        );
        assert_eq!(date(2027, 5, 17).weekday(), 1, "17 May 2027 is a Monday");
        for days in [-1000, 0, 20_000, 20_789, 21_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn easter_by_the_computus() {
        for (year, month, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), date(year, month, day), "{year}");
        }
    }

    #[test]
    fn the_twelve_public_holidays_of_2026() {
        let holidays: Vec<(i64, u32, u32)> = (days_from_civil(2026, 1, 1)
            ..days_from_civil(2027, 1, 1))
            .map(Day)
            .filter(|d| d.is_public_holiday())
            .map(|d| d.date())
            .collect();
        assert_eq!(
            holidays,
            [
                (2026, 1, 1),
                (2026, 4, 2),
                (2026, 4, 3),
                (2026, 4, 5),
                (2026, 4, 6),
                (2026, 5, 1),
                (2026, 5, 14),
                (2026, 5, 17),
                (2026, 5, 24),
                (2026, 5, 25),
                (2026, 12, 25),
                (2026, 12, 26),
            ]
        );
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_utc() {
        // 29 March 2026 01:00 UTC: 02:00 CET becomes 03:00 CEST.
        let spring = days_from_civil(2026, 3, 29) * 86_400 + 3_600;
        assert_eq!(oslo_time(spring - 60).minute, 60 + 59);
        assert_eq!(oslo_time(spring).minute, 3 * 60);
        // 25 October 2026 01:00 UTC: 03:00 CEST becomes 02:00 CET.
        let autumn = days_from_civil(2026, 10, 25) * 86_400 + 3_600;
        assert_eq!(oslo_time(autumn - 60).minute, 2 * 60 + 59);
        assert_eq!(oslo_time(autumn).minute, 2 * 60);
    }
}
