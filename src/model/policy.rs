//! The resolved model: what the policy says, typed, with every name resolved
//! and every node's span kept.
//!
//! Data references point at entries of [`Model::data`] by id. Each entry is a
//! category the policy declared (`data x = …`) or one it used straight from
//! the taxonomy (`collects phone`); both carry their taxonomy facts.

use std::collections::BTreeMap;

use serde::Serialize;

use policyc_derive::Node;

pub use super::decls::*;
pub use super::values::*;

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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispute: Option<Dispute>,
    /// Other documents the policy refers to (`document`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    /// Processing outside any business function (`processing`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub processing: Vec<Processing>,
    /// Transfers of control (转让) other than on a merger (`handover`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub handovers: Vec<Handover>,
    /// What happens when the service stops operating (`shutdown`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shutdown: Option<Shutdown>,
    /// Facts stated once for every right or every recipient (`defaults`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub defaults: Vec<Defaults>,
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
