//! One finding per distinct issue (issue #15 item 5): the default human
//! report joins a problem repeated over items into one finding with a label
//! at every place; `--expand` and the machine formats keep every place.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::process::Command;

fn run(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run policyc");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The codes of the findings of a human report, one per finding drawn
/// (each starts with a `CODE: name` line).
fn drawn_codes(report: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|l| {
            let (code, rest) = l.split_once(": ")?;
            let ok = code.len() == 4
                && code.starts_with(|c: char| c.is_ascii_uppercase())
                && code.chars().skip(1).all(|c| c.is_ascii_digit())
                && !rest.contains(' ');
            ok.then(|| code.to_string())
        })
        .collect()
}

fn places(file: &str) -> usize {
    let (json, _) = run(&["check", "--format", "json", file]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["findings"].as_array().unwrap().len()
}

#[test]
fn seeds_show_a_quarter_of_the_findings_and_every_issue() {
    for seed in ["examples/mengshang.policy", "examples/jinshang.policy"] {
        let all = places(seed);
        let (_, grouped) = run(&["check", seed]);
        let (_, expanded) = run(&["check", "--expand", seed]);
        let shown = drawn_codes(&grouped);
        let each = drawn_codes(&expanded);
        assert_eq!(each.len(), all, "{seed}: --expand draws every place");
        assert!(
            shown.len() * 4 <= all,
            "{seed}: {} findings shown for {all} places",
            shown.len()
        );
        // Every code of the per-place report is still shown.
        let a: BTreeSet<&String> = each.iter().collect();
        let b: BTreeSet<&String> = shown.iter().collect();
        assert_eq!(a, b, "{seed}: the same codes");
        let summary = grouped.lines().last().unwrap_or("");
        assert!(
            summary.starts_with(&format!("{} findings", shown.len()))
                && summary.ends_with(&format!("({all} places; --expand lists each)")),
            "{seed}: {summary}"
        );
    }
}

/// The drawn findings of a human report, each with its code.
fn blocks(report: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in report.lines() {
        if let Some(code) = drawn_codes(line).pop() {
            out.push((code, String::new()));
        }
        if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}

#[test]
fn a_group_names_its_count_and_labels_every_place() {
    let (_, grouped) = run(&["check", "examples/mengshang.policy"]);
    let json = grouped_json();
    // C001 at a few places: every place labelled.
    // T002 with more places than a group draws: the first 12 get a label
    // each, the others are named by line.
    for code in ["C001", "T002"] {
        let blocks: Vec<String> = blocks(&grouped)
            .into_iter()
            .filter(|(c, _)| c == code)
            .map(|(_, b)| b)
            .collect();
        assert_eq!(blocks.len(), 1, "{code}: one finding");
        // the message as one line (miette wraps it)
        let block = &blocks[0].replace("\n  │ ", " ");
        let lines = lines_of(&json, code);
        let places = lines.len();
        assert!(places > 1, "{code}");
        if places <= 12 {
            assert!(
                block.contains(&format!("(the same issue at {places} places)")),
                "{block}"
            );
            assert_eq!(block.matches("╰── ").count(), places, "{block}");
        } else {
            assert!(
                block.contains(&format!(
                    "(the same issue at {places} places; the first 12 are shown, the others are on lines"
                )),
                "{block}"
            );
            assert_eq!(block.matches("╰── ").count(), 12, "{block}");
            let mut others: Vec<u64> = lines[12..].to_vec();
            others.sort_unstable();
            others.dedup();
            let named: String = others
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            assert!(block.contains(&named), "{named} in {block}");
        }
    }
}

/// The lines of a code's places, in report order.
fn lines_of(v: &serde_json::Value, code: &str) -> Vec<u64> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["code"] == code)
        .map(|e| e["line"].as_u64().unwrap())
        .collect()
}

fn grouped_json() -> serde_json::Value {
    let (json, _) = run(&["check", "--format", "json", "examples/mengshang.policy"]);
    serde_json::from_str(&json).unwrap()
}

#[test]
fn the_count_is_said_in_chinese_too() {
    let (_, grouped) = run(&["check", "--lang", "zh", "examples/mengshang.policy"]);
    assert!(
        grouped.contains("同一问题共"),
        "a zh group says 同一问题共 N 处"
    );
    let summary = grouped.lines().last().unwrap_or("");
    assert!(summary.contains("--expand 逐处列出"), "{summary}");
}

#[test]
fn machine_formats_keep_every_place() {
    for format in ["json", "sarif", "gitlab"] {
        let (out, _) = run(&["check", "--format", format, "examples/mengshang.policy"]);
        let n =
            out.matches("\"fingerprint").count() + out.matches("\"partialFingerprints\"").count();
        assert!(n >= places("examples/mengshang.policy"), "{format}: {n}");
    }
}

/// The grouped human report of a small policy, in both languages (read
/// before accepting: a group's message, its count and a label per place).
#[test]
fn grouped_report_snapshot() {
    for lang in ["en", "zh"] {
        let (_, report) = run(&["check", "--lang", lang, "tests/fixtures/cli/basic.policy"]);
        insta::assert_snapshot!(format!("grouped_basic_{lang}"), report);
    }
}
