//! Colours as the terminal can show them.
//!
//! crossterm writes every colour as a 256-colour code (`38;5;N`), which a
//! terminal of 8 or 16 colours does not understand. The reader's backend
//! writes the attributes and colours of each cell itself instead, in the
//! codes the terminal has: the eight (or sixteen) standard colours, the
//! 256-colour palette, or 24-bit colour. How many colours there are comes
//! from `COLORTERM`, then the terminal's terminfo entry, then its name.

use std::fmt::Write as _;
use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::Print;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier, Style};

/// How many colours a terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    /// None: attributes only (bold, underline, reverse video).
    Mono,
    /// The eight standard colours.
    Eight,
    /// The eight standard colours and their bright forms.
    Sixteen,
    /// The 256-colour palette.
    Palette,
    /// Any colour (24-bit).
    True,
}

impl Depth {
    /// The depth of a terminal whose terminfo entry says it has `colors`.
    fn from_count(colors: i32) -> Depth {
        match colors {
            c if c >= 1 << 24 => Depth::True,
            c if c >= 256 => Depth::Palette,
            c if c >= 16 => Depth::Sixteen,
            c if c >= 8 => Depth::Eight,
            _ => Depth::Mono,
        }
    }

    /// The depth of the terminal this process runs in.
    pub fn detect() -> Depth {
        let term = std::env::var("TERM").ok();
        let colorterm = std::env::var("COLORTERM").ok();
        let terminfo = term
            .as_deref()
            .and_then(|t| termini::TermInfo::from_name(t).ok())
            .map(|info| info.number_cap(termini::NumberCapability::MaxColors));
        Depth::from_env(term.as_deref(), colorterm.as_deref(), terminfo)
    }

    /// The depth told by `TERM`, `COLORTERM` and the terminal's terminfo
    /// entry (`Some(colours)` when there is one; `Some(None)` when it names
    /// no colours).
    pub fn from_env(
        term: Option<&str>,
        colorterm: Option<&str>,
        terminfo: Option<Option<i32>>,
    ) -> Depth {
        if matches!(colorterm, Some("truecolor" | "24bit")) {
            return Depth::True;
        }
        match (term, terminfo) {
            (None | Some("" | "dumb"), _) => Depth::Mono,
            (_, Some(Some(colors))) => Depth::from_count(colors),
            (_, Some(None)) => Depth::Mono,
            // No terminfo entry: go by the name.
            (Some(t), None) if t.contains("256color") => Depth::Palette,
            (Some(t), None) if t.contains("16color") => Depth::Sixteen,
            (Some(_), None) => Depth::Eight,
        }
    }
}

/// The standard colour (0–15) nearest to a colour, and whether it is one
/// of the bright ones (8–15).
fn standard(color: Color) -> Option<u8> {
    Some(match color {
        Color::Reset => return None,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(n) if n < 16 => n,
        Color::Indexed(n) => {
            let (r, g, b) = palette_rgb(n);
            nearest_standard(r, g, b)
        }
        Color::Rgb(r, g, b) => nearest_standard(r, g, b),
    })
}

/// The standard colours as most terminals show them (xterm's).
const STANDARD_RGB: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

fn distance((r, g, b): (u8, u8, u8), (x, y, z): (u8, u8, u8)) -> u32 {
    let d = |a: u8, b: u8| u32::from(a.abs_diff(b)).pow(2);
    d(r, x) + d(g, y) + d(b, z)
}

fn nearest_standard(r: u8, g: u8, b: u8) -> u8 {
    (0..16u8)
        .min_by_key(|&i| distance((r, g, b), STANDARD_RGB[usize::from(i)]))
        .unwrap_or(7)
}

/// The colour of entry `n` of the 256-colour palette.
fn palette_rgb(n: u8) -> (u8, u8, u8) {
    match n {
        0..=15 => STANDARD_RGB[usize::from(n)],
        16..=231 => {
            let k = n - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (level(k / 36), level(k / 6 % 6), level(k % 6))
        }
        _ => {
            let v = 8 + (n - 232) * 10;
            (v, v, v)
        }
    }
}

/// The entry of the 256-colour palette nearest to a colour.
fn nearest_palette(r: u8, g: u8, b: u8) -> u8 {
    (16..=255u8)
        .min_by_key(|&i| distance((r, g, b), palette_rgb(i)))
        .unwrap_or(7)
}

/// Appends the SGR parameters of a foreground (`base` 30) or background
/// (`base` 40) colour at a depth.
fn push_color(out: &mut String, color: Color, base: u8, depth: Depth) {
    let Some(std) = standard(color) else {
        return;
    };
    match (color, depth) {
        (_, Depth::Mono) => {}
        (Color::Rgb(r, g, b), Depth::True) => {
            let _ = write!(out, ";{};2;{r};{g};{b}", base + 8);
        }
        (Color::Rgb(r, g, b), Depth::Palette) => {
            let _ = write!(out, ";{};5;{}", base + 8, nearest_palette(r, g, b));
        }
        (Color::Indexed(n), Depth::Palette | Depth::True) if n >= 16 => {
            let _ = write!(out, ";{};5;{n}", base + 8);
        }
        // Eight colours: the bright ones become their plain forms.
        (_, Depth::Eight) => {
            let _ = write!(out, ";{}", base + std % 8);
        }
        _ if std < 8 => {
            let _ = write!(out, ";{}", base + std);
        }
        _ => {
            let _ = write!(out, ";{}", base + 60 + std - 8);
        }
    }
}

