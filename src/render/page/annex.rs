//! The annexes: the PI collection list, grouped by function, and the
//! third-party sharing list, grouped by role. Each group is a `<details>`
//! (HTML) holding a table that becomes cards on a narrow screen.

use comrak::nodes::NodeValue;
use comrak::Node;

use super::tree::{text, Inl};
use super::{Builder, Target};
use crate::model::words::Role;
use crate::model::*;

pub(super) fn take(row: &mut [Vec<Inl>], i: usize) -> Vec<Inl> {
    row.get_mut(i).map(std::mem::take).unwrap_or_default()
}

impl<'a, 'm> Builder<'a, 'm> {
    /// A group of an annex: folded with its name and count (HTML), a
    /// fourth-level heading (Markdown).
    fn group_open(&mut self, root: Node<'a>, label: &str, id: &str) {
        if self.target == Target::Html {
            let id = self.id(id);
            self.append(
                root,
                NodeValue::Raw(format!(
                    "<details class=\"group\" id=\"{id}\"><summary>{}</summary>\n",
                    self.written_html(label)
                )),
            );
        } else {
            let id = self.id(id);
            self.heading(root, 3, &[text(label)], &id);
        }
    }

    fn group_close(&mut self, root: Node<'a>) {
        if self.target == Target::Html {
            self.append(root, NodeValue::Raw("</details>\n".to_owned()));
        }
    }

    /// The rows of one collecting declaration: item (the policy's word,
    /// with the taxonomy's name as a hint when it differs), need, sensitive.
    fn collect_rows(&mut self, cs: &'m [Collect]) -> (Vec<Vec<Vec<Inl>>>, usize) {
        let mut rows = Vec::new();
        let mut sens = 0;
        for c in cs {
            let (name, sensitive) = self.data_name(&c.data.id);
            let hint = self.taxonomy_name(&c.data.id).filter(|t| *t != name);
            let mut item = vec![self.as_written(name)];
            if sensitive {
                sens += 1;
                item.push(text(" "));
                item.push(self.mark());
            }
            let need = self.need_cell(c);
            rows.push(vec![
                item,
                vec![text(hint.unwrap_or_default())],
                vec![text(need)],
            ]);
        }
        (rows, sens)
    }

    pub(super) fn collection_annex(&mut self, root: Node<'a>) {
        let m = self.m;
        self.para(root, &[text(self.t("annex.collection-intro"))]);
        let header = ["col.item", "col.class", "col.need"];
        let mut any = false;
        for f in &m.functions {
            if f.collects.is_empty() {
                continue;
            }
            any = true;
            let decl = format!("function `{}`", f.id);
            let title = self.function_title(f);
            let (rows, sens) = self.collect_rows(&f.collects);
            let label = self.group_label(&title, rows.len(), sens);
            self.group_open(root, &label, &format!("annex-function-{}", f.id));
            let mut line = vec![self.local_link(&format!("function-{}", f.id), title.clone())];
            if !f.purposes.is_empty() {
                line.push(text(self.t("punct.colon")));
                line.push(text(self.tx_join(
                    &f.purposes,
                    &decl,
                    "purpose",
                    &self.t("punct.clause"),
                )));
            }
            self.para(root, &line);
            self.table(root, &title, &header, rows);
            self.group_close(root);
        }
        for p in &m.permissions {
            if p.collects.is_empty() {
                continue;
            }
            any = true;
            let title = self.permission_title(p);
            let (rows, sens) = self.collect_rows(&p.collects);
            let label = self.group_label(&title, rows.len(), sens);
            self.group_open(root, &label, &format!("annex-permission-{}", p.id));
            let line = vec![self.local_link(&format!("permission-{}", p.id), title.clone())];
            self.para(root, &line);
            self.table(root, &title, &header, rows);
            self.group_close(root);
        }
        if !any {
            self.para(root, &[text(self.t("annex.none-collection"))]);
        }
    }

    /// `name (n items, k sensitive)`
    fn group_label(&self, name: &str, n: usize, sens: usize) -> String {
        let mut c = self.count("annex.items", n);
        if sens > 0 {
            c.push_str(&self.t("punct.list"));
            c.push_str(&self.count("annex.sensitive-items", sens));
        }
        format!("{name}{}", self.fill("format.paren", &[("x", &c)]))
    }

