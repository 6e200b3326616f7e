//! S: sensitive personal information (PIPL Art. 28–30) and statements that
//! contradict each other.

use std::collections::{BTreeMap, BTreeSet};

use super::support::{
    find_in_text, fn_name, function_collects, ids, is_sensitive, kw, pipl28_in_context,
    relies_on_consent, sensitive_by_law,
};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::words::{ConsentKind, LegalBasis, SensitivityClaim};
use crate::model::{Collect, DataCategory, DataSet, Model, Permission, Retention, Text};
use crate::source::Span;

pub static RULES: &[&Rule] = &[
    &S001_SENSITIVE_CATEGORY_NOT_MARKED,
    &S002_SENSITIVE_WITHOUT_SEPARATE_CONSENT,
    &S003_SENSITIVE_WITHOUT_NECESSITY_AND_IMPACT,
    &S004_BIOMETRIC_WITHOUT_RETENTION,
    &S005_CONTRADICTORY_STATEMENTS,
];

/// The span to report a category at: the `data` keyword of its declaration,
/// or its first use for a taxonomy name used directly.
fn cat_span(d: &DataCategory) -> Span {
    if d.declared {
        kw(d.span, "data")
    } else {
        d.span
    }
}

// ---------------------------------------------------------------------------

pub static S001_SENSITIVE_CATEGORY_NOT_MARKED: Rule = Rule {
    code: "S001",
    name: "sensitive-category-not-marked",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "28").para(1),
        LegalRef::new("GB35273", "5.5").derived(),
    ],
    summary: "a sensitive data category is not marked as sensitive",
    explanation: include_str!("../../../docs/rules/S001.md"),
    check: check_s001,
};

/// Class-level declarations (`data x = financial "财产信息"`) speak for the
/// whole class: marking one sensitive, or giving its necessity or impact,
/// covers the items of that class the policy declares elsewhere.
fn class_level(m: &Model) -> impl Iterator<Item = &DataCategory> {
    m.data
        .iter()
        .filter(|d| d.declared && d.taxonomy.item.is_none())
}

/// Every `collects` line of the policy: functions, processing, SDKs and
/// permissions.
fn all_collects(m: &Model) -> impl Iterator<Item = &Collect> {
    m.functions
        .iter()
        .flat_map(|f| &f.collects)
        .chain(m.processing.iter().flat_map(|p| &p.collects))
        .chain(m.sdks.iter().flat_map(|s| &s.collects))
        .chain(m.permissions.iter().flat_map(|p| &p.collects))
}

/// What the `collects` lines say of categories in context: the ids a line
/// calls sensitive (`sensitive yes` in its body), and the ids a line gives a
/// necessity or an impact for (PIPL Art. 30 stated per collection).
struct InContext<'m> {
    sensitive: BTreeSet<&'m str>,
    necessity: BTreeSet<&'m str>,
    impact: BTreeSet<&'m str>,
}

