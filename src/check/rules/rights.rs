//! Rights of the individual (PIPL Chapter IV; NDSR Art. 21, 23; the App
//! rules section 六).

use super::support::{
    closure_only_by_request, first_affirmed, join_words, mentions, texts_of, time_limited_right,
};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::check::thresholds::Thresholds;
use crate::model::words::RightKind;
use crate::model::{DeclRef, Right, Text};

pub static RULES: &[&Rule] = &[
    &U001_MISSING_RIGHT,
    &U002_MISSING_PORTABILITY,
    &U003_MISSING_EXPLANATION_RIGHT,
    &U004_RIGHT_WITHOUT_CHANNEL,
    &U005_DELETION_TRIGGERS_INCOMPLETE,
    &U006_UNREASONABLE_RIGHTS_CONDITION,
    &U007_RESPONSE_TIME_MISSING_OR_TOO_LONG,
    &U008_MISSING_RESTRICT_OR_REFUSE_RIGHT,
];

fn covered(ctx: &Ctx<'_>, kinds: &[RightKind]) -> bool {
    ctx.model
        .rights
        .iter()
        .any(|r| r.covers.iter().any(|c| kinds.contains(&c.value)))
}

fn right_texts(r: &Right) -> Vec<&Text> {
    texts_of(DeclRef::Right(r))
}

// ---------------------------------------------------------------------------
// U001
// ---------------------------------------------------------------------------

pub static U001_MISSING_RIGHT: Rule = Rule {
    code: "U001",
    name: "missing-right",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "45").para(1),
        LegalRef::new("PIPL", "46"),
        LegalRef::new("PIPL", "47").para(1),
        LegalRef::new("PIPL", "15").para(1),
        LegalRef::new("NDSR", "21").para(1).item(4),
        LegalRef::new("REC", "6").para(1),
    ],
    summary: "a statutory right (access, copy, correct, delete, withdraw consent, close account) is not offered",
    explanation: include_str!("../../../docs/rules/U001.md"),
    check: check_u001,
};

fn check_u001(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Ok(t) = Thresholds::builtin() else { return };
    let at = ctx.model.header.head;
    for r in &t.required_rights {
        let (kind, what, art) = (r.right, &r.what, r.cite.short());
        if covered(ctx, &[kind]) {
            continue;
        }
        sink.report(
            at,
            format!("the policy does not say how to exercise the right to {what}"),
        )
        .label(format!("no `right` covers `{kind}`"))
        .help(format!(
            "add a `right` with `covers {kind}` and the channel or in-app path to use it ({art})"
        ));
    }
}

// ---------------------------------------------------------------------------
// U002
// ---------------------------------------------------------------------------

pub static U002_MISSING_PORTABILITY: Rule = Rule {
    code: "U002",
    name: "missing-portability",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "45").para(3),
        LegalRef::new("NDSR", "25"),
    ],
    summary: "the policy offers no way to transfer personal information to another processor",
    explanation: include_str!("../../../docs/rules/U002.md"),
    check: check_u002,
};

fn check_u002(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !covered(ctx, &[RightKind::Port]) {
        sink.report(
            ctx.model.header.head,
            "the policy does not say how to transfer personal information to another processor",
        )
        .label("no `right` covers `port`")
        .help("add a `right` with `covers port` and the way to request the transfer");
    }
}

// ---------------------------------------------------------------------------
// U003
// ---------------------------------------------------------------------------

pub static U003_MISSING_EXPLANATION_RIGHT: Rule = Rule {
    code: "U003",
    name: "missing-explanation-right",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "48")],
    summary: "the policy does not offer an explanation of its processing rules on request",
    explanation: include_str!("../../../docs/rules/U003.md"),
    check: check_u003,
};

fn check_u003(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !covered(ctx, &[RightKind::Explain]) {
        sink.report(
            ctx.model.header.head,
            "the policy does not say how to ask for an explanation of its processing rules",
        )
        .label("no `right` covers `explain`")
        .help("add a `right` with `covers explain` and the channel to ask for the explanation");
    }
}

