//! Suppressions in the source:
//!
//! ```text
//! // policyc: allow T001, T002 because the recipients are named in annex 2
//! recipient partners "合作机构" { … }
//!
//! recipient bank "银行" {
//!   name "某银行" // policyc: allow T002 because the bank publishes no contact
//! }
//! ```
//!
//! A suppression on its own line applies to the declaration or field that
//! starts on the next line of code; one at the end of a line applies to the
//! declaration (or else the field) that starts on that line. It removes the
//! findings of the named codes whose primary span lies in that declaration or
//! field. The reason after `because` is mandatory: a suppression without one
//! is ignored and reported (Z002); one that removes nothing is reported
//! (Z001); one that cannot be read or names an unknown code is reported
//! (Z003). A second `//` inside the comment ends the suppression: what
//! follows it is an ordinary comment.

use std::collections::BTreeMap;

use crate::check::finding::Finding;
use crate::check::registry;
use crate::check::rule::{Ctx, Rule, Severity, Sink};
use crate::config::Config;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::Document;

fn reported_by_the_checker(_: &Ctx<'_>, _: &mut Sink) {}

/// Z001: a suppression that removes no finding.
pub static UNUSED: Rule = Rule {
    code: "Z001",
    name: "unused-suppression",
    severity: Severity::Warning,
    legal: &[],
    summary: "a `// policyc: allow` comment that suppresses no finding",
    explanation: include_str!("../../docs/rules/Z001.md"),
    check: reported_by_the_checker,
};

/// Z002: a suppression without `because <reason>`.
pub static NO_REASON: Rule = Rule {
    code: "Z002",
    name: "suppression-without-reason",
    severity: Severity::Warning,
    legal: &[],
    summary: "a `// policyc: allow` comment without `because <reason>`; it is ignored",
    explanation: include_str!("../../docs/rules/Z002.md"),
    check: reported_by_the_checker,
};

/// Z003: a suppression that cannot be read or names an unknown code.
pub static INVALID: Rule = Rule {
    code: "Z003",
    name: "invalid-suppression",
    severity: Severity::Warning,
    legal: &[],
    summary:
        "a `// policyc:` comment that is not a valid suppression, or names an unknown rule code",
    explanation: include_str!("../../docs/rules/Z003.md"),
    check: reported_by_the_checker,
};

/// The suppression rules, for the registry.
pub static RULES: &[&Rule] = &[&UNUSED, &NO_REASON, &INVALID];

/// One `// policyc: allow …` comment, read.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// The whole comment.
    pub span: Span,
    /// The codes, with where each is written.
    pub codes: Vec<(String, Span)>,
    pub reason: Option<String>,
    /// The declaration or field it applies to.
    pub target: Option<Span>,
}

