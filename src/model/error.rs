//! Resolution errors (`E2xx`): the data, and the one place their prose is written.

use crate::diagnostic::CompileError;
use crate::source::{SourceFile, Span};

/// What went wrong, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolveError {
    /// E201: a reference to a name that is not declared.
    UnknownName {
        name: String,
        span: Span,
        /// What kind of declaration the reference needs (`data category`).
        expected: &'static str,
        suggestion: Option<String>,
    },
    /// E202: a declaration given twice.
    Duplicate {
        what: &'static str,
        name: Option<String>,
        first: Span,
        second: Span,
    },
    /// E203: a reference to a name of the wrong kind.
    WrongKind {
        name: String,
        span: Span,
        expected: &'static str,
        found: &'static str,
        declared: Span,
    },
    /// E204: a date that does not exist.
    InvalidDate { text: String, span: Span },
    /// E205: a duration with an unknown unit or no amount.
    InvalidDuration {
        text: String,
        span: Span,
        working_days_allowed: bool,
    },
    /// E206: a taxonomy category that does not exist.
    UnknownCategory {
        path: String,
        span: Span,
        suggestion: Option<String>,
    },
    /// E207: an app type that is not one of the 39 (or `other`).
    UnknownAppType {
        code: String,
        span: Span,
        suggestion: Option<String>,
    },
    /// E208: no `policy` header.
    MissingHeader { span: Span },
    /// E209: a single-valued field given twice in one declaration.
    DuplicateField {
        field: &'static str,
        decl: &'static str,
        first: Span,
        second: Span,
    },
    /// E210: a word that is not in the field's vocabulary.
    UnknownWord {
        word: String,
        span: Span,
        what: &'static str,
        allowed: &'static [&'static str],
        suggestion: Option<String>,
    },
    /// E211: a value of the right shape that is not valid (country code, number).
    InvalidValue {
        what: &'static str,
        text: String,
        span: Span,
        help: &'static str,
    },
    /// E212: a name given more than once in one list (`collects a, a`).
    RepeatedName {
        name: String,
        /// How many times it is listed.
        times: usize,
        first: Span,
        second: Span,
    },
    /// E215: `third-party yes` on a category whose `subject` is the user alone.
    ThirdPartyUserSubject { flag: Span, subject: Span },
    /// E213: an `exceptions` list scoped to `requests` or `retain` and to processing acts.
    MixedExceptionScope {
        special: &'static str,
        special_span: Span,
        act: &'static str,
        act_span: Span,
    },
    /// E214: a `scope` names a platform the policy header does not list.
    ScopeOutsidePlatforms {
        platform: &'static str,
        span: Span,
        /// The header's platforms (empty: it lists none).
        listed: Vec<&'static str>,
        /// The header's first line.
        header: Span,
    },
}

