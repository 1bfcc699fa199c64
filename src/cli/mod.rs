//! The command line: one clap definition serves parsing, completions and the man page.

use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub mod cache;
pub mod check;
pub mod common;
pub mod config;
pub mod diff;
pub mod export;
pub mod fmt;
pub mod import;
pub mod list;
pub mod log;
pub mod new;
pub mod plain;
pub mod read;
pub mod read_cmd;
pub mod schema;
pub mod search;
pub mod shell;

/// A terminal reader for curated briefings.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, long_about = None)]
pub struct Cli {
    /// Read settings from this file instead of the usual places.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// A briefing file, or a folder of them (default: the configured briefings folder).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// What to do (no command: read).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check briefing files and report every problem.
    Check {
        /// Briefing files or folders (every *.toml under a folder).
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
        /// How to report problems: for people, as JSON, or as GitHub
        /// workflow annotations.
        ///
        /// `json` prints one object per diagnostic and line (JSON Lines):
        /// `path`, `line`, `column`, `end` (`line`, `column`), `severity`,
        /// `code`, `message`, `help`; `github` prints one `::error` or
        /// `::warning` command per diagnostic. Both go to standard output.
        #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
    },
    /// Export sections as plain text, Markdown or an HTML page.
    Export(ExportArgs),
    /// Start a briefing: a commented skeleton that passes `brief check`.
    New(NewArgs),
    /// Make a briefing of a Markdown file (see docs/import.md).
    ///
    /// `#` is the title, `##` a section, `###` an item; lists stay bullets,
    /// quotes with `— Speaker` become quotes, tables of numbers figures,
    /// links sources. What has no place is a warning with its line.
    Import(ImportArgs),
    /// Rewrite briefing files in the canonical layout, keeping comments.
    ///
    /// Keys in a fixed order, one blank line between tables, long bodies as
    /// multi-line strings. A file with errors is not touched. Exit 1 when a
    /// file has errors or, with --check, would change; 2 when one cannot be
    /// written.
    Fmt {
        /// Briefing files or folders (every *.toml under a folder).
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing: name the files that would change, and exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Read a briefing: the reader, or with --plain the briefing as linear
    /// text, for screen readers and plain terminals.
    ///
    /// Plain text is also printed when --section is given, when TERM is
    /// `dumb` and when standard output is not a terminal: headings, items,
    /// lists, figures as text tables and the sources, in reading order,
    /// wrapped to the terminal, with no alternate screen, cursor movement,
    /// colour or box drawing.
    Read(ReadArgs),
    /// Show what changed between two versions of a briefing.
    ///
    /// Sections and items are matched by id (then by title, then by
    /// position; see docs/diff.md). Exit status: 0 when nothing changed, 1
    /// when something did, 2 on an error.
    #[command(
        override_usage = "brief diff OLD NEW [--format FORMAT]\n       brief diff PATH --since REV [--format FORMAT]"
    )]
    Diff(DiffArgs),
    /// List the versions of a briefing in git history, newest first.
    ///
    /// One line each: the commit, its date, the version's `as_of`, and what
    /// changed since the version before. Renamed files are followed.
    Log {
        /// The briefing file (in a git repository).
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// List every briefing of the library, newest first.
    List {
        /// A briefing file or a folder of them (default: the configured briefings folder).
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
        /// Print a JSON array instead of aligned columns.
        ///
        /// One object per file, in the listing's order: `path`, `date`
        /// (YYYY-MM-DD), `title`, `sections` and `items` (counts); for a file
        /// that does not load, `path` and `error` (its first error).
        #[arg(long)]
        json: bool,
    },
    /// Find text across the library, best matches first.
    ///
    /// QUERY is words (each a whole word, all of them in one item, section
    /// heading, person or source), "phrases in quotes", and filters:
    /// tag:TAG, status:WORDS, section:ID-OR-TITLE, after:DATE (that day or
    /// later), before:DATE (earlier); a DATE is YYYY-MM-DD, YYYY-MM or YYYY,
    /// the briefing's date. Smart case: exact case only when the words have a
    /// capital. Answered from an index of the library kept in the cache
    /// folder (see `brief cache`).
    Search {
        /// Words, "phrases" and filters (tag:, status:, section:, after:, before:).
        #[arg(value_name = "QUERY")]
        query: String,
        /// A briefing file or a folder of them (default: the configured briefings folder).
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
        /// Print a JSON array instead of lines.
        ///
        /// One object per match: `path`, `section`, `item` (null outside an
        /// item), `field`, `snippet`, and `start` and `end`: the match's byte
        /// offsets in `snippet` (UTF-8, `end` exclusive), not character counts;
        /// `score`, the briefing's rank (BM25; 0 for a query of filters only).
        #[arg(long)]
        json: bool,
    },
    /// Show where the search index cache is and its size, or clear it.
    Cache {
        /// What to do.
        #[command(subcommand)]
        action: Option<CacheAction>,
    },
    /// Print the effective configuration.
    Config {
        /// Print the fully commented default configuration instead.
        #[arg(long)]
        default: bool,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Print the JSON Schema of the briefing format, for editors (taplo).
    ///
    /// The same schema is docs/briefing.schema.json in the repository. Start
    /// a briefing with `#:schema PATH-OR-URL-OF-THE-SCHEMA` and taplo (the
    /// "Even Better TOML" extension, Helix, Neovim) completes its keys and
    /// marks its mistakes as you type.
    Schema,
}

/// Arguments of `brief new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The file to write (its name ends in .toml).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// The briefing's title.
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// The sections' titles, separated by commas (default: Agenda, Defense,
    /// Economy, Friction).
    #[arg(long, value_name = "TITLE,TITLE,...")]
    pub sections: Option<String>,
    /// Replace PATH if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `brief import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The Markdown file.
    #[arg(value_name = "FILE.md")]
    pub path: PathBuf,
    /// Write the briefing to FILE instead of standard output (`-`: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// What `brief cache` does besides showing the cache.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum CacheAction {
    /// Remove every index in the cache (they are built again when needed).
    Clear,
}

