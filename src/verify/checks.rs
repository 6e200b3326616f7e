//! The comparisons behind the `V` rules.

use crate::lang::Lang;
use crate::messages::{Arg, Msg};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::catalogue::{Catalogue, Checked, Permission as CatPermission, Platform, Sdk as CatSdk};
use super::rules;
use super::{Evidence, Item, What};
use crate::check::finding::Elsewhere;
use crate::check::Finding;
use crate::model::words::Os;
use crate::model::{Collect, Model, Permission, Sdk, Taxonomy, Text};
use crate::source::{SourceFile, Span};

/// Findings by file: `None` the policy, `Some(i)` the i-th build file.
pub type ByFile = Vec<(Option<usize>, Vec<Finding>)>;

/// Whether `text` mentions `word`: Latin words case-insensitively and
/// whole, other scripts as a substring.
fn mentions(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    if !word.is_ascii() {
        return text.contains(word);
    }
    let hay = text.to_ascii_lowercase();
    let needle = word.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = hay
        .get(from..)
        .and_then(|h| h.find(&needle))
        .map(|i| i + from)
    {
        let before = hay.get(..i).and_then(|b| b.chars().last());
        let after = hay.get(i + needle.len()..).and_then(|a| a.chars().next());
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        from = i + needle.len();
    }
    false
}

fn texts(t: &Option<Text>) -> Vec<&str> {
    match t {
        None => Vec::new(),
        Some(t) => std::iter::once(t.text.as_str())
            .chain(t.translations.values().map(String::as_str))
            .collect(),
    }
}

/// The taxonomy entries a list of `collects` names: `(class, item)`.
fn collected(model: &Model, collects: &[Collect]) -> BTreeSet<(String, Option<String>)> {
    collects
        .iter()
        .filter_map(|c| model.category(&c.data.id))
        .map(|d| (d.taxonomy.class.clone(), d.taxonomy.item.clone()))
        .collect()
}

/// Whether `class.item` is covered by a set of collected entries (the item
/// itself, or its whole class).
fn covers(set: &BTreeSet<(String, Option<String>)>, path: &str) -> bool {
    let (class, item) = match path.split_once('.') {
        Some((c, i)) => (c.to_string(), Some(i.to_string())),
        None => (path.to_string(), None),
    };
    set.contains(&(class.clone(), None)) || (item.is_some() && set.contains(&(class, item)))
}

fn os_allows(p: &Permission, platform: Platform) -> bool {
    p.os.is_empty()
        || p.os.iter().any(|o| {
            matches!(
                (o.value, platform),
                (Os::Any, _)
                    | (Os::Android, Platform::Android)
                    | (Os::Ios, Platform::Ios)
                    | (Os::Harmony, Platform::Harmony)
                    | (_, Platform::Miniprogram)
            )
        })
}

/// Whether a policy `permission` declares a catalogued platform permission:
/// by its id, its title, or the data it says the permission collects.
pub(crate) fn declares(model: &Model, p: &Permission, entry: &CatPermission) -> bool {
    if !os_allows(p, entry.platform) {
        return false;
    }
    if entry.words.iter().any(|w| w.eq_ignore_ascii_case(&p.id)) {
        return true;
    }
    if texts(&p.title)
        .iter()
        .any(|t| entry.words.iter().any(|w| mentions(t, w)))
    {
        return true;
    }
    let data = collected(model, &p.collects);
    entry.data.iter().any(|d| covers(&data, d))
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// Whether a policy `sdk` names a catalogued SDK: by its id or title; else
/// by its provider or privacy page, when no other catalogued SDK has the
/// same provider or page host (Tencent, Baidu, Aurora, Umeng and Google each
/// publish several SDKs, and a policy's `sdk` must not count as all of them).
fn names_sdk(s: &Sdk, entry: &CatSdk, cat: &Catalogue) -> bool {
    if s.id.eq_ignore_ascii_case(&entry.id)
        || entry.words.iter().any(|w| w.eq_ignore_ascii_case(&s.id))
    {
        return true;
    }
    if texts(&s.title)
        .iter()
        .any(|t| entry.words.iter().any(|w| mentions(t, w)))
    {
        return true;
    }
    // A title that names another catalogued SDK decides.
    if cat.sdks.iter().any(|other| {
        other.id != entry.id
            && texts(&s.title)
                .iter()
                .any(|t| other.words.iter().any(|w| mentions(t, w)))
    }) {
        return false;
    }
    if let Some(p) = &s.provider {
        let p = p.text.trim();
        let same = |e: &CatSdk| {
            p.chars().count() >= 4 && (p.contains(e.provider.as_str()) || e.provider.contains(p))
        };
        if same(entry) && cat.sdks.iter().filter(|e| same(e)).count() == 1 {
            return true;
        }
    }
    if let Some(u) = &s.privacy_url {
        let h = host(&u.text);
        let same = |e: &CatSdk| !h.is_empty() && h == host(&e.privacy);
        if same(entry) && cat.sdks.iter().filter(|e| same(e)).count() == 1 {
            return true;
        }
    }
    false
}

/// Words of a text that carry meaning: Chinese character pairs and Latin
/// words of three letters or more, without the filler of usage texts.
fn tokens(s: &str) -> BTreeSet<String> {
    const FILLER: &[&str] = &[
        "使用", "需要", "您的", "获取", "访问", "权限", "我们", "用于", "以便", "允许", "是否",
        "进行", "功能", "信息", "应用", "the", "and", "for", "your", "you", "app", "use", "used",
        "uses", "this", "with", "will", "can", "our", "that", "needs", "need", "access", "allow",
        "allows", "order", "when",
    ];
    let mut out = BTreeSet::new();
    let chars: Vec<char> = s.chars().collect();
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    for w in chars.windows(2) {
        if let [a, b] = w {
            if cjk(*a) && cjk(*b) {
                out.insert(format!("{a}{b}"));
            }
        }
    }
    for w in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        if w.len() >= 3 {
            out.insert(w.to_ascii_lowercase());
        }
    }
    out.retain(|t| !FILLER.contains(&t.as_str()));
    out
}

