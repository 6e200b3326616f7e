//! The rule fixture harness.
//!
//! Every directory `tests/fixtures/rules/<CODE>/` holds `fail.policy` and
//! `pass.policy` (and optionally more `fail-*.policy` / `pass-*.policy`, and a
//! `policyc.yaml` used for all of them). Each file is compiled and checked;
//! only findings of `<CODE>` are kept. The expected findings are the lines
//! annotated `// expect: <CODE>` (several codes: `// expect: T001, T002`;
//! codes other than `<CODE>` are ignored here; a severity after the code,
//! `// expect: P004 warning`, is checked too). The set of (line of the
//! primary span's start, code) must equal the annotations; a `fail` file must
//! expect at least one finding and a `pass` file none.
//!
//! Each `fail` file is also snapshotted with its rendered diagnostics. Every
//! rule's docs page has the common shape and two examples, the first failing
//! and the second passing.
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
    annotations(text, code)
        .into_iter()
        .map(|(l, c, _)| (l, c))
        .collect()
}

/// The annotations for `code`: (line, code, severity if one is given).
fn annotations(text: &str, code: &str) -> Vec<(usize, String, Option<String>)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("// expect:") else {
            continue;
        };
        for group in line[at + "// expect:".len()..].split(',') {
            let mut words = group.split_whitespace();
            let Some(c) = words.next() else { continue };
            if c.eq_ignore_ascii_case(code) {
                out.push((i + 1, code.to_string(), words.next().map(str::to_string)));
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
            for (line, _, severity) in annotations(src.text(), &code) {
                let Some(severity) = severity else { continue };
                let at_line: Vec<&str> = findings
                    .iter()
                    .filter(|f| src.line_col(f.span.start).0 == line)
                    .map(|f| f.severity.as_str())
                    .collect();
                if !at_line.is_empty() && !at_line.contains(&severity.as_str()) {
                    problems.push(format!(
                        "{code}/{file}: line {line} expects {severity}, got {at_line:?}"
                    ));
                }
            }
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
    assert_eq!(
        annotations("x // expect: P004 warning, T001\n", "P004"),
        vec![(1, "P004".to_string(), Some("warning".to_string()))]
    );
}

/// The ```policy blocks of a docs page, in order.
fn policy_blocks(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in md.lines() {
        match &mut cur {
            None if line.trim() == "```policy" => cur = Some(String::new()),
            Some(b) if line.trim() == "```" => {
                out.push(std::mem::take(b));
                cur = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}

/// The codes of one rule's findings on a policy text.
fn codes_found(code: &str, name: &str, text: &str) -> Result<usize, String> {
    let src = SourceFile::new(name, text.to_string());
    let config = Config::default();
    let model =
        policyc::compile(&src, config.taxonomy().map_err(|e| e.to_string())?).map_err(|errs| {
            let rendered: String = errs.iter().map(|e| render(e, Style::plain())).collect();
            format!("{name} does not compile:\n{rendered}")
        })?;
    Ok(check::run(&model, &src, &config)
        .iter()
        .filter(|f| f.rule.code == code)
        .count())
}

/// Every rule's page (`policyc explain CODE`) opens with its code and name,
/// its severity and sources, has the common sections, and its two examples
/// fail and pass.
#[test]
fn docs_pages_have_the_shape_and_working_examples() {
    let mut failures = Vec::new();
    for rule in policyc::check::registry::all() {
        let code = rule.code;
        if code.starts_with('Z') || code.starts_with('V') {
            // suppression problems: their examples are comments; verify's
            // codes need a build file beside the policy (tests/verify.rs)
            continue;
        }
        let doc = rule.explanation;
        let mut lines = doc.lines();
        let first = lines.next().unwrap_or("");
        if first != format!("# {code}: {}", rule.name) {
            failures.push(format!("{code}: first line is `{first}`"));
        }
        let sev = lines.next().unwrap_or("");
        if !sev.starts_with(&format!("Severity: {}", rule.severity.as_str())) {
            failures.push(format!("{code}: second line is `{sev}`"));
        }
        if !lines.next().unwrap_or("").starts_with("Sources: ") {
            failures.push(format!("{code}: third line is not `Sources: …`"));
        }
        for h in [
            "## What it checks",
            "## Why",
            "## Failing example",
            "## Passing example",
        ] {
            if !doc.contains(h) {
                failures.push(format!("{code}: no `{h}`"));
            }
        }
        let blocks = policy_blocks(doc);
        let [fail, pass] = blocks.as_slice() else {
            failures.push(format!(
                "{code}: {} policy blocks, expected 2",
                blocks.len()
            ));
            continue;
        };
        match codes_found(code, &format!("{code}.md failing"), fail) {
            Ok(0) => failures.push(format!("{code}: the failing example does not trigger it")),
            Ok(_) => {}
            Err(e) => failures.push(e),
        }
        match codes_found(code, &format!("{code}.md passing"), pass) {
            Ok(0) => {}
            Ok(n) => failures.push(format!("{code}: the passing example triggers it {n} times")),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The lexicon topics the rules read exist.
#[test]
fn lexicon_topics_exist() {
    let lex = policyc::check::Lexicon::builtin().unwrap();
    let topics: BTreeSet<&str> = lex.topics().collect();
    for t in [
        "vague-purpose",
        "open-ended",
        "open-ended-not",
        "not-identifiable",
        "not-identifiable-qualified",
        "non-pipl-exception",
        "deemed-by-use",
        "permission-reuse",
        "background",
        "contradiction-deleted",
        "contradiction-stored",
        "onward-use",
        "liability-shift",
        "retention-floor",
        "unreasonable-condition",
        "automated-decision",
        "recipient-type-label",
        "legal-entity-suffix",
        "sdk-light-feature",
        "persistent-device-id",
        "third-party-marker",
        "aml-law",
        "delete-trigger-purpose",
        "delete-trigger-end",
        "delete-trigger-withdraw",
        "delete-trigger-unlawful",
        "credit-bureau",
        "written-authorisation",
        "contact-use-beyond",
        "contact-repair",
        "unnamed-source",
    ] {
        assert!(topics.contains(t), "lexicon topic `{t}` is missing");
    }
}
