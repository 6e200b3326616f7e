//! The policy page: snapshots of every example and render fixture in
//! Markdown and HTML, Chinese and English; escaping of hostile strings;
//! determinism; the translation tables; the `render` command's file output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::Command;

use policyc::model::words;
use policyc::model::{Model, Taxonomy};
use policyc::render::i18n::{Catalog, MISSING_OPEN};
use policyc::render::{HtmlRenderer, Lang, MarkdownRenderer, RenderContext, Rendered, Renderer};
use policyc::source::SourceFile;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn compile(path: &Path) -> Model {
    let text = std::fs::read_to_string(path).unwrap();
    let src = SourceFile::new(path.display().to_string(), text);
    let tax = Taxonomy::builtin().unwrap();
    match policyc::compile(&src, tax) {
        Ok(m) => m,
        Err(errs) => {
            let shown: Vec<String> = errs
                .iter()
                .map(|e| policyc::report::render(e, policyc::report::Style::plain()))
                .collect();
            panic!("{} does not compile:\n{}", path.display(), shown.join("\n"));
        }
    }
}

fn render(r: &dyn Renderer, model: &Model, lang: Lang) -> Rendered {
    let ctx = RenderContext {
        model,
        taxonomy: Taxonomy::builtin().unwrap(),
        lang,
    };
    r.render(&ctx).unwrap()
}

/// The `<main>` of a page: the part that depends on the policy.
fn html_body(page: &str) -> &str {
    let start = page.find("<main>").expect("page has <main>");
    let end = page.rfind("</main>").expect("page has </main>");
    &page[start..end + "</main>".len()]
}

/// Every policy the page is snapshotted for.
fn inputs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/render"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    v.sort();
    v.push(root().join("examples/minimal.policy"));
    v.push(root().join("examples/mengshang.policy"));
    v.push(root().join("examples/jinshang.policy"));
    v
}

#[test]
fn snapshots_md_and_html_in_zh_and_en() {
    for path in inputs() {
        let model = compile(&path);
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        for lang in [Lang::Zh, Lang::En] {
            let md = render(&MarkdownRenderer, &model, lang);
            insta::assert_snapshot!(format!("{stem}.{}.md", lang.code()), md.text);
            let html = render(&HtmlRenderer, &model, lang);
            insta::assert_snapshot!(
                format!("{stem}.{}.html", lang.code()),
                html_body(&html.text)
            );
        }
    }
}

#[test]
fn html_page_shell_is_standalone_and_scriptless() {
    let model = compile(&root().join("tests/fixtures/render/full.policy"));
    for (lang, code) in [(Lang::Zh, "zh-CN"), (Lang::En, "en")] {
        let page = render(&HtmlRenderer, &model, lang).text;
        assert!(page.starts_with("<!doctype html>\n"));
        assert!(page.contains(&format!("<html lang=\"{code}\">")));
        assert!(page
            .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
        assert!(
            page.contains("default-src 'none'"),
            "a CSP forbids every request"
        );
        assert!(page.contains("@media (prefers-color-scheme: dark)"));
        assert!(page.contains("@media print"));
        assert!(!page.to_ascii_lowercase().contains("<script"));
        assert!(
            !page.contains("src="),
            "no images, frames or scripts are loaded"
        );
        assert!(
            !page.contains("@import") && !page.contains("url("),
            "the CSS loads nothing"
        );
        assert!(page.contains("<nav class=\"toc\">"));
        assert!(page.contains("id=\"function-register\""));
        assert!(page.contains("id=\"sdk-push\""));
        assert!(page.contains("id=\"recipient-verifier\""));
    }
}

#[test]
fn print_margins_carry_title_and_version_or_say_there_is_none() {
    // The A4 print sheet: the title top left, the version and date bottom
    // left (mengshang gives its update date; jinshang gives neither, and
    // its margin says so instead of staying blank).
    let meng = compile(&root().join("examples/mengshang.policy"));
    let page = render(&HtmlRenderer, &meng, Lang::Zh).text;
    assert!(page.contains("@page { size: A4;"));
    assert!(page.contains("@top-left { content: \"蒙商消费金融用户隐私政策协议\";"));
    assert!(page.contains("@bottom-left { content: \"2021-09-15\";"));
    let jin = compile(&root().join("examples/jinshang.policy"));
    for (lang, undated) in [
        (Lang::Zh, "本政策未载明版本和日期"),
        (Lang::En, "The policy states no version or date"),
    ] {
        let page = render(&HtmlRenderer, &jin, lang).text;
        assert!(
            page.contains(&format!("@bottom-left {{ content: \"{undated}\";")),
            "{lang:?}: the margin says the policy gives no version or date"
        );
    }
}

#[test]
fn headings_shown_as_written_are_marked() {
    // jinshang's function groups have no English: on the English page each
    // such heading keeps its Chinese (lang="zh-CN") and says it is not
    // translated.
    let jin = compile(&root().join("examples/jinshang.policy"));
    let page = render(&HtmlRenderer, &jin, Lang::En).text;
    let mut seen = 0;
    for (at, _) in page.match_indices("><span lang=\"zh-CN\" class=\"nt\">") {
        let start = page[..at].rfind('<').unwrap();
        if !page[start..].starts_with("<h") {
            continue;
        }
        let end = at + page[at..].find("</h").unwrap();
        assert!(
            page[at..end].ends_with("</span> [not translated]"),
            "unmarked heading: {}",
            &page[start..end]
        );
        seen += 1;
    }
    assert!(seen >= 6, "jinshang's six group headings ({seen})");
}

/// Tags that the page itself writes; anything else would have come from
/// policy text.
const TAGS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "main", "nav", "div", "span", "h1", "h2",
    "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong", "em", "a", "br", "table", "thead",
    "tbody", "tr", "th", "td", "section", "details", "summary", "abbr", "caption",
];

