//! Line breaking: text set into lines of a given width, measured as the embedded
//! font sets it (`Font::text_width`), and cut short with an ellipsis where there is
//! no more room.

use super::fonts::{clean, Font};

/// The ellipsis that ends text cut short.
const ELLIPSIS: char = '\u{2026}';

/// A line of set text: runs of text, each in one font.
pub(super) type Line = Vec<(Font, String)>;

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

fn push_text(line: &mut Line, font: Font, text: &str) {
    if text.is_empty() {
        return;
    }
    match line.last_mut() {
        Some((f, run)) if *f == font => run.push_str(text),
        _ => line.push((font, text.to_string())),
    }
}

fn push_char(line: &mut Line, font: Font, c: char) {
    let mut buf = [0u8; 4];
    push_text(line, font, c.encode_utf8(&mut buf));
}

pub(super) fn line_width(line: &Line, size: f32) -> f32 {
    line.iter()
        .map(|(font, text)| font.text_width(text, size))
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
            for c in clean(piece).chars() {
                if c == ' ' {
                    in_word = false;
                    space = Some(font);
                    continue;
                }
                match tokens.last_mut() {
                    Some(Token::Word(word)) if in_word => push_char(&mut word.parts, font, c),
                    _ => {
                        tokens.push(Token::Word(Word {
                            space: space.take(),
                            parts: vec![(font, c.to_string())],
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
            Some(font) if !line.is_empty() => font.text_width(" ", size),
            _ => 0.0,
        };
        if !line.is_empty() && used + space_width + word_width <= width {
            if let Some(font) = word.space {
                push_text(&mut line, font, " ");
            }
            for (font, text) in &word.parts {
                push_text(&mut line, *font, text);
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
        for (font, text) in word.parts {
            for c in text.chars() {
                let w = font.text_width(c.encode_utf8(&mut [0u8; 4]), size);
                if !line.is_empty() && used + w > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                push_char(&mut line, font, c);
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
        let ellipsis = font.text_width(ELLIPSIS.encode_utf8(&mut [0u8; 4]), size);
        // Letter by letter from the end; shaped text is not quite the sum of its
        // letters, so the whole line is measured again at the end.
        let mut used = line_width(last, size);
        loop {
            let fits = used + ellipsis <= width;
            let Some((f, text)) = last.last_mut() else {
                break;
            };
            if fits && !text.ends_with(' ') {
                if line_width(last, size) + ellipsis <= width {
                    break;
                }
                used = width;
                continue;
            }
            match text.pop() {
                Some(c) => used -= f.text_width(c.encode_utf8(&mut [0u8; 4]), size),
                None => {
                    last.pop();
                }
            }
            if last.last().is_some_and(|(_, t)| t.is_empty()) {
                last.pop();
            }
        }
        push_char(last, font, ELLIPSIS);
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
            let joined: String = lines
                .iter()
                .flatten()
                .flat_map(|(_, t)| t.chars())
                .filter(|c| *c != ' ')
                .collect();
            let expected: String = text.chars().filter(|c| *c != ' ').collect();
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
                (Font::Bold, "Navn".to_string()),
                (Font::Regular, " (må fylles ut)".to_string())
            ]
        );
        assert!(wrap(&[(Font::Regular, "")], 10.0, 100.0).is_empty());
        assert_eq!(wrap(&[(Font::Regular, "a\nb")], 10.0, 100.0).len(), 2);
    }

    #[test]
    fn cut_text_ends_in_an_ellipsis_within_the_width() {
        let line = vec![(Font::Regular, "Ø".repeat(500))];
        let cut = fit_line(line, 8.0, 100.0);
        assert!(line_width(&cut, 8.0) <= 100.0);
        assert_eq!(
            cut.last().and_then(|(_, t)| t.chars().last()),
            Some(ELLIPSIS)
        );
        let short = vec![(Font::Bold, "Kort".to_string())];
        assert_eq!(fit_line(short.clone(), 8.0, 100.0), short);
        let lines = wrap(&[(Font::Regular, &"ord ".repeat(200))], 10.0, 100.0);
        let cut = cut_lines(lines, 2, 10.0, 100.0);
        assert_eq!(cut.len(), 2);
        assert_eq!(
            cut[1].last().and_then(|(_, t)| t.chars().last()),
            Some(ELLIPSIS)
        );
        assert!(line_width(&cut[1], 10.0) <= 100.0);
    }
}
