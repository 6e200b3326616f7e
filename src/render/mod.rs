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
        let built = page::build(&arena, ctx, page::Target::Markdown)?;
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
        // The tree is freed before the page is put together: for a large
        // policy the tree, the body and the page are each tens of MB.
        let (body, title, untranslated) = {
            let arena = comrak::Arena::new();
            let built = page::build(&arena, ctx, page::Target::Html)?;
            let body = html::format_body(built.root, &built.heading_ids)?;
            (body, built.title, built.untranslated)
        };
        Ok(Rendered {
            text: html::page(&body, ctx.lang, &title),
            untranslated,
        })
    }
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
    let body = html::format_body(root, &[]).unwrap_or_default();
    html::page(&body, lang, title)
}
