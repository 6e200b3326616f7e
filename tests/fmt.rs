//! `policyc fmt`: the canonical layout is stable, keeps every comment and
//! never changes what a policy means.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use policyc::model::Taxonomy;
use policyc::source::SourceFile;
use policyc::syntax::format;
use proptest::prelude::*;

/// The resolved model as JSON with every span removed.
fn meaning(name: &str, text: &str) -> Option<serde_json::Value> {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("span");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let model =
        policyc::compile(&SourceFile::new(name, text), Taxonomy::builtin().unwrap()).ok()?;
    let mut v = serde_json::to_value(model).unwrap();
    strip(&mut v);
    Some(v)
}

/// What `check` reports for a text: each finding's code, message and the
/// text at its span, sorted (the spans move with the layout). Suppressed
/// findings are gone; an unused or broken suppression is a finding (Z001,
/// Z003), so a suppression that stops working shows as a difference.
fn findings(name: &str, text: &str) -> Option<Vec<(String, String, String)>> {
    let src = SourceFile::new(name, text);
    let model = policyc::compile(&src, Taxonomy::builtin().unwrap()).ok()?;
    let config = policyc::check::Config::default();
    let mut out: Vec<_> = policyc::check::run(&model, &src, &config)
        .iter()
        .map(|f| {
            // the code at the span: comments inside it may move out
            let at = code_tokens(src.slice(f.span)).join(" ");
            (f.rule.code.to_string(), f.message.en(), at)
        })
        .collect();
    out.sort();
    Some(out)
}

fn fmt(name: &str, text: &str) -> String {
    format(&SourceFile::new(name, text)).unwrap_or_else(|e| panic!("{name}: {}", e.code()))
}

/// The words of every `//` comment outside strings, in order. Comments that
/// the layout moves to the end of one line read the same.
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("\"\"\"") {
            rest = r.find("\"\"\"").map_or("", |e| &r[e + 3..]);
        } else if c == '"' {
            let mut end = 1;
            let mut escaped = false;
            for (i, ch) in rest[1..].char_indices() {
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' || ch == '\n' {
                    end = i + 2;
                    break;
                }
            }
            rest = &rest[end.min(rest.len())..];
        } else if let Some(r) = rest.strip_prefix("//") {
            let line = r.split('\n').next().unwrap_or("");
            out.extend(
                line.split("//")
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty()),
            );
            rest = &r[line.len()..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn policy_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "policy") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new("examples"), &mut out);
    walk(Path::new("tests/corpus"), &mut out);
    walk(Path::new("tests/fixtures"), &mut out);
    out.sort();
    out
}

#[test]
fn messy_file_snapshot() {
    let bytes = std::fs::read("tests/fixtures/fmt/messy.policy").unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with('\u{FEFF}') && text.contains("\r\n"));
    let out = fmt("messy.policy", &text);
    insta::assert_snapshot!(out);
    assert!(meaning("messy.policy", &text).is_some());
    assert_layout("messy.policy", &text, &out);
    for line in out.lines() {
        assert!(!line.ends_with([' ', '\t']), "trailing space: {line:?}");
    }
}

#[test]
fn every_example_and_fixture_is_stable_and_keeps_its_meaning() {
    let mut checked = 0;
    for path in policy_files() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        let src = SourceFile::new(&name, text.as_str());
        let Ok(once) = format(&src) else { continue };
        assert_layout(&name, &text, &once);
        checked += 1;
    }
    assert!(checked > 100, "only {checked} files checked");
}

#[test]
fn examples_and_corpus_transcriptions_are_formatted() {
    let shipped = |p: &&PathBuf| p.starts_with("examples") || p.starts_with("tests/corpus");
    for path in policy_files().iter().filter(shipped) {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            fmt(&path.display().to_string(), &text),
            text,
            "run `policyc fmt {}`",
            path.display()
        );
    }
}

