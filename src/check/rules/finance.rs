//! Financial sector (credit reporting, JR/T 0171, lending practice). These
//! rules run only when the policy or the configuration declares a financial
//! sector.

use std::collections::BTreeMap;

use super::support::{first_affirmed, is_other_processor, mentions, not_described, texts_of};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::words::{ConsentKind, JrtClass, RecipientService, Role, SourceKind};
use crate::model::{DataSet, DeclRef, Function, Model, Recipient, Text};

pub static RULES: &[&Rule] = &[
    &F001_CREDIT_QUERY_WITHOUT_WRITTEN_AUTHORISATION,
    &F002_AUTHENTICATION_DATA_SHARED,
    &F003_THIRD_PARTY_CONTACTS_USED_BEYOND_CONTACT,
    &F004_CONTACT_REPAIR_FROM_UNNAMED_SOURCES,
    &F005_COLLECTION_OUTSOURCED_WITHOUT_ADVANCE_NOTICE,
];

fn financial(ctx: &Ctx<'_>) -> bool {
    ctx.facts.sector.is_some_and(|s| s.is_financial())
}

fn recipient_texts(r: &Recipient) -> Vec<&Text> {
    texts_of(DeclRef::Recipient(r))
}

fn function_texts(f: &Function) -> Vec<&Text> {
    texts_of(DeclRef::Function(f))
}

/// Every text of the policy outside recipients and functions.
fn policy_texts(m: &Model) -> impl Iterator<Item = &Text> {
    m.decls()
        .filter(|d| !matches!(d, DeclRef::Recipient(_) | DeclRef::Function(_)))
        .flat_map(texts_of)
}

// ---------------------------------------------------------------------------
// F001
// ---------------------------------------------------------------------------

pub static F001_CREDIT_QUERY_WITHOUT_WRITTEN_AUTHORISATION: Rule = Rule {
    code: "F001",
    name: "credit-query-without-written-authorisation",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("CRED", "18"),
        LegalRef::new("PIPL", "32").derived(),
    ],
    summary: "a credit-reporting query is not backed by the individual's written consent",
    explanation: include_str!("../../../docs/rules/F001.md"),
    check: check_f001,
};

fn check_f001(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !financial(ctx) {
        return;
    }
    let bureau = ctx.lexicon.terms("credit-bureau");
    let written = ctx.lexicon.terms("written-authorisation");
    let m = ctx.model;
    // The functions that provide data to each recipient, and the first
    // mention of a written authorisation elsewhere: built once, not per
    // recipient.
    let mut users: BTreeMap<&str, Vec<&Function>> = BTreeMap::new();
    for f in &m.functions {
        for x in &f.recipients {
            let list = users.entry(x.id.as_str()).or_default();
            if !list.last().is_some_and(|l| std::ptr::eq(*l, f)) {
                list.push(f);
            }
        }
    }
    let mut elsewhere_cache: Option<Option<&Text>> = None;
    for r in &m.recipients {
        let names = r.title.iter().chain(&r.name).chain(&r.type_label);
        if !mentions(bureau, names) {
            continue;
        }
        if r.consent
            .as_ref()
            .is_some_and(|c| c.value == ConsentKind::Written)
        {
            continue;
        }
        // A written authorisation referred to by the recipient or by a
        // function that provides data to it.
        let referred = mentions(written, recipient_texts(r))
            || users
                .get(r.id.as_str())
                .into_iter()
                .flatten()
                .any(|f| mentions(written, function_texts(f)));
        if referred {
            continue;
        }
        let at = r.consent.as_ref().map_or(r.head, |c| c.span);
        // A signed authorisation mentioned elsewhere in the policy (e.g. in the
        // list of documents the user can view) shows that one exists, but not
        // that this query relies on it: a note, not a warning.
        let elsewhere = *elsewhere_cache.get_or_insert_with(|| {
            policy_texts(m).find(|t| mentions(written, std::iter::once(*t)))
        });
        if let Some(elsewhere) = elsewhere {
            sink.report(
                at,
                crate::msg!(
                    "finance.recipient-credit-reporting-body-written",
                    id = &r.id
                ),
            )
            .severity(Severity::Info)
            .label(crate::msg!("finance.credit-query"))
            .related(
                elsewhere.span,
                crate::msg!("finance.written-authorisation-mentioned-here"),
            )
            .help(crate::msg!("finance.say-where-credit-query"));
            continue;
        }
        sink.report(
            at,
            crate::msg!("finance.recipient-credit-reporting-body-policy", id = &r.id),
        )
        .label(crate::msg!("finance.credit-query-without-written"))
        .help(crate::msg!("finance.query-credit-reports-only"));
    }
}

