//! The command line's help and usage errors in Chinese (src/cli/zh.rs,
//! data/cli-help.yaml): every command and argument has its Chinese help, the
//! help follows `--lang` and the configuration's `language`, usage errors
//! are in the run's language, and the exit statuses are kept.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use clap::CommandFactory;

use crate::diff::policyc as policyc_in;

fn policyc(args: &[&str]) -> (i32, String, String) {
    policyc_in(args, None)
}

/// A directory whose `policyc.yaml` says `language: zh`.
fn zh_config_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policyc.yaml"), "language: zh\n").unwrap();
    dir
}

/// Every command and every argument of the tree has Chinese help, every
/// described possible value its Chinese description; and the file names
/// nothing that does not exist.
#[test]
fn every_command_and_argument_has_chinese_help() {
    let zh = policyc::cli::zh::data().unwrap();
    let mut root = policyc::cli::Cli::command();
    root.build();
    let mut missing = Vec::new();
    let mut commands = vec![root.clone()];
    commands.extend(root.get_subcommands().cloned());
    let mut seen = Vec::new();
    for cmd in &commands {
        let name = cmd.get_name();
        if name == "help" {
            continue;
        }
        seen.push(name.to_string());
        let Some(c) = zh.commands.get(name) else {
            missing.push(format!("command {name}"));
            continue;
        };
        if cmd.get_long_about().is_some() && c.long_about.is_none() {
            missing.push(format!("{name}: long_about"));
        }
        if cmd.get_after_help().is_some() && c.after_help.is_none() {
            missing.push(format!("{name}: after_help"));
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let Some(a) = c.args.get(id) else {
                missing.push(format!("{name} {id}"));
                continue;
            };
            for v in arg.get_possible_values() {
                if v.get_help().is_some() && !a.values.contains_key(v.get_name()) {
                    missing.push(format!("{name} {id} = {}", v.get_name()));
                }
            }
        }
        for id in c.args.keys() {
            if !cmd.get_arguments().any(|a| a.get_id().as_str() == id) {
                missing.push(format!("{name} {id}: no such argument"));
            }
        }
    }
    for name in zh.commands.keys() {
        if !seen.contains(name) {
            missing.push(format!("command {name}: no such command"));
        }
    }
    assert!(
        missing.is_empty(),
        "Chinese help missing or stale: {missing:#?}"
    );
}

#[test]
fn top_level_help_in_chinese() {
    let (code, stdout, stderr) = policyc(&["--help", "--lang", "zh"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("help_zh_top", stdout);
}

#[test]
fn check_help_in_chinese() {
    let (code, stdout, stderr) = policyc(&["check", "--help", "--lang=zh"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("help_zh_check", stdout);
    // -h and `help check` say the same in short and long
    let (code, short, _) = policyc(&["check", "-h", "--lang", "zh,en"]);
    assert_eq!(code, 0);
    assert!(short.contains("用法：policyc check"), "{short}");
    assert!(short.contains("[可选值：human、json"), "{short}");
}

/// Without `--lang`, the configuration's `language` chooses, as for every
/// other message; `--lang en` wins over it.
#[test]
fn help_follows_the_configuration_language() {
    let dir = zh_config_dir();
    let (code, stdout, _) = policyc_in(&["help", "render"], Some(dir.path()));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("渲染隐私政策"), "{stdout}");
    let (code, stdout, _) = policyc_in(&["render", "--help", "--lang", "en"], Some(dir.path()));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("Render a policy"), "{stdout}");
}

#[test]
fn english_help_is_clap_s_own() {
    let (code, stdout, _) = policyc(&["check", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Usage: policyc check [OPTIONS] [PATH]..."));
    assert!(stdout.contains("Possible values:"));
    assert!(!stdout.contains("用法"));
}

#[test]
fn unknown_flag_in_chinese() {
    let (code, stdout, stderr) = policyc(&["check", "--lang", "zh", "--bogus"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    insta::assert_snapshot!("usage_zh_unknown_flag", stderr);
    let (code, _, stderr) = policyc(&["check", "--lang", "zh", "--basline", "b.json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("提示：有一个相近的参数：`--baseline`"),
        "{stderr}"
    );
}

#[test]
fn invalid_format_in_chinese() {
    let (code, stdout, stderr) = policyc(&["check", "--lang", "zh", "--format", "xml"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    insta::assert_snapshot!("usage_zh_invalid_format", stderr);
}

#[test]
fn other_usage_errors_in_chinese() {
    let (code, _, stderr) = policyc(&["diff", "--lang", "zh"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("错误：缺少必需的参数：<OLD>、<NEW>"),
        "{stderr}"
    );
    let dir = zh_config_dir();
    let (code, _, stderr) = policyc_in(&["chek"], Some(dir.path()));
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("错误：无法识别的子命令 `chek`"),
        "{stderr}"
    );
    assert!(stderr.contains("`check`"), "{stderr}");
    let (code, _, stderr) = policyc(&["render", "-", "--to", "md", "--to", "html", "--lang", "zh"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("错误：参数 `--to <TO>` 只能给出一次"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_in_english_are_clap_s() {
    let (code, _, stderr) = policyc(&["check", "--bogus"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: unexpected argument '--bogus' found"),
        "{stderr}"
    );
    let (code, stdout, _) = policyc(&["--version", "--lang", "zh"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("policyc "), "{stdout}");
}

/// Completions are made from the English tree: unchanged by the language.
#[test]
fn completions_are_not_translated() {
    let dir = zh_config_dir();
    let (code, zh, _) = policyc_in(&["completions", "fish"], Some(dir.path()));
    assert_eq!(code, 0);
    let (_, en, _) = policyc(&["completions", "fish"]);
    assert_eq!(zh, en);
}
