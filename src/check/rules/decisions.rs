//! Automated decision-making and personalised marketing (PIPL Art. 24).

use super::support::{first_affirmed, mentions, refuses_personalisation, texts_of};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::words::Channel;
use crate::model::{ChannelRef, DeclRef};

pub static RULES: &[&Rule] = &[
    &A001_UNDISCLOSED_AUTOMATED_DECISION,
    &A002_PERSONALISED_MARKETING_WITHOUT_OPT_OUT,
    &A003_SIGNIFICANT_DECISION_WITHOUT_EXPLANATION_OR_REFUSAL,
    &A005_MARKETING_WITHOUT_OPT_OUT,
];

// ---------------------------------------------------------------------------
// A001
// ---------------------------------------------------------------------------

pub static A001_UNDISCLOSED_AUTOMATED_DECISION: Rule = Rule {
    code: "A001",
    name: "undisclosed-automated-decision",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "24").para(1), LegalRef::new("PIPL", "73").item(2)],
    summary: "a function describes scoring, models or credit limits, but the policy declares no automated decision",
    explanation: include_str!("../../../docs/rules/A001.md"),
    check: check_a001,
};

fn check_a001(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !ctx.model.decisions.is_empty() {
        return;
    }
    let terms = ctx.lexicon.terms("automated-decision");
    for f in &ctx.model.functions {
        if let Some((t, term)) = first_affirmed(ctx, terms, texts_of(DeclRef::Function(f))) {
            sink.report(
                t.span,
                crate::msg!(
                    "decisions.function-describes-automated-decision-making",
                    function = &f.id,
                    term = term.to_string()
                ),
            )
            .label(crate::msg!("decisions.looks-like-automated"))
            .help(crate::msg!(
                "decisions.declare-automated-decision-id-purpose"
            ));
        }
    }
}

// ---------------------------------------------------------------------------
// A002
// ---------------------------------------------------------------------------

pub static A002_PERSONALISED_MARKETING_WITHOUT_OPT_OUT: Rule = Rule {
    code: "A002",
    name: "personalised-marketing-without-opt-out",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "24").para(2), LegalRef::new("REC", "3").para(6)],
    summary: "personalised marketing or push offers neither a non-personalised option nor a way to refuse",
    explanation: include_str!("../../../docs/rules/A002.md"),
    check: check_a002,
};

fn check_a002(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(mk) = &ctx.model.marketing else {
        return;
    };
    let Some(p) = mk.personalised.as_ref().filter(|p| p.value) else {
        return;
    };
    let non_personalised = mk.non_personalised_option.as_ref().is_some_and(|n| n.value);
    if non_personalised {
        return;
    }
    let real: Vec<&ChannelRef> = mk
        .opt_outs
        .iter()
        .filter(|c| refuses_personalisation(ctx, c))
        .collect();
    // Unsubscribing from messages ("短信中提供的退订方式") refuses marketing
    // sent as messages; it does not refuse personalised content shown by
    // push or in the app.
    let unsubscribe = ctx.lexicon.terms("unsubscribe-route");
    let is_unsubscribe = |c: &&ChannelRef| {
        matches!(c.kind, Channel::Sms | Channel::Email | Channel::Unsubscribe)
            || c.value
                .as_ref()
                .is_some_and(|v| mentions(unsubscribe, std::iter::once(v)))
    };
    let message_only = |c: Channel| {
        matches!(
            c,
            Channel::Sms | Channel::Phone | Channel::Email | Channel::VoiceCall | Channel::Letter
        )
    };
    let unrefused = mk.via.iter().find(|v| !message_only(v.value));
    let message = match unrefused {
        _ if real.is_empty() => crate::msg!("decisions.personalised-marketing-offers-no"),
        Some(v) if real.iter().all(is_unsubscribe) => crate::msg!(
            "decisions.personalised-marketing-unsubscribe-only",
            via = v.value.word()
        ),
        _ => return,
    };
    let f = sink.report(p.span, message);
    f.label(crate::msg!("decisions.personalised-yes"))
        .help(crate::msg!(
            "decisions.add-non-personalised-option-yes-opt-out"
        ));
    if let Some(n) = mk.non_personalised_option.as_ref() {
        f.related(n.span, crate::msg!("decisions.no-non-personalised-option"));
    }
}

// ---------------------------------------------------------------------------
// A003
// ---------------------------------------------------------------------------

pub static A003_SIGNIFICANT_DECISION_WITHOUT_EXPLANATION_OR_REFUSAL: Rule = Rule {
    code: "A003",
    name: "significant-decision-without-explanation-or-refusal",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "24").para(3)],
    summary:
        "an automated decision with significant effect offers no explanation or no way to refuse",
    explanation: include_str!("../../../docs/rules/A003.md"),
    check: check_a003,
};

fn check_a003(ctx: &Ctx<'_>, sink: &mut Sink) {
    for d in &ctx.model.decisions {
        let Some(sig) = d.significant.as_ref().filter(|s| s.value) else {
            continue;
        };
        let mut missing = Vec::new();
        if d.explain.is_empty() {
            missing.push(crate::msg!("decisions.missing.explain-channel"));
        }
        let human = d.human_review.as_ref().is_some_and(|h| h.value);
        if d.refuse.is_empty() && !human {
            missing.push(crate::msg!("decisions.missing.refusal"));
        }
        if missing.is_empty() {
            continue;
        }
        sink.report(
            d.head,
            crate::msg!(
                "decisions.automated-has-significant-effect",
                data = &d.id,
                missing = crate::messages::words(missing.iter().cloned())
            ),
        )
        .label(match (d.explain.is_empty(), missing.len()) {
            (true, 2) => crate::msg!("decisions.no-explain-no-refuse"),
            (true, _) => crate::msg!("decisions.no-explain"),
            _ => crate::msg!("decisions.no-refuse"),
        })
        .related(sig.span, crate::msg!("decisions.declared-significant-here"))
        .help(crate::msg!("decisions.add-explain-channel-refuse"));
    }
}

// ---------------------------------------------------------------------------
// A005
// ---------------------------------------------------------------------------

pub static A005_MARKETING_WITHOUT_OPT_OUT: Rule = Rule {
    code: "A005",
    name: "marketing-without-opt-out",
    severity: Severity::Warning,
    legal: &[LegalRef::new("ADLAW", "43"), LegalRef::new("PIPL", "44")],
    summary: "marketing messages are sent, but the policy gives no way to stop them",
    explanation: include_str!("../../../docs/rules/A005.md"),
    check: check_a005,
};

/// A `marketing` declaration that sends messages (`via`) and names no
/// `opt-out` at all. Personalised marketing is A002's; this is marketing of
/// any kind, which the recipient must be able to refuse.
fn check_a005(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(mk) = &ctx.model.marketing else {
        return;
    };
    if mk.personalised.as_ref().is_some_and(|p| p.value) || !mk.opt_outs.is_empty() {
        return;
    }
    let Some(first) = mk.via.first() else { return };
    let via = mk
        .via
        .iter()
        .map(|v| v.value.word())
        .collect::<Vec<_>>()
        .join(", ");
    sink.report(
        mk.head,
        crate::msg!("decisions.marketing-without-opt-out", via = via),
    )
    .label(crate::msg!("decisions.marketing-without-opt-out-label"))
    .related(first.span, crate::msg!("decisions.marketing-via-label"))
    .help(crate::msg!("decisions.marketing-without-opt-out-help"));
}
