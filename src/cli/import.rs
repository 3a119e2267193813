//! `nianbao import`: a published report (PDF, Word, web page, text) into a draft.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit, refuse_overwrite};
use crate::core::wording::agency_or_blank;
use crate::store::save_locked;

/// 导入已发布的报告（PDF、Word 文档 .docx、保存的网页 .html，或复制出的文本 .txt），生成草稿。
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// PDF（.pdf）、Word 文档（.docx）、网页（.html/.htm）或报告文本（.txt）。
    pub report: PathBuf,
    /// 不对扫描件（没有文字层的 PDF）做文字识别（OCR），像旧版一样拒绝它。
    #[arg(long)]
    pub no_ocr: bool,
    /// 输出草稿（.ron）；已存在时不覆盖，除非加 --force。
    #[arg(short, long, value_name = "DRAFT.ron")]
    pub output: PathBuf,
    /// 覆盖已存在的文件（原文件保留为 .bak）。
    #[arg(long)]
    pub force: bool,
}

impl ImportArgs {
    /// Imports and saves the draft; says how many cells were placed and what was not.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        crate::import::set_ocr(!self.no_ocr);
        refuse_overwrite(&self.output, self.force)?;
        let report = crate::import::import_file(&self.report)
            .map_err(|e| CliError::File(format!("无法导入：{e}")))?;
        save_locked(&report, &self.output, "nianbao import")?;
        let (filled, all) = crate::import::placed_cells(&report);
        let mostly_unplaced = crate::import::mostly_unplaced(&report);
        if mostly_unplaced {
            writeln!(
                out,
                "注意：只填入了 {filled}/{all} 格（不到一半），表格大多未能读出，请对照原文填写"
            )?;
        }
        let agency = agency_or_blank(&report);
        writeln!(
            out,
            "已导入 {} → {}：{agency} {}年度（{}），填入 {filled}/{all} 格，导入提醒 {} 条",
            self.report.display(),
            self.output.display(),
            report.meta.year,
            report.meta.format,
            report.import_notes.len()
        )?;
        for n in &report.import_notes {
            writeln!(out, "  [{}] {}", n.rule, n.message)?;
        }
        Ok(if mostly_unplaced {
            Exit::MostlyUnplaced
        } else {
            Exit::Ok
        })
    }
}
