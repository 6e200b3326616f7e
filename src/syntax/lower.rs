//! Lowering: pest pairs to the AST, one function per grammar rule (or per
//! value shape shared by several field rules).
//!
//! The grammar guarantees the shape of every pair, so a mismatch here is a bug
//! in policyc, not a user error: such cases return `LowerError::Internal`
//! instead of panicking, and the CLI reports them as bugs.

use pest::iterators::Pair;

use super::ast::{
    Decl, DeclKind, Document, Field, FieldName, Ident, Refs, Text, Translation, Value,
};
use super::parser::Rule;
use crate::source::Span;

/// What can go wrong while lowering a grammatically valid document.
#[derive(Debug)]
pub(crate) enum LowerError {
    /// An escape that the grammar accepts but that is not a character (`\u{D800}`).
    InvalidEscape(Span),
    /// Grammar and lowering disagree: a bug.
    Internal(String, Span),
}

type Result<T> = std::result::Result<T, LowerError>;

fn internal<T>(what: &str, pair: &Pair<'_, Rule>) -> Result<T> {
    Err(LowerError::Internal(
        format!("{what}: unexpected {:?}", pair.as_rule()),
        Span::from(pair.as_span()),
    ))
}

pub(crate) fn lower_document(pair: Pair<'_, Rule>) -> Result<Document> {
    let span = Span::from(pair.as_span());
    let mut decls = Vec::new();
    for child in pair.into_inner() {
        if child.as_rule() == Rule::EOI {
            continue;
        }
        decls.push(lower_decl(child)?);
    }
    Ok(Document { decls, span })
}

/// The span of a pair, ending at its last token: pest's implicit whitespace
/// and comments after the last token are not part of the node.
fn tight(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    let end = pair
        .clone()
        .into_inner()
        .last()
        .map_or(span.end(), |last| tight(&last).end as usize);
    Span::new(span.start(), end)
}

fn decl_kind(rule: Rule) -> Option<DeclKind> {
    Some(match rule {
        Rule::policy_decl => DeclKind::Policy,
        Rule::processor_decl => DeclKind::Processor,
        Rule::officer_decl => DeclKind::Officer,
        Rule::consent_decl => DeclKind::Consent,
        Rule::data_decl => DeclKind::Data,
        Rule::permission_decl => DeclKind::Permission,
        Rule::function_decl => DeclKind::Function,
        Rule::recipient_decl => DeclKind::Recipient,
        Rule::sdk_list_decl => DeclKind::SdkList,
        Rule::sdk_decl => DeclKind::Sdk,
        Rule::disclosure_decl => DeclKind::Disclosure,
        Rule::merger_decl => DeclKind::Merger,
        Rule::retention_decl => DeclKind::Retention,
        Rule::storage_decl => DeclKind::Storage,
        Rule::transfer_decl => DeclKind::Transfer,
        Rule::right_decl => DeclKind::Right,
        Rule::adm_decl => DeclKind::AutomatedDecision,
        Rule::marketing_decl => DeclKind::Marketing,
        Rule::minors_decl => DeclKind::Minors,
        Rule::security_decl => DeclKind::Security,
        Rule::complaints_decl => DeclKind::Complaints,
        Rule::updates_decl => DeclKind::Updates,
        Rule::exceptions_decl => DeclKind::Exceptions,
        Rule::section_decl => DeclKind::Section,
        Rule::cookie_decl => DeclKind::Cookie,
        Rule::recommendation_decl => DeclKind::Recommendation,
        Rule::dispute_decl => DeclKind::Dispute,
        Rule::document_decl => DeclKind::Document,
        Rule::processing_decl => DeclKind::Processing,
        Rule::handover_decl => DeclKind::Handover,
        Rule::shutdown_decl => DeclKind::Shutdown,
        Rule::defaults_decl => DeclKind::Defaults,
        _ => return None,
    })
}

