//! The `V` rules: where the app's build files and its policy disagree.
//! They are registered with the other rules (so `policyc rules`, `explain`
//! and the configuration know them), but only `policyc verify` reports them:
//! their check function over the policy alone does nothing.

use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};

fn reported_by_verify(_: &Ctx<'_>, _: &mut Sink) {}

/// Whether a code is one of the `V` rules.
pub fn is_verify_code(code: &str) -> bool {
    code.len() == 4 && code.starts_with(['V', 'v'])
}

/// V001: the app requests a permission the policy does not declare.
pub static PERMISSION_NOT_DECLARED: Rule = Rule {
    code: "V001",
    name: "permission-not-declared",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("REC", "2.1"),
        LegalRef::new("REC", "2.3"),
    ],
    summary: "the app's build files request a permission the policy does not declare",
    explanation: include_str!("../../docs/rules/V001.md"),
    check: reported_by_verify,
};

/// V002: the policy declares a permission the app does not request.
pub static PERMISSION_NOT_REQUESTED: Rule = Rule {
    code: "V002",
    name: "permission-not-requested",
    severity: Severity::Info,
    legal: &[LegalRef::new("PIPL", "17").para(2).derived()],
    summary: "the policy declares a permission that no given build file requests (stale policy)",
    explanation: include_str!("../../docs/rules/V002.md"),
    check: reported_by_verify,
};

/// V003: the build embeds an SDK the policy does not list.
pub static SDK_NOT_LISTED: Rule = Rule {
    code: "V003",
    name: "sdk-not-listed",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "23"),
        LegalRef::new("REC", "2.1"),
        LegalRef::new("REC", "5.1"),
        LegalRef::new("MIIT-164", "2").derived(),
    ],
    summary: "the build embeds a catalogued third-party SDK that the policy does not list",
    explanation: include_str!("../../docs/rules/V003.md"),
    check: reported_by_verify,
};

/// V004: the policy lists an SDK the build does not contain.
pub static SDK_NOT_IN_BUILD: Rule = Rule {
    code: "V004",
    name: "sdk-not-in-build",
    severity: Severity::Info,
    legal: &[LegalRef::new("PIPL", "17").para(2).derived()],
    summary: "the policy lists a catalogued SDK that no given build file contains (stale policy)",
    explanation: include_str!("../../docs/rules/V004.md"),
    check: reported_by_verify,
};

/// V005: an SDK collects more than the policy says it does.
pub static SDK_COLLECTS_MORE: Rule = Rule {
    code: "V005",
    name: "sdk-collects-more",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "23"),
        LegalRef::new("REC", "2.1"),
        LegalRef::new("MIIT-164", "2").derived(),
    ],
    summary: "an embedded SDK's own privacy page names data the policy does not say it collects",
    explanation: include_str!("../../docs/rules/V005.md"),
    check: reported_by_verify,
};

/// V006: a usage-description text whose purpose the policy does not state.
pub static PURPOSE_NOT_STATED: Rule = Rule {
    code: "V006",
    name: "usage-purpose-not-stated",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("REC", "2.3"),
    ],
    summary: "the app explains a permission to the user with a purpose the policy does not state",
    explanation: include_str!("../../docs/rules/V006.md"),
    check: reported_by_verify,
};

/// V007: a mini-program private interface the policy does not cover.
pub static PRIVATE_INFO_NOT_COVERED: Rule = Rule {
    code: "V007",
    name: "private-info-not-covered",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("REC", "2.1"),
        LegalRef::new("REC", "2.3"),
    ],
    summary: "a mini-program `requiredPrivateInfos` interface whose data the policy does not cover",
    explanation: include_str!("../../docs/rules/V007.md"),
    check: reported_by_verify,
};

/// V008: a privacy manifest declares data the policy does not collect.
pub static MANIFEST_DATA_NOT_COLLECTED: Rule = Rule {
    code: "V008",
    name: "privacy-manifest-data-not-collected",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("REC", "2.1"),
    ],
    summary:
        "an iOS privacy manifest declares a collected data type the policy does not say it collects",
    explanation: include_str!("../../docs/rules/V008.md"),
    check: reported_by_verify,
};

/// The `V` rules, for the registry.
pub static RULES: &[&Rule] = &[
    &PERMISSION_NOT_DECLARED,
    &PERMISSION_NOT_REQUESTED,
    &SDK_NOT_LISTED,
    &SDK_NOT_IN_BUILD,
    &SDK_COLLECTS_MORE,
    &PURPOSE_NOT_STATED,
    &PRIVATE_INFO_NOT_COVERED,
    &MANIFEST_DATA_NOT_COLLECTED,
];
