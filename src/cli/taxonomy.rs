//! `policyc taxonomy`: list the built-in PI categories or app types.

use clap::Args;

use crate::exit::ExitStatus;
use crate::model::Taxonomy;

/// List the built-in personal-information taxonomy (or the 39 app types).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  policyc taxonomy\n  policyc taxonomy --app-types")]
pub struct TaxonomyArgs {
    /// List the app types of the necessary-PI rules instead.
    #[arg(long)]
    pub app_types: bool,
}

pub fn execute(args: TaxonomyArgs) -> Result<ExitStatus, String> {
    let tax = Taxonomy::builtin()?;
    let mut out = String::new();
    if args.app_types {
        for a in tax.app_types() {
            let necessary = match &a.necessary {
                Some(n) if n.is_empty() => {
                    super::say(crate::msg!("cli.no-personal-information-needed"))
                }
                Some(n) => n.join(", "),
                None => super::say(crate::msg!("cli.no-necessary-set")),
            };
            out.push_str(&format!(
                "{:>2}  {:<18} {} {}\n    necessary: {}\n",
                a.number, a.code, a.zh, a.en, necessary
            ));
        }
    } else {
        for c in tax.classes() {
            let mark = if c.sensitive { " [sensitive]" } else { "" };
            out.push_str(&format!("{:<24} {} {}{}\n", c.code, c.zh, c.en, mark));
            for i in tax.items().iter().filter(|i| i.class == c.code) {
                let mut marks = Vec::new();
                if i.sensitive {
                    marks.push("sensitive");
                }
                if i.special {
                    marks.push("special");
                }
                let marks = if marks.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", marks.join(", "))
                };
                out.push_str(&format!(
                    "  {:<30} {} {}{}\n",
                    format!("{}.{}", c.code, i.id),
                    i.zh,
                    i.en,
                    marks
                ));
            }
        }
    }
    crate::output::stdout(out.as_bytes()).map_err(|e| {
        super::say(crate::msg!(
            "cli.cannot-write-output",
            detail = crate::output::reason_arg(&e)
        ))
    })?;
    Ok(ExitStatus::Clean)
}
