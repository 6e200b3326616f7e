//! The detection: compare two resolved models declaration by declaration,
//! matched by id (singletons by kind), never by position, and classify every
//! difference into a change class.
//!
//! Spans, order and comments never count: two models that say the same thing
//! compare equal. Prose (`text`, titles, translations) is editorial (M025).
//! Each `compare_*` function handles one kind of declaration; a declaration
//! added or removed as a whole is reported once, without its parts.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Change, ChangeKind as K, DataName, DeclKind as E, Period, Subject, Value};
use super::classes::Code;
use crate::model::words::*;
use crate::model::*;
use crate::source::Span;

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
    super::ChangeSet::from_detected(d.out)
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

// ---------------------------------------------------------------------------
// Equality that ignores spans and order
// ---------------------------------------------------------------------------

fn text_eq(a: &Text, b: &Text) -> bool {
    a.text == b.text && a.translations == b.translations
}

fn opt_text_eq(a: &Option<Text>, b: &Option<Text>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => text_eq(a, b),
        _ => false,
    }
}

/// Texts as a set of (text, translations).
fn text_set(v: &[Text]) -> BTreeSet<(&str, Vec<(&str, &str)>)> {
    v.iter()
        .map(|t| {
            (
                t.text.as_str(),
                t.translations
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect(),
            )
        })
        .collect()
}

fn texts_eq(a: &[Text], b: &[Text]) -> bool {
    text_set(a) == text_set(b)
}

/// Source strings only (translations ignored).
fn sources(v: &[Text]) -> BTreeSet<&str> {
    v.iter().map(|t| t.text.as_str()).collect()
}

/// The texts of `new` whose source string is not in `old`.
fn added_texts(old: &[Text], new: &[Text]) -> Vec<Text> {
    let o = sources(old);
    new.iter()
        .filter(|t| !o.contains(t.text.as_str()))
        .cloned()
        .collect()
}

fn flag_eq(a: &Option<Flag>, b: &Option<Flag>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.value == b.value && opt_text_eq(&a.text, &b.text),
        _ => false,
    }
}

fn flag_value(f: &Option<Flag>) -> Option<bool> {
    f.as_ref().map(|f| f.value)
}

fn is_yes(f: &Option<Flag>) -> bool {
    flag_value(f) == Some(true)
}

fn spanned_eq<T: PartialEq>(a: &Option<Spanned<T>>, b: &Option<Spanned<T>>) -> bool {
    a.as_ref().map(|s| &s.value) == b.as_ref().map(|s| &s.value)
}

fn values<T: Ord + Copy>(v: &[Spanned<T>]) -> BTreeSet<T> {
    v.iter().map(|s| s.value).collect()
}

fn strings(v: &[Spanned<String>]) -> BTreeSet<&str> {
    v.iter().map(|s| s.value.as_str()).collect()
}

type ChannelKey<'a> = (Channel, Option<&'a str>);

fn channel_set(v: &[ChannelRef]) -> BTreeSet<ChannelKey<'_>> {
    v.iter()
        .map(|c| (c.kind, c.value.as_ref().map(|t| t.text.as_str())))
        .collect()
}

fn channels_eq(a: &[ChannelRef], b: &[ChannelRef]) -> bool {
    type Key = (Channel, Option<(String, Vec<(String, String)>)>);
    let key = |v: &[ChannelRef]| -> BTreeSet<Key> {
        v.iter()
            .map(|c| {
                (
                    c.kind,
                    c.value.as_ref().map(|t| {
                        (
                            t.text.clone(),
                            t.translations
                                .iter()
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect(),
                        )
                    }),
                )
            })
            .collect()
    };
    key(a) == key(b)
}

fn ref_ids(v: &[Ref]) -> BTreeSet<&str> {
    v.iter().map(|r| r.id.as_str()).collect()
}

fn span_of(v: &[Ref], id: &str) -> Option<Span> {
    v.iter().find(|r| r.id == id).map(|r| r.span)
}

fn joined<'a>(v: impl IntoIterator<Item = &'a str>) -> String {
    v.into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted(v: &[Text]) -> String {
    v.iter()
        .map(|t| format!("“{}”", t.text))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Pair declarations by id: (removed, both, added), each in source order.
#[allow(clippy::type_complexity)]
fn pair<'a, T>(
    old: &'a [T],
    new: &'a [T],
    id: impl Fn(&T) -> &str,
) -> (Vec<&'a T>, Vec<(&'a T, &'a T)>, Vec<&'a T>) {
    let old_ids: BTreeMap<&str, &T> = old.iter().map(|x| (id(x), x)).collect();
    let new_ids: BTreeSet<&str> = new.iter().map(&id).collect();
    let removed = old.iter().filter(|x| !new_ids.contains(id(x))).collect();
    let mut both = Vec::new();
    let mut added = Vec::new();
    for n in new {
        match old_ids.get(id(n)) {
            Some(o) => both.push((*o, n)),
            None => added.push(n),
        }
    }
    (removed, both, added)
}

/// The name of a declaration for the notice: its title, else its id.
fn name(title: &Option<Text>, id: &str) -> Value {
    match title {
        Some(t) => Value::Text(t.clone()),
        None => Value::Plain(id.to_string()),
    }
}

fn first_text<'a>(candidates: impl IntoIterator<Item = &'a Option<Text>>) -> Option<&'a Text> {
    candidates.into_iter().flatten().next()
}

fn recipient_name(r: &Recipient) -> Value {
    match first_text([&r.name, &r.title, &r.type_label]) {
        Some(t) => Value::Text(t.clone()),
        None => Value::Plain(r.id.clone()),
    }
}

fn sdk_name(s: &Sdk) -> Value {
    match first_text([&s.title, &s.provider]) {
        Some(t) => Value::Text(t.clone()),
        None => Value::Plain(s.id.clone()),
    }
}

fn transfer_name(t: &Transfer) -> Value {
    match first_text([&t.name, &t.title]) {
        Some(x) => Value::Text(x.clone()),
        None => Value::Plain(t.id.clone()),
    }
}

fn right_name(r: &Right) -> Value {
    match &r.title {
        Some(t) => Value::Text(t.clone()),
        None if !r.covers.is_empty() => Value::Words(
            "right",
            r.covers
                .iter()
                .map(|c| c.value.word().to_string())
                .collect(),
        ),
        None => Value::Plain(r.id.clone()),
    }
}

fn period(r: &Retention) -> Period {
    Period {
        at_least: r.at_least.as_ref().map(|s| s.value),
        at_most: r.at_most.as_ref().map(|s| s.value),
        until: r.until.clone(),
        indefinite: r.indefinite.is_some(),
    }
}

fn days(d: &Option<Spanned<Duration>>) -> Option<u64> {
    d.as_ref().map(|s| s.value.approx_days())
}

fn is_foreign(country: &str) -> bool {
    !country.eq_ignore_ascii_case("CN")
}

fn refusal_rank(e: RefusalEffect) -> u8 {
    match e {
        RefusalEffect::None => 0,
        RefusalEffect::DegradesFunction => 1,
        RefusalEffect::BlocksFunction => 2,
        RefusalEffect::BlocksRegistration => 3,
        RefusalEffect::BlocksService => 4,
    }
}

