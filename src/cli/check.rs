//! `policyc check`: compile policies, run the rules, report the findings.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::config::Configs;
use super::input;
use crate::check::{self, Config, Lang, Severity};
use crate::exit::ExitStatus;
use crate::report::baseline::{self, Baseline, Outcome};
use crate::report::entry::{self, FileResult, Summary};
use crate::report::{self, ColorChoice, Style};

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets and a summary line, on stderr.
    Human,
    /// policyc's versioned JSON schema (docs/output.md), on stdout.
    Json,
    /// SARIF 2.1.0 for code scanning, on stdout.
    Sarif,
    /// GitHub Actions annotations (the 10 most important of each level) on
    /// stdout, and a Markdown job summary into `$GITHUB_STEP_SUMMARY`.
    Github,
    /// GitLab Code Quality report (JSON), on stdout.
    Gitlab,
    /// JUnit XML: a test suite per file, a test case per finding.
    Junit,
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
    after_help = "Examples:\n  policyc check examples/minimal.policy\n  policyc check examples/ --format sarif -o policyc.sarif\n  policyc check examples/ --deny warnings --lang zh\n  policyc check policy/ --update-baseline        # accept today's findings\n  policyc check policy/ --baseline policyc-baseline.json   # fail only on new ones\n  policyc check policy/ --format gitlab -o gl-code-quality-report.json\n  policyc check policy/ --format junit -o policyc-junit.xml\n  cat my.policy | policyc check -"
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
    /// Language of messages, labels, help and citations (default: the configuration's `language`, else en).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Write the report to FILE (atomically) instead of stdout (stderr for `human`).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report only findings that are not in this baseline file (docs/baseline.md).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every current finding to the baseline (`--baseline` FILE, default
    /// `policyc-baseline.json`) and exit 0.
    #[arg(long)]
    pub update_baseline: bool,
    /// Show every place of a repeated problem as its own finding in the
    /// human report (by default a problem that repeats over items,
    /// functions or recipients is one finding with a label at each place).
    #[arg(long)]
    pub expand: bool,
    /// No summary or baseline lines; the human report shows errors only.
    #[arg(short, long)]
    pub quiet: bool,
    /// Colour in the human report.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
    /// Base URL of the rule pages in SARIF `helpUri` (default: the
    /// repository's docs/rules/ at this version; or `rules-url` in policyc.yaml).
    #[arg(long, value_name = "URL")]
    pub rules_url: Option<String>,
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
        fingerprints: Vec::new(),
    };
    let lang = config.language.unwrap_or(crate::lang::Lang::En);
    match input::load(path)? {
        Err(err) => result.errors.push(err.in_lang(lang)),
        Ok(src) => match crate::compile_on(&src, config.taxonomy()?, config.threads) {
            Err(errors) => result.errors = errors.into_iter().map(|e| e.in_lang(lang)).collect(),
            Ok(model) => result.findings = check::run(&model, &src, config),
        },
    }
    Ok(result)
}

/// Check every file, one per core; the results come back in input order.
/// With several files, each file's own stages run on one thread.
fn check_all(jobs: &[(&Path, &Config)]) -> Vec<Result<FileResult, String>> {
    crate::par::map(jobs, super::cores(), |(path, config)| {
        check_file(path, config)
    })
}

pub fn execute(args: CheckArgs) -> Result<ExitStatus, String> {
    input::stdin_once(&args.paths)?;
    if args.format != Format::Human && args.output.is_none() {
        crate::output::require_stdout().map_err(super::say)?;
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
    if let Some(url) = &args.rules_url {
        if !report::sarif::is_absolute_uri(url) {
            return Err(super::say(crate::msg!(
                "cli.rules-url-must-absolute-uri",
                url = url.to_string()
            )));
        }
    }
    let rules_url = args
        .rules_url
        .clone()
        .or_else(|| jobs.iter().rev().find_map(|(_, c)| c.rules_url.clone()))
        .unwrap_or_else(report::sarif::default_rules_url);
    if args.update_baseline {
        return update_baseline(&args, &results, unreadable, lang);
    }
    let outcome = match &args.baseline {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                super::say(crate::msg!(
                    "cli.cannot-read-baseline",
                    file = path.display().to_string(),
                    detail = crate::output::reason_arg(&e)
                ))
            })?;
            let b = Baseline::parse(&text).map_err(|e| {
                super::say(crate::msg!(
                    "cli.baseline-not-valid",
                    file = path.display().to_string(),
                    detail = e.to_string()
                ))
            })?;
            Some(b.apply(&mut results))
        }
    };
    let summary = Summary::of(&results);
    let baseline_name = args.baseline.as_ref().map(|p| p.display().to_string());
    let baseline_info = baseline_name.as_deref().zip(outcome.as_ref());
    match args.format {
        Format::Human => human(&args, &results, &summary, lang)?,
        Format::Json => emit(&args, |out| {
            report::json::write_with(out, &results, lang, baseline_info)
        })?,
        Format::Sarif => emit(&args, |out| {
            report::sarif::write_with(out, &results, lang, &rules_url)
        })?,
        Format::Gitlab => emit(&args, |out| report::gitlab::write(out, &results))?,
        Format::Junit => emit(&args, |out| {
            out.write_all(report::junit::to_string(&results, lang).as_bytes())
        })?,
        Format::Github => {
            emit(&args, |out| {
                out.write_all(report::github::to_string(&results, lang).as_bytes())
            })?;
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                // The summary is extra: failing to write it is said, and the
                // run still ends with the status of its findings.
                if let Err(e) = append(
                    Path::new(&path),
                    &report::github::job_summary(&results, lang),
                ) {
                    crate::output::Stderr::new().write(&format!("warning: {e}\n"));
                }
            }
        }
    }
    if let (Some(name), Some(o)) = (&baseline_name, &outcome) {
        if !args.quiet {
            report_baseline(name, o, lang);
        }
    }
    let status = status(&results, args.deny.contains(&Deny::Warnings));
    Ok(if unreadable {
        ExitStatus::Error
    } else {
        status
    })
}

