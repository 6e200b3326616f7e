//! Free helpers of the comparison: equality that ignores spans and order,
//! sets of ids, words and channels, and the names and values a change shows.

use std::collections::{BTreeMap, BTreeSet};

pub(super) use super::law::{normalise, same_meaning};
use crate::diff::change::{Period, Value};
use crate::model::words::*;
use crate::model::*;
use crate::source::Span;

// ---------------------------------------------------------------------------
// Equality that ignores spans and order
// ---------------------------------------------------------------------------

fn text_eq(a: &Text, b: &Text) -> bool {
    a.text == b.text && a.translations == b.translations
}

pub(super) fn opt_text_eq(a: &Option<Text>, b: &Option<Text>) -> bool {
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

pub(super) fn texts_eq(a: &[Text], b: &[Text]) -> bool {
    text_set(a) == text_set(b)
}

/// Source strings only (translations ignored).
pub(super) fn sources(v: &[Text]) -> BTreeSet<&str> {
    v.iter().map(|t| t.text.as_str()).collect()
}

/// The texts of `new` that say something no text of `old` says (punctuation,
/// whitespace and tiny edits that add or drop no meaning-bearing term aside:
/// `law::same_meaning`).
pub(super) fn added_texts(old: &[Text], new: &[Text]) -> Vec<Text> {
    new.iter()
        .filter(|t| !old.iter().any(|o| same_meaning(&o.text, &t.text)))
        .cloned()
        .collect()
}

/// Whether two optional strings say the same (`law::same_meaning`).
pub(super) fn opt_same_meaning(a: &Option<Text>, b: &Option<Text>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same_meaning(&a.text, &b.text),
        _ => false,
    }
}

pub(super) fn flag_eq(a: &Option<Flag>, b: &Option<Flag>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.value == b.value && opt_text_eq(&a.text, &b.text),
        _ => false,
    }
}

pub(super) fn flag_value(f: &Option<Flag>) -> Option<bool> {
    f.as_ref().map(|f| f.value)
}

pub(super) fn is_yes(f: &Option<Flag>) -> bool {
    flag_value(f) == Some(true)
}

pub(super) fn spanned_eq<T: PartialEq>(a: &Option<Spanned<T>>, b: &Option<Spanned<T>>) -> bool {
    a.as_ref().map(|s| &s.value) == b.as_ref().map(|s| &s.value)
}

pub(super) fn values<T: Ord + Copy>(v: &[Spanned<T>]) -> BTreeSet<T> {
    v.iter().map(|s| s.value).collect()
}

pub(super) fn strings(v: &[Spanned<String>]) -> BTreeSet<&str> {
    v.iter().map(|s| s.value.as_str()).collect()
}

pub(super) type ChannelKey<'a> = (Channel, Option<&'a str>);

pub(super) fn channel_set(v: &[ChannelRef]) -> BTreeSet<ChannelKey<'_>> {
    v.iter()
        .map(|c| (c.kind, c.value.as_ref().map(|t| t.text.as_str())))
        .collect()
}

pub(super) fn channels_eq(a: &[ChannelRef], b: &[ChannelRef]) -> bool {
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

pub(super) fn ref_ids(v: &[Ref]) -> BTreeSet<&str> {
    v.iter().map(|r| r.id.as_str()).collect()
}

/// The items of some collects lines.
pub(super) fn collect_ids(v: &[Collect]) -> BTreeSet<&str> {
    v.iter().map(|c| c.data.id.as_str()).collect()
}

/// The lines of `new` whose item no line of `old` collects (a party that
/// now collects more).
pub(super) fn added_collects<'a>(old: &[Collect], new: &'a [Collect]) -> Vec<&'a Collect> {
    let had = collect_ids(old);
    new.iter()
        .filter(|c| !had.contains(c.data.id.as_str()))
        .collect()
}

pub(super) fn span_of(v: &[Ref], id: &str) -> Option<Span> {
    v.iter().find(|r| r.id == id).map(|r| r.span)
}

