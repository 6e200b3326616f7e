//! The notice to users: what changed, in plain words, zh or en.
//!
//! It lists only the changed parts (PIPL Art. 17 ¶2), grouped by what they
//! mean for the user (the groups of `data/change_classes.yaml`), each as a
//! sentence of its class filled with names from the model. When a change
//! needs consent the item is marked and the notice says that consent will be
//! asked for (separately where required) and that continuing to use the
//! service is not consent. Editorial changes are not listed. Markdown is the
//! primary form; HTML wraps it in the standalone page of the renderer.

use super::change::{Change, ChangeSet, DataName, Period, Value};
use super::classes::{catalog, Catalog, Consequence};
use crate::model::{Duration, Model, Taxonomy, Text, Unit};
use crate::render::Lang;

/// What the notice is built from.
#[derive(Clone, Copy)]
pub struct NoticeContext<'a> {
    pub changes: &'a ChangeSet,
    pub old: &'a Model,
    pub new: &'a Model,
    pub taxonomy: &'a Taxonomy,
    pub lang: Lang,
}

/// The notice's title, in its language.
pub fn title(ctx: &NoticeContext<'_>) -> Result<String, String> {
    let cat = catalog()?;
    Ok(match policy_title(ctx) {
        Some(t) => fill(
            cat,
            &cat.phrase("heading", ctx.lang),
            &[("title", t)],
            ctx.lang,
        ),
        None => cat.phrase("heading-untitled", ctx.lang),
    })
}

fn policy_title(ctx: &NoticeContext<'_>) -> Option<String> {
    ctx.new
        .header
        .title
        .as_ref()
        .or(ctx.old.header.title.as_ref())
        .map(|t| localise(t, ctx.lang))
}

/// Links to the full policies, shown under the introduction
/// (`policyc diff --new-url/--old-url`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Links<'a> {
    pub new: Option<&'a str>,
    pub old: Option<&'a str>,
}

/// The parts of the notice, most consequential first: what needs the user's
/// separate consent and consent (together the first box, the decision),
/// what the user should know, and what is in the user's favour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Bucket {
    Separate,
    Consent,
    Know,
    Better,
}

impl Bucket {
    fn of(c: &Change) -> Option<Bucket> {
        let listed = c.code.class().is_some_and(|k| k.group != "none");
        if super::compare::improves(c) {
            return listed.then_some(Bucket::Better);
        }
        if !listed {
            // A rewording the law gives weight to (a meaning-bearing term
            // appears) is listed as such.
            return (c.consequence() > Consequence::Editorial).then_some(Bucket::Know);
        }
        Some(match c.consequence() {
            Consequence::SeparateConsent => Bucket::Separate,
            Consequence::Consent => Bucket::Consent,
            Consequence::Notice | Consequence::Editorial => Bucket::Know,
        })
    }

    fn heading(self) -> &'static str {
        match self {
            Bucket::Separate | Bucket::Consent => "decide-heading",
            Bucket::Know => "bucket-know",
            Bucket::Better => "bucket-better",
        }
    }
}

/// One line of the notice.
struct Item<'c> {
    bucket: Bucket,
    /// The notice group of the class (what the item is about), for the order.
    group: usize,
    change: Change,
    first: &'c Change,
}

/// The notice as CommonMark.
pub fn markdown(ctx: &NoticeContext<'_>) -> Result<String, String> {
    markdown_with(ctx, Links::default())
}

