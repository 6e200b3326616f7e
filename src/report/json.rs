//! `check --format json`: policyc's own versioned schema (docs/output.md).

use serde::Serialize;

use crate::report::entry::{self, Entry, FileResult, Summary};

/// The schema version; raised on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    /// `checked` or `compile-error`.
    status: &'static str,
    findings: usize,
    compile_errors: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    /// The citation language of the human-readable parts.
    lang: &'static str,
    files: Vec<FileEntry<'a>>,
    findings: Vec<Entry>,
    summary: Summary,
}

/// The whole report as pretty-printed JSON, ending with a newline.
pub fn to_string(files: &[FileResult], lang: crate::check::Lang) -> String {
    let report = Report {
        version: VERSION,
        tool: Tool {
            name: "policyc",
            version: env!("CARGO_PKG_VERSION"),
        },
        lang: lang.code(),
        files: files
            .iter()
            .map(|f| FileEntry {
                path: &f.name,
                status: if f.errors.is_empty() {
                    "checked"
                } else {
                    "compile-error"
                },
                findings: f.findings.len(),
                compile_errors: f.errors.len(),
            })
            .collect(),
        findings: entry::entries(files),
        summary: Summary::of(files),
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
