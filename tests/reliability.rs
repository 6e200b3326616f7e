//! Regression tests of issue #12 (reliability), one or more per item, run
//! against the built binary. Items 3, 5 and 8 (directory walks,
//! configuration of `render` and `diff`) are covered where that work lands.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

fn policyc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policyc"));
    c.env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("COLUMNS")
        .env_remove("POLICYC_TEST_PANIC")
        .env_remove("POLICYC_TEST_SLOW_WRITE");
    c
}

/// Run with stdin empty, in `cwd`.
fn run_in(cwd: &Path, args: &[&str]) -> Output {
    policyc()
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

/// Run with `input` on stdin.
fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = policyc()
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// Run a shell command line with `$P` the binary, for redirections the
/// standard library cannot make (`>&-`, `<&-`).
fn sh(script: &str, cwd: &Path) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("P", env!("CARGO_BIN_EXE_policyc"))
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Wait for a child, killing it (and failing) after `limit`: a hang is a bug.
fn wait_or_kill(mut child: Child, limit: Duration, what: &str) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn have_git() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(st.status.success(), "git {args:?}: {}", err(&st));
}

/// The commands whose messages go to stderr, each with its expected exit
/// status: notes of a successful run, compile errors, usage errors.
fn stderr_cases(dir: &Path) -> Vec<(Vec<String>, i32)> {
    let bad = write(dir, "bad.policy", b"policy \"t\" {\n  versoin \"1\"\n}\n");
    let cfg = write(dir, "bad.yaml", b"rulez: {}\n");
    let v1 = example("history/jinshang-v1.policy");
    let strs = |a: &[&str]| a.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        // untranslated-text notes on a successful render
        (
            strs(&[
                "render",
                &example("jinshang.policy"),
                "--to",
                "md",
                "--lang",
                "en",
            ]),
            0,
        ),
        (strs(&["render", s(&bad), "--to", "html"]), 2),
        (strs(&["fmt", "--check", s(&bad)]), 2),
        // "the two versions say the same"
        (strs(&["diff", &v1, &v1, "--format", "md"]), 0),
        (strs(&["diff", s(&bad), &v1]), 2),
        (strs(&["explain", "X999"]), 2),
        (strs(&["check", "--config", s(&cfg), s(&bad)]), 2),
        (strs(&["check", s(&bad)]), 2),
        (strs(&["render", "no-such.policy", "--to", "md"]), 2),
    ]
}

#[test]
fn item_01_stderr_closed_or_full_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    for (args, want) in stderr_cases(dir.path()) {
        // stderr a pipe whose reader is gone (`2>&1 | head -0`)
        let mut child = policyc()
            .args(&args)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        let status = wait_or_kill(child, Duration::from_secs(120), &args.join(" "));
        assert_eq!(status.code(), Some(want), "closed stderr: {args:?}");
        // stderr a full device
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
        if let Ok(full) = full {
            let status = policyc()
                .args(&args)
                .current_dir(root())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(full)
                .status()
                .unwrap();
            assert_eq!(status.code(), Some(want), "/dev/full: {args:?}");
        }
    }
}

