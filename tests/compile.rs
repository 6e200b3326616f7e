//! Compile errors: every fixture under tests/fixtures/compile/ fails to
//! compile with the code its file name starts with; the rendered diagnostics
//! (source above, no colour, width 80) are snapshots.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use policyc::model::Taxonomy;
use policyc::report::{render, Style};

fn compile_bytes(
    name: &str,
    bytes: Vec<u8>,
) -> Result<(), (String, Vec<policyc::diagnostic::CompileError>)> {
    let tax = Taxonomy::builtin().expect("built-in taxonomy parses");
    match policyc::decode(name, bytes) {
        Err(e) => Err((
            String::from_utf8_lossy(&std::fs::read(name).unwrap_or_default()).into_owned(),
            vec![e],
        )),
        Ok(src) => match policyc::compile(&src, tax) {
            Ok(_) => Ok(()),
            Err(errs) => Err((src.text().to_string(), errs)),
        },
    }
}

#[test]
fn every_compile_error_fixture() {
    insta::glob!("fixtures/compile/*.policy", |path| {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let expected = file.split('-').next().unwrap().to_string();
        let bytes = std::fs::read(path).unwrap();
        let name = format!("fixtures/compile/{file}");
        let (source, errors) = match compile_bytes(&name, bytes) {
            Ok(()) => panic!("{file} compiled without error"),
            Err(e) => e,
        };
        if expected == "E2xx" {
            assert!(
                errors.len() >= 4,
                "{file}: expected every resolution error, got {}",
                errors.len()
            );
            assert!(errors.iter().all(|e| e.code.starts_with("E2")));
        } else {
            assert_eq!(
                errors.first().map(|e| e.code),
                Some(expected.as_str()),
                "{file}"
            );
        }
        for e in &errors {
            assert!(e.help.is_some(), "{file}: {} has no help line", e.code);
            assert!(!e.labels.is_empty(), "{file}: {} has no label", e.code);
        }
        let rendered: String = errors.iter().map(|e| render(e, Style::plain())).collect();
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{source}\n----- DIAGNOSTICS\n{rendered}"
        ));
    });
}

/// Spans are exact: the primary label covers the offending token.
#[test]
fn labels_cover_the_offending_token() {
    let cases: &[(&str, &str, &str)] = &[
        ("policy \"t\" {\n  versoin \"1\"\n}\n", "E101", "versoin"),
        (
            "policy \"t\" {}\ndata x = biometric.fase\n",
            "E206",
            "biometric.fase",
        ),
        (
            "policy \"t\" {}\nfunction f { basis consnet }\n",
            "E210",
            "consnet",
        ),
        (
            "policy \"t\" { updated 2021-02-30 }\n",
            "E204",
            "2021-02-30",
        ),
        (
            "policy \"t\" {}\nfunction f {}\nfunction f {}\n",
            "E202",
            "f",
        ),
    ];
    let tax = Taxonomy::builtin().unwrap();
    for (text, code, token) in cases {
        let src = policyc::source::SourceFile::new("t.policy", *text);
        let errs = policyc::compile(&src, tax).expect_err("fails");
        let e = errs.first().unwrap();
        assert_eq!(e.code, *code, "{text}");
        assert_eq!(src.slice(e.span()), *token, "{text}");
    }
}
