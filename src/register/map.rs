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

impl Category {
    /// The six, in the table's order.
    pub const ALL: [Category; 6] = [
        Category::Natural,
        Category::Business,
        Category::Research,
        Category::Nonprofit,
        Category::Legal,
        Category::Other,
    ];

    /// The column id of table 三.
    pub fn id(self) -> &'static str {
        [
            "natural",
            "business",
            "research",
            "nonprofit",
            "legal",
            "other",
        ][self as usize]
    }

    /// The column's label.
    pub fn label(self) -> &'static str {
        [
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
        ][self as usize]
    }

    /// The category of a column id.
    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }
}

/// How a value came to its category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum How {
    /// A rule of this file, by the value's words.
    Rule,
    /// By the words of the applicant's name (the type column says only 法人或其他组织).
    Name,
    /// The user's mapping.
    Manual,
}

impl How {
    /// In Chinese, for the mapping table.
    pub fn chinese(self) -> &'static str {
        match self {
            How::Rule => "按规则",
            How::Name => "按申请人名称",
            How::Manual => "手动指定",
        }
    }
}

/// The column of an applicant type by its own words (「个人」「公民」→ 自然人, 「律师事务所」→
/// 法律服务机构 …).
fn category_by_kind(k: &str) -> Option<Category> {
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
    NAME_WORDS
        .iter()
        .find(|(w, _)| k.contains(w))
        .map(|(_, c)| *c)
}

/// The column of an applicant: by the type column's words, or, where it says only 法人或其他
/// 组织, by clear words of the name. `None` when neither says.
pub fn applicant_category(kind: &str, name: &str) -> Option<Category> {
    applicant(kind, name, None).map(|(c, _)| c)
}

/// The column of an applicant and how it was found. `manual` is the user's category for this
/// type value: it overrides a rule on the type's words, and decides where the name says nothing
/// (a name's clear words still place the rows they are in).
pub fn applicant(kind: &str, name: &str, manual: Option<Category>) -> Option<(Category, How)> {
    let k: String = kind.split_whitespace().collect();
    if let Some(cat) = category_by_kind(&k) {
        return Some(match manual {
            Some(m) => (m, How::Manual),
            None => (cat, How::Rule),
        });
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
            return Some((cat, How::Name));
        }
    }
    if let Some(m) = manual {
        return Some((m, How::Manual));
    }
    if k == "其他" || k == "其他组织" {
        return Some((Category::Other, How::Rule));
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

/// Table 三's result rows in the 2021 format, in order: what a reply can be mapped to.
pub const RESULT_ROWS: [&str; 21] = [
    "granted",
    "partly",
    "denied_1",
    "denied_2",
    "denied_3",
    "denied_4",
    "denied_5",
    "denied_6",
    "denied_7",
    "denied_8",
    "unable_1",
    "unable_2",
    "unable_3",
    "unhandled_1",
    "unhandled_2",
    "unhandled_3",
    "unhandled_4",
    "unhandled_5",
    "other_1",
    "other_2",
    "other_3",
];

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
const OUTCOME_WORDS: [(&str, Outcome); 36] = [
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
    ("转办", Outcome::Unable(1)),
    ("转交", Outcome::Unable(1)),
    ("告知向", Outcome::Unable(1)),
    ("告知申请人向", Outcome::Unable(1)),
    ("告知其向", Outcome::Unable(1)),
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
    ("撤回", Outcome::Other(3)),
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

/// The row a reply counts in and how it was found: the user's row for this result value first
/// (`manual`, a row id of [`RESULT_ROWS`]), then the rules.
pub fn outcome_row(
    result: &str,
    reason: &str,
    manual: Option<&'static str>,
) -> Option<(&'static str, How)> {
    if let Some(m) = manual {
        return Some((m, How::Manual));
    }
    outcome(result, reason).map(|o| (o.row(), How::Rule))
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
        // Free text, as clerks write it.
        assert_eq!(
            outcome("经审查，申请公开的信息不存在", ""),
            Some(Outcome::Unable(1))
        );
        assert_eq!(
            outcome("经查，该信息涉及国家秘密，决定不予公开", ""),
            Some(Outcome::Denied(1))
        );
        assert_eq!(
            outcome("已告知申请人向市住房和城乡建设局申请", ""),
            Some(Outcome::Unable(1))
        );
        assert_eq!(
            outcome("申请人于3月5日撤回申请", ""),
            Some(Outcome::Other(3))
        );
        assert_eq!(Outcome::Denied(8).row(), "denied_8");
        assert_eq!(Outcome::Other(3).row(), "other_3");
    }
}