#[test]
fn item_01_render_with_notes_writes_the_page_when_stderr_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let mut child = policyc()
        .args([
            "render",
            &example("jinshang.policy"),
            "--to",
            "html",
            "--lang",
            "en",
            "-o",
            s(&page),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = wait_or_kill(child, Duration::from_secs(120), "render -o");
    assert_eq!(status.code(), Some(0));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!doctype html>") && html.ends_with("</html>\n"));
}

#[test]
fn item_01_panic_report_with_stderr_closed_is_still_a_bug_report_not_an_abort() {
    let mut child = policyc()
        .args(["check", &example("minimal.policy")])
        .env("POLICYC_TEST_PANIC", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = wait_or_kill(child, Duration::from_secs(60), "panic");
    // 101: the panic is reported (and its report lost), not a second panic
    // in the hook, which aborts (no exit code, SIGABRT)
    assert_eq!(status.code(), Some(101), "{status:?}");
}

#[test]
fn item_02_output_that_is_the_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = std::fs::read(example("minimal.policy")).unwrap();
    let p = write(d, "p.policy", &text);
    let new = write(
        d,
        "new.policy",
        &std::fs::read(example("history/jinshang-v2.policy")).unwrap(),
    );
    std::os::unix::fs::symlink(&p, d.join("link.policy")).unwrap();
    std::fs::hard_link(&p, d.join("hard.policy")).unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["render", "p.policy", "--to", "md", "-o", "p.policy"],
        vec!["render", "p.policy", "--to", "md", "-o", "./p.policy"],
        vec!["render", "link.policy", "--to", "md", "-o", "p.policy"],
        vec!["render", "p.policy", "--to", "json", "-o", "link.policy"],
        vec!["render", "p.policy", "--to", "html", "-o", "hard.policy"],
        vec!["diff", "p.policy", "new.policy", "-o", "p.policy"],
        vec![
            "diff",
            "p.policy",
            "new.policy",
            "--format",
            "md",
            "-o",
            "new.policy",
        ],
        vec!["diff", "link.policy", "new.policy", "-o", "hard.policy"],
    ];
    for args in cases {
        let o = run_in(d, &args);
        assert_eq!(code(&o), 2, "{args:?}: {}", err(&o));
        assert!(
            err(&o).contains("the output is the input"),
            "{args:?}: {}",
            err(&o)
        );
        assert_eq!(
            std::fs::read(&p).unwrap(),
            text,
            "{args:?} changed the input"
        );
        assert!(std::fs::symlink_metadata(d.join("link.policy"))
            .unwrap()
            .file_type()
            .is_symlink());
    }
    assert_eq!(
        std::fs::read(&new).unwrap(),
        std::fs::read(example("history/jinshang-v2.policy")).unwrap()
    );
    // another file is written as before
    let o = run_in(d, &["render", "p.policy", "--to", "md", "-o", "p.md"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
}

#[test]
fn item_04_a_fifo_given_as_an_argument_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.policy");
    let st = Command::new("mkfifo").arg(&fifo).status();
    if !st.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo is not available; skipping");
        return;
    }
    let old = example("history/jinshang-v1.policy");
    for args in [
        vec!["fmt", s(&fifo)],
        vec!["fmt", "--check", s(&fifo)],
        vec!["check", s(&fifo)],
        vec!["render", s(&fifo), "--to", "md"],
        vec!["diff", &old, s(&fifo)],
    ] {
        let child = policyc()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let status = wait_or_kill(child, Duration::from_secs(30), &args.join(" "));
        assert_eq!(status.code(), Some(2), "{args:?}");
    }
    let o = run(&["fmt", s(&fifo)]);
    assert!(err(&o).contains("named pipe"), "{}", err(&o));
    // a pipe passed as a descriptor has its writer, and is read
    let o = sh(
        &format!(
            "\"$P\" check --format json /dev/stdin < '{}'",
            example("minimal.policy")
        ),
        &root(),
    );
    assert_eq!(code(&o), 1, "{}", err(&o));
    let o = sh(
        &format!(
            "cat '{}' | \"$P\" render /dev/stdin --to md",
            example("minimal.policy")
        ),
        &root(),
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
}

#[test]
fn item_06_fmt_keeps_every_suppression_working() {
    let text = "policy \"示例\" {}\n\
        recipient partners \"合作方\" { // policyc: allow T001 because named in the annex\n\
        \x20 // policyc: allow T002 because the annex has the contact\n\
        \x20 type \"x\"\n\
        }\n\
        function f \"注册\" {\n\
        \x20 collects phone, // policyc: allow I001 because a\n\
        \x20   name // policyc: allow I002 because b\n\
        }\n";
    let codes = |o: &Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut c: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", f["code"], f["message"]))
            .collect();
        c.sort();
        c
    };
    let before = run_stdin(&["check", "--format", "json", "-"], text.as_bytes());
    let formatted = run_stdin(&["fmt", "-"], text.as_bytes());
    assert_eq!(code(&formatted), 0, "{}", err(&formatted));
    // no line holds two comments
    for line in out(&formatted).lines() {
        assert!(
            line.matches("//").count() <= 1,
            "two comments on one line: {line}"
        );
    }
    let after = run_stdin(&["check", "--format", "json", "-"], &formatted.stdout);
    assert_eq!(code(&before), code(&after));
    assert_eq!(codes(&before), codes(&after));
}

