//! The processor's own accountability: disclaimers of responsibility, the
//! security-incident notice, and remedies outside the processor (PIPL Art.
//! 9, 50, 57; GB/T 35273-2020 5.5, 10.2).

use super::support::{find_affirmed, find_in_text, header_span, mentions, texts_of};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::messages::Msg;
use crate::model::words::{ForumKind, IncidentContent, Role};
use crate::model::{DeclRef, Text};

pub static RULES: &[&Rule] = &[
    &P011_RESPONSIBILITY_DISCLAIMED,
    &P012_INCIDENT_NOTICE_INCOMPLETE,
    &P013_NO_EXTERNAL_REMEDY,
    &P014_PROCESSOR_BLURRED_BY_AFFILIATES,
    &P015_ARBITRATION_EXCLUDES_COURT,
];

// ---------------------------------------------------------------------------
// P011
// ---------------------------------------------------------------------------

pub static P011_RESPONSIBILITY_DISCLAIMED: Rule = Rule {
    code: "P011",
    name: "responsibility-disclaimed",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "9"),
        LegalRef::new("PIPL", "51"),
        LegalRef::new("PIPL", "69").para(1),
    ],
    summary: "the policy disclaims responsibility for processing the operator controls, or puts it on the user",
    explanation: include_str!("../../../docs/rules/P011.md"),
    check: check_p011,
};

/// Whether the processing a declaration describes is the operator's own:
/// everything but recipients that are processors in their own right and
/// cross-border recipients (an SDK the operator embeds and an entrusted
/// party it supervises are its own).
fn operator_controls(d: &DeclRef<'_>) -> bool {
    match d {
        DeclRef::Recipient(r) => matches!(r.role.as_ref().map(|x| x.value), Some(Role::Entrusted)),
        DeclRef::Transfer(_) => false,
        _ => true,
    }
}

/// Whether T011 (liability shifted to a third party) reads this text and
/// finds its own words there: that finding is T011's, not this rule's.
fn t011_reports(ctx: &Ctx<'_>, d: &DeclRef<'_>, t: &Text) -> bool {
    let about_third = matches!(
        d,
        DeclRef::Recipient(_) | DeclRef::Sdk(_) | DeclRef::SdkList(_) | DeclRef::Transfer(_)
    ) || mentions(ctx.lexicon.terms("third-party-marker"), std::iter::once(t));
    about_third && find_affirmed(ctx, ctx.lexicon.terms("liability-shift"), t).is_some()
}

fn check_p011(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terms = ctx.lexicon.terms("responsibility-disclaimer");
    let elsewhere = ctx.lexicon.terms("uncontrolled-third-party");
    let mut hits: Vec<(&Text, String)> = Vec::new();
    for d in ctx.model.decls().filter(operator_controls) {
        for t in texts_of(d) {
            if mentions(elsewhere, std::iter::once(t)) || t011_reports(ctx, &d, t) {
                continue;
            }
            if let Some(term) = find_in_text(terms, t) {
                hits.push((t, term));
            }
        }
    }
    hits.sort_by_key(|(t, _)| t.span);
    hits.dedup_by_key(|(t, _)| t.span);
    for (t, term) in hits {
        sink.report(t.span, crate::msg!("accountability.disclaims", term = term))
            .label(crate::msg!("accountability.disclaimed-label"))
            .help(crate::msg!("accountability.disclaims-help"));
    }
}

// ---------------------------------------------------------------------------
// P012
// ---------------------------------------------------------------------------

pub static P012_INCIDENT_NOTICE_INCOMPLETE: Rule = Rule {
    code: "P012",
    name: "incident-notice-incomplete",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "57").para(1),
        LegalRef::new("GB35273", "10.2").derived(),
    ],
    summary: "the security-incident clause does not promise a notice with what PIPL Art. 57 requires, or there is none",
    explanation: include_str!("../../../docs/rules/P012.md"),
    check: check_p012,
};

/// What an incident notice must contain (PIPL Art. 57 ¶1 (1)–(3)), each
/// with the contents that state it: `situation` (the incident's basic
/// facts) holds its cause, and `measures` the remedial steps.
type NoticePart = (fn() -> Msg, &'static [IncidentContent]);
const NOTICE_PARTS: &[NoticePart] = &[
    (
        || crate::msg!("accountability.part-types"),
        &[IncidentContent::Types],
    ),
    (
        || crate::msg!("accountability.part-cause"),
        &[IncidentContent::Cause, IncidentContent::Situation],
    ),
    (
        || crate::msg!("accountability.part-harm"),
        &[IncidentContent::Impact],
    ),
    (
        || crate::msg!("accountability.part-remedies"),
        &[IncidentContent::Measures, IncidentContent::Remedies],
    ),
    (
        || crate::msg!("accountability.part-advice"),
        &[IncidentContent::Advice],
    ),
    (
        || crate::msg!("accountability.part-contact"),
        &[IncidentContent::Contact],
    ),
];

fn check_p012(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(s) = &ctx.model.security else {
        sink.report(header_span(ctx), crate::msg!("accountability.no-security"))
            .label(crate::msg!("accountability.no-security-label"))
            .help(crate::msg!("accountability.no-security-help"));
        return;
    };
    let stated: Vec<IncidentContent> = s.incident_contents.iter().map(|c| c.value).collect();
    let missing: Vec<&NoticePart> = NOTICE_PARTS
        .iter()
        .filter(|(_, any)| !any.iter().any(|c| stated.contains(c)))
        .collect();
    if missing.is_empty() {
        return;
    }
    if s.incident_notice.is_empty() && s.incident_contents.is_empty() {
        sink.report(s.head, crate::msg!("accountability.no-notice"))
            .label(crate::msg!("accountability.no-notice-label"))
            .help(crate::msg!("accountability.no-notice-help"));
        return;
    }
    let at = s.incident_contents.first().map_or(s.head, |c| c.span);
    // The contents GB/T 35273-2020 10.2 lists (situation, impact, measures,
    // advice, remedies) all promised: what is missing is what PIPL adds
    // (the kinds of information, a contact). Readers of the standard's list
    // often take it as complete, hence an info.
    let only_pipl_additions = missing.iter().all(|(_, any)| {
        any.iter()
            .all(|c| matches!(c, IncidentContent::Types | IncidentContent::Contact))
    });
    let f = sink.report(
        at,
        crate::msg!(
            "accountability.notice-missing",
            missing = crate::messages::words(missing.iter().map(|(what, _)| what()))
        ),
    );
    f.label(crate::msg!(
        "accountability.notice-missing-label",
        count = missing.len()
    ))
    .help(crate::msg!("accountability.notice-missing-help"));
    if only_pipl_additions {
        f.severity(Severity::Info);
    }
}

// ---------------------------------------------------------------------------
// P013
// ---------------------------------------------------------------------------

pub static P013_NO_EXTERNAL_REMEDY: Rule = Rule {
    code: "P013",
    name: "no-external-remedy",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "50").para(2),
        LegalRef::new("GB35273", "5.5").derived(),
    ],
    summary: "the policy names no route outside the processor (a regulator, a court) for an unresolved complaint",
    explanation: include_str!("../../../docs/rules/P013.md"),
    check: check_p013,
};

