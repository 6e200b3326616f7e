//! The legal numbers the rules compare against (ages, periods, dates, the
//! mainland regions, the required rights), each with its citation, from
//! `data/thresholds.yaml` (embedded).

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

use crate::model::words::RightKind;
use crate::model::Date;

/// Where a number comes from: instrument code (`data/instruments.yaml`),
/// article or clause, and optionally paragraph and item.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cite {
    pub instrument: String,
    pub article: String,
    #[serde(default)]
    pub paragraph: Option<u8>,
    #[serde(default)]
    pub item: Option<u8>,
}

impl Cite {
    /// `PIPL Art. 45`, as rule messages name an article.
    pub fn short(&self) -> String {
        format!("{} Art. {}", self.instrument, self.article)
    }

    /// The short citation in both languages (`PIPL Art. 45`, `《个人信息保护法》第四十五条`).
    pub fn both(&self) -> crate::messages::Arg {
        let zh = match crate::legal::instrument(&self.instrument) {
            Some(inst) => {
                let article = self
                    .article
                    .parse::<u32>()
                    .map_or_else(|_| self.article.clone(), crate::legal::chinese_number);
                format!("《{}》第{article}条", inst.zh)
            }
            None => self.short(),
        };
        crate::messages::Arg::both(zh, self.short())
    }
}

/// A value and its citation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cited<T> {
    pub value: T,
    pub cite: Cite,
    /// Further sources of the same number.
    #[serde(default)]
    pub also: Vec<Cite>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A date written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug)]
pub struct Day(pub Date);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = String::deserialize(d)?;
        let mut parts = s.splitn(3, '-').map(str::parse::<u16>);
        let bad = || serde::de::Error::custom(format!("`{s}` is not a YYYY-MM-DD date"));
        let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let (Ok(month), Ok(day)) = (u8::try_from(month), u8::try_from(day)) else {
            return Err(bad());
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(bad());
        }
        Ok(Day(Date { year, month, day }))
    }
}

/// A right every policy must say how to exercise (U001).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredRight {
    pub right: RightKind,
    /// How a finding names the right: `access (查阅)`.
    pub what: String,
    pub cite: Cite,
}

/// Every threshold, by the name the data file gives it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Thresholds {
    pub pipl_in_force: Cited<Day>,
    pub child_age: Cited<u32>,
    pub response_working_days: Cited<u64>,
    pub aml_retention_years: Cited<u32>,
    pub aml_in_force: Cited<Day>,
    pub mainland: Cited<Vec<String>>,
    pub required_rights: Vec<RequiredRight>,
}

impl Thresholds {
    /// The built-in thresholds. A rule that cannot read them stays silent; a
    /// registry test checks that they load.
    pub fn builtin() -> Result<&'static Thresholds, String> {
        static T: OnceLock<Result<Thresholds, String>> = OnceLock::new();
        T.get_or_init(|| crate::data::read(crate::data::THRESHOLDS, "thresholds"))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Every citation in the file, for the registry test.
    pub fn cites(&self) -> Vec<&Cite> {
        let cited = [
            (&self.pipl_in_force.cite, &self.pipl_in_force.also),
            (&self.child_age.cite, &self.child_age.also),
            (
                &self.response_working_days.cite,
                &self.response_working_days.also,
            ),
            (
                &self.aml_retention_years.cite,
                &self.aml_retention_years.also,
            ),
            (&self.aml_in_force.cite, &self.aml_in_force.also),
            (&self.mainland.cite, &self.mainland.also),
        ];
        cited
            .into_iter()
            .flat_map(|(c, also)| std::iter::once(c).chain(also))
            .chain(self.required_rights.iter().map(|r| &r.cite))
            .collect()
    }
}
