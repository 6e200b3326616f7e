//! The anatomy of a rule: one static record plus one check function.

use crate::check::finding::Finding;
use crate::check::lexicon::Lexicon;
use crate::model::words::{Sector, Volume};
use crate::model::{Model, Taxonomy};
use crate::source::Span;

/// How serious a finding is (RULES.md): `error` a statutory duty plainly
/// unmet, `warning` context-dependent or from a recommended standard, `info`
/// good practice or not verifiable from the policy alone.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

pub use crate::legal::{LegalRef, Relation};

/// A rule: its public contract (code, name, severity, sources, texts) and
/// its check.
pub struct Rule {
    /// Stable code from RULES.md; never renamed or reused.
    pub code: &'static str,
    /// kebab-case; names the problem.
    pub name: &'static str,
    /// Default severity; a finding may lower or raise it where RULES.md says so.
    pub severity: Severity,
    pub legal: &'static [LegalRef],
    /// One line, used in lists.
    pub summary: &'static str,
    /// `docs/rules/<CODE>.md`, included verbatim: `policyc explain` prints it.
    pub explanation: &'static str,
    pub check: fn(&Ctx<'_>, &mut Sink),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish()
    }
}

/// Facts a rule may need that the policy may not declare: from the policy
/// header first, else from the configuration.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub app_types: Vec<String>,
    pub sector: Option<Sector>,
    pub volume: Option<Volume>,
}

/// What a check function sees.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub taxonomy: &'a Taxonomy,
    pub lexicon: &'a Lexicon,
    pub facts: Facts,
}

/// Where a check function puts its findings.
pub struct Sink {
    rule: &'static Rule,
    findings: Vec<Finding>,
}

impl Sink {
    pub fn new(rule: &'static Rule) -> Sink {
        Sink {
            rule,
            findings: Vec::new(),
        }
    }

    /// Report a finding of this rule at `span`; refine it with the builder
    /// methods of [`Finding`].
    pub fn report(&mut self, span: Span, message: crate::messages::Msg) -> &mut Finding {
        let index = self.findings.len();
        self.findings.push(Finding::new(self.rule, span, message));
        match self.findings.get_mut(index) {
            Some(f) => f,
            None => unreachable!("a finding was just pushed"),
        }
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}
