//! `policyc render`: turn a policy into an output format.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::input::{self, Loaded};
use crate::exit::ExitStatus;
use crate::model::Taxonomy;
use crate::report::{self, Style};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum To {
    /// The resolved model as JSON (the machine export).
    Json,
    /// The resolved model as YAML.
    Yaml,
}

/// Render a policy.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  policyc render examples/jinshang.policy --to json\n  policyc render examples/mengshang.policy --to yaml -o mengshang.yaml")]
pub struct RenderArgs {
    /// The policy file (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub to: To,
    /// Write to this file instead of stdout (written whole or not at all).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn execute(args: RenderArgs) -> Result<ExitStatus, String> {
    let tax = Taxonomy::builtin()?;
    super::set_current_input(&args.file.display().to_string());
    let src = match input::load(&args.file)? {
        Loaded::Source(src) => src,
        Loaded::NotUtf8(src, err) => {
            eprint!("{}", report::render(&err.to_diagnostic(&src), Style::for_stderr()));
            return Ok(ExitStatus::Error);
        }
    };
    let model = match crate::compile(&src, tax) {
        Ok(m) => m,
        Err(errors) => {
            for e in &errors {
                eprint!("{}", report::render(e, Style::for_stderr()));
            }
            return Ok(ExitStatus::Error);
        }
    };
    let mut bytes = match args.to {
        To::Json => serde_json::to_string_pretty(&model).map_err(|e| e.to_string())?,
        To::Yaml => serde_yaml::to_string(&model).map_err(|e| e.to_string())?,
    }
    .into_bytes();
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    match &args.output {
        Some(path) => crate::output::write_atomic(path, &bytes)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?,
        None => crate::output::stdout(&bytes).map_err(|e| format!("cannot write output: {e}"))?,
    }
    Ok(ExitStatus::Clean)
}
