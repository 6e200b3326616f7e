//! End-to-end tests of `policyc check`, `explain`, `rules` and
//! `completions`, run against the built binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(p: &str) -> PathBuf {
    root().join("tests/fixtures").join(p)
}

fn policyc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("run policyc")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// (code, line, column, end line, end column) of every JSON finding.
fn json_results(v: &Value) -> BTreeSet<(String, u64, u64, u64, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_line"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn codes(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn human_output_and_summary() {
    let o = policyc(&["check", "tests/fixtures/cli/basic.policy"], &root());
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("T001: recipient-without-name"), "{err}");
    assert!(err.contains("basic.policy:20:1"), "{err}");
    assert!(err.contains("see PIPL Art. 23"), "{err}");
    let last = err.lines().last().unwrap();
    assert!(
        last.contains("in 1 file") && last.contains(" findings: "),
        "{last}"
    );
    assert!(!err.contains('\u{1b}'), "colour without a terminal");
    assert!(stdout(&o).is_empty());
}

#[test]
fn lang_zh_cites_in_chinese() {
    let o = policyc(
        &["check", "--lang", "zh", "tests/fixtures/cli/basic.policy"],
        &root(),
    );
    assert!(
        stderr(&o).contains("依据：《个人信息保护法》第二十三条"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn json_schema_shape() {
    let o = policyc(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/cli/basic.policy",
        ],
        &root(),
    );
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"][0]["path"], "tests/fixtures/cli/basic.policy");
    let t001 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "T001")
        .unwrap();
    assert_eq!(t001["name"], "recipient-without-name");
    assert_eq!(t001["severity"], "error");
    assert_eq!(t001["kind"], "finding");
    assert_eq!(t001["line"], 20);
    assert_eq!(t001["column"], 1);
    assert!(t001["span"]["start"].as_u64().unwrap() < t001["span"]["end"].as_u64().unwrap());
    let legal = &t001["legal"][0];
    assert_eq!(legal["instrument"], "PIPL");
    assert!(legal["cite_en"]
        .as_str()
        .unwrap()
        .starts_with("PIPL Art. 23"));
    assert!(legal["cite_zh"]
        .as_str()
        .unwrap()
        .starts_with("《个人信息保护法》第二十三条"));
    let s = &v["summary"];
    assert_eq!(s["files"], 1);
    assert_eq!(
        s["findings"].as_u64().unwrap(),
        v["findings"].as_array().unwrap().len() as u64
    );
    assert_eq!(
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap(),
        s["findings"].as_u64().unwrap()
    );
}

#[test]
fn json_and_sarif_carry_the_same_findings() {
    for path in [
        "tests/fixtures/cli/basic.policy",
        "tests/fixtures/cli/broken.policy",
        "tests/fixtures/suppress/no-reason.policy",
    ] {
        let j = json(&policyc(&["check", "--format", "json", path], &root()));
        let s = json(&policyc(&["check", "--format", "sarif", path], &root()));
        let sarif: BTreeSet<(String, u64, u64, u64, u64)> = s["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let reg = &r["locations"][0]["physicalLocation"]["region"];
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    reg["startLine"].as_u64().unwrap(),
                    reg["startColumn"].as_u64().unwrap(),
                    reg["endLine"].as_u64().unwrap(),
                    reg["endColumn"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(json_results(&j), sarif, "{path}");
        assert_eq!(
            j["findings"].as_array().unwrap().len(),
            s["runs"][0]["results"].as_array().unwrap().len()
        );
    }
}

#[test]
fn sarif_is_valid_2_1_0() {
    let o = policyc(
        &[
            "check",
            "--format",
            "sarif",
            "tests/fixtures/cli/basic.policy",
        ],
        &root(),
    );
    assert_eq!(code(&o), 1);
    // The SARIF crate's types: every required property is there and typed.
    let log: serde_sarif::sarif::Sarif = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(log.version, Value::from("2.1.0"));
    assert_eq!(log.runs.len(), 1);
    let run = &log.runs[0];
    assert_eq!(run.tool.driver.name, "policyc");
    assert_eq!(run.column_kind, Some(Value::from("unicodeCodePoints")));
    let rules = run.tool.driver.rules.as_ref().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert!(ids.contains(&"T001") && ids.contains(&"E201") && ids.contains(&"Z001"));
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "one descriptor per code");
    for r in rules {
        assert!(r.name.is_some(), "{}", r.id);
        assert!(
            r.short_description
                .as_ref()
                .is_some_and(|d| !d.text.is_empty()),
            "{}",
            r.id
        );
        assert!(r.full_description.is_some(), "{}", r.id);
        let help = r.help.as_ref().unwrap();
        assert!(help.text.starts_with(&format!("# {}: ", r.id)), "{}", r.id);
        assert_eq!(
            r.help_uri.as_deref(),
            Some(
                policyc::report::sarif::help_uri(
                    &policyc::report::sarif::default_rules_url(),
                    &r.id
                )
                .as_str()
            )
        );
        let level = r
            .default_configuration
            .as_ref()
            .unwrap()
            .level
            .as_ref()
            .unwrap();
        assert!(["error", "warning", "note"].contains(&level.as_str().unwrap()));
    }
    let results = run.results.as_ref().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let id = r.rule_id.as_deref().unwrap();
        let index = usize::try_from(r.rule_index.unwrap()).unwrap();
        assert_eq!(rules[index].id, id);
        assert!(r.message.text.as_ref().is_some_and(|t| !t.is_empty()));
        let loc = &r.locations.as_ref().unwrap()[0];
        let phys = loc.physical_location.as_ref().unwrap();
        assert_eq!(
            phys.artifact_location.as_ref().unwrap().uri.as_deref(),
            Some("tests/fixtures/cli/basic.policy")
        );
        let reg = phys.region.as_ref().unwrap();
        assert!(reg.start_line.unwrap() >= 1 && reg.start_column.unwrap() >= 1);
        assert!(reg.end_line.unwrap() >= reg.start_line.unwrap());
        assert!(r
            .partial_fingerprints
            .as_ref()
            .unwrap()
            .contains_key("policyc/v1"));
    }
    // The raw JSON also has the top-level properties the schema requires.
    let raw = json(&o);
    assert_eq!(raw["version"], "2.1.0");
    assert!(raw["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
}

#[test]
fn sarif_fingerprints_are_stable_and_ignore_line_moves() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("cli/basic.policy")).unwrap();
    std::fs::write(dir.path().join("a.policy"), &text).unwrap();
    let prints = |cwd: &Path| -> Vec<(String, String)> {
        let v = json(&policyc(&["check", "--format", "sarif", "a.policy"], cwd));
        let mut out: Vec<(String, String)> = v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["policyc/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let first = prints(dir.path());
    assert_eq!(
        first,
        prints(dir.path()),
        "two runs give the same fingerprints"
    );
    let unique: BTreeSet<&String> = first.iter().map(|(_, f)| f).collect();
    assert_eq!(
        unique.len(),
        first.len(),
        "fingerprints are unique within a run"
    );
    // Two blank lines and a comment on top move every finding down.
    std::fs::write(dir.path().join("a.policy"), format!("// moved\n\n{text}")).unwrap();
    assert_eq!(
        first,
        prints(dir.path()),
        "fingerprints do not depend on line numbers"
    );
}

#[test]
fn github_annotations() {
    let o = policyc(
        &[
            "check",
            "--format",
            "github",
            "tests/fixtures/cli/basic.policy",
        ],
        &root(),
    );
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    // 17 errors: the 10 most important are annotations (GitHub shows no
    // more per level), the others are listed in a collapsed group.
    let line = out
        .lines()
        .find(|l| l.contains("title=P010 missing-change-notice-method"))
        .unwrap();
    assert!(
        line.starts_with(
            "::error file=tests/fixtures/cli/basic.policy,line=2,col=1,endLine=2,endColumn="
        ),
        "{line}"
    );
    assert!(line.contains("::"), "{line}");
    assert!(!line.contains('\n'));
    assert!(
        line.contains("%0Ahelp: "),
        "newlines in the message are escaped: {line}"
    );
    assert!(
        out.contains("\ntests/fixtures/cli/basic.policy:20:1: error T001 recipient-without-name: ")
    );
    let mut annotations = 0;
    let mut listed = 0;
    let mut in_group = false;
    for l in out.lines() {
        if l.starts_with("::group::") {
            in_group = true;
        } else if l == "::endgroup::" {
            in_group = false;
        } else if in_group {
            listed += 1;
        } else {
            assert!(
                l.starts_with("::error ")
                    || l.starts_with("::warning ")
                    || l.starts_with("::notice "),
                "{l}"
            );
            annotations += 1;
        }
    }
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::error ")).count(),
        10
    );
    let j = json(&policyc(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/cli/basic.policy",
        ],
        &root(),
    ));
    assert_eq!(
        annotations + listed,
        j["findings"].as_array().unwrap().len()
    );
}

#[test]
fn github_escaping() {
    use policyc::report::github::{escape_data, escape_property};
    assert_eq!(escape_data("100%\r\nnext"), "100%25%0D%0Anext");
    assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
}

#[test]
fn compile_errors_exit_2_and_appear_in_machine_formats() {
    let o = policyc(
        &[
            "check",
            "tests/fixtures/cli/broken.policy",
            "tests/fixtures/cli/basic.policy",
        ],
        &root(),
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("E204"));
    let v = json(&policyc(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/cli/broken.policy",
        ],
        &root(),
    ));
    let e = &v["findings"][0];
    assert_eq!(e["code"], "E204");
    assert_eq!(e["kind"], "compile-error");
    assert_eq!(e["name"], "invalid-date");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(13))
    );
    assert_eq!(v["summary"]["compile_errors"], 1);
    let s = json(&policyc(
        &[
            "check",
            "--format",
            "sarif",
            "tests/fixtures/cli/broken.policy",
        ],
        &root(),
    ));
    assert_eq!(s["runs"][0]["results"][0]["ruleId"], "E204");
    assert_eq!(s["runs"][0]["results"][0]["level"], "error");
}

