//! Tests of the reader through its root: messages in, state out, no terminal.

use std::path::Path;
use std::sync::Arc;

use super::app::{App, Effect, Msg, Overlay, Screen, Settings};
use super::reading::Page;
use crate::briefing::{Briefing, LoadOptions, load_file};
use crate::config::action::Action;
use crate::config::keymap::{Key, KeyMap, KeyName};
use crate::export::Plan;

fn load(rel: &str) -> Arc<Briefing> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let opts = LoadOptions::default();
    Arc::new(load_file(&path, &opts).expect("fixture loads").briefing)
}

fn summit() -> Arc<Briefing> {
    load("briefings/us-japan-summit-2024-04.toml")
}

fn app_with(b: Vec<Arc<Briefing>>, keys: KeyMap, size: (u16, u16)) -> App {
    App::new(b, Settings::new(keys), size)
}

fn app(size: (u16, u16)) -> App {
    app_with(vec![summit()], KeyMap::default(), size)
}

fn press(app: &mut App, keys: &str) -> Option<Effect> {
    let mut last = None;
    for c in keys.chars() {
        last = app.update(Msg::Key(Key::char(c)));
    }
    last
}

fn named(app: &mut App, k: KeyName) -> Option<Effect> {
    app.update(Msg::Key(Key::named(k)))
}

fn current_item(app: &App) -> Option<usize> {
    app.reading.as_ref().unwrap().current_item()
}

fn label(app: &App) -> String {
    let h = app.geometry().body_height;
    app.reading.as_ref().unwrap().position_label(h)
}

fn help(app: &App) -> &super::help::Help {
    match &app.overlay {
        Some(Overlay::Help(h)) => h,
        other => panic!("the help is not open: {other:?}"),
    }
}

fn outline_selected(app: &App) -> Option<usize> {
    match &app.overlay {
        Some(Overlay::Outline(o)) => Some(o.selected),
        _ => None,
    }
}

fn tags_selected(app: &App) -> Option<usize> {
    match &app.overlay {
        Some(Overlay::Tags(t)) => Some(t.selected),
        _ => None,
    }
}

fn tab(app: &App) -> usize {
    app.reading.as_ref().unwrap().tab
}

fn scroll(app: &App) -> usize {
    app.reading.as_ref().unwrap().scroll()
}

/// The text of the selected link's first line.
fn focused_text(app: &App) -> String {
    let r = app.reading.as_ref().unwrap();
    let focus = r.pane().focus.expect("a link is selected");
    r.layout().unwrap().lines.line(focus).text().to_string()
}

#[test]
fn opens_a_single_briefing_on_its_first_tab() {
    let app = app((80, 24));
    assert_eq!(app.screen, Screen::Reading);
    assert_eq!(tab(&app), 0);
    assert_eq!(scroll(&app), 0);
}

#[test]
fn number_keys_section_keys_tab_and_arrows_switch_sections() {
    let mut app = app((80, 24));
    press(&mut app, "2");
    assert_eq!(tab(&app), 1);
    press(&mut app, "i"); // the economy section's own key
    assert_eq!(tab(&app), 2);
    named(&mut app, KeyName::Tab);
    assert_eq!(tab(&app), 3);
    // After the four sections: Timeline, Who's who, Sources.
    let pages = app.reading.as_ref().unwrap().pages.clone();
    assert_eq!(&pages[4..], &[Page::Timeline, Page::People, Page::Sources]);
    for _ in 0..3 {
        named(&mut app, KeyName::Tab);
    }
    assert_eq!(tab(&app), 6);
    named(&mut app, KeyName::Tab);
    assert_eq!(tab(&app), 0, "Tab wraps around");
    named(&mut app, KeyName::BackTab);
    assert_eq!(tab(&app), 6);
    press(&mut app, "4");
    named(&mut app, KeyName::Left);
    assert_eq!(tab(&app), 2);
    press(&mut app, "l");
    assert_eq!(tab(&app), 3);
    press(&mut app, "h");
    assert_eq!(tab(&app), 2);
    press(&mut app, "9");
    assert_eq!(tab(&app), 2, "a missing section changes nothing");
    assert!(app.message.as_deref().unwrap().contains("no section 9"));
}

#[test]
fn each_section_keeps_its_scroll_position() {
    let mut app = app((80, 24));
    press(&mut app, "jjj");
    assert_eq!(scroll(&app), 3);
    press(&mut app, "2");
    assert_eq!(scroll(&app), 0);
    press(&mut app, "jj");
    press(&mut app, "1");
    assert_eq!(scroll(&app), 3);
    press(&mut app, "2");
    assert_eq!(scroll(&app), 2);
}

#[test]
fn scrolling_keys_move_by_lines_half_pages_and_pages_within_bounds() {
    let mut app = app((80, 24));
    let h = app.geometry().body_height;
    press(&mut app, "k");
    assert_eq!(scroll(&app), 0, "cannot scroll above the top");
    app.update(Msg::Key(Key::ctrl('d')));
    assert_eq!(scroll(&app), h / 2);
    app.update(Msg::Key(Key::ctrl('u')));
    assert_eq!(scroll(&app), 0);
    press(&mut app, " ");
    assert_eq!(scroll(&app), h - 1);
    named(&mut app, KeyName::PageUp);
    assert_eq!(scroll(&app), 0);
    press(&mut app, "G");
    let lines = app.reading.as_ref().unwrap().layout().unwrap().lines.len();
    assert_eq!(scroll(&app), lines - h, "G shows the last screenful");
    assert_eq!(label(&app), "Bot");
    press(&mut app, "j");
    assert_eq!(scroll(&app), lines - h, "cannot scroll past the end");
    press(&mut app, "g");
    assert_eq!(label(&app), "Top");
    named(&mut app, KeyName::End);
    named(&mut app, KeyName::Home);
    assert_eq!(scroll(&app), 0);
}

#[test]
fn mouse_wheel_scrolls_and_a_click_on_a_tab_selects_it() {
    let mut app = app((100, 30));
    app.update(Msg::Wheel(1));
    assert_eq!(scroll(&app), 3);
    app.update(Msg::Wheel(-1));
    assert_eq!(scroll(&app), 0);
    // Find where the third tab is drawn and click it.
    let r = app.reading.as_ref().unwrap();
    let bar = super::reading::tabs::bar(r, 100);
    let x = bar.tabs[2].x + 2;
    app.update(Msg::Click(x, 2));
    assert_eq!(tab(&app), 2);
    app.update(Msg::Click(x, 10));
    assert_eq!(tab(&app), 2, "a click in the body does not switch tabs");
}

