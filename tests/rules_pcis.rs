//! Rules of areas P, C, I and S: each code's fixtures
//! (`tests/fixtures/rules/<CODE>/{fail,pass}.policy`, expected findings as
//! `// expect: CODE` annotations) and the two examples of its docs page.
//! The general harness (tests/rules.rs) snapshots the rendered diagnostics;
//! this test pins the (line, code) sets, the docs examples, and a few
//! behaviours the fixtures do not show (conditional severities).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use policyc::check::{registry, Ctx, Facts, Lexicon, Rule, Severity, Sink};
use policyc::model::{Model, Taxonomy};
use policyc::source::SourceFile;

const CODES: &[&str] = &[
    "P001", "P002", "P003", "P004", "P005", "P006", "P007", "P008", "P009", "P010", "C001", "C002",
    "C003", "C004", "C005", "C006", "C007", "C008", "C009", "I001", "I002", "I003", "I004", "I005",
    "I006", "I007", "I008", "I009", "S001", "S002", "S003", "S004", "S005",
];

fn compile(name: &str, text: &str) -> Model {
    let tax = Taxonomy::builtin().unwrap();
    match policyc::compile(&SourceFile::new(name, text.to_string()), tax) {
        Ok(m) => m,
        Err(errs) => {
            let shown: Vec<String> = errs
                .iter()
                .map(|e| policyc::report::render(e, policyc::report::Style::plain()))
                .collect();
            panic!("{name} does not compile:\n{}", shown.join("\n"));
        }
    }
}

fn facts(m: &Model) -> Facts {
    Facts {
        app_types: m.header.app_types.iter().map(|a| a.value.clone()).collect(),
        sector: m.header.sector.as_ref().map(|s| s.value),
        volume: m.header.volume.as_ref().map(|v| v.value),
    }
}

/// (line, severity, message) of each finding of `rule`.
fn run(rule: &'static Rule, text: &str, m: &Model) -> Vec<(usize, Severity, String)> {
    let ctx = Ctx {
        model: m,
        taxonomy: Taxonomy::builtin().unwrap(),
        lexicon: Lexicon::builtin().unwrap(),
        facts: facts(m),
    };
    let mut sink = Sink::new(rule);
    (rule.check)(&ctx, &mut sink);
    sink.into_findings()
        .into_iter()
        .map(|f| {
            let at = (f.span.start as usize).min(text.len());
            (text[..at].matches('\n').count() + 1, f.severity, f.message)
        })
        .collect()
}

fn expected(code: &str, text: &str) -> BTreeSet<usize> {
    let tag = format!("// expect: {code}");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(&tag))
        .map(|(i, _)| i + 1)
        .collect()
}

fn rule(code: &str) -> &'static Rule {
    registry::lookup(code).unwrap_or_else(|| panic!("{code} is not registered"))
}

