//! Output safety: failed writes leave nothing behind, a closed stdout is not
//! an error, a panic is reported briefly as a bug.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::process::{Command, Stdio};

fn policyc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policyc"));
    c.env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
    c
}

#[test]
fn unwritable_output_path_is_exit_2_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    // a path below a regular file cannot be created, even by root
    let target = file.join("page.html");
    for to in ["html", "md", "json"] {
        let out = policyc()
            .args([
                "render",
                "examples/minimal.policy",
                "--to",
                to,
                "-o",
                target.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{to}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("cannot write"),
            "{to}"
        );
    }
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "a partial or temporary file was left");
}

#[test]
fn output_to_a_device_is_written_not_replaced() {
    let out = policyc()
        .args([
            "render",
            "examples/minimal.policy",
            "--to",
            "json",
            "-o",
            "/dev/null",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null was replaced by a regular file");
}

#[test]
fn closed_stdout_is_not_an_error() {
    for args in [
        vec!["render", "examples/jinshang.policy", "--to", "html"],
        vec!["render", "examples/jinshang.policy", "--to", "json"],
        vec!["check", "--format", "json", "examples/jinshang.policy"],
        vec![
            "diff",
            "examples/history/jinshang-v1.policy",
            "examples/history/jinshang-v2.policy",
            "--format",
            "html",
        ],
        vec!["rules"],
    ] {
        let mut child = policyc()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 10];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout); // like `| head -c 10`
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(
            status.code() == Some(0) || status.code() == Some(1),
            "{args:?}: {status:?} {stderr}"
        );
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_panic_is_reported_as_a_bug_without_a_backtrace() {
    // the hidden switch panics once the input is known, in each command that
    // reads a policy; RUST_BACKTRACE=0 is the same as not set
    let cases: [(&[&str], &str); 4] = [
        (
            &["check", "examples/minimal.policy"],
            "examples/minimal.policy",
        ),
        (
            &["render", "examples/minimal.policy", "--to", "html"],
            "examples/minimal.policy",
        ),
        (
            &[
                "diff",
                "examples/history/jinshang-v1.policy",
                "examples/history/jinshang-v2.policy",
            ],
            "examples/history/jinshang-v1.policy → examples/history/jinshang-v2.policy",
        ),
        (
            &["fmt", "--check", "examples/minimal.policy"],
            "examples/minimal.policy",
        ),
    ];
    for (backtrace, (args, input)) in [None, Some("0")]
        .into_iter()
        .flat_map(|b| cases.map(|c| (b, c)))
    {
        let mut cmd = policyc();
        cmd.args(args).env("POLICYC_TEST_PANIC", "1");
        if let Some(v) = backtrace {
            cmd.env("RUST_BACKTRACE", v);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(101), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: this is a bug in policyc"),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("while processing: {input}\n")),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("stack backtrace"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.lines().count() <= 4, "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// A full disk: a 16 KB tmpfs is too small for the jinshang page (270 KB).
/// The earlier page on it stays as it was and no temporary file is left.
/// Mounting needs root (CI and the development machines run as root);
/// elsewhere the test says so and passes.
#[test]
fn full_disk_is_exit_2_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=16k",
            "tmpfs",
            mnt.to_str().unwrap(),
        ])
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!(
            "note: cannot mount a small tmpfs here (not root?); full-disk case not exercised"
        );
        return;
    }
    let target = mnt.join("page.html");
    // an earlier version of the page, which a failed write must not touch
    std::fs::write(&target, "previous").unwrap();
    let out = policyc()
        .args([
            "render",
            "examples/jinshang.policy",
            "--to",
            "html",
            "-o",
            target.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let left: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let previous = std::fs::read_to_string(&target).unwrap_or_default();
    let _ = Command::new("umount").arg(&mnt).status();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no space left"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(left, ["page.html"], "left behind: {left:?}");
    assert_eq!(previous, "previous");
}

/// `/dev/full` accepts the open and fails every write with "no space left":
/// a full disk without a mount. Written in place (it is a device), so the
/// device node stays.
#[test]
fn full_device_as_output_is_exit_2() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("note: no /dev/full here; case not exercised");
        return;
    }
    let out = policyc()
        .args([
            "render",
            "examples/minimal.policy",
            "--to",
            "html",
            "-o",
            "/dev/full",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write `/dev/full`"), "{stderr}");
    assert!(stderr.contains("no space left"), "{stderr}");
    assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
}

/// stdout on a full disk (`policyc … > /dev/full`) is an error, unlike a
/// closed pipe.
#[test]
fn full_stdout_is_exit_2() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("note: no /dev/full here; case not exercised");
        return;
    };
    for args in [
        vec!["render", "examples/minimal.policy", "--to", "html"],
        vec!["check", "--format", "json", "examples/minimal.policy"],
        vec![
            "diff",
            "examples/history/jinshang-v1.policy",
            "examples/history/jinshang-v2.policy",
            "--format",
            "md",
        ],
    ] {
        let out = policyc()
            .args(&args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("no space left"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// A directory as `-o` is refused before anything is written: nothing
/// appears inside it or next to it.
#[test]
fn directory_as_output_is_exit_2_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    std::fs::create_dir(&target).unwrap();
    let out = policyc()
        .args(["render", "examples/minimal.policy", "--to", "md", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is a directory"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 0);
}

/// A failed write leaves the previous file as it was.
#[test]
fn failed_write_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("page.html");
    std::fs::write(&target, "previous").unwrap();
    // the policy does not compile: nothing is written
    let bad = dir.path().join("bad.policy");
    std::fs::write(&bad, "policy {").unwrap();
    let out = policyc()
        .args(["render", "--to", "html", "-o"])
        .arg(&target)
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// Replacing a file keeps its permissions; a symbolic link as `-o` stays a
/// link, and the file it points to gets the output.
#[cfg(unix)]
#[test]
fn replacing_keeps_permissions_and_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = policyc()
        .args(["render", "examples/minimal.policy", "--to", "md", "-o"])
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.len() > 100, "{text}");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// Render the minimal example to `-o /dev/stdout` with the given stdout;
/// the run must succeed and leave the `/dev/stdout` link in place.
fn render_to_dev_stdout(stdout: Stdio) -> std::process::Output {
    let out = policyc()
        .args([
            "render",
            "examples/minimal.policy",
            "--to",
            "md",
            "-o",
            "/dev/stdout",
        ])
        .stdout(stdout)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::symlink_metadata("/dev/stdout")
        .unwrap()
        .file_type()
        .is_symlink());
    out
}

/// `-o /dev/stdout` goes to whatever stdout is, and never replaces the link.
#[test]
fn dev_stdout_as_output_goes_to_stdout() {
    if !std::path::Path::new("/dev/stdout").exists() {
        return;
    }
    let out = render_to_dev_stdout(Stdio::piped());
    assert!(out.stdout.len() > 100);
}

/// `-o /dev/stdout` with stdout redirected to a regular file: the file gets
/// the output in place; the `/dev/stdout` link is never renamed over.
#[test]
fn dev_stdout_redirected_to_a_file() {
    if !std::path::Path::new("/dev/stdout").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.md");
    render_to_dev_stdout(Stdio::from(std::fs::File::create(&file).unwrap()));
    assert!(std::fs::read_to_string(&file).unwrap().len() > 100);
}

/// With `RUST_BACKTRACE` set, the standard panic report (and backtrace) is
/// printed instead, for debugging.
#[test]
fn a_panic_with_rust_backtrace_set_is_reported_in_full() {
    let out = policyc()
        .args(["check", "examples/minimal.policy"])
        .env("POLICYC_TEST_PANIC", "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(101));
    assert!(stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("stack backtrace"), "{stderr}");
    assert!(!stderr.contains("this is a bug in policyc"), "{stderr}");
}

/// The panic switch is for tests only: it appears in no help text.
#[test]
fn the_panic_switch_is_not_in_the_help() {
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["render", "--help"],
    ] {
        let out = policyc().args(&args).output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stdout).contains("POLICYC_TEST_PANIC"));
    }
}

/// `check` of several files works on several threads: the report names the
/// file whose thread panicked, not the last one started.
#[test]
fn a_panic_names_the_file_it_happened_in() {
    let out = policyc()
        .args([
            "check",
            "examples/minimal.policy",
            "examples/mengshang.policy",
            "examples/jinshang.policy",
        ])
        .env("POLICYC_TEST_PANIC", "mengshang")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(101), "{stderr}");
    assert_eq!(
        stderr.matches("this is a bug in policyc").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("while processing: examples/mengshang.policy\n"),
        "{stderr}"
    );
}
