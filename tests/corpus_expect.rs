//! Counsel's expectations on the corpus and the seeds (issue #15).
//!
//! Each `tests/corpus/NAME.expect.yaml` turns the audit `NAME.audit.md`
//! (written from the published text before the checker ran) into facts about
//! `policyc check`:
//!
//! - `items`: one per audit item. An item with `status: caught` names the
//!   codes that must fire and the declarations they must fire at (`kind id`,
//!   or `policy` for anywhere); the test fails when one does not. `missed` and
//!   `not-expressible` items say why; they count in the measurement only.
//! - `must_not`: a code that must not fire at a declaration because counsel
//!   disagrees. The test fails when one fires, unless it is marked
//!   `known: true` (a documented false positive not fixed yet).
//! - `findings` and `debatable`: every distinct issue the checker raises,
//!   classified true, false or debatable, for precision.
//!
//! A finding is "at" a declaration when its primary span or one of its
//! related labels starts inside it, so grouping repeated findings into one
//! with labels (issue #15 item 5) keeps the expectations true.
//!
//! The measurement (docs/corpus.md, "Checker precision and recall") is printed
//! by `cargo test --test integration corpus_expect -- --nocapture`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use policyc::check::{self, Config, Finding};
use policyc::model::Model;
use policyc::source::{SourceFile, Span};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    policy: String,
    items: Vec<Item>,
    #[serde(default)]
    must_not: Vec<MustNot>,
    #[serde(default)]
    findings: Vec<Classified>,
    #[serde(default)]
    debatable: Vec<Classified>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    id: String,
    severity: String,
    #[allow(dead_code)]
    audit: String,
    status: Status,
    #[serde(default)]
    fire: Vec<Fire>,
    #[serde(default)]
    partial: Vec<String>,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    why: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