/// The notice as CommonMark, with links to the full policies.
pub fn markdown_with(ctx: &NoticeContext<'_>, links: Links<'_>) -> Result<String, String> {
    let cat = catalog()?;
    let lang = ctx.lang;
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", escape(&title(ctx)?)));

    // Intro: which policy, which versions, from when.
    let version = |m: &Model| {
        m.header
            .version
            .as_ref()
            .map(|t| localise(t, lang))
            .unwrap_or_default()
    };
    let effective = ctx
        .new
        .header
        .effective
        .as_ref()
        .map(|d| match lang {
            Lang::Zh => match d.value.day() {
                Some(day) => format!("{}年{}月{}日", d.value.year, d.value.month, day),
                None => format!("{}年{}月", d.value.year, d.value.month),
            },
            Lang::En => d.value.to_string(),
        })
        .unwrap_or_default();
    let (ov, nv) = (version(ctx.old), version(ctx.new));
    let versions = if ov.is_empty() || nv.is_empty() || ov == nv {
        (String::new(), String::new())
    } else {
        (ov, nv)
    };
    let policy = policy_title(ctx).unwrap_or_else(|| cat.phrase("untitled", lang));
    let intro = fill(
        cat,
        &cat.phrase("intro", lang),
        &[
            ("title", escape(&policy)),
            ("old_version", escape(&versions.0)),
            ("new_version", escape(&versions.1)),
            ("effective", escape(&effective)),
        ],
        lang,
    );

    let items = items(ctx);
    if items.is_empty() {
        let key = if ctx.changes.is_empty() {
            "no-change"
        } else {
            "editorial-only"
        };
        out.push_str(&format!("{}\n", cat.phrase(key, lang)));
        if let Some(l) = links_line(cat, links, lang) {
            out.push_str(&format!("\n{l}\n"));
        }
        return Ok(out);
    }
    out.push_str(&intro);
    if let Some(l) = links_line(cat, links, lang) {
        // English sentences are spaced; Chinese ones are not.
        if lang == Lang::En {
            out.push(' ');
        }
        out.push_str(&l);
    }
    out.push_str("\n\n");

    // The decision first, in one box: what needs separate consent and
    // consent, each item marked, with what declining means.
    let decide: Vec<&Item<'_>> = items
        .iter()
        .filter(|i| i.bucket <= Bucket::Consent)
        .collect();
    if !decide.is_empty() {
        out.push_str(&format!("> ## {}\n>\n", cat.phrase("decide-heading", lang)));
        // Each item carries its mark; separate consent comes first.
        for bucket in [Bucket::Separate, Bucket::Consent] {
            for l in lines(cat, ctx, &items, bucket) {
                out.push_str(&format!("> {l}\n"));
            }
        }
        out.push_str(">\n");
        let separate = decide.iter().any(|i| i.bucket == Bucket::Separate);
        let body = cat.phrase("consent-body", lang);
        let body = if separate {
            fill(cat, &body, &[("any", "x".into())], lang)
        } else {
            drop_segments(&body)
        };
        out.push_str(&format!("> {body}\n\n"));
    }
    for bucket in [Bucket::Know, Bucket::Better] {
        let lines = lines(cat, ctx, &items, bucket);
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("## {}\n\n", cat.phrase(bucket.heading(), lang)));
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
        out.push('\n');
    }
    if decide.is_empty() {
        out.push_str(&format!("{}\n\n", cat.phrase("notice-only", lang)));
    }

    out.push_str(&format!("## {}\n\n", cat.phrase("contact-heading", lang)));
    let contacts = ctx
        .new
        .processor
        .as_ref()
        .map(|p| Value::channels(&p.contacts));
    match contacts.filter(|v| !v.is_empty()) {
        Some(v) => {
            let text = render_value(cat, ctx, &v);
            out.push_str(&fill(
                cat,
                &cat.phrase("contact-body", lang),
                &[("contacts", escape(&text))],
                lang,
            ));
        }
        None => out.push_str(&cat.phrase("contact-body-plain", lang)),
    }
    out.push('\n');
    Ok(out)
}

/// "Read the full updated policy and the previous one." with links, when
/// given. A URL that is not http(s) or holds spaces or brackets is left out
/// (the CLI refuses it before).
fn links_line(cat: &Catalog, links: Links<'_>, lang: Lang) -> Option<String> {
    let link = |url: Option<&str>, key: &str| {
        url.filter(|u| safe_link(u))
            .map(|u| format!("[{}](<{u}>)", escape(&cat.phrase(key, lang))))
            .unwrap_or_default()
    };
    let (new, old) = (link(links.new, "link-new"), link(links.old, "link-old"));
    if new.is_empty() && old.is_empty() {
        return None;
    }
    Some(fill(
        cat,
        &cat.phrase("links", lang),
        &[("new", new), ("old", old)],
        lang,
    ))
}

/// Whether a URL can be linked: http or https, no whitespace, no `<`, `>`
/// or backslash (which would end or escape the link destination).
pub fn safe_link(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 2048
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'))
}