#[test]
fn check_mode_lists_unformatted_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.policy");
    let tidy = dir.path().join("tidy.policy");
    let original = std::fs::read("tests/fixtures/fmt/messy.policy").unwrap();
    std::fs::write(&messy, &original).unwrap();
    std::fs::copy("examples/minimal.policy", &tidy).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_policyc"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["fmt", "--check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        messy.display().to_string()
    );
    assert_eq!(std::fs::read(&messy).unwrap(), original);
    let out = run(&["fmt", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["fmt", "--check", dir.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "temporary files left behind");
    // a file with a syntax error: exit 2, untouched
    let broken = dir.path().join("broken.policy");
    std::fs::write(&broken, "policy \"x\" {\n").unwrap();
    let out = run(&["fmt", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "policy \"x\" {\n"
    );
}

fn policyc(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn stdin_is_formatted_to_stdout_and_checked() {
    let messy = b"policy   \"x\" {updated 2021-09-15}";
    let tidy = "policy \"x\" {\n  updated 2021-09-15\n}\n";
    let out = policyc(&["fmt", "-"], messy);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), tidy);
    // already formatted: the same text back
    let out = policyc(&["fmt", "-"], tidy.as_bytes());
    assert_eq!(String::from_utf8_lossy(&out.stdout), tidy);
    // --check prints only the name, never the text
    let out = policyc(&["fmt", "--check", "-"], messy);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "<stdin>\n");
    let out = policyc(&["fmt", "--check", "-"], tidy.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    // a syntax error: exit 2, located, nothing on stdout
    let out = policyc(&["fmt", "-"], b"policy \"x\" {\n  updated\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:"), "{err}");
    // no path at all is a usage error, not "format the current directory"
    let out = policyc(&["fmt"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    use std::io::{Read, Write};
    let mut text = String::from("policy \"x\" {}\n");
    for i in 0..20_000 {
        text.push_str(&format!("section s{i}   \"节\" {{ text \"内容\" }}\n"));
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_policyc"))
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `| head -c 16`
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(&first, b"policy \"x\" {}\n\ns");
}

#[cfg(unix)]
#[test]
fn rewriting_keeps_links_and_permissions_and_refuses_read_only_files() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let messy = "policy   \"x\" {}\n";
    let real = dir.path().join("real.policy");
    std::fs::write(&real, messy).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.policy");
    symlink(&real, &link).unwrap();
    let out = policyc(&["fmt", link.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "policy \"x\" {}\n");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);

    // a read-only file is reported (exit 2) and left alone; the other file
    // on the command line is still formatted
    let ro = dir.path().join("ro.policy");
    std::fs::write(&ro, messy).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let other = dir.path().join("other.policy");
    std::fs::write(&other, messy).unwrap();
    let out = policyc(&["fmt", ro.to_str().unwrap(), other.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ro.policy") && err.contains("read-only"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), messy);
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        "policy \"x\" {}\n"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

// ---------------------------------------------------------------------------
// Generated policies
// ---------------------------------------------------------------------------

/// What may stand between two tokens: spaces, tabs, line ends (LF and CRLF),
/// the ideographic space, blank lines, comments at the end of a line and on
/// lines of their own.
fn sep() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just(" "),
        1 => Just("  "),
        1 => Just("\t"),
        2 => Just("\n"),
        1 => Just("\r\n"),
        1 => Just("\n\n\n"),
        1 => Just("\u{3000}"),
        1 => Just(" // 注释  \n"),
        1 => Just("// 紧贴\r\n"),
        1 => Just("\n  // 独行注释\n\n"),
        1 => Just("\r\n\r\n\t// a // b\r\n"),
        // lone CR line ends (issue #12, item 10)
        1 => Just("\r"),
        1 => Just(" // 注释\r"),
    ]
}

/// Tokens that begin a line in the layout: where a suppression is written.
const LINE_STARTS: &[&str] = &[
    "data",
    "function",
    "recipient",
    "section",
    "kind",
    "basis",
    "collects",
    "if-refused",
    "background",
    "role",
    "purpose",
    "text",
    "sensitive",
    "language",
    "}",
];

/// Sometimes a `// policyc: allow` suppression, at the end of the line
/// before a line start or on a line of its own before it (issue #12, item
/// 6: fmt must not change which findings they suppress).
fn suppression() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        8 => Just(None),
        1 => Just(Some(" // policyc: allow T001 because named in the annex\n")),
        1 => Just(Some("\n// policyc: allow C001, I005 because the form says so\n")),
        1 => Just(Some(" // policyc: allow Z001 because kept for the next release\r\n")),
        1 => Just(Some("\n\n  // policyc: allow I001 because declared for the SDK list\n")),
    ]
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z 中文隐私政策，。、“”（）]{0,12}".prop_map(|s| format!("\"{s}\"")),
        Just("\"转义 \\\" \\\\ \\n \\t \\u{4E2D} // 不是注释 { }\"".to_string()),
        Just("\"\"\"\n    多行  \n      文本\t\n  \"\"\"".to_string()),
        Just("\"\"\"\r\n  甲\r\n\r\n  乙 \r\n\"\"\"".to_string()),
        Just("\"\"\"一行 // 不是注释\"\"\"".to_string()),
        Just("\"\"\"   \n  首行空白\n\"\"\"".to_string()),
    ]
}