// ---------------------------------------------------------------------------
// F002
// ---------------------------------------------------------------------------

pub static F002_AUTHENTICATION_DATA_SHARED: Rule = Rule {
    code: "F002",
    name: "authentication-data-shared",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("JRT0171", "4.2").derived(),
        LegalRef::new("PIPL", "51").derived(),
    ],
    summary: "authentication data (JR/T 0171 class C3) is provided to a recipient",
    explanation: include_str!("../../../docs/rules/F002.md"),
    check: check_f002,
};

fn check_f002(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !financial(ctx) {
        return;
    }
    let m = ctx.model;
    let is_c3 = |id: &str| {
        m.category(id)
            .and_then(|d| d.jrt.as_ref())
            .is_some_and(|j| j.value == JrtClass::C3)
    };
    for r in m.recipients.iter().filter(|r| is_other_processor(r)) {
        match &r.data {
            DataSet::List(refs) => {
                for x in refs.iter().filter(|x| is_c3(&x.id)) {
                    sink.report(
                        x.span,
                        crate::msg!(
                            "finance.recipient-receives-authentication-data",
                            id = &r.id,
                            item = &x.id
                        ),
                    )
                    .label(crate::msg!("finance.c3-authentication-data-shared"))
                    .help(crate::msg!("finance.do-not-provide-c3"));
                }
            }
            DataSet::All => {
                let c3: Vec<&str> = m
                    .functions
                    .iter()
                    .flat_map(|f| &f.collects)
                    .filter(|c| is_c3(&c.data.id))
                    .map(|c| c.data.id.as_str())
                    .collect();
                if let Some(first) = c3.first() {
                    sink.report(
                        r.head,
                        crate::msg!(
                            "finance.recipient-receives-all-data",
                            id = &r.id,
                            first = first.to_string()
                        ),
                    )
                    .label(crate::msg!("finance.data-all-includes-c3"))
                    .help(crate::msg!("finance.list-categories-recipient-receives"));
                }
            }
            DataSet::None => {}
        }
    }
}

// ---------------------------------------------------------------------------
// F003
// ---------------------------------------------------------------------------

pub static F003_THIRD_PARTY_CONTACTS_USED_BEYOND_CONTACT: Rule = Rule {
    code: "F003",
    name: "third-party-contacts-used-beyond-contact",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "13").para(1), LegalRef::new("PIPL", "14").para(1)],
    summary: "contact persons' data is used for risk control, verification or scoring, not only to reach the borrower",
    explanation: include_str!("../../../docs/rules/F003.md"),
    check: check_f003,
};