// ---------------------------------------------------------------------------
// U004
// ---------------------------------------------------------------------------

pub static U004_RIGHT_WITHOUT_CHANNEL: Rule = Rule {
    code: "U004",
    name: "right-without-channel",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(3),
        LegalRef::new("PIPL", "50").para(1),
    ],
    summary: "a right is named but no channel or path to exercise it is given",
    explanation: include_str!("../../../docs/rules/U004.md"),
    check: check_u004,
};

fn check_u004(ctx: &Ctx<'_>, sink: &mut Sink) {
    for r in ctx
        .model
        .rights
        .iter()
        .filter(|r| r.channels.is_empty() && r.paths.is_empty())
    {
        let kinds: Vec<String> = r.covers.iter().map(|c| format!("`{}`", c.value)).collect();
        let what = if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        };
        sink.report(
            r.head,
            format!("right `{}`{what} gives no way to exercise it", r.id),
        )
        .label("no `channel` and no `path`")
        .help(
            "add `channel …` (e.g. `channel app`, `channel phone \"…\"`) or `path \"【我的→…】\"`",
        );
    }
}

// ---------------------------------------------------------------------------
// U005
// ---------------------------------------------------------------------------

pub static U005_DELETION_TRIGGERS_INCOMPLETE: Rule = Rule {
    code: "U005",
    name: "deletion-triggers-incomplete",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "47").para(1)],
    summary: "the deletion right does not cover all the cases in which the law requires deletion",
    explanation: include_str!("../../../docs/rules/U005.md"),
    check: check_u005,
};

fn check_u005(ctx: &Ctx<'_>, sink: &mut Sink) {
    let deletes: Vec<&Right> = ctx
        .model
        .rights
        .iter()
        .filter(|r| r.covers.iter().any(|c| c.value == RightKind::Delete))
        .collect();
    let Some(first) = deletes.first() else { return };
    // Deletion may be promised in the delete right or in a retention clause.
    let mut texts: Vec<&Text> = deletes.iter().flat_map(|r| right_texts(r)).collect();
    for r in &ctx.model.retention {
        texts.extend(texts_of(DeclRef::Retention(r)));
    }
    let triggers = [
        (
            "delete-trigger-purpose",
            "the purpose is achieved, cannot be achieved or no longer needs the data",
        ),
        (
            "delete-trigger-end",
            "the service stops or the retention period ends",
        ),
        ("delete-trigger-withdraw", "consent is withdrawn"),
        (
            "delete-trigger-unlawful",
            "processing breaks the law or the agreement",
        ),
    ];
    let missing: Vec<&str> = triggers
        .iter()
        .filter(|(topic, _)| !mentions(ctx.lexicon.terms(topic), texts.iter().copied()))
        .map(|(_, what)| *what)
        .collect();
    if missing.is_empty() {
        return;
    }
    sink.report(
        first.head,
        format!("deletion is not promised when {}", join_words(&missing)),
    )
    .label(format!("{} of the 4 statutory cases missing", missing.len()))
    .help("promise deletion (on request or on your own initiative) in every Art. 47 case, e.g. with `condition \"…\"` lines on the delete right");
}

// ---------------------------------------------------------------------------
// U006
// ---------------------------------------------------------------------------

pub static U006_UNREASONABLE_RIGHTS_CONDITION: Rule = Rule {
    code: "U006",
    name: "unreasonable-rights-condition",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("NDSR", "23"),
        LegalRef::new("REC", "6").para(2),
    ],
    summary: "a right is subject to a condition that the law calls unreasonable",
    explanation: include_str!("../../../docs/rules/U006.md"),
    check: check_u006,
};

