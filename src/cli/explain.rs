//! `policyc explain` (not implemented yet; see its issue).

use clap::Args;

use crate::exit::ExitStatus;

/// Not implemented yet.
#[derive(Debug, Args)]
pub struct ExplainArgs {}

pub fn execute(_args: ExplainArgs) -> Result<ExitStatus, String> {
    Err("`policyc explain` is not implemented yet".into())
}
