//! `check --format junit`: JUnit XML for CI systems that show test reports
//! (GitLab `artifacts:reports:junit`, Jenkins, Azure Pipelines). One
//! `testsuite` per checked file; one `testcase` per finding, failed for an
//! error or a warning, passed (with the message as `system-out`) for an info;
//! a compile error is a testcase with an `error`. A file with nothing to
//! report has one passing testcase, so that it shows as checked.
//!
//! Valid against the Jenkins xUnit plugin's `junit-10.xsd`
//! (tests/schemas/).

use crate::check::rule::Severity;
use crate::check::Lang;
use crate::report::entry::{self, Entry, FileResult, Kind};

/// Text and attribute values: the five XML escapes, and the characters XML
/// 1.0 does not allow dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn details(e: &Entry, lang: Lang) -> String {
    let mut text = format!(
        "{}:{}:{}: {} {} {}\n{}",
        e.file,
        e.line,
        e.column,
        e.severity.as_str(),
        e.code,
        e.name,
        e.message
    );
    text.push_str(&e.tail(lang));
    text
}

fn testcase(out: &mut String, e: &Entry, lang: Lang) {
    let name = format!("{} {} (line {})", e.code, e.name, e.line);
    out.push_str(&format!(
        "    <testcase name=\"{}\" classname=\"{}\">\n",
        escape(&name),
        escape(&e.file)
    ));
    let body = escape(&details(e, lang));
    match (e.kind, e.severity) {
        (Kind::CompileError, _) => out.push_str(&format!(
            "      <error message=\"{}\" type=\"compile-error\">{body}</error>\n",
            escape(&e.message)
        )),
        (_, Severity::Error | Severity::Warning) => out.push_str(&format!(
            "      <failure message=\"{}\" type=\"{}\">{body}</failure>\n",
            escape(&e.message),
            e.severity.as_str()
        )),
        (_, Severity::Info) => out.push_str(&format!("      <system-out>{body}</system-out>\n")),
    }
    out.push_str("    </testcase>\n");
}

/// The whole report.
pub fn to_string(files: &[FileResult], lang: Lang) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0usize, 0usize, 0usize);
    for file in files {
        let entries: Vec<Entry> = entry::each_entry(std::slice::from_ref(file)).collect();
        let f = entries
            .iter()
            .filter(|e| e.kind == Kind::Finding && e.severity >= Severity::Warning)
            .count();
        let errs = entries
            .iter()
            .filter(|e| e.kind == Kind::CompileError)
            .count();
        let n = entries.len().max(1);
        tests += n;
        failures += f;
        errors += errs;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{f}\" errors=\"{errs}\" skipped=\"0\" file=\"{}\">\n",
            escape(&file.name),
            escape(&file.name)
        ));
        if entries.is_empty() {
            suites.push_str(&format!(
                "    <testcase name=\"policyc check\" classname=\"{}\"/>\n",
                escape(&file.name)
            ));
        }
        for e in &entries {
            testcase(&mut suites, e, lang);
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"policyc\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(
            super::escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;"
        );
    }
}