/// The changes the notice lists, each in its bucket, merged where one line
/// says it better: the sensitive items one function newly collects are one
/// line, and so are its other new items; the data of a new function is
/// listed with the function, not again.
fn items<'c>(ctx: &NoticeContext<'c>) -> Vec<Item<'c>> {
    let Ok(cat) = catalog() else {
        return Vec::new();
    };
    let group_of = |c: &Change| {
        c.code
            .class()
            .and_then(|k| cat.groups.iter().position(|g| g.key == k.group))
            .unwrap_or(usize::MAX)
    };
    let added_functions: Vec<&super::Subject> = ctx
        .changes
        .changes
        .iter()
        .filter(|c| c.variant == "function-added")
        .map(|c| &c.subject)
        .collect();
    let mut out: Vec<Item<'c>> = Vec::new();
    for c in &ctx.changes.changes {
        let Some(bucket) = Bucket::of(c) else {
            continue;
        };
        if c.code == super::Code::M005
            && c.variant == "function-data"
            && added_functions.contains(&&c.subject)
        {
            continue;
        }
        if c.variant == "function-data" {
            if let Some(prev) = out.iter_mut().find(|i| {
                i.bucket == bucket
                    && i.change.code == c.code
                    && i.change.variant == c.variant
                    && i.change.subject == c.subject
            }) {
                merge_data(&mut prev.change, c);
                continue;
            }
        }
        out.push(Item {
            bucket,
            group: group_of(c),
            change: c.clone(),
            first: c,
        });
    }
    // A new function's sensitive items have their own line in the box.
    let sensitive: Vec<(super::Subject, Vec<String>)> = out
        .iter()
        .filter(|i| i.change.code == super::Code::M006 && i.change.variant == "function-data")
        .map(|i| (i.change.subject.clone(), data_ids(&i.change)))
        .collect();
    for i in out
        .iter_mut()
        .filter(|i| i.change.variant == "function-added")
    {
        if let Some((_, ids)) = sensitive.iter().find(|(s, _)| *s == i.change.subject) {
            if let Some((_, Value::Data(v))) =
                i.change.params.iter_mut().find(|(k, _)| *k == "data")
            {
                v.retain(|d| !ids.contains(&d.id));
            }
        }
    }
    // Outside the box, lines that differ in one name only are one line
    // ("we removed the SDKs A, B and C").
    let mut merged: Vec<Item<'c>> = Vec::new();
    for i in out {
        if i.bucket > Bucket::Consent {
            if let Some(prev) = merged.iter_mut().find(|p| {
                p.bucket == i.bucket
                    && p.change.code == i.change.code
                    && p.change.variant == i.change.variant
                    && one_key_differs(&p.change, &i.change).is_some()
            }) {
                if let Some(key) = one_key_differs(&prev.change, &i.change) {
                    merge_key(&mut prev.change, &i.change, key);
                    continue;
                }
            }
        }
        merged.push(i);
    }
    // Most consequential first; within a bucket by what it is about, then
    // in the report's order.
    merged.sort_by_key(|i| (i.bucket, i.group));
    merged
}

fn data_ids(c: &Change) -> Vec<String> {
    match c.param("data") {
        Some(Value::Data(v)) => v.iter().map(|d| d.id.clone()).collect(),
        _ => Vec::new(),
    }
}

/// The one parameter two changes of one sentence differ in, if it is a
/// name (a text), and they agree on all others.
fn one_key_differs(a: &Change, b: &Change) -> Option<&'static str> {
    if a.params.len() != b.params.len() || !a.variant.is_empty() && a.variant != b.variant {
        return None;
    }
    let mut differs = None;
    for ((ka, va), (kb, vb)) in a.params.iter().zip(&b.params) {
        if ka != kb {
            return None;
        }
        if va != vb {
            if differs.is_some() || !matches!(vb, Value::Text(_) | Value::Plain(_)) {
                return None;
            }
            if !matches!(va, Value::Text(_) | Value::Plain(_) | Value::Names(_)) {
                return None;
            }
            differs = Some(*ka);
        }
    }
    differs
}

