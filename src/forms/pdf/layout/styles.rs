//! Text styles: the font, size, leading and gray of each kind of text on the page,
//! from the title down to the footer.

use crate::forms::pdf::fonts::Font;

/// How a kind of text is set. `leading` is the height of its line box.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub(super) font: Font,
    pub(super) size: f32,
    pub(super) leading: f32,
    pub(super) gray: f32,
}

impl Style {
    /// The baseline of a line whose line box starts at `top`: the glyphs (capitals
    /// 1493 and descenders 483 of 2048 units in DejaVu Sans) sit in the middle of
    /// the line box.
    pub(super) fn baseline(self, top: f32) -> f32 {
        top - (self.leading - 0.965 * self.size) / 2.0 - 0.729 * self.size
    }
}

pub(super) const TITLE: Style = Style {
    font: Font::Bold,
    size: 18.0,
    leading: 23.0,
    gray: 0.0,
};
pub(super) const NOTE: Style = Style {
    font: Font::Regular,
    size: 9.0,
    leading: 12.0,
    gray: 0.35,
};
pub(super) const BODY: Style = Style {
    font: Font::Regular,
    size: 10.5,
    leading: 14.0,
    gray: 0.0,
};
pub(super) const SECTION: Style = Style {
    font: Font::Bold,
    size: 13.0,
    leading: 17.0,
    gray: 0.0,
};
pub(super) const LABEL: Style = Style {
    font: Font::Bold,
    size: 10.0,
    leading: 13.0,
    gray: 0.0,
};
pub(super) const HELP: Style = Style {
    font: Font::Regular,
    size: 8.5,
    leading: 11.0,
    gray: 0.3,
};
pub(super) const OPTION: Style = Style {
    font: Font::Regular,
    size: 10.0,
    leading: 13.0,
    gray: 0.0,
};
pub(super) const PART: Style = Style {
    font: Font::Regular,
    size: 8.5,
    leading: 11.0,
    gray: 0.25,
};
pub(super) const HEADING: Style = Style {
    font: Font::Bold,
    size: 9.0,
    leading: 11.0,
    gray: 0.0,
};
pub(super) const FOOTER: Style = Style {
    font: Font::Regular,
    size: 8.0,
    leading: 10.0,
    gray: 0.35,
};
