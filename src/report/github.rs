//! `check --format github`: GitHub Actions workflow commands, one line per
//! result, which the runner turns into annotations on the pull request.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE name::message`

use crate::check::rule::Severity;
use crate::report::entry::{self, FileResult};

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

/// Every result as a workflow command, each ending with a newline.
pub fn to_string(files: &[FileResult], lang: crate::check::Lang) -> String {
    let mut out = String::new();
    for e in entry::each_entry(files) {
        let command = match e.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = e.message.clone();
        if let Some(h) = &e.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        let cites: Vec<&str> = e
            .legal
            .iter()
            .map(|l| match lang {
                crate::check::Lang::En => l.cite_en.as_str(),
                crate::check::Lang::Zh => l.cite_zh.as_str(),
            })
            .collect();
        if !cites.is_empty() {
            match lang {
                crate::check::Lang::En => message.push_str(&format!("\nsee {}", cites.join("; "))),
                crate::check::Lang::Zh => {
                    message.push_str(&format!("\n依据：{}", cites.join("；")))
                }
            }
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&e.file),
            e.line,
            e.column,
            e.end_line,
            e.end_column,
            escape_property(&format!("{} {}", e.code, e.name)),
            escape_data(&message),
        ));
    }
    out
}
