//! A generator of synthetic but valid policies, for the benchmarks only.
//!
//! `generate(size, seed)` writes a policy of at least `size` bytes that
//! compiles with no error. The same size and seed always give the same bytes.
//!
//! Proportions follow the two seed transcriptions (examples/mengshang.policy,
//! examples/jinshang.policy: ~95 data categories, 13–26 functions, 24–34
//! recipients, 5–15 permissions, 0–12 SDKs, 4–6 retention entries, 5–7
//! rights, 9–15 sections, ~1 triple-quoted text per kilobyte): the header
//! and every singleton declaration once, then repeated units of one business
//! function with about four data categories, one or two recipients, a
//! permission every second unit, an SDK every third, a retention entry every
//! third, a right every fourth, a section every second, a disclosure every
//! tenth, a transfer every twelfth and an automated decision every fifteenth.
//! Purposes, titles and `text` are Chinese, assembled from clauses of the
//! seeds' kind; about one title in two has an English translation.

use std::fmt::Write as _;

/// xorshift64*: small, deterministic, good enough for picking words.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len());
        items.get(i).copied().unwrap_or("")
    }

    /// `n` distinct items (or all of them if there are fewer).
    pub fn some<'a>(&mut self, items: &[&'a str], n: usize) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::with_capacity(n);
        let mut tries = 0;
        while out.len() < n.min(items.len()) && tries < 64 {
            let x = self.pick(items);
            if !out.contains(&x) {
                out.push(x);
            }
            tries += 1;
        }
        out
    }
}

/// Taxonomy items (data/taxonomy.yaml), common and sensitive.
const ITEMS: &[&str] = &[
    "name",
    "phone",
    "email",
    "address",
    "birth-date",
    "gender",
    "id-type",
    "id-number",
    "id-validity",
    "face",
    "account",
    "user-id",
    "ip-address",
    "login-info",
    "password",
    "sms-code",
    "occupation",
    "employer",
    "education",
    "bank-card",
    "bank-phone",
    "payment-account",
    "transactions",
    "income",
    "credit-report",
    "loan-info",
    "overdue-info",
    "contacts-emergency",
    "browsing",
    "app-usage",
    "device-hw",
    "device-ids",
    "network-info",
];
/// Items the seeds mark sensitive, with necessity and impact.
const SENSITIVE: &[&str] = &[
    "id-number",
    "face",
    "bank-card",
    "transactions",
    "credit-report",
    "income",
];
const PURPOSES: &[&str] = &[
    "为您提供消费贷款服务",
    "核验您的身份",
    "评估您的还款能力",
    "防范欺诈风险",
    "完成还款扣款",
    "发送业务通知",
    "处理您的咨询与投诉",
    "履行反洗钱义务",
    "管理您的授信额度",
    "保障账户和资金安全",
    "向您推荐更适合的产品",
    "完成实名认证",
    "改进我们的产品与服务",
    "进行贷后管理与催收",
];
const SCENES: &[&str] = &[
    "注册与登录",
    "实名认证",
    "授信申请",
    "借款申请",
    "绑定银行卡",
    "还款",
    "客户服务",
    "消息通知",
    "账户安全",
    "营销推广",
];
const CLAUSES: &[&str] = &[
    "我们会严格遵守法律法规的规定及与您的约定",
    "仅在实现上述目的所必需的最短时间内保存",
    "我们将采取加密等安全措施保护您的信息",
    "如您拒绝提供，可能影响您使用该功能，但不影响您使用我们提供的其他服务",
    "上述信息属于敏感个人信息，我们将单独征得您的同意",
    "我们会通过弹窗方式向您告知并征得您的同意",
    "您可以在【我的-设置】中查看、更正或删除上述信息",
    "我们不会将上述信息用于与本功能无关的其他目的",
];
const PARTNER_KINDS: &[&str] = &[
    "征信机构",
    "合作银行",
    "支付机构",
    "短信服务商",
    "身份核验服务商",
    "云服务提供商",
    "催收服务机构",
];
const ROLES: &[&str] = &["entrusted", "independent", "joint"];
const CONSENTS: &[&str] = &["general", "separate"];
const SOURCES: &[&str] = &["direct", "automatic"];
const REFUSALS: &[&str] = &["degrades-function", "blocks-function", "none"];
const RIGHTS: &[&str] = &[
    "access",
    "copy",
    "correct",
    "delete",
    "withdraw",
    "close-account",
    "explain",
    "port",
];
const CHANNELS: &[&str] = &["app", "phone", "email", "online"];
const SDK_FEATURES: &[&str] = &[
    "消息推送",
    "一键登录",
    "人脸识别",
    "统计分析",
    "地图定位",
    "支付",
];
const PERMISSIONS: &[(&str, &str)] = &[
    ("相机", "photos-files"),
    ("位置", "location-precise"),
    ("存储", "photos-files"),
    ("麦克风", "voiceprint"),
    ("设备信息", "device-ids"),
    ("剪切板", "clipboard"),
];

