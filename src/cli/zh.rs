//! The command line in Chinese: clap's help (`--help`, `-h`, `help CMD`)
//! and its usage errors, when the run's language is zh.
//!
//! The English help is the doc comments of `src/cli/*.rs`, rendered by clap
//! unchanged. The Chinese texts live in `data/cli-help.yaml` (per command and
//! per argument id) and are put on the built [`clap::Command`] before it
//! parses; headings, default and possible values are written by this module
//! because clap writes its own in English. Usage errors in Chinese come from
//! the catalogue (`data/messages/cli-usage.yaml`); in English clap's own
//! rendering is kept as it is.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use crate::lang::Lang;

const DATA: &str = include_str!("../../data/cli-help.yaml");

/// The Chinese help of every command: `data/cli-help.yaml`.
#[derive(Debug, serde::Deserialize)]
pub struct HelpZh {
    headings: Headings,
    common: Common,
    pub commands: BTreeMap<String, CommandZh>,
}

#[derive(Debug, serde::Deserialize)]
struct Headings {
    usage: String,
    commands: String,
    arguments: String,
    options: String,
    default: String,
    possible: String,
}

#[derive(Debug, serde::Deserialize)]
struct Common {
    help: String,
    help_long: String,
    version: String,
    help_command: String,
    help_command_arg: String,
}

/// One command's Chinese texts.
#[derive(Debug, serde::Deserialize)]
pub struct CommandZh {
    pub about: String,
    pub long_about: Option<String>,
    pub after_help: Option<String>,
    #[serde(default)]
    pub args: BTreeMap<String, ArgZh>,
}

/// One argument's Chinese help, and that of its possible values.
#[derive(Debug, serde::Deserialize)]
pub struct ArgZh {
    pub help: String,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
}

/// The built-in Chinese help. The file is part of the program: the tests
/// read it, so an error here is a bug caught before release.
pub fn data() -> Result<HelpZh, String> {
    serde_yaml::from_str(DATA).map_err(|e| format!("data/cli-help.yaml: {e}"))
}

/// The language of the run, read from the raw arguments before they are
/// parsed (help and usage errors come before any command runs): `--lang`
/// (`--lang zh`, `--lang=zh`, the first of `zh,en`), else the `language` of
/// `--config FILE`, else of the nearest `policyc.yaml` upward from the
/// current directory, else English.
pub fn lang_of_args(args: &[OsString]) -> Lang {
    let value_of = |flag: &str| -> Option<String> {
        let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
        let mut found = None;
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            if a == flag {
                found = it.next().map(|v| v.into_owned());
            } else if let Some(v) = a.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
                found = Some(v.to_string());
            }
        }
        found
    };
    if let Some(lang) = value_of("--lang")
        .as_deref()
        .and_then(|v| v.split(',').next())
        .and_then(|v| Lang::from_code(v.trim()))
    {
        return lang;
    }
    let config = match value_of("--config") {
        Some(c) => Some(std::path::PathBuf::from(c)),
        None => crate::config::Config::discover(Path::new(".")),
    };
    config
        .and_then(|c| crate::config::Config::language_in(&c))
        .unwrap_or(Lang::En)
}

/// `cmd` (the whole tree) with its help in Chinese.
pub fn translate(mut cmd: Command, zh: &HelpZh) -> Command {
    cmd.build();
    let name = cmd.get_name().to_string();
    apply(cmd, &name, zh)
}

fn apply(mut cmd: Command, name: &str, zh: &HelpZh) -> Command {
    let h = &zh.headings;
    cmd = cmd.help_template(format!(
        "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        h.usage
    ));
    if cmd.has_subcommands() {
        cmd = cmd.subcommand_help_heading(leak(&h.commands));
    }
    if name == "help" {
        cmd = cmd.about(zh.common.help_command.clone());
    } else if let Some(c) = zh.commands.get(name) {
        cmd = cmd.about(c.about.clone());
        match &c.long_about {
            Some(l) => cmd = cmd.long_about(l.clone()),
            None if cmd.get_long_about().is_some() => cmd = cmd.long_about(c.about.clone()),
            None => {}
        }
        if let Some(a) = &c.after_help {
            cmd = cmd.after_help(a.clone());
        }
    }
    let args = zh.commands.get(name).map(|c| &c.args);
    cmd = cmd.mut_args(|a| translate_arg(a, name, args, zh));
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(&sub, |s| apply(s, &sub, zh));
    }
    cmd
}