#[test]
fn search_highlights_as_you_type_and_steps_across_sections() {
    let mut app = app((80, 24));
    press(&mut app, "/");
    assert!(app.search.as_ref().unwrap().typing);
    press(&mut app, "steel");
    let s = app.search.as_ref().unwrap();
    assert!(s.matches.len() > 3, "{:?}", s.matches.len());
    let sections: std::collections::BTreeSet<usize> = (0..s.matches.len())
        .map(|i| s.matches.get(i).unwrap().0)
        .collect();
    assert!(sections.len() >= 2, "matches in several sections");
    named(&mut app, KeyName::Enter);
    let s = app.search.as_ref().unwrap();
    assert!(!s.typing);
    let total = s.matches.len();
    let first = s.current.unwrap();
    assert_eq!(tab(&app), s.matches.get(first).unwrap().0);
    // n walks through every match and wraps.
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..total {
        press(&mut app, "n");
        let s = app.search.as_ref().unwrap();
        let r = app.reading.as_ref().unwrap();
        let m = s.locate(&r.panes, s.current.unwrap()).unwrap();
        assert_eq!(tab(&app), m.section, "n moves to the match's tab");
        let top = scroll(&app);
        assert!(m.line >= top && m.line < top + app.geometry().body_height);
        seen.insert(s.current.unwrap());
    }
    assert_eq!(seen.len(), total);
    press(&mut app, "N");
    press(&mut app, "n");
    assert_eq!(app.search.as_ref().unwrap().current, Some(first));
}

#[test]
fn search_is_case_insensitive_unless_the_query_has_a_capital() {
    let mut app = app((80, 24));
    press(&mut app, "/steel");
    let lower = app.search.as_ref().unwrap().matches.len();
    named(&mut app, KeyName::Esc);
    press(&mut app, "/Steel");
    let upper = app.search.as_ref().unwrap().matches.len();
    assert!(upper < lower, "{upper} < {lower}");
}

#[test]
fn esc_cancels_a_search_and_returns_to_where_it_started() {
    let mut app = app((80, 24));
    press(&mut app, "jj/cyber");
    assert_eq!(tab(&app), 3);
    named(&mut app, KeyName::Esc);
    assert!(app.search.is_none());
    assert_eq!(tab(&app), 0);
    assert_eq!(scroll(&app), 2);
}

#[test]
fn esc_clears_a_search_or_a_message_and_never_quits() {
    let mut app = app((80, 24));
    // A confirmed search: Esc clears it (the highlights go).
    press(&mut app, "/steel");
    named(&mut app, KeyName::Enter);
    assert!(app.search.is_some());
    assert_eq!(named(&mut app, KeyName::Esc), None);
    assert!(app.search.is_none());
    // A message: Esc clears it.
    press(&mut app, "9");
    assert!(app.message.is_some());
    assert_eq!(named(&mut app, KeyName::Esc), None);
    assert!(app.message.is_none());
    // Nothing left to clear: a hint, still no quitting.
    assert_eq!(named(&mut app, KeyName::Esc), None);
    assert!(app.message.as_deref().unwrap().contains("q quits"));
    assert_eq!(named(&mut app, KeyName::Esc), None);
    // q quits; Esc quits only when the configuration binds it so.
    assert_eq!(press(&mut app, "q"), Some(Effect::Quit));
    let keys = KeyMap::with_overrides([
        (Action::Quit, vec![Key::char('q'), Key::named(KeyName::Esc)]),
        (Action::Close, vec![]),
    ])
    .unwrap();
    let mut app = app_with(vec![summit()], keys, (80, 24));
    assert_eq!(named(&mut app, KeyName::Esc), Some(Effect::Quit));
}

#[test]
fn f1_in_the_picker_shows_the_picker_keys() {
    let mut app = library_app();
    assert_eq!(named(&mut app, KeyName::F(1)), None);
    assert!(matches!(app.overlay, Some(Overlay::Help(_))));
    let rows = help(&app).rows().to_vec();
    let text: Vec<String> = rows.iter().map(|(k, d)| format!("{k} {d}")).collect();
    assert!(
        text.iter().any(|r| r.starts_with("Enter open")),
        "{text:#?}"
    );
    assert!(text.iter().any(|r| r.starts_with("Tab")), "{text:#?}");
    assert!(
        !text
            .iter()
            .any(|r| r.contains("next match") || r.contains("section:")),
        "no reading keys: {text:#?}"
    );
    // While reading, the reading keys.
    named(&mut app, KeyName::Esc);
    named(&mut app, KeyName::Enter);
    assert_eq!(app.screen, Screen::Reading);
    press(&mut app, "?");
    let text: Vec<String> = help(&app)
        .rows()
        .to_vec()
        .iter()
        .map(|(k, d)| format!("{k} {d}"))
        .collect();
    assert!(text.iter().any(|r| r == "n next match"), "{text:#?}");
    assert!(!text.iter().any(|r| r.contains("search every briefing")));
}

#[test]
fn the_help_scrolls_by_pages_to_its_real_length() {
    // A screen too small for the help in one or two columns.
    let mut app = app((60, 12));
    press(&mut app, "?");
    let max = help(&app).max_scroll(ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1));
    assert!(max > 10, "{max}");
    named(&mut app, KeyName::PageDown);
    let one_page = help(&app).scroll;
    assert!(one_page > 1, "PgDn scrolls a page: {one_page}");
    press(&mut app, " ");
    assert!(help(&app).scroll > one_page, "Space scrolls a page too");
    app.update(Msg::Key(Key::ctrl('u')));
    app.update(Msg::Key(Key::ctrl('d')));
    assert!(help(&app).scroll > 1, "Ctrl-d scrolls half a page");
    named(&mut app, KeyName::End);
    assert_eq!(help(&app).scroll, max, "no further than its length");
    press(&mut app, "j");
    assert_eq!(help(&app).scroll, max);
    press(&mut app, "k");
    assert_eq!(help(&app).scroll, max - 1, "k scrolls back at once");
}

#[test]
fn typing_in_the_prompt_does_not_trigger_commands() {
    let mut app = app((80, 24));
    assert_eq!(press(&mut app, "/quit"), None);
    assert_eq!(app.search.as_ref().unwrap().query, "quit");
    named(&mut app, KeyName::Backspace);
    assert_eq!(app.search.as_ref().unwrap().query, "qui");
}

