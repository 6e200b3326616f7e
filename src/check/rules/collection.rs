//! I: the information collected and what it is for (PIPL Art. 6, 17; the App
//! rules).

use std::collections::BTreeSet;

use super::support::{
    all_texts, find_in_text, find_term, first_affirmed, fn_name, function_collects, kw, match_term,
    mentions, not_described,
};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::words::Unstated;
use crate::model::{Collect, Text};

pub static RULES: &[&Rule] = &[
    &I001_UNUSED_DATA_CATEGORY,
    &I002_VAGUE_PURPOSE,
    &I003_OPEN_ENDED_LIST,
    &I004_FUNCTION_WITHOUT_DATA_CATEGORIES,
    &I005_FUNCTION_WITHOUT_PURPOSE_OR_METHOD,
    &I006_UNJUSTIFIED_BACKGROUND_COLLECTION,
    &I007_MISLEADING_NOT_IDENTIFIABLE_CLAIM,
    &I008_PERMISSION_WITHOUT_PURPOSE,
    &I009_PERMISSION_REUSED_BY_DEFAULT,
    &I012_INDIRECT_SOURCE_UNNAMED,
    &I013_DEIDENTIFIED_ON_COLLECTION_CLAIM,
    &I014_PERMISSION_MISSING_FROM_COMPLETE_LIST,
    &I015_STARTUP_PERMISSION_FOR_UNRELATED_PURPOSE,
];

// ---------------------------------------------------------------------------

pub static I001_UNUSED_DATA_CATEGORY: Rule = Rule {
    code: "I001",
    name: "unused-data-category",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "6").para(2)],
    summary: "a declared data category is used nowhere: no function, permission, SDK, processing, recipient, disclosure, transfer, cookie, right or retention entry names it",
    explanation: include_str!("../../../docs/rules/I001.md"),
    check: check_i001,
};

fn check_i001(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let all = m
        .functions
        .iter()
        .flat_map(|f| &f.collects)
        .chain(m.permissions.iter().flat_map(|p| &p.collects))
        .chain(m.sdks.iter().flat_map(|s| &s.collects))
        // Data a recipient sends back (`returns`) is obtained by the policy.
        .chain(m.recipients.iter().flat_map(|r| &r.returns))
        // Data a recipient collects itself on the platform (`self-collects`)
        // is processed under the policy's description.
        .chain(m.recipients.iter().flat_map(|r| &r.self_collects))
        // Data collected by processing outside the functions.
        .chain(m.processing.iter().flat_map(|p| &p.collects));
    for c in all {
        used.insert(c.data.id.as_str());
    }
    // Data given to a recipient, disclosed, sent abroad or held by a cookie
    // is used by the policy even when no function lists it.
    let given = m
        .recipients
        .iter()
        .flat_map(|r| r.data.refs())
        .chain(m.disclosures.iter().flat_map(|d| d.data.refs()))
        .chain(m.transfers.iter().flat_map(|t| t.data.refs()))
        .chain(m.cookies.iter().flat_map(|c| c.data.refs()))
        // Processing outside the functions (research, automatic collection)
        // uses what it names.
        .chain(m.processing.iter().flat_map(|p| p.data.refs()))
        // Records the policy says it keeps (KYC records, transaction records)
        // are produced by its service even where no function lists them.
        .chain(m.retention.iter().flat_map(|r| r.data.refs()))
        // Derived data a function, processing or automated decision produces
        // (`produces preferences`).
        .chain(m.functions.iter().flat_map(|f| &f.produces))
        .chain(m.processing.iter().flat_map(|p| &p.produces))
        .chain(m.decisions.iter().flat_map(|d| &d.produces));
    for r in given {
        used.insert(r.id.as_str());
    }
    // A class-level declaration (`data property = financial`) speaks for the
    // items of its class that are used.
    let used_classes: BTreeSet<&str> = m
        .data
        .iter()
        .filter(|d| used.contains(d.id.as_str()))
        .map(|d| d.taxonomy.class.as_str())
        .collect();
    // The rights section naming a category ("您可以修改昵称") uses it too.
    let mut right_texts: Vec<&str> = Vec::new();
    for r in &m.rights {
        crate::model::DeclRef::Right(r).texts(&mut |t| right_texts.push(t.text.as_str()));
    }
    for d in m.data.iter().filter(|d| d.declared) {
        if used.contains(d.id.as_str()) {
            continue;
        }
        let named_in_rights = d.label.as_ref().is_some_and(|l| {
            let label = l.text.trim();
            !label.is_empty() && right_texts.iter().any(|t| t.contains(label))
        });
        // Derived data (profiles, tags) is produced by processing, not
        // collected.
        let derived = d.taxonomy.class == "derived";
        // A class-level declaration that marks its class (sensitive, necessity,
        // impact) speaks for the class's items that are used.
        let marks_class =
            d.marked_sensitive.is_some() || d.necessity.is_some() || d.impact.is_some();
        let class_marker = d.taxonomy.item.is_none()
            && marks_class
            && used_classes.contains(d.taxonomy.class.as_str());
        // The text names the item without saying it is processed
        // (`status mentioned`), or says it is not processed now.
        let mentioned = not_described(d.status.as_ref());
        if named_in_rights || derived || class_marker || mentioned {
            continue;
        }
        sink.report(
            kw(d.span, "data"),
            crate::msg!("collection.data-category-declared-no", data = &d.id),
        )
        .label(crate::msg!("collection.never-collected"))
        .help(crate::msg!("collection.name-collects-function-needs"));
    }
}

