//! The catalogue of every code users meet — rules (`A001`…, `Z001`…),
//! compile errors (`E100`…) and change classes (`M001`…) — and each code's
//! page, `docs/rules/CODE.md`, embedded at build time. `policyc explain`,
//! `policyc rules`, the SARIF rule list and the docs tests all read this one
//! list, so a page and the code it explains cannot drift apart.

include!(concat!(env!("OUT_DIR"), "/pages.rs"));

/// What kind of code a code is, by its letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `E…`: the file does not compile.
    CompileError,
    /// `M…`: a change class of `policyc diff`.
    ChangeClass,
    /// Any other letter: a rule of `policyc check` (suppression problems,
    /// `Z…`, included).
    Rule,
}

impl Kind {
    pub fn of(code: &str) -> Kind {
        match code.chars().next() {
            Some('E') => Kind::CompileError,
            Some('M') => Kind::ChangeClass,
            _ => Kind::Rule,
        }
    }
}

/// The page of a code, exactly as in `docs/rules/<CODE>.md`. Codes are
/// matched without regard to case or surrounding space.
pub fn page(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    PAGES.iter().find(|(c, _)| *c == code).map(|(_, p)| *p)
}

/// Every code with a page, sorted.
pub fn all_codes() -> Vec<String> {
    PAGES.iter().map(|(c, _)| (*c).to_string()).collect()
}

/// The codes of one kind with their pages, sorted.
pub fn of_kind(kind: Kind) -> impl Iterator<Item = (&'static str, &'static str)> {
    PAGES
        .iter()
        .copied()
        .filter(move |(c, _)| Kind::of(c) == kind)
}

/// The name in a page's first line, `# CODE: name`.
pub fn page_name(page: &str) -> Option<&str> {
    let first = page.lines().next()?;
    let rest = first.strip_prefix("# ")?;
    let (_, name) = rest.split_once(": ")?;
    Some(name.trim())
}

/// The name of a compile error (`unknown-name` for E201).
pub fn compile_error_name(code: &str) -> Option<&'static str> {
    of_kind(Kind::CompileError)
        .find(|(c, _)| *c == code)
        .and_then(|(_, p)| page_name(p))
}

/// A page's first paragraph under `## What it checks`, for short descriptions.
pub fn what_it_checks(page: &str) -> Option<String> {
    first_paragraph(page, "## What it checks")
}

/// A Chinese page's first paragraph under `## 检查内容`.
pub fn what_it_checks_zh(page: &str) -> Option<String> {
    first_paragraph(page, "## 检查内容")
}

/// The first paragraph under a page's `heading`.
fn first_paragraph(page: &str, heading: &str) -> Option<String> {
    let start = page.find(heading)?;
    let body = page
        .get(start..)?
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty());
    let para: Vec<&str> = body
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    (!para.is_empty()).then(|| para.join(" "))
}

/// A code's Chinese page, exactly as in `docs/rules/zh/<CODE>.md`: the
/// Chinese name, severity, sources and the sections 检查内容 and 理由 (or
/// 后果与法律依据); its examples are the English page's (`explain`).
pub fn page_zh(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_uppercase();
    ZH_PAGES
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, p)| *p)
}

/// The Chinese name in a Chinese page's first line,
/// `# CODE: kebab-name — 中文名称`.
pub fn page_name_zh(page: &str) -> Option<&str> {
    let first = page.lines().next()?;
    let (_, name) = first.split_once(" — ")?;
    let name = name.trim();
    (!name.is_empty()).then_some(name)
}

/// The Chinese name of a code (`未告知的自动化决策` for A001).
pub fn name_zh(code: &str) -> Option<&'static str> {
    page_zh(code).and_then(page_name_zh)
}

/// The headings of an English page's example sections and their Chinese
/// ones.
pub const EXAMPLE_HEADINGS: &[(&str, &str)] = &[
    ("## Failing example", "## 不合规示例"),
    ("## Passing example", "## 合规示例"),
    ("## Example", "## 示例"),
];

