//! Register values mapped to the official categories, by visible rules: the applicant to one of
//! table 三's six columns, the reply to one of its result rows. A value no rule maps is never
//! guessed: the tally lists it with its rows.

/// Table 三's applicant columns, in the template's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// 自然人.
    Natural = 0,
    /// 商业企业.
    Business = 1,
    /// 科研机构.
    Research = 2,
    /// 社会公益组织.
    Nonprofit = 3,
    /// 法律服务机构.
    Legal = 4,
    /// 其他.
    Other = 5,
}

/// Words of an organisation's name and the column they mean, most specific first.
const NAME_WORDS: [(&str, Category); 14] = [
    ("律师事务所", Category::Legal),
    ("律所", Category::Legal),
    ("法律服务", Category::Legal),
    ("公证处", Category::Legal),
    ("研究院", Category::Research),
    ("研究所", Category::Research),
    ("大学", Category::Research),
    ("学院", Category::Research),
    ("基金会", Category::Nonprofit),
    ("协会", Category::Nonprofit),
    ("公益", Category::Nonprofit),
    ("公司", Category::Business),
    ("企业", Category::Business),
    ("厂", Category::Business),
];

/// The column of an applicant: by the type column's words (「个人」「公民」→ 自然人,
/// 「律师事务所」→ 法律服务机构 …), or, where it says only 法人或其他组织, by clear words of the
/// name. `None` when neither says.
pub fn applicant_category(kind: &str, name: &str) -> Option<Category> {
    let k: String = kind.split_whitespace().collect();
    for (word, cat) in [
        ("自然人", Category::Natural),
        ("公民", Category::Natural),
        ("个人", Category::Natural),
        ("群众", Category::Natural),
        ("商业企业", Category::Business),
        ("企业", Category::Business),
        ("公司", Category::Business),
        ("科研", Category::Research),
        ("社会公益", Category::Nonprofit),
        ("公益组织", Category::Nonprofit),
        ("法律服务", Category::Legal),
        ("律师", Category::Legal),
    ] {
        if k.contains(word) {
            return Some(cat);
        }
    }
    if let Some(cat) = NAME_WORDS
        .iter()
        .find(|(w, _)| k.contains(w))
        .map(|(_, c)| *c)
    {
        return Some(cat);
    }
    let organisation =
        k.contains("法人") || k.contains("组织") || k.contains("单位") || k.is_empty();
    if organisation {
        let n: String = name.split_whitespace().collect();
        if let Some(cat) = NAME_WORDS
            .iter()
            .find(|(w, _)| n.contains(w))
            .map(|(_, c)| *c)
        {
            return Some(cat);
        }
    }
    if k == "其他" || k == "其他组织" {
        return Some(Category::Other);
    }
    None
}

/// A reply, as the row of table 三 it counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// （一）予以公开.
    Granted,
    /// （二）部分公开.
    Partly,
    /// （三）不予公开 1–8.
    Denied(u8),
    /// （四）无法提供 1–3.
    Unable(u8),
    /// （五）不予处理 1–5.
    Unhandled(u8),
    /// （六）其他处理 1–3.
    Other(u8),
}

impl Outcome {
    /// The row id of table 三.
    pub fn row(self) -> &'static str {
        const DENIED: [&str; 8] = [
            "denied_1", "denied_2", "denied_3", "denied_4", "denied_5", "denied_6", "denied_7",
            "denied_8",
        ];
        const UNABLE: [&str; 3] = ["unable_1", "unable_2", "unable_3"];
        const UNHANDLED: [&str; 5] = [
            "unhandled_1",
            "unhandled_2",
            "unhandled_3",
            "unhandled_4",
            "unhandled_5",
        ];
        const OTHER: [&str; 3] = ["other_1", "other_2", "other_3"];
        let pick = |list: &'static [&'static str], n: u8| {
            list[usize::from(n.clamp(1, list.len() as u8)) - 1]
        };
        match self {
            Outcome::Granted => "granted",
            Outcome::Partly => "partly",
            Outcome::Denied(n) => pick(&DENIED, n),
            Outcome::Unable(n) => pick(&UNABLE, n),
            Outcome::Unhandled(n) => pick(&UNHANDLED, n),
            Outcome::Other(n) => pick(&OTHER, n),
        }
    }
}

