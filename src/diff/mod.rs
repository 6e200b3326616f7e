//! Stage 3c: semantic comparison of two policy versions.

/// The explanation page of a change class (`docs/rules/M0xx.md`), for
/// `policyc explain`. (Placeholder until the differ lands.)
pub fn explanation(_code: &str) -> Option<&'static str> {
    None
}
