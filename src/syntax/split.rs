//! Parsing a large document in pieces, one per thread.
//!
//! A document is a flat list of declarations, and every declaration that has
//! a body ends with the `}` that closes it. So the text right after a `}`
//! that closes a top-level block (outside strings and comments) is a place
//! where one declaration ends and the next may begin: the pieces between
//! such places parse on their own, and their declarations, moved to their
//! place in the whole text, are the declarations of the whole.
//!
//! That holds for a valid document. For an invalid one the scan below may
//! pick places that are not declaration ends (an unterminated string shifts
//! everything after it), so a piece may fail to parse: then the whole text is
//! parsed again in one piece, and the syntax error is the one a plain parse
//! reports. If every piece parses, the whole does too, with the same tree:
//! a piece ends with `}` (nothing optional follows a body), and the next
//! piece starts with a declaration keyword, which nothing at the end of the
//! previous declaration could take.

use super::ast::{Decl, Field, Ident, Refs, Text, Value};
use crate::source::Span;

/// Up to `pieces - 1` cut places, ascending: byte offsets just after a `}`
/// that closes a top-level block, the first at or after each of the even
/// shares of the text.
pub(crate) fn cut_points(text: &str, pieces: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut cuts = Vec::new();
    if pieces < 2 {
        return cuts;
    }
    let share = len / pieces;
    let mut next_target = share;
    let mut depth = 0usize;
    let mut i = 0usize;
    while i < len && cuts.len() + 1 < pieces {
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                // a comment: to the end of the line
                i = find_byte(bytes, i + 2, b'\n').map_or(len, |j| j + 1);
                continue;
            }
            b'"' if bytes.get(i + 1..i + 3) == Some(b"\"\"") => {
                // a block string: to the next `"""`
                i = find_seq(bytes, i + 3, b"\"\"\"").map_or(len, |j| j + 3);
                continue;
            }
            b'"' => {
                i = end_of_line_string(bytes, i + 1);
                continue;
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + 1 >= next_target {
                    cuts.push(i + 1);
                    next_target = share * (cuts.len() + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    cuts
}

/// After the opening quote at `from - 1`: the offset just past the closing
/// quote, or the line end if the string is not closed on its line.
fn end_of_line_string(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn find_byte(bytes: &[u8], from: usize, b: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&x| x == b)
        .map(|j| from + j)
}

fn find_seq(bytes: &[u8], from: usize, seq: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(seq.len())
        .position(|w| w == seq)
        .map(|j| from + j)
}

/// Move every span of a declaration parsed from a piece to its place in the
/// whole text.
pub(crate) fn shift_decl(d: &mut Decl, by: u32) {
    shift(&mut d.span, by);
    shift(&mut d.keyword, by);
    for i in d.id.iter_mut().chain(d.parent.iter_mut()) {
        shift_ident(i, by);
    }
    if let Some(t) = &mut d.title {
        shift_text(t, by);
    }
    for f in &mut d.fields {
        shift_field(f, by);
    }
}

fn shift_field(f: &mut Field, by: u32) {
    shift(&mut f.span, by);
    shift(&mut f.name_span, by);
    shift_value(&mut f.value, by);
}

fn shift(s: &mut Span, by: u32) {
    s.start += by;
    s.end += by;
}

fn shift_ident(i: &mut Ident, by: u32) {
    shift(&mut i.span, by);
}

fn shift_text(t: &mut Text, by: u32) {
    shift(&mut t.span, by);
    for tr in &mut t.translations {
        shift(&mut tr.span, by);
    }
}

fn shift_value(v: &mut Value, by: u32) {
    match v {
        Value::Text(t) => shift_text(t, by),
        Value::Word(i) => shift_ident(i, by),
        Value::Words(list) | Value::Refs(Refs::List(list)) => {
            list.iter_mut().for_each(|i| shift_ident(i, by));
        }
        Value::Refs(Refs::Open(list, etc)) => {
            list.iter_mut().for_each(|i| shift_ident(i, by));
            shift(etc, by);
        }
        Value::Refs(Refs::All(s)) => shift(s, by),
        Value::Collects {
            need,
            items,
            note,
            body,
            etc,
        } => {
            need.iter_mut()
                .chain(items.iter_mut().flatten())
                .for_each(|i| shift_ident(i, by));
            if let Some(t) = note {
                shift_text(t, by);
            }
            for f in body {
                shift_field(f, by);
            }
            if let Some(s) = etc {
                shift(s, by);
            }
        }
        Value::Purpose { text, body } => {
            shift_text(text, by);
            for f in body {
                shift_field(f, by);
            }
        }
        Value::WordText { word, text } => {
            shift_ident(word, by);
            if let Some(t) = text {
                shift_text(t, by);
            }
        }
        Value::Flag { span, text, .. } => {
            shift(span, by);
            if let Some(t) = text {
                shift_text(t, by);
            }
        }
        Value::Source { kind, from } => {
            shift_ident(kind, by);
            from.iter_mut().for_each(|t| shift_text(t, by));
        }
        Value::Exception {
            text,
            maps_to,
            condition,
        } => {
            shift_text(text, by);
            maps_to.iter_mut().for_each(|i| shift_ident(i, by));
            if let Some(t) = condition {
                shift_text(t, by);
            }
        }
        Value::Indefinite(t) => {
            if let Some(t) = t {
                shift_text(t, by);
            }
        }
        Value::WordsText { words, text } => {
            words.iter_mut().for_each(|i| shift_ident(i, by));
            if let Some(t) = text {
                shift_text(t, by);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cut_points;

    #[test]
    fn cuts_only_after_top_level_blocks() {
        let text = "a { b { } \"}\" // }\n } c \"\"\"\n}\n\"\"\" { } d { }";
        let all = cut_points(text, 100);
        // after `a {…}`, after `c … { }`, after `d { }`
        assert_eq!(all.len(), 3, "{all:?}");
        for p in &all {
            assert_eq!(text.as_bytes().get(p - 1), Some(&b'}'));
        }
        assert_eq!(all.first(), Some(&(text.find(" } c").unwrap_or(0) + 2)));
    }

    #[test]
    fn an_even_share_per_piece() {
        let unit = "function f \"x\" { purpose \"y\" }\n";
        let text = unit.repeat(100);
        let cuts = cut_points(&text, 4);
        assert_eq!(cuts.len(), 3);
        for (k, c) in cuts.iter().enumerate() {
            assert!(*c >= text.len() * (k + 1) / 4, "{cuts:?}");
            assert!(*c < text.len() * (k + 1) / 4 + unit.len(), "{cuts:?}");
        }
    }

    #[test]
    fn escaped_quotes_and_unclosed_strings() {
        // the `}` inside the escaped string is not a block end; an unclosed
        // string stops at its line end
        let text = "a { \"\\\"}\" }\nb { \"open\n} c { }";
        let cuts = cut_points(text, 100);
        assert_eq!(cuts.len(), 3, "{cuts:?}");
    }
}
