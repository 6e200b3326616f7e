//! C: consent, legal basis and necessity (PIPL Art. 13–16; the necessary-PI
//! rules).

use super::support::{
    all_texts, app_types_label, find_in_text, fn_name, function_collects, header_span, ids,
    is_necessary, kw, necessary_items, not_described, relies_on_consent,
};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::words::{
    AcceptMechanism, Channel, ConsentKind, LegalBasis, Need, RefusalEffect, RightKind, SourceKind,
};
use crate::model::{DataCategory, Function, Model};

pub static RULES: &[&Rule] = &[
    &C001_MISSING_LEGAL_BASIS,
    &C002_CONSENT_DEEMED_BY_USE,
    &C003_NO_RECONSENT_ON_MATERIAL_CHANGE,
    &C004_NO_WITHDRAWAL_ROUTE,
    &C005_EXCEPTION_OUTSIDE_PIPL,
    &C006_REFUSAL_BLOCKS_SERVICE_FOR_UNNECESSARY_PI,
    &C007_REGISTRATION_REQUIRES_UNNECESSARY_PI,
    &C008_MISSING_APP_TYPE,
    &C009_CONTRACT_BASIS_OVERREACH,
];

// ---------------------------------------------------------------------------

pub static C001_MISSING_LEGAL_BASIS: Rule = Rule {
    code: "C001",
    name: "missing-legal-basis",
    // Warning, not the error of RULES.md: Art. 13 requires a basis to exist,
    // and Art. 17 lists what the notice must say without naming the basis;
    // a policy that is silent does not show that none exists.
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "13").para(1)],
    summary: "a business function states no legal basis for its processing",
    explanation: include_str!("../../../docs/rules/C001.md"),
    check: check_c001,
};

/// Whether a declaration states a legal basis: a `basis`, or a consent kind
/// other than `none` (which implies the consent basis).
fn states_basis(
    bases: &[crate::model::Spanned<crate::model::words::LegalBasis>],
    consent: Option<&crate::model::Spanned<ConsentKind>>,
) -> bool {
    !bases.is_empty() || consent.is_some_and(|c| c.value != ConsentKind::None)
}

fn check_c001(ctx: &Ctx<'_>, sink: &mut Sink) {
    // A function only named, or not run now, processes nothing to base.
    for f in ctx
        .model
        .functions
        .iter()
        .filter(|f| !not_described(f.status.as_ref()))
    {
        if states_basis(&f.bases, f.consent.as_ref()) {
            continue;
        }
        // Purposes with bases of their own: a purpose without one is what
        // the function leaves unbased.
        if !f.purpose_bases.is_empty() {
            if let Some(p) = f.purpose_without_basis() {
                sink.report(
                    p.span,
                    crate::msg!("consent.purpose-states-no-legal", function = fn_name(f)),
                )
                .label(crate::msg!("consent.no-basis"))
                .help(crate::msg!("consent.add-purpose-basis"));
            }
            continue;
        }
        sink.report(
            kw(f.span, "function"),
            crate::msg!("consent.function-states-no-legal", function = fn_name(f)),
        )
        .label(crate::msg!("consent.no-basis"))
        .help(crate::msg!("consent.add-basis-contract-legal-duty"));
    }
    // Processing outside the functions needs a basis as much (Art. 13 is
    // about all processing), unless its data is only anonymised or
    // aggregated: no personal information (Art. 4 ¶1).
    for p in ctx.model.processing.iter().filter(|p| {
        !not_described(p.status.as_ref())
            && !states_basis(&p.bases, p.consent.as_ref())
            && !super::support::not_personal(p.form.as_ref())
    }) {
        sink.report(
            p.head,
            crate::msg!("consent.processing-states-no-legal", processing = &p.id),
        )
        .label(crate::msg!("consent.no-basis"))
        .help(crate::msg!("consent.add-basis-contract-legal-duty"));
    }
}

// ---------------------------------------------------------------------------

pub static C002_CONSENT_DEEMED_BY_USE: Rule = Rule {
    code: "C002",
    name: "consent-deemed-by-use",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "14").para(1),
        LegalRef::new("REC", "3.4"),
    ],
    summary: "consent taken from use, silence or a pre-ticked box",
    explanation: include_str!("../../../docs/rules/C002.md"),
    check: check_c002,
};