/// Where the notes that translate the prose of the English examples begin,
/// in a Chinese page: an HTML comment, so that the page shows none of it.
const NOTES_START: &str = "<!-- 示例说明";

/// The page `policyc explain CODE --lang LANG` prints. English: the page,
/// byte for byte. Chinese: the Chinese page followed by the English page's
/// example sections (the policy source is the same in both languages) under
/// Chinese headings, their few lines of prose translated by the notes of the
/// Chinese page; the English page if there is no Chinese one.
pub fn explain(code: &str, lang: crate::lang::Lang) -> Option<String> {
    let en = page(code)?;
    let zh = match lang {
        crate::lang::Lang::En => None,
        crate::lang::Lang::Zh => page_zh(code),
    };
    let Some(zh) = zh else {
        return Some(en.to_string());
    };
    let (body, notes) = match zh.find(NOTES_START) {
        Some(at) => (&zh[..at], parse_notes(&zh[at + NOTES_START.len()..])),
        None => (zh, Vec::new()),
    };
    let mut out = body.trim_end().to_string();
    out.push('\n');
    let examples = examples_zh(en, &notes);
    if !examples.is_empty() {
        out.push('\n');
        out.push_str(&examples);
    }
    Some(out)
}

/// The notes of a Chinese page: paragraphs of English prose (lines joined
/// with a space), each followed by its translation on lines starting `= `.
fn parse_notes(text: &str) -> Vec<(String, String)> {
    let text = text.split("-->").next().unwrap_or("");
    let mut notes = Vec::new();
    for block in text.split("\n\n") {
        let mut en: Vec<&str> = Vec::new();
        let mut zh: Vec<&str> = Vec::new();
        for line in block.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.strip_prefix("= ") {
                Some(t) => zh.push(t),
                None if zh.is_empty() => en.push(line),
                None => zh.push(line),
            }
        }
        if !en.is_empty() && !zh.is_empty() {
            notes.push((en.join(" "), zh.concat()));
        }
    }
    notes
}

/// An English page's example sections, with Chinese headings and their
/// prose (outside code fences) translated: `Old:`/`New:` of the change
/// classes, anything else by the notes; prose without a note stays English.
fn examples_zh(en: &str, notes: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut inside = false; // inside an example section
    let mut fence = false;
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut String| {
        if para.is_empty() {
            return;
        }
        let joined = para.join(" ");
        let zh = match joined.as_str() {
            "Old:" => Some("变更前："),
            "New:" => Some("变更后："),
            j => notes.iter().find(|(e, _)| e == j).map(|(_, z)| z.as_str()),
        };
        match zh {
            Some(z) => {
                out.push_str(z);
                out.push('\n');
            }
            None => {
                for l in para.iter() {
                    out.push_str(l);
                    out.push('\n');
                }
            }
        }
        para.clear();
    };
    for line in en.lines() {
        if !fence && line.starts_with("## ") {
            flush(&mut para, &mut out);
            match EXAMPLE_HEADINGS.iter().find(|(h, _)| line.trim_end() == *h) {
                Some((_, zh)) => {
                    inside = true;
                    out.push_str(zh);
                    out.push('\n');
                }
                None => inside = false,
            }
            continue;
        }
        if !inside {
            continue;
        }
        if line.trim_start().starts_with("```") {
            flush(&mut para, &mut out);
            fence = !fence;
            out.push_str(line);
            out.push('\n');
        } else if fence {
            out.push_str(line);
            out.push('\n');
        } else if line.trim().is_empty() {
            flush(&mut para, &mut out);
            out.push('\n');
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut out);
    // One newline at the end, as a page has; no blank lines left over from
    // the sections that were skipped.
    let trimmed = out.trim_end();
    if trimmed.is_empty() {
        return String::new();
    }
    format!("{trimmed}\n")
}
