//! Baselines (`check --baseline FILE`, `--update-baseline`): the findings a
//! team has accepted for now, so that CI fails only on new ones.
//!
//! A baseline lists each finding's file and fingerprint (the JSON
//! `fingerprint`, SARIF `partialFingerprints["policyc/v1"]`): a hash of the
//! code, the message, the text at the primary span and the occurrence number
//! of that triple in the file, with no line numbers, so a finding keeps its
//! identity when lines above it move. The code, line and message are kept
//! beside it for people reading the file; only file and fingerprint match.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::report::entry::{self, FileResult, Kind};

/// The baseline file's schema version.
pub const VERSION: u32 = 1;

/// The file `--update-baseline` writes when `--baseline` names none.
pub const DEFAULT_FILE: &str = "policyc-baseline.json";

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    /// The file as given on the command line, `/` separators, no `./`.
    pub file: String,
    pub fingerprint: String,
    /// For readers; not matched.
    pub code: String,
    /// For readers (the line when the baseline was written); not matched.
    pub line: usize,
    /// For readers; not matched.
    pub message: String,
}

/// A baseline file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Known>,
}

/// What applying a baseline did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Outcome {
    /// Findings found in the baseline and not reported.
    pub baselined: usize,
    /// Baseline entries of the checked files that no longer occur.
    pub fixed: Vec<Known>,
}

/// A file name as a baseline key: `/` separators, no leading `./`.
pub fn normalise(file: &str) -> String {
    let f = file.replace('\\', "/");
    let mut s = f.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

impl Baseline {
    /// Read a baseline file.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.version != VERSION {
            return Err(format!(
                "baseline version {} is not supported (this policyc writes version {VERSION})",
                b.version
            ));
        }
        Ok(b)
    }

    /// The findings of this run (compile errors are never baselined), plus
    /// the entries of `previous` for files this run did not check.
    pub fn of(files: &[FileResult], previous: Option<&Baseline>) -> Baseline {
        let checked: BTreeSet<String> = files.iter().map(|f| normalise(&f.name)).collect();
        let mut findings: Vec<Known> = previous
            .map(|p| {
                p.findings
                    .iter()
                    .filter(|k| !checked.contains(&k.file))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        findings.extend(
            entry::each_entry(files)
                .filter(|e| e.kind == Kind::Finding)
                .map(|e| Known {
                    file: normalise(&e.file),
                    fingerprint: e.fingerprint,
                    code: e.code,
                    line: e.line,
                    message: e.message,
                }),
        );
        findings.sort_by(|a, b| (&a.file, a.line, &a.code).cmp(&(&b.file, b.line, &b.code)));
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// The file's text: pretty JSON with a final newline, so that it diffs
    /// well in review.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Remove the baselined findings from `files` (each file keeps the
    /// fingerprints its remaining findings had among all its findings) and
    /// say which baseline entries of the checked files are gone.
    pub fn apply(&self, files: &mut [FileResult]) -> Outcome {
        let mut known: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for k in &self.findings {
            known
                .entry(k.file.as_str())
                .or_default()
                .insert(k.fingerprint.as_str());
        }
        let mut outcome = Outcome::default();
        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        for file in files.iter_mut() {
            let name = normalise(&file.name);
            let accepted = known.get(name.as_str());
            let prints: Vec<String> = entry::each_entry(std::slice::from_ref(file))
                .filter(|e| e.kind == Kind::Finding)
                .map(|e| e.fingerprint)
                .collect();
            let mut keep = Vec::with_capacity(prints.len());
            for p in &prints {
                let old = accepted.is_some_and(|a| a.contains(p.as_str()));
                keep.push(!old);
                if old {
                    outcome.baselined += 1;
                }
                seen.insert((name.clone(), p.clone()));
            }
            let mut i = 0;
            file.findings.retain(|_| {
                i += 1;
                keep.get(i - 1).copied().unwrap_or(true)
            });
            file.fingerprints = prints
                .into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(p, _)| p)
                .collect();
        }
        // Only files checked now can say that a finding is gone; a file
        // that did not compile says nothing about its findings.
        let checked: BTreeSet<String> = files
            .iter()
            .filter(|f| f.errors.is_empty())
            .map(|f| normalise(&f.name))
            .collect();
        outcome.fixed = self
            .findings
            .iter()
            .filter(|k| checked.contains(&k.file))
            .filter(|k| !seen.contains(&(k.file.clone(), k.fingerprint.clone())))
            .cloned()
            .collect();
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn file_keys() {
        assert_eq!(normalise("./a/b.policy"), "a/b.policy");
        assert_eq!(normalise("a\\b.policy"), "a/b.policy");
        assert_eq!(normalise("././x"), "x");
    }
}