pub(super) fn joined<'a>(v: impl IntoIterator<Item = &'a str>) -> String {
    v.into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn quoted(v: &[Text]) -> String {
    v.iter()
        .map(|t| format!("“{}”", t.text))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The name of a declaration for the notice: its title, else its id.
pub(super) fn name(title: &Option<Text>, id: &str) -> Value {
    match title {
        Some(t) => Value::Text(t.clone()),
        None => Value::Plain(id.to_string()),
    }
}

fn first_text<'a>(candidates: impl IntoIterator<Item = &'a Option<Text>>) -> Option<&'a Text> {
    candidates.into_iter().flatten().next()
}

pub(super) fn recipient_name(r: &Recipient) -> Value {
    match first_text([&r.name, &r.title, &r.type_label]) {
        Some(t) => Value::Text(t.clone()),
        None => Value::Plain(r.id.clone()),
    }
}

pub(super) fn sdk_name(s: &Sdk) -> Value {
    match first_text([&s.title, &s.provider]) {
        Some(t) => Value::Text(t.clone()),
        None => Value::Plain(s.id.clone()),
    }
}

pub(super) fn transfer_name(t: &Transfer) -> Value {
    match first_text([&t.name, &t.title]) {
        Some(x) => Value::Text(x.clone()),
        None => Value::Plain(t.id.clone()),
    }
}

pub(super) fn right_name(r: &Right) -> Value {
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

pub(super) fn period(r: &Retention) -> Period {
    Period {
        at_least: r.at_least.as_ref().map(|s| s.value),
        at_most: r.at_most.as_ref().map(|s| s.value),
        until: r.until.clone(),
        indefinite: r.indefinite.is_some(),
    }
}

pub(super) fn days(d: &Option<Spanned<Duration>>) -> Option<u64> {
    d.as_ref().map(|s| s.value.approx_days())
}

pub(super) fn is_foreign(country: &str) -> bool {
    !country.eq_ignore_ascii_case("CN")
}

pub(crate) fn refusal_rank(e: RefusalEffect) -> u8 {
    match e {
        RefusalEffect::None => 0,
        RefusalEffect::DegradesFunction => 1,
        RefusalEffect::BlocksFunction => 2,
        RefusalEffect::BlocksRegistration => 3,
        RefusalEffect::BlocksService => 4,
    }
}

/// Every act of acceptance the consent flow names, in order.
pub(super) fn mechanisms(c: &ConsentFlow) -> Vec<AcceptMechanism> {
    c.mechanism
        .iter()
        .chain(&c.mechanism_also)
        .map(|m| m.value)
        .collect()
}

/// Ways of accepting the policy that are weaker than an explicit act: a
/// pre-ticked box, or use not named beside a tick or a click (as C002 reads).
pub(super) fn weak_mechanism(c: &ConsentFlow) -> bool {
    let all = mechanisms(c);
    let explicit = all.iter().any(|m| {
        matches!(
            m,
            AcceptMechanism::ClickAccept
                | AcceptMechanism::CheckboxUnticked
                | AcceptMechanism::Checkbox
        )
    });
    all.iter().any(|m| {
        *m == AcceptMechanism::CheckboxPreticked
            || (*m == AcceptMechanism::DeemedByUse && !explicit)
    })
}

pub(super) fn refusal_text_eq(a: &Option<Refusal>, b: &Option<Refusal>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.effect == b.effect && opt_text_eq(&a.text, &b.text),
        _ => false,
    }
}

pub(super) fn officer_now(o: &Officer) -> Value {
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

pub(super) fn right_now(r: &Right) -> Value {
    let mut v = match Value::channels(&r.channels) {
        Value::Labelled(v) => v,
        _ => Vec::new(),
    };
    if !r.paths.is_empty() {
        v.push(("channel", "app".into(), r.paths.clone()));
    }
    Value::Labelled(v)
}

pub(super) fn plain_text(s: &str) -> Text {
    Text {
        text: s.to_string(),
        translations: BTreeMap::new(),
        prominent: false,
        span: Span::default(),
    }
}

pub(super) fn display_words(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        joined(v.iter().map(String::as_str))
    }
}