#[test]
fn item_07_a_side_is_never_an_option_to_git() {
    if !have_git() {
        eprintln!("note: git is not installed; skipping");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let new = write(
        d,
        "new.policy",
        &std::fs::read(example("minimal.policy")).unwrap(),
    );
    git(d, &["add", "new.policy"]);
    git(d, &["commit", "-q", "-m", "v1"]);
    for side in ["--output=F:x", "-oF:x", "--output=F"] {
        let o = run_in(d, &["diff", "--", side, s(&new)]);
        assert_eq!(code(&o), 2, "{side}: {}", err(&o));
        let o = run_in(d, &["diff", s(&new), "--", side]);
        assert_eq!(code(&o), 2, "{side}: {}", err(&o));
    }
    assert!(!d.join("F").exists(), "git wrote a file named by a side");
    // a revision of the usual kind is still read
    let o = run_in(d, &["diff", "HEAD:new.policy", "new.policy"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
}

#[test]
fn item_09_a_name_repeated_in_a_list_is_reported_once_and_costs_little() {
    let n = 200_000;
    let text = format!(
        "policy \"t\" {{}}\nsdk s \"s\" {{}}\nfunction f \"注册\" {{\n  collects {}\n  sdks s, s\n}}\n",
        vec!["phone"; n].join(", ")
    );
    let start = Instant::now();
    let o = run_stdin(&["render", "-", "--to", "html"], text.as_bytes());
    assert_eq!(code(&o), 2, "{}", err(&o));
    let e = err(&o);
    assert!(e.contains("E212"), "{e}");
    assert!(
        e.contains(&format!("`phone` is listed {n} times in one list")),
        "{e}"
    );
    assert!(e.contains("`s` is listed twice in one list"), "{e}");
    // one error per repeated name, not one per repetition
    assert_eq!(e.matches("E212").count(), 2, "{e}");
    assert!(start.elapsed() < Duration::from_secs(120));
    assert!(out(&o).is_empty());
    // the page is not written: the input does not compile
    let o = run(&["explain", "E212"]);
    assert_eq!(code(&o), 0);
    assert!(out(&o).starts_with("# E212"));
}

#[test]
fn item_10_lone_cr_is_a_line_end() {
    let text = b"policy \"t\" {}\r// a comment\rdata x = phone \"\xe6\x89\x8b\xe6\x9c\xba\"\rfunction f \"f\" {\r  collects phone\r  bogus\r}\r";
    // the comment ends at the CR: `data x` and `function f` are read
    let o = run_stdin(&["check", "--format", "json", "-"], text);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "compile-error")
        .expect("the syntax error after the comment is found");
    assert_eq!(e["code"], "E101");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(6), Some(3))
    );
    // the human report gives the same place
    let o = run_stdin(&["check", "-"], text);
    assert!(err(&o).contains("<stdin>:6:3"), "{}", err(&o));
    // a valid file with lone CRs compiles whole, and fmt makes the line ends LF
    let good = b"policy \"t\" {}\r// a comment\rdata x = phone \"p\"\r";
    let o = run_stdin(&["render", "-", "--to", "json"], good);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(out(&o).contains("\"x\""), "data x is lost");
    let o = run_stdin(&["fmt", "-"], good);
    assert_eq!(
        out(&o),
        "policy \"t\" {}\n\n// a comment\ndata x = phone \"p\"\n"
    );
    let o = run_stdin(&["fmt", "--check", "-"], good);
    assert_eq!(code(&o), 1, "a file with lone CRs is not formatted");
    let formatted = run_stdin(&["fmt", "-"], good).stdout;
    let o = run_stdin(&["fmt", "--check", "-"], &formatted);
    assert_eq!(code(&o), 0);
}

