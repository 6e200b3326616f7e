//! The law's adjustments, applied after the field classes.
//!
//! A class says what a change of one field usually means (a new `collects`
//! needs consent). The law looks further: which basis the processing rests
//! on (PIPL Art. 13), whether the data it reaches is sensitive (Art. 28–29),
//! whether the change is in the user's favour. The rules are data
//! (`adjustments:` of `data/change_classes.yaml`: the classes each is about,
//! which way it moves the consequence, its legal basis and its reason); this
//! file holds the tests they name. The first rule that applies to a change
//! decides, and the change keeps its class: only its consequence moves, and
//! the report says by which rule.
//!
//! The lexicon topics the tests read (`data/lexicon.yaml`) also decide when
//! a reworded string is the same string: [`same_meaning`].

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::diff::change::{Adjusted, Change, ChangeKind as K, DeclKind as E};
use crate::diff::classes::{catalog, Adjustment, Code, Test};
use crate::model::words::{ConsentKind, LegalBasis};
use crate::model::{DeclRef, Function, Model, Recipient, Text};

/// Apply the adjustments to every change.
pub(super) fn adjust(old: &Model, new: &Model, changes: &mut [Change]) {
    let Ok(cat) = catalog() else { return };
    let ctx = Ctx { old, new };
    for c in changes.iter_mut() {
        if let Some(rule) = cat
            .adjustments
            .iter()
            .find(|a| a.covers(c.code) && ctx.holds(a, c))
        {
            c.adjusted = Some(Adjusted {
                rule: rule.key.as_str(),
                to: rule.apply(c.code.consequence()),
            });
            if rule.test == Test::MeaningTerm {
                if let Some((added, gone)) = ctx.terms_moved(c, &rule.topics) {
                    c.params
                        .push(("added", crate::diff::Value::Plain(added.join("、"))));
                    c.params
                        .push(("removed", crate::diff::Value::Plain(gone.join("、"))));
                }
            }
        }
    }
}

/// Whether a change is in the user's favour (the notice lists it under
/// "improvements"): moved by a `strengthens` rule, or something is no longer
/// processed (M007).
pub fn improves(c: &Change) -> bool {
    c.code == Code::M007 || c.adjustment().is_some_and(|a| a.test == Test::Strengthens)
}

struct Ctx<'m> {
    old: &'m Model,
    new: &'m Model,
}