/// Put the name of `b` beside that of `a` under `key`.
fn merge_key(a: &mut Change, b: &Change, key: &'static str) {
    let Some(extra) = b.param(key).cloned() else {
        return;
    };
    let extra = match extra {
        Value::Text(t) => t,
        Value::Plain(p) => crate::model::Text {
            text: p,
            translations: Default::default(),
            prominent: false,
            span: Default::default(),
        },
        _ => return,
    };
    if let Some((_, v)) = a.params.iter_mut().find(|(k, _)| *k == key) {
        let mut list = match std::mem::replace(v, Value::Names(Vec::new())) {
            Value::Text(t) => vec![t],
            Value::Plain(p) => vec![crate::model::Text {
                text: p,
                translations: Default::default(),
                prominent: false,
                span: Default::default(),
            }],
            Value::Names(ts) => ts,
            _ => Vec::new(),
        };
        list.push(extra);
        *v = Value::Names(list);
    }
}

/// Add the data, necessity and impact of `more` to a merged change.
fn merge_data(into: &mut Change, more: &Change) {
    for key in ["data", "necessity", "impact"] {
        let Some(extra) = more.param(key).cloned() else {
            continue;
        };
        match into.params.iter_mut().find(|(k, _)| *k == key) {
            Some((_, Value::Data(v))) => {
                if let Value::Data(e) = extra {
                    v.extend(e);
                }
            }
            Some((_, existing)) => {
                let mut texts = match std::mem::replace(existing, Value::Texts(Vec::new())) {
                    Value::Text(t) => vec![t],
                    Value::Texts(v) => v,
                    _ => Vec::new(),
                };
                match extra {
                    Value::Text(t) if !texts.iter().any(|x| x.text == t.text) => texts.push(t),
                    Value::Texts(v) => texts.extend(v),
                    _ => {}
                }
                *existing = Value::Texts(texts);
            }
            None => into.params.push((key, extra)),
        }
    }
}

