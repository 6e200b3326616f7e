//! policyc: a compiler and linter for privacy policies.
//!
//! ```text
//! text ─ syntax::parse ─▶ AST ─ model::resolve ─▶ Model ─┬─ check::run ─▶ findings
//!                                                      ├─ render ─▶ Markdown / HTML / JSON / YAML
//!                                                      └─ diff::compare(old, new) ─▶ changes
//! ```
//! Only `cli` touches files and the terminal; every stage below it is pure.

pub mod check;
pub mod cli;
pub mod codes;
pub mod config;
mod data;
pub mod diagnostic;
pub mod diff;
pub mod exit;
#[doc(hidden)]
pub mod fuzzing;
pub mod lang;
pub mod legal;
pub mod messages;
pub mod model;
pub mod output;
pub mod par;
pub mod render;
pub mod report;
pub mod source;
pub mod syntax;
pub mod verify;

use diagnostic::CompileError;
use source::SourceFile;

/// The front of the pipeline: parse and resolve one file. On failure, every
/// compile error of the file, in source order.
pub fn compile(src: &SourceFile, tax: &model::Taxonomy) -> Result<model::Model, Vec<CompileError>> {
    compile_on(src, tax, 1)
}

/// [`compile`] with a large file parsed in pieces on up to `threads`
/// threads; the result does not depend on the number.
pub fn compile_on(
    src: &SourceFile,
    tax: &model::Taxonomy,
    threads: usize,
) -> Result<model::Model, Vec<CompileError>> {
    let doc = syntax::parse_on(src, threads).map_err(|e| vec![e.to_diagnostic(src)])?;
    model::resolve(doc, tax).map_err(|errs| errs.iter().map(|e| e.to_diagnostic(src)).collect())
}

/// Decode a file's bytes as UTF-8. On failure, the error points at the first
/// invalid byte in a lossy copy of the text (E100).
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, CompileError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let src = SourceFile::new(name, String::from_utf8_lossy(e.as_bytes()).into_owned());
            // The lossy copy has U+FFFD (3 bytes) where the first bad sequence was.
            let err = syntax::SyntaxError::NotUtf8 {
                at: source::Span::new(at, at + '\u{FFFD}'.len_utf8()),
            };
            Err(err.to_diagnostic(&src))
        }
    }
}
