//! The machine view of a check: every finding and compile error of every
//! file as one flat [`Entry`], with lines and columns computed once. The
//! JSON, SARIF and GitHub formats are all written from these entries, so they
//! carry the same results.

use serde::Serialize;

use crate::check::rule::{Relation, Severity};
use crate::check::{docs, Finding};
use crate::diagnostic::CompileError;
use crate::legal::{self, Lang};
use crate::messages::Msg;
use crate::source::{SourceFile, Span};

/// The results of one file.
#[derive(Clone, Debug)]
pub struct FileResult {
    /// The file as named on the command line (`<stdin>` for standard input).
    pub name: String,
    pub findings: Vec<Finding>,
    pub errors: Vec<CompileError>,
    /// The fingerprints of `findings`, when they were computed before some
    /// findings were taken out (a baseline): the remaining findings keep the
    /// identity they had among all of the file's findings. Empty: computed.
    pub fingerprints: Vec<String>,
}

/// Whether an entry is a rule finding or a compile error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Finding,
    CompileError,
}

/// A byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ByteSpan {
    pub start: u32,
    pub end: u32,
}

impl From<Span> for ByteSpan {
    fn from(s: Span) -> ByteSpan {
        ByteSpan {
            start: s.start,
            end: s.end,
        }
    }
}

/// A legal reference of the rule, with both citations.
#[derive(Clone, Debug, Serialize)]
pub struct LegalEntry {
    pub instrument: String,
    pub article: String,
    pub paragraph: Option<u8>,
    pub item: Option<u8>,
    pub relation: Relation,
    pub cite_en: String,
    pub cite_zh: String,
}

/// A second place that matters.
#[derive(Clone, Debug, Serialize)]
pub struct Related {
    /// The file, when it is not the entry's own (`verify`: the policy for a
    /// finding in a build file, a build file for a finding in the policy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub span: ByteSpan,
}

/// One result.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub kind: Kind,
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub legal: Vec<LegalEntry>,
    pub file: String,
    /// 1-based line of the primary span's start.
    pub line: usize,
    /// 1-based column, counted in characters (Unicode scalar values).
    pub column: usize,
    pub end_line: usize,
    /// The column just after the last character of the span (exclusive).
    pub end_column: usize,
    pub span: ByteSpan,
    pub message: String,
    pub label: Option<String>,
    /// How to fix it (citations are in `legal`).
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// Stable across runs and line moves: a hash of the code, the message,
    /// the text at the primary span and its occurrence number.
    pub fingerprint: String,
}

impl Entry {
    /// The entry's legal references, cited in `lang`.
    pub fn cites(&self, lang: Lang) -> Vec<&str> {
        self.legal
            .iter()
            .map(|l| match lang {
                Lang::En => l.cite_en.as_str(),
                Lang::Zh => l.cite_zh.as_str(),
            })
            .collect()
    }

    /// What follows the message in the one-text reports (SARIF, JUnit,
    /// GitHub): the help line and the citations, each on a line of its own,
    /// worded in `lang`.
    pub fn tail(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some(h) = &self.help {
            out.push('\n');
            out.push_str(&crate::msg!("report.help-line", help = h.as_str()).render(lang));
        }
        let cites = self.cites(lang);
        if !cites.is_empty() {
            out.push('\n');
            let sep = match lang {
                Lang::En => "; ",
                Lang::Zh => "；",
            };
            out.push_str(
                &crate::msg!("report.sources-line", sources = cites.join(sep)).render(lang),
            );
        }
        out
    }
}

/// FNV-1a, 64 bits: small, stable across platforms and Rust versions.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn position(src: &SourceFile, span: Span) -> (usize, usize, usize, usize) {
    let (line, column) = src.line_col(span.start);
    let (end_line, end_column) = src.line_col(span.end);
    (line, column, end_line, end_column)
}

fn related(src: &SourceFile, labels: impl Iterator<Item = (Span, String)>) -> Vec<Related> {
    labels
        .map(|(span, message)| {
            let (line, column, end_line, end_column) = position(src, span);
            Related {
                file: None,
                message,
                line,
                column,
                end_line,
                end_column,
                span: span.into(),
            }
        })
        .collect()
}

/// Every entry of every file, in file order and, within a file, in the
/// order of the findings (compile errors first).
pub fn entries(files: &[FileResult]) -> Vec<Entry> {
    each_entry(files).collect()
}

/// The entries of [`entries`], made one at a time: a writer that streams
/// them never holds them all.
pub fn each_entry(files: &[FileResult]) -> impl Iterator<Item = Entry> + '_ {
    files.iter().flat_map(|file| {
        let mut maker = Maker {
            file,
            seen: std::collections::BTreeMap::new(),
            cache: Vec::new(),
            next_finding: 0,
        };
        file.errors
            .iter()
            .map(Item::Error)
            .chain(file.findings.iter().map(Item::Finding))
            .map(move |item| match item {
                Item::Error(e) => maker.error(e),
                Item::Finding(f) => maker.finding(f),
            })
    })
}

enum Item<'a> {
    Error(&'a CompileError),
    Finding(&'a Finding),
}

/// Makes the entries of one file, in order: fingerprints count earlier
/// occurrences of the same result.
struct Maker<'a> {
    file: &'a FileResult,
    seen: std::collections::BTreeMap<u64, u32>,
    /// One line index per source text, not one per entry: findings of a
    /// file share its text.
    cache: Vec<(*const u8, SourceFile)>,
    /// The index of the next finding, for [`FileResult::fingerprints`].
    next_finding: usize,
}