#[test]
fn item_11_the_error_after_a_bodyless_data_line_names_the_enclosing_block() {
    let text = "policy \"t\" {}\ndata a = phone \"手机\"\nfunction f \"x\" {\n  purpose \"p\"\n  bogus 1\n}\n";
    let o = run_stdin(&["check", "-"], text.as_bytes());
    let e = err(&o);
    assert_eq!(code(&o), 2);
    assert!(e.contains("expected a field of `function` or `}`"), "{e}");
    assert!(!e.contains("field of `data`"), "{e}");
}

#[test]
fn item_12_output_to_a_read_only_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ro = write(d, "ro.html", b"keep");
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let v1 = example("history/jinshang-v1.policy");
    let v2 = example("history/jinshang-v2.policy");
    for args in [
        vec!["render", &v1, "--to", "html", "-o", s(&ro)],
        vec!["diff", &v1, &v2, "--format", "html", "-o", s(&ro)],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(err(&o).contains("read-only"), "{}", err(&o));
        assert_eq!(std::fs::read(&ro).unwrap(), b"keep");
    }
    assert_eq!(
        std::fs::read_dir(d).unwrap().count(),
        1,
        "a temporary file was left"
    );
}

#[test]
fn item_13_human_columns_count_characters() {
    // `；` is the 13th character of its line and its 19th byte
    let text = "policy \"t\" {}\nprocessor {\n  name \"某公司\"；\n}\n";
    let o = run_stdin(&["check", "--format", "json", "-"], text.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(13))
    );
    let o = run_stdin(&["check", "-"], text.as_bytes());
    assert!(err(&o).contains("<stdin>:3:13]"), "{}", err(&o));
    // a finding after Chinese text, from a rule
    let text = "policy \"示例\" {}\nrecipient partners \"合作方\" { type \"x\" }\n";
    let o = run_stdin(&["check", "--format", "json", "-"], text.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let human = err(&run_stdin(&["check", "-"], text.as_bytes()));
    for f in v["findings"].as_array().unwrap() {
        let at = format!("<stdin>:{}:{}]", f["line"], f["column"]);
        assert!(human.contains(&at), "{at} not in the human report");
    }
}

#[test]
fn item_14_a_huge_line_is_not_drawn_whole() {
    let dir = tempfile::tempdir().unwrap();
    let big = "很".repeat(1_000_000); // 3 MB on one line
    let text = format!(
        "policy \"t\" {{ text \"{big}\" }}\nrecipient partners \"合作方\" {{ type \"x\" }}\nrecipient other \"x{big}\" {{ type \"y\" }}\n"
    );
    let p = write(dir.path(), "big.policy", text.as_bytes());
    let o = run(&["check", s(&p)]);
    assert_eq!(
        code(&o),
        1,
        "{}",
        err(&o).chars().take(2000).collect::<String>()
    );
    let e = err(&o);
    let findings = e.matches("╭─[").count();
    assert!(findings > 5, "{findings} snippets");
    // every snippet a few lines of at most a few hundred characters
    assert!(
        e.len() < 4000 * findings,
        "{} bytes of report for {findings} snippets",
        e.len()
    );
    // the finding on the long line still shows its span
    assert!(e.contains("recipient other"), "the span is cut off");
}