#[test]
fn outline_lists_items_and_enter_jumps_to_one() {
    let mut app = app((80, 24));
    press(&mut app, "o");
    assert_eq!(outline_selected(&app), Some(0));
    press(&mut app, "jjj");
    assert_eq!(outline_selected(&app), Some(3));
    named(&mut app, KeyName::Enter);
    assert_eq!(app.overlay, None);
    let r = app.reading.as_ref().unwrap();
    let start = r.layout().unwrap().item_starts[3].unwrap();
    let max = r.layout().unwrap().lines.len() - app.geometry().body_height;
    assert_eq!(scroll(&app), start.min(max));
    assert_eq!(current_item(&app), Some(3));
    press(&mut app, "o");
    assert_eq!(outline_selected(&app), Some(3), "opens on the item in view");
    named(&mut app, KeyName::Esc);
    assert_eq!(app.overlay, None);
}

#[test]
fn help_opens_and_closes_and_swallows_other_keys() {
    let mut app = app((80, 24));
    press(&mut app, "?");
    assert!(matches!(app.overlay, Some(Overlay::Help(_))));
    press(&mut app, "2");
    assert_eq!(tab(&app), 0);
    press(&mut app, "?");
    assert_eq!(app.overlay, None);
}

#[test]
fn quit_export_copy_and_suspend_are_effects() {
    let mut app = app((80, 24));
    press(&mut app, "3");
    assert_eq!(
        press(&mut app, "e"),
        Some(Effect::Export {
            plan: Plan::sections(&[2]),
            whole: false,
            format: None
        })
    );
    let b = Arc::clone(&app.reading.as_ref().unwrap().briefing);
    assert_eq!(
        press(&mut app, "E"),
        Some(Effect::Export {
            plan: Plan::all(&b),
            whole: true,
            format: None
        })
    );
    // The page to share: the whole briefing, in HTML whatever is configured.
    assert_eq!(
        press(&mut app, "H"),
        Some(Effect::Export {
            plan: Plan::all(&b),
            whole: true,
            format: Some(crate::export::Format::Html)
        })
    );
    assert_eq!(
        Plan::all(&b).pages[4..],
        [Page::Timeline, Page::People],
        "the sections, the timeline and the who's who; the sources listed at the end"
    );
    assert_eq!(
        press(&mut app, "y"),
        Some(Effect::Copy {
            plan: Plan::sections(&[2])
        })
    );
    // A generated tab is exported and copied like any other.
    press(&mut app, "5");
    assert_eq!(
        press(&mut app, "e"),
        Some(Effect::Export {
            plan: Plan {
                pages: vec![Page::Timeline],
                tag: None
            },
            whole: false,
            format: None
        })
    );
    assert_eq!(app.update(Msg::Key(Key::ctrl('z'))), Some(Effect::Suspend));
    assert_eq!(press(&mut app, "q"), Some(Effect::Quit));
    assert_eq!(app.update(Msg::Key(Key::ctrl('c'))), Some(Effect::Quit));
}

#[test]
fn resize_reflows_and_keeps_the_item_in_view() {
    let mut app = app((100, 30));
    press(&mut app, "o");
    press(&mut app, "jjjj");
    named(&mut app, KeyName::Enter);
    let item = current_item(&app);
    app.update(Msg::Resize(40, 12));
    assert_eq!(app.reading.as_ref().unwrap().layout().unwrap().width, 37);
    assert_eq!(current_item(&app), item);
    app.update(Msg::Resize(200, 50));
    assert_eq!(
        app.reading.as_ref().unwrap().layout().unwrap().width,
        100,
        "capped at max_width"
    );
    assert_eq!(current_item(&app), item);
    for (w, h) in [(0, 0), (1, 1), (5, 3), (19, 4), (1000, 1000)] {
        app.update(Msg::Resize(w, h));
        press(&mut app, "jGgk");
    }
}

#[test]
fn a_rebinding_changes_behaviour() {
    let keys = KeyMap::with_overrides([(Action::LineDown, vec![Key::char('x')])]).unwrap();
    let mut app = app_with(vec![summit()], keys, (80, 24));
    press(&mut app, "j");
    assert_eq!(scroll(&app), 0, "j is no longer bound");
    press(&mut app, "x");
    assert_eq!(scroll(&app), 1);
}

#[test]
fn several_briefings_start_on_the_picker_newest_first() {
    let one = load("tests/fixtures/reader/one-section.toml");
    let twelve = load("tests/fixtures/reader/twelve-sections.toml");
    let mut app = app_with(vec![summit(), one, twelve], KeyMap::default(), (80, 24));
    assert_eq!(app.screen, Screen::Picker);
    let dates: Vec<String> = app
        .picker
        .rows
        .iter()
        .map(|e| e.briefing().unwrap().meta.date.to_string())
        .collect();
    assert_eq!(dates, vec!["2025-05-20", "2025-03-02", "2024-04-08"]);
    named(&mut app, KeyName::Down);
    let effect = named(&mut app, KeyName::Enter);
    assert!(matches!(effect, Some(Effect::Opened { .. })), "{effect:?}");
    assert_eq!(app.screen, Screen::Reading);
    assert_eq!(
        app.reading.as_ref().unwrap().briefing.meta.date.to_string(),
        "2025-03-02"
    );
    press(&mut app, "b");
    assert_eq!(app.screen, Screen::Picker);
    // In the picker letters are typed into the filter; Esc clears it,
    // then goes back to the briefing the list was opened from.
    assert_eq!(press(&mut app, "q"), None);
    assert_eq!(app.picker.query, "q");
    assert_eq!(
        named(&mut app, KeyName::Esc),
        None,
        "Esc clears the filter first"
    );
    assert_eq!(app.screen, Screen::Picker);
    assert_eq!(named(&mut app, KeyName::Esc), None);
    assert_eq!(app.screen, Screen::Reading);
    // With no briefing open yet, Esc on an empty filter quits (as fzf does).
    let mut app = app_with(
        vec![summit(), load("tests/fixtures/reader/one-section.toml")],
        KeyMap::default(),
        (80, 24),
    );
    assert_eq!(named(&mut app, KeyName::Esc), Some(Effect::Quit));
}

fn entry(rel: &str) -> crate::library::Entry {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    crate::library::load_entry(&path, &LoadOptions::default())
}

fn library_app() -> App {
    let entries = vec![
        entry("briefings/us-japan-summit-2024-04.toml"),
        entry("tests/fixtures/reader/one-section.toml"),
        entry("tests/fixtures/reader/twelve-sections.toml"),
        entry("tests/fixtures/reader/views.toml"),
        entry("tests/fixtures/library/drafts/unfinished.toml"),
    ];
    App::with_library(entries, Settings::new(KeyMap::default()), (120, 30))
}

fn shown_titles(app: &App) -> Vec<String> {
    app.picker
        .shown
        .iter()
        .map(|&i| {
            app.picker.rows[i]
                .briefing()
                .map_or("(broken)".to_string(), |b| b.meta.title.to_string())
        })
        .collect()
}

