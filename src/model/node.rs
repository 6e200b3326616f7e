//! The one interface every stage uses to see a declaration whole.
//!
//! Each model type derives [`Node`] (`policyc-derive`): equality that ignores
//! spans (`same`), the names of the fields that differ (`changed_fields`), and
//! a walk over every [`Text`] it holds (`walk`). They are generated from the
//! type's own fields, so a field added to the model is compared by `diff` and
//! read by the lexicon rules without anyone listing it again.
//!
//! [`Decl`] gives every declaration the same header (kind, id, title, the span
//! of its first line and of the whole), and [`Model::decls`] /
//! [`Model::texts`] iterate over them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::policy::*;
use crate::source::Span;
use crate::syntax::ast::DeclKind;

/// A part of the model: compared without spans, walked for its texts.
pub trait Node {
    /// Call `visit` on every text this node holds, in field order.
    fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Text));
    /// Equal in everything the policy says, ignoring where it was written.
    fn same(&self, other: &Self) -> bool;
    /// The language names of the fields of a struct that are not `same`
    /// (structs only; other nodes report nothing).
    fn changed_fields(&self, _other: &Self, _out: &mut Vec<&'static str>) {}
}

/// Values compared with `==` that hold no text.
macro_rules! leaf {
    ($($t:ty),* $(,)?) => {$(
        impl Node for $t {
            fn walk<'a>(&'a self, _visit: &mut dyn FnMut(&'a Text)) {}
            fn same(&self, other: &Self) -> bool {
                self == other
            }
        }
    )*};
}
leaf!(String, bool, u8, u16, u32, u64, usize, Date, Duration, Unit);

impl Node for Span {
    fn walk<'a>(&'a self, _visit: &mut dyn FnMut(&'a Text)) {}
    fn same(&self, _other: &Self) -> bool {
        true
    }
}

impl Node for Text {
    fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Text)) {
        visit(self);
    }
    fn same(&self, other: &Self) -> bool {
        self.text == other.text
            && self.translations == other.translations
            && self.prominent == other.prominent
    }
}

impl<T: Node> Node for Option<T> {
    fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Text)) {
        if let Some(v) = self {
            v.walk(visit);
        }
    }
    fn same(&self, other: &Self) -> bool {
        match (self, other) {
            (None, None) => true,
            (Some(a), Some(b)) => a.same(b),
            _ => false,
        }
    }
}

/// Lists compare as multisets: the order in which a policy lists its items
/// never counts (docs/diff.md). In order first; only lists that differ in
/// order are compared through their span-free serialised form, sorted.
impl<T: Node + Serialize> Node for Vec<T> {
    fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Text)) {
        for v in self {
            v.walk(visit);
        }
    }
    fn same(&self, other: &Self) -> bool {
        if self.len() != other.len() {
            return false;
        }
        if self.iter().zip(other).all(|(a, b)| a.same(b)) {
            return true;
        }
        let sorted = |v: &[T]| {
            let mut keys: Vec<String> = v
                .iter()
                .map(|x| serde_json::to_string(x).unwrap_or_default())
                .collect();
            keys.sort_unstable();
            keys
        };
        sorted(self) == sorted(other)
    }
}

impl<K: Ord, V: Node> Node for BTreeMap<K, V> {
    fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Text)) {
        for v in self.values() {
            v.walk(visit);
        }
    }
    fn same(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .zip(other)
                .all(|((ka, a), (kb, b))| ka == kb && a.same(b))
    }
}

impl<T: Node> Node for Spanned<T> {
    fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Text)) {
        self.value.walk(visit);
    }
    fn same(&self, other: &Self) -> bool {
        self.value.same(&other.value)
    }
}

/// A declaration: the header every kind shares.
pub trait Decl: Node {
    const KIND: DeclKind;
    /// The id; `None` for singletons (and an `sdk-list` without one).
    fn id(&self) -> Option<&str>;
    fn title(&self) -> Option<&Text>;
    /// The whole declaration.
    fn span(&self) -> Span;
    /// Its first line: the keyword joined with the title (built by the
    /// resolver). Findings about a whole declaration point here.
    fn head(&self) -> Span;
}