/// The taxonomy names of `class.item`, for messages.
fn data_name(tax: &Taxonomy, path: &str) -> Arg {
    match tax.lookup(path) {
        Some(e) => Arg::both(e.zh(), format!("{} ({})", e.zh(), e.en())),
        None => Arg::Text(path.to_string()),
    }
}

/// An SDK of the catalogue by its two names.
fn sdk_name(entry: &CatSdk) -> Arg {
    Arg::both(
        format!("{}（{}）", entry.zh, entry.en),
        format!("{} ({})", entry.zh, entry.en),
    )
}

struct Ctx<'a> {
    model: &'a Model,
    evidence: &'a [Evidence],
    cat: &'a Catalogue,
    tax: &'a Taxonomy,
    policy: Arc<miette::NamedSource<crate::source::IndexedText>>,
    files: Vec<Arc<miette::NamedSource<crate::source::IndexedText>>>,
}

impl Ctx<'_> {
    fn in_policy(&self, span: Span, label: Msg) -> Elsewhere {
        Elsewhere {
            source: Arc::clone(&self.policy),
            span,
            label,
            lang: Lang::En,
        }
    }

    fn in_file(&self, file: usize, span: Span, label: Msg) -> Option<Elsewhere> {
        Some(Elsewhere {
            source: Arc::clone(self.files.get(file)?),
            span,
            label,
            lang: Lang::En,
        })
    }

    /// Where a new permission would be declared: after the last one, or the header.
    fn permission_anchor(&self) -> Elsewhere {
        match self.model.permissions.last() {
            Some(p) => self.in_policy(p.head, crate::msg!("verify.permissions-declared-here")),
            None => self.in_policy(
                self.model.header.head,
                crate::msg!("verify.no-permission-declared"),
            ),
        }
    }

    fn sdk_anchor(&self) -> Elsewhere {
        match (self.model.sdks.last(), self.model.sdk_lists.last()) {
            (Some(s), _) => self.in_policy(s.head, crate::msg!("verify.sdks-listed-here")),
            (None, Some(l)) => self.in_policy(l.head, crate::msg!("verify.sdk-list-elsewhere")),
            (None, None) => {
                self.in_policy(self.model.header.head, crate::msg!("verify.no-sdk-listed"))
            }
        }
    }
}

pub fn run(
    model: &Model,
    policy: &SourceFile,
    evidence: &[Evidence],
    cat: &Catalogue,
    tax: &Taxonomy,
) -> ByFile {
    let cx = Ctx {
        model,
        evidence,
        cat,
        tax,
        policy: Arc::new(policy.named_source()),
        files: evidence
            .iter()
            .map(|e| Arc::new(e.src.named_source()))
            .collect(),
    };
    let mut policy_findings = Vec::new();
    let mut file_findings: Vec<Vec<Finding>> = evidence.iter().map(|_| Vec::new()).collect();
    permissions(&cx, &mut policy_findings, &mut file_findings);
    sdks(&cx, &mut policy_findings, &mut file_findings);
    declared_data(&cx, &mut file_findings);
    std::iter::once((None, policy_findings))
        .chain(
            file_findings
                .into_iter()
                .enumerate()
                .map(|(i, f)| (Some(i), f)),
        )
        .collect()
}

