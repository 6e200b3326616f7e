//! Chapter: sharing — recipients, SDKs, public disclosure and merger.

use comrak::Node;

use super::tree::{text, Inl};
use super::{Block, Builder};
use crate::model::*;

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn share_block(&mut self, root: Node<'a>, part: &Block<'m>) {
        let m = self.m;
        if let Block::Disclosure(d) = part {
            let (i, d) = (0, *d);
            let decl = format!("disclosure `{}`", d.id);
            let title = self
                .tx_opt(d.title.as_ref(), &decl, "title")
                .unwrap_or_else(|| self.t("sub.disclosure"));
            let id = self.id(&format!("disclosure-{}", d.id));
            let _ = i;
            self.heading(root, 3, &[text(title)], &id);
            self.prose(root, &d.text, &decl);
            let mut items = Vec::new();
            items.extend(self.status_li(d.status.as_ref(), &decl));
            items.extend(self.directed_by_li(d.directed_by.as_ref(), &decl));
            items.extend(self.form_li(d.form.as_ref(), &decl));
            if !d.purposes.is_empty() {
                let p = self.tx_join(&d.purposes, &decl, "purpose", &self.t("punct.clause"));
                items.push(self.field("f.purposes", vec![text(p)]));
            }
            if !d.data.is_empty() {
                let v = self.data_set_etc(&d.data, d.data_etc);
                items.push(self.field("col.data", v));
            }
            if !d.bases.is_empty() {
                items.push(self.field("f.basis", vec![text(self.bases(&d.bases))]));
            }
            if let Some(c) = &d.consent {
                let v = self.consent_label(c.value, d.consent_wording.as_ref(), &decl);
                items.push(self.field("f.consent", vec![text(v)]));
            }
            self.list(root, items);
        }
        if let Block::Handover(h) = part {
            self.handover_block(root, h);
        }
        if let (Block::Merger, Some(mg)) = (part, &m.merger) {
            let id = self.id("merger");
            self.heading(root, 3, &[text(self.t("sub.merger"))], &id);
            self.prose(root, &mg.text, "merger");
            let mut items = Vec::new();
            items.extend(self.flag_li(
                "merger.notify",
                mg.notify_recipient.as_ref(),
                "merger",
                "notify-recipient",
            ));
            items.extend(self.flag_li(
                "merger.bound",
                mg.recipient_bound.as_ref(),
                "merger",
                "recipient-bound",
            ));
            items.extend(self.flag_li(
                "merger.reconsent",
                mg.reconsent_on_change.as_ref(),
                "merger",
                "reconsent-on-change",
            ));
            self.list(root, items);
        }
    }

    /// A handover (转让) other than on a merger: its cases, then its fields.
    fn handover_block(&mut self, root: Node<'a>, h: &'m Handover) {
        let decl = format!("handover `{}`", h.id);
        let title = self
            .tx_opt(h.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| self.t("sub.handover"));
        let title = title + &self.scope_tag(&h.scope);
        let id = self.id(&format!("handover-{}", h.id));
        self.heading(root, 3, &[text(title)], &id);
        self.prose(root, &h.text, &decl);
        let mut items = Vec::new();
        items.extend(self.status_li(h.status.as_ref(), &decl));
        items.extend(self.directed_by_li(h.directed_by.as_ref(), &decl));
        if !h.cases.is_empty() {
            let mut li = self.field("handover.cases", Vec::new());
            for e in &h.cases {
                let mut line = vec![text(self.tx(&e.text, &decl, "exception"))];
                if let Some(c) = &e.condition {
                    let colon = self.t("punct.colon");
                    let c = self.tx(c, &decl, "condition");
                    let clause = self.t("punct.clause");
                    line.push(text(format!(
                        "{clause}{}{colon}{c}",
                        self.t("exceptions.condition")
                    )));
                }
                li.sub.push(line);
            }
            items.push(li);
        }
        if !h.purposes.is_empty() {
            let p = self.tx_join(&h.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("f.purposes", vec![text(p)]));
        }
        if !h.data.is_empty() {
            let v = self.data_set_etc(&h.data, h.data_etc);
            items.push(self.field("col.data", v));
        }
        items.extend(self.form_li(h.form.as_ref(), &decl));
        if !h.bases.is_empty() {
            items.push(self.field("f.basis", vec![text(self.bases(&h.bases))]));
        }
        if let Some(c) = &h.consent {
            let v = self.consent_label(c.value, h.consent_wording.as_ref(), &decl);
            items.push(self.field("f.consent", vec![text(v)]));
        }
        for (key, flag, field) in [
            (
                "merger.notify",
                h.notify_recipient.as_ref(),
                "notify-recipient",
            ),
            (
                "merger.bound",
                h.recipient_bound.as_ref(),
                "recipient-bound",
            ),
            (
                "merger.reconsent",
                h.reconsent_on_change.as_ref(),
                "reconsent-on-change",
            ),
        ] {
            items.extend(self.flag_li(key, flag, &decl, field));
        }
        items.extend(self.unstated_li(h.unstated.as_ref(), &decl));
        self.list(root, items);
    }

    /// An SDK list: its title, linked to its page when it has a URL.
    pub(super) fn sdk_list_line(&mut self, root: Node<'a>, l: &'m SdkList) {
        let decl = match &l.id {
            Some(i) => format!("sdk-list `{i}`"),
            None => "sdk-list".to_owned(),
        };
        let title = self
            .tx_opt(l.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| self.t("sub.sdks"));
        let line = self.linked_title(title, l.url.as_ref());
        self.para(root, &line);
        let mut items = Vec::new();
        if let Some(v) = self.starts_text(l.starts.as_ref(), &decl) {
            items.push(self.field("f.starts", vec![text(v)]));
        }
        items.extend(self.unstated_li(l.unstated.as_ref(), &decl));
        if !items.is_empty() {
            self.list(root, items);
        }
    }

    pub(super) fn recipient_row(&mut self, r: &'m Recipient, anchor: bool) -> Vec<Vec<Inl>> {
        let decl = format!("recipient `{}`", r.id);
        let mut name = Vec::new();
        if anchor {
            name.push(Inl::Anchor(self.id(&format!("recipient-{}", r.id))));
        }
        name.push(text(
            self.recipient_name(r) + &self.status_tag(r.status.as_ref()),
        ));
        if let Some(c) = &r.country {
            let c = self.country(&c.value);
            name.push(text(self.fill("format.paren", &[("x", &c)])));
        }
        if !r.members.is_empty() {
            let mut m = self.tx_join(&r.members, &decl, "member", &self.sep());
            if let Some(open) = r.members_open.as_ref().filter(|f| f.value) {
                let o = match &open.text {
                    Some(t) => self.tx(t, &decl, "members-open"),
                    None => self.t("recipient.members-open"),
                };
                m = format!("{o}{m}");
            }
            name.push(text(self.fill("recipient.members", &[("m", &m)])));
        }
        let role = r
            .role
            .as_ref()
            .map(|x| self.label("role", x.value))
            .unwrap_or_default();
        // The purpose cell: the policy's purposes, then the service the
        // recipient performs (`service debt-collection`), which the annex's
        // tables by role also show.
        let mut purpose = self.tx_join(&r.purposes, &decl, "purpose", &self.t("punct.clause"));
        if !r.services.is_empty() {
            let s = self.labels("service", &r.services);
            if !purpose.is_empty() {
                purpose.push_str(&self.t("punct.clause"));
            }
            purpose.push_str(&self.fill("recipient.service", &[("s", &s)]));
        }
        let data = self.data_set_etc(&r.data, r.data_etc);
        // The method cell: the method, then each clause about how the data
        // goes, joined as the SDK row joins them.
        let mut method: Vec<String> = Vec::new();
        method.extend(
            self.tx_opt(r.method.as_ref(), &decl, "method")
                .filter(|m| !m.is_empty()),
        );
        if let Some(c) = &r.consent {
            method.push(self.consent_label(c.value, r.consent_wording.as_ref(), &decl));
        }
        method.extend(self.own_consent_clause(r.own_consent.as_ref(), &decl));
        let own_contract = r
            .contract
            .as_ref()
            .filter(|_| !r.inherited.contains(&"contract"));
        method.extend(self.contract_clause(own_contract, &decl));
        if let Some(n) = &r.notice_before {
            method.push(format!(
                "{}{}{}",
                self.t("recipient.notice-before"),
                self.t("punct.colon"),
                self.tx(n, &decl, "notice-before")
            ));
        }
        method.extend(self.form_clause(r.form.as_ref(), &decl));
        if let Some(u) = self.unstated_text(r.unstated.as_ref(), &decl) {
            method.push(format!(
                "{}{}{u}",
                self.t("f.unstated"),
                self.t("punct.colon")
            ));
        }
        method.extend(self.directed_by_text(r.directed_by.as_ref(), &decl));
        // A refusal effect inherited from `defaults recipient` is shown there, once.
        let own_refusal = r
            .refusal
            .as_ref()
            .filter(|_| !r.inherited.contains(&"if-refused"));
        method.extend(self.refusal_clause(own_refusal, &decl));
        let method = method.join(&self.t("punct.clause"));
        let contact = self.channels(&r.contacts, &decl, "contact");
        let privacy = self.privacy_link(r.privacy_url.as_ref(), &decl);
        let mut data = data;
        for extra in [
            self.labelled_collects_inl("f.returns", &r.returns, &decl),
            self.labelled_collects_inl("f.self-collects", &r.self_collects, &decl),
        ] {
            if extra.is_empty() {
                continue;
            }
            if !data.is_empty() {
                data.push(text(self.t("punct.clause")));
            }
            data.extend(extra);
        }
        vec![
            name,
            vec![text(role)],
            vec![text(purpose)],
            data,
            vec![text(method)],
            contact,
            privacy,
        ]
    }

    pub(super) fn sdk_row(&mut self, s: &'m Sdk, anchor: bool) -> Vec<Vec<Inl>> {
        let decl = format!("sdk `{}`", s.id);
        let mut name = Vec::new();
        if anchor {
            name.push(Inl::Anchor(self.id(&format!("sdk-{}", s.id))));
        }
        // "（接口（API））" after the name when the text says what else it is.
        let kind = match &s.kind {
            Some(k) if k.value != crate::model::words::SdkKind::Sdk => {
                let label = self.label("sdk-kind", k.value);
                self.fill("format.paren", &[("x", &label)])
            }
            _ => String::new(),
        };
        name.push(text(
            self.sdk_title(s)
                + &kind
                + &self.scope_tag(&s.scope)
                + &self.status_tag(s.status.as_ref()),
        ));
        let mut provider = Vec::new();
        if let Some(p) = &s.provider {
            provider.push(text(self.tx(p, &decl, "provider")));
        }
        if !s.contacts.is_empty() {
            if !provider.is_empty() {
                provider.push(text(self.t("punct.clause")));
            }
            provider.append(&mut self.channels(&s.contacts, &decl, "contact"));
        }
        let mut purpose = Vec::new();
        if let Some(f) = &s.feature {
            purpose.push(self.tx(f, &decl, "feature"));
        }
        for p in &s.purposes {
            purpose.push(self.tx(p, &decl, "purpose"));
        }
        let purpose = purpose.join(&self.t("punct.clause"));
        let data = self.collects(&s.collects, &decl);
        let sep = self.sep();
        let data = self.join(data, &sep);
        let perms = self.refs(
            &s.permissions,
            |b, id| b.permissions.get(id).copied(),
            |b, p| b.permission_title(p),
            "permission",
        );
        let mut method = Vec::new();
        if let Some(mth) = &s.method {
            method.push(self.label("sdk-method", mth.kind));
            if let Some(t) = &mth.text {
                method.push(self.tx(t, &decl, "collection"));
            }
        }
        if let Some(d) = &s.deidentified {
            let key = if d.value {
                "sdk.deidentified"
            } else {
                "sdk.not-deidentified"
            };
            method.push(self.t(key));
            if let Some(t) = &d.text {
                method.push(self.tx(t, &decl, "deidentified"));
            }
        }
        if let Some(e) = s.example.as_ref().filter(|e| e.value) {
            method.push(self.t("sdk.example"));
            if let Some(t) = &e.text {
                method.push(self.tx(t, &decl, "example"));
            }
        }
        method.extend(self.starts_text(s.starts.as_ref(), &decl));
        method.extend(self.directed_by_text(s.directed_by.as_ref(), &decl));
        method.extend(self.form_clause(s.form.as_ref(), &decl));
        method.extend(self.refusal_clause(s.refusal.as_ref(), &decl));
        if let Some(u) = self.unstated_text(s.unstated.as_ref(), &decl) {
            method.push(format!(
                "{}{}{u}",
                self.t("f.unstated"),
                self.t("punct.colon")
            ));
        }
        let method = method.join(&self.t("punct.clause"));
        let privacy = self.privacy_link(s.privacy_url.as_ref(), &decl);
        vec![
            name,
            provider,
            vec![text(purpose)],
            data,
            perms,
            vec![text(method)],
            privacy,
        ]
    }
}