#[test]
fn the_picker_filters_fuzzily_as_you_type() {
    let mut app = library_app();
    assert_eq!(app.picker.shown.len(), 5);
    assert_eq!(
        shown_titles(&app).last().unwrap(),
        "(broken)",
        "broken files last"
    );
    press(&mut app, "kshda");
    assert_eq!(
        shown_titles(&app),
        vec![
            "Kishida in Washington: the U.S.–Japan state visit and the first trilateral summit with the Philippines"
        ]
    );
    named(&mut app, KeyName::Backspace);
    for _ in 0..4 {
        named(&mut app, KeyName::Backspace);
    }
    press(&mut app, "harbour");
    let titles = shown_titles(&app);
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.iter().all(|t| t.contains("Harbour")), "{titles:?}");
    named(&mut app, KeyName::Enter);
    assert_eq!(app.screen, Screen::Reading);
}

#[test]
fn a_broken_file_in_the_picker_shows_its_diagnostics() {
    let mut app = library_app();
    named(&mut app, KeyName::End);
    assert_eq!(named(&mut app, KeyName::Enter), None);
    assert_eq!(app.screen, Screen::Picker);
    let i = app.picker.diagnostics.expect("diagnostics shown");
    assert!(app.picker.rows[i].report().is_some());
    named(&mut app, KeyName::Esc);
    assert_eq!(app.picker.diagnostics, None);
}

#[test]
fn library_search_opens_the_briefing_at_the_match() {
    let mut app = library_app();
    named(&mut app, KeyName::Tab);
    press(&mut app, "breakwater");
    named(&mut app, KeyName::Enter);
    assert!(!app.picker.hits.is_empty());
    let hit = app.picker.hits[0].clone();
    named(&mut app, KeyName::Enter);
    assert_eq!(app.screen, Screen::Reading);
    let r = app.reading.as_ref().unwrap();
    assert_eq!(r.briefing.path, app.picker.rows[hit.entry].path());
    let s = app.search.as_ref().expect("the query is highlighted");
    assert_eq!(s.query, "breakwater");
    assert!(s.current.is_some());
}

#[test]
fn files_arriving_fill_the_picker_and_keep_the_selection() {
    let mut app = App::with_library(Vec::new(), Settings::new(KeyMap::default()), (80, 24));
    app.update(Msg::Loading(3));
    assert_eq!(app.picker.progress, (0, 3));
    app.update(Msg::Loaded(Box::new(entry(
        "tests/fixtures/reader/one-section.toml",
    ))));
    assert_eq!(
        app.screen,
        Screen::Picker,
        "one file of three does not open by itself"
    );
    app.update(Msg::Loaded(Box::new(entry(
        "briefings/us-japan-summit-2024-04.toml",
    ))));
    named(&mut app, KeyName::Down); // the older one: the summit
    let selected = app.picker.selected_entry().unwrap();
    let path = app.picker.rows[selected].path().to_path_buf();
    app.update(Msg::Loaded(Box::new(entry(
        "tests/fixtures/reader/twelve-sections.toml",
    ))));
    assert_eq!(app.picker.progress, (3, 3));
    let selected = app.picker.selected_entry().unwrap();
    assert_eq!(
        app.picker.rows[selected].path(),
        path,
        "the selection follows its briefing"
    );
}

/// The picker's first two rows as drawn.
fn picker_head(app: &App) -> [String; 3] {
    let theme = crate::config::Theme::default();
    let (w, h) = app.size;
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| super::ui::draw(f, app, &theme)).unwrap();
    let buf = term.backend().buffer().clone();
    [0, 1, 2].map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect())
}

#[test]
fn the_picker_counts_the_files_its_index_reads_until_it_lists_them() {
    let mut app = App::with_library(Vec::new(), Settings::new(KeyMap::default()), (80, 24));
    app.update(Msg::Loading(2000));
    assert!(picker_head(&app)[0].ends_with("loading 0/2000 "));
    app.update(Msg::Indexing {
        done: 282,
        total: 2000,
    });
    let [head, _, body] = picker_head(&app);
    assert!(head.ends_with("indexing 282/2000 "), "{head:?}");
    assert!(body.starts_with(" indexing…"), "{body:?}");
    // Every file read, the index still being written: neither an empty
    // library nor "nothing matches".
    app.update(Msg::Indexing {
        done: 2000,
        total: 2000,
    });
    let [head, _, body] = picker_head(&app);
    assert!(head.ends_with("indexing 2000/2000 "), "{head:?}");
    assert!(body.starts_with(" indexing…"), "{body:?}");
    press(&mut app, "harbour");
    assert!(picker_head(&app)[2].starts_with(" indexing…"));
    app.update(Msg::Listed(Vec::new()));
    let [head, _, body] = picker_head(&app);
    assert!(!head.contains("indexing"), "{head:?}");
    assert!(body.starts_with(" nothing matches"), "{body:?}");
    // A late count (another update's) changes nothing once listed.
    app.update(Msg::Indexing { done: 1, total: 5 });
    assert!(!picker_head(&app)[0].contains("indexing"));
}

#[test]
fn a_saved_position_is_restored_and_survives_a_changed_briefing() {
    let mut app = app((80, 24));
    press(&mut app, "3o");
    press(&mut app, "jj");
    named(&mut app, KeyName::Enter);
    press(&mut app, "j");
    let (_, state) = app.position().unwrap();
    assert_eq!(state.section_id, "economy");
    assert_eq!(state.item_index, Some(2));
    assert_eq!(state.line_offset, 1);
    // A fresh reader restores it exactly (same content).
    let mut again = app_with(vec![summit()], KeyMap::default(), (80, 24));
    again.update(Msg::Resume(Some(state.clone()), None));
    assert_eq!(again.position().unwrap().1, state);
    // A changed briefing (another hash) comes back to the same item, at its top.
    let mut changed = state.clone();
    changed.content_hash ^= 1;
    let mut again = app_with(vec![summit()], KeyMap::default(), (80, 24));
    again.reading.as_mut().unwrap().content_hash = Some(7);
    again.update(Msg::Resume(Some(changed), None));
    let (_, now) = again.position().unwrap();
    assert_eq!(
        (now.section_id.as_str(), now.item_index, now.line_offset),
        ("economy", Some(2), 0)
    );
    // A notice about an unreadable positions file is shown, never fatal.
    again.update(Msg::Resume(
        None,
        Some("ignored the saved reading position".into()),
    ));
    assert!(again.message.as_deref().unwrap().starts_with("ignored"));
}

