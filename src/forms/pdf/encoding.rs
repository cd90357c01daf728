//! WinAnsi (cp1252), the encoding of all text on the pages: Helvetica as a standard
//! font takes single bytes, and WinAnsi covers Norwegian. Anything else is made to
//! fit here: decomposed letters are composed, invisible characters dropped, odd
//! spaces and hyphens made plain, and the rest shown as `?`.

/// `text` as WinAnsiEncoding (cp1252) bytes for Helvetica: what WinAnsi lacks becomes
/// `?`. Decomposed letters (`a` + combining ring) are put together first; invisible
/// format characters (zero-width joiners, direction marks, variation selectors) are
/// dropped; other spaces and hyphens become the plain ones; line breaks and tabs
/// become spaces.
pub(super) fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if is_combining(c) {
            if let Some(last) = out.last_mut() {
                if let Some(composed) = compose(*last, c) {
                    *last = composed;
                }
            }
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        out.push(win_ansi_byte(c).unwrap_or(b'?'));
    }
    out
}

/// The WinAnsi code of `c`, after mapping look-alike spaces and hyphens.
fn win_ansi_byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    match c {
        '\t' | '\n' | '\r' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Some(b' ')
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => Some(b'-'),
        ' '..='~' | '\u{A0}'..='\u{FF}' => u8::try_from(code).ok(),
        '\u{20AC}' => Some(0x80),
        '\u{201A}' => Some(0x82),
        '\u{0192}' => Some(0x83),
        '\u{201E}' => Some(0x84),
        '\u{2026}' => Some(0x85),
        '\u{2020}' => Some(0x86),
        '\u{2021}' => Some(0x87),
        '\u{02C6}' => Some(0x88),
        '\u{2030}' => Some(0x89),
        '\u{0160}' => Some(0x8A),
        '\u{2039}' => Some(0x8B),
        '\u{0152}' => Some(0x8C),
        '\u{017D}' => Some(0x8E),
        '\u{2018}' => Some(0x91),
        '\u{2019}' => Some(0x92),
        '\u{201C}' => Some(0x93),
        '\u{201D}' => Some(0x94),
        '\u{2022}' => Some(0x95),
        '\u{2013}' => Some(0x96),
        '\u{2014}' => Some(0x97),
        '\u{02DC}' => Some(0x98),
        '\u{2122}' => Some(0x99),
        '\u{0161}' => Some(0x9A),
        '\u{203A}' => Some(0x9B),
        '\u{0153}' => Some(0x9C),
        '\u{017E}' => Some(0x9E),
        '\u{0178}' => Some(0x9F),
        _ => None,
    }
}

/// Marks that attach to the letter before them (accents, vowel points).
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}' | '\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Characters with no ink of their own: controls, zero-width and direction marks,
/// variation selectors, emoji skin tones and tags, the soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}'
        | '\u{B}' | '\u{C}'
        | '\u{E}'..='\u{1F}'
        | '\u{7F}'..='\u{9F}'
        | '\u{AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0000}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// The WinAnsi letter that `base` (a WinAnsi code) and the combining `mark` make.