#[test]
fn item_15_messages_speak_the_language_not_the_grammar() {
    let o = run_stdin(&["check", "-"], b"xyz \"t\"\n");
    let e = err(&o);
    assert_eq!(code(&o), 2);
    assert!(e.contains("expected a declaration"), "{e}");
    // the grammar's whole-file rule is not a thing users write (the
    // `document` declaration is, and is listed among the declarations)
    assert!(!e.contains("expected `document`"), "{e}");
    let o = run_stdin(&["check", "-"], b"polcy \"t\" {}\n");
    assert!(err(&o).contains("did you mean `policy`?"), "{}", err(&o));
    if !have_git() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    std::fs::create_dir(d.join("dir")).unwrap();
    write(
        d,
        "dir/p.policy",
        &std::fs::read(example("minimal.policy")).unwrap(),
    );
    git(d, &["add", "dir"]);
    git(d, &["commit", "-q", "-m", "v1"]);
    let o = run_in(d, &["diff", "HEAD:dir", "dir/p.policy"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("is a directory"), "{}", err(&o));
    assert!(
        !err(&o).contains("E10"),
        "git's tree listing was parsed: {}",
        err(&o)
    );
}

#[test]
fn item_16_invisible_and_confusable_characters_are_named() {
    for (c, name) in [
        ('\u{200B}', "U+200B (zero-width space)"),
        ('\u{200D}', "U+200D (zero-width joiner)"),
        ('\u{200F}', "U+200F (right-to-left mark)"),
        ('\u{00A0}', "U+00A0 (no-break space)"),
        ('\u{2028}', "U+2028 (line separator)"),
        ('\u{043E}', "U+043E, a Cyrillic letter"),
        ('\u{0000}', "U+0000"),
    ] {
        let text = format!("policy \"t\" {{}}\n{c}data a = phone \"x\"\n");
        let o = run_stdin(&["check", "-"], text.as_bytes());
        assert_eq!(code(&o), 2);
        let e = err(&o);
        let message = e.lines().find(|l| l.contains('×')).unwrap_or("");
        assert!(message.contains(name), "{c:?}: {message}");
        assert!(
            !message.contains(&format!("`{c}`")) || c == '\u{043E}',
            "{message}"
        );
    }
}

#[test]
fn item_17_configuration_errors_are_located_and_plain() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = example("minimal.policy");
    let cases: &[(&[u8], &str, &str)] = &[
        (b"- a\n- b\n", "expected a mapping of settings", "cfg.yaml:1:1"),
        (b"taxonomy: [1]\n", "expected a mapping with `classes:`", "cfg.yaml:1:11"),
        (b"rules: {T001: [1]}\n", "expected a single word", "cfg.yaml:1:15"),
        (b"language: zh\n\0\n", "U+0000", "cfg.yaml:2:1"),
        (b"language: zh\n# \xff\n", "not valid UTF-8", "cfg.yaml:2:3"),
        (b"rules:\n  T001: off\n  T001: error\n", "rule `T001` is configured twice", "cfg.yaml:3:3"),
        (b"rules:\n  T001: off\n  t001: error\n", "rule `t001` is configured twice", "cfg.yaml:3:3"),
        (b"language: zh\nlanguage: en\n", "key `language` is given twice", "cfg.yaml:2:1"),
        // item 16 in a configuration: the invisible character is named
        ("rules\u{200B}:\n  T001: off\n".as_bytes(), "unknown key `rules<U+200B>`", "cfg.yaml:1:1"),
        (
            b"taxonomy:\n  classes:\n    - { code: \"has space\", zh: x, en: x, sensitive: false }\n",
            "taxonomy name `has space` cannot be written in a policy",
            "cfg.yaml:3:16",
        ),
        (
            b"taxonomy:\n  classes:\n    - { code: \"\", zh: x, en: x, sensitive: false }\n",
            "taxonomy name `` cannot be written",
            "cfg.yaml:3:",
        ),
        (
            b"taxonomy:\n  items:\n    - { id: a.b, class: biometric, zh: x, en: x, sensitive: false }\n",
            "taxonomy name `a.b` cannot be written",
            "cfg.yaml:3:13",
        ),
    ];
    for (yaml, message, at) in cases {
        write(d, "cfg.yaml", yaml);
        let o = run_in(d, &["check", "--config", "cfg.yaml", &p]);
        let e = err(&o);
        assert_eq!(code(&o), 2, "{e}");
        assert!(e.contains(message), "{message}: {e}");
        assert!(e.contains(at), "{at}: {e}");
        for rust in ["struct", "RawConfig", "RawTaxonomy", "YAML tag"] {
            assert!(!e.contains(rust), "{rust}: {e}");
        }
    }
    // a valid extension still loads
    write(
        d,
        "cfg.yaml",
        b"taxonomy:\n  classes:\n    - { code: loyalty, zh: x, en: x, sensitive: false }\n",
    );
    let o = run_in(d, &["check", "--config", "cfg.yaml", &p]);
    assert_eq!(code(&o), 1, "{}", err(&o));
}

