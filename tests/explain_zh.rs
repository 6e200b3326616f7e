//! The Chinese code pages, `docs/rules/zh/CODE.md`: every code has one, with
//! the shape of its English page, the same legal sources and no English
//! prose; `policyc explain CODE --lang zh` prints it followed by the English
//! page's examples, and `policyc rules --lang zh` lists the Chinese names.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use policyc::check::docs;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policyc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("run policyc")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn fail_with(problems: &[String], what: &str) {
    assert!(
        problems.is_empty(),
        "{} {what}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The codes of the English pages on disk: `docs/rules/A001.md`, …
fn codes_on_disk(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            let code = name.strip_suffix(".md")?;
            let ok = code.len() == 4
                && code.starts_with(|c: char| c.is_ascii_uppercase())
                && code.chars().skip(1).all(|c| c.is_ascii_digit());
            ok.then(|| code.to_string())
        })
        .collect()
}

fn en_page(code: &str) -> String {
    std::fs::read_to_string(root().join(format!("docs/rules/{code}.md"))).unwrap()
}

fn zh_page(code: &str) -> Option<String> {
    std::fs::read_to_string(root().join(format!("docs/rules/zh/{code}.md"))).ok()
}

/// A Chinese page without its notes (the HTML comment that translates the
/// prose of the English examples), and the notes: (English lines, Chinese).
fn split_notes(zh: &str) -> (&str, Vec<(String, String)>) {
    let Some(at) = zh.find("<!-- 示例说明") else {
        return (zh, Vec::new());
    };
    let comment = zh[at..].split("-->").next().unwrap();
    let mut notes = Vec::new();
    for block in comment
        .lines()
        .skip(1)
        .collect::<Vec<_>>()
        .split(|l| l.trim().is_empty())
    {
        let en: Vec<&str> = block
            .iter()
            .take_while(|l| !l.starts_with("= "))
            .copied()
            .collect();
        let zh: String = block
            .iter()
            .skip(en.len())
            .map(|l| l.strip_prefix("= ").unwrap_or(l))
            .collect();
        if !en.is_empty() {
            notes.push((en.join("\n"), zh));
        }
    }
    (&zh[..at], notes)
}

/// Runs of four or more ASCII words outside code fences and code spans: an
/// English sentence left in a Chinese text. Instrument numbers (`GB/T
/// 35273-2020`), identifiers and paths are one or two words and pass.
fn english_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let mut plain = String::new();
        let mut span = false;
        for ch in line.chars() {
            if ch == '`' {
                span = !span;
                plain.push(' ');
            } else if !span {
                plain.push(ch);
            }
        }
        let joiners =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '\'' | '-' | '/' | '.' | ',');
        for segment in plain.split(|c: char| !joiners(c)) {
            let words: Vec<&str> = segment
                .split([' ', ','])
                .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
                .collect();
            if words.len() >= 4 {
                runs.push(format!("`{}` in `{line}`", words.join(" ")));
            }
        }
    }
    runs
}

/// A Chinese numeral (一 … 九千九百九十九) as a number.
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let mut total = 0;
    let mut current = 0;
    for c in s.chars() {
        match c {
            '零' | '〇' => {}
            '两' => current = 2,
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                total += if current == 0 { 1 } else { current } * unit;
                current = 0;
            }
            _ => current = digit(c)?,
        }
    }
    Some(total + current)
}

/// The numbers a sources line cites — articles, paragraphs, items, clauses
/// (`7.3`), sections of the App rules (`二.1` is `2.1`) — without the
/// instruments' own numbers and years (four digits or more) and without
/// what stands inside 《》 (titles).
fn cited_numbers(line: &str) -> BTreeSet<String> {
    let mut arabic = String::new();
    let mut title = 0;
    let mut numeral = String::new();
    let numerals = "〇零一二三四五六七八九十百千两";
    for c in line.chars().chain(std::iter::once(' ')) {
        match c {
            '《' => title += 1,
            '》' => title -= 1,
            _ => {}
        }
        if title == 0 && numerals.contains(c) {
            numeral.push(c);
            continue;
        }
        if !numeral.is_empty() {
            match chinese_number(&numeral) {
                Some(n) => arabic.push_str(&n.to_string()),
                None => arabic.push(' '),
            }
            numeral.clear();
        }
        arabic.push(if title > 0 { ' ' } else { c });
    }
    arabic
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| !t.is_empty() && t.chars().take_while(char::is_ascii_digit).count() < 4)
        .map(str::to_string)
        .collect()
}

fn line_after<'a>(page: &'a str, prefix: &str) -> Option<&'a str> {
    page.lines().find_map(|l| l.strip_prefix(prefix))
}

