//! The page builder: the resolved model as a comrak document tree.
//!
//! The structure follows GB/T 35273-2020 Appendix D as the seed policies do:
//! header, key facts, contents, then chapters (collection and use; cookies;
//! sharing; storage and protection; rights; minors; updates; contact; other
//! sections) and two annexes (PI collection list, third-party sharing list).
//! Chapters with nothing to say are left out; the key facts always show every
//! line and say when the policy is silent.
//!
//! Every string of the policy enters the tree as a `Text` node, never as
//! Markdown or HTML. Links are made only from URL fields with an http, https,
//! mailto or tel scheme. In the HTML target, in-page links and anchors on
//! declarations that are not headings (table rows) are added; their ids are
//! built from declaration ids reduced to `[a-z0-9_-]`.
//!
//! This file assembles the page: the plan of chapters, the header, the
//! contents and the dispatch of each part to its chapter. The tree
//! primitives are in `tree`, words and names in `names`, the key facts in
//! `facts`, one file per chapter (`collect`, `share`, `store`, `rights`,
//! `minors`, `updates`, `contact`) and the annexes in `annex`.

mod annex;
mod clauses;
mod collect;
mod collect_body;
mod contact;
mod flow;
mod minors;
mod names;
mod outside;
mod rights;
mod share;
mod store;
mod summary;
mod tree;
mod updates;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use comrak::nodes::NodeValue;
use comrak::{Arena, Node};

use super::i18n::Catalog;
use super::{Lang, RenderContext, Untranslated};
use crate::model::*;
pub(crate) use tree::{chinese_runs, safe_url};
use tree::{node_key, text, Inl, Li};

/// Which output the tree is for. The HTML tree adds in-page links and anchors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Markdown,
    Html,
}

/// A built page.
pub(crate) struct Built<'a> {
    pub root: Node<'a>,
    /// The id of every heading, in document order.
    pub heading_ids: Vec<String>,
    /// The page title (for `<title>`).
    pub title: String,
    pub untranslated: Vec<Untranslated>,
}

/// Build the page tree.
pub(crate) fn build<'a>(
    arena: &'a Arena<'a>,
    ctx: &RenderContext<'_>,
    target: Target,
    alternate: Option<(Lang, String)>,
) -> Result<Built<'a>, String> {
    let cat = Catalog::builtin()?;
    let mut b = Builder::new(arena, ctx, target, cat);
    b.alternate = alternate;
    let root = b.node(NodeValue::Document);
    b.page(root);
    root.validate()
        .map_err(|e| format!("internal error: ill-formed page tree: {e:?}"))?;
    let heading_ids = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Heading(_)))
        .map(|n| b.heading_ids.get(&node_key(n)).cloned().unwrap_or_default())
        .collect();
    Ok(Built {
        root,
        heading_ids,
        title: b.title.clone(),
        untranslated: b.untranslated.into_values().collect(),
    })
}

/// The chapters of the page. They appear in the order the source opens
/// them (GB/T 35273-2020 Appendix D, as the seeds do), so that the page's
/// chapter numbers are the source's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Collect,
    Cookies,
    Share,
    Store,
    Rights,
    Minors,
    Updates,
    Contact,
    Other,
}