/// A `//` comment outside strings: its span (from `//` to the end of line).
pub(crate) fn comments(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let rest = text.get(i..).unwrap_or("");
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(text.len(), |n| i + n);
            out.push(Span::new(i, end));
            i = end;
        } else if rest.starts_with("\"\"\"") {
            i = rest
                .get(3..)
                .and_then(|r| r.find("\"\"\""))
                .map_or(text.len(), |e| i + e + 6);
        } else if b == b'"' {
            let mut j = i + 1;
            while let Some(&c) = bytes.get(j) {
                match c {
                    b'\\' => j += 2,
                    b'"' | b'\n' => break,
                    _ => j += 1,
                }
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// What reading a comment gave.
enum Parsed {
    /// Not a `policyc:` comment.
    None,
    Suppression {
        codes: Vec<(String, Span)>,
        reason: Option<String>,
    },
    Invalid {
        why: crate::messages::Msg,
        at: Span,
    },
}

/// Read `// policyc: allow CODE[, CODE] because REASON`.
fn parse_comment(text: &str, span: Span) -> Parsed {
    let comment = text.get(span.range()).unwrap_or("");
    let body = comment.trim_start_matches('/');
    let body_start = span.start as usize + (comment.len() - body.len());
    // A second `//` starts an ordinary comment (`… because x // note`).
    let body = body
        .find("//")
        .map_or(body, |i| body.get(..i).unwrap_or(body));
    let trimmed = body.trim_start();
    let Some(after) = trimmed.strip_prefix("policyc:") else {
        return Parsed::None;
    };
    let mut pos = body_start + (body.len() - trimmed.len()) + "policyc:".len();
    let directive = after.trim_start();
    pos += after.len() - directive.len();
    let Some(list) = directive.strip_prefix("allow") else {
        let word_len = directive
            .find(char::is_whitespace)
            .unwrap_or(directive.len());
        return Parsed::Invalid {
            why: crate::msg!("suppress.expected-allow"),
            at: Span::new(pos, pos + word_len.max(1)),
        };
    };
    pos += "allow".len();
    let (codes_text, reason) = match find_word(list, "because") {
        Some(i) => (
            list.get(..i).unwrap_or(""),
            Some(
                list.get(i + "because".len()..)
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            ),
        ),
        None => (list, None),
    };
    let codes: Vec<(String, Span)> = code_list(codes_text, pos)
        .into_iter()
        .map(|(c, s)| (c.to_string(), s))
        .collect();
    if codes.is_empty() {
        return Parsed::Invalid {
            why: crate::msg!("suppress.no-code"),
            at: span,
        };
    }
    Parsed::Suppression {
        codes,
        reason: reason.filter(|r| !r.is_empty()),
    }
}

/// The byte index of `word` as a whole word in `s`.
/// The codes of an `allow` list (`T001, T002`) with where each is written;
/// `start` is the list's offset in the file. Shared with the suppressions
/// in build files (`verify::suppress`).
pub(crate) fn code_list(text: &str, start: usize) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for piece in text.split(|c: char| c == ',' || c.is_whitespace()) {
        let at = start + offset;
        offset += piece.len() + 1;
        if !piece.is_empty() {
            out.push((piece, Span::new(at, at + piece.len())));
        }
    }
    out
}

fn find_word(s: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s.get(from..).and_then(|r| r.find(word)).map(|i| i + from) {
        let before = s.get(..i).and_then(|b| b.chars().last());
        let after = s.get(i + word.len()..).and_then(|a| a.chars().next());
        if before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace) {
            return Some(i);
        }
        from = i + word.len();
    }
    None
}

/// Start offsets of every line.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

/// Where declarations and fields are, by line, for attaching suppressions:
/// built once per file so that attaching each comment costs a lookup, not a
/// scan of the file (a file of many suppressions was quadratic).
struct Layout<'d> {
    starts: Vec<usize>,
    /// For each line, the first later line that holds code.
    next_code: Vec<Option<usize>>,
    /// The first declaration that starts on a line.
    decl_on: BTreeMap<usize, Span>,
    /// The fields that start on a line, joined.
    fields_on: BTreeMap<usize, Span>,
    /// The fields that end on a line, in source order.
    fields_ending_on: BTreeMap<usize, Vec<Span>>,
    doc: &'d Document,
}