/// Parse `100KB`, `1MB`, `10MB`, `1024` (bytes).
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("MB") {
        (n, 1024 * 1024)
    } else if let Some(n) = s.strip_suffix("KB") {
        (n, 1024)
    } else if let Some(n) = s.strip_suffix('B') {
        (n, 1)
    } else {
        (s.as_str(), 1)
    };
    num.trim().parse::<usize>().ok().map(|n| n * mult)
}

/// A sentence of 2–4 clauses about `scene` and `purpose`.
fn prose(r: &mut Rng, scene: &str, purpose: &str) -> String {
    let mut s = format!("当您使用{scene}功能时，为{purpose}，我们需要收集您的相关信息");
    for _ in 0..2 + r.below(3) {
        s.push('，');
        s.push_str(r.pick(CLAUSES));
    }
    s.push('。');
    s
}

/// A sentence about `scene` and a purpose picked at random.
fn prose_other(r: &mut Rng, scene: &str) -> String {
    let purpose = r.pick(PURPOSES);
    prose(r, scene, purpose)
}

fn header(out: &mut String, seed: u64) {
    let _ = write!(
        out,
        r#"// Synthetic policy for benchmarks (benches/support/generator.rs, seed {seed}).
policy "生成的隐私政策" en "Generated privacy policy" {{
  version "1.0"
  effective 2025-01-01
  updated 2025-01-01
  language zh-CN
  app-type online-lending
  sector consumer-finance
  volume over-1m
}}

processor {{
  name "示例消费金融股份有限公司"
  registered-address "北京市朝阳区示例路1号"
  office-address "北京市朝阳区示例路1号"
  contact phone "400-000-0000"
  contact email "privacy@example.com"
}}

officer {{
  department "个人信息保护部"
  contact email "dpo@example.com"
}}

consent {{
  mechanism click-accept
  bundled no
  text """您点击“同意”即表示您已阅读并理解本政策的全部内容。对于需要单独同意的事项，我们会另行征求您的同意。"""
}}

storage {{
  location CN
  text """我们在中华人民共和国境内收集和产生的个人信息，将存储在中华人民共和国境内。"""
}}

sdk-list sdk-list-ref "《第三方SDK列表》" en "Third-party SDK list" {{
  url "https://example.com/sdk-list"
}}

merger {{
  notify-recipient yes
  recipient-bound yes
  reconsent-on-change yes
  text """在因合并、分立、解散、被宣告破产等原因需要转移您的个人信息时，我们将向您告知接收方的名称和联系方式，并要求接收方继续履行本政策规定的义务。"""
}}

marketing {{
  personalised yes
  non-personalised-option yes "您可以关闭个性化推荐"
  via sms, push
  opt-out sms "回复TD退订"
  opt-out settings "在【我的-设置-消息设置】中关闭"
  tag-deletion yes
}}

minors {{
  min-age 18
  guardian-consent yes
  under-14-rules none
  text """我们的产品和服务主要面向年满18周岁的成年人。如您为未成年人，请在监护人的陪同下阅读本政策。"""
}}

security {{
  measure encryption "使用加密技术确保数据的保密性"
  measure access-control "建立严格的访问控制机制"
  incident-notice sms, announcement
  incident-contents situation, impact, measures, advice, remedies
  text """我们已使用符合业界标准的安全防护措施保护您提供的个人信息，防止数据遭到未经授权的访问、公开披露、使用、修改、损坏或丢失。"""
}}

complaints {{
  channel phone "400-000-0000"
  channel app "【我的-在线客服】"
  response 15wd
  external "向有关监管部门投诉"
}}

updates {{
  notice popup "以弹窗方式通知您"
  material "个人信息处理的目的、方式和种类发生变化"
  reconsent-on-material yes
  archive yes
}}

exceptions "征得授权同意的例外" en "Exceptions to consent" {{
  exception "为订立、履行您作为一方当事人的合同所必需" maps-to contract
  exception "为履行法定职责或者法定义务所必需" maps-to legal-duty
  exception "在合理的范围内处理您自行公开或者其他已经合法公开的个人信息" maps-to public-info
}}

"#
    );
}

