//! `policyc diff`: one old/new fixture pair per change class (and a few
//! more), asserting the exact set of classes found and snapshotting the human
//! and JSON reports; the notice in md/html × zh/en; the CLI's exit statuses;
//! git revisions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use policyc::diff::notice::{self, NoticeContext};
use policyc::diff::report::{self, Side};
use policyc::diff::{self, ChangeSet, Code};
use policyc::model::{Model, Taxonomy};
use policyc::render::Lang;
use policyc::source::SourceFile;

const FIXTURES: &str = "tests/fixtures/diff";

fn compile(name: &str, text: &str) -> (SourceFile, Model) {
    let src = SourceFile::new(name, text);
    let model = policyc::compile(&src, Taxonomy::builtin().unwrap()).unwrap_or_else(|errors| {
        let shown: Vec<String> = errors
            .iter()
            .map(|e| policyc::report::render(e, policyc::report::Style::plain()))
            .collect();
        panic!("{name} does not compile:\n{}", shown.join("\n"))
    });
    (src, model)
}

/// A fixture pair, named relative to the fixture directory.
fn pair(dir: &Path) -> ((SourceFile, Model), (SourceFile, Model)) {
    let case = dir.file_name().unwrap().to_string_lossy().into_owned();
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    (
        compile(&format!("{case}/old.policy"), &read("old.policy")),
        compile(&format!("{case}/new.policy"), &read("new.policy")),
    )
}

/// The classes a pair must produce: `// expect: M001, M002` on the first
/// line of `new.policy` (`(nothing)` for none).
fn expected(new: &SourceFile) -> BTreeSet<String> {
    let first = new.text().lines().next().unwrap_or("");
    let list = first
        .strip_prefix("// expect:")
        .unwrap_or_else(|| panic!("{}: first line must be `// expect: …`", new.name()))
        .trim();
    if list == "(nothing)" {
        return BTreeSet::new();
    }
    list.split(',').map(|s| s.trim().to_string()).collect()
}

fn found(set: &ChangeSet) -> BTreeSet<String> {
    set.codes().iter().map(|c| c.as_str().to_string()).collect()
}

#[test]
fn every_pair_finds_exactly_its_classes() {
    insta::glob!("fixtures/diff/*/new.policy", |path| {
        let dir = path.parent().unwrap();
        let ((os, om), (ns, nm)) = pair(dir);
        let set = diff::compare(&om, &nm);
        assert_eq!(found(&set), expected(&ns), "{}", dir.display());
        let old = Side {
            src: &os,
            model: &om,
        };
        let new = Side {
            src: &ns,
            model: &nm,
        };
        let human = report::human(&set, old, new, Lang::En);
        let json = report::json(&set, old, new, Lang::En).unwrap();
        insta::assert_snapshot!(format!("----- HUMAN\n{human}----- JSON\n{json}"));
    });
}

#[test]
fn every_class_has_a_pair_a_docs_page_and_data() {
    let dirs: Vec<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for code in Code::ALL {
        let prefix = format!("{}-", code.as_str());
        let dir = dirs.iter().find(|d| d.starts_with(&prefix));
        let dir = dir.unwrap_or_else(|| panic!("no fixture pair for {code}"));
        let ((_, om), (ns, nm)) = pair(&Path::new(FIXTURES).join(dir));
        assert!(
            expected(&ns).contains(code.as_str()),
            "{dir} does not expect {code}"
        );
        assert!(
            diff::compare(&om, &nm).codes().contains(code),
            "{code}: its detection does not fire on {dir}"
        );
        assert!(
            code.class().is_some(),
            "{code}: not in data/change_classes.yaml"
        );
        let page = std::fs::read_to_string(format!("docs/rules/{}.md", code.as_str())).unwrap();
        assert_eq!(
            diff::explanation(code.as_str()),
            Some(page.as_str()),
            "{code}: explanation is not the docs page"
        );
    }
    // And the other way round: every class page and fixture pair has a code.
    for entry in std::fs::read_dir("docs/rules").unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(code) = name.strip_prefix('M').and_then(|n| n.strip_suffix(".md")) {
            assert!(
                Code::parse(&format!("M{code}")).is_some(),
                "docs/rules/{name} has no class"
            );
        }
    }
    for d in &dirs {
        if d.starts_with('M') {
            let code = d.split('-').next().unwrap();
            assert!(
                Code::parse(code).is_some(),
                "fixture pair {d} names no class"
            );
        }
    }
    assert_eq!(diff::classes::classes().len(), Code::ALL.len());
}

