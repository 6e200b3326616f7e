//! Name resolution and typing: `ast::Document` to [`Model`].
//!
//! The resolver reports every error of a file, not just the first: it keeps
//! going with what it can build and returns all errors together.
//!
//! This file holds the `Resolver`, its run over the document and the
//! symbol table of declared ids; `decls` builds each declaration, `data` the
//! data categories and taxonomy lookups, and `values` the field values
//! (texts, words, durations, dates, references, channels).

mod data;
mod decls;
mod values;

use std::collections::BTreeMap;

use super::error::ResolveError;
use super::policy::*;
use super::taxonomy::Taxonomy;
use super::words::{DocumentRelation, Platform};
use crate::source::Span;
use crate::syntax::ast::{self, Decl, DeclKind, Field, FieldName};

/// Resolve a parsed document. `Err` holds every error, sorted by position.
///
/// The document is taken by value: each declaration is dropped as soon as
/// it is resolved, so the syntax tree and the model are not both whole in
/// memory at once.
pub fn resolve(doc: ast::Document, tax: &Taxonomy) -> Result<Model, Vec<ResolveError>> {
    let mut r = Resolver {
        tax,
        errors: Vec::new(),
        symbols: BTreeMap::new(),
        data: Vec::new(),
        data_index: BTreeMap::new(),
    };
    let model = r.run(doc);
    if r.errors.is_empty() {
        Ok(model)
    } else {
        let mut errors = r.errors;
        errors.sort_by_key(|e| (e.span(), e.code()));
        errors.dedup();
        Err(errors)
    }
}

struct Resolver<'t> {
    tax: &'t Taxonomy,
    errors: Vec<ResolveError>,
    /// Every declared id: its kind and the span of the id.
    symbols: BTreeMap<String, (DeclKind, Span)>,
    data: Vec<DataCategory>,
    data_index: BTreeMap<String, usize>,
}

/// The fields of one declaration, grouped by name.
struct Fields<'d> {
    map: BTreeMap<FieldName, Vec<&'d Field>>,
}

impl<'d> Fields<'d> {
    fn one(&self, name: FieldName) -> Option<&'d Field> {
        self.map.get(&name).and_then(|v| v.first().copied())
    }

    fn all(&self, name: FieldName) -> impl Iterator<Item = &'d Field> + '_ {
        self.map.get(&name).into_iter().flatten().copied()
    }
}

impl<'t> Resolver<'t> {
    fn run(&mut self, doc: ast::Document) -> Model {
        self.declare(&doc);
        let first_keyword = doc.decls.first().map_or(Span::at(0), |d| d.keyword);
        let mut model = Model::default();
        // Data categories first, so that references anywhere resolve.
        let (data, rest): (Vec<Decl>, Vec<Decl>) = doc
            .decls
            .into_iter()
            .partition(|d| d.kind == DeclKind::Data);
        // The model's lists sized from the start: no growth, no slack.
        self.data.reserve_exact(data.len());
        let count = |kind| rest.iter().filter(|d| d.kind == kind).count();
        model.permissions.reserve_exact(count(DeclKind::Permission));
        model.functions.reserve_exact(count(DeclKind::Function));
        model.recipients.reserve_exact(count(DeclKind::Recipient));
        model.sdks.reserve_exact(count(DeclKind::Sdk));
        model.retention.reserve_exact(count(DeclKind::Retention));
        model.rights.reserve_exact(count(DeclKind::Right));
        for decl in &data {
            self.data_decl(decl);
        }
        // Umbrella categories name others, declared before or after them.
        for decl in &data {
            self.data_includes(decl);
        }
        let mut header_seen = false;
        for decl in rest {
            let decl = &decl;
            let f = self.fields(decl);
            header_seen |= decl.kind == DeclKind::Policy;
            self.decl(&mut model, decl, &f);
        }
        if !header_seen {
            self.errors.push(ResolveError::MissingHeader {
                span: first_keyword,
            });
        }
        apply_defaults(&mut model);
        apply_ways(&mut model);
        self.check_scopes(&model);
        self.check_document_relations(&model);
        self.check_ways(&model);
        model.data = std::mem::take(&mut self.data);
        // categories used without a declaration were added after the
        // declared ones
        model.data.shrink_to_fit();
        model.index();
        model
    }

