//! The fuzz targets' pipelines (src/fuzzing.rs) on a set of awkward inputs
//! kept in tests/fixtures/fuzz/: each must finish without a panic. Any input
//! a fuzzer finds that crashes or hangs is added there when it is fixed
//! (see docs/fuzzing.md).
#![allow(clippy::unwrap_used)]

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir("tests/fixtures/fuzz")
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn regression_inputs_run_through_every_target() {
    let inputs = inputs();
    assert!(inputs.len() >= 5);
    for (name, bytes) in inputs {
        let run = std::panic::catch_unwind(|| {
            policyc::fuzzing::compile_check(&bytes);
            policyc::fuzzing::render(&bytes);
            policyc::fuzzing::diff(&bytes);
        });
        assert!(run.is_ok(), "{name} panicked");
    }
}

#[test]
fn examples_run_through_every_target() {
    for name in ["minimal", "mengshang", "jinshang"] {
        let bytes = std::fs::read(format!("examples/{name}.policy")).unwrap();
        assert!(policyc::fuzzing::compile_check(&bytes).is_some(), "{name}");
        assert!(policyc::fuzzing::render(&bytes).is_some(), "{name}");
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
