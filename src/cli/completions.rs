//! `policyc completions SHELL`: shell completion scripts, from the clap
//! definition of the command line.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::exit::ExitStatus;

/// Print a completion script for a shell.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyc completions bash > /etc/bash_completion.d/policyc\n  policyc completions zsh > \"${fpath[1]}/_policyc\"\n  policyc completions fish > ~/.config/fish/completions/policyc.fish"
)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

pub fn execute(args: CompletionsArgs) -> Result<ExitStatus, String> {
    let mut cmd = super::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "policyc", &mut buf);
    crate::output::stdout(&buf).map_err(|e| {
        super::say(crate::msg!(
            "cli.cannot-write-output",
            detail = crate::output::reason_arg(&e)
        ))
    })?;
    Ok(ExitStatus::Clean)
}
