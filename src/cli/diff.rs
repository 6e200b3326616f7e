//! `policyc diff`: compare two versions of a policy, classify the changes,
//! and write the report or the notice to users.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, ValueEnum};

use super::config;
use super::input;
use crate::diff::notice::NoticeContext;
use crate::diff::report::{self as diff_report, Side};
use crate::diff::{self, Consequence};
use crate::exit::ExitStatus;
use crate::model::{Model, Taxonomy};
use crate::render::Lang;
use crate::report::{self, Style};
use crate::source::SourceFile;

/// Output formats of `policyc diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Every change with its class, consequence and both locations.
    Human,
    /// The same as JSON (versioned schema, see docs/diff.md).
    Json,
    /// The notice to users, as Markdown.
    Md,
    /// The notice to users, as a standalone HTML page.
    Html,
}

/// The level from which `--fail-on` makes the exit status 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Changes that need separate consent.
    SeparateConsent,
    /// Changes that need consent or separate consent.
    Consent,
    /// Changes that need at least a notice.
    Notice,
    /// Any change, editorial ones included.
    Any,
}

impl FailOn {
    fn threshold(self) -> Consequence {
        match self {
            FailOn::SeparateConsent => Consequence::SeparateConsent,
            FailOn::Consent => Consequence::Consent,
            FailOn::Notice => Consequence::Notice,
            FailOn::Any => Consequence::Editorial,
        }
    }
}

/// Compare two versions of a policy: which changes are material, what they
/// oblige you to do, and the notice to show users.
///
/// Each side is a file, or a git revision and path `REV:path` (read with
/// `git show` in the current directory).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  policyc diff examples/history/jinshang-v1.policy examples/history/jinshang-v2.policy
  policyc diff HEAD~1:examples/jinshang.policy examples/jinshang.policy --fail-on consent
  policyc diff old.policy new.policy --format md --lang zh -o notice.md
  policyc explain M006")]
