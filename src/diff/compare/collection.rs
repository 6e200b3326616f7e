//! What is collected: data categories (the facts about a category),
//! permissions and functions (their purposes, data, consent and links).

use std::collections::{BTreeMap, BTreeSet};

use super::helpers::*;
use super::Differ;
use crate::diff::change::{Change, ChangeKind as K, DataName, DeclKind as E, Subject, Value};
use crate::diff::classes::Code;
use crate::model::words::*;
use crate::model::*;
use crate::source::Span;

impl<'m> Differ<'m> {
    // -----------------------------------------------------------------------
    // Data categories (the facts about a category; who collects it is
    // compared per function)
    // -----------------------------------------------------------------------

    /// Only categories in both versions are compared: one added or removed
    /// counts through what collects it (compared per function).
    pub(super) fn data(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(&old.data, &new.data, |_, _| {}, |_, _| {}, Self::data_pair);
    }

    fn data_pair(&mut self, o: &DataCategory, n: &DataCategory) {
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

    // -----------------------------------------------------------------------
    // Permissions
    // -----------------------------------------------------------------------

    pub(super) fn permissions(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.permissions,
            &new.permissions,
            |this, o| {
                this.push(
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
            },
            |this, n| {
                this.push(
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
            },
            Self::permission_pair,
        );
    }

    fn permission_pair(&mut self, o: &Permission, n: &Permission) {
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

    // -----------------------------------------------------------------------
    // Functions
    // -----------------------------------------------------------------------

    /// Every data id collected anywhere in a model.
    pub(super) fn collected(model: &Model) -> BTreeSet<&str> {
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

    pub(super) fn functions(&mut self) {
        let old_collected = Self::collected(self.old);
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.functions,
            &new.functions,
            |this, o| {
                this.push(
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
            },
            |this, n| {
                let ids: Vec<&str> = n.collects.iter().map(|c| c.data.id.as_str()).collect();
                this.push(
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
                    .with("data", Value::Data(this.data_names(this.new, &ids))),
                );
                // A category collected nowhere before is new data; a
                // sensitive one is also new here when another function
                // collected it: separate consent is given for a processing,
                // so a new function that uses it needs it again (PIPL
                // Art. 29).
                let fresh: Vec<&str> = ids
                    .iter()
                    .copied()
                    .filter(|id| {
                        !old_collected.contains(id)
                            || this.new.category(id).is_some_and(|c| c.sensitive)
                    })
                    .collect();
                this.new_data(n, None, &fresh, K::Added);
            },
            Self::function_pair,
        );
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
            if !same_meaning(&om.text, &m.text) {
                self.push(
                    Change::new(Code::M004, K::Modified, s.clone(), "method-changed")
                        .describe(format!("function `{}`: method of processing changed", n.id))
                        .spans(om.span, m.span)
                        .with("function", fname.clone())
                        .with("method", Value::Text(m.clone())),
                );
            }
        }
        // Data it produces (a profile its analysis forms): new derived data
        // is a new processing of the data it collects (加工, PIPL Art. 4 ¶2),
        // told as a changed method (Art. 14 ¶2). Produced data dropped is
        // left to M025.
        let produced = ref_ids(&o.produces);
        let new_produced: Vec<&Ref> = n
            .produces
            .iter()
            .filter(|r| !produced.contains(r.id.as_str()))
            .collect();
        if let Some(first) = new_produced.first() {
            let ids: Vec<&str> = new_produced.iter().map(|r| r.id.as_str()).collect();
            self.push(
                Change::new(Code::M004, K::Modified, s.clone(), "produces-added")
                    .describe(format!(
                        "function `{}` now produces {}",
                        n.id,
                        joined(ids.iter().copied())
                    ))
                    .spans(o.span, first.span)
                    .with("function", fname.clone())
                    .with("data", Value::Data(self.data_names(self.new, &ids))),
            );
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
        let words =
            |b: &BTreeSet<LegalBasis>| b.iter().map(|x| x.word().to_string()).collect::<Vec<_>>();
        if ob != nb {
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
        // The bases of single purposes (`purpose "…" { basis … }`), when the
        // function's own did not change: one change per purpose whose bases
        // did, with that purpose's old and new bases.
        if ob == nb {
            fn of<'f>(f: &'f Function, text: &str) -> Option<&'f PurposeBasis> {
                f.purpose_bases.iter().find(|p| p.purpose.text == text)
            }
            let texts: BTreeSet<&str> = o
                .purpose_bases
                .iter()
                .chain(&n.purpose_bases)
                .map(|p| p.purpose.text.as_str())
                .collect();
            for text in texts {
                let (op, np) = (of(o, text), of(n, text));
                let Some(purpose) = np.or(op) else { continue };
                let (opb, npb) = (
                    op.map(|p| values(&p.bases)).unwrap_or_default(),
                    np.map(|p| values(&p.bases)).unwrap_or_default(),
                );
                if opb == npb {
                    continue;
                }
                self.push(
                    Change::new(Code::M015, K::Modified, s.clone(), "basis")
                        .describe(format!(
                            "function `{}`: legal basis of the purpose \"{}\" changed from {} to {}",
                            n.id,
                            text,
                            display_words(&words(&opb)),
                            display_words(&words(&npb))
                        ))
                        .spans(op.map_or(o.span, |p| p.span), np.map_or(n.span, |p| p.span))
                        .with("subject", fname.clone())
                        .with("purpose", Value::Text(purpose.purpose.clone()))
                        .with("old", Value::Words("basis", words(&opb)))
                        .with("new", Value::Words("basis", words(&npb))),
                );
            }
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
                    .with("function", fname.clone())
                    .with(
                        "data",
                        Value::Data(
                            self.data_names(
                                self.new,
                                &n.collects
                                    .iter()
                                    .map(|c| c.data.id.as_str())
                                    .collect::<Vec<_>>(),
                            ),
                        ),
                    ),
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
}