/// A configuration that sets every code found in `path` to `level`, and
/// leaves the rest alone.
fn config_setting(path: &str, keep: impl Fn(&str) -> bool, level: &str) -> String {
    let v = json(&policyc(&["check", "--format", "json", path], &root()));
    let mut found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found.dedup();
    let mut yaml = "rules:\n".to_string();
    for (c, sev) in found {
        if !keep(&sev) {
            yaml.push_str(&format!("  {c}: {level}\n"));
        }
    }
    yaml
}

#[test]
fn exit_codes_follow_the_failing_level() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.policy");
    std::fs::copy(fixture("cli/basic.policy"), &policy).unwrap();
    let cfg = dir.path().join("policyc.yaml");
    let p = policy.to_str().unwrap();
    let src = "tests/fixtures/cli/basic.policy";

    // Errors: exit 1.
    assert_eq!(code(&policyc(&["check", p], &root())), 1);
    // Only warnings left: exit 0, or 1 with --deny warnings.
    std::fs::write(&cfg, config_setting(src, |sev| sev != "error", "off")).unwrap();
    let o = policyc(&["check", p], &root());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(" warnings"),
        "findings are still shown: {}",
        stderr(&o)
    );
    assert_eq!(
        code(&policyc(&["check", "--deny", "warnings", p], &root())),
        1
    );
    // Everything lowered to info: infos never fail.
    std::fs::write(&cfg, config_setting(src, |_| false, "info")).unwrap();
    assert_eq!(
        code(&policyc(&["check", "--deny", "warnings", p], &root())),
        0
    );
    // Everything off: clean and quiet.
    std::fs::write(&cfg, config_setting(src, |_| false, "off")).unwrap();
    let o = policyc(&["check", p], &root());
    assert_eq!(code(&o), 0);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn config_turns_codes_off_and_changes_levels() {
    let without = json(&policyc(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/cli/basic.policy",
        ],
        &root(),
    ));
    assert!(codes(&without).contains(&"T001".to_string()));
    assert!(codes(&without).contains(&"P002".to_string()));
    // Found upward from the checked file.
    let with = json(&policyc(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/config/off/basic.policy",
        ],
        &root(),
    ));
    assert!(!codes(&with).contains(&"T001".to_string()));
    assert!(!codes(&with).contains(&"P002".to_string()));
    let mut rest = codes(&without);
    rest.retain(|c| c != "T001" && c != "P002");
    assert_eq!(codes(&with), rest, "nothing else changes");
    // Given with --config.
    let explicit = json(&policyc(
        &[
            "check",
            "--format",
            "json",
            "--config",
            "tests/fixtures/config/off/policyc.yaml",
            "tests/fixtures/cli/basic.policy",
        ],
        &root(),
    ));
    assert_eq!(codes(&explicit), codes(&with));
}

