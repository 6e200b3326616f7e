//! The whole pipeline on arbitrary bytes, for the fuzz targets in `fuzz/`
//! and their regression tests (`tests/fuzz_regressions.rs`). Each function
//! runs every stage it can reach and returns how far it got; none may panic.

use crate::config::Config;
use crate::model::{Model, Taxonomy};
use crate::render::{HtmlRenderer, Lang, MarkdownRenderer, RenderContext, Renderer};
use crate::report::{self, entry::FileResult, Style};
use crate::source::SourceFile;

fn compile(name: &str, bytes: &[u8]) -> Option<(SourceFile, Model)> {
    let tax = Taxonomy::builtin().ok()?;
    let src = crate::decode(name, bytes.to_vec()).ok()?;
    let model = crate::compile(&src, tax).ok()?;
    Some((src, model))
}

/// Decode, parse, resolve, check, and format; then report every compile
/// error and finding the way `policyc check` does (human, JSON, SARIF,
/// GitHub), so that every span reaches the snippet renderer. Returns the
/// number of findings.
pub fn compile_check(bytes: &[u8]) -> Option<usize> {
    let mut result = FileResult {
        name: "fuzz.policy".to_string(),
        findings: Vec::new(),
        errors: Vec::new(),
        fingerprints: Vec::new(),
    };
    let mut checked = None;
    match crate::decode("fuzz.policy", bytes.to_vec()) {
        Err(e) => result.errors.push(e),
        Ok(src) => {
            if let Ok(once) = crate::syntax::format(&src) {
                // formatting must be idempotent on anything that parses
                let twice = crate::syntax::format(&SourceFile::new("fuzz.policy", once.as_str()));
                assert_eq!(
                    twice.ok().as_deref(),
                    Some(once.as_str()),
                    "fmt is not idempotent"
                );
            }
            // parsing in pieces (as large files are) gives the tree of a
            // parse in one piece, or gives up where that one fails
            let whole = crate::syntax::parse(&src).ok();
            for pieces in [2, 5] {
                if let Some(split) = crate::syntax::parse_in_pieces(&src, pieces) {
                    assert_eq!(Some(&split), whole.as_ref(), "pieces differ from the whole");
                }
            }
            let tax = Taxonomy::builtin().ok()?;
            match crate::compile(&src, tax) {
                Err(errors) => result.errors = errors,
                Ok(model) => {
                    result.findings = crate::check::run(&model, &src, &Config::default());
                    checked = Some(result.findings.len());
                }
            }
        }
    }
    for e in &result.errors {
        let _ = report::render(e, Style::plain());
    }
    for f in &result.findings {
        let _ = report::render(f, Style::plain());
    }
    let results = [result];
    for lang in [crate::check::Lang::En, crate::check::Lang::Zh] {
        let _ = report::json::to_string(&results, lang);
        let _ = report::sarif::to_string(&results, lang);
        let _ = report::github::to_string(&results, lang);
    }
    checked
}

/// Compile and render Markdown and HTML in both languages, and the JSON and
/// YAML exports. Returns the total length of the pages.
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
    total += serde_json::to_string_pretty(&model).map_or(0, |s| s.len());
    total += serde_yaml::to_string(&model).map_or(0, |s| s.len());
    Some(total)
}

/// Split the input at the first `\0` (or in half), compile both sides, diff
/// them, and write the report (human and JSON) and the notice (Markdown and
/// HTML), in both languages. Returns the number of changes.
pub fn diff(bytes: &[u8]) -> Option<usize> {
    let cut = bytes
        .iter()
        .position(|b| *b == 0)
        .unwrap_or(bytes.len() / 2);
    let (a, b) = bytes.split_at(cut);
    let b = b.strip_prefix(&[0]).unwrap_or(b);
    let (old_src, old) = compile("old.policy", a)?;
    let (new_src, new) = compile("new.policy", b)?;
    let changes = crate::diff::compare(&old, &new);
    let taxonomy = Taxonomy::builtin().ok()?;
    for lang in [Lang::Zh, Lang::En] {
        let side = |src, model| crate::diff::report::Side { src, model };
        let _ =
            crate::diff::report::human(&changes, side(&old_src, &old), side(&new_src, &new), lang);
        let _ =
            crate::diff::report::json(&changes, side(&old_src, &old), side(&new_src, &new), lang);
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

/// The build files `policyc verify` reads, by the names that pick each
/// reader: the same bytes go through every reader (manifest, Gradle, version
/// catalogue, dependency listing, plist, privacy manifest, app.json,
/// module.json5), and each result is reported the way `verify` reports it.
/// Returns how many readers accepted the bytes.
pub fn verify_read(bytes: &[u8]) -> usize {
    const NAMES: &[&str] = &[
        "AndroidManifest.xml",
        "build.gradle",
        "build.gradle.kts",
        "libs.versions.toml",
        "dependencies.txt",
        "Info.plist",
        "PrivacyInfo.xcprivacy",
        "app.json",
        "module.json5",
    ];
    let mut accepted = 0;
    for name in NAMES {
        match crate::verify::read(name, bytes) {
            Ok(_) => accepted += 1,
            Err(e) => {
                let _ = report::render(e.as_ref(), Style::plain());
            }
        }
    }
    accepted
}
