//! Words and names: catalogue lookups, policy texts (with untranslated
//! ones noted), dates, durations, counts, and the names of data, functions,
//! SDKs, recipients and other declarations as the page shows them.

use super::tree::safe_url;
use super::tree::{text, Inl, Li};
use super::{strip_number, Builder};
use crate::model::words::{Channel, LegalBasis};
use crate::model::*;
use crate::render::{Lang, Untranslated};

/// Contains a CJK character (ideographs, kana, CJK and full-width punctuation).
fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
    })
}

/// The kebab-case word of a serialisable unit enum (`working-days`).
fn serde_plain_word<T: serde::Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v).ok()? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}

impl<'a, 'm> Builder<'a, 'm> {
    // ---------------------------------------------------------------------
    // Words
    // ---------------------------------------------------------------------

    pub(super) fn t(&self, key: &str) -> String {
        self.address(self.cat.get(key, self.lang))
    }

    pub(super) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = self.t(key);
        for (k, v) in args {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }

    /// Built-in Chinese in the policy's form of address: "你" when its own
    /// texts say 你 (douban), else the catalogue's "您".
    fn address(&self, s: String) -> String {
        if self.informal && self.lang == Lang::Zh {
            s.replace('您', "你")
        } else {
            s
        }
    }

    /// The label of a vocabulary word: `label("role", "entrusted")`.
    pub(super) fn label(&self, vocab: &str, word: impl std::fmt::Display) -> String {
        self.t(&format!("{vocab}.{word}"))
    }

    /// The labels of a list of vocabulary words, joined as a list.
    pub(super) fn labels<W: std::fmt::Display + Copy>(
        &self,
        vocab: &str,
        ws: &[Spanned<W>],
    ) -> String {
        ws.iter()
            .map(|w| self.label(vocab, w.value))
            .collect::<Vec<_>>()
            .join(&self.sep())
    }

    /// The platforms of a `platform` or `scope` list, as the page names them.
    pub(super) fn platforms(&self, ps: &[Spanned<crate::model::words::Platform>]) -> String {
        self.labels("platform", ps)
    }

    /// " （仅限网站）" after a name when the declaration has a `scope`.
    pub(super) fn scope_tag(&self, ps: &[Spanned<crate::model::words::Platform>]) -> String {
        if ps.is_empty() {
            return String::new();
        }
        let only = self.fill("scope.only", &[("p", &self.platforms(ps))]);
        self.fill("format.paren", &[("x", &only)])
    }

    pub(super) fn sep(&self) -> String {
        self.t("punct.list")
    }

    pub(super) fn yes_no(&self, v: bool) -> String {
        self.t(if v { "common.yes" } else { "common.no" })
    }

    /// Whether `s`, written in the source language, would need a translation
    /// to read in the page's language.
    pub(super) fn needs_translation(&self, s: &str) -> bool {
        if self.lang == self.source {
            return false;
        }
        match self.lang {
            Lang::En => has_cjk(s),
            Lang::Zh => !has_cjk(s) && s.chars().any(|c| c.is_ascii_alphabetic()),
        }
    }

    /// A policy string as the page shows it: when it is in the source
    /// language on a page in the other, marked with the source's `lang`.
    pub(super) fn as_written(&self, s: String) -> Inl {
        if self.needs_translation(&s) {
            Inl::Written(self.source.html_code(), vec![text(s)])
        } else {
            text(s)
        }
    }

    /// A policy string in the page's language, or as written (and noted).
    pub(super) fn tx(&mut self, t: &Text, decl: &str, field: &'static str) -> String {
        if let Some(s) = t.get(self.lang.code()) {
            return s.to_owned();
        }
        if self.needs_translation(&t.text) {
            self.note(t.span, decl, field);
        }
        t.text.clone()
    }

    fn note(&mut self, span: crate::source::Span, decl: &str, field: &'static str) {
        self.untranslated
            .entry((span.start, span.end, field))
            .or_insert_with(|| Untranslated {
                span,
                declaration: decl.to_owned(),
                field,
            });
    }

    pub(super) fn tx_opt(
        &mut self,
        t: Option<&Text>,
        decl: &str,
        field: &'static str,
    ) -> Option<String> {
        t.map(|t| self.tx(t, decl, field))
    }

    pub(super) fn tx_join(
        &mut self,
        ts: &[Text],
        decl: &str,
        field: &'static str,
        sep: &str,
    ) -> String {
        let parts: Vec<String> = ts.iter().map(|t| self.tx(t, decl, field)).collect();
        parts.join(sep)
    }