impl<'m> InContext<'m> {
    fn of(m: &'m Model) -> InContext<'m> {
        let has = |t: &Option<Text>| t.as_ref().is_some_and(|t| !t.text.trim().is_empty());
        let mut out = InContext {
            sensitive: BTreeSet::new(),
            necessity: BTreeSet::new(),
            impact: BTreeSet::new(),
        };
        for c in all_collects(m) {
            let id = c.data.id.as_str();
            if c.sensitivity
                .as_ref()
                .is_some_and(|s| s.claim == SensitivityClaim::Yes)
            {
                out.sensitive.insert(id);
            }
            if has(&c.necessity) {
                out.necessity.insert(id);
            }
            if has(&c.impact) {
                out.impact.insert(id);
            }
        }
        out
    }
}

fn check_s001(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let marked_classes: BTreeSet<&str> = class_level(m)
        .filter(|d| d.marked_sensitive.as_ref().is_some_and(|f| f.value))
        .map(|d| d.taxonomy.class.as_str())
        .collect();
    let context = InContext::of(m);
    for d in m.data.iter().filter(|d| d.declared && sensitive_by_law(d)) {
        let marked = d.marked_sensitive.as_ref();
        if marked.is_some_and(|f| f.value) {
            continue;
        }
        // A collection that calls the items sensitive where it collects
        // them (`collects … { sensitive yes }`) marks them.
        if marked.is_none() && context.sensitive.contains(d.id.as_str()) {
            continue;
        }
        if marked.is_none() && marked_classes.contains(d.taxonomy.class.as_str()) {
            continue;
        }
        // An error where PIPL Art. 28 itself names the class (the
        // taxonomy's `pipl28`); a warning where only GB/T 35273 Table B.1
        // (or GB/T 45574 "其他") calls it sensitive.
        // In context: a credential or property item is Art. 28's 金融账户
        // only where it is or guards a financial account.
        let pipl_named = pipl28_in_context(ctx, d).is_some();
        let severity = if pipl_named {
            Severity::Error
        } else {
            Severity::Warning
        };
        // A child's data is sensitive as a child's (Art. 28's under-14 class).
        let code = if !d.taxonomy_sensitive && d.maybe_child() {
            "minor-u14"
        } else {
            d.taxonomy.class.as_str()
        };
        let class = ctx.taxonomy.class(code).map_or(code, |c| c.zh.as_str());
        // Say which source makes it sensitive: PIPL itself, or the standard.
        let what = if pipl_named {
            crate::msg!("sensitive.what.pipl")
        } else {
            crate::msg!("sensitive.what.standard")
        };
        match marked {
            // The author's `sensitive no "reason"` holds where PIPL does not
            // itself name the category in this context.
            Some(_) if !pipl_named => {}
            Some(no) => {
                sink.report(
                    no.span,
                    crate::msg!(
                        "sensitive.marked-not",
                        data = &d.id,
                        class = class.to_string(),
                        what = what.clone()
                    ),
                )
                .label(crate::msg!("sensitive.no"))
                .help(crate::msg!("sensitive.write-yes-highlight-category"))
                .severity(severity);
            }
            None => {
                sink.report(
                    kw(d.span, "data"),
                    crate::msg!(
                        "sensitive.policy-does-not-mark",
                        data = &d.id,
                        class = class.to_string(),
                        what = what.clone()
                    ),
                )
                .label(crate::msg!("sensitive.not-marked"))
                .help(crate::msg!("sensitive.add-yes-so-policy"))
                .severity(severity);
            }
        }
    }
}

// ---------------------------------------------------------------------------

pub static S002_SENSITIVE_WITHOUT_SEPARATE_CONSENT: Rule = Rule {
    code: "S002",
    name: "sensitive-without-separate-consent",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "29")],
    summary: "sensitive personal information processed on consent that is not separate",
    explanation: include_str!("../../../docs/rules/S002.md"),
    check: check_s002,
};

