//! `nianbao export`: the PDF for signature, the machine-readable JSON copy, and the web page,
//! Word file and spreadsheet for publishing.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::export::json::load_any;

/// 导出：签发用 PDF（--pdf）、机读 JSON 副本（--json）、网页（--html）、Word 文件（--docx）和电子表格（--xlsx）。
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// 草稿文件（.ron 或 .json）。
    pub draft: PathBuf,
    /// 写出 PDF 到此文件。
    #[arg(long, value_name = "OUT.pdf")]
    pub pdf: Option<PathBuf>,
    /// 写出机读 JSON 副本到此文件。
    #[arg(long, value_name = "OUT.json")]
    pub json: Option<PathBuf>,
    /// 写出网页（HTML，单个文件，可直接发布到门户网站）到此文件。
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
    /// 写出 Word 文件（.docx，可在 Word/WPS 中编辑或交给网站发布）到此文件。
    #[arg(long, value_name = "OUT.docx")]
    pub docx: Option<PathBuf>,
    /// 写出电子表格（.xlsx，每张统计表一个工作表，总计为公式）到此文件。
    #[arg(long, value_name = "OUT.xlsx")]
    pub xlsx: Option<PathBuf>,
    /// PDF 为审核稿：附录列出批注、已核实的提醒和修订记录（定稿 PDF 不印这些）。
    #[arg(long)]
    pub review_copy: bool,
}

impl ExportArgs {
    /// Writes what was asked for: JSON, the web page, then the PDF.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        if self.pdf.is_none()
            && self.json.is_none()
            && self.html.is_none()
            && self.docx.is_none()
            && self.xlsx.is_none()
        {
            return Err(CliError::Usage(
                "请指定导出格式：--pdf OUT.pdf、--json OUT.json、--html OUT.html、--docx OUT.docx 或 --xlsx OUT.xlsx".into(),
            ));
        }
        let report = load_any(&self.draft)?;
        if let Some(target) = &self.json {
            let text = crate::export::json::to_json(&report)?;
            crate::store::write_atomic(target, text.as_bytes(), false)?;
            writeln!(out, "已导出机读副本 {}", target.display())?;
        }
        if let Some(target) = &self.html {
            let page = crate::export::html::to_html(&report);
            crate::store::write_atomic(target, page.as_bytes(), false)?;
            writeln!(out, "已导出网页 {}", target.display())?;
        }
        if let Some(target) = &self.docx {
            let bytes =
                crate::export::docx::to_docx(&report).map_err(|e| CliError::File(e.to_string()))?;
            crate::store::write_atomic(target, &bytes, false)?;
            writeln!(out, "已导出 Word 文件 {}", target.display())?;
        }
        if let Some(target) = &self.xlsx {
            let bytes =
                crate::export::xlsx::to_xlsx(&report).map_err(|e| CliError::File(e.to_string()))?;
            crate::store::write_atomic(target, &bytes, false)?;
            writeln!(out, "已导出电子表格 {}", target.display())?;
        }
        if let Some(target) = &self.pdf {
            let bytes = crate::export::pdf::PdfFonts::load()
                .and_then(|fonts| {
                    crate::export::pdf::export_pdf_with(&report, &fonts, self.review_copy)
                })
                .map_err(|e| CliError::File(format!("无法导出 PDF：{e}")))?;
            crate::store::write_atomic(target, &bytes, false)
                .map_err(|e| CliError::File(format!("无法导出 PDF：{e}")))?;
            writeln!(out, "已导出 PDF {}", target.display())?;
        }
        Ok(Exit::Ok)
    }
}