fn check_c002(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    // Every act the policy names (`mechanism checkbox, deemed-by-use`). Use
    // named beside a tick or a click ("勾选“同意”…并使用") is not consent
    // taken from use alone.
    let mechanisms: Vec<_> = m
        .consent
        .iter()
        .flat_map(|c| c.mechanism.iter().chain(&c.mechanism_also))
        .collect();
    let explicit = mechanisms.iter().any(|x| {
        matches!(
            x.value,
            AcceptMechanism::ClickAccept
                | AcceptMechanism::CheckboxUnticked
                | AcceptMechanism::Checkbox
        )
    });
    for mech in mechanisms {
        let what = match mech.value {
            AcceptMechanism::DeemedByUse if explicit => None,
            AcceptMechanism::DeemedByUse => Some(crate::msg!("consent.use-taken-as-consent")),
            AcceptMechanism::CheckboxPreticked => Some(crate::msg!("consent.box-preticked")),
            AcceptMechanism::ClickAccept
            | AcceptMechanism::CheckboxUnticked
            | AcceptMechanism::Checkbox
            | AcceptMechanism::AtRegistration => None,
        };
        if let Some(what) = what {
            sink.report(mech.span, what)
                .label(crate::msg!("consent.not-explicit-act"))
                .help(crate::msg!(
                    "consent.use-mechanism-click-accept-checkbox-unticked"
                ));
        }
    }
    let terms = ctx.lexicon.terms("deemed-by-use");
    for t in all_texts(m) {
        let Some(term) = find_in_text(terms, t) else {
            continue;
        };
        sink.report(
            t.span,
            crate::msg!("consent.wording-takes-from-use", term = term.to_string()),
        )
        .label(crate::msg!("consent.use"))
        .help(crate::msg!("consent.ask-explicit-act-click"));
    }
}

// ---------------------------------------------------------------------------

pub static C003_NO_RECONSENT_ON_MATERIAL_CHANGE: Rule = Rule {
    code: "C003",
    name: "no-reconsent-on-material-change",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "14").para(2)],
    summary:
        "the policy does not ask for consent again when purposes, methods or categories change",
    explanation: include_str!("../../../docs/rules/C003.md"),
    check: check_c003,
};

fn check_c003(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(u) = &ctx.model.updates else {
        sink.report(
            header_span(ctx),
            crate::msg!("consent.policy-does-not-promise"),
        )
        .label(crate::msg!("consent.no-updates-declaration"))
        .help(crate::msg!("consent.add-updates-reconsent-on-material-yes"));
        return;
    };
    // Consent asked for every update (`takes-effect on-consent`) covers the
    // material ones.
    let on_consent = u
        .takes_effect
        .as_ref()
        .is_some_and(|t| t.word == crate::model::words::UpdateEffect::OnConsent);
    if on_consent || u.reconsent_on_material.as_ref().is_some_and(|f| f.value) {
        return;
    }
    if let Some(d) = u.deemed_acceptance.as_ref().filter(|d| d.value) {
        // "勾选同意修改后的隐私政策并继续使用…视为您接受": acceptance needs a
        // tick or a click, an explicit act, so the revised policy is consented
        // to; what is missing is the promise to ask before a material change
        // applies. A gap in the promise, not consent by use: a warning.
        let act = d
            .text
            .as_ref()
            .and_then(|t| ctx.lexicon.terms("explicit-act").find(&t.text));
        if let Some((_, term)) = act {
            let f = sink
                .report(
                    d.span,
                    crate::msg!(
                        "consent.policy-takes-revised-policy",
                        term = term.to_string()
                    ),
                )
                .label(crate::msg!("consent.acceptance-explicit-act-not"))
                .help(crate::msg!("consent.promise-ask-reconsent-on-material-yes"))
                .severity(Severity::Warning);
            if let Some(r) = u.reconsent_on_material.as_ref() {
                f.related(r.span, crate::msg!("consent.no-new-material-changes"));
            }
            return;
        }
        let f = sink
            .report(d.span, crate::msg!("consent.policy-promises-no-new"))
            .label(crate::msg!("consent.deemed-acceptance"))
            .help(crate::msg!("consent.ask-again-purposes-methods"));
        if let Some(r) = u.reconsent_on_material.as_ref() {
            f.related(r.span, crate::msg!("consent.no-new-material-changes"));
        }
        return;
    }
    let span = u.reconsent_on_material.as_ref().map_or(u.head, |r| r.span);
    sink.report(span, crate::msg!("consent.policy-does-not-promise"))
        .label(crate::msg!("consent.no-re-consent-material-change"))
        .help(crate::msg!("consent.add-reconsent-on-material-yes-ask"));
}

