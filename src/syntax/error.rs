//! Syntax errors (`E1xx`): the data, and the one place their prose is written.

use crate::diagnostic::{did_you_mean, CompileError};
use crate::messages::{Arg, IntoArg};
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
    fn describe(&self) -> Arg {
        match self {
            Found::EndOfFile => crate::msg!("syntax.found.end-of-file").into_arg(),
            Found::Word(w) => Arg::Text(format!("`{w}`")),
            Found::String => crate::msg!("syntax.found.string").into_arg(),
            Found::Char(c) => describe_char_arg(*c),
        }
    }
}

/// What the grammar expected (`Rule::display`, in English), in both
/// languages: the language's own words (`` `{` ``, `` `purpose` ``) stay.
fn expected_arg(en: &str) -> Arg {
    let msg = match en {
        "a name" => crate::msg!("syntax.expected.name"),
        "a data category" => crate::msg!("syntax.expected.data-category"),
        "a string" => crate::msg!("syntax.expected.string"),
        "a translation (`en \"…\"`)" => crate::msg!("syntax.expected.translation"),
        "a date (YYYY-MM-DD)" => crate::msg!("syntax.expected.date"),
        "a duration such as `5y` or `15wd`" => crate::msg!("syntax.expected.duration"),
        "a number" => crate::msg!("syntax.expected.number"),
        "`yes` or `no`" => crate::msg!("syntax.expected.yes-no"),
        "a volume band such as `over-1m`" => crate::msg!("syntax.expected.volume-band"),
        "end of file" => crate::msg!("syntax.found.end-of-file"),
        "a list of names" => crate::msg!("syntax.expected.names"),
        "a list of data categories" => crate::msg!("syntax.expected.data-categories"),
        "a list of strings" => crate::msg!("syntax.expected.strings"),
        "`required` or `optional`" => crate::msg!("syntax.expected.need"),
        "a declaration" => crate::msg!("syntax.expected.declaration"),
        other => match other
            .strip_prefix("a `")
            .and_then(|r| r.strip_suffix("` declaration"))
        {
            Some(kw) => crate::msg!("syntax.expected.declaration-of", keyword = kw),
            None => return Arg::Text(other.to_string()),
        },
    };
    msg.into_arg()
}

/// [`describe_char`] in both languages.
fn describe_char_arg(c: char) -> Arg {
    let code = c as u32;
    if c.is_ascii_graphic() {
        return Arg::Text(format!("`{c}`"));
    }
    let en = describe_char(c);
    let zh = if let Some((_, name)) = INVISIBLE.iter().find(|(i, _)| *i == c) {
        format!("字符 U+{code:04X}（{name}）")
    } else if c.is_control() || c.is_whitespace() || (0x2000..=0x206F).contains(&code) {
        format!("字符 U+{code:04X}")
    } else if en.contains("not ASCII") {
        let script = match code {
            0x0370..=0x03FF | 0x1F00..=0x1FFF => "希腊字母",
            0x0400..=0x052F => "西里尔字母",
            _ => "全角字母或数字",
        };
        format!("`{c}`（U+{code:04X}，{script}，不是 ASCII 字符）")
    } else {
        en.clone()
    };
    Arg::both(zh, en)
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
        let e = |message| CompileError::new(src, self.code(), message);
        match self {
            SyntaxError::NotUtf8 { at } => e(crate::msg!("syntax.not-utf8"))
                .primary(*at, crate::msg!("syntax.not-utf8-here"))
                .help(crate::msg!("syntax.save-as-utf8")),
            SyntaxError::Unexpected {
                at,
                found,
                expected,
                keywords,
                inside,
                bare_keyword,
            } => {
                let message = crate::msg!("syntax.unexpected", found = found.describe());
                let label = if expected.len() > 8 {
                    match inside {
                        Some(d) => crate::msg!("syntax.expected-field-of", decl = d),
                        None => crate::msg!("syntax.expected-declaration"),
                    }
                } else {
                    let items: Vec<Arg> = expected.iter().map(|x| expected_arg(x)).collect();
                    crate::msg!("syntax.expected-one-of", items = Arg::Alternatives(items))
                };
                let suggestion = match found {
                    Found::Word(w) => did_you_mean(w, keywords.iter().map(String::as_str)),
                    _ => None,
                };
                let help = match (suggestion, inside) {
                    _ if bare_keyword.is_some() => {
                        let k = bare_keyword.as_deref().unwrap_or("");
                        crate::msg!("syntax.bare-keyword", keyword = k)
                    }
                    (Some(s), _) => crate::msg!("syntax.did-you-mean", word = s),
                    (None, Some(d)) if !keywords.is_empty() => crate::msg!(
                        "syntax.block-takes-fields",
                        decl = d,
                        fields = keywords
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                    ),
                    (None, None) if !keywords.is_empty() => crate::msg!(
                        "syntax.file-is-declarations",
                        keywords = keywords
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                    ),
                    _ => crate::msg!("syntax.see-language-docs"),
                };
                e(message).primary(*at, label).help(help)
            }
            SyntaxError::UnterminatedString { open, triple } => {
                e(crate::msg!("syntax.unterminated-string"))
                    .primary(*open, crate::msg!("syntax.string-never-closed"))
                    .help(if *triple {
                        crate::msg!("syntax.close-text-block")
                    } else {
                        crate::msg!("syntax.close-string")
                    })
            }
            SyntaxError::UnclosedBlock {
                open,
                at,
                decl,
                found,
            } => {
                let message = match decl.as_deref() {
                    Some(d) => crate::msg!("syntax.unclosed-block-of", decl = d),
                    None => crate::msg!("syntax.unclosed-block"),
                };
                e(message)
                    .primary(
                        *at,
                        match found {
                            Found::EndOfFile => crate::msg!("syntax.file-ends-inside-block"),
                            other => crate::msg!(
                                "syntax.expected-brace-before",
                                found = other.describe()
                            ),
                        },
                    )
                    .secondary(*open, crate::msg!("syntax.block-opened-here"))
                    .help(crate::msg!("syntax.add-closing-brace"))
            }
            SyntaxError::InvalidEscape { at } => e(crate::msg!("syntax.invalid-escape"))
                .primary(*at, crate::msg!("syntax.not-an-escape"))
                .help(crate::msg!("syntax.valid-escapes")),
            SyntaxError::Internal { at, detail } => {
                e(crate::msg!("syntax.internal", detail = detail))
                    .primary(*at, crate::msg!("syntax.could-not-lower"))
                    .help(crate::msg!("syntax.report-bug"))
            }
        }
    }
}
