//! The built-in personal-information taxonomy and the 39 app types of the
//! necessary-PI rules, read from `data/taxonomy.yaml` and `data/app_types.yaml`
//! (embedded in the binary, parsed with serde_yaml).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::words::JrtClass;

/// A top-level class (GB/T 35273-2020 Appendix A).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub sensitive: bool,
    #[serde(default)]
    pub special: bool,
    #[serde(default)]
    pub pipl_class: Option<String>,
    /// The class of sensitive PI that PIPL Art. 28 ¶1 itself names, if it
    /// names this one (`None`: sensitive, if at all, only by a standard).
    #[serde(default)]
    pub pipl28: Option<Pipl28>,
    #[serde(default)]
    pub jrt: Option<JrtClass>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A fine-grained item under a class.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub class: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub sensitive: bool,
    #[serde(default)]
    pub special: bool,
    #[serde(default)]
    pub jrt: Option<JrtClass>,
    #[serde(default)]
    pub third_party_subject: bool,
    /// The PIPL Art. 28 ¶1 class of this item, where it differs from its
    /// class's (`None`: the class's).
    #[serde(default)]
    pub pipl28: Option<Pipl28>,
    /// Itself a financial account or what guards one (PIPL Art. 28's 金融账户
    /// whatever the sector); see `data/taxonomy.yaml`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub account: bool,
    /// The item this one only verifies (an SMS code, the phone number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifies: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// The classes of sensitive personal information that PIPL Art. 28 ¶1 names:
/// 生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹, and the
/// personal information of minors under fourteen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pipl28 {
    Biometric,
    ReligiousBelief,
    SpecificIdentity,
    MedicalHealth,
    FinancialAccount,
    Whereabouts,
    #[serde(rename = "under-14")]
    Under14,
}

/// One of the 39 app types (必要个人信息范围规定 Art. 5), or `other`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AppType {
    pub number: u8,
    pub code: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub basic_function_zh: Option<String>,
    #[serde(default)]
    pub basic_function_en: Option<String>,
    /// Words in a function's title that name this type's basic function
    /// ("申请消费贷款" for online lending): such a function is read as
    /// `kind basic` when the policy gives it no `kind`.
    #[serde(default)]
    pub basic_function_titles: Vec<String>,
    /// Item ids of the necessary PI; `None` for `other` (no necessary set).
    pub necessary: Option<Vec<String>>,
    #[serde(default)]
    pub necessary_note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    classes: Vec<Class>,
    items: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppTypesFile {
    app_types: Vec<AppType>,
}

/// What a data-category name resolves to in the taxonomy.
#[derive(Clone, Copy, Debug)]
pub enum Entry<'a> {
    Class(&'a Class),
    Item(&'a Class, &'a Item),
}

impl Entry<'_> {
    pub fn class_code(&self) -> &str {
        match self {
            Entry::Class(c) | Entry::Item(c, _) => &c.code,
        }
    }

    pub fn item_id(&self) -> Option<&str> {
        match self {
            Entry::Class(_) => None,
            Entry::Item(_, i) => Some(&i.id),
        }
    }

    pub fn sensitive(&self) -> bool {
        match self {
            Entry::Class(c) => c.sensitive,
            Entry::Item(_, i) => i.sensitive,
        }
    }

    pub fn special(&self) -> bool {
        match self {
            Entry::Class(c) => c.special,
            Entry::Item(_, i) => i.special,
        }
    }

    pub fn jrt(&self) -> Option<JrtClass> {
        match self {
            Entry::Class(c) => c.jrt,
            Entry::Item(c, i) => i.jrt.or(c.jrt),
        }
    }

    pub fn third_party_subject(&self) -> bool {
        match self {
            Entry::Class(_) => false,
            Entry::Item(_, i) => i.third_party_subject,
        }
    }

    pub fn zh(&self) -> &str {
        match self {
            Entry::Class(c) => &c.zh,
            Entry::Item(_, i) => &i.zh,
        }
    }

    pub fn en(&self) -> &str {
        match self {
            Entry::Class(c) => &c.en,
            Entry::Item(_, i) => &i.en,
        }
    }
}

