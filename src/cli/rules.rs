//! `policyc rules` (not implemented yet; see its issue).

use clap::Args;

use crate::exit::ExitStatus;

/// Not implemented yet.
#[derive(Debug, Args)]
pub struct RulesArgs {}

pub fn execute(_args: RulesArgs) -> Result<ExitStatus, String> {
    Err("`policyc rules` is not implemented yet".into())
}
