//! Markdown to a short list of blocks with their lines: what the importer
//! maps onto the format. pulldown-cmark parses (CommonMark, with GFM
//! tables); this keeps only what a briefing can hold, and notes what it
//! cannot (emphasis, code, images, HTML …) with the line where it is, so
//! that nothing is dropped without a word.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Warning;

/// Inline text, flattened: the words, the links in it, and whether all of
/// it was one emphasis (`*Date: …*`, the export's meta lines).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline {
    /// The text, markup removed; soft and hard line breaks are spaces.
    pub text: String,
    /// Each link's text and destination, in order.
    pub links: Vec<(String, String)>,
    /// Whether the whole text was emphasized (and nothing else).
    pub italic: bool,
}

/// A list item: its text, where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// The item's text (its paragraphs joined with a space).
    pub inline: Inline,
    /// Its line in the Markdown.
    pub line: usize,
}

/// A block of the Markdown, with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `#` to `######`.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its text.
        inline: Inline,
        /// Its line.
        line: usize,
    },
    /// A paragraph.
    Para {
        /// Its text.
        inline: Inline,
        /// Its line.
        line: usize,
    },
    /// A list (nested lists are flattened into it, with a warning).
    List {
        /// Its items.
        items: Vec<ListItem>,
        /// Its line.
        line: usize,
    },
    /// A block quote and what it holds.
    Quote {
        /// Its blocks.
        blocks: Vec<Block>,
        /// Its line.
        line: usize,
    },
    /// A table: the header row first.
    Table {
        /// Rows of cells.
        rows: Vec<Vec<Inline>>,
        /// Its line.
        line: usize,
    },
    /// A thematic break (`---`).
    Rule,
}

/// The byte offset where each line starts, to turn offsets into lines.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    /// The 1-based line of a byte offset.
    fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }
}

/// An open container while the events are read.
enum Frame {
    Quote(Vec<Block>, usize),
    List(Vec<ListItem>, usize),
    Item(Inline, usize),
    Table(Vec<Vec<Inline>>, usize),
}

/// What inline text is being collected for.
enum Target {
    Heading(u8),
    Para,
    Cell,
}

