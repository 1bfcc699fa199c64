//! Where things are on a screen of a given size.

/// Rows above the body: title line, subtitle line, tab bar.
pub const HEADER_ROWS: u16 = 3;
/// Rows below the body: the status line.
pub const FOOTER_ROWS: u16 = 1;
/// Below this size the reader shows a notice instead of a layout.
pub const MIN_WIDTH: u16 = 20;
/// Below this size the reader shows a notice instead of a layout.
pub const MIN_HEIGHT: u16 = 5;
/// Lines one wheel notch scrolls.
pub const WHEEL_LINES: usize = 3;

/// The parts of a screen the reader lays out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Rows of the body (text) area.
    pub body_height: usize,
    /// Columns the text is wrapped to.
    pub text_width: usize,
    /// The screen is too small to lay anything out.
    pub too_small: bool,
}

impl Geometry {
    /// The geometry of a screen `w`×`h` with text capped at `max_width`.
    pub fn new(w: u16, h: u16, max_width: usize) -> Geometry {
        let too_small = w < MIN_WIDTH || h < MIN_HEIGHT;
        // One column of margin on the left, one for the scrollbar, one gap.
        let text_width = usize::from(w)
            .saturating_sub(3)
            .min(max_width.max(1))
            .max(1);
        let body_height = usize::from(h.saturating_sub(HEADER_ROWS + FOOTER_ROWS)).max(1);
        Geometry {
            body_height,
            text_width,
            too_small,
        }
    }
}
