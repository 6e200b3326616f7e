//! The resolver: every declaration comes out with its kind, id, title and the
//! span of its first line; and the duration conversions the legal thresholds
//! rely on (15 working days, 10 years…) round the way the rules assume.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use policyc::model::{Duration, Model, Taxonomy, Unit};
use policyc::source::SourceFile;

const POLICY: &str = r#"policy "示例" {
  version "1.0"
}

processor {
  name "示例科技有限公司"
}

data face-image = biometric.face "人脸图像" {
  sensitive yes
}

function verify "实名认证" {
  basis consent
  collects required face-image
}

recipient bank "合作银行" {
  name "示例银行股份有限公司"
  data face-image
}

retention kept {
  data face-image
  at-most 3y
}

section notes "其他" {
  text "无"
}
"#;

fn model() -> (SourceFile, Model) {
    let src = SourceFile::new("resolve.policy", POLICY);
    let m = policyc::compile(&src, Taxonomy::builtin().unwrap())
        .unwrap_or_else(|e| panic!("{:?}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>()));
    (src, m)
}

#[test]
fn every_declaration_has_its_kind_id_title_and_head() {
    let (src, m) = model();
    let seen: Vec<(String, Option<String>, Option<String>, String)> = m
        .decls()
        .map(|d| {
            (
                d.kind().keyword().to_string(),
                d.id().map(str::to_string),
                d.title().map(|t| t.text.clone()),
                src.text()[d.head().start as usize..d.head().end as usize].to_string(),
            )
        })
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        seen,
        vec![
            ("policy".into(), None, s("示例"), "policy \"示例\"".into()),
            ("processor".into(), None, None, "processor".into()),
            (
                "data".into(),
                s("face-image"),
                s("人脸图像"),
                "data face-image = biometric.face \"人脸图像\"".into()
            ),
            (
                "function".into(),
                s("verify"),
                s("实名认证"),
                "function verify \"实名认证\"".into()
            ),
            (
                "recipient".into(),
                s("bank"),
                s("合作银行"),
                "recipient bank \"合作银行\"".into()
            ),
            ("retention".into(), s("kept"), None, "retention".into()),
            (
                "section".into(),
                s("notes"),
                s("其他"),
                "section notes \"其他\"".into()
            ),
        ]
    );
    // the whole declaration's span covers its body
    let f = m.decls().find(|d| d.id() == Some("verify")).unwrap();
    let whole = &src.text()[f.span().start as usize..f.span().end as usize];
    assert!(
        whole.starts_with("function verify") && whole.ends_with('}'),
        "{whole}"
    );
    // a taxonomy item used directly is in the model's data, not a declaration
    assert!(m.decls().all(|d| d.id() != Some("face")));
}

#[test]
fn texts_walk_every_declaration() {
    let (_, m) = model();
    let texts: Vec<&str> = m.texts().iter().map(|t| t.text.as_str()).collect();
    for t in [
        "示例",
        "示例科技有限公司",
        "人脸图像",
        "实名认证",
        "示例银行股份有限公司",
        "无",
    ] {
        assert!(texts.contains(&t), "{t} not walked: {texts:?}");
    }
}

fn d(amount: u32, unit: Unit) -> Duration {
    Duration { amount, unit }
}

/// The conversions behind the response-time (15 working days, 认定方法 六.3)
/// and retention thresholds: working days are never overstated, so a
/// promise is only counted as within 15 working days when it surely is.
#[test]
fn duration_conversions_behind_legal_thresholds() {
    assert_eq!(d(15, Unit::WorkingDays).approx_working_days(), 15);
    assert_eq!(d(15, Unit::Days).approx_working_days(), 10);
    assert_eq!(d(21, Unit::Days).approx_working_days(), 15);
    assert_eq!(d(22, Unit::Days).approx_working_days(), 15);
    assert_eq!(d(3, Unit::Weeks).approx_working_days(), 15);
    assert_eq!(d(1, Unit::Months).approx_working_days(), 21);
    assert_eq!(d(48, Unit::Hours).approx_working_days(), 1);
    assert_eq!(d(5, Unit::WorkingDays).approx_days(), 7);
    assert_eq!(d(15, Unit::WorkingDays).approx_days(), 21);
    assert_eq!(d(25, Unit::Hours).approx_days(), 2);
    assert_eq!(d(10, Unit::Years).approx_days(), 3650);
    assert_eq!(d(6, Unit::Months).approx_days(), 180);
    assert!(d(10, Unit::Years).approx_days() > d(119, Unit::Months).approx_days());
}

/// `defaults right` / `defaults recipient`: each right or recipient without
/// a field of its own inherits it (and says so); its own field prevails, an
/// `unstated` field stays unstated, conditions add up, `rights` and
/// `recipients` limit the defaults to the declarations they name; the texts
/// of a declaration are those written in it.
#[test]
fn defaults_are_inherited_where_nothing_else_is_said() {
    const SRC: &str = r#"policy "示例" {
}

defaults right "您的权利" {
  channel customer-service "通过“如何联系我们”与我们联系"
  response 15wd
  fee "原则上不收取费用"
  condition "需要验证您的身份"
}

right access "查阅" {
  covers access
}

right erase "删除" {
  covers delete
  channel app "【我的】-【设置】"
  response 10d
  condition "在法律规定的情形下"
}

right port "转移" {
  covers port
  unstated channel, response "我们将依法提供转移的途径"
}

defaults recipient "共享" {
  contract yes "与其签署严格的保密协定"
  recipients partner
}

recipient partner "合作方" {
  type "合作方"
}

recipient authority "主管部门" {
  type "主管部门"
}
"#;
    let src = SourceFile::new("defaults.policy", SRC);
    let m = policyc::compile(&src, Taxonomy::builtin().unwrap())
        .unwrap_or_else(|e| panic!("{:?}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>()));
    let right = |id: &str| m.rights.iter().find(|r| r.id == id).unwrap();
    let access = right("access");
    assert_eq!(access.channels.len(), 1);
    assert_eq!(
        access.response.as_ref().unwrap().value,
        d(15, Unit::WorkingDays)
    );
    assert_eq!(access.fee.as_ref().unwrap().text, "原则上不收取费用");
    assert_eq!(
        access.inherited,
        ["channel", "response", "fee", "condition"]
    );
    let erase = right("erase");
    assert_eq!(
        erase.channels[0].value.as_ref().unwrap().text,
        "【我的】-【设置】"
    );
    assert_eq!(erase.response.as_ref().unwrap().value, d(10, Unit::Days));
    let conditions: Vec<&str> = erase.conditions.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(conditions, ["在法律规定的情形下", "需要验证您的身份"]);
    assert_eq!(erase.inherited, ["fee", "condition"]);
    let port = right("port");
    assert!(port.channels.is_empty() && port.response.is_none());
    let recipient = |id: &str| m.recipients.iter().find(|r| r.id == id).unwrap();
    assert!(recipient("partner").contract.as_ref().unwrap().value);
    assert!(recipient("authority").contract.is_none());
    // A default's wording is a text of the `defaults` declaration only.
    let right_texts: Vec<String> = {
        let mut out = Vec::new();
        policyc::model::DeclRef::Right(access).texts(&mut |t| out.push(t.text.clone()));
        out
    };
    assert!(
        right_texts.iter().all(|t| t != "原则上不收取费用"),
        "{right_texts:?}"
    );
    assert_eq!(
        m.texts()
            .iter()
            .filter(|t| t.text == "原则上不收取费用")
            .count(),
        1
    );
}
