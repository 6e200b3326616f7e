//! Children under 14 (PIPL Art. 31; Minors Protection Law Art. 72; NDSR Art. 21 ¶2).

use super::support::join_words;
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::check::thresholds::Thresholds;
use crate::model::words::{GuardianCheckKind, Under14Rules};
use crate::model::{Collect, Minors, Model};

pub static RULES: &[&Rule] = &[
    &K001_UNDER_14_WITHOUT_GUARDIAN_CONSENT,
    &K002_GUARDIAN_CONSENT_NOT_OBTAINED,
    &K003_ADULT_ONLY_WITH_GUARDIAN_PATH,
    &K004_CHILDREN_OFFICER_NOT_NAMED,
];

/// Data the taxonomy files under children's PI, collected by a function.
fn child_data(m: &Model) -> Option<&Collect> {
    m.functions.iter().flat_map(|f| &f.collects).find(|c| {
        m.category(&c.data.id)
            .is_some_and(|d| d.taxonomy.class.starts_with("minor"))
    })
}

/// Whether `min-age` keeps children under `child_age` out: an age of
/// `child_age` or more, with no `guardian-exception yes` letting younger
/// users in with their guardian's consent.
fn children_excluded(mn: &Minors, child_age: u32) -> bool {
    mn.min_age.as_ref().is_some_and(|a| a.value >= child_age)
        && !mn.guardian_exception.as_ref().is_some_and(|g| g.value)
}

/// The `minors` declaration and the age under which guardian consent is
/// needed, when the policy does not keep children out (or collects their
/// data all the same).
fn serving_children(m: &Model) -> Option<(&Minors, u32)> {
    let child_age = Thresholds::builtin().ok()?.child_age.value;
    let mn = m.minors.as_ref()?;
    if children_excluded(mn, child_age) && child_data(m).is_none() {
        return None;
    }
    Some((mn, child_age))
}

pub static K001_UNDER_14_WITHOUT_GUARDIAN_CONSENT: Rule = Rule {
    code: "K001",
    name: "under-14-without-guardian-consent",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "31"),
        LegalRef::new("MINORS", "72"),
        LegalRef::new("NDSR", "21").para(2),
    ],
    summary:
        "children under 14 are not excluded, but guardian consent or dedicated rules are missing",
    explanation: include_str!("../../../docs/rules/K001.md"),
    check: check_k001,
};

fn check_k001(ctx: &Ctx<'_>, sink: &mut Sink) {
    // The age under which guardian consent is needed (PIPL Art. 31 ¶1).
    let Ok(t) = Thresholds::builtin() else { return };
    let child_age = t.child_age.value;
    let m = ctx.model;
    let child_data = child_data(m);
    let Some(mn) = &m.minors else {
        if let Some(c) = child_data {
            sink.report(
                c.data.span,
                crate::msg!(
                    "minors.personal-information-children-under",
                    data = &c.data.id,
                    child_age = child_age.to_string()
                ),
            )
            .label(crate::msg!("minors.children-s-data-collected"))
            .related(
                ctx.model.header.head,
                crate::msg!("minors.no-declaration-policy"),
            )
            .help(crate::msg!("minors.add-min-age-under-14-rules-inline"));
        }
        return;
    };
    let excluded = children_excluded(mn, child_age);
    if excluded && child_data.is_none() {
        return;
    }
    let mut missing = Vec::new();
    if !mn.guardian_consent.as_ref().is_some_and(|g| g.value) {
        missing.push(crate::msg!("minors.missing.guardian-consent"));
    }
    let rules_given = mn
        .under_14_rules
        .as_ref()
        .is_some_and(|r| r.value != Under14Rules::None);
    if !rules_given {
        missing.push(crate::msg!(
            "minors.missing.dedicated-rules",
            child_age = child_age.to_string()
        ));
    }
    if missing.is_empty() {
        return;
    }
    let why = match &mn.min_age {
        Some(a) if a.value < child_age => {
            crate::msg!("minors.why.serves-children-from", age = a.value.to_string())
        }
        Some(_) if excluded => crate::msg!("minors.why.collects-children-data"),
        _ => crate::msg!(
            "minors.why.does-not-exclude",
            child_age = child_age.to_string()
        ),
    };
    let at = mn
        .min_age
        .as_ref()
        .filter(|a| a.value < child_age)
        .map_or(mn.head, |a| a.span);
    sink.report(
        at,
        crate::msg!(
            "minors.policy-gives-no",
            why = why.clone(),
            missing = join_words(&missing)
        ),
    )
    .label(why)
    .help(crate::msg!(
        "minors.promise-parental-guardian-consent",
        child_age = child_age.to_string()
    ));
}

pub static K002_GUARDIAN_CONSENT_NOT_OBTAINED: Rule = Rule {
    code: "K002",
    name: "guardian-consent-not-obtained",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("CHILDREN", "9"),
        LegalRef::new("CHILDREN", "10"),
        LegalRef::new("PIPL", "31").para(1),
    ],
    summary: "guardian consent is required, but the policy says no way to obtain it, or leaves it to the user's own declaration",
    explanation: include_str!("../../../docs/rules/K002.md"),
    check: check_k002,
};