fn items<'a>(cx: &Ctx<'a>) -> impl Iterator<Item = (usize, &'a Item)> + 'a {
    let evidence = cx.evidence;
    evidence
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.items.iter().map(move |it| (i, it)))
}

/// V001, V002, V006, V007.
fn permissions(cx: &Ctx<'_>, policy: &mut Vec<Finding>, files: &mut [Vec<Finding>]) {
    let model = cx.model;
    // Policy permissions that some requested permission matches.
    let mut used = vec![false; model.permissions.len()];
    for (fi, item) in items(cx) {
        let out = match files.get_mut(fi) {
            Some(o) => o,
            None => continue,
        };
        match &item.what {
            What::Permission { platform, name } => {
                let Some(entry) = cx.cat.permission(*platform, name) else {
                    continue;
                };
                let matching: Vec<usize> = model
                    .permissions
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| declares(model, p, entry))
                    .map(|(i, _)| i)
                    .collect();
                for &i in &matching {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                }
                if matching.is_empty() {
                    let mut f = Finding::new(
                        &rules::PERMISSION_NOT_DECLARED,
                        item.span,
                        crate::msg!(
                            "verify.permission-not-declared",
                            name = name,
                            platform = platform.name(),
                            kind = entry.kind.to_string()
                        ),
                    );
                    f.label(crate::msg!("verify.requested-here"))
                        .help(crate::msg!(
                            "verify.declare-permission",
                            word = entry.words.first().map_or("name", String::as_str)
                        ));
                    f.elsewhere.push(cx.permission_anchor());
                    out.push(f);
                    continue;
                }
                // V006: the text the user sees against the policy's purposes.
                if let Some((shown, at)) = &item.text {
                    if shown.trim().is_empty() || shown.starts_with('$') {
                        continue;
                    }
                    let perms: Vec<&Permission> = matching
                        .iter()
                        .filter_map(|&i| model.permissions.get(i))
                        .collect();
                    let purposes: Vec<&str> = perms
                        .iter()
                        .flat_map(|p| p.purposes.iter().chain(p.text.iter()))
                        .flat_map(|t| {
                            std::iter::once(t.text.as_str())
                                .chain(t.translations.values().map(String::as_str))
                        })
                        .collect();
                    let shown_tokens = tokens(shown);
                    let stated = purposes
                        .iter()
                        .any(|p| !tokens(p).is_disjoint(&shown_tokens));
                    if !stated {
                        let first = perms.first().map_or("", |p| p.id.as_str());
                        let span = if at.is_empty() { item.span } else { *at };
                        let message = if purposes.is_empty() {
                            crate::msg!(
                                "verify.shown-purpose-no-policy-purpose",
                                name = name,
                                shown = shown.trim(),
                                permission = first
                            )
                        } else {
                            crate::msg!(
                                "verify.shown-purpose-not-stated",
                                name = name,
                                shown = shown.trim(),
                                permission = first
                            )
                        };
                        let mut f = Finding::new(&rules::PURPOSE_NOT_STATED, span, message);
                        f.label(crate::msg!("verify.purpose-shown"))
                            .help(crate::msg!("verify.state-shown-purpose"));
                        if let Some(p) = perms.first() {
                            f.elsewhere.push(
                                cx.in_policy(p.head, crate::msg!("verify.policy-permission")),
                            );
                        }
                        out.push(f);
                    }
                }
            }
            What::PrivateInfo { name } => {
                let Some(entry) = cx.cat.permission(Platform::Miniprogram, name) else {
                    continue;
                };
                let declared = model.permissions.iter().any(|p| declares(model, p, entry));
                let all_collected = all_collected(model);
                let collected = entry.data.iter().any(|d| covers(&all_collected, d));
                if !declared && !collected {
                    let data: Vec<Arg> = entry.data.iter().map(|d| data_name(cx.tax, d)).collect();
                    let mut f = Finding::new(
                        &rules::PRIVATE_INFO_NOT_COVERED,
                        item.span,
                        crate::msg!(
                            "verify.private-info-not-covered",
                            name = name,
                            data = Arg::Alternatives(data)
                        ),
                    );
                    f.label(crate::msg!("verify.declared-in-private-infos"))
                        .help(crate::msg!(
                            "verify.say-which-function-uses",
                            name = name,
                            item = entry.data.first().map_or("…", String::as_str)
                        ));
                    f.elsewhere.push(cx.permission_anchor());
                    out.push(f);
                }
            }
            _ => {}
        }
    }
    // V002: declared, not requested, on a platform whose files were given.
    let platforms: BTreeSet<Platform> = cx
        .evidence
        .iter()
        .filter_map(|e| e.kind.platform())
        .collect();
    for (i, p) in model.permissions.iter().enumerate() {
        if used.get(i).copied().unwrap_or(true) {
            continue;
        }
        let relevant = cx
            .cat
            .permissions
            .iter()
            .any(|e| platforms.contains(&e.platform) && declares(model, p, e));
        // A private interface of a mini-program also uses the permission.
        let private_use = items(cx).any(|(_, it)| match &it.what {
            What::PrivateInfo { name } => cx
                .cat
                .permission(Platform::Miniprogram, name.as_str())
                .is_some_and(|e| declares(model, p, e)),
            _ => false,
        });
        if !relevant || private_use {
            continue;
        }
        let given: Vec<&'static str> = platforms
            .iter()
            .filter(|pl| os_allows(p, **pl))
            .map(|pl| pl.name())
            .collect();
        if given.is_empty() {
            continue;
        }
        let mut f = Finding::new(
            &rules::PERMISSION_NOT_REQUESTED,
            p.head,
            crate::msg!(
                "verify.permission-not-requested",
                id = &p.id,
                platforms = crate::messages::alternatives(given)
            ),
        );
        f.label(crate::msg!("verify.declared-here"))
            .help(crate::msg!("verify.remove-permission-or-give-file"));
        policy.push(f);
    }
}

