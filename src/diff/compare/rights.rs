//! What the user can do and what protects them: rights, automated
//! decisions, marketing, minors, security, consent exceptions and free
//! sections.

use std::collections::BTreeSet;

use super::helpers::*;
use super::Differ;
use crate::diff::change::{Change, ChangeKind as K, DeclKind as E, Subject, Value};
use crate::diff::classes::Code;
use crate::model::words::*;
use crate::model::*;
use crate::source::Span;

impl<'m> Differ<'m> {
    // Rights
    // -----------------------------------------------------------------------

    pub(super) fn rights(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.rights,
            &new.rights,
            |this, o| {
                this.push(
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
            },
            |this, n| {
                this.push(
                    Change::new(Code::M017, K::Added, Subject::new(E::Right, &n.id), "added")
                        .describe(format!("right `{}` added", n.id))
                        .at_new(n.span)
                        .with("right", right_name(n))
                        .with("now", right_now(n)),
                );
            },
            Self::right_pair,
        );
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
        m.extend(ref_ids(&d.processing));
        for f in &model.functions {
            if f.decisions.iter().any(|x| x.id == d.id) {
                m.insert(f.id.as_str());
            }
        }
        m
    }

    pub(super) fn decisions(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.decisions,
            &new.decisions,
            |this, o| {
                this.push(
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
            },
            |this, n| {
                this.push(
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
            },
            Self::decision_pair,
        );
    }

    fn decision_pair(&mut self, o: &AutomatedDecision, n: &AutomatedDecision) {
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
        if !Self::decision_functions(self.new, n).is_subset(&Self::decision_functions(self.old, o))
        {
            what.push("functions");
        }
        if !ref_ids(&n.produces).is_subset(&ref_ids(&o.produces)) {
            what.push("produces");
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
            || ref_ids(&n.produces) != ref_ids(&o.produces)
        {
            self.editorial(s, o.span, n.span, "wording or details");
        }
    }

    pub(super) fn marketing(&mut self) {
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

    pub(super) fn minors(&mut self) {
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
        // The children's rules' update clause is part of how the guardian's
        // consent is had: a child's continued use now deemed acceptance, or
        // the promise to ask again changed.
        let deemed = |m: &Option<Minors>| m.as_ref().and_then(|m| flag_value(&m.deemed_acceptance));
        let reconsent = |m: &Option<Minors>| {
            m.as_ref()
                .and_then(|m| flag_value(&m.reconsent_on_material))
        };
        let update_clause = (deemed(&self.new.minors) == Some(true)
            && deemed(&self.old.minors) != Some(true))
            || (reconsent(&self.old.minors) == Some(true)
                && reconsent(&self.new.minors) != Some(true));
        if update_clause
            || guardian(&self.old.minors) != guardian(&self.new.minors)
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

    pub(super) fn security(&mut self) {
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

    pub(super) fn exceptions(&mut self) {
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

    pub(super) fn sections(&mut self) {
        let (old, new) = (self.old, self.new);
        self.keyed(
            &old.sections,
            &new.sections,
            |this, o| {
                this.editorial(
                    Subject::new(E::Section, &o.id),
                    o.span,
                    Span::default(),
                    "section removed",
                );
            },
            |this, n| {
                this.editorial(
                    Subject::new(E::Section, &n.id),
                    Span::default(),
                    n.span,
                    "section added",
                );
            },
            |this, o, n| {
                if !opt_text_eq(&o.title, &n.title) || !texts_eq(&o.text, &n.text) {
                    this.editorial(Subject::new(E::Section, &n.id), o.span, n.span, "text");
                }
            },
        );
    }
}