fn check_s002(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let bundled = m
        .consent
        .as_ref()
        .and_then(|c| c.bundled.as_ref())
        .filter(|b| b.value);
    // Each function that relies on consent, with what it collects; then
    // each processing declaration that collects data of its own (automatic
    // collection outside the functions) on the same terms.
    let functions = m
        .functions
        .iter()
        .filter(|f| relies_on_consent(f))
        .map(|f| {
            let at = kw(f.span, "function");
            (
                true,
                fn_name(f),
                at,
                f.consent.as_ref(),
                function_collects(m, f),
            )
        });
    let processing = m
        .processing
        .iter()
        .filter(|p| {
            p.bases.iter().any(|b| b.value == LegalBasis::Consent)
                || p.consent
                    .as_ref()
                    .is_some_and(|c| c.value != ConsentKind::None)
                || p.bases.is_empty()
        })
        .map(|p| {
            let at = kw(p.span, "processing");
            let collects: Vec<&Collect> = p.collects.iter().collect();
            (
                false,
                format!("`{}`", p.id),
                at,
                p.consent.as_ref(),
                collects,
            )
        });
    for (function, name, at, consent, collects) in functions.chain(processing) {
        let mut sensitive: Vec<&str> = collects
            .iter()
            // An item the text bases on something other than consent (a legal
            // duty for the phone number at sign-up) needs no consent at all.
            .filter(|c| {
                c.bases.is_empty() || c.bases.iter().any(|b| b.value == LegalBasis::Consent)
            })
            .filter_map(|c| m.category(&c.data.id))
            .filter(|c| is_sensitive(ctx, c))
            .map(|c| c.id.as_str())
            .collect();
        sensitive.sort_unstable();
        sensitive.dedup();
        if sensitive.is_empty() {
            continue;
        }
        let list = ids(sensitive.iter().copied());
        match consent {
            Some(k)
                if matches!(
                    k.value,
                    ConsentKind::Separate | ConsentKind::Written | ConsentKind::Guardian
                ) =>
            {
                if let Some(b) = bundled {
                    sink.report(
                        k.span,
                        if function {
                            crate::msg!(
                                "sensitive.function-claims-separate-consent",
                                function = &name,
                                list = &list
                            )
                        } else {
                            crate::msg!(
                                "sensitive.processing-claims-separate-consent",
                                processing = &name,
                                list = &list
                            )
                        },
                    )
                    .label(crate::msg!("sensitive.not-separate-practice"))
                    .related(b.span, crate::msg!("sensitive.consent-bundled"))
                    .help(crate::msg!("sensitive.ask-consent-own-step"));
                }
            }
            Some(k) => {
                sink.report(
                    k.span,
                    if function {
                        crate::msg!(
                            "sensitive.function-processes-consent",
                            function = &name,
                            list = &list,
                            kind = k.value.to_string()
                        )
                    } else {
                        crate::msg!(
                            "sensitive.processing-processes-consent",
                            processing = &name,
                            list = &list,
                            kind = k.value.to_string()
                        )
                    },
                )
                .label(crate::msg!("sensitive.not-separate-consent"))
                .help(crate::msg!("sensitive.ask-separate-consent-consent"));
            }
            None => {
                sink.report(
                    at,
                    if function {
                        crate::msg!(
                            "sensitive.function-processes-without-separate",
                            function = &name,
                            list = &list
                        )
                    } else {
                        crate::msg!(
                            "sensitive.processing-processes-without-separate",
                            processing = &name,
                            list = &list
                        )
                    },
                )
                .label(crate::msg!("sensitive.no-consent-separate"))
                .help(crate::msg!("sensitive.ask-separate-consent-consent"));
            }
        }
    }
}

// ---------------------------------------------------------------------------

pub static S003_SENSITIVE_WITHOUT_NECESSITY_AND_IMPACT: Rule = Rule {
    code: "S003",
    name: "sensitive-without-necessity-and-impact",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "30"),
        LegalRef::new("NDSR", "21").para(1).item(2),
    ],
    summary: "a sensitive category without its necessity and its impact on the individual",
    explanation: include_str!("../../../docs/rules/S003.md"),
    check: check_s003,
};

fn check_s003(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let has = |t: &Option<Text>| t.as_ref().is_some_and(|t| !t.text.trim().is_empty());
    let class_necessity: BTreeSet<&str> = class_level(m)
        .filter(|d| has(&d.necessity))
        .map(|d| d.taxonomy.class.as_str())
        .collect();
    let class_impact: BTreeSet<&str> = class_level(m)
        .filter(|d| has(&d.impact))
        .map(|d| d.taxonomy.class.as_str())
        .collect();
    let context = InContext::of(m);
    // A category a collection calls sensitive in its context needs the
    // statements as much as one sensitive in itself; a necessity or impact
    // stated where it is collected counts as the category's.
    let sensitive =
        |d: &DataCategory| is_sensitive(ctx, d) || context.sensitive.contains(d.id.as_str());
    for d in m.data.iter().filter(|d| sensitive(d)) {
        let class = d.taxonomy.class.as_str();
        let id = d.id.as_str();
        let necessity =
            has(&d.necessity) || class_necessity.contains(class) || context.necessity.contains(id);
        let impact = has(&d.impact) || class_impact.contains(class) || context.impact.contains(id);
        let missing: Vec<&str> = [("necessity", necessity), ("impact", impact)]
            .into_iter()
            .filter(|(_, ok)| !ok)
            .map(|(w, _)| w)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let help = if d.declared {
            let fields: Vec<String> = missing.iter().map(|w| format!("`{w} \"…\"`")).collect();
            crate::msg!(
                "sensitive.add-fields-to-data",
                fields = crate::messages::words(fields),
                data = &d.id
            )
        } else {
            crate::msg!("sensitive.declare-data-with-necessity-impact", data = &d.id)
        };
        let msg = match missing.as_slice() {
            [_, _] => crate::msg!("sensitive.neither-necessity-nor-impact", data = &d.id),
            ["necessity"] => crate::msg!("sensitive.no-necessity", data = &d.id),
            _ => crate::msg!("sensitive.no-impact", data = &d.id),
        };
        sink.report(cat_span(d), msg)
            .label(crate::msg!("sensitive.category"))
            .help(help);
    }
}

