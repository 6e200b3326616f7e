//! A small token scan used only to explain syntax errors well: where an
//! unterminated string starts, which block is left open, which declaration a
//! position lies in. The parser proper is pest; this scan never decides
//! whether a document is valid.

use crate::source::Span;

#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// The opening quote of the first string that is never closed.
    pub unterminated_string: Option<Span>,
    /// `{` that are still open at the end of the file, innermost last.
    pub open_braces: Vec<Span>,
}

/// Scan the whole text.
pub(crate) fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    walk(text, usize::MAX, |tok, span| match tok {
        Tok::LBrace => out.open_braces.push(span),
        Tok::RBrace => {
            out.open_braces.pop();
        }
        Tok::Unterminated => {
            if out.unterminated_string.is_none() {
                out.unterminated_string = Some(span);
            }
        }
        Tok::Word | Tok::Str | Tok::Comment | Tok::Punct => {}
    });
    out
}

/// The keyword of the declaration whose body contains `pos`, with the span of
/// its opening brace.
pub(crate) fn enclosing_decl(text: &str, pos: usize) -> Option<(String, Span)> {
    let mut depth = 0usize;
    let mut statement_start: Option<Span> = None;
    let mut current: Option<(String, Span)> = None;
    walk(text, pos, |tok, span| match tok {
        Tok::Word if depth == 0 && statement_start.is_none() => statement_start = Some(span),
        // a declaration keyword first on its line starts a new statement: the
        // one before had no body (`data a = phone "手机号"`)
        Tok::Word
            if depth == 0
                && super::DECL_KEYWORDS.contains(&text.get(span.range()).unwrap_or(""))
                && first_on_line(text, span.start as usize) =>
        {
            statement_start = Some(span);
        }
        Tok::LBrace => {
            if depth == 0 {
                current =
                    statement_start.map(|s| (text.get(s.range()).unwrap_or("").to_string(), span));
            }
            depth += 1;
        }
        Tok::RBrace => {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                current = None;
                statement_start = None;
            }
        }
        _ => {}
    });
    if depth > 0 {
        current
    } else {
        None
    }
}

/// Whether only white space precedes `pos` on its line.
fn first_on_line(text: &str, pos: usize) -> bool {
    let before = text.get(..pos).unwrap_or("");
    let line = before
        .rfind('\n')
        .map_or(before, |i| before.get(i + 1..).unwrap_or(""));
    line.trim().is_empty()
}

/// Token kinds of the scan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A name, keyword, number, date or duration.
    Word,
    /// A complete string, single-line or triple-quoted, quotes included.
    Str,
    LBrace,
    RBrace,
    /// `// …` up to the end of the line (the line end excluded).
    Comment,
    /// Any other character outside strings: `=`, `,`, stray input.
    Punct,
    /// The opening quote(s) of a string that is never closed.
    Unterminated,
}

/// Every token of `text`, in order. Whitespace is skipped.
pub(crate) fn tokens(text: &str) -> Vec<(Tok, Span)> {
    let mut out = Vec::new();
    walk(text, usize::MAX, |tok, span| out.push((tok, span)));
    out
}

/// Visit tokens that start before `limit`.
fn walk(text: &str, limit: usize, mut visit: impl FnMut(Tok, Span)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && i < limit {
        let b = bytes.get(i).copied().unwrap_or(0);
        let rest = text.get(i..).unwrap_or("");
        if rest.starts_with("//") {
            let line = rest.find('\n').unwrap_or(rest.len());
            let len = rest
                .get(..line)
                .map_or(line, |l| l.trim_end_matches('\r').len());
            visit(Tok::Comment, Span::new(i, i + len));
            i += line;
        } else if rest.starts_with("\"\"\"") {
            match rest.get(3..).and_then(|r| r.find("\"\"\"")) {
                Some(end) => {
                    visit(Tok::Str, Span::new(i, i + end + 6));
                    i += end + 6;
                }
                None => {
                    visit(Tok::Unterminated, Span::new(i, i + 3));
                    return;
                }
            }
        } else if b == b'"' {
            let mut j = i + 1;
            let mut closed = false;
            while let Some(&c) = bytes.get(j) {
                match c {
                    b'\\' => j += 2,
                    b'"' => {
                        closed = true;
                        break;
                    }
                    b'\n' => break,
                    _ => j += 1,
                }
            }
            if closed {
                visit(Tok::Str, Span::new(i, j + 1));
                i = j + 1;
            } else {
                visit(Tok::Unterminated, Span::new(i, i + 1));
                i = j;
            }
        } else if b == b'{' {
            visit(Tok::LBrace, Span::new(i, i + 1));
            i += 1;
        } else if b == b'}' {
            visit(Tok::RBrace, Span::new(i, i + 1));
            i += 1;
        } else if b.is_ascii_alphanumeric() {
            let mut j = i;
            while bytes.get(j).is_some_and(|c| {
                c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_' || *c == b'.'
            }) {
                j += 1;
            }
            visit(Tok::Word, Span::new(i, j));
            i = j;
        } else {
            let c = rest.chars().next();
            let len = c.map_or(1, char::len_utf8);
            if c.is_some_and(|c| !c.is_whitespace() && c != '\u{FEFF}') {
                visit(Tok::Punct, Span::new(i, i + len));
            }
            i += len;
        }
    }
}
