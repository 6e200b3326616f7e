//! Work split over threads gives the same results as work on one thread:
//! parsing in pieces, running the rules of one file on several threads, and
//! checking many files at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use policyc::check::{self, Config};
use policyc::model::Taxonomy;
use policyc::report::{self, entry::FileResult};
use policyc::source::SourceFile;
use policyc::syntax;

fn examples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in ["minimal", "mengshang", "jinshang"] {
        let path = format!("examples/{name}.policy");
        out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
    }
    // A large file: jinshang's declarations after its header, with ids made
    // distinct, many times over (pieces fall in every kind of declaration).
    let jinshang = out.last().unwrap().1.clone();
    let body_at = jinshang.find("\nprocessor").expect("a processor block");
    let (head, body) = jinshang.split_at(body_at);
    let mut big = head.to_string();
    for k in 0..6 {
        big.push_str(&body.replace("\nfunction ", &format!("\nfunction k{k}-")));
    }
    out.push(("big.policy".into(), big));
    out
}

#[test]
fn pieces_parse_to_the_same_tree() {
    for (name, text) in examples() {
        let src = SourceFile::new(&name, text.as_str());
        let whole = syntax::parse(&src);
        for pieces in [2, 3, 4, 7, 16] {
            let split = syntax::parse_in_pieces(&src, pieces);
            match &whole {
                Ok(doc) => assert_eq!(split.as_ref(), Some(doc), "{name} in {pieces} pieces"),
                Err(e) => panic!("{name} does not parse: {e:?}"),
            }
        }
    }
}

/// Syntax errors anywhere in a large file: the error is the one a parse in
/// one piece reports, whatever the number of threads.
#[test]
fn errors_do_not_depend_on_threads() {
    let (_, big) = examples().pop().unwrap();
    let breakages = [
        ("purpose \"", "purpose \"unterminated\n"),
        ("{\n", "{\n  nonsense-field 1\n"),
        ("}\n", "}}\n"),
        ("\"\"\"", "\"\"\"\"\"\"\"\"\""),
        ("collects", "collects ,"),
    ];
    for (at, with) in breakages {
        for fraction in [0.1, 0.5, 0.9] {
            let cut = (big.len() as f64 * fraction) as usize;
            let cut = (cut..big.len()).find(|&i| big.is_char_boundary(i)).unwrap();
            let Some(pos) = big.get(cut..).and_then(|t| t.find(at)) else {
                continue;
            };
            let mut broken = big.clone();
            broken.replace_range(cut + pos..cut + pos + at.len(), with);
            let src = SourceFile::new("broken.policy", broken.as_str());
            let one = format!("{:?}", syntax::parse_on(&src, 1).map(|d| d.decls.len()));
            let four = format!("{:?}", syntax::parse_on(&src, 4).map(|d| d.decls.len()));
            assert_eq!(one, four, "{with:?} at {fraction}");
        }
    }
}

fn report_of(name: &str, text: &str, threads: usize) -> String {
    let src = SourceFile::new(name, text);
    let tax = Taxonomy::builtin().unwrap();
    let Ok(model) = policyc::compile_on(&src, tax, threads) else {
        panic!("{name} does not compile");
    };
    let config = Config {
        threads,
        ..Config::default()
    };
    let findings = check::run(&model, &src, &config);
    let human: String = findings
        .iter()
        .map(|f| report::render(f, report::Style::plain()))
        .collect();
    let result = FileResult {
        name: name.to_string(),
        findings,
        errors: Vec::new(),
        fingerprints: Vec::new(),
    };
    human + &report::json::to_string(&[result], check::Lang::En)
}

#[test]
fn rules_on_threads_find_the_same() {
    // the examples (the large file repeats ids, so it does not compile)
    for (name, text) in examples().into_iter().take(3) {
        let one = report_of(&name, &text, 1);
        let three = report_of(&name, &text, 3);
        assert_eq!(one, three, "{name}");
    }
}
