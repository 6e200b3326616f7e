//! Third parties, SDKs, public disclosure and merger (PIPL Art. 21–23, 25;
//! the App rules 二.1; the SDK guidance).

use super::support::{
    find_affirmed, find_in_text, is_other_processor, is_separate, join_words, mentions,
    relies_on_other_basis, texts_of,
};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::messages::IntoArg;
use crate::model::words::{
    Director, DocumentRelation, LegalBasis, Role, SdkMethod, SdkStart, Status,
};
use crate::model::{DataCategory, DeclRef, Recipient, SdkStarts, Text};
use crate::source::Span;

pub static RULES: &[&Rule] = &[
    &T001_RECIPIENT_WITHOUT_NAME,
    &T002_RECIPIENT_WITHOUT_CONTACT,
    &T003_RECIPIENT_WITHOUT_PURPOSE_METHOD_OR_CATEGORIES,
    &T004_PROVISION_WITHOUT_SEPARATE_CONSENT,
    &T005_RECIPIENT_ONWARD_USE,
    &T006_SDK_LIST_MISSING,
    &T007_SDK_MISSING_CORE_FIELDS,
    &T008_SDK_MISSING_CONTACT_LINK_OR_METHOD,
    &T009_SDK_COLLECTS_BEYOND_FUNCTION,
    &T010_DEIDENTIFIED_CLAIM_WITH_PERSISTENT_IDS,
    &T011_LIABILITY_SHIFTED_TO_THIRD_PARTY,
    &T012_PUBLIC_DISCLOSURE_WITHOUT_SEPARATE_CONSENT,
    &T013_MERGER_TRANSFER_INCOMPLETE,
    &T016_OWN_MANDATE_BODY_AS_ENTRUSTED,
    &T017_SDK_STARTS_BEFORE_CONSENT,
];

fn role_phrase(r: &Recipient) -> crate::messages::Msg {
    match r.role.as_ref().map(|x| x.value) {
        Some(Role::Independent) => crate::msg!("third-parties.role.independent"),
        Some(Role::Joint) => crate::msg!("third-parties.role.joint"),
        _ => crate::msg!("third-parties.role.undeclared"),
    }
}

// ---------------------------------------------------------------------------
// T001
// ---------------------------------------------------------------------------

pub static T001_RECIPIENT_WITHOUT_NAME: Rule = Rule {
    code: "T001",
    name: "recipient-without-name",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "23")],
    summary: "a recipient that is another processor is described only by type, not by name",
    explanation: include_str!("../../../docs/rules/T001.md"),
    check: check_t001,
};

