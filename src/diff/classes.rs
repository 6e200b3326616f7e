//! The material-change classes M001–M025 as data.
//!
//! Each class is a record in `data/change_classes.yaml` (embedded and parsed
//! once): code, name, consequence, legal references, zh/en title and the
//! notice sentences. [`Code`] is the closed list of codes the detection in
//! [`super::compare`] can emit; a self-test keeps it, the data and the docs
//! pages (`docs/rules/M0xx.md`) in step.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::legal::{LegalRef, Relation};
use crate::render::Lang;

/// What a change obliges the company to do. Ordered weakest to strongest, so
/// that the verdict of a diff is the maximum.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Consequence {
    /// No obligation: wording, or less processing.
    Editorial,
    /// Tell users the changed part (PIPL Art. 17 ¶2).
    Notice,
    /// Ask for consent again (PIPL Art. 14 ¶2).
    Consent,
    /// Ask for separate consent (PIPL Art. 23, 25, 29, 39).
    SeparateConsent,
}

impl Consequence {
    pub fn as_str(self) -> &'static str {
        match self {
            Consequence::Editorial => "editorial",
            Consequence::Notice => "notice",
            Consequence::Consent => "consent",
            Consequence::SeparateConsent => "separate-consent",
        }
    }

    /// Every consequence, strongest first.
    pub const STRONGEST_FIRST: [Consequence; 4] = [
        Consequence::SeparateConsent,
        Consequence::Consent,
        Consequence::Notice,
        Consequence::Editorial,
    ];
}

impl std::fmt::Display for Consequence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sentence in both languages.
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

/// A legal reference as the data writes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalCite {
    pub instrument: String,
    pub article: String,
    #[serde(default)]
    pub paragraph: Option<u8>,
    #[serde(default)]
    pub item: Option<u8>,
    /// The class is derived from guidance about this text, not from its words.
    #[serde(default)]
    pub derived: bool,
}

impl LegalCite {
    /// As a checker-style reference, for the shared citation formatter.
    pub fn to_ref(&'static self) -> LegalRef {
        LegalRef {
            instrument: &self.instrument,
            article: &self.article,
            paragraph: self.paragraph,
            item: self.item,
            relation: if self.derived {
                Relation::DerivedFrom
            } else {
                Relation::Implements
            },
        }
    }

    /// `PIPL Art. 14 ¶2` / `《个人信息保护法》第十四条第二款`.
    pub fn cite(&'static self, lang: Lang) -> String {
        crate::legal::cite_with_relation(&self.to_ref(), lang)
    }
}

/// One change class.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeClass {
    pub code: String,
    pub name: String,
    pub consequence: Consequence,
    pub catalogue: String,
    pub legal: Vec<LegalCite>,
    pub summary: String,
    /// The notice group it is listed under; `none` for not listed.
    pub group: String,
    pub title: Phrase,
    /// Notice sentences by variant.
    pub notice: BTreeMap<String, Phrase>,
}

impl ChangeClass {
    /// All citations, joined.
    pub fn cite_all(&'static self, lang: Lang) -> Vec<String> {
        self.legal.iter().map(|l| l.cite(lang)).collect()
    }
}

/// A part of the user notice.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub key: String,
    pub zh: String,
    pub en: String,
}

impl Group {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// What an adjustment rule's test looks at (`compare::law` implements each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Test {
    /// The function rests only on bases other than consent (PIPL Art. 13
    /// ¶1(2)–(7)) and asks for no consent.
    NonConsentBasis,
    /// The function states no basis, asks for no consent, and every purpose
    /// names the performance of a contract the user is party to (a term of
    /// the `topics`).
    ContractPurpose,
    /// The function processed sensitive personal information in the old
    /// version and still does: the change gives that data a new purpose or
    /// method.
    SensitiveUse,
    /// Only the wording changed, but a term of the `topics` appears or
    /// disappears in a declaration that describes processing.
    MeaningTerm,
    /// The change strengthens the user's position.
    Strengthens,
}

/// Which way an adjustment moves a consequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// At least `to`.
    Raise,
    /// At most `to`.
    Lower,
    /// Exactly `to`.
    Set,
}

/// A rule of the law applied after the field classes: for changes of the
/// listed classes that pass the test, the consequence moves to `to`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    pub key: String,
    pub test: Test,
    pub classes: Vec<String>,
    pub direction: Direction,
    pub to: Consequence,
    /// Lexicon topics (`data/lexicon.yaml`) the test reads.
    #[serde(default)]
    pub topics: Vec<String>,
    pub legal: Vec<LegalCite>,
    /// Why, as one clause (report and notice).
    pub reason: Phrase,
}

impl Adjustment {
    /// Whether the rule is about changes of this class.
    pub fn covers(&self, code: Code) -> bool {
        self.classes.iter().any(|c| c == code.as_str())
    }

    /// The consequence after the rule, from the class's.
    pub fn apply(&self, from: Consequence) -> Consequence {
        match self.direction {
            Direction::Raise => from.max(self.to),
            Direction::Lower => from.min(self.to),
            Direction::Set => self.to,
        }
    }

    pub fn cite_all(&'static self, lang: Lang) -> Vec<String> {
        self.legal.iter().map(|l| l.cite(lang)).collect()
    }
}