// ---------------------------------------------------------------------------

pub static C004_NO_WITHDRAWAL_ROUTE: Rule = Rule {
    code: "C004",
    name: "no-withdrawal-route",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "15").para(1),
        LegalRef::new("REC", "3.8"),
    ],
    summary: "no way to withdraw consent, or only by closing the account",
    explanation: include_str!("../../../docs/rules/C004.md"),
    check: check_c004,
};

/// Whether any processing of the policy rests on consent.
fn any_consent(m: &Model) -> bool {
    m.consent.is_some()
        || m.functions.iter().any(relies_on_consent)
        || m.recipients.iter().any(|r| {
            r.consent
                .as_ref()
                .is_some_and(|c| c.value != ConsentKind::None)
        })
        || m.sdks.iter().any(|s| {
            s.consent
                .as_ref()
                .is_some_and(|c| c.value != ConsentKind::None)
        })
}

fn check_c004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    if !any_consent(m) {
        return;
    }
    let withdraw: Vec<_> = m
        .rights
        .iter()
        .filter(|r| r.covers.iter().any(|k| k.value == RightKind::Withdraw))
        .collect();
    if withdraw.is_empty() {
        sink.report(header_span(ctx), crate::msg!("consent.policy-gives-no-way"))
            .label(crate::msg!("consent.no-right-covering-withdraw"))
            .help(crate::msg!("consent.add-right-withdraw-covers"));
        return;
    }
    // Only closing the account: withdrawal is possible, but not convenient.
    let only_closing = withdraw.iter().all(|r| {
        !r.channels.is_empty()
            && r.paths.is_empty()
            && r.channels.iter().all(|c| c.kind == Channel::CloseAccount)
    });
    if only_closing {
        if let Some(r) = withdraw.first() {
            sink.report(
                kw(r.span, "right"),
                crate::msg!("consent.can-withdrawn-only-closing"),
            )
            .label(crate::msg!("consent.only-close-account"))
            .help(crate::msg!("consent.offer-way-withdraw-keeps"))
            .severity(Severity::Warning);
        }
    }
}

// ---------------------------------------------------------------------------

pub static C005_EXCEPTION_OUTSIDE_PIPL: Rule = Rule {
    code: "C005",
    name: "exception-outside-pipl",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "13").para(1),
        LegalRef::new("PIPL", "13").para(2),
    ],
    summary: "a \"no consent needed\" ground that PIPL Art. 13 does not contain",
    explanation: include_str!("../../../docs/rules/C005.md"),
    check: check_c005,
};

fn check_c005(ctx: &Ctx<'_>, sink: &mut Sink) {
    check_c005_bases(ctx, sink);
    let m = ctx.model;
    let terms = ctx.lexicon.terms("non-pipl-exception");
    // Every list of grounds for processing without consent, named or not.
    // A list scoped only to `requests` (grounds for refusing a rights
    // request: PIPL Art. 44 and 45 with Art. 18 ¶1 and 35) or `retain` is no
    // such list: PIPL Art. 13 is not the measure of it (U006 reads its
    // conditions). A list that names a processing act besides is one, and is
    // read here for that reach.
    let consent_lists = m
        .exceptions
        .iter()
        .chain(&m.exception_lists)
        .filter(|e| e.exempts_processing());
    for item in consent_lists.flat_map(|e| e.items.iter()) {
        let outside = find_in_text(terms, &item.text);
        match (&item.maps_to, outside) {
            (_, Some(term)) => {
                sink.report(
                    item.text.span,
                    crate::msg!(
                        "consent.not-ground-processing-without",
                        term = term.to_string()
                    ),
                )
                .label(crate::msg!("consent.not-pipl-art"))
                .help(crate::msg!("consent.remove-ground-rely-processing"));
            }
            (None, None) => {
                sink.report(
                    item.text.span,
                    crate::msg!("consent.exception-maps-no-ground"),
                )
                .label(crate::msg!("consent.no-maps-to"))
                .help(crate::msg!("consent.add-maps-to-legal-duty-another"));
            }
            (Some(m), None) if m.value == LegalBasis::LegitimateInterest => {
                report_basis_outside_pipl(sink, m.span);
            }
            (Some(_), None) => {}
        }
        // The further bases of a ground that joins two (`maps-to contract, hr`).
        for m in item
            .also_maps_to
            .iter()
            .filter(|m| m.value == LegalBasis::LegitimateInterest)
        {
            report_basis_outside_pipl(sink, m.span);
        }
    }
}

