//! The parties and the frame of the policy: the header (scope, dates,
//! controller), the processor, the officer, complaints, the consent flow and
//! the update clause. Each is a singleton, compared as a whole pair.

use super::helpers::*;
use super::Differ;
use crate::diff::change::{Change, ChangeKind as K, DeclKind as E, Subject, Value};
use crate::diff::classes::Code;
use crate::model::*;
use crate::source::Span;

impl<'m> Differ<'m> {
    // -----------------------------------------------------------------------
    // Header
    // -----------------------------------------------------------------------

    pub(super) fn header(&mut self) {
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
        // Whether the permission list is stated as complete: a statement about
        // the list, not a change of processing.
        if !flag_eq(&o.permissions_complete, &n.permissions_complete) {
            self.editorial(s.clone(), o.span, n.span, "permissions-complete statement");
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

    pub(super) fn processor(&mut self) {
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

    pub(super) fn officer(&mut self) {
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

    pub(super) fn complaints(&mut self) {
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

    pub(super) fn consent_flow(&mut self) {
        let s = Subject::single(E::Consent);
        match (&self.old.consent, &self.new.consent) {
            (None, None) => {}
            (None, Some(n)) => {
                let code = if weak_mechanism(n) || is_yes(&n.bundled) {
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
            (Some(o), None) => {
                // Acceptance by use, no longer claimed, is a gain for users.
                let (variant, d) = if weak_mechanism(o) {
                    (
                        "deemed-dropped",
                        "using the service is no longer said to mean accepting the policy",
                    )
                } else {
                    (
                        "consent-flow",
                        "how users accept the policy is no longer stated",
                    )
                };
                self.push(
                    Change::new(Code::M017, K::Removed, s, variant)
                        .describe(d)
                        .at_old(o.span),
                )
            }
            (Some(o), Some(n)) => {
                let weaker = (weak_mechanism(n) && !weak_mechanism(o))
                    || (is_yes(&n.bundled) && !is_yes(&o.bundled));
                if mechanisms(o) != mechanisms(n)
                    || flag_value(&o.bundled) != flag_value(&n.bundled)
                {
                    let dropped = weak_mechanism(o) && !weak_mechanism(n);
                    let (code, d, variant) = if weaker {
                        (
                            Code::M018,
                            "consent mechanism weakened (pre-ticked, deemed by use, or bundled)",
                            "consent-flow",
                        )
                    } else if dropped {
                        (
                            Code::M017,
                            "using the service is no longer said to mean accepting the policy",
                            "deemed-dropped",
                        )
                    } else {
                        (Code::M017, "consent mechanism changed", "consent-flow")
                    };
                    let sp = |c: &ConsentFlow| c.mechanism.as_ref().map_or(c.span, |m| m.span);
                    self.push(
                        Change::new(code, K::Modified, s, variant)
                            .describe(d)
                            .spans(sp(o), sp(n)),
                    );
                } else if !flag_eq(&o.bundled, &n.bundled) || !texts_eq(&o.text, &n.text) {
                    self.editorial(s, o.span, n.span, "wording");
                }
            }
        }
    }

    pub(super) fn updates(&mut self) {
        let s = Subject::single(E::Updates);
        match (&self.old.updates, &self.new.updates) {
            (None, None) => {}
            (None, Some(n)) => {
                if unilateral(n) {
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
                if promises(o) {
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
                let worse = (promises(o) && !promises(n)) || (unilateral(n) && !unilateral(o));
                if worse {
                    let sp = |u: &Updates| {
                        u.deemed_acceptance
                            .as_ref()
                            .map(|f| f.span)
                            .or(u.takes_effect.as_ref().map(|t| t.span))
                            .or(u.reconsent_on_material.as_ref().map(|f| f.span))
                            .unwrap_or(u.span)
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
                    || o.takes_effect.as_ref().map(|t| t.word)
                        != n.takes_effect.as_ref().map(|t| t.word)
                    || !texts_eq(&o.text, &n.text)
                {
                    self.editorial(s, o.span, n.span, "update clause");
                }
            }
        }
    }
}

/// The update clause asks for consent again: on material change, or for
/// every update (`takes-effect on-consent`).
fn promises(u: &Updates) -> bool {
    is_yes(&u.reconsent_on_material)
        || u.takes_effect
            .as_ref()
            .is_some_and(|t| t.word == crate::model::words::UpdateEffect::OnConsent)
}

/// An update binds without new consent: continued use is acceptance, or it
/// takes effect on publication or on use.
fn unilateral(u: &Updates) -> bool {
    use crate::model::words::UpdateEffect;
    is_yes(&u.deemed_acceptance)
        || u.takes_effect
            .as_ref()
            .is_some_and(|t| matches!(t.word, UpdateEffect::OnPublication | UpdateEffect::OnUse))
}
