//! Declarations that stand outside the business functions: other documents
//! the policy refers to (`document`) and processing outside any function
//! (`processing`).

use comrak::Node;

use super::tree::{safe_url, text, Inl, Li};
use super::Builder;
use crate::model::*;

impl<'a, 'm> Builder<'a, 'm> {
    /// A referenced document: its title (linked when it has a URL), then
    /// how it stands to the policy, its date, and what refers to it.
    pub(super) fn document_line(&mut self, root: Node<'a>, d: &'m Document) {
        let decl = format!("document `{}`", d.id);
        let title = self
            .tx_opt(d.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| d.id.clone());
        let scope = self.scope_tag(&d.scope);
        // Folded under its name (no text of its own), the title is said
        // again only to carry its link or scope.
        if !self.quiet || !scope.is_empty() || d.url.is_some() {
            let line = self.linked_title(title + &scope, d.url.as_ref());
            self.para(root, &line);
        }
        let mut items = Vec::new();
        if !d.relations.is_empty() {
            let v = self.labels("document-relation", &d.relations);
            items.push(self.field("document.relation", vec![text(v)]));
        }
        if let Some(date) = &d.date {
            items.push(self.field("document.date", vec![text(self.date(date.value))]));
        }
        if !d.contacts.is_empty() {
            let v = self.channels(&d.contacts, &decl, "contact");
            items.push(self.field("document.contact", v));
        }
        if let Some(resp) = &d.response {
            let v = self.fill("format.response", &[("d", &self.duration(resp.value))]);
            items.push(self.field("right.response", vec![text(v)]));
        }
        let users: Vec<Vec<Inl>> = self
            .m
            .decls()
            .filter(|x| x.see().iter().any(|r| r.id == d.id))
            .map(|x| vec![self.decl_link(x)])
            .collect();
        if !users.is_empty() {
            let sep = self.sep();
            let v = self.join(users, &sep);
            items.push(self.field("document.see", v));
        }
        items.extend(self.unstated_li(d.unstated.as_ref(), &decl));
        self.list(root, items);
    }

    /// A document's title, linked to its URL when that is a safe one (an
    /// unsafe URL follows as text).
    pub(super) fn linked_title(&self, title: String, url: Option<&Text>) -> Vec<Inl> {
        let mut line = Vec::new();
        match url.and_then(|u| safe_url(&u.text)) {
            Some(u) => line.push(Inl::Link(u, vec![text(title)])),
            None => line.push(text(title)),
        }
        if let Some(u) = url {
            if safe_url(&u.text).is_none() {
                line.push(text(format!("{}{}", self.t("punct.colon"), u.text)));
            }
        }
        line
    }

    /// A declaration's name, linked to its place on the page.
    fn decl_link(&mut self, x: DeclRef<'m>) -> Inl {
        let kind = x.kind().keyword();
        let name = match (x.title(), x.id()) {
            (Some(t), _) => {
                let decl = format!("{kind} `{}`", x.id().unwrap_or_default());
                self.tx(t, &decl, "title")
            }
            (None, Some(id)) => id.to_owned(),
            (None, None) => self.t(&format!("document.by-{kind}")),
        };
        match (x, x.id()) {
            (DeclRef::Minors(_), _) => self.local_link("minors-policy", name),
            (DeclRef::Updates(_), _) => self.local_link("updates-policy", name),
            (_, Some(id)) => self.local_link(&format!("{kind}-{id}"), name),
            (_, None) => text(name),
        }
    }

    /// Processing outside any business function: its own heading, its text,
    /// then its fields.
    pub(super) fn processing_block(&mut self, root: Node<'a>, p: &'m Processing) {
        let decl = format!("processing `{}`", p.id);
        let title = self
            .tx_opt(p.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| self.t("sub.processing"));
        let title = title + &self.scope_tag(&p.scope);
        let id = self.id(&format!("processing-{}", p.id));
        self.heading(root, 3, &[text(title)], &id);
        self.prose(root, &p.text, &decl);
        let mut items = Vec::new();
        if let Some(k) = &p.kind {
            let v = self.label("processing-kind", k.value);
            items.push(self.field("processing.kind", vec![text(v)]));
        }
        items.extend(self.status_li(p.status.as_ref(), &decl));
        if !p.purposes.is_empty() {
            let v = self.tx_join(&p.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("f.purposes", vec![text(v)]));
        }
        if !p.data.is_empty() {
            let v = self.data_set_etc(&p.data, p.data_etc);
            items.push(self.field("processing.data", v));
        }
        if !p.collects.is_empty() {
            let mut li = self.field("f.data", Vec::new());
            li.sub = self.collect_lines(&p.collects, &decl);
            items.push(li);
        }
        items.extend(self.produces_li(&p.produces));
        items.extend(self.form_li(p.form.as_ref(), &decl));
        items.extend(self.sources_li(&p.sources, &decl));
        if let Some(m) = &p.method {
            let v = self.tx(m, &decl, "method");
            items.push(self.field("processing.method", vec![text(v)]));
        }
        items.extend(self.flag_li("f.background", p.background.as_ref(), &decl, "background"));
        if let Some(fr) = &p.frequency {
            let v = self.tx(fr, &decl, "frequency");
            items.push(self.field("f.frequency", vec![text(v)]));
        }
        if !p.bases.is_empty() {
            items.push(self.field("f.basis", vec![text(self.bases(&p.bases))]));
        }
        if let Some(c) = &p.consent {
            let v = self.consent_label(c.value, p.consent_wording.as_ref(), &decl);
            items.push(self.field("f.consent", vec![text(v)]));
        }
        if !p.functions.is_empty() {
            let v = self.refs(
                &p.functions,
                |b, id| b.functions.get(id).copied(),
                |b, f| b.function_title(f),
                "function",
            );
            items.push(self.field("processing.functions", v));
        }
        if !p.recipients.is_empty() {
            let v = self.refs(
                &p.recipients,
                |b, id| b.recipients.get(id).copied(),
                |b, r| b.recipient_name(r),
                "recipient",
            );
            items.push(self.field("f.recipients", v));
        }
        items.extend(self.refusal_li("f.refusal", p.refusal.as_ref(), &decl));
        items.extend(self.unstated_li(p.unstated.as_ref(), &decl));
        self.list(root, items);
    }

    /// The `source` lines of a function or a processing declaration.
    pub(super) fn sources_li(&mut self, sources: &[Source], decl: &str) -> Option<Li> {
        if sources.is_empty() {
            return None;
        }
        let parts: Vec<String> = sources
            .iter()
            .map(|s| {
                let label = self.label("source", s.kind);
                if s.from.is_empty() {
                    label
                } else {
                    let from = self.tx_join(&s.from, decl, "source", &self.sep());
                    format!("{label}{}{from}", self.t("punct.colon"))
                }
            })
            .collect();
        Some(self.field("f.sources", vec![text(parts.join(&self.t("punct.clause")))]))
    }
}