pub struct DiffArgs {
    /// The older version: a file or `REV:path`.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The newer version: a file or `REV:path`.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiffFormat,
    /// Language of the notice and of legal citations [default: zh for the
    /// notice (md, html), en for the report (human, json)].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Exit with status 1 when the verdict reaches this level.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Write to this file instead of stdout (written whole or not at all).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Link the notice (`md`, `html`) to the full updated policy at this http(s) URL.
    #[arg(long, value_name = "URL")]
    pub new_url: Option<String>,
    /// Link the notice (`md`, `html`) to the previous policy at this http(s) URL.
    #[arg(long, value_name = "URL")]
    pub old_url: Option<String>,
    /// Configuration file (default: the nearest `policyc.yaml` upward from NEW's path).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

pub fn execute(args: DiffArgs) -> Result<ExitStatus, String> {
    // Both versions compile in the configuration found from the new one's
    // path (for `REV:path`, the path part).
    let new_path = match args.new.split_once(':') {
        Some((_, path)) if !Path::new(&args.new).exists() => path,
        _ => args.new.as_str(),
    };
    let config = match config::for_file(args.config.as_deref(), args.lang, Path::new(new_path)) {
        Ok(c) => c,
        Err(rendered) => return Ok(config::failed(&rendered)),
    };
    let tax = config.taxonomy()?;
    diff::classes::catalog()?;
    let lang = args.lang.or(config.language).unwrap_or(match args.format {
        DiffFormat::Md | DiffFormat::Html => Lang::Zh,
        DiffFormat::Human | DiffFormat::Json => Lang::En,
    });
    for url in [&args.new_url, &args.old_url].into_iter().flatten() {
        if !diff::notice::safe_link(url) {
            return Err(super::say(crate::msg!(
                "cli.diff-unsafe-url",
                url = url.clone()
            )));
        }
    }
    if args.old == "-" && args.new == "-" {
        return Err(super::say(crate::msg!("cli.standard-input-can-read")));
    }
    match &args.output {
        Some(out) => {
            crate::output::check_not_input(out, [Path::new(&args.old), Path::new(&args.new)])
                .map_err(super::say)?
        }
        None => crate::output::require_stdout().map_err(super::say)?,
    }
    let style = Style::for_stderr();
    let old = load_side(&args.old)?;
    let new = load_side(&args.new)?;
    let (Some((old_src, old_model)), Some((new_src, new_model))) =
        (compile(old, tax, style), compile(new, tax, style))
    else {
        return Ok(ExitStatus::Error);
    };
    super::set_current_input(&format!("{} → {}", old_src.name(), new_src.name()));
    let changes = diff::compare(&old_model, &new_model);
    let old_side = Side {
        src: &old_src,
        model: &old_model,
    };
    let new_side = Side {
        src: &new_src,
        model: &new_model,
    };
    let notice = NoticeContext {
        changes: &changes,
        old: &old_model,
        new: &new_model,
        taxonomy: tax,
        lang,
    };
    let links = diff::notice::Links {
        new: args.new_url.as_deref(),
        old: args.old_url.as_deref(),
    };
    let text = match args.format {
        DiffFormat::Human => diff_report::human(&changes, old_side, new_side, lang),
        DiffFormat::Json => diff_report::json(&changes, old_side, new_side, lang)?,
        DiffFormat::Md => diff::notice::markdown_with(&notice, links)?,
        DiffFormat::Html => diff::notice::html_with(&notice, links)?,
    };
    if matches!(args.format, DiffFormat::Md | DiffFormat::Html) {
        match changes.verdict() {
            None => crate::output::eprintln(&super::say(crate::msg!("cli.diff-nothing-to-notify"))),
            Some(Consequence::Editorial) => {
                crate::output::eprintln(&super::say(crate::msg!("cli.diff-editorial-only")));
            }
            // A notice users are to read links to the full updated and
            // previous policy (issue #16): say which link is missing.
            Some(_) => {
                if args.new_url.is_none() {
                    crate::output::eprintln(&super::say(crate::msg!("cli.diff-no-new-url")));
                }
                if args.old_url.is_none() {
                    crate::output::eprintln(&super::say(crate::msg!("cli.diff-no-old-url")));
                }
            }
        }
    }
    match &args.output {
        Some(path) => crate::output::write_atomic(path, text.as_bytes()).map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-write",
                file = path.display().to_string(),
                detail = crate::output::reason_arg(&e)
            ))
        })?,
        None => crate::output::stdout(text.as_bytes()).map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-write-output",
                detail = crate::output::reason_arg(&e)
            ))
        })?,
    }
    let failed = match (args.fail_on, changes.verdict()) {
        (Some(level), Some(v)) => v >= level.threshold(),
        _ => false,
    };
    Ok(if failed {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

/// Read one side: a file (or `-`), else `REV:path` through git.
fn load_side(arg: &str) -> Result<input::Loaded, String> {
    let path = Path::new(arg);
    if arg == "-" || path.exists() || path.is_symlink() {
        return input::load(path);
    }
    match arg.split_once(':') {
        // never handed to git: it would be read as an option
        Some((rev, _)) if rev.starts_with('-') => Err(super::say(crate::msg!(
            "cli.no-such-file-not",
            arg = arg.to_string()
        ))),
        Some((rev, file)) if !rev.is_empty() && !file.is_empty() => git_show(arg),
        _ => Err(super::say(crate::msg!(
            "cli.no-such-file-not-2",
            arg = arg.to_string()
        ))),
    }
}

/// Run `git cat-file ARGS --end-of-options OBJECT` in the current
/// directory: the object name can never be read as an option. Its output,
/// or git's reason for failing.
fn cat_file(args: &[&str], object: &str, arg: &str) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("cat-file")
        .args(args)
        .arg("--end-of-options")
        .arg(object)
        .output()
        .map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-read-cannot-run",
                arg = arg.to_string(),
                detail = crate::output::reason_arg(&e)
            ))
        })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("fatal: ")
            .trim();
        return Err(super::say(crate::msg!(
            "cli.cannot-read-from-git",
            arg = arg.to_string(),
            why = if why.is_empty() { "git failed" } else { why }.to_string()
        )));
    }
    Ok(out.stdout)
}

/// The file `REV:path` from git: a file (blob) no larger than the inputs
/// policyc reads from disk.
fn git_show(arg: &str) -> Result<input::Loaded, String> {
    let kind = cat_file(&["-t"], arg, arg)?;
    match String::from_utf8_lossy(&kind).trim() {
        "blob" => {}
        "tree" => {
            return Err(super::say(crate::msg!(
                "cli.cannot-read-from-git-2",
                arg = arg.to_string()
            )))
        }
        other => {
            return Err(super::say(crate::msg!(
                "cli.cannot-read-from-git-3",
                arg = arg.to_string(),
                other = other.to_string()
            )))
        }
    }
    let size = cat_file(&["-s"], arg, arg)?;
    let size: u64 = String::from_utf8_lossy(&size)
        .trim()
        .parse()
        .unwrap_or(u64::MAX);
    if size > input::MAX_INPUT {
        return Err(super::say(crate::msg!(
            "cli.larger-mib-most-policyc",
            arg = arg.to_string(),
            mib = input::MAX_INPUT / (1024 * 1024)
        )));
    }
    let bytes = cat_file(&["blob"], arg, arg)?;
    Ok(crate::decode(arg, bytes))
}

fn compile(loaded: input::Loaded, tax: &Taxonomy, style: Style) -> Option<(SourceFile, Model)> {
    let src = match loaded {
        Ok(src) => src,
        Err(err) => {
            crate::output::eprint(&report::render(&err.in_lang(super::lang()), style));
            return None;
        }
    };
    match crate::compile(&src, tax) {
        Ok(m) => Some((src, m)),
        Err(errors) => {
            for e in errors {
                crate::output::eprint(&report::render(&e.in_lang(super::lang()), style));
            }
            None
        }
    }
}