// ---------------------------------------------------------------------------

pub static S004_BIOMETRIC_WITHOUT_RETENTION: Rule = Rule {
    code: "S004",
    name: "biometric-without-retention",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("PIPL", "17").para(1).item(2),
        LegalRef::new("PIPL", "19"),
        LegalRef::new("GB35273", "5.4").derived(),
    ],
    summary: "biometric data without a stated retention period",
    explanation: include_str!("../../../docs/rules/S004.md"),
    check: check_s004,
};

/// Permissions by the categories they collect, and the functions that list
/// each permission: built once per rule, so that finding the retention of
/// every category does not scan every permission and function each time.
struct Permissions<'m> {
    /// Category id → the permissions that collect it (each once, in order).
    collecting: BTreeMap<&'m str, Vec<&'m Permission>>,
    /// Permission id → the ids of the functions that list it.
    users: BTreeMap<&'m str, Vec<&'m str>>,
}

impl<'m> Permissions<'m> {
    fn of(m: &'m Model) -> Permissions<'m> {
        let mut collecting: BTreeMap<&str, Vec<&Permission>> = BTreeMap::new();
        for p in &m.permissions {
            for c in &p.collects {
                let list = collecting.entry(c.data.id.as_str()).or_default();
                if !list.last().is_some_and(|l| std::ptr::eq(*l, p)) {
                    list.push(p);
                }
            }
        }
        let mut users: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &m.functions {
            for r in &f.permissions {
                users.entry(r.id.as_str()).or_default().push(f.id.as_str());
            }
        }
        Permissions { collecting, users }
    }
}

/// The retention entries that cover a category: by data, by `all`, or by a
/// function that collects it.
fn covering<'m>(m: &'m Model, perms: &Permissions<'m>, d: &DataCategory) -> Vec<&'m Retention> {
    // The functions that collect `d`, directly or through a permission.
    let mut collecting: BTreeSet<&str> = m
        .functions_collecting(&d.id)
        .map(|f| f.id.as_str())
        .collect();
    for p in perms.collecting.get(d.id.as_str()).into_iter().flatten() {
        collecting.extend(p.functions.iter().map(|f| f.id.as_str()));
        collecting.extend(perms.users.get(p.id.as_str()).into_iter().flatten());
    }
    // Positions of the entries that cover it: `all`, by data, by function.
    let mut at: BTreeSet<usize> = m.retention_index.all.iter().copied().collect();
    if let Some(c) = m.collectors.get(&d.id) {
        at.extend(&c.retention);
    }
    for f in collecting {
        if let Some(v) = m.retention_index.by_function.get(f) {
            at.extend(v);
        }
    }
    at.into_iter().filter_map(|i| m.retention.get(i)).collect()
}
fn check_s004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let perms = Permissions::of(m);
    for d in m.data.iter().filter(|d| d.taxonomy.class == "biometric") {
        // Biometric data needs a period of its own: a general statement for
        // all data (`data all`) does not give one.
        let rules: Vec<_> = covering(m, &perms, d)
            .into_iter()
            .filter(|r| !matches!(r.data, DataSet::All))
            .collect();
        if rules.is_empty() {
            sink.report(
                cat_span(d),
                crate::msg!("sensitive.biometric-has-no-retention", data = &d.id),
            )
            .label(crate::msg!("sensitive.no-retention"))
            .help(crate::msg!(
                "sensitive.add-retention-data-at-most",
                data = &d.id
            ));
            continue;
        }
        let bounded = rules
            .iter()
            .any(|r| r.at_most.is_some() || r.until.is_some() || !r.determined_by.is_empty());
        if !bounded {
            if let Some(r) = rules.first() {
                sink.report(
                    kw(r.span, "retention"),
                    crate::msg!("sensitive.biometric-kept-no-upper", data = &d.id),
                )
                .label(crate::msg!("sensitive.no-at-most-until"))
                .related(cat_span(d), crate::msg!("sensitive.biometric-data"))
                .help(crate::msg!("sensitive.give-at-most-until-biometric"))
                .severity(Severity::Warning);
            }
        }
    }
}

