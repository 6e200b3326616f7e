//! The key-facts box: one line per fact, always shown, saying when the
//! policy is silent.

use comrak::Node;

use super::tree::{text, Inl};
use super::Builder;
use crate::model::*;

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn key_facts(&mut self, root: Node<'a>) {
        let id = self.id("key-facts");
        self.heading(root, 2, &[text(self.t("keyfacts.title"))], &id);
        let m = self.m;
        let not_stated = self.t("common.not-stated");
        let mut items = Vec::new();

        // Who.
        let mut who = Vec::new();
        if let Some(p) = &m.processor {
            if let Some(n) = &p.name {
                who.push(text(self.tx(n, "processor", "name")));
            }
            if !p.contacts.is_empty() {
                if !who.is_empty() {
                    who.push(text(self.t("punct.clause")));
                }
                who.append(&mut self.channels(&p.contacts, "processor", "contact"));
            }
        }
        if who.is_empty() {
            who.push(text(not_stated.clone()));
        }
        items.push(self.field("keyfacts.who", who));

        // Sensitive data.
        let sensitive: Vec<&DataCategory> = m.data.iter().filter(|d| d.sensitive).collect();
        let sens = if sensitive.is_empty() {
            vec![text(self.t("keyfacts.no-sensitive"))]
        } else {
            let parts = sensitive.iter().map(|d| self.data_inl(&d.id)).collect();
            let sep = self.sep();
            self.join(parts, &sep)
        };
        items.push(self.field("keyfacts.sensitive", sens));

        // Recipients.
        let mut rec = Vec::new();
        if !m.recipients.is_empty() {
            let mut names: Vec<String> = Vec::new();
            for r in &m.recipients {
                let n = self.recipient_name(r);
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            rec.push(text(names.join(&self.sep())));
        }
        if !m.sdks.is_empty() {
            if !rec.is_empty() {
                rec.push(text(self.t("punct.clause")));
            }
            rec.push(text(self.count("keyfacts.sdk-count", m.sdks.len())));
        }
        if !m.transfers.is_empty() {
            if !rec.is_empty() {
                rec.push(text(self.t("punct.clause")));
            }
            rec.push(text(
                self.count("keyfacts.transfer-count", m.transfers.len()),
            ));
        }
        if rec.is_empty() {
            rec.push(text(self.t("keyfacts.no-recipients")));
        }
        items.push(self.field("keyfacts.recipients", rec));

        // Storage.
        let storage = match &m.storage {
            Some(s) if !s.locations.is_empty() => s
                .locations
                .iter()
                .map(|l| self.country(&l.value))
                .collect::<Vec<_>>()
                .join(&self.sep()),
            _ => not_stated.clone(),
        };
        items.push(self.field("keyfacts.storage", vec![text(storage)]));

        // Retention.
        let mut ret = Vec::new();
        for r in &m.retention {
            let period = self.retention_period(r);
            if period.is_empty() {
                continue;
            }
            let mut label = self.retention_label(r);
            if label.is_empty() {
                label = self.data_set(&r.data);
            }
            if !ret.is_empty() {
                ret.push(text(self.t("punct.clause")));
            }
            if !label.is_empty() {
                ret.append(&mut label);
                ret.push(text(self.t("punct.colon")));
            }
            ret.push(text(period));
        }
        if ret.is_empty() {
            ret.push(text(not_stated.clone()));
        }
        items.push(self.field("keyfacts.retention", ret));

        // Contact.
        let mut contact = Vec::new();
        if let Some(o) = &m.officer {
            if !o.contacts.is_empty() {
                contact.push(text(self.t("keyfacts.officer")));
                contact.push(text(self.t("punct.colon")));
                contact.append(&mut self.channels(&o.contacts, "officer", "contact"));
            }
        }
        if contact.is_empty() {
            if let Some(p) = &m.processor {
                contact.append(&mut self.channels(&p.contacts, "processor", "contact"));
            }
        }
        if contact.is_empty() {
            contact.push(text(not_stated));
        }
        items.push(self.field("keyfacts.contact", contact));

        self.list(root, items);
        let marker = self.t("mark.sensitive");
        self.para(
            root,
            &[
                Inl::Strong(vec![text(self.t("legend.example"))]),
                text(format!(" {marker} ")),
                text(self.t("legend.sensitive")),
            ],
        );
    }
}
