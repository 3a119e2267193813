//! Puts a template together: the six parts, table 二's blocks, table 三 (its rows up to
//! （六）其他处理 are common, the rest come from the format's own file), table 四, and the
//! relations R1–R4.

use super::pieces::{RESULTS, col, row};
use super::schema::*;
use super::{FormatVersion, PartNo, Rule, ValueKind, gov2019, gov2021};

fn parts() -> Vec<PartDecl> {
    [
        ("一、总体情况", true),
        ("二、主动公开政府信息情况", false),
        ("三、收到和处理政府信息公开申请情况", false),
        ("四、政府信息公开行政复议、行政诉讼情况", false),
        ("五、存在的主要问题及改进情况", true),
        ("六、其他需要报告的事项", true),
    ]
    .into_iter()
    .zip(PartNo::ALL)
    .map(|((heading, is_prose), number)| PartDecl {
        number,
        heading,
        is_prose,
    })
    .collect()
}

use ValueKind::Count;

/// Table 三: three label columns (part, group, row) and seven counts.
const T3_LOOK: TableLook = TableLook {
    print_label_shares: &[0.10, 0.13, 0.25],
    dense: false,
    screen_label_widths: &[78.0, 100.0, 232.0],
    screen_value_width: 64.0,
    screen_header_height: 40.0,
    screen_row_height: 28.0,
};

/// Table 四: no labels, fifteen counts under a three-row header.
const T4_LOOK: TableLook = TableLook {
    print_label_shares: &[],
    dense: true,
    screen_label_widths: &[],
    screen_value_width: 54.0,
    screen_header_height: 34.0,
    screen_row_height: 30.0,
};

const DENIED: &str = "（三）不予公开";
const UNABLE: &str = "（四）无法提供";
const UNHANDLED: &str = "（五）不予处理";

/// The printed relation in the top-left header cell of table 三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

fn table3(version: FormatVersion) -> TableDecl {
    let mut rows = vec![
        row("new", &["一、本年新收政府信息公开申请数量"]),
        row("carried_in", &["二、上年结转政府信息公开申请数量"]),
        row("granted", &[RESULTS, "（一）予以公开"]),
        row(
            "partly",
            &[
                RESULTS,
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ],
        ),
        row("denied_1", &[RESULTS, DENIED, "1.属于国家秘密"]),
        row("denied_2", &[RESULTS, DENIED, "2.其他法律行政法规禁止公开"]),
        row("denied_3", &[RESULTS, DENIED, "3.危及“三安全一稳定”"]),
        row("denied_4", &[RESULTS, DENIED, "4.保护第三方合法权益"]),
        row("denied_5", &[RESULTS, DENIED, "5.属于三类内部事务信息"]),
        row("denied_6", &[RESULTS, DENIED, "6.属于四类过程性信息"]),
        row("denied_7", &[RESULTS, DENIED, "7.属于行政执法案卷"]),
        row("denied_8", &[RESULTS, DENIED, "8.属于行政查询事项"]),
        row("unable_1", &[RESULTS, UNABLE, "1.本机关不掌握相关政府信息"]),
        row("unable_2", &[RESULTS, UNABLE, "2.没有现成信息需要另行制作"]),
        row("unable_3", &[RESULTS, UNABLE, "3.补正后申请内容仍不明确"]),
        row("unhandled_1", &[RESULTS, UNHANDLED, "1.信访举报投诉类申请"]),
        row("unhandled_2", &[RESULTS, UNHANDLED, "2.重复申请"]),
        row("unhandled_3", &[RESULTS, UNHANDLED, "3.要求提供公开出版物"]),
        row(
            "unhandled_4",
            &[RESULTS, UNHANDLED, "4.无正当理由大量反复申请"],
        ),
        row(
            "unhandled_5",
            &[RESULTS, UNHANDLED, "5.要求行政机关确认或重新出具已获取信息"],
        ),
    ];
    rows.extend(other_rows(version));
    rows.push(row("total", &[RESULTS, "（七）总计"]));
    rows.push(row("carried_out", &["四、结转下年度继续办理"]));

    let columns = vec![
        col("natural", "自然人", Count),
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("business", "商业企业", Count)
        },
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("research", "科研机构", Count)
        },
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("nonprofit", "社会公益组织", Count)
        },
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("legal", "法律服务机构", Count)
        },
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("other", "其他", Count)
        },
        col("total", "总计", Count),
    ];
    TableDecl {
        id: "t3",
        part: PartNo::ALL[2],
        label_columns: 3,
        blocks: vec![BlockDecl {
            id: "main",
            title: None,
            header: vec![
                vec![th(T3_NOTE, 3, 3), th("申请人情况", 7, 1)],
                vec![
                    th("自然人", 1, 2),
                    th("法人或其他组织", 5, 1),
                    th("总计", 1, 2),
                ],
                vec![
                    th("商业企业", 1, 1),
                    th("科研机构", 1, 1),
                    th("社会公益组织", 1, 1),
                    th("法律服务机构", 1, 1),
                    th("其他", 1, 1),
                ],
            ],
            columns,
            rows,
        }],
        look: T3_LOOK,
    }
}