/// C005 on a `basis` word that PIPL Art. 13 does not contain
/// (`legitimate-interest`), wherever a basis is written.
fn check_c005_bases(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let collects = m
        .functions
        .iter()
        .flat_map(|f| f.collects.iter())
        .chain(m.sdks.iter().flat_map(|s| s.collects.iter()))
        .chain(m.permissions.iter().flat_map(|p| p.collects.iter()));
    let bases = m
        .functions
        .iter()
        .flat_map(|f| f.all_bases())
        .chain(collects.flat_map(|c| c.bases.iter()))
        .chain(m.processing.iter().flat_map(|p| p.bases.iter()))
        .chain(m.recipients.iter().flat_map(|r| r.bases.iter()))
        .chain(m.disclosures.iter().flat_map(|d| d.bases.iter()))
        .chain(m.handovers.iter().flat_map(|h| h.bases.iter()));
    for b in bases.filter(|b| b.value == LegalBasis::LegitimateInterest) {
        report_basis_outside_pipl(sink, b.span);
    }
}

fn report_basis_outside_pipl(sink: &mut Sink, at: crate::source::Span) {
    sink.report(at, crate::msg!("consent.basis-outside-pipl"))
        .label(crate::msg!("consent.not-pipl-art"))
        .help(crate::msg!("consent.rely-on-art13-basis"));
}

// ---------------------------------------------------------------------------

pub static C006_REFUSAL_BLOCKS_SERVICE_FOR_UNNECESSARY_PI: Rule = Rule {
    code: "C006",
    name: "refusal-blocks-service-for-unnecessary-pi",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "16"),
        LegalRef::new("NEC", "4"),
        LegalRef::new("REC", "4.2").derived(),
    ],
    summary: "refusing personal information the service does not need blocks the service",
    explanation: include_str!("../../../docs/rules/C006.md"),
    check: check_c006,
};

/// The categories a function collects that are not needed: marked
/// `optional`, or (app type known) outside the necessary PI of that type.
fn unnecessary<'m>(
    ctx: &Ctx<'m>,
    f: &'m Function,
    special_when_unknown: bool,
) -> Vec<&'m DataCategory> {
    let m = ctx.model;
    let set = necessary_items(ctx);
    let mut out: Vec<&DataCategory> = Vec::new();
    for c in function_collects(m, f) {
        let Some(cat) = m.category(&c.data.id) else {
            continue;
        };
        let flagged = c.need == Some(Need::Optional)
            || match &set {
                Some(s) => !is_necessary(cat, s, ctx.taxonomy),
                None => special_when_unknown && cat.special,
            };
        if flagged && !out.iter().any(|o| o.id == cat.id) {
            out.push(cat);
        }
    }
    out
}

/// Whether a function with no `kind` is titled as the basic function of one
/// of the policy's app types (the app type's `basic_function_titles`:
/// "申请消费贷款" for online lending, 必要个人信息范围规定 Art. 5).
fn names_basic_function(ctx: &Ctx<'_>, f: &Function) -> bool {
    let Some(title) = &f.title else { return false };
    ctx.facts
        .app_types
        .iter()
        .filter_map(|code| ctx.taxonomy.app_type(code))
        .flat_map(|at| &at.basic_function_titles)
        .any(|w| title.text.contains(w.as_str()))
}

