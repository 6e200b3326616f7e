//! `policyc completions` (not implemented yet; see its issue).

use clap::Args;

use crate::exit::ExitStatus;

/// Not implemented yet.
#[derive(Debug, Args)]
pub struct CompletionsArgs {}

pub fn execute(_args: CompletionsArgs) -> Result<ExitStatus, String> {
    Err("`policyc completions` is not implemented yet".into())
}