#[test]
fn every_code_has_a_chinese_page() {
    let codes = codes_on_disk(&root().join("docs/rules"));
    assert_eq!(codes.len(), docs::all_codes().len());
    let mut problems = Vec::new();
    for code in &codes {
        match (zh_page(code), docs::page_zh(code)) {
            (None, _) => problems.push(format!("{code}: no docs/rules/zh/{code}.md")),
            (Some(file), embedded) if embedded != Some(file.as_str()) => {
                problems.push(format!("{code}: the embedded Chinese page is not the file"))
            }
            _ => {}
        }
    }
    for code in codes_on_disk(&root().join("docs/rules/zh")) {
        if !codes.contains(&code) {
            problems.push(format!("docs/rules/zh/{code}.md has no English page"));
        }
    }
    fail_with(&problems, "missing or stray Chinese page(s)");
}

/// The first line keeps `# CODE: name` and adds the Chinese name; the lines
/// and sections of the English page are there in Chinese; the examples are
/// not (they are the English page's).
#[test]
fn chinese_pages_have_the_shape_of_the_english_ones() {
    let mut problems = Vec::new();
    for code in docs::all_codes() {
        let Some(zh) = zh_page(&code) else { continue };
        let en = en_page(&code);
        let (zh, _) = split_notes(&zh);
        let en_first = en.lines().next().unwrap();
        let zh_first = zh.lines().next().unwrap_or("");
        match zh_first.split_once(" — ") {
            Some((head, name))
                if head == en_first
                    && name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) => {}
            _ => problems.push(format!(
                "{code}: first line `{zh_first}` is not `{en_first} — 中文名称`"
            )),
        }
        if let Some(sev) = line_after(&en, "Severity: ") {
            let zh_sev = match sev.split([';', ' ']).next().unwrap_or("") {
                "error" => "错误",
                "warning" => "警告",
                _ => "提示",
            };
            // `error; warning when …`: the first level, then the rest in Chinese.
            let first = sev.split([';', ' ']).next().unwrap_or("");
            let want = format!("严重程度：{zh_sev}（{first}）");
            if !zh.lines().any(|l| l.starts_with(&want)) {
                problems.push(format!("{code}: no line `{want}`"));
            }
        }
        if let Some(c) = line_after(&en, "Consequence: ") {
            let ok =
                line_after(zh, "后果：").is_some_and(|l| l.ends_with(&format!("（{}）", c.trim())));
            if !ok {
                problems.push(format!("{code}: no line `后果：…（{}）`", c.trim()));
            }
        }
        if en.lines().any(|l| l.starts_with("Catalogue: ")) && line_after(zh, "目录：").is_none()
        {
            problems.push(format!("{code}: no line `目录：…`"));
        }
        if line_after(zh, "依据：").is_none() {
            problems.push(format!("{code}: no line `依据：…`"));
        }
        let sections = [
            ("## What it checks", "## 检查内容"),
            ("## Why", "## 理由"),
            ("## Consequence and legal basis", "## 后果与法律依据"),
            ("## Not reported twice", "## 不重复报告"),
        ];
        for (en_h, zh_h) in sections {
            let has = |page: &str, h: &str| page.lines().any(|l| l.trim_end() == h);
            if has(&en, en_h) != has(zh, zh_h) {
                problems.push(format!("{code}: `{en_h}` and `{zh_h}` do not go together"));
            }
        }
        if !zh.contains("## 检查内容")
            || !(zh.contains("## 理由") || zh.contains("## 后果与法律依据"))
        {
            problems.push(format!("{code}: not both sections 检查内容 and 理由"));
        }
        let example_heading = zh
            .lines()
            .any(|l| matches!(l.trim_end(), "## 不合规示例" | "## 合规示例" | "## 示例"));
        if zh.contains("```") || example_heading {
            problems.push(format!(
                "{code}: the Chinese page holds examples (they are the English page's)"
            ));
        }
    }
    fail_with(&problems, "Chinese page shape problem(s)");
}

#[test]
fn chinese_pages_have_no_english_sentences() {
    let mut problems = Vec::new();
    for code in docs::all_codes() {
        let Some(zh) = zh_page(&code) else { continue };
        let (zh, _) = split_notes(&zh);
        for run in english_runs(zh) {
            problems.push(format!("docs/rules/zh/{code}.md: {run}"));
        }
    }
    fail_with(&problems, "English sentence(s) in Chinese pages");
}

/// The 依据 line cites the articles (paragraphs, items, clauses, sections)
/// of the English Sources line, no more and no fewer.
#[test]
fn chinese_pages_cite_the_articles_of_the_english_ones() {
    let mut problems = Vec::new();
    for code in docs::all_codes() {
        let Some(zh) = zh_page(&code) else { continue };
        let en = en_page(&code);
        let en_sources = line_after(&en, "Sources: ").unwrap_or("");
        let zh_sources = line_after(&zh, "依据：").unwrap_or("");
        let (e, z) = (cited_numbers(en_sources), cited_numbers(zh_sources));
        if e != z {
            problems.push(format!(
                "{code}: `{en_sources}` cites {e:?}, `{zh_sources}` cites {z:?}"
            ));
        }
    }
    fail_with(&problems, "citation mismatch(es)");
}

