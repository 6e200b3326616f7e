//! `policyc fmt`: rewrite policies in the canonical layout.

use std::path::{Path, PathBuf};

use clap::Args;

use super::input;
use crate::exit::ExitStatus;
use crate::report::{self, Style};

/// Format policies in the canonical layout (comments kept, field order kept).
///
/// Directories are searched recursively for `*.policy`; `-` reads stdin and
/// writes the result to stdout. Files are rewritten only when they change.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyc fmt examples/\n  policyc fmt --check examples/   # exit 1 and list the files that would change\n  policyc fmt - < in.policy > out.policy"
)]
pub struct FmtArgs {
    /// Files or directories to format; `-` for stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Change nothing; exit 1 and name the files that are not formatted
    /// (`<stdin>` for `-`).
    #[arg(long)]
    pub check: bool,
    /// Language of messages and compile errors (default: the configuration's `language`, else en).
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
}

pub fn execute(args: FmtArgs) -> Result<ExitStatus, String> {
    input::stdin_once(&args.paths)?;
    if !args.check && args.paths.iter().any(|p| p.as_os_str() == "-") {
        crate::output::require_stdout().map_err(super::say)?;
    }
    let inputs = input::expand(&args.paths)?;
    let unreadable = inputs.report();
    let mut files = inputs.files;
    if files.is_empty() && !unreadable {
        return Err(input::none_found(&args.paths));
    }
    // A file named twice (`fmt a.policy .`) is formatted once.
    let mut seen = std::collections::BTreeSet::new();
    files.retain(|p| seen.insert(p.clone()));
    let style = Style::for_stderr();
    let mut status = if unreadable {
        ExitStatus::Error
    } else {
        ExitStatus::Clean
    };
    let mut listed = String::new();
    for path in &files {
        super::set_current_input(&path.display().to_string());
        let src = match input::load(path)? {
            Ok(src) => src,
            Err(err) => {
                crate::output::eprint(&report::render(&err.in_lang(super::lang()), style));
                status = ExitStatus::Error;
                continue;
            }
        };
        let formatted = match crate::syntax::format(&src) {
            Ok(f) => f,
            Err(err) => {
                crate::output::eprint(&report::render(
                    &err.to_diagnostic(&src).in_lang(super::lang()),
                    style,
                ));
                status = ExitStatus::Error;
                continue;
            }
        };
        let stdin = path.as_os_str() == "-";
        if formatted == src.text() && !src.had_lone_cr() {
            if stdin && !args.check {
                crate::output::stdout(formatted.as_bytes()).map_err(|e| {
                    super::say(crate::msg!(
                        "cli.cannot-write-output",
                        detail = crate::output::reason_arg(&e)
                    ))
                })?;
            }
            continue;
        }
        if args.check {
            let name = if stdin {
                "<stdin>".to_string()
            } else {
                path.display().to_string()
            };
            listed.push_str(&name);
            listed.push('\n');
            status = status.max(ExitStatus::Findings);
        } else if stdin {
            crate::output::stdout(formatted.as_bytes()).map_err(|e| {
                super::say(crate::msg!(
                    "cli.cannot-write-output",
                    detail = crate::output::reason_arg(&e)
                ))
            })?;
        } else if let Err(message) = rewrite(path, formatted.as_bytes()) {
            crate::output::eprintln(&format!("error: {message}"));
            status = ExitStatus::Error;
        }
    }
    crate::output::stdout(listed.as_bytes()).map_err(|e| {
        super::say(crate::msg!(
            "cli.cannot-write-output",
            detail = crate::output::reason_arg(&e)
        ))
    })?;
    Ok(status)
}

/// Replace a file's contents, whole or not at all (see
/// [`crate::output::write_atomic`]): a symbolic link is followed (the link
/// stays a link); the file keeps its permissions and owner; a read-only file
/// is refused rather than replaced.
fn rewrite(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::output::write_atomic(path, bytes).map_err(|e| {
        super::say(crate::msg!(
            "cli.cannot-write",
            file = path.display().to_string(),
            detail = crate::output::reason_arg(&e)
        ))
    })
}
