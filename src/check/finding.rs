//! What a rule reports.
//!
//! A rule fills in the message, labels and help through [`crate::check::Sink`];
//! [`crate::check::run`] then attaches the source file and the citation
//! language, so that a finding renders as a miette diagnostic on its own.

use std::borrow::Cow;
use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource};

use crate::check::legal::{self, Lang};
use crate::check::rule::{Rule, Severity};
use crate::source::Span;

/// One finding of one rule.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// The primary label: the declaration or field at fault.
    pub span: Span,
    pub message: String,
    /// What to say at the primary span (defaults to a short form of the message).
    /// Mostly fixed text of the rule: borrowed, not copied per finding.
    pub label: Option<Cow<'static, str>>,
    /// Secondary places that matter (the other side of a contradiction).
    pub related: Vec<(Span, String)>,
    /// How to fix it, in one line. The citation is added when rendered.
    pub help: Option<Cow<'static, str>>,
    /// The file the finding is about (set by `check::run`), shared by all
    /// findings of the file.
    pub source: Option<std::sync::Arc<NamedSource<crate::source::IndexedText>>>,
    /// The language of the citation in the rendered help (set by `check::run`).
    pub lang: Lang,
    /// Places in other files that matter (`verify`: the policy for a finding
    /// in a build file, and the other way round).
    pub elsewhere: Vec<Elsewhere>,
    /// The instruments this finding's policy is held to only by analogy
    /// (`legal::by_analogy`; set by `check::run`).
    pub by_analogy: std::sync::Arc<[String]>,
}

/// A labelled place in another file than the finding's own. Rendered as a
/// related diagnostic with its own snippet; in JSON and SARIF a related
/// location that names its file.
#[derive(Clone, Debug)]
pub struct Elsewhere {
    pub source: std::sync::Arc<NamedSource<crate::source::IndexedText>>,
    pub span: Span,
    pub label: String,
}

impl fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "see {}", self.source.name())
    }
}

impl std::error::Error for Elsewhere {}

impl Diagnostic for Elsewhere {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.label.clone()), self.span),
        )))
    }
}

impl Finding {
    pub fn new(rule: &'static Rule, span: Span, message: String) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            span,
            message,
            label: None,
            related: Vec::new(),
            help: None,
            source: None,
            lang: Lang::En,
            elsewhere: Vec::new(),
            by_analogy: std::sync::Arc::from(Vec::new()),
        }
    }

    pub fn label(&mut self, text: impl Into<Cow<'static, str>>) -> &mut Finding {
        self.label = Some(text.into());
        self
    }

    pub fn related(&mut self, span: Span, text: impl Into<String>) -> &mut Finding {
        self.related.push((span, text.into()));
        self
    }

    pub fn help(&mut self, text: impl Into<Cow<'static, str>>) -> &mut Finding {
        self.help = Some(text.into());
        self
    }

    /// Where RULES.md lets the severity depend on a fact (P004, C004, R004).
    pub fn severity(&mut self, s: Severity) -> &mut Finding {
        self.severity = s;
        self
    }
}

impl Finding {
    /// The rule's citations as they apply to this finding's policy: the App
    /// rules on a website are cited by analogy.
    pub fn legal(&self) -> Vec<legal::LegalRef> {
        legal::for_policy(self.rule.legal, &self.by_analogy)
    }

    /// The help line as shown: the rule's advice, then the citation in the
    /// finding's language.
    pub fn full_help(&self) -> Option<String> {
        let sources = legal::sources_line(&self.legal(), self.lang);
        match (&self.help, sources) {
            (Some(h), Some(s)) => Some(format!("{h}\n{s}")),
            (Some(h), None) => Some(h.to_string()),
            (None, s) => s,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

impl Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("{}: {}", self.rule.code, self.rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.full_help()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_deref().map(|s| s as &dyn miette::SourceCode)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(
            self.elsewhere.iter().map(|e| e as &dyn Diagnostic),
        ))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let primary =
            LabeledSpan::new_primary_with_span(self.label.as_deref().map(str::to_owned), self.span);
        let related = self
            .related
            .iter()
            .map(|(span, text)| LabeledSpan::new_with_span(Some(text.clone()), *span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