fn assert_html_safe(page: &str, what: &str) {
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{what}: a <script> element");
    assert!(!lower.contains("<img"), "{what}: an <img> element");
    for (i, _) in lower.match_indices('<') {
        let rest = &lower[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if rest.starts_with("!doctype") {
            continue;
        }
        assert!(
            TAGS.contains(&name.as_str()),
            "{what}: unexpected tag <{name}> at byte {i}"
        );
        // Inside a tag, no event handler attribute.
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        assert!(!tag.contains(" on"), "{what}: event handler in <{tag}>");
    }
    for (i, _) in page.match_indices("href=\"") {
        let url = &page[i + 6..];
        let url = &url[..url.find('"').unwrap()];
        let ok = ["#", "http://", "https://", "mailto:", "tel:"]
            .iter()
            .any(|p| url.starts_with(p));
        assert!(ok, "{what}: link to `{url}`");
        assert!(
            !url.to_ascii_lowercase().contains("javascript:"),
            "{what}: link to `{url}`"
        );
    }
}

/// Unescaped `|` in a Markdown table line (outside code spans there are none
/// here: backticks are escaped too).
fn cells(line: &str) -> usize {
    let mut n = 0;
    let mut prev = ' ';
    for c in line.chars() {
        if c == '|' && prev != '\\' {
            n += 1;
        }
        prev = c;
    }
    n
}

#[test]
fn hostile_strings_show_as_text() {
    let model = compile(&root().join("tests/fixtures/render/escaping.policy"));
    for lang in [Lang::Zh, Lang::En] {
        let page = render(&HtmlRenderer, &model, lang).text;
        assert_html_safe(&page, "policy page");
        assert!(page.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
        assert!(page.contains("&lt;img src=x onerror=document.title='pwned'&gt;"));
        assert!(
            page.contains("[x](javascript:alert(1))"),
            "Markdown in a string stays text"
        );

        let md = render(&MarkdownRenderer, &model, lang).text;
        // Every table keeps its column count.
        let mut width = None;
        for line in md.lines() {
            if line.starts_with('|') {
                let n = cells(line);
                match width {
                    None => width = Some(n),
                    Some(w) => assert_eq!(n, w, "table row with a different column count: {line}"),
                }
            } else {
                width = None;
            }
        }
        // Read back by a CommonMark parser, the tables have the columns they
        // were written with, and no raw HTML, link or code span came from text.
        let arena = comrak::Arena::new();
        let doc = comrak::parse_document(&arena, &md, &policyc::render::options());
        for n in doc.descendants() {
            match &n.data().value {
                comrak::nodes::NodeValue::Table(t) => {
                    for row in n.children() {
                        assert_eq!(row.children().count(), t.num_columns);
                    }
                }
                comrak::nodes::NodeValue::HtmlInline(h) => panic!("raw HTML `{h}` in the Markdown"),
                comrak::nodes::NodeValue::HtmlBlock(h) => {
                    panic!("raw HTML `{}` in the Markdown", h.literal)
                }
                comrak::nodes::NodeValue::Code(c) => {
                    panic!("code span `{}` in the Markdown", c.literal)
                }
                comrak::nodes::NodeValue::Link(l) => {
                    assert!(
                        !l.url.to_ascii_lowercase().contains("javascript"),
                        "link to {}",
                        l.url
                    );
                }
                _ => {}
            }
        }
        // The same Markdown through the shared HTML page (the diff notice path).
        let page = policyc::render::markdown_to_html_page(&md, lang, "t");
        assert_html_safe(&page, "Markdown page");
    }
}

#[test]
fn markdown_page_drops_raw_html_images_and_unsafe_links() {
    let md = "# T\n\n<script>document.title='x'</script>\n\n<img src=x onerror=alert(1)>\n\n\
              ![i](https://example.com/i.png) [j](javascript:alert(1)) [ok](https://example.com) [d](data:text/html,x)\n";
    let page = policyc::render::markdown_to_html_page(md, Lang::En, "<T>");
    assert_html_safe(&page, "markdown page");
    assert!(page.contains("<title>&lt;T&gt;</title>"));
    assert!(page.contains("<a href=\"https://example.com\">ok</a>"));
    assert!(!page.contains("example.com/i.png"), "no image is loaded");
    assert!(page.contains("<h1 id=\"t\">T</h1>"));
}

#[test]
fn output_is_deterministic() {
    for path in inputs() {
        let model = compile(&path);
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(
                render(&MarkdownRenderer, &model, lang).text,
                render(&MarkdownRenderer, &model, lang).text
            );
            let again = compile(&path);
            assert_eq!(
                render(&HtmlRenderer, &model, lang).text,
                render(&HtmlRenderer, &again, lang).text
            );
        }
    }
}

#[test]
fn every_in_page_link_has_its_target() {
    for path in inputs() {
        let model = compile(&path);
        for lang in [Lang::Zh, Lang::En] {
            let page = render(&HtmlRenderer, &model, lang).text;
            let mut ids = std::collections::BTreeSet::new();
            for (i, _) in page.match_indices(" id=\"") {
                let id = &page[i + 5..];
                let id = &id[..id.find('"').unwrap()];
                assert!(
                    ids.insert(id.to_owned()),
                    "{}: duplicate id `{id}`",
                    path.display()
                );
            }
            for (i, _) in page.match_indices("href=\"#") {
                let id = &page[i + 7..];
                let id = &id[..id.find('"').unwrap()];
                assert!(
                    ids.contains(id),
                    "{}: link to missing `#{id}`",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn sensitive_items_carry_their_own_sign_and_are_explained() {
    let model = compile(&root().join("tests/fixtures/render/full.policy"));
    let md = render(&MarkdownRenderer, &model, Lang::Zh).text;
    assert!(md.contains("身份证号码 ※"));
    assert!(
        !md.contains("**身份证号码**"),
        "not the bold the policy uses"
    );
    assert!(md.contains("※ 标记的为敏感个人信息"));
    let md = render(&MarkdownRenderer, &model, Lang::En).text;
    assert!(md.contains("ID card number ※"));
    assert!(md.contains("marks sensitive personal information"));
    // HTML: a sign of its own, with what it means.
    let html = render(&HtmlRenderer, &model, Lang::Zh).text;
    assert!(html.contains("身份证号码 <abbr class=\"sens\" title=\"敏感个人信息\">※</abbr>"));
}

#[test]
fn english_page_has_english_headings_and_taxonomy_names() {
    let model = compile(&root().join("tests/fixtures/render/full.policy"));
    let md = render(&MarkdownRenderer, &model, Lang::En).text;
    assert!(md.contains("## 1\\. How we collect and use your personal information"));
    assert!(md.contains("## Annex 2: Third-party sharing list"));
    // `data x = face` with a label that has no English: the policy's word
    // as written, the taxonomy's name beside it for reference only.
    let model = compile(&root().join("tests/fixtures/render/untranslated.policy"));
    let page = render(&MarkdownRenderer, &model, Lang::En);
    let face = Taxonomy::builtin()
        .unwrap()
        .lookup("face")
        .unwrap()
        .en()
        .to_owned();
    assert!(
        page.text.contains("| 人脸图像 ※ |"),
        "the policy's word shown"
    );
    assert!(
        page.text.contains(&format!("| 人脸图像 ※ | {face} |")),
        "taxonomy name `{face}` as the reference column"
    );
}

#[test]
fn untranslated_strings_are_listed_once_each() {
    let model = compile(&root().join("tests/fixtures/render/untranslated.policy"));
    let zh = render(&MarkdownRenderer, &model, Lang::Zh);
    assert!(
        zh.untranslated.is_empty(),
        "a zh policy rendered in zh misses nothing"
    );
    let en = render(&HtmlRenderer, &model, Lang::En);
    let listed: Vec<String> = en
        .untranslated
        .iter()
        .map(|u| format!("{} {}", u.declaration, u.field))
        .collect();
    assert_eq!(
        listed,
        [
            "policy title",
            "data `face-img` label",
            "function `register` title",
            "function `register` purpose",
            "function `register` text",
        ],
        "in source order, each once (the title is shown twice)"
    );
    // Prose stays in its source language.
    assert!(en.text.contains("注册账号"));
}

#[test]
fn translation_tables_cover_every_word() {
    let cat = Catalog::builtin().unwrap();
    let vocabularies: &[(&str, &[&str])] = &[
        ("function-kind", words::FunctionKind::WORDS),
        ("basis", words::LegalBasis::WORDS),
        ("consent", words::ConsentKind::WORDS),
        ("need", words::Need::WORDS),
        ("source", words::SourceKind::WORDS),
        ("refusal", words::RefusalEffect::WORDS),
        ("channel", words::Channel::WORDS),
        ("role", words::Role::WORDS),
        ("sdk-method", words::SdkMethod::WORDS),
        ("sdk-start", words::SdkStart::WORDS),
        ("expiry", words::Expiry::WORDS),
        ("mechanism", words::Mechanism::WORDS),
        ("right", words::RightKind::WORDS),
        ("os", words::Os::WORDS),
        ("platform", words::Platform::WORDS),
        ("subject", words::Subject::WORDS),
        ("status", words::Status::WORDS),
        ("officer-kind", words::OfficerKind::WORDS),
        ("cookie-kind", words::CookieKind::WORDS),
        ("cookie-party", words::CookieParty::WORDS),
        ("recommendation-kind", words::RecommendationKind::WORDS),
        ("document-relation", words::DocumentRelation::WORDS),
        ("processing-kind", words::ProcessingKind::WORDS),
        ("grant", words::GrantLevel::WORDS),
        ("sensitivity", words::SensitivityClaim::WORDS),
        ("use", words::UseLimit::WORDS),
        ("processor-kind", words::ProcessorKind::WORDS),
        ("sdk-kind", words::SdkKind::WORDS),
        ("dnt", words::DntStance::WORDS),
        ("exempted-act", words::ExceptionAct::WORDS),
        ("when", words::When::WORDS),
        ("under-14", words::Under14Rules::WORDS),
        ("measure", words::Measure::WORDS),
        ("incident", words::IncidentContent::WORDS),
    ];
    for (vocab, list) in vocabularies {
        for w in *list {
            assert!(
                cat.has(&format!("{vocab}.{w}")),
                "no label for `{vocab}.{w}`"
            );
        }
    }
    for (key, p) in cat.phrases() {
        assert!(
            !p.zh.trim().is_empty() && !p.en.trim().is_empty(),
            "`{key}` is empty in a language"
        );
        // The link to the Chinese page names it in Chinese.
        assert!(
            !has_cjk(&p.en) || p.en == "※" || key == "banner.to-zh",
            "`{key}`: Chinese in the English phrase"
        );
    }
    for path in inputs() {
        let model = compile(&path);
        for lang in [Lang::Zh, Lang::En] {
            let page = render(&HtmlRenderer, &model, lang).text;
            assert!(
                !page.contains(MISSING_OPEN),
                "{}: a phrase is missing from data/i18n.yaml",
                path.display()
            );
        }
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

// ---------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------

fn policyc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_policyc"))
}

#[test]
fn render_writes_the_file_whole_and_notes_untranslated_fields() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page.html");
    let fixture = root().join("tests/fixtures/render/untranslated.policy");
    let run = policyc()
        .args(["render", "--to", "html", "--lang", "en", "-o"])
        .arg(&out)
        .arg(&fixture)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(run.stdout.is_empty());
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 5, "one line per field:\n{stderr}");
    assert!(stderr
        .lines()
        .all(|l| l.starts_with("note: ") && l.contains("untranslated.policy:")));
    assert!(
        stderr.contains("function `register` `purpose` has no en translation"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("<!doctype html>"));
    // Nothing else is left in the directory (no temporary file).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // In the policy's own language nothing is missing: quiet.
    let run = policyc()
        .args(["render", "--to", "md"])
        .arg(&fixture)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(
        run.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8(run.stdout).unwrap().starts_with("# "));
}

#[test]
fn render_to_a_missing_directory_fails_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-dir").join("page.html");
    let run = policyc()
        .args(["render", "--to", "html", "-o"])
        .arg(&out)
        .arg(root().join("examples/minimal.policy"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    assert!(String::from_utf8_lossy(&run.stderr).starts_with("error: cannot write"));
}

#[test]
fn render_replaces_an_existing_file_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("page.md");
    std::fs::write(&out, "old").unwrap();
    let run = policyc()
        .args(["render", "--to", "md", "-o"])
        .arg(&out)
        .arg(root().join("tests/fixtures/render/full.policy"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let stdout = policyc()
        .args(["render", "--to", "md"])
        .arg(root().join("tests/fixtures/render/full.policy"))
        .output()
        .unwrap()
        .stdout;
    assert_eq!(
        std::fs::read(&out).unwrap(),
        stdout,
        "the file is what stdout would have been"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// A clause the policy marks (`text prominent`) is bold on the page, its
/// markup escaped, apart from the sensitive-data sign; the header's
/// `emphasis` is stated in the opening with whether the page can show it.
#[test]
fn prominent_texts_are_bold_and_the_emphasis_is_stated() {
    let dir = std::env::temp_dir().join(format!("policyc-prominent-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let marked = dir.join("marked.policy");
    std::fs::write(
        &marked,
        "policy \"示例\" {\n  emphasis bold \"已采用加粗字体来特别提醒您\"\n}\n\
         section s \"一\" {\n  text prominent \"我们会<b>收集</b>您的信息\"\n  text \"普通条款\"\n}\n",
    )
    .unwrap();
    let m = compile(&marked);
    let html = render(&HtmlRenderer, &m, Lang::Zh).text;
    let body = html_body(&html);
    assert!(
        body.contains("<p><strong>我们会&lt;b&gt;收集&lt;/b&gt;您的信息</strong></p>"),
        "{body}"
    );
    assert!(body.contains("<p>普通条款</p>"));
    assert!(body.contains("本政策以加粗标示其提醒您特别注意的条款（已采用加粗字体来特别提醒您）。本页以粗体显示这些条款。"));
    assert_html_safe(&html, "prominent");
    // The announcement alone (a plain-text copy lost the bold): the page
    // says it cannot show which clauses.
    let plain = dir.join("plain.policy");
    std::fs::write(
        &plain,
        "policy \"示例\" {\n  emphasis bold\n}\nsection s \"一\" {\n  text \"普通条款\"\n}\n",
    )
    .unwrap();
    let md = render(&MarkdownRenderer, &compile(&plain), Lang::En).text;
    assert!(md.contains("The policy marks the clauses it asks you to note in bold. The text this page was made from does not keep that marking"), "{md}");
    assert!(!md.contains("**普通条款**"));
    std::fs::remove_dir_all(&dir).ok();
}
