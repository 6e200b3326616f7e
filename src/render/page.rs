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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use comrak::nodes::{
    AstNode, ListDelimType, ListType, NodeHeading, NodeLink, NodeList, NodeTable, NodeValue,
    TableAlignment,
};
use comrak::{Arena, Node};

use super::i18n::Catalog;
use super::{Lang, RenderContext, Untranslated};
use crate::model::words::{Channel, LegalBasis, RightKind};
use crate::model::*;

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

/// Inline content before it becomes nodes.
#[derive(Clone, Debug)]
enum Inl {
    Text(String),
    Strong(Vec<Inl>),
    /// A link; the URL has been checked by [`safe_url`] or is `#id`.
    Link(String, Vec<Inl>),
    /// An empty element carrying an id (HTML target only).
    Anchor(String),
}

fn text(s: impl Into<String>) -> Inl {
    Inl::Text(s.into())
}

/// A list item: a line of inlines and an optional nested list.
struct Li {
    line: Vec<Inl>,
    sub: Vec<Vec<Inl>>,
}

impl Li {
    fn new(line: Vec<Inl>) -> Li {
        Li {
            line,
            sub: Vec::new(),
        }
    }
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

fn node_key(n: Node<'_>) -> usize {
    std::ptr::from_ref::<AstNode<'_>>(n) as usize
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

/// Contains a CJK character (ideographs, kana, CJK and full-width punctuation).
fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
    })
}

/// Reduce a declaration id to the characters an HTML id and a URL fragment
/// take without escaping.
fn slug(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    if out.is_empty() {
        "x".to_owned()
    } else {
        out
    }
}