fn check_f003(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !financial(ctx) {
        return;
    }
    let beyond = ctx.lexicon.terms("contact-use-beyond");
    let person = ctx.lexicon.terms("contact-person");
    let m = ctx.model;
    let third = |id: &str| m.category(id).is_some_and(|d| d.third_party_subject);
    // The policy's own wording for a category, to tell which sentence is
    // about which category (联系人信息 vs 手机通讯录).
    let label = |id: &str| {
        m.category(id)
            .and_then(|d| d.label.as_ref())
            .map(|l| l.text.trim().to_string())
            .filter(|l| !l.is_empty())
    };
    // One finding per third-party category whose own wording is in a
    // sentence of use beyond contact; if no sentence names one, one finding
    // for the first such category, as before.
    let pick = |refs: Vec<&'_ crate::model::Ref>,
                found: &[(crate::source::Span, &str, String)]|
     -> Vec<(crate::source::Span, String, crate::source::Span, String)> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for x in refs.iter().filter(|x| third(&x.id)) {
            if seen.contains(&x.id.as_str()) {
                continue;
            }
            seen.push(&x.id);
            let Some(l) = label(&x.id) else { continue };
            if let Some((at, _, term)) = found.iter().find(|(_, s, _)| s.contains(l.as_str())) {
                out.push((x.span, x.id.clone(), *at, term.clone()));
            }
        }
        if out.is_empty() {
            if let (Some(x), Some((at, _, term))) =
                (refs.iter().find(|x| third(&x.id)), found.first())
            {
                out.push((x.span, x.id.clone(), *at, term.clone()));
            }
        }
        out
    };
    for f in &m.functions {
        if !f.collects.iter().any(|c| third(&c.data.id)) {
            continue;
        }
        let found = contact_uses(beyond, person, function_texts(f));
        let refs = f.collects.iter().map(|c| &c.data).collect();
        for (span, id, at, term) in pick(refs, &found) {
            sink.report(
                span,
                crate::msg!(
                    "finance.function-uses-data-about",
                    function = &f.id,
                    id = id.to_string(),
                    term = term.to_string()
                ),
            )
            .label(crate::msg!("finance.third-parties-data"))
            .related(at, crate::msg!("finance.used-beyond-reaching-borrower"))
            .help(crate::msg!("finance.use-contact-persons-data"));
        }
    }
    for r in &m.recipients {
        if !r.data.refs().iter().any(|x| third(&x.id)) {
            continue;
        }
        let found = contact_uses(beyond, person, recipient_texts(r));
        let refs = r.data.refs().iter().collect();
        for (span, id, at, term) in pick(refs, &found) {
            sink.report(
                span,
                crate::msg!(
                    "finance.recipient-receives-data-about",
                    recipient = &r.id,
                    id = id.to_string(),
                    term = term.to_string()
                ),
            )
            .label(crate::msg!("finance.third-parties-data-provided"))
            .related(at, crate::msg!("finance.used-beyond-reaching-borrower"))
            .help(crate::msg!("finance.do-not-provide-contact"));
        }
    }
}

/// The sentences that say the contact persons' data is used beyond reaching
/// the borrower: a contact-person word and a use-beyond term in one sentence.
/// Each with the span of the text it is in, the sentence and the term.
fn contact_uses<'a>(
    beyond: &crate::check::lexicon::Terms,
    person: &crate::check::lexicon::Terms,
    texts: Vec<&'a Text>,
) -> Vec<(crate::source::Span, &'a str, String)> {
    let mut out = Vec::new();
    for t in texts {
        for s in sentences(&t.text) {
            if person.find(s).is_none() {
                continue;
            }
            if let Some(term) = use_beyond(beyond, person, s) {
                out.push((t.span, s, term.to_string()));
            }
        }
    }
    out
}

/// The first use-beyond term in a sentence that is not done *by* the contact
/// person: in "用于关系人核实您的身份" the relative verifies the borrower, which
/// is no use of the relative's data, so a term right after a contact-person
/// word does not count.
fn use_beyond<'t>(
    beyond: &'t crate::check::lexicon::Terms,
    person: &crate::check::lexicon::Terms,
    sentence: &str,
) -> Option<&'t str> {
    // en terms match case-insensitively (as `Terms::find` does), where
    // lowercasing keeps the byte offsets.
    let lower = crate::check::lexicon::lower(sentence);
    let en_ok = lower.len() == sentence.len();
    let mut best: Option<(usize, &str)> = None;
    let mut consider = |hay: &str, needle: &str, term: &'t str| {
        for (i, _) in hay.match_indices(needle) {
            let before = hay.get(..i).unwrap_or("");
            let actor = person.zh.iter().any(|p| before.ends_with(p.as_str()))
                || person
                    .en
                    .iter()
                    .any(|p| before.ends_with(&*crate::check::lexicon::lower(p)));
            if !actor && best.is_none_or(|b| i < b.0) {
                best = Some((i, term));
            }
        }
    };
    for t in &beyond.zh {
        consider(sentence, t, t);
    }
    if en_ok {
        for t in &beyond.en {
            consider(&lower, &crate::check::lexicon::lower(t), t);
        }
    }
    best.map(|(_, t)| t)
}

