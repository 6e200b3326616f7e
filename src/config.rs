//! `policyc.yaml`: per-rule levels, facts the policy may not declare (app
//! type, sector, PI volume), the default citation language, and extra
//! taxonomy categories.
//!
//! ```yaml
//! rules:
//!   T001: warning
//!   I003: off
//! app-type: online-lending
//! sector: consumer-finance
//! volume: over-1m
//! language: zh
//! rules-url: https://example.com/policyc/rules/   # helpUri base of SARIF reports
//! taxonomy:
//!   classes: [{ code: loyalty, zh: 会员信息, en: Loyalty data, sensitive: false }]
//!   items: [{ id: points, class: loyalty, zh: 积分, en: Points, sensitive: false }]
//! verify:                  # build files `policyc verify` reads when none are given
//!   - app/src/main/AndroidManifest.xml
//!   - app/build.gradle
//! ```
//!
//! Unknown keys, unknown rule codes and bad values are errors that point at
//! the place in the YAML file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use crate::check::registry;
use crate::check::rule::Severity;
use crate::diagnostic::did_you_mean;
use crate::lang::Lang;
use crate::model::taxonomy::{Class, Item};
use crate::model::words::{Sector, Volume};
use crate::model::Taxonomy;
use crate::source::{SourceFile, Span};

/// The file name looked for upward from each checked file.
pub const FILE_NAME: &str = "policyc.yaml";

/// What the configuration does with a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    /// The severity findings get, or `None` when the rule is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// A loaded configuration. `Config::default()` is "no configuration".
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Rule code (upper case) → level.
    pub rules: BTreeMap<String, Level>,
    pub app_types: Vec<String>,
    pub sector: Option<Sector>,
    pub volume: Option<Volume>,
    /// The default citation language (`--lang` overrides it).
    pub language: Option<Lang>,
    /// The base URL of the rule pages in SARIF `helpUri` (`--rules-url`
    /// overrides it); an absolute URI.
    pub rules_url: Option<String>,
    /// The built-in taxonomy plus the configuration's extra categories, when
    /// there are any.
    pub taxonomy: Option<Taxonomy>,
    /// Where the configuration was read from.
    pub path: Option<PathBuf>,
    /// How many threads one file's parse and rules may use (set by the
    /// command line, not by the file; 0 and 1 mean one). Results do not
    /// depend on it.
    pub threads: usize,
    /// The build files `policyc verify` reads when none are given, as
    /// written (relative to the configuration file's directory).
    pub verify: Vec<PathBuf>,
}

impl Config {
    /// The level the configuration sets for a code, if any.
    pub fn level(&self, code: &str) -> Option<Level> {
        self.rules.get(code).copied()
    }

    /// Whether a code is turned off.
    pub fn is_off(&self, code: &str) -> bool {
        self.level(code) == Some(Level::Off)
    }

    /// The taxonomy to compile and check with.
    pub fn taxonomy(&self) -> Result<&Taxonomy, String> {
        match &self.taxonomy {
            Some(t) => Ok(t),
            None => Taxonomy::builtin(),
        }
    }

