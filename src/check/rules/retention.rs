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
        sink.report(ctx.model.header.head, "the policy states no retention period for the data it collects")
            .label("no `retention` declaration")
            .help("add `retention` declarations that say how long each category is kept (`at-most`, `until`, or how the period is determined)");
        return;
    }
    let coverage = Coverage::of(ctx);
    for (d, at, by) in &collected {
        if coverage.covers(d, by) {
            continue;
        }
        sink.report(*at, format!("no retention period covers `{}`", d.id))
            .label("collected, but kept for an unstated time")
            .help(format!(
                "name `{}` (or a function that collects it) in a `retention` declaration",
                d.id
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

fn check_r002(ctx: &Ctx<'_>, sink: &mut Sink) {
    let floor = ctx.lexicon.terms("retention-floor");
    for r in &ctx.model.retention {
        let bounded = r.at_most.is_some() || r.until.is_some();
        if let Some(ind) = &r.indefinite {
            sink.report(ind.span, format!("retention `{}` keeps data with no end", r.id))
                .label("`indefinite`")
                .help("state the longest period, or the event after which the data is deleted or anonymised");
            continue;
        }
        if bounded {
            continue;
        }
        if let Some(min) = &r.at_least {
            sink.report(min.span, format!("retention `{}` gives only a minimum ({}) and no end", r.id, min.value))
                .label("a floor, not a limit")
                .help("add `at-most …` or `until \"…\"`: the law may fix a minimum, but the policy must say when the data goes");
            continue;
        }
        if let Some((t, term)) = first_affirmed(ctx, floor, texts_of(DeclRef::Retention(r))) {
            sink.report(t.span, format!("retention `{}` is open-ended (`{term}`)", r.id))
                .label("no upper bound")
                .help("state the longest period or the ending event; the shortest time needed is the rule");
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
        if anonymised {
            continue;
        }
        match &r.expiry {
            Some(e) if e.kind != Expiry::None => {}
            None if general_expiry && !general(r) => {}
            Some(e) => {
                sink.report(e.span, format!("retention `{}` says nothing happens to the data at the end", r.id))
                    .label("`expiry none`")
                    .help("say that the data is deleted or anonymised when the period ends (`expiry delete-or-anonymise`)");
            }
            None => {
                sink.report(
                    r.head,
                    format!(
                        "retention `{}` does not say what happens when the period ends",
                        r.id
                    ),
                )
                .label("no `expiry`")
                .help("add `expiry delete`, `expiry anonymise` or `expiry delete-or-anonymise`");
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
            format!("retention `{}` cites anti-money-laundering rules with {}; the law now requires at least {years} years", r.id, min.value),
        );
        f.label(format!("less than {years} years"))
            .related(cite.span, "anti-money-laundering rules cited here")
            .help(format!("keep customer-identification data and transaction records for at least {years} years (`at-least {years}y`) after the relationship or transaction ends"));
        if !dated_after {
            f.severity(Severity::Info);
        }
    }
}
