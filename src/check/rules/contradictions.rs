//! Clauses that contradict each other, or a route that is not what it says
//! (PIPL Art. 7, 14 ¶2, 15 ¶1, 17 ¶1, 39).

use super::support::{find_affirmed, find_in_text, kw, mentions, not_described, texts_of};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::check::thresholds::Thresholds;
use crate::model::words::{Channel, RightKind, Status};
use crate::model::{DeclRef, Text};
use crate::source::Span;

pub static RULES: &[&Rule] = &[
    &C011_RECONSENT_CONTRADICTED_BY_DEEMED_ACCEPTANCE,
    &C012_WITHDRAWAL_ROUTE_IS_SOMETHING_ELSE,
    &X004_DOMESTIC_STORAGE_CONTRADICTED,
    &T015_NO_SHARING_CLAIM_WHILE_PROVIDED,
];

// ---------------------------------------------------------------------------
// C011
// ---------------------------------------------------------------------------

pub static C011_RECONSENT_CONTRADICTED_BY_DEEMED_ACCEPTANCE: Rule = Rule {
    code: "C011",
    name: "reconsent-contradicted-by-deemed-acceptance",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "14").para(2),
        LegalRef::new("PIPL", "14").para(1),
    ],
    summary: "new consent is promised for material changes, while continued use is said to accept any change",
    explanation: include_str!("../../../docs/rules/C011.md"),
    check: check_c011,
};

fn check_c011(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(u) = &ctx.model.updates else { return };
    let Some(promise) = u.reconsent_on_material.as_ref().filter(|r| r.value) else {
        return;
    };
    let deemed = ctx.lexicon.terms("deemed-by-use");
    // An update that takes effect on publication or on continued use needs
    // no new consent either.
    let unilateral = u.takes_effect.as_ref().filter(|t| {
        matches!(
            t.word,
            crate::model::words::UpdateEffect::OnPublication
                | crate::model::words::UpdateEffect::OnUse
        )
    });
    let (at, what) = match (u.deemed_acceptance.as_ref().filter(|d| d.value), unilateral) {
        (Some(d), _) => (d.span, "`deemed-acceptance yes`".to_string()),
        (None, Some(t)) => (t.span, format!("`takes-effect {}`", t.word.word())),
        (None, None) => {
            let Some((t, term)) = u
                .text
                .iter()
                .chain(&u.material)
                .find_map(|t| find_affirmed(ctx, deemed, t).map(|w| (t, w)))
            else {
                return;
            };
            (t.span, format!("`{term}`"))
        }
    };
    sink.report(
        at,
        crate::msg!("contradictions.reconsent-deemed", what = what),
    )
    .label(crate::msg!("contradictions.reconsent-deemed-label"))
    .related(
        promise.span,
        crate::msg!("contradictions.reconsent-promised"),
    )
    .help(crate::msg!("contradictions.reconsent-deemed-help"));
}

// ---------------------------------------------------------------------------
// C012
// ---------------------------------------------------------------------------

pub static C012_WITHDRAWAL_ROUTE_IS_SOMETHING_ELSE: Rule = Rule {
    code: "C012",
    name: "withdrawal-route-is-something-else",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "15").para(1),
        LegalRef::new("REC", "3.8"),
    ],
    summary: "the route offered to withdraw consent does something else (a privacy password, a complaint form)",
    explanation: include_str!("../../../docs/rules/C012.md"),
    check: check_c012,
};

fn check_c012(ctx: &Ctx<'_>, sink: &mut Sink) {
    let other = ctx.lexicon.terms("withdraw-not-withdrawal");
    let genuine = ctx.lexicon.terms("withdraw-route");
    for r in &ctx.model.rights {
        if !r.covers.iter().any(|k| k.value == RightKind::Withdraw) {
            continue;
        }
        // Every route, as written. A channel with no words could be
        // anything: the right is then not judged.
        let mut routes: Vec<&Text> = r.paths.iter().collect();
        let mut unread = false;
        for c in &r.channels {
            match &c.value {
                Some(t) => routes.push(t),
                None => unread = true,
            }
        }
        if unread || routes.is_empty() {
            continue;
        }
        let mut first: Option<(&Text, String)> = None;
        let all_other = routes.iter().all(|t| {
            let hit = find_in_text(other, t);
            let real = mentions(genuine, std::iter::once(*t));
            if let (Some(w), false, None) = (&hit, real, &first) {
                first = Some((t, w.clone()));
            }
            hit.is_some() && !real
        });
        let Some((t, term)) = first.filter(|_| all_other) else {
            continue;
        };
        sink.report(
            t.span,
            crate::msg!("contradictions.withdraw-other", id = &r.id, term = term),
        )
        .label(crate::msg!("contradictions.withdraw-other-label"))
        .help(crate::msg!("contradictions.withdraw-other-help"));
    }
    permission_or_leave_only(ctx, sink);
}

