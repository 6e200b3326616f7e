//! The summary: one screen on a phone, each line a link to its detail.
//! Who we are, what we collect (by category), who receives it (by role),
//! how long it is kept, how to close the account, how to reach us. Counts
//! and names only; the policy's words are in the chapters.

use comrak::nodes::NodeValue;
use comrak::Node;

use super::tree::{text, Inl, Li};
use super::{Builder, Chapter, Target};
use crate::model::words::{Channel, RightKind, Role};
use crate::model::ChannelRef;
use crate::model::Retention;

impl<'a, 'm> Builder<'a, 'm> {
    /// The summary's heading: "概要", unless the policy's own summary layer
    /// (douban's 概要) has that title in the page's language, when two
    /// headings of the page would read the same: then "本页概要".
    fn summary_title(&self) -> String {
        let title = self.t("summary.title");
        let lang = self.lang.code();
        let clash = self.m.documents.iter().any(|d| {
            d.is(crate::model::words::DocumentRelation::Summary)
                && d.title
                    .as_ref()
                    .map(|t| t.get(lang).unwrap_or(&t.text))
                    .is_some_and(|t| t.trim() == title)
        });
        if clash {
            self.t("summary.title-of-page")
        } else {
            title
        }
    }

    pub(super) fn summary(&mut self, root: Node<'a>, _chapters: &[Chapter<'m>]) {
        let m = self.m;
        let html = self.target == Target::Html;
        if html {
            self.append(
                root,
                NodeValue::Raw(
                    "<section class=\"summary\" aria-labelledby=\"summary\">\n".to_owned(),
                ),
            );
        }
        let id = self.id("summary");
        let title = self.summary_title();
        self.heading(root, 2, &[text(title)], &id);
        let not_stated = self.t("common.not-stated");
        let mut items = Vec::new();

        // Who we are.
        let who = m
            .processor
            .as_ref()
            .and_then(|p| p.name.as_ref())
            .map(|n| self.tx(n, "processor", "name"))
            .unwrap_or_else(|| not_stated.clone());
        let who = self.as_written(who);
        let who = match self.target {
            Target::Html => Inl::Link("#contact".to_owned(), vec![who]),
            Target::Markdown => who,
        };
        items.push(self.summary_line("summary.who", vec![who]));

        // What we collect, by category.
        let (classes, total, sensitive) = self.collected_classes();
        let what = if total == 0 {
            vec![text(not_stated.clone())]
        } else {
            let mut v = vec![self.local_link(
                "annex-collection",
                self.fill(
                    "summary.what",
                    &[("n", &total.to_string()), ("k", &classes.len().to_string())],
                ),
            )];
            v.push(text(self.t("punct.colon")));
            // At most eight categories here; all of them are in the annex.
            const SHOWN: usize = 8;
            let shown: Vec<String> = classes.iter().take(SHOWN).cloned().collect();
            v.push(text(shown.join(&self.sep())));
            if classes.len() > SHOWN {
                v.push(text(
                    self.count("summary.more-classes", classes.len() - SHOWN),
                ));
            }
            if sensitive > 0 {
                v.push(text(self.t("punct.clause")));
                v.push(text(
                    self.fill("summary.sensitive", &[("n", &sensitive.to_string())]),
                ));
                v.push(self.mark());
            }
            v
        };
        items.push(self.summary_line("summary.what-label", what));

        // Who receives it, by role.
        let roles = self.recipient_roles();
        let rec = if roles.is_empty() {
            vec![text(self.t("keyfacts.no-recipients"))]
        } else {
            let parts: Vec<String> = roles
                .iter()
                .map(|(label, n)| {
                    self.fill(
                        "summary.role-count",
                        &[("role", label), ("n", &n.to_string())],
                    )
                })
                .collect();
            vec![self.local_link("annex-sharing", parts.join(&self.sep()))]
        };
        items.push(self.summary_line("summary.recipients", rec));

        // How long: the general rule (the one whose id says `general`, else
        // the first that is not about ceasing operations: a shutdown is no
        // retention period), its period or criteria and what happens after,
        // and how many more.
        let shutdown = |r: &Retention| r.id.contains("shutdown");
        let general = m
            .retention
            .iter()
            .find(|r| r.id.contains("general"))
            .or_else(|| m.retention.iter().find(|r| !shutdown(r)));
        let keep = match general {
            Some(r) => {
                let decl = format!("retention `{}`", r.id);
                let mut period = self.retention_period(r);
                if period.is_empty() && !r.determined_by.is_empty() {
                    period = self.t("summary.retention-criteria");
                }
                let mut label = match &r.title {
                    Some(t) => self.tx(t, &decl, "title"),
                    None => self.t("sub.retention"),
                };
                if !period.is_empty() {
                    label = format!("{label}{}{period}", self.t("punct.colon"));
                }
                if let Some(e) = &r.expiry {
                    let x = self.label("expiry", e.kind);
                    let x = self.fill("summary.retention-expiry", &[("x", &x.to_lowercase())]);
                    label = format!("{label}{}{x}", self.t("punct.clause"));
                }
                let mut v = vec![self.local_link(&format!("retention-{}", r.id), label)];
                let more = m.retention.len() - 1;
                if let Some(next) = m.retention.iter().find(|x| x.id != r.id) {
                    v.push(text(self.t("punct.clause")));
                    v.push(self.local_link(
                        &format!("retention-{}", next.id),
                        self.count("summary.retention-more", more),
                    ));
                }
                v
            }
            None => match m.retention.first() {
                Some(r) => vec![
                    text(self.t("summary.retention-general-none")),
                    text(self.t("punct.clause")),
                    self.local_link(
                        &format!("retention-{}", r.id),
                        self.count("summary.retention-more", m.retention.len()),
                    ),
                ],
                None => vec![text(not_stated.clone())],
            },
        };
        items.push(self.summary_line("summary.retention", keep));

        // How to close the account (else delete).
        let close = m
            .rights
            .iter()
            .find(|r| r.covers.iter().any(|k| k.value == RightKind::CloseAccount))
            .or_else(|| {
                m.rights
                    .iter()
                    .find(|r| r.covers.iter().any(|k| k.value == RightKind::Delete))
            });
        let del = match close {
            Some(r) => {
                let title = match &r.title {
                    Some(t) => self.tx(t, &format!("right `{}`", r.id), "title"),
                    None => self.label("right", "close-account"),
                };
                vec![self.local_link(&format!("right-{}", r.id), title)]
            }
            None => vec![text(not_stated.clone())],
        };
        items.push(self.summary_line("summary.delete", del));

        // How to reach us.
        // On the HTML page, which links to all of them, at most two: the
        // phone numbers and mailboxes first (one tap on a phone), so that
        // the line stays short (baidumap's post, online platform, app path
        // and mailbox took seven lines of the summary).
        let few = |cs: &'m [ChannelRef]| -> Vec<ChannelRef> {
            if !html || cs.len() <= 2 {
                return cs.to_vec();
            }
            let quick = |c: &&ChannelRef| matches!(c.kind, Channel::Phone | Channel::Email);
            let mut out: Vec<ChannelRef> = cs.iter().filter(quick).take(2).cloned().collect();
            if out.is_empty() {
                out = cs.iter().take(2).cloned().collect();
            }
            out
        };
        let mut contact = Vec::new();
        if let Some(o) = &m.officer {
            let cs = few(&o.contacts);
            contact.append(&mut self.channels(&cs, "officer", "contact"));
        }
        if contact.is_empty() {
            if let Some(p) = &m.processor {
                let cs = few(&p.contacts);
                contact.append(&mut self.channels(&cs, "processor", "contact"));
            }
        }
        if contact.is_empty() {
            contact.push(text(not_stated));
        } else if html {
            contact.push(text(" "));
            contact.push(self.local_link("contact", self.t("summary.more")));
        }
        items.push(self.summary_line("summary.contact", contact));

        self.list(root, items);
        let mut legend = vec![self.mark(), text(" ")];
        legend.push(text(self.t("legend.sensitive")));
        if html {
            self.append(root, NodeValue::Raw("<div class=\"legend\">\n".to_owned()));
        }
        self.para(root, &legend);
        if html {
            self.append(root, NodeValue::Raw("</div>\n</section>\n".to_owned()));
        }
    }

    fn summary_line(&self, key: &str, value: Vec<Inl>) -> Li {
        self.field(key, value)
    }

    /// The sensitive-information sign, as its own element (HTML) so that it
    /// is not the bold the policy uses for other things.
    pub(super) fn mark(&self) -> Inl {
        Inl::Mark(self.t("mark.sensitive"), self.t("mark.sensitive-title"))
    }

    /// The categories of what is collected (functions, permissions, SDKs),
    /// each with its count, in order of first appearance; the number of
    /// items and of sensitive items.
    fn collected_classes(&mut self) -> (Vec<String>, usize, usize) {
        let m = self.m;
        // In order of first appearance; the set answers "seen?" (a large
        // policy has thousands of categories).
        let mut seen: Vec<&'m str> = Vec::new();
        let mut known: std::collections::HashSet<&'m str> = std::collections::HashSet::new();
        let collects = m
            .functions
            .iter()
            .flat_map(|f| f.collects.iter())
            .chain(m.permissions.iter().flat_map(|p| p.collects.iter()))
            .chain(m.sdks.iter().flat_map(|s| s.collects.iter()));
        for c in collects {
            if known.insert(c.data.id.as_str()) {
                seen.push(c.data.id.as_str());
            }
        }
        let mut classes: Vec<(String, usize)> = Vec::new();
        let mut sensitive = 0;
        for id in &seen {
            let Some(d) = self.data.get(id).copied() else {
                continue;
            };
            if d.sensitive {
                sensitive += 1;
            }
            let name = self
                .tax
                .class(&d.taxonomy.class)
                .map(|c| match self.lang {
                    super::Lang::Zh => c.zh.clone(),
                    super::Lang::En => c.en.clone(),
                })
                .unwrap_or_else(|| d.taxonomy.class.clone());
            match classes.iter_mut().find(|(n, _)| *n == name) {
                Some((_, k)) => *k += 1,
                None => classes.push((name, 1)),
            }
        }
        let list = classes
            .into_iter()
            .map(|(n, k)| format!("{n} {k}"))
            .collect();
        (list, seen.len(), sensitive)
    }

    /// The recipients by role, in a fixed order, with their counts.
    pub(super) fn recipient_roles(&mut self) -> Vec<(String, usize)> {
        let m = self.m;
        let mut out = Vec::new();
        for role in [
            Some(Role::Entrusted),
            Some(Role::Joint),
            Some(Role::Independent),
            Some(Role::Authority),
            None,
        ] {
            let n = m
                .recipients
                .iter()
                .filter(|r| r.role.as_ref().map(|x| x.value) == role)
                .count();
            if n > 0 {
                let label = match role {
                    Some(r) => self.label("role", r),
                    None => self.t("annex.role-unstated"),
                };
                out.push((label, n));
            }
        }
        if !m.sdks.is_empty() {
            out.push((self.t("annex.kind-sdk"), m.sdks.len()));
        }
        if !m.transfers.is_empty() {
            out.push((self.t("annex.kind-transfer"), m.transfers.len()));
        }
        out
    }
}
