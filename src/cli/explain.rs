//! `policyc explain CODE`: print the page of a rule, compile error or change
//! class, exactly as `docs/rules/CODE.md`.

use clap::Args;

use crate::check::docs;
use crate::diagnostic::did_you_mean;
use crate::exit::ExitStatus;

/// Explain a rule code (`T001`), compile error (`E201`) or change class (`M005`).
///
/// Prints the page `docs/rules/CODE.md`, byte for byte.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyc explain T001\n  policyc explain E201\n  policyc rules   # every rule code"
)]
pub struct ExplainArgs {
    /// The code to explain.
    #[arg(value_name = "CODE")]
    pub code: String,
}

pub fn execute(args: ExplainArgs) -> Result<ExitStatus, String> {
    match docs::page(&args.code) {
        Some(page) => {
            crate::output::stdout(page.as_bytes())
                .map_err(|e| format!("cannot write output: {}", crate::output::reason(&e)))?;
            Ok(ExitStatus::Clean)
        }
        None => {
            let codes = docs::all_codes();
            let wanted = args.code.trim().to_ascii_uppercase();
            let mut message = format!("unknown code `{}`", args.code);
            match did_you_mean(&wanted, codes.iter().map(String::as_str)) {
                Some(s) => message.push_str(&format!(
                    "\n  help: did you mean `{s}`? `policyc rules` lists every rule"
                )),
                None => message.push_str(
                    "\n  help: `policyc rules` lists every rule; compile errors are E100–E215 and E300",
                ),
            }
            Err(message)
        }
    }
}
