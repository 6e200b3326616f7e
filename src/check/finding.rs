//! What a rule reports.
//!
//! A rule fills in the message, labels and help through [`crate::check::Sink`];
//! [`crate::check::run`] then attaches the source file and the citation
//! language, so that a finding renders as a miette diagnostic on its own.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource};

use crate::check::legal::{self, Lang};
use crate::check::rule::{Rule, Severity};
use crate::messages::Msg;
use crate::source::Span;

/// One finding of one rule.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// The primary label: the declaration or field at fault.
    pub span: Span,
    /// What is wrong, in the catalogue's words (`crate::msg!`): rendered in
    /// the finding's language; fingerprints hash its English text.
    pub message: Msg,
    /// What to say at the primary span.
    pub label: Option<Msg>,
    /// Secondary places that matter (the other side of a contradiction).
    pub related: Vec<(Span, Msg)>,
    /// How to fix it, in one line. The citation is added when rendered.
    pub help: Option<Msg>,
    /// The file the finding is about (set by `check::run`), shared by all
    /// findings of the file.
    pub source: Option<std::sync::Arc<NamedSource<crate::source::IndexedText>>>,
    /// The language the finding is shown in: message, labels, help and
    /// citation (set by `check::run` from `--lang` or the configuration).
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
    pub label: Msg,
    /// The language of the label.
    pub lang: Lang,
}

impl fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::msg!("report.see-file", file = self.source.name()).render(self.lang))
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
            LabeledSpan::new_primary_with_span(Some(self.label.render(self.lang)), self.span),
        )))
    }
}

impl Finding {
    pub fn new(rule: &'static Rule, span: Span, message: Msg) -> Finding {
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

    pub fn label(&mut self, text: Msg) -> &mut Finding {
        self.label = Some(text);
        self
    }

    pub fn related(&mut self, span: Span, text: Msg) -> &mut Finding {
        self.related.push((span, text));
        self
    }

    pub fn help(&mut self, text: Msg) -> &mut Finding {
        self.help = Some(text);
        self
    }

    /// Where RULES.md lets the severity depend on a fact (P004, C004, R004).
    pub fn severity(&mut self, s: Severity) -> &mut Finding {
        self.severity = s;
        self
    }
}

impl Finding {
    /// Show the finding (and its places in other files) in `lang`.
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        for e in &mut self.elsewhere {
            e.lang = lang;
        }
    }

    /// The message in the finding's language.
    pub fn text(&self) -> String {
        self.message.render(self.lang)
    }

    /// The primary label in the finding's language.
    pub fn label_text(&self) -> Option<String> {
        self.label.as_ref().map(|l| l.render(self.lang))
    }

    /// The rule's advice in the finding's language, without the citation.
    pub fn help_text(&self) -> Option<String> {
        self.help.as_ref().map(|h| h.render(self.lang))
    }

    /// The secondary labels in the finding's language.
    pub fn related_texts(&self) -> impl Iterator<Item = (Span, String)> + '_ {
        self.related
            .iter()
            .map(|(span, m)| (*span, m.render(self.lang)))
    }

    /// The rule's citations as they apply to this finding's policy: the App
    /// rules on a website are cited by analogy.
    pub fn legal(&self) -> Vec<legal::LegalRef> {
        legal::for_policy(self.rule.legal, &self.by_analogy)
    }

    /// The help line as shown: the rule's advice, then the citation in the
    /// finding's language.
    pub fn full_help(&self) -> Option<String> {
        let sources = legal::sources_line(&self.legal(), self.lang);
        match (self.help_text(), sources) {
            (Some(h), Some(s)) => Some(format!("{h}\n{s}")),
            (Some(h), None) => Some(h),
            (None, s) => s,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
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
        let primary = LabeledSpan::new_primary_with_span(self.label_text(), self.span);
        let related = self
            .related_texts()
            .map(|(span, text)| LabeledSpan::new_with_span(Some(text), span));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