// ---------------------------------------------------------------------------

pub static I002_VAGUE_PURPOSE: Rule = Rule {
    code: "I002",
    name: "vague-purpose",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "6").para(1),
        LegalRef::new("PIPL", "7"),
    ],
    summary: "a purpose that does not say what the data is used for",
    explanation: include_str!("../../../docs/rules/I002.md"),
    check: check_i002,
};

/// A vague term right after a negation (topic `purpose-negation`, within
/// four characters: "不会用于其他用途") is a promise, not a purpose.
fn negated(ctx: &Ctx<'_>, text: &str, term: &str) -> bool {
    let Some(i) = text.find(term) else {
        return false;
    };
    let before: String = {
        let v: Vec<char> = text.get(..i).unwrap_or("").chars().rev().take(4).collect();
        v.into_iter().rev().collect()
    };
    let cues = ctx.lexicon.terms("purpose-negation");
    cues.zh.iter().any(|n| before.contains(n.as_str()))
}

fn check_i002(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let terms = ctx.lexicon.terms("vague-purpose");
    let purposes = m
        .functions
        .iter()
        .flat_map(|f| &f.purposes)
        .chain(m.permissions.iter().flat_map(|p| &p.purposes))
        .chain(m.recipients.iter().flat_map(|r| &r.purposes))
        .chain(m.sdks.iter().flat_map(|s| &s.purposes))
        .chain(m.transfers.iter().flat_map(|t| &t.purposes))
        .chain(m.disclosures.iter().flat_map(|d| &d.purposes))
        .chain(m.decisions.iter().flat_map(|d| &d.purposes))
        .chain(m.cookies.iter().flat_map(|c| &c.purposes))
        .chain(m.processing.iter().flat_map(|p| &p.purposes));
    for p in purposes {
        let Some(term) = find_in_text(terms, p) else {
            continue;
        };
        if negated(ctx, &p.text, &term) {
            continue;
        }
        sink.report(
            p.span,
            crate::msg!("collection.purpose-does-not-say", term = term.to_string()),
        )
        .label(crate::msg!("collection.vague-purpose"))
        .help(crate::msg!("collection.name-concrete-use-e"));
    }
}

// ---------------------------------------------------------------------------

pub static I003_OPEN_ENDED_LIST: Rule = Rule {
    code: "I003",
    name: "open-ended-list",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "17").para(1).item(2)],
    summary: "a list of data or recipients left open with \"等\", \"包括但不限于\" or \"其他…\"",
    explanation: include_str!("../../../docs/rules/I003.md"),
    check: check_i003,
};

/// The first open-ended term in `text`, skipping words that merely contain
/// one (`等级`, `平等`: topic `open-ended-not`).
fn open_ended(ctx: &Ctx<'_>, text: &str) -> Option<String> {
    let terms = ctx.lexicon.terms("open-ended");
    if !terms.may_occur(text) {
        return None;
    }
    let not = ctx.lexicon.terms("open-ended-not");
    // "搜索、推荐等功能": the 等 closes a list of functions, not of data.
    let functions = ctx.lexicon.terms("open-ended-functions");
    let closes_functions = |i: usize, t: &str| {
        t == "等"
            && text.get(i + t.len()..).is_some_and(|rest| {
                let head: String = rest.chars().take(3).collect();
                functions.zh.iter().any(|w| head.contains(w.as_str()))
            })
    };
    let mut best: Option<(usize, String)> = None;
    for t in &terms.zh {
        let hits: Vec<usize> = if t.contains('…') {
            match_term(t, text).map(|(i, _)| i).into_iter().collect()
        } else {
            text.match_indices(t.as_str()).map(|(i, _)| i).collect()
        };
        for i in hits {
            let false_friend = not.zh.iter().any(|ff| {
                ff.match_indices(t.as_str()).any(|(off, _)| {
                    i.checked_sub(off)
                        .and_then(|s| text.get(s..))
                        .is_some_and(|rest| rest.starts_with(ff.as_str()))
                })
            });
            if !false_friend && !closes_functions(i, t) && best.as_ref().is_none_or(|b| i < b.0) {
                best = Some((i, t.clone()));
            }
        }
    }
    let lower = crate::check::lexicon::ascii_lower(text);
    for t in &terms.en {
        if let Some((i, _)) = match_term(&crate::check::lexicon::lower(t), &lower) {
            if best.as_ref().is_none_or(|b| i < b.0) {
                best = Some((i, t.clone()));
            }
        }
    }
    best.map(|b| b.1)
}

