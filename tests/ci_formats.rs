//! The CI report formats of `policyc check`: GitLab Code Quality, JUnit,
//! GitHub annotations and job summary, `-o`, `--quiet`, `--color`, and the
//! SARIF rule URLs. (The GitLab and JUnit reports are validated against
//! their schemas by tests/schemas/validate.py in .ci/run; here their
//! structure is checked without Python.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], cwd: &Path, env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policyc"));
    c.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run policyc")
}

fn policyc(args: &[&str]) -> Output {
    run(args, &root(), &[])
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn findings(path: &str) -> Vec<Value> {
    let o = policyc(&["check", path, "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn gitlab_code_quality() {
    let o = policyc(&["check", "examples/", "--format", "gitlab"]);
    assert_eq!(code(&o), 1);
    let issues: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    let expected = findings("examples/");
    assert_eq!(issues.len(), expected.len());
    let mut prints = std::collections::BTreeSet::new();
    for (i, f) in issues.iter().zip(&expected) {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].as_str().is_some_and(|s| !s.is_empty()), "{key}: {i}");
        }
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&i["severity"].as_str().unwrap()));
        assert_eq!(i["check_name"], f["code"]);
        assert_eq!(i["location"]["path"], f["file"]);
        assert_eq!(i["location"]["lines"]["begin"], f["line"]);
        assert!(
            prints.insert(i["fingerprint"].as_str().unwrap().to_string()),
            "unique"
        );
    }
    // a compile error is a blocker
    let o = policyc(&[
        "check",
        "tests/fixtures/cli/broken.policy",
        "--format",
        "gitlab",
    ]);
    assert_eq!(code(&o), 2);
    let issues: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(issues.iter().all(|i| i["severity"] == "blocker"));
}

#[test]
fn junit_suites_and_cases() {
    let o = policyc(&["check", "examples/", "--format", "junit"]);
    assert_eq!(code(&o), 1);
    let xml = out(&o);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert!(xml.trim_end().ends_with("</testsuites>"));
    let expected = findings("examples/");
    let files: std::collections::BTreeSet<&str> = expected
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    // one suite per checked file (five examples), a case per finding, and
    // one passing case for a file without findings
    assert_eq!(xml.matches("<testsuite ").count(), 5);
    assert_eq!(
        xml.matches("<testcase ").count(),
        expected.len() + 5 - files.len()
    );
    let failing = expected.iter().filter(|f| f["severity"] != "info").count();
    assert_eq!(xml.matches("<failure ").count(), failing);
    assert!(xml.contains(&format!("failures=\"{failing}\"")));
    // a well-formed document: every opened element closed
    assert_eq!(
        xml.matches("<testsuite ").count(),
        xml.matches("</testsuite>").count()
    );
    assert!(!xml.contains("&&") && !xml.contains("<<"));
}

#[test]
fn github_annotations_are_capped_and_the_rest_listed() {
    let o = policyc(&["check", "examples/jinshang.policy", "--format", "github"]);
    assert_eq!(code(&o), 1);
    let text = out(&o);
    let expected = findings("examples/jinshang.policy");
    let mut per_level: BTreeMap<&str, usize> = BTreeMap::new();
    let mut plain = 0;
    for l in text.lines() {
        if let Some(level) = ["error", "warning", "notice"]
            .iter()
            .find(|c| l.starts_with(&format!("::{c} ")))
        {
            *per_level.entry(level).or_default() += 1;
        } else if !l.starts_with("::group::") && !l.starts_with("::endgroup::") {
            plain += 1;
        }
    }
    for (level, n) in &per_level {
        assert!(*n <= 10, "{n} {level} annotations");
    }
    let errors = expected.iter().filter(|f| f["severity"] == "error").count();
    assert!(errors > 10, "the seed has many errors");
    assert_eq!(per_level["error"], 10);
    assert_eq!(per_level.values().sum::<usize>() + plain, expected.len());
    assert!(text.contains("::group::"), "the rest is summarised");
}

#[test]
fn github_job_summary_counts() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let o = run(
        &["check", "examples/jinshang.policy", "--format", "github"],
        &root(),
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(code(&o), 1);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("earlier step\n## policyc check"),
        "appended: {md}"
    );
    let expected = findings("examples/jinshang.policy");
    let count = |s: &str| expected.iter().filter(|f| f["severity"] == s).count();
    assert!(md.contains(&format!(
        "1 files: {} findings ({} errors, {} warnings, {} infos), 0 compile errors",
        expected.len(),
        count("error"),
        count("warning"),
        count("info")
    )));
    let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &expected {
        *per_code.entry(f["code"].as_str().unwrap()).or_default() += 1;
    }
    for (c, n) in &per_code {
        let row = md
            .lines()
            .find(|l| l.starts_with(&format!("| {c} |")))
            .unwrap_or_else(|| panic!("no row for {c}"));
        assert!(row.ends_with(&format!("| {n} |")), "{row}");
    }
    assert!(md.contains("### Most important findings"));
    // Chinese
    std::fs::write(&summary, "").unwrap();
    run(
        &[
            "check",
            "examples/jinshang.policy",
            "--format",
            "github",
            "--lang",
            "zh",
        ],
        &root(),
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert!(std::fs::read_to_string(&summary)
        .unwrap()
        .contains("## policyc 检查结果"));
}

