//! The integration tests: one test binary (built and linked once), one
//! module per concern. Each module runs the library or the built `policyc`
//! binary against the fixtures in `tests/fixtures/`; insta snapshots live in
//! `tests/snapshots/` under the module's name.

mod bad_input;
mod baseline;
mod check_cli;
mod ci_formats;
mod cli;
mod cli_help;
mod compile;
mod corpus_expect;
mod diff;
mod diff_coverage;
mod diff_real;
mod environment;
mod examples;
mod explain_zh;
mod fmt;
mod fuzz_regressions;
mod grouping;
mod i18n;
mod init;
mod output_safety;
mod parallel;
mod registry;
mod reliability;
mod render;
mod render_faithful;
mod resolve;
mod rules;
mod verify;