impl<'d> Layout<'d> {
    fn new(doc: &'d Document, text: &str) -> Layout<'d> {
        let starts = line_starts(text);
        let mut next_code = vec![None; starts.len()];
        let mut next = None;
        for l in (0..starts.len()).rev() {
            if let Some(slot) = next_code.get_mut(l) {
                *slot = next;
            }
            let s = starts.get(l).copied().unwrap_or(text.len());
            let e = starts.get(l + 1).copied().unwrap_or(text.len());
            let t = text.get(s..e).unwrap_or("").trim();
            if !t.is_empty() && !t.starts_with("//") {
                next = Some(l);
            }
        }
        let mut decl_on = BTreeMap::new();
        let mut fields_on: BTreeMap<usize, Span> = BTreeMap::new();
        let mut fields_ending_on: BTreeMap<usize, Vec<Span>> = BTreeMap::new();
        for d in &doc.decls {
            decl_on
                .entry(line_of(&starts, d.span.start as usize))
                .or_insert(d.span);
            for f in &d.fields {
                fields_on
                    .entry(line_of(&starts, f.span.start as usize))
                    .and_modify(|j| *j = j.join(f.span))
                    .or_insert(f.span);
                fields_ending_on
                    .entry(line_of(&starts, f.span.end as usize))
                    .or_default()
                    .push(f.span);
            }
        }
        Layout {
            starts,
            next_code,
            decl_on,
            fields_on,
            fields_ending_on,
            doc,
        }
    }

    /// The innermost field, else the declaration, whose text contains `at`.
    fn containing(&self, at: usize) -> Option<Span> {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        let decls = &self.doc.decls;
        let k = decls
            .partition_point(|d| d.span.start <= at)
            .checked_sub(1)?;
        let decl = decls.get(k).filter(|d| at < d.span.end)?;
        let f = decl.fields.partition_point(|f| f.span.start <= at);
        let field = f
            .checked_sub(1)
            .and_then(|f| decl.fields.get(f))
            .filter(|f| at < f.span.end);
        Some(field.map_or(decl.span, |f| f.span))
    }

    /// The declaration or field a suppression comment applies to.
    fn target(&self, text: &str, comment: Span) -> Option<Span> {
        let cline = line_of(&self.starts, comment.start as usize);
        let line_start = self.starts.get(cline).copied().unwrap_or(0);
        let own_line = text
            .get(line_start..comment.start as usize)
            .is_some_and(|b| b.trim().is_empty());
        let tline = if own_line {
            // The next line that holds code (skipping blank lines and comments).
            self.next_code.get(cline).copied().flatten()?
        } else {
            cline
        };
        if own_line {
            let line_start = self.starts.get(tline).copied().unwrap_or(0);
            let line = text.get(line_start..).unwrap_or("");
            let code = line_start + (line.len() - line.trim_start().len());
            // what starts on the next code line; else what that line
            // continues (a declaration or field written over several lines)
            let starts = [self.decl_on.get(&tline), self.fields_on.get(&tline)];
            let continues = self.containing(code);
            // a comment inside a declaration or field (between a header and
            // its `{`, or before a field) stays with it, or with the part of
            // it that comes next, not with what follows it
            return match self.containing(comment.start as usize) {
                Some(inside) => starts
                    .into_iter()
                    .flatten()
                    .copied()
                    .chain(continues)
                    .find(|n| inside.start <= n.start && n.end <= inside.end)
                    .or(Some(inside)),
                None => starts.into_iter().flatten().copied().next().or(continues),
            };
        }
        if let Some(d) = self.decl_on.get(&tline) {
            return Some(*d);
        }
        if let Some(f) = self.fields_on.get(&tline) {
            return Some(*f);
        }
        // A trailing comment after a field that began on an earlier line.
        let at = comment.start;
        let field = self
            .fields_ending_on
            .get(&cline)
            .into_iter()
            .flatten()
            .filter(|s| s.start <= at)
            .min_by_key(|s| s.len());
        field.copied().or_else(|| {
            // declarations are in source order and do not overlap
            let decls = &self.doc.decls;
            let after = decls.partition_point(|d| d.span.start <= at);
            (after.saturating_sub(2)..after)
                .filter_map(|k| decls.get(k))
                .map(|d| d.span)
                // inside it, or after its end on the line where it ends
                .find(|s| {
                    s.start <= at && (at <= s.end || line_of(&self.starts, s.end as usize) == cline)
                })
        })
    }
}

/// Every suppression in a file, read and attached. Comments that start with
/// `policyc:` but are not valid come back as Z003 findings.
pub fn collect(
    src: &SourceFile,
    doc: Option<&Document>,
) -> (Vec<Suppression>, Vec<(Span, crate::messages::Msg)>) {
    let text = src.text();
    let mut sups = Vec::new();
    let mut invalid = Vec::new();
    if !text.contains("policyc:") {
        return (sups, invalid);
    }
    let layout = doc.map(|d| Layout::new(d, text));
    for c in comments(text) {
        match parse_comment(text, c) {
            Parsed::None => {}
            Parsed::Invalid { why, at } => invalid.push((at, why)),
            Parsed::Suppression { codes, reason } => sups.push(Suppression {
                span: c,
                codes,
                reason,
                target: layout.as_ref().and_then(|l| l.target(text, c)),
            }),
        }
    }
    (sups, invalid)
}

/// Remove suppressed findings and add the findings about suppressions
/// (`check`: every code but the `V` codes, which only `verify` reports).
pub fn apply(src: &SourceFile, findings: &mut Vec<Finding>, config: &Config) {
    apply_scoped(src, findings, config, |code| {
        !crate::verify::rules::is_verify_code(code)
    });
}

/// [`apply`] for the codes `in_scope` accepts: a suppression's other codes
/// are left to the command that reports them (`check` or `verify`), and
/// comments that cannot be read are reported by `check` only.
pub fn apply_scoped(
    src: &SourceFile,
    findings: &mut Vec<Finding>,
    config: &Config,
    in_scope: fn(&str) -> bool,
) {
    if !src.text().contains("policyc:") {
        return;
    }
    let doc = crate::syntax::parse(src).ok();
    let (mut sups, mut invalid) = collect(src, doc.as_ref());
    for s in &mut sups {
        s.codes.retain(|(c, _)| in_scope(c));
    }
    sups.retain(|s| !s.codes.is_empty());
    if !in_scope("T001") {
        invalid.clear();
    }
    let mut out: Vec<Finding> = Vec::new();
    let mut used: Vec<Vec<bool>> = sups.iter().map(|s| vec![false; s.codes.len()]).collect();
    let suppressed = suppressed(findings, &sups, &mut used);
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !suppressed.get(index - 1).copied().unwrap_or(false)
    });
    for (span, why) in invalid {
        out.push(
            Finding::new(&INVALID, span, crate::msg!("suppress.invalid", why = why))
                .label(crate::msg!("suppress.not-a-suppression"))
                .help(crate::msg!("suppress.how-to-write"))
                .clone(),
        );
    }
    for (si, s) in sups.iter().enumerate() {
        let mut known = Vec::new();
        for (ci, (code, span)) in s.codes.iter().enumerate() {
            if registry::lookup(code).is_none() {
                let rules = registry::all();
                let help = match crate::diagnostic::did_you_mean(
                    &code.to_uppercase(),
                    rules.iter().map(|r| r.code),
                ) {
                    Some(c) => crate::msg!("suppress.did-you-mean", code = c),
                    None => crate::msg!("suppress.rules-lists-codes"),
                };
                out.push(
                    Finding::new(
                        &INVALID,
                        *span,
                        crate::msg!("suppress.unknown-code", code = code),
                    )
                    .label(crate::msg!("suppress.no-rule-has-code"))
                    .help(help)
                    .clone(),
                );
            } else {
                known.push(ci);
            }
        }
        if known.is_empty() {
            continue;
        }
        if s.reason.is_none() {
            out.push(
                Finding::new(&NO_REASON, s.span, crate::msg!("suppress.no-reason"))
                    .label(crate::msg!("suppress.no-because"))
                    .help(crate::msg!("suppress.say-why"))
                    .clone(),
            );
            continue;
        }
        if s.target.is_none() {
            out.push(
                Finding::new(&UNUSED, s.span, crate::msg!("suppress.not-attached"))
                    .label(crate::msg!("suppress.nothing-follows"))
                    .help(crate::msg!("suppress.where-to-put"))
                    .clone(),
            );
            continue;
        }
        for ci in known {
            let Some((code, span)) = s.codes.get(ci) else {
                continue;
            };
            let was_used = used
                .get(si)
                .and_then(|u| u.get(ci))
                .copied()
                .unwrap_or(false);
            if !was_used && !config.is_off(&code.to_uppercase()) {
                let related = s.target.map(|t| (t, crate::msg!("suppress.applies-here")));
                let mut f =
                    Finding::new(&UNUSED, *span, crate::msg!("suppress.unused", code = code));
                f.label(crate::msg!("suppress.no-finding-here", code = code))
                    .help(crate::msg!("suppress.remove-code"));
                if let Some((t, text)) = related {
                    f.related(first_line(src.text(), t), text);
                }
                out.push(f);
            }
        }
    }
    for mut f in out {
        match config.level(f.rule.code).map(|l| l.severity()) {
            // Turned off.
            Some(None) => {}
            Some(Some(sev)) => {
                f.severity = sev;
                findings.push(f);
            }
            None => findings.push(f),
        }
    }
}