#[test]
fn fixtures_match_annotations() {
    let mut failures = Vec::new();
    for code in CODES {
        let r = rule(code);
        for kind in ["fail", "pass"] {
            let path = format!(
                "{}/tests/fixtures/rules/{code}/{kind}.policy",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let m = compile(&path, &text);
            let found = run(r, &text, &m);
            let lines: BTreeSet<usize> = found.iter().map(|f| f.0).collect();
            let want = expected(code, &text);
            if kind == "fail" && want.is_empty() {
                failures.push(format!("{code}/fail.policy has no `// expect: {code}`"));
            }
            if kind == "pass" && !want.is_empty() {
                failures.push(format!("{code}/pass.policy expects findings"));
            }
            if lines != want {
                failures.push(format!(
                    "{code}/{kind}.policy: expected lines {want:?}, found {found:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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

#[test]
fn docs_examples_fail_and_pass() {
    let mut failures = Vec::new();
    for code in CODES {
        let r = rule(code);
        assert!(
            r.explanation
                .starts_with(&format!("# {code}: {}\n", r.name)),
            "{code}: docs title"
        );
        assert!(
            r.explanation.contains(&format!("\nSeverity: {}", "")),
            "{code}: severity line"
        );
        let blocks = policy_blocks(r.explanation);
        let [fail, pass] = blocks.as_slice() else {
            failures.push(format!(
                "{code}: expected two policy blocks, found {}",
                blocks.len()
            ));
            continue;
        };
        if run(r, fail, &compile("fail", fail)).is_empty() {
            failures.push(format!("{code}: the failing example does not trigger it"));
        }
        let found = run(r, pass, &compile("pass", pass));
        if !found.is_empty() {
            failures.push(format!(
                "{code}: the passing example triggers it: {found:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn lexicon_topics_exist() {
    let lex = Lexicon::builtin().unwrap();
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
    ] {
        assert!(topics.contains(t), "lexicon topic `{t}` missing");
    }
}

fn one(code: &str, text: &str) -> Vec<(usize, Severity, String)> {
    run(rule(code), text, &compile(code, text))
}

#[test]
fn p004_severity_follows_the_volume() {
    let hi = one("P004", "policy \"t\" {\n  volume over-10m\n}\n");
    assert_eq!(
        hi.iter().map(|f| f.1).collect::<Vec<_>>(),
        vec![Severity::Error]
    );
    let unknown = one("P004", "policy \"t\" {\n}\n");
    assert_eq!(
        unknown.iter().map(|f| f.1).collect::<Vec<_>>(),
        vec![Severity::Warning]
    );
    assert!(one("P004", "policy \"t\" {\n  volume under-100k\n}\n").is_empty());
    let no_contact = one(
        "P004",
        "policy \"t\" {\n  volume over-1m\n}\nofficer {\n  name \"张三\"\n}\n",
    );
    assert_eq!(
        no_contact.iter().map(|f| (f.0, f.1)).collect::<Vec<_>>(),
        vec![(4, Severity::Error)]
    );
}

#[test]
fn c004_close_account_only_is_a_warning() {
    let text = "policy \"t\" {\n}\nfunction f {\n  basis consent\n}\nright w {\n  covers withdraw\n  channel close-account\n}\n";
    let f = one("C004", text);
    assert_eq!(
        f.iter().map(|f| (f.0, f.1)).collect::<Vec<_>>(),
        vec![(6, Severity::Warning)]
    );
    // Nothing rests on consent: no duty to offer withdrawal.
    assert!(one(
        "C004",
        "policy \"t\" {\n}\nfunction f {\n  basis legal-duty\n}\n"
    )
    .is_empty());
}

#[test]
fn s004_floor_only_is_a_warning() {
    let text = "policy \"t\" {\n}\nfunction f {\n  collects required face\n}\nretention r {\n  data face\n  at-least 5y\n}\n";
    let f = one("S004", text);
    assert_eq!(
        f.iter().map(|f| (f.0, f.1)).collect::<Vec<_>>(),
        vec![(6, Severity::Warning)]
    );
}

#[test]
fn p008_different_numbers_are_not_reported() {
    let text = "policy \"t\" {\n}\nprocessor {\n  contact phone \"400-669-5352\"\n  contact phone \"95105520\"\n  contact phone \"工作日 9:00-18:00\"\n}\n";
    assert!(one("P008", text).is_empty());
}

#[test]
fn c003_reconsent_promise_covers_a_continued_use_clause() {
    let text = "policy \"t\" {\n}\nupdates {\n  notice popup\n  reconsent-on-material yes\n  deemed-acceptance yes\n}\n";
    assert!(one("C003", text).is_empty());
}

#[test]
fn c002_click_acceptance_wording_is_not_consent_by_use() {
    let text = "policy \"t\" {\n}\nconsent {\n  mechanism click-accept\n  text \"您在勾选或点击“我接受”后视为您接受本政策的全部内容。\"\n}\n";
    assert!(one("C002", text).is_empty());
}
