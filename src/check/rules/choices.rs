//! The user's choices: which items are required, refusing cookies, turning
//! personalised recommendation off, closing the account (PIPL Art. 15, 16,
//! 15 ¶2, 24 ¶2, 44, 47 ¶1; NDSR Art. 23; the App rules 六.3).

use super::support::{
    closure_only_by_request, find_in_text, kw, mentions, refuses_personalisation, texts_of,
};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::messages::Msg;
use crate::model::words::{ConsentKind, RightKind, Status};
use crate::model::{DeclRef, Right, StatusStmt, Text};

pub static RULES: &[&Rule] = &[
    &I010_REQUIRED_OPTIONAL_NOT_STATED,
    &C010_COOKIE_WITHOUT_REFUSAL,
    &A004_RECOMMENDATION_WITHOUT_OPT_OUT,
    &U009_ACCOUNT_CLOSURE_WITHOUT_TIME_LIMIT,
    &U010_DELETION_AFTER_CLOSURE_ONLY_ON_REQUEST,
    &U011_DATA_KEPT_AFTER_WITHDRAWAL,
    &U012_UNDELETABLE_DATA_STILL_USED,
];

/// Whether a declaration's `status` says it does not happen now.
fn not_happening(s: Option<&StatusStmt>) -> bool {
    s.is_some_and(|s| {
        matches!(
            s.kind,
            Status::NoneCurrently | Status::Planned | Status::Mentioned
        )
    })
}

// ---------------------------------------------------------------------------
// I010
// ---------------------------------------------------------------------------

pub static I010_REQUIRED_OPTIONAL_NOT_STATED: Rule = Rule {
    code: "I010",
    name: "required-optional-not-stated",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "16"),
        LegalRef::new("GB35273", "5.3").derived(),
    ],
    summary: "the policy never says which personal information is required and which is optional",
    explanation: include_str!("../../../docs/rules/I010.md"),
    check: check_i010,
};

fn check_i010(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let collecting: Vec<_> = m
        .functions
        .iter()
        .filter(|f| !f.collects.is_empty())
        .collect();
    let Some(first) = collecting.first() else {
        return;
    };
    let need_stated = m
        .functions
        .iter()
        .flat_map(|f| &f.collects)
        .chain(m.permissions.iter().flat_map(|p| &p.collects))
        .any(|c| c.need.is_some());
    let refusal_stated = m.functions.iter().any(|f| f.refusal.is_some());
    if need_stated || refusal_stated {
        return;
    }
    let message = if collecting.len() == 1 {
        crate::msg!("choices.need-one", id = &first.id)
    } else {
        crate::msg!("choices.need-many", count = collecting.len())
    };
    sink.report(first.head, message)
        .label(crate::msg!("choices.need-label"))
        .help(crate::msg!("choices.need-help"));
}

// ---------------------------------------------------------------------------
// C010
// ---------------------------------------------------------------------------

pub static C010_COOKIE_WITHOUT_REFUSAL: Rule = Rule {
    code: "C010",
    name: "cookie-without-refusal",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "44"),
        LegalRef::new("PIPL", "15").para(1),
    ],
    summary: "a cookie, beacon or tracking script offers no way to refuse it and asks no consent",
    explanation: include_str!("../../../docs/rules/C010.md"),
    check: check_c010,
};

fn check_c010(ctx: &Ctx<'_>, sink: &mut Sink) {
    for c in &ctx.model.cookies {
        if not_happening(c.status.as_ref()) {
            continue;
        }
        let asked = c
            .consent
            .as_ref()
            .is_some_and(|k| k.value != ConsentKind::None);
        if asked || !c.opt_outs.is_empty() || c.refusal.is_some() {
            continue;
        }
        sink.report(c.head, crate::msg!("choices.cookie", id = &c.id))
            .label(crate::msg!("choices.cookie-label"))
            .help(crate::msg!("choices.cookie-help"));
    }
}

// ---------------------------------------------------------------------------
// A004
// ---------------------------------------------------------------------------

pub static A004_RECOMMENDATION_WITHOUT_OPT_OUT: Rule = Rule {
    code: "A004",
    name: "recommendation-without-opt-out",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "24").para(2)],
    summary: "personalised recommendation offers neither a non-personalised option nor its own way to refuse",
    explanation: include_str!("../../../docs/rules/A004.md"),
    check: check_a004,
};

