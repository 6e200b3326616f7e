//! The one table that assigns every rule code. Each legal area keeps its
//! rules in `rules/<area>.rs`; this list joins them.

use crate::check::rule::Rule;
use crate::check::rules;

/// Every rule, by area (processor, consent, collection, sensitive, third
/// parties, retention, cross-border, rights, decisions, minors, finance),
/// the suppression rules and the `V` rules of `policyc verify`.
pub fn all() -> Vec<&'static Rule> {
    let areas: [&[&'static Rule]; 19] = [
        rules::processor::RULES,
        rules::consent::RULES,
        rules::collection::RULES,
        rules::sensitive::RULES,
        rules::third_parties::RULES,
        rules::retention::RULES,
        rules::cross_border::RULES,
        rules::rights::RULES,
        rules::decisions::RULES,
        rules::minors::RULES,
        rules::finance::RULES,
        rules::retention_periods::RULES,
        rules::accountability::RULES,
        rules::choices::RULES,
        rules::contradictions::RULES,
        rules::disclosure_gaps::RULES,
        crate::check::suppress::RULES,
        crate::verify::rules::RULES,
        crate::check::todo::RULES,
    ];
    let mut all: Vec<&'static Rule> = areas.iter().flat_map(|a| a.iter().copied()).collect();
    all.sort_by_key(|r| r.code);
    all
}

/// The rule with this code.
pub fn lookup(code: &str) -> Option<&'static Rule> {
    all()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code))
}
