//! `policyc verify`: compare the app's own build files with its policy.

use std::path::{Path, PathBuf};

use clap::Args;

use super::check::{Deny, Format};
use super::input;
use crate::check::Lang;
use crate::exit::ExitStatus;
use crate::report::entry::FileResult;

/// Compare the app's build files with its policy: permissions the app
/// requests, SDKs it embeds, mini-program private interfaces.
///
/// Reads AndroidManifest.xml (as written or merged), build.gradle[.kts],
/// gradle/libs.versions.toml, `gradle dependencies` output (*.txt),
/// Info.plist, PrivacyInfo.xcprivacy, mini-program app.json and HarmonyOS
/// module.json5. Without EVIDENCE, the `verify:` paths of policyc.yaml.
/// Exit status: 0 clean, 1 findings at or above the failing level, 2 usage,
/// input, configuration or compile error, or a build file that cannot be read.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyc verify privacy.policy app/src/main/AndroidManifest.xml app/build.gradle\n  policyc verify privacy.policy app/build/intermediates/merged_manifests/release/AndroidManifest.xml --format sarif\n  policyc verify privacy.policy ios/App/Info.plist miniprogram/app.json\n  policyc verify privacy.policy        # the `verify:` paths of policyc.yaml"
)]
pub struct VerifyArgs {
    /// The policy.
    #[arg(value_name = "POLICY")]
    pub policy: PathBuf,
    /// Build files of the app.
    #[arg(value_name = "EVIDENCE")]
    pub evidence: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Configuration file (default: the nearest `policyc.yaml` upward from the policy).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Make warnings fail the run too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Vec<Deny>,
    /// Language of messages, labels, help and citations (default: the configuration's `language`, else en).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let shown = format!("`{}`", path.display());
    let file = std::fs::File::open(path).map_err(|e| {
        super::say(crate::msg!(
            "cli.cannot-read-2",
            shown = shown.to_string(),
            detail = crate::output::reason_arg(&e)
        ))
    })?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(super::say(crate::msg!(
            "cli.directory-give-build-files",
            shown = shown.to_string()
        )));
    }
    input::read_limited(file, &shown)
}

pub fn execute(args: VerifyArgs) -> Result<ExitStatus, String> {
    super::set_current_input(&args.policy.display().to_string());
    let config = match super::config::for_file(args.config.as_deref(), args.lang, &args.policy) {
        Ok(c) => c,
        Err(rendered) => return Ok(super::config::failed(&rendered)),
    };
    let lang = args.lang.or(config.language).unwrap_or(Lang::En);
    let evidence_paths = if args.evidence.is_empty() {
        config.verify_paths()
    } else {
        args.evidence.clone()
    };
    if evidence_paths.is_empty() {
        return Err(
            "no build files to verify: name them after the policy, or list them under `verify:` in policyc.yaml"
                .to_string(),
        );
    }
    let policy_name = args.policy.display().to_string();
    let mut policy_result = FileResult {
        name: policy_name,
        findings: Vec::new(),
        errors: Vec::new(),
        fingerprints: Vec::new(),
    };
    let src = match input::load(&args.policy)? {
        Err(e) => {
            policy_result.errors.push(e.in_lang(lang));
            None
        }
        Ok(src) => Some(src),
    };
    let model = match &src {
        Some(src) => match crate::compile(src, config.taxonomy()?) {
            Ok(m) => Some(m),
            Err(errors) => {
                policy_result.errors = errors.into_iter().map(|e| e.in_lang(lang)).collect();
                None
            }
        },
        None => None,
    };
    let mut results = vec![policy_result];
    let mut evidence = Vec::new();
    // Which result each read file's findings go to.
    let mut slots = Vec::new();
    for path in &evidence_paths {
        super::set_current_input(&path.display().to_string());
        let name = path.display().to_string();
        let bytes = read_bytes(path)?;
        let mut r = FileResult {
            name: name.clone(),
            findings: Vec::new(),
            errors: Vec::new(),
            fingerprints: Vec::new(),
        };
        match crate::verify::read(&name, &bytes) {
            Ok(e) => {
                slots.push(results.len());
                evidence.push(e);
            }
            Err(e) => r.errors.push(e.in_lang(lang)),
        }
        results.push(r);
    }
    if let (Some(model), Some(src)) = (&model, &src) {
        super::set_current_input(&args.policy.display().to_string());
        for ff in crate::verify::run(model, src, &evidence, &config) {
            let slot = match ff.evidence {
                None => Some(0),
                Some(i) => slots.get(i).copied(),
            };
            if let Some(r) = slot.and_then(|s| results.get_mut(s)) {
                r.findings.extend(ff.findings);
            }
        }
    }
    super::check::emit_plain(&results, args.format, lang)?;
    Ok(super::check::status(
        &results,
        args.deny.contains(&Deny::Warnings),
    ))
}
