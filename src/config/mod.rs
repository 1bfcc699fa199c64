//! The configuration: where it is found, what it holds, and its defaults.

pub mod action;
pub mod file;
pub mod keymap;
pub mod keys;
pub mod print;
pub mod theme;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::briefing::{Diagnostic, LoadOptions, Report};

use keymap::KeyMap;
pub use theme::Theme;

/// The effective settings of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file the settings came from; `None` for built-in defaults.
    pub file: Option<PathBuf>,
    /// Folder of briefings opened when no path is given.
    pub briefings_dir: PathBuf,
    /// Folder the reader's exports go to.
    pub export_dir: PathBuf,
    /// Wrap width of `brief export` (0: no wrapping).
    pub export_width: usize,
    /// What the reader's export keys write, and `brief export` without
    /// `--format`.
    pub export_format: crate::export::Format,
    /// Widest the reader lets text run, in columns.
    pub max_width: usize,
    /// Colours.
    pub theme: Theme,
    /// Capture the mouse (wheel, clicks) or leave it to the terminal for selecting text.
    pub mouse: bool,
    /// Show the generated tabs (timeline, who's who, sources) after the sections.
    pub generated_tabs: bool,
    /// Key bindings.
    pub keys: KeyMap,
    /// The most the search index cache may hold, in megabytes (10⁶ bytes);
    /// 0 keeps no index on disk.
    pub cache_max_mb: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            briefings_dir: PathBuf::from("briefings"),
            export_dir: PathBuf::from("exports"),
            export_width: 80,
            export_format: crate::export::Format::Text,
            max_width: 100,
            theme: Theme::default(),
            mouse: true,
            generated_tabs: true,
            keys: KeyMap::default(),
            cache_max_mb: DEFAULT_CACHE_MAX_MB,
        }
    }
}

/// The default bound of the index cache, in megabytes: room for the index
/// of a library of about 40,000 briefings of 25 KB.
pub const DEFAULT_CACHE_MAX_MB: u64 = 1000;

/// The largest `[cache] max_mb` taken: a million megabytes, a terabyte.
pub const MAX_CACHE_MB: u64 = 1_000_000;

impl Config {
    /// The built-in defaults, with the theme `NO_COLOR` asks for.
    pub fn defaults(no_color: bool) -> Config {
        let name = theme::resolve_name(None, no_color);
        Config {
            theme: Theme::by_name(name).unwrap_or_default(),
            ..Config::default()
        }
    }

    /// The plain letters bound to commands, with the name of the action that
    /// owns each: a briefing section's own `key` must not be one of these.
    pub fn reserved_keys(&self) -> Vec<(char, String)> {
        self.keys
            .reserved_letters()
            .into_iter()
            .map(|(c, action)| (c, action.name().to_string()))
            .collect()
    }

    /// What the loader needs from the configuration: the letters the reader
    /// binds, so that a section's own `key` cannot shadow a command.
    ///
    /// Every command and the reader's reload load with these, so a briefing
    /// that loads in one place loads in all of them.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            reserved_keys: self.reserved_keys(),
        }
    }

    /// What the library's index needs from the configuration: how
    /// briefings load, and how much the cache may hold (`max_mb = 0`: no
    /// index on disk, one in memory for each run).
    pub fn index_settings(&self) -> crate::library::index::Settings {
        let mut settings = crate::library::index::Settings::new(self.load_options());
        if self.cache_max_mb == 0 {
            settings.cache_dir = None;
        }
        settings.max_bytes = Some(self.cache_max_mb.saturating_mul(1_000_000));
        settings
    }
}

/// Where the configuration was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--config FILE`, or the `BRIEF_CONFIG` variable: it must exist.
    Named(PathBuf),
    /// `./config.toml` or the user's configuration folder: it exists.
    Found(PathBuf),
    /// No file: built-in defaults.
    Defaults,
}

/// The file name looked for in the current folder and the user's folder.
pub const FILE_NAME: &str = "config.toml";

