//! The built-in data: `data/*.yaml`, converted to JSON at build time by
//! `build.rs` (reading JSON is several times faster than reading YAML; the
//! YAML files stay the source of truth).

use serde::de::DeserializeOwned;

macro_rules! embedded {
    ($name:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/", $name, ".json"))
    };
}

pub(crate) const TAXONOMY: &str = embedded!("taxonomy");
pub(crate) const APP_TYPES: &str = embedded!("app_types");
pub(crate) const LEXICON: &str = embedded!("lexicon");
pub(crate) const INSTRUMENTS: &str = embedded!("instruments");
pub(crate) const I18N: &str = embedded!("i18n");
pub(crate) const CHANGE_CLASSES: &str = embedded!("change_classes");
pub(crate) const THRESHOLDS: &str = embedded!("thresholds");
pub(crate) const PERMISSIONS: &str = embedded!("permissions");
pub(crate) const SDKS: &str = embedded!("sdks");

/// Read one embedded file; `what` names it in the error.
pub(crate) fn read<T: DeserializeOwned>(json: &str, what: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| format!("{what} data: {e}"))
}
