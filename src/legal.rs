//! Legal citations, shared by the rules, the change classes and every
//! report: legal instruments and how their parts are cited, in English and Chinese,
//! from `data/instruments.yaml` (embedded).
//!
//! A rule's [`LegalRef`] names an instrument by code and an article (or clause,
//! or section); this module turns it into `PIPL Art. 23 ¶1(2)` or
//! `《个人信息保护法》第二十三条第一款第（二）项`.

use std::sync::OnceLock;

use serde::Deserialize;

pub use crate::lang::Lang;

/// How a rule relates to its source: it implements the text, or is derived
/// from guidance about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    Implements,
    DerivedFrom,
    /// The instrument governs other products (the App rules on a website):
    /// applied to this policy by analogy.
    ByAnalogy,
}

/// A citation: instrument code (see `data/instruments.yaml`), article or
/// clause, and optionally paragraph (款) and item (项).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LegalRef {
    pub instrument: &'static str,
    pub article: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<u8>,
    pub relation: Relation,
}

impl LegalRef {
    /// `LegalRef::new("PIPL", "23")`
    pub const fn new(instrument: &'static str, article: &'static str) -> LegalRef {
        LegalRef {
            instrument,
            article,
            paragraph: None,
            item: None,
            relation: Relation::Implements,
        }
    }

    /// 第N款 / ¶N
    pub const fn para(mut self, n: u8) -> LegalRef {
        self.paragraph = Some(n);
        self
    }

    /// 第（N）项 / (N)
    pub const fn item(mut self, n: u8) -> LegalRef {
        self.item = Some(n);
        self
    }

    /// The rule is derived from guidance about this source.
    pub const fn derived(mut self) -> LegalRef {
        self.relation = Relation::DerivedFrom;
        self
    }
}

/// How the parts of an instrument are cited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CiteStyle {
    /// 第N条第N款第（N）项 / Art. N ¶N(N)
    Article,
    /// 5.4 c)
    Clause,
    /// 三.4
    Section,
}

/// One law, regulation or standard.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub code: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub cite: CiteStyle,
    /// The standard's number (`GB/T 35273-2020`), for clause-style instruments.
    #[serde(default)]
    pub number: Option<String>,
    pub zh: String,
    pub en: String,
    /// The short English name used in citations.
    pub short: String,
    /// The platforms the instrument governs (`app`, `mini-program`), as the
    /// policy header writes them; empty: every platform. A policy whose
    /// `platform` names none of them is held to it only by analogy.
    #[serde(default, rename = "applies-to")]
    pub applies_to: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstrumentsFile {
    instruments: Vec<Instrument>,
}

/// Every instrument, from the embedded data.
pub fn instruments() -> Result<&'static [Instrument], String> {
    static I: OnceLock<Result<Vec<Instrument>, String>> = OnceLock::new();
    I.get_or_init(|| {
        crate::data::read::<InstrumentsFile>(crate::data::INSTRUMENTS, "instrument")
            .map(|f| f.instruments)
    })
    .as_ref()
    .map(Vec::as_slice)
    .map_err(Clone::clone)
}

/// The instruments that govern none of `platforms` (the words of the
/// policy header), whose citations in findings about that policy are
/// therefore by analogy. Empty when the policy names no platform.
pub fn by_analogy(platforms: &[&str]) -> Vec<String> {
    if platforms.is_empty() {
        return Vec::new();
    }
    instruments()
        .unwrap_or(&[])
        .iter()
        .filter(|i| {
            !i.applies_to.is_empty()
                && !i.applies_to.iter().any(|a| platforms.contains(&a.as_str()))
        })
        .flat_map(|i| std::iter::once(i.code.clone()).chain(i.aliases.iter().cloned()))
        .collect()
}

/// A rule's citations for one policy: those of an instrument in
/// `analogy` (see [`by_analogy`]) marked as applied by analogy.
pub fn for_policy(refs: &[LegalRef], analogy: &[String]) -> Vec<LegalRef> {
    refs.iter()
        .map(|r| {
            let mut r = *r;
            if analogy.iter().any(|a| a == r.instrument) {
                r.relation = Relation::ByAnalogy;
            }
            r
        })
        .collect()
}