/// "a data category", "an SDK".
fn a(noun: &str) -> String {
    let first_word = noun.split(' ').next().unwrap_or("");
    let acronym = first_word.len() > 1
        && first_word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    let vowel = if acronym {
        // letters whose names start with a vowel sound: "an SDK", "an HR"
        first_word.starts_with(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X'])
    } else {
        noun.starts_with(['a', 'e', 'i', 'o', 'u'])
    };
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

fn backticked(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ResolveError {
    pub fn code(&self) -> &'static str {
        match self {
            ResolveError::UnknownName { .. } => "E201",
            ResolveError::Duplicate { .. } => "E202",
            ResolveError::WrongKind { .. } => "E203",
            ResolveError::InvalidDate { .. } => "E204",
            ResolveError::InvalidDuration { .. } => "E205",
            ResolveError::UnknownCategory { .. } => "E206",
            ResolveError::UnknownAppType { .. } => "E207",
            ResolveError::MissingHeader { .. } => "E208",
            ResolveError::DuplicateField { .. } => "E209",
            ResolveError::UnknownWord { .. } => "E210",
            ResolveError::InvalidValue { .. } => "E211",
            ResolveError::RepeatedName { .. } => "E212",
            ResolveError::MixedExceptionScope { .. } => "E213",
            ResolveError::ScopeOutsidePlatforms { .. } => "E214",
            ResolveError::ThirdPartyUserSubject { .. } => "E215",
        }
    }

    /// The primary span, for ordering.
    pub fn span(&self) -> Span {
        match self {
            ResolveError::UnknownName { span, .. }
            | ResolveError::WrongKind { span, .. }
            | ResolveError::InvalidDate { span, .. }
            | ResolveError::InvalidDuration { span, .. }
            | ResolveError::UnknownCategory { span, .. }
            | ResolveError::UnknownAppType { span, .. }
            | ResolveError::MissingHeader { span }
            | ResolveError::UnknownWord { span, .. }
            | ResolveError::InvalidValue { span, .. }
            | ResolveError::ScopeOutsidePlatforms { span, .. } => *span,
            ResolveError::ThirdPartyUserSubject { flag, .. } => *flag,
            ResolveError::MixedExceptionScope { special_span, .. } => *special_span,
            ResolveError::Duplicate { second, .. }
            | ResolveError::DuplicateField { second, .. }
            | ResolveError::RepeatedName { second, .. } => *second,
        }
    }

    /// The diagnostic users see.
    pub fn to_diagnostic(&self, src: &SourceFile) -> CompileError {
        let e = |message: String| CompileError::new(src, self.code(), message);
        match self {
            ResolveError::UnknownName {
                name,
                span,
                expected,
                suggestion,
            } => e(format!("unknown {expected} `{name}`"))
                .primary(*span, "not declared in this policy")
                .help(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("declare the {expected} first, or check the spelling"),
                }),
            ResolveError::Duplicate {
                what,
                name,
                first,
                second,
            } => {
                let message = match name {
                    Some(n) => format!("`{n}` is declared twice"),
                    None => format!("the {what} is declared twice"),
                };
                e(message)
                    .primary(*second, "declared again here")
                    .secondary(*first, "first declared here")
                    .help(match name {
                        Some(_) => "give each declaration its own id".to_string(),
                        None => format!("a policy has one {what}: merge the two blocks"),
                    })
            }
            ResolveError::WrongKind {
                name,
                span,
                expected,
                found,
                declared,
            } => e(format!("`{name}` is {}, not {}", a(found), a(expected)))
                .primary(*span, format!("{} is expected here", a(expected)))
                .secondary(*declared, format!("`{name}` is declared here as {}", a(found)))
                .help(format!("refer to {} here", a(expected))),
            ResolveError::InvalidDate { text, span } => e(format!("invalid date `{text}`"))
                .primary(*span, "no such calendar date")
                .help("write dates as YYYY-MM-DD, e.g. `2021-09-15`, or YYYY-MM when the policy gives only a month, e.g. `2021-09`"),
            ResolveError::InvalidDuration {
                text,
                span,
                working_days_allowed,
            } => e(format!("invalid duration `{text}`"))
                .primary(*span, "not a number followed by a unit")
                .help(if *working_days_allowed {
                    "use a whole number and one of the units `y` (years), `mo` (months), `w` (weeks), `d` (calendar days), `wd` (working days), `h` (hours), e.g. `15wd`"
                } else {
                    "use a whole number and one of the units `y` (years), `mo` (months), `w` (weeks), `d` (days), `h` (hours), e.g. `5y`"
                }),
            ResolveError::UnknownCategory {
                path,
                span,
                suggestion,
            } => e(format!("unknown taxonomy category `{path}`"))
                .primary(*span, "not in the built-in taxonomy")
                .help(match suggestion {
                    Some(s) => format!("did you mean `{s}`? (`policyc taxonomy` lists every category)"),
                    None => "use a class such as `financial` or an item such as `financial.bank-card`; `policyc taxonomy` lists them".to_string(),
                }),
            ResolveError::UnknownAppType {
                code,
                span,
                suggestion,
            } => e(format!("unknown app type `{code}`"))
                .primary(*span, "not one of the 39 app types of the necessary-PI rules")
                .help(match suggestion {
                    Some(s) => format!("did you mean `{s}`? (use `other` for an app outside the 39 types)"),
                    None => "use a type code such as `online-lending`, or `other`; `policyc taxonomy --app-types` lists them".to_string(),
                }),
            ResolveError::MissingHeader { span } => e("missing policy header".into())
                .primary(*span, "no `policy` declaration in this file")
                .help("start the file with `policy \"<title>\" { }`"),
            ResolveError::DuplicateField {
                field,
                decl,
                first,
                second,
            } => e(format!("field `{field}` is given twice in this {decl}"))
                .primary(*second, "given again here")
                .secondary(*first, "first given here")
                .help(format!("`{field}` takes one value: keep one of the two")),
            ResolveError::UnknownWord {
                word,
                span,
                what,
                allowed,
                suggestion,
            } => e(format!("unknown {what} `{word}`"))
                .primary(*span, format!("not {}", a(what)))
                .help(match suggestion {
                    Some(s) => format!("did you mean `{s}`? valid values: {}", backticked(allowed)),
                    None => format!("valid values: {}", backticked(allowed)),
                }),
            ResolveError::InvalidValue {
                what,
                text,
                span,
                help,
            } => e(format!("invalid {what} `{text}`"))
                .primary(*span, format!("not a valid {what}"))
                .help(*help),
            ResolveError::RepeatedName {
                name,
                times,
                first,
                second,
            } => e(if *times == 2 {
                format!("`{name}` is listed twice in one list")
            } else {
                format!("`{name}` is listed {times} times in one list")
            })
            .primary(*second, "listed again here")
            .secondary(*first, "first listed here")
            .help(format!("list `{name}` once")),
            ResolveError::MixedExceptionScope {
                special,
                special_span,
                act,
                act_span,
            } => e(format!(
                "an exceptions list scoped to `{special}` also names the processing act `{act}`"
            ))
            .primary(*special_span, format!("`{special}` grounds are of another kind"))
            .secondary(*act_span, "a processing act")
            .help(format!(
                "give the `{special}` grounds a list of their own: `exceptions {special}-grounds \"…\" {{ scope {special} … }}`"
            )),
            ResolveError::ThirdPartyUserSubject { flag, subject } => {
                e("`third-party yes` contradicts `subject user`".into())
                    .primary(*flag, "says the data is about other people")
                    .secondary(*subject, "says it is the user's own")
                    .help("write `subject user, other` when it may be either, or keep one of the two fields")
            }
            ResolveError::ScopeOutsidePlatforms {
                platform,
                span,
                listed,
                header,
            } => {
                let covers = if listed.is_empty() {
                    "the policy header lists no platform".to_string()
                } else {
                    format!("the policy covers {}", backticked(listed))
                };
                e(format!("scoped to `{platform}`, but {covers}"))
                    .primary(*span, "not a platform of this policy")
                    .secondary(*header, "the policy header lists its platforms")
                    .help(format!(
                        "add `{platform}` to the header's `platform` line, or scope the declaration to a platform the header lists"
                    ))
            }
        }
    }
}
