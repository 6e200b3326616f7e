//! The canonical layout of a policy (`policyc fmt`).
//!
//! The layout is built from the syntax tree's spans and the token scan:
//! declarations in source order with one blank line between them; the header
//! of a declaration on one line; each field on its own line, indented two
//! spaces; tokens separated by one space, no space before a comma; `}` on its
//! own line; an empty body as `{}`. Strings are copied byte for byte, except
//! that the line ends inside a triple-quoted string lose `\r` and trailing
//! spaces where that cannot change the value (see `push_block`). Comments
//! are kept: a comment on a line of its own stays
//! before what follows it, a comment at the end of a line stays at the end of
//! that line. One blank line that separated two fields or comments inside a
//! block is kept; more become one. Line ends become `\n`; a byte-order mark
//! is dropped; the file ends with one newline.

use super::ast::{Decl, Document, Field, Value};
use super::scan::{self, Tok};
use super::{parse, SyntaxError};
use crate::source::{SourceFile, Span};

/// Format a source file. A file with a syntax error is not formatted.
pub fn format(src: &SourceFile) -> Result<String, SyntaxError> {
    let doc = parse(src)?;
    let mut f = Formatter::new(src.text());
    f.document(&doc);
    Ok(f.finish())
}

struct Formatter<'t> {
    text: &'t str,
    tokens: Vec<(Tok, Span)>,
    /// Which comment tokens have been written.
    written: Vec<bool>,
    out: String,
    /// Where the output line being written starts.
    line_start: usize,
    /// Comments that end the output line being written, in source order.
    line_comments: Vec<Span>,
}

impl<'t> Formatter<'t> {
    fn new(text: &'t str) -> Self {
        let tokens = scan::tokens(text);
        let written = vec![false; tokens.len()];
        Formatter {
            text,
            tokens,
            written,
            out: String::with_capacity(text.len() + text.len() / 8),
            line_start: 0,
            line_comments: Vec::new(),
        }
    }

    fn finish(mut self) -> String {
        if !self.line_comments.is_empty() {
            self.newline();
        }
        // Comments the walk did not reach (there are none in a parsed file,
        // but never drop a token).
        let rest: Vec<usize> = self.comment_indices(0, usize::MAX);
        for i in rest {
            self.own_line_comment(i, 0);
        }
        let mut out = self.out.trim_end().to_string();
        out.push('\n');
        if out == "\n" {
            out.clear();
        }
        out
    }

