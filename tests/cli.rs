//! The binary end to end: exit statuses and located messages on bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::process::Command;

fn policyc(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_policyc"));
    cmd.args(args).env("NO_COLOR", "1").env("COLUMNS", "80");
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path.display().to_string())
}

#[test]
fn minimal_example_compiles() {
    let (code, _, stderr) = policyc(&["check", "examples/minimal.policy"], None);
    assert_ne!(code, 2, "{stderr}");
}

#[test]
fn examples_directory_has_no_compile_error() {
    let (code, stdout, stderr) = policyc(&["check", "--format", "json", "examples/"], None);
    assert_ne!(code, 2, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let compile_errors: Vec<_> = findings
        .iter()
        .filter(|f| f["code"].as_str().unwrap_or("").starts_with('E'))
        .collect();
    assert!(
        compile_errors.is_empty(),
        "compile errors in examples: {compile_errors:?}"
    );
}

#[test]
fn empty_file_is_a_located_error() {
    let (_d, path) = temp_file("empty.policy", b"");
    let (code, stdout, stderr) = policyc(&["check", &path], None);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("E208") && stderr.contains("empty.policy:1:1"),
        "{stderr}"
    );
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn invalid_utf8_is_a_located_error() {
    let (_d, path) = temp_file("gbk.policy", b"policy \"\xb2\xe2\xca\xd4\" {}\n");
    let (code, _, stderr) = policyc(&["check", &path], None);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("E100") && stderr.contains("gbk.policy:1:9"),
        "{stderr}"
    );
}

#[test]
fn nul_bytes_and_bom_are_handled() {
    let (_d, path) = temp_file("nul.policy", b"policy \"x\" {}\n\0\n");
    let (code, _, stderr) = policyc(&["check", &path], None);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("E101") && stderr.contains("U+0000"),
        "{stderr}"
    );
    let (_d2, bom) = temp_file("bom.policy", "\u{FEFF}policy \"x\" {}\r\n".as_bytes());
    let (code, _, stderr) = policyc(&["check", &bom], None);
    assert_ne!(code, 2, "{stderr}");
}

#[test]
fn unterminated_string_is_a_located_error() {
    let (code, _, stderr) = policyc(&["check", "-"], Some("policy \"x {\n}\n".as_bytes()));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("E102") && stderr.contains("<stdin>:1:8"),
        "{stderr}"
    );
}

#[test]
fn misspelt_reference_in_a_copy_of_an_example_suggests_the_name() {
    let text = "policy \"t\" {}\ndata id-card = id-number \"身份证号\"\nfunction f \"注册\" {\n  collects id-crad\n}\n";
    let (_d, path) = temp_file("copy.policy", text.as_bytes());
    let (code, _, stderr) = policyc(&["check", &path], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("copy.policy:4:12"), "{stderr}");
    assert!(stderr.contains("not declared in this policy"), "{stderr}");
    assert!(stderr.contains("did you mean `id-card`?"), "{stderr}");
}

#[test]
fn missing_file_is_a_usage_error() {
    let (code, _, stderr) = policyc(&["check", "no/such/file.policy"], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("no such file"), "{stderr}");
}

#[test]
fn render_json_of_stdin() {
    let (code, stdout, stderr) = policyc(
        &["render", "-", "--to", "json"],
        Some("policy \"标题\" { updated 2021-09-15 }".as_bytes()),
    );
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["header"]["title"]["text"], "标题");
    assert_eq!(v["header"]["updated"], "2021-09-15");
}

#[test]
fn render_writes_output_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.yaml");
    let (code, stdout, stderr) = policyc(
        &[
            "render",
            "examples/minimal.policy",
            "--to",
            "yaml",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(std::fs::read_to_string(&out).unwrap().contains("header:"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind");
}

#[test]
fn help_shows_examples_for_every_command() {
    for cmd in ["check", "render"] {
        let (code, stdout, _) = policyc(&[cmd, "--help"], None);
        assert_eq!(code, 0);
        assert!(stdout.contains("Examples:"), "{cmd} --help has no examples");
    }
}
