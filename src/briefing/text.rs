//! Text rules: what may reach a terminal or an export.
