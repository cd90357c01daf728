//! Line breaking: text set into lines of a given width, measured with the Helvetica
//! widths, and cut short with an ellipsis where there is no more room. Lines are
//! WinAnsi bytes, ready for the page.

use super::encoding::win_ansi;
use super::fonts::Font;

/// A line of set text: runs of WinAnsi bytes, each in one font.
pub(super) type Line = Vec<(Font, Vec<u8>)>;

/// A word (which may change font inside, e.g. `ut)`), and the font of the space
/// before it if there is one.
struct Word {
    space: Option<Font>,
    parts: Line,
}

enum Token {
    Word(Word),
    Break,
}

fn push_bytes(line: &mut Line, font: Font, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    match line.last_mut() {
        Some((f, run)) if *f == font => run.extend_from_slice(bytes),
        _ => line.push((font, bytes.to_vec())),
    }
}

pub(super) fn line_width(line: &Line, size: f32) -> f32 {
    line.iter()
        .map(|(font, bytes)| font.text_width(bytes, size))
        .sum()
}

/// Breaks `runs` into lines no wider than `width` at `size` points: at spaces, at
/// line breaks in the text, and inside a word only when the word alone is too wide.
pub(super) fn wrap(runs: &[(Font, &str)], size: f32, width: f32) -> Vec<Line> {
    // Words and breaks. A word can go on across runs ("Navn" then "(må").
    let mut tokens: Vec<Token> = Vec::new();
    let mut in_word = false;
    let mut space: Option<Font> = None;
    for &(font, text) in runs {
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                tokens.push(Token::Break);
                in_word = false;
                space = None;
            }
            for &byte in &win_ansi(piece) {
                if byte == b' ' {
                    in_word = false;
                    space = Some(font);
                    continue;
                }
                match tokens.last_mut() {
                    Some(Token::Word(word)) if in_word => {
                        push_bytes(&mut word.parts, font, &[byte])
                    }
                    _ => {
                        tokens.push(Token::Word(Word {
                            space: space.take(),
                            parts: vec![(font, vec![byte])],
                        }));
                        in_word = true;
                    }
                }
            }
        }
    }

    let mut lines = Vec::new();
    let mut line: Line = Vec::new();
    let mut used = 0.0;
    for token in tokens {
        let word = match token {
            Token::Break => {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
                continue;
            }
            Token::Word(word) => word,
        };
        let word_width = line_width(&word.parts, size);
        let space_width = match word.space {
            Some(font) if !line.is_empty() => font.text_width(b" ", size),
            _ => 0.0,
        };
        if !line.is_empty() && used + space_width + word_width <= width {
            if let Some(font) = word.space {
                push_bytes(&mut line, font, b" ");
            }
            for (font, bytes) in &word.parts {
                push_bytes(&mut line, *font, bytes);
            }
            used += space_width + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        if word_width <= width {
            line = word.parts;
            used = word_width;
            continue;
        }
        // Too wide for any line: break inside it, at least one letter a line.
        for (font, bytes) in word.parts {
            for byte in bytes {
                let w = font.text_width(&[byte], size);
                if !line.is_empty() && used + w > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                push_bytes(&mut line, font, &[byte]);
                used += w;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Keeps at most `max` lines; the last one kept ends in an ellipsis if any were cut.
pub(super) fn cut_lines(mut lines: Vec<Line>, max: usize, size: f32, width: f32) -> Vec<Line> {
    if lines.len() <= max {
        return lines;
    }
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        let font = last.last().map_or(Font::Regular, |(f, _)| *f);
        let ellipsis = font.text_width(&[0x85], size);
        let mut used = line_width(last, size);
        while let Some((f, bytes)) = last.last_mut() {
            let trailing_space = bytes.last() == Some(&b' ');
            if used + ellipsis <= width && !trailing_space {
                break;
            }
            match bytes.pop() {
                Some(b) => used -= f.text_width(&[b], size),
                None => {
                    last.pop();
                }
            }
        }
        push_bytes(last, font, &[0x85]);
    }
    lines
}

/// Paragraphs of a text block: separated by blank lines.
pub(super) fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// `line` shortened with an ellipsis to fit `width`.
pub(super) fn fit_line(line: Line, size: f32, width: f32) -> Line {
    if line_width(&line, size) <= width {
        return line;
    }
    cut_lines(vec![line, Vec::new()], 1, size, width)
        .into_iter()
        .next()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let text = "Dette er en lang setning som må deles over flere linjer fordi den er bred, \
                    og et ord som Barneverntjenesteomsorgsansvarsfordelingsbestemmelsene.";
        for width in [40.0, 120.0, 300.0] {
            let lines = wrap(&[(Font::Regular, text)], 10.0, width);
            assert!(lines.len() > 1);
            for line in &lines {
                assert!(
                    line_width(line, 10.0) <= width + 0.001,
                    "{line:?} is wider than {width}"
                );
            }
            let joined: Vec<u8> = lines
                .iter()
                .flatten()
                .flat_map(|(_, b)| b.clone())
                .filter(|b| *b != b' ')
                .collect();
            let expected: Vec<u8> = win_ansi(text).into_iter().filter(|b| *b != b' ').collect();
            assert_eq!(joined, expected, "nothing lost at width {width}");
        }
        // Fonts change inside a line; the required note follows the label.
        let lines = wrap(
            &[(Font::Bold, "Navn"), (Font::Regular, " (må fylles ut)")],
            10.0,
            400.0,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0],
            vec![
                (Font::Bold, b"Navn".to_vec()),
                (Font::Regular, win_ansi(" (må fylles ut)"))
            ]
        );
        assert!(wrap(&[(Font::Regular, "")], 10.0, 100.0).is_empty());
        assert_eq!(wrap(&[(Font::Regular, "a\nb")], 10.0, 100.0).len(), 2);
    }

    #[test]
    fn cut_text_ends_in_an_ellipsis_within_the_width() {
        let line = vec![(Font::Regular, win_ansi(&"Ø".repeat(500)))];
        let cut = fit_line(line, 8.0, 100.0);
        assert!(line_width(&cut, 8.0) <= 100.0);
        assert_eq!(cut.last().and_then(|(_, b)| b.last()), Some(&0x85));
        let short = vec![(Font::Bold, b"Kort".to_vec())];
        assert_eq!(fit_line(short.clone(), 8.0, 100.0), short);
        let lines = wrap(&[(Font::Regular, &"ord ".repeat(200))], 10.0, 100.0);
        let cut = cut_lines(lines, 2, 10.0, 100.0);
        assert_eq!(cut.len(), 2);
        assert_eq!(cut[1].last().and_then(|(_, b)| b.last()), Some(&0x85));
        assert!(line_width(&cut[1], 10.0) <= 100.0);
    }
}
