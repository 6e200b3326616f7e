//! Retention (PIPL Art. 17, 19; NDSR Art. 21; Anti-Money-Laundering Law Art. 34).

use super::support::{first_affirmed, kw, mentions, texts_of};
use crate::check::rule::{Ctx, LegalRef, Rule, Severity, Sink};
use crate::model::words::{DataForm, Expiry};
use std::collections::{BTreeMap, BTreeSet};

use crate::check::thresholds::Thresholds;
use crate::model::{DataCategory, DataSet, DeclRef, Retention};

pub static RULES: &[&Rule] = &[
    &R001_CATEGORY_WITHOUT_RETENTION,
    &R002_RETENTION_WITHOUT_UPPER_BOUND,
    &R003_RETENTION_WITHOUT_EXPIRY_HANDLING,
    &R004_OUTDATED_AML_RETENTION,
    &R007_CESSATION_CLAUSE_INCOMPLETE,
];

// ---------------------------------------------------------------------------
// R001
// ---------------------------------------------------------------------------

pub static R001_CATEGORY_WITHOUT_RETENTION: Rule = Rule {
    code: "R001",
    name: "category-without-retention",
    severity: Severity::Error,
    legal: &[LegalRef::new("PIPL", "17").para(1).item(2)],
    summary: "a collected data category has no retention period",
    explanation: include_str!("../../../docs/rules/R001.md"),
    check: check_r001,
};

fn check_r001(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    // Categories the processor itself collects, with the functions that do.
    let mut collected: Vec<(&DataCategory, crate::source::Span, Vec<&str>)> = Vec::new();
    let mut position: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &m.functions {
        for c in &f.collects {
            let Some(d) = m.category(&c.data.id) else {
                continue;
            };
            match position
                .get(d.id.as_str())
                .and_then(|&i| collected.get_mut(i))
            {
                Some((_, _, by)) => by.push(f.id.as_str()),
                None => {
                    let at = if d.declared {
                        kw(d.span, "data")
                    } else {
                        c.data.span
                    };
                    position.insert(d.id.as_str(), collected.len());
                    collected.push((d, at, vec![f.id.as_str()]));
                }
            }
        }
    }
    if collected.is_empty() {
        return;
    }
    if m.retention.is_empty() {
        sink.report(
            ctx.model.header.head,
            crate::msg!("retention.policy-states-no-period"),
        )
        .label(crate::msg!("retention.no-declaration"))
        .help(crate::msg!("retention.add-declarations-say-how"));
        return;
    }
    let coverage = Coverage::of(ctx);
    for (d, at, by) in &collected {
        if coverage.covers(d, by) {
            continue;
        }
        sink.report(*at, crate::msg!("retention.no-period-covers", data = &d.id))
            .label(crate::msg!("retention.collected-kept-unstated-time"))
            .help(crate::msg!(
                "retention.name-function-collects-declaration",
                data = &d.id
            ));
    }
}

/// What the retention declarations cover, gathered once.
struct Coverage<'m> {
    /// A general statement (no data and no functions named) or `data all`.
    general: bool,
    ids: BTreeSet<&'m str>,
    /// Taxonomy classes covered by a retention for a whole class.
    classes: BTreeSet<&'m str>,
    functions: BTreeSet<&'m str>,
}

