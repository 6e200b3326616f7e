//! `policyc init`: a configuration and a skeleton policy to start from.
//!
//! The skeleton compiles and has every declaration the rules look for, with
//! placeholder values; each line the company must complete carries a
//! `// TODO` comment, which `policyc check` reports as one Z004 finding. So
//! the first check of a fresh skeleton lists exactly what is left to write,
//! and nothing else (tests/init.rs checks this for every app type).

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::exit::ExitStatus;
use crate::lang::Lang;
use crate::model::words::Sector;
use crate::model::Taxonomy;

/// Where the product runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Platform {
    Android,
    Ios,
    Harmony,
    Web,
    MiniProgram,
}

impl Platform {
    fn label(self) -> (&'static str, &'static str) {
        match self {
            Platform::Android => ("App（安卓）", "Android app"),
            Platform::Ios => ("App（iOS）", "iOS app"),
            Platform::Harmony => ("App（鸿蒙）", "HarmonyOS app"),
            Platform::Web => ("网站", "website"),
            Platform::MiniProgram => ("小程序", "mini program"),
        }
    }
}

/// Write `policyc.yaml` and a skeleton policy to fill in.
///
/// Non-interactive. Existing files are never overwritten: if either file
/// exists, nothing is written (exit 2). The skeleton compiles, and
/// `policyc check` reports each `// TODO` placeholder in it as one Z004
/// finding (docs/getting-started.md).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  policyc init --app-type online-lending --sector consumer-finance --platform android,ios\n  policyc init --app-type shopping --platform web,mini-program --dir policy/\n  policyc taxonomy --app-types        # the 39 app types and their necessary information"
)]
pub struct InitArgs {
    /// App type of 必要个人信息范围规定 (`policyc taxonomy --app-types`), or `other`.
    #[arg(long, value_name = "TYPE", default_value = "other")]
    pub app_type: String,
    /// Sector of the company: consumer-finance, banking, insurance, payment,
    /// securities, lending, e-commerce, health, education or other.
    #[arg(long, value_name = "SECTOR", default_value = "other")]
    pub sector: String,
    /// Where the product runs (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "android,ios")]
    pub platform: Vec<Platform>,
    /// Directory to write into.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// File name of the skeleton policy.
    #[arg(long, value_name = "FILE", default_value = "privacy.policy")]
    pub policy: PathBuf,
    /// Language of the messages and of the configuration's `language`.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: Lang,
}

pub fn execute(args: InitArgs) -> Result<ExitStatus, String> {
    let taxonomy = Taxonomy::builtin()?;
    if taxonomy.app_type(&args.app_type).is_none() {
        let hint = crate::diagnostic::did_you_mean(
            &args.app_type,
            taxonomy.app_types().iter().map(|a| a.code.as_str()),
        )
        .map(|c| super::say(crate::msg!("cli.did-you-mean", code = c.to_string())))
        .unwrap_or_default();
        return Err(super::say(crate::msg!(
            "cli.unknown-app-type-policyc",
            app_type = args.app_type.to_string(),
            hint = hint.to_string()
        )));
    }
    if !Sector::WORDS.contains(&args.sector.as_str()) {
        return Err(super::say(crate::msg!(
            "cli.unknown-sector",
            sector = args.sector.to_string(),
            sectors = Sector::WORDS.to_vec()
        )));
    }
    let say = |key: &str, vars: &[(&str, &str)]| crate::messages::fill_key(key, args.lang, vars);
    let config_path = args.dir.join(crate::config::FILE_NAME);
    let policy_path = args.dir.join(&args.policy);
    for p in [&config_path, &policy_path] {
        if std::fs::symlink_metadata(p).is_ok() {
            return Err(say(
                "cli.init.exists",
                &[("file", &p.display().to_string())],
            ));
        }
    }
    let policy = skeleton(taxonomy, &args.app_type, &args.sector, &args.platform)?;
    let config = configuration(&args.app_type, &args.sector, args.lang);
    if !args.dir.as_os_str().is_empty() {
        std::fs::create_dir_all(&args.dir).map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-create",
                file = args.dir.display().to_string(),
                detail = crate::output::reason_arg(&e)
            ))
        })?;
    }
    for (path, text) in [(&config_path, config), (&policy_path, policy)] {
        write_new(path, &text)?;
        let line = say("cli.init.wrote", &[("file", &path.display().to_string())]);
        crate::output::Stderr::new().write(&format!("{line}\n"));
    }
    let next = say(
        "cli.init.next",
        &[("policy", &policy_path.display().to_string())],
    );
    crate::output::Stderr::new().write(&format!("{next}\n"));
    Ok(ExitStatus::Clean)
}

/// Create a file that must not exist yet (`create_new`: a file that
/// appeared since the check above is not overwritten either).
fn write_new(path: &std::path::Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-create",
                file = path.display().to_string(),
                detail = crate::output::reason_arg(&e)
            ))
        })?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| {
            super::say(crate::msg!(
                "cli.cannot-write",
                file = path.display().to_string(),
                detail = crate::output::reason_arg(&e)
            ))
        })
}

