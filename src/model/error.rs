//! Resolution errors (`E2xx`): the data, and the one place their prose is written.

use crate::diagnostic::CompileError;
use crate::lang::Lang;
use crate::messages::{Arg, Msg};
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
    /// E216: a `document` said both to prevail over the policy
    /// (`overrides`) and to rank below it (`subordinate`).
    ContradictoryRelation {
        document: String,
        overrides: Span,
        subordinate: Span,
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

fn backticked(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| format!("`{w}`")).collect()
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
            ResolveError::ScopeOutsidePlatforms { .. } => "E214",
            ResolveError::ThirdPartyUserSubject { .. } => "E215",
            ResolveError::ContradictoryRelation { .. } => "E216",
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
            ResolveError::ContradictoryRelation { subordinate, .. } => *subordinate,
            ResolveError::Duplicate { second, .. }
            | ResolveError::DuplicateField { second, .. }
            | ResolveError::RepeatedName { second, .. } => *second,
        }
    }

    /// The diagnostic users see.
    pub fn to_diagnostic(&self, src: &SourceFile) -> CompileError {
        let e = |message: Msg| CompileError::new(src, self.code(), message);
        match self {
            ResolveError::UnknownName {
                name,
                span,
                expected,
                suggestion,
            } => e(crate::msg!(
                "resolve.unknown-name",
                kind = bare(expected),
                name = name
            ))
            .primary(*span, crate::msg!("resolve.not-declared"))
            .help(match suggestion {
                Some(s) => crate::msg!("resolve.did-you-mean", name = s),
                None => crate::msg!("resolve.declare-first", kind = bare(expected)),
            }),
            ResolveError::Duplicate {
                what,
                name,
                first,
                second,
            } => {
                let message = match name {
                    Some(n) => crate::msg!("resolve.declared-twice", name = n),
                    None => crate::msg!("resolve.singleton-declared-twice", kind = bare(what)),
                };
                e(message)
                    .primary(*second, crate::msg!("resolve.declared-again-here"))
                    .secondary(*first, crate::msg!("resolve.first-declared-here"))
                    .help(match name {
                        Some(_) => crate::msg!("resolve.own-id"),
                        None => crate::msg!("resolve.merge-blocks", kind = bare(what)),
                    })
            }
            ResolveError::WrongKind {
                name,
                span,
                expected,
                found,
                declared,
            } => e(crate::msg!(
                "resolve.wrong-kind",
                name = name,
                found = with_article(found),
                expected = with_article(expected)
            ))
            .primary(
                *span,
                crate::msg!(
                    "resolve.kind-expected-here",
                    expected = with_article(expected)
                ),
            )
            .secondary(
                *declared,
                crate::msg!(
                    "resolve.declared-here-as",
                    name = name,
                    found = with_article(found)
                ),
            )
            .help(crate::msg!(
                "resolve.refer-to-kind",
                expected = with_article(expected)
            )),
            ResolveError::InvalidDate { text, span } => {
                e(crate::msg!("resolve.invalid-date", text = text))
                    .primary(*span, crate::msg!("resolve.no-such-date"))
                    .help(crate::msg!("resolve.date-form"))
            }
            ResolveError::InvalidDuration {
                text,
                span,
                working_days_allowed,
            } => e(crate::msg!("resolve.invalid-duration", text = text))
                .primary(*span, crate::msg!("resolve.not-number-and-unit"))
                .help(if *working_days_allowed {
                    crate::msg!("resolve.duration-units-working-days")
                } else {
                    crate::msg!("resolve.duration-units")
                }),
            ResolveError::UnknownCategory {
                path,
                span,
                suggestion,
            } => e(crate::msg!("resolve.unknown-category", path = path))
                .primary(*span, crate::msg!("resolve.not-in-taxonomy"))
                .help(match suggestion {
                    Some(s) => crate::msg!("resolve.did-you-mean-category", name = s),
                    None => crate::msg!("resolve.category-form"),
                }),
            ResolveError::UnknownAppType {
                code,
                span,
                suggestion,
            } => e(crate::msg!("resolve.unknown-app-type", code = code))
                .primary(*span, crate::msg!("resolve.not-an-app-type"))
                .help(match suggestion {
                    Some(s) => crate::msg!("resolve.did-you-mean-app-type", name = s),
                    None => crate::msg!("resolve.app-type-form"),
                }),
            ResolveError::MissingHeader { span } => e(crate::msg!("resolve.missing-header"))
                .primary(*span, crate::msg!("resolve.no-policy-declaration"))
                .help(crate::msg!("resolve.start-with-policy")),
            ResolveError::DuplicateField {
                field,
                decl,
                first,
                second,
            } => e(crate::msg!(
                "resolve.field-twice",
                field = *field,
                decl = bare(decl)
            ))
            .primary(*second, crate::msg!("resolve.given-again-here"))
            .secondary(*first, crate::msg!("resolve.first-given-here"))
            .help(crate::msg!("resolve.keep-one-value", field = *field)),
            ResolveError::UnknownWord {
                word,
                span,
                what,
                allowed,
                suggestion,
            } => e(crate::msg!(
                "resolve.unknown-word",
                kind = bare(what),
                word = word
            ))
            .primary(
                *span,
                crate::msg!("resolve.not-a-kind", kind = with_article(what)),
            )
            .help(match suggestion {
                Some(s) => crate::msg!(
                    "resolve.did-you-mean-word",
                    word = s,
                    allowed = backticked(allowed)
                ),
                None => crate::msg!("resolve.valid-values", allowed = backticked(allowed)),
            }),
            ResolveError::InvalidValue {
                what,
                text,
                span,
                help,
            } => e(crate::msg!(
                "resolve.invalid-value",
                kind = bare(what),
                text = text
            ))
            .primary(*span, crate::msg!("resolve.not-a-valid", kind = bare(what)))
            .help(value_help(help)),
            ResolveError::RepeatedName {
                name,
                times,
                first,
                second,
            } => e(if *times == 2 {
                crate::msg!("resolve.listed-twice", name = name)
            } else {
                crate::msg!("resolve.listed-times", name = name, times = *times)
            })
            .primary(*second, crate::msg!("resolve.listed-again-here"))
            .secondary(*first, crate::msg!("resolve.first-listed-here"))
            .help(crate::msg!("resolve.list-once", name = name)),
            ResolveError::ThirdPartyUserSubject { flag, subject } => {
                e(crate::msg!("resolve.third-party-user-subject"))
                    .primary(*flag, crate::msg!("resolve.about-other-people"))
                    .secondary(*subject, crate::msg!("resolve.users-own"))
                    .help(crate::msg!("resolve.subject-both"))
            }
            ResolveError::ContradictoryRelation {
                document,
                overrides,
                subordinate,
            } => e(crate::msg!(
                "resolve.contradictory-relation",
                document = document
            ))
            .primary(*subordinate, crate::msg!("resolve.ranks-below"))
            .secondary(*overrides, crate::msg!("resolve.prevails"))
            .help(crate::msg!("resolve.one-rank")),
            ResolveError::ScopeOutsidePlatforms {
                platform,
                span,
                listed,
                header,
            } => {
                let covers = if listed.is_empty() {
                    crate::msg!("resolve.header-lists-no-platform")
                } else {
                    crate::msg!("resolve.policy-covers", platforms = backticked(listed))
                };
                e(crate::msg!(
                    "resolve.scope-outside-platforms",
                    platform = *platform,
                    covers = covers
                ))
                .primary(*span, crate::msg!("resolve.not-a-platform"))
                .secondary(*header, crate::msg!("resolve.header-lists-platforms"))
                .help(crate::msg!("resolve.add-platform", platform = *platform))
            }
        }
    }
}