    /// A document cannot both prevail over the policy and rank below it
    /// (E216).
    fn check_document_relations(&mut self, model: &Model) {
        for d in &model.documents {
            let find = |r: DocumentRelation| d.relations.iter().find(|x| x.value == r);
            if let (Some(over), Some(under)) = (
                find(DocumentRelation::Overrides),
                find(DocumentRelation::Subordinate),
            ) {
                self.errors.push(ResolveError::ContradictoryRelation {
                    document: d.id.clone(),
                    overrides: over.span,
                    subordinate: under.span,
                });
            }
        }
    }

    /// `way-of` names another function that is not itself a way (E211): a
    /// way of a way, or of itself, says nothing the text does.
    fn check_ways(&mut self, model: &Model) {
        for f in &model.functions {
            let Some(w) = &f.way_of else { continue };
            let parent = model.functions.iter().find(|g| g.id == w.id);
            if w.id == f.id || parent.is_some_and(|g| g.way_of.is_some()) {
                self.errors.push(ResolveError::InvalidValue {
                    what: "way-of",
                    text: w.id.clone(),
                    span: w.span,
                    help: "name the function this one is a way of, which is not itself a way of another",
                });
            }
        }
    }

    /// Every `scope` platform must be one the header lists (E214).
    fn check_scopes(&mut self, model: &Model) {
        let listed: Vec<Platform> = model.header.platforms.iter().map(|p| p.value).collect();
        let scopes = model
            .functions
            .iter()
            .flat_map(|x| &x.scope)
            .chain(model.permissions.iter().flat_map(|x| &x.scope))
            .chain(model.sdks.iter().flat_map(|x| &x.scope))
            .chain(model.rights.iter().flat_map(|x| &x.scope))
            .chain(model.cookies.iter().flat_map(|x| &x.scope))
            .chain(model.recommendations.iter().flat_map(|x| &x.scope))
            .chain(model.documents.iter().flat_map(|x| &x.scope))
            .chain(model.processing.iter().flat_map(|x| &x.scope));
        for s in scopes {
            if !listed.contains(&s.value) {
                self.errors.push(ResolveError::ScopeOutsidePlatforms {
                    platform: s.value.word(),
                    span: s.span,
                    listed: listed.iter().map(|p| p.word()).collect(),
                    header: model.header.head,
                });
            }
        }
    }

    /// Record every id and singleton; report duplicates.
    fn declare(&mut self, doc: &ast::Document) {
        let mut singletons: BTreeMap<DeclKind, Span> = BTreeMap::new();
        for decl in &doc.decls {
            let with_id = decl.kind.singleton_unless_id() && decl.id.is_some();
            if decl.kind.is_singleton() && !with_id {
                if let Some(first) = singletons.get(&decl.kind) {
                    self.errors.push(ResolveError::Duplicate {
                        what: decl.kind.noun(),
                        name: None,
                        first: *first,
                        second: decl.keyword,
                    });
                } else {
                    singletons.insert(decl.kind, decl.keyword);
                }
                continue;
            }
            let Some(id) = &decl.id else { continue };
            if let Some((_, first)) = self.symbols.get(&id.name) {
                self.errors.push(ResolveError::Duplicate {
                    what: decl.kind.noun(),
                    name: Some(id.name.clone()),
                    first: *first,
                    second: id.span,
                });
            } else {
                self.symbols.insert(id.name.clone(), (decl.kind, id.span));
            }
        }
    }

    /// Group fields by name; report single-valued fields given twice.
    fn fields<'d>(&mut self, decl: &'d Decl) -> Fields<'d> {
        self.fields_of(&decl.fields, decl.kind.noun())
    }

    /// Group fields by name (of a declaration, or of a `collects` body);
    /// report single-valued fields given twice.
    fn fields_of<'d>(&mut self, fields: &'d [Field], noun: &'static str) -> Fields<'d> {
        let mut map: BTreeMap<FieldName, Vec<&'d Field>> = BTreeMap::new();
        for field in fields {
            let entry = map.entry(field.name).or_default();
            // A function may name several methods (server logs and local storage).
            let repeatable = field.name.repeatable()
                || (field.name == FieldName::Method && noun == DeclKind::Function.noun());
            if let (false, Some(first)) = (repeatable, entry.first()) {
                self.errors.push(ResolveError::DuplicateField {
                    field: field.name.keyword(),
                    decl: noun,
                    first: first.span,
                    second: field.span,
                });
                continue;
            }
            entry.push(field);
        }
        Fields { map }
    }
}

