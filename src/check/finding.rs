//! What a rule reports.

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
    pub label: Option<String>,
    /// Secondary places that matter (the other side of a contradiction).
    pub related: Vec<(Span, String)>,
    /// How to fix it, in one line. The citation is added when rendered.
    pub help: Option<String>,
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
        }
    }

    pub fn label(&mut self, text: impl Into<String>) -> &mut Finding {
        self.label = Some(text.into());
        self
    }

    pub fn related(&mut self, span: Span, text: impl Into<String>) -> &mut Finding {
        self.related.push((span, text.into()));
        self
    }

    pub fn help(&mut self, text: impl Into<String>) -> &mut Finding {
        self.help = Some(text.into());
        self
    }

    /// Where RULES.md lets the severity depend on a fact (P004, C004, R004).
    pub fn severity(&mut self, s: Severity) -> &mut Finding {
        self.severity = s;
        self
    }
}
