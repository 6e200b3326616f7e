//! What the policy leaves undisclosed: SDKs of an app with permissions,
//! why device identifiers are needed for security, where other people's
//! data comes from, and sensitive processing described only by an SDK
//! (PIPL Art. 6, 13, 17, 30; NDSR Art. 21 ¶2; the App rules 二.1).

use std::collections::BTreeSet;

use super::support::{cat_at, find_in_text, find_term, header_span, ids, mentions};
use crate::check::lexicon::Terms;
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::words::Platform;
use crate::model::{Collect, DataCategory, Function, Model, Text};
use crate::source::Span;

pub static RULES: &[&Rule] = &[
    &T014_SDKS_NOT_DISCLOSED,
    &I011_DEVICE_ID_FOR_SECURITY_WITHOUT_NECESSITY,
    &C013_THIRD_PARTY_DATA_WITHOUT_SOURCE_OR_BASIS,
    &S006_SENSITIVE_ONLY_IN_SDK,
];

/// The functions that collect `d`, directly or through a permission they
/// use (or that names them).
fn collectors<'m>(m: &'m Model, d: &DataCategory) -> Vec<&'m Function> {
    let mut ids: BTreeSet<&str> = m
        .functions_collecting(&d.id)
        .map(|f| f.id.as_str())
        .collect();
    for p in m
        .permissions
        .iter()
        .filter(|p| p.collects.iter().any(|c| c.data.id == d.id))
    {
        ids.extend(p.functions.iter().map(|f| f.id.as_str()));
        ids.extend(
            m.functions
                .iter()
                .filter(|f| f.permissions.iter().any(|r| r.id == p.id))
                .map(|f| f.id.as_str()),
        );
    }
    m.functions
        .iter()
        .filter(|f| ids.contains(f.id.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------
// T014
// ---------------------------------------------------------------------------

pub static T014_SDKS_NOT_DISCLOSED: Rule = Rule {
    code: "T014",
    name: "sdks-not-disclosed",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("REC", "2").para(1),
        LegalRef::new("NDSR", "21").para(2),
    ],
    summary: "an app that requests permissions names no third-party SDK and no SDK list, and does not say it embeds none",
    explanation: include_str!("../../../docs/rules/T014.md"),
    check: check_t014,
};

fn check_t014(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let platforms = &m.header.platforms;
    let app = platforms.is_empty() || platforms.iter().any(|p| p.value == Platform::App);
    // An SDK named only as an example ("例如：…SDK") lists nothing: the set
    // it stands for stays unknown.
    let listed = m
        .sdks
        .iter()
        .any(|s| !s.example.as_ref().is_some_and(|e| e.value));
    if !app || m.permissions.is_empty() || listed || m.has_sdk_list() {
        return;
    }
    if mentions(ctx.lexicon.terms("no-sdk-statement"), m.texts()) {
        return;
    }
    let example = m.sdks.first();
    let f = sink.report(
        header_span(ctx),
        if example.is_some() {
            crate::msg!("disclosure-gaps.only-example-sdks")
        } else {
            crate::msg!("disclosure-gaps.no-sdk")
        },
    );
    if let Some(s) = example {
        f.related(s.head, crate::msg!("disclosure-gaps.sdk-named-as-example"));
    }
    f.label(match (m.permissions.len(), example.is_some()) {
        (n, true) => crate::msg!("disclosure-gaps.only-example-sdks-label", count = n),
        (1, false) => crate::msg!("disclosure-gaps.no-sdk-label-one"),
        (n, false) => crate::msg!("disclosure-gaps.no-sdk-label", count = n),
    })
    .help(crate::msg!("disclosure-gaps.no-sdk-help"));
    if let Some(p) = m.permissions.first() {
        f.related(p.head, crate::msg!("disclosure-gaps.permissions-requested"));
    }
}

// ---------------------------------------------------------------------------
// I011
// ---------------------------------------------------------------------------

pub static I011_DEVICE_ID_FOR_SECURITY_WITHOUT_NECESSITY: Rule = Rule {
    code: "I011",
    name: "device-id-for-security-without-necessity",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "6").para(2),
        LegalRef::new("GB35273", "5.2").derived(),
    ],
    summary: "device identifiers or other special items are collected \"for security\" with no statement of why they are needed",
    explanation: include_str!("../../../docs/rules/I011.md"),
    check: check_i011,
};