/// The instrument with this code or alias.
pub fn instrument(code: &str) -> Option<&'static Instrument> {
    instruments()
        .ok()?
        .iter()
        .find(|i| i.code == code || i.aliases.iter().any(|a| a == code))
}

/// A number in Chinese numerals, as used in article numbers (1–9999).
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied().unwrap_or("");
    if n == 0 {
        return digit(0).to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [
        (n / 1000, "千"),
        (n / 100 % 10, "百"),
        (n / 10 % 10, "十"),
        (n % 10, ""),
    ];
    let mut out = String::new();
    let mut pending_zero = false;
    for (d, unit) in parts {
        if d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push_str(digit(0));
            pending_zero = false;
        }
        // 十二, not 一十二, when the number starts with the tens.
        if !(out.is_empty() && d == 1 && unit == "十") {
            out.push_str(digit(d));
        }
        out.push_str(unit);
    }
    out
}

/// `3.4` → `三.4`: the leading Arabic section number in Chinese.
fn chinese_section(article: &str) -> String {
    let (head, rest) = match article.find('.') {
        Some(i) => article.split_at(i),
        None => (article, ""),
    };
    match head.parse::<u32>() {
        Ok(n) => format!("{}{rest}", chinese_number(n)),
        Err(_) => article.to_string(),
    }
}

/// `3` → `c`: the lettered item of a standard's clause.
fn item_letter(n: u8) -> String {
    match n {
        1..=26 => char::from(b'a' + (n - 1)).to_string(),
        _ => n.to_string(),
    }
}

/// The citation of a reference, without its relation.
pub fn cite(r: &LegalRef, lang: Lang) -> String {
    let Some(inst) = instrument(r.instrument) else {
        return format!("{} {}", r.instrument, r.article)
            .trim_end()
            .to_string();
    };
    let mut out = String::new();
    match (inst.cite, lang) {
        (CiteStyle::Article, Lang::En) => {
            out.push_str(&inst.short);
            if !r.article.is_empty() {
                out.push_str(&format!(" Art. {}", r.article));
            }
            if let Some(p) = r.paragraph {
                out.push_str(&format!(" ¶{p}"));
            }
            if let Some(i) = r.item {
                out.push_str(&format!("({i})"));
            }
        }
        (CiteStyle::Article, Lang::Zh) => {
            out.push_str(&format!("《{}》", inst.zh));
            if !r.article.is_empty() {
                let article = r
                    .article
                    .parse::<u32>()
                    .map_or_else(|_| r.article.to_string(), chinese_number);
                out.push_str(&format!("第{article}条"));
            }
            if let Some(p) = r.paragraph {
                out.push_str(&format!("第{}款", chinese_number(u32::from(p))));
            }
            if let Some(i) = r.item {
                out.push_str(&format!("第（{}）项", chinese_number(u32::from(i))));
            }
        }
        (CiteStyle::Clause, _) => {
            match lang {
                Lang::En => out.push_str(&inst.short),
                Lang::Zh => {
                    out.push_str(&format!("《{}》", inst.zh));
                    if let Some(n) = &inst.number {
                        out.push_str(&format!("（{n}）"));
                    }
                }
            }
            if !r.article.is_empty() {
                if lang == Lang::En {
                    out.push(' ');
                }
                out.push_str(r.article);
            }
            if let Some(p) = r.paragraph {
                out.push_str(&format!(" ¶{p}"));
            }
            if let Some(i) = r.item {
                out.push_str(&format!(" {})", item_letter(i)));
            }
        }
        (CiteStyle::Section, _) => {
            match lang {
                Lang::En => out.push_str(&inst.short),
                Lang::Zh => out.push_str(&format!("《{}》", inst.zh)),
            }
            if !r.article.is_empty() {
                if lang == Lang::En {
                    out.push(' ');
                }
                out.push_str(&chinese_section(r.article));
            }
            if let Some(p) = r.paragraph {
                out.push_str(&format!(".{p}"));
            }
            if let Some(i) = r.item {
                out.push_str(&format!("({i})"));
            }
        }
    }
    out
}

