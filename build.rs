//! Converts the built-in data files (`data/*.yaml`, the source of truth) to
//! JSON in `OUT_DIR`, where `src/data.rs` embeds them. Reading JSON at run
//! time is several times faster than reading YAML, and the YAML parser's
//! cost was most of the start-up time of every command (docs/performance.md).
//! A data file that is not valid YAML, or that JSON cannot hold (a map key
//! that is not a string), fails the build here.

use std::path::Path;

const FILES: &[&str] = &[
    "taxonomy",
    "app_types",
    "lexicon",
    "instruments",
    "i18n",
    "change_classes",
    "permissions",
    "sdks",
];

fn main() {
    let out = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from);
    let Some(out) = out else {
        panic!("OUT_DIR is not set");
    };
    for name in FILES {
        let path = Path::new("data").join(format!("{name}.yaml"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let value: serde_yaml::Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", path.display()));
        let json = serde_json::to_string(&value)
            .unwrap_or_else(|e| panic!("{}: cannot be written as JSON: {e}", path.display()));
        let target = out.join(format!("{name}.json"));
        std::fs::write(&target, json)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
    }
    println!("cargo:rerun-if-changed=build.rs");
}