/// V005's message: what the catalogue says the SDK collects and how far
/// that was checked against the provider's own page.
fn collects_more_message(entry: &CatSdk, names: Vec<Arg>) -> crate::messages::Msg {
    let sdk = sdk_name(entry);
    let data = Arg::List(names);
    match entry.checked {
        Checked::Vendor => crate::msg!("verify.sdk-collects-more", sdk = sdk, data = data),
        Checked::Quoted => crate::msg!("verify.sdk-collects-more-quoted", sdk = sdk, data = data),
        Checked::Unverified => {
            crate::msg!(
                "verify.sdk-collects-more-unverified",
                sdk = sdk,
                data = data
            )
        }
    }
}

/// V003, V004, V005.
fn sdks(cx: &Ctx<'_>, policy: &mut Vec<Finding>, files: &mut [Vec<Finding>]) {
    let model = cx.model;
    // Catalogue SDK id → where the build shows it (strong evidence first).
    let mut seen: BTreeMap<&str, Vec<(usize, &Item, &str, bool)>> = BTreeMap::new();
    for (fi, item) in items(cx) {
        if let What::Sdk { id, by, weak } = &item.what {
            seen.entry(id.as_str())
                .or_default()
                .push((fi, item, by.as_str(), *weak));
        }
    }
    for (id, places) in &seen {
        let Some(entry) = cx.cat.sdk(id) else {
            continue;
        };
        let strong: Vec<&(usize, &Item, &str, bool)> = places.iter().filter(|p| !p.3).collect();
        let Some(&&(fi, item, by, _)) = strong.first() else {
            continue;
        };
        let listed: Vec<&Sdk> = model
            .sdks
            .iter()
            .filter(|s| names_sdk(s, entry, cx.cat))
            .collect();
        if listed.is_empty() {
            let mut f = Finding::new(
                &rules::SDK_NOT_LISTED,
                item.span,
                crate::msg!("verify.sdk-not-listed", sdk = sdk_name(entry)),
            );
            f.label(crate::msg!("verify.found-by", by = by))
                .help(crate::msg!(
                    "verify.list-sdk",
                    id = &entry.id,
                    zh = &entry.zh,
                    provider = &entry.provider,
                    privacy = &entry.privacy
                ));
            if model.has_sdk_list() && model.sdks.is_empty() {
                f.severity(crate::check::Severity::Warning);
                f.help(crate::msg!(
                    "verify.check-sdk-list",
                    sdk = sdk_name(entry),
                    provider = &entry.provider,
                    privacy = &entry.privacy
                ));
            }
            for &(ofi, oitem, oby, _) in places.iter().skip(1).take(3) {
                if ofi == fi {
                    f.related(oitem.span, crate::msg!("verify.also-found-by", by = oby));
                }
            }
            f.elsewhere.push(cx.sdk_anchor());
            if let Some(out) = files.get_mut(fi) {
                out.push(f);
            }
            continue;
        }
        // V005: the provider's page names data the policy does not.
        for s in listed {
            let said = collected(model, &s.collects);
            let missing: Vec<&String> = entry
                .collects
                .iter()
                .filter(|c| !covers(&said, c))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let names: Vec<Arg> = missing.iter().map(|m| data_name(cx.tax, m)).collect();
            let mut f = Finding::new(
                &rules::SDK_COLLECTS_MORE,
                s.head,
                collects_more_message(entry, names),
            );
            f.label(crate::msg!("verify.policy-sdk", id = &s.id))
                .help(crate::msg!(
                    "verify.add-sdk-collects",
                    items = missing.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
                    privacy = &entry.privacy
                ));
            if entry.checked == Checked::Unverified {
                // RULES.md's warning rests on the provider's page; an entry
                // nobody has checked against it only points the way.
                f.severity(crate::check::Severity::Info);
            }
            if let Some(e) = cx.in_file(fi, item.span, crate::msg!("verify.embedded-here", by = by))
            {
                f.elsewhere.push(e);
            }
            policy.push(f);
        }
    }
    // V004: listed, catalogued, absent from every given build file.
    if !cx.evidence.iter().any(|e| e.kind.shows_sdks()) {
        return;
    }
    for s in &model.sdks {
        let entries: Vec<&CatSdk> = cx
            .cat
            .sdks
            .iter()
            .filter(|e| names_sdk(s, e, cx.cat))
            .collect();
        if entries.is_empty() || s.part_of.is_some() {
            continue;
        }
        let present = entries.iter().any(|e| {
            seen.get(e.id.as_str())
                .is_some_and(|p| p.iter().any(|x| !x.3))
        });
        if present {
            continue;
        }
        let names: Vec<String> = entries.iter().map(|e| e.zh.clone()).collect();
        let mut f = Finding::new(
            &rules::SDK_NOT_IN_BUILD,
            s.head,
            crate::msg!(
                "verify.sdk-not-in-build",
                id = &s.id,
                names = names.join(" / ")
            ),
        );
        f.label(crate::msg!("verify.listed-here"))
            .help(crate::msg!("verify.remove-sdk-or-give-file"));
        policy.push(f);
    }
}

