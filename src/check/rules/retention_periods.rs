//! Retention periods that are no period, and sensitive data kept only under
//! the general rule (PIPL Art. 17 ¶1(2), 19, 28 ¶2; NDSR Art. 21 ¶1(3)).

use std::collections::BTreeSet;

use super::support::{cat_at, find_in_text, ids, kw, texts_of};
use crate::check::lexicon::Terms;
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::taxonomy::Pipl28;
use crate::model::{DataCategory, DataSet, DeclRef, Model, Retention, Text};

pub static RULES: &[&Rule] = &[
    &R005_RETENTION_PERIOD_NOT_STATED,
    &R006_SENSITIVE_WITHOUT_OWN_RETENTION,
];

// ---------------------------------------------------------------------------
// R005
// ---------------------------------------------------------------------------

pub static R005_RETENTION_PERIOD_NOT_STATED: Rule = Rule {
    code: "R005",
    name: "retention-period-not-stated",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("NDSR", "21").para(1).item(3),
    ],
    summary: "a retention \"period\" such as \"the period necessary\" or \"the period the law requires\" names no length of time",
    explanation: include_str!("../../../docs/rules/R005.md"),
    check: check_r005,
};

/// Chinese numerals that, before a unit, make a length of time.
const NUMERALS: &str = "〇零一二三四五六七八九十百千两半";

/// Whether `text` states a length of time: a number (digits or Chinese
/// numerals, brackets and spaces between allowed) right before a unit of
/// the topic `duration-unit` ("6个月", "六（6）个月", "3 years").
pub(crate) fn states_duration(units: &Terms, text: &str) -> bool {
    let lower = text.to_lowercase();
    let unit_terms = units
        .zh
        .iter()
        .map(String::as_str)
        .chain(units.en.iter().map(String::as_str));
    for unit in unit_terms {
        for (i, _) in lower.match_indices(unit) {
            let before = lower.get(..i).unwrap_or("");
            let prev = before
                .chars()
                .rev()
                .find(|c| !matches!(c, ' ' | '(' | ')' | '（' | '）' | '个'));
            if prev.is_some_and(|c| c.is_ascii_digit() || NUMERALS.contains(c)) {
                return true;
            }
        }
    }
    false
}

fn check_r005(ctx: &Ctx<'_>, sink: &mut Sink) {
    let vague = ctx.lexicon.terms("retention-vague-period");
    let units = ctx.lexicon.terms("duration-unit");
    let mut vague_ones: Vec<(&Retention, &Text, String)> = Vec::new();
    for r in &ctx.model.retention {
        if r.at_most.is_some()
            || r.at_least.is_some()
            || r.until.is_some()
            || r.indefinite.is_some()
        {
            continue;
        }
        let texts = texts_of(DeclRef::Retention(r));
        if texts.iter().any(|t| states_duration(units, &t.text)) {
            continue;
        }
        // The period as the policy gives it: how it is determined, else the
        // declaration's prose.
        let period: Vec<&Text> = if r.determined_by.is_empty() {
            r.text.iter().chain(&r.legal).collect()
        } else {
            r.determined_by.iter().collect()
        };
        // Every statement of the period is vague: a real criterion beside a
        // vague phrase is a method of determining the period (NDSR Art. 21).
        let found: Vec<(&Text, String)> = period
            .iter()
            .filter_map(|t| find_in_text(vague, t).map(|w| (*t, w)))
            .collect();
        if found.is_empty() || found.len() < period.len() {
            continue;
        }
        if let Some((t, w)) = found.into_iter().next() {
            vague_ones.push((r, t, w));
        }
    }
    // One issue: the policy's periods are no periods, wherever it says so.
    let Some((r, t, term)) = vague_ones.first() else {
        return;
    };
    // The message names the first statement only: the fingerprint of the
    // finding stays the same when another one is added.
    let f = sink.report(
        t.span,
        crate::msg!("retention-periods.no-period", id = &r.id, term = term),
    );
    f.label(if vague_ones.len() == 1 {
        crate::msg!("retention-periods.no-period-label")
    } else {
        crate::msg!(
            "retention-periods.no-period-label-many",
            count = vague_ones.len()
        )
    })
    .help(crate::msg!("retention-periods.no-period-help"));
    for (r, t, w) in vague_ones.iter().skip(1) {
        f.related(
            t.span,
            crate::msg!("retention-periods.also-vague", id = &r.id, term = w),
        );
    }
}

// ---------------------------------------------------------------------------
// R006
// ---------------------------------------------------------------------------