/// One declaration of any kind, borrowed from a [`Model`].
#[derive(Clone, Copy, Debug)]
pub enum DeclRef<'m> {
    Policy(&'m Header),
    Processor(&'m Processor),
    Officer(&'m Officer),
    Consent(&'m ConsentFlow),
    Data(&'m DataCategory),
    Permission(&'m Permission),
    Function(&'m Function),
    Recipient(&'m Recipient),
    SdkList(&'m SdkList),
    Sdk(&'m Sdk),
    Disclosure(&'m Disclosure),
    Merger(&'m Merger),
    Retention(&'m Retention),
    Storage(&'m Storage),
    Transfer(&'m Transfer),
    Right(&'m Right),
    AutomatedDecision(&'m AutomatedDecision),
    Marketing(&'m Marketing),
    Minors(&'m Minors),
    Security(&'m Security),
    Complaints(&'m Complaints),
    Updates(&'m Updates),
    Exceptions(&'m Exceptions),
    Section(&'m Section),
    Cookie(&'m Cookie),
    Recommendation(&'m Recommendation),
    Dispute(&'m Dispute),
    Document(&'m Document),
    Processing(&'m Processing),
    Handover(&'m Handover),
    Shutdown(&'m Shutdown),
    Defaults(&'m Defaults),
}

/// `impl Decl` for each declaration struct, and the `DeclRef` dispatch.
/// `id` and `title` say which fields hold them (`-` for none; `opt` for an
/// optional id).
macro_rules! decls {
    ($($variant:ident $ty:ident [$($id:tt)*] [$($title:tt)*];)*) => {
        $(impl Decl for $ty {
            const KIND: DeclKind = DeclKind::$variant;
            fn id(&self) -> Option<&str> {
                decls!(@id self $($id)*)
            }
            fn title(&self) -> Option<&Text> {
                decls!(@title self $($title)*)
            }
            fn span(&self) -> Span {
                self.span
            }
            fn head(&self) -> Span {
                self.head
            }
        })*

        impl<'m> DeclRef<'m> {
            pub fn kind(self) -> DeclKind {
                match self { $(DeclRef::$variant(_) => DeclKind::$variant),* }
            }
            pub fn id(self) -> Option<&'m str> {
                match self { $(DeclRef::$variant(d) => d.id()),* }
            }
            pub fn title(self) -> Option<&'m Text> {
                match self { $(DeclRef::$variant(d) => d.title()),* }
            }
            pub fn span(self) -> Span {
                match self { $(DeclRef::$variant(d) => d.span()),* }
            }
            pub fn head(self) -> Span {
                match self { $(DeclRef::$variant(d) => d.head()),* }
            }
            /// Every text written in the declaration, in field order (not
            /// those it inherits from `defaults`, which are written there).
            pub fn texts(self, visit: &mut dyn FnMut(&'m Text)) {
                let span = self.span();
                let mut own = |t: &'m Text| {
                    let inside = t.span.start >= span.start && t.span.end <= span.end;
                    if inside || t.span.start == t.span.end {
                        visit(t);
                    }
                };
                match self { $(DeclRef::$variant(d) => d.walk(&mut own)),* }
            }
            /// The same declaration kind saying the same thing (spans ignored).
            pub fn same(self, other: DeclRef<'_>) -> bool {
                match (self, other) {
                    $((DeclRef::$variant(a), DeclRef::$variant(b)) => a.same(b),)*
                    _ => false,
                }
            }
            /// The declaration's span-free export (as `render --to json`
            /// writes it).
            pub fn export(self) -> serde_json::Value {
                match self { $(DeclRef::$variant(d) => serde_json::to_value(d).unwrap_or_default()),* }
            }
            /// The fields that differ between two declarations of one kind
            /// (empty when the kinds differ or nothing does).
            pub fn changed_fields(self, other: DeclRef<'_>) -> Vec<&'static str> {
                let mut out = Vec::new();
                match (self, other) {
                    $((DeclRef::$variant(a), DeclRef::$variant(b)) => a.changed_fields(b, &mut out),)*
                    _ => {}
                }
                out
            }
        }
    };
    (@id $s:ident -) => { None };
    (@id $s:ident opt) => { $s.id.as_deref() };
    (@id $s:ident id) => { Some($s.id.as_str()) };
    (@id $s:ident target) => { Some($s.target.value.word()) };
    (@title $s:ident -) => { None };
    (@title $s:ident $field:ident) => { $s.$field.as_ref() };
}

decls! {
    Policy Header [-] [title];
    Processor Processor [-] [-];
    Officer Officer [-] [-];
    Consent ConsentFlow [-] [-];
    Data DataCategory [id] [label];
    Permission Permission [id] [title];
    Function Function [id] [title];
    Recipient Recipient [id] [title];
    SdkList SdkList [opt] [title];
    Sdk Sdk [id] [title];
    Disclosure Disclosure [id] [title];
    Merger Merger [-] [-];
    Retention Retention [id] [title];
    Storage Storage [-] [-];
    Transfer Transfer [id] [title];
    Right Right [id] [title];
    AutomatedDecision AutomatedDecision [id] [title];
    Marketing Marketing [-] [-];
    Minors Minors [-] [-];
    Security Security [-] [-];
    Complaints Complaints [-] [-];
    Updates Updates [-] [-];
    Exceptions Exceptions [opt] [title];
    Section Section [id] [title];
    Cookie Cookie [id] [title];
    Recommendation Recommendation [id] [title];
    Dispute Dispute [-] [-];
    Document Document [id] [title];
    Processing Processing [id] [title];
    Handover Handover [id] [title];
    Shutdown Shutdown [-] [-];
    Defaults Defaults [target] [title];
}

impl<'m> DeclRef<'m> {
    /// The documents the declaration refers to (`see`); empty for kinds
    /// that take no `see`.
    pub fn see(self) -> &'m [Ref] {
        match self {
            DeclRef::Policy(x) => &x.see,
            DeclRef::Consent(x) => &x.see,
            DeclRef::Permission(x) => &x.see,
            DeclRef::Function(x) => &x.see,
            DeclRef::Recipient(x) => &x.see,
            DeclRef::Sdk(x) => &x.see,
            DeclRef::Right(x) => &x.see,
            DeclRef::Minors(x) => &x.see,
            DeclRef::Updates(x) => &x.see,
            DeclRef::Cookie(x) => &x.see,
            DeclRef::Processing(x) => &x.see,
            DeclRef::Handover(x) => &x.see,
            DeclRef::Shutdown(x) => &x.see,
            _ => &[],
        }
    }
}

impl Model {
    /// Every declaration, grouped by kind in the model's order (header
    /// first), each group in source order.
    pub fn decls(&self) -> impl Iterator<Item = DeclRef<'_>> {
        std::iter::once(DeclRef::Policy(&self.header))
            .chain(self.processor.as_ref().map(DeclRef::Processor))
            .chain(self.officer.as_ref().map(DeclRef::Officer))
            .chain(self.consent.as_ref().map(DeclRef::Consent))
            .chain(self.data.iter().filter(|d| d.declared).map(DeclRef::Data))
            .chain(self.permissions.iter().map(DeclRef::Permission))
            .chain(self.functions.iter().map(DeclRef::Function))
            .chain(self.recipients.iter().map(DeclRef::Recipient))
            .chain(self.sdks.iter().map(DeclRef::Sdk))
            .chain(self.sdk_lists.iter().map(DeclRef::SdkList))
            .chain(self.disclosures.iter().map(DeclRef::Disclosure))
            .chain(self.merger.as_ref().map(DeclRef::Merger))
            .chain(self.retention.iter().map(DeclRef::Retention))
            .chain(self.storage.as_ref().map(DeclRef::Storage))
            .chain(self.transfers.iter().map(DeclRef::Transfer))
            .chain(self.rights.iter().map(DeclRef::Right))
            .chain(self.decisions.iter().map(DeclRef::AutomatedDecision))
            .chain(self.marketing.as_ref().map(DeclRef::Marketing))
            .chain(self.minors.as_ref().map(DeclRef::Minors))
            .chain(self.security.as_ref().map(DeclRef::Security))
            .chain(self.complaints.as_ref().map(DeclRef::Complaints))
            .chain(self.updates.as_ref().map(DeclRef::Updates))
            .chain(self.exceptions.as_ref().map(DeclRef::Exceptions))
            .chain(self.exception_lists.iter().map(DeclRef::Exceptions))
            .chain(self.sections.iter().map(DeclRef::Section))
            .chain(self.cookies.iter().map(DeclRef::Cookie))
            .chain(self.recommendations.iter().map(DeclRef::Recommendation))
            .chain(self.dispute.as_ref().map(DeclRef::Dispute))
            .chain(self.documents.iter().map(DeclRef::Document))
            .chain(self.processing.iter().map(DeclRef::Processing))
            .chain(self.handovers.iter().map(DeclRef::Handover))
            .chain(self.shutdown.as_ref().map(DeclRef::Shutdown))
            .chain(self.defaults.iter().map(DeclRef::Defaults))
    }

    /// Every text of the policy — prose, titles, purposes, notes, channel
    /// values, the wording of yes/no statements — declaration by declaration
    /// in [`Model::decls`] order, each in field order.
    pub fn texts(&self) -> Vec<&Text> {
        let mut out = Vec::new();
        for d in self.decls() {
            d.texts(&mut |t| out.push(t));
        }
        out
    }

    /// Whether the policy points to an SDK list kept elsewhere (`sdk-list`,
    /// or a `document` with `relation sdk-list`).
    pub fn has_sdk_list(&self) -> bool {
        !self.sdk_lists.is_empty()
            || self
                .documents
                .iter()
                .any(|d| d.is(super::words::DocumentRelation::SdkList))
    }

    /// The declaration of `kind` with `id` (`None` id: the singleton).
    pub fn decl(&self, kind: DeclKind, id: Option<&str>) -> Option<DeclRef<'_>> {
        self.decls().find(|d| d.kind() == kind && d.id() == id)
    }
}
