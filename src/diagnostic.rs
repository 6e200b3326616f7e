//! The compile-error type shared by the syntax and model stages.
//!
//! Each stage has its own error-kind enum that carries only data (names,
//! spans, candidates). The stage's `error.rs` turns a kind into a
//! [`CompileError`]: the one place where its prose is written. A
//! `CompileError` is a miette diagnostic with a stable code (`E1xx` syntax,
//! `E2xx` resolution), a message, labelled spans and a help line.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, Severity};

use crate::lang::Lang;
use crate::messages::Msg;
use crate::source::{SourceFile, Span};

/// A labelled span: where, and what to say there.
#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub message: Msg,
    pub primary: bool,
}

/// One compile error, ready to render.
#[derive(Clone, Debug)]
pub struct CompileError {
    pub code: &'static str,
    /// The catalogue's message (`crate::msg!`), shown in `lang`; the
    /// fingerprint hashes its English text.
    pub message: Msg,
    pub labels: Vec<Label>,
    pub help: Option<Msg>,
    pub source: NamedSource<crate::source::IndexedText>,
    /// The language it is shown in (`--lang`, the configuration's `language`).
    pub lang: Lang,
}

impl CompileError {
    pub fn new(source: &SourceFile, code: &'static str, message: Msg) -> Self {
        CompileError {
            code,
            message,
            labels: Vec::new(),
            help: None,
            source: source.named_source(),
            lang: Lang::En,
        }
    }

    /// The label that says where the problem is.
    pub fn primary(mut self, span: Span, message: Msg) -> Self {
        self.labels.push(Label {
            span,
            message,
            primary: true,
        });
        self
    }

    /// A second place that matters (the first declaration of a duplicate).
    pub fn secondary(mut self, span: Span, message: Msg) -> Self {
        self.labels.push(Label {
            span,
            message,
            primary: false,
        });
        self
    }

    pub fn help(mut self, help: Msg) -> Self {
        self.help = Some(help);
        self
    }

    /// Show the error in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The message in the error's language.
    pub fn text(&self) -> String {
        self.message.render(self.lang)
    }

    /// The help line in the error's language.
    pub fn help_text(&self) -> Option<String> {
        self.help.as_ref().map(|h| h.render(self.lang))
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
        f.write_str(&self.text())
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
        self.help_text()
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
            let text = Some(l.message.render(self.lang));
            if l.primary {
                LabeledSpan::new_primary_with_span(text, l.span)
            } else {
                LabeledSpan::new_with_span(text, l.span)
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