impl<'m> Coverage<'m> {
    fn of(ctx: &Ctx<'m>) -> Coverage<'m> {
        let mut c = Coverage {
            general: false,
            ids: BTreeSet::new(),
            classes: BTreeSet::new(),
            functions: BTreeSet::new(),
        };
        for r in &ctx.model.retention {
            if matches!(r.data, DataSet::All) || (r.data.is_empty() && r.functions.is_empty()) {
                c.general = true;
            }
            for x in r.data.refs() {
                c.ids.insert(x.id.as_str());
                if let Some(cat) = ctx.model.category(&x.id) {
                    if cat.taxonomy.item.is_none() {
                        c.classes.insert(cat.taxonomy.class.as_str());
                    }
                }
            }
            c.functions
                .extend(r.functions.iter().map(|f| f.id.as_str()));
        }
        c
    }

    fn covers(&self, d: &DataCategory, by: &[&str]) -> bool {
        self.general
            || self.ids.contains(d.id.as_str())
            || self.classes.contains(d.taxonomy.class.as_str())
            || by.iter().any(|f| self.functions.contains(f))
    }
}

// ---------------------------------------------------------------------------
// R002
// ---------------------------------------------------------------------------

pub static R002_RETENTION_WITHOUT_UPPER_BOUND: Rule = Rule {
    code: "R002",
    name: "retention-without-upper-bound",
    severity: Severity::Warning,
    legal: &[LegalRef::new("PIPL", "19")],
    summary: "retention is given only as a floor, as indefinite, or as open to extension",
    explanation: include_str!("../../../docs/rules/R002.md"),
    check: check_r002,
};

/// A retention entry whose data is kept only on the user's side (`stored-at
/// user-device` or `user-hardware`, no processor or cloud place): the
/// processor retains nothing, so its period and end treatment are not the
/// processor's to state (douban's search keywords "进行本地存储").
fn kept_by_user_only(r: &Retention) -> bool {
    use crate::model::words::StoragePlace;
    r.stored_at.as_ref().is_some_and(|s| {
        !s.places.is_empty()
            && s.places.iter().all(|p| {
                matches!(
                    p.value,
                    StoragePlace::UserDevice | StoragePlace::UserHardware
                )
            })
    })
}

fn check_r002(ctx: &Ctx<'_>, sink: &mut Sink) {
    let floor = ctx.lexicon.terms("retention-floor");
    for r in ctx.model.retention.iter().filter(|r| !kept_by_user_only(r)) {
        let bounded = r.at_most.is_some() || r.until.is_some();
        if let Some(ind) = &r.indefinite {
            sink.report(
                ind.span,
                crate::msg!("retention.keeps-data-no-end", id = &r.id),
            )
            .label(crate::msg!("retention.indefinite"))
            .help(crate::msg!("retention.state-longest-period-event"));
            continue;
        }
        if bounded {
            continue;
        }
        if let Some(min) = &r.at_least {
            sink.report(
                min.span,
                crate::msg!(
                    "retention.gives-only-minimum-no",
                    id = &r.id,
                    min = min.value.to_string()
                ),
            )
            .label(crate::msg!("retention.floor-not-limit"))
            .help(crate::msg!("retention.add-at-most-until-law"));
            continue;
        }
        if let Some((t, term)) = first_affirmed(ctx, floor, texts_of(DeclRef::Retention(r))) {
            sink.report(
                t.span,
                crate::msg!("retention.open-ended", id = &r.id, term = term.to_string()),
            )
            .label(crate::msg!("retention.no-upper-bound"))
            .help(crate::msg!("retention.state-longest-period-ending"));
        }
    }
}

// ---------------------------------------------------------------------------
// R003
// ---------------------------------------------------------------------------

pub static R003_RETENTION_WITHOUT_EXPIRY_HANDLING: Rule = Rule {
    code: "R003",
    name: "retention-without-expiry-handling",
    severity: Severity::Error,
    legal: &[
        LegalRef::new("NDSR", "21").para(1).item(3),
        LegalRef::new("PIPL", "47").para(1),
    ],
    summary: "a retention period does not say what happens to the data when it ends",
    explanation: include_str!("../../../docs/rules/R003.md"),
    check: check_r003,
};

fn check_r003(ctx: &Ctx<'_>, sink: &mut Sink) {
    // A general statement (all data, or neither data nor functions, and no
    // `until` event) that says what happens at the end covers the specific
    // entries (some data, some functions, or an event such as "when deletion
    // is impossible") that do not repeat it; another general statement
    // without its own end treatment is not covered.
    let general = |r: &Retention| {
        (matches!(r.data, DataSet::All) || (r.data.refs().is_empty() && r.functions.is_empty()))
            && r.until.is_none()
    };
    let general_expiry = ctx
        .model
        .retention
        .iter()
        .any(|r| general(r) && r.expiry.as_ref().is_some_and(|e| e.kind != Expiry::None));
    for r in &ctx.model.retention {
        // Data kept only in anonymised form is no longer personal
        // information (PIPL Art. 4 ¶1, Art. 73(4)): its end needs no treatment.
        let anonymised = r.form.as_ref().is_some_and(|f| {
            !f.forms.is_empty() && f.forms.iter().all(|x| x.value == DataForm::Anonymised)
        });
        if anonymised || kept_by_user_only(r) {
            continue;
        }
        match &r.expiry {
            Some(e) if e.kind != Expiry::None => {}
            None if general_expiry && !general(r) => {}
            Some(e) => {
                sink.report(
                    e.span,
                    crate::msg!("retention.says-nothing-happens-data", id = &r.id),
                )
                .label(crate::msg!("retention.expiry-none"))
                .help(crate::msg!("retention.say-data-deleted-anonymised"));
            }
            None => {
                sink.report(
                    r.head,
                    crate::msg!("retention.does-not-say-happens", id = &r.id),
                )
                .label(crate::msg!("retention.no-expiry"))
                .help(crate::msg!("retention.add-expiry-delete-expiry"));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// R004
// ---------------------------------------------------------------------------

pub static R004_OUTDATED_AML_RETENTION: Rule = Rule {
    code: "R004",
    name: "outdated-aml-retention",
    severity: Severity::Warning,
    legal: &[LegalRef::new("AML", "34")],
    summary: "the policy cites anti-money-laundering retention of less than 10 years",
    explanation: include_str!("../../../docs/rules/R004.md"),
    check: check_r004,
};

fn check_r004(ctx: &Ctx<'_>, sink: &mut Sink) {
    let aml = ctx.lexicon.terms("aml-law");
    // The minimum period of the revised law, and the day it applies from.
    let Ok(th) = Thresholds::builtin() else {
        return;
    };
    let years = th.aml_retention_years.value;
    let in_force = th.aml_in_force.value.0;
    let h = &ctx.model.header;
    let dated_after = [&h.effective, &h.updated]
        .into_iter()
        .flatten()
        .any(|d| d.value >= in_force);
    for r in &ctx.model.retention {
        let Some(min) = &r.at_least else { continue };
        if min.value.approx_days() >= u64::from(years) * 365 {
            continue;
        }
        let Some(cite) = texts_of(DeclRef::Retention(r))
            .into_iter()
            .find(|t| mentions(aml, std::iter::once(*t)))
        else {
            continue;
        };
        let f = sink.report(
            min.span,
            crate::msg!(
                "retention.cites-anti-money-laundering-rules-law",
                id = &r.id,
                min = min.value.to_string(),
                years = years.to_string()
            ),
        );
        f.label(crate::msg!(
            "retention.less-years",
            years = years.to_string()
        ))
        .related(
            cite.span,
            crate::msg!("retention.anti-money-laundering-rules-cited-here"),
        )
        .help(crate::msg!(
            "retention.keep-customer-identification-data-transaction",
            years = years.to_string()
        ));
        if !dated_after {
            f.severity(Severity::Info);
        }
    }
}

// ---------------------------------------------------------------------------
// R007
// ---------------------------------------------------------------------------

pub static R007_CESSATION_CLAUSE_INCOMPLETE: Rule = Rule {
    code: "R007",
    name: "cessation-clause-incomplete",
    severity: Severity::Warning,
    legal: &[LegalRef::new("GB35273", "6.4")],
    summary: "the policy speaks of ceasing operations but does not promise to stop collecting, to tell users, or to delete or anonymise",
    explanation: include_str!("../../../docs/rules/R007.md"),
    check: check_r007,
};

/// What the policy says about ceasing operations, gathered from the
/// `shutdown` declaration and from every declaration that speaks of it.
struct Cessation<'m> {
    /// Texts about the cessation: all of `shutdown`'s, all of a declaration
    /// whose title names it, and the texts elsewhere that name it.
    texts: Vec<&'m crate::model::Text>,
    /// Declarations other than `shutdown` that speak of it, in source order.
    speaking: Vec<DeclRef<'m>>,
    /// What happens to the data: `shutdown`'s `expiry`, then those of the
    /// retention entries about the cessation.
    expiries: Vec<&'m crate::model::ExpiryHandling>,
}

fn cessation<'m>(ctx: &Ctx<'m>) -> Cessation<'m> {
    let m = ctx.model;
    let terms = ctx.lexicon.terms("cessation");
    let mut out = Cessation {
        texts: Vec::new(),
        speaking: Vec::new(),
        expiries: Vec::new(),
    };
    if let Some(s) = &m.shutdown {
        out.texts.extend(texts_of(DeclRef::Shutdown(s)));
        out.expiries.extend(s.expiry.as_ref());
    }
    for d in m.decls() {
        if matches!(d, DeclRef::Shutdown(_)) {
            continue;
        }
        let texts = texts_of(d);
        let titled = d.title().is_some_and(|t| mentions(terms, [t]));
        let naming: Vec<_> = if titled {
            texts
        } else {
            texts
                .into_iter()
                .filter(|t| mentions(terms, [*t]))
                .collect()
        };
        if !titled && naming.is_empty() {
            continue;
        }
        if let DeclRef::Retention(r) = d {
            out.expiries.extend(r.expiry.as_ref());
        }
        out.texts.extend(naming);
        out.speaking.push(d);
    }
    out.speaking.sort_by_key(|d| d.span());
    out
}

/// Delete or anonymise: what GB/T 35273-2020 6.4 c) asks (de-identified data
/// is still personal information).
fn deletes(e: &crate::model::ExpiryHandling) -> bool {
    matches!(
        e.kind,
        Expiry::Delete | Expiry::Anonymise | Expiry::DeleteOrAnonymise
    )
}

/// GB/T 35273-2020 6.4: when the product or service stops operating, stop
/// collecting, tell each individual or announce it, and delete or anonymise
/// the data held. A policy that says nothing of ceasing operations is not
/// reported (6.4 governs what the processor does, and 5.5 does not ask the
/// policy to describe it). With a `shutdown` declaration all three are
/// read; without one, the notice and the end of collection are prose the
/// rule cannot tell apart from an abridged transcription, and only what
/// happens to the data (a retention entry about the cessation, or the
/// wording) is read.
fn check_r007(ctx: &Ctx<'_>, sink: &mut Sink) {
    let m = ctx.model;
    let c = cessation(ctx);
    let Some(first) = m
        .shutdown
        .as_ref()
        .map(|s| s.head)
        .or_else(|| c.speaking.first().map(|d| d.head()))
    else {
        return;
    };
    let says = |topic: &str| {
        let terms = ctx.lexicon.terms(topic);
        c.texts
            .iter()
            .any(|t| super::support::find_in_text(terms, t).is_some())
    };
    let deletion = ctx.lexicon.terms("cessation-deletion");
    let deleted = c.expiries.iter().any(|e| deletes(e))
        || first_affirmed(ctx, deletion, c.texts.iter().copied()).is_some();
    let mut missing = Vec::new();
    let mut fixes = Vec::new();
    // The span of a statement that says otherwise, if any.
    let mut denied: Option<crate::source::Span> = None;
    if let Some(s) = &m.shutdown {
        match &s.stops_collection {
            Some(f) if f.value => {}
            Some(f) => {
                denied = Some(f.span);
                missing.push(crate::msg!("retention.cessation.stop"));
                fixes.push("`stops-collection yes`");
            }
            None if says("cessation-stops-collection") => {}
            None => {
                missing.push(crate::msg!("retention.cessation.stop"));
                fixes.push("`stops-collection yes`");
            }
        }
        if s.notices.is_empty() && !says("cessation-notice") {
            missing.push(crate::msg!("retention.cessation.notice"));
            fixes.push("`notice announcement`");
        }
    }
    if !deleted {
        if denied.is_none() {
            denied = c.expiries.first().map(|e| e.span);
        }
        missing.push(crate::msg!("retention.cessation.delete"));
        fixes.push("`expiry delete-or-anonymise`");
    }
    if missing.is_empty() {
        return;
    }
    let fixes = super::support::join_words(&fixes);
    let help = if m.shutdown.is_some() {
        crate::msg!("retention.cessation-incomplete-help", fixes = fixes)
    } else {
        crate::msg!("retention.cessation-no-shutdown-help", fixes = fixes)
    };
    sink.report(
        denied.unwrap_or(first),
        crate::msg!(
            "retention.cessation-incomplete",
            missing = super::support::join_words(&missing)
        ),
    )
    .label(crate::msg!("retention.cessation-incomplete-label"))
    .help(help);
}
