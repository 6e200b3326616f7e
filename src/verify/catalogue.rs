//! The built-in catalogues of `verify`: platform permissions
//! (`data/permissions.yaml`) and third-party SDKs (`data/sdks.yaml`),
//! embedded like the other data files (see `build.rs`, `src/data.rs`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// Where a build file comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Android,
    Ios,
    Miniprogram,
    Harmony,
}

impl Platform {
    pub fn name(self) -> &'static str {
        match self {
            Platform::Android => "Android",
            Platform::Ios => "iOS",
            Platform::Miniprogram => "WeChat mini-program",
            Platform::Harmony => "HarmonyOS",
        }
    }
}

/// A page a catalogue entry is taken from.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub url: String,
    pub title: String,
}

/// One platform permission, usage-description key or privacy interface.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    pub platform: Platform,
    pub name: String,
    pub kind: String,
    pub words: Vec<String>,
    pub data: Vec<String>,
    pub source: String,
    /// What a reader should know: granted only to system apps, macOS only,
    /// not confirmed against a primary text.
    #[serde(default)]
    pub note: Option<String>,
}

/// How far a catalogue SDK entry was checked against what its provider
/// publishes (`checked` in `data/sdks.yaml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Checked {
    /// The provider's own SDK privacy or compliance page was read.
    Vendor,
    /// Only apps' published SDK lists that quote the provider were read.
    Quoted,
    /// Neither was found: `collects` is as known before the catalogue.
    Unverified,
}

/// One third-party SDK.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Sdk {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub provider: String,
    pub feature: String,
    #[serde(default)]
    pub packages: Vec<String>,
    #[serde(default)]
    pub maven: Vec<String>,
    #[serde(default)]
    pub meta_data: Vec<String>,
    #[serde(default)]
    pub queries: Vec<String>,
    pub words: Vec<String>,
    pub collects: Vec<String>,
    pub privacy: String,
    pub note: String,
    /// How far the entry was checked against its provider's page.
    pub checked: Checked,
    /// What was read to check it: pages with their addresses and dates.
    pub source: String,
}

/// An Apple privacy-manifest data type and the taxonomy entries it means.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppleDataType {
    pub name: String,
    pub data: Vec<String>,
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PermissionsFile {
    sources: BTreeMap<String, Source>,
    permissions: Vec<Permission>,
    apple_data_types: Vec<AppleDataType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SdksFile {
    sdks: Vec<Sdk>,
}

/// Both catalogues, read once.
#[derive(Debug)]
pub struct Catalogue {
    pub sources: BTreeMap<String, Source>,
    pub permissions: Vec<Permission>,
    pub apple_data_types: Vec<AppleDataType>,
    pub sdks: Vec<Sdk>,
}

impl Catalogue {
    /// The embedded catalogues.
    pub fn builtin() -> Result<&'static Catalogue, String> {
        static CAT: OnceLock<Result<Catalogue, String>> = OnceLock::new();
        CAT.get_or_init(|| {
            let p: PermissionsFile = crate::data::read(crate::data::PERMISSIONS, "permission")?;
            let s: SdksFile = crate::data::read(crate::data::SDKS, "SDK")?;
            Ok(Catalogue {
                sources: p.sources,
                permissions: p.permissions,
                apple_data_types: p.apple_data_types,
                sdks: s.sdks,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// The entry for a platform name (exact, as the build file writes it).
    pub fn permission(&self, platform: Platform, name: &str) -> Option<&Permission> {
        self.permissions
            .iter()
            .find(|p| p.platform == platform && p.name == name)
    }

    /// The taxonomy entries of an Apple privacy-manifest data type.
    pub fn apple_data_type(&self, name: &str) -> Option<&AppleDataType> {
        self.apple_data_types.iter().find(|t| t.name == name)
    }

    pub fn sdk(&self, id: &str) -> Option<&Sdk> {
        self.sdks.iter().find(|s| s.id == id)
    }

    /// The SDK whose package prefix starts a class name.
    pub fn sdk_by_class(&self, class: &str) -> Option<&Sdk> {
        self.sdks
            .iter()
            .find(|s| s.packages.iter().any(|p| prefix_of(p, class)))
    }

    /// The SDK a Maven coordinate (`group:artifact[:version]`) belongs to.
    pub fn sdk_by_maven(&self, coordinate: &str) -> Option<&Sdk> {
        self.sdks
            .iter()
            .find(|s| s.maven.iter().any(|m| coordinate.starts_with(m.as_str())))
    }

    /// The SDK that reads a manifest `meta-data` name.
    pub fn sdk_by_meta_data(&self, name: &str) -> Option<&Sdk> {
        self.sdks
            .iter()
            .find(|s| s.meta_data.iter().any(|m| m == name))
    }

    /// The SDK that asks to see an app's package.
    pub fn sdk_by_query(&self, package: &str) -> Option<&Sdk> {
        self.sdks
            .iter()
            .find(|s| s.queries.iter().any(|q| q == package))
    }
}

/// A package prefix matches a class name at a package boundary: `cn.jpush.android`
/// matches `cn.jpush.android.service.PushService`, not `cn.jpush.androidx`;
/// a prefix ending with `.` or naming a class matches as written.
fn prefix_of(prefix: &str, class: &str) -> bool {
    match class.strip_prefix(prefix) {
        None => false,
        Some(rest) => prefix.ends_with('.') || rest.is_empty() || rest.starts_with('.'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_load_and_every_entry_has_a_source() {
        let cat = Catalogue::builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(cat.sdks.len() >= 30, "{} SDKs", cat.sdks.len());
        for p in &cat.permissions {
            assert!(cat.sources.contains_key(&p.source), "{}: no source", p.name);
        }
        for s in &cat.sdks {
            assert!(
                s.privacy.starts_with("https://"),
                "{}: no privacy page",
                s.id
            );
            assert!(!s.source.trim().is_empty(), "{}: no source", s.id);
        }
    }

    #[test]
    fn at_least_thirty_sdks_are_checked_against_a_page_that_is_named() {
        let cat = Catalogue::builtin().unwrap_or_else(|e| panic!("{e}"));
        let checked: Vec<&Sdk> = cat
            .sdks
            .iter()
            .filter(|s| s.checked != Checked::Unverified)
            .collect();
        assert!(checked.len() >= 30, "{} checked SDKs", checked.len());
        for s in checked {
            // the page read is named by its address
            assert!(
                s.source.contains("http://") || s.source.contains("https://"),
                "{}: source names no page: {}",
                s.id,
                s.source
            );
        }
    }

    #[test]
    fn sdk_ids_are_unique() {
        let cat = Catalogue::builtin().unwrap_or_else(|e| panic!("{e}"));
        let mut ids: Vec<&str> = cat.sdks.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn package_prefixes_stop_at_a_boundary() {
        assert!(prefix_of(
            "cn.jpush.android",
            "cn.jpush.android.service.PushService"
        ));
        assert!(!prefix_of("cn.jpush.android", "cn.jpush.androidx.Foo"));
        assert!(prefix_of("com.qq.e.", "com.qq.e.ads.ADActivity"));
    }
}