    pub(super) fn date(&self, d: Date) -> String {
        let key = if d.day().is_some() {
            "format.date"
        } else {
            "format.month"
        };
        let month = self
            .cat
            .nth("months", self.lang, usize::from(d.month).saturating_sub(1))
            .map_or_else(|| d.month.to_string(), str::to_owned);
        self.fill(
            key,
            &[
                ("y", &d.year.to_string()),
                ("m", &d.month.to_string()),
                ("d", &d.day.to_string()),
                ("month", &month),
            ],
        )
    }

    pub(super) fn duration(&self, d: Duration) -> String {
        let unit = match serde_plain_word(&d.unit) {
            Some(u) => u,
            None => return d.to_string(),
        };
        let number = if d.amount == 1 { "one" } else { "other" };
        self.fill(
            &format!("unit.{unit}.{number}"),
            &[("n", &d.amount.to_string())],
        )
    }

    /// A counted phrase: `key.one` for 1, else `key.other`, with `{n}` filled.
    pub(super) fn count(&self, key: &str, n: usize) -> String {
        let form = if n == 1 { "one" } else { "other" };
        self.fill(&format!("{key}.{form}"), &[("n", &n.to_string())])
    }

    pub(super) fn country(&self, code: &str) -> String {
        let key = format!("country.{}", code.to_ascii_uppercase());
        if self.cat.has(&key) {
            self.t(&key)
        } else {
            code.to_owned()
        }
    }

    /// The numeral of chapter `n` (0-based).
    pub(super) fn numeral(&self, seq: &str, n: usize) -> String {
        self.cat
            .nth(seq, self.lang, n)
            .map_or_else(|| (n + 1).to_string(), str::to_owned)
    }

    // ---------------------------------------------------------------------
    // Names of things
    // ---------------------------------------------------------------------

    /// The taxonomy's name of a data category's class or item.
    pub(super) fn taxonomy_name(&self, id: &str) -> Option<String> {
        let d = self.data.get(id).copied()?;
        let path = match &d.taxonomy.item {
            Some(item) => format!("{}.{item}", d.taxonomy.class),
            None => d.taxonomy.class.clone(),
        };
        self.tax.lookup(&path).map(|e| match self.lang {
            Lang::Zh => e.zh().to_owned(),
            Lang::En => e.en().to_owned(),
        })
    }

    /// A data category's name in the page's language: the policy's own
    /// label (its translation, else as written), else the taxonomy name;
    /// and whether it is sensitive.
    pub(super) fn data_name(&mut self, id: &str) -> (String, bool) {
        let Some(d) = self.data.get(id).copied() else {
            return (id.to_owned(), false);
        };
        let name = match &d.label {
            Some(l) => match l.get(self.lang.code()) {
                Some(s) => s.to_owned(),
                None => {
                    if self.needs_translation(&l.text) {
                        self.note(l.span, &format!("data `{}`", d.id), "label");
                    }
                    l.text.clone()
                }
            },
            None => self.taxonomy_name(id).unwrap_or_else(|| d.id.clone()),
        };
        (name, d.sensitive)
    }

    /// A data item, with the sensitive sign when it is sensitive.
    pub(super) fn data_inl(&mut self, id: &str) -> Vec<Inl> {
        let (name, sensitive) = self.data_name(id);
        let mut out = vec![text(name)];
        if sensitive {
            out.push(self.mark());
        }
        let subject = self.data.get(id).and_then(|d| d.subject.as_ref());
        if let Some(s) = subject {
            let tag = self.fill("subject.tag", &[("s", &self.subjects(s))]);
            out.push(text(self.fill("format.paren", &[("x", &tag)])));
        }
        out
    }

    /// The line for a `status` statement: its label and the policy's wording.
    pub(super) fn status_li(&mut self, s: Option<&StatusStmt>, decl: &str) -> Option<Li> {
        let s = s?;
        let mut v = self.label("status", s.kind);
        if let Some(t) = &s.text {
            v.push_str(&self.t("punct.clause"));
            v.push_str(&self.tx(t, decl, "status"));
        }
        Some(self.field("f.status", vec![text(v)]))
    }

    /// " （可能发生）" after a name when the declaration has a `status`.
    pub(super) fn status_tag(&self, s: Option<&StatusStmt>) -> String {
        match s {
            Some(s) => self.fill("format.paren", &[("x", &self.label("status", s.kind))]),
            None => String::new(),
        }
    }

    /// The subjects of a `subject` statement, as the page names them.
    pub(super) fn subjects(&self, s: &SubjectStmt) -> String {
        self.labels("subject", &s.kinds)
    }

    pub(super) fn data_set(&mut self, set: &DataSet) -> Vec<Inl> {
        match set {
            DataSet::None => Vec::new(),
            DataSet::All => vec![text(self.t("common.all-data"))],
            DataSet::List(refs) => {
                let parts = refs.iter().map(|r| self.data_inl(&r.id)).collect();
                let sep = self.sep();
                self.join(parts, &sep)
            }
        }
    }

