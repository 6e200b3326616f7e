//! Stage 3a: rules over the resolved model.
//!
//! A rule is a static [`Rule`] record plus a check function over the
//! resolved [`crate::model::Model`]; [`registry`] is the one table of codes.
//! [`run`] runs every enabled rule, applies the configuration's levels and
//! the source's suppressions, and returns the findings in a fixed order.

pub mod finding;
pub mod lexicon;
pub mod registry;
pub mod rule;
pub mod rules;
pub mod suppress;
pub mod thresholds;
pub mod todo;

use std::sync::OnceLock;

pub use crate::codes as docs;
pub use crate::config::{Config, ConfigError, Level};
pub use crate::legal;
pub use finding::Finding;
pub use legal::Lang;
pub use lexicon::Lexicon;
pub use rule::{Ctx, Facts, LegalRef, Relation, Rule, Severity, Sink};
pub use thresholds::Thresholds;

use crate::model::Model;
use crate::source::SourceFile;

/// The facts rules may need: from the policy header first, else from the
/// configuration.
pub fn facts(model: &Model, config: &Config) -> Facts {
    let h = &model.header;
    Facts {
        app_types: if h.app_types.is_empty() {
            config.app_types.clone()
        } else {
            h.app_types.iter().map(|a| a.value.clone()).collect()
        },
        sector: h.sector.as_ref().map(|s| s.value).or(config.sector),
        volume: h.volume.as_ref().map(|v| v.value).or(config.volume),
    }
}

/// Check one compiled policy: every enabled rule of [`registry::all`], the
/// configuration's levels (`off` skips the rule), then the suppressions in
/// the source. Findings come back ordered by primary span start, then code.
pub fn run(model: &Model, src: &SourceFile, config: &Config) -> Vec<Finding> {
    let lang = config.language.unwrap_or(Lang::En);
    let Ok(taxonomy) = config.taxonomy() else {
        return Vec::new();
    };
    let lexicon = match Lexicon::builtin() {
        Ok(l) => l,
        Err(_) => {
            static EMPTY: OnceLock<Lexicon> = OnceLock::new();
            EMPTY.get_or_init(Lexicon::default)
        }
    };
    let ctx = Ctx {
        model,
        taxonomy,
        lexicon,
        facts: facts(model, config),
    };
    // Rules are independent: on several threads, each takes the next rule;
    // the findings are gathered in registry order, as on one thread.
    let rules = registry::all();
    let per_rule = crate::par::map(&rules, config.threads.max(1), |&rule| {
        let level = config.level(rule.code);
        if level == Some(Level::Off) {
            return Vec::new();
        }
        let mut sink = Sink::new(rule);
        (rule.check)(&ctx, &mut sink);
        let mut found = sink.into_findings();
        if let Some(sev) = level.and_then(Level::severity) {
            for f in &mut found {
                f.severity = sev;
            }
        }
        found
    });
    let mut findings = crate::par::concat(per_rule);
    todo::apply(src, &mut findings, config);
    suppress::apply(src, &mut findings, config);
    let named = std::sync::Arc::new(src.named_source());
    let platforms: Vec<&str> = model
        .header
        .platforms
        .iter()
        .map(|p| p.value.word())
        .collect();
    let analogy: std::sync::Arc<[String]> =
        std::sync::Arc::from(crate::legal::by_analogy(&platforms));
    for f in &mut findings {
        f.source = Some(std::sync::Arc::clone(&named));
        f.set_lang(lang);
        f.by_analogy = std::sync::Arc::clone(&analogy);
    }
    sort(&mut findings);
    findings
}

/// The fixed order of findings: span start, code, span end, English message.
pub fn sort(findings: &mut [Finding]) {
    // Ties are ordered by the English text, so that the order (and the
    // occurrence numbers of fingerprints) does not depend on the language.
    findings.sort_by(|a, b| {
        (a.span.start, a.rule.code, a.span.end)
            .cmp(&(b.span.start, b.rule.code, b.span.end))
            .then_with(|| a.message.en().cmp(&b.message.en()))
    });
}
