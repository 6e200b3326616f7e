//! Rendering diagnostics for people: miette's graphical report, with colour
//! only when asked for.

pub mod baseline;
pub mod entry;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

/// `--color`: when the human report uses colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always (even into a pipe, even with `NO_COLOR`).
    Always,
    /// Never.
    Never,
}

/// How to draw a report.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// No colour, 80 columns: tests and snapshots.
    pub fn plain() -> Style {
        Style {
            color: false,
            width: 80,
        }
    }

    /// For the terminal: colour only on a TTY and never with `NO_COLOR`.
    pub fn for_stderr() -> Style {
        Style::for_stderr_with(ColorChoice::Auto)
    }

    /// For the terminal, with `--color`: `auto` as [`Style::for_stderr`],
    /// `always` even into a pipe or with `NO_COLOR` (an explicit request
    /// wins over the environment), `never` never.
    pub fn for_stderr_with(choice: ColorChoice) -> Style {
        use std::io::IsTerminal;
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100);
        Style { color, width }
    }
}

/// Chinese punctuation that ends a clause or closes a bracket: a line may
/// break after it, and never before it.
const CLOSING: &[char] = &[
    '，', '、', '；', '：', '。', '！', '？', '）', '》', '」', '』', '】',
];

/// Where a report line may break: after spaces, as in English, and after
/// Chinese clause punctuation ([`CLOSING`]). A run of Chinese text between
/// those points is kept whole like a word (a quoted term is not cut in the
/// middle; a run longer than the line is cut at its end), and a list of
/// Chinese citations breaks between citations. This replaces textwrap's
/// Unicode line breaking, which cost a sixth of drawing a report and
/// allowed a break between any two Chinese characters.
fn words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    Box::new(std::iter::from_fn(move || {
        while let Some((i, c)) = chars.next() {
            let end = i + c.len_utf8();
            let breaks = chars.peek().is_some_and(|&(_, next)| {
                let after_space = c == ' ' && next != ' ';
                let after_clause = CLOSING.contains(&c) && next != ' ' && !CLOSING.contains(&next);
                after_space || after_clause
            });
            if breaks {
                let word = line.get(start..end)?;
                start = end;
                return Some(textwrap::core::Word::from(word));
            }
        }
        let rest = line.get(start..).filter(|r| !r.is_empty())?;
        start = line.len();
        Some(textwrap::core::Word::from(rest))
    }))
}

/// What a streaming report writer writes, as a string (for tests and
/// callers that want the text); a failure shows as a JSON error object.
pub(crate) fn collect(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> String {
    let mut out = Vec::new();
    match write(&mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// Render one diagnostic with its source snippet.
pub fn render(diag: &dyn Diagnostic, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .without_syntax_highlighting()
        .with_links(false)
        .with_word_separator(textwrap::WordSeparator::Custom(words));
    let mut out = String::new();
    if handler.render_report(&mut out, diag).is_err() {
        out = format!("{diag}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    fn split(line: &str) -> Vec<String> {
        super::words(line)
            .map(|w| format!("{}{}", w.word, w.whitespace))
            .collect()
    }

    #[test]
    fn breaks_after_spaces_and_chinese_clause_ends_only() {
        assert_eq!(
            split("close the account (注销账号)"),
            ["close ", "the ", "account ", "(注销账号)"]
        );
        // a citation list: after `；` and `》`, never before `；` or `）`
        assert_eq!(
            split("依据：《个人信息保护法》第十六条；《认定方法》四.2（参照）"),
            [
                "依据：",
                "《个人信息保护法》",
                "第十六条；",
                "《认定方法》",
                "四.2（参照）"
            ]
        );
        assert_eq!(split("a  b"), ["a  ", "b"]);
        assert_eq!(split(""), Vec::<String>::new());
        assert_eq!(split("，，x"), ["，，", "x"]);
    }

    #[test]
    fn a_chinese_term_moves_to_the_next_line_whole() {
        let opts = textwrap::Options::new(40)
            .word_separator(textwrap::WordSeparator::Custom(super::words));
        let lines = textwrap::wrap("the right to close the account (注销账号)", opts);
        assert_eq!(lines, ["the right to close the account", "(注销账号)"]);
    }
}
