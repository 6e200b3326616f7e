//! `policyc explain CODE`: print the page of a rule, compile error or change
//! class: `docs/rules/CODE.md`, or in Chinese `docs/rules/zh/CODE.md` with
//! the English page's examples.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::check::docs;
use crate::diagnostic::did_you_mean;
use crate::exit::ExitStatus;
use crate::lang::Lang;

/// Explain a rule code (`T001`), compile error (`E201`) or change class (`M005`).
///
/// Prints the page `docs/rules/CODE.md`, byte for byte; with `--lang zh` the
/// Chinese page `docs/rules/zh/CODE.md` followed by the English page's examples.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyc explain T001\n  policyc explain E201 --lang zh\n  policyc rules   # every rule code"
)]
pub struct ExplainArgs {
    /// The code to explain.
    #[arg(value_name = "CODE")]
    pub code: String,
    /// Language of the page (default: the configuration's `language`, else en).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Configuration file (default: the nearest `policyc.yaml` upward from the
    /// current directory), read for its `language`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The language of `explain` and `rules`: `--lang`, else the `language` of
/// the configuration (`--config FILE`, else the nearest `policyc.yaml` upward
/// from the current directory), else English. `Err` is a rendered
/// configuration error.
pub(crate) fn language(config: Option<&Path>, lang: Option<Lang>) -> Result<Lang, String> {
    if let Some(lang) = lang {
        return Ok(lang);
    }
    let config = super::config::for_file(config, None, Path::new("."))?;
    Ok(config.language.unwrap_or(Lang::En))
}

pub fn execute(args: ExplainArgs) -> Result<ExitStatus, String> {
    let Some(_) = docs::page(&args.code) else {
        let codes = docs::all_codes();
        let wanted = args.code.trim().to_ascii_uppercase();
        let mut message = super::say(crate::msg!(
            "cli.unknown-code",
            code = args.code.to_string()
        ));
        match did_you_mean(&wanted, codes.iter().map(String::as_str)) {
            Some(s) => message.push_str(&super::say(crate::msg!(
                "cli.help-did-you-mean",
                code = s.to_string()
            ))),
            None => message.push_str(&super::say(crate::msg!("cli.help-list-rules"))),
        }
        return Err(message);
    };
    let lang = match language(args.config.as_deref(), args.lang) {
        Ok(lang) => lang,
        Err(rendered) => return Ok(super::config::failed(&rendered)),
    };
    let page = docs::explain(&args.code, lang).unwrap_or_default();
    crate::output::stdout(page.as_bytes()).map_err(|e| {
        super::say(crate::msg!(
            "cli.cannot-write-output",
            detail = crate::output::reason_arg(&e)
        ))
    })?;
    Ok(ExitStatus::Clean)
}
