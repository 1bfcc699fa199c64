use super::*;

fn errors(text: &str) -> Vec<(String, String)> {
    let report = parse(Path::new("c.toml"), text, false).unwrap_err();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let span = d.span.clone().unwrap();
            (d.message.clone(), text[span].to_string())
        })
        .collect()
}

#[test]
fn settings_are_read() {
    let text = "[export]\nwidth = 0\n[reader]\nmax_width = 72\nmouse = false\n\
                [theme]\nname = \"mono\"\n[theme.colors]\nlink = { fg = \"#0000ff\", bg = \"default\" }\n";
    let c = parse(Path::new("dir/c.toml"), text, false).unwrap();
    assert_eq!((c.export_width, c.max_width, c.mouse), (0, 72, false));
    assert_eq!(c.theme.name, "mono");
    assert_eq!(c.theme.roles.link.fg, Some(Color::Rgb(0, 0, 255)));
    assert_eq!(c.theme.roles.link.bg, None);
    // Left out, a folder keeps its built-in meaning: the current folder's.
    assert_eq!(c.briefings_dir, Path::new("briefings"));
    assert_eq!(c.file.as_deref(), Some(Path::new("dir/c.toml")));
}

#[test]
fn the_cache_bound_is_megabytes() {
    let c = parse(Path::new("c.toml"), "[cache]\nmax_mb = 0\n", false).unwrap();
    assert_eq!(c.cache_max_mb, 0);
    assert_eq!(c.index_settings().cache_dir, None);
    let c = parse(Path::new("c.toml"), "[cache]\nmax_mb = 250\n", false).unwrap();
    assert_eq!(c.index_settings().max_bytes, Some(250_000_000));
    assert_eq!(
        errors("[cache]\nmax_mb = -1\n"),
        [(
            "`cache.max_mb` must be 0 (no cache) to 1000000 megabytes".into(),
            "-1".into()
        )]
    );
    assert_eq!(
        errors("[cache]\nmax_mb = \"1G\"\n")[0].0,
        "`cache.max_mb` must be a whole number, not a string"
    );
}

#[test]
fn relative_folders_follow_the_file() {
    let text = "[paths]\nbriefings = \"b\"\nexport = \"../out\"\n";
    let c = parse(Path::new("/etc/brief/config.toml"), text, false).unwrap();
    assert_eq!(c.briefings_dir, Path::new("/etc/brief/b"));
    assert_eq!(c.export_dir, Path::new("/etc/brief/../out"));
    let c = parse(Path::new("config.toml"), text, false).unwrap();
    assert_eq!(c.briefings_dir, Path::new("b"));
}

#[test]
fn a_leading_tilde_is_the_home_folder() {
    let home = Some(Path::new("/home/ann"));
    let read = |text: &str| parse_with_home(Path::new("/etc/brief/config.toml"), text, false, home);
    let c = read("[paths]\nbriefings = \"~/news\"\nexport = \"~\"\n").unwrap();
    assert_eq!(c.briefings_dir, Path::new("/home/ann/news"));
    assert_eq!(c.export_dir, Path::new("/home/ann"));
    // Doubled separators stay under the home folder, not at the root.
    let c = read("[paths]\nbriefings = \"~//news/\"\n").unwrap();
    assert_eq!(c.briefings_dir, Path::new("/home/ann/news/"));
    // A `~` further on is part of a name.
    let c = read("[paths]\nbriefings = \"a/~/b\"\nexport = \"./~bob\"\n").unwrap();
    assert_eq!(c.briefings_dir, Path::new("/etc/brief/a/~/b"));
    assert_eq!(c.export_dir, Path::new("/etc/brief/./~bob"));
}

#[test]
fn other_homes_and_an_unknown_home_are_reported() {
    let text = "[paths]\nbriefings = \"~bob/news\"\nexport = \"~/out\"\n";
    let report = parse_with_home(Path::new("c.toml"), text, false, None).unwrap_err();
    let found: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.message.as_str(), d.label.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        found,
        [
            (
                "`paths.briefings` starts with `~bob`, another user's home folder, \
                 which brief does not look up",
                "not supported"
            ),
            (
                "`paths.export` starts with `~`, but the home folder is unknown",
                "no home folder"
            ),
        ]
    );
}

#[test]
fn how_a_folder_starts() {
    assert_eq!(start("~"), Start::Home(""));
    assert_eq!(start("~/"), Start::Home(""));
    assert_eq!(start("~/a/b"), Start::Home("a/b"));
    assert_eq!(start("~bob"), Start::OtherHome("~bob"));
    assert_eq!(start("~bob/a"), Start::OtherHome("~bob"));
    assert_eq!(start("a/~"), Start::Plain);
    assert_eq!(start("/abs"), Start::Plain);
}

#[test]
fn no_color_only_when_no_theme_is_named() {
    let c = parse(Path::new("c.toml"), "", true).unwrap();
    assert_eq!(c.theme, Theme::mono());
    let c = parse(Path::new("c.toml"), "[theme]\nname = \"dark\"\n", true).unwrap();
    assert_eq!(c.theme, Theme::dark());
}

#[test]
fn every_problem_is_marked_where_it_is() {
    let text = "mouse = true\n[reader]\nmax_width = 1.5\n[theme.colors]\n\
                tab = { fg = \"red\", bx = \"blue\" }\n[paths]\nexport = \"\"\n";
    assert_eq!(
        errors(text),
        vec![
            (
                "unknown setting `mouse` outside any table".into(),
                "mouse".into()
            ),
            (
                "`reader.max_width` must be a whole number, not a decimal number".into(),
                "1.5".into()
            ),
            (
                "unknown setting `bx` in `theme.colors.tab`".into(),
                "bx".into()
            ),
            ("`paths.export` must name a folder".into(), "\"\"".into()),
        ]
    );
}

#[test]
fn suggestions_need_a_close_match() {
    assert_eq!(
        suggest("max_widht", ["max_width", "mouse"]),
        Some("max_width")
    );
    assert_eq!(suggest("zzz", ["max_width", "mouse"]), None);
}
