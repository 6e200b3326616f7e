//! Placeholders left to fill in: a `// TODO …` comment marks a value that
//! is still a placeholder (the skeleton written by `policyc init` has one
//! on every line the company must complete). Each is one finding, Z004, at
//! the comment, so that an unfinished policy shows exactly what is left
//! rather than the findings of the rules the placeholders stand in for.
//!
//! ```text
//! processor {
//!   name "TODO" // TODO 公司全称 / the company's full legal name
//! }
//! ```

use crate::check::finding::Finding;
use crate::check::rule::{Ctx, Rule, Severity, Sink};
use crate::config::Config;
use crate::source::{SourceFile, Span};

fn reported_by_the_checker(_: &Ctx<'_>, _: &mut Sink) {}

/// Z004: a `// TODO` placeholder comment.
pub static UNFILLED: Rule = Rule {
    code: "Z004",
    name: "unfilled-placeholder",
    severity: Severity::Warning,
    legal: &[],
    summary: "a `// TODO` comment: a placeholder of the policy still to be filled in",
    explanation: include_str!("../../docs/rules/Z004.md"),
    check: reported_by_the_checker,
};

/// The placeholder rule, for the registry.
pub static RULES: &[&Rule] = &[&UNFILLED];

/// The text after `// TODO` when a comment is a placeholder: `TODO` first
/// (after the slashes and blanks), as a word of its own; the text ends at a
/// second `//`.
fn placeholder(comment: &str) -> Option<&str> {
    let body = comment.trim_start_matches('/').trim_start();
    let rest = body.strip_prefix("TODO")?;
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return None;
    }
    // A second `//` starts an ordinary comment, as in suppressions.
    let rest = rest.split("//").next().unwrap_or("");
    Some(rest.trim_start_matches([':', '：', ' ', '\t']).trim_end())
}

/// The placeholders of a source, in order: (comment span, what to fill in).
pub fn placeholders(src: &SourceFile) -> Vec<(Span, String)> {
    let text = src.text();
    if !text.contains("TODO") {
        return Vec::new();
    }
    crate::check::suppress::comments(text)
        .into_iter()
        .filter_map(|span| {
            let what = placeholder(text.get(span.range())?)?;
            Some((span, what.to_string()))
        })
        .collect()
}

/// Add one Z004 finding per placeholder, at the configured level.
pub fn apply(src: &SourceFile, findings: &mut Vec<Finding>, config: &Config) {
    let severity = match config.level(UNFILLED.code).map(|l| l.severity()) {
        Some(None) => return,
        Some(Some(s)) => s,
        None => UNFILLED.severity,
    };
    for (span, what) in placeholders(src) {
        let message = if what.is_empty() {
            crate::msg!("todo.unfilled")
        } else {
            crate::msg!("todo.unfilled-what", what = what)
        };
        let mut f = Finding::new(&UNFILLED, span, message);
        f.label(crate::msg!("todo.still-to-fill"))
            .help(crate::msg!("todo.write-real-value"))
            .severity(severity);
        findings.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::placeholder;

    #[test]
    fn only_a_leading_todo_word_is_a_placeholder() {
        assert_eq!(placeholder("// TODO: 公司全称"), Some("公司全称"));
        assert_eq!(placeholder("//TODO"), Some(""));
        assert_eq!(placeholder("// TODO name // a note"), Some("name"));
        assert_eq!(placeholder("// TODO：联系电话"), Some("联系电话"));
        assert_eq!(placeholder("// TODOS"), None);
        assert_eq!(placeholder("// see the TODO list"), None);
        assert_eq!(placeholder("// todo later"), None);
    }
}