fn check_t001(ctx: &Ctx<'_>, sink: &mut Sink) {
    let type_words = ctx.lexicon.terms("recipient-type-label");
    let entity_words = ctx.lexicon.terms("legal-entity-suffix");
    for r in ctx
        .model
        .recipients
        .iter()
        .filter(|r| is_other_processor(r))
    {
        match &r.name {
            // A group whose members are named one by one (`member "…"`) is
            // identified by those names, even where the list is open
            // ("包括但不限于"): the page shows the openness.
            None if !r.members.is_empty() => {}
            // A type label that reads as a proper name ("公安部公民身份信息数据库")
            // identifies the recipient.
            None if r
                .type_label
                .as_ref()
                .is_some_and(|t| type_words.find(&t.text).is_none()) => {}
            None => {
                let what = r
                    .type_label
                    .as_ref()
                    .map_or(crate::messages::Arg::Text(String::new()), |t| {
                        crate::msg!("third-parties.only-the-type", kind = &t.text).into_arg()
                    });
                sink.report(
                    r.head,
                    crate::msg!("third-parties.recipient-not-named", id = &r.id, what = what),
                )
                .label(crate::msg!(
                    "third-parties.without-name",
                    id = role_phrase(r)
                ))
                .help(crate::msg!("third-parties.give-recipient-s-legal"));
            }
            Some(n) => {
                let looks_like_type =
                    type_words.find(&n.text).is_some() && entity_words.find(&n.text).is_none();
                if looks_like_type {
                    sink.report(
                        n.span,
                        crate::msg!("third-parties.name-recipient-type-party", id = &r.id),
                    )
                    .label(crate::msg!("third-parties.type-not-name"))
                    .help(crate::msg!("third-parties.write-legal-name-recipient"));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// T002
// ---------------------------------------------------------------------------

pub static T002_RECIPIENT_WITHOUT_CONTACT: Rule = Rule {
    code: "T002",
    name: "recipient-without-contact",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "23")],
    summary: "a recipient that is another processor has no contact details",
    explanation: include_str!("../../../docs/rules/T002.md"),
    check: check_t002,
};

fn check_t002(ctx: &Ctx<'_>, sink: &mut Sink) {
    for r in ctx
        .model
        .recipients
        .iter()
        .filter(|r| is_other_processor(r))
    {
        if r.contacts.is_empty() {
            sink.report(
                r.head,
                crate::msg!("third-parties.recipient-has-no-contact", id = &r.id),
            )
            .label(crate::msg!(
                "third-parties.without-contact",
                id = role_phrase(r)
            ))
            .help(crate::msg!("third-parties.add-recipient-s-contact"));
        }
    }
}

// ---------------------------------------------------------------------------
// T003
// ---------------------------------------------------------------------------

pub static T003_RECIPIENT_WITHOUT_PURPOSE_METHOD_OR_CATEGORIES: Rule = Rule {
    code: "T003",
    name: "recipient-without-purpose-method-or-categories",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "23"),
        LegalRef::new("REC", "2").para(1),
    ],
    summary: "a recipient's purpose, processing method or data categories are not given",
    explanation: include_str!("../../../docs/rules/T003.md"),
    check: check_t003,
};

fn check_t003(ctx: &Ctx<'_>, sink: &mut Sink) {
    for r in &ctx.model.recipients {
        if matches!(r.role.as_ref().map(|x| x.value), Some(Role::Authority)) {
            continue;
        }
        let mut missing = Vec::new();
        if r.purposes.is_empty() {
            missing.push(crate::msg!("third-parties.field.purpose"));
        }
        if r.method.is_none() {
            missing.push(crate::msg!("third-parties.field.method"));
        }
        if r.data.is_empty() {
            missing.push(crate::msg!("third-parties.field.data"));
        }
        if missing.is_empty() {
            continue;
        }
        let mut fields: Vec<&str> = Vec::new();
        if r.purposes.is_empty() {
            fields.push("`purpose`");
        }
        if r.method.is_none() {
            fields.push("`method`");
        }
        if r.data.is_empty() {
            fields.push("`data`");
        }
        sink.report(
            r.head,
            crate::msg!(
                "third-parties.recipient-does-not-state",
                id = &r.id,
                missing = join_words(&missing)
            ),
        )
        .label(crate::msg!(
            "third-parties.no",
            fields = join_words(&fields)
        ))
        .help(crate::msg!("third-parties.state-recipient-does-data"));
    }
}

// ---------------------------------------------------------------------------
// T004
// ---------------------------------------------------------------------------

pub static T004_PROVISION_WITHOUT_SEPARATE_CONSENT: Rule = Rule {
    code: "T004",
    name: "provision-without-separate-consent",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "23"),
        LegalRef::new("PIPL", "14").para(1),
    ],
    summary: "data is provided to another processor without separate consent",
    explanation: include_str!("../../../docs/rules/T004.md"),
    check: check_t004,
};

fn check_t004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let bundled = ctx
        .model
        .consent
        .as_ref()
        .and_then(|c| c.bundled.as_ref())
        .filter(|b| b.value);
    for r in ctx
        .model
        .recipients
        .iter()
        .filter(|r| is_other_processor(r))
    {
        // Only anonymised or aggregate data goes to this recipient: it is
        // no personal information (PIPL Art. 4 ¶1, Art. 73(4)).
        if super::support::not_personal(r.form.as_ref()) || relies_on_other_basis(&r.bases) {
            continue;
        }
        let consent = r.consent.as_ref().map(|c| c.value);
        if is_separate(consent) {
            if let Some(b) = bundled {
                let at = r.consent.as_ref().map_or(r.head, |c| c.span);
                sink.report(
                    at,
                    crate::msg!(
                        "third-parties.separate-consent-recipient-bundled",
                        id = &r.id
                    ),
                )
                .label(crate::msg!("third-parties.separate-consent-claimed-here"))
                .related(
                    b.span,
                    crate::msg!("third-parties.acceptance-covers-several-separate-consent"),
                )
                .help(crate::msg!("third-parties.ask-consent-provision-own"));
            }
            continue;
        }
        let (at, what) = match &r.consent {
            Some(c) => (
                c.span,
                crate::msg!("third-parties.consent-kind", kind = c.value.to_string()),
            ),
            None => (r.head, crate::msg!("third-parties.no-consent-kind")),
        };
        let f = sink.report(
            at,
            crate::msg!(
                "third-parties.recipient-receives-personal-information",
                id = &r.id,
                what = what
            ),
        );
        f.label(crate::msg!(
            "third-parties.needs-separate-consent",
            id = role_phrase(r)
        ));
        // The consent a recipient asks in its own name ("以其自己的名义获得您的
        // 同意") is for its own processing; Art. 23 asks the provider's.
        if let Some(own) = r.own_consent.as_ref().filter(|o| o.value) {
            f.related(
                own.span,
                crate::msg!("third-parties.own-consent-not-provider-consent"),
            );
        }
        f.help(crate::msg!("third-parties.obtain-separate-consent-consent"));
    }
}