    /// Parse a configuration file's text. `name` is shown in errors.
    pub fn parse(name: &str, text: &str) -> Result<Config, Box<ConfigError>> {
        let src = SourceFile::new(name, text);
        // YAML allows no control character but tab and line ends; serde_yaml
        // says so without a line and column
        if let Some((i, c)) = text
            .char_indices()
            .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            let span = Span::new(i, i + c.len_utf8());
            return Err(Box::new(ConfigError::at_span(
                &src,
                span,
                format!(
                    "the configuration contains {}, which YAML does not allow",
                    crate::syntax::describe_char(c)
                ),
                "remove the character; a configuration is plain UTF-8 text".into(),
            )));
        }
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            serde_yaml::from_str(text).map_err(|e| Box::new(ConfigError::from_yaml(&src, &e)))?
        };
        let taxonomy = match raw.taxonomy {
            None => None,
            Some(extra) if extra.classes.is_empty() && extra.items.is_empty() => None,
            Some(extra) => Some(extend_taxonomy(&src, extra)?),
        };
        if let Some(url) = &raw.rules_url {
            if !crate::report::sarif::is_absolute_uri(url) {
                return Err(Box::new(ConfigError::plain(
                    src.name(),
                    format!("`rules-url` must be an absolute URI such as `https://example.com/rules/`, not `{url}`"),
                )));
            }
        }
        Ok(Config {
            rules_url: raw.rules_url,
            rules: raw.rules.0,
            app_types: raw
                .app_type
                .map(|a| a.0.into_iter().map(|c| c.0).collect())
                .unwrap_or_default(),
            sector: raw.sector,
            volume: raw.volume,
            language: raw.language.map(|l| match l {
                RawLang::Zh => Lang::Zh,
                RawLang::En => Lang::En,
            }),
            taxonomy,
            path: None,
            threads: 1,
            verify: raw.verify.into_iter().map(PathBuf::from).collect(),
        })
    }

    /// Read a configuration file.
    /// The `language:` a configuration file states, read leniently: the
    /// language its own errors are shown in when the rest does not load.
    pub fn language_in(path: &Path) -> Option<Lang> {
        let text = std::fs::read_to_string(path).ok()?;
        let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
        Lang::from_code(value.get("language")?.as_str()?)
    }

    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            Box::new(ConfigError::plain(
                &name,
                format!(
                    "cannot read configuration `{name}`: {}",
                    crate::output::reason(&e)
                ),
            ))
        })?;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let src = SourceFile::new(&name, String::from_utf8_lossy(e.as_bytes()));
                let span = Span::new(at, at + '\u{FFFD}'.len_utf8());
                return Err(Box::new(ConfigError::at_span(
                    &src,
                    span,
                    "the configuration is not valid UTF-8 text".into(),
                    "save the file as UTF-8".into(),
                )));
            }
        };
        let mut config = Config::parse(&name, &text)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// The `verify` paths, relative to the directory of the configuration
    /// file (as written when the configuration has no file).
    pub fn verify_paths(&self) -> Vec<PathBuf> {
        let dir = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .filter(|d| !d.as_os_str().is_empty());
        self.verify
            .iter()
            .map(|p| match dir {
                Some(d) if p.is_relative() => d.join(p),
                _ => p.clone(),
            })
            .collect()
    }

    /// The nearest `policyc.yaml` in `dir` or one of its ancestors.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let start = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let found = abs
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())?;
        // Shown in messages: relative to the working directory when inside it.
        match std::env::current_dir()
            .ok()
            .and_then(|cwd| found.strip_prefix(cwd).ok().map(Path::to_path_buf))
        {
            Some(rel) => Some(rel),
            None => Some(found),
        }
    }
}

fn extend_taxonomy(src: &SourceFile, extra: RawTaxonomy) -> Result<Taxonomy, Box<ConfigError>> {
    let builtin = Taxonomy::builtin().map_err(|e| Box::new(ConfigError::plain(src.name(), e)))?;
    let mut tax = builtin.clone();
    for name in extra
        .classes
        .iter()
        .map(|c| &c.code)
        .chain(extra.items.iter().map(|i| &i.id))
    {
        if !is_policy_name(name) {
            let mut e = ConfigError::at_name(
                src,
                name,
                format!("taxonomy name `{name}` cannot be written in a policy"),
            );
            e.help = Some("a name starts with an ASCII letter and has only ASCII letters, digits, `-` and `_`, as names in a policy do (`loyalty`, `points-balance`)".into());
            return Err(Box::new(e));
        }
    }
    for c in extra.classes {
        let code = c.code.clone();
        tax.add_class(c)
            .map_err(|e| Box::new(ConfigError::at_name(src, &code, e)))?;
    }
    for i in extra.items {
        let id = i.id.clone();
        tax.add_item(i)
            .map_err(|e| Box::new(ConfigError::at_name(src, &id, e)))?;
    }
    Ok(tax)
}

/// Whether `name` has the form of a name in a policy (the grammar's `ident`),
/// so that a policy can refer to it.
fn is_policy_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: Rules,
    #[serde(default)]
    app_type: Option<OneOrMany>,
    #[serde(default)]
    sector: Option<Sector>,
    #[serde(default)]
    volume: Option<Volume>,
    #[serde(default)]
    language: Option<RawLang>,
    #[serde(default)]
    rules_url: Option<String>,
    #[serde(default)]
    taxonomy: Option<RawTaxonomy>,
    #[serde(default)]
    verify: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawLang {
    Zh,
    En,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    #[serde(default)]
    classes: Vec<Class>,
    #[serde(default)]
    items: Vec<Item>,
}

