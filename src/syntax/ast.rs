//! The unresolved syntax tree: the document exactly as written.
//!
//! Declarations keep their fields in source order, including fields given
//! twice; names are plain strings with spans. Nothing here is checked against
//! the taxonomy or other declarations: that is `model::resolve`'s job.

use crate::source::Span;

/// A whole `.policy` file.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub decls: Vec<Decl>,
    pub span: Span,
}

/// The kinds of declaration, one per `*_decl` grammar rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeclKind {
    Policy,
    Processor,
    Officer,
    Consent,
    Data,
    Permission,
    Function,
    Recipient,
    SdkList,
    Sdk,
    Disclosure,
    Merger,
    Retention,
    Storage,
    Transfer,
    Right,
    AutomatedDecision,
    Marketing,
    Minors,
    Security,
    Complaints,
    Updates,
    Exceptions,
    Section,
    Cookie,
    Recommendation,
    Dispute,
    Document,
    Processing,
    Handover,
    Shutdown,
    Defaults,
}

impl DeclKind {
    /// The keyword that starts the declaration.
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Policy => "policy",
            DeclKind::Processor => "processor",
            DeclKind::Officer => "officer",
            DeclKind::Consent => "consent",
            DeclKind::Data => "data",
            DeclKind::Permission => "permission",
            DeclKind::Function => "function",
            DeclKind::Recipient => "recipient",
            DeclKind::SdkList => "sdk-list",
            DeclKind::Sdk => "sdk",
            DeclKind::Disclosure => "disclosure",
            DeclKind::Merger => "merger",
            DeclKind::Retention => "retention",
            DeclKind::Storage => "storage",
            DeclKind::Transfer => "transfer",
            DeclKind::Right => "right",
            DeclKind::AutomatedDecision => "automated-decision",
            DeclKind::Marketing => "marketing",
            DeclKind::Minors => "minors",
            DeclKind::Security => "security",
            DeclKind::Complaints => "complaints",
            DeclKind::Updates => "updates",
            DeclKind::Exceptions => "exceptions",
            DeclKind::Section => "section",
            DeclKind::Cookie => "cookie",
            DeclKind::Recommendation => "recommendation",
            DeclKind::Dispute => "dispute",
            DeclKind::Document => "document",
            DeclKind::Processing => "processing",
            DeclKind::Handover => "handover",
            DeclKind::Shutdown => "shutdown",
            DeclKind::Defaults => "defaults",
        }
    }

    /// What users call a declaration of this kind, in messages.
    pub fn noun(self) -> &'static str {
        match self {
            DeclKind::Policy => "policy header",
            DeclKind::Processor => "processor",
            DeclKind::Officer => "PI-protection officer",
            DeclKind::Consent => "consent flow",
            DeclKind::Data => "data category",
            DeclKind::Permission => "permission",
            DeclKind::Function => "business function",
            DeclKind::Recipient => "recipient",
            DeclKind::SdkList => "SDK list reference",
            DeclKind::Sdk => "SDK",
            DeclKind::Disclosure => "public disclosure",
            DeclKind::Merger => "merger clause",
            DeclKind::Retention => "retention entry",
            DeclKind::Storage => "storage statement",
            DeclKind::Transfer => "cross-border transfer",
            DeclKind::Right => "right",
            DeclKind::AutomatedDecision => "automated decision",
            DeclKind::Marketing => "marketing statement",
            DeclKind::Minors => "minors statement",
            DeclKind::Security => "security statement",
            DeclKind::Complaints => "complaints statement",
            DeclKind::Updates => "update policy",
            DeclKind::Exceptions => "consent exceptions",
            DeclKind::Section => "section",
            DeclKind::Cookie => "cookie or tracking technology",
            DeclKind::Recommendation => "personalised recommendation",
            DeclKind::Dispute => "dispute clause",
            DeclKind::Document => "referenced document",
            DeclKind::Processing => "processing outside functions",
            DeclKind::Handover => "transfer of control",
            DeclKind::Shutdown => "shutdown clause",
            DeclKind::Defaults => "defaults statement",
        }
    }

    /// Declarations that appear at most once per policy and have no id.
    pub fn is_singleton(self) -> bool {
        matches!(
            self,
            DeclKind::Policy
                | DeclKind::Processor
                | DeclKind::Officer
                | DeclKind::Consent
                | DeclKind::Merger
                | DeclKind::Storage
                | DeclKind::Marketing
                | DeclKind::Minors
                | DeclKind::Security
                | DeclKind::Complaints
                | DeclKind::Updates
                | DeclKind::Exceptions
                | DeclKind::Dispute
                | DeclKind::Shutdown
        )
    }

    /// Declarations that are singletons only without an id: `exceptions`
    /// may be given again with an id (`exceptions sharing "…" { … }`).
    pub fn singleton_unless_id(self) -> bool {
        matches!(self, DeclKind::Exceptions)
    }
}

