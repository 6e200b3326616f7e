//! One change between two policy versions, the set of them, and the
//! subsumption pass that keeps each change reported once.

use std::collections::BTreeSet;

use super::classes::{Code, Consequence};
use crate::model::words::Channel;
use crate::model::{Duration, Text};
use crate::source::Span;
pub use crate::syntax::ast::DeclKind;

/// What a change is about: a declaration by kind and id (singletons have no
/// id).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    pub kind: DeclKind,
    pub id: Option<String>,
}

impl Subject {
    pub fn new(kind: DeclKind, id: &str) -> Subject {
        Subject {
            kind,
            id: Some(id.to_string()),
        }
    }

    pub fn single(kind: DeclKind) -> Subject {
        Subject { kind, id: None }
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} `{id}`", self.kind.keyword()),
            None => f.write_str(self.kind.keyword()),
        }
    }
}

/// Whether the change adds or removes its subject as a whole, or changes a
/// part of it. Subsumption drops part-changes of a subject that is added or
/// removed as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

/// A data category, as the notice names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataName {
    pub id: String,
    pub label: Option<Text>,
    pub class: String,
    pub item: Option<String>,
    pub sensitive: bool,
}

/// How long something is kept, as the notice words it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Period {
    pub at_least: Option<Duration>,
    pub at_most: Option<Duration>,
    pub until: Option<Text>,
    pub indefinite: bool,
}

/// A value of a notice sentence, built from the model and put into words by
/// the notice in the page's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string of the policy, with its translations.
    Text(Text),
    Texts(Vec<Text>),
    /// Names of several declarations said in one sentence (each quoted).
    Names(Vec<Text>),
    /// Shown as is in every language (numbers, dates, version labels).
    Plain(String),
    /// A word of a vocabulary of `data/change_classes.yaml` (`refusal`, `right`...).
    Word(&'static str, String),
    Words(&'static str, Vec<String>),
    /// A word with a detail: a channel and its value, a source and where from.
    Labelled(Vec<(&'static str, String, Vec<Text>)>),
    Data(Vec<DataName>),
    /// `all` data.
    AllData,
    Period(Period),
    Duration(Duration),
    Countries(Vec<String>),
    /// App types by code, named through the taxonomy.
    AppTypes(Vec<String>),
}

impl Value {
    /// Whether there is nothing to show (the notice drops a `[…]` segment
    /// around an empty value).
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(t) => t.text.trim().is_empty(),
            Value::Texts(v) | Value::Names(v) => v.is_empty(),
            Value::Plain(s) => s.is_empty(),
            Value::Word(_, w) => w.is_empty(),
            Value::Words(_, v) => v.is_empty(),
            Value::Labelled(v) => v.is_empty(),
            Value::Data(v) => v.is_empty(),
            Value::AllData | Value::Period(_) | Value::Duration(_) => false,
            Value::Countries(v) | Value::AppTypes(v) => v.is_empty(),
        }
    }

    /// Channels as labelled values.
    pub fn channels<'a>(chs: impl IntoIterator<Item = &'a crate::model::ChannelRef>) -> Value {
        Value::Labelled(
            chs.into_iter()
                .map(|c| {
                    (
                        "channel",
                        channel_word(c.kind),
                        c.value.iter().cloned().collect(),
                    )
                })
                .collect(),
        )
    }
}

fn channel_word(c: Channel) -> String {
    c.word().to_string()
}

/// One classified change.
#[derive(Clone, Debug)]
pub struct Change {
    pub code: Code,
    pub kind: ChangeKind,
    pub subject: Subject,
    /// Another declaration the change comes through (the SDK a function
    /// newly uses): dropped when that declaration is itself added or removed.
    pub via: Option<Subject>,
    /// One line, in English, with ids in backticks.
    pub description: String,
    /// Where, in the old and in the new version.
    pub old: Option<Span>,
    pub new: Option<Span>,
    /// The notice sentence of the class to use, and its values.
    pub variant: &'static str,
    pub params: Vec<(&'static str, Value)>,
    /// Set when the law moves the class's consequence for this change
    /// (`adjustments:` of `data/change_classes.yaml`, applied by
    /// `compare::law`): the rule's key and the consequence it gives.
    pub adjusted: Option<Adjusted>,
}

/// A consequence moved by a rule of `adjustments:` (a sensitive category
/// with a new purpose, processing on a basis other than consent, a wording
/// change that adds a meaning-bearing term).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adjusted {
    pub rule: &'static str,
    pub to: Consequence,
}

impl Change {
    pub fn new(code: Code, kind: ChangeKind, subject: Subject, variant: &'static str) -> Change {
        Change {
            code,
            kind,
            subject,
            via: None,
            description: String::new(),
            old: None,
            new: None,
            variant,
            params: Vec::new(),
            adjusted: None,
        }
    }

