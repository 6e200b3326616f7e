//! Chapter: collection and use — functions, permissions, automated
//! decisions, marketing and consent exceptions.

use comrak::Node;

use super::tree::{text, Inl, Li};
use super::{strip_number, Builder};
use crate::model::*;

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn marketing_block(&mut self, root: Node<'a>, mk: &'m Marketing) {
        {
            let id = self.id("marketing");
            self.heading(root, 3, &[text(self.t("sub.marketing"))], &id);
            self.prose(root, &mk.text, "marketing");
            let mut items = Vec::new();
            items.extend(self.flag_li(
                "marketing.personalised",
                mk.personalised.as_ref(),
                "marketing",
                "personalised",
            ));
            items.extend(self.flag_li(
                "marketing.non-personalised",
                mk.non_personalised_option.as_ref(),
                "marketing",
                "non-personalised-option",
            ));
            if !mk.via.is_empty() {
                let via = self.labels("channel", &mk.via);
                items.push(self.field("marketing.via", vec![text(via)]));
            }
            if !mk.opt_outs.is_empty() {
                let o = self.channels(&mk.opt_outs, "marketing", "opt-out");
                items.push(self.field("marketing.opt-out", o));
            }
            items.extend(self.flag_li(
                "marketing.tag-deletion",
                mk.tag_deletion.as_ref(),
                "marketing",
                "tag-deletion",
            ));
            self.list(root, items);
        }
    }

    pub(super) fn recommendation_block(&mut self, root: Node<'a>, r: &'m Recommendation) {
        let decl = format!("recommendation `{}`", r.id);
        let title = self
            .tx_opt(r.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| self.t("sub.recommendation"));
        let title = title + &self.scope_tag(&r.scope);
        let id = self.id(&format!("recommendation-{}", r.id));
        self.heading(root, 3, &[text(title)], &id);
        self.prose(root, &r.text, &decl);
        let mut items = Vec::new();
        if let Some(k) = &r.kind {
            let v = self.label("recommendation-kind", k.value);
            items.push(self.field("recommendation.kind", vec![text(v)]));
        }
        items.extend(self.status_li(r.status.as_ref(), &decl));
        items.extend(self.flag_li(
            "marketing.personalised",
            r.personalised.as_ref(),
            &decl,
            "personalised",
        ));
        items.extend(self.flag_li(
            "marketing.non-personalised",
            r.non_personalised_option.as_ref(),
            &decl,
            "non-personalised-option",
        ));
        if !r.based_on.is_empty() {
            let v = self.data_set(&r.based_on);
            items.push(self.field("recommendation.based-on", v));
        }
        if !r.opt_outs.is_empty() {
            let o = self.channels(&r.opt_outs, &decl, "opt-out");
            items.push(self.field("marketing.opt-out", o));
        }
        if !r.opt_ins.is_empty() {
            let o = self.channels(&r.opt_ins, &decl, "opt-in");
            items.push(self.field("recommendation.opt-in", o));
        }
        if let Some(rf) = &r.refusal {
            let mut v = self.label("refusal", rf.effect);
            if let Some(t) = &rf.text {
                v.push_str(&self.t("punct.clause"));
                v.push_str(&self.tx(t, &decl, "if-refused"));
            }
            items.push(self.field("recommendation.if-refused", vec![text(v)]));
        }
        self.list(root, items);
    }

    /// One cookie's fields: kind, party, purposes, period, how to refuse.
    pub(super) fn cookie_facts(&mut self, root: Node<'a>, c: &'m Cookie) {
        let decl = format!("cookie `{}`", c.id);
        let mut items = Vec::new();
        if let Some(k) = &c.kind {
            let k = self.label("cookie-kind", k.value);
            items.push(self.field("col.cookie", vec![text(k)]));
        }
        let mut party = c
            .party
            .as_ref()
            .map(|p| self.label("cookie-party", p.value))
            .unwrap_or_default();
        if let Some(p) = &c.provider {
            if !party.is_empty() {
                party.push_str(&self.t("punct.clause"));
            }
            party.push_str(&self.tx(p, &decl, "provider"));
        }
        if !party.is_empty() {
            items.push(self.field("col.party", vec![text(party)]));
        }
        if !c.purposes.is_empty() {
            let purpose = self.tx_join(&c.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("col.purpose", vec![text(purpose)]));
        }
        let mut period = Vec::new();
        if let Some(d) = &c.at_least {
            period.push(self.fill("retention.at-least", &[("d", &self.duration(d.value))]));
        }
        if let Some(d) = &c.at_most {
            period.push(self.fill("retention.at-most", &[("d", &self.duration(d.value))]));
        }
        if let Some(u) = &c.until {
            let e = self.tx(u, &decl, "until");
            period.push(self.fill("retention.until", &[("event", &e)]));
        }
        if let Some(i) = &c.indefinite {
            period.push(match &i.value {
                Some(t) => self.tx(t, &decl, "indefinite"),
                None => self.t("retention.indefinite"),
            });
        }
        if !period.is_empty() {
            let v = period.join(&self.t("punct.clause"));
            items.push(self.field("col.period", vec![text(v)]));
        }
        if !c.opt_outs.is_empty() {
            let refuse = self.channels(&c.opt_outs, &decl, "opt-out");
            items.push(self.field("col.opt-out", refuse));
        }
        self.list(root, items);
    }

    pub(super) fn exceptions_block(&mut self, root: Node<'a>, ex: &'m Exceptions) {
        let decl = match &ex.id {
            Some(i) => format!("exceptions `{i}`"),
            None => "exceptions".to_owned(),
        };
        let id = match &ex.id {
            Some(i) => self.id(&format!("exceptions-{i}")),
            None => self.id("exceptions"),
        };
        let title = self
            .tx_opt(ex.title.as_ref(), &decl, "title")
            .map(|t| strip_number(&t).to_owned())
            .unwrap_or_else(|| self.t("sub.exceptions"));
        self.heading(root, 3, &[text(title)], &id);
        self.prose(root, &ex.text, &decl);
        if !ex.scope.is_empty() {
            let acts = self.labels("exempted-act", &ex.scope);
            let li = self.field("exceptions.scope", vec![text(acts)]);
            self.list(root, vec![li]);
        }
        let items = ex
            .items
            .iter()
            .map(|e| {
                let line = vec![text(self.tx(&e.text, &decl, "exception"))];
                self.exception_li(line, e, &decl)
            })
            .collect();
        self.list(root, items);
    }

    /// One ground of an exceptions list (or a handover's case): its line,
    /// and the condition the ground imposes, if the text gives one.
    pub(super) fn exception_li(&mut self, line: Vec<Inl>, e: &'m Exception, decl: &str) -> Li {
        let mut li = Li::new(line);
        if let Some(c) = &e.condition {
            let colon = self.t("punct.colon");
            let c = self.tx(c, decl, "condition");
            li.sub.push(vec![text(format!(
                "{}{colon}{c}",
                self.t("exceptions.condition")
            ))]);
        }
        li
    }

    pub(super) fn function(&mut self, root: Node<'a>, f: &'m Function, level: u8) {
        let decl = format!("function `{}`", f.id);
        let title = self.function_title(f);
        let id = self.id(&format!("function-{}-facts", f.id));
        self.heading(root, level, &[text(title)], &id);
        self.prose(root, &f.text, &decl);

        let mut items = Vec::new();
        if let Some(k) = &f.kind {
            items.push(self.field("f.kind", vec![text(self.label("function-kind", k.value))]));
        }
        if !f.scope.is_empty() {
            items.push(self.field("f.scope", vec![text(self.platforms(&f.scope))]));
        }
        if let Some(s) = &f.subject {
            let mut v = self.subjects(s);
            if let Some(t) = &s.text {
                v.push_str(&self.t("punct.clause"));
                v.push_str(&self.tx(t, &decl, "subject"));
            }
            items.push(self.field("f.subject", vec![text(v)]));
        }
        items.extend(self.status_li(f.status.as_ref(), &decl));
        if !f.purposes.is_empty() {
            let p = self.tx_join(&f.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("f.purposes", vec![text(p)]));
        }
        if !f.purpose_bases.is_empty() {
            let mut li = self.field("f.purpose-basis", Vec::new());
            let colon = self.t("punct.colon");
            for pb in &f.purpose_bases {
                let p = self.tx(&pb.purpose, &decl, "purpose");
                li.sub
                    .push(vec![text(format!("{p}{colon}{}", self.bases(&pb.bases)))]);
            }
            items.push(li);
        }
        if !f.collects.is_empty() {
            let mut li = self.field("f.data", Vec::new());
            li.sub = self.collect_lines(&f.collects, &decl);
            items.push(li);
        }
        items.extend(self.sources_li(&f.sources, &decl));
        if !f.bases.is_empty() {
            items.push(self.field("f.basis", vec![text(self.bases(&f.bases))]));
        }
        if let Some(c) = &f.consent {
            let v = self.consent_label(c.value, f.consent_wording.as_ref(), &decl);
            items.push(self.field("f.consent", vec![text(v)]));
        }
        if let Some(r) = &f.refusal {
            // The policy's own wording where it has one, else the label.
            let v = match &r.text {
                Some(t) => self.tx(t, &decl, "if-refused"),
                None => self.label("refusal", r.effect),
            };
            items.push(self.field("f.refusal", vec![text(v)]));
        }
        items.extend(self.flag_li("f.background", f.background.as_ref(), &decl, "background"));
        if let Some(fr) = &f.frequency {
            let v = self.tx(fr, &decl, "frequency");
            items.push(self.field("f.frequency", vec![text(v)]));
        }
        if !f.permissions.is_empty() {
            let v = self.refs(
                &f.permissions,
                |b, id| b.permissions.get(id).copied(),
                |b, p| b.permission_title(p),
                "permission",
            );
            items.push(self.field("f.permissions", v));
        }
        if !f.sdks.is_empty() {
            let v = self.refs(
                &f.sdks,
                |b, id| b.sdks.get(id).copied(),
                |b, s| b.sdk_title(s),
                "sdk",
            );
            items.push(self.field("f.sdks", v));
        }
        if !f.recipients.is_empty() {
            let v = self.refs(
                &f.recipients,
                |b, id| b.recipients.get(id).copied(),
                |b, r| b.recipient_name(r),
                "recipient",
            );
            items.push(self.field("f.recipients", v));
        }
        if !f.decisions.is_empty() {
            let v = self.refs(
                &f.decisions,
                |b, id| b.decisions.get(id).copied(),
                |b, d| b.decision_title(d),
                "decision",
            );
            items.push(self.field("f.decisions", v));
        }
        // What it produces, with what its automated decisions produce (a
        // decision's own block is not always on the page).
        let mut produced: Vec<Ref> = f.produces.clone();
        for r in &f.decisions {
            let of_decision = self.decisions.get(r.id.as_str()).map(|d| &d.produces);
            for p in of_decision.into_iter().flatten() {
                if !produced.iter().any(|q| q.id == p.id) {
                    produced.push(p.clone());
                }
            }
        }
        items.extend(self.produces_li(&produced));
        items.extend(self.form_li(f.form.as_ref(), &decl));
        items.extend(self.flag_li("f.on-device", f.on_device.as_ref(), &decl, "on-device"));
        // Several methods (`method` given again); a single method is shown
        // in no list of the page today, so the line appears only for several.
        if let (Some(first), false) = (&f.method, f.method_also.is_empty()) {
            let all: Vec<Text> = std::iter::once(first.clone())
                .chain(f.method_also.iter().cloned())
                .collect();
            let v = self.tx_join(&all, &decl, "method", &self.t("punct.clause"));
            items.push(self.field("f.methods", vec![text(v)]));
        }
        items.extend(self.stored_at_li(f.stored_at.as_ref(), &decl));
        if !f.opt_outs.is_empty() {
            let o = self.channels(&f.opt_outs, &decl, "opt-out");
            items.push(self.field("f.opt-out", o));
        }
        items.extend(self.flag_li(
            "f.needs-account",
            f.needs_account.as_ref(),
            &decl,
            "needs-account",
        ));
        items.extend(self.others_consent_li(
            f.others_consent.as_ref(),
            &f.others_consent_also,
            &decl,
        ));
        if let Some(lm) = &f.learn_more {
            let v = self.tx(lm, &decl, "learn-more");
            items.push(self.field("f.learn-more", vec![text(v)]));
        }
        if let Some(w) = &f.way_of {
            let v = self.refs(
                std::slice::from_ref(w),
                |b, id| b.functions.get(id).copied(),
                |b, g| b.function_title(g),
                "function",
            );
            items.push(self.field("f.way-of", v));
        }
        // The functions that are ways of this one (`way-of` on them).
        let ways: Vec<Ref> = self
            .m
            .functions
            .iter()
            .filter(|g| g.way_of.as_ref().is_some_and(|w| w.id == f.id))
            .map(|g| Ref {
                id: g.id.clone(),
                span: g.head,
            })
            .collect();
        if !ways.is_empty() {
            let v = self.refs(
                &ways,
                |b, id| b.functions.get(id).copied(),
                |b, g| b.function_title(g),
                "function",
            );
            items.push(self.field("f.ways", v));
        }
        items.extend(self.unstated_li(f.unstated.as_ref(), &decl));
        self.list(root, items);
    }

    /// One permission's fields: system, purposes, functions, data, when.
    pub(super) fn permission_facts(&mut self, root: Node<'a>, p: &'m Permission) {
        let decl = format!("permission `{}`", p.id);
        let mut items = Vec::new();
        if !p.os.is_empty() {
            let os = self.labels("os", &p.os);
            items.push(self.field("col.os", vec![text(os)]));
        }
        if !p.purposes.is_empty() {
            let purpose = self.tx_join(&p.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("col.purpose", vec![text(purpose)]));
        }
        if let Some(c) = &p.consent {
            let v = self.consent_label(c.value, p.consent_wording.as_ref(), &decl);
            items.push(self.field("f.consent", vec![text(v)]));
        }
        if !p.functions.is_empty() {
            let funcs = self.refs(
                &p.functions,
                |b, id| b.functions.get(id).copied(),
                |b, f| b.function_title(f),
                "function",
            );
            items.push(self.field("col.functions", funcs));
        }
        if !p.collects.is_empty() {
            let data = self.collects(&p.collects, &decl);
            let sep = self.sep();
            let d = self.join(data, &sep);
            items.push(self.field("permissions.collects", d));
        }
        if let Some(w) = &p.when {
            let when = std::iter::once(w)
                .chain(&p.when_also)
                .map(|w| self.label("when", w.value))
                .collect::<Vec<_>>()
                .join(&self.sep());
            items.push(self.field("col.when", vec![text(when)]));
        }
        if let Some(g) = &p.grant {
            let mut v = self.label("grant", g.level);
            if let Some(t) = &g.text {
                v.push_str(&self.t("punct.clause"));
                v.push_str(&self.tx(t, &decl, "grant"));
            }
            items.push(self.field("permission.grant", vec![text(v)]));
        }
        for (key, flag, field) in [
            ("permission.asked", p.asked.as_ref(), "asked"),
            ("permission.revocable", p.revocable.as_ref(), "revocable"),
        ] {
            let Some(fl) = flag else { continue };
            let mut v = self.yes_no(fl.value);
            if let Some(t) = &fl.text {
                v.push_str(&self.t("punct.clause"));
                v.push_str(&self.tx(t, &decl, field));
            }
            items.push(self.field(key, vec![text(v)]));
        }
        for t in &p.paths {
            let v = self.tx(t, &decl, "path");
            items.push(self.field("permission.path", vec![text(v)]));
        }
        items.extend(self.refusal_li("permission.if-refused", p.refusal.as_ref(), &decl));
        if !p.scope.is_empty() {
            items.push(self.field("f.scope", vec![text(self.platforms(&p.scope))]));
        }
        self.list(root, items);
    }

    pub(super) fn decision(&mut self, root: Node<'a>, d: &'m AutomatedDecision) {
        let decl = format!("automated-decision `{}`", d.id);
        let title = self.decision_title(d);
        let id = self.id(&format!("decision-{}", d.id));
        self.heading(root, 3, &[text(title)], &id);
        self.prose(root, &d.text, &decl);
        let mut items = Vec::new();
        if !d.purposes.is_empty() {
            let p = self.tx_join(&d.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("f.purposes", vec![text(p)]));
        }
        items.extend(self.flag_li(
            "decision.significant",
            d.significant.as_ref(),
            &decl,
            "significant",
        ));
        if let Some(l) = &d.logic {
            let v = self.tx(l, &decl, "logic");
            items.push(self.field("decision.logic", vec![text(v)]));
        }
        if !d.explain.is_empty() {
            let v = self.channels(&d.explain, &decl, "explain");
            items.push(self.field("decision.explain", v));
        }
        if !d.refuse.is_empty() {
            let v = self.channels(&d.refuse, &decl, "refuse");
            items.push(self.field("decision.refuse", v));
        }
        items.extend(self.flag_li(
            "decision.human-review",
            d.human_review.as_ref(),
            &decl,
            "human-review",
        ));
        if !d.functions.is_empty() {
            let v = self.refs(
                &d.functions,
                |b, id| b.functions.get(id).copied(),
                |b, f| b.function_title(f),
                "function",
            );
            items.push(self.field("col.functions", v));
        }
        if !d.processing.is_empty() {
            let v = self.refs(
                &d.processing,
                |b, id| b.m.processing.iter().find(|p| p.id == id),
                |b, p| b.processing_title(p),
                "processing",
            );
            items.push(self.field("decision.processing", v));
        }
        items.extend(self.produces_li(&d.produces));
        items.extend(self.unstated_li(d.unstated.as_ref(), &decl));
        if let Some(rm) = &d.remedy {
            let v = self.tx(rm, &decl, "remedy");
            items.push(self.field("right.remedy", vec![text(v)]));
        }
        self.list(root, items);
    }
}