/// Words of a reply and what they mean, most specific first (the reason column is read with
/// the result: 「不予公开」 with 「国家秘密」 is （三）1).
const OUTCOME_WORDS: [(&str, Outcome); 30] = [
    ("部分公开", Outcome::Partly),
    ("国家秘密", Outcome::Denied(1)),
    ("法律行政法规禁止", Outcome::Denied(2)),
    ("禁止公开", Outcome::Denied(2)),
    ("三安全一稳定", Outcome::Denied(3)),
    ("危及", Outcome::Denied(3)),
    ("第三方", Outcome::Denied(4)),
    ("内部事务", Outcome::Denied(5)),
    ("过程性", Outcome::Denied(6)),
    ("行政执法案卷", Outcome::Denied(7)),
    ("行政查询", Outcome::Denied(8)),
    ("不掌握", Outcome::Unable(1)),
    ("信息不存在", Outcome::Unable(1)),
    ("非本机关", Outcome::Unable(1)),
    ("另行制作", Outcome::Unable(2)),
    ("补正后", Outcome::Unable(3)),
    ("仍不明确", Outcome::Unable(3)),
    ("信访", Outcome::Unhandled(1)),
    ("举报", Outcome::Unhandled(1)),
    ("投诉", Outcome::Unhandled(1)),
    ("重复申请", Outcome::Unhandled(2)),
    ("公开出版物", Outcome::Unhandled(3)),
    ("大量反复", Outcome::Unhandled(4)),
    ("确认或重新出具", Outcome::Unhandled(5)),
    ("逾期不补正", Outcome::Other(1)),
    ("未补正", Outcome::Other(1)),
    ("缴纳费用", Outcome::Other(2)),
    ("予以公开", Outcome::Granted),
    ("同意公开", Outcome::Granted),
    ("已主动公开", Outcome::Granted),
];

/// The row a reply counts in, from the result and the reason columns; `None` when no rule maps
/// it.
pub fn outcome(result: &str, reason: &str) -> Option<Outcome> {
    let r: String = result.split_whitespace().collect();
    let both = format!("{r}{}", reason.split_whitespace().collect::<String>());
    if r.is_empty() {
        return None;
    }
    if let Some(o) = OUTCOME_WORDS
        .iter()
        .find(|(w, _)| both.contains(w))
        .map(|(_, o)| *o)
    {
        return Some(o);
    }
    match r.as_str() {
        "公开" | "全部公开" | "告知获取方式" => Some(Outcome::Granted),
        "其他处理" | "其他" | "撤回" | "申请人撤回" => Some(Outcome::Other(3)),
        _ => None,
    }
}

/// A reply cell that says the application is still open (待补正, 办理中…): not a date, and not
/// an error.
pub fn pending(text: &str) -> Option<()> {
    ["待", "办理中", "未答复", "未办结", "在办"]
        .iter()
        .any(|w| text.contains(w))
        .then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applicants_and_replies_map_by_their_words() {
        assert_eq!(applicant_category("个人", ""), Some(Category::Natural));
        assert_eq!(applicant_category("公民", ""), Some(Category::Natural));
        assert_eq!(
            applicant_category("法人或其他组织", "某某律师事务所"),
            Some(Category::Legal)
        );
        assert_eq!(
            applicant_category("法人或其他组织", "某某有限公司"),
            Some(Category::Business)
        );
        assert_eq!(applicant_category("法人或其他组织", "某某"), None);
        assert_eq!(outcome("予以公开", ""), Some(Outcome::Granted));
        assert_eq!(
            outcome("不予公开", "属于国家秘密"),
            Some(Outcome::Denied(1))
        );
        assert_eq!(outcome("信息不存在", ""), Some(Outcome::Unable(1)));
        assert_eq!(outcome("属于信访举报", ""), Some(Outcome::Unhandled(1)));
        assert_eq!(
            outcome("已主动公开，告知获取方式", ""),
            Some(Outcome::Granted)
        );
        assert_eq!(outcome("部分公开", "涉及第三方"), Some(Outcome::Partly));
        assert_eq!(outcome("已处理", ""), None);
        assert_eq!(Outcome::Denied(8).row(), "denied_8");
        assert_eq!(Outcome::Other(3).row(), "other_3");
    }
}
