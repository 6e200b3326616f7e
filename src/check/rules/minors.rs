//! Children under 14 (PIPL Art. 31; Minors Protection Law Art. 72; NDSR Art. 21 ¶2).

use super::support::join_words;
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::check::thresholds::Thresholds;
use crate::model::words::Under14Rules;

pub static RULES: &[&Rule] = &[&K001_UNDER_14_WITHOUT_GUARDIAN_CONSENT];

pub static K001_UNDER_14_WITHOUT_GUARDIAN_CONSENT: Rule = Rule {
    code: "K001",
    name: "under-14-without-guardian-consent",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "31"),
        LegalRef::new("MINORS", "72"),
        LegalRef::new("NDSR", "21").para(2),
    ],
    summary:
        "children under 14 are not excluded, but guardian consent or dedicated rules are missing",
    explanation: include_str!("../../../docs/rules/K001.md"),
    check: check_k001,
};

fn check_k001(ctx: &Ctx<'_>, sink: &mut Sink) {
    // The age under which guardian consent is needed (PIPL Art. 31 ¶1).
    let Ok(t) = Thresholds::builtin() else { return };
    let child_age = t.child_age.value;
    let m = ctx.model;
    // Data the taxonomy files under children's PI, collected by a function.
    let child_data = m.functions.iter().flat_map(|f| &f.collects).find(|c| {
        m.category(&c.data.id)
            .is_some_and(|d| d.taxonomy.class.starts_with("minor"))
    });
    let Some(mn) = &m.minors else {
        if let Some(c) = child_data {
            sink.report(
                c.data.span,
                crate::msg!(
                    "minors.personal-information-children-under",
                    data = &c.data.id,
                    child_age = child_age.to_string()
                ),
            )
            .label(crate::msg!("minors.children-s-data-collected"))
            .related(
                ctx.model.header.head,
                crate::msg!("minors.no-declaration-policy"),
            )
            .help(crate::msg!("minors.add-min-age-under-14-rules-inline"));
        }
        return;
    };
    let excluded = mn.min_age.as_ref().is_some_and(|a| a.value >= child_age);
    if excluded && child_data.is_none() {
        return;
    }
    let mut missing = Vec::new();
    if !mn.guardian_consent.as_ref().is_some_and(|g| g.value) {
        missing.push(crate::msg!("minors.missing.guardian-consent"));
    }
    let rules_given = mn
        .under_14_rules
        .as_ref()
        .is_some_and(|r| r.value != Under14Rules::None);
    if !rules_given {
        missing.push(crate::msg!(
            "minors.missing.dedicated-rules",
            child_age = child_age.to_string()
        ));
    }
    if missing.is_empty() {
        return;
    }
    let why = match &mn.min_age {
        Some(a) if a.value < child_age => {
            crate::msg!("minors.why.serves-children-from", age = a.value.to_string())
        }
        Some(_) => crate::msg!("minors.why.collects-children-data"),
        None => crate::msg!(
            "minors.why.does-not-exclude",
            child_age = child_age.to_string()
        ),
    };
    let at = mn
        .min_age
        .as_ref()
        .filter(|a| a.value < child_age)
        .map_or(mn.head, |a| a.span);
    sink.report(
        at,
        crate::msg!(
            "minors.policy-gives-no",
            why = why.clone(),
            missing = join_words(&missing)
        ),
    )
    .label(why)
    .help(crate::msg!(
        "minors.promise-parental-guardian-consent",
        child_age = child_age.to_string()
    ));
}