fn check_i003(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let mut fields: Vec<(&Text, crate::messages::Msg)> = Vec::new();
    for d in m.data.iter().filter(|d| d.declared) {
        fields.extend(
            d.label
                .iter()
                .map(|t| (t, crate::msg!("collection.open-what.data-category"))),
        );
    }
    let collects = m
        .functions
        .iter()
        .flat_map(|f| &f.collects)
        .chain(m.permissions.iter().flat_map(|p| &p.collects))
        .chain(m.sdks.iter().flat_map(|s| &s.collects))
        // Automatic collection outside the functions, read as a function's.
        .chain(m.processing.iter().flat_map(|p| &p.collects))
        // What a recipient collects itself (`self-collects`) and what it
        // sends back (`returns`): lists of data as much as a function's.
        .chain(
            m.recipients
                .iter()
                .flat_map(|r| r.self_collects.iter().chain(&r.returns)),
        );
    for c in collects {
        fields.extend(
            c.note
                .iter()
                .map(|t| (t, crate::msg!("collection.open-what.data-list"))),
        );
    }
    // One finding per `source` field: its `from` list is one list.
    for f in &m.functions {
        for s in &f.sources {
            let open = s.from.iter().find(|t| {
                open_ended(ctx, &t.text).is_some()
                    || t.translations
                        .values()
                        .any(|v| open_ended(ctx, v).is_some())
            });
            fields.extend(open.map(|t| (t, crate::msg!("collection.open-what.source-list"))));
        }
    }
    for r in &m.recipients {
        // `members-open yes "包括但不限于"`: the open list of a group's members.
        let open_members = r
            .members_open
            .iter()
            .filter(|f| f.value)
            .flat_map(|f| &f.text);
        fields.extend(
            r.type_label
                .iter()
                .chain(&r.name)
                .chain(open_members)
                .map(|t| (t, crate::msg!("collection.open-what.recipient-list"))),
        );
    }
    fields.sort_by_key(|(t, _)| t.span);
    fields.dedup_by_key(|(t, _)| t.span);
    for (t, what) in fields {
        let hit = open_ended(ctx, &t.text)
            .or_else(|| t.translations.values().find_map(|v| open_ended(ctx, v)));
        let Some(term) = hit else { continue };
        sink.report(
            t.span,
            crate::msg!(
                "collection.leaves-open",
                term = term.to_string(),
                what = what
            ),
        )
        .label(crate::msg!("collection.open-ended"))
        .help(crate::msg!("collection.list-item-pipl-art"));
    }
}

// ---------------------------------------------------------------------------

pub static I004_FUNCTION_WITHOUT_DATA_CATEGORIES: Rule = Rule {
    code: "I004",
    name: "function-without-data-categories",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("REC", "2.1"),
    ],
    summary: "a business function does not list the personal information it processes",
    explanation: include_str!("../../../docs/rules/I004.md"),
    check: check_i004,
};

