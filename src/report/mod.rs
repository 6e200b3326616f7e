//! Rendering diagnostics for people: miette's graphical report, with colour
//! only when asked for.

pub mod baseline;
pub mod entry;
pub mod github;
pub mod gitlab;
pub mod group;
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

/// A label longer than this many bytes (a declaration over a huge line, a
/// block of many lines) is drawn as its start: miette underlines every
/// column of a label, and draws every line of a label over several lines.
const LONG_LABEL: usize = 400;

/// How much of the start of a long label is drawn, at most.
const LABEL_START: usize = 80;

/// A diagnostic whose long labels are cut to their start on their first
/// line ([`LONG_LABEL`]); the rest is as the diagnostic says.
struct Clamped<'a>(&'a dyn Diagnostic);

impl std::fmt::Debug for Clamped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl std::fmt::Display for Clamped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.0, f)
    }
}

impl std::error::Error for Clamped<'_> {}

impl Clamped<'_> {
    fn clamp(&self, label: miette::LabeledSpan) -> miette::LabeledSpan {
        if label.len() <= LONG_LABEL {
            return label;
        }
        let start = label.offset();
        let keep = self
            .0
            .source_code()
            .and_then(|src| src.read_span(&(start, LABEL_START).into(), 0, 0).ok())
            .map_or(LABEL_START, |contents| {
                let data = contents.data();
                let from = start.saturating_sub(contents.span().offset());
                let part = data.get(from..).unwrap_or(&[]);
                let mut keep = part
                    .iter()
                    .take(LABEL_START)
                    .position(|&b| b == b'\n' || b == b'\r')
                    .unwrap_or(part.len().min(LABEL_START));
                // end on a character boundary
                while keep > 0 && part.get(keep).is_some_and(|b| b & 0xC0 == 0x80) {
                    keep -= 1;
                }
                keep
            });
        let text = label.label().map(str::to_string);
        let span = miette::SourceSpan::new(start.into(), keep);
        if label.primary() {
            miette::LabeledSpan::new_primary_with_span(text, span)
        } else {
            miette::LabeledSpan::new_with_span(text, span)
        }
    }
}

impl Diagnostic for Clamped<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.0.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.help()
    }

    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.url()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let labels = self.0.labels()?;
        Some(Box::new(labels.map(|l| self.clamp(l))))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        self.0.related()
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.0.diagnostic_source()
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
    if handler.render_report(&mut out, &Clamped(diag)).is_err() {
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
