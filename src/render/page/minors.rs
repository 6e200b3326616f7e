//! Chapter: minors.

use comrak::Node;

use super::tree::text;
use super::Builder;

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn minors_block(&mut self, root: Node<'a>) {
        let Some(mn) = &self.m.minors else { return };
        self.prose(root, &mn.text, "minors");
        let mut items = Vec::new();
        if let Some(a) = &mn.min_age {
            let v = self.fill("minors.age", &[("n", &a.value.to_string())]);
            items.push(self.field("minors.min-age", vec![text(v)]));
        }
        if let Some(u) = &mn.under_14_rules {
            items.push(self.field(
                "minors.under-14",
                vec![text(self.label("under-14", u.value))],
            ));
        }
        items.extend(self.flag_li(
            "minors.guardian",
            mn.guardian_consent.as_ref(),
            "minors",
            "guardian-consent",
        ));
        if let Some(a) = &mn.child_age {
            let v = self.fill("minors.up-to", &[("n", &a.value.to_string())]);
            items.push(self.field("minors.child-age", vec![text(v)]));
        }
        items.extend(self.flag_li(
            "minors.joint-consent",
            mn.joint_consent.as_ref(),
            "minors",
            "joint-consent",
        ));
        items.extend(self.flag_li(
            "minors.either-consent",
            mn.either_consent.as_ref(),
            "minors",
            "either-consent",
        ));
        if let Some(g) = &mn.guardian_check {
            let mut v = self.label("guardian-check", g.kind);
            if let Some(t) = &g.text {
                v.push_str(&self.t("punct.clause"));
                v.push_str(&self.tx(t, "minors", "guardian-check"));
            }
            items.push(self.field("minors.guardian-check", vec![text(v)]));
        }
        items.extend(self.flag_li(
            "minors.guardian-exception",
            mn.guardian_exception.as_ref(),
            "minors",
            "guardian-exception",
        ));
        items.extend(self.flag_li(
            "minors.child-officer",
            mn.child_officer.as_ref(),
            "minors",
            "child-officer",
        ));
        items.extend(self.refusal_li("f.refusal", mn.refusal.as_ref(), "minors"));
        if let Some(a) = &mn.audience {
            let v = self.word_stmt_text("audience", a, "minors", "audience");
            items.push(self.field("minors.audience", vec![text(v)]));
        }
        if !mn.guardian_channels.is_empty() {
            let v = self.channels(&mn.guardian_channels, "minors", "guardian-channel");
            items.push(self.field("minors.guardian-channel", v));
        }
        // The children's rules' own update clause.
        if !mn.notices.is_empty() {
            let v = self.channels(&mn.notices, "minors", "notice");
            items.push(self.field("minors.update-notice", v));
        }
        items.extend(self.flag_li(
            "minors.deemed",
            mn.deemed_acceptance.as_ref(),
            "minors",
            "deemed-acceptance",
        ));
        items.extend(self.flag_li(
            "minors.reconsent",
            mn.reconsent_on_material.as_ref(),
            "minors",
            "reconsent-on-material",
        ));
        self.list(root, items);
    }
}