/// The first line of a span, without a comment or trailing blanks (for a
/// short secondary label on a long block).
/// Which findings a suppression removes (a finding is removed when a
/// suppression with a reason names its code and its primary span lies in the
/// suppression's target); marks in `used` every code that removed one.
///
/// One sweep over the findings in order of position, keeping the targets
/// that contain the current position, with the codes named for each target
/// in a map: linear in the findings and suppressions, times the nesting of
/// targets (a declaration and a field in it), not their product.
fn suppressed(findings: &[Finding], sups: &[Suppression], used: &mut [Vec<bool>]) -> Vec<bool> {
    // each distinct target, with the (suppression, code) pairs that name each
    // code for it; `None` once those pairs are marked used
    type Codes = BTreeMap<String, Option<Vec<(usize, usize)>>>;
    let mut by_target: BTreeMap<(u32, u32), Codes> = BTreeMap::new();
    for (si, s) in sups.iter().enumerate() {
        let (Some(t), Some(_)) = (s.target, &s.reason) else {
            continue;
        };
        let codes = by_target.entry((t.start, t.end)).or_default();
        for (ci, (code, _)) in s.codes.iter().enumerate() {
            if let Some(pairs) = codes
                .entry(code.to_ascii_uppercase())
                .or_insert_with(|| Some(Vec::new()))
            {
                pairs.push((si, ci));
            }
        }
    }
    let mut targets: Vec<((u32, u32), Codes)> = by_target.into_iter().collect();
    let mut order: Vec<(u32, usize)> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.span.start, i))
        .collect();
    order.sort_unstable();
    let mut out = vec![false; findings.len()];
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    for (start, i) in order {
        let Some(f) = findings.get(i) else {
            continue;
        };
        while let Some(((t_start, _), _)) = targets.get(next) {
            if *t_start > start {
                break;
            }
            active.push(next);
            next += 1;
        }
        active.retain(|&t| targets.get(t).is_some_and(|((_, end), _)| *end >= start));
        let code = f.rule.code.to_ascii_uppercase();
        for &t in &active {
            let Some(((_, end), codes)) = targets.get_mut(t) else {
                continue;
            };
            if *end < f.span.end {
                continue;
            }
            let Some(pairs) = codes.get_mut(&code) else {
                continue;
            };
            if let Some(slot) = out.get_mut(i) {
                *slot = true;
            }
            for (si, ci) in pairs.take().unwrap_or_default() {
                if let Some(u) = used.get_mut(si).and_then(|u| u.get_mut(ci)) {
                    *u = true;
                }
            }
        }
    }
    out
}

