//! Suppressions inside build files, in the file's own comment syntax:
//!
//! ```text
//! <!-- policyc: allow V001 because the camera is only used by a removed flavour -->
//! <uses-permission android:name="android.permission.CAMERA" />
//! ```
//!
//! (`// policyc: …` in Gradle scripts and JSON5, `# policyc: …` in TOML.)
//! As in a policy, a comment on its own line applies to the next line that
//! holds something else, a comment at the end of a line to that line; the
//! reason after `because` is mandatory (Z002), and a named code that removes
//! nothing is reported (Z001). Only `V` codes are read here.

use crate::check::finding::Finding;
use crate::check::suppress::{code_list, NO_REASON, UNUSED};
use crate::config::Config;
use crate::source::{SourceFile, Span};

struct Directive {
    span: Span,
    codes: Vec<(String, Span)>,
    reason: Option<String>,
    line: usize,
}

const OPENERS: &[&str] = &["<!--", "//", "#", "/*"];

fn is_comment_line(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || OPENERS.iter().any(|o| t.starts_with(o))
}

fn directives(text: &str) -> Vec<Directive> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |off, l| {
            let start = *off;
            *off += l.len();
            Some((start, l))
        })
        .collect();
    let mut out = Vec::new();
    for (n, (start, line)) in lines.iter().enumerate() {
        let Some(at) = line.find("policyc:") else {
            continue;
        };
        let before = line.get(..at).unwrap_or("");
        let own_line = OPENERS.iter().any(|o| {
            before
                .trim()
                .strip_suffix(o)
                .is_some_and(|b| b.trim().is_empty())
        });
        let body = line.get(at + "policyc:".len()..).unwrap_or("");
        let body = body
            .split("-->")
            .next()
            .unwrap_or(body)
            .split("*/")
            .next()
            .unwrap_or(body);
        let body_start = start + at + "policyc:".len();
        let trimmed = body.trim_start();
        let Some(list) = trimmed.strip_prefix("allow") else {
            continue;
        };
        let list_start = body_start + (body.len() - trimmed.len()) + "allow".len();
        let (codes_text, reason) = match list.find(" because") {
            Some(i) => (
                list.get(..i).unwrap_or(""),
                Some(
                    list.get(i + " because".len()..)
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                ),
            ),
            None => (list, None),
        };
        let codes: Vec<(String, Span)> = code_list(codes_text, list_start)
            .into_iter()
            .filter(|(c, _)| crate::verify::rules::is_verify_code(c))
            .map(|(c, s)| (c.to_ascii_uppercase(), s))
            .collect();
        if codes.is_empty() {
            continue;
        }
        let target = if own_line {
            lines
                .iter()
                .enumerate()
                .skip(n + 1)
                .find(|(_, (_, l))| !is_comment_line(l))
                .map_or(usize::MAX, |(i, _)| i)
        } else {
            n
        };
        let end = start + line.trim_end().len();
        out.push(Directive {
            span: Span::new(start + at, end),
            codes,
            reason: reason.filter(|r| !r.is_empty()),
            line: target,
        });
    }
    out
}

/// Remove the findings of a build file that its comments suppress; add the
/// findings about those comments.
pub fn apply(src: &SourceFile, findings: &mut Vec<Finding>, config: &Config) {
    let text = src.text();
    if !text.contains("policyc:") {
        return;
    }
    let dirs = directives(text);
    let line_of = |offset: u32| {
        text.get(..offset as usize)
            .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count())
    };
    let mut used: Vec<Vec<bool>> = dirs.iter().map(|d| vec![false; d.codes.len()]).collect();
    findings.retain(|f| {
        let line = line_of(f.span.start);
        let mut keep = true;
        for (di, d) in dirs.iter().enumerate() {
            if d.line != line || d.reason.is_none() {
                continue;
            }
            for (ci, (code, _)) in d.codes.iter().enumerate() {
                if code == f.rule.code {
                    keep = false;
                    if let Some(u) = used.get_mut(di).and_then(|u| u.get_mut(ci)) {
                        *u = true;
                    }
                }
            }
        }
        keep
    });
    for (di, d) in dirs.iter().enumerate() {
        if d.reason.is_none() {
            if !config.is_off("Z002") {
                let mut f = Finding::new(&NO_REASON, d.span, crate::msg!("suppress.no-reason"));
                f.label(crate::msg!("suppress.no-because"))
                    .help(crate::msg!("suppress.say-why-in-build-file"));
                findings.push(f);
            }
            continue;
        }
        for (ci, (code, span)) in d.codes.iter().enumerate() {
            let was_used = used
                .get(di)
                .and_then(|u| u.get(ci))
                .copied()
                .unwrap_or(false);
            if !was_used && !config.is_off("Z001") && !config.is_off(code) {
                let mut f =
                    Finding::new(&UNUSED, *span, crate::msg!("suppress.unused", code = code));
                f.label(crate::msg!("suppress.no-finding-here", code = code))
                    .help(crate::msg!("suppress.remove-code"));
                findings.push(f);
            }
        }
    }
}