/// Reads Markdown into blocks; what has no place is told in `warnings`.
pub fn blocks(text: &str, warnings: &mut Vec<Warning>) -> Vec<Block> {
    let lines = Lines::new(text);
    let mut out: Vec<Block> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Inline text being collected: for what, from which line, and how deep
    // in emphasis it is; a link's text starts at `link_from`.
    let mut inline: Option<(Target, Inline, usize)> = None;
    let mut emphasis = 0usize;
    let mut plain_seen = false;
    let mut link_from: Vec<(usize, String)> = Vec::new();
    let mut skip_depth = 0usize;
    let mut lists = 0usize;

    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let line = lines.of(range.start);
        let mut warn = |message: String| warnings.push(Warning { line, message });
        if skip_depth > 0 {
            match event {
                Event::Start(_) => skip_depth += 1,
                Event::End(_) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    inline = Some((Target::Heading(level as u8), Inline::default(), line));
                    (emphasis, plain_seen) = (0, false);
                }
                Tag::Paragraph => {
                    if !matches!(stack.last(), Some(Frame::Item(..))) {
                        inline = Some((Target::Para, Inline::default(), line));
                        (emphasis, plain_seen) = (0, false);
                    }
                }
                Tag::BlockQuote(_) => stack.push(Frame::Quote(Vec::new(), line)),
                Tag::List(first) => {
                    if first.is_some() {
                        warn("a numbered list becomes bullets: its numbers are not kept".into());
                    }
                    if lists > 0 {
                        warn("a list inside a list is flattened: its items become bullets of the outer list".into());
                        // The outer item ends here; the inner items follow it.
                        close_item(&mut stack);
                    } else {
                        stack.push(Frame::List(Vec::new(), line));
                    }
                    lists += 1;
                }
                Tag::Item => stack.push(Frame::Item(Inline::default(), line)),
                Tag::Table(_) => stack.push(Frame::Table(Vec::new(), line)),
                Tag::TableHead | Tag::TableRow => {
                    if let Some(Frame::Table(rows, _)) = stack.last_mut() {
                        rows.push(Vec::new());
                    }
                }
                Tag::TableCell => inline = Some((Target::Cell, Inline::default(), line)),
                Tag::Emphasis => emphasis += 1,
                Tag::Strong => warn("bold text is kept as plain text".into()),
                Tag::Strikethrough => warn("struck-out text is kept as plain text".into()),
                Tag::Link { dest_url, .. } => {
                    let at = current(&mut inline, &mut stack).map_or(0, |i| i.text.len());
                    link_from.push((at, dest_url.to_string()));
                }
                Tag::Image { dest_url, .. } => {
                    warn(format!(
                        "an image has no place in a briefing: its description is kept as text, not the image ({})",
                        dest_url
                    ));
                }
                Tag::CodeBlock(_) => {
                    warn("a code block has no place in a briefing: its lines are kept as a paragraph".into());
                    inline = Some((Target::Para, Inline::default(), line));
                    plain_seen = true;
                }
                Tag::HtmlBlock => {
                    warn("HTML has no place in a briefing: it is left out".into());
                    skip_depth = 1;
                }
                Tag::FootnoteDefinition(_)
                | Tag::MetadataBlock(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition
                | Tag::Superscript
                | Tag::Subscript => {}
            },
            Event::End(end) => match end {
                TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock => {
                    if let Some((target, mut i, at)) = inline.take() {
                        if i.italic && plain_seen {
                            // It began emphasized, but more followed.
                            warnings.push(Warning {
                                line: at,
                                message: "emphasis is kept as plain text".into(),
                            });
                        }
                        i.italic = i.italic && !plain_seen;
                        i.text = i.text.trim().to_string();
                        let block = match target {
                            Target::Heading(level) => Block::Heading {
                                level,
                                inline: i,
                                line: at,
                            },
                            _ => Block::Para {
                                inline: i,
                                line: at,
                            },
                        };
                        push(&mut stack, &mut out, block);
                    }
                }
                TagEnd::TableCell => {
                    if let Some((_, mut i, _)) = inline.take() {
                        i.text = i.text.trim().to_string();
                        if let Some(Frame::Table(rows, _)) = stack.last_mut()
                            && let Some(row) = rows.last_mut()
                        {
                            row.push(i);
                        }
                    }
                }
                TagEnd::Item => close_item(&mut stack),
                TagEnd::List(_) => {
                    lists = lists.saturating_sub(1);
                    if lists > 0 {
                        // What follows an inner list belongs to the outer item.
                        stack.push(Frame::Item(Inline::default(), line));
                    } else if let Some(Frame::List(items, at)) = stack.pop() {
                        push(&mut stack, &mut out, Block::List { items, line: at });
                    }
                }
                TagEnd::BlockQuote(_) => {
                    if let Some(Frame::Quote(blocks, at)) = stack.pop() {
                        push(&mut stack, &mut out, Block::Quote { blocks, line: at });
                    }
                }
                TagEnd::Table => {
                    if let Some(Frame::Table(rows, at)) = stack.pop() {
                        push(&mut stack, &mut out, Block::Table { rows, line: at });
                    }
                }
                TagEnd::Emphasis => emphasis = emphasis.saturating_sub(1),
                TagEnd::Link => {
                    if let Some((from, url)) = link_from.pop()
                        && let Some(i) = current(&mut inline, &mut stack)
                    {
                        let text = i.text.get(from..).unwrap_or_default().trim().to_string();
                        i.links.push((text, url));
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(i) = current(&mut inline, &mut stack) {
                    if emphasis > 0 && i.text.trim().is_empty() && !plain_seen {
                        i.italic = true;
                    } else if emphasis == 0 && !t.trim().is_empty() {
                        plain_seen = true;
                    } else if emphasis > 0 && !i.italic {
                        warn("emphasis is kept as plain text".into());
                    }
                    i.text.push_str(&t);
                }
            }
            Event::Code(t) => {
                warn("code is kept as plain text".into());
                plain_seen = true;
                if let Some(i) = current(&mut inline, &mut stack) {
                    i.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = current(&mut inline, &mut stack) {
                    i.text.push(' ');
                }
            }
            Event::Rule => push(&mut stack, &mut out, Block::Rule),
            Event::Html(_) | Event::InlineHtml(_) => {
                warn("HTML has no place in a briefing: it is left out".into());
            }
            Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {
                warn("this markup has no place in a briefing: it is left out".into());
            }
        }
    }
    out
}

/// Ends the open list item, if any: it joins its list unless empty.
fn close_item(stack: &mut Vec<Frame>) {
    if matches!(stack.last(), Some(Frame::Item(..)))
        && let Some(Frame::Item(mut i, at)) = stack.pop()
    {
        i.text = i.text.trim().to_string();
        if !i.text.is_empty()
            && let Some(Frame::List(items, _)) = stack.last_mut()
        {
            items.push(ListItem {
                inline: i,
                line: at,
            });
        }
    }
}

/// The inline text being collected: a heading's, a paragraph's or a cell's,
/// else (a tight list item has no paragraph) the open list item's.
fn current<'a>(
    inline: &'a mut Option<(Target, Inline, usize)>,
    stack: &'a mut [Frame],
) -> Option<&'a mut Inline> {
    if let Some((_, i, _)) = inline {
        return Some(i);
    }
    match stack.last_mut() {
        Some(Frame::Item(i, _)) => Some(i),
        _ => None,
    }
}

