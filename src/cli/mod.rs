//! The command line: one clap definition serves parsing, completions and the man page.

use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub mod cache;
pub mod check;
pub mod common;
pub mod config;
pub mod export;
pub mod list;
pub mod plain;
pub mod read;
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
    },
    /// Export sections as plain text or Markdown.
    Export(ExportArgs),
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
    /// Wrap text at N columns: 0 (no wrapping) or 20 to 1000 (default from the
    /// configuration). Markdown is not wrapped.
    ///
    /// Markdown paragraphs are one line each, so that Markdown renderers reflow
    /// them to their own width.
    #[arg(long, short = 'w', value_name = "N", value_parser = export_width, allow_negative_numbers = true)]
    pub width: Option<usize>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to FILE instead of standard output (`-`: standard output).
    /// A device or named pipe (/dev/stdout, a FIFO) is written into.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists (through a link, the file it points to).
    #[arg(long)]
    pub force: bool,
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

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text.
    Text,
    /// CommonMark.
    Markdown,
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
        .chars()
        .map(|c| {
            if c != '\n' && (crate::briefing::diagnostic::is_unsafe_char(c) || c == '\r') {
                '?'
            } else {
                c
            }
        })
        .collect();
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
        _ => {}
    }
    let config = match crate::config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(report) => {
            eprint!("{}", report.render(false));
            return ExitCode::FAILURE;
        }
    };
    match &cli.command {
        None => read::run(cli.path.as_deref(), &config),
        Some(Command::Check { paths }) => check::run(paths, &config),
        Some(Command::Export(args)) => export::run(args, &config),
        Some(Command::List { path, json }) => list::run(path.as_deref(), *json, &config),
        Some(Command::Search { query, path, json }) => {
            search::run(query, path.as_deref(), *json, &config)
        }
        Some(Command::Cache { action }) => cache::run(matches!(action, Some(CacheAction::Clear))),
        Some(Command::Config { default }) => config::run(*default, &config),
        Some(Command::Completions { .. } | Command::Man) => ExitCode::SUCCESS,
    }
}
