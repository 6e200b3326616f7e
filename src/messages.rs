//! Every sentence policyc says, in Chinese and English.
//!
//! A message is a [`Msg`]: a key of the catalogue and its named arguments,
//! made with [`crate::msg!`] and rendered in a language only when it is
//! shown. The texts live in `data/messages/*.yaml` (one file per area, one
//! key per message, `{name}` placeholders, `zh` and `en`); `build.rs` merges
//! them into one sorted table and fails the build on a key given twice or a
//! key without both languages. `crate::msg!` checks at compile time that the
//! key exists and that every argument it names is a placeholder of the text.
//!
//! ```ignore
//! sink.report(span, crate::msg!("retention.not-covered", data = &d.id));
//! ```
//!
//! Arguments are identifiers and numbers as written (`Arg::Text`), lists
//! (joined with `、` in Chinese and `, ` in English), words that have their
//! own translation (`Arg::Both`, e.g. taxonomy names), or other messages.

use std::fmt;

use crate::lang::Lang;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// A message: a catalogue key and its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Msg {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// The value of one placeholder.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    /// Shown as is in both languages: identifiers, numbers, quoted policy text.
    Text(String),
    /// A list, joined in the language's way (`、`, `, `).
    List(Vec<Arg>),
    /// A word with its own Chinese and English forms.
    Both { zh: String, en: String },
    /// Another message, rendered in the same language.
    Msg(Box<Msg>),
    /// A list in words: "a, b and c" in English, "a、b和c" in Chinese.
    Words(Vec<Arg>),
    /// Alternatives in words: "a, b or c" in English, "a、b或c" in Chinese.
    Alternatives(Vec<Arg>),
}

impl Msg {
    /// A message with arguments; prefer [`crate::msg!`], which checks the key.
    pub fn new(key: &'static str, args: Vec<(&'static str, Arg)>) -> Msg {
        Msg { key, args }
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }

    /// The message in `lang`. A key missing from the catalogue (impossible
    /// through `msg!`) shows as the key itself.
    pub fn render(&self, lang: Lang) -> String {
        let Some(template) = text(self.key, lang) else {
            return self.key.to_string();
        };
        fill(template, lang, |name| {
            self.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| a.render(lang))
        })
    }

    /// The English text: what fingerprints hash, whatever the run's language.
    pub fn en(&self) -> String {
        self.render(Lang::En)
    }

    /// The message in `lang`, as something to `format!`.
    pub fn display(&self, lang: Lang) -> Shown<'_> {
        Shown { msg: self, lang }
    }
}

/// A message bound to a language, for `Display`.
pub struct Shown<'a> {
    msg: &'a Msg,
    lang: Lang,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg.render(self.lang))
    }
}

/// The text of `key` in `lang`, from the catalogue.
pub fn text(key: &str, lang: Lang) -> Option<&'static str> {
    let i = CATALOGUE.binary_search_by(|(k, _, _)| (*k).cmp(key)).ok()?;
    CATALOGUE.get(i).map(|(_, zh, en)| match lang {
        Lang::Zh => *zh,
        Lang::En => *en,
    })
}

/// Every key of the catalogue with its two texts, in key order.
pub fn catalogue() -> &'static [(&'static str, &'static str, &'static str)] {
    CATALOGUE
}

/// A message's text in `lang` straight from its key and string arguments:
/// for callers that hold no [`Msg`] (a key chosen at run time).
pub fn tr(key: &'static str, lang: Lang, args: &[(&'static str, &str)]) -> String {
    Msg::new(
        key,
        args.iter()
            .map(|(n, v)| (*n, Arg::Text((*v).to_string())))
            .collect(),
    )
    .render(lang)
}

/// The text of `key` in `lang` with `{name}` placeholders filled from
/// `args`: for a key chosen at run time. Prefer [`crate::msg!`], which
/// checks the key when the program is built; a key missing here shows as
/// itself (tests/i18n.rs checks that every key a source names exists).
pub fn fill_key(key: &str, lang: Lang, args: &[(&str, &str)]) -> String {
    match text(key, lang) {
        Some(t) => fill(t, lang, |name| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_string())
        }),
        None => key.to_string(),
    }
}