// ---------------------------------------------------------------------------
// T005
// ---------------------------------------------------------------------------

pub static T005_RECIPIENT_ONWARD_USE: Rule = Rule {
    code: "T005",
    name: "recipient-onward-use",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "23")],
    summary:
        "the policy lets a recipient use data beyond the notified purpose, method and categories",
    explanation: include_str!("../../../docs/rules/T005.md"),
    check: check_t005,
};

fn check_t005(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terms = ctx.lexicon.terms("onward-use");
    // The declarations that provide data or describe what is done with it.
    let texts = ctx
        .model
        .decls()
        .filter(|d| {
            matches!(
                d,
                DeclRef::Recipient(_)
                    | DeclRef::Sdk(_)
                    | DeclRef::Function(_)
                    | DeclRef::Disclosure(_)
                    | DeclRef::Transfer(_)
                    | DeclRef::Section(_)
            )
        })
        .flat_map(texts_of);
    for t in texts {
        if let Some(term) = find_affirmed(ctx, terms, t) {
            sink.report(
                t.span,
                crate::msg!(
                    "third-parties.recipient-allowed-use-data",
                    term = term.to_string()
                ),
            )
            .label(crate::msg!("third-parties.onward-use-recipient"))
            .help(crate::msg!("third-parties.limit-recipient-purpose-method"));
        }
    }
}

// ---------------------------------------------------------------------------
// T006
// ---------------------------------------------------------------------------

pub static T006_SDK_LIST_MISSING: Rule = Rule {
    code: "T006",
    name: "sdk-list-missing",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("REC", "2").para(1),
        LegalRef::new("NDSR", "21").para(2),
        LegalRef::new("PIPL", "17").para(1),
    ],
    summary: "the policy refers to an SDK list that it neither contains nor links",
    explanation: include_str!("../../../docs/rules/T006.md"),
    check: check_t006,
};

fn check_t006(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !ctx.model.sdks.is_empty() {
        return;
    }
    let lists = ctx
        .model
        .sdk_lists
        .iter()
        .filter(|l| l.url.is_none())
        .map(|l| (l.title.as_ref(), l.head));
    let documents = ctx
        .model
        .documents
        .iter()
        .filter(|d| d.is(DocumentRelation::SdkList) && d.url.is_none())
        .map(|d| (d.title.as_ref(), d.head));
    for (title, head) in lists.chain(documents) {
        let name = title.map_or_else(
            || crate::msg!("third-parties.the-sdk-list").into_arg(),
            |t| crate::messages::Arg::Text(format!("`{}`", t.text)),
        );
        sink.report(
            head,
            crate::msg!("third-parties.referred-not-given-policy", name = name),
        )
        .label(crate::msg!("third-parties.sdk-list-no-url"))
        .help(crate::msg!("third-parties.declare-sdk-sdk-id"));
    }
}

// ---------------------------------------------------------------------------
// T007
// ---------------------------------------------------------------------------

pub static T007_SDK_MISSING_CORE_FIELDS: Rule = Rule {
    code: "T007",
    name: "sdk-missing-core-fields",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("REC", "2").para(1),
        LegalRef::new("PIPL", "23"),
    ],
    summary: "an SDK lacks its name, provider, purpose or the data it collects",
    explanation: include_str!("../../../docs/rules/T007.md"),
    check: check_t007,
};

