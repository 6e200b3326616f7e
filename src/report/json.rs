//! `check --format json`: policyc's own versioned schema (docs/output.md).

use serde::Serialize;

use crate::report::baseline::{Known, Outcome};
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

/// The findings, serialised as they are made (see [`entry::each_entry`]).
struct Stream<I>(std::cell::RefCell<Option<I>>);

impl<I: Iterator<Item = Entry>> Serialize for Stream<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entries = self.0.borrow_mut().take();
        serializer.collect_seq(entries.into_iter().flatten())
    }
}

#[derive(Serialize)]
#[serde(bound = "")]
struct Report<'a, I: Iterator<Item = Entry>> {
    version: u32,
    tool: Tool,
    /// The citation language of the human-readable parts.
    lang: &'static str,
    files: Vec<FileEntry<'a>>,
    findings: Stream<I>,
    summary: Summary,
    /// Only with `--baseline`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineInfo<'a>>,
    /// Only with `--baseline`: its entries that no longer occur.
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<&'a [Known]>,
}

#[derive(Serialize)]
struct BaselineInfo<'a> {
    file: &'a str,
    /// Findings in the baseline, not listed in `findings`.
    baselined: usize,
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
    write_with(out, files, lang, None)
}

/// [`write`], with what a baseline (its file name and outcome) did.
pub fn write_with(
    out: &mut dyn std::io::Write,
    files: &[FileResult],
    lang: crate::check::Lang,
    baseline: Option<(&str, &Outcome)>,
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
        findings: Stream(std::cell::RefCell::new(Some(entry::each_entry(files)))),
        summary: Summary::of(files),
        baseline: baseline.map(|(file, o)| BaselineInfo {
            file,
            baselined: o.baselined,
        }),
        fixed: baseline.map(|(_, o)| o.fixed.as_slice()),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")
}