#[test]
fn a_reload_keeps_the_place_and_a_broken_version_keeps_the_last_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.toml");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings/us-japan-summit-2024-04.toml"),
    )
    .unwrap();
    std::fs::write(&file, &original).unwrap();
    let opts = LoadOptions::default();
    let mut app = App::with_library(
        vec![crate::library::load_entry(&file, &opts)],
        Settings::new(KeyMap::default()),
        (80, 24),
    );
    press(&mut app, "4o");
    press(&mut app, "j");
    named(&mut app, KeyName::Enter);
    let before = app.position().unwrap().1;
    // The file changes: a new headline for the item on screen.
    let edited = original.replace(
        "Washington presses Tokyo after Chinese hacks",
        "Washington presses Tokyo on cyber defenses",
    );
    std::fs::write(&file, &edited).unwrap();
    assert_eq!(
        press(&mut app, "r"),
        Some(Effect::Reload { path: file.clone() })
    );
    app.update(Msg::Reloaded(Box::new(crate::library::load_entry(
        &file, &opts,
    ))));
    let after = app.position().unwrap().1;
    assert_eq!(
        (after.tab, after.item_index),
        (before.tab, before.item_index)
    );
    let text: String = screen_text(&app).join("\n");
    assert!(text.contains("Washington presses Tokyo on cyber defenses"));
    assert!(app.reading.as_ref().unwrap().banner.is_none());
    // A broken version: the last good one stays, with a banner.
    std::fs::write(&file, edited.replace("[briefing]", "[briefing]\ntitel = 1")).unwrap();
    app.update(Msg::Reloaded(Box::new(crate::library::load_entry(
        &file, &opts,
    ))));
    let banner = app
        .reading
        .as_ref()
        .unwrap()
        .banner
        .clone()
        .expect("banner");
    assert!(banner.contains("unknown key `titel`"), "{banner}");
    assert!(screen_text(&app).join("\n").contains("on cyber defenses"));
    // Fixing the file clears it.
    std::fs::write(&file, &edited).unwrap();
    app.update(Msg::Reloaded(Box::new(crate::library::load_entry(
        &file, &opts,
    ))));
    assert!(app.reading.as_ref().unwrap().banner.is_none());
}

#[test]
fn twelve_sections_reach_the_last_by_tab() {
    let twelve = load("tests/fixtures/reader/twelve-sections.toml");
    let mut app = app_with(vec![twelve], KeyMap::default(), (80, 24));
    for _ in 0..11 {
        named(&mut app, KeyName::Tab);
    }
    assert_eq!(tab(&app), 11);
    press(&mut app, "9");
    assert_eq!(tab(&app), 8);
}

fn views_app(size: (u16, u16)) -> App {
    app_with(
        vec![load("tests/fixtures/reader/views.toml")],
        KeyMap::default(),
        size,
    )
}

fn screen_text(app: &App) -> Vec<String> {
    let r = app.reading.as_ref().unwrap();
    r.layout()
        .unwrap()
        .lines
        .iter()
        .map(|l| l.text().to_string())
        .collect()
}

fn goto_page(app: &mut App, page: Page) {
    let i = app
        .reading
        .as_ref()
        .unwrap()
        .pages
        .iter()
        .position(|p| *p == page)
        .expect("page exists");
    let g = app.geometry();
    app.reading.as_mut().unwrap().goto_tab(i, g);
}

#[test]
fn timeline_orders_dates_datetimes_and_free_text() {
    let mut app = views_app((100, 40));
    goto_page(&mut app, Page::Timeline);
    let lines = screen_text(&app);
    let pos = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in {lines:#?}"))
    };
    let order = [
        pos("Storm damage found"),
        pos("Repair budget approved"),
        pos("Crew briefing"),
        pos("Harbour closes for repairs"),
        pos("Reopening"),
        pos("Long-term dredging"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{lines:#?}");
    // A date and time is listed under its day, its time before its item.
    assert!(
        lines
            .iter()
            .any(|l| l == "→ 08:30 Crew briefing · Operations"),
        "{lines:#?}"
    );
    assert_eq!(lines.iter().filter(|l| *l == "Undated").count(), 1);
    assert!(
        lines.iter().any(|l| l == "≈ Wed 5 Mar 2025 (“Wednesday”)"),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l == "≈ 2026 (“by 2026”)"),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l == "→ Long-term dredging · Operations (“when funds allow”)"),
        "{lines:#?}"
    );
}

#[test]
fn timeline_entries_jump_to_their_item() {
    let mut app = views_app((60, 12));
    goto_page(&mut app, Page::Timeline);
    press(&mut app, "]");
    assert!(focused_text(&app).contains("Storm damage found"));
    named(&mut app, KeyName::Enter);
    assert_eq!(tab(&app), 0);
    assert_eq!(current_item(&app), Some(2), "scrolled to the storm item");
    named(&mut app, KeyName::Backspace);
    assert_eq!(app.reading.as_ref().unwrap().page(), Page::Timeline);
}

#[test]
fn who_is_who_lists_people_with_their_mentions() {
    let mut app = views_app((100, 40));
    goto_page(&mut app, Page::People);
    let lines = screen_text(&app);
    let ada = lines
        .iter()
        .position(|l| l == "Ada Reyes — Harbour master")
        .unwrap();
    assert!(
        lines[ada + 1].contains("Harbour closes for repairs · Operations"),
        "{lines:#?}"
    );
    let tom = lines
        .iter()
        .position(|l| l == "Tom Okafor — Council treasurer")
        .unwrap();
    let toms: Vec<&String> = lines[tom + 1..].iter().take(2).collect();
    assert!(toms[0].contains("Repair budget approved"), "{toms:?}");
    assert!(
        toms[1].contains("“We pay now or we pay twice.” — Tom Okafor"),
        "{toms:?}"
    );
    // Select Tom's quote and follow it.
    let r = app.reading.as_ref().unwrap();
    let quote_line = tom + 2;
    assert!(r.layout().unwrap().lines.line(quote_line).target.is_some());
    for _ in 0..10 {
        press(&mut app, "]");
        if app.reading.as_ref().unwrap().pane().focus == Some(quote_line) {
            break;
        }
    }
    named(&mut app, KeyName::Enter);
    assert_eq!(tab(&app), 1, "the Money section");
    assert_eq!(current_item(&app), Some(0));
}

#[test]
fn sources_list_numbers_publishers_urls_and_citing_items() {
    let mut app = views_app((100, 40));
    goto_page(&mut app, Page::Sources);
    let lines = screen_text(&app);
    let text = lines.join("\n");
    assert!(text.contains("[1] Harbour master's log\nPort authority\nhttps://example.org/log\nCited by 2 items:\n→ Harbour closes for repairs · Operations\n→ Storm damage found · Operations"), "{text}");
    assert!(
        text.contains("[2] Council memo\nCited by 1 item:\n→ Repair budget approved · Money"),
        "{text}"
    );
}

#[test]
fn figures_view_shows_a_table_and_bars_per_unit_largest_first() {
    let mut app = views_app((100, 40));
    press(&mut app, "m");
    press(&mut app, "f");
    let r = app.reading.as_ref().unwrap();
    assert!(r.showing_figures());
    let lines = screen_text(&app);
    let text = lines.join("\n");
    assert!(
        text.contains("Figure             Value  Unit         Item"),
        "{text}"
    );
    let dredging = lines
        .iter()
        .position(|l| l.contains("Dredging") && l.contains('█'))
        .unwrap();
    let repair = lines
        .iter()
        .position(|l| l.contains("Breakwater repair") && l.contains('█'))
        .unwrap();
    assert!(dredging < repair, "largest first:\n{text}");
    let bar = |n: usize| lines[n].chars().filter(|&c| c == '█').count();
    assert!(bar(dredging) > bar(repair));
    assert!(lines[dredging].ends_with(" 4") && lines[repair].ends_with(" 2.5"));
    assert!(
        text.contains("In million EUR") && text.contains("In hours"),
        "{text}"
    );
    press(&mut app, "f");
    assert!(!app.reading.as_ref().unwrap().showing_figures());
    press(&mut app, "a");
    press(&mut app, "f");
    assert!(app.message.as_deref().unwrap().contains("no figures"));
}

#[test]
fn following_a_cross_reference_and_coming_back() {
    let mut app = views_app((100, 40));
    let before = app.reading.as_ref().unwrap().scroll();
    press(&mut app, "]");
    assert!(focused_text(&app).contains("→ Money › Repair budget approved"));
    named(&mut app, KeyName::Enter);
    assert_eq!(tab(&app), 1);
    assert_eq!(current_item(&app), Some(0));
    // And from there back along the reverse link, then back twice.
    press(&mut app, "]");
    named(&mut app, KeyName::Enter);
    assert_eq!(tab(&app), 0);
    app.update(Msg::Key(Key::ctrl('o')));
    assert_eq!(tab(&app), 1);
    named(&mut app, KeyName::Backspace);
    assert_eq!(tab(&app), 0);
    assert_eq!(app.reading.as_ref().unwrap().scroll(), before);
    named(&mut app, KeyName::Backspace);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("nothing to go back to")
    );
}