/// Any `*_decl` rule: keyword, optional id, optional parent, optional title, fields.
fn lower_decl(pair: Pair<'_, Rule>) -> Result<Decl> {
    let Some(kind) = decl_kind(pair.as_rule()) else {
        return internal("declaration", &pair);
    };
    let span = tight(&pair);
    let mut keyword = Span::at(span.start as usize);
    let mut id = None;
    let mut parent = None;
    let mut title = None;
    let mut fields = Vec::new();
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::lbrace | Rule::rbrace | Rule::equals => {}
            Rule::ident | Rule::defaults_right_target | Rule::defaults_recipient_target => {
                id = Some(lower_ident(&child));
            }
            Rule::reference => parent = Some(lower_ident(&child)),
            Rule::title => title = Some(lower_title(child)?),
            r if r.is_keyword() => keyword = Span::from(child.as_span()),
            _ => fields.push(lower_field(child)?),
        }
    }
    fields.shrink_to_fit();
    Ok(Decl {
        kind,
        keyword,
        id,
        parent,
        title,
        fields,
        span,
    })
}

fn lower_title(pair: Pair<'_, Rule>) -> Result<Text> {
    match pair.into_inner().next() {
        Some(inner) if inner.as_rule() == Rule::text_value => lower_text_value(inner),
        Some(other) => internal("title", &other),
        None => Err(LowerError::Internal("empty title".into(), Span::default())),
    }
}

fn lower_ident(pair: &Pair<'_, Rule>) -> Ident {
    Ident {
        name: pair.as_str().to_string(),
        span: Span::from(pair.as_span()),
    }
}

/// `text_value`: a string and its translations.
fn lower_text_value(pair: Pair<'_, Rule>) -> Result<Text> {
    let span = tight(&pair);
    let mut value = None;
    let mut translations = Vec::new();
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::string_line | Rule::string_block => value = Some(lower_string(&child)?),
            Rule::translation => translations.push(lower_translation(child)?),
            _ => return internal("text value", &child),
        }
    }
    Ok(Text {
        value: value.unwrap_or_default(),
        translations,
        span,
        prominent: false,
    })
}

fn lower_translation(pair: Pair<'_, Rule>) -> Result<Translation> {
    let span = tight(&pair);
    let mut lang = String::new();
    let mut value = String::new();
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::kw_en | Rule::kw_zh => lang = child.as_str().to_string(),
            Rule::string_line | Rule::string_block => value = lower_string(&child)?,
            _ => return internal("translation", &child),
        }
    }
    Ok(Translation { lang, value, span })
}

/// A bare string used as a value (URLs): a text with no translations.
fn lower_plain_string(pair: &Pair<'_, Rule>) -> Result<Text> {
    Ok(Text {
        value: lower_string(pair)?,
        translations: Vec::new(),
        span: Span::from(pair.as_span()),
        prominent: false,
    })
}

/// `string_line` or `string_block` to its value.
fn lower_string(pair: &Pair<'_, Rule>) -> Result<String> {
    let raw = pair.as_str();
    let base = pair.as_span().start();
    match pair.as_rule() {
        Rule::string_line => {
            let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
            unescape(inner, base + 1)
        }
        Rule::string_block => {
            let inner = raw.get(3..raw.len().saturating_sub(3)).unwrap_or("");
            Ok(dedent(inner))
        }
        _ => internal("string", pair),
    }
}

fn unescape(s: &str, base: usize) -> Result<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'u')) => {
                // the grammar guarantees `{hex}`
                let rest = s.get(i + 2..).unwrap_or("");
                let close = rest.find('}').unwrap_or(rest.len());
                let hex = rest.get(1..close).unwrap_or("");
                let end = base + i + 2 + close + 1;
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(LowerError::InvalidEscape(Span::new(base + i, end)))?;
                out.push(c);
                for _ in 0..close + 1 {
                    chars.next();
                }
            }
            _ => return Err(LowerError::InvalidEscape(Span::new(base + i, base + i + 2))),
        }
    }
    Ok(out)
}

