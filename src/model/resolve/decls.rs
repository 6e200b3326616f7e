//! Building each declaration (other than data categories, in `data`) from
//! its fields: one arm per kind, with the longer ones (header, function,
//! retention) in methods of their own.

use super::values::{convert_text, words_of};
use super::{head_of, id_of, Fields, Resolver};
use crate::diagnostic::did_you_mean;
use crate::model::error::ResolveError;
use crate::model::policy::*;
use crate::model::words::*;
use crate::syntax::ast::{Decl, DeclKind, Field, FieldName, Value};

impl Resolver<'_> {
    /// Build one declaration into the model.
    pub(super) fn decl(&mut self, model: &mut Model, decl: &Decl, f: &Fields<'_>) {
        match decl.kind {
            DeclKind::Data => {}
            DeclKind::Policy => model.header = self.header(decl, f),
            DeclKind::Processor => {
                model.processor.get_or_insert(Processor {
                    name: self.text(f.one(FieldName::Name)),
                    registered_address: self.text(f.one(FieldName::RegisteredAddress)),
                    office_address: self.text(f.one(FieldName::OfficeAddress)),
                    contacts: self.channels(f.all(FieldName::Contact)),
                    department: self.text(f.one(FieldName::Department)),
                    affiliates: self.text(f.one(FieldName::Affiliates)),
                    kind: self.word(f.one(FieldName::Kind)),
                    we_means: self.text(f.one(FieldName::WeMeans)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Officer => {
                model.officer.get_or_insert(Officer {
                    kind: self.word(f.one(FieldName::Kind)),
                    name: self.text(f.one(FieldName::Name)),
                    department: self.text(f.one(FieldName::Department)),
                    contacts: self.channels(f.all(FieldName::Contact)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Consent => {
                let mechanisms: Vec<Spanned<AcceptMechanism>> =
                    self.words(f.all(FieldName::Mechanism));
                model.consent.get_or_insert(ConsentFlow {
                    mechanism: mechanisms.first().cloned(),
                    mechanism_also: mechanisms.iter().skip(1).cloned().collect(),
                    mechanism_wording: f.one(FieldName::Mechanism).and_then(|x| match &x.value {
                        Value::WordsText { text, .. } => text.as_ref().map(convert_text),
                        _ => None,
                    }),
                    lasts: self.text(f.one(FieldName::Lasts)),
                    reconsent_on_purpose: self.flag(f.one(FieldName::ReconsentOnPurpose)),
                    others_consent: self.word_stmt(f.one(FieldName::OthersConsent)),
                    others_consent_also: self.word_stmts(f.all(FieldName::OthersConsent).skip(1)),
                    bundled: self.flag(f.one(FieldName::Bundled)),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    withdrawal: self.refusal(f.one(FieldName::IfWithdrawn)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Permission => {
                let whens: Vec<Spanned<When>> = self.words(f.all(FieldName::When));
                let p = Permission {
                    id: id_of(decl),
                    title: self.title(decl),
                    os: self.words(f.all(FieldName::Os)),
                    purposes: self.texts(f.all(FieldName::Purpose)),
                    functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
                    when: whens.first().cloned(),
                    when_also: whens.iter().skip(1).cloned().collect(),
                    grant: f.one(FieldName::Grant).and_then(|x| {
                        let (level, text, span) = self.word_text::<GrantLevel>(x)?;
                        Some(GrantStmt { level, text, span })
                    }),
                    collects: self.collects(f.all(FieldName::Collects)),
                    consent: self.consent_kind(f.one(FieldName::ConsentKind)),
                    consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
                    scope: self.words(f.all(FieldName::Scope)),
                    paths: self.texts(f.all(FieldName::Path)),
                    revocable: self.flag(f.one(FieldName::Revocable)),
                    asked: self.flag(f.one(FieldName::Asked)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.permissions.push(p);
            }
            DeclKind::Function => {
                let func = self.function(decl, f);
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
                    data_etc: f.all(FieldName::Data).any(|x| {
                        matches!(&x.value, Value::Refs(crate::syntax::ast::Refs::Open(..)))
                    }),
                    consent: self.consent_kind(f.one(FieldName::ConsentKind)),
                    consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
                    bases: self.words(f.all(FieldName::Basis)),
                    functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
                    country: self.country(f.one(FieldName::Country)),
                    privacy_url: self.text(f.one(FieldName::PrivacyUrl)),
                    contract: self.flag(f.one(FieldName::Contract)),
                    own_consent: self.flag(f.one(FieldName::OwnConsent)),
                    services: self.words(f.all(FieldName::Service)),
                    notice_before: self.text(f.one(FieldName::NoticeBefore)),
                    inherited: Vec::new(),
                    status: self.status(f.one(FieldName::Status)),
                    directed_by: self.directed_by(f.one(FieldName::DirectedBy)),
                    returns: self.collects(f.all(FieldName::Returns)),
                    self_collects: self.collects(f.all(FieldName::SelfCollects)),
                    unstated: self.unstated(f.one(FieldName::Unstated)),
                    form: self.form(f.one(FieldName::Form)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    members: self.texts(f.all(FieldName::Member)),
                    members_open: self.flag(f.one(FieldName::MembersOpen)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.recipients.push(rec);
            }
            DeclKind::Sdk => {
                let sdk = Sdk {
                    id: id_of(decl),
                    title: self.title(decl),
                    kind: self.word(f.one(FieldName::Kind)),
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
                    example: self.flag(f.one(FieldName::Example)),
                    privacy_url: self.text(f.one(FieldName::PrivacyUrl)),
                    role: self.word(f.one(FieldName::Role)),
                    consent: self.consent_kind(f.one(FieldName::ConsentKind)),
                    consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
                    functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
                    part_of: self
                        .refs(f.one(FieldName::PartOf).into_iter(), DeclKind::Sdk)
                        .into_iter()
                        .next(),
                    status: self.status(f.one(FieldName::Status)),
                    directed_by: self.directed_by(f.one(FieldName::DirectedBy)),
                    scope: self.words(f.all(FieldName::Scope)),
                    unstated: self.unstated(f.one(FieldName::Unstated)),
                    form: self.form(f.one(FieldName::Form)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    starts: self.sdk_starts(f.one(FieldName::Starts)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.sdks.push(sdk);
            }
            DeclKind::SdkList => model.sdk_lists.push(SdkList {
                id: decl.id.as_ref().map(|i| i.name.clone()),
                title: self.title(decl),
                url: self.text(f.one(FieldName::Url)),
                starts: self.sdk_starts(f.one(FieldName::Starts)),
                unstated: self.unstated(f.one(FieldName::Unstated)),
                text: self.texts(f.all(FieldName::Text)),
                span: decl.span,
                head: head_of(decl),
            }),
            DeclKind::Disclosure => {
                let d = Disclosure {
                    id: id_of(decl),
                    title: self.title(decl),
                    purposes: self.texts(f.all(FieldName::Purpose)),
                    data: self.data_set(f.all(FieldName::Data)),
                    data_etc: f.all(FieldName::Data).any(|x| {
                        matches!(&x.value, Value::Refs(crate::syntax::ast::Refs::Open(..)))
                    }),
                    bases: self.words(f.all(FieldName::Basis)),
                    consent: self.consent_kind(f.one(FieldName::ConsentKind)),
                    consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
                    status: self.status(f.one(FieldName::Status)),
                    directed_by: self.directed_by(f.one(FieldName::DirectedBy)),
                    form: self.form(f.one(FieldName::Form)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
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
                    head: head_of(decl),
                });
            }
            DeclKind::Retention => {
                let ret = self.retention(decl, f);
                model.retention.push(ret);
            }
            DeclKind::Storage => {
                model.storage.get_or_insert(Storage {
                    locations: self.countries(f.all(FieldName::Location)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
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
                    data_etc: f.all(FieldName::Data).any(|x| {
                        matches!(&x.value, Value::Refs(crate::syntax::ast::Refs::Open(..)))
                    }),
                    mechanism: self.word(f.one(FieldName::Mechanism)),
                    consent: self.consent_kind(f.one(FieldName::ConsentKind)),
                    consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
                    rights_procedure: self.text(f.one(FieldName::RightsProcedure)),
                    status: self.status(f.one(FieldName::Status)),
                    unstated: self.unstated(f.one(FieldName::Unstated)),
                    form: self.form(f.one(FieldName::Form)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
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
                    response_from: self.text(f.one(FieldName::ResponseFrom)),
                    conditions: self.texts(f.all(FieldName::Condition)),
                    fee: self.text(f.one(FieldName::Fee)),
                    scope: self.words(f.all(FieldName::Scope)),
                    unstated: self.unstated(f.one(FieldName::Unstated)),
                    holder: self.subject(f.one(FieldName::Holder)),
                    data: self.data_set(f.all(FieldName::Data)),
                    data_etc: f.all(FieldName::Data).any(|x| {
                        matches!(&x.value, Value::Refs(crate::syntax::ast::Refs::Open(..)))
                    }),
                    inherited: Vec::new(),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    withdrawal: self.refusal(f.one(FieldName::IfWithdrawn)),
                    refers_to: self.word_stmt(f.one(FieldName::RefersTo)),
                    remedy: self.text(f.one(FieldName::Remedy)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.rights.push(right);
            }
            DeclKind::AutomatedDecision => {
                let (functions, processing) = self.refs_either(
                    f.all(FieldName::Functions),
                    DeclKind::Function,
                    DeclKind::Processing,
                );
                let adm = AutomatedDecision {
                    id: id_of(decl),
                    title: self.title(decl),
                    purposes: self.texts(f.all(FieldName::Purpose)),
                    significant: self.flag(f.one(FieldName::Significant)),
                    logic: self.text(f.one(FieldName::Logic)),
                    explain: self.channels(f.all(FieldName::Explain)),
                    refuse: self.channels(f.all(FieldName::Refuse)),
                    human_review: self.flag(f.one(FieldName::HumanReview)),
                    functions,
                    text: self.texts(f.all(FieldName::Text)),
                    processing,
                    unstated: self.unstated(f.one(FieldName::Unstated)),
                    remedy: self.text(f.one(FieldName::Remedy)),
                    produces: self.data_set(f.all(FieldName::Produces)).refs().to_vec(),
                    span: decl.span,
                    head: head_of(decl),
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
                    head: head_of(decl),
                });
            }
            DeclKind::Minors => {
                model.minors.get_or_insert(Minors {
                    min_age: self.number(f.one(FieldName::MinAge)),
                    under_14_rules: self.word(f.one(FieldName::Under14Rules)),
                    guardian_consent: self.flag(f.one(FieldName::GuardianConsent)),
                    child_age: self.child_age(f.one(FieldName::ChildAge)),
                    joint_consent: self.flag(f.one(FieldName::JointConsent)),
                    either_consent: self.flag(f.one(FieldName::EitherConsent)),
                    guardian_check: self.guardian_check(f.one(FieldName::GuardianCheck)),
                    guardian_exception: self.flag(f.one(FieldName::GuardianException)),
                    child_officer: self.flag(f.one(FieldName::ChildOfficer)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    audience: self.word_stmt(f.one(FieldName::Audience)),
                    guardian_channels: self.channels(f.all(FieldName::GuardianChannel)),
                    notices: self.channels(f.all(FieldName::Notice)),
                    deemed_acceptance: self.flag(f.one(FieldName::DeemedAcceptance)),
                    reconsent_on_material: self.flag(f.one(FieldName::ReconsentOnMaterial)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
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
                    regulator_report: self.flag(f.one(FieldName::RegulatorReport)),
                    notice_exemption: self.text(f.one(FieldName::NoticeExemption)),
                    reports: self.flag(f.one(FieldName::Reports)),
                    reports_url: self.text(f.one(FieldName::ReportsUrl)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Dispute => {
                let forums = f
                    .all(FieldName::Forum)
                    .filter_map(|x| self.word_text::<ForumKind>(x))
                    .map(|(kind, text, span)| Forum { kind, text, span })
                    .collect();
                model.dispute.get_or_insert(Dispute {
                    law: self.text(f.one(FieldName::Law)),
                    forums,
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Complaints => {
                model.complaints.get_or_insert(Complaints {
                    channels: self.channels(f.all(FieldName::Channel)),
                    response: self.duration(f.one(FieldName::Response), true),
                    response_from: self.text(f.one(FieldName::ResponseFrom)),
                    external: self.texts(f.all(FieldName::External)),
                    external_when: self.text(f.one(FieldName::ExternalWhen)),
                    department: self.text(f.one(FieldName::Department)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Updates => {
                model.updates.get_or_insert(Updates {
                    notices: self.channels(f.all(FieldName::Notice)),
                    material: self.texts(f.all(FieldName::Material)),
                    reconsent_on_material: self.flag(f.one(FieldName::ReconsentOnMaterial)),
                    deemed_acceptance: self.flag(f.one(FieldName::DeemedAcceptance)),
                    takes_effect: self.word_stmt(f.one(FieldName::TakesEffect)),
                    archive: self.flag(f.one(FieldName::Archive)),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Exceptions => {
                let items = self.exception_items(f);
                let list = Exceptions {
                    id: decl.id.as_ref().map(|i| i.name.clone()),
                    title: self.title(decl),
                    scope: self.words(f.all(FieldName::Scope)),
                    items,
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                if list.id.is_some() {
                    model.exception_lists.push(list);
                } else {
                    model.exceptions.get_or_insert(list);
                }
            }
            DeclKind::Cookie => {
                let c = Cookie {
                    id: id_of(decl),
                    title: self.title(decl),
                    kind: self.word(f.one(FieldName::Kind)),
                    party: self.word(f.one(FieldName::Party)),
                    provider: self.text(f.one(FieldName::Provider)),
                    purposes: self.texts(f.all(FieldName::Purpose)),
                    data: self.data_set(f.all(FieldName::Data)),
                    data_etc: f.all(FieldName::Data).any(|x| {
                        matches!(&x.value, Value::Refs(crate::syntax::ast::Refs::Open(..)))
                    }),
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
                    opt_outs: self.channels(f.all(FieldName::OptOut)),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    consent: self.consent_kind(f.one(FieldName::ConsentKind)),
                    consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
                    combines: self.flag(f.one(FieldName::Combines)),
                    recipients: self.refs(f.all(FieldName::Recipients), DeclKind::Recipient),
                    scope: self.words(f.all(FieldName::Scope)),
                    status: self.status(f.one(FieldName::Status)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.cookies.push(c);
            }
            DeclKind::Recommendation => {
                let (functions, processing) = self.refs_either(
                    f.all(FieldName::Functions),
                    DeclKind::Function,
                    DeclKind::Processing,
                );
                let r = Recommendation {
                    id: id_of(decl),
                    title: self.title(decl),
                    kind: self.word(f.one(FieldName::Kind)),
                    personalised: self.flag(f.one(FieldName::Personalised)),
                    non_personalised_option: self.flag(f.one(FieldName::NonPersonalisedOption)),
                    based_on: self.data_set(f.all(FieldName::BasedOn)),
                    functions,
                    processing,
                    decisions: self.refs(f.all(FieldName::Decisions), DeclKind::AutomatedDecision),
                    opt_outs: self.channels(f.all(FieldName::OptOut)),
                    opt_ins: self.channels(f.all(FieldName::OptIn)),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    scope: self.words(f.all(FieldName::Scope)),
                    status: self.status(f.one(FieldName::Status)),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.recommendations.push(r);
            }
            DeclKind::Document => {
                let d = Document {
                    id: id_of(decl),
                    title: self.title(decl),
                    relations: self.words(f.all(FieldName::Relation)),
                    url: self.text(f.one(FieldName::Url)),
                    date: self.date(f.one(FieldName::Date)),
                    scope: self.words(f.all(FieldName::Scope)),
                    unstated: self.unstated(f.one(FieldName::Unstated)),
                    contacts: self.channels(f.all(FieldName::Contact)),
                    response: self.duration(f.one(FieldName::Response), true),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.documents.push(d);
            }
            DeclKind::Processing => {
                let p = Processing {
                    id: id_of(decl),
                    title: self.title(decl),
                    kind: self.word(f.one(FieldName::Kind)),
                    purposes: self.texts(f.all(FieldName::Purpose)),
                    data: self.data_set(f.all(FieldName::Data)),
                    data_etc: f.all(FieldName::Data).any(|x| {
                        matches!(&x.value, Value::Refs(crate::syntax::ast::Refs::Open(..)))
                    }),
                    form: self.form(f.one(FieldName::Form)),
                    bases: self.words(f.all(FieldName::Basis)),
                    consent: self.consent_kind(f.one(FieldName::ConsentKind)),
                    consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
                    sources: self.sources(f),
                    method: self.text(f.one(FieldName::Method)),
                    background: self.flag(f.one(FieldName::Background)),
                    functions: self.refs(f.all(FieldName::Functions), DeclKind::Function),
                    recipients: self.refs(f.all(FieldName::Recipients), DeclKind::Recipient),
                    scope: self.words(f.all(FieldName::Scope)),
                    status: self.status(f.one(FieldName::Status)),
                    unstated: self.unstated(f.one(FieldName::Unstated)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    text: self.texts(f.all(FieldName::Text)),
                    collects: self.collects(f.all(FieldName::Collects)),
                    frequency: self.text(f.one(FieldName::Frequency)),
                    produces: self.data_set(f.all(FieldName::Produces)).refs().to_vec(),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.processing.push(p);
            }
            DeclKind::Handover => {
                let h = Handover {
                    id: id_of(decl),
                    title: self.title(decl),
                    cases: self.exception_items(f),
                    purposes: self.texts(f.all(FieldName::Purpose)),
                    data: self.data_set(f.all(FieldName::Data)),
                    data_etc: f.all(FieldName::Data).any(|x| {
                        matches!(&x.value, Value::Refs(crate::syntax::ast::Refs::Open(..)))
                    }),
                    bases: self.words(f.all(FieldName::Basis)),
                    consent: self.consent_kind(f.one(FieldName::ConsentKind)),
                    consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
                    directed_by: self.directed_by(f.one(FieldName::DirectedBy)),
                    notify_recipient: self.flag(f.one(FieldName::NotifyRecipient)),
                    recipient_bound: self.flag(f.one(FieldName::RecipientBound)),
                    reconsent_on_change: self.flag(f.one(FieldName::ReconsentOnChange)),
                    form: self.form(f.one(FieldName::Form)),
                    status: self.status(f.one(FieldName::Status)),
                    unstated: self.unstated(f.one(FieldName::Unstated)),
                    scope: self.words(f.all(FieldName::Scope)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                };
                model.handovers.push(h);
            }
            DeclKind::Shutdown => {
                model.shutdown.get_or_insert(Shutdown {
                    notices: self.channels(f.all(FieldName::Notice)),
                    lead_time: self.duration(f.one(FieldName::LeadTime), false),
                    stops_collection: self.flag(f.one(FieldName::StopsCollection)),
                    expiry: self.expiry(f.one(FieldName::Expiry)),
                    see: self.refs(f.all(FieldName::See), DeclKind::Document),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Defaults => {
                let Some(target) = decl.id.as_ref().and_then(|i| self.word_ident(i)) else {
                    return;
                };
                model.defaults.push(Defaults {
                    target,
                    title: self.title(decl),
                    channels: self.channels(f.all(FieldName::Channel)),
                    response: self.duration(f.one(FieldName::Response), true),
                    response_from: self.text(f.one(FieldName::ResponseFrom)),
                    fee: self.text(f.one(FieldName::Fee)),
                    conditions: self.texts(f.all(FieldName::Condition)),
                    contract: self.flag(f.one(FieldName::Contract)),
                    refusal: self.refusal(f.one(FieldName::IfRefused)),
                    rights: self.refs(f.all(FieldName::Rights), DeclKind::Right),
                    applies_to: self.refs(f.all(FieldName::Recipients), DeclKind::Recipient),
                    text: self.texts(f.all(FieldName::Text)),
                    span: decl.span,
                    head: head_of(decl),
                });
            }
            DeclKind::Section => model.sections.push(Section {
                id: id_of(decl),
                title: self.title(decl),
                text: self.texts(f.all(FieldName::Text)),
                span: decl.span,
                head: head_of(decl),
            }),
        }
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
            published: self.date(f.one(FieldName::Published)),
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
            platforms: self.words(f.all(FieldName::Platform)),
            do_not_track: f.one(FieldName::DoNotTrack).and_then(|x| {
                let (stance, text, span) = self.word_text::<DntStance>(x)?;
                Some(DoNotTrack { stance, text, span })
            }),
            high_risk_assessment: self.flag(f.one(FieldName::HighRisk)),
            permissions_complete: self.flag(f.one(FieldName::PermissionsComplete)),
            see: self.refs(f.all(FieldName::See), DeclKind::Document),
            text: self.texts(f.all(FieldName::Text)),
            applies_to: self.texts(f.all(FieldName::AppliesTo)),
            excludes: f
                .all(FieldName::Excludes)
                .filter_map(|x| self.word_stmt(Some(x)))
                .collect(),
            emphasis: f
                .all(FieldName::Emphasis)
                .filter_map(|x| self.emphasis(Some(x)))
                .collect(),
            span: decl.span,
            head: head_of(decl),
        }
    }

    /// The `source` lines of a function or a processing declaration.
    pub(super) fn sources(&mut self, f: &Fields<'_>) -> Vec<Source> {
        f.all(FieldName::Source)
            .filter_map(|x| match &x.value {
                Value::Source { kind, from } => Some(Source {
                    kind: self.word_ident(kind)?.value,
                    from: from.iter().map(convert_text).collect(),
                    span: x.span,
                }),
                _ => None,
            })
            .collect()
    }

    fn function(&mut self, decl: &Decl, f: &Fields<'_>) -> Function {
        let sources = self.sources(f);
        Function {
            id: id_of(decl),
            title: self.title(decl),
            group: self.text(f.one(FieldName::Group)),
            kind: self.word(f.one(FieldName::Kind)),
            purposes: self.texts(f.all(FieldName::Purpose)),
            method: self.text(f.one(FieldName::Method)),
            bases: self.words(f.all(FieldName::Basis)),
            consent: self.consent_kind(f.one(FieldName::ConsentKind)),
            consent_wording: self.consent_wording(f.one(FieldName::ConsentKind)),
            collects: self.collects(f.all(FieldName::Collects)),
            sources,
            refusal: self.refusal(f.one(FieldName::IfRefused)),
            background: self.flag(f.one(FieldName::Background)),
            frequency: self.text(f.one(FieldName::Frequency)),
            permissions: self.refs(f.all(FieldName::Permissions), DeclKind::Permission),
            sdks: self.refs(f.all(FieldName::Sdks), DeclKind::Sdk),
            recipients: self.refs(f.all(FieldName::Recipients), DeclKind::Recipient),
            decisions: self.refs(f.all(FieldName::Decisions), DeclKind::AutomatedDecision),
            subject: self.subject(f.one(FieldName::Subject)),
            status: self.status(f.one(FieldName::Status)),
            scope: self.words(f.all(FieldName::Scope)),
            unstated: self.unstated(f.one(FieldName::Unstated)),
            form: self.form(f.one(FieldName::Form)),
            on_device: self.flag(f.one(FieldName::OnDevice)),
            method_also: self.texts(f.all(FieldName::Method).skip(1)),
            stored_at: self.stored_at(f.one(FieldName::StoredAt)),
            opt_outs: self.channels(f.all(FieldName::OptOut)),
            learn_more: self.text(f.one(FieldName::LearnMore)),
            needs_account: self.flag(f.one(FieldName::NeedsAccount)),
            others_consent: self.word_stmt(f.one(FieldName::OthersConsent)),
            others_consent_also: self.word_stmts(f.all(FieldName::OthersConsent).skip(1)),
            see: self.refs(f.all(FieldName::See), DeclKind::Document),
            text: self.texts(f.all(FieldName::Text)),
            way_of: self
                .refs(f.all(FieldName::WayOf), DeclKind::Function)
                .into_iter()
                .next(),
            produces: self.data_set(f.all(FieldName::Produces)).refs().to_vec(),
            purpose_bases: self.purpose_bases(f),
            span: decl.span,
            head: head_of(decl),
        }
    }

    /// The purposes that carry bases of their own (`purpose "…" { basis … }`).
    fn purpose_bases(&mut self, f: &Fields<'_>) -> Vec<PurposeBasis> {
        let mut out = Vec::new();
        for field in f.all(FieldName::Purpose) {
            let Value::Purpose { text, body } = &field.value else {
                continue;
            };
            let b = self.fields_of(body, "`purpose` line");
            out.push(PurposeBasis {
                purpose: convert_text(text),
                bases: self.words(b.all(FieldName::Basis)),
                span: field.span,
            });
        }
        out
    }

    pub(super) fn refusal(&mut self, field: Option<&crate::syntax::ast::Field>) -> Option<Refusal> {
        let (effect, text, span) = self.word_text::<RefusalEffect>(field?)?;
        Some(Refusal { effect, text, span })
    }

    /// The `exception` lines of a declaration (an `exceptions` list, the
    /// cases of a `handover`).
    fn exception_items(&mut self, f: &Fields<'_>) -> Vec<Exception> {
        f.all(FieldName::Exception)
            .filter_map(|x| match &x.value {
                Value::Exception {
                    text,
                    maps_to,
                    condition,
                } => {
                    let mut bases = maps_to.iter().filter_map(|m| self.word_ident(m));
                    let first = bases.next();
                    Some(Exception {
                        text: convert_text(text),
                        maps_to: first,
                        also_maps_to: bases.collect(),
                        condition: condition.as_ref().map(convert_text),
                        span: x.span,
                    })
                }
                _ => None,
            })
            .collect()
    }

    /// `expiry delete "…"` on `retention` and `shutdown`.
    fn expiry(&mut self, field: Option<&Field>) -> Option<ExpiryHandling> {
        let (kind, text, span) = self.word_text::<Expiry>(field?)?;
        Some(ExpiryHandling { kind, text, span })
    }

    pub(super) fn retention(&mut self, decl: &Decl, f: &Fields<'_>) -> Retention {
        Retention {
            id: id_of(decl),
            title: self.title(decl),
            data: self.data_set(f.all(FieldName::Data)),
            data_etc: f
                .all(FieldName::Data)
                .any(|x| matches!(&x.value, Value::Refs(crate::syntax::ast::Refs::Open(..)))),
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
            expiry: self.expiry(f.one(FieldName::Expiry)),
            counted_from: self.text(f.one(FieldName::CountedFrom)),
            extended_when: self.texts(f.all(FieldName::ExtendedWhen)),
            restricted: self.flag(f.one(FieldName::Restricted)),
            unstated: self.unstated(f.one(FieldName::Unstated)),
            form: self.form(f.one(FieldName::Form)),
            text: self.texts(f.all(FieldName::Text)),
            stored_at: self.stored_at(f.one(FieldName::StoredAt)),
            span: decl.span,
            head: head_of(decl),
        }
    }
}