enum Status {
    Caught,
    Missed,
    NotExpressible,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fire {
    code: String,
    at: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MustNot {
    code: String,
    at: String,
    #[serde(default)]
    known: bool,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Classified {
    code: String,
    #[serde(default)]
    verdict: Option<Verdict>,
    at: Vec<String>,
    #[allow(dead_code)]
    why: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
enum Verdict {
    True,
    False,
    Debatable,
}

fn expect_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expect.yaml"))
        .collect();
    files.sort();
    files
}

/// The declarations of a model as (label, span), label `kind id` or `kind`.
fn declarations(model: &Model) -> Vec<(String, Span)> {
    model
        .decls()
        .map(|d| {
            let kind = d.kind().keyword();
            let label = match d.id() {
                Some(id) if !id.is_empty() => format!("{kind} {id}"),
                _ => kind.to_string(),
            };
            (label, d.span())
        })
        .collect()
}

/// The innermost declaration holding `offset` ("policy" when none does).
fn decl_at(decls: &[(String, Span)], offset: u32) -> String {
    decls
        .iter()
        .filter(|(_, s)| s.start <= offset && offset < s.end)
        .min_by_key(|(_, s)| s.end - s.start)
        .map_or_else(|| "policy".to_string(), |(l, _)| l.clone())
}

/// Every (code, declaration) a finding points at: its primary span and its
/// related labels.
fn places(findings: &[Finding], decls: &[(String, Span)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in findings {
        out.push((f.rule.code.to_string(), decl_at(decls, f.span.start)));
        for (s, _) in &f.related {
            out.push((f.rule.code.to_string(), decl_at(decls, s.start)));
        }
    }
    out
}

struct Outcome {
    name: String,
    /// (caught, missed, not-expressible) over items counsel did not rate
    /// debatable, and the same over debatable items.
    recall: [usize; 3],
    recall_debatable: [usize; 3],
    partial: usize,
    /// Distinct issues raised now: true, false, debatable, unclassified.
    issues: [usize; 4],
    unclassified: BTreeSet<String>,
    findings: usize,
    known_fixed: Vec<String>,
    now_firing: Vec<String>,
}

fn check_one(path: &Path, problems: &mut Vec<String>) -> Outcome {
    let name = path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .trim_end_matches(".expect.yaml")
        .to_string();
    let expect: Expect = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join(&expect.policy);
    let text = std::fs::read_to_string(&policy).unwrap();
    let src = SourceFile::new(expect.policy.clone(), text);
    let config = Config::default();
    let model = policyc::compile(&src, config.taxonomy().unwrap())
        .unwrap_or_else(|_| panic!("{} does not compile", expect.policy));
    let findings = check::run(&model, &src, &config);
    let decls = declarations(&model);
    let labels: BTreeSet<&str> = decls.iter().map(|(l, _)| l.as_str()).collect();
    let fired = places(&findings, &decls);
    let fires_at = |code: &str, at: &str| {
        fired
            .iter()
            .any(|(c, d)| c == code && (at == "policy" || d == at))
    };
    let known_decl = |at: &str, what: &str, problems: &mut Vec<String>| {
        if at != "policy" && !labels.contains(at) {
            problems.push(format!(
                "{name}: {what} names `{at}`, which the policy does not declare"
            ));
        }
    };

    let mut recall = [0; 3];
    let mut recall_debatable = [0; 3];
    let mut partial = 0;
    let mut now_firing = Vec::new();
    let mut ids = BTreeSet::new();
    for item in &expect.items {
        if !ids.insert(item.id.clone()) {
            problems.push(format!("{name}: item {} given twice", item.id));
        }
        let slot = match item.status {
            Status::Caught => 0,
            Status::Missed => 1,
            Status::NotExpressible => 2,
        };
        if item.severity == "debatable" {
            recall_debatable[slot] += 1;
        } else {
            recall[slot] += 1;
        }
        match item.status {
            Status::Caught => {
                if item.fire.is_empty() {
                    problems.push(format!("{name}: {} is caught but names no code", item.id));
                }
                if !item.partial.is_empty() {
                    partial += 1;
                }
                for fire in &item.fire {
                    for at in &fire.at {
                        known_decl(at, &item.id, problems);
                        if !fires_at(&fire.code, at) {
                            problems.push(format!(
                                "{name}: {} expects {} at `{at}`, which does not fire",
                                item.id, fire.code
                            ));
                        }
                    }
                }
            }
            Status::Missed | Status::NotExpressible => {
                if item.why.as_deref().unwrap_or("").is_empty() {
                    problems.push(format!(
                        "{name}: {} is {:?} without a why",
                        item.id, item.status
                    ));
                }
                for code in &item.codes {
                    if fires_at(code, "policy") && item.status == Status::Missed {
                        now_firing.push(format!("{}: {code}", item.id));
                    }
                }
            }
        }
    }

    let mut known_fixed = Vec::new();
    for m in &expect.must_not {
        known_decl(&m.at, &format!("must_not {}", m.code), problems);
        let fires = fires_at(&m.code, &m.at);
        if fires && !m.known {
            problems.push(format!(
                "{name}: {} fires at `{}` though counsel disagrees: {}",
                m.code, m.at, m.why
            ));
        } else if !fires && m.known {
            known_fixed.push(format!("{} at {}", m.code, m.at));
        }
    }

    // Precision: every (code, place) is matched to the first classified
    // issue of its code that names the place (or `*`).
    let classified: Vec<(&Classified, Verdict)> = expect
        .findings
        .iter()
        .map(|c| {
            let v = c.verdict.unwrap_or_else(|| {
                problems.push(format!("{name}: finding {} without a verdict", c.code));
                Verdict::Debatable
            });
            (c, v)
        })
        .chain(expect.debatable.iter().map(|c| (c, Verdict::Debatable)))
        .collect();
    let mut raised: BTreeMap<usize, Verdict> = BTreeMap::new();
    let mut unclassified = BTreeSet::new();
    for f in &findings {
        let at = decl_at(&decls, f.span.start);
        let hit = classified
            .iter()
            .position(|(c, _)| c.code == f.rule.code && c.at.iter().any(|a| a == "*" || *a == at));
        match hit {
            Some(i) => {
                raised.insert(i, classified[i].1);
            }
            None => {
                unclassified.insert(format!("{} at {at}", f.rule.code));
            }
        }
    }
    let count = |v: Verdict| raised.values().filter(|x| **x == v).count();
    let unclassified_codes: BTreeSet<&str> = unclassified
        .iter()
        .map(|s| s.split(' ').next().unwrap_or(""))
        .collect();
    Outcome {
        issues: [
            count(Verdict::True),
            count(Verdict::False),
            count(Verdict::Debatable),
            unclassified_codes.len(),
        ],
        name,
        recall,
        recall_debatable,
        partial,
        unclassified,
        findings: findings.len(),
        known_fixed,
        now_firing,
    }
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 {
        "–".to_string()
    } else {
        #[allow(clippy::cast_precision_loss)]
        let p = 100.0 * a as f64 / b as f64;
        format!("{p:.1} %")
    }
}

#[test]
fn corpus_expectations_hold() {
    let files = expect_files();
    assert_eq!(files.len(), 11, "nine corpus policies and two seeds");
    let mut problems = Vec::new();
    let mut table = String::from(
        "| policy | findings | audit items (not debatable) | caught | missed | not expressible | recall | partial | distinct issues | true | false | debatable | unclassified | precision |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut total = Outcome {
        name: "total".into(),
        recall: [0; 3],
        recall_debatable: [0; 3],
        partial: 0,
        issues: [0; 4],
        unclassified: BTreeSet::new(),
        findings: 0,
        known_fixed: Vec::new(),
        now_firing: Vec::new(),
    };
    let mut rows = Vec::new();
    for file in &files {
        let o = check_one(file, &mut problems);
        for i in 0..3 {
            total.recall[i] += o.recall[i];
            total.recall_debatable[i] += o.recall_debatable[i];
        }
        for i in 0..4 {
            total.issues[i] += o.issues[i];
        }
        total.partial += o.partial;
        total.findings += o.findings;
        rows.push(o);
    }
    rows.push(total);
    let mut notes = String::new();
    for o in &rows {
        let [c, m, n] = o.recall;
        let [t, f, d, u] = o.issues;
        writeln!(
            table,
            "| {} | {} | {} | {c} | {m} | {n} | {} | {} | {} | {t} | {f} | {d} | {u} | {} |",
            o.name,
            o.findings,
            c + m + n,
            pct(c, c + m),
            o.partial,
            t + f + d + u,
            pct(t, t + f)
        )
        .unwrap();
        if !o.unclassified.is_empty() {
            writeln!(notes, "{}: unclassified {:?}", o.name, o.unclassified).unwrap();
        }
        if !o.known_fixed.is_empty() {
            writeln!(
                notes,
                "{}: known false positives no longer firing (drop `known`): {:?}",
                o.name, o.known_fixed
            )
            .unwrap();
        }
        if !o.now_firing.is_empty() {
            writeln!(
                notes,
                "{}: missed items whose codes now fire somewhere (review): {:?}",
                o.name, o.now_firing
            )
            .unwrap();
        }
    }
    let [c, m, n] = rows.last().unwrap().recall_debatable;
    writeln!(table, "\nItems counsel rated debatable (not in recall): {c} caught, {m} missed, {n} not expressible.").unwrap();
    println!("{table}\n{notes}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