/// Triple-quoted strings: drop the first line if blank, trailing blank space,
/// and the indentation common to all non-blank lines.
fn dedent(s: &str) -> String {
    let s = s
        .strip_prefix("\r\n")
        .or_else(|| s.strip_prefix('\n'))
        .unwrap_or(s);
    let s = s.trim_end();
    let indent = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(s.len());
    for (n, line) in s.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()).trim_end());
    }
    out
}

/// The value shapes of field rules.
enum Shape {
    Text,
    Word,
    Words,
    Refs,
    Collects,
    WordText,
    Flag,
    Source,
    Exception,
    Indefinite,
    WordsText,
    Purpose,
}

fn field_info(rule: Rule) -> Option<(FieldName, Shape)> {
    use FieldName as F;
    use Shape as S;
    Some(match rule {
        Rule::text_f => (F::Text, S::Text),
        Rule::purpose_f => (F::Purpose, S::Text),
        Rule::purpose_body_f => (F::Purpose, S::Purpose),
        Rule::name_f => (F::Name, S::Text),
        Rule::contact_f => (F::Contact, S::WordText),
        Rule::basis_f => (F::Basis, S::Words),
        Rule::consent_kind_f => (F::ConsentKind, S::WordText),
        Rule::data_f => (F::Data, S::Refs),
        Rule::functions_f => (F::Functions, S::Words),
        Rule::method_f => (F::Method, S::Text),
        Rule::channel_f => (F::Channel, S::WordText),
        Rule::response_f => (F::Response, S::Word),
        Rule::privacy_url_f => (F::PrivacyUrl, S::Text),
        Rule::country_f => (F::Country, S::Word),
        Rule::version_f => (F::Version, S::Text),
        Rule::effective_f => (F::Effective, S::Word),
        Rule::updated_f => (F::Updated, S::Word),
        Rule::language_f => (F::Language, S::Words),
        Rule::app_type_f => (F::AppType, S::Words),
        Rule::sector_f => (F::Sector, S::Word),
        Rule::volume_f => (F::Volume, S::Word),
        Rule::product_f => (F::Product, S::Text),
        Rule::high_risk_f => (F::HighRisk, S::Flag),
        Rule::permissions_complete_f => (F::PermissionsComplete, S::Flag),
        Rule::registered_address_f => (F::RegisteredAddress, S::Text),
        Rule::office_address_f => (F::OfficeAddress, S::Text),
        Rule::department_f => (F::Department, S::Text),
        Rule::mechanism_f => (F::Mechanism, S::Word),
        Rule::accept_mechanism_f => (F::Mechanism, S::WordsText),
        Rule::lasts_f => (F::Lasts, S::Text),
        Rule::reconsent_purpose_f => (F::ReconsentOnPurpose, S::Flag),
        Rule::others_consent_f => (F::OthersConsent, S::WordText),
        Rule::stored_at_f => (F::StoredAt, S::WordsText),
        Rule::learn_more_f => (F::LearnMore, S::Text),
        Rule::needs_account_f => (F::NeedsAccount, S::Flag),
        Rule::example_f => (F::Example, S::Flag),
        Rule::child_officer_f => (F::ChildOfficer, S::Flag),
        Rule::takes_effect_f => (F::TakesEffect, S::WordText),
        Rule::rights_f => (F::Rights, S::Words),
        Rule::withdrawn_f => (F::IfWithdrawn, S::WordText),
        Rule::restricted_f => (F::Restricted, S::Flag),
        Rule::external_when_f => (F::ExternalWhen, S::Text),
        Rule::way_of_f => (F::WayOf, S::Word),
        Rule::applies_to_f => (F::AppliesTo, S::Text),
        Rule::excludes_f => (F::Excludes, S::WordText),
        Rule::member_f => (F::Member, S::Text),
        Rule::members_open_f => (F::MembersOpen, S::Flag),
        Rule::own_consent_f => (F::OwnConsent, S::Flag),
        Rule::service_f => (F::Service, S::Words),
        Rule::notice_before_f => (F::NoticeBefore, S::Text),
        Rule::refers_to_f => (F::RefersTo, S::WordText),
        Rule::remedy_f => (F::Remedy, S::Text),
        Rule::audience_f => (F::Audience, S::WordText),
        Rule::guardian_channel_f => (F::GuardianChannel, S::WordText),
        Rule::produces_f => (F::Produces, S::Refs),
        Rule::emphasis_f => (F::Emphasis, S::WordsText),
        Rule::bundled_f => (F::Bundled, S::Flag),
        Rule::sensitive_f => (F::Sensitive, S::Flag),
        Rule::necessity_f => (F::Necessity, S::Text),
        Rule::impact_f => (F::Impact, S::Text),
        Rule::third_party_f => (F::ThirdParty, S::Flag),
        Rule::jrt_f => (F::Jrt, S::Word),
        Rule::os_f => (F::Os, S::Words),
        Rule::when_f => (F::When, S::Words),
        Rule::collects_f | Rule::perm_collects_f => (F::Collects, S::Collects),
        Rule::group_f => (F::Group, S::Text),
        Rule::kind_f => (F::Kind, S::Word),
        Rule::source_f => (F::Source, S::Source),
        Rule::refusal_f => (F::IfRefused, S::WordText),
        Rule::background_f => (F::Background, S::Flag),
        Rule::frequency_f => (F::Frequency, S::Text),
        Rule::permissions_f => (F::Permissions, S::Words),
        Rule::sdks_f => (F::Sdks, S::Words),
        Rule::recipients_f => (F::Recipients, S::Words),
        Rule::decisions_f => (F::Decisions, S::Words),
        Rule::type_f => (F::Type, S::Text),
        Rule::role_f => (F::Role, S::Word),
        Rule::contract_f => (F::Contract, S::Flag),
        Rule::url_f => (F::Url, S::Text),
        Rule::provider_f => (F::Provider, S::Text),
        Rule::feature_f => (F::Feature, S::Text),
        Rule::sdk_method_f => (F::Collection, S::WordText),
        Rule::starts_f => (F::Starts, S::WordText),
        Rule::deidentified_f => (F::Deidentified, S::Flag),
        Rule::notify_recipient_f => (F::NotifyRecipient, S::Flag),
        Rule::recipient_bound_f => (F::RecipientBound, S::Flag),
        Rule::reconsent_f => (F::ReconsentOnChange, S::Flag),
        Rule::at_least_f => (F::AtLeast, S::Word),
        Rule::at_most_f => (F::AtMost, S::Word),
        Rule::until_f => (F::Until, S::Text),
        Rule::indefinite_f => (F::Indefinite, S::Indefinite),
        Rule::determined_by_f => (F::DeterminedBy, S::Text),
        Rule::legal_f => (F::Legal, S::Text),
        Rule::expiry_f => (F::Expiry, S::WordText),
        Rule::location_f => (F::Location, S::Words),
        Rule::rights_procedure_f => (F::RightsProcedure, S::Text),
        Rule::covers_f => (F::Covers, S::Words),
        Rule::path_f => (F::Path, S::Text),
        Rule::condition_f => (F::Condition, S::Text),
        Rule::fee_f => (F::Fee, S::Text),
        Rule::significant_f => (F::Significant, S::Flag),
        Rule::logic_f => (F::Logic, S::Text),
        Rule::explain_f => (F::Explain, S::WordText),
        Rule::refuse_f => (F::Refuse, S::WordText),
        Rule::human_review_f => (F::HumanReview, S::Flag),
        Rule::personalised_f => (F::Personalised, S::Flag),
        Rule::non_personalised_f => (F::NonPersonalisedOption, S::Flag),
        Rule::via_f => (F::Via, S::Words),
        Rule::opt_out_f => (F::OptOut, S::WordText),
        Rule::tag_deletion_f => (F::TagDeletion, S::Flag),
        Rule::min_age_f => (F::MinAge, S::Word),
        Rule::under14_f => (F::Under14Rules, S::Word),
        Rule::guardian_f => (F::GuardianConsent, S::Flag),
        Rule::measure_f => (F::Measure, S::WordText),
        Rule::certification_f => (F::Certification, S::Text),
        Rule::incident_notice_f => (F::IncidentNotice, S::Words),
        Rule::incident_contents_f => (F::IncidentContents, S::Words),
        Rule::external_f => (F::External, S::Text),
        Rule::notice_f => (F::Notice, S::WordText),
        Rule::material_f => (F::Material, S::Text),
        Rule::reconsent_material_f => (F::ReconsentOnMaterial, S::Flag),
        Rule::deemed_acceptance_f => (F::DeemedAcceptance, S::Flag),
        Rule::archive_f => (F::Archive, S::Flag),
        Rule::exception_f => (F::Exception, S::Exception),
        Rule::part_of_f => (F::PartOf, S::Word),
        Rule::platform_f => (F::Platform, S::Words),
        Rule::scope_f => (F::Scope, S::Words),
        Rule::subject_f => (F::Subject, S::WordsText),
        Rule::status_f => (F::Status, S::WordText),
        Rule::published_f => (F::Published, S::Word),
        Rule::party_f => (F::Party, S::Word),
        Rule::combines_f => (F::Combines, S::Flag),
        Rule::based_on_f => (F::BasedOn, S::Refs),
        Rule::opt_in_f => (F::OptIn, S::WordText),
        Rule::do_not_track_f => (F::DoNotTrack, S::WordText),
        Rule::directed_by_f => (F::DirectedBy, S::WordText),
        Rule::returns_f => (F::Returns, S::Collects),
        Rule::self_collects_f => (F::SelfCollects, S::Collects),
        Rule::unstated_f => (F::Unstated, S::WordsText),
        Rule::form_f => (F::Form, S::WordsText),
        Rule::revocable_f => (F::Revocable, S::Flag),
        Rule::asked_f => (F::Asked, S::Flag),
        Rule::holder_f => (F::Holder, S::WordsText),
        Rule::law_f => (F::Law, S::Text),
        Rule::forum_f => (F::Forum, S::WordText),
        Rule::response_from_f => (F::ResponseFrom, S::Text),
        Rule::see_f => (F::See, S::Words),
        Rule::relation_f => (F::Relation, S::Words),
        Rule::date_f => (F::Date, S::Word),
        Rule::grant_f => (F::Grant, S::WordText),
        Rule::on_device_f => (F::OnDevice, S::Flag),
        Rule::regulator_report_f => (F::RegulatorReport, S::Flag),
        Rule::child_age_f => (F::ChildAge, S::Word),
        Rule::joint_consent_f => (F::JointConsent, S::Flag),
        Rule::either_consent_f => (F::EitherConsent, S::Flag),
        Rule::guardian_check_f => (F::GuardianCheck, S::WordText),
        Rule::guardian_exception_f => (F::GuardianException, S::Flag),
        Rule::affiliates_f => (F::Affiliates, S::Text),
        Rule::includes_f => (F::Includes, S::Refs),
        Rule::claim_sensitive_f => (F::Sensitive, S::WordText),
        Rule::use_f => (F::Use, S::WordText),
        Rule::counted_from_f => (F::CountedFrom, S::Text),
        Rule::extended_when_f => (F::ExtendedWhen, S::Text),
        Rule::notice_exemption_f => (F::NoticeExemption, S::Text),
        Rule::reports_f => (F::Reports, S::Flag),
        Rule::reports_url_f => (F::ReportsUrl, S::Text),
        Rule::we_means_f => (F::WeMeans, S::Text),
        Rule::lead_time_f => (F::LeadTime, S::Word),
        Rule::stops_collection_f => (F::StopsCollection, S::Flag),
        _ => return None,
    })
}

