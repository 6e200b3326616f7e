//! `policyc fmt`: the canonical layout is stable, keeps every comment and
//! never changes what a policy means.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use policyc::model::Taxonomy;
use policyc::source::SourceFile;
use policyc::syntax::format;
use proptest::prelude::*;

/// The resolved model as JSON with every span removed.
fn meaning(name: &str, text: &str) -> Option<serde_json::Value> {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("span");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let model =
        policyc::compile(&SourceFile::new(name, text), Taxonomy::builtin().unwrap()).ok()?;
    let mut v = serde_json::to_value(model).unwrap();
    strip(&mut v);
    Some(v)
}

fn fmt(name: &str, text: &str) -> String {
    format(&SourceFile::new(name, text)).unwrap_or_else(|e| panic!("{name}: {}", e.code()))
}

/// The words of every `//` comment outside strings, in order. Comments that
/// the layout moves to the end of one line read the same.
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("\"\"\"") {
            rest = r.find("\"\"\"").map_or("", |e| &r[e + 3..]);
        } else if c == '"' {
            let mut end = 1;
            let mut escaped = false;
            for (i, ch) in rest[1..].char_indices() {
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' || ch == '\n' {
                    end = i + 2;
                    break;
                }
            }
            rest = &rest[end.min(rest.len())..];
        } else if let Some(r) = rest.strip_prefix("//") {
            let line = r.split('\n').next().unwrap_or("");
            out.extend(
                line.split("//")
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty()),
            );
            rest = &r[line.len()..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn policy_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "policy") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("examples"), &mut out);
    walk(Path::new("tests/fixtures"), &mut out);
    out.sort();
    out
}

#[test]
fn messy_file_snapshot() {
    let bytes = std::fs::read("tests/fixtures/fmt/messy.policy").unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let out = fmt("messy.policy", &text);
    insta::assert_snapshot!(out);
    assert_eq!(fmt("messy.policy", &out), out, "not idempotent");
    assert_eq!(meaning("m", &text), meaning("m", &out));
    assert!(meaning("m", &out).is_some());
    assert_eq!(
        comments(&text),
        comments(&out),
        "comments lost or reordered"
    );
}

#[test]
fn every_example_and_fixture_is_stable_and_keeps_its_meaning() {
    let mut checked = 0;
    for path in policy_files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        let src = SourceFile::new(&name, text.as_str());
        let Ok(once) = format(&src) else { continue };
        assert_eq!(fmt(&name, &once), once, "{name}: not idempotent");
        assert_eq!(
            meaning(&name, &text),
            meaning(&name, &once),
            "{name}: meaning changed"
        );
        assert_eq!(comments(&text), comments(&once), "{name}: comments changed");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} files checked");
}

#[test]
fn examples_are_formatted() {
    for path in policy_files().iter().filter(|p| p.starts_with("examples")) {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            fmt(&path.display().to_string(), &text),
            text,
            "run `policyc fmt {}`",
            path.display()
        );
    }
}

#[test]
fn check_mode_lists_unformatted_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.policy");
    let tidy = dir.path().join("tidy.policy");
    let original = std::fs::read("tests/fixtures/fmt/messy.policy").unwrap();
    std::fs::write(&messy, &original).unwrap();
    std::fs::copy("examples/minimal.policy", &tidy).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_policyc"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["fmt", "--check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        messy.display().to_string()
    );
    assert_eq!(std::fs::read(&messy).unwrap(), original);
    let out = run(&["fmt", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["fmt", "--check", dir.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "temporary files left behind");
    // a file with a syntax error: exit 2, untouched
    let broken = dir.path().join("broken.policy");
    std::fs::write(&broken, "policy \"x\" {\n").unwrap();
    let out = run(&["fmt", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "policy \"x\" {\n"
    );
}

// ---------------------------------------------------------------------------
// Generated policies
// ---------------------------------------------------------------------------

fn ws() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" "),
        Just("  "),
        Just("\n"),
        Just("\n\n  "),
        Just("\t"),
        Just(" // 注释\n")
    ]
    .prop_map(str::to_string)
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z 中文隐私政策，。、]{0,12}".prop_map(|s| format!("\"{s}\"")),
        Just("\"转义 \\\" \\\\ \\n \\u{4E2D}\"".to_string()),
        Just("\"\"\"\n    多行\n      文本\n  \"\"\"".to_string()),
    ]
}

fn text_value() -> impl Strategy<Value = String> {
    (string(), proptest::option::of(string())).prop_map(|(s, en)| match en {
        Some(e) => format!("{s} en {e}"),
        None => s,
    })
}

fn field(w: String) -> impl Strategy<Value = String> {
    prop_oneof![
        text_value().prop_map(|t| format!("purpose {t}")),
        text_value().prop_map(|t| format!("text {t}")),
        Just("kind basic".to_string()),
        Just(format!("basis consent{w},{w}legal-duty")),
        Just(format!("collects required{w}phone{w},{w}face")),
        Just("if-refused blocks-function \"无法使用\"".to_string()),
        Just("background no".to_string()),
        Just("source indirect from \"百行征信\", \"公开渠道\"".to_string()),
    ]
}

fn policy() -> impl Strategy<Value = String> {
    (
        ws(),
        proptest::collection::vec((ws(), ws()), 0..4),
        proptest::collection::vec(ws(), 0..6),
    )
        .prop_flat_map(|(w0, funcs, fields_ws)| {
            let n = funcs.len();
            let fields = proptest::collection::vec(
                field(fields_ws.first().cloned().unwrap_or_else(|| " ".into())),
                0..5,
            );
            (
                Just(w0),
                Just(funcs),
                proptest::collection::vec(fields, n..=n),
                text_value(),
            )
        })
        .prop_map(|(w0, funcs, bodies, title)| {
            let mut s =
                format!("// 生成的政策{w0}\npolicy{w0}{title}{w0}{{{w0}updated 2021-09-15{w0}}}\n");
            for (i, ((a, b), body)) in funcs.iter().zip(bodies).enumerate() {
                s.push_str(&format!("function{a}f{i}{b}\"功能\"{a}{{"));
                for f in body {
                    s.push_str(&format!("{a}{f}{b}"));
                }
                s.push_str("\n}\n");
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn generated_policies_format_stably(src in policy()) {
        let once = format(&SourceFile::new("gen.policy", src.as_str()));
        prop_assume!(once.is_ok());
        let once = once.unwrap();
        prop_assert_eq!(fmt("gen.policy", &once), once.clone());
        prop_assert_eq!(meaning("gen", &src), meaning("gen", &once));
        prop_assert_eq!(comments(&src), comments(&once));
    }
}
