//! Chapter: the user's rights.

use comrak::Node;

use super::tree::{text, Li};
use super::{Block, Builder};
use crate::model::words::RightKind;
use crate::model::*;

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn right_block(&mut self, root: Node<'a>, part: &Block<'m>) {
        let _ = self.m;
        if let Block::Right(r) = part {
            let r = *r;
            let decl = format!("right `{}`", r.id);
            let covers = |b: &Self, kinds: &[Spanned<RightKind>]| {
                kinds
                    .iter()
                    .map(|k| b.label("right", k.value))
                    .collect::<Vec<_>>()
                    .join(&b.sep())
            };
            let title = match &r.title {
                Some(t) => self.tx(t, &decl, "title"),
                None if !r.covers.is_empty() => covers(self, &r.covers),
                None => self.t("chapter.rights"),
            };
            let id = self.id(&format!("right-{}", r.id));
            self.heading(root, 3, &[text(title)], &id);
            self.prose(root, &r.text, &decl);
            let mut items = Vec::new();
            if !r.covers.is_empty() {
                items.push(self.field("right.covers", vec![text(covers(self, &r.covers))]));
            }
            // What the right inherits from `defaults right` is shown there, once.
            let own = |field: &str| !r.inherited.contains(&field);
            if !r.channels.is_empty() && own("channel") {
                let v = self.channels(&r.channels, &decl, "channel");
                items.push(self.field("right.channels", v));
            }
            if !r.paths.is_empty() {
                let v = self.tx_join(&r.paths, &decl, "path", &self.t("punct.clause"));
                items.push(self.field("right.paths", vec![text(v)]));
            }
            if !r.data.is_empty() {
                let v = self.data_set_etc(&r.data, r.data_etc);
                items.push(self.field("right.data", v));
            }
            // Its own conditions (those of `defaults right` are shown there).
            let conditions: Vec<Text> = r
                .conditions
                .iter()
                .filter(|c| c.span.start >= r.span.start && c.span.end <= r.span.end)
                .cloned()
                .collect();
            items.extend(self.request_terms(
                &decl,
                r.response.as_ref().filter(|_| own("response")),
                r.response_from.as_ref().filter(|_| own("response-from")),
                &conditions,
                r.fee.as_ref().filter(|_| own("fee")),
            ));
            if !r.scope.is_empty() {
                items.push(self.field("f.scope", vec![text(self.platforms(&r.scope))]));
            }
            if let Some(h) = &r.holder {
                let mut v = self.subjects(h);
                if let Some(t) = &h.text {
                    v.push_str(&self.t("punct.clause"));
                    v.push_str(&self.tx(t, &decl, "holder"));
                }
                items.push(self.field("right.holder", vec![text(v)]));
            }
            items.extend(self.effect_li(
                "f.withdrawal",
                r.withdrawal.as_ref(),
                &decl,
                "if-withdrawn",
            ));
            items.extend(self.unstated_li(r.unstated.as_ref(), &decl));
            if let Some(p) = &r.refers_to {
                let v = self.word_stmt_text("right-pointer", p, &decl, "refers-to");
                items.push(self.field("right.refers-to", vec![text(v)]));
            }
            if let Some(rm) = &r.remedy {
                let v = self.tx(rm, &decl, "remedy");
                items.push(self.field("right.remedy", vec![text(v)]));
            }
            self.list(root, items);
        }
    }

    /// A word of a small vocabulary (`refers-to contact`, `audience adults`,
    /// `excludes advertisers`): its label, and the policy's wording.
    pub(super) fn word_stmt_text<W: crate::model::Node + serde::Serialize + std::fmt::Display>(
        &mut self,
        vocab: &str,
        w: &crate::model::WordStmt<W>,
        decl: &str,
        field: &'static str,
    ) -> String {
        let mut v = self.label(vocab, &w.word);
        if let Some(t) = &w.text {
            v.push_str(&self.t("punct.clause"));
            v.push_str(&self.tx(t, decl, field));
        }
        v
    }

    /// `defaults right` or `defaults recipient`: the facts stated once for
    /// every right or recipient.
    pub(super) fn defaults_block(&mut self, root: Node<'a>, d: &'m Defaults) {
        let decl = format!("defaults `{}`", d.target.value.word());
        let mut items = Vec::new();
        if !d.channels.is_empty() {
            let v = self.channels(&d.channels, &decl, "channel");
            items.push(self.field("right.channels", v));
        }
        items.extend(self.request_terms(
            &decl,
            d.response.as_ref(),
            d.response_from.as_ref(),
            &d.conditions,
            d.fee.as_ref(),
        ));
        if !d.rights.is_empty() {
            let v = self.refs(
                &d.rights,
                |b, id| b.m.rights.iter().find(|r| r.id == id),
                |b, r| match &r.title {
                    Some(t) => b.tx(t, &format!("right `{}`", r.id), "title"),
                    None => r.id.clone(),
                },
                "right",
            );
            items.push(self.field("defaults.rights", v));
        }
        items.extend(self.flag_li("defaults.contract", d.contract.as_ref(), &decl, "contract"));
        items.extend(self.refusal_li("defaults.refusal", d.refusal.as_ref(), &decl));
        if !d.applies_to.is_empty() {
            let v = self.refs(
                &d.applies_to,
                |b, id| b.recipients.get(id).copied(),
                |b, r| b.recipient_name(r),
                "recipient",
            );
            items.push(self.field("defaults.recipients", v));
        }
        self.list(root, items);
    }

    /// How requests are answered: response time, its start, conditions, fee.
    fn request_terms(
        &mut self,
        decl: &str,
        response: Option<&Spanned<Duration>>,
        response_from: Option<&Text>,
        conditions: &[Text],
        fee: Option<&Text>,
    ) -> Vec<Li> {
        let mut items = Vec::new();
        if let Some(resp) = response {
            let v = self.fill("format.response", &[("d", &self.duration(resp.value))]);
            items.push(self.field("right.response", vec![text(v)]));
        }
        if let Some(rf) = response_from {
            let v = self.tx(rf, decl, "response-from");
            items.push(self.field("right.response-from", vec![text(v)]));
        }
        if !conditions.is_empty() {
            let v = self.tx_join(conditions, decl, "condition", &self.t("punct.clause"));
            items.push(self.field("right.conditions", vec![text(v)]));
        }
        if let Some(fee) = fee {
            let v = self.tx(fee, decl, "fee");
            items.push(self.field("right.fee", vec![text(v)]));
        }
        items
    }
}
