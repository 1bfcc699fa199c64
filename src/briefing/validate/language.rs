//! The briefing's `language`: a BCP 47 tag (RFC 5646), well-formed and
//! known.
//!
//! "Known" means what RFC 5646 calls valid: every subtag (language,
//! extended language, script, region, variant) is in the IANA Language
//! Subtag Registry, as the `language-tags` crate carries it, and extended
//! languages and variants follow the prefixes the registry gives them.
//! Private-use tags (`x-…`), the private-use ranges (`qaa`–`qtz`, `Qaaa`–
//! `Qabx`, `QM`–`QZ`, `XA`–`XZ`) and the grandfathered tags are known by
//! definition. Extensions (`-u-…`) are checked for their form only. A tag
//! that is only well-formed (`xx`, `en-ZZ`) is refused rather than passed
//! on: a browser or a screen reader given a language it does not know reads
//! the text with the wrong voice and hyphenation, silently.

use language_tags::{LanguageTag, ParseError, ValidationError};

use super::super::code::Code;
use super::fields::shown;
use super::{Builder, Table};

const EXAMPLES: &str =
    "write a BCP 47 language tag such as `en`, `en-GB`, `fr`, `ja`, `zh-Hant` or `pt-BR`";

/// Languages people write by name, with their tag: the help for a name
/// where a tag belongs (`language = "English"`).
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("german", "de"),
    ("deutsch", "de"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("italian", "it"),
    ("italiano", "it"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("polish", "pl"),
    ("swedish", "sv"),
    ("danish", "da"),
    ("norwegian", "no"),
    ("finnish", "fi"),
    ("greek", "el"),
    ("turkish", "tr"),
    ("russian", "ru"),
    ("ukrainian", "uk"),
    ("arabic", "ar"),
    ("hebrew", "he"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("hindi", "hi"),
    ("japanese", "ja"),
    ("日本語", "ja"),
    ("chinese", "zh"),
    ("中文", "zh"),
    ("korean", "ko"),
    ("한국어", "ko"),
    ("vietnamese", "vi"),
    ("thai", "th"),
    ("indonesian", "id"),
    ("tagalog", "tl"),
    ("filipino", "fil"),
];

/// Checks a language tag: its registered spelling when it is well-formed
/// and known, else what is wrong (code, message, label, help).
pub(super) fn check(tag: &str) -> Result<String, (Code, String, String, String)> {
    let help = || {
        let lower = tag.trim().to_lowercase();
        if let Some((_, code)) = NAMES.iter().find(|(name, _)| *name == lower) {
            return format!("a language tag is a code, not a name: did you mean `{code}`?");
        }
        let hyphens = tag.replace('_', "-");
        if hyphens != tag
            && let Ok(fixed) = LanguageTag::parse(&hyphens)
            && fixed.validate().is_ok()
        {
            return format!(
                "subtags are separated by hyphens, not underscores: did you mean `{fixed}`?"
            );
        }
        EXAMPLES.to_string()
    };
    let malformed = |why: String| {
        Err((
            Code::InvalidLanguage,
            format!("invalid language tag `{}` for `language`", shown(tag)),
            why,
            help(),
        ))
    };
    // Said first: the parser reports a stray character as whatever subtag
    // it was reading (`en_US` as a bad language subtag).
    if !tag.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
        return malformed("only letters a-z, digits and hyphens may be used".into());
    }
    let parsed = match LanguageTag::parse(tag) {
        Ok(parsed) => parsed,
        Err(e) => {
            let why = match e {
                ParseError::SubtagTooLong => "a subtag is at most 8 characters".to_string(),
                ParseError::EmptySubtag => "an empty subtag (two hyphens, or one at an end)".into(),
                ParseError::InvalidLanguage => "no language subtag where the tag starts".into(),
                other => other.to_string(),
            };
            return malformed(why);
        }
    };
    match parsed.validate() {
        Ok(()) => Ok(parsed.into_string()),
        Err(e) => {
            let part = |what: &str, subtag: Option<&str>| {
                format!(
                    "the {what} `{}` is not in the IANA Language Subtag Registry",
                    shown(subtag.unwrap_or_default())
                )
            };
            let why = match e {
                ValidationError::PrimaryLanguageNotInRegistry => {
                    part("language", Some(parsed.primary_language()))
                }
                ValidationError::ExtendedLanguageNotInRegistry => {
                    part("extended language", parsed.extended_language())
                }
                ValidationError::ScriptNotInRegistry => part("script", parsed.script()),
                ValidationError::RegionNotInRegistry => part("region", parsed.region()),
                ValidationError::VariantNotInRegistry => part("variant", parsed.variant()),
                other => other.to_string(),
            };
            Err((
                Code::UnknownLanguage,
                format!("unknown language tag `{}` for `language`", shown(tag)),
                why,
                help(),
            ))
        }
    }
}

impl Builder<'_, '_> {
    /// The `language` of `[briefing]`, in its registered spelling; an
    /// error for a tag that is malformed or not known (see the module docs).
    pub(super) fn language(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let v = t.get(key)?;
        let toml::de::DeValue::String(s) = v.get_ref() else {
            self.wrong_type("a string", key, t, v);
            return None;
        };
        match check(s) {
            Ok(tag) => Some(tag),
            Err((code, message, label, help)) => {
                self.error(
                    code.diagnostic(format!("{message} {}", t.loc()), Some(v.span()))
                        .with_label(label)
                        .with_help(help),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn known_tags_come_back_in_their_registered_case() {
        for (tag, canonical) in [
            ("en", "en"),
            ("en-gb", "en-GB"),
            ("EN-US", "en-US"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("ja", "ja"),
            ("sr-Latn", "sr-Latn"),
            ("de-CH-1996", "de-CH-1996"),
            ("fil", "fil"),
            ("x-klingon", "x-klingon"),
            ("qaa", "qaa"),
            ("i-klingon", "i-klingon"),
            ("en-u-ca-gregory", "en-u-ca-gregory"),
        ] {
            assert_eq!(check(tag).as_deref(), Ok(canonical), "{tag}");
        }
    }

    #[test]
    fn malformed_tags_say_why_and_what_to_write() {
        let (code, message, label, help) = check("en_US").unwrap_err();
        assert_eq!(code, super::Code::InvalidLanguage);
        assert_eq!(message, "invalid language tag `en_US` for `language`");
        assert_eq!(label, "only letters a-z, digits and hyphens may be used");
        assert_eq!(
            help,
            "subtags are separated by hyphens, not underscores: did you mean `en-US`?"
        );
        let (_, _, label, help) = check("en--GB").unwrap_err();
        assert_eq!(label, "an empty subtag (two hyphens, or one at an end)");
        assert!(help.starts_with("write a BCP 47 language tag"), "{help}");
        assert!(check("").is_err());
        assert!(check("en-GB-abcdefghi").is_err());
        assert!(check("<script>").is_err());
    }

    #[test]
    fn unknown_tags_name_the_subtag_that_is_not_registered() {
        let (code, message, label, _) = check("xx").unwrap_err();
        assert_eq!(code, super::Code::UnknownLanguage);
        assert_eq!(message, "unknown language tag `xx` for `language`");
        assert_eq!(
            label,
            "the language `xx` is not in the IANA Language Subtag Registry"
        );
        let (_, _, label, _) = check("en-YY").unwrap_err();
        assert_eq!(
            label,
            "the region `YY` is not in the IANA Language Subtag Registry"
        );
        let (_, _, label, _) = check("en-Abcd").unwrap_err();
        assert!(label.starts_with("the script `Abcd`"), "{label}");
        let (_, _, _, help) = check("English").unwrap_err();
        assert_eq!(
            help,
            "a language tag is a code, not a name: did you mean `en`?"
        );
    }
}
