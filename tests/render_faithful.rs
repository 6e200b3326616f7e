//! The page says what the policy says: every example and corpus policy is
//! rendered (HTML, zh and en) and
//! - every `text` of every declaration appears on the page, and a long one
//!   no more often than the texts that contain it explain (exactly once);
//! - no paragraph of the page is printed twice;
//! - the necessity and impact a data declaration gives appear;
//! - every id on the page is the page's own structure or names a
//!   declaration of the policy (every part traces to a declaration);
//! - the chapters keep the source's order, so their numbers are the
//!   source's.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use policyc::model::{Model, Taxonomy};
use policyc::render::{HtmlRenderer, Lang, RenderContext, Renderer};
use policyc::source::SourceFile;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policies() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["examples", "tests/corpus"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "policy") {
                v.push(p);
            }
        }
    }
    v.sort();
    assert!(v.len() >= 3, "examples and corpus found");
    v
}

fn compile(path: &Path) -> Model {
    let text = std::fs::read_to_string(path).unwrap();
    let src = SourceFile::new(path.display().to_string(), text);
    policyc::compile(&src, Taxonomy::builtin().unwrap())
        .unwrap_or_else(|_| panic!("{} compiles", path.display()))
}

fn html(model: &Model, lang: Lang) -> String {
    let ctx = RenderContext {
        model,
        taxonomy: Taxonomy::builtin().unwrap(),
        lang,
    };
    HtmlRenderer.render(&ctx).unwrap().text
}

fn key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of the page's `<main>` outside its folded parts (`<details>`:
/// the annexes' tables, the fields of declarations without text, the
/// chapters' own contents): tags removed, entities decoded.
fn page_text(page: &str) -> String {
    let start = page.find("<main>").unwrap();
    let end = page.rfind("</main>").unwrap();
    let mut flow = String::new();
    let mut rest = &page[start..end];
    while let Some(at) = rest.find("<details") {
        flow.push_str(&rest[..at]);
        rest = rest[at..].split_once("</details>").map_or("", |(_, r)| r);
    }
    flow.push_str(rest);
    let mut out = String::new();
    let mut in_tag = false;
    for c in flow.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    key(&unescape(&out))
}

/// The `text` fields of every declaration, in source order, each once.
fn texts(model: &Model) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in model.decls() {
        let v = d.export();
        if let Some(list) = v.get("text").and_then(|t| t.as_array()) {
            for t in list {
                if let Some(s) = t.get("text").and_then(|s| s.as_str()) {
                    let k = key(s);
                    if !k.is_empty() && !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        }
    }
    out
}

/// The first line of the text whose key is `k`, as written.
fn first_line<'m>(model: &'m Model, k: &str) -> &'m str {
    for d in model.decls() {
        let mut found = None;
        d.texts(&mut |t| {
            if found.is_none() && key(&t.text) == k {
                found = Some(t.text.trim_start().lines().next().unwrap_or("").trim());
            }
        });
        if let Some(l) = found {
            return l;
        }
    }
    ""
}

/// `二、我们如何…` → `我们如何…`
fn strip_chapter_number(l: &str) -> &str {
    let rest = l.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    if rest.len() == l.len() {
        return l;
    }
    rest.strip_prefix('、')
        .or_else(|| rest.strip_prefix('.'))
        .or_else(|| rest.strip_prefix('．'))
        .map_or(l, str::trim_start)
}

