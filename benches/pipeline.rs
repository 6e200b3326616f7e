//! Benchmarks of each pipeline stage (divan): parse, resolve, check, render
//! md, render html, and diff, on the two seed examples and on generated
//! policies of 100 KB, 1 MB and 10 MB. Throughput is in bytes of policy
//! source per second.
//!
//! ```text
//! cargo bench --bench pipeline                 # everything
//! cargo bench --bench pipeline -- parse        # one stage
//! ```
//!
//! Each stage is timed alone: its input (the source, the syntax tree or the
//! model) is built once, outside the timed part. `diff` compares a policy
//! with a copy in which one purpose is reworded and one function is added.

#![allow(clippy::expect_used)]

#[path = "support/generator.rs"]
mod generator;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::Bencher;
use policyc::check::{self, Config};
use policyc::model::{self, Model, Taxonomy};
use policyc::render::{HtmlRenderer, Lang, MarkdownRenderer, RenderContext, Renderer};
use policyc::source::SourceFile;
use policyc::{diff, syntax};

fn main() {
    divan::main();
}

/// The inputs, by name.
const INPUTS: &[&str] = &["mengshang", "jinshang", "gen-100KB", "gen-1MB", "gen-10MB"];

/// One input, compiled.
struct Input {
    src: SourceFile,
    model: Model,
    /// The model of the slightly modified copy, for `diff`.
    changed: Model,
}

fn text_of(name: &str) -> String {
    match name {
        "mengshang" => include_str!("../examples/mengshang.policy").to_string(),
        "jinshang" => include_str!("../examples/jinshang.policy").to_string(),
        gen => {
            let size = gen
                .strip_prefix("gen-")
                .and_then(generator::parse_size)
                .expect("a generated size");
            generator::generate(size, 1)
        }
    }
}

/// A copy with one purpose reworded and one function added.
fn changed(text: &str) -> String {
    let mut t = text.replacen("purpose \"", "purpose \"并", 1);
    t.push_str(
        "\nfunction bench-added \"新增功能\" {\n  purpose \"新的处理目的\"\n  basis consent\n  collects required phone\n}\n",
    );
    t
}

fn tax() -> &'static Taxonomy {
    Taxonomy::builtin().expect("the built-in taxonomy")
}

fn compile(name: &str, text: String) -> (SourceFile, Model) {
    let src = SourceFile::new(name, text);
    match policyc::compile(&src, tax()) {
        Ok(m) => (src, m),
        Err(errors) => panic!("{name} does not compile: {} errors", errors.len()),
    }
}

fn input(name: &str) -> &'static Input {
    static ALL: OnceLock<BTreeMap<&'static str, Input>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        INPUTS
            .iter()
            .map(|&n| {
                let text = text_of(n);
                let (_, changed) = compile(n, changed(&text));
                let (src, model) = compile(n, text);
                (
                    n,
                    Input {
                        src,
                        model,
                        changed,
                    },
                )
            })
            .collect()
    });
    all.get(name).expect("a known input")
}

fn bytes(i: &Input) -> BytesCount {
    BytesCount::new(i.src.text().len())
}

#[divan::bench(args = INPUTS, sample_count = 20, sample_size = 1, max_time = 5)]
fn parse(b: Bencher, name: &str) {
    let i = input(name);
    b.counter(bytes(i))
        .bench(|| syntax::parse(divan::black_box(&i.src)).expect("parses"));
}

#[divan::bench(args = INPUTS, sample_count = 20, sample_size = 1, max_time = 5)]
fn resolve(b: Bencher, name: &str) {
    let i = input(name);
    let doc = syntax::parse(&i.src).expect("parses");
    // resolve consumes the tree: each sample gets its own copy, made
    // outside the timed part.
    b.counter(bytes(i))
        .with_inputs(|| doc.clone())
        .bench_values(|doc| model::resolve(doc, tax()).expect("resolves"));
}

#[divan::bench(args = INPUTS, sample_count = 20, sample_size = 1, max_time = 5)]
fn check(b: Bencher, name: &str) {
    let i = input(name);
    let config = Config::default();
    b.counter(bytes(i))
        .bench(|| check::run(divan::black_box(&i.model), &i.src, &config));
}

fn render(b: Bencher, name: &str, r: &(dyn Renderer + Sync)) {
    let i = input(name);
    let ctx = RenderContext {
        model: &i.model,
        taxonomy: tax(),
        lang: Lang::Zh,
    };
    b.counter(bytes(i))
        .bench(|| r.render(divan::black_box(&ctx)).expect("renders"));
}

#[divan::bench(args = INPUTS, sample_count = 20, sample_size = 1, max_time = 5)]
fn render_md(b: Bencher, name: &str) {
    render(b, name, &MarkdownRenderer);
}

#[divan::bench(args = INPUTS, sample_count = 20, sample_size = 1, max_time = 5)]
fn render_html(b: Bencher, name: &str) {
    render(b, name, &HtmlRenderer);
}

#[divan::bench(args = INPUTS, sample_count = 20, sample_size = 1, max_time = 5)]
fn diff(b: Bencher, name: &str) {
    let i = input(name);
    b.counter(bytes(i))
        .bench(|| diff::compare(divan::black_box(&i.model), &i.changed));
}