impl Maker<'_> {
    fn fingerprint(&mut self, code: &str, message: &str, text: &str) -> String {
        let normalised: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = fnv1a(format!("{code}\u{0}{message}\u{0}{normalised}").as_bytes());
        let n = self.seen.entry(key).or_insert(0);
        *n += 1;
        format!("{:016x}", fnv1a(format!("{key:016x}:{n}").as_bytes()))
    }

    fn source_of(&mut self, name: &str, text: &std::sync::Arc<str>) -> SourceFile {
        let key = text.as_ptr();
        if let Some((_, s)) = self.cache.iter().find(|(k, _)| *k == key) {
            return s.clone();
        }
        let s = SourceFile::from_shared(name, std::sync::Arc::clone(text));
        self.cache.push((key, s.clone()));
        s
    }

    fn error(&mut self, e: &CompileError) -> Entry {
        let src = self.source_of(e.source.name(), e.source.inner().text());
        let span = e.span();
        let (line, column, end_line, end_column) = position(&src, span);
        let primary = e
            .labels
            .iter()
            .find(|l| l.primary)
            .map(|l| l.message.render(e.lang));
        Entry {
            kind: Kind::CompileError,
            code: e.code.to_string(),
            name: docs::compile_error_name(e.code)
                .unwrap_or("compile-error")
                .to_string(),
            severity: Severity::Error,
            legal: Vec::new(),
            file: self.file.name.clone(),
            line,
            column,
            end_line,
            end_column,
            span: span.into(),
            message: e.text(),
            label: primary,
            help: e.help_text(),
            related: related(
                &src,
                e.labels
                    .iter()
                    .filter(|l| !l.primary)
                    .map(|l| (l.span, l.message.render(e.lang))),
            ),
            fingerprint: self.fingerprint(e.code, &e.message.en(), src.slice(span)),
        }
    }

    fn finding(&mut self, f: &Finding) -> Entry {
        let src = match &f.source {
            Some(s) => self.source_of(s.name(), s.inner().text()),
            None => SourceFile::new(self.file.name.as_str(), ""),
        };
        let (line, column, end_line, end_column) = position(&src, f.span);
        let index = self.next_finding;
        self.next_finding += 1;
        let fingerprint = match self.file.fingerprints.get(index) {
            Some(p) => p.clone(),
            // The English text, whatever the run's language: a fingerprint
            // does not change with `--lang`.
            None => self.fingerprint(f.rule.code, &f.message.en(), src.slice(f.span)),
        };
        Entry {
            kind: Kind::Finding,
            code: f.rule.code.to_string(),
            name: f.rule.name.to_string(),
            severity: f.severity,
            legal: f
                .legal()
                .iter()
                .map(|r| LegalEntry {
                    instrument: r.instrument.to_string(),
                    article: r.article.to_string(),
                    paragraph: r.paragraph,
                    item: r.item,
                    relation: r.relation,
                    cite_en: legal::cite(r, Lang::En),
                    cite_zh: legal::cite(r, Lang::Zh),
                })
                .collect(),
            file: self.file.name.clone(),
            line,
            column,
            end_line,
            end_column,
            span: f.span.into(),
            message: f.text(),
            label: f.label_text(),
            help: f.help_text(),
            related: {
                let mut r = related(&src, f.related_texts());
                for e in &f.elsewhere {
                    let other = self.source_of(e.source.name(), e.source.inner().text());
                    let mut more =
                        related(&other, std::iter::once((e.span, e.label.render(f.lang))));
                    for m in &mut more {
                        m.file = Some(e.source.name().to_string());
                    }
                    r.extend(more);
                }
                r
            },
            fingerprint,
        }
    }
}

/// Counts for the summary line and the machine formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub compile_errors: usize,
}

impl Summary {
    /// The counts of `findings` (of `files` files, with `compile_errors`).
    pub fn of_findings<'a>(
        files: usize,
        findings: impl IntoIterator<Item = &'a Finding>,
        compile_errors: usize,
    ) -> Summary {
        let mut s = Summary {
            files,
            compile_errors,
            ..Summary::default()
        };
        for finding in findings {
            s.findings += 1;
            match finding.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    pub fn of(files: &[FileResult]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for f in files {
            s.compile_errors += f.errors.len();
            for finding in &f.findings {
                s.findings += 1;
                match finding.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }
}

/// `n` and its noun: `one` for 1, `many` otherwise (English needs both).
fn plural(n: usize, one: Msg, many: Msg) -> Msg {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `3 findings: 1 error, 2 warnings, 0 infos in 2 files` (and the compile
/// errors, when there are any), in `lang`.
pub fn summary_line(s: &Summary, lang: Lang) -> String {
    let msg = crate::msg!(
        "report.summary",
        findings = plural(
            s.findings,
            crate::msg!("report.finding", n = s.findings),
            crate::msg!("report.findings", n = s.findings)
        ),
        errors = plural(
            s.errors,
            crate::msg!("report.error", n = s.errors),
            crate::msg!("report.errors", n = s.errors)
        ),
        warnings = plural(
            s.warnings,
            crate::msg!("report.warning", n = s.warnings),
            crate::msg!("report.warnings", n = s.warnings)
        ),
        infos = plural(
            s.infos,
            crate::msg!("report.info", n = s.infos),
            crate::msg!("report.infos", n = s.infos)
        ),
        files = plural(
            s.files,
            crate::msg!("report.file", n = s.files),
            crate::msg!("report.files", n = s.files)
        )
    );
    let mut line = msg.render(lang);
    if s.compile_errors > 0 {
        let c = s.compile_errors;
        let more = crate::msg!(
            "report.summary-compile-errors",
            compile = plural(
                c,
                crate::msg!("report.compile-error", n = c),
                crate::msg!("report.compile-errors", n = c)
            )
        );
        line.push_str(&more.render(lang));
    }
    line
}
