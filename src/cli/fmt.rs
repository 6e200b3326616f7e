//! `policyc fmt`: rewrite policies in the canonical layout.

use std::path::PathBuf;

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
    after_help = "Examples:\n  policyc fmt examples/\n  policyc fmt --check examples/   # exit 1 and list the files that would change"
)]
pub struct FmtArgs {
    /// Files or directories to format.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Change nothing; exit 1 and name the files that are not formatted.
    #[arg(long)]
    pub check: bool,
}

pub fn execute(args: FmtArgs) -> Result<ExitStatus, String> {
    let files = input::expand(&args.paths)?;
    if files.is_empty() {
        return Err("no `.policy` files found".into());
    }
    let style = Style::for_stderr();
    let mut status = ExitStatus::Clean;
    let mut listed = String::new();
    for path in &files {
        super::set_current_input(&path.display().to_string());
        let src = match input::load(path)? {
            Ok(src) => src,
            Err(err) => {
                eprint!("{}", report::render(&err, style));
                status = ExitStatus::Error;
                continue;
            }
        };
        let formatted = match crate::syntax::format(&src) {
            Ok(f) => f,
            Err(err) => {
                eprint!("{}", report::render(&err.to_diagnostic(&src), style));
                status = ExitStatus::Error;
                continue;
            }
        };
        if path.as_os_str() == "-" {
            crate::output::stdout(formatted.as_bytes())
                .map_err(|e| format!("cannot write output: {e}"))?;
            continue;
        }
        if formatted == src.text() {
            continue;
        }
        if args.check {
            listed.push_str(&format!("{}\n", path.display()));
            status = status.max(ExitStatus::Findings);
        } else {
            crate::output::write_atomic(path, formatted.as_bytes())
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        }
    }
    crate::output::stdout(listed.as_bytes()).map_err(|e| format!("cannot write output: {e}"))?;
    Ok(status)
}
