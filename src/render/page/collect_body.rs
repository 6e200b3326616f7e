//! What the body of a `collects` line says about its items (refusal, basis,
//! purpose, subject, condition, the functions using a permission's data),
//! and alternatives between items: as short clauses after the items.

use super::tree::{text, Inl};
use super::Builder;
use crate::model::*;

impl<'a, 'm> Builder<'a, 'm> {
    /// The items of one `collects` line, alternatives joined by "或".
    pub(super) fn collect_items(&mut self, run: &[&Collect]) -> Vec<Inl> {
        let mut parts: Vec<Vec<Inl>> = Vec::new();
        let mut done: Vec<&str> = Vec::new();
        for c in run {
            if done.contains(&c.data.id.as_str()) {
                continue;
            }
            let mut part = self.data_inl(&c.data.id);
            for alt in &c.alternatives {
                done.push(alt.id.as_str());
                part.push(text(self.t("collects.or")));
                part.extend(self.data_inl(&alt.id));
            }
            parts.push(part);
        }
        let sep = self.sep();
        let mut out = self.join(parts, &sep);
        if run.first().is_some_and(|c| c.etc) {
            out.push(text(self.t("list.etc")));
        }
        out
    }

    /// A label, then the policy's wording of it after "；" when there is one.
    fn with_wording(
        &mut self,
        mut v: String,
        t: Option<&Text>,
        decl: &str,
        field: &'static str,
    ) -> String {
        if let Some(t) = t {
            v.push_str(&self.t("punct.clause"));
            v.push_str(&self.tx(t, decl, field));
        }
        v
    }

    /// The clauses of a `collects` body, each `label：value`.
    pub(super) fn collect_body(&mut self, c: &Collect, decl: &str) -> Vec<String> {
        let colon = self.t("punct.colon");
        let mut out = Vec::new();
        if let Some(r) = &c.refusal {
            let v = match &r.text {
                Some(t) => self.tx(t, decl, "if-refused"),
                None => self.label("refusal", r.effect),
            };
            out.push(format!("{}{colon}{v}", self.t("f.refusal")));
        }
        if !c.bases.is_empty() {
            out.push(format!(
                "{}{colon}{}",
                self.t("f.basis"),
                self.bases(&c.bases)
            ));
        }
        if !c.purposes.is_empty() {
            let p = self.tx_join(&c.purposes, decl, "purpose", &self.sep());
            out.push(format!("{}{colon}{p}", self.t("f.purposes")));
        }
        if let Some(s) = &c.subject {
            let v = self.subjects(s);
            let v = self.with_wording(v, s.text.as_ref(), decl, "subject");
            out.push(format!("{}{colon}{v}", self.t("f.subject")));
        }
        if let Some(s) = &c.sensitivity {
            let v = self.label("sensitivity", s.claim);
            let v = self.with_wording(v, s.text.as_ref(), decl, "sensitive");
            out.push(format!("{}{colon}{v}", self.t("collects.sensitive")));
        }
        if let Some(k) = &c.consent {
            let v = self.consent_label(k.value, c.consent_wording.as_ref(), decl);
            out.push(format!("{}{colon}{v}", self.t("f.consent")));
        }
        if let Some(u) = &c.use_limit {
            let v = self.label("use", u.limit);
            let v = self.with_wording(v, u.text.as_ref(), decl, "use");
            out.push(format!("{}{colon}{v}", self.t("collects.use")));
        }
        if !c.conditions.is_empty() {
            let v = self.tx_join(&c.conditions, decl, "condition", &self.sep());
            out.push(format!("{}{colon}{v}", self.t("collects.condition")));
        }
        if !c.functions.is_empty() {
            let names: Vec<String> = c
                .functions
                .iter()
                .map(|r| match self.m.functions.iter().find(|f| f.id == r.id) {
                    Some(f) => self.function_title(f),
                    None => r.id.clone(),
                })
                .collect();
            out.push(format!(
                "{}{colon}{}",
                self.t("collects.functions"),
                names.join(&self.sep())
            ));
        }
        out.extend(self.form_clause(c.form.as_ref(), decl));
        if !c.os.is_empty() {
            let v = self.labels("os", &c.os);
            out.push(format!("{}{colon}{v}", self.t("collects.os")));
        }
        if let Some(n) = &c.necessity {
            let v = self.tx(n, decl, "necessity");
            out.push(format!("{}{colon}{v}", self.t("data.necessity")));
        }
        if let Some(n) = &c.impact {
            let v = self.tx(n, decl, "impact");
            out.push(format!("{}{colon}{v}", self.t("data.impact")));
        }
        if let Some(s) = &c.source {
            let mut v = self.label("source", s.kind);
            if !s.from.is_empty() {
                let from = self.tx_join(&s.from, decl, "source", &self.sep());
                v = format!("{v}{colon}{from}");
            }
            out.push(format!("{}{colon}{v}", self.t("f.sources")));
        }
        for t in &c.text {
            out.push(self.tx(t, decl, "text"));
        }
        out
    }

    /// The need of an item in the collection list, with its alternatives:
    /// "必要（或电子邮箱）".
    pub(super) fn need_cell(&mut self, c: &Collect) -> String {
        let mut need = c.need.map(|n| self.label("need", n)).unwrap_or_default();
        if !c.alternatives.is_empty() {
            let alts: Vec<String> = c
                .alternatives
                .iter()
                .map(|a| self.data_name(&a.id).0)
                .collect();
            let or = self.t("collects.or");
            let x = format!("{}{}", or.trim_start(), alts.join(&or));
            need.push_str(&self.fill("format.paren", &[("x", &x)]));
        }
        need
    }

    /// `others-consent deemed "…"`: the label and the policy's wording of
    /// each way the text gives, one line when there is one, a sub-list when
    /// there are several (hongdou: deemed, and the user's duty to obtain it).
    pub(super) fn others_consent_li(
        &mut self,
        first: Option<&WordStmt<crate::model::words::OthersConsent>>,
        also: &[WordStmt<crate::model::words::OthersConsent>],
        decl: &str,
    ) -> Option<super::tree::Li> {
        let lines: Vec<String> = first
            .into_iter()
            .chain(also)
            .map(|o| {
                let label = self.label("others-consent", o.word);
                self.label_worded(label, o.text.as_ref(), decl, "others-consent")
            })
            .collect();
        match lines.len() {
            0 => None,
            1 => Some(self.field("consent.others", lines.into_iter().map(text).collect())),
            _ => {
                let mut li = self.field("consent.others", Vec::new());
                li.sub = lines.into_iter().map(|v| vec![text(v)]).collect();
                Some(li)
            }
        }
    }
}
