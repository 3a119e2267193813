//! The form of a report: its format for the year (C6), its six parts (C7), each cell a value
//! of its kind (C5).

use super::*;

/// C6: the format fits the year; the file holds only the template's cells.
pub(super) fn check_format(report: &Report, unknown: &[&str], out: &mut Vec<Finding>) {
    let year = report.meta.year;
    let format = report.meta.format;
    let expected = FormatVersion::for_year(year);
    if format != expected && year >= 2019 {
        // An older format for a newer year is wrong; a newer one for an older year is a slip.
        let (level, years) = if format.first_year() < expected.first_year() {
            (Level::Error, "2021年度及以后的报告")
        } else {
            (Level::Warning, "2019、2020年度报告")
        };
        out.push(Finding::new(
            Rule::C6,
            level,
            REPORT_LEVEL,
            format!(
                "本报告为{year}年度报告，但统计表采用{}；{years}应使用{}",
                format.document(),
                expected.document()
            ),
        ));
    }
    if year < 2019 {
        out.push(Finding::new(
            Rule::C6,
            Level::Warning,
            REPORT_LEVEL,
            format!("报告年度为{year}年：现行两种格式只适用于2019年度及以后的报告，请核对年度"),
        ));
    }
    if !unknown.is_empty() {
        out.push(
            Finding::new(
                Rule::C6,
                Level::Error,
                REPORT_LEVEL,
                format!(
                    "草稿中有{}个单元格不属于{}的统计表（{}），已原样保留，但不参与核对和导出",
                    unknown.len(),
                    format.document(),
                    list_preview(unknown.iter().copied(), 5)
                ),
            )
            .with_cells(unknown.iter().copied()),
        );
    }
}

/// C7: the six parts, present and non-empty. Tables are always present in the model; the
/// prose parts must hold text.
pub(super) fn check_parts(report: &Report, out: &mut Vec<Finding>) {
    for decl in report.template().parts.iter().filter(|p| p.is_prose) {
        if report.part(decl.number).is_blank() {
            out.push(Finding::new(
                Rule::C7,
                Level::Error,
                decl.number.get(),
                format!("“{}”尚未填写：年度报告的六个部分缺一不可", decl.heading),
            ));
        }
    }
}

/// C5: each cell holds a value of its kind; blanks are listed once.
pub(super) fn check_cells(
    report: &Report,
    t: &Template,
    values: &[CellValue],
    out: &mut Vec<Finding>,
) {
    let mut unfilled = Vec::new();
    // Sub-rows a printed group stands for are said once, by the group (C6).
    let covered = super::printed::covered_cells(report, values);
    for (i, v) in values.iter().enumerate() {
        let decl = &t.cells[i];
        match v {
            CellValue::Unfilled if covered.contains(&i) => {}
            CellValue::Unfilled => unfilled.push(i),
            CellValue::Invalid(why) => {
                let text = report.cell_text(&decl.id);
                out.push(
                    Finding::new(
                        Rule::C5,
                        Level::Error,
                        t.part_of(i).get(),
                        format!("{}：{}", decl.label, describe_invalid(text, decl.kind, why)),
                    )
                    .with_cells(vec![decl.id.clone()])
                    .with_focus(decl.id.clone()),
                );
            }
            CellValue::Value {
                number,
                typed_unit: Some(unit),
            } => {
                let text = report.cell_text(&decl.id).trim();
                out.push(Finding::new(
                    Rule::C5,
                    Level::Error,
                    t.part_of(i).get(),
                    format!(
                        "{}：“{text}”带了单位，已按 {number} 计算；表头已注明单位“{unit}”，请删去单位，只填 {number}",
                        decl.label
                    ),
                ).with_cells(vec![decl.id.clone()]).with_fix(decl.id.clone(), number.to_string()));
            }
            CellValue::Value { .. } => {}
        }
    }
    // One summary a table, under its own part: a new report shows its blanks in 二, 三 and 四.
    let mut parts: Vec<u8> = unfilled.iter().map(|&i| t.part_of(i).get()).collect();
    parts.dedup();
    for part in parts {
        let here: Vec<usize> = unfilled
            .iter()
            .copied()
            .filter(|&i| t.part_of(i).get() == part)
            .collect();
        out.push(
            Finding::new(
                Rule::C5,
                Level::Error,
                part,
                format!(
                    "本部分的表格有{}个单元格尚未填写（核对时按 0 计算）：{}。正式报表不留空格，没有数据的请填 0",
                    here.len(),
                    list_preview(here.iter().map(|&i| t.cells[i].label.as_str()), 3)
                ),
            )
            .with_cells(here.iter().map(|&i| t.cells[i].id.clone())),
        );
    }
}

fn list_preview<'a>(items: impl Iterator<Item = &'a str>, max: usize) -> String {
    let all: Vec<&str> = items.collect();
    let shown = all.iter().take(max).copied().collect::<Vec<_>>().join("、");
    if all.len() > max {
        format!("{shown}等")
    } else {
        shown
    }
}