/// The whole data file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub groups: Vec<Group>,
    pub classes: Vec<ChangeClass>,
    /// The law's adjustments, in the order they are tried (the first that
    /// applies to a change decides).
    pub adjustments: Vec<Adjustment>,
    /// Vocabulary → word → label.
    pub words: BTreeMap<String, BTreeMap<String, Phrase>>,
    pub phrases: BTreeMap<String, Phrase>,
}

impl Catalog {
    pub fn class(&self, code: &str) -> Option<&ChangeClass> {
        self.classes
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
    }

    /// The label of a vocabulary word, if the data has one.
    pub fn word(&self, vocab: &str, word: &str, lang: Lang) -> Option<&str> {
        self.words.get(vocab)?.get(word).map(|p| p.get(lang))
    }

    /// A fixed phrase; a missing key shows as the key in brackets (tests
    /// catch it).
    pub fn phrase(&self, key: &str, lang: Lang) -> String {
        match self.phrases.get(key) {
            Some(p) => p.get(lang).to_string(),
            None => format!("⟦{key}⟧"),
        }
    }
}

/// The embedded catalogue, parsed once.
pub fn catalog() -> Result<&'static Catalog, String> {
    static C: OnceLock<Result<Catalog, String>> = OnceLock::new();
    C.get_or_init(|| crate::data::read::<Catalog>(crate::data::CHANGE_CLASSES, "change-class"))
        .as_ref()
        .map_err(Clone::clone)
}

/// Every class, in code order (empty if the embedded data is broken, which a
/// test rules out).
pub fn classes() -> &'static [ChangeClass] {
    catalog().map(|c| c.classes.as_slice()).unwrap_or(&[])
}

/// Define the closed list of codes with their docs pages.
macro_rules! codes {
    ($($code:ident),+ $(,)?) => {
        /// A change-class code. Detection emits these; the data describes them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($code),+
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code)),+
                }
            }

            /// `docs/rules/<code>.md`, verbatim.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$code => include_str!(concat!("../../docs/rules/", stringify!($code), ".md"))),+
                }
            }
        }
    };
}

codes!(
    M001, M002, M003, M004, M005, M006, M007, M008, M009, M010, M011, M012, M013, M014, M015, M016,
    M017, M018, M019, M020, M021, M022, M023, M024, M025,
);

impl Code {
    /// The code written `M006` or `m006`.
    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
    }

    /// The class record of this code.
    pub fn class(self) -> Option<&'static ChangeClass> {
        classes().iter().find(|c| c.code == self.as_str())
    }

    /// The consequence; a class missing from the data counts as the
    /// strongest, so that broken data never lowers a verdict.
    pub fn consequence(self) -> Consequence {
        self.class()
            .map_or(Consequence::SeparateConsent, |c| c.consequence)
    }

    pub fn name(self) -> &'static str {
        self.class().map_or("", |c| c.name.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_codes_match() {
        let cat = catalog().unwrap_or_else(|e| panic!("{e}"));
        let data: Vec<&str> = cat.classes.iter().map(|c| c.code.as_str()).collect();
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(data, codes, "data/change_classes.yaml and `Code` differ");
        let groups: Vec<&str> = cat.groups.iter().map(|g| g.key.as_str()).collect();
        for c in &cat.classes {
            assert!(
                c.group == "none" || groups.contains(&c.group.as_str()),
                "{}: unknown group {}",
                c.code,
                c.group
            );
            assert!(
                c.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{}",
                c.code
            );
            for l in &c.legal {
                assert!(
                    crate::legal::instrument(&l.instrument).is_some(),
                    "{}: unknown instrument {}",
                    c.code,
                    l.instrument
                );
            }
            if c.group != "none" {
                assert!(!c.notice.is_empty(), "{}: no notice sentence", c.code);
            }
        }
        let mut keys = std::collections::BTreeSet::new();
        for a in &cat.adjustments {
            assert!(keys.insert(a.key.as_str()), "{}: key given twice", a.key);
            assert!(!a.classes.is_empty(), "{}: no classes", a.key);
            for c in &a.classes {
                assert!(Code::parse(c).is_some(), "{}: unknown class {c}", a.key);
            }
            assert!(!a.legal.is_empty(), "{}: no legal basis", a.key);
            for l in &a.legal {
                assert!(
                    crate::legal::instrument(&l.instrument).is_some(),
                    "{}: unknown instrument {}",
                    a.key,
                    l.instrument
                );
            }
        }
    }

    #[test]
    fn docs_pages_start_with_code_and_name() {
        for code in Code::ALL {
            let page = code.explanation();
            let first = page.lines().next().unwrap_or("");
            assert_eq!(
                first,
                format!("# {}: {}", code.as_str(), code.name()),
                "{code}"
            );
            let c = code.consequence();
            assert!(
                page.contains(&format!("Consequence: {c}")),
                "{code}: page does not state its consequence"
            );
        }
    }

    #[test]
    fn consequences_are_ordered() {
        assert!(Consequence::SeparateConsent > Consequence::Consent);
        assert!(Consequence::Consent > Consequence::Notice);
        assert!(Consequence::Notice > Consequence::Editorial);
    }
}
