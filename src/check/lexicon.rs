//! The prose lexicon: zh and en terms the prose rules look for, from
//! `data/lexicon.yaml` (embedded).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

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
    /// The zh terms, and the lower-cased en terms, as automata (built on
    /// first use): one pass over a text instead of one search per term.
    #[serde(skip)]
    pub automata: OnceLock<Automata>,
    /// One automaton over the start of every term (the part before `…`),
    /// zh as written and en ignoring ASCII case: a text it finds nothing in
    /// holds no term, whatever the matching rules (built on first use).
    /// `None` when it cannot be built or an en term is not ASCII.
    #[serde(skip)]
    pub starts: OnceLock<Option<aho_corasick::AhoCorasick>>,
}

/// The kind of automaton for term lists: a term list is searched in a few
/// hundred short texts per run, so building must be cheap; the DFA that
/// `aho-corasick` picks by default for small lists took a quarter of the
/// time of checking a seed policy just to build. The non-contiguous NFA,
/// which needs no second building pass, costs 2 % fewer instructions than
/// the contiguous one on a seed and on 1 MB (callgrind).
pub(crate) const CHEAP: aho_corasick::AhoCorasickKind =
    aho_corasick::AhoCorasickKind::NoncontiguousNFA;

/// Leftmost-first automata over a term list: among the terms found at the
/// leftmost position, the one listed first wins, as in a search term by term.
#[derive(Clone, Debug)]
pub struct Automata {
    zh: Option<aho_corasick::AhoCorasick>,
    en: Option<aho_corasick::AhoCorasick>,
    /// Whether every en term is ASCII (but for `…`): then lower-casing the
    /// text's ASCII letters is all their case-insensitive matching needs.
    en_ascii: bool,
}

fn automaton<I, P>(terms: I) -> Option<aho_corasick::AhoCorasick>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    aho_corasick::AhoCorasick::builder()
        .kind(Some(CHEAP))
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(terms)
        .ok()
}

impl Terms {
    /// Whether some term may occur in `text`: `false` only if none does.
    /// A quick test before a slower search term by term.
    pub fn may_occur(&self, text: &str) -> bool {
        let starts = self.starts.get_or_init(|| {
            if !self.en.iter().all(|t| t.is_ascii()) {
                return None;
            }
            let head = |t: &String| t.split('…').next().unwrap_or("").to_owned();
            aho_corasick::AhoCorasick::builder()
                .kind(Some(CHEAP))
                .ascii_case_insensitive(true)
                .build(self.zh.iter().map(head).chain(self.en.iter().map(head)))
                .ok()
        });
        starts.as_ref().is_none_or(|ac| ac.is_match(text))
    }

    /// The first term (zh or en, case-insensitive for en) found in `text`,
    /// with its byte offset.
    pub fn find(&self, text: &str) -> Option<(usize, &str)> {
        let automata = self.automata.get_or_init(|| Automata {
            zh: automaton(&self.zh),
            en: automaton(self.en.iter().map(|t| lower(t).into_owned())),
            en_ascii: self.en.iter().all(|t| ascii_term(t)),
        });
        match automata {
            Automata {
                zh: Some(zh),
                en: Some(en),
                en_ascii,
            } => self.find_with(zh, en, *en_ascii, text),
            _ => self.find_each(text),
        }
    }

    fn find_with(
        &self,
        zh: &aho_corasick::AhoCorasick,
        en: &aho_corasick::AhoCorasick,
        en_ascii: bool,
        text: &str,
    ) -> Option<(usize, &str)> {
        let mut best: Option<(usize, &str)> = zh.find(text).and_then(|m| {
            let t = self.zh.get(m.pattern().as_usize())?;
            Some((m.start(), t.as_str()))
        });
        if self.en.is_empty() {
            return best;
        }
        // ASCII terms match the same places in the text with its ASCII
        // letters lower-cased as in the fully lower-cased text, and finding
        // that out costs one pass over the bytes instead of decoding every
        // character (a tenth of the instructions of `check`).
        let lower = if en_ascii {
            ascii_lower(text)
        } else {
            self::lower(text)
        };
        if lower.len() == text.len() {
            if let Some(m) = en.find(lower.as_ref()) {
                if let Some(t) = self.en.get(m.pattern().as_usize()) {
                    if best.is_none_or(|b| m.start() < b.0) {
                        best = Some((m.start(), t));
                    }
                }
            }
        }
        best
    }