fn check_t007(ctx: &Ctx<'_>, sink: &mut Sink) {
    let open_source = ctx.lexicon.terms("open-source-library");
    for s in &ctx.model.sdks {
        // An open-source library runs inside the app: no provider receives
        // anything unless the entry says the SDK collects for itself.
        let local = s
            .provider
            .as_ref()
            .is_some_and(|p| mentions(open_source, std::iter::once(p)))
            && s.method
                .as_ref()
                .is_none_or(|m| m.kind != SdkMethod::SdkSelfCollect)
            && s.collects.is_empty();
        if local {
            continue;
        }
        let mut missing = Vec::new();
        if s.title.is_none() {
            missing.push(crate::msg!("third-parties.sdk-field.name"));
        }
        if s.provider.is_none() {
            missing.push(crate::msg!("third-parties.sdk-field.provider"));
        }
        if s.purposes.is_empty() && s.feature.is_none() {
            missing.push(crate::msg!("third-parties.field.purpose"));
        }
        if s.collects.is_empty() {
            missing.push(crate::msg!("third-parties.sdk-field.data"));
        }
        if missing.is_empty() {
            continue;
        }
        sink.report(
            s.head,
            crate::msg!(
                "third-parties.sdk-does-not-state",
                sdk = &s.id,
                missing = join_words(&missing)
            ),
        )
        .label(crate::msg!(
            "third-parties.missing",
            fields = missing.clone()
        ))
        .help(crate::msg!("third-parties.give-sdk-s-name"));
    }
}

// ---------------------------------------------------------------------------
// T008
// ---------------------------------------------------------------------------

pub static T008_SDK_MISSING_CONTACT_LINK_OR_METHOD: Rule = Rule {
    code: "T008",
    name: "sdk-missing-contact-link-or-method",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "23"),
        LegalRef::new("GB41391", "6.6").derived(),
    ],
    summary:
        "an SDK lacks its provider's contact, its privacy-policy link or its collection method",
    explanation: include_str!("../../../docs/rules/T008.md"),
    check: check_t008,
};

fn check_t008(ctx: &Ctx<'_>, sink: &mut Sink) {
    for s in &ctx.model.sdks {
        let mut missing = Vec::new();
        if s.contacts.is_empty() {
            missing.push(crate::msg!("third-parties.sdk-field.contact"));
        }
        if s.privacy_url.is_none() {
            missing.push(crate::msg!("third-parties.sdk-field.privacy-url"));
        }
        if s.method.is_none() {
            missing.push(crate::msg!("third-parties.sdk-field.collection"));
        }
        if missing.is_empty() {
            continue;
        }
        sink.report(
            s.head,
            crate::msg!(
                "third-parties.sdk-does-not-state",
                sdk = &s.id,
                missing = join_words(&missing)
            ),
        )
        .label(crate::msg!(
            "third-parties.missing",
            fields = missing.clone()
        ))
        .help(crate::msg!(
            "third-parties.add-contact-provider-privacy-url"
        ));
    }
}

// ---------------------------------------------------------------------------
// T009
// ---------------------------------------------------------------------------

pub static T009_SDK_COLLECTS_BEYOND_FUNCTION: Rule = Rule {
    code: "T009",
    name: "sdk-collects-beyond-function",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "6").para(2), LegalRef::new("REC", "4").para(1)],
    summary: "a push, login or analytics SDK collects sensitive or special data its function does not need",
    explanation: include_str!("../../../docs/rules/T009.md"),
    check: check_t009,
};

fn check_t009(ctx: &Ctx<'_>, sink: &mut Sink) {
    let light = ctx.lexicon.terms("sdk-light-feature");
    for s in &ctx.model.sdks {
        let described = s.title.iter().chain(&s.feature).chain(&s.purposes);
        let Some((_, feature)) = described
            .filter_map(|t| light.find(&t.text).map(|(_, term)| (t, term)))
            .next()
        else {
            continue;
        };
        let beyond: Vec<(&DataCategory, Span)> = s
            .collects
            .iter()
            .filter_map(|c| ctx.model.category(&c.data.id).map(|d| (d, c.data.span)))
            .filter(|(d, _)| d.special || d.sensitive)
            .collect();
        let Some((first, at)) = beyond.first() else {
            continue;
        };
        let names: Vec<String> = beyond.iter().map(|(d, _)| format!("`{}`", d.id)).collect();
        let f = sink.report(
            *at,
            crate::msg!(
                "third-parties.sdk-collects-beyond-function",
                sdk = &s.id,
                feature = feature.to_string(),
                data = names
            ),
        );
        f.label(crate::msg!(
            "third-parties.text",
            first = &first.id,
            sensitive = if first.special {
                crate::msg!("third-parties.special-item")
            } else {
                crate::msg!("third-parties.sensitive-item")
            }
        ))
        .help(crate::msg!("third-parties.drop-data-sdk-s"));
        for (d, sp) in beyond.iter().skip(1) {
            f.related(*sp, crate::msg!("third-parties.too", data = &d.id));
        }
    }
}

