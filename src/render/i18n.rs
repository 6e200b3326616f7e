//! Translation tables for the rendered page: every heading, fixed phrase and
//! label of a closed vocabulary, in Chinese and English, read from
//! `data/i18n.yaml` (embedded, parsed once).
//!
//! Keys are dotted names (`chapter.collect`, `refusal.blocks-function`). A
//! vocabulary word's label is found under `<vocabulary>.<word>`. Templates
//! hold `{name}` placeholders filled by [`Catalog::fill`].

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Lang;

/// One phrase in both languages.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    pub zh: String,
    pub en: String,
}

impl Phrase {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Word lists indexed by number (chapter numerals, month names).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    phrases: BTreeMap<String, Phrase>,
    sequences: BTreeMap<String, Sequence>,
}

/// The parsed translation tables.
#[derive(Debug)]
pub struct Catalog {
    phrases: BTreeMap<String, Phrase>,
    sequences: BTreeMap<String, Sequence>,
}

/// How a missing key starts when rendered: visible, and easy to find in tests.
pub const MISSING_OPEN: &str = "⟦";

impl Catalog {
    /// The built-in tables, parsed once.
    pub fn builtin() -> Result<&'static Catalog, String> {
        static BUILTIN: OnceLock<Result<Catalog, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                crate::data::read(crate::data::I18N, "translation").map(Catalog::from_file)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn from_file(f: File) -> Catalog {
        Catalog {
            phrases: f.phrases,
            sequences: f.sequences,
        }
    }

    /// Whether the tables have this key.
    pub fn has(&self, key: &str) -> bool {
        self.phrases.contains_key(key)
    }

    /// Every phrase key and its phrase.
    pub fn phrases(&self) -> impl Iterator<Item = (&str, &Phrase)> {
        self.phrases.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The phrase for `key` in `lang`; a missing key shows as `⟦key⟧`.
    pub fn get(&self, key: &str, lang: Lang) -> String {
        match self.phrases.get(key) {
            Some(p) => p.get(lang).to_owned(),
            None => format!("{MISSING_OPEN}{key}⟧"),
        }
    }

    /// The phrase for `key` with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, lang: Lang, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key, lang);
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// Entry `n` (0-based) of a sequence, if it has one.
    pub fn nth(&self, key: &str, lang: Lang, n: usize) -> Option<&str> {
        let seq = self.sequences.get(key)?;
        let list = match lang {
            Lang::Zh => &seq.zh,
            Lang::En => &seq.en,
        };
        list.get(n).map(String::as_str)
    }
}
