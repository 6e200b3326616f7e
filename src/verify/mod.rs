//! `policyc verify`: the app's own build files against its policy.
//!
//! Each reader (one module per kind of file) turns a build file into
//! [`Item`]s with byte spans: requested permissions and usage texts, SDKs
//! recognised from the [`catalogue`], mini-program private interfaces.
//! [`run`] compares them with the compiled policy and returns findings of
//! the `V` rules ([`rules`]) through the same [`Finding`] type and reports as
//! `check`. A file that cannot be read is an `E300` compile error (exit 2).

pub mod android;
pub mod catalogue;
mod checks;
pub(crate) use checks::declares;
pub mod gradle;
pub mod harmony;
pub mod ios;
pub mod miniprogram;
pub mod rules;
mod suppress;

use crate::check::Finding;
use crate::config::Config;
use crate::diagnostic::CompileError;
use crate::messages::Msg;
use crate::model::Model;
use crate::source::{SourceFile, Span};

pub use catalogue::{Catalogue, Checked, Platform};

/// The kinds of build file `verify` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `AndroidManifest.xml`, as written or merged.
    AndroidManifest,
    /// `build.gradle` or `build.gradle.kts`.
    Gradle,
    /// `gradle/libs.versions.toml`.
    VersionCatalog,
    /// The text output of `gradle dependencies`.
    GradleDependencies,
    /// iOS `Info.plist`.
    InfoPlist,
    /// iOS `PrivacyInfo.xcprivacy`.
    PrivacyManifest,
    /// WeChat mini-program `app.json`.
    MiniProgram,
    /// HarmonyOS `module.json5`.
    Harmony,
}

impl FileKind {
    /// The platform whose permissions the file declares, if it declares any.
    pub fn platform(self) -> Option<Platform> {
        match self {
            FileKind::AndroidManifest => Some(Platform::Android),
            FileKind::InfoPlist => Some(Platform::Ios),
            FileKind::MiniProgram => Some(Platform::Miniprogram),
            FileKind::Harmony => Some(Platform::Harmony),
            _ => None,
        }
    }

    /// Whether the file shows which SDKs the build embeds.
    pub fn shows_sdks(self) -> bool {
        matches!(
            self,
            FileKind::AndroidManifest
                | FileKind::Gradle
                | FileKind::VersionCatalog
                | FileKind::GradleDependencies
        )
    }
}

/// What a build file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A catalogued permission, usage-description key, mini-program scope or
    /// HarmonyOS permission that the app requests.
    Permission { platform: Platform, name: String },
    /// A mini-program `requiredPrivateInfos` entry.
    PrivateInfo { name: String },
    /// A catalogued SDK, and what showed it (a class, a coordinate, a
    /// `meta-data` name). `weak`: only a `<queries>` package.
    Sdk { id: String, by: String, weak: bool },
    /// A data type declared in a privacy manifest.
    DeclaredData { name: String },
}

/// One thing a build file says, and where.
#[derive(Clone, Debug)]
pub struct Item {
    pub what: What,
    pub span: Span,
    /// The text the app shows the user for it (a usage description, a
    /// `desc`, a `reason`), and where.
    pub text: Option<(String, Span)>,
}

/// A build file, read.
#[derive(Clone, Debug)]
pub struct Evidence {
    pub src: SourceFile,
    pub kind: FileKind,
    pub items: Vec<Item>,
    /// Permissions a manifest removes with `tools:node="remove"`.
    pub removed: Vec<String>,
}

/// Why a build file cannot be read: a message, where, and what to do.
#[derive(Clone, Debug)]
pub struct Bad {
    pub message: Msg,
    pub span: Option<Span>,
    pub label: Msg,
    pub help: Option<Msg>,
}

impl Bad {
    pub fn new(message: Msg) -> Bad {
        Bad {
            message,
            span: None,
            label: crate::msg!("verify.bad.here"),
            help: None,
        }
    }

    pub fn at(mut self, span: Span, label: Msg) -> Bad {
        self.span = Some(span);
        self.label = label;
        self
    }

    pub fn help(mut self, help: Msg) -> Bad {
        self.help = Some(help);
        self
    }
}

/// The compile-error code of a build file that cannot be read.
pub const BAD_EVIDENCE: &str = "E300";

/// The byte offset of a 1-based line and column (columns in characters).
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            return start + col;
        }
        start += l.len();
    }
    text.len()
}

/// The span of the JSON string literal `"value"` at or after `from`
/// (readers of JSON formats locate values their parser has already
/// validated; the parsers keep no positions).
pub(crate) fn find_literal(text: &str, from: usize, value: &str) -> Option<Span> {
    for quote in ['"', '\''] {
        let needle = format!("{quote}{value}{quote}");
        if let Some(i) = text.get(from..).and_then(|t| t.find(&needle)) {
            return Some(Span::new(from + i, from + i + needle.len()));
        }
    }
    None
}

