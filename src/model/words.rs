//! The closed vocabularies of the language (`kind basic`, `role entrusted`).
//!
//! Each is an enum with the exact words users write; the resolver reports an
//! unknown word with the closest valid one.

use serde::Serialize;

/// A closed vocabulary of words.
pub trait Word: Sized + Copy {
    const WORDS: &'static [&'static str];
    const WHAT: &'static str;
    fn from_word(word: &str) -> Option<Self>;
}

/// Define an enum whose variants are written as fixed kebab-case words.
macro_rules! words {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every word, in declaration order.
            pub const WORDS: &'static [&'static str] = &[$($word),+];
            /// What users call this vocabulary, in messages.
            pub const WHAT: &'static str = $what;

            pub fn from_word(word: &str) -> Option<Self> {
                match word {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn word(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl super::Node for $name {
            fn walk<'a>(&'a self, _visit: &mut dyn FnMut(&'a super::Text)) {}
            fn same(&self, other: &Self) -> bool {
                self == other
            }
        }

        impl Word for $name {
            const WORDS: &'static [&'static str] = $name::WORDS;
            const WHAT: &'static str = $what;
            fn from_word(word: &str) -> Option<Self> {
                $name::from_word(word)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

words!(
    /// Basic or extended business function (GB/T 35273 5.3).
    FunctionKind, "function kind" {
        Basic => "basic",
        Extended => "extended",
    }
);

words!(
    /// PIPL Art. 13 legal bases.
    LegalBasis, "legal basis" {
        Consent => "consent",
        Contract => "contract",
        Hr => "hr",
        LegalDuty => "legal-duty",
        Emergency => "emergency",
        News => "news",
        PublicInfo => "public-info",
        OtherLaw => "other-law",
        // not a PIPL Art. 13 ¶1 basis ("合法利益/合法目标"): accepted so that
        // C005 can report it
        LegitimateInterest => "legitimate-interest",
    }
);

words!(
    /// The kind of consent a processing activity relies on.
    ConsentKind, "consent kind" {
        None => "none",
        General => "general",
        Separate => "separate",
        Written => "written",
        Guardian => "guardian",
        Deemed => "deemed",
    }
);

words!(
    /// Whether an item must be provided.
    Need, "need" {
        Required => "required",
        Optional => "optional",
    }
);

words!(
    /// How data is obtained.
    SourceKind, "source" {
        Direct => "direct",
        Automatic => "automatic",
        Indirect => "indirect",
    }
);

words!(
    /// What refusing to provide the data costs the user.
    RefusalEffect, "refusal effect" {
        None => "none",
        DegradesFunction => "degrades-function",
        BlocksFunction => "blocks-function",
        BlocksRegistration => "blocks-registration",
        BlocksService => "blocks-service",
    }
);

words!(
    /// A way to reach someone or do something: contacts, rights channels,
    /// opt-outs, notice methods.
    Channel, "channel" {
        App => "app",
        Phone => "phone",
        Email => "email",
        Post => "post",
        Address => "address",
        Online => "online",
        CustomerService => "customer-service",
        Wechat => "wechat",
        Alipay => "alipay",
        Web => "web",
        Settings => "settings",
        Sms => "sms",
        Push => "push",
        VoiceCall => "voice-call",
        Letter => "letter",
        Announcement => "announcement",
        AppAnnouncement => "app-announcement",
        Popup => "popup",
        LoginPrompt => "login-prompt",
        InPerson => "in-person",
        CloseAccount => "close-account",
        Unsubscribe => "unsubscribe",
        Browser => "browser",
        PermissionSwitch => "permission-switch",
        Other => "other",
    }
);

words!(
    /// The recipient's role (PIPL Art. 20, 21, 23).
    Role, "recipient role" {
        Entrusted => "entrusted",
        Independent => "independent",
        Joint => "joint",
        Authority => "authority",
    }
);

words!(
    /// What service a recipient performs for the processor (`service` on
    /// `recipient`): a small vocabulary rules can read, beside the free-text
    /// `type` and `purpose`. F005 reads `debt-collection`.
    RecipientService, "recipient service" {
        DebtCollection => "debt-collection",
        Payment => "payment",
        Logistics => "logistics",
        Advertising => "advertising",
        Analytics => "analytics",
        Cloud => "cloud",
        CustomerService => "customer-service",
        Other => "other",
    }
);

words!(
    /// How an SDK obtains data.
    SdkMethod, "SDK collection method" {
        SdkSelfCollect => "sdk-self-collect",
        AppTransfers => "app-transfers",
    }
);

words!(
    /// When an SDK starts (initialises, begins collecting) relative to the
    /// user's consent (`starts` on `sdk` and `sdk-list`).
    SdkStart, "SDK start" {
        AfterConsent => "after-consent",
        BeforeConsent => "before-consent",
        Startup => "startup",
        OnUse => "on-use",
    }
);

words!(
    /// What happens to data when its retention ends.
    Expiry, "expiry handling" {
        Delete => "delete",
        Anonymise => "anonymise",
        DeleteOrAnonymise => "delete-or-anonymise",
        Deidentify => "de-identify",
        Restrict => "restrict",
        None => "none",
    }
);

words!(
    /// PIPL Art. 38 transfer mechanisms.
    Mechanism, "transfer mechanism" {
        CacAssessment => "cac-assessment",
        Certification => "certification",
        StandardContract => "standard-contract",
        Exempt => "exempt",
    }
);

words!(
    /// How the user accepts the policy.
    AcceptMechanism, "consent mechanism" {
        ClickAccept => "click-accept",
        CheckboxUnticked => "checkbox-unticked",
        CheckboxPreticked => "checkbox-preticked",
        DeemedByUse => "deemed-by-use",
        Checkbox => "checkbox",
        AtRegistration => "at-registration",
    }
);

words!(
    /// Rights of the individual (PIPL Ch. IV).
    RightKind, "right" {
        Know => "know",
        Decide => "decide",
        Restrict => "restrict",
        Refuse => "refuse",
        Access => "access",
        Copy => "copy",
        Port => "port",
        Correct => "correct",
        Supplement => "supplement",
        Delete => "delete",
        Withdraw => "withdraw",
        Explain => "explain",
        CloseAccount => "close-account",
        AdmExplain => "adm-explain",
        AdmRefuse => "adm-refuse",
        MarketingOptOut => "marketing-opt-out",
        Complain => "complain",
        Suspend => "suspend",
    }
);

words!(
    /// Operating systems a permission applies to.
    Os, "operating system" {
        Android => "android",
        Ios => "ios",
        Harmony => "harmony",
        Any => "any",
    }
);

words!(
    /// When a permission is requested.
    When, "request time" {
        OnUse => "on-use",
        Startup => "startup",
        Background => "background",
    }
);

words!(
    /// Dedicated rules for children under 14.
    Under14Rules, "under-14 rules" {
        Inline => "inline",
        Separate => "separate",
        None => "none",
    }
);

words!(
    /// How the consent of a child's guardian is obtained.
    GuardianCheckKind, "guardian check" {
        // none: the text asks for the guardian's consent and says nothing of how it is obtained;
        // self-declared: the user declares being the guardian, or having the guardian's consent;
        // verified: a way to obtain and verify the guardian's consent is described.
        None => "none",
        SelfDeclared => "self-declared",
        Verified => "verified",
    }
);

words!(
    /// Security measures (PIPL Art. 51).
    Measure, "security measure" {
        Encryption => "encryption",
        AccessControl => "access-control",
        DeIdentification => "de-identification",
        Classification => "classification",
        Training => "training",
        IncidentPlan => "incident-plan",
        Audit => "audit",
        Masking => "masking",
        Other => "other",
    }
);

words!(
    /// Contents of an incident notice (PIPL Art. 57).
    IncidentContent, "incident-notice content" {
        Types => "types",
        Situation => "situation",
        Cause => "cause",
        Impact => "impact",
        Measures => "measures",
        Advice => "advice",
        Remedies => "remedies",
        Contact => "contact",
    }
);

words!(
    /// Sector of the processor.
    Sector, "sector" {
        ConsumerFinance => "consumer-finance",
        Banking => "banking",
        Insurance => "insurance",
        Payment => "payment",
        Securities => "securities",
        Lending => "lending",
        ECommerce => "e-commerce",
        Health => "health",
        Education => "education",
        Other => "other",
    }
);

impl Sector {
    /// Sectors for which the F rules (financial sector) apply.
    pub fn is_financial(self) -> bool {
        matches!(
            self,
            Sector::ConsumerFinance
                | Sector::Banking
                | Sector::Insurance
                | Sector::Payment
                | Sector::Securities
                | Sector::Lending
        )
    }
}

words!(
    /// How many individuals' PI is processed.
    Volume, "PI-volume band" {
        Under100k => "under-100k",
        From100kTo1m => "100k-1m",
        Over1m => "over-1m",
        Over10m => "over-10m",
        Unknown => "unknown",
    }
);

impl Volume {
    /// At or above the 1,000,000-individual threshold (PIPL Art. 52, CAC 2025 notice).
    pub fn at_least_one_million(self) -> bool {
        matches!(self, Volume::Over1m | Volume::Over10m)
    }
}

words!(
    /// JR/T 0171-2020 classes of personal financial information.
    JrtClass, "JR/T 0171 class" {
        C1 => "C1",
        C2 => "C2",
        C3 => "C3",
    }
);

words!(
    /// A surface the policy covers (`platform` in the header, `scope` on a
    /// declaration).
    Platform, "platform" {
        App => "app",
        Web => "web",
        MiniProgram => "mini-program",
        OfficialAccount => "official-account",
        Sdk => "sdk",
        Api => "api",
        Device => "device",
        Desktop => "desktop",
        InCar => "in-car",
    }
);

words!(
    /// Whose personal information an item is (`subject`).
    Subject, "data subject" {
        User => "user",
        Child => "child",
        Guardian => "guardian",
        Other => "other",
        Contact => "contact",
        Employee => "employee",
        LegalRepresentative => "legal-representative",
        Customer => "customer",
        Payee => "payee",
        Passenger => "passenger",
        Promoter => "promoter",
        OtherUsers => "other-users",
        Deceased => "deceased",
        NextOfKin => "next-of-kin",
        Enterprise => "enterprise",
    }
);

impl Subject {
    /// A natural person other than the user (the `third-party` reading).
    pub fn is_third_person(self) -> bool {
        !matches!(self, Subject::User | Subject::Enterprise)
    }
}

words!(
    /// What the policy designates as its PI-protection officer (`officer { kind … }`).
    OfficerKind, "officer kind" {
        Person => "person",
        Team => "team",
        Department => "department",
        Mailbox => "mailbox",
    }
);

words!(
    /// The state data is in while it is processed, kept or provided (`form`).
    DataForm, "data form" {
        Identified => "identified",
        Deidentified => "deidentified",
        Anonymised => "anonymised",
        Hashed => "hashed",
        Encrypted => "encrypted",
        Masked => "masked",
        Aggregated => "aggregated",
    }
);

words!(
    /// What a policy leaves unstated although it speaks of the thing (`unstated`).
    Unstated, "unstated item" {
        Channel => "channel",
        Response => "response",
        Country => "country",
        Period => "period",
        Provider => "provider",
        Purpose => "purpose",
        Data => "data",
        Recipient => "recipient",
        Basis => "basis",
        Url => "url",
        Name => "name",
        Contact => "contact",
        Path => "path",
        Functions => "functions",
        Permissions => "permissions",
    }
);

words!(
    /// Who directs a flow of data (`directed-by`).
    Director, "directed-by" {
        Processor => "processor",
        User => "user",
        Recipient => "recipient",
    }
);

words!(
    /// Whether a declared thing happens (`status`).
    Status, "status" {
        Actual => "actual",
        Possible => "possible",
        Planned => "planned",
        NoneCurrently => "none-currently",
        Mentioned => "mentioned",
    }
);

words!(
    /// The technology a `cookie` declaration describes.
    CookieKind, "cookie kind" {
        Cookie => "cookie",
        FlashCookie => "flash-cookie",
        LocalStorage => "local-storage",
        WebBeacon => "web-beacon",
        Pixel => "pixel",
        Etag => "etag",
        EmailBeacon => "email-beacon",
        Script => "script",
        SdkStorage => "sdk-storage",
        LogFile => "log-file",
    }
);

words!(
    /// Who sets a cookie or runs a script: us, or another party.
    CookieParty, "cookie party" {
        First => "first",
        Third => "third",
    }
);

words!(
    /// What a `recommendation` personalises.
    RecommendationKind, "recommendation kind" {
        Content => "content",
        Ads => "ads",
        Push => "push",
        Search => "search",
    }
);

words!(
    /// What the policy does with a Do Not Track signal.
    DntStance, "Do Not Track stance" {
        Honoured => "honoured",
        Ignored => "ignored",
    }
);

words!(
    /// How a policy marks the clauses it makes prominent (`emphasis` on the header).
    EmphasisMark, "emphasis marking" {
        Bold => "bold",
        Underline => "underline",
        Italic => "italic",
        Colour => "colour",
        Other => "other",
    }
);

words!(
    /// What an `exceptions` list exempts (`scope` on `exceptions`).
    ExceptionAct, "exempted act" {
        Collect => "collect",
        Use => "use",
        Share => "share",
        Entrust => "entrust",
        Handover => "handover",
        Disclose => "disclose",
        Transfer => "transfer",
        Requests => "requests",
        Retain => "retain",
    }
);

words!(
    /// Where a dispute goes (`forum` in `dispute`).
    ForumKind, "dispute forum" {
        Negotiation => "negotiation",
        Court => "court",
        Arbitration => "arbitration",
    }
);

words!(
    /// How a `document` stands to the policy (`relation` in `document`).
    DocumentRelation, "document relation" {
        Supplements => "supplements",
        Overrides => "overrides",
        Subordinate => "subordinate",
        ReadWith => "read-with",
        GovernsChildren => "governs-children",
        PermissionList => "permission-list",
        SdkList => "sdk-list",
        Terms => "terms",
        Authorisation => "authorisation",
        ProductPolicy => "product-policy",
        EarlierVersion => "earlier-version",
        Summary => "summary",
    }
);

words!(
    /// What kind of processing a `processing` declaration describes.
    ProcessingKind, "processing kind" {
        SecondaryUse => "secondary-use",
        Research => "research",
        Statistics => "statistics",
        AutomaticCollection => "automatic-collection",
        Security => "security",
        Feature => "feature",
        AccountSystem => "account-system",
        Other => "other",
        Fusion => "fusion",
        IndirectCollection => "indirect-collection",
        GeneralUse => "general-use",
        RequestHandling => "request-handling",
    }
);

words!(
    /// The grant level a permission asks for (`grant` on `permission`).
    GrantLevel, "grant level" {
        Always => "always",
        InUse => "in-use",
        Once => "once",
    }
);

words!(
    /// What a `collects` body says of the line's sensitivity (`sensitive` in the body).
    SensitivityClaim, "sensitivity claim" {
        Yes => "yes",
        Possibly => "possibly",
        Partly => "partly",
        No => "no",
    }
);

words!(
    /// What a `defaults` statement gives defaults for.
    DefaultsFor, "declaration with defaults" {
        Right => "right",
        Recipient => "recipient",
    }
);

words!(
    /// A restriction on the use of collected items (`use`).
    UseLimit, "use restriction" {
        Only => "only",
        None => "none",
    }
);

words!(
    /// Where a function's data is kept (`stored-at` on `function`).
    StoragePlace, "place data is kept" {
        UserDevice => "user-device",
        UserHardware => "user-hardware",
        Processor => "processor",
        Cloud => "cloud",
    }
);

words!(
    /// What kind of body the processor is (`kind` on `processor`).
    ProcessorKind, "processor kind" {
        Company => "company",
        Group => "group",
        Studio => "studio",
        Individual => "individual",
        Institution => "institution",
    }
);

words!(
    /// How the consent of another person the data concerns is had (`others-consent`).
    OthersConsent, "consent of others" {
        Deemed => "deemed",
        UserObtains => "user-obtains",
        Asked => "asked",
    }
);

words!(
    /// What a third-party component is (`kind` on `sdk`).
    SdkKind, "SDK kind" {
        Sdk => "sdk",
        Api => "api",
        OpenSource => "open-source",
    }
);

words!(
    /// When an update of the policy takes effect (`takes-effect` on `updates`).
    UpdateEffect, "update effect" {
        OnPublication => "on-publication",
        OnUse => "on-use",
        OnConsent => "on-consent",
    }
);

words!(
    /// Where a right's way to exercise it points (`refers-to` on `right`).
    RightPointer, "right pointer" {
        Contact => "contact",
        Missing => "missing",
    }
);

words!(
    /// Whom the service is meant for, where no age is given (`audience` on `minors`).
    Audience, "audience" {
        Adults => "adults",
        Minors => "minors",
        Children => "children",
        All => "all",
    }
);

words!(
    /// What the policy says it does not cover (`excludes` on `policy`).
    Exclusion, "exclusion" {
        ThirdPartyServices => "third-party-services",
        Advertisers => "advertisers",
        LinkedContent => "linked-content",
        OtherProducts => "other-products",
        ThirdPartyCollection => "third-party-collection",
        Other => "other",
    }
);
