//! The compile-error type shared by the syntax and model stages.
//!
//! Each stage has its own error-kind enum that carries only data (names,
//! spans, candidates). The stage's `error.rs` turns a kind into a
//! [`CompileError`]: the one place where its prose is written. A
//! `CompileError` is a miette diagnostic with a stable code (`E1xx` syntax,
//! `E2xx` resolution), a message, labelled spans and a help line.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, Severity};

use crate::source::{SourceFile, Span};

/// A labelled span: where, and what to say there.
#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
}

/// One compile error, ready to render.
#[derive(Clone, Debug)]
pub struct CompileError {
    pub code: &'static str,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub source: NamedSource<crate::source::IndexedText>,
}

impl CompileError {
    pub fn new(source: &SourceFile, code: &'static str, message: impl Into<String>) -> Self {
        CompileError {
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            source: source.named_source(),
        }
    }

    /// The label that says where the problem is.
    pub fn primary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    /// A second place that matters (the first declaration of a duplicate).
    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The primary span, for sorting and for machine output.
    pub fn span(&self) -> Span {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map_or(Span::default(), |l| l.span)
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompileError {}

impl Diagnostic for CompileError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(Severity::Error)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().map(|l| {
            if l.primary {
                LabeledSpan::new_primary_with_span(Some(l.message.clone()), l.span)
            } else {
                LabeledSpan::new_with_span(Some(l.message.clone()), l.span)
            }
        })))
    }
}

/// Suggest the closest candidate to `name`, if one is close enough.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(name, c);
        if score > best.map_or(0.0, |b| b.0) {
            best = Some((score, c));
        }
    }
    let threshold = if name.chars().count() <= 3 {
        0.85
    } else {
        0.75
    };
    best.filter(|b| b.0 >= threshold).map(|b| b.1)
}
