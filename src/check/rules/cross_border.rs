//! Cross-border provision (PIPL Art. 38–39).

use super::support::{is_separate, join_words, not_described};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::check::thresholds::Thresholds;

pub static RULES: &[&Rule] = &[
    &X001_TRANSFER_NOTICE_INCOMPLETE,
    &X002_TRANSFER_WITHOUT_SEPARATE_CONSENT,
    &X003_TRANSFER_WITHOUT_MECHANISM,
];

// ---------------------------------------------------------------------------
// X001
// ---------------------------------------------------------------------------

pub static X001_TRANSFER_NOTICE_INCOMPLETE: Rule = Rule {
    code: "X001",
    name: "transfer-notice-incomplete",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "39")],
    summary:
        "a cross-border transfer omits the overseas recipient's details or the rights procedure",
    explanation: include_str!("../../../docs/rules/X001.md"),
    check: check_x001,
};

fn check_x001(ctx: &Ctx<'_>, sink: &mut Sink) {
    // A transfer the policy says does not happen now has nothing to describe.
    for t in ctx
        .model
        .transfers
        .iter()
        .filter(|t| !not_described(t.status.as_ref()))
    {
        let mut missing = Vec::new();
        if t.name.is_none() {
            missing.push("recipient name");
        }
        if t.contacts.is_empty() {
            missing.push("contact");
        }
        if t.purposes.is_empty() {
            missing.push("purpose");
        }
        if t.method.is_none() {
            missing.push("method");
        }
        if t.data.is_empty() {
            missing.push("data categories");
        }
        if t.rights_procedure.is_none() {
            missing.push("how to exercise rights against the recipient");
        }
        if missing.is_empty() {
            continue;
        }
        sink.report(t.head, format!("transfer `{}` does not state the {}", t.id, join_words(&missing)))
            .label(format!("{} of 6 required items missing", missing.len()))
            .help("give `name`, `contact`, `purpose`, `method`, `data` and `rights-procedure` for each overseas recipient");
    }
    // A recipient abroad is a cross-border provision even if the policy does
    // not call it a transfer. Mainland China: provision anywhere else (Hong
    // Kong, Macao and Taiwan included) is provision outside the territory.
    let Ok(th) = Thresholds::builtin() else {
        return;
    };
    let mainland = &th.mainland.value;
    for r in &ctx.model.recipients {
        let Some(country) = r.country.as_ref().filter(|c| !mainland.contains(&c.value)) else {
            continue;
        };
        let declared = ctx.model.transfers.iter().any(|t| {
            t.name
                .as_ref()
                .zip(r.name.as_ref())
                .is_some_and(|(a, b)| a.text == b.text)
                || t.id == r.id
        });
        if declared {
            continue;
        }
        sink.report(country.span, format!("recipient `{}` is in `{}`, but no `transfer` gives the cross-border notice", r.id, country.value))
            .label("outside mainland China")
            .help(format!("declare a `transfer {} {{ … }}` with the overseas recipient's details and the rights procedure", r.id));
    }
}

// ---------------------------------------------------------------------------
// X002
// ---------------------------------------------------------------------------

pub static X002_TRANSFER_WITHOUT_SEPARATE_CONSENT: Rule = Rule {
    code: "X002",
    name: "transfer-without-separate-consent",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "39")],
    summary: "a cross-border transfer is not based on separate consent",
    explanation: include_str!("../../../docs/rules/X002.md"),
    check: check_x002,
};

fn check_x002(ctx: &Ctx<'_>, sink: &mut Sink) {
    for t in ctx
        .model
        .transfers
        .iter()
        .filter(|t| !not_described(t.status.as_ref()))
    {
        if is_separate(t.consent.as_ref().map(|c| c.value)) {
            continue;
        }
        let (at, what) = match &t.consent {
            Some(c) => (c.span, format!("`consent {}`", c.value)),
            None => (t.head, "no consent kind".to_string()),
        };
        sink.report(
            at,
            format!("transfer `{}` has {what}, not separate consent", t.id),
        )
        .label("cross-border provision needs separate consent")
        .help("ask for separate consent to the transfer (`consent separate`)");
    }
}

// ---------------------------------------------------------------------------
// X003
// ---------------------------------------------------------------------------

pub static X003_TRANSFER_WITHOUT_MECHANISM: Rule = Rule {
    code: "X003",
    name: "transfer-without-mechanism",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "38").para(1)],
    summary: "a cross-border transfer names no legal mechanism",
    explanation: include_str!("../../../docs/rules/X003.md"),
    check: check_x003,
};

fn check_x003(ctx: &Ctx<'_>, sink: &mut Sink) {
    for t in ctx
        .model
        .transfers
        .iter()
        .filter(|t| t.mechanism.is_none() && !not_described(t.status.as_ref()))
    {
        sink.report(t.head, format!("transfer `{}` names no transfer mechanism", t.id))
            .label("no `mechanism`")
            .help("state the mechanism: `mechanism cac-assessment`, `certification`, `standard-contract`, or `exempt`");
    }
}