/// Puts a finished block where it belongs: into the open quote or list item,
/// or at the top level.
fn push(stack: &mut [Frame], out: &mut Vec<Block>, block: Block) {
    match stack.last_mut() {
        Some(Frame::Quote(blocks, _)) => blocks.push(block),
        Some(Frame::Item(i, _)) => {
            // A loose item's paragraphs (and anything else in it) are its text.
            let text = match &block {
                Block::Para { inline, .. } | Block::Heading { inline, .. } => inline.text.clone(),
                _ => String::new(),
            };
            if let Block::Para { inline, .. } = &block {
                i.links.extend(inline.links.iter().cloned());
            }
            if !i.text.is_empty() && !text.is_empty() {
                i.text.push(' ');
            }
            i.text.push_str(&text);
        }
        _ => out.push(block),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(md: &str) -> (Vec<Block>, Vec<Warning>) {
        let mut w = Vec::new();
        let b = blocks(md, &mut w);
        (b, w)
    }

    #[test]
    fn headings_paragraphs_lists_quotes_and_tables_with_their_lines() {
        let md = "# Title\n\nSome *words* and [a link](https://x.y).\n\n- one\n- two\n\n> said\n>\n> — Someone\n\n| a | b |\n|---|---|\n| x | 1 |\n";
        let (b, w) = read(md);
        assert_eq!(b.len(), 5, "{b:#?}");
        assert!(
            matches!(&b[0], Block::Heading { level: 1, inline, line: 1 } if inline.text == "Title")
        );
        match &b[1] {
            Block::Para { inline, line: 3 } => {
                assert_eq!(inline.text, "Some words and a link.");
                assert_eq!(
                    inline.links,
                    vec![("a link".to_string(), "https://x.y".to_string())]
                );
                assert!(!inline.italic);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(&b[2], Block::List { items, line: 5 } if items.len() == 2 && items[1].line == 6)
        );
        assert!(matches!(&b[3], Block::Quote { blocks, line: 8 } if blocks.len() == 2));
        assert!(
            matches!(&b[4], Block::Table { rows, .. } if rows.len() == 2 && rows[1][1].text == "1")
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, 3);
    }

    #[test]
    fn a_wholly_italic_paragraph_is_marked() {
        let (b, w) = read("*Date: Mon 8 Apr 2024*\n\n*half* not\n");
        assert!(
            matches!(&b[0], Block::Para { inline, .. } if inline.italic && inline.text == "Date: Mon 8 Apr 2024")
        );
        assert!(matches!(&b[1], Block::Para { inline, .. } if !inline.italic));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn nested_lists_are_flattened_and_html_left_out_with_warnings() {
        let (b, w) = read("- a\n  - b\n- c\n\n<div>x</div>\n");
        match &b[0] {
            Block::List { items, .. } => {
                let texts: Vec<&str> = items.iter().map(|i| i.inline.text.as_str()).collect();
                assert_eq!(texts, vec!["a", "b", "c"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(b.len(), 1, "{b:?}");
        assert!(
            w.iter()
                .any(|w| w.message.contains("flattened") && w.line == 2),
            "{w:?}"
        );
        assert!(
            w.iter().any(|w| w.message.contains("HTML") && w.line == 5),
            "{w:?}"
        );
    }
}