/// Whether a category is a device identifier: its label, or its taxonomy
/// item's names, say so (topic `persistent-device-id`).
fn device_identifier(ctx: &Ctx<'_>, d: &DataCategory) -> bool {
    let ids = ctx.lexicon.terms("persistent-device-id");
    if d.label
        .as_ref()
        .is_some_and(|l| find_in_text(ids, l).is_some())
    {
        return true;
    }
    d.taxonomy
        .item
        .as_deref()
        .and_then(|i| ctx.taxonomy.item(i))
        .is_some_and(|it| {
            std::iter::once(&it.zh)
                .chain(&it.aliases)
                .any(|n| ids.find(n).is_some())
        })
}

/// The security word of a purpose, once the phrases that only contain
/// one ("账户安全消息", topic `security-purpose-not`) are taken out.
fn security_term(ctx: &Ctx<'_>, security: &Terms, t: &Text) -> Option<String> {
    let not = ctx.lexicon.terms("security-purpose-not");
    let mut text = t.text.clone();
    for n in not.zh.iter().chain(&not.en) {
        text = text.replace(n.as_str(), " ");
    }
    find_term(security, &text)
}

/// What collects an identifier for I011: a function, or a processing
/// declaration with `collects` lines of its own (automatic collection).
struct Collector<'m> {
    id: &'m str,
    purposes: &'m [Text],
    title: Option<&'m Text>,
    collects: &'m [Collect],
    head: Span,
}

fn check_i011(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let security = ctx.lexicon.terms("security-purpose");
    // Every identifier collected for security with no necessity, and the
    // first function (or processing declaration) that does so.
    let mut found: Vec<(&DataCategory, Collector<'_>, String)> = Vec::new();
    for d in m
        .data
        .iter()
        .filter(|d| d.special && d.necessity.is_none() && device_identifier(ctx, d))
    {
        let functions = collectors(m, d).into_iter().map(|f| Collector {
            id: &f.id,
            purposes: &f.purposes,
            title: f.title.as_ref(),
            collects: &f.collects,
            head: f.head,
        });
        let processing = m
            .processing
            .iter()
            .filter(|p| p.collects.iter().any(|c| c.data.id == d.id))
            .map(|p| Collector {
                id: &p.id,
                purposes: &p.purposes,
                title: p.title.as_ref(),
                collects: &p.collects,
                head: p.head,
            });
        let first = functions.chain(processing).find_map(|f| {
            f.purposes
                .iter()
                .chain(f.title)
                .find_map(|t| security_term(ctx, security, t))
                .map(|term| (f, term))
        });
        if let Some((f, term)) = first {
            found.push((d, f, term));
        }
    }
    let Some((d, func, term)) = found.first() else {
        return;
    };
    let at = |d: &DataCategory, f: &Collector<'_>| {
        f.collects
            .iter()
            .find(|c| c.data.id == d.id)
            .map_or(f.head, |c| c.data.span)
    };
    let f = sink.report(
        at(d, func),
        crate::msg!("disclosure-gaps.device-id", term = term),
    );
    f.label(crate::msg!(
        "disclosure-gaps.device-id-label",
        ids = ids(found.iter().map(|(d, _, _)| d.id.as_str()))
    ))
    .help(crate::msg!("disclosure-gaps.device-id-help"));
    for (d, g, _) in found.iter().skip(1) {
        f.related(
            at(d, g),
            crate::msg!(
                "disclosure-gaps.device-id-also",
                id = &d.id,
                function = g.id
            ),
        );
    }
}

