//! The detection: compare two resolved models declaration by declaration,
//! matched by id (singletons by kind), never by position, and classify every
//! difference into a change class.
//!
//! Spans, order and comments never count: two models that say the same thing
//! compare equal. Prose (`text`, titles, translations) is editorial (M025).
//! Each kind of declaration has one method on `Differ`, in the file of its
//! family (`parties`, `collection`, `sharing`, `keeping`, `rights`); the
//! declarations of a kind are matched by `Differ::keyed`, and a declaration
//! added or removed as a whole is reported once, without its parts. This file
//! holds the entry point, the lookups over a model, the helpers the families
//! share and the `unclassified` safety net; `helpers` the free functions.

mod collection;
mod helpers;
mod keeping;
mod law;
mod parties;
mod rights;
mod sharing;

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, ChangeKind as K, DataName, DeclKind as E, Subject, Value};
use super::classes::Code;
use crate::model::words::*;
use crate::model::*;
use crate::source::Span;
pub(crate) use helpers::refusal_rank;
use helpers::*;
pub(crate) use law::improves;

/// Compare two versions of a policy.
pub fn compare(old: &Model, new: &Model) -> super::ChangeSet {
    let mut d = Differ {
        old,
        new,
        out: Vec::new(),
        index: std::cell::OnceCell::new(),
    };
    d.header();
    d.processor();
    d.officer();
    d.consent_flow();
    d.data();
    d.permissions();
    d.functions();
    d.recipients();
    d.sdks();
    d.sdk_lists();
    d.disclosures();
    d.merger();
    d.retention();
    d.storage();
    d.transfers();
    d.rights();
    d.decisions();
    d.marketing();
    d.minors();
    d.security();
    d.complaints();
    d.updates();
    d.exceptions();
    d.sections();
    d.unclassified();
    let mut set = super::ChangeSet::from_detected(d.out);
    law::adjust(old, new, &mut set.changes);
    set
}

struct Differ<'m> {
    old: &'m Model,
    new: &'m Model,
    out: Vec<Change>,
    /// Lookups over each whole model (old, new), built on first use so that
    /// comparing every declaration does not rescan the model each time.
    index: std::cell::OnceCell<(Index<'m>, Index<'m>)>,
}

/// Lookups over one model.
struct Index<'m> {
    /// Recipient id → the functions that list it, each with the span of its
    /// first reference, in source order.
    users: BTreeMap<&'m str, Vec<(&'m str, Span)>>,
    /// Ids of the data categories that some `collects` or data set names.
    used: BTreeSet<&'m str>,
    /// Whether a recipient, transfer or disclosure covers `all` data.
    all_used: bool,
}

