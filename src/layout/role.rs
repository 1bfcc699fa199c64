//! What a piece of laid-out text is, so the reader can style it and the
//! Markdown export can mark it up; the layout itself never picks colours.

/// The kind of a span of laid-out text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Ordinary text.
    Plain,
    /// The briefing's title in an export header.
    BriefingTitle,
    /// A section's title.
    SectionTitle,
    /// A summary (briefing or section): the bottom line.
    Summary,
    /// An item's headline.
    ItemTitle,
    /// Subdued detail: when, status, dates.
    Meta,
    /// A tag label.
    Tag,
    /// Body paragraph text.
    Body,
    /// A bullet marker.
    Bullet,
    /// A quotation from the body (`> ` lines).
    Quotation,
    /// The words of an attributed quote.
    Quote,
    /// "— speaker, role".
    Attribution,
    /// The heading row of a figures table.
    FigureHeader,
    /// A row of a figures table.
    Figure,
    /// A citation mark such as `[1]`.
    Citation,
    /// A cross-reference or URL.
    Link,
    /// A horizontal separator.
    Rule,
}
