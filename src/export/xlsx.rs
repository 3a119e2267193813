//! The tables as a spreadsheet for statisticians: one sheet per table with the template's
//! merged headers, every figure a number, and each total a formula over its parts (when the
//! report's own total agrees with them — a total that does not add up is written as the report
//! gives it, with a note, so the sheet never silently corrects a published figure). For a 汇总
//! it adds one row per agency and cell, and the totals as formulas over those rows.

use std::collections::HashMap;

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Workbook,
    Worksheet, XlsxError, utility::row_col_to_cell,
};

use super::without_controls as clean;
use crate::core::Report;
use crate::core::geometry::{Content, block_grid};
use crate::core::template::{CellIdx, TableDecl, Template};
use crate::core::values::{CellValue, Number};

/// Why the spreadsheet could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SheetError(#[source] Box<dyn std::error::Error + Send + Sync>);

impl SheetError {
    fn from_source(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        SheetError(Box::new(e))
    }
}

impl From<XlsxError> for SheetError {
    fn from(e: XlsxError) -> Self {
        SheetError::from_source(e)
    }
}

/// The name of the sheet of the table in `part`, e.g. 「三、申请办理」. Sheet names are at most
/// 31 characters and may not hold `[]:*?/\`.
pub fn sheet_name(t: &Template, table: &TableDecl) -> String {
    let heading = t
        .parts
        .iter()
        .find(|p| p.number == table.part)
        .map_or(table.id, |p| p.heading);
    heading
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

/// Name of the 汇总's sheet with one row per agency and cell.
pub const DETAIL_SHEET: &str = "各单位明细";
/// Name of the 汇总's sheet with the totals over [`DETAIL_SHEET`].
pub const TOTAL_SHEET: &str = "合计";

/// The formats every sheet uses.
struct Formats {
    heading: Format,
    note: Format,
    head: Format,
    label: Format,
    number: Format,
    text: Format,
    plain: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        Formats {
            heading: base.clone().set_bold().set_font_size(14),
            note: base.clone(),
            head: boxed.clone().set_align(FormatAlign::Center),
            label: boxed.clone().set_align(FormatAlign::Left),
            number: boxed.clone().set_align(FormatAlign::Right),
            text: boxed.set_align(FormatAlign::Right),
            plain: base,
        }
    }
}

/// The report's tables as an .xlsx workbook.
pub fn to_xlsx(report: &Report) -> Result<Vec<u8>, SheetError> {
    let mut book = workbook(report)?;
    table_sheets(&mut book, report)?;
    Ok(book.save_to_buffer()?)
}