#[test]
fn a_tag_filters_every_section_and_choosing_it_again_clears_it() {
    let mut app = views_app((100, 40));
    press(&mut app, "t");
    let tags: Vec<String> = crate::layout::views::tags(&app.reading.as_ref().unwrap().briefing)
        .into_iter()
        .map(|(t, _)| t.to_string())
        .collect();
    assert_eq!(tags, vec!["repairs", "traffic"]);
    assert_eq!(tags_selected(&app), Some(0));
    press(&mut app, "j");
    named(&mut app, KeyName::Enter); // traffic
    let r = app.reading.as_ref().unwrap();
    assert_eq!(r.filter.as_deref(), Some("traffic"));
    let text = screen_text(&app).join("\n");
    assert!(
        text.contains("Reopening") && !text.contains("Storm damage found"),
        "{text}"
    );
    assert_eq!(
        app.reading.as_ref().unwrap().outline(),
        vec![1],
        "the outline lists what is shown"
    );
    press(&mut app, "o");
    named(&mut app, KeyName::Enter);
    assert_eq!(current_item(&app), Some(1));
    press(&mut app, "m");
    let text = screen_text(&app).join("\n");
    assert!(
        !text.contains("Repair budget approved"),
        "every section is filtered"
    );
    press(&mut app, "t");
    assert_eq!(tags_selected(&app), Some(1), "opens on the active filter");
    named(&mut app, KeyName::Enter);
    assert_eq!(app.reading.as_ref().unwrap().filter, None);
    assert!(
        screen_text(&app)
            .join("\n")
            .contains("Repair budget approved")
    );
}

#[test]
fn generated_tabs_can_be_turned_off() {
    let mut settings = Settings::new(KeyMap::default());
    settings.generated_tabs = false;
    let app = App::new(
        vec![load("tests/fixtures/reader/views.toml")],
        settings,
        (80, 24),
    );
    assert_eq!(
        app.reading.as_ref().unwrap().pages,
        vec![Page::Section(0), Page::Section(1)]
    );
}

/// A briefing of one section long enough to be laid out in steps.
fn long_briefing() -> Arc<Briefing> {
    let mut s = String::from(
        "format = 1\n\n[briefing]\ntitle = \"Long\"\ndate = 2024-04-10\n\n\
         [[sections]]\nid = \"all\"\ntitle = \"Everything\"\n",
    );
    for i in 0..400 {
        let body = format!("Item {i} on steel and trade, with more words. ").repeat(40);
        s.push_str(&format!(
            "\n[[sections.items]]\nid = \"i{i}\"\ntitle = \"Item {i}\"\nbody = \"\"\"\n{body}\n\"\"\"\n"
        ));
    }
    assert!(s.len() > crate::layout::panes::LAZY_BYTES);
    let path = Path::new("long.toml");
    let loaded = crate::briefing::load_str(path, &s, &LoadOptions::default());
    Arc::new(loaded.expect("the long briefing loads").briefing)
}

/// Sends `Idle` until no work is left; returns how many steps it took.
fn idle(app: &mut App) -> usize {
    let mut steps = 0;
    while app.has_work() {
        app.update(Msg::Idle);
        steps += 1;
        assert!(steps < 100_000, "work ends");
    }
    steps
}

fn whole_layout(b: &Briefing, width: usize) -> crate::layout::SectionLayout {
    let opts = crate::layout::WrapOptions {
        width,
        break_long_words: true,
    };
    crate::layout::SectionLayout::new(b, 0, opts)
}

#[test]
fn a_long_section_shows_its_top_at_once_and_the_rest_is_laid_out_while_idle() {
    let b = long_briefing();
    let mut app = app_with(vec![Arc::clone(&b)], KeyMap::default(), (80, 24));
    app.update(Msg::Resize(80, 24));
    let layout = app.reading.as_ref().unwrap().layout().unwrap();
    assert!(!layout.is_complete(), "only the start is laid out");
    assert!(layout.lines.len() >= app.geometry().body_height);
    assert!(layout.estimated_len() > layout.lines.len());
    assert_eq!(label(&app), "Top");
    assert!(idle(&mut app) > 1, "in several steps");
    let width = app.geometry().text_width;
    let layout = app.reading.as_ref().unwrap().layout().unwrap();
    assert_eq!(layout, &whole_layout(&b, width));
}