impl<'m> Index<'m> {
    fn of(model: &'m Model) -> Index<'m> {
        let mut users: BTreeMap<&str, Vec<(&str, Span)>> = BTreeMap::new();
        for f in &model.functions {
            for x in &f.recipients {
                let list = users.entry(x.id.as_str()).or_default();
                if list.last().map(|l| l.0) != Some(f.id.as_str()) {
                    list.push((f.id.as_str(), x.span));
                }
            }
        }
        let mut used = BTreeSet::new();
        let mut all_used = false;
        let collects = model
            .functions
            .iter()
            .flat_map(|f| &f.collects)
            .chain(model.sdks.iter().flat_map(|s| &s.collects))
            .chain(model.permissions.iter().flat_map(|p| &p.collects));
        used.extend(collects.map(|c| c.data.id.as_str()));
        let sets = model
            .recipients
            .iter()
            .map(|r| &r.data)
            .chain(model.transfers.iter().map(|t| &t.data))
            .chain(model.disclosures.iter().map(|d| &d.data));
        for set in sets {
            all_used |= matches!(set, DataSet::All);
            used.extend(set.refs().iter().map(|r| r.id.as_str()));
        }
        Index {
            users,
            used,
            all_used,
        }
    }
}

impl<'m> Differ<'m> {
    /// The safety net under the classes: a declaration kept in both versions
    /// that no class reported, but that does not say the same thing, is an
    /// editorial change (M025) naming the fields that differ. A field the
    /// classes do not know yet is therefore never silently ignored.
    fn unclassified(&mut self) {
        let reported: BTreeSet<Subject> = self.out.iter().map(|c| c.subject.clone()).collect();
        let key = |d: &DeclRef<'m>| (d.kind(), d.id());
        let old: BTreeMap<(E, Option<&str>), DeclRef<'m>> =
            self.old.decls().map(|d| (key(&d), d)).collect();
        let new: BTreeMap<(E, Option<&str>), DeclRef<'m>> =
            self.new.decls().map(|d| (key(&d), d)).collect();
        // Ids of declarations in one version only: a reference to one of
        // them is part of that addition or removal, not a change of its own.
        let whole: BTreeSet<&str> = old
            .keys()
            .filter(|k| !new.contains_key(k))
            .chain(new.keys().filter(|k| !old.contains_key(k)))
            .filter_map(|k| k.1)
            .collect();
        for (k, n) in &new {
            let Some(o) = old.get(k) else { continue };
            let subject = Subject {
                kind: n.kind(),
                id: n.id().map(str::to_string),
            };
            if reported.contains(&subject) || o.same(*n) || same_but_whole(*o, *n, &whole) {
                continue;
            }
            let fields = o.changed_fields(*n);
            let what = if fields.is_empty() {
                "wording".to_string()
            } else {
                fields
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.editorial(subject, o.head(), n.head(), &what);
        }
        // A declaration added or removed as a whole that no class reports
        // (a kind the classes do not know yet) is not silent either. Data
        // categories are left out: what collects or receives them reports
        // them, and a category nothing uses processes nothing.
        let whole_changes = old
            .iter()
            .filter(|(k, _)| !new.contains_key(*k))
            .map(|(_, d)| (K::Removed, *d))
            .chain(
                new.iter()
                    .filter(|(k, _)| !old.contains_key(*k))
                    .map(|(_, d)| (K::Added, *d)),
            )
            .collect::<Vec<_>>();
        for (kind, d) in whole_changes {
            if d.kind() == E::Data {
                continue;
            }
            let subject = Subject {
                kind: d.kind(),
                id: d.id().map(str::to_string),
            };
            if reported.contains(&subject) {
                continue;
            }
            let what = if kind == K::Added { "added" } else { "removed" };
            let mut c = Change::new(Code::M025, kind, subject.clone(), "")
                .describe(format!("{subject} {what}"));
            if kind == K::Added {
                c.new = Some(d.head());
            } else {
                c.old = Some(d.head());
            }
            self.push(c);
        }
    }

    /// Match the declarations of one kind by id and hand each to one of
    /// three callbacks: `removed` for those only in `old` (in old source
    /// order), then `added` for those only in `new`, then `changed` for
    /// every pair kept in both, whether or not it differs (both in new
    /// source order).
    fn keyed<T: Decl>(
        &mut self,
        old: &'m [T],
        new: &'m [T],
        removed: impl FnMut(&mut Self, &'m T),
        added: impl FnMut(&mut Self, &'m T),
        changed: impl FnMut(&mut Self, &'m T, &'m T),
    ) {
        self.keyed_by(
            old,
            new,
            |d| d.id().unwrap_or_default(),
            removed,
            added,
            changed,
        );
    }

    /// `Differ::keyed` with the key given (for the kinds whose matching
    /// key is not just the id). Of several declarations with one key, the
    /// last in `old` is the one paired.
    fn keyed_by<T>(
        &mut self,
        old: &'m [T],
        new: &'m [T],
        key: impl Fn(&'m T) -> &'m str,
        mut removed: impl FnMut(&mut Self, &'m T),
        mut added: impl FnMut(&mut Self, &'m T),
        mut changed: impl FnMut(&mut Self, &'m T, &'m T),
    ) {
        let old_keys: BTreeMap<&str, &'m T> = old.iter().map(|x| (key(x), x)).collect();
        let new_keys: BTreeSet<&str> = new.iter().map(&key).collect();
        for o in old.iter().filter(|x| !new_keys.contains(key(x))) {
            removed(self, o);
        }
        let mut both = Vec::new();
        for n in new {
            match old_keys.get(key(n)) {
                Some(o) => both.push((*o, n)),
                None => added(self, n),
            }
        }
        for (o, n) in both {
            changed(self, o, n);
        }
    }

    fn push(&mut self, c: Change) {
        self.out.push(c);
    }

    /// An M025 change; an empty span at 0 stands for "not in this version".
    fn editorial(&mut self, subject: Subject, old: Span, new: Span, what: &str) {
        let d = format!("{subject}: {what} edited");
        let mut c = Change::new(Code::M025, K::Modified, subject, "").describe(d);
        c.old = (old != Span::default()).then_some(old);
        c.new = (new != Span::default()).then_some(new);
        self.push(c);
    }

    fn data_names(&self, model: &Model, ids: &[&str]) -> Vec<DataName> {
        ids.iter()
            .map(|id| match model.category(id) {
                Some(c) => DataName {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    class: c.taxonomy.class.clone(),
                    item: c.taxonomy.item.clone(),
                    sensitive: c.sensitive,
                },
                None => DataName {
                    id: (*id).to_string(),
                    label: None,
                    class: String::new(),
                    item: None,
                    sensitive: false,
                },
            })
            .collect()
    }

    /// What a party collects as the notice names it, as the page does: a
    /// `collects` line's own wording when it has one (once for the items it
    /// covers), else the data's names. A wording that only qualifies
    /// (`"（安卓版本）"`) leaves the data's names. A wording without an
    /// English translation takes, for the English notice, the English names
    /// the policy gives the items it covers.
    fn collect_names(&self, model: &Model, cs: &[&Collect]) -> Vec<DataName> {
        // Runs of entries that share one wording.
        let mut runs: Vec<(Option<&Text>, Vec<DataName>)> = Vec::new();
        for c in cs {
            let Some(name) = self.data_names(model, &[c.data.id.as_str()]).pop() else {
                continue;
            };
            let own = c
                .note
                .as_ref()
                .filter(|n| !n.text.trim_start().starts_with(['（', '(']));
            match (own, runs.last_mut()) {
                (Some(n), Some((Some(w), names))) if w.span == n.span => names.push(name),
                _ => runs.push((own, vec![name])),
            }
        }
        let mut out = Vec::new();
        for (wording, names) in runs {
            let Some(w) = wording else {
                out.extend(names);
                continue;
            };
            let mut label = w.clone();
            if label.get("en").is_none() {
                let en: Option<Vec<&str>> = names
                    .iter()
                    .map(|d| d.label.as_ref().and_then(|l| l.get("en")))
                    .collect();
                if let Some(en) = en {
                    label.translations.insert("en".to_owned(), en.join(", "));
                }
            }
            let sensitive = names.iter().any(|d| d.sensitive);
            if let Some(first) = names.into_iter().next() {
                out.push(DataName {
                    label: Some(label),
                    sensitive,
                    ..first
                });
            }
        }
        out
    }

    fn data_value(&self, model: &Model, set: &DataSet) -> Value {
        match set {
            DataSet::All => Value::AllData,
            DataSet::None => Value::Data(Vec::new()),
            DataSet::List(v) => {
                let ids: Vec<&str> = v.iter().map(|r| r.id.as_str()).collect();
                Value::Data(self.data_names(model, &ids))
            }
        }
    }

    /// Data of `new` that `old` did not have (`all` covers everything).
    fn added_data(&self, old: &DataSet, new: &DataSet) -> Option<(Value, Vec<String>, Span)> {
        match (old, new) {
            (DataSet::All, _) | (_, DataSet::None) => None,
            (_, DataSet::All) => Some((Value::AllData, vec!["all".into()], Span::default())),
            (_, DataSet::List(n)) => {
                let o = ref_ids(old.refs());
                let added: Vec<&Ref> = n.iter().filter(|r| !o.contains(r.id.as_str())).collect();
                let first = added.first()?.span;
                let ids: Vec<&str> = added.iter().map(|r| r.id.as_str()).collect();
                Some((
                    Value::Data(self.data_names(self.new, &ids)),
                    ids.iter().map(|s| s.to_string()).collect(),
                    first,
                ))
            }
        }
    }

    fn data_set_eq(a: &DataSet, b: &DataSet) -> bool {
        match (a, b) {
            (DataSet::None, DataSet::None) | (DataSet::All, DataSet::All) => true,
            (DataSet::List(x), DataSet::List(y)) => ref_ids(x) == ref_ids(y),
            _ => false,
        }
    }

    /// The lookups of the old and the new model.
    fn index(&self) -> &(Index<'m>, Index<'m>) {
        self.index
            .get_or_init(|| (Index::of(self.old), Index::of(self.new)))
    }

    /// Whether a data category is collected or provided anywhere in a model.
    fn used(index: &Index<'_>, id: &str) -> bool {
        index.all_used || index.used.contains(id)
    }

    fn consent_kind(
        &mut self,
        s: &Subject,
        subject_name: &Value,
        o: &Option<Spanned<ConsentKind>>,
        n: &Option<Spanned<ConsentKind>>,
        o_span: Span,
        n_span: Span,
    ) {
        if spanned_eq(o, n) {
            return;
        }
        let w = |c: &Option<Spanned<ConsentKind>>| -> Vec<String> {
            c.iter().map(|c| c.value.word().to_string()).collect()
        };
        self.push(
            Change::new(Code::M015, K::Modified, s.clone(), "consent")
                .describe(format!(
                    "{s}: consent kind changed from {} to {}",
                    display_words(&w(o)),
                    display_words(&w(n))
                ))
                .spans(
                    o.as_ref().map_or(o_span, |c| c.span),
                    n.as_ref().map_or(n_span, |c| c.span),
                )
                .with("subject", subject_name.clone())
                .with("old", Value::Words("consent", w(o)))
                .with("new", Value::Words("consent", w(n))),
        );
    }
}

/// Whether two declarations differ only in references to declarations that
/// were added or removed as a whole (their span-free exports compared with
/// those references left out).
fn same_but_whole(o: DeclRef<'_>, n: DeclRef<'_>, whole: &BTreeSet<&str>) -> bool {
    if whole.is_empty() {
        return false;
    }
    fn strip(v: &mut serde_json::Value, whole: &BTreeSet<&str>) {
        match v {
            serde_json::Value::Array(items) => {
                items.retain(|x| {
                    let id = x.as_str().or_else(|| {
                        x.as_object()
                            .filter(|o| o.len() == 1)
                            .and_then(|o| o.get("id"))
                            .and_then(|i| i.as_str())
                    });
                    !id.is_some_and(|id| whole.contains(id))
                });
                items.iter_mut().for_each(|x| strip(x, whole));
            }
            serde_json::Value::Object(map) => {
                // the export keeps a declaration's span; nothing else does
                map.remove("span");
                map.values_mut().for_each(|x| strip(x, whole));
            }
            _ => {}
        }
    }
    let export = |d: DeclRef<'_>| {
        let mut v = d.export();
        strip(&mut v, whole);
        v
    };
    export(o) == export(n)
}