/// Separates a message from its help inside a deserialisation error.
const HELP_SEP: &str = "\u{1f}help: ";

/// A rule code key, checked against the registry: the code, and the key as
/// written (`t001`).
struct RuleCode(String, String);

impl<'de> Deserialize<'de> for RuleCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if let Some(rule) = registry::lookup(&s) {
            return Ok(RuleCode(rule.code.to_string(), s));
        }
        let rules = registry::all();
        let help = match did_you_mean(&s.to_uppercase(), rules.iter().map(|r| r.code)) {
            Some(c) => format!("did you mean `{c}`? `policyc rules` lists every code"),
            None if s.starts_with(['E', 'e', 'M', 'm']) => {
                "compile errors (E…) and change classes (M…) cannot be configured; `policyc rules` lists the rule codes"
                    .to_string()
            }
            None => "`policyc rules` lists every code".to_string(),
        };
        Err(de::Error::custom(format!(
            "unknown rule code `{s}`{HELP_SEP}{help}"
        )))
    }
}

/// `rules:`: rule code → level. A code given twice (also as `t001` and
/// `T001`) is an error, as a top-level key given twice is.
#[derive(Default)]
struct Rules(BTreeMap<String, Level>);

impl<'de> Deserialize<'de> for Rules {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Rules;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of rule codes to levels (`T001: warning`)")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Rules, E> {
                Ok(Rules::default())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Rules, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(code) = map.next_key::<RuleCode>()? {
                    if out.contains_key(&code.0) {
                        return Err(de::Error::custom(format!(
                            "rule `{}` is configured twice{HELP_SEP}keep one level for each rule ({})",
                            code.1, code.0
                        )));
                    }
                    let level: Level = map.next_value()?;
                    out.insert(code.0, level);
                }
                Ok(Rules(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// An app type code, checked against the 39 types.
struct AppTypeCode(String);

impl<'de> Deserialize<'de> for AppTypeCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let tax = Taxonomy::builtin().map_err(de::Error::custom)?;
        if tax.app_type(&s).is_some() {
            return Ok(AppTypeCode(s));
        }
        let help = match did_you_mean(&s, tax.app_types().iter().map(|a| a.code.as_str())) {
            Some(c) => format!("did you mean `{c}`? `policyc taxonomy --app-types` lists them"),
            None => "use a type code such as `online-lending`, or `other`; `policyc taxonomy --app-types` lists them"
                .to_string(),
        };
        Err(de::Error::custom(format!(
            "unknown app type `{s}`{HELP_SEP}{help}"
        )))
    }
}

/// `app-type: x` or `app-type: [x, y]`.
struct OneOrMany(Vec<AppTypeCode>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an app type or a list of app types")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                let one = AppTypeCode::deserialize(de::value::StrDeserializer::<E>::new(v))?;
                Ok(OneOrMany(vec![one]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<AppTypeCode>()? {
                    out.push(v);
                }
                Ok(OneOrMany(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A configuration that cannot be used, with the place in the file.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
    /// Line and column (1-based, columns in characters) of the error.
    pub location: Option<(usize, usize)>,
    pub source: NamedSource<crate::source::IndexedText>,
}

impl ConfigError {
    fn plain(name: &str, message: String) -> ConfigError {
        ConfigError {
            message,
            span: None,
            help: None,
            location: None,
            source: NamedSource::new(name, crate::source::IndexedText::new(Arc::from(""))),
        }
    }

    fn from_yaml(src: &SourceFile, e: &serde_yaml::Error) -> ConfigError {
        let full = e.to_string();
        // serde_yaml appends " at line L column C"; the label shows that.
        let text = match (e.location(), full.rfind(" at line ")) {
            (Some(_), Some(i)) => full.get(..i).unwrap_or(&full).to_string(),
            _ => full.clone(),
        };
        let (message, help) = match text.split_once(HELP_SEP) {
            Some((m, h)) => (m.to_string(), Some(h.to_string())),
            None => (text, None),
        };
        // serde_yaml prefixes the path of the value (`rules: …`); the label
        // shows where it is.
        let message = match message.split_once(": ") {
            Some((path, rest)) if !path.contains(' ') && !path.contains('`') => rest.to_string(),
            _ => message,
        };
        let (message, help) = improve_serde_message(message, help);
        let text = src.text();
        let mut span = e.location().map(|l| token_span(text, l.line(), l.column()));
        // serde_yaml may report a key error at the entry before it: find the
        // value the message names, from the reported position on.
        if let (Some(at), Some(value)) = (span, backticked(&message)) {
            if text.get(at.range()) != Some(value) {
                if let Some(found) = find_token(text, at.start as usize, value) {
                    span = Some(Span::new(found, found + value.len()));
                }
            }
        }
        // a key given twice: the second one, after the first
        if let (Some(at), Some(value), true) =
            (span, backticked(&message), message.ends_with("twice"))
        {
            if let Some(found) = find_token(text, at.end as usize, value) {
                span = Some(Span::new(found, found + value.len()));
            }
        }
        let location = span.map(|s| src.line_col(s.start));
        ConfigError {
            message: crate::syntax::show_invisible(&message),
            span,
            help,
            location,
            source: src.named_source().with_language("yaml"),
        }
    }

    /// An error at a known place in the file.
    fn at_span(src: &SourceFile, span: Span, message: String, help: String) -> ConfigError {
        ConfigError {
            message,
            span: Some(span),
            help: Some(help),
            location: Some(src.line_col(span.start)),
            source: src.named_source().with_language("yaml"),
        }
    }

    /// An error about a name defined in the file (a taxonomy entry).
    fn at_name(src: &SourceFile, name: &str, message: String) -> ConfigError {
        let text = src.text();
        let at = ["code: ", "id: "]
            .iter()
            .flat_map(|key| {
                ["", "\"", "'"].map(|q| (format!("{key}{q}{name}{q}"), key.len() + q.len()))
            })
            .filter_map(|(p, skip)| text.find(p.as_str()).map(|i| i + skip))
            .min()
            .or_else(|| text.find("taxonomy"));
        let span = at.map(|i| Span::new(i, i + name.len().max(1)));
        let location =
            at.map(|i| SourceFile::new("", text).line_col(u32::try_from(i).unwrap_or(u32::MAX)));
        ConfigError {
            message: message.replacen("taxonomy: ", "", 1),
            span,
            help: Some("each extra class or item needs a name that is not in the built-in taxonomy, and an item's `class` must exist".into()),
            location,
            source: src.named_source().with_language("yaml"),
        }
    }
}

/// What serde calls the shapes policyc reads, and what to say instead.
const SHAPES: &[(&str, &str)] = &[
    (
        "struct RawConfig",
        "a mapping of settings (`rules:`, `app-type:`, `sector:`, `volume:`, `language:`, `taxonomy:`)",
    ),
    ("struct RawTaxonomy", "a mapping with `classes:` and `items:`"),
    (
        "struct Class",
        "a class: a mapping with `code`, `zh`, `en` and `sensitive`",
    ),
    (
        "struct Item",
        "an item: a mapping with `id`, `class`, `zh`, `en` and `sensitive`",
    ),
    // serde_yaml's words for an enum given something other than a word
    ("a YAML tag starting with '!'", "a single word"),
];

/// serde's messages name Rust-side things; say what the user wrote instead.
fn improve_serde_message(message: String, help: Option<String>) -> (String, Option<String>) {
    let mut message = message;
    for (rust, said) in SHAPES {
        message = message.replace(rust, said);
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return (
            format!("key {rest} is given twice"),
            help.or_else(|| Some("keep one of the two".into())),
        );
    }
    // any other Rust type name
    if let Some(i) = message.find("expected struct ") {
        message = format!("{}expected a mapping", message.get(..i).unwrap_or(""));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = match rest.split_once(", expected ") {
            Some((f, e)) => (f, Some(e)),
            None => (rest, None),
        };
        let help = help
            .or_else(|| expected.map(|e| format!("valid keys here: {}", e.replace("one of ", ""))));
        return (format!("unknown key {field}"), help);
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = match rest.split_once(", expected ") {
            Some((v, e)) => (v, Some(e)),
            None => (rest, None),
        };
        let help = help
            .or_else(|| expected.map(|e| format!("valid values: {}", e.replace("one of ", ""))));
        return (format!("unknown value {value}"), help);
    }
    (message, help)
}

/// The first `…` quoted part of a message.
fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message.get(start..)?.find('`')?;
    message.get(start..start + len)
}

/// The first occurrence of `token` at or after `from`, as a whole token.
fn find_token(text: &str, from: usize, token: &str) -> Option<usize> {
    let mut at = from;
    while let Some(i) = text.get(at..).and_then(|r| r.find(token)).map(|i| i + at) {
        let before = text.get(..i).and_then(|b| b.chars().last());
        let after = text.get(i + token.len()..).and_then(|a| a.chars().next());
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        if boundary(before) && boundary(after) {
            return Some(i);
        }
        at = i + token.len();
    }
    None
}

/// The span of the token at a 1-based line and column (columns in characters).
fn token_span(text: &str, line: usize, col: usize) -> Span {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text.get(line_start..).unwrap_or("");
    let line_text = line_text.split('\n').next().unwrap_or("");
    let offset_in_line: usize = line_text
        .chars()
        .take(col.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    let start = line_start + offset_in_line;
    let rest = text.get(start..).unwrap_or("");
    let len: usize = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | ',' | ']' | '}' | '#'))
        .map(char::len_utf8)
        .sum();
    Span::new(start, start + len)
}

impl ConfigError {
    /// The error as shown in `lang`: the message and help are built in
    /// English from serde's words; in Chinese each known shape is said by
    /// the catalogue (`data/messages/config.yaml`), anything else (a YAML
    /// parser's own words) is shown after a Chinese lead.
    pub fn in_lang(&self, lang: Lang) -> Shown<'_> {
        Shown { error: self, lang }
    }
}

/// A [`ConfigError`] in a language: a miette diagnostic of its own.
pub struct Shown<'a> {
    error: &'a ConfigError,
    lang: Lang,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.error, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lang {
            Lang::En => f.write_str(&self.error.message),
            Lang::Zh => f.write_str(&localise(&self.error.message).render(Lang::Zh)),
        }
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.error.code()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = self.error.help.as_ref()?;
        Some(match self.lang {
            Lang::En => Box::new(help),
            Lang::Zh => Box::new(localise(help).render(Lang::Zh)),
        })
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.error.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.error.span?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(crate::msg!("config.here").render(self.lang)),
                span,
            ),
        )))
    }
}