fn first_line(text: &str, s: Span) -> Span {
    let body = text.get(s.range()).unwrap_or("");
    let line = body.split('\n').next().unwrap_or("");
    let code = comments(line)
        .first()
        .map_or(line, |c| line.get(..c.start as usize).unwrap_or(line));
    Span::new(s.start as usize, s.start as usize + code.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_skip_strings() {
        let text = "a \"// not\" b // yes\n\"\"\"\n// no\n\"\"\" // also";
        let cs: Vec<&str> = comments(text).iter().map(|s| &text[s.range()]).collect();
        assert_eq!(cs, vec!["// yes", "// also"]);
    }

    #[test]
    fn parse_forms() {
        let text = "// policyc: allow T001, T002 because named in annex";
        match parse_comment(text, Span::new(0, text.len())) {
            Parsed::Suppression { codes, reason } => {
                let cs: Vec<&str> = codes
                    .iter()
                    .map(|(c, s)| {
                        assert_eq!(&text[s.range()], c.as_str());
                        c.as_str()
                    })
                    .collect();
                assert_eq!(cs, vec!["T001", "T002"]);
                assert_eq!(reason.as_deref(), Some("named in annex"));
            }
            _ => panic!("not read"),
        }
        let text = "// policyc: allow T001";
        assert!(matches!(
            parse_comment(text, Span::new(0, text.len())),
            Parsed::Suppression { reason: None, .. }
        ));
        let text = "// policyc: alow T001";
        assert!(matches!(
            parse_comment(text, Span::new(0, text.len())),
            Parsed::Invalid { .. }
        ));
        let text = "// policyc: allow T001 because named // expect: Z001";
        assert!(
            matches!(parse_comment(text, Span::new(0, text.len())), Parsed::Suppression { reason: Some(r), .. } if r == "named")
        );
        let text = "// an ordinary comment";
        assert!(matches!(
            parse_comment(text, Span::new(0, text.len())),
            Parsed::None
        ));
    }
}
