//! Norwegian phone numbers: read them however the source writes them ("45738963",
//! "409 21 233", "+47 476 92 052", "02800", "116 111") and give one display form and
//! one `tel:` target.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    pub display: String,
    pub tel: String,
    /// Whether the digits form a Norwegian number we know how to dial.
    pub valid: bool,
}

pub fn parse(source: &str) -> PhoneNumber {
    let trimmed = source.trim();
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let only_separators = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')'));
    if international {
        digits = digits
            .strip_prefix("0047")
            .or_else(|| digits.strip_prefix("47"))
            .map(str::to_string)
            .unwrap_or_default();
    }
    let invalid = || PhoneNumber {
        display: trimmed.to_string(),
        tel: trimmed
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect(),
        valid: false,
    };
    if !only_separators || digits.is_empty() {
        return invalid();
    }
    let d = digits.as_bytes();
    match digits.len() {
        // Ordinary numbers: mobile (4, 9) and service numbers (8xx) are grouped 3-2-3,
        // other numbers 2-2-2-2, as Norwegian public bodies write them.
        8 if d[0] != b'0' && d[0] != b'1' => {
            let display = if matches!(d[0], b'4' | b'8' | b'9') {
                format!("{} {} {}", &digits[..3], &digits[3..5], &digits[5..])
            } else {
                format!(
                    "{} {} {} {}",
                    &digits[..2],
                    &digits[2..4],
                    &digits[4..6],
                    &digits[6..]
                )
            };
            PhoneNumber {
                display,
                tel: format!("+47{digits}"),
                valid: true,
            }
        }
        // Emergency numbers 110, 112, 113.
        3 if !international && matches!(digits.as_str(), "110" | "112" | "113") => PhoneNumber {
            display: digits.clone(),
            tel: digits,
            valid: true,
        },
        // Five-digit service numbers such as the police's 02800.
        5 if !international && d[0] == b'0' => PhoneNumber {
            display: digits.clone(),
            tel: digits,
            valid: true,
        },
        // Harmonised European numbers of social value: 116 111 (Alarmtelefonen).
        6 if !international && digits.starts_with("116") => PhoneNumber {
            display: format!("{} {}", &digits[..3], &digits[3..]),
            tel: digits,
            valid: true,
        },
        _ => invalid(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> (String, String, bool) {
        let n = parse(s);
        (n.display, n.tel, n.valid)
    }

    #[test]
    fn mobile_numbers_from_every_way_the_seeds_write_them() {
        let want = ("476 92 052".to_string(), "+4747692052".to_string(), true);
        assert_eq!(p("476 92 052"), want);
        assert_eq!(p("47692052"), want);
        assert_eq!(p("+47 476 92 052"), want);
        assert_eq!(p("0047 47692052"), want);
        assert_eq!(p("476.92.052"), want);
        assert_eq!(p("45738963").0, "457 38 963");
    }

    #[test]
    fn landline_grouped_in_pairs() {
        assert_eq!(
            p("32 78 93 50"),
            ("32 78 93 50".into(), "+4732789350".into(), true)
        );
    }

    #[test]
    fn short_numbers_dial_as_written() {
        assert_eq!(p("112"), ("112".into(), "112".into(), true));
        assert_eq!(p("02800"), ("02800".into(), "02800".into(), true));
        assert_eq!(p("116 111"), ("116 111".into(), "116111".into(), true));
    }

    #[test]
    fn invalid_numbers_are_flagged_not_lost() {
        assert!(!p("1234").2);
        assert!(!p("ring oss").2);
        assert!(!p("").2);
        assert!(!p("+46 70 123 45 67").2);
        assert!(!p("012345678").2);
        assert_eq!(p("476 92 05").0, "476 92 05");
    }
}
