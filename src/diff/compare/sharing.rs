//! Who else receives data: recipients, SDKs and SDK lists, public
//! disclosures, and a merger or other transfer of the controller.

use std::collections::BTreeMap;

use super::helpers::*;
use super::{Differ, Index};
use crate::diff::change::{Change, ChangeKind as K, DeclKind as E, Subject, Value};
use crate::diff::classes::Code;
use crate::model::words::*;
use crate::model::*;
use crate::source::Span;

impl<'m> Differ<'m> {
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

    pub(super) fn recipients(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.recipients,
            &new.recipients,
            |this, o| {
                this.push(
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
            },
            |this, n| {
                let s = Subject::new(E::Recipient, &n.id);
                let role = n.role.as_ref().map(|r| r.value);
                let (code, variant, what) = match role {
                    Some(Role::Entrusted) => (Code::M012, "added", "entrusted processor"),
                    Some(Role::Authority) => (Code::M012, "authority", "authority recipient"),
                    _ => (Code::M010, "recipient", "independent recipient"),
                };
                this.push(
                    Change::new(code, K::Added, s.clone(), variant)
                        .describe(format!("{what} `{}` added", n.id))
                        .at_new(n.span)
                        .with("recipient", recipient_name(n))
                        .with("purposes", Value::Texts(n.purposes.clone()))
                        .with("data", this.data_value(this.new, &n.data)),
                );
                if let Some(c) = n.country.as_ref().filter(|c| is_foreign(&c.value)) {
                    this.push(
                        Change::new(Code::M014, K::Added, s, "transfer")
                            .describe(format!("recipient `{}` is abroad (`{}`)", n.id, c.value))
                            .at_new(c.span)
                            .with("recipient", recipient_name(n))
                            .with("country", Value::Countries(vec![c.value.clone()]))
                            .with("purposes", Value::Texts(n.purposes.clone()))
                            .with("data", this.data_value(this.new, &n.data)),
                    );
                }
            },
            Self::recipient_pair,
        );
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
            (Some(a), Some(b))
                if !same_party(
                    &a.text,
                    &b.text,
                    &[&o.title, &o.type_label],
                    &[&n.title, &n.type_label],
                ) =>
            {
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
        // Data it now collects itself on the platform (`self-collects`): the
        // party's processing grows as when it is given more.
        let fresh = added_collects(&o.self_collects, &n.self_collects);
        if let Some(first) = fresh.first() {
            let variant = if scope_code == Code::M012 {
                "changed"
            } else {
                "self-collects"
            };
            let ids: Vec<&str> = fresh.iter().map(|c| c.data.id.as_str()).collect();
            self.push(
                Change::new(scope_code, K::Modified, s.clone(), variant)
                    .describe(format!(
                        "recipient `{}` now collects itself {}",
                        n.id,
                        joined(ids.iter().copied())
                    ))
                    .spans(o.span, first.data.span)
                    .with("recipient", rname.clone())
                    .with("data", Value::Data(self.collect_names(self.new, &fresh))),
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
        if !opt_same_meaning(&o.method, &n.method) && n.method.is_some() {
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
            || !opt_text_eq(&o.name, &n.name)
            || !channels_eq(&o.contacts, &n.contacts)
            || !opt_text_eq(&o.privacy_url, &n.privacy_url)
            || !flag_eq(&o.contract, &n.contract)
            || !texts_eq(&o.text, &n.text)
            || (new_purposes.is_empty() && !texts_eq(&o.purposes, &n.purposes))
            || !opt_text_eq(&o.method, &n.method)
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

    pub(super) fn sdks(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.sdks,
            &new.sdks,
            |this, o| {
                this.push(
                    Change::new(Code::M007, K::Removed, Subject::new(E::Sdk, &o.id), "sdk")
                        .describe(format!("SDK `{}` removed", o.id))
                        .at_old(o.span)
                        .with("sdk", sdk_name(o)),
                );
            },
            |this, n| {
                let all: Vec<&Collect> = n.collects.iter().collect();
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
                    .with("data", Value::Data(this.collect_names(this.new, &all)));
                if let Some(p) = &n.provider {
                    c = c.with("provider", Value::Text(p.clone()));
                }
                this.push(c);
            },
            Self::sdk_pair,
        );
    }

    fn sdk_pair(&mut self, o: &Sdk, n: &Sdk) {
        let s = Subject::new(E::Sdk, &n.id);
        let sname = sdk_name(n);
        let entrusted = n.role.as_ref().is_some_and(|r| r.value == Role::Entrusted);
        let scope = if entrusted { Code::M012 } else { Code::M011 };
        let v = |plain: &'static str| if entrusted { "changed" } else { plain };
        if let (Some(a), Some(b)) = (&o.provider, &n.provider) {
            if !same_party(&a.text, &b.text, &[&o.title], &[&n.title]) {
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
        let fresh = added_collects(&o.collects, &n.collects);
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
                    .with("data", Value::Data(self.collect_names(self.new, &fresh))),
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
            || !channels_eq(&o.contacts, &n.contacts)
            || !opt_text_eq(&o.feature, &n.feature) && !feature_changed
            || !opt_text_eq(&o.privacy_url, &n.privacy_url)
            || !texts_eq(&o.text, &n.text)
            || (new_purposes.is_empty() && !texts_eq(&o.purposes, &n.purposes))
            || !flag_eq(&o.deidentified, &n.deidentified)
                && (!is_yes(&o.deidentified) || is_yes(&n.deidentified))
            || collect_ids(&o.collects) != collect_ids(&n.collects)
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

    /// SDK lists are matched by id, else by title.
    pub(super) fn sdk_lists(&mut self) {
        fn key(l: &SdkList) -> &str {
            l.id.as_deref()
                .or(l.title.as_ref().map(|t| t.text.as_str()))
                .unwrap_or_default()
        }
        let subject = |l: &SdkList| Subject::new(E::SdkList, key(l));
        let (old, new) = (self.old, self.new);
        self.keyed_by(
            &old.sdk_lists,
            &new.sdk_lists,
            key,
            |this, l| {
                this.editorial(
                    subject(l),
                    l.span,
                    Span::default(),
                    "SDK list reference removed",
                );
            },
            |this, l| {
                this.editorial(
                    subject(l),
                    Span::default(),
                    l.span,
                    "SDK list reference added",
                );
            },
            |this, a, b| {
                if !opt_text_eq(&a.title, &b.title)
                    || !opt_text_eq(&a.url, &b.url)
                    || !texts_eq(&a.text, &b.text)
                {
                    this.editorial(subject(a), a.span, b.span, "SDK list reference");
                }
            },
        );
    }

    // -----------------------------------------------------------------------
    // Public disclosure, merger
    // -----------------------------------------------------------------------

    pub(super) fn disclosures(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.disclosures,
            &new.disclosures,
            |this, o| {
                this.push(
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
            },
            |this, n| {
                this.push(
                    Change::new(
                        Code::M013,
                        K::Added,
                        Subject::new(E::Disclosure, &n.id),
                        "added",
                    )
                    .describe(format!("public disclosure `{}` added", n.id))
                    .at_new(n.span)
                    .with("data", this.data_value(this.new, &n.data))
                    .with("purposes", Value::Texts(n.purposes.clone())),
                );
            },
            Self::disclosure_pair,
        );
    }

    fn disclosure_pair(&mut self, o: &Disclosure, n: &Disclosure) {
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

    pub(super) fn merger(&mut self) {
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
}

/// Whether two names of a recipient or an SDK provider name one party: the
/// same once normalised (punctuation, width, spaces); one name inside the
/// other, or inside the title or type the other version gives it (a brand
/// kept beside the legal name: “微博” → “北京微梦创科网络技术有限公司”,
/// titled “微博”); or one the other's known alias (a brand and the legal
/// name of its provider in `data/sdks.yaml`).
pub(super) fn same_party(
    a: &str,
    b: &str,
    a_also: &[&Option<Text>],
    b_also: &[&Option<Text>],
) -> bool {
    let (na, nb) = (normalise(a), normalise(b));
    if na.is_empty() || nb.is_empty() {
        return na == nb;
    }
    let within = |name: &str, others: &[&Option<Text>], other_name: &str| {
        other_name.contains(name)
            || others
                .iter()
                .filter_map(|t| t.as_ref())
                .any(|t| normalise(&t.text).contains(name))
    };
    na == nb
        || within(&na, b_also, &nb)
        || within(&nb, a_also, &na)
        || aliases()
            .iter()
            .any(|group| group.contains(&na) && group.contains(&nb))
}

/// Names that stand for one party, normalised: each SDK of `data/sdks.yaml`
/// with its zh and en names, the words policies use for it, and its
/// provider's legal name.
fn aliases() -> &'static [Vec<String>] {
    static A: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    A.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct Entry {
            #[serde(default)]
            zh: Option<String>,
            #[serde(default)]
            en: Option<String>,
            #[serde(default)]
            provider: Option<String>,
            #[serde(default)]
            words: Vec<String>,
        }
        #[derive(serde::Deserialize)]
        struct File {
            sdks: Vec<Entry>,
        }
        let file: Option<File> = crate::data::read(crate::data::SDKS, "sdks").ok();
        file.map(|f| f.sdks)
            .unwrap_or_default()
            .into_iter()
            .map(|e| {
                e.zh.into_iter()
                    .chain(e.en)
                    .chain(e.provider)
                    .chain(e.words)
                    .map(|w| normalise(&w))
                    .filter(|w| w.chars().count() >= 2)
                    .collect()
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Option<Text> {
        Some(plain_text(s))
    }

    #[test]
    fn a_brand_and_its_legal_name_are_one_party() {
        // the brand kept as the title
        assert!(same_party(
            "微博",
            "北京微梦创科网络技术有限公司",
            &[&t("微博")],
            &[&t("微博")]
        ));
        // punctuation and width
        assert!(same_party(
            "支付宝(杭州)信息技术有限公司",
            "支付宝（杭州）信息技术有限公司",
            &[],
            &[]
        ));
        // the catalogue's brand and provider
        assert!(same_party(
            "极光推送",
            "深圳市和讯华谷信息技术有限公司",
            &[],
            &[]
        ));
    }

    #[test]
    fn another_company_is_another_party() {
        assert!(!same_party(
            "北京微梦创科网络技术有限公司",
            "深圳市腾讯计算机系统有限公司",
            &[&t("分享")],
            &[&t("分享")]
        ));
        assert!(!same_party("极光推送", "每日互动股份有限公司", &[], &[]));
    }
}