/// Everything the policy says it collects: in functions, SDKs and permissions.
fn all_collected(model: &Model) -> BTreeSet<(String, Option<String>)> {
    model
        .functions
        .iter()
        .flat_map(|f| f.collects.iter())
        .chain(model.sdks.iter().flat_map(|s| s.collects.iter()))
        .chain(model.permissions.iter().flat_map(|p| p.collects.iter()))
        .filter_map(|c| model.category(&c.data.id))
        .map(|d| (d.taxonomy.class.clone(), d.taxonomy.item.clone()))
        .collect()
}

/// Whether a catalogue entry (`class` or `class.item`) is covered: the item
/// or its class collected, or, for a whole class, any item of it.
fn covers_entry(set: &BTreeSet<(String, Option<String>)>, path: &str) -> bool {
    if path.contains('.') {
        covers(set, path)
    } else {
        set.iter().any(|(c, _)| c == path)
    }
}

/// V008.
fn declared_data(cx: &Ctx<'_>, files: &mut [Vec<Finding>]) {
    let collected = all_collected(cx.model);
    for (fi, item) in items(cx) {
        let What::DeclaredData { name } = &item.what else {
            continue;
        };
        let Some(entry) = cx.cat.apple_data_type(name) else {
            continue;
        };
        if entry.data.iter().any(|d| covers_entry(&collected, d)) {
            continue;
        }
        let names: Vec<Arg> = entry.data.iter().map(|d| data_name(cx.tax, d)).collect();
        let mut f = Finding::new(
            &rules::MANIFEST_DATA_NOT_COLLECTED,
            item.span,
            crate::msg!(
                "verify.manifest-data-not-collected",
                name = name,
                data = Arg::Alternatives(names)
            ),
        );
        f.label(crate::msg!("verify.declared-as-collected"))
            .help(crate::msg!(
                "verify.say-which-function-collects",
                item = entry.data.first().map_or("…", String::as_str)
            ));
        f.elsewhere.push(cx.permission_anchor());
        if let Some(out) = files.get_mut(fi) {
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_words_match_whole_and_chinese_as_substrings() {
        assert!(mentions("Firebase Analytics", "firebase"));
        assert!(!mentions("metadata", "meta"));
        assert!(mentions("极光推送 SDK", "极光"));
    }

    #[test]
    fn usage_texts_share_meaning_words() {
        let a = tokens("我们需要访问您的相机，以便扫描二维码");
        let b = tokens("扫描二维码登录");
        assert!(!a.is_disjoint(&b));
        let c = tokens("用于更换头像");
        assert!(a.is_disjoint(&c));
    }
}