#[test]
fn the_numbers_of_a_citation_are_read_in_both_languages() {
    let en = cited_numbers(
        "PIPL Art. 24 ¶1; PIPL Art. 73 (2); GB/T 35273-2020 7.3; App Rules 2.1 (认定方法 二.1)",
    );
    let zh = cited_numbers(
        "《个人信息保护法》第二十四条第一款；第七十三条第（二）项；GB/T 35273—2020 第7.3条；《App违法违规收集使用个人信息行为认定方法》二.1",
    );
    let want: BTreeSet<String> = ["24", "1", "73", "2", "7.3", "2.1"]
        .map(String::from)
        .into();
    assert_eq!(en, want);
    assert_eq!(zh, want);
    assert_eq!(chinese_number("一百零五"), Some(105));
    assert_eq!(chinese_number("十三"), Some(13));
    assert!(!english_runs("见 `a b c d e` 与 GB/T 35273-2020 App. D")
        .iter()
        .any(|_| true));
    assert_eq!(english_runs("这是 an English sentence here。").len(), 1);
}

/// The English page's example sections as the Chinese explain shows them.
fn examples_in_chinese(en: &str, notes: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut keep = false;
    let mut fence = false;
    for line in en.lines() {
        if line.starts_with("```") {
            fence = !fence;
        }
        if !fence && line.starts_with("## ") {
            keep = true;
            match line {
                "## Failing example" => out.push_str("## 不合规示例\n"),
                "## Passing example" => out.push_str("## 合规示例\n"),
                "## Example" => out.push_str("## 示例\n"),
                _ => keep = false,
            }
            continue;
        }
        if keep {
            out.push_str(match line {
                "Old:" if !fence => "变更前：",
                "New:" if !fence => "变更后：",
                l => l,
            });
            out.push('\n');
        }
    }
    for (en, zh) in notes {
        out = out.replace(&format!("{en}\n"), &format!("{zh}\n"));
    }
    format!("{}\n", out.trim_end())
}

#[test]
fn explain_in_chinese_is_the_chinese_page_and_the_english_examples() {
    let mut problems = Vec::new();
    for code in docs::all_codes() {
        let Some(zh) = zh_page(&code) else { continue };
        let (body, notes) = split_notes(&zh);
        let en = en_page(&code);
        let o = policyc(&["explain", &code, "--lang", "zh"], &root());
        let got = stdout(&o);
        let examples = examples_in_chinese(&en, &notes);
        let want = if examples.trim().is_empty() {
            format!("{}\n", body.trim_end())
        } else {
            format!("{}\n\n{examples}", body.trim_end())
        };
        if o.status.code() != Some(0) || got != want {
            problems.push(format!("{code}: `policyc explain {code} --lang zh` is not the Chinese page and the English examples:\n{got}"));
            continue;
        }
        for run in english_runs(&got) {
            problems.push(format!("{code}: explain in Chinese shows English: {run}"));
        }
    }
    fail_with(&problems, "explain problem(s)");
}

/// Without `--lang`, the configuration's `language` chooses; `--lang`
/// overrides it; without either, English, byte for byte.
#[test]
fn explain_follows_the_configured_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policyc.yaml"), "language: zh\n").unwrap();
    let zh = stdout(&policyc(&["explain", "T001"], dir.path()));
    assert_eq!(zh, docs::explain("T001", policyc::lang::Lang::Zh).unwrap());
    assert!(zh.starts_with(docs::page_zh("T001").unwrap_or("no Chinese page")));
    let en = stdout(&policyc(&["explain", "t001", "--lang", "en"], dir.path()));
    assert_eq!(en, en_page("T001"));
    let plain = tempfile::tempdir().unwrap();
    assert_eq!(
        stdout(&policyc(&["explain", "T001"], plain.path())),
        en_page("T001")
    );
    // A configuration that cannot be read is reported, as by every command.
    std::fs::write(dir.path().join("policyc.yaml"), "language: fr\n").unwrap();
    let o = policyc(&["explain", "T001"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rules_in_chinese_lists_the_chinese_names() {
    let o = policyc(&["rules", "--lang", "zh"], &root());
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let mut problems = Vec::new();
    for rule in policyc::check::registry::all() {
        match docs::name_zh(rule.code) {
            Some(name) if text.contains(&format!("      {name}\n")) => {}
            Some(name) => problems.push(format!("{}: `{name}` not listed", rule.code)),
            None => problems.push(format!("{}: no Chinese name", rule.code)),
        }
    }
    for run in english_runs(&text) {
        problems.push(run);
    }
    fail_with(&problems, "problem(s) in `policyc rules --lang zh`");
    let json = stdout(&policyc(&["rules", "--format", "json"], &root()));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let a001 = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "A001")
        .unwrap();
    assert_eq!(a001["name_zh"].as_str(), docs::name_zh("A001"));
}

#[test]
fn explain_in_chinese_snapshot() {
    let o = policyc(&["explain", "A001", "--lang", "zh"], &root());
    insta::assert_snapshot!(stdout(&o));
}
