//! The resolved model: what the policy says, typed, with every name resolved
//! and every node's span kept.
//!
//! Data references point at entries of [`Model::data`] by id. Each entry is a
//! category the policy declared (`data x = …`) or one it used straight from
//! the taxonomy (`collects phone`); both carry their taxonomy facts.

use std::collections::BTreeMap;

use serde::Serialize;

use policyc_derive::Node;

use super::words::*;
use crate::source::Span;

/// A value and where it was written. Serialises as the bare value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(ser)
    }
}

/// A string of the policy with its translations (`"注册" en "Sign-up"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    pub text: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, String>,
    #[serde(skip)]
    pub span: Span,
}

impl Text {
    /// The text in `lang`, if the policy gives it in that language.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.translations.get(lang).map(String::as_str)
    }
}

/// A reference to another declaration, by id.
#[derive(Node, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ref {
    pub id: String,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// A date as written (validated). Serialises as `YYYY-MM-DD`, or `YYYY-MM`
/// for a month date.
///
/// `day` is 0 when the policy gives only a month (`updated 2026-08`,
/// "2026年8月"): see [`Date::day`]. Such a date orders before the first day
/// of its month; a rule that asks "not before D" should compare
/// [`Date::first_day`], one that asks "not after D" [`Date::last_day`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    /// The day of the month; 0 for a month date.
    pub day: u8,
}

impl Date {
    /// The day of the month, or `None` for a month date.
    pub fn day(self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// The date, or the first day of its month for a month date.
    pub fn first_day(self) -> Date {
        Date {
            day: self.day.max(1),
            ..self
        }
    }

    /// The date, or the last day of its month for a month date.
    pub fn last_day(self) -> Date {
        if self.day != 0 {
            return self;
        }
        let y = u32::from(self.year);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let day = match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 31,
        };
        Date { day, ..self }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.day() {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

/// Duration units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Years,
    Months,
    Weeks,
    Days,
    WorkingDays,
    Hours,
}

/// A length of time: `5y`, `15wd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: Unit,
}

impl Duration {
    /// Calendar days, rounding working days up conservatively (5 working days
    /// take at least 7 calendar days) and months to 30, years to 365.
    pub fn approx_days(self) -> u64 {
        let n = u64::from(self.amount);
        match self.unit {
            Unit::Years => n * 365,
            Unit::Months => n * 30,
            Unit::Weeks => n * 7,
            Unit::Days => n,
            Unit::WorkingDays => n * 7 / 5,
            Unit::Hours => n.div_ceil(24),
        }
    }

    /// Working days, counting calendar days conservatively (7 calendar days
    /// contain 5 working days, rounded down).
    pub fn approx_working_days(self) -> u64 {
        match self.unit {
            Unit::WorkingDays => u64::from(self.amount),
            _ => self.approx_days() * 5 / 7,
        }
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            Unit::Years => "y",
            Unit::Months => "mo",
            Unit::Weeks => "w",
            Unit::Days => "d",
            Unit::WorkingDays => "wd",
            Unit::Hours => "h",
        };
        write!(f, "{}{unit}", self.amount)
    }
}

/// A yes/no statement with the policy's wording.
#[derive(Node, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub value: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// Whose personal information it is: `subject user, other "收货人可能为他人"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct SubjectStmt {
    /// Any of these (a list means the item may be about any of them).
    pub kinds: Vec<Spanned<Subject>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// Whether a declared thing happens: `status possible "可能会与关联公司共享"`.