    fn slice(&self, span: Span) -> &'t str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// Indices of the tokens starting in `start..end`, found by binary
    /// search (tokens are in source order and do not overlap), so that the
    /// whole walk stays linear in the size of the file.
    fn token_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let lo = self
            .tokens
            .partition_point(|(_, t)| (t.start as usize) < start);
        let hi = self
            .tokens
            .partition_point(|(_, t)| (t.start as usize) < end);
        lo..hi.max(lo)
    }

    /// Indices of unwritten comment tokens starting in `start..end`.
    fn comment_indices(&self, start: usize, end: usize) -> Vec<usize> {
        self.token_range(start, end)
            .filter(|i| {
                matches!(self.tokens.get(*i), Some((Tok::Comment, _)))
                    && !self.written.get(*i).copied().unwrap_or(true)
            })
            .collect()
    }

    /// Whether a blank line separates `a` and `b` (only whitespace between).
    fn blank_between(&self, a: usize, b: usize) -> bool {
        let gap = self.text.get(a..b).unwrap_or("");
        gap.trim().is_empty() && gap.matches('\n').count() >= 2
    }

    /// End the output line, with the comments gathered for it. One comment
    /// stays at the end of the line; when there are more (a construct
    /// written over several lines, now on one), all but the last go on
    /// lines of their own just before it: a comment is text to the end of
    /// its line, so two on one line would become one, and a second
    /// `// policyc: allow` would stop working. A comment on its own line
    /// before a line applies to the same declaration or field as one at
    /// the end of that line.
    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        let comments = std::mem::take(&mut self.line_comments);
        if let Some((last, before)) = comments.split_last() {
            if !before.is_empty() {
                let line = self.out.get(self.line_start..).unwrap_or("");
                let indent = " ".repeat(line.len() - line.trim_start_matches(' ').len());
                let mut own = String::new();
                for c in before {
                    own.push_str(&indent);
                    own.push_str(self.slice(*c).trim_end());
                    own.push('\n');
                }
                self.out.insert_str(self.line_start, &own);
            }
            self.out.push_str("  ");
            self.out.push_str(self.slice(*last).trim_end());
        }
        self.out.push('\n');
        self.line_start = self.out.len();
    }

    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            if !self.out.ends_with('\n') {
                self.newline();
            }
            self.out.push('\n');
            self.line_start = self.out.len();
        }
    }

    fn own_line_comment(&mut self, i: usize, indent: usize) {
        if let Some((_, span)) = self.tokens.get(i).copied() {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.newline();
            }
            self.out.push_str(&" ".repeat(indent));
            self.out.push_str(self.slice(span).trim_end());
            self.newline();
            if let Some(w) = self.written.get_mut(i) {
                *w = true;
            }
        }
    }

    /// Append the comments that end the line on which `end` lies, if they
    /// start on that same line after `end` (and before `limit`). Returns
    /// where the last one ends, or `end`.
    fn trailing_comments(&mut self, end: usize, limit: usize) -> usize {
        let limit = limit.min(self.text.len());
        let line_end = self
            .text
            .get(end..limit)
            .and_then(|r| r.find('\n'))
            .map_or(limit, |n| end + n);
        let mut last = end;
        for i in self.comment_indices(end, line_end) {
            if let Some((_, span)) = self.tokens.get(i).copied() {
                self.line_comments.push(span);
                last = span.end as usize;
                if let Some(w) = self.written.get_mut(i) {
                    *w = true;
                }
            }
        }
        last
    }

    /// Own-line comments in `start..end`, each preceded by a blank line when
    /// the source had one before it (not before the first item of a block).
    fn comments_in_gap(
        &mut self,
        start: usize,
        end: usize,
        indent: usize,
        mut prev_end: Option<usize>,
    ) -> Option<usize> {
        for i in self.comment_indices(start, end) {
            let Some((_, span)) = self.tokens.get(i).copied() else {
                continue;
            };
            if let Some(p) = prev_end {
                if self.blank_between(p, span.start as usize) {
                    self.blank_line();
                }
            }
            self.own_line_comment(i, indent);
            prev_end = Some(span.end as usize);
        }
        prev_end
    }

    /// The tokens of `span` on one line. Comments inside are not written:
    /// their indices are returned, for the caller to put at the end of the
    /// line (after a `{` that follows, say).
    fn tokens_inline(&mut self, span: Span) -> Vec<usize> {
        let mut first = true;
        let mut comments = Vec::new();
        for i in self.token_range(span.start as usize, span.end as usize) {
            let Some((tok, t)) = self.tokens.get(i).copied() else {
                continue;
            };
            if t.end > span.end {
                continue;
            }
            if tok == Tok::Comment {
                comments.push(i);
                continue;
            }
            let piece = self.text.get(t.range()).unwrap_or("");
            if !first && piece != "," {
                self.out.push(' ');
            }
            if tok == Tok::Str && piece.starts_with("\"\"\"") {
                push_block(&mut self.out, piece);
            } else {
                self.out.push_str(piece);
            }
            first = false;
        }
        comments
    }

    /// Write comments at the end of the current line.
    fn append_comments(&mut self, comments: Vec<usize>) {
        for i in comments {
            if let Some((_, t)) = self.tokens.get(i).copied() {
                self.line_comments.push(t);
            }
            if let Some(w) = self.written.get_mut(i) {
                *w = true;
            }
        }
    }

    fn document(&mut self, doc: &Document) {
        let mut prev_end: Option<usize> = None;
        let mut prev_one_line = false;
        for (n, decl) in doc.decls.iter().enumerate() {
            let start = decl.span.start as usize;
            let next = doc
                .decls
                .get(n + 1)
                .map_or(self.text.len(), |d| d.span.start as usize);
            let from = prev_end.unwrap_or(0);
            let one_line = !self.slice(decl.span).contains('\n') && decl.fields.is_empty();
            // One blank line between declarations, except that one-line
            // declarations written on consecutive lines stay together (a
            // comment at the end of the first one's line does not part them).
            let together = prev_one_line
                && one_line
                && prev_end.is_some_and(|p| {
                    let gap = self.text.get(p..start).unwrap_or("");
                    gap.matches('\n').count() == 1
                });
            if prev_end.is_some() && !together {
                self.blank_line();
            }
            prev_one_line = one_line;
            let comments = self.comment_indices(from, start);
            let mut last = None;
            for (n, i) in comments.iter().enumerate() {
                let Some((_, span)) = self.tokens.get(*i).copied() else {
                    continue;
                };
                if n > 0 {
                    if let Some(p) = last {
                        if self.blank_between(p, span.start as usize) {
                            self.blank_line();
                        }
                    }
                }
                self.own_line_comment(*i, 0);
                last = Some(span.end as usize);
            }
            if let Some(p) = last {
                if self.blank_between(p, start) {
                    self.blank_line();
                }
            }
            self.decl(decl, next);
            prev_end = Some(decl.span.end as usize);
        }
    }

    /// One declaration; `next` is where the next one starts (or the end of
    /// the text): a comment after the `}` on its line belongs to this one.
    fn decl(&mut self, decl: &Decl, next: usize) {
        let start = decl.span.start as usize;
        let end = decl.span.end as usize;
        let lbrace = self
            .token_range(start, end)
            .filter_map(|i| self.tokens.get(i).copied())
            .find(|(tok, t)| *tok == Tok::LBrace && (t.end as usize) <= end)
            .map(|(_, t)| t);
        let Some(lbrace) = lbrace else {
            // `data x = y "label"` without a body.
            let inner = self.tokens_inline(decl.span);
            self.append_comments(inner);
            self.trailing_comments(end, next);
            self.newline();
            return;
        };
        let header_comments = self.tokens_inline(Span::new(start, lbrace.start as usize));
        let body_start = lbrace.end as usize;
        let body_end = end.saturating_sub(1);
        let has_comments = !self.comment_indices(body_start, body_end).is_empty();
        if decl.fields.is_empty() && !has_comments {
            self.out.push_str(" {}");
            self.append_comments(header_comments);
            self.trailing_comments(end, next);
            self.newline();
            return;
        }
        self.out.push_str(" {");
        self.append_comments(header_comments);
        self.body(&decl.fields, body_start, body_end, 2);
        self.out.push('}');
        self.trailing_comments(end, next);
        self.newline();
    }

    /// The fields of a block whose `{` ends at `body_start` and whose `}`
    /// starts at `body_end`, one per line at `indent`, with their comments;
    /// ends after the last field's line (the caller writes the `}`).
    fn body(&mut self, fields: &[Field], body_start: usize, body_end: usize, indent: usize) {
        let first_field = fields.first().map_or(body_end, |f| f.span.start as usize);
        let after_brace = self.trailing_comments(body_start, first_field);
        self.newline();
        let mut prev: Option<usize> = (after_brace > body_start).then_some(after_brace);
        for (n, field) in fields.iter().enumerate() {
            let fstart = field.span.start as usize;
            // A comment after this field belongs to it only up to where the
            // next field (or the closing brace) starts.
            let limit = fields
                .get(n + 1)
                .map_or(body_end, |next| next.span.start as usize);
            prev = self.comments_in_gap(prev.unwrap_or(body_start), fstart, indent, prev);
            if let Some(p) = prev {
                if self.blank_between(p, fstart) {
                    self.blank_line();
                }
            }
            self.out.push_str(&" ".repeat(indent));
            self.field(field, indent);
            let after = self.trailing_comments(field.span.end as usize, limit);
            self.newline();
            prev = Some(after);
        }
        self.comments_in_gap(prev.unwrap_or(body_start), body_end, indent, prev);
        self.out.push_str(&" ".repeat(indent.saturating_sub(2)));
    }

    /// One field on its line; a field with a body (`collects … { … }`)
    /// writes its body's fields on lines of their own, two spaces further in.
    fn field(&mut self, field: &Field, indent: usize) {
        let body = match &field.value {
            Value::Collects { body, .. } | Value::Purpose { body, .. } => body.as_slice(),
            _ => &[],
        };
        let end = field.span.end as usize;
        let lbrace = self
            .token_range(field.span.start as usize, end)
            .filter_map(|i| self.tokens.get(i).copied())
            .find(|(tok, t)| *tok == Tok::LBrace && (t.end as usize) <= end)
            .map(|(_, t)| t);
        let Some(lbrace) = lbrace else {
            let inner = self.tokens_inline(field.span);
            self.append_comments(inner);
            return;
        };
        let head = self.tokens_inline(Span::new(field.span.start as usize, lbrace.start as usize));
        let body_start = lbrace.end as usize;
        let body_end = end.saturating_sub(1);
        if body.is_empty() && self.comment_indices(body_start, body_end).is_empty() {
            self.out.push_str(" {}");
            self.append_comments(head);
            return;
        }
        self.out.push_str(" {");
        self.append_comments(head);
        self.body(body, body_start, body_end, indent + 2);
        self.out.push('}');
    }
}