/// A name as written, with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string with its translations: `"注册" en "Sign-up"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub translations: Vec<Translation>,
    pub span: Span,
    /// `text prominent "…"`: the policy marks this text (bold, underline).
    pub prominent: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub lang: String,
    pub value: String,
    pub span: Span,
}

/// One declaration: `keyword id = parent "title" { fields }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    pub kind: DeclKind,
    pub keyword: Span,
    pub id: Option<Ident>,
    /// The taxonomy parent of a `data` declaration.
    pub parent: Option<Ident>,
    pub title: Option<Text>,
    pub fields: Vec<Field>,
    pub span: Span,
}

/// One field inside a declaration body.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: FieldName,
    pub name_span: Span,
    pub value: Value,
    pub span: Span,
}

/// The value of a field. The grammar fixes which shape each field has.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `purpose "…"`
    Text(Text),
    /// `kind basic`, `date 2021-09-15`, `at-least 5y`: one token, checked later.
    Word(Ident),
    /// `basis consent, legal-duty`
    Words(Vec<Ident>),
    /// `data all` / `data a, b`
    Refs(Refs),
    /// `collects required a, b | c "wording" { if-refused … }`: each item is
    /// one category or alternatives (`b | c`); the body's fields apply to
    /// every item of the line.
    Collects {
        need: Option<Ident>,
        items: Vec<Vec<Ident>>,
        note: Option<Text>,
        body: Vec<Field>,
        /// `, etc` ending the list: the policy's "等".
        etc: Option<Span>,
    },
    /// `channel phone "95105520"`, `if-refused blocks-function "…"`
    WordText { word: Ident, text: Option<Text> },
    /// `sensitive yes`, `background yes "…"`
    Flag {
        value: bool,
        span: Span,
        text: Option<Text>,
    },
    /// `source indirect from "…", "…"`
    Source { kind: Ident, from: Vec<Text> },
    /// `purpose "…" { basis legal-duty }`: a purpose with a body.
    Purpose { text: Text, body: Vec<Field> },
    /// `exception "…" maps-to legal-duty`; `maps-to contract, hr`; `condition "…"`
    Exception {
        text: Text,
        maps_to: Vec<Ident>,
        condition: Option<Text>,
    },
    /// `indefinite "…"`
    Indefinite(Option<Text>),
    /// `subject user, other "…"`: a list of words and optional wording.
    WordsText {
        words: Vec<Ident>,
        text: Option<Text>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Refs {
    All(Span),
    List(Vec<Ident>),
    /// A list ending in `, etc` (等): the span of `etc`.
    Open(Vec<Ident>, Span),
}

/// The field names, one per `*_f` grammar rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldName {
    Text,
    Purpose,
    Name,
    Contact,
    Basis,
    ConsentKind,
    Data,
    Functions,
    Method,
    Channel,
    Response,
    PrivacyUrl,
    Country,
    Version,
    Effective,
    Updated,
    Language,
    AppType,
    Sector,
    Volume,
    Product,
    HighRisk,
    PermissionsComplete,
    RegisteredAddress,
    OfficeAddress,
    Department,
    Mechanism,
    Bundled,
    Sensitive,
    Necessity,
    Impact,
    ThirdParty,
    Jrt,
    Os,
    When,
    Collects,
    Group,
    Kind,
    Source,
    IfRefused,
    Background,
    Frequency,
    Permissions,
    Sdks,
    Recipients,
    Decisions,
    Type,
    Role,
    Contract,
    Url,
    Provider,
    Feature,
    Collection,
    Deidentified,
    NotifyRecipient,
    RecipientBound,
    ReconsentOnChange,
    AtLeast,
    AtMost,
    Until,
    Indefinite,
    DeterminedBy,
    Legal,
    Expiry,
    Location,
    RightsProcedure,
    Covers,
    Path,
    Condition,
    Fee,
    Significant,
    Logic,
    Explain,
    Refuse,
    HumanReview,
    Personalised,
    NonPersonalisedOption,
    Via,
    OptOut,
    TagDeletion,
    MinAge,
    Under14Rules,
    GuardianConsent,
    Measure,
    Certification,
    IncidentNotice,
    IncidentContents,
    External,
    Notice,
    Material,
    ReconsentOnMaterial,
    DeemedAcceptance,
    Archive,
    Exception,
    PartOf,
    Platform,
    Scope,
    Subject,
    Status,
    Published,
    Party,
    Combines,
    BasedOn,
    OptIn,
    DoNotTrack,
    DirectedBy,
    Returns,
    SelfCollects,
    Unstated,
    Form,
    Revocable,
    Asked,
    Holder,
    Law,
    Forum,
    ResponseFrom,
    See,
    Relation,
    Date,
    Grant,
    OnDevice,
    RegulatorReport,
    ChildAge,
    JointConsent,
    EitherConsent,
    GuardianCheck,
    GuardianException,
    Affiliates,
    Includes,
    Use,
    CountedFrom,
    ExtendedWhen,
    NoticeExemption,
    Reports,
    ReportsUrl,
    WeMeans,
    LeadTime,
    StopsCollection,
    Lasts,
    ReconsentOnPurpose,
    OthersConsent,
    StoredAt,
    LearnMore,
    NeedsAccount,
    TakesEffect,
    Rights,
    Example,
    ChildOfficer,
    IfWithdrawn,
    Restricted,
    ExternalWhen,
    WayOf,
    AppliesTo,
    Excludes,
    Member,
    MembersOpen,
    RefersTo,
    Remedy,
    Audience,
    GuardianChannel,
    Produces,
    OwnConsent,
    Service,
    NoticeBefore,
    Starts,
    Emphasis,
}

