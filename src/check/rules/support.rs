//! What the rule areas share: where a finding points, how a term is found
//! in the policy's texts, which texts a rule reads, and a few readings of
//! the model (consent, necessity, recipients) that several areas make.
//!
//! Rule files hold rules; anything two areas need lives here (ruff keeps a
//! family's shared logic in its `helpers.rs`). No area imports another.

use std::collections::BTreeSet;

use crate::check::lexicon::Terms;
use crate::check::rule::Ctx;
use crate::model::taxonomy::Pipl28;
use crate::model::words::Status;
use crate::model::words::{ConsentKind, LegalBasis, Role};
use crate::model::{
    ChannelRef, Collect, DataCategory, DeclRef, Function, Model, Permission, Recipient, StatusStmt,
    Taxonomy, Text,
};
use crate::source::Span;

// ---------------------------------------------------------------------------
// Where findings point
// ---------------------------------------------------------------------------

/// The span of a declaration's keyword (`function`, `data`, ...): a
/// declaration starts with its keyword, so this is the first line of it.
pub(crate) fn kw(decl: Span, word: &str) -> Span {
    let start = decl.start as usize;
    Span::new(start, (start + word.len()).min(decl.end as usize))
}

/// Where a finding about a category points: its declaration, else the first
/// place a function collects it, else the header.
pub(crate) fn cat_at(m: &Model, d: &DataCategory) -> Span {
    if d.declared {
        return kw(d.span, "data");
    }
    m.functions
        .iter()
        .flat_map(|f| &f.collects)
        .find(|c| c.data.id == d.id)
        .map_or(m.header.head, |c| c.data.span)
}

/// The `policy` keyword of the header: where a missing declaration is reported.
pub(crate) fn header_span(ctx: &Ctx<'_>) -> Span {
    kw(ctx.model.header.span, "policy")
}

// ---------------------------------------------------------------------------
// Words in messages
// ---------------------------------------------------------------------------

/// `function `id``, for messages.
pub(crate) fn fn_name(f: &Function) -> String {
    format!("`{}`", f.id)
}

/// Backticked, comma-separated ids.
pub(crate) fn ids<'a>(it: impl IntoIterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = it.into_iter().collect();
    v.dedup();
    v.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A list in words: "a, b and c" ("a、b和c" in Chinese).
pub(crate) fn join_words<A: crate::messages::IntoArg + Clone>(items: &[A]) -> crate::messages::Arg {
    crate::messages::words(items.iter().cloned())
}

// ---------------------------------------------------------------------------
// Finding terms in texts
// ---------------------------------------------------------------------------

/// Where `term` occurs in `text`, as a byte range. A term written with `…`
/// (`使用…即视为`) matches its two halves in order, at most 24 characters apart.
pub(crate) fn match_term(term: &str, text: &str) -> Option<(usize, usize)> {
    match term.split_once('…') {
        None => text.find(term).map(|i| (i, i + term.len())),
        Some((pre, post)) => {
            for (i, _) in text.match_indices(pre) {
                let from = i + pre.len();
                let after = text.get(from..)?;
                let window: usize = after
                    .chars()
                    .take(24 + post.chars().count())
                    .map(char::len_utf8)
                    .sum();
                if let Some(j) = after.get(..window).and_then(|w| w.find(post)) {
                    return Some((i, from + j + post.len()));
                }
            }
            None
        }
    }
}

