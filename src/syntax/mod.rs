//! Stage 1: text to syntax tree.
//!
//! `parse` runs the pest grammar in `grammar/policy.pest` and lowers its pairs
//! to [`ast::Document`]. No names are resolved here.

pub mod ast;
mod error;
mod format;
mod lower;
mod parser;
pub(crate) mod scan;
mod split;

pub use error::{describe_char, show_invisible, Found, SyntaxError};
pub use format::format;

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

use crate::source::{SourceFile, Span};
use lower::LowerError;
use parser::{PolicyParser, Rule};

/// Below this size a document is parsed in one piece: starting threads
/// costs more than it saves.
const PIECE_MIN: usize = 32 * 1024;

/// Above this size, pieces are at most about this big, however many threads
/// there are: pest keeps the tokens of a whole piece until it is lowered,
/// and many small pieces, a few at a time, keep fewer tokens alive at once.
const PIECE_MAX: usize = 256 * 1024;

/// Parse one source file on one thread.
pub fn parse(src: &SourceFile) -> Result<ast::Document, SyntaxError> {
    parse_on(src, 1)
}

/// Parse one source file. Large files are parsed in pieces, on up to
/// `threads` threads; the result is the same either way.
pub fn parse_on(src: &SourceFile, threads: usize) -> Result<ast::Document, SyntaxError> {
    let text = src.text();
    let pieces = threads
        .min(text.len() / PIECE_MIN)
        .max(text.len().div_ceil(PIECE_MAX))
        .max(1);
    if pieces > 1 {
        if let Some(decls) = parse_pieces(text, pieces, threads) {
            return Ok(ast::Document {
                decls,
                span: Span::new(0, text.len()),
            });
        }
    }
    parse_whole(text)
}

fn parse_whole(text: &str) -> Result<ast::Document, SyntaxError> {
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

/// `text` parsed in `pieces` pieces, each on its own thread; `None` if a
/// piece does not parse. For tests: [`parse`] falls back to one piece then.
#[doc(hidden)]
pub fn parse_in_pieces(src: &SourceFile, pieces: usize) -> Option<ast::Document> {
    let text = src.text();
    parse_pieces(text, pieces, pieces).map(|decls| ast::Document {
        decls,
        span: Span::new(0, text.len()),
    })
}

/// The declarations of `text`, parsed in pieces on threads (see
/// `split`), or `None` if a piece does not parse: the caller then parses
/// the whole text, for the error a plain parse gives.
fn parse_pieces(text: &str, pieces: usize, threads: usize) -> Option<Vec<ast::Decl>> {
    let mut bounds = vec![0];
    bounds.extend(split::cut_points(text, pieces));
    bounds.push(text.len());
    let ranges: Vec<(usize, usize)> = bounds
        .windows(2)
        .filter_map(|w| Some((*w.first()?, *w.get(1)?)))
        .collect();
    let piece = |&(from, to): &(usize, usize)| -> Option<Vec<ast::Decl>> {
        let doc = parse_whole(text.get(from..to)?).ok()?;
        let by = u32::try_from(from).ok()?;
        let mut decls = doc.decls;
        for d in &mut decls {
            split::shift_decl(d, by);
        }
        Some(decls)
    };
    let pieces: Vec<Vec<ast::Decl>> = crate::par::map(&ranges, threads, piece)
        .into_iter()
        .collect::<Option<_>>()?;
    Some(crate::par::concat(pieces))
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
            let triple = text
                .get(open.range())
                .is_some_and(|s| s.starts_with("\"\"\""));
            return SyntaxError::UnterminatedString { open, triple };
        }
    }
    let found = found_at(text, pos);
    if let Some(at) = bad_escape(text, pos) {
        return SyntaxError::InvalidEscape { at };
    }
    let at = match &found {
        Found::EndOfFile => {
            let end = text.trim_end().len();
            let last = text
                .get(..end)
                .and_then(|t| t.chars().last())
                .map_or(0, char::len_utf8);
            Span::new(end - last, end)
        }
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
            && !positives
                .iter()
                .any(|r| r.display() == format!("`{}`", word_of(&found)));
        if matches!(found, Found::EndOfFile) || starts_decl {
            return SyntaxError::UnclosedBlock {
                open: *open,
                at,
                decl: Some(decl.clone()),
                found,
            };
        }
    }
    // `document` is the grammar's name for the whole file: at the top level
    // the parser wants a declaration
    let top_level = positives.iter().any(|r| r.display() == "`document`");
    let mut expected: Vec<String> = positives
        .iter()
        .map(|r| r.display())
        .filter(|d| d != "`document`")
        .collect();
    if top_level {
        expected.push("a declaration".to_string());
    }
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
    if top_level {
        keywords.extend(DECL_KEYWORDS.iter().map(|k| (*k).to_string()));
    }
    keywords.sort();
    keywords.dedup();
    SyntaxError::Unexpected {
        bare_keyword: bare_keyword_before(text, pos),
        at,
        found,
        expected,
        keywords,
        inside: inside.map(|(d, _)| d),
    }
}

/// An invalid escape inside the single-line string starting at `pos`, or at
/// `pos` itself.
fn bad_escape(text: &str, pos: usize) -> Option<Span> {
    let rest = text.get(pos..)?;
    let line = rest.split('\n').next().unwrap_or("");
    let body = if line.starts_with('"') && !line.starts_with("\"\"\"") {
        line.get(1..)?
    } else if line.starts_with('\\') {
        line
    } else {
        return None;
    };
    let offset = pos + (line.len() - body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {
                let next = chars.next();
                let ok = match next {
                    Some((_, 'n' | 't' | 'r' | '"' | '\\')) => true,
                    Some((j, 'u')) => body
                        .get(j + 1..)
                        .and_then(|r| r.strip_prefix('{'))
                        .and_then(|r| r.split_once('}'))
                        .is_some_and(|(hex, _)| {
                            !hex.is_empty()
                                && hex.len() <= 6
                                && hex.chars().all(|h| h.is_ascii_hexdigit())
                        }),
                    _ => false,
                };
                if !ok {
                    let len = next.map_or(0, |(_, c)| c.len_utf8());
                    return Some(Span::new(offset + i, offset + i + 1 + len));
                }
            }
            _ => {}
        }
    }
    None
}

/// If the line before the one holding `pos`'s token is a lone word followed
/// by a lone word starting the current line (`kind` / `purpose "…"`), the
/// lone word on the previous line.
fn bare_keyword_before(text: &str, pos: usize) -> Option<String> {
    let before = text.get(..pos)?;
    let line_start = before.rfind('\n')? + 1;
    let current = text.get(line_start..pos)?.trim();
    let prev_lines = text.get(..line_start.saturating_sub(1))?;
    let prev = prev_lines
        .rsplit('\n')
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    let lone_word =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (lone_word(prev) && lone_word(current) && prev != "{" && !DECL_KEYWORDS.contains(&prev))
        .then(|| prev.to_string())
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
    "cookie",
    "recommendation",
    "dispute",
    "document",
    "processing",
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