/// A triple-quoted string, with the line ends inside it made plain: `\r`
/// and trailing spaces and tabs go from the end of every line but the last
/// (the one holding the closing quotes). That cannot change the value, which
/// drops trailing white space from every line and reads `\r\n` as `\n`,
/// with one exception: a first line (after the opening quotes) that is blank
/// but not empty is part of the value, so it is kept as written, unless it
/// is a lone `\r` (then `\r\n` just ends the opening line).
fn push_block(out: &mut String, raw: &str) {
    let mut lines = raw.split('\n').peekable();
    let mut first = true;
    while let Some(line) = lines.next() {
        if !first {
            out.push('\n');
        }
        let last = lines.peek().is_none();
        if last {
            out.push_str(line);
        } else if first {
            let content = line.get(3..).unwrap_or("");
            if content == "\r" {
                out.push_str("\"\"\"");
            } else if content.trim().is_empty() {
                out.push_str(line);
            } else {
                out.push_str(line.trim_end_matches([' ', '\t', '\r']));
            }
        } else {
            out.push_str(line.trim_end_matches([' ', '\t', '\r']));
        }
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::format;
    use crate::source::SourceFile;

    fn fmt(s: &str) -> String {
        format(&SourceFile::new("t.policy", s)).unwrap_or_else(|e| format!("error {}", e.code()))
    }

    #[test]
    fn lays_out_fields_and_keeps_comments() {
        let src = "// head\npolicy   \"t\"  en \"T\" {   updated 2021-09-15 // when\n\n\n  language zh-CN }\nfunction f \"注册\" { basis consent ,contract\n// own\n collects required a.b , c }\ndata x = phone \"手机号\"\n";
        let want = "// head\npolicy \"t\" en \"T\" {\n  updated 2021-09-15  // when\n\n  language zh-CN\n}\n\nfunction f \"注册\" {\n  basis consent, contract\n  // own\n  collects required a.b, c\n}\n\ndata x = phone \"手机号\"\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn lays_out_a_collects_body() {
        let src = "function f { collects required a|b , c \"n\" { if-refused none // why\n basis consent\n\n\n   // own\n purpose \"p\" } // after\n collects x {  } }\n";
        let want = "function f {\n  collects required a | b, c \"n\" {\n    if-refused none  // why\n    basis consent\n\n    // own\n    purpose \"p\"\n  }  // after\n  collects x {}\n}\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    /// The value of the one `text` field of a `section`.
    fn text_value(src: &str) -> String {
        let doc = crate::syntax::parse(&SourceFile::new("t.policy", src))
            .unwrap_or_else(|e| panic!("{src:?}: {}", e.code()));
        match doc.decls.first().and_then(|d| d.fields.first()) {
            Some(crate::syntax::ast::Field {
                value: crate::syntax::ast::Value::Text(t),
                ..
            }) => t.value.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_blocks_keep_their_value() {
        // (block, whether every line of the output is free of trailing space)
        for (block, clean) in [
            ("\"\"\"\r\n  a  \r\n\t b\t\r\n  \"\"\"", true),
            ("\"\"\"   \n  a\n  \"\"\"", false),
            ("\"\"\" \r\n  a\r\n\"\"\"", false),
            ("\"\"\"\r\r\n  a\r\r\n   b   \"\"\"", false),
            ("\"\"\"x  \r\n  y \u{3000}\n\n  \n z\"\"\"", false),
            ("\"\"\"x  \r\n  y \n\n  \n z\"\"\"", true),
            ("\"\"\"\"\"\"", true),
            ("\"\"\"\r\"\"\"", true),
        ] {
            let src = format!("section s {{\n  text {block}\n}}\n");
            let out = fmt(&src);
            assert_eq!(text_value(&src), text_value(&out), "{block:?} -> {out:?}");
            assert_eq!(fmt(&out), out);
            if clean {
                assert!(
                    out.split('\n').all(|l| !l.ends_with([' ', '\t', '\r'])),
                    "{out:?}"
                );
            }
        }
    }

    #[test]
    fn one_line_declarations_stay_together() {
        let src = "data a = phone \"手机号\"   // 注册\ndata b = name \"姓名\"\n\n\n\ndata c = name \"名\" {}\nsection s \"x\" { text \"t\" }\ndata d = name \"名\"\n";
        let want = "data a = phone \"手机号\"  // 注册\ndata b = name \"姓名\"\n\ndata c = name \"名\" {}\n\nsection s \"x\" {\n  text \"t\"\n}\n\ndata d = name \"名\"\n";
        assert_eq!(fmt(src), want);
        assert_eq!(fmt(want), want);
    }

    #[test]
    fn empty_bodies_and_syntax_errors() {
        assert_eq!(fmt("policy \"t\" {\n\n}"), "policy \"t\" {}\n");
        assert_eq!(fmt("policy \"t\" {"), "error E103");
    }
}
