//! The message catalogue (`data/messages/*.yaml`, `src/messages.rs`):
//! every message exists in Chinese and English with the same placeholders,
//! every key is used, and fingerprints do not depend on the language.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use policyc::messages::{catalogue, placeholders};

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3000..=0x303F | 0xFF00..=0xFFEF)
    })
}

#[test]
fn catalogue_is_not_empty_and_sorted() {
    let cat = catalogue();
    assert!(cat.len() > 300, "only {} messages", cat.len());
    assert!(
        cat.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)),
        "keys are sorted and unique"
    );
}

#[test]
fn every_chinese_text_is_chinese() {
    let bad: Vec<&str> = catalogue()
        .iter()
        .filter(|(_, zh, _)| !has_cjk(zh))
        .map(|(k, _, _)| *k)
        .collect();
    assert!(bad.is_empty(), "zh texts without Chinese: {bad:?}");
}

#[test]
fn english_texts_are_not_chinese_sentences() {
    // English texts may quote Chinese examples (`"回复TD退订"`, `(查阅)`), but
    // must not be Chinese copied over: most of their letters are Latin.
    let bad: Vec<&str> = catalogue()
        .iter()
        .filter(|(_, _, en)| {
            let latin = en.chars().filter(char::is_ascii_alphabetic).count();
            let cjk = en.chars().filter(|c| has_cjk(&c.to_string())).count();
            latin < cjk
        })
        .map(|(k, _, _)| *k)
        .collect();
    assert!(bad.is_empty(), "en texts that read as Chinese: {bad:?}");
}

#[test]
fn placeholders_are_the_same_in_both_languages() {
    let mut bad = Vec::new();
    for (key, zh, en) in catalogue() {
        let z: BTreeSet<String> = placeholders(zh).into_iter().collect();
        let e: BTreeSet<String> = placeholders(en).into_iter().collect();
        if z != e {
            bad.push(format!("{key}: zh {z:?}, en {e:?}"));
        }
    }
    assert!(bad.is_empty(), "placeholders differ:\n{}", bad.join("\n"));
}

fn rust_sources(dir: &Path, out: &mut String) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
        }
    }
}

#[test]
fn every_key_is_used() {
    let mut src = String::new();
    rust_sources(Path::new("src"), &mut src);
    let unused: Vec<&str> = catalogue()
        .iter()
        .map(|(k, _, _)| *k)
        .filter(|k| !src.contains(&format!("\"{k}\"")))
        .collect();
    assert!(unused.is_empty(), "keys no source uses: {unused:?}");
}

/// The policies the checks below run over: every example and corpus policy.
fn policies() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/corpus"] {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "policy"))
            .map(|p| p.display().to_string())
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn check_json(file: &str, lang: &str) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(["check", "--format", "json", "--lang", lang, file])
        .output()
        .expect("run policyc");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{file}: not JSON: {e}"))
}

fn fingerprints(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["file"].as_str().unwrap_or("").to_string(),
                        e["code"].as_str().unwrap_or("").to_string(),
                        e["fingerprint"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Fingerprints hash the English text of a message: they are the ones of
/// the release before the catalogue (the fixture), in either language.
#[test]
fn fingerprints_are_todays_in_both_languages() {
    let fixture = std::fs::read_to_string("tests/fixtures/i18n/fingerprints.tsv")
        .expect("fingerprint fixture");
    let mut want: Vec<(String, String, String)> = fixture
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (file, code, _line, fp) = (f.next()?, f.next()?, f.next()?, f.next()?);
            Some((file.to_string(), code.to_string(), fp.to_string()))
        })
        .collect();
    want.sort();
    let files: BTreeSet<String> = want.iter().map(|w| w.0.clone()).collect();
    assert!(
        files.len() > 20,
        "the fixture covers the examples, the corpus and compile errors"
    );
    for lang in ["en", "zh"] {
        let mut got = Vec::new();
        for file in &files {
            got.extend(fingerprints(&check_json(file, lang)));
        }
        got.sort();
        assert_eq!(got.len(), want.len(), "{lang}: number of results");
        let differ: Vec<_> = got
            .iter()
            .zip(&want)
            .filter(|(g, w)| g != w)
            .take(5)
            .collect();
        assert!(
            differ.is_empty(),
            "{lang}: fingerprints changed: {differ:?}"
        );
    }
}

/// `policyc check --lang zh` prints no English sentence: every message,
/// label, help and related label of the JSON output contains Chinese.
#[test]
fn chinese_run_says_everything_in_chinese() {
    let mut bad = Vec::new();
    for file in policies() {
        let v = check_json(&file, "zh");
        assert_eq!(v["lang"], "zh");
        for e in v["findings"].as_array().into_iter().flatten() {
            let code = e["code"].as_str().unwrap_or("?");
            let mut texts: Vec<(&str, &str)> = Vec::new();
            for field in ["message", "label", "help"] {
                if let Some(t) = e[field].as_str() {
                    texts.push((field, t));
                }
            }
            for r in e["related"].as_array().into_iter().flatten() {
                if let Some(t) = r["message"].as_str() {
                    texts.push(("related", t));
                }
            }
            for (field, t) in texts {
                if !has_cjk(t) {
                    bad.push(format!("{file}: {code} {field}: {t}"));
                }
            }
        }
    }
    bad.sort();
    bad.dedup();
    assert!(bad.is_empty(), "English in a zh run:\n{}", bad.join("\n"));
}

#[test]
fn english_run_has_the_english_texts() {
    let v = check_json("examples/minimal.policy", "en");
    let messages: Vec<&str> = v["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert!(!messages.is_empty());
    assert!(messages.contains(&"the policy does not name the personal-information processor"));
}

/// A configuration that does not load is reported in the language it
/// states itself, when `--lang` does not say otherwise.
#[test]
fn a_broken_configuration_speaks_its_own_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("policyc.yaml"), "language: zh\nbogus: 1\n").expect("write");
    let policy = std::fs::read_to_string("examples/minimal.policy").expect("example");
    std::fs::write(dir.path().join("p.policy"), policy).expect("write");
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_policyc"))
            .arg("check")
            .args(extra)
            .arg("p.policy")
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run policyc");
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let zh = run(&[]);
    assert!(
        zh.contains("未知的键") && zh.contains("此处有效的键"),
        "{zh}"
    );
    let en = run(&["--lang", "en"]);
    assert!(
        en.contains("unknown key") && en.contains("valid keys here"),
        "{en}"
    );
}
