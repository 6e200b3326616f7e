//! Chapter: storage and protection — retention, storage, cross-border
//! transfers and security.

use comrak::Node;

use super::tree::{text, Inl, Li};
use super::{Block, Builder};
use crate::model::*;

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn store_block(&mut self, root: Node<'a>, part: &Block<'m>) {
        let m = self.m;
        if let (Block::Storage, Some(s)) = (part, &m.storage) {
            let id = self.id("storage");
            self.heading(root, 3, &[text(self.t("sub.storage"))], &id);
            self.prose(root, &s.text, "storage");
            if !s.locations.is_empty() {
                let locs = s
                    .locations
                    .iter()
                    .map(|l| self.country(&l.value))
                    .collect::<Vec<_>>()
                    .join(&self.sep());
                let li = self.field("storage.location", vec![text(locs)]);
                self.list(root, vec![li]);
            }
        }
        if let (Block::Security, Some(sec)) = (part, &m.security) {
            let id = self.id("security");
            self.heading(root, 3, &[text(self.t("sub.security"))], &id);
            self.prose(root, &sec.text, "security");
            let mut items = Vec::new();
            for ms in &sec.measures {
                let mut line = vec![Inl::Strong(vec![text(self.label("measure", ms.kind))])];
                if let Some(t) = &ms.text {
                    line.push(text(self.t("punct.colon")));
                    line.push(text(self.tx(t, "security", "measure")));
                }
                items.push(Li::new(line));
            }
            if !sec.certifications.is_empty() {
                let c = self.tx_join(
                    &sec.certifications,
                    "security",
                    "certification",
                    &self.sep(),
                );
                items.push(self.field("security.certifications", vec![text(c)]));
            }
            items.extend(self.flag_li(
                "security.regulator-report",
                sec.regulator_report.as_ref(),
                "security",
                "regulator-report",
            ));
            if let Some(t) = &sec.notice_exemption {
                let v = self.tx(t, "security", "notice-exemption");
                items.push(self.field("security.notice-exemption", vec![text(v)]));
            }
            items.extend(self.flag_li(
                "security.reports",
                sec.reports.as_ref(),
                "security",
                "reports",
            ));
            if let Some(u) = &sec.reports_url {
                let v = self.tx(u, "security", "reports-url");
                items.push(self.field("security.reports-url", vec![text(v)]));
            }
            self.list(root, items);
            if !sec.incident_notice.is_empty() || !sec.incident_contents.is_empty() {
                let id = self.id("incident");
                self.heading(root, 4, &[text(self.t("sub.incident"))], &id);
                let mut items = Vec::new();
                if !sec.incident_contents.is_empty() {
                    let mut li = self.field("incident.contents", Vec::new());
                    li.sub = sec
                        .incident_contents
                        .iter()
                        .map(|c| vec![text(self.label("incident", c.value))])
                        .collect();
                    items.push(li);
                }
                if !sec.incident_notice.is_empty() {
                    let v = self.labels("channel", &sec.incident_notice);
                    items.push(self.field("incident.notice", vec![text(v)]));
                }
                self.list(root, items);
            }
        }
    }

    /// One retention rule's fields: data, period, how determined, expiry.
    /// The shutdown clause: notice, lead time, collection, the data's end.
    pub(super) fn shutdown_block(&mut self, root: Node<'a>) {
        let Some(s) = &self.m.shutdown else { return };
        let id = self.id("shutdown");
        self.heading(root, 3, &[text(self.t("sub.shutdown"))], &id);
        self.prose(root, &s.text, "shutdown");
        let mut items = Vec::new();
        if !s.notices.is_empty() {
            let v = self.channels(&s.notices, "shutdown", "notice");
            items.push(self.field("shutdown.notice", v));
        }
        if let Some(d) = &s.lead_time {
            let v = self.fill("shutdown.before", &[("d", &self.duration(d.value))]);
            items.push(self.field("shutdown.lead-time", vec![text(v)]));
        }
        items.extend(self.flag_li(
            "shutdown.stops-collection",
            s.stops_collection.as_ref(),
            "shutdown",
            "stops-collection",
        ));
        items.extend(self.expiry_li(s.expiry.as_ref(), "shutdown"));
        self.list(root, items);
    }

    /// The `expiry` line of a retention entry or the shutdown clause.
    fn expiry_li(&mut self, e: Option<&ExpiryHandling>, decl: &str) -> Option<Li> {
        let e = e?;
        let mut expiry = self.label("expiry", e.kind);
        if let Some(t) = &e.text {
            let w = self.tx(t, decl, "expiry");
            expiry = format!("{expiry}{}{w}", self.t("punct.clause"));
        }
        Some(self.field("col.expiry", vec![text(expiry)]))
    }

    /// Where data is kept (`stored-at`), on a function or a retention entry.
    pub(super) fn stored_at_li(&mut self, st: Option<&StoredAtStmt>, decl: &str) -> Option<Li> {
        let st = st?;
        let mut v = self.labels("stored-at", &st.places);
        if let Some(t) = &st.text {
            v.push_str(&self.t("punct.clause"));
            v.push_str(&self.tx(t, decl, "stored-at"));
        }
        Some(self.field("f.stored-at", vec![text(v)]))
    }

    pub(super) fn retention_facts(&mut self, root: Node<'a>, r: &'m Retention) {
        let decl = format!("retention `{}`", r.id);
        let mut items = Vec::new();
        if !r.data.is_empty() {
            let data = self.data_set_etc(&r.data, r.data_etc);
            items.push(self.field("col.data", data));
        }
        let mut period = self.retention_period(r);
        if let Some(fc) = self.form_clause(r.form.as_ref(), &decl) {
            if !period.is_empty() {
                period.push_str(&self.t("punct.clause"));
            }
            period.push_str(&fc);
        }
        if let Some(u) = self.unstated_text(r.unstated.as_ref(), &decl) {
            if !period.is_empty() {
                period.push_str(&self.t("punct.clause"));
            }
            period.push_str(&self.t("f.unstated"));
            period.push_str(&self.t("punct.colon"));
            period.push_str(&u);
        }
        if !period.is_empty() {
            items.push(self.field("col.period", vec![text(period)]));
        }
        let mut basis = self.tx_join(
            &r.determined_by,
            &decl,
            "determined-by",
            &self.t("punct.clause"),
        );
        let legal = self.tx_join(&r.legal, &decl, "legal", &self.sep());
        if !legal.is_empty() {
            basis = if basis.is_empty() {
                legal
            } else {
                format!("{basis}{}{legal}", self.t("punct.clause"))
            };
        }
        if !basis.is_empty() {
            items.push(self.field("col.determined", vec![text(basis)]));
        }
        items.extend(self.expiry_li(r.expiry.as_ref(), &decl));
        items.extend(self.stored_at_li(r.stored_at.as_ref(), &decl));
        if !r.extended_when.is_empty() {
            let v = self.tx_join(&r.extended_when, &decl, "extended-when", &self.sep());
            items.push(self.field("retention.extended-when", vec![text(v)]));
        }
        items.extend(self.flag_li(
            "retention.restricted",
            r.restricted.as_ref(),
            &decl,
            "restricted",
        ));
        self.list(root, items);
    }

    pub(super) fn transfer(&mut self, root: Node<'a>, tr: &'m Transfer) {
        let decl = format!("transfer `{}`", tr.id);
        let title = match (&tr.title, &tr.name) {
            (Some(t), _) => self.tx(t, &decl, "title"),
            (None, Some(n)) => self.tx(n, &decl, "name"),
            (None, None) => self.t("sub.transfers"),
        };
        let id = self.id(&format!("transfer-{}", tr.id));
        self.heading(root, 4, &[text(title)], &id);
        self.prose(root, &tr.text, &decl);
        let mut items = Vec::new();
        items.extend(self.status_li(tr.status.as_ref(), &decl));
        if let (Some(_), Some(n)) = (&tr.title, &tr.name) {
            let v = self.tx(n, &decl, "name");
            items.push(self.field("transfer.recipient", vec![text(v)]));
        }
        if let Some(c) = &tr.country {
            items.push(self.field("transfer.country", vec![text(self.country(&c.value))]));
        }
        if !tr.contacts.is_empty() {
            let v = self.channels(&tr.contacts, &decl, "contact");
            items.push(self.field("col.contact", v));
        }
        if !tr.purposes.is_empty() {
            let p = self.tx_join(&tr.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("f.purposes", vec![text(p)]));
        }
        if let Some(mt) = &tr.method {
            let v = self.tx(mt, &decl, "method");
            items.push(self.field("col.method", vec![text(v)]));
        }
        if !tr.data.is_empty() {
            let v = self.data_set_etc(&tr.data, tr.data_etc);
            items.push(self.field("col.data", v));
        }
        if let Some(mc) = &tr.mechanism {
            items.push(self.field(
                "transfer.mechanism",
                vec![text(self.label("mechanism", mc.value))],
            ));
        }
        if let Some(c) = &tr.consent {
            let v = self.consent_label(c.value, tr.consent_wording.as_ref(), &decl);
            items.push(self.field("f.consent", vec![text(v)]));
        }
        if let Some(rp) = &tr.rights_procedure {
            let v = self.tx(rp, &decl, "rights-procedure");
            items.push(self.field("transfer.rights", vec![text(v)]));
        }
        items.extend(self.form_li(tr.form.as_ref(), &decl));
        items.extend(self.unstated_li(tr.unstated.as_ref(), &decl));
        self.list(root, items);
    }
}
