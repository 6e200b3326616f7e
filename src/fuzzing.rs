//! The whole pipeline on arbitrary bytes, for the fuzz targets in `fuzz/`
//! and their regression tests (`tests/fuzz_regressions.rs`). Each function
//! runs every stage it can reach and returns how far it got; none may panic.

use crate::check::config::Config;
use crate::model::{Model, Taxonomy};
use crate::render::{HtmlRenderer, Lang, MarkdownRenderer, RenderContext, Renderer};
use crate::source::SourceFile;

fn compile(name: &str, bytes: &[u8]) -> Option<(SourceFile, Model)> {
    let tax = Taxonomy::builtin().ok()?;
    let src = crate::decode(name, bytes.to_vec()).ok()?;
    let model = crate::compile(&src, tax).ok()?;
    Some((src, model))
}

/// Decode, parse, resolve, check, and format. Returns the number of findings.
pub fn compile_check(bytes: &[u8]) -> Option<usize> {
    if let Ok(src) = crate::decode("fuzz.policy", bytes.to_vec()) {
        if let Ok(once) = crate::syntax::format(&src) {
            // formatting must be idempotent on anything that parses
            let twice = crate::syntax::format(&SourceFile::new("fuzz.policy", once.as_str()));
            assert_eq!(
                twice.ok().as_deref(),
                Some(once.as_str()),
                "fmt is not idempotent"
            );
        }
    }
    let (src, model) = compile("fuzz.policy", bytes)?;
    Some(crate::check::run(&model, &src, &Config::default()).len())
}

/// Compile and render Markdown and HTML in both languages. Returns the
/// total length of the pages.
pub fn render(bytes: &[u8]) -> Option<usize> {
    let (_, model) = compile("fuzz.policy", bytes)?;
    let taxonomy = Taxonomy::builtin().ok()?;
    let mut total = 0;
    for lang in [Lang::Zh, Lang::En] {
        let ctx = RenderContext {
            model: &model,
            taxonomy,
            lang,
        };
        total += MarkdownRenderer.render(&ctx).map_or(0, |r| r.text.len());
        let html = HtmlRenderer.render(&ctx).map_or(String::new(), |r| r.text);
        assert!(!html.contains("<script"), "script in rendered page");
        total += html.len();
    }
    Some(total)
}

/// Split the input at the first `\0` (or in half), compile both sides, diff
/// them and write the notice. Returns the number of changes.
pub fn diff(bytes: &[u8]) -> Option<usize> {
    let cut = bytes
        .iter()
        .position(|b| *b == 0)
        .unwrap_or(bytes.len() / 2);
    let (a, b) = bytes.split_at(cut);
    let b = b.strip_prefix(&[0]).unwrap_or(b);
    let (_, old) = compile("old.policy", a)?;
    let (_, new) = compile("new.policy", b)?;
    let changes = crate::diff::compare(&old, &new);
    let taxonomy = Taxonomy::builtin().ok()?;
    for lang in [Lang::Zh, Lang::En] {
        let ctx = crate::diff::notice::NoticeContext {
            changes: &changes,
            old: &old,
            new: &new,
            taxonomy,
            lang,
        };
        let _ = crate::diff::notice::markdown(&ctx);
        let _ = crate::diff::notice::html(&ctx);
    }
    Some(changes.changes.len())
}