    /// The same search, term by term (if an automaton cannot be built).
    fn find_each(&self, text: &str) -> Option<(usize, &str)> {
        let mut best: Option<(usize, &str)> = None;
        for t in &self.zh {
            if let Some(i) = text.find(t.as_str()) {
                if best.is_none_or(|b| i < b.0) {
                    best = Some((i, t));
                }
            }
        }
        let lower = self::lower(text);
        if lower.len() == text.len() {
            for t in &self.en {
                if let Some(i) = lower.find(&*self::lower(t)) {
                    if best.is_none_or(|b| i < b.0) {
                        best = Some((i, t));
                    }
                }
            }
        }
        best
    }
}

/// Whether an en term is ASCII but for the `…` of a two-part term: such a
/// term matches in [`ascii_lower`] of a text where it matches in [`lower`]
/// of it, at the same place.
pub fn ascii_term(t: &str) -> bool {
    t.chars().all(|c| c.is_ascii() || c == '…')
}

/// `s` with its ASCII letters lower-cased, without a copy when it has no
/// upper-case ASCII letter; byte offsets are kept. Enough for matching ASCII
/// terms case-insensitively, and much cheaper than [`lower`] on Chinese text.
pub fn ascii_lower(s: &str) -> Cow<'_, str> {
    // In blocks without an early exit, so that the test is vectorised.
    let upper = s.as_bytes().chunks(64).any(|block| {
        block
            .iter()
            .fold(false, |any, b| any | b.is_ascii_uppercase())
    });
    if upper {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// `s.to_lowercase()`, without a copy when lowercasing changes nothing (the
/// usual case: Chinese prose, lower-case terms). The prose rules lowercase
/// every text for every topic, so this is on the hot path of `check`.
pub fn lower(s: &str) -> Cow<'_, str> {
    if s.chars().all(unchanged_by_lowercase) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Whether `c` lowercases to itself. ASCII, CJK punctuation and ideographs,
/// general punctuation and the fullwidth forms other than `Ａ`–`Ｚ` have no
/// lowercase mapping; anything else asks the Unicode tables.
fn unchanged_by_lowercase(c: char) -> bool {
    match c {
        '\0'..='\u{7F}' => !c.is_ascii_uppercase(),
        '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{9FFF}' => true,
        '\u{FF21}'..='\u{FF3A}' => false,
        '\u{FF00}'..='\u{FFEF}' => true,
        _ => {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        }
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
        L.get_or_init(|| crate::data::read(crate::data::LEXICON, "lexicon"))
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

#[cfg(test)]
mod tests {
    use super::{lower, Lexicon};

    /// The automata find what a search term by term in the fully
    /// lower-cased text finds, for every topic, on every quoted text of the
    /// examples and the corpus and on texts that put terms of several topics
    /// and cases side by side.
    #[test]
    #[allow(clippy::unwrap_used, clippy::indexing_slicing)]
    fn automata_find_what_a_search_term_by_term_finds() {
        let lexicon = Lexicon::builtin().unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = Vec::new();
        for dir in ["examples", "tests/corpus"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "policy"))
                .collect();
            paths.sort();
            for p in paths {
                let source = std::fs::read_to_string(p).unwrap();
                texts.extend(source.split('"').skip(1).step_by(2).map(str::to_owned));
            }
        }
        let mut terms: Vec<&str> = Vec::new();
        for topic in lexicon.topics() {
            let t = lexicon.terms(topic);
            // The prose rules' own searches (`support::find_term`) rely on it.
            assert!(
                t.en.iter().all(|e| super::ascii_term(e)),
                "{topic}: en terms are ASCII"
            );
            terms.extend(t.zh.iter().chain(&t.en).map(String::as_str));
        }
        for w in terms.windows(3) {
            texts.push(format!("{}，{} Σ{}", w[0], w[1].to_uppercase(), w[2]));
        }
        assert!(texts.len() > 1000, "{}", texts.len());
        for text in &texts {
            for topic in lexicon.topics() {
                let t = lexicon.terms(topic);
                assert_eq!(t.find(text), t.find_each(text), "{topic}: {text}");
            }
        }
    }

    #[test]
    fn lower_is_to_lowercase() {
        for s in [
            "",
            "abc",
            "ABC def",
            "我们会收集您的手机号（ＡＢＣ，ｘｙｚ）“引号”…",
            "ΣΑΣ",
            "Ⅻ ǅ İstanbul",
            "个人信息 SDK、IMEI",
        ] {
            assert_eq!(lower(s), s.to_lowercase(), "{s}");
        }
        assert!(matches!(
            lower("我们（ｘ）abc"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