    pub(super) fn sharing_annex(&mut self, root: Node<'a>) {
        let m = self.m;
        self.para(root, &[text(self.t("annex.sharing-intro"))]);
        let header = [
            "col.name",
            "col.purpose",
            "col.data",
            "col.method",
            "col.contact",
            "col.privacy",
        ];
        let mut any = false;
        for role in [
            Some(Role::Entrusted),
            Some(Role::Joint),
            Some(Role::Independent),
            Some(Role::Authority),
            None,
        ] {
            let rs: Vec<&'m Recipient> = m
                .recipients
                .iter()
                .filter(|r| r.role.as_ref().map(|x| x.value) == role)
                .collect();
            if rs.is_empty() {
                continue;
            }
            any = true;
            let label = match role {
                Some(r) => self.label("role", r),
                None => self.t("annex.role-unstated"),
            };
            let slug = role.map_or("unstated".to_owned(), |r| r.to_string());
            let title = format!(
                "{label}{}",
                self.fill("format.paren", &[("x", &rs.len().to_string())])
            );
            self.group_open(root, &title, &format!("annex-role-{slug}"));
            let mut rows = Vec::new();
            for r in rs {
                let mut row = self.recipient_row(r, false);
                let name = self.recipient_name(r);
                let name = self.link_to(&format!("recipient-{}", r.id), name);
                rows.push(vec![
                    vec![name],
                    take(&mut row, 2),
                    take(&mut row, 3),
                    take(&mut row, 4),
                    take(&mut row, 5),
                    take(&mut row, 6),
                ]);
            }
            self.table(root, &label, &header, rows);
            self.group_close(root);
        }
        if !m.sdks.is_empty() {
            any = true;
            let label = self.t("annex.kind-sdk");
            let title = format!(
                "{label}{}",
                self.fill("format.paren", &[("x", &m.sdks.len().to_string())])
            );
            self.group_open(root, &title, "annex-sdks");
            let mut rows = Vec::new();
            for s in &m.sdks {
                let mut row = self.sdk_row(s, false);
                let sdk_title = self.sdk_title(s);
                let mut name = vec![self.link_to(&format!("sdk-{}", s.id), sdk_title)];
                let provider = take(&mut row, 1);
                if super::tree::has_content(&provider) {
                    name.push(text(self.t("punct.colon")));
                    name.extend(provider);
                }
                let contact = self.channels(&s.contacts, &format!("sdk `{}`", s.id), "contact");
                rows.push(vec![
                    name,
                    take(&mut row, 2),
                    take(&mut row, 3),
                    take(&mut row, 5),
                    contact,
                    take(&mut row, 6),
                ]);
            }
            self.table(root, &label, &header, rows);
            self.group_close(root);
        }
        if !m.transfers.is_empty() {
            any = true;
            let label = self.t("annex.kind-transfer");
            let title = format!(
                "{label}{}",
                self.fill("format.paren", &[("x", &m.transfers.len().to_string())])
            );
            self.group_open(root, &title, "annex-transfers");
            let mut rows = Vec::new();
            for tr in &m.transfers {
                let decl = format!("transfer `{}`", tr.id);
                let mut name = match (&tr.name, &tr.title) {
                    (Some(n), _) => self.tx(n, &decl, "name"),
                    (None, Some(t)) => self.tx(t, &decl, "title"),
                    (None, None) => tr.id.clone(),
                };
                if let Some(c) = &tr.country {
                    let c = self.country(&c.value);
                    name.push_str(&self.fill("format.paren", &[("x", &c)]));
                }
                let purpose = self.tx_join(&tr.purposes, &decl, "purpose", &self.t("punct.clause"));
                let data = self.data_set(&tr.data);
                let method = self
                    .tx_opt(tr.method.as_ref(), &decl, "method")
                    .unwrap_or_default();
                let contact = self.channels(&tr.contacts, &decl, "contact");
                rows.push(vec![
                    vec![self.local_link(&format!("transfer-{}", tr.id), name)],
                    vec![text(purpose)],
                    data,
                    vec![text(method)],
                    contact,
                    Vec::new(),
                ]);
            }
            self.table(root, &label, &header, rows);
            self.group_close(root);
        }
        if !any {
            self.para(root, &[text(self.t("annex.none-sharing"))]);
        }
    }
}