/// The lines of one bucket: a sentence per item, marked in the decision box,
/// with what declining means; duplicates once.
fn lines(
    cat: &Catalog,
    ctx: &NoticeContext<'_>,
    items: &[Item<'_>],
    bucket: Bucket,
) -> Vec<String> {
    let lang = ctx.lang;
    let mut out: Vec<String> = Vec::new();
    for i in items.iter().filter(|i| i.bucket == bucket) {
        let mut line = String::from("- ");
        match bucket {
            Bucket::Separate => {
                line.push_str(&format!("**{}** ", cat.phrase("tag-separate", lang)))
            }
            Bucket::Consent => line.push_str(&format!("**{}** ", cat.phrase("tag-consent", lang))),
            _ => {}
        }
        // Outside the decision box, long lists are cut short (the full
        // policy is linked); inside it, every item is named.
        CAP.with(|c| c.set((bucket > Bucket::Consent).then_some(3)));
        let text = if i.change.code.class().is_some_and(|k| k.group == "none") {
            reworded(cat, ctx, &i.change)
        } else {
            sentence(cat, ctx, &i.change)
        };
        CAP.with(|c| c.set(None));
        line.push_str(&text);
        if let Some(extra) = abroad_elements(cat, ctx, i.first) {
            line.push_str(&extra);
        }
        if bucket <= Bucket::Consent {
            line.push_str(&decline(cat, ctx, i.first));
        }
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out
}

thread_local! {
    /// How many entries of a list a sentence shows (none: all).
    static CAP: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// The line of a rewording the law gives weight to: which declaration, and
/// why it matters.
fn reworded(cat: &Catalog, ctx: &NoticeContext<'_>, c: &Change) -> String {
    let subject = ctx
        .new
        .decls()
        .find(|d| d.kind() == c.subject.kind && d.id() == c.subject.id.as_deref())
        .and_then(|d| d.title())
        .map(|t| localise(t, ctx.lang))
        .unwrap_or_else(|| c.subject.id.clone().unwrap_or_default());
    let terms = |key: &str| match c.param(key) {
        Some(Value::Plain(s)) => escape(s),
        _ => String::new(),
    };
    fill(
        cat,
        &cat.phrase("reworded", ctx.lang),
        &[
            ("subject", escape(&subject)),
            ("added", terms("added")),
            ("removed", terms("removed")),
        ],
        ctx.lang,
    )
}

/// What happens if the user declines: the refusal effect the policy states
/// for the function the change is about (or the functions an SDK or
/// recipient serves), else that nothing is processed under the change.
fn decline(cat: &Catalog, ctx: &NoticeContext<'_>, c: &Change) -> String {
    use super::DeclKind as E;
    let lang = ctx.lang;
    let id = c.subject.id.as_deref().unwrap_or("");
    let functions: Vec<&crate::model::Function> = match c.subject.kind {
        E::Function => ctx.new.functions.iter().filter(|f| f.id == id).collect(),
        E::Sdk => {
            let listed: Vec<&str> = ctx
                .new
                .sdks
                .iter()
                .filter(|s| s.id == id)
                .flat_map(|s| s.functions.iter().map(|r| r.id.as_str()))
                .collect();
            ctx.new
                .functions
                .iter()
                .filter(|f| listed.contains(&f.id.as_str()) || f.sdks.iter().any(|r| r.id == id))
                .collect()
        }
        E::Recipient => {
            let listed: Vec<&str> = ctx
                .new
                .recipients
                .iter()
                .filter(|r| r.id == id)
                .flat_map(|r| r.functions.iter().map(|x| x.id.as_str()))
                .collect();
            ctx.new
                .functions
                .iter()
                .filter(|f| {
                    listed.contains(&f.id.as_str()) || f.recipients.iter().any(|r| r.id == id)
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let effect = functions
        .iter()
        .filter_map(|f| f.refusal.as_ref().map(|r| r.effect))
        .max_by_key(|e| super::compare::refusal_rank(*e));
    let what = match effect {
        Some(e) => cat
            .word("refusal", e.word(), lang)
            .map_or_else(|| e.word().to_string(), str::to_string),
        None => cat.phrase("decline-unstated", lang),
    };
    fill(
        cat,
        &cat.phrase("decline", lang),
        &[("what", escape(&what))],
        lang,
    )
}

/// For a transfer abroad: the PIPL Art. 39 elements the policy gives that
/// the change's sentence does not already say (the recipient's contact,
/// the method, how to exercise rights against it), each with its wording,
/// and the elements the policy does not give.
fn abroad_elements(cat: &Catalog, ctx: &NoticeContext<'_>, c: &Change) -> Option<String> {
    use super::DeclKind as E;
    if c.code != super::Code::M014 {
        return None;
    }
    let lang = ctx.lang;
    let id = c.subject.id.as_deref()?;
    let elements = match c.subject.kind {
        E::Transfer => {
            let t = ctx.new.transfers.iter().find(|t| t.id == id)?;
            let given = [t.name.is_some(), !t.purposes.is_empty(), has_data(&t.data)];
            art39(
                cat,
                ctx,
                given,
                &t.contacts,
                t.method.as_ref(),
                t.rights_procedure.as_ref(),
            )
        }
        E::Recipient => {
            let r = ctx.new.recipients.iter().find(|r| r.id == id)?;
            let given = [r.name.is_some(), !r.purposes.is_empty(), has_data(&r.data)];
            art39(cat, ctx, given, &r.contacts, r.method.as_ref(), None)
        }
        _ => return None,
    };
    let mut parts: Vec<String> = elements
        .iter()
        .filter_map(|(key, given, value)| {
            let v = value.as_ref().filter(|_| *given)?;
            Some(fill(
                cat,
                &cat.phrase("art39-value", lang),
                &[("label", cat.phrase(key, lang)), ("value", escape(v))],
                lang,
            ))
        })
        .collect();
    let missing: Vec<String> = elements
        .iter()
        .filter(|(_, given, _)| !given)
        .map(|(k, ..)| cat.phrase(k, lang))
        .collect();
    if !missing.is_empty() {
        parts.push(fill(
            cat,
            &cat.phrase("art39-missing", lang),
            &[("list", join(cat, missing, lang))],
            lang,
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(fill(
        cat,
        &cat.phrase("art39-wrap", lang),
        &[("parts", parts.join(&cat.phrase("item-sep", lang)))],
        lang,
    ))
}

fn has_data(d: &crate::model::DataSet) -> bool {
    !matches!(d, crate::model::DataSet::None)
}

/// The PIPL Art. 39 elements of a party abroad: `(element, given, its
/// wording when the change's sentence does not show it)`. `given` says
/// whether the name, the purposes and the data (which the sentence shows)
/// are stated.
fn art39(
    cat: &Catalog,
    ctx: &NoticeContext<'_>,
    given: [bool; 3],
    chs: &[crate::model::ChannelRef],
    method: Option<&Text>,
    rights: Option<&Text>,
) -> Vec<(&'static str, bool, Option<String>)> {
    let lang = ctx.lang;
    let [name, purposes, data] = given;
    vec![
        ("art39-name", name, None),
        ("art39-contact", !chs.is_empty(), contacts(cat, ctx, chs)),
        ("art39-purpose", purposes, None),
        (
            "art39-method",
            method.is_some(),
            method.map(|m| localise(m, lang)),
        ),
        ("art39-data", data, None),
        (
            "art39-rights",
            rights.is_some(),
            rights.map(|r| localise(r, lang)),
        ),
    ]
}

/// A party's contacts in words, as the notice's own contact line writes
/// them (`None` when there are none).
fn contacts(
    cat: &Catalog,
    ctx: &NoticeContext<'_>,
    chs: &[crate::model::ChannelRef],
) -> Option<String> {
    let v = Value::channels(chs);
    (!v.is_empty()).then(|| render_value(cat, ctx, &v))
}

/// The notice as one standalone HTML page (through the renderer's page
/// wrapper: escaped, no script, inline CSS), the decision box styled.
pub fn html(ctx: &NoticeContext<'_>) -> Result<String, String> {
    html_with(ctx, Links::default())
}

/// [`html`] with links to the full policies.
pub fn html_with(ctx: &NoticeContext<'_>, links: Links<'_>) -> Result<String, String> {
    let md = markdown_with(ctx, links)?;
    let t = title(ctx)?;
    let page = crate::render::markdown_to_html_page(&md, ctx.lang, &t);
    // The page's own head ends once, before any policy text.
    Ok(page.replacen(
        "</head>",
        &format!("<style>\n{NOTICE_CSS}</style>\n</head>"),
        1,
    ))
}

/// The notice's own styles: the decision box.
const NOTICE_CSS: &str = include_str!("notice.css");

/// The sentence of one change: its class's template for its variant, filled.
fn sentence(cat: &Catalog, ctx: &NoticeContext<'_>, c: &Change) -> String {
    let Some(template) = c.code.class().and_then(|k| k.notice.get(c.variant)) else {
        return escape(&c.description);
    };
    let values: Vec<(&str, String)> = c
        .params
        .iter()
        .map(|(k, v)| {
            let mut text = render_value(cat, ctx, v);
            if *k == "purposes" && ctx.lang == Lang::Zh {
                // The sentence says “用于…”; a purpose that starts with its
                // own “为了”, “以便” or “用于” does not say it twice.
                for lead in ["为了", "以便", "用于", "旨在"] {
                    if let Some(rest) = text.strip_prefix(lead) {
                        text = rest.to_string();
                        break;
                    }
                }
            }
            (*k, escape(&text))
        })
        .collect();
    let s = fill(cat, template.get(ctx.lang), &values, ctx.lang);
    // A value that ends a sentence with its own full stop (`Ltd.`).
    s.replace("..", ".")
}

/// Fill `{key}` placeholders. A `[…]` segment is kept only when every value
/// inside it is present and non-empty; outside segments, an empty value
/// reads "not stated".
fn fill(cat: &Catalog, template: &str, values: &[(&str, String)], lang: Lang) -> String {
    let lookup = |k: &str| {
        values
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let mut out = String::new();
    let mut rest = template;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let (inner, tail) = match after.find(']') {
                Some(i) => (
                    after.get(..i).unwrap_or(""),
                    after.get(i + 1..).unwrap_or(""),
                ),
                None => (after, ""),
            };
            let (text, complete) = substitute(inner, &lookup, None);
            if complete {
                out.push_str(&text);
            }
            rest = tail;
        } else {
            let end = rest.find('[').unwrap_or(rest.len());
            let (chunk, tail) = rest.split_at(end);
            let fallback = cat.phrase("not-stated", lang);
            out.push_str(&substitute(chunk, &lookup, Some(&fallback)).0);
            rest = tail;
        }
    }
    out
}

/// Substitute placeholders in `s`; say whether every value was there.
fn substitute<'v>(
    s: &str,
    lookup: &impl Fn(&str) -> &'v str,
    fallback: Option<&str>,
) -> (String, bool) {
    let mut out = String::new();
    let mut complete = true;
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let (head, tail) = rest.split_at(open);
        out.push_str(head);
        let tail = tail.get(1..).unwrap_or("");
        match tail.find('}') {
            Some(close) => {
                let key = tail.get(..close).unwrap_or("");
                let v = lookup(key);
                if v.is_empty() {
                    complete = false;
                    out.push_str(fallback.unwrap_or(""));
                } else {
                    out.push_str(v);
                }
                rest = tail.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    (out, complete)
}

/// Remove every `[…]` segment.
fn drop_segments(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in s.chars() {
        match ch {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// A policy string in the notice's language: its translation if it has one,
/// else as written; without a final full stop (the sentence adds its own).
fn localise(t: &Text, lang: Lang) -> String {
    let s = t.get(lang.code()).unwrap_or(&t.text);
    s.trim()
        .trim_end_matches(['。', '；', ';', '，', ','])
        .to_string()
}

/// A list in words: each entry once, cut after the current cap with "and
/// N more".
fn join(cat: &Catalog, items: Vec<String>, lang: Lang) -> String {
    join_with(cat, items, &cat.phrase("list-sep", lang), lang)
}

fn join_with(cat: &Catalog, items: Vec<String>, sep: &str, lang: Lang) -> String {
    let mut seen: Vec<String> = Vec::new();
    for i in items {
        if !seen.contains(&i) {
            seen.push(i);
        }
    }
    let total = seen.len();
    match CAP.with(std::cell::Cell::get) {
        Some(cap) if total > cap + 1 => {
            seen.truncate(cap);
            let more = cat.phrase("more", lang).replace("{n}", &total.to_string());
            format!("{}{more}", seen.join(sep))
        }
        _ => match seen.split_last() {
            // In English an unquoted list whose entries have commas or
            // "and" of their own ("facial features and face images") is
            // kept apart by semicolons.
            Some((_, rest))
                if lang == Lang::En
                    && !rest.is_empty()
                    && sep == ", "
                    && seen.iter().any(|i| i.contains(", ") || i.contains(" and ")) =>
            {
                seen.join("; ")
            }
            // Else the last entry follows "and" ("customer identity records
            // and transaction records").
            Some((last, rest)) if lang == Lang::En && !rest.is_empty() && sep.contains(", ") => {
                format!("{}{}{last}", rest.join(sep), sep.replacen(", ", " and ", 1))
            }
            _ => seen.join(sep),
        },
    }
}

/// An English name used mid-sentence: `Face image` → `face image`, while
/// `ID card`, `WeChat avatar` and `IMEI` keep their capitals.
fn mid_sentence(s: String) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    let mut chars = first.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase());
    if !plain {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    if let Some(c) = it.next() {
        out.push(c.to_ascii_lowercase());
    }
    out.extend(it);
    out
}

fn data_name(ctx: &NoticeContext<'_>, d: &DataName) -> String {
    // An English notice names data the policy labels only in Chinese by
    // the taxonomy's plain English name.
    let untranslated = ctx.lang == Lang::En
        && d.label
            .as_ref()
            .is_some_and(|l| l.get(Lang::En.code()).is_none());
    if let Some(l) = d.label.as_ref().filter(|_| !untranslated) {
        let name = localise(l, ctx.lang);
        return match ctx.lang {
            Lang::En => mid_sentence(name),
            Lang::Zh => name,
        };
    }
    let tax = ctx.taxonomy;
    let named = d
        .item
        .as_deref()
        .and_then(|i| tax.item(i))
        .map(|i| (i.zh.clone(), i.en.clone()))
        .or_else(|| tax.class(&d.class).map(|c| (c.zh.clone(), c.en.clone())));
    match (named, ctx.lang) {
        (Some((zh, _)), Lang::Zh) => zh,
        (Some((_, en)), Lang::En) => mid_sentence(en),
        (None, _) => d.id.clone(),
    }
}

fn duration(cat: &Catalog, d: Duration, lang: Lang) -> String {
    let unit = match d.unit {
        Unit::Years => "years",
        Unit::Months => "months",
        Unit::Weeks => "weeks",
        Unit::Days => "days",
        Unit::WorkingDays => "working-days",
        Unit::Hours => "hours",
    };
    let vocab = if d.amount == 1 { "unit-one" } else { "unit" };
    match cat.word(vocab, unit, lang) {
        Some(t) => t.replace("{n}", &d.amount.to_string()),
        None => d.to_string(),
    }
}

fn period(cat: &Catalog, ctx: &NoticeContext<'_>, p: &Period) -> String {
    let lang = ctx.lang;
    if p.indefinite {
        return cat.phrase("retention-indefinite", lang);
    }
    let mut parts = Vec::new();
    if let Some(d) = p.at_least {
        parts.push(
            cat.phrase("retention-at-least", lang)
                .replace("{d}", &duration(cat, d, lang)),
        );
    }
    if let Some(d) = p.at_most {
        parts.push(
            cat.phrase("retention-at-most", lang)
                .replace("{d}", &duration(cat, d, lang)),
        );
    }
    if let Some(u) = &p.until {
        parts.push(
            cat.phrase("retention-until", lang)
                .replace("{until}", &localise(u, lang)),
        );
    }
    if parts.is_empty() {
        return cat.phrase("retention-none", lang);
    }
    parts.join(&cat.phrase("retention-join", lang))
}

/// A value in words, not yet escaped.
fn render_value(cat: &Catalog, ctx: &NoticeContext<'_>, v: &Value) -> String {
    let lang = ctx.lang;
    let word = |vocab: &str, w: &str| {
        cat.word(vocab, w, lang)
            .map_or_else(|| w.to_string(), str::to_string)
    };
    match v {
        Value::Text(t) => localise(t, lang),
        Value::Texts(ts) => join(cat, ts.iter().map(|t| localise(t, lang)).collect(), lang),
        Value::Names(ts) => join_with(
            cat,
            ts.iter().map(|t| localise(t, lang)).collect(),
            &cat.phrase("names-sep", lang),
            lang,
        ),
        Value::Plain(s) => s.clone(),
        Value::Word(vocab, w) => word(vocab, w),
        Value::Words(vocab, ws) => join(cat, ws.iter().map(|w| word(vocab, w)).collect(), lang),
        Value::Labelled(items) => {
            let sep = cat.phrase("item-sep", lang);
            let entries: Vec<String> = items
                .iter()
                .map(|(vocab, w, detail)| {
                    let label = word(vocab, w);
                    let detail: Vec<String> = detail.iter().map(|t| localise(t, lang)).collect();
                    if detail.is_empty() {
                        label
                    } else {
                        match lang {
                            Lang::Zh => format!("{label}：{}", detail.join("、")),
                            Lang::En => format!("{label}: {}", detail.join(", ")),
                        }
                    }
                })
                .collect();
            join_with(cat, entries, &sep, lang)
        }
        Value::Data(ds) => join(cat, ds.iter().map(|d| data_name(ctx, d)).collect(), lang),
        Value::AllData => cat.phrase("all-data", lang),
        Value::Period(p) => period(cat, ctx, p),
        Value::Duration(d) => duration(cat, *d, lang),
        Value::Countries(cs) => join(cat, cs.iter().map(|c| word("country", c)).collect(), lang),
        Value::AppTypes(codes) => join(
            cat,
            codes
                .iter()
                .map(|c| match (ctx.taxonomy.app_type(c), lang) {
                    (Some(a), Lang::Zh) => a.zh.clone(),
                    (Some(a), Lang::En) => a.en.clone(),
                    (None, _) => c.clone(),
                })
                .collect(),
            lang,
        ),
    }
}

/// Escape text for CommonMark: every character that could start markup is
/// backslash-escaped, so policy text shows as written.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '!'
                | '|'
                | '~'
                | '#'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        if ch == '\n' || ch == '\r' {
            out.push(' ');
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_segments() {
        let cat = catalog().unwrap_or_else(|e| panic!("{e}"));
        let t = "A {x}[ (b: {y})][; c: {z}].";
        assert_eq!(
            fill(cat, t, &[("x", "1".into()), ("z", "3".into())], Lang::En),
            "A 1; c: 3."
        );
        assert_eq!(fill(cat, t, &[], Lang::En), "A not stated.");
        assert_eq!(drop_segments("a[b]c"), "ac");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape("<script>*x*</script>"),
            "\\<script\\>\\*x\\*\\</script\\>"
        );
        assert_eq!(escape("[a](b)"), "\\[a\\](b)");
    }
}
