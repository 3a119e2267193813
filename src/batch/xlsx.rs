//! The overview as a spreadsheet: a sheet of reports (one row a report) and a sheet of findings
//! (one row a finding: 机关, 文件, 规则, 级别, 表, 行, 列, 消息), each with filters and its head
//! row frozen, for a 科长 who sorts and filters in Excel or WPS.

use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

use super::Batch;
use crate::export::without_controls as clean;
use crate::export::xlsx::SheetError;

/// Name of the sheet of reports.
pub const REPORTS_SHEET: &str = "报告";
/// Name of the sheet of findings.
pub const FINDINGS_SHEET: &str = "问题";

/// Headers of [`REPORTS_SHEET`].
pub const REPORT_HEADERS: [&str; 12] = [
    "机关",
    "年度",
    "格式",
    "文件",
    "结论",
    "错误",
    "提醒",
    "未能导入的格",
    "未通过的规则",
    "对照的上年度报告",
    "说明",
    "扫描件",
];
/// Headers of [`FINDINGS_SHEET`].
pub const FINDING_HEADERS: [&str; 9] = [
    "机关", "文件", "规则", "级别", "表", "行", "列", "原文", "消息",
];

/// The workbook's bytes.
pub fn to_xlsx(batch: &Batch) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap();
    reports_sheet(&mut book, batch, &head)?;
    findings_sheet(&mut book, batch, &head, &wrap)?;
    Ok(book.save_to_buffer()?)
}

fn reports_sheet(book: &mut Workbook, batch: &Batch, head: &Format) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(REPORTS_SHEET)?;
    for (c, h) in REPORT_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, head)?;
    }
    let mut row: u32 = 1;
    for r in &batch.rows {
        let rules: Vec<&str> = r.rules.iter().map(|x| x.id()).collect();
        sheet.write_string(row, 0, clean(&r.agency))?;
        if r.year != 0 {
            sheet.write_number(row, 1, f64::from(r.year))?;
        }
        sheet.write_string(row, 2, r.format.map_or("", |f| f.document()))?;
        sheet.write_string(row, 3, clean(&r.file))?;
        sheet.write_string(row, 4, r.verdict.chinese())?;
        sheet.write_number(row, 5, r.errors as f64)?;
        sheet.write_number(row, 6, r.warnings as f64)?;
        sheet.write_number(row, 7, r.unplaced as f64)?;
        sheet.write_string(row, 8, rules.join(" "))?;
        sheet.write_string(row, 9, clean(r.last_year.as_deref().unwrap_or("")))?;
        sheet.write_string(row, 10, clean(&r.notes.join("；")))?;
        sheet.write_string(
            row,
            11,
            r.scan.as_ref().map_or(String::new(), |s| s.describe()),
        )?;
        row += 1;
    }
    for (c, w) in [26, 6, 22, 36, 18, 6, 6, 12, 24, 30, 40, 36]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 11)?;
    Ok(())
}

fn findings_sheet(
    book: &mut Workbook,
    batch: &Batch,
    head: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(FINDINGS_SHEET)?;
    for (c, h) in FINDING_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, head)?;
    }
    let mut row: u32 = 1;
    for r in &batch.rows {
        for f in &r.findings {
            let cells = [
                r.agency.as_str(),
                r.file.as_str(),
                f.rule.id(),
                f.level.chinese(),
                f.table.as_str(),
                f.row.as_str(),
                f.column.as_str(),
                f.text.as_str(),
            ];
            for (c, text) in cells.iter().enumerate() {
                sheet.write_string(row, c as u16, clean(text))?;
            }
            sheet.write_string_with_format(row, 8, clean(&f.message), wrap)?;
            row += 1;
        }
    }
    for (c, w) in [26, 30, 6, 6, 4, 24, 14, 10, 80].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 8)?;
    Ok(())
}
