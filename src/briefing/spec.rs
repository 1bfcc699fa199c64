//! The keys of the format, one table for everyone who needs them: the
//! loader checks keys against it, `brief schema` turns it into a JSON
//! Schema, and `brief fmt` writes keys in its order.
//!
//! What a key's value must be is checked by the loader's own code (with
//! messages a JSON Schema validator cannot give); [`Kind`] says the same in
//! the terms a schema can, and a test runs every fixture through both.

/// One table of the format (`[briefing]`, `[[sections]]` …).
#[derive(Debug)]
pub struct TableSpec {
    /// How messages name it: `[briefing]`, `[[sections.items]]`, `figure`.
    pub name: &'static str,
    /// What it is for, in a sentence or two.
    pub doc: &'static str,
    /// Its keys, in the order `brief fmt` writes them.
    pub fields: &'static [Field],
    /// Keys of which at least one must be present (an array among them must
    /// not be empty): a section needs a `summary` or items.
    pub needs_one_of: &'static [&'static str],
}

/// One key of a table.
#[derive(Debug)]
pub struct Field {
    /// The key.
    pub name: &'static str,
    /// What its value must be.
    pub kind: Kind,
    /// Whether the table needs it.
    pub required: bool,
    /// What it means, for curators (shown by editors on hover).
    pub doc: &'static str,
}