#[test]
fn explain_accepts_any_case_and_rejects_unknown_codes() {
    assert!(
        diff::explanation("m006").is_some_and(|p| p.starts_with("# M006: sensitive-data-added"))
    );
    assert_eq!(diff::explanation("M026"), None);
    assert_eq!(diff::explanation("X"), None);
}

#[test]
fn identical_and_reordered_versions_have_no_change() {
    for case in ["identical", "reorder-whitespace-comments"] {
        let ((_, om), (_, nm)) = pair(&Path::new(FIXTURES).join(case));
        let set = diff::compare(&om, &nm);
        assert!(set.is_empty(), "{case}: {:?}", set.changes);
        assert_eq!(set.verdict(), None);
    }
    // A model compared with itself, for every example.
    for file in [
        "examples/jinshang.policy",
        "examples/mengshang.policy",
        "examples/minimal.policy",
    ] {
        if let Ok(text) = std::fs::read_to_string(file) {
            let (_, m) = compile(file, &text);
            assert!(diff::compare(&m, &m).is_empty(), "{file}");
        }
    }
}

#[test]
fn verdict_is_the_strongest_consequence() {
    let ((_, om), (_, nm)) = pair(&Path::new(FIXTURES).join("notice-mixed"));
    let set = diff::compare(&om, &nm);
    assert_eq!(set.verdict(), Some(diff::Consequence::SeparateConsent));
    let ((_, om), (_, nm)) = pair(&Path::new(FIXTURES).join("M009-retention-shortened"));
    assert_eq!(
        diff::compare(&om, &nm).verdict(),
        Some(diff::Consequence::Notice)
    );
    let ((_, om), (_, nm)) = pair(&Path::new(FIXTURES).join("M025-editorial-only"));
    assert_eq!(
        diff::compare(&om, &nm).verdict(),
        Some(diff::Consequence::Editorial)
    );
}

// ---------------------------------------------------------------------------
// The notice
// ---------------------------------------------------------------------------

/// The `<body>` of a page: what the notice contributes (the page wrapper
/// around it belongs to the renderer and has its own tests).
fn body(html: &str) -> &str {
    let start = html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1));
    let end = html.rfind("</body>");
    match (start, end) {
        (Some(s), Some(e)) if s <= e => &html[s..e],
        _ => html,
    }
}

fn notices(name: &str, old: &Model, new: &Model) {
    let set = diff::compare(old, new);
    let tax = Taxonomy::builtin().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let ctx = NoticeContext {
            changes: &set,
            old,
            new,
            taxonomy: tax,
            lang,
        };
        let md = notice::markdown(&ctx).unwrap();
        check_notice_text(&md, &set, lang);
        insta::assert_snapshot!(format!("{name}-{}.md", lang.code()), md);
        let html = notice::html(&ctx).unwrap();
        // Until the renderer's page wrapper lands it returns nothing; once it
        // does, these hold.
        if !html.is_empty() {
            assert!(
                html.contains(&format!("lang=\"{}\"", lang.html_code())),
                "{html}"
            );
            assert!(!html.to_lowercase().contains("<script"), "{html}");
            insta::assert_snapshot!(format!("{name}-{}.html-body", lang.code()), body(&html));
        }
    }
}

