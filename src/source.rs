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
}

impl miette::SourceCode for IndexedText {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let lines = line_starts(&self.text, &self.lines);
        let line_of = |offset: usize| {
            lines
                .partition_point(|&s| s as usize <= offset)
                .saturating_sub(1)
        };
        let first = line_of(span.offset()).saturating_sub(before + 1);
        let last_offset = span.offset() + span.len().saturating_sub(1);
        let end = lines
            .get(line_of(last_offset) + after + 2)
            .map_or(self.text.len(), |&s| s as usize);
        let start = lines.get(first).map_or(0, |&s| s as usize);
        let window = self
            .text
            .as_bytes()
            .get(start..end)
            .ok_or(miette::MietteError::OutOfBounds)?;
        // miette's reading of the window, shifted back to file positions.
        let inner = window.read_span(&(span.offset() - start, span.len()).into(), before, after)?;
        let data = inner.data();
        let data_start = start + inner.span().offset();
        let contents = miette::MietteSpanContents::new(
            self.text
                .as_bytes()
                .get(data_start..data_start + data.len())
                .unwrap_or(data),
            (data_start, data.len()).into(),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
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

/// A named source text, held once and shared by every diagnostic about it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    /// Byte offsets where lines start, built on first use.
    lines: Arc<std::sync::OnceLock<Vec<u32>>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            name: Arc::from(name.into()),
            text: Arc::from(text.into()),
            lines: Arc::new(std::sync::OnceLock::new()),
        }
    }

    /// A source over text already shared (no copy).
    pub fn from_shared(name: &str, text: Arc<str>) -> SourceFile {
        SourceFile {
            name: Arc::from(name),
            text,
            lines: Arc::new(std::sync::OnceLock::new()),
        }
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
        let line = lines
            .partition_point(|&start| start as usize <= offset)
            .max(1);
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