#[test]
fn output_file_quiet_and_color() {
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("json", "r.json"),
        ("sarif", "r.sarif"),
        ("gitlab", "gl.json"),
        ("junit", "j.xml"),
        ("github", "gh.txt"),
        ("human", "h.txt"),
    ] {
        let path = dir.path().join(name);
        let o = policyc(&[
            "check",
            "examples/minimal.policy",
            "--format",
            format,
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code(&o), 1, "{format}");
        assert!(out(&o).is_empty(), "{format}: nothing on stdout");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.is_empty(), "{format}");
        if format == "human" {
            assert!(text.contains("findings:"), "summary line in the file");
            assert!(!text.contains('\u{1b}'), "no colour in a file");
        }
    }
    // --quiet: errors only, no summary line
    let loud = policyc(&["check", "examples/minimal.policy"]);
    let quiet = policyc(&["check", "examples/minimal.policy", "--quiet"]);
    assert_eq!(code(&quiet), 1);
    assert!(err(&loud).contains("findings:"));
    assert!(!err(&quiet).contains("findings:"));
    assert!(!err(&quiet).contains("  ⚠ ") && err(&quiet).contains("  × "));
    // --color always wins over NO_COLOR; never and auto (not a terminal) have none
    let always = policyc(&["check", "examples/minimal.policy", "--color", "always"]);
    assert!(err(&always).contains('\u{1b}'));
    for c in ["never", "auto"] {
        let o = policyc(&["check", "examples/minimal.policy", "--color", c]);
        assert!(!err(&o).contains('\u{1b}'), "{c}");
    }
}

#[test]
fn sarif_rule_urls_are_absolute_and_configurable() {
    let o = policyc(&["check", "examples/minimal.policy", "--format", "sarif"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let driver = &v["runs"][0]["tool"]["driver"];
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let version = env!("CARGO_PKG_VERSION");
    for r in driver["rules"].as_array().unwrap() {
        let uri = r["helpUri"].as_str().unwrap();
        assert!(
            uri.starts_with("https://")
                && uri.ends_with(&format!(
                    "/v{version}/docs/rules/{}.md",
                    r["id"].as_str().unwrap()
                )),
            "{uri}"
        );
    }
    let o = policyc(&[
        "check",
        "examples/minimal.policy",
        "--format",
        "sarif",
        "--rules-url",
        "https://intranet.example.com/policyc/rules",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"],
        "https://intranet.example.com/policyc/rules/A001.md"
    );
    let o = policyc(&[
        "check",
        "examples/minimal.policy",
        "--rules-url",
        "docs/rules",
    ]);
    assert_eq!(code(&o), 2);
    // from policyc.yaml
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("policyc.yaml"),
        "rules-url: https://rules.example.org/v1/\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/minimal.policy"),
        dir.path().join("a.policy"),
    )
    .unwrap();
    let o = run(&["check", "a.policy", "--format", "sarif"], dir.path(), &[]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"],
        "https://rules.example.org/v1/A001.md"
    );
    std::fs::write(dir.path().join("policyc.yaml"), "rules-url: rules/\n").unwrap();
    let o = run(&["check", "a.policy", "--format", "sarif"], dir.path(), &[]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("absolute URI"), "{}", err(&o));
}

#[test]
fn help_lists_every_command_with_examples() {
    let o = policyc(&["--help"]);
    let help = out(&o);
    for c in [
        "check",
        "render",
        "diff",
        "explain",
        "fmt",
        "init",
        "rules",
        "taxonomy",
        "completions",
    ] {
        assert!(help.contains(&format!("  {c} ")), "{c} in --help");
        let o = policyc(&[c, "--help"]);
        assert!(out(&o).contains("Examples:"), "{c} --help has examples");
    }
    assert!(help.contains("Examples:"));
    let check = out(&policyc(&["check", "--help"]));
    for flag in [
        "--baseline",
        "--update-baseline",
        "--quiet",
        "--color",
        "--rules-url",
        "--output",
        "gitlab",
        "junit",
    ] {
        assert!(check.contains(flag), "{flag}");
    }
}
