//! The explanation pages of every code (`docs/rules/<CODE>.md`, embedded):
//! rules (from their record), compile errors (here) and change classes
//! (from the differ). `policyc explain` prints these bytes.

use crate::check::registry;

/// The compile-error pages, by code.
pub const COMPILE_ERRORS: &[(&str, &str)] = &[
    ("E100", include_str!("../../docs/rules/E100.md")),
    ("E101", include_str!("../../docs/rules/E101.md")),
    ("E102", include_str!("../../docs/rules/E102.md")),
    ("E103", include_str!("../../docs/rules/E103.md")),
    ("E104", include_str!("../../docs/rules/E104.md")),
    ("E199", include_str!("../../docs/rules/E199.md")),
    ("E201", include_str!("../../docs/rules/E201.md")),
    ("E202", include_str!("../../docs/rules/E202.md")),
    ("E203", include_str!("../../docs/rules/E203.md")),
    ("E204", include_str!("../../docs/rules/E204.md")),
    ("E205", include_str!("../../docs/rules/E205.md")),
    ("E206", include_str!("../../docs/rules/E206.md")),
    ("E207", include_str!("../../docs/rules/E207.md")),
    ("E208", include_str!("../../docs/rules/E208.md")),
    ("E209", include_str!("../../docs/rules/E209.md")),
    ("E210", include_str!("../../docs/rules/E210.md")),
    ("E211", include_str!("../../docs/rules/E211.md")),
    ("E300", include_str!("../../docs/rules/E300.md")),
];

/// The change-class codes of the differ (`M001`–`M025`).
pub fn change_class_codes() -> impl Iterator<Item = String> {
    (1..=25).map(|n| format!("M{n:03}"))
}

/// The page of a code (rule, compile error or change class), exactly as in
/// `docs/rules/<CODE>.md`. Codes are matched without regard to case.
pub fn page(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    if let Some(rule) = registry::lookup(&code) {
        return Some(rule.explanation);
    }
    if let Some((_, page)) = COMPILE_ERRORS.iter().find(|(c, _)| *c == code) {
        return Some(page);
    }
    if code.starts_with('M') {
        return crate::diff::explanation(&code);
    }
    None
}

/// The name in a page's first line, `# CODE: name`.
pub fn page_name(page: &str) -> Option<&str> {
    let first = page.lines().next()?;
    let rest = first.strip_prefix("# ")?;
    let (_, name) = rest.split_once(": ")?;
    Some(name.trim())
}

/// The name of a compile error (`unknown-name` for E201).
pub fn compile_error_name(code: &str) -> Option<&'static str> {
    COMPILE_ERRORS
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, p)| page_name(p))
}

/// A page's first paragraph under `## What it checks`, for short descriptions.
pub fn what_it_checks(page: &str) -> Option<String> {
    let start = page.find("## What it checks")?;
    let body = page
        .get(start..)?
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty());
    let para: Vec<&str> = body
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    (!para.is_empty()).then(|| para.join(" "))
}

/// Every code `policyc explain` knows, sorted: rules, compile errors, and
/// the change classes whose pages exist.
pub fn all_codes() -> Vec<String> {
    let mut codes: Vec<String> = registry::all().iter().map(|r| r.code.to_string()).collect();
    codes.extend(COMPILE_ERRORS.iter().map(|(c, _)| c.to_string()));
    codes.extend(change_class_codes().filter(|c| crate::diff::explanation(c).is_some()));
    codes.sort();
    codes
}