/// Any `*_f` rule: its keyword, then a value of the rule's shape.
fn lower_field(pair: Pair<'_, Rule>) -> Result<Field> {
    let Some((name, shape)) = field_info(pair.as_rule()) else {
        return internal("field", &pair);
    };
    let span = tight(&pair);
    let mut inner = pair.into_inner();
    let Some(kw) = inner.next() else {
        return Err(LowerError::Internal("field without keyword".into(), span));
    };
    let name_span = Span::from(kw.as_span());
    let rest: Vec<Pair<'_, Rule>> = inner.collect();
    let value = match shape {
        // `text prominent "…"`: the marking, then the text.
        Shape::Text if rest.first().map(Pair::as_rule) == Some(Rule::prominent) => {
            match rest.get(1) {
                Some(p) if p.as_rule() == Rule::text_value => {
                    let mut t = lower_text_value(p.clone())?;
                    t.prominent = true;
                    Value::Text(t)
                }
                _ => {
                    return Err(LowerError::Internal(
                        "text field without value".into(),
                        span,
                    ))
                }
            }
        }
        Shape::Text => match rest.first() {
            Some(p) if p.as_rule() == Rule::text_value => Value::Text(lower_text_value(p.clone())?),
            Some(p) => Value::Text(lower_plain_string(p)?),
            None => {
                return Err(LowerError::Internal(
                    "text field without value".into(),
                    span,
                ))
            }
        },
        Shape::Word => match rest.first() {
            Some(p) => Value::Word(lower_ident(p)),
            None => {
                return Err(LowerError::Internal(
                    "word field without value".into(),
                    span,
                ))
            }
        },
        Shape::Words => Value::Words(
            rest.iter()
                .flat_map(|p| p.clone().into_inner())
                .filter(|p| p.as_rule() == Rule::ident)
                .map(|p| lower_ident(&p))
                .collect(),
        ),
        Shape::Refs => lower_refs(&rest),
        Shape::Collects => lower_collects(rest)?,
        Shape::Purpose => {
            let mut text = None;
            let mut body = Vec::new();
            for p in rest {
                match p.as_rule() {
                    Rule::text_value => text = Some(lower_text_value(p)?),
                    Rule::purpose_body => {
                        for f in p.into_inner() {
                            if !matches!(f.as_rule(), Rule::lbrace | Rule::rbrace) {
                                body.push(lower_field(f)?);
                            }
                        }
                    }
                    _ => return internal("purpose", &p),
                }
            }
            let text =
                text.ok_or_else(|| LowerError::Internal("missing purpose text".into(), span))?;
            Value::Purpose { text, body }
        }
        Shape::WordText => {
            let mut word = None;
            let mut text = None;
            for p in rest {
                match p.as_rule() {
                    Rule::ident => word = Some(lower_ident(&p)),
                    Rule::text_value => text = Some(lower_text_value(p)?),
                    _ => return internal("word and text", &p),
                }
            }
            let word = word.ok_or_else(|| LowerError::Internal("missing word".into(), span))?;
            Value::WordText { word, text }
        }
        Shape::Flag => {
            let mut flag = None;
            let mut text = None;
            for p in rest {
                match p.as_rule() {
                    Rule::yes_no => {
                        let on = p.clone().into_inner().next().map(|k| k.as_rule())
                            == Some(Rule::kw_yes);
                        flag = Some((on, Span::from(p.as_span())));
                    }
                    Rule::text_value => text = Some(lower_text_value(p)?),
                    _ => return internal("flag", &p),
                }
            }
            let (value, fspan) =
                flag.ok_or_else(|| LowerError::Internal("missing flag".into(), span))?;
            Value::Flag {
                value,
                span: fspan,
                text,
            }
        }
        Shape::Source => {
            let mut kind = None;
            let mut from = Vec::new();
            for p in rest {
                match p.as_rule() {
                    Rule::ident => kind = Some(lower_ident(&p)),
                    Rule::kw_from => {}
                    Rule::text_list => {
                        for t in p.into_inner() {
                            if t.as_rule() == Rule::text_value {
                                from.push(lower_text_value(t)?);
                            }
                        }
                    }
                    _ => return internal("source", &p),
                }
            }
            let kind =
                kind.ok_or_else(|| LowerError::Internal("missing source kind".into(), span))?;
            Value::Source { kind, from }
        }
        Shape::Exception => {
            let mut text = None;
            let mut maps_to = Vec::new();
            let mut condition = None;
            for p in rest {
                match p.as_rule() {
                    // The first string is the ground, one after `condition` its condition.
                    Rule::text_value if text.is_none() => text = Some(lower_text_value(p)?),
                    Rule::text_value => condition = Some(lower_text_value(p)?),
                    Rule::kw_maps_to | Rule::kw_condition => {}
                    Rule::ident_list => maps_to.extend(
                        p.into_inner()
                            .filter(|i| i.as_rule() == Rule::ident)
                            .map(|i| lower_ident(&i)),
                    ),
                    _ => return internal("exception", &p),
                }
            }
            let text =
                text.ok_or_else(|| LowerError::Internal("missing exception text".into(), span))?;
            Value::Exception {
                text,
                maps_to,
                condition,
            }
        }
        Shape::WordsText => {
            let mut words = Vec::new();
            let mut text = None;
            for p in rest {
                match p.as_rule() {
                    Rule::ident_list => words.extend(
                        p.into_inner()
                            .filter(|i| i.as_rule() == Rule::ident)
                            .map(|i| lower_ident(&i)),
                    ),
                    Rule::text_value => text = Some(lower_text_value(p)?),
                    _ => return internal("words and text", &p),
                }
            }
            Value::WordsText { words, text }
        }
        Shape::Indefinite => Value::Indefinite(match rest.into_iter().next() {
            Some(p) => Some(lower_text_value(p)?),
            None => None,
        }),
    };
    Ok(Field {
        name,
        name_span,
        value,
        span,
    })
}

