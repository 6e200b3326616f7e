//! The annexes: the PI collection list and the third-party sharing list.

use comrak::Node;

use super::tree::{text, Inl};
use super::Builder;

pub(super) fn take(row: &mut [Vec<Inl>], i: usize) -> Vec<Inl> {
    row.get_mut(i).map(std::mem::take).unwrap_or_default()
}

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn collection_annex(&mut self, root: Node<'a>) {
        let m = self.m;
        self.para(root, &[text(self.t("annex.collection-intro"))]);
        let mut rows = Vec::new();
        for f in &m.functions {
            let decl = format!("function `{}`", f.id);
            let title = self.function_title(f);
            let purpose = self.tx_join(&f.purposes, &decl, "purpose", &self.t("punct.clause"));
            for c in &f.collects {
                let (_, sensitive) = self.data_name(&c.data.id);
                let item = self.data_inl(&c.data.id);
                let need = self.need_cell(c);
                rows.push(vec![
                    vec![self.local_link(&format!("function-{}", f.id), title.clone())],
                    vec![text(purpose.clone())],
                    item,
                    vec![text(need)],
                    vec![text(self.yes_no(sensitive))],
                ]);
            }
        }
        for p in &m.permissions {
            let decl = format!("permission `{}`", p.id);
            let title = self.permission_title(p);
            let purpose = self.tx_join(&p.purposes, &decl, "purpose", &self.t("punct.clause"));
            for c in &p.collects {
                let (_, sensitive) = self.data_name(&c.data.id);
                let item = self.data_inl(&c.data.id);
                let need = self.need_cell(c);
                rows.push(vec![
                    vec![self.local_link(&format!("permission-{}", p.id), title.clone())],
                    vec![text(purpose.clone())],
                    item,
                    vec![text(need)],
                    vec![text(self.yes_no(sensitive))],
                ]);
            }
        }
        if rows.is_empty() {
            self.para(root, &[text(self.t("annex.none"))]);
            return;
        }
        self.table(
            root,
            &[
                "col.function",
                "col.purpose",
                "col.item",
                "col.need",
                "col.sensitive",
            ],
            rows,
        );
    }

    pub(super) fn sharing_annex(&mut self, root: Node<'a>) {
        let m = self.m;
        self.para(root, &[text(self.t("annex.sharing-intro"))]);
        let mut rows = Vec::new();
        for r in &m.recipients {
            let mut row = self.recipient_row(r, false);
            // Name, kind, provider, purpose, data, method, privacy link.
            let label = self.recipient_name(r);
            rows.push(vec![
                vec![self.local_link(&format!("recipient-{}", r.id), label)],
                vec![text(self.t("annex.kind-recipient"))],
                Vec::new(),
                take(&mut row, 2),
                take(&mut row, 3),
                take(&mut row, 4),
                take(&mut row, 6),
            ]);
        }
        for s in &m.sdks {
            let mut row = self.sdk_row(s, false);
            let title = self.sdk_title(s);
            rows.push(vec![
                vec![self.local_link(&format!("sdk-{}", s.id), title)],
                vec![text(self.t("annex.kind-sdk"))],
                take(&mut row, 1),
                take(&mut row, 2),
                take(&mut row, 3),
                take(&mut row, 5),
                take(&mut row, 6),
            ]);
        }
        for tr in &m.transfers {
            let decl = format!("transfer `{}`", tr.id);
            let name = match (&tr.name, &tr.title) {
                (Some(n), _) => self.tx(n, &decl, "name"),
                (None, Some(t)) => self.tx(t, &decl, "title"),
                (None, None) => tr.id.clone(),
            };
            let mut kind = self.t("annex.kind-transfer");
            if let Some(c) = &tr.country {
                let c = self.country(&c.value);
                kind = format!("{kind}{}", self.fill("format.paren", &[("x", &c)]));
            }
            let purpose = self.tx_join(&tr.purposes, &decl, "purpose", &self.t("punct.clause"));
            let data = self.data_set(&tr.data);
            let method = self
                .tx_opt(tr.method.as_ref(), &decl, "method")
                .unwrap_or_default();
            rows.push(vec![
                vec![self.local_link(&format!("transfer-{}", tr.id), name)],
                vec![text(kind)],
                Vec::new(),
                vec![text(purpose)],
                data,
                vec![text(method)],
                Vec::new(),
            ]);
        }
        if rows.is_empty() {
            self.para(root, &[text(self.t("annex.none"))]);
            return;
        }
        self.table(
            root,
            &[
                "col.name",
                "col.kind",
                "col.provider",
                "col.purpose",
                "col.data",
                "col.method",
                "col.privacy",
            ],
            rows,
        );
    }
}