    /// What a party (an SDK, a permission) collects, in the policy's own
    /// words: entries that share one wording (one `collects` line with a
    /// string) are that wording once, marked sensitive when one of their
    /// items is; entries without one are the data's names. A wording that
    /// only qualifies (`"（安卓版本）"`) follows the names instead.
    pub(super) fn collects(&mut self, cs: &[Collect], decl: &str) -> Vec<Vec<Inl>> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(first) = cs.get(i) {
            let own = |c: &Collect| (c.has_body() || !c.alternatives.is_empty()).then_some(c.line);
            let run: Vec<&Collect> = match &first.note {
                Some(n) => cs
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|c| {
                        c.note.as_ref().map(|x| x.span) == Some(n.span) && own(c) == own(first)
                    })
                    .collect(),
                None => vec![first],
            };
            i += run.len().max(1);
            let mut extra = Vec::new();
            if let Some(n) = first.need {
                extra.push(self.label("need", n));
            }
            let wording = first.note.as_ref().map(|n| self.tx(n, decl, "collects"));
            let qualifier = wording
                .as_deref()
                .is_some_and(|w| w.starts_with(['（', '(']));
            let mut inl = match wording {
                Some(w) if !qualifier => {
                    let sensitive = run.iter().any(|c| {
                        self.data
                            .get(c.data.id.as_str())
                            .is_some_and(|d| d.sensitive)
                    });
                    let mut v = vec![self.as_written(w)];
                    if sensitive {
                        v.push(self.mark());
                    }
                    v
                }
                w => {
                    let mut v = self.collect_items(&run);
                    if let Some(w) = w {
                        v.push(self.as_written(w));
                    }
                    v
                }
            };
            extra.extend(self.collect_body(first, decl));
            if !extra.is_empty() {
                let inner = extra.join(&self.t("punct.clause"));
                inl.push(text(self.fill("format.paren", &[("x", &inner)])));
            }
            out.push(inl);
        }
        out
    }

    /// Collected data as lines: consecutive entries with the same need and
    /// the same note (one `collects` line) share a line.
    pub(super) fn collect_lines(&mut self, cs: &[Collect], decl: &str) -> Vec<Vec<Inl>> {
        let key = |c: &Collect| {
            let own = c.has_body() || !c.alternatives.is_empty();
            (
                c.need,
                c.note.as_ref().map(|n| n.span),
                own.then_some(c.line),
            )
        };
        let mut lines: Vec<Vec<Inl>> = Vec::new();
        let mut i = 0;
        while let Some(first) = cs.get(i) {
            let run: Vec<&Collect> = cs
                .get(i..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| key(c) == key(first))
                .collect();
            i += run.len().max(1);
            let mut line = self.collect_items(&run);
            let mut extra = Vec::new();
            if let Some(n) = first.need {
                extra.push(self.label("need", n));
            }
            if let Some(note) = &first.note {
                extra.push(self.tx(note, decl, "collects"));
            }
            extra.extend(self.collect_body(first, decl));
            if !extra.is_empty() {
                let inner = extra.join(&self.t("punct.clause"));
                line.push(text(self.fill("format.paren", &[("x", &inner)])));
            }
            lines.push(line);
        }
        lines
    }

    /// The officer's heading: a person only when the policy names or
    /// designates one; a team, department or mailbox as what it is (the
    /// department's own name when the policy gives it).
    pub(super) fn officer_title(&mut self, o: &Officer) -> String {
        use crate::model::words::OfficerKind;
        if o.name.is_none() {
            if let Some(d) = &o.department {
                return self.tx(d, "officer", "department");
            }
        }
        match o.kind.as_ref().map(|k| k.value) {
            Some(OfficerKind::Team) if o.name.is_none() => self.t("sub.officer-team"),
            Some(OfficerKind::Department) if o.name.is_none() => self.t("sub.officer-department"),
            Some(OfficerKind::Mailbox) => self.t("sub.officer-mailbox"),
            _ => self.t("sub.officer"),
        }
    }

    pub(super) fn function_title(&mut self, f: &Function) -> String {
        let decl = format!("function `{}`", f.id);
        let t = self
            .tx_opt(f.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| f.id.clone());
        strip_number(&t).to_owned()
    }

    pub(super) fn processing_title(&mut self, p: &Processing) -> String {
        let decl = format!("processing `{}`", p.id);
        self.tx_opt(p.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| p.id.clone())
    }

    pub(super) fn sdk_title(&mut self, s: &Sdk) -> String {
        let decl = format!("sdk `{}`", s.id);
        self.tx_opt(s.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| s.id.clone())
    }

    /// A recipient's name, else its type, else its title, else its id.
    pub(super) fn recipient_name(&mut self, r: &Recipient) -> String {
        let decl = format!("recipient `{}`", r.id);
        if let Some(n) = &r.name {
            return self.tx(n, &decl, "name");
        }
        if let Some(t) = &r.type_label {
            return self.tx(t, &decl, "type");
        }
        self.tx_opt(r.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| r.id.clone())
    }

    pub(super) fn permission_title(&mut self, p: &Permission) -> String {
        let decl = format!("permission `{}`", p.id);
        self.tx_opt(p.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| p.id.clone())
    }

    pub(super) fn decision_title(&mut self, d: &AutomatedDecision) -> String {
        let decl = format!("automated-decision `{}`", d.id);
        self.tx_opt(d.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| self.t("sub.decisions"))
    }

    /// Links to other declarations by reference.
    pub(super) fn refs<T: 'm>(
        &mut self,
        refs: &[Ref],
        find: impl Fn(&Self, &str) -> Option<&'m T>,
        name: impl Fn(&mut Self, &'m T) -> String,
        prefix: &str,
    ) -> Vec<Inl> {
        let parts = refs
            .iter()
            .map(|r| match find(self, &r.id) {
                Some(x) => {
                    let label = name(self, x);
                    vec![self.local_link(&format!("{prefix}-{}", r.id), label)]
                }
                None => vec![text(r.id.clone())],
            })
            .collect();
        let sep = self.sep();
        self.join(parts, &sep)
    }

    pub(super) fn channel(&mut self, c: &ChannelRef, decl: &str, field: &'static str) -> Vec<Inl> {
        let label = self.label("channel", c.kind);
        let Some(v) = &c.value else {
            return vec![text(label)];
        };
        let value = self.tx(v, decl, field);
        let url = match c.kind {
            Channel::Email if !value.contains(':') => safe_url(&format!("mailto:{value}")),
            Channel::Phone
                if value
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | '+')) =>
            {
                safe_url(&format!("tel:{value}"))
            }
            _ => safe_url(&value),
        };
        let shown = match url {
            Some(u) => Inl::Link(u, vec![text(value)]),
            None => text(value),
        };
        vec![text(label), text(self.t("punct.colon")), shown]
    }

    pub(super) fn channels(
        &mut self,
        cs: &[ChannelRef],
        decl: &str,
        field: &'static str,
    ) -> Vec<Inl> {
        let parts = cs.iter().map(|c| self.channel(c, decl, field)).collect();
        let sep = self.t("punct.clause");
        self.join(parts, &sep)
    }

    pub(super) fn privacy_link(&mut self, url: Option<&Text>, decl: &str) -> Vec<Inl> {
        let Some(u) = url else { return Vec::new() };
        let s = u.text.trim().to_owned();
        match safe_url(&s) {
            Some(href) => vec![Inl::Link(href, vec![text(self.t("common.privacy-link"))])],
            None => {
                let _ = decl;
                vec![text(s)]
            }
        }
    }

    pub(super) fn bases(&self, bs: &[Spanned<LegalBasis>]) -> String {
        self.labels("basis", bs)
    }

    pub(super) fn flag_li(
        &mut self,
        key: &str,
        f: Option<&Flag>,
        decl: &str,
        field: &'static str,
    ) -> Option<Li> {
        let f = f?;
        let mut v = self.yes_no(f.value);
        if let Some(t) = &f.text {
            let s = self.tx(t, decl, field);
            v = format!("{v}{}{s}", self.t("punct.clause"));
        }
        Some(self.field(key, vec![text(v)]))
    }

    pub(super) fn retention_period(&mut self, r: &Retention) -> String {
        let decl = format!("retention `{}`", r.id);
        let mut parts = Vec::new();
        if let Some(c) = &r.counted_from {
            let e = self.tx(c, &decl, "counted-from");
            parts.push(self.fill("retention.counted-from", &[("event", &e)]));
        }
        if let Some(d) = &r.at_least {
            parts.push(self.fill("retention.at-least", &[("d", &self.duration(d.value))]));
        }
        if let Some(d) = &r.at_most {
            parts.push(self.fill("retention.at-most", &[("d", &self.duration(d.value))]));
        }
        if let Some(u) = &r.until {
            let e = self.tx(u, &decl, "until");
            parts.push(self.fill("retention.until", &[("event", &e)]));
        }
        if let Some(i) = &r.indefinite {
            let mut s = self.t("retention.indefinite");
            if let Some(t) = &i.value {
                let w = self.tx(t, &decl, "indefinite");
                s = format!("{s}{}{w}", self.t("punct.clause"));
            }
            parts.push(s);
        }
        parts.join(&self.t("punct.clause"))
    }
}
