//! Bad input: every file of the corpus (tests/fixtures/bad/, plus inputs
//! generated here: a 10 MB string, 100,000 declarations, 100,000 nested
//! braces, truncated copies of every example) ends with exit 2 and a located
//! message, or a clean result where the input is valid — never a panic, a
//! stack overflow or a hang.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The watchdog against hangs, not a speed test (speed is measured by
/// `cargo bench` and scripts/bench.sh). A debug build of `check` takes
/// several seconds on the 10 MB string alone, and these tests run side by
/// side on a shared 2-core machine; a hang, or a quadratic blow-up at these
/// sizes, takes far longer than the limit.
const LIMIT: Duration = Duration::from_secs(400);

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

/// Whether `text` names `name:LINE:COL`.
fn located(text: &str, name: &str) -> bool {
    text.match_indices(&format!("{name}:")).any(|(i, m)| {
        let rest = &text[i + m.len()..];
        let line = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = &rest[line..];
        line > 0
            && after.starts_with(':')
            && after[1..]
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_digit())
    })
}

/// Whether the file decodes and parses (what `fmt` needs).
fn parses(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    policyc::decode("t", bytes).is_ok_and(|src| policyc::syntax::parse(&src).is_ok())
}

/// The contract for one input file: `check` and `render --to json` end
/// with exit 2 and a located message with help, or (valid input) 0 or 1;
/// `fmt --check` the same, by whether the file parses. Never a panic, a
/// stack overflow or a run over the time limit.
fn assert_handled(path: &Path, valid: bool) {
    let p = path.to_str().unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    let parses = parses(path);
    assert!(!valid || parses, "{name}: valid but does not parse");
    for (args, ok) in [
        (vec!["check", p], valid),
        (vec!["render", p, "--to", "json"], valid),
        (vec!["fmt", "--check", p], parses),
    ] {
        let out = run(&args);
        let shown = out.stderr.chars().take(2000).collect::<String>();
        assert!(
            !out.stderr.contains("panicked") && !out.stderr.contains("this is a bug"),
            "{args:?} panicked:\n{shown}"
        );
        assert!(!out.stderr.contains("overflow"), "{args:?}:\n{shown}");
        if ok {
            assert!(
                out.code == 0 || out.code == 1,
                "{args:?}: exit {} for valid input:\n{shown}",
                out.code
            );
        } else {
            assert_eq!(out.code, 2, "{args:?}: expected exit 2:\n{shown}");
            assert!(
                located(&out.stderr, name) && out.stderr.contains("help:"),
                "{args:?}: no `{name}:line:col` message with a help line:\n{shown}"
            );
        }
    }
}