// ---------------------------------------------------------------------------

pub static S005_CONTRADICTORY_STATEMENTS: Rule = Rule {
    code: "S005",
    name: "contradictory-statements",
    severity: Severity::Warning,
    legal: &[
        LegalRef::new("PIPL", "7"),
        LegalRef::new("GB35273", "6.3").derived(),
    ],
    summary: "two statements of the policy contradict each other",
    explanation: include_str!("../../../docs/rules/S005.md"),
    check: check_s005,
};

/// Who a statement about data speaks for: the processor, or an SDK (whose
/// "deleted after verification" may be about the provider's own copy).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin<'m> {
    Own,
    Sdk(&'m str),
}

/// The names a text may call a category by: its label, its taxonomy name
/// and aliases (two characters or more).
fn names_of(ctx: &Ctx<'_>, d: &DataCategory) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    if let Some(l) = &d.label {
        names.push(l.text.clone());
    }
    if let Some(item) = d
        .taxonomy
        .item
        .as_deref()
        .and_then(|i| ctx.taxonomy.item(i))
    {
        names.push(item.zh.clone());
        names.extend(item.aliases.iter().cloned());
    }
    names.retain(|n| n.chars().count() >= 2);
    names
}

/// The texts of sections and storage (prose about no declaration in
/// particular), and which of them contain each name: one multi-pattern scan
/// of those texts for the names of every sensitive category, instead of
/// one scan of every text per category.
struct General<'m> {
    texts: Vec<&'m Text>,
    /// The names looked for, sorted and distinct.
    names: Vec<String>,
    /// For each name, the positions in `texts` of the texts containing it,
    /// ascending.
    containing: Vec<Vec<usize>>,
}

