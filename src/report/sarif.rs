//! `check --format sarif`: SARIF 2.1.0 for code scanning, written with the
//! `serde-sarif` types.
//!
//! One `reportingDescriptor` per rule code and per compile-error code (so
//! rule indexes do not depend on the results), results with exact regions
//! (1-based lines; columns counted in Unicode code points, declared with
//! `columnKind: unicodeCodePoints`), and `partialFingerprints` that do not
//! depend on line numbers.

use std::collections::BTreeMap;

use serde_sarif::sarif;

use crate::check::rule::Severity;
use crate::check::{docs, registry, Lang};
use crate::report::entry::{self, Entry, FileResult};

/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The project's home page: `tool.driver.informationUri`.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The default base of the rules' `helpUri`: the rule pages in the
/// repository at the tag of this version, so that a log links to the text
/// of the rules that produced it. `--rules-url` or `rules-url:` in
/// policyc.yaml replaces it (an internal mirror, say).
pub fn default_rules_url() -> String {
    format!(
        "{}/blob/v{}/docs/rules/",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION")
    )
}

/// A rule's page under a base URL (a `/` is put between them if missing).
pub fn help_uri(base: &str, code: &str) -> String {
    if base.ends_with('/') {
        format!("{base}{code}.md")
    } else {
        format!("{base}/{code}.md")
    }
}

/// Whether a rules URL is an absolute URI, as SARIF requires of `helpUri`:
/// a scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon, and
/// something after it, with no spaces.
pub fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.contains(char::is_whitespace)
}

/// The key of our fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "policyc/v1";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result_level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info => sarif::ResultLevel::Note,
    }
}

/// A path as a relative URI reference: `/` separators, everything outside
/// the unreserved set percent-encoded.
pub fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

struct Descriptor {
    code: String,
    name: String,
    summary: String,
    page: &'static str,
    severity: Severity,
    cites: Vec<String>,
    cites_zh: Vec<String>,
}

