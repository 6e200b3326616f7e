//! Dev tool, not part of policyc: print a synthetic but valid policy of about
//! a given size, for the benchmarks. A bench target (harness = false) so that
//! it is built only by `cargo bench`, never by `cargo build` or `cargo test`:
//!
//! ```text
//! cargo bench --bench gen-policy -- --size 1MB --seed 1 > big.policy
//! cargo bench --bench gen-policy -- --dir many/ --count 1000
//! ```
//!
//! With `--dir`, it writes `--count` policies `p0001.policy`… of 20 KB to
//! 100 KB each (file `n` has seed `n` and size 20 KB + (n × 37 mod 81) KB).
//!
//! The same size and seed give the same bytes. Run bare (as a plain
//! `cargo bench` does) it prints nothing.

#[path = "support/generator.rs"]
mod generator;

use std::io::Write as _;

fn main() -> std::process::ExitCode {
    let mut size = None;
    let mut seed = 1u64;
    let mut dir = None;
    let mut count = 1000usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--size" => size = args.next().as_deref().and_then(generator::parse_size),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(1),
            "--dir" => dir = args.next().map(std::path::PathBuf::from),
            "--count" => count = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000),
            // cargo passes `--bench` to every bench target.
            "--bench" => {}
            other => {
                eprintln!("gen-policy: unknown argument `{other}`; usage: --size 1MB [--seed N]");
                return std::process::ExitCode::from(2);
            }
        }
    }
    if let Some(dir) = dir {
        return many(&dir, count);
    }
    let Some(size) = size else {
        eprintln!("gen-policy: nothing to do without `--size` (e.g. `--size 1MB --seed 1`)");
        return std::process::ExitCode::SUCCESS;
    };
    let text = generator::generate(size, seed);
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).is_err() {
        return std::process::ExitCode::from(1);
    }
    std::process::ExitCode::SUCCESS
}

/// `count` policies of 20–100 KB in `dir`.
fn many(dir: &std::path::Path, count: usize) -> std::process::ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("gen-policy: cannot create `{}`: {e}", dir.display());
        return std::process::ExitCode::from(1);
    }
    for n in 1..=count {
        let size = (20 + (n * 37) % 81) * 1024;
        let path = dir.join(format!("p{n:04}.policy"));
        if let Err(e) = std::fs::write(&path, generator::generate(size, n as u64)) {
            eprintln!("gen-policy: cannot write `{}`: {e}", path.display());
            return std::process::ExitCode::from(1);
        }
    }
    std::process::ExitCode::SUCCESS
}