// ---------------------------------------------------------------------------
// T010
// ---------------------------------------------------------------------------

pub static T010_DEIDENTIFIED_CLAIM_WITH_PERSISTENT_IDS: Rule = Rule {
    code: "T010",
    name: "deidentified-claim-with-persistent-ids",
    severity: Severity::Info,
    legal: &[LegalRef::new("PIPL", "73").item(3)],
    summary: "an SDK is said to de-identify data while it collects persistent device identifiers",
    explanation: include_str!("../../../docs/rules/T010.md"),
    check: check_t010,
};

/// Whether a category is a persistent device identifier (IMEI, MAC, serial
/// number, …), judged from its label, its taxonomy names and aliases.
fn is_persistent_id(ctx: &Ctx<'_>, d: &DataCategory) -> bool {
    let terms = ctx.lexicon.terms("persistent-device-id");
    if d.label.iter().any(|l| terms.find(&l.text).is_some()) {
        return true;
    }
    let path = match &d.taxonomy.item {
        Some(i) => i.clone(),
        None => d.taxonomy.class.clone(),
    };
    let Some(item) = ctx.taxonomy.item(&path) else {
        return false;
    };
    std::iter::once(item.zh.as_str())
        .chain(std::iter::once(item.en.as_str()))
        .chain(item.aliases.iter().map(String::as_str))
        .any(|s| terms.find(s).is_some())
}

fn check_t010(ctx: &Ctx<'_>, sink: &mut Sink) {
    for s in &ctx.model.sdks {
        let Some(claim) = s.deidentified.as_ref().filter(|d| d.value) else {
            continue;
        };
        let ids: Vec<(&str, Span)> = s
            .collects
            .iter()
            .filter_map(|c| ctx.model.category(&c.data.id).map(|d| (d, c.data.span)))
            .filter(|(d, _)| is_persistent_id(ctx, d))
            .map(|(d, sp)| (d.id.as_str(), sp))
            .collect();
        let Some((first, at)) = ids.first() else {
            continue;
        };
        sink.report(
            claim.span,
            crate::msg!("third-parties.sdk-said-de-identify-data", sdk = &s.id),
        )
        .label(crate::msg!("third-parties.deidentified-yes"))
        .related(
            *at,
            crate::msg!(
                "third-parties.identifies-device-whole-life",
                first = first.to_string()
            ),
        )
        .help(crate::msg!("third-parties.say-de-identified-how-drop"));
    }
}

// ---------------------------------------------------------------------------
// T011
// ---------------------------------------------------------------------------

pub static T011_LIABILITY_SHIFTED_TO_THIRD_PARTY: Rule = Rule {
    code: "T011",
    name: "liability-shifted-to-third-party",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "21"), LegalRef::new("PIPL", "59")],
    summary:
        "the policy pushes the processor's responsibility onto vendors, partners or SDK providers",
    explanation: include_str!("../../../docs/rules/T011.md"),
    check: check_t011,
};

fn check_t011(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terms = ctx.lexicon.terms("liability-shift");
    let marker = ctx.lexicon.terms("third-party-marker");
    // Texts that are about third parties by their place in the model;
    // elsewhere, only texts that name a third party themselves.
    let (about, other): (Vec<DeclRef<'_>>, Vec<DeclRef<'_>>) = ctx.model.decls().partition(|d| {
        matches!(
            d,
            DeclRef::Recipient(_) | DeclRef::Sdk(_) | DeclRef::SdkList(_) | DeclRef::Transfer(_)
        )
    });
    let mut texts: Vec<&Text> = about.into_iter().flat_map(texts_of).collect();
    texts.extend(
        other
            .into_iter()
            .flat_map(texts_of)
            .filter(|t| mentions(marker, std::iter::once(*t))),
    );
    texts.sort_by_key(|t| t.span);
    for t in texts {
        if let Some(term) = find_affirmed(ctx, terms, t) {
            sink.report(
                t.span,
                crate::msg!(
                    "third-parties.responsibility-third-parties-disclaimed",
                    term = term.to_string()
                ),
            )
            .label(crate::msg!("third-parties.liability-shifted-third-party"))
            .help(crate::msg!(
                "third-parties.remove-disclaimer-processor-stays"
            ));
        }
    }
}

