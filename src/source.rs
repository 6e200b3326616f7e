//! Source files and byte spans.
//!
//! Every AST and model node carries a [`Span`]: a small `Copy` pair of byte
//! offsets into its [`SourceFile`]. Spans become miette `SourceSpan`s only at
//! the edge, when a diagnostic is built.

use std::sync::Arc;

use serde::{Serialize, Serializer};

/// A half-open byte range `start..end` in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// A zero-width span at `offset`.
    pub fn at(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<pest::Span<'_>> for Span {
    fn from(s: pest::Span<'_>) -> Span {
        Span::new(s.start(), s.end())
    }
}

/// The byte offsets where lines start, built once.
fn line_starts<'a>(text: &str, cell: &'a std::sync::OnceLock<Vec<u32>>) -> &'a [u32] {
    cell.get_or_init(|| {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| clamp_u32(i + 1)))
            .collect()
    })
}

/// The 1-based line that holds a byte offset, given the lines' starts.
fn line_at(starts: &[u32], offset: usize) -> usize {
    starts
        .partition_point(|&start| start as usize <= offset)
        .max(1)
}

/// Source text for miette diagnostics that finds the lines around a span
/// through a line index, so that rendering many diagnostics of a large file
/// costs time in proportion to the snippets, not to the file. miette's own
/// implementation for strings scans from the start of the text each time.
#[derive(Clone, Debug)]
pub struct IndexedText {
    text: Arc<str>,
    lines: Arc<std::sync::OnceLock<Vec<u32>>>,
}

impl IndexedText {
    pub fn new(text: Arc<str>) -> IndexedText {
        IndexedText {
            text,
            lines: Arc::new(std::sync::OnceLock::new()),
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// The 1-based line of a byte offset (a binary search in the line index).
    pub fn line_of(&self, offset: usize) -> usize {
        line_at(line_starts(&self.text, &self.lines), offset)
    }
}

/// A line longer than this many bytes is not drawn whole in a snippet: the
/// line that holds a span shows a window of it around the span, and a
/// context line that long is left out.
const LONG_LINE: usize = 400;

/// How much of a long line a snippet shows on each side of the span.
const WINDOW_SIDE: usize = 120;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl miette::SourceCode for IndexedText {
    /// The lines around a span, as miette draws them: `before` and `after`
    /// lines of context, each line with its end. The reported column counts
    /// characters, as every other output does. A long line is cut to a
    /// window around the span (see [`LONG_LINE`]), so that a huge line next
    /// to many findings is not drawn whole for each.
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text: &str = &self.text;
        let lines = line_starts(text, &self.lines);
        let (s, e) = (span.offset(), span.offset() + span.len());
        if e > text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let line_of = |offset: usize| {
            lines
                .partition_point(|&st| st as usize <= offset)
                .saturating_sub(1)
        };
        let start_of = |l: usize| lines.get(l).map_or(text.len(), |&st| st as usize);
        // where the line ends, its line end included
        let end_of = |l: usize| start_of(l + 1);
        let long = |l: usize| end_of(l) - start_of(l) > LONG_LINE;
        let first = line_of(s);
        let last = line_of(e.saturating_sub(1).max(s));
        let mut data_start = start_of(first);
        let mut data_end = end_of(last);
        let mut lo = first;
        let mut hi = last;
        if long(first) && s.saturating_sub(data_start) > WINDOW_SIDE {
            data_start = floor_boundary(text, s - WINDOW_SIDE);
        } else {
            while lo > 0 && first - lo < before && !long(lo - 1) {
                lo -= 1;
            }
            data_start = start_of(lo);
        }
        if long(last) && data_end.saturating_sub(e) > WINDOW_SIDE {
            data_end = ceil_boundary(text, e + WINDOW_SIDE);
        } else {
            while hi + 1 < lines.len() && hi - last < after && !long(hi + 1) {
                hi += 1;
            }
            data_end = end_of(hi);
        }
        let data = text
            .as_bytes()
            .get(data_start..data_end)
            .ok_or(miette::MietteError::OutOfBounds)?;
        let column = text
            .get(start_of(first).min(s)..s)
            .map_or(0, |t| t.chars().count());
        let contents = miette::MietteSpanContents::new(
            data,
            (data_start, data.len()).into(),
            lo,
            if lo == first { column } else { 0 },
            hi - lo + 1,
        );
        Ok(Box::new(contents))
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> miette::SourceSpan {
        miette::SourceSpan::new((s.start as usize).into(), s.len())
    }
}

/// Spans serialise as `[start, end]` byte offsets.
impl Serialize for Span {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(ser)
    }
}

/// Whether `text` has a CR that is not followed by LF.
fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('\r')
        .any(|(i, _)| bytes.get(i + 1) != Some(&b'\n'))
}

/// Every lone CR made LF. Both are one byte, so every offset into the text
/// stays an offset into the file as written.
fn lone_cr_to_lf(text: String) -> String {
    let mut bytes = text.into_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            if let Some(slot) = bytes.get_mut(i) {
                *slot = b'\n';
            }
        }
        i += 1;
    }
    // ASCII for ASCII: still UTF-8
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A named source text, held once and shared by every diagnostic about it.
///
/// Line ends are LF, CRLF and a lone CR (old Mac files, text pasted from
/// some editors). A lone CR is replaced by LF when the source is made, so
/// that every stage — comments, line and column numbers, snippets, `fmt` —
/// sees the same lines; offsets do not move.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    /// Byte offsets where lines start, built on first use.
    lines: Arc<std::sync::OnceLock<Vec<u32>>>,
    /// Whether the text as given had a lone CR (now LF).
    lone_cr: bool,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let lone_cr = has_lone_cr(&text);
        let text = if lone_cr { lone_cr_to_lf(text) } else { text };
        SourceFile {
            name: Arc::from(name.into()),
            text: Arc::from(text),
            lines: Arc::new(std::sync::OnceLock::new()),
            lone_cr,
        }
    }

    /// A source over text already shared (no copy, unless it has a lone CR).
    pub fn from_shared(name: &str, text: Arc<str>) -> SourceFile {
        if has_lone_cr(&text) {
            return SourceFile::new(name, text.to_string());
        }
        SourceFile {
            name: Arc::from(name),
            text,
            lines: Arc::new(std::sync::OnceLock::new()),
            lone_cr: false,
        }
    }

    /// Whether the text as given had a line end that is a lone CR, which
    /// [`SourceFile::text`] shows as LF.
    pub fn had_lone_cr(&self) -> bool {
        self.lone_cr
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source as miette wants it for a diagnostic.
    pub fn named_source(&self) -> miette::NamedSource<IndexedText> {
        miette::NamedSource::new(
            self.name.as_ref(),
            IndexedText {
                text: Arc::clone(&self.text),
                lines: Arc::clone(&self.lines),
            },
        )
        .with_language("policy")
    }

    /// 1-based line and column (in characters) of a byte offset. A binary
    /// search in a line index built once per file.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let lines = line_starts(&self.text, &self.lines);
        let line = line_at(lines, offset);
        let start = lines.get(line - 1).map_or(0, |&s| s as usize);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, col)
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::SourceFile;

    #[test]
    fn line_col_counts_characters() {
        let src = SourceFile::new("t", "ab\n中文x\n\nz");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(2), (1, 3));
        assert_eq!(src.line_col(3), (2, 1));
        assert_eq!(src.line_col(9), (2, 3));
        assert_eq!(src.line_col(11), (3, 1));
        assert_eq!(src.line_col(12), (4, 1));
        assert_eq!(src.line_col(99), (4, 2));
    }
}