/// A policy of at least `size` bytes, deterministic in `size` and `seed`.
pub fn generate(size: usize, seed: u64) -> String {
    let mut r = Rng::new(seed);
    let mut out = String::with_capacity(size + 8192);
    header(&mut out, seed);
    let mut i = 0usize;
    while out.len() < size {
        unit(&mut out, &mut r, i);
        i += 1;
    }
    out
}

/// One business function and what surrounds it.
fn unit(out: &mut String, r: &mut Rng, i: usize) {
    let scene = r.pick(SCENES);
    let purpose = r.pick(PURPOSES);
    // Data categories of this function.
    let items = r.some(ITEMS, 4);
    let mut cats = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let id = format!("d{i}-{k}");
        let en = if k % 2 == 0 {
            format!(" en \"Data item {i}-{k}\"")
        } else {
            String::new()
        };
        if SENSITIVE.contains(item) {
            let _ = writeln!(
                out,
                "data {id} = {item} \"{scene}所需信息{i}-{k}\"{en} {{\n  sensitive yes \"敏感个人信息\"\n  necessity \"为{purpose}所必需\"\n  impact \"一旦泄露可能危害您的人身和财产安全\"\n}}"
            );
        } else {
            let _ = writeln!(out, "data {id} = {item} \"{scene}所需信息{i}-{k}\"{en}");
        }
        cats.push(id);
    }
    out.push('\n');
    let cat_list = cats.join(", ");
    // Recipients: one per unit, a second every third unit.
    let n_recipients = 1 + usize::from(i % 3 == 0);
    let mut recipients = Vec::new();
    for k in 0..n_recipients {
        let id = format!("r{i}-{k}");
        let kind = r.pick(PARTNER_KINDS);
        let _ = writeln!(
            out,
            "recipient {id} \"{kind}{i}\" {{\n  name \"示例{kind}有限公司{i}\"\n  contact phone \"010-{i:08}\"\n  role {}\n  purpose \"{}\"\n  method \"加密传输\"\n  data {}\n  consent {}\n  contract yes\n}}\n",
            r.pick(ROLES),
            r.pick(PURPOSES),
            cats.get(..2).map_or(String::new(), |c| c.join(", ")),
            r.pick(CONSENTS),
        );
        recipients.push(id);
    }
    let sdk = (i % 3 == 1).then(|| format!("s{i}"));
    if let Some(id) = &sdk {
        let feature = r.pick(SDK_FEATURES);
        let _ = writeln!(
            out,
            "sdk {id} \"示例{feature}SDK{i}\" en \"Example SDK {i}\" {{\n  provider \"示例科技有限公司{i}\"\n  feature \"{feature}\"\n  purpose \"{}\"\n  collects {} \"用于{feature}\"\n  collection sdk-self-collect \"SDK自行采集\"\n  deidentified yes \"是\"\n  privacy-url \"https://example.com/sdk/{i}/privacy\"\n  text \"\"\"{}.{feature} SDK\n    提供方：示例科技有限公司{i}\n    {}\"\"\"\n}}\n",
            r.pick(PURPOSES),
            cats.first().map_or("device-ids", String::as_str),
            i + 1,
            prose(r, scene, purpose),
        );
    }
    let permission = (i % 2 == 0).then(|| format!("p{i}"));
    if let Some(id) = &permission {
        let (label, item) = PERMISSIONS
            .get(r.below(PERMISSIONS.len()))
            .copied()
            .unwrap_or(("相机", "photos-files"));
        let _ = writeln!(
            out,
            "permission {id} \"{label}权限{i}\" {{\n  os android, ios\n  purpose \"{purpose}\"\n  when on-use\n  collects {item}\n  text \"\"\"我们可能会申请{label}权限，{}\"\"\"\n}}\n",
            prose(r, scene, purpose)
        );
    }
    // The function itself.
    let en = if i % 2 == 0 {
        format!(" en \"Function {i}\"")
    } else {
        String::new()
    };
    let extra = r.some(ITEMS, 2).join(", ");
    let _ = write!(
        out,
        "function f{i} \"{scene}{i}\"{en} {{\n  group \"（一）{scene}\"\n  kind {}\n  purpose \"{purpose}\"\n  purpose \"{}\"\n  basis consent\n  consent {}\n  collects required {cat_list}\n  collects optional {extra} \"{}\"\n  source {}\n  if-refused {} \"可能影响您使用该功能\"\n  recipients {}\n",
        if i % 4 == 3 { "extended" } else { "basic" },
        r.pick(PURPOSES),
        r.pick(CONSENTS),
        r.pick(CLAUSES),
        r.pick(SOURCES),
        r.pick(REFUSALS),
        recipients.join(", "),
    );
    if let Some(id) = &sdk {
        let _ = writeln!(out, "  sdks {id}");
    }
    if let Some(id) = &permission {
        let _ = writeln!(out, "  permissions {id}");
    }
    let _ = writeln!(
        out,
        "  text \"\"\"\n    {}.{scene}\n    {}\n    {}\n  \"\"\"\n}}\n",
        i + 1,
        prose(r, scene, purpose),
        prose_other(r, scene),
    );
    if i % 3 == 0 {
        let _ = writeln!(
            out,
            "retention k{i} \"保存期限{i}\" {{\n  data {cat_list}\n  purpose \"{purpose}\"\n  at-most {}y\n  determined-by \"为{purpose}所必需的最短期间\"\n  expiry delete-or-anonymise \"删除或匿名化处理\"\n}}\n",
            1 + r.below(5)
        );
    }
    if i % 4 == 0 {
        let _ = writeln!(
            out,
            "right g{i} \"权利{i}\" {{\n  covers {}\n  channel {} \"【我的-设置-{i}】\"\n  path \"【我的-设置-{i}】\"\n  response 15wd\n  text \"\"\"您可以通过【我的-设置-{i}】行使上述权利，我们将在十五个工作日内答复。\"\"\"\n}}\n",
            r.some(RIGHTS, 2).join(", "),
            r.pick(CHANNELS),
        );
    }
    if i % 2 == 1 {
        let _ = writeln!(
            out,
            "section sec{i} \"（{i}）{scene}说明\" en \"Section {i}\" {{\n  text \"\"\"（{i}）{scene}说明\n    {}\n    {}\"\"\"\n}}\n",
            prose(r, scene, purpose),
            prose_other(r, scene),
        );
    }
    if i % 10 == 5 {
        let _ = writeln!(
            out,
            "disclosure disc{i} \"公开披露{i}\" {{\n  purpose \"根据法律法规的要求公开披露\"\n  basis legal-duty\n  text \"\"\"在法律法规要求的情况下，我们可能会公开披露您的个人信息。\"\"\"\n}}\n"
        );
    }
    if i % 12 == 7 {
        let _ = writeln!(
            out,
            "transfer t{i} \"跨境提供{i}\" {{\n  name \"示例境外公司{i}\"\n  country HK\n  contact email \"overseas{i}@example.com\"\n  purpose \"{purpose}\"\n  method \"加密传输\"\n  data {}\n  mechanism standard-contract\n  consent separate\n  rights-procedure \"您可以通过邮件联系境外接收方行使权利\"\n}}\n",
            cats.first().map_or("phone", String::as_str),
        );
    }
    if i % 15 == 2 {
        let _ = writeln!(
            out,
            "automated-decision adm{i} \"自动化决策{i}\" {{\n  purpose \"评估您的还款能力\"\n  significant yes\n  logic \"我们通过风险模型评估您的信用状况\"\n  explain app \"【我的-联系客服】\"\n  refuse phone \"400-000-0000\"\n  human-review yes\n  functions f{i}\n}}\n"
        );
    }
}