    pub fn describe(mut self, d: impl Into<String>) -> Change {
        self.description = d.into();
        self
    }

    pub fn at_old(mut self, span: Span) -> Change {
        self.old = Some(span);
        self
    }

    pub fn at_new(mut self, span: Span) -> Change {
        self.new = Some(span);
        self
    }

    pub fn spans(self, old: Span, new: Span) -> Change {
        self.at_old(old).at_new(new)
    }

    pub fn via(mut self, s: Subject) -> Change {
        self.via = Some(s);
        self
    }

    pub fn with(mut self, key: &'static str, value: Value) -> Change {
        self.params.push((key, value));
        self
    }

    pub fn param(&self, key: &str) -> Option<&Value> {
        self.params.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The consequence of this change: its class's, unless a rule of the
    /// law moved it.
    pub fn consequence(&self) -> Consequence {
        self.adjusted
            .as_ref()
            .map_or_else(|| self.code.consequence(), |a| a.to)
    }

    /// The adjustment rule that moved the consequence, if any.
    pub fn adjustment(&self) -> Option<&'static super::classes::Adjustment> {
        let key = self.adjusted.as_ref()?.rule;
        super::classes::catalog()
            .ok()?
            .adjustments
            .iter()
            .find(|a| a.key == key)
    }
}

/// Every change between two versions, subsumed and in a fixed order (class
/// code, then position in the new version, then in the old).
#[derive(Clone, Debug, Default)]
pub struct ChangeSet {
    pub changes: Vec<Change>,
}

impl ChangeSet {
    /// Build from raw detections: subsume, dedup and sort.
    pub fn from_detected(changes: Vec<Change>) -> ChangeSet {
        let mut changes = subsume(changes);
        changes.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        changes.dedup_by(|a, b| sort_key(a) == sort_key(b));
        ChangeSet { changes }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The strongest consequence; `None` when nothing changed.
    pub fn verdict(&self) -> Option<Consequence> {
        self.changes.iter().map(Change::consequence).max()
    }

    /// The distinct codes found, in order.
    pub fn codes(&self) -> BTreeSet<Code> {
        self.changes.iter().map(|c| c.code).collect()
    }

    /// How many changes have each consequence, strongest first.
    pub fn tally(&self) -> Vec<(Consequence, usize)> {
        Consequence::STRONGEST_FIRST
            .iter()
            .map(|&c| {
                (
                    c,
                    self.changes.iter().filter(|x| x.consequence() == c).count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

type SortKey<'a> = (Code, u32, u32, &'a Subject, &'a str, &'a str);

fn sort_key(c: &Change) -> SortKey<'_> {
    (
        c.code,
        c.new.map_or(u32::MAX, |s| s.start),
        c.old.map_or(u32::MAX, |s| s.start),
        &c.subject,
        c.variant,
        &c.description,
    )
}

/// Drop true-but-unintended changes, so that each change is reported once:
///
/// 1. a declaration added or removed as a whole takes its part-changes with
///    it (a removed function is one M007, not one per data item), and so do
///    changes that come through it (`via`);
/// 2. a recipient that is new in effect (M010: replaced, or now independent)
///    is not also reported as M011 or M012;
/// 3. a data category that becomes sensitive (M006) is not also M005;
/// 4. editorial edits (M025) of a declaration that also changed in substance
///    are not reported separately.
pub fn subsume(changes: Vec<Change>) -> Vec<Change> {
    let whole: BTreeSet<&Subject> = changes
        .iter()
        .filter(|c| c.kind != ChangeKind::Modified)
        .map(|c| &c.subject)
        .collect();
    let replaced: BTreeSet<&Subject> = changes
        .iter()
        .filter(|c| c.code == Code::M010)
        .map(|c| &c.subject)
        .collect();
    let sensitive: BTreeSet<&Subject> = changes
        .iter()
        .filter(|c| c.code == Code::M006 && c.subject.kind == DeclKind::Data)
        .map(|c| &c.subject)
        .collect();
    let substantive: BTreeSet<&Subject> = changes
        .iter()
        .filter(|c| c.code != Code::M025)
        .map(|c| &c.subject)
        .collect();
    let keep: Vec<bool> = changes
        .iter()
        .map(|c| {
            let part = c.kind == ChangeKind::Modified;
            !(part && whole.contains(&c.subject)
                || c.via.as_ref().is_some_and(|v| whole.contains(v))
                || matches!(c.code, Code::M011 | Code::M012)
                    && part
                    && replaced.contains(&c.subject)
                || c.code == Code::M005 && sensitive.contains(&c.subject)
                || c.code == Code::M025 && substantive.contains(&c.subject))
        })
        .collect();
    changes
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}
