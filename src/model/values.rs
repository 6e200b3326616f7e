//! The values declarations are made of: spanned values, texts with their
//! translations, references, dates, durations, yes/no statements, status
//! and subject statements, channels.

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
    /// The policy marks this text as one of the clauses it makes prominent
    /// (`text prominent "…"`; the header's `emphasis` says how).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub prominent: bool,
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

/// How guardian consent is obtained: `guardian-check self-declared "您确认并承诺您是…监护人"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct GuardianCheck {
    pub kind: GuardianCheckKind,
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

/// What the text leaves unstated: `unstated channel "我们将依法提供转移的途径"`.
/// The checker still sees the absence; this records that the transcriber
/// looked and the text gives nothing, and the text's own words.
#[derive(Node, Clone, Debug, Serialize)]
pub struct UnstatedStmt {
    pub items: Vec<Spanned<Unstated>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// The state data is in: `form deidentified "会对部分信息进行去标识化处理"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct FormStmt {
    pub forms: Vec<Spanned<DataForm>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// Where a dispute goes: `forum court "向被告住所地有管辖权的人民法院提起诉讼"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Forum {
    pub kind: ForumKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// Who directs a flow: `directed-by user "您可以基于平台与第三人共享"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct DirectedBy {
    pub by: Director,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// `emphasis bold "已采用加粗字体来特别提醒您"`: how the policy marks the
/// clauses it makes prominent, and the sentence that announces it.
#[derive(Node, Clone, Debug, Serialize)]
pub struct EmphasisStmt {
    pub marks: Vec<Spanned<EmphasisMark>>,
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