fn lower_refs(rest: &[Pair<'_, Rule>]) -> Value {
    for p in rest {
        match p.as_rule() {
            Rule::kw_all => return Value::Refs(Refs::All(Span::from(p.as_span()))),
            Rule::reference_list => {
                let list = lower_reference_list(p.clone());
                return Value::Refs(match rest.iter().find(|e| e.as_rule() == Rule::etc) {
                    Some(e) => Refs::Open(list, Span::from(e.as_span())),
                    None => Refs::List(list),
                });
            }
            _ => {}
        }
    }
    Value::Refs(Refs::List(Vec::new()))
}

fn lower_reference_list(pair: Pair<'_, Rule>) -> Vec<Ident> {
    pair.into_inner()
        .filter(|p| p.as_rule() == Rule::reference)
        .map(|p| lower_ident(&p))
        .collect()
}

/// `collects need? collect_list text_value? body?`
fn lower_collects(rest: Vec<Pair<'_, Rule>>) -> Result<Value> {
    let mut need = None;
    let mut items = Vec::new();
    let mut note = None;
    let mut body = Vec::new();
    let mut etc = None;
    for p in rest {
        match p.as_rule() {
            Rule::need => need = p.into_inner().next().map(|k| lower_ident(&k)),
            Rule::collect_list => {
                for item in p.into_inner() {
                    if item.as_rule() == Rule::etc {
                        etc = Some(Span::from(item.as_span()));
                    }
                    if item.as_rule() == Rule::collect_item {
                        items.push(
                            item.into_inner()
                                .filter(|r| r.as_rule() == Rule::reference)
                                .map(|r| lower_ident(&r))
                                .collect(),
                        );
                    }
                }
            }
            Rule::text_value => note = Some(lower_text_value(p)?),
            Rule::collects_body | Rule::perm_collects_body => {
                for f in p.into_inner() {
                    if !matches!(f.as_rule(), Rule::lbrace | Rule::rbrace) {
                        body.push(lower_field(f)?);
                    }
                }
            }
            _ => return internal("collects", &p),
        }
    }
    Ok(Value::Collects {
        need,
        items,
        note,
        body,
        etc,
    })
}

#[cfg(test)]
mod tests {
    use super::{dedent, unescape};

    #[test]
    fn unescapes_and_dedents() {
        assert_eq!(
            unescape(r#"a\"b\\c\n\u{4E2D}"#, 0).ok().as_deref(),
            Some("a\"b\\c\n中")
        );
        assert!(unescape(r"\u{D800}", 0).is_err());
        assert_eq!(dedent("\n    one\n      two\n    "), "one\n  two");
    }
}
