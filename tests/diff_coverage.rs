//! The differ sees every field: for every field of every declaration in the
//! examples and the coverage fixtures, deleting that one field — and, for
//! fields holding text, editing its wording — makes `diff` report a change.
//! The fields are found by parsing the files, and a check against the
//! grammar makes sure every field keyword of the language occurs in them, so
//! a field added later without diff support fails here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use policyc::model::{Model, Node, Taxonomy};
use policyc::source::SourceFile;
use policyc::syntax::ast::{Decl, DeclKind, Value};

const FILES: &[&str] = &[
    "examples/mengshang.policy",
    "examples/jinshang.policy",
    "examples/minimal.policy",
    "tests/fixtures/render/full.policy",
    "tests/fixtures/coverage/rare-fields.policy",
];

fn compile(name: &str, text: &str) -> Result<Model, String> {
    let src = SourceFile::new(name, text);
    policyc::compile(&src, Taxonomy::builtin().unwrap()).map_err(|errs| {
        errs.iter()
            .map(|e| policyc::report::render(e, policyc::report::Style::plain()))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// One edit of the source: replace `range` with `with`.
struct Mutation {
    what: String,
    start: usize,
    end: usize,
    with: String,
}

/// The first quoted string inside `start..end`: its content's start offset.
fn first_string_body(text: &str, start: usize, end: usize) -> Option<usize> {
    let slice = text.get(start..end)?;
    let q = slice.find('"')?;
    let body = start + q + 1;
    // a text block opens with three quotes
    Some(if text.get(body..body + 2) == Some("\"\"") {
        body + 2
    } else {
        body
    })
}

/// Every edit of a declaration: its title, and each field deleted, flipped or
/// reworded. `kinds` keeps the first two of each (declaration kind, field,
/// edit), so that the test stays quick while seeing every combination the
/// files have.
fn mutations(
    text: &str,
    decl: &Decl,
    kinds: &mut std::collections::BTreeMap<(String, String), usize>,
) -> Vec<Mutation> {
    let who = format!(
        "{} {}",
        decl.kind.keyword(),
        decl.id.as_ref().map_or("", |i| i.name.as_str())
    );
    let mut out = Vec::new();
    // The whole declaration removed (a data category is reported through
    // what collects it, and one that nothing uses processes nothing).
    if decl.kind != DeclKind::Data {
        out.push(Mutation {
            what: format!("{who}: declaration deleted"),
            start: decl.span.start as usize,
            end: decl.span.end as usize,
            with: String::new(),
        });
    }
    if let Some(t) = &decl.title {
        let at = first_string_body(text, t.span.start as usize, t.span.end as usize).unwrap();
        out.push(Mutation {
            what: format!("{who}: title edited"),
            start: at,
            end: at,
            with: "改".into(),
        });
    }
    // The fields of a `collects` body are fields too (counted apart).
    let nested = decl.fields.iter().flat_map(|f| match &f.value {
        Value::Collects { body, .. } => body.as_slice(),
        _ => &[],
    });
    let fields = decl
        .fields
        .iter()
        .map(|f| (f, f.name.keyword().to_string()))
        .chain(nested.map(|f| (f, format!("collects {{ {} }}", f.name.keyword()))));
    for (f, kw) in fields {
        out.push(Mutation {
            what: format!("{who}: `{kw}` deleted"),
            start: f.span.start as usize,
            end: f.span.end as usize,
            with: String::new(),
        });
        let (vs, ve) = (f.name_span.end as usize, f.span.end as usize);
        match &f.value {
            Value::Flag { value, span, .. } => out.push(Mutation {
                what: format!("{who}: `{kw}` flipped"),
                start: span.start as usize,
                end: span.end as usize,
                with: if *value { "no" } else { "yes" }.into(),
            }),
            _ => {
                if let Some(at) = first_string_body(text, vs, ve) {
                    out.push(Mutation {
                        what: format!("{who}: `{kw}` wording edited"),
                        start: at,
                        end: at,
                        with: "改".into(),
                    });
                }
            }
        }
    }
    out.retain(|m| {
        let edit = m.what.rsplit(' ').next().unwrap_or_default().to_string();
        let field = m
            .what
            .split('`')
            .nth(1)
            .unwrap_or(if m.what.ends_with("declaration deleted") {
                "declaration"
            } else {
                "title"
            })
            .to_string();
        let n = kinds
            .entry((format!("{} {field}", decl.kind.keyword()), edit))
            .or_default();
        *n += 1;
        *n <= 2
    });
    out
}

/// The field keywords of the grammar: the `kw_*` rule that starts each
/// `*_f` rule, spelled as the grammar spells it.
fn grammar_field_keywords() -> BTreeSet<String> {
    let g = std::fs::read_to_string("grammar/policy.pest").unwrap();
    let spelled = |kw: &str| -> String {
        let line = g
            .lines()
            .find(|l| l.split_whitespace().next() == Some(kw))
            .unwrap_or_else(|| panic!("no rule {kw}"));
        line.split('"').nth(1).unwrap().to_string()
    };
    g.lines()
        .filter_map(|l| {
            let (name, rest) = l.split_once(" = ")?;
            if !name.trim().ends_with("_f") {
                return None;
            }
            let kw = rest.split_whitespace().find(|w| w.starts_with("kw_"))?;
            Some(spelled(kw))
        })
        .collect()
}

#[test]
fn deleting_or_editing_any_field_is_a_change() {
    let mut seen = BTreeSet::new();
    let mut missed = Vec::new();
    let mut tried = 0usize;
    let mut kinds = std::collections::BTreeMap::new();
    for file in FILES {
        let text = std::fs::read_to_string(file).unwrap();
        let src = SourceFile::new(*file, text.as_str());
        let doc = policyc::syntax::parse(&src).unwrap();
        let old = compile(file, &text).unwrap();
        for decl in &doc.decls {
            for f in &decl.fields {
                seen.insert(f.name.keyword().to_string());
                // a field only a `collects` body takes (`use`) counts too
                if let Value::Collects { body, .. } = &f.value {
                    seen.extend(body.iter().map(|b| b.name.keyword().to_string()));
                }
            }
            for m in mutations(&text, decl, &mut kinds) {
                let mut changed = text.clone();
                changed.replace_range(m.start..m.end, &m.with);
                let new = match compile(file, &changed) {
                    Ok(new) => new,
                    // a required part of the language (the header's title,
                    // say) cannot be deleted: not a diff question
                    Err(_) => continue,
                };
                tried += 1;
                // an edit that changes nothing the policy says (a `third-party
                // yes` the taxonomy implies anyway) is rightly no change
                if !old.same(&new) && policyc::diff::compare(&old, &new).is_empty() {
                    missed.push(format!("{file}: {}", m.what));
                }
            }
        }
    }
    assert!(tried > 300, "only {tried} mutations compiled");
    assert!(
        missed.is_empty(),
        "diff reports no change for:\n{}",
        missed.join("\n")
    );
    let unseen: Vec<String> = grammar_field_keywords()
        .difference(&seen)
        .cloned()
        .collect();
    assert!(
        unseen.is_empty(),
        "fields of the grammar that no coverage file uses (add them to tests/fixtures/coverage/rare-fields.policy): {unseen:?}"
    );
}