/// The first term of `terms` found in `text` (zh as written, en ignoring
/// case), honouring `…` patterns. Returns the words of the text it matched.
pub(crate) fn find_term(terms: &Terms, text: &str) -> Option<String> {
    if !terms.may_occur(text) {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for t in &terms.zh {
        if let Some((i, j)) = match_term(t, text) {
            if best.as_ref().is_none_or(|b| i < b.0) {
                best = Some((i, text.get(i..j).unwrap_or(t).to_string()));
            }
        }
    }
    let lower = crate::check::lexicon::ascii_lower(text);
    if lower.len() == text.len() {
        for t in &terms.en {
            if let Some((i, j)) = match_term(&crate::check::lexicon::lower(t), &lower) {
                if best.as_ref().is_none_or(|b| i < b.0) {
                    best = Some((i, text.get(i..j).unwrap_or(t).to_string()));
                }
            }
        }
    }
    best.map(|b| b.1)
}

/// The first term of `terms` in a text or any of its translations.
pub(crate) fn find_in_text(terms: &Terms, t: &Text) -> Option<String> {
    find_term(terms, &t.text).or_else(|| t.translations.values().find_map(|v| find_term(terms, v)))
}

/// Where `term` is found in `t` (its text or a translation), not directly
/// preceded by a negation (topic `negation`: "不会用于其他用途" is not a
/// finding).
pub(crate) fn find_affirmed<'t>(ctx: &Ctx<'_>, terms: &'t Terms, t: &Text) -> Option<&'t str> {
    let negation = ctx.lexicon.terms("negation");
    std::iter::once(t.text.as_str())
        .chain(t.translations.values().map(String::as_str))
        .find_map(|s| find_affirmed_str(negation, terms, s))
}

/// How far before a term a negation counts: characters of zh, of en.
const NEGATION_REACH: (usize, usize) = (4, 7);

fn find_affirmed_str<'t>(negation: &Terms, terms: &'t Terms, text: &str) -> Option<&'t str> {
    let mut rest = text;
    let mut prefix_len = 0usize;
    while let Some((i, term)) = terms.find(rest) {
        let at = prefix_len + i;
        let before = text.get(..at).unwrap_or("");
        let tail = |n: usize| -> String {
            let v: Vec<char> = before.chars().rev().take(n).collect();
            v.into_iter().rev().collect()
        };
        let (zh, en) = (
            tail(NEGATION_REACH.0),
            tail(NEGATION_REACH.1).to_lowercase(),
        );
        let negated = negation.zh.iter().any(|n| zh.contains(n.as_str()))
            || negation.en.iter().any(|n| en.contains(n.as_str()));
        if !negated {
            return Some(term);
        }
        // Skip past this occurrence (at least one character).
        let skip = rest
            .get(i..)
            .and_then(|r| r.chars().next())
            .map_or(1, char::len_utf8);
        prefix_len += i + skip;
        rest = text.get(prefix_len..)?;
    }
    None
}

/// The first text of `texts` with an affirmed term of `terms`.
pub(crate) fn first_affirmed<'a, 't>(
    ctx: &Ctx<'_>,
    terms: &'t Terms,
    texts: impl IntoIterator<Item = &'a Text>,
) -> Option<(&'a Text, &'t str)> {
    texts
        .into_iter()
        .find_map(|t| find_affirmed(ctx, terms, t).map(|term| (t, term)))
}

/// Whether any text of `texts` contains a term of `terms` (negations included).
pub(crate) fn mentions<'a>(terms: &Terms, texts: impl IntoIterator<Item = &'a Text>) -> bool {
    texts.into_iter().any(|t| {
        terms.find(&t.text).is_some() || t.translations.values().any(|v| terms.find(v).is_some())
    })
}

// ---------------------------------------------------------------------------
// Which texts a rule reads
// ---------------------------------------------------------------------------

/// Every text of the policy, from the model's one walk ([`Model::texts`]),
/// in source order.
pub(crate) fn all_texts(m: &Model) -> Vec<&Text> {
    let mut out = m.texts();
    out.sort_by_key(|t| t.span);
    out
}

/// Every text of one declaration, in field order (its walk).
pub(crate) fn texts_of(d: DeclRef<'_>) -> Vec<&Text> {
    let mut out = Vec::new();
    d.texts(&mut |t| out.push(t));
    out
}

// ---------------------------------------------------------------------------
// Readings of the model shared by several areas
// ---------------------------------------------------------------------------

/// Whether a declaration's `form` says its data is only anonymised or
/// aggregated: then it is no personal information (PIPL Art. 4 ¶1, Art.
/// 73(4)), and rules about processing personal information do not apply.
pub(crate) fn not_personal(form: Option<&crate::model::FormStmt>) -> bool {
    form.is_some_and(|f| {
        !f.forms.is_empty()
            && f.forms.iter().all(|x| {
                matches!(
                    x.value,
                    crate::model::words::DataForm::Anonymised
                        | crate::model::words::DataForm::Aggregated
                )
            })
    })
}

