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

/// The notice as CommonMark.
pub fn markdown(ctx: &NoticeContext<'_>) -> Result<String, String> {
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

    let listed: Vec<&Change> = ctx
        .changes
        .changes
        .iter()
        .filter(|c| c.code.class().is_some_and(|k| k.group != "none"))
        .collect();
    if listed.is_empty() {
        let key = if ctx.changes.is_empty() {
            "no-change"
        } else {
            "editorial-only"
        };
        out.push_str(&format!("{}\n", cat.phrase(key, lang)));
        return Ok(out);
    }
    out.push_str(&format!("{intro}\n\n"));

    for group in &cat.groups {
        let mut lines: Vec<String> = Vec::new();
        for c in listed
            .iter()
            .filter(|c| c.code.class().is_some_and(|k| k.group == group.key))
        {
            let line = format!(
                "- {}{}",
                sentence(cat, ctx, c),
                mark(cat, c.consequence(), lang)
            );
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("## {}\n\n", group.title(lang)));
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
        out.push('\n');
    }

    let verdict = ctx.changes.verdict().unwrap_or(Consequence::Editorial);
    if verdict >= Consequence::Consent {
        let separate = listed
            .iter()
            .any(|c| c.consequence() == Consequence::SeparateConsent);
        let body = cat.phrase("consent-body", lang);
        let body = if separate {
            fill(cat, &body, &[("any", "x".into())], lang)
        } else {
            drop_segments(&body)
        };
        out.push_str(&format!(
            "## {}\n\n{}\n\n",
            cat.phrase("consent-heading", lang),
            body
        ));
    } else {
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

/// The notice as one standalone HTML page (through the renderer's page
/// wrapper: escaped, no script, inline CSS).
pub fn html(ctx: &NoticeContext<'_>) -> Result<String, String> {
    let md = markdown(ctx)?;
    let t = title(ctx)?;
    Ok(crate::render::markdown_to_html_page(&md, ctx.lang, &t))
}

fn mark(cat: &Catalog, c: Consequence, lang: Lang) -> String {
    match c {
        Consequence::SeparateConsent => cat.phrase("mark-separate", lang),
        Consequence::Consent => cat.phrase("mark-consent", lang),
        _ => String::new(),
    }
}

/// The sentence of one change: its class's template for its variant, filled.
fn sentence(cat: &Catalog, ctx: &NoticeContext<'_>, c: &Change) -> String {
    let Some(template) = c.code.class().and_then(|k| k.notice.get(c.variant)) else {
        return escape(&c.description);
    };
    let values: Vec<(&str, String)> = c
        .params
        .iter()
        .map(|(k, v)| (*k, escape(&render_value(cat, ctx, v))))
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

fn join(cat: &Catalog, items: Vec<String>, lang: Lang) -> String {
    items.join(&cat.phrase("list-sep", lang))
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
    if let Some(l) = &d.label {
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
        Value::Plain(s) => s.clone(),
        Value::Word(vocab, w) => word(vocab, w),
        Value::Words(vocab, ws) => join(cat, ws.iter().map(|w| word(vocab, w)).collect(), lang),
        Value::Labelled(items) => {
            let sep = cat.phrase("item-sep", lang);
            items
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
                .collect::<Vec<_>>()
                .join(&sep)
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