fn translate_arg(
    a: Arg,
    command: &str,
    args: Option<&BTreeMap<String, ArgZh>>,
    zh: &HelpZh,
) -> Arg {
    let h = &zh.headings;
    let id = a.get_id().as_str().to_string();
    let heading = if a.is_positional() {
        &h.arguments
    } else {
        &h.options
    };
    let mut a = if a.get_help_heading().is_none() {
        a.help_heading(leak(heading))
    } else {
        a
    };
    let own = args.and_then(|m| m.get(&id));
    let help = match (id.as_str(), own) {
        (_, Some(t)) => t.help.clone(),
        ("help", None) => {
            let long = a.get_help().is_some_and(|s| s.to_string().contains("'-h'"));
            if long {
                zh.common.help_long.clone()
            } else {
                zh.common.help.clone()
            }
        }
        ("version", None) => zh.common.version.clone(),
        ("subcommand", None) if command == "help" => zh.common.help_command_arg.clone(),
        // Left in English; tests/cli_help.rs reports it.
        _ => return a,
    };
    let defaults: Vec<String> = if a.is_hide_default_value_set() || !a.get_action().takes_values() {
        Vec::new()
    } else {
        a.get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect()
    };
    let values: Vec<clap::builder::PossibleValue> = if a.is_hide_possible_values_set() {
        Vec::new()
    } else {
        a.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    let mut short = help.clone();
    if !defaults.is_empty() {
        short.push_str(&format!(" [{}：{}]", h.default, defaults.join(",")));
    }
    let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
    if !names.is_empty() {
        short.push_str(&format!(" [{}：{}]", h.possible, names.join("、")));
    }
    let described = values.iter().any(|v| v.get_help().is_some());
    if described {
        let mut long = help;
        long.push_str(&format!("\n\n{}：", h.possible));
        for v in &values {
            let text = own
                .and_then(|o| o.values.get(v.get_name()))
                .cloned()
                .or_else(|| v.get_help().map(|s| s.to_string()))
                .unwrap_or_default();
            long.push_str(&format!("\n- {}：{}", v.get_name(), text));
        }
        if !defaults.is_empty() {
            long.push_str(&format!("\n\n[{}：{}]", h.default, defaults.join(",")));
        }
        a = a.long_help(long);
    } else if a.get_long_help().is_some() {
        a = a.long_help(short.clone());
    }
    a.help(short)
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// A usage error in Chinese, from the catalogue, ending with a line end.
pub fn usage_error(err: &clap::Error) -> String {
    let lang = Lang::Zh;
    let one = |kind| ctx_one(err, kind).unwrap_or_default();
    let mut lines = Vec::new();
    let main = match err.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(s) = ctx_one(err, ContextKind::SuggestedArg) {
                lines.push(crate::msg!("cli.usage.similar-argument", suggestion = s));
            }
            crate::msg!(
                "cli.usage.unknown-argument",
                arg = one(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidValue => {
            let valid = ctx_list(err, ContextKind::ValidValue);
            if !valid.is_empty() {
                lines.push(crate::msg!("cli.usage.possible-values", values = valid));
            }
            let value = one(ContextKind::InvalidValue);
            if value.is_empty() {
                crate::msg!(
                    "cli.usage.value-missing",
                    arg = one(ContextKind::InvalidArg)
                )
            } else {
                crate::msg!(
                    "cli.usage.invalid-value",
                    arg = one(ContextKind::InvalidArg),
                    value = value
                )
            }
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(s) = ctx_list(err, ContextKind::SuggestedSubcommand).first() {
                lines.push(crate::msg!("cli.usage.similar-subcommand", suggestion = s));
            }
            crate::msg!(
                "cli.usage.unknown-subcommand",
                name = one(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::MissingRequiredArgument => crate::msg!(
            "cli.usage.missing-required",
            args = ctx_list(err, ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => {
            let arg = one(ContextKind::InvalidArg);
            let other = ctx_list(err, ContextKind::PriorArg);
            if other == [arg.clone()] {
                crate::msg!("cli.usage.once", arg = arg)
            } else {
                crate::msg!("cli.usage.conflict", arg = arg, other = other)
            }
        }
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => crate::msg!(
            "cli.usage.wrong-number",
            arg = one(ContextKind::InvalidArg),
            expected = one(ContextKind::ExpectedNumValues),
            actual = one(ContextKind::ActualNumValues)
        ),
        ErrorKind::TooManyValues => crate::msg!(
            "cli.usage.too-many",
            arg = one(ContextKind::InvalidArg),
            value = one(ContextKind::InvalidValue)
        ),
        ErrorKind::NoEquals => {
            crate::msg!(
                "cli.usage.value-missing",
                arg = one(ContextKind::InvalidArg)
            )
        }
        _ => {
            let text = err.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            let detail = first.strip_prefix("error: ").unwrap_or(first).to_string();
            crate::msg!("cli.usage.other", detail = detail)
        }
    };
    let mut out = crate::msg!("cli.error", message = main).render(lang);
    out.push('\n');
    for l in lines {
        out.push_str(&l.render(lang));
        out.push('\n');
    }
    if let Some(usage) = ctx_one(err, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        out.push('\n');
        out.push_str(&crate::msg!("cli.usage.usage-line", usage = usage).render(lang));
        out.push_str("\n\n");
        let help = format!("{} --help", command.join(" "));
        out.push_str(&crate::msg!("cli.usage.more-info", help = help).render(lang));
        out.push('\n');
    }
    out
}

/// A heading for clap, which takes `&'static str` only: the help is made
/// once per process, on its way out.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn ctx_one(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => v.first().map(ToString::to_string),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn ctx_list(err: &clap::Error, kind: ContextKind) -> Vec<String> {
    match err.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}