/// The URL to link to, if `s` is a plain http, https, mailto or tel URL.
/// Anything else (other schemes, spaces, quotes, angle brackets, control
/// characters) stays text.
pub(crate) fn safe_url(s: &str) -> Option<String> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let scheme_ok = ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p) && lower.len() > p.len());
    let chars_ok = !s.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\')
    });
    (scheme_ok && chars_ok).then(|| s.to_owned())
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
    // Words
    // ---------------------------------------------------------------------

    fn t(&self, key: &str) -> String {
        self.cat.get(key, self.lang)
    }

    fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.cat.fill(key, self.lang, args)
    }

    /// The label of a vocabulary word: `label("role", "entrusted")`.
    fn label(&self, vocab: &str, word: impl std::fmt::Display) -> String {
        self.t(&format!("{vocab}.{word}"))
    }

    fn sep(&self) -> String {
        self.t("punct.list")
    }

    fn yes_no(&self, v: bool) -> String {
        self.t(if v { "common.yes" } else { "common.no" })
    }

    /// Whether `s`, written in the source language, would need a translation
    /// to read in the page's language.
    fn needs_translation(&self, s: &str) -> bool {
        if self.lang == self.source {
            return false;
        }
        match self.lang {
            Lang::En => has_cjk(s),
            Lang::Zh => !has_cjk(s) && s.chars().any(|c| c.is_ascii_alphabetic()),
        }
    }

    /// A policy string in the page's language, or as written (and noted).
    fn tx(&mut self, t: &Text, decl: &str, field: &'static str) -> String {
        if let Some(s) = t.get(self.lang.code()) {
            return s.to_owned();
        }
        if self.needs_translation(&t.text) {
            self.note(t.span, decl, field);
        }
        t.text.clone()
    }

    fn note(&mut self, span: crate::source::Span, decl: &str, field: &'static str) {
        self.untranslated
            .entry((span.start, span.end, field))
            .or_insert_with(|| Untranslated {
                span,
                declaration: decl.to_owned(),
                field,
            });
    }

    fn tx_opt(&mut self, t: Option<&Text>, decl: &str, field: &'static str) -> Option<String> {
        t.map(|t| self.tx(t, decl, field))
    }

    fn tx_join(&mut self, ts: &[Text], decl: &str, field: &'static str, sep: &str) -> String {
        let parts: Vec<String> = ts.iter().map(|t| self.tx(t, decl, field)).collect();
        parts.join(sep)
    }

    fn date(&self, d: Date) -> String {
        let month = self
            .cat
            .nth("months", self.lang, usize::from(d.month).saturating_sub(1))
            .map_or_else(|| d.month.to_string(), str::to_owned);
        self.fill(
            "format.date",
            &[
                ("y", &d.year.to_string()),
                ("m", &d.month.to_string()),
                ("d", &d.day.to_string()),
                ("month", &month),
            ],
        )
    }

    fn duration(&self, d: Duration) -> String {
        let unit = match serde_plain_word(&d.unit) {
            Some(u) => u,
            None => return d.to_string(),
        };
        let number = if d.amount == 1 { "one" } else { "other" };
        self.fill(
            &format!("unit.{unit}.{number}"),
            &[("n", &d.amount.to_string())],
        )
    }

    /// A counted phrase: `key.one` for 1, else `key.other`, with `{n}` filled.
    fn count(&self, key: &str, n: usize) -> String {
        let form = if n == 1 { "one" } else { "other" };
        self.fill(&format!("{key}.{form}"), &[("n", &n.to_string())])
    }

    fn country(&self, code: &str) -> String {
        let key = format!("country.{}", code.to_ascii_uppercase());
        if self.cat.has(&key) {
            self.t(&key)
        } else {
            code.to_owned()
        }
    }

    /// The numeral of chapter `n` (0-based).
    fn numeral(&self, seq: &str, n: usize) -> String {
        self.cat
            .nth(seq, self.lang, n)
            .map_or_else(|| (n + 1).to_string(), str::to_owned)
    }

    // ---------------------------------------------------------------------
    // Tree
    // ---------------------------------------------------------------------

    fn node(&self, v: NodeValue) -> Node<'a> {
        self.arena.alloc(AstNode::from(v))
    }

    fn append(&self, parent: Node<'a>, v: NodeValue) -> Node<'a> {
        let n = self.node(v);
        parent.append(n);
        n
    }

    /// Text with its line breaks: in a cell as spaces, elsewhere as hard breaks.
    fn append_text(&self, parent: Node<'a>, s: &str, cell: bool) {
        let mut first = true;
        for line in s.split('\n') {
            let mut line = line.trim_end_matches('\r');
            if !first {
                if cell {
                    self.append(parent, NodeValue::Text(" ".into()));
                } else {
                    self.append(parent, NodeValue::LineBreak);
                }
                // Indentation after a line break means nothing on a page.
                line = line.trim_start_matches([' ', '\t', '\u{3000}']);
            }
            first = false;
            if !line.is_empty() {
                self.append(parent, NodeValue::Text(line.to_owned().into()));
            }
        }
    }

    fn inlines(&self, parent: Node<'a>, inl: &[Inl], cell: bool) {
        for i in inl {
            match i {
                Inl::Text(s) => self.append_text(parent, s, cell),
                Inl::Strong(c) => {
                    let n = self.append(parent, NodeValue::Strong);
                    self.inlines(n, c, cell);
                }
                Inl::Link(url, c) => {
                    let n = self.append(
                        parent,
                        NodeValue::Link(Box::new(NodeLink {
                            url: url.clone(),
                            title: String::new(),
                        })),
                    );
                    self.inlines(n, c, cell);
                }
                Inl::Anchor(id) => {
                    if self.target == Target::Html {
                        // The id is reduced by `slug`, so nothing to escape.
                        self.append(parent, NodeValue::Raw(format!("<span id=\"{id}\"></span>")));
                    }
                }
            }
        }
    }

    /// A unique id for a section or declaration.
    fn id(&mut self, wanted: &str) -> String {
        let base = slug(wanted);
        let mut id = base.clone();
        let mut n = 2;
        while self.used_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used_ids.insert(id.clone());
        id
    }

    fn heading(&mut self, parent: Node<'a>, level: u8, inl: &[Inl], id: &str) {
        let h = self.append(
            parent,
            NodeValue::Heading(NodeHeading {
                level: level.clamp(1, 6),
                setext: false,
                closed: false,
            }),
        );
        self.inlines(h, inl, false);
        self.heading_ids.insert(node_key(h), id.to_owned());
    }

    fn para(&self, parent: Node<'a>, inl: &[Inl]) {
        if inl.is_empty() {
            return;
        }
        let p = self.append(parent, NodeValue::Paragraph);
        self.inlines(p, inl, false);
    }

    /// Policy prose: each string, split into paragraphs at blank lines.
    fn prose(&mut self, parent: Node<'a>, ts: &[Text], decl: &str) {
        for t in ts {
            let s = self.tx(t, decl, "text");
            let s = s.replace("\r\n", "\n");
            for p in s.split("\n\n") {
                let p = p.trim_matches('\n');
                if !p.trim().is_empty() {
                    self.para(parent, &[text(p)]);
                }
            }
        }
    }

    fn list(&self, parent: Node<'a>, items: Vec<Li>) {
        if items.is_empty() {
            return;
        }
        let meta = NodeList {
            list_type: ListType::Bullet,
            marker_offset: 0,
            padding: 2,
            start: 1,
            delimiter: ListDelimType::Period,
            bullet_char: b'-',
            tight: true,
            is_task_list: false,
        };
        let l = self.append(parent, NodeValue::List(meta));
        for li in items {
            let item = self.append(l, NodeValue::Item(meta));
            self.para(item, &li.line);
            if !li.sub.is_empty() {
                self.list(item, li.sub.into_iter().map(Li::new).collect());
            }
        }
    }

    fn table(&self, parent: Node<'a>, header: &[&str], rows: Vec<Vec<Vec<Inl>>>) {
        let cols = header.len();
        let t = self.append(
            parent,
            NodeValue::Table(Box::new(NodeTable {
                alignments: vec![TableAlignment::None; cols],
                num_columns: cols,
                num_rows: rows.len() + 1,
                num_nonempty_cells: 0,
            })),
        );
        let hr = self.append(t, NodeValue::TableRow(true));
        for h in header {
            let c = self.append(hr, NodeValue::TableCell);
            self.inlines(c, &[text(self.t(h))], true);
        }
        let dash = self.t("common.dash");
        for row in rows {
            let r = self.append(t, NodeValue::TableRow(false));
            for i in 0..cols {
                let c = self.append(r, NodeValue::TableCell);
                match row.get(i) {
                    Some(cell) if has_content(cell) => self.inlines(c, cell, true),
                    Some(cell) => {
                        self.inlines(c, cell, true);
                        self.inlines(c, &[text(dash.clone())], true);
                    }
                    None => self.inlines(c, &[text(dash.clone())], true),
                }
            }
        }
    }

    /// `**Label**：value`
    fn field(&self, key: &str, mut value: Vec<Inl>) -> Li {
        let colon = self.t("punct.colon");
        let colon = if value.is_empty() {
            colon.trim_end().to_owned()
        } else {
            colon
        };
        let mut line = vec![Inl::Strong(vec![text(self.t(key))]), text(colon)];
        line.append(&mut value);
        Li::new(line)
    }

    /// A link to an in-page anchor (HTML), or the plain text (Markdown).
    fn local_link(&self, id: &str, label: String) -> Inl {
        match self.target {
            Target::Html => Inl::Link(format!("#{}", slug(id)), vec![text(label)]),
            Target::Markdown => text(label),
        }
    }

    fn join(&self, parts: Vec<Vec<Inl>>, sep: &str) -> Vec<Inl> {
        let mut out = Vec::new();
        for (i, mut p) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(text(sep));
            }
            out.append(&mut p);
        }
        out
    }

    // ---------------------------------------------------------------------
    // Names of things
    // ---------------------------------------------------------------------

    /// A data category's name in the page's language: its label or
    /// translation, else the taxonomy name; and whether it is sensitive.
    fn data_name(&mut self, id: &str) -> (String, bool) {
        let Some(d) = self.data.get(id).copied() else {
            return (id.to_owned(), false);
        };
        let tax_name = {
            let path = match &d.taxonomy.item {
                Some(item) => format!("{}.{item}", d.taxonomy.class),
                None => d.taxonomy.class.clone(),
            };
            self.tax.lookup(&path).map(|e| match self.lang {
                Lang::Zh => e.zh().to_owned(),
                Lang::En => e.en().to_owned(),
            })
        };
        let name = match &d.label {
            Some(l) => match l.get(self.lang.code()) {
                Some(s) => s.to_owned(),
                None if !self.needs_translation(&l.text) => l.text.clone(),
                None => {
                    self.note(l.span, &format!("data `{}`", d.id), "label");
                    tax_name.unwrap_or_else(|| l.text.clone())
                }
            },
            None => tax_name.unwrap_or_else(|| d.id.clone()),
        };
        (name, d.sensitive)
    }

    /// A data item: bold with the marker when sensitive.
    fn data_inl(&mut self, id: &str) -> Vec<Inl> {
        let (name, sensitive) = self.data_name(id);
        if sensitive {
            vec![
                Inl::Strong(vec![text(name)]),
                text(format!(" {}", self.t("mark.sensitive"))),
            ]
        } else {
            vec![text(name)]
        }
    }

    fn data_set(&mut self, set: &DataSet) -> Vec<Inl> {
        match set {
            DataSet::None => Vec::new(),
            DataSet::All => vec![text(self.t("common.all-data"))],
            DataSet::List(refs) => {
                let parts = refs.iter().map(|r| self.data_inl(&r.id)).collect();
                let sep = self.sep();
                self.join(parts, &sep)
            }
        }
    }

    fn collects(&mut self, cs: &[Collect], decl: &str) -> Vec<Vec<Inl>> {
        cs.iter()
            .map(|c| {
                let mut inl = self.data_inl(&c.data.id);
                let mut extra = Vec::new();
                if let Some(n) = c.need {
                    extra.push(self.label("need", n));
                }
                if let Some(note) = &c.note {
                    extra.push(self.tx(note, decl, "collects"));
                }
                if !extra.is_empty() {
                    let inner = extra.join(&self.t("punct.clause"));
                    inl.push(text(self.fill("format.paren", &[("x", &inner)])));
                }
                inl
            })
            .collect()
    }

    /// Collected data as lines: consecutive entries with the same need and
    /// the same note (one `collects` line) share a line.
    fn collect_lines(&mut self, cs: &[Collect], decl: &str) -> Vec<Vec<Inl>> {
        let key = |c: &Collect| (c.need, c.note.as_ref().map(|n| n.span));
        let mut lines: Vec<Vec<Inl>> = Vec::new();
        let mut i = 0;
        while let Some(first) = cs.get(i) {
            let run: Vec<&Collect> = cs
                .get(i..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| key(c) == key(first))
                .collect();
            i += run.len().max(1);
            let parts = run.iter().map(|c| self.data_inl(&c.data.id)).collect();
            let sep = self.sep();
            let mut line = self.join(parts, &sep);
            let mut extra = Vec::new();
            if let Some(n) = first.need {
                extra.push(self.label("need", n));
            }
            if let Some(note) = &first.note {
                extra.push(self.tx(note, decl, "collects"));
            }
            if !extra.is_empty() {
                let inner = extra.join(&self.t("punct.clause"));
                line.push(text(self.fill("format.paren", &[("x", &inner)])));
            }
            lines.push(line);
        }
        lines
    }

    fn function_title(&mut self, f: &Function) -> String {
        let decl = format!("function `{}`", f.id);
        let t = self
            .tx_opt(f.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| f.id.clone());
        strip_number(&t).to_owned()
    }

    fn sdk_title(&mut self, s: &Sdk) -> String {
        let decl = format!("sdk `{}`", s.id);
        self.tx_opt(s.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| s.id.clone())
    }

    /// A recipient's name, else its type, else its title, else its id.
    fn recipient_name(&mut self, r: &Recipient) -> String {
        let decl = format!("recipient `{}`", r.id);
        if let Some(n) = &r.name {
            return self.tx(n, &decl, "name");
        }
        if let Some(t) = &r.type_label {
            return self.tx(t, &decl, "type");
        }
        self.tx_opt(r.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| r.id.clone())
    }

    fn permission_title(&mut self, p: &Permission) -> String {
        let decl = format!("permission `{}`", p.id);
        self.tx_opt(p.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| p.id.clone())
    }

    fn decision_title(&mut self, d: &AutomatedDecision) -> String {
        let decl = format!("automated-decision `{}`", d.id);
        self.tx_opt(d.title.as_ref(), &decl, "title")
            .unwrap_or_else(|| self.t("sub.decisions"))
    }

    /// Links to other declarations by reference.
    fn refs<T: 'm>(
        &mut self,
        refs: &[Ref],
        find: impl Fn(&Self, &str) -> Option<&'m T>,
        name: impl Fn(&mut Self, &'m T) -> String,
        prefix: &str,
    ) -> Vec<Inl> {
        let parts = refs
            .iter()
            .map(|r| match find(self, &r.id) {
                Some(x) => {
                    let label = name(self, x);
                    vec![self.local_link(&format!("{prefix}-{}", r.id), label)]
                }
                None => vec![text(r.id.clone())],
            })
            .collect();
        let sep = self.sep();
        self.join(parts, &sep)
    }

    fn channel(&mut self, c: &ChannelRef, decl: &str, field: &'static str) -> Vec<Inl> {
        let label = self.label("channel", c.kind);
        let Some(v) = &c.value else {
            return vec![text(label)];
        };
        let value = self.tx(v, decl, field);
        let url = match c.kind {
            Channel::Email if !value.contains(':') => safe_url(&format!("mailto:{value}")),
            Channel::Phone
                if value
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | '+')) =>
            {
                safe_url(&format!("tel:{value}"))
            }
            _ => safe_url(&value),
        };
        let shown = match url {
            Some(u) => Inl::Link(u, vec![text(value)]),
            None => text(value),
        };
        vec![text(label), text(self.t("punct.colon")), shown]
    }

    fn channels(&mut self, cs: &[ChannelRef], decl: &str, field: &'static str) -> Vec<Inl> {
        let parts = cs.iter().map(|c| self.channel(c, decl, field)).collect();
        let sep = self.t("punct.clause");
        self.join(parts, &sep)
    }

    fn privacy_link(&mut self, url: Option<&Text>, decl: &str) -> Vec<Inl> {
        let Some(u) = url else { return Vec::new() };
        let s = u.text.trim().to_owned();
        match safe_url(&s) {
            Some(href) => vec![Inl::Link(href, vec![text(self.t("common.privacy-link"))])],
            None => {
                let _ = decl;
                vec![text(s)]
            }
        }
    }

    fn bases(&self, bs: &[Spanned<LegalBasis>]) -> String {
        bs.iter()
            .map(|b| self.label("basis", b.value))
            .collect::<Vec<_>>()
            .join(&self.sep())
    }

    fn flag_li(
        &mut self,
        key: &str,
        f: Option<&Flag>,
        decl: &str,
        field: &'static str,
    ) -> Option<Li> {
        let f = f?;
        let mut v = self.yes_no(f.value);
        if let Some(t) = &f.text {
            let s = self.tx(t, decl, field);
            v = format!("{v}{}{s}", self.t("punct.clause"));
        }
        Some(self.field(key, vec![text(v)]))
    }

    fn retention_period(&mut self, r: &Retention) -> String {
        let decl = format!("retention `{}`", r.id);
        let mut parts = Vec::new();
        if let Some(d) = &r.at_least {
            parts.push(self.fill("retention.at-least", &[("d", &self.duration(d.value))]));
        }
        if let Some(d) = &r.at_most {
            parts.push(self.fill("retention.at-most", &[("d", &self.duration(d.value))]));
        }
        if let Some(u) = &r.until {
            let e = self.tx(u, &decl, "until");
            parts.push(self.fill("retention.until", &[("event", &e)]));
        }
        if let Some(i) = &r.indefinite {
            let mut s = self.t("retention.indefinite");
            if let Some(t) = &i.value {
                let w = self.tx(t, &decl, "indefinite");
                s = format!("{s}{}{w}", self.t("punct.clause"));
            }
            parts.push(s);
        }
        parts.join(&self.t("punct.clause"))
    }

    /// What a retention covers: its title, else its data, else its functions.
    fn retention_label(&mut self, r: &Retention) -> Vec<Inl> {
        let decl = format!("retention `{}`", r.id);
        if let Some(t) = &r.title {
            return vec![text(self.tx(t, &decl, "title"))];
        }
        if !r.functions.is_empty() {
            let names: Vec<String> = r
                .functions
                .iter()
                .map(|f| match self.functions.get(f.id.as_str()).copied() {
                    Some(func) => self.function_title(func),
                    None => f.id.clone(),
                })
                .collect();
            return vec![text(names.join(&self.sep()))];
        }
        Vec::new()
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
        if let Some(x) = &m.exceptions {
            marks.push((x.span.start, Kind::Collect, Block::Exceptions(x)));
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
                (Kind::Cookies | Kind::Other, None) => (String::new(), format!("chapter-{i}")),
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
        if !meta.is_empty() {
            self.para(root, &[text(meta.join(&self.t("punct.clause")))]);
        }
        if !h.products.is_empty() {
            let p = self.tx_join(&h.products, "policy", "product", &self.sep());
            self.para(root, &[text(self.fill("meta.products", &[("p", &p)]))]);
        }
        self.prose(root, &h.text, "policy");
        if let Some(c) = &self.m.consent {
            self.prose(root, &c.text, "consent");
        }
    }

    fn key_facts(&mut self, root: Node<'a>) {
        let id = self.id("key-facts");
        self.heading(root, 2, &[text(self.t("keyfacts.title"))], &id);
        let m = self.m;
        let not_stated = self.t("common.not-stated");
        let mut items = Vec::new();

        // Who.
        let mut who = Vec::new();
        if let Some(p) = &m.processor {
            if let Some(n) = &p.name {
                who.push(text(self.tx(n, "processor", "name")));
            }
            if !p.contacts.is_empty() {
                if !who.is_empty() {
                    who.push(text(self.t("punct.clause")));
                }
                who.append(&mut self.channels(&p.contacts, "processor", "contact"));
            }
        }
        if who.is_empty() {
            who.push(text(not_stated.clone()));
        }
        items.push(self.field("keyfacts.who", who));

        // Sensitive data.
        let sensitive: Vec<&DataCategory> = m.data.iter().filter(|d| d.sensitive).collect();
        let sens = if sensitive.is_empty() {
            vec![text(self.t("keyfacts.no-sensitive"))]
        } else {
            let parts = sensitive.iter().map(|d| self.data_inl(&d.id)).collect();
            let sep = self.sep();
            self.join(parts, &sep)
        };
        items.push(self.field("keyfacts.sensitive", sens));

        // Recipients.
        let mut rec = Vec::new();
        if !m.recipients.is_empty() {
            let mut names: Vec<String> = Vec::new();
            for r in &m.recipients {
                let n = self.recipient_name(r);
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            rec.push(text(names.join(&self.sep())));
        }
        if !m.sdks.is_empty() {
            if !rec.is_empty() {
                rec.push(text(self.t("punct.clause")));
            }
            rec.push(text(self.count("keyfacts.sdk-count", m.sdks.len())));
        }
        if !m.transfers.is_empty() {
            if !rec.is_empty() {
                rec.push(text(self.t("punct.clause")));
            }
            rec.push(text(
                self.count("keyfacts.transfer-count", m.transfers.len()),
            ));
        }
        if rec.is_empty() {
            rec.push(text(self.t("keyfacts.no-recipients")));
        }
        items.push(self.field("keyfacts.recipients", rec));

        // Storage.
        let storage = match &m.storage {
            Some(s) if !s.locations.is_empty() => s
                .locations
                .iter()
                .map(|l| self.country(&l.value))
                .collect::<Vec<_>>()
                .join(&self.sep()),
            _ => not_stated.clone(),
        };
        items.push(self.field("keyfacts.storage", vec![text(storage)]));

        // Retention.
        let mut ret = Vec::new();
        for r in &m.retention {
            let period = self.retention_period(r);
            if period.is_empty() {
                continue;
            }
            let mut label = self.retention_label(r);
            if label.is_empty() {
                label = self.data_set(&r.data);
            }
            if !ret.is_empty() {
                ret.push(text(self.t("punct.clause")));
            }
            if !label.is_empty() {
                ret.append(&mut label);
                ret.push(text(self.t("punct.colon")));
            }
            ret.push(text(period));
        }
        if ret.is_empty() {
            ret.push(text(not_stated.clone()));
        }
        items.push(self.field("keyfacts.retention", ret));

        // Contact.
        let mut contact = Vec::new();
        if let Some(o) = &m.officer {
            if !o.contacts.is_empty() {
                contact.push(text(self.t("keyfacts.officer")));
                contact.push(text(self.t("punct.colon")));
                contact.append(&mut self.channels(&o.contacts, "officer", "contact"));
            }
        }
        if contact.is_empty() {
            if let Some(p) = &m.processor {
                contact.append(&mut self.channels(&p.contacts, "processor", "contact"));
            }
        }
        if contact.is_empty() {
            contact.push(text(not_stated));
        }
        items.push(self.field("keyfacts.contact", contact));

        self.list(root, items);
        let marker = self.t("mark.sensitive");
        self.para(
            root,
            &[
                Inl::Strong(vec![text(self.t("legend.example"))]),
                text(format!(" {marker} ")),
                text(self.t("legend.sensitive")),
            ],
        );
    }

    // ---------------------------------------------------------------------
    // Chapter: collection and use
    // ---------------------------------------------------------------------

    fn functions_block(&mut self, root: Node<'a>) {
        let m = self.m;
        // Functions, grouped by `group` in order of first appearance.
        let mut groups: Vec<(Option<&'m Text>, Vec<&'m Function>)> = Vec::new();
        for f in &m.functions {
            let key = f.group.as_ref().map(|g| g.text.as_str());
            match groups
                .iter_mut()
                .find(|(g, _)| g.map(|g| g.text.as_str()) == key)
            {
                Some((_, fs)) => fs.push(f),
                None => groups.push((f.group.as_ref(), vec![f])),
            }
        }
        let flat = groups.len() == 1 && groups.first().is_some_and(|(g, _)| g.is_none());
        let mut group_no = 0;
        for (g, fs) in &groups {
            let level = if flat {
                3
            } else {
                let title = match g {
                    Some(g) => {
                        let decl =
                            format!("function `{}`", fs.first().map_or("", |f| f.id.as_str()));
                        let t = self.tx(g, &decl, "group");
                        strip_number(&t).to_owned()
                    }
                    None => self.t("sub.other-functions"),
                };
                let heading = self.fill(
                    "format.group",
                    &[
                        ("n", &self.numeral("numerals", group_no)),
                        ("title", &title),
                    ],
                );
                group_no += 1;
                let id = self.id(&format!("group-{group_no}"));
                self.heading(root, 3, &[text(heading)], &id);
                4
            };
            for (i, f) in fs.iter().enumerate() {
                self.function(root, f, level, i + 1);
            }
        }
    }

    fn permissions_block(&mut self, root: Node<'a>) {
        let id = self.id("permissions");
        self.heading(root, 3, &[text(self.t("sub.permissions"))], &id);
        self.permissions_table(root);
    }

    fn marketing_block(&mut self, root: Node<'a>, mk: &'m Marketing) {
        {
            let id = self.id("marketing");
            self.heading(root, 3, &[text(self.t("sub.marketing"))], &id);
            self.prose(root, &mk.text, "marketing");
            let mut items = Vec::new();
            items.extend(self.flag_li(
                "marketing.personalised",
                mk.personalised.as_ref(),
                "marketing",
                "personalised",
            ));
            items.extend(self.flag_li(
                "marketing.non-personalised",
                mk.non_personalised_option.as_ref(),
                "marketing",
                "non-personalised-option",
            ));
            if !mk.via.is_empty() {
                let via = mk
                    .via
                    .iter()
                    .map(|c| self.label("channel", c.value))
                    .collect::<Vec<_>>()
                    .join(&self.sep());
                items.push(self.field("marketing.via", vec![text(via)]));
            }
            if !mk.opt_outs.is_empty() {
                let o = self.channels(&mk.opt_outs, "marketing", "opt-out");
                items.push(self.field("marketing.opt-out", o));
            }
            items.extend(self.flag_li(
                "marketing.tag-deletion",
                mk.tag_deletion.as_ref(),
                "marketing",
                "tag-deletion",
            ));
            self.list(root, items);
        }
    }

    fn exceptions_block(&mut self, root: Node<'a>, ex: &'m Exceptions) {
        {
            let id = self.id("exceptions");
            let title = self
                .tx_opt(ex.title.as_ref(), "exceptions", "title")
                .map(|t| strip_number(&t).to_owned())
                .unwrap_or_else(|| self.t("sub.exceptions"));
            self.heading(root, 3, &[text(title)], &id);
            self.prose(root, &ex.text, "exceptions");
            let items = ex
                .items
                .iter()
                .map(|e| Li::new(vec![text(self.tx(&e.text, "exceptions", "exception"))]))
                .collect();
            self.list(root, items);
        }
    }

    fn function(&mut self, root: Node<'a>, f: &'m Function, level: u8, n: usize) {
        let decl = format!("function `{}`", f.id);
        let title = self.function_title(f);
        let heading = self.fill("format.item", &[("n", &n.to_string()), ("title", &title)]);
        let id = self.id(&format!("function-{}", f.id));
        self.heading(root, level, &[text(heading)], &id);
        self.prose(root, &f.text, &decl);

        let mut items = Vec::new();
        if let Some(k) = &f.kind {
            items.push(self.field("f.kind", vec![text(self.label("function-kind", k.value))]));
        }
        if !f.purposes.is_empty() {
            let p = self.tx_join(&f.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("f.purposes", vec![text(p)]));
        }
        if !f.collects.is_empty() {
            let mut li = self.field("f.data", Vec::new());
            li.sub = self.collect_lines(&f.collects, &decl);
            items.push(li);
        }
        if !f.sources.is_empty() {
            let parts: Vec<String> = f
                .sources
                .iter()
                .map(|s| {
                    let label = self.label("source", s.kind);
                    if s.from.is_empty() {
                        label
                    } else {
                        let from = self.tx_join(&s.from, &decl, "source", &self.sep());
                        format!("{label}{}{from}", self.t("punct.colon"))
                    }
                })
                .collect();
            items.push(self.field("f.sources", vec![text(parts.join(&self.t("punct.clause")))]));
        }
        if !f.bases.is_empty() {
            items.push(self.field("f.basis", vec![text(self.bases(&f.bases))]));
        }
        if let Some(c) = &f.consent {
            items.push(self.field("f.consent", vec![text(self.label("consent", c.value))]));
        }
        if let Some(r) = &f.refusal {
            // The policy's own wording where it has one, else the label.
            let v = match &r.text {
                Some(t) => self.tx(t, &decl, "if-refused"),
                None => self.label("refusal", r.effect),
            };
            items.push(self.field("f.refusal", vec![text(v)]));
        }
        items.extend(self.flag_li("f.background", f.background.as_ref(), &decl, "background"));
        if let Some(fr) = &f.frequency {
            let v = self.tx(fr, &decl, "frequency");
            items.push(self.field("f.frequency", vec![text(v)]));
        }
        if !f.permissions.is_empty() {
            let v = self.refs(
                &f.permissions,
                |b, id| b.permissions.get(id).copied(),
                |b, p| b.permission_title(p),
                "permission",
            );
            items.push(self.field("f.permissions", v));
        }
        if !f.sdks.is_empty() {
            let v = self.refs(
                &f.sdks,
                |b, id| b.sdks.get(id).copied(),
                |b, s| b.sdk_title(s),
                "sdk",
            );
            items.push(self.field("f.sdks", v));
        }
        if !f.recipients.is_empty() {
            let v = self.refs(
                &f.recipients,
                |b, id| b.recipients.get(id).copied(),
                |b, r| b.recipient_name(r),
                "recipient",
            );
            items.push(self.field("f.recipients", v));
        }
        if !f.decisions.is_empty() {
            let v = self.refs(
                &f.decisions,
                |b, id| b.decisions.get(id).copied(),
                |b, d| b.decision_title(d),
                "decision",
            );
            items.push(self.field("f.decisions", v));
        }
        self.list(root, items);
    }

    fn permissions_table(&mut self, root: Node<'a>) {
        let m = self.m;
        for p in &m.permissions {
            let decl = format!("permission `{}`", p.id);
            self.prose(root, &p.text, &decl);
        }
        let mut rows = Vec::new();
        for p in &m.permissions {
            let decl = format!("permission `{}`", p.id);
            let title = self.permission_title(p);
            let anchor = self.id(&format!("permission-{}", p.id));
            let os =
                p.os.iter()
                    .map(|o| self.label("os", o.value))
                    .collect::<Vec<_>>()
                    .join(&self.sep());
            let purpose = self.tx_join(&p.purposes, &decl, "purpose", &self.t("punct.clause"));
            let funcs = self.refs(
                &p.functions,
                |b, id| b.functions.get(id).copied(),
                |b, f| b.function_title(f),
                "function",
            );
            let mut data = self.collects(&p.collects, &decl);
            let sep = self.sep();
            let mut purpose_cell = vec![text(purpose)];
            if !data.is_empty() {
                let d = self.join(std::mem::take(&mut data), &sep);
                if purpose_cell
                    .iter()
                    .any(|i| matches!(i, Inl::Text(s) if !s.is_empty()))
                {
                    purpose_cell.push(text(self.t("punct.clause")));
                }
                purpose_cell.push(text(self.t("permissions.collects")));
                purpose_cell.push(text(self.t("punct.colon")));
                purpose_cell.extend(d);
            }
            let when = p
                .when
                .as_ref()
                .map(|w| self.label("when", w.value))
                .unwrap_or_default();
            rows.push(vec![
                vec![Inl::Anchor(anchor), text(title)],
                vec![text(os)],
                purpose_cell,
                funcs,
                vec![text(when)],
            ]);
        }
        self.table(
            root,
            &[
                "col.permission",
                "col.os",
                "col.purpose",
                "col.functions",
                "col.when",
            ],
            rows,
        );
    }

    fn decision(&mut self, root: Node<'a>, d: &'m AutomatedDecision) {
        let decl = format!("automated-decision `{}`", d.id);
        let title = self.decision_title(d);
        let id = self.id(&format!("decision-{}", d.id));
        self.heading(root, 3, &[text(title)], &id);
        self.prose(root, &d.text, &decl);
        let mut items = Vec::new();
        if !d.purposes.is_empty() {
            let p = self.tx_join(&d.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("f.purposes", vec![text(p)]));
        }
        items.extend(self.flag_li(
            "decision.significant",
            d.significant.as_ref(),
            &decl,
            "significant",
        ));
        if let Some(l) = &d.logic {
            let v = self.tx(l, &decl, "logic");
            items.push(self.field("decision.logic", vec![text(v)]));
        }
        if !d.explain.is_empty() {
            let v = self.channels(&d.explain, &decl, "explain");
            items.push(self.field("decision.explain", v));
        }
        if !d.refuse.is_empty() {
            let v = self.channels(&d.refuse, &decl, "refuse");
            items.push(self.field("decision.refuse", v));
        }
        items.extend(self.flag_li(
            "decision.human-review",
            d.human_review.as_ref(),
            &decl,
            "human-review",
        ));
        if !d.functions.is_empty() {
            let v = self.refs(
                &d.functions,
                |b, id| b.functions.get(id).copied(),
                |b, f| b.function_title(f),
                "function",
            );
            items.push(self.field("col.functions", v));
        }
        self.list(root, items);
    }

    // ---------------------------------------------------------------------
    // Chapter: sharing
    // ---------------------------------------------------------------------

    fn share_block(&mut self, root: Node<'a>, part: &Block<'m>) {
        let m = self.m;
        if matches!(part, Block::Recipients) {
            let id = self.id("recipients");
            self.heading(root, 3, &[text(self.t("sub.recipients"))], &id);
            for r in &m.recipients {
                let decl = format!("recipient `{}`", r.id);
                self.prose(root, &r.text, &decl);
            }
            let rows = m
                .recipients
                .iter()
                .map(|r| self.recipient_row(r, true))
                .collect();
            self.table(
                root,
                &[
                    "col.recipient",
                    "col.role",
                    "col.purpose",
                    "col.data",
                    "col.method",
                    "col.contact",
                    "col.privacy",
                ],
                rows,
            );
        }
        if matches!(part, Block::Sdks) {
            let id = self.id("sdks");
            self.heading(root, 3, &[text(self.t("sub.sdks"))], &id);
            for l in &m.sdk_lists {
                let decl = match &l.id {
                    Some(i) => format!("sdk-list `{i}`"),
                    None => "sdk-list".to_owned(),
                };
                let title = self.tx_opt(l.title.as_ref(), &decl, "title");
                let mut line = Vec::new();
                if let Some(i) = &l.id {
                    line.push(Inl::Anchor(self.id(&format!("sdk-list-{i}"))));
                }
                let title = title.unwrap_or_else(|| self.t("sub.sdks"));
                match l.url.as_ref().and_then(|u| safe_url(&u.text)) {
                    Some(u) => line.push(Inl::Link(u, vec![text(title)])),
                    None => line.push(text(title)),
                }
                if let Some(u) = &l.url {
                    if safe_url(&u.text).is_none() {
                        line.push(text(format!("{}{}", self.t("punct.colon"), u.text)));
                    }
                }
                self.para(root, &[Inl::Strong(line)]);
                self.prose(root, &l.text, &decl);
            }
            for s in &m.sdks {
                let decl = format!("sdk `{}`", s.id);
                self.prose(root, &s.text, &decl);
            }
            if !m.sdks.is_empty() {
                let rows = m.sdks.iter().map(|s| self.sdk_row(s, true)).collect();
                self.table(
                    root,
                    &[
                        "col.sdk",
                        "col.provider",
                        "col.purpose",
                        "col.data",
                        "col.permissions",
                        "col.collection",
                        "col.privacy",
                    ],
                    rows,
                );
            }
        }
        if let Block::Disclosure(d) = part {
            let (i, d) = (0, *d);
            let decl = format!("disclosure `{}`", d.id);
            let title = self
                .tx_opt(d.title.as_ref(), &decl, "title")
                .unwrap_or_else(|| self.t("sub.disclosure"));
            let id = self.id(&format!("disclosure-{}", d.id));
            let _ = i;
            self.heading(root, 3, &[text(title)], &id);
            self.prose(root, &d.text, &decl);
            let mut items = Vec::new();
            if !d.purposes.is_empty() {
                let p = self.tx_join(&d.purposes, &decl, "purpose", &self.t("punct.clause"));
                items.push(self.field("f.purposes", vec![text(p)]));
            }
            if !d.data.is_empty() {
                let v = self.data_set(&d.data);
                items.push(self.field("col.data", v));
            }
            if !d.bases.is_empty() {
                items.push(self.field("f.basis", vec![text(self.bases(&d.bases))]));
            }
            if let Some(c) = &d.consent {
                items.push(self.field("f.consent", vec![text(self.label("consent", c.value))]));
            }
            self.list(root, items);
        }
        if let (Block::Merger, Some(mg)) = (part, &m.merger) {
            let id = self.id("merger");
            self.heading(root, 3, &[text(self.t("sub.merger"))], &id);
            self.prose(root, &mg.text, "merger");
            let mut items = Vec::new();
            items.extend(self.flag_li(
                "merger.notify",
                mg.notify_recipient.as_ref(),
                "merger",
                "notify-recipient",
            ));
            items.extend(self.flag_li(
                "merger.bound",
                mg.recipient_bound.as_ref(),
                "merger",
                "recipient-bound",
            ));
            items.extend(self.flag_li(
                "merger.reconsent",
                mg.reconsent_on_change.as_ref(),
                "merger",
                "reconsent-on-change",
            ));
            self.list(root, items);
        }
    }

    fn recipient_row(&mut self, r: &'m Recipient, anchor: bool) -> Vec<Vec<Inl>> {
        let decl = format!("recipient `{}`", r.id);
        let mut name = Vec::new();
        if anchor {
            name.push(Inl::Anchor(self.id(&format!("recipient-{}", r.id))));
        }
        name.push(text(self.recipient_name(r)));
        if let Some(c) = &r.country {
            let c = self.country(&c.value);
            name.push(text(self.fill("format.paren", &[("x", &c)])));
        }
        let role = r
            .role
            .as_ref()
            .map(|x| self.label("role", x.value))
            .unwrap_or_default();
        let purpose = self.tx_join(&r.purposes, &decl, "purpose", &self.t("punct.clause"));
        let data = self.data_set(&r.data);
        let mut method = self
            .tx_opt(r.method.as_ref(), &decl, "method")
            .unwrap_or_default();
        if let Some(c) = &r.consent {
            let c = self.label("consent", c.value);
            method = if method.is_empty() {
                c
            } else {
                format!("{method}{}{c}", self.t("punct.clause"))
            };
        }
        let contact = self.channels(&r.contacts, &decl, "contact");
        let privacy = self.privacy_link(r.privacy_url.as_ref(), &decl);
        vec![
            name,
            vec![text(role)],
            vec![text(purpose)],
            data,
            vec![text(method)],
            contact,
            privacy,
        ]
    }

    fn sdk_row(&mut self, s: &'m Sdk, anchor: bool) -> Vec<Vec<Inl>> {
        let decl = format!("sdk `{}`", s.id);
        let mut name = Vec::new();
        if anchor {
            name.push(Inl::Anchor(self.id(&format!("sdk-{}", s.id))));
        }
        name.push(text(self.sdk_title(s)));
        let mut provider = Vec::new();
        if let Some(p) = &s.provider {
            provider.push(text(self.tx(p, &decl, "provider")));
        }
        if !s.contacts.is_empty() {
            if !provider.is_empty() {
                provider.push(text(self.t("punct.clause")));
            }
            provider.append(&mut self.channels(&s.contacts, &decl, "contact"));
        }
        let mut purpose = Vec::new();
        if let Some(f) = &s.feature {
            purpose.push(self.tx(f, &decl, "feature"));
        }
        for p in &s.purposes {
            purpose.push(self.tx(p, &decl, "purpose"));
        }
        let purpose = purpose.join(&self.t("punct.clause"));
        let data = self.collects(&s.collects, &decl);
        let sep = self.sep();
        let data = self.join(data, &sep);
        let perms = self.refs(
            &s.permissions,
            |b, id| b.permissions.get(id).copied(),
            |b, p| b.permission_title(p),
            "permission",
        );
        let mut method = Vec::new();
        if let Some(mth) = &s.method {
            method.push(self.label("sdk-method", mth.kind));
            if let Some(t) = &mth.text {
                method.push(self.tx(t, &decl, "collection"));
            }
        }
        if let Some(d) = &s.deidentified {
            let key = if d.value {
                "sdk.deidentified"
            } else {
                "sdk.not-deidentified"
            };
            method.push(self.t(key));
            if let Some(t) = &d.text {
                method.push(self.tx(t, &decl, "deidentified"));
            }
        }
        let method = method.join(&self.t("punct.clause"));
        let privacy = self.privacy_link(s.privacy_url.as_ref(), &decl);
        vec![
            name,
            provider,
            vec![text(purpose)],
            data,
            perms,
            vec![text(method)],
            privacy,
        ]
    }

    // ---------------------------------------------------------------------
    // Chapter: storage and protection
    // ---------------------------------------------------------------------

    fn store_block(&mut self, root: Node<'a>, part: &Block<'m>) {
        let m = self.m;
        if matches!(part, Block::Retention) {
            let id = self.id("retention");
            self.heading(root, 3, &[text(self.t("sub.retention"))], &id);
            for r in &m.retention {
                let decl = format!("retention `{}`", r.id);
                self.prose(root, &r.text, &decl);
            }
            let mut rows = Vec::new();
            for r in &m.retention {
                let decl = format!("retention `{}`", r.id);
                let mut label = vec![Inl::Anchor(self.id(&format!("retention-{}", r.id)))];
                label.extend(self.retention_label(r));
                let data = self.data_set(&r.data);
                let period = self.retention_period(r);
                let mut basis = self.tx_join(
                    &r.determined_by,
                    &decl,
                    "determined-by",
                    &self.t("punct.clause"),
                );
                let legal = self.tx_join(&r.legal, &decl, "legal", &self.sep());
                if !legal.is_empty() {
                    basis = if basis.is_empty() {
                        legal
                    } else {
                        format!("{basis}{}{legal}", self.t("punct.clause"))
                    };
                }
                let mut expiry = String::new();
                if let Some(e) = &r.expiry {
                    expiry = self.label("expiry", e.kind);
                    if let Some(t) = &e.text {
                        let w = self.tx(t, &decl, "expiry");
                        expiry = format!("{expiry}{}{w}", self.t("punct.clause"));
                    }
                }
                rows.push(vec![
                    label,
                    data,
                    vec![text(period)],
                    vec![text(basis)],
                    vec![text(expiry)],
                ]);
            }
            self.table(
                root,
                &[
                    "col.retention",
                    "col.data",
                    "col.period",
                    "col.determined",
                    "col.expiry",
                ],
                rows,
            );
        }
        if let (Block::Storage, Some(s)) = (part, &m.storage) {
            let id = self.id("storage");
            self.heading(root, 3, &[text(self.t("sub.storage"))], &id);
            self.prose(root, &s.text, "storage");
            if !s.locations.is_empty() {
                let locs = s
                    .locations
                    .iter()
                    .map(|l| self.country(&l.value))
                    .collect::<Vec<_>>()
                    .join(&self.sep());
                let li = self.field("storage.location", vec![text(locs)]);
                self.list(root, vec![li]);
            }
        }
        if matches!(part, Block::Transfers) {
            let id = self.id("transfers");
            self.heading(root, 3, &[text(self.t("sub.transfers"))], &id);
            for tr in &m.transfers {
                self.transfer(root, tr);
            }
        }
        if let (Block::Security, Some(sec)) = (part, &m.security) {
            let id = self.id("security");
            self.heading(root, 3, &[text(self.t("sub.security"))], &id);
            self.prose(root, &sec.text, "security");
            let mut items = Vec::new();
            for ms in &sec.measures {
                let mut line = vec![Inl::Strong(vec![text(self.label("measure", ms.kind))])];
                if let Some(t) = &ms.text {
                    line.push(text(self.t("punct.colon")));
                    line.push(text(self.tx(t, "security", "measure")));
                }
                items.push(Li::new(line));
            }
            if !sec.certifications.is_empty() {
                let c = self.tx_join(
                    &sec.certifications,
                    "security",
                    "certification",
                    &self.sep(),
                );
                items.push(self.field("security.certifications", vec![text(c)]));
            }
            self.list(root, items);
            if !sec.incident_notice.is_empty() || !sec.incident_contents.is_empty() {
                let id = self.id("incident");
                self.heading(root, 4, &[text(self.t("sub.incident"))], &id);
                let mut items = Vec::new();
                if !sec.incident_contents.is_empty() {
                    let mut li = self.field("incident.contents", Vec::new());
                    li.sub = sec
                        .incident_contents
                        .iter()
                        .map(|c| vec![text(self.label("incident", c.value))])
                        .collect();
                    items.push(li);
                }
                if !sec.incident_notice.is_empty() {
                    let v = sec
                        .incident_notice
                        .iter()
                        .map(|c| self.label("channel", c.value))
                        .collect::<Vec<_>>()
                        .join(&self.sep());
                    items.push(self.field("incident.notice", vec![text(v)]));
                }
                self.list(root, items);
            }
        }
    }

    fn transfer(&mut self, root: Node<'a>, tr: &'m Transfer) {
        let decl = format!("transfer `{}`", tr.id);
        let title = match (&tr.title, &tr.name) {
            (Some(t), _) => self.tx(t, &decl, "title"),
            (None, Some(n)) => self.tx(n, &decl, "name"),
            (None, None) => self.t("sub.transfers"),
        };
        let id = self.id(&format!("transfer-{}", tr.id));
        self.heading(root, 4, &[text(title)], &id);
        self.prose(root, &tr.text, &decl);
        let mut items = Vec::new();
        if let (Some(_), Some(n)) = (&tr.title, &tr.name) {
            let v = self.tx(n, &decl, "name");
            items.push(self.field("transfer.recipient", vec![text(v)]));
        }
        if let Some(c) = &tr.country {
            items.push(self.field("transfer.country", vec![text(self.country(&c.value))]));
        }
        if !tr.contacts.is_empty() {
            let v = self.channels(&tr.contacts, &decl, "contact");
            items.push(self.field("col.contact", v));
        }
        if !tr.purposes.is_empty() {
            let p = self.tx_join(&tr.purposes, &decl, "purpose", &self.t("punct.clause"));
            items.push(self.field("f.purposes", vec![text(p)]));
        }
        if let Some(mt) = &tr.method {
            let v = self.tx(mt, &decl, "method");
            items.push(self.field("col.method", vec![text(v)]));
        }
        if !tr.data.is_empty() {
            let v = self.data_set(&tr.data);
            items.push(self.field("col.data", v));
        }
        if let Some(mc) = &tr.mechanism {
            items.push(self.field(
                "transfer.mechanism",
                vec![text(self.label("mechanism", mc.value))],
            ));
        }
        if let Some(c) = &tr.consent {
            items.push(self.field("f.consent", vec![text(self.label("consent", c.value))]));
        }
        if let Some(rp) = &tr.rights_procedure {
            let v = self.tx(rp, &decl, "rights-procedure");
            items.push(self.field("transfer.rights", vec![text(v)]));
        }
        self.list(root, items);
    }

    // ---------------------------------------------------------------------
    // Chapters: rights, minors, updates, contact
    // ---------------------------------------------------------------------

    fn right_block(&mut self, root: Node<'a>, part: &Block<'m>) {
        let _ = self.m;
        if let Block::Right(r) = part {
            let r = *r;
            let decl = format!("right `{}`", r.id);
            let covers = |b: &Self, kinds: &[Spanned<RightKind>]| {
                kinds
                    .iter()
                    .map(|k| b.label("right", k.value))
                    .collect::<Vec<_>>()
                    .join(&b.sep())
            };
            let title = match &r.title {
                Some(t) => self.tx(t, &decl, "title"),
                None if !r.covers.is_empty() => covers(self, &r.covers),
                None => self.t("chapter.rights"),
            };
            let id = self.id(&format!("right-{}", r.id));
            self.heading(root, 3, &[text(title)], &id);
            self.prose(root, &r.text, &decl);
            let mut items = Vec::new();
            if !r.covers.is_empty() {
                items.push(self.field("right.covers", vec![text(covers(self, &r.covers))]));
            }
            if !r.channels.is_empty() {
                let v = self.channels(&r.channels, &decl, "channel");
                items.push(self.field("right.channels", v));
            }
            if !r.paths.is_empty() {
                let v = self.tx_join(&r.paths, &decl, "path", &self.t("punct.clause"));
                items.push(self.field("right.paths", vec![text(v)]));
            }
            if let Some(resp) = &r.response {
                let v = self.fill("format.response", &[("d", &self.duration(resp.value))]);
                items.push(self.field("right.response", vec![text(v)]));
            }
            if !r.conditions.is_empty() {
                let v = self.tx_join(&r.conditions, &decl, "condition", &self.t("punct.clause"));
                items.push(self.field("right.conditions", vec![text(v)]));
            }
            if let Some(fee) = &r.fee {
                let v = self.tx(fee, &decl, "fee");
                items.push(self.field("right.fee", vec![text(v)]));
            }
            self.list(root, items);
        }
    }

    fn minors_block(&mut self, root: Node<'a>) {
        let Some(mn) = &self.m.minors else { return };
        self.prose(root, &mn.text, "minors");
        let mut items = Vec::new();
        if let Some(a) = &mn.min_age {
            let v = self.fill("minors.age", &[("n", &a.value.to_string())]);
            items.push(self.field("minors.min-age", vec![text(v)]));
        }
        if let Some(u) = &mn.under_14_rules {
            items.push(self.field(
                "minors.under-14",
                vec![text(self.label("under-14", u.value))],
            ));
        }
        items.extend(self.flag_li(
            "minors.guardian",
            mn.guardian_consent.as_ref(),
            "minors",
            "guardian-consent",
        ));
        self.list(root, items);
    }

    fn updates_block(&mut self, root: Node<'a>) {
        let Some(u) = &self.m.updates else { return };
        self.prose(root, &u.text, "updates");
        let mut items = Vec::new();
        if !u.notices.is_empty() {
            let v = self.channels(&u.notices, "updates", "notice");
            items.push(self.field("updates.notice", v));
        }
        if !u.material.is_empty() {
            let mut li = self.field("updates.material", Vec::new());
            li.sub = u
                .material
                .iter()
                .map(|t| vec![text(self.tx(t, "updates", "material"))])
                .collect();
            items.push(li);
        }
        items.extend(self.flag_li(
            "updates.reconsent",
            u.reconsent_on_material.as_ref(),
            "updates",
            "reconsent-on-material",
        ));
        items.extend(self.flag_li(
            "updates.deemed",
            u.deemed_acceptance.as_ref(),
            "updates",
            "deemed-acceptance",
        ));
        items.extend(self.flag_li("updates.archive", u.archive.as_ref(), "updates", "archive"));
        self.list(root, items);
    }

    fn contact_block(&mut self, root: Node<'a>, part: &Block<'m>) {
        let m = self.m;
        let mut said = false;
        if let (Block::Processor, Some(p)) = (part, &m.processor) {
            said = true;
            self.prose(root, &p.text, "processor");
            let mut items = Vec::new();
            if let Some(n) = &p.name {
                let v = self.tx(n, "processor", "name");
                items.push(self.field("processor.name", vec![text(v)]));
            }
            if let Some(a) = &p.registered_address {
                let v = self.tx(a, "processor", "registered-address");
                items.push(self.field("processor.registered", vec![text(v)]));
            }
            if let Some(a) = &p.office_address {
                let v = self.tx(a, "processor", "office-address");
                items.push(self.field("processor.office", vec![text(v)]));
            }
            for c in &p.contacts {
                items.push(Li::new(self.channel(c, "processor", "contact")));
            }
            self.list(root, items);
        }
        if let (Block::Officer, Some(o)) = (part, &m.officer) {
            said = true;
            let id = self.id("officer");
            self.heading(root, 3, &[text(self.t("sub.officer"))], &id);
            self.prose(root, &o.text, "officer");
            let mut items = Vec::new();
            if let Some(n) = &o.name {
                let v = self.tx(n, "officer", "name");
                items.push(self.field("officer.name", vec![text(v)]));
            }
            if let Some(d) = &o.department {
                let v = self.tx(d, "officer", "department");
                items.push(self.field("officer.department", vec![text(v)]));
            }
            for c in &o.contacts {
                items.push(Li::new(self.channel(c, "officer", "contact")));
            }
            self.list(root, items);
        }
        if let (Block::Complaints, Some(c)) = (part, &m.complaints) {
            said = true;
            let id = self.id("complaints");
            self.heading(root, 3, &[text(self.t("sub.complaints"))], &id);
            self.prose(root, &c.text, "complaints");
            let mut items = Vec::new();
            if !c.channels.is_empty() {
                let v = self.channels(&c.channels, "complaints", "channel");
                items.push(self.field("right.channels", v));
            }
            if let Some(resp) = &c.response {
                let v = self.fill("format.response", &[("d", &self.duration(resp.value))]);
                items.push(self.field("right.response", vec![text(v)]));
            }
            if !c.external.is_empty() {
                let mut li = self.field("complaints.external", Vec::new());
                li.sub = c
                    .external
                    .iter()
                    .map(|t| vec![text(self.tx(t, "complaints", "external"))])
                    .collect();
                items.push(li);
            }
            self.list(root, items);
        }
        let _ = said;
    }

    // ---------------------------------------------------------------------
    // Annexes
    // ---------------------------------------------------------------------

    fn collection_annex(&mut self, root: Node<'a>) {
        let m = self.m;
        self.para(root, &[text(self.t("annex.collection-intro"))]);
        let mut rows = Vec::new();
        for f in &m.functions {
            let decl = format!("function `{}`", f.id);
            let title = self.function_title(f);
            let purpose = self.tx_join(&f.purposes, &decl, "purpose", &self.t("punct.clause"));
            for c in &f.collects {
                let (_, sensitive) = self.data_name(&c.data.id);
                let item = self.data_inl(&c.data.id);
                let need = c.need.map(|n| self.label("need", n)).unwrap_or_default();
                rows.push(vec![
                    vec![self.local_link(&format!("function-{}", f.id), title.clone())],
                    vec![text(purpose.clone())],
                    item,
                    vec![text(need)],
                    vec![text(self.yes_no(sensitive))],
                ]);
            }
        }
        for p in &m.permissions {
            let decl = format!("permission `{}`", p.id);
            let title = self.permission_title(p);
            let purpose = self.tx_join(&p.purposes, &decl, "purpose", &self.t("punct.clause"));
            for c in &p.collects {
                let (_, sensitive) = self.data_name(&c.data.id);
                let item = self.data_inl(&c.data.id);
                let need = c.need.map(|n| self.label("need", n)).unwrap_or_default();
                rows.push(vec![
                    vec![self.local_link(&format!("permission-{}", p.id), title.clone())],
                    vec![text(purpose.clone())],
                    item,
                    vec![text(need)],
                    vec![text(self.yes_no(sensitive))],
                ]);
            }
        }
        if rows.is_empty() {
            self.para(root, &[text(self.t("annex.none"))]);
            return;
        }
        self.table(
            root,
            &[
                "col.function",
                "col.purpose",
                "col.item",
                "col.need",
                "col.sensitive",
            ],
            rows,
        );
    }

    fn sharing_annex(&mut self, root: Node<'a>) {
        let m = self.m;
        self.para(root, &[text(self.t("annex.sharing-intro"))]);
        let mut rows = Vec::new();
        for r in &m.recipients {
            let mut row = self.recipient_row(r, false);
            // Name, kind, provider, purpose, data, method, privacy link.
            let label = self.recipient_name(r);
            rows.push(vec![
                vec![self.local_link(&format!("recipient-{}", r.id), label)],
                vec![text(self.t("annex.kind-recipient"))],
                Vec::new(),
                take(&mut row, 2),
                take(&mut row, 3),
                take(&mut row, 4),
                take(&mut row, 6),
            ]);
        }
        for s in &m.sdks {
            let mut row = self.sdk_row(s, false);
            let title = self.sdk_title(s);
            rows.push(vec![
                vec![self.local_link(&format!("sdk-{}", s.id), title)],
                vec![text(self.t("annex.kind-sdk"))],
                take(&mut row, 1),
                take(&mut row, 2),
                take(&mut row, 3),
                take(&mut row, 5),
                take(&mut row, 6),
            ]);
        }
        for tr in &m.transfers {
            let decl = format!("transfer `{}`", tr.id);
            let name = match (&tr.name, &tr.title) {
                (Some(n), _) => self.tx(n, &decl, "name"),
                (None, Some(t)) => self.tx(t, &decl, "title"),
                (None, None) => tr.id.clone(),
            };
            let mut kind = self.t("annex.kind-transfer");
            if let Some(c) = &tr.country {
                let c = self.country(&c.value);
                kind = format!("{kind}{}", self.fill("format.paren", &[("x", &c)]));
            }
            let purpose = self.tx_join(&tr.purposes, &decl, "purpose", &self.t("punct.clause"));
            let data = self.data_set(&tr.data);
            let method = self
                .tx_opt(tr.method.as_ref(), &decl, "method")
                .unwrap_or_default();
            rows.push(vec![
                vec![self.local_link(&format!("transfer-{}", tr.id), name)],
                vec![text(kind)],
                Vec::new(),
                vec![text(purpose)],
                data,
                vec![text(method)],
                Vec::new(),
            ]);
        }
        if rows.is_empty() {
            self.para(root, &[text(self.t("annex.none"))]);
            return;
        }
        self.table(
            root,
            &[
                "col.name",
                "col.kind",
                "col.provider",
                "col.purpose",
                "col.data",
                "col.method",
                "col.privacy",
            ],
            rows,
        );
    }
}

fn take(row: &mut [Vec<Inl>], i: usize) -> Vec<Inl> {
    row.get_mut(i).map(std::mem::take).unwrap_or_default()
}

/// Whether a cell shows anything (an anchor alone shows nothing).
fn has_content(cell: &[Inl]) -> bool {
    cell.iter().any(|i| match i {
        Inl::Text(s) => !s.trim().is_empty(),
        Inl::Strong(c) | Inl::Link(_, c) => has_content(c),
        Inl::Anchor(_) => false,
    })
}

/// The kebab-case word of a serialisable unit enum (`working-days`).
fn serde_plain_word<T: serde::Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v).ok()? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    }
}