/// The citation with its relation: a rule derived from guidance about a
/// text is marked as such.
pub fn cite_with_relation(r: &LegalRef, lang: Lang) -> String {
    let c = cite(r, lang);
    match (r.relation, lang) {
        (Relation::Implements, _) => c,
        (Relation::DerivedFrom, Lang::En) => format!("{c} (derived)"),
        (Relation::DerivedFrom, Lang::Zh) => format!("{c}（参照）"),
        (Relation::ByAnalogy, Lang::En) => format!("{c} (by analogy)"),
        (Relation::ByAnalogy, Lang::Zh) => format!("{c}（类推适用）"),
    }
}

/// All citations of a rule, joined: `PIPL Art. 23 ¶1; App Rules 二.1 (derived)`.
pub fn cite_all(refs: &[LegalRef], lang: Lang) -> String {
    let sep = match lang {
        Lang::En => "; ",
        Lang::Zh => "；",
    };
    refs.iter()
        .map(|r| cite_with_relation(r, lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The line that ends a finding's help: where the requirement comes from.
pub fn sources_line(refs: &[LegalRef], lang: Lang) -> Option<String> {
    if refs.is_empty() {
        return None;
    }
    Some(match lang {
        Lang::En => format!("see {}", cite_all(refs, Lang::En)),
        Lang::Zh => format!("依据：{}", cite_all(refs, Lang::Zh)),
    })
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn app_rules_apply_to_other_platforms_by_analogy() {
        let web = by_analogy(&["web"]);
        assert!(web.iter().any(|c| c == "REC"));
        assert!(web.iter().any(|c| c == "NEC"));
        assert!(!web.iter().any(|c| c == "PIPL"));
        let mini = by_analogy(&["mini-program"]);
        assert!(mini.iter().any(|c| c == "REC"));
        assert!(
            !mini.iter().any(|c| c == "NEC"),
            "NEC Art. 2 covers mini-programs"
        );
        assert!(by_analogy(&["app", "web"]).is_empty());
        assert!(by_analogy(&[]).is_empty(), "no platform named: an app");
        let refs = [
            LegalRef::new("PIPL", "23"),
            LegalRef::new("REC", "2").para(1),
        ];
        let cited = for_policy(&refs, &web);
        let [pipl, rec] = cited.as_slice() else {
            panic!("two citations expected, got {}", cited.len());
        };
        assert_eq!(pipl.relation, Relation::Implements);
        assert_eq!(rec.relation, Relation::ByAnalogy);
        assert_eq!(
            cite_with_relation(rec, Lang::En),
            "App Rules 二.1 (by analogy)"
        );
    }

    #[test]
    fn numerals() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (13, "十三"),
            (20, "二十"),
            (23, "二十三"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
        ];
        for (n, zh) in cases {
            assert_eq!(chinese_number(n), zh, "{n}");
        }
    }

    #[test]
    fn citations() {
        let r = LegalRef::new("PIPL", "23").para(1).item(2);
        assert_eq!(cite(&r, Lang::En), "PIPL Art. 23 ¶1(2)");
        assert_eq!(
            cite(&r, Lang::Zh),
            "《个人信息保护法》第二十三条第一款第（二）项"
        );
        let g = LegalRef::new("GB35273", "5.4").item(3);
        assert_eq!(cite(&g, Lang::En), "GB/T 35273-2020 5.4 c)");
        assert_eq!(
            cite(&g, Lang::Zh),
            "《信息安全技术 个人信息安全规范》（GB/T 35273-2020）5.4 c)"
        );
        let s = LegalRef::new("REC", "3.4").derived();
        assert_eq!(cite(&s, Lang::En), "App Rules 三.4");
        assert_eq!(cite_with_relation(&s, Lang::En), "App Rules 三.4 (derived)");
        assert_eq!(
            cite(&LegalRef::new("REC", "三.4"), Lang::Zh),
            "《App违法违规收集使用个人信息行为认定方法》三.4"
        );
    }

    #[test]
    fn data_loads() {
        let all = instruments().unwrap_or_default();
        for code in [
            "PIPL",
            "NDSR",
            "CSL",
            "CRED",
            "AML",
            "ALGO",
            "MINORS",
            "ECOM",
            "NEC",
            "REC",
            "GB35273",
            "GB41391",
            "GB42574",
            "GB45574",
            "JRT0171",
            "TC260-SDK",
            "FACE",
            "NFRA",
            "CAC-PIO-2025",
        ] {
            assert!(all.iter().any(|i| i.code == code), "{code}");
        }
    }
}