/// `"…"` or `"…" en "…"`, as tokens.
fn text() -> impl Strategy<Value = Vec<String>> {
    (string(), proptest::option::of(string())).prop_map(|(s, en)| match en {
        Some(e) => vec![s, "en".into(), e],
        None => vec![s],
    })
}

fn words(w: &str) -> Vec<String> {
    w.split(' ').map(str::to_string).collect()
}

/// Field `k` of a `function`, as tokens.
fn function_field(k: usize) -> BoxedStrategy<Vec<String>> {
    match k {
        0 => text()
            .prop_map(|t| [vec!["purpose".into()], t].concat())
            .boxed(),
        1 => text()
            .prop_map(|t| [vec!["text".into()], t].concat())
            .boxed(),
        2 => Just(words("kind basic")).boxed(),
        3 => Just(words("basis consent , legal-duty")).boxed(),
        4 => Just(words("collects required phone , face")).boxed(),
        5 => Just(words("collects optional biometric.face , name")).boxed(),
        6 => string()
            .prop_map(|s| vec!["if-refused".into(), "blocks-function".into(), s])
            .boxed(),
        _ => Just(words("background no")).boxed(),
    }
}

/// Some fields of a `function`, each at most once, in any order.
fn function_fields() -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::sample::subsequence((0..8).collect::<Vec<usize>>(), 0..=8)
        .prop_shuffle()
        .prop_flat_map(|ks| ks.into_iter().map(function_field).collect::<Vec<_>>())
}

/// One declaration, as tokens; `i` makes its id unique.
fn decl(i: usize) -> impl Strategy<Value = Vec<String>> {
    let id = format!("d{i}");
    prop_oneof![
        string().prop_map({
            let id = id.clone();
            move |s| vec!["data".into(), id.clone(), "=".into(), "phone".into(), s]
        }),
        string().prop_map({
            let id = id.clone();
            move |s| {
                let mut t = vec!["data".into(), id.clone(), "=".into(), "id-number".into(), s];
                t.extend(words("{ sensitive yes }"));
                t
            }
        }),
        (text(), function_fields()).prop_map({
            let id = id.clone();
            move |(title, fields)| {
                let mut t = vec!["function".into(), id.clone()];
                t.extend(title);
                t.push("{".into());
                t.extend(fields.into_iter().flatten());
                t.push("}".into());
                t
            }
        }),
        proptest::collection::vec(text(), 0..3).prop_map({
            let id = id.clone();
            move |texts| {
                let mut t = vec!["section".into(), id.clone(), "\"节\"".into(), "{".into()];
                for x in texts {
                    t.push("text".into());
                    t.extend(x);
                }
                t.push("}".into());
                t
            }
        }),
        text().prop_map(move |purpose| {
            let mut t = vec![
                "recipient".into(),
                id.clone(),
                "\"接收方\"".into(),
                "{".into(),
            ];
            t.extend(words("role entrusted purpose"));
            t.extend(purpose);
            t.extend(words("data name , phone }"));
            t
        }),
    ]
}

