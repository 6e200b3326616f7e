//! Syntax errors (`E1xx`): the data, and the one place their prose is written.

use crate::diagnostic::{did_you_mean, CompileError};
use crate::source::{SourceFile, Span};

/// What went wrong, as data.
#[derive(Debug, Clone)]
pub enum SyntaxError {
    /// E100: the file is not UTF-8.
    NotUtf8 { at: Span },
    /// E101: something other than what the grammar allows here.
    Unexpected {
        at: Span,
        found: Found,
        expected: Vec<String>,
        /// Keywords among `expected`, for "did you mean".
        keywords: Vec<String>,
        /// The declaration the position lies in.
        inside: Option<String>,
        /// A field keyword alone on the previous line: its value is missing,
        /// so the next line's first word was read as the value.
        bare_keyword: Option<String>,
    },
    /// E102: a string that is never closed.
    UnterminatedString { open: Span, triple: bool },
    /// E103: a block that is never closed.
    UnclosedBlock {
        open: Span,
        at: Span,
        decl: Option<String>,
        found: Found,
    },
    /// E104: an escape that is not a character.
    InvalidEscape { at: Span },
    /// E199: the grammar and the lowering disagree (a bug in policyc).
    Internal { at: Span, detail: String },
}

/// What the parser found where it failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    EndOfFile,
    Word(String),
    String,
    Char(char),
}

impl Found {
    fn describe(&self) -> String {
        match self {
            Found::EndOfFile => "end of file".into(),
            Found::Word(w) => format!("`{w}`"),
            Found::String => "string".into(),
            Found::Char(c) => describe_char(*c),
        }
    }
}

/// Characters that show as nothing, or as a space, with their names.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{00A0}', "no-break space"),
    ('\u{00AD}', "soft hyphen"),
    ('\u{061C}', "Arabic letter mark"),
    ('\u{180E}', "Mongolian vowel separator"),
    ('\u{200B}', "zero-width space"),
    ('\u{200C}', "zero-width non-joiner"),
    ('\u{200D}', "zero-width joiner"),
    ('\u{200E}', "left-to-right mark"),
    ('\u{200F}', "right-to-left mark"),
    ('\u{2028}', "line separator"),
    ('\u{2029}', "paragraph separator"),
    ('\u{202A}', "left-to-right embedding"),
    ('\u{202B}', "right-to-left embedding"),
    ('\u{202C}', "pop directional formatting"),
    ('\u{202D}', "left-to-right override"),
    ('\u{202E}', "right-to-left override"),
    ('\u{202F}', "narrow no-break space"),
    ('\u{2060}', "word joiner"),
    ('\u{2066}', "left-to-right isolate"),
    ('\u{2067}', "right-to-left isolate"),
    ('\u{2068}', "first strong isolate"),
    ('\u{2069}', "pop directional isolate"),
    ('\u{FEFF}', "zero-width no-break space"),
];

/// A character for a message. A printable ASCII character is shown between
/// backticks; one that cannot be seen or told apart from another — a
/// control or format character, a space other than U+0020, a Cyrillic,
/// Greek or full-width letter that looks like a Latin one — is named by its
/// code point, as a terminal would show it as nothing or as something else.
pub fn describe_char(c: char) -> String {
    let code = c as u32;
    if c.is_ascii_graphic() {
        return format!("`{c}`");
    }
    if let Some((_, name)) = INVISIBLE.iter().find(|(i, _)| *i == c) {
        return format!("character U+{code:04X} ({name})");
    }
    if c.is_control() || c.is_whitespace() || (0x2000..=0x206F).contains(&code) {
        return format!("character U+{code:04X}");
    }
    let script = match code {
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Some("a Greek letter"),
        0x0400..=0x052F => Some("a Cyrillic letter"),
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Some("a full-width letter or digit"),
        _ => None,
    };
    match script {
        Some(what) if c.is_alphanumeric() => format!("`{c}` (U+{code:04X}, {what}, not ASCII)"),
        _ => format!("`{c}`"),
    }
}

