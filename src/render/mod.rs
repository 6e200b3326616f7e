//! Stage 3b: the user-facing policy page (Markdown and standalone HTML, zh/en).

/// Output language of rendered pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// Wrap CommonMark in the standalone HTML page (inline CSS, no script, raw
/// HTML in the Markdown not passed through). Shared by the policy page and
/// the diff notice. (Placeholder until the renderer lands.)
pub fn markdown_to_html_page(_markdown: &str, _lang: Lang, _title: &str) -> String {
    String::new()
}
