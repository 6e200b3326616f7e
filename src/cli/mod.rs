//! The command line: argument parsing and the glue between files, the
//! pipeline and the terminal. Only this module does I/O.

mod check;
mod completions;
mod diff;
mod explain;
mod fmt;
mod input;
mod render;
mod rules;
mod taxonomy;

use clap::{Parser, Subcommand};

use crate::exit::ExitStatus;

/// policyc: compile, check, render and compare privacy policies written as code.
#[derive(Debug, Parser)]
#[command(name = "policyc", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::CheckArgs),
    Render(render::RenderArgs),
    Diff(diff::DiffArgs),
    Explain(explain::ExplainArgs),
    Fmt(fmt::FmtArgs),
    Rules(rules::RulesArgs),
    Taxonomy(taxonomy::TaxonomyArgs),
    Completions(completions::CompletionsArgs),
}

/// Run a parsed command line and say how it ended.
pub fn run(cli: Cli) -> ExitStatus {
    install_panic_hook();
    let result = match cli.command {
        Command::Check(args) => check::execute(args),
        Command::Render(args) => render::execute(args),
        Command::Diff(args) => diff::execute(args),
        Command::Explain(args) => explain::execute(args),
        Command::Fmt(args) => fmt::execute(args),
        Command::Rules(args) => rules::execute(args),
        Command::Taxonomy(args) => taxonomy::execute(args),
        Command::Completions(args) => completions::execute(args),
    };
    match result {
        Ok(status) => status,
        Err(message) => {
            eprintln!("error: {message}");
            ExitStatus::Error
        }
    }
}

/// The input being processed, for the panic message.
static CURRENT_INPUT: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

pub(crate) fn set_current_input(name: &str) {
    if let Ok(mut g) = CURRENT_INPUT.lock() {
        name.clone_into(&mut g);
    }
    // Hidden, for tests/output_safety.rs: shows what a panic looks like.
    if std::env::var_os("POLICYC_TEST_PANIC").is_some() {
        panic!("POLICYC_TEST_PANIC is set");
    }
}

/// A panic is a bug in policyc: say so briefly, with the input that caused it.
fn install_panic_hook() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let input = CURRENT_INPUT.lock().map(|g| g.clone()).unwrap_or_default();
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: this is a bug in policyc{location}");
        if !input.is_empty() {
            eprintln!("  while processing: {input}");
        }
        eprintln!("  please report it with the input file; set RUST_BACKTRACE=1 for a backtrace");
    }));
}
