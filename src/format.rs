//! Small formatting rules shared by several stages.

/// A file size as Norwegian sites write it: "560 kB", "1,2 MB".
pub fn size_in_words(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1000).max(1))
    } else {
        let tenths = bytes.div_ceil(100_000);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// The contrast ratio of a `#rrggbb` colour against white, as WCAG defines it.
pub fn contrast_with_white(hex: &str) -> Option<f64> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    let luminance = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    Some(1.05 / (luminance + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_words() {
        assert_eq!(size_in_words(1), "1 kB");
        assert_eq!(size_in_words(12_345), "13 kB");
        assert_eq!(size_in_words(999_999), "1000 kB");
        assert_eq!(size_in_words(1_200_000), "1,2 MB");
        assert_eq!(size_in_words(3_000_001), "3,1 MB");
    }

    #[test]
    fn contrast() {
        let black = contrast_with_white("#000000").unwrap();
        assert!((black - 21.0).abs() < 0.01);
        let white = contrast_with_white("#ffffff").unwrap();
        assert!((white - 1.0).abs() < 0.01);
        // The default accent passes AA for text; a light yellow does not.
        assert!(contrast_with_white("#005b7f").unwrap() > 4.5);
        assert!(contrast_with_white("#ffcc00").unwrap() < 4.5);
        assert!(contrast_with_white("#12345").is_none());
    }
}