/// Picks the configuration file, first found wins: the `--config` flag, the
/// `BRIEF_CONFIG` variable, `config.toml` in the current folder, then
/// `brief/config.toml` in the user's configuration folder.
///
/// The environment and the file system come in as arguments so the order
/// can be tested without touching either.
pub fn locate(
    explicit: Option<&Path>,
    brief_config: Option<OsString>,
    user_config_dir: Option<PathBuf>,
    is_file: impl Fn(&Path) -> bool,
) -> Source {
    if let Some(path) = explicit {
        return Source::Named(path.to_path_buf());
    }
    if let Some(path) = brief_config.filter(|p| !p.is_empty()) {
        return Source::Named(PathBuf::from(path));
    }
    let here = PathBuf::from(FILE_NAME);
    if is_file(&here) {
        return Source::Found(here);
    }
    match user_config_dir.map(|dir| dir.join("brief").join(FILE_NAME)) {
        Some(path) if is_file(&path) => Source::Found(path),
        _ => Source::Defaults,
    }
}

/// The user's configuration folder: `$XDG_CONFIG_HOME`, else `~/.config`
/// (the same on macOS, where command-line tools follow XDG; `%APPDATA%` on Windows).
pub fn user_config_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .ok()
        .map(|s| s.config_dir())
}

/// Largest configuration file read; anything bigger is a mistake.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// Finds and reads the configuration (see [`locate`] for the order).
pub fn load(explicit: Option<&Path>) -> Result<Config, Report> {
    let no_color = theme::no_color(std::env::var_os("NO_COLOR").as_deref());
    let source = locate(
        explicit,
        std::env::var_os("BRIEF_CONFIG"),
        user_config_dir(),
        Path::is_file,
    );
    match source {
        Source::Defaults => Ok(Config::defaults(no_color)),
        Source::Named(path) | Source::Found(path) => {
            let text = read(&path)?;
            file::parse(&path, &text, no_color)
        }
    }
}

/// The text of a configuration file, or a report of why it cannot be read.
///
/// A file whose size is known to be over [`MAX_FILE_BYTES`] is refused
/// before it is read; a size can lie (a link to `/dev/zero`, a pipe), so
/// reading also stops one byte past the limit.
pub fn read(path: &Path) -> Result<String, Report> {
    use std::io::Read;
    let fail =
        |message: String| Report::single(path.to_path_buf(), Diagnostic::error(message, None));
    let cannot_read = |e: std::io::Error| {
        let reason = e.to_string();
        let reason = reason.split(" (os error").next().unwrap_or_default();
        fail(format!("cannot read the configuration file: {reason}"))
    };
    let limit = format!("{} MiB", MAX_FILE_BYTES / (1024 * 1024));
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    if meta.is_dir() {
        return Err(fail(
            "cannot read the configuration file: it is a folder".to_string(),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "the configuration file is too large: {} bytes, and it may be at most {limit}",
            meta.len()
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!(
            "the configuration file is too large: more than {limit}, and it may be at most {limit}"
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| fail("the configuration file is not UTF-8 text".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never(_: &Path) -> bool {
        false
    }

    #[test]
    fn lookup_order() {
        let user = Some(PathBuf::from("/home/u/.config"));
        let in_user = PathBuf::from("/home/u/.config/brief/config.toml");
        let all = |p: &Path| p == Path::new("config.toml") || p == in_user;
        assert_eq!(
            locate(
                Some(Path::new("x.toml")),
                Some("y.toml".into()),
                user.clone(),
                all
            ),
            Source::Named("x.toml".into())
        );
        assert_eq!(
            locate(None, Some("y.toml".into()), user.clone(), all),
            Source::Named("y.toml".into())
        );
        assert_eq!(
            locate(None, Some("".into()), user.clone(), all),
            Source::Found("config.toml".into())
        );
        assert_eq!(
            locate(None, None, user.clone(), |p: &Path| p == in_user),
            Source::Found(in_user.clone())
        );
        assert_eq!(locate(None, None, user, never), Source::Defaults);
        assert_eq!(locate(None, None, None, never), Source::Defaults);
    }

    #[test]
    fn reserved_keys_name_their_actions() {
        let keys = Config::default().reserved_keys();
        assert!(keys.contains(&('j', "line-down".to_string())));
        assert!(keys.contains(&('q', "quit".to_string())));
    }

    #[test]
    fn load_options_reserve_the_bound_letters() {
        let config = Config::default();
        assert_eq!(config.load_options().reserved_keys, config.reserved_keys());
    }

    #[test]
    fn defaults_follow_no_color() {
        assert_eq!(Config::defaults(false), Config::default());
        assert_eq!(Config::defaults(true).theme.name, "mono");
    }
}