/// A named pipe or a socket given as an input: refused at once (exit 2,
/// naming the file), never waited on (issue #12, item 4).
#[test]
fn non_regular_files_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.policy");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let socket = dir.path().join("socket.policy");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let mut paths = vec![socket];
    if made.is_ok_and(|s| s.success()) {
        paths.push(fifo);
    }
    for path in &paths {
        let p = path.to_str().unwrap();
        for args in [
            vec!["check", p],
            vec!["render", p, "--to", "json"],
            vec!["fmt", "--check", p],
            vec!["fmt", p],
        ] {
            let out = run(&args);
            assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
            assert!(out.stderr.contains(p), "{args:?}: {}", out.stderr);
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
        // in the middle of a multi-byte character, early and late
        if let Some(i) = bytes.iter().position(|b| *b >= 0xE0) {
            cuts.push(i + 1);
        }
        if let Some(i) = bytes.iter().rposition(|b| *b >= 0xE0) {
            cuts.push(i + 2);
        }
        // just inside the first block, and inside the first triple-quoted string
        let find = |needle: &[u8]| bytes.windows(needle.len()).position(|w| w == needle);
        if let Some(i) = find(b"{") {
            cuts.push(i + 1);
        }
        if let Some(i) = find(b"\"\"\"") {
            cuts.extend([i + 1, i + 3, i + 10]);
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

#[test]
fn long_lines_chains_and_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 100,000 fields on one line
    let mut s = String::from("policy \"长\" {}\nsection s \"一行\" {");
    for i in 0..100_000 {
        s.push_str(&format!(" text \"第{i}段\""));
    }
    s.push_str(" }\n");
    assert_handled(&write(d, "one-line-fields.policy", s.as_bytes()), true);
    // a comment of a million characters, and a list of 100,000 items
    let s = format!("policy \"长\" {{}}\n//{}\n", "注释".repeat(500_000));
    assert_handled(&write(d, "long-comment.policy", s.as_bytes()), true);
    let mut s = String::from("policy \"长\" {}\n");
    for i in 0..100_000 {
        s.push_str(&format!("data d{i} = phone \"手机号\"\n"));
    }
    let names: Vec<String> = (0..100_000).map(|i| format!("d{i}")).collect();
    s.push_str(&format!(
        "function f \"f\" {{ collects required {} }}\n",
        names.join(", ")
    ));
    assert_handled(&write(d, "long-list.policy", s.as_bytes()), true);
    // one name repeated 100,000 times: E212, once (issue #12, item 9)
    let s = format!(
        "policy \"长\" {{}}\nfunction f \"f\" {{ collects required {} }}\n",
        vec!["phone"; 100_000].join(", ")
    );
    let path = write(d, "repeated-list.policy", s.as_bytes());
    assert_handled(&path, false);
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(out.stderr.matches("E212").count(), 1, "{}", out.stderr);
    // a chain of 20,000 SDKs, each part of the one before, and cycles
    let mut s = String::from("policy \"链\" {}\nsdk s0 \"s\" { provider \"p\" }\n");
    for i in 1..20_000 {
        s.push_str(&format!("sdk s{i} \"s{i}\" {{ part-of s{} }}\n", i - 1));
    }
    assert_handled(&write(d, "sdk-chain.policy", s.as_bytes()), true);
    let s = "policy \"环\" {}\nsdk a \"a\" { part-of b }\nsdk b \"b\" { part-of a }\n";
    assert_handled(&write(d, "sdk-cycle.policy", s.as_bytes()), true);
    let s = "policy \"环\" {}\ndata a = b \"甲\"\ndata b = a \"乙\"\n";
    assert_handled(&write(d, "data-cycle.policy", s.as_bytes()), false);
    // 100,000 unclosed strings, one per line
    let s = format!(
        "policy \"开\" {{}}\n{}",
        "section s \"x { text \"y\n".repeat(100_000)
    );
    assert_handled(&write(d, "open-strings.policy", s.as_bytes()), false);
}

#[test]
fn endless_and_oversized_inputs_are_refused() {
    // /dev/zero never ends: the read stops after the 64 MiB limit
    if Path::new("/dev/zero").exists() {
        for cmd in [
            &["check", "/dev/zero"][..],
            &["render", "/dev/zero", "--to", "md"],
            &["fmt", "--check", "/dev/zero"],
        ] {
            let out = run(cmd);
            assert_eq!(out.code, 2, "{cmd:?}: {}", out.stderr);
            assert!(
                out.stderr.contains("`/dev/zero` is larger than 64 MiB"),
                "{cmd:?}: {}",
                out.stderr
            );
        }
    }
    // one byte over the limit is refused, a file at the limit is read
    let dir = tempfile::tempdir().unwrap();
    let mut big = b"policy \"x\" {}\n".to_vec();
    big.resize(64 * 1024 * 1024 + 1, b' ');
    let over = write(dir.path(), "over.policy", &big);
    let out = run(&["check", "--format", "json", over.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("is larger than 64 MiB"),
        "{}",
        out.stderr
    );
    big.truncate(64 * 1024 * 1024);
    let at = write(dir.path(), "at.policy", &big);
    let out = run(&["check", "--format", "json", at.to_str().unwrap()]);
    assert_ne!(out.code, 2, "{}", out.stderr);
}
