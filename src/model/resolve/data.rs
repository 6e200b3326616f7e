//! Data categories: their declarations, taxonomy lookups, references to
//! them (with implicit categories for taxonomy names used directly), data
//! sets and `collects` lists.

use super::values::{convert_text, exact};
use super::{head_of, Resolver};
use crate::diagnostic::did_you_mean;
use crate::model::error::ResolveError;
use crate::model::policy::*;
use crate::model::taxonomy::Entry;
use crate::model::words::*;
use crate::syntax::ast::{self, Decl, DeclKind, Field, FieldName, Refs, Value};

impl<'t> Resolver<'t> {
    /// `data id = parent "label" { … }`
    pub(super) fn data_decl(&mut self, decl: &Decl) {
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
        let flag = self.flag(f.one(FieldName::ThirdParty));
        let subject = self.subject(f.one(FieldName::Subject));
        if let (Some(fl), Some(s)) = (&flag, &subject) {
            if fl.value && s.kinds.iter().all(|k| k.value == Subject::User) {
                self.errors.push(ResolveError::ThirdPartyUserSubject {
                    flag: fl.span,
                    subject: s.span,
                });
            }
        }
        // A child's (儿童: under fourteen) personal information is sensitive
        // (PIPL Art. 28 ¶1): see [`DataCategory::maybe_child`].
        let child = subject
            .as_ref()
            .is_some_and(|s| s.kinds.iter().any(|k| k.value == Subject::Child));
        let third_party = match (&flag, &subject) {
            (Some(x), _) => x.value,
            (None, Some(s)) => s.kinds.iter().any(|k| k.value.is_third_person()),
            (None, None) => third,
        };
        let cat = DataCategory {
            id: id.name.clone(),
            declared: true,
            label: self.title(decl),
            taxonomy,
            taxonomy_sensitive: tsens,
            sensitive: tsens || child || marked.as_ref().is_some_and(|m| m.value),
            marked_sensitive: marked,
            special,
            jrt,
            third_party_subject: third_party,
            subject,
            necessity: self.text(f.one(FieldName::Necessity)),
            impact: self.text(f.one(FieldName::Impact)),
            includes: Vec::new(),
            includes_etc: f
                .all(FieldName::Includes)
                .any(|x| matches!(&x.value, Value::Refs(Refs::Open(..)))),
            text: self.texts(f.all(FieldName::Text)),
            status: self.status(f.one(FieldName::Status)),
            span: decl.span,
            head: head_of(decl),
        };
        self.data_index.insert(cat.id.clone(), self.data.len());
        self.data.push(cat);
    }

    /// `includes a, b, etc` of a declared category: the categories it
    /// consists of (a category does not include itself).
    pub(super) fn data_includes(&mut self, decl: &Decl) {
        let Some(id) = &decl.id else { return };
        let Some(&at) = self.data_index.get(&id.name) else {
            return;
        };
        if self.data.get(at).is_none_or(|d| d.span != decl.span) {
            return;
        }
        // the first `includes` only (a second was reported by `data_decl`)
        let first = decl.fields.iter().find(|x| x.name == FieldName::Includes);
        let refs: Vec<Ref> = match self.data_set(first.into_iter()) {
            DataSet::List(v) => v.into_iter().filter(|r| r.id != id.name).collect(),
            _ => Vec::new(),
        };
        if let Some(d) = self.data.get_mut(at) {
            d.includes = refs;
        }
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
                subject: None,
                necessity: None,
                impact: None,
                includes: Vec::new(),
                includes_etc: false,
                text: Vec::new(),
                status: None,
                span: ident.span,
                head: ident.span,
            };
            self.data_index.insert(id.clone(), self.data.len());
            self.data.push(cat);
        }
        Some(Ref {
            id,
            span: ident.span,
        })
    }

    pub(super) fn data_set<'d>(&mut self, fields: impl Iterator<Item = &'d Field>) -> DataSet {
        let mut set = DataSet::None;
        for field in fields {
            match &field.value {
                Value::Refs(Refs::All(_)) => set = DataSet::All,
                Value::Refs(Refs::List(list) | Refs::Open(list, _)) => {
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

    pub(super) fn collects<'d>(&mut self, fields: impl Iterator<Item = &'d Field>) -> Vec<Collect> {
        let mut out = Vec::new();
        for field in fields {
            let Value::Collects {
                need,
                items,
                note,
                body,
                etc,
            } = &field.value
            else {
                continue;
            };
            let need = need.as_ref().and_then(|n| Need::from_word(&n.name));
            let b = self.fields_of(body, "`collects` line");
            let refusal = self.refusal(b.one(FieldName::IfRefused));
            let bases = self.words(b.all(FieldName::Basis));
            let purposes = self.texts(b.all(FieldName::Purpose));
            let subject = self.subject(b.one(FieldName::Subject));
            let conditions = self.texts(b.all(FieldName::Condition));
            let functions = self.refs(b.all(FieldName::Functions), DeclKind::Function);
            let text = self.texts(b.all(FieldName::Text));
            let form = self.form(b.one(FieldName::Form));
            let sensitivity = b.one(FieldName::Sensitive).and_then(|x| {
                let (claim, text, span) = self.word_text::<SensitivityClaim>(x)?;
                Some(SensitivityStmt { claim, text, span })
            });
            let use_limit = b.one(FieldName::Use).and_then(|x| {
                let (limit, text, span) = self.word_text::<UseLimit>(x)?;
                Some(UseStmt { limit, text, span })
            });
            let os: Vec<Spanned<Os>> = self.words(b.all(FieldName::Os));
            let necessity = self.text(b.one(FieldName::Necessity));
            let impact = self.text(b.one(FieldName::Impact));
            // Each name once across the line, alternatives included.
            let kept: Vec<&ast::Ident> = self.once_each(items.iter().flatten());
            for item in items {
                let members: Vec<Ref> = item
                    .iter()
                    .filter(|i| kept.iter().any(|k| std::ptr::eq(*k, *i)))
                    .filter_map(|i| self.data_ref(i))
                    .collect();
                for (n, data) in members.iter().enumerate() {
                    let alternatives = members
                        .iter()
                        .enumerate()
                        .filter(|(m, _)| *m != n)
                        .map(|(_, r)| r.clone())
                        .collect();
                    out.push(Collect {
                        data: data.clone(),
                        need,
                        note: note.as_ref().map(convert_text),
                        alternatives,
                        refusal: refusal.clone(),
                        bases: bases.clone(),
                        purposes: purposes.clone(),
                        subject: subject.clone(),
                        conditions: conditions.clone(),
                        functions: functions.clone(),
                        text: text.clone(),
                        form: form.clone(),
                        sensitivity: sensitivity.clone(),
                        use_limit: use_limit.clone(),
                        os: os.clone(),
                        etc: etc.is_some(),
                        necessity: necessity.clone(),
                        impact: impact.clone(),
                        line: field.span,
                    });
                }
            }
        }
        exact(out)
    }
}
