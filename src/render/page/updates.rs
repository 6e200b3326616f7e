//! Chapter: updates of the policy.

use comrak::Node;

use super::tree::text;
use super::Builder;

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn updates_block(&mut self, root: Node<'a>) {
        let Some(u) = &self.m.updates else { return };
        self.prose(root, &u.text, "updates");
        let mut items = Vec::new();
        if !u.notices.is_empty() {
            let v = self.channels(&u.notices, "updates", "notice");
            items.push(self.field("updates.notice", v));
        }
        if !u.material.is_empty() {
            let mut li = self.field("updates.material", Vec::new());
            li.sub = u
                .material
                .iter()
                .map(|t| vec![text(self.tx(t, "updates", "material"))])
                .collect();
            items.push(li);
        }
        items.extend(self.flag_li(
            "updates.reconsent",
            u.reconsent_on_material.as_ref(),
            "updates",
            "reconsent-on-material",
        ));
        items.extend(self.flag_li(
            "updates.deemed",
            u.deemed_acceptance.as_ref(),
            "updates",
            "deemed-acceptance",
        ));
        if let Some(te) = &u.takes_effect {
            let mut v = self.label("takes-effect", te.word);
            if let Some(t) = &te.text {
                v.push_str(&self.t("punct.clause"));
                v.push_str(&self.tx(t, "updates", "takes-effect"));
            }
            items.push(self.field("updates.takes-effect", vec![text(v)]));
        }
        items.extend(self.flag_li("updates.archive", u.archive.as_ref(), "updates", "archive"));
        items.extend(self.refusal_li("updates.refusal", u.refusal.as_ref(), "updates"));
        self.list(root, items);
    }
}