/// The part of `text` between `prefix` and `suffix`, when it has both.
fn between<'t>(text: &'t str, prefix: &str, suffix: &str) -> Option<&'t str> {
    text.strip_prefix(prefix)?.strip_suffix(suffix)
}

/// A message or help line of a configuration error as a message of the
/// catalogue: its English text is the text given.
fn localise(en: &str) -> crate::messages::Msg {
    if let Some(x) = between(en, "unknown key ", "") {
        return crate::msg!("config.unknown-key", key = x);
    }
    if let Some(x) = between(en, "unknown value ", "") {
        return crate::msg!("config.unknown-value", value = x);
    }
    if let Some(x) = between(en, "key ", " is given twice") {
        return crate::msg!("config.key-twice", key = x);
    }
    if let Some(x) = between(en, "valid keys here: ", "") {
        return crate::msg!("config.valid-keys", keys = x);
    }
    if let Some(x) = between(en, "valid values: ", "") {
        return crate::msg!("config.valid-values", values = x);
    }
    if let Some(x) = between(en, "unknown rule code `", "`") {
        return crate::msg!("config.unknown-rule-code", code = x);
    }
    if let Some(x) = between(en, "unknown app type `", "`") {
        return crate::msg!("config.unknown-app-type", code = x);
    }
    if let Some(x) = between(en, "did you mean `", "`? `policyc rules` lists every code") {
        return crate::msg!("config.did-you-mean-rule", code = x);
    }
    if let Some(x) = between(
        en,
        "did you mean `",
        "`? `policyc taxonomy --app-types` lists them",
    ) {
        return crate::msg!("config.did-you-mean-app-type", code = x);
    }
    if let Some(x) = between(
        en,
        "`rules-url` must be an absolute URI such as `https://example.com/rules/`, not `",
        "`",
    ) {
        return crate::msg!("config.rules-url-absolute", url = x);
    }
    if let Some(x) = between(
        en,
        "the configuration contains ",
        ", which YAML does not allow",
    ) {
        return crate::msg!("config.control-character", what = x);
    }
    if let Some(x) = between(en, "taxonomy name `", "` cannot be written in a policy") {
        return crate::msg!("config.taxonomy-name", name = x);
    }
    if let Some((name, why)) = en
        .strip_prefix("cannot read configuration `")
        .and_then(|r| r.split_once("`: "))
    {
        return crate::msg!("config.cannot-read", file = name, detail = why);
    }
    match en {
        "keep one of the two" => crate::msg!("config.keep-one"),
        "`policyc rules` lists every code" => crate::msg!("config.rules-lists-codes"),
        "compile errors (E…) and change classes (M…) cannot be configured; `policyc rules` lists the rule codes" => {
            crate::msg!("config.not-configurable")
        }
        "use a type code such as `online-lending`, or `other`; `policyc taxonomy --app-types` lists them" => {
            crate::msg!("config.app-type-form")
        }
        "remove the character; a configuration is plain UTF-8 text" => {
            crate::msg!("config.remove-character")
        }
        "the configuration is not valid UTF-8 text" => crate::msg!("config.not-utf8"),
        "save the file as UTF-8" => crate::msg!("config.save-utf8"),
        "a name starts with an ASCII letter and has only ASCII letters, digits, `-` and `_`, as names in a policy do (`loyalty`, `points-balance`)" => {
            crate::msg!("config.name-form")
        }
        "each extra class or item needs a name that is not in the built-in taxonomy, and an item's `class` must exist" => {
            crate::msg!("config.taxonomy-entry-form")
        }
        other => crate::msg!("config.other", detail = other),
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.span.map(|_| &self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".to_string()), span),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_default() {
        let c = Config::parse("policyc.yaml", "").ok();
        assert!(c.is_some_and(|c| c.rules.is_empty() && c.taxonomy.is_none()));
    }

    #[test]
    fn unknown_key_has_location() {
        let text = "language: zh\n# 注释\nrulez:\n  T001: off\n";
        let e = Config::parse("policyc.yaml", text).err();
        let e = e.as_deref();
        assert_eq!(e.map(|e| e.message.as_str()), Some("unknown key `rulez`"));
        assert_eq!(e.and_then(|e| e.location), Some((3, 1)));
        assert_eq!(
            e.and_then(|e| e.span).map(|s| &text[s.range()]),
            Some("rulez")
        );
    }

    #[test]
    fn bad_values() {
        let e = Config::parse("c", "sector: banks\n").err();
        assert_eq!(e.as_ref().and_then(|e| e.span), Some(Span::new(8, 13)));
        let e = Config::parse("c", "app-type: [online-lending, lendng]\n").err();
        assert!(e.is_some_and(|e| e.message == "unknown app type `lendng`"));
        let e = Config::parse("c", "language: fr\n").err();
        assert!(e.is_some());
        let text = "# 规则\nrules:\n  T001: off\n  T0002: warning\n";
        let e = Config::parse("c", text).err();
        assert_eq!(e.as_ref().and_then(|e| e.location), Some((4, 3)));
        assert_eq!(
            e.as_ref().map(|e| e.message.as_str()),
            Some("unknown rule code `T0002`")
        );
    }

    #[test]
    fn taxonomy_extension() {
        let text = "taxonomy:\n  classes:\n    - { code: loyalty, zh: 会员信息, en: Loyalty data, sensitive: false }\n  items:\n    - { id: points, class: loyalty, zh: 积分, en: Points, sensitive: false }\n";
        let c = Config::parse("c", text).ok();
        let tax = c.as_ref().and_then(|c| c.taxonomy.as_ref());
        assert!(tax.is_some_and(|t| t.lookup("loyalty.points").is_some()));
        let dup =
            "taxonomy:\n  classes:\n    - { code: biometric, zh: x, en: x, sensitive: true }\n";
        let e = Config::parse("c", dup).err();
        assert!(e.is_some_and(|e| e.span.is_some() && e.message.contains("duplicate")));
    }
}
