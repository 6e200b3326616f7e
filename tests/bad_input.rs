//! Bad input: every file of the corpus (tests/fixtures/bad/, plus inputs
//! generated here: a 10 MB string, 100,000 declarations, 100,000 nested
//! braces, truncated copies of every example) ends with exit 2 and a located
//! message, or a clean result where the input is valid — never a panic, a
//! stack overflow or a hang.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(30);

struct Outcome {
    code: i32,
    stderr: String,
}

/// Run the binary with a watchdog: a run over the limit is killed and fails.
fn run(args: &[&str]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let mut stderr = stderr;
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > LIMIT {
            child.kill().ok();
            panic!("policyc {args:?} ran longer than {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Outcome {
        code: status.code().unwrap_or(-1),
        stderr: reader.join().unwrap(),
    }
}

/// The contract for one input file.
fn assert_handled(path: &Path, valid: bool) {
    let p = path.to_str().unwrap();
    for args in [vec!["check", p], vec!["render", p, "--to", "json"]] {
        let out = run(&args);
        let shown = out.stderr.chars().take(2000).collect::<String>();
        assert!(
            !out.stderr.contains("panicked") && !out.stderr.contains("this is a bug"),
            "{args:?} panicked:\n{shown}"
        );
        assert!(!out.stderr.contains("overflow"), "{args:?}:\n{shown}");
        if valid {
            assert!(
                out.code == 0 || out.code == 1,
                "{args:?}: exit {} for valid input:\n{shown}",
                out.code
            );
        } else {
            assert_eq!(out.code, 2, "{args:?}: expected exit 2:\n{shown}");
            let name = path.file_name().unwrap().to_str().unwrap();
            let located = out
                .stderr
                .lines()
                .any(|l| l.contains(name) && l.contains(':'))
                && out.stderr.contains("help:");
            assert!(
                located,
                "{args:?}: no located message with a help line:\n{shown}"
            );
        }
    }
}

#[test]
fn corpus_files() {
    let mut n = 0;
    for entry in std::fs::read_dir("tests/fixtures/bad").unwrap() {
        let path = entry.unwrap().path();
        let valid = path.to_string_lossy().ends_with(".valid.policy");
        assert_handled(&path, valid);
        n += 1;
    }
    assert!(n >= 10);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_ten_megabyte_string() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::from("policy \"大字符串\" {\n  text \"");
    s.push_str(&"隐私".repeat(10 * 1024 * 1024 / 6));
    s.push_str("\"\n}\n");
    assert_handled(&write(dir.path(), "big-string.policy", s.as_bytes()), true);
    // the same string, never closed
    let open = s
        .trim_end()
        .trim_end_matches('}')
        .trim_end()
        .trim_end_matches('"');
    assert_handled(
        &write(dir.path(), "big-open-string.policy", open.as_bytes()),
        false,
    );
}

#[test]
fn a_hundred_thousand_declarations() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::from("policy \"多\" {}\n");
    for i in 0..100_000 {
        s.push_str(&format!("section s{i} \"第{i}节\" {{ text \"内容\" }}\n"));
    }
    assert_handled(&write(dir.path(), "many.policy", s.as_bytes()), true);
    // and one duplicate among them: every error reported, quickly
    s.push_str("section s5 \"重复\" {}\n");
    assert_handled(&write(dir.path(), "many-dup.policy", s.as_bytes()), false);
}

#[test]
fn deep_nesting() {
    let dir = tempfile::tempdir().unwrap();
    let s = format!(
        "policy \"深\" {}{}",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    assert_handled(&write(dir.path(), "deep.policy", s.as_bytes()), false);
    let s = "[".repeat(100_000);
    assert_handled(&write(dir.path(), "brackets.policy", s.as_bytes()), false);
}

#[test]
fn truncated_examples() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["minimal", "mengshang", "jinshang"] {
        let bytes = std::fs::read(format!("examples/{name}.policy")).unwrap();
        let len = bytes.len();
        let mut cuts: Vec<usize> = vec![1, len / 7, len / 3, len / 2, len * 5 / 6, len - 2];
        // a cut in the middle of a multi-byte character
        if let Some(i) = bytes.iter().position(|b| *b >= 0xE0) {
            cuts.push(i + 1);
        }
        for cut in cuts {
            let cut = cut.min(len);
            let path = write(dir.path(), &format!("{name}-{cut}.policy"), &bytes[..cut]);
            let text_ok = std::str::from_utf8(&bytes[..cut]).is_ok();
            // a cut can land where the rest is still a valid policy (after a closing brace)
            let compiles = text_ok
                && policyc::compile(
                    &policyc::source::SourceFile::new(
                        "t",
                        std::str::from_utf8(&bytes[..cut]).unwrap(),
                    ),
                    policyc::model::Taxonomy::builtin().unwrap(),
                )
                .is_ok();
            assert_handled(&path, compiles);
        }
    }
}
