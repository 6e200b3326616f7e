//! One finding per distinct issue (issue #15 item 5): the human report
//! shows a problem that repeats over items, functions or recipients once,
//! with a label at every place and the count in the message.
//!
//! Findings of one file are the same issue when they have the same rule,
//! the same severity and the same message key (`crate::msg!`): "recipient
//! `a` has no contact details" and "recipient `b` has no contact details"
//! are one issue at two places; "recipient `a` does not state its method"
//! and "… its purpose" too (same key, other arguments). The group is shown
//! at its first place; every other place gets a label with its own message,
//! so nothing the per-place report says is lost — up to [`SHOWN`] places:
//! a group that repeats more often draws that many and names the lines of
//! the others (a snippet per place of a thousand-place group is a report
//! nobody reads, and drawing it costs time in the square of the places).
//! `--expand` shows every
//! place as its own finding; the machine formats (JSON, SARIF, GitHub,
//! GitLab, JUnit, baselines) always list every place, with the fingerprints
//! they have always had.

use std::collections::BTreeMap;

use crate::check::Finding;

/// The findings of one file grouped by distinct issue, in the order of
/// each group's first place. A group of one is the finding as it was.
pub fn group(findings: &[Finding]) -> Vec<Finding> {
    let mut order: Vec<Vec<&Finding>> = Vec::new();
    let mut index: BTreeMap<(&str, crate::check::Severity, &str), usize> = BTreeMap::new();
    for f in findings {
        let key = (f.rule.code, f.severity, f.message.key());
        match index.get(&key).and_then(|&i| order.get_mut(i)) {
            Some(g) => g.push(f),
            None => {
                index.insert(key, order.len());
                order.push(vec![f]);
            }
        }
    }
    order.into_iter().filter_map(|g| merge(&g)).collect()
}

/// How many places of a group the human report draws with a snippet.
pub const SHOWN: usize = 12;

/// How many line numbers of the places not drawn a group names.
const LINES_NAMED: usize = 40;

/// One finding standing for every place of `g`.
fn merge(g: &[&Finding]) -> Option<Finding> {
    let (first, rest) = g.split_first()?;
    let mut out = (*first).clone();
    if rest.is_empty() {
        return Some(out);
    }
    let (drawn, others) = rest.split_at(rest.len().min(SHOWN - 1));
    out.message = if others.is_empty() {
        crate::msg!(
            "report.grouped",
            message = first.message.clone(),
            count = g.len()
        )
    } else {
        crate::msg!(
            "report.grouped-some",
            message = first.message.clone(),
            count = g.len(),
            shown = SHOWN,
            lines = lines_of(others)
        )
    };
    // The first place keeps its label, or says what it is.
    if out.label.is_none() {
        out.label = Some(first.message.clone());
    }
    for f in drawn {
        out.related.push((f.span, f.message.clone()));
        out.related.extend(f.related.iter().cloned());
        out.elsewhere.extend(f.elsewhere.iter().cloned());
    }
    Some(out)
}

/// The lines of places not drawn, in order and each once: "120, 134, 156"
/// (the first [`LINES_NAMED`], then "…").
fn lines_of(places: &[&Finding]) -> String {
    let mut lines: Vec<usize> = places
        .iter()
        .filter_map(|f| Some(f.source.as_ref()?.inner().line_of(f.span.start as usize)))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut out: Vec<String> = lines
        .iter()
        .take(LINES_NAMED)
        .map(usize::to_string)
        .collect();
    if lines.len() > LINES_NAMED {
        out.push("…".to_string());
    }
    out.join(", ")
}