fn check_p013(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    if m.complaints
        .as_ref()
        .is_some_and(|c| !c.external.is_empty())
    {
        return;
    }
    // A court or an arbitration commission named in `dispute` is a route
    // outside the processor (PIPL Art. 50 ¶2: the individual may sue).
    if m.dispute.as_ref().is_some_and(|d| {
        d.forums
            .iter()
            .any(|f| matches!(f.kind, ForumKind::Court | ForumKind::Arbitration))
    }) {
        return;
    }
    let terms = ctx.lexicon.terms("external-remedy");
    // A route named anywhere in the complaints, rights or contact texts, or
    // in prose sections, counts.
    let texts: Vec<&Text> = m
        .decls()
        .filter(|d| {
            matches!(
                d,
                DeclRef::Complaints(_)
                    | DeclRef::Right(_)
                    | DeclRef::Section(_)
                    | DeclRef::Processor(_)
                    | DeclRef::Officer(_)
            )
        })
        .flat_map(texts_of)
        .collect();
    if mentions(terms, texts) {
        return;
    }
    let at = m.complaints.as_ref().map_or(header_span(ctx), |c| c.head);
    sink.report(at, crate::msg!("accountability.no-external"))
        .label(crate::msg!("accountability.no-external-label"))
        .help(crate::msg!("accountability.no-external-help"));
}

// ---------------------------------------------------------------------------
// P014
// ---------------------------------------------------------------------------

pub static P014_PROCESSOR_BLURRED_BY_AFFILIATES: Rule = Rule {
    code: "P014",
    name: "processor-blurred-by-affiliates",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(1),
        LegalRef::new("PIPL", "20").para(1),
    ],
    summary: "the processor is the company \"and its affiliates\", which are not named one by one",
    explanation: include_str!("../../../docs/rules/P014.md"),
    check: check_p014,
};

/// `affiliates "…"` on `processor` whose wording leaves the affiliates
/// unnamed ("及其关联公司", topic `unnamed-partner`) or the list open
/// ("包括但不限于", topic `open-ended`).
fn check_p014(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(p) = &ctx.model.processor else {
        return;
    };
    let Some(a) = &p.affiliates else { return };
    let unnamed = ctx.lexicon.terms("unnamed-partner");
    let open = ctx.lexicon.terms("open-ended");
    let texts = std::iter::once(a.text.as_str()).chain(a.translations.values().map(String::as_str));
    let Some(term) = texts
        .clone()
        .find_map(|t| open.find(t))
        .or_else(|| texts.clone().find_map(|t| unnamed.find(t)))
        .map(|(_, term)| term)
    else {
        return;
    };
    sink.report(
        a.span,
        crate::msg!("accountability.blurred-by-affiliates", term = term),
    )
    .label(crate::msg!("accountability.blurred-by-affiliates-label"))
    .help(crate::msg!("accountability.blurred-by-affiliates-help"));
}

// ---------------------------------------------------------------------------
// P015
// ---------------------------------------------------------------------------

pub static P015_ARBITRATION_EXCLUDES_COURT: Rule = Rule {
    code: "P015",
    name: "arbitration-excludes-court",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "50").para(2)],
    summary: "disputes go to arbitration and to no court, though an individual whose request is refused may sue",
    explanation: include_str!("../../../docs/rules/P015.md"),
    check: check_p015,
};

/// `dispute` names an arbitration forum and no court: the clause sends the
/// disputes to arbitration instead of the court the individual may go to.
fn check_p015(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(d) = &ctx.model.dispute else { return };
    if d.forums.iter().any(|f| f.kind == ForumKind::Court) {
        return;
    }
    let Some(arb) = d.forums.iter().find(|f| f.kind == ForumKind::Arbitration) else {
        return;
    };
    sink.report(arb.span, crate::msg!("accountability.arbitration-only"))
        .label(crate::msg!("accountability.arbitration-only-label"))
        .help(crate::msg!("accountability.arbitration-only-help"));
}