/// Arguments of `brief export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The briefing file.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// A section: its id, 1-based position, or title (repeatable).
    #[arg(long, short = 's', value_name = "SECTION")]
    pub section: Vec<String>,
    /// Export every section.
    #[arg(long, conflicts_with = "section")]
    pub all: bool,
    /// Add a part "Changes since …": what changed since an older version,
    /// a file or (when the briefing is in git) a revision, as `brief diff`
    /// reports it. Text and Markdown.
    #[arg(long, value_name = "REV|FILE")]
    pub changes_since: Option<String>,
    /// Wrap text at N columns: 0 (no wrapping) or 20 to 1000 (default from the
    /// configuration). Markdown is not wrapped, nor is HTML.
    ///
    /// Markdown paragraphs are one line each, so that Markdown renderers reflow
    /// them to their own width; a browser wraps HTML to its window.
    #[arg(long, short = 'w', value_name = "N", value_parser = export_width, allow_negative_numbers = true)]
    pub width: Option<usize>,
    /// Output format [default: the configuration's `[export] format`,
    /// else text].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Write to FILE instead of standard output (`-`: standard output).
    /// A device or named pipe (/dev/stdout, a FIFO) is written into.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists (through a link, the file it points to).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `brief read`.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// A briefing file, or a folder of them (default: the configured briefings folder).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Print the briefing as linear text instead of drawing the reader.
    #[arg(long)]
    pub plain: bool,
    /// Print only this section: its id, 1-based position, or title
    /// (repeatable, as for export; implies --plain).
    #[arg(long, short = 's', value_name = "SECTION")]
    pub section: Vec<String>,
}

/// Arguments of `brief diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version; with --since, the briefing whose history is read.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version.
    #[arg(value_name = "NEW", required_unless_present = "since")]
    pub new: Option<PathBuf>,
    /// Compare the file as it was at REV in git (a hash, a tag, HEAD~3,
    /// @{yesterday}: any revision git understands) with the working copy.
    #[arg(long, value_name = "REV", conflicts_with = "new")]
    pub since: Option<String>,
    /// Output format: text (coloured on a terminal unless NO_COLOR is set),
    /// markdown, or json (the shape is in docs/diff.md).
    #[arg(long, short = 'f', value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