#[test]
fn unknown_config_key_is_a_located_error() {
    let o = policyc(
        &["check", "tests/fixtures/config/bad-key/basic.policy"],
        &root(),
    );
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("unknown key `languages`"), "{err}");
    assert!(
        err.contains("tests/fixtures/config/bad-key/policyc.yaml:3:1"),
        "{err}"
    );
    assert!(
        err.contains("`language`"),
        "the help lists the valid keys: {err}"
    );
}

#[test]
fn unknown_rule_code_in_config_is_a_located_error() {
    let o = policyc(
        &[
            "check",
            "--config",
            "tests/fixtures/config/bad-code/policyc.yaml",
            "tests/fixtures/cli/basic.policy",
        ],
        &root(),
    );
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("unknown rule code `T0002`"), "{err}");
    assert!(err.contains("policyc.yaml:4:3"), "{err}");
    assert!(err.contains("did you mean `T002`?"), "{err}");
}

#[test]
fn suppressions() {
    let run = |p: &str| codes(&json(&policyc(&["check", "--format", "json", p], &root())));
    let allowed = run("tests/fixtures/suppress/allowed.policy");
    assert!(!allowed.contains(&"T001".to_string()), "{allowed:?}");
    assert!(
        allowed.contains(&"T002".to_string()),
        "other codes stay: {allowed:?}"
    );
    assert!(!allowed.iter().any(|c| c.starts_with('Z')), "{allowed:?}");

    let no_reason = run("tests/fixtures/suppress/no-reason.policy");
    assert!(
        no_reason.contains(&"T001".to_string()),
        "a suppression without reason is ignored"
    );
    assert!(no_reason.contains(&"Z002".to_string()));

    let field = json(&policyc(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/suppress/field.policy",
        ],
        &root(),
    ));
    let found: Vec<(String, u64)> = field["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        !found.iter().any(|(c, _)| c == "T001"),
        "a trailing comment on a declaration's first line: {found:?}"
    );
    assert!(
        !found.contains(&("I002".to_string(), 9)),
        "suppressed on its field: {found:?}"
    );
    assert!(
        found.contains(&("I002".to_string(), 10)),
        "the next field is not covered: {found:?}"
    );
    assert!(!found.iter().any(|(c, _)| c.starts_with('Z')), "{found:?}");
}