fn check_i004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let says_none = ctx.lexicon.terms("no-pi-collected");
    let inert = ctx.lexicon.terms("no-pi-permission");
    for f in &m.functions {
        if !function_collects(m, f).is_empty() || not_described(f.status.as_ref()) {
            continue;
        }
        let via_sdk = m
            .sdks
            .iter()
            .filter(|s| {
                f.sdks.iter().any(|r| r.id == s.id) || s.functions.iter().any(|r| r.id == f.id)
            })
            .any(|s| !s.collects.is_empty());
        if via_sdk {
            continue;
        }
        // The function says it collects nothing.
        let mut texts: Vec<&Text> = Vec::new();
        crate::model::DeclRef::Function(f).texts(&mut |t| texts.push(t));
        if texts.iter().any(|t| find_in_text(says_none, t).is_some()) {
            continue;
        }
        // It uses only permissions that yield no personal information
        // (display over other apps, notifications…), declared without data.
        let perms: Vec<_> = m
            .permissions
            .iter()
            .filter(|p| {
                f.permissions.iter().any(|r| r.id == p.id)
                    || p.functions.iter().any(|r| r.id == f.id)
            })
            .collect();
        let only_inert = !perms.is_empty()
            && perms.iter().all(|p| {
                p.collects.is_empty()
                    && (find_term(inert, &p.id).is_some()
                        || p.title
                            .as_ref()
                            .is_some_and(|t| find_in_text(inert, t).is_some()))
            });
        if only_inert {
            continue;
        }
        sink.report(
            kw(f.span, "function"),
            crate::msg!(
                "collection.function-lists-no-personal",
                function = fn_name(f)
            ),
        )
        .label(crate::msg!("collection.no-collects"))
        .help(crate::msg!("collection.add-collects-required-collects"));
    }
    // A processing declaration outside the functions that obtains data
    // (`source`) names none of it: neither `data` nor `collects`, and the
    // text does not say the data is unstated.
    for p in &m.processing {
        let data_unstated = p
            .unstated
            .as_ref()
            .is_some_and(|u| u.items.iter().any(|w| w.value == Unstated::Data));
        if p.sources.is_empty()
            || !p.data.is_empty()
            || !p.collects.is_empty()
            || data_unstated
            || not_described(p.status.as_ref())
        {
            continue;
        }
        sink.report(
            kw(p.span, "processing"),
            crate::msg!(
                "collection.processing-lists-no-personal",
                processing = format!("`{}`", p.id)
            ),
        )
        .label(crate::msg!("collection.no-collects"))
        .help(crate::msg!("collection.add-data-processing"));
    }
}

// ---------------------------------------------------------------------------

pub static I005_FUNCTION_WITHOUT_PURPOSE_OR_METHOD: Rule = Rule {
    code: "I005",
    name: "function-without-purpose-or-method",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "17").para(1).item(2)],
    summary: "a business function states no purpose or no method of processing",
    explanation: include_str!("../../../docs/rules/I005.md"),
    check: check_i005,
};

fn check_i005(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    // Each function, then each processing declaration outside the functions
    // (Art. 17 is about all processing): where, whether it is a function,
    // its name, and whether it states a purpose and a method.
    let functions = m
        .functions
        .iter()
        .filter(|f| !not_described(f.status.as_ref()))
        .map(|f| {
            let method = !f.sources.is_empty()
                || f.method.as_ref().is_some_and(|m| !m.text.trim().is_empty())
                || !f.permissions.is_empty()
                || !f.sdks.is_empty()
                || !f.recipients.is_empty()
                || !f.decisions.is_empty();
            (
                kw(f.span, "function"),
                true,
                fn_name(f),
                &f.purposes,
                method,
            )
        });
    let processing = m
        .processing
        .iter()
        .filter(|p| !not_described(p.status.as_ref()))
        .map(|p| {
            let method = !p.sources.is_empty()
                || p.method.as_ref().is_some_and(|m| !m.text.trim().is_empty())
                || !p.recipients.is_empty();
            (p.head, false, p.id.clone(), &p.purposes, method)
        });
    for (at, function, name, purposes, method) in functions.chain(processing) {
        let purpose = purposes.iter().any(|p| !p.text.trim().is_empty());
        let (msg, label, help) = match (purpose, method, function) {
            (true, true, _) => continue,
            (false, false, true) => (
                crate::msg!("collection.function-no-purpose-no-method", function = name),
                crate::msg!("collection.no-purpose-no-method"),
                crate::msg!("collection.add-purpose-and-method"),
            ),
            (false, false, false) => (
                crate::msg!(
                    "collection.processing-no-purpose-no-method",
                    processing = name
                ),
                crate::msg!("collection.no-purpose-no-method"),
                crate::msg!("collection.add-purpose-and-method"),
            ),
            (false, true, true) => (
                crate::msg!("collection.function-no-purpose", function = name),
                crate::msg!("collection.no-purpose"),
                crate::msg!("collection.add-purpose-use"),
            ),
            (false, true, false) => (
                crate::msg!("collection.processing-no-purpose", processing = name),
                crate::msg!("collection.no-purpose"),
                crate::msg!("collection.add-purpose-use"),
            ),
            (true, false, true) => (
                crate::msg!("collection.function-no-method", function = name),
                crate::msg!("collection.no-method"),
                crate::msg!("collection.add-method"),
            ),
            (true, false, false) => (
                crate::msg!("collection.processing-no-method", processing = name),
                crate::msg!("collection.no-method"),
                crate::msg!("collection.add-method"),
            ),
        };
        sink.report(at, msg).label(label).help(help);
    }
}

