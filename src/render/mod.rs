//! Stage 3b: the user-facing policy page (Markdown and standalone HTML, zh/en).
//!
//! One builder ([`page`]) turns the resolved model into a comrak document tree
//! (policy text always as `Text` nodes, so comrak escapes it); [`markdown`]
//! formats that tree as CommonMark with GFM tables, [`html`] as one standalone
//! page. Both use the options of [`options`], the one place that says which
//! Markdown dialect we write and read. Headings, fixed phrases and vocabulary
//! labels come from `data/i18n.yaml` ([`i18n`]); taxonomy names from the
//! taxonomy's own zh/en names.

pub mod html;
pub mod i18n;
pub mod markdown;
mod page;

use crate::model::{Model, Taxonomy};
use crate::source::Span;

pub use crate::lang::Lang;

/// What a renderer reads: the resolved model, the taxonomy it was resolved
/// against, and the output language.
#[derive(Clone, Copy, Debug)]
pub struct RenderContext<'m> {
    pub model: &'m Model,
    pub taxonomy: &'m Taxonomy,
    pub lang: Lang,
}

/// A string of the policy shown in its source language because it has no
/// translation into the page's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untranslated {
    /// Where the string is written.
    pub span: Span,
    /// The declaration it belongs to, as users write it (``function `register` ``).
    pub declaration: String,
    /// The field, by its keyword (`purpose`, `title`, `text`).
    pub field: &'static str,
}

/// A rendered page and the strings it had to keep untranslated (in source
/// order, each once).
#[derive(Clone, Debug)]
pub struct Rendered {
    pub text: String,
    pub untranslated: Vec<Untranslated>,
}

/// A page renderer over the resolved model.
pub trait Renderer {
    /// The format's name, as `--to` spells it.
    fn name(&self) -> &'static str;
    fn render(&self, ctx: &RenderContext<'_>) -> Result<Rendered, String>;
}

/// CommonMark with GFM tables.
#[derive(Clone, Copy, Debug, Default)]
pub struct MarkdownRenderer;

/// One standalone HTML page.
#[derive(Clone, Copy, Debug, Default)]
pub struct HtmlRenderer;

impl Renderer for MarkdownRenderer {
    fn name(&self) -> &'static str {
        "md"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Rendered, String> {
        let arena = comrak::Arena::new();
        let built = page::build(&arena, ctx, page::Target::Markdown, None)?;
        let text = markdown::format(built.root)?;
        Ok(Rendered {
            text,
            untranslated: built.untranslated,
        })
    }
}

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Rendered, String> {
        html_page(ctx, None)
    }
}

/// The HTML page, linking to the same policy's page in the other language
/// (`alternate`: its language and its relative file name, such as
/// `policy.en.html`), as `render --lang zh,en` writes them.
pub fn html_page(
    ctx: &RenderContext<'_>,
    alternate: Option<(Lang, String)>,
) -> Result<Rendered, String> {
    // The tree is freed before the page is put together: for a large
    // policy the tree, the body and the page are each tens of MB.
    let (body, title, untranslated) = {
        let arena = comrak::Arena::new();
        let built = page::build(&arena, ctx, page::Target::Html, alternate)?;
        let body = html::format_body(built.root, &built.heading_ids)?;
        (body, built.title, built.untranslated)
    };
    let meta = page_meta(ctx);
    Ok(Rendered {
        text: html::page_with(&body, ctx.lang, &title, &meta),
        untranslated,
    })
}

/// The version and date line of the printed page's margin.
fn page_meta(ctx: &RenderContext<'_>) -> String {
    let h = &ctx.model.header;
    let mut parts = Vec::new();
    if let Some(v) = &h.version {
        parts.push(v.get(ctx.lang.code()).unwrap_or(&v.text).to_owned());
    }
    if let Some(d) = h
        .updated
        .as_ref()
        .or(h.effective.as_ref())
        .or(h.published.as_ref())
    {
        parts.push(d.value.to_string());
    }
    if parts.is_empty() {
        // A printed copy says that the policy gives no version or date
        // rather than leaving the margin blank (nothing is invented).
        return i18n::Catalog::builtin()
            .map(|cat| cat.get("print.undated", ctx.lang))
            .unwrap_or_default();
    }
    parts.join(" · ")
}

/// The comrak options used for every page we write and every Markdown we
/// read: GFM tables on; raw HTML never passed through (`unsafe` off) and
/// escaped rather than dropped (`escape` on); no other extension.
pub fn options() -> comrak::Options<'static> {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.render.r#unsafe = false;
    o.render.escape = true;
    o
}

/// Wrap CommonMark in the standalone HTML page (inline CSS, no script, raw
/// HTML in the Markdown shown as text, only http/https/mailto/tel links kept).
/// Shared by the policy page and the diff notice.
pub fn markdown_to_html_page(markdown: &str, lang: Lang, title: &str) -> String {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &options());
    html::neutralise_links(root);
    if lang == Lang::En {
        mark_chinese(&arena, root);
    }
    let body = html::format_body(root, &[]).unwrap_or_default();
    html::page(&body, lang, title)
}