// ---------------------------------------------------------------------------
// T012
// ---------------------------------------------------------------------------

pub static T012_PUBLIC_DISCLOSURE_WITHOUT_SEPARATE_CONSENT: Rule = Rule {
    code: "T012",
    name: "public-disclosure-without-separate-consent",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "25")],
    summary: "personal information is made public without separate consent",
    explanation: include_str!("../../../docs/rules/T012.md"),
    check: check_t012,
};

fn check_t012(ctx: &Ctx<'_>, sink: &mut Sink) {
    for d in &ctx.model.disclosures {
        // `basis other-law` alone, with no law named in the clause ("其他法律
        // 法规允许我们进行披露的情形"), is an open ground, not a basis the
        // reader can check (PIPL Art. 13 ¶1(7) asks for a law or
        // administrative regulation that provides for it).
        let open_other_law = d.bases.first().filter(|_| {
            d.bases.iter().all(|b| b.value == LegalBasis::OtherLaw)
                && !texts_of(DeclRef::Disclosure(d))
                    .iter()
                    .any(|t| t.text.contains('《'))
        });
        if (relies_on_other_basis(&d.bases) && open_other_law.is_none())
            || is_separate(d.consent.as_ref().map(|c| c.value))
        {
            continue;
        }
        // What the user publishes themselves is not the processor's disclosure.
        if d.directed_by
            .as_ref()
            .is_some_and(|b| b.by == Director::User)
        {
            continue;
        }
        // "根据您的需求，在您明确同意的披露方式下披露您所指定的个人信息": each
        // disclosure is asked for by the user, item and manner chosen — a
        // consent of its own each time.
        if mentions(
            ctx.lexicon.terms("user-requested-disclosure"),
            texts_of(DeclRef::Disclosure(d)),
        ) {
            continue;
        }
        let (at, what) = match (&d.consent, open_other_law) {
            (_, Some(b)) => (b.span, crate::msg!("third-parties.other-law-unnamed")),
            (Some(c), None) => (
                c.span,
                crate::msg!("third-parties.consent-kind", kind = c.value.to_string()),
            ),
            (None, None) => (
                d.head,
                crate::msg!("third-parties.no-consent-kind-no-basis"),
            ),
        };
        sink.report(
            at,
            crate::msg!(
                "third-parties.public-disclosure-has-not",
                data = &d.id,
                what = what
            ),
        )
        .label(crate::msg!("third-parties.making-data-public-needs"))
        .help(crate::msg!(
            "third-parties.obtain-separate-consent-consent-2"
        ));
    }
}

// ---------------------------------------------------------------------------
// T013
// ---------------------------------------------------------------------------

pub static T013_MERGER_TRANSFER_INCOMPLETE: Rule = Rule {
    code: "T013",
    name: "merger-transfer-incomplete",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "22"), LegalRef::new("PIPL", "23")],
    summary: "the merger or transfer clause omits the recipient notice, the recipient's duties or re-consent on change",
    explanation: include_str!("../../../docs/rules/T013.md"),
    check: check_t013,
};

/// The three promises of a merger or transfer clause.
struct TransferDuties<'m> {
    notify: &'m Option<crate::model::Flag>,
    bound: &'m Option<crate::model::Flag>,
    reconsent: &'m Option<crate::model::Flag>,
}