/// A policy header and up to six declarations, every token separated by a
/// random separator; sometimes a byte-order mark in front.
fn policy() -> impl Strategy<Value = String> {
    (0usize..7, any::<bool>())
        .prop_flat_map(|(n, bom)| {
            let decls: Vec<_> = (0..n).map(decl).collect();
            (
                text(),
                decls,
                proptest::collection::vec(sep(), 400),
                proptest::collection::vec(suppression(), 400),
                Just(bom),
            )
        })
        .prop_map(|(title, decls, seps, sups, bom)| {
            let mut tokens = vec!["policy".to_string()];
            tokens.extend(title);
            tokens.extend(words("{ updated 2021-09-15 language zh-CN , en }"));
            tokens.extend(decls.into_iter().flatten());
            let mut s = String::from(if bom { "\u{FEFF}" } else { "" });
            for (n, t) in tokens.iter().enumerate() {
                if n > 0 {
                    let sup = sups.get(n % sups.len()).copied().flatten();
                    match sup {
                        Some(sup) if LINE_STARTS.contains(&t.as_str()) => s.push_str(sup),
                        _ => s.push_str(seps.get(n % seps.len()).copied().unwrap_or(" ")),
                    }
                }
                s.push_str(t);
            }
            s.push_str(seps.first().copied().unwrap_or(""));
            s
        })
}

/// Every token outside comments, in order; triple-quoted strings with their
/// line ends made plain (`\r` and trailing spaces dropped), as the layout
/// does where the value cannot change.
fn code_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("\"\"\"") {
            let end = r.find("\"\"\"").map_or(r.len(), |e| e + 3);
            let lines: Vec<&str> = r[..end].split('\n').collect();
            out.push(
                lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        if i + 1 < lines.len() && i > 0 {
                            l.trim_end_matches([' ', '\t', '\r'])
                        } else if i == 0 && *l == "\r" {
                            ""
                        } else {
                            l
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            rest = &r[end..];
        } else if c == '"' {
            let mut end = rest.len();
            let mut escaped = false;
            for (i, ch) in rest[1..].char_indices() {
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' || ch == '\n' {
                    end = i + 2;
                    break;
                }
            }
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        } else if rest.starts_with("//") {
            rest = &rest[rest.find('\n').unwrap_or(rest.len())..];
        } else if c.is_whitespace() || c == '\u{FEFF}' {
            rest = &rest[c.len_utf8()..];
        } else if c.is_ascii_alphanumeric() {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
                .unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        } else {
            out.push(c.to_string());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// A lone CR made LF, as every stage reads it.
fn lone_cr_as_lf(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// What the layout promises for one input that parses.
fn assert_layout(name: &str, text: &str, once: &str) {
    let text = &lone_cr_as_lf(text);
    assert_eq!(fmt(name, once), once, "{name}: not idempotent");
    assert_eq!(
        code_tokens(text),
        code_tokens(once),
        "{name}: tokens changed"
    );
    assert_eq!(comments(text), comments(once), "{name}: comments changed");
    assert_eq!(
        meaning(name, text),
        meaning(name, once),
        "{name}: meaning changed"
    );
    // item 6 of issue #12: fmt never changes what `check` reports
    let (before, after) = (
        findings(name, text).unwrap_or_default(),
        findings(name, once).unwrap_or_default(),
    );
    let gone: Vec<_> = before.iter().filter(|f| !after.contains(f)).collect();
    let new: Vec<_> = after.iter().filter(|f| !before.contains(f)).collect();
    assert!(
        gone.is_empty() && new.is_empty() && before.len() == after.len(),
        "{name}: check's findings changed: gone {gone:?}, new {new:?}"
    );
    assert!(!once.contains('\r'), "{name}: a carriage return is left");
    assert!(!once.starts_with('\u{FEFF}'), "{name}: the BOM is left");
    assert!(
        once.is_empty() || (once.ends_with('\n') && !once.ends_with("\n\n")),
        "{name}: does not end with exactly one newline"
    );
    // two blank lines in a row, outside triple-quoted text
    let outside: String = once
        .split("\"\"\"")
        .step_by(2)
        .collect::<Vec<_>>()
        .join("\"\"\"");
    assert!(
        !outside.contains("\n\n\n"),
        "{name}: two blank lines in a row"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn generated_policies_format_stably(src in policy()) {
        // the generator writes valid policies only: anything else is a bug in it
        prop_assert!(meaning("gen.policy", &src).is_some(), "does not compile:\n{}", src);
        let once = fmt("gen.policy", &src);
        assert_layout("gen.policy", &src, &once);
        // no trailing space outside triple-quoted strings whose first line is blank
        if !src.contains("\"\"\"   \n") {
            for line in once.lines() {
                prop_assert!(!line.ends_with([' ', '\t']), "trailing space in {:?}", line);
            }
        }
    }
}
