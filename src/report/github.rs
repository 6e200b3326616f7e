//! `check --format github`: GitHub Actions workflow commands, one line per
//! result, which the runner turns into annotations on the pull request.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE name::message`
//!
//! GitHub shows at most ten annotations of each level per step; the most
//! important ten of each level are annotations, the others are listed in a
//! collapsed log group. [`job_summary`] is the Markdown written to
//! `$GITHUB_STEP_SUMMARY`.

use crate::check::rule::{Relation, Severity};
use crate::check::Lang;
use crate::report::entry::{self, Entry, FileResult, Kind, Summary};

/// Escape a message (the text after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (`file=…`, `title=…`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub shows at most this many annotations of each level per step.
pub const LIMIT: usize = 10;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// How important an entry is for the few annotations GitHub shows, most
/// important first: compile errors, then findings of rules that implement
/// a PIPL article (a statutory duty), then the rest; ties keep report order.
fn rank(e: &Entry) -> (bool, bool) {
    let statutory = e
        .legal
        .iter()
        .any(|l| l.instrument == "PIPL" && l.relation == Relation::Implements);
    (e.kind != Kind::CompileError, !statutory)
}

/// The most important [`LIMIT`] entries of each level, in report order,
/// and the others.
pub fn select(entries: Vec<Entry>) -> (Vec<Entry>, Vec<Entry>) {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| entries.get(i).map(rank));
    let mut shown = vec![false; entries.len()];
    let mut per_level = [0usize; 3];
    for i in order {
        let Some(e) = entries.get(i) else { continue };
        let level = e.severity as usize;
        if let (Some(n), Some(s)) = (per_level.get_mut(level), shown.get_mut(i)) {
            if *n < LIMIT {
                *n += 1;
                *s = true;
            }
        }
    }
    let (mut top, mut rest) = (Vec::new(), Vec::new());
    for (e, s) in entries.into_iter().zip(shown) {
        if s {
            top.push(e);
        } else {
            rest.push(e);
        }
    }
    (top, rest)
}

fn message(e: &Entry, lang: Lang) -> String {
    let mut message = e.message.clone();
    message.push_str(&e.tail(lang));
    message
}

/// The most important results as workflow commands (at most [`LIMIT`] of
/// each level, which is what GitHub shows), each ending with a newline;
/// the others as plain log lines in a collapsed group after them.
pub fn to_string(files: &[FileResult], lang: Lang) -> String {
    let (top, rest) = select(entry::entries(files));
    let mut out = String::new();
    for e in &top {
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            command(e.severity),
            escape_property(&e.file),
            e.line,
            e.column,
            e.end_line,
            e.end_column,
            escape_property(&format!("{} {}", e.code, e.name)),
            escape_data(&message(e, lang)),
        ));
    }
    if !rest.is_empty() {
        let count = |s: Severity| rest.iter().filter(|e| e.severity == s).count();
        let title = crate::msg!(
            "cli.github.more",
            n = rest.len(),
            errors = count(Severity::Error),
            warnings = count(Severity::Warning),
            infos = count(Severity::Info),
            limit = LIMIT
        )
        .render(lang);
        out.push_str(&format!("::group::{}\n", escape_data(&title)));
        for e in &rest {
            out.push_str(&format!(
                "{}:{}:{}: {} {} {}: {}\n",
                e.file,
                e.line,
                e.column,
                e.severity.as_str(),
                e.code,
                e.name,
                e.message.replace(['\r', '\n'], " "),
            ));
        }
        out.push_str("::endgroup::\n");
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// The Markdown job summary (`$GITHUB_STEP_SUMMARY`): the counts, the
/// findings per code, and the most important findings.
pub fn job_summary(files: &[FileResult], lang: Lang) -> String {
    let entries = entry::entries(files);
    let summary = Summary::of(files);
    let t = |key: &str, args: &[(&str, &str)]| crate::messages::fill_key(key, lang, args);
    let mut out = format!("## {}\n\n", t("cli.summary.title", &[]));
    let n = |v: usize| v.to_string();
    out.push_str(&t(
        "cli.summary.counts",
        &[
            ("files", &n(summary.files)),
            ("findings", &n(summary.findings)),
            ("errors", &n(summary.errors)),
            ("warnings", &n(summary.warnings)),
            ("infos", &n(summary.infos)),
            ("compile", &n(summary.compile_errors)),
        ],
    ));
    out.push_str("\n\n");
    if entries.is_empty() {
        return out;
    }
    // Per code: severity (the highest of its results) and count.
    let mut per_code: std::collections::BTreeMap<&str, (&str, Severity, usize)> =
        std::collections::BTreeMap::new();
    for e in &entries {
        let slot = per_code
            .entry(e.code.as_str())
            .or_insert((e.name.as_str(), e.severity, 0));
        slot.1 = slot.1.max(e.severity);
        slot.2 += 1;
    }
    out.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---:|\n",
        t("cli.summary.code", &[]),
        t("cli.summary.name", &[]),
        t("cli.summary.severity", &[]),
        t("cli.summary.count", &[]),
    ));
    for (code, (name, severity, count)) in &per_code {
        out.push_str(&format!(
            "| {code} | {name} | {} | {count} |\n",
            severity.as_str()
        ));
    }
    let (top, _) = select(entries);
    let top: Vec<&Entry> = top
        .iter()
        .filter(|e| e.severity >= Severity::Warning)
        .collect();
    if !top.is_empty() {
        out.push_str(&format!(
            "\n### {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|\n",
            t("cli.summary.top", &[]),
            t("cli.summary.severity", &[]),
            t("cli.summary.code", &[]),
            t("cli.summary.place", &[]),
            t("cli.summary.message", &[]),
        ));
        for e in top {
            out.push_str(&format!(
                "| {} | {} | `{}:{}` | {} |\n",
                e.severity.as_str(),
                e.code,
                cell(&e.file),
                e.line,
                cell(&e.message)
            ));
        }
    }
    out
}