#[test]
fn a_key_acts_on_the_whole_layout() {
    let b = long_briefing();
    let mut app = app_with(vec![Arc::clone(&b)], KeyMap::default(), (80, 24));
    app.update(Msg::Resize(80, 24));
    assert!(app.has_work());
    press(&mut app, "G");
    assert!(!app.has_work());
    assert_eq!(label(&app), "Bot");
    let total = whole_layout(&b, app.geometry().text_width).lines.len();
    assert_eq!(scroll(&app), total - app.geometry().body_height);
}

#[test]
fn a_resize_of_a_long_section_keeps_the_old_layout_until_the_new_one_is_done() {
    let b = long_briefing();
    let mut app = app_with(vec![Arc::clone(&b)], KeyMap::default(), (80, 24));
    app.update(Msg::Resize(80, 24));
    idle(&mut app);
    let g = app.geometry();
    app.reading.as_mut().unwrap().goto_item(250, g);
    assert_eq!(current_item(&app), Some(250));
    app.update(Msg::Resize(60, 24));
    let r = app.reading.as_ref().unwrap();
    assert_eq!(
        r.layout().unwrap().width,
        77,
        "the old layout stays on screen"
    );
    assert!(app.has_work());
    // Keys still work on the old layout meanwhile.
    press(&mut app, "j");
    assert_eq!(current_item(&app), Some(250));
    idle(&mut app);
    let layout = app.reading.as_ref().unwrap().layout().unwrap();
    assert_eq!(layout, &whole_layout(&b, 57));
    assert_eq!(current_item(&app), Some(250), "the item at the top stays");
}

#[test]
fn matches_are_found_again_when_a_new_layout_is_in_place() {
    let b = long_briefing();
    let mut app = app_with(vec![Arc::clone(&b)], KeyMap::default(), (80, 24));
    app.update(Msg::Resize(80, 24));
    press(&mut app, "/steel");
    named(&mut app, KeyName::Enter);
    let count = app.search.as_ref().unwrap().matches.len();
    assert_eq!(count, 400 * 40);
    press(&mut app, "n");
    app.update(Msg::Resize(50, 24));
    idle(&mut app);
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.matches.len(), count);
    let r = app.reading.as_ref().unwrap();
    let layout = r.layout().unwrap();
    assert_eq!(layout.width, 47);
    let m = s.locate(&r.panes, s.current.unwrap()).unwrap();
    assert_eq!(&layout.lines.line(m.line).text()[m.range], "steel");
    assert!(m.line >= scroll(&app) && m.line < scroll(&app) + app.geometry().body_height);
}

/// The search's matches and the tab of each, at a terminal of `w` columns.
fn search_at(w: u16, query: &str) -> (usize, App) {
    let mut app = app((w, 30));
    press(&mut app, "/");
    press(&mut app, query);
    let n = app.search.as_ref().unwrap().matches.len();
    (n, app)
}

#[test]
fn a_search_finds_the_same_matches_at_every_width() {
    // Phrases that wrapping splits over two lines at some widths.
    for query in ["Japan cast", "state visit", "steel", "U.S. Steel"] {
        let counts: Vec<(u16, usize)> = (24..=160)
            .step_by(4)
            .map(|w| (w, search_at(w, query).0))
            .collect();
        assert!(
            counts.iter().all(|&(_, n)| n == counts[0].1 && n > 0),
            "{query:?}: {counts:?}"
        );
    }
}

#[test]
fn a_match_over_a_line_break_is_highlighted_on_both_lines() {
    // A width at which "Japan cast" is split over two lines.
    let (w, mut app) = (24..=160)
        .map(|w| (w, search_at(w, "Japan cast").1))
        .find(|(_, app)| {
            let s = app.search.as_ref().unwrap();
            let r = app.reading.as_ref().unwrap();
            let (tab, bytes) = s.matches.get(0).unwrap();
            r.panes
                .pane(tab, crate::layout::panes::View::Text)
                .layout
                .as_ref()
                .unwrap()
                .lines
                .segments(bytes)
                .count()
                == 2
        })
        .expect("some width splits the phrase");
    named(&mut app, KeyName::Enter);
    let theme = crate::config::Theme::default();
    let backend = ratatui::backend::TestBackend::new(w, 30);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| super::ui::draw(f, &app, &theme)).unwrap();
    let buf = term.backend().buffer().clone();
    let rows: Vec<String> = (0..30)
        // Without the scrollbar's column.
        .map(|y| (0..w - 1).map(|x| buf[(x, y)].symbol()).collect())
        .collect();
    let lit = |y: usize, word: &str| {
        let row = &rows[y];
        let at = row
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {row:?}"));
        let x = u16::try_from(row[..at].chars().count()).unwrap();
        buf[(x, u16::try_from(y).unwrap())].style().bg == theme.search_current.bg
    };
    let y = rows
        .iter()
        .position(|r| r.trim_end().ends_with("Japan"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(rows[y + 1].trim_start().starts_with("cast"), "{rows:#?}");
    assert!(lit(y, "Japan") && lit(y + 1, "cast"), "{rows:#?}");
}

#[test]
fn the_briefing_summary_opens_the_first_tab_and_is_searched() {
    let mut app = app((100, 30));
    let lines = screen_text(&app);
    assert_eq!(lines[0], "Bottom line", "{lines:#?}");
    assert!(
        lines[1].starts_with("Washington is using Kishida"),
        "{lines:#?}"
    );
    let title = lines.iter().position(|l| l == "Summit agenda").unwrap();
    press(&mut app, "/tighter web of Asian alliances");
    named(&mut app, KeyName::Enter);
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.matches.len(), 1);
    let r = app.reading.as_ref().unwrap();
    let m = s.locate(&r.panes, 0).unwrap();
    assert_eq!(m.section, 0);
    assert!(
        m.line < title,
        "the match is in the summary above the section"
    );
}

#[test]
fn a_library_hit_on_the_summary_opens_it() {
    let mut app = library_app();
    named(&mut app, KeyName::Tab);
    press(&mut app, "tighter web");
    named(&mut app, KeyName::Enter);
    let k = app
        .picker
        .hits
        .iter()
        .position(|h| h.hit.field == crate::library::Field::Summary)
        .expect("a hit on the summary");
    for _ in 0..k {
        named(&mut app, KeyName::Down);
    }
    named(&mut app, KeyName::Enter);
    assert_eq!(app.screen, Screen::Reading);
    let s = app.search.as_ref().unwrap();
    let r = app.reading.as_ref().unwrap();
    let m = s.locate(&r.panes, s.current.unwrap()).unwrap();
    assert_eq!((tab(&app), m.section), (0, 0));
    let lines = screen_text(&app);
    assert!(lines[m.line].contains("tighter") || lines[m.line + 1].contains("web"));
    let title = lines.iter().position(|l| l == "Summit agenda").unwrap();
    assert!(m.line < title);
}