// ---------------------------------------------------------------------------

pub static I006_UNJUSTIFIED_BACKGROUND_COLLECTION: Rule = Rule {
    code: "I006",
    name: "unjustified-background-collection",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("REC", "4.4").derived(),
        LegalRef::new("GB35273", "5.2").derived(),
        LegalRef::new("PIPL", "6").para(2),
    ],
    summary: "collection while the app is in the background, with no stated frequency",
    explanation: include_str!("../../../docs/rules/I006.md"),
    check: check_i006,
};

fn check_i006(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terms = ctx.lexicon.terms("background");
    // Each function, then each processing declaration that collects data of
    // its own (automatic collection outside the functions): whether it is a
    // function, its name, its flag, its frequency and its wordings.
    // A declaration's own texts and the notes of its `collects` lines.
    fn wordings<'a>(text: &'a [Text], collects: &'a [Collect]) -> Vec<&'a Text> {
        text.iter()
            .chain(collects.iter().filter_map(|c| c.note.as_ref()))
            .collect()
    }
    let functions = ctx.model.functions.iter().map(|f| {
        (
            true,
            fn_name(f),
            f.background.as_ref(),
            f.frequency.as_ref(),
            wordings(&f.text, &f.collects),
        )
    });
    let processing = ctx.model.processing.iter().map(|p| {
        (
            false,
            format!("`{}`", p.id),
            p.background.as_ref(),
            p.frequency.as_ref(),
            wordings(&p.text, &p.collects),
        )
    });
    for (function, name, background, frequency, texts) in functions.chain(processing) {
        let has_frequency = frequency.is_some_and(|t| !t.text.trim().is_empty());
        match background {
            Some(b) if b.value && !has_frequency => {
                let (message, help) = if function {
                    (
                        crate::msg!(
                            "collection.function-collects-background-without",
                            function = &name
                        ),
                        crate::msg!("collection.add-frequency-interval-function"),
                    )
                } else {
                    (
                        crate::msg!(
                            "collection.processing-background-without",
                            processing = &name
                        ),
                        crate::msg!("collection.add-frequency-interval-processing"),
                    )
                };
                sink.report(b.span, message)
                    .label(crate::msg!("collection.background"))
                    .help(help);
            }
            Some(_) => {}
            None => {
                // The wording describes background collection that the
                // declaration does not declare.
                for t in texts {
                    let Some(term) = find_in_text(terms, t) else {
                        continue;
                    };
                    if has_frequency {
                        break;
                    }
                    let help = if function {
                        crate::msg!(
                            "collection.declare-background-yes-frequency",
                            function = &name
                        )
                    } else {
                        crate::msg!(
                            "collection.declare-background-processing",
                            processing = &name
                        )
                    };
                    sink.report(
                        t.span,
                        crate::msg!(
                            "collection.wording-describes-background-no",
                            term = term.to_string()
                        ),
                    )
                    .label(crate::msg!("collection.background"))
                    .help(help);
                    break;
                }
            }
        }
    }
    // A permission asked for access at all times (`grant always`) or in the
    // background (`when background`) collects in the background; none of the
    // functions it serves says it runs in the background.
    for p in &ctx.model.permissions {
        use crate::model::words::{GrantLevel, When};
        let at = match (&p.grant, &p.when) {
            (Some(g), _) if g.level == GrantLevel::Always => g.span,
            (_, Some(w)) if w.value == When::Background => w.span,
            _ => match p.when_also.iter().find(|w| w.value == When::Background) {
                Some(w) => w.span,
                None => continue,
            },
        };
        let justified = p.functions.iter().any(|r| {
            ctx.model
                .functions
                .iter()
                .find(|f| f.id == r.id)
                .is_some_and(|f| f.background.as_ref().is_some_and(|b| b.value))
        });
        if justified {
            continue;
        }
        sink.report(
            at,
            crate::msg!(
                "collection.permission-background-unjustified",
                permission = &p.id
            ),
        )
        .label(crate::msg!("collection.background"))
        .help(crate::msg!("collection.permission-background-help"));
    }
}

// ---------------------------------------------------------------------------