// ---------------------------------------------------------------------------
// C013
// ---------------------------------------------------------------------------

pub static C013_THIRD_PARTY_DATA_WITHOUT_SOURCE_OR_BASIS: Rule = Rule {
    code: "C013",
    name: "third-party-data-without-source-or-basis",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "13").para(1),
        LegalRef::new("PIPL", "17").para(1).item(2),
    ],
    summary: "data about people other than the user is processed with no stated source and no legal basis",
    explanation: include_str!("../../../docs/rules/C013.md"),
    check: check_c013,
};

fn check_c013(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let mut found: Vec<&DataCategory> = Vec::new();
    // Data that may be the user's own ("subject user, passenger") is left
    // alone: it is someone else's only sometimes.
    let maybe_own = |d: &DataCategory| {
        d.subject.as_ref().is_some_and(|s| {
            s.kinds
                .iter()
                .any(|k| k.value == crate::model::words::Subject::User)
        })
    };
    for d in m
        .data
        .iter()
        .filter(|d| d.third_party_subject && !maybe_own(d))
    {
        let fs = collectors(m, d);
        if fs.is_empty() {
            continue;
        }
        let stated = fs
            .iter()
            .any(|f| !f.sources.is_empty() || f.all_bases().next().is_some());
        if !stated {
            found.push(d);
        }
    }
    let Some(first) = found.first() else { return };
    let f = sink.report(cat_at(m, first), crate::msg!("disclosure-gaps.third-party"));
    f.label(crate::msg!(
        "disclosure-gaps.third-party-label",
        ids = ids(found.iter().map(|d| d.id.as_str()))
    ))
    .help(crate::msg!("disclosure-gaps.third-party-help"));
    for d in found.iter().skip(1) {
        f.related(
            cat_at(m, d),
            crate::msg!("disclosure-gaps.third-party-also", id = &d.id),
        );
    }
}

// ---------------------------------------------------------------------------
// S006
// ---------------------------------------------------------------------------

pub static S006_SENSITIVE_ONLY_IN_SDK: Rule = Rule {
    code: "S006",
    name: "sensitive-only-in-sdk",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("PIPL", "30"),
        LegalRef::new("REC", "2").para(1),
    ],
    summary: "sensitive personal information appears only in an SDK entry: no function describes its processing",
    explanation: include_str!("../../../docs/rules/S006.md"),
    check: check_s006,
};

fn check_s006(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    for d in m.data.iter().filter(|d| d.sensitive) {
        let sdks: Vec<_> = m.sdks_collecting(&d.id).collect();
        let Some(first) = sdks.first() else { continue };
        if !collectors(m, d).is_empty() {
            continue;
        }
        // A function that collects data of the same kind (its taxonomy
        // item, or its class when it has no item) describes the processing
        // under another name.
        let same_kind = m.data.iter().any(|o| {
            o.id != d.id
                && o.taxonomy.class == d.taxonomy.class
                && (d.taxonomy.item.is_none()
                    || o.taxonomy.item.is_none()
                    || o.taxonomy.item == d.taxonomy.item)
                && !collectors(m, o).is_empty()
        });
        if same_kind {
            continue;
        }
        let at = first
            .collects
            .iter()
            .find(|c| c.data.id == d.id)
            .map_or(first.head, |c| c.data.span);
        let f = sink.report(
            at,
            crate::msg!("disclosure-gaps.sensitive-sdk", id = &d.id, sdk = &first.id),
        );
        f.label(crate::msg!("disclosure-gaps.sensitive-sdk-label"))
            .help(crate::msg!(
                "disclosure-gaps.sensitive-sdk-help",
                id = &d.id
            ));
        for s in sdks.iter().skip(1) {
            f.related(
                s.head,
                crate::msg!("disclosure-gaps.sensitive-sdk-also", sdk = &s.id),
            );
        }
    }
}
