//! `policyc diff` on real consecutive versions of published policies
//! (tests/diff-real/PAIR/): counsel's change list, written before the differ
//! ran, against what the differ reports. Per pair: recall (counsel's changes
//! the differ reports on the right declaration), consequence accuracy (per
//! declaration counsel names: the strongest consequence the differ gives it
//! equals the strongest counsel gives it), consequence accuracy per change
//! (each of counsel's changes: a change of one of counsel's classes on that
//! declaration has counsel's consequence; an editorial change of counsel's is
//! right when no change of its classes is reported above editorial; a change
//! the differ reports under another class counts when some change on the
//! declaration has counsel's consequence) and false alarms (a change above
//! editorial on a declaration counsel lists as unchanged or editorial only).
//!
//! The test prints the table (docs/diff.md keeps a copy) and fails when a
//! pair falls below the floors recorded here, so the figures only go up.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use policyc::diff::{ChangeSet, Consequence};
use policyc::model::{Model, Taxonomy};
use policyc::source::SourceFile;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expect {
    changes: Vec<Counsel>,
    #[serde(default)]
    editorial_only: Vec<Subject>,
}

#[derive(Deserialize)]
struct Counsel {
    id: u32,
    consequence: String,
    subject: Subject,
    #[serde(default)]
    classes: Vec<String>,
}

#[derive(Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Subject {
    kind: String,
    #[serde(default)]
    id: Option<String>,
}

fn compile(path: &std::path::Path) -> Model {
    let text = std::fs::read_to_string(path).unwrap();
    let src = SourceFile::new(path.display().to_string(), text);
    policyc::compile(&src, Taxonomy::builtin().unwrap())
        .unwrap_or_else(|_| panic!("{} does not compile", path.display()))
}

fn consequence(word: &str) -> Consequence {
    match word {
        "separate-consent" => Consequence::SeparateConsent,
        "consent" => Consequence::Consent,
        "notice" => Consequence::Notice,
        "editorial" => Consequence::Editorial,
        other => panic!("unknown consequence `{other}`"),
    }
}

/// The strongest consequence the differ gives each declaration.
fn by_subject(changes: &ChangeSet) -> BTreeMap<Subject, Consequence> {
    let mut out: BTreeMap<Subject, Consequence> = BTreeMap::new();
    for c in &changes.changes {
        let s = Subject {
            kind: c.subject.kind.keyword().to_string(),
            id: c.subject.id.clone(),
        };
        let e = out.entry(s).or_insert(c.consequence());
        *e = (*e).max(c.consequence());
    }
    out
}

struct Score {
    changes: usize,
    found: usize,
    per_change: usize,
    subjects: usize,
    right: usize,
    false_alarms: usize,
    reported: usize,
}

fn score(dir: &std::path::Path) -> Score {
    let expect: Expect =
        serde_yaml::from_str(&std::fs::read_to_string(dir.join("expect.yaml")).unwrap()).unwrap();
    let old = compile(&dir.join("old.policy"));
    let new = compile(&dir.join("new.policy"));
    let changes = policyc::diff::compare(&old, &new);
    let reported = by_subject(&changes);
    let found = expect
        .changes
        .iter()
        .filter(|c| {
            let hit = reported.contains_key(&c.subject);
            if !hit {
                eprintln!(
                    "  {}: change {} on {} {:?} not reported",
                    dir.display(),
                    c.id,
                    c.subject.kind,
                    c.subject.id
                );
            }
            hit
        })
        .count();
    let per_change = expect
        .changes
        .iter()
        .filter(|c| {
            let want = consequence(&c.consequence);
            let on: Vec<_> = changes
                .changes
                .iter()
                .filter(|x| {
                    x.subject.kind.keyword() == c.subject.kind
                        && x.subject.id.as_deref() == c.subject.id.as_deref()
                })
                .collect();
            let of_class: Vec<_> = on
                .iter()
                .filter(|x| c.classes.iter().any(|k| k == x.code.as_str()))
                .collect();
            let ok = if want == Consequence::Editorial {
                of_class.iter().all(|x| x.consequence() == Consequence::Editorial)
            } else if of_class.is_empty() {
                on.iter().any(|x| x.consequence() == want)
            } else {
                of_class.iter().any(|x| x.consequence() == want)
            };
            if !ok {
                eprintln!(
                    "  {}: change {} ({} {:?}): counsel {want:?}, differ {:?}",
                    dir.display(),
                    c.id,
                    c.subject.kind,
                    c.subject.id,
                    on.iter()
                        .map(|x| format!("{} {}", x.code, x.consequence()))
                        .collect::<Vec<_>>()
                );
            }
            ok
        })
        .count();
    let mut wanted: BTreeMap<&Subject, Consequence> = BTreeMap::new();
    for c in &expect.changes {
        let e = wanted.entry(&c.subject).or_insert(Consequence::Editorial);
        *e = (*e).max(consequence(&c.consequence));
    }
    let mut right = 0;
    for (s, want) in &wanted {
        match reported.get(*s) {
            Some(got) if got == want => right += 1,
            got => eprintln!(
                "  {}: {} {:?}: counsel {want:?}, differ {got:?}",
                dir.display(),
                s.kind,
                s.id
            ),
        }
    }
    let false_alarms = reported
        .iter()
        .filter(|(s, &c)| {
            c > Consequence::Editorial
                && (expect.editorial_only.contains(s)
                    || wanted.get(s).is_none_or(|&w| w == Consequence::Editorial))
        })
        .inspect(|(s, c)| {
            eprintln!(
                "  {}: false alarm on {} {:?}: {c:?}",
                dir.display(),
                s.kind,
                s.id
            )
        })
        .count();
    Score {
        changes: expect.changes.len(),
        found,
        per_change,
        subjects: wanted.len(),
        right,
        false_alarms,
        reported: changes.changes.len(),
    }
}

/// (pair, least found, least declarations at counsel's consequence, least
/// changes at counsel's consequence, most false alarms) as measured when the
/// floor was last raised.
const FLOORS: &[(&str, usize, usize, usize, usize)] = &[
    ("douban-privacy-20220211-20220426", 25, 14, 25, 0),
    ("filterbox-privacy-20250117-20250127", 5, 5, 5, 0),
    ("qunachongdian-privacy-20241228-20250109", 3, 3, 3, 0),
    ("xuexi-privacy-20210901-20211230", 22, 18, 22, 0),
];

#[test]
fn real_version_pairs_against_counsel() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff-real");
    let mut pairs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expect.yaml").is_file())
        .collect();
    pairs.sort();
    assert!(pairs.len() >= 4, "at least four real pairs");
    let mut problems = Vec::new();
    eprintln!("| pair | counsel's changes | reported | found | declarations at counsel's consequence | changes at counsel's consequence | false alarms |");
    for dir in &pairs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let s = score(dir);
        eprintln!(
            "| {name} | {} | {} | {} | {}/{} | {}/{} | {} |",
            s.changes,
            s.reported,
            s.found,
            s.right,
            s.subjects,
            s.per_change,
            s.changes,
            s.false_alarms
        );
        let Some(&(_, found, right, per_change, alarms)) = FLOORS.iter().find(|f| f.0 == name)
        else {
            problems.push(format!("{name}: no floor recorded"));
            continue;
        };
        if s.found < found
            || s.right < right
            || s.per_change < per_change
            || s.false_alarms > alarms
        {
            problems.push(format!("{name}: below its floor"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