#[test]
fn explain_prints_the_page_bytes() {
    for code_ in ["T001", "E201", "Z001", "e204"] {
        let o = policyc(&["explain", code_], &root());
        assert_eq!(code(&o), 0, "{code_}");
        let page =
            std::fs::read(root().join(format!("docs/rules/{}.md", code_.to_uppercase()))).unwrap();
        assert_eq!(o.stdout, page, "{code_}");
    }
    let o = policyc(&["explain", "T0001"], &root());
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("did you mean `T001`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_lists_every_rule() {
    let o = policyc(&["rules", "--format", "json"], &root());
    assert_eq!(code(&o), 0);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert!(list.len() >= 72, "{}", list.len());
    let t001 = list.iter().find(|r| r["code"] == "T001").unwrap();
    assert_eq!(t001["name"], "recipient-without-name");
    assert_eq!(t001["severity"], "error");
    assert!(t001["legal"][0]["cite_en"]
        .as_str()
        .unwrap()
        .starts_with("PIPL Art. 23"));
    let text = stdout(&policyc(&["rules"], &root()));
    assert!(
        text.contains("T001  error   recipient-without-name"),
        "{text}"
    );
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = policyc(&["completions", shell], &root());
        assert_eq!(code(&o), 0, "{shell}");
        assert!(stdout(&o).contains("policyc"), "{shell}");
    }
    assert_eq!(code(&policyc(&["completions", "tcsh"], &root())), 2);
}

#[test]
fn stdin_is_checked() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(["check", "--format", "json", "-"])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(fixture("cli/basic.policy")).unwrap())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert!(codes(&v).contains(&"T001".to_string()));
}
