//! `check --format gitlab`: a GitLab Code Quality report, the JSON array of
//! issues that `artifacts:reports:codequality` takes (a subset of the Code
//! Climate issue format): `description`, `check_name`, `fingerprint`,
//! `severity` and `location.path` / `location.lines`.

use serde::Serialize;

use crate::check::rule::Severity;
use crate::report::baseline::normalise;
use crate::report::entry::{self, Entry, FileResult, Kind};

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Issue {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

/// Code Quality severities: a compile error blocks everything (`blocker`),
/// an error is `major`, a warning `minor`, an info `info`.
pub fn severity(e: &Entry) -> &'static str {
    match (e.kind, e.severity) {
        (Kind::CompileError, _) => "blocker",
        (_, Severity::Error) => "major",
        (_, Severity::Warning) => "minor",
        (_, Severity::Info) => "info",
    }
}

fn issue(e: Entry) -> Issue {
    let path = normalise(&e.file);
    // Unique in the report and stable across runs: the file and the
    // line-independent fingerprint of the finding in it.
    let fingerprint = format!(
        "{:016x}{}",
        entry::fnv1a(format!("{path}\u{0}{}", e.fingerprint).as_bytes()),
        e.fingerprint
    );
    Issue {
        kind: "issue",
        description: format!("{} {}: {}", e.code, e.name, e.message),
        check_name: e.code.clone(),
        fingerprint,
        severity: severity(&e),
        location: Location {
            path,
            lines: Lines {
                begin: e.line,
                end: e.end_line.max(e.line),
            },
        },
    }
}

/// The report written to `out` (a JSON array, pretty-printed, newline at
/// the end).
pub fn write(out: &mut dyn std::io::Write, files: &[FileResult]) -> std::io::Result<()> {
    let issues: Vec<Issue> = entry::each_entry(files).map(issue).collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    out.write_all(b"\n")
}

/// The report as a string.
pub fn to_string(files: &[FileResult]) -> String {
    super::collect(|out| write(out, files))
}
