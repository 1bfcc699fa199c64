//! The configuration from the outside: where it is found, what `brief config`
//! prints, how mistakes are reported, and the shell integration.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use clap::CommandFactory;

/// `brief` with a clean slate: no configuration in the environment, an
/// empty current folder and an empty home, so only what a test sets is found.
struct Sandbox {
    cwd: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            cwd: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn brief(&self) -> Command {
        let mut cmd = Command::cargo_bin("brief").unwrap();
        cmd.current_dir(self.cwd.path())
            .env("HOME", self.home.path())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("BRIEF_CONFIG")
            .env_remove("NO_COLOR");
        cmd
    }

    /// Writes a configuration whose `max_width` tells which file was read.
    fn write(&self, path: &Path, max_width: usize) -> PathBuf {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("[reader]\nmax_width = {max_width}\n")).unwrap();
        path.to_path_buf()
    }
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `brief config` and returns (first line, max_width printed).
fn which(cmd: &mut Command) -> (String, String) {
    let text = stdout(cmd.arg("config"));
    let first = text.lines().next().unwrap_or_default().to_string();
    let width = text
        .lines()
        .find_map(|l| l.strip_prefix("max_width = "))
        .unwrap_or_default()
        .to_string();
    (first, width)
}

// ---------------------------------------------------------------- lookup

#[test]
fn explicit_flag_comes_first() {
    let s = Sandbox::new();
    let flag = s.write(&s.cwd.path().join("flag.toml"), 21);
    let env = s.write(&s.cwd.path().join("env.toml"), 22);
    s.write(&s.cwd.path().join("config.toml"), 23);
    let xdg = s.home.path().join("xdg");
    s.write(&xdg.join("brief/config.toml"), 24);
    let (first, width) = which(
        s.brief()
            .arg("--config")
            .arg(&flag)
            .env("BRIEF_CONFIG", &env)
            .env("XDG_CONFIG_HOME", &xdg),
    );
    assert_eq!(width, "21");
    assert!(first.contains("flag.toml"), "{first}");
}

#[test]
fn flag_works_after_the_subcommand_too() {
    let s = Sandbox::new();
    let flag = s.write(&s.cwd.path().join("flag.toml"), 21);
    let text = stdout(s.brief().arg("config").arg("--config").arg(&flag));
    assert!(text.contains("max_width = 21"), "{text}");
}

#[test]
fn brief_config_variable_comes_second() {
    let s = Sandbox::new();
    let env = s.write(&s.cwd.path().join("env.toml"), 22);
    s.write(&s.cwd.path().join("config.toml"), 23);
    let xdg = s.home.path().join("xdg");
    s.write(&xdg.join("brief/config.toml"), 24);
    let (first, width) = which(
        s.brief()
            .env("BRIEF_CONFIG", &env)
            .env("XDG_CONFIG_HOME", &xdg),
    );
    assert_eq!(width, "22");
    assert!(first.contains("env.toml"), "{first}");
}

#[test]
fn current_folder_comes_third() {
    let s = Sandbox::new();
    s.write(&s.cwd.path().join("config.toml"), 23);
    let xdg = s.home.path().join("xdg");
    s.write(&xdg.join("brief/config.toml"), 24);
    s.write(&s.home.path().join(".config/brief/config.toml"), 25);
    let (first, width) = which(s.brief().env("XDG_CONFIG_HOME", &xdg));
    assert_eq!(width, "23");
    assert_eq!(first, "# Settings from config.toml");
}

#[test]
fn xdg_config_home_comes_fourth() {
    let s = Sandbox::new();
    let xdg = s.home.path().join("xdg");
    s.write(&xdg.join("brief/config.toml"), 24);
    s.write(&s.home.path().join(".config/brief/config.toml"), 25);
    let (first, width) = which(s.brief().env("XDG_CONFIG_HOME", &xdg));
    assert_eq!(width, "24");
    assert!(first.contains("xdg"), "{first}");
}

#[cfg(unix)]
#[test]
fn home_dot_config_without_xdg_config_home() {
    let s = Sandbox::new();
    s.write(&s.home.path().join(".config/brief/config.toml"), 25);
    let (first, width) = which(&mut s.brief());
    assert_eq!(width, "25");
    assert!(first.contains(".config"), "{first}");
}

#[test]
fn built_in_defaults_without_a_file() {
    let s = Sandbox::new();
    let (first, width) = which(&mut s.brief());
    assert_eq!(width, "100");
    assert!(first.contains("built-in defaults"), "{first}");
}

