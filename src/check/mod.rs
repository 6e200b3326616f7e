//! Stage 3a: rules over the resolved model.
//!
//! A rule is a static [`Rule`] record plus a check function over the
//! resolved [`crate::model::Model`]; [`registry`] is the one table of codes.

pub mod finding;
pub mod lexicon;
pub mod registry;
pub mod rule;
pub mod rules;

pub use finding::Finding;
pub use lexicon::Lexicon;
pub use rule::{Ctx, Facts, LegalRef, Relation, Rule, Severity, Sink};