/// Text for a message, with every character that cannot be seen (see
/// [`describe_char`]) written as `<U+XXXX>`; line ends are kept.
pub fn show_invisible(text: &str) -> String {
    text.chars()
        .map(|c| {
            let code = c as u32;
            let invisible = c != '\n'
                && (INVISIBLE.iter().any(|(i, _)| *i == c)
                    || c.is_control()
                    || (c.is_whitespace() && c != ' '));
            if invisible {
                format!("<U+{code:04X}>")
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl SyntaxError {
    pub fn code(&self) -> &'static str {
        match self {
            SyntaxError::NotUtf8 { .. } => "E100",
            SyntaxError::Unexpected { .. } => "E101",
            SyntaxError::UnterminatedString { .. } => "E102",
            SyntaxError::UnclosedBlock { .. } => "E103",
            SyntaxError::InvalidEscape { .. } => "E104",
            SyntaxError::Internal { .. } => "E199",
        }
    }

    /// The diagnostic users see.
    pub fn to_diagnostic(&self, src: &SourceFile) -> CompileError {
        let e = CompileError::new(src, self.code(), "");
        match self {
            SyntaxError::NotUtf8 { at } => CompileError {
                message: "file is not valid UTF-8 text".into(),
                ..e
            }
            .primary(*at, "this byte sequence is not UTF-8")
            .help("save the policy as UTF-8 (GBK and GB18030 files must be converted first, e.g. with `iconv -f GB18030 -t UTF-8`)"),
            SyntaxError::Unexpected {
                at,
                found,
                expected,
                keywords,
                inside,
                bare_keyword,
            } => {
                let message = format!("unexpected {}", found.describe());
                let label = if expected.len() > 8 {
                    match inside {
                        Some(d) => format!("expected a field of `{d}` or `}}`"),
                        None => "expected a declaration".to_string(),
                    }
                } else {
                    format!("expected {}", or_list(expected))
                };
                let suggestion = match found {
                    Found::Word(w) => did_you_mean(w, keywords.iter().map(String::as_str)),
                    _ => None,
                };
                let help = match (suggestion, inside) {
                    _ if bare_keyword.is_some() => {
                        let k = bare_keyword.as_deref().unwrap_or("");
                        format!("`{k}` on the line above has no value, so the next word was taken as its value: write the value on the same line as `{k}`")
                    }
                    (Some(s), _) => format!("did you mean `{s}`?"),
                    (None, Some(d)) if !keywords.is_empty() => format!(
                        "a `{d}` block takes these fields: {}",
                        keywords.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                    (None, None) if !keywords.is_empty() => format!(
                        "a policy file is a list of declarations: {}",
                        keywords.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                    _ => "see docs/language.md for the form of each declaration".to_string(),
                };
                CompileError { message, ..e }.primary(*at, label).help(help)
            }
            SyntaxError::UnterminatedString { open, triple } => CompileError {
                message: "unterminated string".into(),
                ..e
            }
            .primary(*open, "this string is never closed")
            .help(if *triple {
                "close the text with `\"\"\"`"
            } else {
                "close the string with `\"` on the same line; for text over several lines use a triple-quoted string `\"\"\"…\"\"\"`"
            }),
            SyntaxError::UnclosedBlock {
                open,
                at,
                decl,
                found,
            } => {
                let what = decl.as_deref().map_or("block".to_string(), |d| format!("`{d}` block"));
                CompileError {
                    message: format!("unclosed {what}"),
                    ..e
                }
                .primary(
                    *at,
                    match found {
                        Found::EndOfFile => "the file ends here, inside the block".to_string(),
                        other => format!("expected `}}` before {}", other.describe()),
                    },
                )
                .secondary(*open, "the block opened here is never closed")
                .help("add `}` at the end of the block")
            }
            SyntaxError::InvalidEscape { at } => CompileError {
                message: "invalid escape sequence".into(),
                ..e
            }
            .primary(*at, "not a valid character escape")
            .help("use one of \\\" \\\\ \\n \\t or \\u{XXXX} with a Unicode scalar value"),
            SyntaxError::Internal { at, detail } => CompileError {
                message: format!("internal error while reading the syntax tree: {detail}"),
                ..e
            }
            .primary(*at, "policyc could not lower this")
            .help("this is a bug in policyc; please report it with the input file"),
        }
    }
}
