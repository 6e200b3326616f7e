//! The fuzz targets' pipelines (src/fuzzing.rs) on the inputs kept in
//! tests/fixtures/fuzz/: awkward inputs written by hand, and every input a
//! fuzzer found that crashed, hung or ran slowly, added when it was fixed
//! (see docs/fuzzing.md). Each must finish without a panic, in bounded time,
//! with output of bounded size.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

/// Far above what any input of up to 64 KB takes, even unoptimised on a busy
/// machine (the fuzzers' own limit is 10 s per input, optimised); far below
/// what a quadratic blow-up on such an input takes.
const TIME_LIMIT: Duration = Duration::from_secs(30);

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir("tests/fixtures/fuzz")
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// Run the three targets on one input; panics are caught and reported with
/// the input's name.
fn run_all(name: &str, bytes: &[u8]) -> (Option<usize>, Option<usize>, Option<usize>) {
    let start = Instant::now();
    let run = std::panic::catch_unwind(|| {
        (
            policyc::fuzzing::compile_check(bytes),
            policyc::fuzzing::render(bytes),
            policyc::fuzzing::diff(bytes),
        )
    });
    let elapsed = start.elapsed();
    let Ok(result) = run else {
        panic!("{name} panicked");
    };
    assert!(elapsed < TIME_LIMIT, "{name} took {elapsed:?}");
    result
}

#[test]
fn regression_inputs_run_through_every_target() {
    let inputs = inputs();
    assert!(inputs.len() >= 6);
    for (name, bytes) in inputs {
        assert!(
            bytes.len() <= 65_536,
            "{name}: fuzz inputs are at most 64 KB"
        );
        let (findings, page_bytes, changes) = run_all(&name, &bytes);
        // four pages (md and html, zh and en): a fixed frame, and a bounded
        // amount of text for each input byte
        if let Some(total) = page_bytes {
            assert!(
                total <= 4 * (1 << 20) + 400 * bytes.len(),
                "{name}: {total} bytes of pages"
            );
        }
        if let Some(n) = findings {
            assert!(n <= 10 * bytes.len() + 100, "{name}: {n} findings");
        }
        if let Some(n) = changes {
            assert!(n <= 10 * bytes.len() + 100, "{name}: {n} changes");
        }
    }
}

#[test]
fn examples_run_through_every_target() {
    for name in ["minimal", "mengshang", "jinshang"] {
        let bytes = std::fs::read(format!("examples/{name}.policy")).unwrap();
        let (findings, pages, _) = run_all(name, &bytes);
        assert!(findings.is_some(), "{name}");
        assert!(pages.is_some(), "{name}");
        let mut pair = bytes.clone();
        pair.push(0);
        pair.extend_from_slice(&bytes);
        assert_eq!(
            policyc::fuzzing::diff(&pair),
            Some(0),
            "{name} against itself"
        );
    }
}

/// The two versions in examples/history differ; the diff target finds the
/// changes when they are joined the way the diff corpus joins them.
/// The build-file readers of `policyc verify` on every regression input and
/// every verify fixture: no panic, whatever the bytes (tests/verify/ holds
/// real manifests, Gradle files and broken ones).
#[test]
fn readers_of_verify_take_any_bytes() {
    let mut files: Vec<(String, Vec<u8>)> = inputs();
    let mut stack = vec![std::path::PathBuf::from("tests/verify")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    assert!(files.len() > 20, "only {} inputs", files.len());
    let accepted: usize = files
        .iter()
        .map(|(_, bytes)| policyc::fuzzing::verify_read(bytes))
        .sum();
    assert!(accepted > 0, "no reader accepted any fixture");
}

#[test]
fn history_pair_runs_through_the_diff_target() {
    let mut pair = std::fs::read("examples/history/jinshang-v1.policy").unwrap();
    pair.push(0);
    pair.extend(std::fs::read("examples/history/jinshang-v2.policy").unwrap());
    let changes = policyc::fuzzing::diff(&pair);
    assert!(changes.is_some_and(|n| n > 0), "{changes:?}");
}

/// Compile and check in process (the stages that were slow, without the
/// reports); the time it took.
fn check_time(text: &str) -> Duration {
    let tax = policyc::model::Taxonomy::builtin().unwrap();
    let src = policyc::source::SourceFile::new("t.policy", text);
    let start = Instant::now();
    let model = policyc::compile(&src, tax).unwrap();
    let findings = policyc::check::run(&model, &src, &policyc::check::Config::default());
    assert!(!findings.is_empty());
    start.elapsed()
}

/// Whether checking grows linearly: the time for `big` (8 times the size of
/// `small`) against the better of two runs of `small`. Linear is 8 times,
/// quadratic 64 (the code before the fixes took 68 to 70 times); 32 leaves
/// room for a busy machine (the fixed code takes 8 to 15 times).
fn assert_linear(what: &str, small: &str, big: &str) {
    let t1 = check_time(small).min(check_time(small));
    let t8 = check_time(big);
    eprintln!(
        "{what}: {t1:?} for {} bytes, {t8:?} for {} bytes",
        small.len(),
        big.len()
    );
    assert!(
        t8 < t1 * 32 + Duration::from_millis(500),
        "{what}: {t1:?} for {} bytes, {t8:?} for {} bytes",
        small.len(),
        big.len()
    );
}

/// Found by the fuzzer's slow-unit report (docs/fuzzing.md): every
/// suppression comment on its own line looked for the next line of code by
/// scanning the lines after it, so a file of comments was quadratic.
#[test]
fn a_run_of_suppression_comments_is_linear() {
    let comments = |n: usize| {
        let mut s = String::from("policy \"p\" {}\n");
        for i in 0..n {
            s.push_str(&format!(
                "// policyc: allow T{:03} because reason {i}\n",
                i % 1000
            ));
        }
        s
    };
    assert_linear("comments", &comments(2_000), &comments(16_000));
}

/// Every finding was compared with every suppression: many declarations,
/// each with its suppressions, were quadratic.
#[test]
fn many_suppressed_declarations_are_linear() {
    let decls = |n: usize| {
        let mut s = String::from("policy \"p\" {}\n");
        for i in 0..n {
            s.push_str(&format!(
                "// policyc: allow T001, T002, X999 because named in annex\n\
                 // policyc: allow T001 because again\n\
                 recipient r{i} \"合作伙伴\" {{\n  type \"技术服务类合作伙伴\" // policyc: allow T001 because x\n}}\n"
            ));
        }
        s
    };
    assert_linear("declarations", &decls(500), &decls(4_000));
}
