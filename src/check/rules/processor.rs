//! P: the processor and the document itself (who, how to reach them, which
//! version, where data is stored, how changes are announced).

use std::collections::BTreeMap;

use super::support::{header_span, own_contacts};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::check::thresholds::Thresholds;
use crate::model::words::{Channel, DocumentRelation, Unstated, Volume};
use crate::model::ChannelRef;
use crate::source::Span;

pub static RULES: &[&Rule] = &[
    &P001_MISSING_PROCESSOR_NAME,
    &P002_MISSING_PROCESSOR_CONTACT,
    &P003_NO_WRITTEN_CONTACT_CHANNEL,
    &P004_MISSING_PI_PROTECTION_OFFICER,
    &P005_MISSING_VERSION_OR_DATES,
    &P006_PRE_PIPL_POLICY,
    &P007_MISSING_COMPLAINT_CHANNEL,
    &P008_INCONSISTENT_CONTACT,
    &P009_MISSING_STORAGE_LOCATION,
    &P010_MISSING_CHANGE_NOTICE_METHOD,
    &P016_RULES_OVERRIDDEN_BY_OTHER_DOCUMENT,
];

// ---------------------------------------------------------------------------

pub static P001_MISSING_PROCESSOR_NAME: Rule = Rule {
    code: "P001",
    name: "missing-processor-name",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "17").para(1).item(1)],
    summary: "the policy does not give the processor's legal name",
    explanation: include_str!("../../../docs/rules/P001.md"),
    check: check_p001,
};

fn check_p001(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Some(p) = &ctx.model.processor else {
        sink.report(
            header_span(ctx),
            crate::msg!("processor.policy-does-not-name"),
        )
        .label(crate::msg!("processor.no-declaration"))
        .help(crate::msg!("processor.add-name-legal-name"));
        return;
    };
    match &p.name {
        None => {
            sink.report(p.head, crate::msg!("processor.has-no-legal-name"))
                .label(crate::msg!("processor.without-name"))
                .help(crate::msg!("processor.add-name-legal-name-2"));
        }
        Some(n) if n.text.trim().is_empty() => {
            sink.report(n.span, crate::msg!("processor.s-name-empty"))
                .label(crate::msg!("processor.empty-name"))
                .help(crate::msg!("processor.write-company-s-registered"));
        }
        Some(_) => {}
    }
}

// ---------------------------------------------------------------------------

pub static P002_MISSING_PROCESSOR_CONTACT: Rule = Rule {
    code: "P002",
    name: "missing-processor-contact",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "17").para(1).item(1)],
    summary: "the policy gives no way to contact the processor",
    explanation: include_str!("../../../docs/rules/P002.md"),
    check: check_p002,
};

fn check_p002(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    if m.processor.as_ref().is_some_and(|p| !p.contacts.is_empty()) {
        return;
    }
    // A contact given under the officer or the complaint channels still
    // reaches the processor: the duty is met, only placed elsewhere.
    if !own_contacts(ctx).is_empty() {
        return;
    }
    let span = match &m.processor {
        Some(p) => p.head,
        None => header_span(ctx),
    };
    sink.report(span, crate::msg!("processor.policy-gives-no-way"))
        .label(crate::msg!("processor.no-contact"))
        .help(crate::msg!("processor.add-contact-phone-contact"));
}

// ---------------------------------------------------------------------------

pub static P003_NO_WRITTEN_CONTACT_CHANNEL: Rule = Rule {
    code: "P003",
    name: "no-written-contact-channel",
    severity: Severity::Info,
    legal: &[LegalRef::new("PIPL", "17").para(1).item(1).derived()],
    summary: "the processor can be reached only by phone or online, not by e-mail or post",
    explanation: include_str!("../../../docs/rules/P003.md"),
    check: check_p003,
};

fn is_written(kind: Channel) -> bool {
    matches!(
        kind,
        Channel::Email | Channel::Post | Channel::Address | Channel::Letter
    )
}

fn check_p003(ctx: &Ctx<'_>, sink: &mut Sink) {
    let contacts = own_contacts(ctx);
    // No contact at all is P002's finding.
    let Some(first) = contacts.first() else {
        return;
    };
    if contacts.iter().any(|c| is_written(c.kind)) {
        return;
    }
    // A published office address is where letters go (a registered address
    // alone identifies the company; it is not offered as a channel).
    let address = ctx.model.processor.as_ref().is_some_and(|p| {
        p.office_address
            .as_ref()
            .is_some_and(|t| !t.text.trim().is_empty())
    });
    if address {
        return;
    }
    let span = match &ctx.model.processor {
        Some(p) if !p.contacts.is_empty() => p.head,
        _ => first.span,
    };
    let kinds: Vec<String> = {
        let mut k: Vec<&str> = contacts.iter().map(|c| c.kind.word()).collect();
        k.sort_unstable();
        k.dedup();
        k.iter().map(|w| format!("`{w}`")).collect()
    };
    sink.report(
        span,
        crate::msg!("processor.can-reached-only", kinds = kinds),
    )
    .label(crate::msg!("processor.no-e-mail-postal-address"))
    .help(crate::msg!("processor.add-contact-email-contact"));
}

