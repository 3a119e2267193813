//! What is the 2019 trial format's own (国办公开办函〔2019〕60号): table 二 with last year's
//! item counts and the yearly change, and （六）其他处理 as one row.

use super::PartNo;
use super::ValueKind::{Count, SignedChange, Yuan};
use super::pieces::{OTHER, RESULTS, T2_LOOK, col, row, t2_block};
use super::schema::*;

/// Table 二 of this format.
pub(super) fn table2() -> TableDecl {
    let items = || {
        vec![
            col("last_year", "上一年项目数量", Count),
            col("change", "本年增/减", SignedChange),
            col("decisions", "处理决定数量", Count),
        ]
    };
    TableDecl {
        id: "t2",
        part: PartNo::ALL[1],
        label_columns: 1,
        blocks: vec![
            t2_block(
                "item1",
                "第二十条第（一）项",
                vec![
                    col("made", "本年新制作数量", Count),
                    col("published", "本年新公开数量", Count),
                    col("public_total", "对外公开总数量", Count),
                ],
                vec![row("rules", &["规章"]), row("normative", &["规范性文件"])],
            ),
            t2_block(
                "item5",
                "第二十条第（五）项",
                items(),
                vec![
                    row("permits", &["行政许可"]),
                    row("services", &["其他对外管理服务事项"]),
                ],
            ),
            t2_block(
                "item6",
                "第二十条第（六）项",
                items(),
                vec![
                    row("penalties", &["行政处罚"]),
                    row("enforcement", &["行政强制"]),
                ],
            ),
            t2_block(
                "item8",
                "第二十条第（八）项",
                vec![
                    col("last_year", "上一年项目数量", Count),
                    col("change", "本年增/减", SignedChange),
                ],
                vec![row("fees", &["行政事业性收费"])],
            ),
            t2_block(
                "item9",
                "第二十条第（九）项",
                vec![
                    col("projects", "采购项目数量", Count),
                    col("amount", "采购总金额", Yuan),
                ],
                vec![row("procurement", &["政府集中采购"])],
            ),
        ],
        look: T2_LOOK,
    }
}

/// Table 三's （六）其他处理: one row.
pub(super) fn other_rows() -> Vec<RowDecl> {
    vec![row("other", &[RESULTS, OTHER])]
}