/// Output formats of `brief diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text: `+` added, `-` removed, `~` changed; words `[-deleted-]{+inserted+}`.
    Text,
    /// Markdown.
    Markdown,
    /// JSON, with a `format` version field.
    Json,
}

/// The wrap widths `brief export --width` takes besides 0 (no wrapping):
/// the bounds of the configuration's `[export] width`, so that no width
/// asks the layout for lines it cannot hold.
pub const EXPORT_WIDTHS: RangeInclusive<usize> = 20..=1000;

/// Parses `--width`: 0, or a width in [`EXPORT_WIDTHS`].
fn export_width(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Ok(0),
        Ok(n) if EXPORT_WIDTHS.contains(&n) => Ok(n),
        _ => Err(format!(
            "the width must be 0 (no wrapping) or {} to {} columns",
            EXPORT_WIDTHS.start(),
            EXPORT_WIDTHS.end()
        )),
    }
}

/// How `brief check` reports problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Marked lines on standard error, as rustc prints them.
    Human,
    /// One JSON object per diagnostic and line, on standard output.
    Json,
    /// GitHub Actions workflow commands (annotations), on standard output.
    Github,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text.
    Text,
    /// CommonMark.
    Markdown,
    /// One self-contained HTML page (inline style, no script), for a browser,
    /// printing or a PDF.
    Html,
}

impl From<Format> for crate::export::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Text => crate::export::Format::Text,
            Format::Markdown => crate::export::Format::Markdown,
            Format::Html => crate::export::Format::Html,
        }
    }
}

/// Prints a command-line error (or the help or version clap answers with).
///
/// clap quotes the offending argument in its message; an argument can hold
/// escape sequences, so the message is printed without colour and with every
/// character that could act on the terminal replaced.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let text = e.render().to_string();
    let safe: String = text
        .split('\n')
        .map(crate::briefing::clean::defang)
        .collect::<Vec<_>>()
        .join("\n");
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            common::finish(common::print(safe), ExitCode::SUCCESS)
        }
        _ => {
            eprint!("{safe}");
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
    }
}

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // Commands that need no configuration run first, so a broken
    // configuration never stops `brief man` or `brief completions`.
    match &cli.command {
        Some(Command::Completions { shell }) => return shell::completions(*shell),
        Some(Command::Man) => return shell::man(),
        Some(Command::Schema) => return schema::run(),
        _ => {}
    }
    let config = match crate::config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(report) => {
            eprint!("{}", report.render(false));
            // For `brief diff`, 1 would say "the versions differ".
            return match cli.command {
                Some(Command::Diff(_) | Command::Log { .. }) => ExitCode::from(diff::TROUBLE),
                _ => ExitCode::FAILURE,
            };
        }
    };
    match &cli.command {
        None => read::run(cli.path.as_deref(), &config),
        Some(Command::Check { paths, format }) => check::run(paths, *format, &config),
        Some(Command::Export(args)) => export::run(args, &config),
        Some(Command::New(args)) => new::run(args, &config),
        Some(Command::Import(args)) => import::run(args, &config),
        Some(Command::Fmt { paths, check }) => fmt::run(paths, *check, &config),
        Some(Command::Read(args)) => read_cmd::run(args, &config),
        Some(Command::Diff(args)) => diff::run(args, &config),
        Some(Command::Log { path }) => log::run(path, &config),
        Some(Command::List { path, json }) => list::run(path.as_deref(), *json, &config),
        Some(Command::Search { query, path, json }) => {
            search::run(query, path.as_deref(), *json, &config)
        }
        Some(Command::Cache { action }) => cache::run(matches!(action, Some(CacheAction::Clear))),
        Some(Command::Config { default }) => config::run(*default, &config),
        Some(Command::Completions { .. } | Command::Man | Command::Schema) => ExitCode::SUCCESS,
    }
}
