//! (Page clauses of the language constructs.) Who directs a flow (`directed-by`), the data a recipient provides back
//! (`returns`), consent given below the policy (`consent deemed "…"`) and
//! what refusing the policy or an update costs: short clauses and lines.

use super::tree::{text, Inl, Li};
use super::Builder;
use crate::model::words::ConsentKind;
use crate::model::*;

impl<'a, 'm> Builder<'a, 'm> {
    /// A word's label followed by the policy's wording of it, when given:
    /// "由您自行选择；您可以…".
    pub(super) fn label_worded(
        &mut self,
        label: String,
        wording: Option<&Text>,
        decl: &str,
        field: &'static str,
    ) -> String {
        let mut v = label;
        if let Some(t) = wording {
            v.push_str(&self.t("punct.clause"));
            v.push_str(&self.tx(t, decl, field));
        }
        v
    }

    /// "在您同意后启动；…" for a `starts` statement on an SDK or an SDK list:
    /// the word's label, then the policy's wording (which keeps a hedge such as "尽可能").
    pub(super) fn starts_text(&mut self, s: Option<&SdkStarts>, decl: &str) -> Option<String> {
        let s = s?;
        let label = self.label("sdk-start", s.kind);
        Some(self.label_worded(label, s.text.as_ref(), decl, "starts"))
    }

    /// "由您自行选择；您可以…" for a `directed-by` statement.
    pub(super) fn directed_by_text(
        &mut self,
        d: Option<&DirectedBy>,
        decl: &str,
    ) -> Option<String> {
        let d = d?;
        let label = self.label("directed-by", d.by);
        Some(self.label_worded(label, d.text.as_ref(), decl, "directed-by"))
    }

    /// The `directed-by` line of a list.
    pub(super) fn directed_by_li(&mut self, d: Option<&DirectedBy>, decl: &str) -> Option<Li> {
        let v = self.directed_by_text(d, decl)?;
        Some(self.field("f.directed-by", vec![text(v)]))
    }

    /// A recipient's data lines under a label: "向我们提供：钱包余额、授信额度（…）"
    /// for its `returns` (`f.returns`), "在我们的平台上自行收集：银行卡号（…）" for
    /// its `self-collects` (`f.self-collects`).
    pub(super) fn labelled_collects_inl(
        &mut self,
        label: &str,
        rs: &[Collect],
        decl: &str,
    ) -> Vec<Inl> {
        if rs.is_empty() {
            return Vec::new();
        }
        let mut out = vec![text(self.t(label)), text(self.t("punct.colon"))];
        let lines = self.collect_lines(rs, decl);
        let sep = self.t("punct.clause");
        out.extend(self.join(lines, &sep));
        out
    }

    /// "视为同意；开启蓝牙即视为同意": a consent kind and its wording.
    pub(super) fn consent_label(
        &mut self,
        kind: ConsentKind,
        wording: Option<&Text>,
        decl: &str,
    ) -> String {
        let mut v = self.label("consent", kind);
        if let Some(t) = wording {
            v.push_str(&self.t("punct.clause"));
            v.push_str(&self.tx(t, decl, "consent"));
        }
        v
    }

    /// The line of an `if-refused` statement outside a function (the
    /// policy's acceptance, its updates).
    pub(super) fn refusal_li(&mut self, key: &str, r: Option<&Refusal>, decl: &str) -> Option<Li> {
        self.effect_li(key, r, decl, "if-refused")
    }

    /// The line of an `if-refused` or `if-withdrawn` statement, `field`
    /// naming which: the wording, or the effect's label without one.
    pub(super) fn effect_li(
        &mut self,
        key: &str,
        r: Option<&Refusal>,
        decl: &str,
        field: &'static str,
    ) -> Option<Li> {
        let r = r?;
        let v = match &r.text {
            Some(t) => self.tx(t, decl, field),
            None => self.label("refusal", r.effect),
        };
        Some(self.field(key, vec![text(v)]))
    }

    /// "拒绝提供的影响：…" inside a table cell (a recipient's or an SDK's row).
    pub(super) fn refusal_clause(&mut self, r: Option<&Refusal>, decl: &str) -> Option<String> {
        let r = r?;
        let v = match &r.text {
            Some(t) => self.tx(t, decl, "if-refused"),
            None => self.label("refusal", r.effect),
        };
        Some(format!(
            "{}{}{v}",
            self.t("f.refusal"),
            self.t("punct.colon")
        ))
    }

