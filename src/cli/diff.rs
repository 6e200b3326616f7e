//! `policyc diff` (not implemented yet; see its issue).

use clap::Args;

use crate::exit::ExitStatus;

/// Not implemented yet.
#[derive(Debug, Args)]
pub struct DiffArgs {}

pub fn execute(_args: DiffArgs) -> Result<ExitStatus, String> {
    Err("`policyc diff` is not implemented yet".into())
}