fn check_a004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let marketing_opt_out = ctx.model.marketing.as_ref().filter(|mk| {
        !mk.opt_outs.is_empty() || mk.non_personalised_option.as_ref().is_some_and(|n| n.value)
    });
    for r in &ctx.model.recommendations {
        if not_happening(r.status.as_ref()) {
            continue;
        }
        if r.personalised.as_ref().is_some_and(|p| !p.value) {
            continue;
        }
        let option = r.non_personalised_option.as_ref().is_some_and(|n| n.value);
        if option || r.opt_outs.iter().any(|c| refuses_personalisation(ctx, c)) {
            continue;
        }
        let f = sink.report(r.head, crate::msg!("choices.recommendation", id = &r.id));
        f.label(crate::msg!("choices.recommendation-label"))
            .help(crate::msg!("choices.recommendation-help"));
        if let Some(mk) = marketing_opt_out {
            f.related(
                kw(mk.span, "marketing"),
                crate::msg!("choices.marketing-opt-out-not-this"),
            );
        }
        if r.personalised.is_none() {
            f.severity(Severity::Warning);
        }
    }
}

// ---------------------------------------------------------------------------
// U009
// ---------------------------------------------------------------------------

pub static U009_ACCOUNT_CLOSURE_WITHOUT_TIME_LIMIT: Rule = Rule {
    code: "U009",
    name: "account-closure-without-time-limit",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("REC", "6").para(3),
        LegalRef::new("NDSR", "23"),
        LegalRef::new("GB35273", "8.5").derived(),
    ],
    summary: "closing the account is offered only by request or on conditions, with no time promised for it",
    explanation: include_str!("../../../docs/rules/U009.md"),
    check: check_u009,
};

fn check_u009(ctx: &Ctx<'_>, sink: &mut Sink) {
    let preconditions = ctx.lexicon.terms("closure-precondition");
    let immediate = ctx.lexicon.terms("immediate");
    let mut found: Vec<(&Right, Option<&Text>)> = Vec::new();
    for r in &ctx.model.rights {
        let closes = r.covers.iter().any(|k| k.value == RightKind::CloseAccount);
        if !closes || r.response.is_some() {
            continue;
        }
        let texts = texts_of(DeclRef::Right(r));
        if mentions(immediate, texts.iter().copied()) {
            continue;
        }
        let condition = r
            .conditions
            .iter()
            .find(|t| mentions(preconditions, std::iter::once(*t)));
        if closure_only_by_request(r) || condition.is_some() {
            found.push((r, condition));
        }
    }
    let Some((r, condition)) = found.first() else {
        return;
    };
    let message = match (closure_only_by_request(r), condition.is_some()) {
        (true, false) => crate::msg!("choices.closure-by-request", id = &r.id),
        (true, true) => crate::msg!("choices.closure-by-request-conditions", id = &r.id),
        _ => crate::msg!("choices.closure-conditions", id = &r.id),
    };
    let f = sink.report(r.head, message);
    f.label(crate::msg!("choices.closure-label"))
        .help(crate::msg!("choices.closure-help"));
    if let Some(c) = condition {
        f.related(c.span, crate::msg!("choices.closure-condition"));
    }
    for (o, _) in found.iter().skip(1) {
        f.related(o.head, crate::msg!("choices.closure-also", id = &o.id));
    }
}

// ---------------------------------------------------------------------------
// U010
// ---------------------------------------------------------------------------

pub static U010_DELETION_AFTER_CLOSURE_ONLY_ON_REQUEST: Rule = Rule {
    code: "U010",
    name: "deletion-after-closure-only-on-request",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "47").para(1)],
    summary:
        "after the account is closed, personal information is deleted only if the individual asks",
    explanation: include_str!("../../../docs/rules/U010.md"),
    check: check_u010,
};

/// Texts about closing the account (a right that covers `close-account`,
/// or any declaration whose texts speak of closure) that make deletion
/// depend on a request ("依据您的要求，删除"). Closing the account ends the
/// service and the consent behind it, so the processor must delete on its
/// own initiative (PIPL Art. 47 ¶1 (2), (3)).
fn check_u010(ctx: &Ctx<'_>, sink: &mut Sink) {
    let found = texts_about(
        ctx,
        RightKind::CloseAccount,
        "account-closure",
        "delete-on-request",
    );
    report_texts(
        sink,
        &found,
        |term| crate::msg!("choices.delete-on-request", term = term),
        [
            crate::msg!("choices.delete-on-request-label"),
            crate::msg!("choices.delete-on-request-also"),
            crate::msg!("choices.delete-on-request-help"),
        ],
    );
}

