//! `policyc init`: the skeleton compiles, is in canonical layout, and its
//! findings are exactly its `// TODO` placeholders (Z004), for every app
//! type; existing files are never overwritten.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn policyc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run policyc")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Lines of the file that hold a `// TODO` comment.
fn todo_lines(text: &str) -> BTreeSet<u64> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains("// TODO"))
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

/// Init in a fresh directory and check the skeleton: its findings are
/// exactly one Z004 per TODO line.
fn init_and_check(args: &[&str]) -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut full = vec!["init"];
    full.extend_from_slice(args);
    let o = policyc(&full, dir.path());
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(dir.path().join("privacy.policy")).unwrap();
    assert!(dir.path().join("policyc.yaml").is_file());
    let o = policyc(&["check", "privacy.policy", "--format", "json"], dir.path());
    assert_eq!(code(&o), 0, "compiles, and warnings do not fail: {args:?}");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let other: Vec<String> = findings
        .iter()
        .filter(|f| f["code"] != "Z004")
        .map(|f| format!("{} line {}: {}", f["code"], f["line"], f["message"]))
        .collect();
    assert!(
        other.is_empty(),
        "{args:?}: findings other than TODOs: {other:#?}"
    );
    let lines: BTreeSet<u64> = findings
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, todo_lines(&text), "{args:?}: one Z004 per TODO line");
    assert_eq!(findings.len(), lines.len());
    // canonical layout
    let o = policyc(&["fmt", "--check", "privacy.policy"], dir.path());
    assert_eq!(code(&o), 0, "{args:?}: fmt --check");
    // with --deny warnings the gate is red until every TODO is done
    let o = policyc(
        &["check", "privacy.policy", "--deny", "warnings"],
        dir.path(),
    );
    assert_eq!(code(&o), 1);
    (dir, findings.len())
}

#[test]
fn online_lending_skeleton() {
    let (dir, n) = init_and_check(&[
        "--app-type",
        "online-lending",
        "--sector",
        "consumer-finance",
        "--platform",
        "android,ios",
    ]);
    assert!(n > 10);
    let text = std::fs::read_to_string(dir.path().join("privacy.policy")).unwrap();
    assert!(text.contains("app-type online-lending"));
    assert!(
        text.contains("data id-number = id-number"),
        "sensitive items declared"
    );
    let config = std::fs::read_to_string(dir.path().join("policyc.yaml")).unwrap();
    assert!(
        config.contains("app-type: online-lending") && config.contains("sector: consumer-finance")
    );
}

#[test]
fn shopping_and_news_skeletons() {
    init_and_check(&[
        "--app-type",
        "shopping",
        "--sector",
        "e-commerce",
        "--platform",
        "web,mini-program",
    ]);
    init_and_check(&["--app-type", "news", "--platform", "harmony"]);
}

#[test]
fn every_app_type_and_sector() {
    let yaml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/app_types.yaml"))
        .unwrap();
    let types: Vec<&str> = yaml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("code: "))
        .collect();
    assert_eq!(types.len(), 40);
    let sectors = ["other", "banking", "health", "education"];
    for (i, t) in types.iter().enumerate() {
        init_and_check(&["--app-type", t, "--sector", sectors[i % sectors.len()]]);
    }
}

#[test]
fn refuses_to_overwrite_and_bad_values() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("privacy.policy"), "mine").unwrap();
    let o = policyc(&["init", "--app-type", "news", "--lang", "en"], dir.path());
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not overwritten"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("privacy.policy")).unwrap(),
        "mine"
    );
    assert!(!dir.path().join("policyc.yaml").exists(), "nothing written");
    let o = policyc(
        &["init", "--app-type", "online-lendin", "--lang", "en"],
        dir.path(),
    );
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `online-lending`"));
    let o = policyc(&["init", "--sector", "finance"], dir.path());
    assert_eq!(code(&o), 2);
    // Chinese messages
    let o = policyc(&["init", "--app-type", "news", "--lang", "zh"], dir.path());
    assert!(String::from_utf8_lossy(&o.stderr).contains("已存在"));
}
