//! The fillable PDF version of a form: A4, set like a paper form in Helvetica (one of
//! the standard fonts every reader has, so nothing is embedded), an AcroForm field for
//! every blank, and tagged so screen readers and the tab key follow the form's order.
//!
//! The same form always gives the same bytes: no dates, no random ids.
//!
//! Layout comes first, into pages of content, a list of widgets and a structure tree
//! held in memory; writing comes last, when the page count ("Side 1 av 3") is known.
//!
//! Text on the pages is WinAnsi (cp1252) encoded, which covers Norwegian; what it
//! cannot show becomes `?`. Names, tooltips and the title live in text strings,
//! which take any Unicode.
//!
//! Field names are the shared ones from `render::forms` (`<id>`, `<id>.<n>`,
//! `<id>.r<row>c<col>`, ...). A PDF partial field name may not contain a period, so
//! a dotted name becomes a small field hierarchy whose fully qualified name is the
//! shared name: `<id>` is a parent field (tooltip: the label) with kids `1`, `2`, ...

use std::collections::HashMap;

use pdf_writer::types::{
    AnnotationFlags, ArtifactType, CheckBoxState, FieldFlags, FieldType, StructRole, TabOrder,
};
use pdf_writer::writers::StructTreeRoot;
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Settings, Str, TextStr};

use super::{cell_name, option_name, other_name, signature_name, words, yes_no_name, Words};
use crate::model::{FieldKind, Form, FormField, Lang};

// ---------------------------------------------------------------------------------
// Page geometry (points) and type.

const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const LEFT: f32 = MARGIN;
const RIGHT: f32 = PAGE_W - MARGIN;
const WIDTH: f32 = RIGHT - LEFT;
const TOP: f32 = PAGE_H - MARGIN;
const BOTTOM: f32 = MARGIN;
const CONTENT_H: f32 = TOP - BOTTOM;
/// Baseline of the page number line, inside the bottom margin.
const FOOTER_Y: f32 = 30.0;

/// Space after a field, and between a label and its box.
const FIELD_GAP: f32 = 14.0;
const LABEL_GAP: f32 = 3.0;
/// A one-line text box; a table row; a line of a multi-line box.
const BOX_H: f32 = 20.0;
const ROW_H: f32 = 20.0;
const LINE_H: f32 = 18.0;
const DATE_W: f32 = 130.0;
const FNR_W: f32 = 150.0;
const CHECK: f32 = 11.0;
/// Where an option's text starts, right of its checkbox.
const CHECK_INDENT: f32 = 18.0;
const SIGNATURE_H: f32 = 26.0;
/// More blank rows than this in one table are not drawn (a typo, not a form).
const MAX_ROWS: u32 = 1000;
/// Option texts and table headings longer than this many lines are cut short.
const MAX_OPTION_LINES: usize = 12;
const MAX_HEADING_LINES: usize = 5;

/// Border of boxes and table cells.
const BORDER_GRAY: f32 = 0.3;
const BORDER_W: f32 = 0.75;
const HEADER_FILL: f32 = 0.9;

/// Text appearance of every text field, and of the form as a whole.
const TEXT_DA: &[u8] = b"/Helv 10 Tf 0 g";
const CHECK_DA: &[u8] = b"/ZaDb 0 Tf 0 g";
/// "dd.mm.åååå", the date format in the tooltip of a date field.
const DATE_HINT: &str = "dd.mm.\u{e5}\u{e5}\u{e5}\u{e5}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn resource(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"Helv"),
            Font::Bold => Name(b"HeBo"),
        }
    }

    fn widths(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &HELVETICA_WIDTHS,
            Font::Bold => &HELVETICA_BOLD_WIDTHS,
        }
    }

    /// Width of one WinAnsi code, in 1/1000 em.
    fn width(self, byte: u8) -> f32 {
        match byte.checked_sub(32) {
            Some(i) => f32::from(self.widths()[usize::from(i)]),
            None => 0.0,
        }
    }

    fn text_width(self, bytes: &[u8], size: f32) -> f32 {
        bytes.iter().map(|&b| self.width(b)).sum::<f32>() * size / 1000.0
    }
}

#[derive(Debug, Clone, Copy)]
struct Style {
    font: Font,
    size: f32,
    leading: f32,
    gray: f32,
}

impl Style {
    /// The baseline of a line whose line box starts at `top`: the glyphs (ascender
    /// 718, descender 207 for Helvetica) sit in the middle of the line box.
    fn baseline(self, top: f32) -> f32 {
        top - (self.leading - 0.925 * self.size) / 2.0 - 0.718 * self.size
    }
}

const TITLE: Style = Style {
    font: Font::Bold,
    size: 18.0,
    leading: 23.0,
    gray: 0.0,
};
const NOTE: Style = Style {
    font: Font::Regular,
    size: 9.0,
    leading: 12.0,
    gray: 0.35,
};
const BODY: Style = Style {
    font: Font::Regular,
    size: 10.5,
    leading: 14.0,
    gray: 0.0,
};
const SECTION: Style = Style {
    font: Font::Bold,
    size: 13.0,
    leading: 17.0,
    gray: 0.0,
};
const LABEL: Style = Style {
    font: Font::Bold,
    size: 10.0,
    leading: 13.0,
    gray: 0.0,
};
const HELP: Style = Style {
    font: Font::Regular,
    size: 8.5,
    leading: 11.0,
    gray: 0.3,
};
const OPTION: Style = Style {
    font: Font::Regular,
    size: 10.0,
    leading: 13.0,
    gray: 0.0,
};
const PART: Style = Style {
    font: Font::Regular,
    size: 8.5,
    leading: 11.0,
    gray: 0.25,
};
const HEADING: Style = Style {
    font: Font::Bold,
    size: 9.0,
    leading: 11.0,
    gray: 0.0,
};
const FOOTER: Style = Style {
    font: Font::Regular,
    size: 8.0,
    leading: 10.0,
    gray: 0.35,
};

// ---------------------------------------------------------------------------------
// Entry point.

/// The form as a fillable, tagged A4 PDF.
pub fn write_pdf(form: &Form) -> Vec<u8> {
    let layout = lay_out(form);
    write(form, layout)
}

// ---------------------------------------------------------------------------------
// WinAnsi text.

