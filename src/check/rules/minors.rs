//! Children under 14 (PIPL Art. 31; Minors Protection Law Art. 72; NDSR Art. 21 ¶2).

use super::third_parties::{head, header_head, join_words};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
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

/// PIPL Art. 28 ¶1 and Art. 31: the age under which guardian consent is needed.
const CHILD_AGE: u32 = 14;

fn check_k001(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    // Data the taxonomy files under children's PI, collected by a function.
    let child_data = m.functions.iter().flat_map(|f| &f.collects).find(|c| {
        m.category(&c.data.id)
            .is_some_and(|d| d.taxonomy.class.starts_with("minor"))
    });
    let Some(mn) = &m.minors else {
        if let Some(c) = child_data {
            sink.report(c.data.span, format!("`{}` is personal information of children under 14, but the policy has no rules for minors", c.data.id))
                .label("children's data collected")
                .related(header_head(ctx), "no `minors` declaration in this policy")
                .help("add `minors { min-age …, under-14-rules inline|separate, guardian-consent yes }`");
        }
        return;
    };
    let excluded = mn.min_age.as_ref().is_some_and(|a| a.value >= CHILD_AGE);
    if excluded && child_data.is_none() {
        return;
    }
    let mut missing = Vec::new();
    if !mn.guardian_consent.as_ref().is_some_and(|g| g.value) {
        missing.push("guardian consent");
    }
    let rules_given = mn
        .under_14_rules
        .as_ref()
        .is_some_and(|r| r.value != Under14Rules::None);
    if !rules_given {
        missing.push("dedicated rules for children under 14");
    }
    if missing.is_empty() {
        return;
    }
    let why = match &mn.min_age {
        Some(a) if a.value < CHILD_AGE => format!("serves children from age {}", a.value),
        Some(_) => "collects children's data".to_string(),
        None => "does not exclude children under 14".to_string(),
    };
    let at = mn
        .min_age
        .as_ref()
        .filter(|a| a.value < CHILD_AGE)
        .map_or(head(mn.span, "minors", None), |a| a.span);
    sink.report(at, format!("the policy {why} but gives no {}", join_words(&missing)))
        .label(why)
        .help("promise parental or guardian consent (`guardian-consent yes`) and give dedicated under-14 rules (`under-14-rules inline` or `separate`), or set `min-age 14` or higher");
}