#[test]
fn the_search_covers_the_generated_tabs() {
    let mut app = views_app((100, 40));
    press(&mut app, "/Harbour master");
    let s = app.search.as_ref().unwrap();
    let r = app.reading.as_ref().unwrap();
    let pages: std::collections::BTreeSet<usize> = (0..s.matches.len())
        .map(|i| s.matches.get(i).unwrap().0)
        .collect();
    let people = r.pages.iter().position(|p| *p == Page::People).unwrap();
    let sources = r.pages.iter().position(|p| *p == Page::Sources).unwrap();
    assert!(
        pages.contains(&people) && pages.contains(&sources),
        "{pages:?}"
    );
    // n reaches them, and shows the match on screen.
    named(&mut app, KeyName::Enter);
    let mut tabs = std::collections::BTreeSet::new();
    for _ in 0..app.search.as_ref().unwrap().matches.len() {
        press(&mut app, "n");
        tabs.insert(tab(&app));
    }
    assert!(
        tabs.contains(&people) && tabs.contains(&sources),
        "{tabs:?}"
    );
}

#[test]
fn a_library_hit_among_people_or_sources_opens_there() {
    for (field_place, page, expected) in [
        ("person", Page::People, "Ada Reyes — Harbour master"),
        ("source", Page::Sources, "[1] Harbour master's log"),
    ] {
        let mut app = library_app();
        named(&mut app, KeyName::Tab);
        press(&mut app, "Harbour master");
        named(&mut app, KeyName::Enter);
        let k = app
            .picker
            .hits
            .iter()
            .position(|h| match h.hit.place {
                crate::library::Place::Person { .. } => field_place == "person",
                crate::library::Place::Source { .. } => field_place == "source",
                _ => false,
            })
            .unwrap_or_else(|| panic!("a {field_place} hit"));
        for _ in 0..k {
            named(&mut app, KeyName::Down);
        }
        named(&mut app, KeyName::Enter);
        let r = app.reading.as_ref().unwrap();
        assert_eq!(r.page(), page, "{field_place}");
        let s = app.search.as_ref().unwrap();
        let m = s.locate(&r.panes, s.current.unwrap()).unwrap();
        assert_eq!(m.section, tab(&app));
        let lines = screen_text(&app);
        assert_eq!(lines[m.line], expected, "{field_place}");
        let top = scroll(&app);
        assert!(m.line >= top && m.line < top + app.geometry().body_height);
    }
}

#[test]
fn a_tag_filter_also_narrows_the_timeline_people_and_sources() {
    let mut app = views_app((100, 40));
    // Tags are listed by name: repairs, traffic.
    press(&mut app, "tj");
    named(&mut app, KeyName::Enter);
    assert_eq!(
        app.reading.as_ref().unwrap().filter.as_deref(),
        Some("traffic")
    );
    goto_page(&mut app, Page::Timeline);
    let lines = screen_text(&app);
    assert!(lines.iter().any(|l| l.contains("Reopening")), "{lines:#?}");
    for hidden in ["Storm damage found", "Harbour closes", "Crew briefing"] {
        assert!(!lines.iter().any(|l| l.contains(hidden)), "{lines:#?}");
    }
    goto_page(&mut app, Page::People);
    let lines = screen_text(&app);
    assert!(
        lines
            .iter()
            .any(|l| l == "Not mentioned in any item tagged #traffic."),
        "{lines:#?}"
    );
    goto_page(&mut app, Page::Sources);
    let lines = screen_text(&app);
    assert!(
        !lines.iter().any(|l| l.contains("Harbour closes")),
        "{lines:#?}"
    );
    // Clearing the filter lists every item again.
    press(&mut app, "tj");
    named(&mut app, KeyName::Enter);
    goto_page(&mut app, Page::Timeline);
    let lines = screen_text(&app);
    assert!(lines.iter().any(|l| l.contains("Storm damage found")));
}

#[test]
fn under_a_tag_filter_an_export_holds_what_is_shown_and_says_so() {
    let mut app = views_app((100, 40));
    press(&mut app, "tj");
    named(&mut app, KeyName::Enter);
    let Some(Effect::Export {
        plan, whole: false, ..
    }) = press(&mut app, "e")
    else {
        panic!("e exports")
    };
    assert_eq!(plan.tag.as_deref(), Some("traffic"));
    let b = &app.reading.as_ref().unwrap().briefing;
    let text = crate::export::export_text(b, &plan, 80);
    assert!(
        text.contains("Section: Operations · only the items tagged #traffic\n"),
        "{text}"
    );
    assert!(text.contains("Reopening"), "{text}");
    for hidden in [
        "Harbour closes for repairs",
        "Storm damage found",
        "Crew briefing",
    ] {
        assert!(!text.contains(hidden), "{hidden} in {text}");
    }
    // Only the sources the shown items cite.
    assert!(!text.contains("Harbour master's log"), "{text}");
    let Some(Effect::Copy { plan: copied }) = press(&mut app, "y") else {
        panic!("y copies")
    };
    assert_eq!(copied, plan);
}

#[test]
fn a_long_title_never_pushes_a_library_hit_out_of_sight() {
    let dir = tempfile::tempdir().unwrap();
    let long = "A very long briefing title that goes on and on about the harbour, the council, the budget and the weather";
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader/views.toml"),
    )
    .unwrap()
    .replace("title = \"Harbour week\"", &format!("title = \"{long}\""));
    let path = dir.path().join("long.toml");
    std::fs::write(&path, text).unwrap();
    let entries = vec![
        crate::library::load_entry(&path, &LoadOptions::default()),
        entry("tests/fixtures/reader/one-section.toml"),
    ];
    let mut app = App::with_library(entries, Settings::new(KeyMap::default()), (100, 20));
    named(&mut app, KeyName::Tab);
    press(&mut app, "breakwater");
    named(&mut app, KeyName::Enter);
    assert!(!app.picker.hits.is_empty());
    let theme = crate::config::Theme::default();
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
    term.draw(|f| super::ui::draw(f, &app, &theme)).unwrap();
    let buf = term.backend().buffer().clone();
    let row: String = (0..100).map(|x| buf[(x, 2)].symbol()).collect();
    assert!(row.contains("breakwater"), "the match shows: {row:?}");
    assert!(row.contains("A very long briefing"), "{row:?}");
}