/// A 汇总's workbook: the summed tables, one row per agency and cell
/// ([`DETAIL_SHEET`]), and the totals as formulas over those rows ([`TOTAL_SHEET`]).
/// `inputs` are the reports that went in, named by their files.
pub fn merge_to_xlsx(merged: &Report, inputs: &[(String, Report)]) -> Result<Vec<u8>, SheetError> {
    let mut book = workbook(merged)?;
    table_sheets(&mut book, merged)?;
    let f = Formats::new();
    let t = merged.template();
    let headers = ["机关", "文件", "表", "行", "列", "单元格", "数值"];
    let sheet = book.add_worksheet();
    sheet.set_name(DETAIL_SHEET)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col(c)?, *h, &f.head)?;
    }
    let mut row: u32 = 1;
    for (file, report) in inputs {
        let values = report.values();
        for (i, cell) in t.cells.iter().enumerate() {
            let table = &t.tables[cell.table];
            let r = t.row_of(i);
            let c = t.column_of(i);
            let texts = [
                report.meta.agency.trim(),
                file.as_str(),
                table.prefix(),
                r.label(),
                c.label,
                cell.id.as_str(),
            ];
            for (k, text) in texts.iter().enumerate() {
                sheet.write_string_with_format(row, col(k)?, clean(text), &f.plain)?;
            }
            match values.get(i).and_then(CellValue::number) {
                Some(n) => {
                    sheet.write_number_with_format(row, 6, as_f64(n), &f.plain)?;
                }
                None => {
                    let typed = report.cell_text(&cell.id).trim();
                    if !typed.is_empty() {
                        sheet.write_string_with_format(row, 6, clean(typed), &f.plain)?;
                    }
                }
            }
            row += 1;
        }
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 20)?;
    sheet.set_column_width(3, 30)?;
    sheet.set_column_width(4, 16)?;
    sheet.set_column_width(5, 28)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 6)?;
    let last = row.max(2);

    let merged_values = merged.values();
    let sheet = book.add_worksheet();
    sheet.set_name(TOTAL_SHEET)?;
    for (c, h) in ["表", "行", "列", "单元格", "合计", "份数"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col(c)?, *h, &f.head)?;
    }
    for (i, cell) in t.cells.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(SheetError::from_source)?;
        let table = &t.tables[cell.table];
        sheet.write_string_with_format(r, 0, table.prefix(), &f.plain)?;
        sheet.write_string_with_format(r, 1, t.row_of(i).label(), &f.plain)?;
        sheet.write_string_with_format(r, 2, t.column_of(i).label, &f.plain)?;
        sheet.write_string_with_format(r, 3, cell.id.as_str(), &f.plain)?;
        let key = row_col_to_cell(r, 3);
        let sum = format!(
            "=SUMIFS('{DETAIL_SHEET}'!$G$2:$G${last},'{DETAIL_SHEET}'!$F$2:$F${last},{key})"
        );
        let result = merged_values
            .get(i)
            .and_then(CellValue::number)
            .map_or(0.0, as_f64);
        sheet.write_formula_with_format(
            r,
            4,
            Formula::new(sum).set_result(result.to_string()),
            &f.plain,
        )?;
        let count = format!("=COUNTIFS('{DETAIL_SHEET}'!$F$2:$F${last},{key})");
        sheet.write_formula_with_format(
            r,
            5,
            Formula::new(count).set_result(inputs.len().to_string()),
            &f.plain,
        )?;
    }
    sheet.set_column_width(0, 8)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 16)?;
    sheet.set_column_width(3, 28)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

fn workbook(report: &Report) -> Result<Workbook, SheetError> {
    let mut book = Workbook::new();
    let date = super::file_date(report);
    let mut props = DocProperties::new()
        .set_title(report.title())
        .set_author(report.meta.agency.trim())
        .set_comment("nianbao");
    // An invalid or far-off date keeps the workbook's default (now).
    if let Ok(y) = u16::try_from(date.0)
        && let Ok(when) = ExcelDateTime::from_ymd(y, date.1, date.2)
    {
        props = props.set_creation_datetime(&when);
    }
    book.set_properties(&props);
    Ok(book)
}

fn col(c: usize) -> Result<u16, SheetError> {
    u16::try_from(c).map_err(SheetError::from_source)
}

fn as_f64(n: Number) -> f64 {
    match n {
        // Counts are far below 2^53: exact as a spreadsheet number.
        Number::Int(i) => i as f64,
        Number::Money(d) => d.to_f64().unwrap_or(0.0),
    }
}

/// Where each template cell was written on its sheet.
type Positions = HashMap<CellIdx, (u32, u16)>;