    /// "接收方以其自己的名义征得您的同意：…" for a recipient's `own-consent`.
    pub(super) fn own_consent_clause(&mut self, f: Option<&Flag>, decl: &str) -> Option<String> {
        self.flag_clause(
            ("recipient.own-consent", "recipient.no-own-consent"),
            f,
            decl,
            "own-consent",
        )
    }

    /// "与接收方签署协议或保密协定：…" for a recipient's own `contract` (one
    /// inherited from `defaults recipient` is shown there, once).
    pub(super) fn contract_clause(&mut self, f: Option<&Flag>, decl: &str) -> Option<String> {
        self.flag_clause(
            ("recipient.contract", "recipient.no-contract"),
            f,
            decl,
            "contract",
        )
    }

    /// A yes/no statement as a clause: its sentence for yes or for no, then
    /// the policy's wording.
    fn flag_clause(
        &mut self,
        (yes, no): (&str, &str),
        f: Option<&Flag>,
        decl: &str,
        field: &'static str,
    ) -> Option<String> {
        let f = f?;
        let mut v = self.t(if f.value { yes } else { no });
        if let Some(t) = &f.text {
            // The same wording on several recipients (one sentence of the
            // source said of all of them) is shown once, not on every row.
            let key = super::flow::text_key(&t.text);
            if !self.shown.contains(&key) && self.shown_clauses.insert(key) {
                v.push_str(&self.t("punct.colon"));
                v.push_str(&self.tx(t, decl, field));
            }
        }
        Some(v)
    }

    /// "途径、答复期限；我们将依法提供转移的途径" for an `unstated` statement.
    pub(super) fn unstated_text(&mut self, u: Option<&UnstatedStmt>, decl: &str) -> Option<String> {
        let u = u?;
        let mut v = self.labels("unstated", &u.items);
        if let Some(t) = &u.text {
            v.push_str(&self.t("punct.clause"));
            v.push_str(&self.tx(t, decl, "unstated"));
        }
        Some(v)
    }

    /// The `unstated` line of a list.
    pub(super) fn unstated_li(&mut self, u: Option<&UnstatedStmt>, decl: &str) -> Option<Li> {
        let v = self.unstated_text(u, decl)?;
        Some(self.field("f.unstated", vec![text(v)]))
    }

    /// A data set, with "等" when its list ends in `etc`.
    pub(super) fn data_set_etc(&mut self, set: &DataSet, etc: bool) -> Vec<Inl> {
        let mut v = self.data_set(set);
        if etc {
            v.push(text(self.t("list.etc")));
        }
        v
    }

    /// "去标识化；会对部分信息进行去标识化处理" for a `form` statement.
    pub(super) fn form_text(&mut self, fs: Option<&FormStmt>, decl: &str) -> Option<String> {
        let fs = fs?;
        let mut v = self.labels("form", &fs.forms);
        if let Some(t) = &fs.text {
            v.push_str(&self.t("punct.clause"));
            v.push_str(&self.tx(t, decl, "form"));
        }
        Some(v)
    }

    /// The `form` line of a list.
    pub(super) fn form_li(&mut self, fs: Option<&FormStmt>, decl: &str) -> Option<Li> {
        let v = self.form_text(fs, decl)?;
        Some(self.field("f.form", vec![text(v)]))
    }

    /// The `produces` line of a list: derived data the processing produces.
    pub(super) fn produces_li(&mut self, refs: &[Ref]) -> Option<Li> {
        if refs.is_empty() {
            return None;
        }
        let parts = refs.iter().map(|r| self.data_inl(&r.id)).collect();
        let sep = self.sep();
        let v = self.join(parts, &sep);
        Some(self.field("f.produces", v))
    }

    /// "信息状态：去标识化" as a clause of a table cell.
    pub(super) fn form_clause(&mut self, fs: Option<&FormStmt>, decl: &str) -> Option<String> {
        let v = self.form_text(fs, decl)?;
        Some(format!("{}{}{v}", self.t("f.form"), self.t("punct.colon")))
    }
}