/// What a value must be.
#[derive(Debug)]
pub enum Kind {
    /// The integer 1: the format version.
    FormatVersion,
    /// Any string.
    Text,
    /// A string that is not blank.
    Title,
    /// Any string, usually long: written as a multi-line string by `brief fmt`.
    LongText,
    /// A slug: `^[a-z0-9][a-z0-9-]{0,39}$`.
    Slug,
    /// One ASCII letter.
    Letter,
    /// A date, `YYYY-MM-DD` (a TOML date or a string).
    Date,
    /// A date, or a date and time (RFC 3339).
    DateOrDateTime,
    /// A date, a date and time, or free text.
    When,
    /// A BCP 47 language tag (`en`, `pt-BR`); the loader also checks that
    /// its subtags are registered.
    Language,
    /// A finite number.
    Number,
    /// An array of strings.
    Texts,
    /// An array of slugs naming `[[sources]]` entries.
    SourceIds,
    /// A slug naming a `[[sources]]` entry.
    SourceId,
    /// An array of `SECTION` or `SECTION/ITEM` references.
    References,
    /// A table.
    Table(&'static TableSpec),
    /// An array of tables; `min` is the fewest it may hold.
    Tables(&'static TableSpec, usize),
    /// An array of tables usually written inline (`figures = [{ … }]`).
    InlineTables(&'static TableSpec),
}

impl TableSpec {
    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + Clone + '_ {
        self.fields.iter().map(|f| f.name)
    }

    /// The key's spec, when the table has it.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == key)
    }
}

/// The whole file.
pub static TOP: TableSpec = TableSpec {
    name: "the top level",
    doc: "A briefing: hand-written TOML read by `brief` (format 1).",
    fields: &[
        Field {
            name: "format",
            kind: Kind::FormatVersion,
            required: false,
            doc: "The format version. Only 1 is read by this version of brief; leaving it out means 1.",
        },
        Field {
            name: "briefing",
            kind: Kind::Table(&BRIEFING),
            required: true,
            doc: "The front matter: title, date and what the whole briefing says.",
        },
        Field {
            name: "sources",
            kind: Kind::Tables(&SOURCE, 0),
            required: false,
            doc: "What the briefing is based on. Citations number the sources from 1 in file order.",
        },
        Field {
            name: "people",
            kind: Kind::Tables(&PERSON, 0),
            required: false,
            doc: "Who's who: the people the items name.",
        },
        Field {
            name: "sections",
            kind: Kind::Tables(&SECTION, 1),
            required: true,
            doc: "The tabs of the reader, in order; at least one.",
        },
    ],
    needs_one_of: &[],
};

/// `[briefing]`.
pub static BRIEFING: TableSpec = TableSpec {
    name: "[briefing]",
    doc: "The front matter of the briefing.",
    fields: &[
        Field {
            name: "title",
            kind: Kind::Title,
            required: true,
            doc: "The headline of the whole briefing.",
        },
        Field {
            name: "subtitle",
            kind: Kind::Text,
            required: false,
            doc: "A second line under the title.",
        },
        Field {
            name: "date",
            kind: Kind::Date,
            required: true,
            doc: "The briefing's date: 2024-04-10 (a TOML date, or a string in that form).",
        },
        Field {
            name: "as_of",
            kind: Kind::DateOrDateTime,
            required: false,
            doc: "Information cut-off: a date, or a date and time such as 2024-04-10T18:00:00-04:00.",
        },
        Field {
            name: "authors",
            kind: Kind::Texts,
            required: false,
            doc: "Who wrote it.",
        },
        Field {
            name: "tags",
            kind: Kind::Texts,
            required: false,
            doc: "Free-form labels.",
        },
        Field {
            name: "language",
            kind: Kind::Language,
            required: false,
            doc: "The language the briefing is written in, as a BCP 47 tag: en, en-GB, fr, ja, zh-Hant. The HTML export gives it to browsers and screen readers.",
        },
        Field {
            name: "summary",
            kind: Kind::LongText,
            required: false,
            doc: "The bottom line up front: what the briefing says, in a few sentences. Paragraphs are separated by a blank line.",
        },
    ],
    needs_one_of: &[],
};

/// `[[sources]]`.
pub static SOURCE: TableSpec = TableSpec {
    name: "[[sources]]",
    doc: "A document the briefing is based on.",
    fields: &[
        Field {
            name: "id",
            kind: Kind::Slug,
            required: true,
            doc: "How items and quotes cite it: lowercase letters, digits and hyphens, unique among sources.",
        },
        Field {
            name: "title",
            kind: Kind::Text,
            required: true,
            doc: "Title of the source document.",
        },
        Field {
            name: "publisher",
            kind: Kind::Text,
            required: false,
            doc: "Who published it.",
        },
        Field {
            name: "author",
            kind: Kind::Text,
            required: false,
            doc: "Who wrote it.",
        },
        Field {
            name: "date",
            kind: Kind::Date,
            required: false,
            doc: "When it was published: 2024-04-08.",
        },
        Field {
            name: "url",
            kind: Kind::Text,
            required: false,
            doc: "Where it can be read (http, https and mailto addresses become links).",
        },
    ],
    needs_one_of: &[],
};

/// `[[people]]`.
pub static PERSON: TableSpec = TableSpec {
    name: "[[people]]",
    doc: "A person the briefing names, for the Who's who.",
    fields: &[
        Field {
            name: "id",
            kind: Kind::Slug,
            required: false,
            doc: "A short handle: lowercase letters, digits and hyphens, unique among people.",
        },
        Field {
            name: "name",
            kind: Kind::Text,
            required: true,
            doc: "Full name, as it appears in the text (items that use it, or the last word of it, are listed under the person).",
        },
        Field {
            name: "role",
            kind: Kind::Text,
            required: false,
            doc: "Office or position.",
        },
        Field {
            name: "note",
            kind: Kind::Text,
            required: false,
            doc: "Anything else worth knowing.",
        },
    ],
    needs_one_of: &[],
};

/// `[[sections]]`.
pub static SECTION: TableSpec = TableSpec {
    name: "[[sections]]",
    doc: "A tab of the reader. It needs a `summary`, at least one item, or both.",
    fields: &[
        Field {
            name: "id",
            kind: Kind::Slug,
            required: true,
            doc: "Used by `see_also` and `brief export --section`: lowercase letters, digits and hyphens, unique among sections.",
        },
        Field {
            name: "title",
            kind: Kind::Title,
            required: true,
            doc: "The tab title.",
        },
        Field {
            name: "key",
            kind: Kind::Letter,
            required: false,
            doc: "The section's own hotkey: one ASCII letter, unique among sections and not one the reader binds to a command.",
        },
        Field {
            name: "summary",
            kind: Kind::LongText,
            required: false,
            doc: "What the section says, in a few sentences.",
        },
        Field {
            name: "items",
            kind: Kind::Tables(&ITEM, 0),
            required: false,
            doc: "The section's points, in order: [[sections.items]].",
        },
    ],
    needs_one_of: &["summary", "items"],
};

/// `[[sections.items]]`.
pub static ITEM: TableSpec = TableSpec {
    name: "[[sections.items]]",
    doc: "One point of a section: it belongs to the [[sections]] above it.",
    fields: &[
        Field {
            name: "id",
            kind: Kind::Slug,
            required: false,
            doc: "Lets `see_also` point here: lowercase letters, digits and hyphens, unique within the section.",
        },
        Field {
            name: "title",
            kind: Kind::Title,
            required: true,
            doc: "The headline.",
        },
        Field {
            name: "when",
            kind: Kind::When,
            required: false,
            doc: "When it happens: 2024-04-10, 2024-04-10T19:00:00-04:00, or free text such as \"by 2025\".",
        },
        Field {
            name: "status",
            kind: Kind::Text,
            required: false,
            doc: "Where it stands, e.g. \"announced\", \"planned\", \"unresolved\".",
        },
        Field {
            name: "tags",
            kind: Kind::Texts,
            required: false,
            doc: "Free-form labels.",
        },
        Field {
            name: "sources",
            kind: Kind::SourceIds,
            required: false,
            doc: "The ids of the [[sources]] entries it is based on.",
        },
        Field {
            name: "see_also",
            kind: Kind::References,
            required: false,
            doc: "Cross-references: \"SECTION\" or \"SECTION/ITEM\" (ids); each must exist.",
        },
        Field {
            name: "body",
            kind: Kind::LongText,
            required: false,
            doc: "The text. Paragraphs are separated by a blank line; a line starting with \"- \" is a bullet, one starting with \"> \" a quotation.",
        },
        Field {
            name: "figures",
            kind: Kind::InlineTables(&FIGURE),
            required: false,
            doc: "Amounts worth comparing: { label, value, unit, note }.",
        },
        Field {
            name: "quotes",
            kind: Kind::InlineTables(&QUOTE),
            required: false,
            doc: "Attributed statements: { text, speaker, role, source }.",
        },
    ],
    needs_one_of: &[],
};

/// An entry of `figures`.
pub static FIGURE: TableSpec = TableSpec {
    name: "figure",
    doc: "An amount worth comparing.",
    fields: &[
        Field {
            name: "label",
            kind: Kind::Text,
            required: true,
            doc: "What is measured.",
        },
        Field {
            name: "value",
            kind: Kind::Number,
            required: true,
            doc: "The amount: an integer or a float, finite (no nan, no inf).",
        },
        Field {
            name: "unit",
            kind: Kind::Text,
            required: false,
            doc: "The unit of the amount, e.g. \"billion USD\".",
        },
        Field {
            name: "note",
            kind: Kind::Text,
            required: false,
            doc: "A qualifier such as \"up to\".",
        },
    ],
    needs_one_of: &[],
};

/// An entry of `quotes`.
pub static QUOTE: TableSpec = TableSpec {
    name: "quote",
    doc: "An attributed statement.",
    fields: &[
        Field {
            name: "text",
            kind: Kind::Text,
            required: true,
            doc: "The words quoted.",
        },
        Field {
            name: "speaker",
            kind: Kind::Text,
            required: true,
            doc: "Who said them.",
        },
        Field {
            name: "role",
            kind: Kind::Text,
            required: false,
            doc: "The speaker's role.",
        },
        Field {
            name: "source",
            kind: Kind::SourceId,
            required: false,
            doc: "The id of the [[sources]] entry it comes from.",
        },
    ],
    needs_one_of: &[],
};
