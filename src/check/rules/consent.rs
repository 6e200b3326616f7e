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

fn check_c001(ctx: &Ctx<'_>, sink: &mut Sink) {
    // A function only named, or not run now, processes nothing to base.
    for f in ctx
        .model
        .functions
        .iter()
        .filter(|f| !not_described(f.status.as_ref()))
    {
        let consent_given = f
            .consent
            .as_ref()
            .is_some_and(|c| c.value != ConsentKind::None);
        if !f.bases.is_empty() || consent_given {
            continue;
        }
        sink.report(
            kw(f.span, "function"),
            format!("function {} states no legal basis", fn_name(f)),
        )
        .label("no `basis`")
        .help("add `basis consent` (or `contract`, `legal-duty`, … from PIPL Art. 13)");
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
    if let Some(mech) = m.consent.as_ref().and_then(|c| c.mechanism.as_ref()) {
        let what = match mech.value {
            AcceptMechanism::DeemedByUse => Some("using the service is taken as consent"),
            AcceptMechanism::CheckboxPreticked => Some("the consent box is ticked in advance"),
            AcceptMechanism::ClickAccept | AcceptMechanism::CheckboxUnticked => None,
        };
        if let Some(what) = what {
            sink.report(mech.span, what)
                .label("not an explicit act of consent")
                .help("use `mechanism click-accept` or `checkbox-unticked`: consent must be an explicit act");
        }
    }
    let terms = ctx.lexicon.terms("deemed-by-use");
    for t in all_texts(m) {
        let Some(term) = find_in_text(terms, t) else {
            continue;
        };
        sink.report(t.span, format!("the wording `{term}` takes consent from use of the service"))
            .label("consent by use")
            .help("ask for an explicit act (a click or an unticked box) instead of inferring consent from use");
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
        sink.report(header_span(ctx), "the policy does not promise new consent when purposes, methods or categories change")
            .label("no `updates` declaration")
            .help("add `updates { reconsent-on-material yes }` and ask again before a material change applies");
        return;
    };
    if u.reconsent_on_material.as_ref().is_some_and(|f| f.value) {
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
                    format!("the policy takes a revised policy as accepted on an explicit act (`{term}`) but does not promise to ask before a material change applies"),
                )
                .label("acceptance by an explicit act, not promised")
                .help("promise to ask for consent (`reconsent-on-material yes`) before a change of purpose, method or categories applies, and say what happens to users who do not agree")
                .severity(Severity::Warning);
            if let Some(r) = u.reconsent_on_material.as_ref() {
                f.related(r.span, "no new consent for material changes");
            }
            return;
        }
        let f = sink
            .report(
                d.span,
                "the policy promises no new consent for material changes and deems a changed policy accepted",
            )
            .label("deemed acceptance")
            .help("ask for consent again when purposes, methods or categories change; continued use is not consent");
        if let Some(r) = u.reconsent_on_material.as_ref() {
            f.related(r.span, "no new consent for material changes");
        }
        return;
    }
    let span = u.reconsent_on_material.as_ref().map_or(u.head, |r| r.span);
    sink.report(
        span,
        "the policy does not promise new consent when purposes, methods or categories change",
    )
    .label("no re-consent on material change")
    .help("add `reconsent-on-material yes` and ask again before a material change applies");
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
        sink.report(header_span(ctx), "the policy gives no way to withdraw consent")
            .label("no right covering `withdraw`")
            .help("add `right withdraw { covers withdraw  channel settings \"…\" }` with a route as easy as giving consent");
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
            sink.report(kw(r.span, "right"), "consent can be withdrawn only by closing the account")
                .label("only `close-account`")
                .help("offer a way to withdraw consent that keeps the account, e.g. a switch in the app's settings")
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
    let Some(ex) = &ctx.model.exceptions else {
        return;
    };
    let terms = ctx.lexicon.terms("non-pipl-exception");
    for item in &ex.items {
        let outside = find_in_text(terms, &item.text);
        match (&item.maps_to, outside) {
            (_, Some(term)) => {
                sink.report(item.text.span, format!("`{term}` is not a ground for processing without consent under PIPL Art. 13"))
                    .label("not in PIPL Art. 13")
                    .help("remove the ground, or rely on consent for this processing");
            }
            (None, None) => {
                sink.report(item.text.span, "this exception maps to no ground of PIPL Art. 13")
                    .label("no `maps-to`")
                    .help("add `maps-to legal-duty` (or another Art. 13 basis) if one applies; otherwise remove the ground");
            }
            (Some(_), None) => {}
        }
    }
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