fn table_sheets(book: &mut Workbook, report: &Report) -> Result<(), SheetError> {
    let t = report.template();
    let values = report.values();
    let f = Formats::new();
    for table in &t.tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(t, table))?;
        sheet.set_paper_size(9); // A4
        let width: usize = table
            .blocks
            .iter()
            .map(|b| table.label_columns + b.columns.len())
            .max()
            .unwrap_or(1);
        if width > 10 {
            sheet.set_landscape();
        }
        sheet.set_print_fit_to_pages(1, 0);
        let last_col = col(width.saturating_sub(1))?;
        let heading = t
            .parts
            .iter()
            .find(|p| p.number == table.part)
            .map_or(table.id, |p| p.heading);
        sheet.merge_range(0, 0, 0, last_col.max(1), heading, &f.heading)?;
        let about = format!(
            "{}　{}年度　{}",
            clean(report.meta.agency.trim()),
            report.meta.year,
            report.meta.format.document()
        );
        sheet.merge_range(1, 0, 1, last_col.max(1), &about, &f.note)?;
        let mut top: u32 = 3;
        let mut positions = Positions::new();
        for b in 0..table.blocks.len() {
            let g = block_grid(t, table, b);
            for p in &g.cells {
                let r = top + u32::try_from(p.row).map_err(SheetError::from_source)?;
                let c = col(p.col)?;
                let (text, format) = match p.content {
                    Content::Title(s) | Content::Header(s) => (s, &f.head),
                    Content::Label(s) => (s, &f.label),
                    Content::Value(Some(idx)) => {
                        positions.insert(idx, (r, c));
                        continue;
                    }
                    Content::Value(None) => ("", &f.number),
                };
                if p.rows > 1 || p.cols > 1 {
                    let last_r = r + u32::try_from(p.rows - 1).unwrap_or(0);
                    let last_c = c + col(p.cols - 1)?;
                    sheet.merge_range(r, c, last_r, last_c, text, format)?;
                } else {
                    sheet.write_string_with_format(r, c, text, format)?;
                }
            }
            for (i, h) in row_heights(table, &g).into_iter().enumerate() {
                let r = top + u32::try_from(i).map_err(SheetError::from_source)?;
                sheet.set_row_height(r, h)?;
            }
            if table.blocks.len() == 1 {
                let head_end = top + u32::try_from(g.head_rows).unwrap_or(0);
                sheet.set_freeze_panes(head_end, col(table.label_columns)?)?;
                sheet.set_repeat_rows(top, head_end.saturating_sub(1))?;
            }
            top += u32::try_from(g.rows + 1).map_err(SheetError::from_source)?;
        }
        write_values(sheet, report, table, &values, &positions, &f)?;
        for c in 0..width {
            sheet.set_column_width(col(c)?, column_width(table, c))?;
        }
    }
    Ok(())
}

/// A column's width in the spreadsheet's units (about one Latin character, half a Chinese
/// one): the innermost label column wide, the others narrow.
fn column_width(table: &TableDecl, c: usize) -> f64 {
    if c + 1 == table.label_columns {
        30.0
    } else if c < table.label_columns {
        12.0
    } else {
        10.0
    }
}

/// Heights for the rows of a block (points) that show every wrapped header and label whole:
/// neither Excel nor LibreOffice grows a row for a merged cell's text.
fn row_heights(table: &TableDecl, g: &crate::core::geometry::BlockGrid) -> Vec<f64> {
    // One line of 10.5 pt text, with its leading.
    const LINE: f64 = 14.0;
    let mut heights = vec![LINE + 2.0; g.rows];
    for p in &g.cells {
        let text = match p.content {
            Content::Title(s) | Content::Header(s) | Content::Label(s) => s,
            Content::Value(_) => continue,
        };
        let units: f64 = text
            .chars()
            .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
            .sum();
        let room: f64 = (p.col..p.col + p.cols)
            .map(|c| column_width(table, c))
            .sum::<f64>()
            - 1.0;
        let lines = (units / room.max(1.0)).ceil().max(1.0);
        let each = (lines * LINE + 2.0) / p.rows as f64;
        for h in heights.iter_mut().skip(p.row).take(p.rows) {
            *h = h.max(each);
        }
    }
    heights
}