pub static R006_SENSITIVE_WITHOUT_OWN_RETENTION: Rule = Rule {
    code: "R006",
    name: "sensitive-without-own-retention",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("PIPL", "19"),
        LegalRef::new("PIPL", "28").para(2),
    ],
    summary:
        "sensitive personal information is kept only under the policy's general retention rule",
    explanation: include_str!("../../../docs/rules/R006.md"),
    check: check_r006,
};

/// Whether a retention entry is the general rule: it names no data (or
/// `data all`) and no function.
fn general(r: &Retention) -> bool {
    matches!(r.data, DataSet::All) || (r.data.is_empty() && r.functions.is_empty())
}

/// The functions that collect `d`, directly or through a permission.
fn collecting<'m>(m: &'m Model, d: &DataCategory) -> BTreeSet<&'m str> {
    let mut out: BTreeSet<&str> = m
        .functions_collecting(&d.id)
        .map(|f| f.id.as_str())
        .collect();
    for p in &m.permissions {
        if p.collects.iter().any(|c| c.data.id == d.id) {
            out.extend(p.functions.iter().map(|f| f.id.as_str()));
            out.extend(
                m.functions
                    .iter()
                    .filter(|f| f.permissions.iter().any(|r| r.id == p.id))
                    .map(|f| f.id.as_str()),
            );
        }
    }
    out
}

/// Whether a retention entry names `d` itself: by id, by a class-level
/// category of its class, or by a function that collects it.
fn names(m: &Model, r: &Retention, d: &DataCategory, by: &BTreeSet<&str>) -> bool {
    r.data.refs().iter().any(|x| {
        x.id == d.id
            || m.category(&x.id)
                .is_some_and(|c| c.taxonomy.item.is_none() && c.taxonomy.class == d.taxonomy.class)
    }) || r.functions.iter().any(|f| by.contains(f.id.as_str()))
}

fn check_r006(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let generals: Vec<&Retention> = m.retention.iter().filter(|r| general(r)).collect();
    let Some(rule) = generals.first() else {
        // Nothing general: a category no entry names has no retention at
        // all, which is R001's (and S004's) finding.
        return;
    };
    let mut alone: Vec<&DataCategory> = Vec::new();
    // A password or an SMS code is a credential, and an order record a
    // record, not the financial account PIPL Art. 28 names (counsel, issue
    // 15): financial accounts count in a financial sector only.
    let financial = ctx.facts.sector.is_some_and(|s| s.is_financial());
    let named_by_art28 = |d: &DataCategory| match ctx
        .taxonomy
        .pipl28(&d.taxonomy.class, d.taxonomy.item.as_deref())
    {
        None => false,
        Some(Pipl28::FinancialAccount) => financial && d.taxonomy.class != "credential",
        Some(_) => true,
    };
    for d in m.data.iter().filter(|d| d.sensitive && named_by_art28(d)) {
        let by = collecting(m, d);
        if by.is_empty() {
            continue;
        }
        if m.retention
            .iter()
            .any(|r| !general(r) && names(m, r, d, &by))
        {
            continue;
        }
        alone.push(d);
    }
    let Some(first) = alone.first() else { return };
    let at = |d: &DataCategory| cat_at(m, d);
    let f = sink.report(
        at(first),
        crate::msg!("retention-periods.sensitive-general-only"),
    );
    f.label(if alone.len() == 1 {
        crate::msg!("retention-periods.sensitive-one-label", id = &first.id)
    } else {
        crate::msg!(
            "retention-periods.sensitive-many-label",
            count = alone.len(),
            ids = ids(alone.iter().map(|d| d.id.as_str()))
        )
    })
    .related(
        kw(rule.span, "retention"),
        crate::msg!("retention-periods.general-rule"),
    );
    for d in alone.iter().skip(1) {
        f.related(
            at(d),
            crate::msg!("retention-periods.no-own-retention", id = &d.id),
        );
    }
    f.help(crate::msg!("retention-periods.sensitive-help"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_numbers_before_units() {
        let Ok(lexicon) = crate::check::Lexicon::builtin() else {
            panic!("the built-in lexicon loads");
        };
        let units = lexicon.terms("duration-unit");
        assert!(states_duration(units, "保存期为您注销账号后六（6）个月"));
        assert!(states_duration(units, "不少于3年"));
        assert!(states_duration(units, "kept for 3 years"));
        assert!(!states_duration(units, "为实现目的所必需的期限"));
        assert!(!states_duration(units, "未成年人的信息"));
        assert!(!states_duration(units, "自生效日期起"));
    }
}
