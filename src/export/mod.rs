//! Export: sections as plain text or Markdown, written atomically.