/// The taxonomy and app types, indexed.
#[derive(Clone, Debug)]
pub struct Taxonomy {
    classes: Vec<Class>,
    items: Vec<Item>,
    app_types: Vec<AppType>,
    class_index: BTreeMap<String, usize>,
    item_index: BTreeMap<String, usize>,
}

impl Taxonomy {
    /// The built-in data, parsed once.
    pub fn builtin() -> Result<&'static Taxonomy, String> {
        static BUILTIN: OnceLock<Result<Taxonomy, String>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Taxonomy::from_files(
                    crate::data::read(crate::data::TAXONOMY, "taxonomy")?,
                    crate::data::read(crate::data::APP_TYPES, "app-type")?,
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Validate and index taxonomy and app-type data.
    fn from_files(t: TaxonomyFile, a: AppTypesFile) -> Result<Taxonomy, String> {
        let mut tax = Taxonomy {
            classes: Vec::new(),
            items: Vec::new(),
            app_types: a.app_types,
            class_index: BTreeMap::new(),
            item_index: BTreeMap::new(),
        };
        for c in t.classes {
            tax.add_class(c)?;
        }
        for i in t.items {
            tax.add_item(i)?;
        }
        for at in &tax.app_types {
            for n in at.necessary.iter().flatten() {
                if !tax.item_index.contains_key(n) {
                    return Err(format!(
                        "app type `{}`: unknown necessary item `{n}`",
                        at.code
                    ));
                }
            }
        }
        Ok(tax)
    }

    /// Add a class (built-in data, or a configuration's extra category).
    pub fn add_class(&mut self, c: Class) -> Result<(), String> {
        if self.class_index.contains_key(&c.code) || self.item_index.contains_key(&c.code) {
            return Err(format!("taxonomy: duplicate name `{}`", c.code));
        }
        self.class_index.insert(c.code.clone(), self.classes.len());
        self.classes.push(c);
        Ok(())
    }

    /// Add an item under an existing class.
    pub fn add_item(&mut self, i: Item) -> Result<(), String> {
        if !self.class_index.contains_key(&i.class) {
            return Err(format!(
                "taxonomy item `{}`: unknown class `{}`",
                i.id, i.class
            ));
        }
        if self.class_index.contains_key(&i.id) || self.item_index.contains_key(&i.id) {
            return Err(format!("taxonomy: duplicate name `{}`", i.id));
        }
        self.item_index.insert(i.id.clone(), self.items.len());
        self.items.push(i);
        Ok(())
    }

    pub fn classes(&self) -> &[Class] {
        &self.classes
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn app_types(&self) -> &[AppType] {
        &self.app_types
    }

    pub fn class(&self, code: &str) -> Option<&Class> {
        self.class_index
            .get(code)
            .and_then(|&i| self.classes.get(i))
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.item_index.get(id).and_then(|&i| self.items.get(i))
    }

    /// The PIPL Art. 28 ¶1 class of a taxonomy entry: the item's own, else
    /// its class's; `None` when Art. 28 does not name it.
    pub fn pipl28(&self, class: &str, item: Option<&str>) -> Option<Pipl28> {
        item.and_then(|i| self.item(i))
            .and_then(|i| i.pipl28)
            .or_else(|| self.class(class).and_then(|c| c.pipl28))
    }

    pub fn app_type(&self, code: &str) -> Option<&AppType> {
        self.app_types.iter().find(|a| a.code == code)
    }

    /// Look up `class`, `item` or `class.item`.
    pub fn lookup(&self, path: &str) -> Option<Entry<'_>> {
        match path.split_once('.') {
            Some((class, item)) => {
                let c = self.class(class)?;
                let i = self.item(item)?;
                (i.class == c.code).then_some(Entry::Item(c, i))
            }
            None => {
                if let Some(c) = self.class(path) {
                    return Some(Entry::Class(c));
                }
                let i = self.item(path)?;
                Some(Entry::Item(self.class(&i.class)?, i))
            }
        }
    }

    /// Every name `lookup` accepts, for "did you mean".
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.classes
            .iter()
            .map(|c| c.code.clone())
            .chain(self.items.iter().map(|i| i.id.clone()))
            .chain(self.items.iter().map(|i| format!("{}.{}", i.class, i.id)))
    }
}