/// What every notice must and must not say.
fn check_notice_text(md: &str, set: &ChangeSet, lang: Lang) {
    let lower = md.to_lowercase();
    for forbidden in [
        "视为同意",
        "视为您同意",
        "视为接受",
        "deemed to accept",
        "means you accept",
        "constitutes acceptance",
    ] {
        let ok = match forbidden {
            // The notice says the opposite: continued use is NOT consent.
            "视为同意" => !md.contains("视为同意") || md.contains("不会被视为同意"),
            _ => !lower.contains(forbidden),
        };
        assert!(
            ok,
            "the notice must never rely on continued use: {forbidden}\n{md}"
        );
    }
    let needs_consent = set.verdict() >= Some(diff::Consequence::Consent);
    let asks = match lang {
        Lang::Zh => md.contains("征求您的同意"),
        Lang::En => md.contains("we will ask for your consent"),
    };
    assert_eq!(
        asks, needs_consent,
        "consent request present iff the verdict needs consent\n{md}"
    );
    let separate = set.verdict() == Some(diff::Consequence::SeparateConsent);
    let says_separate = match lang {
        Lang::Zh => md.contains("单独征求您的同意"),
        Lang::En => md.contains("separately"),
    };
    assert_eq!(says_separate, separate, "{md}");
    // Editorial changes are not listed.
    for c in &set.changes {
        if c.code == Code::M025 {
            assert!(!md.contains(&c.description), "{md}");
        }
    }
}

#[test]
fn notice_for_a_representative_pair() {
    let ((_, om), (_, nm)) = pair(&Path::new(FIXTURES).join("notice-mixed"));
    notices("notice-mixed", &om, &nm);
}

#[test]
fn notice_for_the_example_history() {
    let read = |f: &str| std::fs::read_to_string(format!("examples/history/{f}")).unwrap();
    let (_, om) = compile("jinshang-v1.policy", &read("jinshang-v1.policy"));
    let (_, nm) = compile("jinshang-v2.policy", &read("jinshang-v2.policy"));
    let set = diff::compare(&om, &nm);
    // The newer version needs consent for what it adds.
    assert_eq!(set.verdict(), Some(diff::Consequence::SeparateConsent));
    for code in [Code::M006, Code::M008, Code::M010, Code::M014] {
        assert!(set.codes().contains(&code), "history lacks {code}");
    }
    notices("history-jinshang", &om, &nm);
}

#[test]
fn notice_of_editorial_and_of_no_change_say_so() {
    let tax = Taxonomy::builtin().unwrap();
    for (case, zh) in [
        ("M025-editorial-only", "仅调整了文字表述"),
        ("identical", "没有变化"),
    ] {
        let ((_, om), (_, nm)) = pair(&Path::new(FIXTURES).join(case));
        let set = diff::compare(&om, &nm);
        let ctx = NoticeContext {
            changes: &set,
            old: &om,
            new: &nm,
            taxonomy: tax,
            lang: Lang::Zh,
        };
        let md = notice::markdown(&ctx).unwrap();
        assert!(md.contains(zh), "{case}: {md}");
        assert!(!md.contains("## "), "{case}: nothing to list: {md}");
    }
}

