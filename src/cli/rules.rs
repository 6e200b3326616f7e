//! `policyc rules`: list every rule with its severity and legal sources.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::check::{docs, registry};
use crate::exit::ExitStatus;
use crate::legal::{self, Lang};
use crate::report::entry::LegalEntry;

/// Output formats of `rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// List every rule: code, name, default severity, legal sources and summary.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyc rules\n  policyc rules --lang zh\n  policyc rules --format json\n  policyc explain T001"
)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Language of the text list: Chinese names and citations with `zh`
    /// (default: the configuration's `language`, else en).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Configuration file (default: the nearest `policyc.yaml` upward from the
    /// current directory), read for its `language`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Serialize)]
struct RuleJson {
    code: &'static str,
    name: &'static str,
    /// The Chinese name, from `docs/rules/zh/CODE.md`.
    name_zh: Option<&'static str>,
    severity: crate::check::Severity,
    legal: Vec<LegalEntry>,
    summary: &'static str,
    docs: String,
}

pub fn execute(args: RulesArgs) -> Result<ExitStatus, String> {
    let lang = match super::explain::language(args.config.as_deref(), args.lang) {
        Ok(lang) => lang,
        Err(rendered) => return Ok(super::config::failed(&rendered)),
    };
    let rules = registry::all();
    let out = match args.format {
        Format::Json => {
            let list: Vec<RuleJson> = rules
                .iter()
                .map(|r| RuleJson {
                    code: r.code,
                    name: r.name,
                    name_zh: docs::name_zh(r.code),
                    severity: r.severity,
                    legal: r
                        .legal
                        .iter()
                        .map(|l| LegalEntry {
                            instrument: l.instrument.to_string(),
                            article: l.article.to_string(),
                            paragraph: l.paragraph,
                            item: l.item,
                            relation: l.relation,
                            cite_en: legal::cite(l, Lang::En),
                            cite_zh: legal::cite(l, Lang::Zh),
                        })
                        .collect(),
                    summary: r.summary,
                    docs: format!("docs/rules/{}.md", r.code),
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
            s.push('\n');
            s
        }
        Format::Text => {
            let mut s = String::new();
            for r in &rules {
                s.push_str(&format!(
                    "{}  {:<7} {}\n",
                    r.code,
                    r.severity.as_str(),
                    r.name
                ));
                // In Chinese the rule's Chinese name stands for the summary,
                // which is English.
                let summary = match (lang, docs::name_zh(r.code)) {
                    (Lang::Zh, Some(name)) => name,
                    _ => r.summary,
                };
                s.push_str(&format!("      {summary}\n"));
                if !r.legal.is_empty() {
                    s.push_str(&format!("      {}\n", legal::cite_all(r.legal, lang)));
                }
            }
            s
        }
    };
    crate::output::stdout(out.as_bytes()).map_err(|e| {
        super::say(crate::msg!(
            "cli.cannot-write-output",
            detail = crate::output::reason_arg(&e)
        ))
    })?;
    Ok(ExitStatus::Clean)
}
