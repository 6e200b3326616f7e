//! Rules, one file per legal area. Each file exports `RULES` and holds
//! rules only; what areas share is in [`support`].

pub mod accountability;
pub mod choices;
pub mod collection;
pub mod consent;
pub mod contradictions;
pub mod cross_border;
pub mod decisions;
pub mod disclosure_gaps;
pub mod finance;
pub mod minors;
pub mod processor;
pub mod retention;
pub mod retention_periods;
pub mod rights;
pub mod sensitive;
pub mod support;
pub mod third_parties;
