fn main() -> std::process::ExitCode {
    match policyc::cli::parse(std::env::args_os().collect()) {
        Ok(cli) => policyc::cli::run(cli).into(),
        Err(code) => code,
    }
}