#[test]
fn a_missing_named_file_is_an_error() {
    let s = Sandbox::new();
    s.write(&s.cwd.path().join("config.toml"), 23);
    for cmd in [
        s.brief().args(["--config", "nowhere.toml", "config"]),
        s.brief().env("BRIEF_CONFIG", "nowhere.toml").arg("config"),
    ] {
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("nowhere.toml: error: cannot read the configuration file"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

// ---------------------------------------------------------------- brief config

#[test]
fn folders_are_relative_to_the_file() {
    let s = Sandbox::new();
    let dir = s.cwd.path().join("settings");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("brief.toml");
    std::fs::write(
        &file,
        "[paths]\nbriefings = \"news\"\nexport = \"/abs/out\"\n",
    )
    .unwrap();
    let text = stdout(s.brief().arg("--config").arg(&file).arg("config"));
    let briefings = dir.join("news");
    assert!(
        text.contains(&format!("briefings = \"{}\"", briefings.display())),
        "{text}"
    );
    assert!(text.contains("export = \"/abs/out\""), "{text}");
    // Found in the current folder, relative folders stay relative to it.
    std::fs::write(
        s.cwd.path().join("config.toml"),
        "[paths]\nbriefings = \"news\"\n",
    )
    .unwrap();
    let text = stdout(s.brief().arg("config"));
    assert!(text.contains("briefings = \"news\"\n"), "{text}");
}

#[test]
fn a_leading_tilde_is_the_home_folder() {
    let s = Sandbox::new();
    let file = s.cwd.path().join("settings").join("brief.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "[paths]\nbriefings = \"~/news\"\nexport = \"~\"\n").unwrap();
    let text = stdout(s.brief().arg("--config").arg(&file).arg("config"));
    let news = s.home.path().join("news");
    assert!(
        text.contains(&format!("briefings = \"{}\"\n", news.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("export = \"{}\"\n", s.home.path().display())),
        "{text}"
    );
}

#[test]
fn another_users_home_folder_is_refused() {
    let s = Sandbox::new();
    let file = s.cwd.path().join("brief.toml");
    std::fs::write(&file, "[paths]\nbriefings = \"~bob/news\"\n").unwrap();
    let out = s
        .brief()
        .arg("--config")
        .arg(&file)
        .arg("config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "brief.toml:2:13: error: `paths.briefings` starts with `~bob`, \
             another user's home folder, which brief does not look up"
        ),
        "{err}"
    );
    assert!(err.contains("`./~bob`"), "{err}");
}

#[test]
fn effective_configuration_is_complete_valid_toml() {
    let s = Sandbox::new();
    std::fs::write(
        s.cwd.path().join("config.toml"),
        "[theme]\nname = \"light\"\n[theme.colors]\ntab_active = \"#ff8800\"\n\
         [keys]\nline-down = [\"ctrl-n\", \"J\"]\n",
    )
    .unwrap();
    let text = stdout(s.brief().arg("config"));
    let table: toml::Table = toml::from_str(&text).unwrap();
    for section in ["paths", "export", "reader", "theme", "keys"] {
        assert!(table.contains_key(section), "{section} missing:\n{text}");
    }
    assert_eq!(table["theme"]["name"].as_str(), Some("light"));
    assert_eq!(
        table["theme"]["colors"]["tab_active"]["fg"].as_str(),
        Some("#ff8800")
    );
    let keys = table["keys"].as_table().unwrap();
    for name in brief::config::action::Action::names() {
        assert!(keys.contains_key(name), "{name} missing");
    }
    assert_eq!(
        keys["line-down"],
        toml::Value::Array(vec!["ctrl-n".into(), "J".into()])
    );
    assert_eq!(
        keys["line-up"],
        toml::Value::Array(vec!["k".into(), "up".into()])
    );
}

#[test]
fn control_characters_in_values_never_reach_the_terminal() {
    let s = Sandbox::new();
    std::fs::write(
        s.cwd.path().join("config.toml"),
        "[paths]\nbriefings = \"\\u001b]0;pwned\\u0007\\u009b2J\\u202e\"\n",
    )
    .unwrap();
    let text = stdout(s.brief().arg("config"));
    assert!(
        !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "{text:?}"
    );
    let table: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(
        table["paths"]["briefings"].as_str(),
        Some("\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}")
    );
}

#[test]
fn no_color_picks_mono_unless_a_theme_is_named() {
    let s = Sandbox::new();
    let text = stdout(s.brief().env("NO_COLOR", "1").arg("config"));
    assert!(text.contains("[theme]\nname = \"mono\""), "{text}");
    let text = stdout(s.brief().env("NO_COLOR", "").arg("config"));
    assert!(text.contains("[theme]\nname = \"dark\""), "{text}");
    std::fs::write(
        s.cwd.path().join("config.toml"),
        "[theme]\nname = \"light\"\n",
    )
    .unwrap();
    let text = stdout(s.brief().env("NO_COLOR", "1").arg("config"));
    assert!(text.contains("[theme]\nname = \"light\""), "{text}");
}

#[test]
fn repository_config_is_the_commented_default() {
    let s = Sandbox::new();
    let printed = stdout(s.brief().args(["config", "--default"]));
    let repo = include_str!("../config.toml");
    assert!(
        printed == repo,
        "config.toml differs from `brief config --default`; \
         regenerate it with `cargo run -- config --default > config.toml`"
    );
}

// ---------------------------------------------------------------- mistakes

/// Runs `brief --config FIXTURE config` and returns standard error, after
/// checking that it failed with status 1 and printed nothing else.
fn mistake(fixture: &str) -> String {
    let path = format!("tests/invalid_configs/{fixture}");
    let out = Command::cargo_bin("brief")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("BRIEF_CONFIG")
        .args(["--config", &path, "config"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{fixture} did not fail");
    assert!(out.stdout.is_empty(), "{fixture} printed to stdout");
    String::from_utf8(out.stderr).unwrap()
}

/// Asserts a `PATH:LINE:COL: error: MESSAGE` line and the help text.
fn assert_mistake(fixture: &str, at: &str, message: &str, help: &str) {
    let err = mistake(fixture);
    let headline = format!("tests/invalid_configs/{fixture}:{at}: error: {message}");
    assert!(
        err.lines().any(|l| l.starts_with(&headline)),
        "expected `{headline}` in\n{err}"
    );
    assert!(err.contains(help), "expected `{help}` in\n{err}");
}

#[test]
fn syntax_error() {
    assert_mistake(
        "syntax_error.toml",
        "2:8",
        "invalid TOML: unclosed table, expected `]`",
        "^ here",
    );
}

#[test]
fn unknown_key() {
    assert_mistake(
        "unknown_key.toml",
        "2:1",
        "unknown setting `max_widht` in [reader]",
        "did you mean `max_width`?",
    );
    assert_mistake(
        "unknown_table.toml",
        "1:2",
        "unknown table `reder`",
        "did you mean `reader`?",
    );
    assert_mistake(
        "misplaced_key.toml",
        "3:1",
        "unknown setting `max_width` in [export]",
        "`max_width` belongs in [reader]",
    );
}

#[test]
fn wrong_type() {
    assert_mistake(
        "wrong_type.toml",
        "2:13",
        "`reader.max_width` must be a whole number, not a string",
        "expected a whole number",
    );
    assert_mistake(
        "wrong_type.toml",
        "3:9",
        "`reader.mouse` must be true or false, not a string",
        "expected true or false",
    );
    assert_mistake(
        "out_of_range.toml",
        "2:9",
        "`export.width` must be 0 (no wrapping) or 20 to 1000 columns",
        "out of range",
    );
}

#[test]
fn unknown_action() {
    assert_mistake(
        "unknown_action.toml",
        "2:1",
        "unknown action `line-dwn` in [keys]",
        "did you mean `line-down`?",
    );
}

#[test]
fn unreadable_key() {
    assert_mistake(
        "bad_key.toml",
        "2:19",
        "cannot read \"pagedwn\" as a key: expected one character or a key name",
        "did you mean `pagedown`?",
    );
}

#[test]
fn unknown_colour_element_and_theme() {
    assert_mistake(
        "unknown_colour.toml",
        "2:14",
        "unknown colour `yelow`",
        "did you mean `yellow`?",
    );
    assert_mistake(
        "unknown_element.toml",
        "2:1",
        "unknown element `item_titel` in [theme.colors]",
        "did you mean `item_title`?",
    );
    assert_mistake(
        "unknown_theme.toml",
        "2:8",
        "unknown theme `ligth`",
        "did you mean `light`?",
    );
}

#[test]
fn unknown_export_format() {
    assert_mistake(
        "unknown_format.toml",
        "2:10",
        "unknown export format `markdwon`",
        "did you mean `markdown`?",
    );
}

#[test]
fn export_format_is_what_brief_export_writes_without_format() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("brief.toml");
    std::fs::write(&config, "[export]\nformat = \"markdown\"\n").unwrap();
    let out = stdout(
        Command::cargo_bin("brief")
            .unwrap()
            .arg("--config")
            .arg(&config)
            .args([
                "export",
                "briefings/us-japan-summit-2024-04.toml",
                "--section",
                "defense",
            ]),
    );
    assert!(out.starts_with("# "), "Markdown, as configured: {out}");
    // --format still wins.
    let out = stdout(
        Command::cargo_bin("brief")
            .unwrap()
            .arg("--config")
            .arg(&config)
            .args([
                "export",
                "briefings/us-japan-summit-2024-04.toml",
                "-s",
                "defense",
                "-f",
                "text",
            ]),
    );
    assert!(
        !out.starts_with("# ") && out.contains("Section: Defense cooperation"),
        "{out}"
    );
}

#[test]
fn two_actions_on_one_key() {
    assert_mistake(
        "key_clash.toml",
        "3:19",
        "key `k` is bound to both `line-down` and `line-up`",
        "also bound to `line-up`",
    );
}

#[test]
fn every_mistake_in_one_pass() {
    let err = mistake("several_mistakes.toml");
    let headlines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("tests/invalid_configs/"))
        .collect();
    assert_eq!(headlines.len(), 4, "{err}");
    for at in ["3:1:", "6:7:", "9:8:", "10:7:"] {
        assert!(
            headlines
                .iter()
                .any(|h| h.contains(&format!(".toml:{at} error"))),
            "no error at {at}:\n{err}"
        );
    }
}

#[test]
fn a_hostile_file_is_shown_defanged() {
    let err = mistake("control_characters.toml");
    assert!(
        err.contains("control_characters.toml:1:19: error:"),
        "{err}"
    );
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
}

#[test]
fn every_fixture_is_tested() {
    let tested = [
        "syntax_error.toml",
        "unknown_key.toml",
        "unknown_table.toml",
        "misplaced_key.toml",
        "wrong_type.toml",
        "out_of_range.toml",
        "unknown_action.toml",
        "bad_key.toml",
        "unknown_colour.toml",
        "unknown_element.toml",
        "unknown_theme.toml",
        "unknown_format.toml",
        "key_clash.toml",
        "several_mistakes.toml",
        "control_characters.toml",
        "ctrl_shift_letter.toml",
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_configs");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(tested.contains(&name.as_str()), "{name} has no test");
        // Every fixture fails the same way.
        mistake(&name);
    }
}

// ---------------------------------------------------------------- shell

#[test]
fn bash_completion_is_valid_and_knows_the_subcommands() {
    let s = Sandbox::new();
    let script = stdout(s.brief().args(["completions", "bash"]));
    for sub in ["check", "export", "config", "completions", "man"] {
        assert!(script.contains(sub), "{sub} missing");
    }
    let file = s.cwd.path().join("brief.bash");
    std::fs::write(&file, &script).unwrap();
    match std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "bash -n: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        // Under CI (`CI` set, and not to `0` or `false`) bash must be there.
        Err(e) => assert!(
            !std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false"),
            "bash not available under CI, the script's syntax not checked: {e}"
        ),
    }
}

#[test]
fn every_shell_gets_a_script() {
    let s = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(s.brief().args(["completions", shell]));
        assert!(script.contains("brief"), "{shell}");
    }
}

#[test]
fn completions_and_man_ignore_a_broken_configuration() {
    let s = Sandbox::new();
    std::fs::write(s.cwd.path().join("config.toml"), "[reader\n").unwrap();
    stdout(s.brief().args(["completions", "fish"]));
    stdout(s.brief().arg("man"));
}

#[test]
fn man_page_documents_every_command_and_option() {
    let s = Sandbox::new();
    let roff = stdout(s.brief().arg("man"));
    assert!(roff.contains("\n.TH brief 1"), "no title");
    // roff escapes dashes; compare against the plain text.
    let text = roff.replace("\\-", "-");
    let mut cmd = brief::cli::Cli::command();
    cmd.build();
    let mut commands = vec![&cmd];
    // clap's own `help` subcommand is left out of the page: `--help` is documented.
    commands.extend(cmd.get_subcommands().filter(|c| c.get_name() != "help"));
    for command in commands {
        if command.get_name() != "brief" {
            let title = format!("BRIEF {}", command.get_name().to_uppercase());
            assert!(text.contains(&title), "no section {title}");
        }
        for arg in command.get_arguments() {
            if let Some(long) = arg.get_long() {
                assert!(
                    text.contains(&format!("--{long}")),
                    "`{} --{long}` not documented",
                    command.get_name()
                );
            }
        }
    }
    for variable in ["BRIEF_CONFIG", "NO_COLOR", "XDG_CONFIG_HOME"] {
        assert!(text.contains(variable), "{variable}");
    }
}

#[test]
fn ctrl_shift_and_a_letter_is_refused_rather_than_read_as_ctrl_and_the_letter() {
    assert_mistake(
        "ctrl_shift_letter.toml",
        "2:14",
        "cannot read \"ctrl-shift-q\" as a key: a terminal cannot tell Ctrl-Shift and a letter from Ctrl and the letter",
        "not a key",
    );
}