/// On an English page made from Markdown (the diff notice), the Chinese a
/// policy gives without translation (a provider's name, a method) carries
/// `lang="zh-CN"`, as on the policy's own English page.
fn mark_chinese<'a>(arena: &'a comrak::Arena<'a>, root: comrak::Node<'a>) {
    use comrak::nodes::{AstNode, NodeValue};
    let texts: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Text(_)))
        .collect();
    for n in texts {
        let s = match &n.data().value {
            NodeValue::Text(t) => t.to_string(),
            _ => continue,
        };
        // The page's runs, split at spaces: the notice's English sentences
        // hold names in quotes (“Amap location SDK” from 高德…), and only
        // the words with Chinese in them are Chinese.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (a, b) in page::chinese_runs(&s) {
            let mut at = a;
            for word in s[a..b].split(' ') {
                let end = at + word.len();
                if word.chars().any(|c| ('\u{3400}'..='\u{9fff}').contains(&c)) {
                    match runs.last_mut() {
                        Some(r) if r.1 + 1 == at => r.1 = end,
                        _ => runs.push((at, end)),
                    }
                }
                at = end + 1;
            }
        }
        if runs.is_empty() {
            continue;
        }
        let mut parts = Vec::new();
        let mut at = 0;
        for (a, b) in runs {
            if a > at {
                parts.push(NodeValue::Text(s[at..a].to_owned().into()));
            }
            parts.push(NodeValue::Raw("<span lang=\"zh-CN\">".to_owned()));
            parts.push(NodeValue::Text(s[a..b].to_owned().into()));
            parts.push(NodeValue::Raw("</span>".to_owned()));
            at = b;
        }
        if at < s.len() {
            parts.push(NodeValue::Text(s[at..].to_owned().into()));
        }
        for v in parts {
            n.insert_before(arena.alloc(AstNode::from(v)));
        }
        n.detach();
    }
}

/// The resolved model as YAML that every YAML reader loads as written.
///
/// serde_yaml writes YAML 1.2, in which `yes`, `no`, `on`, `off`, `y` and
/// `n` are strings and need no quotes; YAML 1.1 readers (PyYAML, SnakeYAML,
/// many tools) load them as booleans, and `12:30` as a number and
/// `2021-09-15` as a date. Such plain scalars are single-quoted here, so
/// that they load as strings everywhere.
pub fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let text = serde_yaml::to_string(value).map_err(|e| e.to_string())?;
    Ok(quote_yaml11(&text))
}

/// Whether a plain scalar means something other than a string to a YAML
/// 1.1 reader (or looks like it might).
fn yaml11_ambiguous(s: &str) -> bool {
    const BOOLS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ];
    if BOOLS.contains(&s) {
        return true;
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    // numbers with `_` or `:` (1_000, 12:30 in base 60), dates and times
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '_' | ':' | '.' | '-' | 'T' | 'Z' | ' '))
        && body.contains(['_', ':', '-'])
}

/// `'…'`, with `'` doubled.
fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Quote the plain scalars of serde_yaml's output that [`yaml11_ambiguous`]
/// finds, as keys (`yes: …`) and as values (`key: yes`, `- yes`); the
/// lines of block scalars (`|-`) are text and are left alone.
fn quote_yaml11(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut block: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let indent = body.len() - body.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if body.trim().is_empty() || indent > parent {
                out.push_str(line);
                continue;
            }
            block = None;
        }
        let (lead, mut rest) = body.split_at(indent);
        let mut prefix = lead.to_string();
        while let Some(r) = rest.strip_prefix("- ") {
            prefix.push_str("- ");
            rest = r;
        }
        let (key, value) = match rest.split_once(": ") {
            Some((k, v)) if !k.starts_with(['\'', '"']) => (Some(k), v),
            _ => match rest.strip_suffix(':') {
                Some(k) if !k.starts_with(['\'', '"']) && !k.is_empty() => (Some(k), ""),
                _ => (None, rest),
            },
        };
        let fix = |s: &str| {
            if yaml11_ambiguous(s) {
                single_quoted(s)
            } else {
                s.to_string()
            }
        };
        out.push_str(&prefix);
        match key {
            Some(k) => {
                out.push_str(&fix(k));
                out.push(':');
                if !value.is_empty() || rest.contains(": ") {
                    out.push(' ');
                    out.push_str(&fix(value));
                }
            }
            None => out.push_str(&fix(value)),
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
        let v = value.trim_end();
        if v.starts_with('|') || v.starts_with('>') {
            block = Some(indent);
        }
    }
    out
}

#[cfg(test)]
mod yaml_tests {
    #[test]
    fn yaml11_words_are_quoted_and_block_text_is_not() {
        let text = "a: yes\nb:\n- no\n- 'x'\nyes: 1\nt: |-\n  on\n  off\nc: 12:30\nd: 2021-09-15\ne: fine\n- key: Off\n";
        let want = "a: 'yes'\nb:\n- 'no'\n- 'x'\n'yes': 1\nt: |-\n  on\n  off\nc: '12:30'\nd: '2021-09-15'\ne: fine\n- key: 'Off'\n";
        assert_eq!(super::quote_yaml11(text), want);
    }
}