// ---------------------------------------------------------------------------

pub static P004_MISSING_PI_PROTECTION_OFFICER: Rule = Rule {
    code: "P004",
    name: "missing-pi-protection-officer",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "52").para(1),
        LegalRef::new("PIPL", "52").para(2),
        LegalRef::new("GB35273", "11.1").derived(),
    ],
    summary: "no personal-information protection officer, or no contact for the officer",
    explanation: include_str!("../../../docs/rules/P004.md"),
    check: check_p004,
};

fn check_p004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let severity = match ctx.facts.volume {
        Some(v) if v.at_least_one_million() => Severity::Error,
        // Below the threshold the duty does not arise.
        Some(Volume::Under100k | Volume::From100kTo1m) => return,
        _ => Severity::Warning,
    };
    let why = if severity == Severity::Error {
        crate::msg!("processor.why.over-1m")
    } else {
        crate::msg!("processor.why.volume-unknown")
    };
    match &ctx.model.officer {
        None => {
            sink.report(
                header_span(ctx),
                crate::msg!("processor.policy-names-no-personal-information"),
            )
            .label(crate::msg!("processor.no-officer-declaration"))
            .help(crate::msg!(
                "processor.add-officer-contact-email",
                why = why.clone()
            ))
            .severity(severity);
        }
        Some(o) if o.contacts.is_empty() => {
            sink.report(
                o.head,
                crate::msg!("processor.personal-information-protection-officer-has"),
            )
            .label(crate::msg!("processor.officer-without-contact"))
            .help(crate::msg!(
                "processor.add-contact-email-contact-2",
                why = why.clone()
            ))
            .severity(severity);
        }
        Some(_) => {}
    }
}

// ---------------------------------------------------------------------------

pub static P005_MISSING_VERSION_OR_DATES: Rule = Rule {
    code: "P005",
    name: "missing-version-or-dates",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(3).derived(),
        LegalRef::new("GB35273", "App. D").derived(),
    ],
    summary: "the policy lacks a version, an effective date or a last-updated date",
    explanation: include_str!("../../../docs/rules/P005.md"),
    check: check_p005,
};

fn check_p005(ctx: &Ctx<'_>, sink: &mut Sink) {
    let h = &ctx.model.header;
    let mut missing = Vec::new();
    // Both dates tell readers which text is in force and since when; a
    // version label is then not needed.
    let both_dates = h.effective.is_some() && h.updated.is_some();
    if h.version.as_ref().is_none_or(|v| v.text.trim().is_empty()) && !both_dates {
        missing.push("`version`");
    }
    if h.effective.is_none() {
        missing.push("`effective`");
    }
    if h.updated.is_none() {
        missing.push("`updated`");
    }
    if missing.is_empty() {
        return;
    }
    let list = crate::messages::alternatives(missing);
    sink.report(
        header_span(ctx),
        crate::msg!("processor.policy-header-has-no", list = list),
    )
    .label(crate::msg!("processor.header"))
    .help(crate::msg!("processor.add-missing-fields-so"));
}

// ---------------------------------------------------------------------------

pub static P006_PRE_PIPL_POLICY: Rule = Rule {
    code: "P006",
    name: "pre-pipl-policy",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "74")],
    summary: "the policy was last updated before PIPL came into force on 2021-11-01",
    explanation: include_str!("../../../docs/rules/P006.md"),
    check: check_p006,
};

fn check_p006(ctx: &Ctx<'_>, sink: &mut Sink) {
    let Ok(t) = Thresholds::builtin() else { return };
    let in_force = t.pipl_in_force.value.0;
    let h = &ctx.model.header;
    // The later of the two dates: a text updated in September to take effect
    // on 1 November was written for PIPL.
    let latest = [h.updated.as_ref(), h.effective.as_ref()]
        .into_iter()
        .flatten()
        .max_by_key(|d| d.value);
    let Some(d) = latest else { return };
    // A month date (`2021-11`) gets the benefit of its last day.
    if d.value.last_day() >= in_force {
        return;
    }
    sink.report(
        d.span,
        crate::msg!(
            "processor.policy-dates-from-before",
            data = d.value.to_string()
        ),
    )
    .label(crate::msg!(
        "processor.before",
        in_force = in_force.to_string()
    ))
    .help(crate::msg!(
        "processor.review-policy-against-pipl",
        in_force = in_force.to_string()
    ));
}