/// A noun of [`ResolveError`] (`DeclKind::noun`, a vocabulary's `WHAT`) in
/// Chinese, or `None` for a noun the catalogue does not know.
pub fn noun(en: &str) -> Option<Msg> {
    Some(match en {
        "function kind" => crate::msg!("noun.function-kind"),
        "legal basis" => crate::msg!("noun.legal-basis"),
        "consent kind" => crate::msg!("noun.consent-kind"),
        "need" => crate::msg!("noun.need"),
        "source" => crate::msg!("noun.source"),
        "refusal effect" => crate::msg!("noun.refusal-effect"),
        "channel" => crate::msg!("noun.channel"),
        "recipient role" => crate::msg!("noun.recipient-role"),
        "SDK collection method" => crate::msg!("noun.sdk-collection-method"),
        "expiry handling" => crate::msg!("noun.expiry-handling"),
        "transfer mechanism" => crate::msg!("noun.transfer-mechanism"),
        "consent mechanism" => crate::msg!("noun.consent-mechanism"),
        "right" => crate::msg!("noun.right"),
        "operating system" => crate::msg!("noun.operating-system"),
        "request time" => crate::msg!("noun.request-time"),
        "under-14 rules" => crate::msg!("noun.under-14-rules"),
        "security measure" => crate::msg!("noun.security-measure"),
        "incident-notice content" => crate::msg!("noun.incident-notice-content"),
        "sector" => crate::msg!("noun.sector"),
        "PI-volume band" => crate::msg!("noun.pi-volume-band"),
        "JR/T 0171 class" => crate::msg!("noun.jrt-0171-class"),
        "platform" => crate::msg!("noun.platform"),
        "data subject" => crate::msg!("noun.data-subject"),
        "officer kind" => crate::msg!("noun.officer-kind"),
        "status" => crate::msg!("noun.status"),
        "cookie kind" => crate::msg!("noun.cookie-kind"),
        "cookie party" => crate::msg!("noun.cookie-party"),
        "recommendation kind" => crate::msg!("noun.recommendation-kind"),
        "Do Not Track stance" => crate::msg!("noun.do-not-track-stance"),
        "exempted act" => crate::msg!("noun.exempted-act"),
        "policy header" => crate::msg!("noun.policy-header"),
        "processor" => crate::msg!("noun.processor"),
        "PI-protection officer" => crate::msg!("noun.pi-protection-officer"),
        "consent flow" => crate::msg!("noun.consent-flow"),
        "data category" => crate::msg!("noun.data-category"),
        "permission" => crate::msg!("noun.permission"),
        "business function" => crate::msg!("noun.business-function"),
        "recipient" => crate::msg!("noun.recipient"),
        "SDK list reference" => crate::msg!("noun.sdk-list-reference"),
        "SDK" => crate::msg!("noun.sdk"),
        "public disclosure" => crate::msg!("noun.public-disclosure"),
        "merger clause" => crate::msg!("noun.merger-clause"),
        "retention entry" => crate::msg!("noun.retention-entry"),
        "storage statement" => crate::msg!("noun.storage-statement"),
        "cross-border transfer" => crate::msg!("noun.cross-border-transfer"),
        "automated decision" => crate::msg!("noun.automated-decision"),
        "marketing statement" => crate::msg!("noun.marketing-statement"),
        "minors statement" => crate::msg!("noun.minors-statement"),
        "security statement" => crate::msg!("noun.security-statement"),
        "complaints statement" => crate::msg!("noun.complaints-statement"),
        "update policy" => crate::msg!("noun.update-policy"),
        "consent exceptions" => crate::msg!("noun.consent-exceptions"),
        "section" => crate::msg!("noun.section"),
        "cookie or tracking technology" => crate::msg!("noun.cookie-or-tracking-technology"),
        "personalised recommendation" => crate::msg!("noun.personalised-recommendation"),
        "grant level" => crate::msg!("noun.grant-level"),
        "referenced document" => crate::msg!("noun.referenced-document"),
        "processing outside functions" => crate::msg!("noun.processing-outside-functions"),
        "defaults statement" => crate::msg!("noun.defaults-statement"),
        "declaration with defaults" => crate::msg!("noun.declaration-with-defaults"),
        "place data is kept" => crate::msg!("noun.place-data-is-kept"),
        "consent of others" => crate::msg!("noun.consent-of-others"),
        "update effect" => crate::msg!("noun.update-effect"),
        "document relation" => crate::msg!("noun.document-relation"),
        "processing kind" => crate::msg!("noun.processing-kind"),
        "transfer of control" => crate::msg!("noun.transfer-of-control"),
        "shutdown clause" => crate::msg!("noun.shutdown-clause"),
        "sensitivity claim" => crate::msg!("noun.sensitivity-claim"),
        "use restriction" => crate::msg!("noun.use-restriction"),
        "processor kind" => crate::msg!("noun.processor-kind"),
        "SDK kind" => crate::msg!("noun.sdk-kind"),
        "age" => crate::msg!("noun.age"),
        "country or region code" => crate::msg!("noun.country-or-region-code"),
        _ => return None,
    })
}

/// A noun as it stands alone: "data category" / "数据类别".
fn bare(en: &str) -> Arg {
    match noun(en) {
        Some(m) => Arg::both(m.render(Lang::Zh), en),
        None => Arg::Text(en.to_string()),
    }
}

/// A noun after "is" or "expected": "a data category" / "数据类别".
fn with_article(en: &str) -> Arg {
    match noun(en) {
        Some(m) => Arg::both(m.render(Lang::Zh), a(en)),
        None => Arg::Text(a(en)),
    }
}

/// The help of an [`ResolveError::InvalidValue`], written by the resolver.
fn value_help(en: &str) -> Msg {
    match en {
        "write an age in whole years, e.g. `18`" => crate::msg!("resolve.age-form"),
        "a child is younger than 18: write the oldest age the policy counts as a child, e.g. `14`" => {
            crate::msg!("resolve.child-age-form")
        }
        "use a two-letter ISO 3166 code in capitals, e.g. `CN`, `HK`, `SG`, `US`" => {
            crate::msg!("resolve.country-form")
        }
        other => crate::msg!("resolve.value-help", help = other),
    }
}