/// One finding at the first of `found`, with a label at each other one;
/// `notes` are the label, the other places' label and the help.
fn report_texts(
    sink: &mut Sink,
    found: &[(&Text, String)],
    message: impl FnOnce(&str) -> Msg,
    notes: [Msg; 3],
) {
    let Some((first, term)) = found.first() else {
        return;
    };
    let [label, also, help] = notes;
    let f = sink.report(first.span, message(term));
    f.label(label);
    for (t, _) in found.iter().skip(1) {
        f.related(t.span, also.clone());
    }
    f.help(help);
}

/// The texts, in source order, that carry a term of topic `terms`, among
/// the texts of every right covering `kind` and of every declaration whose
/// texts speak of the act (topic `about`), with the words matched.
fn texts_about<'m>(
    ctx: &Ctx<'m>,
    kind: RightKind,
    about: &str,
    terms: &str,
) -> Vec<(&'m Text, String)> {
    let terms = ctx.lexicon.terms(terms);
    let about = ctx.lexicon.terms(about);
    let mut found: Vec<(&Text, String)> = Vec::new();
    for d in ctx.model.decls() {
        let texts = texts_of(d);
        let covers = match d {
            DeclRef::Right(r) => r.covers.iter().any(|k| k.value == kind),
            _ => false,
        };
        if !covers && !mentions(about, texts.iter().copied()) {
            continue;
        }
        for t in texts {
            if let Some(term) = find_in_text(terms, t) {
                found.push((t, term));
            }
        }
    }
    found.sort_by_key(|(t, _)| t.span);
    found
}

// ---------------------------------------------------------------------------
// U011
// ---------------------------------------------------------------------------

pub static U011_DATA_KEPT_AFTER_WITHDRAWAL: Rule = Rule {
    code: "U011",
    name: "data-kept-after-withdrawal",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "47").para(1).item(3),
        LegalRef::new("PIPL", "15").para(2),
    ],
    summary: "withdrawing consent is said to leave the data stored, with no deletion",
    explanation: include_str!("../../../docs/rules/U011.md"),
    check: check_u011,
};

/// Texts about withdrawing consent (a `withdraw` right, or a declaration
/// whose texts speak of withdrawal) that say the data stays stored
/// ("不会影响…处理、存储", "不实时删除"). Art. 15 ¶2 keeps earlier
/// processing valid; it does not let the data stay: once consent is
/// withdrawn the processor deletes on its own initiative (Art. 47 ¶1 (3)).
fn check_u011(ctx: &Ctx<'_>, sink: &mut Sink) {
    let found = texts_about(
        ctx,
        RightKind::Withdraw,
        "withdrawal",
        "kept-after-withdrawal",
    );
    report_texts(
        sink,
        &found,
        |term| crate::msg!("choices.kept-after-withdrawal", term = term),
        [
            crate::msg!("choices.kept-after-withdrawal-label"),
            crate::msg!("choices.kept-after-withdrawal-also"),
            crate::msg!("choices.kept-after-withdrawal-help"),
        ],
    );
}

// ---------------------------------------------------------------------------
// U012
// ---------------------------------------------------------------------------

pub static U012_UNDELETABLE_DATA_STILL_USED: Rule = Rule {
    code: "U012",
    name: "undeletable-data-still-used",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "47").para(2)],
    summary:
        "data that is not deleted (a legal period, or deletion impossible) is said to be still used",
    explanation: include_str!("../../../docs/rules/U012.md"),
    check: check_u012,
};

/// Texts of a `delete` right, or of a declaration that speaks of data it
/// cannot delete (topic `undeletable`), that say that part of the data
/// will go on being used (topic `used-when-undeletable`: "使用该部分信息");
/// and texts about closing the account (a `close-account` right, or any
/// declaration speaking of closure) that say the data collected before is
/// still used (topic `used-after-closure`: "继续使用此前收集的").
/// Where a legal retention period has not ended or deletion is technically
/// impossible, the processor shall stop all processing other than storage
/// and the necessary security measures (PIPL Art. 47 ¶2).
fn check_u012(ctx: &Ctx<'_>, sink: &mut Sink) {
    let mut found = texts_about(
        ctx,
        RightKind::Delete,
        "undeletable",
        "used-when-undeletable",
    );
    for hit in texts_about(
        ctx,
        RightKind::CloseAccount,
        "account-closure",
        "used-after-closure",
    ) {
        if !found.iter().any(|(t, _)| t.span == hit.0.span) {
            found.push(hit);
        }
    }
    found.sort_by_key(|(t, _)| t.span);
    report_texts(
        sink,
        &found,
        |term| crate::msg!("choices.undeletable-still-used", term = term),
        [
            crate::msg!("choices.undeletable-still-used-label"),
            crate::msg!("choices.undeletable-still-used-also"),
            crate::msg!("choices.undeletable-still-used-help"),
        ],
    );
}