impl Ctx<'_> {
    fn holds(&self, rule: &Adjustment, c: &Change) -> bool {
        match rule.test {
            Test::NonConsentBasis => self.non_consent_basis(c),
            Test::ContractPurpose => self.contract_purpose(c, &rule.topics),
            Test::SensitiveUse => self.sensitive_use(c),
            Test::MeaningTerm => self.meaning_term(c, &rule.topics),
            Test::Strengthens => strengthens(c),
        }
    }

    fn function<'a>(model: &'a Model, c: &Change) -> Option<&'a Function> {
        if c.subject.kind != E::Function {
            return None;
        }
        let id = c.subject.id.as_deref()?;
        model.functions.iter().find(|f| f.id == id)
    }

    fn recipient<'a>(model: &'a Model, c: &Change) -> Option<&'a Recipient> {
        if c.subject.kind != E::Recipient {
            return None;
        }
        let id = c.subject.id.as_deref()?;
        model.recipients.iter().find(|r| r.id == id)
    }

    /// PIPL Art. 13 ¶1(2)–(7): the processing (as the new version states
    /// it) rests on bases, none of them consent, and asks for no consent.
    fn non_consent_basis(&self, c: &Change) -> bool {
        if c.kind == K::Removed {
            return false;
        }
        let (bases, every, consent) = if let Some(f) = Self::function(self.new, c) {
            // Art. 13 ¶1(2)–(7) cover what the basis makes necessary: data
            // a function collects as optional rests on consent.
            if Self::optional_data(f, c) {
                return false;
            }
            // Every purpose based (the function's `basis`, or each purpose's
            // own), and none of the bases consent.
            let bases: Vec<_> = f.all_bases().collect();
            let every = f.purpose_without_basis().is_none();
            (bases, every, &f.consent)
        } else if let Some(r) = Self::recipient(self.new, c) {
            (r.bases.iter().collect(), true, &r.consent)
        } else {
            return false;
        };
        every
            && !bases.is_empty()
            && bases.iter().all(|b| b.value != LegalBasis::Consent)
            && consent
                .as_ref()
                .is_none_or(|k| k.value == ConsentKind::None)
    }

    /// Whether the change brings data the function collects as optional.
    fn optional_data(f: &Function, c: &Change) -> bool {
        let Some(crate::diff::Value::Data(ds)) = c.param("data") else {
            return false;
        };
        ds.iter().any(|d| {
            f.collects
                .iter()
                .any(|x| x.data.id == d.id && x.need == Some(crate::model::words::Need::Optional))
        })
    }

    /// PIPL Art. 13 ¶1(2): no basis stated, no consent asked for, and every
    /// purpose performs a contract the user is party to.
    fn contract_purpose(&self, c: &Change, topics: &[String]) -> bool {
        if c.kind == K::Removed {
            return false;
        }
        let Some(f) = Self::function(self.new, c) else {
            return false;
        };
        let terms = Terms::of(topics);
        f.all_bases().next().is_none()
            && f.consent.is_none()
            && !Self::optional_data(f, c)
            && !f.purposes.is_empty()
            && f.purposes.iter().all(|p| terms.any_in(&p.text))
    }

    /// PIPL Art. 29: a new purpose or method of a function that processed
    /// sensitive personal information before and still does. (Sensitive
    /// data a function collects for the first time is M006 already.)
    fn sensitive_use(&self, c: &Change) -> bool {
        if c.kind != K::Modified {
            return false;
        }
        let (Some(o), Some(n)) = (Self::function(self.old, c), Self::function(self.new, c)) else {
            return false;
        };
        o.collects.iter().any(|x| {
            let id = x.data.id.as_str();
            art28(self.old, id) && art28(self.new, id) && n.collects.iter().any(|y| y.data.id == id)
        })
    }

    /// The meaning-bearing terms a rewording adds and drops.
    fn terms_moved(&self, c: &Change, topics: &[String]) -> Option<(Vec<String>, Vec<String>)> {
        let find = |m: &'_ Model| {
            m.decls()
                .find(|d| d.kind() == c.subject.kind && d.id() == c.subject.id.as_deref())
                .map(|d| prose(d))
        };
        let (o, n) = (find(self.old)?, find(self.new)?);
        let terms = Terms::of(topics);
        let (oc, nc) = (terms.counts(&o), terms.counts(&n));
        let names: Vec<&String> = terms.zh.iter().chain(&terms.en).collect();
        let pick = |want: fn(usize, usize) -> bool| {
            names
                .iter()
                .zip(oc.iter().zip(&nc))
                .filter(|(_, (a, b))| want(**a, **b))
                .map(|(t, _)| t.trim().to_string())
                .collect::<Vec<_>>()
        };
        Some((pick(|a, b| a == 0 && b > 0), pick(|a, b| a > 0 && b == 0)))
    }

    /// Only the wording of a declaration about processing changed, and a
    /// meaning-bearing term appears in it or disappears from it (said again
    /// in other words, it is no news).
    fn meaning_term(&self, c: &Change, topics: &[String]) -> bool {
        if c.kind != K::Modified || !describes_processing(c.subject.kind) {
            return false;
        }
        let find = |m: &'_ Model| {
            m.decls()
                .find(|d| d.kind() == c.subject.kind && d.id() == c.subject.id.as_deref())
                .map(|d| prose(d))
        };
        let (Some(o), Some(n)) = (find(self.old), find(self.new)) else {
            return false;
        };
        let terms = Terms::of(topics);
        let present = |text: &str| {
            terms
                .counts(text)
                .iter()
                .map(|&n| n > 0)
                .collect::<Vec<_>>()
        };
        present(&o) != present(&n)
    }
}

/// Whether a category is sensitive personal information in the sense of
/// PIPL Art. 28 ¶1: the author says so (`sensitive yes`), or, unless the
/// author says it is not, its taxonomy entry is of an Art. 28 class
/// (biometric, religious belief, specific identity, medical and health,
/// financial account, whereabouts, a child's). GB/T 35273 App. B lists more
/// (published posts as "communication content"); those do not raise a
/// new purpose to separate consent.
fn art28(m: &Model, id: &str) -> bool {
    let Some(d) = m.category(id) else {
        return false;
    };
    match d.marked_sensitive.as_ref().map(|f| f.value) {
        Some(v) => v,
        None => crate::model::Taxonomy::builtin().is_ok_and(|t| {
            t.pipl28(&d.taxonomy.class, d.taxonomy.item.as_deref())
                .is_some()
        }),
    }
}

/// The kinds of declaration whose prose says what is processed, by whom and
/// how; titles, definitions, data labels and dates are left out.
fn describes_processing(kind: E) -> bool {
    !matches!(
        kind,
        E::Policy | E::Data | E::Section | E::Storage | E::SdkList | E::Officer | E::Security
    )
}

/// Every text of a declaration but its title, joined.
fn prose(d: DeclRef<'_>) -> String {
    let title = d.title().map(|t| t as *const Text);
    let mut out = String::new();
    d.texts(&mut |t| {
        if Some(t as *const Text) != title {
            out.push_str(&t.text);
            out.push('\n');
        }
    });
    out
}

/// A change in the user's favour: a right or a way to use it added or made
/// easier (M017), a stronger kind of consent (M015 `consent`).
fn strengthens(c: &Change) -> bool {
    match c.code {
        Code::M017 => true,
        Code::M015 if c.variant == "consent" => {
            let rank = |key: &str| match c.param(key) {
                Some(crate::diff::Value::Words(_, w)) => {
                    w.iter().map(|w| consent_rank(w)).max().unwrap_or(0)
                }
                _ => 0,
            };
            rank("new") > rank("old")
        }
        _ => false,
    }
}