fn descriptors() -> Vec<Descriptor> {
    let mut out: Vec<Descriptor> = registry::all()
        .iter()
        .map(|r| Descriptor {
            code: r.code.to_string(),
            name: r.name.to_string(),
            summary: r.summary.to_string(),
            page: r.explanation,
            severity: r.severity,
            cites: r
                .legal
                .iter()
                .map(|l| crate::legal::cite_with_relation(l, Lang::En))
                .collect(),
            cites_zh: r
                .legal
                .iter()
                .map(|l| crate::legal::cite_with_relation(l, Lang::Zh))
                .collect(),
        })
        .collect();
    for (code, page) in docs::of_kind(docs::Kind::CompileError) {
        out.push(Descriptor {
            code: (*code).to_string(),
            name: docs::page_name(page).unwrap_or("compile-error").to_string(),
            summary: docs::what_it_checks(page).unwrap_or_default(),
            page,
            severity: Severity::Error,
            cites: Vec::new(),
            cites_zh: Vec::new(),
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

fn region(line: usize, column: usize, end_line: usize, end_column: usize) -> sarif::Region {
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    sarif::Region::builder()
        .start_line(n(line))
        .start_column(n(column))
        .end_line(n(end_line))
        .end_column(n(end_column))
        .build()
}

fn location(file: &str, region: sarif::Region, message: Option<&str>) -> sarif::Location {
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(
            sarif::ArtifactLocation::builder()
                .uri(path_uri(file))
                .build(),
        )
        .region(region)
        .build();
    match message {
        Some(m) => sarif::Location::builder()
            .physical_location(physical)
            .message(sarif::Message::builder().text(m.to_string()).build())
            .build(),
        None => sarif::Location::builder()
            .physical_location(physical)
            .build(),
    }
}

fn result(e: &Entry, index: Option<usize>, lang: Lang) -> sarif::Result {
    let mut text = e.message.clone();
    text.push_str(&e.tail(lang));
    let related: Vec<sarif::Location> = e
        .related
        .iter()
        .map(|r| {
            location(
                r.file.as_deref().unwrap_or(&e.file),
                region(r.line, r.column, r.end_line, r.end_column),
                Some(&r.message),
            )
        })
        .collect();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_string(), e.fingerprint.clone());
    let primary = location(
        &e.file,
        region(e.line, e.column, e.end_line, e.end_column),
        None,
    );
    let builder = sarif::Result::builder()
        .rule_id(e.code.clone())
        .level(result_level(e.severity))
        .message(sarif::Message::builder().text(text).build())
        .locations(vec![primary])
        .partial_fingerprints(fingerprints);
    let mut r = match related.is_empty() {
        true => builder.build(),
        false => builder.related_locations(related).build(),
    };
    r.rule_index = index.and_then(|i| i64::try_from(i).ok());
    r
}

/// The SARIF log as pretty-printed JSON, ending with a newline.
pub fn to_string(files: &[FileResult], lang: Lang) -> String {
    super::collect(|out| write(out, files, lang))
}

/// The SARIF log written to `out` as it is serialised (see
/// [`super::json::write`]), with the default rules URL.
pub fn write(
    out: &mut dyn std::io::Write,
    files: &[FileResult],
    lang: Lang,
) -> std::io::Result<()> {
    write_with(out, files, lang, &default_rules_url())
}

/// [`write`] with the rules' pages under `rules_url` (an absolute URI).
pub fn write_with(
    out: &mut dyn std::io::Write,
    files: &[FileResult],
    lang: Lang,
    rules_url: &str,
) -> std::io::Result<()> {
    let descriptors = descriptors();
    let index: BTreeMap<&str, usize> = descriptors
        .iter()
        .enumerate()
        .map(|(i, d)| (d.code.as_str(), i))
        .collect();
    let rules: Vec<sarif::ReportingDescriptor> = descriptors
        .iter()
        .map(|d| {
            // In Chinese, the code's Chinese page gives the name, what it
            // checks and the page itself (`explain CODE --lang zh`); the
            // English page where a code has none.
            let zh = match lang {
                Lang::Zh => docs::page_zh(&d.code),
                Lang::En => None,
            };
            let (short, full, help) = match zh {
                Some(page) => {
                    let mut full = docs::what_it_checks_zh(page).unwrap_or_default();
                    if !d.cites_zh.is_empty() {
                        full.push_str(&format!("依据：{}。", d.cites_zh.join("；")));
                    }
                    let short =
                        docs::page_name_zh(page).map_or_else(|| full.clone(), str::to_string);
                    let help = docs::explain(&d.code, Lang::Zh).unwrap_or_else(|| page.to_string());
                    (short, full, help)
                }
                None => {
                    let mut full =
                        docs::what_it_checks(d.page).unwrap_or_else(|| d.summary.clone());
                    if !d.cites.is_empty() {
                        full.push_str(&format!(" Sources: {}.", d.cites.join("; ")));
                    }
                    (d.summary.clone(), full, d.page.to_string())
                }
            };
            sarif::ReportingDescriptor::builder()
                .id(d.code.clone())
                .name(d.name.clone())
                .short_description(
                    sarif::MultiformatMessageString::builder()
                        .text(short)
                        .build(),
                )
                .full_description(
                    sarif::MultiformatMessageString::builder()
                        .text(full)
                        .build(),
                )
                .help(
                    sarif::MultiformatMessageString::builder()
                        .text(help.clone())
                        .markdown(help)
                        .build(),
                )
                .help_uri(match zh {
                    // The Chinese pages sit in `zh/` under the rule pages.
                    Some(_) => help_uri(rules_url, &format!("zh/{}", d.code)),
                    None => help_uri(rules_url, &d.code),
                })
                .default_configuration(
                    sarif::ReportingConfiguration::builder()
                        .level(serde_json::Value::from(level(d.severity)))
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<sarif::Result> = entry::entries(files)
        .iter()
        .map(|e| result(e, index.get(e.code.as_str()).copied(), lang))
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("policyc")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(rules)
        .build();
    let artifacts: Vec<sarif::Artifact> = files
        .iter()
        .map(|f| {
            sarif::Artifact::builder()
                .location(
                    sarif::ArtifactLocation::builder()
                        .uri(path_uri(&f.name))
                        .build(),
                )
                .build()
        })
        .collect();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .artifacts(artifacts)
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .build();
    let log = sarif::Sarif::builder()
        .schema(SCHEMA_URI)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}