pub static I007_MISLEADING_NOT_IDENTIFIABLE_CLAIM: Rule = Rule {
    code: "I007",
    name: "misleading-not-identifiable-claim",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("REC", "3.7"),
        LegalRef::new("PIPL", "4").para(1),
        LegalRef::new("PIPL", "73").item(3),
    ],
    summary: "the policy says device data or de-identified data \"cannot identify\" a person",
    explanation: include_str!("../../../docs/rules/I007.md"),
    check: check_i007,
};

fn check_i007(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let claim = ctx.lexicon.terms("not-identifiable");
    let qualified = ctx.lexicon.terms("not-identifiable-qualified");
    let deidentified = ctx.lexicon.terms("deidentified");
    let device = m
        .data
        .iter()
        .find(|d| d.taxonomy.class == "device" || d.special);
    for t in all_texts(m) {
        let Some(term) = find_in_text(claim, t) else {
            continue;
        };
        // With the GB/T 35273 caveat ("only combined with other data"), the
        // claim is still inaccurate for unique identifiers, but less so.
        let with_caveat = find_in_text(qualified, t).is_some();
        // "去标识化…无法识别": de-identified data still identifies with
        // additional information (PIPL Art. 73(3)); only anonymised data is
        // not personal information (Art. 4 ¶1).
        let f = if mentions(deidentified, std::iter::once(t)) {
            sink.report(
                t.span,
                crate::msg!("collection.deidentified-said-unidentifiable", term = term),
            )
            .label(crate::msg!("collection.claim-data-cannot-identify"))
            .help(crate::msg!("collection.deidentified-still-pi"))
        } else {
            let Some(device) = device else { continue };
            sink.report(
                t.span,
                crate::msg!(
                    "collection.said-device-data-although",
                    term = term.to_string()
                ),
            )
            .label(crate::msg!("collection.claim-data-cannot-identify"))
            .related(
                device.span,
                crate::msg!("collection.device-data-collected-here"),
            )
            .help(crate::msg!("collection.drop-claim-device-identifiers"))
        };
        if with_caveat {
            f.severity(Severity::Info);
        }
    }
}

// ---------------------------------------------------------------------------

pub static I008_PERMISSION_WITHOUT_PURPOSE: Rule = Rule {
    code: "I008",
    name: "permission-without-purpose",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("REC", "2.3"),
        LegalRef::new("PIPL", "17").para(1).item(2),
    ],
    summary: "a system permission is listed without the purpose it is requested for",
    explanation: include_str!("../../../docs/rules/I008.md"),
    check: check_i008,
};

fn check_i008(ctx: &Ctx<'_>, sink: &mut Sink) {
    for p in &ctx.model.permissions {
        if p.purposes.iter().any(|t| !t.text.trim().is_empty()) {
            continue;
        }
        sink.report(
            kw(p.span, "permission"),
            crate::msg!("collection.permission-states-no-purpose", id = &p.id),
        )
        .label(crate::msg!("collection.no-purpose"))
        .help(crate::msg!("collection.add-purpose-saying-permission"));
    }
}

// ---------------------------------------------------------------------------

pub static I009_PERMISSION_REUSED_BY_DEFAULT: Rule = Rule {
    code: "I009",
    name: "permission-reused-by-default",
    severity: Severity::Warning,
    legal: &[LegalRef::new("REC", "3.3")],
    summary: "the policy says a permission granted once is used by default for other functions",
    explanation: include_str!("../../../docs/rules/I009.md"),
    check: check_i009,
};

fn check_i009(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terms = ctx.lexicon.terms("permission-reuse");
    for t in all_texts(ctx.model) {
        let Some(term) = find_in_text(terms, t) else {
            continue;
        };
        sink.report(
            t.span,
            crate::msg!(
                "collection.permission-granted-function-reused",
                term = term.to_string()
            ),
        )
        .label(crate::msg!("collection.permission-reused-default"))
        .help(crate::msg!("collection.ask-permission-again-per"));
    }
}

// ---------------------------------------------------------------------------
// I012
// ---------------------------------------------------------------------------

pub static I012_INDIRECT_SOURCE_UNNAMED: Rule = Rule {
    code: "I012",
    name: "indirect-source-unnamed",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("GB35273", "5.4").derived(),
    ],
    summary: "personal information is obtained from third parties named only as a class (\"合作伙伴\", \"关联公司\")",
    explanation: include_str!("../../../docs/rules/I012.md"),
    check: check_i012,
};