/// Write results in a machine format, or the human report, to the standard
/// streams: the writer `policyc verify` shares with `check` (no baseline,
/// no `-o`; SARIF rule pages under the default rules URL).
pub(crate) fn emit_plain(results: &[FileResult], format: Format, lang: Lang) -> Result<(), String> {
    let to_stdout = |produce: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>| {
        crate::output::stdout_with(|out| produce(out)).map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-write-output",
                detail = crate::output::reason_arg(&e)
            ))
        })
    };
    match format {
        Format::Human => {
            let style = Style::for_stderr();
            let mut err = crate::output::Stderr::new();
            for r in results {
                for e in &r.errors {
                    err.write(&report::render(e, style));
                }
                for text in
                    crate::par::map(&r.findings, super::cores(), |f| report::render(f, style))
                {
                    err.write(&text);
                }
            }
            let summary = Summary::of(results);
            if summary.findings > 0 || summary.compile_errors > 0 {
                err.write(&format!("{}\n", entry::summary_line(&summary, lang)));
            }
            Ok(())
        }
        Format::Json => to_stdout(&|out| report::json::write_with(out, results, lang, None)),
        Format::Sarif => to_stdout(&|out| {
            report::sarif::write_with(out, results, lang, &report::sarif::default_rules_url())
        }),
        Format::Gitlab => to_stdout(&|out| report::gitlab::write(out, results)),
        Format::Junit => {
            to_stdout(&|out| out.write_all(report::junit::to_string(results, lang).as_bytes()))
        }
        Format::Github => {
            to_stdout(&|out| out.write_all(report::github::to_string(results, lang).as_bytes()))
        }
    }
}

/// The human report: drawn on all cores, a batch at a time, each batch
/// written before the next is drawn, so that the whole text is never in
/// memory at once (unless it goes to a file with `-o`).
fn human(
    args: &CheckArgs,
    results: &[FileResult],
    summary: &Summary,
    lang: Lang,
) -> Result<(), String> {
    let mut style = Style::for_stderr_with(args.color);
    if args.output.is_some() {
        style.color = args.color == ColorChoice::Always;
    }
    // One finding per distinct issue, unless `--expand` asks for every place
    // (docs/output.md, "Grouping").
    let grouped: Vec<Vec<crate::check::Finding>> = if args.expand {
        Vec::new()
    } else {
        results
            .iter()
            .map(|r| report::group::group(&r.findings))
            .collect()
    };
    fn shown<'a>(
        grouped: &'a [Vec<crate::check::Finding>],
        i: usize,
        r: &'a FileResult,
    ) -> &'a [crate::check::Finding] {
        match grouped.get(i) {
            Some(g) => g,
            None => &r.findings,
        }
    }
    let diagnostics: Vec<&(dyn miette::Diagnostic + Sync)> = results
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            let errors = r
                .errors
                .iter()
                .map(|e| e as &(dyn miette::Diagnostic + Sync));
            errors.chain(
                shown(&grouped, i, r)
                    .iter()
                    .filter(|f| !args.quiet || f.severity == Severity::Error)
                    .map(|f| f as &(dyn miette::Diagnostic + Sync)),
            )
        })
        .collect();
    let mut file_text = String::new();
    let mut err = crate::output::Stderr::new();
    for batch in diagnostics.chunks(HUMAN_BATCH) {
        let mut out = String::new();
        for text in crate::par::map(batch, super::cores(), |d| report::render(*d, style)) {
            out.push_str(&text);
        }
        match args.output {
            Some(_) => file_text.push_str(&out),
            None => err.write(&out),
        }
    }
    if !args.quiet && (summary.findings > 0 || summary.compile_errors > 0) {
        let mut line = match args.expand {
            true => entry::summary_line(summary, lang),
            false => {
                let shown_summary = Summary::of_findings(
                    results.len(),
                    grouped.iter().flatten(),
                    summary.compile_errors,
                );
                let mut line = entry::summary_line(&shown_summary, lang);
                if shown_summary.findings < summary.findings {
                    line.push_str(
                        &crate::msg!("report.summary-places", places = summary.findings)
                            .render(lang),
                    );
                }
                line
            }
        };
        line.push('\n');
        match args.output {
            Some(_) => file_text.push_str(&line),
            None => err.write(&line),
        }
    }
    match &args.output {
        Some(path) => crate::output::write_atomic(path, file_text.as_bytes()).map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-write",
                file = path.display().to_string(),
                detail = crate::output::reason_arg(&e)
            ))
        }),
        None => Ok(()),
    }
}