/// Whether consent of this kind is separate consent (单独同意); written
/// consent is stricter and counts.
pub(crate) fn is_separate(kind: Option<ConsentKind>) -> bool {
    matches!(kind, Some(ConsentKind::Separate | ConsentKind::Written))
}

/// Whether the declared bases show that the processing does not rely on
/// consent (PIPL Art. 13 ¶1 (2)–(7)): bases are given and none is consent.
pub(crate) fn relies_on_other_basis(bases: &[crate::model::Spanned<LegalBasis>]) -> bool {
    !bases.is_empty() && bases.iter().all(|b| b.value != LegalBasis::Consent)
}

/// PIPL Art. 23 governs provision to *another processor*. A recipient that
/// the policy calls entrusted (Art. 21) or an authority is outside it; a
/// recipient with no role is treated as another processor, since the policy
/// does not say otherwise.
pub(crate) fn is_other_processor(r: &Recipient) -> bool {
    !matches!(
        r.role.as_ref().map(|x| x.value),
        Some(Role::Entrusted | Role::Authority)
    )
}

/// Whether a function relies on consent: it says `basis consent`, or a
/// consent kind other than `none`, or states no basis at all (consent is
/// then the only basis a reader can assume).
pub(crate) fn relies_on_consent(f: &Function) -> bool {
    f.all_bases().any(|b| b.value == LegalBasis::Consent)
        || f.consent
            .as_ref()
            .is_some_and(|c| c.value != ConsentKind::None)
        || f.all_bases().next().is_none()
        // A purpose with no basis of its own beside purposes that have one.
        || f.purpose_without_basis().is_some()
}

/// The necessary PI items (item ids) of the declared app types, joined; `None`
/// when no app type is known or one of them (`other`) has no necessary set.
pub(crate) fn necessary_items<'t>(ctx: &Ctx<'t>) -> Option<BTreeSet<&'t str>> {
    if ctx.facts.app_types.is_empty() {
        return None;
    }
    let mut set = BTreeSet::new();
    for code in &ctx.facts.app_types {
        let at = ctx.taxonomy.app_type(code)?;
        set.extend(at.necessary.as_ref()?.iter().map(String::as_str));
    }
    Some(set)
}

/// Whether a category is within a necessary set. A category declared at
/// class level counts as necessary when any necessary item sits in that class
/// (the policy's wording may mean that item; we do not guess against it).
pub(crate) fn is_necessary(cat: &DataCategory, set: &BTreeSet<&str>, tax: &Taxonomy) -> bool {
    match &cat.taxonomy.item {
        // An item that only verifies another (an SMS code, the phone number)
        // is necessary wherever that one is.
        Some(item) => {
            set.contains(item.as_str())
                || tax
                    .item(item)
                    .and_then(|i| i.verifies.as_deref())
                    .is_some_and(|v| set.contains(v))
        }
        None => set
            .iter()
            .any(|i| tax.item(i).is_some_and(|it| it.class == cat.taxonomy.class)),
    }
}