/// `text` as WinAnsiEncoding (cp1252) bytes for Helvetica: what WinAnsi lacks becomes
/// `?`. Decomposed letters (`a` + combining ring) are put together first; invisible
/// format characters (zero-width joiners, direction marks, variation selectors) are
/// dropped; other spaces and hyphens become the plain ones; line breaks and tabs
/// become spaces.
pub(crate) fn win_ansi(text: &str) -> Vec<u8> {
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

// ---------------------------------------------------------------------------------
// Line breaking.

/// A line of set text: runs of WinAnsi bytes, each in one font.
type Line = Vec<(Font, Vec<u8>)>;

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

fn line_width(line: &Line, size: f32) -> f32 {
    line.iter()
        .map(|(font, bytes)| font.text_width(bytes, size))
        .sum()
}

/// Breaks `runs` into lines no wider than `width` at `size` points: at spaces, at
/// line breaks in the text, and inside a word only when the word alone is too wide.
fn wrap(runs: &[(Font, &str)], size: f32, width: f32) -> Vec<Line> {
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
fn cut_lines(mut lines: Vec<Line>, max: usize, size: f32, width: f32) -> Vec<Line> {
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
fn paragraphs(text: &str) -> Vec<String> {
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

// ---------------------------------------------------------------------------------
// Layout: pages, widgets and the structure tree, in memory.

struct PageLayout {
    content: Content,
    /// The structure element each marked-content id belongs to, by id.
    mc_owners: Vec<usize>,
    /// Widgets on this page, in structure order.
    widgets: Vec<usize>,
}

enum Kid {
    Mc { page: usize, mcid: i32 },
    Widget(usize),
    Elem(usize),
}

struct Elem {
    role: StructRole,
    parent: Option<usize>,
    kids: Vec<Kid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WidgetKind {
    Text {
        multiline: bool,
        max_len: Option<i32>,
        no_spell_check: bool,
    },
    Check,
}

struct Widget {
    page: usize,
    rect: Rect,
    name: String,
    tooltip: String,
    kind: WidgetKind,
    required: bool,
}

impl Widget {
    fn width(&self) -> f32 {
        self.rect.x2 - self.rect.x1
    }

    fn height(&self) -> f32 {
        self.rect.y2 - self.rect.y1
    }
}

/// The document element is always the first.
const DOCUMENT: usize = 0;

struct Layout {
    words: Words,
    pages: Vec<PageLayout>,
    /// Top of the free space on the last page.
    y: f32,
    elems: Vec<Elem>,
    widgets: Vec<Widget>,
    /// Tooltips for the parent fields of dotted names: a field's id → its label,
    /// a signer's block → the signer.
    group_tips: HashMap<String, String>,
}

fn lay_out(form: &Form) -> Layout {
    let mut l = Layout {
        words: words(form.lang),
        pages: Vec::new(),
        y: TOP,
        elems: vec![Elem {
            role: StructRole::Document,
            parent: None,
            kids: Vec::new(),
        }],
        widgets: Vec::new(),
        group_tips: HashMap::new(),
    };
    l.new_page();

    l.paragraph(StructRole::H1, &form.title, TITLE);
    l.gap(3.0);
    let note = l.words.fill_in_note;
    l.paragraph(StructRole::P, note, NOTE);
    l.gap(10.0);
    for text in &form.intro {
        l.paragraph(StructRole::P, text, BODY);
        l.gap(6.0);
    }

    for section in &form.sections {
        match section.title.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(title) => {
                l.gap(14.0);
                let lines = wrap(&[(SECTION.font, title)], SECTION.size, WIDTH);
                // Keep the heading with what follows it.
                l.ensure((lines.len() as f32 * SECTION.leading + 60.0).min(CONTENT_H));
                l.flow(StructRole::H2, DOCUMENT, &lines, LEFT, SECTION);
                l.rule(l.y - 2.0);
                l.gap(10.0);
            }
            None => l.gap(8.0),
        }
        for text in &section.intro {
            l.paragraph(StructRole::P, text, BODY);
            l.gap(6.0);
        }
        for field in &section.fields {
            l.field(field);
            l.gap(FIELD_GAP);
        }
    }

    l.footers(&form.title);
    l
}

impl Layout {
    fn page(&mut self) -> &mut PageLayout {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    fn new_page(&mut self) {
        self.pages.push(PageLayout {
            content: Content::new(),
            mc_owners: Vec::new(),
            widgets: Vec::new(),
        });
        self.y = TOP;
    }

    fn at_top(&self) -> bool {
        self.y >= TOP - 0.01
    }

    /// Starts a new page unless `height` fits on this one (or this one is empty).
    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    /// Vertical space, not at the top of a page.
    fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y -= height;
        }
        if self.y < BOTTOM {
            self.new_page();
        }
    }

    fn elem(&mut self, role: StructRole, parent: usize) -> usize {
        let index = self.elems.len();
        self.elems.push(Elem {
            role,
            parent: Some(parent),
            kids: Vec::new(),
        });
        if let Some(p) = self.elems.get_mut(parent) {
            p.kids.push(Kid::Elem(index));
        }
        index
    }

    fn begin_tagged(&mut self, tag: Name, elem: usize) {
        let page = self.page_index();
        let mcid = self.pages[page].mc_owners.len() as i32;
        self.pages[page].mc_owners.push(elem);
        self.elems[elem].kids.push(Kid::Mc { page, mcid });
        self.page()
            .content
            .begin_marked_content_with_properties(tag)
            .properties()
            .identify(mcid);
    }

    fn begin_artifact(&mut self, kind: ArtifactType) {
        self.page()
            .content
            .begin_marked_content_with_properties(Name(b"Artifact"))
            .properties()
            .artifact()
            .kind(kind);
    }

    fn end_marked(&mut self) {
        self.page().content.end_marked_content();
    }

    fn show(&mut self, x: f32, baseline: f32, line: &Line, style: Style) {
        if line.is_empty() {
            return;
        }
        let content = &mut self.page().content;
        content.set_fill_gray(style.gray);
        content.begin_text();
        content.next_line(x, baseline);
        for (font, bytes) in line {
            content.set_font(font.resource(), style.size);
            content.show(Str(bytes));
        }
        content.end_text();
    }

    /// Lines set from the top of the free space down, onto new pages as needed, as
    /// marked content of `elem`.
    fn flow_lines(&mut self, elem: usize, tag: Name, lines: &[Line], x: f32, style: Style) {
        let mut open = false;
        for line in lines {
            if self.y - style.leading < BOTTOM && !self.at_top() {
                if open {
                    self.end_marked();
                    open = false;
                }
                self.new_page();
            }
            if !open {
                self.begin_tagged(tag, elem);
                open = true;
            }
            let baseline = style.baseline(self.y);
            self.show(x, baseline, line, style);
            self.y -= style.leading;
        }
        if open {
            self.end_marked();
        }
    }

    /// A new structure element of `role` holding `lines`; none for no lines.
    fn flow(&mut self, role: StructRole, parent: usize, lines: &[Line], x: f32, style: Style) {
        if lines.is_empty() {
            return;
        }
        let elem = self.elem(role, parent);
        self.flow_lines(elem, role.to_name(), lines, x, style);
    }

    fn paragraph(&mut self, role: StructRole, text: &str, style: Style) {
        let lines = wrap(&[(style.font, text)], style.size, WIDTH);
        self.flow(role, DOCUMENT, &lines, LEFT, style);
    }

    /// A thin rule across the column: decoration, not content.
    fn rule(&mut self, y: f32) {
        self.begin_artifact(ArtifactType::Layout);
        let content = &mut self.page().content;
        content.set_stroke_gray(0.55).set_line_width(0.5);
        content.move_to(LEFT, y).line_to(RIGHT, y).stroke();
        self.end_marked();
    }

    /// A widget whose top left corner is at (`x`, `top`) on this page, in a new
    /// `Form` element under `parent`. Returns the element, for a visible caption.
    #[allow(clippy::too_many_arguments)]
    fn widget(
        &mut self,
        parent: usize,
        x: f32,
        top: f32,
        size: (f32, f32),
        name: String,
        tooltip: String,
        kind: WidgetKind,
        required: bool,
    ) -> usize {
        let elem = self.elem(StructRole::Form, parent);
        let index = self.widgets.len();
        let page = self.page_index();
        let (w, h) = size;
        self.widgets.push(Widget {
            page,
            rect: Rect::new(x, top - h, x + w, top),
            name,
            tooltip,
            kind,
            required,
        });
        self.elems[elem].kids.push(Kid::Widget(index));
        self.pages[page].widgets.push(index);
        elem
    }

    /// Caption text next to a widget, as part of its `Form` element.
    fn caption(&mut self, elem: usize, x: f32, top: f32, lines: &[Line], style: Style) {
        if lines.is_empty() {
            return;
        }
        self.begin_tagged(Name(b"Span"), elem);
        for (i, line) in lines.iter().enumerate() {
            let baseline = style.baseline(top - i as f32 * style.leading);
            self.show(x, baseline, line, style);
        }
        self.end_marked();
    }

    // --- fields -------------------------------------------------------------------

    fn label_lines(&self, field: &FormField) -> (Vec<Line>, Vec<Line>, f32) {
        let required = format!(" ({})", self.words.required);
        let mut runs = vec![(Font::Bold, field.label.as_str())];
        if field.required {
            runs.push((Font::Regular, required.as_str()));
        }
        let label = wrap(&runs, LABEL.size, WIDTH);
        let help = match field.help.as_deref() {
            Some(help) => wrap(&[(Font::Regular, help)], HELP.size, WIDTH),
            None => Vec::new(),
        };
        let mut height = label.len() as f32 * LABEL.leading + help.len() as f32 * HELP.leading;
        if !help.is_empty() {
            height += 1.0;
        }
        (label, help, height + LABEL_GAP)
    }

    /// The label (and help) of a field, kept on one page with the first `first`
    /// points of what follows.
    fn label(&mut self, field: &FormField, first: f32) {
        let (label, help, height) = self.label_lines(field);
        self.ensure((height + first).min(CONTENT_H));
        self.flow(StructRole::P, DOCUMENT, &label, LEFT, LABEL);
        if !help.is_empty() {
            self.y -= 1.0;
            self.flow(StructRole::P, DOCUMENT, &help, LEFT, HELP);
        }
        self.y -= LABEL_GAP;
    }

    fn field(&mut self, field: &FormField) {
        match &field.kind {
            FieldKind::Text => self.text_field(field, WIDTH, None),
            FieldKind::Date => self.text_field(field, DATE_W, None),
            FieldKind::Fnr => self.text_field(field, FNR_W, Some(11)),
            FieldKind::LongText { lines } => self.long_text(field, *lines),
            FieldKind::YesNo => self.yes_no(field),
            FieldKind::Checkboxes { options, other } => {
                self.checkboxes(field, options, other.as_deref())
            }
            FieldKind::Table { columns, rows } => self.table(field, columns, *rows),
            FieldKind::Signature { signers } => self.signatures(field, signers),
            FieldKind::Fixed => self.fixed(field),
        }
    }

    fn text_field(&mut self, field: &FormField, width: f32, max_len: Option<i32>) {
        self.label(field, BOX_H);
        self.ensure(BOX_H);
        let (tooltip, no_spell_check) = match field.kind {
            FieldKind::Date => (format!("{} ({DATE_HINT})", field.label), true),
            FieldKind::Fnr => (field.label.clone(), true),
            _ => (field.label.clone(), false),
        };
        let kind = WidgetKind::Text {
            multiline: false,
            max_len,
            no_spell_check,
        };
        let y = self.y;
        self.widget(
            DOCUMENT,
            LEFT,
            y,
            (width, BOX_H),
            field.id.clone(),
            tooltip,
            kind,
            field.required,
        );
        self.y -= BOX_H;
    }

    fn long_text(&mut self, field: &FormField, lines: u32) {
        let (_, _, label_h) = self.label_lines(field);
        // Never taller than an empty page has room for, under its label.
        let room = (CONTENT_H - label_h.min(CONTENT_H / 2.0)).max(BOX_H);
        let height = (lines.max(1) as f32 * LINE_H + 4.0).min(room);
        self.label(field, height);
        self.ensure(height);
        let kind = WidgetKind::Text {
            multiline: true,
            max_len: None,
            no_spell_check: false,
        };
        let y = self.y;
        self.widget(
            DOCUMENT,
            LEFT,
            y,
            (WIDTH, height),
            field.id.clone(),
            field.label.clone(),
            kind,
            field.required,
        );
        self.y -= height;
    }

    fn yes_no(&mut self, field: &FormField) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let row = OPTION.leading + 3.0;
        self.label(field, row);
        self.ensure(row);
        let top = self.y;
        let mut x = LEFT;
        for (yes, word) in [(true, self.words.yes), (false, self.words.no)] {
            let name = yes_no_name(&field.id, yes);
            let tooltip = format!("{}: {word}", field.label);
            let elem = self.widget(
                DOCUMENT,
                x,
                top - 1.0,
                (CHECK, CHECK),
                name,
                tooltip,
                WidgetKind::Check,
                false,
            );
            let text = win_ansi(word);
            let width = Font::Regular.text_width(&text, OPTION.size);
            self.caption(
                elem,
                x + CHECK + 5.0,
                top,
                &[vec![(Font::Regular, text)]],
                OPTION,
            );
            x += CHECK + 5.0 + width + 28.0;
        }
        self.y -= row;
    }

    fn checkboxes(&mut self, field: &FormField, options: &[String], other: Option<&str>) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let text_w = WIDTH - CHECK_INDENT;
        let rows: Vec<Vec<Line>> = options
            .iter()
            .map(|o| {
                cut_lines(
                    wrap(&[(Font::Regular, o)], OPTION.size, text_w),
                    MAX_OPTION_LINES,
                    OPTION.size,
                    text_w,
                )
            })
            .collect();
        let row_h = |lines: &Vec<Line>| lines.len().max(1) as f32 * OPTION.leading + 3.0;
        let other_h = BOX_H + 2.0;
        let total: f32 =
            rows.iter().map(row_h).sum::<f32>() + if other.is_some() { other_h } else { 0.0 };
        // The whole list with its label if it fits on a page, else at least one row.
        let (_, _, label_h) = self.label_lines(field);
        let first = rows.first().map_or(other_h, row_h);
        if label_h + total <= CONTENT_H {
            self.label(field, total);
        } else {
            self.label(field, first);
        }

        for (i, (option, lines)) in options.iter().zip(&rows).enumerate() {
            let h = row_h(lines);
            self.ensure(h);
            let top = self.y;
            let name = option_name(&field.id, i + 1);
            let tooltip = format!("{}: {option}", field.label);
            let elem = self.widget(
                DOCUMENT,
                LEFT,
                top - 1.0,
                (CHECK, CHECK),
                name,
                tooltip,
                WidgetKind::Check,
                false,
            );
            self.caption(elem, LEFT + CHECK_INDENT, top, lines, OPTION);
            self.y -= h;
        }

        if let Some(other) = other {
            self.ensure(other_h);
            let top = self.y;
            let mut caption = win_ansi(other);
            caption.push(b':');
            let caption_line = fit_line(vec![(Font::Regular, caption)], OPTION.size, WIDTH * 0.45);
            let caption_w = line_width(&caption_line, OPTION.size);
            let x = LEFT + CHECK_INDENT + caption_w + 6.0;
            let tooltip = format!("{}: {other}", field.label);
            let kind = WidgetKind::Text {
                multiline: false,
                max_len: None,
                no_spell_check: false,
            };
            let elem = self.widget(
                DOCUMENT,
                x,
                top,
                (RIGHT - x, BOX_H),
                other_name(&field.id),
                tooltip,
                kind,
                false,
            );
            let caption_top = top - (BOX_H - OPTION.leading) / 2.0;
            self.caption(
                elem,
                LEFT + CHECK_INDENT,
                caption_top,
                &[caption_line],
                OPTION,
            );
            self.y -= other_h;
        }
    }

    fn table(&mut self, field: &FormField, columns: &[String], rows: u32) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let rows = rows.min(MAX_ROWS);
        let widths = column_widths(columns);
        let headings: Vec<Vec<Line>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let inner = (w - 6.0).max(1.0);
                cut_lines(
                    wrap(&[(HEADING.font, c)], HEADING.size, inner),
                    MAX_HEADING_LINES,
                    HEADING.size,
                    inner,
                )
            })
            .collect();
        let heading_h =
            headings.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * HEADING.leading + 8.0;
        let first = if columns.is_empty() {
            0.0
        } else {
            heading_h + BORDER_W + if rows > 0 { ROW_H } else { 0.0 }
        };
        self.label(field, first);
        if columns.is_empty() {
            return;
        }

        let table = self.elem(StructRole::Table, DOCUMENT);
        self.ensure(first);
        let head = self.elem(StructRole::TR, table);
        self.table_head(&headings, &widths, heading_h, Some(head));
        let last = columns.len() - 1;
        for row in 1..=rows {
            if self.y - ROW_H - BORDER_W < BOTTOM {
                self.new_page();
                self.table_head(&headings, &widths, heading_h, None);
            }
            let tr = self.elem(StructRole::TR, table);
            let top = self.y;
            let mut x = LEFT;
            for (col, (heading, w)) in columns.iter().zip(&widths).enumerate() {
                let td = self.elem(StructRole::TD, tr);
                let name = cell_name(&field.id, row, col + 1);
                let tooltip = format!("{heading} rad {row}");
                let kind = WidgetKind::Text {
                    multiline: false,
                    max_len: None,
                    no_spell_check: false,
                };
                // Cells overlap their neighbours by a border, so shared borders
                // are drawn once.
                let size = (cell_reach(*w, col == last), ROW_H + BORDER_W);
                self.widget(td, x, top, size, name, tooltip, kind, false);
                x += w;
            }
            self.y -= ROW_H;
        }
        self.y -= BORDER_W;
    }

    /// The heading row of a table: tagged `TH` cells the first time (`row`), an
    /// artifact when repeated on a following page.
    fn table_head(
        &mut self,
        headings: &[Vec<Line>],
        widths: &[f32],
        height: f32,
        row: Option<usize>,
    ) {
        let top = self.y;
        self.begin_artifact(ArtifactType::Layout);
        {
            let content = &mut self.page().content;
            content.set_fill_gray(HEADER_FILL);
            content
                .rect(LEFT, top - height, WIDTH, height)
                .fill_nonzero();
            content
                .set_stroke_gray(BORDER_GRAY)
                .set_line_width(BORDER_W);
            let mut x = LEFT;
            let inset = BORDER_W / 2.0;
            let last = widths.len().saturating_sub(1);
            for (col, w) in widths.iter().enumerate() {
                let reach = cell_reach(*w, col == last);
                let bottom = top - height - BORDER_W;
                content
                    .rect(x + inset, bottom + inset, reach - BORDER_W, height)
                    .stroke();
                x += w;
            }
        }
        self.end_marked();
        let mut x = LEFT;
        for (lines, w) in headings.iter().zip(widths) {
            match row {
                Some(tr) => {
                    let th = self.elem(StructRole::TH, tr);
                    self.begin_tagged(Name(b"TH"), th);
                }
                None => self.begin_artifact(ArtifactType::Layout),
            }
            for (i, line) in lines.iter().enumerate() {
                let baseline = HEADING.baseline(top - 4.0 - i as f32 * HEADING.leading);
                self.show(x + 3.0, baseline, line, HEADING);
            }
            self.end_marked();
            x += w;
        }
        self.y -= height;
    }

    fn signatures(&mut self, field: &FormField, signers: &[String]) {
        self.group_tips
            .insert(field.id.clone(), field.label.clone());
        let gap = 12.0;
        let free = WIDTH - 2.0 * gap;
        let parts = [
            ("place", self.words.place, free * 0.32),
            ("date", self.words.date, free * 0.2),
            ("name", self.words.signature, free * 0.48),
        ];
        let block = |role_lines: usize| {
            role_lines as f32 * LABEL.leading + 2.0 + PART.leading + SIGNATURE_H
        };
        let roles: Vec<Vec<Line>> = signers
            .iter()
            .map(|s| {
                cut_lines(
                    wrap(&[(LABEL.font, s)], LABEL.size, WIDTH),
                    3,
                    LABEL.size,
                    WIDTH,
                )
            })
            .collect();
        self.label(field, roles.first().map_or(0.0, |r| block(r.len())));
        for (i, (signer, role)) in signers.iter().zip(&roles).enumerate() {
            if i > 0 {
                self.gap(10.0);
            }
            let n = i + 1;
            let who = if signer.trim().is_empty() {
                field.label.as_str()
            } else {
                signer.as_str()
            };
            self.group_tips
                .insert(format!("{}.{n}", field.id), who.to_string());
            self.ensure(block(role.len()));
            self.flow(StructRole::P, DOCUMENT, role, LEFT, LABEL);
            self.y -= 2.0;
            let top = self.y;
            let mut x = LEFT;
            for (part, word, w) in parts {
                let name = signature_name(&field.id, n, part);
                let tooltip = format!("{who}: {word}");
                let kind = WidgetKind::Text {
                    multiline: false,
                    max_len: None,
                    no_spell_check: part != "place",
                };
                let box_top = top - PART.leading;
                let elem = self.widget(
                    DOCUMENT,
                    x,
                    box_top,
                    (w, SIGNATURE_H),
                    name,
                    tooltip,
                    kind,
                    field.required,
                );
                self.caption(elem, x, top, &[vec![(Font::Regular, win_ansi(word))]], PART);
                x += w + gap;
            }
            self.y = top - PART.leading - SIGNATURE_H;
        }
    }

    fn fixed(&mut self, field: &FormField) {
        for (i, text) in paragraphs(&field.label).iter().enumerate() {
            if i > 0 {
                self.gap(5.0);
            }
            self.paragraph(StructRole::P, text, OPTION);
        }
        if let Some(help) = field.help.as_deref() {
            self.gap(2.0);
            self.paragraph(StructRole::P, help, HELP);
        }
    }

    /// "Side N av M" on every page, with the form's title on the left.
    fn footers(&mut self, title: &str) {
        let count = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let number = win_ansi(&format!("{} {} av {count}", self.words.page, i + 1));
            let number_w = Font::Regular.text_width(&number, FOOTER.size);
            let title_w = (WIDTH - number_w - 24.0).max(0.0);
            let title_line = fit_line(vec![(Font::Regular, win_ansi(title))], FOOTER.size, title_w);
            let content = &mut page.content;
            content
                .begin_marked_content_with_properties(Name(b"Artifact"))
                .properties()
                .artifact()
                .kind(ArtifactType::Pagination);
            content.set_fill_gray(FOOTER.gray);
            content.begin_text();
            content.set_font(Font::Regular.resource(), FOOTER.size);
            content.next_line(RIGHT - number_w, FOOTER_Y);
            content.show(Str(&number));
            content.end_text();
            if !title_line.is_empty() {
                content.begin_text();
                content.set_font(Font::Regular.resource(), FOOTER.size);
                content.next_line(LEFT, FOOTER_Y);
                for (_, bytes) in &title_line {
                    content.show(Str(bytes));
                }
                content.end_text();
            }
            content.end_marked_content();
        }
    }
}