/// `source indirect from …` on a function or a `processing` whose list
/// names a source only by a class of party (topic `unnamed-partner`:
/// "合作方", "合作伙伴", "关联公司", "第三方公司"). One finding per `source`
/// field, at the first such entry.
fn check_i012(ctx: &Ctx<'_>, sink: &mut Sink) {
    use crate::model::words::SourceKind;
    let unnamed = ctx.lexicon.terms("unnamed-partner");
    let m = ctx.model;
    let sources = m
        .functions
        .iter()
        .map(|f| (&f.id, f.sources.iter().collect::<Vec<_>>()))
        .chain(
            m.processing
                .iter()
                .map(|p| (&p.id, p.sources.iter().collect())),
        )
        // A `collects` line's own source (`source indirect from "…"` in its
        // body), once per line: each item of the line carries a copy.
        .chain(
            m.functions
                .iter()
                .map(|f| (&f.id, &f.collects))
                .chain(m.processing.iter().map(|p| (&p.id, &p.collects)))
                .map(|(id, cs)| {
                    let mut lines = BTreeSet::new();
                    let own = cs
                        .iter()
                        .filter(|c| lines.insert(c.line))
                        .filter_map(|c| c.source.as_ref())
                        .collect();
                    (id, own)
                }),
        );
    for (id, list) in sources {
        for s in list.into_iter().filter(|s| s.kind == SourceKind::Indirect) {
            let hit = s.from.iter().find_map(|t| {
                unnamed
                    .find(&t.text)
                    .or_else(|| t.translations.values().find_map(|v| unnamed.find(v)))
                    .map(|(_, term)| (t, term))
            });
            let Some((t, term)) = hit else { continue };
            sink.report(
                t.span,
                crate::msg!(
                    "collection.indirect-source-unnamed",
                    decl = id.as_str(),
                    source = t.text.as_str(),
                    term = term
                ),
            )
            .label(crate::msg!("collection.indirect-source-unnamed-label"))
            .help(crate::msg!("collection.indirect-source-unnamed-help"));
        }
    }
}

// ---------------------------------------------------------------------------
// I013
// ---------------------------------------------------------------------------

pub static I013_DEIDENTIFIED_ON_COLLECTION_CLAIM: Rule = Rule {
    code: "I013",
    name: "deidentified-on-collection-claim",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1),
        LegalRef::new("PIPL", "73").item(3),
    ],
    summary: "the policy says the data is de-identified as soon as it is collected, yet functions need it identified",
    explanation: include_str!("../../../docs/rules/I013.md"),
    check: check_i013,
};

/// A text saying what is collected is de-identified at once (topic
/// `deidentified-on-collection`: "收集…后会立即去标识化"), in a policy whose
/// functions collect a name, phone number, address or identity document:
/// data a business function uses to reach or identify the person cannot be
/// de-identified on collection. One finding, at the first such text.
fn check_i013(ctx: &Ctx<'_>, sink: &mut Sink) {
    let terms = ctx.lexicon.terms("deidentified-on-collection");
    let m = ctx.model;
    let Some((t, term)) = all_texts(m)
        .into_iter()
        .find_map(|t| find_in_text(terms, t).map(|term| (t, term)))
    else {
        return;
    };
    let identified = m.functions.iter().flat_map(|f| &f.collects).find(|c| {
        m.category(&c.data.id).is_some_and(|d| {
            matches!(
                d.taxonomy.item.as_deref(),
                Some("name" | "phone" | "address")
            ) || d.taxonomy.class == "identity-doc"
        })
    });
    let Some(c) = identified else { return };
    sink.report(
        t.span,
        crate::msg!("collection.deidentified-on-collection", term = term),
    )
    .label(crate::msg!("collection.deidentified-on-collection-label"))
    .related(
        c.data.span,
        crate::msg!("collection.identified-data-used", data = &c.data.id),
    )
    .help(crate::msg!("collection.deidentified-on-collection-help"));
}

// ---------------------------------------------------------------------------
// I014
// ---------------------------------------------------------------------------

pub static I014_PERMISSION_MISSING_FROM_COMPLETE_LIST: Rule = Rule {
    code: "I014",
    name: "permission-missing-from-complete-list",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("REC", "2.1"),
        LegalRef::new("REC", "2.3"),
        LegalRef::new("PIPL", "17").para(1).item(2),
    ],
    summary: "the policy states its permission list as complete, yet a function reads from the device data that only a permission the list lacks gives",
    explanation: include_str!("../../../docs/rules/I014.md"),
    check: check_i014,
};

