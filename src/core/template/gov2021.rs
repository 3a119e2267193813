//! What is the 2021 format's own (国办公开办函〔2021〕30号): table 二 in four blocks and the
//! three rows of （六）其他处理.

use super::PartNo;
use super::ValueKind::{Count, Wan};
use super::pieces::{OTHER, RESULTS, T2_LOOK, col, row, t2_block};
use super::schema::*;

/// Table 二 of this format.
pub(super) fn table2() -> TableDecl {
    TableDecl {
        id: "t2",
        part: PartNo::ALL[1],
        label_columns: 1,
        blocks: vec![
            t2_block(
                "item1",
                "第二十条第（一）项",
                vec![
                    col("issued", "本年制发件数", Count),
                    col("repealed", "本年废止件数", Count),
                    col("in_force", "现行有效件数", Count),
                ],
                vec![
                    row("rules", &["规章"]),
                    row("normative", &["行政规范性文件"]),
                ],
            ),
            t2_block(
                "item5",
                "第二十条第（五）项",
                vec![col("decisions", "本年处理决定数量", Count)],
                vec![row("permits", &["行政许可"])],
            ),
            t2_block(
                "item6",
                "第二十条第（六）项",
                vec![col("decisions", "本年处理决定数量", Count)],
                vec![
                    row("penalties", &["行政处罚"]),
                    row("enforcement", &["行政强制"]),
                ],
            ),
            t2_block(
                "item8",
                "第二十条第（八）项",
                vec![col("amount", "本年收费金额（单位：万元）", Wan)],
                vec![row("fees", &["行政事业性收费"])],
            ),
        ],
        look: T2_LOOK,
    }
}

/// Table 三's （六）其他处理: three rows.
pub(super) fn other_rows() -> Vec<RowDecl> {
    vec![
        row(
            "other_1",
            &[
                RESULTS,
                OTHER,
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ],
        ),
        row(
            "other_2",
            &[
                RESULTS,
                OTHER,
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ],
        ),
        row("other_3", &[RESULTS, OTHER, "3.其他"]),
    ]
}
