//! The rule fixture harness.
//!
//! Every directory `tests/fixtures/rules/<CODE>/` holds `fail.policy` and
//! `pass.policy` (and optionally more `fail-*.policy` / `pass-*.policy`, and a
//! `policyc.yaml` used for all of them). Each file is compiled and checked;
//! only findings of `<CODE>` are kept. The expected findings are the lines
//! annotated `// expect: <CODE>` (several codes: `// expect: T001, T002`;
//! codes other than `<CODE>` are ignored here). The set of (line of the
//! primary span's start, code) must equal the annotations; a `fail` file must
//! expect at least one finding and a `pass` file none.
//!
//! Each `fail` file is also snapshotted with its rendered diagnostics.
//! Set `POLICYC_FIXTURE=T001` to run one code's fixtures only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use policyc::check::{self, Config, Finding};
use policyc::report::{render, Style};
use policyc::source::SourceFile;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn only() -> Option<String> {
    std::env::var("POLICYC_FIXTURE")
        .ok()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_uppercase())
}

/// The (line, code) pairs annotated with `// expect: …` for `code`.
fn expected(text: &str, code: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("// expect:") else {
            continue;
        };
        for c in line[at + "// expect:".len()..].split(|c: char| c == ',' || c.is_whitespace()) {
            let c = c.trim();
            if c.eq_ignore_ascii_case(code) {
                out.insert((i + 1, code.to_string()));
            }
        }
    }
    out
}

/// The fixture's configuration: `policyc.yaml` next to it, if any.
fn config_for(dir: &Path) -> Config {
    let path = dir.join("policyc.yaml");
    if path.is_file() {
        match Config::load(&path) {
            Ok(c) => c,
            Err(e) => panic!("{}", render(e.as_ref(), Style::plain())),
        }
    } else {
        Config::default()
    }
}

/// Compile and check one fixture; keep the findings of `code`.
fn check_fixture(path: &Path, code: &str) -> Result<(SourceFile, Vec<Finding>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let dir = path.parent().unwrap();
    let name = format!(
        "{}/{}",
        dir.file_name().unwrap().to_string_lossy(),
        path.file_name().unwrap().to_string_lossy()
    );
    let src = SourceFile::new(name, text);
    let config = config_for(dir);
    let tax = config.taxonomy().map_err(|e| e.to_string())?;
    let model = policyc::compile(&src, tax).map_err(|errs| {
        let rendered: String = errs.iter().map(|e| render(e, Style::plain())).collect();
        format!("does not compile:\n{rendered}")
    })?;
    let findings = check::run(&model, &src, &config)
        .into_iter()
        .filter(|f| f.rule.code == code)
        .collect();
    Ok((src, findings))
}

/// The fixture directories, sorted.
fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_root())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn policy_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    files.sort();
    files
}

#[test]
fn fixtures_match_annotations() {
    let only = only();
    let mut problems = Vec::new();
    let mut checked = 0;
    for dir in fixture_dirs() {
        let code = dir.file_name().unwrap().to_string_lossy().to_string();
        if only.as_ref().is_some_and(|o| *o != code) {
            continue;
        }
        for required in ["fail.policy", "pass.policy"] {
            if !dir.join(required).is_file() {
                problems.push(format!("{code}: missing {required}"));
            }
        }
        for path in policy_files(&dir) {
            let file = path.file_name().unwrap().to_string_lossy().to_string();
            let failing = file.starts_with("fail");
            if !failing && !file.starts_with("pass") {
                problems.push(format!(
                    "{code}/{file}: fixture names start with `fail` or `pass`"
                ));
                continue;
            }
            let (src, findings) = match check_fixture(&path, &code) {
                Ok(r) => r,
                Err(e) => {
                    problems.push(format!("{code}/{file}: {e}"));
                    continue;
                }
            };
            checked += 1;
            let want = expected(src.text(), &code);
            let got: BTreeSet<(usize, String)> = findings
                .iter()
                .map(|f| (src.line_col(f.span.start).0, f.rule.code.to_string()))
                .collect();
            if failing && want.is_empty() {
                problems.push(format!(
                    "{code}/{file}: a failing fixture needs at least one `// expect: {code}` line"
                ));
            }
            if !failing && !want.is_empty() {
                problems.push(format!(
                    "{code}/{file}: a passing fixture must not expect `{code}`"
                ));
            }
            let missing: Vec<String> = want
                .difference(&got)
                .map(|(l, _)| format!("line {l}"))
                .collect();
            let unexpected: Vec<String> = got
                .difference(&want)
                .map(|(l, _)| format!("line {l}"))
                .collect();
            if !missing.is_empty() {
                problems.push(format!(
                    "{code}/{file}: expected `{code}` but got none at {}",
                    missing.join(", ")
                ));
            }
            if !unexpected.is_empty() {
                let rendered: String = findings
                    .iter()
                    .filter(|f| {
                        unexpected.contains(&format!("line {}", src.line_col(f.span.start).0))
                    })
                    .map(|f| render(f, Style::plain()))
                    .collect();
                problems.push(format!(
                    "{code}/{file}: unexpected `{code}` at {}\n{rendered}",
                    unexpected.join(", ")
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} fixture problem(s) in {checked} checked file(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn failing_fixture_snapshots() {
    let only = only();
    insta::glob!("fixtures/rules/*/fail*.policy", |path| {
        let code = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        if only.as_ref().is_some_and(|o| *o != code) {
            return;
        }
        // A fixture that does not compile is reported by
        // `fixtures_match_annotations`; there is nothing to snapshot.
        let Ok((src, findings)) = check_fixture(path, &code) else {
            eprintln!("skipped (does not compile): {}", path.display());
            return;
        };
        let diagnostics: String = findings.iter().map(|f| render(f, Style::plain())).collect();
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{}\n----- DIAGNOSTICS\n{diagnostics}",
            src.text()
        ));
    });
}

/// The harness itself: annotations are read as documented.
#[test]
fn annotations_are_parsed() {
    let text = "a\nb // expect: T001, T002\nc // expect: T002\n";
    assert_eq!(
        expected(text, "T002"),
        BTreeSet::from([(2, "T002".into()), (3, "T002".into())])
    );
    assert_eq!(expected(text, "T001"), BTreeSet::from([(2, "T001".into())]));
    assert!(expected(text, "T003").is_empty());
}