// ---------------------------------------------------------------------------

pub static P007_MISSING_COMPLAINT_CHANNEL: Rule = Rule {
    code: "P007",
    name: "missing-complaint-channel",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("NDSR", "20"),
        LegalRef::new("REC", "6.5").derived(),
    ],
    summary: "the policy publishes no channel for complaints and reports",
    explanation: include_str!("../../../docs/rules/P007.md"),
    check: check_p007,
};

fn check_p007(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    if m.complaints
        .as_ref()
        .is_some_and(|c| !c.channels.is_empty())
    {
        return;
    }
    let via_right = m.rights.iter().any(|r| {
        r.covers
            .iter()
            .any(|k| k.value == crate::model::words::RightKind::Complain)
            && (!r.channels.is_empty() || !r.paths.is_empty())
    });
    if via_right {
        return;
    }
    match &m.complaints {
        Some(c) => {
            sink.report(c.head, crate::msg!("processor.complaints-section-gives-no"))
                .label(crate::msg!("processor.no-channel"))
                .help(crate::msg!("processor.add-channel-phone-e-mail"));
        }
        None => {
            sink.report(
                header_span(ctx),
                crate::msg!("processor.policy-publishes-no-channel"),
            )
            .label(crate::msg!("processor.no-complaints-declaration"))
            .help(crate::msg!("processor.add-complaints-channel-phone"));
        }
    }
}

// ---------------------------------------------------------------------------

pub static P008_INCONSISTENT_CONTACT: Rule = Rule {
    code: "P008",
    name: "inconsistent-contact",
    severity: Severity::Info,
    legal: &[LegalRef::new("PIPL", "17").para(1).derived()],
    summary: "one phone number or address is written in several ways",
    explanation: include_str!("../../../docs/rules/P008.md"),
    check: check_p008,
};

/// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to ASCII.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The normalised form of a contact value, by family; `None` if it cannot be
/// compared (too short to be a number, empty).
fn contact_key(c: &ChannelRef) -> Option<(u8, String)> {
    let v = c.value.as_ref()?;
    let s: String = v.text.chars().map(half_width).collect();
    match c.kind {
        Channel::Phone | Channel::CustomerService | Channel::Sms | Channel::VoiceCall => {
            let mut digits: String = s.chars().filter(char::is_ascii_digit).collect();
            // An extension after a full number ("4008353331-9"): the number is
            // the same one, so the extension is left out of the key.
            if let Some((number, ext)) = s.rsplit_once('-') {
                let base = number.chars().filter(char::is_ascii_digit).count();
                let ext = ext.trim();
                if base >= 10
                    && (1..=4).contains(&ext.len())
                    && ext.chars().all(|c| c.is_ascii_digit())
                {
                    digits.truncate(base);
                }
            }
            // Only a string that is essentially a number: a phone channel
            // whose value is prose ("工作日9:00-18:00") is not compared.
            let other = s
                .chars()
                .filter(|ch| {
                    !ch.is_ascii_digit() && !matches!(ch, ' ' | '-' | '(' | ')' | '+' | '.' | '/')
                })
                .count();
            if digits.len() < 5 || other > 0 {
                return None;
            }
            if let Some(rest) = digits
                .strip_prefix("0086")
                .or_else(|| digits.strip_prefix("86"))
            {
                if rest.len() >= 7 && digits.len() > 11 {
                    digits = rest.to_string();
                }
            }
            Some((0, digits))
        }
        Channel::Email => {
            let e: String = s
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .collect::<String>()
                .to_lowercase();
            (!e.is_empty()).then_some((1, e))
        }
        Channel::Web | Channel::Online => {
            let w: String = s
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .collect::<String>()
                .to_lowercase();
            let w = w.trim_end_matches('/').to_string();
            (!w.is_empty()).then_some((2, w))
        }
        Channel::Post | Channel::Address | Channel::Letter => {
            let a: String = s
                .chars()
                .filter(|ch| !ch.is_whitespace() && !matches!(ch, ',' | '，' | '、'))
                .collect();
            (!a.is_empty()).then_some((3, a))
        }
        _ => None,
    }
}

