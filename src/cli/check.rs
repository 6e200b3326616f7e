//! `policyc check`: compile policies, run the rules, report the findings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

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

/// Configurations by path, loaded once each.
struct Configs {
    explicit: Option<Config>,
    found: BTreeMap<Option<PathBuf>, Config>,
    lang: Option<Lang>,
}

/// Which loaded configuration applies to a file: the `--config` one, or the
/// one discovered from the file's directory (`None`: no file found).
#[derive(Clone, Debug)]
enum Which {
    Explicit,
    Found(Option<PathBuf>),
}

impl Configs {
    /// Load (once) the configuration for a checked file and say which it is,
    /// or the rendered error.
    fn load_for(&mut self, file: &Path) -> Result<Which, String> {
        if self.explicit.is_some() {
            return Ok(Which::Explicit);
        }
        let dir = if file.as_os_str() == "-" {
            PathBuf::from(".")
        } else {
            file.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let path = Config::discover(&dir);
        if !self.found.contains_key(&path) {
            let mut config = match &path {
                Some(p) => {
                    Config::load(p).map_err(|e| report::render(e.as_ref(), Style::for_stderr()))?
                }
                None => Config::default(),
            };
            if self.lang.is_some() {
                config.language = self.lang;
            }
            self.found.insert(path.clone(), config);
        }
        Ok(Which::Found(path))
    }

    fn get(&self, which: &Which) -> Result<&Config, String> {
        match which {
            Which::Explicit => self.explicit.as_ref(),
            Which::Found(path) => self.found.get(path),
        }
        .ok_or_else(|| "configuration cache".to_string())
    }
}

/// Findings drawn per batch of the human report: enough to keep every core
/// busy, few enough that the drawn text stays small.
const HUMAN_BATCH: usize = 512;

/// Compile and check one file. `Err` is an input error that ends the run.
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
        Ok(src) => match crate::compile(&src, config.taxonomy()?) {
            Err(errors) => result.errors = errors,
            Ok(model) => result.findings = check::run(&model, &src, config),
        },
    }
    Ok(result)
}

/// Check every file, one per core; the results come back in input order.
/// With several files, each file's own stages run on one thread.
fn check_all(jobs: &[(&Path, &Config)]) -> Vec<Result<FileResult, String>> {
    let cores = crate::threads();
    if jobs.len() > 1 {
        crate::set_threads(1);
    }
    let results = crate::par::map(jobs, cores, |(path, config)| check_file(path, config));
    crate::set_threads(cores);
    results
}

pub fn execute(args: CheckArgs) -> Result<ExitStatus, String> {
    input::stdin_once(&args.paths)?;
    if args.format != Format::Human {
        crate::output::require_stdout()?;
    }
    let files = input::expand(&args.paths)?;
    if files.is_empty() {
        return Err(input::none_found(&args.paths));
    }
    let explicit = match &args.config {
        Some(p) => match Config::load(p) {
            Ok(mut c) => {
                if args.lang.is_some() {
                    c.language = args.lang;
                }
                Some(c)
            }
            Err(e) => {
                crate::output::eprint(&report::render(e.as_ref(), Style::for_stderr()));
                return Ok(ExitStatus::Error);
            }
        },
        None => None,
    };
    let mut configs = Configs {
        explicit,
        found: BTreeMap::new(),
        lang: args.lang,
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
    let mut results = Vec::with_capacity(jobs.len());
    for r in check_all(&jobs) {
        results.push(r?);
    }
    if let Some(rendered) = config_error {
        crate::output::eprint(&rendered);
        return Ok(ExitStatus::Error);
    }
    let lang = args.lang.unwrap_or_else(|| {
        jobs.last()
            .and_then(|(_, c)| c.language)
            .unwrap_or(Lang::En)
    });
    let summary = Summary::of(&results);
    match args.format {
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
                for text in crate::par::map(batch, crate::threads(), |d| report::render(*d, style))
                {
                    out.push_str(&text);
                }
                err.write(&out);
            }
            if summary.findings > 0 || summary.compile_errors > 0 {
                err.write(&entry::summary_line(&summary));
                err.write("\n");
            }
        }
        Format::Json => stream(|out| report::json::write(out, &results, lang))?,
        Format::Sarif => stream(|out| report::sarif::write(out, &results, lang))?,
        Format::Github => write(&report::github::to_string(&results, lang))?,
    }
    Ok(status(&results, args.deny.contains(&Deny::Warnings)))
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
fn status(results: &[FileResult], deny_warnings: bool) -> ExitStatus {
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
