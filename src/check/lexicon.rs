//! The prose lexicon: zh and en terms the prose rules look for, from
//! `data/lexicon.yaml` (embedded).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const LEXICON_YAML: &str = include_str!("../../data/lexicon.yaml");

/// Topics asked for that the lexicon does not have.
static MISSING: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// One list of terms.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub zh: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

impl Terms {
    /// The first term (zh or en, case-insensitive for en) found in `text`,
    /// with its byte offset.
    pub fn find(&self, text: &str) -> Option<(usize, &str)> {
        let mut best: Option<(usize, &str)> = None;
        for t in &self.zh {
            if let Some(i) = text.find(t.as_str()) {
                if best.is_none_or(|b| i < b.0) {
                    best = Some((i, t));
                }
            }
        }
        let lower = text.to_lowercase();
        if lower.len() == text.len() {
            for t in &self.en {
                if let Some(i) = lower.find(&t.to_lowercase()) {
                    if best.is_none_or(|b| i < b.0) {
                        best = Some((i, t));
                    }
                }
            }
        }
        best
    }
}

/// All term lists, by topic.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Lexicon {
    topics: BTreeMap<String, Terms>,
}

impl Lexicon {
    pub fn builtin() -> Result<&'static Lexicon, String> {
        static L: OnceLock<Result<Lexicon, String>> = OnceLock::new();
        L.get_or_init(|| {
            serde_yaml::from_str(LEXICON_YAML).map_err(|e| format!("lexicon data: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// The terms of a topic (empty if the topic is unknown; a test checks
    /// that every topic a rule asks for exists).
    pub fn terms(&self, topic: &str) -> &Terms {
        static EMPTY: OnceLock<Terms> = OnceLock::new();
        self.topics.get(topic).unwrap_or_else(|| {
            if let Ok(mut missing) = MISSING.lock() {
                missing.insert(topic.to_string());
            }
            EMPTY.get_or_init(Terms::default)
        })
    }

    /// Topics that rules asked for and that do not exist (for the registry
    /// self-test, which runs every rule and then checks this is empty).
    pub fn missing_topics() -> Vec<String> {
        MISSING
            .lock()
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub fn topics(&self) -> impl Iterator<Item = &str> {
        self.topics.keys().map(String::as_str)
    }
}