fn check_p008(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let mut all: Vec<&ChannelRef> = own_contacts(ctx);
    for r in &m.rights {
        all.extend(&r.channels);
    }
    for d in &m.decisions {
        all.extend(&d.explain);
        all.extend(&d.refuse);
    }
    if let Some(mk) = &m.marketing {
        all.extend(&mk.opt_outs);
    }
    // A summary layer restates contacts that must agree with the policy's.
    for d in &m.documents {
        all.extend(&d.contacts);
    }
    all.sort_by_key(|c| c.span);
    // key → first spelling seen (text, span); then one finding per other spelling.
    let mut first: BTreeMap<(u8, String), (&str, Span)> = BTreeMap::new();
    let mut reported: BTreeMap<(u8, String), Vec<String>> = BTreeMap::new();
    for c in all {
        let (Some(key), Some(v)) = (contact_key(c), c.value.as_ref()) else {
            continue;
        };
        let raw = v.text.trim();
        match first.get(&key) {
            None => {
                first.insert(key, (raw, v.span));
            }
            Some(&(seen, seen_span)) if seen != raw => {
                let done = reported.entry(key).or_default();
                if done.iter().any(|d| d == raw) {
                    continue;
                }
                done.push(raw.to_string());
                sink.report(
                    v.span,
                    crate::msg!(
                        "processor.written-elsewhere",
                        raw = raw.to_string(),
                        seen = seen.to_string()
                    ),
                )
                .label(crate::msg!("processor.spelling"))
                .related(seen_span, crate::msg!("processor.first-written-here"))
                .help(crate::msg!("processor.write-same-contact-same"));
            }
            Some(_) => {}
        }
    }
}

// ---------------------------------------------------------------------------

pub static P009_MISSING_STORAGE_LOCATION: Rule = Rule {
    code: "P009",
    name: "missing-storage-location",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "40").derived(),
        LegalRef::new("GB35273", "5.5").derived(),
    ],
    summary: "the policy does not say where personal information is stored",
    explanation: include_str!("../../../docs/rules/P009.md"),
    check: check_p009,
};

fn check_p009(ctx: &Ctx<'_>, sink: &mut Sink) {
    match &ctx.model.storage {
        None => {
            sink.report(
                header_span(ctx),
                crate::msg!("processor.policy-does-not-say"),
            )
            .label(crate::msg!("processor.no-storage-declaration"))
            .help(crate::msg!("processor.add-storage-location-cn"));
        }
        Some(s) if s.locations.is_empty() => {
            sink.report(s.head, crate::msg!("processor.storage-section-names-no"))
                .label(crate::msg!("processor.no-location"))
                .help(crate::msg!("processor.add-location-cn-countries"));
        }
        Some(_) => {}
    }
}

// ---------------------------------------------------------------------------

pub static P010_MISSING_CHANGE_NOTICE_METHOD: Rule = Rule {
    code: "P010",
    name: "missing-change-notice-method",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "17").para(2)],
    summary: "the policy does not say how users are told about changes to it",
    explanation: include_str!("../../../docs/rules/P010.md"),
    check: check_p010,
};

fn check_p010(ctx: &Ctx<'_>, sink: &mut Sink) {
    match &ctx.model.updates {
        None => {
            sink.report(
                header_span(ctx),
                crate::msg!("processor.policy-does-not-say-2"),
            )
            .label(crate::msg!("processor.no-updates-declaration"))
            .help(crate::msg!("processor.add-updates-notice-popup"));
        }
        Some(u) if u.notices.is_empty() => {
            sink.report(u.head, crate::msg!("processor.updates-section-names-no"))
                .label(crate::msg!("processor.no-notice"))
                .help(crate::msg!("processor.add-notice-popup-sms"));
        }
        Some(_) => {}
    }
}

// ---------------------------------------------------------------------------

pub static P016_RULES_OVERRIDDEN_BY_OTHER_DOCUMENT: Rule = Rule {
    code: "P016",
    name: "rules-overridden-by-other-document",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1),
        LegalRef::new("PIPL", "17").para(3),
    ],
    summary: "another document prevails over the policy, so the policy is not the rules that apply",
    explanation: include_str!("../../../docs/rules/P016.md"),
    check: check_p016,
};

/// A `document` with `relation overrides`, unless it is the children's rules
/// (separate children's rules are what the Children's PI Provisions Art. 8
/// ask for). Lists, agreements read with the policy and supplements that are
/// not said to prevail pass.
fn check_p016(ctx: &Ctx<'_>, sink: &mut Sink) {
    for d in &ctx.model.documents {
        if d.is(DocumentRelation::GovernsChildren) {
            continue;
        }
        let Some(over) = d
            .relations
            .iter()
            .find(|r| r.value == DocumentRelation::Overrides)
        else {
            continue;
        };
        let title = d.title.as_ref().map_or(d.id.clone(), |t| t.text.clone());
        let unnamed = d
            .unstated
            .as_ref()
            .is_some_and(|u| u.items.iter().any(|i| i.value == Unstated::Name));
        let message = if unnamed {
            crate::msg!("processor.overridden-by-unnamed", title = title)
        } else {
            crate::msg!("processor.overridden-by", title = title)
        };
        sink.report(over.span, message)
            .label(crate::msg!("processor.overridden-by-label"))
            .help(crate::msg!("processor.overridden-by-help"));
    }
}
