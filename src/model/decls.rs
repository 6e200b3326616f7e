//! The declarations of the model, one struct per kind (and the parts they
//! are made of). Each derives `Node` and carries its span and head span.

use serde::Serialize;

use policyc_derive::Node;

use super::words::*;
use crate::source::Span;

use super::values::*;

/// `policy "title" { … }`
#[derive(Node, Clone, Debug, Default, Serialize)]
pub struct Header {
    pub title: Option<Text>,
    pub version: Option<Text>,
    pub effective: Option<Spanned<Date>>,
    pub updated: Option<Spanned<Date>>,
    /// The publication date (发布日期), when the policy gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Spanned<Date>>,
    #[node(name = "language")]
    pub languages: Vec<Spanned<String>>,
    /// App types by code (`online-lending`), validated against the 39 types.
    #[node(name = "app-type")]
    pub app_types: Vec<Spanned<String>>,
    pub sector: Option<Spanned<Sector>>,
    pub volume: Option<Spanned<Volume>>,
    #[node(name = "product")]
    pub products: Vec<Text>,
    /// The platforms the policy covers (`platform app, web`); empty when
    /// the policy does not say.
    #[node(name = "platform")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<Spanned<Platform>>,
    /// What the policy does with a browser's Do Not Track signal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_not_track: Option<DoNotTrack>,
    pub high_risk_assessment: Option<Flag>,
    /// The `permission` declarations are all the permissions the app calls
    /// (`permissions-complete yes "…请见下表"`): the text presents its
    /// permission table as the app's list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_complete: Option<Flag>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    pub text: Vec<Text>,
    /// Whom the policy applies to (`applies-to "注册登录及浏览用户"`).
    #[node(name = "applies-to")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<Text>,
    /// What the policy says it does not cover (`excludes advertisers "…"`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excludes: Vec<WordStmt<Exclusion>>,
    /// How the policy marks the clauses it makes prominent, as it announces
    /// it (`emphasis bold "已采用加粗字体来特别提醒您"`); the clauses are the
    /// texts written `text prominent "…"`.
    /// One per announcement: douban marks rights clauses in bold and
    /// sensitive data in bold italics.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emphasis: Vec<EmphasisStmt>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Processor {
    pub name: Option<Text>,
    pub registered_address: Option<Text>,
    pub office_address: Option<Text>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    /// The contact department (法务部, 客服部门).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<Text>,
    /// The affiliates counted as the processor with it ("及其关联公司").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliates: Option<Text>,
    /// What kind of body the processor is (`kind studio`: a studio that is not a company).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spanned<ProcessorKind>>,
    /// Whom "我们" covers, as the policy defines or uses it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub we_means: Option<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Officer {
    /// What the policy designates: a person, a team, a department, or only
    /// a mailbox.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spanned<OfficerKind>>,
    pub name: Option<Text>,
    pub department: Option<Text>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct ConsentFlow {
    pub mechanism: Option<Spanned<AcceptMechanism>>,
    /// Further acts of acceptance the policy names (`mechanism checkbox, deemed-by-use`:
    /// `deemed-by-use`).
    #[node(name = "mechanism")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mechanism_also: Vec<Spanned<AcceptMechanism>>,
    /// The policy's wording of the acceptance ("勾选“同意”本隐私政策并使用").
    #[node(name = "mechanism")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanism_wording: Option<Text>,
    /// How long consent lasts, as worded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lasts: Option<Text>,
    /// Consent is asked again before a new purpose (PIPL Art. 14 ¶2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconsent_on_purpose: Option<Flag>,
    /// How the consent of others the user's data concerns is had.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub others_consent: Option<WordStmt<OthersConsent>>,
    /// Further ways the text gives (`others-consent` given again: deemed,
    /// and the user's duty to obtain it).
    #[node(name = "others-consent")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others_consent_also: Vec<WordStmt<OthersConsent>>,
    pub bundled: Option<Flag>,
    /// What refusing the policy costs ("如果您不同意本政策…").
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    /// What withdrawing consent costs (`if-withdrawn blocks-function "…"`).
    #[node(name = "if-withdrawn")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<Refusal>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// Where a category sits in the taxonomy.
#[derive(Node, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaxonomyRef {
    pub class: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
}

/// A data category: declared by the policy, or used straight from the taxonomy.
#[derive(Node, Clone, Debug, Serialize)]
pub struct DataCategory {
    pub id: String,
    /// Declared with `data id = …` (false: a taxonomy name used directly).
    pub declared: bool,
    pub label: Option<Text>,
    pub taxonomy: TaxonomyRef,
    /// Sensitive by the built-in taxonomy (GB/T 35273 B.1, PIPL Art. 28).
    pub taxonomy_sensitive: bool,
    /// What the policy itself says (`sensitive yes|no`), if anything.
    #[node(name = "sensitive")]
    pub marked_sensitive: Option<Flag>,
    /// Sensitive by the taxonomy or by the policy's own marking.
    pub sensitive: bool,
    /// One of the App rules' "special" items (installed apps, immutable device IDs, ...).
    pub special: bool,
    pub jrt: Option<Spanned<JrtClass>>,
    /// PI about people other than the user (emergency contacts): from
    /// `third-party`, else from `subject` (any subject but `user` or
    /// `enterprise`), else from the taxonomy.
    #[node(name = "third-party")]
    pub third_party_subject: bool,
    /// Whose personal information it is, as the policy says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectStmt>,
    pub necessity: Option<Text>,
    pub impact: Option<Text>,
    /// The categories this umbrella category consists of, as the policy's
    /// glossary lists them (`includes device-model, imei, etc`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub includes: Vec<Ref>,
    /// The `includes` list ends in `etc` (等).
    #[node(name = "includes")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub includes_etc: bool,
    pub text: Vec<Text>,
    /// Whether the policy processes it (`status mentioned`: the text names the
    /// item, in a definition or a rights clause, without saying it is processed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

impl DataCategory {
    /// Whether the text says the category may be a child's (`subject child`,
    /// alone or beside others: "您和/或您孩子"). A child's (儿童: under
    /// fourteen) personal information is sensitive (PIPL Art. 28 ¶1), so
    /// the rules read such a category as Art. 28's `under-14` class: the
    /// policy must meet Art. 28–31 for the case where it is the child's.
    pub fn maybe_child(&self) -> bool {
        self.subject.as_ref().is_some_and(|s| {
            s.kinds
                .iter()
                .any(|k| k.value == crate::model::words::Subject::Child)
        })
    }
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Permission {
    pub id: String,
    pub title: Option<Text>,
    pub os: Vec<Spanned<Os>>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub functions: Vec<Ref>,
    pub when: Option<Spanned<When>>,
    pub collects: Vec<Collect>,
    /// Consent given by granting the permission (`consent deemed "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent.
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    /// The header's platforms this declaration applies to (`scope web`);
    /// empty: every platform of the policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    /// Where the user switches it off (`path "设置-应用权限"`).
    #[node(name = "path")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<Text>,
    /// Whether the user can switch it off again (是否可关闭).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocable: Option<Flag>,
    /// Whether the app asks before using it (是否询问).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked: Option<Flag>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    /// Further moments it is asked at (`when on-use, startup`: `startup`).
    #[node(name = "when")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub when_also: Vec<Spanned<When>>,
    /// The grant level it asks for (`grant always "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant: Option<GrantStmt>,
    /// What refusing it costs (`if-refused blocks-function "…"`).
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// One `collects` entry: a data category and whether it is required, and
/// what the body of its `collects` line says about it.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Collect {
    pub data: Ref,
    pub need: Option<Need>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The other categories of which the user gives this one or any
    /// (`collects required phone | email`); empty: no alternative.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Ref>,
    /// What refusing this item costs (`if-refused` in the body).
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// The legal basis for this item, where the text gives one per item.
    #[node(name = "basis")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<Spanned<LegalBasis>>,
    /// The purposes of this item, where the text gives them per item.
    #[node(name = "purpose")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Text>,
    /// Whose personal information this item is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectStmt>,
    /// When the item is collected (根据服务类型的不同、在您开启…后).
    #[node(name = "condition")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Text>,
    /// In a permission: the functions that use the data the permission
    /// gives (empty: the permission's functions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Ref>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub text: Vec<Text>,
    /// The state the item is in (`form hashed "加密后不可逆"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    /// What the text says of the line's sensitivity in this context
    /// (`sensitive partly "上述信息包含敏感信息"`).
    #[node(name = "sensitive")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<SensitivityStmt>,
    /// A restriction on the use of the items (`use only "仅作为…使用"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_limit: Option<UseStmt>,
    /// The operating systems the item is collected on (`os ios`); empty: all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub os: Vec<Spanned<Os>>,
    /// The line's list ends in `etc` (等): more items of its kind may be
    /// collected than it names.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub etc: bool,
    /// Why these items are necessary in this context (PIPL Art. 30), where
    /// the text says it per collection rather than per category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub necessity: Option<Text>,
    /// Their impact on the individual in this context (PIPL Art. 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Text>,
    /// Where this line's items come from, where the text says it per item
    /// (`source indirect from "其他方使用我方的产品与/或服务时"`); none: the
    /// declaration's own `source`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The consent asked for these items, where the text says it per item
    /// (`consent general "在获得您的同意后"`, `consent separate "单独征得您的同意"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent.
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    /// The `collects` line this entry comes from.
    #[serde(skip)]
    #[node(skip)]
    pub line: Span,
}

impl Collect {
    /// Whether its `collects` line has a body that says anything.
    pub fn has_body(&self) -> bool {
        self.refusal.is_some()
            || !self.bases.is_empty()
            || !self.purposes.is_empty()
            || self.subject.is_some()
            || !self.conditions.is_empty()
            || !self.functions.is_empty()
            || !self.text.is_empty()
            || self.form.is_some()
            || self.sensitivity.is_some()
            || self.use_limit.is_some()
            || self.consent.is_some()
            || !self.os.is_empty()
            || self.etc
            || self.source.is_some()
    }
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Source {
    pub kind: SourceKind,
    pub from: Vec<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// What refusing costs.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Refusal {
    pub effect: RefusalEffect,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Function {
    pub id: String,
    pub title: Option<Text>,
    pub group: Option<Text>,
    pub kind: Option<Spanned<FunctionKind>>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    /// The method of processing, in words (PIPL Art. 17 ¶1(2)).
    pub method: Option<Text>,
    #[node(name = "basis")]
    pub bases: Vec<Spanned<LegalBasis>>,
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent ("开启蓝牙即视为同意").
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    pub collects: Vec<Collect>,
    #[node(name = "source")]
    pub sources: Vec<Source>,
    #[node(name = "if-refused")]
    pub refusal: Option<Refusal>,
    pub background: Option<Flag>,
    pub frequency: Option<Text>,
    pub permissions: Vec<Ref>,
    pub sdks: Vec<Ref>,
    pub recipients: Vec<Ref>,
    pub decisions: Vec<Ref>,
    /// Whose personal information the function's data is, unless an item
    /// says otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectStmt>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    /// The header's platforms this declaration applies to (`scope web`);
    /// empty: every platform of the policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    /// What the text leaves unstated (`unstated channel "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    /// The state the data is in (`form deidentified "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    /// The processing stays on the user's device or own hardware.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_device: Option<Flag>,
    /// Further methods of processing (`method` given again).
    #[node(name = "method")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub method_also: Vec<Text>,
    /// Where the function's data is kept (`stored-at user-hardware "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_at: Option<StoredAtStmt>,
    /// The function's own switch (`opt-out settings "设置--指纹/手势管理"`).
    #[node(name = "opt-out")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub opt_outs: Vec<ChannelRef>,
    /// Where the policy points for more about the function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learn_more: Option<Text>,
    /// Whether the function needs an account (`needs-account no "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs_account: Option<Flag>,
    /// How the consent of others the function's data concerns is had.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub others_consent: Option<WordStmt<OthersConsent>>,
    /// Further ways the text gives (`others-consent` given again).
    #[node(name = "others-consent")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others_consent_also: Vec<WordStmt<OthersConsent>>,
    pub text: Vec<Text>,
    /// The function this one is a way of (`way-of login`): one of several
    /// alternative methods of that function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub way_of: Option<Ref>,
    /// Data it produces rather than collects (`produces preferences`):
    /// derived data such as profiles, tags and archives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub produces: Vec<Ref>,
    /// The purposes the text gives bases of their own
    /// (`purpose "…" { basis legal-duty }`); each is also in `purposes`.
    #[node(name = "purpose")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purpose_bases: Vec<PurposeBasis>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `purpose "…" { basis … }`: the legal bases the text gives for one purpose
/// of a function (one clause, two purposes on different grounds).
#[derive(Node, Clone, Debug, Serialize)]
pub struct PurposeBasis {
    pub purpose: Text,
    #[node(name = "basis")]
    pub bases: Vec<Spanned<LegalBasis>>,
    #[node(skip)]
    #[serde(skip)]
    pub span: Span,
}

impl Function {
    /// Every basis the function states: its own `basis` and its purposes'.
    pub fn all_bases(&self) -> impl Iterator<Item = &Spanned<LegalBasis>> {
        self.bases
            .iter()
            .chain(self.purpose_bases.iter().flat_map(|p| p.bases.iter()))
    }

    /// A purpose the text gives no basis for, in a function with no basis
    /// of its own whose other purposes have theirs.
    pub fn purpose_without_basis(&self) -> Option<&Text> {
        if !self.bases.is_empty() || self.purpose_bases.is_empty() {
            return None;
        }
        self.purposes.iter().find(|p| {
            !self
                .purpose_bases
                .iter()
                .any(|b| b.purpose.text == p.text && !b.bases.is_empty())
        })
    }
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Recipient {
    pub id: String,
    pub title: Option<Text>,
    /// The legal name; `None` when the policy gives only a type.
    pub name: Option<Text>,
    #[serde(rename = "type")]
    #[node(name = "type")]
    pub type_label: Option<Text>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    pub role: Option<Spanned<Role>>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub method: Option<Text>,
    pub data: DataSet,
    /// The `data` list ends in `etc` (等).
    #[node(name = "data")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_etc: bool,
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent ("开启蓝牙即视为同意").
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    #[node(name = "basis")]
    pub bases: Vec<Spanned<LegalBasis>>,
    pub functions: Vec<Ref>,
    pub country: Option<Spanned<String>>,
    pub privacy_url: Option<Text>,
    pub contract: Option<Flag>,
    /// The recipient asks the user's consent itself, in its own name, for its
    /// own processing (`own-consent yes "以其自己的名义获得您的同意"`). Not the
    /// provider's consent to the provision (`consent`, which T004 reads):
    /// PIPL Art. 23 asks that of the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own_consent: Option<Flag>,
    /// What service the recipient performs (`service debt-collection`), as
    /// words rules read; `type` and `purpose` keep the policy's wording.
    #[node(name = "service")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Spanned<RecipientService>>,
    /// The notice the individual gets before the recipient starts, in the
    /// policy's wording (`notice-before "委托外部机构实施催收前…告知您"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_before: Option<Text>,
    /// The fields given by `defaults recipient` rather than by the recipient itself.
    #[node(skip)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inherited: Vec<&'static str>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    /// Who directs the flow (`directed-by`); none: the processor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directed_by: Option<DirectedBy>,
    /// Data the recipient provides back to the processor.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub returns: Vec<Collect>,
    /// Data the recipient collects itself from the user on the processor's
    /// platform, beside the data it is given (`self-collects bank-card "…"`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub self_collects: Vec<Collect>,
    /// What the text leaves unstated (`unstated channel "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    /// The state the data is in (`form deidentified "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    /// What refusing it costs (`if-refused blocks-function "…"`).
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// Named members of a recipient group (`member "兴业金融租赁有限责任公司"`).
    #[node(name = "member")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Text>,
    /// The list of members is open (`members-open yes "包括但不限于"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members_open: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// A set of data categories: listed, or `all`.
#[derive(Node, Clone, Debug, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataSet {
    #[default]
    None,
    All,
    List(Vec<Ref>),
}

impl DataSet {
    pub fn refs(&self) -> &[Ref] {
        match self {
            DataSet::List(v) => v,
            _ => &[],
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            DataSet::None => true,
            DataSet::All => false,
            DataSet::List(v) => v.is_empty(),
        }
    }
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Sdk {
    pub id: String,
    pub title: Option<Text>,
    /// What the third-party code is (`kind api`: a remote API, not an
    /// embedded SDK; `kind open-source`: a library with no provider).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spanned<SdkKind>>,
    pub provider: Option<Text>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    pub feature: Option<Text>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub collects: Vec<Collect>,
    pub permissions: Vec<Ref>,
    pub method: Option<SdkCollection>,
    pub deidentified: Option<Flag>,
    /// Named only as an example of an open set (`example yes "例如：…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Flag>,
    pub privacy_url: Option<Text>,
    pub role: Option<Spanned<Role>>,
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent ("开启蓝牙即视为同意").
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    pub functions: Vec<Ref>,
    /// The SDK this one is a component of.
    pub part_of: Option<Ref>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    /// Who directs the flow (`directed-by`); none: the processor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directed_by: Option<DirectedBy>,
    /// The header's platforms this declaration applies to (`scope web`);
    /// empty: every platform of the policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    /// What the text leaves unstated (`unstated channel "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    /// The state the data is in (`form deidentified "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    /// What refusing it costs (`if-refused blocks-function "…"`).
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// When it starts relative to consent (`starts after-consent "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts: Option<SdkStarts>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// When an SDK, or the SDKs of a list, start relative to the user's consent,
/// and the policy's wording (which keeps a hedge such as "尽可能").
#[derive(Node, Clone, Debug, Serialize)]
pub struct SdkStarts {
    pub kind: SdkStart,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct SdkCollection {
    pub kind: SdkMethod,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct SdkList {
    pub id: Option<String>,
    pub title: Option<Text>,
    pub url: Option<Text>,
    /// When the listed SDKs start relative to consent (`starts after-consent "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts: Option<SdkStarts>,
    /// What the text leaves unstated (`unstated channel "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Disclosure {
    pub id: String,
    pub title: Option<Text>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub data: DataSet,
    /// The `data` list ends in `etc` (等).
    #[node(name = "data")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_etc: bool,
    #[node(name = "basis")]
    pub bases: Vec<Spanned<LegalBasis>>,
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent ("开启蓝牙即视为同意").
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    /// Who makes the data public (`directed-by user`: the user publishes
    /// on the platform); none: the processor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directed_by: Option<DirectedBy>,
    /// The state the data is in (`form deidentified "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Merger {
    pub notify_recipient: Option<Flag>,
    pub recipient_bound: Option<Flag>,
    pub reconsent_on_change: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Retention {
    pub id: String,
    pub title: Option<Text>,
    pub data: DataSet,
    /// The `data` list ends in `etc` (等).
    #[node(name = "data")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_etc: bool,
    pub functions: Vec<Ref>,
    /// Why the data is kept this long (the policy's stated purposes).
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub at_least: Option<Spanned<Duration>>,
    pub at_most: Option<Spanned<Duration>>,
    pub until: Option<Text>,
    pub indefinite: Option<Spanned<Option<Text>>>,
    pub determined_by: Vec<Text>,
    pub legal: Vec<Text>,
    pub expiry: Option<ExpiryHandling>,
    /// The event the period is counted from (`counted-from "自交易完成之日起"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted_from: Option<Text>,
    /// Grounds on which the period may be extended (`extended-when "…"`).
    #[node(name = "extended-when")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extended_when: Vec<Text>,
    /// What the text leaves unstated (`unstated channel "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    /// The state the data is in (`form deidentified "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    /// During the period only storage and security measures take place
    /// (`restricted yes "…"`; PIPL Art. 47 ¶2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted: Option<Flag>,
    pub text: Vec<Text>,
    /// Where the data is kept (`stored-at user-device "本地存储"`): kept on the
    /// user's side only, the processor retains nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_at: Option<StoredAtStmt>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct ExpiryHandling {
    pub kind: Expiry,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Storage {
    #[node(name = "location")]
    pub locations: Vec<Spanned<String>>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Transfer {
    pub id: String,
    pub title: Option<Text>,
    pub name: Option<Text>,
    pub country: Option<Spanned<String>>,
    #[node(name = "contact")]
    pub contacts: Vec<ChannelRef>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub method: Option<Text>,
    pub data: DataSet,
    /// The `data` list ends in `etc` (等).
    #[node(name = "data")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_etc: bool,
    pub mechanism: Option<Spanned<Mechanism>>,
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent ("开启蓝牙即视为同意").
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    pub rights_procedure: Option<Text>,
    /// Whether it happens (`status`); none: it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    /// What the text leaves unstated (`unstated channel "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    /// The state the data is in (`form deidentified "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Right {
    pub id: String,
    pub title: Option<Text>,
    pub covers: Vec<Spanned<RightKind>>,
    #[node(name = "channel")]
    pub channels: Vec<ChannelRef>,
    #[node(name = "path")]
    pub paths: Vec<Text>,
    pub response: Option<Spanned<Duration>>,
    /// The event the response time counts from (`response-from "在验证您的身份后"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_from: Option<Text>,
    #[node(name = "condition")]
    pub conditions: Vec<Text>,
    pub fee: Option<Text>,
    /// The header's platforms this declaration applies to (`scope web`);
    /// empty: every platform of the policy.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    /// What the text leaves unstated (`unstated channel "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    /// Who exercises the right (`holder next-of-kin "…"`); none: the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<SubjectStmt>,
    /// The data the right is said to reach (`data emergency-contacts, email`:
    /// "修改常用联系人、密码、邮箱等").
    #[serde(skip_serializing_if = "DataSet::is_empty")]
    pub data: DataSet,
    /// The `data` list ends in `etc` (等).
    #[node(name = "data")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_etc: bool,
    /// The fields given by `defaults right` rather than by the right itself.
    #[node(skip)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inherited: Vec<&'static str>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    /// What withdrawing consent costs (`if-withdrawn blocks-function "…"`).
    #[node(name = "if-withdrawn")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<Refusal>,
    /// The way to exercise it is a pointer elsewhere (`refers-to contact "通过本政策第9条提供的方式"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<WordStmt<RightPointer>>,
    /// A remedy or compensation offered (`remedy "…补偿"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct AutomatedDecision {
    pub id: String,
    pub title: Option<Text>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub significant: Option<Flag>,
    pub logic: Option<Text>,
    pub explain: Vec<ChannelRef>,
    pub refuse: Vec<ChannelRef>,
    pub human_review: Option<Flag>,
    pub functions: Vec<Ref>,
    pub text: Vec<Text>,
    /// `processing` declarations that make the decision, named in
    /// `functions` beside the business functions.
    #[node(name = "functions")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub processing: Vec<Ref>,
    /// What the text leaves unstated (`unstated functions "在某些业务功能中"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    /// A remedy or compensation offered (`remedy "…补偿"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Text>,
    /// Data it produces rather than collects (`produces preferences`):
    /// derived data such as profiles, tags and archives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub produces: Vec<Ref>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Marketing {
    pub personalised: Option<Flag>,
    pub non_personalised_option: Option<Flag>,
    pub via: Vec<Spanned<Channel>>,
    #[node(name = "opt-out")]
    pub opt_outs: Vec<ChannelRef>,
    pub tag_deletion: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Minors {
    pub min_age: Option<Spanned<u32>>,
    #[node(name = "under-14-rules")]
    pub under_14_rules: Option<Spanned<Under14Rules>>,
    pub guardian_consent: Option<Flag>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    /// The oldest age the policy itself counts as a child.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_age: Option<Spanned<u32>>,
    /// Minors of 14 to 18 consent together with their guardian.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joint_consent: Option<Flag>,
    /// Minors of 14 to 18 consent themselves or through their guardian.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub either_consent: Option<Flag>,
    /// How the guardian's consent is obtained.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guardian_check: Option<GuardianCheck>,
    /// Users under `min-age` may use the service with their guardian's consent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guardian_exception: Option<Flag>,
    /// Someone designated for children's personal information (`child-officer yes "指定专人负责…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_officer: Option<Flag>,
    /// What refusing it costs (`if-refused blocks-function "…"`).
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// Whom the service is meant for, in words (`audience adults "主要面向成年人"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<WordStmt<Audience>>,
    /// Where a guardian reports or acts (`guardian-channel app "【我的】-【设置】…"`).
    #[node(name = "guardian-channel")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub guardian_channels: Vec<ChannelRef>,
    /// The children's rules' own update clause: how their updates are
    /// announced (`notice push "…"`).
    #[node(name = "notice")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<ChannelRef>,
    /// A child's continued use after an update counts as acceptance
    /// ("如儿童在本政策更新生效后继续使用…即表示…接受").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deemed_acceptance: Option<Flag>,
    /// Consent (of the guardian, with the child) is asked again before
    /// children's data are processed beyond what the rules state (a new
    /// service: "征得儿童及其监护人的同意").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconsent_on_material: Option<Flag>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct SecurityMeasure {
    pub kind: Measure,
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Security {
    #[node(name = "measure")]
    pub measures: Vec<SecurityMeasure>,
    #[node(name = "certification")]
    pub certifications: Vec<Text>,
    pub incident_notice: Vec<Spanned<Channel>>,
    pub incident_contents: Vec<Spanned<IncidentContent>>,
    /// Incidents are reported to the authorities (PIPL Art. 57).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regulator_report: Option<Flag>,
    /// When the processor says it may leave individuals unnotified (PIPL Art. 57 ¶2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_exemption: Option<Text>,
    /// Security-risk or impact-assessment reports are published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports: Option<Flag>,
    /// Where the published reports are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports_url: Option<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Complaints {
    #[node(name = "channel")]
    pub channels: Vec<ChannelRef>,
    pub response: Option<Spanned<Duration>>,
    /// The event the response time counts from (`response-from "在验证您的身份后"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_from: Option<Text>,
    pub external: Vec<Text>,
    /// When the external bodies are open ("我方仍拒绝改进的": `external-when "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_when: Option<Text>,
    /// The department that handles complaints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Updates {
    #[node(name = "notice")]
    pub notices: Vec<ChannelRef>,
    pub material: Vec<Text>,
    pub reconsent_on_material: Option<Flag>,
    pub deemed_acceptance: Option<Flag>,
    /// When an update takes effect (`takes-effect on-publication "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub takes_effect: Option<WordStmt<UpdateEffect>>,
    pub archive: Option<Flag>,
    /// What refusing an update costs ("如您不同意新的条款内容，请停止使用").
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Exceptions {
    /// The id of a further list; `None` for the id-less one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: Option<Text>,
    /// The acts the list exempts; empty: collect, use, share, handover and
    /// disclose (the reading of a list without `scope`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<ExceptionAct>>,
    #[node(name = "exception")]
    pub items: Vec<Exception>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

impl Exceptions {
    /// Whether the list gives grounds for processing without consent: it has
    /// no `scope` (collect, use, share, handover, disclose) or names a
    /// processing act. One list may also serve `requests` or `retain` ("我方在
    /// 以下情况下收集、使用…无需您的授权同意，且我方可能不会响应您提出的…请求");
    /// each reader reads it by the reach it measures.
    pub fn exempts_processing(&self) -> bool {
        self.scope.is_empty()
            || self
                .scope
                .iter()
                .any(|a| !matches!(a.value, ExceptionAct::Requests | ExceptionAct::Retain))
    }

    /// Whether the list gives grounds for refusing a rights request.
    pub fn exempts_requests(&self) -> bool {
        self.scope.iter().any(|a| a.value == ExceptionAct::Requests)
    }
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Exception {
    pub text: Text,
    pub maps_to: Option<Spanned<LegalBasis>>,
    /// Further bases of a ground that joins two (`maps-to contract, hr`):
    /// the second and later words; `maps_to` keeps the first.
    #[node(name = "maps-to")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_maps_to: Vec<Spanned<LegalBasis>>,
    /// A condition the ground itself imposes ("且…进行去标识化处理的").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

#[derive(Node, Clone, Debug, Serialize)]
pub struct Section {
    pub id: String,
    pub title: Option<Text>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `cookie id "title" { … }`: a cookie, web beacon, local storage or
/// third-party web script, and what it is used for.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Cookie {
    pub id: String,
    pub title: Option<Text>,
    pub kind: Option<Spanned<CookieKind>>,
    pub party: Option<Spanned<CookieParty>>,
    /// Who provides a third-party cookie or script.
    pub provider: Option<Text>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub data: DataSet,
    /// The `data` list ends in `etc` (等).
    #[node(name = "data")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_etc: bool,
    pub at_least: Option<Spanned<Duration>>,
    pub at_most: Option<Spanned<Duration>>,
    pub until: Option<Text>,
    pub indefinite: Option<Spanned<Option<Text>>>,
    #[node(name = "opt-out")]
    pub opt_outs: Vec<ChannelRef>,
    #[node(name = "if-refused")]
    pub refusal: Option<Refusal>,
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent ("开启蓝牙即视为同意").
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    /// What is collected this way is combined with other information.
    pub combines: Option<Flag>,
    pub recipients: Vec<Ref>,
    pub scope: Vec<Spanned<Platform>>,
    pub status: Option<StatusStmt>,
    /// Other documents it refers to (`see doc-id`).
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `recommendation id "title" { … }`: personalised content, ads, push or
/// search results (PIPL Art. 24 ¶2), apart from `marketing`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Recommendation {
    pub id: String,
    pub title: Option<Text>,
    pub kind: Option<Spanned<RecommendationKind>>,
    pub personalised: Option<Flag>,
    pub non_personalised_option: Option<Flag>,
    /// The data the recommendation is based on.
    pub based_on: DataSet,
    pub functions: Vec<Ref>,
    /// `processing` declarations it serves, named in `functions` beside the
    /// business functions (blophy's tailored content, a use stated over
    /// the preferences outside the collection clauses).
    #[node(name = "functions")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub processing: Vec<Ref>,
    pub decisions: Vec<Ref>,
    #[node(name = "opt-out")]
    pub opt_outs: Vec<ChannelRef>,
    #[node(name = "opt-in")]
    pub opt_ins: Vec<ChannelRef>,
    #[node(name = "if-refused")]
    pub refusal: Option<Refusal>,
    pub scope: Vec<Spanned<Platform>>,
    pub status: Option<StatusStmt>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `dispute { ... }`: the governing law and where disputes go.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Dispute {
    /// The law the policy says governs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub law: Option<Text>,
    /// Where a dispute goes, in the policy's order.
    #[node(name = "forum")]
    pub forums: Vec<Forum>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `document id "title" { … }`: another document the policy refers to,
/// and how it stands to the policy.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Document {
    pub id: String,
    pub title: Option<Text>,
    /// How it stands to the policy (`relation overrides`).
    #[node(name = "relation")]
    pub relations: Vec<Spanned<DocumentRelation>>,
    pub url: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Spanned<Date>>,
    /// The header's platforms it applies to (`scope web`); empty: all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    /// What the text leaves unstated (`unstated url "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    /// Contacts the document states (a summary layer restating the hotline).
    #[node(name = "contact")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<ChannelRef>,
    /// A response time the document states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Spanned<Duration>>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

impl Document {
    /// Whether the document has `relation` `r`.
    pub fn is(&self, r: DocumentRelation) -> bool {
        self.relations.iter().any(|x| x.value == r)
    }
}

/// `processing id "title" { … }`: processing the policy describes outside
/// any business function (secondary use, research, automatic collection, a
/// feature named only in a sharing or permission clause). It is not a
/// business function: rules about functions do not read it.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Processing {
    pub id: String,
    pub title: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Spanned<ProcessingKind>>,
    #[node(name = "purpose")]
    pub purposes: Vec<Text>,
    pub data: DataSet,
    /// The `data` list ends in `etc` (等).
    #[node(name = "data")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_etc: bool,
    /// The state the data is in (`form deidentified "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    #[node(name = "basis")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<Spanned<LegalBasis>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent.
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    #[node(name = "source")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The method of processing, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Text>,
    /// Whether it also happens while the app runs in the background.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<Flag>,
    /// The business functions whose data it draws on.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Ref>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<Ref>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    /// What refusing it costs (`if-refused blocks-function "…"`).
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    pub text: Vec<Text>,
    /// Data the processing itself collects (`collects` lines, as on a
    /// function: automatic collection tied to no business function).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub collects: Vec<Collect>,
    /// Collection frequency, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Text>,
    /// Data it produces rather than collects (`produces preferences`):
    /// derived data such as profiles, tags and archives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub produces: Vec<Ref>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// The grant level a permission asks for: `grant always "始终允许"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct GrantStmt {
    pub level: GrantLevel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// What a `collects` body says of the line's sensitivity: `sensitive partly "…"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct SensitivityStmt {
    pub claim: SensitivityClaim,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// Where a function's data is kept: `stored-at user-hardware, cloud "…"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct StoredAtStmt {
    pub places: Vec<Spanned<StoragePlace>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// A restriction on the use of collected items: `use only "仅作为…使用"`.
#[derive(Node, Clone, Debug, Serialize)]
pub struct UseStmt {
    pub limit: UseLimit,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// A word of a small vocabulary and the policy's wording: how the consent of
/// others is had (`others-consent deemed "即视为…亦同意"`), when an update takes
/// effect (`takes-effect on-publication "…"`).
#[derive(Node, Clone, Debug, Serialize)]
pub struct WordStmt<W: crate::model::Node + Serialize> {
    pub word: W,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip)]
    #[node(skip)]
    pub span: Span,
}

/// `handover id "title" { … }`: a transfer of personal information to
/// another processor (转让) other than on a merger, division, dissolution or
/// bankruptcy (`merger`): the cases it happens in, and what binds the
/// recipient.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Handover {
    pub id: String,
    pub title: Option<Text>,
    /// The cases the policy allows it in ("但以下情况除外").
    #[node(name = "exception")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<Exception>,
    #[node(name = "purpose")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Text>,
    pub data: DataSet,
    /// The `data` list ends in `etc` (等).
    #[node(name = "data")]
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub data_etc: bool,
    #[node(name = "basis")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<Spanned<LegalBasis>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Spanned<ConsentKind>>,
    /// The policy's wording of that consent.
    #[node(name = "consent")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_wording: Option<Text>,
    /// Who asks for it (`directed-by user`: at the user's request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directed_by: Option<DirectedBy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_recipient: Option<Flag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_bound: Option<Flag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconsent_on_change: Option<Flag>,
    /// The state the data is in (`form deidentified "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<FormStmt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusStmt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unstated: Option<UnstatedStmt>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<Spanned<Platform>>,
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `shutdown { … }`: what the policy promises when the product or service
/// stops operating (GB/T 35273-2020 6.4).
#[derive(Node, Clone, Debug, Serialize)]
pub struct Shutdown {
    /// How individuals are told (`notice popup "…"`).
    #[node(name = "notice")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<ChannelRef>,
    /// How long before the shutdown they are told (`lead-time 15d`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_time: Option<Spanned<Duration>>,
    /// Collection stops.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stops_collection: Option<Flag>,
    /// What happens to the data (`expiry delete-or-anonymise "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<ExpiryHandling>,
    #[node(name = "see")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<Ref>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and title (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}

/// `defaults right { … }` or `defaults recipient { … }`: facts stated once for every right or
/// every recipient. The resolver gives them to each declaration of that kind that states none of
/// its own (`inherited` there names the fields), so that rules read them where they apply.
#[derive(Node, Clone, Debug, Serialize)]
pub struct Defaults {
    pub target: Spanned<DefaultsFor>,
    pub title: Option<Text>,
    #[node(name = "channel")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<ChannelRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Spanned<Duration>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_from: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<Text>,
    #[node(name = "condition")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Text>,
    /// A contract or confidentiality agreement binds every recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<Flag>,
    /// What refusing any of the recipients costs, stated once for them
    /// ("将可能导致您无法使用由该合作方在本平台上为您提供的服务").
    #[node(name = "if-refused")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// The rights the defaults hold for (`rights a, b`); empty: all.
    #[node(name = "rights")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<Ref>,
    /// The recipients the defaults hold for (`recipients a, b`); empty: all.
    #[node(name = "recipients")]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<Ref>,
    pub text: Vec<Text>,
    #[node(skip)]
    pub span: Span,
    /// The first line: keyword and target (see [`super::Decl::head`]).
    #[node(skip)]
    #[serde(skip)]
    pub head: Span,
}