/// A declaration's first line: its keyword, joined with its title when it
/// has one. Findings about a whole declaration point here, so that the label
/// does not cover the whole body.
fn head_of(decl: &Decl) -> Span {
    match &decl.title {
        Some(t) if t.span.start >= decl.span.start && t.span.end <= decl.span.end => {
            decl.keyword.join(t.span)
        }
        _ => decl.keyword,
    }
}

fn id_of(decl: &Decl) -> String {
    decl.id.as_ref().map(|i| i.name.clone()).unwrap_or_default()
}

/// A way of a function (`way-of login`) is that function done one way: what
/// the way does not state of its own — purposes, legal bases, consent, what
/// refusing costs, basic or extended — is the function's.
fn apply_ways(model: &mut Model) {
    let parents: Vec<Option<Function>> = model
        .functions
        .iter()
        .map(|f| {
            let w = f.way_of.as_ref()?;
            model
                .functions
                .iter()
                .find(|g| g.id == w.id && g.way_of.is_none())
                .cloned()
        })
        .collect();
    for (f, parent) in model.functions.iter_mut().zip(parents) {
        let Some(p) = parent else { continue };
        if f.purposes.is_empty() {
            f.purposes = p.purposes;
            // The purposes come with the bases the text gives each.
            f.purpose_bases = p.purpose_bases;
        }
        if f.bases.is_empty() {
            f.bases = p.bases;
        }
        if f.consent.is_none() {
            f.consent = p.consent;
            f.consent_wording = p.consent_wording;
        }
        if f.refusal.is_none() {
            f.refusal = p.refusal;
        }
        if f.kind.is_none() {
            f.kind = p.kind;
        }
    }
}

/// Give the facts of `defaults right` and `defaults recipient` to each right
/// or recipient that states none of its own (its own field prevails, and a
/// field it marks `unstated` stays unstated; conditions add to its own), and
/// note which it inherited.
fn apply_defaults(model: &mut Model) {
    use super::words::{DefaultsFor, Unstated};
    fn says_unstated(u: Option<&UnstatedStmt>, what: Unstated) -> bool {
        u.is_some_and(|u| u.items.iter().any(|i| i.value == what))
    }
    for d in &model.defaults {
        match d.target.value {
            DefaultsFor::Right => {
                let holds = |id: &str| d.rights.is_empty() || d.rights.iter().any(|x| x.id == id);
                for r in model.rights.iter_mut().filter(|r| holds(&r.id)) {
                    let unstated = r.unstated.as_ref();
                    if !d.channels.is_empty()
                        && r.channels.is_empty()
                        && r.paths.is_empty()
                        && r.refers_to.is_none()
                        && !says_unstated(unstated, Unstated::Channel)
                    {
                        r.channels.clone_from(&d.channels);
                        r.inherited.push("channel");
                    }
                    if d.response.is_some()
                        && r.response.is_none()
                        && !says_unstated(unstated, Unstated::Response)
                    {
                        r.response.clone_from(&d.response);
                        r.inherited.push("response");
                        if r.response_from.is_none() && d.response_from.is_some() {
                            r.response_from.clone_from(&d.response_from);
                            r.inherited.push("response-from");
                        }
                    }
                    if d.fee.is_some() && r.fee.is_none() {
                        r.fee.clone_from(&d.fee);
                        r.inherited.push("fee");
                    }
                    // Conditions add up: a right's own do not lift the general ones.
                    let before = r.conditions.len();
                    for c in &d.conditions {
                        if !r.conditions.iter().any(|x| x.text == c.text) {
                            r.conditions.push(c.clone());
                        }
                    }
                    if r.conditions.len() > before {
                        r.inherited.push("condition");
                    }
                }
            }
            DefaultsFor::Recipient => {
                let holds =
                    |id: &str| d.applies_to.is_empty() || d.applies_to.iter().any(|x| x.id == id);
                for r in model.recipients.iter_mut().filter(|r| holds(&r.id)) {
                    if d.contract.is_some() && r.contract.is_none() {
                        r.contract.clone_from(&d.contract);
                        r.inherited.push("contract");
                    }
                    if d.refusal.is_some() && r.refusal.is_none() {
                        r.refusal.clone_from(&d.refusal);
                        r.inherited.push("if-refused");
                    }
                }
            }
        }
    }
}
