//! `policyc check`: compile policies and report what is wrong with them.

use std::path::PathBuf;

use clap::Args;

use super::input::{self, Loaded};
use crate::exit::ExitStatus;
use crate::model::Taxonomy;
use crate::report::{self, Style};

/// Check policies: compile them and report errors.
///
/// Directories are searched recursively for `*.policy`; `-` reads stdin.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  policyc check examples/minimal.policy\n  policyc check examples/\n  cat my.policy | policyc check -")]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
}

pub fn execute(args: CheckArgs) -> Result<ExitStatus, String> {
    let tax = Taxonomy::builtin()?;
    let files = input::expand(&args.paths)?;
    if files.is_empty() {
        return Err("no `.policy` files found".into());
    }
    let style = Style::for_stderr();
    let mut status = ExitStatus::Clean;
    let mut error_count = 0usize;
    for path in &files {
        super::set_current_input(&path.display().to_string());
        match input::load(path)? {
            Loaded::NotUtf8(src, err) => {
                eprint!("{}", report::render(&err.to_diagnostic(&src), style));
                error_count += 1;
                status = ExitStatus::Error;
            }
            Loaded::Source(src) => {
                if let Err(errors) = crate::compile(&src, tax) {
                    for e in &errors {
                        eprint!("{}", report::render(e, style));
                    }
                    error_count += errors.len();
                    status = ExitStatus::Error;
                }
            }
        }
    }
    if error_count > 0 {
        eprintln!(
            "{} compile error{} in {} file{}",
            error_count,
            if error_count == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
    }
    Ok(status)
}
