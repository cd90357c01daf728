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

/// A published document's format as readers know it ("PDF", "XLSX"), from what the
/// file holds where that is certain, else from its ending. A file named `.pdf` that
/// is not a PDF is not called one.
pub fn file_format(name: &str, bytes: &[u8]) -> String {
    let ending = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_uppercase())
        .unwrap_or_default();
    let is_pdf = bytes.starts_with(b"%PDF-");
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    match ending.as_str() {
        _ if is_pdf => "PDF".to_string(),
        "PDF" => "fil".to_string(),
        "DOCX" | "XLSX" | "PPTX" | "ODT" | "ODS" | "ODP" if !is_zip => "fil".to_string(),
        "" => "fil".to_string(),
        _ => ending,
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

/// The byte offset of `needle` (ASCII) in `haystack`, ignoring ASCII case.
pub fn find_ignoring_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let needle = needle.as_bytes();
    (0..=bytes.len().checked_sub(needle.len())?).find(|&i| {
        haystack.is_char_boundary(i) && bytes[i..i + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// Whether `name` is an HTML element that has no end tag (`br`, `img`…), in any
/// case. Asked of every tag of every page, so it compares the lower-cased name once
/// instead of against each in turn.
pub fn is_void_element(name: &[u8]) -> bool {
    let mut lower = [0u8; 6];
    if name.len() > lower.len() {
        return false;
    }
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &lower[..name.len()],
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_case_is_ignored_and_other_letters_are_whole() {
        assert_eq!(
            find_ignoring_ascii_case("<P>x</SCRIPT>", "</script"),
            Some(4)
        );
        assert_eq!(find_ignoring_ascii_case("æ</pre>", "</PRE"), Some(2));
        assert_eq!(find_ignoring_ascii_case("</pr", "</pre"), None);
        assert!(is_void_element(b"br") && is_void_element(b"IMG") && is_void_element(b"Source"));
        assert!(!is_void_element(b"div") && !is_void_element(b"sources") && !is_void_element(b""));
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(size_in_words(1), "1 kB");
        assert_eq!(size_in_words(12_345), "13 kB");
        assert_eq!(size_in_words(999_999), "1000 kB");
        assert_eq!(size_in_words(1_200_000), "1,2 MB");
        assert_eq!(size_in_words(3_000_001), "3,1 MB");
    }

    #[test]
    fn formats_from_what_files_hold() {
        assert_eq!(file_format("a.pdf", b"%PDF-1.7\n"), "PDF");
        assert_eq!(file_format("a.PDF", b"%PDF-1.4"), "PDF");
        assert_eq!(file_format("a.pdf", b"<html>"), "fil");
        assert_eq!(file_format("a.xlsx", b"PK\x03\x04rest"), "XLSX");
        assert_eq!(file_format("a.xlsx", b"not a zip"), "fil");
        assert_eq!(file_format("a.txt", b"hei"), "TXT");
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
