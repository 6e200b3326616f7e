//! How long and where data is kept: retention periods, storage and
//! cross-border transfers.

use super::helpers::*;
use super::Differ;
use crate::diff::change::{Change, ChangeKind as K, DeclKind as E, Subject, Value};
use crate::diff::classes::Code;
use crate::model::words::*;
use crate::model::*;
use crate::source::Span;

impl<'m> Differ<'m> {
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

    pub(super) fn retention(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.retention,
            &new.retention,
            |this, o| {
                this.push(
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
            },
            |this, n| {
                let code = if n.indefinite.is_some() {
                    Code::M008
                } else {
                    Code::M009
                };
                this.push(
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
                        .with("data", this.retention_data(this.new, n))
                        .with("new", Value::Period(period(n))),
                );
            },
            Self::retention_pair,
        );
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

    pub(super) fn storage(&mut self) {
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

    pub(super) fn transfers(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.transfers,
            &new.transfers,
            |this, o| {
                this.push(
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
            },
            |this, n| {
                let country: Vec<String> = n.country.iter().map(|c| c.value.clone()).collect();
                this.push(
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
                    .with("data", this.data_value(this.new, &n.data)),
                );
            },
            Self::transfer_pair,
        );
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
}