fn check_t013(ctx: &Ctx<'_>, sink: &mut Sink) {
    if let Some(mg) = &ctx.model.merger {
        let duties = TransferDuties {
            notify: &mg.notify_recipient,
            bound: &mg.recipient_bound,
            reconsent: &mg.reconsent_on_change,
        };
        report_t013(sink, mg.head, &duties, None);
    }
    for h in &ctx.model.handovers {
        let duties = TransferDuties {
            notify: &h.notify_recipient,
            bound: &h.recipient_bound,
            reconsent: &h.reconsent_on_change,
        };
        // A hand-over the individual consents to, or asks for, carries the
        // notice of PIPL Art. 23 with that consent: a clause silent on the
        // duties is not incomplete then. One that states a duty is read as
        // a merger clause is, and one that denies a duty is reported.
        let consented = h.consent.is_some()
            || h.bases.iter().any(|b| b.value == LegalBasis::Consent)
            || h.cases.iter().any(|c| {
                c.maps_to
                    .as_ref()
                    .is_some_and(|m| m.value == LegalBasis::Consent)
            })
            || h.directed_by
                .as_ref()
                .is_some_and(|d| d.by == Director::User);
        let silent = [duties.notify, duties.bound, duties.reconsent]
            .iter()
            .all(|f| f.is_none());
        if consented && silent {
            continue;
        }
        report_t013(sink, h.head, &duties, Some(h.id.as_str()));
    }
}

/// Reports a merger clause (`handover` None) or a hand-over `handover` that
/// omits or denies the recipient notice or the recipient's being bound, or
/// denies re-consent on a change of purpose.
fn report_t013(sink: &mut Sink, head: Span, duties: &TransferDuties<'_>, handover: Option<&str>) {
    let parts = [
        (
            duties.notify,
            crate::msg!("third-parties.merger.notify"),
            "notify-recipient yes",
        ),
        (
            duties.bound,
            crate::msg!("third-parties.merger.bound"),
            "recipient-bound yes",
        ),
        (
            duties.reconsent,
            crate::msg!("third-parties.merger.reconsent"),
            "reconsent-on-change yes",
        ),
    ];
    let mut missing = Vec::new();
    let mut fixes = Vec::new();
    let mut at = head;
    let mut denied = false;
    // The processor's own duty is the notice (and the recipient's being
    // bound); new consent on a change of purpose is the recipient's duty
    // under the law itself (PIPL Art. 22, last sentence; Art. 23, last
    // sentence): a clause silent on it alone is not incomplete, one that
    // denies it is.
    let owes_notice = [duties.notify, duties.bound]
        .iter()
        .any(|f| !f.as_ref().is_some_and(|f| f.value));
    let reconsent_denied = duties.reconsent.as_ref().is_some_and(|f| !f.value);
    if !owes_notice && !reconsent_denied {
        return;
    }
    for (flag, what, fix) in parts {
        match flag {
            Some(f) if f.value => {}
            Some(f) => {
                if !denied {
                    at = f.span;
                    denied = true;
                }
                missing.push(what);
                fixes.push(fix);
            }
            None => {
                missing.push(what);
                fixes.push(fix);
            }
        }
    }
    if missing.is_empty() {
        return;
    }
    let fixes: Vec<String> = fixes.iter().map(|f| format!("`{f}`")).collect();
    let missing = join_words(&missing);
    let fixes = join_words(&fixes);
    match handover {
        None => sink
            .report(
                at,
                crate::msg!("third-parties.merger-clause-does-not", missing = missing),
            )
            .label(crate::msg!("third-parties.incomplete-merger-clause"))
            .help(crate::msg!(
                "third-parties.promise-art-duties",
                fixes = fixes
            )),
        Some(id) => sink
            .report(
                at,
                crate::msg!(
                    "third-parties.handover-does-not",
                    id = id,
                    missing = missing
                ),
            )
            .label(crate::msg!("third-parties.incomplete-handover"))
            .help(crate::msg!(
                "third-parties.promise-art23-duties",
                fixes = fixes
            )),
    };
}

// ---------------------------------------------------------------------------
// T016
// ---------------------------------------------------------------------------

pub static T016_OWN_MANDATE_BODY_AS_ENTRUSTED: Rule = Rule {
    code: "T016",
    name: "own-mandate-body-as-entrusted",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "21"), LegalRef::new("PIPL", "23")],
    summary: "a government body or credit bureau, which processes under its own mandate, is declared an entrusted processor",
    explanation: include_str!("../../../docs/rules/T016.md"),
    check: check_t016,
};