fn compose(base: u8, mark: char) -> Option<u8> {
    const TABLE: [(u8, char, char); 58] = [
        (b'S', '\u{30C}', '\u{160}'),
        (b'Z', '\u{30C}', '\u{17D}'),
        (b's', '\u{30C}', '\u{161}'),
        (b'z', '\u{30C}', '\u{17E}'),
        (b'Y', '\u{308}', '\u{178}'),
        (b'A', '\u{300}', '\u{C0}'),
        (b'A', '\u{301}', '\u{C1}'),
        (b'A', '\u{302}', '\u{C2}'),
        (b'A', '\u{303}', '\u{C3}'),
        (b'A', '\u{308}', '\u{C4}'),
        (b'A', '\u{30A}', '\u{C5}'),
        (b'C', '\u{327}', '\u{C7}'),
        (b'E', '\u{300}', '\u{C8}'),
        (b'E', '\u{301}', '\u{C9}'),
        (b'E', '\u{302}', '\u{CA}'),
        (b'E', '\u{308}', '\u{CB}'),
        (b'I', '\u{300}', '\u{CC}'),
        (b'I', '\u{301}', '\u{CD}'),
        (b'I', '\u{302}', '\u{CE}'),
        (b'I', '\u{308}', '\u{CF}'),
        (b'N', '\u{303}', '\u{D1}'),
        (b'O', '\u{300}', '\u{D2}'),
        (b'O', '\u{301}', '\u{D3}'),
        (b'O', '\u{302}', '\u{D4}'),
        (b'O', '\u{303}', '\u{D5}'),
        (b'O', '\u{308}', '\u{D6}'),
        (b'U', '\u{300}', '\u{D9}'),
        (b'U', '\u{301}', '\u{DA}'),
        (b'U', '\u{302}', '\u{DB}'),
        (b'U', '\u{308}', '\u{DC}'),
        (b'Y', '\u{301}', '\u{DD}'),
        (b'a', '\u{300}', '\u{E0}'),
        (b'a', '\u{301}', '\u{E1}'),
        (b'a', '\u{302}', '\u{E2}'),
        (b'a', '\u{303}', '\u{E3}'),
        (b'a', '\u{308}', '\u{E4}'),
        (b'a', '\u{30A}', '\u{E5}'),
        (b'c', '\u{327}', '\u{E7}'),
        (b'e', '\u{300}', '\u{E8}'),
        (b'e', '\u{301}', '\u{E9}'),
        (b'e', '\u{302}', '\u{EA}'),
        (b'e', '\u{308}', '\u{EB}'),
        (b'i', '\u{300}', '\u{EC}'),
        (b'i', '\u{301}', '\u{ED}'),
        (b'i', '\u{302}', '\u{EE}'),
        (b'i', '\u{308}', '\u{EF}'),
        (b'n', '\u{303}', '\u{F1}'),
        (b'o', '\u{300}', '\u{F2}'),
        (b'o', '\u{301}', '\u{F3}'),
        (b'o', '\u{302}', '\u{F4}'),
        (b'o', '\u{303}', '\u{F5}'),
        (b'o', '\u{308}', '\u{F6}'),
        (b'u', '\u{300}', '\u{F9}'),
        (b'u', '\u{301}', '\u{FA}'),
        (b'u', '\u{302}', '\u{FB}'),
        (b'u', '\u{308}', '\u{FC}'),
        (b'y', '\u{301}', '\u{FD}'),
        (b'y', '\u{308}', '\u{FF}'),
    ];
    TABLE
        .iter()
        .find(|&&(b, m, _)| b == base && m == mark)
        .and_then(|&(_, _, c)| win_ansi_byte(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn win_ansi_encodes_norwegian_letters() {
        assert_eq!(win_ansi("æøåÆØÅ"), vec![0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5]);
        assert_eq!(win_ansi("é"), vec![0xE9]);
        assert_eq!(win_ansi("Ab 1"), b"Ab 1".to_vec());
        assert_eq!(
            win_ansi("– — € “x” … •"),
            vec![0x96, b' ', 0x97, b' ', 0x80, b' ', 0x93, b'x', 0x94, b' ', 0x85, b' ', 0x95]
        );
        // Decomposed å and é (as some editors save them) come out as one letter.
        assert_eq!(win_ansi("a\u{30A}e\u{301}"), vec![0xE5, 0xE9]);
        // Outside WinAnsi: one `?` a character; joiners and selectors have no ink.
        assert_eq!(win_ansi("😀"), b"?".to_vec());
        assert_eq!(win_ansi("❤\u{FE0F}"), b"?".to_vec());
        assert_eq!(win_ansi("👩\u{200D}👧"), b"??".to_vec());
        assert_eq!(win_ansi("שלום"), b"????".to_vec());
        assert_eq!(win_ansi("مرحبا"), b"?????".to_vec());
        assert_eq!(win_ansi("a\tb\nc\u{7}"), b"a b c".to_vec());
    }
}