#[test]
fn notice_escapes_policy_text() {
    let base = std::fs::read_to_string(Path::new(FIXTURES).join("identical/old.policy")).unwrap();
    let evil = base.replace(
        "sdk push",
        "recipient evil \"<script>alert(1)</script>\" {\n  name \"*Evil* [click](javascript:alert(1)) <img src=x onerror=alert(1)>\"\n  role independent\n  purpose \"<b>营销</b>\"\n  data name\n}\n\nsdk push",
    );
    let (_, om) = compile("old.policy", &base);
    let (_, nm) = compile("new.policy", &evil);
    let set = diff::compare(&om, &nm);
    let tax = Taxonomy::builtin().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let ctx = NoticeContext {
            changes: &set,
            old: &om,
            new: &nm,
            taxonomy: tax,
            lang,
        };
        let md = notice::markdown(&ctx).unwrap();
        assert!(md.contains("\\*Evil\\*"), "{md}");
        assert!(md.contains("\\<img"), "{md}");
        assert!(!md.replace("\\<", "").contains("<img"), "{md}");
        let html = notice::html(&ctx).unwrap();
        if !html.is_empty() {
            let lower = html.to_lowercase();
            assert!(!lower.contains("<script"), "{html}");
            assert!(!lower.contains("<img"), "{html}");
            assert!(!lower.contains("href=\"javascript"), "{html}");
            assert!(!lower.contains("<b>"), "{html}");
            assert!(html.contains("&lt;img"), "{html}");
        }
    }
}

// ---------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------

