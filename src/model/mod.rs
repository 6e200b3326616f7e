//! Stage 2: syntax tree to resolved model.
//!
//! `resolve` checks every name against the declarations of the file and the
//! built-in taxonomy, types every enumerated word, and reports all errors.

mod decls;
mod error;
mod node;
mod policy;
mod resolve;
pub mod taxonomy;
mod values;
pub mod words;

pub use error::ResolveError;
pub use node::{Decl, DeclRef, Node};
pub use policy::*;
pub use resolve::resolve;
pub use taxonomy::Taxonomy;