/// The policy serves children (or collects their data) and promises
/// guardian consent, but how that consent is obtained is `none` or
/// `self-declared`, or not said at all: asking the child to get the
/// guardian's consent, or having the user declare to be the guardian, is
/// not the operator obtaining it (儿童个人信息网络保护规定 Art. 9, 10).
fn check_k002(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let Some((mn, child_age)) = serving_children(m) else {
        return;
    };
    // Without a promise of guardian consent K001 reports it.
    let Some(consent) = mn.guardian_consent.as_ref().filter(|g| g.value) else {
        return;
    };
    let (at, how) = match &mn.guardian_check {
        Some(g) if g.kind == GuardianCheckKind::Verified => return,
        Some(g) if g.kind == GuardianCheckKind::SelfDeclared => {
            (g.span, crate::msg!("minors.check.self-declared"))
        }
        Some(g) => (g.span, crate::msg!("minors.check.none")),
        None => (consent.span, crate::msg!("minors.check.unsaid")),
    };
    sink.report(
        at,
        crate::msg!(
            "minors.guardian-consent-not-obtained",
            child_age = child_age.to_string(),
            how = how.clone()
        ),
    )
    .label(how)
    .help(crate::msg!("minors.guardian-consent-not-obtained-help"));
}

pub static K003_ADULT_ONLY_WITH_GUARDIAN_PATH: Rule = Rule {
    code: "K003",
    name: "adult-only-with-guardian-path",
    severity: Severity::Info,
    legal: &[LegalRef::new("PIPL", "31")],
    summary: "the service is said to be for adults only, yet the policy describes guardian consent for minors",
    explanation: include_str!("../../../docs/rules/K003.md"),
    check: check_k003,
};

/// `min-age 18` (adults only) beside a way for minors to use the service
/// with their guardian: `guardian-consent yes`, `joint-consent yes`,
/// `either-consent yes` or `guardian-exception yes`. Either the age limit
/// holds and the guardian path describes nothing, or minors are served and
/// the children's rules must be complete (catalogue
/// PIPL-31-adult-only-consistency).
fn check_k003(ctx: &Ctx<'_>, sink: &mut Sink) {
    const ADULT: u32 = 18;
    let Some(mn) = &ctx.model.minors else { return };
    let Some(age) = mn.min_age.as_ref().filter(|a| a.value >= ADULT) else {
        return;
    };
    let paths = [
        &mn.guardian_exception,
        &mn.guardian_consent,
        &mn.joint_consent,
        &mn.either_consent,
    ];
    let Some(path) = paths.into_iter().flatten().find(|f| f.value) else {
        return;
    };
    sink.report(
        age.span,
        crate::msg!(
            "minors.adult-only-with-guardian-path",
            age = age.value.to_string()
        ),
    )
    .label(crate::msg!("minors.adult-only-label"))
    .related(path.span, crate::msg!("minors.guardian-path-label"))
    .help(crate::msg!("minors.adult-only-help"));
}

// ---------------------------------------------------------------------------
// K004
// ---------------------------------------------------------------------------

pub static K004_CHILDREN_OFFICER_NOT_NAMED: Rule = Rule {
    code: "K004",
    name: "children-officer-not-named",
    severity: Severity::Info,
    legal: &[LegalRef::new("CHILDREN", "8")],
    summary:
        "a policy that is itself the rules for children's data names no person responsible for it",
    explanation: include_str!("../../../docs/rules/K004.md"),
    check: check_k004,
};

/// The Children's PI Provisions Art. 8: a network operator sets dedicated
/// rules for children's personal information and designates a person
/// responsible for protecting it. Read where the policy itself holds the
/// children's rules (`under-14-rules inline`), serves children (`min-age`
/// under 14) or collects children's data, and does not keep children out;
/// a policy whose children's rules are a separate document (`separate`) is
/// not read, since that document is where the person is named.
fn check_k004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let Some((mn, child_age)) = serving_children(m) else {
        return;
    };
    let rules = mn.under_14_rules.as_ref().map(|r| r.value);
    if rules == Some(Under14Rules::Separate) {
        return;
    }
    let serves = rules == Some(Under14Rules::Inline)
        || mn.min_age.as_ref().is_some_and(|a| a.value < child_age)
        || child_data(m).is_some();
    if !serves {
        return;
    }
    let at = match &mn.child_officer {
        Some(f) if f.value => return,
        Some(f) => f.span,
        None => mn.head,
    };
    sink.report(
        at,
        crate::msg!(
            "minors.no-children-officer",
            child_age = child_age.to_string()
        ),
    )
    .label(crate::msg!("minors.no-children-officer-label"))
    .help(crate::msg!("minors.no-children-officer-help"));
}