/// Run the binary (in `dir`): status, stdout, stderr. Also used by cli_help.rs.
pub(crate) fn policyc(args: &[&str], dir: Option<&Path>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_policyc"));
    cmd.args(args).env("NO_COLOR", "1").env("COLUMNS", "80");
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(case: &str, side: &str) -> String {
    format!("{FIXTURES}/{case}/{side}.policy")
}

#[test]
fn cli_identical_inputs_exit_0_with_no_changes() {
    let f = fixture("identical", "old");
    let (code, out, err) = policyc(&["diff", &f, &f, "--fail-on", "any"], None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "no changes\n");
}

#[test]
fn cli_fail_on_levels() {
    let cases = [
        ("M009-retention-shortened", "consent", 0),
        ("M009-retention-shortened", "notice", 1),
        ("M025-editorial-only", "notice", 0),
        ("M025-editorial-only", "any", 1),
        ("M006-sensitive-data-added", "separate-consent", 1),
        ("M005-data-added", "separate-consent", 0),
        ("M005-data-added", "consent", 1),
    ];
    for (case, level, want) in cases {
        let (code, _, err) = policyc(
            &[
                "diff",
                &fixture(case, "old"),
                &fixture(case, "new"),
                "--fail-on",
                level,
            ],
            None,
        );
        assert_eq!(code, want, "{case} --fail-on {level}: {err}");
    }
    // Without --fail-on, changes are not a failure.
    let (code, _, _) = policyc(
        &[
            "diff",
            &fixture("notice-mixed", "old"),
            &fixture("notice-mixed", "new"),
        ],
        None,
    );
    assert_eq!(code, 0);
}

#[test]
fn cli_formats_and_output_file() {
    let (old, new) = (
        fixture("notice-mixed", "old"),
        fixture("notice-mixed", "new"),
    );
    let (code, out, _) = policyc(&["diff", &old, &new, "--format", "json"], None);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["verdict"], "separate-consent");
    assert!(v["changes"][0]["new"]["line"].as_u64().is_some());
    let (code, out, _) = policyc(
        &["diff", &old, &new, "--format", "md", "--lang", "en"],
        None,
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("# Changes to"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("notice.html");
    let (code, out, err) = policyc(
        &[
            "diff",
            &old,
            &new,
            "--format",
            "html",
            "-o",
            target.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(target.exists());
    let (code, _, err) = policyc(
        &[
            "diff",
            &fixture("M025-editorial-only", "old"),
            &fixture("M025-editorial-only", "new"),
            "--format",
            "md",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert!(err.contains("no notice to users is required"), "{err}");
}

#[test]
fn cli_errors_exit_2() {
    let good = fixture("identical", "old");
    let (code, out, err) = policyc(&["diff", "no/such/file.policy", &good], None);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no/such/file.policy"), "{err}");
    // A compile error on either side is shown as a diagnostic.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.policy");
    std::fs::write(&bad, "policy \"x\" {\n  version\n}\n").unwrap();
    let (code, _, err) = policyc(&["diff", &good, bad.to_str().unwrap()], None);
    assert_eq!(code, 2);
    assert!(err.contains("bad.policy:"), "{err}");
}

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .args([
            "-c",
            "user.name=policyc test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&st.stderr)
    );
}

#[test]
fn cli_reads_git_revisions() {
    if !git_available() {
        eprintln!("note: git is not installed; skipping the git-revision test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let read = |f: String| std::fs::read_to_string(f).unwrap();
    git(d, &["init", "-q"]);
    std::fs::write(
        d.join("p.policy"),
        read(fixture("M008-retention-extended", "old")),
    )
    .unwrap();
    git(d, &["add", "p.policy"]);
    git(d, &["commit", "-q", "-m", "v1"]);
    std::fs::write(
        d.join("p.policy"),
        read(fixture("M008-retention-extended", "new")),
    )
    .unwrap();
    git(d, &["commit", "-q", "-a", "-m", "v2"]);
    let (code, out, err) = policyc(
        &[
            "diff",
            "HEAD~1:p.policy",
            "HEAD:p.policy",
            "--fail-on",
            "consent",
        ],
        Some(d),
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("M008 retention-extended"), "{out}");
    assert!(out.contains("HEAD~1:p.policy:"), "{out}");
    // A revision against the working file.
    let (code, out, _) = policyc(&["diff", "HEAD:p.policy", "p.policy"], Some(d));
    assert_eq!((code, out.as_str()), (0, "no changes\n"));
    // Missing revision, missing path, no repository: clear errors, exit 2.
    let (code, _, err) = policyc(&["diff", "HEAD~5:p.policy", "p.policy"], Some(d));
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read `HEAD~5:p.policy` from git"),
        "{err}"
    );
    let (code, _, err) = policyc(&["diff", "HEAD:nope.policy", "p.policy"], Some(d));
    assert_eq!(code, 2);
    assert!(err.contains("`HEAD:nope.policy`"), "{err}");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join("p.policy"),
        read(fixture("identical", "old")),
    )
    .unwrap();
    let (code, _, err) = policyc(
        &["diff", "HEAD:p.policy", "p.policy"],
        Some(elsewhere.path()),
    );
    assert_eq!(code, 2);
    assert!(err.contains("from git"), "{err}");
}

#[test]
fn cli_links_the_full_policies_and_refuses_unsafe_urls() {
    let (old, new) = (
        fixture("notice-mixed", "old"),
        fixture("notice-mixed", "new"),
    );
    let (code, out, err) = policyc(
        &[
            "diff",
            &old,
            &new,
            "--format",
            "html",
            "--new-url",
            "https://example.com/privacy",
            "--old-url",
            "https://example.com/privacy?v=1",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("href=\"https://example.com/privacy\""),
        "{out}"
    );
    assert!(
        out.contains("href=\"https://example.com/privacy?v=1\""),
        "{out}"
    );
    // The decision box comes before everything else the notice lists.
    let decide = out.find("<blockquote>").unwrap();
    assert!(out[..decide].matches("<li>").count() == 0, "{out}");
    for bad in [
        "javascript:alert(1)",
        "https://x.example/a b",
        "https://x/<script>",
    ] {
        let (code, out, err) = policyc(
            &["diff", &old, &new, "--format", "md", "--new-url", bad],
            None,
        );
        assert_eq!(code, 2, "{bad}: {out}");
        assert!(err.contains("http"), "{err}");
    }
}

// ---------------------------------------------------------------------------
// The law's adjustments (data/change_classes.yaml `adjustments:`)
// ---------------------------------------------------------------------------

/// The fixture base with `edit` applied to a copy: (old, new) models.
fn edited(old_edit: &dyn Fn(String) -> String, new_edit: &dyn Fn(String) -> String) -> ChangeSet {
    let base = fixture("identical", "old");
    let base = std::fs::read_to_string(base).unwrap();
    let (_, om) = compile("old.policy", &old_edit(base.clone()));
    let (_, nm) = compile("new.policy", &new_edit(base));
    diff::compare(&om, &nm)
}

/// Each change as `CODE consequence rule`.
fn outcomes(set: &ChangeSet) -> Vec<String> {
    set.changes
        .iter()
        .map(|c| {
            format!(
                "{} {}{}",
                c.code,
                c.consequence(),
                c.adjustment()
                    .map(|a| format!(" {}", a.key))
                    .unwrap_or_default()
            )
        })
        .collect()
}

const NEARBY: &str = "data loc = location-precise \"精确位置\" en \"precise location\"\n\nfunction nearby \"附近网点\" en \"Nearby branches\" {\n  purpose \"为您推荐附近网点\"\n  basis consent\n  consent separate\n  collects optional loc\n  if-refused degrades-function\n}\n";

#[test]
fn law_a_new_method_for_sensitive_data_needs_separate_consent() {
    let with = |s: String| s + NEARBY;
    let background = |s: String| {
        (s + NEARBY).replace(
            "  collects optional loc\n",
            "  collects optional loc\n  background yes\n",
        )
    };
    let set = edited(&with, &background);
    assert_eq!(
        outcomes(&set),
        ["M004 separate-consent sensitive-use"],
        "{set:?}"
    );
    // The notice says which data: not only the function's title.
    let (_, om) = compile(
        "old.policy",
        &with(std::fs::read_to_string(fixture("identical", "old")).unwrap()),
    );
    let (_, nm) = compile(
        "new.policy",
        &background(std::fs::read_to_string(fixture("identical", "old")).unwrap()),
    );
    let ctx = NoticeContext {
        changes: &set,
        old: &om,
        new: &nm,
        taxonomy: Taxonomy::builtin().unwrap(),
        lang: Lang::Zh,
    };
    let md = diff::notice::markdown(&ctx).unwrap();
    assert!(
        md.contains("> - **［单独同意］** “附近网点”功能将在应用处于后台时收集精确位置。"),
        "{md}"
    );
    assert!(md.contains("如不同意：该功能的部分服务将无法使用"), "{md}");
    // A new purpose of a function without Art. 28 data stays consent.
    let set = edited(&|s| s, &|s| {
        s.replace(
            "  purpose \"向您推送优惠信息\" en \"to send you offers\"\n",
            "  purpose \"向您推送优惠信息\" en \"to send you offers\"\n  purpose \"邀请您参加调研\"\n",
        )
    });
    assert_eq!(outcomes(&set), ["M003 consent"]);
}

#[test]
fn law_contract_and_legal_duty_need_notice_not_consent() {
    let pay = "function pay \"支付\" en \"Payment\" {\n  purpose \"支付您购买的会员服务\"\n}\n";
    let share = "function share \"分享\" en \"Sharing\" {\n  purpose \"分享到微信\"\n}\n";
    let set = edited(&|s| s, &|s| s + pay + share);
    assert_eq!(
        outcomes(&set),
        ["M003 notice contract-purpose", "M003 consent"],
        "{set:?}"
    );
    // New required data of a legal-duty function is a notice; optional data
    // is beyond the duty and needs consent.
    let set = edited(&|s| s, &|s| {
        s.replace(
            "  collects required name, idno\n",
            "  collects required name, idno, mobile\n",
        )
    });
    assert_eq!(outcomes(&set), ["M005 notice non-consent-basis"]);
    let set = edited(&|s| s, &|s| {
        s.replace(
            "  collects required name, idno\n",
            "  collects required name, idno\n  collects optional mobile\n",
        )
    });
    assert_eq!(outcomes(&set), ["M005 consent"]);
}

#[test]
fn law_wording_counts_only_when_it_says_something_new() {
    let text = |t: &'static str| {
        move |s: String| {
            s.replace(
                "  contract yes\n",
                &format!("  contract yes\n  text \"{t}\"\n"),
            )
        }
    };
    // punctuation and one dropped character: no change, or an editorial one
    let set = edited(
        &text("我们会要求其对数据加密，并定期审计"),
        &text("我们会要求其对数据加密并定期审计。"),
    );
    assert!(
        set.changes
            .iter()
            .all(|c| c.consequence() == diff::Consequence::Editorial),
        "{set:?}"
    );
    // a location term appears: a notice naming the term
    let set = edited(
        &text("我们会要求其对数据加密"),
        &text("我们会要求其对数据加密，并向其提供您的位置信息"),
    );
    assert_eq!(outcomes(&set), ["M025 notice meaning-term"]);
    // a method edited by one character is the same method
    let method = |m: &'static str| {
        move |s: String| {
            s.replace(
                "  basis legal-duty\n",
                &format!("  basis legal-duty\n  method \"{m}\"\n"),
            )
        }
    };
    let set = edited(
        &method("通过公安部系统核验您的身份信息"),
        &method("通过公安部系统核验你的身份信息"),
    );
    assert!(set.changes.iter().all(|c| c.code == Code::M025), "{set:?}");
}

#[test]
fn law_a_brand_and_its_legal_name_are_one_recipient() {
    let named = |n: &'static str| {
        move |s: String| {
            s.replace(
                "  name \"示例征信有限公司\" en \"Example Credit Bureau Ltd.\"\n",
                &format!("  name \"{n}\"\n"),
            )
        }
    };
    let set = edited(&named("示例征信"), &named("示例征信有限公司"));
    assert_eq!(outcomes(&set), ["M025 editorial"], "{set:?}");
    let set = edited(&named("示例征信"), &named("另一信用服务有限公司"));
    assert_eq!(outcomes(&set), ["M010 separate-consent"], "{set:?}");
}

#[test]
fn law_improvements_are_told_never_asked() {
    let deemed = |s: String| s.replace("  mechanism click-accept\n", "  mechanism deemed-by-use\n");
    let set = edited(&deemed, &|s| s);
    assert_eq!(outcomes(&set), ["M017 notice strengthens"], "{set:?}");
    let (_, om) = compile(
        "old.policy",
        &deemed(std::fs::read_to_string(fixture("identical", "old")).unwrap()),
    );
    let (_, nm) = compile(
        "new.policy",
        &std::fs::read_to_string(fixture("identical", "old")).unwrap(),
    );
    let ctx = NoticeContext {
        changes: &set,
        old: &om,
        new: &nm,
        taxonomy: Taxonomy::builtin().unwrap(),
        lang: Lang::En,
    };
    let md = diff::notice::markdown(&ctx).unwrap();
    assert!(md.contains("## Changes in your favour"), "{md}");
    assert!(!md.contains("Changes that need your decision"), "{md}");
}

#[test]
fn a_notice_without_the_policy_links_says_which_is_missing() {
    // Issue #16: the notice links to the full updated and previous policy.
    // Without --new-url / --old-url it cannot: stderr says which is missing,
    // in the run's language; with both, nothing.
    let (old, new) = (
        fixture("notice-mixed", "old"),
        fixture("notice-mixed", "new"),
    );
    let (code, _, err) = policyc(&["diff", &old, &new, "--format", "md"], None);
    assert_eq!(code, 0);
    assert!(
        err.contains("--new-url") && err.contains("--old-url"),
        "{err}"
    );
    let (code, _, err) = policyc(
        &[
            "diff",
            &old,
            &new,
            "--format",
            "md",
            "--lang",
            "zh",
            "--new-url",
            "https://a.example/new",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        !err.contains("--new-url") && err.contains("通知未链接更新前的政策"),
        "{err}"
    );
    let (code, _, err) = policyc(
        &[
            "diff",
            &old,
            &new,
            "--format",
            "html",
            "--new-url",
            "https://a.example/new",
            "--old-url",
            "https://a.example/old",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
}
