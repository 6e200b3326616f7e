//! Stage 3c: semantic comparison of two policy versions.
//!
//! [`compare`] matches the declarations of two resolved models by id (the
//! singletons by kind) and classifies every difference into one of the
//! change classes M001–M025 ([`classes`], data in
//! `data/change_classes.yaml`); a subsumption pass keeps each change reported
//! once ([`change::subsume`]). The verdict of a diff is its strongest
//! consequence. [`report`] writes the human and JSON reports; [`notice`]
//! writes the notice to users (Markdown or standalone HTML, zh or en).

pub mod change;
pub mod classes;
mod compare;
pub mod notice;
pub mod report;

pub use change::{Change, ChangeKind, ChangeSet, DeclKind, Subject, Value};
pub use classes::{Code, Consequence};
pub use compare::compare;

/// The explanation page of a change class (`docs/rules/M0xx.md`, verbatim),
/// for `policyc explain`.
pub fn explanation(code: &str) -> Option<&'static str> {
    Code::parse(code).map(Code::explanation)
}