impl FieldName {
    /// The field's keyword as users write it.
    pub fn keyword(self) -> &'static str {
        use FieldName::*;
        match self {
            Text => "text",
            Purpose => "purpose",
            Name => "name",
            Contact => "contact",
            Basis => "basis",
            ConsentKind => "consent",
            Data => "data",
            Functions => "functions",
            Method => "method",
            Channel => "channel",
            Response => "response",
            PrivacyUrl => "privacy-url",
            Country => "country",
            Version => "version",
            Effective => "effective",
            Updated => "updated",
            Language => "language",
            AppType => "app-type",
            Sector => "sector",
            Volume => "volume",
            Product => "product",
            HighRisk => "high-risk-assessment",
            PermissionsComplete => "permissions-complete",
            RegisteredAddress => "registered-address",
            OfficeAddress => "office-address",
            Department => "department",
            Mechanism => "mechanism",
            Bundled => "bundled",
            Sensitive => "sensitive",
            Necessity => "necessity",
            Impact => "impact",
            ThirdParty => "third-party",
            Jrt => "jrt",
            Os => "os",
            When => "when",
            Collects => "collects",
            Group => "group",
            Kind => "kind",
            Source => "source",
            IfRefused => "if-refused",
            Background => "background",
            Frequency => "frequency",
            Permissions => "permissions",
            Sdks => "sdks",
            Recipients => "recipients",
            Decisions => "decisions",
            Type => "type",
            Role => "role",
            Contract => "contract",
            Url => "url",
            Provider => "provider",
            Feature => "feature",
            Collection => "collection",
            Deidentified => "deidentified",
            NotifyRecipient => "notify-recipient",
            RecipientBound => "recipient-bound",
            ReconsentOnChange => "reconsent-on-change",
            AtLeast => "at-least",
            AtMost => "at-most",
            Until => "until",
            Indefinite => "indefinite",
            DeterminedBy => "determined-by",
            Legal => "legal",
            Expiry => "expiry",
            Location => "location",
            RightsProcedure => "rights-procedure",
            Covers => "covers",
            Path => "path",
            Condition => "condition",
            Fee => "fee",
            Significant => "significant",
            Logic => "logic",
            Explain => "explain",
            Refuse => "refuse",
            HumanReview => "human-review",
            Personalised => "personalised",
            NonPersonalisedOption => "non-personalised-option",
            Via => "via",
            OptOut => "opt-out",
            TagDeletion => "tag-deletion",
            MinAge => "min-age",
            Under14Rules => "under-14-rules",
            GuardianConsent => "guardian-consent",
            Measure => "measure",
            Certification => "certification",
            IncidentNotice => "incident-notice",
            IncidentContents => "incident-contents",
            External => "external",
            Notice => "notice",
            Material => "material",
            ReconsentOnMaterial => "reconsent-on-material",
            DeemedAcceptance => "deemed-acceptance",
            Archive => "archive",
            Exception => "exception",
            PartOf => "part-of",
            Platform => "platform",
            Scope => "scope",
            Subject => "subject",
            Status => "status",
            Published => "published",
            Party => "party",
            Combines => "combines",
            BasedOn => "based-on",
            OptIn => "opt-in",
            DoNotTrack => "do-not-track",
            DirectedBy => "directed-by",
            Returns => "returns",
            SelfCollects => "self-collects",
            Unstated => "unstated",
            Form => "form",
            Revocable => "revocable",
            Asked => "asked",
            Holder => "holder",
            Law => "law",
            Forum => "forum",
            ResponseFrom => "response-from",
            See => "see",
            Relation => "relation",
            Date => "date",
            Grant => "grant",
            OnDevice => "on-device",
            RegulatorReport => "regulator-report",
            ChildAge => "child-age",
            JointConsent => "joint-consent",
            EitherConsent => "either-consent",
            GuardianCheck => "guardian-check",
            GuardianException => "guardian-exception",
            Affiliates => "affiliates",
            Includes => "includes",
            Use => "use",
            CountedFrom => "counted-from",
            ExtendedWhen => "extended-when",
            NoticeExemption => "notice-exemption",
            Reports => "reports",
            ReportsUrl => "reports-url",
            WeMeans => "we-means",
            LeadTime => "lead-time",
            StopsCollection => "stops-collection",
            Lasts => "lasts",
            ReconsentOnPurpose => "reconsent-on-purpose",
            OthersConsent => "others-consent",
            StoredAt => "stored-at",
            LearnMore => "learn-more",
            NeedsAccount => "needs-account",
            TakesEffect => "takes-effect",
            Rights => "rights",
            Example => "example",
            ChildOfficer => "child-officer",
            IfWithdrawn => "if-withdrawn",
            Restricted => "restricted",
            ExternalWhen => "external-when",
            WayOf => "way-of",
            AppliesTo => "applies-to",
            Excludes => "excludes",
            Member => "member",
            MembersOpen => "members-open",
            RefersTo => "refers-to",
            Remedy => "remedy",
            Audience => "audience",
            GuardianChannel => "guardian-channel",
            Produces => "produces",
            OwnConsent => "own-consent",
            Service => "service",
            NoticeBefore => "notice-before",
            Starts => "starts",
            Emphasis => "emphasis",
        }
    }

    /// Fields that may be given more than once in a declaration.
    pub fn repeatable(self) -> bool {
        use FieldName::*;
        matches!(
            self,
            Text | Purpose
                | ExtendedWhen
                | Contact
                | Channel
                | Product
                | Collects
                | Returns
                | SelfCollects
                | Source
                | Path
                | Condition
                | OptOut
                | OptIn
                | BasedOn
                | Produces
                | Measure
                | Certification
                | External
                | Notice
                | Material
                | Exception
                | DeterminedBy
                | Legal
                | Explain
                | Refuse
                | Basis
                | Permissions
                | Sdks
                | Recipients
                | Decisions
                | Functions
                | Data
                | Covers
                | Language
                | AppType
                | Location
                | Via
                | IncidentNotice
                | IncidentContents
                | Os
                | Platform
                | Scope
                | Forum
                | See
                | Relation
                | AppliesTo
                | Excludes
                | Member
                | GuardianChannel
                | OthersConsent
                | Emphasis
        )
    }
}
