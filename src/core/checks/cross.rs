//! Cross-checks between cells and against last year's report: （六）其他处理's share (C16), the
//! 2019 item counts (C17), 上年结转 and 现行有效 against last year, a part 五 copied (C13–C15).

use super::*;

/// Share of （六）其他处理 in all results above which C16 warns.
pub const OTHER_SHARE_LIMIT: f64 = 0.10;

/// C16: 其他处理 a large share of all results.
pub(super) fn check_other_share(
    report: &Report,
    t: &Template,
    values: &[CellValue],
    out: &mut Vec<Finding>,
) {
    let int = |id: &str| t.cell_index(id).and_then(|i| filled_int(values, i));
    let other: Option<i64> = super::printed::other_total(report, t, values)
        .or_else(|| t.other_totals.iter().map(|&i| filled_int(values, i)).sum());
    let (Some(other), Some(total)) = (other, int("t3.total.total")) else {
        return;
    };
    if total > 0 && other as f64 > OTHER_SHARE_LIMIT * total as f64 {
        let share = other as f64 * 100.0 / total as f64;
        out.push(Finding::new(
            Rule::C16,
            Level::Warning,
            3,
            format!(
                "（六）其他处理共 {other} 件，占全部办理结果 {total} 件的 {share:.0}%（超过10%）：请核实是否有应归入（一）至（五）的情形"
            ),
        ).with_cells(
            t.other_totals
                .iter()
                .map(|&i| t.cells[i].id.clone())
                .chain(["t3.total.total".to_string()]),
        ));
    }
}

/// C17 (gov2019): 上一年项目数量 + 本年增/减 below zero.
pub(super) fn check_item_counts(t: &Template, values: &[CellValue], out: &mut Vec<Finding>) {
    // Only the 2019 format counts items with last year's number and the change.
    for &row in &t.item_count_rows {
        let (Some(li), Some(ci)) = (t.find("t2", row, "last_year"), t.find("t2", row, "change"))
        else {
            continue;
        };
        let (Some(last), Some(change)) = (filled_int(values, li), filled_int(values, ci)) else {
            continue;
        };
        if last + change < 0 {
            out.push(Finding::new(
                Rule::C17,
                Level::Warning,
                2,
                format!(
                    "{}：上一年项目数量 {last} 加本年增/减 {change} 为 {}，项目数量不能为负，请核对",
                    t.row_of(li).label(),
                    last + change
                ),
            ).with_cells(vec![t.cells[li].id.clone(), t.cells[ci].id.clone()]));
        }
    }
}

/// Part 五 this similar to last year's (C15) is 「年年雷同」.
pub const SAME_AS_LAST_YEAR: f64 = 0.9;

/// C13–C15: this year's report against last year's.
pub(super) fn check_against_previous(
    t: &Template,
    values: &[CellValue],
    prev: &Report,
    texts: &[String],
    out: &mut Vec<Finding>,
) {
    let pt = prev.template();
    let pvalues = prev.values();
    let this = |id: &str| t.cell_index(id).and_then(|i| filled_int(values, i));
    let last = |id: &str| pt.cell_index(id).and_then(|i| filled_int(&pvalues, i));
    // C13: 上年结转 = last year's 结转下年度, column by column.
    if let Some(table) = t.table("t3") {
        for col in &table.blocks[0].columns {
            let here = CellId::new(table.id, "carried_in", col.id).key();
            let there = CellId::new(table.id, "carried_out", col.id).key();
            if let (Some(a), Some(b)) = (this(&here), last(&there))
                && a != b
            {
                out.push(Finding::new(
                    Rule::C13,
                    Level::Warning,
                    3,
                    format!(
                        "三、二、上年结转政府信息公开申请数量 · {} 为 {a}，但{}年度报告的“四、结转下年度继续办理”该列为 {b}",
                        col.label, prev.meta.year
                    ),
                ).with_cells(vec![here.clone()]).with_fix(here, b.to_string()));
            }
        }
    }
    // C14: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (both in the 2021 format).
    // Only where both years count documents in force (the 2021 format).
    for &row in &t.in_force_rows {
        let name = t.row_label("t2", row).unwrap_or(row);
        {
            let cell = |c: &str| CellId::new("t2", row, c).key();
            if let (Some(now), Some(before), Some(issued), Some(repealed)) = (
                this(&cell("in_force")),
                last(&cell("in_force")),
                this(&cell("issued")),
                this(&cell("repealed")),
            ) && now != before + issued - repealed
            {
                let expected = before + issued - repealed;
                out.push(Finding::new(
                    Rule::C14,
                    Level::Warning,
                    2,
                    format!(
                        "二、{name}的现行有效件数为 {now}，但上年现行有效 {before} + 本年制发 {issued} − 本年废止 {repealed} = {expected}，请核对"
                    ),
                ).with_cells(vec![cell("in_force"), cell("issued"), cell("repealed")]).with_fix(cell("in_force"), expected.to_string()));
            }
        }
    }
    // C15: part 五 (nearly) the same as last year's.
    let now = &texts[4];
    let before = prev.parts[4].full_text();
    if text_length(now) >= 20 && text_length(&before) >= 20 {
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let similarity = strsim::sorensen_dice(&squeeze(now), &squeeze(&before));
        if similarity >= SAME_AS_LAST_YEAR {
            out.push(Finding::new(
                Rule::C15,
                Level::Warning,
                5,
                format!(
                    "“五、存在的主要问题及改进情况”与{}年度报告的相似度为 {:.0}%：格式要求写实，不能年年雷同",
                    prev.meta.year,
                    similarity * 100.0
                ),
            ));
        }
    }
}
