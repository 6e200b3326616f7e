//! `policyc check --baseline` / `--update-baseline` on a copy of a seed:
//! the baseline passes, a new defect fails and is the only thing reported,
//! moved lines change nothing, a fixed finding is reported as fixed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policyc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("run policyc")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap()
}

/// A directory with a copy of the jinshang seed and its baseline.
fn seeded() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/jinshang.policy")).unwrap();
    std::fs::write(dir.path().join("jinshang.policy"), &text).unwrap();
    let o = policyc(
        &["check", "jinshang.policy", "--update-baseline"],
        dir.path(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(dir.path().join("policyc-baseline.json").is_file());
    (dir, text)
}

fn check(dir: &Path) -> Output {
    policyc(
        &[
            "check",
            "jinshang.policy",
            "--baseline",
            "policyc-baseline.json",
            "--format",
            "json",
        ],
        dir,
    )
}

#[test]
fn the_baseline_passes_and_records_every_finding() {
    let (dir, _) = seeded();
    let all = json(&policyc(
        &["check", "jinshang.policy", "--format", "json"],
        dir.path(),
    ));
    let all_findings = all["findings"].as_array().unwrap().len();
    assert!(all_findings > 10, "the seed has findings");
    let b: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("policyc-baseline.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(b["version"], 1);
    assert_eq!(b["findings"].as_array().unwrap().len(), all_findings);
    let o = check(dir.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j = json(&o);
    assert_eq!(j["findings"].as_array().unwrap().len(), 0);
    assert_eq!(
        j["baseline"]["baselined"].as_u64().unwrap() as usize,
        all_findings
    );
    assert_eq!(j["fixed"].as_array().unwrap().len(), 0);
    // the human form says how many were not shown
    let o = policyc(
        &[
            "check",
            "jinshang.policy",
            "--baseline",
            "policyc-baseline.json",
        ],
        dir.path(),
    );
    assert_eq!(code(&o), 0);
    assert!(stderr(&o).contains(&format!(
        "baseline: {all_findings} known findings not shown"
    )));
}

#[test]
fn a_new_defect_fails_and_is_the_only_report() {
    let (dir, text) = seeded();
    let added = "\nfunction face-check \"人脸核验\" {\n  purpose \"核验身份\"\n  collects required biometric.face\n}\n";
    std::fs::write(dir.path().join("jinshang.policy"), format!("{text}{added}")).unwrap();
    let first_new_line = text.lines().count() + 2;
    let o = check(dir.path());
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let j = json(&o);
    let findings = j["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert!(
            f["line"].as_u64().unwrap() as usize >= first_new_line,
            "only the new function is reported: {f}"
        );
    }
    assert!(
        findings.iter().any(|f| f["code"] == "C001"),
        "no legal basis"
    );
    assert_eq!(j["fixed"].as_array().unwrap().len(), 0);
}

#[test]
fn moving_lines_keeps_every_finding_known() {
    let (dir, text) = seeded();
    let moved = format!("// a comment on top\n\n\n// and another\n\n{text}");
    std::fs::write(dir.path().join("jinshang.policy"), moved).unwrap();
    let o = check(dir.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j = json(&o);
    assert_eq!(j["findings"].as_array().unwrap().len(), 0);
    assert_eq!(j["fixed"].as_array().unwrap().len(), 0);
    // `./name` and `name` are the same file
    let o = policyc(
        &[
            "check",
            "./jinshang.policy",
            "--baseline",
            "policyc-baseline.json",
        ],
        dir.path(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn a_fixed_finding_is_reported_as_fixed() {
    let (dir, text) = seeded();
    let b: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("policyc-baseline.json")).unwrap(),
    )
    .unwrap();
    assert!(
        b["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["code"] == "P004"),
        "the seed names no officer"
    );
    let fixed = format!(
        "{text}\nofficer {{\n  name \"个人信息保护负责人\"\n  contact email \"privacy@example.com\"\n}}\n"
    );
    std::fs::write(dir.path().join("jinshang.policy"), fixed).unwrap();
    let o = check(dir.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j = json(&o);
    let gone: Vec<&str> = j["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["code"].as_str().unwrap())
        .collect();
    assert!(gone.contains(&"P004"), "{gone:?}");
    assert!(
        stderr(&o).contains("fixed: jinshang.policy:"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("P004"));
    // updating drops it from the baseline
    let o = policyc(
        &["check", "jinshang.policy", "--update-baseline"],
        dir.path(),
    );
    assert_eq!(code(&o), 0);
    let o = check(dir.path());
    assert_eq!(json(&o)["fixed"].as_array().unwrap().len(), 0);
}

#[test]
fn baseline_errors_and_other_files() {
    let (dir, _) = seeded();
    // a missing or broken baseline is an error (exit 2), not an empty one
    let o = policyc(
        &["check", "jinshang.policy", "--baseline", "nope.json"],
        dir.path(),
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("cannot read baseline"));
    std::fs::write(
        dir.path().join("bad.json"),
        "{\"version\": 9, \"findings\": []}",
    )
    .unwrap();
    let o = policyc(
        &["check", "jinshang.policy", "--baseline", "bad.json"],
        dir.path(),
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not valid"), "{}", stderr(&o));
    // updating with another file keeps the first file's entries
    std::fs::write(dir.path().join("other.policy"), "policy \"其他\" {\n}\n").unwrap();
    let before = std::fs::read_to_string(dir.path().join("policyc-baseline.json")).unwrap();
    let o = policyc(&["check", "other.policy", "--update-baseline"], dir.path());
    assert_eq!(code(&o), 0);
    let after: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("policyc-baseline.json")).unwrap(),
    )
    .unwrap();
    let files: std::collections::BTreeSet<&str> = after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["file"].as_str().unwrap())
        .collect();
    assert!(files.contains("jinshang.policy") && files.contains("other.policy"));
    assert!(
        after["findings"].as_array().unwrap().len()
            > serde_json::from_str::<Value>(&before).unwrap()["findings"]
                .as_array()
                .unwrap()
                .len()
    );
    // a file that does not compile is not baselined
    std::fs::write(dir.path().join("broken.policy"), "policy \"x\" {").unwrap();
    let o = policyc(&["check", "broken.policy", "--update-baseline"], dir.path());
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("baseline not written"));
}