/// No statement means `actual`, today's reading.
#[derive(Node, Clone, Debug, Serialize)]
pub struct StatusStmt {
    pub kind: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// `do-not-track honoured "…"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct DoNotTrack {
    pub stance: DntStance,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// A contact or channel: what kind, and the value as written.
#[derive(Node, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChannelRef {
    pub kind: Channel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// The whole resolved policy.
#[derive(Node, Clone, Debug, Default, Serialize)]
pub struct Model {
    pub header: Header,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processor: Option<Processor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub officer: Option<Officer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentFlow>,
    pub data: Vec<DataCategory>,
    pub permissions: Vec<Permission>,
    pub functions: Vec<Function>,
    pub recipients: Vec<Recipient>,
    pub sdks: Vec<Sdk>,
    pub sdk_lists: Vec<SdkList>,
    pub disclosures: Vec<Disclosure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merger: Option<Merger>,
    pub retention: Vec<Retention>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<Storage>,
    pub transfers: Vec<Transfer>,
    pub rights: Vec<Right>,
    pub decisions: Vec<AutomatedDecision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marketing: Option<Marketing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minors: Option<Minors>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaints: Option<Complaints>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updates: Option<Updates>,
    /// The `exceptions` list without an id (today's single list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Exceptions>,
    /// Further `exceptions` lists, each with an id, in source order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exception_lists: Vec<Exceptions>,
    pub sections: Vec<Section>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cookies: Vec<Cookie>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Recommendation>,
    /// Position of each data category in `data`, by id (built by the
    /// resolver; lookups fall back to a scan when it is empty).
    #[serde(skip)]
    #[node(skip)]
    pub data_index: BTreeMap<String, usize>,
    /// For each data category id, the positions in `functions` and in
    /// `sdks` of the declarations that collect it (built by the resolver).
    #[serde(skip)]
    #[node(skip)]
    pub collectors: BTreeMap<String, Collectors>,
    /// For each function id, the positions in `retention` of entries that
    /// name the function; and the entries that cover `all` data.
    #[serde(skip)]
    #[node(skip)]
    pub retention_index: RetentionIndex,
}

/// Retention entries by function, and those for all data.
#[derive(Clone, Debug, Default)]
pub struct RetentionIndex {
    pub by_function: BTreeMap<String, Vec<usize>>,
    pub all: Vec<usize>,
}

/// Who collects one data category: positions in `Model::functions` and
/// `Model::sdks`, in source order.
#[derive(Clone, Debug, Default)]
pub struct Collectors {
    pub functions: Vec<usize>,
    pub sdks: Vec<usize>,
    /// Positions in `Model::retention` of entries that name the category.
    pub retention: Vec<usize>,
}

/// `policy "title" { … }`
#[derive(Node, Clone, Debug, Default, Serialize)]
pub struct Header {
    pub title: Option<Text>,
    pub version: Option<Text>,
    pub effective: Option<Spanned<Date>>,
    pub updated: Option<Spanned<Date>>,
    /// The publication date (发布日期), when the policy gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Spanned<Date>>,
    #[node(name = "language")]
    pub languages: Vec<Spanned<String>>,
    /// App types by code (`online-lending`), validated against the 39 types.
    #[node(name = "app-type")]
    pub app_types: Vec<Spanned<String>>,
    pub sector: Option<Spanned<Sector>>,
    pub volume: Option<Spanned<Volume>>,
    #[node(name = "product")]
    pub products: Vec<Text>,
    /// The platforms the policy covers (`platform app, web`); empty when
    /// the policy does not say.
    #[node(name = "platform")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<Spanned<Platform>>,
    /// What the policy does with a browser's Do Not Track signal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_not_track: Option<DoNotTrack>,
    pub high_risk_assessment: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Processor {
    pub name: Option<Text>,
    pub registered_address: Option<Text>,
    pub office_address: Option<Text>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Officer {
    /// What the policy designates: a person, a team, a department, or only
    /// a mailbox.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spanned<OfficerKind>>,
    pub name: Option<Text>,
    pub department: Option<Text>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct ConsentFlow {
    pub mechanism: Option<Spanned<AcceptMechanism>>,
    pub bundled: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// Where a category sits in the taxonomy.
#[derive(Node, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaxonomyRef {
    pub class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// A data category: declared by the policy, or used straight from the taxonomy.
#[derive(Node, Clone, Debug, Serialize)]
pub struct DataCategory {
    pub id: String,
    /// Declared with `data id = …` (false: a taxonomy name used directly).
    pub declared: bool,
    pub label: Option<Text>,
    pub taxonomy: TaxonomyRef,
    /// Sensitive by the built-in taxonomy (GB/T 35273 B.1, PIPL Art. 28).
    pub taxonomy_sensitive: bool,
    /// What the policy itself says (`sensitive yes|no`), if anything.
    #[node(name = "sensitive")]
    pub marked_sensitive: Option<Flag>,
    /// Sensitive by the taxonomy or by the policy's own marking.
    pub sensitive: bool,
    /// One of the App rules' "special" items (installed apps, immutable device IDs, ...).
    pub special: bool,
    pub jrt: Option<Spanned<JrtClass>>,
    /// PI about people other than the user (emergency contacts): from
    /// `third-party`, else from `subject` (any subject but `user` or
    /// `enterprise`), else from the taxonomy.
    #[node(name = "third-party")]
    pub third_party_subject: bool,
    /// Whose personal information it is, as the policy says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectStmt>,
    pub necessity: Option<Text>,
    pub impact: Option<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Permission {
    pub id: String,
    pub title: Option<Text>,
    pub os: Vec<Spanned<Os>>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub functions: Vec<Ref>,
    pub when: Option<Spanned<When>>,
    pub collects: Vec<Collect>,
    /// The header's platforms this declaration applies to (`scope web`);
    /// empty: every platform of the policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// One `collects` entry: a data category and whether it is required.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Collect {
    pub data: Ref,
    pub need: Option<Need>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Source {
    pub kind: SourceKind,
    pub from: Vec<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// What refusing costs.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Refusal {
    pub effect: RefusalEffect,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Function {
    pub id: String,
    pub title: Option<Text>,
    pub group: Option<Text>,
    pub kind: Option<Spanned<FunctionKind>>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    /// The method of processing, in words (PIPL Art. 17 ¶1(2)).
    pub method: Option<Text>,
    #[node(name = "basis")]
    pub bases: Vec<Spanned<LegalBasis>>,
    pub consent: Option<Spanned<ConsentKind>>,
    pub collects: Vec<Collect>,
    #[node(name = "source")]
    pub sources: Vec<Source>,
    #[node(name = "if-refused")]
    pub refusal: Option<Refusal>,
    pub background: Option<Flag>,
    pub frequency: Option<Text>,
    pub permissions: Vec<Ref>,
    pub sdks: Vec<Ref>,
    pub recipients: Vec<Ref>,
    pub decisions: Vec<Ref>,
    /// Whose personal information the function's data is, unless an item
    /// says otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectStmt>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    /// The header's platforms this declaration applies to (`scope web`);
    /// empty: every platform of the policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Recipient {
    pub id: String,
    pub title: Option<Text>,
    /// The legal name; `None` when the policy gives only a type.
    pub name: Option<Text>,
    #[serde(rename = "type")]
    #[node(name = "type")]
    pub type_label: Option<Text>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    pub role: Option<Spanned<Role>>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub method: Option<Text>,
    pub data: DataSet,
    pub consent: Option<Spanned<ConsentKind>>,
    #[node(name = "basis")]
    pub bases: Vec<Spanned<LegalBasis>>,
    pub functions: Vec<Ref>,
    pub country: Option<Spanned<String>>,
    pub privacy_url: Option<Text>,
    pub contract: Option<Flag>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// A set of data categories: listed, or `all`.
#[derive(Node, Clone, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataSet {
    #[default]
    None,
    All,
    List(Vec<Ref>),
}

impl DataSet {
    pub fn refs(&self) -> &[Ref] {
        match self {
            DataSet::List(v) => v,
            _ => &[],
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            DataSet::None => true,
            DataSet::All => false,
            DataSet::List(v) => v.is_empty(),
        }
    }
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Sdk {
    pub id: String,
    pub title: Option<Text>,
    pub provider: Option<Text>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    pub feature: Option<Text>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub collects: Vec<Collect>,
    pub permissions: Vec<Ref>,
    pub method: Option<SdkCollection>,
    pub deidentified: Option<Flag>,
    pub privacy_url: Option<Text>,
    pub role: Option<Spanned<Role>>,
    pub consent: Option<Spanned<ConsentKind>>,
    pub functions: Vec<Ref>,
    /// The SDK this one is a component of.
    pub part_of: Option<Ref>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    /// The header's platforms this declaration applies to (`scope web`);
    /// empty: every platform of the policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct SdkCollection {
    pub kind: SdkMethod,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct SdkList {
    pub id: Option<String>,
    pub title: Option<Text>,
    pub url: Option<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Disclosure {
    pub id: String,
    pub title: Option<Text>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub data: DataSet,
    #[node(name = "basis")]
    pub bases: Vec<Spanned<LegalBasis>>,
    pub consent: Option<Spanned<ConsentKind>>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Merger {
    pub notify_recipient: Option<Flag>,
    pub recipient_bound: Option<Flag>,
    pub reconsent_on_change: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Retention {
    pub id: String,
    pub title: Option<Text>,
    pub data: DataSet,
    pub functions: Vec<Ref>,
    /// Why the data is kept this long (the policy's stated purposes).
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub at_least: Option<Spanned<Duration>>,
    pub at_most: Option<Spanned<Duration>>,
    pub until: Option<Text>,
    pub indefinite: Option<Spanned<Option<Text>>>,
    pub determined_by: Vec<Text>,
    pub legal: Vec<Text>,
    pub expiry: Option<ExpiryHandling>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct ExpiryHandling {
    pub kind: Expiry,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Storage {
    #[node(name = "location")]
    pub locations: Vec<Spanned<String>>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Transfer {
    pub id: String,
    pub title: Option<Text>,
    pub name: Option<Text>,
    pub country: Option<Spanned<String>>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub method: Option<Text>,
    pub data: DataSet,
    pub mechanism: Option<Spanned<Mechanism>>,
    pub consent: Option<Spanned<ConsentKind>>,
    pub rights_procedure: Option<Text>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Right {
    pub id: String,
    pub title: Option<Text>,
    pub covers: Vec<Spanned<RightKind>>,
    #[node(name = "channel")]
    pub channels: Vec<ChannelRef>,
    #[node(name = "path")]
    pub paths: Vec<Text>,
    pub response: Option<Spanned<Duration>>,
    #[node(name = "condition")]
    pub conditions: Vec<Text>,
    pub fee: Option<Text>,
    /// The header's platforms this declaration applies to (`scope web`);
    /// empty: every platform of the policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct AutomatedDecision {
    pub id: String,
    pub title: Option<Text>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub significant: Option<Flag>,
    pub logic: Option<Text>,
    pub explain: Vec<ChannelRef>,
    pub refuse: Vec<ChannelRef>,
    pub human_review: Option<Flag>,
    pub functions: Vec<Ref>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Marketing {
    pub personalised: Option<Flag>,
    pub non_personalised_option: Option<Flag>,
    pub via: Vec<Spanned<Channel>>,
    #[node(name = "opt-out")]
    pub opt_outs: Vec<ChannelRef>,
    pub tag_deletion: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Minors {
    pub min_age: Option<Spanned<u32>>,
    #[node(name = "under-14-rules")]
    pub under_14_rules: Option<Spanned<Under14Rules>>,
    pub guardian_consent: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct SecurityMeasure {
    pub kind: Measure,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Security {
    #[node(name = "measure")]
    pub measures: Vec<SecurityMeasure>,
    #[node(name = "certification")]
    pub certifications: Vec<Text>,
    pub incident_notice: Vec<Spanned<Channel>>,
    pub incident_contents: Vec<Spanned<IncidentContent>>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Complaints {
    #[node(name = "channel")]
    pub channels: Vec<ChannelRef>,
    pub response: Option<Spanned<Duration>>,
    pub external: Vec<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Updates {
    #[node(name = "notice")]
    pub notices: Vec<ChannelRef>,
    pub material: Vec<Text>,
    pub reconsent_on_material: Option<Flag>,
    pub deemed_acceptance: Option<Flag>,
    pub archive: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Exceptions {
    /// The id of a further list; `None` for the id-less one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: Option<Text>,
    /// The acts the list exempts; empty: collect, use, share, handover and
    /// disclose (the reading of a list without `scope`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<ExceptionAct>>,
    #[node(name = "exception")]
    pub items: Vec<Exception>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Exception {
    pub text: Text,
    pub maps_to: Option<Spanned<LegalBasis>>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Section {
    pub id: String,
    pub title: Option<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `cookie id "title" { … }`: a cookie, web beacon, local storage or
/// third-party web script, and what it is used for.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Cookie {
    pub id: String,
    pub title: Option<Text>,
    pub kind: Option<Spanned<CookieKind>>,
    pub party: Option<Spanned<CookieParty>>,
    /// Who provides a third-party cookie or script.
    pub provider: Option<Text>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub data: DataSet,
    pub at_least: Option<Spanned<Duration>>,
    pub at_most: Option<Spanned<Duration>>,
    pub until: Option<Text>,
    pub indefinite: Option<Spanned<Option<Text>>>,
    #[node(name = "opt-out")]
    pub opt_outs: Vec<ChannelRef>,
    #[node(name = "if-refused")]
    pub refusal: Option<Refusal>,
    pub consent: Option<Spanned<ConsentKind>>,
    /// What is collected this way is combined with other information.
    pub combines: Option<Flag>,
    pub recipients: Vec<Ref>,
    pub scope: Vec<Spanned<Platform>>,
    pub status: Option<StatusStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `recommendation id "title" { … }`: personalised content, ads, push or
/// search results (PIPL Art. 24 ¶2), apart from `marketing`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Recommendation {
    pub id: String,
    pub title: Option<Text>,
    pub kind: Option<Spanned<RecommendationKind>>,
    pub personalised: Option<Flag>,
    pub non_personalised_option: Option<Flag>,
    /// The data the recommendation is based on.
    pub based_on: DataSet,
    pub functions: Vec<Ref>,
    pub decisions: Vec<Ref>,
    #[node(name = "opt-out")]
    pub opt_outs: Vec<ChannelRef>,
    #[node(name = "opt-in")]
    pub opt_ins: Vec<ChannelRef>,
    #[node(name = "if-refused")]
    pub refusal: Option<Refusal>,
    pub scope: Vec<Spanned<Platform>>,
    pub status: Option<StatusStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

impl Model {
    /// Build the lookup indexes (`data_index`, `collectors`).
    pub fn index(&mut self) {
        self.data_index = self
            .data
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        self.collectors.clear();
        for (i, f) in self.functions.iter().enumerate() {
            for c in &f.collects {
                let e = self.collectors.entry(c.data.id.clone()).or_default();
                if e.functions.last() != Some(&i) {
                    e.functions.push(i);
                }
            }
        }
        for (i, s) in self.sdks.iter().enumerate() {
            for c in &s.collects {
                let e = self.collectors.entry(c.data.id.clone()).or_default();
                if e.sdks.last() != Some(&i) {
                    e.sdks.push(i);
                }
            }
        }
        self.retention_index = RetentionIndex::default();
        for (i, r) in self.retention.iter().enumerate() {
            if matches!(r.data, DataSet::All) {
                self.retention_index.all.push(i);
            }
            for x in r.data.refs() {
                let e = self.collectors.entry(x.id.clone()).or_default();
                if e.retention.last() != Some(&i) {
                    e.retention.push(i);
                }
            }
            for f in &r.functions {
                let e = self
                    .retention_index
                    .by_function
                    .entry(f.id.clone())
                    .or_default();
                if e.last() != Some(&i) {
                    e.push(i);
                }
            }
        }
    }

    /// The functions that collect category `id`, in source order.
    pub fn functions_collecting(&self, id: &str) -> impl Iterator<Item = &Function> {
        self.collectors
            .get(id)
            .into_iter()
            .flat_map(|c| c.functions.iter().filter_map(|&i| self.functions.get(i)))
    }

    /// The SDKs that collect category `id`, in source order.
    pub fn sdks_collecting(&self, id: &str) -> impl Iterator<Item = &Sdk> {
        self.collectors
            .get(id)
            .into_iter()
            .flat_map(|c| c.sdks.iter().filter_map(|&i| self.sdks.get(i)))
    }

    /// The data category with this id.
    pub fn category(&self, id: &str) -> Option<&DataCategory> {
        if self.data_index.is_empty() {
            return self.data.iter().find(|d| d.id == id);
        }
        self.data_index.get(id).and_then(|&i| self.data.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn month_dates_print_without_a_day() {
        let full = Date {
            year: 2021,
            month: 9,
            day: 15,
        };
        let month = Date { day: 0, ..full };
        assert_eq!(full.to_string(), "2021-09-15");
        assert_eq!(month.to_string(), "2021-09");
        assert_eq!(month.day(), None);
        assert_eq!(month.first_day().to_string(), "2021-09-01");
        assert_eq!(month.last_day().to_string(), "2021-09-30");
        assert!(month < month.first_day());
    }
}
