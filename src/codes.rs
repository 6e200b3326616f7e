//! The catalogue of every code users meet — rules (`A001`…, `Z001`…),
//! compile errors (`E100`…) and change classes (`M001`…) — and each code's
//! page, `docs/rules/CODE.md`, embedded at build time. `policyc explain`,
//! `policyc rules`, the SARIF rule list and the docs tests all read this one
//! list, so a page and the code it explains cannot drift apart.

include!(concat!(env!("OUT_DIR"), "/pages.rs"));

/// What kind of code a code is, by its letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `E…`: the file does not compile.
    CompileError,
    /// `M…`: a change class of `policyc diff`.
    ChangeClass,
    /// Any other letter: a rule of `policyc check` (suppression problems,
    /// `Z…`, included).
    Rule,
}

impl Kind {
    pub fn of(code: &str) -> Kind {
        match code.chars().next() {
            Some('E') => Kind::CompileError,
            Some('M') => Kind::ChangeClass,
            _ => Kind::Rule,
        }
    }
}

/// The page of a code, exactly as in `docs/rules/<CODE>.md`. Codes are
/// matched without regard to case or surrounding space.
pub fn page(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    PAGES.iter().find(|(c, _)| *c == code).map(|(_, p)| *p)
}

/// Every code with a page, sorted.
pub fn all_codes() -> Vec<String> {
    PAGES.iter().map(|(c, _)| (*c).to_string()).collect()
}

/// The codes of one kind with their pages, sorted.
pub fn of_kind(kind: Kind) -> impl Iterator<Item = (&'static str, &'static str)> {
    PAGES
        .iter()
        .copied()
        .filter(move |(c, _)| Kind::of(c) == kind)
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
    of_kind(Kind::CompileError)
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