/// The SGR sequence that sets a style from scratch at a depth: attributes
/// reset, then set, then the colours.
pub fn sgr(style: Style, depth: Depth) -> String {
    let mut out = String::from("\x1b[0");
    let m = style.add_modifier - style.sub_modifier;
    for (flag, code) in [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::SLOW_BLINK, 5),
        (Modifier::RAPID_BLINK, 6),
        (Modifier::REVERSED, 7),
        (Modifier::HIDDEN, 8),
        (Modifier::CROSSED_OUT, 9),
    ] {
        if m.contains(flag) {
            let _ = write!(out, ";{code}");
        }
    }
    if let Some(fg) = style.fg {
        push_color(&mut out, fg, 30, depth);
    }
    if let Some(bg) = style.bg {
        push_color(&mut out, bg, 40, depth);
    }
    out.push('m');
    out
}

/// The reader's backend: crossterm's, but for attributes and colours,
/// which it writes in the codes the terminal has.
pub struct PaletteBackend {
    inner: CrosstermBackend<io::Stdout>,
    depth: Depth,
}

impl PaletteBackend {
    /// A backend on standard output for a terminal of `depth`.
    pub fn new(depth: Depth) -> PaletteBackend {
        PaletteBackend {
            inner: CrosstermBackend::new(io::stdout()),
            depth,
        }
    }
}

impl Write for PaletteBackend {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl Backend for PaletteBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut style: Option<(Color, Color, Modifier)> = None;
        let mut last: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            // Move the cursor unless the cell is just right of the last.
            if !matches!(last, Some((lx, ly)) if x == lx.saturating_add(1) && y == ly) {
                queue!(self.inner, MoveTo(x, y))?;
            }
            last = Some((x, y));
            let now = (cell.fg, cell.bg, cell.modifier);
            if style != Some(now) {
                let s = Style::new()
                    .fg(cell.fg)
                    .bg(cell.bg)
                    .add_modifier(cell.modifier);
                queue!(self.inner, Print(sgr(s, self.depth)))?;
                style = Some(now);
            }
            queue!(self.inner, Print(cell.symbol()))?;
        }
        queue!(self.inner, Print("\x1b[0m"))
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_depth_comes_from_colorterm_then_terminfo_then_the_name() {
        let d = Depth::from_env;
        assert_eq!(
            d(Some("xterm"), Some("truecolor"), Some(Some(8))),
            Depth::True
        );
        assert_eq!(d(Some("xterm"), None, Some(Some(8))), Depth::Eight);
        assert_eq!(
            d(Some("xterm-256color"), None, Some(Some(256))),
            Depth::Palette
        );
        assert_eq!(
            d(Some("xterm-direct"), None, Some(Some(1 << 24))),
            Depth::True
        );
        assert_eq!(d(Some("vt100"), None, Some(None)), Depth::Mono);
        assert_eq!(d(Some("dumb"), None, None), Depth::Mono);
        assert_eq!(d(None, None, None), Depth::Mono);
        assert_eq!(d(Some("foo-256color"), None, None), Depth::Palette);
        assert_eq!(d(Some("foo"), None, None), Depth::Eight);
    }

    #[test]
    fn colours_are_written_in_the_codes_the_terminal_has() {
        let s = |fg, depth| sgr(Style::new().fg(fg).bg(Color::DarkGray), depth);
        assert_eq!(s(Color::LightYellow, Depth::Eight), "\x1b[0;33;40m");
        assert_eq!(s(Color::LightYellow, Depth::Sixteen), "\x1b[0;93;100m");
        assert_eq!(s(Color::Red, Depth::Palette), "\x1b[0;31;100m");
        assert_eq!(
            s(Color::Rgb(255, 136, 0), Depth::True),
            "\x1b[0;38;2;255;136;0;100m"
        );
        assert_eq!(
            s(Color::Rgb(255, 136, 0), Depth::Palette),
            "\x1b[0;38;5;208;100m"
        );
        assert_eq!(s(Color::Rgb(255, 136, 0), Depth::Eight), "\x1b[0;33;40m");
        assert_eq!(s(Color::Indexed(196), Depth::Sixteen), "\x1b[0;91;100m");
        assert_eq!(s(Color::Cyan, Depth::Mono), "\x1b[0m");
        let bold = sgr(
            Style::new()
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
                .fg(Color::Reset),
            Depth::Eight,
        );
        assert_eq!(bold, "\x1b[0;1;7m");
        // No 256-colour code below 256 colours.
        for depth in [Depth::Mono, Depth::Eight, Depth::Sixteen] {
            for n in 0..=255u8 {
                let code = sgr(
                    Style::new().fg(Color::Indexed(n)).bg(Color::Indexed(n)),
                    depth,
                );
                assert!(!code.contains(";5;") && !code.contains(";2;"), "{code}");
            }
        }
    }
}
