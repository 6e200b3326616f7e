//! The canonical layout of a policy (`policyc fmt`).
//!
//! The layout is built from the syntax tree's spans and the token scan:
//! declarations in source order with one blank line between them; the header
//! of a declaration on one line; each field on its own line, indented two
//! spaces; tokens separated by one space, no space before a comma; `}` on its
//! own line; an empty body as `{}`. Strings are copied byte for byte, so no
//! value can change. Comments are kept: a comment on a line of its own stays
//! before what follows it, a comment at the end of a line stays at the end of
//! that line. One blank line that separated two fields or comments inside a
//! block is kept; more become one. Line ends become `\n`; a byte-order mark
//! is dropped; the file ends with one newline.

use super::ast::{Decl, Document};
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
        }
    }

    fn finish(mut self) -> String {
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

    /// Indices of unwritten comment tokens starting in `start..end`.
    fn comment_indices(&self, start: usize, end: usize) -> Vec<usize> {
        self.tokens
            .iter()
            .enumerate()
            .filter(|(i, (tok, span))| {
                *tok == Tok::Comment
                    && !self.written.get(*i).copied().unwrap_or(true)
                    && (span.start as usize) >= start
                    && (span.start as usize) < end
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether a blank line separates `a` and `b` (only whitespace between).
    fn blank_between(&self, a: usize, b: usize) -> bool {
        let gap = self.text.get(a..b).unwrap_or("");
        gap.trim().is_empty() && gap.matches('\n').count() >= 2
    }

    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
    }

    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            if !self.out.ends_with('\n') {
                self.newline();
            }
            self.out.push('\n');
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
        let line_end = self
            .text
            .get(end..)
            .and_then(|r| r.find('\n'))
            .map_or(self.text.len(), |n| end + n);
        let mut last = end;
        for i in self.comment_indices(end, line_end.min(limit)) {
            if let Some((_, span)) = self.tokens.get(i).copied() {
                self.out.push_str("  ");
                self.out.push_str(self.slice(span).trim_end());
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
        for (i, (tok, t)) in self.tokens.iter().enumerate() {
            if t.start < span.start || t.end > span.end {
                continue;
            }
            if *tok == Tok::Comment {
                comments.push(i);
                continue;
            }
            let piece = self.text.get(t.range()).unwrap_or("");
            if !first && piece != "," {
                self.out.push(' ');
            }
            self.out.push_str(piece);
            first = false;
        }
        comments
    }

    /// Write comments at the end of the current line.
    fn append_comments(&mut self, comments: Vec<usize>) {
        for i in comments {
            if let Some((_, t)) = self.tokens.get(i).copied() {
                self.out.push_str("  ");
                self.out.push_str(self.slice(t).trim_end());
            }
            if let Some(w) = self.written.get_mut(i) {
                *w = true;
            }
        }
    }

    fn document(&mut self, doc: &Document) {
        let mut prev_end: Option<usize> = None;
        let mut prev_one_line = false;
        for decl in &doc.decls {
            let start = decl.span.start as usize;
            let from = prev_end.unwrap_or(0);
            let one_line = !self.slice(decl.span).contains('\n') && decl.fields.is_empty();
            // One blank line between declarations, except that one-line
            // declarations written on consecutive lines stay together.
            let together = prev_one_line
                && one_line
                && prev_end.is_some_and(|p| {
                    let gap = self.text.get(p..start).unwrap_or("");
                    gap.matches('\n').count() == 1
                        && !gap.trim_start_matches([' ', '\t', '\r']).starts_with("//")
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
            self.decl(decl);
            prev_end = Some(decl.span.end as usize);
        }
    }

    fn decl(&mut self, decl: &Decl) {
        let start = decl.span.start as usize;
        let end = decl.span.end as usize;
        let lbrace = self
            .tokens
            .iter()
            .find(|(tok, t)| {
                *tok == Tok::LBrace && t.start as usize >= start && (t.end as usize) <= end
            })
            .map(|(_, t)| *t);
        let Some(lbrace) = lbrace else {
            // `data x = y "label"` without a body.
            let inner = self.tokens_inline(decl.span);
            self.append_comments(inner);
            self.trailing_comments(end, usize::MAX);
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
            self.trailing_comments(end, usize::MAX);
            self.newline();
            return;
        }
        self.out.push_str(" {");
        self.append_comments(header_comments);
        let first_field = decl
            .fields
            .first()
            .map_or(usize::MAX, |f| f.span.start as usize);
        let after_brace = self.trailing_comments(body_start, first_field);
        self.newline();
        let mut prev: Option<usize> = (after_brace > body_start).then_some(after_brace);
        for (n, field) in decl.fields.iter().enumerate() {
            let fstart = field.span.start as usize;
            // A comment after this field belongs to it only up to where the
            // next field (or the closing brace) starts.
            let limit = decl
                .fields
                .get(n + 1)
                .map_or(body_end, |next| next.span.start as usize);
            prev = self.comments_in_gap(prev.unwrap_or(body_start), fstart, 2, prev);
            if let Some(p) = prev {
                if self.blank_between(p, fstart) {
                    self.blank_line();
                }
            }
            self.out.push_str("  ");
            let inner = self.tokens_inline(field.span);
            self.append_comments(inner);
            let after = self.trailing_comments(field.span.end as usize, limit);
            self.newline();
            prev = Some(after);
        }
        self.comments_in_gap(prev.unwrap_or(body_start), body_end, 2, prev);
        self.out.push('}');
        self.trailing_comments(end, usize::MAX);
        self.newline();
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
    fn empty_bodies_and_syntax_errors() {
        assert_eq!(fmt("policy \"t\" {\n\n}"), "policy \"t\" {}\n");
        assert_eq!(fmt("policy \"t\" {"), "error E103");
    }
}
