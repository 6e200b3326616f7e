//! The command line: argument parsing and the glue between files, the
//! pipeline and the terminal. Only this module does I/O.

mod check;
mod completions;
mod config;
mod diff;
mod explain;
mod fmt;
mod init;
mod input;
mod render;
mod rules;
mod taxonomy;
mod verify;
pub mod zh;

use clap::{Parser, Subcommand};

use crate::exit::ExitStatus;
use crate::lang::Lang;
use crate::messages::Msg;

/// policyc: compile, check, render, compare and verify privacy policies written as code.
#[derive(Debug, Parser)]
#[command(
    name = "policyc",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = "Examples:\n  \
        policyc init --app-type online-lending --sector consumer-finance   # config + skeleton policy\n  \
        policyc check policy/                              # exit 0 clean, 1 findings, 2 errors\n  \
        policyc check policy/ --update-baseline            # accept today's findings\n  \
        policyc check policy/ --baseline policyc-baseline.json --format sarif -o policyc.sarif\n  \
        policyc render policy/app.policy --to html --lang en -o privacy.html\n  \
        policyc diff v1.0:policy/app.policy HEAD:policy/app.policy --fail-on consent\n  \
        policyc explain S002\n  \
        policyc fmt policy/\n  \
        policyc rules\n  \
        policyc taxonomy --app-types\n  \
        policyc completions bash\n\n\
        Each command's --help has more examples; docs/getting-started.md starts from a prose policy."
)]
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
    Init(init::InitArgs),
    Rules(rules::RulesArgs),
    Taxonomy(taxonomy::TaxonomyArgs),
    Verify(verify::VerifyArgs),
    Completions(completions::CompletionsArgs),
}

/// The number of cores: one file's parse and rules may use them all;
/// `check` of several files uses them for the files instead.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl Command {
    /// The language the command was asked to speak (`--lang`), if any.
    fn lang(&self) -> Option<Lang> {
        match self {
            Command::Check(a) => a.lang,
            Command::Render(a) => a.lang.first().copied(),
            Command::Diff(a) => a.lang,
            Command::Explain(a) => a.lang,
            Command::Fmt(a) => a.lang,
            Command::Init(a) => Some(a.lang),
            Command::Rules(a) => a.lang,
            Command::Verify(a) => a.lang,
            Command::Taxonomy(_) | Command::Completions(_) => None,
        }
    }

    /// The configuration file named with `--config`, if any.
    fn config(&self) -> Option<&std::path::Path> {
        match self {
            Command::Check(a) => a.config.as_deref(),
            Command::Render(a) => a.config.as_deref(),
            Command::Diff(a) => a.config.as_deref(),
            Command::Explain(a) => a.config.as_deref(),
            Command::Rules(a) => a.config.as_deref(),
            Command::Verify(a) => a.config.as_deref(),
            _ => None,
        }
    }
}

/// The language of the command line's own messages (errors, notes, the
/// summary line): `--lang`, else the `language` of the configuration
/// (`--config`, else the nearest `policyc.yaml` upward from the current
/// directory), else English. Set once per run by [`run`].
static RUN_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// The language of this run's own messages.
pub(crate) fn lang() -> Lang {
    RUN_LANG.get().copied().unwrap_or(Lang::En)
}

/// A message of the catalogue in this run's language.
pub(crate) fn say(msg: Msg) -> String {
    msg.render(lang())
}

fn run_lang(command: &Command) -> Lang {
    if let Some(l) = command.lang() {
        return l;
    }
    // A configuration that cannot be read is reported by the command itself.
    config::for_file(command.config(), None, std::path::Path::new("."))
        .ok()
        .and_then(|c| c.language)
        .unwrap_or(Lang::En)
}