fn check_c006(ctx: &Ctx<'_>, sink: &mut Sink) {
    for f in &ctx.model.functions {
        let Some(refusal) = &f.refusal else { continue };
        let basic = match &f.kind {
            Some(k) => k.value == crate::model::words::FunctionKind::Basic,
            None => names_basic_function(ctx, f),
        };
        // "将可能影响您的贷款审批结果": a refusal that is said to weigh against
        // the individual in the decision the function makes (topic
        // `refusal-affects-outcome`) refuses the service on worse terms.
        let penalised = refusal.effect == RefusalEffect::DegradesFunction
            && refusal.text.as_ref().is_some_and(|t| {
                find_in_text(ctx.lexicon.terms("refusal-affects-outcome"), t).is_some()
            });
        let blocks = match refusal.effect {
            RefusalEffect::BlocksService => crate::msg!("consent.blocked.whole-service"),
            RefusalEffect::BlocksFunction if basic => crate::msg!("consent.blocked.basic-function"),
            RefusalEffect::DegradesFunction if penalised => {
                crate::msg!("consent.blocked.outcome")
            }
            _ => continue,
        };
        // PIPL Art. 16 is about refusing consent; processing on another basis
        // is judged by C009.
        if !relies_on_consent(f) {
            continue;
        }
        let extra = unnecessary(ctx, f, false);
        if extra.is_empty() {
            continue;
        }
        let why = if necessary_items(ctx).is_some() {
            crate::msg!(
                "consent.why.not-necessary-for-type",
                types = app_types_label(ctx)
            )
        } else {
            crate::msg!("consent.why.marked-optional")
        };
        // Identity documents and their images, where the text ties them to
        // customer identification (客户身份识别, 实名认证) in the financial
        // sector: anti-money-laundering rules may make them necessary even
        // though the necessary-PI rules do not list them (PIPL Art. 13 ¶1(3),
        // Art. 16 "必需"). A warning for them, apart from the rest.
        let kyc_said = ctx.facts.sector.is_some_and(|s| s.is_financial())
            && f.purposes
                .iter()
                .chain(refusal.text.as_ref())
                .chain(&f.text)
                .any(|t| ctx.lexicon.terms("kyc-duty").find(&t.text).is_some());
        let is_kyc = |c: &DataCategory| {
            kyc_said && matches!(c.taxonomy.class.as_str(), "identity-doc" | "kyc-media")
        };
        let (kyc, rest): (Vec<&DataCategory>, Vec<&DataCategory>) =
            extra.into_iter().partition(|c| is_kyc(c));
        if !rest.is_empty() {
            let finding = sink
                .report(
                    refusal.span,
                    crate::msg!(
                        "consent.refusing-blocks-function",
                        ids = ids(rest.iter().map(|c| c.id.as_str())),
                        why = why.clone(),
                        blocks = blocks.clone(),
                        function = fn_name(f)
                    ),
                )
                .label(crate::msg!("consent.blocks", blocks = blocks.clone()))
                .help(crate::msg!("consent.let-users-refuse-data"));
            if let Some(first) = rest.first() {
                finding.related(first.span, crate::msg!("consent.unnecessary-data"));
            }
        }
        if !kyc.is_empty() {
            let finding = sink
                .report(
                    refusal.span,
                    crate::msg!(
                        "consent.refusing-blocks-function-function",
                        ids = ids(kyc.iter().map(|c| c.id.as_str())),
                        why = why.clone(),
                        blocks = blocks.clone(),
                        function = fn_name(f)
                    ),
                )
                .label(crate::msg!("consent.blocks", blocks = blocks.clone()))
                .help(crate::msg!(
                    "consent.anti-money-laundering-customer-identification-rules-require"
                ))
                .severity(Severity::Warning);
            if let Some(first) = kyc.first() {
                finding.related(
                    first.span,
                    crate::msg!("consent.identity-data-customer-identification"),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------

pub static C007_REGISTRATION_REQUIRES_UNNECESSARY_PI: Rule = Rule {
    code: "C007",
    name: "registration-requires-unnecessary-pi",
    severity: Severity::Error,
    legal: &[LegalRef::new("NEC", "4"), LegalRef::new("PIPL", "16")],
    summary:
        "registration or log-in cannot be completed without personal information it does not need",
    explanation: include_str!("../../../docs/rules/C007.md"),
    check: check_c007,
};

/// What registration in `f` needs beyond the necessary PI, less the items a
/// `collects` offers as alternatives to one that is not beyond it
/// ("手机号码或电子邮箱").
fn registration_extra<'m>(ctx: &Ctx<'m>, f: &'m Function) -> Vec<&'m DataCategory> {
    let mut extra = unnecessary(ctx, f, true);
    let choice = ctx.lexicon.terms("alternatives");
    let not_choice = ctx.lexicon.terms("alternatives-not");
    for c in &f.collects {
        let Some(note) = &c.note else { continue };
        if find_in_text(choice, note).is_none() || find_in_text(not_choice, note).is_some() {
            continue;
        }
        // The items of one `collects` statement share its note.
        let group: Vec<&str> = f
            .collects
            .iter()
            .filter(|o| o.note.as_ref().is_some_and(|n| n.span == note.span))
            .map(|o| o.data.id.as_str())
            .collect();
        let one_enough = group.iter().any(|g| !extra.iter().any(|e| e.id == *g));
        if group.len() > 1 && one_enough {
            extra.retain(|e| !group.contains(&e.id.as_str()));
        }
    }
    extra
}

fn check_c007(ctx: &Ctx<'_>, sink: &mut Sink) {
    let routes: Vec<(&Function, Vec<&DataCategory>)> = ctx
        .model
        .functions
        .iter()
        .filter(|f| {
            f.refusal
                .as_ref()
                .is_some_and(|r| r.effect == RefusalEffect::BlocksRegistration)
        })
        .map(|f| (f, registration_extra(ctx, f)))
        .collect();
    // When one route registers with the necessary PI only, a route through
    // another account (data from an indirect source) is the user's choice.
    let plain_route = routes.iter().any(|(_, extra)| extra.is_empty());
    for (f, extra) in &routes {
        let Some(refusal) = &f.refusal else { continue };
        if extra.is_empty() {
            continue;
        }
        let indirect =
            !f.sources.is_empty() && f.sources.iter().all(|s| s.kind == SourceKind::Indirect);
        if plain_route && indirect {
            continue;
        }
        let why = if necessary_items(ctx).is_some() {
            crate::msg!(
                "consent.why.outside-necessary-of",
                types = app_types_label(ctx)
            )
        } else {
            crate::msg!("consent.why.outside-every-necessary")
        };
        let finding = sink
            .report(
                refusal.span,
                crate::msg!(
                    "consent.registration-function-cannot-completed",
                    function = fn_name(f),
                    ids = ids(extra.iter().map(|c| c.id.as_str())),
                    why = why.clone()
                ),
            )
            .label(crate::msg!("consent.blocks-registration"))
            .help(crate::msg!("consent.ask-only-necessary-pi"));
        if let Some(first) = extra.first() {
            finding.related(first.span, crate::msg!("consent.not-needed-register"));
        }
    }
}

// ---------------------------------------------------------------------------

pub static C008_MISSING_APP_TYPE: Rule = Rule {
    code: "C008",
    name: "missing-app-type",
    severity: Severity::Warning,
    legal: &[LegalRef::new("NEC", "5").derived()],
    summary: "the policy does not declare its app type, so necessary PI cannot be checked",
    explanation: include_str!("../../../docs/rules/C008.md"),
    check: check_c008,
};

fn check_c008(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !ctx.facts.app_types.is_empty() {
        return;
    }
    sink.report(
        header_span(ctx),
        crate::msg!("consent.policy-does-not-declare"),
    )
    .label(crate::msg!("consent.no-app-type"))
    .help(crate::msg!("consent.add-app-type-type-types"));
}

// ---------------------------------------------------------------------------

pub static C009_CONTRACT_BASIS_OVERREACH: Rule = Rule {
    code: "C009",
    name: "contract-basis-overreach",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "13").para(1).item(2)],
    summary: "data the contract does not need is processed on the contract basis",
    explanation: include_str!("../../../docs/rules/C009.md"),
    check: check_c009,
};

fn check_c009(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let set = necessary_items(ctx);
    for f in &m.functions {
        let Some(contract) = f.all_bases().find(|b| b.value == LegalBasis::Contract) else {
            continue;
        };
        if f.all_bases().any(|b| b.value == LegalBasis::Consent) {
            continue;
        }
        let mut extra: Vec<&DataCategory> = Vec::new();
        for c in function_collects(m, f) {
            let Some(cat) = m.category(&c.data.id) else {
                continue;
            };
            let flagged = c.need == Some(Need::Optional)
                || match &set {
                    Some(s) => !is_necessary(cat, s, ctx.taxonomy),
                    None => cat.sensitive,
                };
            if flagged && !extra.iter().any(|o| o.id == cat.id) {
                extra.push(cat);
            }
        }
        if extra.is_empty() {
            continue;
        }
        let why = match &set {
            Some(_) => crate::msg!(
                "consent.why.optional-or-outside",
                types = app_types_label(ctx)
            ),
            None => crate::msg!("consent.why.optional-or-sensitive"),
        };
        let finding = sink
            .report(
                contract.span,
                crate::msg!(
                    "consent.function-relies-contract-basis",
                    function = fn_name(f),
                    ids = ids(extra.iter().map(|c| c.id.as_str())),
                    why = why.clone()
                ),
            )
            .label(crate::msg!("consent.contract-basis"))
            .help(crate::msg!("consent.contract-basis-covers-only"));
        if let Some(first) = extra.first() {
            finding.related(first.span, crate::msg!("consent.not-needed-contract"));
        }
    }
}