/// The declared app types, for messages: `` `online-lending` ``.
pub(crate) fn app_types_label(ctx: &Ctx<'_>) -> String {
    ctx.facts
        .app_types
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Everything a function collects: its own `collects`, and those of the
/// permissions it uses or that name it. A function that lists its own data
/// gets from a permission only the items no other function using the
/// permission claims in its own `collects`: a camera shared by QR scanning
/// (which lists the QR content) and face verification (which lists the face)
/// does not make QR scanning process the face. A function that lists no data
/// of its own gets all of its permissions' items.
pub(crate) fn function_collects<'m>(m: &'m Model, f: &'m Function) -> Vec<&'m Collect> {
    let linked = |p: &Permission, g: &Function| {
        g.permissions.iter().any(|r| r.id == p.id) || p.functions.iter().any(|r| r.id == g.id)
    };
    let own = |g: &Function, id: &str| g.collects.iter().any(|c| c.data.id == id);
    let mut out: Vec<&Collect> = f.collects.iter().collect();
    for p in m.permissions.iter().filter(|p| linked(p, f)) {
        for c in &p.collects {
            let id = c.data.id.as_str();
            let claimed = m.functions.iter().any(|g| linked(p, g) && own(g, id));
            if !claimed || own(f, id) || f.collects.is_empty() {
                out.push(c);
            }
        }
    }
    out
}

/// Whether a declaration's `status` says it is only named (`mentioned`) or
/// does not happen now (`none-currently`): what it would process, or to
/// whom, cannot be described, so rules asking for those details skip it.
pub(crate) fn not_described(status: Option<&StatusStmt>) -> bool {
    status.is_some_and(|s| matches!(s.kind, Status::Mentioned | Status::NoneCurrently))
}

/// A data category as sensitive in this policy's context.
///
/// PIPL Art. 28 ¶1 names 金融账户: credentials and property data (whose
/// taxonomy `pipl28` is financial-account) are Art. 28 data only where they
/// are or guard a financial account — the items marked `account`, or any of
/// them when the declared sector is financial. Elsewhere they are sensitive
/// under GB/T 35273 only.
pub(crate) fn pipl28_in_context(ctx: &Ctx<'_>, d: &DataCategory) -> Option<Pipl28> {
    let named = ctx
        .taxonomy
        .pipl28(&d.taxonomy.class, d.taxonomy.item.as_deref());
    // A child's data is Art. 28's under-14 class whatever its own class.
    let class = match named {
        None | Some(Pipl28::FinancialAccount) if d.maybe_child() => return Some(Pipl28::Under14),
        None => return None,
        Some(c) => c,
    };
    if class != Pipl28::FinancialAccount {
        return Some(class);
    }
    let account = d
        .taxonomy
        .item
        .as_deref()
        .and_then(|i| ctx.taxonomy.item(i))
        .is_some_and(|i| i.account);
    let financial = ctx.facts.sector.is_some_and(|s| s.is_financial());
    (account || financial).then_some(class)
}

/// Whether the taxonomy, or PIPL Art. 28 for a child's data, makes a category
/// sensitive, whatever the policy says of it.
pub(crate) fn sensitive_by_law(d: &DataCategory) -> bool {
    d.taxonomy_sensitive || d.maybe_child()
}

/// Whether a category counts as sensitive: marked `sensitive yes`, or
/// sensitive by the taxonomy unless the policy says `sensitive no` and PIPL
/// Art. 28 does not itself name the category in this context (S001 checks
/// that override).
pub(crate) fn is_sensitive(ctx: &Ctx<'_>, d: &DataCategory) -> bool {
    match d.marked_sensitive.as_ref().map(|f| f.value) {
        Some(true) => true,
        Some(false) => sensitive_by_law(d) && pipl28_in_context(ctx, d).is_some(),
        None => sensitive_by_law(d),
    }
}

// ---------------------------------------------------------------------------
// Routes of rights: by oneself, or by asking someone
// ---------------------------------------------------------------------------

/// Whether a channel asks a person: customer service, phone, e-mail, post,
/// a visit, an online request. `other` says too little to tell.
pub(crate) fn by_request(c: crate::model::words::Channel) -> bool {
    use crate::model::words::Channel;
    matches!(
        c,
        Channel::Phone
            | Channel::Email
            | Channel::Post
            | Channel::Address
            | Channel::Online
            | Channel::CustomerService
            | Channel::Wechat
            | Channel::VoiceCall
            | Channel::Letter
            | Channel::InPerson
    )
}

/// Whether a right is one of the individual's rights over the processing
/// (PIPL Ch. IV) whose requests the App rules 六.3 time-limit when they are
/// handled by hand: not a marketing opt-out, a complaint, or the general
/// rights to know and decide.
pub(crate) fn time_limited_right(r: &crate::model::Right) -> bool {
    use crate::model::words::RightKind;
    r.covers.iter().any(|k| {
        !matches!(
            k.value,
            RightKind::Know | RightKind::Decide | RightKind::MarketingOptOut | RightKind::Complain
        )
    })
}

/// Whether closing the account is offered only by asking someone, with no
/// time promised for handling it (U009's case; U007 leaves such a right to
/// it). Closure on conditions is read from the text by U009.
pub(crate) fn closure_only_by_request(r: &crate::model::Right) -> bool {
    use crate::model::words::RightKind;
    r.covers.iter().any(|k| k.value == RightKind::CloseAccount)
        && r.response.is_none()
        && r.paths.is_empty()
        && !r.channels.is_empty()
        && r.channels.iter().all(|c| by_request(c.kind))
}

/// Whether an opt-out refuses personalisation. Revoking a device
/// permission or closing the account is not a way to refuse personalised
/// marketing or recommendation ("定向推送的退出机制" that is the OS
/// permission screen; "如果您不想接收…商业广告…注销账户"): such routes do
/// not count (A002, A004; PIPL Art. 24 ¶2).
pub(crate) fn refuses_personalisation(ctx: &Ctx<'_>, c: &crate::model::ChannelRef) -> bool {
    use crate::model::words::Channel;
    let device = ctx.lexicon.terms("permission-settings-route");
    let leave = ctx.lexicon.terms("leave-route");
    !matches!(c.kind, Channel::CloseAccount | Channel::PermissionSwitch)
        && !c.value.as_ref().is_some_and(|v| {
            mentions(device, std::iter::once(v)) || mentions(leave, std::iter::once(v))
        })
}

/// Every contact or channel by which the processor itself can be reached:
/// the processor's contacts, the officer's, the complaint channels.
pub(crate) fn own_contacts<'m>(ctx: &Ctx<'m>) -> Vec<&'m ChannelRef> {
    let m = ctx.model;
    let mut out: Vec<&ChannelRef> = Vec::new();
    if let Some(p) = &m.processor {
        out.extend(&p.contacts);
    }
    if let Some(o) = &m.officer {
        out.extend(&o.contacts);
    }
    if let Some(c) = &m.complaints {
        out.extend(&c.channels);
    }
    out
}

