//! Rights of the individual (PIPL Chapter IV; NDSR Art. 21, 23; the App
//! rules section 六).

use super::support::{
    closure_only_by_request, first_affirmed, join_words, mentions, texts_of, time_limited_right,
};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::check::thresholds::Thresholds;
use crate::messages::IntoArg;
use crate::model::words::{Channel, DefaultsFor, RightKind, RightPointer};
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

/// The name of a statutory right, as the rights section would say it.
fn right_name(kind: RightKind) -> crate::messages::Msg {
    match kind {
        RightKind::Access => crate::msg!("rights.name.access"),
        RightKind::Copy => crate::msg!("rights.name.copy"),
        RightKind::Correct => crate::msg!("rights.name.correct"),
        RightKind::Delete => crate::msg!("rights.name.delete"),
        RightKind::Withdraw => crate::msg!("rights.name.withdraw"),
        RightKind::CloseAccount => crate::msg!("rights.name.close-account"),
        other => crate::msg!("rights.name.other", kind = other.to_string()),
    }
}

fn check_u001(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Ok(t) = Thresholds::builtin() else { return };
    let at = ctx.model.header.head;
    for r in &t.required_rights {
        let (kind, art) = (r.right, r.cite.both());
        if covered(ctx, &[kind]) {
            continue;
        }
        sink.report(
            at,
            crate::msg!("rights.policy-does-not-say", what = right_name(kind)),
        )
        .label(crate::msg!("rights.no-covers", kind = kind.to_string()))
        .help(crate::msg!(
            "rights.add-covers-channel-in-app",
            kind = kind.to_string(),
            art = art
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
            crate::msg!("rights.policy-does-not-say-2"),
        )
        .label(crate::msg!("rights.no-covers-port"))
        .help(crate::msg!("rights.add-covers-port-way"));
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
            crate::msg!("rights.policy-does-not-say-3"),
        )
        .label(crate::msg!("rights.no-covers-explain"))
        .help(crate::msg!("rights.add-covers-explain-channel"));
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
    // A right that points to the contact clause ("通过本政策第9条提供的方式")
    // has the ways given there, if the policy gives any; a pointer to a part
    // the policy does not contain ("【具体方法见注销账号】") gives none.
    let contact_ways = !super::support::own_contacts(ctx).is_empty();
    let points_to_a_way = |r: &Right| {
        r.refers_to
            .as_ref()
            .is_some_and(|p| p.word == RightPointer::Contact && contact_ways)
    };
    for r in ctx
        .model
        .rights
        .iter()
        .filter(|r| r.channels.is_empty() && r.paths.is_empty() && !points_to_a_way(r))
    {
        let kinds: Vec<String> = r.covers.iter().map(|c| format!("`{}`", c.value)).collect();
        let what = if kinds.is_empty() {
            crate::messages::Arg::Text(String::new())
        } else {
            crate::msg!("rights.covering", kinds = kinds).into_arg()
        };
        sink.report(
            r.head,
            crate::msg!("rights.gives-no-way-exercise", id = &r.id, what = what),
        )
        .label(match r.refers_to.as_ref().map(|p| p.word) {
            Some(RightPointer::Missing) => crate::msg!("rights.points-nowhere"),
            Some(RightPointer::Contact) => crate::msg!("rights.points-to-empty-contact"),
            None => crate::msg!("rights.no-channel-no-path"),
        })
        .help(crate::msg!("rights.add-channel-e-g"));
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
            crate::msg!("rights.delete-case.purpose"),
        ),
        ("delete-trigger-end", crate::msg!("rights.delete-case.end")),
        (
            "delete-trigger-withdraw",
            crate::msg!("rights.delete-case.withdraw"),
        ),
        (
            "delete-trigger-unlawful",
            crate::msg!("rights.delete-case.unlawful"),
        ),
    ];
    let missing: Vec<crate::messages::Msg> = triggers
        .iter()
        .filter(|(topic, _)| !mentions(ctx.lexicon.terms(topic), texts.iter().copied()))
        .map(|(_, what)| what.clone())
        .collect();
    if missing.is_empty() {
        return;
    }
    sink.report(
        first.head,
        crate::msg!(
            "rights.deletion-not-promised",
            missing = join_words(&missing)
        ),
    )
    .label(crate::msg!(
        "rights.statutory-cases-missing",
        count = missing.len().to_string()
    ))
    .help(crate::msg!("rights.promise-deletion-request-your"));
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
        // A right (delete, copy, correct…) whose only route is closing the
        // account: the individual must give up the service to exercise it.
        // Withdrawal is C004's case; closure is the right itself.
        let other_right = r.covers.iter().any(|k| {
            !matches!(
                k.value,
                RightKind::CloseAccount | RightKind::Withdraw | RightKind::MarketingOptOut
            )
        });
        if other_right
            && !r.channels.is_empty()
            && r.channels.iter().all(|c| c.kind == Channel::CloseAccount)
        {
            if let Some(c) = r.channels.first() {
                sink.report(c.span, crate::msg!("rights.only-by-closing", id = &r.id))
                    .label(crate::msg!("rights.only-by-closing-label"))
                    .help(crate::msg!("rights.only-by-closing-help"));
            }
        }
        if let Some((t, term)) = first_affirmed(ctx, terms, right_texts(r)) {
            sink.report(
                t.span,
                crate::msg!(
                    "rights.subject-unreasonable-condition",
                    id = &r.id,
                    term = term.to_string()
                ),
            )
            .label(crate::msg!("rights.unreasonable-condition"))
            .help(crate::msg!("rights.drop-condition-you-may"));
        }
    }
    // The rules for answering every request, written once in a section of
    // their own ("响应您的上述请求"), bind each right as much as its own lines;
    // so does a list of exceptions that also excuses not answering requests
    // ("且我方可能不会响应您提出的更正/修改、删除…的请求").
    let response = ctx.lexicon.terms("rights-response");
    let m = ctx.model;
    let blocks = m
        .sections
        .iter()
        .map(|s| (DeclRef::Section(s), false, false, s.id.clone()))
        .chain(m.exceptions.iter().chain(&m.exception_lists).map(|e| {
            let id = e.id.clone().unwrap_or_else(|| "exceptions".to_string());
            let requests = e.exempts_requests();
            (DeclRef::Exceptions(e), true, requests, id)
        }));
    // The facts stated once for every right (`defaults right`) bind each
    // right that inherits them: reported once, where they are written.
    let defaults = m
        .defaults
        .iter()
        .filter(|d| d.target.value == DefaultsFor::Right)
        .map(|d| (DeclRef::Defaults(d), false, true, String::new()));
    for (d, is_list, requests, id) in blocks.chain(defaults) {
        let texts = texts_of(d);
        if !requests && !mentions(response, texts.iter().copied()) {
            continue;
        }
        if let Some((t, term)) = first_affirmed(ctx, terms, texts) {
            let term = term.to_string();
            let message = if matches!(d, DeclRef::Defaults(_)) {
                crate::msg!("rights.defaults-unreasonable-condition", term = term)
            } else if is_list {
                crate::msg!(
                    "rights.exceptions-unreasonable-condition",
                    term = term,
                    id = id
                )
            } else {
                crate::msg!(
                    "rights.section-unreasonable-condition",
                    term = term,
                    id = id
                )
            };
            sink.report(t.span, message)
                .label(crate::msg!("rights.unreasonable-condition"))
                .help(crate::msg!("rights.drop-condition-you-may"));
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
            let f = sink.report(first.head, crate::msg!("rights.no-states-how-quickly"));
            f.label(crate::msg!("rights.no-response-time"))
                .help(crate::msg!(
                    "rights.promise-response-time-most",
                    max = max.to_string()
                ));
            if let Some(other) = rights
                .iter()
                .find(|r| !time_limited_right(r) && r.response.is_some())
            {
                f.related(
                    other.head,
                    crate::msg!("rights.time-for-other-request", id = &other.id),
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
                crate::msg!(
                    "rights.promises-answer-within-more",
                    id = &r.id,
                    resp = resp.value.to_string(),
                    max = max.to_string()
                ),
            )
            .label(crate::msg!(
                "rights.about-working-days",
                wd = wd.to_string()
            ))
            .help(crate::msg!(
                "rights.promise-answer-within-working",
                max = max.to_string()
            ));
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
            crate::msg!("rights.policy-does-not-say-4"),
        )
        .label(crate::msg!("rights.no-covers-restrict-refuse"))
        .help(crate::msg!("rights.add-covers-restrict-refuse"));
    }
}