/// One declaration as a part of a chapter.
#[derive(Clone, Copy)]
enum Block<'m> {
    Data(&'m DataCategory),
    Permission(&'m Permission),
    Function(&'m Function),
    Decision(&'m AutomatedDecision),
    Marketing(&'m Marketing),
    Exceptions(&'m Exceptions),
    Recommendation(&'m Recommendation),
    Cookie(&'m Cookie),
    Recipient(&'m Recipient),
    SdkList(&'m SdkList),
    Sdk(&'m Sdk),
    Disclosure(&'m Disclosure),
    Merger,
    Retention(&'m Retention),
    Storage,
    Transfer(&'m Transfer),
    Security,
    Right(&'m Right),
    Minors,
    Updates,
    Processor,
    Officer,
    Complaints,
    Dispute,
    Document(&'m Document),
    Processing(&'m Processing),
    Handover(&'m Handover),
    Shutdown,
    Defaults(&'m Defaults),
    Section(&'m Section),
}

/// A chapter: its kind, its parts in source order, and the section that
/// gives its title when the source has one.
struct Chapter<'m> {
    kind: Kind,
    blocks: Vec<Block<'m>>,
    title_section: Option<&'m Section>,
}

/// The chapter a section id names by its first word (`rights-intro`,
/// `sharing`, `sdk-liability`), if it names one.
fn keyword_kind(id: &str) -> Option<Kind> {
    let first = id.split(['-', '_']).next().unwrap_or(id);
    Some(match first {
        "collect" | "collection" | "use" | "permissions" => Kind::Collect,
        "share" | "sharing" | "transfer" | "entrust" | "entrustment" | "disclosure" | "sdk"
        | "sdks" | "recipients" => Kind::Share,
        "store" | "storage" | "retention" | "security" | "protection" | "cross" => Kind::Store,
        "right" | "rights" => Kind::Rights,
        "minors" | "children" => Kind::Minors,
        "update" | "updates" => Kind::Updates,
        "contact" | "complaints" | "dispute" => Kind::Contact,
        _ => return None,
    })
}

/// Whether a title starts with a chapter number (`四、`, `九. `, `3.` not
/// followed by a digit), as the source's chapter headings do.
fn chapter_numbered(s: &str) -> bool {
    let t = s.trim_start();
    let is_num = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let after = t.trim_start_matches(is_num);
    after.len() < t.len()
        && (after.starts_with('、')
            || after.starts_with('．')
            || (after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit())))
}

/// The number of a chapter heading (`四、` → 4, `十一、` → 11, `9. ` → 9),
/// if the title is one.
fn chapter_number(s: &str) -> Option<usize> {
    if !chapter_numbered(s) {
        return None;
    }
    let t = s.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    const ZH: &str = "一二三四五六七八九";
    let num: Vec<char> = t
        .chars()
        .take_while(|c| ZH.contains(*c) || *c == '十')
        .collect();
    let digit = |c: &char| ZH.chars().position(|z| z == *c).map(|i| i + 1);
    match num.as_slice() {
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(u)?),
        [t, '十'] => Some(10 * digit(t)?),
        [t, '十', u] => Some(10 * digit(t)? + digit(u)?),
        [u] => digit(u),
        _ => None,
    }
}

/// The number of a sub-heading (`（四）` → 4), if the title starts with one.
fn sub_number(s: &str) -> Option<usize> {
    let t = s.trim_start();
    let r = t.strip_prefix('（').or_else(|| t.strip_prefix('('))?;
    let end = r.find(['）', ')'])?;
    let n = r.get(..end)?;
    const ZH: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    ZH.iter()
        .position(|z| *z == n)
        .map(|i| i + 1)
        .or_else(|| n.parse().ok())
}

/// Drop a leading enumeration (`（一）`, `(3)`, `四、`, `2.`, `九. `) that the
/// page's own numbering replaces.
fn strip_number(s: &str) -> &str {
    let t = s.trim_start();
    let is_num = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c);
    let rest = if let Some(r) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) {
        let after = r.trim_start_matches(is_num);
        if after.len() < r.len() {
            after.strip_prefix('）').or_else(|| after.strip_prefix(')'))
        } else {
            None
        }
    } else {
        let after = t.trim_start_matches(is_num);
        if after.len() < t.len() {
            after
                .strip_prefix('、')
                .or_else(|| after.strip_prefix('．'))
                .or_else(|| {
                    after
                        .strip_prefix('.')
                        .filter(|x| !x.starts_with(|c: char| c.is_ascii_digit()))
                })
        } else {
            None
        }
    };
    match rest.map(str::trim_start) {
        Some(out) if !out.is_empty() => out,
        _ => s,
    }
}

struct Builder<'a, 'm> {
    arena: &'a Arena<'a>,
    m: &'m Model,
    tax: &'m Taxonomy,
    lang: Lang,
    /// The language the policy is written in (its first `language`, else zh).
    source: Lang,
    target: Target,
    cat: &'static Catalog,
    title: String,
    untranslated: BTreeMap<(u32, u32, &'static str), Untranslated>,
    heading_ids: HashMap<usize, String>,
    used_ids: BTreeSet<String>,
    data: BTreeMap<&'m str, &'m DataCategory>,
    functions: BTreeMap<&'m str, &'m Function>,
    sdks: BTreeMap<&'m str, &'m Sdk>,
    recipients: BTreeMap<&'m str, &'m Recipient>,
    permissions: BTreeMap<&'m str, &'m Permission>,
    decisions: BTreeMap<&'m str, &'m AutomatedDecision>,
    /// The texts already on the page (whitespace removed): each is shown once.
    shown: std::collections::HashSet<String>,
    /// While set, `heading` adds nothing (the facts of a declaration inside
    /// its `<details>`, whose `<summary>` names it).
    quiet: bool,
    /// The policy's own other-language page, linked from the banner.
    alternate: Option<(Lang, String)>,
    /// Texts whose first line is their chapter's heading (not repeated).
    lead: std::collections::HashSet<String>,
    /// Texts that open one declaration and are a further text of another:
    /// shown where they open (see `flow::defer_shared`).
    opens_elsewhere: std::collections::HashSet<String>,
    /// Texts of a section that a structured declaration written before it
    /// also carries: shown at the section (see `flow::defer_shared`).
    in_sections: std::collections::HashSet<String>,
    /// Such texts passed over at the other declaration, not yet shown.
    deferred: std::collections::HashSet<String>,
    /// The processor is written before every chapter's content (its text
    /// is the source's opening, jinshang's 基本情况声明): its text is shown
    /// in the opening, its fields in the contact chapter.
    processor_opens: bool,
    /// Inside prose folded as written (`<details lang="zh-CN">`): its
    /// words are not marked one by one.
    in_original: bool,
    /// The text being written is one the policy makes prominent.
    in_prominent: bool,
    /// Wordings of yes/no statements already on the page (`contract` on
    /// recipients, as `text_key` writes them): a wording several recipients
    /// repeat is shown at the first, the others show the statement only.
    shown_clauses: std::collections::HashSet<String>,
    /// The policy addresses its reader as 你, not 您 (its own texts say so):
    /// the page's built-in Chinese does too.
    informal: bool,
    /// The texts shown so far in the current chapter (or the opening), as
    /// keys, one per line: a text one of them contains is not shown again.
    /// Keys hold no whitespace, so a key found in this buffer lies inside
    /// one text; one buffer is searched once per text (memchr's vectorised
    /// search), where a list of keys was searched key by key (10 MB pages
    /// took three times as long).
    chapter_texts: String,
    /// Markdown: the last paragraph of prose shown as written, so that the
    /// texts right after it share its marker.
    last_untranslated: Option<usize>,
}

impl<'a, 'm> Builder<'a, 'm> {
    fn new(
        arena: &'a Arena<'a>,
        ctx: &RenderContext<'m>,
        target: Target,
        cat: &'static Catalog,
    ) -> Builder<'a, 'm> {
        let m = ctx.model;
        let source = match m.header.languages.first() {
            Some(l) if l.value.to_ascii_lowercase().starts_with("en") => Lang::En,
            _ => Lang::Zh,
        };
        // The form of address of the policy's own words.
        let (mut ni, mut nin) = (0usize, 0usize);
        for d in m.decls() {
            d.texts(&mut |t| {
                ni += t.text.matches('你').count();
                nin += t.text.matches('您').count();
            });
        }
        Builder {
            informal: ni > nin,
            chapter_texts: String::new(),
            last_untranslated: None,
            arena,
            m,
            tax: ctx.taxonomy,
            lang: ctx.lang,
            source,
            target,
            cat,
            title: String::new(),
            untranslated: BTreeMap::new(),
            heading_ids: HashMap::new(),
            used_ids: BTreeSet::new(),
            data: m.data.iter().map(|d| (d.id.as_str(), d)).collect(),
            functions: m.functions.iter().map(|d| (d.id.as_str(), d)).collect(),
            sdks: m.sdks.iter().map(|d| (d.id.as_str(), d)).collect(),
            recipients: m.recipients.iter().map(|d| (d.id.as_str(), d)).collect(),
            permissions: m.permissions.iter().map(|d| (d.id.as_str(), d)).collect(),
            decisions: m.decisions.iter().map(|d| (d.id.as_str(), d)).collect(),
            shown: std::collections::HashSet::new(),
            quiet: false,
            alternate: None,
            lead: std::collections::HashSet::new(),
            opens_elsewhere: std::collections::HashSet::new(),
            in_sections: std::collections::HashSet::new(),
            deferred: std::collections::HashSet::new(),
            processor_opens: false,
            in_original: false,
            in_prominent: false,
            shown_clauses: Default::default(),
        }
    }

    // ---------------------------------------------------------------------
    // The page
    // ---------------------------------------------------------------------

    fn page(&mut self, root: Node<'a>) {
        let html = self.target == Target::Html;
        if html {
            let skip = self.t("page.skip");
            self.append(
                root,
                NodeValue::Raw(format!(
                    "<a class=\"skip\" href=\"#summary\">{}</a>\n",
                    super::html::escape(&skip)
                )),
            );
        }
        self.header(root);
        self.banner(root);
        let (intro, opening, chapters) = self.plan();
        self.summary(root, &chapters);

        // The source's own table of contents names the chapters, when it
        // lists as many as the page has.
        let own: Vec<String> = intro
            .iter()
            .flat_map(|s| s.text.iter())
            .filter(|t| self.lang == self.source || t.get(self.lang.code()).is_some())
            .flat_map(|t| {
                let s = t.get(self.lang.code()).unwrap_or(&t.text);
                s.lines()
                    .map(str::trim)
                    .filter(|l| strip_number(l) != *l)
                    .map(|l| strip_number(l).to_owned())
                    .collect::<Vec<_>>()
            })
            .collect();
        let own_titles = own.len() == chapters.len();
        let mut heads: Vec<(String, String)> = Vec::new();
        for (i, c) in chapters.iter().enumerate() {
            let own_title = own.get(i).filter(|_| own_titles).cloned();
            heads.push(self.chapter_head(c, i, own_title));
        }
        let annexes = [
            (self.t("annex.collection"), self.id("annex-collection")),
            (self.t("annex.sharing"), self.id("annex-sharing")),
        ];

        // Contents.
        let toc_id = self.id("contents");
        if html {
            self.append(root, NodeValue::Raw("<nav class=\"toc\">\n".to_owned()));
        }
        self.heading(root, 2, &[text(self.t("toc.title"))], &toc_id);
        // The list is written once the opening is built: its own sections
        // head it.
        let toc_at = root.last_child();
        if html {
            self.append(root, NodeValue::Raw("</nav>\n".to_owned()));
        }

        // The policy's opening: its text, the consent wording, its own
        // table of contents.
        let h = &self.m.header;
        self.prose(root, &h.text, "policy");
        self.scope_lines(root);
        // The processor's text in the opening, in file order with the
        // consent wording.
        let processor_text = match &self.m.processor {
            Some(p) if self.processor_opens => Some(p),
            _ => None,
        };
        let consent_first = matches!(
            (&self.m.consent, processor_text),
            (Some(c), Some(p)) if c.span.start < p.span.start
        );
        if let Some(p) = processor_text.filter(|_| !consent_first) {
            self.prose(root, &p.text, "processor");
        }
        if let Some(c) = &self.m.consent {
            self.prose(root, &c.text, "consent");
            let mut items: Vec<_> = self
                .refusal_li("consent-flow.refusal", c.refusal.as_ref(), "consent")
                .into_iter()
                .collect();
            items.extend(self.effect_li(
                "f.withdrawal",
                c.withdrawal.as_ref(),
                "consent",
                "if-withdrawn",
            ));
            if let Some(l) = &c.lasts {
                let v = self.tx(l, "consent", "lasts");
                items.push(self.field("consent.lasts", vec![text(v)]));
            }
            items.extend(self.flag_li(
                "consent.reconsent-on-purpose",
                c.reconsent_on_purpose.as_ref(),
                "consent",
                "reconsent-on-purpose",
            ));
            items.extend(self.others_consent_li(
                c.others_consent.as_ref(),
                &c.others_consent_also,
                "consent",
            ));
            if !items.is_empty() {
                self.list(root, items);
            }
        }
        if let Some(p) = processor_text.filter(|_| consent_first) {
            self.prose(root, &p.text, "processor");
        }
        for s in intro {
            let decl = format!("section `{}`", s.id);
            self.prose(root, &s.text, &decl);
        }

        // What the source has before its declared chapter one; its own
        // sections are listed in the contents before the chapters.
        let mut opening_heads: Vec<(String, String)> = Vec::new();
        if !opening.is_empty() {
            let c = Chapter {
                kind: Kind::Other,
                blocks: opening,
                title_section: None,
            };
            let before = root.last_child();
            self.chapter(root, &c, None);
            let mut n = match before {
                Some(b) => b.next_sibling(),
                None => root.first_child(),
            };
            while let Some(h) = n {
                n = h.next_sibling();
                if matches!(h.data().value, NodeValue::Heading(x) if x.level == 2) {
                    if let Some(id) = self.heading_ids.get(&node_key(h)).cloned() {
                        opening_heads.push((tree::plain_text(h), id));
                    }
                }
            }
        }
        let items: Vec<Li> = opening_heads
            .iter()
            .chain(heads.iter())
            .chain(annexes.iter())
            .map(|(t, id)| Li::new(vec![self.local_link(id, t.clone())]))
            .collect();
        let list = self.node(NodeValue::Document);
        self.list(list, items);
        let mut at = toc_at;
        for n in list.children().collect::<Vec<_>>() {
            n.detach();
            match at {
                Some(a) => a.insert_after(n),
                None => root.prepend(n),
            }
            at = Some(n);
        }
        for (c, (title, id)) in chapters.iter().zip(heads) {
            self.chapter(root, c, Some((title, &id)));
        }
        let [(c_title, c_id), (s_title, s_id)] = annexes;
        self.heading(root, 2, &[text(c_title)], &c_id);
        self.collection_annex(root);
        self.heading(root, 2, &[text(s_title)], &s_id);
        self.sharing_annex(root);
    }

    /// On a page not in the policy's own language: which version prevails,
    /// and a link to the other page when there is one.
    fn banner(&mut self, root: Node<'a>) {
        let mut line = Vec::new();
        if self.lang != self.source {
            // Markdown has no dotted underline (nor `lang`): its banner
            // says only what it marks.
            let key = match (self.source, self.target) {
                (Lang::Zh, Target::Html) => "banner.zh-prevails",
                (Lang::Zh, Target::Markdown) => "banner.zh-prevails-md",
                (Lang::En, _) => "banner.en-prevails",
            };
            line.push(text(self.t(key)));
        }
        if let Some((l, href)) = self.alternate.clone() {
            if let Some(url) = tree::relative_href(&href) {
                if !line.is_empty() {
                    line.push(text(" "));
                }
                let key = match l {
                    Lang::Zh => "banner.to-zh",
                    Lang::En => "banner.to-en",
                };
                let label = text(self.t(key));
                let label = if l == self.lang {
                    label
                } else {
                    Inl::Lang(l.html_code(), vec![label])
                };
                line.push(Inl::Link(url, vec![label]));
            }
        }
        if line.is_empty() {
            return;
        }
        if self.target == Target::Html {
            self.append(
                root,
                NodeValue::Raw("<div class=\"banner\" role=\"note\">\n".to_owned()),
            );
            self.para(root, &line);
            self.append(root, NodeValue::Raw("</div>\n".to_owned()));
        } else {
            self.para(root, &line);
        }
    }

    /// Whom the policy applies to and what it says it does not cover
    /// (`applies-to`, `excludes`): in the opening, after the policy's own
    /// text, not in the header, where a long list of exclusions would push
    /// the summary below the first screen on a phone.
    fn scope_lines(&mut self, root: Node<'a>) {
        let h = &self.m.header;
        if !h.applies_to.is_empty() {
            let p = self.tx_join(&h.applies_to, "policy", "applies-to", &self.sep());
            self.para(root, &[text(self.fill("meta.applies-to", &[("p", &p)]))]);
        }
        if !h.excludes.is_empty() {
            let p = h
                .excludes
                .iter()
                .map(|x| {
                    // The kind, and the policy's wording in brackets: the
                    // exclusions are joined by a clause separator, so the
                    // wording cannot follow its kind after one.
                    let mut v = self.label("exclusion", x.word);
                    if let Some(t) = &x.text {
                        let t = self.tx(t, "policy", "excludes");
                        v.push_str(&self.fill("format.paren", &[("x", &t)]));
                    }
                    v
                })
                .collect::<Vec<_>>()
                .join(&self.t("punct.clause"));
            self.para(root, &[text(self.fill("meta.excludes", &[("p", &p)]))]);
        }
        self.emphasis_line(root);
    }

    /// How the policy says it marks its important clauses (`emphasis`), and
    /// whether this page shows that marking: the texts written `text
    /// prominent` are in bold here; a transcription that marks none (its copy
    /// of the policy lost the bold) says so rather than leave the
    /// announcement pointing at nothing.
    fn emphasis_line(&mut self, root: Node<'a>) {
        let announced = &self.m.header.emphasis;
        if announced.is_empty() {
            return;
        }
        let mut lines: Vec<String> = announced
            .iter()
            .map(|e| {
                let marks = self.labels("emphasis-mark", &e.marks);
                let mut p = self.fill("meta.emphasis", &[("p", &marks)]);
                if let Some(t) = &e.text {
                    let t = self.tx(t, "policy", "emphasis");
                    p.push_str(&self.fill("format.paren", &[("x", &t)]));
                }
                p
            })
            .collect();
        let shown = self.m.texts().iter().any(|t| t.prominent);
        lines.push(self.t(if shown {
            "meta.emphasis-shown"
        } else {
            "meta.emphasis-not-marked"
        }));
        // One sentence each: the announcements, then what this page shows.
        let mut p = lines.join(&self.t("punct.sentence"));
        p.push_str(&self.t("punct.sentence-end"));
        self.para(root, &[text(p)]);
    }

    fn section_title(&mut self, s: &Section) -> String {
        let decl = format!("section `{}`", s.id);
        let t = self
            .tx_opt(s.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| s.id.clone());
        strip_number(&t).to_owned()
    }

    fn header(&mut self, root: Node<'a>) {
        let h = &self.m.header;
        let title = self
            .tx_opt(h.title.as_ref(), "policy", "title")
            .unwrap_or_else(|| self.t("page.untitled"));
        self.title = title.clone();
        let id = self.id("top");
        self.heading(root, 1, &[text(title)], &id);

        let mut meta = Vec::new();
        if let Some(v) = &h.version {
            let v = self.tx(v, "policy", "version");
            meta.push(self.fill("meta.version", &[("v", &v)]));
        }
        if let Some(d) = &h.updated {
            meta.push(self.fill("meta.updated", &[("date", &self.date(d.value))]));
        }
        if let Some(d) = &h.effective {
            meta.push(self.fill("meta.effective", &[("date", &self.date(d.value))]));
        }
        if let Some(d) = &h.published {
            meta.push(self.fill("meta.published", &[("date", &self.date(d.value))]));
        }
        if !meta.is_empty() {
            self.para(root, &[text(meta.join(&self.t("punct.clause")))]);
        }
        if !h.products.is_empty() {
            let p = self.tx_join(&h.products, "policy", "product", &self.sep());
            self.para(root, &[text(self.fill("meta.products", &[("p", &p)]))]);
        }
        if !h.platforms.is_empty() {
            let p = self.platforms(&h.platforms);
            self.para(root, &[text(self.fill("meta.platforms", &[("p", &p)]))]);
        }
        // The permission table stated as the app's whole list.
        if let Some(f) = h.permissions_complete.as_ref().filter(|f| f.value) {
            let mut v = self.t("meta.permissions-complete");
            if let Some(t) = &f.text {
                v.push_str(&self.t("punct.clause"));
                v.push_str(&self.tx(t, "policy", "permissions-complete"));
            }
            self.para(root, &[text(v)]);
        }
    }
}
