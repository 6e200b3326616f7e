//! Rules of areas T, R, X, U, A, K and F: each code's fixtures
//! (`tests/fixtures/rules/<CODE>/{fail,pass}.policy`, expected findings as
//! `// expect: CODE` annotations) and the two examples of its docs page.
//! The general harness (tests/rules.rs) snapshots the rendered diagnostics;
//! this test pins the (line, code) sets and the docs examples.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use policyc::check::{registry, Ctx, Facts, Lexicon, Rule, Sink};
use policyc::model::{Model, Taxonomy};
use policyc::source::SourceFile;

const CODES: &[&str] = &[
    "T001", "T002", "T003", "T004", "T005", "T006", "T007", "T008", "T009", "T010", "T011", "T012",
    "T013", "R001", "R002", "R003", "R004", "X001", "X002", "X003", "U001", "U002", "U003", "U004",
    "U005", "U006", "U007", "U008", "A001", "A002", "A003", "K001", "F001", "F002", "F003", "F004",
];

fn compile(name: &str, text: &str) -> Model {
    let tax = Taxonomy::builtin().unwrap();
    match policyc::compile(&SourceFile::new(name, text.to_string()), tax) {
        Ok(m) => m,
        Err(errs) => {
            let src = SourceFile::new(name, text.to_string());
            let shown: Vec<String> = errs
                .iter()
                .map(|e| policyc::report::render(e, policyc::report::Style::plain()))
                .collect();
            let _ = src;
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

/// Lines (1-based) where findings of `rule` start, with their messages.
fn run(rule: &'static Rule, text: &str, m: &Model) -> Vec<(usize, String)> {
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
            (text[..at].matches('\n').count() + 1, f.message)
        })
        .collect()
}

fn expected(text: &str, code: &str) -> BTreeSet<usize> {
    let tag = format!("// expect: {code}");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(&tag))
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn fixtures_match_annotations() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut failures = Vec::new();
    for code in CODES {
        let rule = registry::lookup(code).unwrap_or_else(|| panic!("{code} is not registered"));
        for kind in ["fail", "pass"] {
            let path = root.join(code).join(format!("{kind}.policy"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let m = compile(&format!("{code}/{kind}.policy"), &text);
            let found = run(rule, &text, &m);
            let lines: BTreeSet<usize> = found.iter().map(|(l, _)| *l).collect();
            let want = expected(&text, code);
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
fn policy_blocks(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in doc.lines() {
        match (&mut cur, line.trim_start()) {
            (None, l) if l.starts_with("```policy") => cur = Some(String::new()),
            (Some(_), l) if l.starts_with("```") => out.push(cur.take().unwrap()),
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[test]
fn docs_pages_have_the_shape_and_working_examples() {
    let mut failures = Vec::new();
    for code in CODES {
        let rule = registry::lookup(code).unwrap();
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
        let mf = compile(&format!("{code}.md failing"), fail);
        if run(rule, fail, &mf).is_empty() {
            failures.push(format!("{code}: the failing example does not trigger it"));
        }
        let mp = compile(&format!("{code}.md passing"), pass);
        let found = run(rule, pass, &mp);
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