impl<'m> General<'m> {
    fn of(ctx: &Ctx<'m>) -> General<'m> {
        let m = ctx.model;
        let texts: Vec<&Text> = m
            .sections
            .iter()
            .flat_map(|s| &s.text)
            .chain(m.storage.iter().flat_map(|s| &s.text))
            .collect();
        let names: BTreeSet<String> = m
            .data
            .iter()
            .filter(|d| is_sensitive(ctx, d))
            .flat_map(|d| names_of(ctx, d))
            .collect();
        let names: Vec<String> = names.into_iter().collect();
        let mut containing: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        let mut add = |n: usize, i: usize| {
            if let Some(list) = containing.get_mut(n) {
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        };
        let ac = aho_corasick::AhoCorasick::builder()
            .kind(Some(crate::check::lexicon::CHEAP))
            .build(&names);
        match ac {
            Ok(ac) => {
                for (i, t) in texts.iter().enumerate() {
                    for hit in ac.find_overlapping_iter(t.text.as_str()) {
                        add(hit.pattern().as_usize(), i);
                    }
                }
            }
            // Too many names for an automaton: one search per name.
            Err(_) => {
                for (i, t) in texts.iter().enumerate() {
                    for (n, name) in names.iter().enumerate() {
                        if t.text.contains(name.as_str()) {
                            add(n, i);
                        }
                    }
                }
            }
        }
        General {
            texts,
            names,
            containing,
        }
    }

    /// The texts that contain any of `names`, in order.
    fn mentioning(&self, names: &[String]) -> impl Iterator<Item = &'m Text> + '_ {
        let at: BTreeSet<usize> = names
            .iter()
            .filter_map(|n| self.names.binary_search(n).ok())
            .filter_map(|n| self.containing.get(n))
            .flatten()
            .copied()
            .collect();
        at.into_iter().filter_map(|i| self.texts.get(i).copied())
    }
}

/// The texts that speak about a category: attached to it (its own texts, the
/// note of a `collects` naming it, the texts of an SDK that collects it, a
/// retention entry for it alone) or, elsewhere, mentioning it by its label,
/// its taxonomy name or an alias.
fn texts_about<'m>(
    ctx: &Ctx<'m>,
    perms: &Permissions<'m>,
    general: &General<'m>,
    d: &'m DataCategory,
) -> Vec<(&'m Text, Origin<'m>)> {
    let m = ctx.model;
    let names = names_of(ctx, d);
    let mentions = |t: &Text| names.iter().any(|n| t.text.contains(n.as_str()));
    let mut direct: Vec<(&Text, Origin<'m>)> = d
        .text
        .iter()
        .chain(&d.necessity)
        .chain(&d.impact)
        .map(|t| (t, Origin::Own))
        .collect();
    let mut nearby: Vec<&Text> = Vec::new();
    for f in m.functions_collecting(&d.id) {
        if let Some(c) = f.collects.iter().find(|c| c.data.id == d.id) {
            direct.extend(c.note.iter().map(|t| (t, Origin::Own)));
            direct.extend(
                c.necessity
                    .iter()
                    .chain(&c.impact)
                    .map(|t| (t, Origin::Own)),
            );
            nearby.extend(f.text.iter());
        }
    }
    for s in m.sdks_collecting(&d.id) {
        if let Some(c) = s.collects.iter().find(|c| c.data.id == d.id) {
            let texts = c
                .note
                .iter()
                .chain(&s.text)
                .chain(s.deidentified.iter().filter_map(|b| b.text.as_ref()));
            direct.extend(texts.map(|t| (t, Origin::Sdk(s.id.as_str()))));
        }
    }
    for r in covering(m, perms, d) {
        let only_this = matches!(&r.data, DataSet::List(v) if v.iter().all(|x| x.id == d.id));
        let texts = r
            .text
            .iter()
            .chain(&r.until)
            .chain(r.expiry.iter().filter_map(|e| e.text.as_ref()));
        if only_this {
            direct.extend(texts.map(|t| (t, Origin::Own)));
        } else {
            nearby.extend(texts);
        }
    }
    direct.extend(
        nearby
            .into_iter()
            .filter(|t| mentions(t))
            .chain(general.mentioning(&names))
            .map(|t| (t, Origin::Own)),
    );
    direct.sort_by_key(|(t, _)| t.span);
    direct.dedup_by_key(|(t, _)| t.span);
    direct
}

fn check_s005(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let deleted = ctx.lexicon.terms("contradiction-deleted");
    let stored = ctx.lexicon.terms("contradiction-stored");
    let mut seen: BTreeSet<(Span, Span)> = BTreeSet::new();
    let perms = Permissions::of(m);
    let general = General::of(ctx);
    // The same texts (sections, storage) speak about many categories: each
    // text is searched once, by address.
    let mut words: BTreeMap<usize, (Option<String>, Option<String>)> = BTreeMap::new();
    let mut words_of = |t: &Text| {
        words
            .entry(std::ptr::from_ref(t) as usize)
            .or_insert_with(|| (find_in_text(deleted, t), find_in_text(stored, t)))
            .clone()
    };
    for d in m.data.iter().filter(|d| is_sensitive(ctx, d)) {
        let texts = texts_about(ctx, &perms, &general, d);
        let found: Vec<(&Text, Origin<'_>, Option<String>, Option<String>)> = texts
            .iter()
            .map(|(t, o)| {
                let (del, kept) = words_of(t);
                (*t, *o, del, kept)
            })
            .collect();
        let del = found
            .iter()
            .find_map(|(t, o, del, _)| del.clone().map(|w| (*t, *o, w)));
        // A text that says both ("不会存储…，核验后删除") is one consistent statement.
        let kept = found
            .iter()
            .filter(|(_, _, del, _)| del.is_none())
            .find_map(|(t, o, _, kept)| kept.clone().map(|w| (*t, *o, w)));
        let (Some((dt, dorigin, dw)), Some((st, sorigin, sw))) = (del, kept) else {
            continue;
        };
        if !seen.insert((st.span, dt.span)) {
            continue;
        }
        let msg = match (sorigin, dorigin) {
            (Origin::Own, Origin::Sdk(sdk)) => crate::msg!(
                "sensitive.kept-but-sdk-deletes",
                data = &d.id,
                kept = sw.to_string(),
                sdk = sdk.to_string(),
                deleted = dw.to_string()
            ),
            _ => crate::msg!(
                "sensitive.kept-contradicts-deleted",
                kept = sw.to_string(),
                deleted = dw.to_string(),
                data = &d.id
            ),
        };
        sink.report(st.span, msg)
            .label(crate::msg!("sensitive.says-data-kept"))
            .related(dt.span, crate::msg!("sensitive.says-data-deleted"))
            .help(crate::msg!("sensitive.make-statements-agree-say"));
    }
}
