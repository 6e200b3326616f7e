//! Tree primitives: inline content ([`Inl`], [`Li`]) and the comrak nodes
//! built from it — text, headings, paragraphs, prose, lists, tables, links —
//! and the HTML ids of headings and anchors.

use comrak::nodes::{
    AstNode, ListDelimType, ListType, NodeHeading, NodeLink, NodeList, NodeTable, NodeValue,
    TableAlignment,
};
use comrak::Node;

use super::super::Lang;
use super::{Builder, Target};
use crate::model::*;

/// The end of a fold of prose shown as written.
const UNTRANSLATED_CLOSE: &str = "</details>\n";

/// Inline content before it becomes nodes.
#[derive(Clone, Debug)]
pub(super) enum Inl {
    Text(String),
    Strong(Vec<Inl>),
    /// A link; the URL has been checked by [`safe_url`] or is `#id`.
    Link(String, Vec<Inl>),
    /// An empty element carrying an id (HTML target only).
    Anchor(String),
    /// The sensitive-information sign and what it means (HTML: its own
    /// element with a title; Markdown: the sign).
    Mark(String, String),
    /// Content in another language than the page's (HTML: a `<span>` with
    /// that `lang`, a BCP 47 code the page writes; Markdown: the content).
    Lang(&'static str, Vec<Inl>),
    /// Policy words shown as written, in the source's language on a page in
    /// the other one (HTML: a `<span>` with that `lang` and the class `nt`,
    /// which the page underlines with dots and its banner explains;
    /// Markdown: the content).
    Written(&'static str, Vec<Inl>),
}

pub(super) fn text(s: impl Into<String>) -> Inl {
    Inl::Text(s.into())
}

/// A list item: a line of inlines and an optional nested list.
pub(super) struct Li {
    pub(super) line: Vec<Inl>,
    pub(super) sub: Vec<Vec<Inl>>,
}

impl Li {
    pub(super) fn new(line: Vec<Inl>) -> Li {
        Li {
            line,
            sub: Vec::new(),
        }
    }
}

pub(super) fn node_key(n: Node<'_>) -> usize {
    std::ptr::from_ref::<AstNode<'_>>(n) as usize
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

/// Whether a cell shows anything (an anchor alone shows nothing).
pub(super) fn has_content(cell: &[Inl]) -> bool {
    cell.iter().any(|i| match i {
        Inl::Text(s) => !s.trim().is_empty(),
        Inl::Strong(c) | Inl::Link(_, c) | Inl::Lang(_, c) | Inl::Written(_, c) => has_content(c),
        Inl::Anchor(_) => false,
        Inl::Mark(..) => true,
    })
}

/// A link to the other-language page: a relative file name of letters,
/// digits, `.`, `-` and `_` only.
pub(super) fn relative_href(s: &str) -> Option<String> {
    let ok = !s.is_empty()
        && !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    ok.then(|| s.to_owned())
}

/// Inline content as HTML (for the tables the HTML target writes itself).
pub(super) fn inl_html(out: &mut String, inl: &[Inl]) {
    use super::super::html::escape;
    for i in inl {
        match i {
            Inl::Text(s) => out.push_str(&escape(&s.replace(['\r', '\n'], " "))),
            Inl::Strong(c) => {
                out.push_str("<strong>");
                inl_html(out, c);
                out.push_str("</strong>");
            }
            Inl::Lang(code, c) => {
                out.push_str("<span lang=\"");
                out.push_str(code);
                out.push_str("\">");
                inl_html(out, c);
                out.push_str("</span>");
            }
            Inl::Written(code, c) => {
                out.push_str("<span lang=\"");
                out.push_str(code);
                out.push_str("\" class=\"nt\">");
                inl_html(out, c);
                out.push_str("</span>");
            }
            Inl::Link(url, c) => {
                out.push_str("<a href=\"");
                out.push_str(&escape(url));
                out.push_str("\">");
                inl_html(out, c);
                out.push_str("</a>");
            }
            Inl::Anchor(id) => {
                out.push_str("<span id=\"");
                out.push_str(&escape(id));
                out.push_str("\"></span>");
            }
            Inl::Mark(sign, title) => {
                out.push_str("<abbr class=\"sens\" title=\"");
                out.push_str(&escape(title));
                out.push_str("\">");
                out.push_str(&escape(sign));
                out.push_str("</abbr>");
            }
        }
    }
}

/// The words of a node (a heading, for a list of contents): its text nodes,
/// joined.
pub(super) fn plain_text(n: Node<'_>) -> String {
    let mut label = String::new();
    for d in n.descendants() {
        if let NodeValue::Text(t) = &d.data().value {
            label.push_str(t);
        }
    }
    label
}

impl<'a, 'm> Builder<'a, 'm> {
    pub(super) fn node(&self, v: NodeValue) -> Node<'a> {
        self.arena.alloc(AstNode::from(v))
    }

    pub(super) fn append(&self, parent: Node<'a>, v: NodeValue) -> Node<'a> {
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
        let inl = self.mark_written(inl);
        self.append_all(parent, &inl, cell);
    }

    /// Inlines as they are (the policy's words in the source's language
    /// already marked).
    fn append_all(&self, parent: Node<'a>, inl: &[Inl], cell: bool) {
        for i in inl {
            match i {
                Inl::Text(s) => self.append_text(parent, s, cell),
                Inl::Strong(c) => {
                    let n = self.append(parent, NodeValue::Strong);
                    self.inlines(n, c, cell);
                }
                Inl::Lang(code, c) | Inl::Written(code, c) => {
                    if self.target == Target::Html {
                        let class = if matches!(i, Inl::Written(..)) {
                            " class=\"nt\""
                        } else {
                            ""
                        };
                        self.append(
                            parent,
                            NodeValue::Raw(format!("<span lang=\"{code}\"{class}>")),
                        );
                        // Already in its own language: not split again.
                        self.append_all(parent, c, cell);
                        self.append(parent, NodeValue::Raw("</span>".to_owned()));
                    } else {
                        self.inlines(parent, c, cell);
                    }
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
                Inl::Mark(..) if self.target == Target::Html => {
                    let mut h = String::new();
                    inl_html(&mut h, std::slice::from_ref(i));
                    self.append(parent, NodeValue::Raw(h));
                }
                Inl::Mark(sign, _) => self.append_text(parent, sign, cell),
            }
        }
    }

    /// A unique id for a section or declaration.
    pub(super) fn id(&mut self, wanted: &str) -> String {
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

    pub(super) fn heading(&mut self, parent: Node<'a>, level: u8, inl: &[Inl], id: &str) {
        if self.quiet {
            return;
        }
        // A heading shown as written, in the policy's language on a page in
        // the other one, says so after its words, as folded prose does.
        let marked: Vec<Inl>;
        let inl = match inl {
            [written @ Inl::Written(..)] => {
                marked = vec![
                    written.clone(),
                    text(format!(" {}", self.t("untranslated.mark"))),
                ];
                &marked[..]
            }
            _ => inl,
        };
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

    pub(super) fn para(&self, parent: Node<'a>, inl: &[Inl]) {
        if inl.is_empty() {
            return;
        }
        let p = self.append(parent, NodeValue::Paragraph);
        self.inlines(p, inl, false);
    }

    /// Policy prose: each string, split into paragraphs at blank lines.
    /// Texts already on the page are skipped: each is shown once.
    pub(super) fn prose(&mut self, parent: Node<'a>, ts: &[Text], decl: &str) {
        for t in ts {
            self.text_once(parent, t, decl);
        }
    }

    /// One text, unless it is on the page already.
    pub(super) fn text_once(&mut self, parent: Node<'a>, t: &Text, decl: &str) {
        let key = super::flow::text_key(&t.text);
        if !self.shown.insert(key.clone()) {
            return;
        }
        // A sentence the transcription quotes again from a longer text
        // shown just before, in the same chapter (happigo's document
        // `popups` quoting the opening's "弹窗方案将构成本政策的有效组成部分").
        if key.chars().count() >= 12
            && memchr::memmem::find(self.chapter_texts.as_bytes(), key.as_bytes()).is_some()
        {
            return;
        }
        self.chapter_texts.push_str(&key);
        self.chapter_texts.push('\n');
        let s = self.display_text(t, decl);
        let foreign = t.get(self.lang.code()).is_none() && self.needs_translation(&t.text);
        // A clause the policy makes prominent (`text prominent`) is bold, as
        // the policy shows it.
        self.in_prominent = t.prominent;
        self.paras(parent, &s, foreign);
        self.in_prominent = false;
    }

    /// A text as the page shows it: in the page's language or as written,
    /// without its first line when that line is its chapter's heading.
    pub(super) fn display_text(&mut self, t: &Text, decl: &str) -> String {
        let s = self.tx(t, decl, "text").replace("\r\n", "\n");
        if self.lead.contains(&super::flow::text_key(&t.text)) {
            let s = s.trim_start_matches(['\n', ' ']);
            return s
                .split_once('\n')
                .map_or(String::new(), |(_, r)| r.to_owned());
        }
        s
    }

    /// Paragraphs of policy prose, marked when shown untranslated.
    pub(super) fn paras(&mut self, parent: Node<'a>, s: &str, foreign: bool) {
        if s.trim().is_empty() {
            return;
        }
        if foreign {
            self.untranslated_open(parent);
        }
        self.in_original = foreign;
        self.prose_str(parent, s);
        self.in_original = false;
        if foreign {
            self.untranslated_close(parent);
        }
    }

    /// Around policy prose shown in the source language on a page in the
    /// other: folded under a visible marker, with the source's `lang`
    /// (HTML), so that the page reads in its own language and the original
    /// is one tap away; the marker alone (Markdown).
    pub(super) fn untranslated_open(&mut self, parent: Node<'a>) {
        let mark = self.t("untranslated.mark");
        match self.target {
            // Right after another folded text: the same fold (one tap for
            // the source's consecutive paragraphs, not one each).
            Target::Html
                if parent.last_child().is_some_and(
                    |n| matches!(&n.data().value, NodeValue::Raw(r) if r == UNTRANSLATED_CLOSE),
                ) =>
            {
                if let Some(n) = parent.last_child() {
                    n.detach();
                }
            }
            Target::Html => {
                let lang = self.source.html_code();
                let open = self.t("untranslated.open");
                self.append(
                    parent,
                    NodeValue::Raw(format!(
                        "<details class=\"untranslated\" lang=\"{lang}\"><summary class=\"mark-untranslated\" lang=\"{}\">{} {}</summary>\n",
                        self.lang.html_code(),
                        super::super::html::escape(&mark),
                        super::super::html::escape(&open)
                    )),
                );
            }
            // Right after another text shown as written: under the same
            // marker.
            Target::Markdown
                if parent
                    .last_child()
                    .map(node_key)
                    .is_some_and(|k| self.last_untranslated == Some(k)) => {}
            Target::Markdown => self.para(parent, &[Inl::Strong(vec![text(mark)])]),
        }
    }

    pub(super) fn untranslated_close(&mut self, parent: Node<'a>) {
        match self.target {
            Target::Html => {
                self.append(parent, NodeValue::Raw(UNTRANSLATED_CLOSE.to_owned()));
            }
            Target::Markdown => self.last_untranslated = parent.last_child().map(node_key),
        }
    }

    pub(super) fn list(&self, parent: Node<'a>, items: Vec<Li>) {
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

    /// A table with a caption. HTML: written here, with `<caption>`, header
    /// cells with `scope`, the first cell of a row as its header, and each
    /// cell's column name for the card layout of narrow screens. Markdown:
    /// a GFM table after the caption as a paragraph.
    pub(super) fn table(
        &self,
        parent: Node<'a>,
        caption: &str,
        header: &[&str],
        rows: Vec<Vec<Vec<Inl>>>,
    ) {
        use super::super::html::escape;
        let cols = header.len();
        let dash = self.t("common.dash");
        if self.target == Target::Html {
            let mut h = String::from("<div class=\"sheet\"><table class=\"cards\">\n<caption>");
            h.push_str(&self.written_html(caption));
            h.push_str("</caption>\n<thead><tr>");
            let labels: Vec<String> = header.iter().map(|k| self.t(k)).collect();
            for l in &labels {
                h.push_str("<th scope=\"col\">");
                h.push_str(&escape(l));
                h.push_str("</th>");
            }
            h.push_str("</tr></thead>\n<tbody>\n");
            for row in rows {
                h.push_str("<tr>");
                for (i, label) in labels.iter().enumerate() {
                    let cell = row.get(i).map(Vec::as_slice).unwrap_or(&[]);
                    let empty = !has_content(cell);
                    if i == 0 {
                        h.push_str("<th scope=\"row\">");
                    } else {
                        h.push_str("<td data-label=\"");
                        h.push_str(&escape(label));
                        h.push_str(if empty { "\" class=\"empty\">" } else { "\">" });
                    }
                    inl_html(&mut h, &self.mark_written(cell));
                    if empty {
                        h.push_str(&escape(&dash));
                    }
                    h.push_str(if i == 0 { "</th>" } else { "</td>" });
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</tbody>\n</table></div>\n");
            self.append(parent, NodeValue::Raw(h));
            return;
        }
        // Markdown: the heading before the table names it.
        let _ = caption;
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
    pub(super) fn field(&self, key: &str, mut value: Vec<Inl>) -> Li {
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
    pub(super) fn local_link(&self, id: &str, label: String) -> Inl {
        match self.target {
            Target::Html => Inl::Link(format!("#{}", slug(id)), vec![text(label)]),
            Target::Markdown => text(label),
        }
    }

    /// A link to a declaration named by a policy string (marked with the
    /// source's `lang` when shown as written).
    pub(super) fn link_to(&self, id: &str, label: String) -> Inl {
        let label = self.as_written(label);
        match self.target {
            Target::Html => Inl::Link(format!("#{}", slug(id)), vec![label]),
            Target::Markdown => label,
        }
    }

    pub(super) fn join(&self, parts: Vec<Vec<Inl>>, sep: &str) -> Vec<Inl> {
        let mut out = Vec::new();
        for (i, mut p) in parts.into_iter().enumerate() {
            if i > 0 {
                out.push(text(sep));
            }
            out.append(&mut p);
        }
        out
    }
}

/// Whether a character is written in Chinese: an ideograph, CJK or
/// full-width punctuation, or the quotation marks and ellipsis Chinese text
/// uses.
fn wide(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '“' | '”' | '‘' | '’' | '…' | '—')
}

fn ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// The Chinese parts of a string on an English page, as byte ranges: runs of
/// Chinese characters with what lies between them (`14号B区3楼`, `Android
/// ID、OAID`) unless the page's own English punctuation separates them
/// (`; `, `: `, `, `, ` (`, `) `: the glue of "Post: 北京…", "deemed
/// consent; 你开启…", "收货地址, 联系电话"), and the letters and digits
/// written against them (`IMEI信息`).
pub(crate) fn chinese_runs(s: &str) -> Vec<(usize, usize)> {
    const GLUE: [&str; 5] = ["; ", ": ", ", ", " (", ") "];
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, c) in s.char_indices() {
        if !wide(c) {
            continue;
        }
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some(r)
                if !s
                    .get(r.1..i)
                    .is_some_and(|gap| GLUE.iter().any(|g| gap.contains(g))) =>
            {
                r.1 = end;
            }
            _ => runs.push((i, end)),
        }
    }
    runs.retain(|&(a, b)| s.get(a..b).is_some_and(|r| r.chars().any(ideograph)));
    for r in &mut runs {
        while let Some(c) = s.get(..r.0).and_then(|x| x.chars().next_back()) {
            if !c.is_ascii_alphanumeric() {
                break;
            }
            r.0 -= 1;
        }
        while let Some(c) = s.get(r.1..).and_then(|x| x.chars().next()) {
            if !c.is_ascii_alphanumeric() {
                break;
            }
            r.1 += 1;
        }
    }
    runs
}

impl<'a, 'm> Builder<'a, 'm> {
    /// Inlines with the policy's Chinese words that reach an English page
    /// inside the page's own sentences (a field's value, a recipient's name
    /// in a link, a table cell) marked as written ([`Inl::Written`]), so
    /// that they carry `lang="zh-CN"` and the visible mark. Only on an
    /// English page of a Chinese policy (HTML); content already marked is
    /// left as it is.
    /// A policy string as escaped HTML, its Chinese words marked as in
    /// [`Self::mark_written`] (the summaries and captions the HTML target
    /// writes itself).
    pub(super) fn written_html(&self, s: &str) -> String {
        let mut out = String::new();
        inl_html(&mut out, &self.mark_written(&[text(s)]));
        out
    }

    pub(super) fn mark_written(&self, inl: &[Inl]) -> Vec<Inl> {
        if self.target != Target::Html
            || self.lang != Lang::En
            || self.source != Lang::Zh
            || self.in_original
        {
            return inl.to_vec();
        }
        let mut out = Vec::with_capacity(inl.len());
        for i in inl {
            match i {
                Inl::Text(s) => {
                    let mut at = 0;
                    for (a, b) in chinese_runs(s) {
                        if let (Some(before), Some(run)) = (s.get(at..a), s.get(a..b)) {
                            if !before.is_empty() {
                                out.push(text(before));
                            }
                            out.push(Inl::Written(self.source.html_code(), vec![text(run)]));
                            at = b;
                        }
                    }
                    match s.get(at..) {
                        Some(rest) if at == 0 => out.push(text(rest)),
                        Some(rest) if !rest.is_empty() => out.push(text(rest)),
                        _ => {}
                    }
                }
                Inl::Strong(c) => out.push(Inl::Strong(self.mark_written(c))),
                Inl::Link(u, c) => out.push(Inl::Link(u.clone(), self.mark_written(c))),
                other => out.push(other.clone()),
            }
        }
        out
    }
}
