//! policyc: a compiler and linter for privacy policies.
//!
//! ```text
//! text ─ syntax::parse ─▶ AST ─ model::resolve ─▶ Model ─┬─ check::run ─▶ findings
//!                                                      ├─ render ─▶ Markdown / HTML / JSON / YAML
//!                                                      └─ diff::compare(old, new) ─▶ changes
//! ```
//! Only `cli` touches files and the terminal; every stage below it is pure.

pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod source;
pub mod syntax;
pub mod model;
pub mod cli;
pub mod exit;
pub mod output;
pub mod render;
pub mod report;

use diagnostic::CompileError;
use source::SourceFile;

/// The front of the pipeline: parse and resolve one file. On failure, every
/// compile error of the file, in source order.
pub fn compile(src: &SourceFile, tax: &model::Taxonomy) -> Result<model::Model, Vec<CompileError>> {
    let doc = syntax::parse(src).map_err(|e| vec![e.to_diagnostic(src)])?;
    model::resolve(&doc, tax).map_err(|errs| errs.iter().map(|e| e.to_diagnostic(src)).collect())
}
