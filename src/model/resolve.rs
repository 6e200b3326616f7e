//! Name resolution and typing: `ast::Document` to [`Model`].
//!
//! The resolver reports every error of a file, not just the first: it keeps
//! going with what it can build and returns all errors together.

use std::collections::BTreeMap;

use super::error::ResolveError;
use super::policy::*;
use super::taxonomy::{Entry, Taxonomy};
use super::words::*;
use crate::diagnostic::did_you_mean;
use crate::source::Span;
use crate::syntax::ast::{self, Decl, DeclKind, Field, FieldName, Refs, Value};

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
        for decl in data {
            self.data_decl(&decl);
        }
        let mut header_seen = false;
        for decl in rest {
            let decl = &decl;
            let f = self.fields(decl);
            match decl.kind {
                DeclKind::Data => {}
                DeclKind::Policy => {
                    header_seen = true;
                    model.header = self.header(decl, &f);
                }
                DeclKind::Processor => {
                    model.processor.get_or_insert(Processor {
                        name: self.text(f.one(FieldName::Name)),
                        registered_address: self.text(f.one(FieldName::RegisteredAddress)),
                        office_address: self.text(f.one(FieldName::OfficeAddress)),
                        contacts: self.channels(f.all(FieldName::Contact)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Officer => {
                    model.officer.get_or_insert(Officer {
                        name: self.text(f.one(FieldName::Name)),
                        department: self.text(f.one(FieldName::Department)),
                        contacts: self.channels(f.all(FieldName::Contact)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Consent => {
                    model.consent.get_or_insert(ConsentFlow {
                        mechanism: self.word(f.one(FieldName::Mechanism)),
                        bundled: self.flag(f.one(FieldName::Bundled)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Permission => {
                    let p = Permission {
                        id: id_of(decl),
                        title: self.title(decl),
                        os: self.words(f.all(FieldName::Os)),
                        purposes: self.texts(f.all(FieldName::Purpose)),
                        functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
                        when: self.word(f.one(FieldName::When)),
                        collects: self.collects(f.all(FieldName::Collects)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    };
                    model.permissions.push(p);
                }
                DeclKind::Function => {
                    let func = self.function(decl, &f);
                    model.functions.push(func);
                }
                DeclKind::Recipient => {
                    let rec = Recipient {
                        id: id_of(decl),
                        title: self.title(decl),
                        name: self.text(f.one(FieldName::Name)),
                        type_label: self.text(f.one(FieldName::Type)),
                        contacts: self.channels(f.all(FieldName::Contact)),
                        role: self.word(f.one(FieldName::Role)),
                        purposes: self.texts(f.all(FieldName::Purpose)),
                        method: self.text(f.one(FieldName::Method)),
                        data: self.data_set(f.all(FieldName::Data)),
                        consent: self.word(f.one(FieldName::ConsentKind)),
                        bases: self.words(f.all(FieldName::Basis)),
                        functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
                        country: self.country(f.one(FieldName::Country)),
                        privacy_url: self.text(f.one(FieldName::PrivacyUrl)),
                        contract: self.flag(f.one(FieldName::Contract)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    };
                    model.recipients.push(rec);
                }
                DeclKind::Sdk => {
                    let sdk = Sdk {
                        id: id_of(decl),
                        title: self.title(decl),
                        provider: self.text(f.one(FieldName::Provider)),
                        contacts: self.channels(f.all(FieldName::Contact)),
                        feature: self.text(f.one(FieldName::Feature)),
                        purposes: self.texts(f.all(FieldName::Purpose)),
                        collects: self.collects(f.all(FieldName::Collects)),
                        permissions: self.refs(f.all(FieldName::Permissions), DeclKind::Permission),
                        method: f.one(FieldName::Collection).and_then(|x| {
                            let (kind, text, span) = self.word_text::<SdkMethod>(x)?;
                            Some(SdkCollection { kind, text, span })
                        }),
                        deidentified: self.flag(f.one(FieldName::Deidentified)),
                        privacy_url: self.text(f.one(FieldName::PrivacyUrl)),
                        role: self.word(f.one(FieldName::Role)),
                        consent: self.word(f.one(FieldName::ConsentKind)),
                        functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
                        part_of: self
                            .refs(f.one(FieldName::PartOf).into_iter(), DeclKind::Sdk)
                            .into_iter()
                            .next(),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    };
                    model.sdks.push(sdk);
                }
                DeclKind::SdkList => model.sdk_lists.push(SdkList {
                    id: decl.id.as_ref().map(|i| i.name.clone()),
                    title: self.title(decl),
                    url: self.text(f.one(FieldName::Url)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                }),
                DeclKind::Disclosure => {
                    let d = Disclosure {
                        id: id_of(decl),
                        title: self.title(decl),
                        purposes: self.texts(f.all(FieldName::Purpose)),
                        data: self.data_set(f.all(FieldName::Data)),
                        bases: self.words(f.all(FieldName::Basis)),
                        consent: self.word(f.one(FieldName::ConsentKind)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    };
                    model.disclosures.push(d);
                }
                DeclKind::Merger => {
                    model.merger.get_or_insert(Merger {
                        notify_recipient: self.flag(f.one(FieldName::NotifyRecipient)),
                        recipient_bound: self.flag(f.one(FieldName::RecipientBound)),
                        reconsent_on_change: self.flag(f.one(FieldName::ReconsentOnChange)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Retention => {
                    let ret = self.retention(decl, &f);
                    model.retention.push(ret);
                }
                DeclKind::Storage => {
                    model.storage.get_or_insert(Storage {
                        locations: self.countries(f.all(FieldName::Location)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Transfer => {
                    let t = Transfer {
                        id: id_of(decl),
                        title: self.title(decl),
                        name: self.text(f.one(FieldName::Name)),
                        country: self.country(f.one(FieldName::Country)),
                        contacts: self.channels(f.all(FieldName::Contact)),
                        purposes: self.texts(f.all(FieldName::Purpose)),
                        method: self.text(f.one(FieldName::Method)),
                        data: self.data_set(f.all(FieldName::Data)),
                        mechanism: self.word(f.one(FieldName::Mechanism)),
                        consent: self.word(f.one(FieldName::ConsentKind)),
                        rights_procedure: self.text(f.one(FieldName::RightsProcedure)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    };
                    model.transfers.push(t);
                }
                DeclKind::Right => {
                    let right = Right {
                        id: id_of(decl),
                        title: self.title(decl),
                        covers: self.words(f.all(FieldName::Covers)),
                        channels: self.channels(f.all(FieldName::Channel)),
                        paths: self.texts(f.all(FieldName::Path)),
                        response: self.duration(f.one(FieldName::Response), true),
                        conditions: self.texts(f.all(FieldName::Condition)),
                        fee: self.text(f.one(FieldName::Fee)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    };
                    model.rights.push(right);
                }
                DeclKind::AutomatedDecision => {
                    let adm = AutomatedDecision {
                        id: id_of(decl),
                        title: self.title(decl),
                        purposes: self.texts(f.all(FieldName::Purpose)),
                        significant: self.flag(f.one(FieldName::Significant)),
                        logic: self.text(f.one(FieldName::Logic)),
                        explain: self.channels(f.all(FieldName::Explain)),
                        refuse: self.channels(f.all(FieldName::Refuse)),
                        human_review: self.flag(f.one(FieldName::HumanReview)),
                        functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    };
                    model.decisions.push(adm);
                }
                DeclKind::Marketing => {
                    model.marketing.get_or_insert(Marketing {
                        personalised: self.flag(f.one(FieldName::Personalised)),
                        non_personalised_option: self.flag(f.one(FieldName::NonPersonalisedOption)),
                        via: self.words(f.all(FieldName::Via)),
                        opt_outs: self.channels(f.all(FieldName::OptOut)),
                        tag_deletion: self.flag(f.one(FieldName::TagDeletion)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Minors => {
                    model.minors.get_or_insert(Minors {
                        min_age: self.number(f.one(FieldName::MinAge)),
                        under_14_rules: self.word(f.one(FieldName::Under14Rules)),
                        guardian_consent: self.flag(f.one(FieldName::GuardianConsent)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Security => {
                    let measures = f
                        .all(FieldName::Measure)
                        .filter_map(|x| {
                            let (kind, text, span) = self.word_text::<Measure>(x)?;
                            Some(SecurityMeasure { kind, text, span })
                        })
                        .collect();
                    model.security.get_or_insert(Security {
                        measures,
                        certifications: self.texts(f.all(FieldName::Certification)),
                        incident_notice: self.words(f.all(FieldName::IncidentNotice)),
                        incident_contents: self.words(f.all(FieldName::IncidentContents)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Complaints => {
                    model.complaints.get_or_insert(Complaints {
                        channels: self.channels(f.all(FieldName::Channel)),
                        response: self.duration(f.one(FieldName::Response), true),
                        external: self.texts(f.all(FieldName::External)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Updates => {
                    model.updates.get_or_insert(Updates {
                        notices: self.channels(f.all(FieldName::Notice)),
                        material: self.texts(f.all(FieldName::Material)),
                        reconsent_on_material: self.flag(f.one(FieldName::ReconsentOnMaterial)),
                        deemed_acceptance: self.flag(f.one(FieldName::DeemedAcceptance)),
                        archive: self.flag(f.one(FieldName::Archive)),
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Exceptions => {
                    let items = f
                        .all(FieldName::Exception)
                        .filter_map(|x| match &x.value {
                            Value::Exception { text, maps_to } => Some(Exception {
                                text: convert_text(text),
                                maps_to: maps_to.as_ref().and_then(|m| self.word_ident(m)),
                                span: x.span,
                            }),
                            _ => None,
                        })
                        .collect();
                    model.exceptions.get_or_insert(Exceptions {
                        title: self.title(decl),
                        items,
                        text: self.texts(f.all(FieldName::Text)),
                        span: decl.span,
                    });
                }
                DeclKind::Section => model.sections.push(Section {
                    id: id_of(decl),
                    title: self.title(decl),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                }),
            }
        }
        if !header_seen {
            self.errors.push(ResolveError::MissingHeader {
                span: first_keyword,
            });
        }
        model.data = std::mem::take(&mut self.data);
        // categories used without a declaration were added after the
        // declared ones
        model.data.shrink_to_fit();
        model.index();
        model
    }

    /// Record every id and singleton; report duplicates.
    fn declare(&mut self, doc: &ast::Document) {
        let mut singletons: BTreeMap<DeclKind, Span> = BTreeMap::new();
        for decl in &doc.decls {
            if decl.kind.is_singleton() {
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
        let mut map: BTreeMap<FieldName, Vec<&'d Field>> = BTreeMap::new();
        for field in &decl.fields {
            let entry = map.entry(field.name).or_default();
            if let (false, Some(first)) = (field.name.repeatable(), entry.first()) {
                self.errors.push(ResolveError::DuplicateField {
                    field: field.name.keyword(),
                    decl: decl.kind.noun(),
                    first: first.span,
                    second: field.span,
                });
                continue;
            }
            entry.push(field);
        }
        Fields { map }
    }

    fn header(&mut self, decl: &Decl, f: &Fields<'_>) -> Header {
        let mut app_types = Vec::new();
        for field in f.all(FieldName::AppType) {
            for ident in words_of(field) {
                if self.tax.app_type(&ident.name).is_some() {
                    app_types.push(Spanned {
                        value: ident.name.clone(),
                        span: ident.span,
                    });
                } else {
                    let codes: Vec<&str> = self
                        .tax
                        .app_types()
                        .iter()
                        .map(|a| a.code.as_str())
                        .collect();
                    self.errors.push(ResolveError::UnknownAppType {
                        code: ident.name.clone(),
                        span: ident.span,
                        suggestion: did_you_mean(&ident.name, codes).map(str::to_string),
                    });
                }
            }
        }
        Header {
            title: self.title(decl),
            version: self.text(f.one(FieldName::Version)),
            effective: self.date(f.one(FieldName::Effective)),
            updated: self.date(f.one(FieldName::Updated)),
            languages: f
                .all(FieldName::Language)
                .flat_map(words_of)
                .map(|i| Spanned {
                    value: i.name.clone(),
                    span: i.span,
                })
                .collect(),
            app_types,
            sector: self.word(f.one(FieldName::Sector)),
            volume: self.word(f.one(FieldName::Volume)),
            products: self.texts(f.all(FieldName::Product)),
            high_risk_assessment: self.flag(f.one(FieldName::HighRisk)),
            text: self.texts(f.all(FieldName::Text)),
            span: decl.span,
        }
    }

    fn function(&mut self, decl: &Decl, f: &Fields<'_>) -> Function {
        let sources = f
            .all(FieldName::Source)
            .filter_map(|x| match &x.value {
                Value::Source { kind, from } => Some(Source {
                    kind: self.word_ident(kind)?.value,
                    from: from.iter().map(convert_text).collect(),
                    span: x.span,
                }),
                _ => None,
            })
            .collect();
        Function {
            id: id_of(decl),
            title: self.title(decl),
            group: self.text(f.one(FieldName::Group)),
            kind: self.word(f.one(FieldName::Kind)),
            purposes: self.texts(f.all(FieldName::Purpose)),
            method: self.text(f.one(FieldName::Method)),
            bases: self.words(f.all(FieldName::Basis)),
            consent: self.word(f.one(FieldName::ConsentKind)),
            collects: self.collects(f.all(FieldName::Collects)),
            sources,
            refusal: f.one(FieldName::IfRefused).and_then(|x| {
                let (effect, text, span) = self.word_text::<RefusalEffect>(x)?;
                Some(Refusal { effect, text, span })
            }),
            background: self.flag(f.one(FieldName::Background)),
            frequency: self.text(f.one(FieldName::Frequency)),
            permissions: self.refs(f.all(FieldName::Permissions), DeclKind::Permission),
            sdks: self.refs(f.all(FieldName::Sdks), DeclKind::Sdk),
            recipients: self.refs(f.all(FieldName::Recipients), DeclKind::Recipient),
            decisions: self.refs(f.all(FieldName::Decisions), DeclKind::AutomatedDecision),
            text: self.texts(f.all(FieldName::Text)),
            span: decl.span,
        }
    }

    fn retention(&mut self, decl: &Decl, f: &Fields<'_>) -> Retention {
        Retention {
            id: id_of(decl),
            title: self.title(decl),
            data: self.data_set(f.all(FieldName::Data)),
            functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
            purposes: self.texts(f.all(FieldName::Purpose)),
            at_least: self.duration(f.one(FieldName::AtLeast), false),
            at_most: self.duration(f.one(FieldName::AtMost), false),
            until: self.text(f.one(FieldName::Until)),
            indefinite: f.one(FieldName::Indefinite).and_then(|x| match &x.value {
                Value::Indefinite(t) => Some(Spanned {
                    value: t.as_ref().map(convert_text),
                    span: x.span,
                }),
                _ => None,
            }),
            determined_by: self.texts(f.all(FieldName::DeterminedBy)),
            legal: self.texts(f.all(FieldName::Legal)),
            expiry: f.one(FieldName::Expiry).and_then(|x| {
                let (kind, text, span) = self.word_text::<Expiry>(x)?;
                Some(ExpiryHandling { kind, text, span })
            }),
            text: self.texts(f.all(FieldName::Text)),
            span: decl.span,
        }
    }

    /// `data id = parent "label" { … }`
    fn data_decl(&mut self, decl: &Decl) {
        let Some(id) = &decl.id else { return };
        // A duplicate id was reported by `declare`; keep the first.
        if self.data_index.contains_key(&id.name)
            || self
                .symbols
                .get(&id.name)
                .is_some_and(|(k, s)| *k != DeclKind::Data || *s != id.span)
        {
            return;
        }
        let f = self.fields(decl);
        let parent = decl.parent.as_ref();
        let entry = parent.and_then(|p| self.taxonomy_entry(p));
        let (taxonomy, tsens, special, tjrt, third) = match entry {
            Some(e) => (
                TaxonomyRef {
                    class: e.class_code().to_string(),
                    item: e.item_id().map(str::to_string),
                },
                e.sensitive(),
                e.special(),
                e.jrt(),
                e.third_party_subject(),
            ),
            None => (
                TaxonomyRef {
                    class: parent.map_or(String::new(), |p| p.name.clone()),
                    item: None,
                },
                false,
                false,
                None,
                false,
            ),
        };
        let marked = self.flag(f.one(FieldName::Sensitive));
        let jrt = self.word(f.one(FieldName::Jrt)).or(tjrt.map(|j| Spanned {
            value: j,
            span: decl.span,
        }));
        let third_party = self
            .flag(f.one(FieldName::ThirdParty))
            .map_or(third, |x| x.value);
        let cat = DataCategory {
            id: id.name.clone(),
            declared: true,
            label: self.title(decl),
            taxonomy,
            taxonomy_sensitive: tsens,
            sensitive: tsens || marked.as_ref().is_some_and(|m| m.value),
            marked_sensitive: marked,
            special,
            jrt,
            third_party_subject: third_party,
            necessity: self.text(f.one(FieldName::Necessity)),
            impact: self.text(f.one(FieldName::Impact)),
            text: self.texts(f.all(FieldName::Text)),
            span: decl.span,
        };
        self.data_index.insert(cat.id.clone(), self.data.len());
        self.data.push(cat);
    }

    /// Look up a taxonomy path; report E206 if unknown.
    fn taxonomy_entry(&mut self, path: &ast::Ident) -> Option<Entry<'t>> {
        let tax = self.tax;
        match tax.lookup(&path.name) {
            Some(e) => Some(e),
            None => {
                let names: Vec<String> = tax.names().collect();
                self.errors.push(ResolveError::UnknownCategory {
                    path: path.name.clone(),
                    span: path.span,
                    suggestion: did_you_mean(&path.name, names.iter().map(String::as_str))
                        .map(str::to_string),
                });
                None
            }
        }
    }

    /// Resolve a data reference to an entry of `self.data`, creating an
    /// implicit category for a taxonomy name used directly.
    fn data_ref(&mut self, ident: &ast::Ident) -> Option<Ref> {
        let name = &ident.name;
        if self.data_index.contains_key(name) {
            return Some(Ref {
                id: name.clone(),
                span: ident.span,
            });
        }
        if let Some((kind, declared)) = self.symbols.get(name) {
            if *kind != DeclKind::Data {
                self.errors.push(ResolveError::WrongKind {
                    name: name.clone(),
                    span: ident.span,
                    expected: DeclKind::Data.noun(),
                    found: kind.noun(),
                    declared: *declared,
                });
                return None;
            }
            // A data declaration that failed to resolve: already reported.
            return None;
        }
        let tax = self.tax;
        let Some(entry) = tax.lookup(name) else {
            if name.contains('.') {
                self.taxonomy_entry(ident);
            } else {
                let mut candidates: Vec<&str> =
                    self.data_index.keys().map(String::as_str).collect();
                candidates.extend(tax.items().iter().map(|i| i.id.as_str()));
                candidates.extend(tax.classes().iter().map(|c| c.code.as_str()));
                self.errors.push(ResolveError::UnknownName {
                    name: name.clone(),
                    span: ident.span,
                    expected: DeclKind::Data.noun(),
                    suggestion: did_you_mean(name, candidates).map(str::to_string),
                });
            }
            return None;
        };
        let base = entry.item_id().unwrap_or(entry.class_code()).to_string();
        let id = if self.symbols.contains_key(&base) {
            format!("{}.{}", entry.class_code(), base)
        } else {
            base
        };
        if !self.data_index.contains_key(&id) {
            let cat = DataCategory {
                id: id.clone(),
                declared: false,
                label: None,
                taxonomy: TaxonomyRef {
                    class: entry.class_code().to_string(),
                    item: entry.item_id().map(str::to_string),
                },
                taxonomy_sensitive: entry.sensitive(),
                marked_sensitive: None,
                sensitive: entry.sensitive(),
                special: entry.special(),
                jrt: entry.jrt().map(|j| Spanned {
                    value: j,
                    span: ident.span,
                }),
                third_party_subject: entry.third_party_subject(),
                necessity: None,
                impact: None,
                text: Vec::new(),
                span: ident.span,
            };
            self.data_index.insert(id.clone(), self.data.len());
            self.data.push(cat);
        }
        Some(Ref {
            id,
            span: ident.span,
        })
    }

    fn data_set<'d>(&mut self, fields: impl Iterator<Item = &'d Field>) -> DataSet {
        let mut set = DataSet::None;
        for field in fields {
            match &field.value {
                Value::Refs(Refs::All(_)) => set = DataSet::All,
                Value::Refs(Refs::List(list)) => {
                    let refs: Vec<Ref> = self
                        .once_each(list.iter())
                        .into_iter()
                        .filter_map(|i| self.data_ref(i))
                        .collect();
                    match &mut set {
                        DataSet::All => {}
                        DataSet::List(v) => v.extend(refs),
                        DataSet::None => set = DataSet::List(refs),
                    }
                }
                _ => {}
            }
        }
        if let DataSet::List(v) = &mut set {
            v.shrink_to_fit();
        }
        set
    }

    fn collects<'d>(&mut self, fields: impl Iterator<Item = &'d Field>) -> Vec<Collect> {
        let mut out = Vec::new();
        for field in fields {
            if let Value::Collects { need, refs, note } = &field.value {
                let need = need.as_ref().and_then(|n| Need::from_word(&n.name));
                for r in self.once_each(refs.iter()) {
                    if let Some(data) = self.data_ref(r) {
                        out.push(Collect {
                            data,
                            need,
                            note: note.as_ref().map(convert_text),
                        });
                    }
                }
            }
        }
        exact(out)
    }

    /// The names of one list, each once: a name listed again is reported
    /// (E212, once per name, with its count) and left out, so that a list
    /// of the same name repeated a million times costs one entry.
    fn once_each<'a>(&mut self, list: impl Iterator<Item = &'a ast::Ident>) -> Vec<&'a ast::Ident> {
        let mut seen: std::collections::HashMap<&'a str, (Span, Option<Span>, usize)> =
            std::collections::HashMap::new();
        let mut out = Vec::new();
        for ident in list {
            match seen.get_mut(ident.name.as_str()) {
                Some((_, second, times)) => {
                    second.get_or_insert(ident.span);
                    *times += 1;
                }
                None => {
                    seen.insert(&ident.name, (ident.span, None, 1));
                    out.push(ident);
                }
            }
        }
        for ident in &out {
            if let Some((first, Some(second), times)) = seen.get(ident.name.as_str()) {
                self.errors.push(ResolveError::RepeatedName {
                    name: ident.name.clone(),
                    times: *times,
                    first: *first,
                    second: *second,
                });
            }
        }
        out
    }

    /// References to declarations of one kind.
    fn refs<'d>(&mut self, fields: impl Iterator<Item = &'d Field>, kind: DeclKind) -> Vec<Ref> {
        let mut out = Vec::new();
        let fields: Vec<&Field> = fields.collect();
        let idents: Vec<&ast::Ident> = fields
            .iter()
            .flat_map(|f| self.once_each(words_of(f).iter()))
            .collect();
        for ident in idents {
            match self.symbols.get(&ident.name) {
                Some((k, _)) if *k == kind => out.push(Ref {
                    id: ident.name.clone(),
                    span: ident.span,
                }),
                Some((k, declared)) => self.errors.push(ResolveError::WrongKind {
                    name: ident.name.clone(),
                    span: ident.span,
                    expected: kind.noun(),
                    found: k.noun(),
                    declared: *declared,
                }),
                None => {
                    let candidates: Vec<&str> = self
                        .symbols
                        .iter()
                        .filter(|(_, (k, _))| *k == kind)
                        .map(|(n, _)| n.as_str())
                        .collect();
                    self.errors.push(ResolveError::UnknownName {
                        name: ident.name.clone(),
                        span: ident.span,
                        expected: kind.noun(),
                        suggestion: did_you_mean(&ident.name, candidates).map(str::to_string),
                    });
                }
            }
        }
        exact(out)
    }

    fn title(&self, decl: &Decl) -> Option<Text> {
        decl.title.as_ref().map(convert_text)
    }

    fn text(&self, field: Option<&Field>) -> Option<Text> {
        match field.map(|f| &f.value) {
            Some(Value::Text(t)) => Some(convert_text(t)),
            _ => None,
        }
    }

    fn texts<'d>(&self, fields: impl Iterator<Item = &'d Field>) -> Vec<Text> {
        exact(fields.filter_map(|f| self.text(Some(f))).collect())
    }

    fn flag(&self, field: Option<&Field>) -> Option<Flag> {
        match field.map(|f| &f.value) {
            Some(Value::Flag { value, span, text }) => Some(Flag {
                value: *value,
                text: text.as_ref().map(convert_text),
                span: *span,
            }),
            _ => None,
        }
    }

    fn word_ident<W: Word>(&mut self, ident: &ast::Ident) -> Option<Spanned<W>> {
        match W::from_word(&ident.name) {
            Some(value) => Some(Spanned {
                value,
                span: ident.span,
            }),
            None => {
                self.errors.push(ResolveError::UnknownWord {
                    word: ident.name.clone(),
                    span: ident.span,
                    what: W::WHAT,
                    allowed: W::WORDS,
                    suggestion: did_you_mean(&ident.name, W::WORDS.iter().copied())
                        .map(str::to_string),
                });
                None
            }
        }
    }

    fn word<W: Word>(&mut self, field: Option<&Field>) -> Option<Spanned<W>> {
        match field.map(|f| &f.value) {
            Some(Value::Word(ident)) => self.word_ident(ident),
            _ => None,
        }
    }

    fn words<'d, W: Word>(&mut self, fields: impl Iterator<Item = &'d Field>) -> Vec<Spanned<W>> {
        let idents: Vec<&ast::Ident> = fields.flat_map(words_of).collect();
        exact(
            idents
                .into_iter()
                .filter_map(|i| self.word_ident(i))
                .collect(),
        )
    }

    fn word_text<W: Word>(&mut self, field: &Field) -> Option<(W, Option<Text>, Span)> {
        match &field.value {
            Value::WordText { word, text } => {
                let w = self.word_ident::<W>(word)?;
                Some((w.value, text.as_ref().map(convert_text), field.span))
            }
            _ => None,
        }
    }

    fn channels<'d>(&mut self, fields: impl Iterator<Item = &'d Field>) -> Vec<ChannelRef> {
        let fields: Vec<&Field> = fields.collect();
        exact(
            fields
                .into_iter()
                .filter_map(|f| {
                    let (kind, value, span) = self.word_text::<Channel>(f)?;
                    Some(ChannelRef { kind, value, span })
                })
                .collect(),
        )
    }

    fn date(&mut self, field: Option<&Field>) -> Option<Spanned<Date>> {
        let Some(Value::Word(ident)) = field.map(|f| &f.value) else {
            return None;
        };
        let parts: Vec<u32> = ident
            .name
            .split('-')
            .filter_map(|p| p.parse().ok())
            .collect();
        let valid = match parts.as_slice() {
            [y, m, d] => {
                let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                let days = match m {
                    1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                    4 | 6 | 9 | 11 => 30,
                    2 if leap => 29,
                    2 => 28,
                    _ => 0,
                };
                (1900..=9999).contains(y) && *d >= 1 && *d <= days
            }
            _ => false,
        };
        if let (true, [y, m, d]) = (valid, parts.as_slice()) {
            return Some(Spanned {
                value: Date {
                    year: u16::try_from(*y).unwrap_or(0),
                    month: u8::try_from(*m).unwrap_or(0),
                    day: u8::try_from(*d).unwrap_or(0),
                },
                span: ident.span,
            });
        }
        self.errors.push(ResolveError::InvalidDate {
            text: ident.name.clone(),
            span: ident.span,
        });
        None
    }

    fn duration(
        &mut self,
        field: Option<&Field>,
        working_days_allowed: bool,
    ) -> Option<Spanned<Duration>> {
        let Some(Value::Word(ident)) = field.map(|f| &f.value) else {
            return None;
        };
        let digits = ident
            .name
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(ident.name.len());
        let (num, unit) = ident.name.split_at(digits);
        let unit = match unit {
            "y" => Some(Unit::Years),
            "mo" => Some(Unit::Months),
            "w" => Some(Unit::Weeks),
            "d" => Some(Unit::Days),
            "wd" if working_days_allowed => Some(Unit::WorkingDays),
            "h" => Some(Unit::Hours),
            _ => None,
        };
        match (num.parse::<u32>(), unit) {
            (Ok(amount), Some(unit)) => Some(Spanned {
                value: Duration { amount, unit },
                span: ident.span,
            }),
            _ => {
                self.errors.push(ResolveError::InvalidDuration {
                    text: ident.name.clone(),
                    span: ident.span,
                    working_days_allowed,
                });
                None
            }
        }
    }

    fn number(&mut self, field: Option<&Field>) -> Option<Spanned<u32>> {
        let Some(Value::Word(ident)) = field.map(|f| &f.value) else {
            return None;
        };
        match ident.name.parse::<u32>() {
            Ok(n) if n <= 150 => Some(Spanned {
                value: n,
                span: ident.span,
            }),
            _ => {
                self.errors.push(ResolveError::InvalidValue {
                    what: "age",
                    text: ident.name.clone(),
                    span: ident.span,
                    help: "write an age in whole years, e.g. `18`",
                });
                None
            }
        }
    }

    fn country_ident(&mut self, ident: &ast::Ident) -> Option<Spanned<String>> {
        let ok = ident.name.len() == 2 && ident.name.chars().all(|c| c.is_ascii_uppercase());
        if ok {
            Some(Spanned {
                value: ident.name.clone(),
                span: ident.span,
            })
        } else {
            self.errors.push(ResolveError::InvalidValue {
                what: "country or region code",
                text: ident.name.clone(),
                span: ident.span,
                help: "use a two-letter ISO 3166 code in capitals, e.g. `CN`, `HK`, `SG`, `US`",
            });
            None
        }
    }

    fn country(&mut self, field: Option<&Field>) -> Option<Spanned<String>> {
        match field.map(|f| &f.value) {
            Some(Value::Word(ident)) => self.country_ident(ident),
            _ => None,
        }
    }

    fn countries<'d>(&mut self, fields: impl Iterator<Item = &'d Field>) -> Vec<Spanned<String>> {
        let idents: Vec<&ast::Ident> = fields.flat_map(words_of).collect();
        idents
            .into_iter()
            .filter_map(|i| self.country_ident(i))
            .collect()
    }
}

fn id_of(decl: &Decl) -> String {
    decl.id.as_ref().map(|i| i.name.clone()).unwrap_or_default()
}

fn words_of(field: &Field) -> &[ast::Ident] {
    match &field.value {
        Value::Words(w) => w,
        Value::Word(w) => std::slice::from_ref(w),
        _ => &[],
    }
}

fn convert_text(t: &ast::Text) -> Text {
    Text {
        text: t.value.clone(),
        translations: t
            .translations
            .iter()
            .map(|tr| (tr.lang.clone(), tr.value.clone()))
            .collect(),
        span: t.span,
    }
}

/// A list without spare capacity: the model keeps its lists until the end of
/// the run, and most hold one to three items.
fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}