#[test]
fn item_18_one_style_for_input_errors_and_every_message_has_a_subject() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for args in [
        vec!["check", "nope.policy"],
        vec!["render", "nope.policy", "--to", "md"],
        vec!["fmt", "nope.policy"],
        vec!["diff", "nope.policy", "nope.policy"],
    ] {
        let o = run_in(d, &args);
        assert_eq!(code(&o), 2);
        let e = err(&o);
        assert!(e.contains("`nope.policy`: no such file"), "{args:?}: {e}");
        assert!(!e.contains("os error"), "{args:?}: {e}");
    }
    if Path::new("/dev/full").exists() {
        for args in [&["taxonomy"][..], &["rules"], &["explain", "T001"]] {
            let o = sh(&format!("\"$P\" {} > /dev/full", args.join(" ")), d);
            assert_eq!(code(&o), 2, "{args:?}");
            assert!(
                err(&o).contains("cannot write output: no space left on device"),
                "{}",
                err(&o)
            );
        }
    }
    std::fs::create_dir(d.join("emptydir")).unwrap();
    for cmd in ["check", "fmt"] {
        let o = run_in(d, &[cmd, "emptydir"]);
        assert_eq!(code(&o), 2);
        assert!(
            err(&o).contains("no `.policy` files found in `emptydir`"),
            "{}",
            err(&o)
        );
    }
}

#[test]
fn item_19_a_git_blob_is_capped_like_a_file() {
    if !have_git() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let mut big = b"policy \"x\" {}\n".to_vec();
    big.resize(64 * 1024 * 1024 + 1, b' ');
    write(d, "big.policy", &big);
    git(d, &["add", "big.policy"]);
    git(d, &["commit", "-q", "-m", "big"]);
    let small = write(d, "small.policy", b"policy \"x\" {}\n");
    let o = run_in(d, &["diff", "HEAD:big.policy", s(&small)]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("is larger than 64 MiB"), "{}", err(&o));
}

/// Start `render -o out.html` with the write slowed down, wait for its
/// temporary file, send `signal`, and check that it is gone.
fn interrupted_write(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let target = d.join("out.html");
    std::fs::write(&target, "old").unwrap();
    let child = policyc()
        .args([
            "render",
            &example("minimal.policy"),
            "--to",
            "html",
            "-o",
            s(&target),
        ])
        .env("POLICYC_TEST_SLOW_WRITE", "60")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let tmp_exists = || {
        std::fs::read_dir(d)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
    };
    let start = Instant::now();
    while !tmp_exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let st = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let status = wait_or_kill(child, Duration::from_secs(30), signal);
    assert_eq!(status.code(), Some(130), "{signal}: {status:?}");
    assert!(!tmp_exists(), "{signal}: the temporary file was left");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
}

#[test]
fn item_20_an_interrupted_write_leaves_no_temporary_file() {
    interrupted_write("TERM");
    interrupted_write("INT");
}

