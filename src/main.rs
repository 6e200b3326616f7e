use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = policyc::cli::Cli::parse();
    policyc::cli::run(cli).into()
}