/// The rows of （六）其他处理, which differ between the formats.
fn other_rows(version: FormatVersion) -> Vec<RowDecl> {
    match version {
        FormatVersion::Gov2021 => gov2021::other_rows(),
        FormatVersion::Gov2019 => gov2019::other_rows(),
    }
}

/// The table 三 rows that R2 sums into （七）总计: every result row, （一） to （六）.
fn t3_result_rows(t3: &TableDecl) -> Vec<&'static str> {
    t3.blocks[0]
        .rows
        .iter()
        .filter(|r| r.path.first() == Some(&RESULTS) && r.id != "total")
        .map(|r| r.id)
        .collect()
}

/// The three groups of table 四: (id prefix, printed group).
const T4_GROUPS: [(&str, &str); 3] = [
    ("review", "行政复议"),
    ("suit_direct", "未经复议直接起诉"),
    ("suit_after", "复议后起诉"),
];

/// The five columns of each group of table 四: (id suffix, label).
const T4_LEAVES: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

fn t4_col_id(group: usize, leaf: usize) -> &'static str {
    // Fifteen fixed ids; spelled out so they are `'static` and greppable.
    const IDS: [[&str; 5]; 3] = [
        [
            "review_upheld",
            "review_corrected",
            "review_other",
            "review_pending",
            "review_total",
        ],
        [
            "suit_direct_upheld",
            "suit_direct_corrected",
            "suit_direct_other",
            "suit_direct_pending",
            "suit_direct_total",
        ],
        [
            "suit_after_upheld",
            "suit_after_corrected",
            "suit_after_other",
            "suit_after_pending",
            "suit_after_total",
        ],
    ];
    IDS[group][leaf]
}

fn table4() -> TableDecl {
    let mut columns = Vec::new();
    for (gi, (_, group)) in T4_GROUPS.iter().enumerate() {
        for (li, (_, leaf)) in T4_LEAVES.iter().enumerate() {
            columns.push(ColumnDecl {
                id: t4_col_id(gi, li),
                label: leaf,
                group: Some(group),
                kind: Count,
            });
        }
    }
    let leaves = |span: usize| T4_LEAVES.iter().map(move |(_, l)| th(l, 1, span));
    let top = vec![th("行政复议", 5, 1), th("行政诉讼", 10, 1)];
    let mut middle: Vec<HeaderCell> = leaves(2).collect();
    middle.push(th("未经复议直接起诉", 5, 1));
    middle.push(th("复议后起诉", 5, 1));
    let bottom: Vec<HeaderCell> = leaves(1).chain(leaves(1)).collect();
    TableDecl {
        id: "t4",
        part: PartNo::ALL[3],
        label_columns: 0,
        blocks: vec![BlockDecl {
            id: "main",
            title: None,
            header: vec![top, middle, bottom],
            columns,
            rows: vec![row("cases", &[])],
        }],
        look: T4_LOOK,
    }
}

fn t4_relation() -> RelationDecl {
    RelationDecl::GroupSums {
        rule: Rule::R4,
        table: "t4",
        row: "cases",
        groups: (0..3)
            .map(|g| (t4_col_id(g, 4), (0..4).map(|l| t4_col_id(g, l)).collect()))
            .collect(),
        desc: "结果维持、结果纠正、其他结果、尚未审结",
    }
}

fn t3_relations(t3: &TableDecl) -> Vec<RelationDecl> {
    vec![
        RelationDecl::RowSums {
            rule: Rule::R1,
            table: "t3",
            total: "total",
            parts: vec![
                "natural",
                "business",
                "research",
                "nonprofit",
                "legal",
                "other",
            ],
            desc: "各类申请人",
        },
        RelationDecl::ColumnSums {
            rule: Rule::R2,
            table: "t3",
            total: "total",
            parts: t3_result_rows(t3),
            total_desc: "（七）总计",
            desc: "各项办理结果",
        },
        RelationDecl::ColumnBalance {
            rule: Rule::R3,
            table: "t3",
            left: vec!["new", "carried_in"],
            right: vec!["total", "carried_out"],
            derived: "carried_out",
            left_desc: "一 + 二",
            right_desc: "（七）总计 + 四",
        },
    ]
}

/// The whole template of one format.
pub(super) fn template(version: FormatVersion) -> Template {
    let t2 = match version {
        FormatVersion::Gov2021 => gov2021::table2(),
        FormatVersion::Gov2019 => gov2019::table2(),
    };
    let t3 = table3(version);
    let mut relations = t3_relations(&t3);
    relations.push(t4_relation());
    Template::build(version, parts(), vec![t2, t3, table4()], relations)
}
