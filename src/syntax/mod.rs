//! Stage 1: text to syntax tree.
//!
//! `parse` runs the pest grammar in `grammar/policy.pest` and lowers its pairs
//! to [`ast::Document`]. No names are resolved here.

pub mod ast;
mod error;
mod lower;
mod parser;
mod scan;

pub use error::{Found, SyntaxError};

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

use crate::source::{SourceFile, Span};
use lower::LowerError;
use parser::{PolicyParser, Rule};

/// Parse one source file.
pub fn parse(src: &SourceFile) -> Result<ast::Document, SyntaxError> {
    let text = src.text();
    let mut pairs = match PolicyParser::parse(Rule::document, text) {
        Ok(pairs) => pairs,
        Err(err) => return Err(explain(text, &err)),
    };
    let Some(doc) = pairs.next() else {
        return Err(SyntaxError::Internal {
            at: Span::default(),
            detail: "no document".into(),
        });
    };
    lower::lower_document(doc).map_err(|e| match e {
        LowerError::InvalidEscape(at) => SyntaxError::InvalidEscape { at },
        LowerError::Internal(detail, at) => SyntaxError::Internal { at, detail },
    })
}

/// Turn a pest failure into a syntax error that speaks the DSL.
fn explain(text: &str, err: &pest::error::Error<Rule>) -> SyntaxError {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let scan = scan::scan(text);
    if let Some(open) = scan.unterminated_string {
        if open.start as usize <= pos {
            let triple = text.get(open.range()).is_some_and(|s| s.starts_with("\"\"\""));
            return SyntaxError::UnterminatedString { open, triple };
        }
    }
    let found = found_at(text, pos);
    let at = match &found {
        Found::EndOfFile => Span::at(pos),
        Found::Word(w) => Span::new(pos, pos + w.len()),
        Found::String => Span::new(pos, pos + string_len(text, pos)),
        Found::Char(c) => Span::new(pos, pos + c.len_utf8()),
    };
    let inside = scan::enclosing_decl(text, pos);
    let (positives, _) = match &err.variant {
        ErrorVariant::ParsingError {
            positives,
            negatives,
        } => (positives.clone(), negatives.clone()),
        ErrorVariant::CustomError { .. } => (Vec::new(), Vec::new()),
    };
    // A declaration keyword inside a block, or the end of the file inside a
    // block: the block was not closed.
    if let Some((decl, open)) = &inside {
        let starts_decl = matches!(&found, Found::Word(w) if DECL_KEYWORDS.contains(&w.as_str()))
            && !positives.iter().any(|r| r.display() == format!("`{}`", word_of(&found)));
        if matches!(found, Found::EndOfFile) || starts_decl {
            return SyntaxError::UnclosedBlock {
                open: *open,
                at,
                decl: Some(decl.clone()),
                found,
            };
        }
    }
    let mut expected: Vec<String> = positives.iter().map(|r| r.display()).collect();
    expected.sort_by_key(|s| (s.starts_with("`}`") || s == "end of file", s.clone()));
    expected.dedup();
    let mut keywords: Vec<String> = positives
        .iter()
        .filter(|r| r.is_keyword() || format!("{r:?}").ends_with("_decl"))
        .map(|r| {
            r.display()
                .trim_start_matches("a `")
                .trim_end_matches("` declaration")
                .trim_matches('`')
                .to_string()
        })
        .filter(|k| k != "en" && k != "zh")
        .collect();
    keywords.sort();
    keywords.dedup();
    SyntaxError::Unexpected {
        at,
        found,
        expected,
        keywords,
        inside: inside.map(|(d, _)| d),
    }
}

fn word_of(found: &Found) -> &str {
    match found {
        Found::Word(w) => w,
        _ => "",
    }
}

/// Keywords that start a declaration.
const DECL_KEYWORDS: &[&str] = &[
    "policy",
    "processor",
    "officer",
    "data",
    "permission",
    "function",
    "recipient",
    "sdk",
    "sdk-list",
    "disclosure",
    "merger",
    "retention",
    "storage",
    "transfer",
    "right",
    "automated-decision",
    "marketing",
    "minors",
    "security",
    "complaints",
    "updates",
    "exceptions",
    "section",
];

fn found_at(text: &str, pos: usize) -> Found {
    let rest = text.get(pos..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return Found::EndOfFile;
    };
    if c.is_ascii_alphabetic() {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        Found::Word(rest.get(..end).unwrap_or("").to_string())
    } else if c == '"' {
        Found::String
    } else {
        Found::Char(c)
    }
}

fn string_len(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or("");
    let line = rest.find('\n').unwrap_or(rest.len());
    rest.get(1..line)
        .and_then(|r| r.find('"'))
        .map_or(1, |end| end + 2)
}