/// Ways of accepting the policy that are weaker than an explicit act.
fn weak_mechanism(m: &Option<Spanned<AcceptMechanism>>) -> bool {
    matches!(
        m.as_ref().map(|s| s.value),
        Some(AcceptMechanism::CheckboxPreticked | AcceptMechanism::DeemedByUse)
    )
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

    // -----------------------------------------------------------------------
    // Header
    // -----------------------------------------------------------------------

    fn header(&mut self) {
        let (o, n) = (&self.old.header, &self.new.header);
        let s = Subject::single(E::Policy);
        // Products and app types: the scope of the policy.
        let (op, np) = (sources(&o.products), sources(&n.products));
        let (oa, na) = (strings(&o.app_types), strings(&n.app_types));
        let sector_changed = !spanned_eq(&o.sector, &n.sector);
        if op != np || oa != na || sector_changed {
            let added: Vec<Text> = added_texts(&o.products, &n.products);
            let first_added = added.first().map(|t| t.span);
            let removed: Vec<Text> = added_texts(&n.products, &o.products);
            let added_types: Vec<String> = na.difference(&oa).map(|s| s.to_string()).collect();
            let removed_types: Vec<String> = oa.difference(&na).map(|s| s.to_string()).collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("products added: {}", quoted(&added)));
            }
            if !removed.is_empty() {
                parts.push(format!("products removed: {}", quoted(&removed)));
            }
            if !added_types.is_empty() {
                parts.push(format!(
                    "app types added: {}",
                    joined(added_types.iter().map(String::as_str))
                ));
            }
            if !removed_types.is_empty() {
                parts.push(format!(
                    "app types removed: {}",
                    joined(removed_types.iter().map(String::as_str))
                ));
            }
            if sector_changed {
                parts.push("sector changed".into());
            }
            let mut add_v = vec![Value::Texts(added)];
            if !added_types.is_empty() {
                add_v.push(Value::AppTypes(added_types));
            }
            let mut rem_v = vec![Value::Texts(removed)];
            if !removed_types.is_empty() {
                rem_v.push(Value::AppTypes(removed_types));
            }
            let new_span = first_added
                .or_else(|| n.products.first().map(|t| t.span))
                .or_else(|| n.app_types.first().map(|a| a.span))
                .unwrap_or(n.span);
            let old_span = o
                .products
                .first()
                .map(|t| t.span)
                .or_else(|| o.app_types.first().map(|a| a.span))
                .unwrap_or(o.span);
            let mut c = Change::new(Code::M024, K::Modified, s.clone(), "products")
                .describe(format!("scope of the policy changed: {}", parts.join("; ")))
                .spans(old_span, new_span);
            for v in add_v.into_iter().filter(|v| !v.is_empty()) {
                c = c.with("added", v);
            }
            for v in rem_v.into_iter().filter(|v| !v.is_empty()) {
                c = c.with("removed", v);
            }
            self.push(c);
        }
        // A high-risk assessment newly declared.
        if is_yes(&n.high_risk_assessment) && !is_yes(&o.high_risk_assessment) {
            let f = n.high_risk_assessment.as_ref();
            let mut c = Change::new(Code::M020, K::Modified, s.clone(), "declared")
                .describe("the policy now declares a high-risk impact assessment")
                .spans(o.span, f.map_or(n.span, |f| f.span));
            if let Some(t) = f.and_then(|f| f.text.clone()) {
                c = c.with("text", Value::Text(t));
            }
            self.push(c);
        } else if !flag_eq(&o.high_risk_assessment, &n.high_risk_assessment) {
            self.editorial(s.clone(), o.span, n.span, "high-risk-assessment statement");
        }
        let meta = [
            (!opt_text_eq(&o.title, &n.title), "title"),
            (!opt_text_eq(&o.version, &n.version), "version"),
            (
                o.effective.as_ref().map(|d| d.value) != n.effective.as_ref().map(|d| d.value),
                "effective date",
            ),
            (
                o.updated.as_ref().map(|d| d.value) != n.updated.as_ref().map(|d| d.value),
                "updated date",
            ),
            (strings(&o.languages) != strings(&n.languages), "languages"),
            (!spanned_eq(&o.volume, &n.volume), "volume"),
            (!texts_eq(&o.text, &n.text), "text"),
            (
                texts_eq(&o.products, &n.products) != (op == np),
                "product translations",
            ),
        ];
        let what: Vec<&str> = meta.iter().filter(|(c, _)| *c).map(|(_, w)| *w).collect();
        if !what.is_empty() {
            self.editorial(s, o.span, n.span, &what.join(", "));
        }
    }

    // -----------------------------------------------------------------------
    // Processor, officer, complaints: who is responsible and how to reach them
    // -----------------------------------------------------------------------

    fn processor(&mut self) {
        let s = Subject::single(E::Processor);
        match (&self.old.processor, &self.new.processor) {
            (None, None) => {}
            (None, Some(n)) => {
                let mut c = Change::new(Code::M001, K::Added, s, "named")
                    .describe("the policy now identifies the processor")
                    .at_new(n.span);
                if let Some(t) = &n.name {
                    c = c.with("new", Value::Text(t.clone()));
                }
                self.push(c);
            }
            (Some(o), None) => {
                self.push(
                    Change::new(Code::M001, K::Removed, s, "unnamed")
                        .describe("the policy no longer identifies the processor")
                        .at_old(o.span),
                );
            }
            (Some(o), Some(n)) => {
                match (&o.name, &n.name) {
                    (Some(a), Some(b)) if a.text != b.text => self.push(
                        Change::new(Code::M001, K::Modified, s.clone(), "renamed")
                            .describe(format!(
                                "processor renamed from “{}” to “{}”",
                                a.text, b.text
                            ))
                            .spans(a.span, b.span)
                            .with("old", Value::Text(a.clone()))
                            .with("new", Value::Text(b.clone())),
                    ),
                    (None, Some(b)) => self.push(
                        Change::new(Code::M001, K::Modified, s.clone(), "named")
                            .describe(format!("processor now named “{}”", b.text))
                            .spans(o.span, b.span)
                            .with("new", Value::Text(b.clone())),
                    ),
                    (Some(a), None) => self.push(
                        Change::new(Code::M001, K::Modified, s.clone(), "unnamed")
                            .describe("processor's name removed")
                            .spans(a.span, n.span),
                    ),
                    _ => {}
                }
                if !channels_eq(&o.contacts, &n.contacts) {
                    let span = |p: &Processor| p.contacts.first().map_or(p.span, |c| c.span);
                    self.push(
                        Change::new(Code::M002, K::Modified, s.clone(), "changed")
                            .describe("processor's contact details changed")
                            .spans(span(o), span(n))
                            .with("part", Value::Word("part", "contact".into()))
                            .with("now", Value::channels(&n.contacts)),
                    );
                }
                let addr = |p: &Processor| -> Vec<Text> {
                    p.registered_address
                        .iter()
                        .chain(&p.office_address)
                        .cloned()
                        .collect()
                };
                if sources(&addr(o)) != sources(&addr(n)) {
                    let span = |p: &Processor| {
                        p.registered_address
                            .as_ref()
                            .or(p.office_address.as_ref())
                            .map_or(p.span, |t| t.span)
                    };
                    self.push(
                        Change::new(Code::M002, K::Modified, s.clone(), "changed")
                            .describe("processor's address changed")
                            .spans(span(o), span(n))
                            .with("part", Value::Word("part", "address".into()))
                            .with("now", Value::Texts(addr(n))),
                    );
                }
                let editorial = (o.name.as_ref().map(|t| &t.text)
                    == n.name.as_ref().map(|t| &t.text)
                    && !opt_text_eq(&o.name, &n.name))
                    || !texts_eq(&o.text, &n.text)
                    || (sources(&addr(o)) == sources(&addr(n)) && !texts_eq(&addr(o), &addr(n)));
                if editorial {
                    self.editorial(s, o.span, n.span, "wording");
                }
            }
        }
    }

    fn officer(&mut self) {
        let s = Subject::single(E::Officer);
        let change = |o: Option<Span>, n: Option<Span>, d: &str, now: Value| {
            let mut c = Change::new(
                Code::M002,
                K::Modified,
                Subject::single(E::Officer),
                "changed",
            )
            .describe(d.to_string())
            .with("part", Value::Word("part", "officer".into()))
            .with("now", now);
            c.old = o;
            c.new = n;
            c
        };
        match (&self.old.officer, &self.new.officer) {
            (None, None) => {}
            (None, Some(n)) => {
                let c = change(
                    None,
                    Some(n.span),
                    "a PI-protection officer is now named",
                    officer_now(n),
                );
                self.push(c);
            }
            (Some(o), None) => {
                let c = change(
                    Some(o.span),
                    None,
                    "the PI-protection officer is no longer named",
                    Value::Texts(vec![]),
                );
                self.push(c);
            }
            (Some(o), Some(n)) => {
                let src = |x: &Option<Text>| x.as_ref().map(|t| t.text.clone());
                if src(&o.name) != src(&n.name)
                    || src(&o.department) != src(&n.department)
                    || channel_set(&o.contacts) != channel_set(&n.contacts)
                {
                    let c = change(
                        Some(o.span),
                        Some(n.span),
                        "PI-protection officer or their contact changed",
                        officer_now(n),
                    );
                    self.push(c);
                } else if !opt_text_eq(&o.name, &n.name)
                    || !opt_text_eq(&o.department, &n.department)
                    || !channels_eq(&o.contacts, &n.contacts)
                    || !texts_eq(&o.text, &n.text)
                {
                    self.editorial(s, o.span, n.span, "wording");
                }
            }
        }
    }

    fn complaints(&mut self) {
        let s = Subject::single(E::Complaints);
        let now = |c: &Complaints| -> Value { Value::channels(&c.channels) };
        match (&self.old.complaints, &self.new.complaints) {
            (None, None) => {}
            (None, Some(n)) => self.push(
                Change::new(Code::M002, K::Added, s, "changed")
                    .describe("complaint channels added")
                    .at_new(n.span)
                    .with("part", Value::Word("part", "complaints".into()))
                    .with("now", now(n)),
            ),
            (Some(o), None) => self.push(
                Change::new(Code::M002, K::Removed, s, "changed")
                    .describe("complaint channels removed")
                    .at_old(o.span)
                    .with("part", Value::Word("part", "complaints".into())),
            ),
            (Some(o), Some(n)) => {
                if channel_set(&o.channels) != channel_set(&n.channels)
                    || !spanned_eq(&o.response, &n.response)
                    || sources(&o.external) != sources(&n.external)
                {
                    let span = |c: &Complaints| c.channels.first().map_or(c.span, |x| x.span);
                    self.push(
                        Change::new(Code::M002, K::Modified, s, "changed")
                            .describe(
                                "complaint channels, response time or external bodies changed",
                            )
                            .spans(span(o), span(n))
                            .with("part", Value::Word("part", "complaints".into()))
                            .with("now", now(n)),
                    );
                } else if !channels_eq(&o.channels, &n.channels)
                    || !texts_eq(&o.external, &n.external)
                    || !texts_eq(&o.text, &n.text)
                {
                    self.editorial(s, o.span, n.span, "wording");
                }
            }
        }
    }

    // -----------------------------------------------------------------------
    // Consent flow and the update clause
    // -----------------------------------------------------------------------

    fn consent_flow(&mut self) {
        let s = Subject::single(E::Consent);
        match (&self.old.consent, &self.new.consent) {
            (None, None) => {}
            (None, Some(n)) => {
                let code = if weak_mechanism(&n.mechanism) || is_yes(&n.bundled) {
                    Code::M018
                } else {
                    Code::M017
                };
                self.push(
                    Change::new(code, K::Added, s, "consent-flow")
                        .describe("how users accept the policy is now stated")
                        .at_new(n.span),
                );
            }
            (Some(o), None) => self.push(
                Change::new(Code::M017, K::Removed, s, "consent-flow")
                    .describe("how users accept the policy is no longer stated")
                    .at_old(o.span),
            ),
            (Some(o), Some(n)) => {
                let weaker = (weak_mechanism(&n.mechanism) && !weak_mechanism(&o.mechanism))
                    || (is_yes(&n.bundled) && !is_yes(&o.bundled));
                if !spanned_eq(&o.mechanism, &n.mechanism)
                    || flag_value(&o.bundled) != flag_value(&n.bundled)
                {
                    let (code, d) = if weaker {
                        (
                            Code::M018,
                            "consent mechanism weakened (pre-ticked, deemed by use, or bundled)",
                        )
                    } else {
                        (Code::M017, "consent mechanism changed")
                    };
                    let sp = |c: &ConsentFlow| c.mechanism.as_ref().map_or(c.span, |m| m.span);
                    self.push(
                        Change::new(code, K::Modified, s, "consent-flow")
                            .describe(d)
                            .spans(sp(o), sp(n)),
                    );
                } else if !flag_eq(&o.bundled, &n.bundled) || !texts_eq(&o.text, &n.text) {
                    self.editorial(s, o.span, n.span, "wording");
                }
            }
        }
    }

    fn updates(&mut self) {
        let s = Subject::single(E::Updates);
        match (&self.old.updates, &self.new.updates) {
            (None, None) => {}
            (None, Some(n)) => {
                if is_yes(&n.deemed_acceptance) {
                    self.push(
                        Change::new(Code::M018, K::Added, s, "updates")
                            .describe(
                                "the policy now says continued use means acceptance of changes",
                            )
                            .at_new(n.span),
                    );
                } else {
                    self.editorial(s, Span::default(), n.span, "update clause");
                }
            }
            (Some(o), None) => {
                if is_yes(&o.reconsent_on_material) {
                    self.push(
                        Change::new(Code::M018, K::Removed, s, "updates")
                            .describe("the promise to ask again on material change is removed")
                            .at_old(o.span),
                    );
                } else {
                    self.editorial(s, o.span, Span::default(), "update clause");
                }
            }
            (Some(o), Some(n)) => {
                let worse = (is_yes(&o.reconsent_on_material) && !is_yes(&n.reconsent_on_material))
                    || (is_yes(&n.deemed_acceptance) && !is_yes(&o.deemed_acceptance));
                if worse {
                    let sp = |u: &Updates| {
                        u.deemed_acceptance
                            .as_ref()
                            .or(u.reconsent_on_material.as_ref())
                            .map_or(u.span, |f| f.span)
                    };
                    self.push(
                        Change::new(Code::M018, K::Modified, s, "updates")
                            .describe("re-consent on material change dropped, or continued use now deemed acceptance")
                            .spans(sp(o), sp(n)),
                    );
                } else if !channels_eq(&o.notices, &n.notices)
                    || !texts_eq(&o.material, &n.material)
                    || !flag_eq(&o.reconsent_on_material, &n.reconsent_on_material)
                    || !flag_eq(&o.deemed_acceptance, &n.deemed_acceptance)
                    || !flag_eq(&o.archive, &n.archive)
                    || !texts_eq(&o.text, &n.text)
                {
                    self.editorial(s, o.span, n.span, "update clause");
                }
            }
        }
    }

    // -----------------------------------------------------------------------
    // Data categories (the facts about a category; who collects it is
    // compared per function)
    // -----------------------------------------------------------------------

    /// The lookups of the old and the new model.
    fn index(&self) -> &(Index<'m>, Index<'m>) {
        self.index
            .get_or_init(|| (Index::of(self.old), Index::of(self.new)))
    }

    /// Whether a data category is collected or provided anywhere in a model.
    fn used(index: &Index<'_>, id: &str) -> bool {
        index.all_used || index.used.contains(id)
    }

    fn data(&mut self) {
        let (_, both, _) = pair(&self.old.data, &self.new.data, |d| d.id.as_str());
        for (o, n) in both {
            let s = Subject::new(E::Data, &n.id);
            let (old_index, new_index) = self.index();
            let used = Self::used(new_index, &n.id) && Self::used(old_index, &n.id);
            let names = self.data_names(self.new, &[n.id.as_str()]);
            if n.sensitive && !o.sensitive && used {
                let mut c = Change::new(Code::M006, K::Modified, s.clone(), "became-sensitive")
                    .describe(format!(
                        "data `{}` is now sensitive personal information",
                        n.id
                    ))
                    .spans(o.span, n.span)
                    .with("data", Value::Data(names.clone()));
                if let Some(t) = &n.necessity {
                    c = c.with("necessity", Value::Text(t.clone()));
                }
                if let Some(t) = &n.impact {
                    c = c.with("impact", Value::Text(t.clone()));
                }
                self.push(c);
            }
            if o.taxonomy != n.taxonomy && used {
                let what = match &n.taxonomy.item {
                    Some(i) => format!("{}.{}", n.taxonomy.class, i),
                    None => n.taxonomy.class.clone(),
                };
                self.push(
                    Change::new(Code::M005, K::Modified, s.clone(), "category-changed")
                        .describe(format!(
                            "data `{}` now stands for taxonomy category `{what}`",
                            n.id
                        ))
                        .spans(o.span, n.span)
                        .with("data", Value::Data(names.clone()))
                        .with(
                            "now",
                            Value::Data(vec![DataName {
                                label: None,
                                ..names.first().cloned().unwrap_or(DataName {
                                    id: n.id.clone(),
                                    label: None,
                                    class: n.taxonomy.class.clone(),
                                    item: n.taxonomy.item.clone(),
                                    sensitive: n.sensitive,
                                })
                            }]),
                        ),
                );
            }
            let editorial = !opt_text_eq(&o.label, &n.label)
                || !opt_text_eq(&o.necessity, &n.necessity)
                || !opt_text_eq(&o.impact, &n.impact)
                || !texts_eq(&o.text, &n.text)
                || (o.sensitive && !n.sensitive)
                || flag_value(&o.marked_sensitive) != flag_value(&n.marked_sensitive)
                || !spanned_eq(&o.jrt, &n.jrt)
                || o.third_party_subject != n.third_party_subject
                || (o.taxonomy != n.taxonomy && !used);
            if editorial {
                self.editorial(s, o.span, n.span, "label, wording or marking");
            }
        }
    }

    // -----------------------------------------------------------------------
    // Permissions
    // -----------------------------------------------------------------------

    fn permissions(&mut self) {
        let (removed, both, added) = pair(&self.old.permissions, &self.new.permissions, |p| {
            p.id.as_str()
        });
        for o in removed {
            self.push(
                Change::new(
                    Code::M007,
                    K::Removed,
                    Subject::new(E::Permission, &o.id),
                    "permission",
                )
                .describe(format!("permission `{}` removed", o.id))
                .at_old(o.span)
                .with("permission", name(&o.title, &o.id)),
            );
        }
        for n in added {
            self.push(
                Change::new(
                    Code::M004,
                    K::Added,
                    Subject::new(E::Permission, &n.id),
                    "permission-added",
                )
                .describe(format!("permission `{}` added", n.id))
                .at_new(n.span)
                .with("permission", name(&n.title, &n.id))
                .with("purposes", Value::Texts(n.purposes.clone())),
            );
        }
        for (o, n) in both {
            let s = Subject::new(E::Permission, &n.id);
            let collects = |p: &Permission| -> BTreeSet<String> {
                p.collects.iter().map(|c| c.data.id.clone()).collect()
            };
            let when_worse = n.when.as_ref().is_some_and(|w| w.value != When::OnUse)
                && !spanned_eq(&o.when, &n.when);
            let more_data = !collects(n).is_subset(&collects(o));
            let more_purpose = !added_texts(&o.purposes, &n.purposes).is_empty();
            if when_worse || more_data || more_purpose {
                let mut why = Vec::new();
                if when_worse {
                    why.push("requested at a new time");
                }
                if more_data {
                    why.push("collects more data");
                }
                if more_purpose {
                    why.push("has a new purpose");
                }
                self.push(
                    Change::new(Code::M004, K::Modified, s.clone(), "permission-changed")
                        .describe(format!("permission `{}` {}", n.id, why.join(", ")))
                        .spans(o.span, n.span)
                        .with("permission", name(&n.title, &n.id)),
                );
            } else if !opt_text_eq(&o.title, &n.title)
                || !texts_eq(&o.text, &n.text)
                || !texts_eq(&o.purposes, &n.purposes)
                || values(&o.os) != values(&n.os)
                || !spanned_eq(&o.when, &n.when)
                || collects(o) != collects(n)
            {
                self.editorial(s, o.span, n.span, "wording or details");
            }
        }
    }

    // -----------------------------------------------------------------------
    // Functions
    // -----------------------------------------------------------------------

    /// Every data id collected anywhere in a model.
    fn collected(model: &Model) -> BTreeSet<&str> {
        model
            .functions
            .iter()
            .flat_map(|f| &f.collects)
            .chain(model.sdks.iter().flat_map(|s| &s.collects))
            .chain(model.permissions.iter().flat_map(|p| &p.collects))
            .map(|c| c.data.id.as_str())
            .collect()
    }

    /// Permissions a function uses, from either side of the link.
    fn function_permissions<'a>(model: &'a Model, f: &'a Function) -> BTreeMap<&'a str, Span> {
        let mut m: BTreeMap<&str, Span> = f
            .permissions
            .iter()
            .map(|r| (r.id.as_str(), r.span))
            .collect();
        for p in &model.permissions {
            if let Some(r) = p.functions.iter().find(|r| r.id == f.id) {
                m.entry(p.id.as_str()).or_insert(r.span);
            }
        }
        m
    }

    /// Report the data `ids` newly collected by function `f`: sensitive
    /// items one by one (M006, with necessity and impact), the rest together
    /// (M005).
    fn new_data(&mut self, f: &Function, o_span: Option<Span>, ids: &[&str], kind: K) {
        let s = Subject::new(E::Function, &f.id);
        let (sens, plain): (Vec<&str>, Vec<&str>) = ids
            .iter()
            .partition(|id| self.new.category(id).is_some_and(|c| c.sensitive));
        let span_of_data = |id: &str| {
            f.collects
                .iter()
                .find(|c| c.data.id == id)
                .map_or(f.span, |c| c.data.span)
        };
        for id in sens {
            let cat = self.new.category(id);
            let mut c = Change::new(Code::M006, kind, s.clone(), "function-data")
                .describe(format!(
                    "function `{}` now collects sensitive data `{id}`",
                    f.id
                ))
                .at_new(span_of_data(id))
                .with("function", name(&f.title, &f.id))
                .with("data", Value::Data(self.data_names(self.new, &[id])));
            c.old = o_span;
            if let Some(t) = cat.and_then(|c| c.necessity.clone()) {
                c = c.with("necessity", Value::Text(t));
            }
            if let Some(t) = cat.and_then(|c| c.impact.clone()) {
                c = c.with("impact", Value::Text(t));
            }
            self.push(c);
        }
        if let Some(first) = plain.first() {
            let mut c = Change::new(Code::M005, kind, s, "function-data")
                .describe(format!(
                    "function `{}` now collects {}",
                    f.id,
                    joined(plain.iter().copied())
                ))
                .at_new(span_of_data(first))
                .with("function", name(&f.title, &f.id))
                .with("data", Value::Data(self.data_names(self.new, &plain)));
            c.old = o_span;
            self.push(c);
        }
    }

    fn functions(&mut self) {
        let (removed, both, added) =
            pair(&self.old.functions, &self.new.functions, |f| f.id.as_str());
        for o in removed {
            self.push(
                Change::new(
                    Code::M007,
                    K::Removed,
                    Subject::new(E::Function, &o.id),
                    "function",
                )
                .describe(format!(
                    "function `{}` removed, with the data it collects",
                    o.id
                ))
                .at_old(o.span)
                .with("function", name(&o.title, &o.id)),
            );
        }
        let old_collected = Self::collected(self.old);
        for n in added {
            let ids: Vec<&str> = n.collects.iter().map(|c| c.data.id.as_str()).collect();
            self.push(
                Change::new(
                    Code::M003,
                    K::Added,
                    Subject::new(E::Function, &n.id),
                    "function-added",
                )
                .describe(format!("function `{}` added", n.id))
                .at_new(n.span)
                .with("function", name(&n.title, &n.id))
                .with("purposes", Value::Texts(n.purposes.clone()))
                .with("data", Value::Data(self.data_names(self.new, &ids))),
            );
            let fresh: Vec<&str> = ids
                .iter()
                .copied()
                .filter(|id| !old_collected.contains(id))
                .collect();
            self.new_data(n, None, &fresh, K::Added);
        }
        for (o, n) in both {
            self.function_pair(o, n);
        }
    }

    fn function_pair(&mut self, o: &Function, n: &Function) {
        let s = Subject::new(E::Function, &n.id);
        let fname = name(&n.title, &n.id);
        // Purposes.
        let new_purposes = added_texts(&o.purposes, &n.purposes);
        let gone_purposes = added_texts(&n.purposes, &o.purposes);
        if let Some(first) = new_purposes.first() {
            self.push(
                Change::new(Code::M003, K::Modified, s.clone(), "purpose-added")
                    .describe(format!(
                        "function `{}` has a new purpose: {}",
                        n.id,
                        quoted(&new_purposes)
                    ))
                    .spans(o.span, first.span)
                    .with("function", fname.clone())
                    .with("purposes", Value::Texts(new_purposes.clone())),
            );
        }
        if !gone_purposes.is_empty() && new_purposes.is_empty() {
            self.push(
                Change::new(Code::M007, K::Modified, s.clone(), "purpose")
                    .describe(format!(
                        "function `{}` no longer has the purpose {}",
                        n.id,
                        quoted(&gone_purposes)
                    ))
                    .spans(o.purposes.first().map_or(o.span, |t| t.span), n.span)
                    .with("function", fname.clone())
                    .with("purposes", Value::Texts(gone_purposes.clone())),
            );
        }
        // Method of processing (PIPL Art. 14 ¶2: a changed method needs new
        // consent). A method first stated, or dropped, is left to M025.
        if let (Some(om), Some(m)) = (&o.method, &n.method) {
            if om.text != m.text {
                self.push(
                    Change::new(Code::M004, K::Modified, s.clone(), "method-changed")
                        .describe(format!("function `{}`: method of processing changed", n.id))
                        .spans(om.span, m.span)
                        .with("function", fname.clone())
                        .with("method", Value::Text(m.clone())),
                );
            }
        }
        // Data collected.
        let on: BTreeMap<&str, Option<Need>> = o
            .collects
            .iter()
            .map(|c| (c.data.id.as_str(), c.need))
            .collect();
        let nn: BTreeMap<&str, Option<Need>> = n
            .collects
            .iter()
            .map(|c| (c.data.id.as_str(), c.need))
            .collect();
        let added: Vec<&str> = n
            .collects
            .iter()
            .map(|c| c.data.id.as_str())
            .filter(|id| !on.contains_key(id))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.new_data(n, Some(o.span), &added, K::Modified);
        let gone: Vec<&str> = on
            .keys()
            .copied()
            .filter(|id| !nn.contains_key(id))
            .collect();
        if !gone.is_empty() {
            self.push(
                Change::new(Code::M007, K::Modified, s.clone(), "data")
                    .describe(format!(
                        "function `{}` no longer collects {}",
                        n.id,
                        joined(gone.iter().copied())
                    ))
                    .spans(
                        o.collects
                            .iter()
                            .find(|c| gone.contains(&c.data.id.as_str()))
                            .map_or(o.span, |c| c.data.span),
                        n.span,
                    )
                    .with("function", fname.clone())
                    .with("data", Value::Data(self.data_names(self.old, &gone))),
            );
        }
        let now_required: Vec<&str> = nn
            .iter()
            .filter(|(id, need)| {
                **need == Some(Need::Required)
                    && on.get(*id).is_some_and(|o| *o != Some(Need::Required))
            })
            .map(|(id, _)| *id)
            .collect();
        if let Some(first) = now_required.first() {
            self.push(
                Change::new(Code::M016, K::Modified, s.clone(), "required")
                    .describe(format!(
                        "function `{}` now requires {}",
                        n.id,
                        joined(now_required.iter().copied())
                    ))
                    .spans(
                        span_of(
                            &o.collects
                                .iter()
                                .map(|c| c.data.clone())
                                .collect::<Vec<_>>(),
                            first,
                        )
                        .unwrap_or(o.span),
                        span_of(
                            &n.collects
                                .iter()
                                .map(|c| c.data.clone())
                                .collect::<Vec<_>>(),
                            first,
                        )
                        .unwrap_or(n.span),
                    )
                    .with("function", fname.clone())
                    .with(
                        "data",
                        Value::Data(self.data_names(self.new, &now_required)),
                    ),
            );
        }
        let needs_relaxed = nn
            .iter()
            .any(|(id, need)| on.get(id).is_some_and(|o| o != need))
            && now_required.is_empty();
        // Refusal effect and kind.
        let rank = |f: &Function| f.refusal.as_ref().map_or(0, |r| refusal_rank(r.effect));
        if rank(n) > rank(o) {
            if let Some(r) = &n.refusal {
                self.push(
                    Change::new(Code::M016, K::Modified, s.clone(), "effect")
                        .describe(format!(
                            "refusing function `{}` now means `{}`",
                            n.id,
                            r.effect.word()
                        ))
                        .spans(o.refusal.as_ref().map_or(o.span, |r| r.span), r.span)
                        .with("function", fname.clone())
                        .with(
                            "effect",
                            Value::Word("refusal", r.effect.word().to_string()),
                        ),
                );
            }
        }
        let kind = |f: &Function| f.kind.as_ref().map(|k| k.value);
        if kind(n) == Some(FunctionKind::Basic) && kind(o) == Some(FunctionKind::Extended) {
            self.push(
                Change::new(Code::M016, K::Modified, s.clone(), "basic")
                    .describe(format!(
                        "function `{}` changed from extended to basic",
                        n.id
                    ))
                    .spans(
                        o.kind.as_ref().map_or(o.span, |k| k.span),
                        n.kind.as_ref().map_or(n.span, |k| k.span),
                    )
                    .with("function", fname.clone()),
            );
        }
        // Legal basis and consent kind.
        let (ob, nb) = (values(&o.bases), values(&n.bases));
        if ob != nb {
            let words = |b: &BTreeSet<LegalBasis>| {
                b.iter().map(|x| x.word().to_string()).collect::<Vec<_>>()
            };
            self.push(
                Change::new(Code::M015, K::Modified, s.clone(), "basis")
                    .describe(format!(
                        "function `{}`: legal basis changed from {} to {}",
                        n.id,
                        display_words(&words(&ob)),
                        display_words(&words(&nb))
                    ))
                    .spans(
                        o.bases.first().map_or(o.span, |b| b.span),
                        n.bases.first().map_or(n.span, |b| b.span),
                    )
                    .with("subject", fname.clone())
                    .with("old", Value::Words("basis", words(&ob)))
                    .with("new", Value::Words("basis", words(&nb))),
            );
        }
        self.consent_kind(&s, &fname, &o.consent, &n.consent, o.span, n.span);
        // Sources and background collection.
        let src = |f: &Function| -> BTreeSet<(SourceKind, Vec<String>)> {
            f.sources
                .iter()
                .map(|s| (s.kind, s.from.iter().map(|t| t.text.clone()).collect()))
                .collect()
        };
        let (os, ns) = (src(o), src(n));
        let new_sources: Vec<&Source> = n
            .sources
            .iter()
            .filter(|x| {
                x.kind != SourceKind::Direct
                    && !os.contains(&(x.kind, x.from.iter().map(|t| t.text.clone()).collect()))
            })
            .collect();
        if let Some(first) = new_sources.first() {
            self.push(
                Change::new(Code::M004, K::Modified, s.clone(), "source-added")
                    .describe(format!(
                        "function `{}` has a new source: {}",
                        n.id,
                        new_sources
                            .iter()
                            .map(|x| format!("`{}`", x.kind.word()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .spans(o.sources.first().map_or(o.span, |x| x.span), first.span)
                    .with("function", fname.clone())
                    .with(
                        "sources",
                        Value::Labelled(
                            new_sources
                                .iter()
                                .map(|x| ("source", x.kind.word().to_string(), x.from.clone()))
                                .collect(),
                        ),
                    ),
            );
        }
        if is_yes(&n.background) && !is_yes(&o.background) {
            self.push(
                Change::new(Code::M004, K::Modified, s.clone(), "background")
                    .describe(format!(
                        "function `{}` now collects in the background",
                        n.id
                    ))
                    .spans(
                        o.background.as_ref().map_or(o.span, |b| b.span),
                        n.background.as_ref().map_or(n.span, |b| b.span),
                    )
                    .with("function", fname.clone()),
            );
        }
        // Permissions used.
        let (op, np) = (
            Self::function_permissions(self.old, o),
            Self::function_permissions(self.new, n),
        );
        for (pid, span) in &np {
            if !op.contains_key(pid) {
                let perm = self.new.permissions.iter().find(|p| p.id == *pid);
                self.push(
                    Change::new(Code::M004, K::Modified, s.clone(), "function-permission")
                        .describe(format!("function `{}` now uses permission `{pid}`", n.id))
                        .spans(o.span, *span)
                        .via(Subject::new(E::Permission, pid))
                        .with("function", fname.clone())
                        .with(
                            "permissions",
                            perm.map_or(Value::Plain((*pid).to_string()), |p| {
                                name(&p.title, &p.id)
                            }),
                        ),
                );
            }
        }
        let editorial = !opt_text_eq(&o.title, &n.title)
            || !opt_text_eq(&o.group, &n.group)
            || !texts_eq(&o.text, &n.text)
            || (new_purposes.is_empty()
                && gone_purposes.is_empty()
                && !texts_eq(&o.purposes, &n.purposes))
            || !opt_text_eq(&o.frequency, &n.frequency)
            || needs_relaxed
            || (rank(n) < rank(o))
            || (rank(n) == rank(o) && !refusal_text_eq(&o.refusal, &n.refusal))
            || (kind(n) != kind(o)
                && !(kind(n) == Some(FunctionKind::Basic)
                    && kind(o) == Some(FunctionKind::Extended)))
            || (!is_yes(&n.background) || is_yes(&o.background))
                && !flag_eq(&o.background, &n.background)
            || (new_sources.is_empty() && os != ns)
            || op
                .keys()
                .any(|p| !np.contains_key(p) && self.new.permissions.iter().any(|x| x.id == *p))
            || o.collects
                .iter()
                .zip(&n.collects)
                .any(|(a, b)| !opt_text_eq(&a.note, &b.note));
        if editorial {
            self.editorial(s, o.span, n.span, "wording or details");
        }
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

    // -----------------------------------------------------------------------
    // Recipients
    // -----------------------------------------------------------------------

    /// Functions linked to a recipient, from either side of the link.
    fn recipient_functions<'a>(index: &Index<'a>, r: &'a Recipient) -> BTreeMap<&'a str, Span> {
        let mut m: BTreeMap<&str, Span> = r
            .functions
            .iter()
            .map(|x| (x.id.as_str(), x.span))
            .collect();
        for &(f, span) in index.users.get(r.id.as_str()).into_iter().flatten() {
            m.entry(f).or_insert(span);
        }
        m
    }

    fn recipients(&mut self) {
        let (removed, both, added) = pair(&self.old.recipients, &self.new.recipients, |r| {
            r.id.as_str()
        });
        for o in removed {
            self.push(
                Change::new(
                    Code::M007,
                    K::Removed,
                    Subject::new(E::Recipient, &o.id),
                    "recipient",
                )
                .describe(format!("recipient `{}` removed", o.id))
                .at_old(o.span)
                .with("recipient", recipient_name(o)),
            );
        }
        for n in added {
            let s = Subject::new(E::Recipient, &n.id);
            let role = n.role.as_ref().map(|r| r.value);
            let (code, variant, what) = match role {
                Some(Role::Entrusted) => (Code::M012, "added", "entrusted processor"),
                Some(Role::Authority) => (Code::M012, "authority", "authority recipient"),
                _ => (Code::M010, "recipient", "independent recipient"),
            };
            self.push(
                Change::new(code, K::Added, s.clone(), variant)
                    .describe(format!("{what} `{}` added", n.id))
                    .at_new(n.span)
                    .with("recipient", recipient_name(n))
                    .with("purposes", Value::Texts(n.purposes.clone()))
                    .with("data", self.data_value(self.new, &n.data)),
            );
            if let Some(c) = n.country.as_ref().filter(|c| is_foreign(&c.value)) {
                self.push(
                    Change::new(Code::M014, K::Added, s, "transfer")
                        .describe(format!("recipient `{}` is abroad (`{}`)", n.id, c.value))
                        .at_new(c.span)
                        .with("recipient", recipient_name(n))
                        .with("country", Value::Countries(vec![c.value.clone()]))
                        .with("purposes", Value::Texts(n.purposes.clone()))
                        .with("data", self.data_value(self.new, &n.data)),
                );
            }
        }
        for (o, n) in both {
            self.recipient_pair(o, n);
        }
    }

    fn recipient_pair(&mut self, o: &Recipient, n: &Recipient) {
        let s = Subject::new(E::Recipient, &n.id);
        let rname = recipient_name(n);
        let role = |r: &Recipient| r.role.as_ref().map(|x| x.value);
        let entrusted = |r: Option<Role>| matches!(r, Some(Role::Entrusted | Role::Authority));
        let scope_code = if entrusted(role(n)) {
            Code::M012
        } else {
            Code::M011
        };
        // Replaced by another party, or now independent.
        match (&o.name, &n.name) {
            (Some(a), Some(b)) if a.text != b.text => {
                let code = if entrusted(role(n)) {
                    Code::M012
                } else {
                    Code::M010
                };
                self.push(
                    Change::new(code, K::Modified, s.clone(), "replaced")
                        .describe(format!(
                            "recipient `{}` replaced: “{}” → “{}”",
                            n.id, a.text, b.text
                        ))
                        .spans(a.span, b.span)
                        .with("old", Value::Text(a.clone()))
                        .with("new", Value::Text(b.clone())),
                );
            }
            _ => {}
        }
        match (&o.name, &n.name) {
            (None, Some(b)) => {
                let d = format!("recipient `{}` now named “{}”", n.id, b.text);
                self.push(
                    Change::new(Code::M025, K::Modified, s.clone(), "")
                        .describe(d)
                        .spans(o.span, b.span),
                );
            }
            (Some(a), None) => {
                let d = format!("recipient `{}` no longer named (was “{}”)", n.id, a.text);
                self.push(
                    Change::new(Code::M025, K::Modified, s.clone(), "")
                        .describe(d)
                        .spans(a.span, n.span),
                );
            }
            _ => {}
        }
        if entrusted(role(o)) && !entrusted(role(n)) {
            self.push(
                Change::new(Code::M010, K::Modified, s.clone(), "role")
                    .describe(format!(
                        "recipient `{}` is no longer an entrusted processor",
                        n.id
                    ))
                    .spans(
                        o.role.as_ref().map_or(o.span, |r| r.span),
                        n.role.as_ref().map_or(n.span, |r| r.span),
                    )
                    .with("recipient", rname.clone()),
            );
        } else if role(o) != role(n) {
            self.push(
                Change::new(Code::M012, K::Modified, s.clone(), "changed")
                    .describe(format!("recipient `{}`: role changed", n.id))
                    .spans(
                        o.role.as_ref().map_or(o.span, |r| r.span),
                        n.role.as_ref().map_or(n.span, |r| r.span),
                    )
                    .with("recipient", rname.clone()),
            );
        }
        // Scope: data, purposes, method, functions.
        let variant_data = if scope_code == Code::M012 {
            "changed"
        } else {
            "data"
        };
        if let Some((v, ids, span)) = self.added_data(&o.data, &n.data) {
            let span = if span == Span::default() {
                n.span
            } else {
                span
            };
            self.push(
                Change::new(scope_code, K::Modified, s.clone(), variant_data)
                    .describe(format!(
                        "recipient `{}` now receives {}",
                        n.id,
                        joined(ids.iter().map(String::as_str))
                    ))
                    .spans(o.span, span)
                    .with("recipient", rname.clone())
                    .with("data", v),
            );
        }
        let new_purposes = added_texts(&o.purposes, &n.purposes);
        if let Some(first) = new_purposes.first() {
            let variant = if scope_code == Code::M012 {
                "changed"
            } else {
                "purpose"
            };
            self.push(
                Change::new(scope_code, K::Modified, s.clone(), variant)
                    .describe(format!(
                        "recipient `{}` has a new purpose: {}",
                        n.id,
                        quoted(&new_purposes)
                    ))
                    .spans(o.span, first.span)
                    .with("recipient", rname.clone())
                    .with("purposes", Value::Texts(new_purposes.clone())),
            );
        }
        if o.method.as_ref().map(|t| &t.text) != n.method.as_ref().map(|t| &t.text)
            && n.method.is_some()
        {
            let variant = if scope_code == Code::M012 {
                "changed"
            } else {
                "method"
            };
            let mut c = Change::new(scope_code, K::Modified, s.clone(), variant)
                .describe(format!(
                    "recipient `{}`: method of processing changed",
                    n.id
                ))
                .spans(
                    o.method.as_ref().map_or(o.span, |t| t.span),
                    n.method.as_ref().map_or(n.span, |t| t.span),
                )
                .with("recipient", rname.clone());
            if let Some(m) = &n.method {
                c = c.with("method", Value::Text(m.clone()));
            }
            self.push(c);
        }
        let (old_index, new_index) = self.index();
        let (of, nf) = (
            Self::recipient_functions(old_index, o),
            Self::recipient_functions(new_index, n),
        );
        let fresh: Vec<&str> = nf.keys().copied().filter(|f| !of.contains_key(f)).collect();
        if let Some(first) = fresh.first() {
            let names: Vec<Text> = fresh
                .iter()
                .map(|id| {
                    let f = self.new.functions.iter().find(|f| f.id == *id);
                    f.and_then(|f| f.title.clone())
                        .unwrap_or_else(|| plain_text(id))
                })
                .collect();
            let variant = if scope_code == Code::M012 {
                "changed"
            } else {
                "function"
            };
            self.push(
                Change::new(scope_code, K::Modified, s.clone(), variant)
                    .describe(format!(
                        "recipient `{}` now serves {}",
                        n.id,
                        joined(fresh.iter().copied())
                    ))
                    .spans(o.span, nf.get(first).copied().unwrap_or(n.span))
                    .with("recipient", rname.clone())
                    .with("functions", Value::Texts(names)),
            );
        }
        // Country.
        let oc = o.country.as_ref().map(|c| c.value.as_str());
        if let Some(c) = n
            .country
            .as_ref()
            .filter(|c| is_foreign(&c.value) && Some(c.value.as_str()) != oc)
        {
            self.push(
                Change::new(Code::M014, K::Modified, s.clone(), "changed")
                    .describe(format!("recipient `{}` is now in `{}`", n.id, c.value))
                    .spans(o.country.as_ref().map_or(o.span, |c| c.span), c.span)
                    .with("recipient", rname.clone())
                    .with("country", Value::Countries(vec![c.value.clone()])),
            );
        }
        // Legal basis and consent.
        if values(&o.bases) != values(&n.bases) {
            let words = |r: &Recipient| {
                r.bases
                    .iter()
                    .map(|b| b.value.word().to_string())
                    .collect::<Vec<_>>()
            };
            self.push(
                Change::new(Code::M015, K::Modified, s.clone(), "basis")
                    .describe(format!("recipient `{}`: legal basis changed", n.id))
                    .spans(
                        o.bases.first().map_or(o.span, |b| b.span),
                        n.bases.first().map_or(n.span, |b| b.span),
                    )
                    .with("subject", rname.clone())
                    .with("old", Value::Words("basis", words(o)))
                    .with("new", Value::Words("basis", words(n))),
            );
        }
        self.consent_kind(&s, &rname, &o.consent, &n.consent, o.span, n.span);
        let editorial = !opt_text_eq(&o.title, &n.title)
            || !opt_text_eq(&o.type_label, &n.type_label)
            || (o.name.as_ref().map(|t| &t.text) == n.name.as_ref().map(|t| &t.text)
                && !opt_text_eq(&o.name, &n.name))
            || !channels_eq(&o.contacts, &n.contacts)
            || !opt_text_eq(&o.privacy_url, &n.privacy_url)
            || !flag_eq(&o.contract, &n.contract)
            || !texts_eq(&o.text, &n.text)
            || (new_purposes.is_empty() && !texts_eq(&o.purposes, &n.purposes))
            || (n.method.is_none() && o.method.is_some())
            || !Self::data_set_eq(&o.data, &n.data)
            || of
                .keys()
                .any(|f| !nf.contains_key(f) && self.new.functions.iter().any(|x| x.id == *f))
            || oc != n.country.as_ref().map(|c| c.value.as_str());
        if editorial {
            self.editorial(s, o.span, n.span, "wording or details");
        }
    }

    // -----------------------------------------------------------------------
    // SDKs
    // -----------------------------------------------------------------------

    fn sdk_functions<'a>(model: &'a Model, s: &'a Sdk) -> BTreeMap<&'a str, Span> {
        let mut m: BTreeMap<&str, Span> = s
            .functions
            .iter()
            .map(|x| (x.id.as_str(), x.span))
            .collect();
        for f in &model.functions {
            if let Some(x) = f.sdks.iter().find(|x| x.id == s.id) {
                m.entry(f.id.as_str()).or_insert(x.span);
            }
        }
        m
    }

    fn sdks(&mut self) {
        let (removed, both, added) = pair(&self.old.sdks, &self.new.sdks, |s| s.id.as_str());
        for o in removed {
            self.push(
                Change::new(Code::M007, K::Removed, Subject::new(E::Sdk, &o.id), "sdk")
                    .describe(format!("SDK `{}` removed", o.id))
                    .at_old(o.span)
                    .with("sdk", sdk_name(o)),
            );
        }
        for n in added {
            let ids: Vec<&str> = n.collects.iter().map(|c| c.data.id.as_str()).collect();
            let entrusted = n.role.as_ref().is_some_and(|r| r.value == Role::Entrusted);
            let mut c = if entrusted {
                Change::new(Code::M012, K::Added, Subject::new(E::Sdk, &n.id), "added")
                    .describe(format!("SDK `{}` added as an entrusted processor", n.id))
                    .with("recipient", sdk_name(n))
            } else {
                Change::new(Code::M010, K::Added, Subject::new(E::Sdk, &n.id), "sdk")
                    .describe(format!("SDK `{}` added", n.id))
                    .with("sdk", sdk_name(n))
            };
            c = c
                .at_new(n.span)
                .with("purposes", Value::Texts(n.purposes.clone()))
                .with("data", Value::Data(self.data_names(self.new, &ids)));
            if let Some(p) = &n.provider {
                c = c.with("provider", Value::Text(p.clone()));
            }
            self.push(c);
        }
        for (o, n) in both {
            self.sdk_pair(o, n);
        }
    }

    fn sdk_pair(&mut self, o: &Sdk, n: &Sdk) {
        let s = Subject::new(E::Sdk, &n.id);
        let sname = sdk_name(n);
        let entrusted = n.role.as_ref().is_some_and(|r| r.value == Role::Entrusted);
        let scope = if entrusted { Code::M012 } else { Code::M011 };
        let v = |plain: &'static str| if entrusted { "changed" } else { plain };
        if let (Some(a), Some(b)) = (&o.provider, &n.provider) {
            if a.text != b.text {
                let code = if entrusted { Code::M012 } else { Code::M010 };
                self.push(
                    Change::new(code, K::Modified, s.clone(), "replaced")
                        .describe(format!(
                            "SDK `{}` now provided by “{}” instead of “{}”",
                            n.id, b.text, a.text
                        ))
                        .spans(a.span, b.span)
                        .with("old", Value::Text(a.clone()))
                        .with("new", Value::Text(b.clone())),
                );
            }
        }
        let oc: BTreeSet<&str> = o.collects.iter().map(|c| c.data.id.as_str()).collect();
        let fresh: Vec<&Collect> = n
            .collects
            .iter()
            .filter(|c| !oc.contains(c.data.id.as_str()))
            .collect();
        if let Some(first) = fresh.first() {
            let ids: Vec<&str> = fresh.iter().map(|c| c.data.id.as_str()).collect();
            self.push(
                Change::new(scope, K::Modified, s.clone(), v("data"))
                    .describe(format!(
                        "SDK `{}` now collects {}",
                        n.id,
                        joined(ids.iter().copied())
                    ))
                    .spans(o.span, first.data.span)
                    .with("recipient", sname.clone())
                    .with("data", Value::Data(self.data_names(self.new, &ids))),
            );
        }
        let new_purposes = added_texts(&o.purposes, &n.purposes);
        let feature_changed = o.feature.as_ref().map(|t| &t.text)
            != n.feature.as_ref().map(|t| &t.text)
            && n.feature.is_some();
        if !new_purposes.is_empty() || feature_changed {
            let span = new_purposes
                .first()
                .map(|t| t.span)
                .or(n.feature.as_ref().map(|t| t.span))
                .unwrap_or(n.span);
            let mut purposes = new_purposes.clone();
            if feature_changed {
                purposes.extend(n.feature.clone());
            }
            self.push(
                Change::new(scope, K::Modified, s.clone(), v("purpose"))
                    .describe(format!("SDK `{}` has a new purpose or function", n.id))
                    .spans(o.span, span)
                    .with("recipient", sname.clone())
                    .with("purposes", Value::Texts(purposes)),
            );
        }
        let method = |x: &Sdk| x.method.as_ref().map(|m| m.kind);
        let (op, np) = (ref_ids(&o.permissions), ref_ids(&n.permissions));
        if (method(o) != method(n) && method(n).is_some()) || !np.is_subset(&op) {
            let mut c = Change::new(scope, K::Modified, s.clone(), v("method"))
                .describe(format!(
                    "SDK `{}`: collection method or permissions changed",
                    n.id
                ))
                .spans(
                    o.method.as_ref().map_or(o.span, |m| m.span),
                    n.method.as_ref().map_or(n.span, |m| m.span),
                )
                .with("recipient", sname.clone());
            if let Some(t) = n.method.as_ref().and_then(|m| m.text.clone()) {
                c = c.with("method", Value::Text(t));
            }
            self.push(c);
        }
        if is_yes(&o.deidentified) && !is_yes(&n.deidentified) {
            self.push(
                Change::new(Code::M011, K::Modified, s.clone(), "deidentified")
                    .describe(format!("SDK `{}` no longer de-identifies the data", n.id))
                    .spans(
                        o.deidentified.as_ref().map_or(o.span, |f| f.span),
                        n.deidentified.as_ref().map_or(n.span, |f| f.span),
                    )
                    .with("recipient", sname.clone()),
            );
        }
        let (of, nf) = (
            Self::sdk_functions(self.old, o),
            Self::sdk_functions(self.new, n),
        );
        let fresh_f: Vec<&str> = nf.keys().copied().filter(|f| !of.contains_key(f)).collect();
        if let Some(first) = fresh_f.first() {
            let names: Vec<Text> = fresh_f
                .iter()
                .map(|id| {
                    let f = self.new.functions.iter().find(|f| f.id == *id);
                    f.and_then(|f| f.title.clone())
                        .unwrap_or_else(|| plain_text(id))
                })
                .collect();
            self.push(
                Change::new(scope, K::Modified, s.clone(), v("function"))
                    .describe(format!(
                        "SDK `{}` now serves {}",
                        n.id,
                        joined(fresh_f.iter().copied())
                    ))
                    .spans(o.span, nf.get(first).copied().unwrap_or(n.span))
                    .with("recipient", sname.clone())
                    .with("functions", Value::Texts(names)),
            );
        }
        let role = |x: &Sdk| x.role.as_ref().map(|r| r.value);
        if role(o) == Some(Role::Entrusted) && role(n) != Some(Role::Entrusted) {
            self.push(
                Change::new(Code::M010, K::Modified, s.clone(), "role")
                    .describe(format!(
                        "SDK `{}` is no longer an entrusted processor",
                        n.id
                    ))
                    .spans(
                        o.role.as_ref().map_or(o.span, |r| r.span),
                        n.role.as_ref().map_or(n.span, |r| r.span),
                    )
                    .with("recipient", sname.clone()),
            );
        }
        self.consent_kind(&s, &sname, &o.consent, &n.consent, o.span, n.span);
        let editorial = !opt_text_eq(&o.title, &n.title)
            || !opt_text_eq(&o.provider, &n.provider)
                && o.provider.as_ref().map(|t| &t.text) == n.provider.as_ref().map(|t| &t.text)
            || o.provider.is_none() != n.provider.is_none()
            || !channels_eq(&o.contacts, &n.contacts)
            || !opt_text_eq(&o.feature, &n.feature) && !feature_changed
            || !opt_text_eq(&o.privacy_url, &n.privacy_url)
            || !texts_eq(&o.text, &n.text)
            || (new_purposes.is_empty() && !texts_eq(&o.purposes, &n.purposes))
            || !flag_eq(&o.deidentified, &n.deidentified)
                && (!is_yes(&o.deidentified) || is_yes(&n.deidentified))
            || oc != n.collects.iter().map(|c| c.data.id.as_str()).collect()
            || op != np
            || role(o) != role(n) && role(o) != Some(Role::Entrusted)
            || of
                .keys()
                .any(|f| !nf.contains_key(f) && self.new.functions.iter().any(|x| x.id == *f))
            || method(o) != method(n) && method(n).is_none();
        if editorial {
            self.editorial(s, o.span, n.span, "wording or details");
        }
    }

    fn sdk_lists(&mut self) {
        let key = |l: &SdkList| -> String {
            l.id.clone()
                .or_else(|| l.title.as_ref().map(|t| t.text.clone()))
                .unwrap_or_default()
        };
        let o: Vec<(String, &SdkList)> = self.old.sdk_lists.iter().map(|l| (key(l), l)).collect();
        let n: Vec<(String, &SdkList)> = self.new.sdk_lists.iter().map(|l| (key(l), l)).collect();
        let (removed, both, added) = pair(&o, &n, |(k, _)| k.as_str());
        let subject = |k: &str| Subject::new(E::SdkList, k);
        for (k, l) in removed {
            self.editorial(
                subject(k),
                l.span,
                Span::default(),
                "SDK list reference removed",
            );
        }
        for (k, l) in added {
            self.editorial(
                subject(k),
                Span::default(),
                l.span,
                "SDK list reference added",
            );
        }
        for ((k, a), (_, b)) in both {
            if !opt_text_eq(&a.title, &b.title)
                || !opt_text_eq(&a.url, &b.url)
                || !texts_eq(&a.text, &b.text)
            {
                self.editorial(subject(k), a.span, b.span, "SDK list reference");
            }
        }
    }

    // -----------------------------------------------------------------------
    // Public disclosure, merger
    // -----------------------------------------------------------------------

    fn disclosures(&mut self) {
        let (removed, both, added) = pair(&self.old.disclosures, &self.new.disclosures, |d| {
            d.id.as_str()
        });
        for o in removed {
            self.push(
                Change::new(
                    Code::M007,
                    K::Removed,
                    Subject::new(E::Disclosure, &o.id),
                    "disclosure",
                )
                .describe(format!("public disclosure `{}` removed", o.id))
                .at_old(o.span)
                .with("disclosure", name(&o.title, &o.id)),
            );
        }
        for n in added {
            self.push(
                Change::new(
                    Code::M013,
                    K::Added,
                    Subject::new(E::Disclosure, &n.id),
                    "added",
                )
                .describe(format!("public disclosure `{}` added", n.id))
                .at_new(n.span)
                .with("data", self.data_value(self.new, &n.data))
                .with("purposes", Value::Texts(n.purposes.clone())),
            );
        }
        for (o, n) in both {
            let s = Subject::new(E::Disclosure, &n.id);
            let more = self.added_data(&o.data, &n.data);
            let new_purposes = added_texts(&o.purposes, &n.purposes);
            if more.is_some() || !new_purposes.is_empty() {
                let mut c = Change::new(Code::M013, K::Modified, s.clone(), "widened")
                    .describe(format!(
                        "public disclosure `{}` covers more data or purposes",
                        n.id
                    ))
                    .spans(o.span, n.span)
                    .with("purposes", Value::Texts(new_purposes.clone()));
                if let Some((v, _, _)) = more {
                    c = c.with("data", v);
                }
                self.push(c);
            }
            if values(&o.bases) != values(&n.bases) {
                let words = |d: &Disclosure| {
                    d.bases
                        .iter()
                        .map(|b| b.value.word().to_string())
                        .collect::<Vec<_>>()
                };
                self.push(
                    Change::new(Code::M015, K::Modified, s.clone(), "basis")
                        .describe(format!("public disclosure `{}`: legal basis changed", n.id))
                        .spans(o.span, n.span)
                        .with("subject", name(&n.title, &n.id))
                        .with("old", Value::Words("basis", words(o)))
                        .with("new", Value::Words("basis", words(n))),
                );
            }
            self.consent_kind(
                &s,
                &name(&n.title, &n.id),
                &o.consent,
                &n.consent,
                o.span,
                n.span,
            );
            if !opt_text_eq(&o.title, &n.title)
                || !texts_eq(&o.text, &n.text)
                || (new_purposes.is_empty() && !texts_eq(&o.purposes, &n.purposes))
                || !Self::data_set_eq(&o.data, &n.data)
            {
                self.editorial(s, o.span, n.span, "wording or details");
            }
        }
    }

    fn merger(&mut self) {
        let s = Subject::single(E::Merger);
        match (&self.old.merger, &self.new.merger) {
            (None, None) => {}
            (None, Some(n)) => self.push(
                Change::new(Code::M019, K::Added, s, "merger")
                    .describe("merger and transfer arrangements added")
                    .at_new(n.span),
            ),
            (Some(o), None) => self.push(
                Change::new(Code::M019, K::Removed, s, "merger")
                    .describe("merger and transfer arrangements removed")
                    .at_old(o.span),
            ),
            (Some(o), Some(n)) => {
                let flags = |m: &Merger| {
                    (
                        flag_value(&m.notify_recipient),
                        flag_value(&m.recipient_bound),
                        flag_value(&m.reconsent_on_change),
                    )
                };
                if flags(o) != flags(n) {
                    self.push(
                        Change::new(Code::M019, K::Modified, s, "merger")
                            .describe("merger and transfer arrangements changed")
                            .spans(o.span, n.span),
                    );
                } else if !texts_eq(&o.text, &n.text)
                    || !flag_eq(&o.notify_recipient, &n.notify_recipient)
                    || !flag_eq(&o.recipient_bound, &n.recipient_bound)
                    || !flag_eq(&o.reconsent_on_change, &n.reconsent_on_change)
                {
                    self.editorial(s, o.span, n.span, "wording");
                }
            }
        }
    }

    // -----------------------------------------------------------------------
    // Retention and storage
    // -----------------------------------------------------------------------

    fn retention_data(&self, model: &Model, r: &Retention) -> Value {
        match &r.data {
            DataSet::None => match &r.title {
                Some(t) => Value::Text(t.clone()),
                None => Value::Plain(r.id.clone()),
            },
            other => self.data_value(model, other),
        }
    }

    fn retention(&mut self) {
        let (removed, both, added) =
            pair(&self.old.retention, &self.new.retention, |r| r.id.as_str());
        for o in removed {
            self.push(
                Change::new(
                    Code::M007,
                    K::Removed,
                    Subject::new(E::Retention, &o.id),
                    "retention",
                )
                .describe(format!("retention entry `{}` removed", o.id))
                .at_old(o.span)
                .with("retention", name(&o.title, &o.id)),
            );
        }
        for n in added {
            let code = if n.indefinite.is_some() {
                Code::M008
            } else {
                Code::M009
            };
            self.push(
                Change::new(code, K::Added, Subject::new(E::Retention, &n.id), "added")
                    .describe(format!(
                        "retention entry `{}` added{}",
                        n.id,
                        if n.indefinite.is_some() {
                            " (indefinite)"
                        } else {
                            ""
                        }
                    ))
                    .at_new(n.span)
                    .with("data", self.retention_data(self.new, n))
                    .with("new", Value::Period(period(n))),
            );
        }
        for (o, n) in both {
            self.retention_pair(o, n);
        }
    }

    fn retention_pair(&mut self, o: &Retention, n: &Retention) {
        let s = Subject::new(E::Retention, &n.id);
        let data = self.retention_data(self.new, n);
        let (op, np) = (period(o), period(n));
        let mut longer = Vec::new();
        let mut shorter_or_other = Vec::new();
        // Floor.
        match (days(&o.at_least), days(&n.at_least)) {
            (Some(a), Some(b)) if b > a => longer.push("minimum extended"),
            (Some(a), Some(b)) if b < a => shorter_or_other.push("minimum shortened"),
            (None, Some(_)) => shorter_or_other.push("minimum stated"),
            (Some(_), None) => shorter_or_other.push("minimum removed"),
            _ => {}
        }
        // Ceiling.
        let bounded = |r: &Retention| r.at_most.is_some() || r.until.is_some();
        let mut bound_removed = false;
        match (days(&o.at_most), days(&n.at_most)) {
            (Some(a), Some(b)) if b > a => longer.push("maximum extended"),
            (Some(a), Some(b)) if b < a => shorter_or_other.push("maximum shortened"),
            (None, Some(_)) => shorter_or_other.push("upper bound added"),
            (Some(_), None) if !bounded(n) || n.indefinite.is_some() => {
                bound_removed = true;
                longer.push("upper bound removed");
            }
            (Some(_), None) => shorter_or_other.push("upper bound replaced by an event"),
            _ => {}
        }
        match (&o.until, &n.until) {
            (Some(_), None) if !bounded(n) && !bound_removed => {
                bound_removed = true;
                longer.push("end event removed");
            }
            (Some(a), Some(b)) if a.text != b.text => shorter_or_other.push("end event changed"),
            (None, Some(_)) => shorter_or_other.push("end event added"),
            _ => {}
        }
        match (o.indefinite.is_some(), n.indefinite.is_some()) {
            (false, true) if !bound_removed => {
                bound_removed = true;
                longer.push("now indefinite");
            }
            (true, false) => shorter_or_other.push("no longer indefinite"),
            _ => {}
        }
        let span = |r: &Retention| {
            r.at_most
                .as_ref()
                .map(|d| d.span)
                .or(r.at_least.as_ref().map(|d| d.span))
                .or(r.until.as_ref().map(|t| t.span))
                .or(r.indefinite.as_ref().map(|i| i.span))
                .unwrap_or(r.span)
        };
        if !longer.is_empty() {
            let variant = if bound_removed {
                "bound-removed"
            } else {
                "extended"
            };
            self.push(
                Change::new(Code::M008, K::Modified, s.clone(), variant)
                    .describe(format!("retention `{}`: {}", n.id, longer.join(", ")))
                    .spans(span(o), span(n))
                    .with("data", data.clone())
                    .with("old", Value::Period(op.clone()))
                    .with("new", Value::Period(np.clone())),
            );
        } else if !shorter_or_other.is_empty() {
            self.push(
                Change::new(Code::M009, K::Modified, s.clone(), "changed")
                    .describe(format!(
                        "retention `{}`: {}",
                        n.id,
                        shorter_or_other.join(", ")
                    ))
                    .spans(span(o), span(n))
                    .with("data", data.clone())
                    .with("old", Value::Period(op.clone()))
                    .with("new", Value::Period(np.clone())),
            );
        }
        // What happens at expiry.
        let expiry = |r: &Retention| r.expiry.as_ref().map(|e| e.kind);
        let keeps = |e: Option<Expiry>| e == Some(Expiry::None);
        if keeps(expiry(n)) && !keeps(expiry(o)) {
            self.push(
                Change::new(Code::M008, K::Modified, s.clone(), "expiry")
                    .describe(format!(
                        "retention `{}`: data no longer deleted at expiry",
                        n.id
                    ))
                    .spans(
                        o.expiry.as_ref().map_or(o.span, |e| e.span),
                        n.expiry.as_ref().map_or(n.span, |e| e.span),
                    )
                    .with("data", data.clone()),
            );
        }
        // Scope of the entry.
        if let Some((_, ids, sp)) = self.added_data(&o.data, &n.data) {
            self.push(
                Change::new(Code::M009, K::Modified, s.clone(), "scope")
                    .describe(format!(
                        "retention `{}` now covers {}",
                        n.id,
                        joined(ids.iter().map(String::as_str))
                    ))
                    .spans(o.span, if sp == Span::default() { n.span } else { sp })
                    .with("retention", name(&n.title, &n.id))
                    .with("data", data),
            );
        }
        let editorial = !opt_text_eq(&o.title, &n.title)
            || !texts_eq(&o.text, &n.text)
            || !texts_eq(&o.determined_by, &n.determined_by)
            || !texts_eq(&o.legal, &n.legal)
            || (expiry(o) != expiry(n) && (!keeps(expiry(n)) || keeps(expiry(o))))
            || !Self::data_set_eq(&o.data, &n.data)
            || ref_ids(&o.functions) != ref_ids(&n.functions)
            || (longer.is_empty()
                && shorter_or_other.is_empty()
                && !opt_text_eq(&o.until, &n.until));
        if editorial {
            self.editorial(s, o.span, n.span, "wording or details");
        }
    }

    fn storage(&mut self) {
        let s = Subject::single(E::Storage);
        let empty: Vec<Spanned<String>> = Vec::new();
        let (ol, nl) = (
            self.old.storage.as_ref().map_or(&empty, |x| &x.locations),
            self.new.storage.as_ref().map_or(&empty, |x| &x.locations),
        );
        let os = strings(ol);
        let abroad: Vec<&Spanned<String>> = nl
            .iter()
            .filter(|l| is_foreign(&l.value) && !os.contains(l.value.as_str()))
            .collect();
        if let Some(first) = abroad.first() {
            let mut c = Change::new(Code::M014, K::Modified, s.clone(), "storage")
                .describe(format!(
                    "personal information now also stored in {}",
                    joined(abroad.iter().map(|l| l.value.as_str()))
                ))
                .at_new(first.span)
                .with(
                    "countries",
                    Value::Countries(abroad.iter().map(|l| l.value.clone()).collect()),
                );
            c.old = self.old.storage.as_ref().map(|x| x.span);
            self.push(c);
        }
        match (&self.old.storage, &self.new.storage) {
            (Some(o), Some(n))
                if (abroad.is_empty() && os != strings(nl)) || !texts_eq(&o.text, &n.text) =>
            {
                self.editorial(s, o.span, n.span, "storage locations or wording");
            }
            (Some(o), None) => {
                self.editorial(s, o.span, Span::default(), "storage statement removed")
            }
            (None, Some(n)) if abroad.is_empty() => {
                self.editorial(s, Span::default(), n.span, "storage statement added")
            }
            _ => {}
        }
    }

    // -----------------------------------------------------------------------
    // Cross-border transfers
    // -----------------------------------------------------------------------

    fn transfers(&mut self) {
        let (removed, both, added) =
            pair(&self.old.transfers, &self.new.transfers, |t| t.id.as_str());
        for o in removed {
            self.push(
                Change::new(
                    Code::M007,
                    K::Removed,
                    Subject::new(E::Transfer, &o.id),
                    "transfer",
                )
                .describe(format!("cross-border transfer `{}` removed", o.id))
                .at_old(o.span)
                .with("recipient", transfer_name(o)),
            );
        }
        for n in added {
            let country: Vec<String> = n.country.iter().map(|c| c.value.clone()).collect();
            self.push(
                Change::new(
                    Code::M014,
                    K::Added,
                    Subject::new(E::Transfer, &n.id),
                    "transfer",
                )
                .describe(format!(
                    "cross-border transfer `{}` added{}",
                    n.id,
                    n.country
                        .as_ref()
                        .map(|c| format!(" (to `{}`)", c.value))
                        .unwrap_or_default()
                ))
                .at_new(n.span)
                .with("recipient", transfer_name(n))
                .with("country", Value::Countries(country))
                .with("purposes", Value::Texts(n.purposes.clone()))
                .with("data", self.data_value(self.new, &n.data)),
            );
        }
        for (o, n) in both {
            self.transfer_pair(o, n);
        }
    }

    fn transfer_pair(&mut self, o: &Transfer, n: &Transfer) {
        let s = Subject::new(E::Transfer, &n.id);
        let tname = transfer_name(n);
        let country_changed = !spanned_eq(&o.country, &n.country) && n.country.is_some();
        let renamed = match (&o.name, &n.name) {
            (Some(a), Some(b)) => a.text != b.text,
            _ => false,
        };
        let more = self.added_data(&o.data, &n.data);
        let new_purposes = added_texts(&o.purposes, &n.purposes);
        let method_changed = o.method.as_ref().map(|t| &t.text)
            != n.method.as_ref().map(|t| &t.text)
            && n.method.is_some();
        if country_changed
            || renamed
            || more.is_some()
            || !new_purposes.is_empty()
            || method_changed
        {
            let mut why = Vec::new();
            if country_changed {
                why.push("new country".to_string());
            }
            if renamed {
                why.push("new overseas recipient".to_string());
            }
            if let Some((_, ids, _)) = &more {
                why.push(format!(
                    "now includes {}",
                    joined(ids.iter().map(String::as_str))
                ));
            }
            if !new_purposes.is_empty() {
                why.push("new purpose".to_string());
            }
            if method_changed {
                why.push("new method".to_string());
            }
            let mut c = Change::new(Code::M014, K::Modified, s.clone(), "changed")
                .describe(format!(
                    "cross-border transfer `{}`: {}",
                    n.id,
                    why.join(", ")
                ))
                .spans(
                    o.span,
                    n.country
                        .as_ref()
                        .filter(|_| country_changed)
                        .map_or(n.span, |c| c.span),
                )
                .with("recipient", tname.clone())
                .with("purposes", Value::Texts(new_purposes.clone()));
            if country_changed {
                c = c.with(
                    "country",
                    Value::Countries(n.country.iter().map(|c| c.value.clone()).collect()),
                );
            }
            if let Some((v, _, _)) = more {
                c = c.with("data", v);
            }
            self.push(c);
        }
        if !spanned_eq(&o.mechanism, &n.mechanism) {
            let w = |t: &Transfer| -> Vec<String> {
                t.mechanism
                    .iter()
                    .map(|m| m.value.word().to_string())
                    .collect()
            };
            self.push(
                Change::new(Code::M015, K::Modified, s.clone(), "mechanism")
                    .describe(format!(
                        "cross-border transfer `{}`: mechanism changed from {} to {}",
                        n.id,
                        display_words(&w(o)),
                        display_words(&w(n))
                    ))
                    .spans(
                        o.mechanism.as_ref().map_or(o.span, |m| m.span),
                        n.mechanism.as_ref().map_or(n.span, |m| m.span),
                    )
                    .with("subject", tname.clone())
                    .with("old", Value::Words("mechanism", w(o)))
                    .with("new", Value::Words("mechanism", w(n))),
            );
        }
        self.consent_kind(&s, &tname, &o.consent, &n.consent, o.span, n.span);
        let proc_changed = o.rights_procedure.as_ref().map(|t| &t.text)
            != n.rights_procedure.as_ref().map(|t| &t.text)
            || channel_set(&o.contacts) != channel_set(&n.contacts);
        if proc_changed {
            self.push(
                Change::new(Code::M017, K::Modified, s.clone(), "transfer-procedure")
                    .describe(format!(
                        "cross-border transfer `{}`: rights procedure or contact changed",
                        n.id
                    ))
                    .spans(
                        o.rights_procedure.as_ref().map_or(o.span, |t| t.span),
                        n.rights_procedure.as_ref().map_or(n.span, |t| t.span),
                    )
                    .with("recipient", tname),
            );
        }
        let editorial = !opt_text_eq(&o.title, &n.title)
            || !texts_eq(&o.text, &n.text)
            || (!renamed && !opt_text_eq(&o.name, &n.name))
            || (!proc_changed
                && (!opt_text_eq(&o.rights_procedure, &n.rights_procedure)
                    || !channels_eq(&o.contacts, &n.contacts)))
            || (new_purposes.is_empty() && !texts_eq(&o.purposes, &n.purposes))
            || (!method_changed && !opt_text_eq(&o.method, &n.method))
            || !Self::data_set_eq(&o.data, &n.data)
            || (!country_changed && !spanned_eq(&o.country, &n.country));
        if editorial {
            self.editorial(s, o.span, n.span, "wording or details");
        }
    }

    // -----------------------------------------------------------------------
    // Rights
    // -----------------------------------------------------------------------

    fn rights(&mut self) {
        let (removed, both, added) = pair(&self.old.rights, &self.new.rights, |r| r.id.as_str());
        for o in removed {
            self.push(
                Change::new(
                    Code::M018,
                    K::Removed,
                    Subject::new(E::Right, &o.id),
                    "removed",
                )
                .describe(format!("right `{}` removed", o.id))
                .at_old(o.span)
                .with("right", right_name(o)),
            );
        }
        for n in added {
            self.push(
                Change::new(Code::M017, K::Added, Subject::new(E::Right, &n.id), "added")
                    .describe(format!("right `{}` added", n.id))
                    .at_new(n.span)
                    .with("right", right_name(n))
                    .with("now", right_now(n)),
            );
        }
        for (o, n) in both {
            self.right_pair(o, n);
        }
    }

    fn right_pair(&mut self, o: &Right, n: &Right) {
        let s = Subject::new(E::Right, &n.id);
        let rname = right_name(n);
        let (oc, nc) = (values(&o.covers), values(&n.covers));
        let lost: Vec<String> = oc.difference(&nc).map(|k| k.word().to_string()).collect();
        let gained: Vec<String> = nc.difference(&oc).map(|k| k.word().to_string()).collect();
        let cover_span = |r: &Right| r.covers.first().map_or(r.span, |c| c.span);
        if !lost.is_empty() {
            self.push(
                Change::new(Code::M018, K::Modified, s.clone(), "covers")
                    .describe(format!(
                        "right `{}` no longer covers {}",
                        n.id,
                        joined(lost.iter().map(String::as_str))
                    ))
                    .spans(cover_span(o), cover_span(n))
                    .with("right", rname.clone())
                    .with("kinds", Value::Words("right", lost)),
            );
        }
        if !gained.is_empty() {
            self.push(
                Change::new(Code::M017, K::Modified, s.clone(), "covers")
                    .describe(format!(
                        "right `{}` now covers {}",
                        n.id,
                        joined(gained.iter().map(String::as_str))
                    ))
                    .spans(cover_span(o), cover_span(n))
                    .with("right", rname.clone())
                    .with("kinds", Value::Words("right", gained)),
            );
        }
        let (och, nch) = (channel_set(&o.channels), channel_set(&n.channels));
        let gone: Vec<&ChannelRef> = o
            .channels
            .iter()
            .filter(|c| !nch.contains(&(c.kind, c.value.as_ref().map(|t| t.text.as_str()))))
            .collect();
        let fresh: Vec<&ChannelRef> = n
            .channels
            .iter()
            .filter(|c| !och.contains(&(c.kind, c.value.as_ref().map(|t| t.text.as_str()))))
            .collect();
        // A channel whose value changed (same kind) is a change, not a removal.
        let fresh_kinds: BTreeSet<Channel> = fresh.iter().map(|c| c.kind).collect();
        let really_gone: Vec<&ChannelRef> = gone
            .iter()
            .copied()
            .filter(|c| !fresh_kinds.contains(&c.kind))
            .collect();
        if let Some(first) = really_gone.first() {
            self.push(
                Change::new(Code::M018, K::Modified, s.clone(), "channel")
                    .describe(format!("right `{}`: channel removed", n.id))
                    .spans(first.span, n.channels.first().map_or(n.span, |c| c.span))
                    .with("right", rname.clone())
                    .with("channels", Value::channels(really_gone.iter().copied())),
            );
        }
        let paths_changed = sources(&o.paths) != sources(&n.paths);
        if !fresh.is_empty() || paths_changed {
            let span = fresh
                .first()
                .map(|c| c.span)
                .or(n.paths.first().map(|t| t.span))
                .unwrap_or(n.span);
            self.push(
                Change::new(Code::M017, K::Modified, s.clone(), "channel")
                    .describe(format!("right `{}`: channel or path changed", n.id))
                    .spans(o.channels.first().map_or(o.span, |c| c.span), span)
                    .with("right", rname.clone())
                    .with("now", right_now(n)),
            );
        }
        // Response time.
        let resp = |r: &Right| r.response.as_ref().map(|d| d.value);
        let rspan = |r: &Right| r.response.as_ref().map_or(r.span, |d| d.span);
        match (resp(o), resp(n)) {
            (Some(a), Some(b)) if b.approx_days() > a.approx_days() => self.push(
                Change::new(Code::M018, K::Modified, s.clone(), "response")
                    .describe(format!(
                        "right `{}`: response time lengthened from {a} to {b}",
                        n.id
                    ))
                    .spans(rspan(o), rspan(n))
                    .with("right", rname.clone())
                    .with("old", Value::Duration(a))
                    .with("new", Value::Duration(b)),
            ),
            (Some(a), None) => self.push(
                Change::new(Code::M018, K::Modified, s.clone(), "response-removed")
                    .describe(format!(
                        "right `{}`: response time {a} no longer stated",
                        n.id
                    ))
                    .spans(rspan(o), n.span)
                    .with("right", rname.clone())
                    .with("old", Value::Duration(a)),
            ),
            (old, Some(b)) if old != Some(b) => {
                let mut c = Change::new(Code::M017, K::Modified, s.clone(), "response")
                    .describe(match old {
                        Some(a) => {
                            format!("right `{}`: response time shortened from {a} to {b}", n.id)
                        }
                        None => format!("right `{}`: response time {b} now stated", n.id),
                    })
                    .spans(rspan(o), rspan(n))
                    .with("right", rname.clone())
                    .with("new", Value::Duration(b));
                if let Some(a) = old {
                    c = c.with("old", Value::Duration(a));
                }
                self.push(c);
            }
            _ => {}
        }
        let new_conditions = added_texts(&o.conditions, &n.conditions);
        if let Some(first) = new_conditions.first() {
            self.push(
                Change::new(Code::M018, K::Modified, s.clone(), "condition")
                    .describe(format!(
                        "right `{}`: new condition {}",
                        n.id,
                        quoted(&new_conditions)
                    ))
                    .spans(o.conditions.first().map_or(o.span, |t| t.span), first.span)
                    .with("right", rname.clone())
                    .with("conditions", Value::Texts(new_conditions.clone())),
            );
        }
        let fee_changed = o.fee.as_ref().map(|t| &t.text) != n.fee.as_ref().map(|t| &t.text);
        if let (true, Some(f)) = (fee_changed, &n.fee) {
            self.push(
                Change::new(Code::M018, K::Modified, s.clone(), "fee")
                    .describe(format!("right `{}`: fee “{}”", n.id, f.text))
                    .spans(o.fee.as_ref().map_or(o.span, |t| t.span), f.span)
                    .with("right", rname.clone())
                    .with("fee", Value::Text(f.clone())),
            );
        }
        let editorial = !opt_text_eq(&o.title, &n.title)
            || !texts_eq(&o.text, &n.text)
            || (!paths_changed && !texts_eq(&o.paths, &n.paths))
            || (fresh.is_empty() && gone.is_empty() && !channels_eq(&o.channels, &n.channels))
            || (new_conditions.is_empty() && !texts_eq(&o.conditions, &n.conditions))
            || (fee_changed && n.fee.is_none())
            || (!fee_changed && !opt_text_eq(&o.fee, &n.fee));
        if editorial {
            self.editorial(s, o.span, n.span, "wording or details");
        }
    }

    // -----------------------------------------------------------------------
    // Automated decisions and marketing
    // -----------------------------------------------------------------------

    fn decision_functions<'a>(model: &'a Model, d: &'a AutomatedDecision) -> BTreeSet<&'a str> {
        let mut m: BTreeSet<&str> = ref_ids(&d.functions);
        for f in &model.functions {
            if f.decisions.iter().any(|x| x.id == d.id) {
                m.insert(f.id.as_str());
            }
        }
        m
    }

    fn decisions(&mut self) {
        let (removed, both, added) =
            pair(&self.old.decisions, &self.new.decisions, |d| d.id.as_str());
        for o in removed {
            self.push(
                Change::new(
                    Code::M007,
                    K::Removed,
                    Subject::new(E::AutomatedDecision, &o.id),
                    "decision",
                )
                .describe(format!("automated decision `{}` removed", o.id))
                .at_old(o.span)
                .with("decision", name(&o.title, &o.id)),
            );
        }
        for n in added {
            self.push(
                Change::new(
                    Code::M022,
                    K::Added,
                    Subject::new(E::AutomatedDecision, &n.id),
                    "adm-added",
                )
                .describe(format!("automated decision `{}` added", n.id))
                .at_new(n.span)
                .with("decision", name(&n.title, &n.id))
                .with("purposes", Value::Texts(n.purposes.clone())),
            );
        }
        for (o, n) in both {
            let s = Subject::new(E::AutomatedDecision, &n.id);
            let mut what = Vec::new();
            if is_yes(&n.significant) && !is_yes(&o.significant) {
                what.push("significant");
            }
            let (oe, ne) = (channel_set(&o.explain), channel_set(&n.explain));
            if !ne.is_subset(&oe) {
                what.push("explain-added");
            }
            if !oe.is_subset(&ne) {
                what.push("explain-removed");
            }
            let (or, nr) = (channel_set(&o.refuse), channel_set(&n.refuse));
            if !nr.is_subset(&or) {
                what.push("refuse-added");
            }
            if !or.is_subset(&nr) {
                what.push("refuse-removed");
            }
            match (is_yes(&o.human_review), is_yes(&n.human_review)) {
                (false, true) => what.push("review-added"),
                (true, false) => what.push("review-removed"),
                _ => {}
            }
            if !added_texts(&o.purposes, &n.purposes).is_empty() {
                what.push("purpose");
            }
            if !Self::decision_functions(self.new, n)
                .is_subset(&Self::decision_functions(self.old, o))
            {
                what.push("functions");
            }
            if !what.is_empty() {
                self.push(
                    Change::new(Code::M022, K::Modified, s.clone(), "adm-changed")
                        .describe(format!(
                            "automated decision `{}`: {}",
                            n.id,
                            what.join(", ").replace('-', " ")
                        ))
                        .spans(o.span, n.span)
                        .with("decision", name(&n.title, &n.id))
                        .with(
                            "what",
                            Value::Words("adm", what.iter().map(|w| w.to_string()).collect()),
                        ),
                );
            } else if !opt_text_eq(&o.title, &n.title)
                || !texts_eq(&o.text, &n.text)
                || !texts_eq(&o.purposes, &n.purposes)
                || !opt_text_eq(&o.logic, &n.logic)
                || !flag_eq(&o.significant, &n.significant)
                || !flag_eq(&o.human_review, &n.human_review)
                || !channels_eq(&o.explain, &n.explain)
                || !channels_eq(&o.refuse, &n.refuse)
                || Self::decision_functions(self.new, n) != Self::decision_functions(self.old, o)
            {
                self.editorial(s, o.span, n.span, "wording or details");
            }
        }
    }

    fn marketing(&mut self) {
        let s = Subject::single(E::Marketing);
        match (&self.old.marketing, &self.new.marketing) {
            (None, None) => {}
            (None, Some(n)) => self.push(
                Change::new(Code::M022, K::Added, s, "marketing")
                    .describe("personalised marketing section added")
                    .at_new(n.span)
                    .with(
                        "what",
                        Value::Words("marketing", vec!["marketing-added".into()]),
                    ),
            ),
            (Some(o), None) => self.push(
                Change::new(Code::M022, K::Removed, s, "marketing")
                    .describe("personalised marketing section removed")
                    .at_old(o.span)
                    .with(
                        "what",
                        Value::Words("marketing", vec!["marketing-removed".into()]),
                    ),
            ),
            (Some(o), Some(n)) => {
                let mut what = Vec::new();
                match (is_yes(&o.personalised), is_yes(&n.personalised)) {
                    (false, true) => what.push("personalised-on"),
                    (true, false) => what.push("personalised-off"),
                    _ => {}
                }
                match (
                    is_yes(&o.non_personalised_option),
                    is_yes(&n.non_personalised_option),
                ) {
                    (false, true) => what.push("non-personalised-added"),
                    (true, false) => what.push("non-personalised-removed"),
                    _ => {}
                }
                let (oo, no) = (channel_set(&o.opt_outs), channel_set(&n.opt_outs));
                if !no.is_subset(&oo) {
                    what.push("opt-out-added");
                }
                if !oo.is_subset(&no) {
                    what.push("opt-out-removed");
                }
                let (ov, nv) = (values(&o.via), values(&n.via));
                if !nv.is_subset(&ov) {
                    what.push("via-added");
                }
                if !ov.is_subset(&nv) {
                    what.push("via-removed");
                }
                match (is_yes(&o.tag_deletion), is_yes(&n.tag_deletion)) {
                    (false, true) => what.push("tag-deletion-added"),
                    (true, false) => what.push("tag-deletion-removed"),
                    _ => {}
                }
                if !what.is_empty() {
                    self.push(
                        Change::new(Code::M022, K::Modified, s, "marketing")
                            .describe(format!(
                                "personalised marketing: {}",
                                what.join(", ").replace('-', " ")
                            ))
                            .spans(o.span, n.span)
                            .with(
                                "what",
                                Value::Words(
                                    "marketing",
                                    what.iter().map(|w| w.to_string()).collect(),
                                ),
                            ),
                    );
                } else if !texts_eq(&o.text, &n.text)
                    || !channels_eq(&o.opt_outs, &n.opt_outs)
                    || !flag_eq(&o.personalised, &n.personalised)
                    || !flag_eq(&o.non_personalised_option, &n.non_personalised_option)
                    || !flag_eq(&o.tag_deletion, &n.tag_deletion)
                {
                    self.editorial(s, o.span, n.span, "wording");
                }
            }
        }
    }

    // -----------------------------------------------------------------------
    // Minors, security
    // -----------------------------------------------------------------------

    fn minors(&mut self) {
        let s = Subject::single(E::Minors);
        let age = |m: &Option<Minors>| m.as_ref().and_then(|m| m.min_age.as_ref().map(|a| a.value));
        let (oa, na) = (age(&self.old.minors), age(&self.new.minors));
        let younger = match (oa, na) {
            (Some(a), Some(b)) => b < a,
            (None, Some(b)) => b < 18,
            _ => false,
        };
        let rules = |m: &Option<Minors>| {
            m.as_ref()
                .and_then(|m| m.under_14_rules.as_ref().map(|r| r.value))
        };
        let guardian =
            |m: &Option<Minors>| m.as_ref().and_then(|m| flag_value(&m.guardian_consent));
        let span = |m: &Option<Minors>| m.as_ref().map(|m| m.span);
        let mk = |variant: &'static str, d: String| {
            let mut c = Change::new(Code::M021, K::Modified, s.clone(), variant).describe(d);
            c.old = span(&self.old.minors);
            c.new = span(&self.new.minors);
            c
        };
        let mut found = Vec::new();
        if younger {
            let b = na.unwrap_or_default();
            found.push(
                mk("age", format!("now serves users from age {b}"))
                    .with("age", Value::Plain(b.to_string())),
            );
        }
        if rules(&self.old.minors) != rules(&self.new.minors) && rules(&self.new.minors).is_some() {
            found.push(mk("rules", "rules for children under 14 changed".into()));
        }
        if guardian(&self.old.minors) != guardian(&self.new.minors)
            && guardian(&self.new.minors).is_some()
        {
            found.push(mk(
                "guardian",
                "guardian consent arrangements changed".into(),
            ));
        }
        let any = !found.is_empty();
        for c in found {
            self.push(c);
        }
        if !any {
            match (&self.old.minors, &self.new.minors) {
                (Some(o), Some(n)) => {
                    if oa != na
                        || !texts_eq(&o.text, &n.text)
                        || !flag_eq(&o.guardian_consent, &n.guardian_consent)
                    {
                        self.editorial(s, o.span, n.span, "minors section");
                    }
                }
                (Some(o), None) => {
                    self.editorial(s, o.span, Span::default(), "minors section removed")
                }
                (None, Some(n)) => {
                    self.editorial(s, Span::default(), n.span, "minors section added")
                }
                (None, None) => {}
            }
        }
    }

    fn security(&mut self) {
        let s = Subject::single(E::Security);
        let measures = |x: &Option<Security>| -> BTreeSet<Measure> {
            x.iter()
                .flat_map(|x| x.measures.iter().map(|m| m.kind))
                .collect()
        };
        let (om, nm) = (measures(&self.old.security), measures(&self.new.security));
        let added: Vec<String> = nm.difference(&om).map(|m| m.word().to_string()).collect();
        let mut removed: Vec<String> = om.difference(&nm).map(|m| m.word().to_string()).collect();
        let certs = |x: &Option<Security>| -> BTreeSet<String> {
            x.iter()
                .flat_map(|x| x.certifications.iter().map(|t| t.text.clone()))
                .collect()
        };
        let notice = |x: &Option<Security>| -> (BTreeSet<Channel>, BTreeSet<IncidentContent>) {
            (
                x.iter().flat_map(|x| values(&x.incident_notice)).collect(),
                x.iter()
                    .flat_map(|x| values(&x.incident_contents))
                    .collect(),
            )
        };
        let mut added_v = added.clone();
        let (oc, nc) = (certs(&self.old.security), certs(&self.new.security));
        if !nc.is_subset(&oc) {
            added_v.push("certification".into());
        }
        if !oc.is_subset(&nc) {
            removed.push("certification".into());
        }
        let incident = notice(&self.old.security) != notice(&self.new.security);
        if incident {
            added_v.push("incident-notice".into());
        }
        let span = |x: &Option<Security>| x.as_ref().map(|x| x.span);
        if !added_v.is_empty() || !removed.is_empty() {
            let mut c = Change::new(Code::M023, K::Modified, s.clone(), "changed")
                .describe(format!(
                    "security measures changed{}{}",
                    if added_v.is_empty() {
                        String::new()
                    } else {
                        format!("; added {}", joined(added_v.iter().map(String::as_str)))
                    },
                    if removed.is_empty() {
                        String::new()
                    } else {
                        format!("; removed {}", joined(removed.iter().map(String::as_str)))
                    }
                ))
                .with("added", Value::Words("measure", added_v))
                .with("removed", Value::Words("measure", removed));
            c.old = span(&self.old.security);
            c.new = span(&self.new.security);
            self.push(c);
        } else if let (Some(o), Some(n)) = (&self.old.security, &self.new.security) {
            let mtexts = |x: &Security| -> BTreeSet<(Measure, Option<String>)> {
                x.measures
                    .iter()
                    .map(|m| (m.kind, m.text.as_ref().map(|t| t.text.clone())))
                    .collect()
            };
            if !texts_eq(&o.text, &n.text)
                || mtexts(o) != mtexts(n)
                || !texts_eq(&o.certifications, &n.certifications)
            {
                self.editorial(s, o.span, n.span, "wording");
            }
        } else if let (Some(o), None) = (&self.old.security, &self.new.security) {
            self.editorial(s, o.span, Span::default(), "security section removed");
        } else if let (None, Some(n)) = (&self.old.security, &self.new.security) {
            self.editorial(s, Span::default(), n.span, "security section added");
        }
    }

    // -----------------------------------------------------------------------
    // Consent exceptions, free sections
    // -----------------------------------------------------------------------

    fn exceptions(&mut self) {
        let s = Subject::single(E::Exceptions);
        let items = |x: &Option<Exceptions>| -> Vec<Text> {
            x.iter()
                .flat_map(|x| x.items.iter().map(|i| i.text.clone()))
                .collect()
        };
        let (oi, ni) = (items(&self.old.exceptions), items(&self.new.exceptions));
        let fresh = added_texts(&oi, &ni);
        let span = |x: &Option<Exceptions>| x.as_ref().map(|x| x.span);
        if let Some(first) = fresh.first() {
            let mut c = Change::new(Code::M015, K::Modified, s.clone(), "exception")
                .describe(format!("new consent exception: {}", quoted(&fresh)))
                .at_new(first.span)
                .with("items", Value::Texts(fresh.clone()));
            c.old = span(&self.old.exceptions);
            self.push(c);
        }
        let maps = |x: &Option<Exceptions>| -> BTreeSet<(String, Option<LegalBasis>)> {
            x.iter()
                .flat_map(|x| {
                    x.items
                        .iter()
                        .map(|i| (i.text.text.clone(), i.maps_to.as_ref().map(|m| m.value)))
                })
                .collect()
        };
        let other = !texts_eq(&oi, &ni)
            || maps(&self.old.exceptions) != maps(&self.new.exceptions)
            || match (&self.old.exceptions, &self.new.exceptions) {
                (Some(o), Some(n)) => {
                    !opt_text_eq(&o.title, &n.title) || !texts_eq(&o.text, &n.text)
                }
                (None, None) => false,
                _ => true,
            };
        if fresh.is_empty() && other {
            self.editorial(
                s,
                span(&self.old.exceptions).unwrap_or_default(),
                span(&self.new.exceptions).unwrap_or_default(),
                "consent exceptions",
            );
        }
    }

    fn sections(&mut self) {
        let (removed, both, added) =
            pair(&self.old.sections, &self.new.sections, |x| x.id.as_str());
        for o in removed {
            self.editorial(
                Subject::new(E::Section, &o.id),
                o.span,
                Span::default(),
                "section removed",
            );
        }
        for n in added {
            self.editorial(
                Subject::new(E::Section, &n.id),
                Span::default(),
                n.span,
                "section added",
            );
        }
        for (o, n) in both {
            if !opt_text_eq(&o.title, &n.title) || !texts_eq(&o.text, &n.text) {
                self.editorial(Subject::new(E::Section, &n.id), o.span, n.span, "text");
            }
        }
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

fn refusal_text_eq(a: &Option<Refusal>, b: &Option<Refusal>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.effect == b.effect && opt_text_eq(&a.text, &b.text),
        _ => false,
    }
}

fn officer_now(o: &Officer) -> Value {
    let mut v: Vec<(&'static str, String, Vec<Text>)> = Vec::new();
    let mut parts: Vec<Text> = Vec::new();
    parts.extend(o.name.clone());
    parts.extend(o.department.clone());
    if let Value::Labelled(ch) = Value::channels(&o.contacts) {
        v.extend(ch);
    }
    if v.is_empty() {
        Value::Texts(parts)
    } else {
        Value::Labelled(v)
    }
}

fn right_now(r: &Right) -> Value {
    let mut v = match Value::channels(&r.channels) {
        Value::Labelled(v) => v,
        _ => Vec::new(),
    };
    if !r.paths.is_empty() {
        v.push(("channel", "app".into(), r.paths.clone()));
    }
    Value::Labelled(v)
}

fn plain_text(s: &str) -> Text {
    Text {
        text: s.to_string(),
        translations: BTreeMap::new(),
        span: Span::default(),
    }
}

fn display_words(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        joined(v.iter().map(String::as_str))
    }
}