fn check_c006(ctx: &Ctx<'_>, sink: &mut Sink) {
    for f in &ctx.model.functions {
        let Some(refusal) = &f.refusal else { continue };
        let basic = f
            .kind
            .as_ref()
            .is_some_and(|k| k.value == crate::model::words::FunctionKind::Basic);
        let blocks = match refusal.effect {
            RefusalEffect::BlocksService => "the whole service",
            RefusalEffect::BlocksFunction if basic => "a basic function",
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
            format!("not necessary for app type {}", app_types_label(ctx))
        } else {
            "marked optional".to_string()
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
                    format!(
                        "refusing {} ({why}) blocks {blocks} in function {}",
                        ids(rest.iter().map(|c| c.id.as_str())),
                        fn_name(f)
                    ),
                )
                .label(format!("blocks {blocks}"))
                .help("let users refuse data the service does not need and still use it: make these items optional with `if-refused degrades-function`");
            if let Some(first) = rest.first() {
                finding.related(first.span, "unnecessary data");
            }
        }
        if !kyc.is_empty() {
            let finding = sink
                .report(
                    refusal.span,
                    format!(
                        "refusing {} ({why}) blocks {blocks} in function {}; the function ties them to customer identification",
                        ids(kyc.iter().map(|c| c.id.as_str())),
                        fn_name(f)
                    ),
                )
                .label(format!("blocks {blocks}"))
                .help("if anti-money-laundering customer-identification rules require these items, say so and state `basis legal-duty`; otherwise let users refuse them and still use the service")
                .severity(Severity::Warning);
            if let Some(first) = kyc.first() {
                finding.related(first.span, "identity data for customer identification");
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
            format!("outside the necessary PI of {}", app_types_label(ctx))
        } else {
            "outside the necessary PI of every app type, or marked optional".to_string()
        };
        let finding = sink
            .report(
                refusal.span,
                format!(
                    "registration in function {} cannot be completed without {} ({why})",
                    fn_name(f),
                    ids(extra.iter().map(|c| c.id.as_str()))
                ),
            )
            .label("blocks registration")
            .help("ask only for the necessary PI at registration; collect the rest later, as optional, in the function that needs it");
        if let Some(first) = extra.first() {
            finding.related(first.span, "not needed to register");
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
    sink.report(header_span(ctx), "the policy does not declare its app type")
        .label("no `app-type`")
        .help("add `app-type <type>` (one of the 39 types of the necessary-PI rules, or `other`) to the header or to policyc.yaml");
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
        let Some(contract) = f.bases.iter().find(|b| b.value == LegalBasis::Contract) else {
            continue;
        };
        if f.bases.iter().any(|b| b.value == LegalBasis::Consent) {
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
            Some(_) => format!(
                "optional or outside the necessary PI of {}",
                app_types_label(ctx)
            ),
            None => "optional or sensitive".to_string(),
        };
        let finding = sink
            .report(
                contract.span,
                format!(
                    "function {} relies on the contract basis for {} ({why})",
                    fn_name(f),
                    ids(extra.iter().map(|c| c.id.as_str()))
                ),
            )
            .label("contract basis")
            .help("the contract basis covers only what concluding or performing the contract requires; ask consent for the rest");
        if let Some(first) = extra.first() {
            finding.related(first.span, "not needed for the contract");
        }
    }
}