/// A machine report, streamed to stdout or written whole to `-o FILE`.
fn emit(
    args: &CheckArgs,
    produce: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), String> {
    match &args.output {
        None => crate::output::stdout_with(produce).map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-write-output",
                detail = crate::output::reason_arg(&e)
            ))
        }),
        Some(path) => {
            let mut bytes = Vec::new();
            produce(&mut bytes).map_err(|e| {
                super::say(crate::msg!(
                    "cli.cannot-write-output",
                    detail = crate::output::reason_arg(&e)
                ))
            })?;
            crate::output::write_atomic(path, &bytes).map_err(|e| {
                super::say(crate::msg!(
                    "cli.cannot-write",
                    file = path.display().to_string(),
                    detail = crate::output::reason_arg(&e)
                ))
            })
        }
    }
}

/// Append to a file GitHub gives each step (`$GITHUB_STEP_SUMMARY`): other
/// writers of the same step may have written to it before.
fn append(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-write-job-summary",
                file = path.display().to_string(),
                detail = crate::output::reason_arg(&e)
            ))
        })
}

/// The stderr lines of a baseline run: each fixed entry, then the count of
/// known findings not shown.
fn report_baseline(name: &str, o: &Outcome, lang: Lang) {
    let mut err = crate::output::Stderr::new();
    for k in &o.fixed {
        let line = crate::msg!(
            "cli.baseline.fixed",
            file = &k.file,
            line = k.line,
            code = &k.code,
            message = &k.message
        );
        err.write(&format!("{}\n", line.render(lang)));
    }
    if !o.fixed.is_empty() {
        let hint = crate::msg!("cli.baseline.fixed-hint", n = o.fixed.len());
        err.write(&format!("{}\n", hint.render(lang)));
    }
    if o.baselined > 0 {
        let line = crate::msg!("cli.baseline.known", n = o.baselined, file = name);
        err.write(&format!("{}\n", line.render(lang)));
    }
}

/// `--update-baseline`: every current finding becomes the baseline; the
/// entries of files not checked in this run are kept. Refused when a file
/// did not compile (its findings are unknown).
fn update_baseline(
    args: &CheckArgs,
    results: &[FileResult],
    unreadable: bool,
    lang: Lang,
) -> Result<ExitStatus, String> {
    let path = args
        .baseline
        .clone()
        .unwrap_or_else(|| PathBuf::from(baseline::DEFAULT_FILE));
    let broken: Vec<&str> = results
        .iter()
        .filter(|r| !r.errors.is_empty())
        .map(|r| r.name.as_str())
        .collect();
    if !broken.is_empty() || unreadable {
        let style = Style::for_stderr_with(args.color);
        let mut err = crate::output::Stderr::new();
        for e in results.iter().flat_map(|r| &r.errors) {
            err.write(&report::render(e, style));
        }
        let why = if broken.is_empty() {
            crate::messages::IntoArg::into_arg(crate::msg!("cli.baseline.unreadable-file"))
        } else {
            crate::messages::IntoArg::into_arg(broken)
        };
        return Err(crate::msg!("cli.baseline.not-written", why = why).render(lang));
    }
    let shown = path.display().to_string();
    let previous = match std::fs::read_to_string(&path) {
        Ok(text) => Some(Baseline::parse(&text).map_err(|e| {
            crate::msg!(
                "cli.baseline-not-valid",
                file = &shown,
                detail = e.to_string()
            )
            .render(lang)
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(crate::msg!(
                "cli.cannot-read-baseline",
                file = &shown,
                detail = crate::output::reason_arg(&e)
            )
            .render(lang))
        }
    };
    let b = Baseline::of(results, previous.as_ref());
    crate::output::write_atomic(&path, b.to_json().as_bytes()).map_err(|e| {
        crate::msg!(
            "cli.cannot-write",
            file = &shown,
            detail = crate::output::reason_arg(&e)
        )
        .render(lang)
    })?;
    if !args.quiet {
        let line = crate::msg!("cli.baseline.written", file = &shown, n = b.findings.len());
        crate::output::Stderr::new().write(&format!("{}\n", line.render(lang)));
    }
    Ok(ExitStatus::Clean)
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