/// How items of a list are joined in `lang`.
pub fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// `items` joined in the way of `lang`.
pub fn join<S: AsRef<str>>(items: &[S], lang: Lang) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(list_separator(lang))
}

impl Arg {
    fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Text(s) => s.clone(),
            Arg::List(items) => {
                let items: Vec<String> = items.iter().map(|a| a.render(lang)).collect();
                join(&items, lang)
            }
            Arg::Both { zh, en } => match lang {
                Lang::Zh => zh.clone(),
                Lang::En => en.clone(),
            },
            Arg::Msg(m) => m.render(lang),
            Arg::Words(items) => in_words(items, lang, ("和", " and ")),
            Arg::Alternatives(items) => in_words(items, lang, ("或", " or ")),
        }
    }

    /// A word in its two forms.
    pub fn both(zh: impl Into<String>, en: impl Into<String>) -> Arg {
        Arg::Both {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// "a, b and c": the items, the last joined by `conj` (Chinese, English).
fn in_words(items: &[Arg], lang: Lang, conj: (&str, &str)) -> String {
    let items: Vec<String> = items.iter().map(|a| a.render(lang)).collect();
    let conj = match lang {
        Lang::Zh => conj.0,
        Lang::En => conj.1,
    };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{}{conj}{last}", init.join(list_separator(lang))),
    }
}

/// Replace each `{name}` of `template` by `value(name)`; a placeholder
/// without a value stays as written. `{{` and `}}` are literal braces.
fn fill(template: &str, _lang: Lang, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        if let Some(after) = from.strip_prefix("{{") {
            out.push('{');
            rest = after;
            continue;
        }
        if let Some(after) = from.strip_prefix("}}") {
            out.push('}');
            rest = after;
            continue;
        }
        if let Some(after) = from.strip_prefix('{') {
            if let Some(end) = after.find('}') {
                let name = after.get(..end).unwrap_or("");
                if is_name(name) {
                    match value(name) {
                        Some(v) => out.push_str(&v),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = after.get(end + 1..).unwrap_or("");
                    continue;
                }
            }
        }
        // A lone brace: kept.
        let (brace, after) = from.split_at(1);
        out.push_str(brace);
        rest = after;
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The placeholders of a text, in order of first appearance.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let from = rest.get(i..).unwrap_or("");
        if let Some(after) = from.strip_prefix("{{") {
            rest = after;
            continue;
        }
        let after = from.get(1..).unwrap_or("");
        match after.find('}') {
            Some(end) => {
                let name = after.get(..end).unwrap_or("");
                if is_name(name) && !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => break,
        }
    }
    names
}

/// A list in words ("a, b and c"; "a、b和c"): messages, identifiers or both.
pub fn words<A: IntoArg>(items: impl IntoIterator<Item = A>) -> Arg {
    Arg::Words(items.into_iter().map(IntoArg::into_arg).collect())
}

/// Alternatives in words ("a, b or c"; "a、b或c").
pub fn alternatives<A: IntoArg>(items: impl IntoIterator<Item = A>) -> Arg {
    Arg::Alternatives(items.into_iter().map(IntoArg::into_arg).collect())
}

/// What a `msg!` argument may be.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

impl IntoArg for Msg {
    fn into_arg(self) -> Arg {
        Arg::Msg(Box::new(self))
    }
}

impl IntoArg for Vec<Msg> {
    fn into_arg(self) -> Arg {
        Arg::List(self.into_iter().map(IntoArg::into_arg).collect())
    }
}

impl IntoArg for Vec<Arg> {
    fn into_arg(self) -> Arg {
        Arg::List(self)
    }
}

impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}

impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
}

impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Text(self.clone())
    }
}

impl IntoArg for Vec<String> {
    fn into_arg(self) -> Arg {
        Arg::List(self.into_iter().map(Arg::Text).collect())
    }
}

impl IntoArg for Vec<&str> {
    fn into_arg(self) -> Arg {
        self.as_slice().into_arg()
    }
}

