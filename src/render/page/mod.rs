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
mod collect;
mod collect_body;
mod contact;
mod facts;
mod flow;
mod minors;
mod names;
mod rights;
mod share;
mod store;
mod tree;
mod updates;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use comrak::nodes::NodeValue;
use comrak::{Arena, Node};

use super::i18n::Catalog;
use super::{Lang, RenderContext, Untranslated};
use crate::model::*;
pub(crate) use tree::safe_url;
use tree::{node_key, text, Li};

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
) -> Result<Built<'a>, String> {
    let cat = Catalog::builtin()?;
    let mut b = Builder::new(arena, ctx, target, cat);
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

/// The chapters of the page, in order (GB/T 35273-2020 Appendix D).
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

/// A part of a chapter; parts are shown in the order of the source file.
#[derive(Clone, Copy)]
enum Block<'m> {
    Functions,
    Permissions,
    Decision(&'m AutomatedDecision),
    Marketing(&'m Marketing),
    Exceptions(&'m Exceptions),
    Recommendation(&'m Recommendation),
    Cookies,
    Recipients,
    Sdks,
    Disclosure(&'m Disclosure),
    Merger,
    Retention,
    Storage,
    Transfers,
    Security,
    Right(&'m Right),
    Minors,
    Updates,
    Processor,
    Officer,
    Complaints,
    Section(&'m Section),
}

/// A chapter: its kind, its parts with their source positions, and for a
/// chapter made of free sections, the section that gives its title.
struct Chapter<'m> {
    kind: Kind,
    blocks: Vec<(u32, Block<'m>)>,
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
        "contact" | "complaints" => Kind::Contact,
        _ => return None,
    })
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
        Builder {
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
        }
    }

    // ---------------------------------------------------------------------
    // The page
    // ---------------------------------------------------------------------

    /// The chapter a free section belongs in: the chapter of the first
    /// structured declaration after it in the source (a section introduces
    /// what follows it); a section after a cookie section joins it; a
    /// section with nothing after it is a chapter of its own at the end.
    fn plan(&mut self) -> (Vec<&'m Section>, Vec<Chapter<'m>>) {
        let m = self.m;
        let mut marks: Vec<(u32, Kind, Block<'m>)> = Vec::new();
        if let Some(f) = m.functions.first() {
            marks.push((f.span.start, Kind::Collect, Block::Functions));
        }
        for f in m.functions.iter().skip(1) {
            marks.push((f.span.start, Kind::Collect, Block::Functions));
        }
        for p in &m.permissions {
            marks.push((p.span.start, Kind::Collect, Block::Permissions));
        }
        for d in &m.decisions {
            marks.push((d.span.start, Kind::Collect, Block::Decision(d)));
        }
        if let Some(x) = &m.marketing {
            marks.push((x.span.start, Kind::Collect, Block::Marketing(x)));
        }
        for x in m.exceptions.iter().chain(&m.exception_lists) {
            marks.push((x.span.start, Kind::Collect, Block::Exceptions(x)));
        }
        for r in &m.recommendations {
            marks.push((r.span.start, Kind::Collect, Block::Recommendation(r)));
        }
        for c in &m.cookies {
            marks.push((c.span.start, Kind::Cookies, Block::Cookies));
        }
        for r in &m.recipients {
            marks.push((r.span.start, Kind::Share, Block::Recipients));
        }
        for x in &m.sdk_lists {
            marks.push((x.span.start, Kind::Share, Block::Sdks));
        }
        for x in &m.sdks {
            marks.push((x.span.start, Kind::Share, Block::Sdks));
        }
        for d in &m.disclosures {
            marks.push((d.span.start, Kind::Share, Block::Disclosure(d)));
        }
        if let Some(x) = &m.merger {
            marks.push((x.span.start, Kind::Share, Block::Merger));
        }
        for x in &m.retention {
            marks.push((x.span.start, Kind::Store, Block::Retention));
        }
        if let Some(x) = &m.storage {
            marks.push((x.span.start, Kind::Store, Block::Storage));
        }
        for x in &m.transfers {
            marks.push((x.span.start, Kind::Store, Block::Transfers));
        }
        if let Some(x) = &m.security {
            marks.push((x.span.start, Kind::Store, Block::Security));
        }
        for r in &m.rights {
            marks.push((r.span.start, Kind::Rights, Block::Right(r)));
        }
        if let Some(x) = &m.minors {
            marks.push((x.span.start, Kind::Minors, Block::Minors));
        }
        if let Some(x) = &m.updates {
            marks.push((x.span.start, Kind::Updates, Block::Updates));
        }
        if let Some(x) = &m.complaints {
            marks.push((x.span.start, Kind::Contact, Block::Complaints));
        }
        // Permissions, decisions and the like are often declared before the
        // functions that use them; the functions still come first.
        if let Some(first_fn) = m.functions.first().map(|f| f.span.start) {
            for (pos, kind, block) in &mut marks {
                if *kind == Kind::Collect && !matches!(block, Block::Functions) {
                    *pos = (*pos).max(first_fn.saturating_add(1));
                }
            }
        }
        marks.sort_by_key(|(pos, _, _)| *pos);

        // One block per kind of part, at the position of its first declaration.
        let mut chapters: Vec<Chapter<'m>> = Vec::new();
        let mut seen: Vec<(Kind, std::mem::Discriminant<Block<'m>>)> = Vec::new();
        let chapter = |chapters: &mut Vec<Chapter<'m>>, kind: Kind| -> usize {
            match chapters
                .iter()
                .position(|c| c.kind == kind && c.title_section.is_none())
            {
                Some(i) => i,
                None => {
                    chapters.push(Chapter {
                        kind,
                        blocks: Vec::new(),
                        title_section: None,
                    });
                    chapters.len() - 1
                }
            }
        };
        for (pos, kind, block) in &marks {
            let unique = matches!(
                block,
                Block::Functions
                    | Block::Permissions
                    | Block::Cookies
                    | Block::Recipients
                    | Block::Sdks
                    | Block::Retention
                    | Block::Transfers
            );
            let d = std::mem::discriminant(block);
            if unique && seen.contains(&(*kind, d)) {
                continue;
            }
            seen.push((*kind, d));
            let i = chapter(&mut chapters, *kind);
            if let Some(c) = chapters.get_mut(i) {
                c.blocks.push((*pos, *block));
            }
        }
        // Contact: processor and officer first, whatever their position.
        let ci = chapter(&mut chapters, Kind::Contact);
        if let Some(c) = chapters.get_mut(ci) {
            if m.officer.is_some() {
                c.blocks.insert(0, (0, Block::Officer));
            }
            if m.processor.is_some() {
                c.blocks.insert(0, (0, Block::Processor));
            }
        }

        let mut intro = Vec::new();
        let mut cookie_open = false;
        for s in &m.sections {
            let id = s.id.to_ascii_lowercase();
            let next = marks.iter().find(|(pos, _, _)| *pos > s.span.start);
            if id == "contents" || id == "toc" {
                intro.push(s);
                continue;
            }
            if id.contains("cookie") {
                chapters.push(Chapter {
                    kind: Kind::Cookies,
                    blocks: vec![(s.span.start, Block::Section(s))],
                    title_section: Some(s),
                });
                cookie_open = true;
                continue;
            }
            // A section right after a cookie section, with no structured
            // declaration between them, continues the cookie chapter.
            if cookie_open && id.contains("track") {
                let last_cookie = chapters.iter_mut().rev().find(|c| c.kind == Kind::Cookies);
                if let Some(c) = last_cookie {
                    let last_pos = c.blocks.last().map_or(0, |(p, _)| *p);
                    let between = marks
                        .iter()
                        .any(|(p, _, _)| *p > last_pos && *p < s.span.start);
                    if !between {
                        c.blocks.push((s.span.start, Block::Section(s)));
                        continue;
                    }
                }
                cookie_open = false;
            }
            let prev = marks.iter().rev().find(|(pos, _, _)| *pos < s.span.start);
            let home = match (keyword_kind(&id), next, prev) {
                (_, None, _) => None,
                (Some(k), _, _) => Some(k),
                (None, Some(_), Some((_, k, _))) => Some(*k),
                (None, Some((_, k, _)), None) => Some(*k),
            };
            match home {
                Some(kind) => {
                    let i = chapter(&mut chapters, kind);
                    if let Some(c) = chapters.get_mut(i) {
                        c.blocks.push((s.span.start, Block::Section(s)));
                    }
                }
                None => chapters.push(Chapter {
                    kind: Kind::Other,
                    blocks: vec![(s.span.start, Block::Section(s))],
                    title_section: Some(s),
                }),
            }
        }
        // The cookie table joins the policy's own cookie section, if it has one.
        let own = chapters
            .iter()
            .position(|c| c.kind == Kind::Cookies && c.title_section.is_none());
        let titled = chapters
            .iter()
            .position(|c| c.kind == Kind::Cookies && c.title_section.is_some());
        if let (Some(o), Some(t)) = (own, titled) {
            let blocks = chapters
                .get_mut(o)
                .map(|c| std::mem::take(&mut c.blocks))
                .unwrap_or_default();
            if let Some(c) = chapters.get_mut(t) {
                c.blocks.extend(blocks);
            }
            chapters.remove(o);
        }
        for c in &mut chapters {
            c.blocks.sort_by_key(|(pos, _)| *pos);
        }
        chapters.sort_by_key(|c| c.kind);
        (intro, chapters)
    }

    fn page(&mut self, root: Node<'a>) {
        self.header(root);
        let (intro, chapters) = self.plan();
        for s in intro {
            let decl = format!("section `{}`", s.id);
            self.prose(root, &s.text, &decl);
        }
        self.key_facts(root);

        let mut heads: Vec<(String, String)> = Vec::new();
        for (i, c) in chapters.iter().enumerate() {
            let (title, id) = match (c.kind, c.title_section) {
                (_, Some(s)) => (self.section_title(s), format!("section-{}", s.id)),
                (Kind::Collect, None) => (self.t("chapter.collect"), "collect".to_owned()),
                (Kind::Share, None) => (self.t("chapter.share"), "share".to_owned()),
                (Kind::Store, None) => (self.t("chapter.store"), "store".to_owned()),
                (Kind::Rights, None) => (self.t("chapter.rights"), "rights".to_owned()),
                (Kind::Minors, None) => (self.t("chapter.minors"), "minors".to_owned()),
                (Kind::Updates, None) => (self.t("chapter.updates"), "updates".to_owned()),
                (Kind::Contact, None) => (self.t("chapter.contact"), "contact".to_owned()),
                (Kind::Cookies, None) => (self.t("chapter.cookies"), "cookies".to_owned()),
                (Kind::Other, None) => (String::new(), format!("chapter-{i}")),
            };
            let title = self.fill(
                "format.chapter",
                &[("n", &self.numeral("numerals", i)), ("title", &title)],
            );
            let id = self.id(&id);
            heads.push((title, id));
        }
        let annexes = [
            (self.t("annex.collection"), self.id("annex-collection")),
            (self.t("annex.sharing"), self.id("annex-sharing")),
        ];

        // Contents.
        let toc_id = self.id("contents");
        if self.target == Target::Html {
            self.append(root, NodeValue::Raw("<nav class=\"toc\">\n".to_owned()));
        }
        self.heading(root, 2, &[text(self.t("toc.title"))], &toc_id);
        let items: Vec<Li> = heads
            .iter()
            .chain(annexes.iter())
            .map(|(t, id)| Li::new(vec![self.local_link(id, t.clone())]))
            .collect();
        self.list(root, items);
        if self.target == Target::Html {
            self.append(root, NodeValue::Raw("</nav>\n".to_owned()));
        }

        for (c, (title, id)) in chapters.iter().zip(heads) {
            self.heading(root, 2, &[text(title)], &id);
            let chapter_title = match c.kind {
                Kind::Collect => Some("chapter.collect"),
                Kind::Share => Some("chapter.share"),
                Kind::Store => Some("chapter.store"),
                Kind::Rights => Some("chapter.rights"),
                Kind::Minors => Some("chapter.minors"),
                Kind::Updates => Some("chapter.updates"),
                Kind::Contact => Some("chapter.contact"),
                Kind::Cookies | Kind::Other => None,
            };
            for (i, (_, b)) in c.blocks.iter().enumerate() {
                match b {
                    Block::Section(s) if c.title_section.is_some_and(|t| std::ptr::eq(t, *s)) => {
                        let decl = format!("section `{}`", s.id);
                        self.prose(root, &s.text, &decl);
                    }
                    Block::Section(s) => {
                        // A section that opens its chapter under the same
                        // title is the chapter's introduction: no heading.
                        let own = self.section_title(s);
                        let own = strip_number(&own).to_owned();
                        let intro = i == 0
                            && chapter_title.is_some_and(|k| {
                                self.cat.get(k, self.lang) == own
                                    || self.cat.get(k, self.source) == own
                            });
                        let sid = self.id(&format!("section-{}", s.id));
                        if intro {
                            if self.target == Target::Html {
                                self.append(
                                    root,
                                    NodeValue::Raw(format!("<div id=\"{sid}\"></div>\n")),
                                );
                            }
                        } else {
                            self.heading(root, 3, &[text(own)], &sid);
                        }
                        let decl = format!("section `{}`", s.id);
                        self.prose(root, &s.text, &decl);
                    }
                    Block::Functions => self.functions_block(root),
                    Block::Permissions => self.permissions_block(root),
                    Block::Decision(d) => self.decision(root, d),
                    Block::Marketing(mk) => self.marketing_block(root, mk),
                    Block::Exceptions(ex) => self.exceptions_block(root, ex),
                    Block::Recommendation(r) => self.recommendation_block(root, r),
                    Block::Cookies => self.cookies_block(root),
                    Block::Recipients | Block::Sdks | Block::Disclosure(_) | Block::Merger => {
                        self.share_block(root, b);
                    }
                    Block::Retention | Block::Storage | Block::Transfers | Block::Security => {
                        self.store_block(root, b);
                    }
                    Block::Right(_) => self.right_block(root, b),
                    Block::Minors => self.minors_block(root),
                    Block::Updates => self.updates_block(root),
                    Block::Processor | Block::Officer | Block::Complaints => {
                        self.contact_block(root, b);
                    }
                }
            }
            if c.blocks.is_empty() {
                self.para(root, &[text(self.t("common.not-stated"))]);
            }
        }
        let [(c_title, c_id), (s_title, s_id)] = annexes;
        self.heading(root, 2, &[text(c_title)], &c_id);
        self.collection_annex(root);
        self.heading(root, 2, &[text(s_title)], &s_id);
        self.sharing_annex(root);
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
        self.prose(root, &h.text, "policy");
        if let Some(c) = &self.m.consent {
            self.prose(root, &c.text, "consent");
            if let Some(li) = self.refusal_li("consent-flow.refusal", c.refusal.as_ref(), "consent")
            {
                self.list(root, vec![li]);
            }
        }
    }
}
