//! Field values: references to declarations, texts, flags, enumerated
//! words, channels, dates, durations, numbers and countries.

use super::Resolver;
use crate::diagnostic::did_you_mean;
use crate::model::error::ResolveError;
use crate::model::policy::*;
use crate::model::words::*;
use crate::source::Span;
use crate::syntax::ast::{self, Decl, DeclKind, Field, Value};

impl Resolver<'_> {
    /// The names of one list, each once: a name listed again is reported
    /// (E212, once per name, with its count) and left out, so that a list
    /// of the same name repeated a million times costs one entry.
    pub(super) fn once_each<'a>(
        &mut self,
        list: impl Iterator<Item = &'a ast::Ident>,
    ) -> Vec<&'a ast::Ident> {
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
    pub(super) fn refs<'d>(
        &mut self,
        fields: impl Iterator<Item = &'d Field>,
        kind: DeclKind,
    ) -> Vec<Ref> {
        self.refs_either(fields, kind, kind).0
    }

    /// References that may name declarations of either of two kinds (an
    /// automated decision's `functions`: business functions or `processing`),
    /// split by kind; a name of any other kind is an error naming the first.
    pub(super) fn refs_either<'d>(
        &mut self,
        fields: impl Iterator<Item = &'d Field>,
        first: DeclKind,
        second: DeclKind,
    ) -> (Vec<Ref>, Vec<Ref>) {
        let (mut firsts, mut seconds) = (Vec::new(), Vec::new());
        let fields: Vec<&Field> = fields.collect();
        let idents: Vec<&ast::Ident> = fields
            .iter()
            .flat_map(|f| self.once_each(words_of(f).iter()))
            .collect();
        for ident in idents {
            let r = Ref {
                id: ident.name.clone(),
                span: ident.span,
            };
            match self.symbols.get(&ident.name) {
                Some((k, _)) if *k == first => firsts.push(r),
                Some((k, _)) if *k == second => seconds.push(r),
                Some((k, declared)) => self.errors.push(ResolveError::WrongKind {
                    name: ident.name.clone(),
                    span: ident.span,
                    expected: first.noun(),
                    found: k.noun(),
                    declared: *declared,
                }),
                None => {
                    let candidates: Vec<&str> = self
                        .symbols
                        .iter()
                        .filter(|(_, (k, _))| *k == first || *k == second)
                        .map(|(n, _)| n.as_str())
                        .collect();
                    self.errors.push(ResolveError::UnknownName {
                        name: ident.name.clone(),
                        span: ident.span,
                        expected: first.noun(),
                        suggestion: did_you_mean(&ident.name, candidates).map(str::to_string),
                    });
                }
            }
        }
        (exact(firsts), exact(seconds))
    }

    pub(super) fn title(&self, decl: &Decl) -> Option<Text> {
        decl.title.as_ref().map(convert_text)
    }

    pub(super) fn text(&self, field: Option<&Field>) -> Option<Text> {
        match field.map(|f| &f.value) {
            Some(Value::Text(t) | Value::Purpose { text: t, .. }) => Some(convert_text(t)),
            _ => None,
        }
    }

    pub(super) fn texts<'d>(&self, fields: impl Iterator<Item = &'d Field>) -> Vec<Text> {
        exact(fields.filter_map(|f| self.text(Some(f))).collect())
    }

    pub(super) fn flag(&self, field: Option<&Field>) -> Option<Flag> {
        match field.map(|f| &f.value) {
            Some(Value::Flag { value, span, text }) => Some(Flag {
                value: *value,
                text: text.as_ref().map(convert_text),
                span: *span,
            }),
            _ => None,
        }
    }

    pub(super) fn word_ident<W: Word>(&mut self, ident: &ast::Ident) -> Option<Spanned<W>> {
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

    pub(super) fn word<W: Word>(&mut self, field: Option<&Field>) -> Option<Spanned<W>> {
        match field.map(|f| &f.value) {
            Some(Value::Word(ident)) => self.word_ident(ident),
            _ => None,
        }
    }

    pub(super) fn words<'d, W: Word>(
        &mut self,
        fields: impl Iterator<Item = &'d Field>,
    ) -> Vec<Spanned<W>> {
        let idents: Vec<&ast::Ident> = fields.flat_map(words_of).collect();
        exact(
            idents
                .into_iter()
                .filter_map(|i| self.word_ident(i))
                .collect(),
        )
    }

    pub(super) fn word_text<W: Word>(&mut self, field: &Field) -> Option<(W, Option<Text>, Span)> {
        match &field.value {
            Value::WordText { word, text } => {
                let w = self.word_ident::<W>(word)?;
                Some((w.value, text.as_ref().map(convert_text), field.span))
            }
            _ => None,
        }
    }

    /// A list of words and an optional wording (`form deidentified, anonymised "…"`):
    /// the words known to `W`, `None` when there is none.
    pub(super) fn words_text<W: Word>(
        &mut self,
        field: &Field,
    ) -> Option<(Vec<Spanned<W>>, Option<Text>, Span)> {
        let Value::WordsText { words, text } = &field.value else {
            return None;
        };
        let words: Vec<Spanned<W>> = words.iter().filter_map(|i| self.word_ident(i)).collect();
        if words.is_empty() {
            return None;
        }
        Some((words, text.as_ref().map(convert_text), field.span))
    }

    /// `status possible "…"`.
    pub(super) fn status(&mut self, field: Option<&Field>) -> Option<StatusStmt> {
        let (kind, text, span) = self.word_text::<Status>(field?)?;
        Some(StatusStmt { kind, text, span })
    }

    /// `starts after-consent "…"` on `sdk` and `sdk-list`.
    pub(super) fn sdk_starts(&mut self, field: Option<&Field>) -> Option<SdkStarts> {
        let (kind, text, span) = self.word_text::<SdkStart>(field?)?;
        Some(SdkStarts { kind, text, span })
    }

    /// `guardian-check self-declared "…"`.
    pub(super) fn guardian_check(&mut self, field: Option<&Field>) -> Option<GuardianCheck> {
        let (kind, text, span) = self.word_text::<GuardianCheckKind>(field?)?;
        Some(GuardianCheck { kind, text, span })
    }

    /// The kind of `consent general` or `consent deemed "…"`.
    pub(super) fn consent_kind(&mut self, field: Option<&Field>) -> Option<Spanned<ConsentKind>> {
        match &field?.value {
            Value::WordText { word, .. } => self.word_ident(word),
            _ => None,
        }
    }

    /// The wording of `consent deemed "…"`.
    pub(super) fn consent_wording(&self, field: Option<&Field>) -> Option<Text> {
        match &field?.value {
            Value::WordText { text, .. } => text.as_ref().map(convert_text),
            _ => None,
        }
    }

    /// `unstated channel, response "…"`.
    pub(super) fn unstated(&mut self, field: Option<&Field>) -> Option<UnstatedStmt> {
        let (items, text, span) = self.words_text::<Unstated>(field?)?;
        Some(UnstatedStmt { items, text, span })
    }

    /// `form deidentified, anonymised "…"`.
    pub(super) fn form(&mut self, field: Option<&Field>) -> Option<FormStmt> {
        let (forms, text, span) = self.words_text::<DataForm>(field?)?;
        Some(FormStmt { forms, text, span })
    }

    /// `emphasis bold, underline "…"`.
    pub(super) fn emphasis(&mut self, field: Option<&Field>) -> Option<EmphasisStmt> {
        let (marks, text, span) = self.words_text::<EmphasisMark>(field?)?;
        Some(EmphasisStmt { marks, text, span })
    }

    /// `stored-at user-hardware, cloud "…"`.
    pub(super) fn stored_at(&mut self, field: Option<&Field>) -> Option<StoredAtStmt> {
        let (places, text, span) = self.words_text::<StoragePlace>(field?)?;
        Some(StoredAtStmt { places, text, span })
    }

    /// `others-consent deemed "…"`, `takes-effect on-publication "…"`.
    pub(super) fn word_stmt<W: Word + crate::model::Node + serde::Serialize>(
        &mut self,
        field: Option<&Field>,
    ) -> Option<WordStmt<W>> {
        let (word, text, span) = self.word_text::<W>(field?)?;
        Some(WordStmt { word, text, span })
    }

    /// A field given more than once, one `WordStmt` a line
    /// (`others-consent deemed "…"` and `others-consent user-obtains "…"`).
    pub(super) fn word_stmts<'d, W: Word + crate::model::Node + serde::Serialize>(
        &mut self,
        fields: impl Iterator<Item = &'d Field>,
    ) -> Vec<WordStmt<W>> {
        fields.filter_map(|x| self.word_stmt(Some(x))).collect()
    }

    /// `directed-by user "…"`.
    pub(super) fn directed_by(&mut self, field: Option<&Field>) -> Option<DirectedBy> {
        let (by, text, span) = self.word_text::<Director>(field?)?;
        Some(DirectedBy { by, text, span })
    }

    /// `subject user, other "…"`.
    pub(super) fn subject(&mut self, field: Option<&Field>) -> Option<SubjectStmt> {
        let (kinds, text, span) = self.words_text::<Subject>(field?)?;
        Some(SubjectStmt { kinds, text, span })
    }

    pub(super) fn channels<'d>(
        &mut self,
        fields: impl Iterator<Item = &'d Field>,
    ) -> Vec<ChannelRef> {
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

    pub(super) fn date(&mut self, field: Option<&Field>) -> Option<Spanned<Date>> {
        let Some(Value::Word(ident)) = field.map(|f| &f.value) else {
            return None;
        };
        let parts: Vec<u32> = ident
            .name
            .split('-')
            .filter_map(|p| p.parse().ok())
            .collect();
        let valid = match parts.as_slice() {
            // A month date: `2026-08`.
            [y, m] => (1900..=9999).contains(y) && (1..=12).contains(m),
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
        if let (true, [y, m, rest @ ..]) = (valid, parts.as_slice()) {
            return Some(Spanned {
                value: Date {
                    year: u16::try_from(*y).unwrap_or(0),
                    month: u8::try_from(*m).unwrap_or(0),
                    // 0: a month date
                    day: rest
                        .first()
                        .and_then(|d| u8::try_from(*d).ok())
                        .unwrap_or(0),
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

    pub(super) fn duration(
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

    pub(super) fn number(&mut self, field: Option<&Field>) -> Option<Spanned<u32>> {
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

    /// The policy's own child age: an age, and one under 18 (E211).
    pub(super) fn child_age(&mut self, field: Option<&Field>) -> Option<Spanned<u32>> {
        let age = self.number(field)?;
        if age.value < 18 {
            return Some(age);
        }
        self.errors.push(ResolveError::InvalidValue {
            what: "age",
            text: age.value.to_string(),
            span: age.span,
            help: "a child is younger than 18: write the oldest age the policy counts as a child, e.g. `14`",
        });
        None
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

    pub(super) fn country(&mut self, field: Option<&Field>) -> Option<Spanned<String>> {
        match field.map(|f| &f.value) {
            Some(Value::Word(ident)) => self.country_ident(ident),
            _ => None,
        }
    }

    pub(super) fn countries<'d>(
        &mut self,
        fields: impl Iterator<Item = &'d Field>,
    ) -> Vec<Spanned<String>> {
        let idents: Vec<&ast::Ident> = fields.flat_map(words_of).collect();
        idents
            .into_iter()
            .filter_map(|i| self.country_ident(i))
            .collect()
    }
}

pub(super) fn words_of(field: &Field) -> &[ast::Ident] {
    match &field.value {
        Value::Words(w) => w,
        Value::Word(w) => std::slice::from_ref(w),
        Value::WordsText { words, .. } => words,
        _ => &[],
    }
}

pub(super) fn convert_text(t: &ast::Text) -> Text {
    Text {
        text: t.value.clone(),
        translations: t
            .translations
            .iter()
            .map(|tr| (tr.lang.clone(), tr.value.clone()))
            .collect(),
        prominent: t.prominent,
        span: t.span,
    }
}

/// A list without spare capacity: the model keeps its lists until the end of
/// the run, and most hold one to three items.
pub(super) fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}
