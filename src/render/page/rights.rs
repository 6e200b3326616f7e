//! Chapter: the user's rights.

use comrak::Node;

use super::tree::text;
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
            if !r.channels.is_empty() {
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
            if let Some(resp) = &r.response {
                let v = self.fill("format.response", &[("d", &self.duration(resp.value))]);
                items.push(self.field("right.response", vec![text(v)]));
            }
            if let Some(rf) = &r.response_from {
                let v = self.tx(rf, &decl, "response-from");
                items.push(self.field("right.response-from", vec![text(v)]));
            }
            if !r.conditions.is_empty() {
                let v = self.tx_join(&r.conditions, &decl, "condition", &self.t("punct.clause"));
                items.push(self.field("right.conditions", vec![text(v)]));
            }
            if let Some(fee) = &r.fee {
                let v = self.tx(fee, &decl, "fee");
                items.push(self.field("right.fee", vec![text(v)]));
            }
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
            items.extend(self.unstated_li(r.unstated.as_ref(), &decl));
            self.list(root, items);
        }
    }
}