#[test]
fn item_21_a_long_file_name_is_written() {
    let dir = tempfile::tempdir().unwrap();
    // 250 bytes: the name fits NAME_MAX (255), `.NAME.PID.tmp` would not
    let name = format!("{}.html", "页".repeat(80) + "abcde");
    assert_eq!(name.len(), 250);
    let target = dir.path().join(&name);
    let o = run(&[
        "render",
        &example("minimal.policy"),
        "--to",
        "html",
        "-o",
        s(&target),
    ]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .starts_with("<!doctype html>"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // and fmt rewrites a policy with a long name
    let p = dir.path().join(format!("{}.policy", "x".repeat(240)));
    std::fs::write(&p, "policy   \"t\" {}\n").unwrap();
    let o = run(&["fmt", s(&p)]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "policy \"t\" {}\n");
}

#[test]
fn item_22_replacing_a_file_keeps_owner_and_links_and_never_fills_a_dangling_link() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let v1 = example("history/jinshang-v1.policy");
    // hard links: every name sees the new page
    let page = write(d, "page.md", b"old");
    std::fs::hard_link(&page, d.join("other.md")).unwrap();
    let o = run(&["render", &v1, "--to", "md", "-o", s(&page)]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let new = std::fs::read(&page).unwrap();
    assert_ne!(new, b"old");
    assert_eq!(std::fs::read(d.join("other.md")).unwrap(), new);
    assert_eq!(std::fs::metadata(&page).unwrap().nlink(), 2);
    // fmt through a hard link
    let p = write(d, "p.policy", b"policy   \"t\" {}\n");
    std::fs::hard_link(&p, d.join("q.policy")).unwrap();
    let o = run(&["fmt", s(&p)]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("q.policy")).unwrap(),
        "policy \"t\" {}\n"
    );
    // a dangling symbolic link is refused, not replaced by a file
    let link = d.join("dangling.html");
    std::os::unix::fs::symlink(d.join("missing.html"), &link).unwrap();
    let o = run(&["render", &v1, "--to", "html", "-o", s(&link)]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("symbolic link"), "{}", err(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!d.join("missing.html").exists());
    // the owner is kept (as root, who may give a file away)
    let owned = write(d, "owned.html", b"old");
    let is_root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let chown = Command::new("chown")
        .args(["1234:1234", s(&owned)])
        .status();
    if is_root && chown.is_ok_and(|s| s.success()) {
        let o = run(&["render", &v1, "--to", "html", "-o", s(&owned)]);
        assert_eq!(code(&o), 0, "{}", err(&o));
        let m = std::fs::metadata(&owned).unwrap();
        assert_eq!((m.uid(), m.gid()), (1234, 1234));
        assert_ne!(std::fs::read(&owned).unwrap(), b"old");
    } else {
        eprintln!("note: not root; the owner test is skipped");
    }
}

#[test]
fn item_23_titles_and_yaml_say_what_they_mean() {
    let o = run_stdin(
        &["render", "-", "--to", "html"],
        b"policy \"a\x01b\\u{0}c\" {}\n",
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    let html = out(&o);
    let title = html
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    assert_eq!(title, "a\u{FFFD}b\u{FFFD}c");
    assert!(!title.contains('\u{1}') && !title.contains('\u{0}'));
    for word in ["yes", "no", "on", "off", "Y", "true", "12:30"] {
        let text = format!("policy \"{word}\" {{ version \"{word}\" }}\n");
        let o = run_stdin(&["render", "-", "--to", "yaml"], text.as_bytes());
        assert_eq!(code(&o), 0, "{}", err(&o));
        let yaml = out(&o);
        assert!(
            yaml.contains(&format!("'{word}'")),
            "{word} unquoted:\n{yaml}"
        );
        assert!(
            !yaml.contains(&format!(": {word}\n")),
            "{word} unquoted:\n{yaml}"
        );
    }
}

#[test]
fn item_24_stdin_once_closed_streams_are_errors() {
    let min = example("minimal.policy");
    for args in [
        vec!["check", "-", "-"],
        vec!["diff", "-", "-"],
        vec!["fmt", "-", "-"],
    ] {
        let o = run_stdin(&args, b"policy \"t\" {}\n");
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(
            err(&o).contains("standard input (`-`) can be read only once"),
            "{}",
            err(&o)
        );
        assert!(!err(&o).contains("E208"));
    }
    for cmd in [
        "check -",
        "render - --to md",
        "fmt -",
        &format!("diff - '{min}'"),
    ] {
        let o = sh(&format!("exec \"$P\" {cmd} <&-"), &root());
        assert_eq!(code(&o), 2, "{cmd}");
        assert!(
            err(&o).contains("cannot read standard input: it is closed"),
            "{cmd}: {}",
            err(&o)
        );
        assert!(!err(&o).contains("E208"), "{cmd}");
    }
    for cmd in [
        format!("render '{min}' --to html"),
        format!("check --format json '{min}'"),
        format!("check --format sarif '{min}'"),
        format!("fmt - < '{min}'"),
    ] {
        let o = sh(&format!("exec \"$P\" {cmd} >&-"), &root());
        assert_eq!(code(&o), 2, "{cmd}: {}", err(&o));
        assert!(
            err(&o).contains("standard output is closed"),
            "{cmd}: {}",
            err(&o)
        );
    }
    // `>/dev/null` is a place to write to, not a closed stream
    let o = sh(
        &format!("exec \"$P\" render '{min}' --to html >/dev/null"),
        &root(),
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
}