/// A text without its first line when that line is a chapter heading
/// (`二、…`, `九. …`), else the text.
fn lead_rest(model: &Model, k: &str) -> String {
    let line = first_line(model, k);
    if line.chars().count() <= 40 && strip_chapter_number(line) != line {
        k.strip_prefix(&key(line)).unwrap_or(k).to_owned()
    } else {
        k.to_owned()
    }
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn every_text_appears_once() {
    let mut total = 0;
    for path in policies() {
        let model = compile(&path);
        let page = page_text(&html(&model, Lang::Zh));
        let ts = texts(&model);
        total += ts.len();
        for t in &ts {
            // A text that opens with its chapter's heading (`二、…`): the
            // heading is the chapter's, numbered in the page's style; the rest
            // is the text.
            let whole = t;
            let t = &lead_rest(&model, t);
            if t != whole {
                let title = key(strip_chapter_number(first_line(&model, whole)));
                assert!(
                    page.contains(&title),
                    "{}: chapter heading {title} missing",
                    path.display()
                );
            }
            let n = count(&page, t);
            assert!(
                n >= 1,
                "{}: a text is missing from the page: {}",
                path.display(),
                t.chars().take(60).collect::<String>()
            );
            if t.chars().count() >= 30 {
                let inside: usize = ts.iter().filter(|o| *o != t).map(|o| count(o, t)).sum();
                assert!(
                    n <= 1 + inside,
                    "{}: a text appears {n} times: {}",
                    path.display(),
                    t.chars().take(60).collect::<String>()
                );
            }
        }
    }
    assert!(
        total > 500,
        "the examples and corpus have their texts ({total})"
    );
}

#[test]
fn no_paragraph_twice() {
    for path in policies() {
        let model = compile(&path);
        for lang in [Lang::Zh, Lang::En] {
            let page = html(&model, lang);
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for p in page.split("<p>").skip(1) {
                let body = p.split("</p>").next().unwrap_or("");
                let k = key(&unescape(body));
                if k.chars().count() >= 20 {
                    *seen.entry(k).or_default() += 1;
                }
            }
            let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
            assert!(
                twice.is_empty(),
                "{} ({lang:?}): paragraphs printed twice: {:?}",
                path.display(),
                twice
                    .iter()
                    .map(|(k, n)| (k.chars().take(40).collect::<String>(), n))
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn data_declarations_own_words_appear() {
    let mut checked = 0;
    for path in policies() {
        let model = compile(&path);
        let page = page_text(&html(&model, Lang::Zh));
        for d in model.data.iter().filter(|d| d.declared) {
            for t in d
                .necessity
                .iter()
                .chain(d.impact.iter())
                .chain(d.text.iter())
            {
                checked += 1;
                assert!(
                    page.contains(&key(&t.text)),
                    "{}: data `{}` says {:?}, not on the page",
                    path.display(),
                    d.id,
                    t.text
                );
            }
        }
    }
    assert!(
        checked > 0,
        "some data declaration gives a necessity or text"
    );
}

/// An id reduced as the page reduces it.
fn slug(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect()
}

#[test]
fn every_part_traces_to_a_declaration() {
    const STRUCTURE: &[&str] = &[
        "top",
        "summary",
        "contents",
        "collect",
        "cookies",
        "share",
        "store",
        "rights",
        "minors",
        "updates",
        "contact",
        "annex-collection",
        "annex-sharing",
        "annex-sdks",
        "annex-transfers",
        "sdk-list",
        "marketing",
        "merger",
        "shutdown",
        "storage",
        "security",
        "exceptions",
        "processor",
        "officer",
        "complaints",
        "dispute",
        "minors-policy",
        "updates-policy",
    ];
    const PREFIXES: &[(&str, &str)] = &[
        ("function-", "function"),
        ("group-", "function"),
        ("annex-function-", "function"),
        ("permission-", "permission"),
        ("annex-permission-", "permission"),
        ("recipient-", "recipient"),
        ("sdk-list-", "sdk-list"),
        ("sdk-", "sdk"),
        ("decision-", "automated-decision"),
        ("exceptions-", "exceptions"),
        ("recommendation-", "recommendation"),
        ("cookie-", "cookie"),
        ("disclosure-", "disclosure"),
        ("retention-", "retention"),
        ("transfer-", "transfer"),
        ("right-", "right"),
        ("data-", "data"),
        ("section-", "section"),
        ("document-", "document"),
        ("processing-", "processing"),
        ("handover-", "handover"),
        ("defaults-", "defaults"),
    ];
    for path in policies() {
        let model = compile(&path);
        let mut decls: BTreeSet<(String, String)> = BTreeSet::new();
        for d in model.decls() {
            if let Some(id) = d.id() {
                decls.insert((d.kind().keyword().to_owned(), slug(id)));
            }
        }
        let page = html(&model, Lang::Zh);
        for part in page.split(" id=\"").skip(1) {
            let id = part.split('"').next().unwrap();
            // `x-2`: the second element for the same name.
            let base = id
                .rsplit_once('-')
                .filter(|(_, n)| n.parse::<u32>().is_ok())
                .map_or(id, |(b, _)| b);
            let base = base.strip_suffix("-facts").unwrap_or(base);
            if STRUCTURE.contains(&base)
                || base.starts_with("annex-role-")
                || (base.starts_with("chapter-") && base[8..].parse::<u32>().is_ok())
            {
                continue;
            }
            let traced = PREFIXES.iter().any(|(prefix, kind)| {
                base.strip_prefix(prefix).is_some_and(|rest| {
                    decls.contains(&((*kind).to_owned(), rest.to_owned()))
                        || decls.contains(&(
                            (*kind).to_owned(),
                            id.strip_prefix(prefix).unwrap_or("").to_owned(),
                        ))
                })
            });
            assert!(traced, "{}: id `{id}` names no declaration", path.display());
        }
    }
}

#[test]
fn chapters_keep_the_source_numbering() {
    // jinshang's chapters are 一 collection … 四 rights, 五 cookies … 九
    // severability, as in the source; mengshang's cookies are 二.
    let cases: [(&str, &[&str]); 2] = [
        (
            "examples/jinshang.policy",
            &[
                "一、我们如何收集",
                "四、您的权利",
                "五、我们如何使用 Cookie",
                "九、可分割性",
            ],
        ),
        (
            "examples/mengshang.policy",
            &[
                "一、我们如何收集",
                "二、我们如何使用Cookie",
                "五、您的权利",
                "八、如何联系我们",
            ],
        ),
    ];
    for (file, heads) in cases {
        let page = html(&compile(&root().join(file)), Lang::Zh);
        for h in heads {
            assert!(
                page.contains(&format!("\">{h}")),
                "{file}: no chapter heading starting {h}"
            );
        }
    }
    let jin = html(&compile(&root().join("examples/jinshang.policy")), Lang::Zh);
    assert_eq!(
        jin.matches(">（四）系统权限及安全保障</h3>").count(),
        1,
        "jinshang's （四） is one heading"
    );
}

/// The position of the chapter heading (`<h2>`) that starts with `h`.
fn heading_at(page: &str, h: &str) -> usize {
    page.match_indices("<h2 id=\"")
        .map(|(at, _)| at)
        .find(|&at| {
            page[at..]
                .split_once('>')
                .is_some_and(|(_, rest)| rest.starts_with(h))
        })
        .unwrap_or_else(|| panic!("no chapter heading starting {h}"))
}

#[test]
fn texts_stay_in_the_source_chapter() {
    // 二（五）'s exceptions are in chapter 二, not 一; 四（一）7 (on automated
    // decisions, quoted again by the decision of 一（一）3.2) is in 四; the
    // contact chapter opens with its own heading, not with its text.
    let page = html(&compile(&root().join("examples/jinshang.policy")), Lang::Zh);
    let two = heading_at(&page, "二、");
    let three = heading_at(&page, "三、");
    let four = heading_at(&page, "四、");
    let five = heading_at(&page, "五、");
    let ex = page
        .find(">（五）征得授权同意的例外<")
        .expect("（五） heading");
    assert!(two < ex && ex < three, "二（五） in chapter 二");
    let adm = page
        .find(">7.关于自动化决策的知情和救济<")
        .expect("四（一）7 heading");
    assert!(four < adm && adm < five, "四（一）7 in chapter 四");
    assert!(
        !page.contains("<p>八、如何联系我们"),
        "the chapter's heading line is its heading, not a paragraph"
    );
}

#[test]
fn the_processor_text_stays_where_the_source_has_it() {
    // jinshang's 基本情况声明 is the source's opening (before 一); its
    // name and contacts are still in the contact chapter. mengshang's
    // registration lines open its 八 and stay there.
    let page = html(&compile(&root().join("examples/jinshang.policy")), Lang::Zh);
    let one = heading_at(&page, "一、");
    let eight = heading_at(&page, "八、");
    let basic = page.find("基本情况声明").expect("基本情况声明");
    assert!(basic < one, "基本情况声明 before chapter 一");
    let consent = page
        .find("您使用我们提供的产品或服务，即意味着")
        .expect("consent");
    assert!(
        basic < consent,
        "基本情况声明 before the consent wording, as written"
    );
    let name = page.rfind("晋商消费金融股份有限公司").expect("name");
    assert!(eight < name, "the processor's fields in chapter 八");
    let page = html(
        &compile(&root().join("examples/mengshang.policy")),
        Lang::Zh,
    );
    let eight = heading_at(&page, "八、");
    let reg = page
        .find("我们的注册名称、注册地相关信息如下")
        .expect("registration");
    assert!(eight < reg, "mengshang's registration lines in chapter 八");
}

/// The position of the first chapter heading (`<h2>`) after `at`, or the
/// end of the page.
fn next_chapter(page: &str, at: usize) -> usize {
    page[at..].find("<h2 id=\"").map_or(page.len(), |i| at + i)
}

#[test]
fn the_officer_text_stays_where_the_source_has_it() {
    // happigo's 五（六） and zspace's 六（二） name their officer in the
    // security chapter: the officer's text follows the security text, in
    // the same chapter. douban's 十 2 and mytian's 9.1 are in the contact
    // chapter. An officer written before every chapter (the render
    // fixture) joins the contact chapter.
    for (file, officer, before) in [
        (
            "tests/corpus/happigo-ecommerce-app.policy",
            "我们已成立专门的个人信息保护责任部门，指派专人负责个人信息安全保护。",
            "我们还将按照监管部门要求，主动上报个人信息安全事件的处置情况",
        ),
        (
            "tests/corpus/zspace-nas-app.policy",
            "<p>成立专门的个人信息保护责任部门</p>",
            "<h2 id=\"section-storage-chapter\"",
        ),
    ] {
        let page = html(&compile(&root().join(file)), Lang::Zh);
        let security = page
            .find(before)
            .unwrap_or_else(|| panic!("{file}: {before}"));
        let at = page
            .find(officer)
            .unwrap_or_else(|| panic!("{file}: officer text"));
        assert_eq!(
            page.matches(officer).count(),
            1,
            "{file}: officer text once"
        );
        assert!(
            security < at && at < next_chapter(&page, security + before.len()),
            "{file}: the officer's text in the security chapter, after its text"
        );
    }
    for (file, officer) in [
        (
            "tests/corpus/douban-website.policy",
            "发送邮件至help@douban.com与我们的个人信息保护负责人联系",
        ),
        (
            "tests/corpus/mytian-kids-edu-app.policy",
            "我们设立了专门负责个人信息保护的部门，并指定专人负责儿童个人信息保护",
        ),
        ("tests/fixtures/render/full.policy", "id=\"officer\""),
    ] {
        let page = html(&compile(&root().join(file)), Lang::Zh);
        let contact = page.find("<h2 id=\"contact\"").unwrap_or_else(|| {
            let at = page
                .find("联系我们</h2>")
                .unwrap_or_else(|| panic!("{file}: contact"));
            page[..at].rfind("<h2").unwrap()
        });
        let at = page
            .find(officer)
            .unwrap_or_else(|| panic!("{file}: officer"));
        assert!(
            contact < at && at < next_chapter(&page, contact + "<h2".len()),
            "{file}: the officer in the contact chapter"
        );
    }
}

/// The second-level headings (`<h2>`) of the page between its contents and
/// its annexes, as shown: the opening's own sections, then the chapters.
fn top_heads(page: &str) -> Vec<String> {
    let from = page.find("id=\"contents\"").unwrap_or(0);
    page[from..]
        .match_indices("<h2 id=\"")
        .filter_map(|(at, _)| {
            let rest = page[from + at..].split_once('>')?.1;
            Some(unescape(rest.split_once("</h2>")?.0))
        })
        .filter(|h| !["目录", "Contents"].contains(&h.as_str()))
        .filter(|h| !h.starts_with("附录") && !h.starts_with("Annex"))
        .collect()
}

/// The chapter headings: the second-level headings from the first one with a
/// chapter number on (the opening's own sections, before chapter 一, are
/// not chapters).
fn chapter_heads(page: &str) -> Vec<String> {
    top_heads(page)
        .into_iter()
        .skip_while(|h| numbered_line(h).is_none())
        .collect()
}

#[test]
fn declared_chapters_are_the_sources() {
    // cib, douban and happigo declare each chapter of the source by its heading
    // (`section … "五、我们如何保护你的个人信息"`): the page has the same
    // chapters, in the same order, with the same numbers and titles — a
    // security chapter is not merged into storage, douban's 八 on deceased
    // users is a chapter, its 十一 on disputes too, and its titles say "你".
    let cases: [(&str, &[&str]); 3] = [
        (
            "tests/corpus/cib-bank-app.policy",
            &[
                "一、定义",
                "二、我行如何收集与使用您的个人信息",
                "三、我行如何使用Cookie技术和同类技术",
                "四、我行如何共享、转让和公开披露您的个人信息",
                "五、我行如何保存您的个人信息",
                "六、您管理个人信息的权利及方式",
                "七、我行如何保护您的个人信息",
                "八、我行如何保护未成年人信息",
                "九、本条款如何更新",
                "十、如何联系我行",
                "十一、其它",
            ],
        ),
        (
            "tests/corpus/douban-website.policy",
            &[
                "一、我们如何收集和使用你的个人信息",
                "二、我们如何使用Cookie和同类技术",
                "三、我们如何对外提供你的个人信息",
                "四、我们如何存储你的个人信息",
                "五、我们如何保护你的个人信息",
                "六、你的权利",
                "七、我们如何保护未成年人的个人信息",
                "八、我们如何保护逝者的个人信息",
                "九、本政策如何更新",
                "十、如何联系我们",
                "十一、争议解决",
            ],
        ),
        (
            "tests/corpus/happigo-ecommerce-app.policy",
            &[
                "一、业务功能的个人信息收集使用规则",
                "二、我们如何存储您的个人信息",
                "三、我们如何委托处理、共享、转让、公开披露您的个人信息",
                "四、Cookie 和其他同类技术的使用",
                "五、我们如何保护您的个人信息",
                "六、您管理个人信息的权利",
                "七、我们如何发出通知与公告",
                "八、我们如何处理未成年人的个人信息",
                "九、本政策如何更新",
                "十、如何联系我们",
                "十一、名词解释及其他",
            ],
        ),
    ];
    for (file, want) in cases {
        let page = html(&compile(&root().join(file)), Lang::Zh);
        assert_eq!(chapter_heads(&page), want, "{file}: the source's chapters");
        // What stands before chapter 一 is the opening, not a chapter: its
        // own sections are second-level headings and head the contents.
        let opening: Vec<String> = top_heads(&page)
            .into_iter()
            .take_while(|h| numbered_line(h).is_none())
            .collect();
        let toc = &page[page.find("id=\"contents\"").unwrap()..page.find("</nav>").unwrap()];
        let listed: Vec<&str> = toc
            .split("<li>")
            .skip(1)
            .filter_map(|li| li.split_once("\">")?.1.split_once("</a>").map(|x| x.0))
            .collect();
        let want_toc: Vec<String> = opening
            .iter()
            .cloned()
            .chain(want.iter().map(|w| w.to_string()))
            .collect();
        assert_eq!(
            &listed[..want_toc.len()],
            want_toc
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            "{file}: the contents list the opening's sections, then the chapters"
        );
        if file.contains("douban") {
            assert_eq!(opening, ["概要", "相关术语及定义"], "{file}: opening");
        }
        // The summary's contact link has its target.
        assert!(page.contains("<h2 id=\"contact\">十、"), "{file}: #contact");
    }
    // The officer of happigo's 五（六） is in 五, the next of kin's request
    // (a `processing`) of douban's 八 in 八, not in 一.
    let page = html(
        &compile(&root().join("tests/corpus/douban-website.policy")),
        Lang::Zh,
    );
    let eight = heading_at(&page, "八、");
    let request = page
        .find("id=\"processing-deceased-request\"")
        .expect("deceased request");
    assert!(eight < request && request < heading_at(&page, "九、"));
    // A policy that does not declare all its chapters keeps the App. D
    // plan: jinshang declares 四, 五 and 九 only.
    let jin = html(&compile(&root().join("examples/jinshang.policy")), Lang::Zh);
    assert_eq!(chapter_heads(&jin).len(), 9);
}

#[test]
fn no_heading_twice() {
    // A heading of the source is printed once: not by a function's `group`
    // and again by the section that has the same title (happigo's
    // "（二）系统调用权限说明"), nor as a chapter's title and again under it.
    for path in policies() {
        let model = compile(&path);
        for lang in [Lang::Zh, Lang::En] {
            let page = html(&model, lang);
            let mut chapter = String::new();
            let mut seen: BTreeSet<String> = BTreeSet::new();
            for (at, _) in page.match_indices("<h") {
                let tag = &page[at..];
                let Some(level) = tag
                    .chars()
                    .nth(2)
                    .and_then(|c| c.to_digit(10))
                    .filter(|l| (2..=4).contains(l))
                else {
                    continue;
                };
                let Some(body) = tag.split_once('>').and_then(|(_, r)| r.split_once("</h")) else {
                    continue;
                };
                let mut words = String::new();
                let mut in_tag = false;
                for c in body.0.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => words.push(c),
                        _ => {}
                    }
                }
                // Without the source's numbering: "（三）第三方SDK服务" and
                // "第三方SDK服务" are one heading.
                let words = key(&unescape(&words));
                let words = strip_chapter_number(&words);
                let words = match words.strip_prefix('（').and_then(|w| w.split_once('）')) {
                    Some((n, rest)) if n.chars().all(|c| "一二三四五六七八九十".contains(c)) => {
                        rest
                    }
                    _ => words,
                }
                .to_owned();
                if level == 2 {
                    chapter = words;
                    seen.clear();
                    continue;
                }
                assert!(
                    words != chapter,
                    "{} ({lang:?}): \"{words}\" is its chapter's title and a heading under it",
                    path.display()
                );
                assert!(
                    seen.insert(words.clone()),
                    "{} ({lang:?}): heading \"{words}\" printed twice in one chapter",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn exception_grounds_appear() {
    let mut checked = 0;
    for path in policies() {
        let model = compile(&path);
        let page = key(&unescape(&html(&model, Lang::Zh)));
        for ex in model.exceptions.iter().chain(&model.exception_lists) {
            for e in &ex.items {
                checked += 1;
                assert!(
                    page.contains(&key(&e.text.text)),
                    "{}: exception ground {} not on the page",
                    path.display(),
                    e.text.text
                );
            }
        }
    }
    assert!(checked > 20, "the seeds and corpus have exception lists");
}

#[test]
fn sdks_collect_in_their_own_words() {
    // The China Telecom SDK collects "国际移动用户标识码"; the app's own
    // device-id label (IMEI, IDFA, MAC, OAID …) is not its words.
    let page = html(&compile(&root().join("examples/jinshang.policy")), Lang::Zh);
    let row = page
        .split("<tr")
        .skip(1)
        .map(|r| r.split("</tr>").next().unwrap_or(""))
        .find(|r| r.contains("中国电信认证 SDK"))
        .expect("the SDK's row");
    assert!(row.contains("国际移动用户标识码"));
    for generic in ["IMEI", "IDFA", "OAID", "MAC"] {
        assert!(!row.contains(generic), "{generic} in the China Telecom row");
    }
}

/// The pieces of Chinese text in the page's `<main>` that are not inside an
/// element with `lang="zh-CN"`.
fn chinese_outside_zh(page: &str) -> Vec<String> {
    let start = page.find("<main>").unwrap();
    let end = page.rfind("</main>").unwrap();
    let main = &page[start..end];
    // Per open element: whether it (or an ancestor) is in Chinese.
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut out = Vec::new();
    let mut rest = main;
    while !rest.is_empty() {
        let (words, tail) = rest.split_once('<').unwrap_or((rest, ""));
        let zh = stack.last().is_some_and(|(_, z)| *z);
        if !zh
            && words
                .chars()
                .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        {
            out.push(unescape(words));
        }
        let Some((tag, after)) = tail.split_once('>') else {
            break;
        };
        rest = after;
        if let Some(name) = tag.strip_prefix('/') {
            if let Some(at) = stack.iter().rposition(|(n, _)| n == name.trim()) {
                stack.truncate(at);
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.ends_with('/')
            || ["br", "hr", "img", "input", "meta", "wbr"].contains(&name.as_str())
        {
            continue;
        }
        let own = tag.contains("lang=\"zh-CN\"");
        stack.push((name, own || zh && !tag.contains("lang=\"en\"")));
    }
    out
}

#[test]
fn the_english_page_marks_every_chinese_word() {
    // On the English page, every word the policy gives only in Chinese —
    // prose, headings, and the values, names and cells inside the page's
    // English sentences ("Post: 北京市…", "IMEI信息") — carries
    // lang="zh-CN"; inline ones have the class `nt`, underlined with dots,
    // which the banner explains.
    let mut marked = 0;
    for path in policies() {
        let page = html(&compile(&path), Lang::En);
        let left = chinese_outside_zh(&page);
        assert!(
            left.is_empty(),
            "{}: Chinese outside lang=\"zh-CN\": {:?}",
            path.display(),
            left.iter().take(5).collect::<Vec<_>>()
        );
        marked += page.matches("class=\"nt\"").count();
    }
    assert!(marked > 100, "inline Chinese is marked ({marked})");
    let page = html(
        &compile(&root().join("tests/corpus/happigo-ecommerce-app.policy")),
        Lang::En,
    );
    assert!(page.contains("<span lang=\"zh-CN\" class=\"nt\">IMEI信息</span>"));
    assert!(page.contains("or underlined with dots."));
}

#[test]
fn the_page_addresses_the_reader_as_the_policy_does() {
    // douban says 你 throughout: the page's own Chinese (summary, fields,
    // annex labels, built-in titles) does too; the others say 您.
    let page = html(
        &compile(&root().join("tests/corpus/douban-website.policy")),
        Lang::Zh,
    );
    assert!(!page.contains('您'), "douban's page says 你");
    assert!(page.contains("你"));
    let page = html(&compile(&root().join("examples/jinshang.policy")), Lang::Zh);
    assert!(page.contains("您的权利"));
}

/// The source text of a policy: `tests/corpus/NAME.policy` is
/// `$POLICYC_CORPUS/NAME.txt`, `examples/NAME.policy` the seed whose file
/// name starts with NAME in `$POLICYC_SEEDS` (else `../shared/corpus` and
/// `../shared/seeds` beside the repository). `None` when absent.
fn source_text(policy: &Path) -> Option<String> {
    let stem = policy.file_stem()?.to_str()?;
    let corpus = policy.parent()?.ends_with("corpus");
    let (var, dir) = if corpus {
        ("POLICYC_CORPUS", "../shared/corpus")
    } else {
        ("POLICYC_SEEDS", "../shared/seeds")
    };
    let dir = std::env::var_os(var).map_or_else(|| root().join(dir), PathBuf::from);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "txt")
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s == stem || s.starts_with(&format!("{stem}-")))
        })
        .collect();
    files.sort();
    std::fs::read_to_string(files.first()?).ok()
}

/// A line that may be a chapter heading of a source: its number, its
/// numbering style (`一` for Chinese numerals, else the separator after the
/// digits: `1.` and `1、` are two styles) and its title. Lines that end as a
/// sentence or list item does (`；`, `。`, `，`, `：`) and long lines are not
/// headings.
fn numbered_line(line: &str) -> Option<(usize, String, String)> {
    let t = line.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let zh: String = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    let (n, style, rest) = if !digits.is_empty() {
        let rest = &t[digits.len()..];
        let sep = rest.chars().next()?;
        (digits.parse().ok()?, sep.to_string(), rest)
    } else if !zh.is_empty() {
        let d = |c: char| {
            "一二三四五六七八九"
                .chars()
                .position(|z| z == c)
                .map(|i| i + 1)
        };
        let c: Vec<char> = zh.chars().collect();
        let n = match c.as_slice() {
            ['十'] => 10,
            ['十', u] => 10 + d(*u)?,
            [u] => d(*u)?,
            [t, '十'] => 10 * d(*t)?,
            [t, '十', u] => 10 * d(*t)? + d(*u)?,
            _ => return None,
        };
        (n, "一".to_owned(), &t[zh.len()..])
    } else {
        return None;
    };
    let title = if let Some(r) = rest.strip_prefix(['、', '．']) {
        r
    } else {
        let r = rest.strip_prefix('.')?;
        if r.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        r
    };
    // A heading run together with its first sub-heading after no-break
    // spaces (mengshang's "四、…保护您的个人信息    （一） 存储").
    let title = title.split('\u{a0}').next().unwrap_or("").trim();
    let n_chars = title.chars().count();
    if n_chars == 0 || n_chars > 40 || title.ends_with(['；', ';', '。', '，', ',', '：', ':'])
    {
        return None;
    }
    Some((n, style, title.to_owned()))
}

/// The chapter headings of a source text, `(number, title)`: the chains of
/// numbered lines 1, 2, 3 … of one style (each number continues the latest
/// chain that ended one below it); Chinese numerals before digits; a chain
/// whose entries sit on neighbouring lines is a table of contents and is
/// taken only when there is nothing else; the longest (the last of equals).
/// Empty when the source does not number its chapters (blophy).
fn source_chapters(text: &str) -> Vec<(usize, String)> {
    type Chain = (String, Vec<(usize, String, usize)>);
    let mut chains: Vec<Chain> = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let Some((n, style, title)) = numbered_line(line) else {
            continue;
        };
        if n == 1 {
            chains.push((style, vec![(n, title, at)]));
        } else if let Some(c) = chains
            .iter_mut()
            .rev()
            .find(|c| c.0 == style && c.1.last().is_some_and(|l| l.0 == n - 1))
        {
            c.1.push((n, title, at));
        }
    }
    let good: Vec<&Chain> = chains.iter().filter(|c| c.1.len() >= 3).collect();
    let zh: Vec<&Chain> = good.iter().copied().filter(|c| c.0 == "一").collect();
    let pool = if zh.is_empty() { good } else { zh };
    let spread = |c: &&Chain| {
        let (first, last) = (
            c.1.first().map_or(0, |e| e.2),
            c.1.last().map_or(0, |e| e.2),
        );
        last - first > 3 * c.1.len()
    };
    let body: Vec<&Chain> = pool.iter().copied().filter(spread).collect();
    let body = if body.is_empty() { pool } else { body };
    body.iter()
        .rev()
        .max_by_key(|c| c.1.len())
        .map(|c| c.1.iter().map(|(n, t, _)| (*n, t.clone())).collect())
        .unwrap_or_default()
}

#[test]
fn source_chapter_headings_are_found() {
    // The reader of the sources below: douban's contents number 1.–11. and
    // its chapters 一、–十一、, with lists 1.–11. inside 一; baidumap's
    // contents (1.–9.) are not its chapters (1.–8.); mengshang's 四 runs into
    // its （一）.
    let src = "目录\n1. 收集\n2. Cookie\n3. 共享\n一、收集\n1. 注册及登录\n2. 账号信息\n3. 未登录状态\n\
               二、Cookie\n1、与国家安全有关的；\n三、共享\n正文。\n四、保护\u{a0}\u{a0}（一）存储\n";
    assert_eq!(
        source_chapters(src),
        [
            (1, "收集".to_owned()),
            (2, "Cookie".to_owned()),
            (3, "共享".to_owned()),
            (4, "保护".to_owned())
        ]
    );
    let arabic = "1. 甲\n2. 乙\n3. 丙\n\n1. 甲\n正文\n正文\n正文\n1、项\n2、项\n正文\n2. 乙\n正文\n正文\n正文\n正文\n3. 丁\n";
    assert_eq!(
        source_chapters(arabic),
        [
            (1, "甲".to_owned()),
            (2, "乙".to_owned()),
            (3, "丁".to_owned())
        ]
    );
    assert!(source_chapters("我们如何收集\n我们如何共享\n").is_empty());
}

#[test]
fn chapter_numbers_and_titles_are_the_sources() {
    // For every example and corpus policy whose source numbers its chapters
    // (read from ../shared/corpus and ../shared/seeds), the page's chapters
    // are the source's: the same numbers, in order, with the source's
    // titles (white space aside), so that the source's own references
    // ("本政策第十条") still point where they did.
    let mut checked = 0;
    let mut problems = Vec::new();
    for path in policies() {
        let Some(source) = source_text(&path) else {
            continue;
        };
        let want = source_chapters(&source);
        if want.is_empty() {
            continue;
        }
        checked += 1;
        let page = html(&compile(&path), Lang::Zh);
        let got: Vec<(usize, String)> = chapter_heads(&page)
            .iter()
            .map(|h| {
                let n = numbered_line(h).map_or(0, |x| x.0);
                (n, key(strip_chapter_number(h)))
            })
            .collect();
        let want: Vec<(usize, String)> = want.into_iter().map(|(n, t)| (n, key(&t))).collect();
        if got != want {
            problems.push(format!(
                "{}:\n    page   {got:?}\n    source {want:?}",
                path.display()
            ));
        }
    }
    if checked == 0 {
        eprintln!("skip: no source text found (set POLICYC_CORPUS, POLICYC_SEEDS)");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_cookie_under_a_sub_heading_stays_in_its_chapter() {
    // blophy's source has its cookies as "（四）Cookie和类似技术" inside its
    // chapter on collection and use, followed by "（五）其他规则" (the consent
    // exceptions): no cookie chapter of the page's own takes them away, and
    // （五） is a sibling of （四）, not a heading under it.
    let page = html(
        &compile(&root().join("tests/corpus/blophy-opensource-game.policy")),
        Lang::Zh,
    );
    assert!(
        !chapter_heads(&page).iter().any(|h| h.contains("Cookie")),
        "no cookie chapter: {:?}",
        chapter_heads(&page)
    );
    let one = heading_at(&page, "一、");
    let end = next_chapter(&page, one + "<h2".len());
    for h in ["（四）Cookie和类似技术", "（五）其他规则"] {
        let at = page
            .find(&format!(">{h}</h3>"))
            .unwrap_or_else(|| panic!("{h} is not a third-level heading"));
        assert!(one < at && at < end, "{h} is in chapter 一");
    }
    let cookie = page
        .find("cookies-beacons")
        .expect("the cookie declaration is on the page");
    assert!(
        one < cookie && cookie < end,
        "the cookie declaration is in chapter 一"
    );
}

#[test]
fn a_section_keeps_the_text_a_structured_declaration_quotes_before_it() {
    // jinshang's "（二）停止运营" is the source's 四（二）; the retention on
    // ceasing operations, written in 三, quotes it too. It is shown once,
    // in 四 under its own heading, not in 三.
    let page = html(&compile(&root().join("examples/jinshang.policy")), Lang::Zh);
    let text = "如果我们停止运营，我们会逐一送达通知";
    let at = page.find(text).expect("the text is on the page");
    assert_eq!(page.matches(text).count(), 1, "shown once");
    let four = heading_at(&page, "四、");
    assert!(
        four < at && at < next_chapter(&page, four + "<h2".len()),
        "in chapter 四"
    );
    let head = page.find(">（二）停止运营</h3>").expect("its heading");
    assert!(
        head < at && page[head..at].matches("<h").count() == 0,
        "under its heading"
    );
}

#[test]
fn a_translated_heading_keeps_the_source_clause_number() {
    // ucloud's "1.3 您的用户" is translated "The customer's own users": the
    // English heading keeps "1.3", which the source's references use.
    let page = html(
        &compile(&root().join("tests/corpus/ucloud-cloud-console-app.policy")),
        Lang::En,
    );
    assert!(
        page.contains(">1.3 The customer&#39;s own users</h3>")
            || page.contains(">1.3 The customer's own users</h3>"),
        "1.3 kept"
    );
    assert!(
        !page.contains(">The customer"),
        "no heading without its number"
    );
}