/// The value cells of one table: numbers as numbers, totals as formulas where they agree with
/// their parts (a blank total stays blank), anything else as the report's text with a note.
fn write_values(
    sheet: &mut Worksheet,
    report: &Report,
    table: &TableDecl,
    values: &[CellValue],
    positions: &Positions,
    f: &Formats,
) -> Result<(), SheetError> {
    let t = report.template();
    let table_idx = t.tables.iter().position(|x| x.id == table.id);
    // The first relation that makes each cell a total of others (R1's 总计 column, R2's 总计
    // row, R4's group totals); the relations run from parts to totals, so no formula refers
    // back to itself.
    let mut total_of: HashMap<CellIdx, &[CellIdx]> = HashMap::new();
    for rel in t.relations.iter().filter(|r| Some(r.table) == table_idx) {
        if let [d] = rel.lhs.as_slice() {
            total_of.entry(*d).or_insert(rel.rhs.as_slice());
        }
    }
    let mut cells: Vec<(&CellIdx, &(u32, u16))> = positions.iter().collect();
    cells.sort();
    for (&idx, &(r, c)) in cells {
        let typed = report.cell_text(&t.cells[idx].id).trim();
        let value = &values[idx];
        if let Some(parts) = total_of.get(&idx) {
            let sum = parts.iter().try_fold(0i64, |acc, &p| {
                values[p].arith().and_then(|v| acc.checked_add(v))
            });
            match (value.arith(), sum) {
                (Some(v), Some(s))
                    if v == s
                        && matches!(value, CellValue::Value { .. })
                        && parts.iter().all(|p| positions.contains_key(p)) =>
                {
                    let refs: Vec<(u32, u16)> = parts.iter().map(|p| positions[p]).collect();
                    let formula = Formula::new(sum_formula(&refs)).set_result(v.to_string());
                    sheet.write_formula_with_format(r, c, formula, &f.number)?;
                    continue;
                }
                (Some(v), Some(s)) => {
                    let note = format!(
                        "报告填写 {v}，各项之和为 {s}，两者不等：按报告原样写入，未改为公式。"
                    );
                    sheet.insert_note(r, c, &Note::new(note).add_author_prefix(false))?;
                }
                _ => {}
            }
        }
        match value {
            CellValue::Unfilled => {
                sheet.write_blank(r, c, &f.number)?;
            }
            CellValue::Value { number, .. } => {
                sheet.write_number_with_format(r, c, as_f64(*number), &f.number)?;
            }
            CellValue::Invalid(_) => {
                sheet.write_string_with_format(r, c, clean(typed), &f.text)?;
                sheet.insert_note(
                    r,
                    c,
                    &Note::new(format!("“{}”不是数字，按报告原样写入。", clean(typed)))
                        .add_author_prefix(false),
                )?;
            }
        }
    }
    Ok(())
}

/// `=SUM(…)` over the cells, runs of neighbours in one row or column written as ranges.
fn sum_formula(refs: &[(u32, u16)]) -> String {
    let mut sorted = refs.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let (r0, c0) = sorted[i];
        let mut j = i;
        // Along the row…
        while j + 1 < sorted.len() && sorted[j + 1] == (r0, sorted[j].1 + 1) {
            j += 1;
        }
        if j > i {
            parts.push(format!(
                "{}:{}",
                row_col_to_cell(r0, c0),
                row_col_to_cell(r0, sorted[j].1)
            ));
            i = j + 1;
            continue;
        }
        parts.push(row_col_to_cell(r0, c0));
        i += 1;
    }
    // …and down a column (the sorted order puts a column's cells apart, so join them here).
    let column_run = sorted.windows(2).all(|w| w[1] == (w[0].0 + 1, w[0].1));
    if sorted.len() > 1 && column_run {
        let (r0, c0) = sorted[0];
        let (r1, _) = sorted[sorted.len() - 1];
        return format!(
            "=SUM({}:{})",
            row_col_to_cell(r0, c0),
            row_col_to_cell(r1, c0)
        );
    }
    format!("=SUM({})", parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_written_as_ranges_where_the_cells_touch() {
        assert_eq!(sum_formula(&[(2, 1), (2, 2), (2, 3)]), "=SUM(B3:D3)");
        assert_eq!(sum_formula(&[(4, 1), (5, 1), (6, 1)]), "=SUM(B5:B7)");
        assert_eq!(sum_formula(&[(4, 1), (6, 1)]), "=SUM(B5,B7)");
        assert_eq!(sum_formula(&[(2, 1), (2, 2), (2, 5)]), "=SUM(B3:C3,F3)");
    }
}
