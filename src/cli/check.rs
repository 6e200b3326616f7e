//! `policyc check`: compile policies, run the rules, report the findings.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::config::Configs;
use super::input;
use crate::check::{self, Config, Lang, Severity};
use crate::exit::ExitStatus;
use crate::report::entry::{self, FileResult, Summary};
use crate::report::{self, Style};

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets and a summary line, on stderr.
    Human,
    /// policyc's versioned JSON schema (docs/output.md), on stdout.
    Json,
    /// SARIF 2.1.0 for code scanning, on stdout.
    Sarif,
    /// GitHub Actions workflow commands (annotations), on stdout.
    Github,
}

/// Severities that `--deny` can make fail the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the run too (exit 1), not only errors.
    Warnings,
}

/// Check policies: compile them, run every rule, and report the findings.
///
/// Directories are searched recursively for `*.policy`; `-` reads stdin.
/// Exit status: 0 clean, 1 findings at or above the failing level (errors,
/// or warnings with `--deny warnings`; infos never fail), 2 usage, input,
/// configuration or compile error.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyc check examples/minimal.policy\n  policyc check examples/ --format sarif > policyc.sarif\n  policyc check examples/ --deny warnings --lang zh\n  cat my.policy | policyc check -"
)]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Configuration file (default: the nearest `policyc.yaml` upward from each checked file).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Make warnings fail the run too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Vec<Deny>,
    /// Language of legal citations (default: the configuration's `language`, else en).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// Findings drawn per batch of the human report: enough to keep every core
/// busy, few enough that the drawn text stays small.
const HUMAN_BATCH: usize = 512;

/// Compile and check one file. `Err` is an input error (the file could not
/// be read): reported, and the run goes on with the other files.
fn check_file(path: &Path, config: &Config) -> Result<FileResult, String> {
    super::set_current_input(&path.display().to_string());
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut result = FileResult {
        name,
        findings: Vec::new(),
        errors: Vec::new(),
    };
    match input::load(path)? {
        Err(err) => result.errors.push(err),
        Ok(src) => match crate::compile_on(&src, config.taxonomy()?, config.threads) {
            Err(errors) => result.errors = errors,
            Ok(model) => result.findings = check::run(&model, &src, config),
        },
    }
    Ok(result)
}

/// Check every file, one per core; the results come back in input order.
/// (With several files, each file's own stages run on one thread: see the
/// thread count the configurations are given in `execute`.)
fn check_all(jobs: &[(&Path, &Config)]) -> Vec<Result<FileResult, String>> {
    crate::par::map(jobs, super::cores(), |(path, config)| {
        check_file(path, config)
    })
}

pub fn execute(args: CheckArgs) -> Result<ExitStatus, String> {
    input::stdin_once(&args.paths)?;
    if args.format != Format::Human {
        crate::output::require_stdout()?;
    }
    let inputs = input::expand(&args.paths)?;
    let mut unreadable = inputs.report();
    let files = inputs.files;
    if files.is_empty() && !unreadable {
        return Err(input::none_found(&args.paths));
    }
    // One file's parse and rules may use every core; several files use
    // them for the files instead.
    let per_file = if files.len() > 1 { 1 } else { super::cores() };
    let mut configs = match Configs::new(args.config.as_deref(), args.lang, per_file) {
        Ok(c) => c,
        Err(rendered) => return Ok(super::config::failed(&rendered)),
    };
    // Configurations first, in input order; the files before the first one
    // whose configuration fails are still checked, as if one by one.
    let mut which = Vec::with_capacity(files.len());
    let mut config_error = None;
    for path in &files {
        match configs.load_for(path) {
            Ok(w) => which.push(w),
            Err(rendered) => {
                config_error = Some(rendered);
                break;
            }
        }
    }
    let mut jobs = Vec::with_capacity(which.len());
    for (path, w) in files.iter().zip(&which) {
        jobs.push((path.as_path(), configs.get(w)?));
    }
    // A file that cannot be read is reported and the others still checked:
    // the report is written, and the run ends with exit 2.
    let mut results = Vec::with_capacity(jobs.len());
    for r in check_all(&jobs) {
        match r {
            Ok(r) => results.push(r),
            Err(message) => {
                crate::output::Stderr::new().write(&format!("error: {message}\n"));
                unreadable = true;
            }
        }
    }
    if let Some(rendered) = config_error {
        return Ok(super::config::failed(&rendered));
    }
    let lang = args.lang.unwrap_or_else(|| {
        jobs.last()
            .and_then(|(_, c)| c.language)
            .unwrap_or(Lang::En)
    });
    emit(&results, args.format, lang)?;
    let status = status(&results, args.deny.contains(&Deny::Warnings));
    Ok(if unreadable {
        ExitStatus::Error
    } else {
        status
    })
}

/// Write the results in a format: the human report on stderr, the others on
/// stdout (shared by `check` and `verify`).
pub(crate) fn emit(results: &[FileResult], format: Format, lang: Lang) -> Result<(), String> {
    let summary = Summary::of(results);
    match format {
        Format::Human => {
            let style = Style::for_stderr();
            // Drawing a report is costly (snippets, wrapping): on all cores,
            // a batch at a time, each batch written before the next is drawn,
            // so that the whole text is never in memory at once.
            let diagnostics: Vec<&(dyn miette::Diagnostic + Sync)> = results
                .iter()
                .flat_map(|r| {
                    let errors = r
                        .errors
                        .iter()
                        .map(|e| e as &(dyn miette::Diagnostic + Sync));
                    errors.chain(
                        r.findings
                            .iter()
                            .map(|f| f as &(dyn miette::Diagnostic + Sync)),
                    )
                })
                .collect();
            let mut err = crate::output::Stderr::new();
            for batch in diagnostics.chunks(HUMAN_BATCH) {
                let mut out = String::new();
                for text in crate::par::map(batch, super::cores(), |d| report::render(*d, style)) {
                    out.push_str(&text);
                }
                err.write(&out);
            }
            if summary.findings > 0 || summary.compile_errors > 0 {
                err.write(&entry::summary_line(&summary));
                err.write("\n");
            }
        }
        Format::Json => stream(|out| report::json::write(out, results, lang))?,
        Format::Sarif => stream(|out| report::sarif::write(out, results, lang))?,
        Format::Github => write(&report::github::to_string(results, lang))?,
    }
    Ok(())
}

fn stream(
    produce: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), String> {
    crate::output::stdout_with(produce)
        .map_err(|e| format!("cannot write output: {}", crate::output::reason(&e)))
}

fn write(s: &str) -> Result<(), String> {
    crate::output::stdout(s.as_bytes())
        .map_err(|e| format!("cannot write output: {}", crate::output::reason(&e)))
}

/// 2 on any compile error; 1 on a finding at or above the failing level.
pub(crate) fn status(results: &[FileResult], deny_warnings: bool) -> ExitStatus {
    if results.iter().any(|r| !r.errors.is_empty()) {
        return ExitStatus::Error;
    }
    let failing = if deny_warnings {
        Severity::Warning
    } else {
        Severity::Error
    };
    if results
        .iter()
        .flat_map(|r| r.findings.iter())
        .any(|f| f.severity >= failing)
    {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}
