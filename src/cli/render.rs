//! `policyc render`: turn a policy into an output format.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::config;
use super::input;
use crate::exit::ExitStatus;
use crate::render::{HtmlRenderer, Lang, MarkdownRenderer, RenderContext, Renderer};
use crate::report::{self, Style};
use crate::source::SourceFile;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum To {
    /// The policy page as CommonMark with GFM tables (for a docs site).
    Md,
    /// The policy page as one standalone HTML file (for an app's WebView).
    Html,
    /// The resolved model as JSON (the machine export).
    Json,
    /// The resolved model as YAML.
    Yaml,
}

/// Render a policy.
#[derive(Debug, Args)]
#[command(
    after_help = "Strings with no translation into the page's language are shown as written and listed on stderr.\n\nExamples:\n  policyc render examples/jinshang.policy --to html -o jinshang.html\n  policyc render examples/jinshang.policy --to md --lang en\n  policyc render examples/mengshang.policy --to json"
)]
pub struct RenderArgs {
    /// The policy file (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub to: To,
    /// Language of the page's headings, labels and fixed phrases (md and html; default: the configuration's `language`, else zh). `zh,en` with `--to html -o OUT.html` writes OUT.zh.html and OUT.en.html, linked to each other.
    #[arg(long, value_enum, value_delimiter = ',', num_args = 1)]
    pub lang: Vec<Lang>,
    /// Configuration file (default: the nearest `policyc.yaml` upward from the policy).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write to this file instead of stdout (written whole or not at all).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn execute(args: RenderArgs) -> Result<ExitStatus, String> {
    match &args.output {
        Some(out) => crate::output::check_not_input(out, [args.file.as_path()])?,
        None => crate::output::require_stdout()?,
    }
    let pair = match args.lang.as_slice() {
        [] | [_] => None,
        [a, b] if a != b => Some((*a, *b)),
        _ => return Err("--lang takes one language, or two different ones (zh,en)".to_owned()),
    };
    let pair_out = match (pair, &args.output, args.to) {
        (None, _, _) => None,
        (Some(p), Some(out), To::Html) => Some((p, out.clone())),
        (Some(_), _, _) => {
            return Err(
                "--lang zh,en writes two pages: it needs --to html and -o OUT.html".to_owned(),
            )
        }
    };
    let config = match config::for_file(
        args.config.as_deref(),
        args.lang.first().copied(),
        &args.file,
    ) {
        Ok(c) => c,
        Err(rendered) => return Ok(config::failed(&rendered)),
    };
    let tax = config.taxonomy()?;
    let lang = config.language.unwrap_or(Lang::Zh);
    super::set_current_input(&args.file.display().to_string());
    let src = match input::load(&args.file)? {
        Ok(src) => src,
        Err(err) => {
            crate::output::eprint(&report::render(&err, Style::for_stderr()));
            return Ok(ExitStatus::Error);
        }
    };
    let model = match crate::compile_on(&src, tax, config.threads) {
        Ok(m) => m,
        Err(errors) => {
            for e in &errors {
                crate::output::eprint(&report::render(e, Style::for_stderr()));
            }
            return Ok(ExitStatus::Error);
        }
    };
    if let Some(((a, b), out)) = pair_out {
        let paths = [pair_path(&out, a), pair_path(&out, b)];
        for (i, (l, path)) in [a, b].into_iter().zip(&paths).enumerate() {
            let other = [b, a].get(i).copied().unwrap_or(b);
            let other_path = paths.get(1 - i).cloned().unwrap_or_default();
            let other_name = other_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let ctx = RenderContext {
                model: &model,
                taxonomy: tax,
                lang: l,
            };
            let page = crate::render::html_page(&ctx, Some((other, other_name)))?;
            crate::output::eprint(&untranslated_notes(&src, &page.untranslated, l));
            let mut bytes = page.text.into_bytes();
            if !bytes.ends_with(b"\n") {
                bytes.push(b'\n');
            }
            crate::output::check_not_input(path, [args.file.as_path()])?;
            crate::output::write_atomic(path, &bytes).map_err(|e| {
                format!(
                    "cannot write `{}`: {}",
                    path.display(),
                    crate::output::reason(&e)
                )
            })?;
        }
        return Ok(ExitStatus::Clean);
    }
    let ctx = RenderContext {
        model: &model,
        taxonomy: tax,
        lang,
    };
    let page = |r: &dyn Renderer| -> Result<String, String> {
        let page = r.render(&ctx)?;
        crate::output::eprint(&untranslated_notes(&src, &page.untranslated, lang));
        Ok(page.text)
    };
    let mut bytes = match args.to {
        To::Md => page(&MarkdownRenderer)?,
        To::Html => page(&HtmlRenderer)?,
        To::Json => serde_json::to_string_pretty(&model).map_err(|e| e.to_string())?,
        To::Yaml => crate::render::to_yaml(&model)?,
    }
    .into_bytes();
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    match &args.output {
        Some(path) => crate::output::write_atomic(path, &bytes).map_err(|e| {
            format!(
                "cannot write `{}`: {}",
                path.display(),
                crate::output::reason(&e)
            )
        })?,
        None => crate::output::stdout(&bytes)
            .map_err(|e| format!("cannot write output: {}", crate::output::reason(&e)))?,
    }
    Ok(ExitStatus::Clean)
}

/// `privacy.html` → `privacy.zh.html`: the page of one language of a pair.
fn pair_path(out: &std::path::Path, lang: Lang) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "policy".to_owned());
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "html".to_owned());
    out.with_file_name(format!("{stem}.{}.{ext}", lang.code()))
}

/// One line per string shown untranslated: where, which declaration, which field.
pub fn untranslated_notes(
    src: &SourceFile,
    items: &[crate::render::Untranslated],
    lang: Lang,
) -> String {
    let mut out = String::new();
    for u in items {
        let (line, col) = src.line_col(u.span.start);
        out.push_str(&format!(
            "note: {}:{line}:{col}: {} `{}` has no {} translation, shown as written\n",
            src.name(),
            u.declaration,
            u.field,
            lang.code()
        ));
    }
    out
}