/// Whether a `stored-at` names only places on the user's side
/// (`user-device`, `user-hardware`): the processor keeps nothing there.
pub(crate) fn user_side_only(s: Option<&crate::model::StoredAtStmt>) -> bool {
    use crate::model::words::StoragePlace;
    s.is_some_and(|s| {
        !s.places.is_empty()
            && s.places.iter().all(|p| {
                matches!(
                    p.value,
                    StoragePlace::UserDevice | StoragePlace::UserHardware
                )
            })
    })
}

/// Whether category `id` is collected only by functions whose data is kept
/// on the user's side (`stored-at user-device`, douban's search keywords
/// "进行本地存储"; zspace's photo backup to the user's own NAS): no SDK,
/// permission or processing collects it, and at least one function does.
/// The processor then retains none of it, and has no retention period to
/// state for it.
pub(crate) fn kept_on_user_side_only(m: &Model, id: &str) -> bool {
    let mut functions = m.functions_collecting(id).peekable();
    functions.peek().is_some()
        && functions.all(|f| user_side_only(f.stored_at.as_ref()))
        && m.sdks_collecting(id).next().is_none()
        && !m
            .permissions
            .iter()
            .any(|p| p.collects.iter().any(|c| c.data.id == id))
        && !m
            .processing
            .iter()
            .any(|p| p.collects.iter().any(|c| c.data.id == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negated_terms_are_skipped() {
        let terms = Terms {
            note: None,
            zh: vec!["用于其他用途".into()],
            en: vec![],
            ..Terms::default()
        };
        let Ok(lexicon) = crate::check::Lexicon::builtin() else {
            panic!("the built-in lexicon loads");
        };
        let negation = lexicon.terms("negation");
        let find = |text| find_affirmed_str(negation, &terms, text);
        assert_eq!(find("我们不会用于其他用途"), None);
        assert_eq!(find("不会这样。可用于其他用途"), Some("用于其他用途"));
        assert_eq!(find("可以用于其他用途"), Some("用于其他用途"));
    }

    #[test]
    fn words_are_joined() {
        use crate::lang::Lang;
        let one = crate::msg!("todo.unfilled-what", what = join_words(&["a"]));
        assert_eq!(one.render(Lang::En), "unfilled placeholder: a");
        let three = crate::msg!("todo.unfilled-what", what = join_words(&["a", "b", "c"]));
        assert_eq!(three.render(Lang::En), "unfilled placeholder: a, b and c");
        assert_eq!(three.render(Lang::Zh), "未填写的占位内容：a、b和c");
    }
}