/// What kind of build file a name and its first bytes are.
fn kind_of(name: &str, bytes: &[u8]) -> Result<FileKind, Bad> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Bad::new(crate::msg!("verify.bad.zip-archive", file = base))
            .help(crate::msg!("verify.bad.give-source-files")));
    }
    if bytes.starts_with(&[0x03, 0x00, 0x08, 0x00]) {
        return Err(
            Bad::new(crate::msg!("verify.bad.binary-manifest", file = base))
                .help(crate::msg!("verify.bad.give-source-manifest")),
        );
    }
    let kind = if lower.ends_with(".xcprivacy") {
        FileKind::PrivacyManifest
    } else if lower.ends_with(".plist") {
        FileKind::InfoPlist
    } else if lower.ends_with(".xml") {
        FileKind::AndroidManifest
    } else if lower.ends_with(".gradle") || lower.ends_with(".gradle.kts") {
        FileKind::Gradle
    } else if lower.ends_with(".toml") {
        FileKind::VersionCatalog
    } else if lower.ends_with(".json5") {
        FileKind::Harmony
    } else if lower.ends_with(".json") {
        FileKind::MiniProgram
    } else if lower.ends_with(".txt") || lower.ends_with(".log") {
        FileKind::GradleDependencies
    } else {
        return Err(
            Bad::new(crate::msg!("verify.bad.unknown-kind", file = base))
                .help(crate::msg!("verify.bad.kinds-read")),
        );
    };
    Ok(kind)
}

/// Read one build file. `Err` is an `E300` compile error with a located
/// message; nothing here panics on bad input.
pub fn read(name: &str, bytes: &[u8]) -> Result<Evidence, Box<CompileError>> {
    let fail = |src: &SourceFile, bad: Bad| {
        let mut e = CompileError::new(src, BAD_EVIDENCE, bad.message);
        if let Some(span) = bad.span {
            e = e.primary(span, bad.label);
        }
        if let Some(h) = bad.help {
            e = e.help(h);
        }
        Box::new(e)
    };
    let empty = SourceFile::new(name, "");
    let kind = kind_of(name, bytes).map_err(|b| fail(&empty, b))?;
    let cat = Catalogue::builtin().map_err(|e| {
        fail(
            &empty,
            Bad::new(crate::msg!("verify.bad.catalogue", detail = e)),
        )
    })?;
    // A binary property list is read without positions.
    if bytes.starts_with(b"bplist") {
        if !matches!(kind, FileKind::InfoPlist | FileKind::PrivacyManifest) {
            return Err(fail(
                &empty,
                Bad::new(crate::msg!(
                    "verify.bad.binary-plist-kind",
                    file = name,
                    kind = format!("{kind:?}")
                )),
            ));
        }
        let items = ios::read_binary(bytes, kind, cat).map_err(|b| fail(&empty, b))?;
        return Ok(Evidence {
            src: empty,
            kind,
            items,
            removed: Vec::new(),
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let at = e.valid_up_to();
            let valid = String::from_utf8_lossy(bytes.get(..at).unwrap_or_default()).into_owned();
            let src = SourceFile::new(name, valid);
            return Err(fail(
                &src,
                Bad::new(crate::msg!("verify.bad.not-utf8", file = name, offset = at))
                    .at(Span::at(at), crate::msg!("verify.bad.valid-up-to-here"))
                    .help(crate::msg!("verify.bad.binary-given")),
            ));
        }
    };
    let src = SourceFile::new(name, text);
    let mut removed = Vec::new();
    let items = match kind {
        FileKind::AndroidManifest => android::read(text, cat, &mut removed),
        FileKind::Gradle => gradle::read_script(text, cat),
        FileKind::VersionCatalog => gradle::read_catalog(text, cat),
        FileKind::GradleDependencies => gradle::read_dependencies(text, cat),
        FileKind::InfoPlist | FileKind::PrivacyManifest => ios::read_xml(text, kind, cat),
        FileKind::MiniProgram => miniprogram::read(text, cat),
        FileKind::Harmony => harmony::read(text, cat),
    }
    .map_err(|b| fail(&src, b))?;
    Ok(Evidence {
        src,
        kind,
        items,
        removed,
    })
}

/// The findings of one file: the policy's or a build file's.
#[derive(Debug)]
pub struct FileFindings {
    /// `None`: the policy; `Some(i)`: the i-th build file.
    pub evidence: Option<usize>,
    pub findings: Vec<Finding>,
}

/// Compare the build files with the policy. The policy's findings come
/// first, then each build file's, each sorted like `check`'s; suppressions
/// in the policy (`// policyc: allow V… because …`) and in the build files
/// (a comment with the same words) and the configuration's levels apply.
pub fn run(
    model: &Model,
    policy: &SourceFile,
    evidence: &[Evidence],
    config: &Config,
) -> Vec<FileFindings> {
    let Ok(cat) = Catalogue::builtin() else {
        return Vec::new();
    };
    let Ok(taxonomy) = config.taxonomy() else {
        return Vec::new();
    };
    let lang = config.language.unwrap_or(crate::lang::Lang::En);
    let raw = checks::run(model, policy, evidence, cat, taxonomy);
    let mut out = Vec::new();
    let policy_named = std::sync::Arc::new(policy.named_source());
    let named: Vec<_> = evidence
        .iter()
        .map(|e| std::sync::Arc::new(e.src.named_source()))
        .collect();
    for (which, mut findings) in raw {
        findings.retain_mut(|f| match config.level(f.rule.code) {
            Some(crate::config::Level::Off) => false,
            Some(level) => {
                if let Some(sev) = level.severity() {
                    f.severity = sev;
                }
                true
            }
            None => true,
        });
        match which {
            None => crate::check::suppress::apply_scoped(
                policy,
                &mut findings,
                config,
                rules::is_verify_code,
            ),
            Some(i) => {
                if let Some(e) = evidence.get(i) {
                    suppress::apply(&e.src, &mut findings, config);
                }
            }
        }
        let source = match which {
            None => Some(&policy_named),
            Some(i) => named.get(i),
        };
        for f in &mut findings {
            f.source = source.map(std::sync::Arc::clone);
            f.set_lang(lang);
        }
        crate::check::sort(&mut findings);
        out.push(FileFindings {
            evidence: which,
            findings,
        });
    }
    out
}
