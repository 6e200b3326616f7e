//! The page's flow: the plan of chapters in source order, and each
//! declaration at its place in its chapter.
//!
//! Faithfulness rule: the page says what the policy says, where it says it.
//! Declarations keep the order of the source file; a chapter is opened by
//! the declaration or section that opens it in the source, and everything
//! after it stays in that chapter until the next one opens (an exceptions
//! list written in the sharing chapter stays there). Each `text` is shown
//! once, at its first declaration; a declaration whose texts were all shown
//! leaves only its anchor. A declaration with no text is shown by its
//! structured fields, folded in a `<details>` (HTML).

use comrak::nodes::NodeValue;
use comrak::Node;

use super::tree::{node_key, text, Inl, Li};
use super::{chapter_number, chapter_numbered, keyword_kind, strip_number, sub_number};
use super::{Block, Builder, Chapter, Kind, Target};
use crate::model::*;

/// A text as a key for "shown once": its characters without white space.
pub(super) fn text_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl<'a, 'm> Builder<'a, 'm> {
    /// Whether (and which) chapter a declaration opens: `(kind, always a new
    /// chapter)`. `None` for declarations that stay in the chapter the
    /// source has them in.
    fn opens(&self, b: &Block<'m>, next: Option<Kind>) -> Option<(Kind, bool)> {
        Some(match b {
            Block::Function(_) => (Kind::Collect, false),
            Block::Retention(_) | Block::Storage | Block::Security => (Kind::Store, false),
            Block::Right(_) => (Kind::Rights, false),
            Block::Minors => (Kind::Minors, false),
            Block::Updates => (Kind::Updates, false),
            Block::Complaints | Block::Dispute => (Kind::Contact, false),
            // The officer's text opens the contact chapter when the contact
            // declarations follow it (`10、如何联系我们` ¶2); written in the
            // security chapter (`五（六）我们已成立专门的个人信息保护责任部门`),
            // it stays there.
            Block::Officer if next == Some(Kind::Contact) => (Kind::Contact, false),
            Block::Cookie(_) => (Kind::Cookies, false),
            Block::Section(s) => {
                let id = s.id.to_ascii_lowercase();
                let title = s.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
                if id.contains("cookie") {
                    (Kind::Cookies, false)
                } else if chapter_numbered(title) {
                    match keyword_kind(&id).or_else(|| self.kind_by_title(title)) {
                        Some(k) => (k, false),
                        None => (Kind::Other, true),
                    }
                } else {
                    // A sub-heading past （一） is inside its chapter; a
                    // section opens the chapter its id names only when what
                    // follows it belongs there (`sdk-liability` after the SDK
                    // list of chapter one does not open the sharing chapter).
                    let k = keyword_kind(&id)?;
                    if sub_number(title).is_some_and(|n| n > 1) || next.is_some_and(|n| n != k) {
                        return None;
                    }
                    (k, false)
                }
            }
            _ => return None,
        })
    }

    /// The chapter a structured declaration belongs to by its kind (`None`
    /// for sections and for kinds written in more than one chapter).
    fn natural(b: &Block<'m>) -> Option<Kind> {
        Some(match b {
            Block::Data(_)
            | Block::Permission(_)
            | Block::Function(_)
            | Block::Decision(_)
            | Block::Recommendation(_)
            | Block::Processing(_) => Kind::Collect,
            Block::Recipient(_)
            | Block::Sdk(_)
            | Block::SdkList(_)
            | Block::Disclosure(_)
            | Block::Handover(_)
            | Block::Merger => Kind::Share,
            Block::Retention(_)
            | Block::Storage
            | Block::Transfer(_)
            | Block::Security
            | Block::Shutdown => Kind::Store,
            Block::Right(_) => Kind::Rights,
            Block::Defaults(d) => match d.target.value {
                crate::model::words::DefaultsFor::Right => Kind::Rights,
                crate::model::words::DefaultsFor::Recipient => Kind::Share,
            },
            Block::Minors => Kind::Minors,
            Block::Updates => Kind::Updates,
            Block::Processor | Block::Complaints | Block::Dispute => Kind::Contact,
            Block::Cookie(_) => Kind::Cookies,
            Block::Marketing(_)
            | Block::Exceptions(_)
            | Block::Section(_)
            | Block::Document(_)
            | Block::Officer => return None,
        })
    }

    /// The chapter whose built-in title a section's title is.
    fn kind_by_title(&self, title: &str) -> Option<Kind> {
        // Either form of address (`你的权利`, `您的权利`).
        let plain = |s: &str| text_key(s).replace('您', "你");
        let t = plain(strip_number(title));
        [
            (Kind::Collect, "chapter.collect"),
            (Kind::Cookies, "chapter.cookies"),
            (Kind::Share, "chapter.share"),
            (Kind::Store, "chapter.store"),
            (Kind::Rights, "chapter.rights"),
            (Kind::Minors, "chapter.minors"),
            (Kind::Updates, "chapter.updates"),
            (Kind::Contact, "chapter.contact"),
        ]
        .into_iter()
        .find(|(_, key)| {
            plain(&self.cat.get(key, self.source)) == t || plain(&self.cat.get(key, self.lang)) == t
        })
        .map(|(k, _)| k)
    }

    /// The declarations of the policy in source order, as chapters; the
    /// sections that stay in the header (the source's own contents).
    #[allow(clippy::type_complexity)]
    pub(super) fn plan(&mut self) -> (Vec<&'m Section>, Vec<Block<'m>>, Vec<Chapter<'m>>) {
        let m = self.m;
        let mut decls: Vec<DeclRef<'m>> = m.decls().collect();
        decls.sort_by_key(|d| d.span().start);
        let mut intro = Vec::new();
        let mut chapters: Vec<Chapter<'m>> = Vec::new();
        let mut cur: Option<usize> = None;
        let mut pending: Vec<Block<'m>> = Vec::new();
        let mut blocks: Vec<Block<'m>> = Vec::new();
        for d in decls {
            let b = match d {
                DeclRef::Processor(_) => {
                    self.processor_opens = blocks.is_empty();
                    continue;
                }
                DeclRef::Policy(_) | DeclRef::Consent(_) => continue,
                DeclRef::Officer(_) => Block::Officer,
                DeclRef::Data(x) => {
                    if !x.declared
                        || (x.text.is_empty()
                            && x.necessity.is_none()
                            && x.impact.is_none()
                            && x.includes.is_empty()
                            && x.status.is_none())
                    {
                        continue;
                    }
                    Block::Data(x)
                }
                DeclRef::Permission(x) => Block::Permission(x),
                DeclRef::Function(x) => Block::Function(x),
                DeclRef::Recipient(x) => Block::Recipient(x),
                DeclRef::SdkList(x) => Block::SdkList(x),
                DeclRef::Sdk(x) => Block::Sdk(x),
                DeclRef::Disclosure(x) => Block::Disclosure(x),
                DeclRef::Merger(_) => Block::Merger,
                DeclRef::Retention(x) => Block::Retention(x),
                DeclRef::Storage(_) => Block::Storage,
                DeclRef::Transfer(x) => Block::Transfer(x),
                DeclRef::Right(x) => Block::Right(x),
                DeclRef::AutomatedDecision(x) => Block::Decision(x),
                DeclRef::Marketing(x) => Block::Marketing(x),
                DeclRef::Minors(_) => Block::Minors,
                DeclRef::Security(_) => Block::Security,
                DeclRef::Complaints(_) => Block::Complaints,
                DeclRef::Dispute(_) => Block::Dispute,
                DeclRef::Updates(_) => Block::Updates,
                DeclRef::Exceptions(x) => Block::Exceptions(x),
                DeclRef::Cookie(x) => Block::Cookie(x),
                DeclRef::Recommendation(x) => Block::Recommendation(x),
                DeclRef::Document(x) => Block::Document(x),
                DeclRef::Processing(x) => Block::Processing(x),
                DeclRef::Handover(x) => Block::Handover(x),
                DeclRef::Shutdown(_) => Block::Shutdown,
                DeclRef::Defaults(x) => Block::Defaults(x),
                DeclRef::Section(s) => {
                    let id = s.id.to_ascii_lowercase();
                    if id == "contents" || id == "toc" {
                        intro.push(s);
                        continue;
                    }
                    Block::Section(s)
                }
            };
            blocks.push(b);
        }
        // A text that opens one declaration and is a further text of
        // another (a right's text quoted again by a decision) is shown where
        // it opens.
        let mut firsts = std::collections::HashSet::new();
        let mut further = std::collections::HashSet::new();
        for b in blocks.iter().copied() {
            let (texts, ..) = self.describe(b);
            for (i, t) in texts.iter().enumerate() {
                if i == 0 {
                    firsts.insert(text_key(&t.text));
                } else {
                    further.insert(text_key(&t.text));
                }
            }
        }
        self.opens_elsewhere = firsts.intersection(&further).cloned().collect();
        // Texts of sections that a structured declaration before the
        // section also carries (see `defer_shared`).
        let mut seen_structured = std::collections::HashSet::new();
        for b in blocks.iter().copied() {
            let (texts, ..) = self.describe(b);
            for t in texts {
                let key = text_key(&t.text);
                match b {
                    Block::Section(_) if seen_structured.contains(&key) => {
                        self.in_sections.insert(key);
                    }
                    Block::Section(_) => {}
                    _ => {
                        seen_structured.insert(key);
                    }
                }
            }
        }
        // An officer written before every chapter (a transcription that
        // keeps the header's facts together) has no place in the source's
        // flow: it joins the contact chapter below.
        let mut officer_first = false;
        // The chapter the previous declaration went to: an officer's text
        // follows it (the security measures it belongs to may have joined
        // an earlier chapter of their kind).
        let mut last: Option<usize> = None;
        // The source's chapters, when the transcription declares them all
        // (sections titled `一、…` to `十一、…`, numbered from one without a
        // gap): the page follows them, and nothing else opens a chapter.
        let declared = Self::declared_chapters(&blocks);
        let mut opening = Vec::new();
        if declared {
            for b in blocks.iter().copied() {
                match b {
                    Block::Section(s) if Self::chapter_heading(s).is_some() => {
                        let id = s.id.to_ascii_lowercase();
                        let title = s.title.as_ref().map_or("", |t| t.text.as_str());
                        let kind = keyword_kind(&id)
                            .or_else(|| self.kind_by_title(title))
                            .unwrap_or(Kind::Other);
                        chapters.push(Chapter {
                            kind,
                            blocks: vec![b],
                            title_section: Some(s),
                        });
                    }
                    Block::Officer if chapters.is_empty() => officer_first = true,
                    // Before chapter one: the source's opening.
                    _ => match chapters.last_mut() {
                        Some(c) => c.blocks.push(b),
                        None => opening.push(b),
                    },
                }
            }
        }
        let mut cookie_stayed = false;
        for (at, b) in blocks.iter().copied().enumerate() {
            if declared {
                break;
            }
            let next = blocks.iter().skip(at + 1).find_map(Self::natural);
            // A cookie written under a numbered sub-heading of the current
            // chapter that names cookies (blophy's "（四）Cookie和类似技术"
            // in its chapter on collection and use), and the cookies right
            // after it, stay in that chapter: the source has no cookie
            // chapter there, and its "（五）其他规则" follows in the same one.
            let under_heading = matches!(b, Block::Cookie(_))
                && cur.is_some_and(|i| chapters.get(i).is_some_and(|c| c.kind != Kind::Cookies))
                && at
                    .checked_sub(1)
                    .and_then(|i| blocks.get(i))
                    .is_some_and(|p| match *p {
                        Block::Cookie(_) => cookie_stayed,
                        Block::Function(f) => f
                            .group
                            .as_ref()
                            .is_some_and(|g| cookie_sub_heading(&g.text)),
                        Block::Section(s) => s
                            .title
                            .as_ref()
                            .is_some_and(|t| cookie_sub_heading(&t.text)),
                        _ => false,
                    });
            cookie_stayed = under_heading;
            let opens = if under_heading {
                None
            } else {
                self.opens(&b, next)
            };
            if matches!(b, Block::Officer) && opens.is_none() && cur.is_none() {
                officer_first = true;
                continue;
            }
            let here = match opens {
                None if matches!(b, Block::Officer) => last.or(cur),
                None => cur,
                Some((kind, fresh)) => {
                    let current = cur.filter(|&i| chapters.get(i).is_some_and(|c| c.kind == kind));
                    let existing = chapters.iter().position(|c| c.kind == kind);
                    match (fresh, current, existing) {
                        (false, Some(i), _) => Some(i),
                        // A section stays where the source has it; a
                        // structured declaration joins its chapter.
                        (false, None, Some(i)) => match b {
                            Block::Section(_) => cur.or(Some(i)),
                            _ => Some(i),
                        },
                        _ => {
                            let title_section = match b {
                                Block::Section(s) => {
                                    let t = s.title.as_ref().map(|t| t.text.as_str()).unwrap_or("");
                                    (chapter_numbered(t) || self.kind_by_title(t) == Some(kind))
                                        .then_some(s)
                                }
                                _ => None,
                            };
                            let mut blocks = std::mem::take(&mut pending);
                            if title_section.is_some() {
                                // The title section opens its chapter.
                                blocks.insert(0, b);
                            } else {
                                blocks.push(b);
                            }
                            chapters.push(Chapter {
                                kind,
                                blocks,
                                title_section,
                            });
                            cur = Some(chapters.len() - 1);
                            last = cur;
                            continue;
                        }
                    }
                }
            };
            last = here;
            match here.and_then(|i| chapters.get_mut(i)) {
                Some(c) => c.blocks.push(b),
                None => pending.push(b),
            }
        }
        if !pending.is_empty() {
            chapters.insert(
                0,
                Chapter {
                    kind: Kind::Other,
                    blocks: pending,
                    title_section: None,
                },
            );
        }
        // Contact: always a chapter; the processor (and an officer written
        // before every chapter) open it.
        let ci = match chapters.iter().position(|c| c.kind == Kind::Contact) {
            Some(i) => i,
            // After the source's chapters, when it declares them all.
            None if declared => {
                chapters.push(Chapter {
                    kind: Kind::Contact,
                    blocks: Vec::new(),
                    title_section: None,
                });
                chapters.len() - 1
            }
            None => {
                // Before a trailing chapter of other sections (severability).
                let at = chapters
                    .iter()
                    .rposition(|c| c.kind != Kind::Other)
                    .map_or(chapters.len(), |i| i + 1);
                chapters.insert(
                    at,
                    Chapter {
                        kind: Kind::Contact,
                        blocks: Vec::new(),
                        title_section: None,
                    },
                );
                at
            }
        };
        // After the chapter's opening when that opening is the source's own
        // heading (`八、如何联系我们` opening the complaints text).
        let opened = chapters.get(ci).is_some_and(|c| {
            c.title_section.is_some()
                || c.blocks.first().is_some_and(|b| {
                    let b = *b;
                    self.describe(b).0.first().is_some_and(|t| {
                        let line = t.text.trim_start().lines().next().unwrap_or("").trim();
                        chapter_numbered(line) && line.chars().count() <= 40
                    })
                })
        });
        if let Some(c) = chapters.get_mut(ci) {
            let at = usize::from(opened);
            if officer_first {
                c.blocks.insert(at.min(c.blocks.len()), Block::Officer);
            }
            if m.processor.is_some() {
                c.blocks.insert(at.min(c.blocks.len()), Block::Processor);
            }
        }
        (intro, opening, chapters)
    }

    /// The number of a section that is a chapter heading of the source
    /// (`五、我们如何保护您的个人信息`).
    fn chapter_heading(s: &Section) -> Option<usize> {
        s.title.as_ref().and_then(|t| chapter_number(&t.text))
    }

    /// Whether the sections that are chapter headings number the source's
    /// chapters from one without a gap (at least two of them).
    fn declared_chapters(blocks: &[Block<'m>]) -> bool {
        let numbers: Vec<usize> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Section(s) => Self::chapter_heading(s),
                _ => None,
            })
            .collect();
        numbers.len() >= 2 && numbers.iter().enumerate().all(|(i, n)| *n == i + 1)
    }

    /// A chapter's title and id.
    pub(super) fn chapter_head(
        &mut self,
        c: &Chapter<'m>,
        i: usize,
        own: Option<String>,
    ) -> (String, String) {
        // The source's heading: the chapter's first line, else its title
        // section; the source's own contents list only names a chapter that
        // has neither (its wording may differ from the heading's: mengshang's
        // "3、…共享、转让、公开披露…" for "三、…共享、转让和公开披露…").
        let lead = self
            .lead_line(c)
            .or_else(|| own.filter(|_| c.title_section.is_none()));
        let (title, id) = match (c.kind, c.title_section) {
            // The summary links to `#contact`.
            (Kind::Contact, Some(s)) => (self.section_title(s), "contact".to_owned()),
            (_, Some(s)) => (self.section_title(s), format!("section-{}", s.id)),
            (Kind::Collect, None) => (self.t("chapter.collect"), "collect".to_owned()),
            (Kind::Share, None) => (self.t("chapter.share"), "share".to_owned()),
            (Kind::Store, None) => (self.t("chapter.store"), "store".to_owned()),
            (Kind::Rights, None) => (self.t("chapter.rights"), "rights".to_owned()),
            (Kind::Minors, None) => (self.t("chapter.minors"), "minors".to_owned()),
            (Kind::Updates, None) => (self.t("chapter.updates"), "updates".to_owned()),
            (Kind::Contact, None) => (self.t("chapter.contact"), "contact".to_owned()),
            (Kind::Cookies, None) => (self.t("chapter.cookies"), "cookies".to_owned()),
            (Kind::Other, None) => (self.t("chapter.other"), format!("chapter-{}", i + 1)),
        };
        let title = lead.unwrap_or(title);
        let title = self.fill(
            "format.chapter",
            &[("n", &self.numeral("numerals", i)), ("title", &title)],
        );
        (title, self.id(&id))
    }

    /// The source's own chapter heading, when the chapter's first text
    /// opens with it (`二、我们如何共享、转让、公开披露您的个人信息`): its
    /// words become the chapter's title, numbered in the page's one style,
    /// and the line leaves the text.
    fn lead_line(&mut self, c: &Chapter<'m>) -> Option<String> {
        let b = *c.blocks.first()?;
        let (texts, ..) = self.describe(b);
        let t = texts.first()?;
        let s = if self.lang == self.source {
            t.text.as_str()
        } else {
            t.get(self.lang.code())?
        };
        let line = s.trim_start().lines().next()?.trim();
        let cjk = line.starts_with(|c: char| "一二三四五六七八九十".contains(c));
        if !cjk || !chapter_numbered(line) || line.chars().count() > 40 {
            return None;
        }
        let title = strip_number(line).to_owned();
        if title == line {
            return None;
        }
        self.lead.insert(text_key(&t.text));
        Some(title)
    }

    /// Before a declaration's texts are shown: a further text that opens
    /// another declaration is passed over here (and counted as shown until
    /// then); the text that opens this one is shown even if passed over
    /// earlier.
    ///
    /// A text that a section (the source's prose at its place) shares with
    /// a structured declaration written before it is shown at the section:
    /// jinshang's "（二）停止运营" is quoted by the retention on ceasing
    /// operations in 三 and is the section of 四 where the source has it.
    fn defer_shared(&mut self, texts: &[Text], section: bool) {
        for (i, t) in texts.iter().enumerate() {
            let key = text_key(&t.text);
            if i == 0 || (section && self.in_sections.contains(&key)) {
                if self.deferred.remove(&key) {
                    self.shown.remove(&key);
                }
            } else if self.opens_elsewhere.contains(&key) && !self.shown.contains(&key) {
                self.shown.insert(key.clone());
                self.deferred.insert(key.clone());
            }
            if !section && self.in_sections.contains(&key) && !self.shown.contains(&key) {
                self.shown.insert(key.clone());
                self.deferred.insert(key);
            }
        }
    }

    /// One chapter: its heading, its own contents (HTML, folded) and its
    /// parts in source order.
    /// Without a heading: the source's opening, before its chapter one.
    pub(super) fn chapter(
        &mut self,
        root: Node<'a>,
        c: &Chapter<'m>,
        head: Option<(String, &str)>,
    ) {
        let headed = head.is_some();
        if headed {
            self.chapter_texts.clear();
        }
        // A group that repeats the chapter's title is not a heading of its own.
        let chapter_key = head.as_ref().map(|(t, _)| text_key(strip_number(t)));
        if let Some((title, id)) = head {
            self.heading(root, 2, &[text(title)], id);
        }
        let body = self.node(NodeValue::Document);
        let mut last_group: Option<String> = None;
        let mut last_section: Option<String> = None;
        let mut groups = std::collections::HashSet::new();
        let mut i = 0;
        while let Some(b) = c.blocks.get(i).copied() {
            i += 1;
            match b {
                Block::Section(s) if c.title_section.is_some_and(|t| std::ptr::eq(t, s)) => {
                    let decl = format!("section `{}`", s.id);
                    self.defer_shared(&s.text, true);
                    self.prose(body, &s.text, &decl);
                }
                Block::Section(s) => {
                    let decl = format!("section `{}`", s.id);
                    let mut title = self
                        .tx_opt(s.title.as_ref(), &decl, "title")
                        .unwrap_or_else(|| s.id.clone());
                    // A translated title keeps the source's clause number
                    // (ucloud's "1.3 您的用户" → "1.3 The customer's own
                    // users"), which the source's references use.
                    if let Some(n) = s.title.as_ref().and_then(|t| clause_number(&t.text)) {
                        if !title.starts_with(|c: char| c.is_ascii_digit()) {
                            title = format!("{n} {title}");
                        }
                    }
                    let key = text_key(strip_number(&title));
                    self.defer_shared(&s.text, true);
                    let sid = self.id(&format!("section-{}", s.id));
                    if last_group.as_deref() == Some(&key) {
                        // A function's group just gave this heading.
                        self.anchor(body, &sid);
                        self.prose(body, &s.text, &decl);
                    } else {
                        self.titled(body, 3, &title, &s.text, &decl, &sid);
                    }
                    last_section = Some(key);
                }
                Block::Function(f) => {
                    if let Some(g) = &f.group {
                        let decl = format!("function `{}`", f.id);
                        let gt = self.tx(g, &decl, "group");
                        let key = text_key(strip_number(&gt));
                        if chapter_key.as_deref() == Some(&key) {
                            // Headed by the chapter.
                            let (.., fl, _) = self.describe(b);
                            let level = if text_key(strip_number(&fl)) == key {
                                0
                            } else {
                                3
                            };
                            self.declaration(body, b, level);
                            continue;
                        }
                        let same = last_group.as_deref() == Some(&key);
                        if !same && groups.contains(&key) {
                            // A group the chapter already headed, left for
                            // another: its function is headed on its own,
                            // not under the other group's heading.
                            self.declaration(body, b, 3);
                            last_group = None;
                            continue;
                        }
                        // A group that repeats the heading of the
                        // declaration just before it (baidumap's right
                        // "5.9.2 个性化广告的展示和控制", then the function
                        // of the same clause) is not headed again.
                        let after_same = i >= 2
                            && c.blocks.get(i - 2).copied().is_some_and(|p| {
                                !matches!(p, Block::Section(_) | Block::Function(_))
                                    && text_key(strip_number(&self.describe(p).3)) == key
                            });
                        if !same && !after_same && last_section.as_deref() != Some(&key) {
                            let gid = self.id(&format!("group-{}", f.id));
                            let h = self.as_written(gt);
                            self.heading(body, 3, &[h], &gid);
                        }
                        groups.insert(key.clone());
                        last_group = Some(key);
                    }
                    let level = if last_group.is_some() { 4 } else { 3 };
                    // A function named as its group is headed by it.
                    let (.., title, _) = self.describe(b);
                    let named_as_group =
                        last_group.as_deref() == Some(&text_key(strip_number(&title)));
                    self.declaration(body, b, if named_as_group { 0 } else { level });
                }
                Block::Data(d) => {
                    // Consecutive categories that give the same necessity
                    // and impact share one line.
                    let mut run = vec![d];
                    while let Some(Block::Data(n)) = c.blocks.get(i).copied() {
                        if n.text.is_empty()
                            && d.text.is_empty()
                            && n.necessity.as_ref().map(|t| &t.text)
                                == d.necessity.as_ref().map(|t| &t.text)
                            && n.impact.as_ref().map(|t| &t.text)
                                == d.impact.as_ref().map(|t| &t.text)
                        {
                            run.push(n);
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    self.data_block(body, &run);
                }
                _ => {
                    // A declaration headed by the source's sub-heading
                    // (`（五）其他规则`, douban's `（六）授权同意的例外情形`) is a
                    // sibling of the chapter's other sub-headings.
                    let (.., title, _) = self.describe(b);
                    // So is a summary layer of the policy (douban's 概要).
                    let summary = matches!(b, Block::Document(d) if summary_layer(d));
                    let level = if summary || sub_number(&title).is_some() {
                        3
                    } else {
                        4
                    };
                    self.declaration(body, b, level);
                    if level == 3 {
                        last_group = None;
                    }
                }
            }
        }
        if body.children().next().is_none() {
            if headed {
                self.para(root, &[text(self.t("common.not-stated"))]);
            }
            return;
        }
        if headed {
            self.sub_contents(root, body);
        } else {
            // The opening (what the source has before its chapter 一) is no
            // chapter: its own sections (douban's 概要 and definitions) stand
            // beside the chapters, one level up, not under the contents.
            for n in body.descendants() {
                if let NodeValue::Heading(h) = &mut n.data_mut().value {
                    h.level = h.level.saturating_sub(1).max(2);
                }
            }
        }
        let children: Vec<Node<'a>> = body.children().collect();
        for n in children {
            n.detach();
            root.append(n);
        }
    }

    /// The chapter's own contents: its third-level headings, folded (HTML).
    fn sub_contents(&mut self, root: Node<'a>, body: Node<'a>) {
        if self.target != Target::Html {
            return;
        }
        let h3 = body
            .descendants()
            .filter(|n| matches!(n.data().value, NodeValue::Heading(h) if h.level == 3))
            .count();
        // Its sections, else (a chapter of rights, say) its declarations.
        let deepest = if h3 >= 2 { 3 } else { 4 };
        let heads: Vec<(String, String)> = body
            .descendants()
            .filter(|n| matches!(n.data().value, NodeValue::Heading(h) if h.level >= 3 && h.level <= deepest))
            .filter_map(|n| {
                let id = self.heading_ids.get(&node_key(n))?.clone();
                Some((super::tree::plain_text(n), id))
            })
            .collect();
        if heads.len() < 2 {
            return;
        }
        let summary = self.count("subtoc.summary", heads.len());
        self.append(
            root,
            NodeValue::Raw(format!(
                "<details class=\"subtoc\"><summary>{}</summary>\n",
                super::super::html::escape(&summary)
            )),
        );
        let items = heads
            .into_iter()
            .map(|(l, id)| Li::new(vec![self.local_link(&id, l)]))
            .collect();
        self.list(root, items);
        self.append(root, NodeValue::Raw("</details>\n".to_owned()));
    }

    /// A heading and the texts under it. When the first text opens with a
    /// short line that is the heading itself (`3.申请消费贷款额度`), that
    /// line is the heading, as the source numbers it.
    fn titled(
        &mut self,
        root: Node<'a>,
        level: u8,
        title: &str,
        texts: &'m [Text],
        decl: &str,
        id: &str,
    ) {
        let fresh: Vec<&'m Text> = texts
            .iter()
            .filter(|t| !self.shown.contains(&text_key(&t.text)))
            .collect();
        if let Some(first) = fresh.first().copied() {
            let s = self.display_text(first, decl);
            let trimmed = s.trim_start_matches('\n');
            let (line, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
            let line = line.trim();
            let core = text_key(strip_number(title));
            let heading_line = !rest.trim().is_empty()
                && line.chars().count() <= 40
                && !line.contains(['。', '；', '：', ':'])
                && !core.is_empty()
                && (text_key(line).contains(&core) || core.contains(&text_key(strip_number(line))));
            if heading_line {
                self.shown.insert(text_key(&first.text));
                let h = self.as_written(line.to_owned());
                self.heading(root, level, &[h], id);
                let foreign =
                    first.get(self.lang.code()).is_none() && self.needs_translation(&first.text);
                self.paras(root, rest, foreign);
                for t in fresh.iter().skip(1) {
                    self.text_once(root, t, decl);
                }
                return;
            }
        }
        let h = self.as_written(title.to_owned());
        self.heading(root, level, &[h], id);
        self.prose(root, texts, decl);
    }

    /// A declaration at its place: its texts (with a heading for the kinds
    /// that are headed, unless `level` is 0), or, when it has none, its
    /// fields folded.
    fn declaration(&mut self, root: Node<'a>, b: Block<'m>, level: u8) {
        let (texts, decl, anchor, title, headed) = self.describe(b);
        self.defer_shared(texts, false);
        let fresh = texts
            .iter()
            .any(|t| !self.shown.contains(&text_key(&t.text)));
        let id = self.id(&anchor);
        if texts.is_empty() {
            self.folded_facts(root, b, &id, &title);
            return;
        }
        if !fresh {
            self.anchor(root, &id);
            // The processor's text was the page's opening: its name,
            // addresses and contacts are here.
            if let Block::Processor = b {
                self.contact_block(root, &b);
            }
            return;
        }
        // Level 0: headed by what precedes it.
        if headed && level > 0 {
            self.titled(root, level, &title, texts, &decl, &id);
        } else {
            self.anchor(root, &id);
            self.prose(root, texts, &decl);
        }
        if let Block::Processor = b {
            self.contact_block(root, &b);
        }
        if let Block::Exceptions(ex) = b {
            self.exception_items(root, ex, &decl);
        }
        // An SDK list has no table in the annex: when the SDKs start, after its text.
        if let Block::SdkList(l) = b {
            if let Some(v) = self.starts_text(l.starts.as_ref(), &decl) {
                let li = self.field("f.starts", vec![text(v)]);
                self.list(root, vec![li]);
            }
        }
    }

    /// The grounds of an exceptions list, as written, after its text: the
    /// text gives the list's opening, the grounds are the list (a ground
    /// the list's text already contains is not repeated; two lists of the
    /// source may share a ground).
    fn exception_items(&mut self, root: Node<'a>, ex: &'m Exceptions, decl: &str) {
        let texts: Vec<String> = ex.text.iter().map(|t| text_key(&t.text)).collect();
        let mut items = Vec::new();
        for e in &ex.items {
            let key = text_key(&e.text.text);
            if texts.iter().any(|t| t.contains(&key)) {
                continue;
            }
            let s = self.tx(&e.text, decl, "exception");
            let line = vec![self.as_written(s)];
            items.push(self.exception_li(line, e, decl));
        }
        if !items.is_empty() {
            self.list(root, items);
        }
    }

    /// An empty element with an id (HTML), for links to a declaration shown
    /// by its text.
    pub(super) fn anchor(&mut self, root: Node<'a>, id: &str) {
        if self.target == Target::Html {
            self.append(root, NodeValue::Raw(format!("<div id=\"{id}\"></div>\n")));
        }
    }

    /// The fields of a declaration that has no text: in a closed
    /// `<details>` named by the declaration (HTML), or as they are
    /// (Markdown). The processor's fields are always open.
    fn folded_facts(&mut self, root: Node<'a>, b: Block<'m>, id: &str, title: &str) {
        let open = matches!(
            b,
            Block::Processor | Block::Officer | Block::Complaints | Block::Dispute
        );
        let html = self.target == Target::Html;
        if html {
            let summary = self.written_html(title);
            self.append(
                root,
                NodeValue::Raw(format!(
                    "<details class=\"facts\" id=\"{id}\"{}><summary>{summary}</summary>\n",
                    if open { " open" } else { "" }
                )),
            );
        } else {
            self.para(root, &[Inl::Strong(vec![text(title)])]);
        }
        self.quiet = true;
        self.facts(root, b);
        self.quiet = false;
        if html {
            self.append(root, NodeValue::Raw("</details>\n".to_owned()));
        }
    }

    /// What the flow needs to know of a declaration: its texts, its name in
    /// notes, its anchor, its title, and whether it takes a heading.
    fn describe(&mut self, b: Block<'m>) -> (&'m [Text], String, String, String, bool) {
        let m = self.m;
        match b {
            Block::Function(f) => {
                let title = self.function_title(f);
                (
                    &f.text,
                    format!("function `{}`", f.id),
                    format!("function-{}", f.id),
                    title,
                    true,
                )
            }
            Block::Permission(p) => {
                let title = self.permission_title(p);
                (
                    &p.text,
                    format!("permission `{}`", p.id),
                    format!("permission-{}", p.id),
                    title,
                    false,
                )
            }
            Block::Recipient(r) => {
                let title = self.recipient_name(r);
                (
                    &r.text,
                    format!("recipient `{}`", r.id),
                    format!("recipient-{}", r.id),
                    title,
                    false,
                )
            }
            Block::Sdk(s) => {
                let title = self.sdk_title(s);
                (
                    &s.text,
                    format!("sdk `{}`", s.id),
                    format!("sdk-{}", s.id),
                    title,
                    false,
                )
            }
            Block::SdkList(l) => {
                let (decl, anchor) = match &l.id {
                    Some(i) => (format!("sdk-list `{i}`"), format!("sdk-list-{i}")),
                    None => ("sdk-list".to_owned(), "sdk-list".to_owned()),
                };
                let title = self
                    .tx_opt(l.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| self.t("sub.sdks"));
                (&l.text, decl, anchor, title, false)
            }
            Block::Decision(d) => {
                let title = self.decision_title(d);
                (
                    &d.text,
                    format!("automated-decision `{}`", d.id),
                    format!("decision-{}", d.id),
                    title,
                    true,
                )
            }
            Block::Marketing(mk) => (
                &mk.text,
                "marketing".to_owned(),
                "marketing".to_owned(),
                self.t("sub.marketing"),
                false,
            ),
            Block::Exceptions(ex) => {
                let (decl, anchor) = match &ex.id {
                    Some(i) => (format!("exceptions `{i}`"), format!("exceptions-{i}")),
                    None => ("exceptions".to_owned(), "exceptions".to_owned()),
                };
                let title = self
                    .tx_opt(ex.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| self.t("sub.exceptions"));
                (&ex.text, decl, anchor, title, true)
            }
            Block::Recommendation(r) => {
                let decl = format!("recommendation `{}`", r.id);
                let title = self
                    .tx_opt(r.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| self.t("sub.recommendation"));
                (
                    &r.text,
                    decl,
                    format!("recommendation-{}", r.id),
                    title,
                    true,
                )
            }
            Block::Cookie(c) => {
                let decl = format!("cookie `{}`", c.id);
                let title = self
                    .tx_opt(c.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| c.id.clone());
                (&c.text, decl, format!("cookie-{}", c.id), title, false)
            }
            Block::Disclosure(d) => {
                let decl = format!("disclosure `{}`", d.id);
                let title = self
                    .tx_opt(d.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| self.t("sub.disclosure"));
                (&d.text, decl, format!("disclosure-{}", d.id), title, false)
            }
            Block::Handover(h) => {
                let decl = format!("handover `{}`", h.id);
                let title = self
                    .tx_opt(h.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| self.t("sub.handover"));
                (&h.text, decl, format!("handover-{}", h.id), title, false)
            }
            Block::Shutdown => {
                let t: &'m [Text] = m.shutdown.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "shutdown".to_owned(),
                    "shutdown".to_owned(),
                    self.t("sub.shutdown"),
                    false,
                )
            }
            Block::Merger => {
                let t: &'m [Text] = m.merger.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "merger".to_owned(),
                    "merger".to_owned(),
                    self.t("sub.merger"),
                    false,
                )
            }
            Block::Retention(r) => {
                let decl = format!("retention `{}`", r.id);
                let title = self
                    .tx_opt(r.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| self.t("sub.retention"));
                (&r.text, decl, format!("retention-{}", r.id), title, false)
            }
            Block::Storage => {
                let t: &'m [Text] = m.storage.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "storage".to_owned(),
                    "storage".to_owned(),
                    self.t("sub.storage"),
                    false,
                )
            }
            Block::Transfer(tr) => {
                let decl = format!("transfer `{}`", tr.id);
                let title = match (&tr.title, &tr.name) {
                    (Some(t), _) => self.tx(t, &decl, "title"),
                    (None, Some(n)) => self.tx(n, &decl, "name"),
                    (None, None) => self.t("sub.transfers"),
                };
                (&tr.text, decl, format!("transfer-{}", tr.id), title, true)
            }
            Block::Security => {
                let t: &'m [Text] = m.security.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "security".to_owned(),
                    "security".to_owned(),
                    self.t("sub.security"),
                    false,
                )
            }
            Block::Right(r) => {
                let decl = format!("right `{}`", r.id);
                let title = match &r.title {
                    Some(t) => self.tx(t, &decl, "title"),
                    None => self.labels("right", &r.covers),
                };
                (&r.text, decl, format!("right-{}", r.id), title, true)
            }
            Block::Minors => {
                let t: &'m [Text] = m.minors.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "minors".to_owned(),
                    "minors-policy".to_owned(),
                    self.t("chapter.minors"),
                    false,
                )
            }
            Block::Updates => {
                let t: &'m [Text] = m.updates.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "updates".to_owned(),
                    "updates-policy".to_owned(),
                    self.t("chapter.updates"),
                    false,
                )
            }
            Block::Processor => {
                let t: &'m [Text] = m.processor.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "processor".to_owned(),
                    "processor".to_owned(),
                    self.t("keyfacts.who"),
                    false,
                )
            }
            Block::Officer => {
                let t: &'m [Text] = m.officer.as_ref().map_or(&[], |x| &x.text);
                let title = match &m.officer {
                    Some(o) => self.officer_title(o),
                    None => self.t("sub.officer"),
                };
                (t, "officer".to_owned(), "officer".to_owned(), title, true)
            }
            Block::Complaints => {
                let t: &'m [Text] = m.complaints.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "complaints".to_owned(),
                    "complaints".to_owned(),
                    self.t("sub.complaints"),
                    false,
                )
            }
            Block::Dispute => {
                let t: &'m [Text] = m.dispute.as_ref().map_or(&[], |x| &x.text);
                (
                    t,
                    "dispute".to_owned(),
                    "dispute".to_owned(),
                    self.t("sub.dispute"),
                    false,
                )
            }
            Block::Data(d) => {
                let (name, _) = self.data_name(&d.id);
                (
                    &d.text,
                    format!("data `{}`", d.id),
                    format!("data-{}", d.id),
                    name,
                    false,
                )
            }
            Block::Document(d) => {
                let decl = format!("document `{}`", d.id);
                let title = self
                    .tx_opt(d.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| d.id.clone());
                // A summary layer of the policy itself (douban's 概要) is a
                // part of the text with its own heading, as a section is; a
                // document kept elsewhere is a line where it is named.
                let headed = summary_layer(d);
                (&d.text, decl, format!("document-{}", d.id), title, headed)
            }
            Block::Processing(p) => {
                let decl = format!("processing `{}`", p.id);
                let title = self
                    .tx_opt(p.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| self.t("sub.processing"));
                (&p.text, decl, format!("processing-{}", p.id), title, true)
            }
            Block::Defaults(d) => {
                let word = d.target.value.word();
                let decl = format!("defaults `{word}`");
                let title = match &d.title {
                    Some(t) => self.tx(t, &decl, "title"),
                    None => self.t(&format!("defaults.{word}")),
                };
                (&d.text, decl, format!("defaults-{word}"), title, true)
            }
            Block::Section(s) => {
                let decl = format!("section `{}`", s.id);
                let title = self
                    .tx_opt(s.title.as_ref(), &decl, "title")
                    .unwrap_or_else(|| s.id.clone());
                (&s.text, decl, format!("section-{}", s.id), title, true)
            }
        }
    }

    /// The structured fields of one declaration.
    fn facts(&mut self, root: Node<'a>, b: Block<'m>) {
        match b {
            Block::Function(f) => self.function(root, f, 4),
            Block::Permission(p) => self.permission_facts(root, p),
            Block::Recipient(r) => {
                let row = self.recipient_row(r, false);
                let keys = [
                    "col.recipient",
                    "col.role",
                    "col.purpose",
                    "col.data",
                    "col.method",
                    "col.contact",
                    "col.privacy",
                ];
                self.row_facts(root, &keys, row);
            }
            Block::Sdk(s) => {
                let row = self.sdk_row(s, false);
                let keys = [
                    "col.sdk",
                    "col.provider",
                    "col.purpose",
                    "col.data",
                    "col.permissions",
                    "col.collection",
                    "col.privacy",
                ];
                self.row_facts(root, &keys, row);
            }
            Block::SdkList(l) => self.sdk_list_line(root, l),
            Block::Decision(d) => self.decision(root, d),
            Block::Marketing(mk) => self.marketing_block(root, mk),
            Block::Exceptions(ex) => self.exceptions_block(root, ex),
            Block::Recommendation(r) => self.recommendation_block(root, r),
            Block::Document(d) => self.document_line(root, d),
            Block::Processing(p) => self.processing_block(root, p),
            Block::Defaults(d) => self.defaults_block(root, d),
            Block::Cookie(c) => self.cookie_facts(root, c),
            Block::Retention(r) => self.retention_facts(root, r),
            Block::Transfer(tr) => self.transfer(root, tr),
            Block::Right(_) => self.right_block(root, &b),
            Block::Minors => self.minors_block(root),
            Block::Updates => self.updates_block(root),
            Block::Disclosure(_) | Block::Merger | Block::Handover(_) => self.share_block(root, &b),
            Block::Shutdown => self.shutdown_block(root),
            Block::Storage | Block::Security => self.store_block(root, &b),
            Block::Processor | Block::Officer | Block::Complaints | Block::Dispute => {
                self.contact_block(root, &b)
            }
            Block::Data(d) => self.data_block(root, &[d]),
            Block::Section(_) => {}
        }
    }

    /// A table row's cells as `label: value` lines (the first cell is the
    /// name, already in the summary).
    fn row_facts(&mut self, root: Node<'a>, keys: &[&str], row: Vec<Vec<Inl>>) {
        let items: Vec<Li> = keys
            .iter()
            .zip(row)
            .skip(1)
            .filter(|(_, cell)| super::tree::has_content(cell))
            .map(|(k, cell)| self.field(k, cell))
            .collect();
        self.list(root, items);
    }

    /// Data categories that carry their own text, necessity or impact:
    /// the texts, then one line naming them with what they give.
    fn data_block(&mut self, root: Node<'a>, run: &[&'m DataCategory]) {
        let Some(first) = run.first().copied() else {
            return;
        };
        for d in run {
            let decl = format!("data `{}`", d.id);
            let id = self.id(&format!("data-{}", d.id));
            self.anchor(root, &id);
            self.prose(root, &d.text, &decl);
        }
        let decl = format!("data `{}`", first.id);
        let mut items = Vec::new();
        let names: Vec<Vec<Inl>> = run.iter().map(|d| self.data_inl(&d.id)).collect();
        let sep = self.sep();
        let names = self.join(names, &sep);
        if let Some(n) = &first.necessity {
            let v = self.tx(n, &decl, "necessity");
            let mut line = names.clone();
            line.push(text(self.t("punct.colon")));
            line.push(Inl::Strong(vec![text(self.t("data.necessity"))]));
            line.push(text(self.t("punct.colon")));
            line.push(text(v));
            items.push(Li::new(line));
        }
        if !first.includes.is_empty() {
            let v = self.data_set_etc(&DataSet::List(first.includes.clone()), first.includes_etc);
            let mut line = names.clone();
            line.push(text(self.t("punct.colon")));
            line.push(Inl::Strong(vec![text(self.t("data.includes"))]));
            line.push(text(self.t("punct.colon")));
            line.extend(v);
            items.push(Li::new(line));
        }
        // The policy's wording of the status, unless it is only the item's
        // own name again (douban's "登录设备").
        let status = first.status.as_ref().map(|st| {
            let mut st = st.clone();
            if st.text.as_ref().map(|t| text_key(&t.text))
                == first.label.as_ref().map(|l| text_key(&l.text))
            {
                st.text = None;
            }
            st
        });
        if let Some(s) = self.status_li(status.as_ref(), &decl) {
            let mut line = names.clone();
            line.push(text(self.t("punct.colon")));
            line.extend(s.line);
            items.push(Li::new(line));
        }
        if let Some(n) = &first.impact {
            let v = self.tx(n, &decl, "impact");
            let mut line = names;
            line.push(text(self.t("punct.colon")));
            line.push(Inl::Strong(vec![text(self.t("data.impact"))]));
            line.push(text(self.t("punct.colon")));
            line.push(text(v));
            items.push(Li::new(line));
        }
        self.list(root, items);
    }

    /// Paragraphs of a string, split at blank lines.
    pub(super) fn prose_str(&mut self, root: Node<'a>, s: &str) {
        let s = s.replace("\r\n", "\n");
        for p in s.split("\n\n") {
            // Indentation at the start of a paragraph means nothing on a
            // page (and would make Markdown a code block).
            let p = p
                .trim_matches('\n')
                .trim_start_matches([' ', '\t', '\u{3000}']);
            if !p.trim().is_empty() {
                if self.in_prominent {
                    self.para(root, &[Inl::Strong(vec![text(p)])]);
                } else {
                    self.para(root, &[text(p)]);
                }
            }
        }
    }
}

/// Whether a heading is a numbered sub-heading (`（四）…`) about cookies.
fn cookie_sub_heading(title: &str) -> bool {
    sub_number(title).is_some() && title.to_lowercase().contains("cookie")
}

/// The source's clause number a title starts with, in digits (`1.3`,
/// `1.22.`, `3.1`), when a space or the title's words follow it.
fn clause_number(title: &str) -> Option<&str> {
    let t = title.trim_start();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let n = &t[..end];
    let rest = &t[end..];
    (n.starts_with(|c: char| c.is_ascii_digit())
        && n.contains('.')
        && (rest.starts_with(' ') || rest.starts_with(|c: char| !c.is_ascii())))
    .then_some(n)
}

/// Whether a `document` is a summary layer of the policy itself
/// (`relation summary`, douban's 概要): part of the text, headed like a
/// section, not a document kept elsewhere.
fn summary_layer(d: &Document) -> bool {
    d.is(crate::model::words::DocumentRelation::Summary)
}
