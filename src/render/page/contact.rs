//! Chapter: contact — the processor, the officer and complaints.

use comrak::Node;

use super::tree::{text, Li};
use super::{Block, Builder};

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn contact_block(&mut self, root: Node<'a>, part: &Block<'m>) {
        let m = self.m;
        let mut said = false;
        if let (Block::Processor, Some(p)) = (part, &m.processor) {
            said = true;
            self.prose(root, &p.text, "processor");
            let mut items = Vec::new();
            if let Some(n) = &p.name {
                let v = self.tx(n, "processor", "name");
                items.push(self.field("processor.name", vec![text(v)]));
            }
            if let Some(a) = &p.registered_address {
                let v = self.tx(a, "processor", "registered-address");
                items.push(self.field("processor.registered", vec![text(v)]));
            }
            if let Some(a) = &p.office_address {
                let v = self.tx(a, "processor", "office-address");
                items.push(self.field("processor.office", vec![text(v)]));
            }
            if let Some(k) = &p.kind {
                let v = self.label("processor-kind", k.value);
                items.push(self.field("processor.kind", vec![text(v)]));
            }
            if let Some(a) = &p.affiliates {
                let v = self.tx(a, "processor", "affiliates");
                items.push(self.field("processor.affiliates", vec![text(v)]));
            }
            if let Some(w) = &p.we_means {
                let v = self.tx(w, "processor", "we-means");
                items.push(self.field("processor.we-means", vec![text(v)]));
            }

            if let Some(d) = &p.department {
                let v = self.tx(d, "processor", "department");
                items.push(self.field("officer.department", vec![text(v)]));
            }
            for c in &p.contacts {
                items.push(Li::new(self.channel(c, "processor", "contact")));
            }
            self.list(root, items);
        }
        if let (Block::Officer, Some(o)) = (part, &m.officer) {
            said = true;
            let id = self.id("officer");
            let title = self.officer_title(o);
            self.heading(root, 3, &[text(title)], &id);
            self.prose(root, &o.text, "officer");
            let kind = o.kind.as_ref().map(|k| self.label("officer-kind", k.value));
            let mut items = Vec::new();
            if let Some(k) = kind {
                items.push(self.field("officer.kind", vec![text(k)]));
            }
            if let Some(n) = &o.name {
                let v = self.tx(n, "officer", "name");
                items.push(self.field("officer.name", vec![text(v)]));
            }
            if let Some(d) = &o.department {
                let v = self.tx(d, "officer", "department");
                items.push(self.field("officer.department", vec![text(v)]));
            }
            for c in &o.contacts {
                items.push(Li::new(self.channel(c, "officer", "contact")));
            }
            self.list(root, items);
        }
        if let (Block::Complaints, Some(c)) = (part, &m.complaints) {
            said = true;
            let id = self.id("complaints");
            self.heading(root, 3, &[text(self.t("sub.complaints"))], &id);
            self.prose(root, &c.text, "complaints");
            let mut items = Vec::new();
            if !c.channels.is_empty() {
                let v = self.channels(&c.channels, "complaints", "channel");
                items.push(self.field("right.channels", v));
            }
            if let Some(resp) = &c.response {
                let v = self.fill("format.response", &[("d", &self.duration(resp.value))]);
                items.push(self.field("right.response", vec![text(v)]));
            }
            if let Some(rf) = &c.response_from {
                let v = self.tx(rf, "complaints", "response-from");
                items.push(self.field("right.response-from", vec![text(v)]));
            }
            if let Some(d) = &c.department {
                let v = self.tx(d, "complaints", "department");
                items.push(self.field("officer.department", vec![text(v)]));
            }
            if !c.external.is_empty() {
                let mut li = self.field("complaints.external", Vec::new());
                li.sub = c
                    .external
                    .iter()
                    .map(|t| vec![text(self.tx(t, "complaints", "external"))])
                    .collect();
                items.push(li);
            }
            if let Some(w) = &c.external_when {
                let v = self.tx(w, "complaints", "external-when");
                items.push(self.field("complaints.external-when", vec![text(v)]));
            }
            self.list(root, items);
        }
        if let (Block::Dispute, Some(d)) = (part, &m.dispute) {
            said = true;
            let id = self.id("dispute");
            self.heading(root, 3, &[text(self.t("sub.dispute"))], &id);
            self.prose(root, &d.text, "dispute");
            let mut items = Vec::new();
            if let Some(law) = &d.law {
                let v = self.tx(law, "dispute", "law");
                items.push(self.field("dispute.law", vec![text(v)]));
            }
            for fo in &d.forums {
                let mut v = self.label("forum", fo.kind);
                if let Some(t) = &fo.text {
                    v.push_str(&self.t("punct.clause"));
                    v.push_str(&self.tx(t, "dispute", "forum"));
                }
                items.push(self.field("dispute.forum", vec![text(v)]));
            }
            self.list(root, items);
        }
        let _ = said;
    }
}
