//! The bundled examples and the corpus transcriptions (tests/corpus/) compile,
//! and their JSON export is pinned.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use policyc::model::Taxonomy;
use policyc::source::SourceFile;

fn compile(path: &std::path::Path) -> policyc::model::Model {
    let text = std::fs::read_to_string(path).unwrap();
    let src = SourceFile::new(path.display().to_string(), text);
    match policyc::compile(&src, Taxonomy::builtin().unwrap()) {
        Ok(m) => m,
        Err(errs) => {
            let shown: String = errs
                .iter()
                .map(|e| policyc::report::render(e, policyc::report::Style::plain()))
                .collect();
            panic!("{} does not compile:\n{shown}", path.display());
        }
    }
}

#[test]
fn every_example_compiles_and_its_export_is_pinned() {
    insta::glob!("../examples", "**/*.policy", |path| {
        let model = compile(path);
        insta::assert_json_snapshot!(model);
    });
}

/// Stability (issue #14): the examples as the last release shipped them
/// (tests/fixtures/compat/COMMIT/, copied from that commit's examples/)
/// still compile, with the same meaning: each export must stay the one that
/// release pinned (its snapshots were checked equal to that commit's
/// examples snapshots when they were added). A change of the language that
/// alters what an old file means fails here; it needs `policyc fmt` to
/// rewrite old files, not a new snapshot.
#[test]
fn released_examples_compile_with_the_same_meaning() {
    insta::glob!("fixtures/compat", "**/*.policy", |path| {
        let model = compile(path);
        insta::assert_json_snapshot!(model);
    });
}

/// The nine published policies of other sectors (tests/corpus/README.md):
/// a change to the language that breaks or changes one shows here.
#[test]
fn every_corpus_policy_compiles_and_its_export_is_pinned() {
    insta::glob!("corpus", "*.policy", |path| {
        let model = compile(path);
        insta::assert_json_snapshot!(model);
    });
}

#[test]
fn export_is_deterministic() {
    for entry in std::fs::read_dir("examples").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "policy") {
            let a = serde_json::to_string(&compile(&path)).unwrap();
            let b = serde_json::to_string(&compile(&path)).unwrap();
            assert_eq!(a, b, "{}", path.display());
        }
    }
}

/// Every field of the grammar (each `name_f = { kw_… ~ … }` rule of
/// grammar/policy.pest) has a row in the field reference of
/// docs/language.md, under its keyword: a field added without its
/// documentation fails here.
#[test]
fn every_grammar_field_has_a_row_in_the_field_reference() {
    let grammar = std::fs::read_to_string("grammar/policy.pest").unwrap();
    let doc = std::fs::read_to_string("docs/language.md").unwrap();
    let start = doc.find("## Field reference").expect("a field reference");
    let end = start + doc[start..].find("\n## ").expect("a section after it");
    let rows: std::collections::BTreeSet<&str> = doc[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    // `kw_name = @{ "word" ~ !idc }`: the keyword of each token rule.
    let keywords: std::collections::BTreeMap<&str, &str> = grammar
        .lines()
        .filter_map(|l| {
            let (name, rest) = l.split_once('=')?;
            let name = name.trim();
            let word = rest.trim().strip_prefix("@{")?.trim().strip_prefix('"')?;
            Some((name, word.split('"').next()?))
        })
        .filter(|(n, _)| n.starts_with("kw_"))
        .collect();
    let mut fields = 0;
    let mut missing = Vec::new();
    for line in grammar.lines() {
        let Some((name, rest)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim();
        let Some(body) = rest.trim().strip_prefix('{') else {
            continue;
        };
        let Some(kw) = body.split_whitespace().next() else {
            continue;
        };
        if !name.ends_with("_f") || !kw.starts_with("kw_") {
            continue;
        }
        let word = keywords
            .get(kw)
            .unwrap_or_else(|| panic!("{kw} is a token rule"));
        fields += 1;
        if !rows.contains(word) {
            missing.push(format!("{word} ({name})"));
        }
    }
    assert!(
        fields > 100,
        "only {fields} field rules found: the grammar's layout changed"
    );
    assert!(
        missing.is_empty(),
        "fields with no row in docs/language.md's field reference: {missing:?}"
    );
}

/// The language reference's examples are valid syntax.
#[test]
fn language_reference_examples_parse() {
    let doc = std::fs::read_to_string("docs/language.md").unwrap();
    let mut count = 0;
    for block in doc.split("```policy\n").skip(1) {
        let code = block.split("```").next().unwrap();
        let src = SourceFile::new("docs/language.md", code);
        if let Err(e) = policyc::syntax::parse(&src) {
            let shown =
                policyc::report::render(&e.to_diagnostic(&src), policyc::report::Style::plain());
            panic!("an example in docs/language.md does not parse:\n{code}\n{shown}");
        }
        count += 1;
    }
    assert!(
        count >= 15,
        "expected the reference to show every construct, found {count} examples"
    );
}