/// Parse the command line. Help, version and usage errors are written here,
/// in the run's language ([`zh::lang_of_args`]), and end the run with their
/// status (0 for help and version, 2 for a usage error). The arguments are
/// parsed in English first: a run that parses pays nothing for Chinese.
pub fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, std::process::ExitCode> {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = Cli::command();
    let err = match cmd
        .try_get_matches_from_mut(args.iter())
        .and_then(|m| Cli::from_arg_matches(&m).map_err(|e| e.format(&mut cmd)))
    {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    let code = std::process::ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    let zh = (zh::lang_of_args(&args) == Lang::Zh)
        .then(zh::data)
        .and_then(Result::ok);
    let Some(zh) = zh else {
        // English: clap's own text (a closed stream is an error it returns)
        let _ = err.print();
        return Err(code);
    };
    let mut cmd = zh::translate(Cli::command(), &zh);
    let err = match cmd.try_get_matches_from_mut(args.iter()) {
        Ok(_) => err,
        Err(e) => e,
    };
    let text = match err.kind() {
        clap::error::ErrorKind::DisplayHelp
        | clap::error::ErrorKind::DisplayVersion
        | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            err.render().to_string()
        }
        _ => zh::usage_error(&err),
    };
    if err.use_stderr() {
        crate::output::eprint(&text);
    } else {
        let _ = crate::output::stdout(text.as_bytes());
    }
    Err(code)
}

/// Run a parsed command line and say how it ended.
pub fn run(cli: Cli) -> ExitStatus {
    install_panic_hook();
    let _ = RUN_LANG.set(run_lang(&cli.command));
    let result = match cli.command {
        Command::Check(args) => check::execute(args),
        Command::Render(args) => render::execute(args),
        Command::Diff(args) => diff::execute(args),
        Command::Explain(args) => explain::execute(args),
        Command::Fmt(args) => fmt::execute(args),
        Command::Init(args) => init::execute(args),
        Command::Rules(args) => rules::execute(args),
        Command::Taxonomy(args) => taxonomy::execute(args),
        Command::Verify(args) => verify::execute(args),
        Command::Completions(args) => completions::execute(args),
    };
    match result {
        Ok(status) => status,
        Err(message) => {
            crate::output::eprintln(&say(crate::msg!("cli.error", message = message)));
            ExitStatus::Error
        }
    }
}

thread_local! {
    /// The input this thread is processing, for the panic message (the hook
    /// runs on the panicking thread; `check` works on several at once).
    static CURRENT_INPUT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The input named last on any thread: for a panic on a helper thread of one
/// file's parse or check, which has no input of its own.
static LAST_INPUT: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

pub(crate) fn set_current_input(name: &str) {
    CURRENT_INPUT.with(|c| {
        if let Ok(mut g) = c.try_borrow_mut() {
            name.clone_into(&mut g);
        }
    });
    if let Ok(mut g) = LAST_INPUT.lock() {
        name.clone_into(&mut g);
    }
    // Hidden, for tests/output_safety.rs: shows what a panic looks like.
    // `1` panics on any input, any other value on inputs whose name has it.
    if let Some(v) = std::env::var_os("POLICYC_TEST_PANIC") {
        let v = v.to_string_lossy();
        if v == "1" || name.contains(v.as_ref()) {
            panic!("POLICYC_TEST_PANIC is set");
        }
    }
}

/// A panic is a bug in policyc: say so briefly, with the input that caused it.
fn install_panic_hook() {
    // RUST_BACKTRACE=1 (or full) asks for the standard report; 0 does not
    if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let input = CURRENT_INPUT
            .try_with(|c| c.try_borrow().map(|g| g.clone()).unwrap_or_default())
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| LAST_INPUT.lock().ok().map(|g| g.clone()))
            .unwrap_or_default();
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // never `eprintln!`: a panic while panicking (stderr closed) aborts
        let mut message = say(crate::msg!("cli.panic", location = location));
        message.push('\n');
        if !input.is_empty() {
            message.push_str(&say(crate::msg!("cli.panic-input", input = input)));
            message.push('\n');
        }
        message.push_str(&say(crate::msg!("cli.panic-report")));
        message.push('\n');
        crate::output::eprint(&message);
    }));
}
