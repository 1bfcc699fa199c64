//! `brief completions SHELL` and `brief man`, from the same clap definition.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::{Cli, common};

/// Prints a completion script.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "brief", &mut script);
    common::finish(common::print(script), ExitCode::SUCCESS)
}

/// Prints the man page.
pub fn man() -> ExitCode {
    match man_page() {
        Ok(page) => common::finish(common::print(page), ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("brief: cannot render the man page: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The man page in roff: the main page, a section per subcommand with its
/// synopsis, description and options (so one page documents everything),
/// then where the configuration comes from.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let main = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    main.render_title(&mut out)?;
    main.render_name_section(&mut out)?;
    main.render_synopsis_section(&mut out)?;
    main.render_description_section(&mut out)?;
    main.render_options_section(&mut out)?;
    let subs: Vec<&clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).collect();
    // clap_mangen lists subcommands as separate pages (brief-check(1));
    // this page holds them all, so list them by the names that are typed.
    writeln!(out, ".SH COMMANDS")?;
    for sub in &subs {
        let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
        writeln!(
            out,
            ".TP\n\\fBbrief {}\\fR\n{}",
            roff_text(sub.get_name()),
            roff_text(&about)
        )?;
    }
    for sub in subs {
        let name = format!("brief {}", sub.get_name());
        let man = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut part)?;
        }
        // The subcommand's own sections become subsections of its section.
        let part = String::from_utf8_lossy(&part).replace("\n.SH ", "\n.SS ");
        let part = match part.strip_prefix(".SH ") {
            Some(rest) => format!(".SS {rest}"),
            None => part,
        };
        writeln!(out, ".SH \"{}\"", roff_text(&name.to_uppercase()))?;
        out.extend_from_slice(part.as_bytes());
    }
    out.extend_from_slice(FILES.as_bytes());
    main.render_version_section(&mut out)?;
    Ok(out)
}

/// Where settings come from; mirrors `brief config --default`.
const FILES: &str = r#".SH FILES
Settings are read from the first of these that exists:
.IP 1. 4
the file given with \fB\-\-config\fR \fIFILE\fR;
.IP 2. 4
the file named by \fBBRIEF_CONFIG\fR;
.IP 3. 4
\fIconfig.toml\fR in the current folder;
.IP 4. 4
\fI$XDG_CONFIG_HOME/brief/config.toml\fR, else \fI~/.config/brief/config.toml\fR.
.PP
Without one, built\-in defaults apply.
\fBbrief config\fR shows the file in use and every setting;
\fBbrief config \-\-default\fR prints a commented file with every setting and its default.
.SH ENVIRONMENT
.TP
\fBBRIEF_CONFIG\fR
The configuration file to read (it must exist).
.TP
\fBNO_COLOR\fR
When set and not empty, the \fImono\fR theme is used unless the configuration names a theme.
.TP
\fBXDG_CONFIG_HOME\fR
Folder of the user's configuration (default \fI~/.config\fR).
"#;

/// Text made safe for a roff line: backslashes and dashes escaped, and no
/// control word at the start.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