fn check_u006(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terms = ctx.lexicon.terms("unreasonable-condition");
    for r in &ctx.model.rights {
        if let Some((t, term)) = first_affirmed(ctx, terms, right_texts(r)) {
            sink.report(t.span, format!("right `{}` is subject to an unreasonable condition (`{term}`)", r.id))
                .label("unreasonable condition")
                .help("drop the condition; you may verify identity and settle what is owed, but not require the absence of any dispute or a notarised request");
        }
    }
    // The rules for answering every request, written once in a section of
    // their own ("响应您的上述请求"), bind each right as much as its own lines.
    let response = ctx.lexicon.terms("rights-response");
    for s in &ctx.model.sections {
        let texts = texts_of(DeclRef::Section(s));
        if !mentions(response, texts.iter().copied()) {
            continue;
        }
        if let Some((t, term)) = first_affirmed(ctx, terms, texts) {
            sink.report(t.span, format!("requests to exercise rights are subject to an unreasonable condition (`{term}`), in section `{}`", s.id))
                .label("unreasonable condition")
                .help("drop the condition; you may verify identity and settle what is owed, but not require the absence of any dispute or a notarised request");
        }
    }
}

// ---------------------------------------------------------------------------
// U007
// ---------------------------------------------------------------------------

pub static U007_RESPONSE_TIME_MISSING_OR_TOO_LONG: Rule = Rule {
    code: "U007",
    name: "response-time-missing-or-too-long",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("REC", "6").para(3),
        LegalRef::new("GB35273", "8.7").derived(),
    ],
    summary: "no response time is promised for rights requests, or it exceeds 15 working days",
    explanation: include_str!("../../../docs/rules/U007.md"),
    check: check_u007,
};

fn check_u007(ctx: &Ctx<'_>, sink: &mut Sink) {
    let rights = &ctx.model.rights;
    // The App rules' limit for handling a request by hand (六.3).
    let Ok(t) = Thresholds::builtin() else { return };
    let max = t.response_working_days.value;
    // Only a time promised for a right over the processing counts: a
    // 48-hour reply to complaints, or to marketing opt-outs, says nothing of
    // how fast a deletion is handled. A closure by request with no time is
    // U009's.
    let limited: Vec<&Right> = rights.iter().filter(|r| time_limited_right(r)).collect();
    if !limited.iter().any(|r| r.response.is_some()) {
        let silent: Vec<&Right> = limited
            .iter()
            .copied()
            .filter(|r| !closure_only_by_request(r))
            .collect();
        if let Some(first) = silent.first() {
            let f = sink.report(
                first.head,
                "no right over the processing states how quickly requests are answered",
            );
            f.label("no `response` time on any right").help(format!(
                "promise a response time of at most {max} working days, e.g. `response {max}wd`"
            ));
            if let Some(other) = rights
                .iter()
                .find(|r| !time_limited_right(r) && r.response.is_some())
            {
                f.related(
                    other.head,
                    format!(
                        "`{}` promises a time, but for another kind of request",
                        other.id
                    ),
                );
            }
        }
    }
    for r in rights {
        let Some(resp) = &r.response else { continue };
        let wd = resp.value.approx_working_days();
        if wd > max {
            sink.report(
                resp.span,
                format!(
                    "right `{}` promises an answer within {}, more than {max} working days",
                    r.id, resp.value
                ),
            )
            .label(format!("about {wd} working days"))
            .help(format!("promise an answer within {max} working days (`response {max}wd`, or `response {max}d`)"));
        }
    }
}

// ---------------------------------------------------------------------------
// U008
// ---------------------------------------------------------------------------

pub static U008_MISSING_RESTRICT_OR_REFUSE_RIGHT: Rule = Rule {
    code: "U008",
    name: "missing-restrict-or-refuse-right",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "44")],
    summary: "the policy does not say how to restrict or refuse processing",
    explanation: include_str!("../../../docs/rules/U008.md"),
    check: check_u008,
};

fn check_u008(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !covered(ctx, &[RightKind::Restrict, RightKind::Refuse]) {
        sink.report(
            ctx.model.header.head,
            "the policy does not say how to restrict or refuse the processing",
        )
        .label("no `right` covers `restrict` or `refuse`")
        .help("add a `right` with `covers restrict, refuse` and the way to use it");
    }
}
