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
    super::collect(|out| write(out, files, lang))
}

/// The report written to `out` as it is serialised, without building the
/// whole text first (the report of a large file is several times its size).
pub fn write(
    out: &mut dyn std::io::Write,
    files: &[FileResult],
    lang: crate::check::Lang,
) -> std::io::Result<()> {
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
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}