impl IntoArg for &[String] {
    fn into_arg(self) -> Arg {
        Arg::List(self.iter().map(|s| Arg::Text(s.clone())).collect())
    }
}

impl IntoArg for &[&str] {
    fn into_arg(self) -> Arg {
        Arg::List(self.iter().map(|s| Arg::Text(s.to_string())).collect())
    }
}

macro_rules! display_arg {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Text(self.to_string())
            }
        }
        impl IntoArg for &$t {
            fn into_arg(self) -> Arg {
                Arg::Text(self.to_string())
            }
        }
    )*};
}

display_arg!(u8, u16, u32, u64, usize, i32, i64, char);

/// Whether `key` is in the catalogue and each of `names` is a placeholder
/// of its English text: evaluated at compile time by [`crate::msg!`].
// Const evaluation: indexes are bounded by the loops, and an out-of-range
// index would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
pub const fn check(key: &str, names: &[&str]) -> bool {
    let Some(en) = const_find(key) else {
        panic!("unknown message key (see data/messages/*.yaml)");
    };
    let mut i = 0;
    while i < names.len() {
        if !has_placeholder(en, names[i]) {
            panic!("a msg! argument is not a placeholder of the message's text");
        }
        i += 1;
    }
    true
}

// Const evaluation: indexes are bounded by the loops, and an out-of-range
// index would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const fn const_find(key: &str) -> Option<&'static str> {
    let mut lo = 0;
    let mut hi = CATALOGUE.len();
    while lo < hi {
        let mid = (lo + hi) / 2;
        let (k, _, en) = CATALOGUE[mid];
        match const_cmp(k.as_bytes(), key.as_bytes()) {
            0 => return Some(en),
            c if c < 0 => lo = mid + 1,
            _ => hi = mid,
        }
    }
    None
}

// Const evaluation: indexes are bounded by the loops, and an out-of-range
// index would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const fn const_cmp(a: &[u8], b: &[u8]) -> i32 {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] < b[i] {
            return -1;
        }
        if a[i] > b[i] {
            return 1;
        }
        i += 1;
    }
    if a.len() < b.len() {
        -1
    } else if a.len() > b.len() {
        1
    } else {
        0
    }
}

/// Whether `text` contains `{name}`.
// Const evaluation: indexes are bounded by the loops, and an out-of-range
// index would fail the build, not a run.
#[allow(clippy::indexing_slicing)]
const fn has_placeholder(text: &str, name: &str) -> bool {
    let t = text.as_bytes();
    let n = name.as_bytes();
    let mut i = 0;
    while i + n.len() + 2 <= t.len() {
        if t[i] == b'{' && t[i + n.len() + 1] == b'}' {
            let mut j = 0;
            while j < n.len() && t[i + 1 + j] == n[j] {
                j += 1;
            }
            if j == n.len() {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// A message of the catalogue: `msg!("key", name = value, …)`. The key and
/// the argument names are checked against the catalogue at compile time.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        const _: bool = $crate::messages::check($key, &[$(stringify!($name)),*]);
        $crate::messages::Msg::new(
            $key,
            vec![$((stringify!($name), $crate::messages::IntoArg::into_arg($value))),*],
        )
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_keeps_unknown_braces() {
        let got = fill("a {x} b {y} {{z}} {Not}", Lang::En, |n| {
            (n == "x").then(|| "1".to_string())
        });
        assert_eq!(got, "a 1 b {y} {z} {Not}");
    }

    #[test]
    fn placeholders_in_order() {
        assert_eq!(placeholders("{b} {a} {b} {{c}}"), vec!["b", "a"]);
    }

    #[test]
    fn const_search_finds_every_key() {
        for (k, _, en) in CATALOGUE {
            assert_eq!(const_find(k), Some(*en));
        }
        assert_eq!(const_find("no.such.key"), None);
    }

    #[test]
    fn lists_join_per_language() {
        let a = vec!["a", "b"].into_arg();
        assert_eq!(a.render(Lang::Zh), "a、b");
        assert_eq!(a.render(Lang::En), "a, b");
    }
}
