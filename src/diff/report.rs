//! The change report for people (`human`) and for machines (`json`).
//!
//! The JSON shape is ours and versioned (`version`); `docs/diff.md`
//! documents it. Both list every change with its class, consequence, legal
//! references and where it is in each version.

use serde::Serialize;

use super::change::{Change, ChangeSet};
use super::classes::Consequence;
use crate::model::Model;
use crate::render::Lang;
use crate::source::{SourceFile, Span};

/// Version of the JSON report's shape. Bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// One version of the policy: its source and resolved model.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub src: &'a SourceFile,
    pub model: &'a Model,
}

fn location(src: &SourceFile, span: Span) -> String {
    let (line, col) = src.line_col(span.start);
    format!("{}:{line}:{col}", src.name())
}

/// The source line a span starts on, for the snippet.
fn source_line(src: &SourceFile, span: Span) -> (usize, String) {
    let (line, _) = src.line_col(span.start);
    // The line around the span's start, found from the span (not by counting
    // lines from the top, which made a report of many changes quadratic).
    let all = src.text();
    let at = (span.start as usize).min(all.len());
    let start = all
        .get(..at)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1);
    let rest = all.get(start..).unwrap_or("");
    let text = rest.split('\n').next().unwrap_or("");
    let text = text.strip_suffix('\r').unwrap_or(text);
    let mut shown: String = text.trim_end().chars().take(100).collect();
    if text.trim_end().chars().count() > 100 {
        shown.push('…');
    }
    (line, shown)
}

fn counts(set: &ChangeSet) -> String {
    let n = set.changes.len();
    let parts: Vec<String> = set
        .tally()
        .iter()
        .map(|(c, k)| format!("{k} {c}"))
        .collect();
    format!(
        "{n} change{} ({})",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// The human report: each change with its code, name, consequence, a line
/// of description, both locations with their source line, and its legal
/// references; then the verdict.
pub fn human(set: &ChangeSet, old: Side<'_>, new: Side<'_>, lang: Lang) -> String {
    let mut out = String::new();
    for c in &set.changes {
        human_change(&mut out, c, old, new, lang);
        out.push('\n');
    }
    match set.verdict() {
        None => out.push_str("no changes\n"),
        Some(v) => {
            out.push_str(&format!("verdict: {v}: {}\n", counts(set)));
            out.push_str(verdict_help(v));
            out.push('\n');
        }
    }
    out
}

/// What the verdict obliges the company to do, in one line.
pub fn verdict_help(v: Consequence) -> &'static str {
    match v {
        Consequence::SeparateConsent => {
            "  = ask users for separate consent to the marked changes before applying them, and notify the changed parts (PIPL Art. 14 ¶2, 17 ¶2, 23, 25, 29, 39)"
        }
        Consequence::Consent => {
            "  = ask users for consent again before applying the changes, and notify the changed parts (PIPL Art. 14 ¶2, 17 ¶2)"
        }
        Consequence::Notice => "  = notify users of the changed parts (PIPL Art. 17 ¶2); no new consent is needed",
        Consequence::Editorial => "  = editorial only: no notice to users is required",
    }
}

fn human_change(out: &mut String, c: &Change, old: Side<'_>, new: Side<'_>, lang: Lang) {
    out.push_str(&format!(
        "{} {} ({})\n",
        c.code,
        c.code.name(),
        c.consequence()
    ));
    out.push_str(&format!("  {}\n", c.description));
    for (label, side, span) in [("old", old, c.old), ("new", new, c.new)] {
        match span {
            Some(span) => {
                let (line, text) = source_line(side.src, span);
                out.push_str(&format!("  {label}: {}\n", location(side.src, span)));
                out.push_str(&format!("  {line:>5} │ {text}\n"));
            }
            None => out.push_str(&format!("  {label}: (not present)\n")),
        }
    }
    if let Some(class) = c.code.class() {
        if !class.legal.is_empty() {
            out.push_str(&format!("  legal: {}\n", class.cite_all(lang).join("; ")));
        }
    }
    if let Some(a) = c.adjustment() {
        if c.consequence() != c.code.consequence() {
            out.push_str(&format!(
                "  adjusted: {} → {} ({}): {}\n",
                c.code.consequence(),
                c.consequence(),
                a.key,
                a.reason.get(lang)
            ));
            out.push_str(&format!("  legal: {}\n", a.cite_all(lang).join("; ")));
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    old: JsonSide<'a>,
    new: JsonSide<'a>,
    verdict: &'static str,
    counts: std::collections::BTreeMap<&'static str, usize>,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonSide<'a> {
    file: &'a str,
    policy_version: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    code: &'static str,
    name: &'static str,
    consequence: &'static str,
    legal: Vec<String>,
    subject: JsonSubject<'a>,
    description: &'a str,
    old: Option<JsonLocation<'a>>,
    new: Option<JsonLocation<'a>>,
    /// Present when a rule of the law moved the class's consequence.
    #[serde(skip_serializing_if = "Option::is_none")]
    adjustment: Option<JsonAdjustment>,
}

#[derive(Serialize)]
struct JsonAdjustment {
    rule: &'static str,
    class_consequence: &'static str,
    reason: &'static str,
    legal: Vec<String>,
}

#[derive(Serialize)]
struct JsonSubject<'a> {
    kind: &'static str,
    id: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    span: [u32; 2],
}

fn json_location(src: &SourceFile, span: Option<Span>) -> Option<JsonLocation<'_>> {
    let span = span?;
    let (line, column) = src.line_col(span.start);
    Some(JsonLocation {
        file: src.name(),
        line,
        column,
        span: [span.start, span.end],
    })
}

fn json_side<'a>(s: Side<'a>) -> JsonSide<'a> {
    JsonSide {
        file: s.src.name(),
        policy_version: s.model.header.version.as_ref().map(|t| t.text.as_str()),
    }
}

/// The JSON report (schema version [`JSON_VERSION`], see `docs/diff.md`).
pub fn json(set: &ChangeSet, old: Side<'_>, new: Side<'_>, lang: Lang) -> Result<String, String> {
    let report = JsonReport {
        version: JSON_VERSION,
        old: json_side(old),
        new: json_side(new),
        verdict: set.verdict().map_or("none", Consequence::as_str),
        counts: set
            .tally()
            .into_iter()
            .map(|(c, n)| (c.as_str(), n))
            .collect(),
        changes: set
            .changes
            .iter()
            .map(|c| JsonChange {
                code: c.code.as_str(),
                name: c.code.name(),
                consequence: c.consequence().as_str(),
                legal: c.code.class().map(|k| k.cite_all(lang)).unwrap_or_default(),
                subject: JsonSubject {
                    kind: c.subject.kind.keyword(),
                    id: c.subject.id.as_deref(),
                },
                description: &c.description,
                old: json_location(old.src, c.old),
                new: json_location(new.src, c.new),
                adjustment: c
                    .adjustment()
                    .filter(|_| c.consequence() != c.code.consequence())
                    .map(|a| JsonAdjustment {
                        rule: a.key.as_str(),
                        class_consequence: c.code.consequence().as_str(),
                        reason: a.reason.get(lang),
                        legal: a.cite_all(lang),
                    }),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    s.push('\n');
    Ok(s)
}
