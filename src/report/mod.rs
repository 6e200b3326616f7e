//! Rendering diagnostics for people: miette's graphical report, with colour
//! only when asked for.

pub mod entry;
pub mod github;
pub mod json;
pub mod sarif;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

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
        use std::io::IsTerminal;
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100);
        Style { color, width }
    }
}

/// What a streaming report writer writes, as a string (for tests and
/// callers that want the text); a failure shows as a JSON error object.
fn collect(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
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
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, diag).is_err() {
        out = format!("{diag}\n");
    }
    out
}