/// Catalogue kinds of the permissions the system asks the user for at run
/// time (Android dangerous, iOS usage keys, HarmonyOS user_grant,
/// mini-program scopes): data behind one of them cannot be read without a
/// permission the user sees.
const ASKED_KINDS: &[&str] = &["dangerous", "usage", "user_grant", "scope"];

/// With `permissions-complete yes` on the header: every `collects` line of a
/// function or processing that collects automatically (`source automatic`)
/// whose category only a run-time permission gives (a catalogue permission
/// of `data/permissions.yaml` lists its taxonomy item), when no declared
/// `permission` is one of those (by id, title or the data it collects).
/// One finding per category and declaration, at the `collects` line.
fn check_i014(ctx: &Ctx<'_>, sink: &mut Sink) {
    use crate::model::words::SourceKind;
    let m = ctx.model;
    let Some(stated) = m.header.permissions_complete.as_ref().filter(|f| f.value) else {
        return;
    };
    let Ok(cat) = crate::verify::Catalogue::builtin() else {
        return;
    };
    let automatic = |s: &[crate::model::Source]| s.iter().any(|s| s.kind == SourceKind::Automatic);
    let decls = m
        .functions
        .iter()
        .filter(|f| automatic(&f.sources))
        .map(|f| (f.id.as_str(), &f.collects))
        .chain(
            m.processing
                .iter()
                .filter(|p| automatic(&p.sources))
                .map(|p| (p.id.as_str(), &p.collects)),
        );
    for (id, collects) in decls {
        let mut seen = BTreeSet::new();
        for c in collects {
            let Some(d) = m.category(&c.data.id) else {
                continue;
            };
            let Some(item) = &d.taxonomy.item else {
                continue;
            };
            if !seen.insert(d.id.as_str()) {
                continue;
            }
            let path = format!("{}.{}", d.taxonomy.class, item);
            let needs: Vec<_> = cat
                .permissions
                .iter()
                .filter(|e| ASKED_KINDS.contains(&e.kind.as_str()))
                .filter(|e| e.data.contains(&path))
                .collect();
            let Some(first) = needs.first() else {
                continue;
            };
            if m.permissions
                .iter()
                .any(|p| needs.iter().any(|e| crate::verify::declares(m, p, e)))
            {
                continue;
            }
            sink.report(
                c.data.span,
                crate::msg!(
                    "collection.permission-missing-from-list",
                    decl = id,
                    data = &d.id,
                    permission = first.name.as_str()
                ),
            )
            .label(crate::msg!("collection.permission-missing-from-list-label"))
            .related(
                stated.span,
                crate::msg!("collection.permission-list-stated-complete"),
            )
            .help(crate::msg!("collection.permission-missing-from-list-help"));
        }
    }
}

// ---------------------------------------------------------------------------
// I015
// ---------------------------------------------------------------------------

pub static I015_STARTUP_PERMISSION_FOR_UNRELATED_PURPOSE: Rule = Rule {
    code: "I015",
    name: "startup-permission-for-unrelated-purpose",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "6").para(1),
        LegalRef::new("MIIT-164", "2").derived(),
    ],
    summary: "a permission is asked at first launch for advertising or for improving the service, which no function the user starts then needs",
    explanation: include_str!("../../../docs/rules/I015.md"),
    check: check_i015,
};

/// A `permission` asked `when startup` (alone or beside other moments) one
/// of whose purposes is advertising or marketing (topic
/// `launch-unrelated-purpose`) or a vague improvement of the service (topic
/// `vague-purpose`), not denied. One finding per permission, at `startup`,
/// with the purpose as related label.
fn check_i015(ctx: &Ctx<'_>, sink: &mut Sink) {
    use crate::model::words::When;
    let unrelated = ctx.lexicon.terms("launch-unrelated-purpose");
    let vague = ctx.lexicon.terms("vague-purpose");
    for p in &ctx.model.permissions {
        let Some(startup) = p
            .when
            .iter()
            .chain(&p.when_also)
            .find(|w| w.value == When::Startup)
        else {
            continue;
        };
        let Some((purpose, term)) = first_affirmed(ctx, unrelated, &p.purposes)
            .or_else(|| first_affirmed(ctx, vague, &p.purposes))
        else {
            continue;
        };
        sink.report(
            startup.span,
            crate::msg!(
                "collection.startup-permission-unrelated",
                permission = &p.id,
                term = term
            ),
        )
        .label(crate::msg!("collection.startup-permission-unrelated-label"))
        .related(
            purpose.span,
            crate::msg!("collection.startup-permission-unrelated-purpose"),
        )
        .help(crate::msg!("collection.startup-permission-unrelated-help"));
    }
}