fn consent_rank(word: &str) -> u8 {
    match word {
        "general" => 1,
        "guardian" | "separate" => 2,
        "written" => 3,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------
// Terms and the comparison of strings
// ---------------------------------------------------------------------------

/// The terms of some lexicon topics.
struct Terms {
    zh: Vec<String>,
    en: Vec<String>,
}

impl Terms {
    /// The terms of `topics`, read once per list of topics.
    fn of(topics: &[String]) -> &'static Terms {
        static CACHE: OnceLock<std::sync::Mutex<BTreeMap<Vec<String>, &'static Terms>>> =
            OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let mut map = match cache.lock() {
            Ok(m) => m,
            Err(e) => e.into_inner(),
        };
        if let Some(t) = map.get(topics) {
            return t;
        }
        let terms: &'static Terms = Box::leak(Box::new(Terms::read(topics)));
        map.insert(topics.to_vec(), terms);
        terms
    }

    fn read(topics: &[String]) -> Terms {
        #[derive(serde::Deserialize)]
        struct Topic {
            #[serde(default)]
            zh: Vec<String>,
            #[serde(default)]
            en: Vec<String>,
        }
        let all: BTreeMap<String, serde_json::Value> =
            crate::data::read(crate::data::LEXICON, "lexicon").unwrap_or_default();
        let mut out = Terms {
            zh: Vec::new(),
            en: Vec::new(),
        };
        for t in topics {
            let Some(v) = all.get(t) else { continue };
            if let Ok(topic) = serde_json::from_value::<Topic>(v.clone()) {
                out.zh.extend(topic.zh);
                out.en
                    .extend(topic.en.into_iter().map(|e| e.to_ascii_lowercase()));
            }
        }
        out
    }

    /// How often each term occurs (zh as written, en ignoring ASCII case).
    fn counts(&self, text: &str) -> Vec<usize> {
        let lower = text.to_ascii_lowercase();
        self.zh
            .iter()
            .map(|t| text.matches(t.as_str()).count())
            .chain(self.en.iter().map(|t| lower.matches(t.as_str()).count()))
            .collect()
    }

    fn any_in(&self, text: &str) -> bool {
        self.counts(text).iter().any(|&n| n > 0)
    }
}

/// The topics that decide whether an edit changes the meaning: those of the
/// `meaning-term` rule.
fn meaning_terms() -> &'static Terms {
    let topics = catalog()
        .ok()
        .and_then(|c| c.adjustments.iter().find(|a| a.test == Test::MeaningTerm))
        .map(|a| a.topics.clone())
        .unwrap_or_default();
    Terms::of(&topics)
}

/// A string reduced to what carries meaning: letters and digits, full-width
/// forms folded to ASCII, ASCII lower-cased; whitespace and punctuation
/// (ASCII and CJK) dropped.
pub(super) fn normalise(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c as u32 {
                0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                0x3000 => ' ',
                _ => c,
            };
            (c.is_alphanumeric()).then(|| c.to_ascii_lowercase())
        })
        .collect()
}

/// Whether two strings of a policy say the same thing: equal once
/// normalised, or a tiny edit (at most one character in twenty, at least
/// one) that makes no meaning-bearing term appear or disappear.
pub(super) fn same_meaning(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (na, nb) = (normalise(a), normalise(b));
    if na == nb {
        return true;
    }
    let longest = na.chars().count().max(nb.chars().count());
    let allowed = (longest / 20).max(1);
    if longest.abs_diff(na.chars().count().min(nb.chars().count())) > allowed {
        return false;
    }
    strsim::levenshtein(&na, &nb) <= allowed && {
        let t = meaning_terms();
        t.counts(a) == t.counts(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_and_width_do_not_count() {
        assert!(same_meaning("音、视频通话或会议", "音视频通话或会议"));
        assert!(same_meaning("支付宝(杭州)", "支付宝（杭州）"));
        assert!(same_meaning("Google LLC", "google  llc."));
    }

    #[test]
    fn a_dropped_character_is_no_new_meaning() {
        assert!(same_meaning(
            "通过技术手段对您的设备信息进行分析和统计以提升服务",
            "通过技术手段对您的设备信息进行分析及统计以提升服务"
        ));
        assert!(same_meaning(
            "我们会将数据加密后传输至服务器以保障您的账号安全",
            "我们会将数据加密传输至服务器以保障您的账号安全"
        ));
    }

    #[test]
    fn a_tiny_edit_with_a_meaning_term_counts() {
        // a negation appears
        assert!(!same_meaning(
            "我们会将数据提供给广告合作伙伴用于效果评估和分析统计",
            "我们不会将数据提供给广告合作伙伴用于效果评估和分析统计"
        ));
        // location replaces an identifier: more than a tiny edit
        assert!(!same_meaning("用于收集设备标识符", "用于收集位置信息"));
    }

    #[test]
    fn lexicon_topics_of_the_rules_exist() {
        let lexicon: BTreeMap<String, serde_json::Value> =
            crate::data::read(crate::data::LEXICON, "lexicon").unwrap_or_default();
        let cat = catalog().unwrap_or_else(|e| panic!("{e}"));
        for a in &cat.adjustments {
            for t in &a.topics {
                assert!(lexicon.contains_key(t), "{}: no lexicon topic {t}", a.key);
            }
        }
    }
}