/// A recipient declared `role entrusted` whose type or name names a body
/// that processes personal information under its own legal mandate (topic
/// `own-mandate-body`: "政府部门", "征信机构", "公安机关"). Such a body does
/// not process on the processor's behalf and under its instructions (PIPL
/// Art. 21); what it receives is provided to another processor (Art. 23),
/// with the name, contact and separate consent that requires.
fn check_t016(ctx: &Ctx<'_>, sink: &mut Sink) {
    let bodies = ctx.lexicon.terms("own-mandate-body");
    for r in &ctx.model.recipients {
        let Some(role) = r.role.as_ref().filter(|x| x.value == Role::Entrusted) else {
            continue;
        };
        let Some(term) = r
            .type_label
            .iter()
            .chain(&r.name)
            .chain(&r.title)
            .find_map(|t| find_in_text(bodies, t))
        else {
            continue;
        };
        sink.report(
            role.span,
            crate::msg!(
                "third-parties.own-mandate-entrusted",
                id = &r.id,
                term = term
            ),
        )
        .label(crate::msg!("third-parties.own-mandate-entrusted-label"))
        .help(crate::msg!("third-parties.own-mandate-entrusted-help"));
    }
}

// ---------------------------------------------------------------------------
// T017
// ---------------------------------------------------------------------------

pub static T017_SDK_STARTS_BEFORE_CONSENT: Rule = Rule {
    code: "T017",
    name: "sdk-starts-before-consent",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("REC", "3.1"),
        LegalRef::new("PIPL", "13"),
        LegalRef::new("PIPL", "14"),
        LegalRef::new("CHILDREN", "9"),
    ],
    summary: "a third-party SDK that collects personal information starts before consent or at launch, or the promise that it waits for consent is hedged",
    explanation: include_str!("../../../docs/rules/T017.md"),
    check: check_t017,
};

/// `starts` on an `sdk` or an `sdk-list` (the SDKs of the list): the App
/// rules 三.1 count "征得用户同意前就开始收集个人信息或打开可收集个人信息的权限"
/// as collection without consent. Reported: an SDK that collects personal
/// information (its `collects` or `permissions`; an SDK list is a list of
/// what SDKs collect) and starts `before-consent`, or at the app's launch
/// (`startup`) where the text does not say it waits for consent; and a
/// promise of `after-consent` whose wording keeps it only as far as it goes
/// (topic `hedged-promise`: "尽可能", "原则上"). An SDK the policy says it does
/// not use now (`status none-currently`) is left out. Where the policy asks
/// for a guardian's consent, the help says whose consent it is (儿童个人信息
/// 网络保护规定 Art. 9).
fn check_t017(ctx: &Ctx<'_>, sink: &mut Sink) {
    let hedges = ctx.lexicon.terms("hedged-promise");
    let guardian = ctx
        .model
        .minors
        .as_ref()
        .and_then(|m| m.guardian_consent.as_ref())
        .is_some_and(|g| g.value);
    let whose = if guardian {
        crate::msg!("third-parties.sdk-start-guardian")
    } else {
        crate::msg!("third-parties.sdk-start-user")
    };
    let mut judge = |what: crate::messages::Msg, starts: &SdkStarts, collects: bool| {
        let (message, label) = match starts.kind {
            SdkStart::BeforeConsent if collects => (
                crate::msg!("third-parties.sdk-starts-before-consent", what = what),
                crate::msg!("third-parties.sdk-starts-before-consent-label"),
            ),
            SdkStart::Startup if collects => (
                crate::msg!("third-parties.sdk-starts-at-launch", what = what),
                crate::msg!("third-parties.sdk-starts-at-launch-label"),
            ),
            SdkStart::AfterConsent => {
                let Some(term) = starts
                    .text
                    .as_ref()
                    .and_then(|t| find_affirmed(ctx, hedges, t))
                else {
                    return;
                };
                (
                    crate::msg!("third-parties.sdk-start-hedged", what = what, term = term),
                    crate::msg!("third-parties.sdk-start-hedged-label"),
                )
            }
            _ => return,
        };
        sink.report(starts.span, message)
            .label(label)
            .help(crate::msg!(
                "third-parties.sdk-start-help",
                whose = whose.clone()
            ));
    };
    for s in &ctx.model.sdks {
        let Some(starts) = &s.starts else { continue };
        if s.status
            .as_ref()
            .is_some_and(|x| x.kind == Status::NoneCurrently)
        {
            continue;
        }
        let collects = !s.collects.is_empty() || !s.permissions.is_empty();
        judge(
            crate::msg!("third-parties.sdk-start-sdk", id = &s.id),
            starts,
            collects,
        );
    }
    for l in &ctx.model.sdk_lists {
        let Some(starts) = &l.starts else { continue };
        judge(crate::msg!("third-parties.sdk-start-list"), starts, true);
    }
}