/// The routes of every withdrawal right together are only the device's
/// permission switches and leaving (closing the account, withdrawing the
/// whole policy): consent to sharing, marketing or profiling, which no
/// permission governs, cannot be withdrawn short of leaving.
fn permission_or_leave_only(ctx: &Ctx<'_>, sink: &mut Sink) {
    let device = ctx.lexicon.terms("permission-settings-route");
    let leave = ctx.lexicon.terms("leave-route");
    let mut routes: Vec<(Span, bool)> = Vec::new();
    for r in &ctx.model.rights {
        if !r.covers.iter().any(|k| k.value == RightKind::Withdraw) {
            continue;
        }
        let closes = r.covers.iter().any(|k| k.value == RightKind::CloseAccount);
        if r.channels.is_empty() && r.paths.is_empty() && closes {
            // A closure right that also "withdraws everything".
            routes.push((r.head, true));
            continue;
        }
        for c in &r.channels {
            let said = |terms| {
                c.value
                    .as_ref()
                    .is_some_and(|v| mentions(terms, std::iter::once(v)))
            };
            let narrow = match c.kind {
                Channel::PermissionSwitch | Channel::CloseAccount => true,
                _ => said(device) || said(leave),
            };
            routes.push((c.span, narrow));
        }
        if r.channels.is_empty() {
            for p in &r.paths {
                let narrow =
                    mentions(device, std::iter::once(p)) || mentions(leave, std::iter::once(p));
                routes.push((p.span, narrow));
            }
        }
    }
    let Some((first, _)) = routes.first() else {
        return;
    };
    if !routes.iter().all(|(_, narrow)| *narrow) {
        return;
    }
    let f = sink.report(*first, crate::msg!("contradictions.withdraw-only-narrow"));
    f.label(crate::msg!("contradictions.withdraw-only-narrow-label"));
    for (s, _) in routes.iter().skip(1) {
        f.related(
            *s,
            crate::msg!("contradictions.withdraw-only-narrow-related"),
        );
    }
    f.help(crate::msg!("contradictions.withdraw-only-narrow-help"));
}

// ---------------------------------------------------------------------------
// X004
// ---------------------------------------------------------------------------

pub static X004_DOMESTIC_STORAGE_CONTRADICTED: Rule = Rule {
    code: "X004",
    name: "domestic-storage-contradicted",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1),
        LegalRef::new("PIPL", "39"),
    ],
    summary: "the policy says data is stored only in China, and elsewhere that it may be transferred abroad",
    explanation: include_str!("../../../docs/rules/X004.md"),
    check: check_x004,
};

fn check_x004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let Some(storage) = &m.storage else { return };
    let Ok(th) = Thresholds::builtin() else {
        return;
    };
    let mainland = &th.mainland.value;
    let domestic = !storage.locations.is_empty()
        && storage
            .locations
            .iter()
            .all(|l| mainland.iter().any(|c| c.eq_ignore_ascii_case(&l.value)));
    if !domestic {
        return;
    }
    // "原则上…境内", "以下情形除外": the statement keeps room for transfers.
    if mentions(ctx.lexicon.terms("storage-exception"), &storage.text) {
        return;
    }
    let conditional = ctx.lexicon.terms("transfer-conditional");
    for t in &m.transfers {
        let not_now = t
            .status
            .as_ref()
            .is_some_and(|s| matches!(s.kind, Status::NoneCurrently | Status::Planned));
        if not_now {
            continue;
        }
        let texts = texts_of(DeclRef::Transfer(t));
        if mentions(conditional, texts.iter().copied()) {
            continue;
        }
        let at = t.status.as_ref().map_or(t.head, |s| s.span);
        let f = sink.report(at, crate::msg!("contradictions.storage-abroad", id = &t.id));
        f.label(crate::msg!("contradictions.storage-abroad-label"))
            .related(
                kw(storage.span, "storage"),
                crate::msg!("contradictions.storage-only-china"),
            )
            .help(crate::msg!("contradictions.storage-abroad-help"));
    }
}

// ---------------------------------------------------------------------------
// T015
// ---------------------------------------------------------------------------

pub static T015_NO_SHARING_CLAIM_WHILE_PROVIDED: Rule = Rule {
    code: "T015",
    name: "no-sharing-claim-while-provided",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1),
        LegalRef::new("PIPL", "23"),
    ],
    summary: "a recipient's text says no personal information is shared, while data is declared provided to it",
    explanation: include_str!("../../../docs/rules/T015.md"),
    check: check_t015,
};

/// A recipient that is declared to receive data (`data`), one of whose
/// texts says flatly that no personal information is shared with third
/// parties (topic `no-sharing-claim`: "不会和第三方共享您的个人信息"). A
/// claim with its own exception ("除…外", "除非", "未经您同意", topic
/// `sharing-exception`) is a rule with exceptions, not a denial, and is left
/// alone; so is a recipient that does not receive anything now.
fn check_t015(ctx: &Ctx<'_>, sink: &mut Sink) {
    let claims = ctx.lexicon.terms("no-sharing-claim");
    let exceptions = ctx.lexicon.terms("sharing-exception");
    for r in &ctx.model.recipients {
        if not_described(r.status.as_ref()) {
            continue;
        }
        let Some(first) = r.data.refs().first() else {
            continue;
        };
        let Some((t, term)) = texts_of(DeclRef::Recipient(r))
            .into_iter()
            .filter(|t| find_in_text(exceptions, t).is_none())
            .find_map(|t| find_in_text(claims, t).map(|term| (t, term)))
        else {
            continue;
        };
        sink.report(
            t.span,
            crate::msg!("contradictions.no-sharing-claim", term = term, id = &r.id),
        )
        .label(crate::msg!("contradictions.no-sharing-claim-label"))
        .related(
            first.span,
            crate::msg!("contradictions.no-sharing-provided", data = &first.id),
        )
        .help(crate::msg!("contradictions.no-sharing-claim-help"));
    }
}
