//! Automated decision-making and personalised marketing (PIPL Art. 24).

use super::support::{first_affirmed, mentions, texts_of};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::words::Channel;
use crate::model::{ChannelRef, DeclRef};

pub static RULES: &[&Rule] = &[
    &A001_UNDISCLOSED_AUTOMATED_DECISION,
    &A002_PERSONALISED_MARKETING_WITHOUT_OPT_OUT,
    &A003_SIGNIFICANT_DECISION_WITHOUT_EXPLANATION_OR_REFUSAL,
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
            sink.report(t.span, format!("function `{}` describes automated decision-making (`{term}`), but the policy declares none", f.id))
                .label("looks like an automated decision")
                .help("declare it with `automated-decision id \"…\" { purpose …, significant yes|no, logic …, explain …, refuse … }` and link it with `decisions`");
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
    // Revoking a device permission or closing the account is not a way to
    // refuse personalised marketing ("定向推送的退出机制" that is the OS
    // permission screen): such routes do not count.
    let device = ctx.lexicon.terms("permission-settings-route");
    let leave = ctx.lexicon.terms("leave-route");
    let real = |c: &&ChannelRef| {
        !matches!(c.kind, Channel::CloseAccount | Channel::PermissionSwitch)
            && !c.value.as_ref().is_some_and(|v| {
                mentions(device, std::iter::once(v)) || mentions(leave, std::iter::once(v))
            })
    };
    if non_personalised || mk.opt_outs.iter().any(|c| real(&c)) {
        return;
    }
    let f = sink.report(
        p.span,
        "personalised marketing offers no non-personalised option and no way to refuse",
    );
    f.label("`personalised yes`")
        .help("add `non-personalised-option yes` or an `opt-out` channel (e.g. `opt-out settings \"…\"`, `opt-out sms \"回复TD退订\"`)");
    if let Some(n) = mk.non_personalised_option.as_ref() {
        f.related(n.span, "no non-personalised option");
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
            missing.push("channel to ask for an explanation");
        }
        let human = d.human_review.as_ref().is_some_and(|h| h.value);
        if d.refuse.is_empty() && !human {
            missing.push("way to refuse a decision made solely by automation");
        }
        if missing.is_empty() {
            continue;
        }
        sink.report(
            d.head,
            format!(
                "automated decision `{}` has a significant effect but offers {}",
                d.id,
                missing
                    .iter()
                    .map(|m| format!("no {m}"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        )
        .label(match (d.explain.is_empty(), missing.len()) {
            (true, 2) => "no explanation channel and no way to refuse",
            (true, _) => "no explanation channel",
            _ => "no way to refuse",
        })
        .related(sig.span, "declared significant here")
        .help("add `explain <channel> \"…\"` and `refuse <channel> \"…\"` (or `human-review yes`)");
    }
}
