//! Registry self-tests: the table of codes, the docs pages, the fixtures and
//! the data the rules need all agree. Each test lists everything that is
//! missing, not only the first problem.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use policyc::check::{self, docs, legal, registry, Config, Lexicon};
use policyc::source::SourceFile;

/// The 69 Phase-1 codes of RULES.md, so that this test works without the
/// shared docs next to the repository.
const PHASE1: &[&str] = &[
    "P001", "P002", "P003", "P004", "P005", "P006", "P007", "P008", "P009", "P010", //
    "C001", "C002", "C003", "C004", "C005", "C006", "C007", "C008", "C009", //
    "I001", "I002", "I003", "I004", "I005", "I006", "I007", "I008", "I009", //
    "S001", "S002", "S003", "S004", "S005", //
    "T001", "T002", "T003", "T004", "T005", "T006", "T007", "T008", "T009", "T010", "T011", "T012",
    "T013", //
    "R001", "R002", "R003", "R004", //
    "X001", "X002", "X003", //
    "U001", "U002", "U003", "U004", "U005", "U006", "U007", "U008", //
    "A001", "A002", "A003", //
    "K001", //
    "F001", "F002", "F003", "F004",
];

/// The checker's own codes (suppressions, TODO placeholders) and those of
/// `verify`.
const OWN: &[&str] = &[
    "Z001", "Z002", "Z003", "Z004", "V001", "V002", "V003", "V004", "V005", "V006", "V007", "V008",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn well_formed(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

fn fail_with(problems: &[String], what: &str) {
    assert!(
        problems.is_empty(),
        "{} {what}:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// The Phase-1 codes of RULES.md, when the file is there.
fn rules_md_codes() -> Option<Vec<String>> {
    let path = root().join("../shared/RULES.md");
    let text = std::fs::read_to_string(path).ok()?;
    let start = text.find("## Phase 1 rules")?;
    let section = &text[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let codes = section[..end]
        .lines()
        .filter_map(|l| l.split('|').nth(1).map(str::trim))
        .filter(|c| well_formed(c))
        .map(str::to_string)
        .collect();
    Some(codes)
}

#[test]
fn codes_are_unique_well_formed_and_sorted() {
    let all = registry::all();
    let codes: Vec<&str> = all.iter().map(|r| r.code).collect();
    let mut problems = Vec::new();
    for c in &codes {
        if !well_formed(c) {
            problems.push(format!("`{c}` is not a letter and three digits"));
        }
    }
    let mut seen = BTreeSet::new();
    for c in &codes {
        if !seen.insert(*c) {
            problems.push(format!("`{c}` is registered twice"));
        }
    }
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    if sorted != codes {
        problems.push("registry::all() is not sorted by code".into());
    }
    for r in &all {
        if r.name.is_empty()
            || r.name
                .chars()
                .any(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        {
            problems.push(format!("{}: name `{}` is not kebab-case", r.code, r.name));
        }
        if r.summary.trim().is_empty() {
            problems.push(format!("{}: empty summary", r.code));
        }
    }
    fail_with(&problems, "registry problem(s)");
}

#[test]
fn every_phase1_code_is_registered() {
    let registered: BTreeSet<&str> = registry::all().iter().map(|r| r.code).collect();
    let mut wanted: BTreeSet<String> = PHASE1.iter().map(|c| (*c).to_string()).collect();
    assert_eq!(wanted.len(), 69, "the hard-coded Phase-1 list has 69 codes");
    if let Some(md) = rules_md_codes() {
        let md: BTreeSet<String> = md.into_iter().collect();
        let extra: Vec<&String> = md.difference(&wanted).collect();
        assert!(
            extra.is_empty(),
            "RULES.md has Phase-1 codes this test does not list: {extra:?}"
        );
        wanted.extend(md);
    }
    wanted.extend(OWN.iter().map(|c| (*c).to_string()));
    let missing: Vec<String> = wanted
        .iter()
        .filter(|c| !registered.contains(c.as_str()))
        .cloned()
        .collect();
    fail_with(
        &missing
            .iter()
            .map(|c| format!("{c} is not registered"))
            .collect::<Vec<_>>(),
        "missing rule(s)",
    );
}

fn page_path(code: &str) -> PathBuf {
    root().join("docs/rules").join(format!("{code}.md"))
}

#[test]
fn every_rule_has_its_page_and_fixtures() {
    let mut problems = Vec::new();
    for r in registry::all() {
        let path = page_path(r.code);
        match std::fs::read_to_string(&path) {
            Err(_) => problems.push(format!("{}: no docs/rules/{}.md", r.code, r.code)),
            Ok(text) => {
                let first = text.lines().next().unwrap_or("");
                let want = format!("# {}: {}", r.code, r.name);
                if first != want {
                    problems.push(format!(
                        "{}: first line is `{first}`, expected `{want}`",
                        r.code
                    ));
                }
                if text != r.explanation {
                    problems.push(format!(
                        "{}: the rule's explanation is not docs/rules/{}.md",
                        r.code, r.code
                    ));
                }
                for needed in [
                    "\nSeverity: ",
                    "\nSources: ",
                    "## What it checks",
                    "## Why",
                    "## Failing example",
                    "## Passing example",
                ] {
                    if !text.contains(needed) {
                        problems.push(format!("{}: the page has no `{}`", r.code, needed.trim()));
                    }
                }
                let sev = format!("\nSeverity: {}", r.severity.as_str());
                if !text.contains(&sev) {
                    problems.push(format!(
                        "{}: the page's `Severity:` line does not start with `{}`",
                        r.code,
                        r.severity.as_str()
                    ));
                }
            }
        }
        // The `V` rules compare build files with a policy: their cases are
        // under tests/verify/CODE/ (tests/verify.rs).
        let dir = if r.code.starts_with('V') {
            root().join("tests/verify").join(r.code)
        } else {
            root().join("tests/fixtures/rules").join(r.code)
        };
        for f in ["fail.policy", "pass.policy"] {
            let p = dir.join(f);
            if !p.is_file() {
                problems.push(format!("{}: no {}", r.code, p.display()));
            }
        }
    }
    fail_with(&problems, "docs or fixture problem(s)");
}

#[test]
fn explain_prints_the_page_bytes() {
    let mut problems = Vec::new();
    for code in docs::all_codes() {
        let page = docs::page(&code);
        let file = std::fs::read_to_string(page_path(&code)).ok();
        if page.is_none() || page.map(str::to_string) != file {
            problems.push(format!(
                "{code}: `policyc explain {code}` differs from docs/rules/{code}.md"
            ));
        }
    }
    for (code, _) in docs::of_kind(docs::Kind::CompileError) {
        let first = std::fs::read_to_string(page_path(code)).unwrap_or_default();
        if !first.starts_with(&format!("# {code}: ")) {
            problems.push(format!(
                "{code}: the page does not start with `# {code}: <name>`"
            ));
        }
    }
    fail_with(&problems, "explain problem(s)");
}

/// Every page in docs/rules/ belongs to a code that exists: a rule of the
/// registry, a change class of the catalogue, or a compile error that the
/// syntax or model stage produces (checked below).
#[test]
fn every_page_is_of_a_known_code() {
    let mut problems = Vec::new();
    for code in docs::all_codes() {
        let known = match docs::Kind::of(&code) {
            docs::Kind::Rule => registry::lookup(&code).is_some(),
            docs::Kind::ChangeClass => policyc::diff::explanation(&code).is_some(),
            docs::Kind::CompileError => true,
        };
        if !known {
            problems.push(format!("docs/rules/{code}.md explains no code policyc has"));
        }
    }
    fail_with(&problems, "stray page(s)");
}

#[test]
fn every_compile_error_code_has_a_page() {
    // Every code the syntax and model stages can produce.
    let sources = ["src/syntax/error.rs", "src/model/error.rs"];
    let mut used = BTreeSet::new();
    for s in sources {
        let text = std::fs::read_to_string(root().join(s)).unwrap();
        for (i, _) in text.match_indices("\"E") {
            let code = &text[i + 1..(i + 5).min(text.len())];
            if well_formed(code) {
                used.insert(code.to_string());
            }
        }
    }
    let documented: BTreeSet<String> = docs::of_kind(docs::Kind::CompileError)
        .map(|(c, _)| c.to_string())
        .collect();
    let missing: Vec<String> = used
        .difference(&documented)
        .map(|c| format!("{c} has no page in docs/rules/"))
        .collect();
    fail_with(&missing, "undocumented compile error(s)");
    assert!(
        used.len() >= 17,
        "found only {} compile-error codes in the sources",
        used.len()
    );
}

#[test]
fn readme_lists_every_code() {
    let readme = std::fs::read_to_string(root().join("docs/rules/README.md")).unwrap_or_default();
    let mut codes: Vec<String> = registry::all().iter().map(|r| r.code.to_string()).collect();
    codes.extend(PHASE1.iter().map(|c| (*c).to_string()));
    codes.extend(docs::of_kind(docs::Kind::CompileError).map(|(c, _)| (*c).to_string()));
    codes.extend(docs::of_kind(docs::Kind::ChangeClass).map(|(c, _)| c.to_string()));
    codes.sort();
    codes.dedup();
    let missing: Vec<String> = codes
        .iter()
        .filter(|c| !readme.contains(&format!("[{c}]")))
        .map(|c| format!("{c} is not listed in docs/rules/README.md"))
        .collect();
    fail_with(&missing, "code(s) missing from the index");
}

#[test]
fn every_instrument_a_rule_cites_exists() {
    let mut problems = Vec::new();
    for r in registry::all() {
        for l in r.legal {
            if legal::instrument(l.instrument).is_none() {
                problems.push(format!(
                    "{}: instrument `{}` is not in data/instruments.yaml",
                    r.code, l.instrument
                ));
            }
            if l.article.is_empty() {
                problems.push(format!(
                    "{}: a reference to `{}` has no article or clause",
                    r.code, l.instrument
                ));
            }
        }
    }
    fail_with(&problems, "legal reference problem(s)");
}

/// The ```policy block under a `## …` heading of a page.
fn example(page: &str, heading: &str) -> Option<String> {
    let start = page.find(heading)?;
    let rest = &page[start + heading.len()..];
    let rest = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    let open = rest.find("```policy\n")?;
    let body = &rest[open + "```policy\n".len()..];
    let close = body.find("\n```")?;
    Some(body[..=close].to_string())
}

fn codes_of(name: &str, text: &str, config: &Config) -> Result<Vec<String>, Vec<String>> {
    let src = SourceFile::new(name, text);
    match policyc::compile(&src, config.taxonomy().unwrap()) {
        Err(errs) => Err(errs.iter().map(|e| e.code.to_string()).collect()),
        Ok(model) => Ok(check::run(&model, &src, config)
            .iter()
            .map(|f| f.rule.code.to_string())
            .collect()),
    }
}

#[test]
fn page_examples_behave() {
    let config = Config::default();
    let mut problems = Vec::new();
    // The `V` rules need build files besides the policy: tests/verify.rs
    // runs their cases.
    let mut pages: Vec<(String, &str)> = registry::all()
        .iter()
        .filter(|r| !r.code.starts_with('V'))
        .map(|r| (r.code.to_string(), r.explanation))
        .collect();
    pages.extend(docs::of_kind(docs::Kind::CompileError).map(|(c, p)| (c.to_string(), p)));
    for (code, page) in pages {
        let compile_error = code.starts_with('E');
        match example(page, "## Failing example") {
            None if matches!(code.as_str(), "E100" | "E199" | "E300") => {}
            // A retired code (E213) is reported no more: nothing fails with it.
            None if page.lines().any(|l| l.starts_with("Retired: ")) => {}
            None => problems.push(format!(
                "{code}: no ```policy block under `## Failing example`"
            )),
            Some(ex) => {
                if !ex.trim_start().starts_with("policy ") && !compile_error {
                    problems.push(format!(
                        "{code}: the failing example does not start with a `policy` header"
                    ));
                }
                match (
                    codes_of(&format!("{code}-failing"), &ex, &config),
                    compile_error,
                ) {
                    (Ok(found), false) if !found.contains(&code) => problems.push(format!(
                        "{code}: the failing example does not produce {code} (got {found:?})"
                    )),
                    (Err(errs), false) => problems.push(format!(
                        "{code}: the failing example does not compile ({errs:?})"
                    )),
                    (Err(errs), true) if !errs.contains(&code) => problems.push(format!(
                        "{code}: the failing example gives {errs:?}, not {code}"
                    )),
                    (Ok(_), true) => problems.push(format!("{code}: the failing example compiles")),
                    _ => {}
                }
            }
        }
        match example(page, "## Passing example") {
            None => problems.push(format!(
                "{code}: no ```policy block under `## Passing example`"
            )),
            Some(ex) => {
                if !ex.trim_start().starts_with("policy ") {
                    problems.push(format!(
                        "{code}: the passing example does not start with a `policy` header"
                    ));
                }
                match codes_of(&format!("{code}-passing"), &ex, &config) {
                    Err(errs) => problems.push(format!(
                        "{code}: the passing example does not compile ({errs:?})"
                    )),
                    Ok(found) if found.contains(&code) => {
                        problems.push(format!("{code}: the passing example produces {code}"))
                    }
                    Ok(_) => {}
                }
            }
        }
    }
    fail_with(&problems, "page example problem(s)");
}

#[test]
fn lexicon_topics_used_by_rules_exist() {
    let lexicon = Lexicon::builtin().unwrap();
    let topics: BTreeSet<&str> = lexicon.topics().collect();
    let mut problems = Vec::new();
    // Topics named literally in the rule sources.
    let dir = root().join("src/check/rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, _) in text.match_indices("terms(\"") {
            let rest = &text[i + "terms(\"".len()..];
            let topic = &rest[..rest.find('"').unwrap_or(0)];
            if !topics.contains(topic) {
                problems.push(format!(
                    "{}: topic `{topic}` is not in data/lexicon.yaml",
                    f.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    // Topics asked for at run time (also computed names): run every rule on
    // every fixture and example.
    let config = Config::default();
    for path in policy_files(&root().join("tests/fixtures/rules"))
        .into_iter()
        .chain(policy_files(&root().join("examples")))
    {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let _ = codes_of(&path.display().to_string(), &text, &config);
    }
    for t in Lexicon::missing_topics() {
        problems.push(format!(
            "a rule asked for topic `{t}`, which is not in data/lexicon.yaml"
        ));
    }
    problems.sort();
    problems.dedup();
    fail_with(&problems, "lexicon problem(s)");
}

fn policy_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(policy_files(&p));
        } else if p.extension().is_some_and(|e| e == "policy") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn instruments_data_loads() {
    let all = legal::instruments().unwrap();
    let mut codes: Vec<&str> = all.iter().map(|i| i.code.as_str()).collect();
    let n = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), n, "duplicate instrument codes");
}

/// A rule file holds rules (STYLE.md §9): what areas share lives in
/// `support.rs`, and no area names another area's module, in a `use` or in a
/// path. `support.rs` names no area either: it is the floor they stand on.
#[test]
fn no_rule_area_imports_another() {
    let dir = root().join("src/check/rules");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .filter(|(stem, _)| stem != "mod")
        .collect();
    files.sort();
    let areas: Vec<&str> = files
        .iter()
        .map(|(s, _)| s.as_str())
        .filter(|s| *s != "support")
        .collect();
    assert!(
        areas.len() >= 11,
        "rule areas not found in {}",
        dir.display()
    );
    let word = |text: &str, w: &str| {
        text.match_indices(w).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + w.len()..].chars().next();
            let edge = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            edge(before) && edge(after)
        })
    };
    let mut problems = Vec::new();
    for (stem, text) in &files {
        // Every `use` item, joined over its lines.
        let uses: Vec<String> = text
            .split(';')
            .filter_map(|s| s.trim_start().strip_prefix("use ").map(str::to_string))
            .filter(|u| u.contains("super") || u.contains("rules::"))
            .collect();
        for area in areas.iter().filter(|a| *a != stem) {
            if uses.iter().any(|u| word(u, area)) || text.contains(&format!("{area}::")) {
                problems.push(format!("{stem}.rs names the area `{area}`"));
            }
        }
    }
    fail_with(&problems, "rule files that reach into another area");
}

/// Every legal number of `data/thresholds.yaml` loads and cites an
/// instrument of `data/instruments.yaml`, with an article.
#[test]
fn every_threshold_cites_an_instrument() {
    let t = match check::Thresholds::builtin() {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let mut problems = Vec::new();
    for c in t.cites() {
        if legal::instrument(&c.instrument).is_none() {
            problems.push(format!(
                "instrument `{}` is not in data/instruments.yaml",
                c.instrument
            ));
        }
        if c.article.trim().is_empty() {
            problems.push(format!("a citation of `{}` has no article", c.instrument));
        }
    }
    assert!(!t.required_rights.is_empty(), "no required rights");
    fail_with(&problems, "threshold citation problem(s)");
}
