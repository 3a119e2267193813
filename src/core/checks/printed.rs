//! Groups of rows the original printed as one (see [`crate::core::printed`]): the layout said
//! once (a C6 提醒, not an error per blank sub-row), the printed row's own total (R1, as C1),
//! and once the clerk has filled the sub-rows, their sum against what was printed (as C2).

use super::arithmetic::Ints;
use super::*;
use crate::core::printed::{GroupLayout, PrintedColumn, PrintedGroup};

/// The sub-row cells a printed group in force stands for: C5 does not list them as unfilled.
pub(super) fn covered_cells(report: &Report, values: &[CellValue]) -> BTreeSet<CellIdx> {
    let t = report.template();
    report
        .groups_in_force(values)
        .iter()
        .flat_map(|g| g.columns(t))
        .flat_map(|c| c.cells)
        .filter(|&i| matches!(values[i], CellValue::Unfilled))
        .collect()
}

/// The findings about each printed group.
pub(super) fn check_printed_groups(
    report: &Report,
    t: &Template,
    values: &[CellValue],
    out: &mut Vec<Finding>,
) {
    let in_force = report.groups_in_force(values);
    for g in &report.printed_groups {
        let Some(table) = t.table(&g.table) else {
            continue;
        };
        let part = table.part.get();
        let columns = g.columns(t);
        let blank = columns.iter().any(|c| {
            c.cells
                .iter()
                .any(|&i| matches!(values[i], CellValue::Unfilled))
        });
        if in_force.contains(&g) && blank {
            out.push(layout_finding(g, part, &columns, t));
        }
        printed_row_total(g, t, &columns, part, out);
        sub_rows_against_printed(g, t, values, &columns, part, out);
    }
}

fn layout_finding(g: &PrintedGroup, part: u8, columns: &[PrintedColumn], t: &Template) -> Finding {
    let printed = columns
        .iter()
        .map(|c| c.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let how = match g.layout {
        GroupLayout::OneRow => "沿用了 2019 年格式，印为一行",
        GroupLayout::Merged => "三个子行的数各合并为一格",
    };
    Finding::new(
        Rule::C6,
        Level::Warning,
        part,
        format!(
            "原表“{}”{how}（{printed}）：现行格式分子行填报，这些数无法分到各子行，子行未填，核对时按原表这一行计算；请按申请登记台账分别填写各子行",
            g.group
        ),
    )
    .with_cells(columns.iter().flat_map(|c| c.cells.iter().map(|&i| t.cells[i].id.clone())))
}

/// R1 on the printed row: its 总计 against the sum of its other numbers.
fn printed_row_total(
    g: &PrintedGroup,
    t: &Template,
    columns: &[PrintedColumn],
    part: u8,
    out: &mut Vec<Finding>,
) {
    let Some(first) = g.rows(t).first().copied() else {
        return;
    };
    let Some(ti) = t.tables.iter().position(|tb| tb.id == g.table) else {
        return;
    };
    let printed = |cell: CellIdx| {
        columns
            .iter()
            .find(|c| c.cells.first() == Some(&cell))
            .and_then(|c| c.value)
    };
    for rel in &t.relations {
        if rel.table != ti || rel.block != 0 || rel.axis != Axis::Row(first) {
            continue;
        }
        let side = |cells: &[CellIdx]| cells.iter().map(|&c| printed(c)).sum::<Option<i64>>();
        let (Some(l), Some(r)) = (side(&rel.lhs), side(&rel.rhs)) else {
            continue;
        };
        if l != r {
            out.push(Finding::new(
                rel.rule,
                Level::Error,
                part,
                format!(
                    "原表“{}”这一行的“{}”为 {l}，但本行{}之和为 {r}，两者应相等",
                    g.group, rel.lhs_desc, rel.rhs_desc
                ),
            ));
        }
    }
}

/// Sub-rows the clerk has filled: in each column their sum is what the original printed.
fn sub_rows_against_printed(
    g: &PrintedGroup,
    t: &Template,
    values: &[CellValue],
    columns: &[PrintedColumn],
    part: u8,
    out: &mut Vec<Finding>,
) {
    let Some(table) = t.table(&g.table) else {
        return;
    };
    for c in columns {
        let Some(printed) = c.value else { continue };
        let filled: Option<Vec<i64>> = c
            .cells
            .iter()
            .map(|&i| match values[i] {
                CellValue::Unfilled => None,
                _ => values[i].arith(),
            })
            .collect();
        let Some(filled) = filled else { continue };
        let sum: i64 = filled.iter().sum();
        if sum != printed {
            out.push(
                Finding::new(
                    Rule::R2,
                    Level::Error,
                    part,
                    format!(
                        "“{}”列：“{}”各子行之和为 {sum}，但原表这一组印的是 {printed}，两者应相等",
                        table.blocks[0].columns[c.col].label, g.group
                    ),
                )
                .with_cells(c.cells.iter().map(|&i| t.cells[i].id.clone())),
            );
        }
    }
}

/// C16's count of （六）其他处理 where a printed group in force stands for its rows: the
/// printed total.
pub(super) fn other_total(report: &Report, t: &Template, values: &[CellValue]) -> Option<i64> {
    let covered = covered_cells(report, values);
    if !t.other_totals.iter().any(|c| covered.contains(c)) {
        return None;
    }
    Ints::of(report, t, values).sum(&t.other_totals)
}