// ---------------------------------------------------------------------------
// F004
// ---------------------------------------------------------------------------

pub static F004_CONTACT_REPAIR_FROM_UNNAMED_SOURCES: Rule = Rule {
    code: "F004",
    name: "contact-repair-from-unnamed-sources",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "23"), LegalRef::new("PIPL", "27")],
    summary: "contact repair (失联修复) draws on sources the policy does not name",
    explanation: include_str!("../../../docs/rules/F004.md"),
    check: check_f004,
};

fn check_f004(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !financial(ctx) {
        return;
    }
    let repair = ctx.lexicon.terms("contact-repair");
    let generic = ctx.lexicon.terms("unnamed-source");
    for f in &ctx.model.functions {
        let Some((said, _)) = first_affirmed(ctx, repair, function_texts(f)) else {
            continue;
        };
        let indirect: Vec<_> = f
            .sources
            .iter()
            .filter(|s| s.kind == SourceKind::Indirect)
            .collect();
        let unnamed = indirect
            .iter()
            .find(|s| s.from.is_empty() || s.from.iter().all(|t| generic.find(&t.text).is_some()));
        let (at, message) = match (indirect.is_empty(), unnamed) {
            (true, _) => (
                said.span,
                crate::msg!("finance.contact-repair-no-source", function = &f.id),
            ),
            (false, Some(s)) => (
                s.span,
                crate::msg!("finance.contact-repair-unnamed-sources", function = &f.id),
            ),
            (false, None) => continue,
        };
        let fs = sink.report(at, message);
        fs.label(crate::msg!("finance.unnamed-source-contact-details"))
            .help(crate::msg!("finance.name-source-source-indirect"));
        if at != said.span {
            fs.related(
                said.span,
                crate::msg!("finance.contact-repair-described-here"),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// F005
// ---------------------------------------------------------------------------

pub static F005_COLLECTION_OUTSOURCED_WITHOUT_ADVANCE_NOTICE: Rule = Rule {
    code: "F005",
    name: "collection-outsourced-without-advance-notice",
    severity: Severity::Info,
    legal: &[LegalRef::new("NFRA", "41")],
    summary: "debt collection is outsourced, and the policy does not say the debtor is told before it starts",
    explanation: include_str!("../../../docs/rules/F005.md"),
    check: check_f005,
};

fn check_f005(ctx: &Ctx<'_>, sink: &mut Sink) {
    if !financial(ctx) {
        return;
    }
    // Each recipient that collects debts for the processor and whose text
    // states no notice before it starts: one finding at the first, the others
    // as labels (one issue per policy).
    let mut silent = ctx.model.recipients.iter().filter_map(|r| {
        let word = r
            .services
            .iter()
            .find(|s| s.value == RecipientService::DebtCollection)?;
        let out = r.notice_before.is_none()
            && !not_described(r.status.as_ref())
            && r.role.as_ref().is_none_or(|x| x.value != Role::Authority);
        out.then_some((r, word.span))
    });
    let Some((first, at)) = silent.next() else {
        return;
    };
    let f = sink
        .report(
            at,
            crate::msg!("finance.collection-outsourced-no-notice", id = &first.id),
        )
        .label(crate::msg!("finance.outsourced-collection"));
    for (r, span) in silent {
        f.related(
            span,
            crate::msg!("finance.also-collects-no-notice", id = &r.id),
        );
    }
    f.help(crate::msg!("finance.state-notice-before-collection"));
}

/// The sentences of a text (split at 。！？；; and line ends).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['。', '！', '？', '；', ';', '\n'])
        .filter(|s| !s.trim().is_empty())
}