/// The configuration written next to the skeleton.
pub fn configuration(app_type: &str, sector: &str, lang: Lang) -> String {
    format!(
        "# policyc configuration (docs/rules/README.md#configuration), written by `policyc init`.\n\
         # The policy header's app-type and sector win over these; they apply to\n\
         # policies that do not declare their own.\n\
         app-type: {app_type}\n\
         sector: {sector}\n\
         language: {}\n\
         # Per-rule levels: error | warning | info | off\n\
         rules:\n  \
           Z004: warning   # unfilled // TODO placeholders; `error` to block them in CI\n",
        lang.code()
    )
}

/// The skeleton policy.
pub fn skeleton(
    taxonomy: &Taxonomy,
    app_type: &str,
    sector: &str,
    platforms: &[Platform],
) -> Result<String, String> {
    let kind = taxonomy.app_type(app_type).ok_or_else(|| {
        super::say(crate::msg!(
            "cli.unknown-app-type",
            app_type = app_type.to_string()
        ))
    })?;
    let necessary: Vec<&str> = kind
        .necessary
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(
        w,
        "// 隐私政策骨架，由 `policyc init` 生成。Privacy-policy skeleton written by `policyc init`.\n\
         // 标有 TODO 的行是占位符：写入贵公司的真实内容后，删除该行的 TODO 注释。\n\
         // A line marked TODO is a placeholder: write the company's real text, then delete its TODO comment.\n\
         // `policyc check` 将每个 TODO 报告为一个 Z004。Each TODO left is one Z004 finding of `policyc check`.\n\
         // 语言参考 Language reference: docs/language.md; 入门 Getting started: docs/getting-started.md\n"
    );
    let _ = writeln!(
        w,
        "policy \"TODO隐私政策\" en \"TODO privacy policy\" {{ // TODO 政策标题 / the policy's title\n  \
           version \"1.0\"\n  \
           effective 2026-01-01 // TODO 生效日期 / the date it takes effect\n  \
           updated 2026-01-01 // TODO 更新日期 / the date of this version\n  \
           language zh-CN\n  \
           app-type {app_type} // {}（{}）\n  \
           sector {sector}\n  \
           volume unknown // TODO 处理个人信息的人数 / how many people's information: under-100k | 100k-1m | over-1m | over-10m",
        kind.zh, kind.en
    );
    for p in platforms {
        let (zh, en) = p.label();
        let _ = writeln!(
            w,
            "  product \"TODO{zh}\" // TODO {zh}名称 / the name of the {en}"
        );
    }
    let _ = writeln!(w, "}}\n");
    let _ = writeln!(
        w,
        "processor {{\n  \
           name \"TODO\" // TODO 个人信息处理者的法定名称 / the processor's full legal name\n  \
           registered-address \"TODO\" // TODO 注册地址 / registered address\n  \
           contact phone \"TODO\" // TODO 客服电话 / customer-service phone\n  \
           contact email \"TODO\" // TODO 个人信息保护联系邮箱 / privacy contact e-mail\n\
         }}\n\n\
         officer {{ // 个人信息保护负责人 (PIPL Art. 52)\n  \
           name \"TODO\" // TODO 负责人姓名或岗位 / the officer's name or post\n  \
           contact email \"TODO\" // TODO 负责人联系方式 / how to reach the officer\n\
         }}\n\n\
         consent {{\n  \
           mechanism checkbox-unticked   // 用户主动勾选同意 / the user ticks an unticked box\n  \
           bundled no\n\
         }}\n"
    );
    // The necessary information of the app type: sensitive items need their
    // necessity and impact stated (PIPL Art. 30).
    let mut refs = Vec::new();
    for id in &necessary {
        let Some(item) = taxonomy.item(id) else {
            continue;
        };
        if item.sensitive {
            let _ = writeln!(
                w,
                "data {id} = {id} \"{}\" en \"{}\" {{\n  \
                   sensitive yes\n  \
                   necessity \"TODO\" // TODO 为何必要 / why {} is necessary\n  \
                   impact \"TODO\" // TODO 对个人权益的影响 / how processing it affects the individual\n\
                 }}",
                item.zh, item.en, item.en
            );
        }
        refs.push(*id);
    }
    if refs
        .iter()
        .any(|id| taxonomy.item(id).is_some_and(|i| i.sensitive))
    {
        let _ = writeln!(w);
    }
    let (basic_zh, basic_en) = (
        kind.basic_function_zh.as_deref().unwrap_or("基本业务功能"),
        kind.basic_function_en
            .as_deref()
            .unwrap_or("the basic function"),
    );
    let sensitive = refs
        .iter()
        .any(|id| taxonomy.item(id).is_some_and(|i| i.sensitive));
    let _ = writeln!(
        w,
        "// 基本业务功能：{basic_zh}。Basic function: {basic_en}.\n\
         function basic \"TODO\" en \"TODO\" {{ // TODO 基本业务功能名称 / the basic function's name\n  \
           kind basic\n  \
           purpose \"TODO\" // TODO 处理目的 / the purpose of processing\n  \
           method \"TODO\" // TODO 处理方式 / how the information is processed\n  \
           basis consent\n  \
           consent {}",
        if sensitive { "separate" } else { "general" }
    );
    if refs.is_empty() {
        // The app type's basic function needs no personal information (or
        // the type has no list): nothing may be required, and what the
        // function does collect is for the company to say.
        let _ = writeln!(
            w,
            "  collects optional phone // TODO 实际收集的个人信息（此类型的基本功能无须个人信息，不得强制收集）/ what the function really collects (this type's basic function needs none, so none may be required)\n  \
               source direct\n  \
               if-refused none"
        );
    } else {
        let _ = writeln!(
            w,
            "  collects required {}   // 必要个人信息 / the necessary information of this app type\n  \
               source direct\n  \
               if-refused blocks-function \"TODO\" // TODO 拒绝提供的后果 / what happens if the user refuses",
            refs.join(", ")
        );
    }
    let _ = writeln!(w, "}}\n");
    let _ = writeln!(
        w,
        "storage {{\n  \
           location CN\n\
         }}\n\n\
         retention kept \"TODO\" {{ // TODO 保存的信息 / what is kept\n  \
           data all\n  \
           purpose \"TODO\" // TODO 保存目的 / why it is kept this long\n  \
           at-most 5y // TODO 最长保存期限 / the longest period it is kept\n  \
           expiry delete-or-anonymise\n\
         }}\n"
    );
    // Sensitive necessary information gets a period of its own (R006).
    let sensitive_refs: Vec<&str> = refs
        .iter()
        .copied()
        .filter(|id| taxonomy.item(id).is_some_and(|i| i.sensitive))
        .collect();
    if !sensitive_refs.is_empty() {
        let _ = writeln!(
            w,
            "retention sensitive \"TODO\" {{ // TODO 敏感个人信息 / the sensitive information kept\n  \
               data {}\n  \
               at-most 1y // TODO 敏感个人信息的最长保存期限 / the longest period the sensitive information is kept\n  \
               expiry delete\n\
             }}\n",
            sensitive_refs.join(", ")
        );
    }
    let rights: [(&str, &str, &str, &str); 5] = [
        (
            "access",
            "查阅、复制、更正、补充、转移个人信息",
            "access, copy, correct, supplement, port",
            "app",
        ),
        ("delete", "删除个人信息", "delete", "app"),
        (
            "withdraw",
            "撤回同意、拒绝或限制处理",
            "withdraw, refuse, restrict",
            "settings",
        ),
        ("close-account", "注销账号", "close-account", "app"),
        (
            "explain",
            "知情、决定与要求解释说明",
            "know, decide, explain",
            "customer-service",
        ),
    ];
    for (id, title, covers, channel) in rights {
        let _ = writeln!(
            w,
            "right {id} \"{title}\" {{\n  \
               covers {covers}\n  \
               channel {channel} \"TODO\" // TODO 行使途径 / where in the product or how\n  \
               response 15wd"
        );
        if id == "delete" {
            // PIPL Art. 47 ¶1: the four cases, in the law's words.
            let _ = writeln!(
                w,
                "  condition \"处理目的已实现、无法实现或者为实现处理目的不再必要\"\n  \
                   condition \"我们停止提供产品或者服务，或者保存期限已届满\"\n  \
                   condition \"您撤回同意\"\n  \
                   condition \"我们违反法律、行政法规或者违反约定处理您的个人信息\""
            );
        }
        let _ = writeln!(w, "}}");
    }
    let _ = writeln!(
        w,
        "\nminors {{\n  \
           min-age 14 // TODO 服务面向的最低年龄 / the youngest users served (14 or more; under 14 needs guardian rules, PIPL Art. 31)\n  \
           guardian-consent yes\n\
         }}\n\n\
         security {{\n  \
           measure encryption \"TODO\" // TODO 安全措施 / the security measures taken\n  \
           measure access-control\n  \
           incident-notice sms, app-announcement\n  \
           incident-contents types, cause, impact, measures, advice, remedies, contact\n\
         }}\n\n\
         complaints {{\n  \
           channel phone \"TODO\" // TODO 投诉渠道 / where to complain\n  \
           response 15d\n  \
           external \"向网信、电信、公安及市场监管等有关部门投诉、举报\"\n\
         }}\n\n\
         updates {{\n  \
           notice app-announcement\n  \
           notice popup\n  \
           reconsent-on-material yes\n  \
           archive yes\n\
         }}"
    );
    // In the canonical layout, so that `policyc fmt --check` passes too.
    let src = crate::source::SourceFile::new("privacy.policy", s.as_str());
    Ok(crate::syntax::format(&src).unwrap_or(s))
}
