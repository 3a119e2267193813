//! This year's draft started from last year's report: what carries over and what does not.
//! The year moves on by one; the format is the current one (a 2019-format report starts a 2021
//! draft); agency, contact and kind of body carry; table 三's 二、上年结转 is last year's
//! 四、结转下年度继续办理, column by column. Prose never carries: a part 五 copied from last year
//! is what evaluators penalise (C15), so each part starts empty and the window shows last year's
//! text beside it.

use super::report::Report;
use super::template::{CellId, FormatVersion};

/// The draft for the year after `last`, and what was carried, in sentences for the clerk.
pub fn next_year(last: &Report) -> (Report, Vec<String>) {
    let format = FormatVersion::Gov2021;
    let mut next = Report::new(format, last.meta.year + 1);
    next.meta.agency = last.meta.agency.trim().to_string();
    next.meta.contact = last.meta.contact.clone();
    next.meta.tier = last.meta.tier;
    let mut said = Vec::new();
    if last.meta.format != format {
        said.push(format!(
            "上年度报告为{}，今年的草稿按{}：表三“（六）其他处理”分为三行，2019 年格式特有的栏目（表二的上一年项目数量、本年增/减等）不再保留",
            last.meta.format.document(),
            format.document()
        ));
    }
    let t = next.template();
    let lt = last.template();
    let mut carried = Vec::new();
    if let (Some(table), Some(_)) = (t.table("t3"), lt.table("t3")) {
        for col in &table.blocks[0].columns {
            let from = CellId::new(table.id, "carried_out", col.id).key();
            let to = CellId::new(table.id, "carried_in", col.id).key();
            let text = last.cell_text(&from).trim();
            // Only a number carries: a blank or a typo of last year's stays for the clerk.
            if lt.cell(&from).is_some()
                && last.value(&from).arith().is_some()
                && !text.is_empty()
                && t.cell(&to).is_some()
            {
                next.set_cell(&to, text);
                carried.push(format!("{} {text}", col.label));
            }
        }
    }
    if carried.is_empty() {
        said.push("上年度报告的“四、结转下年度继续办理”没有数，表三“二、上年结转”未填".to_string());
    } else {
        said.push(format!(
            "表三“二、上年结转”按上年度报告的“四、结转下年度继续办理”填入：{}",
            carried.join("，")
        ));
    }
    said.push(format!(
        "机关名称、联系方式沿用上年度；正文不沿用（与上年雷同会被扣分），写作时可在各部分下方查看上年度的文字；{} 年度报告已设为上年报告，用于核对上年结转、现行有效件数和第五部分是否雷同",
        last.meta.year
    ));
    (next, said)
}

/// Last year's 现行有效件数 for each such cell of `report` (the figure C14 rolls forward from):
/// (cell id, count), where last year's report has one.
pub fn in_force_last_year(report: &Report, last: &Report) -> Vec<(String, i64)> {
    report
        .template()
        .in_force_rows
        .iter()
        .map(|row| CellId::new("t2", row, "in_force").key())
        .filter(|id| !last.cell_text(id).trim().is_empty())
        .filter_map(|id| Some((id.clone(), last.value(&id).arith()?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_moves_on_and_the_carried_over_row_fills_in() {
        let mut last = Report::new(FormatVersion::Gov2019, 2020);
        last.meta.agency = " 某局 ".into();
        last.meta.contact = "电话 1".into();
        last.parts[4].intro = "存在的问题。".into();
        last.set_cell("t3.carried_out.natural", "2");
        last.set_cell("t3.carried_out.total", "2");
        last.set_cell("t3.carried_out.other", "约1");
        let (next, said) = next_year(&last);
        assert_eq!(next.meta.year, 2021);
        assert_eq!(next.meta.format, FormatVersion::Gov2021);
        assert_eq!(next.meta.agency, "某局");
        assert_eq!(next.meta.contact, "电话 1");
        assert_eq!(next.cell_text("t3.carried_in.natural"), "2");
        assert_eq!(next.cell_text("t3.carried_in.total"), "2");
        assert_eq!(
            next.cell_text("t3.carried_in.other"),
            "",
            "a typo does not carry"
        );
        assert!(next.parts.iter().all(|p| p.is_blank()), "no prose carried");
        assert!(said[0].contains("2019"));
        // Last year's 现行有效 where this year's template has the cell.
        let mut last = Report::new(FormatVersion::Gov2021, 2023);
        last.set_cell("t2.normative.in_force", "12");
        let (next, _) = next_year(&last);
        assert_eq!(
            in_force_last_year(&next, &last),
            vec![("t2.normative.in_force".to_string(), 12)]
        );
    }
}