/// The width of a table cell's box: into the next cell by a border's width, so
/// neighbours share one border line.
fn cell_reach(width: f32, last: bool) -> f32 {
    if last {
        width
    } else {
        width + BORDER_W
    }
}

/// `line` shortened with an ellipsis to fit `width`.
fn fit_line(line: Line, size: f32, width: f32) -> Line {
    if line_width(&line, size) <= width {
        return line;
    }
    cut_lines(vec![line, Vec::new()], 1, size, width)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Column widths for a table across the text column: short headings ("Nr.", "Ja")
/// get narrow columns, the others share the rest in proportion to their headings.
fn column_widths(columns: &[String]) -> Vec<f32> {
    if columns.is_empty() {
        return Vec::new();
    }
    let natural: Vec<f32> = columns
        .iter()
        .map(|c| Font::Bold.text_width(&win_ansi(c.trim()), HEADING.size) + 12.0)
        .collect();
    let narrow: Vec<bool> = columns
        .iter()
        .map(|c| c.trim().chars().count() <= 3)
        .collect();
    let fixed: f32 = natural
        .iter()
        .zip(&narrow)
        .filter(|(_, n)| **n)
        .map(|(w, _)| w.clamp(30.0, 60.0))
        .sum();
    let wide = narrow.iter().filter(|n| !**n).count();
    let weights: Vec<f32> = natural.iter().map(|w| w.max(70.0)).collect();
    let weight_sum: f32 = weights
        .iter()
        .zip(&narrow)
        .filter(|(_, n)| !**n)
        .map(|(w, _)| w)
        .sum();
    let rest = WIDTH - fixed;

    let mut widths: Vec<f32> = if wide == 0 || rest < wide as f32 * 40.0 {
        // All short headings, or too many columns to be choosy: share in proportion.
        let sum: f32 = natural.iter().map(|w| w.max(30.0)).sum();
        natural.iter().map(|w| WIDTH * w.max(30.0) / sum).collect()
    } else {
        natural
            .iter()
            .zip(&narrow)
            .zip(&weights)
            .map(|((w, n), weight)| {
                if *n {
                    w.clamp(30.0, 60.0)
                } else {
                    rest * weight / weight_sum
                }
            })
            .collect()
    };
    if wide == 0 && columns.len() > 1 {
        widths = vec![WIDTH / columns.len() as f32; columns.len()];
    }
    // Round to a tenth of a point, the last column taking what is left.
    let mut used = 0.0;
    let last = widths.len() - 1;
    for (i, w) in widths.iter_mut().enumerate() {
        if i == last {
            *w = WIDTH - used;
        } else {
            *w = (*w * 10.0).round() / 10.0;
            used += *w;
        }
    }
    widths
}

// ---------------------------------------------------------------------------------
// Writing.

/// Hands out object numbers in order.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// A node of the field hierarchy: a parent field or a widget.
#[derive(Clone, Copy)]
enum FieldNode {
    Group(usize),
    Widget(usize),
}

struct Group {
    partial: String,
    tooltip: Option<String>,
    parent: Option<usize>,
    kids: Vec<FieldNode>,
}

/// The field hierarchy: top-level fields, parent fields, and each widget's parent
/// and partial name.
struct FieldTree {
    roots: Vec<FieldNode>,
    groups: Vec<Group>,
    /// Per widget: its parent group and partial name.
    widgets: Vec<(Option<usize>, String)>,
}

/// Splits dotted names into a hierarchy. A name that cannot take part (an empty
/// part, a duplicate, or a name whose prefix is itself a field) stays whole at the
/// top: an odd name in the file, but no lost field.
fn field_tree(widgets: &[Widget], tips: &HashMap<String, String>) -> FieldTree {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for w in widgets {
        *count.entry(w.name.as_str()).or_default() += 1;
    }
    let mut tree = FieldTree {
        roots: Vec::new(),
        groups: Vec::new(),
        widgets: Vec::new(),
    };
    let mut by_path: HashMap<String, usize> = HashMap::new();
    for (index, w) in widgets.iter().enumerate() {
        let parts: Vec<&str> = w.name.split('.').collect();
        let nested = parts.len() > 1
            && parts.iter().all(|p| !p.is_empty())
            && count.get(w.name.as_str()) == Some(&1)
            && (1..parts.len()).all(|k| !count.contains_key(parts[..k].join(".").as_str()));
        if !nested {
            tree.roots.push(FieldNode::Widget(index));
            tree.widgets.push((None, w.name.clone()));
            continue;
        }
        let mut parent: Option<usize> = None;
        for k in 1..parts.len() {
            let path = parts[..k].join(".");
            let group = match by_path.get(&path) {
                Some(&g) => g,
                None => {
                    let g = tree.groups.len();
                    tree.groups.push(Group {
                        partial: parts[k - 1].to_string(),
                        tooltip: tips.get(&path).cloned(),
                        parent,
                        kids: Vec::new(),
                    });
                    match parent {
                        Some(p) => tree.groups[p].kids.push(FieldNode::Group(g)),
                        None => tree.roots.push(FieldNode::Group(g)),
                    }
                    by_path.insert(path, g);
                    g
                }
            };
            parent = Some(group);
        }
        if let Some(p) = parent {
            tree.groups[p].kids.push(FieldNode::Widget(index));
        }
        tree.widgets
            .push((parent, parts[parts.len() - 1].to_string()));
    }
    tree
}

fn write(form: &Form, mut layout: Layout) -> Vec<u8> {
    let mut pdf = Pdf::with_settings(Settings { pretty: false });
    let mut refs = Refs(0);
    let catalog_id = refs.next();
    let page_tree_id = refs.next();
    let info_id = refs.next();
    let helv_id = refs.next();
    let hebo_id = refs.next();
    let zadb_id = refs.next();
    let struct_root_id = refs.next();
    let page_ids: Vec<Ref> = layout.pages.iter().map(|_| refs.next()).collect();
    let content_ids: Vec<Ref> = layout.pages.iter().map(|_| refs.next()).collect();
    let mc_array_ids: Vec<Ref> = layout.pages.iter().map(|_| refs.next()).collect();
    let elem_ids: Vec<Ref> = layout.elems.iter().map(|_| refs.next()).collect();
    let widget_ids: Vec<Ref> = layout.widgets.iter().map(|_| refs.next()).collect();
    // Appearances: a text field has one, a checkbox two (on, off).
    let appearance_ids: Vec<(Ref, Option<Ref>)> = layout
        .widgets
        .iter()
        .map(|w| match w.kind {
            WidgetKind::Check => (refs.next(), Some(refs.next())),
            WidgetKind::Text { .. } => (refs.next(), None),
        })
        .collect();
    let tree = field_tree(&layout.widgets, &layout.group_tips);
    let group_ids: Vec<Ref> = tree.groups.iter().map(|_| refs.next()).collect();
    let node_ref = |node: &FieldNode| match *node {
        FieldNode::Group(g) => group_ids[g],
        FieldNode::Widget(w) => widget_ids[w],
    };

    // The widget of each structure element that holds one.
    let mut widget_elem = vec![DOCUMENT; layout.widgets.len()];
    for (e, elem) in layout.elems.iter().enumerate() {
        for kid in &elem.kids {
            if let Kid::Widget(w) = kid {
                widget_elem[*w] = e;
            }
        }
    }

    // Document catalog, information, fonts.
    {
        let lang = match form.lang {
            Lang::Nb => "nb-NO",
            Lang::Nn => "nn-NO",
        };
        let mut catalog = pdf.catalog(catalog_id);
        catalog.pages(page_tree_id);
        catalog.lang(TextStr(lang));
        catalog.pair(Name(b"StructTreeRoot"), struct_root_id);
        catalog.mark_info().marked(true);
        catalog.viewer_preferences().display_doc_title(true);
        let mut acro = catalog.form();
        acro.fields(tree.roots.iter().map(node_ref));
        acro.pair(Name(b"NeedAppearances"), true);
        acro.default_appearance(Str(TEXT_DA));
        acro.default_resources()
            .fonts()
            .pair(Name(b"Helv"), helv_id)
            .pair(Name(b"ZaDb"), zadb_id);
    }
    pdf.document_info(info_id)
        .title(TextStr(&form.title))
        .producer(TextStr("veiviser"));
    pdf.type1_font(helv_id)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(hebo_id)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(zadb_id).base_font(Name(b"ZapfDingbats"));

    // Pages. Structure parent keys: one per page, then one per widget.
    pdf.pages(page_tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    let page_count = layout.pages.len();
    for (i, page) in layout.pages.iter_mut().enumerate() {
        let content = std::mem::replace(&mut page.content, Content::new())
            .finish()
            .into_vec();
        pdf.stream(content_ids[i], &content);
        let mut p = pdf.page(page_ids[i]);
        p.parent(page_tree_id);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        p.contents(content_ids[i]);
        p.struct_parents(i as i32);
        p.tab_order(TabOrder::StructureOrder);
        p.annotations(page.widgets.iter().map(|&w| widget_ids[w]));
        p.resources()
            .fonts()
            .pair(Font::Regular.resource(), helv_id)
            .pair(Font::Bold.resource(), hebo_id);
    }

    // Fields: parents, then widgets with their appearances.
    for (g, group) in tree.groups.iter().enumerate() {
        let mut field = pdf.form_field(group_ids[g]);
        if let Some(p) = group.parent {
            field.parent(group_ids[p]);
        }
        field.partial_name(TextStr(&group.partial));
        if let Some(tip) = &group.tooltip {
            field.alternate_name(TextStr(tip));
        }
        field.children(group.kids.iter().map(node_ref));
    }
    for (i, w) in layout.widgets.iter().enumerate() {
        let (parent, partial) = &tree.widgets[i];
        write_widget(
            &mut pdf,
            w,
            WidgetRefs {
                id: widget_ids[i],
                parent: parent.map(|p| group_ids[p]),
                partial,
                page: page_ids[w.page],
                struct_parent: (page_count + i) as i32,
                appearance: appearance_ids[i],
                helv: helv_id,
                zadb: zadb_id,
            },
        );
    }

    // Structure tree.
    for (e, elem) in layout.elems.iter().enumerate() {
        let mut s = pdf.struct_element(elem_ids[e]);
        s.kind(elem.role);
        s.parent(elem.parent.map_or(struct_root_id, |p| elem_ids[p]));
        let first_page = elem.kids.iter().find_map(|k| match k {
            Kid::Mc { page, .. } => Some(*page),
            Kid::Widget(w) => Some(layout.widgets[*w].page),
            Kid::Elem(_) => None,
        });
        if let Some(page) = first_page {
            s.page(page_ids[page]);
        }
        let mut kids = s.children();
        for kid in &elem.kids {
            match *kid {
                Kid::Mc { page, mcid } if Some(page) == first_page => {
                    kids.marked_content_id(mcid);
                }
                Kid::Mc { page, mcid } => {
                    kids.marked_content_ref()
                        .page(page_ids[page])
                        .marked_content_id(mcid);
                }
                Kid::Widget(w) => {
                    kids.object_ref()
                        .page(page_ids[layout.widgets[w].page])
                        .object(widget_ids[w]);
                }
                Kid::Elem(c) => {
                    kids.struct_element(elem_ids[c]);
                }
            }
        }
    }
    for (i, page) in layout.pages.iter().enumerate() {
        pdf.indirect(mc_array_ids[i])
            .array()
            .items(page.mc_owners.iter().map(|&e| elem_ids[e]));
    }
    {
        let mut root = pdf.indirect(struct_root_id).start::<StructTreeRoot>();
        root.child(elem_ids[DOCUMENT]);
        {
            let mut tree = root.parent_tree();
            let mut nums = tree.nums();
            for (i, id) in mc_array_ids.iter().enumerate() {
                nums.insert(i as i32, *id);
            }
            for (w, elem) in widget_elem.iter().enumerate() {
                nums.insert((page_count + w) as i32, elem_ids[*elem]);
            }
        }
        root.parent_tree_next_key((page_count + layout.widgets.len()) as i32);
    }

    // A file identifier from the content itself: the same form, the same file.
    let id = content_hash(pdf.as_bytes());
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

struct WidgetRefs<'a> {
    id: Ref,
    parent: Option<Ref>,
    partial: &'a str,
    page: Ref,
    struct_parent: i32,
    appearance: (Ref, Option<Ref>),
    helv: Ref,
    zadb: Ref,
}

fn write_widget(pdf: &mut Pdf, w: &Widget, refs: WidgetRefs) {
    let (width, height) = (w.width(), w.height());
    {
        let mut field = pdf.form_field(refs.id);
        if let Some(parent) = refs.parent {
            field.parent(parent);
        }
        field.partial_name(TextStr(refs.partial));
        field.alternate_name(TextStr(&w.tooltip));
        match w.kind {
            WidgetKind::Text {
                multiline,
                max_len,
                no_spell_check,
            } => {
                field.field_type(FieldType::Text);
                let mut flags = FieldFlags::empty();
                flags.set(FieldFlags::MULTILINE, multiline);
                flags.set(FieldFlags::REQUIRED, w.required);
                flags.set(FieldFlags::DO_NOT_SPELL_CHECK, no_spell_check);
                if !flags.is_empty() {
                    field.field_flags(flags);
                }
                if let Some(max) = max_len {
                    field.text_max_len(max);
                }
                field.vartext_default_appearance(Str(TEXT_DA));
            }
            WidgetKind::Check => {
                field.field_type(FieldType::Button);
                field.checkbox_value(CheckBoxState::Off);
                field.vartext_default_appearance(Str(CHECK_DA));
            }
        }
        let mut annot = field.into_annotation();
        annot.rect(w.rect);
        annot.page(refs.page);
        annot.flags(AnnotationFlags::PRINT);
        annot.struct_parent(refs.struct_parent);
        {
            let mut mk = annot.appearance_characteristics();
            mk.border_color_gray(BORDER_GRAY);
            mk.background_color_gray(1.0);
            if w.kind == WidgetKind::Check {
                mk.normal_caption(TextStr("4"));
            }
        }
        annot.border_style().width(BORDER_W);
        {
            let mut ap = annot.appearance();
            match refs.appearance {
                (on, Some(off)) => {
                    let mut states = ap.normal().streams();
                    states.pair(Name(b"Yes"), on);
                    states.pair(Name(b"Off"), off);
                }
                (normal, None) => ap.normal().stream(normal),
            }
        }
        if w.kind == WidgetKind::Check {
            annot.appearance_state(Name(b"Off"));
        }
    }

    let frame = |content: &mut Content| {
        content
            .set_fill_gray(1.0)
            .rect(0.0, 0.0, width, height)
            .fill_nonzero();
        let inset = BORDER_W / 2.0;
        content
            .set_stroke_gray(BORDER_GRAY)
            .set_line_width(BORDER_W)
            .rect(inset, inset, width - BORDER_W, height - BORDER_W)
            .stroke();
    };
    let bbox = Rect::new(0.0, 0.0, width, height);
    match refs.appearance {
        (on, Some(off)) => {
            let mut content = Content::new();
            frame(&mut content);
            // ZapfDingbats "4" is a check mark, 0.846 em wide.
            let size = height * 0.8;
            content.save_state().set_fill_gray(0.0).begin_text();
            content.set_font(Name(b"ZaDb"), size);
            content.next_line((width - 0.846 * size) / 2.0, (height - 0.7 * size) / 2.0);
            content.show(Str(b"4")).end_text().restore_state();
            let bytes = content.finish().into_vec();
            pdf.form_xobject(on, &bytes)
                .bbox(bbox)
                .resources()
                .fonts()
                .pair(Name(b"ZaDb"), refs.zadb);

            let mut content = Content::new();
            frame(&mut content);
            let bytes = content.finish().into_vec();
            pdf.form_xobject(off, &bytes).bbox(bbox);
        }
        (normal, None) => {
            let mut content = Content::new();
            frame(&mut content);
            content
                .begin_marked_content(Name(b"Tx"))
                .end_marked_content();
            let bytes = content.finish().into_vec();
            pdf.form_xobject(normal, &bytes)
                .bbox(bbox)
                .resources()
                .fonts()
                .pair(Name(b"Helv"), refs.helv);
        }
    }
}

/// 16 bytes from two FNV-1a passes with different seeds: stable, not secret.
fn content_hash(bytes: &[u8]) -> Vec<u8> {
    let fnv = |seed: u64| {
        bytes.iter().fold(seed, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let mut id = fnv(0xcbf2_9ce4_8422_2325).to_be_bytes().to_vec();
    id.extend_from_slice(&fnv(0x8422_2325_cbf2_9ce4).to_be_bytes());
    id
}

// ---------------------------------------------------------------------------------
// Font metrics.

/// Helvetica glyph widths (1/1000 em) for WinAnsi codes 32..=255, from the
/// Adobe Core 14 AFM file; codes WinAnsi leaves undefined are 0 (never emitted).
const HELVETICA_WIDTHS: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0x30
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 0x50
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 0x60
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 0x70
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 0xF0
];
/// Helvetica-Bold glyph widths (1/1000 em) for WinAnsi codes 32..=255, from the
/// Adobe Core 14 AFM file; codes WinAnsi leaves undefined are 0 (never emitted).
const HELVETICA_BOLD_WIDTHS: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0x30
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 0x50
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 0x60
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 0x70
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 0xF0
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FormSection;
    use lopdf::content::Content as PageContent;
    use lopdf::{decode_text_string, Dictionary, Document, Object, ObjectId};

    fn field(id: &str, label: &str, kind: FieldKind) -> FormField {
        FormField {
            id: id.into(),
            label: label.into(),
            help: None,
            required: false,
            kind,
        }
    }

    fn sample(lang: Lang) -> Form {
        let nn = lang == Lang::Nn;
        let mut name = field("navn", "Barnets navn", FieldKind::Text);
        name.required = true;
        let mut fnr = field("fnr", "Fødselsnummer", FieldKind::Fnr);
        fnr.required = true;
        let mut date = field("dato", "Dato for møtet", FieldKind::Date);
        date.help = Some("Skriv datoen møtet ble holdt.".into());
        let mut worry = field(
            "bekymring",
            "Hva er du bekymret for?",
            FieldKind::LongText { lines: 5 },
        );
        worry.help = Some(
            "Beskriv det du har sett og hørt, så konkret som mulig. Skriv ikke mer enn du trenger."
                .into(),
        );
        let mut signature = field(
            "underskrift",
            "Underskrifter",
            FieldKind::Signature {
                signers: vec!["Foresatt 1".into(), "Foresatt 2".into()],
            },
        );
        signature.required = true;
        Form {
            id: "samtykke".into(),
            lang,
            title: if nn { "Samtykke til samarbeid – æøå".into() } else { "Samtykke til samarbeid – ÆØÅ".into() },
            intro: vec![
                "Dette skjemaet brukes når flere tjenester skal samarbeide rundt et barn. Foresatte \
                 må samtykke før opplysninger deles mellom tjenestene, og samtykket kan trekkes tilbake."
                    .into(),
                "Kryss av for de tjenestene som kan samarbeide.".into(),
            ],
            sections: vec![
                FormSection {
                    title: Some("Om barnet".into()),
                    intro: vec![],
                    fields: vec![name, fnr, date, worry],
                },
                FormSection {
                    title: Some("Samtykke".into()),
                    intro: vec!["Les dette før du krysser av.".into()],
                    fields: vec![
                        field("samtykke", "Samtykker foresatte?", FieldKind::YesNo),
                        field(
                            "tjenester",
                            "Hvilke tjenester?",
                            FieldKind::Checkboxes {
                                options: vec!["Skole".into(), "Helsestasjon".into(), "Barnevern".into()],
                                other: Some("Annet".into()),
                            },
                        ),
                        field(
                            "info",
                            "Samtykket kan trekkes tilbake når som helst.\n\nDet gjelder i ett år fra det er gitt.",
                            FieldKind::Fixed,
                        ),
                        field(
                            "tiltak",
                            "Tiltak",
                            FieldKind::Table {
                                columns: vec!["Nr.".into(), "Tiltak".into(), "Ansvarlig".into(), "Frist".into()],
                                rows: 3,
                            },
                        ),
                        signature,
                    ],
                },
            ],
        }
    }

    /// (name, field type, tooltip) of every field of `sample`, in order.
    fn expected(lang: Lang) -> Vec<(String, &'static str, String)> {
        let place = if lang == Lang::Nn { "Stad" } else { "Sted" };
        let mut out: Vec<(String, &'static str, String)> = vec![
            ("navn".into(), "Tx", "Barnets navn".into()),
            ("fnr".into(), "Tx", "Fødselsnummer".into()),
            ("dato".into(), "Tx", "Dato for møtet (dd.mm.åååå)".into()),
            ("bekymring".into(), "Tx", "Hva er du bekymret for?".into()),
            (
                "samtykke.yes".into(),
                "Btn",
                "Samtykker foresatte?: Ja".into(),
            ),
            (
                "samtykke.no".into(),
                "Btn",
                "Samtykker foresatte?: Nei".into(),
            ),
            (
                "tjenester.1".into(),
                "Btn",
                "Hvilke tjenester?: Skole".into(),
            ),
            (
                "tjenester.2".into(),
                "Btn",
                "Hvilke tjenester?: Helsestasjon".into(),
            ),
            (
                "tjenester.3".into(),
                "Btn",
                "Hvilke tjenester?: Barnevern".into(),
            ),
            (
                "tjenester.other".into(),
                "Tx",
                "Hvilke tjenester?: Annet".into(),
            ),
        ];
        for row in 1..=3 {
            for (col, heading) in ["Nr.", "Tiltak", "Ansvarlig", "Frist"].iter().enumerate() {
                out.push((
                    format!("tiltak.r{row}c{}", col + 1),
                    "Tx",
                    format!("{heading} rad {row}"),
                ));
            }
        }
        for n in 1..=2 {
            for (part, word) in [("place", place), ("date", "Dato"), ("name", "Underskrift")] {
                out.push((
                    format!("underskrift.{n}.{part}"),
                    "Tx",
                    format!("Foresatt {n}: {word}"),
                ));
            }
        }
        out
    }

    fn parse(bytes: &[u8]) -> Document {
        Document::load_mem(bytes).expect("lopdf reads the PDF")
    }

    fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
        doc.dereference(obj).expect("reference resolves").1
    }

    fn dict<'a>(doc: &'a Document, obj: &'a Object) -> &'a Dictionary {
        deref(doc, obj).as_dict().expect("a dictionary")
    }

    fn text(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
        d.get(key)
            .ok()
            .map(|o| decode_text_string(deref(doc, o)).expect("a text string"))
    }

    fn acro_form(doc: &Document) -> &Dictionary {
        dict(
            doc,
            doc.catalog()
                .unwrap()
                .get(b"AcroForm")
                .expect("an AcroForm"),
        )
    }

    /// Terminal fields: fully qualified name, object id and field dictionary.
    fn fields(doc: &Document) -> Vec<(String, ObjectId, &Dictionary)> {
        fn walk<'a>(
            doc: &'a Document,
            kids: &'a [Object],
            prefix: &str,
            out: &mut Vec<(String, ObjectId, &'a Dictionary)>,
        ) {
            for kid in kids {
                let id = kid.as_reference().expect("fields are indirect");
                let d = doc.get_dictionary(id).unwrap();
                let partial = text(doc, d, b"T").expect("every field has /T");
                let name = if prefix.is_empty() {
                    partial
                } else {
                    format!("{prefix}.{partial}")
                };
                match d.get(b"Kids") {
                    Ok(kids) => walk(doc, deref(doc, kids).as_array().unwrap(), &name, out),
                    Err(_) => out.push((name, id, d)),
                }
            }
        }
        let mut out = Vec::new();
        let roots = deref(doc, acro_form(doc).get(b"Fields").unwrap())
            .as_array()
            .unwrap();
        walk(doc, roots, "", &mut out);
        out
    }

    fn name<'a>(d: &'a Dictionary, key: &[u8]) -> &'a [u8] {
        d.get(key).and_then(Object::as_name).unwrap_or(b"")
    }

    fn flags(d: &Dictionary) -> i64 {
        d.get(b"Ff").and_then(Object::as_i64).unwrap_or(0)
    }

    fn page_texts(doc: &Document) -> Vec<Vec<u8>> {
        doc.get_pages()
            .values()
            .map(|&id| {
                let content =
                    PageContent::decode(&doc.get_page_content(id)).expect("page content parses");
                let mut out = Vec::new();
                for op in content.operations {
                    if op.operator == "Tj" {
                        for operand in op.operands {
                            out.extend_from_slice(operand.as_str().unwrap());
                        }
                        out.push(b'|');
                    }
                }
                out
            })
            .collect()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

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

    #[test]
    fn widths_follow_the_afm() {
        assert_eq!(Font::Regular.text_width(b"a", 1000.0), 556.0);
        assert_eq!(Font::Bold.text_width(b"i", 1000.0), 278.0);
        assert_eq!(Font::Regular.text_width(&[0xE6], 1000.0), 889.0);
        assert_eq!(Font::Bold.text_width(&[0xF8], 1000.0), 611.0);
        assert_eq!(Font::Regular.text_width(b"\x27", 1000.0), 191.0);
    }

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

    #[test]
    fn fields_have_the_shared_names_types_and_tooltips() {
        for lang in [Lang::Nb, Lang::Nn] {
            let doc = parse(&write_pdf(&sample(lang)));
            let found = fields(&doc);
            let names: Vec<&str> = found.iter().map(|(n, _, _)| n.as_str()).collect();
            let expected = expected(lang);
            let expected_names: Vec<&str> = expected.iter().map(|(n, _, _)| n.as_str()).collect();
            assert_eq!(names, expected_names);
            for ((field, _, d), (_, ft, tooltip)) in found.iter().zip(&expected) {
                assert_eq!(name(d, b"FT"), ft.as_bytes(), "/FT of {field}");
                assert_eq!(
                    text(&doc, d, b"TU").as_deref(),
                    Some(tooltip.as_str()),
                    "/TU of {field}"
                );
                assert_eq!(name(d, b"Subtype"), b"Widget", "{field} is a widget");
                assert!(d.get(b"AP").is_ok(), "{field} has an appearance");
                assert!(d.get(b"Rect").is_ok(), "{field} has a box");
                if *ft == "Tx" {
                    assert!(
                        text(&doc, d, b"DA").unwrap().contains("/Helv 10 Tf"),
                        "/DA of {field}"
                    );
                }
            }
            let by_name = |n: &str| found.iter().find(|(name, _, _)| name == n).unwrap().2;
            assert_eq!(
                flags(by_name("bekymring")) & 4096,
                4096,
                "long text is multi-line"
            );
            assert_eq!(flags(by_name("navn")) & 4096, 0, "short text is one line");
            assert_eq!(flags(by_name("navn")) & 2, 2, "required");
            assert_eq!(flags(by_name("dato")) & 2, 0, "not required");
            assert_eq!(by_name("fnr").get(b"MaxLen").unwrap().as_i64().unwrap(), 11);
            assert!(by_name("navn").get(b"MaxLen").is_err());

            // Checkboxes: on and off appearances, off to begin with.
            let check = by_name("tjenester.2");
            let ap = dict(&doc, check.get(b"AP").unwrap());
            let normal = dict(&doc, ap.get(b"N").unwrap());
            assert!(normal.get(b"Yes").is_ok() && normal.get(b"Off").is_ok());
            assert_eq!(name(check, b"AS"), b"Off");
            assert_eq!(name(check, b"V"), b"Off");

            // Parent fields name the group.
            let roots = deref(&doc, acro_form(&doc).get(b"Fields").unwrap())
                .as_array()
                .unwrap();
            let group = roots
                .iter()
                .map(|r| dict(&doc, r))
                .find(|d| text(&doc, d, b"T").as_deref() == Some("tjenester"))
                .unwrap();
            assert_eq!(
                text(&doc, group, b"TU").as_deref(),
                Some("Hvilke tjenester?")
            );
        }
    }

    #[test]
    fn acro_form_needs_appearances_and_has_fonts() {
        let doc = parse(&write_pdf(&sample(Lang::Nb)));
        let acro = acro_form(&doc);
        assert!(acro.get(b"NeedAppearances").unwrap().as_bool().unwrap());
        let dr = dict(&doc, acro.get(b"DR").unwrap());
        let fonts = dict(&doc, dr.get(b"Font").unwrap());
        assert_eq!(
            name(dict(&doc, fonts.get(b"Helv").unwrap()), b"BaseFont"),
            b"Helvetica"
        );
        assert_eq!(
            name(dict(&doc, fonts.get(b"ZaDb").unwrap()), b"BaseFont"),
            b"ZapfDingbats"
        );
        assert_eq!(
            name(dict(&doc, fonts.get(b"Helv").unwrap()), b"Encoding"),
            b"WinAnsiEncoding"
        );
    }

    #[test]
    fn document_is_tagged_with_language_and_title() {
        for (lang, code) in [(Lang::Nb, "nb-NO"), (Lang::Nn, "nn-NO")] {
            let form = sample(lang);
            let bytes = write_pdf(&form);
            let doc = parse(&bytes);
            let catalog = doc.catalog().unwrap();
            assert_eq!(text(&doc, catalog, b"Lang").as_deref(), Some(code));
            let mark = dict(&doc, catalog.get(b"MarkInfo").unwrap());
            assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
            let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
            assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
            let root = dict(&doc, catalog.get(b"StructTreeRoot").unwrap());
            assert_eq!(name(root, b"Type"), b"StructTreeRoot");

            let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
            assert_eq!(
                text(&doc, info, b"Title").as_deref(),
                Some(form.title.as_str())
            );
            // Non-ASCII title: UTF-16BE with a byte order mark.
            assert!(deref(&doc, info.get(b"Title").unwrap())
                .as_str()
                .unwrap()
                .starts_with(&[0xFE, 0xFF]));
            assert!(info.get(b"CreationDate").is_err() && info.get(b"ModDate").is_err());
            assert!(!contains(&bytes, b"CreationDate") && !contains(&bytes, b"ModDate"));

            for (_, &page) in doc.get_pages().iter() {
                let page = doc.get_dictionary(page).unwrap();
                assert_eq!(name(page, b"Tabs"), b"S");
                let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
                assert!((media[2].as_float().unwrap() - 595.276).abs() < 0.01);
                assert!((media[3].as_float().unwrap() - 841.89).abs() < 0.01);
            }
        }
    }

    /// The roles of a structure element's element kids.
    fn kid_roles(doc: &Document, elem: &Dictionary) -> Vec<Vec<u8>> {
        let kids = match elem.get(b"K") {
            Ok(k) => match deref(doc, k) {
                Object::Array(a) => a.clone(),
                other => vec![other.clone()],
            },
            Err(_) => Vec::new(),
        };
        kids.iter()
            .filter_map(|k| k.as_reference().ok())
            .filter_map(|id| doc.get_dictionary(id).ok())
            .filter(|d| d.get(b"S").is_ok())
            .map(|d| name(d, b"S").to_vec())
            .collect()
    }

    #[test]
    fn structure_tree_holds_headings_paragraphs_and_every_widget() {
        let doc = parse(&write_pdf(&sample(Lang::Nb)));
        let catalog = doc.catalog().unwrap();
        let root = dict(&doc, catalog.get(b"StructTreeRoot").unwrap());
        let document = dict(&doc, root.get(b"K").unwrap());
        assert_eq!(name(document, b"S"), b"Document");
        let roles = kid_roles(&doc, document);
        assert_eq!(roles.first().map(Vec::as_slice), Some(&b"H1"[..]));
        for role in [&b"P"[..], b"H2", b"Form", b"Table"] {
            assert!(
                roles.iter().any(|r| r == role),
                "Document holds {}",
                String::from_utf8_lossy(role)
            );
        }
        assert_eq!(roles.iter().filter(|r| r.as_slice() == b"H2").count(), 2);

        // Every widget's /StructParent leads, through the parent tree, to a Form
        // element whose object reference is that widget.
        let tree = dict(&doc, root.get(b"ParentTree").unwrap());
        let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
        let lookup = |key: i64| {
            nums.chunks(2)
                .find(|pair| pair[0].as_i64().unwrap() == key)
                .map(|pair| pair[1].clone())
                .unwrap()
        };
        let found = fields(&doc);
        assert!(!found.is_empty());
        for (field_name, id, widget) in found {
            let key = widget.get(b"StructParent").unwrap().as_i64().unwrap();
            let elem = doc
                .get_dictionary(lookup(key).as_reference().unwrap())
                .unwrap();
            assert_eq!(name(elem, b"S"), b"Form", "{field_name}");
            let kids = match deref(&doc, elem.get(b"K").unwrap()) {
                Object::Array(a) => a.clone(),
                other => vec![other.clone()],
            };
            let objr = kids
                .iter()
                .filter_map(|k| k.as_dict().ok())
                .find(|d| name(d, b"Type") == b"OBJR")
                .unwrap_or_else(|| panic!("{field_name} has an OBJR"));
            assert_eq!(objr.get(b"Obj").unwrap().as_reference().unwrap(), id);
        }

        // Page content is marked: BDC with MCIDs, and as many EMC as BDC/BMC.
        for (_, &page) in doc.get_pages().iter() {
            let ops = PageContent::decode(&doc.get_page_content(page))
                .unwrap()
                .operations;
            let open = ops
                .iter()
                .filter(|o| o.operator == "BDC" || o.operator == "BMC")
                .count();
            let close = ops.iter().filter(|o| o.operator == "EMC").count();
            assert!(open > 0);
            assert_eq!(open, close);
        }
    }

    #[test]
    fn same_form_gives_the_same_bytes() {
        let form = sample(Lang::Nb);
        let a = write_pdf(&form);
        let b = write_pdf(&form);
        assert!(a.starts_with(b"%PDF-1.7"));
        assert_eq!(a, b);
        let mut other = form.clone();
        other.title.push('!');
        assert_ne!(a, write_pdf(&other));
    }

    #[test]
    fn page_text_is_win_ansi_with_page_numbers() {
        let doc = parse(&write_pdf(&sample(Lang::Nb)));
        let pages = page_texts(&doc);
        let count = pages.len();
        assert!(count >= 1);
        let all: Vec<u8> = pages.concat();
        assert!(contains(&all, &win_ansi("Samtykke til samarbeid – ÆØÅ")));
        assert!(contains(&all, &win_ansi("Fødselsnummer")));
        assert!(contains(&all, &win_ansi(" (må fylles ut)")));
        assert!(contains(&all, &win_ansi("Nr.")));
        for (i, page) in pages.iter().enumerate() {
            assert!(contains(
                page,
                format!("Side {} av {count}", i + 1).as_bytes()
            ));
        }
    }

    fn hostile_text() -> String {
        "Navn) (ukjent \\ </text:p><script>alert(1)</script> 😀👩\u{200D}👧 مرحبا שלום (".into()
    }

    #[test]
    fn hostile_labels_cannot_break_the_file() {
        let evil = hostile_text();
        let mut form = sample(Lang::Nb);
        form.title = evil.clone();
        form.intro.push(evil.clone());
        form.sections[0].title = Some(evil.clone());
        form.sections[0].fields[0].label = evil.clone();
        form.sections[0].fields[0].help = Some(evil.clone());
        form.sections[1].fields[1].kind = FieldKind::Checkboxes {
            options: vec![evil.clone()],
            other: Some(evil.clone()),
        };
        form.sections[1].fields[3].kind = FieldKind::Table {
            columns: vec![evil.clone()],
            rows: 1,
        };
        form.sections[1].fields[4].kind = FieldKind::Signature {
            signers: vec![evil.clone()],
        };
        let doc = parse(&write_pdf(&form));

        let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
        assert_eq!(text(&doc, info, b"Title").as_deref(), Some(evil.as_str()));
        let found = fields(&doc);
        let tooltip = |n: &str| {
            let d = found
                .iter()
                .find(|(name, _, _)| name == n)
                .unwrap_or_else(|| panic!("{n}"))
                .2;
            text(&doc, d, b"TU").unwrap()
        };
        assert_eq!(tooltip("navn"), evil);
        assert_eq!(tooltip("tjenester.1"), format!("Hvilke tjenester?: {evil}"));
        assert_eq!(
            tooltip("tjenester.other"),
            format!("Hvilke tjenester?: {evil}")
        );
        assert_eq!(tooltip("tiltak.r1c1"), format!("{evil} rad 1"));
        assert_eq!(tooltip("underskrift.1.date"), format!("{evil}: Dato"));

        // On the page the label is the WinAnsi text: parentheses and backslash
        // intact, what WinAnsi lacks as `?`.
        let all = page_texts(&doc).concat();
        assert!(contains(
            &all,
            b"Navn) (ukjent \\ </text:p><script>alert(1)</script>"
        ));
        assert!(contains(&all, b"??? ????? ???? ("));
    }

    #[test]
    fn empty_form_is_one_valid_page() {
        let form = Form {
            id: String::new(),
            lang: Lang::Nn,
            title: String::new(),
            intro: vec![],
            sections: vec![],
        };
        let bytes = write_pdf(&form);
        let doc = parse(&bytes);
        assert_eq!(doc.get_pages().len(), 1);
        assert!(fields(&doc).is_empty());
        assert_eq!(bytes, write_pdf(&form));
    }

    #[test]
    fn odd_fields_do_not_panic() {
        let long_word = "Ø".repeat(3000);
        let long_label = "Dette er en svært lang ledetekst. ".repeat(300);
        let form = Form {
            id: "rart".into(),
            lang: Lang::Nb,
            title: long_word.clone(),
            intro: vec![long_label.clone(), String::new(), "\n\n\n".into()],
            sections: vec![
                FormSection {
                    title: None,
                    intro: vec![],
                    fields: vec![],
                },
                FormSection {
                    title: Some(long_label.clone()),
                    intro: vec![],
                    fields: vec![
                        field(
                            "a",
                            "",
                            FieldKind::Table {
                                columns: vec![],
                                rows: 5,
                            },
                        ),
                        field(
                            "b",
                            "Ingen rader",
                            FieldKind::Table {
                                columns: vec!["Nr.".into(), "Navn".into()],
                                rows: 0,
                            },
                        ),
                        field(
                            "c",
                            "Mange kolonner",
                            FieldKind::Table {
                                columns: (1..=40).map(|i| format!("Kolonne {i}")).collect(),
                                rows: 2,
                            },
                        ),
                        field(
                            "d",
                            &long_word,
                            FieldKind::Table {
                                columns: vec![long_word.clone()],
                                rows: 2,
                            },
                        ),
                        field("e", &long_label, FieldKind::LongText { lines: 100_000 }),
                        field("f", "Null linjer", FieldKind::LongText { lines: 0 }),
                        field(
                            "g",
                            &long_word,
                            FieldKind::Checkboxes {
                                options: vec![long_label.clone(), String::new()],
                                other: Some(long_word.clone()),
                            },
                        ),
                        field(
                            "h",
                            "",
                            FieldKind::Checkboxes {
                                options: vec![],
                                other: None,
                            },
                        ),
                        field("i", "Ingen", FieldKind::Signature { signers: vec![] }),
                        field(
                            "j",
                            "Tom",
                            FieldKind::Signature {
                                signers: vec![String::new()],
                            },
                        ),
                        field("", "", FieldKind::Text),
                        field("k..", "Rare navn", FieldKind::Text),
                        field("k", "Samme prefiks", FieldKind::YesNo),
                        field("k.yes", "Kolliderer", FieldKind::Text),
                        field("x", &long_label, FieldKind::Fixed),
                        field("y", "", FieldKind::Fixed),
                        field(
                            "z",
                            "Stor tabell",
                            FieldKind::Table {
                                columns: vec!["Nr.".into(), "Tiltak".into()],
                                rows: u32::MAX,
                            },
                        ),
                    ],
                },
            ],
        };
        let bytes = write_pdf(&form);
        let doc = parse(&bytes);
        assert!(doc.get_pages().len() > 5);
        let found = fields(&doc);
        assert!(found.iter().any(|(n, _, _)| n == "c.r2c40"));
        assert!(found.iter().any(|(n, _, _)| n == "z.r1000c2"));
        assert!(!found.iter().any(|(n, _, _)| n.starts_with("a.")));
        // Colliding names stay whole rather than vanish.
        assert_eq!(found.iter().filter(|(n, _, _)| n == "k.yes").count(), 2);
        assert!(found.iter().any(|(n, _, _)| n == "k.."));
        page_texts(&doc);
    }

    #[test]
    fn two_hundred_fields_flow_over_pages() {
        let kinds = [
            FieldKind::Text,
            FieldKind::LongText { lines: 3 },
            FieldKind::Date,
            FieldKind::Fnr,
            FieldKind::YesNo,
            FieldKind::Checkboxes {
                options: vec!["En".into(), "To".into()],
                other: Some("Annet".into()),
            },
            FieldKind::Table {
                columns: vec!["Nr.".into(), "Hva".into()],
                rows: 2,
            },
            FieldKind::Signature {
                signers: vec!["Leder".into()],
            },
        ];
        let fields_in: Vec<FormField> = (0..200)
            .map(|i| {
                field(
                    &format!("f{i}"),
                    &format!("Felt nummer {i} med æøå"),
                    kinds[i % kinds.len()].clone(),
                )
            })
            .collect();
        let form = Form {
            id: "stort".into(),
            lang: Lang::Nb,
            title: "Stort skjema".into(),
            intro: vec![],
            sections: vec![FormSection {
                title: Some("Alt".into()),
                intro: vec![],
                fields: fields_in,
            }],
        };
        let doc = parse(&write_pdf(&form));
        let pages = doc.get_pages();
        assert!(pages.len() > 10);
        // 25 of each kind: widgets per kind 1+1+1+1+2+3+4+3.
        assert_eq!(fields(&doc).len(), 25 * 16);
        // No widget leaves the page or crosses the margins.
        for (_, id, widget) in fields(&doc) {
            let rect: Vec<f32> = widget
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect();
            assert!(
                rect[0] >= LEFT - 0.01 && rect[2] <= RIGHT + 0.01,
                "{id:?} {rect:?}"
            );
            assert!(
                rect[1] >= BOTTOM - 0.01 && rect[3] <= TOP + 0.01,
                "{id:?} {rect:?}"
            );
        }
        let texts = page_texts(&doc);
        assert!(contains(
            &texts[texts.len() - 1],
            format!("Side {} av {}", texts.len(), texts.len()).as_bytes()
        ));
    }

    #[test]
    fn long_table_repeats_its_heading_on_the_next_page() {
        let form = Form {
            id: "t".into(),
            lang: Lang::Nb,
            title: "Tabell".into(),
            intro: vec![],
            sections: vec![FormSection {
                title: None,
                intro: vec![],
                fields: vec![field(
                    "plan",
                    "Plan",
                    FieldKind::Table {
                        columns: vec!["Nr.".into(), "Tiltak".into(), "Ansvarlig".into()],
                        rows: 60,
                    },
                )],
            }],
        };
        let doc = parse(&write_pdf(&form));
        let texts = page_texts(&doc);
        assert!(texts.len() >= 2);
        for page in &texts {
            assert!(contains(page, b"Ansvarlig"), "heading on every page");
        }
        let found = fields(&doc);
        let page_of = |n: &str| {
            found
                .iter()
                .find(|(name, _, _)| name == n)
                .unwrap()
                .2
                .get(b"P")
                .unwrap()
                .as_reference()
                .unwrap()
        };
        assert_ne!(page_of("plan.r1c1"), page_of("plan.r60c1"));
        // Narrow "Nr." column, the others share the rest.
        let widths = column_widths(&["Nr.".into(), "Tiltak".into(), "Ansvarlig".into()]);
        assert!(
            widths[0] < 60.0 && widths[1] > 100.0 && widths[2] > 100.0,
            "{widths:?}"
        );
        assert!((widths.iter().sum::<f32>() - WIDTH).abs() < 0.01);
    }

    #[test]
    #[ignore = "writes form-sample.pdf in the temp folder, to look at"]
    fn write_sample() {
        let dir = std::env::temp_dir();
        std::fs::write(dir.join("form-sample.pdf"), write_pdf(&sample(Lang::Nb))).unwrap();
        std::fs::write(dir.join("form-sample-nn.pdf"), write_pdf(&sample(Lang::Nn))).unwrap();
        let evil = hostile_text();
        let mut form = sample(Lang::Nb);
        form.title = evil.clone();
        form.sections[0].fields[0].label = evil.clone();
        form.sections[1].fields[3].kind = FieldKind::Table {
            columns: vec!["Nr.".into(), evil],
            rows: 40,
        };
        std::fs::write(dir.join("form-hostile.pdf"), write_pdf(&form)).unwrap();
    }
}
